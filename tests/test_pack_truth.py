"""The built-in packs find exactly what the generator planted.

For each built-in pack (``ilacs``, ``slac-2011``, ``cra-2010``: the shared
rule library in rules/lib, configured by rules/<name>/pack.yaml) and each
profile, a council of ``N`` children is generated with known practice
problems (``compute_truth``: the records carrying each one, by the
generator's own definitions, under the pack's calendar) and the pack is run
on it as ``casecheck run`` does (``load_records``, ``judge_all``,
``RunResult.to_dict()``).

* Every library rule that detects a planted problem (``RULE_FINDS``) fails
  exactly the planted records: no false findings, no missed ones, except
  the records the rule deliberately does not judge (``out_of_scope``, each a
  documented difference between the rule and the generator's definition).
* On the inadequate council those rules are in adverse categories of the
  pack's framework (its categories with ``positive: false``), except
  CASELOAD-LIMIT (see ``NOT_ASSERTED_ADVERSE``).
* On the good council none of them is in the framework's priority category.

The packs have no calendar closures, so the answer key under the pack's
calendar is the generator's own.

Sizes and seeds: 1,000 children. The seeds come from a sweep of seeds 1-40
per profile, every pack, with these helpers (360 runs), redone for good and
inadequate over seeds 1-30 when issue 15 added the generator's second pass
(placements, missing episodes, IRO contacts, care plans, earlier referrals
and plans, short breaks; babies never seen alone): CP-SEEN-ALONE now judges
children aged 4 or over only, about 50 open plans, so on the good council
it sits 0 to 3 records above its 90% floor (a priority action in 1 seed of
30, 18); seed 21 leaves 3. On the inadequate council the closest lines are
CL-ACCOM-SUITABLE, LAC-REVIEW-TIMELY and the new LAC-PLACEMENT-VISIT-1W;
seed 13 still leaves 2 records on every one. The earlier findings of the
first sweep:

* Every run matched the answer key exactly, outside the documented scope.
* Good: no planted-problem rule was in the priority category in any seed.
  The nearest are the critical rules with small pools, REFERRAL-NFA-SEEN
  (91-97% of 17-37 referrals closed with no further action) and
  CP-SEEN-ALONE (91-97%), against a 90% floor: one or two more failing
  records would usually cross it. Seed 14 can take 2 more on every such
  rule and stay above it, the most in 40.
* Inadequate: every asserted rule was adverse in 38 of 40 seeds; seed 27
  has CL-ACCOM-SUITABLE at 85.7% (ILACS and slac-2011 line 85%), seed 36
  CP-REVIEW-TIMELY at 80.0% in cra-2010 (line 80%). In seed 13, 3 failing
  records could be taken from any asserted rule in any pack and leave it
  adverse.

``test_seed_margins`` keeps ``MARGIN`` records of slack on every asserted
line for the chosen seeds, so a generator change that moves a record or two
fails loudly there rather than flipping a category silently.

Not planted, so not asserted: the generator puts every strategy discussion
0-5 working days after its referral on every profile, so STRATEGY-TIMELY
(3 working days) is at 52-78% on every council, and an area for priority
action (under ILACS's 60%) in 3 good councils of 40; with
AUDIT-MANAGEMENT-OVERSIGHT and ALLOCATION-WAIT once each, that makes the
good council's overall ILACS judgement inadequate in 5 of 40 seeds (not
seed 14). Children in care seen alone at visits (LAC-SEEN-ALONE) and
taking part in their reviews (LAC-REVIEW-PARTICIPATION) are generated at
the same rates on every profile; every generated section 47 enquiry has an
assessment under way (S47-CORE-ASSESSMENT: 100%).

What the built-in packs do not check that the generator plants, by design:

* ``assessment_late`` in cra-2010: the 2009-2011 pack judges Working
  Together 2010's initial (10 working days) and core (35) assessments
  (ASSESS-INITIAL-10WD, ASSESS-CORE-35WD) and leaves out ASSESS-45WD; the
  generator writes a year of 2024-25 single assessments (WT 2013), which
  neither WT 2010 rule judges (``test_cra_2010_does_not_judge_single_assessments``).
* ``missing_data`` (a blank child_seen or type): not a practice problem a
  rule fails, but what the rules report as not evidenced.
* Children in care and care leavers in cra-2010: the front-door
  inspections did not look at them, so the pack has no such rules.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from functools import cache

import pytest

from checker.data.load import load_records
from checker.engine.outcomes import judge_all
from checker.model import FAIL, Context
from checker.packs.pack import load_pack
from checker.report.result import RuleResult, RunResult
from checker.tools.generate import PROBLEMS, compute_truth, generate
from checker.workdays import add_months, add_years

PACKS = ("ilacs", "slac-2011", "cra-2010")
PROFILES = ("good", "adequate", "inadequate")
N = 1000
# From the sweep of seeds 1-40 (module docstring): each leaves MARGIN
# records of slack on every asserted line in every pack.
SEEDS = {"good": 21, "adequate": 7, "inadequate": 13}
MARGIN = 2

# library rule -> the planted problem it detects (generate.PROBLEMS); a pack
# checks the ones it has.
RULE_FINDS = {
    "ASSESS-45WD": "assessment_late",
    "ASSESS-CHILD-SEEN": "assessment_child_not_seen",
    "CONTACT-DECISION-1WD": "contact_decision_late",
    "REFERRAL-NFA-SEEN": "referral_nfa_not_seen",
    "UNALLOCATED-CASES": "unallocated",
    "STRATEGY-POLICE-HEALTH": "strategy_agency_absent",
    "S47-STRATEGY-FIRST": "s47_without_strategy",
    "ICPC-15WD": "icpc_late",
    "CP-REVIEW-TIMELY": "cp_review_late",
    "CP-SEEN-ALONE": "cp_not_seen_alone",
    "CP-VISIT-10WD": "cp_visit_overdue",
    "LAC-REVIEW-TIMELY": "lac_review_late",
    "LAC-VISIT-TIMELY": "lac_visit_overdue",
    "LAC-HEALTH-TIMELY": "lac_health_overdue",
    "CL-ACCOM-SUITABLE": "care_leaver_unsuitable",
    "CL-PATHWAY-PLAN-6M": "pathway_plan_overdue",
    "SUPERVISION-INTERVAL": "supervision_gap",
    "CASELOAD-LIMIT": "caseload_high",
    "LAC-PLACEMENT-VISIT-1W": "placement_visit_late",
    "LAC-CARE-PLAN-10WD": "care_plan_late",
    "LAC-IRO-CONTACT": "iro_contact_missing",
    "MISSING-RHI-72H": "rhi_late",
}

# Planted on the inadequate council but not asserted adverse. caseload_high
# is planted on 35% of the case-holding workers of the four case teams, and
# only where a team has the cases to overload them; CASELOAD-LIMIT's
# denominator is every social worker and senior practitioner in post
# (leaving care, newly qualified and the rest included). Its rate comes out
# at 79.5-87% (seeds 1-40): under cra-2009's 80% line for an area for
# development in 1 seed of 40, under ILACS's and slac-2011's 85% in 35.
# Asserted: never a strength, and its failing records are exactly the
# planted ones.
NOT_ASSERTED_ADVERSE = {"CASELOAD-LIMIT"}


@cache
def pack(name: str):
    return load_pack(name)


@cache
def pack_finds(name: str) -> dict[str, str]:
    ids = {r.id for r in pack(name).rules}
    return {rid: problem for rid, problem in RULE_FINDS.items() if rid in ids}


def test_rule_finds_names_real_rules_and_problems():
    everywhere = set().union(*({r.id for r in pack(p).rules} for p in PACKS))
    assert set(RULE_FINDS) <= everywhere, sorted(set(RULE_FINDS) - everywhere)
    assert set(RULE_FINDS.values()) <= set(PROBLEMS)
    # Every planted problem but missing_data has a detecting rule in ilacs
    # and slac-2011 (see the module docstring for cra-2010).
    for name in ("ilacs", "slac-2011"):
        assert set(PROBLEMS) - set(pack_finds(name).values()) == {"missing_data"}, name


# ------------------------------------------------------------------ scope


def out_of_scope(rule_id: str, council) -> set[str]:
    """Records the answer key lists for the rule's problem that the library
    rule does not judge, by the rule's own ``when`` (rules/lib), worked out
    from the generated tables, not from the rule's outcomes."""
    t, as_at = council.tables, council.as_at
    if rule_id == "CL-ACCOM-SUITABLE":
        # care_leaver_unsuitable is any care leaver with accommodation_suitable
        # false; the rule does not judge those who died, no longer need
        # services or returned home (in_touch DIED, NREQ, RHOM).
        return {c["child_id"] for c in t["care_leavers"] if c["in_touch"] in ("DIED", "NREQ", "RHOM")}
    if rule_id == "CL-PATHWAY-PLAN-6M":
        # Both leave out qualifying care leavers, young people not yet 16
        # years and 3 months old (the first plan is not yet due) and those
        # who died or no longer need services (DIED, NREQ). The rule also
        # leaves out a young person who has returned home for six months or
        # more (RHOM): like CL-ACCOM-SUITABLE and CL-PA-ALLOCATED, it judges
        # the services the council still provides.
        return {c["child_id"] for c in t["care_leavers"] if c["in_touch"] == "RHOM"}
    if rule_id == "CASELOAD-LIMIT":
        # caseload_high is any worker holding more than 20 open cases; the
        # rule judges social workers and senior practitioners in post only.
        return {w["worker_id"] for w in t["social_workers"]
                if w["role"] not in ("social_worker", "senior_practitioner")
                or (w["end_date"] is not None and w["end_date"] <= as_at)}
    if rule_id == "LAC-VISIT-TIMELY":
        # lac_visit_overdue is any open period (not short breaks) with no lac
        # visit in the 6 weeks to as_at, or whose current placement started
        # in the year without a visit in its first week; regulation 28 gives
        # a child who came into care in the last week time for a first visit,
        # and allows 3 months where a placement meant to last to 18 has
        # lasted a year ("thereafter": a visit made after the placement's
        # first anniversary) - unless its first week went unvisited.
        visits: dict[str, list] = {}
        for v in t["visits"]:
            if v["type"] == "lac":
                visits.setdefault(v["child_id"], []).append(v["date"])
        out = set()
        for p in t["care_periods"]:
            too_new = p["start_date"] > as_at - timedelta(weeks=1)
            ps = p["placement_start_date"]
            long_term = (p["placement_long_term"] is True and ps is not None
                         and any(add_months(as_at, -3) <= d <= as_at and d >= add_years(ps, 1)
                                 and d >= p["start_date"] for d in visits.get(p["child_id"], ()))
                         and not (add_months(as_at, -12) < ps <= as_at - timedelta(weeks=1)
                                  and not any(ps <= d <= ps + timedelta(weeks=1) for d in visits.get(p["child_id"], ()))))
            if too_new or long_term:
                out.add(p["period_id"])
        return out
    return set()


