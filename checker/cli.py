"""The ``casecheck`` command line.

Exit status (stable; scripts rely on it):

    0  the command did its job (for ``run``: every rule was evaluated and no
       finding reached --fail-on)
    1  ``run``: a finding at or below --fail-on (default: the framework's
       priority category); ``test``: a rule test failed
    2  bad input: a rule pack, schema, test or data problem, or a rule that
       could not be evaluated. Nothing is reported as a pass that was not
       evaluated.
"""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

import click

from checker import __version__
from checker.api import (
    DUCKDB_MEMORY_LIMIT,
    ENGINES,
    read_data,
    read_for_rules,
    run_pack,
    select_rules,
)
from checker.data.load import LoadResult
from checker.data.readers import FORMATS, formats, tabular_formats
from checker.engine.evaluate import Evaluator
from checker.engine.explain import render_trace
from checker.engine.fixtures import run_tests
from checker.engine.outcomes import RuleEvaluationError, judge, judge_all
from checker.errors import CasecheckError, Diagnostic
from checker.model import (
    Context,
)
from checker.packs.pack import Pack, load_pack
from checker.report.renderers import RENDERERS, listed
from checker.report.result import RuleResult
from checker.validate import validate_document
from checker.yamlsource import load_yaml

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def _echo_diagnostics(diags: list[Diagnostic]) -> None:
    for d in sorted(diags, key=lambda d: (d.location.file or "", d.location.line or 0, d.location.column or 0)):
        click.echo(d.render(), err=True)


def _fail(diags: list[Diagnostic]) -> None:
    _echo_diagnostics(diags)
    n = sum(1 for d in diags if d.is_error)
    click.echo(f"casecheck: {n} error{'s' if n != 1 else ''}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _load(pack_ref: str) -> Pack:
    try:
        pack = load_pack(pack_ref)
    except CasecheckError as exc:
        _fail(exc.diagnostics)
    return pack


class _Date(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, _dt.date):
            return value
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"`{value}` is not a date in the form YYYY-MM-DD", param, ctx)


DATE = _Date()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="casecheck")
def cli() -> None:
    """Check children's social care case data against rule packs.

    A rule pack states, one rule at a time, what good practice looks like
    (an assessment authorised within 45 working days of its start; a strategy
    discussion before every section 47 enquiry); casecheck judges every record
    and reports who meets it and who does not, and why.

    Exit status: 0 done; 1 a finding at or below --fail-on (run) or a rule
    test failed (test); 2 bad rules or data, or a rule could not be evaluated.
    """


@cli.command()
@click.argument("pack")
def lint(pack: str) -> None:
    """Check a rule pack and its schema without reading any case data.

    PACK is a folder with a pack.yaml, or a built-in pack's name. Every
    expression is parsed and type-checked; every problem is shown with its
    file, line and column. Exit 2 if there is any error.
    """
    p = _load(pack)
    problems = list(p.warnings)
    for f in p.test_files:
        try:
            problems.extend(validate_document(load_yaml(f), "tests"))
        except CasecheckError as exc:
            problems.extend(exc.diagnostics)
    errors = [d for d in problems if d.is_error]
    _echo_diagnostics(problems)
    if errors:
        click.echo(f"casecheck: {len(errors)} error(s)", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(
        f"{p.name}: {len(p.rules)} rules checked against schema `{p.schema.name}` "
        f"({len(p.schema.tables)} tables); {len(p.test_files)} test file(s); no errors"
    )


def _split(text: str | None) -> list[str] | None:
    return [t.strip() for t in text.split(",")] if text else None


def _select(p: Pack, rules: str | None, tags: str | None):
    try:
        return select_rules(p, _split(rules), _split(tags))
    except CasecheckError as exc:
        _fail(exc.diagnostics)


def _read(schema, data: str, input_format: str | None, as_at, con=None) -> LoadResult:
    try:
        return read_data(schema, data, input_format, as_at, con)
    except CasecheckError as exc:
        _fail(exc.diagnostics)


def _load_data(p: Pack, data: str, rules, strict: bool, input_format: str | None, as_at, skip_unavailable: bool = False):
    """Read the data; decide which rules can run on it (``api.read_for_rules``),
    showing its warnings. Returns (loaded, runnable, not_run)."""
    try:
        loaded, runnable, not_run, warnings = read_for_rules(
            p, data, rules, strict=strict, input_format=input_format, as_at=as_at, skip_unavailable=skip_unavailable)
    except CasecheckError as exc:
        _fail(exc.diagnostics)
    _echo_diagnostics(warnings)
    return loaded, runnable, not_run


INPUT_FORMATS = formats()
SOURCE_MANIFEST = "casecheck-source.json"  # written by convert beside the tables it could only partly fill
REPORT_FORMATS = list(RENDERERS)


def write_rejects(path: Path, loaded: LoadResult) -> None:
    """rejects.csv: every rejected row, with where and why."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["table", "file", "row", "column", "value", "reason", "message"])
    for r in loaded.rejections:
        w.writerow([r.table, r.file, r.row, r.column or "", _safe_cell(r.value or ""), r.reason, _safe_cell(r.message)])
    _write_atomic(path, buf.getvalue())


def _safe_cell(text: str) -> str:
    """Neutralise spreadsheet formulas in values echoed from input."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@cli.command()
@click.argument("pack")
@click.option("--data", "data", required=True, type=click.Path(exists=False), help="Case data: a folder of <table>.csv files, a workbook, a CIN census XML... (see below).")
@click.option("--as-at", "as_at", required=True, type=DATE, help="The reference date (YYYY-MM-DD): `as_at` in rules. Never the clock.")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="table", show_default=True,
              help="table (terminal), json (the full result), markdown, letter (in the framework's words), html "
              "(one self-contained file), xlsx (needs --out), csv (every record's outcome for every rule).")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the report here instead of standard output.")
