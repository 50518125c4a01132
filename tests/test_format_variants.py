"""Per-format variants of library rules (a rule's ``formats:``), with fixture
data on each side of their limits: what Annex A's latest-review summary can
show, and the rules a format cannot judge at all."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.data.load import load_records
from checker.engine.availability import for_format
from checker.engine.outcomes import judge_all
from checker.model import Context
from checker.packs.pack import load_pack

ILACS = load_pack("ilacs")
AS_AT = dt.date(2025, 3, 31)


def _outcomes(rule_id: str, fmt: str, data: dict) -> dict[str, str]:
    rule, why = for_format(ILACS.rule(rule_id), fmt)
    assert why == [] and rule is not ILACS.rule(rule_id) and rule.id == rule_id
    loaded = load_records(ILACS.schema, data, "test")
    assert loaded.rejections == [] and not loaded.diagnostics.errors
    ctx = Context(loaded.dataset, ILACS.calendar, AS_AT, ILACS.params)
    return {o.key: o.outcome for o in judge_all(rule, ctx)}


CHILD = [{"child_id": "C1", "date_of_birth": "2015-01-01"}]


@pytest.mark.parametrize("start, review, end, expected", [
    ("2025-01-01", None, None, "pass"),  # first review due 2025-04-01
    ("2024-12-31", None, None, "pass"),  # due 2025-03-31: the last day in time
    ("2024-12-30", None, None, "fail"),  # due 2025-03-30
    ("2024-09-30", "2024-10-01", None, "pass"),  # next due 2025-04-01
    ("2024-01-01", "2024-09-30", None, "fail"),  # next due 2025-03-30: a day overdue
    ("2024-01-01", "2024-08-31", None, "fail"),  # 31 August + 6 months clamps to 28 February
    ("2024-01-01", "2024-06-01", "2025-01-01", "not_applicable"),  # closed: only open plans are judged
])
def test_cp_review_timely_on_annex_a(start, review, end, expected):
    data = {"children": CHILD,
            "cp_plans": [{"plan_id": "P1", "child_id": "C1", "start_date": start, "end_date": end}],
            "cp_conferences": ([{"conference_id": "R1", "child_id": "C1", "plan_id": "P1", "type": "review",
                                 "date": review}] if review else [])}
    got = _outcomes("CP-REVIEW-TIMELY", "annex-a", data)["P1"]
    assert got == expected
    # and the limit computed independently, for the open plans
    limit = (dt.date.fromisoformat(review) if review else dt.date.fromisoformat(start))
    months = 6 if review else 3
    y, m = divmod(limit.month - 1 + months, 12)
    import calendar
    day = min(limit.day, calendar.monthrange(limit.year + y, m + 1)[1])
    due = dt.date(limit.year + y, m + 1, day)
    if expected != "not_applicable":
        assert expected == ("pass" if AS_AT <= due else "fail")


@pytest.mark.parametrize("start, review, expected", [
    ("2025-03-10", None, "pass"),  # 15 working days: the first review not yet due
    ("2025-02-03", None, "fail"),  # 40 working days, no review: overdue
    ("2024-06-01", "2025-01-10", "pass"),  # latest review under 3 months ago: the next is in time
    ("2024-06-01", "2024-09-30", "fail"),  # none for 6 months: overdue whatever came before
    ("2024-06-01", "2024-11-15", "not_applicable"),  # 3-6 months after a review that may have been the first
])
def test_lac_review_timely_on_annex_a(start, review, expected):
    data = {"children": CHILD,
            "care_periods": [{"period_id": "P1", "child_id": "C1", "start_date": start}],
            "lac_reviews": ([{"review_id": "R1", "child_id": "C1", "period_id": "P1", "date": review}]
                            if review else [])}
    assert _outcomes("LAC-REVIEW-TIMELY", "annex-a", data)["P1"] == expected


@pytest.mark.parametrize("fmt", ["annex-a", "cin-xml"])
def test_s47_strategy_first_is_not_run_where_it_could_never_fail(fmt):
    rule, why = for_format(ILACS.rule("S47-STRATEGY-FIRST"), fmt)
    assert why and "strategy discussion that started it" in why[0]


def test_native_input_judges_the_rule_itself():
    rule = ILACS.rule("CP-REVIEW-TIMELY")
    assert for_format(rule, "csv") == (rule, [])
    assert for_format(rule, None) == (rule, [])


@pytest.mark.parametrize("worker, authorised, expected", [
    ("named in Annex A", None, "pass"),
    (None, None, "fail"),  # a blank allocated worker on an open assessment: unallocated
    (None, "2025-03-01", "not_applicable"),  # authorised before as_at: not open
    (None, "2025-04-01", "fail"),  # authorised after as_at: open at as_at
])
def test_unallocated_cases_on_annex_a(worker, authorised, expected):
    data = {"children": CHILD,
            "assessments": [{"assessment_id": "A1", "child_id": "C1", "start_date": "2025-02-03",
                             "authorised_date": authorised, "worker_id": worker}]}
    assert _outcomes("UNALLOCATED-CASES", "annex-a", data)["C1"] == expected


@pytest.mark.parametrize("adviser, expected", [("named in Annex A", "pass"), (None, "fail")])
def test_cl_pa_allocated_on_annex_a(adviser, expected):
    data = {"children": CHILD,
            "care_leavers": [{"child_id": "C1", "eligibility": "relevant", "in_touch": "YES",
                              "personal_adviser_id": adviser}]}
    assert _outcomes("CL-PA-ALLOCATED", "annex-a", data)["C1"] == expected


@pytest.mark.parametrize("health, expected", [
    ("2025-01-31", "pass"),  # Mon 6 Jan + 20 working days is Mon 3 Feb
    ("2025-02-03", "pass"),  # the 20th working day
    ("2025-02-04", "not_applicable"),  # a latest one after the 20 days cannot show the initial one
    (None, "fail"),  # none at all, the 20 days run out
])
def test_lac_iha_20wd_on_annex_a(health, expected):
    data = {"children": CHILD,
            "care_periods": [{"period_id": "P1", "child_id": "C1", "start_date": "2025-01-06"}],
            "health_assessments": ([{"health_assessment_id": "H1", "child_id": "C1", "date": health}]
                                   if health else [])}
    assert _outcomes("LAC-IHA-20WD", "annex-a", data)["P1"] == expected


@pytest.mark.parametrize("start, end, check, expected", [
    ("2024-03-31", None, True, "pass"),  # in care for exactly the year to as_at: in OC2
    ("2024-03-31", None, False, "fail"),
    ("2024-04-01", None, False, "not_applicable"),  # a day short of the year: not in OC2
    ("2020-01-01", "2025-03-31", False, "not_applicable"),  # left care on as_at
    ("2020-01-01", "2025-04-01", True, "pass"),  # still in care at as_at
    ("2020-01-01", None, None, "not_evidenced"),  # in OC2's population, no flag
])
def test_lac_health_timely_on_ssda903(start, end, check, expected):
    data = {"children": CHILD,
            "care_periods": [{"period_id": "P1", "child_id": "C1", "start_date": start, "end_date": end,
                              "health_check_up_to_date": check}]}
    assert _outcomes("LAC-HEALTH-TIMELY", "ssda903", data)["P1"] == expected


@pytest.mark.parametrize("count, earlier, expected", [
    (1, None, "pass"),  # only this referral in the 12 months to it
    (2, None, "fail"),  # one more: a re-referral, though the list holds no earlier referral
    (5, None, "fail"),
    (None, "2024-06-01", "fail"),  # no count: the list's own earlier referral decides
    (None, "2024-02-29", "pass"),  # more than 12 months before 2025-03-01
    (None, None, "pass"),
])
def test_rereferral_12m_on_annex_a(count, earlier, expected):
    refs = [{"referral_id": "R2", "child_id": "C1", "date": "2025-03-01", "referrals_last_12_months": count}]
    if earlier:
        refs.append({"referral_id": "R1", "child_id": "C1", "date": earlier, "referrals_last_12_months": 1})
    got = _outcomes("REREFERRAL-12M", "annex-a", {"children": CHILD, "referrals": refs})
    assert got["R2"] == expected
