"""Synthetic council case data, with known practice problems planted in it.

``generate(children, seed, profile)`` builds a year of a fictional council's
children's social care records, ending at ``as_at``, in the ``csc`` schema
(``rules/schemas/csc.yaml``): contacts and referrals at the front door,
assessments, strategy discussions and section 47 enquiries, child protection
conferences, plans and visits, child in need plans, periods of care with their
reviews, visits, health assessments and PEPs, care leavers with pathway plans,
and the workforce with supervisions, case allocations and QA case audits.
There are no names anywhere: every person is an ID. ``write_csv`` writes it
as one CSV per table plus ``truth.json``, the answer key.

The same arguments always give the same bytes: one ``random.Random(seed)`` is
threaded through everything, ``as_at`` is the only notion of "today", and
working days come from :class:`checker.workdays.Calendar`.

Profiles set how often each problem is planted: ``good`` (rare), ``adequate``
(moderate), ``inadequate`` (common); see ``RATES`` (the share of the records
where the problem could be planted that get it).

The answer key
--------------
``Council.truth`` maps each problem to the sorted keys of the records that
have it. It is computed by :func:`compute_truth`, which checks the finished
data against the definitions below, not from a memory of what was planted, so
a problem that arose without being planted is listed too. Working days (WD)
follow :mod:`checker.workdays`: ``WD(a, b)`` is the number of working days
``d`` with ``a < d <= b``; "+N WD" is :meth:`Calendar.add_working_days`;
months are calendar months (:func:`checker.workdays.add_months`, month-end
clamped). "Open" means ``end_date`` is blank. The year is
``add_months(as_at, -12) + 1 day`` to ``as_at``.

=========================  =====================  =============================================================
problem                    keys of                a record has the problem when
=========================  =====================  =============================================================
assessment_late            assessments            authorised: WD(start_date, authorised_date) > 45;
                                                  not authorised: WD(start_date, as_at) > 45
assessment_child_not_seen  assessments            child_seen is false (blank is not false: see missing_data)
missing_data               assessments            child_seen is blank, or type is blank
referral_nfa_not_seen      referrals              nfa is true and child_seen is false
contact_decision_late      contacts               decided: WD(date, decision_date) > 1;
                                                  undecided: WD(date, as_at) > 1
strategy_agency_absent     strategy_discussions   police_attended is false or health_attended is false
s47_without_strategy       s47_enquiries          the child has no strategy discussion dated on or before the
                                                  enquiry's start_date (in this data strategy_id is then blank)
icpc_late                  s47_enquiries          with S = the discussion named by strategy_id (else the child's
                                                  latest one on or before start_date; none: not judged):
                                                  icpc_date set and WD(S.date, icpc_date) > 15; or icpc_date
                                                  blank, icpc_not_required false and WD(S.date, as_at) > 15
cp_review_late             cp_plans               review conferences R1, R2, ... (cp_conferences of type review
                                                  with this plan_id, by date): R1 due by start_date + 3 months,
                                                  each later one by the previous + 6 months; late if some R_k is
                                                  after its due date, or the plan was still running (open:
                                                  as_at; ended: end_date) after the due date of the first
                                                  review that was never held
cp_not_seen_alone          cp_plans               open plan whose latest cp visit (type cp, on or after
                                                  start_date, up to as_at) has seen_alone false
cp_visit_overdue           cp_plans               open plan: WD(latest cp visit on or after start_date, as_at)
                                                  > 10, or no such visit and WD(start_date, as_at) > 10
lac_review_late            care_periods           lac_reviews with this period_id, by date: R1 due by
                                                  start_date + 20 WD, R2 by R1 + 3 months, each later one by
                                                  the previous + 6 months; late as for cp_review_late
lac_visit_overdue          care_periods           open period with no visit of type lac for the child dated
                                                  as_at - 42 days .. as_at
lac_health_overdue         care_periods           open period, WD(start_date, as_at) > 20 (initial health
                                                  assessment due), and no health assessment for the child dated
                                                  add_months(as_at, -6) .. as_at (under 5 at as_at) or
                                                  add_months(as_at, -12) .. as_at (5 or over)
care_leaver_unsuitable     care_leavers           accommodation_suitable is false
pathway_plan_overdue       care_leavers           eligibility eligible/relevant/former_relevant, in_touch not
                                                  DIED/NREQ, as_at after 16th birthday + 3 months, and no pathway
                                                  plan dated add_months(as_at, -6) .. as_at
supervision_gap            social_workers         over the year clipped to the worker's employment [p0, p1]:
                                                  taking the latest supervision on or before p0 (else p0), each
                                                  supervision in (p0, p1], then p1, some consecutive pair is
                                                  more than 28 days apart
unallocated                children               an allocation open at as_at (start_date <= as_at, end_date
                                                  blank or after as_at) has a blank worker_id
caseload_high              social_workers         more than 20 allocations open at as_at with this worker_id
=========================  =====================  =============================================================

Usage::

    casecheck generate --children 300 --seed 2025 --profile adequate --out examples/council
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from checker.tools.generate.care import Generator
from checker.tools.generate.census import (
    CENSUS_PROBLEMS,
    CENSUS_RATES,
    census_dress,
    write_census,
)
from checker.tools.generate.common import (
    PROBLEMS,
    PROFILES,
    RATES,
    Council,
    csc_schema,
    schema_fields,
    year_start,
)
from checker.tools.generate.truth import compute_truth

__all__ = [
    "PROFILES",
    "PROBLEMS",
    "RATES",
    "CENSUS_PROBLEMS",
    "CENSUS_RATES",
    "Council",
    "generate",
    "write_csv",
    "write_truth",
    "write_census",
    "census_dress",
    "compute_truth",
    "schema_fields",
    "year_start",
]

def generate(children: int, seed: int, profile: str, as_at: date = date(2025, 3, 31)) -> Council:
    """A synthetic council of ``children`` children, a year of records ending at ``as_at``,
    with practice problems planted at the rates of ``profile`` (one of ``PROFILES``)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    if isinstance(children, bool) or not isinstance(children, int) or children < 0:
        raise ValueError(f"children must be a whole number >= 0, got {children!r}")
    gen = Generator(children, seed, profile, as_at)
    tables = gen.run()
    truth = compute_truth(tables, as_at, gen.cal)
    return Council(tables=tables, truth=truth, as_at=as_at, seed=seed, profile=profile)


def write_truth(council: Council, path: Path) -> None:
    """truth.json: for each planted problem, the records that carry it."""
    truth = {
        "as_at": council.as_at.isoformat(),
        "seed": council.seed,
        "profile": council.profile,
        "children": len(council.tables.get("children", ())),
        "problems": {p: list(keys) for p, keys in council.truth.items()},
        "problem_tables": {p: PROBLEMS[p][0] for p in council.truth if p in PROBLEMS},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(truth, sort_keys=True, indent=2) + "\n")


def write_csv(council: Council, out_dir: Path) -> None:
    """One ``<table>.csv`` per schema table (schema field order, UTF-8, ``\\n`` line ends,
    ISO dates, ``true``/``false``, blank for missing) and ``truth.json``."""
    from checker.data.readers.native import write_csv_folder

    out_dir = Path(out_dir)
    write_csv_folder(council.tables, csc_schema(), out_dir)
    write_truth(council, out_dir / "truth.json")
