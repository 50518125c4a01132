"""Letters, themes and grading as framework data (issues 13 item 5, 15 items 2 and 4).

* A new framework is a YAML file and nothing else: one written here, with an
  id and words casecheck has never seen, gives its own letter.
* Priority actions are thematic: a critical rule below its floor, or a
  cluster of serious failures in one theme; a lone serious failure is
  something to improve; at most ``max`` of them; a pack choosing ``worst``
  gets one per rule.
* Indicators (``kind: indicator``, read as ``getattr(rule, "kind",
  "compliance")``) are never failed case by case, never a strength, never a
  priority action, and never pull a council whose compliance rules all pass
  below "requires improvement".
* The product comes from ``--product``, the pack's ``product``, or the
  framework's default; an unknown one is a clear error.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.api import run_pack
from checker.cli import cli
from checker.errors import CasecheckError
from checker.packs.framework import load_framework
from checker.packs.pack import load_pack
from checker.report import themes
from checker.report.grading import grade_areas
from checker.report.letter import letter

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "examples" / "pack"
COUNCIL = ROOT / "examples" / "council"
AS_AT = dt.date(2025, 3, 31)


def headings(text: str, level: int = 2) -> list[str]:
    return re.findall(rf"^{'#' * level} (.+)$", text, flags=re.MULTILINE)


# ------------------------------------------------------------------ a new framework is a YAML file

NEW_FRAMEWORK = """\
casecheck: 1
id: county-peer-review
title: County peer review of children's services
source:
  - document: A fictional peer review, for this test
description: A framework no code knows, with words of its own.
categories:
  - id: praised
    label: Praised
    default_min_rate: 0.9
    narrative_heading: What the reviewers praised
    positive: true
    summary_phrase: praise
    role: strength
    phrase: {a: a matter for praise, one: matter for praise, many: matters for praise}
  - id: to_watch
    label: To watch
    default_min_rate: 0.7
    narrative_heading: To watch
    positive: false
    summary_phrase: matters to watch
    role: improve
    phrase: {a: a matter to watch, one: matter to watch, many: matters to watch}
  - id: urgent
    label: Urgent
    narrative_heading: Urgent
    positive: false
    summary_phrase: urgent matters
    role: priority
    phrase: {a: an urgent matter, one: urgent matter, many: urgent matters}
priority_category: urgent
critical_floor: 0.9
min_denominator: 5
grades:
  - {id: strong, label: Strong, number: 1}
  - {id: fragile, label: Fragile, number: 2}
grading:
  policy: descriptors
  weights: {praised: 2, to_watch: 1, urgent: 0}
  severity_weights: {critical: 3, major: 2, minor: 1}
  cutoffs:
    - {grade: strong, min_score: 1.5}
    - {grade: fragile}
  priority_grade: fragile
overall:
  policy: worst
judgement_areas:
  - id: practice
    title: Practice with children
    aliases: [help-and-protection, children-in-care, care-leavers, leadership]
  - id: overall-view
    title: The reviewers' overall view
    graded_from: overall
themes:
  - id: seeing
    title: Seeing children
    tags: [voice-of-the-child, visits]
  - id: timeliness
    title: Doing things on time
    tags: [timeliness]
priority_actions: {from: themes, cluster: 2, max: 3}
rate_words:
  - {min_rate: 0.9, words: nearly every one of the}
  - {min_rate: 0.5, words: many of the}
  - {words: few of the}
wording:
  met: "Reviewers found that in {words} {cases} ({pass} of {denominator}, {rate}), {title}."
  met_all: "Reviewers found that in every one of the {denominator} {cases}, {title}."
  short: "Reviewers found that in {words} {cases} ({pass} of {denominator}, {rate}), {title}, and want more."
  expectation: "{title} [{id}: {pass}/{denominator}]"
  point: "{theme} -- {expectations}"
default_product: summary
products:
  - id: summary
    title: Peer review summary
    graded: true
    sections:
      - id: grades
        heading: How the reviewers graded it
        content: judgements
      - id: opening
        heading: In brief
        content: headline
      - id: urgent
        heading: Urgent matters
        content: priority_actions
      - id: watch
        heading: Matters to watch
        content: improvements
        categories: [to_watch]
      - id: praise
        heading: What the reviewers praised
        content: findings
        categories: [praised]
    closing:
      priority: The partnership will revisit the urgent matters in three months.
      otherwise: The partnership will meet again next year.
  - id: note
    title: A short note
    graded: false
    sections:
      - id: opening
        heading: Note
        content: headline
