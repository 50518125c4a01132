"""The process's Spark session for the Spark backend (``spark.py``): a
local JVM started on first use (quiet, small, on loopback; its log in the
session's temporary folder), or a Spark Connect client; stopped at exit, and
ended at once by a signal that stops the run (``abort_session``).

Settings over ``SESSION_CONF`` come from ``CASECHECK_SPARK_CONF`` (``KEY=VALUE``
pairs separated by spaces, e.g. ``spark.driver.memory=6g``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import threading
from pathlib import Path
from typing import Any

from checker import scratch
from checker.backends import BackendError
from checker.backends.common import import_driver

_lock = threading.Lock()
_state: dict[str, Any] = {}  # the process's Spark session: session, master, root (temp folder), log

#: Settings for the shared session: quiet, fast to start, small, local.
SESSION_CONF = {
    "spark.app.name": "casecheck",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "true",
    # the SQL engine's own queries around a rule's (counts, keys, tallies) quote names with `"`
    "spark.sql.ansi.doubleQuotedIdentifiers": "true",
    "spark.sql.timestampType": "TIMESTAMP_NTZ",
    "spark.sql.catalogImplementation": "in-memory",
    "spark.sql.files.maxPartitionBytes": str(32 * 1024 * 1024),
    # a file's split size is max(openCostInBytes, its size / the cores): at
    # Spark's 4 MB a council's 3 MB table was one task on one core
    "spark.sql.files.openCostInBytes": str(1024 * 1024),
    "spark.sql.sources.default": "parquet",
    "spark.sql.parquet.compression.codec": "snappy",
    "spark.driver.memory": "2g",
    "spark.driver.extraJavaOptions": "-Duser.timezone=UTC -XX:+UseParallelGC",
    "spark.executorEnv.TZ": "UTC",
}


def session_root() -> Path | None:
    """The temporary folder of the session this module started (None if none,
    or someone else's): backends keep their working files inside it, so
    ``stop_session`` removes them even if a backend is never closed."""
    return _state.get("root")


def env_conf() -> dict[str, str]:
    """Spark settings from ``CASECHECK_SPARK_CONF`` (``KEY=VALUE`` pairs
    separated by spaces), over the defaults: a local session's memory, say
    (``spark.driver.memory=6g``), which must be set before its JVM starts."""
    out = {}
    for pair in os.environ.get("CASECHECK_SPARK_CONF", "").split():
        key, sep, value = pair.partition("=")
        if not sep or not key.startswith("spark."):
            raise BackendError(f"CASECHECK_SPARK_CONF: `{pair}` is not a Spark setting KEY=VALUE (e.g. spark.driver.memory=6g)")
        out[key] = value
    return out


def _pyspark():
    return import_driver("pyspark", "Spark", "spark")


def _log_tail(path: Path, n: int = 25) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    keep = [ln for ln in lines if ln.strip()][-n:]
    return "\n    ".join(keep)


def _cds_options(cds_dir: str | None, java: str) -> tuple[str, Path | None, Path | None]:
    """JVM options for a class-data-sharing archive of Spark's classes in
    ``cds_dir``: use it when it exists, else record one as the JVM exits (it
    is renamed into place by :func:`stop_session`). Loading Spark's classes
    from the archive cuts the session's start by about a third; the archive
    is about 180 MB. Keyed by pyspark version and the java binary, so an
    upgrade makes a new one."""
    if not cds_dir:
        return "", None, None
    import hashlib

    import pyspark

    real = os.path.realpath(java)
    key = hashlib.sha1(f"{real}:{os.stat(real).st_mtime_ns}".encode()).hexdigest()[:10]
    final = Path(cds_dir) / f"spark-{pyspark.__version__}-{key}.jsa"
    if final.exists():
        return f"-XX:SharedArchiveFile={final}", None, None
    Path(cds_dir).mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f"{final.name}.{os.getpid()}.tmp")
    return f"-XX:ArchiveClassesAtExit={tmp}", tmp, final


def get_session(master: str = "local[2]", conf: dict[str, str] | None = None, cds_dir: str | None = None):
    """The process's SparkSession, started on first use (later calls return
    the same one; the arguments only matter for the first). ``cds_dir`` (or
    ``CASECHECK_SPARK_CDS``) names a folder for a class-data-sharing archive
    that makes later starts faster."""
    with _lock:
        session = _state.get("session")
        if session is not None:
            if session.sparkContext._jsc is not None:  # still running
                return session
            _state.clear()
        _pyspark()
        from pyspark import SparkConf, SparkContext
        from pyspark.java_gateway import launch_gateway
        from pyspark.sql import SparkSession

        if SparkContext._active_spark_context is not None:  # someone else's session: share it
            session = SparkSession.builder.getOrCreate()
            _state.update(session=session, master=session.sparkContext.master, root=None, log=None)
            return session
        java = shutil.which("java", path=os.path.join(os.environ["JAVA_HOME"], "bin")) if os.environ.get(
            "JAVA_HOME") else shutil.which("java")
        if not java:
            raise BackendError("the Spark engine needs Java 17 or later, and there is no `java` on the PATH "
                               "(nor JAVA_HOME); install a JRE, e.g. `apt-get install -y openjdk-17-jre-headless`")
        root = Path(scratch.make("spark"))
        log = root / "spark.log"
        settings = {**SESSION_CONF, "spark.master": master,
                    "spark.sql.warehouse.dir": (root / "warehouse").as_uri(),
                    "spark.local.dir": str(root / "local"),
                    **env_conf(), **(conf or {})}
        cds, cds_tmp, cds_final = _cds_options(cds_dir or os.environ.get("CASECHECK_SPARK_CDS"), java)
        if cds:
            settings["spark.driver.extraJavaOptions"] = f"{settings.get('spark.driver.extraJavaOptions', '')} {cds}"
        spark_conf = SparkConf(loadDefaults=False).setAll(list(settings.items()))
        # Keep the JVM on loopback and quiet: its stdout and stderr (Spark's
        # log4j output, JVM warnings) go to the log file.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        try:
            with open(log, "ab") as out:
                gateway = launch_gateway(spark_conf, popen_kwargs={"stdout": out, "stderr": out})
            sc = SparkContext(conf=spark_conf, gateway=gateway)
            sc.setLogLevel("ERROR")
            session = SparkSession(sc)
        except Exception as e:  # noqa: BLE001 - pyspark raises many kinds; all mean "Spark did not start"
            tail = _log_tail(log)
            shutil.rmtree(root, ignore_errors=True)
            raise BackendError(f"Spark did not start ({type(e).__name__}: {str(e).strip()[:500]})"
                               + (f"\n  Spark's log ends:\n    {tail}" if tail else "")) from None
        _quiet_python_loggers()
        _state.update(session=session, master=master, root=root, log=log, cds=(cds_tmp, cds_final))
        return session


def _reachable(url: str, timeout: float = 10.0) -> None:
    """BackendError unless something listens at the Connect URL's host and port:
    pyspark's client retries a closed port for many minutes before it gives up."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(url.split(";")[0].split("/;")[0])
    try:
        host, port = where.hostname or "localhost", where.port or 15002
    except ValueError as e:  # a port that is not a number
        raise BackendError(f"--dsn {url.split(';')[0]} is not a Spark Connect URL (sc://host:port): {e}") from None
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as e:
        raise BackendError(f"could not reach the Spark Connect server at sc://{host}:{port}: {e.strerror or e}; "
                           "is it running (sbin/start-connect-server.sh), and is the port right?") from None


