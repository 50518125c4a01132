"""What rules mean: the reference evaluator (checker/engine/evaluate.py) and the
engine's outcomes (checker/engine.py), on small datasets loaded through
``checker.data.load.load_records`` and expressions type-checked first.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from checker import typesys as T
from checker.data.load import load_records
from checker.engine.evaluate import EvaluationError, Evaluator
from checker.engine.outcomes import RuleEvaluationError, judge, render_template
from checker.language.parser import parse_expression
from checker.language.typecheck import Checker
from checker.model import (
    FAIL,
    NOT_APPLICABLE,
    NOT_EVIDENCED,
    PASS,
    Context,
    Dataset,
    Row,
)
from checker.packs.pack import Rule, Template
from checker.schema import builtin_schema_path, load_schema
from checker.workdays import Calendar

SCHEMA = load_schema(builtin_schema_path("csc"))
CAL = Calendar()
AS_AT = dt.date(2024, 6, 1)
D = dt.date.fromisoformat


def dataset(data: dict[str, list[dict]]) -> Dataset:
    result = load_records(SCHEMA, data, "test")
    # warnings (e.g. a key with no record, which some tests want) are fine; errors are not
    assert result.rejections == [] and result.diagnostics.errors == [], (result.rejections, result.diagnostics.items)
    return result.dataset


def compile_expr(text: str, subject: str, param_types: dict[str, T.Type] | None = None):
    node = parse_expression(text)
    checker = Checker(SCHEMA, subject, param_types)
    checker.check(node)
    assert checker.diagnostics == [], [d.message for d in checker.diagnostics]
    return node


def row_of(ds: Dataset, table: str, key: str) -> Row:
    return next(r for r in ds.tables[table] if r.key == key)


def value(ds, table, key, text, as_at=AS_AT, params=None, calendar=CAL):
    params = params or {}
    param_types = {k: _param_type(v) for k, v in params.items()}
    node = compile_expr(text, table, param_types)
    ctx = Context(ds, calendar, as_at, params)
    return Evaluator(ctx).run(node, row_of(ds, table, key))[0]


def _param_type(v):
    if isinstance(v, tuple):
        return T.DURATION
    if isinstance(v, bool):
        return T.BOOLEAN
    if isinstance(v, int):
        return T.INTEGER
    raise TypeError(v)


def kleene_and(a, b):
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def kleene_or(a, b):
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


def kleene_not(a):
    return None if a is None else not a


# --------------------------------------------------------------------------------------
# three-valued logic
# --------------------------------------------------------------------------------------

TRUTH = [True, False, None]
PAIRS = list(itertools.product(TRUTH, TRUTH))


@pytest.fixture(scope="module")
def children():
    """One child per (disabled, uasc) pair, plus dates for the comparisons."""
    rows = [
        {"child_id": f"C{i}", "disabled": a, "uasc": b} for i, (a, b) in enumerate(PAIRS)
    ]
    rows += [
        {"child_id": "DOB-NONE"},
        {"child_id": "DOB-LOW", "date_of_birth": "2020-01-01", "expected_date_of_birth": "2019-12-01"},
        {"child_id": "DOB-HIGH", "date_of_birth": "2020-12-31"},
        {"child_id": "DOB-OUT", "date_of_birth": "2021-01-01"},
        {"child_id": "DOB-BEFORE", "date_of_birth": "2019-12-31"},
    ]
    return dataset({"children": rows})


@pytest.mark.parametrize("a,b", PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_kleene_truth_tables(children, a, b):
    key = f"C{PAIRS.index((a, b))}"
    assert value(children, "children", key, "disabled and uasc") is kleene_and(a, b)
    assert value(children, "children", key, "disabled or uasc") is kleene_or(a, b)
    assert value(children, "children", key, "not disabled") is kleene_not(a)
    assert value(children, "children", key, "not (disabled and uasc)") is kleene_not(kleene_and(a, b))
    # De Morgan holds in Kleene logic
    assert value(children, "children", key, "not disabled or not uasc") is kleene_not(kleene_and(a, b))
    assert value(children, "children", key, "disabled == uasc") is (None if None in (a, b) else a == b)


@pytest.mark.parametrize("a", TRUTH)
def test_is_missing_is_present_and_coalesce_are_never_missing(children, a):
    key = f"C{PAIRS.index((a, a))}"
    assert value(children, "children", key, "disabled is missing") is (a is None)
    assert value(children, "children", key, "disabled is present") is (a is not None)
    assert value(children, "children", key, "disabled ?? true") is (True if a is None else a)
    assert value(children, "children", key, "coalesce(disabled, uasc, false)") is (False if a is None else a)
    assert value(children, "children", key, "(disabled ?? uasc) is missing") is (a is None)


def test_missing_propagates_through_comparison_and_arithmetic(children):
    for text in [
        "date_of_birth < 2020-01-01",
        "date_of_birth == date_of_birth",
        "date_of_birth != 2020-01-01",
        "date_of_birth + 1 day > as_at",
        "not (date_of_birth == 2020-01-01)",
        "age(date_of_birth, as_at) >= 0",
        "-(weekday(date_of_birth)) < 0",
    ]:
        assert value(children, "children", "DOB-NONE", text) is None, text
    assert value(children, "children", "DOB-NONE", "date_of_birth ?? 2020-01-01") == D("2020-01-01")
    assert value(children, "children", "DOB-NONE", "(date_of_birth < 2020-01-01) ?? false") is False


def test_in_with_missing_items(children):
    # found: true, whatever else is missing
    assert value(children, "children", "DOB-LOW", "2020-01-01 in [expected_date_of_birth, date_of_birth]") is True
    assert value(children, "children", "DOB-HIGH", "2020-12-31 in [expected_date_of_birth, date_of_birth]") is True
    # not found, and an item is missing: it might have been the one
    assert value(children, "children", "DOB-HIGH", "2020-01-01 in [expected_date_of_birth, date_of_birth]") is None
    assert value(children, "children", "DOB-HIGH", "2020-01-01 not in [expected_date_of_birth, date_of_birth]") is None
    # not found, nothing missing
    assert value(children, "children", "DOB-LOW", "2020-06-01 in [expected_date_of_birth, date_of_birth]") is False
    assert value(children, "children", "DOB-LOW", "2020-06-01 not in [expected_date_of_birth, date_of_birth]") is True
    assert value(children, "children", "DOB-LOW", "2020-01-01 not in [expected_date_of_birth, date_of_birth]") is False
    # the value itself missing
    assert value(children, "children", "DOB-NONE", "date_of_birth in [2020-01-01]") is None
    assert value(children, "children", "DOB-NONE", "date_of_birth in []") is None
    assert value(children, "children", "DOB-LOW", "date_of_birth in []") is False


@pytest.mark.parametrize(
    "key,expected",
    [("DOB-LOW", True), ("DOB-HIGH", True), ("DOB-OUT", False), ("DOB-BEFORE", False), ("DOB-NONE", None)],
)
def test_between_is_inclusive(children, key, expected):
    assert value(children, "children", key, "date_of_birth between 2020-01-01 and 2020-12-31") is expected


def test_between_with_a_missing_end(children):
    assert value(children, "children", "DOB-HIGH", "date_of_birth between expected_date_of_birth and 2021-01-01") is None


# --------------------------------------------------------------------------------------
# quantifiers and lists
# --------------------------------------------------------------------------------------


def _visits(child, *seen, dates=None, workers=None):
    out = []
    for i, s in enumerate(seen):
        v = {"visit_id": f"{child}-V{i}", "child_id": child, "date": (dates or {}).get(i, f"2024-01-{i + 1:02d}"), "seen": s}
        if workers and i in workers:
            v["worker_id"] = workers[i]
        out.append(v)
    return out


@pytest.fixture(scope="module")
def visits_ds():
    children = ["EMPTY", "TF", "NF", "NT", "N", "TIE", "SW"]
    return dataset(
        {
            "children": [{"child_id": c} for c in children],
            "visits": _visits("TF", True, False)
            + _visits("NF", None, False)
            + _visits("NT", None, True)
            + _visits("N", None)
            + _visits("TIE", True, True, False, dates={0: "2024-02-01", 1: "2024-02-01", 2: "2024-01-01"},
                      workers={0: "W1", 2: "W2"})
            + _visits("SW", True, workers={0: "W1"}),
            "social_workers": [{"worker_id": "W1", "team": "North"}, {"worker_id": "W2", "team": "South"}],
            "care_periods": [
                {"period_id": "P1", "child_id": "TF", "start_date": "2024-01-01", "placements_last_12_months": 2},
                {"period_id": "P2", "child_id": "TF", "start_date": "2023-01-01", "placements_last_12_months": 1},
                {"period_id": "P3", "child_id": "NF", "start_date": "2023-01-01"},
            ],
        }
    )


QUANTIFIERS = [
    # child, some, no, every-satisfies
    ("EMPTY", False, True, True),
    ("TF", True, False, False),
    ("NF", None, None, False),
    ("NT", True, False, None),
    ("N", None, None, None),
]


@pytest.mark.parametrize("child,some,no,every", QUANTIFIERS, ids=[q[0] for q in QUANTIFIERS])
def test_quantifiers(visits_ds, child, some, no, every):
    assert value(visits_ds, "children", child, "some v in visits where v.seen") is some
    assert value(visits_ds, "children", child, "no v in visits where v.seen") is no
    assert value(visits_ds, "children", child, "every v in visits satisfies v.seen") is every
    # `no` is `not some`
    assert value(visits_ds, "children", child, "not (some v in visits where v.seen)") is no


def test_quantifier_without_where(visits_ds):
    assert value(visits_ds, "children", "EMPTY", "some v in visits") is False
    assert value(visits_ds, "children", "N", "some v in visits") is True
    assert value(visits_ds, "children", "EMPTY", "no v in visits") is True
    assert value(visits_ds, "children", "N", "no v in visits") is False


def test_every_with_a_filter(visits_ds):
    # missing filter, true predicate: `not F or P` is true
    assert value(visits_ds, "children", "N", "every v in visits where v.seen satisfies v.date >= 2024-01-01") is True
    # missing filter, false predicate: unknown
    assert value(visits_ds, "children", "N", "every v in visits where v.seen satisfies v.date > 2024-06-01") is None
    # false filter skips the item whatever the predicate
    assert value(visits_ds, "children", "NF", "every v in visits where v.seen == false satisfies v.seen") is False
    assert value(visits_ds, "children", "TF", "every v in visits where v.seen satisfies v.seen") is True
    # a true filter and a false predicate decide, even after an unknown item
    assert value(visits_ds, "children", "NF", "every v in visits where v.date >= 2024-01-01 satisfies v.seen") is False
    # vacuous truth
    assert value(visits_ds, "children", "EMPTY", "every v in visits where v.seen satisfies false") is True


def test_comprehension_with_missing_condition_is_missing(visits_ds):
    assert value(visits_ds, "children", "NF", "count([v for v in visits where v.seen])") is None
    assert value(visits_ds, "children", "NF", "[v.date for v in visits where v.seen] is missing") is True
    assert value(visits_ds, "children", "TF", "count([v for v in visits where v.seen])") == 1
    assert value(visits_ds, "children", "TF", "[v.date for v in visits where v.seen]") == [D("2024-01-01")]
    # a missing element is kept: only the condition makes the list unknown
    assert value(visits_ds, "children", "N", "[v.seen for v in visits]") == [None]
    assert value(visits_ds, "children", "EMPTY", "count(visits)") == 0


def test_aggregates(visits_ds):
    v = lambda key, text: value(visits_ds, "children", key, text)  # noqa: E731
    for fn in ("earliest", "latest", "min", "max"):
        assert v("EMPTY", f"{fn}(visits.date)") is None, fn
        assert v("TF", f"{fn}([v.date for v in visits where v.seen == false])") == D("2024-01-02"), fn
        # a missing element might have been the answer
        assert v("TF", f"{fn}(care_periods.end_date)") is None, fn  # every end_date missing
        assert v("TF", f"{fn}(care_periods.start_date)") is not None, fn
    assert v("TF", "earliest(visits.date)") == D("2024-01-01")
    assert v("TF", "latest(visits.date)") == D("2024-01-02")
    assert v("TF", "earliest([v.date + 0 days for v in visits where v.seen is missing])") is None
    assert v("TF", "min(care_periods.placements_last_12_months)") == 1
    assert v("TF", "max(care_periods.placements_last_12_months)") == 2
    assert v("NF", "max(care_periods.placements_last_12_months)") is None
    assert v("NF", "latest([v.date for v in visits where v.seen ?? true])") == D("2024-01-01")
    # sum: 0 for nothing, missing if any is missing
    assert v("EMPTY", "sum([1 for x in visits])") == 0
    assert v("TF", "sum(care_periods.placements_last_12_months)") == 3
    assert v("NF", "sum(care_periods.placements_last_12_months)") is None
    assert v("TF", "sum([0.5 for x in care_periods])") == Decimal("1.0")


def test_aggregate_with_missing_element():
    ds = dataset({"children": [{"child_id": "C", "date_of_birth": "2020-01-01"}]})
    for fn in ("earliest", "latest", "min", "max"):
        assert value(ds, "children", "C", f"{fn}([date_of_birth, expected_date_of_birth])") is None, fn
    assert value(ds, "children", "C", "count([date_of_birth, expected_date_of_birth])") == 2


def test_first_and_last(visits_ds):
    v = lambda text: value(visits_ds, "children", "TIE", text)  # noqa: E731
    # TIE-V0 and TIE-V1 share the latest date: ties go to the earlier item
    assert v("last(x in visits by x.date).visit_id") == "TIE-V0"
    assert v("first(x in visits by x.date).visit_id") == "TIE-V2"
    assert v("first(x in visits by x.date where x.date > 2024-01-15).visit_id") == "TIE-V0"
    assert v("first(x in visits by x.visit_id where x.seen).visit_id") == "TIE-V0"
    assert v("last(x in visits by x.date where x.date > 2024-06-01)") is None
    assert v("last(x in visits by x.date where x.date > 2024-06-01).visit_id") is None
    # a missing key: the order is unknown
    assert v("last(x in visits by x.worker_id)") is None
    assert v("first(x in visits by x.worker_id where x.worker_id is present).visit_id") == "TIE-V0"
    # a missing condition
    assert value(visits_ds, "children", "NF", "first(x in visits by x.date where x.seen)") is None
    assert value(visits_ds, "children", "EMPTY", "first(x in visits by x.date)") is None


# --------------------------------------------------------------------------------------
# dates and working days
# --------------------------------------------------------------------------------------

# Fri 2024-03-01, Mon 03-04, Tue 03-05; Thu 2024-03-28, Good Friday 03-29, Easter Monday 04-01, Tue 04-02.
CONTACTS = [
    ("FRI-MON", "2024-03-01", "2024-03-04"),
    ("FRI-TUE", "2024-03-01", "2024-03-05"),
    ("SAME", "2024-03-01", "2024-03-01"),
    ("BACKWARDS", "2024-03-04", "2024-03-01"),
    ("THU-TUE-EASTER", "2024-03-28", "2024-04-02"),
    ("THU-WED-EASTER", "2024-03-28", "2024-04-03"),
    ("GOODFRI-TUE", "2024-03-29", "2024-04-02"),
    ("THU-EASTERMON", "2024-03-28", "2024-04-01"),
    ("SAT-MON", "2024-03-02", "2024-03-04"),
    ("NO-DECISION", "2024-03-01", None),
]


@pytest.fixture(scope="module")
def contacts():
    return dataset(
        {
            "children": [{"child_id": "C"}],
            "contacts": [
                {"contact_id": cid, "child_id": "C", "date": d, "decision_date": dd} for cid, d, dd in CONTACTS
            ],
        }
    )


WITHIN = [
    # contact, decided within 1 wd after, contact within 1 wd before decision, working days between
    ("FRI-MON", True, True, 1),
    ("FRI-TUE", False, False, 2),
    ("SAME", True, True, 0),
    ("BACKWARDS", False, False, -1),
    ("THU-TUE-EASTER", True, True, 1),
    ("THU-WED-EASTER", False, False, 2),
    ("GOODFRI-TUE", True, True, 1),
    ("THU-EASTERMON", True, True, 0),
    ("SAT-MON", True, True, 1),
    ("NO-DECISION", None, None, None),
]


@pytest.mark.parametrize("cid,after,before,n", WITHIN, ids=[w[0] for w in WITHIN])
def test_within_working_days(contacts, cid, after, before, n):
    assert value(contacts, "contacts", cid, "decision_date within 1 working day after date") is after
    assert value(contacts, "contacts", cid, "date within 1 working day before decision_date") is before
    assert value(contacts, "contacts", cid, "working_days_between(date, decision_date)") == n


def test_within_direction_matters(contacts):
    # the decision is after the contact, so it is not "before" it however close
    assert value(contacts, "contacts", "FRI-MON", "decision_date within 5 working days before date") is False
    assert value(contacts, "contacts", "FRI-MON", "date within 5 working days after decision_date") is False
    assert value(contacts, "contacts", "BACKWARDS", "decision_date within 1 working day before date") is True
    # calendar units count the same way
    assert value(contacts, "contacts", "FRI-TUE", "decision_date within 4 days after date") is True
    assert value(contacts, "contacts", "FRI-TUE", "decision_date within 3 days after date") is False
    assert value(contacts, "contacts", "FRI-TUE", "decision_date within 1 week before as_at") is False
    assert value(contacts, "contacts", "FRI-TUE", "decision_date within 1 week before 2024-03-12") is True
    assert value(contacts, "contacts", "FRI-TUE", "decision_date within 1 week before 2024-03-13") is False


@pytest.mark.parametrize(
    "text,expected",
    [
        ("date + 1 working day", "2024-04-02"),  # Thursday before Easter
        ("date + 2 working days", "2024-04-03"),
        ("date + 0 working days", "2024-03-28"),
        ("date - 1 working day", "2024-03-27"),
        ("2024-03-29 + 1 working day", "2024-04-02"),  # from a bank holiday
        ("2024-04-01 - 1 working day", "2024-03-28"),
        ("2024-03-02 + 1 working day", "2024-03-04"),  # from a Saturday
        ("2024-03-04 - 1 working day", "2024-03-01"),
        ("2024-11-30 + 3 months", "2025-02-28"),
        ("2024-01-31 + 1 month", "2024-02-29"),
        ("2024-03-31 - 1 month", "2024-02-29"),
        ("2024-02-29 + 1 year", "2025-02-28"),
        ("1 week + 2024-02-26", "2024-03-04"),
        ("2024-03-01 - 2 weeks + 1 day", "2024-02-17"),
    ],
)
def test_date_arithmetic(contacts, text, expected):
    assert value(contacts, "contacts", "THU-TUE-EASTER", text) == D(expected)


def test_working_days_helpers_and_closures(contacts):
    assert value(contacts, "contacts", "GOODFRI-TUE", "is_working_day(date)") is False
    assert value(contacts, "contacts", "GOODFRI-TUE", "is_working_day(decision_date)") is True
    assert value(contacts, "contacts", "GOODFRI-TUE", "weekday(date)") == 5
    closing = Calendar(closures=[D("2024-03-04")])
    assert value(contacts, "contacts", "FRI-MON", "decision_date within 1 working day after date", calendar=closing) is True
    assert value(contacts, "contacts", "FRI-TUE", "decision_date within 1 working day after date", calendar=closing) is True
    assert value(contacts, "contacts", "FRI-MON", "date + 1 working day", calendar=closing) == D("2024-03-05")


def test_parameters(contacts):
    params = {"gap": (2, "working days"), "limit": 1}
    assert value(contacts, "contacts", "FRI-TUE", "decision_date within gap after date", params=params) is True
    assert value(contacts, "contacts", "FRI-TUE", "working_days_between(date, decision_date) > limit", params=params) is True


def test_working_days_parameter_on_datetime(contacts):
    params = {"gap": (2, "working days")}
    assert value(contacts, "contacts", "SAME", "date_of(2024-01-05T10:00 + gap)", params=params) == D("2024-01-09")


def test_dates_outside_the_calendar_are_an_error(contacts):
    with pytest.raises(EvaluationError, match="outside"):
        value(contacts, "contacts", "SAME", "2070-01-01 + 1 working day")
    with pytest.raises(EvaluationError):
        value(contacts, "contacts", "SAME", "2070-01-01 within 1 working day after date")


# --------------------------------------------------------------------------------------
# on_schedule
# --------------------------------------------------------------------------------------

SCHEDULE = "on_schedule([c.date for c in conferences where c.type == \"review\"], start_date, end_date ?? as_at, [3 months, 6 months])"

PLANS = [
    # plan, start, end, review dates, as_at, expected
    ("MET", "2024-01-01", None, ["2024-03-25", "2024-09-20"], "2024-10-01", True),
    ("MET-ON-DEADLINE", "2024-01-01", None, ["2024-04-01", "2024-10-01"], "2025-04-01", True),
    ("FIRST-LATE", "2024-01-01", None, ["2024-04-02", "2024-09-20"], "2024-10-01", False),
    ("GAP-TOO-LONG", "2024-01-01", None, ["2024-03-25", "2024-09-26"], "2024-10-01", False),
    ("OVERDUE-AT-UNTIL", "2024-01-01", None, [], "2024-04-02", False),
    ("NOT-YET-DUE", "2024-01-01", None, [], "2024-04-01", True),
    ("NEXT-OVERDUE", "2024-01-01", None, ["2024-03-01"], "2024-09-02", False),
    ("ENDED-BEFORE-DUE", "2024-01-01", "2024-02-15", [], "2024-10-01", True),
    ("ENDED-AFTER-DUE", "2024-01-01", "2024-05-15", [], "2024-10-01", False),
    ("EVENTS-BEFORE-START-IGNORED", "2024-01-01", None, ["2023-12-01"], "2024-05-01", False),
    ("EVENTS-BEFORE-START-OK", "2024-01-01", None, ["2023-10-01", "2024-03-01"], "2024-05-01", True),
    ("EVENTS-AFTER-UNTIL-IGNORED", "2024-01-01", "2024-05-01", ["2024-06-01"], "2024-10-01", False),
    ("LAST-INTERVAL-REPEATS", "2024-01-01", None, ["2024-03-01", "2024-08-31", "2025-02-28"], "2025-08-28", True),
]


@pytest.fixture(scope="module")
def plans_ds():
    plans, conferences = [], []
    for pid, start, end, dates, _, _ in PLANS:
        plans.append({"plan_id": pid, "child_id": "C", "start_date": start, "end_date": end})
        conferences.append({"conference_id": f"{pid}-I", "child_id": "C", "plan_id": pid, "type": "initial", "date": start})
        for i, d in enumerate(dates):
            conferences.append({"conference_id": f"{pid}-{i}", "child_id": "C", "plan_id": pid, "type": "review", "date": d,
                                "minutes_sent_date": d if i else None})
    plans.append({"plan_id": "MISSING-DATE", "child_id": "C", "start_date": "2024-01-01"})
    conferences.append({"conference_id": "MD-0", "child_id": "C", "plan_id": "MISSING-DATE", "type": "review",
                        "date": "2024-02-01"})
    return dataset({"children": [{"child_id": "C"}], "cp_plans": plans, "cp_conferences": conferences})


@pytest.mark.parametrize("pid,start,end,dates,as_at,expected", PLANS, ids=[p[0] for p in PLANS])
def test_on_schedule(plans_ds, pid, start, end, dates, as_at, expected):
    assert value(plans_ds, "cp_plans", pid, SCHEDULE, as_at=D(as_at)) is expected


def test_on_schedule_with_missing_values(plans_ds):
    # a missing date in the list: the schedule cannot be judged
    text = "on_schedule([c.minutes_sent_date for c in conferences], start_date, as_at, [3 months])"
    assert value(plans_ds, "cp_plans", "MISSING-DATE", text) is None
    assert value(plans_ds, "cp_plans", "MET", "on_schedule(conferences.date, start_date, end_date, [3 months])") is None
    assert value(plans_ds, "cp_plans", "MET", "on_schedule([], start_date, as_at, [3 months])", as_at=D("2024-02-01")) is True


def test_on_schedule_working_days(plans_ds):
    # LAC-style: first within 20 working days, then 3 months. From Tue 2024-03-05
    # the 20th working day is Thu 2024-04-04 (Good Friday and Easter Monday do
    # not count); without the bank holidays it would be Tue 2024-04-02.
    text = "on_schedule([{review}], 2024-03-05, as_at, [20 working days, 3 months])"
    for review, expected in [("2024-04-02", True), ("2024-04-04", True), ("2024-04-05", False)]:
        assert value(plans_ds, "cp_plans", "MET", text.format(review=review), as_at=D("2024-05-01")) is expected, review
    # nothing held: due 2024-04-04, overdue the day after
    text = "on_schedule([], 2024-03-05, as_at, [20 working days, 3 months])"
    assert value(plans_ds, "cp_plans", "MET", text, as_at=D("2024-04-04")) is True
    assert value(plans_ds, "cp_plans", "MET", text, as_at=D("2024-04-05")) is False


# --------------------------------------------------------------------------------------
# relations
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def case_ds():
    return dataset(
        {
            "children": [
                {"child_id": "C1", "date_of_birth": "2015-05-01"},
                {"child_id": "C2"},
            ],
            "visits": [
                {"visit_id": "V2", "child_id": "C1", "date": "2024-02-01", "worker_id": "W1"},
                {"visit_id": "V1", "child_id": "C1", "date": "2024-01-01"},
                {"visit_id": "V9", "child_id": "C-UNKNOWN", "date": "2024-01-01"},
            ],
            "strategy_discussions": [{"strategy_id": "SD1", "child_id": "C1", "date": "2024-01-10"}],
            "s47_enquiries": [
                {"s47_id": "S1", "child_id": "C1", "start_date": "2024-01-11", "strategy_id": "SD1"},
                {"s47_id": "S2", "child_id": "C1", "start_date": "2024-01-11"},
                {"s47_id": "S3", "child_id": "C-UNKNOWN", "start_date": "2024-01-11", "strategy_id": "SD-NOPE"},
            ],
            "care_leavers": [{"child_id": "C1", "in_touch": "YES"}],
            "social_workers": [{"worker_id": "W1", "team": "North"}],
        }
    )


def test_many_to_one(case_ds):
    assert value(case_ds, "s47_enquiries", "S1", "child.date_of_birth") == D("2015-05-01")
    assert value(case_ds, "s47_enquiries", "S1", "age(child.date_of_birth, start_date)") == 8
    assert value(case_ds, "s47_enquiries", "S1", "strategy_discussion.date") == D("2024-01-10")
    assert value(case_ds, "s47_enquiries", "S1", "start_date within 1 working day after strategy_discussion.date") is True


def test_one_to_many_and_projection(case_ds):
    assert [r.key for r in value(case_ds, "children", "C1", "visits")] == ["V1", "V2"]
    assert value(case_ds, "children", "C1", "visits.date") == [D("2024-01-01"), D("2024-02-01")]
    assert value(case_ds, "children", "C2", "visits.date") == []
    assert value(case_ds, "s47_enquiries", "S1", "count(child.visits)") == 2
    assert value(case_ds, "s47_enquiries", "S1", "child.visits.worker_id") == [None, "W1"]
    assert [w and w.key for w in value(case_ds, "children", "C1", "visits.worker")] == [None, "W1"]
    assert value(case_ds, "children", "C1", "count(s47_enquiries)") == 2
    assert value(case_ds, "social_workers", "W1", "count(visits)") == 1


def test_missing_foreign_key(case_ds):
    # no strategy_id: no record, so its fields are missing (not an error)
    assert value(case_ds, "s47_enquiries", "S2", "strategy_discussion is missing") is True
    assert value(case_ds, "s47_enquiries", "S2", "strategy_discussion.date") is None
    assert value(case_ds, "s47_enquiries", "S2", "start_date >= strategy_discussion.date") is None
    assert value(case_ds, "s47_enquiries", "S2", "strategy_discussion.date ?? start_date") == D("2024-01-11")
    # a key that matches no record behaves the same
    assert value(case_ds, "s47_enquiries", "S3", "strategy_discussion is missing") is True
    assert value(case_ds, "s47_enquiries", "S3", "child.date_of_birth") is None
    assert value(case_ds, "s47_enquiries", "S3", "count(child.visits)") is None
    assert value(case_ds, "s47_enquiries", "S3", "some v in child.visits where v.seen") is None


def test_one_to_one_inverse(case_ds):
    assert value(case_ds, "children", "C1", "care_leaver.in_touch") == "YES"
    assert value(case_ds, "children", "C1", "care_leaver.in_touch == \"YES\"") is True
    assert value(case_ds, "children", "C2", "care_leaver is missing") is True
    assert value(case_ds, "children", "C2", "care_leaver.in_touch == \"YES\"") is None
    assert value(case_ds, "care_leavers", "C1", "child.date_of_birth") == D("2015-05-01")


def test_projection_through_missing_records(case_ds):
    assert value(case_ds, "children", "C1", "visits.worker.team") == [None, "North"]


# --------------------------------------------------------------------------------------
# arithmetic
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def one_child():
    return dataset({"children": [{"child_id": "C"}], "cp_plans": [
        {"plan_id": "P", "child_id": "C", "start_date": "2024-01-01", "previous_plans": 3},
        {"plan_id": "Q", "child_id": "C", "start_date": "2024-01-01"},
    ]})


def test_division_by_zero_is_an_error(one_child):
    for text in ["1 / 0 > 0", "0 / 0 > 0", "previous_plans / (previous_plans - 3) > 0", "1.5 / 0.0 > 0"]:
        with pytest.raises(EvaluationError, match="division by zero"):
            value(one_child, "cp_plans", "P", text)
    # a missing divisor is missing, not an error
    assert value(one_child, "cp_plans", "Q", "1 / previous_plans > 0") is None


def test_decimal_arithmetic_is_exact(one_child):
    v = lambda text: value(one_child, "cp_plans", "P", text)  # noqa: E731
    assert v("0.1 + 0.2 == 0.3") is True
    assert v("0.1 + 0.2") == Decimal("0.3")
    assert v("1 / 4") == Decimal("0.25")
    assert v("7 / 2") == Decimal("3.5")
    assert v("previous_plans / 2 == 1.5") is True
    assert v("previous_plans * 2") == 6 and isinstance(v("previous_plans * 2"), int)
    assert v("2 * 1.05") == Decimal("2.10")
    assert v("1.1 * 1.1 == 1.21") is True
    assert v("-previous_plans + 3 == 0") is True
    assert v("10 - 2 - 3") == 5
    assert v("2 + 3 * 4") == 14


# --------------------------------------------------------------------------------------
# engine.judge
# --------------------------------------------------------------------------------------


def make_rule(subject: str, expect: str, when: str | None = None, reasons: dict[str, str] | None = None) -> Rule:
    templates = {}
    for outcome, text in (reasons or {}).items():
        parts = []
        for i, piece in enumerate(text.split("|")):  # "text|expr|text|expr..."
            parts.append(compile_expr(piece, subject) if i % 2 else piece)
        templates[outcome] = Template(text, [p for p in parts if p != ""])
    return Rule(
        id="R-1",
        title="t",
        area="a",
        subject=subject,
        expect=compile_expr(expect, subject),
        expect_text=expect,
        when=compile_expr(when, subject) if when else None,
        when_text=when,
        reasons=templates,
    )


@pytest.fixture(scope="module")
def assessments():
    return dataset(
        {
            "children": [{"child_id": "C"}],
            "assessments": [
                {"assessment_id": "ON-TIME", "child_id": "C", "start_date": "2024-04-01", "authorised_date": "2024-05-20"},
                {"assessment_id": "LATE", "child_id": "C", "start_date": "2024-04-01", "authorised_date": "2024-06-20"},
                {"assessment_id": "OPEN", "child_id": "C", "start_date": "2024-04-01"},
                {"assessment_id": "FUTURE", "child_id": "C", "start_date": "2024-07-01"},
                {"assessment_id": "SEEN?", "child_id": "C", "start_date": "2024-04-01", "authorised_date": "2024-04-02"},
            ],
        }
    )


def _judge(ds, rule, key, as_at=dt.date(2024, 6, 30)):
    return judge(rule, row_of(ds, rule.subject, key), Context(ds, CAL, as_at))


ASSESS = "authorised_date within 45 working days after start_date"


def test_judge_pass_and_fail(assessments):
    rule = make_rule("assessments", ASSESS)
    ok = _judge(assessments, rule, "ON-TIME")
    assert (ok.key, ok.outcome) == ("ON-TIME", PASS)
    assert ok.reason == "met: " + ASSESS
    bad = _judge(assessments, rule, "LATE")
    assert bad.outcome == FAIL
    assert "2024-06-20" in bad.reason and "2024-04-01" in bad.reason, bad.reason
    assert "authorised_date" in bad.reason and "start_date" in bad.reason
    assert "56 working days after" in bad.reason, bad.reason


def test_judge_expect_missing_is_not_evidenced(assessments):
    rule = make_rule("assessments", ASSESS)
    out = _judge(assessments, rule, "OPEN")
    assert out.outcome == NOT_EVIDENCED
    assert "authorised_date" in out.reason and "missing" in out.reason, out.reason


def test_judge_when(assessments):
    rule = make_rule("assessments", ASSESS, when="start_date <= as_at - 20 working days and child_seen ?? true")
    out = _judge(assessments, rule, "FUTURE")
    assert out.outcome == NOT_APPLICABLE
    assert out.reason.startswith("not applicable: ") and "2024-07-01" in out.reason, out.reason
    rule = make_rule("assessments", ASSESS, when="child_seen")
    out = _judge(assessments, rule, "SEEN?")
    assert out.outcome == NOT_EVIDENCED
    assert out.reason.startswith("cannot tell whether the rule applies: ") and "child_seen" in out.reason, out.reason
    # when true, expect decides
    rule = make_rule("assessments", ASSESS, when="child_seen is missing")
    assert _judge(assessments, rule, "SEEN?").outcome == PASS


def test_judge_uses_templates(assessments):
    rule = make_rule(
        "assessments",
        ASSESS,
        reasons={"fail": "authorised |authorised_date|, |working_days_between(start_date, authorised_date)| working days"},
    )
    out = _judge(assessments, rule, "LATE")
    assert out.outcome == FAIL
    assert out.reason == "authorised 2024-06-20, 56 working days"
    # no template for not_evidenced: the trace explains it
    assert "missing" in _judge(assessments, rule, "OPEN").reason
    ctx = Context(assessments, CAL, AS_AT)
    assert render_template(rule.reasons["fail"], row_of(assessments, "assessments", "OPEN"), ctx) == (
        "authorised missing, missing working days"
    )


def test_judge_evaluation_error(assessments):
    rule = make_rule("assessments", "1 / (working_days_between(start_date, authorised_date) - 1) > 0")
    with pytest.raises(RuleEvaluationError, match="division by zero"):
        _judge(assessments, rule, "SEEN?")


def test_judge_evaluation_error_in_template(one_child):
    rule = make_rule("cp_plans", "previous_plans > 5", reasons={"fail": "ratio |10 / (previous_plans - 3)|"})
    with pytest.raises(RuleEvaluationError, match="division by zero"):
        _judge(one_child, rule, "P")


def test_pick_can_choose_a_missing_item():
    ds = dataset({
        "children": [{"child_id": "C"}],
        "visits": [
            {"visit_id": "V1", "child_id": "C", "date": "2024-01-01"},
            {"visit_id": "V2", "child_id": "C", "date": "2024-01-02", "worker_id": "W1"},
        ],
    })
    assert value(ds, "children", "C", 'first(w in visits.worker_id by w ?? "")') is None


# --------------------------------------------------------------------------------------
# date(year, month, day)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("date(2024, 3, 31)", D("2024-03-31")),
        ("date(2024, 2, 29)", D("2024-02-29")),  # a leap year
        ("date(2000, 2, 29)", D("2000-02-29")),  # divisible by 400: leap
        ("date(1, 1, 1)", D("0001-01-01")),
        ("date(9999, 12, 31)", D("9999-12-31")),
        ("date(previous_plans + 2021, previous_plans, previous_plans * 10)", D("2024-03-30")),
        # no such day: missing, never an error
        ("date(2023, 2, 29)", None),
        ("date(1900, 2, 29)", None),  # divisible by 100, not 400: not leap
        ("date(2023, 4, 31)", None),
        ("date(2023, 12, 32)", None),
        ("date(2023, 13, 1)", None),
        ("date(2023, 0, 1)", None),
        ("date(2023, -1, 5)", None),
        ("date(2023, 1, 0)", None),
        ("date(0, 1, 1)", None),
        ("date(-1, 1, 1)", None),
        ("date(10000, 1, 1)", None),
        ("date(3000000000000, 1, 1)", None),
    ],
)
def test_date_from_numbers(one_child, text, expected):
    assert value(one_child, "cp_plans", "P", text) == expected


def test_date_with_a_missing_argument_is_missing(one_child):
    for text in ["date(previous_plans, 1, 1)", "date(2024, previous_plans, 1)", "date(2024, 1, previous_plans)"]:
        assert value(one_child, "cp_plans", "Q", text) is None
    assert value(one_child, "cp_plans", "Q", "date(2024, 1, previous_plans) is missing") is True
    assert value(one_child, "cp_plans", "P", "start_date == date(2024, 1, 1)") is True


def test_a_date_made_past_9999_by_arithmetic_is_an_error(one_child):
    assert value(one_child, "cp_plans", "P", "date(9999, 12, 30) + 1 day") == D("9999-12-31")
    with pytest.raises(EvaluationError, match="out of range"):
        value(one_child, "cp_plans", "P", "date(9999, 12, 31) + 1 day > start_date")
