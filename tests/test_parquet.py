"""Parquet input: a folder of <table>.parquet files (checker/data/readers/parquet.py), and
the DuckDB engine's fast path for it (checker/data/readers/csv_duckdb.py,
``load_parquet_folder``), as a differential test against the Python reader and loader.

For every input, ``load_parquet_folder`` either declines (None) or gives exactly what
``load_data(folder, schema, "parquet", as_at)`` gives: the same accounts, rejections,
diagnostics, missing tables and integrity issues, a dataset equal row for row (values and
types), and DuckDB tables equal to what ``SqlEngine._load`` makes of the Python rows.
Through the command line: a generated council converted to Parquet gives the same JSON
byte for byte on both engines, and the same findings as its CSV folder; a damaged file
is an error naming it, on both paths.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from every_schema import EVERY_SCHEMA_YAML
from results import but_engine

from checker.backends.duckdb import TYPES
from checker.cli import cli
from checker.data.load import load_data
from checker.data.readers import csv_duckdb, detect
from checker.data.readers.csv_duckdb import dataset_from_duckdb, load_parquet_folder
from checker.engine.sql import SqlEngine
from checker.errors import Diagnostics
from checker.model import Context
from checker.packs.pack import load_pack
from checker.schema import builtin_schema_path, load_schema

ROOT = Path(__file__).resolve().parent.parent
CSC = load_schema(builtin_schema_path("csc"))
AS_AT = dt.date(2025, 3, 31)
CALENDAR = load_pack("ilacs").calendar


# --- the comparison --------------------------------------------------------------------


def _accounts(result) -> dict:
    return {name: (a.to_dict(), a.table, a.fields, a.partial) for name, a in result.accounts.items()}


def _typed(values: dict) -> list:
    return [(k, v, type(v)) for k, v in values.items()]


def check(folder: Path, schema=CSC, as_at=AS_AT, fast: bool | None = True):
    """The fast path against the Python reader + loader on ``folder``. ``fast``: True, it must
    take the fast path; False, it must decline; None, either. Returns the Python result."""
    want = load_data(folder, schema, "parquet", as_at)
    con = duckdb.connect()
    try:
        got = load_parquet_folder(con, schema, folder, as_at)
        if fast is True:
            assert got is not None, f"declined: {csv_duckdb.last_decline}"
        elif fast is False:
            assert got is None, "took the fast path where it should decline"
        if got is None:
            assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0] == 0  # nothing left behind
            return want
        assert got.format == want.format == "parquet"
        assert _accounts(got) == _accounts(want)
        assert [r.to_dict() for r in got.rejections] == [r.to_dict() for r in want.rejections]
        assert got.rejections == want.rejections
        assert [i.to_dict() for i in got.integrity] == [i.to_dict() for i in want.integrity]
        assert got.diagnostics.items == want.diagnostics.items
        assert got.missing_tables == want.missing_tables
        assert got.counts() == want.counts()
        assert not got.dataset.built
        ds = dataset_from_duckdb(con, schema)
        assert set(ds.tables) == set(want.dataset.tables)
        for name in schema.tables:
            a, b = want.dataset.tables[name], ds.tables[name]
            assert [(r.table, r.key, r.line) for r in b] == [(r.table, r.key, r.line) for r in a], name
            assert [_typed(r.values) for r in b] == [_typed(r.values) for r in a], name
        engine = SqlEngine(schema, Context(want.dataset, CALENDAR, as_at or AS_AT, {}))
        try:
            for name, table in schema.tables.items():
                fields = list(table.fields)
                cols = ", ".join(f'"{f}"' for f in ["_row", *fields])
                mine = con.execute(f'SELECT {cols} FROM "{name}" ORDER BY _row').fetchall()
                theirs = engine.backend.con.execute(f'SELECT {cols} FROM "{name}" ORDER BY _row').fetchall()
                assert mine == theirs, name
                types = con.execute(f"SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '{name}'").fetchall()
                assert types == [("_row", "INTEGER")] + [(f, TYPES[table.fields[f].type.kind]) for f in fields] + [("_line", "INTEGER")]
        finally:
            engine.close()
        assert {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()} == set(schema.tables)
        return want
    finally:
        con.close()


# --- Parquet files, read and written as (column, type) and rows -------------------------------


def read_pq(path: Path) -> tuple[list[list[str]], list[list]]:
    con = duckdb.connect()
    try:
        cols = [[r[0], r[1]] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()]
        rows = [list(r) for r in con.execute(f"SELECT * FROM read_parquet('{path}')").fetchall()]
    finally:
        con.close()
    return cols, rows


def write_pq(path: Path, cols: list[list[str]], rows: list[list]) -> None:
    con = duckdb.connect()
    try:
        data = [[r[i] for r in rows] for i in range(len(cols))]
        select = ", ".join(f'unnest(${i + 1}::{t}[]) AS "{c}"' for i, (c, t) in enumerate(cols))
        con.execute(f"CREATE TABLE t AS SELECT {select}", data)
        con.execute(f"COPY t TO '{path}' (FORMAT PARQUET)")
    finally:
        con.close()


def edit(path: Path, fn) -> None:
    """Rewrite a file: fn(columns, rows) changes them in place."""
    cols, rows = read_pq(path)
    fn(cols, rows)
    write_pq(path, cols, rows)


def set_cell(path: Path, row: int, column: str, value, type_: str | None = None) -> None:
    """Row ``row`` (0-based) of ``column`` becomes ``value``; with ``type_`` the column is retyped
    (its other cells converted by DuckDB's cast, or to text)."""
    def fn(cols, rows):
        i = [c for c, _ in cols].index(column)
        if type_ is not None and cols[i][1] != type_:
            cols[i][1] = type_
            for r in rows:
                if r[i] is not None:
                    r[i] = r[i].isoformat() if type_ == "VARCHAR" and hasattr(r[i], "isoformat") else (
                        str(r[i]).lower() if type_ == "VARCHAR" and isinstance(r[i], bool) else
                        str(r[i]) if type_ == "VARCHAR" else r[i])
        rows[row][i] = value
    edit(path, fn)


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    """A generated council (CSV) and the same converted to Parquet; read only: tests copy them."""
    base = tmp_path_factory.mktemp("gen")
    csv_dir, pq_dir = base / "csv", base / "parquet"
    r = CliRunner().invoke(cli, ["generate", "--children", "200", "--seed", "3", "--profile", "inadequate", "--out", str(csv_dir)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["convert", str(csv_dir), "--out", str(pq_dir), "--to", "parquet"])
    assert r.exit_code == 0, r.output
    return csv_dir, pq_dir


def copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


# --- the format, the writer -------------------------------------------------------------------


def test_detected_and_typed(council):
    _, pq = council
    assert detect(pq, Diagnostics()) == "parquet"  # rejects.csv beside the tables does not make it CSV
    cols, _ = read_pq(pq / "children.parquet")
    assert dict(map(tuple, cols)) == {"child_id": "VARCHAR", "date_of_birth": "DATE", "expected_date_of_birth": "DATE",
                                      "sex": "VARCHAR", "ethnicity": "VARCHAR", "disabled": "BOOLEAN", "uasc": "BOOLEAN"}
    cols, _ = read_pq(pq / "cp_plans.parquet")
    assert dict(map(tuple, cols))["previous_plans"] == "BIGINT"


def test_generate_writes_parquet(tmp_path, council):
    out = tmp_path / "g"
    r = CliRunner().invoke(cli, ["generate", "--children", "200", "--seed", "3", "--profile", "inadequate", "--out", str(out),
                                 "--format", "parquet"])
    assert r.exit_code == 0, r.output
    assert (out / "truth.json").is_file()
    for p in sorted(council[1].glob("*.parquet")):  # the same records as the converted CSV folder
        assert read_pq(out / p.name) == read_pq(p), p.name


def test_convert_through_python_rows_writes_the_same(tmp_path, council):
    """From JSON lines (read by Python), the same Parquet tables as from the CSV folder (read by DuckDB)."""
    csv_dir, pq = council
    jl = tmp_path / "jl"
    assert CliRunner().invoke(cli, ["convert", str(csv_dir), "--out", str(jl), "--to", "jsonl"]).exit_code == 0
    out = tmp_path / "pq"
    r = CliRunner().invoke(cli, ["convert", str(jl), "--out", str(out), "--to", "parquet"])
    assert r.exit_code == 0, r.output
    for p in sorted(pq.glob("*.parquet")):
        assert read_pq(out / p.name) == read_pq(p), p.name


# --- the command line: both engines, and the CSV folder --------------------------------------------


def _run(data: Path, engine: str, *extra) -> str:
    r = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(data), "--as-at", "2025-03-31", "--format", "json",
                                 "--engine", engine, "--fail-on", "none", *extra])
    assert r.exit_code == 0, (r.stderr, r.exception)
    return r.stdout


