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
    red = run_pack(PACK, COUNCIL, dt.date(2025, 3, 31), listed=("fail",), redact_key=b"a key of sixteen bytes or more")
    ids = {c["id"] for r in plain.document["rules"] for cs in r["cases"].values() for c in cs}
    assert ids
    text = json.dumps(red.document)
    assert not [i for i in ids if f'"{i}"' in text]


# --- 2. an audit cycle that loses nothing ---------------------------------------------------

from checker.data.load import load_data  # noqa: E402
from checker.packs.pack import load_pack  # noqa: E402
from checker.tools.audit_template import build_template, read_back  # noqa: E402
from checker.tools.sampling import draw_sample  # noqa: E402

QUESTIONS = ("views_recorded", "identity_considered", "fathers_involved", "chronology_present",
             "plan_smart", "management_oversight", "risk_analysis")


@pytest.fixture(scope="module")
def ilacs():
    return load_pack("ilacs")


@pytest.fixture(scope="module")
def template(ilacs, tmp_path_factory):
    loaded = load_data(COUNCIL, ilacs.schema, "csv", dt.date(2025, 3, 31))
    sample = draw_sample(loaded, ilacs.schema, 10, 7, as_at=dt.date(2025, 3, 31))
    return build_template(ilacs, sample, tmp_path_factory.mktemp("audit") / "audit.xlsx", dt.date(2025, 3, 31))


def _fill(template, out, edit):
    from openpyxl import load_workbook

    wb = load_workbook(template)
    ws = wb["case_audits"]
    cols = {c.value: c.column_letter for c in ws[1]}
    for i in range(2, ws.max_row + 1):
        ws[f"{cols['audit_date']}{i}"] = dt.date(2025, 4, 2)
        for q in QUESTIONS:
            ws[f"{cols[q]}{i}"] = "yes"
        ws[f"{cols['grade']}{i}"] = "good"
    edit(ws, cols)
    wb.save(out)
    return out


def test_answers_as_people_type_them(ilacs, template, tmp_path):
    typed = {"Yes": "yes", "YES": "yes", "n/a": "not_applicable", "N/A": "not_applicable", "Not applicable": "not_applicable",
             "Partly evidenced": "partly", "no": "no"}
    grades = {"Requires improvement to be good": "requires_improvement", "requires improvement": "requires_improvement",
              "REQUIRES_IMPROVEMENT": "requires_improvement", "Good": "good", "Inadequate": "inadequate"}

    def edit(ws, cols):
        for i, (a, g) in enumerate(zip(typed, list(grades) * 2), start=2):
            ws[f"{cols['views_recorded']}{i}"] = a
            ws[f"{cols['grade']}{i}"] = g
    loaded = read_back(_fill(template, tmp_path / "f.xlsx", edit), ilacs.schema)
    assert loaded.rejections == [] and loaded.diagnostics.items == []
    rows = sorted(loaded.dataset.tables["case_audits"], key=lambda r: r.line)
    got = [(r.values["views_recorded"], r.values["grade"]) for r in rows[:len(typed)]]
    assert got == list(zip(typed.values(), (list(grades.values()) * 2)[:len(typed)]))


def test_a_bad_answer_loses_that_answer_not_the_case(ilacs, template, tmp_path):
    def edit(ws, cols):
        ws[f"{cols['views_recorded']}3"] = "maybe"
        ws[f"{cols['grade']}4"] = "so-so"
    loaded = read_back(_fill(template, tmp_path / "f.xlsx", edit), ilacs.schema)
    assert loaded.rejections == []
    rows = {r.line: r.values for r in loaded.dataset.tables["case_audits"]}
    assert len(rows) == 10
    assert rows[3]["views_recorded"] is None and rows[3]["fathers_involved"] == "yes" and rows[3]["grade"] == "good"
    assert rows[4]["grade"] is None and rows[4]["views_recorded"] == "yes"
    said = [(d.location.line, d.message) for d in loaded.diagnostics.items]
    assert any(line == 3 and "column `views_recorded`: `maybe` is not" in m and "read as missing" in m for line, m in said)
    assert loaded.accounts["case_audits"].unread == 2
    # the run judges the answer not evidenced, and every other answer of the case
    from checker.engine.outcomes import judge_all
    from checker.model import Context

    ctx = Context(loaded.dataset, ilacs.calendar, dt.date(2025, 4, 30), ilacs.params)
    key = next(r.key for r in loaded.dataset.tables["case_audits"] if r.line == 3)
    views = {o.key: o.outcome for o in judge_all(ilacs.rule("AUDIT-VIEWS-RECORDED"), ctx)}
    fathers = {o.key: o.outcome for o in judge_all(ilacs.rule("AUDIT-FATHERS-INVOLVED"), ctx)}
    assert views[key] == "not_evidenced" and fathers[key] == "pass"


