"""Helpers for tests that compare run results across engines."""

from __future__ import annotations

import json

from checker.report.jsonout import dumps


def but_engine(text: str, engine: str) -> str:
    """The JSON result's bytes without its `engine` block (which says where
    it ran, so differs by engine), once that block is checked to name it."""
    doc = json.loads(text)
    assert doc.pop("engine")["name"] == engine
    return dumps(doc)
