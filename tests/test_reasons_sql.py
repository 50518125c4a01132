"""Reasons from the trace worded in SQL (engine/reasons_sql.py).

The engines' agreement on every reason is held by test_engine_agreement.py;
here: that the SQL wording is really used for the common shapes (else those
tests would pass with every reason still worded in Python), that shapes it
does not cover are left to Python, and that the words are the reference's on
a census with every kind of record.
"""

from __future__ import annotations

import datetime as _dt

import pytest

from checker.api import open_pack
from checker.engine.compile import Compiler
from checker.engine.reasons_sql import NotWorded, trace_reason
from checker.packs.pack import Rule

AS_AT = _dt.date(2025, 3, 31)


@pytest.fixture(scope="module")
def census():
    pack = open_pack("dfe-cin")
    compiler = Compiler(pack.schema, pack.calendar, AS_AT, pack.params)
    return pack, compiler


def _rule(pack, rule_id: str) -> Rule:
    return next(r for r in pack.rules if r.id == rule_id)


@pytest.mark.parametrize("rule_id, status", [
    ("8555Q", "not_applicable"),  # child.death_date is present and referral_date is present
    ("8869", "not_applicable"),  # some f in factors where f.code == "21": the item count in SQL
    ("2991Q", "fail"),  # count(assessments) > 0
    ("1103", "fail"),  # start_date >= cin.referral_date
])
def test_common_shapes_are_worded_in_the_query(census, rule_id, status):
    pack, compiler = census
    compiled = compiler.compile_rule(_rule(pack, rule_id))
    assert status in compiled.traced
    assert compiled.traced[status] in compiled.columns


def test_most_census_rules_word_their_not_applicable_reasons_in_sql(census):
    pack, compiler = census
    with_when = [r for r in pack.rules if r.when is not None and "not_applicable" not in r.reasons]
    traced = []
    for r in with_when:
        try:
            traced.append("not_applicable" in compiler.compile_rule(r).traced)
        except Exception:  # noqa: BLE001 - a rule the compiler does not take: judged by the reference
            traced.append(False)
    assert sum(traced) >= 0.6 * len(with_when)


def test_a_shape_explain_decides_record_by_record_is_left_to_python(census):
    """A false `every` names the item that failed: not worded in SQL."""
    pack, compiler = census
    rule = _rule(pack, "8540")  # expect: ... (every d in disabilities satisfies ...)
    with pytest.raises(NotWorded):
        trace_reason(compiler, rule.expect, False, {"": None})


def test_census_reasons_are_the_reference_s(tmp_path):
    """Every case of every dfe-cin rule on a generated census with planted
    problems: the DuckDB engine's reasons are the reference engine's."""
    from checker.api import run_pack
    from checker.tools.generate import generate, write_census

    xml = tmp_path / "cin.xml"
    write_census(generate(300, 2025, "adequate", AS_AT), xml, plant=True)
    docs = {e: run_pack("dfe-cin", xml, AS_AT, engine=e).document for e in ("duckdb", "reference")}
    for d in docs.values():
        d.pop("engine")
    assert docs["duckdb"] == docs["reference"]


# --- ilacs: every rule's reasons worded in the query (issue 21: no Python outcome at scale)

@pytest.fixture(scope="module")
def ilacs():
    pack = open_pack("ilacs")
    compiler = Compiler(pack.schema, pack.calendar, AS_AT, pack.params)
    return pack, compiler


@pytest.mark.parametrize("rule_id, status", [
    ("CP-REVIEW-TIMELY", "fail"),  # on_schedule(...) false: the deadline missed, in months
    ("LAC-REVIEW-TIMELY", "fail"),  # on_schedule(...) with 20 working days first
    ("SUPERVISION-INTERVAL", "fail"),  # on_schedule(...) from a `??` start
    ("LAC-PEP-TERMLY", "not_applicable"),  # a false `and` with `age(...) between 5 and 17`
    ("CL-PATHWAY-PLAN-6M", "not_applicable"),  # a false `and` ending `(...) ?? true`
])
def test_ilacs_trace_shapes_are_worded_in_the_query(ilacs, rule_id, status):
    pack, compiler = ilacs
    compiled = compiler.compile_rule(_rule(pack, rule_id))
    assert status in compiled.traced


@pytest.mark.parametrize("rule_id, status", [
    ("ALLOCATION-WAIT", "fail"),  # a duration parameter in the template
    ("STRATEGY-TIMELY", "pass"),
    ("S47-CORE-ASSESSMENT", "pass"),  # a list of dates in the template
    ("SW-CHANGES", "fail"),  # a list of worker IDs in the template
])
def test_ilacs_templates_are_worded_whole_in_the_query(ilacs, rule_id, status):
    pack, compiler = ilacs
    compiled = compiler.compile_rule(_rule(pack, rule_id))
    assert -1 in compiled.holes.get(status, {})


def test_ilacs_reasons_are_the_reference_s(tmp_path):
    """Every case of every ilacs rule on a generated council (poorly kept, so
    schedules are missed both by a late event and by none at all, and lists
    run past six items): the DuckDB engine's reasons are the reference's."""
    from checker.api import run_pack
    from checker.tools.generate import generate, write_csv

    write_csv(generate(400, 7, "inadequate", AS_AT), tmp_path / "council")
    docs = {e: run_pack("ilacs", tmp_path / "council", AS_AT, engine=e).document for e in ("duckdb", "reference")}
    for d in docs.values():
        d.pop("engine")
    reasons = [c.get("reason") or "" for r in docs["duckdb"]["rules"] for cs in (r.get("cases") or {}).values() for c in cs]
    assert any("held " in x for x in reasons) and any("none by " in x for x in reasons)
    assert any(", ... (" in x for x in reasons)
    assert docs["duckdb"] == docs["reference"]
