"""Not carried: what a return format has no place for is not a blank.

A value the input's format lacks (Annex A list 8 visits record no seen-alone,
the census no visits at all) is unknown by Kleene logic but kept apart from a
missing value: a record whose outcome turns on it is not evidenced *because
of the format*, named in its reason, and out of the rate whatever
``missing:`` says; a rule no record of which could be decided is not run.
Both engines give the same (``engine/availability``, ``engine/outcomes``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from results import but_engine

from checker.cli import cli
from checker.data.load import load_data, load_records
from checker.data.readers import writer
from checker.engine.availability import not_judged, touches_not_carried, unavailable
from checker.engine.evaluate import Evaluator
from checker.engine.outcomes import judge_all
from checker.engine.sql import SqlEngine
from checker.language.parser import parse_expression
from checker.language.typecheck import Checker
from checker.model import NOT_EVIDENCED, PASS, Context, NotCarried
from checker.packs.pack import load_pack
from checker.report.result import RuleResult
from checker.schema import builtin_schema_path, load_schema
from checker.tools.generate import generate
from checker.workdays import Calendar

SCHEMA = load_schema(builtin_schema_path("csc"))
AS_AT = dt.date(2025, 3, 31)
ILACS = load_pack("ilacs")


def _marked(data, lacks: dict[tuple[str, str], set[str]] | None = None, absent_tables=None):
    """Records loaded as a return format would leave them: ``lacks`` maps
    (table, key) to the fields that record's source has no place for."""
    loaded = load_records(SCHEMA, data, "test")
    assert loaded.rejections == [] and not loaded.diagnostics.errors
    ds = loaded.dataset
    ds.lacks_some = True
    ds.format_title = "Annex A"
    ds.absent_tables = dict(absent_tables or {})
    ds.not_carried_why = {("visits", "seen_alone"): "Annex A list 8 does not record whether the child was seen alone"}
    for (table, key), fields in (lacks or {}).items():
        row = next(r for r in ds.tables[table] if r.key == key)
        row.absent = frozenset(fields)
    return loaded


def _value(loaded, table, key, text):
    node = parse_expression(text)
    checker = Checker(SCHEMA, table)
    checker.check(node)
    assert checker.diagnostics == [], [d.message for d in checker.diagnostics]
    ctx = Context(loaded.dataset, Calendar(), AS_AT, {})
    row = next(r for r in loaded.dataset.tables[table] if r.key == key)
    return Evaluator(ctx).run(node, row)[0]


CHILD = {"children": [{"child_id": "C1", "date_of_birth": "2012-01-01"}]}


def _assessment(**lacks):
    data = dict(CHILD, assessments=[{"assessment_id": "A1", "child_id": "C1", "start_date": "2025-01-06",
                                     "authorised_date": "2025-02-03", "child_seen": "true"}])
    return _marked(data, {("assessments", "A1"): {"child_seen_alone", "referral_id"}})


@pytest.mark.parametrize("text, expected", [
    ("child_seen_alone == true", "nc"),
    ("child_seen_alone is missing", "nc"),  # whether it would have been blank is not known
    ("child_seen_alone is present", "nc"),
    ("child_seen_alone ?? false", "nc"),
    ("coalesce(child_seen_alone, false)", "nc"),
    ("child_seen and child_seen_alone", "nc"),
    ("not child_seen and child_seen_alone", False),  # decided whatever it would have been
    ("child_seen or child_seen_alone", True),
    ("child_seen_alone or child_seen", True),
    ("team is present and child_seen_alone", False),  # a blank decides it: not the format's doing
    ("team == \"A\" and child_seen_alone", None),  # blank and not-carried both unknown: the format could decide it
    ("child_seen_alone in [true, false]", "nc"),
    ("count([child_seen_alone, true]) == 2", True),  # how many is known; what they are is not
    ("referral.date < start_date", "nc"),  # a relation through a field the format lacks
    ("team ?? \"none\"", "none"),
])
def test_kleene_with_not_carried(text, expected):
    got = _value(_assessment(), "assessments", "A1", text)
    if expected == "nc":
        assert isinstance(got, NotCarried), got
        assert got.fmt == "Annex A"
    elif expected is None:
        # a blank (team) and a not-carried value (seen alone): filling in the latter could decide it
        assert isinstance(got, NotCarried), got
    else:
        assert got == expected


