"""The Spark engine reads the data itself (issue 18, item 4): a CSV or Parquet
folder, or catalogue tables, typed and judged in Spark SQL with the Python
loader's accounts, rejections and integrity issues, the rows never passing
through the driver's Python; the printed Spark SQL runs as printed; Spark
Connect (``--dsn sc://...``); and the whole of ``ilacs`` and ``dfe-cin``
judged on Spark as on the reference evaluator.

Every test here starts Spark jobs (seconds each on two cores): all are
marked ``spark``, the long ones ``slow``. The standalone cluster whose worker
cannot see the driver's files is ``bench/spark_cluster.sh`` (it needs root
for a mount namespace)."""

from __future__ import annotations

import csv
import datetime as _dt
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.data.load import load_data
from checker.packs.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent
AS_AT = _dt.date(2025, 3, 31)
RULES = ["CONTACT-DECISION-1WD", "ASSESS-45WD", "CP-VISIT-10WD", "CASELOAD-LIMIT"]

pytestmark = pytest.mark.spark


def _generate(out: Path, fmt: str, children: int = 60) -> Path:
    r = CliRunner().invoke(cli, ["generate", "--children", str(children), "--seed", "7", "--profile", "inadequate",
                                 "--format", fmt, "--out", str(out), "-q"])
    assert r.exit_code == 0, r.output
    return out


def _plant(folder: Path) -> None:
    """Every kind of rejection, a blank line and a time after a date."""
    path = folder / "assessments.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    h = rows[0]
    rows[3][h.index("start_date")] = "not a date"
    rows[4][h.index("start_date")] = "31/02/2024"
    rows[5][h.index("start_date")] = "  05/03/2024 10:00"
    rows.append(list(rows[6]))  # a duplicate key
    rows[7] = rows[7][:-1]  # a cell short
    rows[8][h.index("child_seen")] = "perhaps"
    rows[9][h.index("assessment_id")] = " "  # a blank required key
    rows.insert(10, [""] * len(h))  # a line of blank cells: no row
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
        f.write("\n")


@pytest.fixture(scope="module")
def councils(tmp_path_factory):
    base = tmp_path_factory.mktemp("spark-data")
    folder = _generate(base / "csv", "csv")
    _plant(folder)
    return {"csv": folder, "parquet": _generate(base / "parquet", "parquet")}


@pytest.fixture
def spark_backend(spark_session):
    from checker.backends.spark import SparkBackend

    b = SparkBackend()
    yield b
    b.close()


def _rows_in_spark(backend, schema) -> dict:
    out = {}
    for name, table in schema.tables.items():
        fields = list(table.fields)
        got = backend.query(f"SELECT _key, {', '.join(f'`{f}`' for f in fields)}, _line, _row FROM `{name}` ORDER BY _row")
        assert [r[-1] for r in got] == list(range(1, len(got) + 1)), name  # _row numbers the records in key order
        out[name] = [(r[0], dict(zip(fields, r[1:-2])), r[-2]) for r in got]
    return out


def _same_load(got, want) -> None:
    """A LoadResult equal to the Python loader's in all it reports."""
    acc = lambda res: {n: (a.read, a.loaded, dict(a.rejected), sorted(a.ignored_columns), a.fields) for n, a in res.accounts.items()}  # noqa: E731
    assert acc(got) == acc(want)
    strip = lambda res: [(r.table, r.row, r.column, r.value, r.reason, r.message) for r in res.rejections]  # noqa: E731
    assert strip(got) == strip(want)
    assert [(i.check, i.table, i.row, i.key, i.column, i.value, i.message) for i in got.integrity] == \
        [(i.check, i.table, i.row, i.key, i.column, i.value, i.message) for i in want.integrity]
    assert [d.message for d in got.diagnostics.items] == [d.message for d in want.diagnostics.items]
    assert got.missing_tables == want.missing_tables