def test_audit_grades_accounts_for_every_row(ilacs, template, tmp_path):
    def edit(ws, cols):
        ws[f"{cols['audit_date']}5"] = None  # not audited yet
        ws[f"{cols['audit_date']}6"] = "not a date"
        ws[f"{cols['views_recorded']}7"] = "maybe"
    r = invoke("audit-grades", _fill(template, tmp_path / "f.xlsx", edit))
    assert r.exit_code == 0, r.output
    assert "10 rows in the workbook = 8 audits read + 1 not filled in (no audit_date) + 1 rejected" in r.output
    assert "1 answer not one of the allowed answers" in r.output
    assert "rejected: row 6" in r.output
    assert "questions" not in r.output and "instructions" not in r.output  # no warning of the notes sheets


def test_the_unfilled_template_says_so(template):
    r = invoke("audit-grades", template)
    assert r.exit_code == 2
    assert "none of its 10 cases is filled in yet" in r.output
    assert "0 case audits" not in r.output


def test_manual_items_have_answer_columns(ilacs, template, tmp_path):
    from openpyxl import load_workbook

    ws = load_workbook(template)["case_audits"]
    header = [c.value for c in ws[1]]
    manual = [h for h in header if h and h.startswith("manual:")]
    assert manual == ["manual:" + m["id"] for m in ilacs.manual]
    col = manual[0]

    def edit(ws, cols):
        ws[f"{cols[col]}2"] = "Yes"
        ws[f"{cols[col]}3"] = "no"
    r = invoke("audit-grades", _fill(template, tmp_path / "f.xlsx", edit), "--format", "json")
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["manual"][col.split(":", 1)[1]] == {"yes": 1, "partly": 0, "no": 1, "not_applicable": 0}