@click.option("--rules", help="Only these rule IDs (comma-separated).")
@click.option("--tags", help="Only rules with one of these tags (comma-separated).")
@click.option("--strict", is_flag=True, help="Treat any rejected data row as an error (exit 2).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), help="The data's format, if not detected from its content.")
@click.option("--rejects", "rejects_path", type=click.Path(dir_okay=False),
              help="Write rejected rows here (default: rejects.csv beside --out).")
@click.option("--skip-unavailable", is_flag=True,
              help="Rules needing a table the data does not have are listed as not run, instead of an error.")
@click.option("--fail-on", "fail_on", metavar="CATEGORY",
              help="Exit 1 when a rule's finding is this category or worse (default: the framework's priority category; `none` never).")
@click.option("--sample", is_flag=True, default=None, help="The records are an audit sample: add 95% Wilson intervals and say 'sampled'.")
@click.option("--redact", "redact_key", type=click.Path(exists=True, dir_okay=False),
              help="Replace every case ID in the output by a keyed hash; the key is read from this file.")
@click.option("--history", "history_path", type=click.Path(dir_okay=False),
              help="Record the run in this history file (SQLite, created if absent) and compare with the previous audit.")
@click.option("--engine", type=click.Choice(list(ENGINES)), default="duckdb", show_default=True,
              help="Where rules are judged: compiled to SQL in embedded DuckDB, the reference evaluator (Python, the "
              "specification), or compiled to SQL in PostgreSQL (--dsn) or Spark (local mode unless --dsn gives a master URL).")
@click.option("--dsn", help="Connection for --engine postgres (postgresql://...), or the Spark master URL for --engine spark.")
@click.option("--pg-schema", metavar="NAME",
              help="For --engine postgres: the schema the run works in, new or empty (default: casecheck_<random>); "
              "nothing outside it is read or changed.")
@click.option("--pg-keep", is_flag=True, help="For --engine postgres: keep the run's schema and tables afterwards (default: dropped).")
@click.option("--memory-limit", default=DUCKDB_MEMORY_LIMIT, show_default=True, metavar="SIZE",
              help="For --engine duckdb: the memory DuckDB may hold (e.g. 3GB, 500MB); beyond it, it works through a "
              "temporary folder on disk instead of failing.")
@click.option("--data-quality", "dq_pack", metavar="PACK",
              help="First run this validation pack (e.g. dfe-cin) over the same data; the report says how far the data can be trusted.")
def run(pack: str, data: str, as_at, fmt: str, out: str | None, rules, tags, strict: bool, input_format, rejects_path,
        skip_unavailable, fail_on, sample, redact_key, history_path, engine="duckdb", dsn=None, dq_pack=None,
        memory_limit=None, pg_schema=None, pg_keep=False) -> None:
    """Judge every record of case data against a rule pack.

    DATA is a folder of <table>.csv or .jsonl files, an Excel workbook (a sheet
    per table), an Ofsted Annex A workbook, a CIN census XML, or a folder of
    SSDA903 files; the format is detected from the content.

    Prints a summary table (worst rate first), or with --format json the full
    result: counts, rates and every case behind every outcome, with reasons.
    Rejected rows are listed in rejects.csv beside --out (or --rejects).
    """
    if redact_key:
        key = Path(redact_key).read_bytes().strip()
    try:
        result = run_pack(
            pack, data, as_at, rules=_split(rules), tags=_split(tags), engine=engine, dsn=dsn,
            pg_schema=pg_schema, pg_keep=pg_keep, memory_limit=memory_limit, input_format=input_format, strict=strict, skip_unavailable=skip_unavailable,
            sample=sample, listed=listed(fmt, bool(history_path)), redact_key=key if redact_key else None,
            history=history_path, progress=_progress, data_quality=dq_pack,
            on_warnings=_echo_diagnostics,
        )
    except CasecheckError as exc:
        _fail(exc.diagnostics)
    doc = result.document
    if engine in ("postgres", "spark"):
        for rid, why in result.fallbacks.items():
            click.echo(f"casecheck: note: {rid} {why}", err=True)
    if dq_pack and fmt in ("table", "markdown"):
        from checker.engine.dataquality import text as dq_text

        click.echo(dq_text(doc["data_quality"]), err=fmt == "markdown" and not out)
    try:
        failing = result.failing(fail_on)
    except CasecheckError as exc:
        _fail(exc.diagnostics)
    if RENDERERS[fmt].file_only and not out:
        _fail([Diagnostic(f"--format {fmt} writes {RENDERERS[fmt].file_only}: give --out FILE.{fmt}", code="bad-option")])
    text = RENDERERS[fmt].render(result.result, doc)
    if rejects_path is None and out:
        rejects_path = str(Path(out).with_name("rejects.csv"))
    if rejects_path:
        write_rejects(Path(rejects_path), result.loaded)
    if out:
        _write_atomic(Path(out), text)
    else:
        click.echo(text, nl=False)
    if failing:
        click.echo(
            f"casecheck: {len(failing)} rule(s) at or below `{fail_on or doc['framework'].get('priority_category', '')}`: "
            + ", ".join(failing),
            err=True,
        )
        sys.exit(EXIT_FINDINGS)


PROGRESS_MIN_RECORDS = 50_000


def _progress(rules, loaded):
    """A progress bar on standard error for runs big enough to take more than
    a moment, and only on a terminal: scripts and outputs are unaffected."""
    import contextlib

    work = sum(loaded.accounts[r.subject].loaded for r in rules if r.subject in loaded.accounts)
    if work < PROGRESS_MIN_RECORDS or not sys.stderr.isatty():
        return contextlib.nullcontext(rules)
    return click.progressbar(
        rules, label=f"judging {work:,} records", file=sys.stderr,
        item_show_func=lambda r: r.id if r is not None else "",
    )


def _write_atomic(path: Path, content: str | bytes) -> None:
    """Write to a temporary file and rename: a reader never sees half a report."""
    tmp = path.with_name(f".{path.name}.tmp")
    if isinstance(content, bytes):
        tmp.write_bytes(content)
    else:
        tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)