# ------------------------------------------------------------------ the runs


@cache
def council(profile: str):
    return generate(N, seed=SEEDS[profile], profile=profile)


@cache
def audit(name: str, profile: str):
    """(council, answer key, {rule: {key: outcome}}, result dict) for a pack on a profile's council."""
    p = pack(name)
    c = council(profile)
    truth = compute_truth(c.tables, c.as_at, calendar=p.calendar)
    loaded = load_records(p.schema, c.tables, f"generated {profile} council")
    assert not loaded.rejections and not loaded.diagnostics.errors
    ctx = Context(loaded.dataset, p.calendar, c.as_at, p.params)
    run = RunResult(p, c.as_at, f"generated {profile} council", loaded)
    outcomes = {}
    for rule in p.rules:
        judged = judge_all(rule, ctx)
        outcomes[rule.id] = {o.key: o.outcome for o in judged}
        run.rules.append(RuleResult(rule, judged))
    return c, truth, outcomes, run.to_dict()


def rules_by_id(doc: dict) -> dict[str, dict]:
    return {r["id"]: r for r in doc["rules"]}


def adverse_categories(doc: dict) -> set[str]:
    return {c["id"] for c in doc["framework"]["categories"] if not c["positive"]}


def mismatches(name: str, profile: str) -> dict:
    c, truth, outcomes, _ = audit(name, profile)
    wrong = {}
    for rid, problem in pack_finds(name).items():
        failed = {k for k, o in outcomes[rid].items() if o == FAIL}
        planted = set(truth[problem]) - out_of_scope(rid, c)
        if failed != planted:
            wrong[rid] = {"found, not planted": sorted(failed - planted),
                          "planted, not found": sorted(planted - failed)}
    return wrong


