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
import textwrap
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
from checker.backends import ENGINES as ENGINE_INFO
from checker.data.binding import shipped as binding_names
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
from checker.report.sink import (
    clean_terminal,
    echo,
    neutral_cell,
    read_key,
    write_output,
    write_streamed,
)
from checker.validate import validate_document
from checker.yamlsource import load_yaml

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2

#: Set to ``raise`` (the test suite does, in tests/conftest.py) and an
#: unexpected exception escapes with its traceback instead of the clean
#: "internal error" exit: tests fail on it, users never see one.
INTERNAL_ERRORS_ENV = "CASECHECK_INTERNAL_ERRORS"


class _Guarded(click.Group):
    """The top-level guard: any exception no command expected becomes one
    line on standard error naming its type and exit 2, never a traceback
    and never exit 1 (the status scripts act on as "findings")."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except CasecheckError as exc:
            _fail(exc.diagnostics)
        except Exception as exc:
            import os

            if os.environ.get(INTERNAL_ERRORS_ENV) == "raise":
                raise
            import traceback

            # the type and where, never the message: it may hold a value from the data
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if "checker" in f.filename]
            where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
            click.echo(f"casecheck: internal error: please report ({type(exc).__name__}{where})", err=True)
            sys.exit(EXIT_BAD_INPUT)


QUIET = click.option("-q", "--quiet", is_flag=True, help="No progress display and no `wrote FILE` lines on standard error.")


def _echo_diagnostics(diags: list[Diagnostic]) -> None:
    """Diagnostics on standard error, through the sink: no terminal escape
    from the data reaches the terminal (the API has redacted them already
    when the run is redacted)."""
    for d in sorted(diags, key=lambda d: (d.location.file or "", d.location.line or 0, d.location.column or 0)):
        echo(d.render(), err=True)


def _fail(diags: list[Diagnostic]) -> None:
    _echo_diagnostics(diags)
    n = sum(1 for d in diags if d.is_error)
    click.echo(f"casecheck: {n} error{'s' if n != 1 else ''}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _sink(fn, *args):
    """Call a sink function; its refusal (a missing folder, a device, a
    short key) is a clean exit 2."""
    try:
        return fn(*args)
    except CasecheckError as exc:
        _fail(exc.diagnostics)


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


CONFIG_FILE = "casecheck.toml"


def _read_config(path: Path | None) -> tuple[dict, str] | None:
    """The project config: ``path``, else ./casecheck.toml, else the
    ``[tool.casecheck]`` table of ./pyproject.toml. None when there is none."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    candidates = [path] if path is not None else [Path(CONFIG_FILE), Path("pyproject.toml")]
    for p in candidates:
        if not p.is_file():
            if path is not None:
                _fail([Diagnostic(f"the config file {p} does not exist", code="bad-config")])
            continue
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            _fail([Diagnostic(f"{p}: not valid TOML: {exc}", code="bad-config")])
        if p.name == "pyproject.toml" and path is None:
            data = (data.get("tool") or {}).get("casecheck")
            if data is None:
                continue
        return data, str(p)
    return None


