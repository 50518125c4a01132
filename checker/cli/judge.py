"""The ``run`` command: a pack judged on the data, reported, with the exit status scripts rely on."""


from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.api import (
    DUCKDB_MEMORY_LIMIT,
    ENGINES,
    run_pack,
)
from checker.backends import ENGINES as ENGINE_INFO
from checker.cli.app import (
    DATE,
    EXIT_FINDINGS,
    INPUT_FORMATS,
    QUIET,
    REPORT_FORMATS,
    Step,
    cli,
    echo_diagnostics,
    fail,
    is_interactive,
    load_pack_arg,
    select_from,
    sink,
    split_list,
    write_rejects,
    wrote,
)
from checker.errors import CasecheckError, Diagnostic
from checker.report.renderers import RENDERERS, listed
from checker.report.sink import (
    clean_terminal,
    echo,
    read_key,
    stdout_piece,
    write_made,
    write_output,
    write_streamed,
)


@cli.command()
@click.argument("pack")
@click.option("--data", "data", required=True, type=click.Path(exists=False), help="Case data: a folder of <table>.csv, .jsonl or .parquet files, an Excel workbook (a sheet per table), an Ofsted Annex A workbook, a CIN census XML, a folder of SSDA903 files, or a folder of SSD extracts (ssd_*.csv); the format is detected from the content.")
@click.option("--as-at", "as_at", required=True, type=DATE, help="The reference date (YYYY-MM-DD): `as_at` in rules. Never the clock.")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="table", show_default=True,
              help="table (terminal), json (the full result), markdown, letter (in the framework's words), html "
              "(one self-contained file), xlsx (needs --out), csv (every record's outcome for every rule, with its child, "
              "team, worker, area and category), parquet (the same, for BI tools; needs --out).")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the report here instead of standard output.")
@click.option("--product", metavar="PRODUCT",
              help="For --format letter: which of the framework's products to write, e.g. inspection or focused-visit "
              "for ilacs (default: the pack's `product`, else the framework's default).")
