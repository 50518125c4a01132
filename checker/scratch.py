"""A run's scratch folders in the system's temporary folder, and the sweep of
those that dead runs left behind.

Every scratch folder casecheck makes is named ``casecheck-<kind>-<pid>-<random>``
(the process that made it). A run that is killed, or dies out of memory,
cannot run its finalizers, so its folder stays: staged census rows, a Spark
warehouse, DuckDB's spill (one such folder held 33 GB). Such folders can hold
case data, so each new scratch folder first sweeps away those whose process
is no longer running. A folder of a running process (another run, another
user's process, or a reused process id) is never touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator

PREFIX = "casecheck-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (PermissionError): alive
        return True
    return True


def _owner(name: str) -> int | None:
    """The process id in a scratch folder's name, or None if the name is not
    one this module makes (``casecheck-<kind>-<pid>-<random>``)."""
    if not name.startswith(PREFIX):
        return None
    parts = name[len(PREFIX):].split("-")
    if len(parts) < 3 or not parts[0].isalpha() or not parts[1].isdigit():
        return None
    return int(parts[1])


def sweep(root: str | None = None) -> list[str]:
    """Delete the scratch folders of processes no longer running; the names
    deleted, sorted."""
    root = root or tempfile.gettempdir()
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return []
    gone = []
    for name in names:
        pid = _owner(name)
        if pid is None or pid == os.getpid() or _alive(pid):
            continue
        path = os.path.join(root, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
            gone.append(name)
    return gone


def make(kind: str) -> str:
    """A new scratch folder for ``kind`` (letters only: ``duckdb``, ``csv``,
    ...), after a sweep (one listing of the temporary folder). The caller
    removes it."""
    if not kind.isalpha():
        raise ValueError(f"a scratch folder's kind is letters only, not {kind!r}")
    sweep()
    return tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-{os.getpid()}-")


@contextlib.contextmanager
def folder(kind: str) -> Iterator[str]:
    """A scratch folder for the ``with`` block, removed after it."""
    path = make(kind)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
