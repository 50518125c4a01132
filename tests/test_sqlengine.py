"""The SQL engine against the reference evaluator, on real packs and data.

Every rule of every built-in pack, on the example council, must give every
record the same outcome and the same reason on DuckDB (the default engine),
on a real PostgreSQL server and on local Spark as on the reference
evaluator. The random-expression differential test is
test_engine_agreement.py; this file is the packs users run.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import pytest
import sqlglot
from click.testing import CliRunner

from checker.cli import cli
from checker.data.load import load_data
from checker.engine.compile import Compiler
from checker.engine.outcomes import RuleEvaluationError, judge_all
from checker.engine.sql import SqlEngine
from checker.model import Context
from checker.packs.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = ROOT / "examples" / "council"
AS_AT = _dt.date(2025, 3, 31)
# slac-2011 and cra-2010 run the same library rules as ilacs (plus the WT 2010
# assessment rules, which cra-2010 adds): ilacs and cra-2010 cover them all.
PACKS = ["ilacs", "cra-2010", str(ROOT / "examples" / "pack")]


def _context(pack_ref: str, data=COUNCIL):
    pack = load_pack(pack_ref)
    loaded = load_data(data, pack.schema, as_at=AS_AT)
    return pack, Context(loaded.dataset, pack.calendar, AS_AT, pack.params)


def _disagreements(pack, ctx, engine) -> list[str]:
    out = []
    for rule in pack.rules:
        want, got = judge_all(rule, ctx), engine.judge_all(rule)
        if want != got:
            first = next(((a, b) for a, b in zip(want, got) if a != b), (len(want), len(got)))
            out.append(f"{rule.id}: reference {first[0]} / sql {first[1]}")
    return out


@pytest.mark.parametrize("pack_ref", PACKS, ids=lambda p: Path(p).name)
def test_duckdb_agrees_with_the_reference_on_every_rule(pack_ref):
    pack, ctx = _context(pack_ref)
    engine = SqlEngine(pack.schema, ctx)
    try:
        assert _disagreements(pack, ctx, engine) == []
        # most rules really run in SQL: the fallbacks are the known constructs
        for rule_id, why in engine.fallbacks.items():
            assert "first/last inside" in why, (rule_id, why)
        assert len(engine.fallbacks) <= 1
    finally:
        engine.close()


def test_duckdb_agrees_on_an_inadequate_council(tmp_path):
    """A council with every planted problem (missing values, late events,
    orphans) exercises far more paths than the example."""
    out = tmp_path / "council"
    result = CliRunner().invoke(cli, ["generate", "--children", "250", "--seed", "7", "--profile", "inadequate", "--out", str(out)])
    assert result.exit_code == 0, result.output
    pack, ctx = _context("ilacs", out)
    engine = SqlEngine(pack.schema, ctx)
    try:
        assert _disagreements(pack, ctx, engine) == []
    finally:
        engine.close()


def test_lazy_outcomes_and_breakdowns_agree(tmp_path):
    """The DuckDB engine keeps each rule's rows in the database: the counts,
    the outcomes of some statuses only, and the team/locality/worker
    tallies it computes there equal what the reference's outcomes give."""
    from checker.engine.outcomes import Outcomes
    from checker.model import FAIL, NOT_EVIDENCED, PASS
    from checker.report.findings import _tally, breakdown_paths
    from checker.report.result import RuleResult, RunResult

    out = tmp_path / "council"
    result = CliRunner().invoke(cli, ["generate", "--children", "250", "--seed", "3", "--profile", "inadequate", "--out", str(out)])
    assert result.exit_code == 0, result.output
    pack = load_pack("ilacs")
    loaded = load_data(out, pack.schema, as_at=AS_AT)
    ctx = Context(loaded.dataset, pack.calendar, AS_AT, pack.params)
    run = RunResult(pack, AS_AT, str(out), loaded)
    engine = SqlEngine(pack.schema, ctx)
    tallied = 0
    try:
        for rule in pack.rules:
            want = Outcomes.of_list(judge_all(rule, ctx))
            got = engine.judge_all(rule)
            assert got.counts == want.counts, rule.id
            assert got.of(FAIL, NOT_EVIDENCED) == want.of(FAIL, NOT_EVIDENCED), rule.id
            assert got.of(PASS) == want.of(PASS), rule.id
            paths = breakdown_paths(pack.schema, rule.subject)
            if paths and got.tally is not None:
                sql = got.tally(rule.subject, paths)
                if sql is not None:
                    tallied += 1
                    assert sql == _tally(RuleResult(rule, want), run, paths, None), rule.id
            assert list(got) == list(want), rule.id
    finally:
        engine.close()
    assert tallied >= 20  # most rules' breakdowns are counted in the database


