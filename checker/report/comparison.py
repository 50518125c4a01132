"""Comparing a result with the previous audit's: rule by rule and area by area, whether practice
improved, declined or stayed the same, which adverse findings are repeats ("This was an area for
development at the previous inspection"), and the comparison in words. The history store that
keeps the previous results is :mod:`checker.report.history`."""

from __future__ import annotations

from typing import Any

from checker.report.history import (
    CHANGED,
    DECLINED,
    IMPROVED,
    NEW,
    NO_DATA,
    RATE_EPSILON,
    UNCHANGED,
    UNCHANGED_TOLERANCE,
    category_labels,
    check_result,
    framework_id,
    framework_order,
    run_id_of,
    text_or_none,
)


def _adverse(order: list[str], flags: dict[str, bool]) -> set[str]:
    """The adverse ids of an order (best -> worst): those the framework marks
    ``positive: false`` when it marks every one; otherwise anything below the
    best two (with only two, the worse one; with one, none)."""
    if order and all(c in flags for c in order):
        return {c for c in order if not flags[c]}
    n = len(order)
    return set(order[2 if n >= 3 else (1 if n == 2 else n):])


def _positive_flags(*results: dict | None, key: str = "categories") -> dict[str, bool]:
    out: dict[str, bool] = {}
    for res in results:
        fw = (res or {}).get("framework")
        for c in (fw.get(key) if isinstance(fw, dict) else None) or []:
            if isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("positive"), bool):
                out.setdefault(c["id"], c["positive"])
    return out


def _grade_change(prev_grade: str | None, grade: str | None, had_previous: bool, gpos: dict[str, int] | None) -> str:
    if not had_previous or prev_grade is None:
        return NEW if grade is not None else NO_DATA
    if grade is None:
        return NO_DATA
    if grade == prev_grade:
        return UNCHANGED
    if gpos and grade in gpos and prev_grade in gpos:
        return IMPROVED if gpos[grade] < gpos[prev_grade] else DECLINED
    return CHANGED


def _direction(prev_value: Any, value: Any, prev_cat: Any, cat: Any, pos: dict[str, int] | None) -> str:
    if pos and prev_cat in pos and cat in pos and prev_cat != cat:
        return IMPROVED if pos[cat] < pos[prev_cat] else DECLINED
    if value is None:
        return NO_DATA
    if prev_value is None:
        return NEW
    d = value - prev_value
    if abs(d) <= UNCHANGED_TOLERANCE + RATE_EPSILON:
        return UNCHANGED
    return IMPROVED if d > 0 else DECLINED


def _rate(r: dict | None) -> float | None:
    v = (r or {}).get("rate")
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _cat(d: dict | None, key: str = "category") -> str | None:
    v = (d or {}).get(key)
    return v if isinstance(v, str) else None


