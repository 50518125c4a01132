"""Commands for rule authors: lint, test, explain, sql, rules, coverage."""


from __future__ import annotations

import functools
import sys
import textwrap
from typing import Any

import click

from checker.cli.app import (
    DATE,
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    INPUT_FORMATS,
    cli,
    echo_diagnostics,
    fail,
    load_data_for,
    load_pack_arg,
    read_input,
    select_from,
)
from checker.data.binding import shipped as binding_names
from checker.engine.evaluate import Evaluator
from checker.engine.explain import render_trace
from checker.engine.fixtures import run_tests
from checker.engine.outcomes import RuleEvaluationError, judge
from checker.errors import CasecheckError, Diagnostic
from checker.model import (
    Context,
)
from checker.report.sink import (
    echo,
)
from checker.validate import validate_document
from checker.yamlsource import load_yaml


@cli.command()
@click.argument("pack")
def lint(pack: str) -> None:
    """Check a rule pack and its schema without reading any case data.

    PACK is a folder with a pack.yaml, or a built-in pack's name. Every
    expression is parsed and type-checked; every problem is shown with its
    file, line and column. Exit 2 if there is any error.
    """
    from checker.packs.cache import file_problems

    p = load_pack_arg(pack)
    problems = list(p.warnings)

    def test_file_problems(f) -> list[Diagnostic]:
        try:
            return validate_document(load_yaml(f), "tests")
        except CasecheckError as exc:
            return list(exc.diagnostics)

    for f in p.test_files:
        problems.extend(file_problems(f, functools.partial(test_file_problems, f)))  # kept while f is unchanged
    errors = [d for d in problems if d.is_error]
    echo_diagnostics(problems)
    if errors:
        click.echo(f"casecheck: {len(errors)} error(s)", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(
        f"{p.name}: {len(p.rules)} rules checked against schema `{p.schema.name}` "
        f"({len(p.schema.tables)} tables); {len(p.test_files)} test file(s); no errors"
    )


@cli.command("coverage")
@click.argument("pack")
@click.option("--input-format", "fmt", required=True, type=click.Choice(["csv", "annex-a", "cin-xml", "ssda903", "ssd"]),
              help="The input format to ask about (csv: the native folder).")
@click.option("--data", type=click.Path(exists=True), help="Ask about this input instead of a synthetic council in the format.")
@click.option("--as-at", "as_at", type=DATE, default="2025-03-31", show_default=True, help="The reference date.")
def coverage_cmd(pack: str, fmt: str, data, as_at) -> None:
    """List each rule of PACK as judged, judged in part or not run on FMT input, and why.

    Decided by the code the run uses, on a synthetic council written in the
    format (or on --data): "judged in part" means some records turn on what the
    format has no place for (not evidenced, out of the rate).
    """
    from checker.tools.coverage import coverage, text

    p = load_pack_arg(pack)
    loaded = None
    if data:
        loaded = read_input(p.schema, data, None if fmt == "csv" else fmt, as_at, None)
        if loaded.diagnostics.errors:
            fail(list(loaded.diagnostics.items))
    click.echo(text(coverage(p, fmt, loaded, as_at)), nl=False)


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
@click.option("--binding", type=click.Choice(binding_names()),
              help="Read another dataset's tables (ssd: the Standard Safeguarding Dataset's ssd_* tables) through "
                   "this binding (rules/bindings/), instead of tables named as the pack's schema.")
@click.option("--param", "param_items", multiple=True, metavar="NAME=VALUE",
              help="A value for one of the pack's parameters (as `run --param`), compiled into the SQL.")
def sql_cmd(pack: str, dialect: str, as_at, rules, tags, with_calendar: bool, tsql_version: str, binding,
            param_items=()) -> None:
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
    from checker.engine.sqlscript import pack_script
    from checker.packs.runparams import parse_assignments, with_params

    p = load_pack_arg(pack)
    try:
        p = with_params(p, parse_assignments(param_items))
    except CasecheckError as exc:
        fail(exc.diagnostics)
    selected = select_from(p, rules, tags)
    bound = None
    if binding:
        from checker.data.binding import load_binding

        try:
            bound = load_binding(binding, p.schema)
        except CasecheckError as exc:
            fail(exc.diagnostics)
    click.echo(pack_script(p, selected, dialect, as_at, with_calendar=with_calendar, tsql_version=int(tsql_version), binding=bound))


@cli.command()
@click.argument("pack")
@click.argument("rule_id")
@click.argument("case_id")
@click.option("--data", "data", required=True, type=click.Path(), help="Case data, any input format (as `run --data`).")
@click.option("--as-at", "as_at", required=True, type=DATE, help="The reference date (YYYY-MM-DD), as `run --as-at`.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), help="The data's format, if not detected from its content.")
@click.option("--previous", type=click.Path(exists=True), metavar="PATH",
              help="The previous year's SSDA903 return (a folder, or an XML file), for a dfe-903 rule that compares with it (as `run --previous`).")
@click.option("--param", "param_items", multiple=True, metavar="NAME=VALUE",
              help="A value for one of the pack's parameters (as `run --param`), e.g. --param la_code=E09000033.")
@click.option("--ofsted-list", "ofsted_lists", multiple=True, type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="One of Ofsted's provider lists, for a dfe-903 rule that looks a URN up in them (as `run --ofsted-list`).")
def explain(pack: str, rule_id: str, case_id: str, data: str, as_at, input_format, previous=None,
            param_items=(), ofsted_lists=()) -> None:
    """Show how one rule judged one record, step by step.

    Prints each sub-expression with its value (and, inside quantifiers, each
    item considered), then the outcome and its reason.
    """
    p = load_pack_arg(pack)
    rule = p.rule(rule_id)
    if rule is None:
        from checker.suggest import did_you_mean

        fail([Diagnostic(f"unknown rule `{rule_id}`", code="unknown-rule", suggestion=did_you_mean(rule_id, [r.id for r in p.rules]))])
    from checker.packs.runparams import lacking, parse_assignments, with_params

    try:
        p = with_params(p, parse_assignments(param_items))
    except CasecheckError as exc:
        fail(exc.diagnostics)
    if lacking(rule, p):
        fail([Diagnostic(f"rule {rule.id} cannot be judged: it needs {'; '.join(lacking(rule, p))}", rule.location,
                         code="not-run")])
    loaded, _, _ = load_data_for(p, data, [rule], False, input_format, as_at, previous=previous,
                                 ofsted_lists=list(ofsted_lists))
    row = next((r for r in loaded.dataset.tables[rule.subject] if r.key == case_id), None)
    if row is None:
        from checker.suggest import did_you_mean

        keys = [r.key for r in loaded.dataset.tables[rule.subject]]
        rejected = [j for j in loaded.rejections if j.table == rule.subject and j.value == case_id]
        why = f" (it was rejected: {rejected[0].message})" if rejected else ""
        fail([Diagnostic(f"no {rule.subject} record `{case_id}`{why}", code="unknown-case", suggestion=did_you_mean(case_id, keys))])
    ctx = Context(loaded.dataset, p.calendar, as_at, p.params)
    echo(f"rule {rule.id}: {rule.title}")
    echo(f"record: {rule.subject} {row.key}    as at {as_at.isoformat()}")
    echo("")
    try:
        if rule.when is not None:
            _, trace = Evaluator(ctx, trace=True).run(rule.when, row)
            assert trace is not None  # a tracing Evaluator returns its trace
            echo("when:")
            for line in render_trace(trace, 1):
                echo(line)
            echo("")
        _, trace = Evaluator(ctx, trace=True).run(rule.expect, row)
        assert trace is not None  # a tracing Evaluator returns its trace
        echo("expect:")
        for line in render_trace(trace, 1):
            echo(line)
        outcome = judge(rule, row, ctx)
    except RuleEvaluationError as exc:
        fail([Diagnostic(str(exc), rule.location, code="evaluation", rule=rule.id)])
    except Exception as exc:  # the evaluation error surfaces through judge below
        from checker.engine.evaluate import EvaluationError

        if isinstance(exc, EvaluationError):
            fail([Diagnostic(exc.message, rule.location, code="evaluation", rule=rule.id)])
        raise
    echo("")
    echo(f"outcome: {outcome.outcome}")
    echo(f"reason:  {outcome.reason}")
    if outcome.outcome == "not_evidenced":
        counted = "counted as a failure" if rule.missing == "fail" else "left out of the rate"
        echo(f"(missing: {rule.missing}: this record is {counted})")


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
    p = load_pack_arg(pack)
    report = run_tests(p, rule_ids=list(rule_ids) or None, engine=engine)
    if report.diagnostics.errors:
        fail(report.diagnostics.items)
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


@cli.command("rules")
@click.argument("pack")
@click.option("--tags", help="Only rules with one of these tags (comma-separated).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def rules_cmd(pack: str, tags, fmt: str) -> None:
    """List a pack's rules: each rule's area, what it judges, its severity,
    how unevidenced records count, its tags and the tables and fields it
    needs; then the pack's areas and tags, to choose a thematic audit
    (`run --tags`) or check that the data carries what the rules need.
    """
    import json

    from tabulate import tabulate

    p = load_pack_arg(pack)
    chosen = select_from(p, None, tags) if tags else p.rules
    rows: list[dict[str, Any]] = []
    for r in chosen:
        needs = sorted(r.tables)
        fields = sorted(f"{t}.{f}" for t, f in r.fields)
        rows.append({"id": r.id, "title": r.title, "area": r.area, "area_title": p.areas.get(r.area, ""),
                     "subject": r.subject, "severity": r.severity, "missing": r.missing, "tags": list(r.tags),
                     "needs_tables": needs, "needs_fields": fields})
    tag_counts: dict[str, int] = {}
    for r in chosen:
        for t in r.tags:
            tag_counts[t] = tag_counts.get(t, 0) + 1
    if fmt == "json":
        click.echo(json.dumps({"pack": p.name, "title": p.title, "rules": rows, "areas": p.areas,
                               "tags": dict(sorted(tag_counts.items()))}, indent=2, ensure_ascii=False))
        return
    click.echo(f"{p.title} ({p.name} {p.version}): {len(rows)} rule{'s' if len(rows) != 1 else ''}, schema `{p.schema.name}`")
    click.echo("")
    table = [[x["id"], "\n".join(textwrap.wrap(x["title"], 44)), x["area"], x["subject"], x["severity"],
              "counts as fail" if x["missing"] == "fail" else "left out", "\n".join(textwrap.wrap(", ".join(x["needs_tables"]), 30)),
              "\n".join(textwrap.wrap(", ".join(x["tags"]), 30))] for x in rows]
    click.echo(tabulate(table, headers=["rule", "title", "area", "judges each", "severity", "not evidenced", "needs tables", "tags"],
                        tablefmt="simple"))
    click.echo("")
    click.echo("areas: " + "; ".join(f"{a} ({t})" if t else a for a, t in p.areas.items()))
    click.echo("tags: " + ", ".join(f"{t} ({n})" for t, n in sorted(tag_counts.items())))
    click.echo("")
    click.echo(f"`casecheck run {pack} --tags TAG` runs a theme; `--format json` gives each rule's fields too.")