@pytest.mark.slow  # minutes of Spark jobs on two cores
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_spark_reads_a_folder_as_the_python_loader_does(fmt, councils, spark_backend):
    from checker.data.readers.spark_read import load_into_spark

    schema = load_pack("ilacs").schema
    folder = councils[fmt]
    got = load_into_spark(spark_backend, schema, str(folder), None, AS_AT)
    assert got is not None and got.in_database and not got.dataset.built
    want = load_data(folder, schema, as_at=AS_AT)
    # file names: Spark's are absolute
    for res in (got, want):
        res.rejections = [r.__class__(r.table, Path(r.file).name, *[getattr(r, f) for f in ("row", "column", "value", "reason", "message")])
                          for r in res.rejections]
        res.integrity = [i.__class__(i.check, i.table, Path(i.file).name, *[getattr(i, f) for f in ("row", "key", "column", "value", "message")])
                         for i in res.integrity]
    _same_load(got, want)
    if fmt == "csv":
        reasons = {r.reason for r in got.rejections}
        assert reasons == {"bad value", "duplicate key", "wrong number of cells", "missing required value"}, reasons
        assert any("not a real date" in r.message for r in got.rejections)
    # the records: each Spark row as the loader's (key, typed values, line), in key order
    rows = _rows_in_spark(spark_backend, schema)
    for name, records in want.dataset.tables.items():
        assert rows[name] == [(r.key, r.values, r.line) for r in records], name
    assert not got.dataset.built  # nothing above made Python records from Spark's rows


@pytest.mark.slow  # minutes of Spark jobs on two cores
def test_catalogue_tables_read_as_the_parquet_folder(councils, spark_backend, spark_session):
    from checker.data.readers.spark_read import load_into_spark

    schema = load_pack("ilacs").schema
    spark_session.sql("CREATE DATABASE IF NOT EXISTS casecheck_test_catalogue")
    try:
        for name in schema.tables:
            df = spark_session.read.parquet(str(councils["parquet"] / f"{name}.parquet"))
            df.write.mode("overwrite").saveAsTable(f"casecheck_test_catalogue.cc_{name}")
        got = load_into_spark(spark_backend, schema, "spark-table:casecheck_test_catalogue.cc_", None, AS_AT)
        assert got is not None and got.format == "spark-table"
        want = load_data(councils["parquet"], schema, as_at=AS_AT)
        assert got.counts() == want.counts()
        rows = _rows_in_spark(spark_backend, schema)
        for name, records in want.dataset.tables.items():  # lines aside: a table has none
            assert [(k, v) for k, v, _ in rows[name]] == [(r.key, r.values) for r in records], name
    finally:
        spark_session.sql("DROP DATABASE IF EXISTS casecheck_test_catalogue CASCADE")


def _but_engine(doc: dict, engine: str) -> dict:
    e = doc.pop("engine")
    assert e["name"] == engine
    return doc


@pytest.mark.slow
def test_run_on_spark_gives_the_reference_result_without_python_records(councils, spark_session, monkeypatch):
    """`run --engine spark` on a CSV folder with rejections: the JSON result
    (every case, every reason, the rejected rows) equals the reference
    engine's; a report of counts never makes a Python record."""
    from checker.api import run_pack
    from checker.data.readers import spark_read
    from checker.report.jsonout import dumps

    docs = {e: _but_engine(run_pack("ilacs", councils["csv"], AS_AT, engine=e, rules=RULES).document, e)
            for e in ("reference", "spark")}
    text = dumps(docs["spark"])
    assert text == dumps(docs["reference"])
    assert '"rejected": {' in text and "duplicate key" in text and "not a real date" in text

    def no_rows(self):
        raise AssertionError("Python records were made")

    monkeypatch.setattr(spark_read.SparkDataset, "tables", property(no_rows))
    run = run_pack("ilacs", councils["parquet"], AS_AT, engine="spark", rules=RULES, listed=())
    # the result says where it ran: the engine, its dialect and version, and no fallback
    assert run.document["engine"]["name"] == "spark" and run.document["engine"]["dialect"] == "spark"
    assert run.document["engine"]["versions"]["spark"]  # the Spark version that ran the rules
    assert run.document["engine"]["fallbacks"] == []
    assert sum(r["counts"]["pass"] for r in run.document["rules"]) > 0


# --- the printed Spark SQL ---------------------------------------------------------------


