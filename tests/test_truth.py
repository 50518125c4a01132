"""The example pack finds exactly what the generator planted.

For each profile, a council is generated with known practice problems
(``truth``: the records carrying each one, computed from the data by the
generator's own definitions). Each rule's failing records must be exactly
the planted problem's records: no more (false findings), no fewer (missed
ones).
"""

from __future__ import annotations

import pytest
from test_cli import PACK
from test_pack_truth import RULE_FINDS as LIBRARY_FINDS

from checker.data.load import load_records
from checker.engine.outcomes import judge_all
from checker.model import FAIL, Context
from checker.packs.pack import load_pack
from checker.tools.generate import compute_truth, generate

# rule -> the planted problem it detects. One oracle: the example pack's rules
# are its own versions of library rules (``variant_of``), and each detects
# the problem its library rule does (test_pack_truth.RULE_FINDS).
RULE_FINDS = {
    rule.id: LIBRARY_FINDS[rule.variant_of] for rule in load_pack(PACK).rules if rule.variant_of in LIBRARY_FINDS
}


def test_every_example_rule_but_the_case_audit_has_a_planted_problem():
    assert len(RULE_FINDS) == 15 and "EX-AUDIT-VIEWS-RECORDED" not in RULE_FINDS, sorted(RULE_FINDS)


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


@pytest.mark.parametrize("profile,seed", [("good", 11), ("adequate", 2025), ("inadequate", 7)])
def test_rules_find_exactly_what_was_planted(pack, profile, seed):
    council = generate(300, seed=seed, profile=profile)
    truth = compute_truth(council.tables, council.as_at, calendar=pack.calendar)
    raw = {
        name: [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in rec.items()} for rec in recs]
        for name, recs in council.tables.items()
    }
    loaded = load_records(pack.schema, raw, f"generated {profile}")
    assert not loaded.rejections
    ctx = Context(loaded.dataset, pack.calendar, council.as_at, pack.params)
    mismatches = {}
    for rule_id, problem in RULE_FINDS.items():
        failed = sorted(o.key for o in judge_all(pack.rule(rule_id), ctx) if o.outcome == FAIL)
        planted = sorted(truth[problem])
        if failed != planted:
            mismatches[rule_id] = {
                "found, not planted": sorted(set(failed) - set(planted)),
                "planted, not found": sorted(set(planted) - set(failed)),
            }
    assert not mismatches, mismatches
    if profile == "inadequate":
        assert sum(len(truth[p]) for p in RULE_FINDS.values()) > 100
