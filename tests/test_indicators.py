"""Indicator rules (issue 15): a population rate reported against its cited
benchmarks, never failed case by case in the compliance counts, never a
strength; and the pack settings around them (kind, benchmarks by override).
"""

from __future__ import annotations

from datetime import date

import pytest

from checker.data.load import load_records
from checker.engine.outcomes import judge_all
from checker.errors import CasecheckError
from checker.model import Context
from checker.packs.pack import load_pack
from checker.report.indicators import band, indicator_result
from checker.report.result import RuleResult, RunResult
from checker.report.terminal import terminal

AS_AT = date(2025, 3, 31)
SOURCE = "https://explore-education-statistics.service.gov.uk/find-statistics/children-in-need-a-focus-on-re-referrals"


def run(pack, tables: dict, as_at: date = AS_AT) -> RunResult:
    loaded = load_records(pack.schema, tables, "inline")
    assert not loaded.rejections and not loaded.diagnostics.errors
    ctx = Context(loaded.dataset, pack.calendar, as_at, pack.params)
    result = RunResult(pack, as_at, "inline", loaded)
    for rule in pack.rules:
        result.rules.append(RuleResult(rule, judge_all(rule, ctx)))
    return result


def referrals(n_children: int, rereferred: int, first: str = "2023-01-10") -> dict:
    """n_children children with a referral in the year; the first `rereferred` of them
    also had one 3 months before it (a re-referral)."""
    children, refs = [], []
    for i in range(n_children):
        cid = f"C{i:03d}"
        children.append({"child_id": cid})
        refs.append({"referral_id": f"R{i:03d}", "child_id": cid, "date": "2024-10-07"})
        if i < rereferred:
            refs.append({"referral_id": f"Q{i:03d}", "child_id": cid, "date": "2024-07-08"})
    refs.append({"referral_id": "R999", "child_id": "C000", "date": first})  # where the data starts
    return {"children": children, "referrals": refs}


@pytest.fixture(scope="module")
def front_door(tmp_path_factory):
    return pack_with(tmp_path_factory.mktemp("fd"), "")


def pack_with(path, overrides: str):
    (path / "pack.yaml").write_text(
        "casecheck: 1\nname: t\ntitle: T\nschema: csc\nframework: ilacs\n"
        "areas: {help-and-protection: Help and protection}\n"
        "library: [front-door]\n" + overrides
    )
    return load_pack(path)


def rule_doc(result: RunResult, rid: str) -> dict:
    return next(r for r in result.to_dict()["rules"] if r["id"] == rid)


def test_kind_is_read_and_defaults_to_compliance():
    p = load_pack("ilacs")
    kinds = {r.id: r.kind for r in p.rules}
    assert kinds["ASSESS-45WD"] == "compliance"
    for rid in ("REREFERRAL-12M", "CP-REPEAT-PLAN", "CP-REPEAT-PLAN-2Y", "LAC-PLACEMENT-STABILITY", "CL-IN-TOUCH", "CL-EET"):
        assert kinds[rid] == "indicator", rid
        assert p.rule(rid).indicator["direction"] in ("lower", "higher")


def test_band_is_relative_to_the_benchmark_and_the_direction():
    assert band(0.20, 0.26, 0.224, "lower") == "similar"
    assert band(0.30, 0.36, 0.224, "lower") == "worse"
    assert band(0.10, 0.15, 0.224, "lower") == "better"
    assert band(0.30, 0.36, 0.224, "higher") == "better"
    assert band(0.10, 0.15, 0.224, "higher") == "worse"


def test_rereferrals_are_a_rate_against_englands_cited_figure(front_door):
    result = run(front_door, referrals(200, 90))
    d = rule_doc(result, "REREFERRAL-12M")
    ind = d["indicator"]
    assert d["kind"] == "indicator"
    assert (ind["count"], ind["denominator"], ind["rate"]) == (90, 290, round(90 / 290, 4))
    (eng,) = ind["benchmarks"]
    assert (eng["against"], eng["value"], eng["year"], eng["source"]) == ("england", 0.224, "2023-24", SOURCE)
    assert ind["compared_with"] == "england" and ind["band"] == "worse" == eng["band"]
    assert ind["text"].startswith(f"rate 31.0% (England 22.4%, 2023-24, {SOURCE}): worse than England")
    # Never a finding category (so never a strength), and its records are not in the compliance counts.
    assert d["category"] is None and d["category_label"] is None
    doc = result.to_dict()
    assert doc["summary"]["indicators"] == 1
    compliance = [r for r in result.rules if r.rule.kind == "compliance"]
    assert doc["summary"]["rules"] == len(compliance)
    assert doc["summary"]["fail"] == sum(r.counts["fail"] for r in compliance)


