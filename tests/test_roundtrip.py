"""Round trips across every input format, as property tests over generated councils.

1. Generate a council, write it in each format (``adapters.writer``), read it
   back (``load_data``) and ``casecheck convert`` it to the native CSV folder:

   - csv, jsonl, xlsx carry everything: the typed tables read back equal the
     generated tables exactly (every table, record, field and Python type);
   - annex-a, cin-xml, ssda903 carry part of it: the same property over what
     the format carries (``LoadResult.absent_fields`` and the tables it has),
     comparing bags of field values since their keys are made up by the
     reader; the exceptions (latest-only lists, derived values, the children a
     return covers) are listed per format below, each with its reason;
   - for every format, the CSV folder ``convert`` writes reads back as exactly
     the tables the direct read gave.

2. The example pack's rules (``examples/pack``, as at 2025-03-31, with the
   pack's calendar) give the same outcomes on every format of one council:
   per record key and reason for csv, jsonl and xlsx; per child (so also in
   total) for the lossy formats, on every rule ``cli.unavailable`` lets run.

The per-adapter tests (``test_adapter_*.py``) cover each format's own details
on one fixed council; this file checks the formats against each other over
many councils. ``CASECHECK_ROUNDTRIP_EXAMPLES`` raises the number of
councils tried (default 5 per property) for a deeper local run.

Bugs found are ``xfail(strict=True)`` tests at the end of the file.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cli import cli
from checker.data.load import LoadResult, load_data
from checker.data.readers import writer
from checker.engine.availability import for_format, meaning, not_judged, unavailable
from checker.engine.outcomes import judge_all, outcome_counts
from checker.model import Context
from checker.packs.pack import load_pack
from checker.tools.generate import PROFILES, generate

ROOT = Path(__file__).resolve().parent.parent
PACK = load_pack(ROOT / "examples" / "pack")
SCHEMA = PACK.schema
AS_AT = dt.date(2025, 3, 31)

EXACT = ["csv", "jsonl", "xlsx"]
LOSSY = ["annex-a", "cin-xml", "ssda903"]
TARGET = {"csv": "csv", "jsonl": "jsonl", "xlsx": "council.xlsx", "annex-a": "annex_a.xlsx",
          "cin-xml": "census.xml", "ssda903": "ssda903"}

EXAMPLES = int(os.environ.get("CASECHECK_ROUNDTRIP_EXAMPLES", "5"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
councils = st.tuples(
    st.integers(min_value=20, max_value=150),  # children
    st.integers(),  # seed: any int
    st.sampled_from(PROFILES),
)


# --------------------------------------------------------------------------- helpers


def write_and_load(tables, fmt: str, folder: Path) -> tuple[Path, LoadResult]:
    path = folder / TARGET[fmt]
    writer(fmt)(tables, SCHEMA, path, AS_AT)
    return path, load_data(path, SCHEMA, fmt, AS_AT)


def errors(result: LoadResult) -> list[str]:
    return [d.render() for d in result.diagnostics.errors]


def clean(result: LoadResult, fmt: str) -> None:
    """No errors, nothing rejected, every table's accounting balanced."""
    assert result.format == fmt
    assert errors(result) == []
    assert result.rejections == [], result.rejections[:5]
    for name, acc in result.accounts.items():
        assert acc.balanced(), name
        assert sum(acc.rejected.values()) == 0, name


