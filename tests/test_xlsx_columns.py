"""A sheet-per-table workbook read column by column (checker/data/readers/
xlsx_columns.py) gives exactly what the row-at-a-time reading gives
(``CASECHECK_XLSX_ROWS=rows``): records, accounts, rejections and warnings,
on a generated council and on hostile sheets (blank and whitespace rows, a
header under notes, Excel error texts, values in a column with no header,
dates as text and as day numbers, values no type fits)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from checker.data.load import load_data
from checker.data.readers import writer
from checker.data.readers.xlsx import BY_ROWS_ENV
from checker.schema import builtin_schema_path, load_schema
from checker.tools.generate import generate

SCHEMA = load_schema(builtin_schema_path("csc"))


def _everything(res) -> dict:
    return {
        "tables": {t: [(r.key, r.line, r.values, sorted(r.absent)) for r in rows]
                   for t, rows in sorted(res.dataset.tables.items())},
        "accounts": {t: (a.file, a.read, a.loaded, dict(a.excluded), dict(a.rejected), a.ignored_columns, a.unread)
                     for t, a in sorted(res.accounts.items())},
        "rejections": res.rejections,
        "diagnostics": [(d.severity, d.code, d.message, str(d.location)) for d in res.diagnostics.items],
        "integrity": res.integrity,
    }


def _agree(path: Path, monkeypatch) -> dict:
    got = {}
    for way in ("columns", "rows"):
        monkeypatch.setenv(BY_ROWS_ENV, way)
        got[way] = _everything(load_data(path, SCHEMA, fmt="xlsx", as_at=dt.date(2025, 3, 31)))
    assert got["columns"] == got["rows"]
    return got["columns"]


def _book(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_a_generated_council_reads_the_same_both_ways(tmp_path, monkeypatch):
    council = generate(150, seed=3, profile="inadequate")
    path = tmp_path / "council.xlsx"
    writer("xlsx")(council.tables, SCHEMA, path, council.as_at)
    out = _agree(path, monkeypatch)
    assert sum(len(rows) for rows in out["tables"].values()) > 500


def test_hostile_sheets_read_the_same_both_ways(tmp_path, monkeypatch):
    path = _book(tmp_path / "hostile.xlsx", {
        "children": [
            ["Children, exported 31/03/2025"],
            [],
            ["child_id", "sex", "Date of Birth", "ethnicity", None, "disabled"],
            ["C1", "M", "03/02/2015", "WBRI", None, "false", "stray"],
            [None, None, None, None],
            ["  ", "", None],
            ["C2", "#N/A", 42038, "#REF!", "x", True],
            ["C3", "Q", "31/02/2015", "WBRI", None, "maybe"],
            ["C1", "F", dt.datetime(2015, 2, 3), "WBRI"],
            ["C4", "#DIV/0!", dt.date(2016, 1, 1), None, None, None, None, "far"],
        ],
        "contacts": [["contact_id", "child_id", "date"], ["K1", "C1", "01/02/2025"], ["K2", "C9", "not a date"]],
    })
    out = _agree(path, monkeypatch)
    codes = {d[1] for d in out["diagnostics"]}
    assert {"excel-error", "unknown-column"} <= codes and out["rejections"]


_CELLS = st.one_of(st.none(), st.just(""), st.just("  "), st.sampled_from(["C1", "C2", "M", "F", "#N/A", "#VALUE!",
                                                                            "01/02/2025", "true", "x"]),
                   st.integers(0, 50000), st.floats(0, 60000, allow_nan=False), st.booleans(),
                   st.dates(dt.date(2000, 1, 1), dt.date(2026, 1, 1)))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELLS, max_size=7), max_size=10))
def test_random_sheets_read_the_same_both_ways(tmp_path_factory, monkeypatch, rows):
    path = _book(tmp_path_factory.mktemp("x") / "book.xlsx",
                 {"children": [["child_id", "sex", "date_of_birth", None, "disabled"], *rows]})
    _agree(path, monkeypatch)
