"""Report renderers: the result dict as a Markdown report, an Ofsted-style
letter, one self-contained HTML page, an Excel workbook and a CSV of every
outcome.

Every renderer takes the dict from ``RunResult.to_dict()`` (the versioned
contract; never the Python objects) and returns text or bytes. Identical input
gives identical bytes: no clock, no locale, no randomness, and the workbook's
dates come from the run's ``as_at``.

The findings keys (``framework``, ``areas``, ``overall``, ``history`` and, per
rule, ``category``, ``why``, ``interval``, ``small_n``, ``narrative``,
``breakdowns``) are optional: without them the reports fall back to grouping
by each rule's ``area`` and to plain sentences built from the counts.

The Markdown, letter and HTML renderers build one view model
(:func:`report_model`) and hand it to Jinja2 templates in ``reports/`` at the
top of the repository (``checker/_data/reports`` in the wheel). The HTML
environment autoescapes everything; the Markdown ones escape text with the
``md`` filter so a case ID or reason cannot inject HTML or break a table.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from checker.packs.sources import document_url, seed_document
from checker.report.sink import clean_terminal, neutral_cell
from checker.resources import data_dir

OUTCOMES = ("pass", "fail", "not_evidenced", "not_applicable")
OUTCOME_LABELS = {
    "pass": "Pass",
    "fail": "Fail",
    "not_evidenced": "Not evidenced",
    "not_applicable": "Not applicable",
}
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
FAILING_IDS_SHOWN = 10
BREAKDOWN_ROWS_SHOWN = 6  # in the Markdown report; the HTML shows every row
_BREAKDOWN_LABELS = {"worker_id": "worker", "team": "team", "locality": "locality"}

# Category colours, best to worst: (bar/text colour, light background, Excel fill).
# A framework's categories are spread over these stops by rank; text labels
# always accompany the colour.
_PALETTE = (
    ("#1e6b34", "#e3f1e6", "C6EFCE"),
    ("#4a7a1c", "#eef4e1", "E2EFDA"),
    ("#8a5a00", "#fdf1d6", "FFEB9C"),
    ("#b3470f", "#fce6da", "F8CBAD"),
    ("#b0221a", "#fbe3e1", "FFC7CE"),
)
_UNCATEGORISED = ("#5f6368", "#f1f3f4", "EDEDED")


# ---------------------------------------------------------------- formatting

def long_date(iso: str | None) -> str:
    """``2025-03-31`` as ``31 March 2025`` (locale-independent)."""
    if not iso:
        return ""
    try:
        d = _dt.date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def pct(x: float | None, digits: int = 1) -> str:
    """A proportion as a percentage: ``0.8571`` -> ``85.7%``; None -> ``-``."""
    if x is None:
        return "-"
    return f"{100 * x:.{digits}f}%"


def num(n: float | None) -> str:
    if n is None:
        return "-"
    return f"{n:,}"


_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~&#!]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
#: What GitHub-flavoured Markdown makes a link by itself: URLs, www. names, e-mail addresses.
_AUTOLINK = re.compile(r"((?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s`|<>]*[^\s`|<>).,;:!?'\"\]]|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


def md(value: Any) -> str:
    """Text made safe for inline Markdown: one line; no HTML, links or
    emphasis; pipes escaped so it can sit in a table cell. Balanced
    `code spans` are kept (their content is literal in Markdown)."""
    if value is None:
        return ""
    s = " ".join(clean_terminal(str(value)).split())
    out = []
    for part in _CODE_SPAN.split(s):
        if len(part) >= 2 and part.startswith("`") and part.endswith("`"):
            out.append(part.replace("|", "\\|"))
        else:
            for i, piece in enumerate(_AUTOLINK.split(part)):
                # a bare URL or address from the data is shown, never made a link: in a code span
                out.append(f"`{piece}`" if i % 2 else _MD_SPECIAL.sub(r"\\\1", piece))
    return "".join(out)


def sentence(value: Any) -> str:
    """Text as a sentence: first letter capitalised, a full stop at the end."""
    text = " ".join(str(value or "").split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _short_id(run_id: Any) -> str | None:
    """A run id for people: content hashes cut to 12 characters."""
    if not run_id:
        return None
    text = str(run_id)
    return text[:12] if len(text) > 16 and re.fullmatch(r"[0-9a-f]+", text) else text


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


# ---------------------------------------------------------------- the model

def _categories(result: dict) -> list[dict]:
    fw = result.get("framework") or {}
    cats = [c for c in (fw.get("categories") or []) if isinstance(c, dict) and c.get("id")]
    out = []
    for i, c in enumerate(cats):
        colour, bg, fill = _palette_stop(i, len(cats))
        out.append({**c, "rank": i, "colour": colour, "bg": bg, "fill": fill})
    return out


def _palette_stop(i: int, n: int) -> tuple[str, str, str]:
    """The colours of the i-th of n ranked items (0 best): spread over the
    palette from green to red."""
    if n <= 1:
        return _UNCATEGORISED
    return _PALETTE[round(i * (len(_PALETTE) - 1) / (n - 1))]


def _category_role(cat: dict) -> str | None:
    """What a category means in letter terms, from its id and label, so the
    letter finds its sections whatever the framework calls them."""
    text = f"{cat.get('id', '')} {cat.get('label', '')}".lower().replace("_", " ").replace("-", " ")
    if "priority" in text or "immediate" in text:
        return "priority"
    if "three" in text or "3 month" in text:
        return "three_months"
    if "six" in text or "6 month" in text:
        return "six_months"
    if "strength" in text:
        return "strength"
    if "meet" in text:
        return "meets"
    if "develop" in text or "improve" in text:
        return "improve"
    return None


def framework_kind(result: dict) -> str:
    """``cra`` (2009-12 unannounced letters), ``slac`` (2009-13 graded
    reports) or ``ilacs`` (2018 on; also any other framework)."""
    fid = str((result.get("framework") or {}).get("id") or "").lower()
    if fid.startswith(("cra", "ucra")):
        return "cra"
    if fid.startswith("slac"):
        return "slac"
    return "ilacs"


def _thresholds(rule: dict, cats: list[dict]) -> list[dict]:
    """The rates at which the rule changes category: the rule's own
    ``thresholds`` (keyed by category id) over the category's ``min_rate``
    (or ``threshold``). Zero and missing thresholds are not drawn."""
    own = rule.get("thresholds") or {}
    marks = [(c["id"], c.get("label") or c["id"], own.get(c["id"], c.get("min_rate", c.get("threshold")))) for c in cats]
    if cats and "critical_floor" in own:  # a critical rule below it is a priority action
        marks.append(("critical_floor", "Critical floor", own["critical_floor"]))
    out = []
    for key, label, v in marks:
        if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 1:
            out.append({"rate": float(v), "pct": pct(v, 0 if round(v * 100, 6).is_integer() else 1),
                        "label": label, "category": key})
    return out


def _fallback_narrative(rule: dict) -> str:
    c = rule.get("counts") or {}
    den = rule.get("denominator") or 0
    if not den:
        return f"{rule.get('title', rule['id'])}: no cases to judge."
    return f"{rule.get('title', rule['id'])}: {c.get('pass', 0)} of {den} cases ({pct(rule.get('rate'), 0)}) met the standard."


def _rule_view(rule: dict, cats: dict[str, dict], cat_list: list[dict], changes: dict, area_title: str) -> dict:
    cases = rule.get("cases") or {}
    counts = {o: (rule.get("counts") or {}).get(o, 0) for o in OUTCOMES}
    cat = cats.get(rule.get("category")) if rule.get("category") else None
    colour, bg, fill = (cat["colour"], cat["bg"], cat["fill"]) if cat else _UNCATEGORISED
    interval = rule.get("interval")
    if isinstance(interval, dict) and interval.get("low") is not None and interval.get("high") is not None:
        conf = interval.get("confidence")
        conf_text = f"{100 * conf:g}%" if isinstance(conf, (int, float)) else ""
        method = str(interval.get("method") or "")
        interval = {
            **interval,
            "text": f"{conf_text + ' ' if conf_text else ''}interval {pct(interval['low'])} to {pct(interval['high'])}"
            + (f", {method.capitalize()}" if method else ""),
        }
    else:
        interval = None
    change = changes.get(rule["id"])
    if isinstance(change, dict):
        prev = change.get("previous_rate")
        rate = rule.get("rate")
        delta = None if prev is None or rate is None else rate - prev
        pcat = cats.get(change.get("previous_category")) if change.get("previous_category") else None
        change = {
            **change,
            "previous_text": pct(prev),
            "delta": delta,
            "delta_text": "" if delta is None or round(abs(100 * delta), 1) == 0
            else f"{'+' if delta > 0 else '-'}{abs(100 * delta):.1f} pts",
            "previous_category_label": (pcat or {}).get("label") or change.get("previous_category"),
            "previous_role": _category_role(pcat) if pcat else None,
            "arrow": {"improved": "▲", "declined": "▼", "unchanged": "▶", "new": "●", "no_data": "–",
                      "changed": "◆"}.get(change.get("change"), ""),
            "change": str(change.get("change") or "").replace("_", " "),
        }
    else:
        change = None
    failing = list(cases.get("fail") or [])
    breakdowns = []
    for dim, rows in sorted((rule.get("breakdowns") or {}).items()):
        rows = [{**r, "rate_text": pct(r.get("rate")),
                 "shown": NOT_RECORDED if r.get("value") is None else r.get("value")}  # never `None`
                for r in rows or [] if isinstance(r, dict)]
        if len(rows) < 2:  # one team: nothing to compare
            continue
        label = _BREAKDOWN_LABELS.get(dim, dim.replace("_", " "))
        worst = sorted(rows, key=lambda r: (2.0 if r.get("rate") is None else r["rate"], str(r.get("value"))))
        breakdowns.append({
            "name": dim,
            "label": label.capitalize(),
            "rows": rows,
            "worst": worst[:BREAKDOWN_ROWS_SHOWN],
            "more": max(0, len(rows) - BREAKDOWN_ROWS_SHOWN),
        })
    return {
        **{k: rule.get(k) for k in ("id", "title", "area", "subject", "severity", "missing", "total", "denominator", "rate")},
        "anchor": "rule-" + _slug(rule["id"]),
        "area_title": area_title,
        "counts": counts,
        "rate_text": pct(rule.get("rate")),
        "rate_sort": 2.0 if rule.get("rate") is None else rule["rate"],
        "category": rule.get("category"),
        "category_label": rule.get("category_label") or (cat or {}).get("label") or rule.get("category"),
        "category_rank": cat["rank"] if cat else None,
        "role": _category_role(cat) if cat else None,
        "colour": colour,
        "bg": bg,
        "fill": fill,
        "why": rule.get("why"),
        "interval": interval,
        "small_n": bool(rule.get("small_n")),
        "narrative": rule.get("narrative") or _fallback_narrative(rule),
        "guidance": [{"document": g.get("document") or "", "paragraph": g.get("paragraph"),
                      "url": g.get("url") or document_url(g.get("document") or "")}
                     for g in rule.get("guidance") or [] if isinstance(g, dict)],
        # the published document, never the seed file name a reader does not have
        "source": [{"seed": seed_document(s.get("seed") or "")["title"], "url": seed_document(s.get("seed") or "")["url"],
                    "finding": s.get("finding") or ""}
                   for s in rule.get("source") or [] if isinstance(s, dict)],
        "failing": failing,
        "failing_shown": [c["id"] for c in failing[:FAILING_IDS_SHOWN]],
        "failing_more": max(0, len(failing) - FAILING_IDS_SHOWN),
        "not_evidenced": list(cases.get("not_evidenced") or []),
        "drill": failing + list(cases.get("not_evidenced") or []),
        "breakdowns": breakdowns,
        "change": change,
        "thresholds": _thresholds(rule, cat_list),
        "indicator": rule.get("indicator"),  # an indicator's rate against its benchmarks (report/indicators)
    }


def _worst_first(rules: list[dict]) -> list[dict]:
    def key(r):
        rank = r["category_rank"]
        cat_key = (0, -rank) if rank is not None else (1, 0)
        return (cat_key, 2.0 if r["rate"] is None else r["rate"], r["id"])
    return sorted(rules, key=key)


def _grade_info(grades: list[dict], gid: str | None, kind: str) -> dict:
    """A grade's label, rank (0 best), number for "Grade 3 (adequate)"
    wording (the framework's, or the rank for a slac framework without
    numbers) and colours."""
    for i, g in enumerate(grades):
        if g.get("id") == gid:
            number = g.get("number") if isinstance(g.get("number"), int) else (i + 1 if kind == "slac" else None)
            colour, bg, _ = _palette_stop(i, len(grades))
            return {"grade": gid, "grade_label": g.get("label") or gid, "grade_rank": i, "grade_number": number,
                    "grade_colour": colour, "grade_bg": bg}
    colour, bg, _ = _UNCATEGORISED
    return {"grade": gid, "grade_label": gid, "grade_rank": None, "grade_number": None,
            "grade_colour": colour, "grade_bg": bg}


def _area_groups(result: dict, views: dict[str, dict], kind: str) -> list[dict]:
    """Every area of the result (framework order), with its rules as views
    worst first; rules in no area are gathered at the end. Without
    ``areas`` in the result, rules are grouped by their pack area."""
    fw = result.get("framework") or {}
    grades = list(fw.get("grades") or [])
    group_titles = {g.get("id"): g.get("title") for g in fw.get("groups") or [] if isinstance(g, dict)}
    groups = []
    seen: set[str] = set()
    for a in result.get("areas") or []:
        ids = [x for x in a.get("rules") or [] if x in views and x not in seen]
        seen.update(ids)
        info = _grade_info(grades, a.get("grade"), kind) if a.get("grade") else {
            "grade": None, "grade_label": None, "grade_rank": None, "grade_number": None,
            "grade_colour": None, "grade_bg": None}
        if a.get("grade_label"):  # a grade's own label, or "Not judged"
            info["grade_label"] = a["grade_label"]
        groups.append({
            "id": a.get("id"),
            "anchor": "area-" + _slug(str(a.get("id") or a.get("title") or "area")),
            "title": a.get("title") or a.get("id"),
            "group": a.get("group"),
            "group_title": group_titles.get(a.get("group")),
            "overall": str(a.get("policy") or "").startswith("overall:"),
            **info,
            "why": a.get("why"),
            "rules": _worst_first([views[x] for x in ids]),
        })
    rest: dict[str, list[dict]] = {}
    for rid, v in views.items():
        if rid not in seen:
            rest.setdefault(v["area"] or "", []).append(v)
    for area, rules in rest.items():
        if result.get("areas"):
            title = "Other checks"
        else:
            title = (area.replace("-", " ").replace("_", " ").capitalize() or "Checks")
        groups.append({
            "id": area or None, "anchor": "area-" + _slug(area or "other"), "title": title,
            "group": None, "group_title": None, "overall": False,
            "grade": None, "grade_label": None, "grade_rank": None, "grade_number": None,
            "grade_colour": None, "grade_bg": None, "why": None,
            "rules": _worst_first(rules),
        })
    # anchors must be unique in the page
    used: dict[str, int] = {}
    for g in groups:
        n = used.get(g["anchor"], 0)
        used[g["anchor"]] = n + 1
        if n:
            g["anchor"] += f"-{n + 1}"
    return groups


def _judgements(all_areas: list[dict], overall: dict | None) -> list[dict]:
    """Rows of the judgements table: every graded area, its group named when
    titles repeat across groups ("Overall effectiveness"), and an overall
    row when the areas carry none."""
    graded = [a for a in all_areas if a["grade"] or a.get("grade_label")]  # "Not judged", "Withheld" too
    titles = [a["title"] for a in graded]
    rows = []
    for a in graded:
        title = a["title"]
        if titles.count(title) > 1 and a["group_title"]:
            title = f"{a['group_title']}: {title}"
        rows.append({**a, "row_title": title, "linked": bool(a["rules"])})
    if overall and not any(a["overall"] for a in graded):
        rows.append({**overall, "row_title": "Overall effectiveness", "overall": True, "linked": False,
                     "anchor": None, "rules": []})
    return rows


def report_model(result: dict) -> dict:
    """The view every templated report reads, built from the result dict."""
    cat_list = _categories(result)
    cats = {c["id"]: c for c in cat_list}
    fw = result.get("framework") or None
    history = result.get("history") or None
    changes = (history or {}).get("changes") or {}

    area_titles = {a.get("id"): a.get("title") for a in result.get("areas") or []}
    rule_area: dict[str, str] = {}
    for a in result.get("areas") or []:
        for rid in a.get("rules") or []:
            rule_area.setdefault(rid, a.get("title") or a.get("id"))
    views: dict[str, dict] = {}
    anchors: set[str] = set()
    for r in result.get("rules") or []:
        title = rule_area.get(r["id"]) or area_titles.get(r.get("area")) or r.get("area") or ""
        v = _rule_view(r, cats, cat_list, changes, title)
        while v["anchor"] in anchors:
            v["anchor"] += "-x"
        anchors.add(v["anchor"])
        views[r["id"]] = v
    rules = list(views.values())

    accounting = []
    totals = {"read": 0, "evaluated": 0, "excluded": 0, "rejected": 0}
    for name, acc in (result.get("accounting") or {}).items():
        row = {
            "table": name,
            "read": acc.get("read", 0),
            "evaluated": acc.get("evaluated", 0),
            "excluded": sum((acc.get("excluded") or {}).values()),
            "rejected": sum((acc.get("rejected") or {}).values()),
        }
        for k in totals:
            totals[k] += row[k]
        accounting.append(row)

    category_counts = []
    for c in cat_list:
        n = sum(1 for v in rules if v["category"] == c["id"])
        category_counts.append({**c, "count": n, "role": _category_role(c)})
    uncategorised = [v for v in rules if not v["category"]]

    hist = None
    if history and history.get("previous"):
        prev = history["previous"]
        tally = {k: 0 for k in ("improved", "declined", "unchanged", "new", "no_data")}
        for v in rules:
            ch = (v["change"] or {}).get("change")
            if ch in tally:
                tally[ch] += 1
        hist = {
            "as_at": prev.get("as_at"),
            "as_at_long": long_date(prev.get("as_at")),
            "run_id": _short_id(prev.get("run_id")),
            **tally,
            "repeated": sum(1 for v in rules if (v["change"] or {}).get("repeated")),
        }

    integrity: dict[str, int] = {}
    for i in result.get("integrity") or []:
        integrity[i.get("check", "?")] = integrity.get(i.get("check", "?"), 0) + 1

    overall = result.get("overall") or {}
    grades = list((fw or {}).get("grades") or [])
    kind = framework_kind(result)
    overall_view = None
    if overall.get("grade"):
        overall_view = _grade_info(grades, overall["grade"], kind)
        overall_view["label"] = overall.get("grade_label") or overall_view["grade_label"]
        overall_view["grade_label"] = overall_view["label"]
    all_areas = _area_groups(result, views, kind)
    pack = result.get("pack") or {}
    return {
        "title": pack.get("title") or pack.get("name") or "casecheck report",
        "pack": {k: pack.get(k) or "" for k in ("name", "title", "version", "schema")},
        "as_at": result.get("as_at"),
        "as_at_long": long_date(result.get("as_at")),
        "data": {k: (result.get("data") or {}).get(k) or "" for k in ("path", "format")},
        "casecheck_version": result.get("casecheck_version"),
        "schema_version": result.get("schema_version"),
        "judged_on": _engine_line(result),  # where the rules ran, and how many fell back (result `engine`)
        "framework": fw,
        "kind": kind,
        "categories": category_counts,
        "uncategorised": uncategorised,
        "grades": grades,
        "overall": overall_view,
        "headline": overall.get("headline"),
        "summary": {**{o: 0 for o in OUTCOMES}, "rules": len(rules), **(result.get("summary") or {})},
        "outcomes": sum((result.get("summary") or {}).get(o, 0) for o in OUTCOMES),
        "accounting": accounting,
        "totals": totals,
        "history": hist,
        "areas": [a for a in all_areas if a["rules"]],
        "all_areas": all_areas,
        "judgements": _judgements(all_areas, overall_view),
        "rules": rules,
        "not_run": list(result.get("not_run") or []),
        "warnings": list(result.get("warnings") or []),
        "rejections": len(result.get("rejections") or []),
        "integrity": sorted(integrity.items()),
    }


# ---------------------------------------------------------------- templates

@lru_cache(maxsize=2)
def _env(autoescape: bool):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("reports"))),
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(md=md, pct=pct, num=num, long_date=long_date, slug=_slug, sentence=sentence)
    return env


def _render(template: str, autoescape: bool, **context) -> str:
    text = _env(autoescape).get_template(template).render(**context)
    # one trailing newline, no trailing spaces: stable goldens and clean diffs
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def markdown(result: dict) -> str:
    """A Markdown report for a head of QA to take to a director."""
    return _render("report.md.j2", False, m=report_model(result))


# ---------------------------------------------------------------- letter

# How each category role is worded, per letter kind: the phrase in "This was
# an area for development at the previous audit.", and the singular and
# plural nouns the overview counts with ("4 areas for priority action").
_PHRASES = {
    "priority": ("an area for priority action", "area for priority action", "areas for priority action"),
    "improve": ("an area for improvement", "area for improvement", "areas for improvement"),
    "three_months": ("an area for improvement", "area for improvement within three months",
                     "areas for improvement within three months"),
    "six_months": ("an area for improvement", "area for improvement within six months",
                   "areas for improvement within six months"),
    "strength": ("an area of strength", "area of strength", "areas of strength"),
    "meets": ("an area that met requirements", "area of practice that met requirements",
              "areas of practice that met requirements"),
}
_DEVELOPMENT = ("an area for development", "area for development", "areas for development")
_CRA_PHRASES = {**_PHRASES, "improve": _DEVELOPMENT, "three_months": _DEVELOPMENT, "six_months": _DEVELOPMENT}
_SLAC_PHRASES = {**_PHRASES, "priority": ("an area for immediate improvement", "area for immediate improvement",
                                          "areas for immediate improvement")}


def _phrases(kind: str) -> dict:
    return {"cra": _CRA_PHRASES, "slac": _SLAC_PHRASES}.get(kind, _PHRASES)


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _default_sections(m: dict) -> list[dict]:
    """Sections for a framework that does not list its own (``sections`` in
    the framework file): the layout of its kind of letter, with categories
    placed by role (see :func:`_category_role`); a category with no known
    role gets a section of its own under its label."""
    cats = m["categories"]

    def ids(*roles):
        return [c["id"] for c in cats if c["role"] in roles]

    unknown = [{"heading": c.get("label") or c["id"], "content": "findings", "categories": [c["id"]]}
               for c in cats if c["role"] is None]
    if not cats:
        return [{"heading": "Overview", "content": "headline"}, {"heading": "Findings", "content": "all_findings"}]
    if m["kind"] == "cra":
        return [
            {"content": "headline",
             "intro": "From the evidence gathered, the following features of the service were identified:"},
            {"heading": "Strengths", "content": "findings", "categories": ids("strength")},
            {"heading": "The service meets the requirements of statutory guidance in the following areas",
             "content": "findings", "categories": ids("meets")},
            {"heading": "Areas for development", "content": "findings",
             "categories": ids("improve", "three_months", "six_months"),
             "closing": "Any areas for development identified above will be specifically considered at the next audit."},
            {"heading": "Areas for priority action", "content": "findings", "categories": ids("priority")},
            *unknown,
        ]
    if m["kind"] == "slac":
        n = len(m["grades"])
        words = _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)
        return [
            {"heading": "The inspection judgements and what they mean", "content": "grade_scale",
             "intro": f"All judgements are made using the following {words} point scale."},
            {"heading": "Overview", "content": "headline"},
            {"heading": "Areas for improvement", "content": "findings",
             "categories": list(reversed(ids("priority", "three_months", "six_months", "improve"))),
             "intro": "In order to improve the quality of provision and services for children and young people, "
                      "the local authority and its partners should take the following action."},
            *unknown,
            {"heading": "Judgements", "content": "judgements", "detail": True},
            {"heading": "Record of main findings:", "content": "record_of_main_findings"},
        ]
    return [
        {"heading": "Judgements", "content": "judgements"},
        {"heading": "Overview", "content": "headline"},
        {"heading": "Areas for priority action", "content": "findings", "categories": ids("priority"),
         "intro": "The local authority needs to take swift and decisive action to address the following areas of weakness:"},
        {"heading": "What needs to improve", "content": "findings", "categories": ids("improve", "three_months", "six_months")},
        *unknown,
        {"heading": "Findings", "content": "findings", "categories": [c["id"] for c in cats]},
    ]


def _grade_words(a: dict) -> str:
    """``Grade 3 (adequate)`` where grades are numbered, else the label."""
    if a.get("grade_number"):
        return f"Grade {a['grade_number']} ({md(a['grade_label']).lower()})"
    return md(a["grade_label"])


def _block(heading: str | None = None, level: int = 2, **parts) -> dict:
    return {"heading": heading, "level": level, "intro": None, "paragraphs": [], "bullets": [], "table": None,
            "children": [], "closing": None, **parts}


def _letter_blocks(m: dict, bullets: dict[str, str], phrases: dict) -> list[dict]:
    """The letter as blocks (heading, intro, paragraphs, bullets, a table,
    sub-blocks, closing), one per section of the framework, in its order.
    Text is already escaped for Markdown. Sections with nothing to say are
    left out, as the letters leave out areas for priority action when there
    are none."""
    fw = m["framework"] or {}
    sections = [s for s in fw.get("sections") or [] if isinstance(s, dict)] or _default_sections(m)
    cat_ids = [c["id"] for c in m["categories"]]
    cat_by_id = {c["id"]: c for c in m["categories"]}
    area_of_rule = {r["id"]: a for a in m["all_areas"] for r in a["rules"]}

    def in_group(rule_or_area, group):
        if not group:
            return True
        a = area_of_rule.get(rule_or_area["id"]) if "counts" in rule_or_area else rule_or_area
        return bool(a) and a.get("group") == group

    def lead_in(r):
        return f"**{md(r['category_label'])}.** {bullets[r['id']]}"

    blocks = []
    for s in sections:
        content, heading, group = s.get("content"), s.get("heading"), s.get("group")
        b = _block(md(heading) if heading else None, intro=md(s["intro"]) if s.get("intro") else None,
                   closing=md(s["closing"]) if s.get("closing") else None)
        if content == "headline":
            b["paragraphs"].append(md(m["headline"]) if m["headline"] else _overview(m, phrases))
            if m["history"]:
                b["paragraphs"].append(_history_sentence(m))
            if b["intro"]:  # the letters' "From the evidence gathered, ..." follows the summary
                b["paragraphs"].append(b["intro"])
                b["intro"] = None
        elif content == "grade_scale":
            for i, g in enumerate(m["grades"]):
                number = g.get("number") if isinstance(g.get("number"), int) else i + 1
                b["bullets"].append(f"{md(g.get('label') or g.get('id'))} (Grade {number})")
        elif content == "judgements":
            areas = [a for a in m["judgements"] if in_group(a, group)]
            if s.get("detail") or group:
                for a in areas:
                    child = _block(md(a["row_title"] if not group else a["title"]), 3,
                                   paragraphs=[f"**{_grade_words(a)}**"])
                    child["bullets"] = [lead_in(r) for r in a["rules"] if r["category"]]
                    b["children"].append(child)
            elif areas:
                b["table"] = {"header": ["Judgement", "Grade"],
                              "rows": [(md(a["row_title"]), md(a["grade_label"]), a["overall"]) for a in areas]}
        elif content == "findings":
            wanted = [c for c in s.get("categories") or [] if c in cat_by_id]
            pool = _worst_first([r for r in m["rules"] if r["category"] in wanted and in_group(r, group)])
            pooled = {r["id"] for r in pool}
            if len(wanted) > 1 and set(wanted) == set(cat_ids):
                for a in m["areas"]:
                    rules = [r for r in a["rules"] if r["id"] in pooled]
                    if rules:
                        child = _block(md(a["title"]), 3)
                        if a["grade"]:
                            child["paragraphs"].append(f"**Judgement: {_grade_words(a)}**")
                        child["bullets"] = [lead_in(r) for r in rules]
                        b["children"].append(child)
            elif len(wanted) == 1:
                b["bullets"] = [bullets[r["id"]] for r in pool]
            else:
                for cid in wanted:
                    rules = [r for r in pool if r["category"] == cid]
                    if rules:
                        c = cat_by_id[cid]
                        b["children"].append(_block(md(c.get("narrative_heading") or c.get("label") or cid), 3,
                                                    bullets=[bullets[r["id"]] for r in rules]))
        elif content == "record_of_main_findings":
            by_id = {a["id"]: a for a in m["judgements"]}
            rows, pending = [], None
            for row in s.get("rows") or [{"area": a["id"]} for a in m["judgements"]]:
                if row.get("heading"):
                    pending = row["heading"]
                elif row.get("area") in by_id:
                    if pending:
                        rows.append((f"**{md(pending)}**", "", False))
                        pending = None
                    a = by_id[row["area"]]
                    rows.append((md(a["title"] if s.get("rows") else a["row_title"]), md(a["grade_label"]), False))
            if any(r[1] for r in rows):
                b["table"] = {"header": ["Judgement area", "Grade"], "rows": rows}
        elif content == "all_findings":
            b["bullets"] = [bullets[r["id"]] for r in sorted(m["rules"], key=lambda r: (r["rate_sort"], r["id"]))]
        if b["paragraphs"] or b["bullets"] or b["table"] or b["children"]:
            blocks.append(b)
    return blocks


def _history_sentence(m: dict) -> str:
    h = m["history"]
    text = (f"Compared with the previous audit as at {h['as_at_long']}, {h['improved']} "
            f"{'findings' if h['improved'] != 1 else 'finding'} improved, {h['declined']} declined and "
            f"{h['unchanged']} {'were' if h['unchanged'] != 1 else 'was'} unchanged")
    if h["new"]:
        text += f"; {h['new']} {'checks are' if h['new'] != 1 else 'check is'} new"
    text += "."
    if h["repeated"]:
        text += (f" {h['repeated']} {'areas of weakness were' if h['repeated'] != 1 else 'area of weakness was'} "
                 "also found at the previous audit.")
    return text


def _letter_bullet(r: dict, phrases: dict) -> str:
    text = md(r["narrative"])
    ch = r["change"] or {}
    if ch.get("repeated"):
        role = ch.get("previous_role") or r["role"]
        if role in phrases:
            text += f" This was {phrases[role][0]} at the previous audit."
        else:
            text += " This was also found at the previous audit."
    return text


def _overview(m: dict, phrases: dict) -> str:
    parts = []
    for c in reversed(m["categories"]):  # worst first
        if not c["count"]:
            continue
        if c["role"] in phrases:
            _, singular, plural = phrases[c["role"]]
            parts.append(f"{c['count']} {singular if c['count'] == 1 else plural}")
        else:
            parts.append(f"{c['count']} {md(c.get('label') or c['id']).lower()}")
    if not m["categories"]:
        clean = sum(1 for r in m["rules"] if r["denominator"] and r["rate"] == 1)
        s = m["summary"]
        return (f"The audit found {s['fail']:,} failing and {s['not_evidenced']:,} unevidenced case outcomes "
                f"across {len(m['rules'])} rules; {clean} {'rules were' if clean != 1 else 'rule was'} met in every case.")
    if not parts:
        return "The audit placed no finding in the framework's categories."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"The audit identified {listed}."


def letter(result: dict) -> str:
    """A Markdown letter in the framework's words: a 2009-12 unannounced
    inspection letter (cra), a 2009-13 graded report with its record of main
    findings (slac), or an ILACS letter (ilacs and any other framework)."""
    m = report_model(result)
    phrases = _phrases(m["kind"])
    bullets = {r["id"]: _letter_bullet(r, phrases) for r in m["rules"]}
    blocks = _letter_blocks(m, bullets, phrases)
    priority = any(c["role"] == "priority" and c["count"] for c in m["categories"])
    return _render(
        "letter.md.j2", False, m=m, blocks=blocks, priority=priority,
        closed=any(b["closing"] for b in blocks),
    )


# ---------------------------------------------------------------- html

#: How a missing team, locality or worker is shown.
NOT_RECORDED = "not recorded"

#: Failing and unevidenced cases shown in the page per rule; beyond it the
#: page says so and the full list is written beside it (``cases_file``), so a
#: council of 100,000 children gets a page a browser opens, not tens of MB.
HTML_CASES_SHOWN = 500

#: The page's only script: search, sort and filter, in the page (no assets).
#: The page's Content-Security-Policy allows this script by its hash and no other.
HTML_SCRIPT = (
    "(function(){'use strict';"
    "function txt(c){return (c.getAttribute('data-sort')||c.textContent||'').trim();}"
    "function num(v){var n=parseFloat(v.replace(/[,%]/g,''));return isNaN(n)?null:n;}"
    "document.querySelectorAll('table.sortable').forEach(function(t){"
    "t.querySelectorAll('thead th').forEach(function(th,i){th.tabIndex=0;th.setAttribute('aria-sort','none');"
    "function go(){var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),d=th.getAttribute('aria-sort')==='ascending'?-1:1;"
    "rows.sort(function(x,y){var a=txt(x.cells[i]),c=txt(y.cells[i]),p=num(a),q=num(c);"
    "return d*((p!==null&&q!==null)?p-q:a.localeCompare(c));});"
    "t.querySelectorAll('thead th').forEach(function(o){o.setAttribute('aria-sort','none');});"
    "th.setAttribute('aria-sort',d>0?'ascending':'descending');rows.forEach(function(r){b.appendChild(r);});}"
    "th.addEventListener('click',go);th.addEventListener('keydown',function(e){if(e.key==='Enter'){go();}});});});"
    "var q=document.getElementById('find'),f=document.getElementById('category-filter'),n=document.getElementById('find-count');"
    "function apply(){var s=(q&&q.value||'').toLowerCase(),c=f?f.value:'',shown=0;"
    "document.querySelectorAll('article.rule').forEach(function(a){var ok=!c||a.getAttribute('data-category')===c;"
    "a.hidden=!ok;a.querySelectorAll('table.cases tbody tr').forEach(function(r){var m=ok&&(!s||r.textContent.toLowerCase().indexOf(s)>=0);"
    "r.hidden=!m;if(m&&s){shown++;}});if(s&&ok){var t=a.querySelector('table.cases'),d=t&&t.closest('details');if(d){d.open=true;}}});"
    "document.querySelectorAll('tr[data-category]').forEach(function(r){r.hidden=!!c&&r.getAttribute('data-category')!==c;});"
    "if(n){n.textContent=s?shown+' matching case rows':'';}}"
    "if(q){q.addEventListener('input',apply);}if(f){f.addEventListener('change',apply);}})();"
)


def script_hash() -> str:
    import base64
    import hashlib

    return "sha256-" + base64.b64encode(hashlib.sha256(HTML_SCRIPT.encode("utf-8")).digest()).decode("ascii")


def html(result: dict, cases_file: str | None = None) -> str:
    """One self-contained HTML page: inline CSS and SVG, no scripts, no
    network. Every value is escaped by the template engine."""
    m = report_model(result)
    more = False
    for r in m["rules"]:
        r["drill_shown"] = r["drill"][:HTML_CASES_SHOWN]
        r["drill_more"] = max(0, len(r["drill"]) - HTML_CASES_SHOWN)
        more = more or bool(r["drill_more"])
    return _render("report.html.j2", True, m=m, chart=_chart_geometry(m), script=HTML_SCRIPT,
                   script_hash=script_hash(), cases_file=cases_file, shown_max=HTML_CASES_SHOWN)


def cases_beside(result: dict) -> bool:
    """Whether the HTML page leaves cases out (more than ``HTML_CASES_SHOWN``
    for a rule): then the CLI writes them all beside it."""
    return any(len((r.get("cases") or {}).get("fail") or []) + len((r.get("cases") or {}).get("not_evidenced") or [])
               > HTML_CASES_SHOWN for r in result.get("rules") or [])


def _chart_geometry(m: dict) -> dict:
    """Numbers the SVG charts need, computed once so the template stays
    declarative: per area, one row per rule."""
    label_w, track_w, text_w, row_h, top = 190, 460, 300, 30, 28
    # wide enough for the longest rule id (about 7.5 px a character at the chart's 13 px), never clipped
    longest = max((len(str(r["id"])) for a in m["areas"] for r in a["rules"]), default=0)
    label_w = max(label_w, int(longest * 7.5) + 24)
    areas = {}
    for a in m["areas"]:
        rows = []
        for i, r in enumerate(a["rules"]):
            y = top + i * row_h
            rate = r["rate"]
            iv = r["interval"]
            rows.append({
                "rule": r,
                "y": y,
                # a 0% rule still draws a sliver, so "no bar" always means "no rate"
                "bar_w": 0 if rate is None else max(round(rate * track_w, 1), 3),
                "iv": None if iv is None else (round(label_w + iv["low"] * track_w, 1), round(label_w + iv["high"] * track_w, 1)),
                "ticks": [{**t, "x": round(label_w + t["rate"] * track_w, 1)} for t in r["thresholds"]],
            })
        # thresholds shared by every row are drawn once, across the chart
        first = [(t["rate"], t["label"]) for t in rows[0]["ticks"]] if rows else []
        shared = bool(first) and all([(t["rate"], t["label"]) for t in row["ticks"]] == first for row in rows)
        height = top + len(rows) * row_h + (32 if shared else 8)
        areas[a["anchor"]] = {
            "rows": rows,
            "height": height,
            "shared_ticks": rows[0]["ticks"] if shared else [],
            "bottom": top + len(rows) * row_h,
        }
    axis = [{"x": round(label_w + f * track_w, 1), "label": f"{int(f * 100)}%"} for f in (0, 0.25, 0.5, 0.75, 1)]
    return {"label_w": label_w, "track_w": track_w, "width": label_w + track_w + text_w, "row_h": row_h,
            "axis": axis, "areas": areas, "spark_w": 64, "spark_h": 20}


# ---------------------------------------------------------------- safe cells



def safe_text(value: Any) -> Any:
    """A cell value a spreadsheet will not run: text starting with = + - @
    (or a tab or carriage return, or any of those behind control characters)
    gets a leading apostrophe (checker.report.sink.neutral_cell). Numbers
    and None pass through."""
    return neutral_cell(value)


# ---------------------------------------------------------------- csv

#: The columns of ``--format csv``: one row per record per rule, everything a
#: BI tool joins or slices on (the subject table and case ID join back to the
#: data; child, team, worker, area and category slice it).
CSV_COLUMNS = ["rule_id", "rule_title", "category", "area", "subject_table", "case_id", "child_id", "team",
               "worker_id", "outcome", "reason"]


def _rule_areas(result: dict) -> dict[str, str]:
    """Rule id -> the title of the judgement area it is reported under."""
    titles = {a.get("id"): a.get("title") for a in result.get("areas") or []}
    out: dict[str, str] = {}
    for a in result.get("areas") or []:
        for rid in a.get("rules") or []:
            out.setdefault(rid, a.get("title") or a.get("id"))
    for r in result.get("rules") or []:
        out.setdefault(r["id"], titles.get(r.get("area")) or r.get("area") or "")
    return out


def outcomes_csv(result: dict, neutralise: bool = True) -> str:
    """Every record's outcome for every rule (``CSV_COLUMNS``): rules in pack
    order, cases by ID; the category in the framework's words; child, team
    and worker where the record has or reaches them (blank where not, or when
    the result was made without case context); safe to open in a spreadsheet."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    areas = _rule_areas(result)
    for rule in result.get("rules") or []:
        rows = []
        for outcome in OUTCOMES:
            for case in (rule.get("cases") or {}).get(outcome) or []:
                rows.append((str(case.get("id")), OUTCOMES.index(outcome), outcome, case))
        category = rule.get("category_label") or ("too few cases to judge" if rule.get("small_n") else "")
        fixed = [rule["id"], rule.get("title") or "", category, areas.get(rule["id"], ""), rule.get("subject") or ""]
        safe = safe_text if neutralise else str
        for case_id, _, outcome, case in sorted(rows, key=lambda x: x[:2]):
            w.writerow([safe(str(v)) for v in fixed] + [
                safe(case_id), safe(case.get("child") or ""), safe(case.get("team") or ""),
                safe(case.get("worker") or ""), outcome, safe(case.get("reason") or "")])
    return buf.getvalue()