def _config_defaults(group: click.Group, config: dict, where: str) -> dict:
    """click's default_map from the config: keys at the top apply to every
    command with that option (``pack``, ``data``, ``as-at``...); a table named
    after a command (``[run]``) sets that command's options. Names as on the
    command line, with or without dashes; an unknown one is an error."""
    from checker.suggest import did_you_mean

    def names(cmd):
        out = {}
        for p in cmd.params:
            if p.name in ("help", "quiet"):
                continue
            out[p.name] = p.name
            for opt in getattr(p, "opts", []):
                bare = opt.lstrip("-")
                out[bare] = p.name
                out[bare.replace("-", "_")] = p.name
        return out

    commands = {name: cmd for name, cmd in group.commands.items()}
    defaults: dict[str, dict] = {name: {} for name in commands}
    problems = []
    every = set()
    for cmd in commands.values():
        every |= set(names(cmd))
    for key, value in config.items():
        if isinstance(value, dict):
            cmd = commands.get(key)
            if cmd is None:
                problems.append(Diagnostic(f"{where}: `[{key}]` is not a casecheck command", code="bad-config",
                                           suggestion=did_you_mean(key, list(commands))))
                continue
            known = names(cmd)
            for k, v in value.items():
                if k not in known:
                    problems.append(Diagnostic(f"{where}: `{k}` in `[{key}]` is not an option of `casecheck {key}`",
                                               code="bad-config", suggestion=did_you_mean(k, list(known))))
                else:
                    defaults[key][known[k]] = v
        elif key not in every:
            problems.append(Diagnostic(f"{where}: `{key}` is not an option of any casecheck command", code="bad-config",
                                       suggestion=did_you_mean(key, sorted(every))))
    for key, value in config.items():  # the shared keys, where a command's own table does not set them
        if isinstance(value, dict):
            continue
        for name, cmd in commands.items():
            param = names(cmd).get(key)
            if param is not None:
                defaults[name].setdefault(param, value)
    if problems:
        _fail(problems)
    return {k: v for k, v in defaults.items() if v}


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="casecheck")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help=f"The project config (default: ./{CONFIG_FILE}, else [tool.casecheck] in ./pyproject.toml).")
@click.option("--cache-dir", "cache_dir", type=click.Path(file_okay=False, path_type=Path), envvar="CASECHECK_CACHE_DIR",
              help="Where loaded rule packs are cached (default: $XDG_CACHE_HOME/casecheck; "
                   "CASECHECK_NO_CACHE=1 turns the cache off). Safe to delete.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None = None, cache_dir: Path | None = None) -> None:
    """Check children's social care case data against rule packs.

    \b
    A project config sets what a team passes every month, e.g. casecheck.toml:
      pack = "ilacs"
      data = "exports/council"
      [run]
      format = "html"
      out = "reports/report.html"
      history = "audits.sqlite"
      skip-unavailable = true
    Top-level keys apply to every command with that option; a table named
    after a command sets its options. The command line wins.

    A rule pack states, one rule at a time, what good practice looks like
    (an assessment authorised within 45 working days of its start; a strategy
    discussion before every section 47 enquiry); casecheck judges every record
    and reports who meets it and who does not, and why.

    Exit status: 0 done; 1 a finding at or below --fail-on (run) or a rule
    test failed (test); 2 bad rules or data, or a rule could not be evaluated.
    """
    if cache_dir is not None:
        import os

        os.environ["CASECHECK_CACHE_DIR"] = str(cache_dir)  # read by checker/packs/cache.py
    found = _read_config(config_path)
    if found is not None:
        ctx.default_map = _config_defaults(ctx.command, *found)


@cli.command()
@click.argument("pack")
def lint(pack: str) -> None:
    """Check a rule pack and its schema without reading any case data.

    PACK is a folder with a pack.yaml, or a built-in pack's name. Every
    expression is parsed and type-checked; every problem is shown with its
    file, line and column. Exit 2 if there is any error.
    """
    from checker.packs.cache import file_problems

    p = _load(pack)
    problems = list(p.warnings)

    def test_file_problems(f) -> list[Diagnostic]:
        try:
            return validate_document(load_yaml(f), "tests")
        except CasecheckError as exc:
            return list(exc.diagnostics)

    for f in p.test_files:
        problems.extend(file_problems(f, lambda f=f: test_file_problems(f)))  # kept while f is unchanged
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


def write_rejects(path: Path, loaded: LoadResult, redactor=None) -> bool:
    """rejects.csv: every rejected row, with where and why; redacted with the
    run's redactor (as the document's rejections are), every cell safe to
    open in a spreadsheet. Not written when no row was rejected."""
    import csv
    import io

    fix = redactor.text if redactor else (lambda t: t)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["table", "file", "row", "column", "value", "reason", "message"])
    for r in loaded.rejections:
        w.writerow([neutral_cell(c) for c in (r.table, r.file, r.row, r.column or "", fix(r.value or ""), r.reason, fix(r.message))])
    if not loaded.rejections:
        return False
    _sink(write_output, path, buf.getvalue())
    _wrote(path, f"{len(loaded.rejections)} rejected row{'s' if len(loaded.rejections) != 1 else ''}")
    return True