def test_a_relation_into_a_table_the_format_has_no_place_for_is_not_carried():
    loaded = _marked(CHILD, absent_tables={"visits": "Annex A has no visits records"})
    got = _value(loaded, "children", "C1", "some v in visits where v.seen")
    assert isinstance(got, NotCarried) and got.why == "Annex A has no visits records"
    assert _value(loaded, "children", "C1", "date_of_birth < 2013-01-01 or some v in visits where v.seen") is True


def _lac(visits):
    data = dict(CHILD, care_periods=[{"period_id": "P1", "child_id": "C1", "start_date": "2024-01-01"}],
                visits=visits)
    return data


def test_lac_seen_alone_turns_on_the_format_only_where_the_latest_visit_lacks_it():
    rule = ILACS.rule("LAC-SEEN-ALONE")
    data = _lac([{"visit_id": "V1", "child_id": "C1", "type": "lac", "date": "2025-03-01"}])
    loaded = _marked(data, {("visits", "V1"): {"seen_alone", "seen", "worker_id"}})
    ctx = Context(loaded.dataset, ILACS.calendar, AS_AT, ILACS.params)
    [o] = judge_all(rule, ctx)
    assert (o.outcome, o.carried) == (NOT_EVIDENCED, False)
    assert "Annex A list 8 does not record whether the child was seen alone" in o.reason
    rr = RuleResult(rule, [o])
    assert rule.missing == "fail" and rr.denominator == 0  # out of the rate, whatever missing: says
    assert not_judged([o])  # and the rule is not run on such data
    # the same visit with seen alone recorded (a list 7-like source) is judged
    data["visits"][0]["seen_alone"] = "true"
    loaded = _marked(data)
    [o] = judge_all(rule, Context(loaded.dataset, ILACS.calendar, AS_AT, ILACS.params))
    assert (o.outcome, o.carried) == (PASS, True)


def test_both_engines_agree_on_not_carried_values():
    rule = ILACS.rule("LAC-SEEN-ALONE")
    data = _lac([{"visit_id": "V1", "child_id": "C1", "type": "lac", "date": "2025-03-01"}])
    loaded = _marked(data, {("visits", "V1"): {"seen_alone", "seen", "worker_id"}})
    ctx = Context(loaded.dataset, ILACS.calendar, AS_AT, ILACS.params)
    assert touches_not_carried(rule, loaded.dataset)
    engine = SqlEngine(SCHEMA, ctx)
    try:
        got = list(engine.judge_all(rule))
        assert got == judge_all(rule, ctx)
        assert [o.carried for o in got] == [False]
        assert engine.fallbacks == {}  # judged in SQL (compile_unknown), to the reference's outcomes
    finally:
        engine.close()


def test_a_reason_template_never_makes_a_rule_unavailable_and_reads_not_recorded():
    # CL-IN-TOUCH's fail reason names last_contact_date, which the SSDA903 does not carry
    rule = ILACS.rule("CL-IN-TOUCH")
    data = dict(CHILD, care_leavers=[{"child_id": "C1", "eligibility": "relevant", "in_touch": "NO"}])
    loaded = _marked(data, {("care_leavers", "C1"): {"last_contact_date", "personal_adviser_id"}})
    assert unavailable(rule, loaded, SCHEMA) == []
    outs = judge_all(rule, Context(loaded.dataset, ILACS.calendar, AS_AT, ILACS.params))
    assert [o.carried for o in outs] == [True]
    if "last_contact_date" in "".join(str(p) for t in rule.reasons.values() for p in t.parts):
        assert "not recorded in Annex A" in outs[0].reason


