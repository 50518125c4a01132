"""Renderers: the result model as a terminal table or JSON."""

from __future__ import annotations

from tabulate import tabulate

from .evaluate import FAIL, NOT_APPLICABLE, NOT_EVIDENCED, PASS
from .result import RunResult


def _rate(r) -> str:
    return "-" if r.rate is None else f"{100 * r.rate:.1f}%"


def terminal(result: RunResult, width: int = 48) -> str:
    rows = []
    ordered = sorted(result.rules, key=lambda r: (2 if r.rate is None else r.rate, r.rule.id))
    for r in ordered:
        c = r.counts
        title = r.rule.title if len(r.rule.title) <= width else r.rule.title[: width - 1] + "…"
        rows.append([r.rule.id, title, c[PASS], c[FAIL], c[NOT_EVIDENCED], c[NOT_APPLICABLE], _rate(r)])
    table = tabulate(
        rows,
        headers=["rule", "title", "pass", "fail", "not evid.", "n/a", "rate"],
        tablefmt="simple",
        colalign=("left", "left", "right", "right", "right", "right", "right"),
    )
    lines = [
        f"{result.pack.title} ({result.pack.name} {result.pack.version}) - as at {result.as_at.isoformat()}",
        "",
        table,
        "",
        accounting_line(result),
    ]
    rejected = sum(sum(a.rejected.values()) for a in result.loaded.accounts.values())
    if rejected:
        lines.append(f"WARNING: {rejected} row(s) were rejected and not evaluated; see `rejections` in --format json")
    return "\n".join(lines) + "\n"


def accounting_line(result: RunResult) -> str:
    accts = result.loaded.accounts
    read = sum(a.read for a in accts.values())
    loaded = sum(a.loaded for a in accts.values())
    rejected = sum(sum(a.rejected.values()) for a in accts.values())
    return f"rows read {read} = evaluated {loaded} + excluded 0 + rejected {rejected} (across {len(accts)} tables)"
