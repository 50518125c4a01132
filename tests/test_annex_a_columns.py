"""The column-wise Annex A reader (checker/data/readers/annex_a_columns.py)
gives exactly what the row-at-a-time reader (annex_a_rows.py, the reference,
``CASECHECK_ANNEX_A_READER=rows``) gives: the same records (keys, lines,
values, what each lacks), accounts, rejections, exclusions and warnings, on a
generated council and on hostile workbooks (merged header cells, dates as
text, Excel serial numbers, blank and whitespace rows, ``Total:`` rows, odd
header spellings, repeated rows and copied sheets, conflicting child details,
values no code fits), each read through calamine and through openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from checker.data.load import load_data
from checker.data.readers.annex_a import BY_ROWS_ENV
from checker.data.readers.annex_a_write import write
from checker.schema import builtin_schema_path, load_schema
from checker.tools.generate import generate

SCHEMA = load_schema(builtin_schema_path("csc"))


def _book(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None,
          hidden: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, ()):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def _everything(res) -> dict:
    """All a load gives, as comparable values."""
    tables = {t: [(r.key, r.line, r.values, sorted(r.absent)) for r in rows]
              for t, rows in sorted(res.dataset.tables.items())}
    return {
        "tables": tables,
        "accounts": {t: (a.file, a.read, a.loaded, dict(a.excluded), dict(a.rejected), a.ignored_columns,
                         sorted(a.fields or ()), a.partial, a.unread) for t, a in sorted(res.accounts.items())},
        "rejections": res.rejections,
        "diagnostics": [(d.severity, d.code, d.message, d.location, d.suggestion) for d in res.diagnostics.items],
        "missing": res.missing_tables,
        "integrity": res.integrity,
        "absent_tables": getattr(res.dataset, "absent_tables", None),
    }


def _both_agree(path: Path, monkeypatch, as_at=None) -> dict:
    got = {}
    for xlsx in ("calamine", "openpyxl"):
        for way in ("columns", "rows"):
            monkeypatch.setenv(BY_ROWS_ENV, way)
            monkeypatch.setenv("CASECHECK_XLSX_READER", xlsx)
            got[(xlsx, way)] = _everything(load_data(path, SCHEMA, fmt="annex-a", as_at=as_at))
        assert got[(xlsx, "columns")] == got[(xlsx, "rows")], xlsx
    return got[("calamine", "columns")]


def test_a_generated_council_reads_the_same_both_ways(tmp_path, monkeypatch):
    council = generate(400, seed=5, profile="inadequate")
    path = tmp_path / "annex_a.xlsx"
    write(council.tables, SCHEMA, path, as_at=council.as_at)
    out = _both_agree(path, monkeypatch, council.as_at)
    assert sum(len(rows) for rows in out["tables"].values()) > 1000


_LIST1 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of Contact",
          "Contact Source"]


def test_a_hostile_workbook_reads_the_same_both_ways(tmp_path, monkeypatch):
    d = dt.datetime
    path = _book(tmp_path / "hostile.xlsx", {
        "List 1 - Contacts": [
            ["List 1: Contacts"],
            ["notes above the header"],
            _LIST1 + ["Worker's name"],
            ["dd/mm/yyyy", None, None, "dd/mm/yyyy", None, "dd/mm/yyyy", None],
            ["C1", "a) Male", "a) WBRI", "03/02/2015", 10, "01/02/2025", "q) 6: Police", "Ann"],
            ["C1", "a) Male", "a) WBRI", "03/02/2015", 10, "01/02/2025", "q) 6: Police", "Ann"],  # repeated
            ["C1", "b) Female", "zz) Martian", 42038, None, 45659, "Police"],  # conflicting, unmapped ethnicity
            [None] * 7,
            ["  ", "", None, None, 0, None, None],
            ["C2", "Female", "White British", d(2016, 5, 1), None, d(2025, 3, 1, 14, 30), "nonsense source"],
            ["C3", "a) Male", None, "31/02/2015", None, "2025-03-02 00:00:00", "Schools"],
            ["C4", None, None, None, None, "tomorrow", None],
            ["C5", "x) Alien", "zz) Martian", "not a date", None, 45700.5, "e) 2A: Schools"],
            ["C10", None, "zz) Martian", None, None, "01/02/2025", "Police"],  # its birth date comes later
            ["Total: 7"],
            ["Grand total", 7, "7"],
            ["total of something", "C9"],  # not a footer: a text after it
        ],
        "List 3 - Referrals": [
            ["Child Unique ID", "Date of referral", None, "Referral Source", "Referral NFA?", "Gender"],
            ["C1", "02/01/2025", None, "g) 3A: Health services", "b) No", "b) Female"],
            ["C2", "02/01/2025", None, "g) 3A: Health services", "maybe", None],
            [None, "03/01/2025", None, "Police", "Y", None],  # no child
            ["C6", None, None, "Police", "N", None],  # no date
        ],
        "Copy of List 3": [
            ["Child Unique ID", "Date of referral", None, "Referral Source", "Referral NFA?", "Gender"],
            ["C1", "02/01/2025", None, "g) 3A: Health services", "b) No", "b) Female"],
        ],
        "List 7 - CP": [
            ["ChildUniqueID", "Child details", None, "ChildProtectionPlanStartDate", "InitialCategoryOfAbuse",
             "DateOfLastStatutoryVisit", "ChildSeenAlone", "DateOfLatestReviewConf"],
            [None, "Gender", "Ethnicity", None, None, None, None, None],
            ["C1", "a) Male", "a) WBRI", "01/03/2025", "a) Neglect", "25/03/2025", "a) Yes", None],
            ["C7", "b) Female", None, "01/03/2025", "Neglect", None, "b) No", "20/03/2025"],
        ],
        "List 8 - CLA": [
            ["Child Unique ID", "Date Started to be Looked After", "Child's Legal Status", "Placement Type",
             "Permanence Plan", "Date of Last Social Work Visit", "Date of Last Health Assessment",
             "Allocated Worker"],
            ["C8", "01/01/2025", "C2: Full care order", "U1", None, "02/02/2025", None, "Bob"],
            ["C8", "01/01/2025", "C2", "U3", "Long-term fostering", None, "03/03/2025", None],
        ],
        "List 9 - Leavers": [
            ["Child Unique ID", "Eligibility Category", "LA in Touch", "Latest Pathway Plan Review Date"],
            ["C9", "Relevant", "Yes", "01/02/2025"],
            ["C9", "Former relevant", "No", None],
        ],
        "List 6 - CIN": [["Child Unique ID", "Date of Birth", "CIN Start Date"], ["C10", "not a date", "01/01/2025"]],
        "Old List 4": [["Child Unique ID", "Continuous Assessment Start Date"], ["C1", "01/01/2025"]],
        "List 4": [["Child Unique ID", "Continuous Assessment Start Date"], ["C1", "01/01/2025"]],
        "List 11 - Adopters": [["Adopter ID"], ["A1"], ["A2"]],
        "Notes": [["Anything at all"]],
    }, merges={"List 7 - CP": ["A1:A2", "B1:C1", "D1:D2"], "List 3 - Referrals": ["B1:C1"]},
        hidden=("Old List 4",))
    out = _both_agree(path, monkeypatch, dt.date(2025, 3, 31))
    codes = {d[1] for d in out["diagnostics"]}
    assert {"repeated-row", "conflicting-child", "hint-row", "copied-sheet", "hidden-sheet"} <= codes
    assert out["accounts"]["contacts"][3] == {"Annex A total row under the list (a count, not a record)": 2}
    # a child's fields in the order the lists gave them: the first bad one named is the first given
    named = {r.row: r.column for r in out["rejections"] if r.table == "children"}
    assert named[13] == "date_of_birth" and named[14] == "ethnicity"  # C5: all three in one row; C10: not


_CELLS = st.one_of(
    st.none(), st.just(""), st.just("   "), st.sampled_from(["C1", "C2", "C3", " C1 ", "c1"]), st.integers(0, 50000),
    st.floats(1, 60000, allow_nan=False), st.booleans(),
    st.sampled_from(["a) Male", "b) Female", "Male", "x) Alien", "a) WBRI", "Unknown", "a) Yes", "b) No", "Y", "N",
                     "q) 6: Police", "Schools", "01/02/2025", "31/02/2025", "2025-03-01", "03.03.2025", "Total: 3",
                     "Grand total", "total", "TOTALS", "12", "Long-term fostering", "U1", "C2: Full care order"]),
    st.dates(dt.date(1990, 1, 1), dt.date(2026, 1, 1)),
    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2026, 1, 1)),
)
_HEADERS = {
    "List 1": _LIST1,
    "List 3": ["Child Unique ID", "Gender", "Date of referral", "Referral Source", "Referral NFA?", "Allocated Team"],
    "List 7": ["Child Unique ID", "Date of Birth", "Child Protection Plan Start Date", "Date of the Last Statutory Visit",
               "Was the Child Seen Alone?", "Date of latest review conference", "Sex"],
    "List 8": ["Child Unique ID", "Ethnicity", "Date Started to be Looked After", "Placement Type", "Permanence Plan",
               "Date of Last Social Work Visit", "Allocated Worker"],
    "List 9": ["Child Unique ID", "Gender", "Eligibility Category", "Latest Pathway Plan Review Date"],
}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets=st.dictionaries(
    st.sampled_from(sorted(_HEADERS)),
    st.lists(st.lists(_CELLS, min_size=0, max_size=8), min_size=0, max_size=12),
    min_size=1, max_size=4,
), copy=st.booleans())
def test_random_hostile_workbooks_read_the_same_both_ways(tmp_path_factory, monkeypatch, sheets, copy):
    book = {name: [_HEADERS[name], *rows] for name, rows in sheets.items()}
    if copy:  # a second sheet of the first list, repeating some of its rows
        name, rows = next(iter(book.items()))
        book[f"{name} (2)"] = rows[: max(2, len(rows) // 2)]
    path = _book(tmp_path_factory.mktemp("hostile") / "book.xlsx", book)
    _both_agree(path, monkeypatch, dt.date(2025, 3, 31))


@pytest.mark.parametrize("rows", [[], [[None]], [["C1"]]])
def test_nearly_empty_sheets_read_the_same_both_ways(tmp_path, monkeypatch, rows):
    path = _book(tmp_path / "thin.xlsx", {"List 1": [_LIST1, *rows], "List 9": [["Child Unique ID"]]})
    _both_agree(path, monkeypatch)


def test_a_workbook_with_an_excel_error_cell_reads_as_openpyxl_gives_it(tmp_path, monkeypatch):
    """calamine reads ``#N/A`` as an empty cell: the workbook is looked through
    for error cells while calamine's cells are read, and one that holds some
    is read again by openpyxl, with only that reading's warnings and records."""
    rows = [_LIST1, ["C1", "a) Male", "a) WBRI", "01/02/2015", 9, "03/04/2024", "#N/A"],
            ["C2", "b) Female", "#N/A", "05/06/2016", 8, "07/08/2024", "Police"]]
    path = _book(tmp_path / "e.xlsx", {"List 1": rows})
    monkeypatch.delenv("CASECHECK_XLSX_READER", raising=False)
    got = _everything(load_data(path, SCHEMA, fmt="annex-a"))
    monkeypatch.setenv("CASECHECK_XLSX_READER", "openpyxl")
    assert got == _everything(load_data(path, SCHEMA, fmt="annex-a"))
    assert any("#N/A" in d[2] for d in got["diagnostics"]) or any(
        "#N/A" in str(r) for r in got["rejections"])