def test_both_engines_byte_identical_and_findings_as_the_csv_folder(council):
    csv_dir, pq = council
    fast, ref = _run(pq, "duckdb"), _run(pq, "reference")
    assert but_engine(fast, "duckdb") == but_engine(ref, "reference")
    doc, csv_doc = json.loads(fast), json.loads(_run(csv_dir, "duckdb"))

    def findings(d):  # counts per rule, the finding, and every case with its outcome and reason
        return {r["id"]: (r["counts"], r["category"], r["narrative"], r["cases"]) for r in d["rules"]}

    assert findings(doc) == findings(csv_doc)
    assert doc["accounting"] == json.loads(json.dumps(csv_doc["accounting"]).replace(".csv", ".parquet").replace(
        str(csv_dir), str(pq)))
    assert doc["data"]["format"] == "parquet" and csv_doc["data"]["format"] == "csv"


def test_input_format_parquet_is_accepted(council):
    _, pq = council
    r = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(pq), "--as-at", "2025-03-31", "--input-format", "parquet",
                                 "--fail-on", "none", "--rules", "CONTACT-DECISION-1WD"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(council[0]), "--as-at", "2025-03-31",
                                 "--input-format", "parquet", "--fail-on", "none", "--rules", "CONTACT-DECISION-1WD"])
    assert r.exit_code == 2 and "Traceback" not in r.output  # a CSV folder is not Parquet


