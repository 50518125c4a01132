"""The second pass: the history a council's cases carry and the care-planning records around a
period of care, added once the council is built.

* earlier referrals (re-referrals: several referrals per child, some before the year), half
  of them closed with no further action (with referral_nfa_not_seen planted at the profile's
  rate, so the earlier referrals do not dilute it);
* earlier child protection plans for the plans whose ``previous_plans`` says there were some
  (repeat plans), each with its conferences, ended before the year;
* short breaks: a few long-running periods of care of disabled children become an agreed series
  of short-term breaks (legal status V3 or V4, CPPCR 2010 regulation 48);
* for every period of care: the care plan's date (regulation 4(2)), the placements within it
  (placement moves), a statutory visit within a week of every placement start in the year
  (regulation 28(2)(a)) and the weekly visits of the regulation 28(3)-(4) regimes, the IRO's
  contact with the child before each review, and missing episodes with the return home
  interview offered after them.

It draws from its own ``random.Random``, seeded from the main generator's stream after
everything else has drawn from it, so the records made before it are exactly those the
generator made without it: one seed still gives the same bytes, and it is O(n) (one pass over
referrals, plans and periods, with per-child indexes).

Problems planted here (``common.PROBLEMS``): placement_visit_late (on any placement of the
year without a visit in its first week; on the current placement it is also lac_visit_overdue,
whose definition has regulation 28(2)(a)'s first week), care_plan_late, iro_contact_missing and
rhi_late. A period whose regulation 28 visits were
planted overdue (no lac visit in the 6 weeks to as_at) gets no visit after its latest one.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from checker.tools.generate.base import Base
from checker.tools.generate.common import (
    ABUSE,
    NEED,
    RATES,
    SOURCE,
    T_CP,
    T_LAC,
    Deck,
)
from checker.workdays import add_months, age_on

#: the problems this pass plants (its own decks, on its own random stream)
HISTORY_PROBLEMS = ("placement_visit_late", "care_plan_late", "iro_contact_missing", "rhi_late",
                    "referral_nfa_not_seen", "cp_review_late")
PREVIOUS_PLACEMENT = ("U4", "U5", "U6", "K2")
_D = timedelta


class CaseHistory(Base):
    """Mixin for the generator: :meth:`case_history` runs after the workforce is allocated. It
    builds on :class:`Base`'s state (tables, workers, calendar, random stream), so it derives from it."""

    def case_history(self) -> None:
        self.rx = random.Random(self.rng.getrandbits(64))
        self.xdecks = {p: Deck(self.rx, RATES[p][self.q]) for p in HISTORY_PROBLEMS}
        t = self.tables
        self._children = {c["child_id"]: c for c in t["children"]}
        self._leavers = {c["child_id"] for c in t["care_leavers"]}
        self._lac_visits: dict[str, list[date]] = defaultdict(list)
        for v in t["visits"]:
            if v["type"] == "lac":
                self._lac_visits[v["child_id"]].append(v["date"])
        self._reviews: dict[str, list[date]] = defaultdict(list)
        for r in t["lac_reviews"]:
            if r["period_id"]:
                self._reviews[r["period_id"]].append(r["date"])
        self._iros = sorted((w for w in self.workers.values() if w["role"] == "iro" and w["end_date"] is None),
                            key=lambda w: w["worker_id"])
        self._lac_team = sorted((w for w in self.holders.get(T_LAC, ()) if w["end_date"] is None),
                                key=lambda w: w["worker_id"])
        self.earlier_referrals()
        self.earlier_plans()
        for p in list(t["care_periods"]):
            self.period_history(p)

    def plant_x(self, problem: str) -> bool:
        return self.xdecks[problem].draw()

    def xdate(self, lo: date, hi: date) -> date:
        return lo if hi <= lo else lo + _D(days=self.rx.randint(0, (hi - lo).days))

    # ---- re-referrals and repeat plans
    def earlier_referrals(self) -> None:
        """A quarter of the year's referrals follow an earlier one of the same child, 1 to 18
        months before (the DfE's re-referral: within 12 months of the previous one)."""
        sources = SOURCE[0]
        needs = NEED[0]
        for r in list(self.tables["referrals"]):
            if r["date"] < self.ys or self.rx.random() >= 0.25:
                continue
            dob = self._children[r["child_id"]]["date_of_birth"]
            d = r["date"] - _D(days=self.rx.randint(30, 540))
            if dob is None or d < dob:
                continue
            nfa = self.rx.random() < 0.5
            close = d + _D(days=self.rx.randint(0, 10) if nfa else self.rx.randint(20, 120))
            close = min(close, r["date"] - _D(days=1))
            seen = not (nfa and self.plant_x("referral_nfa_not_seen"))
            self.rec("referrals", referral_id=self.nid("R"), child_id=r["child_id"], contact_id=None, date=d,
                     source=self.rx.choice(sources), decision_date=d, nfa=nfa, child_seen=seen,
                     primary_need=self.rx.choice(needs), closure_date=close, team=r["team"])

    def earlier_plans(self) -> None:
        """For a plan whose child had earlier plans (``previous_plans``), the latest of them: it
        ended before the year and before this plan, with the referral it came from (closed when
        the plan ended) and its initial and review conferences
        (the first review late at the profile's cp_review_late rate, as the plans of the year)."""
        for p in list(self.tables["cp_plans"]):
            n = p["previous_plans"] or 0
            dob = self._children[p["child_id"]]["date_of_birth"]
            if n == 0 or dob is None:
                continue
            end_by = min(self.ys, p["start_date"]) - _D(days=self.rx.randint(30, 900))
            start = self.wd_before(end_by - _D(days=self.rx.randint(100, 600)))
            if start < dob + _D(days=75):
                continue
            cid, plan_id = p["child_id"], self.nid("CP")
            if self.plant_x("cp_review_late"):  # the council's practice then was no better than now
                d = self.wd_after(add_months(start, 3) + _D(days=self.rx.randint(7, 70)))
            else:
                d = self.wd_before(add_months(start, 3) - _D(days=self.rx.randint(0, 28)))
            reviews = []
            while d <= end_by:
                reviews.append(d)
                d = self.wd_before(add_months(d, 6) - _D(days=self.rx.randint(0, 30)))
            if not reviews:
                continue
            # The referral that episode came from (the census puts a plan in its episode).
            ref = start - _D(days=self.rx.randint(15, 60))
            self.rec("referrals", referral_id=self.nid("R"), child_id=cid, contact_id=None, date=ref,
                     source=self.rx.choice(SOURCE[0]), decision_date=ref, nfa=False, child_seen=True,
                     primary_need="N1", closure_date=reviews[-1], team=T_CP)
            self.rec("cp_conferences", conference_id=self.nid("CF"), child_id=cid, s47_id=None, plan_id=plan_id,
                     type="initial", date=start, plan_made=True,
                     minutes_sent_date=self.add_wd(start, self.rx.randint(1, 15)),
                     first_core_group_date=self.add_wd(start, self.rx.randint(3, 10)))
            for k, d in enumerate(reviews):
                self.rec("cp_conferences", conference_id=self.nid("CF"), child_id=cid, s47_id=None, plan_id=plan_id,
                         type="review", date=d, plan_made=k < len(reviews) - 1,
                         minutes_sent_date=self.add_wd(d, self.rx.randint(1, 15)), first_core_group_date=None)
            category = self.rx.choice(ABUSE[0])
            self.rec("cp_plans", plan_id=plan_id, child_id=cid, start_date=start, end_date=reviews[-1],
                     initial_category=category, latest_category=category, previous_plans=n - 1, team=T_CP)

    # ---- periods of care
    def period_history(self, p: dict) -> None:
        as_at, ys = self.as_at, self.ys
        cid, start, end = p["child_id"], p["start_date"], p["end_date"]
        child = self._children[cid]
        dob = child["date_of_birth"]
        limit = end or as_at
        # Short breaks: a disabled child's agreed series of short-term breaks (regulation 48).
        if (start < ys and cid not in self._leavers and not child["uasc"] and dob is not None
                and age_on(dob, as_at) >= 5 and p["placement_type"] != "P1" and self.rx.random() < 0.08):
            p["legal_status"] = self.rx.choice(("V3", "V4"))
            child["disabled"] = True
        short = p["legal_status"] in ("V3", "V4")

        # The care plan (regulation 4(2)): before the first placement or within 10 working days.
        due_by = self.cal.working_days_between(start, min(limit, as_at))
        if start >= ys and due_by > 10 and self.plant_x("care_plan_late"):
            plan = self.add_wd(start, self.rx.randint(11, min(30, due_by)))
        elif self.rx.random() < 0.3:
            plan = start - _D(days=self.rx.randint(0, 3))
        else:
            plan = self.add_wd(start, self.rx.randint(0, 10))
        p["care_plan_date"] = plan if plan <= as_at else None

        # The regulation 28(3)-(4) regimes.
        if not short and p["placement_type"] == "P1" and p["legal_status"] == "C2" and self.rx.random() < 0.3:
            p["placement_basis"] = "reg19"
        elif not short and p["placement_type"] == "U3" and self.rx.random() < 0.5:
            p["placement_basis"] = "reg24"

        seen = self._lac_visits[cid]
        overdue = end is None and not any(as_at - _D(days=42) <= d <= as_at for d in seen)
        stop = max((d for d in seen if d >= start), default=start - _D(days=1)) if overdue else limit

        # Placements: the current one from placement_start_date, earlier ones back to the start
        # (for a child planted as not visited, the moves fall while visits were still made).
        ps = p["placement_start_date"] or start
        starts = [start]
        if ps > start:
            lo = max(start + _D(days=1), add_months(limit, -12))
            hi = min(ps, stop) - _D(days=1)
            mids = sorted({self.xdate(lo, hi) for _ in range(max(0, (p["placements_last_12_months"] or 1) - 2))})
            starts += [d for d in mids if start < d < ps] + [ps]
        for i, s in enumerate(starts):
            current = i == len(starts) - 1
            self.rec("placements", placement_id=self.nid("PL"), child_id=cid, period_id=p["period_id"], start_date=s,
                     end_date=end if current else starts[i + 1],
                     placement_type=p["placement_type"] if current else self.rx.choice(PREVIOUS_PLACEMENT))

        alone_p = 0.85 if dob is not None and age_on(dob, as_at) >= 4 else 0.1

        # A visit within a week of every placement start in the year (regulation 28(2)(a)); short
        # breaks are visited at intervals agreed with the IRO instead (regulation 48(3)(c)).
        for s in starts:
            if short or not (ys <= s <= as_at - _D(days=7)) or any(s <= d <= s + _D(days=7) for d in seen):
                continue
            if self.plant_x("placement_visit_late"):
                if self.rx.random() < 0.5:
                    self.lac_visit(p, s + _D(days=self.rx.randint(8, 20)), stop, alone_p)
                continue
            self.lac_visit(p, s + _D(days=self.rx.randint(0, min(7, (limit - s).days))), stop, alone_p)

        # Weekly until the first review after the placement (reg19, reg24, interim care order at
        # home), then every 4 weeks (reg24, interim care order) - regulation 28(3)-(4).
        ico_home = p["legal_status"] == "C1" and p["placement_type"] == "P1"
        if end is None and not short and not overdue and (p["placement_basis"] or ico_home):
            first = min((d for d in self._reviews[p["period_id"]] if ps <= d <= as_at), default=None)
            d = ps + _D(days=self.rx.randint(0, 6))
            while d <= (first or as_at):
                self.lac_visit(p, d, stop, alone_p)
                d += _D(days=self.rx.randint(4, 7))
            if first is not None and (p["placement_basis"] == "reg24" or ico_home):
                d = first + _D(days=self.rx.randint(1, 7))
                while d <= as_at:
                    self.lac_visit(p, d, stop, alone_p)
                    d += _D(days=self.rx.randint(14, 28))

        # The IRO's contact with the child before each review of the year.
        if dob is not None and self._iros:
            prev = start - _D(days=1)
            for r in sorted(self._reviews[p["period_id"]]):
                if r >= ys and age_on(dob, r) >= 4 and not self.plant_x("iro_contact_missing"):
                    d = self.xdate(max(prev + _D(days=1), r - _D(days=60)), r)
                    self.rec("visits", visit_id=self.nid("V"), child_id=cid,
                             worker_id=self.rx.choice(self._iros)["worker_id"], type="iro", date=d,
                             seen=True, seen_alone=True)
                prev = r
        self.episodes(p, dob, short)

    def lac_visit(self, p: dict, d: date, stop: date, alone_p: float) -> None:
        if d > stop or d > self.as_at:
            return
        worker = p["worker_id"] or (self.rx.choice(self._lac_team)["worker_id"] if self._lac_team else None)
        self.rec("visits", visit_id=self.nid("V"), child_id=p["child_id"], worker_id=worker, type="lac", date=d,
                 seen=True, seen_alone=self.rx.random() < alone_p)
        self._lac_visits[p["child_id"]].append(d)

    def episodes(self, p: dict, dob: date | None, short: bool) -> None:
        """Missing (and away) episodes of children in care aged 11 and over in the year, with the
        return home interview offered after each (statutory guidance, 2014: within 72 hours)."""
        as_at = self.as_at
        lo, hi = max(p["start_date"], self.ys), min(p["end_date"] or as_at, as_at)
        if short or dob is None or age_on(dob, as_at) < 11 or hi < lo or self.rx.random() >= 0.3:
            return
        for _ in range(self.rx.choice((1, 1, 2, 3, 4, 6))):
            s = self.xdate(lo, hi)
            drawn = s + _D(days=self.rx.randint(0, 4))
            e: date | None = drawn if drawn <= hi else None if drawn > as_at else hi  # None: still missing
            kind = "M" if self.rx.random() < 0.8 else "A"
            offered = accepted = held = None
            if e is not None:
                if kind == "M" and e >= self.ys and e + _D(days=10) <= as_at and self.plant_x("rhi_late"):
                    offered = e + _D(days=self.rx.randint(4, 10))
                else:
                    offered = e + _D(days=self.rx.randint(0, min(3, (as_at - e).days)))
                accepted = self.rx.random() < 0.7
                if accepted:
                    held = offered + _D(days=self.rx.randint(0, 2))
                    held = held if held <= as_at else None
            self.rec("missing_episodes", episode_id=self.nid("MS"), child_id=p["child_id"], type=kind, start_date=s,
                     end_date=e, rhi_offered_date=offered, rhi_accepted=accepted, rhi_date=held)
