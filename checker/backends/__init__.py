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

from collections.abc import Iterable, Sequence
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
