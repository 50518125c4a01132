"""What every part of the generator shares: the profiles, the problems and their rates, the fictional
teams, the council record, the csc schema's fields and keys, and the weighted tables draws come from."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache

from checker.workdays import add_months

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
def csc_schema():
    """The csc data schema, loaded (and validated) the one way every casecheck YAML is."""
    from checker.schema import builtin_schema_path, load_schema

    return load_schema(builtin_schema_path("csc"))


def schema_fields() -> dict[str, tuple[str, ...]]:
    """Table -> its field names in schema order (from ``rules/schemas/csc.yaml``)."""
    return {name: tuple(t.fields) for name, t in csc_schema().tables.items()}


def schema_keys() -> dict[str, str]:
    keys = {}
    for name, t in csc_schema().tables.items():
        (key,) = t.key
        keys[name] = key
    return keys


def year_start(as_at: date) -> date:
    """First day of the year ending at ``as_at``."""
    return add_months(as_at, -12) + timedelta(days=1)


# --------------------------------------------------------------------------- helpers


def weighted(pairs):
    """(values, cumulative weights) for rng.choices."""
    values = [v for v, _ in pairs]
    cum, total = [], 0.0
    for _, w in pairs:
        total += w
        cum.append(total)
    return values, cum


class Deck:
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


class Segment:
    """A stretch of a child's case held by one team; allocations are made later."""

    __slots__ = ("child_id", "team", "start", "end", "allocs")

    def __init__(self, child_id: str, team: str, start: date):
        self.child_id = child_id
        self.team = team
        self.start = start
        self.end: date | None = None
        self.allocs: list[list] = []  # [start, end, worker_id or None], by start


SEX = weighted([("M", 52), ("F", 47), ("U", 1)])
ETHNICITY = weighted([
    ("WBRI", 70), ("WIRI", 0.5), ("WIRT", 0.3), ("WOTH", 4.5), ("WROM", 0.6), ("MWBC", 3), ("MWBA", 1.2),
    ("MWAS", 1.3), ("MOTH", 2.5), ("AIND", 1.5), ("APKN", 2.5), ("ABAN", 1), ("AOTH", 1.4), ("BCRB", 1),
    ("BAFR", 3), ("BOTH", 0.8), ("CHNE", 0.3), ("OOTH", 2), ("REFU", 0.5), ("NOBT", 1.1),
])
UASC_ETHNICITY = weighted([("BAFR", 30), ("AOTH", 30), ("OOTH", 25), ("BOTH", 5), ("WOTH", 10)])
AGE_FRONT = weighted([(a, w) for a, w in enumerate([9, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 7, 7, 7, 5, 4])])
AGE_CP = weighted([(a, w) for a, w in enumerate([6, 9, 8, 8, 7, 7, 6, 6, 5, 5, 5, 5, 4, 4, 4, 3, 3, 2])])
AGE_LAC = weighted([(a, w) for a, w in enumerate([2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7, 8, 9, 10, 9, 7])])
AGE_CL = weighted([(16, 8), (17, 12), (18, 22), (19, 22), (20, 20), (21, 16)])
SOURCE = weighted([
    ("6", 28), ("2A", 17), ("2B", 1), ("3A", 3), ("3B", 3), ("3C", 1), ("3D", 2), ("3E", 3), ("3F", 3),
    ("1A", 6), ("1B", 1.5), ("1C", 2), ("1D", 1.5), ("4", 2), ("5A", 4), ("5B", 2), ("5C", 2), ("5D", 4),
    ("7", 2), ("8", 3), ("9", 2), ("10", 1),
])
NEED = weighted([("N1", 52), ("N2", 5), ("N3", 4), ("N4", 14), ("N5", 15), ("N6", 3), ("N7", 1), ("N8", 3), ("N9", 2), ("N0", 1)])
ABUSE = weighted([("NEG", 48), ("EMO", 35), ("PHY", 8), ("SAB", 4), ("MUL", 5)])
CL_IN_TOUCH = weighted([("YES", 86), ("NO", 5), ("REFU", 3), ("NREQ", 3), ("RHOM", 3)])
CL_SUITABLE = weighted([("U", 22), ("Z", 14), ("B", 14), ("D", 16), ("E", 8), ("T", 6), ("C", 4), ("K", 3), ("Y", 3)])
CL_UNSUITABLE = weighted([("W", 20), ("S", 15), ("V", 15), ("X", 10), ("D", 15), ("U", 15), ("K", 10)])
ACT_1617 = weighted([("F2", 70), ("P2", 5), ("F4", 5), ("F5", 5), ("G5", 10), ("G6", 2), ("G4", 3)])
ACT_18 = weighted([("F1", 8), ("F2", 25), ("F4", 18), ("P4", 8), ("F5", 5), ("P5", 1), ("G5", 20), ("G6", 8), ("G4", 7)])



# --------------------------------------------------------------------------- the generator
