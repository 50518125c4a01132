"""The findings (categories, narratives, the letter) agree with what was planted.

From the issue: "On a generated `inadequate` council the report's categories
and narrative match what was injected (truth.json); on a `good` one, no
priority actions."

Councils of ``N`` children are generated, the example pack is run on them
(the reference engine, as ``casecheck run``) and ``RunResult.to_dict()`` is
compared with the answer key the generator wrote (``truth.json``).

Sizes and seeds: at 1,500 children the smallest pools the pack judges
(referrals closed with no further action, care leavers, open child
protection plans, social workers) hold 25 to 90 records, where one record
moves a rate by 1 to 4 points; at 300 children (``test_truth``) they hold a
handful to a dozen and a category is mostly noise. The seeds were chosen from a sweep of 30 to 60 seeds per
profile (see the comments at each) so that no asserted category sits within
a record or two of a threshold; generation is deterministic, so the outcome
of a seed never changes unless the generator or the pack does.

What truth.json counts and what a rule judges differ in two documented ways,
which the expected counts below take out explicitly rather than hide:

* **Calendar.** truth.json is computed with the generator's calendar (England
  bank holidays); the example pack also closes on 27 December 2024, so a
  record exactly at a working-day limit can be late in one and on time in the
  other (a record or two among a few hundred late assessments or contacts). Counts are compared
  with the answer key recomputed under the pack's calendar
  (``compute_truth(..., calendar=pack.calendar)``, as ``test_truth`` does);
  ``test_truth_json_differs_only_by_working_days`` pins the difference.
* **Scope.** Three truth definitions are wider than the rule that detects
  them: the rules leave out records their ``when`` excludes (see
  :func:`out_of_scope`).
"""

from __future__ import annotations

import json
import re
import tempfile
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from test_cli import PACK
from test_pack_truth import out_of_scope as library_out_of_scope
from test_truth import RULE_FINDS

from checker.data.load import load_records
from checker.engine.outcomes import judge_all
from checker.model import Context
from checker.packs.pack import load_pack
from checker.report import documents as reports
from checker.report.result import RuleResult, RunResult
from checker.tools.generate import (
    PROFILES,
    RATES,
    compute_truth,
    generate,
    write_truth,
)
from checker.workdays import add_months, add_years, age_on

N = 1500

# good, 1,500 children: over seeds 1-30 the only critical rule near its 0.9
# floor is EX-CP-SEEN-ALONE (mean 0.938; seed 5 falls to 0.892 and becomes a
# priority action). Since issue 15 it judges children aged 4 or over only
# (babies are never seen alone): these seeds have it at 0.941-0.964 (2 or 3
# failing of 51-55 open plans), 2 to 4 more failing plans from the floor.
GOOD_SEEDS = (2, 7, 13)
# inadequate, 1,500 children: every asserted category held on all of seeds 1-60.
INADEQUATE_SEEDS = (2, 7, 2025)
ADEQUATE_SEED = 2025

ADVERSE = ("area_for_improvement", "area_for_priority_action")

# Problems whose definition counts working days: the only ones a closure day
# can move.
WORKING_DAY_PROBLEMS = {
    "assessment_late", "contact_decision_late", "icpc_late", "cp_visit_overdue",
    "lac_review_late", "lac_health_overdue",
}

# Planted at >= 0.25 in the inadequate profile, but not asserted adverse:
AMBIGUOUS = {
    # caseload_high is planted on 35% of the case-holding workers of the four
    # case teams, and only where the team has cases enough to overload them;
    # the rule's denominator is every social worker and senior practitioner
    # in post (leaving care and the rest included). The failing share comes
    # out at 13-20%, either side of the 15% that separates
    # meets_expectations (85%) from area_for_improvement: 4 of 60 seeds land
    # in meets_expectations. Asserted: not a strength, and its count.
    "EX-CASELOAD-LIMIT",
}
# Near a line but asserted: EX-LAC-REVIEW-TIMELY is planted at 0.25 of the
# periods it can be planted in (still open in the audit year, old enough for
# a first review), but its denominator holds every period, so its rate
# is 0.79-0.84 (seeds 1-60): area_for_improvement, 1 to 6 points under the
# 0.85 of meets_expectations. EX-ASSESS-45WD's own thresholds (0.9, 0.75) put
# its 0.67-0.69 in area_for_priority_action, not area_for_improvement; both
# are adverse.


