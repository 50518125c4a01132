"""End to end through the CLI: lint, run, explain, test, on the example pack
and the example council, and on broken inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "examples" / "pack"
COUNCIL = ROOT / "examples" / "council"
AS_AT = "2025-03-31"


def invoke(*args):
    args = [str(a) for a in args]
    if args and args[0] == "run" and "--fail-on" not in args:
        args += ["--fail-on", "none"]  # these tests are about the run itself, not its findings
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_lint_example_pack_is_clean():
    r = invoke("lint", PACK)
    assert r.exit_code == 0, r.output
    assert "16 rules checked against schema `csc`" in r.output


def test_run_prints_table_with_accounting():
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT)
    assert r.exit_code == 0, r.output
    assert "EX-ASSESS-45WD" in r.output
    assert "rows read" in r.output and "rejected 0" in r.output


def test_run_json_is_deterministic_and_complete(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for out in (a, b):
        r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "json", "--out", out)
        assert r.exit_code == 0, r.output
    assert a.read_bytes() == b.read_bytes()
    doc = json.loads(a.read_text())
    assert doc["schema_version"] == "1.4"
    assert doc["as_at"] == AS_AT
    ids = [rule["id"] for rule in doc["rules"]]
    assert len(ids) == 16 and len(set(ids)) == 16
    for rule in doc["rules"]:
        counts = rule["counts"]
        assert set(counts) == {"pass", "fail", "not_evidenced", "not_applicable"}
        # every record of the subject table gets exactly one outcome
        assert sum(counts.values()) == rule["total"]
        assert sum(counts.values()) == doc["accounting"][rule["subject"]]["evaluated"]
        for outcome, cases in rule["cases"].items():
            assert len(cases) == counts[outcome]
            assert all(c["reason"] for c in cases)
            assert [c["id"] for c in cases] == sorted(c["id"] for c in cases)
    for table, acc in doc["accounting"].items():
        assert acc["read"] == acc["evaluated"] + sum(acc["excluded"].values()) + sum(acc["rejected"].values())


def test_run_subset_by_rule_and_tag():
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--rules", "EX-ASSESS-45WD,EX-ICPC-15WD", "--format", "json")
    assert [x["id"] for x in json.loads(r.stdout)["rules"]] == ["EX-ASSESS-45WD", "EX-ICPC-15WD"]
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--tags", "workforce", "--format", "json")
    assert {x["id"] for x in json.loads(r.stdout)["rules"]} == {"EX-SUPERVISION-INTERVAL", "EX-CASELOAD-LIMIT"}
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--rules", "EX-ASSESS-45")
    assert r.exit_code == 2 and "did you mean `EX-ASSESS-45WD`?" in r.output


def _first_case(outcome: str, rule_id: str) -> str:
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "json", "--rules", rule_id)
    doc = json.loads(r.stdout)
    return doc["rules"][0]["cases"][outcome][0]["id"]


def test_explain_shows_steps_and_outcome():
    case = _first_case("fail", "EX-ASSESS-45WD")
    r = invoke("explain", PACK, "EX-ASSESS-45WD", case, "--data", COUNCIL, "--as-at", AS_AT)
    assert r.exit_code == 0, r.output
    assert "outcome: fail" in r.output
    assert "authorised_date within 45 working days after start_date" in r.output
    assert "working days" in r.output


def test_explain_unknown_case_suggests():
    r = invoke("explain", PACK, "EX-ASSESS-45WD", "NOPE", "--data", COUNCIL, "--as-at", AS_AT)
    assert r.exit_code == 2
    assert "no assessments record `NOPE`" in r.output


def test_pack_tests_pass():
    r = invoke("test", PACK)
    assert r.exit_code == 0, r.output
    assert " 0 failed" in r.output


def _copy_council(tmp_path) -> Path:
    dst = tmp_path / "council"
    shutil.copytree(COUNCIL, dst)
    return dst


def test_missing_table_is_an_error_not_a_pass(tmp_path):
    data = _copy_council(tmp_path)
    (data / "strategy_discussions.csv").unlink()
    r = invoke("run", PACK, "--data", data, "--as-at", AS_AT)
    assert r.exit_code == 2
    assert "rule EX-S47-STRATEGY-FIRST cannot be evaluated" in r.output
    assert "it needs table `strategy_discussions`, which the data does not have" in r.output
    # opting in lists the rule as not run: never a pass
    r = invoke("run", PACK, "--data", data, "--as-at", AS_AT, "--skip-unavailable", "--format", "json")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    # EX-ICPC-15WD counts from the strategy discussion, so it needs the table too
    assert [(x["id"], x["needs"]) for x in doc["not_run"]] == [  # pack order
        ("EX-S47-STRATEGY-FIRST", ["table `strategy_discussions`, which the data does not have"]),
        ("EX-ICPC-15WD", ["table `strategy_discussions`, which the data does not have"]),
    ]
    ran = [x["id"] for x in doc["rules"]]
    assert "EX-S47-STRATEGY-FIRST" not in ran and "EX-ICPC-15WD" not in ran and len(ran) == 14


def test_rejected_rows_are_counted_and_strict_fails(tmp_path):
    data = _copy_council(tmp_path)
    path = data / "assessments.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("start_date")] = "31/02/2024"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    r = invoke("run", PACK, "--data", data, "--as-at", AS_AT, "--format", "json")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    acc = doc["accounting"]["assessments"]
    assert acc["rejected"] == {"bad value": 1}
    assert acc["read"] == acc["evaluated"] + 1
    (rej,) = doc["rejections"]
    assert rej["row"] == 2 and rej["column"] == "start_date" and rej["value"] == "31/02/2024"
    assert "not a real date" in rej["message"]
    r = invoke("run", PACK, "--data", data, "--as-at", AS_AT, "--strict")
    assert r.exit_code == 2


def test_unknown_columns_are_ignored_and_named(tmp_path):
    data = _copy_council(tmp_path)
    path = data / "children.csv"
    lines = path.read_text().splitlines()
    lines = [lines[0] + ",full_name"] + [line + ",Someone" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n")
    r = invoke("run", PACK, "--data", data, "--as-at", AS_AT, "--format", "json")
    doc = json.loads(r.stdout)
    assert doc["accounting"]["children"]["ignored_columns"] == ["full_name"]
    assert "Someone" not in r.stdout


def test_lint_reports_position_and_suggestion(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    f = pack / "rules" / "assessment.yaml"
    f.write_text(f.read_text().replace("expect: child_seen == true", "expect: chld_seen == true"))
    r = invoke("lint", pack)
    assert r.exit_code == 2
    assert "assessment.yaml:" in r.output
    assert "unknown name `chld_seen`" in r.output
    assert "did you mean `child_seen`?" in r.output


def test_failing_rule_test_exits_1(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    f = pack / "rules" / "assessment.yaml"
    # change the limit: the pack's own boundary tests must catch it
    f.write_text(f.read_text().replace("within 45 working days after start_date", "within 44 working days after start_date"))
    r = invoke("test", pack)
    assert r.exit_code == 1
    assert "FAIL EX-ASSESS-45WD" in r.output


@pytest.mark.parametrize("args", [["--as-at", "2025-02-30"], ["--as-at", "yesterday"]])
def test_bad_as_at(args):
    r = CliRunner().invoke(cli, ["run", str(PACK), "--data", str(COUNCIL), *args])
    assert r.exit_code == 2
    assert "is not a date" in r.output


def test_a_column_the_data_lacks_is_not_a_failure(tmp_path):
    """A CSV without the decision_date column must not fail every contact."""
    data = _copy_council(tmp_path)
    path = data / "contacts.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    drop = header.index("decision_date")
    path.write_text("\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in lines) + "\n")
    r = invoke("run", PACK, "--data", data, "--as-at", AS_AT, "--rules", "EX-CONTACT-DECISION-1WD")
    assert r.exit_code == 2
    assert "it needs field `contacts.decision_date`, which the data does not carry" in r.output
    r = invoke("run", PACK, "--data", data, "--as-at", AS_AT, "--skip-unavailable", "--format", "json")
    doc = json.loads(r.stdout)
    assert [x["id"] for x in doc["not_run"]] == ["EX-CONTACT-DECISION-1WD"]


def test_fail_on_exit_status():
    """Exit 1 when a finding is at or below --fail-on; the default is the
    framework's priority category."""
    base = ["run", str(PACK), "--data", str(COUNCIL), "--as-at", AS_AT]
    r = CliRunner().invoke(cli, base)
    assert r.exit_code == 1
    assert "at or below \"Area for priority action\"" in r.output  # the framework's words (issue 20)
    r = CliRunner().invoke(cli, base + ["--fail-on", "strength"])
    assert r.exit_code == 1
    r = CliRunner().invoke(cli, base + ["--fail-on", "none"])
    assert r.exit_code == 0
    r = CliRunner().invoke(cli, base + ["--fail-on", "priority"])
    assert r.exit_code == 2 and "is not a category of framework `ilacs`" in r.output


