"""The xlsx adapter: the native form as one Excel workbook, a sheet per table.

Round trip on a generated council, equality with the CSV form, and the things
real workbooks do: notes above the header, merged cells, blank padding rows,
dates saved as day numbers, formulas, damaged files."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook

from checker.data.load import load_data
from checker.data.readers import detect
from checker.data.readers.native import write_csv_folder
from checker.data.readers.xlsx import Workbook, normalise, write
from checker.errors import Diagnostics
from checker.schema import builtin_schema_path, load_schema
from checker.tools.generate import generate

SCHEMA = load_schema(builtin_schema_path("csc"))


@pytest.fixture(scope="module")
def council():
    return generate(300, 2025, "adequate")


@pytest.fixture(scope="module")
def book(council, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("xlsx") / "council.xlsx"
    write(council.tables, SCHEMA, out)
    return out


@pytest.fixture(scope="module")
def loaded(book):
    return load_data(book, SCHEMA, "xlsx")


def _errors(result):
    return [d.render() for d in result.diagnostics.errors]


# --------------------------------------------------------------------------- round trip


def test_round_trip_every_field_of_every_record(council, loaded):
    assert _errors(loaded) == []
    assert loaded.rejections == []
    assert loaded.diagnostics.warnings == []
    assert loaded.missing_tables == []
    for name, table in SCHEMA.tables.items():
        source = council.tables[name]
        got = {r.key: r.values for r in loaded.dataset.tables[name]}
        assert len(got) == len(source), name
        key = table.key[0]
        for rec in source:
            values = got[str(rec[key])]
            for f in table.fields:
                assert values[f] == rec[f], (name, rec[key], f, values[f], rec[f])
                assert type(values[f]) is type(rec[f]), (name, f)


def test_accounting_balanced(loaded, council):
    for name, acc in loaded.accounts.items():
        assert acc.balanced(), name
        assert acc.read == acc.loaded == len(council.tables[name])
        assert acc.file.endswith(f"council.xlsx [{name}]")


def test_same_records_as_the_csv_folder(council, loaded, tmp_path):
    write_csv_folder(council.tables, SCHEMA, tmp_path / "csv")
    from_csv = load_data(tmp_path / "csv", SCHEMA, "csv")
    assert from_csv.rejections == [] and _errors(from_csv) == []
    for name in SCHEMA.tables:
        a = [(r.key, r.values, r.line) for r in loaded.dataset.tables[name]]
        b = [(r.key, r.values, r.line) for r in from_csv.dataset.tables[name]]
        assert a == b, name
    assert loaded.counts() == from_csv.counts()
    assert [i.to_dict() | {"file": None} for i in loaded.integrity] == [i.to_dict() | {"file": None} for i in from_csv.integrity]


def test_two_writes_give_identical_bytes(council, book, tmp_path):
    again = tmp_path / "again.xlsx"
    write(council.tables, SCHEMA, again)
    assert again.read_bytes() == book.read_bytes()


def test_written_cells_are_typed(book):
    from openpyxl import load_workbook

    wb = load_workbook(book)
    assert wb.sheetnames == list(SCHEMA.tables)
    ws = wb["children"]
    assert [c.value for c in ws[1]] == list(SCHEMA.tables["children"].fields)
    row = [c for c in ws[2]]
    dob = row[1]
    assert isinstance(dob.value, dt.datetime) and dob.number_format == "yyyy-mm-dd"
    uasc = row[6]
    assert uasc.data_type == "b"
    assert wb.properties.created == wb.properties.modified == dt.datetime(2000, 1, 1)


def test_detected_from_content(book, tmp_path):
    d = Diagnostics()
    assert detect(book, d) == "xlsx"
    renamed = tmp_path / "export.dat"
    renamed.write_bytes(book.read_bytes())
    assert Workbook().sniff(renamed)


# --------------------------------------------------------------------------- real-world workbooks


def _set_cached(path: Path, sheet_xml: str, cells: dict[str, object]) -> None:
    """Give formula cells the cached values Excel would have saved with them
    (openpyxl writes formulas without one)."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    xml = parts[sheet_xml].decode()
    for ref, value in cells.items():
        kind = ' t="str"' if isinstance(value, str) else ""
        # openpyxl writes an empty value as <v/>, <v></v> or nothing, depending on whether lxml is installed
        xml, n = re.subn(
            rf'<c r="{ref}"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v>\s*</v>)?', rf'<c r="{ref}"\1{kind}><f>\2</f><v>{value}</v>', xml
        )
        assert n == 1, ref
    parts[sheet_xml] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _messy(tmp_path: Path) -> Path:
    """An assessments sheet as people make them: a title merged across the top,
    a notes line, the header on row 4 with a merged cell, padding rows, day
    numbers for dates, formulas."""
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws.title = "Assessments"
    ws["A1"] = "Assessments - Q4 2024/25 (exported from the case system)"
    ws.merge_cells("A1:G1")
    ws["A2"] = "Notes: dates are dd/mm/yyyy; blank means not recorded"
    ws.append([])  # row 3 blank
    ws.append(["Assessment ID", "child_id", "type", "Start Date", None, "authorised_date", "child seen"])  # row 4
    ws.merge_cells("D4:E4")  # a header cell merged over two columns: E has no header of its own
    ws.append(["A1", "C1", "single", dt.date(2024, 5, 1), None, dt.date(2024, 6, 10), True])  # row 5
    ws.append([])  # 6: padding
    ws.append(["A2", "C2", "single", 45413, None, "12/06/2024", "no"])  # 7: 45413 is 2024-05-01 as a day number
    ws.append(['="A"&"3"', "C3", "single", "2024-05-02", None, "=D8+30", None])  # 8: formulas with cached values
    ws.append(["A4", "C4", "single", "2024-05-03", None, "=D9+30", "yes"])  # 9: a formula with no cached value
    ws.append([None, "   ", None, None, None, None, None])  # 10: whitespace only: padding
    ws.append(["A5", "C5", "initial", dt.datetime(2024, 5, 4), None, "#N/A", True])  # 11: an Excel error
    for r in range(12, 40):  # formatting carried down the sheet: empty cells
        ws.cell(row=r, column=1).number_format = "@"
    path = tmp_path / "messy.xlsx"
    wb.save(path)
    _set_cached(path, "xl/worksheets/sheet1.xml", {"A8": "A3", "F8": 45444})
    return path


