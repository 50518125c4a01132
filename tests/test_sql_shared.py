"""Per-child subqueries several rules repeat, computed once per run
(``engine/sql_shared.py``): the rewritten query gives the rows the subquery
gave, for keys the inner table has, keys it lacks and NULL (an aggregate over
nothing: a count of 0, not a missing value); what is not keyed by one subject
column alone is left as it is; and the 903 pack's document is the same with
the shared tables, without them, and where one cannot be made."""

from __future__ import annotations

import datetime as _dt
import json

import duckdb
import pytest
import sqlglot
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.api import run_pack
from checker.cli import cli
from checker.engine import sql_ahead
from checker.engine import sql_shared as sh

AS_AT = _dt.date(2026, 3, 31)

#: a rule's shape: a layer over the subject, subqueries keyed by its column x
QUERY = """
SELECT s._row AS _row, s.e1 AS e1, s.e2 AS e2, s.e3 AS e3 FROM (
  SELECT s.*,
    (SELECT COUNT(*) FROM t AS t1 WHERE "t1"."k" = ("s"."x")) AS e1,
    (SELECT MAX(t2.v) FROM t AS t2 WHERE ("t2"."k" = ("s"."x")) AND (t2.v > 2)) AS e2,
    CASE WHEN s.x IS NULL THEN NULL ELSE (SELECT CASE WHEN COUNT(CASE WHEN q4.c THEN 1 END) > 0 THEN TRUE
        WHEN COUNT(CASE WHEN q4.c IS NULL THEN 1 END) > 0 THEN NULL ELSE FALSE END
      FROM (SELECT t3.v > 4 AS c FROM t AS t3 WHERE "t3"."k" = ("s"."x")) AS q4) END AS e3
  FROM s AS s) AS s
"""

keys = st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"]))
values = st.one_of(st.none(), st.integers(0, 6))


@settings(max_examples=60, deadline=None)
@given(subject=st.lists(keys, max_size=8), inner=st.lists(st.tuples(keys, values), max_size=10))
def test_the_shared_tables_give_the_subqueries_rows(subject, inner):
    con = duckdb.connect()
    con.execute("CREATE TABLE s (_row INTEGER, x VARCHAR)")
    con.execute("CREATE TABLE t (k VARCHAR, v INTEGER)")
    if subject:
        con.executemany("INSERT INTO s VALUES (?, ?)", list(enumerate(subject, start=1)))
    if inner:
        con.executemany("INSERT INTO t VALUES (?, ?)", inner)
    want = con.execute(QUERY + " ORDER BY _row").fetchall()
    query = sqlglot.parse_one(QUERY, read="duckdb")
    found = sh.candidates(query)
    assert [(c.table, c.column, c.outer.name) for c in found] == [("t", "k", "x")] * 3
    made = {}
    for c in found:
        name = sh.shared_name()
        con.execute(sh.table_sql(name, c))
        made[c.key] = name
    assert sh.rewrite(query, made) == 3
    rewritten = query.sql(dialect="duckdb")
    assert "t1" not in rewritten and sh.candidates(query) == []
    assert con.execute(rewritten + " ORDER BY _row").fetchall() == want


@pytest.mark.parametrize("sub", [
    '(SELECT COUNT(*) FROM t AS t1 WHERE t1.k = s.x AND t1.v = s.y)',  # two subject columns
    '(SELECT COUNT(*) FROM t AS t1 WHERE t1.v = LENGTH(s.x))',  # the key not matched as it is
    '(SELECT COUNT(*) FROM t AS t1 WHERE t1.k = s.x OR t1.v = 1)',  # not a conjunct
    '(SELECT COUNT(*) FROM t AS t1 WHERE t1.k = s.x AND v = 1)',  # a column of no named table
    '(SELECT COUNT(*) FROM t AS t1 WHERE t1.k = u.x)',  # not the subject's
])
def test_what_one_subject_column_does_not_key_is_left_alone(sub):
    query = sqlglot.parse_one(f"SELECT s._row, {sub} AS e1 FROM (SELECT * FROM s) AS s", read="duckdb")
    assert sh.candidates(query) == []


@pytest.fixture(scope="module")
def ret(tmp_path_factory):
    out = tmp_path_factory.mktemp("shared") / "g"
    res = CliRunner().invoke(cli, ["generate", "--format", "ssda903", "--children", "150", "--seed", "11", "--as-at",
                                   "2026-03-31", "--out", str(out), "--with-previous", "-q"])
    assert res.exit_code == 0, res.output
    return out


def _doc(ret, monkeypatch, shared: bool, ahead: bool = True) -> str:
    monkeypatch.setenv(sql_ahead.SHARED_ENV, "1" if shared else "0")
    monkeypatch.setenv(sql_ahead.AHEAD_ENV, "1" if ahead else "0")
    run = run_pack("dfe-903", ret, AS_AT, engine="duckdb", previous=ret / "previous", skip_unavailable=True,
                   listed=("pass", "fail", "not_evidenced", "not_applicable"), record_history=False)
    doc = run.document
    doc.pop("run", None)  # when it ran
    return json.dumps(doc, sort_keys=True, default=str)


@pytest.mark.slow
def test_the_903_pack_gives_the_same_document_with_shared_tables(ret, monkeypatch):
    """Every case of every rule, worded: with the tables (two workers, and one
    at a time), without them, and where none could be made."""
    made: list[str] = []
    real = sql_ahead._made

    def counted(execute, name, statement):
        made.append(name)
        return real(execute, name, statement)

    monkeypatch.setattr(sql_ahead, "_made", counted)
    without = _doc(ret, monkeypatch, shared=False)
    assert made == []
    assert _doc(ret, monkeypatch, shared=True) == without
    assert len(made) >= 10  # the 903 pack's rules share a score of subqueries
    assert _doc(ret, monkeypatch, shared=True, ahead=False) == without
    monkeypatch.setattr(sql_ahead, "_made", lambda execute, name, statement: False)
    assert _doc(ret, monkeypatch, shared=True) == without
