"""Synthetic council case data, with known practice problems planted in it.

``generate(children, seed, profile)`` builds a year of a fictional council's
children's social care records, ending at ``as_at``, in the ``csc`` schema
(``rules/schemas/csc.yaml``): contacts and referrals at the front door,
assessments, strategy discussions and section 47 enquiries, child protection
conferences, plans and visits, child in need plans, periods of care with their
reviews, visits, health assessments and PEPs, care leavers with pathway plans,
and the workforce with supervisions, case allocations and QA case audits.
There are no names anywhere: every person is an ID. ``write_csv`` writes it
as one CSV per table plus ``truth.json``, the answer key.

The same arguments always give the same bytes: one ``random.Random(seed)`` is
threaded through everything, ``as_at`` is the only notion of "today", and
working days come from :class:`checker.workdays.Calendar`.

Profiles set how often each problem is planted: ``good`` (rare), ``adequate``
(moderate), ``inadequate`` (common); see ``RATES`` (the share of the records
where the problem could be planted that get it).

The answer key
--------------
``Council.truth`` maps each problem to the sorted keys of the records that
have it. It is computed by :func:`compute_truth`, which checks the finished
data against the definitions below, not from a memory of what was planted, so
a problem that arose without being planted is listed too. Working days (WD)
follow :mod:`checker.workdays`: ``WD(a, b)`` is the number of working days
``d`` with ``a < d <= b``; "+N WD" is :meth:`Calendar.add_working_days`;
months are calendar months (:func:`checker.workdays.add_months`, month-end
clamped). "Open" means ``end_date`` is blank. The year is
``add_months(as_at, -12) + 1 day`` to ``as_at``.

=========================  =====================  =============================================================
problem                    keys of                a record has the problem when
=========================  =====================  =============================================================
assessment_late            assessments            authorised: WD(start_date, authorised_date) > 45;
                                                  not authorised: WD(start_date, as_at) > 45
assessment_child_not_seen  assessments            child_seen is false (blank is not false: see missing_data)
missing_data               assessments            child_seen is blank, or type is blank
referral_nfa_not_seen      referrals              nfa is true and child_seen is false
contact_decision_late      contacts               decided: WD(date, decision_date) > 1;
                                                  undecided: WD(date, as_at) > 1
strategy_agency_absent     strategy_discussions   police_attended is false or health_attended is false
s47_without_strategy       s47_enquiries          the child has no strategy discussion dated on or before the
                                                  enquiry's start_date (in this data strategy_id is then blank)
icpc_late                  s47_enquiries          with S = the discussion named by strategy_id (else the child's
                                                  latest one on or before start_date; none: not judged):
                                                  icpc_date set and WD(S.date, icpc_date) > 15; or icpc_date
                                                  blank, icpc_not_required false and WD(S.date, as_at) > 15
cp_review_late             cp_plans               review conferences R1, R2, ... (cp_conferences of type review
                                                  with this plan_id, by date): R1 due by start_date + 3 months,
                                                  each later one by the previous + 6 months; late if some R_k is
                                                  after its due date, or the plan was still running (open:
                                                  as_at; ended: end_date) after the due date of the first
                                                  review that was never held
cp_not_seen_alone          cp_plans               open plan whose latest cp visit (type cp, on or after
                                                  start_date, up to as_at) has seen_alone false
cp_visit_overdue           cp_plans               open plan: WD(latest cp visit on or after start_date, as_at)
                                                  > 10, or no such visit and WD(start_date, as_at) > 10
lac_review_late            care_periods           lac_reviews with this period_id, by date: R1 due by
                                                  start_date + 20 WD, R2 by R1 + 3 months, each later one by
                                                  the previous + 6 months; late as for cp_review_late
lac_visit_overdue          care_periods           open period with no visit of type lac for the child dated
                                                  as_at - 42 days .. as_at
lac_health_overdue         care_periods           open period, WD(start_date, as_at) > 20 (initial health
                                                  assessment due), and no health assessment for the child dated
                                                  add_months(as_at, -6) .. as_at (under 5 at as_at) or
                                                  add_months(as_at, -12) .. as_at (5 or over)
care_leaver_unsuitable     care_leavers           accommodation_suitable is false
pathway_plan_overdue       care_leavers           eligibility eligible/relevant/former_relevant, in_touch not
                                                  DIED/NREQ, as_at after 16th birthday + 3 months, and no pathway
                                                  plan dated add_months(as_at, -6) .. as_at
supervision_gap            social_workers         over the year clipped to the worker's employment [p0, p1]:
                                                  taking the latest supervision on or before p0 (else p0), each
                                                  supervision in (p0, p1], then p1, some consecutive pair is
                                                  more than 28 days apart
unallocated                children               an allocation open at as_at (start_date <= as_at, end_date
                                                  blank or after as_at) has a blank worker_id
caseload_high              social_workers         more than 20 allocations open at as_at with this worker_id
=========================  =====================  =============================================================

Usage::

    casecheck generate --children 300 --seed 2025 --profile adequate --out examples/council
"""

from __future__ import annotations

import heapq
import json
import random
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache
from math import ceil
from pathlib import Path

from checker.workdays import (
    Calendar,
    add_months,
    add_years,
    age_on,
)

__all__ = [
    "PROFILES",
    "PROBLEMS",
    "RATES",
    "Council",
    "generate",
    "write_csv",
    "compute_truth",
    "schema_fields",
    "year_start",
]

PROFILES = ("good", "adequate", "inadequate")

#: problem -> (table whose record keys the truth lists, one-line description)
PROBLEMS: dict[str, tuple[str, str]] = {
    "assessment_late": ("assessments", "Assessment authorised more than 45 working days after it started, or still open and past that"),
    "assessment_child_not_seen": ("assessments", "The child was not seen during the assessment"),
    "missing_data": ("assessments", "A value needed to judge the assessment is missing (child_seen or type blank)"),
    "contact_decision_late": ("contacts", "Contact decided more than 1 working day after it arrived, or still undecided past that"),
    "strategy_agency_absent": ("strategy_discussions", "Police or health did not take part in the strategy discussion"),
    "s47_without_strategy": ("s47_enquiries", "Section 47 enquiry with no strategy discussion for the child on or before its start"),
    "icpc_late": ("s47_enquiries", "Initial child protection conference more than 15 working days after the strategy discussion"),
    "cp_review_late": ("cp_plans", "A child protection review conference late or missing (3 months, then every 6 months)"),
    "cp_not_seen_alone": ("cp_plans", "Open child protection plan whose latest statutory visit did not see the child alone"),
    "cp_visit_overdue": ("cp_plans", "Open child protection plan with no statutory visit in the last 10 working days"),
    "lac_review_late": ("care_periods", "A looked-after review late or missing (20 working days, 3 months, then every 6 months)"),
    "lac_visit_overdue": ("care_periods", "Child in care at as_at with no statutory visit in the 6 weeks before"),
    "lac_health_overdue": ("care_periods", "Child in care at as_at with no health assessment in the last 6 months (under 5) or 12 months (5+)"),
    "care_leaver_unsuitable": ("care_leavers", "Care leaver in unsuitable accommodation"),
    "referral_nfa_not_seen": ("referrals", "Referral closed with no further action without the child being seen"),
    "pathway_plan_overdue": ("care_leavers", "Care leaver with no pathway plan in the last 6 months"),
    "supervision_gap": ("social_workers", "A gap of more than 4 weeks between supervisions (or since the last one) in the year"),
    "unallocated": ("children", "Open case waiting for allocation (allocation with a blank worker)"),
    "caseload_high": ("social_workers", "Worker holding more than 20 open allocated cases at as_at"),
}

#: problem -> chance of planting it on an eligible record, for (good, adequate, inadequate).
RATES: dict[str, tuple[float, float, float]] = {
    "assessment_late": (0.04, 0.15, 0.35),
    "assessment_child_not_seen": (0.02, 0.07, 0.18),
    "missing_data": (0.005, 0.01, 0.03),
    "contact_decision_late": (0.03, 0.12, 0.30),
    "strategy_agency_absent": (0.05, 0.12, 0.30),
    "s47_without_strategy": (0.02, 0.08, 0.20),
    "icpc_late": (0.05, 0.15, 0.35),
    "cp_review_late": (0.03, 0.12, 0.30),
    "cp_not_seen_alone": (0.05, 0.15, 0.35),
    "cp_visit_overdue": (0.03, 0.10, 0.25),
    "lac_review_late": (0.03, 0.10, 0.25),
    "lac_visit_overdue": (0.03, 0.10, 0.25),
    "lac_health_overdue": (0.04, 0.12, 0.30),
    "care_leaver_unsuitable": (0.03, 0.10, 0.25),
    "referral_nfa_not_seen": (0.05, 0.20, 0.50),
    "pathway_plan_overdue": (0.04, 0.12, 0.30),
    "supervision_gap": (0.05, 0.20, 0.45),
    "unallocated": (0.01, 0.04, 0.12),
    "caseload_high": (0.0, 0.10, 0.35),
}

# Fictional teams.
T_NORTH = "Assessment North"
T_SOUTH = "Assessment South"
T_CP = "Child Protection East"
T_LAC = "Children in Care West"
T_LC = "Leaving Care Central"
T_IRO = "Independent Reviewing"
CASE_TEAMS = (T_NORTH, T_SOUTH, T_CP, T_LAC)
TEAMS = (T_NORTH, T_SOUTH, T_CP, T_LAC, T_LC, T_IRO)

_D = timedelta


@dataclass
class Council:
    """A generated council: its tables, the answer key, and how it was made."""

    tables: dict[str, list[dict]]
    truth: dict[str, list[str]]
    as_at: date
    seed: int
    profile: str


# --------------------------------------------------------------------------- schema


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def _schema():
    """The csc data schema, loaded (and validated) the one way every casecheck YAML is."""
    from checker.schema import builtin_schema_path, load_schema

    return load_schema(builtin_schema_path("csc"))


def schema_fields() -> dict[str, tuple[str, ...]]:
    """Table -> its field names in schema order (from ``rules/schemas/csc.yaml``)."""
    return {name: tuple(t.fields) for name, t in _schema().tables.items()}


def _schema_keys() -> dict[str, str]:
    keys = {}
    for name, t in _schema().tables.items():
        (key,) = t.key
        keys[name] = key
    return keys


def year_start(as_at: date) -> date:
    """First day of the year ending at ``as_at``."""
    return add_months(as_at, -12) + _D(days=1)


# --------------------------------------------------------------------------- helpers