def convert(path: Path, fmt: str, out: Path) -> LoadResult:
    """``casecheck convert PATH --out OUT`` (format detected from the content),
    then OUT read back as the native CSV folder."""
    r = CliRunner().invoke(cli, ["convert", str(path), "--out", str(out)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert f"{fmt}: rows read " in r.output and "rejected 0;" in r.output, r.output
    back = load_data(out, SCHEMA, "csv", AS_AT)
    assert errors(back) == []
    assert back.rejections == []
    # convert writes only the columns the input carried (so a rule needing
    # another is still not evaluable) and its rejects.csv, which the CSV
    # reader knows is not a table: no other warning
    codes = {d.code for d in back.diagnostics.warnings}
    assert codes <= {"missing-column"}, [d.message for d in back.diagnostics.warnings]
    return back


def same_tables(a: LoadResult, b: LoadResult) -> None:
    """The same tables, records (by key) and typed values. Line numbers are
    not compared: convert writes records in key order."""
    assert sorted(a.accounts) == sorted(b.accounts)
    assert sorted(a.missing_tables) == sorted(b.missing_tables)
    for name in SCHEMA.tables:
        ra = [(r.key, r.values) for r in a.dataset.tables[name]]
        rb = [(r.key, r.values) for r in b.dataset.tables[name]]
        assert ra == rb, name
        for (_, va), (_, vb) in zip(ra, rb):
            assert [type(v) for v in va.values()] == [type(v) for v in vb.values()], name
    assert a.counts()["evaluated"] == b.counts()["evaluated"]

    def issues(r):
        return sorted((i.check, i.table, i.key, i.column, i.value) for i in r.integrity)

    assert issues(a) == issues(b)


# --------------------------------------------------------------------------- 1. round trips: the exact formats


@pytest.mark.parametrize("fmt", EXACT)
@PROPERTY
@given(council=councils)
def test_exact_formats_round_trip_every_field(fmt, council):
    n, seed, profile = council
    source = generate(n, seed, profile, AS_AT).tables
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path, loaded = write_and_load(source, fmt, tmp)
        clean(loaded, fmt)
        assert loaded.diagnostics.warnings == []
        assert loaded.missing_tables == []
        for name, table in SCHEMA.tables.items():
            assert loaded.absent_fields(name, SCHEMA) == set(), name
            assert loaded.accounts[name].partial is None, name
            acc = loaded.accounts[name]
            assert acc.read == acc.loaded == len(source[name]), name
            got = {r.key: r.values for r in loaded.dataset.tables[name]}
            (key,) = table.key
            assert sorted(got) == sorted(str(rec[key]) for rec in source[name]), name
            for rec in source[name]:
                values = got[str(rec[key])]
                assert list(values) == list(table.fields), name
                for f in table.fields:
                    assert values[f] == rec[f], (fmt, name, rec[key], f, values[f], rec[f])
                    assert type(values[f]) is type(rec[f]), (fmt, name, rec[key], f)
        same_tables(loaded, convert(path, fmt, tmp / "converted"))


# --------------------------------------------------------------------------- 1. round trips: the lossy formats
#
# What is compared: for each table the format has, the bag of values of the
# fields it carries (``absent_fields`` says which), leaving out the table's
# own key and the references to other records (``referral_id``, ``plan_id``,
# ``period_id``...), because the reader makes its own keys (Annex A
# ``L3/C1/2024-05-01``, the 903 ``C1/2024-05-01``, the census numbers records
# within a child). ``child_id`` is the child's own ID and is compared.
#
# Exceptions, per format and table, and why:

# Fields the format does not carry but whose reader does not say so
# (``absent_fields`` is empty): see test_ssda903_says_which_fields_it_does_not_carry.
NOT_DECLARED: dict[str, dict[str, set[str]]] = {
    "ssda903": {
        "children": {"disabled", "expected_date_of_birth"},
        "care_periods": {"worker_id", "team"},
        "care_leavers": {"eligibility", "personal_adviser_id", "last_contact_date"},
    },
}

# Carried fields whose values the reader derives rather than reads back, so
# they legitimately differ from the generated values.
DERIVED: dict[str, dict[str, set[str]]] = {
    # every assessment in these returns is a single assessment (WT 2013 onwards): `type` is set so;
    # Annex A keeps no names: a worker or personal adviser named in it is `named in Annex A`
    # list 5's one date is written from the strategy discussion that started the enquiry, where linked
    # list 3's referrals in the last 12 months is counted from the referrals; list 8's permanence plan,
    # missing and absent counts and return interviews from the period and the missing episodes
    "annex-a": {"assessments": {"type", "worker_id"}, "s47_enquiries": {"worker_id", "start_date"},
                "care_periods": {"worker_id", "placement_long_term", "missing_episodes_12m", "absent_episodes_12m",
                                 "return_interview_offered", "return_interview_accepted"},
                "care_leavers": {"personal_adviser_id"}, "referrals": {"referrals_last_12_months"}},
    "cin-xml": {"assessments": {"type"}, "s47_enquiries": {"start_date"}},  # S47ActualStartDate as Annex A's list 5
    "ssda903": {
        # the 903's SEX is M, F or U (since 2024/25); a sex csc lacks is written blank
        "children": {"sex"},
        # derived from the episodes written for the period, and from PLACE (ssda903.LONG_TERM_FOSTER)
        "care_periods": {"placements_last_12_months", "placement_long_term",
                         # OC2's flags, written from the health assessments (ssda903_write.oc2_rows)
                         "health_check_up_to_date", "dental_check_up_to_date", "immunisations_up_to_date"},
    },
}

# Tables the reader makes from another table's records (a strategy discussion on each enquiry's
# start date: the returns give the two one date), compared with that table instead.
FROM_ENQUIRIES = {"annex-a", "cin-xml"}

# Tables the format holds only the latest records of (one value per plan,
# period or care leaver: "date of latest review", "date of last visit"...),
# or holds a subset of (the children on the lists): every record read back
# must be a real one (a subset, by the fields given), not every real record
# is read back.
SUBSET: dict[str, dict[str, tuple[str, ...]]] = {
    "annex-a": {
        # only children on some list, and disabled (lists 4-9) and uasc
        # (lists 8-9) only from some lists: compared in annex_a_children below
        "children": ("child_id", "date_of_birth", "sex", "ethnicity"),
        # the latest cp visit per plan and lac visit per period; `seen` is
        # derived (true when seen alone), and lac visits carry neither seen nor seen_alone
        "visits": ("child_id", "type", "date"),
        # the ICPC from list 5 and the latest review conference per plan (list 7)
        "cp_conferences": ("child_id", "type", "date"),
        "lac_reviews": ("child_id", "date"),  # latest per period
        "health_assessments": ("child_id", "date"),  # latest per period
        "pathway_plans": ("child_id", "date"),  # latest per care leaver
    },
    "ssda903": {
        # read back from the episodes, one per placement; the writer writes the episodes of a
        # period from its placement count and current placement (ssda903_write.placement_starts),
        # not from the placements table, so only the children are the source's
        "placements": ("child_id",),
    },
}


def population(fmt: str, tables) -> set[str] | None:
    """The children whose records a return covers (None: every child)."""
    if fmt == "cin-xml":  # the census is built of referral episodes: a child with no referral is not in it
        return {r["child_id"] for r in tables["referrals"]}
    if fmt == "ssda903":  # children looked after, and care leavers
        return ({p["child_id"] for p in tables["care_periods"]} | {r["child_id"] for r in tables["lac_reviews"]}
                | {c["child_id"] for c in tables["care_leavers"]})
    return None


def compared_fields(loaded: LoadResult, fmt: str, table: str) -> list[str]:
    t = SCHEMA.tables[table]
    refs = {link.local_field for link in t.links.values() if not link.inverse and link.target != "children"}
    skip = (set(t.key) - {"child_id"}) | refs | loaded.absent_fields(table, SCHEMA)
    skip |= NOT_DECLARED.get(fmt, {}).get(table, set()) | DERIVED.get(fmt, {}).get(table, set())
    return [f for f in t.fields if f not in skip]


def bag(records, fields) -> Counter:
    return Counter(tuple(r.get(f) for f in fields) for r in records)


def annex_a_children(source, loaded: LoadResult) -> None:
    listed = {r["child_id"] for t in ("contacts", "referrals", "assessments", "s47_enquiries", "cin_plans", "cp_plans",
                                      "care_periods", "care_leavers") for r in source[t]}
    kids = {c["child_id"]: c for c in source["children"]}
    got = {r.values["child_id"]: r.values for r in loaded.dataset.tables["children"]}
    assert set(got) == listed
    for cid, v in got.items():
        for f in ("disabled", "uasc"):
            assert v[f] in (kids[cid][f], None), (cid, f)


@pytest.mark.parametrize("fmt", LOSSY)
@PROPERTY
@given(council=councils)
def test_lossy_formats_round_trip_what_they_carry(fmt, council):
    n, seed, profile = council
    source = generate(n, seed, profile, AS_AT).tables
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path, loaded = write_and_load(source, fmt, tmp)
        clean(loaded, fmt)
        who = population(fmt, source)
        compared = 0
        for name in SCHEMA.tables:
            if name in loaded.missing_tables:
                assert loaded.dataset.tables[name] == []
                continue
            src = [r for r in source[name] if who is None or r["child_id"] in who]
            got = [r.values for r in loaded.dataset.tables[name]]
            if name == "strategy_discussions" and fmt in FROM_ENQUIRIES:
                s47 = loaded.dataset.tables["s47_enquiries"]
                assert bag(got, ("child_id", "date")) == Counter(
                    (r.values["child_id"], r.values["start_date"]) for r in s47), fmt
                continue
            subset = SUBSET.get(fmt, {}).get(name)
            if subset is not None:
                extra = set(bag(got, subset)) - set(bag(src, subset))
                assert not extra, (fmt, name, sorted(extra, key=repr)[:5])
                continue
            fields = compared_fields(loaded, fmt, name)
            assert fields, (fmt, name)
            want, have = bag(src, fields), bag(got, fields)
            assert have == want, (fmt, name, fields, sorted((have - want).items(), key=repr)[:3],
                                  sorted((want - have).items(), key=repr)[:3])
            compared += 1
        assert compared >= 3
        if fmt == "annex-a":
            annex_a_children(source, loaded)
        if fmt == "ssda903":  # SEX: M, F and U survive; no sex is blank
            kids = {c["child_id"]: c for c in source["children"]}
            for r in loaded.dataset.tables["children"]:
                s = kids[r.key]["sex"]
                assert r.values["sex"] == (s if s in ("M", "F", "U") else None), r.key
        # convert writes exactly what was read: made-up keys and blanks included
        same_tables(loaded, convert(path, fmt, tmp / "converted"))


# --------------------------------------------------------------------------- 2. the example pack on every format
#
# Which of the example pack's rules can run on which lossy format, and why not: as the run
# decides it (``engine/availability``: ``unavailable`` before, then ``not_judged`` after judging
# record by record). Every rule can run on csv, jsonl and xlsx.
#
# annex-a runs:
#   EX-ASSESS-45WD, EX-ASSESS-CHILD-SEEN, EX-CL-ACCOM-SUITABLE   list 4 and list 9 carry every field these read.
#   EX-CP-SEEN-ALONE       reads the latest cp visit of an open plan, which is what list 7 carries.
#   EX-LAC-HEALTH-TIMELY   "some health assessment in the last 12 (under 5: 6) months" holds exactly
#                       when the latest does, which is what list 8 carries.
#   EX-ICPC-15WD           from the strategy discussion list 5's one date is (the readers make it a record)
# annex-a does not run (and must not: it would be judged on data never there):
#   EX-S47-STRATEGY-FIRST  list 5's one date is the strategy discussion that started the enquiry: it could
#                       never fail (the rule's formats: annex-a: not_run; likewise the census)
#   EX-CP-REVIEW-TIMELY, EX-LAC-REVIEW-TIMELY   only the latest review: the schedule needs all of them
#   EX-LAC-VISIT-TIMELY    list 8 keeps only the latest visit, so the visit in the first week of a
#                       placement started in the year (regulation 28(2)(a)) cannot be shown: a period
#                       the full record fails for it could pass (the rule's formats: annex-a: not_run)
#   EX-CONTACT-DECISION-1WD, EX-REFERRAL-NFA-SEEN   contacts.decision_date, referrals.child_seen not in lists 1, 3
#                       (EX-REFERRAL-NFA-SEEN runs, every record not applicable, when no referral ended in NFA)
#   EX-UNALLOCATED-CASES, EX-SUPERVISION-INTERVAL, EX-CASELOAD-LIMIT, EX-AUDIT-VIEWS-RECORDED   no workforce,
#                       allocation or audit tables
# cin-xml runs EX-ASSESS-45WD and EX-CP-REVIEW-TIMELY (the census keeps every assessment and every
#   review conference, with their dates), and EX-ICPC-15WD (S47ActualStartDate is the strategy discussion's). Not: EX-ASSESS-CHILD-SEEN and EX-REFERRAL-NFA-SEEN (child_seen is
#   not in the census), and the rules on contacts, strategy discussions, visits, care, care leavers
#   and the workforce (no such tables).
# ssda903 runs EX-CL-ACCOM-SUITABLE (OC3: in touch, accommodation and its suitability) and
#   EX-LAC-REVIEW-TIMELY (every review, linked to its period of care). Not: EX-LAC-VISIT-TIMELY and
#   EX-LAC-HEALTH-TIMELY (no visits, no health assessments in the 903), and everything outside care.
#
# Every record a rule decides on a lossy format has the outcome it has on CSV for the same child
# (never graded on data that was never there); the records it cannot decide are not evidenced
# because of the format, out of the rate.
RUNS_ON: dict[str, set[str]] = {
    "annex-a": {"EX-ASSESS-45WD", "EX-ASSESS-CHILD-SEEN", "EX-CL-ACCOM-SUITABLE", "EX-CP-SEEN-ALONE", "EX-LAC-HEALTH-TIMELY",
                "EX-ICPC-15WD"},
    "cin-xml": {"EX-ASSESS-45WD", "EX-CP-REVIEW-TIMELY", "EX-ICPC-15WD"},
    "ssda903": {"EX-CL-ACCOM-SUITABLE", "EX-LAC-REVIEW-TIMELY", "EX-UNALLOCATED-CASES"},  # SWEpisodes: allocations
}
# the tables Annex A makes from one column of list 5, 7, 8 or 9 (the latest visit, review, ...)
ANNEX_A_DERIVED = {"visits", "cp_conferences", "lac_reviews", "health_assessments", "pathway_plans"}
KNOWN_RULES = {"EX-ASSESS-45WD", "EX-ASSESS-CHILD-SEEN", "EX-CL-ACCOM-SUITABLE", "EX-S47-STRATEGY-FIRST", "EX-ICPC-15WD",
               "EX-CP-REVIEW-TIMELY", "EX-CP-SEEN-ALONE", "EX-LAC-REVIEW-TIMELY", "EX-LAC-VISIT-TIMELY", "EX-LAC-HEALTH-TIMELY",
               "EX-CONTACT-DECISION-1WD", "EX-REFERRAL-NFA-SEEN", "EX-UNALLOCATED-CASES", "EX-SUPERVISION-INTERVAL",
               "EX-CASELOAD-LIMIT", "EX-AUDIT-VIEWS-RECORDED"}


def judged(loaded: LoadResult) -> dict[str, list | None]:
    """rule id -> its outcomes on this input (None: not run), as the run decides it."""
    ctx = Context(loaded.dataset, PACK.calendar, AS_AT, PACK.params)
    out: dict[str, list | None] = {}
    for rule in PACK.rules:
        judged_as, why = for_format(rule, loaded.judged_as)
        if why or unavailable(judged_as, loaded, SCHEMA, summary=judged_as is not rule):
            out[rule.id] = None
            continue
        outcomes = judge_all(judged_as, ctx)
        out[rule.id] = None if not_judged(outcomes) else outcomes
    return out


def by_child(loaded: LoadResult, subject: str, outcomes) -> Counter | None:
    """(child, outcome) counts over the records decided from what the input carries."""
    if "child_id" not in SCHEMA.tables[subject].fields:
        return None
    child = {r.key: r.values["child_id"] for r in loaded.dataset.tables[subject]}
    return Counter((child[o.key], o.outcome) for o in outcomes if o.carried)


def test_the_example_pack_is_the_one_documented():
    assert {r.id for r in PACK.rules} >= KNOWN_RULES
    assert PACK.calendar.is_working_day(dt.date(2024, 12, 27)) is False  # the pack's own closure day


@PROPERTY
@given(council=st.tuples(st.integers(min_value=20, max_value=300), st.integers(), st.sampled_from(PROFILES)))
def test_example_pack_gives_the_same_outcomes_on_every_format(council):
    n, seed, profile = council
    source = generate(n, seed, profile, AS_AT).tables
    rules = {r.id: r for r in PACK.rules}
    with tempfile.TemporaryDirectory() as tmp:
        loads = {fmt: write_and_load(source, fmt, Path(tmp))[1] for fmt in EXACT + LOSSY}
        csv_loaded = loads["csv"]
        base = judged(csv_loaded)
        assert all(v is not None for v in base.values()), [k for k, v in base.items() if v is None]
        for fmt in EXACT[1:]:
            got = judged(loads[fmt])
            for rid, outcomes in base.items():
                # per record: the same keys, outcomes and reasons
                assert got[rid] == outcomes, (fmt, rid)
        for fmt in LOSSY:
            got = judged(loads[fmt])
            runs = {rid for rid, v in got.items() if v is not None}
            expected = RUNS_ON[fmt]
            if fmt == "annex-a":
                # a table Annex A derives from a column (list 8's Date of Last Health Assessment...) is
                # said to be missing when the column is blank on every row: see
                # test_annex_a_blank_column_is_not_a_missing_table
                vanished = ANNEX_A_DERIVED & set(loads[fmt].missing_tables)
                expected = {rid for rid in expected if not rules[rid].tables & vanished}
            # a rule outside RUNS_ON runs only where it applies to no record at all
            extra = {rid for rid in runs & KNOWN_RULES - expected
                     if outcome_counts(got[rid])["not_applicable"] != len(got[rid])}
            assert not extra, (fmt, sorted(extra))
            for rid in sorted(runs):
                subject = rules[rid].subject
                ours, theirs = by_child(loads[fmt], subject, got[rid]), by_child(csv_loaded, subject, base[rid])
                if ours is None:
                    assert outcome_counts(got[rid]) == outcome_counts(base[rid]), (fmt, rid)
                else:  # every record decided from the format is decided so on the full data
                    assert not ours - theirs, (fmt, rid, sorted((ours - theirs).items())[:5])


def test_what_runs_on_each_lossy_format():
    """For a council with something of everything, exactly RUNS_ON runs (of the rules known)."""
    source = generate(150, 7, "adequate", AS_AT).tables
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in LOSSY:
            got = judged(write_and_load(source, fmt, Path(tmp))[1])
            assert {rid for rid, v in got.items() if v is not None} & KNOWN_RULES == RUNS_ON[fmt], fmt


# --------------------------------------------------------------------------- bugs found


# Regression (was a bug found by this file; fixed):
def test_ssda903_says_which_fields_it_does_not_carry(tmp_path):
    source = generate(60, 3, "inadequate", AS_AT).tables
    _, loaded = write_and_load(source, "ssda903", tmp_path)
    clean(loaded, "ssda903")
    # the adapter's docstring: "eligibility, personal_adviser_id and last_contact_date are not in the 903 and stay blank"
    for table, fields in NOT_DECLARED["ssda903"].items():
        assert all(r.values[f] is None for r in loaded.dataset.tables[table] for f in fields), table
    # not carried, record by record: a rule reading it is not judged on blanks
    assert all("eligibility" in r.absent for r in loaded.dataset.tables["care_leavers"])
    for table, fields in NOT_DECLARED["ssda903"].items():
        assert loaded.absent_fields(table, SCHEMA) >= fields, table


# Regression (was a bug found by this file; fixed):
@pytest.mark.parametrize("fmt", ["annex-a", "cin-xml"])
def test_convert_keeps_what_the_input_does_not_carry(fmt, tmp_path):
    source = generate(80, 5, "adequate", AS_AT).tables
    path, loaded = write_and_load(source, fmt, tmp_path)
    back = convert(path, fmt, tmp_path / "converted")
    same_tables(loaded, back)  # the values survive ...
    for table in loaded.accounts:
        # ... but e.g. contacts.decision_date (Annex A) or assessments.child_seen (census) become
        # columns that are blank for every record, which rules read as "not done"
        assert back.absent_fields(table, SCHEMA) >= loaded.absent_fields(table, SCHEMA), table
    # fields it lacks for every record or for some, tables it has no place for or holds only in part
    # all survive convert (its casecheck-source.json): the converted folder is judged as the return
    # was, rule by rule and record by record, never on blanks
    assert back.dataset.lacks_some and back.judged_as == fmt
    mine, theirs = judged(loaded), judged(back)
    for rule in PACK.rules:
        tables, fields = meaning(rule)
        lacks = any(f in loaded.absent_fields(t, SCHEMA) for t, f in fields if t not in loaded.missing_tables)
        partial = any(loaded.accounts[t].partial for t in tables if t in loaded.accounts)
        # (a rule that reads a field the format lacks only on some records - EX-CP-SEEN-ALONE reads the
        # expected date of birth only where the date of birth is blank - may meet none of them: then
        # the record-by-record comparison below is what holds)
        conditional = mine[rule.id] is not None and all(o.carried for o in mine[rule.id]) and not partial
        if (lacks or partial) and not conditional:
            assert theirs[rule.id] is None or any(not o.carried for o in theirs[rule.id]), rule.id
        assert (theirs[rule.id] is None) == (mine[rule.id] is None), rule.id
        if mine[rule.id] is not None:
            assert [(o.key, o.outcome, o.carried) for o in theirs[rule.id]] == \
                [(o.key, o.outcome, o.carried) for o in mine[rule.id]], rule.id


# Regression (was a bug found by this file; fixed):
def test_annex_a_writer_passes_as_at(tmp_path):
    from openpyxl import load_workbook

    source = generate(20, 1, "adequate", AS_AT).tables
    path = tmp_path / "annex_a.xlsx"
    writer("annex-a")(source, SCHEMA, path, AS_AT)
    wb = load_workbook(path, read_only=True)
    rows = list(wb["List 1 - Contacts"].iter_rows(min_row=3, values_only=True))
    wb.close()
    age = rows[0].index("Age of Child (Years)")
    assert rows[1:] and all(r[age] is not None for r in rows[1:] if r[3] is not None)


# Regression (was a bug found by this file; fixed):
def test_annex_a_blank_column_is_not_a_missing_table(tmp_path):
    source = dict(generate(60, 3, "inadequate", AS_AT).tables, health_assessments=[])
    rule = PACK.rule("EX-LAC-HEALTH-TIMELY")
    _, from_csv = write_and_load(source, "csv", tmp_path)
    _, from_annex_a = write_and_load(source, "annex-a", tmp_path)
    assert source["care_periods"] and unavailable(rule, from_csv, SCHEMA) == []
    ctx = Context(from_csv.dataset, PACK.calendar, AS_AT, PACK.params)
    assert outcome_counts(judge_all(rule, ctx))["fail"] > 0
    # list 8 is there, with its Date of Last Health Assessment column, blank on every row
    assert "care_periods" not in from_annex_a.missing_tables
    assert "health_assessments" not in from_annex_a.missing_tables  # today: missing
    assert unavailable(rule, from_annex_a, SCHEMA) == []
