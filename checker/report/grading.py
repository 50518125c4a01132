"""Judgement areas and grades: how rule findings become an area's grade and the overall judgement.

Each judgement area of the framework that a pack's areas map to
(:func:`map_area`) is graded from its rules' categories by the grading
policy (``worst``, ``weighted`` or ``descriptors``, framework data a pack may
override); overall areas follow from the other areas of their group
(``worst`` or ``median``). An ungraded framework lists each area's rules by
category instead. Indicators (``kind: indicator``) are context and never in
a score: under ``descriptors`` an area is graded from its compliance rules,
each counted by its severity, and an area holding a priority action takes
the policy's ``priority_grade``.
"""

from __future__ import annotations

from typing import Any

from checker.packs.framework import Framework, JudgementArea, effective_grading

# -- areas and grades ------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(str(text).lower().replace("\u2019", "'").split())


def map_area(area_id: str, title: str | None, framework: Framework) -> JudgementArea | None:
    """The judgement area a pack area belongs to: the one with its id, the
    one listing it as an alias, or the only one with its title. Only areas
    graded from rules take rules."""
    candidates = [a for a in framework.judgement_areas if a.graded_from == "rules"]
    for a in candidates:
        if a.id == area_id:
            return a
    for a in candidates:
        if area_id in a.aliases:
            return a
    if title:
        same = [a for a in candidates if _norm(a.title) == _norm(title)]
        if len(same) == 1:
            return same[0]
    return None


def _grade_entry(fw: Framework, gid: str | None) -> tuple[str | None, str | None]:
    return (gid, fw.grade(gid).label) if gid else (None, None)


def _ids(items: list[dict]) -> str:
    return ", ".join(f["id"] for f in items)


def _grade_rules(judged: list[dict], fw: Framework, grading: dict) -> tuple[str | None, str, float | None]:
    """(grade, why, score) for one area's judged rule findings."""
    if not judged:
        return None, "no rule in this area had enough cases to judge", None
    k = len(judged)
    rules_word = "rule" if k == 1 else "rules"
    if grading["policy"] == "worst":
        worst_rank = max(fw.category_rank(f["category"]) for f in judged)
        worst = fw.categories[worst_rank].id
        at = sorted((f for f in judged if f["category"] == worst), key=lambda f: f["id"])
        grade = grading["map"][worst]
        return grade, (f"the worst category among {k} judged {rules_word} is {said(fw.categories[worst_rank].label)} "
                       f"({_ids(at)}), which gives {said(fw.grade(grade).label)}"), None
    weights = grading["weights"]
    if grading["policy"] == "descriptors":
        indicators = sorted(f["id"] for f in judged if f.get("kind") == "indicator")
        judged = [f for f in judged if f.get("kind") != "indicator"]
        context = f"; indicators as context, not in the score ({', '.join(indicators)})" if indicators else ""
        if not judged:
            return None, "no compliance rule in this area had enough cases to judge" + context, None
        k = len(judged)
        rules_word = "compliance rule" if k == 1 else "compliance rules"
        prio = [f["id"] for f in judged if f["category"] == fw.priority_category]
        if prio and grading.get("priority_grade"):
            grade = grading["priority_grade"]
            return grade, (f"it holds an area for priority action ({', '.join(sorted(prio))}): "
                           f"{said(fw.grade(grade).label)}" + context), None
        sev = grading["severity_weights"]
        total = sum(sev.get(f.get("severity") or "major", 1) for f in judged)
        score = sum(weights[f["category"]] * sev.get(f.get("severity") or "major", 1) for f in judged) / total
        rules_word += " weighted by severity"
    else:
        context = ""
        score = sum(weights[f["category"]] for f in judged) / k
    tally: dict[str, int] = {}
    for f in judged:
        tally[f["category"]] = tally.get(f["category"], 0) + 1
    parts = ", ".join(f"{tally[c]} {said(fw.category(c).label)} ({weights[c]:g})" for c in fw.category_ids if c in tally)
    cutoffs = grading["cutoffs"]
    grade = cutoffs[-1]["grade"]
    why = ""
    for i, c in enumerate(cutoffs):
        ms = c.get("min_score")
        if ms is None or score >= ms:
            grade = c["grade"]
            if ms is not None:
                why = f"mean score {score:.2f} over {k} judged {rules_word} ({parts}) is at least the {ms:g} for {said(fw.grade(grade).label)}"
            else:
                prev = cutoffs[i - 1]
                why = f"mean score {score:.2f} over {k} judged {rules_word} ({parts}) is below the {prev['min_score']:g} for {said(fw.grade(prev['grade']).label)}"
            break
    for cid in fw.category_ids:
        cap = (grading.get("caps") or {}).get(cid)
        if cap is None or cid not in tally:
            continue
        if fw.grade_rank(grade) < fw.grade_rank(cap):
            at = sorted((f for f in judged if f["category"] == cid), key=lambda f: f["id"])
            why += f"; capped at {said(fw.grade(cap).label)} by {said(fw.category(cid).label)} ({_ids(at)})"
            grade = cap
    return grade, why + context, round(score, 4)


