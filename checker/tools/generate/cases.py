"""Children at the front door and in child protection and child in need work."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal, overload

from checker.tools.generate.common import (
    ABUSE,
    ETHNICITY,
    NEED,
    SEX,
    SOURCE,
    T_CP,
    T_LAC,
    UASC_ETHNICITY,
    Segment,
    weighted,
)
from checker.tools.generate.workforce import Workforce
from checker.workdays import add_months, add_years, age_on


class Cases(Workforce):
    """Children and what happens to them before care: contacts, referrals, assessments, strategy
    discussions, section 47 enquiries, conferences, child protection and child in need plans."""

    #: child protection plans made but not yet visited: (child_id, date of birth, start, end);
    #: set by :meth:`Generator.run`, drained once the plan's CP team segment is known
    _pending_cp: list[tuple[str, date | None, date, date | None]]

    if TYPE_CHECKING:
        # Defined by the Generator (care.py), which front_door's "care" mode calls.
        def care_period(self, cid: str, dob: date, start: date, end: date | None, seg: Segment | None,
                        uasc: bool = False) -> tuple[dict, list[dict]]: ...

    # ---- children
    @overload
    def child(self, age: int, *, unborn: Literal[False] = False, uasc: bool = False) -> tuple[str, date]: ...
    @overload
    def child(self, age: int | None, *, unborn: bool = False, uasc: bool = False) -> tuple[str, date | None]: ...
    def child(self, age: int | None, *, unborn: bool = False, uasc: bool = False) -> tuple[str, date | None]:
        """A new child: unborn (no date of birth, an expected one) or aged ``age`` at as_at."""
        cid = self.nid("C")
        if unborn:
            dob = None
            edd = self.as_at + timedelta(days=self.ri(7, 160))
            sex = "U" if self.chance(0.6) else self.pick(SEX)
        else:
            assert age is not None  # only an unborn child comes without an age
            hi = add_years(self.as_at, -age)
            lo = add_years(self.as_at, -(age + 1)) + timedelta(days=1)
            dob = self.rdate(lo, hi)
            edd = None
            sex = ("M" if self.chance(0.9) else "F") if uasc else self.pick(SEX)
        ethnicity = self.pick(UASC_ETHNICITY) if uasc else self.pick(ETHNICITY)
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
        source = self.pick(SOURCE)
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
                        primary_need=self.pick(NEED), closure_date=None, team=team)

    def close_referral(self, ref: dict, end: date | None, seen: bool | None) -> None:
        ref["closure_date"] = end
        ref["child_seen"] = None if end is None else bool(seen)

    # ---- visits
    def visit(self, cid: str, seg: Segment | None, vtype: str, d: date, seen: bool, alone: bool | None) -> dict:
        v = self.rec("visits", visit_id=self.nid("V"), child_id=cid, worker_id=None, type=vtype, date=d,
                     seen=seen, seen_alone=(alone if seen else False))
        self.ref(v, "worker_id", seg, d)
        return v

    def periodic_visits(self, cid: str, seg: Segment, vtype: str, start: date, limit: date, gap: tuple[int, int],
                        cut: date | None = None, seen_alone_p: float = 0.85) -> list[dict]:
        """Visits from `start` (or the year start) to `limit`, every gap[0]..gap[1] days."""
        lo = max(start, self.ys)
        if limit < lo:
            return []
        first = lo + timedelta(days=self.ri(0, 6 if start >= self.ys else gap[1] - 7))
        first = min(first, limit)
        if self.cal.is_working_day(first) is False and self.wd_before(first) >= lo:
            first = self.wd_before(first)
        out = []
        d = first
        while d <= limit and (cut is None or d <= cut):
            seen = self.chance(0.97)
            out.append(self.visit(cid, seg, vtype, d, seen, self.chance(seen_alone_p)))
            nxt = d + timedelta(days=self.ri(*gap))
            back = self.wd_before(nxt)
            d = back if back > d else nxt
        return out

    # ---- front door
    def front_door(self, cid: str, dob: date | None, team: str, mode: str, unborn: bool = False,
                   uasc: bool = False) -> None:
        """mode: contacts (no referral), any (referral, then what follows), care (referral, then care)."""
        if unborn:
            lo = max(self.ys, self.as_at - timedelta(days=150))
        else:
            assert dob is not None  # a born child has a date of birth
            lo = max(self.ys, dob)
        hi = self.as_at if mode != "care" else max(lo, self.as_at - timedelta(days=20))
        k = self.pick(weighted([(1, 60), (2, 28), (3, 12)]))
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
        assert dob is not None  # a born child has a date of birth
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
            end: date | None = None
            if self.chance(0.15):
                e = start + timedelta(days=self.ri(14, 150))
                end = e if e < self.as_at else None
            seg_l = self.seg(cid, T_LAC, start)
            seg_l.end = end
            self.care_period(cid, dob, start, end, seg_l, uasc=uasc)
            self.close_referral(ref, end, True)
            return

        end = None
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
        assert assessment is not None  # auth is only set from an assessment
        if self.chance(0.55):
            assessment["requires_support"] = True
            seg_a.end = auth
            seg_c = self.seg(cid, T_CP, auth)
            end = self.cin_plan(cid, auth, seg_c)
            seg_c.end = end
            self.close_referral(ref, end, seen)
            return
        assessment["requires_support"] = False
        close = auth + timedelta(days=self.ri(0, 10))
        end = close if close <= self.as_at else None
        seg_a.end = end
        self.close_referral(ref, end, seen)

    def assessment(self, cid: str, dob: date | None, ref: dict, seg: Segment) -> dict | None:
        ref_date = ref["date"]
        start = self.wd_after(ref_date) if self.chance(0.4) else self.add_wd(ref_date, self.ri(1, 3))
        if start > self.as_at:
            return None
        if self.add_wd(start, 45) < self.as_at and self.plant("assessment_late"):
            duration = self.ri(46, 100)
        else:
            duration = min(45, int(self.rng.triangular(8, 46, 33)))
        authorised = self.add_wd(start, duration)
        auth = authorised if authorised <= self.as_at else None  # None: not yet authorised
        atype: str | None = "single"
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

    def protection(self, cid: str, dob: date, ref: dict, seg_a: Segment, team: str) -> tuple[date, date | None] | None:
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
    def cp_plan(self, cid: str, dob: date | None, start: date, seg: Segment | None,
                pre_window: bool = False) -> tuple[str, date | None]:
        """The plan, its review conferences and its visits. Returns (plan_id, end_date)."""
        plan_id = self.nid("CP")
        target = start + timedelta(days=self.ri(120, 600))
        if pre_window and target < self.ys + timedelta(days=14):
            target = self.ys + timedelta(days=self.ri(14, 300))
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
                d = self.wd_after(due + timedelta(days=self.ri(7, 70)))
            else:
                d = self.wd_before(due - timedelta(days=self.ri(0, 28)))
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
        initial = self.pick(ABUSE)
        self.rec("cp_plans", plan_id=plan_id, child_id=cid, start_date=start, end_date=end,
                 initial_category=initial, latest_category=initial if self.chance(0.85) else self.pick(ABUSE),
                 previous_plans=self.pick(weighted([(0, 80), (1, 15), (2, 5)])), team=T_CP)
        self._pending_cp.append((cid, dob, start, end))
        return plan_id, end

    def cp_visits(self, cid: str, start: date, end: date | None, seg: Segment) -> None:
        limit = end or self.as_at
        lo = max(start, self.ys)
        if limit < lo:
            return
        cut = None
        if end is None and self.cal.working_days_between(start, self.as_at) > 15 and self.plant("cp_visit_overdue"):
            cut = self.add_wd(self.as_at, -self.ri(11, 30))
        d = self.add_wd(lo, self.ri(0, 5 if start >= self.ys else 9))
        # A baby or toddler (under 4 at as_at, or unborn) is never seen alone; the draws are made
        # all the same, so every other record is what it would be.
        dob = self.dob.get(cid)
        baby = dob is None or age_on(dob, self.as_at) < 4
        visits = []
        while d <= limit and (cut is None or d <= cut):
            seen = self.chance(0.97)
            alone = self.chance((0.92, 0.85, 0.75)[self.q])
            visits.append(self.visit(cid, seg, "cp", d, seen, alone and not baby))
            d = self.add_wd(d, self.ri(6, 10))
        if end is None and visits:
            last = visits[-1]
            last["seen"] = True
            last["seen_alone"] = not self.plant("cp_not_seen_alone") and not baby

    # ---- child in need plans
    def cin_plan(self, cid: str, start: date, seg: Segment, pre_window: bool = False) -> date | None:
        planned = self.wd_before(start + timedelta(days=self.ri(90, 420)))
        if pre_window and planned < self.ys + timedelta(days=14):
            planned = self.wd_before(self.ys + timedelta(days=self.ri(14, 300)))
        end = planned if planned <= self.as_at else None  # None: still open at as_at
        limit = end or self.as_at
        last, r = None, start
        while True:
            r = self.wd_before(add_months(r, 3) - timedelta(days=self.ri(0, 20)))
            if r > limit:
                break
            last = r
        self.rec("cin_plans", cin_plan_id=self.nid("CIN"), child_id=cid, start_date=start, end_date=end,
                 last_review_date=last)
        self.periodic_visits(cid, seg, "cin", start, limit, (20, 42), seen_alone_p=0.75)
        return end

    # ---- care
