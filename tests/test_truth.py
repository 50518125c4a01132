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

from checker.data.load import load_records
from checker.engine.outcomes import judge_all
from checker.model import FAIL, Context
from checker.packs.pack import load_pack
from checker.tools.generate import compute_truth, generate

# rule -> the planted problem it detects
RULE_FINDS = {
    "ASSESS-45WD": "assessment_late",
    "ASSESS-CHILD-SEEN": "assessment_child_not_seen",
    "S47-STRATEGY-FIRST": "s47_without_strategy",
    "ICPC-15WD": "icpc_late",
    "CP-REVIEW-TIMELY": "cp_review_late",
    "CP-SEEN-ALONE": "cp_not_seen_alone",
    "LAC-REVIEW-TIMELY": "lac_review_late",
    "LAC-VISIT-TIMELY": "lac_visit_overdue",
    "LAC-HEALTH-TIMELY": "lac_health_overdue",
    "CL-ACCOM-SUITABLE": "care_leaver_unsuitable",
    "SUPERVISION-INTERVAL": "supervision_gap",
    "CONTACT-DECISION-1WD": "contact_decision_late",
    "UNALLOCATED-CASES": "unallocated",
    "CASELOAD-LIMIT": "caseload_high",
    "REFERRAL-NFA-SEEN": "referral_nfa_not_seen",
}


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
