"""One bad value never stops the run: a date in a record outside the calendar
casecheck holds (1990-2060) makes that record ``not_evidenced``, with the value
named in its reason, on both engines; the run finishes and reports. A date the
rule's own arithmetic moves out of range is still the rule's error
(tests/test_engine_agreement_regressions.py: ``opened + 3000000 days``)."""

from __future__ import annotations

import datetime as _dt
import json

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.engine.outcomes import RuleEvaluationError, judge_all
from checker.model import FAIL, NOT_EVIDENCED, PASS

AS_AT = _dt.date(2025, 3, 31)

CHILD = """<Child><ChildIdentifiers><LAchildID>{id}</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>F</Sex>
</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
<CINdetails><CINreferralDate>{referral}</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
<Assessments><AssessmentActualStartDate>{referral}</AssessmentActualStartDate></Assessments>
<Section47><S47ActualStartDate>{referral}</S47ActualStartDate><ICPCnotRequired>false</ICPCnotRequired></Section47>
<ReferralNFA>true</ReferralNFA></CINdetails></Child>"""

CENSUS = """<?xml version="1.0" encoding="utf-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year>
<ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails><Source><LEA>999</LEA></Source></Header>
<Children>{children}</Children></Message>"""


@pytest.fixture(scope="module")
def census(tmp_path_factory):
    path = tmp_path_factory.mktemp("bad") / "census.xml"
    path.write_text(CENSUS.format(children="".join(
        CHILD.format(id=i, referral=r) for i, r in (("A1", "1880-10-26"), ("A2", "9999-12-31"), ("A3", "2023-10-26")))))
    return path


PACK = """casecheck: 1
name: far-dates
title: Working days from the referral
version: "1"
schema: cin-census
include: [rules/*.yaml]
"""
RULES = """rules:
- id: WD1
  title: Referred more than 10 working days before the reference date
  area: episodes
  subject: cin_details
  when: referral_date is present
  expect: working_days_between(referral_date, as_at) > 10
  severity: minor
"""


