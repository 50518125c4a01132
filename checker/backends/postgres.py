"""PostgreSQL backend: run the compiled rules inside a PostgreSQL server.

``PostgresBackend(dsn)`` connects with psycopg 3 (``pip install
'casecheck[postgres]'``; imported only when a backend is made, so casecheck
works without it). The DSN is anything libpq accepts: ``host=... port=...
dbname=... user=...`` or ``postgresql://user@host:port/dbname``; the password
may come from the DSN, ``PGPASSWORD`` or ``~/.pgpass`` and never appears in a
message.

Every run works in a schema of its own, so it is safe on a shared database:
``schema`` names it (default: ``casecheck_`` and a random suffix, so
concurrent runs never meet). A schema that does not exist is created and
dropped with everything in it at ``close()``; one that exists must be empty
(a sandbox schema an analyst is given) and only the tables this backend
created are dropped from it. ``keep=True`` leaves the tables for inspection.
The ``search_path`` is that schema alone, so no unqualified name can reach
another schema's table (a ``public.children`` is never read, replaced or
dropped). Rights needed: CREATE on the database (or an existing empty schema
with CREATE on it); no function is created.

Tables are created ``UNLOGGED`` (the loaded data is a copy, so there is no
point writing it to the WAL), loaded with binary ``COPY`` and
``ANALYZE``d so the planner knows their sizes. Identifiers are quoted exactly
as given. The session runs in UTC with ISO dates, autocommit.

Kinds map to ``text`` (string, code), ``bigint``, ``numeric`` (any precision:
decimals come back as ``Decimal`` with the digits they went in with),
``boolean``, ``date`` and ``timestamp`` (without time zone: naive
``datetime``).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from checker.backends import BackendError
from checker.backends.common import import_driver, scrub, sql_type

DIALECT = "postgres"
#: A schema name --pg-schema takes: plain, so it needs no quoting to be typed.
_SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
#: The engine's working-day calendar table (checker/engine/compile.py), indexed on load.
CALENDAR_TABLE = "cc_calendar"
#: kind -> the PostgreSQL type name binary COPY sends the value as.
_COPY_KINDS = {"string": "text", "code": "text", "integer": "int8", "decimal": "numeric",
               "boolean": "bool", "date": "date", "datetime": "timestamp"}


def _psycopg():
    return import_driver("psycopg", "PostgreSQL", "postgres")


def _describe_target(dsn: str, psycopg) -> tuple[str, list[str]]:
    """A password-free description of where ``dsn`` points, and the secrets
    in it (to scrub from messages)."""
    try:
        params = psycopg.conninfo.conninfo_to_dict(dsn)
    except Exception:  # noqa: BLE001 - an unparsable DSN: say so without echoing it
        return "the server named by the DSN", [dsn]
    host = params.get("host") or params.get("hostaddr") or "localhost (unix socket)"
    where = f"{host}:{params['port']}" if params.get("port") else str(host)
    who = f" as {params['user']}" if params.get("user") else ""
    db = f", database {params['dbname']}" if params.get("dbname") else ""
    return f"{where}{db}{who}", [str(params.get("password") or "")]


class PostgresBackend:
    dialect = DIALECT

    def __init__(self, dsn: str, *, schema: str | None = None, unlogged: bool = True,
                 connect_timeout: int = 10, application_name: str = "casecheck", keep: bool = False):
        psycopg = _psycopg()
        self._psycopg = psycopg
        self._sql = import_driver("psycopg.sql", "PostgreSQL", "postgres")
        self.kinds: dict[str, dict[str, str]] = {}
        self._unlogged = unlogged
        self._indexed: dict[str, bool] = {}
        self._keep = keep
        self._created: list[str] = []  # tables this backend made, in order
        self._owns_schema = False
        if schema is not None and not _SCHEMA_NAME.fullmatch(schema):
            raise BackendError(f"--pg-schema `{schema}` is not a plain schema name (letters, digits and _, at most 63)")
        self.schema = schema or f"casecheck_{secrets.token_hex(6)}"
        where, self._secrets = _describe_target(dsn, psycopg)
        self._secrets.append(dsn)
        try:
            params = psycopg.conninfo.conninfo_to_dict(dsn)
        except psycopg.Error as e:
            raise BackendError(f"not a valid PostgreSQL DSN: {self._clean(e)}") from None
        params.setdefault("connect_timeout", connect_timeout)
        params.setdefault("application_name", application_name)
        try:
            self.conn = psycopg.connect(autocommit=True, **params)
        except psycopg.Error as e:
            raise BackendError(f"could not connect to PostgreSQL at {where}: {self._clean(e)}") from None
        try:
            self.conn.execute("SET TIME ZONE 'UTC'")
            self.conn.execute("SET DateStyle = 'ISO, YMD'")
            self.conn.execute("SET IntervalStyle = 'iso_8601'")
            self._enter_schema()
            self.server_version = self.conn.info.server_version
        except psycopg.Error as e:
            self.conn.close()
            raise BackendError(f"PostgreSQL at {where} refused the session setup: {self._clean(e)}") from None
        except BackendError:
            self.conn.close()
            raise


    def version(self) -> str | None:
        v = int(self.server_version)
        return f"{v // 10000}.{v % 10000}" if v >= 100000 else f"{v // 10000}.{v // 100 % 100}.{v % 100}"

    def _enter_schema(self) -> None:
        S = self._sql
        ident = S.Identifier(self.schema)
        exists = self.conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (self.schema,)).fetchone()
        if exists:
            held = self.conn.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s",
                (self.schema,)).fetchone()[0]
            if held:
                raise BackendError(f"schema {self.schema} exists and holds {held} objects: casecheck works only in a "
                                   "schema of its own (name a new or empty one with --pg-schema)")
        else:
            self.conn.execute(S.SQL("CREATE SCHEMA {}").format(ident))
            self._owns_schema = True
        # this schema alone (pg_catalog is always searched): no unqualified
        # name can resolve to another schema's table
        self.conn.execute(S.SQL("SET search_path TO {}").format(ident))

    def _name(self, name: str):
        return self._sql.Identifier(self.schema, name)

    # -- messages ---------------------------------------------------------
    def _clean(self, e: Exception) -> str:
        """The server's or libpq's message, one line per problem, secrets removed."""
        diag = getattr(e, "diag", None)
        primary = getattr(diag, "message_primary", None) if diag is not None else None
        text = primary or str(e)
        detail = getattr(diag, "message_detail", None) if diag is not None else None
        if detail:
            text = f"{text} ({detail})"
        lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
        return scrub("; ".join(lines), self._secrets)

    def _fail(self, what: str, e: Exception, sql: str | None = None) -> BackendError:
        msg = f"PostgreSQL {what}: {self._clean(e)}"
        if sql is not None:
            head = " ".join(sql.split())
            msg += f"\n  in: {head[:300]}{'...' if len(head) > 300 else ''}"
        return BackendError(msg)

    # -- Backend protocol -------------------------------------------------
    def create_table(self, name: str, columns: Sequence[tuple[str, str]]) -> None:
        S = self._sql
        cols = S.SQL(", ").join(
            S.SQL("{} {}").format(S.Identifier(c), S.SQL(sql_type(DIALECT, k))) for c, k in columns)
        stmt = S.SQL("CREATE {}TABLE {} ({})").format(
            S.SQL("UNLOGGED " if self._unlogged else ""), self._name(name), cols)
        try:
            with self.conn.transaction():
                if name in self._created:  # only ever a table this backend made, in its own schema
                    self.conn.execute(S.SQL("DROP TABLE {}").format(self._name(name)))
                self.conn.execute(stmt)
        except self._psycopg.Error as e:
            raise self._fail(f"could not create table {name}", e) from None
        if name not in self._created:
            self._created.append(name)
        self.kinds[name] = dict(columns)
        self._indexed.pop(name, None)

    def insert_rows(self, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        S = self._sql
        kinds = self.kinds.get(name)
        if kinds is None:
            raise BackendError(f"table {name} was not created by this backend")
        try:
            types = [_COPY_KINDS[kinds[c]] for c in columns]
        except KeyError as e:
            raise BackendError(f"table {name} has no column {e.args[0]}") from None
        stmt = S.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
            self._name(name), S.SQL(", ").join(S.Identifier(c) for c in columns))
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                with cur.copy(stmt) as copy:
                    copy.set_types(types)
                    write = copy.write_row
                    for row in rows:
                        write(row)
                if name == CALENDAR_TABLE and not self._indexed.get(name):
                    # Every working-day rule looks dates up in the calendar.
                    for col in ("d", "wd"):
                        if col in kinds:
                            cur.execute(S.SQL("CREATE INDEX ON {} ({})").format(self._name(name), S.Identifier(col)))
                    self._indexed[name] = True
                cur.execute(S.SQL("ANALYZE {}").format(self._name(name)))
        except self._psycopg.Error as e:
            raise self._fail(f"could not load table {name}", e) from None
        except (TypeError, ValueError, OverflowError) as e:  # a Python value the column type cannot take
            raise BackendError(f"could not load table {name}: {e}") from None

    def create_index(self, name: str, columns: Sequence[str], unique: bool = False) -> None:
        """Index ``columns`` of a loaded table. Not part of the Backend
        protocol: PostgreSQL runs a correlated scalar subquery once per outer
        row, so the engine should index what the compiled SQL looks up (the
        calendar's ``d`` and ``wd``, each relation's key and foreign key), or
        every lookup is a sequential scan."""
        S = self._sql
        stmt = S.SQL("CREATE {}INDEX ON {} ({})").format(
            S.SQL("UNIQUE " if unique else ""), self._name(name), S.SQL(", ").join(S.Identifier(c) for c in columns))
        try:
            self.conn.execute(stmt)
        except self._psycopg.Error as e:
            raise self._fail(f"could not index table {name}", e) from None

    def execute(self, sql: str) -> None:
        try:
            self.conn.execute(sql)
        except self._psycopg.Error as e:
            raise self._fail("refused a statement", e, sql) from None

    def query(self, sql: str) -> list[tuple]:
        try:
            with self.conn.cursor() as cur:
                cur.execute(sql)
                return cur.fetchall() if cur.description is not None else []
        except self._psycopg.Error as e:
            raise self._fail("refused a query", e, sql) from None

    def drop(self) -> None:
        """Drop what this backend made: its schema, if it created it, else
        its own tables (never anything else)."""
        S = self._sql
        if self._owns_schema:
            self.conn.execute(S.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(S.Identifier(self.schema)))
            self._owns_schema = False
        else:
            for name in reversed(self._created):
                self.conn.execute(S.SQL("DROP TABLE IF EXISTS {}").format(self._name(name)))
        self._created.clear()

    def close(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None and not conn.closed:
            try:
                if not self._keep:
                    self.drop()
            except self._psycopg.Error:
                pass  # a broken connection: the server drops nothing of ours but UNLOGGED tables stay (said in the README)
            finally:
                conn.close()

    def __enter__(self) -> PostgresBackend:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
