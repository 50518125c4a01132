"""Grading and thresholds: how a framework's numbers apply to a rule and a pack.

What a pack or a rule sets over a framework (``checker.packs.framework``): a
rule's ``thresholds`` (:func:`effective_thresholds`) and a pack's
``grading`` (:func:`effective_grading`), each checked against the framework
(:func:`grading_problems`). Problems are
:class:`~checker.errors.CasecheckError`\\ s with positions and suggestions.
The framework is taken as it is loaded; this module does not load one.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

from checker.errors import CasecheckError, Diagnostic, Location
from checker.suggest import did_you_mean

#: A rule's thresholds may also set its own critical floor under this name.
FLOOR_KEY = "critical_floor"

#: The grading policies, and the keys each keeps.
POLICIES = {
    "worst": ("policy", "map"),
    "weighted": ("policy", "weights", "cutoffs", "caps"),
    "descriptors": ("policy", "weights", "severity_weights", "cutoffs", "caps", "priority_grade"),
}


def grading_problems(fw: Any, grading: dict) -> list[tuple[str, tuple, str | None]]:
    """What is wrong with a grading policy for ``fw``: (message, path below
    the grading mapping, suggestion). Empty when it is usable."""
    out: list[tuple[str, tuple, str | None]] = []
    cats, grades = fw.category_ids, fw.grade_ids
    if not isinstance(grading, dict):
        return [("grading must be a mapping with a `policy`", (), None)]
    policy = grading.get("policy")
    if policy not in POLICIES:
        return [(f"grading policy `{policy}` is not one of: {', '.join(POLICIES)}", ("policy",), did_you_mean(str(policy), list(POLICIES)))]

    def grade_ok(g: Any, path: tuple) -> bool:
        if g in grades:
            return True
        out.append((f"`{g}` is not a grade of framework `{fw.id}`; grades: {', '.join(grades)}", path, did_you_mean(str(g), grades)))
        return False

    def category_keys(mapping: Any, key: str, require_all: bool) -> dict:
        if mapping is None:
            if require_all:
                out.append((f"grading policy {policy} needs `{key}`: a value for each category ({', '.join(cats)})", (), None))
            return {}
        if not isinstance(mapping, dict):
            out.append((f"`{key}` must be a mapping of category id to value", (key,), None))
            return {}
        for k in mapping:
            if k not in cats:
                out.append((f"`{k}` in `{key}` is not a category of framework `{fw.id}`; categories: {', '.join(cats)}", (key, k), did_you_mean(str(k), cats)))
        missing = [c for c in cats if c not in mapping]
        if require_all and missing:
            out.append((f"`{key}` has no value for {', '.join('`' + c + '`' for c in missing)}; every category needs one", (key,), None))
        return mapping

    if policy == "worst":
        for cid, g in category_keys(grading.get("map"), "map", True).items():
            grade_ok(g, ("map", cid))
        return out
    weights = category_keys(grading.get("weights"), "weights", True)
    for cid, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, (int, float)):
            out.append((f"weight for `{cid}` must be a number, not `{w}`", ("weights", cid), None))
    ordered = [(c, weights[c]) for c in cats if isinstance(weights.get(c), (int, float)) and not isinstance(weights.get(c), bool)]
    for (better, wb), (worse, ww) in pairwise(ordered):
        if ww > wb:
            out.append((f"weight of `{worse}` ({ww}) is above that of the better category `{better}` ({wb})", ("weights", worse), None))
    cutoffs = grading.get("cutoffs")
    if not isinstance(cutoffs, list) or not cutoffs:
        out.append((f"grading policy {policy} needs `cutoffs`: the lowest mean score for each grade, best first", (), None))
    else:
        last_rank, last_score = -1, math.inf
        for i, c in enumerate(cutoffs):
            if not isinstance(c, dict) or "grade" not in c:
                out.append(("each cut-off needs a `grade`", ("cutoffs", i), None))
                continue
            if not grade_ok(c["grade"], ("cutoffs", i, "grade")):
                continue
            rank = fw.grade_rank(c["grade"])
            if rank <= last_rank:
                out.append((f"cut-off for `{c['grade']}` is out of order: cut-offs go best grade first, each grade once", ("cutoffs", i, "grade"), None))
            last_rank = rank
            score = c.get("min_score")
            if i == len(cutoffs) - 1:
                if score is not None:
                    out.append((f"the last cut-off (`{c['grade']}`) takes every lower score; it has no `min_score`", ("cutoffs", i, "min_score"), None))
            elif isinstance(score, bool) or not isinstance(score, (int, float)):
                out.append((f"cut-off for `{c['grade']}` needs a numeric `min_score`", ("cutoffs", i), None))
            else:
                if score >= last_score:
                    out.append((f"`min_score` of `{c['grade']}` ({score}) must be below that of the better grade before it", ("cutoffs", i, "min_score"), None))
                last_score = score
    for cid, g in category_keys(grading.get("caps"), "caps", False).items():
        grade_ok(g, ("caps", cid))
    if policy == "descriptors":
        sw = grading.get("severity_weights")
        if not isinstance(sw, dict) or not sw:
            out.append(("grading policy descriptors needs `severity_weights`: how much a critical, major and minor rule counts", (), None))
        else:
            for sev in ("critical", "major", "minor"):
                w = sw.get(sev)
                if isinstance(w, bool) or not isinstance(w, (int, float)) or w <= 0:
                    out.append((f"`severity_weights` needs a positive number for `{sev}`, not `{w}`", ("severity_weights",), None))
        if grading.get("priority_grade") is not None:
            grade_ok(grading["priority_grade"], ("priority_grade",))
    return out


def effective_grading(fw: Any, override: dict | None, where: Location | None = None) -> dict | None:
    """The framework's grading with a pack's override laid over it (any
    part: ``{policy: weighted}`` alone uses the framework's weights);
    checked."""
    if not fw.graded:
        if override:
            raise CasecheckError(
                Diagnostic(
                    f"framework `{fw.id}` has no grades, so its areas cannot be graded; remove the grading override",
                    where or Location(),
                    code="bad-grading",
                )
            )
        return None
    merged = dict(fw.grading or {})
    if override:
        if not isinstance(override, dict):
            raise CasecheckError(Diagnostic("a grading override must be a mapping, e.g. {policy: weighted}", where or Location(), code="bad-grading"))
        merged.update(override)
    problems = grading_problems(fw, merged)
    if problems:
        raise CasecheckError(
            [
                Diagnostic(f"grading: {msg}" + (f" (at grading.{'.'.join(map(str, sub))})" if sub else ""), where or Location(), code="bad-grading", suggestion=hint)
                for msg, sub, hint in problems
            ]
        )
    return {k: merged[k] for k in POLICIES[merged["policy"]] if k in merged}

def pct(x: float, places: int = 1) -> str:
    """A threshold or rate as a percentage: 0.85 -> "85%", 0.875 -> "87.5%"."""
    text = f"{x * 100:.{places}f}".rstrip("0").rstrip(".") if places else f"{x * 100:.0f}"
    return text + "%"


def effective_thresholds(fw: Any, thresholds: dict | None, rule=None) -> tuple[dict[str, float | None], float]:
    """Each category's minimum rate (None for the worst) and the critical
    floor, for a rule: the framework's defaults with the rule's
    ``thresholds`` over them. Threshold names are category ids, the
    framework's threshold aliases, or ``critical_floor``."""
    rates: dict[str, float | None] = {c.id: c.min_rate for c in fw.categories}
    floor = fw.critical_floor
    if not thresholds:
        return rates, floor
    rid = getattr(rule, "id", None)
    loc = getattr(rule, "location", None) or Location()
    who = f"rule `{rid}`: " if rid else ""
    worst = fw.categories[-1].id
    settable = [c.id for c in fw.categories[:-1]]
    names = settable + sorted(fw.threshold_aliases) + [FLOOR_KEY]
    problems: list[Diagnostic] = []
    set_by: dict[str, str] = {}

    def problem(message: str, suggestion: str | None = None) -> None:
        problems.append(Diagnostic(who + message, loc, code="bad-threshold", suggestion=suggestion, rule=rid))

    for name in sorted(thresholds):
        value = thresholds[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            problem(f"threshold `{name}` must be a proportion between 0 and 1, not `{value}`")
            continue
        if name == FLOOR_KEY:
            floor = float(value)
            continue
        cid = fw.threshold_aliases.get(name, name)
        if cid == worst:
            problem(
                f"threshold `{name}` cannot be set: `{worst}` is the worst category of framework `{fw.id}`, "
                f"which takes every rate below the others' minimums; set `{settable[-1]}` instead"
            )
            continue
        if cid not in rates:
            aliases = ", ".join(f"{a} (= {c})" for a, c in sorted(fw.threshold_aliases.items()))
            problem(
                f"threshold `{name}` is not a category of framework `{fw.id}`; thresholds may name "
                f"{', '.join(settable)}" + (f", the aliases {aliases}" if aliases else "") + f" or {FLOOR_KEY}",
                did_you_mean(name, names),
            )
            continue
        if cid in set_by:
            problem(f"threshold `{name}` sets `{cid}` again (already set as `{set_by[cid]}`)")
            continue
        set_by[cid] = name
        rates[cid] = float(value)
    if not problems:
        chain = [(c.id, rates[c.id]) for c in fw.categories[:-1]]
        for (better, rb), (worse, rw) in pairwise(chain):
            if rw is not None and rb is not None and rw > rb:
                problem(
                    f"thresholds are out of order: `{worse}` ({pct(rw)}) is above the better category `{better}` ({pct(rb)}); "
                    f"a better category needs at least the same rate",
                    f"set `{better}` too, at {pct(rw)} or more",
                )
    if problems:
        raise CasecheckError(problems)
    return rates, floor