@cli.command("sql")
@click.argument("pack")
@click.option("--dialect", type=click.Choice(["duckdb", "postgres", "tsql", "spark"]), default="duckdb", show_default=True)
@click.option("--as-at", "as_at", required=True, type=DATE, help="The reference date, compiled into the SQL.")
@click.option("--rules", help="Only these rule IDs (comma-separated).")
@click.option("--tags", help="Only rules with one of these tags (comma-separated).")
@click.option("--calendar/--no-calendar", "with_calendar", default=True, show_default=True,
              help="Include the calendar table's DDL and contents (one row per day of the calendar's range).")
@click.option("--tsql-version", type=click.Choice(["2016", "2017", "2019", "2022"]), default="2016", show_default=True,
              help="The oldest SQL Server the T-SQL must run on (LEAST/GREATEST from 2022).")
def sql_cmd(pack: str, dialect: str, as_at, rules, tags, with_calendar: bool, tsql_version: str) -> None:
    """Print the SQL each rule compiles to, to run in a council's own warehouse.

    The script creates the calendar table (each date with its working-day
    ordinal, so working days between two dates is a subtraction), then gives
    one query per rule over tables named as the pack's schema, each with the
    schema's fields and `_row` (a record's position, 1, 2, ...). A query
    returns `_row`, `outcome` (pass, fail, not_applicable, not_evidenced) and
    the values of the rule's reason templates. A rule the compiler cannot
    express in SQL is listed with why; `casecheck run` judges it with the
    reference evaluator.
    """
    from checker.engine.compile import SQL_TYPES
    from checker.engine.sql import setup_script, sql_for_pack

    p = _load(pack)
    selected = _select(p, rules, tags)
    types = SQL_TYPES[dialect]
    out = [f"-- casecheck {__version__}: pack {p.name} ({len(selected)} rules), as at {as_at.isoformat()}, dialect {dialect}",
           f"-- Tables: one per table of schema `{p.schema.name}`, with the schema's fields and _row (record position)."]
    for name, table in p.schema.tables.items():
        cols = ", ".join([f"_row {types['integer']}"] + [f"{f} {types[fld.type.kind]}" for f, fld in table.fields.items()])
        out.append(f"--   {name}({cols})")
    out.append("")
    out.extend(setup_script(dialect, p.schema, p.calendar if with_calendar else None))
    for rule, text, why in sql_for_pack(selected, p.schema, p.calendar, as_at, p.params, dialect, tsql_version=int(tsql_version)):
        out.append(f"-- {rule.id}: {rule.title}")
        if text is None:
            out.append(f"-- not compiled ({why}); casecheck run judges it with the reference evaluator")
        else:
            out.append(text + ";")
        out.append("")
    click.echo("\n".join(out))


