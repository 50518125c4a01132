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

A rule with a subquery another rule may share (``sql_shared``: the same
per-child subquery) is held back until every rule is compiled; the tables of
the subqueries two or more rules have are then made by the workers, those
rules' compiled queries rewritten to read them, and sent. With
``CASECHECK_AHEAD=0`` the tables are made here, before any rule is judged.

While rules are judged ahead, the database runs each query on one thread
(``SET threads = 1``, put back when the last is taken): the two workers keep
two cores busy, and a query split over DuckDB's threads cost about a fifth
more CPU at 100,000 children.

Only the rules ``_kept`` judges whole in SQL are sent (not those with records
the reference engine judges instead); a worker's table is an ordinary table of
the in-memory database (a temporary table is its connection's own), dropped as
the others are (``release``) or with the database.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from checker import postcodes
from checker.engine.compile import Unsupported
from checker.engine.compile_unknown import NC_COLUMN
from checker.engine.compiled import CompiledRule
from checker.engine.outcomes import NOT_CARRIED
from checker.engine.sql_shared import Candidate, candidates, rewrite, shared_name, table_sql
from checker.model import OUTCOMES
from checker.packs.pack import Rule

if TYPE_CHECKING:
    from checker.backends import Backend

ROW = "_row"
#: ``CASECHECK_AHEAD=0`` judges the rules one at a time, as before (for comparison)
AHEAD_ENV = "CASECHECK_AHEAD"
#: ``CASECHECK_SHARED=0`` gives every rule its own subqueries, none shared (sql_shared; for comparison)
SHARED_ENV = "CASECHECK_SHARED"
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
#: The type of a kept table's outcome column in DuckDB (read back as text).
_OUTCOME_ENUM = "ENUM(" + ", ".join(f"'{o}'" for o in OUTCOMES) + ")"


def kept_statement(query: str, dialect: str) -> str:
    """The query a rule's kept table is made from: in DuckDB the outcome kept as a
    one-byte ENUM, not text (a rule's table of a million records is a third of the
    memory: `not_applicable` is too long to be inlined); elsewhere as it is."""
    if dialect != "duckdb":
        return query
    return f"SELECT * REPLACE (CAST(outcome AS {_OUTCOME_ENUM}) AS outcome) FROM ({query}) AS q"


def kept_name() -> str:
    """A new name for a rule's kept table (unique on a connection shared by engines)."""
    return f"_outcomes_{next(_KEPT)}"


class Ahead:
    """``SqlEngine``'s judging ahead. Wants of the engine: ``backend``,
    ``_plan(rule)``, ``compile(rule)`` (and what it keeps, ``_compiled``),
    ``_load_postcodes()`` and ``_kept_tables``."""

    backend: Backend
    _kept_tables: list[str]
    _compiled: dict[str, CompiledRule]
    _plan: Callable[[Rule], Any]
    compile: Callable[[Rule], CompiledRule]
    _load_postcodes: Callable[[], None]

    def prepare(self, rules: list[Rule]) -> None:
        """Plan every rule and start judging them ahead (see the module)."""
        self._plans: dict[str, Any] = {}
        self._ahead: dict[str, tuple[str, Future]] = {}
        con = getattr(self.backend, "con", None)
        if self.backend.dialect != "duckdb" or con is None or len(rules) < 2 or not _in_memory(con):
            return
        sharing = os.environ.get(SHARED_ENV, "").strip() != "0"
        if os.environ.get(AHEAD_ENV, "").strip() == "0":
            if sharing:  # one at a time: the shared tables made here, before any rule
                found_now = {rule.id: found for rule in rules if (found := self._candidates(rule))}

                def now(name: str, statement: str) -> Callable[[], bool]:
                    ok = _made(self.backend.execute, name, statement)
                    return lambda: ok

                self._share(found_now, now)
            return
        local = threading.local()
        cursors: list[Any] = []
        lock = threading.Lock()

        def cursor():
            cur = getattr(local, "cur", None)
            if cur is None:
                cur = local.cur = con.cursor()
                with lock:
                    cursors.append(cur)
            return cur

        def job(name: str, statement: str, nc: bool) -> dict[str, int]:
            cur = cursor()
            cur.execute(f"CREATE TABLE {name} AS {kept_statement(statement, 'duckdb')}")
            return outcome_counts(lambda q: cur.execute(q).fetchall(), name, nc)

        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="casecheck-rule")
        self._cursors = cursors
        # Each worker's query on one thread of its own: the two workers keep
        # the cores busy, and a query of one or two row groups split across
        # DuckDB's threads costs more CPU than it saves time (a fifth of the
        # rules' CPU at 100,000 children); the setting is the database's, put
        # back once every rule sent ahead is taken (_taken) or the run stops.
        self._threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
        con.execute("SET threads = 1")

        def ahead(rule: Rule) -> None:
            planned = self._plans[rule.id] = self._plan(rule)
            if isinstance(planned, str):
                return
            compiled, sql, outside = planned
            if outside is not None:
                return
            statement = sql if sql is not None else compiled.lean_sql(kept_columns(compiled), "duckdb")
            if postcodes.SQL_TABLE in statement:
                self._load_postcodes()  # here, before a worker reads it
            name = kept_name()
            self._kept_tables.append(name)
            assert self._pool is not None
            self._ahead[rule.id] = (name, self._pool.submit(job, name, statement, NC_COLUMN in compiled.columns))

        # A rule with a subquery another rule may share (sql_shared) waits
        # until every rule is compiled; the others are judged meanwhile.
        held: dict[str, list[Candidate]] = {}
        waiting: list[Rule] = []
        for rule in rules:
            found = self._candidates(rule) if sharing else []
            if found:
                held[rule.id] = found
                waiting.append(rule)
            else:
                ahead(rule)
        if held:
            pool = self._pool

            def make(name: str, statement: str) -> Callable[[], bool]:
                return pool.submit(_made, lambda q: cursor().execute(q), name, statement).result

            self._share(held, make)
        for rule in waiting:
            ahead(rule)
        if not self._ahead:  # none sent: the run's own queries keep every thread
            self._own_threads()

    def _candidates(self, rule: Rule) -> list[Candidate]:
        """The subqueries of the rule's compiled query that other rules may
        share (none where it is not compiled): of the query a table report
        runs where no case is listed (the reasons' are never run there)."""
        try:
            compiled = self.compile(rule)
        except Unsupported:
            return []
        if getattr(self, "listing", True):
            return candidates(compiled.query)
        return compiled.leaned(kept_columns(compiled), candidates)

    def _share(self, held: dict[str, list[Candidate]], make: Callable[[str, str], Callable[[], bool]]) -> None:
        """Make a table of each subquery at least two of the ``held`` rules
        have (``make(name, statement)`` starts it; what it gives says whether
        it was made) and rewrite
        those rules' compiled queries to read it."""
        uses: Counter[str] = Counter()
        first: dict[str, Candidate] = {}
        for found in held.values():
            for c in found:
                uses[c.key] += 1
                first.setdefault(c.key, c)
        wanted = [key for key in first if uses[key] >= 2]
        statements = {key: (name, table_sql(name, first[key])) for key in wanted for name in [shared_name()]}
        if any(postcodes.SQL_TABLE in sql for _, sql in statements.values()):
            self._load_postcodes()
        made: dict[str, str] = {}
        # all handed over first: the workers make them two at a time
        pending = [(key, name, make(name, sql)) for key, (name, sql) in statements.items()]
        for key, name, done in pending:
            if done():
                made[key] = name
                self._kept_tables.append(name)
        if not made:
            return
        for rid, found in held.items():
            rewrite(self._compiled[rid].query, made, found)

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
        finally:
            if not ahead:
                self._own_threads()
        return name, dict(counts)

    def _own_threads(self) -> None:
        """The database's threads as they were before ``prepare`` (once)."""
        threads = getattr(self, "_threads", None)
        if threads is None:
            return
        self._threads = None
        try:
            self.backend.execute(f"SET threads = {int(threads)}")
        except Exception:  # noqa: BLE001 - a database closed already has none to put back
            pass

    def _stop_ahead(self) -> None:
        """Stop the workers (a rule not yet started is not started) and close their connections."""
        pool = getattr(self, "_pool", None)
        if pool is None:
            return
        pool.shutdown(wait=True, cancel_futures=True)
        self._own_threads()
        for cur in self._cursors:
            try:
                cur.close()
            except Exception:  # noqa: BLE001 - closed with the database already
                pass
        self._pool = None
        self._ahead = {}
        self._plans = {}


def _made(execute: Callable[[str], Any], name: str, statement: str) -> bool:
    """Whether shared table ``name`` was made by ``statement`` (DuckDB may stop
    computing it for a key no rule reaches: a date too far shifted; the rules
    then keep their own subqueries, and stop there only if they reach it)."""
    try:
        execute(statement)
        return True
    except Exception:  # noqa: BLE001 - left out, as said above
        try:
            execute(f"DROP TABLE IF EXISTS {name}")
        except Exception:  # noqa: BLE001 - a table half made is dropped if it can be
            pass
        return False


def _in_memory(con) -> bool:
    """Whether the connection's database is in memory (a worker's tables, ordinary ones, vanish with it)."""
    try:
        row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    except Exception:  # noqa: BLE001 - not known: judged one at a time
        return False
    return row is not None and not row[0]
