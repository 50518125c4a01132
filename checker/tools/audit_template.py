"""The case-audit workbook a QA team fills in, and what its grades say.

``build_template`` writes an .xlsx with three sheets:

- ``case_audits``: the table itself, as the xlsx reader
  (``data/readers/xlsx.py``) reads it. Row 1 is the header, the schema's
  ``case_audits`` fields in schema order; one row per sampled case with
  ``audit_id``, ``child_id`` and ``team`` filled in; every code column
  (the auditor questions, ``grade``, ``moderated_grade``) has an in-cell
  dropdown of its codes, and a prompt with the question when the cell is
  selected.
- ``questions``: each column explained: the question (the field's
  description in the schema), the answers allowed, the pack's rules that use
  the answer (rules whose fields include ``case_audits.<column>``) with
  their titles and guidance, and any manual items of the pack (a ``manual``
  list, when the pack has one).
- ``instructions``: how to fill it in, and the grade scale.

The filled workbook is case data: ``load_data(path, schema, "xlsx")`` (or
:func:`read_back`) reads its ``case_audits`` sheet as the ``case_audits``
table. The reader warns that the ``questions`` and ``instructions`` sheets
are not tables; :func:`read_back` drops those two warnings.

The bytes depend only on the pack, the sample and ``as_at``: workbook
properties are stamped with ``as_at`` and every zip entry with one fixed
time, as ``data/readers/xlsx.py`` writes workbooks.

``grade_summary`` reads the grades back: the distribution (overall and by
team), the share good or better, moderation agreement and the cases the
moderator regraded, and the cases graded inadequate (with the rule
failures on them, given ``failures_by_child`` of a run).
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from pathlib import Path
from typing import Any

from checker.model import FAIL
from checker.report.sink import no_formulas, write_output, xml_text
from checker.schema import DataSchema

TABLE = "case_audits"
QUESTION_CODE_SET = "audit_answer"
GRADE_CODE_SET = "grade"
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")  # best first, as the csc `grade` code set
GOOD_OR_BETTER = ("outstanding", "good")
HELPER_SHEETS = ("questions", "instructions")
NO_TEAM = "(no team)"
#: A manual item's answer column on the case_audits sheet: ``manual:<id>``.
MANUAL_PREFIX = "manual:"
_PREFILLED = ("audit_id", "child_id", "team")

# What the identifying columns are for, where the schema does not say.
_COLUMN_NOTES = {
    "audit_id": "Filled in from the sample: the audit's reference. Do not change it.",
    "child_id": "Filled in from the sample: the child whose case file is audited. Do not change it.",
    "audit_date": "The date you audited the case, YYYY-MM-DD. Required: a row without it is not read.",
    "auditor_id": "Your worker ID.",
    "team": "Filled in from the sample: the child's team when the sample was drawn.",
}


# --------------------------------------------------------------------------- the template


def question_columns(schema: DataSchema) -> list[str]:
    """The ``case_audits`` columns that are auditor questions (answered from
    the ``audit_answer`` code set), in schema order."""
    return [
        name for name, f in schema.tables[TABLE].fields.items()
        if f.type.kind == "code" and f.type.code_set == QUESTION_CODE_SET
    ]


def rules_using(pack, column: str) -> list:
    """The pack's rules that read ``case_audits.<column>``, in pack order."""
    if pack is None:
        return []
    return [r for r in pack.rules if (TABLE, column) in r.fields]


def _guidance_text(items) -> str:
    out = []
    for g in items or []:
        if isinstance(g, dict):
            head = g.get("document") or g.get("title") or ""
            para = g.get("paragraph")
            rest = [f"{k}: {v}" for k, v in g.items() if k not in ("document", "title", "paragraph")]
            text = head + (f': "{para}"' if para else "")
            if rest:
                text += (" (" if text else "") + "; ".join(rest) + (")" if text else "")
            out.append(text)
        elif g is not None:
            out.append(str(g))
    return "\n".join(t for t in out if t)