def connect_session(url: str, conf: dict[str, str] | None = None):
    """A new session on the Spark Connect server at ``url`` (``sc://host:port``,
    with Databricks Connect's ``/;token=...`` parameters if given), with the
    SQL settings casecheck's queries assume. The server's own settings
    (master, memory) are its owner's. Needs pyspark's Connect client
    (``pip install 'casecheck[spark-connect]'``: grpcio, pyarrow, pandas)."""
    _pyspark()
    try:
        import grpc  # noqa: F401
        import pyarrow  # noqa: F401
        import pyspark.sql.connect.session  # noqa: F401 - the client itself
        from pyspark.sql import SparkSession
    except ImportError as e:
        raise BackendError(f"--dsn {url.split(';')[0]} needs pyspark's Spark Connect client, which is not installed ({e}); "
                           "install it with: pip install 'casecheck[spark-connect]'") from None
    _reachable(url)
    try:
        # (pyspark's functions then speak Connect in this whole process: one
        # process uses one kind of Spark session)
        session = SparkSession.builder.remote(url).create()
        settings = {k: v for k, v in {**SESSION_CONF, **(conf or {})}.items() if k.startswith("spark.sql.")
                    and k not in ("spark.sql.catalogImplementation",)}
        for key, value in settings.items():
            try:
                session.conf.set(key, value)
            except Exception:  # noqa: BLE001 - a setting the server fixes (its owner's choice)
                pass
        session.sql("SELECT 1").collect()  # reach the server now, not at the first rule
    except BackendError:
        raise
    except Exception as e:  # noqa: BLE001 - grpc and pyspark raise many kinds; all mean "not reached"
        raise BackendError(f"could not use the Spark Connect server at {url.split(';')[0]}: {spark_message(e)}") from None
    _quiet_python_loggers()
    return session


