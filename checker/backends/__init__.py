"""Where compiled rules run: a database the SQL compiler's output executes in.

A backend holds the case data as one SQL table per schema table, plus the
working-day calendar table, and runs queries. The compiler
(``checker/engine/compile.py``) produces SQL in the backend's ``dialect`` (a
sqlglot dialect name); the SQL engine (``checker/engine/sql.py``) loads the
data, runs one query per rule and turns the rows into outcomes.

Every table the engine creates has the schema's fields plus ``_row``, the
record's position in load order (1-based): it stands for record identity and
keeps results in the same order as the reference evaluator's.

Values cross the boundary as Python values: ``str``, ``int``,
``decimal.Decimal``, ``bool``, ``datetime.date``, ``datetime.datetime`` and
``None`` (missing). Column types are casecheck's scalar kinds (``string``,
``integer``, ``decimal``, ``boolean``, ``date``, ``datetime``, ``code``);
each backend maps them to its own SQL types.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from checker.errors import CasecheckError


class BackendError(CasecheckError):
    """The backend could not be reached or refused a statement. ``str()`` is
    a message for the user (no traceback)."""

    def __init__(self, message: str):
        CasecheckError.init_message(self, message, "engine")


class Backend(Protocol):
    #: sqlglot dialect the compiler must produce: duckdb, postgres, tsql, spark
    dialect: str

    def create_table(self, name: str, columns: Sequence[tuple[str, str]]) -> None:
        """(Re)create table ``name`` with ``(column, kind)`` pairs, dropping
        any table of that name first."""

    def insert_rows(self, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Bulk-load rows (tuples in ``columns`` order) into a created table."""

    def execute(self, sql: str) -> None:
        """Run a statement with no result (DDL, prelude functions)."""

    def query(self, sql: str) -> list[tuple]:
        """Run a query; rows as tuples of Python values."""

    def close(self) -> None: ...

    def version(self) -> str | None:
        """The version of the database or cluster, for the result's ``engine`` block."""


@dataclass(frozen=True)
class EngineInfo:
    """One engine ``--engine`` can name: everything that lists or opens
    engines reads this record, so a new engine is its backend module plus
    one entry in :data:`ENGINES`."""

    name: str
    #: One line for ``--help`` and the README.
    summary: str
    #: ``module:Class`` of its :class:`Backend`, imported only when chosen;
    #: ``None`` for the reference evaluator, which runs no SQL.
    backend: str | None = None
    #: The product name the result's ``versions`` uses.
    product: str | None = None
    #: Whether ``dsn`` is ``"required"``, ``"optional"`` (passed as the
    #: backend's first argument when given) or ``"unused"``.
    dsn: str = "unused"
    #: An example of the connection string, for the error when it is missing.
    dsn_example: str = ""
    #: The run's options this engine takes, as (run option, the backend's
    #: keyword argument); a run's other options are not for it.
    options: tuple[tuple[str, str], ...] = ()
    #: An in-process database the readers can load a CSV folder into directly.
    in_process: bool = False
    #: Reads a CSV or Parquet folder, or catalogue tables, itself, from where
    #: its workers see them (``data/readers/spark_read.py``): opened before the data is read.
    reads_data: bool = False


#: The engines, by ``--engine`` name, in the order help lists them.
ENGINES: dict[str, EngineInfo] = {e.name: e for e in (
    EngineInfo("duckdb", "embedded DuckDB: compiled SQL in process",
               "checker.backends.duckdb:DuckDBBackend", "duckdb", options=(("memory_limit", "memory_limit"), ("threads", "threads")),
               in_process=True),
    EngineInfo("reference", "the reference evaluator: every rule interpreted in Python, the oracle the others match"),
    EngineInfo("postgres", "PostgreSQL: compiled SQL in a schema of its own per run",
               "checker.backends.postgres:PostgresBackend", "postgresql", dsn="required",
               dsn_example="--dsn 'postgresql://user@host/db'", options=(("pg_schema", "schema"), ("pg_keep", "keep"))),
    EngineInfo("spark", "Apache Spark: compiled Spark SQL, the data read by Spark itself (local[2] unless --dsn names "
               "a master, or sc://host:port a Spark Connect server)",
               "checker.backends.spark:SparkBackend", "spark", dsn="optional", options=(("spark_conf", "conf"),),
               reads_data=True),
    EngineInfo("auto", "duckdb, but the reference evaluator for data of a few thousand records, which it judges "
               "before DuckDB has started (the same outcomes; the result says which ran and why) (the default)"),
)}

#: The engine name that picks one of the others for the data at hand (``checker.api``).
AUTO = "auto"


def engine_info(name: str) -> EngineInfo:
    """The registered engine ``name``; BackendError naming the choices if there is none."""
    try:
        return ENGINES[name]
    except KeyError:
        raise BackendError(f"unknown engine `{name}`; expected one of {', '.join(ENGINES)}") from None


def open_backend(name: str, dsn: str | None = None, **options: Any) -> Backend | None:
    """A new backend for engine ``name`` (None for the reference evaluator),
    given the options it takes (``None`` values and options it does not
    take are dropped). Raises BackendError for the user when it cannot open."""
    info = engine_info(name)
    if info.backend is None:
        return None
    if info.dsn == "required" and not dsn:
        raise BackendError(f"--engine {name} needs --dsn, e.g. {info.dsn_example}")
    module, _, cls = info.backend.partition(":")
    factory = getattr(importlib.import_module(module), cls)
    kwargs = {kwarg: options[opt] for opt, kwarg in info.options if options.get(opt) not in (None, False)}
    args = (dsn,) if dsn and info.dsn != "unused" else ()
    return factory(*args, **kwargs)
