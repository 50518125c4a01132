"""The native CSV folder loaded straight into DuckDB (checker/data/readers/csv_duckdb.py)
against the Python loader, as a differential test.

For every input, ``load_csv_folder`` either declines (None) or gives exactly
what ``load_data(folder, schema, "csv", as_at)`` gives: the same accounts,
rejections, diagnostics, missing tables and integrity issues; a dataset
(built only when first used) equal row for row, key for key, value and type
for value and type; and DuckDB tables whose ``_row`` and field columns equal
what ``SqlEngine._load`` makes from the Python dataset. Where a case is meant
to take the fast path, the test says so and fails if it declines.

Inputs: the example council, generated councils, and copies mutated in the
ways real extracts go wrong (bad values of every kind, blanks, duplicate
keys, wrong numbers of cells, unknown and missing columns, missing tables,
quoting, UK dates, code labels, boolean spellings, whitespace, BOM, CRLF,
empty files, dates after as_at or out of order, orphans), plus random small
files (hypothesis) on a schema with every field kind.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from every_schema import EVERY_SCHEMA_YAML
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.backends.duckdb import TYPES
from checker.cli import cli
from checker.data.load import load_data
from checker.data.readers import csv_duckdb
from checker.data.readers.csv_duckdb import dataset_from_duckdb, load_csv_folder
from checker.engine.sql import SqlEngine
from checker.model import Context
from checker.packs.pack import load_pack
from checker.schema import builtin_schema_path, load_schema

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = ROOT / "examples" / "council"
CSC = load_schema(builtin_schema_path("csc"))
AS_AT = dt.date(2025, 3, 31)
CALENDAR = load_pack("ilacs").calendar


# --- the comparison --------------------------------------------------------------------


def _accounts(result) -> dict:
    return {name: (a.to_dict(), a.table, a.fields, a.partial) for name, a in result.accounts.items()}


def _typed(values: dict) -> list:
    return [(k, v, type(v)) for k, v in values.items()]


def check(folder: Path, schema=CSC, as_at=AS_AT, fast: bool | None = True):
    """Compare the fast path with the Python loader on ``folder``. ``fast``: True, it must take
    the fast path; False, it must decline; None, either. Returns the Python result."""
    want = load_data(folder, schema, "csv", as_at)
    con = duckdb.connect()
    try:
        got = load_csv_folder(con, schema, folder, as_at)
        if fast is True:
            assert got is not None, f"declined: {csv_duckdb.last_decline}"
        elif fast is False:
            assert got is None, "took the fast path where it should decline"
        if got is None:
            # it leaves nothing behind
            assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0] == 0
            return want
        assert got.format == want.format == "csv"
        assert _accounts(got) == _accounts(want)
        assert [r.to_dict() for r in got.rejections] == [r.to_dict() for r in want.rejections]
        assert got.rejections == want.rejections
        assert [i.to_dict() for i in got.integrity] == [i.to_dict() for i in want.integrity]
        assert got.diagnostics.items == want.diagnostics.items
        assert got.missing_tables == want.missing_tables
        assert got.counts() == want.counts()
        for acc in got.accounts.values():
            assert acc.balanced()
        # the rows are made only when asked for
        assert not got.dataset.built
        ds = dataset_from_duckdb(con, schema)
        for name in schema.tables:
            a, b = want.dataset.tables[name], ds.tables[name]
            assert [(r.table, r.key, r.line) for r in b] == [(r.table, r.key, r.line) for r in a], name
            assert [_typed(r.values) for r in b] == [_typed(r.values) for r in a], name
        assert set(ds.tables) == set(want.dataset.tables)
        # ... and the lazy dataset is the same, through every way the evaluator reads it
        lazy = got.dataset
        for name, rows in want.dataset.tables.items():
            if rows:
                table = schema.tables[name]
                key = table.key[0]
                v = rows[-1].values[key]
                assert lazy.lookup(name, key, v).key == want.dataset.lookup(name, key, v).key
        assert lazy.tables is not None and got.dataset.built
        assert {n: [(r.key, r.line, _typed(r.values)) for r in rows] for n, rows in lazy.tables.items()} == \
               {n: [(r.key, r.line, _typed(r.values)) for r in rows] for n, rows in want.dataset.tables.items()}
        # the DuckDB tables: what SqlEngine._load makes of the Python rows, plus _line
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
                lines = [line for (line,) in con.execute(f'SELECT _line FROM "{name}" ORDER BY _row').fetchall()]
                assert lines == [r.line for r in want.dataset.tables[name]]
        finally:
            engine.close()
        # no working tables left behind
        assert {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()} == set(schema.tables)
        return want
    finally:
        con.close()


# --- inputs ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Councils made by `casecheck generate` (one per seed), read only: tests copy them."""
    out = {}
    for seed, profile in ((1, None), (2, "inadequate")):
        path = tmp_path_factory.mktemp("gen") / f"council-{seed}"
        args = ["generate", "--children", "300", "--seed", str(seed), "--out", str(path)]
        if profile:
            args += ["--profile", profile]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        out[seed] = path
    return out


def copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def read(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write(path: Path, rows: list[list[str]], line_end: str = "\n") -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator=line_end).writerows(rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    rows = read(path)
    rows[row][rows[0].index(column)] = value
    write(path, rows)


# --- the example and generated councils -------------------------------------------------


def test_example_council():
    check(COUNCIL)


def test_example_council_without_as_at():
    check(COUNCIL, as_at=None)


def test_generated_councils(generated):
    for path in generated.values():
        want = check(path)
        assert want.counts()["evaluated"] > 1000


def test_a_late_as_at_and_an_early_one(generated):
    check(generated[2], as_at=dt.date(2030, 1, 1))
    want = check(generated[2], as_at=dt.date(2023, 1, 1))  # many dates after as_at
    assert sum(i.check == "after as_at" for i in want.integrity) > 100


# --- mutations that must take the fast path ------------------------------------------------


def test_bad_values_of_every_kind(generated, tmp_path):
    d = copy(generated[1], tmp_path / "c")
    set_cell(d / "children.csv", 1, "date_of_birth", "not a date")
    set_cell(d / "children.csv", 2, "date_of_birth", "31/02/2020")  # not a real date
    set_cell(d / "children.csv", 3, "sex", "Male")  # a code's label, not the code
    set_cell(d / "children.csv", 4, "ethnicity", "wbri")  # near a code
    set_cell(d / "children.csv", 5, "disabled", "maybe")
    set_cell(d / "children.csv", 6, "uasc", "x" * 250)  # shown cut at 200 characters
    set_cell(d / "cp_plans.csv", 1, "previous_plans", "1.5")
    set_cell(d / "cp_plans.csv", 2, "previous_plans", "two")
    set_cell(d / "cp_plans.csv", 3, "previous_plans", "99999999999999999999999")  # a whole number, too big for BIGINT
    set_cell(d / "contacts.csv", 1, "date", "2024-13-01")
    set_cell(d / "contacts.csv", 2, "source", "Police")
    # the first bad cell in header order is the one reported
    set_cell(d / "contacts.csv", 3, "decision_date", "soon")
    set_cell(d / "contacts.csv", 3, "outcome", "??")
    want = check(d, fast=None)
    assert want.counts()["rejected"] >= 10
    # the number too big for BIGINT makes it decline; without it, the fast path
    set_cell(d / "cp_plans.csv", 3, "previous_plans", "7")
    want = check(d)
    assert {r.reason for r in want.rejections} == {"bad value"}
    assert any("did you mean" in r.message or "label" in r.message or "`Male`" in r.message for r in want.rejections)


def test_blank_required_values_and_duplicate_keys(generated, tmp_path):
    d = copy(generated[1], tmp_path / "c")
    rows = read(d / "referrals.csv")
    h = rows[0]
    rows[1][h.index("child_id")] = "   "
    rows[2][h.index("date")] = ""
    rows[3][h.index("referral_id")] = rows[4][h.index("referral_id")]  # a duplicate before its first
    rows.append(list(rows[5]))  # a duplicate at the end
    bad_first = list(rows[6])
    bad_first[h.index("date")] = "nope"
    rows.insert(6, bad_first)  # a bad row with a key: the good one after it is loaded
    write(d / "referrals.csv", rows)
    want = check(d)
    reasons = [r.reason for r in want.rejections if r.table == "referrals"]
    assert reasons.count("duplicate key") == 2 and "missing required value" in reasons and "bad value" in reasons


def test_wrong_numbers_of_cells_and_unknown_and_missing_columns(generated, tmp_path):
    d = copy(generated[1], tmp_path / "c")
    rows = read(d / "visits.csv")
    rows[1] = rows[1][:3]
    rows[2] = rows[2] + ["extra"]
    rows[3] = rows[3] + ["", ""]
    rows[4] = ["only"]
    write(d / "visits.csv", rows)
    rows = read(d / "children.csv")  # names and addresses: ignored, never carried
    rows = [r[:1] + (["name", "address"] if i == 0 else [f"Name {i}", f"{i} High St, Town"]) + r[1:] for i, r in enumerate(rows)]
    write(d / "children.csv", rows)
    rows = read(d / "contacts.csv")  # an optional column missing
    drop = rows[0].index("outcome")
    write(d / "contacts.csv", [r[:drop] + r[drop + 1:] for r in rows])
    rows = read(d / "cp_plans.csv")  # a required column missing: the table is not read
    drop = rows[0].index("start_date")
    write(d / "cp_plans.csv", [r[:drop] + r[drop + 1:] for r in rows])
    (d / "peps.csv").unlink()  # a missing table
    (d / "notes.csv").write_text("a,b\n1,2\n")  # not a table of the schema
    want = check(d)
    assert "peps" in want.missing_tables and "cp_plans" in want.missing_tables
    assert sorted(want.accounts["children"].ignored_columns) == ["address", "name"]
    assert want.accounts["visits"].rejected["wrong number of cells"] == 4


def test_quoting_uk_dates_labels_booleans_whitespace(generated, tmp_path):
    d = copy(generated[1], tmp_path / "c")
    rows = read(d / "assessments.csv")
    h = rows[0]
    rows[1][h.index("team")] = 'North,"East"\nand West'
    rows[14][h.index("team")] = 'A "quoted" word, and "more"'
    rows[2][h.index("team")] = "  padded team\t"
    rows[3][h.index("start_date")] = "04/06/2024"
    rows[4][h.index("start_date")] = " 2024-06-04 "
    rows[5][h.index("start_date")] = "2024-06-04 00:00:00"
    rows[6][h.index("child_seen")] = "Yes"
    rows[7][h.index("child_seen")] = " n "
    rows[8][h.index("child_seen_alone")] = "1"
    rows[9][h.index("requires_support")] = "T"
    rows[10][h.index("type")] = " single "
    rows[11][h.index("worker_id")] = "\u00a0W000001\u2003"  # Unicode spaces, stripped as str.strip does
    rows[12][h.index("team")] = "Équipe café"
    rows[13][h.index("assessment_id")] = rows[13][h.index("assessment_id")] + " "
    write(d / "assessments.csv", rows)
    # every cell quoted, as some case systems export
    rows = read(d / "supervisions.csv")
    with open(d / "supervisions.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    want = check(d)
    loaded = {r.key: r for r in want.dataset.tables["assessments"]}
    assert any(r.values["team"] == 'North,"East"\nand West' for r in loaded.values())


def test_bom_crlf_header_only_and_empty_files(generated, tmp_path):
    d = copy(generated[1], tmp_path / "c")
    (d / "children.csv").write_bytes(b"\xef\xbb\xbf" + (d / "children.csv").read_bytes())
    write(d / "contacts.csv", read(d / "contacts.csv"), line_end="\r\n")
    rows = read(d / "peps.csv")
    write(d / "peps.csv", rows[:1])  # only a header
    (d / "pathway_plans.csv").write_text(",".join(read(d / "pathway_plans.csv")[0]))  # a header, no line end
    (d / "supervisions.csv").write_bytes(b"")  # empty
    (d / "case_audits.csv").write_text("  \n\n")  # only whitespace
    rows = read(d / "visits.csv")  # Excel's padding: rows of empty cells, and blank lines at the end
    write(d / "visits.csv", rows + [[""] * len(rows[0])] * 3)
    with open(d / "visits.csv", "a", encoding="utf-8") as fh:
        fh.write("\n\n")
    want = check(d)
    assert {"supervisions", "case_audits"} <= set(want.missing_tables)
    assert any(x.code == "empty-file" for x in want.diagnostics.items)


def test_integrity_orphans_dates_out_of_order_and_after_as_at(generated, tmp_path):
    d = copy(generated[1], tmp_path / "c")
    set_cell(d / "referrals.csv", 1, "child_id", "C999999")
    set_cell(d / "assessments.csv", 1, "worker_id", "W999999")
    set_cell(d / "contacts.csv", 1, "decision_date", "2000-01-01")
    set_cell(d / "care_periods.csv", 1, "end_date", "1990-01-01")  # before both dates it must follow
    set_cell(d / "visits.csv", 1, "date", "2031-01-01")
    set_cell(d / "children.csv", 1, "expected_date_of_birth", "2031-01-01")  # may be in the future
    want = check(d)
    checks = {i.check for i in want.integrity}
    assert checks == {"orphan", "date order", "after as_at"}


def test_keys_out_of_order_are_sorted(generated, tmp_path):
    d = copy(generated[1], tmp_path / "c")
    rng = random.Random(7)
    for name in ("children", "visits", "care_leavers"):
        rows = read(d / f"{name}.csv")
        body = rows[1:]
        rng.shuffle(body)
        body.append(list(body[3]))  # and a duplicate
        write(d / f"{name}.csv", rows[:1] + body)
    check(d)


def test_partial_tables_from_a_manifest(generated, tmp_path):
    d = copy(generated[1], tmp_path / "c")
    (d / "casecheck-source.json").write_text('{"partial": {"cp_plans": "only the latest review"}}')
    want = check(d)
    assert want.accounts["cp_plans"].partial == "only the latest review"


def test_many_rejected_rows(generated, tmp_path):
    """More rows skipped than the written-out numbering takes, and a whole bad column."""
    d = copy(generated[2], tmp_path / "c")
    rows = read(d / "visits.csv")
    h = rows[0]
    for i, r in enumerate(rows[1:], start=1):
        if i % 3 == 0:
            r[h.index("seen")] = "sometimes"
        if i % 7 == 0:
            r[h.index("date")] = ""
    write(d / "visits.csv", rows)
    rows = read(d / "contacts.csv")  # more rows skipped than are numbered by a written-out search
    padded = [rows[0]]
    for r in rows[1:]:
        padded += [r] + [[""] * len(r)] * (4200 // (len(rows) - 1) + 1)
    assert len(padded) - len(rows) > 4096
    write(d / "contacts.csv", padded)
    want = check(d)
    assert want.accounts["visits"].rejected["bad value"] > 100


# --- what must decline --------------------------------------------------------------------


def _council(tmp_path, generated) -> Path:
    return copy(generated[1], tmp_path / "c")


@pytest.mark.parametrize("how", ["semicolons", "cp1252", "jsonl", "blank line", "lone cr", "space quote",
                                 "open quote", "quote in cell", "decimal"])
def test_declines_what_it_cannot_match(how, generated, tmp_path):
    d = _council(tmp_path, generated)
    path = d / "social_workers.csv"
    text = path.read_text(encoding="utf-8")
    if how == "semicolons":
        path.write_text(text.replace(",", ";"), encoding="utf-8")
    elif how == "cp1252":
        path.write_bytes(text.replace("Assessment", "Assessm\u00e9nt").encode("cp1252"))
    elif how == "jsonl":
        (d / "visits.jsonl").write_text("{}\n")
    elif how == "blank line":
        lines = text.split("\n")
        path.write_text("\n".join(lines[:5] + [""] + lines[5:]), encoding="utf-8")
    elif how == "lone cr":
        path.write_text(text.replace("\n", "\r", 3), encoding="utf-8")
    elif how == "space quote":
        lines = text.split("\n")
        cells = lines[2].split(",")
        cells[4] = ' "Team A"'  # Python's csv keeps the space and the quotes; DuckDB drops them
        lines[2] = ",".join(cells)
        path.write_text("\n".join(lines), encoding="utf-8")
    elif how == "open quote":
        path.write_text(text + 'W999999,"social_worker\n', encoding="utf-8")
    elif how == "quote in cell":
        lines = text.split("\n")
        cells = lines[3].split(",")
        cells[4] = '"Team" A'  # Python's csv reads `Team A`; DuckDB refuses it
        lines[3] = ",".join(cells)
        path.write_text("\n".join(lines), encoding="utf-8")
    elif how == "decimal":
        schema_dir = tmp_path / "s"
        schema_dir.mkdir()
        (schema_dir / "s.yaml").write_text(
            "name: s\ntables:\n  t:\n    key: [id]\n    fields:\n      id: {type: string, required: true}\n      amount: decimal\n"
        )
        (d / "t.csv").write_text("id,amount\na,1.50\n")
        check(d, schema=load_schema(schema_dir / "s.yaml"), fast=False)
        return
    check(d, fast=False)


# --- random small files on a schema with every kind -------------------------------------------


CELLS = [
    "", " ", "  \t", "a", " a ", "P1", "P2", "P3", "p1", "2024-01-31", "2024-02-30", "31/01/2024", "1/2/2024",
    "2024-01-31 10:00", "2024-01-31T10:00:00", "2024-01-31 10:00:00+01:00", "20240131", "2024-W01-1",
    "2031-05-05", "1999-12-31", "R", "G", "1", "Red", "r", " R", "true", "FALSE", "Yes", "n", "0", "T", "maybe",
    "12", "-3", "+4", "1.0", "1e3", "99999999999999999999", "٣", "x,y", 'say "hi"', "line\nbreak", "é", "\u00a0",
    "\u2028", "None", "P1|2", "NaN", "0.5",
]
COLUMNS = {"parents": ["pid", "start", "end", "born", "colour", "n", "flag", "note", "at"],
           "kids": ["pid", "seq", "when", "ok"], "dated": ["day", "label"]}


@st.composite
def small_folder(draw):
    files = {}
    for table, columns in COLUMNS.items():
        if draw(st.integers(0, 5)) == 0:
            continue  # no file
        header = list(columns)
        if draw(st.booleans()):
            header = draw(st.permutations(header))
        if draw(st.integers(0, 4)) == 0:
            header = header + ["name"]
        if draw(st.integers(0, 4)) == 0 and len(header) > 2:
            header = header[:-1]
        rows = []
        for _ in range(draw(st.integers(0, 6))):
            row = [draw(st.sampled_from(CELLS)) for _ in header]
            shape = draw(st.integers(0, 12))
            if shape == 0:
                row = row[:-1]
            elif shape == 1:
                row = row + ["extra"]
            elif shape == 2:
                row = [""] * len(header)
            elif shape == 3 and rows:
                row = list(rows[-1])  # a duplicate
            rows.append(row)
        buf = io.StringIO()
        csv.writer(buf, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows([header] + rows)
        text = buf.getvalue()
        if draw(st.integers(0, 6)) == 0:
            text = "\ufeff" + text
        if draw(st.integers(0, 8)) == 0:
            text += "\n"
        files[table] = text
    return files


_taken = {"fast": 0, "declined": 0}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=small_folder(), late=st.booleans())
def test_random_small_folders(files, late, tmp_path_factory):
    schema = _every_schema(tmp_path_factory)
    d = tmp_path_factory.mktemp("f")
    for table, text in files.items():
        (d / f"{table}.csv").write_bytes(text.encode("utf-8"))
    check(d, schema=schema, as_at=dt.date(2030, 1, 1) if late else dt.date(2024, 6, 1), fast=None)
    _taken["fast" if csv_duckdb.last_decline is None else "declined"] += 1


def test_random_small_folders_mostly_take_the_fast_path():
    """(Runs after the property above.) Declining everything would pass it: it must not."""
    if sum(_taken.values()) == 0:
        pytest.skip("the random test did not run")
    assert _taken["fast"] >= sum(_taken.values()) // 2, _taken


_every: dict = {}


def _every_schema(tmp_path_factory):
    if "schema" not in _every:
        path = tmp_path_factory.mktemp("schema") / "every.yaml"
        path.write_text(EVERY_SCHEMA_YAML)
        _every["schema"] = load_schema(path)
    return _every["schema"]


def test_an_optional_key_blank_in_every_row(tmp_path_factory):
    """The Python loader once raised KeyError when a table's only key field
    is optional and blank in every row of a chunk; now both paths give the
    same records and rejections (the key is the text `None`, so the second
    such row is a duplicate)."""
    schema = _every_schema(tmp_path_factory)
    d = tmp_path_factory.mktemp("optional-key")
    (d / "dated.csv").write_text("day,label\n,a\n,b\n", encoding="utf-8")
    got = check(d, schema=schema, as_at=dt.date(2024, 6, 1), fast=None)
    assert [r.reason for r in got.rejections] == ["duplicate key"]


def test_the_written_out_white_space_is_what_str_strip_strips():
    import sys

    from checker.data.readers import csv_duckdb_table  # the table loader holds it (csv_duckdb's split)

    assert csv_duckdb_table._WS == "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