@cli.command()
@click.argument("pack")
@click.option("--data", "data", required=True, type=click.Path(exists=False), help="Case data: a folder of <table>.csv, .jsonl or .parquet files, an Excel workbook (a sheet per table), an Ofsted Annex A workbook, a CIN census XML, or a folder of SSDA903 files; the format is detected from the content.")
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
@click.option("--engine", type=click.Choice(list(ENGINES)), default="duckdb", show_default=True,
              help="Where rules are judged: " + "; ".join(f"{e.name}, {e.summary}" for e in ENGINE_INFO.values()) + ".")
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
@click.option("--previous", type=click.Path(exists=True, file_okay=False), metavar="DIR",
              help="The previous year's SSDA903 return (a folder), for the dfe-903 rules that compare with it; without it "
              "they are listed as not run. (Files in DATA with `last` or `prev` in their names are read as it too.)")
@QUIET
def run(pack: str, data: str, as_at, fmt: str, out: str | None, rules, tags, strict: bool, input_format, rejects_path,
        skip_unavailable, fail_on, sample, redact_key, history_path, engine="duckdb", dsn=None, dq_pack=None,
        memory_limit=None, require_all=False, quiet=False, pg_schema=None, pg_keep=False, product=None,
        previous=None) -> None:
    """Judge every record of case data against a rule pack.

    DATA is a folder of <table>.csv or .jsonl files, an Excel workbook (a sheet
    per table), an Ofsted Annex A workbook, a CIN census XML, or a folder of
    SSDA903 files; the format is detected from the content.

    Prints a summary table (worst rate first), or with --format json the full
    result: counts, rates and every case behind every outcome, with reasons.
    Rejected rows are listed in rejects.csv beside --out (or --rejects).
    """
    # Everything that can be checked without the data is checked first: a
    # mistyped option is said in a second, not after the whole run.
    if RENDERERS[fmt].file_only and (not out or out == "-"):
        _fail([Diagnostic(f"--format {fmt} writes {RENDERERS[fmt].file_only}: give --out FILE.{fmt}", code="bad-option")])
    if out == "-":
        out = None
    for opt, path in (("--out", out), ("--rejects", rejects_path)):
        folder = Path(path).absolute().parent if path else None
        if folder is not None and not folder.is_dir():  # said now, not after the whole run
            _fail([Diagnostic(f"cannot write {path} ({opt}): the folder {folder} does not exist", code="cannot-write",
                              suggestion=f"create it first (mkdir -p {folder})")])
    p = _load(pack)
    if product is not None:  # said now, not after the whole run
        from checker.packs.framework import load_framework

        if fmt != "letter":
            _fail([Diagnostic(f"--product chooses the letter's product; it needs --format letter, not {fmt}", code="bad-option")])
        try:
            load_framework(p.framework or "ilacs").product(product)
        except CasecheckError as exc:
            _fail(exc.diagnostics)
    if fail_on is not None:
        from checker.api import resolve_fail_on
        from checker.packs.framework import load_framework

        try:
            fail_on = resolve_fail_on(load_framework(p.framework or "ilacs").summary(), fail_on)
        except CasecheckError as exc:
            _fail(exc.diagnostics)
    _select(p, rules, tags)
    key = _sink(read_key, redact_key) if redact_key else None
    if rejects_path is None and out:
        rejects_path = str(Path(out).with_name("rejects.csv"))
    reading = _Step(f"reading {data}")

    def read_done(warnings):
        reading.done()
        _echo_diagnostics(warnings)
    try:
        reading.__enter__()
        result = run_pack(
            p, data, as_at, rules=_split(rules), tags=_split(tags), engine=engine, dsn=dsn,
            pg_schema=pg_schema, pg_keep=pg_keep, memory_limit=memory_limit, input_format=input_format, strict=strict,
            skip_unavailable=skip_unavailable, sample=sample, listed=listed(fmt, bool(history_path)), redact_key=key,
            history=history_path, progress=_progress, data_quality=dq_pack,
            on_warnings=read_done, require_all=require_all, record_history=False,
            case_context=fmt in ("csv", "parquet", "xlsx", "html"), previous=previous,
            stream=RENDERERS[fmt].write is not None,  # written as read from the engine: never whole in memory
        )
    except CasecheckError as exc:
        reading.__exit__(CasecheckError, None, None)
        _fail(exc.diagnostics)
    doc = result.document
    for rid, why in result.fallbacks.items():  # on every engine: a fallback is never silent
        click.echo(f"casecheck: note: {rid} {why}", err=True)
    if dq_pack and fmt in ("table", "markdown"):
        from checker.engine.dataquality import text as dq_text

        echo(dq_text(doc["data_quality"]), err=fmt == "markdown" and not out)
    try:
        failing = result.failing(fail_on)
    except CasecheckError as exc:
        _fail(exc.diagnostics)
    cases_file = None
    if fmt == "html" and out:  # a big council: the page shows the first cases, every one is written beside it
        from checker.report import documents as reports

        if reports.cases_beside(doc):
            cases_file = Path(out).with_name(f"{Path(out).stem}-cases.csv")
            _sink(write_output, cases_file, reports.outcomes_csv(doc))
            _wrote(cases_file, "every failing and unevidenced case")
    try:
        with _Step(f"writing the {fmt} report"):
            renderer = RENDERERS[fmt]
            if renderer.write is not None:
                text = None
                if out:
                    _sink(write_streamed, Path(out), lambda w: renderer.write(result.result, doc, w))
                else:
                    renderer.write(result.result, doc, lambda t: click.echo(t, nl=False))
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
            _sink(write_output, Path(out), text)
        _wrote(out)
    elif text is not None:
        click.echo(clean_terminal(text), nl=False)
    try:
        result.record()  # only now: a run whose outputs were not all written is not in the history
    except CasecheckError as exc:
        _fail(exc.diagnostics)
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
    if work < PROGRESS_MIN_RECORDS or not _interactive():
        return contextlib.nullcontext(rules)
    return click.progressbar(
        rules, label=f"judging {work:,} records", file=sys.stderr,
        item_show_func=lambda r: r.id if r is not None else "",
    )


