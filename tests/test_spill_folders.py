"""A run's DuckDB spill folder is removed when the run ends, and a folder
left by a run that died (killed, out of memory) is removed by the next run;
a live run's folder is never touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from checker.backends.duckdb import DuckDBBackend


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_dead_runs_folder_is_swept_and_a_live_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / f"casecheck-duckdb-{_dead_pid()}-abc"
    live = tmp_path / f"casecheck-duckdb-{os.getppid()}-def"
    other = tmp_path / "casecheck-duckdb-notapid"
    for d in (dead, live, other):
        d.mkdir()
        (d / "spill.tmp").write_bytes(b"x" * 10)
    backend = DuckDBBackend()
    own = Path(backend._tmp)
    assert own.parent == tmp_path and own.name.startswith(f"casecheck-duckdb-{os.getpid()}-")
    assert not dead.exists()
    assert live.exists() and other.exists()
    backend.close()


def test_sigterm_ends_a_run_and_removes_its_folder(tmp_path):
    script = (
        "import sys, time\n"
        "from checker.cli import _terminate\n"
        "import signal; signal.signal(signal.SIGTERM, _terminate)\n"
        "from checker.backends.duckdb import DuckDBBackend\n"
        "b = DuckDBBackend(); print(b._tmp, flush=True); time.sleep(60)\n"
    )
    env = dict(os.environ, TMPDIR=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    folder = Path(proc.stdout.readline().strip())
    assert folder.exists()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 143
    for _ in range(50):
        if not folder.exists():
            break
        time.sleep(0.1)
    assert not folder.exists()
