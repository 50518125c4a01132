"""The PostgreSQL and Spark backends against real servers: every kind goes in
and comes back as the same Python value, awkward strings stay data, the SQL
shapes the compiler emits run, errors are messages, and bulk loading is fast.

The servers come from tests/servers.py: a throwaway PostgreSQL cluster
(tests marked ``postgres``) and a local-mode Spark session (marked
``spark``); each is skipped, with the reason, only when it is not installed.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from decimal import Decimal

import pytest

from checker.backends import BackendError
from checker.backends.common import scrub
from checker.model import plain_decimal

KINDS = ["string", "code", "integer", "decimal", "boolean", "date", "datetime"]
COLUMNS = [("_row", "integer"), ("s", "string"), ("c", "code"), ("i", "integer"), ("n", "decimal"),
           ("b", "boolean"), ("d", "date"), ("t", "datetime")]
NAMES = [c for c, _ in COLUMNS]

# Values the round trip must keep exactly (no decimal here has more than 10
# digits after the point or 28 before it: Spark's DECIMAL(38,10)).
ROWS = [
    (1, "plain", "S47", 0, Decimal("0"), True, dt.date(2024, 2, 29), dt.datetime(2024, 2, 29, 23, 59, 59, 999999)),
    (2, None, None, None, None, None, None, None),
    (3, "", "", -1, Decimal("-0.5"), False, dt.date(1990, 1, 1), dt.datetime(1990, 1, 1, 0, 0)),
    (4, "'); DROP TABLE x; --", "O'Brien", 2**63 - 1, Decimal("1234567890123456789012345678.0123456789"), True,
     dt.date(1, 1, 1), dt.datetime(1970, 1, 1, 0, 0, 0, 1)),
    (5, 'quote " and \\ backslash\tand\nnewline\r\n', "a,b;c", -(2**63), Decimal("-9999999999999999999999999999.9999999999"),
     False, dt.date(9999, 12, 31), dt.datetime(2000, 2, 29, 12, 30)),
    (6, "Zoë Ñúñez 李小龙 😀 \u200b", "Ω", 42, Decimal("0.0000000001"), None, dt.date(2000, 2, 29), None),
    (7, "NULL", "null", 1, Decimal("100"), True, dt.date(2023, 3, 26), dt.datetime(2023, 3, 26, 1, 30)),
    (8, "\\N", "$$", 7, Decimal("1.50"), False, dt.date(1900, 2, 28), dt.datetime(2023, 10, 29, 1, 30)),
    (9, "-- comment /* not */", "%s %(x)s {}", 3, Decimal("12.345"), True, dt.date(2025, 3, 31), dt.datetime(2025, 3, 31, 9)),
]


def same(a, b) -> bool:
    """Equal values of the same Python type (Decimal by value: 1.50 == 1.5)."""
    if a is None or b is None:
        return a is b
    return type(a) is type(b) and a == b


def assert_rows_equal(got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert len(g) == len(w)
        for gv, wv in zip(g, w):
            assert same(gv, wv), f"{gv!r} != {wv!r} in row {w[0]}"


def roundtrip(backend, table="every_kind"):
    backend.create_table(table, COLUMNS)
    backend.insert_rows(table, NAMES, ROWS)
    return backend.query(f"SELECT {', '.join(q(backend, c) for c in NAMES)} FROM {q(backend, table)} ORDER BY _row")


def q(backend, name: str) -> str:
    return f"`{name}`" if backend.dialect == "spark" else f'"{name}"'


# A children/visits pair: the shapes the compiler emits (a correlated scalar
# subquery against the calendar table, a LEFT JOIN to an aggregate, CASE).
CHILDREN = [(1, "C1", dt.date(2010, 5, 1)), (2, "C2", None), (3, "C3", dt.date(2012, 2, 29))]
VISITS = [(1, "V1", "C1", dt.date(2024, 1, 2)), (2, "V2", "C1", dt.date(2024, 1, 8)), (3, "V3", "C3", dt.date(2024, 1, 5))]
CALENDAR = [(1, dt.date(2024, 1, 1) + dt.timedelta(days=k), k, (dt.date(2024, 1, 1) + dt.timedelta(days=k)).weekday() < 5)
            for k in range(31)]


def load_related(backend):
    backend.create_table("children", [("_row", "integer"), ("child_id", "string"), ("date_of_birth", "date")])
    backend.insert_rows("children", ["_row", "child_id", "date_of_birth"], CHILDREN)
    backend.create_table("visits", [("_row", "integer"), ("visit_id", "string"), ("child_id", "string"), ("date", "date")])
    backend.insert_rows("visits", ["_row", "visit_id", "child_id", "date"], VISITS)
    backend.create_table("cc_calendar", [("d", "date"), ("wd", "integer"), ("is_wd", "boolean")])
    backend.insert_rows("cc_calendar", ["d", "wd", "is_wd"], [r[1:] for r in CALENDAR])


RELATED_SQL = """
SELECT c._row, c.child_id, v.n_visits, v.last_visit,
       (SELECT k.wd FROM cc_calendar k WHERE k.d = v.last_visit) AS last_wd,
       (SELECT COUNT(*) FROM visits w WHERE w.child_id = c.child_id AND w.{date} > DATE '2024-01-03') AS later,
       CASE WHEN v.n_visits IS NULL THEN 'not_evidenced' WHEN v.n_visits >= 2 THEN 'pass' ELSE 'fail' END AS outcome
