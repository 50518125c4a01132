"""A run's values for a pack's parameters (``casecheck run PACK --param NAME=VALUE``,
``run_pack(params=...)``): any declared parameter may be given, read as its type; a
parameter declared with no value (``{type, description, pattern}``: the council's own
code) makes the rules reading it *not run*, saying what to give, until a run gives it;
never passed, never a crash. A bad name, type or form is a clear error before the data
is read."""

from __future__ import annotations

import datetime as _dt
import json

import pytest
from click.testing import CliRunner

from checker import typesys as T
from checker.api import run_pack
from checker.cli import cli
from checker.errors import CasecheckError
from checker.packs.pack import load_pack
from checker.packs.runparams import lacking, parse_assignments, read_value, with_params

AS_AT = "2025-03-31"

PACK = """casecheck: 1
name: own-code
title: The council's own code
version: "1"
schema: csc
parameters:
  own_code:
    type: string
    pattern: '[A-Z]{4}'
    description: the council's own ethnicity code, for this test
  oldest: 2010-01-01
include: [rules/*.yaml]
"""
RULES = """rules:
- id: OWN-CODE
  title: The child's ethnicity is the council's own code
  area: children
  subject: children
  when: ethnicity is present
  expect: ethnicity == own_code
- id: BORN-AFTER
  title: Born after the oldest date
  area: children
  subject: children
  when: date_of_birth is present
  expect: date_of_birth > oldest
"""
CHILDREN = "child_id,ethnicity,date_of_birth\nA,WBRI,2012-05-01\nB,WIRI,2008-01-01\nC,,\n"


@pytest.fixture()
def pack(tmp_path):
    (tmp_path / "pack" / "rules").mkdir(parents=True)
    (tmp_path / "pack" / "pack.yaml").write_text(PACK)
    (tmp_path / "pack" / "rules" / "r.yaml").write_text(RULES)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "children.csv").write_text(CHILDREN)
    return tmp_path


def _run(pack, *extra, code=(0, 1)):
    res = CliRunner().invoke(cli, ["run", str(pack / "pack"), "--data", str(pack / "data"), "--as-at", AS_AT,
                                   "--format", "json", "--skip-unavailable", "--engine", "reference", *extra])
    assert res.exit_code in code, res.output
    return res


def test_a_parameter_with_no_value_is_declared_and_typed(pack):
    p = load_pack(pack / "pack")
    assert p.param_types["own_code"] == T.STRING and "own_code" not in p.params
    assert p.per_run["own_code"]["description"].startswith("the council's own")
    assert p.params["oldest"] == _dt.date(2010, 1, 1) and "oldest" not in p.per_run
    rule = next(r for r in p.rules if r.id == "OWN-CODE")
    assert lacking(rule, p) and "--param own_code=" in lacking(rule, p)[0]
    assert not lacking(rule, with_params(p, {"own_code": "WBRI"}))


def test_without_it_the_rules_reading_it_are_not_run(pack):
    doc = json.loads(_run(pack).stdout)
    not_run = {r["id"]: r["needs"] for r in doc["not_run"]}
    assert list(not_run) == ["OWN-CODE"]
    assert "parameter `own_code` (the council's own ethnicity code, for this test)" in not_run["OWN-CODE"][0]
    assert [r["id"] for r in doc["rules"]] == ["BORN-AFTER"]


@pytest.mark.parametrize("engine", ["reference", "duckdb"])
def test_given_it_they_are_judged_by_it(pack, engine):
    run = run_pack(pack / "pack", pack / "data", _dt.date(2025, 3, 31), engine=engine, skip_unavailable=True,
                   params={"own_code": "WBRI", "oldest": "2007-01-01"}, record_history=False)
    rules = {r["id"]: r for r in run.document["rules"]}
    assert not run.document.get("not_run")
    assert [c["id"] for c in rules["OWN-CODE"]["cases"]["fail"]] == ["B"]
    assert [c["id"] for c in rules["OWN-CODE"]["cases"]["pass"]] == ["A"]
    # a default overridden: born after 2007 both pass (2010 failed B)
    assert rules["BORN-AFTER"]["counts"]["pass"] == 2 and rules["BORN-AFTER"]["counts"]["fail"] == 0


@pytest.mark.parametrize("given,message", [
    (["--param", "own_cod=WBRI"], "has no parameter `own_cod`"),
    (["--param", "own_code=wbri"], "is not of the form the pack declares"),
    (["--param", "oldest=yesterday"], "is not a date in the form YYYY-MM-DD"),
    (["--param", "own_code"], "is not NAME=VALUE"),
    (["--param", "own_code=WBRI", "--param", "own_code=WIRI"], "is given twice"),
])
def test_a_bad_parameter_is_a_clear_error(pack, given, message):
    res = _run(pack, *given, code=(2,))
    assert message in res.output and "Traceback" not in res.output


def test_values_are_read_as_their_type():
    assert read_value("n", "4", T.INTEGER) == 4
    assert str(read_value("n", "0.5", T.DECIMAL)) == "0.5"
    assert read_value("b", "TRUE", T.BOOLEAN) is True
    assert read_value("d", "4 weeks", T.DURATION).amount == 4
    for text, want in (("four", T.INTEGER), ("maybe", T.BOOLEAN), ("soon", T.DURATION)):
        with pytest.raises(CasecheckError):
            read_value("x", text, want)
    assert parse_assignments(["a=1", " b = x=y "]) == {"a": "1", "b": "x=y"}


def test_a_declaration_must_have_a_known_type(pack):
    (pack / "pack" / "pack.yaml").write_text(PACK.replace("type: string", "type: text"))
    with pytest.raises(CasecheckError) as exc:
        load_pack(pack / "pack")
    assert "own_code" in str(exc.value.diagnostics[0].render())


def test_a_pack_test_of_such_a_rule_must_give_it(pack):
    (pack / "pack" / "tests").mkdir()
    (pack / "pack" / "tests" / "t.yaml").write_text("""tests:
- rule: OWN-CODE
  name: no code given
  as_at: "2025-03-31"
  data: {children: [{child_id: A, ethnicity: WBRI}]}
  expect: {A: pass}
- rule: OWN-CODE
  name: the code given
  as_at: "2025-03-31"
  parameters: {own_code: '"WBRI"'}
  data: {children: [{child_id: A, ethnicity: WBRI}, {child_id: B, ethnicity: WIRI}]}
  expect: {A: pass, B: fail}
""")
    res = CliRunner().invoke(cli, ["test", str(pack / "pack")])
    assert "must set parameter `own_code`" in res.output and "Traceback" not in res.output
    assert res.exit_code != 0


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.one_of(st.integers(-10**12, 10**12).map(lambda n: (str(n), T.INTEGER, n)),
                 st.dates().map(lambda d: (d.isoformat(), T.DATE, d)),
                 st.booleans().map(lambda b: (str(b).lower(), T.BOOLEAN, b)),
                 st.text(min_size=1).filter(lambda t: t.strip() == t).map(lambda t: (t, T.STRING, t))))
def test_a_value_typed_on_the_command_line_is_read_back_as_itself(case):
    text, want, value = case
    assert read_value("p", text, want) == value