@cache
def _pack():
    return load_pack(PACK)


@cache
def audit(profile: str, seed: int):
    """(council, truth.json problems, answer key under the pack's calendar, result dict)."""
    pack = _pack()
    council = generate(N, seed=seed, profile=profile)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "truth.json"
        write_truth(council, path)
        truth_json = json.loads(path.read_text(encoding="utf-8"))["problems"]
    truth = compute_truth(council.tables, council.as_at, calendar=pack.calendar)
    loaded = load_records(pack.schema, council.tables, f"generated {profile} council")
    assert not loaded.rejections and not loaded.diagnostics.errors
    ctx = Context(loaded.dataset, pack.calendar, council.as_at, pack.params)
    run = RunResult(pack, council.as_at, f"generated {profile} council", loaded)
    for rule in pack.rules:
        run.rules.append(RuleResult(rule, judge_all(rule, ctx)))
    return council, truth_json, truth, run.to_dict()


def rules_by_id(doc: dict) -> dict[str, dict]:
    return {r["id"]: r for r in doc["rules"]}


def adverse(doc: dict) -> list[str]:
    return sorted(r["id"] for r in doc["rules"] if r.get("category") in ADVERSE)


def priority(doc: dict) -> list[str]:
    cat = doc["framework"]["priority_category"]
    return sorted(r["id"] for r in doc["rules"] if r.get("category") == cat)


# ------------------------------------------------------------------ scope


def out_of_scope(rule_id: str, council) -> set[str]:
    """Records the answer key lists for the rule's problem that the rule does
    not judge, by the rule's own ``when`` (examples/pack/rules), worked out
    from the generated tables, not from the rule's outcomes. Where the
    example rule's scope is its library rule's (``variant_of``), the library
    rule's (test_pack_truth.out_of_scope): one oracle."""
    t, as_at = council.tables, council.as_at
    if rule_id == "EX-LAC-VISIT-TIMELY":
        # lac_visit_overdue is any open period with no visit in the 6 weeks
        # to as_at; the rule gives a child who came into care in the last
        # week time for a first visit, and (regulation 28) allows 3 months
        # where a placement meant to last to 18 has lasted a year. (The
        # library rule also judges a placement's unvisited first week.)
        visits: dict[str, list] = {}
        for v in t["visits"]:
            if v["type"] == "lac":
                visits.setdefault(v["child_id"], []).append(v["date"])
        out = set()
        for p in t["care_periods"]:
            too_new = p["start_date"] > as_at - timedelta(weeks=1)
            long_term = (p["placement_long_term"] is True and p["placement_start_date"] is not None
                         and p["placement_start_date"] <= add_years(as_at, -1)
                         and any(add_months(as_at, -3) <= d <= as_at for d in visits.get(p["child_id"], ())))
            if too_new or long_term:
                out.add(p["period_id"])
        return out
    variant_of = _pack().rule(rule_id).variant_of
    return library_out_of_scope(variant_of, council) if variant_of else set()