def _w(pairs):
    """(values, cumulative weights) for rng.choices."""
    values = [v for v, _ in pairs]
    cum, total = [], 0.0
    for _, w in pairs:
        total += w
        cum.append(total)
    return values, cum


class _Deck:
    """Draws True at exactly `rate` in every run of `size` draws (a shuffled deck),
    so small pools still get close to their share."""

    def __init__(self, rng: random.Random, rate: float):
        frac = Fraction(rate).limit_denominator(200)
        self.rng = rng
        self.hits = frac.numerator
        self.size = frac.denominator
        self.cards: list[bool] = []

    def draw(self) -> bool:
        if self.hits == 0:
            return False
        if not self.cards:
            self.cards = [True] * self.hits + [False] * (self.size - self.hits)
            self.rng.shuffle(self.cards)
        return self.cards.pop()


class _Seg:
    """A stretch of a child's case held by one team; allocations are made later."""

    __slots__ = ("child_id", "team", "start", "end", "allocs")

    def __init__(self, child_id: str, team: str, start: date):
        self.child_id = child_id
        self.team = team
        self.start = start
        self.end: date | None = None
        self.allocs: list[list] = []  # [start, end, worker_id or None], by start


_SEX = _w([("M", 52), ("F", 47), ("U", 1)])
_ETHNICITY = _w([
    ("WBRI", 70), ("WIRI", 0.5), ("WIRT", 0.3), ("WOTH", 4.5), ("WROM", 0.6), ("MWBC", 3), ("MWBA", 1.2),
    ("MWAS", 1.3), ("MOTH", 2.5), ("AIND", 1.5), ("APKN", 2.5), ("ABAN", 1), ("AOTH", 1.4), ("BCRB", 1),
    ("BAFR", 3), ("BOTH", 0.8), ("CHNE", 0.3), ("OOTH", 2), ("REFU", 0.5), ("NOBT", 1.1),
])
_UASC_ETHNICITY = _w([("BAFR", 30), ("AOTH", 30), ("OOTH", 25), ("BOTH", 5), ("WOTH", 10)])
_AGE_FRONT = _w([(a, w) for a, w in enumerate([9, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 7, 7, 7, 5, 4])])
_AGE_CP = _w([(a, w) for a, w in enumerate([6, 9, 8, 8, 7, 7, 6, 6, 5, 5, 5, 5, 4, 4, 4, 3, 3, 2])])
_AGE_LAC = _w([(a, w) for a, w in enumerate([2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7, 8, 9, 10, 9, 7])])
_AGE_CL = _w([(16, 8), (17, 12), (18, 22), (19, 22), (20, 20), (21, 16)])
_SOURCE = _w([
    ("6", 28), ("2A", 17), ("2B", 1), ("3A", 3), ("3B", 3), ("3C", 1), ("3D", 2), ("3E", 3), ("3F", 3),
    ("1A", 6), ("1B", 1.5), ("1C", 2), ("1D", 1.5), ("4", 2), ("5A", 4), ("5B", 2), ("5C", 2), ("5D", 4),
    ("7", 2), ("8", 3), ("9", 2), ("10", 1),
])
_NEED = _w([("N1", 52), ("N2", 5), ("N3", 4), ("N4", 14), ("N5", 15), ("N6", 3), ("N7", 1), ("N8", 3), ("N9", 2), ("N0", 1)])
_ABUSE = _w([("NEG", 48), ("EMO", 35), ("PHY", 8), ("SAB", 4), ("MUL", 5)])
_CL_IN_TOUCH = _w([("YES", 86), ("NO", 5), ("REFU", 3), ("NREQ", 3), ("RHOM", 3)])
_CL_SUITABLE = _w([("U", 22), ("Z", 14), ("B", 14), ("D", 16), ("E", 8), ("T", 6), ("C", 4), ("K", 3), ("Y", 3)])
_CL_UNSUITABLE = _w([("W", 20), ("S", 15), ("V", 15), ("X", 10), ("D", 15), ("U", 15), ("K", 10)])
_ACT_1617 = _w([("F2", 70), ("P2", 5), ("F4", 5), ("F5", 5), ("G5", 10), ("G6", 2), ("G4", 3)])
_ACT_18 = _w([("F1", 8), ("F2", 25), ("F4", 18), ("P4", 8), ("F5", 5), ("P5", 1), ("G5", 20), ("G6", 8), ("G4", 7)])



# --------------------------------------------------------------------------- the generator