def test_an_indicator_with_no_failures_is_not_a_strength(front_door):
    d = rule_doc(run(front_door, referrals(60, 0)), "REREFERRAL-12M")
    assert d["indicator"]["rate"] == 0 and d["indicator"]["band"] == "better"
    assert d["category"] is None
    assert "not re-referred" not in d["narrative"] and "Strength" not in d["narrative"]


def test_a_window_shorter_than_the_look_back_is_said(front_door):
    short = rule_doc(run(front_door, referrals(20, 5, first="2024-07-08")), "REREFERRAL-12M")
    assert "earliest referrals.date is 2024-07-08" in short["indicator"]["window"]
    assert "back to 2023-04-01" in short["indicator"]["window"]
    full = rule_doc(run(front_door, referrals(20, 5, first="2023-03-31")), "REREFERRAL-12M")
    assert full["indicator"]["window"] is None


def test_no_benchmark_set_says_so():
    p = load_pack("ilacs")
    rr = RuleResult(p.rule("CP-REPEAT-PLAN"), [])
    ind = indicator_result(rr)
    assert ind["benchmarks"] == [] and ind["band"] is None
    assert "no benchmark set" in ind["text"]


def test_a_council_sets_statistical_neighbours_and_a_newer_england_figure(tmp_path):
    p = pack_with(tmp_path, """overrides:
  REREFERRAL-12M:
    benchmarks:
      - {against: statistical-neighbours, value: 0.30, year: "2023-24", population: "our ten neighbours' referrals", source: https://example.org/sn}
""")
    ind = rule_doc(run(p, referrals(200, 90)), "REREFERRAL-12M")["indicator"]
    assert [b["against"] for b in ind["benchmarks"]] == ["england", "statistical-neighbours"]
    assert ind["compared_with"] == "statistical-neighbours" and ind["band"] == "similar"
    assert "statistical neighbours 30.0%, 2023-24, https://example.org/sn" in ind["text"]

    p2 = pack_with(tmp_path, """overrides:
  REREFERRAL-12M:
    benchmarks:
      - {against: england, value: 0.21, year: "2024-25", population: referrals, source: https://example.org/e}
""")
    (eng,) = rule_doc(run(p2, referrals(20, 2)), "REREFERRAL-12M")["indicator"]["benchmarks"]
    assert (eng["value"], eng["year"]) == (0.21, "2024-25")


def test_benchmarks_on_a_compliance_rule_are_an_error(tmp_path):
    with pytest.raises(CasecheckError, match="not an indicator"):
        pack_with(tmp_path, """overrides:
  REFERRAL-DECISION-1WD:
    benchmarks:
      - {against: england, value: 0.9, year: "2024", population: x, source: https://example.org}
""")


def test_renderers_show_the_benchmark_or_that_none_is_set(front_door):
    from checker.report.documents import html

    result = run(front_door, referrals(50, 10))
    doc = result.to_dict()
    text = terminal(result, doc)
    assert "Indicators (rates benchmarked, not failed case by case):" in text
    assert f"REREFERRAL-12M re-referrals within 12 months of a previous referral: rate 16.7% (England 22.4%, 2023-24, {SOURCE})" in text
    table = text.split("Indicators")[0]
    assert "REREFERRAL-12M" not in table  # not in the compliance table
    page = html(doc)
    assert "England 22.4%, 2023-24" in page and "Indicator" in page


def test_scope_fixes_severity_and_citations():
    for name in ("ilacs", "slac-2011", "cra-2010"):
        p = load_pack(name)
        assert p.rule("REFERRAL-NFA-SEEN").severity != "critical", name
        docs = " ".join(g["document"] for g in p.rule("CONTACT-DECISION-1WD").guidance)
        assert "Local" in docs and "local-standard" in p.rule("CONTACT-DECISION-1WD").tags


def test_no_baby_fails_seen_alone_on_a_generated_council():
    """Babies on plans are generated (never seen alone); none fails CP-SEEN-ALONE, while
    older children's failures are still found."""
    from checker.tools.generate import generate
    from checker.workdays import age_on

    council = generate(600, seed=3, profile="inadequate")
    p = load_pack("ilacs")
    result = run(p, council.tables, council.as_at)
    rr = next(r for r in result.rules if r.rule.id == "CP-SEEN-ALONE")
    kids = {c["child_id"]: c for c in council.tables["children"]}
    plans = {pl["plan_id"]: pl for pl in council.tables["cp_plans"]}
    open_plans = [pl for pl in plans.values() if pl["end_date"] is None]
    babies = [pl for pl in open_plans if kids[pl["child_id"]]["date_of_birth"] is None
              or age_on(kids[pl["child_id"]]["date_of_birth"], council.as_at) < 4]
    assert babies, "the generator puts babies on plans"
    failed = [o.key for o in rr.outcomes if o.outcome == "fail"]
    assert failed
    for key in failed:
        dob = kids[plans[key]["child_id"]]["date_of_birth"]
        assert dob is not None and age_on(dob, council.as_at) >= 4, key