def compare(current: dict, previous: dict | None, framework_categories: list[str] | None = None) -> dict:
    """Set ``current`` beside ``previous`` (two result dicts), rule by rule.

    ``change`` per rule:

    * ``improved`` / ``declined``: when the rule has a category at both runs,
      in the framework's best -> worst order, and the category moved, the move
      decides; otherwise the rate moved by more than ``UNCHANGED_TOLERANCE``
      (0.005, half a percentage point);
    * ``unchanged``: rate within +/- 0.005 (and no category move);
    * ``new``: nothing to compare with (no previous run, a rule the previous
      run did not have, or one it could not measure: denominator 0);
    * ``no_data``: the rule could not be measured this time (denominator 0).

    ``repeated`` is true when the category is adverse now and was adverse at
    the previous audit ("This was an area for development at the previous
    inspection"); adverse = a category the framework marks ``positive:
    false`` (ILACS: area for improvement, area for priority action), or, when
    it does not say, anything below its best two categories.

    Areas (``result["areas"]``, ``grade``) and the overall grade
    (``result["overall"]["grade"]``) are compared in the framework's
    ``grades`` order (best -> worst); with no known order a different grade
    is ``changed``.

    Categories are only compared within one framework: when both results name
    a framework and the names differ, categories are ignored (rates still
    count). ``framework_categories`` (ids, best -> worst) overrides the order
    the results carry.
    """
    check_result(current)
    if previous is not None:
        check_result(previous)
    fw_now, fw_prev = framework_id(current), framework_id(previous)
    comparable = previous is None or fw_now is None or fw_prev is None or fw_now == fw_prev
    order = framework_categories if framework_categories is not None else (
        framework_order(current) or framework_order(previous)
    )
    pos = {c: i for i, c in enumerate(order)} if (order and comparable) else None
    adverse = _adverse(order, _positive_flags(current, previous)) if pos and order else set()

    def is_adverse(cat: str | None) -> bool:
        return cat in adverse

    prev_rules = {r["id"]: r for r in (previous or {}).get("rules", [])}
    changes: dict[str, dict] = {}
    for r in current["rules"]:
        p = prev_rules.get(r["id"])
        rate, prev_rate = _rate(r), _rate(p)
        cat, prev_cat = _cat(r), _cat(p)
        change = NEW if p is None else _direction(prev_rate, rate, prev_cat, cat, pos)
        changes[r["id"]] = {
            "previous_rate": prev_rate,
            "rate": rate,
            "change": change,
            "previous_category": prev_cat,
            "category": cat,
            "repeated": p is not None and is_adverse(cat) and is_adverse(prev_cat),
        }
    current_ids = {r["id"] for r in current["rules"]}
    removed = [
        {"rule_id": rid, "previous_rate": _rate(p), "previous_category": _cat(p)}
        for rid, p in prev_rules.items() if rid not in current_ids
    ]

    grade_order = framework_order(current, "grades") or framework_order(previous, "grades") or order
    gpos = {g: i for i, g in enumerate(grade_order)} if (grade_order and comparable) else None
    gadverse = _adverse(grade_order, _positive_flags(current, previous, key="grades")) if gpos and grade_order else set()

    def grade_entry(prev: dict | None, now: dict | None) -> dict:
        grade, prev_grade = _cat(now, "grade"), _cat(prev, "grade")
        return {
            "previous_grade": prev_grade,
            "grade": grade,
            "change": _grade_change(prev_grade, grade, prev is not None, gpos),
            "repeated": grade in gadverse and prev_grade in gadverse,
        }

    prev_areas = {a["id"]: a for a in _areas(previous)}
    areas = {a["id"]: grade_entry(prev_areas.get(a["id"]), a) for a in _areas(current)}
    overall = None
    if isinstance(current.get("overall"), dict) and _cat(current["overall"], "grade"):
        prev_overall = (previous or {}).get("overall")
        overall = grade_entry(prev_overall if isinstance(prev_overall, dict) else None, current["overall"])

    tally = {k: 0 for k in (IMPROVED, DECLINED, UNCHANGED, NEW, NO_DATA)}
    for c in changes.values():
        tally[c["change"]] += 1
    tally["repeated"] = sum(1 for c in changes.values() if c["repeated"])
    return {
        "current": {"run_id": run_id_of(current), "as_at": current["as_at"]},
        "previous": None if previous is None else {
            "run_id": run_id_of(previous),
            "as_at": previous["as_at"],
            "pack_version": text_or_none(previous["pack"].get("version")),
        },
        "unchanged_tolerance": UNCHANGED_TOLERANCE,
        "framework": fw_now or fw_prev,
        "categories_compared": pos is not None,
        "summary": tally,
        "changes": changes,
        "removed": removed,
        "areas": areas,
        "overall": overall,
    }


def _areas(result: dict | None) -> list[dict]:
    items = (result or {}).get("areas")
    return [a for a in items if isinstance(a, dict) and isinstance(a.get("id"), str)] if isinstance(items, list) else []


# --------------------------------------------------------------------------- render


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.1f}%"


def _label(cat: str | None, labels: dict[str, str]) -> str:
    if cat is None:
        return "-"
    return labels.get(cat) or cat.replace("_", " ").replace("-", " ")