@pytest.fixture(scope="module")
def annex_a(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("annex_a")
    source = generate(300, 11, "adequate", AS_AT).tables
    path = tmp / "annex_a.xlsx"
    writer("annex-a")(source, SCHEMA, path, AS_AT)
    return path


def test_lac_seen_alone_on_annex_a_is_never_categorised(annex_a, tmp_path):
    """The issue's planted case: List 8 has no seen-alone column, so every child in care's latest
    visit turns on what the format lacks. Never 0%, never Inadequate: not run, with why."""
    loaded = load_data(annex_a, SCHEMA, None, AS_AT)
    rule = ILACS.rule("LAC-SEEN-ALONE")
    outs = judge_all(rule, Context(loaded.dataset, ILACS.calendar, AS_AT, ILACS.params))
    nc = [o for o in outs if not o.carried]
    assert nc and not any(o.outcome in ("pass", "fail") for o in outs)
    why = not_judged(outs)
    assert why and "list 8 does not record whether the child was seen alone" in " ".join(why)
    out = tmp_path / "r.json"
    res = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(annex_a), "--as-at", "2025-03-31",
                                   "--format", "json", "--out", str(out), "--fail-on", "none"])
    assert res.exit_code == 0, res.output  # no flag needed: what Annex A cannot carry is not run
    doc = json.loads(out.read_text())
    assert "LAC-SEEN-ALONE" not in {r["id"] for r in doc["rules"]}
    [entry] = [r for r in doc["not_run"] if r["id"] == "LAC-SEEN-ALONE"]
    assert "seen alone" in " ".join(entry["needs"])
    # every rule that was categorised rests on records decided from what Annex A carries
    for r in doc["rules"]:
        if r.get("category"):
            assert r["counts"]["pass"] + r["counts"]["fail"] > 0, r["id"]


@pytest.fixture(scope="module")
def returns(annex_a, tmp_path_factory) -> dict[str, Path]:
    """The same council as an Annex A workbook, a CIN census and an SSDA903 return."""
    tmp = tmp_path_factory.mktemp("returns")
    source = generate(120, 11, "adequate", AS_AT).tables
    out = {"annex-a": annex_a, "cin-xml": tmp / "census.xml", "ssda903": tmp / "ssda903"}
    for fmt in ("cin-xml", "ssda903"):
        writer(fmt)(source, SCHEMA, out[fmt], AS_AT)
    return out


@pytest.mark.parametrize("fmt", ["annex-a", "cin-xml", "ssda903"])
def test_both_engines_give_the_same_report_on_a_return_with_no_fallback(returns, fmt, tmp_path):
    """What a return does not carry is judged in SQL (engine/compile_unknown),
    with the reference's outcomes, reasons and not-carried counts: no rule of
    ``ilacs`` goes back to the reference evaluator for it (before: 19 rules
    on Annex A, 13 on the census, 11 on SSDA903)."""
    outs = {}
    for engine in ("reference", "duckdb"):
        out = tmp_path / f"{engine}.json"
        res = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(returns[fmt]), "--as-at", "2025-03-31",
                                       "--format", "json", "--out", str(out), "--engine", engine, "--fail-on", "none"])
        assert res.exit_code == 0, res.output
        if engine == "duckdb":
            assert json.loads(out.read_text())["engine"]["fallbacks"] == []
        outs[engine] = but_engine(out.read_text(), engine)
    assert outs["reference"] == outs["duckdb"]
    doc = json.loads(outs["duckdb"])
    # the pass had work to do: outcomes turned on what the format lacks
    assert any(r.get("not_carried") for r in doc["rules"]) or any("does not carry" in " ".join(r["needs"]) for r in doc["not_run"])


@pytest.mark.postgres
@pytest.mark.parametrize("fmt", ["annex-a", "cin-xml", "ssda903"])
def test_postgres_judges_what_a_return_lacks_in_sql_too(returns, fmt, tmp_path, postgres_dsn):
    outs = {}
    for engine in ("reference", "postgres"):
        out = tmp_path / f"{engine}.json"
        extra = ["--dsn", postgres_dsn] if engine == "postgres" else []
        res = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(returns[fmt]), "--as-at", "2025-03-31", "--format",
                                       "json", "--out", str(out), "--engine", engine, "--fail-on", "none", *extra])
        assert res.exit_code == 0, res.output
        if engine == "postgres":
            assert json.loads(out.read_text())["engine"]["fallbacks"] == []
        outs[engine] = but_engine(out.read_text(), engine)
    assert outs["reference"] == outs["postgres"]