@pytest.mark.postgres
def test_postgres_agrees_with_the_reference(postgres_dsn):
    from checker.backends.postgres import PostgresBackend

    pack, ctx = _context(str(ROOT / "examples" / "pack"))
    engine = SqlEngine(pack.schema, ctx, PostgresBackend(postgres_dsn))
    try:
        assert _disagreements(pack, ctx, engine) == []
        assert engine.fallbacks == {}
    finally:
        engine.close()


@pytest.mark.postgres
def test_run_on_postgres_gives_the_same_report_as_duckdb(postgres_dsn):
    args = ["run", str(ROOT / "examples" / "pack"), "--data", str(COUNCIL), "--as-at", "2025-03-31", "--format", "json"]
    embedded = CliRunner().invoke(cli, args + ["--engine", "duckdb"])
    warehouse = CliRunner().invoke(cli, args + ["--engine", "postgres", "--dsn", postgres_dsn])
    assert embedded.exit_code in (0, 1), embedded.output
    assert warehouse.exit_code == embedded.exit_code, warehouse.output
    assert _but_engine(warehouse.stdout, "postgres") == _but_engine(embedded.stdout, "duckdb")


@pytest.mark.spark
def test_spark_agrees_with_the_reference(spark_session):
    from checker.backends.spark import SparkBackend

    pack, ctx = _context(str(ROOT / "examples" / "pack"))
    # Spark runs each query in its own jobs (seconds each): a sample of rules
    # covering joins, quantifiers, picks and working days keeps CI quick.
    keep = {"EX-CONTACT-DECISION-1WD", "EX-ASSESS-45WD", "EX-S47-STRATEGY-FIRST", "EX-ICPC-15WD", "EX-CP-SEEN-ALONE",
            "EX-CASELOAD-LIMIT"}
    pack.rules = [r for r in pack.rules if r.id in keep]
    assert len(pack.rules) == len(keep)
    engine = SqlEngine(pack.schema, ctx, SparkBackend())
    try:
        assert _disagreements(pack, ctx, engine) == []
        # Spark cannot resolve a column of a query two subqueries out; those
        # rules are judged by the reference engine and listed.
        ran_in_spark = [r.id for r in pack.rules if r.id not in engine.fallbacks]
        assert len(ran_in_spark) >= 4, engine.fallbacks
    finally:
        engine.close()


def test_run_engines_give_byte_identical_reports():
    args = ["run", str(ROOT / "examples" / "pack"), "--data", str(COUNCIL), "--as-at", "2025-03-31", "--format", "json"]
    sql = CliRunner().invoke(cli, args + ["--engine", "duckdb"])  # the default (auto) judges so small a council on reference
    ref = CliRunner().invoke(cli, args + ["--engine", "reference"])
    assert sql.exit_code == ref.exit_code
    assert _but_engine(sql.stdout, "duckdb") == _but_engine(ref.stdout, "reference")


