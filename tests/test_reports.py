"""The report renderers (checker/reports.py): golden files for the Markdown
report, the three letter styles, the HTML page and the outcomes CSV; the Excel
workbook opened with openpyxl; escaping, formula-injection guards and
determinism.

The fixture (tests/fixtures/reports/result.json) is a real result: the
example pack (with `sample: true`, so rates carry Wilson intervals) run over
the example council as at 2025-03-31, with `history` from
`checker.report.history.compare(result, previous)` against the same run as at
2024-12-31. cra-2009.json and slac-2011.json overlay the same runs made with
`framework: cra-2009` / `slac-2011` in the pack (ASSESS-45WD's thresholds
renamed to those frameworks' categories): framework, sample, areas, overall,
history and each rule's findings keys.

Rewrite the goldens after an intended change with

    CASECHECK_UPDATE_GOLDENS=1 pytest tests/test_reports.py

and review the diff.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import time
import zipfile
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("jinja2")

from checker.report import documents as reports

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "reports"
GOLDEN = HERE / "golden"
UPDATE = os.environ.get("CASECHECK_UPDATE_GOLDENS") == "1"
SCRIPT = "<script>alert(1)</script>"

_BASE = json.loads((FIXTURES / "result.json").read_text(encoding="utf-8"))


def load_result(framework: str = "ilacs") -> dict:
    """The fixture result for a framework (a fresh copy each time)."""
    result = copy.deepcopy(_BASE)
    if framework != "ilacs":
        overlay = json.loads((FIXTURES / f"{framework}.json").read_text(encoding="utf-8"))
        for key in ("framework", "areas", "overall", "actions", "history"):
            result[key] = overlay[key]
        for rule in result["rules"]:
            rule.update(overlay["rules"][rule["id"]])
    return result


def plain_result() -> dict:
    """The result as casecheck emits it before the findings work: no
    framework, areas, overall, history or per-rule findings keys."""
    result = load_result()
    for key in ("framework", "areas", "overall", "history"):
        del result[key]
    for rule in result["rules"]:
        for key in ("category_label", "why", "interval", "small_n", "narrative", "breakdowns"):
            del rule[key]
        rule["category"] = None
    return result


def rule(result: dict, rule_id: str) -> dict:
    return next(r for r in result["rules"] if r["id"] == rule_id)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"missing golden {path}; run with CASECHECK_UPDATE_GOLDENS=1 to create it"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{name} differs from its golden; if intended, rerun with CASECHECK_UPDATE_GOLDENS=1 and review the diff"


# ------------------------------------------------------------------ goldens

GOLDENS = [
    ("report.md", reports.markdown, "ilacs"),
    ("letter-ilacs.md", reports.letter, "ilacs"),
    ("letter-ilacs-focused-visit.md", lambda result: reports.letter(result, product="focused-visit"), "ilacs"),
    ("letter-cra-2009.md", reports.letter, "cra-2009"),
    ("letter-slac-2011.md", reports.letter, "slac-2011"),
    ("report.html", reports.html, "ilacs"),
    ("outcomes.csv", reports.outcomes_csv, "ilacs"),
]


@pytest.mark.parametrize("name, render, framework", GOLDENS, ids=[g[0] for g in GOLDENS])
def test_golden(name, render, framework):
    check_golden(name, render(load_result(framework)))


# ------------------------------------------------------------------ determinism

@pytest.mark.parametrize("render", [reports.markdown, reports.letter, reports.html, reports.outcomes_csv, reports.xlsx],
                         ids=["markdown", "letter", "html", "csv", "xlsx"])
def test_two_renders_are_identical(render):
    assert render(load_result()) == render(load_result())


def test_xlsx_bytes_do_not_depend_on_the_clock(monkeypatch):
    first = reports.xlsx(load_result())
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86400 * 400)  # zip entries would carry this
    assert reports.xlsx(load_result()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 3, 31, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2025-03-31T00:00:00Z" in core and core.count("2025-03-31T00:00:00Z") == 2  # created, modified


def test_renderers_do_not_change_their_input():
    result = load_result()
    before = json.dumps(result, sort_keys=True)
    for render in (reports.markdown, reports.letter, reports.html, reports.outcomes_csv, reports.xlsx):
        render(result)
    assert json.dumps(result, sort_keys=True) == before


# ------------------------------------------------------------------ markdown

def test_markdown_orders_areas_by_framework_and_rules_worst_first():
    text = reports.markdown(load_result())
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings == [
        "Summary",
        "Judgements",
        "The impact of leaders on social work practice with children and families",
        "The experiences and progress of children who need help and protection",
        "The experiences and progress of children in care",
        "The experiences and progress of care leavers",
        "Appendix: data accounting",
    ]
    section = text.split("## The experiences and progress of children who need help and protection")[1].split("\n## ")[0]
    order = re.findall(r"^### <a id=\"[^\"]+\"></a>([A-Z0-9-]+):", section, flags=re.MULTILINE)
    assert order[:3] == ["CP-SEEN-ALONE", "AUDIT-VIEWS-RECORDED", "ICPC-15WD"]  # worst category, then lowest rate
    assert order[-1] == "REFERRAL-NFA-SEEN"  # not categorised comes last
    assert "| **Overall effectiveness** | **Inadequate** |" in text


def test_markdown_lists_at_most_ten_failing_ids_and_the_accounting():
    text = reports.markdown(load_result())
    line = next(ln for ln in text.splitlines() if ln.startswith("- **Failing cases (51):**"))
    assert line.count("CT0") == 10 and line.endswith("and 41 more.")
    assert "rows read 4,191 = evaluated 4,191 + excluded 0 + rejected 0, across 20 tables (csv)" in text
    assert "| Overall | **Inadequate** |" in text
    assert "95% interval 79.0% to 90.6%, Wilson" in text
    assert "(run f9d41f27211d)" in text  # a content hash, shortened
    worker = next(ln for ln in text.splitlines() if ln.startswith("- **By worker, lowest rates first:** W000004 0.0%"))
    assert worker.endswith("and 17 more.")


def test_markdown_escapes_html_and_table_breakers():
    result = load_result()
    r = rule(result, "ICPC-15WD")
    r["cases"]["fail"][0]["id"] = SCRIPT
    r["narrative"] = "A | pipe and *stars* and <b>bold</b>"
    r["title"] = "[link](http://example.com)"
    text = reports.markdown(result)
    assert "<script>" not in text and "<b>" not in text
    assert "\\<script\\>alert(1)\\</script\\>" in text
    assert "A \\| pipe and \\*stars\\*" in text
    # the link is broken and its bare URL is shown in a code span, so no Markdown renderer links it (issue 19)
    assert "\\[link\\](`http://example.com`)" in text


# ------------------------------------------------------------------ letters

def headings(text: str, level: int = 2) -> list[str]:
    return re.findall(rf"^{'#' * level} (.+)$", text, flags=re.MULTILINE)


def test_cra_letter_sections_and_repeated_findings():
    text = reports.letter(load_result("cra-2009"))
    assert headings(text)[:4] == [
        "Strengths",
        "The service meets the requirements of statutory guidance in the following areas",
        "Areas for development",
        "Areas for priority action",
    ]
    assert "The checks identified areas of strength and areas of practice that met requirements" in text
    assert text.index("The checks identified") < text.index("From the evidence gathered") < text.index("## Strengths")
    assert "This was an area for development at the previous audit." in text
    assert "This was an area for priority action at the previous audit." in text
    assert "Any areas for development identified above will be specifically considered" in text


def test_slac_letter_has_record_of_main_findings_and_timescales():
    text = reports.letter(load_result("slac-2011"))
    assert headings(text) == [
        "The inspection judgements and what they mean", "Safeguarding services", "Capacity for improvement",
        "Areas for improvement", "Services for looked after children", "Capacity for improvement",
        "Areas for improvement", "Record of main findings:", "Not judged",
    ]
    assert "- Adequate (Grade 3)" in text
    safeguarding = text.split("## Areas for improvement")[1].split("\n## ")[0]
    assert headings(safeguarding, 3) == ["Immediately:", "Within six months:"]
    assert "### Quality of provision\n\n**Grade 3 (adequate)**" in text
    record = text.split("## Record of main findings:")[1].split("\n## ")[0]
    assert "| **Safeguarding services** |  |\n| Overall effectiveness | Adequate |" in record
    assert "| Economic well-being | Adequate |" in record
    assert "This was an area for immediate improvement at the previous audit." in text
    assert text.rstrip().splitlines()[-3] == "The areas for improvement identified above will be specifically considered at the next audit."


def test_ilacs_inspection_letter_grades_each_judgement_and_says_what_needs_to_improve():
    """The graded ILACS inspection (the framework's default product): the
    judgement table, overall effectiveness, "What needs to improve?" with the
    thematic priority actions first, and no focused-visit headings."""
    result = load_result("ilacs")
    text = reports.letter(result)
    assert headings(text) == ["Judgement", "Overall effectiveness", "What needs to improve?", "Findings", "Not judged"]
    assert "| **Overall effectiveness** | **Inadequate** |" in text
    assert "Areas for priority action" not in text and "swift and decisive" not in text
    improve = text.split("## What needs to improve?")[1].split("\n## ")[0]
    points = [ln for ln in improve.splitlines() if ln.startswith("- ")]
    # one point per theme, the priority action (a critical rule below its floor) first, citing its rules and figures
    assert points[0].startswith("- seeing children regularly and alone, and hearing their views, by ensuring that children on plans")
    assert "17 of 21, 81%; CP-SEEN-ALONE" in points[0] and "LAC-VISIT-TIMELY" in points[0]
    assert len(points) == len(result["actions"]["priority"]) + len(result["actions"]["improve"])
    findings = text.split("## Findings")[1].split("\n## ")[0]
    assert headings(findings, 3)[0] == "The impact of leaders on social work practice with children and families"
    section = findings.split("### The experiences and progress of children who need help and protection")[1].split("\n### ")[0]
    assert section.lstrip().startswith("**Judgement: Inadequate**")
    # rates in inspectors' words, the figures kept as evidence
    assert "- In the large majority of cases sampled (17 of 21, 81%), children on plans were seen alone" in section
    assert "This was an area for priority action at the previous audit." in text
    assert "4 areas of weakness were also found at the previous audit." in text
    assert "it is not an Ofsted judgement" in text


def test_ilacs_focused_visit_is_ungraded_with_thematic_priority_actions():
    """Seed 001's headings, no grade anywhere, at most five thematic areas for priority action."""
    result = load_result("ilacs")
    text = reports.letter(result, product="focused-visit")
    assert headings(text) == ["Overview", "Areas for priority action",
                              "What needs to improve in this area of social work practice", "Findings", "Not judged"]
    assert "| Judgement |" not in text and "Judgement:" not in text and "Inadequate" not in text
    priority = text.split("## Areas for priority action")[1].split("\n## ")[0]
    assert "The local authority needs to take swift and decisive action" in priority
    bullets = [ln for ln in priority.splitlines() if ln.startswith("- ")]
    assert 1 <= len(bullets) <= 5 and len(bullets) == len(result["actions"]["priority"])
    assert "Please prepare an action plan responding to the areas for priority action." in text
    # the product may also come from the result (a pack's `product`)
    result["framework"]["product"] = "focused-visit"
    assert reports.letter(result) == text


def test_unknown_product_is_a_clear_error():
    from checker.errors import CasecheckError

    with pytest.raises(CasecheckError) as exc:
        reports.letter(load_result("ilacs"), product="focussed-visit")
    d = exc.value.diagnostics[0]
    assert "no product `focussed-visit`" in d.message and "inspection, focused-visit" in d.message
    assert d.suggestion and "focused-visit" in d.suggestion


def test_cra_meets_section_lists_only_met_requirements_in_positive_words():
    result = load_result("cra-2009")
    text = reports.letter(result)
    meets = text.split("## The service meets the requirements of statutory guidance in the following areas")[1].split("\n## ")[0]
    bullets = [ln for ln in meets.splitlines() if ln.startswith("- ")]
    met = [r for r in result["rules"] if r["category"] == "meets_requirements"]
    assert len(bullets) == len(met) > 0
    assert all("not met" not in b and "fall short" not in b for b in bullets)
    assert all(any(f"({r['counts']['pass']} of {r['denominator']}, " in b for b in bullets) for r in met)


def test_slac_letter_prints_capacity_for_improvement_per_group():
    text = reports.letter(load_result("slac-2011"))
    sections = text.split("## Capacity for improvement")[1:]
    assert len(sections) == 2
    assert all("it is not graded here" in s.split("\n## ")[0] for s in sections)
    assert "Since the previous audit as at 31 December 2024" in sections[0]
    result = load_result("slac-2011")
    del result["history"]
    assert "There is no previous audit to show the direction of travel." in reports.letter(result)


def test_letter_of_a_result_made_before_frameworks_carried_their_letters():
    """An older result's framework summary has no products: the framework
    file of the same id writes it (found by id, never by the id's words)."""
    for framework in ("ilacs", "cra-2009", "slac-2011"):
        result = load_result(framework)
        for key in ("products", "product", "rate_words", "wording", "themes", "priority_actions"):
            result["framework"].pop(key, None)
        for c in result["framework"]["categories"]:
            c.pop("role", None)
            c.pop("phrase", None)
        assert reports.letter(result) == reports.letter(load_result(framework))


def test_letter_without_history_has_no_repeated_sentence():
    result = load_result("cra-2009")
    del result["history"]
    text = reports.letter(result)
    assert "previous audit" not in text


def test_history_without_a_previous_run_is_ignored():
    result = load_result()
    result["history"]["previous"] = None
    for change in result["history"]["changes"].values():
        change.update(previous_rate=None, previous_category=None, change="new", repeated=False)
    text = reports.letter(result)
    assert "previous audit" not in text and "Previous audit" not in reports.markdown(result)


# ------------------------------------------------------------------ html

def test_html_escapes_every_value():
    result = load_result()
    r = rule(result, "ICPC-15WD")
    r["cases"]["fail"][0]["id"] = SCRIPT
    r["cases"]["fail"][1]["reason"] = SCRIPT
    r["title"] = '"><img src=x onerror=alert(1)>'
    r["narrative"] = SCRIPT
    result["pack"]["title"] = SCRIPT
    result["areas"][1]["title"] = SCRIPT
    page = reports.html(result)
    assert SCRIPT not in page
    # the page's only script is its own search/sort/filter, byte for byte, and its
    # Content-Security-Policy lets no other run (issue 20 asked for search, sort and filter)
    assert page.lower().count("<script") == 1
    assert f"<script>{reports.HTML_SCRIPT}</script>" in page
    assert f"script-src '{reports.script_hash()}'" in page and "default-src 'none'" in page
    assert "<img" not in page
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert page.count(escaped) >= 5
    assert '&#34;&gt;&lt;img src=x onerror=alert(1)&gt;' in page


def test_html_is_self_contained():
    page = reports.html(load_result())
    assert page.startswith("<!DOCTYPE html>")
    # no external resources: every src/href is an in-page anchor
    refs = re.findall(r"""\b(?:src|href|xlink:href)\s*=\s*["']([^"']*)["']""", page)
    assert refs and all(ref.startswith("#") for ref in refs), [x for x in refs if not x.startswith("#")]
    assert "<link" not in page and "@import" not in page and "url(" not in page


def test_html_structure_is_accessible():
    page = reports.html(load_result())
    assert '<html lang="en">' in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "duplicate element ids"
    assert page.count("<h1>") == 1
    for area in load_result()["areas"]:
        if area["rules"]:
            assert f">{area['title']}</h2>" in page.replace("&#39;", "'")
    assert '<th scope="col">Case</th>' in page and '<th scope="row"' in page
    assert page.count("<details>") >= 14  # one drill-down per rule with failing cases, and the accounting
    assert page.count('role="img"') >= 5  # category bar and one chart per area, each with a title
    # the category is always written out, never shown by colour alone
    assert page.count(">Area for priority action</span>") == 2 * 2


def test_html_draws_thresholds_and_sparklines():
    page = reports.html(load_result())
    assert "<title>Critical floor from 90%</title>" in page  # per-rule thresholds, a critical rule's floor
    assert "<title>What needs to improve from 75%</title>" in page  # ASSESS-45WD's own threshold
    assert page.count('class="spark"') == 16  # every rule with a previous rate
    shared = load_result()
    for r in shared["rules"]:
        r.pop("thresholds")
    assert ("Dashed lines mark where a rule moves up a category: What needs to improve from 60%; "
            "Meets expectations from 85%; Strength from 95%.") in reports.html(shared)
    plain = reports.html(plain_result())
    assert 'class="spark"' not in plain and "stroke-dasharray" not in plain


# ------------------------------------------------------------------ csv

def test_csv_has_every_outcome_sorted_and_is_injection_safe():
    result = load_result()
    rows = list(csv.reader(io.StringIO(reports.outcomes_csv(result))))
    # issue 20: what a BI tool joins and slices on, beside the outcome and reason
    assert rows[0] == ["rule_id", "rule_title", "category", "area", "subject_table", "case_id", "child_id", "team",
                       "worker_id", "outcome", "reason"]
    assert len(rows) - 1 == sum(r["total"] for r in result["rules"])
    order = [r["id"] for r in result["rules"]]
    keys = [(order.index(r[0]), r[5]) for r in rows[1:]]
    assert keys == sorted(keys)

    r = rule(result, "ASSESS-45WD")
    r["cases"]["fail"][0]["reason"] = "=HYPERLINK(\"http://evil\",\"x\")"
    r["cases"]["fail"][1]["id"] = "+1+1"
    r["cases"]["fail"][2]["reason"] = "-2+3"
    r["cases"]["fail"][3]["reason"] = "@SUM(A1)"
    text = reports.outcomes_csv(result)
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in cells and "'+1+1" in cells and "'-2+3" in cells and "'@SUM(A1)" in cells


# ------------------------------------------------------------------ xlsx

def open_book(result: dict):
    return openpyxl.load_workbook(io.BytesIO(reports.xlsx(result)))


def test_xlsx_summary_sheet():
    result = load_result()
    wb = open_book(result)
    assert wb.sheetnames[0] == "Summary"
    ws = wb["Summary"]
    header = [c.value for c in ws[1]]
    assert header == ["Rule", "Title", "Area", "Category", "Pass", "Fail", "Not evidenced", "Not applicable",
                      "Denominator", "Rate", "Interval low", "Interval high", "Change", "Narrative"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:N{1 + len(result['rules'])}"
    rows = {row[0].value: row for row in ws.iter_rows(min_row=2)}
    assert set(rows) == {r["id"] for r in result["rules"]}
    icpc = rows["ICPC-15WD"]
    assert [c.value for c in icpc[4:9]] == [19, 4, 0, 15, 23]
    assert icpc[9].value == pytest.approx(0.8261) and icpc[9].number_format == "0.0%"
    assert icpc[13].value.startswith("In 4 of 23 cases")
    assert icpc[0].hyperlink.location == "'ICPC-15WD'!A1"
    # one fill colour per category, distinct between categories
    fills: dict[str, set] = {}
    for row in rows.values():
        fills.setdefault(row[3].value, set()).add(row[3].fill.fgColor.rgb)
    assert all(len(v) == 1 for v in fills.values())
    assert len({next(iter(v)) for v in fills.values()}) == len(fills) == 5  # 4 categories + not categorised
    assert next(iter(fills["Area for priority action"])).endswith("FFC7CE")


def test_xlsx_one_sheet_per_rule_with_failing_and_not_evidenced_cases():
    result = load_result()
    wb = open_book(result)
    assert wb.sheetnames[:2] == ["Summary", "Judgements"] and wb.sheetnames[-1] == "About"
    assert sorted(wb.sheetnames[2:-1]) == sorted(r["id"] for r in result["rules"])
    ws = wb["CP-SEEN-ALONE"]
    # issue 20: who and where, to hand the case out as an action (empty action / owner / due)
    assert [c.value for c in ws[1]] == ["Case", "Subject table", "Child", "Team", "Worker", "Area", "Outcome", "Reason",
                                        "Action", "Owner", "Due"]
    assert ws.auto_filter.ref == "A1:K5" and ws.freeze_panes == "A2"
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [values[0][i] for i in (0, 1, 6, 7)] == ["CP000001", "cp_plans", "Fail", "latest statutory visit 2025-03-20: not seen alone"]
    assert [values[-1][i] for i in (0, 6)] == ["CP000014", "Not evidenced"]
    assert wb["CASELOAD-LIMIT"].max_row == 1  # no failures: header only
    about = {row[0].value: row[1].value for row in wb["About"].iter_rows()}
    assert about["As at"] == "2025-03-31" and about["Rows read"] == 4191


def test_xlsx_guards_against_formula_injection():
    result = load_result()
    r = rule(result, "ASSESS-45WD")
    r["cases"]["fail"][0]["id"] = "=1+1"
    r["cases"]["fail"][0]["reason"] = "=HYPERLINK(\"http://evil\",\"click\")"
    r["cases"]["fail"][1]["reason"] = "+cmd|' /C calc'!A0"
    r["cases"]["fail"][2]["reason"] = "-2+3"
    r["cases"]["fail"][3]["reason"] = "@SUM(1+1)"
    r["narrative"] = "=2+2"
    r["title"] = "@title"
    wb = open_book(result)
    ws = wb["ASSESS-45WD"]
    cells = {c.value for row in ws.iter_rows(min_row=2, max_row=5) for c in row}
    assert {"'=1+1", "'=HYPERLINK(\"http://evil\",\"click\")", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(1+1)"} <= cells
    row = next(row for row in wb["Summary"].iter_rows(min_row=2) if row[0].value == "ASSESS-45WD")
    assert row[1].value == "'@title" and row[13].value == "'=2+2"
    for sheet in wb.worksheets:
        for line in sheet.iter_rows():
            for c in line:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)


def test_sheet_names_are_short_unique_and_legal():
    ids = ["A" * 40, "A" * 40 + "B", "summary", "x/y:z*?[1]", "History", "Rule'quoted"]
    names = reports._sheet_names(ids)
    assert all(len(n) <= 31 for n in names.values())
    assert len({n.lower() for n in names.values()}) == len(ids)
    assert not {n.lower() for n in names.values()} & {"summary", "about", "history"}
    assert all(not re.search(r"[\[\]:*?/\\']", n) for n in names.values())
    assert names["A" * 40] == "A" * 31 and names["A" * 40 + "B"] == "A" * 29 + "~2"


# ------------------------------------------------------------------ without the findings keys

@pytest.mark.parametrize("render", [reports.markdown, reports.letter, reports.html, reports.outcomes_csv, reports.xlsx],
                         ids=["markdown", "letter", "html", "csv", "xlsx"])
def test_plain_result_still_renders(render):
    out = render(plain_result())
    assert out


def test_plain_markdown_groups_by_rule_area_and_builds_sentences():
    text = reports.markdown(plain_result())
    assert "## Help and protection" in text and "## Leadership" in text
    assert "- **Finding:** Assessments are authorised within 45 working days: 120 of 140 cases (86%) met the standard." in text
    assert "Judgements" not in text and "Overall" not in text