def test_an_area_no_rule_of_which_could_be_judged_is_not_judged_and_the_overall_is_withheld(annex_a, tmp_path):
    out = tmp_path / "r.json"
    res = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(annex_a), "--as-at", "2025-03-31",
                                   "--format", "json", "--out", str(out), "--fail-on", "none"])
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text())
    areas = {a["id"]: a for a in doc["areas"]}
    lead = areas["leadership"]  # supervision, caseloads, audits: none in Annex A
    assert lead["grade"] is None and lead["grade_label"] == "Not judged" and lead["not_run"]
    assert "not judged" in lead["why"]
    # required by the framework (rules/frameworks/ilacs.yaml): the overall judgement is withheld
    assert doc["overall"]["grade"] is None and doc["overall"]["grade_label"] == "Withheld"
    assert "leadership" in doc["overall"]["why"] and "help-and-protection" in doc["overall"]["why"]
    letter = tmp_path / "letter.md"
    CliRunner().invoke(cli, ["run", "ilacs", "--data", str(annex_a), "--as-at", "2025-03-31",
                             "--format", "letter", "--out", str(letter), "--fail-on", "none"])
    text = letter.read_text()
    assert "| Not judged |" in text and "**Withheld**" in text


def test_annex_a_derives_strategy_discussions_and_single_assessments(annex_a):
    ds = load_data(annex_a, SCHEMA, None, AS_AT).dataset
    assert {a.values["type"] for a in ds.tables["assessments"]} == {"single"}
    sds = {r.values["strategy_id"]: r for r in ds.tables["strategy_discussions"]}
    assert sds and all(sds[s.values["strategy_id"]].values["date"] == s.values["start_date"]
                       for s in ds.tables["s47_enquiries"])
    assert all("police_attended" in r.absent and "referral_id" in r.absent for r in sds.values())


def test_require_all_makes_a_rule_not_run_an_error(annex_a):
    res = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(annex_a), "--as-at", "2025-03-31", "--require-all"])
    assert res.exit_code == 2
    assert "LAC-SEEN-ALONE was not run" in res.output and "seen alone" in res.output


