"""The answer key: which records have each planted problem, by the definitions in the
package's docstring, computed from the finished data."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from checker.tools.generate.common import (
    PROBLEMS,
    year_start,
)
from checker.workdays import Calendar, add_months, add_years, age_on


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
        lo = as_at - timedelta(days=42)
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