# --- the differential test: mutations that must take the fast path --------------------------------


def test_the_converted_council(council):
    want = check(council[1])
    assert want.counts()["evaluated"] > 1000
    want = check(council[1], as_at=dt.date(2023, 1, 1))
    assert sum(i.check == "after as_at" for i in want.integrity) > 100


def test_bad_values_in_text_columns_and_wrongly_typed_columns(council, tmp_path):
    d = copy(council[1], tmp_path / "c")
    set_cell(d / "children.parquet", 1, "sex", "Male")  # a code's label
    set_cell(d / "children.parquet", 2, "ethnicity", "wbri")
    set_cell(d / "children.parquet", 3, "sex", " F ")  # stripped, as a CSV cell is
    # a date column stored as text: UK dates, an impossible date, nonsense
    set_cell(d / "children.parquet", 4, "date_of_birth", "31/02/2024", "VARCHAR")
    set_cell(d / "children.parquet", 5, "date_of_birth", "04/06/2019")
    set_cell(d / "children.parquet", 6, "date_of_birth", "soon")
    # a date column stored as whole numbers: text like "20240131", not a date
    edit(d / "contacts.parquet", lambda cols, rows: _retype(cols, rows, "date", "BIGINT", lambda v: int(v.strftime("%Y%m%d"))))
    # a boolean column as text and as integers; an integer column as doubles and text
    set_cell(d / "visits.parquet", 1, "seen", "Yes", "VARCHAR")
    set_cell(d / "visits.parquet", 2, "seen", "maybe")
    set_cell(d / "visits.parquet", 3, "seen", " n ")
    edit(d / "assessments.parquet", lambda cols, rows: _retype(cols, rows, "child_seen", "BIGINT", lambda v: int(v)))
    edit(d / "cp_plans.parquet", lambda cols, rows: _retype(cols, rows, "previous_plans", "DOUBLE", float))
    set_cell(d / "cp_plans.parquet", 1, "previous_plans", 1.5)
    # a timestamp in a date column (midnight, as case systems export dates)
    edit(d / "referrals.parquet", lambda cols, rows: _retype(
        cols, rows, "date", "TIMESTAMP", lambda v: dt.datetime.combine(v, dt.time(0))))
    want = check(d)
    reasons = Counter((r.table, r.reason) for r in want.rejections)
    assert reasons[("children", "bad value")] == 4  # Male, wbri, 31/02/2024, soon
    assert reasons[("contacts", "bad value")] == want.accounts["contacts"].read  # no integer is a date
    assert reasons[("cp_plans", "bad value")] > 10  # 1.0 is not a whole number: the cell is its text
    assert reasons[("visits", "bad value")] == 1
    assert want.accounts["referrals"].rejected == Counter()  # midnight times are dates
    assert want.accounts["assessments"].rejected == Counter()  # 1/0 are booleans


