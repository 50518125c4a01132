"""Renderers: the result model as a terminal table or JSON."""

from __future__ import annotations

import textwrap

from tabulate import tabulate

from checker.model import (
    FAIL,
    NOT_APPLICABLE,
    NOT_EVIDENCED,
    PASS,
)
from checker.report.result import RunResult


def _rate(r) -> str:
    return "-" if r.rate is None else f"{100 * r.rate:.1f}%"


def terminal(result: RunResult, doc: dict | None = None, width: int = 48, rejects: str | None = None) -> str:
    """The summary table, worst rate first, with each rule's finding."""
    doc = doc if doc is not None else result.to_dict()
    labels = {r["id"]: (r.get("category_label") or "too few cases") for r in doc["rules"]}
    rows = []
    ordered = sorted(result.rules, key=lambda r: (2 if r.rate is None else r.rate, r.rule.id))
    indicators = [r for r in doc["rules"] if r.get("indicator")]
    shown = {r["id"] for r in indicators}
    for r in ordered:
        if r.rule.id in shown:
            continue  # an indicator: a rate against its benchmark, below, never failed case by case
        c = r.counts
        # the whole title, wrapped (never cut: the words that are cut are the ones that matter)
        title = "\n".join(textwrap.wrap(r.rule.title, width=max(width, 20))) or r.rule.title
        rows.append([r.rule.id, title, c[PASS], c[FAIL], c[NOT_EVIDENCED], c[NOT_APPLICABLE], _rate(r), labels[r.rule.id]])
    table = tabulate(
        rows,
        headers=["rule", "title", "pass", "fail", "not evid.", "n/a", "rate", "finding"],
        tablefmt="simple",
        colalign=("left", "left", "right", "right", "right", "right", "right", "left"),
    )
    lines = [
        f"{result.pack.title} ({result.pack.name} {result.pack.version}) - as at {result.as_at.isoformat()}",
        "",
        table,
        "",
    ]
    if indicators:
        lines.append("Indicators (rates benchmarked, not failed case by case):")
        for r in indicators:
            lines.append(f"  {r['id']} {r['indicator']['measure']}: {r['indicator']['text']}")
            if r["indicator"].get("window"):
                lines.append(f"    note: {r['indicator']['window']}")
        lines.append("")
    overall = doc.get("overall") or {}
    if overall.get("grade_label"):
        lines.append(f"{doc['framework'].get('title', '')}: overall {overall['grade_label']}"
                     + (f" ({overall['why']})" if overall.get("grade_label") == "Withheld" else ""))
        for area in doc.get("areas", []):
            if area.get("grade_label") and area.get("id") != overall.get("area"):
                lines.append(f"  {area['title']}: {area['grade_label']}")
        lines.append("")
    lines.append(accounting_line(result))
    ignored = ignored_line(result)
    if ignored:
        lines.append(ignored)
    c = result.loaded.counts()
    if c["rejected"]:
        lines.append(
            f"WARNING: {c['rejected']} of {c['read']} rows ({100 * c['rejected'] / c['read']:.1f}%) were rejected and not "
            + (f"evaluated; see {rejects}" if rejects else
               "evaluated; write them with --rejects FILE (or --out), or see `rejections` in --format json")
        )
        lines.extend(rejection_lines(doc.get("rejections") or []))
    if result.loaded.integrity:
        by_check: dict[str, int] = {}
        for i in result.loaded.integrity:
            by_check[i.check] = by_check.get(i.check, 0) + 1
        parts = ", ".join(f"{n} {check}" for check, n in sorted(by_check.items()))
        lines.append(f"data integrity: {parts} (see `integrity` in --format json)")
    for rule, why in result.not_run:
        lines.append(f"NOT RUN: {rule.id} needs {'; '.join(why)}")
    where = engine_line(doc)
    if where:
        lines.append(where)
        for f in (doc.get("engine") or {}).get("fallbacks", []):
            lines.append(f"  {f['rule']}: {f['why']}")
    return "\n".join(lines) + "\n"


#: rejected rows the terminal summary shows, each with its place and why; the rest are in --rejects
SHOWN_REJECTIONS = 3


def rejection_lines(rejections: list[dict]) -> list[str]:
    """The first rejected rows, each as ``file:row: column: why`` (the document's rejections,
    so redacted with it), so the summary says why without another run."""
    out = []
    for r in rejections[:SHOWN_REJECTIONS]:
        column = f" `{r['column']}`:" if r.get("column") else ""
        out.append(f"  {r.get('file') or r.get('table')}:{r.get('row')}:{column} {r.get('message') or r.get('reason')}")
    if len(rejections) > SHOWN_REJECTIONS:
        out.append(f"  ... and {len(rejections) - SHOWN_REJECTIONS} more")
    return out


def engine_line(doc: dict) -> str | None:
    """Where the rules were judged, in one line (the result's ``engine``)."""
    e = doc.get("engine")
    if not e:
        return None
    versions = ", ".join(f"{k} {v}" for k, v in sorted(e.get("versions", {}).items()))
    sql = f", SQL dialect {e['dialect']}" if e.get("dialect") else ""
    n = len(e.get("fallbacks", []))
    fell = f"; {n} rule{'s' if n != 1 else ''} judged by the reference evaluator instead" if n else ""
    chosen = f"; chosen by --engine {e['chosen']}" if e.get("chosen") else ""
    return f"judged on {e['name']}{sql} ({versions}){fell}{chosen}"


def accounting_line(result: RunResult) -> str:
    c = result.loaded.counts()
    return (
        f"rows read {c['read']} = evaluated {c['evaluated']} + excluded {c['excluded']} + rejected {c['rejected']} "
        f"(across {len(result.loaded.accounts)} table{'' if len(result.loaded.accounts) == 1 else 's'}, {result.loaded.format})"
    )


def ignored_line(result: RunResult, shown: int = 10) -> str | None:
    """Which input columns were ignored (not fields of the schema: a name, an address), by
    table; None if none were. Their values are never read into any output."""
    parts = []
    for name, acc in sorted(result.loaded.accounts.items()):
        cols = sorted(acc.ignored_columns)
        if cols:
            more = f" and {len(cols) - shown} more" if len(cols) > shown else ""
            parts.append(f"{name}: {', '.join(cols[:shown])}{more}")
    if not parts:
        return None
    return "input columns ignored (not fields of the schema; their values are in no output): " + "; ".join(parts)
