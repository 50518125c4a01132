"""The SSDA903 files' rows, each kind onto its ``csc`` records (what each
column becomes is in ``ssda903``'s docstring). ``f`` is a read 903 file:
``f.rows`` is (line, cells or None, the row's rejection), ``f.col(cells,
NAME)`` a cell's stripped text or None, ``f.path`` its path."""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from collections.abc import Iterator

from checker.data.readers.base import RawRow
from checker.data.readers.ssda903_derive import FLAG, MISSING_TYPE, OC2_FLAGS, Episode, Period
from checker.errors import Diagnostics, Location

SEX = {"1": "M", "2": "F", "M": "M", "F": "F", "MALE": "M", "FEMALE": "F"}
PARTICIPATED = {"PN0": None, "PN1": True, "PN2": True, "PN3": True, "PN4": True, "PN5": True, "PN6": True, "PN7": False}

_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+0{1,2}:00(?::00)?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]0{1,2}:00(?::00)?)?$")


def parse_date(text: str | None) -> _dt.date | None:
    """A 903 date: DD/MM/YYYY (what the return specifies) or YYYY-MM-DD, with
    a midnight time (as Excel saves dates) allowed. None if it is not one."""
    if not text:
        return None
    t = text.strip()
    m = _UK_DATE.match(t)
    try:
        if m:
            d, mo, y = (int(x) for x in m.groups())
            return _dt.date(y, mo, d)
        m = _ISO_DATE.match(t)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            return _dt.date(y, mo, d)
    except ValueError:
        return None
    return None


def date_or_raw(text: str | None):
    """For the loader: the date when it parses, else the text (so the loader
    rejects it with its usual message), None when blank."""
    if text is None or not text.strip():
        return None
    d = parse_date(text)
    return d if d is not None else text


def problem_row(line: int, problem: str, reason: str) -> RawRow:
    return RawRow(line, None, problem, reason)


def children_rows(f, uasc: set[str] | None) -> Iterator[RawRow]:
    for line, cells, problem in f.rows:
        if cells is None:
            yield problem
            continue
        child = f.col(cells, "CHILD")
        sex, ethnic = f.col(cells, "SEX"), f.col(cells, "ETHNIC")
        values = {
            "child_id": child,
            "sex": SEX.get(sex.upper(), sex) if sex else None,
            "date_of_birth": date_or_raw(f.col(cells, "DOB")),
            "ethnicity": ethnic.upper() if ethnic else None,
            "uasc": None if uasc is None else child in uasc,
        }
        yield RawRow(line, values, sources=CHILD_SOURCES)

def episode_list(f) -> tuple[list[RawRow], list[Episode]]:
    problems: list[RawRow] = []
    episodes: list[Episode] = []
    for line, cells, problem in f.rows:
        if cells is None:
            problems.append(problem)
            continue
        child = f.col(cells, "CHILD")
        decom_raw, dec_raw = f.col(cells, "DECOM"), f.col(cells, "DEC")
        decom, dec = parse_date(decom_raw), parse_date(dec_raw)
        if child is None:
            problems.append(problem_row(line, "CHILD is blank: the episode belongs to no child", "missing required value"))
        elif decom_raw is None:
            problems.append(problem_row(line, "DECOM is blank: the episode has no start date", "missing required value"))
        elif decom is None:
            problems.append(problem_row(line, f"DECOM `{decom_raw}` is not a date, DD/MM/YYYY", "bad value"))
        elif dec_raw is not None and dec is None:
            problems.append(problem_row(line, f"DEC `{dec_raw}` is not a date, DD/MM/YYYY", "bad value"))
        else:
            def up(v):
                return v.upper() if v else None
            episodes.append(Episode(line, child, decom, dec, up(f.col(cells, "RNE")), up(f.col(cells, "LS")),
                                     up(f.col(cells, "PLACE")), up(f.col(cells, "REC"))))
    return problems, episodes