def _manual_items(pack) -> list[dict]:
    """The pack's ``manual`` list, if it has one, as dicts with ``id``,
    ``text``, ``guidance`` and ``field`` (a case_audits column or None)."""
    items = getattr(pack, "manual", None) if pack is not None else None
    out = []
    for i, item in enumerate(items or [], start=1):
        if isinstance(item, dict):
            text = item.get("question") or item.get("title") or item.get("text") or item.get("description") or ""
            out.append({
                "id": str(item.get("id") or f"M{i}"),
                "text": str(text),
                "guidance": _guidance_text(item.get("guidance") if isinstance(item.get("guidance"), list)
                                           else [item["guidance"]] if item.get("guidance") else []),
                "field": item.get("field") or item.get("column"),
            })
        else:
            out.append({"id": f"M{i}", "text": str(item), "guidance": "", "field": None})
    return out


def _codes_text(schema: DataSchema, code_set: str) -> str:
    return "\n".join(f"{c}: {label}" for c, label in schema.code_sets.get(code_set, {}).items())


def _grade_scale(pack, schema: DataSchema) -> list[tuple[str, str, str]]:
    """(code, label, description) for each grade, best first: the labels of
    the schema's code set, the descriptions of the pack's framework."""
    from checker.errors import CasecheckError
    from checker.packs.framework import load_framework

    try:
        fw = load_framework(getattr(pack, "framework", None) or "ilacs")
    except CasecheckError:  # the descriptions are a courtesy; the codes are what matter
        fw = None
    descriptions = {g.id: " ".join(g.description.split()) for g in fw.grades} if fw is not None else {}
    return [(c, label, descriptions.get(c, "")) for c, label in schema.code_sets.get(GRADE_CODE_SET, {}).items()]


