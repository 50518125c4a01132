"""Tests for checker.validate and the JSON Schemas in checker/jsonschemas/."""

import json
import textwrap

import pytest
from jsonschema import Draft202012Validator

from checker.resources import data_dir, jsonschema_path
from checker.validate import SCHEMAS, load_schema, validate_document
from checker.yamlsource import load_yaml, load_yaml_text

# -- the schemas themselves -------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_valid_draft_2020_12(name):
    schema = json.loads(jsonschema_path(name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _walk(node, where="#"):
    if isinstance(node, dict):
        yield where, node
        for k, v in node.items():
            yield from _walk(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{where}/{i}")


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_conventions(name):
    schema = load_schema(name)
    for where, node in _walk(schema):
        if "properties" in node and where.split("/")[-1] not in ("if",):
            # Unknown keys are errors everywhere.
            assert node.get("additionalProperties") is False, where
            for prop, sub in node["properties"].items():
                assert "description" in sub, f"{where}/properties/{prop}"


def test_builtin_csc_schema_validates():
    doc = load_yaml(data_dir("rules") / "schemas" / "csc.yaml")
    assert validate_document(doc, "dataschema") == []


def test_unknown_schema_name():
    with pytest.raises(ValueError):
        validate_document(load_yaml_text("a: 1"), "nope")


# -- valid documents --------------------------------------------------------------------

VALID = {
    "pack": """\
        casecheck: 1
        name: example-council
        title: Example council self-audit
        version: "2025.1"
        description: A pack.
        schema: csc
        calendar:
          closures: [2024-12-27, "2025-12-29"]
        framework: ilacs
        areas: {front-door: Front door, assessment: Assessment}
        defaults: {missing: fail, severity: major}
        parameters: {visit_interval: 4 weeks, max_days: 45, strict: true}
        include: ["rules/*.yaml"]
        tests: ["tests/*.yaml"]
        """,
    "rules": """\
        rules:
          - id: ASSESS-45WD
            title: Assessments completed within 45 working days
            description: Working Together 2023.
            area: assessment
            subject: assessments
            when: type = 'single'
            expect: |
              authorised_date <= start_date + 45 working days
            missing: exclude
            severity: critical
            thresholds: {good: 0.9, adequate: 0.75, floor: 0, all: 1}
            reasons: {pass: ok, fail: late, not_applicable: n/a, not_evidenced: no date}
            finding: {pass: good, fail: bad}
            source: {seed: report.pdf, finding: delays}
            guidance: [{document: WT2023, paragraph: "4.2", url: "https://example.org"}]
            tags: [timeliness, wt-2023]
          - id: S47
            title: t
            area: a
            subject: s47_enquiries
            expect: "true"
            source: [{seed: a, finding: b}]
            guidance: {document: WT2023}
        """,
    "tests": """\
        tests:
          - rule: ASSESS-45WD
            name: on time
            as_at: 2024-03-31
            parameters: {max_days: 45}
            data:
              assessments:
                - {assessment_id: A1, start_date: 2024-01-01, authorised_date: null, child_seen: true, n: 3}
            expect: {A1: pass, A2: not_evidenced}
        """,
    "dataschema": """\
        name: mini
        version: "1.0"
        code_sets:
          sex: {M: Male, F: Female}
        tables:
          children:
            key: [child_id]
            fields:
              child_id: {type: string, required: true}
              sex: {type: code, codes: sex}
              dob: date
          visits:
            key: [visit_id]
            fields: {visit_id: string, child_id: string}
        relations:
          - visits.child_id -> children.child_id
          - {from: visits.child_id, to: children.child_id, name: child, inverse: visits}
        """,
    "binding": """\
        casecheck: 1
        id: mini
        title: a mini dataset
        schema: csc
        source: nowhere
        description: one table
        tables:
          people: {columns: {id: text, born: date}}
        views:
          children:
            from: people p
            line: p._line
            select: {child_id: p.id, date_of_birth: p.born}
            not_carried: {sex: not recorded}
        """,
}


@pytest.mark.parametrize("kind", [k for k in SCHEMAS if k not in ("framework", "findings")])
def test_valid_documents(kind):
    doc = load_yaml_text(textwrap.dedent(VALID[kind]), f"{kind}.yaml")
    assert validate_document(doc, kind) == []


def test_builtin_findings_file_is_valid():
    from checker.resources import data_dir
    from checker.yamlsource import load_yaml

    assert validate_document(load_yaml(data_dir("rules") / "findings.yaml"), "findings") == []


@pytest.mark.parametrize("name", ["cra-2009", "slac-2011", "ilacs"])
def test_builtin_frameworks_are_valid(name):
    from checker.resources import data_dir
    from checker.yamlsource import load_yaml

    doc = load_yaml(data_dir("rules") / "frameworks" / f"{name}.yaml")
    assert validate_document(doc, "framework") == []


# -- errors -----------------------------------------------------------------------------

RULE_HEAD = """\
rules:
  - id: ASSESS-45WD
    title: t
    area: a
    subject: assessments
"""

# (kind, yaml text, message, line, column, code, suggestion)
CASES = [
    # unknown keys, located at the key, with a suggestion
    ("rules", RULE_HEAD + "    expect: x\n    severty: major\n",
     "unknown key `severty` in rule `ASSESS-45WD`", 7, 5, "unknown-key", "did you mean `severity`?"),
    ("rules", RULE_HEAD + "    expect: x\n    reasons: {pass: a, failed: b}\n",
     "unknown key `failed` in `reasons` in rule `ASSESS-45WD`", 7, 24, "unknown-key", "did you mean `fail`?"),
    ("rules", "rules:\n  - title: t\n    area: a\n    subject: s\n    expect: x\n    zzz: 1\n    id: X\n",
     "unknown key `zzz` in rule `X`", 6, 5, "unknown-key", None),
    ("pack", "casecheck: 1\nname: n\ntitle: t\nschema: csc\nfrmework: ilacs\n",
     "unknown key `frmework` in the pack manifest", 5, 1, "unknown-key", "did you mean `framework`?"),
    ("dataschema", "name: x\ntables:\n  t:\n    key: [a]\n    fields: {a: {type: string, requried: true}}\n",
     "unknown key `requried` in field `a` of table `t`", 5, 32, "unknown-key", "did you mean `required`?"),
    # a mistyped required key is reported once, as unknown
    ("rules", RULE_HEAD + "    expct: x\n",
     "unknown key `expct` in rule `ASSESS-45WD`", 6, 5, "unknown-key", "did you mean `expect`?"),
    # bad enum values
    ("rules", RULE_HEAD + "    expect: x\n    severity: warning\n",
     "`warning` is not a valid value for `severity`; expected one of: critical, major, minor", 7, 15, "bad-value", None),
    ("pack", "casecheck: 1\nname: n\ntitle: t\nschema: csc\ndefaults: {missing: fial}\n",
     "`fial` is not a valid value for `defaults.missing`; expected one of: fail, exclude", 5, 21, "bad-value",
     "did you mean `fail`?"),
    ("tests", "tests:\n  - {rule: A, name: n, as_at: 2024-03-31, data: {}, expect: {A1: passed}}\n",
     "`passed` is not a valid value for `expect.A1`; expected one of: pass, fail, not_applicable, not_evidenced",
     2, 66, "bad-value", "did you mean `pass`?"),
    ("dataschema", "name: x\ntables:\n  t:\n    key: [a]\n    fields:\n      a: strng\n",
     "`strng` is not a valid value for field `a` of table `t`; "
     "expected one of: string, integer, decimal, boolean, date, datetime, code", 6, 10, "bad-value",
     "did you mean `string`?"),
    ("pack", "casecheck: 1\nname: n\ntitle: t\nschema: csc\ndefaults: {severity: }\n",
     "`defaults.severity` is empty; expected one of: critical, major, minor", 5, 21, "bad-value", None),
    # missing required keys, located at the object
    ("rules", "rules:\n  - id: X\n    title: t\n    area: a\n    subject: s\n",
     "rule `X` is missing the required key `expect`", 2, 5, "missing-key", None),
    ("rules", RULE_HEAD + "    expect: x\n    source: {seed: report}\n",
     "`source` in rule `ASSESS-45WD` is missing the required key `finding`", 7, 13, "missing-key", None),
    ("rules", RULE_HEAD + "    expect: x\n    guidance:\n      - document: d\n      - paragraph: '1'\n",
     "`guidance[1]` in rule `ASSESS-45WD` is missing the required key `document`", 9, 9, "missing-key", None),
    ("pack", "casecheck: 1\nname: n\ntitle: t\n",
     "the pack manifest is missing the required key `schema`", 1, 1, "missing-key", None),
    ("dataschema", "name: x\ntables:\n  t:\n    key: [a]\n    fields:\n      a: {type: code}\n",
     "field `a` of table `t` is missing the required key `codes`", 6, 10, "missing-key",
     "a field of type `code` names its code set in `codes`"),
    ("tests", "tests:\n  - rule: A\n    name: n\n    as_at: 2024-03-31\n    data: {}\n",
     "test `n` is missing the required key `expect`", 2, 5, "missing-key", None),
    # wrong types, in plain words
    ("rules", RULE_HEAD + "    expect: 45\n",
     "`expect` must be a string (an expression), not a number", 6, 13, "bad-type", None),
    ("rules", RULE_HEAD + "    expect:\n",
     "`expect` must be a string (an expression), but it is empty", 6, 12, "bad-type", None),
    ("rules", RULE_HEAD + "    expect: x\n    guidance: see WT2023\n",
     "`guidance` must be a mapping or a list, not a string", 7, 15, "bad-type", None),
    ("rules", "rules: []\n", "`rules` must not be empty", 1, 8, "bad-value", None),
    ("rules", "rules:\n  - just a string\n", "rules[0] must be a mapping, not a string", 2, 5, "bad-type", None),
    ("rules", "", "the rule file must be a mapping, but it is empty", 1, 1, "bad-type", None),
    ("pack", "casecheck: 1\nname: n\ntitle: t\nschema: csc\nversion: 2025.1\n",
     "`version` must be a string, not a number", 5, 10, "bad-type", None),
    ("pack", "casecheck: 1\nname: n\ntitle: t\nschema: csc\ninclude: rules/*.yaml\n",
     "`include` must be a list, not a string", 5, 10, "bad-type", None),
    ("tests", "tests:\n  - {rule: A, name: n, as_at: 2024-03-31, data: {t: [{f: [1]}]}, expect: {A: pass}}\n",
     "`data.t[0].f` must be a single value (text, a number, true/false, or empty), not a list",
     2, 58, "bad-type", None),
    ("dataschema", "name: x\ntables:\n  t:\n    key: [a]\n    fields:\n      a: [string]\n",
     "field `a` of table `t` must be a field type (string, integer, decimal, boolean, date, datetime or code) "
     "or a mapping, not a list", 6, 10, "bad-type", None),
    ("dataschema", "name: x\ntables:\n  t:\n    key: [a]\n    fields:\n      a: {type: 5}\n",
     "`type` must be a field type (string, integer, decimal, boolean, date, datetime or code), not a number",
     6, 17, "bad-type", None),
    # patterns and other forms, worded by the schema's x-message
    ("rules", RULE_HEAD.replace("ASSESS-45WD", "assess_45") + "    expect: x\n",
     "rule id `assess_45` must be upper-case words joined by hyphens, e.g. `ASSESS-45WD`", 2, 9, "bad-value", None),
    ("rules", RULE_HEAD + "    expect: x\n    tags: [ok, Not-OK]\n",
     "tag `Not-OK` must be lower-case letters, digits and hyphens, e.g. `timeliness`", 7, 16, "bad-value", None),
    ("rules", RULE_HEAD + "    expect: x\n    thresholds: {good: 90}\n",
     "threshold `90` must be a proportion between 0 and 1, e.g. 0.9", 7, 24, "bad-value", None),
    ("pack", "casecheck: 2\nname: n\ntitle: t\nschema: csc\n",
     "`casecheck` must be 1 (the pack format version this casecheck reads), not `2`", 1, 12, "bad-value", None),
    ("pack", "casecheck: 1\nname: Example_Council\ntitle: t\nschema: csc\n",
     "pack name `Example_Council` must be lower-case letters, digits and hyphens, e.g. `example-council`",
     2, 7, "bad-value", None),
    ("pack", "casecheck: 1\nname: n\ntitle: t\nschema: csc\ncalendar: {closures: [2024-02-30]}\n",
     "`2024-02-30` is not a date; write dates as YYYY-MM-DD, e.g. `2024-12-27`", 5, 23, "bad-value", None),
    ("tests", "tests:\n  - {rule: A, name: n, as_at: 31/03/2024, data: {}, expect: {A: pass}}\n",
     "`31/03/2024` is not a date; write dates as YYYY-MM-DD, e.g. `2024-03-31`", 2, 31, "bad-value", None),
    ("dataschema", "name: x\ntables: {t: {key: [a], fields: {a: string}}}\nrelations:\n  - t.a => u.b\n",
     "relation `t.a => u.b` must be written `table.field -> table.field`, "
     "e.g. `referrals.child_id -> children.child_id`", 4, 5, "bad-value", None),
    ("dataschema", "name: x\ntables: {t: {key: [a], fields: {a: string}}}\nrelations:\n  - {from: t.a, to: u}\n",
     "`u` must name a field as `table.field`, e.g. `referrals.child_id`", 4, 21, "bad-value", None),
    # map keys of the wrong form, located at the key
    ("pack", "casecheck: 1\nname: n\ntitle: t\nschema: csc\nareas:\n  Front_Door: Front door\n",
     "area id `Front_Door` must be lower-case letters, digits and hyphens, e.g. `front-door`", 6, 3, "bad-key", None),
    ("dataschema", "name: x\ntables:\n  t:\n    key: [a]\n    fields:\n      Child_ID: string\n",
     "field name `Child_ID` must be lower-case letters, digits and underscores, starting with a letter",
     6, 7, "bad-key", None),
]


@pytest.mark.parametrize(
    "kind, text, message, line, column, code, suggestion",
    CASES,
    ids=[f"{c[0]}-{c[5]}-{i}" for i, c in enumerate(CASES)],
)
def test_validation_errors(kind, text, message, line, column, code, suggestion):
    doc = load_yaml_text(text, f"{kind}.yaml")
    diagnostics = validate_document(doc, kind)
    assert len(diagnostics) == 1, [d.message for d in diagnostics]
    (d,) = diagnostics
    assert d.message == message
    assert (d.location.file, d.location.line, d.location.column) == (f"{kind}.yaml", line, column)
    assert d.code == code
    if suggestion is not None:
        assert d.suggestion == suggestion
    assert d.severity == "error"


def test_diagnostics_are_sorted_and_carry_the_rule():
    text = RULE_HEAD + "    expect: 1\n    severty: x\n  - id: B\n    titel: t\n"
    diagnostics = validate_document(load_yaml_text(text, "r.yaml"), "rules")
    positions = [(d.location.line, d.location.column) for d in diagnostics]
    assert positions == sorted(positions)
    assert [d.code for d in diagnostics] == [
        "bad-type", "unknown-key", "missing-key", "missing-key", "missing-key", "unknown-key",
    ]  # `titel` is reported as unknown (did you mean `title`?), not also as a missing `title`
    assert {d.rule for d in diagnostics[:2]} == {"ASSESS-45WD"}
    assert {d.rule for d in diagnostics[2:]} == {"B"}
    assert all(d.rule for d in diagnostics)


def test_every_missing_key_is_reported():
    diagnostics = validate_document(load_yaml_text("rules:\n  - title: t\n"), "rules")
    assert [d.message for d in diagnostics] == [
        f"rules[0] is missing the required key `{k}`" for k in ("id", "area", "subject", "expect")
    ]