def _retype(cols, rows, column, type_, fn):
    i = [c for c, _ in cols].index(column)
    cols[i][1] = type_
    for r in rows:
        if r[i] is not None:
            r[i] = fn(r[i])


def test_nulls_in_required_fields_duplicate_keys_and_order(council, tmp_path):
    d = copy(council[1], tmp_path / "c")

    def referrals(cols, rows):
        names = [c for c, _ in cols]
        rows[1][names.index("child_id")] = None
        rows[2][names.index("date")] = None  # a typed required field
        rows[3][names.index("child_id")] = "   "  # blank text
        rows[4][names.index("referral_id")] = rows[5][names.index("referral_id")]  # a duplicate before its first
        rows.append(list(rows[6]))  # a duplicate at the end
        bad = list(rows[7])
        bad[names.index("date")] = None
        rows.insert(7, bad)  # a rejected row with a key: the good one after it is loaded
    edit(d / "referrals.parquet", referrals)

    def shuffled(cols, rows):
        random.Random(5).shuffle(rows)
        rows.append(list(rows[2]))
    for name in ("children", "visits", "care_leavers"):
        edit(d / f"{name}.parquet", shuffled)
    want = check(d)
    reasons = [r.reason for r in want.rejections if r.table == "referrals"]
    assert reasons.count("duplicate key") == 2 and reasons.count("missing required value") == 4
    assert all(r.row >= 2 for r in want.rejections)


def test_unknown_and_missing_columns_and_tables(council, tmp_path):
    d = copy(council[1], tmp_path / "c")

    def names(cols, rows):  # names and addresses, and a list column: ignored, never read
        cols[1:1] = [["name", "VARCHAR"], ["address", "VARCHAR"], ["tags", "VARCHAR[]"]]
        for i, r in enumerate(rows):
            r[1:1] = [f"Name {i}", f"{i} High St", ["a", "b"]]
    edit(d / "children.parquet", names)

    def drop(column):
        def fn(cols, rows):
            i = [c for c, _ in cols].index(column)
            del cols[i]
            for r in rows:
                del r[i]
        return fn
    edit(d / "contacts.parquet", drop("outcome"))  # optional: all missing
    edit(d / "cp_plans.parquet", drop("start_date"))  # required: the table is not read
    (d / "peps.parquet").unlink()  # a missing table
    write_pq(d / "notes.parquet", [["a", "BIGINT"]], [[1]])  # not a table of the schema
    edit(d / "supervisions.parquet", lambda cols, rows: rows.clear())  # no records
    want = check(d)
    assert "peps" in want.missing_tables and "cp_plans" in want.missing_tables
    assert want.accounts["children"].ignored_columns == ["name", "address", "tags"]
    assert "outcome" not in want.accounts["contacts"].fields
    assert want.accounts["supervisions"].read == 0
    codes = {x.code for x in want.diagnostics.items}
    assert {"unknown-column", "missing-column", "unknown-table"} <= codes
    assert want.diagnostics.errors  # the missing required column


def test_integrity_and_partial_tables(council, tmp_path):
    d = copy(council[1], tmp_path / "c")
    set_cell(d / "referrals.parquet", 1, "child_id", "C999999")
    set_cell(d / "contacts.parquet", 1, "decision_date", dt.date(2000, 1, 1))
    set_cell(d / "visits.parquet", 1, "date", dt.date(2031, 1, 1))
    (d / "casecheck-source.json").write_text('{"partial": {"cp_plans": "only the latest review"}}')
    want = check(d)
    assert {i.check for i in want.integrity} == {"orphan", "date order", "after as_at"}
    assert want.accounts["cp_plans"].partial == "only the latest review"


# --- what must decline, and what the Python reader makes of it -----------------------------------


def test_declines_nested_and_zoned_columns(council, tmp_path):
    d = copy(council[1], tmp_path / "c")
    edit(d / "social_workers.parquet", lambda cols, rows: _retype(cols, rows, "team", "VARCHAR[]", lambda v: [v]))
    want = check(d, fast=False)
    rej = [r for r in want.rejections if r.table == "social_workers"]
    assert rej and all(r.reason == "bad value" and "holds a VARCHAR[] value" in r.message for r in rej)
    d = copy(council[1], tmp_path / "z")
    edit(d / "contacts.parquet", lambda cols, rows: _retype(
        cols, rows, "date", "TIMESTAMPTZ", lambda v: dt.datetime.combine(v, dt.time(0), tzinfo=dt.timezone.utc)))
    check(d, fast=False)