def _ceil(x: float) -> int:
    return int(-(-round(x, 9) // 1))


def boundary_margin(rule: dict, line: float, below: bool) -> int:
    """How many records can change before the rule crosses ``line``: with
    below=False (it is at or above the line) the further failures it can
    take and stay there; with below=True (it is under the line) the failures
    that can be taken away and leave it under."""
    passes, d = rule["counts"]["pass"], rule["denominator"]
    if below:  # passes / d < line
        return _ceil(line * d) - passes - 1
    return passes - _ceil(line * d)


def priority_line(rule: dict) -> float | None:
    """The rate under which the rule is in the framework's priority category
    (a minor rule never is; a critical one is under the critical floor)."""
    if rule["severity"] == "minor":
        return None
    th = rule["thresholds"]
    line = min(v for k, v in th.items() if k != "critical_floor")
    if rule["severity"] == "critical":
        line = max(line, th["critical_floor"])
    return line


def positive_line(rule: dict, doc: dict) -> float:
    """The rate at or above which the rule is in a positive category (a
    critical rule under the critical floor is a priority action, adverse)."""
    positive = [c["id"] for c in doc["framework"]["categories"] if c["positive"]]
    line = min(rule["thresholds"][c] for c in positive if c in rule["thresholds"])
    if rule["severity"] == "critical":
        line = max(line, rule["thresholds"]["critical_floor"])
    return line


# ------------------------------------------------------------------ the tests


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("name", PACKS)
def test_rules_find_exactly_what_was_planted(name, profile):
    wrong = mismatches(name, profile)
    assert not wrong, wrong
    c, truth, _, _ = audit(name, profile)
    if profile == "inadequate":
        planted = sum(len(set(truth[p]) - out_of_scope(r, c)) for r, p in pack_finds(name).items())
        assert planted > 300, planted  # the comparison is not vacuous


@pytest.mark.parametrize("name", PACKS)
def test_inadequate_council_planted_rules_are_adverse(name):
    doc = audit(name, "inadequate")[3]
    rules = rules_by_id(doc)
    bad = adverse_categories(doc)
    wrong = {rid: (rules[rid]["rate"], rules[rid]["category"]) for rid in sorted(pack_finds(name))
             if rid not in NOT_ASSERTED_ADVERSE and rules[rid]["category"] not in bad}
    assert not wrong, wrong
    for rid in NOT_ASSERTED_ADVERSE & set(pack_finds(name)):
        assert rules[rid]["category"] != "strength", (rid, rules[rid]["rate"])
    if doc["overall"]["grade"] is not None:  # cra-2009 is not graded
        assert doc["overall"]["grade"] == "inadequate", doc["overall"]["why"]
    assert doc["overall"]["categories"][doc["framework"]["priority_category"]] > 0


@pytest.mark.parametrize("name", PACKS)
def test_good_council_planted_rules_are_not_priority_actions(name):
    doc = audit(name, "good")[3]
    rules = rules_by_id(doc)
    cat = doc["framework"]["priority_category"]
    wrong = {rid: (rules[rid]["rate"], rules[rid]["why"]) for rid in pack_finds(name)
             if rules[rid]["category"] == cat}
    assert not wrong, wrong
    assert doc["overall"]["grade"] != "inadequate", doc["overall"]["why"]


def test_seed_margins():
    """The chosen seeds leave MARGIN records of slack on every asserted line."""
    close = {}
    for name in PACKS:
        good = audit(name, "good")[3]
        for rid in pack_finds(name):
            r = rules_by_id(good)[rid]
            line = priority_line(r)
            if line is not None and r["rate"] is not None:
                m = boundary_margin(r, line, below=False)
                if m < MARGIN:
                    close[(name, "good", rid)] = (r["rate"], r["denominator"], line, m)
        bad = audit(name, "inadequate")[3]
        for rid in set(pack_finds(name)) - NOT_ASSERTED_ADVERSE:
            r = rules_by_id(bad)[rid]
            line = positive_line(r, bad)
            m = boundary_margin(r, line, below=True)
            if m < MARGIN:
                close[(name, "inadequate", rid)] = (r["rate"], r["denominator"], line, m)
    assert not close, close


def test_cra_2010_does_not_judge_single_assessments():
    """The documented gap: cra-2010's WT 2010 assessment rules judge none of
    the generated (WT 2013 single) assessments, so no cra-2010 rule can find
    assessment_late."""
    c, truth, outcomes, _ = audit("cra-2010", "inadequate")
    assert {a["type"] for a in c.tables["assessments"]} <= {"single", None}
    for rid in ("ASSESS-INITIAL-10WD", "ASSESS-CORE-35WD"):
        judged = Counter(outcomes[rid].values())
        assert set(judged) <= {"not_applicable", "not_evidenced"}, (rid, judged)
    assert "ASSESS-45WD" not in outcomes
    assert truth["assessment_late"]


def category_table() -> str:
    """Each pack and profile: the overall grade (or judgement) and the number
    of rules in each of the framework's categories."""
    lines = []
    for name in PACKS:
        fw = audit(name, "good")[3]["framework"]
        cats = [c["id"] for c in fw["categories"]]
        lines.append(f"{name} ({fw['id']}): " + " / ".join(cats) + " / not judged")
        for profile in PROFILES:
            doc = audit(name, profile)[3]
            ov = doc["overall"]
            counts = " / ".join(str(ov["categories"].get(cid, 0)) for cid in cats)
            grade = ov["grade"] or "(not graded)"
            lines.append(f"  {profile:<10} seed {SEEDS[profile]:<5} {grade:<22} {counts} / {ov['not_judged']}"
                         f"  ({len(doc['rules'])} rules)")
    return "\n".join(lines)


def test_category_table(capsys):
    table = category_table()
    with capsys.disabled():
        print("\n" + table)
    for name in PACKS:
        for profile in PROFILES:
            doc = audit(name, profile)[3]
            ov = doc["overall"]
            assert sum(ov["categories"].values()) + ov["not_judged"] == len(doc["rules"]), (name, profile)