def _quiet_python_loggers() -> None:
    """pyspark 4 logs every failed query to stderr as JSON (with the JVM
    stack trace) before raising it; the backend turns the exception into a
    message, so the log is noise."""
    try:
        from pyspark.logger import PySparkLogger
    except ImportError:  # pyspark 3.5
        return
    for name in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
        PySparkLogger.getLogger(name).disabled = True


#: Seconds ``stop_session`` lets Spark stop its context before ending the JVM.
STOP_WAIT = 20.0


def _stop_quietly(session) -> None:
    try:
        session.stop()
    except Exception:  # noqa: BLE001 - best effort at exit
        pass


def _jvm_process():
    """The JVM's process (a ``Popen``) if this process launched it, else None."""
    try:
        from pyspark import SparkContext

        gw = SparkContext._gateway
        return getattr(gw, "proc", None) if gw is not None else None
    except Exception:  # noqa: BLE001 - pyspark half-imported: no JVM of ours
        return None


def _end_jvm(proc, grace: float = 5.0) -> None:
    """SIGTERM to the JVM (its shutdown hooks remove its files), SIGKILL after ``grace`` seconds."""
    import subprocess

    if proc is None or proc.poll() is not None:
        return
    try:
        proc.terminate()
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=grace)
    except OSError:
        pass


def stop_session() -> None:
    """Stop the process's Spark session (if this module started it) and remove
    its temporary folder."""
    with _lock:
        session, root = _state.get("session"), _state.get("root")
        cds_tmp, cds_final = _state.get("cds") or (None, None)
        _state.clear()
    exited = False
    if session is not None and root is not None:
        # Stopping the context waits for running tasks, which a run ended
        # mid-job (Ctrl-C, an error) may leave for minutes: past STOP_WAIT
        # seconds the JVM is ended instead.
        stopper = threading.Thread(target=_stop_quietly, args=(session,), daemon=True)
        stopper.start()
        stopper.join(STOP_WAIT)
        if stopper.is_alive():
            _end_jvm(_jvm_process())
            session = None
    if session is not None and root is not None:
        try:
            from pyspark import SparkContext

            gw = SparkContext._gateway
            if gw is not None:
                gw.shutdown()
                proc = getattr(gw, "proc", None)
                if proc is not None:
                    proc.stdin.close()
                    proc.wait(timeout=120)  # the JVM writes its class archive as it exits
                    exited = True
            SparkContext._gateway = None
            SparkContext._jvm = None
        except Exception:  # noqa: BLE001
            pass
    if cds_tmp is not None:
        try:
            if exited and cds_final is not None and cds_tmp.exists() and cds_tmp.stat().st_size > 0:
                os.replace(cds_tmp, cds_final)
            else:
                cds_tmp.unlink(missing_ok=True)
        except OSError:
            pass
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


atexit.register(stop_session)


def abort_session(grace: float = 5.0) -> None:
    """End the JVM this module started, now, without waiting for its jobs: for
    a signal that stops the run (the CLI's SIGTERM handler). The session's
    folder is then removed by ``stop_session`` at exit, which finds no session
    left to stop."""
    with _lock:
        if _state.get("root") is None:  # no session, or one this module did not start
            return
        _state.pop("session", None)
        cds_tmp, _final = _state.pop("cds", None) or (None, None)
    _end_jvm(_jvm_process(), grace)
    if cds_tmp is not None:  # a class archive the JVM was to write at a clean exit
        cds_tmp.unlink(missing_ok=True)



def spark_message(e: Exception) -> str:
    """A Spark error as one or two lines: the error class and message, no JVM
    stack trace."""
    text = getattr(e, "getMessage", None)
    msg = text() if callable(text) else str(e)
    lines = [ln.strip() for ln in str(msg).splitlines() if ln.strip() and not ln.lstrip().startswith("at ")]
    keep = []
    for ln in lines:
        if ln.startswith(("JVM stacktrace:", "== SQL", "Caused by")):
            break
        keep.append(ln)
    return " ".join(keep)[:600] or type(e).__name__
