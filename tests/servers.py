"""Throwaway database servers for the backend tests (pytest fixtures).

``postgres_dsn`` (session scope) starts a private PostgreSQL server for the
test session and yields its DSN:

- the binaries come from ``CASECHECK_PG_BIN`` (a directory), else ``initdb``
  on the PATH, else the newest ``/usr/lib/postgresql/*/bin`` (Debian's
  ``postgresql`` package, which CI installs: see ``.ci/run``);
- ``initdb`` makes a cluster in a temporary directory (trust authentication,
  UTF-8, no fsync) and ``pg_ctl`` starts it on ``127.0.0.1`` at a free port,
  with its unix socket in the same temporary directory; it is stopped
  (``pg_ctl stop -m immediate``) and the directory removed at the end;
- PostgreSQL refuses to run as root, so when the tests run as root the server
  runs as the ``postgres`` user if there is one, else ``nobody`` (via
  ``runuser``), and the temporary directory is handed to that user;
- ``CASECHECK_POSTGRES_DSN`` names an existing server to use instead (it must
  let the tests create and drop tables).

Tests that use it are marked ``postgres``; they are skipped, with the reason,
only when there are no PostgreSQL binaries. A server that is installed but
fails to start is an error, with the server's log.

``spark_session``/``spark_backend`` (session scope) start one local-mode
Spark (``local[2]``) for the session; tests marked ``spark`` are skipped only
when pyspark or Java is missing.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_HINT = "`apt-get install -y postgresql` (Debian) or set CASECHECK_PG_BIN to a directory holding initdb and pg_ctl"


def postgres_bin_dir() -> Path | None:
    """Where initdb and pg_ctl are, or None when PostgreSQL is not installed."""
    env = os.environ.get("CASECHECK_PG_BIN")
    if env:
        return Path(env)
    initdb = shutil.which("initdb")
    if initdb:
        return Path(os.path.realpath(initdb)).parent

    def version(p: str) -> tuple:
        name = Path(p).parent.name  # /usr/lib/postgresql/<version>/bin
        return tuple(int(x) for x in name.split(".") if x.isdigit())

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_user() -> str | None:
    """The unprivileged user to run the server as when we are root (else None)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and there is neither a 'postgres' nor a 'nobody' user to run PostgreSQL as")


class PostgresServer:
    """A PostgreSQL cluster in a temporary directory, on loopback."""

    def __init__(self, bin_dir: Path, user: str = "casecheck"):
        self.bin_dir = bin_dir
        self.user = user
        self.run_as = _server_user()
        self.root = Path(tempfile.mkdtemp(prefix="casecheck-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self.started = False

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = list(args)
        if self.run_as:
            cmd = ["runuser", "-u", self.run_as, "--", *cmd]
        # cwd: the server user may not be able to read the caller's directory.
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.root,
                              env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})

    def _fail(self, what: str, proc: subprocess.CompletedProcess) -> None:
        log = self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""
        raise RuntimeError(f"{what} failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}\n{log}")

    def start(self) -> str:
        if self.run_as:
            pw = pwd.getpwnam(self.run_as)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        proc = self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", self.user, "-A", "trust",
                         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions")
        if proc.returncode:
            self._fail("initdb", proc)
        # A free port can be taken between choosing it and the server binding
        # it: try a few.
        for _attempt in range(5):
            self.port = free_port()
            opts = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                    "-c max_connections=20 -c shared_buffers=128MB -c max_wal_size=1GB")
            proc = self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                             "-o", opts, "-w", "-t", "60", "start")
            if proc.returncode == 0:
                self.started = True
                return self.dsn
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            if "could not bind" not in log and "Address already in use" not in log:
                break
        self._fail("pg_ctl start", proc)
        raise AssertionError("unreachable")

    @property
    def dsn(self) -> str:
        return f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres"

    @property
    def socket_dsn(self) -> str:
        return f"host={self.root} port={self.port} user={self.user} dbname=postgres"

    def stop(self) -> None:
        try:
            if self.started:
                self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop",
                          timeout=60)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer | None]:
    """The session's PostgreSQL server (None when CASECHECK_POSTGRES_DSN is used)."""
    if os.environ.get("CASECHECK_POSTGRES_DSN"):
        yield None
        return
    bin_dir = postgres_bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        pytest.skip(f"PostgreSQL is not installed (no initdb on the PATH or under /usr/lib/postgresql); {PG_HINT}")
    server = PostgresServer(bin_dir)
    t0 = time.perf_counter()
    try:
        server.start()
        print(f"\nPostgreSQL server ({bin_dir}) started in {time.perf_counter() - t0:.2f} s at {server.dsn}")
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_dsn(postgres_server: PostgresServer | None) -> str:
    """A DSN for a PostgreSQL server the tests may create tables in."""
    return os.environ.get("CASECHECK_POSTGRES_DSN") or postgres_server.dsn  # type: ignore[union-attr]


def spark_missing() -> str | None:
    """Why local Spark cannot run here, or None."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'casecheck[spark]')"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "Java is not installed (Spark needs Java 17+: `apt-get install -y openjdk-17-jre-headless`)"
    return None


@pytest.fixture(scope="session")
def spark_session():
    """One local-mode Spark session for the test session."""
    why = spark_missing()
    if why:
        pytest.skip(why)
    from checker.backends.spark import get_session, stop_session

    t0 = time.perf_counter()
    # A class-data-sharing archive in the repository's .cache/ (ignored by
    # git) makes every session start after the first faster.
    cds = os.environ.get("CASECHECK_SPARK_CDS") or str(Path(__file__).resolve().parent.parent / ".cache" / "spark-cds")
    session = get_session("local[2]", cds_dir=cds)
    print(f"\nSpark {session.version} session started in {time.perf_counter() - t0:.2f} s")
    yield session
    stop_session()
