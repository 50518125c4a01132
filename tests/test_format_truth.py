"""The built-in pack finds what the generator planted on the real formats too.

One generated council is written as an Annex A workbook, a CIN census return
and an SSDA903 folder, read back, and ``ilacs`` is judged on each as a run
does (the format's variant of a rule where it has one, and only the rules the
format can judge: ``engine/availability``). For every rule judged on a
format, the records the format decided (passed or failed, not the records
turning on what the format lacks) must fail exactly when the answer key
says so:

* a rule that detects a planted problem (``test_pack_truth.RULE_FINDS``)
  against the generator's truth (``compute_truth``), less the records the
  rule does not judge by design (``test_pack_truth.out_of_scope``);
* any other rule (re-referrals, placement stability, care leavers in touch,
  changes of social worker...) against the same rule judged on the native
  tables, which ``test_pack_truth`` holds to the generator.

Records are matched across formats by what the formats keep of them, the
child and the record's date (a return has its own keys): a referral by its
date, an assessment, plan, enquiry or period of care by its start (an
enquiry's list 5 date is that of its strategy discussion, so either matches),
a child or care leaver by the child.

A variant that judges a summary rather than the events (Annex A's latest
review, latest health assessment, the named worker of open cases) means
something else than the library rule, so it is left to its fixture tests
(``tests/test_format_variants.py``) and listed in ``OWN_MEANING``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from checker.data.load import load_data, load_records
from checker.data.readers import writer
from checker.engine.availability import for_format, not_judged, unavailable
from checker.engine.outcomes import judge_all
from checker.model import FAIL, PASS, Context
from checker.packs.pack import load_pack
from checker.tools.generate import compute_truth, generate
from tests.test_pack_truth import RULE_FINDS, out_of_scope

AS_AT = dt.date(2025, 3, 31)
N, SEED, PROFILE = 400, 13, "inadequate"
FILES = {"annex-a": "annex_a.xlsx", "cin-xml": "census.xml", "ssda903": "ssda903"}
#: (format, rule) whose variant judges a summary, meaning something other than the library rule
OWN_MEANING = {
    ("annex-a", "CP-REVIEW-TIMELY"), ("annex-a", "LAC-REVIEW-TIMELY"), ("annex-a", "LAC-IHA-20WD"),
    ("annex-a", "UNALLOCATED-CASES"),
}
#: the date that places a record of each subject table in time; children and care leavers are the child
DATE_OF = {"referrals": "date", "assessments": "start_date", "s47_enquiries": "start_date", "cp_plans": "start_date",
           "care_periods": "start_date", "lac_reviews": "date", "contacts": "date", "strategy_discussions": "date",
           "cin_plans": "start_date", "case_allocations": "start_date", "missing_episodes": "start_date"}


@cache
def ilacs():
    return load_pack("ilacs")


@cache
def council():
    return generate(N, SEED, PROFILE, AS_AT)


@cache
def native():
    """{rule: {key: outcome}} and the dataset, for the council's own tables."""
    p, c = ilacs(), council()
    loaded = load_records(p.schema, c.tables, "generated council")
    ctx = Context(loaded.dataset, p.calendar, AS_AT, p.params)
    return {r.id: {o.key: o.outcome for o in judge_all(r, ctx)} for r in p.rules}, loaded.dataset


@cache
def on_format(fmt: str, folder: str):
    """{rule: {key: (outcome, carried)}} for the rules the format judges, and the dataset."""
    p, c = ilacs(), council()
    path = Path(folder) / FILES[fmt]
    writer(fmt)(c.tables, p.schema, path, AS_AT)
    loaded = load_data(path, p.schema, fmt, AS_AT)
    assert not loaded.diagnostics.errors, [d.render() for d in loaded.diagnostics.errors][:3]
    ctx = Context(loaded.dataset, p.calendar, AS_AT, p.params)
    judged = {}
    for rule in p.rules:
        variant, why = for_format(rule, loaded.format)
        if why or unavailable(variant, loaded, p.schema, summary=variant is not rule):
            continue
        outcomes = judge_all(variant, ctx)
        if not_judged(outcomes):
            continue
        judged[rule.id] = ({o.key: (o.outcome, o.carried) for o in outcomes}, variant is not rule)
    return judged, loaded.dataset


def natural(dataset, table: str, key) -> set[tuple]:
    """What the formats keep of a record: (child,) or (child, date); an enquiry also by its strategy discussion."""
    row = dataset.lookup(table, dataset_key(dataset, table), key)
    if row is None:
        return set()
    v = row.values
    if table not in DATE_OF:
        return {(v["child_id"],)}
    out = {(v["child_id"], v[DATE_OF[table]])}
    if table == "s47_enquiries" and v.get("strategy_id"):
        sd = dataset.lookup("strategy_discussions", "strategy_id", v["strategy_id"])
        if sd is not None:
            out.add((v["child_id"], sd.values["date"]))
    return out