def expected_unevidenced(rule_id: str, council) -> int | None:
    """Records the rule cannot judge for want of a value (counted as failing,
    `missing: fail`), worked out from the tables; None where not pinned."""
    t, as_at = council.tables, council.as_at
    if rule_id == "EX-ASSESS-CHILD-SEEN":
        # child_seen left blank: listed under missing_data, not under
        # assessment_child_not_seen (which is child_seen false).
        return sum(1 for a in t["assessments"] if a["child_seen"] is None)
    if rule_id == "EX-CP-SEEN-ALONE":
        # an open plan with no statutory visit yet (a plan started in the last
        # days, or one whose visits stopped): there is no latest visit to have
        # seen the child alone. cp_not_seen_alone does not list these. The
        # rule judges children aged 4 or over at as_at (with neither date of
        # birth: judged; an unborn child with an expected date: not).
        cp_visits: dict[str, list] = {}
        for v in t["visits"]:
            if v["type"] == "cp":
                cp_visits.setdefault(v["child_id"], []).append(v["date"])
        kids = {c["child_id"]: c for c in t["children"]}

        def judged(cid):
            c = kids.get(cid, {})
            dob = c.get("date_of_birth")
            return age_on(dob, as_at) >= 4 if dob is not None else c.get("expected_date_of_birth") is None

        return sum(
            1 for p in t["cp_plans"]
            if p["start_date"] <= as_at and (p["end_date"] is None or p["end_date"] > as_at)
            and judged(p["child_id"])
            and not any(p["start_date"] <= d <= as_at for d in cp_visits.get(p["child_id"], ()))
        )
    return None


# ------------------------------------------------------------------ narratives

_IN_N_OF_M = re.compile(r"^In (\d[\d,]*) of (\d[\d,]*) ")
_IN_NONE = re.compile(r"^In none of the (\d[\d,]*) ")
_IN_ALL = re.compile(r"^In all (\d[\d,]*) ")
_INCLUDING = re.compile(r", including (\d[\d,]*) where the records did not show")
_FURTHER = re.compile(r"In a further (\d[\d,]*) cases?, the records did not show")


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def stated(narrative: str, positive: bool) -> tuple[int, int, int]:
    """(failing, unevidenced, denominator) as a narrative states them.

    Adverse narratives count the cases not met: the pack's templates "In
    {fail} of {denominator} ..." (unevidenced cases in a further sentence),
    or the default "In 12 of 80 cases (15%), ... was not met, including 3
    where the records did not show whether it was" (12 includes the 3).
    Positive ones count the cases met: "In 76 of 80 cases (95%), ... was met"
    (the 4 not met are failing and unevidenced together: returned as failing).
    """
    if m := _IN_ALL.match(narrative):
        return 0, 0, _int(m.group(1))
    if m := _IN_NONE.match(narrative):  # "In none of the 6 cases was ... met": all 6 not met
        not_met = denominator = _int(m.group(1))
    else:
        m = _IN_N_OF_M.match(narrative)
        assert m, f"no 'In N of M' in {narrative!r}"
        first, denominator = _int(m.group(1)), _int(m.group(2))
        if positive:
            return denominator - first, 0, denominator
        not_met = first
    if m := _INCLUDING.search(narrative):
        unevidenced = _int(m.group(1))
        return not_met - unevidenced, unevidenced, denominator
    if m := _FURTHER.search(narrative):
        return not_met, _int(m.group(1)), denominator
    return not_met, 0, denominator


def test_stated_reads_every_narrative_form():
    assert stated("In 12 of 80 cases (15%), the expectation that x was not met.", False) == (12, 0, 80)
    assert stated("In 12 of 80 cases (15%), the expectation that x was not met, including 3 where "
                  "the records did not show whether it was.", False) == (9, 3, 80)
    assert stated("In 140 of 1,434 assessments (10%), the assessment took longer than 45 working days. "
                  "In a further 2 cases, the records did not show whether it was done.", False) == (140, 2, 1434)
    assert stated("In 76 of 80 cases (95%), the expectation that x was met.", True) == (4, 0, 80)
    assert stated("In all 80 cases, the expectation that x was met.", True) == (0, 0, 80)
    assert stated("In none of the 6 cases was the expectation that x met.", False) == (6, 0, 6)


# ------------------------------------------------------------------ the answer key


@pytest.mark.parametrize("seed", INADEQUATE_SEEDS)
def test_truth_json_differs_only_by_working_days(seed):
    """truth.json (generator's calendar) and the answer key under the pack's
    calendar (one more closure day) agree except where working days count."""
    _, truth_json, truth, _ = audit("inadequate", seed)
    assert set(truth_json) == set(truth)
    differ = {p for p in truth if truth_json[p] != truth[p]}
    assert differ <= WORKING_DAY_PROBLEMS, differ
    for p in differ:
        # The closure is one working day fewer in any span across it, so the
        # pack's calendar finds a subset of what truth.json lists, and only
        # records at the limit: a handful.
        assert set(truth[p]) < set(truth_json[p]), p
        assert len(truth_json[p]) - len(truth[p]) <= 3 + len(truth[p]) // 50, (p, len(truth_json[p]), len(truth[p]))


