"""What a rule's not-carried outcomes lack, counted by the engine that holds
them (``Outcomes.not_carried_whys``: ``availability.not_judged`` groups a
rule's reasons from it), is exactly what grouping the outcomes themselves
gives, and what the reference engine's outcomes give, on an Annex A workbook."""

from __future__ import annotations

import pytest

from checker.data.load import load_data
from checker.data.readers.annex_a_write import write
from checker.engine.availability import for_format, not_judged
from checker.engine.outcomes import Outcomes, judge_all
from checker.engine.sql import SqlEngine
from checker.model import Context
from checker.packs.pack import load_pack
from checker.schema import builtin_schema_path, load_schema
from checker.tools.generate import generate

SCHEMA = load_schema(builtin_schema_path("csc"))
ILACS = load_pack("ilacs")


def _grouped(outcomes) -> dict[str, int]:
    """The reasons' groups made from the outcomes, as not_judged made them."""
    whys: dict[str, int] = {}
    for o in outcomes:
        if not o.carried:
            why = o.reason.split(": ", 1)[1] if ": " in o.reason else o.reason
            whys[why] = whys.get(why, 0) + 1
    return whys


@pytest.fixture(scope="module")
def annex_a(tmp_path_factory):
    council = generate(300, seed=11, profile="inadequate")
    path = tmp_path_factory.mktemp("annex") / "annex_a.xlsx"
    write(council.tables, SCHEMA, path, as_at=council.as_at)
    loaded = load_data(path, SCHEMA, fmt="annex-a", as_at=council.as_at)
    return loaded, council.as_at


@pytest.mark.parametrize("listing", [False, True])
def test_the_engine_counts_what_the_outcomes_lack_as_the_outcomes_say_it(annex_a, listing):
    loaded, as_at = annex_a
    ctx = Context(loaded.dataset, ILACS.calendar, as_at, ILACS.params)
    engine = SqlEngine(SCHEMA, ctx)
    engine.listing = listing
    counted = 0
    try:
        for rule in ILACS.rules:
            rule, why = for_format(rule, "annex-a")
            if why or rule.subject not in loaded.dataset.tables:
                continue
            judged = engine.judge_all(rule)
            whys = judged.not_carried_whys()  # before any outcome is made
            reasons = not_judged(judged)
            made = list(judged)
            assert whys == _grouped(made), rule.id
            assert sum(whys.values()) == judged.not_carried, rule.id
            assert whys == _grouped(judge_all(rule, ctx)), rule.id
            assert reasons == not_judged(Outcomes.of_list(made)), rule.id
            counted += bool(whys)
    finally:
        engine.close()
    assert counted >= 5  # rules with outcomes turning on what Annex A lacks
