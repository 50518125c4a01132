"""Where casecheck's shipped data lives.

The grammar, the built-in rule packs and schemas, and the report templates sit
at the top of the repository (``grammar/``, ``rules/``, ``reports/``), the
layout users asked for. The wheel carries them inside the package under
``checker/_data/``. This module is the one place that knows both.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The directory of shipped data called ``name`` (grammar, rules, reports)."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"casecheck is missing its {name}/ directory (looked in {installed} and {checkout})")


def grammar_path() -> Path:
    return data_dir("grammar") / "casecheck.lark"


def jsonschema_path(name: str) -> Path:
    """A JSON Schema shipped in the package (pack, rules, tests, data schema)."""
    return _PACKAGE / "jsonschemas" / f"{name}.schema.json"