def build_template(pack, sample_rows, out_path: str | Path, as_at: _dt.date, *, schema: DataSchema | None = None) -> Path:
    """Write the case-audit workbook for ``sample_rows`` (dicts with at least
    ``audit_id`` and ``child_id``; ``team`` if known) to ``out_path``.

    ``pack`` supplies the schema, the rules that use each answer and any
    manual items; it may be None when ``schema`` is given (the questions
    are then the schema's alone). Returns the path written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    from checker.data.readers.xlsx import (
        ANSWERS_KEYWORD,
        DATE_FORMAT,
        NOTES_KEYWORD,
        FixedTimeZip,
    )

    schema = schema if schema is not None else pack.schema
    if TABLE not in schema.tables:
        raise ValueError(f"schema `{schema.name}` has no `{TABLE}` table")
    table = schema.tables[TABLE]
    fields = list(table.fields)
    rows = list(sample_rows)
    stamp = _dt.datetime.combine(as_at, _dt.time(0))
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    wb = Workbook()
    wb.properties.creator = "casecheck"
    wb.properties.lastModifiedBy = "casecheck"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.title = f"Case audit: {pack.title if pack is not None else schema.name}, as at {as_at.isoformat()}"
    # the questions and instructions sheets are notes, not tables: the reader passes them by
    wb.properties.keywords = f"{NOTES_KEYWORD} {', '.join(HELPER_SHEETS)}; {ANSWERS_KEYWORD} {MANUAL_PREFIX}"
    manual = _manual_items(pack)
    loose = [m for m in manual if m["field"] not in table.fields]  # the items with no column of the schema

    # ---- case_audits: the table
    ws = wb.active
    ws.title = TABLE
    ws.freeze_panes = "B2"
    for c, name in enumerate(fields, start=1):
        cell = ws.cell(row=1, column=c, value=name)
        cell.font = bold
        fld = table.fields[name]
        kind = fld.type.kind
        ws.column_dimensions[get_column_letter(c)].width = (
            24 if name == "team" else 22 if fld.type.code_set == GRADE_CODE_SET else 18 if kind == "code" else 14
        )
    answer_codes = list(schema.code_sets.get(QUESTION_CODE_SET, {}))
    for j, m in enumerate(loose, start=len(fields) + 1):  # an answer column per manual item
        ws.cell(row=1, column=j, value=MANUAL_PREFIX + m["id"]).font = bold
        ws.column_dimensions[get_column_letter(j)].width = 18
    last = max(len(rows) + 1, 2)
    for i, rec in enumerate(rows, start=2):
        for c, name in enumerate(fields, start=1):
            value = rec.get(name) if name in _PREFILLED else None
            cell = ws.cell(row=i, column=c, value=None if value in (None, "") else xml_text(str(value)))
            if table.fields[name].type.kind == "date":
                cell.number_format = DATE_FORMAT
            elif table.fields[name].type.kind == "string":
                cell.number_format = "@"  # text: an ID such as 000123 stays as typed
    for c, name in enumerate(fields, start=1):
        fld = table.fields[name]
        if fld.type.kind != "code":
            continue
        codes = list(schema.code_sets.get(fld.type.code_set or "", {}))
        formula = '"' + ",".join(codes) + '"'
        if any("," in code or '"' in code for code in codes) or len(formula) > 257:
            raise ValueError(f"the codes of `{fld.type.code_set}` cannot be an Excel dropdown list (commas, quotes or over 255 characters)")
        question = fld.description or name
        dv = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showDropDown=False,  # (sic: False shows the in-cell arrow)
            showErrorMessage=True,
            errorTitle="Not an allowed answer",
            error=f"Choose one of: {', '.join(codes)}"[:255],
            showInputMessage=True,
            promptTitle=name[:32],
            prompt=question[:255],
        )
        col = get_column_letter(c)
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)
    for j, m in enumerate(loose, start=len(fields) + 1):
        dv = DataValidation(
            type="list", formula1='"' + ",".join(answer_codes) + '"', allow_blank=True, showDropDown=False,
            showErrorMessage=True, errorTitle="Not an allowed answer", error=f"Choose one of: {', '.join(answer_codes)}"[:255],
            showInputMessage=True, promptTitle=(MANUAL_PREFIX + m["id"])[:32], prompt=m["text"][:255],
        )
        col = get_column_letter(j)
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)

    # ---- questions: what each column asks, and which rules use it
    qs = wb.create_sheet("questions")
    head = ["column", "question", "answers", "rules using this answer", "rule guidance", "manual items"]
    for c, (h, width) in enumerate(zip(head, (22, 50, 34, 48, 60, 40)), start=1):
        qs.cell(row=1, column=c, value=h).font = bold
        qs.column_dimensions[get_column_letter(c)].width = width
    qs.freeze_panes = "A2"
    r = 1
    for name in fields:
        fld = table.fields[name]
        r += 1
        users = rules_using(pack, name)
        rule_text = "\n".join(f"{u.id}: {u.title}" for u in users)
        notes = []
        for u in users:
            if u.guidance:
                notes.append(f"{u.id}: {_guidance_text(u.guidance)}")
            if u.description:
                notes.append(f"{u.id}: {' '.join(u.description.split())}")
        guidance = "\n".join(notes)
        items = "\n".join(f"{m['id']}: {m['text']}" for m in manual if m["field"] == name)
        question = fld.description or _COLUMN_NOTES.get(name, "")
        if name in _COLUMN_NOTES and fld.description:
            question += "\n" + _COLUMN_NOTES[name]
        answers = _codes_text(schema, fld.type.code_set or "") if fld.type.kind == "code" else (
            "a date, YYYY-MM-DD" if fld.type.kind == "date" else "text")
        for c, v in enumerate((name, question, answers, rule_text, guidance, items), start=1):
            cell = qs.cell(row=r, column=c, value=v or None)
            cell.alignment = wrap
        qs.cell(row=r, column=1).font = bold
    if loose:
        r += 2
        qs.cell(row=r, column=1, value="Manual items").font = bold
        qs.cell(row=r, column=2, value=(
            f"Checked by the auditor on the case file: answer each in its column `{MANUAL_PREFIX}<id>` "
            "on the case_audits sheet; audit-grades counts the answers.")).alignment = wrap
        for m in loose:
            r += 1
            for c, v in enumerate((m["id"], m["text"], _codes_text(schema, QUESTION_CODE_SET), None, m["guidance"]), start=1):
                qs.cell(row=r, column=c, value=v or None).alignment = wrap

    # ---- instructions
    ins = wb.create_sheet("instructions")
    ins.column_dimensions["A"].width = 110
    questions = question_columns(schema)
    lines: list[tuple[str, bool]] = [
        (f"Case audit as at {as_at.isoformat()}" + (f": {pack.title}" if pack is not None else ""), True),
        (f"{len(rows)} case{'s' if len(rows) != 1 else ''} to audit, one row each on the `{TABLE}` sheet.", False),
        ("", False),
        ("How to fill it in", True),
        ("1. Do not rename the sheets or change the header row, and do not change audit_id, child_id or team.", False),
        ("2. audit_date (YYYY-MM-DD) is required: a row without it is not read back. auditor_id is your worker ID.", False),
        (f"3. Answer each question column ({', '.join(questions)}) from its dropdown: "
         + ", ".join(f"{c} ({label})" for c, label in schema.code_sets.get(QUESTION_CODE_SET, {}).items())
         + ". Leave a cell blank only if you did not answer it.", False),
        ("4. grade: your overall grade for the case, on Ofsted's judgement scale (below).", False),
        ("5. moderated_grade: filled in only by the moderator, for the audits that are moderated; leave it blank otherwise.", False),
        ("6. The questions sheet explains each column: the question, the answers, and which rules of the pack use the answer.", False),
        ("", False),
        ("The grade scale", True),
    ]
    for code, label, description in _grade_scale(pack, schema):
        lines.append((f"{code}: {label}" + (f". {description}" if description else ""), False))
    lines += [
        ("", False),
        ("Reading it back", True),
        ((f"The filled workbook is case data: its `{TABLE}` sheet is read as the {TABLE} table "
          "(casecheck run PACK --data <this workbook> --as-at DATE). "
          "Every row read is evaluated or rejected with its row and column."), False),
    ]
    for i, (text, is_head) in enumerate(lines, start=1):
        cell = ins.cell(row=i, column=1, value=text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if is_head:
            cell.font = bold

    buf = io.BytesIO()
    with FixedTimeZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        no_formulas(wb)  # IDs and team names from the data are text, never live formulas
        ExcelWriter(wb, archive).save()  # not openpyxl's save_workbook, which stamps the time
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_output(out, buf.getvalue())  # through the sink: atomic, through links, never onto a device
    return out


def read_back(path: str | Path, schema: DataSchema, as_at: _dt.date | None = None):
    """The filled workbook as case data: ``load_data(path, schema, "xlsx")``
    (the reader passes the template's own ``questions`` and ``instructions``
    sheets by: the workbook names them as notes), with the answers to the
    manual items (columns ``manual:<id>``) as ``loaded.manual_answers``:
    ``{id: {code: count}}``, an answer that is not one of the codes warned
    about and not counted."""
    from checker.data.load import load_data

    loaded = load_data(path, schema, "xlsx", as_at)
    loaded.diagnostics.items = [
        d for d in loaded.diagnostics.items
        if not (d.code == "unknown-table" and any(d.message.startswith(f"sheet `{s}` ") for s in HELPER_SHEETS))
        and not d.message.startswith(f"column `{MANUAL_PREFIX}")  # read below
    ]
    loaded.manual_answers = _manual_answers(Path(path), schema, loaded)
    return loaded


def _manual_answers(path: Path, schema: DataSchema, loaded) -> dict[str, dict[str, int]]:
    from openpyxl import load_workbook

    from checker.data.coerce import by_hand_code
    from checker.errors import Location

    codes = schema.code_sets.get(QUESTION_CODE_SET, {})
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - the reader has said what is wrong with the file
        return {}
    try:
        if TABLE not in wb.sheetnames:
            return {}
        rows = wb[TABLE].iter_rows(values_only=True)
        header = next(rows, None) or ()
        cols = {i: str(h)[len(MANUAL_PREFIX):] for i, h in enumerate(header) if isinstance(h, str) and h.startswith(MANUAL_PREFIX)}
        out: dict[str, dict[str, int]] = {m: {c: 0 for c in codes} for m in cols.values()}
        for n, row in enumerate(rows, start=2):
            for i, item in cols.items():
                cell = row[i] if i < len(row) else None
                if cell is None or str(cell).strip() == "":
                    continue
                code = by_hand_code(str(cell), codes)
                if code is None:
                    loaded.diagnostics.warning(
                        f"column `{MANUAL_PREFIX}{item}`: `{cell}` is not one of {', '.join(codes)}; not counted",
                        Location(f"{path} [{TABLE}]", n), code="unread-value")
                    continue
                out[item][code] += 1
        return out
    finally:
        wb.close()


def accounting(loaded) -> dict[str, Any]:
    """Every row of the workbook's case_audits sheet accounted for: read =
    audits + not filled in (no audit date) + rejected (with why); and the
    answers read as missing because they were not one of the answers."""
    acc = loaded.accounts.get(TABLE)
    rejections = [r for r in loaded.rejections if r.table == TABLE]
    unfilled = [r for r in rejections if r.reason == "missing required value" and r.column == "audit_date"]
    bad = [r for r in rejections if r not in unfilled]
    return {
        "rows": acc.read if acc else 0,
        "audits": acc.loaded if acc else 0,
        "not_filled_in": len(unfilled),
        "rejected": len(bad),
        "rejections": [{"row": r.row, "column": r.column, "message": r.message} for r in bad],
        "answers_not_read": acc.unread if acc else 0,
    }


# --------------------------------------------------------------------------- the grades


def failures_by_child(rule_results, dataset, audits: set[str] | None = None) -> dict[str, list[dict]]:
    """Failed outcomes of a run, by child: ``{child_id: [{rule, title,
    record, reason}, ...]}``. ``rule_results`` are a run's RuleResults (a
    rule and its outcomes); a record belongs to the child in its
    ``child_id`` (a ``children`` record to itself). Records of no child (a
    worker's supervision) are left out. ``audits``: this audit's audit IDs;
    a ``case_audits`` record of another audit (an older one in the
    council's data) is left out."""
    ds = getattr(dataset, "dataset", dataset)
    index: dict[str, dict[str, Any]] = {}
    out: dict[str, list[dict]] = {}
    for rr in rule_results:
        rule = rr.rule
        rows = index.get(rule.subject)
        if rows is None:
            rows = index[rule.subject] = {r.key: r for r in ds.tables.get(rule.subject, ())}
        for o in rr.outcomes:
            if o.outcome != FAIL:
                continue
            if audits is not None and rule.subject == TABLE and o.key not in audits:
                continue
            row = rows.get(o.key)
            if rule.subject == "children":
                child = o.key
            else:
                child = row.values.get("child_id") if row is not None else None
            if child is None:
                continue
            out.setdefault(str(child), []).append(
                {"rule": rule.id, "title": rule.title, "record": f"{rule.subject} {o.key}", "reason": o.reason}
            )
    for items in out.values():
        items.sort(key=lambda f: (f["rule"], f["record"]))
    return dict(sorted(out.items()))


def _share(k: int, n: int) -> float | None:
    return None if n == 0 else round(k / n, 4)


def _distribution(grades: list[str | None]) -> dict[str, Any]:
    counts = {g: 0 for g in GRADES}
    for g in grades:
        if g is not None:
            counts[g] = counts.get(g, 0) + 1
    graded = sum(counts.values())
    good = sum(counts.get(g, 0) for g in GOOD_OR_BETTER)
    return {
        "audits": len(grades),
        "graded": graded,
        "ungraded": len(grades) - graded,
        "distribution": counts,
        "good_or_better": {"count": good, "of": graded, "share": _share(good, graded)},
    }


def _rank(g: str) -> int:
    return GRADES.index(g) if g in GRADES else len(GRADES)


def grade_summary(loaded, failures: dict[str, list[dict]] | None = None) -> dict[str, Any]:
    """What the audits' grades say. ``loaded``: a LoadResult (or Dataset)
    with the ``case_audits`` table; ``failures``: optionally
    :func:`failures_by_child` of a run, to list the rule failures on each
    case graded inadequate.

    A case's grade is its final grade: the moderator's where the audit was
    moderated, else the auditor's (``auditor`` gives the auditor's grades
    alone). Shares are over graded audits, rounded to 4 places, None when
    there are none. An audit is moderated when it has both grades; the
    moderator changed it when they differ (``raised``: to a better grade)."""
    ds = getattr(loaded, "dataset", loaded)
    audits = sorted(ds.tables.get(TABLE, ()), key=lambda r: r.key)

    def final(v: dict) -> str | None:
        return v.get("moderated_grade") or v.get("grade")

    overall = _distribution([final(r.values) for r in audits])
    teams: dict[str, list[str | None]] = {}
    for r in audits:
        teams.setdefault(r.values.get("team") or NO_TEAM, []).append(final(r.values))
    moderated = [r for r in audits if r.values.get("grade") and r.values.get("moderated_grade")]
    changed = []
    for r in moderated:
        v = r.values
        if v["moderated_grade"] != v["grade"]:
            changed.append({
                "audit_id": r.key,
                "child_id": v.get("child_id"),
                "team": v.get("team"),
                "grade": v["grade"],
                "moderated_grade": v["moderated_grade"],
                "change": "raised" if _rank(v["moderated_grade"]) < _rank(v["grade"]) else "lowered",
            })
    agreed = len(moderated) - len(changed)
    inadequate = []
    for r in audits:
        v = r.values
        if final(v) == "inadequate":
            entry = {
                "audit_id": r.key,
                "child_id": v.get("child_id"),
                "team": v.get("team"),
                "grade": v.get("grade"),
                "moderated_grade": v.get("moderated_grade"),
            }
            if failures is not None:
                entry["failures"] = list(failures.get(str(v.get("child_id")), []))
            inadequate.append(entry)
    extra: dict[str, Any] = {}
    if getattr(loaded, "accounts", None) is not None and TABLE in loaded.accounts:
        extra["rows"] = accounting(loaded)
    if loaded.manual_answers:
        extra["manual"] = loaded.manual_answers
    return {
        **overall,
        **extra,
        "basis": "final grade: the moderator's where the audit was moderated, else the auditor's",
        "auditor": _distribution([r.values.get("grade") for r in audits]),
        "by_team": {t: _distribution(g) for t, g in sorted(teams.items())},
        "moderation": {
            "moderated": len(moderated),
            "share_moderated": _share(len(moderated), overall["audits"]),
            "agreed": agreed,
            "agreement": _share(agreed, len(moderated)),
            "raised": sum(1 for c in changed if c["change"] == "raised"),
            "lowered": sum(1 for c in changed if c["change"] == "lowered"),
            "changed": changed,
        },
        "inadequate": inadequate,
    }


def render_grade_summary(summary: dict[str, Any]) -> str:
    """The summary as plain text, for a terminal."""

    def pct(x):
        return "-" if x is None else f"{x:.0%}"

    def dist(d):
        return "  ".join(f"{g} {d['distribution'].get(g, 0)}" for g in d["distribution"])

    gb = summary["good_or_better"]
    lines = []
    rows = summary.get("rows")
    if rows:
        lines.append(
            f"{rows['rows']} rows in the workbook = {rows['audits']} audits read + {rows['not_filled_in']} not filled in "
            f"(no audit_date) + {rows['rejected']} rejected"
            + (f"; {rows['answers_not_read']} answer{'s' if rows['answers_not_read'] != 1 else ''} not one of the "
               "allowed answers, read as missing (not evidenced)" if rows["answers_not_read"] else ""))
        for r in rows["rejections"]:
            lines.append(f"  rejected: row {r['row']}: {r['message']}")
    lines += [
        f"{summary['audits']} case audits, {summary['graded']} graded ({summary['basis']})",
        f"  {dist(summary)}",
        f"  good or better: {gb['count']} of {gb['of']} ({pct(gb['share'])})",
        "",
        "by team:",
    ]
    width = max([len(t) for t in summary["by_team"]] + [4])
    for team, d in summary["by_team"].items():
        lines.append(f"  {team:<{width}}  {dist(d)}  good or better {pct(d['good_or_better']['share'])}")
    m = summary["moderation"]
    lines += [
        "",
        (f"moderation: {m['moderated']} audits moderated ({pct(m['share_moderated'])}); "
         f"grade agreed in {m['agreed']} ({pct(m['agreement'])}); raised {m['raised']}, lowered {m['lowered']}"),
    ]
    for c in m["changed"]:
        lines.append(f"  {c['audit_id']}  child {c['child_id']}  {c['grade']} -> {c['moderated_grade']} ({c['change']})")
    lines += ["", f"graded inadequate: {len(summary['inadequate'])}"]
    for e in summary["inadequate"]:
        lines.append(f"  {e['audit_id']}  child {e['child_id']}  {e['team'] or NO_TEAM}")
        if "failures" in e and not e["failures"]:
            lines.append("      no rule failures")
        for f in e.get("failures", []):
            lines.append(f"      {f['rule']} ({f['record']}): {f['reason']}" if f.get("reason") else f"      {f['rule']} ({f['record']})")
    if summary.get("manual"):
        lines += ["", "manual items (answered by the auditors):"]
        for item, counts in summary["manual"].items():
            lines.append(f"  {item}: " + "  ".join(f"{c} {n}" for c, n in counts.items()))
    return "\n".join(lines) + "\n"


__all__ = [
    "GRADES",
    "build_template",
    "failures_by_child",
    "grade_summary",
    "question_columns",
    "read_back",
    "render_grade_summary",
    "rules_using",
]
