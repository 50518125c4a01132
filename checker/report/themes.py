"""Priority actions and points to improve, grouped by theme, as the letters write them.

Seed 001 lists two areas for priority action, each a theme ("workforce
capacity", "case allocation and progression") drawing several weaknesses
together, where a rule-by-rule report would list seventeen statistics. This
module groups a run's rule findings into the framework's ``themes`` (by the
rules' tags, then their areas) and decides which themes are priority actions,
following the framework's ``priority_actions`` (data, never code):

* ``from: themes``: a theme is a priority action when one of its critical
  compliance rules is below its floor, or when at least ``cluster`` of its
  compliance rules (major or critical) are serious failures, in the priority
  category by rate; at most ``max`` of them, the most serious first (a theme
  with a critical rule below its floor is always kept). A serious failure on
  its own is something to improve: its category is moved up one, and its
  ``why`` says so.
* ``from: rules``: every rule in the priority category is one (the ``worst``
  grading policy, and validation frameworks).

Indicators (``kind: indicator``) never set a priority action and are never a
point to improve: they are context, reported against their benchmarks.

Everything works on plain dicts (a rule finding: ``id``, ``area``, ``tags``,
``severity``, ``kind``, ``category``, ``rate``, ``thresholds``; a framework
summary as the result carries it), so a result made before themes existed
can be grouped when it is rendered.
"""

from __future__ import annotations

from typing import Any

INDICATOR = "indicator"


def is_indicator(finding: dict) -> bool:
    return finding.get("kind") == INDICATOR


def theme_of(finding: dict, themes: list[dict], area_titles: dict[str, str] | None = None) -> tuple[str, str]:
    """(theme id, title) of a rule finding: the first theme listing one of
    its tags, else the first listing its area, else its area as a theme."""
    tags = set(finding.get("tags") or ())
    for th in themes:
        if tags & set(th.get("tags") or ()):
            return th["id"], th["title"]
    area = finding.get("area")
    for th in themes:
        if area is not None and area in (th.get("areas") or ()):
            return th["id"], th["title"]
    title = (area_titles or {}).get(str(area)) or str(area or "other checks").replace("-", " ")
    return f"area:{area}", title


def _below_floor(f: dict) -> bool:
    floor = (f.get("thresholds") or {}).get("critical_floor")
    return f.get("severity") == "critical" and floor is not None and f.get("rate") is not None and f["rate"] < floor


def _rank(cats: list[dict]) -> dict[str, int]:
    return {c["id"]: i for i, c in enumerate(cats)}


