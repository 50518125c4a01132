"""Rules judged ahead, two at a time, in DuckDB (``SqlEngine.prepare``).

DuckDB runs a query on as many threads as its tables have row groups
(122,880 rows each): a council's tables, even a 100,000-child 903 return's,
are one or two, so each rule's query runs on about one core while the other
waits. Before the run's loop asks for the rules one by one, ``prepare`` plans
every rule (compiling it, in this thread) and hands each rule's table of
outcomes (the statement ``SqlEngine._kept`` would run, the same text) to a
worker with a connection of its own to the same database; ``_kept`` then takes
the table and its counts instead of making them. Nothing else changes: the
same statements make the same tables, each rule is still asked for in the
pack's order, and a statement a worker could not run is run again by
``_kept`` itself, so its error is the one the run has always given.

Only the rules ``_kept`` judges whole in SQL are sent (not those with records
the reference engine judges instead); a worker's table is an ordinary table of
the in-memory database (a temporary table is its connection's own), dropped as
the others are (``release``) or with the database.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from checker import postcodes
from checker.engine.compile_unknown import NC_COLUMN
from checker.engine.compiled import CompiledRule
from checker.engine.outcomes import NOT_CARRIED
from checker.packs.pack import Rule

if TYPE_CHECKING:
    from checker.backends import Backend

ROW = "_row"
#: ``CASECHECK_AHEAD=0`` judges the rules one at a time, as before (for comparison)
AHEAD_ENV = "CASECHECK_AHEAD"
#: workers: two rules' queries at once keep a two-core machine busy
WORKERS = 2


def outcome_counts(run_query, name: str, nc: bool) -> dict[str, int]:
    """The outcomes of kept table ``name`` counted (with the not carried, ``nc``), by ``run_query(sql) -> rows``."""
    if nc:  # one query: a query is a job of its own on a cluster
        tallied = run_query(f'SELECT outcome, count(*), count("{NC_COLUMN}") FROM {name} GROUP BY outcome')
        counts = {o: n for o, n, _ in tallied}
        counts[NOT_CARRIED] = sum(k for _, _, k in tallied)
        return counts
    return dict(run_query(f"SELECT outcome, count(*) FROM {name} GROUP BY outcome"))


def kept_columns(compiled: CompiledRule) -> tuple[str, ...]:
    """The columns a rule's kept table holds when no case is listed."""
    return (ROW, "outcome") + ((NC_COLUMN,) if NC_COLUMN in compiled.columns else ())


_KEPT = itertools.count()


def kept_name() -> str:
    """A new name for a rule's kept table (unique on a connection shared by engines)."""
    return f"_outcomes_{next(_KEPT)}"


class Ahead:
    """``SqlEngine``'s judging ahead. Wants of the engine: ``backend``,
    ``_plan(rule)``, ``_load_postcodes()`` and ``_kept_tables``."""

    backend: Backend
    _kept_tables: list[str]
    _plan: Callable[[Rule], Any]
    _load_postcodes: Callable[[], None]

    def prepare(self, rules: list[Rule]) -> None:
        """Plan every rule and start judging them ahead (see the module)."""
        self._plans: dict[str, Any] = {}
        self._ahead: dict[str, tuple[str, Future]] = {}
        con = getattr(self.backend, "con", None)
        if (self.backend.dialect != "duckdb" or con is None or len(rules) < 2
                or os.environ.get(AHEAD_ENV, "").strip() == "0" or not _in_memory(con)):
            return
        local = threading.local()
        cursors: list[Any] = []
        lock = threading.Lock()

        def job(name: str, statement: str, nc: bool) -> dict[str, int]:
            cur = getattr(local, "cur", None)
            if cur is None:
                cur = local.cur = con.cursor()
                with lock:
                    cursors.append(cur)
            cur.execute(f"CREATE TABLE {name} AS {statement}")
            return outcome_counts(lambda q: cur.execute(q).fetchall(), name, nc)

        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="casecheck-rule")
        self._cursors = cursors
        for rule in rules:
            planned = self._plans[rule.id] = self._plan(rule)
            if isinstance(planned, str):
                continue
            compiled, sql, outside = planned
            if outside is not None:
                continue
            statement = sql if sql is not None else compiled.lean_sql(kept_columns(compiled), "duckdb")
            if postcodes.SQL_TABLE in statement:
                self._load_postcodes()  # here, before a worker reads it
            name = kept_name()
            self._kept_tables.append(name)
            self._ahead[rule.id] = (name, self._pool.submit(job, name, statement, NC_COLUMN in compiled.columns))

    def _planned(self, rule: Rule) -> Any:
        """The rule's plan, made by ``prepare`` (once) or now."""
        plans = getattr(self, "_plans", None)
        if plans and rule.id in plans:
            return plans.pop(rule.id)
        return self._plan(rule)

    def _taken(self, rule: Rule) -> tuple[str, dict[str, int]] | None:
        """The table a worker made of the rule's outcomes, and its counts;
        None where none was made (or it failed: ``_kept`` runs it itself, to
        stop with the error it has always stopped with)."""
        ahead = getattr(self, "_ahead", None)
        if not ahead or rule.id not in ahead:
            return None
        name, future = ahead.pop(rule.id)
        try:
            counts = future.result()
        except Exception:  # noqa: BLE001 - run again where its error is reported
            try:
                self.backend.execute(f"DROP TABLE IF EXISTS {name}")
            except Exception:  # noqa: BLE001 - a table half made is dropped if it can be
                pass
            return None
        return name, dict(counts)

    def _stop_ahead(self) -> None:
        """Stop the workers (a rule not yet started is not started) and close their connections."""
        pool = getattr(self, "_pool", None)
        if pool is None:
            return
        pool.shutdown(wait=True, cancel_futures=True)
        for cur in self._cursors:
            try:
                cur.close()
            except Exception:  # noqa: BLE001 - closed with the database already
                pass
        self._pool = None
        self._ahead = {}
        self._plans = {}


def _in_memory(con) -> bool:
    """Whether the connection's database is in memory (a worker's tables, ordinary ones, vanish with it)."""
    try:
        row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    except Exception:  # noqa: BLE001 - not known: judged one at a time
        return False
    return row is not None and not row[0]