def _but_engine(text: str, engine: str) -> str:
    """The JSON result's bytes without its `engine` block (which says where
    it ran, so differs by engine), once that block is checked to name it."""
    import json

    from checker.report.jsonout import dumps

    doc = json.loads(text)
    assert doc.pop("engine")["name"] == engine
    return dumps(doc)


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "tsql", "spark"])
def test_sql_command_prints_sql_each_dialect_parses(dialect):
    result = CliRunner().invoke(cli, ["sql", "ilacs", "--as-at", "2025-03-31", "--dialect", dialect])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "CREATE TABLE cc_calendar" in text
    queries = re.findall(r"^-- ([A-Z0-9-]+): .*\n(SELECT[\s\S]*?);\n", text, flags=re.M)
    assert len(queries) >= 40
    for rule_id, sql in queries:
        parsed = sqlglot.parse_one(sql, read=dialect)
        assert parsed is not None, rule_id
    # "the allocation before this one" is a LATERAL join; T-SQL has none:
    # there it is OUTER APPLY (tests/test_tsql.py checks the T-SQL further)
    if dialect == "tsql":
        assert "OUTER APPLY" in text and "LATERAL" not in text and "not compiled" not in text
    else:
        assert "LATERAL" in text and "not compiled" not in text


HOSTILE = ["'); DROP TABLE children; --", 'x" OR 1=1 --', "O'Brien", "\\'; SELECT 1; --", "\n;\t"]


