"""The built-in functions' registry: one record per function holds its type
rule, meaning, SQL and documentation, and everything that lists functions
reads it (the README's table is generated from it, and checked here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.language import functions as fn
from checker.language.functions import (
    FUNCTIONS,
    README_END,
    README_START,
    markdown_table,
)

ROOT = Path(__file__).resolve().parents[1]


def test_readme_function_table_is_generated_from_the_registry():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_START in text and README_END in text
    table = text.split(README_START, 1)[1].split(README_END, 1)[0].strip("\n") + "\n"
    assert table == markdown_table(), (
        "README's function table is not the registry's: rewrite it with "
        "`python -m checker.language.functions --markdown`")


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_record_is_whole(name):
    f = FUNCTIONS[name]
    assert f.name == name
    assert f.usage.startswith(name + "(") and f.usage.endswith(")")
    assert f.doc and "\n" not in f.doc, "the doc is one line (a row of the README's table)"
    assert callable(f.check) and callable(f.impl)
    assert f.sql is not None, f"`{name}` has no SQL: rules calling it run on the reference evaluator"
    assert f.forms


def test_a_function_registers_once():
    with pytest.raises(ValueError, match="registered twice"):
        fn.register("age", "age(a, b)", "again", FUNCTIONS["age"].check, FUNCTIONS["age"].impl)


def test_a_function_without_forms_is_refused():
    with pytest.raises(ValueError, match="needs its forms"):
        fn.register("no_forms_here", "no_forms_here(x)", "nothing", lambda args: (None, None, None), lambda ctx, x: x)
    assert "no_forms_here" not in FUNCTIONS