def outcomes_parquet(result: dict) -> bytes:
    """The CSV's rows and columns (``CSV_COLUMNS``) as a Parquet file, every
    column text, values as they are (no spreadsheet guard: Parquet is not
    opened as a spreadsheet): for BI tools at scale. Written by DuckDB."""
    import tempfile

    import duckdb

    with tempfile.TemporaryDirectory(prefix="casecheck-") as tmp:
        src, dst = Path(tmp) / "outcomes.csv", Path(tmp) / "outcomes.parquet"
        src.write_text(outcomes_csv(result, neutralise=False), encoding="utf-8")
        con = duckdb.connect()
        try:
            cols = ", ".join(f"'{c}': 'VARCHAR'" for c in CSV_COLUMNS)
            con.execute(
                f"COPY (SELECT * FROM read_csv('{src.as_posix()}', header=true, columns={{{cols}}}, quote='\"', escape='\"')) "
                f"TO '{dst.as_posix()}' (FORMAT parquet)")
        finally:
            con.close()
        return dst.read_bytes()


# ---------------------------------------------------------------- xlsx

_RESERVED_SHEETS = {"summary", "judgements", "about", "history"}


def _sheet_names(rule_ids: list[str]) -> dict[str, str]:
    """Unique Excel sheet names (<= 31 characters, no []:*?/\\ or ', unique
    ignoring case, never Summary/About/History) for each rule."""
    used = set(_RESERVED_SHEETS)
    out = {}
    for rid in rule_ids:
        base = re.sub(r"[\[\]:*?/\\']", "_", rid).strip() or "rule"
        name = base[:31]
        n = 1
        while name.lower() in used:
            n += 1
            suffix = f"~{n}"
            name = base[: 31 - len(suffix)] + suffix
        used.add(name.lower())
        out[rid] = name
    return out