FROM children c
LEFT JOIN (SELECT child_id, COUNT(*) AS n_visits, MAX({date}) AS last_visit FROM visits GROUP BY child_id) v
  ON v.child_id = c.child_id
ORDER BY c._row
"""
RELATED_WANT = [
    (1, "C1", 2, dt.date(2024, 1, 8), 7, 1, "pass"),
    (2, "C2", None, None, None, 0, "not_evidenced"),
    (3, "C3", 1, dt.date(2024, 1, 5), 4, 1, "fail"),
]


# --- helpers without a server ------------------------------------------------------
def test_scrub_removes_passwords():
    assert "hunter2" not in scrub("bad dsn 'host=x password=hunter2 user=u'", [])
    assert "s3cret" not in scrub("postgresql://me:s3cret@db:5432/x failed", [])
    assert scrub("token abc", ["abc"]) == "token ***"


def test_plain_decimal():
    assert str(plain_decimal(Decimal("1.5000000000"))) == "1.5"
    assert str(plain_decimal(Decimal("100.0000000000"))) == "100"
    assert str(plain_decimal(Decimal("0E-10"))) == "0"
    assert str(plain_decimal(Decimal("100"))) == "100"


def test_split_statements():
    from checker.backends.spark import split_statements

    sql = "CREATE VIEW a AS SELECT ';' AS x; -- a comment; with a semicolon\nSELECT `a;b` FROM t /* ; */;\n;"
    assert split_statements(sql) == ["CREATE VIEW a AS SELECT ';' AS x", "-- a comment; with a semicolon\nSELECT `a;b` FROM t /* ; */"]


def _without(module: str) -> str:
    """Python code that makes ``module`` unimportable, then runs the rest."""
    return (f"import sys; sys.modules[{module!r}] = None\n"
            "import checker.cli, checker.backends.postgres, checker.backends.spark\n")


@pytest.mark.parametrize("module,make,extra", [
    ("psycopg", "checker.backends.postgres.PostgresBackend('host=x')", "postgres"),
    ("pyspark", "checker.backends.spark.SparkBackend()", "spark"),
])
def test_missing_driver_says_how_to_install(module, make, extra):
    code = _without(module) + (
        "from checker.backends import BackendError\n"
        f"try:\n    {make}\nexcept BackendError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert out.returncode == 0, out.stderr
    assert f"pip install 'casecheck[{extra}]'" in out.stdout


# --- PostgreSQL ---------------------------------------------------------------------
@pytest.fixture()
def pg(postgres_dsn):
    from checker.backends.postgres import PostgresBackend

    b = PostgresBackend(postgres_dsn)
    yield b
    b.close()


@pytest.mark.postgres
def test_postgres_roundtrip_every_kind(pg):
    assert pg.dialect == "postgres"
    assert_rows_equal(roundtrip(pg), ROWS)
    # The decimals keep their digits as given (numeric is exact).
    got = {r[0]: r[1] for r in pg.query('SELECT _row, n FROM every_kind')}
    assert str(got[8]) == "1.50" and str(got[4]) == "1234567890123456789012345678.0123456789"


@pytest.mark.postgres
def test_postgres_column_types(pg):
    pg.create_table("typed", COLUMNS)
    got = dict(pg.query("SELECT column_name, data_type FROM information_schema.columns "
                        "WHERE table_name = 'typed' AND table_schema = current_schema()"))
    assert got == {"_row": "bigint", "s": "text", "c": "text", "i": "bigint", "n": "numeric", "b": "boolean",
                   "d": "date", "t": "timestamp without time zone"}


@pytest.mark.postgres
def test_postgres_sql_looking_strings_are_data(pg):
    roundtrip(pg, "x")
    assert pg.query('SELECT count(*) FROM "x"') == [(len(ROWS),)]
    assert pg.query("SELECT s FROM x WHERE _row = 4") == [("'); DROP TABLE x; --",)]


@pytest.mark.postgres
def test_postgres_reload_replaces_table_and_loads_in_parts(pg):
    roundtrip(pg, "t1")
    pg.create_table("t1", COLUMNS)  # dropped and made again: empty
    assert pg.query("SELECT count(*) FROM t1") == [(0,)]
    pg.insert_rows("t1", NAMES, ROWS[:4])
    pg.insert_rows("t1", ["_row", "s"], iter([(100, "only two columns")]))  # a generator, a subset of columns
    assert pg.query("SELECT count(*), count(i), max(_row) FROM t1") == [(5, 3, 100)]


@pytest.mark.postgres
def test_postgres_correlated_subquery_and_left_join(pg):
    load_related(pg)
    assert pg.query(RELATED_SQL.format(date='"date"')) == RELATED_WANT
    # The calendar is indexed on load (each lookup would otherwise scan it);
    # other tables when the engine asks.
    assert pg.query("SELECT count(*) FROM pg_indexes WHERE tablename = 'cc_calendar'") == [(2,)]
    pg.create_index("visits", ["child_id"])
    assert pg.query("SELECT count(*) FROM pg_indexes WHERE tablename = 'visits'") == [(1,)]
    assert pg.query(RELATED_SQL.format(date='"date"')) == RELATED_WANT


@pytest.mark.postgres
def test_postgres_prelude_and_evaluation_error(pg):
    from checker.engine.compile import prelude

    for stmt in prelude("postgres"):
        pg.execute(stmt)
    assert pg.query("SELECT CASE WHEN 1 = 2 THEN casecheck_error('casecheck: never') ELSE 1 END") == [(1,)]
    with pytest.raises(BackendError) as e:
        pg.query("SELECT casecheck_error('casecheck: date outside the calendar''s range')")
    assert "casecheck: date outside the calendar's range" in str(e.value)
    assert "Traceback" not in str(e.value)


@pytest.mark.postgres
def test_postgres_bad_sql_is_a_message(pg):
    with pytest.raises(BackendError) as e:
        pg.query("SELECT nope FROM nowhere")
    assert 'relation "nowhere" does not exist' in str(e.value)
    pg.query("SELECT 1")  # the connection is still usable
    pg.create_table("every_kind", COLUMNS)
    with pytest.raises(BackendError, match="could not load table every_kind"):
        pg.insert_rows("every_kind", ["_row", "d"], [(1, "2024-01-01")])  # a string is not a date


@pytest.mark.postgres
def test_postgres_schema_option(postgres_dsn):
    from checker.backends.postgres import PostgresBackend

    with PostgresBackend(postgres_dsn, schema="casecheck_run") as b:
        b.create_table("kids", [("_row", "integer")])
        assert b.query("SELECT table_schema FROM information_schema.tables WHERE table_name = 'kids'") == [("casecheck_run",)]


def test_postgres_connection_failure_is_a_clear_message():
    pytest.importorskip("psycopg")
    from servers import free_port

    from checker.backends.postgres import PostgresBackend

    port = free_port()  # nothing listens there
    with pytest.raises(BackendError) as e:
        PostgresBackend(f"host=127.0.0.1 port={port} user=someone password=hunter2 dbname=db connect_timeout=3")
    msg = str(e.value)
    assert msg.startswith(f"could not connect to PostgreSQL at 127.0.0.1:{port}, database db as someone:")
    assert "hunter2" not in msg and "Traceback" not in msg
    assert e.value.__cause__ is None and e.value.__suppress_context__
    with pytest.raises(BackendError) as e:
        PostgresBackend(f"postgresql://someone:hunter2@127.0.0.1:{port}/db?connect_timeout=3")
    assert "hunter2" not in str(e.value)
    with pytest.raises(BackendError) as e:
        PostgresBackend("host=127.0.0.1 password='hunter2 bad dsn")
    assert "hunter2" not in str(e.value)


@pytest.mark.postgres
def test_postgres_wrong_password_is_a_clear_message(postgres_dsn, pg):
    from checker.backends.postgres import PostgresBackend

    pg.execute("DROP ROLE IF EXISTS pw_user")
    pg.execute("CREATE ROLE pw_user LOGIN PASSWORD 'right'")
    # trust authentication lets anyone in; a role that may not log in is refused.
    pg.execute("ALTER ROLE pw_user NOLOGIN")
    dsn = postgres_dsn.replace("user=casecheck", "user=pw_user") + " password=wrong-secret"
    with pytest.raises(BackendError) as e:
        PostgresBackend(dsn)
    assert 'role "pw_user" is not permitted to log in' in str(e.value)
    assert "wrong-secret" not in str(e.value)


@pytest.mark.postgres
def test_postgres_copy_million_rows(pg):
    n = 1_000_000
    cols = [("_row", "integer"), ("child_id", "string"), ("date", "date"), ("type", "code"), ("seen", "boolean"),
            ("n", "integer"), ("at", "datetime"), ("amount", "decimal")]
    d0, t0 = dt.date(2020, 1, 1), dt.datetime(2020, 1, 1, 9)
    rows = [(i + 1, f"C{i:07d}", d0 + dt.timedelta(days=i % 2000), "S47", (i % 3 == 0) or None, i % 17,
             t0 + dt.timedelta(minutes=i), Decimal(i) / 100) for i in range(n)]  # made before the clock starts
    pg.create_table("big", cols)
    start = time.perf_counter()
    pg.insert_rows("big", [c for c, _ in cols], rows)
    took = time.perf_counter() - start
    print(f"\nPostgreSQL: COPY of {n:,} rows x {len(cols)} columns (with ANALYZE) took {took:.2f} s "
          f"({n / took:,.0f} rows/s)")
    assert pg.query("SELECT count(*), count(seen), max(_row) FROM big") == [(n, (n + 2) // 3, n)]
    pg.execute("DROP TABLE big")


# --- Spark ----------------------------------------------------------------------------
@pytest.fixture()
def spark(spark_session):
    from checker.backends.spark import SparkBackend

    b = SparkBackend()
    yield b
    b.close()


@pytest.mark.spark
def test_spark_roundtrip_every_kind(spark):
    assert spark.dialect == "spark"
    assert_rows_equal(roundtrip(spark), ROWS)


@pytest.mark.spark
def test_spark_sql_looking_strings_are_data_and_parts_load(spark):
    roundtrip(spark, "x")
    spark.insert_rows("x", ["_row", "s"], iter([(100, "only two columns")]))
    assert spark.query("SELECT count(*), count(i), max(_row) FROM x") == [(len(ROWS) + 1, len(ROWS) - 1, 100)]
    assert spark.query("SELECT s FROM x WHERE _row = 4") == [("'); DROP TABLE x; --",)]


@pytest.mark.spark
def test_spark_correlated_subquery_and_left_join(spark):
    load_related(spark)
    assert spark.query(RELATED_SQL.format(date="`date`")) == RELATED_WANT


@pytest.mark.spark
def test_spark_settings_and_evaluation_error(spark):
    # TIMESTAMP means TIMESTAMP_NTZ: a naive datetime, whatever the time zone.
    assert spark.query("SELECT CAST('2024-02-29 10:00:00' AS TIMESTAMP), DATE '2024-02-29' + 1") == [
        (dt.datetime(2024, 2, 29, 10, 0), dt.date(2024, 3, 1))]
    spark.execute("CREATE TEMPORARY VIEW one AS SELECT 1 AS x; CREATE TEMPORARY VIEW two AS SELECT 2 AS x")
    assert spark.query("SELECT x FROM one UNION ALL SELECT x FROM two ORDER BY x") == [(1,), (2,)]
    with pytest.raises(BackendError) as e:
        spark.query("SELECT raise_error('casecheck: date outside the calendar''s range')")
    assert "casecheck: date outside the calendar's range" in str(e.value)
    assert "\tat " not in str(e.value) and "Traceback" not in str(e.value)
    with pytest.raises(BackendError, match="TABLE_OR_VIEW_NOT_FOUND"):
        spark.query("SELECT * FROM nowhere")


@pytest.mark.spark
def test_spark_backends_are_separate(spark_session):
    from checker.backends.spark import SparkBackend

    with SparkBackend() as a, SparkBackend() as b:
        a.create_table("t", [("_row", "integer")])
        a.insert_rows("t", ["_row"], [(1,), (2,)])
        b.create_table("t", [("_row", "integer")])
        assert a.query("SELECT count(*) FROM t") == [(2,)]
        assert b.query("SELECT count(*) FROM t") == [(0,)]


@pytest.mark.spark
def test_spark_wrong_value_is_a_message(spark):
    spark.create_table("w", COLUMNS)
    with pytest.raises(BackendError, match="could not load table w, row 1: expected a date"):
        spark.insert_rows("w", ["_row", "d"], [(1, "2024-01-01")])
    with pytest.raises(BackendError, match="could not load table w"):  # too many digits for DECIMAL(38,10)
        spark.insert_rows("w", ["_row", "n"], [(1, Decimal("1" * 30))])


@pytest.mark.spark
def test_spark_load_rows_timing(spark):
    n = int(os.environ.get("CASECHECK_SPARK_ROWS", "20000"))
    cols = [("_row", "integer"), ("child_id", "string"), ("date", "date"), ("type", "code"), ("seen", "boolean"),
            ("n", "integer"), ("at", "datetime"), ("amount", "decimal")]
    d0, t0 = dt.date(2020, 1, 1), dt.datetime(2020, 1, 1, 9)
    rows = [(i + 1, f"C{i:07d}", d0 + dt.timedelta(days=i % 2000), "S47", (i % 3 == 0) or None, i % 17,
             t0 + dt.timedelta(minutes=i), Decimal(i) / 100) for i in range(n)]  # made before the clock starts
    spark.create_table("big", cols)
    start = time.perf_counter()
    spark.insert_rows("big", [c for c, _ in cols], rows)
    took = time.perf_counter() - start
    print(f"\nSpark: load of {n:,} rows x {len(cols)} columns took {took:.2f} s ({n / took:,.0f} rows/s)")
    assert spark.query("SELECT count(*), count(seen), max(_row) FROM big") == [(n, (n + 2) // 3, n)]


def test_the_engine_registry_is_what_everything_lists():
    """One registry (checker.backends.ENGINES): the CLI's choices, the API's
    names and the result's engine block all read it."""
    import click

    from checker import api, cli
    from checker.backends import ENGINES, BackendError, engine_info, open_backend

    assert api.ENGINES == tuple(ENGINES)
    run_cmd = cli.cli.commands["run"]
    engine_opt = next(p for p in run_cmd.params if p.name == "engine")
    assert isinstance(engine_opt.type, click.Choice) and list(engine_opt.type.choices) == list(ENGINES)
    for info in ENGINES.values():
        assert info.summary and (info.backend is None or ":" in info.backend)
    with pytest.raises(BackendError, match="expected one of duckdb, reference"):
        engine_info("duckbd")
    with pytest.raises(BackendError, match="needs --dsn"):
        open_backend("postgres")
    assert open_backend("reference") is None
    db = open_backend("duckdb", memory_limit="500MB", pg_schema="ignored")
    try:
        assert db.dialect == "duckdb" and db.version()
    finally:
        db.close()


