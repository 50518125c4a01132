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
    cases, and an About sheet. Same input, same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    m = report_model(result)
    stamp = _as_at_datetime(result)
    wb = Workbook()
    p = wb.properties
    p.creator = p.lastModifiedBy = f"casecheck {m['casecheck_version'] or ''}".strip()
    p.title = m["title"]
    p.created = p.modified = stamp

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE3EA")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    def put(ws, row, col, value, **style):
        if isinstance(value, str):
            value = neutral_cell(value, xml=True)  # control characters dropped first: none can uncover a formula
        cell = ws.cell(row=row, column=col, value=value)
        for k, v in style.items():
            setattr(cell, k, v)
        return cell

    def header(ws, names, widths):
        for i, (name, width) in enumerate(zip(names, widths), start=1):
            put(ws, 1, i, name, font=bold, fill=head_fill)
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"

    names = sheet_names([r["id"] for r in m["rules"]])

    ws = wb.active
    ws.title = "Summary"
    cols = ["Rule", "Title", "Area", "Category", "Pass", "Fail", "Not evidenced", "Not applicable",
            "Denominator", "Rate", "Interval low", "Interval high", "Change", "Narrative"]
    header(ws, cols, [24, 48, 36, 26, 8, 8, 10, 10, 12, 9, 10, 10, 12, 80])
    row = 1
    for area in m["areas"]:
        for r in area["rules"]:
            row += 1
            c = r["counts"]
            link = put(ws, row, 1, r["id"], alignment=top)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{names[r['id']]}'!A1", display=link.value)
            link.font = Font(color="1F4E79", underline="single")
            put(ws, row, 2, r["title"], alignment=wrap)
            put(ws, row, 3, area["title"], alignment=wrap)
            put(ws, row, 4, r["category_label"] or "Not categorised", alignment=top,
                fill=PatternFill("solid", fgColor=r["fill"]))
            for col, key in enumerate(OUTCOMES, start=5):
                put(ws, row, col, c[key], alignment=top)
            put(ws, row, 9, r["denominator"], alignment=top)
            for col, value in ((10, r["rate"]), (11, (r["interval"] or {}).get("low")), (12, (r["interval"] or {}).get("high"))):
                put(ws, row, col, value, alignment=top, number_format="0.0%")
            put(ws, row, 13, (r["change"] or {}).get("change"), alignment=top)
            put(ws, row, 14, r["narrative"], alignment=wrap)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(row, 1)}"

    # ---- the judgements: each area's grade and why, and the overall judgement
    js = wb.create_sheet("Judgements", 1)
    cat_labels = [(c["id"], c.get("label") or c["id"]) for c in (result.get("framework") or {}).get("categories") or []]
    jcols = ["Judgement area", "Grade", "Why"] + [label for _, label in cat_labels]
    header(js, jcols, [48, 30, 90] + [16] * len(cat_labels))
    jrow = 1
    for a in result.get("areas") or []:
        jrow += 1
        put(js, jrow, 1, a.get("title") or a.get("id"), alignment=wrap, font=bold if str(a.get("policy") or "").startswith("overall:") else Font())
        put(js, jrow, 2, a.get("grade_label") or "not graded", alignment=top)
        put(js, jrow, 3, a.get("why") or "", alignment=wrap)
        for col, (cid, _) in enumerate(cat_labels, start=4):
            ids = (a.get("by_category") or {}).get(cid) or []
            put(js, jrow, col, ", ".join(ids) if ids else None, alignment=wrap)
    overall = result.get("overall") or {}
    if overall.get("grade_label") and not any(str(a.get("policy") or "").startswith("overall:") for a in result.get("areas") or []):
        jrow += 1
        put(js, jrow, 1, "Overall effectiveness", font=bold)
        put(js, jrow, 2, overall["grade_label"], alignment=top)
        put(js, jrow, 3, overall.get("why") or "", alignment=wrap)
    js.auto_filter.ref = f"A1:{get_column_letter(len(jcols))}{max(jrow, 1)}"

    # ---- a sheet per rule: its failing and unevidenced cases, ready to hand out as actions
    for area in m["areas"]:
        for r in area["rules"]:
            rs = wb.create_sheet(names[r["id"]])
            listed = [("fail", c) for c in r["failing"]] + [("not_evidenced", c) for c in r["not_evidenced"]]
            date_cols = list(dict.fromkeys(d for _, c in listed for d in (c.get("dates") or {})))
            cols = (["Case", "Subject table", "Child", "Team", "Worker", "Area"] + date_cols
                    + ["Outcome", "Reason", "Action", "Owner", "Due"])
            header(rs, cols, [16, 18, 12, 24, 12, 36] + [13] * len(date_cols) + [14, 80, 40, 16, 12])
            n = 1
            for outcome, case in listed:
                n += 1
                values = ([str(case.get("id")), r.get("subject") or "", case.get("child"), case.get("team"),
                           case.get("worker"), r["area_title"]]
                          + [_date_cell((case.get("dates") or {}).get(d)) for d in date_cols]
                          + [OUTCOME_LABELS[outcome], case.get("reason") or ""])
                for col, value in enumerate(values, start=1):
                    cell = put(rs, n, col, value, alignment=wrap if col == len(values) else top)
                    if isinstance(value, _dt.date):
                        cell.number_format = "yyyy-mm-dd"
                due = rs.cell(row=n, column=len(values) + 3)
                due.number_format = "yyyy-mm-dd"  # the empty action / owner / due columns, for the QA manager
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
    for i, (k, v) in enumerate(rows, start=1):
        put(about, i, 1, k, font=bold)
        put(about, i, 2, v, alignment=Alignment(horizontal="left"))

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