def review_rows(f, periods: list[Period], linkable: bool, diags: Diagnostics) -> Iterator[RawRow]:
    by_child: dict[str, list[Period]] = defaultdict(list)
    for p in periods:
        by_child[p.child].append(p)
    unlinked = 0
    first: tuple[int, str, _dt.date] | None = None  # (line, child, date) of the first unlinked review (one with a date)
    for line, cells, problem in f.rows:
        if cells is None:
            yield problem
            continue
        child = f.col(cells, "CHILD")
        raw = f.col(cells, "REVIEW")
        d = parse_date(raw)
        code = (f.col(cells, "REVIEW_CODE") or "").upper()
        if child is None:
            yield problem_row(line, "CHILD is blank: the review belongs to no child", "missing required value")
            continue
        if raw is None:
            yield problem_row(line, "REVIEW is blank: the review has no date", "missing required value")
            continue
        if code and code not in PARTICIPATED:
            yield problem_row(line, f"REVIEW_CODE `{code}` is not a participation code (PN0-PN7)", "bad value")
            continue
        period = None
        if d is not None:
            holding = [p for p in by_child.get(child, ()) if p.contains(d)]
            if holding:
                period = max(holding, key=lambda p: p.start).key
            elif linkable:
                unlinked += 1
                first = first or (line, child, d)
        values = {
            "review_id": f"{child}/{d.isoformat() if d else raw}",
            "child_id": child,
            "period_id": period,
            "date": d if d is not None else raw,
            "child_participated": PARTICIPATED.get(code) if code else None,
        }
        yield RawRow(line, values, sources=REVIEW_SOURCES)
    if unlinked:
        assert first is not None  # set with the first unlinked review
        line, child, d = first
        diags.warning(
            f"{unlinked} review{'s' if unlinked > 1 else ''} in `{f.path.name}` fall in no period of care in the Episodes file;"
            f" their period_id is blank (first: child `{child}`, {d.isoformat()}, row {line})",
            Location(str(f.path), line),
            code="unlinked-review",
        )

def oc3_rows(f) -> Iterator[RawRow]:
    for line, cells, problem in f.rows:
        if cells is None:
            yield problem
            continue
        accom = (f.col(cells, "ACCOM") or "").upper()
        if accom in ("", "0"):
            letter, suitable = None, None
        elif len(accom) == 1 and accom.isalpha():
            letter, suitable = accom, None
        elif len(accom) == 2 and accom[0].isalpha() and accom[1] in "12":
            letter, suitable = accom[0], accom[1] == "1"
        else:
            yield problem_row(
                line, f"ACCOM `{accom}` is not an OC3 accommodation code (a letter, then 1 suitable or 2 unsuitable; or 0)", "bad value"
            )
            continue
        activ = (f.col(cells, "ACTIV") or "").upper()
        in_touch = f.col(cells, "IN_TOUCH")
        values = {
            "child_id": f.col(cells, "CHILD"),
            "in_touch": in_touch.upper() if in_touch else None,
            "activity": None if activ in ("", "0") else activ,
            "accommodation": letter,
            "accommodation_suitable": suitable,
        }
        yield RawRow(line, values, sources=OC3_SOURCES)


CHILD_SOURCES = {"child_id": "CHILD", "sex": "SEX", "date_of_birth": "DOB", "ethnicity": "ETHNIC", "uasc": "UASC file"}
PERIOD_SOURCES = {
"period_id": "CHILD + DECOM",
"child_id": "CHILD",
"start_date": "DECOM",
"end_date": "DEC",
"legal_status": "LS",
"placement_type": "PLACE",
"placement_start_date": "DECOM",
"placement_long_term": "PLACE",
"placements_last_12_months": "RNE",
}
PLACEMENT_SOURCES = {"placement_id": "CHILD + DECOM", "child_id": "CHILD", "period_id": "CHILD + DECOM", "start_date": "DECOM",
                     "end_date": "DEC", "placement_type": "PLACE"}