def _size(n: int) -> str:
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} byte{'s' if n != 1 else ''}"


def _wrote(path: Path | str, what: str = "") -> None:
    """``wrote FILE (size)`` on standard error after every write (a folder: its files' total)."""
    if _quiet():
        return
    p = Path(path)
    try:
        n = sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) if p.is_dir() else p.stat().st_size
    except OSError:
        return
    click.echo(f"wrote {p} ({_size(n)}{', ' + what if what else ''})", err=True)


def _quiet() -> bool:
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.params.get("quiet"):
            return True
        ctx = ctx.parent
    return False


def _interactive() -> bool:
    """Progress is shown only to a person: standard error is a terminal (and not --quiet)."""
    return sys.stderr.isatty() and not _quiet()


class _Step:
    """A step that may take a while, said on standard error when a person is
    watching: ``reading /data ...`` then ``done (2.1 s)``. Silent otherwise."""

    def __init__(self, label: str):
        self.label, self.start, self.open = label, None, False

    def __enter__(self):
        import time

        if _interactive():
            self.start = time.monotonic()
            click.echo(f"casecheck: {self.label} ...", err=True, nl=False)
            self.open = True
        return self

    def done(self):
        import time

        if self.open:
            click.echo(f" done ({time.monotonic() - self.start:.1f} s)", err=True)
            self.open = False

    def __exit__(self, *exc):
        if self.open:
            if exc[0] is None:
                self.done()
            else:
                click.echo("", err=True)
                self.open = False
        return False