def test_a_native_folder_missing_a_table_is_still_an_error(tmp_path):
    folder = tmp_path / "csv"
    writer("csv")(generate(30, 2, "good", AS_AT).tables, SCHEMA, folder, AS_AT)
    (folder / "supervisions.csv").unlink()  # more likely a broken extract than a format's limit
    args = ["run", "ilacs", "--data", str(folder), "--as-at", "2025-03-31", "--fail-on", "none"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 2 and "SUPERVISION-INTERVAL" in res.output
    res = CliRunner().invoke(cli, args + ["--skip-unavailable", "--format", "json"])
    assert res.exit_code == 0, res.output


# --------------------------------------------------------------------------- the property: never graded on data never there

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: boolean fields a return may lack: every value they could have had is true, false or blank
_BOOLEANS = sorted((t, f) for t, tbl in SCHEMA.tables.items() for f, fld in tbl.fields.items()
                   if fld.type.kind == "boolean")


def _council(seed: int):
    tables = generate(25, seed, "inadequate", AS_AT).tables
    raw = {t: [{k: v for k, v in r.items() if v is not None} for r in rows] for t, rows in tables.items() if rows}
    return raw


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(seed=st.integers(0, 50), lacks=st.sets(st.sampled_from(_BOOLEANS), min_size=1, max_size=4),
       share=st.sampled_from([1, 2, 3]), fills=st.lists(st.sampled_from([True, False, None]), min_size=2, max_size=3))
def test_an_outcome_decided_without_a_not_carried_value_holds_whatever_it_was(seed, lacks, share, fills):
    """For every record a rule decides (pass, fail, not applicable) on data lacking some values,
    filling those values in, with any value, decides it the same way; and both engines agree."""
    data = _council(seed)
    marked = {}
    for table, field in lacks:
        for i, rec in enumerate(data.get(table, ())):
            if i % share == 0:  # every record, every other, or every third: per record, like list 8 visits
                rec.pop(field, None)
                marked.setdefault((table, rec[SCHEMA.tables[table].key[0]]), set()).add(field)
    loaded = _marked(data, {k: v for k, v in marked.items()})
    ctx = Context(loaded.dataset, ILACS.calendar, AS_AT, ILACS.params)
    rules = [r for r in ILACS.rules if any(f in fs for (t, f) in r.fields for (tt, _), fs in marked.items() if tt == t)]
    judged = {r.id: {o.key: o for o in judge_all(r, ctx)} for r in rules}
    for fill in fills:
        filled = {t: [dict(rec, **{f: fill for (tt, k), fs in marked.items() if tt == t and k == rec[SCHEMA.tables[t].key[0]]
                                   for f in fs}) for rec in rows] for t, rows in data.items()}
        filled = {t: [{k: v for k, v in rec.items() if v is not None} for rec in rows] for t, rows in filled.items()}
        full = load_records(SCHEMA, filled, "test")
        fctx = Context(full.dataset, ILACS.calendar, AS_AT, ILACS.params)
        for r in rules:
            for o in judge_all(r, fctx):
                mine = judged[r.id][o.key]
                if mine.carried and mine.outcome != NOT_EVIDENCED:
                    assert o.outcome == mine.outcome, (r.id, o.key, fill, mine.reason, o.reason)
    engine = SqlEngine(SCHEMA, ctx)
    try:
        for r in rules[:6]:
            assert list(engine.judge_all(r)) == list(judged[r.id].values()), r.id
    finally:
        engine.close()


@pytest.mark.parametrize("to", ["csv", "parquet"])
def test_convert_keeps_what_the_return_did_not_carry(annex_a, tmp_path, to):
    """A converted Annex A workbook is judged as the workbook was: its manifest keeps the tables
    Annex A has no place for, why each field is lacking and the records that lack a field others
    of their table carry (list 8 visits: no seen-alone), so nothing it never held becomes a blank
    to fail, and the run needs no flag."""
    folder = tmp_path / "converted"
    res = CliRunner().invoke(cli, ["convert", str(annex_a), "--out", str(folder), "--as-at", "2025-03-31",
                                   "--to", to])
    assert res.exit_code == 0, res.output
    manifest = json.loads((folder / "casecheck-source.json").read_text())
    assert manifest["format_title"] == "Annex A" and "social_workers" in manifest["absent_tables"]
    assert manifest["not_carried_records"]["visits"]["seen_alone"]  # the list 8 visits
    runs = {}
    for name, data in (("workbook", annex_a), ("converted", folder)):
        out = tmp_path / f"{name}.json"
        res = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(data), "--as-at", "2025-03-31",
                                       "--format", "json", "--out", str(out), "--fail-on", "none"])
        assert res.exit_code == 0, res.output
        doc = json.loads(out.read_text())
        runs[name] = ({r["id"]: (r["counts"], r.get("not_carried")) for r in doc["rules"]},
                      sorted(r["id"] for r in doc["not_run"]))
    assert runs["converted"] == runs["workbook"]
    assert "LAC-SEEN-ALONE" in runs["converted"][1]


@pytest.mark.parametrize("manifest", [
    '{"format_title": 7}', '[1, 2]', '{"format_title": "Annex A", "absent_tables": [], "not_carried_why": {"x": 1},'
    ' "not_carried_records": {"visits": {"seen_alone": "V1"}, "nope": {"a": [1]}}}', 'not json',
])
def test_a_damaged_manifest_never_stops_the_read(tmp_path, manifest):
    folder = tmp_path / "csv"
    writer("csv")(generate(20, 2, "good", AS_AT).tables, SCHEMA, folder, AS_AT)
    (folder / "casecheck-source.json").write_text(manifest)
    loaded = load_data(folder, SCHEMA, None, AS_AT)
    assert not loaded.diagnostics.errors and loaded.dataset.tables["children"]