def test_only_this_audits_records_feed_audit_grades(ilacs, template, tmp_path):
    """The council's data holds earlier audits of the same children; their
    failures are not this audit's."""
    import csv
    import shutil

    from openpyxl import load_workbook

    data = tmp_path / "council"
    shutil.copytree(COUNCIL, data)
    ws = load_workbook(template)["case_audits"]
    children = [ws.cell(row=i, column=2).value for i in range(2, ws.max_row + 1)]
    with open(data / "case_audits.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["audit_id", "child_id", "audit_date", "views_recorded", "grade"])
        for n, c in enumerate(children):
            w.writerow([f"OLD{n}", c, "2024-10-01", "no", "inadequate"])

    def edit(ws, cols):
        ws[f"{cols['grade']}2"] = "inadequate"
    r = invoke("audit-grades", _fill(template, tmp_path / "f.xlsx", edit), "--pack", "ilacs", "--data", data,
               "--as-at", AS_AT, "--format", "json")
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    (case,) = summary["inadequate"]
    records = [f["record"] for f in case["failures"]]
    assert not [x for x in records if "OLD" in x], records
    assert "case_audits " + case["audit_id"] in records  # this audit's own grade rule, judged from the workbook


def test_inadequate_with_no_failures_says_so():
    from checker.tools.audit_template import render_grade_summary

    summary = {"audits": 1, "graded": 1, "ungraded": 0, "basis": "b", "distribution": {"inadequate": 1},
               "good_or_better": {"count": 0, "of": 1, "share": 0.0}, "by_team": {},
               "moderation": {"moderated": 0, "share_moderated": 0, "agreed": 0, "agreement": None, "raised": 0,
                              "lowered": 0, "changed": []},
               "inadequate": [{"audit_id": "A1", "child_id": "C1", "team": None, "failures": []}]}
    assert "no rule failures" in render_grade_summary(summary)


# --- 4. words users know --------------------------------------------------------------------


def test_fail_on_takes_the_framework_label_and_suggests():
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--fail-on", "area for priority action")
    assert r.exit_code == 1 and 'at or below "Area for priority action"' in r.output
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--fail-on", "What Needs To Improve")
    assert r.exit_code == 1 and 'at or below "What needs to improve"' in r.output


def test_bad_options_are_said_before_any_data_is_read(tmp_path):
    """The data does not exist: the option is still the error said."""
    missing = tmp_path / "no-such-council"
    r = invoke("run", PACK, "--data", missing, "--as-at", AS_AT, "--fail-on", "areas for priorty action")
    assert r.exit_code == 2
    assert "--fail-on `areas for priorty action` is not a category" in r.output
    assert "did you mean `Area for priority action`?" in r.output
    assert "no-such-council" not in r.output
    r = invoke("run", PACK, "--data", missing, "--as-at", AS_AT, "--format", "xlsx")
    assert r.exit_code == 2 and "give --out FILE.xlsx" in r.output and "no-such-council" not in r.output


def test_reports_use_the_framework_words_and_cite_public_documents():
    import re

    for fmt in ("markdown", "html", "letter", "table"):
        r = invoke("run", "ilacs", "--data", COUNCIL, "--as-at", AS_AT, "--format", fmt, "--fail-on", "none",
                   "--skip-unavailable")
        assert r.exit_code == 0, r.output
        text = r.stdout
        if fmt == "html":  # what a person reads: the text, not attributes such as data-category
            text = re.sub(r"<[^>]*>", " ", re.sub(r"<script>.*?</script>", "", text, flags=re.S))
        assert not re.search(r"\b(area_for_improvement|area_for_priority_action|meets_expectations)\b", text), fmt
        assert "DOMAIN.md" not in text, fmt
        assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", text), fmt
    assert "Ofsted, Inspection of safeguarding and looked after children services, Northamptonshire" in invoke(
        "run", "ilacs", "--data", COUNCIL, "--as-at", AS_AT, "--format", "markdown", "--fail-on", "none").stdout


def test_no_user_facing_rule_text_cites_a_file_of_this_repository():
    from checker.packs.pack import load_pack

    for name in ("ilacs", "slac-2011", "cra-2010"):
        p = load_pack(name)
        for r in p.rules:
            assert "DOMAIN.md" not in json.dumps(r.guidance) + json.dumps(r.description or ""), r.id
        for m in p.manual:
            assert "DOMAIN.md" not in m["guidance"] and ".txt" not in m["guidance"], m["id"]


# --- 6. progress and confirmation -----------------------------------------------------------


def _council_with_a_bad_row(tmp_path):
    import shutil

    data = tmp_path / "council"
    shutil.copytree(COUNCIL, data)
    with open(data / "assessments.csv", "a", encoding="utf-8") as fh:
        fh.write("BAD1,C000001,,single,not-a-date,,,,,,\n")
    return data


def test_run_out_says_what_it_wrote_and_writes_no_empty_rejects(tmp_path):
    out = tmp_path / "report.md"
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "markdown", "--out", out, "--fail-on", "none")
    assert r.exit_code == 0, r.output
    assert f"wrote {out} (" in r.output and "kB)" in r.output
    assert not (tmp_path / "rejects.csv").exists()  # nothing was rejected: no header-only file
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "markdown", "--out", tmp_path / "q.md",
               "--fail-on", "none", "--quiet")
    assert "wrote" not in r.output


