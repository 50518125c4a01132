"""The result JSON scripts rely on is valid against its published schema,
in every mode (plain, sample, redacted, with history, with rules not run)."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner
from test_cli import AS_AT, COUNCIL, PACK

from checker.cli import cli
from checker.resources import jsonschema_path

SCHEMA = json.loads(jsonschema_path("result").read_text())


def run_json(*extra) -> dict:
    r = CliRunner().invoke(cli, ["run", str(PACK), "--data", str(COUNCIL), "--as-at", AS_AT, "--format", "json",
                                 "--fail-on", "none", *map(str, extra)])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_the_schema_is_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("mode", ["plain", "sample", "redacted", "history"])
def test_results_validate(mode, tmp_path):
    extra = []
    if mode == "sample":
        extra = ["--sample"]
    elif mode == "redacted":
        key = tmp_path / "k"
        key.write_text("a key of at least sixteen bytes")  # a shorter one is refused (issue 19)
        extra = ["--redact", key]
    elif mode == "history":
        extra = ["--history", tmp_path / "h.sqlite"]
    doc = run_json(*extra)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    if mode == "sample":
        assert all(r["interval"] is not None for r in doc["rules"] if r["denominator"])


def test_a_broken_result_does_not_validate():
    doc = run_json()
    del doc["rules"][0]["counts"]["pass"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(doc)