@click.option("--rules", help="Only these rule IDs (comma-separated).")
@click.option("--tags", help="Only rules with one of these tags (comma-separated).")
@click.option("--strict", is_flag=True, help="Treat any rejected data row as an error (exit 2).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), help="The data's format, if not detected from its content.")
@click.option("--rejects", "rejects_path", type=click.Path(dir_okay=False),
              help="Write rejected rows here (default: rejects.csv beside --out).")
@click.option("--skip-unavailable", is_flag=True,
              help="On a native folder or workbook, rules needing a table or field it lacks are listed as not run, "
              "instead of an error. (On Annex A, census and SSDA903 input, what the format cannot carry is always "
              "listed as not run.)")
@click.option("--require-all", is_flag=True,
              help="Make any rule not run an error (exit 2): for scripts that must judge every selected rule.")
@click.option("--fail-on", "fail_on", metavar="CATEGORY",
              help="Exit 1 when a rule's finding is this category or worse (default: the framework's priority category; `none` never).")
@click.option("--sample", is_flag=True, default=None, help="The records are an audit sample: add 95% Wilson intervals and say 'sampled'.")
@click.option("--redact", "redact_key", type=click.Path(exists=True, dir_okay=False),
              help="Replace every case ID in the output by a keyed hash; the key is read from this file.")
@click.option("--history", "history_path", type=click.Path(dir_okay=False),
              help="Record the run in this history file (SQLite, created if absent) and compare with the previous audit.")
@click.option("--engine", type=click.Choice(list(ENGINES)), default="auto", show_default=True,
              help="Where rules are judged: " + "; ".join(f"{e.name}, {e.summary}" for e in ENGINE_INFO.values()) + ".")
@click.option("--dsn", help="Connection for --engine postgres (postgresql://...); for --engine spark a master URL (spark://host:7077) or a Spark Connect server (sc://host:15002, as Databricks Connect uses). Spark reads a CSV or Parquet folder, or --data spark-table:db.prefix_ catalogue tables, itself.")
@click.option("--pg-schema", metavar="NAME",
              help="For --engine postgres: the schema the run works in, new or empty (default: casecheck_<random>); "
              "nothing outside it is read or changed.")
@click.option("--pg-keep", is_flag=True, help="For --engine postgres: keep the run's schema and tables afterwards (default: dropped).")
@click.option("--memory-limit", default=DUCKDB_MEMORY_LIMIT, show_default=True, metavar="SIZE",
              help="For --engine duckdb: the memory DuckDB may hold (e.g. 3GB, 500MB); beyond it, it works through a "
              "temporary folder on disk instead of failing.")
@click.option("--data-quality", "dq_pack", metavar="PACK",
              help="First run this validation pack (e.g. dfe-cin) over the same data; the report says how far the data can be trusted.")
@click.option("--previous", type=click.Path(exists=True), metavar="PATH",
              help="The previous year's SSDA903 return (a folder, or an XML file with an XML return), for the dfe-903 rules that compare with it; without it "
              "they are listed as not run. (Files in DATA with `last` or `prev` in their names are read as it too.)")
@click.option("--ofsted-list", "ofsted_lists", multiple=True, type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="One of Ofsted's provider lists as downloaded (.xlsx, or a sheet saved as CSV), for the dfe-903 rules "
              "that look a placement's URN up in them (1008, 219, 221, 224, 227, 228, 229): give it twice, the "
              "children's homes list and the social care providers list, or once, Ofsted's combined list; each is "
              "recognised by its columns. Without them those rules are listed as not run.")
@click.option("--param", "param_items", multiple=True, metavar="NAME=VALUE",
              help="A value for one of the pack's parameters (repeat for more), read as its declared type, e.g. "
              "--param la_code=E09000033 (dfe-903: the council's own local authority code; the rules comparing the "
              "LA of placement with it are listed as not run without it).")
@QUIET
def run(pack: str, data: str, as_at, fmt: str, out: str | None, rules, tags, strict: bool, input_format, rejects_path,
        skip_unavailable, fail_on, sample, redact_key, history_path, engine="auto", dsn=None, dq_pack=None,
        memory_limit=None, require_all=False, quiet=False, pg_schema=None, pg_keep=False, product=None,
        previous=None, param_items=(), ofsted_lists=()) -> None:
    """Judge every record of case data against a rule pack.

    DATA is a folder of <table>.csv, .jsonl or .parquet files, an Excel
    workbook (a sheet per table), an Ofsted Annex A workbook, a CIN census
    XML, a folder of SSDA903 files, or a folder of SSD extracts; the format
    is detected from the content.

    Prints a summary table (worst rate first), or with --format json the full
    result: counts, rates and every case behind every outcome, with reasons.
    Rejected rows are listed in rejects.csv beside --out (or --rejects).
    """
    # Everything that can be checked without the data is checked first: a
    # mistyped option is said in a second, not after the whole run.
    if RENDERERS[fmt].file_only and (not out or out == "-"):
        fail([Diagnostic(f"--format {fmt} writes {RENDERERS[fmt].file_only}: give --out FILE.{fmt}", code="bad-option")])
    if out == "-":
        out = None
    for opt, path in (("--out", out), ("--rejects", rejects_path)):
        folder = Path(path).absolute().parent if path else None
        if folder is not None and not folder.is_dir():  # said now, not after the whole run
            fail([Diagnostic(f"cannot write {path} ({opt}): the folder {folder} does not exist", code="cannot-write",
                              suggestion=f"create it first (mkdir -p {folder})")])
    p = load_pack_arg(pack)
    if product is not None:  # said now, not after the whole run
        from checker.packs.framework import load_framework

        if fmt != "letter":
            fail([Diagnostic(f"--product chooses the letter's product; it needs --format letter, not {fmt}", code="bad-option")])
        try:
            load_framework(p.framework or "ilacs").product(product)
        except CasecheckError as exc:
            fail(exc.diagnostics)
    if fail_on is not None:
        from checker.api import resolve_fail_on
        from checker.packs.framework import load_framework

        try:
            fail_on = resolve_fail_on(load_framework(p.framework or "ilacs").summary(), fail_on)
        except CasecheckError as exc:
            fail(exc.diagnostics)
    select_from(p, rules, tags)
    params = None
    if param_items:  # said now, not after the whole run
        from checker.packs.runparams import parse_assignments, split_params, with_params

        try:
            params = parse_assignments(param_items)
            own, _ = split_params(p, dq_pack, params)
            with_params(p, own)
        except CasecheckError as exc:
            fail(exc.diagnostics)
    key = sink(read_key, redact_key) if redact_key else None
    if rejects_path is None and out:
        rejects_path = str(Path(out).with_name("rejects.csv"))
    reading = Step(f"reading {data}")

    def read_done(warnings):
        reading.done()
        echo_diagnostics(warnings)
    try:
        reading.__enter__()
        result = run_pack(
            p, data, as_at, rules=split_list(rules), tags=split_list(tags), engine=engine, dsn=dsn,
            pg_schema=pg_schema, pg_keep=pg_keep, memory_limit=memory_limit, input_format=input_format, strict=strict,
            skip_unavailable=skip_unavailable, sample=sample, listed=listed(fmt, bool(history_path)), redact_key=key,
            history=history_path, progress=_progress, data_quality=dq_pack,
            on_warnings=read_done, require_all=require_all, record_history=False,
            # streamed, csv and parquet reach each case's child, team and worker as they write; a run kept in a
            # history holds its whole document, cases and context too
            case_context=fmt in ("xlsx", "html") or (fmt in ("csv", "parquet") and bool(history_path)), previous=previous,
            params=params, ofsted_lists=list(ofsted_lists) or None, stream=RENDERERS[fmt].streamed,  # written as read from the engine: never whole in memory
        )
    except CasecheckError as exc:
        reading.__exit__(CasecheckError, None, None)
        fail(exc.diagnostics)
    doc = result.document
    if not quiet:  # on every engine a fallback is never silent: said here, and always in the result
        for rid, why in result.fallbacks.items():
            click.echo(f"casecheck: note: {rid} {why}", err=True)
    if dq_pack and fmt in ("table", "markdown"):
        from checker.engine.dataquality import text as dq_text

        echo(dq_text(doc["data_quality"]), err=fmt == "markdown" and not out)
    try:
        failing = result.failing(fail_on)
    except CasecheckError as exc:
        fail(exc.diagnostics)
    cases_file = None
    if fmt == "html" and out:  # a big council: the page shows the first cases, every one is written beside it
        from checker.report import documents as reports

        if reports.cases_beside(doc):
            cases_file = Path(out).with_name(f"{Path(out).stem}-cases.csv")
            sink(write_output, cases_file, reports.outcomes_csv(doc))
            wrote(cases_file, "every failing and unevidenced case")
    try:
        with Step(f"writing the {fmt} report"):
            renderer = RENDERERS[fmt]
            if renderer.make is not None and out:
                text = None
                sink(write_made, Path(out), lambda tmp: renderer.make(result.result, doc, tmp))
            elif renderer.write is not None:
                text = None
                if out:
                    sink(write_streamed, Path(out), lambda w: renderer.write(result.result, doc, w))
                else:
                    renderer.write(result.result, doc, stdout_piece)
            else:
                text = renderer.render(result.result, doc,
                                       rejects=rejects_path if result.loaded.rejections else None,
                                       cases_file=cases_file.name if cases_file else None, product=product)
    finally:
        result.close()
    if rejects_path:
        write_rejects(Path(rejects_path), result.loaded, result.redactor)
    if out:
        if text is not None:
            sink(write_output, Path(out), text)
        wrote(out)
    elif text is not None:
        click.echo(clean_terminal(text), nl=False)
    try:
        result.record()  # only now: a run whose outputs were not all written is not in the history
    except CasecheckError as exc:
        fail(exc.diagnostics)
    if failing:
        click.echo(
            f"casecheck: {len(failing)} rule(s) at or below \"{_category_label(doc, fail_on)}\": "
            + ", ".join(failing),
            err=True,
        )
        sys.exit(EXIT_FINDINGS)


def _category_label(doc: dict, cid: str | None) -> str:
    cid = cid or doc["framework"].get("priority_category") or ""
    return next((c.get("label") or cid for c in doc["framework"]["categories"] if c["id"] == cid), cid)


PROGRESS_MIN_RECORDS = 5_000  # about a second of judging: below it a bar would only flash


def _progress(rules, loaded):
    """A progress bar on standard error for runs big enough to take more than
    a moment, and only on a terminal: scripts and outputs are unaffected."""
    import contextlib

    work = sum(loaded.accounts[r.subject].loaded for r in rules if r.subject in loaded.accounts)
    if work < PROGRESS_MIN_RECORDS or not is_interactive():
        return contextlib.nullcontext(rules)
    return click.progressbar(
        rules, label=f"judging {work:,} records", file=sys.stderr,
        item_show_func=lambda r: r.id if r is not None else "",
    )