def test_redact_hides_every_case_id(tmp_path):
    key = tmp_path / "key"
    key.write_text("a secret the council keeps\n")
    plain = json.loads(invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "json").stdout)
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "json", "--redact", key)
    assert r.exit_code == 0
    red = json.loads(r.stdout)
    ids = {c["id"] for rule in plain["rules"] for cases in rule["cases"].values() for c in cases}
    text = r.stdout
    leaked = [i for i in ids if f'"{i}"' in text or f" {i}" in text or f"{i}:" in text]
    assert not leaked, leaked[:5]
    assert red["redacted"]["identifiers"] > len(ids) // 2
    # same key, same pseudonyms: audits stay comparable
    again = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "json", "--redact", key).stdout
    assert again == r.stdout
    # counts are untouched
    assert [x["counts"] for x in red["rules"]] == [x["counts"] for x in plain["rules"]]


def test_history_records_runs_and_compares(tmp_path):
    hist = tmp_path / "audits.sqlite"
    older = tmp_path / "older"
    shutil.copytree(COUNCIL, older)
    r = invoke("run", PACK, "--data", older, "--as-at", "2024-12-31", "--history", hist, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["history"]["previous"] is None
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--history", hist, "--format", "json")
    doc = json.loads(r.stdout)
    assert doc["history"]["previous"]["as_at"] == "2024-12-31"
    assert set(doc["history"]["changes"]) == {x["id"] for x in doc["rules"]}
    r = CliRunner().invoke(cli, ["history", str(hist), "--check"])
    assert r.exit_code == 0 and "integrity: ok" in r.output and r.output.count("example-council") == 2
    r = CliRunner().invoke(cli, ["compare", "--history", str(hist), "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["previous"]["as_at"] == "2024-12-31"
    # two result files
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    invoke("run", PACK, "--data", older, "--as-at", "2024-12-31", "--format", "json", "--out", a)
    invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "json", "--out", b)
    r = CliRunner().invoke(cli, ["compare", str(a), str(b)])
    assert r.exit_code == 0 and ("improved" in r.output or "unchanged" in r.output)


def test_qa_audit_cycle_through_the_cli(tmp_path):
    """sample -> template -> (auditors fill it in) -> audit-grades."""
    sample = tmp_path / "sample.csv"
    r = CliRunner().invoke(cli, ["sample", "--data", str(COUNCIL), "--as-at", AS_AT, "--size", "12", "--seed", "3", "--out", str(sample)])
    assert r.exit_code == 0, r.output
    lines = sample.read_text().splitlines()
    assert lines[0] == "audit_id,child_id,team,stratum" and len(lines) == 13
    again = tmp_path / "again.csv"
    CliRunner().invoke(cli, ["sample", "--data", str(COUNCIL), "--as-at", AS_AT, "--size", "12", "--seed", "3", "--out", str(again)])
    assert again.read_bytes() == sample.read_bytes()
    book = tmp_path / "audit.xlsx"
    r = CliRunner().invoke(cli, ["template", str(PACK), "--sample", str(sample), "--as-at", AS_AT, "--out", str(book)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["audit-grades", str(COUNCIL), "--pack", str(PACK), "--as-at", AS_AT, "--format", "json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["good_or_better"]["of"] == 30


def test_a_mistyped_data_path_gets_the_name_beside_it(tmp_path):
    (tmp_path / "council-march").mkdir()
    (tmp_path / "unrelated").mkdir()
    res = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(tmp_path / "council-mrach"), "--as-at", "2025-03-31"])
    assert res.exit_code == 2
    assert "does not exist" in res.stderr and f"did you mean `{tmp_path / 'council-march'}`?" in res.stderr
    res = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(tmp_path / "zzzz"), "--as-at", "2025-03-31"])
    assert res.exit_code == 2 and "did you mean" not in res.stderr