def test_the_rejected_rows_warning_points_only_to_a_file_written(tmp_path):
    data = _council_with_a_bad_row(tmp_path)
    r = invoke("run", PACK, "--data", data, "--as-at", AS_AT, "--fail-on", "none")
    assert r.exit_code == 0, r.output
    assert "rejects.csv" not in r.output and "--rejects FILE" in r.output
    rejects = tmp_path / "out" / "rejects.csv"
    rejects.parent.mkdir()
    r = invoke("run", PACK, "--data", data, "--as-at", AS_AT, "--fail-on", "none", "--rejects", rejects)
    assert f"see {rejects}" in r.output and rejects.exists()
    assert f"wrote {rejects} (" in r.output


def test_progress_is_shown_to_a_person_and_not_with_quiet(monkeypatch):
    import checker.cli as cli_module

    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--fail-on", "none")
    assert "casecheck: reading" not in r.output  # not a terminal: nothing
    monkeypatch.setattr(cli_module.app, "is_interactive", lambda: not cli_module.app.is_quiet())
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--fail-on", "none")
    assert f"casecheck: reading {COUNCIL} ... done (" in r.output
    assert "casecheck: writing the table report ... done" in r.output
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--fail-on", "none", "--quiet")
    assert "casecheck: reading" not in r.output


def test_generate_annex_a_says_lists_not_tables(tmp_path):
    out = tmp_path / "annex.xlsx"
    r = invoke("generate", "--children", 30, "--format", "annex-a", "--out", out)
    assert r.exit_code == 0, r.output
    assert "lists 1 and 3-9 (8 lists)" in r.output and "tables" not in r.output
    assert f"wrote {out} (" in r.output


# --- 5. history -----------------------------------------------------------------------------


def test_two_runs_with_the_same_as_at_are_compared(tmp_path):
    hist = tmp_path / "h.sqlite"
    first = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--history", hist, "--fail-on", "none")
    assert first.exit_code == 0, first.output
    assert "the first run in this history" in first.output
    assert sum(1 for ln in first.output.splitlines() if ln.rstrip().endswith(" new")) == 0  # no table of "new"
    import shutil

    corrected = tmp_path / "corrected"  # the data corrected and run again for the same date
    shutil.copytree(COUNCIL, corrected)
    lines = (corrected / "assessments.csv").read_text().splitlines(keepends=True)
    (corrected / "assessments.csv").write_text("".join(lines[:-5]))
    again = invoke("run", PACK, "--data", corrected, "--as-at", AS_AT, "--history", hist, "--fail-on", "none")
    assert f"as at {AS_AT} compared with as at {AS_AT}" in again.output, again.output
    assert "unchanged" in again.output
    # compare --history on the later run finds the earlier one, and the earlier finds none
    from checker.report.history import History

    with History(str(hist)) as h:
        runs = h.runs()
        assert len(runs) == 2
        assert h.previous(h.get(runs[1]["run_id"]))["as_at"] == AS_AT
        assert h.previous(h.get(runs[0]["run_id"])) is None


# --- 3. outputs for action ------------------------------------------------------------------


def test_csv_rows_carry_subject_child_team_worker_area_and_category():
    import csv
    import io

    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "csv", "--fail-on", "none")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    a = next(x for x in rows if x["rule_id"] == "EX-ASSESS-45WD" and x["case_id"] == "A000001")
    assert (a["subject_table"], a["child_id"], a["team"], a["worker_id"]) == ("assessments", "C000001", "Assessment North", "W000017")
    assert a["category"] == "What needs to improve"
    assert a["area"] == "The experiences and progress of children who need help and protection"
    kids = {x["child_id"] for x in rows if x["subject_table"] == "children"}
    assert kids and "" not in kids  # a children record is its own child