REVIEW_SOURCES = {"review_id": "CHILD + REVIEW", "child_id": "CHILD", "date": "REVIEW", "child_participated": "REVIEW_CODE"}
OC3_SOURCES = {"child_id": "CHILD", "in_touch": "IN_TOUCH", "activity": "ACTIV", "accommodation": "ACCOM", "accommodation_suitable": "ACCOM"}


def oc2_flags(f) -> tuple[dict[str, dict[str, bool | None]], list[RawRow]]:
    """OC2's yes/no columns by child (1 or Y yes, 0 or N no, blank not
    recorded), and the rows that could not be read (a blank CHILD, a flag
    that is none of those)."""
    flags: dict[str, dict[str, bool | None]] = {}
    problems: list[RawRow] = []
    for line, cells, problem in f.rows:
        if cells is None:
            problems.append(problem)
            continue
        child = f.col(cells, "CHILD")
        if child is None:
            problems.append(problem_row(line, "CHILD is blank: the OC2 row belongs to no child", "missing required value"))
            continue
        values: dict[str, bool | None] = {}
        bad = None
        for col, fld in OC2_FLAGS.items():
            raw = (f.col(cells, col) or "").upper()
            if raw and raw not in FLAG:
                bad = f"{col} `{raw}` is not 1 (yes) or 0 (no)"
                break
            values[fld] = FLAG.get(raw)
        if bad:
            problems.append(problem_row(line, bad, "bad value"))
            continue
        flags[child] = values
    return flags, problems


def allocation_rows(f) -> Iterator[RawRow]:
    """SWEpisodes: each social worker episode is a case allocation to SW_ID
    (the worker's ID, never a name) from SW_DECOM to SW_DEC."""
    for line, cells, problem in f.rows:
        if cells is None:
            yield problem
            continue
        child, raw = f.col(cells, "CHILD"), f.col(cells, "SW_DECOM")
        if child is None:
            yield problem_row(line, "CHILD is blank: the social worker episode belongs to no child", "missing required value")
            continue
        if raw is None:
            yield problem_row(line, "SW_DECOM is blank: the social worker episode has no start date", "missing required value")
            continue
        d = parse_date(raw)
        values = {
            "allocation_id": f"{child}/{d.isoformat() if d else raw}/{line}",
            "child_id": child,
            "worker_id": f.col(cells, "SW_ID"),
            "start_date": d if d is not None else raw,
            "end_date": date_or_raw(f.col(cells, "SW_DEC")),
        }
        yield RawRow(line, values, sources=ALLOCATION_SOURCES)


def missing_rows(f) -> Iterator[RawRow]:
    """Missing: each row an episode missing (M) or away without
    authorisation (A) from MIS_START to MIS_END."""
    for line, cells, problem in f.rows:
        if cells is None:
            yield problem
            continue
        child, raw = f.col(cells, "CHILD"), f.col(cells, "MIS_START")
        if child is None:
            yield problem_row(line, "CHILD is blank: the missing episode belongs to no child", "missing required value")
            continue
        if raw is None:
            yield problem_row(line, "MIS_START is blank: the missing episode has no start date", "missing required value")
            continue
        kind = (f.col(cells, "MISSING") or "").upper()
        if kind and kind not in MISSING_TYPE:
            yield problem_row(line, f"MISSING `{kind}` is not M (missing) or A (away from placement without authorisation)", "bad value")
            continue
        d = parse_date(raw)
        values = {
            "episode_id": f"{child}/{d.isoformat() if d else raw}/{line}",
            "child_id": child,
            "type": MISSING_TYPE.get(kind),
            "start_date": d if d is not None else raw,
            "end_date": date_or_raw(f.col(cells, "MIS_END")),
        }
        yield RawRow(line, values, sources=MISSING_SOURCES)


ALLOCATION_SOURCES = {"allocation_id": "CHILD + SW_DECOM", "child_id": "CHILD", "worker_id": "SW_ID",
                      "start_date": "SW_DECOM", "end_date": "SW_DEC"}
MISSING_SOURCES = {"episode_id": "CHILD + MIS_START", "child_id": "CHILD", "type": "MISSING",
                   "start_date": "MIS_START", "end_date": "MIS_END"}
