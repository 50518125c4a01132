"""python-calamine reads a workbook's cells as openpyxl does (checker/data/readers/cells.py):
cell for cell on generated workbooks (the sheet-per-table form and Annex A) and on
hand-made odd and hostile ones, and the readers give the same records either way."""

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from checker.cli import cli
from checker.data.load import load_data
from checker.data.readers import cells
from checker.schema import builtin_schema_path, load_schema


def _trimmed(rows):
    """Rows with '' as None, without trailing empty cells and trailing empty rows (a sheet's
    styled but empty cells are rows and cells to openpyxl, not to calamine)."""
    out = []
    for row in rows:
        row = [None if v == "" else v for v in row]
        while row and row[-1] is None:
            row.pop()
        out.append(tuple(row))
    while out and not out[-1]:
        out.pop()
    return out


def both(path: Path) -> dict[str, tuple[list, list]]:
    """Each worksheet's rows by openpyxl (every row there is) and by calamine."""
    ref = cells.openpyxl_workbook(path)
    cal = cells.CalamineBook(path)
    try:
        assert cal.sheetnames == [ws.title for ws in ref.worksheets]
        assert cal.properties.keywords == ref.properties.keywords
        out = {}
        for ws in ref.worksheets:
            assert cal[ws.title].sheet_state == ws.sheet_state
            ws.reset_dimensions()
            out[ws.title] = (_trimmed(ws.iter_rows(values_only=True)), _trimmed(cal[ws.title].iter_rows(values_only=True)))
        return out
    finally:
        ref.close()
        cal.close()


def assert_agree(path: Path) -> None:
    for title, (want, got) in both(path).items():
        assert len(got) == len(want), title
        for i, (w, g) in enumerate(zip(want, got), start=1):
            assert g == w and [type(v) for v in g] == [type(v) for v in w], f"{path.name} [{title}] row {i}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    d = tmp_path_factory.mktemp("generated")
    for fmt, name in (("xlsx", "council.xlsx"), ("annex-a", "annex-a.xlsx")):
        for profile in ("good", "inadequate"):
            out = d / f"{profile}-{name}"
            r = CliRunner().invoke(cli, ["generate", "--children", "120", "--seed", "7", "--profile", profile,
                                         "--format", fmt, "--out", str(out), "-q"])
            assert r.exit_code == 0, r.output
    return d


@pytest.mark.parametrize("name", ["good-council.xlsx", "inadequate-council.xlsx", "good-annex-a.xlsx", "inadequate-annex-a.xlsx"])
def test_generated_workbooks_agree_cell_for_cell(generated, name):
    assert_agree(generated / name)


@pytest.mark.parametrize("name, fmt", [("good-council.xlsx", "xlsx"), ("inadequate-annex-a.xlsx", "annex-a")])
def test_the_readers_give_the_same_records_through_either(generated, name, fmt, monkeypatch):
    schema = load_schema(builtin_schema_path("csc"))
    got = load_data(generated / name, schema, fmt, dt.date(2025, 3, 31))
    monkeypatch.setenv("CASECHECK_XLSX_READER", "openpyxl")
    want = load_data(generated / name, schema, fmt, dt.date(2025, 3, 31))
    assert got.counts() == want.counts()
    for table in schema.tables:
        assert [(r.key, r.line, r.values) for r in got.dataset.tables[table]] == \
               [(r.key, r.line, r.values) for r in want.dataset.tables[table]], table
    assert [r.to_dict() for r in got.rejections] == [r.to_dict() for r in want.rejections]
    assert got.diagnostics.items == want.diagnostics.items


def test_odd_cells_agree(tmp_path):
    """Dates, date-times, times, durations, booleans, numbers stored as text, whole and
    fractional and huge numbers, blank cells and rows, merged cells, formulas with no cached
    value, Excel errors, a hidden sheet, keywords, rows and columns left empty at the top left."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Odd"
    ws["C4"] = 1
    ws["D4"] = 1.5
    ws["E4"] = "text"
    ws["F4"] = True
    ws["G4"] = False
    ws["H4"] = dt.date(2024, 1, 2)
    ws["I4"] = dt.datetime(2024, 1, 2, 3, 4, 5)
    ws["J4"] = dt.time(10, 30)
    ws["K4"] = dt.timedelta(hours=30)
    ws["L4"] = "=1+1"  # no cached value: missing
    ws["M4"] = "007"  # a number stored as text
    ws["N4"] = "  padded  "
    ws["O4"] = 10**20
    ws["P4"] = -3
    ws["Q4"] = 123456789012345
    ws["R4"] = 0.1 + 0.2
    ws["T4"] = "line\nbreak"
    ws["C7"] = "after two blank rows"
    ws.merge_cells("C8:E9")
    ws["C8"] = "merged"
    ws["D10"].number_format = "0.00%"  # styled, empty
    ws["C11"] = dt.datetime(1900, 3, 1)
    ws["D11"] = 45000
    ws["D11"].number_format = "yyyy-mm-dd"  # a day number shown as a date
    hidden = wb.create_sheet("Hidden")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "x"
    wb.create_sheet("Empty")
    wb.properties.keywords = "casecheck-notes: Hidden"
    path = tmp_path / "odd.xlsx"
    wb.save(path)
    assert_agree(path)


_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10**18, 10**18),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31)).map(lambda d: d.replace(microsecond=0)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_CELL, max_size=8), max_size=12))
def test_random_cells_agree(tmp_path_factory, rows):
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            if v is not None and not (isinstance(v, str) and v.startswith("=")):
                ws.cell(r, c, v)
    path = tmp_path_factory.mktemp("random") / "r.xlsx"
    wb.save(path)
    assert_agree(path)


def test_a_workbook_calamine_cannot_open_is_read_by_openpyxl(tmp_path, monkeypatch):
    """The readers' errors for a damaged workbook are openpyxl's, as always."""
    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(Exception):
        cells.CalamineBook(path)
    with pytest.raises(Exception):
        cells.open_workbook(path)  # openpyxl's error, not calamine's


def test_a_workbook_with_an_excel_error_cell_is_read_by_openpyxl(tmp_path):
    """calamine reads ``#N/A`` as an empty cell; the readers count and warn about errors."""
    wb = Workbook()
    wb.active["B2"] = "#N/A"
    path = tmp_path / "e.xlsx"
    wb.save(path)
    assert cells._has_error_cells(path)
    book = cells.open_workbook(path)
    try:
        assert not isinstance(book, cells.CalamineBook)
    finally:
        book.close()
