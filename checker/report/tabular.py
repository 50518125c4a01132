"""Tabular outputs: every outcome as CSV or Parquet, and the Excel workbook.

Each takes the result dict (``RunResult.to_dict()``) and returns text or
bytes; identical input gives identical bytes (the workbook's dates come from
the run's ``as_at``). Cells a spreadsheet could run as a formula are
neutralised (checker.report.sink.neutral_cell).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
import zipfile
from functools import partial
from pathlib import Path
from typing import Any

from checker.report.sink import neutral_cell
from checker.report.view import OUTCOME_LABELS, OUTCOMES, report_model

# ---------------------------------------------------------------- safe cells



def safe_text(value: Any) -> Any:
    """A cell value a spreadsheet will not run: text starting with = + - @
    (or a tab or carriage return, or any of those behind control characters)
    gets a leading apostrophe (checker.report.sink.neutral_cell). Numbers
    and None pass through."""
    return neutral_cell(value)


# ---------------------------------------------------------------- csv

#: The columns of ``--format csv``: one row per record per rule, everything a
#: BI tool joins or slices on (the subject table and case ID join back to the
#: data; child, team, worker, area and category slice it).
CSV_COLUMNS = ["rule_id", "rule_title", "category", "area", "subject_table", "case_id", "child_id", "team",
               "worker_id", "outcome", "reason"]


def rule_areas(result: dict) -> dict[str, str]:
    """Rule id -> the title of the judgement area it is reported under."""
    titles = {a.get("id"): a.get("title") for a in result.get("areas") or []}
    out: dict[str, str] = {}
    for a in result.get("areas") or []:
        for rid in a.get("rules") or []:
            out.setdefault(rid, a.get("title") or a.get("id"))
    for r in result.get("rules") or []:
        out.setdefault(r["id"], titles.get(r.get("area")) or r.get("area") or "")
    return out


def outcomes_csv(result: dict, neutralise: bool = True) -> str:
    """Every record's outcome for every rule (``CSV_COLUMNS``): rules in pack
    order, cases by ID; the category in the framework's words; child, team
    and worker where the record has or reaches them (blank where not, or when
    the result was made without case context); safe to open in a spreadsheet."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    areas = rule_areas(result)
    for rule in result.get("rules") or []:
        rows = []
        for outcome in OUTCOMES:
            for case in (rule.get("cases") or {}).get(outcome) or []:
                rows.append((str(case.get("id")), OUTCOMES.index(outcome), outcome, case))
        category = rule.get("category_label") or ("too few cases to judge" if rule.get("small_n") else "")
        fixed = [rule["id"], rule.get("title") or "", category, areas.get(rule["id"], ""), rule.get("subject") or ""]
        safe = safe_text if neutralise else str
        for case_id, _, outcome, case in sorted(rows, key=lambda x: x[:2]):
            w.writerow([safe(str(v)) for v in fixed] + [
                safe(case_id), safe(case.get("child") or ""), safe(case.get("team") or ""),
                safe(case.get("worker") or ""), outcome, safe(case.get("reason") or "")])
    return buf.getvalue()


def outcomes_parquet(result: dict) -> bytes:
    """The CSV's rows and columns (``CSV_COLUMNS``) as a Parquet file, every
    column text, values as they are (no spreadsheet guard: Parquet is not
    opened as a spreadsheet): for BI tools at scale. Written by DuckDB."""
    
    import duckdb

    from checker import scratch

    with scratch.folder("outcomes") as tmp:
        src, dst = Path(tmp) / "outcomes.csv", Path(tmp) / "outcomes.parquet"
        src.write_text(outcomes_csv(result, neutralise=False), encoding="utf-8")
        con = duckdb.connect()
        try:
            cols = ", ".join(f"'{c}': 'VARCHAR'" for c in CSV_COLUMNS)
            con.execute(
                f"COPY (SELECT * FROM read_csv('{src.as_posix()}', header=true, columns={{{cols}}}, quote='\"', escape='\"')) "
                f"TO '{dst.as_posix()}' (FORMAT parquet)")
        finally:
            con.close()
        return dst.read_bytes()


# ---------------------------------------------------------------- xlsx

_RESERVED_SHEETS = {"summary", "judgements", "about", "history"}


def sheet_names(rule_ids: list[str]) -> dict[str, str]:
    """Unique Excel sheet names (<= 31 characters, no []:*?/\\ or ', unique
    ignoring case, never Summary/About/History) for each rule."""
    used = set(_RESERVED_SHEETS)
    out = {}
    for rid in rule_ids:
        base = re.sub(r"[\[\]:*?/\\']", "_", rid).strip() or "rule"
        name = base[:31]
        n = 1
        while name.lower() in used:
            n += 1
            suffix = f"~{n}"
            name = base[: 31 - len(suffix)] + suffix
        used.add(name.lower())
        out[rid] = name
    return out