def _write_atomic(path: Path, content: str | bytes) -> None:
    """Write through the sink (checker.report.sink.write_output): to a
    temporary file renamed into place, through links, never onto a device;
    its refusal is a clean exit 2."""
    _sink(write_output, path, content)


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

    p = _load(pack)
    loaded = None
    if data:
        loaded = _read(p.schema, data, None if fmt == "csv" else fmt, as_at, None)
        if loaded.diagnostics.errors:
            _fail(list(loaded.diagnostics.items))
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
def sql_cmd(pack: str, dialect: str, as_at, rules, tags, with_calendar: bool, tsql_version: str, binding) -> None:
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
    bound = None
    if binding:
        from checker.data.binding import load_binding

        try:
            bound = load_binding(binding, p.schema)
        except CasecheckError as exc:
            _fail(exc.diagnostics)
    out = [f"-- casecheck {__version__}: pack {p.name} ({len(selected)} rules), as at {as_at.isoformat()}, dialect {dialect}"]
    if bound is not None:
        out += [f"-- Tables: {bound.title}'s tables as the council holds them ({', '.join(bound.tables)}), read through the",
                f"-- `{bound.id}` binding (rules/bindings/{bound.id}.yaml): each query makes the `{p.schema.name}` tables it reads",
                "-- as common table expressions over them, so it needs only the right to read them.",
                f"-- A rule whose outcome turns on what {bound.title} has no place for is listed with why, not compiled."]
    else:
        out.append(f"-- Tables: one per table of schema `{p.schema.name}`, with the schema's fields and _row (record position).")
        for name, table in p.schema.tables.items():
            cols = ", ".join([f"_row {types['integer']}"] + [f"{f} {types[fld.type.kind]}" for f, fld in table.fields.items()])
            out.append(f"--   {name}({cols})")
    out.append("")
    out.extend(setup_script(dialect, p.schema, p.calendar if with_calendar else None, indexes=bound is None))
    for rule, text, why in sql_for_pack(selected, p.schema, p.calendar, as_at, p.params, dialect, tsql_version=int(tsql_version),
                                        binding=bound):
        out.append(f"-- {rule.id}: {rule.title}")
        if text is None and bound is not None and why.startswith("not decided"):
            out.append(f"-- {why}")
        elif text is None:
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
    echo(f"rule {rule.id}: {rule.title}")
    echo(f"record: {rule.subject} {row.key}    as at {as_at.isoformat()}")
    echo("")
    try:
        if rule.when is not None:
            _, trace = Evaluator(ctx, trace=True).run(rule.when, row)
            echo("when:")
            for line in render_trace(trace, 1):
                echo(line)
            echo("")
        _, trace = Evaluator(ctx, trace=True).run(rule.expect, row)
        echo("expect:")
        for line in render_trace(trace, 1):
            echo(line)
        outcome = judge(rule, row, ctx)
    except RuleEvaluationError as exc:
        _fail([Diagnostic(str(exc), rule.location, code="evaluation", rule=rule.id)])
    except Exception as exc:  # the evaluation error surfaces through judge below
        from checker.engine.evaluate import EvaluationError

        if isinstance(exc, EvaluationError):
            _fail([Diagnostic(exc.message, rule.location, code="evaluation", rule=rule.id)])
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
@click.option("--with-previous", is_flag=True,
              help="ssda903: also write the previous year's return to <out>/previous, consistent with this year's but for "
              "planted year-to-year disagreements (listed in <out>/previous/planted.json), for `run --previous`; both "
              "returns then hold only the episodes open in their year, as real returns do.")