@pytest.mark.slow
def test_the_printed_spark_sql_runs_as_printed_with_duckdbs_counts(councils, spark_backend):
    """`casecheck sql ilacs --dialect spark`, run statement by statement in
    local Spark over the council's tables, gives each rule DuckDB's counts.
    Every rule runs as printed (the compiler writes no shape Spark cannot
    resolve)."""
    from checker.api import run_pack
    from checker.data.readers.spark_read import load_into_spark

    schema = load_pack("ilacs").schema
    assert load_into_spark(spark_backend, schema, str(councils["parquet"]), None, AS_AT) is not None
    r = CliRunner().invoke(cli, ["sql", "ilacs", "--as-at", AS_AT.isoformat(), "--dialect", "spark"])
    assert r.exit_code == 0, r.output
    text = r.stdout
    setup = text[:re.search(r"^-- [A-Z0-9-]+: ", text, flags=re.M).start()]
    for stmt in setup.split(";\n"):
        stmt = "\n".join(ln for ln in stmt.splitlines() if not ln.startswith("--")).strip()
        if stmt:
            spark_backend.execute(stmt)
    queries = re.findall(r"^-- ([A-Z0-9-]+): .*\n(SELECT[\s\S]*?);\n", text, flags=re.M)
    assert len(queries) >= 45
    doc = run_pack("ilacs", councils["parquet"], AS_AT, engine="duckdb", listed=()).document
    want = {rule["id"]: {k: v for k, v in rule["counts"].items() if k in ("pass", "fail", "not_evidenced", "not_applicable") and v}
            for rule in doc["rules"]}
    failed = []
    for rule_id, sql in queries:
        try:
            got = dict(spark_backend.query(f"SELECT outcome, count(*) FROM ({sql}) AS q GROUP BY outcome"))
        except Exception as exc:  # noqa: BLE001 - BackendError: listed below, with Spark's first line
            failed.append(f"{rule_id}: {(str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]}")
            continue
        if rule_id in want:
            assert got == want[rule_id], rule_id
    assert failed == [], "\n".join(failed)


# --- the whole packs, engine against reference -------------------------------------------


def _disagreements(pack, ctx, engine) -> list[str]:
    from checker.engine.outcomes import judge_all

    out = []
    for rule in pack.rules:
        want, got = judge_all(rule, ctx), list(engine.judge_all(rule))
        if want != got:
            first = next(((a, b) for a, b in zip(want, got) if a != b), (len(want), len(got)))
            out.append(f"{rule.id}: reference {first[0]} / spark {first[1]}")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("pack_ref, fmt", [("ilacs", "parquet"), ("dfe-cin", "cin-xml")])
def test_spark_agrees_with_the_reference_on_the_whole_pack(pack_ref, fmt, tmp_path, spark_session):
    """Every rule of ilacs (data read by Spark itself) and of dfe-cin (a
    census XML, which Python reads: the rows are loaded into Spark) gives
    every record the reference evaluator's outcome and reason on Spark,
    every rule compiled for Spark."""
    from checker.api import read_data
    from checker.backends.spark import SparkBackend
    from checker.engine.sql import SqlEngine
    from checker.model import Context

    pack = load_pack(pack_ref)
    data = _generate(tmp_path / f"data.{fmt}", fmt, children=40)
    backend = SparkBackend()
    try:
        loaded = read_data(pack.schema, str(data), None, AS_AT, spark=backend)
        ctx = Context(loaded.dataset, pack.calendar, AS_AT, pack.params)
        engine = SqlEngine(pack.schema, ctx, backend, preloaded=loaded.in_database)
        assert _disagreements(pack, ctx, engine) == []
        # every rule compiled for Spark and run there: no rule falls back
        # (neither pack reads a value its format here does not carry)
        assert engine.fallbacks == {}
        assert loaded.in_database == (fmt == "parquet")
    finally:
        backend.close()


