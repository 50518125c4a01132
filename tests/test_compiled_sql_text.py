"""The compiled SQL is generated without copying the tree for DuckDB
(``CompiledRule.sql``): that is safe only while DuckDB's generator leaves the
tree as it found it. Every rule of every built-in pack, generated twice and
beside a generation from a copy, gives the same text."""

from __future__ import annotations

import datetime as _dt

import pytest

from checker.api import open_pack
from checker.engine.compile import Compiler, Unsupported
from checker.packs.pack import builtin_packs


@pytest.mark.parametrize("name", sorted(builtin_packs()))
def test_duckdb_generation_leaves_the_tree_as_it_was(name):
    pack = open_pack(name)
    compiler = Compiler(pack.schema, pack.calendar, _dt.date(2025, 3, 31), pack.params)
    checked = 0
    for rule in pack.rules:
        try:
            compiled = compiler.compile_rule(rule)
        except Unsupported:
            continue
        copied = compiled.query.sql(dialect="duckdb")
        assert compiled.sql("duckdb") == copied
        lean = compiled.lean_sql(("_row", "outcome"), "duckdb")
        assert compiled.sql("duckdb") == copied, rule.id
        assert lean == compiled.lean_sql(("_row", "outcome"), "duckdb"), rule.id
        checked += 1
    assert checked