@cli.command()
@click.argument("pack")
@click.argument("rule_id")
@click.argument("case_id")
@click.option("--data", "data", required=True, type=click.Path())
@click.option("--as-at", "as_at", required=True, type=DATE)
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), help="The data's format, if not detected from its content.")
def explain(pack: str, rule_id: str, case_id: str, data: str, as_at, input_format) -> None:
    """Show how one rule judged one record, step by step.

    Prints each sub-expression with its value (and, inside quantifiers, each
    item considered), then the outcome and its reason.
    """
    p = _load(pack)
    rule = p.rule(rule_id)
    if rule is None:
        from checker.suggest import did_you_mean

        _fail([Diagnostic(f"unknown rule `{rule_id}`", code="unknown-rule", suggestion=did_you_mean(rule_id, [r.id for r in p.rules]))])
    loaded, _, _ = _load_data(p, data, [rule], False, input_format, as_at)
    row = next((r for r in loaded.dataset.tables[rule.subject] if r.key == case_id), None)
    if row is None:
        from checker.suggest import did_you_mean

        keys = [r.key for r in loaded.dataset.tables[rule.subject]]
        rejected = [j for j in loaded.rejections if j.table == rule.subject and j.value == case_id]
        why = f" (it was rejected: {rejected[0].message})" if rejected else ""
        _fail([Diagnostic(f"no {rule.subject} record `{case_id}`{why}", code="unknown-case", suggestion=did_you_mean(case_id, keys))])
    ctx = Context(loaded.dataset, p.calendar, as_at, p.params)
    click.echo(f"rule {rule.id}: {rule.title}")
    click.echo(f"record: {rule.subject} {row.key}    as at {as_at.isoformat()}")
    click.echo("")
    try:
        if rule.when is not None:
            _, trace = Evaluator(ctx, trace=True).run(rule.when, row)
            click.echo("when:")
            for line in render_trace(trace, 1):
                click.echo(line)
            click.echo("")
        _, trace = Evaluator(ctx, trace=True).run(rule.expect, row)
        click.echo("expect:")
        for line in render_trace(trace, 1):
            click.echo(line)
        outcome = judge(rule, row, ctx)
    except RuleEvaluationError as exc:
        _fail([Diagnostic(str(exc), rule.location, code="evaluation", rule=rule.id)])
    except Exception as exc:  # the evaluation error surfaces through judge below
        from checker.engine.evaluate import EvaluationError

        if isinstance(exc, EvaluationError):
            _fail([Diagnostic(exc.message, rule.location, code="evaluation", rule=rule.id)])
        raise
    click.echo("")
    click.echo(f"outcome: {outcome.outcome}")
    click.echo(f"reason:  {outcome.reason}")
    if outcome.outcome == "not_evidenced":
        counted = "counted as a failure" if rule.missing == "fail" else "left out of the rate"
        click.echo(f"(missing: {rule.missing}: this record is {counted})")