def test_declines_a_decimal_field(tmp_path):
    s = tmp_path / "s.yaml"
    s.write_text("name: s\ntables:\n  t:\n    key: [id]\n    fields:\n      id: {type: string, required: true}\n      amount: decimal\n")
    d = tmp_path / "d"
    d.mkdir()
    write_pq(d / "t.parquet", [["id", "VARCHAR"], ["amount", "DECIMAL(5,2)"]], [["a", 1.5], ["b", None]])
    want = check(d, schema=load_schema(s), fast=False)
    assert [str(r.values["amount"]) for r in want.dataset.tables["t"]] == ["1.50", "None"]


# --- hostile: damaged files ----------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncated", "empty", "junk", "corrupt middle"])
def test_a_damaged_file_is_an_error_naming_it(council, tmp_path, damage):
    d = copy(council[1], tmp_path / "c")
    path = d / "visits.parquet"
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "junk":
        path.write_bytes(b"PAR1 this is not really parquet at all")
    else:
        mid = len(data) // 2
        path.write_bytes(data[:mid - 200] + bytes(400) + data[mid + 200:])
    want = load_data(d, CSC, "parquet", AS_AT)
    con = duckdb.connect()
    try:
        fast = load_parquet_folder(con, CSC, d, AS_AT)
    finally:
        con.close()
    if fast is not None:  # a damage DuckDB does not notice reads the same on both paths
        assert damage == "corrupt middle" and not want.diagnostics.errors
        return
    errors = [x for x in want.diagnostics.items if x.is_error]
    assert errors and "visits.parquet" in errors[0].message and errors[0].code == "unreadable"
    r = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(d), "--as-at", "2025-03-31", "--rules", "CONTACT-DECISION-1WD"])
    assert r.exit_code == 2 and isinstance(r.exception, SystemExit), r.exception
    assert "visits.parquet" in r.stderr and "cannot be read as a Parquet file" in r.stderr
    for engine in ("reference",) if damage == "truncated" else ():  # the real command, the Python path (duckdb: above)
        r = subprocess.run([sys.executable, "-m", "checker.cli", "run", "ilacs", "--data", str(d), "--as-at", "2025-03-31",
                            "--engine", engine], check=False, capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert r.returncode == 2, (engine, r.stderr)
        assert "visits.parquet" in r.stderr and "cannot be read as a Parquet file" in r.stderr
        assert "Traceback" not in r.stderr + r.stdout


# --- random small folders: every field kind, cells as text, NULLs, and typed columns -------------

CELLS = [
    None, None, "", " ", "a", " a ", "P1", "P2", "p1", "2024-01-31", "2024-02-30", "31/01/2024", "2024-01-31 10:00",
    "2024-01-31T10:00:00", "2024-01-31 10:00:00+01:00", "2031-05-05", "1999-12-31", "R", "G", "1", "Red", " R", "true",
    "FALSE", "Yes", "n", "0", "maybe", "12", "-3", "+4", "1.0", "99999999999999999999", "\u00a0", "None", "P1|2", "é",
    "line\nbreak",
]
TYPED = {"start": ("DATE", [dt.date(2024, 1, 31), dt.date(2031, 1, 1), None]), "n": ("BIGINT", [1, -2, None]),
         "flag": ("BOOLEAN", [True, False, None]), "seq": ("DOUBLE", [1.0, 2.5, None]),
         "at": ("TIMESTAMP", [dt.datetime(2024, 1, 31, 10, 0), None]), "day": ("BIGINT", [20240131, None])}
COLUMNS = {"parents": ["pid", "start", "end", "born", "colour", "n", "flag", "note", "at"],
           "kids": ["pid", "seq", "when", "ok"], "dated": ["day", "label"]}


def test_random_small_folders(tmp_path):
    path = tmp_path / "every.yaml"
    path.write_text(EVERY_SCHEMA_YAML)
    schema = load_schema(path)
    rng = random.Random(11)
    taken = Counter()
    for k in range(10):
        d = tmp_path / f"f{k}"
        d.mkdir()
        for table, columns in COLUMNS.items():
            if rng.randrange(6) == 0:
                continue
            header = list(columns)
            rng.shuffle(header)
            if rng.randrange(4) == 0:
                header.append("name")
            if rng.randrange(5) == 0 and header[0] != "day":
                header.pop(0)
            cols, pools = [], []
            for c in header:
                if c in TYPED and rng.randrange(2):
                    cols.append([c, TYPED[c][0]])
                    pools.append(TYPED[c][1])
                else:
                    cols.append([c, "VARCHAR"])
                    pools.append(CELLS)
            rows = []
            for _ in range(rng.randrange(7)):
                rows.append(list(rows[-1]) if rows and rng.randrange(8) == 0 else [rng.choice(p) for p in pools])
            write_pq(d / f"{table}.parquet", cols, rows)
        if not any(d.iterdir()):
            continue
        check(d, schema=schema, as_at=dt.date(2030, 1, 1) if k % 2 else dt.date(2024, 6, 1), fast=None)
        taken["fast" if csv_duckdb.last_decline is None else csv_duckdb.last_decline] += 1
    assert taken["fast"] >= sum(taken.values()) // 2, taken


def test_a_table_in_two_forms_is_an_error_unless_the_format_is_named(tmp_path):
    """children.csv beside children.parquet: which is the data? Detection
    refuses to guess (exit 2, both files named); --input-format chooses."""
    pq = tmp_path / "pq"
    res = CliRunner().invoke(cli, ["generate", "--children", "40", "--seed", "2", "--format", "parquet", "--out", str(pq)])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, ["convert", str(pq), "--out", str(tmp_path / "csv")])
    assert res.exit_code == 0, res.output
    shutil.copy(tmp_path / "csv" / "children.csv", pq / "children.csv")
    diags = Diagnostics()
    assert detect(pq, diags) is None
    assert "`children.csv` and `children.parquet`" in str(diags.items[0].message)
    base = ["run", "ilacs", "--data", str(pq), "--as-at", "2025-03-31", "--fail-on", "none"]
    res = CliRunner().invoke(cli, base)
    assert res.exit_code == 2 and "same table in two forms" in res.output
    res = CliRunner().invoke(cli, base + ["--input-format", "parquet"])
    assert res.exit_code == 0, res.output
    assert "parquet)" in res.stdout


