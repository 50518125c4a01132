"""Writing typed ``csc`` tables as an Ofsted Annex A workbook.

Writing
-------
:func:`write` turns typed csc tables (``checker.tools.generate``) into an Annex A
workbook: lists 1, 3-9 with the standard headers, a title and a notes row
above the header, dd/mm/yyyy date cells and label-style codes. It writes
every record it is given (it does not apply Ofsted's six-month windows). The
bytes are the same for the same input.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from checker.data.readers.annex_a_lists import COMMON, LIST_COLS
from checker.schema import DataSchema

# --------------------------------------------------------------------------- writing

_SHEETS = {
    1: ("List 1 - Contacts", "List 1: Contacts",
        "All contacts in the period; one row per child where a contact names several children."),
    3: ("List 3 - Referrals", "List 3: Referrals", "All referrals in the period; a child appears once per referral."),
    4: ("List 4 - Assessments", "List 4: Assessments", "Children with social work assessments in the period."),
    5: ("List 5 - Section 47", "List 5: Section 47 enquiries and ICPCs", "All section 47 enquiries in the period."),
    6: ("List 6 - Children in need", "List 6: Children in need",
        "Children receiving services as a child in need in the period."),
    7: ("List 7 - Child protection", "List 7: Child protection",
        "Children on a child protection plan, and those whose plan ended in the period."),
    8: ("List 8 - Children in care", "List 8: Children in care",
        "Children in care, and those who ceased to be looked after in the period."),
    9: ("List 9 - Care leavers", "List 9: Care leavers", "Young people entitled to leaving care services."),
}
_NOTE = " Synthetic data written by casecheck; dates are dd/mm/yyyy."

# Column order of each list as written (roles; headers are each Col's first spelling).
_LAYOUT = {
    1: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "contact_date", "contact_source"),
    3: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "referral_date", "referral_source", "nfa",
        "referrals_12m", "team", "worker"),
    4: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "disabled", "start", "child_seen", "authorised",
        "requires_support", "team", "worker"),
    5: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "disabled", "start", "icpc_not_required", "icpc_date",
        "plan_made", "s47_12m", "icpc_12m", "team", "worker"),
    6: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "disabled", "start", "primary_need", "last_seen", "end",
        "closure_reason", "case_status", "team", "worker"),
    7: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "disabled", "start", "initial_category",
        "latest_category", "visit_date", "seen_alone", "review_date", "end", "epo", "previous_plans", "team", "worker"),
    8: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "uasc", "disabled", "start", "category_of_need",
        "subsequent", "legal_start", "legal_status", "review_date", "visit_date", "permanence", "iro", "health_date",
        "dental", "placements", "end", "reason_ceased", "placement_start", "placement_type", "provider", "postcode",
        "urn", "location", "placement_la", "missing", "absent", "rhi_offered", "rhi_accepted", "team", "worker"),
    9: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "uasc", "disabled", "team", "worker",
        "personal_adviser", "eligibility", "pathway_date", "in_touch", "last_contact", "accommodation", "suitable",
        "activity"),
}
_UASC_HEADER = {8: COMMON[6].headers[0], 9: COMMON[6].headers[1]}

SEX_LABELS = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
ETHNICITY_ORDER = ("WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
                   "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT")
ETHNICITY_LABELS = {c: f"{chr(ord('a') + i)}) {c}" for i, c in enumerate(ETHNICITY_ORDER)}
SOURCE_LABELS = {
    "1A": "a) 1A: Individual", "1B": "b) 1B: Individual", "1C": "c) 1C: Individual", "1D": "d) 1D: Individual",
    "2A": "e) 2A: Schools", "2B": "f) 2B: Education services", "3A": "g) 3A: Health services",
    "3B": "h) 3B: Health services", "3C": "i) 3C: Health services", "3D": "j) 3D: Health services",
    "3E": "k) 3E: Health services", "3F": "l) 3F: Health services", "4": "m) 4: Housing", "5A": "n) 5A: LA services",
    "5B": "o) 5B: LA services", "5C": "p) 5C: LA services", "5D": "p1) 5D: LA services", "6": "q) 6: Police",
    "7": "r) 7: Other legal agency", "8": "s) 8: Other", "9": "t) 9: Anonymous", "10": "u) 10: Unknown",
}
YES_NO = {True: "a) Yes", False: "b) No"}
ABUSE_LABELS = {"NEG": "a) Neglect", "PHY": "b) Physical abuse", "SAB": "c) Sexual abuse", "EMO": "d) Emotional abuse",
                "MUL": "e) Multiple/not recommended"}
ELIGIBILITY_LABELS = {"relevant": "a) Relevant child", "former_relevant": "b) Former relevant child",
                      "qualifying": "c) Qualifying care leaver", "eligible": "d) Eligible child"}
IN_TOUCH_LABELS = {"YES": "a) Yes", "NO": "b) No", "DIED": "c) Died", "REFU": "d) Refu", "NREQ": "e) NREQ",
                   "RHOM": "f) Rhom"}
SUITABLE_LABELS = {True: "a) Suitable", False: "b) Unsuitable"}
ACTIVITY_LABELS = {  # the DfE SSDA903 / Annex A wording
    "F1": "F1: Full time in higher education", "P1": "P1: Part time in higher education",
    "F2": "F2: Full time in education other than higher", "P2": "P2: Part time in education other than higher",
    "F4": "F4: Young person engaged full time in an apprenticeship",
    "P4": "P4: Young person engaged part time in an apprenticeship",
    "F5": "F5: Young person engaged full time in training or employment (not apprenticeship)",
    "P5": "P5: Young person engaged part time in training or employment (not apprenticeship)",
    "G4": "G4: Not in education, employment or training - illness or disability",
    "G5": "G5: Not in education, employment or training - other",
    "G6": "G6: Not in education, employment or training - pregnancy or parenting",
}
FIXED_TIME = _dt.datetime(2000, 1, 1)


def _label(labels: dict[bool, str], value: bool | None) -> str | None:
    """The label of a true/false value; None for a missing one."""
    return None if value is None else labels.get(value)


def _coded(labels: dict, code: Any, fallback: dict | None = None, sep: str = ": ") -> Any:
    if code is None:
        return None
    if code in labels:
        return labels[code]
    if fallback is not None and code in fallback:
        return f"{code}{sep}{fallback[code]}"
    return code


def _latest(records: list[dict], lo: _dt.date | None, hi: _dt.date | None, tie: str) -> dict | None:
    best = None
    for r in records:
        d = r.get("date")
        if d is None or (lo is not None and d < lo) or (hi is not None and d > hi):
            continue
        if best is None or (d, r.get(tie) or "") > (best["date"], best.get(tie) or ""):
            best = r
    return best


def write(tables: dict[str, list[dict]], schema: DataSchema, out: Path, as_at: _dt.date | None = None) -> None:
    """Write typed csc records as an Annex A workbook (lists 1 and 3-9).

    Lists 7 and 8 hold one value where the data may hold many; the writer
    takes the latest record (by date, then key) on or before the plan's or
    period's end date (when open: ``as_at``, or no limit when ``as_at`` is not
    given):

    - list 7 Date of the Last Statutory Visit / Was the Child Seen Alone?: the
      child's visits of type ``cp`` dated on or after the plan's start_date;
    - list 7 Date of latest review conference: cp_conferences of type
      ``review`` with this plan_id;
    - list 8 Date of Latest Statutory Review: lac_reviews with this period_id;
    - list 8 Date of Last Social Work Visit: the child's visits of type ``lac``;
    - list 8 Date of Last Health Assessment: the child's health assessments;
    - list 5 Did the ICPC result in a CP plan: the initial conference with this
      s47_id; list 9 Latest Pathway Plan Review Date: the child's latest
      pathway plan (on or before ``as_at``).

    ``as_at`` also gives Age of Child (Years) (blank without it). Every record
    is written: Ofsted's six-month windows are not applied. Dates are date
    cells formatted dd/mm/yyyy; codes are written as the template's labels.
    The workbook's created/modified times and the zip entries' times are
    fixed, so the same input gives the same bytes.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    from checker.workdays import add_months, age_on

    codes = schema.code_sets
    children = {c["child_id"]: c for c in tables.get("children", ())}

    def by_child(name: str) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = defaultdict(list)
        for r in tables.get(name, ()):
            out[r["child_id"]].append(r)
        return out

    visits = by_child("visits")
    missing_by_child = by_child("missing_episodes")
    health = by_child("health_assessments")
    pathway = by_child("pathway_plans")
    referrals_by_child = by_child("referrals")
    s47_by_child = by_child("s47_enquiries")
    conferences_by_child = by_child("cp_conferences")
    reviews_by_plan: dict[str, list[dict]] = defaultdict(list)
    initial_by_s47: dict[str, list[dict]] = defaultdict(list)
    for c in tables.get("cp_conferences", ()):
        if c.get("type") == "review" and c.get("plan_id"):
            reviews_by_plan[c["plan_id"]].append(c)
        if c.get("type") == "initial" and c.get("s47_id"):
            initial_by_s47[c["s47_id"]].append(c)
    lac_reviews_by_period: dict[str, list[dict]] = defaultdict(list)
    for r in tables.get("lac_reviews", ()):
        if r.get("period_id"):
            lac_reviews_by_period[r["period_id"]].append(r)

    def limit(end: _dt.date | None) -> _dt.date | None:
        return end if end is not None else as_at

    def common(cid: str) -> dict[str, Any]:
        ch = children.get(cid, {})
        dob = ch.get("date_of_birth")
        return {
            "child_id": cid,
            "sex": _coded(SEX_LABELS, ch.get("sex")),
            "ethnicity": _coded(ETHNICITY_LABELS, ch.get("ethnicity")),
            "date_of_birth": dob,
            "age": age_on(dob, as_at) if dob is not None and as_at is not None and dob <= as_at else None,
            "disabled": _label(YES_NO, ch.get("disabled")),
            "uasc": _label(YES_NO, ch.get("uasc")),
        }

    def count_before(records: list[dict], field: str, day: _dt.date, exclude: dict) -> int:
        lo = add_months(day, -12)
        return sum(1 for r in records if r is not exclude and r.get(field) is not None and lo <= r[field] < day)

    def rows_for(n: int) -> Iterator[dict[str, Any]]:
        if n == 1:
            for r in tables.get("contacts", ()):
                yield {**common(r["child_id"]), "contact_date": r["date"],
                       "contact_source": _coded(SOURCE_LABELS, r.get("source"))}
        elif n == 3:
            for r in tables.get("referrals", ()):
                yield {**common(r["child_id"]), "referral_date": r["date"],
                       "referral_source": _coded(SOURCE_LABELS, r.get("source")), "nfa": _label(YES_NO, r.get("nfa")),
                       # this referral and the child's others in the 12 months before it
                       "referrals_12m": (r["referrals_last_12_months"] if r.get("referrals_last_12_months") is not None
                                         else 1 + count_before(referrals_by_child[r["child_id"]], "date", r["date"], r)),
                       "team": r.get("team")}
        elif n == 4:
            for r in tables.get("assessments", ()):
                yield {**common(r["child_id"]), "start": r["start_date"], "child_seen": _label(YES_NO, r.get("child_seen")),
                       "authorised": r.get("authorised_date"),
                       "requires_support": _label(YES_NO, r.get("requires_support")), "team": r.get("team"),
                       "worker": r.get("worker_id")}
        elif n == 5:
            strategy_date = {d["strategy_id"]: d.get("date") for d in tables.get("strategy_discussions", ())}
            for r in tables.get("s47_enquiries", ()):
                initial = sorted(initial_by_s47.get(r["s47_id"], ()), key=lambda c: (c["date"], c["conference_id"]))
                icpcs = [c for c in conferences_by_child[r["child_id"]] if c.get("type") == "initial"]
                # the column is the date of the strategy discussion that started the enquiry
                yield {**common(r["child_id"]), "start": strategy_date.get(r.get("strategy_id")) or r["start_date"],
                       "icpc_not_required": _label(YES_NO, r.get("icpc_not_required")), "icpc_date": r.get("icpc_date"),
                       "plan_made": _label(YES_NO, initial[0].get("plan_made")) if initial else None,
                       "s47_12m": count_before(s47_by_child[r["child_id"]], "start_date", r["start_date"], r),
                       "icpc_12m": count_before(icpcs, "date", r["start_date"], {}),
                       "team": r.get("team"), "worker": r.get("worker_id")}
        elif n == 6:
            for r in tables.get("cin_plans", ()):
                cid = r["child_id"]
                seen = [v for v in visits[cid] if v.get("seen")]
                last = _latest(seen, r["start_date"], limit(r.get("end_date")), "visit_id")
                refs = [x for x in referrals_by_child[cid] if x["date"] <= r["start_date"]]
                need = max(refs, key=lambda x: (x["date"], x["referral_id"]))["primary_need"] if refs else None
                yield {**common(cid), "start": r["start_date"],
                       "primary_need": _coded({}, need, codes.get("primary_need"), " - "),
                       "last_seen": last["date"] if last else None, "end": r.get("end_date"),
                       "case_status": "e) Closed episode" if r.get("end_date") else "c) Child in need plan"}
        elif n == 7:
            for r in tables.get("cp_plans", ()):
                cid = r["child_id"]
                hi = limit(r.get("end_date"))
                cp_visits = [v for v in visits[cid] if v.get("type") == "cp"]
                visit = _latest(cp_visits, r["start_date"], hi, "visit_id")
                review = _latest(reviews_by_plan.get(r["plan_id"], []), None, hi, "conference_id")
                yield {**common(cid), "start": r["start_date"],
                       "initial_category": _coded(ABUSE_LABELS, r.get("initial_category")),
                       "latest_category": _coded(ABUSE_LABELS, r.get("latest_category")),
                       "visit_date": visit["date"] if visit else None,
                       "seen_alone": _label(YES_NO, visit.get("seen_alone")) if visit else None,
                       "review_date": review["date"] if review else None, "end": r.get("end_date"),
                       "previous_plans": r.get("previous_plans"), "team": r.get("team")}
        elif n == 8:
            for r in tables.get("care_periods", ()):
                cid = r["child_id"]
                hi = limit(r.get("end_date"))
                lac_visits = [v for v in visits[cid] if v.get("type") == "lac"]
                visit = _latest(lac_visits, None, hi, "visit_id")
                review = _latest(lac_reviews_by_period.get(r["period_id"], []), None, hi, "review_id")
                ha = _latest(health[cid], None, hi, "health_assessment_id")
                missing = r.get("missing_episodes_12m")
                absent: int | None
                if missing is None and "missing_episodes" in tables:  # counted from the events, where there are any
                    lo = add_months(hi, -12) if hi is not None else None
                    missing = sum(1 for m in missing_by_child[cid] if m.get("type") != "A"
                                  and (lo is None or lo < m["start_date"]) and (hi is None or m["start_date"] <= hi))
                    absent = sum(1 for m in missing_by_child[cid] if m.get("type") == "A"
                                 and (lo is None or lo < m["start_date"]) and (hi is None or m["start_date"] <= hi))
                else:
                    absent = r.get("absent_episodes_12m")
                offered, accepted = r.get("return_interview_offered"), r.get("return_interview_accepted")
                last = max((m for m in missing_by_child[cid] if m.get("type") != "A" and (hi is None or m["start_date"] <= hi)),
                           key=lambda m: (m["start_date"], m["episode_id"]), default=None)
                if offered is None and last is not None:  # after the last missing episode
                    offered = last.get("rhi_offered_date") is not None
                    accepted = last.get("rhi_accepted") if offered else None
                permanence = _label({True: "f) Long-term fostering", False: "g) Other"}, r.get("placement_long_term"))
                yield {**common(cid), "start": r["start_date"], "permanence": permanence, "iro": r.get("iro_visit_date"),
                       "dental": r.get("dental_check_date"), "missing": missing, "absent": absent,
                       "rhi_offered": _label(YES_NO, offered), "rhi_accepted": _label(YES_NO, accepted),
                       "legal_status": _coded({}, r.get("legal_status"), codes.get("legal_status")),
                       "review_date": review["date"] if review else None,
                       "visit_date": visit["date"] if visit else None,
                       "health_date": ha["date"] if ha else None,
                       "placements": r.get("placements_last_12_months"), "end": r.get("end_date"),
                       "placement_start": r.get("placement_start_date"),
                       "placement_type": _coded({}, r.get("placement_type"), codes.get("placement_type")),
                       "team": r.get("team"), "worker": r.get("worker_id")}
        elif n == 9:
            for r in tables.get("care_leavers", ()):
                cid = r["child_id"]
                plan = _latest(pathway[cid], None, as_at, "pathway_plan_id")
                yield {**common(cid), "personal_adviser": r.get("personal_adviser_id"),
                       "eligibility": _coded(ELIGIBILITY_LABELS, r.get("eligibility")),
                       "pathway_date": plan["date"] if plan else None,
                       "in_touch": _coded(IN_TOUCH_LABELS, r.get("in_touch")),
                       "last_contact": r.get("last_contact_date"),
                       "accommodation": _coded({}, r.get("accommodation"), codes.get("accommodation_type")),
                       "suitable": _label(SUITABLE_LABELS, r.get("accommodation_suitable")),
                       "activity": _coded(ACTIVITY_LABELS, r.get("activity"))}

    wb = Workbook(write_only=True)
    wb.properties.creator = "casecheck"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    bold = Font(bold=True)
    for n, (sheet, title, note) in _SHEETS.items():
        ws = wb.create_sheet(sheet)
        layout = _LAYOUT[n]
        cols = {c.role: c for c in LIST_COLS[n] + COMMON}
        headers = [(_UASC_HEADER[n] if role == "uasc" else cols[role].headers[0]) for role in layout]
        dates = {role for role in layout if cols[role].conv == "date"}
        for i in range(len(layout)):
            ws.column_dimensions[_column_letter(i + 1)].width = 18
        title_cell = WriteOnlyCell(ws, value=title)
        title_cell.font = Font(bold=True, size=14)
        ws.append([title_cell])
        ws.append([note + _NOTE])
        header_cells = []
        for h in headers:
            c = WriteOnlyCell(ws, value=h)
            c.font = bold
            header_cells.append(c)
        ws.append(header_cells)
        for rec in rows_for(n):
            out_row = []
            for role in layout:
                value = rec.get(role)
                if role in dates and value is not None:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = "DD/MM/YYYY"
                    out_row.append(cell)
                else:
                    out_row.append(value)
            ws.append(out_row)
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(wb, archive).save()  # closes the archive; unlike Workbook.save, leaves `modified` alone
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():  # same entries, fixed times: stable bytes
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)