@QUIET
def generate(children: int, seed: int, profile: str, as_at, out: str, fmt: str, census_problems: bool = False,
             quiet: bool = False, with_previous: bool = False) -> None:
    """Write a fictional council's year of case data (synthetic; no real names).

    Contacts flow to referrals, assessments, strategy discussions, section 47
    enquiries, conferences, plans, visits, periods of care, reviews and
    supervision, with practice problems planted at the profile's rates.
    truth.json lists, for each planted problem, the records that carry it.
    """
    from checker.tools.generate import generate as make
    from checker.tools.generate import write_csv, write_truth

    if with_previous and fmt != "ssda903":
        _fail([Diagnostic("--with-previous writes the previous year's SSDA903 return: use it with --format ssda903", code="bad-option")])
    with _Step(f"generating a council of {children:,} children"):
        council = make(children, seed, profile, as_at)
    target = Path(out)
    step = _Step(f"writing {out} ({fmt})")
    step.__enter__()
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
        if with_previous:  # both years as real returns: only the episodes open in each year
            from checker.data.readers.ssda903_previous import trim_to_year, write_previous

            write_previous(target, target / "previous", as_at, seed)
            trim_to_year(target, as_at)
        folder = FORMATS[fmt].folder
        write_truth(council, target / "truth.json" if folder else target.parent / f"{target.stem}.truth.json")
    step.__exit__(None, None, None)
    rows = sum(len(v) for v in council.tables.values())
    n_children = len(council.tables.get("children", ()))
    what = {
        "annex-a": f"an Ofsted Annex A workbook, lists 1 and 3-9 (8 lists), from {rows:,} records of {n_children:,} children",
        "cin-xml": f"a CIN census return of {n_children:,} children, from {rows:,} records",
        "ssda903": f"SSDA903 return files from {rows:,} records of {n_children:,} children",
        "xlsx": f"{rows:,} records on {len(council.tables)} sheets, one per table",
    }.get(fmt, f"{rows:,} records across {len(council.tables)} tables")
    click.echo(f"wrote {what} to {out} ({fmt}, {profile}, seed {seed})")
    _wrote(out)


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
    from checker.data.load import not_carried_manifest
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
        final = Path(out)
        target = _staging(final)  # written whole into a temporary folder, then renamed (_publish)
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
        tables = names
        write_rejects(target / "rejects.csv", loaded)
        manifest = not_carried_manifest(loaded, schema)  # what the source lacked, for reading it back
        if manifest:
            import json

            _write_atomic(target / SOURCE_MANIFEST, json.dumps(manifest, indent=2) + "\n")
        _publish(target, final)
    except BaseException as exc:
        import shutil

        if "target" in locals():
            shutil.rmtree(target, ignore_errors=True)
        if isinstance(exc, OSError):  # a full disk, no permission: a clean error, nothing half-written left
            _fail([Diagnostic(f"cannot write {out}: {exc.strerror or exc}", code="cannot-write")])
        raise
    finally:
        if backend is not None:
            backend.close()
    for issue in loaded.integrity[:20]:
        echo(f"{issue.file} row {issue.row}: {issue.table} `{issue.key}`: {issue.message}", err=True)
    if len(loaded.integrity) > 20:
        click.echo(f"... and {len(loaded.integrity) - 20} more integrity issues", err=True)
    c = loaded.counts()
    click.echo(
        f"{loaded.format}: rows read {c['read']} = converted {c['evaluated']} + excluded {c['excluded']} + rejected {c['rejected']}; "
        f"{len(tables)} tables written to {out}"
    )
    _wrote(out)


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

    from checker.report.comparison import compare, render_compare
    from checker.report.history import History, load_result

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
            echo(render_compare(comp, cur))


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
            echo(tabulate(rows, headers=["run", "pack", "version", "as at", "data", "rules"], tablefmt="simple"))
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
        _wrote(out)
    else:
        echo(text, nl=False)
    for line in s.describe():
        echo(line, err=True)


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
        rows = read_sample_csv(sample_path)
        build_template(p, rows, Path(out), as_at)
    except ValueError as exc:
        _fail([Diagnostic(str(exc), code="bad-sample")])
    _wrote(out, f"{len(rows)} case{'s' if len(rows) != 1 else ''} to audit")


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

    from checker.api import unavailable
    from checker.tools.audit_template import (
        TABLE,
        accounting,
        failures_by_child,
        grade_summary,
        read_back,
        render_grade_summary,
    )

    if pack_ref and as_at is None:  # said before anything is read
        _fail([Diagnostic("--pack needs --as-at", code="bad-option")])
    p = _load(pack_ref) if pack_ref else None
    schema = p.schema if p is not None else _schema("csc")
    if str(audits).endswith(".xlsx"):
        loaded_audits = read_back(Path(audits), schema, as_at)
    else:
        loaded_audits = _read(schema, audits, None, as_at)
    if loaded_audits.diagnostics.errors:
        _fail(loaded_audits.diagnostics.items)
    _echo_diagnostics(loaded_audits.diagnostics.items)
    rows = accounting(loaded_audits)
    if rows["audits"] == 0:
        if rows["rows"] and rows["not_filled_in"] == rows["rows"]:
            _fail([Diagnostic(
                f"{audits}: none of its {rows['rows']} case{'s' if rows['rows'] != 1 else ''} is filled in yet "
                "(audit_date is blank in every row)", code="no-audits",
                suggestion="the auditors fill in audit_date, the answers and the grade; then run audit-grades on it")])
        _fail([Diagnostic(f"{audits}: no case audit could be read ({rows['rows']} rows, {rows['rejected']} rejected)",
                          code="no-audits")])
    failures = None
    if p is not None:
        audit_ids = {r.key for r in loaded_audits.dataset.tables.get(TABLE, ())}
        source = data or audits
        loaded, runnable, _ = _load_data(p, source, p.rules, False, None, as_at, skip_unavailable=True)
        ctx = Context(loaded.dataset, p.calendar, as_at, p.params)
        separate = data is not None and Path(data).resolve() != Path(audits).resolve()
        # This audit's answers are judged from its own workbook, not the case_audits of the data
        # (the council's earlier audits).
        results = [RuleResult(r, judge_all(r, ctx)) for r in runnable if not (separate and r.subject == TABLE)]
        if separate:
            actx = Context(loaded_audits.dataset, p.calendar, as_at, p.params)
            results += [RuleResult(r, judge_all(r, actx)) for r in p.rules
                        if r.subject == TABLE and not unavailable(r, loaded_audits, p.schema)]
        from checker.model import Dataset

        rows_by_table = {**loaded.dataset.tables, TABLE: loaded_audits.dataset.tables.get(TABLE, [])}
        failures = failures_by_child(results, Dataset(rows_by_table) if separate else loaded.dataset, audits=audit_ids)
    summary = grade_summary(loaded_audits, failures)
    click.echo(json.dumps(summary, indent=2, ensure_ascii=False, default=str) if fmt == "json" else render_grade_summary(summary))


