"""Spark backend: run the compiled rules in Spark SQL (local mode by default).

``SparkBackend(master="local[2]")`` needs pyspark (``pip install
'casecheck[spark]'``, imported only when a backend is made) and Java 17+.

One Spark session (one JVM) serves the whole process, started on first use
(``spark_session.py``) with Spark's own output sent to a log file instead of
the terminal (``spark.log`` in the session's temporary folder; its tail is
quoted when the JVM fails to start), the web UI off, two shuffle partitions
and everything on loopback. Each backend works in a child session of it with its own database,
stored as Parquet under its own temporary folder and dropped on ``close()``.

Loading: rows are written to a JSON-lines file (every value spelled exactly:
strings escaped, decimals as exact numbers, dates and timestamps in ISO
form), read by Spark with the table's schema in FAILFAST mode (a value that
does not fit is an error, never a silent null) and appended to the table: a
million rows take seconds, where ``createDataFrame`` from Python rows takes
half a minute.

Settings over the session's defaults come from ``CASECHECK_SPARK_CONF``
(``KEY=VALUE`` pairs separated by spaces, e.g. ``spark.driver.memory=6g``).

Kinds map to ``STRING`` (string, code), ``BIGINT``, ``DECIMAL(38,10)``
(decimals come back without trailing zeros: 1.5 not 1.5000000000),
``BOOLEAN``, ``DATE`` and ``TIMESTAMP_NTZ``. The session runs in UTC with
ANSI SQL semantics on and ``TIMESTAMP`` meaning ``TIMESTAMP_NTZ``, so a
compiled ``CAST(x AS TIMESTAMP)`` is a naive datetime, as in the other
backends.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker import scratch
from checker.backends import BackendError
from checker.backends.common import sql_type
from checker.backends.spark_session import (  # noqa: F401 - the session's API, as before the split
    SESSION_CONF,
    abort_session,
    connect_session,
    env_conf,
    get_session,
    session_root,
    spark_message,
    stop_session,
)
from checker.model import plain_decimal

_message = spark_message

DIALECT = "spark"
_TEMP_TABLE = re.compile(r"CREATE\s+TEMP(?:ORARY)?\s+TABLE\s+(\S+)\s+AS\s+", re.I)

# -- JSON-lines spelling of each kind ----------------------------------------
_enc = json.encoder.encode_basestring_ascii  # exact, escapes quotes, control and non-ASCII characters


def _string(v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError(f"expected a string, got {type(v).__name__} {v!r}")
    return _enc(v)


def _integer(v: Any) -> str:
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError(f"expected an integer, got {type(v).__name__} {v!r}")
    return str(v)


def _decimal(v: Any) -> str:
    if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
        raise TypeError(f"expected a decimal, got {type(v).__name__} {v!r}")
    if isinstance(v, Decimal) and not v.is_finite():
        raise TypeError(f"{v} cannot be stored in a Spark DECIMAL")
    return format(v, "f")


def _boolean(v: Any) -> str:
    if not isinstance(v, bool):
        raise TypeError(f"expected true or false, got {type(v).__name__} {v!r}")
    return "true" if v else "false"


def _date(v: Any) -> str:
    if isinstance(v, dt.datetime) or not isinstance(v, dt.date):
        raise TypeError(f"expected a date, got {type(v).__name__} {v!r}")
    return f'"{v.isoformat()}"'


def _datetime(v: Any) -> str:
    if not isinstance(v, dt.datetime):
        raise TypeError(f"expected a datetime, got {type(v).__name__} {v!r}")
    if v.tzinfo is not None:
        raise TypeError(f"expected a datetime without a time zone, got {v!r}")
    return f'"{v.isoformat(timespec="microseconds")}"'


def _sql_string(v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError(f"expected a string, got {type(v).__name__} {v!r}")
    # a Spark string literal: backslashes and quotes escaped (Spark reads escapes in literals)
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r") + "'"


#: Each kind as a Spark SQL literal (rows a cluster's views hold in their definition).
_LITERAL = {"string": _sql_string, "code": _sql_string, "integer": _integer,
            "decimal": lambda v: f"CAST('{_decimal(v)}' AS DECIMAL(38,10))", "boolean": _boolean,
            "date": lambda v: f"DATE {_date(v)}".replace('"', "'"),
            "datetime": lambda v: f"TIMESTAMP_NTZ {_datetime(v)}".replace('"', "'")}

_SPELL = {"string": _string, "code": _string, "integer": _integer, "decimal": _decimal,
          "boolean": _boolean, "date": _date, "datetime": _datetime}
#: Inline spellings (an expression in ``v``) for the common kinds: the loader
#: runs once per value, so a function call saved is a second per million rows.
#: Each still fails on a value of the wrong type (TypeError).
_INLINE = {"string": "_enc({x})", "code": "_enc({x})", "integer": "int.__repr__({x})", "boolean": "_BOOL[{x}]"}
_BOOL = {True: "true", False: "false"}


def line_writer(kinds: Sequence[str]):
    """A function from a row (values in ``kinds`` order) to its JSON line
    ``{"c0":...,"c1":...}``, generated for the table so the per-value work is
    one expression."""
    parts, env = [], {"_enc": _enc, "_BOOL": _BOOL}
    for i, kind in enumerate(kinds):
        env[f"_s{i}"] = _SPELL[kind]
        expr = _INLINE.get(kind, f"_s{i}({{x}})").format(x=f"r[{i}]")
        parts.append(f"'\"c{i}\":' + ('null' if r[{i}] is None else {expr})")
    body = " + ',' + ".join(parts) if parts else "''"
    src = f"def _line(r):\n    return '{{' + {body} + '}}\\n'\n"
    exec(compile(src, "<casecheck spark loader>", "exec"), env)  # noqa: S102 - generated from fixed templates
    return env["_line"]


def split_statements(sql: str) -> list[str]:
    """``sql`` split at top-level semicolons (not inside quotes or comments):
    Spark runs one statement per call."""
    out, buf, i, n = [], [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"`":
            j = i + 1
            while j < n and sql[j] != c:
                j += 2 if sql[j] == "\\" else 1
            buf.append(sql[i:j + 1])
            i = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            buf.append(sql[i:j])
            i = j
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            j = n if j < 0 else j + 2
            buf.append(sql[i:j])
            i = j
        elif c == ";":
            out.append("".join(buf))
            buf = []
            i += 1
        else:
            buf.append(c)
            i += 1
    out.append("".join(buf))
    return [s.strip() for s in out if s.strip() and not _only_comments(s)]


def _only_comments(s: str) -> bool:
    lines = [ln.strip() for ln in s.strip().splitlines()]
    return all(not ln or ln.startswith("--") for ln in lines) and "/*" not in s


class SparkBackend:
    """Spark SQL on a local session (``local[2]``, the default), a cluster
    (``spark://host:7077`` or any master URL) or a Spark Connect server
    (``sc://host:15002``, which Databricks Connect also speaks).

    Local mode keeps loaded tables as Parquet under its temporary folder
    (fast: rows are staged as JSON lines). On a cluster or through Spark
    Connect nothing is written to the driver's files: tables are temporary
    views, rows loaded from Python (the calendar; formats only Python reads)
    travel inside the query plan, and data read by Spark itself
    (``data/readers/spark_read.py``) is kept cached in the executors."""

    dialect = DIALECT
    #: a rule's rows stay in Spark (cached), counted there; read only when a report lists them
    keeps_rows = True

    def __init__(self, master: str = "local[2]", *, conf: dict[str, str] | None = None):
        self.connect = master.startswith("sc://")
        self.local = master.startswith("local") and not self.connect
        self.kinds: dict[str, dict[str, str]] = {}
        self.columns: dict[str, list[str]] = {}
        self._views: dict[str, Any] = {}  # temporary views this backend made: name -> DataFrame (cached or not)
        self._parts: dict[str, list[str]] = {}  # a view of rows from Python: its SELECTs of literals
        self._closed = False
        self.database: str | None = None
        self._dir: Path | None = None
        if self.connect:
            self.spark = connect_session(master, conf)
            return
        base = get_session(master, conf)
        self.spark = base.newSession()  # own current database, temp views and SQL settings
        if not self.local:
            return
        # Inside the session's folder when this module started the session, so
        # stop_session (at exit) removes it even if close() is never called.
        self._dir = Path(tempfile.mkdtemp(prefix="db-", dir=session_root()) if session_root()
                         else scratch.make("sparkdb"))
        self.database = f"casecheck_{uuid.uuid4().hex[:12]}"
        try:
            self.spark.sql(f"CREATE DATABASE `{self.database}` LOCATION '{(self._dir / 'db').as_uri()}'")
            self.spark.catalog.setCurrentDatabase(self.database)
        except Exception as e:  # noqa: BLE001
            shutil.rmtree(self._dir, ignore_errors=True)
            raise BackendError(f"Spark could not create its working database: {_message(e)}") from None

    def adopt(self, name: str, df, columns: Sequence[tuple[str, str]]) -> None:
        """Make ``df`` (rows Spark read itself) the table ``name``: a temporary
        view, dropped (and its cache released) on close."""
        df.createOrReplaceTempView(name)
        self._views[name] = df
        self.kinds[name] = dict(columns)
        self.columns[name] = [c for c, _ in columns]

    def version(self) -> str | None:
        return str(self.spark.version)

    @staticmethod
    def _q(name: str) -> str:
        return "`" + name.replace("`", "``") + "`"

    def create_table(self, name: str, columns: Sequence[tuple[str, str]]) -> None:
        if not self.local:  # a temporary view, empty until rows are inserted
            self.kinds[name] = dict(columns)
            self.columns[name] = [c for c, _ in columns]
            self._drop_view(name)
            self._parts[name] = []
            empty = ", ".join(f"CAST(NULL AS {sql_type(DIALECT, k)}) AS {self._q(c)}" for c, k in columns)
            self.spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW {self._q(name)} AS SELECT {empty} WHERE false")
            self._views[name] = None
            return
        cols = ", ".join(f"{self._q(c)} {sql_type(DIALECT, k)}" for c, k in columns)
        try:
            self.spark.sql(f"DROP TABLE IF EXISTS {self._q(name)}")
            self.spark.sql(f"CREATE TABLE {self._q(name)} ({cols}) USING parquet")
        except Exception as e:  # noqa: BLE001
            raise BackendError(f"Spark could not create table {name}: {_message(e)}") from None
        self.kinds[name] = dict(columns)
        self.columns[name] = [c for c, _ in columns]

    def _struct(self, name: str, columns: Sequence[str]):
        from pyspark.sql import types as T

        spark_types = {"string": T.StringType(), "code": T.StringType(), "integer": T.LongType(),
                       "decimal": T.DecimalType(38, 10), "boolean": T.BooleanType(), "date": T.DateType(),
                       "datetime": T.TimestampNTZType()}  # as common.SQL_TYPES["spark"]; no JVM needed (Spark Connect)
        kinds = self.kinds[name]
        return T.StructType([T.StructField(c, spark_types[kinds[c]]) for c in columns])

    def _insert_in_plan(self, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Rows into a view's definition, as SQL literals: nothing is written
        to the driver's files, so a cluster's workers need not see them. (A
        view of SQL text is analysed afresh wherever a query reads it, which
        a query reading the calendar twice needs: views of Python-made
        DataFrames then fail in Spark 4 with "key not found".) For the
        calendar and the formats only Python reads, which are small."""
        kinds = self.kinds[name]
        given = {c: i for i, c in enumerate(columns)}
        spell = [_LITERAL[kinds[c]] for c in columns]
        parts = self._parts.setdefault(name, [])
        count = 0
        batch: list[str] = []
        for row in rows:
            count += 1
            try:
                lits = [("NULL" if row[i] is None else spell[i](row[i])) for i in range(len(columns))]
            except (TypeError, ValueError) as e:
                raise BackendError(f"could not load table {name}, row {count}: {e}") from None
            cells = [lits[given[c]] if c in given else "NULL" for c in self.columns[name]]
            batch.append("(" + ", ".join(cells) + ")")
            if len(batch) == 2000:
                parts.append(self._values(name, batch))
                batch = []
        if batch:
            parts.append(self._values(name, batch))
        if count:
            self._drop_view(name)
            self.spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW {self._q(name)} AS " + " UNION ALL ".join(parts))
            self._views[name] = None

    def _values(self, name: str, batch: list[str]) -> str:
        cols = ", ".join(f"CAST({self._q(c)} AS {sql_type(DIALECT, k)}) AS {self._q(c)}" for c, k in self.kinds[name].items())
        names = ", ".join(self._q(c) for c in self.kinds[name])
        return f"SELECT {cols} FROM VALUES {', '.join(batch)} AS v({names})"

    def insert_rows(self, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        from pyspark.sql import functions as F
        from pyspark.sql.types import StructField, StructType, _parse_datatype_string

        kinds = self.kinds.get(name)
        if kinds is None:
            raise BackendError(f"table {name} was not created by this backend")
        missing = [c for c in columns if c not in kinds]
        if missing:
            raise BackendError(f"table {name} has no column {missing[0]}")
        if not self.local:
            self._insert_in_plan(name, columns, rows)
            return
        line = line_writer([kinds[c] for c in columns])
        assert self._dir is not None  # local mode has its folder
        path = self._dir / f"load-{uuid.uuid4().hex[:8]}.jsonl"
        count = 0
        try:
            with open(path, "w", encoding="ascii", newline="\n") as f:
                write = f.write
                for row in rows:
                    write(line(row))
                    count += 1
        except (TypeError, KeyError, IndexError) as e:
            path.unlink(missing_ok=True)
            raise BackendError(f"could not load table {name}, row {count + 1}: {e}") from None
        if count == 0:
            path.unlink(missing_ok=True)
            return
        schema = StructType([StructField(f"c{i}", _parse_datatype_string(sql_type(DIALECT, kinds[c])))
                             for i, c in enumerate(columns)])
        try:
            df = (self.spark.read.schema(schema).option("mode", "FAILFAST")
                  .option("allowNonNumericNumbers", "false").json(str(path)))
            given = {c: f"c{i}" for i, c in enumerate(columns)}
            out = [F.col(given[c]).alias(c) if c in given
                   else F.lit(None).cast(sql_type(DIALECT, kinds[c])).alias(c)
                   for c in self.columns[name]]
            df.select(*out).write.insertInto(self._q(name))
        except Exception as e:  # noqa: BLE001
            raise BackendError(f"Spark could not load table {name}: {_message(e)}") from None
        finally:
            path.unlink(missing_ok=True)

    def execute(self, sql: str) -> None:
        for stmt in split_statements(sql):
            # the SQL engine keeps a rule's rows in a temporary table (DuckDB's
            # words); Spark's are a cached temporary view, filled by the first
            # query that reads it (the rule's counts): one job, not two
            m = _TEMP_TABLE.match(stmt)
            if m:
                stmt = f"CACHE LAZY TABLE {m.group(1)} AS {stmt[m.end():]}"
            try:
                self.spark.sql(stmt)
            except Exception as e:  # noqa: BLE001
                raise BackendError(f"Spark refused a statement: {_message(e)}\n  in: {_head(stmt)}") from None

    def query(self, sql: str) -> list[tuple]:
        try:
            rows = self.spark.sql(sql).collect()
        except Exception as e:  # noqa: BLE001
            raise BackendError(f"Spark refused a query: {_message(e)}\n  in: {_head(sql)}") from None
        return [tuple(plain_decimal(v) if isinstance(v, Decimal) else v for v in row) for row in rows]

    def _drop_view(self, name: str) -> None:
        df = self._views.pop(name, None)
        try:
            self.spark.catalog.dropTempView(name)
            if df is not None and df.is_cached:
                df.unpersist()
        except Exception:  # noqa: BLE001 - the session may already be gone
            pass

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for name in list(self._views):
            self._drop_view(name)
        try:
            for t in self.spark.catalog.listTables():
                if t.isTemporary:  # the engine's cached outcome views (this session's own)
                    self.spark.sql(f"UNCACHE TABLE IF EXISTS {self._q(t.name)}")
                    self.spark.catalog.dropTempView(t.name)
        except Exception:  # noqa: BLE001
            pass
        if self.database is not None:
            try:
                self.spark.sql(f"DROP DATABASE IF EXISTS `{self.database}` CASCADE")
            except Exception:  # noqa: BLE001 - the session may already be gone
                pass
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
        if self.connect:
            try:
                self.spark.stop()  # releases the server's session
            except Exception:  # noqa: BLE001
                pass

    def __enter__(self) -> SparkBackend:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _head(sql: str) -> str:
    head = " ".join(sql.split())
    return head[:300] + ("..." if len(head) > 300 else "")
