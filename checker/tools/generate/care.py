"""Children in care and care leavers, the kinds of child a council holds, and the run that makes
them all."""

from __future__ import annotations

from datetime import date, timedelta

from checker.tools.generate.casehistory import CaseHistory
from checker.tools.generate.cases import Cases
from checker.tools.generate.common import (
    ACT_18,
    ACT_1617,
    AGE_CL,
    AGE_CP,
    AGE_FRONT,
    AGE_LAC,
    CL_IN_TOUCH,
    CL_SUITABLE,
    CL_UNSUITABLE,
    SOURCE,
    T_CP,
    T_LAC,
    T_LC,
    T_NORTH,
    T_SOUTH,
    Segment,
    schema_keys,
    weighted,
)
from checker.workdays import add_months, add_years, age_on


class Generator(Cases, CaseHistory):
    """A whole council: every kind of child, then the workforce around them."""

    def care_period(self, cid: str, dob: date, start: date, end: date | None, seg: Segment | None,
                    uasc: bool = False) -> tuple[dict, list[dict]]:
        as_at = self.as_at
        limit = end or as_at
        age_now = age_on(dob, limit)
        recent = (limit - start).days
        if end is None and recent <= 15 and not uasc:
            legal = self.pick(weighted([("V2", 50), ("C1", 30), ("L2", 12), ("L1", 8)]))
        elif uasc or age_now >= 16 and self.chance(0.4):
            legal = "V2"
        elif age_now < 10 and recent > 300 and self.chance(0.15):
            legal = "E1"
        elif recent < 250:
            legal = self.pick(weighted([("C1", 55), ("V2", 45)]))
        elif recent < 450:
            legal = self.pick(weighted([("C2", 55), ("C1", 25), ("V2", 20)]))
        else:
            legal = self.pick(weighted([("C2", 82), ("V2", 18)]))
        if legal == "E1":
            placement = self.pick(weighted([("A5", 40), ("A6", 30), ("U6", 30)]))
        elif age_now >= 16:
            placement = self.pick(weighted([("H5", 18), ("K2", 16), ("U4", 30), ("U5", 20), ("U1", 10), ("R1", 2), ("S1", 2), ("Z1", 2)]))
        elif age_now >= 10:
            placement = self.pick(weighted([("U4", 30), ("U5", 30), ("U1", 8), ("U2", 6), ("K2", 16), ("P1", 3), ("S1", 3), ("R1", 2), ("Z1", 2)]))
        else:
            placement = self.pick(weighted([("U4", 30), ("U5", 38), ("U1", 10), ("U2", 10), ("U3", 3), ("P1", 5), ("R3", 2), ("Z1", 2)]))
        if placement == "P1" and legal not in ("C1", "C2"):
            placement = "U5"
        pstart = start if self.chance(0.5) else self.rdate(start, limit)
        long_term = placement in ("U1", "U4") and (limit - start).days > 365 and self.chance(0.6)
        twelve = add_months(limit, -12)
        if pstart <= twelve:
            moves = 1
        else:
            moves = self.pick(weighted([(1, 68), (2, 20), (3, 8), (4, 3), (5, 1)]))
            if pstart == start:  # the current placement is the period's first: the only one
                moves = 1
            elif moves == 1:  # the placement before the current one was in force in the 12 months too
                moves = 2
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
                cut = as_at - timedelta(days=self.ri(43, 120))
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
            else:
                assert prev is not None  # every round after the first follows a review held in the last one
                due = add_months(prev, 3 if k == 2 else 6)
            if late and not applied and self.ys <= due < limit:
                applied = True
                if self.chance(0.35):
                    break
                d = self.wd_after(due + timedelta(days=self.ri(5, 60)))
            elif k == 1:
                d = self.add_wd(start, self.ri(8, 20))
            else:
                d = self.wd_before(due - timedelta(days=self.ri(0, 20 if k == 2 else 30)))
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
                and start < add_months(as_at, -months_due) - timedelta(days=30) and self.plant("lac_health_overdue")):
            cut = add_months(as_at, -months_due) - timedelta(days=self.ri(1, 120))
        d = self.add_wd(start, self.ri(3, 20))
        htype = "initial"
        while d <= limit and (cut is None or d <= cut):
            self.rec("health_assessments", health_assessment_id=self.nid("HA"), child_id=cid, type=htype, date=d)
            htype = "review"
            months = 6 if age_on(dob, d) < 5 else 12
            d = self.wd_before(add_months(d, months) - timedelta(days=self.ri(0, 40)))

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
        age = None if unborn else self.pick(AGE_FRONT)
        cid, dob = self.child(age, unborn=unborn)
        team = T_NORTH if self.chance(0.5) else T_SOUTH
        mode = "any" if self.chance(0.62) else "contacts"
        self.front_door(cid, dob, team, mode, unborn=unborn)

    def kind_lac_new(self) -> None:
        age = self.pick(AGE_LAC)
        uasc = age >= 14 and self.chance(0.15)
        cid, dob = self.child(age, uasc=uasc)
        team = T_NORTH if self.chance(0.5) else T_SOUTH
        # A baby born in the last few weeks comes through the front door like any other child.
        mode = "any" if dob > self.as_at - timedelta(days=40) else "care"
        self.front_door(cid, dob, team, mode, uasc=uasc)

    def old_referral(self, cid: str, dob: date, before: date, team: str) -> dict:
        d = before - timedelta(days=self.ri(0, 60))
        d = max(d, dob - timedelta(days=90))
        d = min(d, before)
        return self.referral(cid, d, team, None, self.pick(SOURCE))

    def kind_lac_old(self) -> None:
        age = max(1, self.pick(AGE_LAC))
        uasc = age >= 14 and self.chance(0.15)
        cid, dob = self.child(age, uasc=uasc)
        lo = max(dob, self.as_at - timedelta(days=12 * 365))
        if uasc:
            lo = max(lo, add_years(dob, 13))
        hi = self.ys - timedelta(days=1)
        start = self.rdate(lo, hi) if lo < hi else hi
        end = None
        if self.chance(0.25):
            end = self.rdate(self.ys, self.as_at - timedelta(days=1))
        team = T_NORTH if self.chance(0.5) else T_SOUTH
        ref = self.old_referral(cid, dob, start, team)
        seg = self.seg(cid, T_LAC, start)
        seg.end = end
        self.care_period(cid, dob, start, end, seg, uasc=uasc)
        self.close_referral(ref, end, True)
        self.extra_contacts(cid, dob, self.pick(weighted([(0, 70), (1, 25), (2, 5)])))

    def kind_cp_old(self) -> None:
        age = max(2, self.pick(AGE_CP))
        cid, dob = self.child(age)
        start = self.wd_before(self.ys - timedelta(days=self.ri(1, 450)))
        if start < dob:
            start = self.wd_after(dob + timedelta(days=7))
        team = T_NORTH if self.chance(0.5) else T_SOUTH
        ref = self.old_referral(cid, dob, start - timedelta(days=15), team)
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
        self.extra_contacts(cid, dob, self.pick(weighted([(0, 40), (1, 40), (2, 20)])))

    def kind_cin_old(self) -> None:
        age = max(1, self.pick(AGE_FRONT))
        cid, dob = self.child(age)
        start = self.wd_before(self.ys - timedelta(days=self.ri(1, 300)))
        if start < dob:
            start = self.wd_after(dob + timedelta(days=7))
        team = T_NORTH if self.chance(0.5) else T_SOUTH
        ref = self.old_referral(cid, dob, start - timedelta(days=30), team)
        seg = self.seg(cid, T_CP, start)
        end = self.cin_plan(cid, start, seg, pre_window=True)
        seg.end = end
        self.close_referral(ref, end, True)
        self.extra_contacts(cid, dob, self.pick(weighted([(0, 40), (1, 40), (2, 20)])))

    def kind_care_leaver(self) -> None:
        as_at = self.as_at
        age = self.pick(AGE_CL)
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
            start = self.rdate(max(earliest, add_years(dob, 10)), min(add_years(dob, 15) + timedelta(days=180), as_at - timedelta(days=30)))
            end = None
        elif elig == "relevant":
            start = self.rdate(max(earliest, add_years(dob, 8)), add_years(dob, 15) + timedelta(days=180))
            end = self.rdate(sixteen + timedelta(days=1), as_at - timedelta(days=14))
        elif elig == "former_relevant":
            start = self.rdate(earliest, add_years(dob, 15) + timedelta(days=180))
            end = eighteen
        else:
            start = self.rdate(sixteen, min(sixteen + timedelta(days=400), eighteen - timedelta(days=100)))
            end = start + timedelta(days=self.ri(30, 85))
        seg_l = None
        if end is None or end >= self.ys:
            seg_l = self.seg(cid, T_LAC, start)
            seg_l.end = end
        period, lac_visits = self.care_period(cid, dob, start, end, seg_l, uasc=uasc)

        # After care: the leaving care team, with the personal adviser holding the case.
        seg_c = None
        if elig != "eligible":
            assert end is not None  # only an eligible child (still in care) has an open period
            seg_c = self.seg(cid, T_LC, eighteen if elig == "qualifying" else end)
        if elig == "eligible":
            in_touch = "YES"
            accommodation = "C" if period["placement_type"] in ("K2", "R1", "S1") else "Y"
            suitable = True
        else:
            in_touch = self.pick(CL_IN_TOUCH)
            if self.plant("care_leaver_unsuitable"):
                accommodation, suitable = self.pick(CL_UNSUITABLE), False
            else:
                accommodation, suitable = self.pick(CL_SUITABLE), True
        activity = self.pick(ACT_18 if age >= 18 else ACT_1617)
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
                cut = as_at - timedelta(days=self.ri(200, 500))
            elif add_months(as_at, -6) > due16 + timedelta(days=30) and self.plant("pathway_plan_overdue"):
                cut = add_months(as_at, -6) - timedelta(days=self.ri(1, 150))
            d = self.wd_before(sixteen + timedelta(days=self.ri(0, 85)))
            while d <= as_at and (cut is None or d <= cut):
                self.rec("pathway_plans", pathway_plan_id=self.nid("PP"), child_id=cid, date=d)
                d = self.wd_before(add_months(d, 6) - timedelta(days=self.ri(0, 40)))

        # Keeping in touch.
        visits: list[dict] = []
        if seg_c is not None and seg_c.start <= as_at:
            cut = None
            if in_touch in ("NO", "REFU", "NREQ"):
                cut = as_at - timedelta(days=self.ri(90, 300))
            visits = self.periodic_visits(cid, seg_c, "care_leaver", seg_c.start, as_at, (28, 56), cut=cut,
                                          seen_alone_p=0.95)
        elif elig == "eligible":
            visits = lac_visits
        seen = [v["date"] for v in visits if v["seen"]]
        cl["last_contact_date"] = max(seen) if seen else None

    # ---- the run
    def run(self) -> dict[str, list[dict]]:
        self._pending_cp = []
        kinds = weighted([("front", 77.5), ("lac_old", 6), ("lac_new", 2), ("cp_old", 2.5), ("cin_old", 4), ("cl", 4)])
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
                for cid, _dob, start, end in self._pending_cp:
                    seg = next((s for s in cp_segs if s.start == start), None)
                    assert seg is not None  # front_door opens the CP team segment on the plan's start (the ICPC)
                    self.cp_visits(cid, start, end, seg)
                self._pending_cp.clear()
        self.workforce()
        self.allocate()
        self.resolve_refs()
        self.supervisions()
        self.audits()
        self.case_history()  # last: its own random stream, so nothing above changes
        keys = schema_keys()
        for name, rows in self.tables.items():
            key = keys[name]
            rows.sort(key=lambda r: r[key])
        return self.tables

    def _attach_cp(self, seg: Segment) -> None:
        for cid, _dob, start, end in self._pending_cp:
            self.cp_visits(cid, start, end, seg)
        self._pending_cp.clear()