def _as_at_datetime(result: dict) -> _dt.datetime:
    try:
        d = _dt.date.fromisoformat(str(result.get("as_at"))[:10])
    except ValueError:
        d = _dt.date(1980, 1, 1)
    return _dt.datetime(max(d.year, 1980), d.month, d.day)


def xlsx(result: dict) -> bytes:
    """An Excel workbook: a Summary sheet (one row per rule, filterable,
    category fills), one sheet per rule with its failing and not-evidenced
    cases, and an About sheet. Same input, same bytes.

    openpyxl writes the workbook (styles, the Summary, Judgements and About
    sheets, and each rule sheet's header row, column widths, frozen header
    and filter); the rows of the rule sheets, a council's 135,000 listed
    cases at 100,000 children, are written as XML here
    (:func:`_case_rows`) and put into those sheets as the file is zipped
    (:func:`_deterministic_zip`), styled by the named styles' own cell
    formats. A styled openpyxl cell costs ~15 us to make and write; a row
    of them 0.2 ms, 80% of a workbook run."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    m = report_model(result)
    stamp = _as_at_datetime(result)
    wb = Workbook(write_only=True)
    p = wb.properties
    p.creator = p.lastModifiedBy = f"casecheck {m['casecheck_version'] or ''}".strip()
    p.title = m["title"]
    p.created = p.modified = stamp

    top = Alignment(vertical="top")
    styles = {
        "head": NamedStyle("cc-head", font=Font(bold=True), fill=PatternFill("solid", fgColor="DDE3EA")),
        "top": NamedStyle("cc-top", alignment=top),
        "wrap": NamedStyle("cc-wrap", alignment=Alignment(wrap_text=True, vertical="top")),
        "bold-wrap": NamedStyle("cc-bold-wrap", font=Font(bold=True), alignment=Alignment(wrap_text=True, vertical="top")),
        "bold": NamedStyle("cc-bold", font=Font(bold=True)),
        "left": NamedStyle("cc-left", alignment=Alignment(horizontal="left")),
        "link": NamedStyle("cc-link", font=Font(color="1F4E79", underline="single"), alignment=top),
        "pct": NamedStyle("cc-pct", alignment=top, number_format="0.0%"),
        "date": NamedStyle("cc-date", alignment=top, number_format="yyyy-mm-dd"),
        "due": NamedStyle("cc-due", number_format="yyyy-mm-dd"),
    }
    for s in styles.values():
        wb.add_named_style(s)

    def fill_style(rgb: str) -> str:
        name = f"cc-fill-{rgb}"
        if name not in styles:
            styles[name] = NamedStyle(name, alignment=top, fill=PatternFill("solid", fgColor=rgb))
            wb.add_named_style(styles[name])
        return name

    def cell(ws, value, style: str | None = None):
        if isinstance(value, str):
            value = neutral_cell(value, xml=True)  # control characters dropped first: none can uncover a formula
        c = WriteOnlyCell(ws, value=value)
        if style is not None:
            c.style = styles[style].name if style in styles else style
        return c

    def sheet(title: str, names: list[str], widths: list[int]):
        ws = wb.create_sheet(title)
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        ws.append([cell(ws, name, "head") for name in names])
        return ws

    names = sheet_names([r["id"] for r in m["rules"]])

    cols = ["Rule", "Title", "Area", "Category", "Pass", "Fail", "Not evidenced", "Not applicable",
            "Denominator", "Rate", "Interval low", "Interval high", "Change", "Narrative"]
    ws = sheet("Summary", cols, [24, 48, 36, 26, 8, 8, 10, 10, 12, 9, 10, 10, 12, 80])
    row = 1
    for area in m["areas"]:
        for r in area["rules"]:
            row += 1
            c = r["counts"]
            link = cell(ws, r["id"], "link")
            link.hyperlink = Hyperlink(ref="A1", location=f"'{names[r['id']]}'!A1", display=link.value)
            iv = r["interval"] or {}
            ws.append([link, cell(ws, r["title"], "wrap"), cell(ws, area["title"], "wrap"),
                       cell(ws, r["category_label"] or "Not categorised", fill_style(r["fill"]))]
                      + [cell(ws, c[key], "top") for key in OUTCOMES]
                      + [cell(ws, r["denominator"], "top")]
                      + [cell(ws, v, "pct") for v in (r["rate"], iv.get("low"), iv.get("high"))]
                      + [cell(ws, (r["change"] or {}).get("change"), "top"), cell(ws, r["narrative"], "wrap")])
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(row, 1)}"

    # ---- the judgements: each area's grade and why, and the overall judgement
    cat_labels = [(c["id"], c.get("label") or c["id"]) for c in (result.get("framework") or {}).get("categories") or []]
    jcols = ["Judgement area", "Grade", "Why"] + [label for _, label in cat_labels]
    js = sheet("Judgements", jcols, [48, 30, 90] + [16] * len(cat_labels))
    jrow = 1
    for a in result.get("areas") or []:
        jrow += 1
        overall_area = str(a.get("policy") or "").startswith("overall:")
        js.append([cell(js, a.get("title") or a.get("id"), "bold-wrap" if overall_area else "wrap"),
                   cell(js, a.get("grade_label") or "not graded", "top"), cell(js, a.get("why") or "", "wrap")]
                  + [cell(js, ", ".join(ids) if ids else None, "wrap")
                     for ids in (((a.get("by_category") or {}).get(cid) or []) for cid, _ in cat_labels)])
    overall = result.get("overall") or {}
    if overall.get("grade_label") and not any(str(a.get("policy") or "").startswith("overall:") for a in result.get("areas") or []):
        jrow += 1
        js.append([cell(js, "Overall effectiveness", "bold"), cell(js, overall["grade_label"], "top"),
                   cell(js, overall.get("why") or "", "wrap")])
    js.auto_filter.ref = f"A1:{get_column_letter(len(jcols))}{max(jrow, 1)}"

    # ---- a sheet per rule: its failing and unevidenced cases, ready to hand out as actions. openpyxl
    # writes the header; the rows are written by _case_rows as the file is zipped, each cell given the
    # cell format openpyxl made of its named style (a template cell's style_id).
    def style_id(name: str) -> int:
        template = WriteOnlyCell(js)  # a sheet of the workbook: the cell formats are the workbook's
        template.style = styles[name].name
        return template.style_id

    ids = {name: style_id(name) for name in ("top", "wrap", "date", "due")}
    bodies = {}
    for area in m["areas"]:
        for r in area["rules"]:
            listed = [("fail", c) for c in r["failing"]] + [("not_evidenced", c) for c in r["not_evidenced"]]
            date_cols = list(dict.fromkeys(d for _, c in listed for d in (c.get("dates") or {})))
            cols = (["Case", "Subject table", "Child", "Team", "Worker", "Area"] + date_cols
                    + ["Outcome", "Reason", "Action", "Owner", "Due"])
            rs = sheet(names[r["id"]], cols, [16, 18, 12, 24, 12, 36] + [13] * len(date_cols) + [14, 80, 40, 16, 12])
            rs.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{1 + len(listed)}"
            if listed:
                bodies[rs] = (r, listed, date_cols)

    about = wb.create_sheet("About")
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 90
    t = m["totals"]
    rows = [
        ("Report", m["title"]),
        ("Pack", f"{m['pack'].get('name', '')} {m['pack'].get('version', '')}".strip()),
        ("As at", m["as_at"]),
        ("Data", f"{m['data'].get('path', '')} ({m['data'].get('format', '')})"),
        ("Framework", (m["framework"] or {}).get("title") or ""),
        ("Overall", (m["overall"] or {}).get("label") or ""),
        ("Rows read", t["read"]),
        ("Rows evaluated", t["evaluated"]),
        ("Rows excluded", t["excluded"]),
        ("Rows rejected", t["rejected"]),
        ("Previous audit", (m["history"] or {}).get("as_at") or ""),
        ("casecheck", f"{m['casecheck_version']} (result schema {m['schema_version']})"),
    ]
    for k, v in rows:
        about.append([cell(about, k, "bold"), cell(about, v, "left")])

    return _deterministic_zip(wb, stamp, {ws: partial(_case_rows, *b, ids) for ws, b in bodies.items()})


def _date_cell(text):
    """An ISO date (or date-time) as a date cell, so the column sorts and filters as dates."""
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return str(text)


#: XML text escapes (as lxml writes them: a CR as a character reference, so no parser reads it as a newline).
_XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
#: Characters XML cannot carry beyond the control characters neutral_cell drops (lxml refuses them).
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
#: Case rows joined into one piece of a sheet's XML at a time.
_ROWS_PER_PIECE = 5000


def _text_xml(value: str) -> tuple[str, str]:
    """A text cell's type and content, as openpyxl writes it: guarded by
    neutral_cell (characters an xlsx cannot hold dropped first), escaped,
    and with xml:space="preserve" where it has spaces at either end."""
    text = _NOT_XML.sub("", neutral_cell(value, xml=True))
    if not text:
        return ' t="inlineStr"', ""
    spaced = text.strip() != text and bool(text.strip())
    for char, escape in _XML_ESCAPES:
        if char in text:
            text = text.replace(char, escape)
    return ' t="inlineStr"', f'<is><t xml:space="preserve">{text}</t></is>' if spaced else f"<is><t>{text}</t></is>"


def _cell_tail(style: int, value: Any) -> str:
    """A cell of ``value`` in cell format ``style`` as openpyxl writes it,
    from after its reference (``<c r="A2"`` + this): text, a number, a
    boolean, or empty for None."""
    if value is None:
        kind, inner = "", ""
    elif isinstance(value, bool):
        kind, inner = ' t="b"', f"<v>{int(value)}</v>"
    elif isinstance(value, (int, float)):
        kind, inner = "", f"<v>{value:.16g}</v>" if math.isfinite(value) else ""  # as openpyxl: no NaN
    else:
        kind, inner = _text_xml(str(value))
    return f' s="{style}"{kind}>{inner}</c>' if inner else f' s="{style}"{kind}/>'


class _Tails(dict):
    """value -> :func:`_cell_tail` of it, made once per distinct value (a
    rule sheet's columns repeat their subject, area, teams, dates...). Never
    given a boolean: True would be found as 1."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, value):
        got = self[value] = self.make(value)
        return got


def _case_rows(r: dict, listed: list, date_cols: list[str], ids: dict[str, int]):
    """A rule sheet's rows after the header, as pieces of its XML: the cells
    openpyxl's write-only cells gave (same values, types and cell formats;
    the Action and Owner cells left out, the Due cell empty and formatted)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import to_excel

    top, wrap, date_style, due = (ids[k] for k in ("top", "wrap", "date", "due"))

    def date_tail(text) -> str:
        d = _date_cell(text)
        return f' s="{date_style}"><v>{to_excel(d):.16g}</v></c>' if isinstance(d, _dt.date) else _cell_tail(top, d)

    tops, wraps, dates = _Tails(partial(_cell_tail, top)), _Tails(partial(_cell_tail, wrap)), _Tails(date_tail)

    def context(value) -> str:
        return _cell_tail(top, value) if isinstance(value, bool) else tops[value]

    def dated(value) -> str:
        return date_tail(value) if isinstance(value, bool) else dates[value]

    letters = [get_column_letter(i) for i in range(1, 6 + len(date_cols) + 6)]
    k = 6 + len(date_cols)
    date_letters = list(zip(letters[6:k], date_cols))
    outcome_col, reason_col, due_col = letters[k], letters[k + 1], letters[k + 4]
    subject, area, due_tail = tops[r.get("subject") or ""], tops[r["area_title"]], f' s="{due}"/>'
    labels = {outcome: tops[label] for outcome, label in OUTCOME_LABELS.items()}
    piece: list[str] = []
    for n, (outcome, case) in enumerate(listed, start=2):
        row = (f'<row r="{n}"><c r="A{n}"{tops[str(case.get("id"))]}<c r="B{n}"{subject}'
               f'<c r="C{n}"{context(case.get("child"))}<c r="D{n}"{context(case.get("team"))}'
               f'<c r="E{n}"{context(case.get("worker"))}<c r="F{n}"{area}')
        if date_letters:
            got = case.get("dates") or {}
            row += "".join(f'<c r="{col}{n}"{dated(got.get(name))}' for col, name in date_letters)
        piece.append(f'{row}<c r="{outcome_col}{n}"{labels[outcome]}<c r="{reason_col}{n}"{wraps[case.get("reason") or ""]}'
                     f'<c r="{due_col}{n}"{due_tail}</row>')
        if len(piece) == _ROWS_PER_PIECE:
            yield "".join(piece)
            piece = []
    if piece:
        yield "".join(piece)


def _deterministic_zip(wb, stamp: _dt.datetime, bodies: dict | None = None) -> bytes:
    """Save the workbook with fixed timestamps: openpyxl stamps the core
    properties' ``modified`` with the clock on save, and zip entries carry
    the time they were written; both are reset to the run's as_at.
    ``bodies``: worksheet -> a callable giving the XML pieces of the rows
    that follow the sheet's header, put in as the sheet is copied across."""
    from openpyxl.xml.functions import tostring

    raw = io.BytesIO()
    wb.save(raw)
    wb.properties.modified = stamp
    core = tostring(wb.properties.to_tree())
    rows = {ws.path.lstrip("/"): make for ws, make in (bodies or {}).items()}  # the sheets' parts, named on save
    out = io.BytesIO()
    when = (stamp.year, stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=when)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            make = rows.pop(info.filename, None)
            if make is None:
                dst.writestr(zi, data)
                continue
            head, end, tail = data.partition(b"</sheetData>")
            if not end or end in tail:
                raise ValueError(f"{info.filename}: openpyxl wrote no single </sheetData> to put the rows before")
            with dst.open(zi, "w") as part:
                part.write(head)
                for piece in make():
                    part.write(piece.encode("utf-8"))
                part.write(end + tail)
    if rows:
        raise ValueError(f"sheets not written by openpyxl: {sorted(rows)}")
    return out.getvalue()
