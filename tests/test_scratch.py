"""Scratch folders are named by their process, and a new one sweeps away
those of processes no longer running (a killed run cannot clean up), never
a running process's folder nor anything not named as casecheck names them."""

from __future__ import annotations

import os
import subprocess
import sys

from checker import scratch


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_sweep_removes_only_dead_runs_folders(tmp_path):
    dead = _dead_pid()
    (tmp_path / f"casecheck-census-{dead}-abc123").mkdir()
    (tmp_path / f"casecheck-census-{dead}-abc123" / "rows.csv").write_text("child\n1\n")
    (tmp_path / f"casecheck-duckdb-{dead}-x_y").mkdir()
    mine = tmp_path / f"casecheck-csv-{os.getpid()}-zz"
    mine.mkdir()
    parent = tmp_path / f"casecheck-spark-{os.getppid()}-q"  # a live process (pytest's parent)
    parent.mkdir()
    odd = [tmp_path / "casecheck-notes", tmp_path / f"casecheck-{dead}-abc", tmp_path / f"other-duckdb-{dead}-a",
           tmp_path / f"casecheck-du ck-{dead}-a"]
    for p in odd:
        p.mkdir()
    target = tmp_path / "target"
    target.mkdir()
    link = tmp_path / f"casecheck-link-{dead}-a"
    link.symlink_to(target)
    gone = scratch.sweep(str(tmp_path))
    assert gone == [f"casecheck-census-{dead}-abc123", f"casecheck-duckdb-{dead}-x_y"]
    assert mine.is_dir() and parent.is_dir() and target.is_dir() and link.is_symlink()
    assert all(p.is_dir() for p in odd)


def test_folder_is_named_by_the_process_and_removed_after(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with scratch.folder("outcomes") as path:
        name = os.path.basename(path)
        assert name.startswith(f"casecheck-outcomes-{os.getpid()}-")
        open(os.path.join(path, "f"), "w").close()
    assert not os.path.exists(path)


def test_a_kind_is_letters_only():
    import pytest

    with pytest.raises(ValueError):
        scratch.make("../x")