def test_workbook_has_judgements_and_actionable_case_sheets(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "xlsx", "--out", out, "--fail-on", "none")
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    js = wb["Judgements"]
    assert [c.value for c in js[1]][:3] == ["Judgement area", "Grade", "Why"]
    grades = {row[0].value: row[1].value for row in js.iter_rows(min_row=2)}
    assert grades["The experiences and progress of children who need help and protection"] == "Inadequate"
    ws = wb["EX-ASSESS-45WD"]
    head = [c.value for c in ws[1]]
    assert head == ["Case", "Subject table", "Child", "Team", "Worker", "Area", "start_date", "authorised_date",
                    "Outcome", "Reason", "Action", "Owner", "Due"]
    first = [c.value for c in ws[2]]
    assert first[:5] == ["A000014", "assessments", "C000028", "Assessment South", "W000006"]
    assert first[6].date() == dt.date(2024, 12, 11) and first[-3:] == [None, None, None]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:M")
    assert ws.column_dimensions["J"].width >= 60


def _html_doc():
    from checker.api import run_pack

    return run_pack(PACK, COUNCIL, dt.date(2025, 3, 31), listed=("fail", "not_evidenced"), case_context=True).document


def test_html_charts_tables_and_cases_for_action():
    import re

    from checker.report import documents as reports

    doc = _html_doc()
    long_id = "A-VERY-LONG-RULE-IDENTIFIER-FOR-A-LOCAL-STANDARD"
    doc["rules"][0]["id"] = long_id
    for a in doc["areas"]:
        a["rules"] = [long_id if r == "EX-ASSESS-45WD" else r for r in a.get("rules") or []]
    zero = doc["rules"][1]
    zero["rate"], zero["counts"]["pass"] = 0.0, 0
    team = next(r for r in doc["rules"] if (r.get("breakdowns") or {}).get("team"))
    team["breakdowns"]["team"].append({"value": None, "pass": 1, "fail": 1, "not_evidenced": 0, "denominator": 2, "rate": 0.5})
    page = reports.html(doc)
    label_w = int(re.search(r'<text x="(\d+)" y="\d+" text-anchor="end"><a href="#[^"]+">' + long_id, page).group(1)) + 10
    assert label_w >= len(long_id) * 7  # the id fits left of the bars
    assert re.search(r'<rect x="\d+" y="\d+" width="3" height="16"', page)  # a 0% rule draws a sliver
    assert ">None<" not in page and ">not recorded<" in page
    assert '<th scope="col">Team</th><th scope="col">Worker</th>' in page
    assert "<td>Assessment South</td><td>W000006</td>" in page  # a failing case's team and worker
    assert 'id="find"' in page and 'id="category-filter"' in page and 'class="cases sortable"' in page
    assert "http" not in page.split("<script>")[1]  # the script loads nothing


def test_html_pages_a_long_case_list_and_writes_it_beside(tmp_path, monkeypatch):
    import csv
    import io

    from checker.report import documents as reports

    monkeypatch.setattr(reports, "HTML_CASES_SHOWN", 3)
    out = tmp_path / "report.html"
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "html", "--out", out, "--fail-on", "none")
    assert r.exit_code == 0, r.output
    beside = tmp_path / "report-cases.csv"
    assert beside.exists() and f"wrote {beside}" in r.output
    page = out.read_text()
    assert "Showing the first 3 of 18 cases; every case is in report-cases.csv, beside this page." in page
    rows = list(csv.DictReader(io.StringIO(beside.read_text())))
    assert sum(1 for x in rows if x["rule_id"] == "EX-ASSESS-45WD") == 18


# --- 7. smaller -----------------------------------------------------------------------------


def test_rules_lists_rules_areas_tags_and_needs():
    r = invoke("rules", PACK)
    assert r.exit_code == 0, r.output
    assert "EX-ASSESS-45WD" in r.output and "needs tables" in r.output and "tags: " in r.output
    doc = json.loads(invoke("rules", PACK, "--format", "json").stdout)
    a = next(x for x in doc["rules"] if x["id"] == "EX-ASSESS-45WD")
    assert a["needs_fields"] == ["assessments.authorised_date", "assessments.start_date"] and "timeliness" in a["tags"]
    assert "timeliness" in doc["tags"] and "help-and-protection" in doc["areas"]


