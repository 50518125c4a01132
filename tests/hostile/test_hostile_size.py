"""Very large inputs: refused up front with a clear message, never an
out-of-memory kill half way through a run (issue 7). A 5 GB CSV folder is
made as a sparse file, so the test costs no disk and no time."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def test_a_5_gb_csv_folder_is_refused_up_front(tmp_path):
    data = tmp_path / "council"
    data.mkdir()
    shutil.copy(ROOT / "examples" / "council" / "children.csv", data / "children.csv")
    with open(data / "contacts.csv", "wb") as f:
        f.truncate(5 * 1024 ** 3)  # sparse: no disk used
    result = CliRunner().invoke(cli, ["run", str(ROOT / "examples" / "pack"), "--data", str(data), "--as-at", "2025-03-31"])
    assert result.exit_code == 2
    assert "5.0 GB" in result.output and "GB of memory" in result.output and "split the data" in result.output
    assert "Traceback" not in result.output


def test_an_ordinary_input_is_not_refused():
    result = CliRunner().invoke(cli, ["run", str(ROOT / "examples" / "pack"), "--data", str(ROOT / "examples" / "council"),
                                      "--as-at", "2025-03-31"])
    assert result.exit_code in (0, 1), result.output