@cli.command("test")
@click.argument("pack")
@click.option("--rule", "rule_ids", multiple=True, help="Only the tests of this rule (repeatable).")
@click.option("-v", "--verbose", is_flag=True, help="List every test, not only failures.")
@click.option("--engine", type=click.Choice(["reference", "duckdb"]), default="reference", show_default=True,
              help="Judge the tests with the reference evaluator or compiled to SQL in DuckDB.")
def test_cmd(pack: str, rule_ids, verbose: bool, engine: str) -> None:
    """Run the pack's own rule tests (tests/*.yaml beside the rules).

    Each test is a small dataset and the outcome every subject record must
    get. Exit 1 if any test fails, 2 if a test file is malformed.
    """
    p = _load(pack)
    report = run_tests(p, rule_ids=list(rule_ids) or None, engine=engine)
    if report.diagnostics.errors:
        _fail(report.diagnostics.items)
    for c in report.cases:
        if verbose or not c.passed:
            mark = "ok  " if c.passed else "FAIL"
            click.echo(f"{mark} {c.rule}: {c.name}  ({c.location})")
            for problem in c.problems:
                click.echo(f"       {problem}")
    untested = report.untested(p) if not rule_ids else []
    for rid in untested:
        click.echo(f"warning: rule {rid} has no tests", err=True)
    thin = sorted(
        rid for rid, seen in report.coverage.items() if not ({"pass", "fail"} <= seen)
    )
    for rid in thin:
        click.echo(f"warning: the tests of rule {rid} do not show both a pass and a fail", err=True)
    if report.skipped:
        click.echo(f"note: tests of excluded rules not run: {', '.join(report.skipped)}", err=True)
    if report.replaced:
        click.echo(f"note: tests of the replaced definitions of these rules not run: {', '.join(report.replaced)}", err=True)
    failed = len(report.failed)
    passed = len(report.cases) - failed
    click.echo(f"{passed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@cli.command()
@click.option("--children", type=click.IntRange(1, 2_000_000), default=300, show_default=True, help="Children in the case population.")
@click.option("--seed", type=int, default=2025, show_default=True, help="Random seed: the same seed gives the same bytes.")
@click.option("--profile", type=click.Choice(["good", "adequate", "inadequate"]), default="adequate", show_default=True,
              help="How often practice problems are planted.")
@click.option("--as-at", "as_at", type=DATE, default="2025-03-31", show_default=True, help="The end of the generated year.")
@click.option("--out", type=click.Path(), required=True, help="Folder (or for xlsx, annex-a and cin-xml, a file) to write.")
@click.option("--format", "fmt", type=click.Choice(INPUT_FORMATS), default="csv", show_default=True)
@click.option("--census-problems", is_flag=True,
              help="cin-xml: also plant CIN census data-quality problems (listed in <out>.census-problems.json).")
def generate(children: int, seed: int, profile: str, as_at, out: str, fmt: str, census_problems: bool = False) -> None:
    """Write a fictional council's year of case data (synthetic; no real names).

    Contacts flow to referrals, assessments, strategy discussions, section 47
    enquiries, conferences, plans, visits, periods of care, reviews and
    supervision, with practice problems planted at the profile's rates.
    truth.json lists, for each planted problem, the records that carry it.
    """
    from checker.tools.generate import generate as make
    from checker.tools.generate import write_csv, write_truth

    council = make(children, seed, profile, as_at)
    target = Path(out)
    if fmt == "csv":
        write_csv(council, target)
    elif fmt == "cin-xml":  # dressed as a 2024/25 return (checker.tools.generate.census_dress)
        import json

        from checker.tools.generate import write_census

        planted = write_census(council, target, plant=census_problems)
        write_truth(council, target.parent / f"{target.stem}.truth.json")
        if census_problems:
            _write_atomic(target.parent / f"{target.stem}.census-problems.json", json.dumps(planted, indent=2, sort_keys=True) + "\n")
    else:
        from checker.data.readers import writer
        from checker.schema import builtin_schema_path, load_schema

        schema = load_schema(builtin_schema_path("csc"))
        writer(fmt)(council.tables, schema, target, as_at)
        folder = FORMATS[fmt].folder
        write_truth(council, target / "truth.json" if folder else target.parent / f"{target.stem}.truth.json")
    rows = sum(len(v) for v in council.tables.values())
    click.echo(f"wrote {rows} records across {len(council.tables)} tables to {out} ({fmt}, {profile}, seed {seed})")


@cli.command()
@click.argument("data", type=click.Path())
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Folder to write the tables into.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), help="The data's format, if not detected from its content.")
@click.option("--schema", "schema_ref", default="csc", show_default=True, help="Built-in schema name or path to a schema YAML.")
@click.option("--as-at", "as_at", type=DATE, help="Also report dates after this date.")
@click.option("--to", "to", type=click.Choice(tabular_formats()), default="csv", show_default=True,
              help="csv: the native <table>.csv folder; jsonl; parquet: <table>.parquet files with typed columns.")