def test_a_tag_that_matches_nothing_gets_a_suggestion():
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--tags", "timelyness")
    assert r.exit_code == 2
    assert "has the tag `timelyness`" in r.output and "did you mean `timeliness`?" in r.output
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--tags", "timeliness,nonesuch", "--fail-on", "none")
    assert r.exit_code == 2 and "nonesuch" in r.output  # a mistyped tag beside a good one is still said


def test_terminal_titles_are_whole_and_units_agree_with_one():
    from checker.engine.outcomes import one_unit

    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--fail-on", "none")
    lines = r.output.splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith("EX-ICPC-15WD"))
    title = " ".join(ln[22:72].strip() for ln in lines[i:i + 3] if ln[:22].strip() in ("", "EX-ICPC-15WD"))
    assert "Initial child protection conferences are held within 15 working days of the strategy discussion" in " ".join(title.split())
    assert "…" not in r.output
    assert one_unit("decided 2024-10-18: 1 working days (limit 1)") == "decided 2024-10-18: 1 working day (limit 1)"
    assert one_unit("11 working days, 21 days, 0.1 days, -1 days, 1 weeks") == "11 working days, 21 days, 0.1 days, -1 days, 1 week"


def test_an_empty_list_is_explained_without_the_variable_as_a_word():
    import checker.engine.explain as explain
    from checker.engine.explain import render_trace  # noqa: F401 - the module words it

    src = Path(explain.__file__).read_text()
    assert "there is no {node.var} in it" not in src
    assert "nothing for `{node.var}` to stand for" in src


def test_run_help_says_what_data_is_without_pointing_below():
    r = invoke("run", "--help")
    assert "(see below)" not in r.output and "Annex A" in r.output


@pytest.mark.parametrize("text, want", [
    ("rules:\n  - id: X\n    title: T\n   area: foo\n    subject: children\n", (4, "`area:` is indented 3 spaces", "4 spaces")),
    ("rules:\n  - id: X\n    title: T\n      area: foo\n    subject: children\n", (4, "`area:` is indented 6 spaces", "4 spaces")),
    ("rules:\n  - id: X\n    title: T\n    expect: a\n  when: b\n  - id: Y\n", (5, "`when:` is indented 2 spaces", "4 spaces")),
])
def test_indentation_mistakes_say_what_the_indentation_should_be(text, want):
    from checker.errors import CasecheckError
    from checker.yamlsource import load_yaml_text

    with pytest.raises(CasecheckError) as exc:
        load_yaml_text(text, "r.yaml")
    (d,) = exc.value.diagnostics
    line, said, spaces = want
    assert d.location.line == line and said in d.message and f"needs {spaces}" in d.message
    assert "mapping values" not in d.message and "block end" not in d.message
    lines = text.splitlines()
    # the line above and the line below are shown, with the line as it should be
    assert f"{line - 1:>5} | {lines[line - 2]}" in d.suggestion
    assert f"{line + 1:>5} | {lines[line]}" in d.suggestion


def test_a_colon_in_a_value_says_put_it_in_quotes():
    from checker.errors import CasecheckError
    from checker.yamlsource import load_yaml_text

    with pytest.raises(CasecheckError) as exc:
        load_yaml_text("title: Note: this\n", "r.yaml")
    assert 'needs quotes: title: "Note: this"' in exc.value.diagnostics[0].suggestion


def test_a_bare_list_test_file_is_told_to_go_under_tests(tmp_path):
    from checker.validate import validate_document
    from checker.yamlsource import load_yaml_text

    (d,) = validate_document(load_yaml_text("- rule: ASSESS-45WD\n  name: x\n", "t.yaml"), "tests")
    assert "must be a mapping, not a list" in d.message and "`tests:`" in d.message
    assert "tests:" in d.suggestion