@pytest.mark.parametrize("text", HOSTILE)
def test_string_literals_that_look_like_sql_stay_data(text, tmp_path):
    """A rule's string literals are literals in the SQL tree, never pasted:
    injection-looking text compares as text and every table survives."""
    from checker.language.parser import parse_expression
    from checker.language.typecheck import Checker

    pack, ctx = _context(str(ROOT / "examples" / "pack"))
    rule = next(r for r in pack.rules if r.subject == "children")
    literal = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    expr = parse_expression(f"child_id != {literal} and (child_id < {literal} or child_id > {literal})")
    assert Checker(pack.schema, "children").check(expr, None) is not None
    rule.expect, rule.when, rule.reasons = expr, None, {}
    engine = SqlEngine(pack.schema, ctx)
    try:
        assert engine.judge_all(rule) == judge_all(rule, ctx)
        sql = engine.compile(rule).sql()
        assert sqlglot.parse_one(sql, read="duckdb") is not None
        counts = {t: engine.backend.query(f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in ("children", "contacts")}
        assert counts == {t: len(ctx.dataset.tables.get(t, [])) for t in counts}
    finally:
        engine.close()


def test_data_values_that_look_like_sql_load_and_compare_as_text(tmp_path):
    """Case data holding SQL-looking text reaches the database as values."""
    src = COUNCIL
    out = tmp_path / "council"
    out.mkdir()
    for f in src.iterdir():
        if f.is_file():
            (out / f.name).write_bytes(f.read_bytes())
    lines = (out / "children.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("ethnicity")] = "WBRI"
    cells[header.index("child_id")] = '"C9\'; DROP TABLE children; --"'
    lines.append(",".join(cells))
    (out / "children.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pack, ctx = _context(str(ROOT / "examples" / "pack"), out)
    assert any("DROP TABLE" in r.key for r in ctx.dataset.tables["children"])
    engine = SqlEngine(pack.schema, ctx)
    try:
        assert _disagreements(pack, ctx, engine) == []
        assert engine.backend.query('SELECT COUNT(*) FROM "children"')[0][0] == len(ctx.dataset.tables["children"])
    finally:
        engine.close()


def test_compiled_sql_is_deterministic():
    pack = load_pack("ilacs")
    a = [Compiler(pack.schema, pack.calendar, AS_AT, pack.params).compile_rule(r).sql() for r in pack.rules if r.id.startswith("CONTACT")]
    b = [Compiler(pack.schema, pack.calendar, AS_AT, pack.params).compile_rule(r).sql() for r in pack.rules if r.id.startswith("CONTACT")]
    assert a == b and a


def test_a_csv_folder_is_read_and_judged_in_duckdb_without_python_records(tmp_path, monkeypatch):
    """`casecheck run` on a CSV folder: DuckDB reads it itself, and a report
    of counts and rates never makes a Python record (the lazy dataset would
    raise here); the JSON result, which lists every case with its reason,
    equals the reference engine's byte for byte, rejections included."""
    import csv

    from checker import api
    from checker.data.readers import csv_duckdb

    # a folder this small is read in Python by default (faster under 2 MB): DuckDB's reader here
    monkeypatch.setattr(api, "FAST_READ_MIN_BYTES", 0)

    out = tmp_path / "council"
    result = CliRunner().invoke(cli, ["generate", "--children", "150", "--seed", "11", "--profile", "inadequate", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader((out / "assessments.csv").open(encoding="utf-8")))
    rows[3][rows[0].index("start_date")] = "not a date"
    rows.append(list(rows[5]))  # a duplicate key
    with (out / "assessments.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    base = ["run", "ilacs", "--data", str(out), "--as-at", "2025-03-31", "--fail-on", "none"]
    want = CliRunner().invoke(cli, base + ["--format", "json", "--engine", "reference"])
    assert want.exit_code == 0, want.output
    got = CliRunner().invoke(cli, base + ["--format", "json"])
    assert got.exit_code == 0, got.output
    assert _but_engine(got.stdout, "duckdb") == _but_engine(want.stdout, "reference")
    assert '"rejected": {' in got.stdout and "duplicate key" in got.stdout

    def no_rows(*args, **kwargs):
        raise AssertionError("Python records were made")

    monkeypatch.setattr(csv_duckdb, "dataset_from_duckdb", no_rows)
    table = CliRunner().invoke(cli, base)
    assert table.exit_code == 0, table.output
    assert "rows read" in table.stdout
    monkeypatch.setattr(csv_duckdb, "load_csv_folder", lambda *a, **k: no_rows())
    with pytest.raises(AssertionError, match="Python records"):
        CliRunner().invoke(cli, base, catch_exceptions=False)


def _small_engine(expect: str, records=None, as_at=_dt.date(2024, 6, 1)):
    """A one-rule DuckDB engine over the agreement tests' small schema."""
    from strategies import PARAM_VALUES, SCHEMA, Data, RuleSpec

    params = {k: v[0] for k, v in PARAM_VALUES.items()}
    ctx = Data(records or {"cases": [{"case_id": "C1"}]}, as_at, "default", params).context()
    return SqlEngine(SCHEMA, ctx), ctx, RuleSpec("cases", expect).build()


def test_a_function_without_sql_runs_on_the_reference_and_duckdb_says_so(monkeypatch):
    """The compiler finds a function's SQL only through its record: with none,
    the DuckDB engine judges the rule with the reference evaluator and records
    why in ``fallbacks`` (as it does for PostgreSQL and Spark)."""
    import dataclasses

    from checker.language.functions import FUNCTIONS

    monkeypatch.setitem(FUNCTIONS, "weekday", dataclasses.replace(FUNCTIONS["weekday"], sql=None))
    engine, ctx, rule = _small_engine("weekday(as_at) == 6")
    try:
        got = [(o.key, o.outcome) for o in engine.judge_all(rule)]
        assert got == [(o.key, o.outcome) for o in judge_all(rule, ctx)] == [("C1", "pass")]
        assert engine.fallbacks == {rule.id: "not compiled to SQL: function `weekday` has no SQL in `weekday(as_at)`"}
    finally:
        engine.close()
    monkeypatch.undo()
    engine, ctx, rule = _small_engine("weekday(as_at) == 6")
    try:
        assert [(o.key, o.outcome) for o in engine.judge_all(rule)] == [("C1", "pass")]
        assert engine.fallbacks == {}
    finally:
        engine.close()


#: (year, month, day) for date(): real days, and days that do not exist (the
#: database must give NULL, as the reference gives missing, never stop)
DATE_INPUTS = [(2024, 2, 29), (2000, 2, 29), (1, 1, 1), (9999, 12, 31), (2023, 2, 29), (1900, 2, 29), (2023, 4, 31),
               (2023, 12, 32), (2023, 13, 1), (2023, 0, 1), (2023, -1, 5), (2023, 1, 0), (0, 1, 1), (-1, 1, 1),
               (-2024, 2, 29), (10000, 1, 1), (3000000000000, 1, 1), (None, 1, 1), (2024, None, 1)]


def _date_judged(backend_factory) -> list[str]:
    """Each input through date() twice (from fields, and all literals so a
    database may fold it), in SQL and in the reference: the disagreements."""
    import datetime as dt

    from strategies import PARAM_VALUES, SCHEMA, Data, RuleSpec

    params = {k: v[0] for k, v in PARAM_VALUES.items()}
    bad = []
    for i, (y, m, d) in enumerate(DATE_INPUTS):
        try:
            want_date = dt.date(y, m, d)
        except (TypeError, ValueError, OverflowError):
            want_date = None
        ctx = Data({"cases": [{"case_id": "C1", "score": y, "worker_id": m}]}, AS_AT, "default", params).context()
        engine = SqlEngine(SCHEMA, ctx, backend_factory())
        try:
            rules = [RuleSpec("cases", f"date(score, worker_id, {d}) is missing", id=f"F{i}",
                              reasons={"fail": f"made {{date(score, worker_id, {d})}}"})]
            if y is not None and m is not None:
                rules.append(RuleSpec("cases", f"date({y}, {m}, {d}) == date(score, worker_id, {d})", id=f"L{i}"))
            for spec in rules:
                rule = spec.build()
                want = [(o.key, o.outcome, o.reason) for o in judge_all(rule, ctx)]
                got = [(o.key, o.outcome, o.reason) for o in engine.judge_all(rule)]
                if spec.id.startswith("F"):
                    # the reference is the specification: missing exactly when there is no such day
                    assert want[0][1] == ("pass" if want_date is None else "fail"), (spec.expect, want)
                if want != got or engine.fallbacks:
                    bad.append(f"{spec.expect}: reference {want} / sql {got} {engine.fallbacks}")
        finally:
            engine.close()
    return bad


def test_date_agrees_on_real_and_impossible_days_in_duckdb():
    from checker.backends.duckdb import DuckDBBackend

    assert _date_judged(DuckDBBackend) == []


@pytest.mark.postgres
def test_date_agrees_on_real_and_impossible_days_in_postgres(postgres_dsn):
    from checker.backends.postgres import PostgresBackend

    assert _date_judged(lambda: PostgresBackend(postgres_dsn)) == []


def test_a_rule_making_dates_and_shifting_them_runs_in_sql_where_the_made_dates_are_safe():
    """A date made from numbers is not among the dates the engine checks
    against the calendar and years 1-9999 before a run: the query marks each
    record whose made dates are safe to shift (``_made_ok``), SQL judges those,
    and the reference judges the others, stopping with its error where a made
    date leaves the calendar or years 1-9999 (never a guess, never a pass)."""
    engine, ctx, rule = _small_engine("date(2024, 3, 29) + 1 working day == 2024-04-02")
    try:
        got = [(o.key, o.outcome, o.reason) for o in engine.judge_all(rule)]
        assert got == [(o.key, o.outcome, o.reason) for o in judge_all(rule, ctx)]
        assert [g[:2] for g in got] == [("C1", "pass")] and engine.fallbacks == {}
    finally:
        engine.close()
    for expect, error in (("date(1800, 3, 29) + 1 working day == 2024-04-02", "outside the calendar's range"),
                          ("date(9999, 12, 31) + 1 day > as_at", "date out of range")):
        engine, ctx, rule = _small_engine(expect)
        try:
            with pytest.raises(RuleEvaluationError, match=error):
                engine.judge_all(rule)
            with pytest.raises(RuleEvaluationError, match=error):
                judge_all(rule, ctx)
        finally:
            engine.close()
    engine, ctx, rule = _small_engine("date(2024, 3, 29) < as_at and weekday(date(2024, 3, 29)) == 5")
    try:
        assert [(o.key, o.outcome) for o in engine.judge_all(rule)] == [("C1", "pass")]
        assert engine.fallbacks == {}  # no calendar, no shift: SQL
    finally:
        engine.close()