def test_typed_columns_are_read_as_stored_and_give_the_text_paths_result(council, tmp_path):
    """A DATE, BOOLEAN or whole-number column for a field of that kind is loaded as it is stored
    (no text between), with what the Python reader's text of each value would give: blanks in
    required fields, a key of whole numbers' text, dates at the edges of Python's range."""
    d = copy(council[1], tmp_path / "c")
    set_cell(d / "children.parquet", 1, "date_of_birth", dt.date(1, 1, 1))
    set_cell(d / "children.parquet", 2, "date_of_birth", dt.date(9999, 12, 31))
    set_cell(d / "children.parquet", 3, "date_of_birth", None)
    set_cell(d / "visits.parquet", 4, "seen", None)
    set_cell(d / "visits.parquet", 5, "date", None)  # a required date: the row is rejected
    edit(d / "cp_plans.parquet", lambda cols, rows: _retype(cols, rows, "previous_plans", "INTEGER", int))
    want = check(d)
    assert Counter((r.table, r.reason) for r in want.rejections)[("visits", "missing required value")] == 1


@pytest.mark.parametrize("sql", ["DATE '10000-01-01'", "DATE 'infinity'", "DATE '0000-12-31'"])
def test_a_stored_date_python_cannot_hold_declines(council, tmp_path, sql):
    """Outside Python's dates the Python reader's text (``10000-01-01``, ``infinity``) is not a
    date to it: the fast path leaves such a file to it (never a different answer)."""
    d = copy(council[1], tmp_path / "c")
    con = duckdb.connect()
    try:
        p = (d / "children.parquet").as_posix()
        con.execute(f"CREATE TABLE t AS SELECT * REPLACE (CASE WHEN child_id = (SELECT min(child_id) FROM '{p}') "
                    f"THEN {sql} ELSE date_of_birth END AS date_of_birth) FROM '{p}'")
        con.execute(f"COPY t TO '{p}' (FORMAT PARQUET)")
    finally:
        con.close()
    want = check(d, fast=None)
    assert Counter((r.table, r.reason) for r in want.rejections)[("children", "bad value")] == 1
