"""Writing generated ``csc`` tables as an SSDA903 folder, so that the reader
(``ssda903``) gives back every field the 903 carries."""

from __future__ import annotations

import csv
import datetime as _dt
from pathlib import Path

from checker.data.readers.ssda903 import KINDS
from checker.schema import DataSchema
from checker.workdays import add_months, age_on


def _d(v: _dt.date | None) -> str:
    return v.strftime("%d/%m/%Y") if v is not None else ""


def _s(v) -> str:
    return "" if v is None else str(v)


def _flag(v) -> str:
    return {True: "1", False: "0"}.get(v, "")


def placement_starts(p: dict, ref: _dt.date | None) -> list[_dt.date]:
    """The start of each placement of a period of care, first to current, so
    that the reader counts ``placements_last_12_months`` placements in force
    in the 12 months to ``ref`` (the period's end, else the year end): the
    first placement at the period's start, the current one at
    ``placement_start_date``, and the moves between them spread evenly over
    the part of the 12 months before the current placement. Fewer when the
    dates leave no room (a count the other fields contradict)."""
    start, pstart = p["start_date"], p.get("placement_start_date")
    end = p.get("end_date")
    if pstart is None or pstart <= start or (end is not None and pstart > end):
        return [start]
    n = p.get("placements_last_12_months") or 2
    lo = start if ref is None else max(start, add_months(ref, -12))
    between = max(0, n - 2)
    gap = (pstart - lo).days
    between = min(between, gap - 1) if gap > 1 else 0
    moves = [lo + _dt.timedelta(days=(gap * (k + 1)) // (between + 1)) for k in range(between)]
    return [start] + sorted(set(m for m in moves if start < m < pstart)) + [pstart]


def placements_by_period(placements, periods: list[dict]) -> dict[str, list[tuple[_dt.date, str]]]:
    """Each period's placements as episodes begin them: (start, PLACE), first
    to current, from the ``placements`` table, for the periods whose
    placements it holds and that begin with the period and end with its
    current placement (its placement_start_date and type); a period without
    them is left out (``write`` then spreads its count of moves). Placements
    beginning on the same day keep the later one."""
    by: dict[str, dict[_dt.date, str]] = {}
    for pl in sorted(placements, key=lambda x: (x.get("period_id") or "", x["start_date"], x["placement_id"])):
        if pl.get("period_id") is not None:
            by.setdefault(pl["period_id"], {})[pl["start_date"]] = _s(pl.get("placement_type"))
    out = {}
    for p in periods:
        runs = sorted(by.get(p["period_id"], {}).items())
        if not runs or runs[0][0] != p["start_date"]:
            continue
        current = p.get("placement_start_date") or p["start_date"]
        if runs[-1][0] != current or (p.get("end_date") is not None and current > p["end_date"]):
            continue
        runs[-1] = (current, _s(p.get("placement_type")))  # the period's own record of its current placement
        out[p["period_id"]] = runs
    return out


def oc2_rows(tables: dict[str, list[dict]], population: list[str], as_at: _dt.date | None) -> list[list[str]]:
    """OC2 for the children looked after continuously for the 12 months to
    ``as_at`` (the year end): HEALTH_CHECK 1 when the period says its health
    assessment was up to date, or else when a health assessment falls in the
    12 months to ``as_at`` (the 6 months under 5); TEETH_CHECK and
    IMMUNISATIONS from the period's flags, else the last dental check within
    12 months, else blank."""
    if as_at is None:
        return []
    children = {c["child_id"]: c for c in tables.get("children", ())}
    health: dict[str, list[_dt.date]] = {}
    for h in tables.get("health_assessments", ()):
        health.setdefault(h["child_id"], []).append(h["date"])
    year = add_months(as_at, -12)
    rows = []
    wanted = set(population)
    for p in sorted(tables.get("care_periods", ()), key=lambda p: (p["child_id"], p["start_date"])):
        cid = p["child_id"]
        if cid not in wanted or p["start_date"] > year or (p.get("end_date") is not None and p["end_date"] <= as_at):
            continue
        dob = children.get(cid, {}).get("date_of_birth")
        check = p.get("health_check_up_to_date")
        if check is None:
            months = 6 if dob is not None and age_on(dob, as_at) < 5 else 12
            check = any(add_months(as_at, -months) < d <= as_at for d in health.get(cid, ()))
        teeth = p.get("dental_check_up_to_date")
        if teeth is None and p.get("dental_check_date") is not None:
            teeth = year < p["dental_check_date"] <= as_at
        rows.append([cid, _d(dob), "", "", "", _flag(check), _flag(p.get("immunisations_up_to_date")), _flag(teeth),
                     "", "", "", ""])
        wanted.discard(cid)
    return rows


def adoption_and_permanence(periods: list[dict], dob, as_at: _dt.date | None) -> tuple[list[list[str]], list[list[str]]]:
    """PlacedAdoption and PrevPerm rows from the periods of care. PlacedAdoption:
    a child placed for adoption (A3-A6) or under a placement order (E1) has a
    decision that they should be placed for adoption, dated when the
    placement began (the period's start for E1 alone), not ceased. PrevPerm:
    each child who started to be looked after in the year (to ``as_at``) has
    a row, Z1 (no previous permanence order known: the csc tables hold none).
    One row per child, by child."""
    placed: dict[str, str] = {}
    started: set[str] = set()
    year_start = add_months(as_at, -12) if as_at is not None else None
    for p in periods:
        cid = p["child_id"]
        if (p.get("placement_type") or "") in ("A3", "A4", "A5", "A6"):
            placed.setdefault(cid, _d(p.get("placement_start_date") or p["start_date"]))
        elif p.get("legal_status") == "E1":
            placed.setdefault(cid, _d(p["start_date"]))
        if year_start is not None and year_start < p["start_date"] <= as_at:
            started.add(cid)
    adoption = [[cid, dob(cid), when, "", ""] for cid, when in sorted(placed.items())]
    permanence = [[cid, dob(cid), "Z1", "", ""] for cid in sorted(started)]
    return adoption, permanence


def write(tables: dict[str, list[dict]], schema: DataSchema, out: Path, as_at: _dt.date | None = None) -> None:
    """Write ``csc`` tables as an SSDA903 folder: header.csv, episodes.csv,
    reviews.csv, oc3.csv, uasc.csv, oc2.csv, sw_episodes.csv, missing.csv,
    placed_adoption.csv, prev_perm.csv and ad1.csv (every file of a return,
    one with no rows as its header: ``adoption_and_permanence``), dates
    DD/MM/YYYY. Deterministic.

    The return's population is the children with a period of care, a review
    or a care-leaver record. Each period of care is one episode per placement:
    RNE S, then P at each move, each with its own PLACE, from the
    ``placements`` table (``placements_by_period``; without it, the period's
    count of moves spread by ``placement_starts``), joined by X1; a
    period that has ended ends with REC E8 (ceased for any other reason: the
    csc tables do not say why). SEX is M, F or U, as the return has written
    it since 2024/25 (1 and 2 before), blank where csc has none. child_participated true -> PN1, false -> PN7,
    blank -> PN0. ACCOM is the accommodation letter and 1 (suitable) or 2
    (unsuitable); ACTIV and ACCOM are 0 when not known. uasc.csv lists the
    children marked uasc. OC2 (``oc2_rows``) needs ``as_at``, the year end.
    SWEpisodes are the population's case allocations (SW_ID the worker's ID,
    blank while unallocated); Missing their missing episodes (M missing, A
    away). Columns csc has no value for (UPN, CIN, PLACE_PROVIDER,
    postcodes, SW_REASON...) are blank. placements in the last 12 months and
    long-term fostering are not written: the reader derives them from the
    episodes and PLACE codes.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    children = {c["child_id"]: c for c in tables.get("children", ())}
    periods = sorted(tables.get("care_periods", ()), key=lambda p: (p["child_id"], p["start_date"], p["period_id"]))
    reviews = sorted(tables.get("lac_reviews", ()), key=lambda r: (r["child_id"], r["date"], r["review_id"]))
    leavers = sorted(tables.get("care_leavers", ()), key=lambda c: c["child_id"])
    population = sorted({p["child_id"] for p in periods} | {r["child_id"] for r in reviews} | {c["child_id"] for c in leavers})
    members = set(population)

    def dob(cid):
        return _d(children.get(cid, {}).get("date_of_birth"))

    # the 2024/25 return's codes (DfE rule 101: M, F or U; it was 1 and 2 before)
    sex_code: dict[str | None, str] = {"M": "M", "F": "F", "U": "U"}  # looked up by a child's sex, None if not given
    header_rows = []
    uasc_rows = []
    for cid in population:
        c = children.get(cid, {})
        header_rows.append([cid, sex_code.get(c.get("sex"), ""), dob(cid), _s(c.get("ethnicity")), "", "", ""])
        if c.get("uasc"):
            uasc_rows.append([cid, sex_code.get(c.get("sex"), ""), dob(cid), ""])
    _write(out / "header.csv", KINDS["Header"][0], header_rows)
    _write(out / "uasc.csv", KINDS["UASC"][0], uasc_rows)

    episode_rows = []
    held = placements_by_period(tables.get("placements", ()), periods)
    for p in periods:
        end = p.get("end_date")
        ls = _s(p.get("legal_status"))
        ending = "E8" if end is not None else ""
        runs = held.get(p["period_id"])
        if runs is None:  # no placements table: the period's count of moves, spread (the current type for all)
            starts = placement_starts(p, end or as_at)
            runs = [(s, _s(p.get("placement_type"))) for s in starts]
        for k, (s, place) in enumerate(runs):
            last = k == len(runs) - 1
            episode_rows.append([p["child_id"], _d(s), "S" if k == 0 else "P", ls, "", place, "",
                                 _d(end) if last else _d(runs[k + 1][0]), ending if last else "X1", "", "", "", ""])
    _write(out / "episodes.csv", KINDS["Episodes"][0], episode_rows)

    code = {True: "PN1", False: "PN7", None: "PN0"}
    _write(out / "reviews.csv", KINDS["Reviews"][0],
           [[r["child_id"], dob(r["child_id"]), _d(r["date"]), code[r.get("child_participated")]] for r in reviews])

    oc3_rows = []
    for c in leavers:
        accom = c.get("accommodation")
        suitable = c.get("accommodation_suitable")
        accom_code = "0" if accom is None else accom + {True: "1", False: "2", None: ""}[suitable]
        oc3_rows.append([c["child_id"], dob(c["child_id"]), _s(c.get("in_touch")), _s(c.get("activity")) or "0", accom_code])
    _write(out / "oc3.csv", KINDS["OC3"][0], oc3_rows)

    _write(out / "oc2.csv", KINDS["OC2"][0], oc2_rows(tables, population, as_at))

    allocations = sorted((a for a in tables.get("case_allocations", ()) if a["child_id"] in members),
                         key=lambda a: (a["child_id"], a["start_date"], a["allocation_id"]))
    _write(out / "sw_episodes.csv", KINDS["SWEpisodes"][0],
           [[a["child_id"], dob(a["child_id"]), _s(a.get("worker_id")), _d(a["start_date"]), _d(a.get("end_date")), ""]
            for a in allocations])

    adoption_rows, prev_perm_rows = adoption_and_permanence(periods, dob, as_at)
    _write(out / "placed_adoption.csv", KINDS["PlacedAdoption"][0], adoption_rows)
    _write(out / "prev_perm.csv", KINDS["PrevPerm"][0], prev_perm_rows)
    # AD1 is for children adopted in the year (REC E11, E12): the csc tables do not say why care
    # ended (every ending is written E8), so the file is its header alone
    _write(out / "ad1.csv", KINDS["AD1"][0], [])

    missing = sorted((m for m in tables.get("missing_episodes", ()) if m["child_id"] in members),
                     key=lambda m: (m["child_id"], m["start_date"], m["episode_id"]))
    _write(out / "missing.csv", KINDS["Missing"][0],
           [[m["child_id"], dob(m["child_id"]), _s(m.get("type")), _d(m["start_date"]), _d(m.get("end_date"))]
            for m in missing])


def _write(path: Path, header, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