def dataset_key(dataset, table: str) -> str:
    return ilacs().schema.tables[table].key[0]


def expected_failures(rule_id: str) -> set:
    """The native keys that should fail: the answer key for a planted problem, else the native run."""
    p, c = ilacs(), council()
    if rule_id in RULE_FINDS:
        truth = compute_truth(c.tables, AS_AT, calendar=p.calendar)
        return set(truth[RULE_FINDS[rule_id]]) - out_of_scope(rule_id, c)
    return {k for k, o in native()[0][rule_id].items() if o == FAIL}


def disagreements(fmt: str, folder: str) -> dict:
    judged, fds = on_format(fmt, folder)
    _, nds = native()
    p = ilacs()
    wrong = {}
    for rid, (outcomes, is_variant) in judged.items():
        if (fmt, rid) in OWN_MEANING:
            continue
        table = p.rule(rid).subject
        decided = {k: o for k, (o, carried) in outcomes.items() if o in (PASS, FAIL)}
        failed_here: set[tuple] = set()
        decided_here: set[tuple] = set()
        for k, o in decided.items():
            nat = natural(fds, table, k)
            decided_here |= nat
            if o == FAIL:
                failed_here |= nat
        # a record the format makes that the council's tables do not hold (the census's strategy
        # discussion on the date of an enquiry that had none) has no answer to compare with
        known = set().union(*(natural(nds, table, r.values[dataset_key(nds, table)]) for r in nds.tables[table]))
        failed_here &= known
        failing = set()
        for k in expected_failures(rid):
            nat = natural(nds, table, k)
            if nat & decided_here:
                failing |= nat & decided_here
        if failed_here != failing:
            wrong[rid] = {"failed on the format, not in the key": sorted(map(str, failed_here - failing))[:5],
                          "in the key, not failed on the format": sorted(map(str, failing - failed_here))[:5]}
    return wrong


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("formats"))


@pytest.mark.parametrize("fmt", list(FILES))
def test_judged_rules_fail_what_was_planted(fmt, folder):
    assert disagreements(fmt, folder) == {}


@pytest.mark.parametrize("fmt, least", [("annex-a", 15), ("cin-xml", 6), ("ssda903", 9)])
def test_each_format_judges_and_fails_records(fmt, folder, least):
    """Not a vacuous match: each format judges many rules, and the planted problems fail on it."""
    judged, _ = on_format(fmt, folder)
    compared = [rid for rid in judged if (fmt, rid) not in OWN_MEANING]
    assert len(compared) >= least, sorted(compared)
    failing = [rid for rid in compared if any(o == FAIL for o, _ in judged[rid][0].values())]
    assert len(failing) >= least // 2, sorted(failing)


def test_planted_rereferrals_fail_on_every_format(tmp_path):
    """Re-referrals planted into the council (a second referral of a child 40 days after one in the
    year) fail REREFERRAL-12M on the native tables, on Annex A (its list 3 count) and on the census
    (across its CINdetails episodes), and nothing else does."""
    import copy

    p = ilacs()
    tables = copy.deepcopy(council().tables)
    recent = sorted((r for r in tables["referrals"] if AS_AT - dt.timedelta(days=200) <= r["date"] <= AS_AT - dt.timedelta(days=60)),
                    key=lambda r: r["referral_id"])[:6]
    assert len(recent) == 6
    planted = set()
    for i, r in enumerate(recent):
        again = dict(r, referral_id=f"RR{i}", date=r["date"] + dt.timedelta(days=40), closure_date=None, nfa=False)
        tables["referrals"].append(again)
        planted.add((r["child_id"], again["date"]))
    failing = {}
    for fmt in ("csv", "annex-a", "cin-xml"):
        path = tmp_path / {"csv": "csv", **FILES}[fmt]
        writer(fmt)(tables, p.schema, path, AS_AT)
        loaded = load_data(path, p.schema, fmt, AS_AT)
        assert not loaded.diagnostics.errors, fmt
        rule, why = for_format(p.rule("REREFERRAL-12M"), loaded.judged_as)
        assert not why and not unavailable(rule, loaded, p.schema, summary=rule is not p.rule("REREFERRAL-12M"))
        ctx = Context(loaded.dataset, p.calendar, AS_AT, p.params)
        failing[fmt] = set().union(*(natural(loaded.dataset, "referrals", o.key)
                                     for o in judge_all(rule, ctx) if o.outcome == FAIL))
    assert planted <= failing["csv"]
    assert failing["annex-a"] == failing["csv"] and failing["cin-xml"] == failing["csv"]