_WORDS = {IMPROVED: "improved", DECLINED: "DECLINED", UNCHANGED: "unchanged", NEW: "new", NO_DATA: "no data",
          CHANGED: "changed"}


def render_compare(comparison: dict, current: dict) -> str:
    """The comparison as a terminal table, in pack order."""
    from tabulate import tabulate

    pack = current.get("pack") or {}
    name = pack.get("name", "?")
    prev = comparison.get("previous")
    lines = []
    if prev is None:  # one line, not a table of every rule marked new
        n = len(comparison.get("changes") or {})
        return (f"{name}: the first run in this history (as at {current.get('as_at')}, {n} rule{'s' if n != 1 else ''}); "
                "the next run is compared with it.\n")
    else:
        v = f" (pack version {prev['pack_version']})" if prev.get("pack_version") != text_or_none(pack.get("version")) else ""
        lines.append(f"{name}: as at {current.get('as_at')} compared with as at {prev['as_at']}, "
                     f"run {prev['run_id'][:12]}{v}")
    lines.append("")

    labels = category_labels(current)
    changes = comparison.get("changes") or {}
    with_cats = any(c.get("category") or c.get("previous_category") for c in changes.values())
    rows = []
    for r in current.get("rules") or []:
        c = changes.get(r.get("id"))
        if c is None:
            continue
        row = [r["id"], _pct(c.get("previous_rate")), _pct(c.get("rate"))]
        if with_cats:
            row += [_label(c.get("previous_category"), labels), _label(c.get("category"), labels)]
        row += [_WORDS.get(c.get("change"), str(c.get("change"))), "REPEAT" if c.get("repeated") else ""]
        rows.append(row)
    headers = ["rule", "previous", "rate"]
    align = ["left", "right", "right"]
    if with_cats:
        headers += ["prev. category", "category"]
        align += ["left", "left"]
    headers += ["change", "repeated"]
    align += ["left", "left"]
    lines.append(tabulate(rows, headers=headers, tablefmt="simple", colalign=align))

    areas = comparison.get("areas") or {}
    if areas:
        lines.append("")
        arows = [
            [aid, _label(a.get("previous_grade"), labels), _label(a.get("grade"), labels), _WORDS.get(a.get("change"), str(a.get("change"))),
             "REPEAT" if a.get("repeated") else ""]
            for aid, a in areas.items()
        ]
        lines.append(tabulate(arows, headers=["area", "previous grade", "grade", "change", "repeated"],
                              tablefmt="simple"))

    overall = comparison.get("overall")
    if overall:
        lines.append(
            f"overall: {_label(overall.get('previous_grade'), labels)} -> {_label(overall.get('grade'), labels)} "
            f"({_WORDS.get(overall.get('change'), str(overall.get('change')))})"
            + (" REPEAT" if overall.get("repeated") else "")
        )
    lines.append("")
    s = comparison.get("summary") or {}
    parts = [f"{s.get(k, 0)} {_WORDS[k]}" for k in (IMPROVED, DECLINED, UNCHANGED, NEW, NO_DATA) if s.get(k)]
    tol = comparison.get("unchanged_tolerance", UNCHANGED_TOLERANCE)
    lines.append(f"{', '.join(parts) or 'no rules'} (unchanged = rate within +/-{100 * tol:.1f} points"
                 f"{'; a category move decides the direction' if comparison.get('categories_compared') else ''})")
    if s.get("repeated"):
        n = s["repeated"]
        adverse = [c.get("label") or c["id"] for c in (current.get("framework") or {}).get("categories") or []
                   if not c.get("positive")]
        words = " or ".join(f"\u201c{a}\u201d" for a in adverse) if adverse else "an adverse category"
        lines.append(f"REPEAT: {n} rule{'s' if n != 1 else ''} in {words} at the previous audit and still")
    removed = comparison.get("removed") or []
    if removed:
        lines.append("no longer in the pack: " + ", ".join(r["rule_id"] for r in removed))
    return "\n".join(lines) + "\n"
