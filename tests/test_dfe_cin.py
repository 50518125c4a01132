"""The dfe-cin pack, its schema and reader mode, yearly inheritance, the
data-quality framework and the language functions added for it."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from checker import workdays as cal
from checker.data.load import load_data
from checker.engine.outcomes import judge_all
from checker.language.functions import FUNCTIONS, upn_check_letter
from checker.model import FAIL, Context
from checker.packs.pack import load_pack
from checker.tools.generate import generate, write_census

AS_AT = _dt.date(2025, 3, 31)


def call(name, *args):
    return FUNCTIONS[name].impl(None, *args)


def test_text_functions():
    assert call("length", "C12") == 3 and call("length", None) is None
    assert call("substr", "A330123456781", 2, 3) == "330"
    assert call("substr", "AB", 2, 5) == "B" and call("substr", "AB", 0, 1) is None
    assert call("matches", "C0001", "[A-Z][0-9]+") is True and call("matches", "C-1", "[A-Z][0-9]+") is False
    assert call("matches", None, "x") is None


def test_upn_check_letter():
    body = "330" + "12345678" + "9"
    letter = upn_check_letter("A" + body)
    assert letter in "ABCDEFGHJKLMNPQRTUVWXYZ"
    assert upn_check_letter(letter + body) == letter  # character 1 is not weighed
    assert upn_check_letter("SHORT") is None


def test_distinct_and_occurrences():
    assert call("distinct", ["a", "b", "a"]) == ["a", "b"]
    assert call("distinct", ["a", None]) is None
    ids = ["C1", "C2", "C1"]
    assert call("occurrences", "C1", ids) == 2 and call("occurrences", "C3", ids) == 0
    assert call("occurrences", None, ids) is None and call("occurrences", "C1", ["C1", None]) is None


def test_working_day_conventions():
    ours, dfe = cal.Calendar(), cal.Calendar(working_days="start-is-day-1")
    start = ours.add_working_days(AS_AT, -45)
    assert cal.within(AS_AT, start, 45, "working days", "before", ours)
    assert not cal.within(AS_AT, start, 45, "working days", "before", dfe)
    assert cal.shift(AS_AT, -45, "working days", dfe) == ours.add_working_days(AS_AT, -44)
    with pytest.raises(ValueError):
        cal.Calendar(working_days="sometimes")


def test_pack_inherits_and_replaces_by_code():
    base, year = load_pack("rules/dfe-cin/2023-24"), load_pack("dfe-cin")
    assert year.framework == "data-quality" and year.schema.name == "cin-census"
    assert {"1570", "1580", "8945Q", "8950Q"} <= {r.id for r in year.rules} - {r.id for r in base.rules}
    assert "gender_current" in base.rule("4180").expect_text and "sex" in year.rule("4180").expect_text
    assert len(year.rules) == len(base.rules) + 4
    assert year.calendar.working_days == "start-is-day-1" and base.calendar.working_days == "after-start"
    assert all(r.id.rstrip("Q").isdigit() for r in year.rules)
    assert all((r.severity == "minor") == r.id.endswith("Q") for r in year.rules)


def test_pack_extends_a_later_year(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "pack.yaml").write_text(
        "casecheck: 1\nname: dfe-cin-next\ntitle: next year\nschema: cin-census\n"
        f"extends: {Path('rules/dfe-cin').resolve()}\nexclude: ['8945Q']\n"
        "overrides: {'8840': {severity: minor}}\n")
    (tmp_path / "rules" / "new.yaml").write_text(
        "rules:\n- {id: '9999', title: t, area: child, subject: children, expect: la_child_id is present}\n")
    p = load_pack(tmp_path)
    ids = {r.id for r in p.rules}
    assert "9999" in ids and "8945Q" not in ids and p.rule("8840").severity == "minor"


def test_reader_mode_and_end_to_end(tmp_path):
    council = generate(120, 5, "inadequate", AS_AT)
    xml = tmp_path / "census.xml"
    planted = write_census(council, xml, plant=True)
    pack = load_pack("dfe-cin")
    loaded = load_data(xml, pack.schema, None, AS_AT)
    assert loaded.format == "cin-xml" and not loaded.diagnostics.errors and not loaded.rejections
    assert len(loaded.dataset.tables["header"]) == 1
    ctx = Context(loaded.dataset, pack.calendar, AS_AT, pack.params)
    failing = {r.id: {o.key for o in judge_all(r, ctx) if o.outcome == FAIL} for r in pack.rules}
    from checker.tools.generate import CENSUS_PROBLEMS

    for problem, ids in planted.items():  # every planted problem is caught by its rule
        code = CENSUS_PROBLEMS[problem]
        children = {k.split("#")[0] for k in failing[code]}
        assert set(ids) & children, (problem, code)


def test_data_quality_framework_categories(tmp_path):
    from checker.packs.framework import load_framework

    fw = load_framework("data-quality")
    assert fw.category_ids == ["clean", "query", "error"] if isinstance(fw.category_ids, list) else True
    from click.testing import CliRunner

    from checker.cli import cli

    xml = tmp_path / "c.xml"
    write_census(generate(80, 2, "inadequate", AS_AT), xml, plant=True)
    res = CliRunner().invoke(cli, ["run", "dfe-cin", "--data", str(xml), "--as-at", "2025-03-31", "--format", "json", "--fail-on", "none"])
    assert res.exit_code == 0, res.output
    import json

    doc = json.loads(res.output[res.output.index("{"):])
    cats = {r["id"]: r["finding"]["category"] for r in doc["rules"] if r.get("finding")}
    assert set(cats.values()) <= {"clean", "query", "error", None}
    res = CliRunner().invoke(cli, ["run", "examples/pack", "--data", str(xml), "--as-at", "2025-03-31", "--skip-unavailable",
                                   "--data-quality", "dfe-cin", "--fail-on", "none"])
    assert "Data quality (dfe-cin)" in res.output


def test_data_quality_result_matches_the_result_schema(tmp_path):
    """`run PACK --data-quality dfe-cin --format json` adds `data_quality`; the published result
    schema describes it, and a result whose data_quality is malformed does not validate."""
    import json

    import jsonschema
    from click.testing import CliRunner

    from checker.cli import cli
    from checker.resources import jsonschema_path

    schema = json.loads(jsonschema_path("result").read_text())
    assert "data_quality" in schema["properties"]
    xml = tmp_path / "c.xml"
    write_census(generate(60, 3, "inadequate", AS_AT), xml, plant=True)
    res = CliRunner().invoke(cli, ["run", "examples/pack", "--data", str(xml), "--as-at", "2025-03-31", "--skip-unavailable",
                                   "--data-quality", "dfe-cin", "--format", "json", "--fail-on", "none"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    dq = doc["data_quality"]
    assert dq["pack"] == "dfe-cin" and dq["errors"] and dq["queries"]
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(doc)
    for broken in ({"summary"}, {"errors"}):
        bad = dict(doc, data_quality={k: v for k, v in dq.items() if k not in broken})
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(bad)
    bad = dict(doc, data_quality=dict(dq, errors=[dict(dq["errors"][0], records="3")]))
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(bad)
    bad = dict(doc, data_quality=dict(dq, summary=dict(dq["summary"], trusted_share=1.5)))
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(bad)


def test_redact_covers_the_data_quality_records(tmp_path):
    """--redact hides the records the data-quality pre-check names (keys of
    the census, not of the practice pack's data) as well as the rest."""
    import json

    from click.testing import CliRunner

    from checker.cli import cli

    xml = tmp_path / "c.xml"
    write_census(generate(60, 3, "inadequate", AS_AT), xml, plant=True)
    key = tmp_path / "key"
    key.write_text("a secret the council keeps\n")  # at least 16 bytes (issue 19)
    base = ["run", "examples/pack", "--data", str(xml), "--as-at", "2025-03-31", "--skip-unavailable",
            "--data-quality", "dfe-cin", "--format", "json", "--fail-on", "none"]
    plain = json.loads(CliRunner().invoke(cli, base).stdout)["data_quality"]
    named = {k for kind in ("errors", "queries") for e in plain[kind] for k in e["examples"]}
    assert named
    res = CliRunner().invoke(cli, base + ["--redact", str(key)])
    assert res.exit_code == 0, res.output
    leaked = [k for k in named if f"\"{k}\"" in res.stdout or (len(k) > 3 and k in res.stdout)]
    assert not leaked, leaked[:5]
    dq = json.loads(res.stdout)["data_quality"]
    assert [e["records"] for e in dq["errors"]] == [e["records"] for e in plain["errors"]]
    assert all(x.startswith("ID-") for e in dq["errors"] for x in e["examples"])


@pytest.mark.parametrize("year,read", [("2025", 2025), ("25", None), ("20X5", None), ("２０２５", None)])
def test_reader_reads_year_as_a_four_digit_number(tmp_path, year, read):
    """The header's Year is read as a number (rule 100 compares ReferenceDate with 31 March of
    it); a Year that is not four digits is read as missing, with a warning, as a bad date is."""
    xml = tmp_path / "c.xml"
    xml.write_text('<?xml version="1.0" encoding="utf-8"?><Message><Header><CollectionDetails><Collection>CIN</Collection>'
                   f"<Year>{year}</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails></Header>"
                   "<Children/></Message>", encoding="utf-8")
    pack = load_pack("dfe-cin")
    loaded = load_data(xml, pack.schema, "cin-xml", AS_AT)
    assert not loaded.diagnostics.errors and not loaded.rejections
    (header,) = loaded.dataset.tables["header"]
    assert header.values["year"] == read
    warned = [d.message for d in loaded.diagnostics.items if d.code == "bad-date"]
    assert bool(warned) is (read is None)
    if read is None:
        assert "<Year>: 1 value that is not a four-digit year" in warned[0]
