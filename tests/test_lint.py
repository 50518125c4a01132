"""The habits issue 13 asked for, kept by the suite: ruff and mypy are clean on
``checker/`` as configured in ``pyproject.toml``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(module: str) -> None:
    try:
        __import__(module)
    except ImportError:
        pytest.fail(f"{module} is a test dependency (pip install '.[test]')")


def test_ruff_is_clean():
    _tool("ruff")
    res = subprocess.run([sys.executable, "-m", "ruff", "check", "checker", "tests", "bench"], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy_is_clean(tmp_path):
    _tool("mypy")
    res = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-5000:] + res.stderr
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)
