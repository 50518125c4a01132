"""The language's run-time values: a duration is a Duration, not a bare tuple."""

from __future__ import annotations

import datetime as dt

from checker.engine.evaluate import Evaluator, format_value
from checker.language.parser import parse_expression
from checker.model import Context, Dataset
from checker.values import Duration, as_duration
from checker.workdays import Calendar


def test_a_duration_reads_as_rules_write_it():
    assert str(Duration(1, "working days")) == "1 working day"
    assert str(Duration(3, "months")) == "3 months"
    assert str(Duration(0, "days")) == "0 days"
    assert format_value(Duration(45, "working days")) == "45 working days"
    assert format_value([Duration(1, "weeks"), Duration(6, "months")]) == "[1 week, 6 months]"


def test_a_duration_is_the_pair_it_replaces():
    d = Duration(3, "months")
    amount, unit = d
    assert (amount, unit) == (3, "months") == d and d.amount == 3 and d.unit == "months"


def test_pairs_given_as_parameters_become_durations():
    assert as_duration((2, "working days")) == Duration(2, "working days")
    assert type(as_duration((2, "working days"))) is Duration
    assert [type(x) for x in as_duration([(1, "weeks"), (2, "days")])] == [Duration, Duration]
    for other in [3, "x", (True, "days"), (1, 2), [1, 2], dt.date(2024, 1, 1), None]:
        assert as_duration(other) == other
    ctx = Context(Dataset({}), Calendar(), dt.date(2024, 6, 1), {"gap": (2, "working days"), "n": 1})
    assert type(ctx.params["gap"]) is Duration and ctx.params["n"] == 1


def test_the_evaluator_gives_durations():
    ctx = Context(Dataset({}), Calendar(), dt.date(2024, 6, 1))
    node = parse_expression("3 months")
    value = Evaluator(ctx).ev(node, {})
    assert type(value) is Duration and value == (3, "months")