class _Generator:
    def __init__(self, n: int, seed: int, profile: str, as_at: date):
        self.n = n
        self.rng = random.Random(seed)
        self.q = PROFILES.index(profile)
        self.as_at = as_at
        self.ys = year_start(as_at)
        self.cal = Calendar(first_year=min(1990, as_at.year - 40), last_year=max(2060, as_at.year + 10))
        self.fields = schema_fields()
        self.tables: dict[str, list[dict]] = {t: [] for t in self.fields}
        self.counters: Counter = Counter()
        self.width = max(6, len(str(max(1, n) * 80)))
        self.decks = {p: _Deck(self.rng, RATES[p][self.q]) for p in PROBLEMS}
        self.segs: list[_Seg] = []
        self.refs: list[tuple] = []  # (record, field, seg, date, mode)
        self.dob: dict[str, date | None] = {}
        self.workers: dict[str, dict] = {}
        self.holders: dict[str, list[dict]] = {}
        self.managers: dict[str, list[dict]] = {}

    # ---- small helpers
    def nid(self, prefix: str) -> str:
        self.counters[prefix] += 1
        return f"{prefix}{self.counters[prefix]:0{self.width}d}"

    def plant(self, problem: str) -> bool:
        return self.decks[problem].draw()

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def ri(self, a: int, b: int) -> int:
        return self.rng.randint(a, b)

    def pick(self, weighted):
        values, cum = weighted
        return self.rng.choices(values, cum_weights=cum)[0]

    def rdate(self, lo: date, hi: date) -> date:
        if hi <= lo:
            return lo
        return lo + _D(days=self.rng.randint(0, (hi - lo).days))

    def wd_before(self, d: date) -> date:
        return d if self.cal.is_working_day(d) else self.cal.add_working_days(d, -1)

    def wd_after(self, d: date) -> date:
        return d if self.cal.is_working_day(d) else self.cal.add_working_days(d, 1)

    def add_wd(self, d: date, n: int) -> date:
        if n == 0:
            return self.wd_after(d)
        return self.cal.add_working_days(d, n)

    def rec(self, table: str, **values) -> dict:
        record = dict.fromkeys(self.fields[table])
        record.update(values)
        self.tables[table].append(record)
        return record

    def ref(self, record: dict, field: str, seg: _Seg | None, when: date, mode: str = "duty") -> None:
        """Fill `record[field]` with the worker holding `seg` on `when`, once allocations exist.
        mode: "duty" (someone in the team if unallocated), "current" (blank if unallocated), "pa"."""
        self.refs.append((record, field, seg, when, mode))

    def seg(self, child_id: str, team: str, start: date) -> _Seg:
        s = _Seg(child_id, team, start)
        self.segs.append(s)
        return s

    # ---- children
    def child(self, age: int | None, *, unborn: bool = False, uasc: bool = False) -> tuple[str, date | None]:
        cid = self.nid("C")
        if unborn:
            dob = None
            edd = self.as_at + _D(days=self.ri(7, 160))
            sex = "U" if self.chance(0.6) else self.pick(_SEX)
        else:
            hi = add_years(self.as_at, -age)
            lo = add_years(self.as_at, -(age + 1)) + _D(days=1)
            dob = self.rdate(lo, hi)
            edd = None
            sex = ("M" if self.chance(0.9) else "F") if uasc else self.pick(_SEX)
        ethnicity = self.pick(_UASC_ETHNICITY) if uasc else self.pick(_ETHNICITY)
        disabled = None if unborn else self.chance(0.08)
        self.rec("children", child_id=cid, date_of_birth=dob, expected_date_of_birth=edd, sex=sex,
                 ethnicity=ethnicity, disabled=disabled, uasc=uasc)
        self.dob[cid] = dob
        return cid, dob

    def contact_day(self, lo: date, hi: date) -> date:
        d = self.rdate(lo, hi)
        for _ in range(2):
            if d.weekday() < 5 or self.chance(0.35):
                return d
            d = self.rdate(lo, hi)
        return d

    def contact_decision(self, d: date) -> date | None:
        if self.add_wd(d, 2) <= self.as_at and self.plant("contact_decision_late"):
            dd = self.add_wd(d, self.ri(2, 8))
            return dd if dd <= self.as_at else None
        if self.cal.is_working_day(d) and self.chance(0.65):
            return d
        dd = self.add_wd(d, 1)
        return dd if dd <= self.as_at else None

    def contact(self, cid: str, d: date, outcome_kind: str) -> tuple[str, date | None, str]:
        """outcome_kind: referral | before | after. Returns (id, decision date, source)."""
        dd = self.contact_decision(d)
        source = self.pick(_SOURCE)
        if dd is None:
            outcome = None
        elif outcome_kind == "referral":
            outcome = "referral"
        elif outcome_kind == "after":
            outcome = "information" if self.chance(0.7) else "nfa"
        else:
            outcome = self.rng.choice(("early_help", "early_help", "information", "information", "nfa"))
        oversight = None if dd is None else self.chance((0.95, 0.88, 0.75)[self.q])
        ct = self.rec("contacts", contact_id=self.nid("CT"), child_id=cid, date=d, source=source,
                      decision_date=dd, outcome=outcome, manager_oversight=oversight)
        return ct["contact_id"], dd, source

    def extra_contacts(self, cid: str, dob: date | None, k: int) -> None:
        lo = max(self.ys, dob) if dob else self.ys
        for _ in range(k):
            self.contact(cid, self.contact_day(lo, self.as_at), "after")

    def referral(self, cid: str, d: date, team: str, contact_id: str | None, source: str) -> dict:
        if self.chance(0.9):
            decision = d
        else:
            decision = self.add_wd(d, 1)
            if decision > self.as_at:
                decision = None
        return self.rec("referrals", referral_id=self.nid("R"), child_id=cid, contact_id=contact_id, date=d,
                        source=source, decision_date=decision, nfa=False, child_seen=None,
                        primary_need=self.pick(_NEED), closure_date=None, team=team)

    def close_referral(self, ref: dict, end: date | None, seen: bool | None) -> None:
        ref["closure_date"] = end
        ref["child_seen"] = None if end is None else bool(seen)

    # ---- visits
    def visit(self, cid: str, seg: _Seg | None, vtype: str, d: date, seen: bool, alone: bool | None) -> dict:
        v = self.rec("visits", visit_id=self.nid("V"), child_id=cid, worker_id=None, type=vtype, date=d,
                     seen=seen, seen_alone=(alone if seen else False))
        self.ref(v, "worker_id", seg, d)
        return v

    def periodic_visits(self, cid: str, seg: _Seg, vtype: str, start: date, limit: date, gap: tuple[int, int],
                        cut: date | None = None, seen_alone_p: float = 0.85) -> list[dict]:
        """Visits from `start` (or the year start) to `limit`, every gap[0]..gap[1] days."""
        lo = max(start, self.ys)
        if limit < lo:
            return []
        first = lo + _D(days=self.ri(0, 6 if start >= self.ys else gap[1] - 7))
        first = min(first, limit)
        if self.cal.is_working_day(first) is False and self.wd_before(first) >= lo:
            first = self.wd_before(first)
        out = []
        d = first
        while d <= limit and (cut is None or d <= cut):
            seen = self.chance(0.97)
            out.append(self.visit(cid, seg, vtype, d, seen, self.chance(seen_alone_p)))
            nxt = d + _D(days=self.ri(*gap))
            back = self.wd_before(nxt)
            d = back if back > d else nxt
        return out

    # ---- front door
    def front_door(self, cid: str, dob: date | None, team: str, mode: str, unborn: bool = False,
                   uasc: bool = False) -> None:
        """mode: contacts (no referral), any (referral, then what follows), care (referral, then care)."""
        if unborn:
            lo = max(self.ys, self.as_at - _D(days=150))
        else:
            lo = max(self.ys, dob)
        hi = self.as_at if mode != "care" else max(lo, self.as_at - _D(days=20))
        k = self.pick(_w([(1, 60), (2, 28), (3, 12)]))
        days = sorted(self.contact_day(lo, hi) for _ in range(k))
        ri = self.rng.randrange(k) if mode != "contacts" else -1
        found = None
        for i, d in enumerate(days):
            kind = "referral" if i == ri else ("after" if 0 <= ri < i else "before")
            ct_id, dd, source = self.contact(cid, d, kind)
            if i == ri and dd is not None:
                found = (ct_id, dd, source)
            elif i == ri:
                # Undecided at as_at: no referral yet.
                pass
        if found is None:
            return
        ct_id, ref_date, source = found
        ref = self.referral(cid, ref_date, team, ct_id, source)
        if mode == "any" and not unborn and self.chance(0.05):
            ref["nfa"] = True
            ref["decision_date"] = ref["decision_date"] or ref_date
            self.close_referral(ref, ref["decision_date"], not self.plant("referral_nfa_not_seen"))
            return
        seg_a = self.seg(cid, team, ref_date)
        if unborn:
            return  # pre-birth referral, open and waiting
        assessment = self.assessment(cid, dob, ref, seg_a)
        auth = assessment["authorised_date"] if assessment else None
        seen = bool(assessment and assessment["child_seen"])

        if mode == "care":
            start = self.add_wd(ref_date, self.ri(0, 20))
            if start > self.as_at:
                start = ref_date
            if assessment:
                assessment["requires_support"] = True if auth else None
            seg_a.end = start
            end = None
            if self.chance(0.15):
                e = start + _D(days=self.ri(14, 150))
                end = e if e < self.as_at else None
            seg_l = self.seg(cid, T_LAC, start)
            seg_l.end = end
            self.care_period(cid, dob, start, end, seg_l, uasc=uasc)
            self.close_referral(ref, end, True)
            return

        end: date | None = None
        plan_started = None
        if self.chance(0.22):
            plan_started = self.protection(cid, dob, ref, seg_a, team)
        if plan_started is not None:
            # CP plan (and maybe a step-down CIN plan afterwards) on the CP team.
            start, plan_end = plan_started
            if assessment:
                assessment["requires_support"] = True if auth else None
            seg_a.end = start
            seg_c = self.seg(cid, T_CP, start)
            end = plan_end
            if plan_end is not None and self.chance(0.5):
                end = self.cin_plan(cid, plan_end, seg_c)
            seg_c.end = end
            self.close_referral(ref, end, seen or True)
            return
        if auth is None:
            # Assessment still open (or not yet started): the case is open with the assessment team.
            if assessment:
                assessment["requires_support"] = None
            return
        if self.chance(0.55):
            assessment["requires_support"] = True
            seg_a.end = auth
            seg_c = self.seg(cid, T_CP, auth)
            end = self.cin_plan(cid, auth, seg_c)
            seg_c.end = end
            self.close_referral(ref, end, seen)
            return
        assessment["requires_support"] = False
        close = auth + _D(days=self.ri(0, 10))
        end = close if close <= self.as_at else None
        seg_a.end = end
        self.close_referral(ref, end, seen)

    def assessment(self, cid: str, dob: date | None, ref: dict, seg: _Seg) -> dict | None:
        ref_date = ref["date"]
        start = self.wd_after(ref_date) if self.chance(0.4) else self.add_wd(ref_date, self.ri(1, 3))
        if start > self.as_at:
            return None
        if self.add_wd(start, 45) < self.as_at and self.plant("assessment_late"):
            duration = self.ri(46, 100)
        else:
            duration = min(45, int(self.rng.triangular(8, 46, 33)))
        auth = self.add_wd(start, duration)
        if auth > self.as_at:
            auth = None
        atype = "single"
        if self.plant("missing_data"):
            if self.chance(0.75):
                seen, alone = None, None
            else:
                atype = None
                seen, alone = True, self.chance(0.8)
        elif self.plant("assessment_child_not_seen"):
            seen, alone = False, False
        else:
            seen = True
            age = age_on(dob, start) if dob else 0
            alone = self.chance(0.85 if age >= 3 else 0.1)
        a = self.rec("assessments", assessment_id=self.nid("A"), child_id=cid, referral_id=ref["referral_id"],
                     type=atype, start_date=start, authorised_date=auth, child_seen=seen, child_seen_alone=alone,
                     worker_id=None, team=seg.team, requires_support=None)
        self.ref(a, "worker_id", seg, start)
        if seen is not None:
            vd = self.add_wd(start, self.ri(0, 5))
            vd = min(vd, auth or self.as_at, self.as_at)
            self.visit(cid, seg, "assessment", vd, seen, alone)
        return a

    def protection(self, cid, dob, ref, seg_a, team):
        """Strategy discussion, s47 and ICPC. Returns (plan start, plan end) if a CP plan was made."""
        ref_date = ref["date"]
        sd_date = self.add_wd(ref_date, self.ri(0, 5))
        if sd_date > self.as_at:
            return None
        no_strategy = self.plant("s47_without_strategy")
        sd = None
        if not no_strategy:
            police, health = self.chance(0.97), self.chance(0.95)
            if self.plant("strategy_agency_absent"):
                r = self.rng.random()
                police, health = (False, health) if r < 0.35 else (police, False) if r < 0.8 else (False, False)
            elif not (police and health):
                police, health = True, True
            sd = self.rec("strategy_discussions", strategy_id=self.nid("SD"), child_id=cid,
                          referral_id=ref["referral_id"], date=sd_date, police_attended=police,
                          health_attended=health, s47_decided=self.chance(0.88))
            if not sd["s47_decided"]:
                return None
        start = sd_date if self.chance(0.7) else self.add_wd(sd_date, self.ri(1, 2))
        if start > self.as_at:
            start = sd_date
        end = self.add_wd(start, self.ri(3, 10))
        s47 = self.rec("s47_enquiries", s47_id=self.nid("S"), child_id=cid, referral_id=ref["referral_id"],
                       strategy_id=sd["strategy_id"] if sd else None, start_date=start, end_date=None,
                       icpc_target_date=self.add_wd(sd_date, 15), icpc_not_required=None, icpc_date=None,
                       worker_id=None, team=team)
        self.ref(s47, "worker_id", seg_a, start)
        if end > self.as_at:
            return None  # enquiry still under way
        if not self.chance(0.55):
            s47["end_date"] = end
            s47["icpc_not_required"] = True
            return None
        if sd is not None and self.add_wd(sd_date, 16) < self.as_at and self.plant("icpc_late"):
            offset = self.ri(16, 35)
        else:
            offset = self.ri(max(6, self.cal.working_days_between(sd_date, end)), 15)
        icpc = self.add_wd(sd_date, offset)
        s47["end_date"] = min(end, icpc)
        s47["icpc_not_required"] = False
        if icpc > self.as_at:
            return None  # conference booked, not yet held
        s47["icpc_date"] = icpc
        made = self.chance(0.9)
        conf = self.rec("cp_conferences", conference_id=self.nid("CF"), child_id=cid, s47_id=s47["s47_id"],
                        plan_id=None, type="initial", date=icpc, plan_made=made,
                        minutes_sent_date=self.maybe(self.add_wd(icpc, self.ri(1, 15))),
                        first_core_group_date=self.maybe(self.add_wd(icpc, self.ri(3, 10))) if made else None)
        if not made:
            return None
        # The plan's visits are made once the caller has opened the CP team segment (run()).
        plan_id, plan_end = self.cp_plan(cid, dob, icpc, None)
        conf["plan_id"] = plan_id
        return icpc, plan_end

    def maybe(self, d: date) -> date | None:
        return d if d <= self.as_at else None

    # ---- child protection plans
    def cp_plan(self, cid: str, dob: date | None, start: date, seg: _Seg | None, pre_window: bool = False):
        """The plan, its review conferences and its visits. Returns (plan_id, end_date)."""
        plan_id = self.nid("CP")
        target = start + _D(days=self.ri(120, 600))
        if pre_window and target < self.ys + _D(days=14):
            target = self.ys + _D(days=self.ri(14, 300))
        late = add_months(start, 3) < self.as_at and self.plant("cp_review_late")
        applied = False
        prev: date | None = None
        end: date | None = None
        while True:
            due = add_months(start, 3) if prev is None else add_months(prev, 6)
            if late and not applied and self.ys <= due < self.as_at:
                applied = True
                if self.chance(0.4):
                    break  # never held
                d = self.wd_after(due + _D(days=self.ri(7, 70)))
            else:
                d = self.wd_before(due - _D(days=self.ri(0, 28)))
            if d > self.as_at:
                break
            ended = d >= target
            self.rec("cp_conferences", conference_id=self.nid("CF"), child_id=cid, s47_id=None, plan_id=plan_id,
                     type="review", date=d, plan_made=not ended,
                     minutes_sent_date=self.maybe(self.add_wd(d, self.ri(1, 15))), first_core_group_date=None)
            prev = d
            if ended:
                end = d
                break
        initial = self.pick(_ABUSE)
        self.rec("cp_plans", plan_id=plan_id, child_id=cid, start_date=start, end_date=end,
                 initial_category=initial, latest_category=initial if self.chance(0.85) else self.pick(_ABUSE),
                 previous_plans=self.pick(_w([(0, 80), (1, 15), (2, 5)])), team=T_CP)
        self._pending_cp.append((cid, dob, start, end))
        return plan_id, end

    def cp_visits(self, cid: str, start: date, end: date | None, seg: _Seg) -> None:
        limit = end or self.as_at
        lo = max(start, self.ys)
        if limit < lo:
            return
        cut = None
        if end is None and self.cal.working_days_between(start, self.as_at) > 15 and self.plant("cp_visit_overdue"):
            cut = self.add_wd(self.as_at, -self.ri(11, 30))
        d = self.add_wd(lo, self.ri(0, 5 if start >= self.ys else 9))
        visits = []
        while d <= limit and (cut is None or d <= cut):
            seen = self.chance(0.97)
            visits.append(self.visit(cid, seg, "cp", d, seen, self.chance((0.92, 0.85, 0.75)[self.q])))
            d = self.add_wd(d, self.ri(6, 10))
        if end is None and visits:
            last = visits[-1]
            last["seen"] = True
            last["seen_alone"] = not self.plant("cp_not_seen_alone")

    # ---- child in need plans
    def cin_plan(self, cid: str, start: date, seg: _Seg, pre_window: bool = False) -> date | None:
        end: date | None = self.wd_before(start + _D(days=self.ri(90, 420)))
        if pre_window and end < self.ys + _D(days=14):
            end = self.wd_before(self.ys + _D(days=self.ri(14, 300)))
        if end > self.as_at:
            end = None
        limit = end or self.as_at
        last, r = None, start
        while True:
            r = self.wd_before(add_months(r, 3) - _D(days=self.ri(0, 20)))
            if r > limit:
                break
            last = r
        self.rec("cin_plans", cin_plan_id=self.nid("CIN"), child_id=cid, start_date=start, end_date=end,
                 last_review_date=last)
        self.periodic_visits(cid, seg, "cin", start, limit, (20, 42), seen_alone_p=0.75)
        return end

    # ---- care
    def care_period(self, cid: str, dob: date, start: date, end: date | None, seg: _Seg | None,
                    uasc: bool = False) -> tuple[dict, list[dict]]:
        as_at = self.as_at
        limit = end or as_at
        age_now = age_on(dob, limit)
        recent = (limit - start).days
        if end is None and recent <= 15 and not uasc:
            legal = self.pick(_w([("V2", 50), ("C1", 30), ("L2", 12), ("L1", 8)]))
        elif uasc or age_now >= 16 and self.chance(0.4):
            legal = "V2"
        elif age_now < 10 and recent > 300 and self.chance(0.15):
            legal = "E1"
        elif recent < 250:
            legal = self.pick(_w([("C1", 55), ("V2", 45)]))
        elif recent < 450:
            legal = self.pick(_w([("C2", 55), ("C1", 25), ("V2", 20)]))
        else:
            legal = self.pick(_w([("C2", 82), ("V2", 18)]))
        if legal == "E1":
            placement = self.pick(_w([("A5", 40), ("A6", 30), ("U6", 30)]))
        elif age_now >= 16:
            placement = self.pick(_w([("H5", 18), ("K2", 16), ("U4", 30), ("U5", 20), ("U1", 10), ("R1", 2), ("S1", 2), ("Z1", 2)]))
        elif age_now >= 10:
            placement = self.pick(_w([("U4", 30), ("U5", 30), ("U1", 8), ("U2", 6), ("K2", 16), ("P1", 3), ("S1", 3), ("R1", 2), ("Z1", 2)]))
        else:
            placement = self.pick(_w([("U4", 30), ("U5", 38), ("U1", 10), ("U2", 10), ("U3", 3), ("P1", 5), ("R3", 2), ("Z1", 2)]))
        if placement == "P1" and legal not in ("C1", "C2"):
            placement = "U5"
        pstart = start if self.chance(0.5) else self.rdate(start, limit)
        long_term = placement in ("U1", "U4") and (limit - start).days > 365 and self.chance(0.6)
        twelve = add_months(limit, -12)
        if pstart <= twelve:
            moves = 1
        else:
            moves = self.pick(_w([(1, 68), (2, 20), (3, 8), (4, 3), (5, 1)]))
        period = self.rec("care_periods", period_id=self.nid("LAC"), child_id=cid, start_date=start, end_date=end,
                          legal_status=legal, placement_type=placement, placement_start_date=pstart,
                          placement_long_term=long_term, placements_last_12_months=moves, worker_id=None,
                          team=T_LAC)
        if seg is not None:
            self.ref(period, "worker_id", seg, limit, "current")
        self.lac_reviews(cid, period, start, end)
        visits: list[dict] = []
        if seg is not None:
            cut = None
            if end is None and (as_at - start).days > 70 and self.plant("lac_visit_overdue"):
                cut = as_at - _D(days=self.ri(43, 120))
            visits = self.periodic_visits(cid, seg, "lac", start, limit, (21, 42), cut=cut,
                                          seen_alone_p=0.85 if age_on(dob, as_at) >= 4 else 0.1)
        self.health(cid, dob, start, end)
        if seg is not None:
            self.peps(cid, dob, start, limit)
        return period, visits

    def lac_reviews(self, cid: str, period: dict, start: date, end: date | None) -> None:
        limit = end or self.as_at
        late = (self.add_wd(start, 20) < self.as_at and (end is None or end >= self.ys)
                and self.plant("lac_review_late"))
        applied = False
        prev: date | None = None
        k = 0
        while True:
            k += 1
            if k == 1:
                due = self.add_wd(start, 20)
            elif k == 2:
                due = add_months(prev, 3)
            else:
                due = add_months(prev, 6)
            if late and not applied and self.ys <= due < limit:
                applied = True
                if self.chance(0.35):
                    break
                d = self.wd_after(due + _D(days=self.ri(5, 60)))
            elif k == 1:
                d = self.add_wd(start, self.ri(8, 20))
            else:
                d = self.wd_before(due - _D(days=self.ri(0, 20 if k == 2 else 30)))
            if d > limit:
                break
            self.rec("lac_reviews", review_id=self.nid("LR"), child_id=cid, period_id=period["period_id"], date=d,
                     child_participated=self.chance(0.85))
            prev = d

    def health(self, cid: str, dob: date, start: date, end: date | None) -> None:
        as_at = self.as_at
        limit = end or as_at
        months_due = 6 if age_on(dob, as_at) < 5 else 12
        cut = None
        if (end is None and self.cal.working_days_between(start, as_at) > 20
                and start < add_months(as_at, -months_due) - _D(days=30) and self.plant("lac_health_overdue")):
            cut = add_months(as_at, -months_due) - _D(days=self.ri(1, 120))
        d = self.add_wd(start, self.ri(3, 20))
        htype = "initial"
        while d <= limit and (cut is None or d <= cut):
            self.rec("health_assessments", health_assessment_id=self.nid("HA"), child_id=cid, type=htype, date=d)
            htype = "review"
            months = 6 if age_on(dob, d) < 5 else 12
            d = self.wd_before(add_months(d, months) - _D(days=self.ri(0, 40)))

    def peps(self, cid: str, dob: date, start: date, limit: date) -> None:
        for year in range(self.ys.year - 1, self.as_at.year + 1):
            for (m1, d1), (m2, d2) in (((1, 8), (3, 28)), ((4, 22), (7, 15)), ((9, 8), (12, 12))):
                lo, hi = date(year, m1, d1), date(year, m2, d2)
                lo, hi = max(lo, start, self.ys), min(hi, limit)
                if hi < lo or self.chance(0.05):
                    continue
                d = self.wd_before(self.rdate(lo, hi))
                if d < lo:
                    continue
                if 4 <= age_on(dob, d) < 18:
                    self.rec("peps", pep_id=self.nid("PEP"), child_id=cid, date=d)

    # ---- the kinds of child
    def kind_front(self) -> None:
        unborn = self.chance(0.015)
        age = None if unborn else self.pick(_AGE_FRONT)
        cid, dob = self.child(age, unborn=unborn)
        team = T_NORTH if self.chance(0.5) else T_SOUTH
        mode = "any" if self.chance(0.62) else "contacts"
        self.front_door(cid, dob, team, mode, unborn=unborn)

    def kind_lac_new(self) -> None:
        age = self.pick(_AGE_LAC)
        uasc = age >= 14 and self.chance(0.15)
        cid, dob = self.child(age, uasc=uasc)
        team = T_NORTH if self.chance(0.5) else T_SOUTH
        # A baby born in the last few weeks comes through the front door like any other child.
        mode = "any" if dob > self.as_at - _D(days=40) else "care"
        self.front_door(cid, dob, team, mode, uasc=uasc)

    def old_referral(self, cid: str, dob: date, before: date, team: str) -> dict:
        d = before - _D(days=self.ri(0, 60))
        d = max(d, dob - _D(days=90))
        d = min(d, before)
        return self.referral(cid, d, team, None, self.pick(_SOURCE))

    def kind_lac_old(self) -> None:
        age = max(1, self.pick(_AGE_LAC))
        uasc = age >= 14 and self.chance(0.15)
        cid, dob = self.child(age, uasc=uasc)
        lo = max(dob, self.as_at - _D(days=12 * 365))
        if uasc:
            lo = max(lo, add_years(dob, 13))
        hi = self.ys - _D(days=1)
        start = self.rdate(lo, hi) if lo < hi else hi
        end = None
        if self.chance(0.25):
            end = self.rdate(self.ys, self.as_at - _D(days=1))
        team = T_NORTH if self.chance(0.5) else T_SOUTH
        ref = self.old_referral(cid, dob, start, team)
        seg = self.seg(cid, T_LAC, start)
        seg.end = end
        self.care_period(cid, dob, start, end, seg, uasc=uasc)
        self.close_referral(ref, end, True)
        self.extra_contacts(cid, dob, self.pick(_w([(0, 70), (1, 25), (2, 5)])))

    def kind_cp_old(self) -> None:
        age = max(2, self.pick(_AGE_CP))
        cid, dob = self.child(age)
        start = self.wd_before(self.ys - _D(days=self.ri(1, 450)))
        if start < dob:
            start = self.wd_after(dob + _D(days=7))
        team = T_NORTH if self.chance(0.5) else T_SOUTH
        ref = self.old_referral(cid, dob, start - _D(days=15), team)
        seg = self.seg(cid, T_CP, start)
        conf = self.rec("cp_conferences", conference_id=self.nid("CF"), child_id=cid, s47_id=None, plan_id=None,
                        type="initial", date=start, plan_made=True,
                        minutes_sent_date=self.add_wd(start, self.ri(1, 15)),
                        first_core_group_date=self.add_wd(start, self.ri(3, 10)))
        plan_id, end = self.cp_plan(cid, dob, start, seg, pre_window=True)
        conf["plan_id"] = plan_id
        self._attach_cp(seg)
        final = end
        if end is not None and self.chance(0.4):
            final = self.cin_plan(cid, end, seg)
        seg.end = final
        self.close_referral(ref, final, True)
        self.extra_contacts(cid, dob, self.pick(_w([(0, 40), (1, 40), (2, 20)])))

    def kind_cin_old(self) -> None:
        age = max(1, self.pick(_AGE_FRONT))
        cid, dob = self.child(age)
        start = self.wd_before(self.ys - _D(days=self.ri(1, 300)))
        if start < dob:
            start = self.wd_after(dob + _D(days=7))
        team = T_NORTH if self.chance(0.5) else T_SOUTH
        ref = self.old_referral(cid, dob, start - _D(days=30), team)
        seg = self.seg(cid, T_CP, start)
        end = self.cin_plan(cid, start, seg, pre_window=True)
        seg.end = end
        self.close_referral(ref, end, True)
        self.extra_contacts(cid, dob, self.pick(_w([(0, 40), (1, 40), (2, 20)])))

    def kind_care_leaver(self) -> None:
        as_at = self.as_at
        age = self.pick(_AGE_CL)
        uasc = self.chance(0.12)
        cid, dob = self.child(age, uasc=uasc)
        sixteen, eighteen = add_years(dob, 16), add_years(dob, 18)
        if age >= 18:
            elig = "former_relevant" if self.chance(0.92) else "qualifying"
        elif (as_at - sixteen).days > 30 and self.chance(0.3):
            elig = "relevant"
        else:
            elig = "eligible"
        earliest = add_years(dob, 13) if uasc else add_years(dob, 5)
        if elig == "eligible":
            start = self.rdate(max(earliest, add_years(dob, 10)), min(add_years(dob, 15) + _D(days=180), as_at - _D(days=30)))
            end = None
        elif elig == "relevant":
            start = self.rdate(max(earliest, add_years(dob, 8)), add_years(dob, 15) + _D(days=180))
            end = self.rdate(sixteen + _D(days=1), as_at - _D(days=14))
        elif elig == "former_relevant":
            start = self.rdate(earliest, add_years(dob, 15) + _D(days=180))
            end = eighteen
        else:
            start = self.rdate(sixteen, min(sixteen + _D(days=400), eighteen - _D(days=100)))
            end = start + _D(days=self.ri(30, 85))
        seg_l = None
        if end is None or end >= self.ys:
            seg_l = self.seg(cid, T_LAC, start)
            seg_l.end = end
        period, lac_visits = self.care_period(cid, dob, start, end, seg_l, uasc=uasc)

        # After care: the leaving care team, with the personal adviser holding the case.
        seg_c = None
        if elig != "eligible":
            seg_c = self.seg(cid, T_LC, eighteen if elig == "qualifying" else end)
        if elig == "eligible":
            in_touch = "YES"
            accommodation = "C" if period["placement_type"] in ("K2", "R1", "S1") else "Y"
            suitable = True
        else:
            in_touch = self.pick(_CL_IN_TOUCH)
            if self.plant("care_leaver_unsuitable"):
                accommodation, suitable = self.pick(_CL_UNSUITABLE), False
            else:
                accommodation, suitable = self.pick(_CL_SUITABLE), True
        activity = self.pick(_ACT_18 if age >= 18 else _ACT_1617)
        cl = self.rec("care_leavers", child_id=cid, eligibility=elig, in_touch=in_touch, accommodation=accommodation,
                      accommodation_suitable=suitable, activity=activity, personal_adviser_id=None,
                      last_contact_date=None)
        if seg_c is not None:
            self.ref(cl, "personal_adviser_id", seg_c, as_at, "current")
        else:
            self.ref(cl, "personal_adviser_id", None, as_at, "pa")

        # Pathway plans, six-monthly from 16 and 3 months.
        if elig != "qualifying":
            due16 = add_months(sixteen, 3)
            cut = None
            if in_touch in ("NREQ",):
                cut = as_at - _D(days=self.ri(200, 500))
            elif add_months(as_at, -6) > due16 + _D(days=30) and self.plant("pathway_plan_overdue"):
                cut = add_months(as_at, -6) - _D(days=self.ri(1, 150))
            d = self.wd_before(sixteen + _D(days=self.ri(0, 85)))
            while d <= as_at and (cut is None or d <= cut):
                self.rec("pathway_plans", pathway_plan_id=self.nid("PP"), child_id=cid, date=d)
                d = self.wd_before(add_months(d, 6) - _D(days=self.ri(0, 40)))

        # Keeping in touch.
        visits: list[dict] = []
        if seg_c is not None and seg_c.start <= as_at:
            cut = None
            if in_touch in ("NO", "REFU", "NREQ"):
                cut = as_at - _D(days=self.ri(90, 300))
            visits = self.periodic_visits(cid, seg_c, "care_leaver", seg_c.start, as_at, (28, 56), cut=cut,
                                          seen_alone_p=0.95)
        elif elig == "eligible":
            visits = lac_visits
        seen = [v["date"] for v in visits if v["seen"]]
        cl["last_contact_date"] = max(seen) if seen else None

    # ---- the run
    def run(self) -> dict[str, list[dict]]:
        self._pending_cp: list[tuple] = []
        kinds = _w([("front", 77.5), ("lac_old", 6), ("lac_new", 2), ("cp_old", 2.5), ("cin_old", 4), ("cl", 4)])
        for _ in range(self.n):
            kind = self.pick(kinds)
            self._pending_cp.clear()
            before = len(self.segs)
            if kind == "front":
                self.kind_front()
            elif kind == "lac_old":
                self.kind_lac_old()
            elif kind == "lac_new":
                self.kind_lac_new()
            elif kind == "cp_old":
                self.kind_cp_old()
            elif kind == "cin_old":
                self.kind_cin_old()
            else:
                self.kind_care_leaver()
            if self._pending_cp:
                # A plan made at an ICPC on the front-door path: its visits belong to the CP team segment.
                cp_segs = [s for s in self.segs[before:] if s.team == T_CP]
                for cid, dob, start, end in self._pending_cp:
                    seg = next((s for s in cp_segs if s.start == start), None)
                    self.cp_visits(cid, start, end, seg)
                self._pending_cp.clear()
        self.workforce()
        self.allocate()
        self.resolve_refs()
        self.supervisions()
        self.audits()
        keys = _schema_keys()
        for name, rows in self.tables.items():
            key = keys[name]
            rows.sort(key=lambda r: r[key])
        return self.tables

    def _attach_cp(self, seg: _Seg) -> None:
        for cid, dob, start, end in self._pending_cp:
            self.cp_visits(cid, start, end, seg)
        self._pending_cp.clear()

    # ---- workforce
    def worker(self, team: str, role: str, *, qualified: bool, nq: bool = False, start: date, end: date | None = None,
               capacity: float = 1.0) -> dict:
        w = self.rec("social_workers", worker_id=self.nid("W"), role=role, qualified=qualified, newly_qualified=nq,
                     team=team, start_date=start, end_date=end)
        # How much work this person takes on relative to colleagues (part-time, experience, ...).
        w["_capacity"] = capacity * (self.rng.uniform(0.65, 1.35) if team in CASE_TEAMS else 1.0)
        self.workers[w["worker_id"]] = w
        if role == "team_manager":
            self.managers.setdefault(team, []).append(w)
        elif role != "iro":
            self.holders.setdefault(team, []).append(w)
        return w

    def workforce(self) -> None:
        as_at, ys = self.as_at, self.ys
        # About one worker per 15 children; weaker councils are thinner on the ground.
        total = max(12, round(self.n / 15 * (1.0, 0.92, 0.8)[self.q]))
        open_by_team = Counter(s.team for s in self.segs if s.end is None)
        open_cp = sum(1 for p in self.tables["cp_plans"] if p["end_date"] is None)
        open_lac = sum(1 for p in self.tables["care_periods"] if p["end_date"] is None)
        n_iro = max(2, ceil((open_cp + open_lac) / 70))
        n_pa = max(2, ceil(open_by_team[T_LC] / 16))
        rest = max(12, total - n_iro - n_pa - 1)
        holders_total = max(8, round(rest * 7 / 8))
        demand = {t: open_by_team[t] + 1 for t in CASE_TEAMS}
        dsum = sum(demand.values())
        n_unq = 1 if total < 20 else 2 if total < 60 else round(total * 0.03)

        def long_ago() -> date:
            return as_at - _D(days=self.ri(500, 15 * 365))

        sizes = {team: max(2, round(holders_total * demand[team] / dsum)) for team in CASE_TEAMS}
        # A few newly qualified workers (ASYE year), never a team's first worker.
        slots = [(team, i) for team in CASE_TEAMS for i in range(1, sizes[team] - 1)]
        nq_slots = set(self.rng.sample(slots, min(len(slots), max(2, round(holders_total * 0.08)))))
        unq_left = n_unq
        for team in CASE_TEAMS:
            h = sizes[team]
            for _ in range(max(1, round(h / 7))):
                self.worker(team, "team_manager", qualified=True, start=long_ago())
            for i in range(h):
                if team in (T_NORTH, T_SOUTH) and unq_left > 0 and i == h - 1:
                    unq_left -= 1
                    self.worker(team, "unqualified", qualified=False, start=long_ago(), capacity=0.6)
                elif (team, i) in nq_slots:
                    self.worker(team, "social_worker", qualified=True, nq=True,
                                start=as_at - _D(days=self.ri(30, 330)), capacity=0.7)
                elif self.chance(0.2):
                    self.worker(team, "senior_practitioner", qualified=True, start=long_ago(), capacity=0.9)
                else:
                    self.worker(team, "social_worker", qualified=True, start=long_ago())
        # Leavers during the year: they held cases that were closed or passed on.
        for i in range(max(1, round(total * 0.05))):
            team = CASE_TEAMS[i % len(CASE_TEAMS)]
            self.worker(team, "social_worker", qualified=True, start=long_ago(),
                        end=self.rdate(ys + _D(days=20), as_at - _D(days=20)))
        self.worker(T_LC, "team_manager", qualified=True, start=long_ago())
        for _ in range(n_pa):
            self.worker(T_LC, "personal_adviser", qualified=self.chance(0.3), start=long_ago())
        if n_iro >= 6:
            self.worker(T_IRO, "team_manager", qualified=True, start=long_ago())
        for _ in range(n_iro):
            self.worker(T_IRO, "iro", qualified=True, start=long_ago())

    def employed(self, w: dict, at: date) -> bool:
        return w["start_date"] < at and (w["end_date"] is None or w["end_date"] >= at)

    def pick_worker(self, team: str, at: date, exclude: str | None = None) -> dict | None:
        pool = [w for w in self.holders.get(team, ()) if w["worker_id"] != exclude and self.employed(w, at)]
        return self.rng.choice(pool) if pool else None

    def allocate(self) -> None:
        # Open cases: balanced over the team's current case holders, some of whom are overloaded.
        open_by_team: dict[str, list[_Seg]] = defaultdict(list)
        finals: dict[int, dict | None] = {}
        for i, s in enumerate(self.segs):
            if s.end is None:
                if self.plant("unallocated"):
                    finals[i] = None
                else:
                    open_by_team[s.team].append(i)
        for team in TEAMS:
            idxs = open_by_team.get(team, [])
            holders = [w for w in self.holders.get(team, ()) if w["end_date"] is None]
            if not idxs or not holders:
                for i in idxs:
                    finals[i] = None
                continue
            self.rng.shuffle(idxs)
            load = {w["worker_id"]: 0 for w in holders}
            targets = {}
            if team in CASE_TEAMS:
                # Overload a few workers, but only as far as the team's cases allow while the
                # others keep at least half the team's average.
                floor = max(2.0, 0.5 * len(idxs) / len(holders))
                room = len(idxs) - floor * len(holders)
                for w in holders:
                    if floor < 21 and 21 - floor <= room and self.plant("caseload_high"):
                        t = min(self.ri(21, 27), int(floor + room))
                        targets[w["worker_id"]] = t
                        room -= t - floor
            pos = 0
            for w in holders:
                t = targets.get(w["worker_id"], 0)
                while t > 0 and pos < len(idxs):
                    finals[idxs[pos]] = w
                    load[w["worker_id"]] += 1
                    pos += 1
                    t -= 1
            normal = [w for w in holders if w["worker_id"] not in targets] or holders
            heap = [(load[w["worker_id"]] / w["_capacity"], self.rng.random(), k) for k, w in enumerate(normal)]
            heapq.heapify(heap)
            for i in idxs[pos:]:
                _, _, k = heapq.heappop(heap)
                w = normal[k]
                finals[i] = w
                load[w["worker_id"]] += 1
                heapq.heappush(heap, (load[w["worker_id"]] / w["_capacity"], self.rng.random(), k))
        for i, s in enumerate(self.segs):
            if s.end is None:
                self.chain(s, finals.get(i), unallocated=finals.get(i) is None)
            else:
                w = self.pick_worker(s.team, s.end) if s.end > s.start else self.pick_worker(s.team, s.end + _D(days=1))
                if w is None:
                    w = self.rng.choice(self.holders[s.team])
                self.chain(s, w)
        for s in self.segs:
            for start, end, wid in s.allocs:
                self.rec("case_allocations", allocation_id=self.nid("AL"), child_id=s.child_id, worker_id=wid,
                         team=s.team, start_date=start, end_date=end)

    def chain(self, s: _Seg, w: dict | None, unallocated: bool = False) -> None:
        """Allocation history of a segment, newest first back to its start or the year start."""
        allocs = []
        end = s.end
        if unallocated:
            u = max(s.start, self.as_at - _D(days=self.ri(3, 90)))
            allocs.append([u, None, None])
            if u > s.start:
                end = u
                w = self.pick_worker(s.team, end)
            else:
                w = None
        while w is not None:
            earliest = max(s.start, w["start_date"])
            latest = (end or self.as_at) - _D(days=7)
            if w["start_date"] <= s.start and (self.chance(0.65) or latest <= s.start):
                begin = s.start
            else:
                begin = self.rdate(earliest, max(earliest, latest))
            if end is not None and begin > end:
                begin = max(s.start, min(end, earliest))
            allocs.append([begin, end, w["worker_id"]])
            if begin <= s.start or begin <= self.ys:
                break
            end = begin
            w = self.pick_worker(s.team, end, exclude=w["worker_id"])
        allocs.reverse()
        s.allocs = allocs

    def resolve_refs(self) -> None:
        pas = [w for w in self.holders.get(T_LC, ()) if w["end_date"] is None]
        for record, field, seg, when, mode in self.refs:
            if mode == "pa":
                record[field] = self.rng.choice(pas)["worker_id"] if pas else None
                continue
            if seg is None or not seg.allocs:
                wid = None
            else:
                starts = [a[0] for a in seg.allocs]
                k = bisect_right(starts, when) - 1
                wid = seg.allocs[max(k, 0)][2]
            if wid is None and mode == "duty" and seg is not None:
                w = self.pick_worker(seg.team, when) or self.rng.choice(self.holders[seg.team])
                wid = w["worker_id"]
            record[field] = wid
        for w in self.workers.values():
            del w["_capacity"]

    def supervisions(self) -> None:
        as_at, ys = self.as_at, self.ys
        managers = {t: ms[0] for t, ms in self.managers.items()}
        fallback = managers.get(T_LAC) or next(iter(managers.values()))
        reflective_p = (0.75, 0.55, 0.35)[self.q]
        for wid in sorted(self.workers):
            w = self.workers[wid]
            if w["role"] == "team_manager":
                others = [m for t, m in sorted(managers.items()) if t != w["team"]]
                sup = others[0] if others else None
            else:
                sup = managers.get(w["team"]) or fallback
            p0 = max(ys, w["start_date"])
            p1 = min(as_at, w["end_date"] or as_at)
            if p1 < p0:
                continue
            if w["start_date"] >= ys:
                d = self.wd_after(w["start_date"] + _D(days=self.ri(3, 14)))
            else:
                d = self.wd_before(ys - _D(days=self.ri(0, 27)))
            gap_at, stop_at = None, None
            if self.plant("supervision_gap"):
                if self.chance(0.7) and (p1 - p0).days > 60:
                    gap_at = self.rdate(p0, p1 - _D(days=45))
                else:
                    stop_at = p1 - _D(days=self.ri(35, 90))
            while d <= p1 and (stop_at is None or d <= stop_at):
                self.rec("supervisions", supervision_id=self.nid("SV"), worker_id=wid,
                         supervisor_id=sup["worker_id"] if sup else None, date=d,
                         reflective=self.chance(reflective_p))
                if gap_at is not None and d >= gap_at:
                    gap = self.ri(35, 84)
                    gap_at = None
                elif w["newly_qualified"] and (d - w["start_date"]).days < 180:
                    gap = self.ri(7, 14)
                else:
                    gap = self.ri(18, 28)
                nxt = self.wd_before(d + _D(days=gap))
                d = nxt if nxt > d else self.wd_after(d + _D(days=gap))

    def audits(self) -> None:
        as_at = self.as_at
        lo = add_months(as_at, -3) + _D(days=1)
        by_child: dict[str, list[_Seg]] = defaultdict(list)
        for s in self.segs:
            if s.start <= as_at and (s.end is None or s.end >= lo) and s.allocs:
                by_child[s.child_id].append(s)
        candidates = sorted(by_child)
        k = min(len(candidates), round(0.10 * self.n))
        chosen = sorted(self.rng.sample(candidates, k))
        auditors = [w for ms in self.managers.values() for w in ms] + [
            w for w in self.workers.values() if w["role"] == "iro"]
        auditors.sort(key=lambda w: w["worker_id"])
        p_yes, p_partly = ((0.70, 0.22), (0.50, 0.30), (0.30, 0.35))[self.q]
        score = {"yes": 2, "partly": 1, "no": 0}
        grades = ("inadequate", "requires_improvement", "good", "outstanding")
        for cid in chosen:
            s = by_child[cid][-1]
            d = self.wd_before(self.rdate(max(lo, s.start), min(s.end or as_at, as_at)))
            if d < lo:
                d = self.wd_after(lo)
            answers = {}
            for q in ("views_recorded", "identity_considered", "fathers_involved", "chronology_present",
                      "plan_smart", "management_oversight", "risk_analysis"):
                if q == "fathers_involved" and self.chance(0.08) or q == "plan_smart" and self.chance(0.06):
                    answers[q] = "not_applicable"
                    continue
                r = self.rng.random()
                answers[q] = "yes" if r < p_yes else "partly" if r < p_yes + p_partly else "no"
            marks = [score[a] for a in answers.values() if a in score]
            mean = sum(marks) / len(marks) + self.rng.gauss(0, 0.2)
            g = 3 if mean >= 1.85 else 2 if mean >= 1.35 else 1 if mean >= 0.8 else 0
            moderated = None
            if self.chance(0.3):
                r = self.rng.random()
                moderated = grades[g] if r < 0.65 else grades[max(0, g - 1)] if r < 0.93 else grades[min(3, g + 1)]
            eligible = [w for w in auditors if w["team"] != s.team] or auditors
            self.rec("case_audits", audit_id=self.nid("AU"), child_id=cid, audit_date=d,
                     auditor_id=self.rng.choice(eligible)["worker_id"], team=s.team, **answers,
                     grade=grades[g], moderated_grade=moderated)


