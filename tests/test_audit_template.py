"""checker.tools.audit_template: the case-audit workbook, read back as case_audits,
and the grade summary."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from checker.data.load import load_data, load_records
from checker.engine.outcomes import Outcome, judge_all
from checker.model import FAIL, PASS, Context
from checker.packs.pack import load_pack
from checker.report.result import RuleResult
from checker.tools.audit_template import (
    build_template,
    failures_by_child,
    grade_summary,
    question_columns,
    read_back,
    render_grade_summary,
)
from checker.tools.sampling import draw_sample

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "examples" / "pack"
COUNCIL = ROOT / "examples" / "council"
AS_AT = dt.date(2025, 3, 31)
ANSWERS = ["yes", "partly", "no", "not_applicable"]
GRADES = ["outstanding", "good", "requires_improvement", "inadequate"]


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


@pytest.fixture(scope="module")
def sample(pack):
    loaded = load_data(COUNCIL, pack.schema, "csv", AS_AT)
    return draw_sample(loaded, pack.schema, 12, 2025, as_at=AS_AT)


@pytest.fixture(scope="module")
def template(pack, sample, tmp_path_factory) -> Path:
    return build_template(pack, sample, tmp_path_factory.mktemp("tpl") / "audit.xlsx", AS_AT)


def _columns(ws) -> dict[str, str]:
    return {c.value: c.column_letter for c in ws[1]}


def test_case_audits_sheet_layout(pack, sample, template):
    wb = load_workbook(template)
    assert wb.sheetnames == ["case_audits", "questions", "instructions"]
    ws = wb["case_audits"]
    header = [c.value for c in ws[1]]
    assert header == list(pack.schema.tables["case_audits"].fields)
    assert header[:5] == ["audit_id", "child_id", "audit_date", "auditor_id", "team"]
    assert header[-2:] == ["grade", "moderated_grade"]
    assert ws.max_row == len(sample) + 1
    for i, s in enumerate(sample, start=2):
        row = {h: ws.cell(row=i, column=j).value for j, h in enumerate(header, start=1)}
        assert (row["audit_id"], row["child_id"], row["team"]) == (s["audit_id"], s["child_id"], s["team"])
        assert all(v is None for k, v in row.items() if k not in ("audit_id", "child_id", "team"))


def test_dropdowns(pack, sample, template):
    ws = load_workbook(template)["case_audits"]
    cols = _columns(ws)
    found = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        for rng in dv.sqref.ranges:
            found[rng.coord] = (dv.formula1, dv.prompt)
    last = len(sample) + 1
    questions = question_columns(pack.schema)
    assert "views_recorded" in questions and len(questions) == 7
    for q in questions:
        formula, prompt = found.pop(f"{cols[q]}2:{cols[q]}{last}")
        assert formula.strip('"').split(",") == ANSWERS
        assert prompt == pack.schema.tables["case_audits"].fields[q].description
    for g in ("grade", "moderated_grade"):
        formula, _ = found.pop(f"{cols[g]}2:{cols[g]}{last}")
        assert formula.strip('"').split(",") == GRADES
    assert not found  # no other column has a dropdown


def test_questions_sheet_names_the_rules_and_manual_items(pack, sample, tmp_path):
    wb = load_workbook(build_template(pack, sample, tmp_path / "a.xlsx", AS_AT))
    rows = {r[0]: r for r in wb["questions"].iter_rows(min_row=2, values_only=True) if r[0]}
    views = rows["views_recorded"]
    assert views[1] == "The child's wishes and feelings are recorded and inform the plan"
    assert "EX-AUDIT-VIEWS-RECORDED: Audited cases record the child's wishes and feelings" in views[3]
    assert "Working Together to Safeguard Children (2018)" in views[4]
    assert rows["plan_smart"][3] is None  # no rule uses it
    assert "Manual items" not in rows  # the example pack has no manual list
    text = "\n".join(str(r[0]) for r in wb["instructions"].iter_rows(values_only=True) if r[0])
    assert "audit_date" in text and "requires_improvement" in text

    # A pack with manual items: one attached to a column, one without.
    manual_pack = SimpleNamespace(
        title="Manual", rules=pack.rules, schema=pack.schema, framework=None,
        manual=[{"id": "M-CHRON", "question": "Chronology read in full", "field": "chronology_present"},
                "Case summary explains why the child is open"],
    )
    wb = load_workbook(build_template(manual_pack, sample, tmp_path / "m.xlsx", AS_AT))
    rows = [r for r in wb["questions"].iter_rows(min_row=2, values_only=True)]
    by_col = {r[0]: r for r in rows if r[0]}
    assert by_col["chronology_present"][5] == "M-CHRON: Chronology read in full"
    assert "Manual items" in by_col
    assert ("M2", "Case summary explains why the child is open") in [(r[0], r[1]) for r in rows]


def test_identical_bytes(pack, sample, template, tmp_path):
    again = build_template(pack, sample, tmp_path / "elsewhere" / "again.xlsx", AS_AT)
    assert again.read_bytes() == template.read_bytes()
    with zipfile.ZipFile(template) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert "2025-03-31T00:00:00Z" in core
    later = build_template(pack, sample, tmp_path / "later.xlsx", dt.date(2025, 4, 30))
    assert later.read_bytes() != template.read_bytes()


def test_round_trip(pack, sample, template, tmp_path):
    wb = load_workbook(template)
    ws = wb["case_audits"]
    cols = _columns(ws)
    filled = {}
    for i in range(2, len(sample) + 2):
        ws[f"{cols['audit_date']}{i}"] = dt.date(2025, 4, i)  # a date cell
        ws[f"{cols['auditor_id']}{i}"] = "W000001"
        ws[f"{cols['views_recorded']}{i}"] = ANSWERS[i % 4]
        ws[f"{cols['grade']}{i}"] = GRADES[i % 4]
        filled[ws[f"A{i}"].value] = (dt.date(2025, 4, i), ANSWERS[i % 4], GRADES[i % 4])
    ws[f"{cols['audit_date']}2"] = "2025-04-02"  # typed as text, as people do
    ws[f"{cols['moderated_grade']}2"] = "good"
    ws[f"{cols['risk_analysis']}3"] = "partly"
    out = tmp_path / "filled.xlsx"
    wb.save(out)

    for loaded in (load_data(out, pack.schema, "xlsx"), read_back(out, pack.schema)):
        assert loaded.rejections == []
        assert loaded.accounts["case_audits"].read == len(sample)
        rows = {r.key: r.values for r in loaded.dataset.tables["case_audits"]}
        assert set(rows) == {s["audit_id"] for s in sample}
        for s in sample:
            v = rows[s["audit_id"]]
            assert (v["child_id"], v["team"]) == (s["child_id"], s["team"])
            assert (v["audit_date"], v["views_recorded"], v["grade"]) == filled[s["audit_id"]]
        first, second = sample[0]["audit_id"], sample[1]["audit_id"]
        assert rows[first]["moderated_grade"] == "good" and rows[second]["risk_analysis"] == "partly"
        assert rows[second]["moderated_grade"] is None and rows[first]["plan_smart"] is None
    # The workbook names its helper sheets as notes: the reader does not complain of them
    # (issue 20: `run --data audit.xlsx` warned about the template's own sheets).
    direct = load_data(out, pack.schema, "xlsx")
    assert direct.diagnostics.items == []
    assert read_back(out, pack.schema).diagnostics.items == []


def test_unfilled_rows_are_rejected_not_lost(pack, sample, template):
    loaded = read_back(template, pack.schema)
    assert loaded.accounts["case_audits"].read == len(sample)
    assert {r.reason for r in loaded.rejections} == {"missing required value"}
    assert {r.column for r in loaded.rejections} == {"audit_date"}


def _audit(aid, team, grade, moderated=None, child=None):
    return {"audit_id": aid, "child_id": child or "C" + aid, "audit_date": "2025-04-01", "team": team,
            "grade": grade, "moderated_grade": moderated}


def test_grade_summary_numbers(pack):
    loaded = load_records(pack.schema, {"case_audits": [
        _audit("1", "A", "good"),
        _audit("2", "A", "inadequate", "inadequate"),  # moderated, agreed
        _audit("3", "B", "requires_improvement", "good"),  # raised
        _audit("4", "B", "good", "requires_improvement"),  # lowered
        _audit("5", "B", "outstanding"),
        _audit("6", None, None),  # not graded yet
        _audit("7", "A", "requires_improvement", "inadequate"),  # lowered
    ]}, "test")
    s = grade_summary(loaded)
    assert (s["audits"], s["graded"], s["ungraded"]) == (7, 6, 1)
    assert s["distribution"] == {"outstanding": 1, "good": 2, "requires_improvement": 1, "inadequate": 2}
    assert s["good_or_better"] == {"count": 3, "of": 6, "share": 0.5}
    assert s["auditor"]["distribution"] == {"outstanding": 1, "good": 2, "requires_improvement": 2, "inadequate": 1}
    assert list(s["by_team"]) == ["(no team)", "A", "B"]
    assert s["by_team"]["A"]["distribution"] == {"outstanding": 0, "good": 1, "requires_improvement": 0, "inadequate": 2}
    assert s["by_team"]["A"]["good_or_better"]["share"] == 0.3333
    assert s["by_team"]["B"]["good_or_better"] == {"count": 2, "of": 3, "share": 0.6667}
    assert s["by_team"]["(no team)"]["good_or_better"]["share"] is None
    m = s["moderation"]
    assert (m["moderated"], m["agreed"], m["agreement"], m["raised"], m["lowered"]) == (4, 1, 0.25, 1, 2)
    assert m["share_moderated"] == round(4 / 7, 4)
    assert [(c["audit_id"], c["grade"], c["moderated_grade"], c["change"]) for c in m["changed"]] == [
        ("3", "requires_improvement", "good", "raised"),
        ("4", "good", "requires_improvement", "lowered"),
        ("7", "requires_improvement", "inadequate", "lowered"),
    ]
    assert [e["audit_id"] for e in s["inadequate"]] == ["2", "7"]
    assert "failures" not in s["inadequate"][0]
    text = render_grade_summary(s)
    assert "good or better: 3 of 6 (50%)" in text and "7  child C7" in text

    empty = grade_summary(load_records(pack.schema, {}, "test"))
    assert empty["audits"] == 0 and empty["good_or_better"]["share"] is None
    assert empty["moderation"]["agreement"] is None


def test_inadequate_cases_carry_their_rule_failures(pack):
    loaded = load_records(pack.schema, {
        "children": [{"child_id": "C1"}, {"child_id": "C2"}],
        "case_audits": [
            {**_audit("AU1", "A", "inadequate", child="C1"), "views_recorded": "no"},
            {**_audit("AU2", "A", "good", child="C2"), "views_recorded": "yes"},
        ],
    }, "test")
    rule = pack.rule("EX-AUDIT-VIEWS-RECORDED")
    outcomes = judge_all(rule, Context(loaded.dataset, pack.calendar, AS_AT, pack.params))
    assert [o.outcome for o in outcomes] == [FAIL, PASS]
    other = SimpleNamespace(rule=SimpleNamespace(id="CHILD-X", title="x", subject="children"),
                            outcomes=[Outcome("C1", FAIL, "why"), Outcome("C2", PASS, "")])
    fails = failures_by_child([RuleResult(rule, outcomes), other], loaded)
    assert list(fails) == ["C1"]
    assert [(f["rule"], f["record"]) for f in fails["C1"]] == [
        ("CHILD-X", "children C1"), ("EX-AUDIT-VIEWS-RECORDED", "case_audits AU1")]
    s = grade_summary(loaded, fails)
    assert [(e["child_id"], [f["rule"] for f in e["failures"]]) for e in s["inadequate"]] == [
        ("C1", ["CHILD-X", "EX-AUDIT-VIEWS-RECORDED"])]
    assert "EX-AUDIT-VIEWS-RECORDED (case_audits AU1): auditor's answer: no" in render_grade_summary(s)
