"""What the SSDA903 files become on the ``csc`` schema, once read: episodes
collapsed into periods of care (with their placements and moves), social
worker episodes as case allocations, missing episodes, and the OC2 health
flags on the period of care open at the year end. ``ssda903`` reads the
files and hands their rows here; its docstring says what each column becomes.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from dataclasses import dataclass

from checker.workdays import add_months

TEMPORARY = {"T0", "T1", "T2", "T3", "T4"}
LONG_TERM_FOSTER = {"U1": True, "U4": True, "U2": False, "U3": False, "U5": False, "U6": False}
#: OC2's yes/no columns (1 yes, 0 no) and the care_periods field each fills
OC2_FLAGS = {"HEALTH_CHECK": "health_check_up_to_date", "TEETH_CHECK": "dental_check_up_to_date",
             "IMMUNISATIONS": "immunisations_up_to_date"}
FLAG = {"1": True, "0": False, "Y": True, "N": False, "YES": True, "NO": False}
#: the Missing file's MISSING column: M missing from placement, A away from placement without authorisation
MISSING_TYPE = {"M": "M", "A": "A"}


@dataclass
class Episode:
    line: int
    child: str
    decom: _dt.date
    dec: _dt.date | None
    rne: str | None
    ls: str | None
    place: str | None
    rec: str | None


@dataclass
class Period:
    """A period of care: consecutive episodes joined by X1."""

    child: str
    episodes: list[Episode]
    followed: bool = False  # a later period of the same child follows

    @property
    def start(self) -> _dt.date:
        return self.episodes[0].decom

    @property
    def key(self) -> str:
        return f"{self.child}/{self.start.isoformat()}"

    @property
    def end(self) -> _dt.date | None:
        last = self.episodes[-1]
        if last.dec is None:
            return None
        return last.dec if last.rec != "X1" or self.followed else None

    @property
    def dangling_x1(self) -> bool:
        """Ends with X1 (a new episode begins the same day) but none does."""
        return self.episodes[-1].rec == "X1"

    def contains(self, d: _dt.date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)

    def placements(self) -> list[tuple[_dt.date, _dt.date | None, str | None]]:
        """(start, end, PLACE) of each placement: a run of episodes from one
        whose RNE is not L (change of legal status only) to the next."""
        runs: list[list] = []
        for i, ep in enumerate(self.episodes):
            if i == 0 or (ep.rne or "").upper() != "L":
                if runs:
                    runs[-1][1] = ep.decom
                runs.append([ep.decom, self.end, ep.place])
            else:
                runs[-1][2] = ep.place or runs[-1][2]
        return [tuple(r) for r in runs]


def collapse(episodes: list[Episode]) -> list[Period]:
    """Episodes (any order) to periods of care, by child and start date."""
    by_child: dict[str, list[Episode]] = defaultdict(list)
    for ep in episodes:
        by_child[ep.child].append(ep)
    periods: list[Period] = []
    for child in sorted(by_child):
        prev: Episode | None = None
        for ep in sorted(by_child[child], key=lambda e: (e.decom, e.line)):
            joins = (
                prev is not None
                and (ep.rne or "").upper() != "S"
                and prev.rec == "X1"
                and prev.dec is not None
                and ep.decom == prev.dec
            )
            if joins:
                periods[-1].episodes.append(ep)
            else:
                if prev is not None:
                    periods[-1].followed = True
                periods.append(Period(child, [ep]))
            prev = ep
    return periods


def year_end(episodes: list[Episode]) -> _dt.date | None:
    """The end of the return's collection year: the first 31 March on or
    after the latest date in the Episodes file."""
    dates = [d for ep in episodes for d in (ep.decom, ep.dec) if d is not None]
    if not dates:
        return None
    latest = max(dates)
    end = _dt.date(latest.year, 3, 31)
    return end if latest <= end else _dt.date(latest.year + 1, 3, 31)


def period_values(p: Period, ref_open: _dt.date | None) -> dict:
    last = p.episodes[-1]
    runs = p.placements()
    settled = [r for r in runs if (r[2] or "").upper() not in TEMPORARY]
    current = settled[-1] if settled else runs[-1]
    place = current[2]
    ref = p.end or ref_open
    moves = None
    if ref is not None:
        twelve = add_months(ref, -12)
        moves = sum(1 for s, e, _ in settled if s <= ref and (e is None or e > twelve)) if settled else None
    return {
        "period_id": p.key,
        "child_id": p.child,
        "start_date": p.start,
        "end_date": p.end,
        "legal_status": last.ls,
        "placement_type": place,
        "placement_start_date": current[0],
        "placement_long_term": LONG_TERM_FOSTER.get((place or "").upper()),
        "placements_last_12_months": moves,
    }



def placement_values(p: Period) -> list[tuple[int, dict]]:
    """The placements of a period of care, first to last: one for each run
    of episodes from one whose RNE is not L (a change of legal status only)
    to the next (``Period.placements``), from its DECOM to the next
    placement's start (or the period's end), with its PLACE. A temporary
    placement (T0-T4) is a placement too: the child was placed there.
    Each with the line of the episode that started it."""
    lines = [ep.line for i, ep in enumerate(p.episodes) if i == 0 or (ep.rne or "").upper() != "L"]
    return [(line, {"placement_id": f"{p.key}/{start.isoformat()}", "child_id": p.child, "period_id": p.key,
                    "start_date": start, "end_date": end, "placement_type": place})
            for line, (start, end, place) in zip(lines, p.placements())]


def period_at(periods: list[Period], child: str, day: _dt.date | None) -> Period | None:
    """The child's period of care open on ``day`` (the latest-starting one
    when two overlap), else None."""
    if day is None:
        return None
    holding = [p for p in periods if p.child == child and p.contains(day)]
    return max(holding, key=lambda p: p.start) if holding else None


def oc2_by_period(periods: list[Period], flags: dict[str, dict[str, bool | None]], ref: _dt.date | None):
    """OC2's flags (child -> field -> value) on the period of care each
    child had open at the year end ``ref``: OC2 is about children looked
    after for 12 months at 31 March. A child in OC2 with no period open then
    (or no Episodes file) is returned apart: period key -> fields, and the
    children placed on none."""
    by_child: dict[str, list[Period]] = defaultdict(list)
    for p in periods:
        by_child[p.child].append(p)
    out: dict[str, dict[str, bool | None]] = {}
    unplaced: list[str] = []
    for child, values in flags.items():
        at_end = period_at(by_child.get(child, []), child, ref)
        if at_end is None:
            unplaced.append(child)
        else:
            out[at_end.key] = values
    return out, sorted(unplaced)