# --------------------------------------------------------------------------- truth


def compute_truth(tables: dict[str, list[dict]], as_at: date, calendar: Calendar | None = None) -> dict[str, list[str]]:
    """Each problem in ``PROBLEMS`` -> the sorted keys of the records that have it, by the
    definitions in this module's docstring."""
    cal = calendar or Calendar()
    wd = cal.working_days_between
    ys = year_start(as_at)
    out: dict[str, set[str]] = {p: set() for p in PROBLEMS}

    def by_child(table: str) -> dict[str, list[dict]]:
        index: dict[str, list[dict]] = defaultdict(list)
        for r in tables[table]:
            index[r["child_id"]].append(r)
        return index

    children = {c["child_id"]: c for c in tables["children"]}

    for a in tables["assessments"]:
        s, au = a["start_date"], a["authorised_date"]
        if (wd(s, au) if au is not None else wd(s, as_at)) > 45:
            out["assessment_late"].add(a["assessment_id"])
        if a["child_seen"] is False:
            out["assessment_child_not_seen"].add(a["assessment_id"])
        if a["child_seen"] is None or a["type"] is None:
            out["missing_data"].add(a["assessment_id"])

    for c in tables["contacts"]:
        dd = c["decision_date"]
        if (wd(c["date"], dd) if dd is not None else wd(c["date"], as_at)) > 1:
            out["contact_decision_late"].add(c["contact_id"])

    strategies = {s["strategy_id"]: s for s in tables["strategy_discussions"]}
    strat_by_child = by_child("strategy_discussions")
    for s in tables["strategy_discussions"]:
        if s["police_attended"] is False or s["health_attended"] is False:
            out["strategy_agency_absent"].add(s["strategy_id"])

    for e in tables["s47_enquiries"]:
        prior = [s for s in strat_by_child.get(e["child_id"], ()) if s["date"] <= e["start_date"]]
        if not prior:
            out["s47_without_strategy"].add(e["s47_id"])
        sd = strategies.get(e["strategy_id"]) if e["strategy_id"] else None
        if sd is None and prior:
            sd = max(prior, key=lambda s: (s["date"], s["strategy_id"]))
        if sd is None:
            continue
        if e["icpc_date"] is not None:
            if wd(sd["date"], e["icpc_date"]) > 15:
                out["icpc_late"].add(e["s47_id"])
        elif e["icpc_not_required"] is False and wd(sd["date"], as_at) > 15:
            out["icpc_late"].add(e["s47_id"])

    def chain_late(reviews: list[date], first_due: date, second_months: int, limit: date) -> bool:
        due = first_due
        for k, r in enumerate(reviews):
            if r > due:
                return True
            due = add_months(r, second_months if k == 0 else 6)
        return due < limit

    reviews_by_plan: dict[str, list[date]] = defaultdict(list)
    for c in tables["cp_conferences"]:
        if c["type"] == "review" and c["plan_id"]:
            reviews_by_plan[c["plan_id"]].append(c["date"])
    visits_by_child = by_child("visits")
    for p in tables["cp_plans"]:
        limit = p["end_date"] or as_at
        reviews = sorted(d for d in reviews_by_plan.get(p["plan_id"], ()) if d <= limit)
        if chain_late(reviews, add_months(p["start_date"], 3), 6, limit):
            out["cp_review_late"].add(p["plan_id"])
        if p["end_date"] is None:
            cp_visits = [v for v in visits_by_child.get(p["child_id"], ())
                         if v["type"] == "cp" and p["start_date"] <= v["date"] <= as_at]
            if cp_visits:
                latest = max(cp_visits, key=lambda v: (v["date"], v["visit_id"]))
                if latest["seen_alone"] is False:
                    out["cp_not_seen_alone"].add(p["plan_id"])
                if wd(latest["date"], as_at) > 10:
                    out["cp_visit_overdue"].add(p["plan_id"])
            elif wd(p["start_date"], as_at) > 10:
                out["cp_visit_overdue"].add(p["plan_id"])

    reviews_by_period: dict[str, list[date]] = defaultdict(list)
    for r in tables["lac_reviews"]:
        if r["period_id"]:
            reviews_by_period[r["period_id"]].append(r["date"])
    health_by_child = by_child("health_assessments")
    for p in tables["care_periods"]:
        limit = p["end_date"] or as_at
        reviews = sorted(d for d in reviews_by_period.get(p["period_id"], ()) if d <= limit)
        if chain_late(reviews, cal.add_working_days(p["start_date"], 20), 3, limit):
            out["lac_review_late"].add(p["period_id"])
        if p["end_date"] is not None:
            continue
        lo = as_at - _D(days=42)
        if not any(v["type"] == "lac" and lo <= v["date"] <= as_at for v in visits_by_child.get(p["child_id"], ())):
            out["lac_visit_overdue"].add(p["period_id"])
        dob = children.get(p["child_id"], {}).get("date_of_birth")
        if dob is not None and wd(p["start_date"], as_at) > 20:
            months = 6 if age_on(dob, as_at) < 5 else 12
            lo = add_months(as_at, -months)
            if not any(lo <= h["date"] <= as_at for h in health_by_child.get(p["child_id"], ())):
                out["lac_health_overdue"].add(p["period_id"])

    plans_by_child = by_child("pathway_plans")
    for r in tables["referrals"]:
        if r["nfa"] is True and r["child_seen"] is False:
            out["referral_nfa_not_seen"].add(r["referral_id"])
    for cl in tables["care_leavers"]:
        if cl["accommodation_suitable"] is False:
            out["care_leaver_unsuitable"].add(cl["child_id"])
        dob = children.get(cl["child_id"], {}).get("date_of_birth")
        if (cl["eligibility"] in ("eligible", "relevant", "former_relevant")
                and cl["in_touch"] not in ("DIED", "NREQ") and dob is not None
                and as_at > add_months(add_years(dob, 16), 3)):
            lo = add_months(as_at, -6)
            if not any(lo <= p["date"] <= as_at for p in plans_by_child.get(cl["child_id"], ())):
                out["pathway_plan_overdue"].add(cl["child_id"])

    sup_by_worker: dict[str, list[date]] = defaultdict(list)
    for s in tables["supervisions"]:
        sup_by_worker[s["worker_id"]].append(s["date"])
    caseload: Counter = Counter()
    for a in tables["case_allocations"]:
        if a["start_date"] <= as_at and (a["end_date"] is None or a["end_date"] > as_at):
            if a["worker_id"] is None:
                out["unallocated"].add(a["child_id"])
            else:
                caseload[a["worker_id"]] += 1
    for w in tables["social_workers"]:
        wid = w["worker_id"]
        if caseload[wid] > 20:
            out["caseload_high"].add(wid)
        p0 = max(ys, w["start_date"]) if w["start_date"] else ys
        p1 = min(as_at, w["end_date"]) if w["end_date"] else as_at
        if p1 < p0:
            continue
        dates = sorted(sup_by_worker.get(wid, ()))
        before = [d for d in dates if d <= p0]
        points = [before[-1] if before else p0] + [d for d in dates if p0 < d <= p1] + [p1]
        if any((b - a).days > 28 for a, b in zip(points, points[1:])):
            out["supervision_gap"].add(wid)

    return {p: sorted(keys) for p, keys in out.items()}