def test_duckdb_loads_columns_as_text_or_as_lists_with_the_same_values(monkeypatch):
    """DuckDB is handed a chunk of columns as text for its CSV reader (three times
    the speed of its conversion of Python lists), unless a value holds the
    separator, a line break or the missing mark: then as lists. Both keep every
    value exactly; which one loaded a chunk does not show."""
    from checker.backends import duckdb as dbmod

    taken = []
    real = dbmod.DuckDBBackend._insert_text
    monkeypatch.setattr(dbmod.DuckDBBackend, "_insert_text",
                        lambda self, *a: taken.append(real(self, *a)) or taken[-1])
    odd = [(10, "unit\x1fsep", "x", 1, None, None, None, None), (11, "mark \x1e", "\x1e", 2, None, None, None, None)]
    for rows, text in ((ROWS[:4] + ROWS[5:], True), (ROWS, False), (ROWS[:4] + odd, False), ([ROWS[2]] * 3, True)):
        backend = dbmod.DuckDBBackend()
        try:
            backend.create_table("t", COLUMNS)
            backend.insert_rows("t", NAMES, rows)
            got = backend.query(f"SELECT {', '.join(q(backend, c) for c in NAMES)} FROM t ORDER BY _row")
        finally:
            backend.close()
        assert taken.pop() is text
        assert_rows_equal(got, sorted(rows))
    with pytest.raises(KeyError):
        dbmod._BOOLEAN["yes"]  # a value no boolean column holds: the list path decides


