"""Every outcome as CSV and Parquet, streamed from the engine (issue 21,
``checker.report.outcome_rows``).

The streamed outputs are byte for byte (CSV) and row for row (Parquet) what
the whole document gives (``tabular.outcomes_csv`` / ``outcomes_parquet``
on a run that built every case in Python), with and without ``--redact``;
the rules the database words are written without making one outcome in
Python (bounded memory, tested without a clock); the SQL forms of the
spreadsheet guard and of "1 working day" agree with Python's on any text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.api import run_pack
from checker.cli import cli
from checker.engine import sql_prefetch
from checker.engine.outcomes import one_unit
from checker.engine.sql import SqlEngine
from checker.report import jsonout, outcome_rows
from checker.report.outcome_rows import csv_line, make_parquet, neutral_sql, one_unit_sql, write_csv
from checker.report.sink import neutral_cell, write_streamed
from checker.report.tabular import CSV_COLUMNS, outcomes_csv, outcomes_parquet

AS_AT = dt.date(2025, 3, 31)
KEY = b"a key of thirty-two bytes, 12345"


@pytest.fixture(scope="module")
def council(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rows") / "council"
    r = CliRunner().invoke(cli, ["generate", "--children", "80", "--seed", "5", "--profile", "inadequate", "--out", str(out),
                                 "-q"])
    assert r.exit_code == 0, r.output
    return out


def _streamed_csv(run) -> str:
    pieces: list[str] = []
    write_csv(run.result, run.document, lambda p: pieces.append(p.read_text(encoding="utf-8") if isinstance(p, Path) else p))
    return "".join(pieces)


@pytest.mark.parametrize("redact", [None, KEY], ids=["plain", "redacted"])
def test_streamed_csv_and_parquet_are_the_whole_documents(council, tmp_path, redact):
    whole = run_pack("ilacs", str(council), AS_AT, case_context=True, redact_key=redact)
    streamed = run_pack("ilacs", str(council), AS_AT, stream=True, redact_key=redact)
    try:
        text = _streamed_csv(streamed)
        assert text == outcomes_csv(whole.document)
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == CSV_COLUMNS
        assert len(rows) - 1 == sum(sum(r["counts"].values()) for r in whole.document["rules"])
        make_parquet(streamed.result, streamed.document, tmp_path / "new.parquet")
        # without pyarrow: DuckDB writes each rule's rows, then them all as one file
        outcome_rows._parquet_by_parts(streamed.result, streamed.document, tmp_path / "parts.parquet")
    finally:
        streamed.close()
    (tmp_path / "old.parquet").write_bytes(outcomes_parquet(whole.document))
    con = duckdb.connect()
    new = con.execute(f"SELECT * FROM '{tmp_path / 'new.parquet'}'").fetchall()
    old = con.execute(f"SELECT * FROM '{tmp_path / 'old.parquet'}'").fetchall()
    assert new == old
    assert con.execute(f"SELECT * FROM '{tmp_path / 'parts.parquet'}'").fetchall() == old
    assert [d[0] for d in con.execute(f"DESCRIBE SELECT * FROM '{tmp_path / 'new.parquet'}'").fetchall()] == CSV_COLUMNS
    if redact:
        ids = set(streamed.redactor.table)
        assert ids
        for row in new:
            for cell in row[5:9]:  # case, child, team, worker: pseudonyms or blank, never an ID
                assert cell is None or cell not in ids


def test_the_database_writes_rows_without_making_outcomes(council, monkeypatch):
    """Rules whose reasons the database words are written by it: making a
    Python outcome for them fails the test (memory stays bounded whatever the
    size of the council)."""
    run = run_pack("ilacs", str(council), AS_AT, stream=True)
    try:
        rules = outcome_rows._rules(run.result, run.document)
        by_sql = {r.fixed[0] for r in rules if r.sql(neutralise=True) is not None}
        assert len(by_sql) >= len(rules) // 2, "most ilacs rules are worded in SQL"
        keep = {"rules": [d for d in run.document["rules"] if d["id"] in by_sql]}

        def no_outcomes(*_args, **_kwargs):
            raise AssertionError("an outcome was made in Python")

        monkeypatch.setattr(SqlEngine, "_outcomes", no_outcomes)
        pieces: list = []
        write_csv(run.result, {**run.document, **keep}, pieces.append)
        assert len(pieces) == 1 + len(by_sql)  # the header, then one file of rows per rule
        assert all(isinstance(p, Path) for p in pieces[1:])
        assert not any(p.exists() for p in pieces[1:])  # each removed once copied in
    finally:
        run.close()


def _whole_tables(run) -> int:
    """How many rules' rows the engine's database holds whole (reasons and all): made by the
    writer, or by the workers that make the next rules' cases' files (engine/sql_prefetch.py)."""
    # (asked from a worker, on a connection of its own: the writer's temporary tables are not seen there)
    con = run.open_engine.backend.con
    cur = con if threading.current_thread() is threading.main_thread() else con.cursor()
    try:
        return cur.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '\\_outcomes\\_%\\_all' ESCAPE '\\' "
                           "OR table_name LIKE '\\_cases\\_whole\\_%' ESCAPE '\\'").fetchone()[0]
    finally:
        if cur is not con:
            cur.close()


def test_a_streamed_run_holds_one_rules_rows_whole_at_a_time(council, monkeypatch):
    """Streamed, each rule keeps only its records' outcomes when judged; a
    rule's rows are made whole (with their reasons) as its cases are written
    and dropped when the next rule's are made: memory bounded by one rule,
    not by the run."""
    run = run_pack("ilacs", str(council), AS_AT, stream=True)
    try:
        assert _whole_tables(run) == 0
        con = run.open_engine.backend.con
        widest = con.execute("SELECT max(column_count) FROM duckdb_tables() WHERE table_name LIKE '\\_outcomes\\_%' ESCAPE '\\'"
                             ).fetchone()[0]
        assert widest is not None and widest <= 3  # a record's position, outcome (and what its format lacks): no reason
        text = _streamed_csv(run)
        assert _whole_tables(run) == 0  # the CSV's rows read from each rule's query in one pass
        most = []
        orig = SqlEngine._drop_whole
        orig_file = sql_prefetch.cases_file

        def drop(engine):
            orig(engine)
            most.append(_whole_tables(run))

        def made(*a, **k):  # a worker's rule's rows whole, its files being written (+ the writer's one, if any)
            most.append(_whole_tables(run) + 1)
            return orig_file(*a, **k)

        monkeypatch.setattr(SqlEngine, "_drop_whole", drop)
        monkeypatch.setattr(sql_prefetch, "cases_file", made)
        pieces: list[str] = []
        jsonout.write(run.document, pieces.append)  # the JSON's cases read from the rows made whole, per outcome
        # each rule's dropped once its files are written, or once the writer is past it: at most the rules the
        # workers are on and those made ahead of the writer at once, however many rules the pack has
        assert len(most) > 10 and max(most) <= sql_prefetch.WORKERS + sql_prefetch.LOOKAHEAD + 1
        assert _whole_tables(run) <= 1
        assert _streamed_csv(run) == text
    finally:
        run.close()


def test_cli_csv_and_parquet_with_redact_leak_no_id(council, tmp_path):
    key = tmp_path / "key.txt"
    key.write_bytes(KEY)
    out_csv, out_pq = tmp_path / "all.csv", tmp_path / "all.parquet"
    for fmt, out in (("csv", out_csv), ("parquet", out_pq)):
        r = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(council), "--as-at", "2025-03-31", "--format", fmt,
                                     "--out", str(out), "--redact", str(key), "--fail-on", "none", "-q"])
        assert r.exit_code == 0, r.output
    child_ids = {row["child_id"] for row in csv.DictReader(open(council / "children.csv", encoding="utf-8"))}
    text = out_csv.read_text(encoding="utf-8")
    assert not any(f",{c}," in text for c in child_ids)
    cells = duckdb.connect().execute(f"SELECT case_id, child_id FROM '{out_pq}'").fetchall()
    assert cells and all(v is None or (v.startswith("ID-") and v not in child_ids) for row in cells for v in row)
    assert len(cells) == len(list(csv.reader(io.StringIO(text)))) - 1  # the CSV's rows


def test_cli_csv_to_standard_output_is_the_file(council, tmp_path):
    out = tmp_path / "all.csv"
    args = ["run", "ilacs", "--data", str(council), "--as-at", "2025-03-31", "--format", "csv", "--fail-on", "none", "-q",
            "--rules", "CONTACT-DECISION-1WD,REFERRAL-NFA-SEEN"]
    r = CliRunner().invoke(cli, args + ["--out", str(out)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0
    assert r.stdout == out.read_text(encoding="utf-8")
    assert r.stdout.startswith(",".join(CSV_COLUMNS) + "\n") and r.stdout.count("\n") > 10


def test_write_streamed_copies_files_in_and_leaves_nothing_on_failure(tmp_path):
    part = tmp_path / "part.csv"
    part.write_bytes(b"x" * 3_000_000 + b"\n")
    target = tmp_path / "out.csv"
    write_streamed(target, lambda w: (w("head\n"), w(part), w("tail\n")))
    assert target.read_bytes() == b"head\n" + part.read_bytes() + b"tail\n"

    def broken(w):
        w(part)
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        write_streamed(tmp_path / "other.csv", broken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "part.csv"]


# ------------------------------------------------------------------ SQL and Python agree on any text

_CON = duckdb.connect()
_TEXT = st.lists(st.sampled_from(
    list("=+-@ \t\r\n'a1.,") + ["\x00", "\x07", "\x1f", "\x7f", "\u200b", "\ufeff", "\uff1d", "\uff20", "\u0661", "é",
                                 "1 day", "1 days", "1 working days", "1 weeks", "1 months", "1 years", "s", "x1 days"]),
    max_size=12).map("".join)


def _sql(expr_of, value: str) -> str:
    return _CON.execute(f"SELECT {expr_of('v')} FROM (SELECT ? AS v)", [value]).fetchone()[0]


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_neutral_sql_is_neutral_cell(value):
    if "\x00" in value:
        value = value.replace("\x00", "")  # DuckDB text holds no NUL
    assert _sql(neutral_sql, value) == neutral_cell(value)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_one_unit_sql_is_one_unit(value):
    value = value.replace("\x00", "")
    assert _sql(one_unit_sql, value) == one_unit(value)


@given(st.lists(st.text(max_size=8), min_size=1, max_size=5))
def test_csv_line_reads_back(values):
    values = [v.replace("\x00", "") for v in values]
    line = csv_line(values)
    if values == [""]:
        assert line == "\n"
        return
    assert next(csv.reader(io.StringIO(line, newline=""))) == values


def test_cli_csv_kept_in_a_history_is_the_streamed_csv(council, tmp_path):
    """A run kept in a history holds its whole document (not streamed): its
    CSV still carries each case's child, team and worker, byte for byte the
    streamed one's."""
    args = ["run", "ilacs", "--data", str(council), "--as-at", "2025-03-31", "--format", "csv", "--fail-on", "none", "-q",
            "--rules", "CONTACT-DECISION-1WD,ALLOCATION-WAIT"]
    r = CliRunner().invoke(cli, args + ["--out", str(tmp_path / "streamed.csv")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, args + ["--out", str(tmp_path / "kept.csv"), "--history", str(tmp_path / "h.sqlite")])
    assert r.exit_code == 0, r.output
    text = (tmp_path / "kept.csv").read_text(encoding="utf-8")
    assert text == (tmp_path / "streamed.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(row["child_id"] for row in rows if row["rule_id"] == "CONTACT-DECISION-1WD")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(list('#a1 ,"\n\r;\t') + ["C1#2", "é"]), max_size=6).map("".join), min_size=1, max_size=4))
def test_duckdb_copy_lays_out_rows_as_csv_line(tmp_path_factory, values):
    # DuckDB 2 quotes a field holding its comment character (`#`, in every dfe-903 case ID)
    # unless told there is none: the streamed CSV would then differ from the document's
    from checker.report.outcome_rows import COPY_CSV

    part = tmp_path_factory.mktemp("copy") / "part.csv"
    cols = ", ".join(f"? AS c{i}" for i in range(len(values)))
    # a blank cell is NULL in the rows' SQL (DuckDB quotes an empty text, to tell it from NULL)
    _CON.execute(f"COPY (SELECT {cols}) TO '{part.as_posix()}' {COPY_CSV}", [v or None for v in values])
    assert part.read_bytes().decode("utf-8") == csv_line(values)