def _staging(final: Path) -> Path:
    """A fresh temporary folder beside ``final`` for convert to write into:
    a killed or failed convert leaves no short folder that a later run would
    accept. A missing parent, or ``final`` being a file, is a clean error."""
    import os
    import tempfile

    if final.exists() and not final.is_dir():
        _fail([Diagnostic(f"cannot write {final}: it is not a folder", code="cannot-write")])
    parent = final.absolute().parent
    if not parent.is_dir():
        _fail([Diagnostic(f"cannot write {final}: the folder {parent} does not exist", code="cannot-write",
                          suggestion=f"create it first (mkdir -p {parent})")])
    try:
        staged = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=f".{os.getpid()}.tmp", dir=parent))
        mask = os.umask(0)
        os.umask(mask)
        staged.chmod(0o777 & ~mask)  # a folder as mkdir would make it, not mkdtemp's 0700
        return staged
    except OSError as exc:
        _fail([Diagnostic(f"cannot write {final}: {exc.strerror or exc}", code="cannot-write")])


def _publish(staged: Path, final: Path) -> None:
    """Put a finished convert in place: renamed as a whole when ``final`` is
    absent or empty; into an existing folder file by file (each rename
    atomic), the tables first and the manifest of partial tables last, an
    old manifest removed when the new output has none."""
    import os

    if final.is_dir() and not any(final.iterdir()):
        final.rmdir()
    if not final.exists():
        os.replace(staged, final)
        return
    if not (staged / SOURCE_MANIFEST).exists() and (final / SOURCE_MANIFEST).exists():
        (final / SOURCE_MANIFEST).unlink()
    for f in sorted(staged.iterdir(), key=lambda f: f.name == SOURCE_MANIFEST):
        os.replace(f, final / f.name)
    staged.rmdir()


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

    p = _load(pack)
    chosen = _select(p, None, tags) if tags else p.rules
    rows = []
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