def _combine(fw: Framework, grades: list[str], policy: str) -> str:
    ranks = sorted(fw.grade_rank(g) for g in grades)
    if policy == "median":
        return fw.grades[ranks[len(ranks) // 2]].id
    return fw.grades[ranks[-1]].id


def grade_areas(
    rule_findings: list[dict],
    framework: Framework,
    pack_areas: dict[str, str] | None = None,
    policy_override: dict | None = None,
    not_run: list[tuple[str, str]] | tuple = (),
) -> list[dict]:
    """Grade each judgement area from the findings of its rules.

    ``rule_findings``: one dict per rule with at least ``id``, ``area`` (the
    pack area id) and ``category``. ``pack_areas``: the pack's area id ->
    title, used to map pack areas to judgement areas (:func:`map_area`); a
    pack area that maps to none is graded on its own. ``policy_override``:
    a pack's grading override, laid over the framework's grading.

    Areas come in the framework's order, then unmapped pack areas in the
    pack's order; overall areas (``graded_from: overall``) are graded from
    the other areas of their group. Areas with no rules are left out.

    ``not_run``: (rule id, pack area) of the selected rules the input could
    not judge. An area whose rules were all not run is listed as *not
    judged* (no grade, ``not_run`` naming them), never dropped silently; an
    overall area is withheld when a ``required`` area of the framework is not
    judged, and otherwise names the areas it rests on.
    """
    fw = framework
    pack_areas = dict(pack_areas or {})
    grading = effective_grading(fw, policy_override)
    buckets: dict[str, dict[str, Any]] = {}
    order: list[str] = []

    def bucket(key: str, **info) -> dict:
        if key not in buckets:
            buckets[key] = {"rules": [], "pack_areas": [], **info}
        return buckets[key]

    for f in sorted(rule_findings, key=lambda f: f["id"]):
        pid = f.get("area")
        ja = map_area(pid, pack_areas.get(pid), fw) if pid is not None else None
        if ja is not None:
            b = bucket(ja.id, judgement_area=ja)
        else:
            b = bucket("pack:" + str(pid), judgement_area=None, pack_id=pid)
        b["rules"].append(f)
        if pid is not None and pid not in b["pack_areas"]:
            b["pack_areas"].append(pid)
    for rid, pid in sorted(not_run):
        ja = map_area(pid, pack_areas.get(pid), fw) if pid is not None else None
        b = bucket(ja.id, judgement_area=ja) if ja is not None else bucket("pack:" + str(pid), judgement_area=None, pack_id=pid)
        b.setdefault("not_run", []).append(rid)
        if pid is not None and pid not in b["pack_areas"]:
            b["pack_areas"].append(pid)

    for ja in fw.judgement_areas:
        if ja.id in buckets:
            order.append(ja.id)
    pack_order = list(pack_areas)
    unmapped = sorted(
        (k for k in buckets if k.startswith("pack:")),
        key=lambda k: (pack_order.index(buckets[k]["pack_id"]) if buckets[k]["pack_id"] in pack_order else len(pack_order), k),
    )
    order.extend(unmapped)

    graded: dict[str, dict] = {}
    for key in order:
        b = buckets[key]
        ja = b["judgement_area"]  # JudgementArea | None, as declared by the first loop above
        rules = b["rules"]
        by_category = {c: sorted(f["id"] for f in rules if f.get("category") == c) for c in fw.category_ids}
        entry: dict[str, Any] = {
            "id": ja.id if ja else b["pack_id"],
            "title": ja.title if ja else pack_areas.get(b["pack_id"], str(b["pack_id"])),
            "judgement_area": ja is not None,
            "group": ja.group if ja else None,
            "pack_areas": sorted(b["pack_areas"]),
            "grade": None,
            "grade_label": None,
            "rules": sorted(f["id"] for f in rules),
            "by_category": by_category,
            "not_judged": sorted(f["id"] for f in rules if not f.get("category")),
            "policy": None,
            "score": None,
            "why": "",
        }
        judged = [f for f in rules if f.get("category")]
        if b.get("not_run"):
            entry["not_run"] = sorted(b["not_run"])
        if not rules and grading is not None:  # every rule of it selected, none could be judged
            entry["grade_label"] = "Not judged"
            entry["why"] = (f"not judged: none of its rules could be judged on this input "
                            f"(not run: {', '.join(entry['not_run'])})")
        elif grading is None:
            counts = ", ".join(f"{len(ids)} {said(fw.category(c).label)}" for c, ids in by_category.items() if ids) or "no judged rules"
            entry["why"] = f"areas are not graded in {fw.id}; its rules are listed by category ({counts})"
        else:
            grade, why, score = _grade_rules(judged, fw, grading)
            entry["grade"], entry["grade_label"] = _grade_entry(fw, grade)
            entry["policy"] = grading["policy"]
            entry["score"] = score
            entry["why"] = why
        graded[key] = entry

    result: list[dict] = []
    overall_areas = [a for a in fw.judgement_areas if a.graded_from == "overall"]
    for key in order:
        result.append(graded[key])
    if grading is not None:
        for oa in overall_areas:
            members = [e for e in result if e["judgement_area"] and e["group"] == oa.group and e["grade"]]
            in_group = [e for e in result if e["group"] == oa.group or (oa.group is None and not e["judgement_area"])]
            if not in_group:
                continue
            if oa.group is None:
                members = [e for e in result if e["grade"]]
            grade = _combine(fw, [e["grade"] for e in members], fw.overall_policy) if members else None
            required = {a.id for a in fw.judgement_areas if a.required and (a.group == oa.group or oa.group is None)}
            unjudged = [e for e in result if e["id"] in required and not e["grade"] and e.get("not_run")]
            withheld = None
            if unjudged:
                grade = None
                withheld = (f"withheld: it rests on {join_words([e['id'] for e in unjudged])}, which could not be judged "
                            f"on this input" + (f" (graded: {', '.join(e['id'] + ' ' + e['grade'] for e in members)})"
                                                if members else ""))
            entry = {
                "id": oa.id,
                "title": oa.title,
                "judgement_area": True,
                "group": oa.group,
                "pack_areas": [],
                "grade": None,
                "grade_label": None,
                "rules": [],
                "by_category": {c: [] for c in fw.category_ids},
                "not_judged": [],
                "policy": "overall:" + fw.overall_policy,
                "score": None,
                "why": withheld or _overall_why(fw, members, grade),
            }
            entry["grade"], entry["grade_label"] = _grade_entry(fw, grade)
            if withheld:
                entry["grade_label"] = "Withheld"
            result.append(entry)
        rank = {a.id: i for i, a in enumerate(fw.judgement_areas)}
        result.sort(key=lambda e: (0, rank[e["id"]]) if e["judgement_area"] else (1, 0))
    return result


def _overall_why(fw: Framework, members: list[dict], grade: str | None) -> str:
    if not members:
        return "no judgement area had a grade"
    assert grade is not None  # both callers combine a grade whenever there are members
    listed = ", ".join(f"{e.get('title') or e['id']}: {fw.grade(e['grade']).label}" for e in members)
    if fw.overall_policy == "median":
        return f"the middle grade of {len(members)} ({listed}) is {said(fw.grade(grade).label)}"
    return f"the worst grade of {len(members)} ({listed}) is {said(fw.grade(grade).label)}"


def said(label: str) -> str:
    """A framework's label, quoted, as a person reads it in a sentence."""
    return f"“{label}”"


def join_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def headline(fw: Framework, rule_findings: dict[str, dict]) -> str:
    """The opening sentence, as the letters open: "The checks identified
    areas of strength and areas of practice that met requirements, with
    areas for development." (positive categories best first, the others
    worst first)."""
    present = {f["category"] for f in rule_findings.values() if f.get("category")}
    pos = [c.summary_phrase or c.label.lower() for c in fw.categories if c.positive and c.id in present]
    neg = [c.summary_phrase or c.label.lower() for c in reversed(fw.categories) if not c.positive and c.id in present]
    if not pos and not neg:
        return "No rule had enough cases to judge."
    if pos and neg:
        return f"The checks identified {join_words(pos)}, with {join_words(neg)}."
    return f"The checks identified {join_words(pos or neg)}."


def overall(areas: list[dict], framework: Framework, rule_findings: dict[str, dict]) -> dict[str, Any]:
    """The overall judgement: the overall area's grade (or, for a framework
    judging groups separately, each group's and the worst of them); for an
    ungraded framework no grade, the opening sentence and the count of
    rules in each category."""
    fw = framework
    counts = {c: 0 for c in fw.category_ids}
    small = 0
    for f in rule_findings.values():
        if f.get("category"):
            counts[f["category"]] += 1
        else:
            small += 1
    out: dict[str, Any] = {
        "grade": None,
        "grade_label": None,
        "policy": fw.overall_policy,
        "why": "",
        "area": None,
        "groups": [],
        "headline": headline(fw, rule_findings),
        "categories": counts,
        "not_judged": small,
    }
    if not fw.graded:
        out["why"] = f"{fw.id} is not graded; the findings are reported by category"
        return out
    overall_entries = [a for a in areas if a["policy"] and a["policy"].startswith("overall:")]
    if not fw.groups:
        if overall_entries:
            e = overall_entries[0]
            out.update(grade=e["grade"], grade_label=e["grade_label"], why=e["why"], area=e["id"])
        else:
            members = [a for a in areas if a["grade"]]
            grade = _combine(fw, [a["grade"] for a in members], fw.overall_policy) if members else None
            out["grade"], out["grade_label"] = _grade_entry(fw, grade)
            out["why"] = _overall_why(fw, members, grade)
        return out
    groups = []
    for g in fw.groups:
        ge = next((a for a in overall_entries if a["group"] == g["id"]), None)
        if ge is None:
            continue
        groups.append({"id": g["id"], "title": g["title"], "area": ge["id"], "grade": ge["grade"], "grade_label": ge["grade_label"], "why": ge["why"]})
    out["groups"] = groups
    with_grade = [g for g in groups if g["grade"]]
    if with_grade:
        worst = _combine(fw, [g["grade"] for g in with_grade], "worst")
        out["grade"], out["grade_label"] = _grade_entry(fw, worst)
        out["why"] = "the worst of the groups' overall effectiveness: " + ", ".join(f"{g['title']}: {fw.grade(g['grade']).label}" for g in with_grade)
    else:
        out["why"] = "no judgement area had a grade"
    return out