"""


def _pack_with_framework(tmp_path: Path, framework_text: str | None = None, extra: str = "") -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    p = pack / "pack.yaml"
    text = p.read_text(encoding="utf-8")
    if framework_text is not None:  # inside the pack folder, as a pack's framework path must be
        (pack / "peer.yaml").write_text(framework_text, encoding="utf-8")
        text = text.replace("framework: ilacs", "framework: peer.yaml")
        # EX-ASSESS-45WD's own thresholds name the new framework's categories
        a = pack / "rules" / "assessment.yaml"
        a.write_text(a.read_text(encoding="utf-8").replace(
            "{meets_expectations: 0.9, area_for_improvement: 0.75}", "{praised: 0.9, to_watch: 0.75}"), encoding="utf-8")
    p.write_text(text + extra, encoding="utf-8")
    return pack


def test_a_new_framework_is_a_yaml_file_and_nothing_else(tmp_path):
    pack = _pack_with_framework(tmp_path, NEW_FRAMEWORK)
    doc = run_pack(str(pack), COUNCIL, AS_AT).document
    assert doc["framework"]["id"] == "county-peer-review" and doc["framework"]["product"] == "summary"
    text = letter(doc)
    assert headings(text)[:2] == ["How the reviewers graded it", "In brief"]
    assert {"Urgent matters", "Matters to watch", "What the reviewers praised"} & set(headings(text))
    assert "| **The reviewers' overall view** |" in text
    # the framework's own words for rates, sentences and points; nothing of ILACS
    assert "Reviewers found that in nearly every one of the cases" in text or "Reviewers found that in every one of the" in text
    assert "ILACS" not in text and "priority action" not in text and "What needs to improve" not in text
    assert re.search(r"^- (Seeing children|Doing things on time) -- ", text, flags=re.MULTILINE)
    assert "\nThe partnership will revisit the urgent matters in three months.\n" in text or \
        "\nThe partnership will meet again next year.\n" in text
    # its other product, ungraded
    note = letter(doc, product="note")
    assert headings(note)[0] == "Note" and "Strong" not in note and "Fragile" not in note


def test_a_new_framework_names_its_products_in_errors(tmp_path):
    bad = NEW_FRAMEWORK.replace("default_product: summary", "default_product: sumary")
    pack = _pack_with_framework(tmp_path, bad)
    with pytest.raises(CasecheckError) as exc:
        load_framework(pack / "peer.yaml")
    d = exc.value.diagnostics[0]
    assert "default product `sumary`" in d.message and d.location.line is not None
    assert "summary" in (d.suggestion or "")
    del pack


def test_rate_bands_go_best_first(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(NEW_FRAMEWORK.replace("- {min_rate: 0.5, words: many of the}", "- {min_rate: 0.95, words: many of the}"),
                    encoding="utf-8")
    with pytest.raises(CasecheckError, match="rate bands go best first"):
        load_framework(path)


def test_the_pack_chooses_the_product_and_an_unknown_one_is_placed(tmp_path):
    pack = _pack_with_framework(tmp_path, None, "\nproduct: focused-visit\n")
    doc = run_pack(str(pack), COUNCIL, AS_AT).document
    assert doc["framework"]["product"] == "focused-visit"
    assert "## Areas for priority action" in letter(doc) and "| Judgement |" not in letter(doc)
    bad = _pack_with_framework(tmp_path / "b", None, "\nproduct: focussed-visit\n")
    with pytest.raises(CasecheckError) as exc:
        load_pack(bad)
    d = exc.value.diagnostics[0]
    assert "no product `focussed-visit`" in d.message and d.location.file.endswith("pack.yaml") and d.location.line
    assert "focused-visit" in (d.suggestion or "")


def test_cli_product_option():
    runner = CliRunner()
    args = ["run", str(PACK), "--data", str(COUNCIL), "--as-at", "2025-03-31", "--format", "letter", "-q"]
    fv = runner.invoke(cli, args + ["--product", "focused-visit"])
    assert "## What needs to improve in this area of social work practice" in fv.output and "| Judgement |" not in fv.output
    graded = runner.invoke(cli, args)
    assert "| Judgement | Grade |" in graded.output and "## What needs to improve?" in graded.output
    bad = runner.invoke(cli, args + ["--product", "focussed-visit"])
    assert bad.exit_code == 2 and "no product `focussed-visit`" in bad.output and "focused-visit" in bad.output
    wrong = runner.invoke(cli, ["run", str(PACK), "--data", str(COUNCIL), "--as-at", "2025-03-31", "--product", "inspection"])
    assert wrong.exit_code == 2 and "needs --format letter" in wrong.output


# ------------------------------------------------------------------ themes

ILACS = load_framework("ilacs").summary()


def f(rid, category, *, tags=(), severity="major", rate=0.5, floor=None, area="help-and-protection", kind="compliance"):
    return {"id": rid, "area": area, "tags": list(tags), "severity": severity, "category": category, "rate": rate,
            "title": f"Rule {rid} holds", "kind": kind, "category_label": category, "why": "",
            "thresholds": {"critical_floor": floor} if floor is not None else {}}


PRIO, IMPROVE = "area_for_priority_action", "area_for_improvement"


def test_a_lone_serious_failure_is_something_to_improve():
    findings = [f("A", PRIO, tags=["assessment"]), f("B", "strength", tags=["assessment"], rate=1.0)]
    out = themes.group(findings, ILACS, settle=True)
    assert out["priority"] == [] and [e["id"] for e in out["improve"]] == ["assessment"]
    assert findings[0]["category"] == IMPROVE and "not a critical rule below its floor nor a cluster" in findings[0]["why"]


def test_a_cluster_of_serious_failures_in_one_theme_is_a_priority_action():
    findings = [f("A", PRIO, tags=["assessment"]), f("B", PRIO, tags=["assessment"], rate=0.4),
                f("C", IMPROVE, tags=["assessment"], rate=0.7), f("D", PRIO, tags=["front-door"])]
    out = themes.group(findings, ILACS, settle=True)
    assert [(e["id"], e["rules"]) for e in out["priority"]] == [("assessment", ["B", "A", "C"])]
    assert out["priority"][0]["serious"] == ["A", "B"] and "2 serious failures" in out["priority"][0]["why"]
    assert [e["id"] for e in out["improve"]] == ["front-door"] and findings[3]["category"] == IMPROVE


def test_a_critical_rule_below_its_floor_is_a_priority_action_on_its_own():
    findings = [f("A", PRIO, tags=["visits"], severity="critical", rate=0.85, floor=0.9)]
    out = themes.group(findings, ILACS, settle=True)
    assert [e["id"] for e in out["priority"]] == ["seeing-children"] and out["priority"][0]["critical"] == ["A"]


def test_at_most_max_priority_actions_the_most_serious_kept():
    tags = ["front-door", "assessment", "child-protection", "children-in-care", "care-leavers", "workforce", "audit"]
    findings = [f(f"{t}-{i}", PRIO, tags=[t], rate=0.1 * (j + 1) + 0.01 * i) for j, t in enumerate(tags) for i in range(2)]
    out = themes.group(findings, ILACS, settle=True)
    assert len(out["priority"]) == 5
    assert [e["id"] for e in out["priority"]] == ["front-door", "assessment", "child-protection", "children-in-care", "care-leavers"]
    dropped = [e for e in out["improve"] if e["serious"]]
    assert {e["id"] for e in dropped} == {"workforce", "recording"}
    assert all("at most 5 priority actions" in e["why"] for e in dropped)


def test_worst_gives_one_priority_action_per_rule():
    findings = [f("A", PRIO, tags=["assessment"]), f("B", IMPROVE, tags=["assessment"], rate=0.7)]
    out = themes.group(findings, ILACS, "rules", settle=True)
    assert [(e["id"], e["rules"]) for e in out["priority"]] == [("A", ["A"])]
    assert [e["id"] for e in out["improve"]] == ["B"] and findings[0]["category"] == PRIO


def test_indicators_never_set_a_priority_action_nor_a_point_to_improve():
    findings = [f("I1", PRIO, tags=["assessment"], kind="indicator"), f("I2", PRIO, tags=["assessment"], kind="indicator",
                                                                         severity="critical", floor=0.9)]
    out = themes.group(findings, ILACS, settle=True)
    assert out == {"from": "themes", "priority": [], "improve": []}


# ------------------------------------------------------------------ indicators and grades

categories = st.sampled_from(["strength", "meets_expectations", IMPROVE, PRIO, None])


@settings(max_examples=150, deadline=None)
@given(compliance=st.lists(st.tuples(st.sampled_from(["strength", "meets_expectations"]),
                                     st.sampled_from(["critical", "major", "minor"])), min_size=1, max_size=8),
       indicators=st.lists(categories, min_size=1, max_size=6),
       policy=st.sampled_from([None, {"policy": "descriptors"}]))
def test_indicators_alone_never_pull_a_passing_council_below_requires_improvement(compliance, indicators, policy):
    fw = load_framework("ilacs")
    rules = [{**f(f"C{i}", c, severity=s), "kind": "compliance"} for i, (c, s) in enumerate(compliance)]
    rules += [{**f(f"I{i}", c, kind="indicator")} for i, c in enumerate(indicators)]
    areas = grade_areas(rules, fw, {}, policy)
    for a in areas:
        if a["grade"]:
            assert fw.grade_rank(a["grade"]) <= fw.grade_rank("requires_improvement"), a


@pytest.fixture(scope="module")
def with_indicators():
    """The example pack with its population rates as indicators (a stub of
    the rule kind the issue-15 rules work adds): the failing rules that are
    rates to benchmark are marked ``kind: indicator`` on the loaded rules."""
    pack = load_pack(PACK)
    marked = []
    for rule in pack.rules:
        if rule.id in ("EX-CONTACT-DECISION-1WD", "EX-UNALLOCATED-CASES", "EX-CASELOAD-LIMIT", "EX-AUDIT-VIEWS-RECORDED"):
            rule.kind = "indicator"
            marked.append(rule.id)
    assert len(marked) == 4, marked
    return run_pack(pack, COUNCIL, AS_AT).document, marked


def test_indicators_are_never_judged_case_by_case_nor_a_strength(with_indicators):
    doc, marked = with_indicators
    rules = {r["id"]: r for r in doc["rules"]}
    for rid in marked:
        r = rules[rid]
        assert r["kind"] == "indicator" and r["category"] is None, r
        assert "not graded case by case" in r["why"]
        assert all(rid not in e["rules"] for e in doc["actions"]["priority"] + doc["actions"]["improve"])
        assert all(rid not in (a.get("by_category") or {}).get("strength", []) for a in doc["areas"])
    assert rules["EX-CASELOAD-LIMIT"]["rate"] == 1  # every case passed, and still no strength
    text = letter(doc, product="focused-visit")
    indicators = text.split("## Indicators")[1].split("\n## ")[0]
    assert all(rules[rid]["title"] in indicators for rid in marked)
    assert "not met" not in indicators and "was met" not in indicators
    findings = text.split("## Findings")[1].split("\n## ")[0]
    assert "social workers' caseloads are within the local limit" not in findings
    assert "Not judged" not in text or "caseloads" not in text.split("## Not judged")[1]


def test_a_council_whose_compliance_rules_all_pass_is_at_least_requires_improvement(tmp_path):
    """End to end: every rule of the example pack that is not met in every
    case is made an indicator; what is left all passes, and the grades
    stand on it alone."""
    pack = load_pack(PACK)
    doc = run_pack(pack, COUNCIL, AS_AT).document
    failing = {r["id"] for r in doc["rules"] if r["rate"] is not None and r["rate"] < 1}
    pack = load_pack(PACK)
    for rule in pack.rules:
        if rule.id in failing:
            rule.kind = "indicator"
    doc = run_pack(pack, COUNCIL, AS_AT).document
    fw = load_framework("ilacs")
    assert doc["actions"]["priority"] == [] and doc["actions"]["improve"] == []
    graded = [a for a in doc["areas"] if a.get("grade")]
    assert graded and all(fw.grade_rank(a["grade"]) <= fw.grade_rank("requires_improvement") for a in graded), graded
    assert doc["overall"]["grade"] in ("outstanding", "good", "requires_improvement")


def test_a_pack_may_still_choose_worst(tmp_path):
    """`grading: {policy: worst}`: the area takes its worst rule's grade and
    every rule in the priority category is a priority action of its own."""
    default = run_pack(str(PACK), COUNCIL, AS_AT).document
    pack = _pack_with_framework(tmp_path, None, "\ngrading: {policy: worst}\n")
    doc = run_pack(str(pack), COUNCIL, AS_AT).document
    assert doc["actions"]["from"] == "rules" and default["actions"]["from"] == "themes"
    prio = doc["framework"]["priority_category"]
    assert [e["id"] for e in doc["actions"]["priority"]] == \
        [r["id"] for r in sorted((r for r in doc["rules"] if r["category"] == prio), key=lambda r: (r["rate"], r["id"]))]
    by_id = {a["id"]: a for a in doc["areas"]}
    assert by_id["leadership"]["policy"] == "worst" and by_id["leadership"]["why"].startswith("the worst category among")
    text = letter(doc, product="focused-visit")
    bullets = [ln for ln in text.split("## Areas for priority action")[1].split("\n## ")[0].splitlines() if ln.startswith("- ")]
    assert len(bullets) == len(doc["actions"]["priority"])


# ------------------------------------------------------------------ the data-quality framework's letter


def test_the_data_quality_letter_has_its_golden(tmp_path):
    """The fourth framework (``data-quality``, the DfE validation packs): its letter
    for a census with planted problems, against a golden file like the others'."""
    from test_reports import check_golden

    from checker.report.documents import letter as render_letter
    from checker.tools.generate import generate, write_census

    xml = tmp_path / "census.xml"
    write_census(generate(60, 5, "adequate", AS_AT), xml, plant=True)
    doc = run_pack("dfe-cin", str(xml), AS_AT, record_history=False).document
    doc["data"]["path"] = "census.xml"  # the letter names the data; not the test's temporary folder
    text = render_letter(doc)
    assert "Data quality" in text or "data quality" in text
    check_golden("letter-data-quality.md", text)