def _run(args):
    res = CliRunner().invoke(cli, ["run", *args, "--as-at", AS_AT.isoformat(), "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    return {r["id"]: r for r in json.loads(res.stdout)["rules"]}


@pytest.mark.parametrize("engine", ["reference", "duckdb"])
def test_dates_outside_the_calendar_are_the_records_not_the_runs(census, tmp_path, engine):
    """A census return with referral dates 1880-10-26 and 9999-12-31: a rule counting working
    days from the referral date judges the good episode, and the other two are not evidenced
    with the date named; the run finishes and reports (exit 0 or 1, never 2)."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "pack.yaml").write_text(PACK)
    (tmp_path / "rules" / "wd.yaml").write_text(RULES)
    rule = _run([str(tmp_path), "--data", str(census), "--engine", engine])["WD1"]
    ne = {c["id"]: c["reason"] for c in rule["cases"]["not_evidenced"]}
    assert ne == {
        "A1#1/1": "referral date 1880-10-26 is outside the calendar casecheck holds (1990-01-01 to 2060-12-31)",
        "A2#2/1": "referral date 9999-12-31 is outside the calendar casecheck holds (1990-01-01 to 2060-12-31)",
    }
    assert rule["counts"]["pass"] == 1  # A3, referred 2023-10-26


@pytest.mark.parametrize("engine", ["reference", "duckdb"])
def test_the_dfe_8569Q_test_date_runs_and_is_judged(census, engine):
    """The DfE's own 8569Q test has a referral on 1880-10-26 marked no further action: flagged
    (it is before the census year whatever the calendar says); 9999-12-31 is after the year's
    start, so not applicable; the whole pack runs (exit 1: the return has errors)."""
    rules = _run(["dfe-cin", "--data", str(census), "--engine", engine])
    rule = rules["8569Q"]
    assert [c["id"] for c in rule["cases"]["fail"]] == ["A1#1/1", "A3#3/1"]
    assert rule["counts"]["not_evidenced"] == 0 and rule["counts"]["not_applicable"] == 1
    # 8670Q compares the start date with as_at less 45 working days (counted from as_at), so
    # far dates need no calendar there either: 1880 fails, 9999 passes
    rule = rules["8670Q"]
    assert [c["id"] for c in rule["cases"]["fail"]] == ["A1#1/1/A1", "A3#3/1/A1"]
    assert rule["counts"]["pass"] == 1 and rule["counts"]["not_evidenced"] == 0


D = _dt.date.fromisoformat


def _both(expect: str, opened):
    """(key, outcome, reason) of the one case from the reference engine and the SQL engine."""
    from strategies import Data, RuleSpec

    from checker.engine.sql import SqlEngine

    ctx = Data({"cases": [{"case_id": "C1", "opened": opened}]}, AS_AT, "default", {}).context()
    rule = RuleSpec("cases", expect).build()
    ref = [(o.key, o.outcome, o.reason) for o in judge_all(rule, ctx)]
    from strategies import SCHEMA

    engine = SqlEngine(SCHEMA, ctx)
    try:
        sql = [(o.key, o.outcome, o.reason) for o in engine.judge_all(rule)]
    finally:
        engine.close()
    return ref, sql


@pytest.mark.parametrize("expect,opened,reason", [
    ("working_days_between(opened, as_at) > 3", D("1880-10-26"), "opened 1880-10-26"),
    ("working_days_between(opened, as_at) > 3", D("9999-12-31"), "opened 9999-12-31"),
    ("opened + 10 working days < as_at", D("1989-12-31"), "opened 1989-12-31"),
    ("opened + 1 day < as_at", D("9999-12-31"), "opened 9999-12-31"),
    ("opened within 5 working days before as_at", D("2061-01-01"), "opened 2061-01-01"),
])
def test_a_record_date_outside_the_calendar_is_not_evidenced(expect, opened, reason):
    ref, sql = _both(expect, opened)
    assert ref == sql == [("C1", NOT_EVIDENCED, f"{reason} is outside the calendar casecheck holds (1990-01-01 to 2060-12-31)")]


@pytest.mark.parametrize("opened,outcome", [(D("1990-01-01"), PASS), (D("2060-12-31"), FAIL)])
def test_the_calendars_first_and_last_days_are_judged(opened, outcome):
    ref, sql = _both("working_days_between(opened, as_at) > 3", opened)
    assert [o for _, o, _ in ref] == [o for _, o, _ in sql] == [outcome]


def test_a_date_the_rule_moves_out_of_range_is_still_the_rules_error():
    """2024-01-01 is in the calendar; the rule's own `+ 3000000 days` leaves year 9999: the
    rule cannot be evaluated (the run's error, as before)."""
    from strategies import Data, RuleSpec

    ctx = Data({"cases": [{"case_id": "C1", "opened": D("2024-01-01")}]}, AS_AT, "default", {}).context()
    with pytest.raises(RuleEvaluationError, match="date out of range"):
        judge_all(RuleSpec("cases", "opened + 3000000 days > as_at").build(), ctx)
    with pytest.raises(RuleEvaluationError, match="lands outside|outside the calendar's range"):
        judge_all(RuleSpec("cases", "opened + 30000 working days > as_at").build(), ctx)


@pytest.mark.slow
def test_no_date_value_stops_a_dfe_cin_run(tmp_path):
    """A generated return (boundary faults planted) with 3 in 10 of its dates replaced by values
    at or past every edge (year 1, 1880, the days either side of the calendar, 9999): the whole
    pack runs on both engines (exit 1: the return has errors, never 2), with the same counts."""
    import random
    import re

    from checker.tools.generate import generate, write_census

    xml = tmp_path / "census.xml"
    write_census(generate(40, 3, "inadequate", AS_AT), xml, plant=True)
    rng = random.Random(1)
    extremes = ["0001-01-01", "1880-10-26", "1989-12-31", "2061-01-01", "9999-12-30", "9999-12-31"]
    xml.write_text(re.sub(r">(\d{4}-\d{2}-\d{2})<",
                          lambda m: ">" + (rng.choice(extremes) if rng.random() < 0.3 else m.group(1)) + "<",
                          xml.read_text()))
    counts = {}
    for engine in ("reference", "duckdb"):
        res = CliRunner().invoke(cli, ["run", "dfe-cin", "--data", str(xml), "--as-at", AS_AT.isoformat(),
                                       "--engine", engine, "--format", "json"])
        assert res.exit_code == 1, res.output[-2000:]
        counts[engine] = {r["id"]: r["counts"] for r in json.loads(res.stdout)["rules"]}
    assert counts["reference"] == counts["duckdb"]
    assert any(c["not_evidenced"] for c in counts["reference"].values())