def convert(data: str, out: str, input_format, schema_ref: str, as_at, to: str) -> None:
    """Write any supported input out as the native CSV folder (or JSON lines, or Parquet).

    Shows exactly what casecheck understood: one <table>.csv per schema table,
    with rejected rows in rejects.csv and the accounting on the terminal.
    With --to parquet, one <table>.parquet per table (dates as DATE, booleans
    as BOOLEAN, whole numbers as BIGINT, text and codes as VARCHAR); a CSV or
    Parquet folder is then read and written by DuckDB without Python rows.
    """
    from checker.data.readers.native import write_csv_folder, write_jsonl_folder
    from checker.schema import load_schema, resolve_schema_path

    try:
        schema = load_schema(resolve_schema_path(schema_ref, Path.cwd()))
    except CasecheckError as exc:
        _fail(exc.diagnostics)
    backend = None
    if to == "parquet":  # a CSV or Parquet folder goes straight into DuckDB, and out of it
        from checker.backends import BackendError
        from checker.backends.duckdb import DuckDBBackend

        try:
            backend = DuckDBBackend(memory_limit=DUCKDB_MEMORY_LIMIT)
        except BackendError as exc:
            _fail([Diagnostic(str(exc), code="bad-option")])
    try:
        loaded = _read(schema, data, input_format, as_at, con=backend.con if backend is not None else None)
        if loaded.diagnostics.errors:
            _fail(loaded.diagnostics.items)
        _echo_diagnostics(loaded.diagnostics.items)
        names = [name for name in schema.tables if name in loaded.accounts]
        target = Path(out)
        # Only the columns the input carries are written, so a rule needing a
        # field the input never had is still reported as not evaluable on the
        # converted folder; tables held only in part are recorded beside them.
        carried = _only(schema, names, {t: loaded.absent_fields(t, schema) for t in names})
        if to == "parquet" and loaded.in_database:
            from checker.data.readers.parquet import copy_table

            target.mkdir(parents=True, exist_ok=True)
            for name, table in carried.tables.items():
                if not table.fields:
                    continue
                cols = ", ".join('"' + f.replace('"', '""') + '"' for f in table.fields)
                copy_table(backend.con, f'SELECT {cols} FROM "{name}" ORDER BY _row', target / f"{name}.parquet")
        else:
            tables = {name: [r.values for r in loaded.dataset.tables[name]] for name in names}
            if to == "parquet":
                from checker.data.readers.parquet import write as write_parquet_folder

                write_parquet_folder(tables, carried, target)
            else:
                (write_csv_folder if to == "csv" else write_jsonl_folder)(tables, carried, target)
    finally:
        if backend is not None:
            backend.close()
    tables = names
    write_rejects(target / "rejects.csv", loaded)
    partial = {t: acc.partial for t, acc in sorted(loaded.accounts.items()) if acc.partial}
    manifest = target / SOURCE_MANIFEST
    if partial:
        import json

        _write_atomic(manifest, json.dumps({"converted_from": loaded.format, "partial": partial}, indent=2) + "\n")
    elif manifest.exists():
        manifest.unlink()
    for issue in loaded.integrity[:20]:
        click.echo(f"{issue.file} row {issue.row}: {issue.table} `{issue.key}`: {issue.message}", err=True)
    if len(loaded.integrity) > 20:
        click.echo(f"... and {len(loaded.integrity) - 20} more integrity issues", err=True)
    c = loaded.counts()
    click.echo(
        f"{loaded.format}: rows read {c['read']} = converted {c['evaluated']} + excluded {c['excluded']} + rejected {c['rejected']}; "
        f"{len(tables)} tables written to {out}"
    )