def _as_at_datetime(result: dict) -> _dt.datetime:
    try:
        d = _dt.date.fromisoformat(str(result.get("as_at"))[:10])
    except ValueError:
        d = _dt.date(1980, 1, 1)
    return _dt.datetime(max(d.year, 1980), d.month, d.day)


def xlsx(result: dict) -> bytes:
    """An Excel workbook: a Summary sheet (one row per rule, filterable,
    category fills), one sheet per rule with its failing and not-evidenced
    cases, and an About sheet. Same input, same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    m = report_model(result)
    stamp = _as_at_datetime(result)
    wb = Workbook()
    p = wb.properties
    p.creator = p.lastModifiedBy = f"casecheck {m['casecheck_version'] or ''}".strip()
    p.title = m["title"]
    p.created = p.modified = stamp

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE3EA")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    def put(ws, row, col, value, **style):
        if isinstance(value, str):
            value = neutral_cell(value, xml=True)  # control characters dropped first: none can uncover a formula
        cell = ws.cell(row=row, column=col, value=value)
        for k, v in style.items():
            setattr(cell, k, v)
        return cell

    def header(ws, names, widths):
        for i, (name, width) in enumerate(zip(names, widths), start=1):
            put(ws, 1, i, name, font=bold, fill=head_fill)
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"

    names = _sheet_names([r["id"] for r in m["rules"]])

    ws = wb.active
    ws.title = "Summary"
    cols = ["Rule", "Title", "Area", "Category", "Pass", "Fail", "Not evidenced", "Not applicable",
            "Denominator", "Rate", "Interval low", "Interval high", "Change", "Narrative"]
    header(ws, cols, [24, 48, 36, 26, 8, 8, 10, 10, 12, 9, 10, 10, 12, 80])
    row = 1
    for area in m["areas"]:
        for r in area["rules"]:
            row += 1
            c = r["counts"]
            link = put(ws, row, 1, r["id"], alignment=top)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{names[r['id']]}'!A1", display=link.value)
            link.font = Font(color="1F4E79", underline="single")
            put(ws, row, 2, r["title"], alignment=wrap)
            put(ws, row, 3, area["title"], alignment=wrap)
            put(ws, row, 4, r["category_label"] or "Not categorised", alignment=top,
                fill=PatternFill("solid", fgColor=r["fill"]))
            for col, key in enumerate(OUTCOMES, start=5):
                put(ws, row, col, c[key], alignment=top)
            put(ws, row, 9, r["denominator"], alignment=top)
            for col, value in ((10, r["rate"]), (11, (r["interval"] or {}).get("low")), (12, (r["interval"] or {}).get("high"))):
                put(ws, row, col, value, alignment=top, number_format="0.0%")
            put(ws, row, 13, (r["change"] or {}).get("change"), alignment=top)
            put(ws, row, 14, r["narrative"], alignment=wrap)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(row, 1)}"

    # ---- the judgements: each area's grade and why, and the overall judgement
    js = wb.create_sheet("Judgements", 1)
    cat_labels = [(c["id"], c.get("label") or c["id"]) for c in (result.get("framework") or {}).get("categories") or []]
    jcols = ["Judgement area", "Grade", "Why"] + [label for _, label in cat_labels]
    header(js, jcols, [48, 30, 90] + [16] * len(cat_labels))
    jrow = 1
    for a in result.get("areas") or []:
        jrow += 1
        put(js, jrow, 1, a.get("title") or a.get("id"), alignment=wrap, font=bold if str(a.get("policy") or "").startswith("overall:") else Font())
        put(js, jrow, 2, a.get("grade_label") or "not graded", alignment=top)
        put(js, jrow, 3, a.get("why") or "", alignment=wrap)
        for col, (cid, _) in enumerate(cat_labels, start=4):
            ids = (a.get("by_category") or {}).get(cid) or []
            put(js, jrow, col, ", ".join(ids) if ids else None, alignment=wrap)
    overall = result.get("overall") or {}
    if overall.get("grade_label") and not any(str(a.get("policy") or "").startswith("overall:") for a in result.get("areas") or []):
        jrow += 1
        put(js, jrow, 1, "Overall effectiveness", font=bold)
        put(js, jrow, 2, overall["grade_label"], alignment=top)
        put(js, jrow, 3, overall.get("why") or "", alignment=wrap)
    js.auto_filter.ref = f"A1:{get_column_letter(len(jcols))}{max(jrow, 1)}"

    # ---- a sheet per rule: its failing and unevidenced cases, ready to hand out as actions
    for area in m["areas"]:
        for r in area["rules"]:
            rs = wb.create_sheet(names[r["id"]])
            listed = [("fail", c) for c in r["failing"]] + [("not_evidenced", c) for c in r["not_evidenced"]]
            date_cols = list(dict.fromkeys(d for _, c in listed for d in (c.get("dates") or {})))
            cols = (["Case", "Subject table", "Child", "Team", "Worker", "Area"] + date_cols
                    + ["Outcome", "Reason", "Action", "Owner", "Due"])
            header(rs, cols, [16, 18, 12, 24, 12, 36] + [13] * len(date_cols) + [14, 80, 40, 16, 12])
            n = 1
            for outcome, case in listed:
                n += 1
                values = ([str(case.get("id")), r.get("subject") or "", case.get("child"), case.get("team"),
                           case.get("worker"), r["area_title"]]
                          + [_date_cell((case.get("dates") or {}).get(d)) for d in date_cols]
                          + [OUTCOME_LABELS[outcome], case.get("reason") or ""])
                for col, value in enumerate(values, start=1):
                    cell = put(rs, n, col, value, alignment=wrap if col == len(values) else top)
                    if isinstance(value, _dt.date):
                        cell.number_format = "yyyy-mm-dd"
                due = rs.cell(row=n, column=len(values) + 3)
                due.number_format = "yyyy-mm-dd"  # the empty action / owner / due columns, for the QA manager
            rs.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{n}"

    about = wb.create_sheet("About")
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 90
    t = m["totals"]
    rows = [
        ("Report", m["title"]),
        ("Pack", f"{m['pack'].get('name', '')} {m['pack'].get('version', '')}".strip()),
        ("As at", m["as_at"]),
        ("Data", f"{m['data'].get('path', '')} ({m['data'].get('format', '')})"),
        ("Framework", (m["framework"] or {}).get("title") or ""),
        ("Overall", (m["overall"] or {}).get("label") or ""),
        ("Rows read", t["read"]),
        ("Rows evaluated", t["evaluated"]),
        ("Rows excluded", t["excluded"]),
        ("Rows rejected", t["rejected"]),
        ("Previous audit", (m["history"] or {}).get("as_at") or ""),
        ("casecheck", f"{m['casecheck_version']} (result schema {m['schema_version']})"),
    ]
    for i, (k, v) in enumerate(rows, start=1):
        put(about, i, 1, k, font=bold)
        put(about, i, 2, v, alignment=Alignment(horizontal="left"))

    return _deterministic_zip(wb, stamp)


def _date_cell(text):
    """An ISO date (or date-time) as a date cell, so the column sorts and filters as dates."""
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return str(text)


def _deterministic_zip(wb, stamp: _dt.datetime) -> bytes:
    """Save the workbook with fixed timestamps: openpyxl stamps the core
    properties' ``modified`` with the clock on save, and zip entries carry
    the time they were written; both are reset to the run's as_at."""
    from openpyxl.xml.functions import tostring

    raw = io.BytesIO()
    wb.save(raw)
    wb.properties.modified = stamp
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    when = (stamp.year, stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=when)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    return out.getvalue()


def _engine_line(result: dict) -> str | None:
    from checker.report.terminal import engine_line

    return engine_line(result)