def test_messy_sheet(tmp_path):
    path = _messy(tmp_path)
    r = load_data(path, SCHEMA, "xlsx")
    assert _errors(r) == []
    assert r.rejections == []
    rows = {x.key: x for x in r.dataset.tables["assessments"]}
    assert sorted(rows) == ["A1", "A2", "A3", "A4", "A5"]
    a1, a2, a3, a4, a5 = (rows[k] for k in ["A1", "A2", "A3", "A4", "A5"])
    # rows as Excel numbers them; padding rows are skipped and not counted
    assert [a1.line, a2.line, a3.line, a4.line, a5.line] == [5, 7, 8, 9, 11]
    acc = r.accounts["assessments"]
    assert acc.read == 5 and acc.loaded == 5 and acc.balanced()
    assert acc.file == f"{path} [Assessments]"
    # header cells matched loosely; the merged header's spare column is not a column
    assert a1.values["start_date"] == dt.date(2024, 5, 1) and a1.values["child_seen"] is True
    # an Excel day number is a date
    assert a2.values["start_date"] == dt.date(2024, 5, 1)
    assert a2.values["authorised_date"] == dt.date(2024, 6, 12) and a2.values["child_seen"] is False
    # formulas: the cached value, never evaluated; no cached value is missing
    assert a3.values["authorised_date"] == dt.date(2024, 6, 1)
    assert a4.values["authorised_date"] is None
    # an Excel error value is missing, and said
    assert a5.values["authorised_date"] is None and a5.values["start_date"] == dt.date(2024, 5, 4)
    codes = [d.code for d in r.diagnostics.warnings]
    assert "excel-error" in codes
    msg = next(d for d in r.diagnostics.warnings if d.code == "excel-error")
    assert "F11" in msg.message and msg.location.line == 11
    # the missing optional columns are reported against the header row, not row 1
    missing = [d for d in r.diagnostics.warnings if d.code == "missing-column"]
    assert missing and all(d.location.line == 4 for d in missing)
    assert "messy.xlsx [Assessments]" in missing[0].message
    assert "unknown-column" not in codes


