"""The printed scripts (`casecheck sql`) run as printed: here Spark's
calendar (typed DATE literals; text into DATE fails in Spark) and a re-run
of the whole setup (issue 18). PostgreSQL's script: tests/test_pg_shared.py."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from checker.cli import cli


def _setup_statements(dialect: str) -> list[str]:
    r = CliRunner().invoke(cli, ["sql", "ilacs", "--as-at", "2025-03-31", "--dialect", dialect, "--rules", "CP-VISIT-10WD"])
    assert r.exit_code == 0, r.output
    out = []
    for chunk in r.stdout.split(";\n"):
        stmt = "\n".join(ln for ln in chunk.splitlines() if not ln.startswith("--")).strip()
        if stmt.startswith(("DROP", "CREATE", "INSERT")):
            out.append(stmt)
    return out


def test_every_dialect_drops_the_calendar_before_making_it():
    for dialect in ("duckdb", "postgres", "tsql", "spark"):
        stmts = _setup_statements(dialect)
        assert stmts[0] == "DROP TABLE IF EXISTS cc_calendar", dialect
        assert stmts[1].startswith("CREATE TABLE cc_calendar"), dialect


def test_the_duckdb_setup_runs_twice():
    import duckdb

    con = duckdb.connect()
    for _ in range(2):
        for stmt in _setup_statements("duckdb"):
            con.execute(stmt)
    assert con.execute("SELECT count(*), count(DISTINCT d) FROM cc_calendar").fetchone()[0] > 3000


@pytest.mark.slow  # ~30 s idle: a Spark job per calendar insert
@pytest.mark.spark
def test_the_spark_calendar_runs_as_printed(spark_session):
    from checker.backends.spark import SparkBackend

    backend = SparkBackend()
    try:
        for _ in range(2):
            for stmt in _setup_statements("spark"):
                backend.execute(stmt)
        n, first = backend.query("SELECT count(*), min(d) FROM cc_calendar")[0]
        assert n > 3000 and str(first).endswith("-01-01")
    finally:
        backend.close()