def _tallies_of(backend) -> dict:
    """One rule's breakdown tallies by two fields (one query of grouping
    sets), counted by ``backend`` on the same few allocations."""
    from checker.engine.sql_tally import Tallies
    from checker.packs.pack import load_pack

    t = Tallies()
    t.schema, t.backend = load_pack("ilacs").schema, backend
    backend.create_table("case_allocations", [("_row", "integer"), ("team", "string"), ("worker_id", "string")])
    backend.insert_rows("case_allocations", ["_row", "team", "worker_id"],
                        [(1, "North", "W1"), (2, "North", "W2"), (3, "South", "W1"), (4, None, "W3"), (5, "South", None)])
    backend.create_table("outcomes_1", [("_row", "integer"), ("outcome", "string")])
    backend.insert_rows("outcomes_1", ["_row", "outcome"],
                        [(1, "pass"), (2, "fail"), (3, "fail"), (4, "not_evidenced"), (5, "not_applicable")])
    return t._tally("outcomes_1", "case_allocations", {"team": ("team",), "worker_id": ("worker_id",)})


@pytest.mark.spark
def test_spark_breakdown_tallies_by_two_fields_are_duckdbs(spark):
    """Spark's GROUPING takes one column and its GROUPING_ID must name every
    grouping column (outcome too): the tally by two fields is counted with
    the bits DuckDB's GROUPING(v0, v1) gives, and the same counts."""
    from checker.backends.duckdb import DuckDBBackend

    duck = DuckDBBackend()
    try:
        want = _tallies_of(duck)
    finally:
        duck.close()
    assert want["team"]["North"] == {"pass": 1, "fail": 1, "not_evidenced": 0}
    assert _tallies_of(spark) == want
