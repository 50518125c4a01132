"""Fixtures of the hostile-input suite: a small generated council in every input format."""

from __future__ import annotations

import hostile_fuzz as H
import pytest


@pytest.fixture(scope="session")
def seed_data(tmp_path_factory):
    """format -> a small fictional council written by `casecheck generate` in that format."""
    return H.generate_seed_data(tmp_path_factory.mktemp("hostile-seed"))


@pytest.fixture(scope="session")
def schema():
    return H.packs()["example"].schema
