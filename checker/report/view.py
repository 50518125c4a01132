"""The view every templated report reads: the result dict as a report model.

:func:`report_model` builds one view of a result (``RunResult.to_dict()``,
the versioned contract; never the Python objects): areas in the framework's
order with their rules worst first, categories with their roles and colours,
grades, history, accounting. The Markdown report, the letter and the HTML
page hand it to Jinja2 templates in ``reports/`` at the top of the
repository (``checker/_data/reports`` in the wheel), through :func:`render`.
Formatting helpers (:func:`md`, :func:`pct`, :func:`long_date`) live here
too. A category's role (strength, meets, improve, priority) is the
framework's, never guessed from its words.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Any

from checker.packs.sources import document_url, seed_document
from checker.report.sink import clean_terminal
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
UNCATEGORISED = ("#5f6368", "#f1f3f4", "EDEDED")


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


def short_id(run_id: Any) -> str | None:
    """A run id for people: content hashes cut to 12 characters."""
    if not run_id:
        return None
    text = str(run_id)
    return text[:12] if len(text) > 16 and re.fullmatch(r"[0-9a-f]+", text) else text


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


# ---------------------------------------------------------------- the model

def _categories(result: dict) -> list[dict]:
    fw = result.get("framework") or {}
    cats = [c for c in (fw.get("categories") or []) if isinstance(c, dict) and c.get("id")]
    out = []
    for i, c in enumerate(cats):
        colour, bg, fill = palette_stop(i, len(cats))
        out.append({**c, "rank": i, "colour": colour, "bg": bg, "fill": fill})
    return out


def palette_stop(i: int, n: int) -> tuple[str, str, str]:
    """The colours of the i-th of n ranked items (0 best): spread over the
    palette from green to red."""
    if n <= 1:
        return UNCATEGORISED
    return _PALETTE[round(i * (len(_PALETTE) - 1) / (n - 1))]


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
    category = rule.get("category")
    cat = cats.get(category) if category else None
    colour, bg, fill = (cat["colour"], cat["bg"], cat["fill"]) if cat else UNCATEGORISED
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
        previous_category = change.get("previous_category")
        pcat = cats.get(previous_category) if previous_category else None
        kind = change.get("change")
        change = {
            **change,
            "previous_text": pct(prev),
            "delta": delta,
            "delta_text": "" if delta is None or round(abs(100 * delta), 1) == 0
            else f"{'+' if delta > 0 else '-'}{abs(100 * delta):.1f} pts",
            "previous_category_label": (pcat or {}).get("label") or previous_category,
            "previous_role": (pcat or {}).get("role"),
            "arrow": {"improved": "▲", "declined": "▼", "unchanged": "▶", "new": "●", "no_data": "–",
                      "changed": "◆"}.get(kind, "") if kind else "",
            "change": str(kind or "").replace("_", " "),
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
        "anchor": "rule-" + slug(rule["id"]),
        "area_title": area_title,
        "counts": counts,
        "rate_text": pct(rule.get("rate")),
        "rate_sort": 2.0 if rule.get("rate") is None else rule["rate"],
        "category": rule.get("category"),
        "category_label": rule.get("category_label") or (cat or {}).get("label") or rule.get("category"),
        "category_rank": cat["rank"] if cat else None,
        "role": (cat or {}).get("role"),
        "kind": rule.get("kind") or "compliance",
        "tags": list(rule.get("tags") or []),
        "rule_thresholds": dict(rule.get("thresholds") or {}),
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


def worst_first(rules: list[dict]) -> list[dict]:
    def key(r):
        rank = r["category_rank"]
        cat_key = (0, -rank) if rank is not None else (1, 0)
        return (cat_key, 2.0 if r["rate"] is None else r["rate"], r["id"])
    return sorted(rules, key=key)


def _grade_info(grades: list[dict], gid: str | None) -> dict:
    """A grade's label, rank (0 best), number for "Grade 3 (adequate)"
    wording (the framework's ``number``, where it numbers its grades) and
    colours."""
    for i, g in enumerate(grades):
        if g.get("id") == gid:
            number = g.get("number") if isinstance(g.get("number"), int) else None
            colour, bg, _ = palette_stop(i, len(grades))
            return {"grade": gid, "grade_label": g.get("label") or gid, "grade_rank": i, "grade_number": number,
                    "grade_colour": colour, "grade_bg": bg}
    colour, bg, _ = UNCATEGORISED
    return {"grade": gid, "grade_label": gid, "grade_rank": None, "grade_number": None,
            "grade_colour": colour, "grade_bg": bg}


def _area_groups(result: dict, views: dict[str, dict]) -> list[dict]:
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
        info = _grade_info(grades, a.get("grade")) if a.get("grade") else {
            "grade": None, "grade_label": None, "grade_rank": None, "grade_number": None,
            "grade_colour": None, "grade_bg": None}
        if a.get("grade_label"):  # a grade's own label, or "Not judged"
            info["grade_label"] = a["grade_label"]
        groups.append({
            "id": a.get("id"),
            "anchor": "area-" + slug(str(a.get("id") or a.get("title") or "area")),
            "title": a.get("title") or a.get("id"),
            "group": a.get("group"),
            "group_title": group_titles.get(a.get("group")),
            "overall": str(a.get("policy") or "").startswith("overall:"),
            **info,
            "why": a.get("why"),
            "rules": worst_first([views[x] for x in ids]),
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
            "id": area or None, "anchor": "area-" + slug(area or "other"), "title": title,
            "group": None, "group_title": None, "overall": False,
            "grade": None, "grade_label": None, "grade_rank": None, "grade_number": None,
            "grade_colour": None, "grade_bg": None, "why": None,
            "rules": worst_first(rules),
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
        category_counts.append({**c, "count": n})
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
            "run_id": short_id(prev.get("run_id")),
            **tally,
            "repeated": sum(1 for v in rules if (v["change"] or {}).get("repeated")),
        }

    integrity: dict[str, int] = {}
    for i in result.get("integrity") or []:
        integrity[i.get("check", "?")] = integrity.get(i.get("check", "?"), 0) + 1

    overall = result.get("overall") or {}
    grades = list((fw or {}).get("grades") or [])
    overall_view = None
    if overall.get("grade"):
        overall_view = _grade_info(grades, overall["grade"])
        overall_view["label"] = overall.get("grade_label") or overall_view["grade_label"]
        overall_view["grade_label"] = overall_view["label"]
    all_areas = _area_groups(result, views)
    pack = result.get("pack") or {}
    return {
        "title": pack.get("title") or pack.get("name") or "casecheck report",
        "pack": {k: pack.get(k) or "" for k in ("name", "title", "version", "schema")},
        "as_at": result.get("as_at"),
        "as_at_long": long_date(result.get("as_at")),
        "data": {k: (result.get("data") or {}).get(k) or "" for k in ("path", "format")},
        "casecheck_version": result.get("casecheck_version"),
        "schema_version": result.get("schema_version"),
        "judged_on": engine_line(result),  # where the rules ran, and how many fell back (result `engine`)
        "framework": fw,
        "sample": result.get("sample") or {},
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
    env.filters.update(md=md, pct=pct, num=num, long_date=long_date, slug=slug, sentence=sentence)
    return env


def render(template: str, autoescape: bool, **context) -> str:
    text = _env(autoescape).get_template(template).render(**context)
    # one trailing newline, no trailing spaces: stable goldens and clean diffs
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"




#: How a missing team, locality or worker is shown.
NOT_RECORDED = "not recorded"


def engine_line(result: dict) -> str | None:
    from checker.report.terminal import engine_line as line

    return line(result)
