"""The generator's state and small helpers, which every part of it builds on."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from checker.tools.generate.common import (
    PROBLEMS,
    PROFILES,
    RATES,
    Deck,
    Segment,
    schema_fields,
    year_start,
)
from checker.workdays import Calendar


class Base:
    """The generator's state and its small helpers: ids, planting decks, random draws, working days,
    records and deferred worker references."""


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
        self.decks = {p: Deck(self.rng, RATES[p][self.q]) for p in PROBLEMS}
        self.segs: list[Segment] = []
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
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

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

    def ref(self, record: dict, field: str, seg: Segment | None, when: date, mode: str = "duty") -> None:
        """Fill `record[field]` with the worker holding `seg` on `when`, once allocations exist.
        mode: "duty" (someone in the team if unallocated), "current" (blank if unallocated), "pa"."""
        self.refs.append((record, field, seg, when, mode))

    def seg(self, child_id: str, team: str, start: date) -> Segment:
        s = Segment(child_id, team, start)
        self.segs.append(s)
        return s
