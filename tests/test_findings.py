"""Tests for checker.report.findings and the framework files in rules/frameworks/."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest
from jsonschema import Draft202012Validator
from test_cli import COUNCIL, PACK

from checker.data.load import load_data, load_records
from checker.engine.outcomes import Outcome, judge_all
from checker.errors import CasecheckError
from checker.model import (
    FAIL,
    NOT_APPLICABLE,
    NOT_EVIDENCED,
    PASS,
    Context,
)
from checker.packs import framework
from checker.packs.framework import load_framework
from checker.packs.pack import Rule, load_pack
from checker.report import findings
from checker.report.findings import (
    build,
    categorise,
    grade_areas,
    narrative,
    wilson,
)
from checker.report.result import RuleResult, RunResult
from checker.resources import data_dir, jsonschema_path
from checker.yamlsource import load_yaml

FRAMEWORKS = ["cra-2009", "ilacs", "slac-2011"]
AS_AT = dt.date(2025, 3, 31)


@pytest.fixture(scope="module")
def ilacs():
    return load_framework("ilacs")


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


def result(passes=0, fails=0, ne=0, na=0, *, severity="major", thresholds=None, missing="fail",
           finding=None, title="Assessments are authorised within 45 working days", rid="TEST-RULE",
           area="help-and-protection", subject="assessments"):
    """A RuleResult with the given counts (keys A001...)."""
    rule = Rule(id=rid, title=title, area=area, subject=subject, expect=None, expect_text="true",
                missing=missing, severity=severity, thresholds=dict(thresholds or {}), finding=dict(finding or {}))
    outcomes = []
    for kind, k in ((PASS, passes), (FAIL, fails), (NOT_EVIDENCED, ne), (NOT_APPLICABLE, na)):
        outcomes += [Outcome(f"A{len(outcomes) + i + 1:03d}", kind, "") for i in range(k)]
    return RuleResult(rule, outcomes)


# -- Wilson intervals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "k,n,low,high",
    [
        (7, 10, 0.3968, 0.8922),  # the usual textbook example
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (50, 100, 0.4038, 0.5962),
        (1, 1, 0.2065, 1.0),
    ],
)
def test_wilson_known_values(k, n, low, high):
    lo, hi = wilson(k, n)
    assert lo == pytest.approx(low, abs=5e-4)
    assert hi == pytest.approx(high, abs=5e-4)


def test_wilson_edges():
    assert wilson(0, 0) is None
    lo, hi = wilson(0, 10)
    assert lo == 0.0 and 0 < hi < 1
    lo, hi = wilson(10, 10)
    assert hi == 1.0 and 0 < lo < 1
    # symmetric: k successes mirror n-k failures
    a, b = wilson(3, 20)
    c, d = wilson(17, 20)
    assert a == pytest.approx(1 - d) and b == pytest.approx(1 - c)
    with pytest.raises(ValueError):
        wilson(11, 10)


def test_wilson_other_confidence():
    lo90, hi90 = wilson(7, 10, findings.z_for(0.90))
    lo95, hi95 = wilson(7, 10)
    assert lo95 < lo90 < hi90 < hi95


# -- categories ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "passes,fails,expected",
    [
        (19, 1, "strength"),  # 95%: exactly at strength's minimum
        (18, 2, "meets_expectations"),
        (17, 3, "meets_expectations"),  # 85%: exactly at meets_expectations
        (16, 4, "area_for_improvement"),
        (12, 8, "area_for_improvement"),  # 60%: exactly at area_for_improvement
        (11, 9, "area_for_priority_action"),
        (0, 20, "area_for_priority_action"),
    ],
)
def test_categorise_boundaries(ilacs, passes, fails, expected):
    f = categorise(result(passes, fails), ilacs, None, False)
    assert f["category"] == expected
    assert f["category_label"] == ilacs.category(expected).label
    assert f["small_n"] is False and f["interval"] is None


def test_categorise_why(ilacs):
    f = categorise(result(18, 7), ilacs, None, False)  # 72%
    assert f["category"] == "area_for_improvement"
    assert f["category_label"] == "What needs to improve"
    assert f["why"].startswith("rate 72.0% is below the 85% for “Meets expectations”")
    assert "at least the 60% for “What needs to improve”" in f["why"]
    assert categorise(result(20, 0), ilacs)["why"] == "rate 100.0% is at least the 95% for “Strength”"
    assert categorise(result(1, 9), ilacs)["why"] == "rate 10.0% is below the 60% for “What needs to improve”"


def test_not_evidenced_counts_against_unless_excluded(ilacs):
    assert categorise(result(17, 0, ne=3), ilacs)["category"] == "meets_expectations"  # 17/20
    assert categorise(result(17, 0, ne=3, missing="exclude"), ilacs)["category"] == "strength"  # 17/17
    assert categorise(result(17, 3, na=50), ilacs)["category"] == "meets_expectations"  # n/a never counts


def test_critical_floor(ilacs):
    # 85% would meet expectations, but a critical rule below 90% is a priority action.
    f = categorise(result(17, 3, severity="critical"), ilacs)
    assert f["category"] == "area_for_priority_action"
    assert f["why"] == "critical rule below its floor of 90% (rate 85.0%)"
    # At the floor exactly: not below it.
    assert categorise(result(18, 2, severity="critical"), ilacs)["category"] == "meets_expectations"
    # The rule's own floor.
    f = categorise(result(17, 3, severity="critical", thresholds={"critical_floor": 0.8}), ilacs)
    assert f["category"] == "meets_expectations"
    assert f["thresholds"]["critical_floor"] == 0.8
    # A run-wide floor (pack), below the rule's own.
    assert categorise(result(17, 3, severity="critical"), ilacs, critical_floor=0.85)["category"] == "meets_expectations"
    # Already the priority category by rate: stays, and says so.
    f = categorise(result(5, 15, severity="critical"), ilacs)
    assert f["category"] == "area_for_priority_action" and "critical rule below its floor" in f["why"]


def test_minor_rule_is_never_a_priority_action(ilacs):
    f = categorise(result(2, 18, severity="minor"), ilacs)
    assert f["category"] == "area_for_improvement"
    assert "a minor rule is placed no lower than “What needs to improve”" in f["why"]


def test_small_n(ilacs):
    f = categorise(result(1, 2), ilacs)
    assert f["category"] is None and f["category_label"] is None
    assert f["small_n"] is True
    assert f["why"] == "too few cases to judge (3; at least 5 needed)"
    # not-applicable records do not count towards the minimum
    assert categorise(result(4, 0, na=30), ilacs)["small_n"] is True
    assert categorise(result(5, 0), ilacs)["small_n"] is False
    assert categorise(result(3, 0), ilacs, min_denominator=3)["category"] == "strength"
    assert categorise(result(0, 0), ilacs)["why"] == "too few cases to judge (0; at least 5 needed)"


def test_rule_thresholds_override_defaults(ilacs):
    assert categorise(result(15, 5, thresholds={"meets_expectations": 0.7}), ilacs)["category"] == "meets_expectations"
    # Grade names are aliases of the categories they come from (the example pack writes good: 0.9).
    f = categorise(result(17, 3, thresholds={"good": 0.9, "requires_improvement": 0.75}), ilacs)
    assert f["category"] == "area_for_improvement"
    assert f["thresholds"]["meets_expectations"] == 0.9 and f["thresholds"]["area_for_improvement"] == 0.75
    # An explicit argument replaces the rule's thresholds.
    rr = result(17, 3, thresholds={"good": 0.9})
    assert categorise(rr, ilacs, {}, False)["category"] == "meets_expectations"


def test_unknown_threshold_id_is_an_error_with_suggestion(ilacs):
    with pytest.raises(CasecheckError) as exc:
        categorise(result(17, 3, thresholds={"meets_expectation": 0.9}), ilacs)
    (d,) = exc.value.diagnostics
    assert d.code == "bad-threshold" and d.rule == "TEST-RULE"
    assert "threshold `meets_expectation` is not a category of framework `ilacs`" in d.message
    for valid in ("strength", "meets_expectations", "area_for_improvement", "critical_floor"):
        assert valid in d.message
    assert d.suggestion == "did you mean `meets_expectations`?"


@pytest.mark.parametrize(
    "thresholds,words",
    [
        ({"area_for_priority_action": 0.3}, "is the worst category"),
        ({"meets_expectations": 0.97}, "out of order"),
        ({"strength": 1.5}, "between 0 and 1"),
        ({"good": 0.9, "meets_expectations": 0.8}, "sets `meets_expectations` again"),
    ],
)
def test_bad_thresholds(ilacs, thresholds, words):
    with pytest.raises(CasecheckError) as exc:
        categorise(result(17, 3, thresholds=thresholds), ilacs)
    assert any(words in d.message for d in exc.value.diagnostics), exc.value.diagnostics


def test_interval_only_for_samples(ilacs):
    assert categorise(result(56, 24), ilacs, None, False)["interval"] is None
    f = categorise(result(56, 24), ilacs, None, True)
    assert f["interval"] == {"low": 0.5923, "high": 0.7894, "confidence": 0.95, "method": "wilson"}
    # 70%, interval 59%-79%: spans area_for_improvement's 60%.
    assert f["category"] == "area_for_improvement"
    assert f["borderline"] is True
    assert "spans the threshold for “What needs to improve” (60%)" in f["why"]
    f = categorise(result(400, 0), ilacs, None, True)
    assert f["borderline"] is False and f["interval"]["high"] == 1.0
    assert categorise(result(400, 0), ilacs)["borderline"] is None


# -- narratives ---------------------------------------------------------------------------

S47 = {"fail": "In {fail} of {denominator} cases ({rate}), section 47 enquiries began without a strategy discussion."}


def test_narrative_fail_template(ilacs):
    rr = result(68, 12, finding=S47)
    f = categorise(rr, ilacs)
    assert narrative(rr, f, ilacs, False) == "In 12 of 80 cases (15%), section 47 enquiries began without a strategy discussion."
    assert narrative(rr, f, ilacs, True) == "In 12 of 80 cases sampled (15%), section 47 enquiries began without a strategy discussion."


def test_narrative_pass_template_for_a_positive_category(ilacs):
    tpl = {
        "pass": "In {pass} of {denominator} cases ({rate}) the child was seen: {title}.",
        "fail": "In {fail} of {denominator} cases ({rate}), the child was not seen.",
    }
    rr = result(78, 2, finding=tpl, title="Children are seen")
    assert narrative(rr, categorise(rr, ilacs), ilacs) == "In 78 of 80 cases (98%) the child was seen: Children are seen."
    rr = result(40, 40, finding=tpl)
    assert narrative(rr, categorise(rr, ilacs), ilacs) == "In 40 of 80 cases (50%), the child was not seen."


def test_narrative_template_without_a_count_noun_still_says_sampled(ilacs):
    rr = result(10, 10, finding={"fail": "Half the assessments ({rate}) were late."})
    text = narrative(rr, categorise(rr, ilacs), ilacs, True)
    assert text == "Half the assessments (50%) were late. (from a sample of 20 cases)"
    assert "{{" not in narrative(result(10, 10, finding={"fail": "Braces {{kept}}: {fail}"}), {}, ilacs)


def test_narrative_template_mentions_unevidenced_records(ilacs):
    rr = result(70, 8, ne=2, finding=S47)
    text = narrative(rr, categorise(rr, ilacs), ilacs)
    assert text == (
        "In 8 of 80 cases (10%), section 47 enquiries began without a strategy discussion. "
        "In a further 2 cases, the records did not show whether it was done."
    )


def test_default_narratives(ilacs):
    rr = result(68, 12, severity="critical", title="A strategy discussion is held before every section 47 enquiry")
    f = categorise(rr, ilacs)
    assert f["category"] == "area_for_priority_action"
    assert narrative(rr, f, ilacs) == (
        "In 12 of 80 cases (15%), the expectation that a strategy discussion is held before every "
        "section 47 enquiry was not met."
    )
    assert "80 cases sampled (15%)" in narrative(rr, f, ilacs, True)
    assert "sampled" not in narrative(rr, f, ilacs, False)
    rr = result(78, 2, title="Children are seen")
    assert narrative(rr, categorise(rr, ilacs), ilacs) == "In 78 of 80 cases (98%), the expectation that children are seen was met."
    rr = result(20, 0, title="Children are seen")
    assert narrative(rr, categorise(rr, ilacs), ilacs) == "In all 20 cases, the expectation that children are seen was met."
    rr = result(0, 6, title="ICPC held on time")
    assert narrative(rr, categorise(rr, ilacs), ilacs) == "In none of the 6 cases was the expectation that ICPC held on time met."
    rr = result(10, 8, ne=2, title="Plans are reviewed")
    assert narrative(rr, categorise(rr, ilacs), ilacs) == (
        "In 10 of 20 cases (50%), the expectation that plans are reviewed was not met, "
        "including 2 where the records did not show whether it was."
    )
    rr = result(na=4, title="Plans are reviewed")
    assert narrative(rr, categorise(rr, ilacs), ilacs) == "There were no cases to judge against the expectation that plans are reviewed."


def test_whole_percent_never_rounds_to_nothing():
    assert findings.whole_percent(1, 400) == "less than 1%"
    assert findings.whole_percent(399, 400) == "more than 99%"
    assert findings.whole_percent(1, 8) == "13%"  # half up
    assert findings.whole_percent(0, 8) == "0%"


# -- grading areas ------------------------------------------------------------------------


def rf(rid, area, category):
    return {"id": rid, "area": area, "category": category}


def test_grade_areas_worst(ilacs):
    rules = [
        rf("A-1", "help-and-protection", "strength"),
        rf("A-2", "help-and-protection", "area_for_improvement"),
        rf("A-3", "help-and-protection", None),
        rf("B-1", "children-in-care", "strength"),
        rf("B-2", "children-in-care", "strength"),
        rf("C-1", "front-door", "meets_expectations"),  # an alias of help-and-protection
        rf("D-1", "workforce-health", "area_for_priority_action"),  # maps to nothing
    ]
    areas = grade_areas(rules, ilacs, {"help-and-protection": "x", "children-in-care": "y", "front-door": "z", "workforce-health": "Staff health"}, {"policy": "worst"})
    by_id = {a["id"]: a for a in areas}
    assert [a["id"] for a in areas] == ["help-and-protection", "children-in-care", "overall-effectiveness", "workforce-health"]
    hp = by_id["help-and-protection"]
    assert hp["grade"] == "requires_improvement" and hp["grade_label"] == "Requires improvement to be good"
    assert hp["rules"] == ["A-1", "A-2", "A-3", "C-1"] and hp["pack_areas"] == ["front-door", "help-and-protection"]
    assert hp["not_judged"] == ["A-3"]
    assert hp["why"] == "the worst category among 3 judged rules is “What needs to improve” (A-2), which gives “Requires improvement to be good”"
    assert by_id["children-in-care"]["grade"] == "outstanding"  # every judged rule a strength
    unmapped = by_id["workforce-health"]
    assert unmapped["judgement_area"] is False and unmapped["title"] == "Staff health" and unmapped["grade"] == "inadequate"
    overall_area = by_id["overall-effectiveness"]
    assert overall_area["grade"] == "inadequate" and overall_area["policy"] == "overall:worst"


def test_grade_areas_weighted(ilacs):
    rules = [rf(f"R-{i}", "help-and-protection", c) for i, c in enumerate(
        ["strength", "strength", "meets_expectations", "meets_expectations"])]
    (hp, _) = grade_areas(rules, ilacs, {}, {"policy": "weighted"})
    assert hp["policy"] == "weighted" and hp["score"] == 2.5 and hp["grade"] == "good"
    assert hp["why"].startswith("mean score 2.50 over 4 judged rules (2 “Strength” (3), 2 “Meets expectations” (2)) is at least the 1.75 for “Good”")
    # caps: one area for improvement among strengths: the score says outstanding, the cap says good.
    rules = [rf(f"R-{i}", "help-and-protection", "strength") for i in range(9)] + [rf("R-9", "help-and-protection", "area_for_improvement")]
    (hp, _) = grade_areas(rules, ilacs, {}, {"policy": "weighted"})
    assert hp["score"] == 2.8 and hp["grade"] == "good"
    assert "capped at “Good” by “What needs to improve” (R-9)" in hp["why"]
    # below the last cut-off
    rules = [rf("R-1", "care-leavers", "area_for_priority_action"), rf("R-2", "care-leavers", "area_for_improvement")]
    (cl, _) = grade_areas(rules, ilacs, {}, {"policy": "weighted", "caps": {}})
    assert cl["grade"] == "inadequate" and "is below the 1 for “Requires improvement to be good”" in cl["why"]


def test_grade_areas_no_judged_rules(ilacs):
    (hp, overall_area) = grade_areas([rf("R-1", "help-and-protection", None)], ilacs, {}, None)
    assert hp["grade"] is None and hp["why"] == "no rule in this area had enough cases to judge"
    assert overall_area["grade"] is None


@pytest.mark.parametrize(
    "override,words",
    [
        ({"policy": "best"}, "not one of: worst, weighted"),
        ({"policy": "weighted", "weights": {"strength": 3}}, "has no value for"),
        ({"policy": "worst", "map": {"strength": "superb", "meets_expectations": "good", "area_for_improvement": "good", "area_for_priority_action": "good"}}, "`superb` is not a grade"),
        ({"policy": "weighted", "cutoffs": [{"grade": "good", "min_score": 1}, {"grade": "outstanding"}]}, "out of order"),
    ],
)
def test_bad_grading_override(ilacs, override, words):
    with pytest.raises(CasecheckError) as exc:
        grade_areas([rf("R-1", "help-and-protection", "strength")], ilacs, {}, override)
    assert any(words in d.message for d in exc.value.diagnostics), exc.value.diagnostics


def test_slac_weighted_default_and_median_overall():
    slac = load_framework("slac-2011")
    rules = [
        # safeguarding quality of provision: 4 adequate and one immediate action -> adequate (as in 2011)
        *[rf(f"Q-{i}", "help-and-protection", "adequate") for i in range(4)],
        rf("Q-9", "help-and-protection", "improve_immediately"),
        rf("L-1", "leadership", "strength"),
        rf("L-2", "leadership", "strength"),
        rf("P-1", "children-in-care", "improve_within_three_months"),
        rf("P-2", "children-in-care", "improve_immediately"),
    ]
    # the default, descriptors, counts each rule by its severity: all major here, so the same mean as weighted
    assert {a["id"]: a for a in grade_areas(rules, slac, {}, None)}["safeguarding-quality-of-provision"]["score"] == 1.6
    areas = grade_areas(rules, slac, {}, {"policy": "weighted"})
    by_id = {a["id"]: a for a in areas}
    q = by_id["safeguarding-quality-of-provision"]
    assert q["policy"] == "weighted" and q["score"] == 1.6 and q["grade"] == "adequate"
    assert by_id["safeguarding-leadership-and-management"]["grade"] == "good"  # outstanding is not given from rates
    assert by_id["lac-quality-of-provision"]["grade"] == "inadequate"
    # median of (adequate, good): the worse middle one
    assert by_id["safeguarding-overall-effectiveness"]["grade"] == "adequate"
    assert [a["id"] for a in areas][:3] == ["safeguarding-overall-effectiveness", "safeguarding-quality-of-provision", "safeguarding-leadership-and-management"]
    ov = findings.overall(areas, slac, {r["id"]: r for r in rules})
    assert [(g["id"], g["grade"]) for g in ov["groups"]] == [("safeguarding", "adequate"), ("looked-after-children", "inadequate")]
    assert ov["grade"] == "inadequate"
    slac_grade = slac.grade("adequate")
    assert slac_grade.heading == "Grade 3 (adequate)" and slac_grade.description == "A service that only meets minimum requirements"


def test_cra_is_not_graded():
    cra = load_framework("cra-2009")
    rules = [rf("A-1", "front-door", "area_for_development"), rf("A-2", "front-door", "strength"), rf("B-1", "leadership", "meets_requirements")]
    areas = grade_areas(rules, cra, {}, None)
    assert [a["id"] for a in areas] == ["contact-and-referral", "management-oversight"]
    cr = areas[0]
    assert cr["grade"] is None and cr["policy"] is None
    assert cr["by_category"] == {"strength": ["A-2"], "meets_requirements": [], "area_for_development": ["A-1"], "area_for_priority_action": []}
    ov = findings.overall(areas, cra, {r["id"]: r for r in rules})
    assert ov["grade"] is None
    assert ov["headline"] == "The checks identified areas of strength and areas of practice that met requirements, with areas for development."
    with pytest.raises(CasecheckError):
        grade_areas(rules, cra, {}, {"policy": "worst"})


def test_area_maps_by_title(ilacs):
    areas = grade_areas([rf("R-1", "cic", "strength")], ilacs, {"cic": "The experiences and progress of children in care"}, None)
    assert areas[0]["id"] == "children-in-care" and areas[0]["pack_areas"] == ["cic"]


# -- breakdowns ---------------------------------------------------------------------------


def _run(pack, data, rule_ids, sample=None):
    loaded = load_records(pack.schema, data, "test")
    assert not loaded.rejections
    ctx = Context(loaded.dataset, pack.calendar, AS_AT, pack.params)
    run = RunResult(pack, AS_AT, "test", loaded)
    for rid in rule_ids:
        rule = pack.rule(rid)
        run.rules.append(RuleResult(rule, judge_all(rule, ctx)))
    if sample is not None:
        run.sample = sample
    return run


def test_breakdown_by_team_and_worker(pack):
    data = {
        "assessments": [
            {"assessment_id": "S1", "child_id": "C1", "start_date": "2025-01-06", "child_seen": True, "team": "North", "worker_id": "W1"},
            {"assessment_id": "S2", "child_id": "C1", "start_date": "2025-01-06", "child_seen": False, "team": "North", "worker_id": "W1"},
            {"assessment_id": "S3", "child_id": "C2", "start_date": "2025-01-06", "child_seen": True, "team": "South", "worker_id": "W2"},
            {"assessment_id": "S4", "child_id": "C2", "start_date": "2025-01-06", "child_seen": True, "team": "South", "worker_id": "W2"},
            {"assessment_id": "S5", "child_id": "C3", "start_date": "2025-01-06", "team": "South", "worker_id": "W3"},
            {"assessment_id": "S6", "child_id": "C3", "start_date": "2025-01-06", "child_seen": False, "worker_id": "W3"},
        ],
        "children": [{"child_id": c} for c in ("C1", "C2", "C3")],
        "social_workers": [{"worker_id": w} for w in ("W1", "W2", "W3")],
    }
    run = _run(pack, data, ["EX-ASSESS-CHILD-SEEN"])
    out = build(run)
    f = out["rules"]["EX-ASSESS-CHILD-SEEN"]
    assert f["breakdown_fields"] == {"team": "team", "worker_id": "worker_id"}
    assert f["breakdowns"]["team"] == [
        {"value": None, "pass": 0, "fail": 1, "not_evidenced": 0, "denominator": 1, "rate": 0.0},
        {"value": "North", "pass": 1, "fail": 1, "not_evidenced": 0, "denominator": 2, "rate": 0.5},
        {"value": "South", "pass": 2, "fail": 0, "not_evidenced": 1, "denominator": 3, "rate": 0.6667},
    ]
    assert [(e["value"], e["rate"]) for e in f["breakdowns"]["worker_id"]] == [("W3", 0.0), ("W1", 0.5), ("W2", 1.0)]


def test_breakdown_through_a_relation(pack):
    data = {
        "care_leavers": [
            {"child_id": "L1", "in_touch": "YES", "accommodation": "U", "accommodation_suitable": True, "personal_adviser_id": "P1"},
            {"child_id": "L2", "in_touch": "YES", "accommodation": "U", "accommodation_suitable": False, "personal_adviser_id": "P1"},
            {"child_id": "L3", "in_touch": "YES", "accommodation": "U", "accommodation_suitable": True, "personal_adviser_id": "P2"},
            {"child_id": "L4", "in_touch": "DIED", "personal_adviser_id": "P2"},
        ],
        "social_workers": [{"worker_id": "P1", "team": "Leaving care"}, {"worker_id": "P2", "team": "Leaving care"}],
    }
    f = build(_run(pack, data, ["EX-CL-ACCOM-SUITABLE"]))["rules"]["EX-CL-ACCOM-SUITABLE"]
    assert f["breakdown_fields"] == {"team": "personal_adviser.team", "worker_id": "personal_adviser.worker_id"}
    assert f["breakdowns"]["team"] == [{"value": "Leaving care", "pass": 2, "fail": 1, "not_evidenced": 0, "denominator": 3, "rate": 0.6667}]
    assert [(e["value"], e["denominator"]) for e in f["breakdowns"]["worker_id"]] == [("P1", 2), ("P2", 1)]
    assert f["category"] is None and f["small_n"] is True


def test_build_sample_from_the_run(pack):
    data = {"care_leavers": [{"child_id": f"L{i}", "in_touch": "YES", "accommodation": "U", "accommodation_suitable": i % 4 != 0} for i in range(12)]}
    out = build(_run(pack, data, ["EX-CL-ACCOM-SUITABLE"], sample={"confidence": 0.9}))
    f = out["rules"]["EX-CL-ACCOM-SUITABLE"]
    assert out["sample"] == {"sample": True, "confidence": 0.9}
    assert f["interval"]["confidence"] == 0.9 and f["interval"]["method"] == "wilson"
    assert "12 cases sampled" in f["narrative"]


# -- framework files ----------------------------------------------------------------------


def test_framework_schema_is_valid_and_follows_conventions():
    schema = json.loads(jsonschema_path("framework").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)

    def walk(node, where="#"):
        if isinstance(node, dict):
            yield where, node
            for k, v in node.items():
                yield from walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{where}/{i}")

    for where, node in walk(schema):
        if "properties" in node:
            assert node.get("additionalProperties") is False, where
            for prop, sub in node["properties"].items():
                assert "description" in sub, f"{where}/properties/{prop}"


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_framework_files_validate_and_load(name):
    path = data_dir("rules") / "frameworks" / f"{name}.yaml"
    assert framework._validate(load_yaml(path)) == []
    fw = load_framework(name)
    assert fw.id == name and fw.builtin
    assert fw.categories[-1].min_rate is None
    rates = [c.min_rate for c in fw.categories[:-1]]
    assert rates == sorted(rates, reverse=True)
    assert fw.priority_category == fw.categories[-1].id
    assert fw.min_denominator == 5 and fw.critical_floor == 0.9
    assert load_framework(str(path)).id == name  # by path too
    assert (fw.graded, fw.overall_policy) == {"cra-2009": (False, "none"), "ilacs": (True, "worst"), "slac-2011": (True, "median")}[name]


def test_framework_wording():
    ilacs = load_framework("ilacs")
    assert ilacs.category("area_for_improvement").label == "What needs to improve"
    assert ilacs.grade("requires_improvement").label == "Requires improvement to be good"
    assert [a.id for a in ilacs.judgement_areas] == ["leadership", "help-and-protection", "children-in-care", "care-leavers", "overall-effectiveness"]
    slac = load_framework("slac-2011")
    assert [c.label for c in slac.categories[2:]] == ["Within six months", "Within three months", "Immediately"]
    assert [g.number for g in slac.grades] == [1, 2, 3, 4]
    record = next(s for s in slac.sections if s["content"] == "record_of_main_findings")
    assert record["heading"] == "Record of main findings:"
    cra = load_framework("cra-2009")
    assert cra.category("meets_requirements").narrative_heading == "The service meets the requirements of statutory guidance in the following areas"
    assert [c.id for c in cra.categories] == ["strength", "meets_requirements", "area_for_development", "area_for_priority_action"]


def test_unknown_framework_name():
    with pytest.raises(CasecheckError) as exc:
        load_framework("ilac")
    (d,) = exc.value.diagnostics
    assert d.code == "no-framework" and d.suggestion == "did you mean `ilacs`?"


BAD = """\
    casecheck: 1
    id: test
    title: Test
    source: [{document: A test}]
    description: A test framework.
    categories:
      - {id: good_enough, label: Good enough, default_min_rate: 0.8, narrative_heading: Good, positive: true}
      - {id: not_enough, label: Not enough, narrative_heading: Bad, positive: false, default_min_rate: 0.2}
    priority_category: not_enuogh
    critical_floor: 0.9
    min_denominator: 5
    judgement_areas: [{id: everything, title: Everything}]
    sections: [{id: all, content: findings, categories: [good_enough]}]
    """


def test_bad_framework_files_have_positions(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(textwrap.dedent(BAD), encoding="utf-8")
    with pytest.raises(CasecheckError) as exc:
        load_framework(str(p))
    got = {(d.location.line, d.message.split(";")[0]) for d in exc.value.diagnostics}
    assert (8, "category `not_enough` is the worst category, which takes every rate below the one before it") in got
    assert (9, "priority category `not_enuogh` is not a category") in got
    hint = next(d for d in exc.value.diagnostics if d.location.line == 9).suggestion
    assert hint == "did you mean `not_enough`?"
    # a structural problem: an unknown key and a rate out of range, from the JSON Schema
    p.write_text(textwrap.dedent(BAD).replace("critical_floor: 0.9", "critical_floor: 1.9\ncolour: red"), encoding="utf-8")
    with pytest.raises(CasecheckError) as exc:
        load_framework(str(p))
    lines = sorted((d.location.line, d.code) for d in exc.value.diagnostics)
    assert (10, "bad-value") in lines and (11, "unknown-key") in lines


# -- a whole run --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def council_run(pack):
    loaded = load_data(COUNCIL, pack.schema, None, AS_AT)
    ctx = Context(loaded.dataset, pack.calendar, AS_AT, pack.params)
    run = RunResult(pack, AS_AT, str(COUNCIL), loaded)
    for rule in pack.rules:
        run.rules.append(RuleResult(rule, judge_all(rule, ctx)))
    return run


def test_build_on_the_example_council(council_run):
    out = build(council_run)
    assert out["framework"]["id"] == "ilacs" and out["framework"]["assumed"] is False
    assert set(out["rules"]) == {r.rule.id for r in council_run.rules}
    for rr in council_run.rules:
        f = out["rules"][rr.rule.id]
        if rr.denominator >= 5:
            assert f["category"] in {"strength", "meets_expectations", "area_for_improvement", "area_for_priority_action"}, rr.rule.id
            assert f["small_n"] is False and f["why"]
        else:
            assert f["category"] is None and f["small_n"] is True
        assert f["narrative"].endswith(".") and f["interval"] is None
    # the example pack's own thresholds (good: 0.9) are honoured
    assert out["rules"]["EX-ASSESS-45WD"]["thresholds"]["meets_expectations"] == 0.9
    assert [a["id"] for a in out["areas"]] == ["leadership", "help-and-protection", "children-in-care", "care-leavers", "overall-effectiveness"]
    assert all(a["grade"] for a in out["areas"])
    assert out["overall"]["area"] == "overall-effectiveness" and out["overall"]["grade"]
    # deterministic and JSON-ready
    text = json.dumps(out, sort_keys=True)
    assert json.dumps(build(council_run), sort_keys=True) == text


def test_build_reports_every_bad_threshold_at_once(council_run):
    council_run.pack.framework = "slac-2011"
    try:
        with pytest.raises(CasecheckError) as exc:
            build(council_run)
    finally:
        council_run.pack.framework = "ilacs"
    # EX-ASSESS-45WD's thresholds name ilacs categories, which slac-2011 does not have
    (d,) = [d for d in exc.value.diagnostics if "meets_expectations" in d.message]
    assert d.rule == "EX-ASSESS-45WD" and d.location.file.endswith("assessment.yaml")