# ------------------------------------------------------------------ good


@pytest.mark.parametrize("seed", GOOD_SEEDS)
def test_good_council_has_no_priority_actions(seed):
    _, _, truth, doc = audit("good", seed)
    fw = doc["framework"]
    assert priority(doc) == [], {r["id"]: (r["rate"], r["why"]) for r in doc["rules"] if r["id"] in priority(doc)}
    assert doc["overall"]["grade"] != "inadequate", doc["overall"]["why"]
    assert doc["overall"]["categories"][fw["priority_category"]] == 0
    # EX-AUDIT-VIEWS-RECORDED (minor, QA case audits) is generated with the
    # child's views recorded in 70% of audits in every good council, below
    # the 85% of meets_expectations. It is the only adverse finding: every
    # planted problem sits at or under 5% in the good profile. Under `worst`
    # grading it made its area, and so the overall judgement, require
    # improvement; under the framework's default, `descriptors` (issue 15),
    # one minor rule to improve among many strong ones, counted by severity,
    # leaves the area good, as Ofsted's descriptors would.
    assert adverse(doc) == ["EX-AUDIT-VIEWS-RECORDED"], adverse(doc)
    assert doc["overall"]["grade"] == "good"
    assert doc["actions"]["priority"] == [] and [e["rules"] for e in doc["actions"]["improve"]] == [["EX-AUDIT-VIEWS-RECORDED"]]
    # ... and the letter has no priority section and no action plan.
    letter = reports.letter(doc)
    assert "## Areas for priority action" not in letter
    assert "action plan" not in letter
    assert sum(len(truth[p]) for p in RULE_FINDS.values()) > 0  # problems were planted, just few


# ------------------------------------------------------------------ inadequate