def group(findings: list[dict], framework: dict, mode: str | None = None,
          area_titles: dict[str, str] | None = None, settle: bool = False) -> dict[str, Any]:
    """The priority actions and points to improve of a run.

    ``findings``: rule findings (dicts, see the module docstring).
    ``framework``: the framework summary (categories best first,
    ``priority_category``, ``themes``, ``priority_actions``). ``mode``:
    ``themes`` or ``rules`` (default the framework's). With ``settle`` a
    lone serious failure's finding is moved up one category in place (the
    run's own findings, before areas are graded); without it, it is only
    reported as a point to improve (a result being rendered).

    Returns ``{"from", "priority": [...], "improve": [...]}``, each entry
    ``{"id", "title", "rules", "category", "critical", "serious", "why"}``
    with rules worst first.
    """
    if not settle:  # a result being rendered is read, never changed
        findings = [dict(f) for f in findings]
    cats = [c for c in framework.get("categories") or [] if isinstance(c, dict)]
    rank = _rank(cats)
    positive = {c["id"] for c in cats if c.get("positive")}
    prio = framework.get("priority_category") or (cats[-1]["id"] if cats else None)
    policy = {"from": "rules", "cluster": 2, "max": 5, **(framework.get("priority_actions") or {})}
    mode = mode or policy["from"]
    themes = [t for t in framework.get("themes") or [] if isinstance(t, dict)]
    judged = [f for f in findings if f.get("category") in rank and not is_indicator(f)]
    negative = [f for f in judged if f["category"] not in positive]

    def worst_first(items: list[dict]) -> list[dict]:
        return sorted(items, key=lambda f: (-rank[f["category"]], 2.0 if f.get("rate") is None else f["rate"], f["id"]))

    if mode == "rules" or not themes:
        pr = [f for f in worst_first(negative) if f["category"] == prio]
        rest = [f for f in worst_first(negative) if f["category"] != prio]
        def one(f: dict, why: str) -> dict:
            return {"id": f["id"], "title": f.get("title") or f["id"], "rules": [f["id"]], "category": f["category"],
                    "critical": [f["id"]] if _below_floor(f) else [],
                    "serious": [f["id"]] if f["category"] == prio else [], "why": why}

        return {"from": "rules",
                "priority": [one(f, "in the priority category") for f in pr],
                "improve": [one(f, "calls for action") for f in rest]}

    order = {t["id"]: i for i, t in enumerate(themes)}
    by_theme: dict[str, dict] = {}
    for f in negative:
        tid, title = theme_of(f, themes, area_titles)
        by_theme.setdefault(tid, {"id": tid, "title": title, "rules": []})["rules"].append(f)
    candidates = []
    for th in by_theme.values():
        critical = sorted(f["id"] for f in th["rules"] if _below_floor(f))
        serious = sorted(f["id"] for f in th["rules"] if f["category"] == prio and f.get("severity") in ("critical", "major"))
        th.update(critical=critical, serious=serious)
        if critical or len(serious) >= policy["cluster"]:
            candidates.append(th)
    candidates.sort(key=lambda th: (-len(th["critical"]), -len(th["serious"]),
                                    min((f["rate"] for f in th["rules"] if f.get("rate") is not None), default=2.0),
                                    order.get(th["id"], len(order)), th["id"]))
    kept = [th for i, th in enumerate(candidates) if th["critical"] or i < policy["max"]]
    kept_ids = {th["id"] for th in kept}
    prio_rank = rank.get(str(prio), len(cats) - 1)
    better = cats[prio_rank - 1] if prio_rank > 0 else None
    for th in by_theme.values():
        if th["id"] in kept_ids:
            n, k = len(th["serious"]), len(th["critical"])
            th["why"] = ("a critical rule below its floor (" + ", ".join(th["critical"]) + ")" if k else
                         f"{n} serious failures in one theme (" + ", ".join(th["serious"]) + ")")
            continue
        th["why"] = "calls for action, but holds no critical rule below its floor and no cluster of serious failures"
        if th["id"] in {c["id"] for c in candidates}:
            th["why"] = f"a cluster of serious failures, but the letter carries at most {policy['max']} priority actions"
        for f in th["rules"]:
            if f["category"] == prio and better is not None:
                note = ("; one serious failure in its theme, not a critical rule below its floor nor a cluster of "
                        "them, so something to improve rather than a priority action")
                if th["id"] in {c["id"] for c in candidates}:
                    note = f"; its theme is beyond the {policy['max']} most serious, so something to improve"
                if settle:
                    f["category"], f["category_label"] = better["id"], better.get("label")
                    f["why"] = (f.get("why") or "") + note
                else:
                    f["shown_category"] = better["id"]
    out_p: list[dict] = []
    out_i: list[dict] = []
    for th in sorted(by_theme.values(), key=lambda th: (order.get(th["id"], len(order)), th["id"])):
        rules = worst_first(th["rules"])
        worst = max((rank[f.get("shown_category") or f["category"]] for f in rules), default=0)
        entry = {"id": th["id"], "title": th["title"], "rules": [f["id"] for f in rules],
                 "category": cats[worst]["id"] if th["id"] not in kept_ids else prio,
                 "critical": th["critical"], "serious": th["serious"], "why": th["why"]}
        (out_p if th["id"] in kept_ids else out_i).append(entry)
    out_p.sort(key=lambda e: [th["id"] for th in kept].index(e["id"]))
    return {"from": "themes", "priority": out_p, "improve": out_i}
