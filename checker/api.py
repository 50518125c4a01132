"""The library API: one call runs a pack over case data, as ``casecheck run`` does.

    >>> import datetime as dt
    >>> from checker.api import run_pack
    >>> run = run_pack("ilacs", "council/", dt.date(2025, 3, 31))      # doctest: +SKIP
    >>> run.document["overall"]["grade"], run.failing()                # doctest: +SKIP

:func:`run_pack` owns the whole pipeline: loading the pack and choosing its
rules, reading the data (DuckDB reads a CSV or Parquet folder itself; the
Python readers take the rest), deciding which rules the data can decide,
judging on the chosen engine (saying which rules fell back to the reference
evaluator, and why), findings, the data-quality pack, redaction and the
history. What it returns is complete: the engine is closed and the result
document is built. Every problem is a :class:`~checker.errors.CasecheckError`
carrying diagnostics with their positions; nothing is printed. The command
line, the benches and the tests call this module; the CLI only parses
options, renders and sets the exit status.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.backends import AUTO, BackendError, engine_info, open_backend
from checker.backends import ENGINES as _ENGINE_REGISTRY
from checker.data.load import LoadResult, load_data
from checker.engine.availability import (
    for_format,
    lacks_only_the_optional,
    not_judged,
    unavailable,
)
from checker.engine.outcomes import RuleEvaluationError
from checker.errors import CasecheckError, Diagnostic, Diagnostics
from checker.model import OUTCOMES, Context
from checker.packs.pack import Pack, Rule, load_pack
from checker.packs.runparams import split as split_rules
from checker.packs.runparams import split_params, with_params
from checker.report.result import RuleResult, RunResult
from checker.suggest import did_you_mean

#: The engines a run can judge on (``--engine``), from their registry.
ENGINES = tuple(_ENGINE_REGISTRY)

#: ``engine="auto"`` (the command line's default) judges data read by the
#: Python readers on the reference evaluator when it holds at most this many
#: records, and on DuckDB otherwise. DuckDB costs about 1.3 s of CPU before
#: the first outcome (its import, the calendar, planning some 50 queries at
#: about 10 ms each however small the tables), the evaluator about 0.07 ms a
#: record per rule: measured on ``ilacs`` it was the faster up to 14,301
#: records (1,000 children: 0.99 s against 2.59 s CPU), and on ``dfe-cin`` at
#: 3,889 (1.03 s against 1.77 s). The outcomes are the same by contract
#: (tests/test_engine_auto.py compares the documents byte for byte).
AUTO_REFERENCE_MAX_RECORDS = 5_000

#: DuckDB's memory by default: a council of 1,000,000 children runs in
#: about 3.1 GB in all (40 s on 2 cores; with DuckDB's own default of 80% of
#: the machine's memory it peaked at 4.7 GB).
DUCKDB_MEMORY_LIMIT = "3GB"

#: Peak memory of a run per byte of input, measured (bench/engines.py): a
#: 75 MB CSV folder of 100,000 children peaks at about 3 GB with judging,
#: findings and the JSON result. Rounded up.
MEMORY_PER_INPUT_BYTE = 45

#: A progress display: given the rules and what was read, a context whose
#: value iterates over the rules (the CLI's is a bar on a terminal).
Progress = Callable[[list[Rule], LoadResult], contextlib.AbstractContextManager[Iterable[Rule]]]


@dataclass
class Run:
    """A finished run of a pack over case data."""

    result: RunResult
    #: The versioned result document (``jsonschemas/result.schema.json``):
    #: what every report is rendered from. Redacted if the run was.
    document: dict[str, Any]
    #: Warnings from reading the data and choosing the rules, to show the user.
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Rules an engine judged with the reference evaluator instead, and why.
    fallbacks: dict[str, str] = field(default_factory=dict)
    engine: str = "duckdb"
    #: With a redaction key: the run's redactor, for what leaves the process
    #: outside the document (rejects.csv, warnings on standard error).
    redactor: Any = None
    #: The history file the run is to be recorded in, and whether it is.
    history: str | None = None
    recorded: str | None = None
    #: With ``run_pack(stream=True)``: the engine the document's cases are
    #: still read from, until :meth:`close`.
    open_engine: Any = None

    def close(self) -> None:
        """Let go of the engine a streamed document reads its cases from
        (after writing it: ``jsonout.write``). Safe to call twice."""
        engine, self.open_engine = self.open_engine, None
        if engine is not None:
            engine.close()

    def record(self) -> str | None:
        """Record the run in its history file (once); the run id. The CLI
        calls this only after every output is written, so a run that then
        fails is never in the history; ``run_pack(history=...)`` calls it
        itself unless ``record_history=False``."""
        if self.history is None or self.recorded is not None:
            return self.recorded
        from checker.report.history import History

        with History(self.history) as h:
            self.recorded = h.record(self.document)  # stored as rendered: redacted if redact_key
        return self.recorded

    @property
    def loaded(self) -> LoadResult:
        return self.result.loaded

    def failing(self, fail_on: str | None = None) -> list[str]:
        """Rules whose category is ``fail_on`` or worse, in the framework's
        order (default: the framework's priority category; ``none``: no rule)."""
        fail_on = resolve_fail_on(self.document["framework"], fail_on)
        if fail_on == "none":
            return []
        order = [c["id"] for c in self.document["framework"]["categories"]]
        target = fail_on or self.document["framework"].get("priority_category") or order[-1]
        worst = order.index(target)
        return [r["id"] for r in self.document["rules"] if r.get("category") in order and order.index(r["category"]) >= worst]


def _fold(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def resolve_fail_on(framework: dict, fail_on: str | None) -> str | None:
    """The category id ``fail_on`` names: an id (``area_for_priority_action``)
    or the framework's label for it (``Areas for priority action``), in any
    case and spacing; ``none`` and None stand for themselves. Anything else is
    an error listing the labels, with a suggestion."""
    if fail_on is None or fail_on.strip().lower() == "none":
        return None if fail_on is None else "none"
    cats = framework["categories"]
    by = {}
    for c in cats:
        by[_fold(c["id"])] = c["id"]
        by[_fold(c.get("label") or c["id"])] = c["id"]
    found = by.get(_fold(fail_on))
    if found is not None:
        return found
    names = [c.get("label") or c["id"] for c in cats]
    raise CasecheckError(Diagnostic(
        f"--fail-on `{fail_on}` is not a category of framework `{framework['id']}`: "
        + ", ".join(f"\"{c.get('label') or c['id']}\" ({c['id']})" for c in cats) + ", or none",
        code="bad-option", suggestion=did_you_mean(fail_on, names + [c["id"] for c in cats]),
    ))


def check_fail_on(framework: dict, fail_on: str | None) -> None:
    """``fail_on`` names a category of the framework by id or label (or is ``none``)."""
    resolve_fail_on(framework, fail_on)


def open_pack(pack: str | Path | Pack) -> Pack:
    """A loaded pack: a built-in pack's name, a pack folder, or a Pack already loaded."""
    return pack if isinstance(pack, Pack) else load_pack(str(pack))


def select_rules(pack: Pack, rules: Sequence[str] | None = None, tags: Sequence[str] | None = None) -> list[Rule]:
    """The pack's rules, or only those with these ids or tags; an unknown id
    is an error with a suggestion, and so is a selection of nothing."""
    ids = list(rules) if rules else None
    if ids:
        unknown = [i for i in ids if pack.rule(i) is None]
        if unknown:
            raise CasecheckError([
                Diagnostic(f"unknown rule `{u}`", code="unknown-rule", suggestion=did_you_mean(u, [r.id for r in pack.rules]))
                for u in unknown
            ])
    known = sorted({t for r in pack.rules for t in r.tags})
    unknown = [t for t in tags or () if t not in known]
    selected = pack.select(ids, list(tags) if tags else None)
    if unknown or not selected:
        if unknown:  # a mistyped tag is said even when another tag matched
            raise CasecheckError([
                Diagnostic(f"no rule of pack `{pack.name}` has the tag `{t}`", code="no-rules",
                           suggestion=did_you_mean(t, known) or f"its tags: {', '.join(known)} (`casecheck rules {pack.name}` lists them)")
                for t in unknown
            ])
        raise CasecheckError(Diagnostic("no rules selected: --rules/--tags matched nothing", code="no-rules",
                                        suggestion=f"`casecheck rules {pack.name}` lists the rules and their tags"))
    return selected


def _input_bytes(data: str) -> int:
    path = Path(data)
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return 0


def _available_memory() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def check_memory(data: str) -> None:
    """Refuse up front an input too big to load here, rather than be killed
    half way: the Python readers materialise the records. (Not asked of a
    CSV folder DuckDB reads itself: it keeps within its memory limit.)"""
    if os.environ.get("CASECHECK_SKIP_MEMORY_CHECK") == "1":
        return
    size, available = _input_bytes(data), _available_memory()
    if not size or available is None or size * MEMORY_PER_INPUT_BYTE <= available:
        return
    gb = 1024 ** 3
    raise CasecheckError(Diagnostic(
        f"{data} is {size / gb:.1f} GB; judging it needs about {size * MEMORY_PER_INPUT_BYTE / gb:.0f} GB of memory "
        f"and {available / gb:.1f} GB is available",
        code="too-big",
        suggestion="split the data (by team, or by date of referral) and compare the runs with `casecheck compare`; "
        "CASECHECK_SKIP_MEMORY_CHECK=1 tries anyway",
    ))


#: Below this many bytes of data files a folder is read by the Python readers even for the
#: DuckDB engine: DuckDB's reader spends about 50 ms a table planning its queries, more than
#: reading a small council in Python costs (10 children: 0.35 s less CPU; the two break even
#: at about 5 MB, 10,000 children). Same records either way (tests/test_csv_duckdb.py).
FAST_READ_MIN_BYTES = 2 * 1024 * 1024


def _folder_bytes(folder: Path) -> int:
    try:
        return sum(e.stat().st_size for e in os.scandir(folder) if e.is_file())
    except OSError:
        return FAST_READ_MIN_BYTES  # unreadable: the fast path says why, as before


#: DuckDB engine: an SSDA903 return (and the previous year's) of at least this many bytes is read
#: by DuckDB itself (``data/readers/ssda903_duckdb.py``; same records either way). Reading and
#: loading, CPU: 1,000 children (0.4 MB) 0.3 s in Python, 0.6 s in DuckDB; 10,000 (4 MB) 1.4 s, 1.0 s
SSDA903_FAST_MIN_BYTES = 2 * 1024 * 1024


def _return_bytes(data: str, previous: str | None) -> int:
    """The bytes of an SSDA903 return's files, this year's and the previous year's (0: not folders)."""
    if not Path(data).is_dir() or (previous is not None and not Path(previous).is_dir()):
        return 0
    return _folder_bytes(Path(data)) + (_folder_bytes(Path(previous)) if previous is not None else 0)


def duckdb_reads_return(schema, data: str, previous: str | None) -> bool:
    """Whether DuckDB is to read ``data`` itself as an SSDA903 return (with the
    previous year's, if given) for the ``ssda903`` schema: folders of at least
    :data:`SSDA903_FAST_MIN_BYTES` (``data/readers/ssda903_duckdb.py``, which
    gives the Python reader's result, or declines and leaves it to it)."""
    return "sw_episodes" in schema.tables and _return_bytes(data, previous) >= SSDA903_FAST_MIN_BYTES


def duckdb_reads(data: str, input_format: str | None, previous: str | None, schema=None) -> bool:
    """Whether DuckDB is to read ``data`` itself (a folder of CSV or Parquet
    files, or a CIN census for the ``cin-census`` schema, of at least
    :data:`FAST_READ_MIN_BYTES`), rather than the Python readers."""
    if previous is not None:
        return False
    if schema is not None and "cin_details" in schema.tables and input_format in (None, "cin-xml"):
        from checker.data.readers.cin_xml import CinCensus

        try:
            return Path(data).is_file() and Path(data).stat().st_size >= FAST_READ_MIN_BYTES \
                and (input_format == "cin-xml" or CinCensus().sniff(Path(data)))
        except OSError:
            return False
    return input_format in (None, "csv", "parquet") and Path(data).is_dir() \
        and _folder_bytes(Path(data)) >= FAST_READ_MIN_BYTES


def read_data(schema, data: str, input_format: str | None, as_at, con=None, previous: str | None = None,
              spark=None) -> LoadResult:
    """The data, read. With ``con`` (the DuckDB engine's connection), a folder
    of CSV or Parquet files is read by DuckDB itself straight into its tables
    (``data/readers/csv_duckdb.py``), with the same records, rejections and
    accounting; the Python readers take anything it declines. So is an SSDA903
    return for the ``ssda903`` schema, with the previous year's
    (``data/readers/ssda903_duckdb.py``). With ``spark``
    (the Spark engine's backend) a CSV or Parquet folder, or catalogue tables,
    are read by Spark itself (``data/readers/spark_read.py``), never by the
    driver's Python."""
    if spark is not None and previous is None:
        from checker.data.readers.spark_read import load_into_spark

        try:
            got = load_into_spark(spark, schema, data, input_format, as_at)
        except CasecheckError:
            raise
        except Exception as exc:  # noqa: BLE001 - pyspark raises many kinds: said in one line, no traceback
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:500]
            raise CasecheckError(Diagnostic(f"Spark could not read {data}: {first}", code="engine")) from None
        if got is not None:
            return got
    if con is not None and duckdb_reads(data, input_format, previous, schema) and Path(data).is_file():
        from checker.data.readers.cin_census_duckdb import load_census  # a census, block for block

        loaded = load_census(con, schema, Path(data), as_at)
        if loaded is not None:
            return _checked(schema, loaded, con)
    elif con is not None and duckdb_reads(data, input_format, previous):
        from checker.data.readers import detect
        from checker.data.readers.csv_duckdb import load_csv_folder, load_parquet_folder

        fmt = input_format or detect(Path(data), Diagnostics())
        fast = {"csv": load_csv_folder, "parquet": load_parquet_folder}.get(fmt) if fmt is not None else None
        loaded = fast(con, schema, Path(data), as_at) if fast is not None else None
        if loaded is not None:
            loaded.in_database = True
            return _checked(schema, loaded, con)
    if con is not None and spark is None and duckdb_reads_return(schema, data, previous):
        from checker.data.readers.ssda903_duckdb import load_return  # an SSDA903 return, with the previous year's

        loaded = load_return(con, schema, Path(data), Path(previous) if previous is not None else None, as_at, input_format)
        if loaded is not None:
            return _checked(schema, loaded, con)
    check_memory(data)
    try:
        return _checked(schema, load_data(data, schema, input_format, as_at, previous), None)
    except KeyError as exc:  # a reader that is not available
        raise CasecheckError(Diagnostic(str(exc.args[0]), code="unknown-format")) from None


def _checked(schema, loaded: LoadResult, con) -> LoadResult:
    """What every reader's result is checked for: IDs that look alike and are not."""
    if not loaded.diagnostics.errors:
        from checker.data.idcheck import lookalike_ids

        loaded.diagnostics.extend(lookalike_ids(schema, loaded, con))
    return loaded


def read_for_rules(pack: Pack, data: str, rules: list[Rule], *, strict: bool = False, input_format: str | None = None,
                   as_at=None, skip_unavailable: bool = False, con=None, previous: str | None = None, spark=None,
                   ofsted_lists: Sequence[str | Path] | None = None):
    """Read the data and decide which rules can run on it.

    Returns ``(loaded, runnable, not_run, warnings)``; raises CasecheckError
    (with every problem found, warnings included) when the data cannot be
    read, a rule needs what the data lacks (unless ``skip_unavailable``), a
    row was rejected under ``strict``, or no rule can run."""
    loaded = read_data(pack.schema, data, input_format, as_at, con, previous, spark)
    if ofsted_lists:  # Ofsted's provider lists beside an SSDA903 return (data/ofsted.py)
        from checker.data.ofsted import attach_lists

        attach_lists(loaded, pack.schema, list(ofsted_lists), as_at, con)
    try:
        return _rules_for(pack, data, rules, loaded, strict, skip_unavailable)
    except CasecheckError as exc:
        exc.loaded = loaded  # so a redacted run can redact these messages too
        raise


def _rules_for(pack: Pack, data: str, rules: list[Rule], loaded: LoadResult, strict: bool, skip_unavailable: bool):
    problems = list(loaded.diagnostics.items)
    if loaded.diagnostics.errors:
        raise CasecheckError(problems)
    runnable: list[tuple[Rule, list[str]]] = []  # (the rule as judged on this format, [])
    not_run: list[tuple[Rule, list[str]]] = []  # (the rule, why it cannot run)
    by_format: set[str] = set()  # rules the input's format cannot judge at all (a rule's `formats: not_run`)
    for r in rules:
        judged_as, why = for_format(r, loaded.judged_as)  # a format's own variant of the rule, or why it has none
        if why:
            by_format.add(r.id)
        why = why or unavailable(judged_as, loaded, pack.schema, summary=judged_as is not r)
        (not_run if why else runnable).append((judged_as, why))
    # A return format (Annex A, census, 903) lacks some data by design: what
    # it cannot carry is listed as not run. A native input lacking a table is
    # more likely a broken extract: an error unless skip_unavailable.
    # A table the schema says the data holds only sometimes (the previous
    # year's return) is never an error to lack: its rules are listed as not run.
    # What a format cannot carry by design (a rule's `formats: not_run`) is never an error either.
    lacking = [(r, why) for r, why in not_run if r.id not in by_format]
    if lacking and not skip_unavailable and not getattr(loaded.dataset, "lacks_some", False):
        problems.extend(_unavailable_problems(data, loaded, pack, lacking))
    if strict and loaded.rejections:
        for rej in loaded.rejections[:50]:
            problems.append(Diagnostic(f"{rej.file} row {rej.row}: {rej.message}", code="rejected-row"))
        if len(loaded.rejections) > 50:
            problems.append(Diagnostic(f"... and {len(loaded.rejections) - 50} more rejected rows", code="rejected-row"))
    if any(d.is_error for d in problems):
        raise CasecheckError(problems)
    if not runnable:
        # say what the rules need (the previous year's return, reference data), not only that none can run
        why = "; ".join(f"rule {r.id} needs {'; '.join(a)}" for r, a in not_run[:3])
        raise CasecheckError(problems + [Diagnostic("no selected rule can run on this data" + (f": {why}" if why else ""),
                                                    code="no-rules")])
    return loaded, [r for r, _ in runnable], [(r, a) for r, a in not_run], problems


#: More rules than this lacking the same thing are one error, not one each.
_GROUP_UNAVAILABLE = 3


def _unavailable_problems(data: str, loaded: LoadResult, pack: Pack, not_run: list[tuple[Rule, list[str]]]) -> list[Diagnostic]:
    """An error for each rule that cannot be evaluated on the data (a
    native input lacking a table is more likely a broken extract). When more
    than a few rules cannot, one error for each thing lacking, naming the
    rules that need it: a folder holding none of a pack's tables is a line a
    table, not one per rule."""
    lacking = [(r, why) for r, why in not_run if not lacks_only_the_optional(r, loaded, pack.schema)]
    suggestion = ("add what is missing (a header-only CSV is fine for a table with no rows), "
                  "choose rules with --rules/--tags, or pass --skip-unavailable to list such rules as not run")

    def code(why) -> str:
        return "missing-table" if any(w.startswith("table") for w in why) else "missing-field"

    if len(lacking) <= _GROUP_UNAVAILABLE:
        return [Diagnostic(f"rule {r.id} cannot be evaluated on {data} ({loaded.format}): it needs {'; '.join(why)}", r.location,
                           code=code(why), suggestion=suggestion) for r, why in lacking]
    by_need: dict[str, list[Rule]] = {}
    for r, why in lacking:
        for w in why:
            by_need.setdefault(w, []).append(r)
    out = []
    for need, rules in sorted(by_need.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        ids = ", ".join(r.id for r in rules[:8]) + (f" and {len(rules) - 8} more" if len(rules) > 8 else "")
        what = f"rule {ids} cannot be evaluated" if len(rules) == 1 else f"{len(rules)} rules cannot be evaluated"
        out.append(Diagnostic(f"{what} on {data} ({loaded.format}): {'it needs' if len(rules) == 1 else 'they need'} {need}"
                              + (f" (rules {ids})" if len(rules) > 1 else ""),
                              rules[0].location, code=code([need]), suggestion=suggestion))
    return out


def where_judged(engine: str, judge_engine, fallbacks: dict[str, str], chosen: str | None = None) -> dict[str, Any]:
    """The result's ``engine`` block: the engine, its SQL dialect, the
    versions of what ran the rules, each rule that fell back and why, and
    (``engine="auto"``) why this engine was the one chosen."""
    from checker import __version__

    backend = getattr(judge_engine, "backend", None)
    versions = {"casecheck": __version__}
    if backend is not None:
        try:
            version = backend.version()
        except Exception:  # noqa: BLE001 - a version is information, never a reason to fail
            version = None
        if version:
            versions[engine_info(engine).product or backend.dialect] = version
    block = {
        "name": engine,
        "dialect": backend.dialect if backend is not None else None,
        "versions": versions,
        "fallbacks": [{"rule": rid, "why": why} for rid, why in sorted(fallbacks.items())],
    }
    if chosen is not None:
        block["chosen"] = chosen
    return block


def _auto_choice(loaded: LoadResult) -> tuple[str, str]:
    """``engine="auto"`` after the Python readers have read the data: the
    engine for it, and why (the result's ``engine.chosen``)."""
    n = loaded.counts()["evaluated"]
    if n <= AUTO_REFERENCE_MAX_RECORDS:
        return "reference", (f"auto: {n:,} records (at most {AUTO_REFERENCE_MAX_RECORDS:,}), which the reference evaluator "
                             "judges in less time than DuckDB takes to start; the outcomes are the same")
    return "duckdb", f"auto: {n:,} records (more than {AUTO_REFERENCE_MAX_RECORDS:,})"


def _open_in_process(engine: str, memory_limit: str | None):
    """The in-process database of an engine that has one (DuckDB), made
    before reading so a CSV folder is read straight into it."""
    if not engine_info(engine).in_process:
        return None
    try:
        return open_backend(engine, memory_limit=memory_limit or DUCKDB_MEMORY_LIMIT)
    except BackendError as exc:
        raise CasecheckError(Diagnostic(str(exc), code="bad-option")) from None


def run_pack(
    pack: str | Path | Pack,
    data: str | Path,
    as_at: _dt.date,
    *,
    rules: Sequence[str] | None = None,
    tags: Sequence[str] | None = None,
    engine: str = "duckdb",
    dsn: str | None = None,
    pg_schema: str | None = None,
    pg_keep: bool = False,
    memory_limit: str | None = DUCKDB_MEMORY_LIMIT,
    input_format: str | None = None,
    strict: bool = False,
    skip_unavailable: bool = False,
    sample: bool | None = None,
    listed: tuple[str, ...] = OUTCOMES,
    data_quality: str | None = None,
    redact_key: bytes | None = None,
    history: str | Path | None = None,
    progress: Progress | None = None,
    on_warnings: Callable[[list[Diagnostic]], None] | None = None,
    require_all: bool = False,
    record_history: bool = True,
    case_context: bool = False,
    stream: bool = False,
    previous: str | Path | None = None,
    params: Mapping[str, str] | None = None,
    ofsted_lists: Sequence[str | Path] | None = None,
) -> Run:
    """Judge every record of ``data`` against ``pack`` as at ``as_at``.

    ``listed``: the outcomes whose cases the result document lists (the
    others are counted only; a terminal table needs none, a letter the
    failing and unevidenced ones). ``data_quality``: a validation pack (e.g.
    ``dfe-cin``) run first over the same data. ``redact_key``: replace every
    case ID in the document by a keyed pseudonym. ``history``: compare with
    the previous run in this history file and record this one.
    ``require_all``: a rule not run (the data cannot decide it) is an error.
    ``case_context``: each listed case also carries its child, team, worker
    and the dates the rule read (for the CSV, the workbook and HTML).
    ``progress`` shows the judging; ``on_warnings`` is given the reading's
    warnings as soon as the data is read (they are also in :attr:`Run.diagnostics`;
    redacted when the run is). With ``record_history=False`` the run is
    compared with the history but recorded only by :meth:`Run.record`.
    A redaction key shorter than 16 bytes is refused.
    ``pg_schema``/``pg_keep`` (``--engine postgres``): the schema the run works
    in (default: a new one, dropped at the end) and whether to keep its tables.
    ``stream``: each rule's cases are read from the engine only as the
    document is written (``report.jsonout.write``), so a result of millions
    of outcomes is never whole in memory; the engine stays open until
    :meth:`Run.close` (not with a history or case context, which read the
    whole document; with redaction, the cases are redacted as written).
    ``previous``: the previous year's return (an SSDA903 folder), for the
    rules that compare with it; without it they are listed as not run.
    ``ofsted_lists``: Ofsted's children's homes and social care providers lists
    (or its combined list), for the rules that look a placement's URN up in
    them (``data/ofsted.py``); without them those are listed as not run.
    ``params``: the run's values for the pack's parameters, NAME -> text, read
    as each one's type (``--param``; ``packs/runparams``); a rule reading a
    parameter each run gives (no default) is listed as not run without it. A
    name the pack lacks is given to the ``data_quality`` pack, if it has it.
    ``engine="auto"``: DuckDB, except for data the Python readers read of at
    most :data:`AUTO_REFERENCE_MAX_RECORDS` records, judged by the reference
    evaluator; the result's ``engine`` block names the one that ran and
    (``chosen``) why.
    """
    from checker.engine.engines import make_engine

    if engine not in ENGINES:
        raise CasecheckError(Diagnostic(f"unknown engine `{engine}`", code="bad-option",
                                        suggestion=did_you_mean(engine, list(ENGINES))))
    data = str(data)
    if redact_key is not None:
        from checker.report.sink import MIN_KEY_BYTES

        if len(redact_key.strip()) < MIN_KEY_BYTES:
            raise CasecheckError(Diagnostic(
                f"the redaction key is {len(redact_key.strip())} bytes long; at least {MIN_KEY_BYTES} are needed",
                code="weak-key"))
        redact_key = redact_key.strip()
    p = open_pack(pack)
    own, dq_params = split_params(p, data_quality, params)
    p = with_params(p, own)
    selected = select_rules(p, rules, tags)
    chosen = None  # with engine="auto": why the engine judging was chosen
    if engine == AUTO and duckdb_reads(data, input_format, str(previous) if previous is not None else None, p.schema):
        engine, chosen = "duckdb", f"auto: DuckDB reads this {'folder' if Path(data).is_dir() else 'census'} itself " \
                                   f"(it is over {FAST_READ_MIN_BYTES // (1024 * 1024)} MB)"
    elif engine == AUTO and duckdb_reads_return(p.schema, data, str(previous) if previous is not None else None):
        # (else the Python reader reads it, a record made of every row, and
        # DuckDB is then loaded from those records)
        engine, chosen = "duckdb", f"auto: DuckDB reads this SSDA903 return itself " \
                                   f"(it is over {SSDA903_FAST_MIN_BYTES // (1024 * 1024)} MB)"
    # made first: a CSV folder is read straight into it (auto: made once the data is read and counted)
    backend = _open_in_process(engine, memory_limit) if engine != AUTO else None
    spark = None
    if backend is None and engine != AUTO and engine_info(engine).reads_data and previous is None:
        from checker.data.readers.spark_read import takes

        if takes(data, input_format):  # Spark reads the data itself, where its workers see it
            try:
                backend = spark = open_backend(engine, dsn)
            except BackendError as exc:
                raise CasecheckError(Diagnostic(str(exc), code="engine")) from None
    try:
        loaded, runnable, not_run, warnings = read_for_rules(
            p, data, selected, strict=strict, input_format=input_format, as_at=as_at,
            skip_unavailable=skip_unavailable, con=backend.con if backend is not None and spark is None else None,
            previous=str(previous) if previous is not None else None, spark=spark,
            # Ofsted's lists are for the pack that reads them: the data-quality pack's alone, if only it does
            ofsted_lists=ofsted_lists if not data_quality or "providers" in p.schema.tables else None)
    except BaseException as exc:
        if backend is not None:
            backend.close()
        if redact_key is not None and isinstance(exc, CasecheckError) and getattr(exc, "loaded", None) is not None:
            from checker.report.redact import Redactor, identifiers

            bad = exc.loaded
            try:
                ids = identifiers(bad.dataset, p.schema) | rejected_ids(bad, p.schema)
            except Exception:  # noqa: BLE001 - data too broken to list its IDs: the messages name rows, not IDs
                ids = rejected_ids(bad, p.schema)
            r = Redactor(redact_key, ids)
            exc.diagnostics = [r.diagnostic(d) for d in exc.diagnostics]
        raise
    runnable, lack = split_rules(runnable, p)  # a parameter each run gives, not given: not run, saying so
    not_run += lack
    if engine == AUTO:
        engine, chosen = _auto_choice(loaded)
        backend = _open_in_process(engine, memory_limit)
    redactor = None
    if redact_key is not None:
        from checker.report.redact import redactor_for

        redactor = redactor_for(redact_key, loaded.dataset, p.schema, rejected_ids(loaded, p.schema))
        warnings = [redactor.diagnostic(d) for d in warnings]
    if on_warnings is not None:
        on_warnings(warnings)
    ctx = Context(loaded.dataset, p.calendar, as_at, p.params)
    result = RunResult(p, as_at, data, loaded, not_run=not_run, sample=sample)
    try:
        judge_engine = make_engine(engine, p.schema, ctx, dsn, backend=backend, preloaded=loaded.in_database,
                                   pg_schema=pg_schema, pg_keep=pg_keep)
    except BackendError as exc:
        raise CasecheckError(Diagnostic(str(exc), code="engine")) from None
    # The engine stays open until the document is built: outcomes are read
    # from it as the document needs them (engine.outcomes.Outcomes); when
    # streamed, until the document is written.
    stream = stream and not history and not case_context  # redacted as written (jsonout.StreamedCases.redacted)
    if hasattr(judge_engine, "listing"):
        # streamed, a rule's rows are made whole only as its cases are written, one rule at a time
        judge_engine.listing = (bool(listed) or bool(history)) and not stream
    keep_open = False
    try:
        try:
            prepare = getattr(judge_engine, "prepare", None)
            if prepare is not None:  # DuckDB: two rules' queries at once (engine/sql_ahead.py)
                prepare(runnable)
            shown = progress(runnable, loaded) if progress else contextlib.nullcontext(runnable)
            with shown as rules_iter:
                for rule in rules_iter:
                    judged = judge_engine.judge_all(rule)
                    why = not_judged(judged)  # every record turns on what the format lacks
                    if why:
                        not_run.append((rule, why))
                    else:
                        result.rules.append(RuleResult(rule, judged))
        except BackendError as exc:
            raise CasecheckError(Diagnostic(f"the {engine} engine stopped: {exc}", code="engine")) from None
        if not result.rules:
            raise CasecheckError([
                Diagnostic(f"no selected rule can be judged on this data: {len(not_run)} not run, e.g. {r.id}, "
                           f"which needs {'; '.join(why)}", code="no-rules") for r, why in not_run[:1]])
        if require_all and not_run:
            raise CasecheckError([
                Diagnostic(f"rule {r.id} was not run on {data} ({loaded.format}): it needs {'; '.join(why)}",
                           r.location, code="not-run", suggestion="drop --require-all to list such rules as not run")
                for r, why in not_run])
        fallbacks = dict(sorted(getattr(judge_engine, "fallbacks", {}).items()))
        doc = result.to_dict(listed=listed, context=case_context, stream=stream)
        doc["engine"] = where_judged(engine, judge_engine, fallbacks, chosen)
        keep_open = stream
    except RuleEvaluationError as exc:
        raise CasecheckError(Diagnostic(str(exc), exc.rule.location, code="evaluation", rule=exc.rule.id)) from None
    finally:
        if not keep_open:
            judge_engine.close()
    if data_quality:  # a validation pack's errors and queries on the same data
        from checker.engine.dataquality import check

        doc["data_quality"] = check(data_quality, data, as_at, input_format,
                                    previous=str(previous) if previous is not None else None, params=dq_params,
                                    ofsted_lists=ofsted_lists)
    if redact_key is not None:
        from checker.report.redact import redact

        assert redactor is not None  # made above whenever there is a redact_key
        doc = redact(doc, redact_key, redactor)
    run = Run(result, doc, warnings, fallbacks, engine, redactor=redactor, history=str(history) if history else None,
              open_engine=judge_engine if keep_open else None)
    if history:
        from checker.report.comparison import compare
        from checker.report.history import History

        with History(str(history)) as h:
            doc["history"] = compare(doc, h.previous(doc))
        if record_history:
            run.record()
    return run


def rejected_ids(loaded: LoadResult, schema) -> set[str]:
    """Key and reference values of rejected rows: not in the dataset, still
    case IDs that redaction must replace (in rejects.csv and the document)."""
    out = set()
    for rej in loaded.rejections:
        table = schema.tables.get(rej.table)
        if table is None or not rej.value or rej.column is None:
            continue
        refs = set(table.key) | {link.local_field for link in table.links.values() if not link.inverse}
        if rej.column in refs:
            out.add(rej.value)
    return out
