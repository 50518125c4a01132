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
(:func:`~checker.report.view.report_model`) and hand it to Jinja2 templates
in ``reports/`` at the top of the repository (``checker/_data/reports`` in
the wheel). The HTML environment autoescapes everything; the Markdown ones
escape text with the ``md`` filter so a case ID or reason cannot inject HTML
or break a table.

This module holds the Markdown report and the HTML page; the letter is
``checker.report.letter`` (the framework's products), the workbook, CSV and
Parquet are ``checker.report.tabular``, and every renderer is found here by
name too (``documents.letter``, ``documents.xlsx``, ...).
"""

from __future__ import annotations

from checker.report.letter import letter  # noqa: F401 - a renderer, found here by name
from checker.report.tabular import (  # noqa: F401 - renderers and helpers, found here by name
    CSV_COLUMNS,
    outcomes_csv,
    outcomes_parquet,
    safe_text,
    sheet_names,
    xlsx,
)
from checker.report.view import (  # noqa: F401 - the formatting helpers, found here by name
    NOT_RECORDED,
    OUTCOME_LABELS,
    OUTCOMES,
    long_date,
    md,
    num,
    pct,
    render,
    report_model,
    sentence,
)

#: The old name of :func:`checker.report.tabular.sheet_names`.
_sheet_names = sheet_names


def markdown(result: dict) -> str:
    """A Markdown report for a head of QA to take to a director."""
    return render("report.md.j2", False, m=report_model(result))


# ---------------------------------------------------------------- html

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
    return render("report.html.j2", True, m=m, chart=_chart_geometry(m), script=HTML_SCRIPT,
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


