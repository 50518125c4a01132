"""The Excel workbook read back cell by cell (issue 21).

The rule sheets' rows are written as XML by ``checker.report.tabular``
(``_case_rows``), not through openpyxl's cells: 80% of a 100,000-child
workbook run went on styling openpyxl cells. The golden
(tests/golden/workbook-cells.json) is what openpyxl read back from the
workbook the all-openpyxl writer made of the same result, every sheet's
cells with their values, types and formats, its frozen panes, filter,
column widths and links: the workbook written now must read back the same.
The result is the reports fixture with each listed case given the child,
team, worker and dates a run with case context gives it (some missing, one
date not a date) and cells a spreadsheet could run or an XML file could
break on.

Rewrite the golden after an intended change with

    CASECHECK_UPDATE_GOLDENS=1 pytest tests/test_workbook_cells.py

and review the diff.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

openpyxl = pytest.importorskip("openpyxl")

from checker.report import documents as reports

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "workbook-cells.json"
UPDATE = os.environ.get("CASECHECK_UPDATE_GOLDENS") == "1"
_BASE = json.loads((HERE / "fixtures" / "reports" / "result.json").read_text(encoding="utf-8"))

#: Cell texts a spreadsheet could run, an XML writer must escape, or whose spaces must be kept.
ODD = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2", "@SUM(A1)", "\t=1", "\x01=2", "a & b < c > d",
       "line one\nline two", "carriage\rreturn", "  padded  ", "   ", "", "quote \" and ' apostrophe",
       "]]> and <![CDATA[", "ünïcödé — ✓ 𝔘", "\x0bvertical tab", "=" * 3]


def context_result() -> dict:
    """The fixture with case context (as ``run_pack(..., case_context=True)``
    gives it) and odd cells: a fresh copy each time."""
    result = copy.deepcopy(_BASE)
    teams = ["Assessment North", "Assessment South", None, "Children in Care & Leaving"]
    n = 0
    for i, rule in enumerate(result["rules"]):
        date_names = [["start_date", "authorised_date"], ["date"], []][i % 3]
        for outcome in ("fail", "not_evidenced"):
            for case in rule["cases"].get(outcome) or []:
                n += 1
                case["child"] = None if n % 7 == 0 else f"C{n:06d}"
                case["team"] = teams[n % len(teams)]
                case["worker"] = None if n % 5 == 0 else f"W{n % 40:06d}"
                case["dates"] = {name: (None if (n + j) % 6 == 0 else
                                        "not a date" if (n + j) % 11 == 0 else
                                        "2024-06-04T10:30:00" if (n + j) % 13 == 0 else
                                        (dt.date(2024, 4, 1) + dt.timedelta(days=(n * 7 + j * 30) % 365)).isoformat())
                                 for j, name in enumerate(date_names)}
    odd = next(r for r in result["rules"] if r["id"] == "ASSESS-45WD")
    for k, case in enumerate(odd["cases"]["fail"]):
        text = ODD[k % len(ODD)]
        case["reason"] = text
        if k % 3 == 0:
            case["id"] = f"{text}{k}"
        if k % 4 == 1:
            case["team"] = text
        if k % 5 == 2:
            case["dates"]["start_date"] = text
    odd["title"] = "@title"
    odd["narrative"] = "=2+2"
    return result


def _value(v):
    if isinstance(v, (dt.datetime, dt.date)):
        return {"date": v.isoformat()}
    return v


def _style(c) -> str:
    f, fill, a = c.font, c.fill, c.alignment
    return "|".join(str(x) for x in (c.style, c.number_format, f.b, f.u, f.color.rgb if f.color else None,
                                      fill.patternType, fill.fgColor.rgb, a.wrap_text, a.vertical, a.horizontal))


def cells(book: bytes) -> dict:
    """Everything a reader sees of the workbook: per sheet, each row's cells
    as [value, data type, format] (formats numbered in order of first use),
    the frozen panes, filter, column widths and links."""
    wb = openpyxl.load_workbook(io.BytesIO(book))
    styles: dict[str, int] = {}
    out: dict = {"sheets": wb.sheetnames, "styles": styles, "properties": {
        k: str(getattr(wb.properties, k)) for k in ("creator", "lastModifiedBy", "title", "created", "modified")}}
    for ws in wb.worksheets:
        out[ws.title] = {
            "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
            "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items()) if d.customWidth},
            "links": {c.coordinate: c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink},
            "rows": [[[_value(c.value), c.data_type, styles.setdefault(_style(c), len(styles))] for c in row]
                     for row in ws.iter_rows()],
        }
    return out


def test_workbook_reads_back_as_the_openpyxl_writer_wrote_it():
    got = cells(reports.xlsx(context_result()))
    if UPDATE:
        GOLDEN.write_text(json.dumps(got, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        return
    assert GOLDEN.exists(), f"missing golden {GOLDEN}; run with CASECHECK_UPDATE_GOLDENS=1 to create it"
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(got, ensure_ascii=False))  # tuples as lists, keys as text, as the golden has them
    assert got["sheets"] == want["sheets"] and got["styles"] == want["styles"]
    for name in ["properties"] + want["sheets"]:
        assert got[name] == want[name], name


def test_the_golden_covers_every_kind_of_cell():
    """The golden is worth comparing with: dates, blanks, guarded formulas,
    kept spaces, escapes and every cell format of a rule sheet are in it."""
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    rows = want["ASSESS-45WD"]["rows"]
    values = [c[0] for row in rows[1:] for c in row]
    assert {"date": "2024-06-04T00:00:00"} in values and None in values and "not a date" in values
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in values and "'\t=1" in values and "'=2" in values
    assert "  padded  " in values and "a & b < c > d" in values and "carriage\rreturn" in values
    names = {key.split("|")[0]: i for key, i in want["styles"].items()}
    used = {c[2] for row in rows[1:] for c in row}
    assert used == {names[n] for n in ("cc-top", "cc-wrap", "cc-date", "cc-due", "Normal")}  # Normal: Action, Owner
    assert want["ASSESS-45WD"]["filter"] == f"A1:M{len(rows)}"


def test_characters_xml_cannot_carry_are_dropped_not_fatal():
    """A reason with a character no XML file may hold (U+FFFE, a lone
    surrogate) or a control character: the character is dropped, the
    workbook still opens and the rest of the text is kept."""
    result = context_result()
    cases = next(r for r in result["rules"] if r["id"] == "ICPC-15WD")["cases"]["fail"]
    cases[0]["reason"] = "before\ufffe\uffffafter"
    cases[1]["reason"] = "lone \ud800 surrogate"
    cases[2]["reason"] = "\x00\x1f=1"
    ws = openpyxl.load_workbook(io.BytesIO(reports.xlsx(result)))["ICPC-15WD"]
    at = [c.value for c in ws[1]].index("Reason")
    reasons = [row[at].value for row in ws.iter_rows(min_row=2)]
    assert reasons[:3] == ["beforeafter", "lone  surrogate", "'=1"]


def test_rule_sheets_are_plain_spreadsheetml():
    """Another reader (python-calamine, Rust) reads the rows written as XML
    as openpyxl does."""
    calamine = pytest.importorskip("python_calamine")
    book = reports.xlsx(context_result())
    sheet = calamine.CalamineWorkbook.from_filelike(io.BytesIO(book)).get_sheet_by_name("CP-SEEN-ALONE")
    rows = sheet.to_python()
    wb = openpyxl.load_workbook(io.BytesIO(book))
    want = [[c.value for c in row] for row in wb["CP-SEEN-ALONE"].iter_rows()]
    assert len(rows) == len(want) and len(rows) > 2
    for got, expected in zip(rows, want):
        assert [v if v != "" else None for v in got[:len(expected)]] == [
            v.date() if isinstance(v, dt.datetime) else v for v in expected]


def test_an_empty_rule_sheet_and_determinism():
    result = context_result()
    for r in result["rules"]:
        r["cases"]["fail"] = r["cases"]["not_evidenced"] = []
    book = reports.xlsx(result)
    assert book == reports.xlsx(copy.deepcopy(result))
    wb = openpyxl.load_workbook(io.BytesIO(book))
    assert all(wb[name].max_row == 1 for name in wb.sheetnames[2:-1])
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 3, 31, 0, 0, 0)}


def test_redacted_workbook_holds_no_identifier(tmp_path):
    """``--redact`` covers the workbook: no case, child or worker ID the
    plain workbook lists is in any cell of any sheet of the redacted one."""
    from checker.cli import cli

    root = HERE.parent
    key = tmp_path / "key.txt"
    key.write_text("a secret the council keeps\n")

    def book(name: str, *more: str):
        out = tmp_path / name
        r = CliRunner().invoke(cli, ["run", str(root / "examples" / "pack"), "--data", str(root / "examples" / "council"),
                                     "--as-at", "2025-03-31", "--format", "xlsx", "--out", str(out), "--fail-on", "none",
                                     "-q", *more], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        return openpyxl.load_workbook(out)

    plain, red = book("plain.xlsx"), book("red.xlsx", "--redact", str(key))
    ids = {str(row[i].value) for ws in plain.worksheets[2:-1] for row in ws.iter_rows(min_row=2) for i in (0, 2, 4)
           if row[i].value is not None}
    assert len(ids) > 50
    texts = [str(c.value) for ws in red.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    listed = [row[0].value for ws in red.worksheets[2:-1] for row in ws.iter_rows(min_row=2)]
    assert len(listed) > 50 and all(str(v).startswith("ID-") and len(str(v)) == 15 for v in listed)  # the cases are there, as pseudonyms
    leaks = {i for i in ids for t in texts if i in t}
    assert not leaks, sorted(leaks)[:10]


def test_case_context_asked_of_the_database_is_the_context_read_from_every_table(monkeypatch):
    """The workbook's child, team, worker and dates of each listed case:
    asked of DuckDB for those cases' records (``DuckDBDataset.records_with``)
    they are what indexing every table in Python gave."""
    from checker.api import run_pack
    from checker.data.readers.csv_duckdb import DuckDBDataset
    from checker.report import context

    root = HERE.parent
    args = (root / "examples" / "pack", root / "examples" / "council", dt.date(2025, 3, 31))
    monkeypatch.setattr("checker.api.FAST_READ_MIN_BYTES", 0)  # the example council read by DuckDB, as a big one is
    asked = []
    real = DuckDBDataset.records_with
    monkeypatch.setattr(DuckDBDataset, "records_with", lambda self, *a, **k: asked.append(a[0]) or real(self, *a, **k))
    run = run_pack(*args, listed=("fail", "not_evidenced"), case_context=True)
    fast = run.document
    run.close()
    assert len(set(asked)) > 5  # subjects and the tables their context is reached through
    monkeypatch.setattr(context, "_asked", lambda *a: (None, {}))
    run = run_pack(*args, listed=("fail", "not_evidenced"), case_context=True)
    slow = run.document
    run.close()
    cases = [c for r in slow["rules"] for cs in r["cases"].values() for c in cs]
    assert len(cases) > 100 and any(c.get("team") for c in cases) and any(c.get("dates") for c in cases)
    assert fast == slow
