"""Picks compiled to ASOF joins (``checker/engine/compile_ordered.py``)
agree with the reference evaluator: ties on the key (the first in load order
wins), items with no key, a test that is unknown for some items, a missing
subject value, orphan and blank foreign keys (random data from
``tests/strategies.py``)."""

from __future__ import annotations

import datetime as _dt

import pytest
from hypothesis import given, settings
from strategies import SCHEMA, Case, RuleSpec, datasets
from test_engine_agreement import SETTINGS, assert_agree

from checker import workdays as cal
from checker.engine.compile import Compiler

#: each a pick of an event of the same case, relative to the subject event
PICKS = [
    "last(e in case.events by e.worker_id where e.worker_id < worker_id)",
    "last(e in case.events by e.worker_id where e.worker_id <= worker_id and e.seen)",
    "first(e in case.events by e.date where e.date > date and e.level == \"1\")",
    "first(e in case.events by e.n where n <= e.n and not e.seen)",
    "last(e in case.events by e.date where e.date < date and (some f in case.events where f.date == e.date and f.n > e.n))",
    "first(e in case.events by e.worker_id where e.worker_id >= worker_id and (e.note ?? \"\") != \"x\")",
]

def _specs() -> list[RuleSpec]:
    specs = []
    for i, pick in enumerate(PICKS):
        specs.append(RuleSpec("events", f"(({pick}).event_id ?? \"none\") < event_id",
                              reasons={"pass": f"picked {{({pick}).event_id}}", "fail": f"picked {{({pick}).event_id}}"},
                              id=f"PICK-{i + 1}"))
    return specs


def test_each_compiles_to_an_asof_join_in_duckdb_only():
    calendar = cal.Calendar()
    for spec in _specs():
        rule = spec.build()
        duck = Compiler(SCHEMA, calendar, _dt.date(2025, 3, 31)).compile_rule(rule).sql()
        assert "ASOF LEFT JOIN" in duck, spec.expect
        pg = Compiler(SCHEMA, calendar, _dt.date(2025, 3, 31), dialect="postgres").compile_rule(rule).sql("postgres")
        assert "ASOF" not in pg


@settings(SETTINGS, max_examples=60)
@given(datasets())
def test_asof_picks_agree_with_the_reference(data):
    assert_agree(Case(data, _specs()))


@pytest.mark.parametrize("shape", [
    # the subject's value on the wrong side for the pick (the best item is not the nearest)
    "last(e in case.events by e.worker_id where e.worker_id > worker_id)",
    # the test reads the subject: not the item's own
    "last(e in case.events by e.worker_id where e.worker_id < worker_id and e.n < n)",
    # a quantifier of the same shape: compiles as before (an ASOF join was slower)
    "first(e in case.events by e.n where some f in case.events where f.worker_id < worker_id)",
])
def test_other_shapes_compile_as_before(shape):
    rule = RuleSpec("events", f"(({shape}).event_id ?? \"none\") < event_id").build()
    sql = Compiler(SCHEMA, cal.Calendar(), _dt.date(2025, 3, 31)).compile_rule(rule).sql()
    assert "ASOF" not in sql
