"""Issue 20, "a QA team's working day": what a new user met on the example
council and a generated one, each pinned by a test that failed before."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "examples" / "pack"
COUNCIL = ROOT / "examples" / "council"
AS_AT = "2025-03-31"


def invoke(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


# --- 1. the README's --redact example -------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_redact_on_a_table_run_does_not_crash(tmp_path, fmt):
    """DuckDB reads the CSV folder itself; the identifiers to hide were read
    from its tables after the engine was closed (`Connection already closed!`)."""
    key = tmp_path / "key.txt"
    key.write_text("a secret the council keeps\n")
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--redact", key, "--fail-on", "none", "--format", fmt)
    assert r.exit_code == 0, r.output
    assert "rows read" in r.output or fmt == "markdown"


def test_redact_through_the_api_hides_ids_of_listed_cases():
    from checker.api import run_pack

    plain = run_pack(PACK, COUNCIL, dt.date(2025, 3, 31), listed=("fail",))
    red = run_pack(PACK, COUNCIL, dt.date(2025, 3, 31), listed=("fail",), redact_key=b"k")
    ids = {c["id"] for r in plain.document["rules"] for cs in r["cases"].values() for c in cs}
    assert ids
    text = json.dumps(red.document)
    assert not [i for i in ids if f'"{i}"' in text]
