"""Type errors, found through real pack loading and reported at their line and
column in the rule file.

Each case builds a one-rule pack in ``tmp_path`` and calls ``load_pack``. The
table gives the diagnostic's code, a fragment of its message and of its
suggestion, and where it points: line, column and the text found there (the
last is a cross-check that the numbers in the table are the ones a reader
would count).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from checker.errors import CasecheckError, Diagnostic
from checker.packs.pack import load_pack

REPO = Path(__file__).resolve().parents[1]

MANIFEST = """\
casecheck: 1
name: t
title: Type-check tests
schema: csc
include: [rules/*.yaml]
"""


def rule_file(expect: str, subject: str = "s47_enquiries", area: str = "a", extra: str = "") -> str:
    """One rule. Line 4 is `area`, line 5 `subject`, line 6 `expect`; a plain
    expect value starts at column 13. ``extra`` is appended verbatim."""
    return (
        "rules:\n"
        "  - id: R-1\n"
        "    title: t\n"
        f"    area: {area}\n"
        f"    subject: {subject}\n"
        f"    expect: {expect}\n"
        f"{extra}"
    )


def write_pack(root: Path, rules: str, manifest_extra: str = "") -> Path:
    (root / "rules").mkdir(parents=True, exist_ok=True)
    (root / "pack.yaml").write_text(MANIFEST + manifest_extra, encoding="utf-8")
    (root / "rules" / "r.yaml").write_text(rules, encoding="utf-8")
    return root


def load_errors(root: Path, rules: str, manifest_extra: str = "") -> list[Diagnostic]:
    write_pack(root, rules, manifest_extra)
    with pytest.raises(CasecheckError) as info:
        load_pack(root)
    return info.value.diagnostics


@dataclass
class Case:
    id: str
    rules: str
    code: str
    message: str
    suggestion: str | None
    line: int
    column: int
    at: str  # the text the diagnostic points at
    manifest: str = ""


CASES = [
    # --- names -------------------------------------------------------------------------
    Case("unknown-field", rule_file("strat_date <= as_at"), "unknown-name",
         "unknown name `strat_date`: not a field or relation of `s47_enquiries`", "`start_date`",
         6, 13, "strat_date"),
    Case("unknown-field-of-related-record", rule_file("child.date_of_brith is present"), "unknown-field",
         "unknown field `date_of_brith` on `children`", "`date_of_birth`", 6, 13, "child.date_of_brith"),
    Case("unknown-relation-of-related-record", rule_file("child.visitz is present"), "unknown-field",
         "unknown field `visitz` on `children`", "`visits`", 6, 13, "child.visitz"),
    Case("unknown-field-in-projection", rule_file("some d in child.visits.dat where d is present"),
         "unknown-field", "unknown field `dat` on `visits`", "`date`", 6, 23, "child.visits.dat"),
    Case("unknown-function", rule_file("wroking_days_between(start_date, as_at) > 1"), "unknown-function",
         "unknown function `wroking_days_between`", "`working_days_between`", 6, 13, "wroking_days_between("),
    Case("function-used-as-name", rule_file("count > 1"), "unknown-name",
         "`count` is a function; call it with arguments", None, 6, 13, "count"),
    # --- functions -----------------------------------------------------------------------
    Case("wrong-arity", rule_file("days_between(start_date) > 1"), "bad-arguments",
         "`days_between` takes 2 arguments (two dates), not 1", None, 6, 13, "days_between(start_date)"),
    Case("wrong-argument-type", rule_file("days_between(start_date, 3) > 1"), "bad-arguments",
         "`days_between` argument 2 must be a date, not an integer", None, 6, 38, "3)"),
    Case("count-of-non-list", rule_file("count(start_date) > 0"), "bad-arguments",
         "`count` needs a list of anything, not a date", None, 6, 19, "start_date)"),
    Case("on_schedule-arity", rule_file("on_schedule(child.visits.date, start_date, as_at)"), "bad-arguments",
         "`on_schedule` takes 4 arguments (dates, start, until, intervals), not 3", None, 6, 13, "on_schedule("),
    Case("on_schedule-records", rule_file("on_schedule(child.visits, start_date, as_at, [3 months])"),
         "bad-arguments", "argument 1 must be a list of dates, not a list of visits records", None,
         6, 25, "child.visits,"),
    Case("on_schedule-until", rule_file("on_schedule(child.visits.date, start_date, 5, [3 months])"),
         "bad-arguments", "argument 3 (until) must be a date, not an integer", None, 6, 56, "5,"),
    Case("on_schedule-intervals-numbers", rule_file("on_schedule(child.visits.date, start_date, as_at, [3, 6])"),
         "bad-arguments", "argument 4 must be a list of durations such as [3 months, 6 months], not a list of integers",
         None, 6, 63, "[3, 6]"),
    Case("on_schedule-interval-not-list", rule_file("on_schedule(child.visits.date, start_date, as_at, 3 months)"),
         "bad-arguments", "argument 4 must be a list of durations", None, 6, 63, "3 months)"),
    Case("date-argument-type", rule_file('date(2024, "3", 31) == start_date'), "bad-arguments",
         "`date` argument 2 must be an integer, not a string; use date(year, month, day)", None, 6, 24, '"3"'),
    Case("date-arity", rule_file("date(2024, 3) == start_date"), "bad-arguments",
         "`date` takes 3 arguments, not 2", None, 6, 13, "date(2024, 3)"),
    Case("date-is-a-date", rule_file("date(2024, 3, 31) > 5"), "type-mismatch",
         "cannot compare a date with an integer using `>`", "days_between(a, b)", 6, 13, "date(2024, 3, 31) > 5"),
    # --- operators -----------------------------------------------------------------------
    Case("date-vs-number", rule_file("start_date > 5"), "type-mismatch",
         "cannot compare a date with an integer using `>`", "days_between(a, b)", 6, 13, "start_date > 5"),
    Case("date-minus-date", rule_file("end_date - start_date > 5 days"), "type-mismatch",
         "cannot use `-` on a date and a date", "use days_between(a, b) or working_days_between(a, b)",
         6, 13, "end_date - start_date"),
    Case("date-plus-number", rule_file("start_date + 45 <= as_at"), "type-mismatch",
         "cannot use `+` on a date and an integer", "add a duration with a unit", 6, 13, "start_date + 45"),
    Case("date-vs-quoted-string", rule_file('start_date == "2024-01-01"'), "type-mismatch",
         "cannot compare a date with a string using `==`", "write a date without quotes", 6, 13, "start_date =="),
    Case("code-literal-not-in-set", rule_file('latest_category == "NEGLECT"', subject="cp_plans"), "unknown-code",
         "`NEGLECT` is not a code in `abuse_category` (NEG, PHY, SAB, EMO, MUL)", "`NEG` (Neglect)",
         6, 32, '"NEGLECT"'),
    Case("code-label-in-list", rule_file('latest_category in ["NEG", "Emotional abuse"]', subject="cp_plans"),
         "unknown-code", "`Emotional abuse` is not a code in `abuse_category`", "`EMO` (Emotional abuse)",
         6, 40, '"Emotional abuse"'),
    Case("in-with-non-list", rule_file('child_id in "abc"'), "type-mismatch",
         "`in` needs a list on its right", None, 6, 25, '"abc"'),
    Case("within-non-duration", rule_file("end_date within 5 after start_date"), "type-mismatch",
         "`within` needs a duration such as `45 working days`, but `5` is an integer", None, 6, 29, "5 after"),
    Case("within-non-date", rule_file("icpc_not_required within 5 days after start_date"), "type-mismatch",
         "`within` compares dates, but `icpc_not_required` is a boolean", None, 6, 13, "icpc_not_required"),
    Case("mixed-list", rule_file("start_date in [2024-01-01, 3]"), "type-mismatch",
         "list items must all be of one type: `3` is an integer, the first is a date", None, 6, 40, "3]"),
    Case("attribute-of-date", rule_file("start_date.year == 2024"), "type-mismatch",
         "`.year` needs a record, but `start_date` is a date", None, 6, 13, "start_date.year"),
    Case("not-of-date", rule_file("not end_date"), "type-mismatch",
         "the operand of `not` must be true or false, but `end_date` is a date", "is present", 6, 17, "end_date"),
    # --- conditions ----------------------------------------------------------------------
    Case("expect-not-boolean", rule_file("start_date"), "not-boolean",
         "`expect` must be a condition (true or false), but `start_date` is a date", "is present",
         6, 13, "start_date"),
    Case("when-not-boolean", rule_file("start_date is present", extra="    when: child.visits\n"), "not-boolean",
         "`when` must be a condition (true or false), but `child.visits` is a list of visits records",
         "use a quantifier", 7, 11, "child.visits"),
    # --- quantifiers ---------------------------------------------------------------------
    Case("quantifier-over-date", rule_file("some x in start_date where true"), "type-mismatch",
         "`start_date` is a date, not a list to range over", None, 6, 23, "start_date where"),
    Case("quantifier-over-record", rule_file("some v in child where v.uasc"), "type-mismatch",
         "`child` is a children record, not a list to range over", "is a single record", 6, 23, "child where"),
    Case("variable-shadows-field", rule_file("some child_id in child.visits where true"), "shadowing",
         "variable `child_id` hides the field `child_id` of `s47_enquiries`", None, 6, 13, "some child_id"),
    Case("variable-reused", rule_file("some v in child.visits where some v in child.visits where v.seen"),
         "shadowing", "variable `v` is already in use here", None, 6, 42, "some v in child.visits where v.seen"),
    Case("where-not-boolean", rule_file("some v in child.visits where v.date"), "type-mismatch",
         "a `where` clause must be true or false, but `v.date` is a date", "or test `is present`", 6, 42, "v.date"),
    # --- the pack around the expression --------------------------------------------------
    Case("unknown-subject", rule_file("start_date is present", subject="s47_enquiry"), "unknown-table",
         "unknown subject table `s47_enquiry` in schema `csc`", "`s47_enquiries`", 5, 14, "s47_enquiry"),
    Case("unknown-area", rule_file("start_date is present", area="helpp"), "unknown-area",
         "area `helpp` is not one of the pack's areas (help, care)", "`help`", 4, 11, "helpp",
         manifest="areas:\n  help: Help\n  care: Care\n"),
    # --- positions inside block scalars and templates ------------------------------------
    Case("syntax-error-in-literal-block",
         rule_file("|\n      start_date is present\n        and end_date = start_date\n"),
         "syntax", "Use `==` to compare", None, 8, 22, "= start_date"),
    Case("type-error-in-folded-block",
         rule_file(">\n      start_date is present\n        and strat_date <= as_at\n"),
         "unknown-name", "unknown name `strat_date`", "`start_date`", 8, 13, "strat_date <="),
    Case("error-in-double-quoted-scalar", rule_file('"child_id in \\"abc\\""'), "type-mismatch",
         "`in` needs a list on its right", None, 6, 26, '\\"abc\\"'),
    Case("unknown-name-in-reason-template",
         rule_file("start_date is present",
                   extra='    reasons:\n      fail: "started {start_date} and ended {end_dat}"\n'),
         "unknown-name", "unknown name `end_dat`", "`end_date`", 8, 46, "end_dat}"),
    Case("syntax-error-in-reason-template",
         rule_file("start_date is present", extra='    reasons:\n      fail: "started {start_date +} x"\n'),
         "syntax", "ends too early", None, 8, 35, "} x"),
    Case("type-error-in-reason-template-block",
         rule_file("start_date is present",
                   extra="    reasons:\n      fail: |\n        started {start_date}\n        ended {end_date.x}\n"),
         "type-mismatch", "`.x` needs a record, but `end_date` is a date", None, 10, 16, "end_date.x}"),
    Case("unknown-finding-placeholder",
         rule_file("start_date is present", extra='    finding:\n      fail: "{fail} of {denominatr} cases"\n'),
         "bad-template", "unknown placeholder `{denominatr}` in finding template", "`denominator`",
         8, 24, "{denominatr}"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_type_error_is_reported_at_its_place(tmp_path, case):
    diags = load_errors(tmp_path, case.rules, case.manifest)
    assert len(diags) == 1, [d.render() for d in diags]
    d = diags[0]
    assert d.code == case.code, d.render()
    assert case.message in d.message, d.render()
    if case.suggestion is None:
        assert d.suggestion is None, d.render()
    else:
        assert d.suggestion is not None and case.suggestion in d.suggestion, d.render()
    assert Path(d.location.file).name == "r.yaml"
    assert (d.location.line, d.location.column) == (case.line, case.column), d.render()
    # cross-check the numbers against the file itself
    line_text = case.rules.splitlines()[case.line - 1]
    assert line_text[case.column - 1 :].startswith(case.at), (line_text, case.at)


def test_every_problem_is_reported_at_once(tmp_path):
    rules = (
        rule_file("strat_date <= as_at", extra="    when: end_date\n")
        + "  - id: R-2\n    title: t\n    area: a\n    subject: cp_plans\n"
        + '    expect: latest_category == "NEGLECT"\n'
    )
    diags = load_errors(tmp_path, rules)
    assert [(d.code, d.rule, d.location.line) for d in diags] == [
        ("unknown-name", "R-1", 6),
        ("not-boolean", "R-1", 7),
        ("unknown-code", "R-2", 12),
    ]


def test_diagnostic_renders_with_caret(tmp_path):
    diags = load_errors(tmp_path, rule_file('latest_category == "NEGLECT"', subject="cp_plans"))
    text = diags[0].render()
    assert "r.yaml:6:32: error:" in text
    assert '    expect: latest_category == "NEGLECT"' in text
    assert text.splitlines()[2] == "      | " + " " * 31 + "^" * len('"NEGLECT"')
    assert "help: did you mean `NEG` (Neglect)?" in text


GOOD_RULES = """\
rules:
  - id: S47-STRATEGY
    title: A strategy discussion comes first
    area: help
    subject: s47_enquiries
    when: start_date <= as_at
    expect: |
      some sd in child.strategy_discussions
        where sd.date <= start_date and sd.date >= start_date - lookback
    reasons:
      fail: "started {start_date}; {count(child.strategy_discussions)} discussions on file {{braces}}"
    finding:
      fail: "{fail} of {denominator} ({rate})"
  - id: CP-REVIEW
    title: CP reviews are on time
    area: help
    subject: cp_plans
    expect: |
      on_schedule([c.date for c in conferences where c.type == "review"],
                  start_date, end_date ?? as_at, intervals)
      and latest_category in ["NEG", "EMO"]
      and previous_plans ?? 0 <= limit
"""


def test_a_correct_pack_loads_cleanly(tmp_path):
    write_pack(
        tmp_path,
        GOOD_RULES,
        "areas:\n  help: Help and protection\n"
        "parameters:\n  lookback: 10 working days\n  intervals: '[3 months, 6 months]'\n  limit: 2\n",
    )
    pack = load_pack(tmp_path)
    assert pack.warnings == []
    assert [r.id for r in pack.rules] == ["S47-STRATEGY", "CP-REVIEW"]
    s47 = pack.rule("S47-STRATEGY")
    assert s47.tables == {"s47_enquiries", "children", "strategy_discussions"}
    assert [p for p in s47.reasons["fail"].parts if isinstance(p, str)] == [
        "started ", "; ", " discussions on file ", "{", "braces", "}",
    ]
    assert pack.rule("CP-REVIEW").tables == {"cp_plans", "cp_conferences"}


def test_example_pack_loads_cleanly():
    pack = load_pack(REPO / "examples" / "pack")
    assert pack.rules and pack.warnings == []


# --- suspected bugs ----------------------------------------------------------------------


def test_empty_list_is_described_in_plain_words(tmp_path):
    diags = load_errors(tmp_path, rule_file("'[latest_category] != []'", subject="cp_plans"))
    assert diags[0].code == "type-mismatch"
    assert "list of empty" not in diags[0].message


def test_parameter_clashing_with_a_field_is_reported_once_at_the_parameter(tmp_path):
    diags = load_errors(tmp_path, rule_file("start_date is present"), "parameters:\n  start_date: 4 weeks\n")
    (d,) = [d for d in diags if d.code == "shadowing"]
    assert d.message.startswith("parameter `start_date` has the same name as a field or relation of `s47_enquiries`")
    assert d.location.file.endswith("pack.yaml")
    assert (d.location.line, d.location.column) == (7, 3)


def test_working_days_on_a_datetime_type_checks(tmp_path):
    """datetime + working days keeps the time of day (see test_evaluate)."""
    root = tmp_path
    write_pack(root, rule_file("date_of(2024-01-05T10:00 + 2 working days) > as_at"))
    load_pack(root)