@cli.command("compare")
@click.argument("results", nargs=-1)
@click.option("--history", "history_path", type=click.Path(dir_okay=False),
              help="A history file: compare its runs (by run id or prefix) instead of result files.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def compare_cmd(results, history_path, fmt) -> None:
    """Is practice getting better? Compare an audit with the one before.

    \b
    casecheck compare OLD.json NEW.json          two results (run --format json)
    casecheck compare --history H                each pack's latest run vs its previous
    casecheck compare --history H RUN            that run vs its previous
    casecheck compare --history H RUN_A RUN_B    B against A

    For each rule: improved, declined, unchanged (within half a percentage
    point) or new, and findings repeated from the previous audit.
    """
    import json

    from checker.report.history import (
        History,
        compare,
        load_result,
        render_compare,
    )

    pairs = []
    try:
        if history_path is None:
            if len(results) != 2:
                _fail([Diagnostic("give two result files (OLD NEW), or --history", code="bad-option")])
            old, new = load_result(results[0]), load_result(results[1])
            pairs.append((new, old))
        else:
            with History(history_path) as h:
                if len(results) == 0:
                    packs = sorted({r["pack"] for r in h.runs()})
                    for pack_name in packs:
                        latest = h.get(h.runs(pack_name)[-1]["run_id"])
                        pairs.append((latest, h.previous(latest)))
                elif len(results) == 1:
                    cur = h.get(h.resolve(results[0]))
                    pairs.append((cur, h.previous(cur)))
                elif len(results) == 2:
                    pairs.append((h.get(h.resolve(results[1])), h.get(h.resolve(results[0]))))
                else:
                    _fail([Diagnostic("give at most two run ids", code="bad-option")])
    except CasecheckError as exc:
        _fail(exc.diagnostics)
    if not pairs:
        _fail([Diagnostic(f"the history {history_path} has no runs yet", code="no-runs")])
    comparisons = [compare(cur, prev) for cur, prev in pairs]
    if fmt == "json":
        click.echo(json.dumps(comparisons if len(comparisons) > 1 else comparisons[0], indent=2, ensure_ascii=False))
    else:
        for (cur, _), comp in zip(pairs, comparisons):
            click.echo(render_compare(comp, cur))


@cli.command("history")
@click.argument("history_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--pack", "pack_name", help="Only this pack's runs.")
@click.option("--check", is_flag=True, help="Also check the file's integrity.")
def history_cmd(history_path, pack_name, check) -> None:
    """List the runs recorded in a history file."""
    from tabulate import tabulate

    from checker.report.history import History

    try:
        with History(history_path) as h:
            rows = [[r["run_id"][:12], r["pack"], r.get("pack_version") or "", r["as_at"], r.get("data") or "", r.get("rules", "")]
                    for r in h.runs(pack_name)]
            click.echo(tabulate(rows, headers=["run", "pack", "version", "as at", "data", "rules"], tablefmt="simple"))
            if check:
                click.echo(f"integrity: {h.check()}")
    except CasecheckError as exc:
        _fail(exc.diagnostics)


def _schema(schema_ref: str):
    from checker.schema import load_schema, resolve_schema_path

    try:
        return load_schema(resolve_schema_path(schema_ref, Path.cwd()))
    except CasecheckError as exc:
        _fail(exc.diagnostics)


@cli.command("sample")
@click.option("--data", required=True, type=click.Path(), help="Case data (any input format) with case_allocations and children.")
@click.option("--as-at", "as_at", required=True, type=DATE,
              help="A case is open at this date: an allocation started on or before it and not ended by it.")
@click.option("--size", type=click.IntRange(1), default=80, show_default=True,
              help="Cases to sample; more than the population takes every case (with a note).")
@click.option("--seed", type=int, required=True, help="Random seed: the same data and seed give the same sample.")
@click.option("--stratify", default="team", show_default=True,
              help="A case_allocations field to stratify by (proportional, largest remainder), or `none`.")
@click.option("--population", type=click.Choice(["open", "all"]), default="open", show_default=True,
              help="open: children with a case open at --as-at; all: every child in the children table.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), help="The data's format, if not detected from its content.")
@click.option("--schema", "schema_ref", default="csc", show_default=True, help="Built-in schema name or path to a schema YAML.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the sample CSV here instead of standard output.")
def sample_cmd(data, as_at, size, seed, stratify, population, input_format, schema_ref, out) -> None:
    """Draw the month's reproducible case sample for QA audit.

    Stratified by team (proportional allocation), the same data and seed
    always give the same cases. Writes audit_id, child_id, team, stratum.
    """
    from checker.tools.sampling import draw_sample, sample_csv_text

    schema = _schema(schema_ref)
    loaded = _read(schema, data, input_format, as_at)
    if loaded.diagnostics.errors:
        _fail(loaded.diagnostics.items)
    try:
        s = draw_sample(loaded, schema, size, seed, stratify, population, as_at=as_at)
    except ValueError as exc:
        _fail([Diagnostic(str(exc), code="bad-sample")])
    text = sample_csv_text(s)
    if out:
        _write_atomic(Path(out), text)
    else:
        click.echo(text, nl=False)
    for line in s.describe():
        click.echo(line, err=True)


@cli.command("template")
@click.argument("pack")
@click.option("--sample", "sample_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The sample CSV written by `casecheck sample`.")
@click.option("--as-at", "as_at", required=True, type=DATE, help="The sample's as-at date (the same inputs give the same bytes).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The case-audit workbook (.xlsx) to write.")
def template_cmd(pack, sample_path, as_at, out) -> None:
    """Write the case-audit workbook a QA team fills in.

    One row per sampled case, a column per auditor question with a dropdown
    of the allowed answers, the auditor's and moderator's grades, and a sheet
    explaining each question and the rules that use its answer. The filled
    workbook is read back as the case_audits table (`run --data audit.xlsx`).
    """
    from checker.tools.audit_template import build_template
    from checker.tools.sampling import read_sample_csv

    p = _load(pack)
    try:
        build_template(p, read_sample_csv(sample_path), Path(out), as_at)
    except ValueError as exc:
        _fail([Diagnostic(str(exc), code="bad-sample")])
    click.echo(f"wrote {out}")


@cli.command("audit-grades")
@click.argument("audits", type=click.Path(exists=True))
@click.option("--pack", "pack_ref", help="Also run this pack over --data and list the rule failures on each case graded inadequate.")
@click.option("--data", type=click.Path(), help="Case data for --pack (default: AUDITS).")
@click.option("--as-at", "as_at", type=DATE, help="The reference date (required with --pack).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def audit_grades_cmd(audits, pack_ref, data, as_at, fmt) -> None:
    """The case-grade distribution of a QA audit: overall and by team, the
    share good or better, moderation agreement and changed grades, and every
    case graded inadequate (with its rule failures, given --pack)."""
    import json

    from checker.tools.audit_template import (
        failures_by_child,
        grade_summary,
        read_back,
        render_grade_summary,
    )

    schema = _load(pack_ref).schema if pack_ref else _schema("csc")
    if str(audits).endswith(".xlsx"):
        loaded_audits = read_back(Path(audits), schema, as_at)
    else:
        loaded_audits = _read(schema, audits, None, as_at)
    if loaded_audits.diagnostics.errors:
        _fail(loaded_audits.diagnostics.items)
    failures = None
    if pack_ref:
        if as_at is None:
            _fail([Diagnostic("--pack needs --as-at", code="bad-option")])
        p = _load(pack_ref)
        loaded, runnable, _ = _load_data(p, data or audits, p.rules, False, None, as_at, skip_unavailable=True)
        ctx = Context(loaded.dataset, p.calendar, as_at, p.params)
        results = [RuleResult(r, judge_all(r, ctx)) for r in runnable]
        failures = failures_by_child(results, loaded.dataset)
    summary = grade_summary(loaded_audits, failures)
    click.echo(json.dumps(summary, indent=2, ensure_ascii=False, default=str) if fmt == "json" else render_grade_summary(summary))


def _only(schema, tables, absent=None):
    """The schema restricted to the tables the input had and the fields it
    carried (convert writes only those)."""
    from dataclasses import replace

    absent = absent or {}
    out = {}
    for k, v in schema.tables.items():
        if k in tables:
            out[k] = replace(v, fields={f: d for f, d in v.fields.items() if f not in absent.get(k, set())})
    return replace(schema, tables=out)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except CasecheckError as exc:  # pragma: no cover - commands catch their own
        _fail(exc.diagnostics)


if __name__ == "__main__":  # pragma: no cover
    main()