def test_unknown_and_missing_columns(tmp_path):
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws.title = "children"
    ws.append(["child_id", "surname", "date_of_birth"])
    ws.append(["C1", "Smith", dt.date(2015, 1, 2)])
    ws2 = wb.create_sheet("visits")
    ws2.append(["visit_id", "date"])  # child_id, required, is missing
    ws2.append(["V1", dt.date(2024, 1, 1)])
    ws3 = wb.create_sheet("Read me")
    ws3.append(["This workbook holds..."])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    r = load_data(path, SCHEMA, "xlsx")
    errs = r.diagnostics.errors
    assert len(errs) == 1 and errs[0].code == "missing-column"
    assert "`book.xlsx [visits]` has no column `child_id`" in errs[0].message
    warn = {d.code: d for d in r.diagnostics.warnings}
    assert "surname" in warn["unknown-column"].message and "book.xlsx [children]" in warn["unknown-column"].message
    assert "Read me" in warn["unknown-table"].message
    assert r.accounts["children"].ignored_columns == ["surname"]
    assert [x.values["child_id"] for x in r.dataset.tables["children"]] == ["C1"]
    assert "surname" not in r.dataset.tables["children"][0].values
    assert "visits" in r.missing_tables


def test_sheet_names_match_loosely(tmp_path):
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws.title = "Care Periods"
    ws.append(["period_id", "child_id", "start_date"])
    ws.append(["P1", "C1", dt.date(2024, 1, 1)])
    path = tmp_path / "b.xlsx"
    wb.save(path)
    assert normalise("Care Periods") == normalise("care-periods") == "care_periods"
    assert Workbook().sniff(path)
    r = load_data(path, SCHEMA)
    assert r.format == "xlsx" and _errors(r) == []
    assert [x.key for x in r.dataset.tables["care_periods"]] == ["P1"]


def test_no_matching_sheet_is_an_error(tmp_path):
    wb = OpenpyxlWorkbook()
    wb.active.title = "Sheet1"
    wb.active.append(["a", "b"])
    path = tmp_path / "other.xlsx"
    wb.save(path)
    assert not Workbook().sniff(path)
    r = load_data(path, SCHEMA, "xlsx")
    assert [d.code for d in r.diagnostics.errors] == ["no-tables"]
    assert "no sheet of `other.xlsx`" in r.diagnostics.errors[0].message and "`Sheet1`" in r.diagnostics.errors[0].message
    assert r.counts()["read"] == 0
    d = Diagnostics()
    assert detect(path, d) is None


def test_sheet_with_no_header_row(tmp_path):
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws.title = "peps"
    for i in range(20):
        ws.append([f"note {i}", "x"])
    path = tmp_path / "p.xlsx"
    wb.save(path)
    r = load_data(path, SCHEMA, "xlsx")
    assert [d.code for d in r.diagnostics.errors] == ["no-header"]
    assert "first 15 rows" in r.diagnostics.errors[0].message


@pytest.mark.parametrize(
    "content",
    [
        b"not a workbook at all",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500,  # an old .xls
        b"PK\x03\x04" + b"\0" * 100,  # a broken zip
    ],
)
def test_damaged_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    assert not Workbook().sniff(path)
    r = load_data(path, SCHEMA, "xlsx")
    assert [d.code for d in r.diagnostics.errors] == ["unreadable"]
    assert "bad.xlsx" in r.diagnostics.errors[0].message


def test_zip_without_workbook_and_truncated_workbook(tmp_path, book):
    z = tmp_path / "z.xlsx"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("hello.txt", "hi")
    r = load_data(z, SCHEMA, "xlsx")
    assert [d.code for d in r.diagnostics.errors] == ["unreadable"]
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(book.read_bytes()[: len(book.read_bytes()) // 2])
    r = load_data(cut, SCHEMA, "xlsx")
    assert [d.code for d in r.diagnostics.errors] == ["unreadable"]
    # a sheet part cut short: an error naming the sheet and the row, not a traceback
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(info.filename, data)
    r = load_data(broken, SCHEMA, "xlsx")
    assert [d.code for d in r.diagnostics.errors] == ["unreadable"]
    err = r.diagnostics.errors[0]
    assert err.location.file.endswith("broken.xlsx [children]") and "could not be read past row" in err.message
    for acc in r.accounts.values():
        assert acc.balanced()


def test_formula_text_is_written_as_text(tmp_path):
    tables = {"children": [{"child_id": "=HYPERLINK(1)", "date_of_birth": dt.date(2010, 1, 1)}]}
    out = tmp_path / "f.xlsx"
    write(tables, SCHEMA, out)
    r = load_data(out, SCHEMA, "xlsx")
    assert [x.key for x in r.dataset.tables["children"]] == ["=HYPERLINK(1)"]
