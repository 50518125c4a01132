"""Writes and the history (issue 19, items 5, 7 and 8 of the battery), and the top-level
guard: outputs go through symbolic links to their targets, never onto a device (standard
output is `-`); a missing folder or a full disk is a clean exit 2 with no temporary file
left; `convert` writes a temporary folder and renames it; a run is recorded in the history
only after every output is written; `history --check` checks each run against its id; any
unexpected exception is "internal error: please report", exit 2, never a traceback.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import hostile_fuzz as H
import pytest
from click.testing import CliRunner

from checker.cli import cli

PACK = str(H.ROOT / "examples" / "pack")


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _report(seed_data, *extra):
    return _run("run", PACK, "--data", seed_data["csv"], "--as-at", H.AS_AT_TEXT, "--skip-unavailable", *extra)


def test_out_through_a_symlink_writes_its_target(seed_data, tmp_path):
    """Found by the battery: `--out link.json` replaced the link with a file."""
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    res = _report(seed_data, "--format", "json", "--out", link)
    assert res.exit_code in (0, 1), res.stderr
    assert link.is_symlink() and target.read_text().startswith("{")


def test_a_device_as_out_is_refused_and_dash_is_standard_output(seed_data, tmp_path):
    """Found by the battery: `--out /dev/stdout` replaced the device node (as root)."""
    res = _report(seed_data, "--format", "json", "--out", "/dev/null", "--rejects", tmp_path / "r.csv")
    assert res.exit_code == 2 and "not a regular file" in res.stderr
    assert Path("/dev/null").exists() and not Path("/dev/null").is_file()
    res = _report(seed_data, "--format", "json", "--out", "-", "--rejects", tmp_path / "r.csv")
    assert res.exit_code in (0, 1) and res.stdout.startswith("{")


@pytest.mark.parametrize("opt", ["--out", "--rejects"])
def test_a_missing_folder_is_a_clean_error(seed_data, tmp_path, opt):
    """Found by the battery: a traceback, exit 1."""
    res = _report(seed_data, "--format", "json", opt, tmp_path / "no" / "such" / "x.json")
    assert res.exit_code == 2 and "does not exist" in res.stderr and "Traceback" not in res.stderr


def test_disk_full_is_a_clean_error_and_leaves_no_temporary_file(seed_data, tmp_path):
    """Found by the battery: disk full while writing --out: a traceback and a .tmp left behind.
    /dev/full fails every write with ENOSPC; a folder where the temporary file lands on it
    is simulated by making the write fail."""
    from checker.report import sink

    real_write = os.write

    def full(fd, data):
        raise OSError(28, "No space left on device")

    os.write = full
    try:
        res = _report(seed_data, "--format", "json", "--out", tmp_path / "r.json", "--rejects", tmp_path / "rj.csv")
    finally:
        os.write = real_write
    assert res.exit_code == 2 and "No space left" in res.stderr
    assert not list(tmp_path.glob(".*tmp")) and not (tmp_path / "r.json").exists()
    assert sink.write_output  # the one writer


def test_convert_writes_a_temporary_folder_and_renames_it(seed_data, tmp_path, monkeypatch):
    """Found by the battery: a killed convert left a short folder `run --skip-unavailable` accepted."""
    from checker.data.readers import native

    calls = []
    real = native.write_csv_folder

    def dies(tables, schema, folder):
        calls.append(Path(folder))
        real(dict(list(tables.items())[:2]), schema, folder)  # half written, then the disk fills
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(native, "write_csv_folder", dies)
    out = tmp_path / "converted"
    res = _run("convert", seed_data["csv"], "--out", out)
    assert res.exit_code == 2 and "No space left" in res.stderr
    assert calls and calls[0] != out and calls[0].parent == tmp_path
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    monkeypatch.undo()
    res = _run("convert", seed_data["csv"], "--out", out)
    assert res.exit_code == 0, res.stderr
    assert (out / "children.csv").is_file() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert out.stat().st_mode & 0o055  # readable by others as mkdir makes it, not mkdtemp's 0700


def test_convert_into_a_missing_parent_is_a_clean_error(seed_data, tmp_path):
    res = _run("convert", seed_data["csv"], "--out", tmp_path / "no" / "such")
    assert res.exit_code == 2 and "does not exist" in res.stderr


def _runs(history: Path) -> int:
    with sqlite3.connect(history) as c:
        return c.execute("SELECT count(*) FROM runs").fetchone()[0]


@pytest.mark.parametrize("extra", [("--fail-on", "bogus"), ("--format", "xlsx"), ("--out", "/nonexistent-dir/x.json")])
def test_a_run_that_exits_2_is_not_recorded(seed_data, tmp_path, extra):
    """Found by the battery: a run that then exited 2 was already in the history."""
    history = tmp_path / "h.sqlite"
    res = _report(seed_data, "--history", history, "--rejects", tmp_path / "r.csv", *extra)
    assert res.exit_code == 2, res.stderr
    assert not history.exists() or _runs(history) == 0
    res = _report(seed_data, "--history", history, "--rejects", tmp_path / "r.csv")
    assert res.exit_code in (0, 1) and _runs(history) == 1


def test_history_check_verifies_each_run_against_its_id(seed_data, tmp_path):
    """Found by the battery: `history --check` said ok for a run whose content no longer matched its id."""
    history = tmp_path / "h.sqlite"
    assert _report(seed_data, "--history", history).exit_code in (0, 1)
    res = _run("history", history, "--check")
    assert res.exit_code == 0 and "integrity: ok" in res.stdout
    with sqlite3.connect(history) as c:
        (blob,) = c.execute("SELECT result FROM runs").fetchone()
        text = zlib.decompress(blob).replace(b'"as_at"', b'"as_at" ', 1)
        c.execute("UPDATE runs SET result = ?", (zlib.compress(text),))
    res = _run("history", history, "--check")
    assert "integrity: ok" not in res.stdout and "no longer matches its id" in res.stdout


def test_a_fifo_as_history_or_key_is_refused_not_waited_on(seed_data, tmp_path):
    """Found by the battery: a FIFO as --history or the --redact key blocked forever."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    env = {**os.environ, "CASECHECK_INTERNAL_ERRORS": ""}
    for extra in (["--history", str(fifo)], ["--redact", str(fifo)]):
        proc = subprocess.run([sys.executable, "-m", "checker.cli", "run", PACK, "--data", str(seed_data["csv"]),
                               "--as-at", H.AS_AT_TEXT, "--skip-unavailable", *extra],
                              capture_output=True, text=True, timeout=120, env=env)
        assert proc.returncode == 2 and "FIFO" in proc.stderr, proc.stderr


def test_dev_zero_as_the_key_is_a_clean_error(seed_data, tmp_path):
    res = _report(seed_data, "--redact", "/dev/zero")
    assert res.exit_code == 2 and "device" in res.stderr


# -- the top-level guard ---------------------------------------------------------------------------


def test_an_unexpected_exception_is_a_clean_exit_2(seed_data, monkeypatch):
    from checker import api

    def boom(*a, **k):
        raise ZeroDivisionError("secret value C000123")

    monkeypatch.setattr("checker.cli.judge.run_pack", boom)
    monkeypatch.delenv("CASECHECK_INTERNAL_ERRORS")
    res = _report(seed_data)
    assert res.exit_code == 2
    assert "internal error: please report" in res.stderr and "ZeroDivisionError" in res.stderr
    assert "Traceback" not in res.stderr and "C000123" not in res.stderr
    assert api.run_pack is not boom


def test_tests_still_fail_on_an_unexpected_exception(seed_data, monkeypatch):
    def boom(*a, **k):
        raise ZeroDivisionError("x")

    monkeypatch.setattr("checker.cli.judge.run_pack", boom)
    res = _report(seed_data)
    assert isinstance(res.exception, ZeroDivisionError)
