"""The result says where it ran (issue 18): the engine, its SQL dialect,
versions and every rule that fell back, in the JSON result and each report."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from checker.cli import cli

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["run", str(ROOT / "examples" / "pack"), "--data", str(ROOT / "examples" / "council"), "--as-at", "2025-03-31",
        "--fail-on", "none"]
SCHEMA = json.loads((ROOT / "checker" / "jsonschemas" / "result.schema.json").read_text())


@pytest.mark.parametrize("engine, dialect, versions", [("duckdb", "duckdb", {"casecheck", "duckdb"}),
                                                       ("reference", None, {"casecheck"})])
def test_the_json_result_says_where_it_ran(engine, dialect, versions):
    r = CliRunner().invoke(cli, ARGS + ["--format", "json", "--engine", engine])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["schema_version"] == "1.4"
    e = doc["engine"]
    assert (e["name"], e["dialect"], set(e["versions"])) == (engine, dialect, versions)
    assert e["fallbacks"] == []


def test_fallbacks_are_listed_with_why_in_json_and_terminal():
    from checker.api import where_judged

    class Fake:
        fallbacks = {"B-RULE": "not compiled to SQL: x", "A-RULE": "judged by the reference engine: y"}

    block = where_judged("reference", Fake(), Fake.fallbacks)
    assert block["fallbacks"] == [{"rule": "A-RULE", "why": "judged by the reference engine: y"},
                                  {"rule": "B-RULE", "why": "not compiled to SQL: x"}]
    from checker.report.terminal import engine_line

    assert engine_line({"engine": block}) == "judged on reference (casecheck 0.1.0); 2 rules judged by the reference evaluator instead"


def test_terminal_and_documents_say_where_it_ran(tmp_path):
    r = CliRunner().invoke(cli, ARGS)
    assert "judged on duckdb, SQL dialect duckdb (casecheck " in r.stdout
    for fmt in ("markdown", "html", "letter"):
        out = tmp_path / f"report.{fmt}"
        r = CliRunner().invoke(cli, ARGS + ["--format", fmt, "--out", str(out)])
        assert r.exit_code == 0, r.output
        assert "judged on duckdb, SQL dialect duckdb" in out.read_text()


@pytest.mark.postgres
def test_postgres_result_names_the_server_version(postgres_dsn):
    r = CliRunner().invoke(cli, ARGS + ["--format", "json", "--engine", "postgres", "--dsn", postgres_dsn])
    assert r.exit_code == 0, r.output
    e = json.loads(r.stdout)["engine"]
    assert e["name"] == "postgres" and e["dialect"] == "postgres"
    assert e["versions"]["postgresql"][0].isdigit()


def test_quiet_keeps_fallback_notes_off_standard_error_but_in_the_result(monkeypatch):
    """`run -q` is quiet: a rule the reference engine judged instead is said
    in the result (and every report), not as a note on standard error."""
    from checker.engine import compile as compile_mod

    real = compile_mod.Compiler.compile_rule

    def refuse(self, rule):
        if rule.id == "EX-ASSESS-45WD":
            raise compile_mod.Unsupported(rule.expect, "refused for this test")
        return real(self, rule)

    monkeypatch.setattr(compile_mod.Compiler, "compile_rule", refuse)
    args = ARGS + ["--format", "json", "--engine", "duckdb", "--rules", "EX-ASSESS-45WD"]
    loud = CliRunner().invoke(cli, args)
    assert loud.exit_code == 0, loud.output
    assert "casecheck: note: EX-ASSESS-45WD not compiled to SQL" in loud.stderr
    quiet = CliRunner().invoke(cli, args + ["-q"])
    assert quiet.exit_code == 0, quiet.output
    assert "note:" not in quiet.stderr
    [fallback] = json.loads(quiet.stdout)["engine"]["fallbacks"]
    assert fallback["rule"] == "EX-ASSESS-45WD" and "refused for this test" in fallback["why"]