def test_a_project_config_sets_what_a_team_passes_every_month(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "casecheck.toml").write_text(
        f'pack = "{PACK}"\ndata = "{COUNCIL}"\nas-at = "{AS_AT}"\n[run]\nformat = "markdown"\nout = "report.md"\nfail-on = "none"\n')
    r = invoke("run")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "report.md").read_text().startswith("# Example council")
    r = invoke("run", "--format", "csv", "--out", "o.csv")  # the command line wins
    assert r.exit_code == 0 and (tmp_path / "o.csv").read_text().startswith("rule_id,")
    (tmp_path / "casecheck.toml").unlink()
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "x"\n[tool.casecheck]\npack = "{PACK}"\n[tool.casecheck.run]\nformt = "html"\n')
    r = invoke("run")
    assert r.exit_code == 2
    assert "`formt` in `[run]` is not an option of `casecheck run`" in r.output and "did you mean `format`?" in r.output


def test_sample_on_annex_a_uses_the_open_cin_cp_and_care_lists(tmp_path):
    annex = tmp_path / "annex.xlsx"
    assert invoke("generate", "--children", 60, "--format", "annex-a", "--out", annex).exit_code == 0
    r = invoke("sample", "--data", annex, "--as-at", AS_AT, "--size", 5, "--seed", 1)
    assert r.exit_code == 0, r.output
    assert "no child has a case open" not in r.output
    assert "the data has no case allocations: a case is open while the child has an open" in r.output
    assert r.output.count("AUD-1-") == 5


def test_parquet_outcomes_for_bi_tools(tmp_path):
    import csv
    import io

    import duckdb

    out = tmp_path / "o.parquet"
    r = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "parquet", "--out", out, "--fail-on", "none")
    assert r.exit_code == 0, r.output
    got = duckdb.sql(f"SELECT * FROM '{out.as_posix()}'").fetchall()
    text = invoke("run", PACK, "--data", COUNCIL, "--as-at", AS_AT, "--format", "csv", "--fail-on", "none").stdout
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [d[0] for d in duckdb.sql(f"DESCRIBE SELECT * FROM '{out.as_posix()}'").fetchall()]
    assert [tuple(x or "" for x in g) for g in got] == [tuple(x) for x in rows[1:]]
    r = invoke("run", PACK, "--data", tmp_path / "nowhere", "--as-at", AS_AT, "--format", "parquet")
    assert r.exit_code == 2 and "give --out FILE.parquet" in r.output


def test_answers_typed_by_hand_in_a_csv_folder_read_by_duckdb(tmp_path):
    """The same for a case_audits.csv DuckDB reads itself: `Yes` is yes; a bad
    answer sends the folder to the Python loader, which reads it as missing."""
    import shutil

    from checker.api import run_pack

    data = tmp_path / "council"
    shutil.copytree(COUNCIL, data)
    lines = (data / "case_audits.csv").read_text().splitlines()
    head = lines[0].split(",")
    col = head.index("views_recorded")
    first = lines[1].split(",")
    first[col] = "Yes"
    second = lines[2].split(",")
    second[col] = "maybe"
    (data / "case_audits.csv").write_text("\n".join([lines[0], ",".join(first), ",".join(second), *lines[3:]]) + "\n")
    run = run_pack(PACK, data, dt.date(2025, 3, 31), rules=["EX-AUDIT-VIEWS-RECORDED"])
    assert run.loaded.rejections == []
    assert run.loaded.accounts["case_audits"].unread == 1
    rows = {r.key: r.values["views_recorded"] for r in run.loaded.dataset.tables["case_audits"]}
    assert rows[first[0]] == "yes" and rows[second[0]] is None


def test_running_the_filled_workbook_warns_only_about_the_answers(ilacs, template, tmp_path):
    def edit(ws, cols):
        ws[f"{cols['views_recorded']}3"] = "maybe"
    filled = _fill(template, tmp_path / "f.xlsx", edit)
    r = invoke("run", "ilacs", "--data", filled, "--as-at", "2025-04-30", "--tags", "audit", "--skip-unavailable",
               "--fail-on", "none")
    assert r.exit_code == 0, r.output
    warnings = [ln for ln in r.output.splitlines() if ": warning:" in ln]
    assert len(warnings) == 1 and "`maybe`" in warnings[0]  # not the notes sheets, not the manual columns
