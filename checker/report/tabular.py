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
import re
import zipfile
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
    import tempfile

    import duckdb

    with tempfile.TemporaryDirectory(prefix="casecheck-") as tmp:
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

    Written in openpyxl's write-only mode, each cell styled by name (a
    handful of named styles): rows are streamed to the file as they are
    made, so a council of 100,000 children's 350,000 listed cases never
    become 5 million cell objects."""
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

    # ---- a sheet per rule: its failing and unevidenced cases, ready to hand out as actions
    for area in m["areas"]:
        for r in area["rules"]:
            listed = [("fail", c) for c in r["failing"]] + [("not_evidenced", c) for c in r["not_evidenced"]]
            date_cols = list(dict.fromkeys(d for _, c in listed for d in (c.get("dates") or {})))
            cols = (["Case", "Subject table", "Child", "Team", "Worker", "Area"] + date_cols
                    + ["Outcome", "Reason", "Action", "Owner", "Due"])
            rs = sheet(names[r["id"]], cols, [16, 18, 12, 24, 12, 36] + [13] * len(date_cols) + [14, 80, 40, 16, 12])
            n = 1
            for outcome, case in listed:
                n += 1
                dates = [_date_cell((case.get("dates") or {}).get(d)) for d in date_cols]
                rs.append([cell(rs, str(case.get("id")), "top"), cell(rs, r.get("subject") or "", "top"),
                           cell(rs, case.get("child"), "top"), cell(rs, case.get("team"), "top"),
                           cell(rs, case.get("worker"), "top"), cell(rs, r["area_title"], "top")]
                          + [cell(rs, d, "date" if isinstance(d, _dt.date) else "top") for d in dates]
                          + [cell(rs, OUTCOME_LABELS[outcome], "top"), cell(rs, case.get("reason") or "", "wrap"),
                             None, None, cell(rs, None, "due")])  # the empty action / owner / due columns, for the QA manager
            rs.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{n}"

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

    return _deterministic_zip(wb, stamp)


def _date_cell(text):
    """An ISO date (or date-time) as a date cell, so the column sorts and filters as dates."""
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return str(text)


def _deterministic_zip(wb, stamp: _dt.datetime) -> bytes:
    """Save the workbook with fixed timestamps: openpyxl stamps the core
    properties' ``modified`` with the clock on save, and zip entries carry
    the time they were written; both are reset to the run's as_at."""
    from openpyxl.xml.functions import tostring

    raw = io.BytesIO()
    wb.save(raw)
    wb.properties.modified = stamp
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    when = (stamp.year, stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=when)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    return out.getvalue()