# --- Spark Connect -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def spark_connect_url(tmp_path_factory):
    """A Spark Connect server: CASECHECK_SPARK_CONNECT if set, else one
    started from pyspark's own sbin/start-connect-server.sh (local[2]) and
    stopped after the module's tests."""
    url = os.environ.get("CASECHECK_SPARK_CONNECT")
    if url:
        yield url
        return
    try:
        import grpc  # noqa: F401
        import pyarrow  # noqa: F401
        import pyspark
    except ImportError as e:
        pytest.skip(f"pyspark's Spark Connect client is not installed ({e}): pip install 'casecheck[spark-connect]'")
    home = Path(pyspark.__file__).parent
    start = home / "sbin" / "start-connect-server.sh"
    if not start.exists() or not shutil.which("java"):
        pytest.skip("pyspark has no start-connect-server.sh here, or there is no Java")
    logs = tmp_path_factory.mktemp("connect")
    port = _free_port()
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOG_DIR": str(logs), "SPARK_PID_DIR": str(logs),
           "SPARK_LOCAL_IP": "127.0.0.1", "SPARK_IDENT_STRING": f"casecheck{port}"}
    subprocess.run([str(start), "--master", "local[2]", "--conf", f"spark.connect.grpc.binding.port={port}",
                    "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=4",
                    "--conf", "spark.driver.memory=1g"], env=env, check=True, capture_output=True, timeout=120)
    try:
        for _ in range(180):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(1)
        else:
            pytest.fail("the Spark Connect server did not listen: " + "".join(p.read_text()[-2000:] for p in logs.glob("*.out")))
        yield f"sc://127.0.0.1:{port}"
    finally:
        subprocess.run([str(home / "sbin" / "stop-connect-server.sh")], env=env, capture_output=True, timeout=120)


@pytest.mark.slow
def test_run_through_spark_connect_gives_duckdbs_result(councils, spark_connect_url):
    """`--dsn sc://host:port`: the CSV folder is read by the server's Spark
    and the JSON result (rejections included) equals DuckDB's. (A process of
    its own: pyspark's functions speak Connect in a process once it has a
    Connect session.)"""
    args = [sys.executable, "-m", "checker.cli", "run", "ilacs", "--data", str(councils["csv"]), "--as-at", AS_AT.isoformat(),
            "--format", "json", "--fail-on", "none", "--rules", ",".join(RULES)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    spark = subprocess.run(args + ["--engine", "spark", "--dsn", spark_connect_url], capture_output=True, text=True,
                           env=env, timeout=900)
    assert spark.returncode == 0, spark.stderr[-3000:]
    duck = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    got, want = json.loads(spark.stdout), json.loads(duck.stdout)
    e = got.pop("engine")
    assert e["name"] == "spark" and e["fallbacks"] == [] and e["versions"]["spark"][0].isdigit()
    want.pop("engine")
    assert got == want


def test_a_connect_url_nobody_listens_on_is_a_message(tmp_path):
    """No traceback: the engine says it could not reach the server."""
    pytest.importorskip("grpc")
    port = _free_port()
    r = subprocess.run([sys.executable, "-m", "checker.cli", "run", "ilacs", "--data", str(_generate(tmp_path / "c", "csv", 5)),
                        "--as-at", AS_AT.isoformat(), "--engine", "spark", "--dsn", f"sc://127.0.0.1:{port}"],
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert r.returncode == 2, r.stderr[-2000:]
    assert "Spark Connect server at sc://127.0.0.1" in r.stderr and "Traceback" not in r.stderr


# --- a run stopped by SIGTERM --------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow  # a Spark session's start and stop
def test_sigterm_to_the_driver_stops_the_spark_jvm(tmp_path):
    """SIGTERM (a timeout, a scheduler) ends casecheck as an exit (143), and
    the exit stops the Spark JVM it started, even while a Spark job runs:
    no JVM is left holding memory on the machine."""
    script = (
        "import sys\n"
        "from checker.cli import _terminate\n"
        "import signal; signal.signal(signal.SIGTERM, _terminate)\n"
        "from pyspark import SparkContext\n"
        "from checker.backends.spark import get_session\n"
        "spark = get_session('local[1]')\n"
        "print(SparkContext._gateway.proc.pid, flush=True)\n"
        "spark.range(10 ** 13).selectExpr('sum(id * id % 7)').collect()  # minutes of work: stopped by the signal\n"
    )
    env = dict(os.environ, TMPDIR=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    jvm = None
    try:
        jvm = int(proc.stdout.readline().strip())
        assert _alive(jvm)
        time.sleep(5)  # the job under way
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=240) == 143
        for _ in range(600):
            if not _alive(jvm):
                break
            time.sleep(0.2)
        assert not _alive(jvm), f"the Spark JVM (pid {jvm}) outlived the driver"
        assert not list(tmp_path.glob("casecheck-spark-*")), "the session's temporary folder was left"
    finally:
        if proc.poll() is None:
            proc.kill()
        if jvm is not None and _alive(jvm):
            os.kill(jvm, signal.SIGKILL)  # never left running by the test itself
