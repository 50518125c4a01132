"""The records a few reasons read, asked of DuckDB (``data/readers/duckdb_focus.py``), answer
the reference evaluator's two questions (``lookup``, ``referring``) as the whole tables do: the
same records, in the same order, with the same keys, values and lines, for every link of the
census schema and every value its records hold (and values none holds); and the JSON of every
outcome, whose Python-worded reasons read them, is the one the whole tables give."""

from __future__ import annotations

import datetime as _dt

import duckdb
import pytest

from checker import api
from checker.data.readers import cin_census_duckdb
from checker.packs.pack import load_pack
from checker.report.jsonout import dumps, write
from checker.tools.generate import generate, write_census

AS_AT = _dt.date(2025, 3, 31)


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return (a.table, a.key, a.values, a.line) == (b.table, b.key, b.values, b.line)


@pytest.fixture(scope="module")
def census(tmp_path_factory):
    xml = tmp_path_factory.mktemp("focus") / "census.xml"
    write_census(generate(150, 3, "inadequate", AS_AT), xml, plant=True)
    return xml


def test_focus_answers_as_the_whole_tables(census):
    schema = load_pack("dfe-cin").schema
    con = duckdb.connect()
    try:
        loaded = cin_census_duckdb.load_census(con, schema, census, AS_AT)
        assert loaded is not None, cin_census_duckdb.last_decline
        whole = cin_census_duckdb.DuckDBDataset(con, schema)
        focus = loaded.dataset.focus()
        seen = 0
        for odd in (False, True):  # (values of another type: answered by the whole table)
            for table in schema.tables.values():
                for link in table.links.values():
                    values = {"no such value", 123456789, _dt.date(1900, 1, 1), True} if odd else \
                        {r.values.get(link.local_field) for r in whole.tables[link.source]} | {"no such value"}
                    for v in sorted(values - {None}, key=repr):
                        assert _same(focus.lookup(link.target, link.remote_field, v),
                                     whole.lookup(link.target, link.remote_field, v)), (link, v)
                        assert _same(focus.referring(link.target, link.remote_field, v),
                                     whole.referring(link.target, link.remote_field, v)), (link, v)
                        seen += 1
            if not odd:
                assert seen > 500
                assert not loaded.dataset.tables._built  # the focus read no table whole
    finally:
        con.close()


def test_python_worded_reasons_read_through_the_focus(census, monkeypatch):
    monkeypatch.setattr(api, "FAST_READ_MIN_BYTES", 0)
    run = api.run_pack("dfe-cin", census, AS_AT, engine="duckdb", stream=True)
    pieces: list[str] = []
    try:
        write(run.document, pieces.append)
        assert not run.open_engine.ctx.dataset.tables._built  # no table read whole to word a reason
    finally:
        run.close()
    with monkeypatch.context() as m:
        m.setattr(cin_census_duckdb.DuckDBDataset, "focus", lambda self: None)
        whole = api.run_pack("dfe-cin", census, AS_AT, engine="duckdb").document
    assert "".join(pieces) == dumps(whole)