def _letter_sections(letter: str) -> dict[str, str]:
    """Second-level heading -> the text under it (to the next one)."""
    parts = re.split(r"^## (.+)$", letter, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


@pytest.mark.parametrize("seed", INADEQUATE_SEEDS)
def test_inadequate_council_categories_match_the_planted_problems(seed):
    doc = audit("inadequate", seed)[3]
    rules = rules_by_id(doc)
    q = PROFILES.index("inadequate")
    common = {rid for rid, problem in RULE_FINDS.items() if RATES[problem][q] >= 0.25}
    assert len(common) >= 10  # most of what the pack checks
    wrong = {rid: (rules[rid]["rate"], rules[rid]["category"]) for rid in sorted(common - AMBIGUOUS)
             if rules[rid]["category"] not in ADVERSE}
    assert not wrong, wrong
    for rid in AMBIGUOUS & common:
        assert rules[rid]["category"] != "strength", (rid, rules[rid]["rate"])
    # Critical rules whose problem is planted less often (0.12-0.20) are
    # still below the 0.9 floor: priority actions.
    for rid in RULE_FINDS:
        if rules[rid]["severity"] == "critical":
            assert rules[rid]["category"] == doc["framework"]["priority_category"], (rid, rules[rid]["rate"])
    assert doc["overall"]["grade"] == "inadequate"


@pytest.mark.parametrize("seed", INADEQUATE_SEEDS)
def test_inadequate_council_narratives_state_the_planted_counts(seed):
    council, _, truth, doc = audit("inadequate", seed)
    rules = rules_by_id(doc)
    categories = {c["id"]: c for c in doc["framework"]["categories"]}
    mismatches = {}
    for rid, problem in RULE_FINDS.items():
        r = rules[rid]
        positive = categories[r["category"]]["positive"]
        failing, unevidenced, denominator = stated(r["narrative"], positive)
        excluded = out_of_scope(rid, council) & set(truth[problem])
        planted = len(truth[problem]) - len(excluded)
        ne = r["counts"]["not_evidenced"] if r["missing"] == "fail" else 0
        want_ne = expected_unevidenced(rid, council)
        if positive:  # "In P of M ... was met": the rest are failing and unevidenced together
            got = (failing, denominator)
            want = (planted + ne, r["denominator"])
        else:
            got = (failing, unevidenced, denominator)
            want = (planted, ne if want_ne is None else want_ne, r["denominator"])
        if got != want:
            mismatches[rid] = {"narrative": r["narrative"], "stated": got, "planted": want,
                               "truth": len(truth[problem]), "out of scope": len(excluded)}
    assert not mismatches, mismatches


@pytest.mark.parametrize("seed", INADEQUATE_SEEDS)
def test_inadequate_letter_lists_the_findings_under_adverse_headings(seed):
    """The focused visit letter (seed 001's headings) cites every planted
    failure as evidence under the heading of its theme: the areas for
    priority action when its theme is one (a critical rule below its floor
    or a cluster of serious failures), else what needs to improve; at most
    five thematic priority actions."""
    _, _, _, doc = audit("inadequate", seed)
    product = next(p for p in doc["framework"]["products"] if p["id"] == "focused-visit")
    heading = {s["content"]: s["heading"] for s in product["sections"] if s["content"] in ("priority_actions", "improvements")}
    sections = _letter_sections(reports.letter(doc, product="focused-visit"))
    assert set(heading.values()) <= set(sections), (heading, list(sections))
    in_priority = {x for e in doc["actions"]["priority"] for x in e["rules"]}
    assert 1 <= len(doc["actions"]["priority"]) <= 5
    for rid in RULE_FINDS:
        r = rules_by_id(doc)[rid]
        if r["category"] not in ADVERSE:
            continue
        own, other = ("priority_actions", "improvements") if rid in in_priority else ("improvements", "priority_actions")
        cited = f"; {rid})"
        assert cited in sections[heading[own]], (rid, r["category"], own)
        assert cited not in sections[heading[other]], (rid, other)
    assert "action plan" in reports.letter(doc, product="focused-visit")  # the closing asks for one when there are priority actions


# ------------------------------------------------------------------ adequate


def test_adequate_council_lands_between():
    docs = {
        "good": audit("good", GOOD_SEEDS[0])[3],
        "adequate": audit("adequate", ADEQUATE_SEED)[3],
        "inadequate": audit("inadequate", INADEQUATE_SEEDS[0])[3],
    }
    n_adverse = {p: len(adverse(d)) for p, d in docs.items()}
    n_priority = {p: len(priority(d)) for p, d in docs.items()}
    assert n_adverse["good"] < n_adverse["adequate"] < n_adverse["inadequate"], n_adverse
    assert n_priority["good"] < n_priority["adequate"] < n_priority["inadequate"], n_priority
    # The adequate council's overall grade is not between: EX-CP-SEEN-ALONE is
    # planted on 15% of open plans (and a plan with no visit yet counts
    # against it, `missing: fail`), so it sits at 80-86% against a critical
    # floor of 90% in every adequate council (seeds 1-40): a critical rule
    # below its floor is a priority action, and an area holding one is
    # inadequate (the ILACS descriptor: serious failures that leave
    # children at risk of harm).
    assert "EX-CP-SEEN-ALONE" in priority(docs["adequate"])
    assert docs["adequate"]["overall"]["grade"] == "inadequate"
    # ... but it reads like the seeds: a few thematic priority actions, not one per rule
    adequate = docs["adequate"]
    assert 1 <= len(adequate["actions"]["priority"]) <= 5
    letter = reports.letter(adequate, product="focused-visit")
    section = _letter_sections(letter)["Areas for priority action"]
    assert len([ln for ln in section.splitlines() if ln.startswith("- ")]) == len(adequate["actions"]["priority"])
    # no strength (nor any category) drawn from an indicator
    assert not [r["id"] for r in adequate["rules"] if r.get("kind") == "indicator" and r["category"]]
