"""What every command shares: the command group and its guard, the project config, options,
diagnostics and where output goes."""


from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path
from typing import NoReturn

import click

from checker import __version__
from checker.api import (
    read_data,
    read_for_rules,
    select_rules,
)
from checker.data.load import LoadResult
from checker.data.readers import formats
from checker.errors import CasecheckError, Diagnostic
from checker.packs.pack import Pack, load_pack
from checker.report.renderers import RENDERERS
from checker.report.sink import (
    echo,
    neutral_cell,
    write_output,
)

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2

#: Set to ``raise`` (the test suite does, in tests/conftest.py) and an
#: unexpected exception escapes with its traceback instead of the clean
#: "internal error" exit: tests fail on it, users never see one.
INTERNAL_ERRORS_ENV = "CASECHECK_INTERNAL_ERRORS"


class Guarded(click.Group):
    """The top-level guard: any exception no command expected becomes one
    line on standard error naming its type and exit 2, never a traceback
    and never exit 1 (the status scripts act on as "findings")."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except CasecheckError as exc:
            fail(exc.diagnostics)
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


QUIET = click.option("-q", "--quiet", is_flag=True, help="No progress display, no `wrote FILE` lines and no notes of rules judged by the reference engine "
                     "on standard error (the result and report still list them).")


def echo_diagnostics(diags: list[Diagnostic]) -> None:
    """Diagnostics on standard error, through the sink: no terminal escape
    from the data reaches the terminal (the API has redacted them already
    when the run is redacted)."""
    for d in sorted(diags, key=lambda d: (d.location.file or "", d.location.line or 0, d.location.column or 0)):
        echo(d.render(), err=True)


def fail(diags: list[Diagnostic]) -> NoReturn:
    echo_diagnostics(diags)
    n = sum(1 for d in diags if d.is_error)
    click.echo(f"casecheck: {n} error{'s' if n != 1 else ''}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def sink(fn, *args):
    """Call a sink function; its refusal (a missing folder, a device, a
    short key) is a clean exit 2."""
    try:
        return fn(*args)
    except CasecheckError as exc:
        fail(exc.diagnostics)


def load_pack_arg(pack_ref: str) -> Pack:
    try:
        pack = load_pack(pack_ref)
    except CasecheckError as exc:
        fail(exc.diagnostics)
    return pack


class DateParam(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, _dt.date):
            return value
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"`{value}` is not a date in the form YYYY-MM-DD", param, ctx)


DATE = DateParam()


CONFIG_FILE = "casecheck.toml"


def read_config(path: Path | None) -> tuple[dict, str] | None:
    """The project config: ``path``, else ./casecheck.toml, else the
    ``[tool.casecheck]`` table of ./pyproject.toml. None when there is none."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        # mypy checks as 3.10 (pyproject) but runs on 3.11, where tomli is not installed: a missing module, not a type error
        import tomli as tomllib  # type: ignore[import-not-found]

    candidates = [path] if path is not None else [Path(CONFIG_FILE), Path("pyproject.toml")]
    for p in candidates:
        if not p.is_file():
            if path is not None:
                fail([Diagnostic(f"the config file {p} does not exist", code="bad-config")])
            continue
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            fail([Diagnostic(f"{p}: not valid TOML: {exc}", code="bad-config")])
        if p.name == "pyproject.toml" and path is None:
            section = (data.get("tool") or {}).get("casecheck")
            if section is None:
                continue
            data = section
        return data, str(p)
    return None


def config_defaults(group: click.Group, config: dict, where: str) -> dict:
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
            table_cmd = commands.get(key)
            if table_cmd is None:
                problems.append(Diagnostic(f"{where}: `[{key}]` is not a casecheck command", code="bad-config",
                                           suggestion=did_you_mean(key, list(commands))))
                continue
            known = names(table_cmd)
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
        fail(problems)
    return {k: v for k, v in defaults.items() if v}


@click.group(cls=Guarded, context_settings={"help_option_names": ["-h", "--help"]})
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
    found = read_config(config_path)
    if found is not None:
        assert isinstance(ctx.command, click.Group)  # this callback is the `cli` group's own
        ctx.default_map = config_defaults(ctx.command, *found)


def split_list(text: str | None) -> list[str] | None:
    return [t.strip() for t in text.split(",")] if text else None


