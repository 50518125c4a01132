"""PostgreSQL as a shared database: each run in a schema of its own, nothing
else read, changed or left behind, concurrent runs isolated (issue 18)."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli

ROOT = Path(__file__).resolve().parent.parent
AS_AT = "2025-03-31"


def _council(tmp_path: Path, children: int, seed: int) -> Path:
    out = tmp_path / f"council{seed}"
    result = CliRunner().invoke(cli, ["generate", "--children", str(children), "--seed", str(seed),
                                      "--profile", "inadequate", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _counts(doc: dict) -> dict:
    return {r["id"]: r["counts"] for r in doc["rules"]}


def _run(data: Path, *extra: str) -> dict:
    import datetime as dt

    from checker.api import run_pack

    kwargs = {}
    if extra:
        kwargs = dict(engine="postgres", dsn=extra[0])
        if len(extra) > 1:
            kwargs["pg_schema"] = extra[1]
    return run_pack("ilacs", str(data), dt.date(2025, 3, 31), skip_unavailable=True, **kwargs).document


def _schemas(dsn: str) -> set[str]:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        return {r[0] for r in conn.execute("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' "
                                           "AND nspname <> 'information_schema'")}


def _tables(dsn: str) -> set[tuple[str, str]]:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        return {(r[0], r[1]) for r in conn.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")}


@pytest.mark.postgres
def test_a_planted_public_children_table_is_untouched_and_nothing_is_left(postgres_dsn, tmp_path):
    import psycopg

    with psycopg.connect(postgres_dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS public.children")
        conn.execute("CREATE TABLE public.children (child_id text, note text)")
        conn.execute("INSERT INTO public.children VALUES ('MINE-1', 'not casecheck''s'), ('MINE-2', 'keep')")
    before_schemas, before_tables = _schemas(postgres_dsn), _tables(postgres_dsn)
    try:
        data = _council(tmp_path, 120, 3)
        got = _run(data, postgres_dsn)
        assert _counts(got) == _counts(_run(data))  # the same counts as embedded DuckDB
        with psycopg.connect(postgres_dsn, autocommit=True) as conn:
            rows = conn.execute("SELECT child_id, note FROM public.children ORDER BY 1").fetchall()
            cols = [r[0] for r in conn.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                                                "'public' AND table_name = 'children' ORDER BY ordinal_position")]
        assert rows == [("MINE-1", "not casecheck's"), ("MINE-2", "keep")]
        assert cols == ["child_id", "note"]
        # no schema and no table left behind
        assert _schemas(postgres_dsn) == before_schemas
        assert _tables(postgres_dsn) == before_tables
    finally:
        with psycopg.connect(postgres_dsn, autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS public.children")


@pytest.mark.postgres
def test_two_concurrent_runs_on_one_database_give_their_own_counts(postgres_dsn, tmp_path):
    small, large = _council(tmp_path, 80, 11), _council(tmp_path, 200, 12)
    want = {"small": _counts(_run(small)), "large": _counts(_run(large))}
    got: dict[str, dict] = {}
    errors: list[BaseException] = []

    def one(name, data):
        try:
            got[name] = _counts(_run(data, postgres_dsn))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(n, d)) for n, d in (("small", small), ("large", large))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert errors == []
    assert got == want
    assert not any(s.startswith("casecheck_") for s in _schemas(postgres_dsn))


@pytest.mark.postgres
def test_pg_schema_is_used_and_dropped_and_a_busy_schema_is_refused(postgres_dsn, tmp_path):
    import psycopg

    data = _council(tmp_path, 60, 5)
    args = ["run", "ilacs", "--data", str(data), "--as-at", AS_AT, "--format", "json", "--skip-unavailable",
            "--engine", "postgres", "--dsn", postgres_dsn]
    ok = CliRunner().invoke(cli, args + ["--pg-schema", "audit_run_1"])
    assert ok.exit_code in (0, 1), ok.output
    json.loads(ok.stdout)
    assert "audit_run_1" not in _schemas(postgres_dsn)
    kept = CliRunner().invoke(cli, args + ["--pg-schema", "audit_run_2", "--pg-keep"])
    assert kept.exit_code in (0, 1), kept.output
    try:
        assert ("audit_run_2", "children") in _tables(postgres_dsn)
        # a schema holding anything is not casecheck's to use
        busy = CliRunner().invoke(cli, args + ["--pg-schema", "audit_run_2"])
        assert busy.exit_code == 2
        assert "schema audit_run_2 exists and holds" in busy.output
        assert ("audit_run_2", "children") in _tables(postgres_dsn)
        bad = CliRunner().invoke(cli, args + ["--pg-schema", "x; DROP TABLE y"])
        assert bad.exit_code == 2 and "not a plain schema name" in bad.output
    finally:
        with psycopg.connect(postgres_dsn, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS audit_run_2 CASCADE")


def _statements(text: str) -> list[str]:
    out = []
    for chunk in text.split(";\n"):
        lines = [ln for ln in chunk.splitlines() if not ln.startswith("--")]
        stmt = "\n".join(lines).strip()
        if stmt:
            out.append(stmt)
    return out


@pytest.mark.postgres
def test_the_printed_postgres_script_runs_twice_with_its_indexes_and_the_engines_counts(postgres_dsn, tmp_path):
    """An analyst's session: the council's tables in their schema, the
    printed script run as printed, twice (it must not fail on a re-run), with
    no function created; each rule's counts are the engine's."""
    import datetime as dt

    import psycopg

    from checker.backends.postgres import PostgresBackend
    from checker.data.load import load_data
    from checker.engine.sql import SqlEngine
    from checker.model import Context
    from checker.packs.pack import load_pack

    data = _council(tmp_path, 100, 9)
    pack = load_pack("ilacs")
    as_at = dt.date(2025, 3, 31)
    loaded = load_data(data, pack.schema, as_at=as_at)
    ctx = Context(loaded.dataset, pack.calendar, as_at, pack.params)
    engine = SqlEngine(pack.schema, ctx, PostgresBackend(postgres_dsn, schema="analyst_space", keep=True))
    try:
        want = {r.id: {k: v for k, v in engine.judge_all(r).counts.items() if v} for r in pack.rules}
        fell_back = set(engine.fallbacks)
    finally:
        engine.close()
    text = CliRunner().invoke(cli, ["sql", "ilacs", "--as-at", AS_AT, "--dialect", "postgres"]).stdout
    assert "CREATE FUNCTION" not in text and "CREATE OR REPLACE FUNCTION" not in text
    assert "CREATE INDEX IF NOT EXISTS" in text
    rule_ids = re.findall(r"^-- ([A-Z0-9-]+): ", text, flags=re.M)
    try:
        with psycopg.connect(postgres_dsn, autocommit=True) as conn:
            conn.execute("SET search_path TO analyst_space")
            for attempt in range(2):
                got, k = {}, 0
                for stmt in _statements(text):
                    rows = conn.execute(stmt).fetchall() if stmt.startswith("SELECT") else conn.execute(stmt)
                    if stmt.startswith("SELECT"):
                        counts: dict[str, int] = {}
                        for r in rows:
                            counts[r[1]] = counts.get(r[1], 0) + 1
                        got[rule_ids[k]] = counts
                        k += 1
                assert k == len(pack.rules)
                assert {r: c for r, c in got.items() if r not in fell_back} == \
                       {r: c for r, c in want.items() if r not in fell_back}, attempt
    finally:
        with psycopg.connect(postgres_dsn, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS analyst_space CASCADE")
