"""``--engine auto``, the command line's default (issue 21): data of a few
thousand records is judged by the reference evaluator, which finishes before
DuckDB has started; more, or a folder DuckDB reads itself, by DuckDB. The
result is the same byte for byte but for its ``engine`` block, which names the
engine that ran and says why it was chosen."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from results import but_engine

from checker import api
from checker.cli import cli
from checker.tools.generate import generate, write_census

ROOT = Path(__file__).resolve().parent.parent
AS_AT = dt.date(2025, 3, 31)
SCHEMA = json.loads((ROOT / "checker" / "jsonschemas" / "result.schema.json").read_text())


def _run(pack: str, data: Path, *extra: str) -> tuple[str, str]:
    r = CliRunner().invoke(cli, ["run", pack, "--data", str(data), "--as-at", "2025-03-31", "--fail-on", "none", *extra])
    assert r.exit_code == 0, (r.stderr, r.exception)
    return r.stdout, r.stderr


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_a_small_council_is_judged_by_the_reference_evaluator_with_the_same_result(fmt):
    council = ROOT / "examples" / "council"
    auto, _ = _run("ilacs", council, "--format", fmt)
    duck, _ = _run("ilacs", council, "--format", fmt, "--engine", "duckdb")
    if fmt == "json":
        doc = json.loads(auto)
        jsonschema.validate(doc, SCHEMA)
        e = doc["engine"]
        assert (e["name"], e["dialect"], set(e["versions"])) == ("reference", None, {"casecheck"})
        assert e["chosen"].startswith("auto: ") and "reference evaluator" in e["chosen"]
        assert but_engine(auto, "reference") == but_engine(duck, "duckdb")
    else:  # the table: the same lines but the one saying where it was judged
        a, d = auto.splitlines(), duck.splitlines()
        assert len(a) == len(d)
        differ = [(x, y) for x, y in zip(a, d) if x != y]
        assert len(differ) <= 2  # the engine line (and duckdb's fallback lines, if any)
        assert any(x.startswith("judged on reference (casecheck ") and "chosen by --engine auto: " in x for x, _ in differ)


def test_a_small_census_agrees_too(tmp_path):
    xml = tmp_path / "census.xml"
    write_census(generate(40, 7, "inadequate", AS_AT), xml, plant=True)
    auto, _ = _run("dfe-cin", xml, "--format", "json")
    duck, _ = _run("dfe-cin", xml, "--format", "json", "--engine", "duckdb")
    assert json.loads(auto)["engine"]["name"] == "reference"
    assert but_engine(auto, "reference") == but_engine(duck, "duckdb")


def test_more_records_than_the_limit_go_to_duckdb(monkeypatch):
    monkeypatch.setattr(api, "AUTO_REFERENCE_MAX_RECORDS", 100)
    run = api.run_pack("ilacs", ROOT / "examples" / "council", AS_AT, engine="auto", record_history=False)
    e = run.document["engine"]
    assert run.engine == e["name"] == "duckdb" and e["dialect"] == "duckdb"
    assert e["chosen"].startswith("auto: ") and "(more than 100)" in e["chosen"]
    jsonschema.validate(run.document, SCHEMA)


def test_a_folder_duckdb_reads_itself_goes_to_duckdb(monkeypatch):
    monkeypatch.setattr(api, "FAST_READ_MIN_BYTES", 1)
    run = api.run_pack("ilacs", ROOT / "examples" / "council", AS_AT, engine="auto", record_history=False)
    e = run.document["engine"]
    assert e["name"] == "duckdb" and "reads this folder itself" in e["chosen"]
    assert run.loaded.in_database


def test_an_engine_asked_for_by_name_is_the_one_that_runs():
    run = api.run_pack("ilacs", ROOT / "examples" / "council", AS_AT, engine="duckdb", record_history=False)
    assert run.document["engine"]["name"] == "duckdb" and "chosen" not in run.document["engine"]