# --------------------------------------------------------------------------- API


def generate(children: int, seed: int, profile: str, as_at: date = date(2025, 3, 31)) -> Council:
    """A synthetic council of ``children`` children, a year of records ending at ``as_at``,
    with practice problems planted at the rates of ``profile`` (one of ``PROFILES``)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    if isinstance(children, bool) or not isinstance(children, int) or children < 0:
        raise ValueError(f"children must be a whole number >= 0, got {children!r}")
    gen = _Generator(children, seed, profile, as_at)
    tables = gen.run()
    truth = compute_truth(tables, as_at, gen.cal)
    return Council(tables=tables, truth=truth, as_at=as_at, seed=seed, profile=profile)


def write_truth(council: Council, path: Path) -> None:
    """truth.json: for each planted problem, the records that carry it."""
    truth = {
        "as_at": council.as_at.isoformat(),
        "seed": council.seed,
        "profile": council.profile,
        "children": len(council.tables.get("children", ())),
        "problems": {p: list(keys) for p, keys in council.truth.items()},
        "problem_tables": {p: PROBLEMS[p][0] for p in council.truth if p in PROBLEMS},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(truth, sort_keys=True, indent=2) + "\n")


def write_csv(council: Council, out_dir: Path) -> None:
    """One ``<table>.csv`` per schema table (schema field order, UTF-8, ``\\n`` line ends,
    ISO dates, ``true``/``false``, blank for missing) and ``truth.json``."""
    from checker.data.readers.native import write_csv_folder

    out_dir = Path(out_dir)
    write_csv_folder(council.tables, _schema(), out_dir)
    write_truth(council, out_dir / "truth.json")


# --------------------------------------------------------------------------- CIN census data quality

#: CIN census data-quality problems :func:`census_dress` can plant, -> the DfE rule that should flag them.
CENSUS_PROBLEMS: dict[str, str] = {
    "la_child_id_long": "1570", "la_child_id_symbol": "1580", "sex_missing": "4180", "ethnicity_invalid": "4220",
    "disability_duplicate": "8794", "disability_none_and_other": "8790", "upn_bad_check_letter": "1510",
    "both_birth_dates": "8525Q", "duplicate_la_child_id": "8510", "referral_source_invalid": "8866",
    "primary_need_invalid": "8650", "closure_before_referral": "8630", "closure_without_reason": "8805",
    "reason_without_closure": "8810", "referral_before_birth": "8606", "assessment_before_referral": "1103",
    "assessment_end_before_start": "8608", "cin_plan_before_referral": "4015", "two_open_cin_plans": "4004",
    "s47_after_icpc": "8615", "icpc_weekend": "8875", "icpc_target_weekend": "8870Q", "cpp_same_day": "8840",
    "cpp_end_before_start": "8925", "review_before_plan": "8841", "category_invalid": "8905",
    "previous_cpp_missing": "8730", "died_without_death_date": "8585Q",
}
from checker.tools.census_faults import BOUNDARY_PROBLEMS as _BOUNDARY  # noqa: E402  (the harder faults, on the boundaries)

CENSUS_PROBLEMS.update(_BOUNDARY)

#: Chance that an eligible record gets one of them, by profile (good, adequate, inadequate).
CENSUS_RATES = (0.002, 0.01, 0.03)

_SEX_CODE = {"1": "M", "2": "F", "0": "U", "9": "U"}
_FACTORS = ("1A", "1B", "2A", "2B", "3A", "3B", "4A", "4B", "5A", "6B", "7A", "8B", "9A", "10A", "11A", "12A",
            "13A", "14B", "15A", "16A", "17A", "18B", "19B", "20", "22A", "23A", "24A")
_UPN_LA = "330"  # a real LA number: UPN characters 2-4 must be one (rule 1530)


def _upn(rng: random.Random) -> str:
    from checker.language.functions import upn_check_letter

    body = _UPN_LA + f"{rng.randrange(10**8):08d}" + str(rng.randrange(10))
    return upn_check_letter("A" + body) + body


def census_dress(root, seed: int, profile: str, reference_date: date, plant: bool = False,
                 boundaries: bool | None = None) -> dict[str, list[str]]:
    """Make a written CIN census (an lxml ``Message`` element, changed in place) look like a real
    2024/25 return, and with ``plant`` put data-quality problems in it.

    Always: GenderCurrent becomes the 2024/25 Sex item (M, F, U; U for an unborn child); children of
    school age get a valid UPN, younger ones UPNunknown UN1; closed episodes get a ReasonForClosure
    (RC8 after an assessment with nothing further, else RC7); authorised assessments get assessment
    factors. With ``plant``, each problem of :data:`CENSUS_PROBLEMS` is put on eligible records at
    the profile's rate (:data:`CENSUS_RATES`). Returns problem -> the LAchildIDs (as finally written)
    of the children it was planted on. With ``boundaries`` (the default when planting), the
    harder faults of :mod:`checker.census_faults` too, on the other children, at three times the rate.
    The same arguments give the same result."""
    from lxml import etree

    rng = random.Random(f"census-{seed}-{profile}")
    rate = CENSUS_RATES[PROFILES.index(profile)]
    planted: dict[str, list[str]] = defaultdict(list)

    def el(parent, tag, text=None, before=None):
        e = etree.Element(tag)
        e.text = text
        e.tail = None
        if before is not None:
            before.addprevious(e)
        else:
            parent.append(e)
        return e

    def find(parent, tag):
        return parent.find(tag) if parent is not None else None

    def put(parent, tag, text, order):
        """Set ``tag``'s text, creating it before the first of ``order`` after it that exists."""
        e = parent.find(tag)
        if e is None:
            nxt = None
            for t in order[order.index(tag) + 1:]:
                nxt = parent.find(t)
                if nxt is not None:
                    break
            e = el(parent, tag, before=nxt)
        e.text = text
        return e

    cin_order = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
                 "DateOfInitialCPC", "Assessments", "CINPlanDates", "Section47", "ReferralNFA", "ChildProtectionPlans"]
    ident_order = ["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
                   "GenderCurrent", "Sex", "PersonDeathDate"]

    def d(text):
        return date.fromisoformat(text) if text else None

    def chance():
        return plant and rng.random() < rate

    children = root.find("Children")
    all_children = list(children) if children is not None else []
    touched: set[int] = set()  # children with a problem planted: their IDs are not reused below
    for child in all_children:
        ident = child.find("ChildIdentifiers")
        cid_el = find(ident, "LAchildID")
        cid = cid_el.text if cid_el is not None else ""
        problems: list[str] = []
        g = find(ident, "GenderCurrent")
        dob = d(find(ident, "PersonBirthDate").text) if find(ident, "PersonBirthDate") is not None else None
        sex = _SEX_CODE.get(g.text.strip(), "U") if g is not None and g.text else "U"
        if g is not None:
            ident.remove(g)
        if dob is None:
            sex = "U"
        put(ident, "Sex", sex, ident_order)
        if dob is not None and age_on(dob, reference_date) >= 5:
            put(ident, "UPN", _upn(rng), ident_order)
        else:
            put(ident, "UPNunknown", "UN1", ident_order)
        cins = child.findall("CINdetails")
        for cin in cins:
            closed = cin.find("CINclosureDate") is not None
            assessments = cin.findall("Assessments")
            for a in assessments:
                if a.find("AssessmentAuthorisationDate") is not None:
                    block = el(a, "FactorsIdentifiedAtAssessment")
                    for code in sorted(rng.sample(_FACTORS, rng.randint(1, 3)), key=_FACTORS.index):
                        el(block, "AssessmentFactors", code)
            if closed:
                further = cin.find("CINPlanDates") is not None or cin.find("ChildProtectionPlans") is not None
                reason = "RC8" if assessments and not further else "RC7"
                put(cin, "ReasonForClosure", reason, cin_order)
        if not plant:
            continue
        chars = child.find("ChildCharacteristics")
        # child-level problems
        if chance():
            problems.append("sex_missing")
            ident.find("Sex").text = None
        if chance() and chars is not None and chars.find("Ethnicity") is not None:
            problems.append("ethnicity_invalid")
            chars.find("Ethnicity").text = "XXXX"
        dis = find(chars, "Disabilities")
        if dis is not None and chance():
            first = dis.find("Disability")
            if first is not None and first.text == "NONE":
                problems.append("disability_none_and_other")
                el(dis, "Disability", "HAND")
            elif first is not None:
                problems.append("disability_duplicate")
                el(dis, "Disability", first.text)
        if ident.find("UPN") is not None and chance():
            upn = ident.find("UPN")
            letters = [c for c in "ABCDEFGHJKLMNPQRTUVWXYZ" if c != upn.text[0]]
            upn.text = rng.choice(letters) + upn.text[1:]
            problems.append("upn_bad_check_letter")
        if dob is not None and chance():
            problems.append("both_birth_dates")
            put(ident, "ExpectedPersonBirthDate", dob.isoformat(), ident_order)
        for cin in cins:
            ref = d(find(cin, "CINreferralDate").text) if find(cin, "CINreferralDate") is not None else None
            if chance():
                problems.append("referral_source_invalid")
                put(cin, "ReferralSource", "ZZ", cin_order)
            if chance() and cin.find("PrimaryNeedCode") is not None:
                problems.append("primary_need_invalid")
                cin.find("PrimaryNeedCode").text = "N99"
            closure = cin.find("CINclosureDate")
            if closure is not None and ref is not None and chance():
                kind = rng.choice(["closure_before_referral", "closure_without_reason", "died_without_death_date"])
                problems.append(kind)
                if kind == "closure_before_referral":
                    closure.text = (ref - _D(days=5)).isoformat()
                elif kind == "closure_without_reason":
                    r = cin.find("ReasonForClosure")
                    if r is not None:
                        cin.remove(r)
                else:
                    put(cin, "ReasonForClosure", "RC2", cin_order)
            elif closure is None and chance():
                problems.append("reason_without_closure")
                put(cin, "ReasonForClosure", "RC7", cin_order)
            if ref is not None and dob is not None and chance():
                problems.append("referral_before_birth")
                find(cin, "CINreferralDate").text = (dob - _D(days=300)).isoformat()
            for a in cin.findall("Assessments"):
                start = a.find("AssessmentActualStartDate")
                auth = a.find("AssessmentAuthorisationDate")
                if start is not None and ref is not None and chance():
                    problems.append("assessment_before_referral")
                    start.text = (ref - _D(days=3)).isoformat()
                elif start is not None and auth is not None and chance():
                    problems.append("assessment_end_before_start")
                    auth.text = (d(start.text) - _D(days=2)).isoformat()
            plans = cin.findall("CINPlanDates")
            for p in plans:
                s = p.find("CINPlanStartDate")
                if s is not None and ref is not None and chance():
                    problems.append("cin_plan_before_referral")
                    s.text = (ref - _D(days=4)).isoformat()
            if plans and all(p.find("CINPlanEndDate") is None for p in plans) and chance():
                problems.append("two_open_cin_plans")
                s = plans[-1].find("CINPlanStartDate")
                extra = etree.Element("CINPlanDates")
                el(extra, "CINPlanStartDate", s.text if s is not None else None)
                plans[-1].addnext(extra)
            for s47 in cin.findall("Section47"):
                start, icpc, target = s47.find("S47ActualStartDate"), s47.find("DateOfInitialCPC"), s47.find("InitialCPCtarget")
                if icpc is not None and start is not None and chance():
                    problems.append("s47_after_icpc")
                    start.text = (d(icpc.text) + _D(days=2)).isoformat()
                elif icpc is not None and chance():
                    problems.append("icpc_weekend")
                    day = d(icpc.text)
                    icpc.text = (day + _D(days=(5 - day.weekday()) % 7)).isoformat()
                if target is not None and chance():
                    problems.append("icpc_target_weekend")
                    day = d(target.text)
                    target.text = (day + _D(days=(6 - day.weekday()) % 7)).isoformat()
            for p in cin.findall("ChildProtectionPlans"):
                s, e = p.find("CPPstartDate"), p.find("CPPendDate")
                if s is not None and e is not None and chance():
                    kind = rng.choice(["cpp_same_day", "cpp_end_before_start"])
                    problems.append(kind)
                    e.text = s.text if kind == "cpp_same_day" else (d(s.text) - _D(days=7)).isoformat()
                rv = p.find("Reviews")
                if s is not None and rv is not None and rv.find("CPPreviewDate") is not None and chance():
                    problems.append("review_before_plan")
                    rv.find("CPPreviewDate").text = s.text
                if p.find("InitialCategoryOfAbuse") is not None and chance():
                    problems.append("category_invalid")
                    p.find("InitialCategoryOfAbuse").text = "ABC"
                if p.find("NumberOfPreviousCPP") is not None and chance():
                    problems.append("previous_cpp_missing")
                    p.remove(p.find("NumberOfPreviousCPP"))
        if cid_el is not None and chance():
            kind = rng.choice(["la_child_id_long", "la_child_id_symbol"])
            problems.append(kind)
            cid_el.text = cid + ("X" * 20 if kind == "la_child_id_long" else "-Z")
        for p in problems:
            planted[p].append(cid_el.text if cid_el is not None else "")
        if problems:
            touched.add(id(child))
    if plant and len(all_children) > 2:
        for _ in range(max(1, round(len(all_children) * rate / 2))):
            a, b = rng.sample(range(len(all_children)), 2)
            if id(all_children[b]) in touched:
                continue
            src, dst = all_children[a].find("ChildIdentifiers/LAchildID"), all_children[b].find("ChildIdentifiers/LAchildID")
            if src is not None and dst is not None and src.text != dst.text:
                dst.text = src.text
                planted["duplicate_la_child_id"].append(src.text)
    if plant and (boundaries is None or boundaries):
        from checker.tools.census_faults import plant_boundaries

        skip = frozenset(i for ids in planted.values() for i in ids)
        for k, v in plant_boundaries(root, random.Random(f"census-boundaries-{seed}-{profile}"), min(1.0, 3 * rate),
                                     reference_date, skip).items():
            planted[k].extend(v)
    return {k: sorted(v) for k, v in sorted(planted.items())}


def write_census(council: Council, out: Path, plant: bool = False, hard: bool = True) -> dict[str, list[str]]:
    """Write ``council`` as a CIN census XML at ``out``, dressed as a 2024/25 return and, with
    ``plant``, with census data-quality problems planted (:func:`census_dress`; ``hard``: the
    boundary faults of :mod:`checker.census_faults` too); returns those."""
    from lxml import etree

    from checker.data.readers.cin_xml import write

    out = Path(out)
    write(council.tables, _schema(), out, council.as_at)
    tree = etree.parse(str(out), etree.XMLParser(remove_blank_text=True))
    planted = census_dress(tree.getroot(), council.seed, council.profile, council.as_at, plant, hard)
    tree.write(str(out), encoding="utf-8", xml_declaration=True, pretty_print=True)
    return planted
