"""A native extract lacking tables: each rule that cannot be evaluated is an
error (never a pass), said once per thing lacking when many rules lack it."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "council"


def _run(folder: Path, *args: str):
    return CliRunner().invoke(cli, ["run", "ilacs", "--data", str(folder), "--as-at", "2025-03-31", "-q", *args])


def test_many_rules_lacking_a_table_are_one_error_naming_them(tmp_path):
    (tmp_path / "children.csv").write_text((EXAMPLE / "children.csv").read_text(encoding="utf-8"), encoding="utf-8")
    r = _run(tmp_path)
    assert r.exit_code == 2
    errors = [line for line in r.output.splitlines() if ": error: " in line]
    grouped = [e for e in errors if re.search(r": \d+ rules cannot be evaluated on .*: they need table `\w+`, which the data does not have \(rules ", e)]
    assert grouped, r.output
    # one error a missing table, not one a rule; every table named once
    tables = [re.search(r"they need table `(\w+)`", e).group(1) for e in grouped]
    assert len(tables) == len(set(tables))
    assert "contacts" in tables or "referrals" in tables
    assert re.search(r"casecheck: \d+ errors?", r.output)
    assert len(errors) < 30


def test_a_few_rules_lacking_a_table_are_named_one_by_one(tmp_path):
    for f in EXAMPLE.glob("*.csv"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "supervisions.csv").unlink()
    r = _run(tmp_path, "--rules", "SUPERVISION-INTERVAL")
    assert r.exit_code == 2
    assert re.search(r"error: rule SUPERVISION-INTERVAL cannot be evaluated on .*: it needs table `supervisions`", r.output), r.output