def select_from(p: Pack, rules: str | None, tags: str | None):
    try:
        return select_rules(p, split_list(rules), split_list(tags))
    except CasecheckError as exc:
        fail(exc.diagnostics)


def read_input(schema, data: str, input_format: str | None, as_at, con=None) -> LoadResult:
    try:
        return read_data(schema, data, input_format, as_at, con)
    except CasecheckError as exc:
        fail(exc.diagnostics)


def load_data_for(p: Pack, data: str, rules, strict: bool, input_format: str | None, as_at, skip_unavailable: bool = False,
                  previous: str | None = None, ofsted_lists=None):
    """Read the data (and the previous year's return, ``previous``; Ofsted's provider lists); decide
    which rules can run on it (``api.read_for_rules``), showing its warnings.
    Returns (loaded, runnable, not_run)."""
    try:
        loaded, runnable, not_run, warnings = read_for_rules(
            p, data, rules, strict=strict, input_format=input_format, as_at=as_at, skip_unavailable=skip_unavailable,
            previous=previous, ofsted_lists=ofsted_lists or None)
    except CasecheckError as exc:
        fail(exc.diagnostics)
    echo_diagnostics(warnings)
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
    sink(write_output, path, buf.getvalue())
    wrote(path, f"{len(loaded.rejections)} rejected row{'s' if len(loaded.rejections) != 1 else ''}")
    return True


def human_size(n: int) -> str:
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} byte{'s' if n != 1 else ''}"


def wrote(path: Path | str, what: str = "") -> None:
    """``wrote FILE (size)`` on standard error after every write (a folder: its files' total)."""
    if is_quiet():
        return
    p = Path(path)
    try:
        n = sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) if p.is_dir() else p.stat().st_size
    except OSError:
        return
    click.echo(f"wrote {p} ({human_size(n)}{', ' + what if what else ''})", err=True)


def is_quiet() -> bool:
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.params.get("quiet"):
            return True
        ctx = ctx.parent
    return False


def is_interactive() -> bool:
    """Progress is shown only to a person: standard error is a terminal (and not --quiet)."""
    return sys.stderr.isatty() and not is_quiet()


class Step:
    """A step that may take a while, said on standard error when a person is
    watching: ``reading /data ...`` then ``done (2.1 s)``. Silent otherwise."""

    def __init__(self, label: str):
        self.label, self.start, self.open = label, None, False

    def __enter__(self):
        import time

        if is_interactive():
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


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write through the sink (checker.report.sink.write_output): to a
    temporary file renamed into place, through links, never onto a device;
    its refusal is a clean exit 2."""
    sink(write_output, path, content)


def schema_by_ref(schema_ref: str):
    from checker.schema import load_schema, resolve_schema_path

    try:
        return load_schema(resolve_schema_path(schema_ref, Path.cwd()))
    except CasecheckError as exc:
        fail(exc.diagnostics)


def staging(final: Path) -> Path:
    """A fresh temporary folder beside ``final`` for convert to write into:
    a killed or failed convert leaves no short folder that a later run would
    accept. A missing parent, or ``final`` being a file, is a clean error."""
    import os
    import tempfile

    if final.exists() and not final.is_dir():
        fail([Diagnostic(f"cannot write {final}: it is not a folder", code="cannot-write")])
    parent = final.absolute().parent
    if not parent.is_dir():
        fail([Diagnostic(f"cannot write {final}: the folder {parent} does not exist", code="cannot-write",
                          suggestion=f"create it first (mkdir -p {parent})")])
    try:
        staged = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=f".{os.getpid()}.tmp", dir=parent))
        mask = os.umask(0)
        os.umask(mask)
        staged.chmod(0o777 & ~mask)  # a folder as mkdir would make it, not mkdtemp's 0700
        return staged
    except OSError as exc:
        fail([Diagnostic(f"cannot write {final}: {exc.strerror or exc}", code="cannot-write")])


def publish(staged: Path, final: Path) -> None:
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


def only_tables(schema, tables, absent=None):
    """The schema restricted to the tables the input had and the fields it
    carried (convert writes only those)."""
    from dataclasses import replace

    absent = absent or {}
    out = {}
    for k, v in schema.tables.items():
        if k in tables:
            out[k] = replace(v, fields={f: d for f, d in v.fields.items() if f not in absent.get(k, set())})
    return replace(schema, tables=out)


