"""Findings in Ofsted's own categories.

A run gives each rule counts of outcomes and a pass rate. This module turns
them into what an inspection letter says, in the words of the framework the
pack follows (``rules/frameworks/*.yaml``, validated by
``jsonschemas/framework.schema.json``):

* each rule is placed in a **category** (ILACS: strength, meets
  expectations, what needs to improve, area for priority action) by its pass
  rate against the category's minimum rate; a critical rule below its floor
  goes to the priority category whatever its rate; a rule over too few
  records is not categorised;
* each rule gets a **narrative** sentence in the register of the letters
  ("In 12 of 80 cases (15%), section 47 enquiries began without a strategy
  discussion."), and **breakdowns** of its counts by team, locality and
  worker;
* each **judgement area** the pack's areas map to is graded from its rules'
  categories (policy ``worst`` or ``weighted``), and the overall judgement
  follows from the areas (``worst`` or ``median``). An ungraded framework
  (the 2009-2012 contact, referral and assessment letters) lists each area's
  rules by category instead.

When the records are a sample (an audit of some cases, not all of them), each
rate carries a Wilson score interval and the narratives say "sampled".

Everything is deterministic: sorted, rates rounded to 4 places, no clock.
Problems in a framework file, a rule's ``thresholds`` or a pack's grading
override are :class:`~checker.errors.CasecheckError`\\ s with positions and
suggestions, as everywhere else in casecheck.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from statistics import NormalDist
from typing import Any

from checker.errors import (
    CasecheckError,
    Diagnostic,
    Location,
)
from checker.model import (
    FAIL,
    NOT_APPLICABLE,
    NOT_EVIDENCED,
    PASS,
    breakdown_value,
)
from checker.packs.framework import (
    DEFAULT_FRAMEWORK,
    FLOOR_KEY,
    Category,
    Framework,
    effective_grading,
    effective_thresholds,
    load_framework,
    pct,
)
from checker.report import themes
from checker.report.grading import (  # noqa: F401 - grade_areas, map_area, overall, headline: re-exported
    grade_areas,
    headline,
    join_words,
    map_area,
    overall,
    said,
)

#: z for a two-sided 95% interval.
Z95 = 1.959964

#: Fields a subject record may carry (or reach through a one-record relation)
#: that counts are broken down by.
BREAKDOWN_FIELDS = ("team", "locality", "worker_id")

#: One-record relations tried, in this order, when the subject table lacks a
#: breakdown field; then the rest alphabetically. The worker is first: a
#: record's team is the team of the worker who did the work.
_PREFERRED_LINKS = ("worker", "child")


# -- rates and intervals ---------------------------------------------------------------


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion: (low, high), or None when
    there are no trials. Better than the normal approximation for small
    samples and rates near 0 or 1, and never outside [0, 1]."""
    if n <= 0:
        return None
    if successes < 0 or successes > n:
        raise ValueError(f"successes ({successes}) must be between 0 and n ({n})")
    p = successes / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def z_for(confidence: float) -> float:
    """The two-sided z for a confidence level (0.95 -> 1.959964)."""
    if abs(confidence - 0.95) < 1e-12:
        return Z95
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _rate_pct(x: float) -> str:
    """A measured rate, always one decimal place: "72.0%"."""
    return f"{x * 100:.1f}%"


def whole_percent(part: int, whole: int) -> str:
    """part/whole as a whole percent for a sentence: "15%"; never "0%" or
    "100%" unless it is exactly so."""
    if whole <= 0:
        return "0%"
    share = part / whole
    if 0 < share < 0.005:
        return "less than 1%"
    if 0.995 <= share < 1:
        return "more than 99%"
    return f"{math.floor(share * 100 + 0.5)}%"


def categorise(
    rule_result,
    framework: Framework,
    thresholds: dict | None = None,
    sample: bool = False,
    *,
    min_denominator: int | None = None,
    critical_floor: float | None = None,
    confidence: float = 0.95,
) -> dict[str, Any]:
    """Place one rule's result in a category of ``framework``.

    ``thresholds`` (category id -> minimum rate) default to the rule's own;
    ``min_denominator`` and ``critical_floor`` override the framework's (a
    rule's ``thresholds: {critical_floor: ...}`` overrides both). With
    ``sample`` the rate carries a Wilson interval.
    """
    fw = framework
    rule = rule_result.rule
    counts = rule_result.counts
    n = rule_result.denominator
    rate = rule_result.rate
    rates, floor = effective_thresholds(fw, rule.thresholds if thresholds is None else thresholds, rule)
    if critical_floor is not None and FLOOR_KEY not in (rule.thresholds if thresholds is None else thresholds or {}):
        floor = critical_floor
    min_n = fw.min_denominator if min_denominator is None else min_denominator
    critical = rule.severity == "critical"

    interval: dict[str, Any] | None = None  # low, high, confidence (floats) and method
    borderline = None
    if sample:
        bounds = wilson(counts[PASS], n, z_for(confidence))
        if bounds is not None:
            interval = {"low": round(bounds[0], 4), "high": round(bounds[1], 4), "confidence": confidence, "method": "wilson"}

    used = {cid: r for cid, r in rates.items() if r is not None}
    if critical:
        used[FLOOR_KEY] = floor
    out: dict[str, Any] = {
        "category": None,
        "category_label": None,
        "why": "",
        "interval": interval,
        "small_n": False,
        "borderline": None,
        "thresholds": used,
    }
    if n < min_n or rate is None:
        out["small_n"] = True
        out["why"] = f"too few cases to judge ({n}; at least {min_n} needed)"
        return out

    chosen = fw.categories[-1]
    why = ""
    previous: Category | None = None
    for c in fw.categories:
        t = rates[c.id]
        if t is None or rate >= t:
            chosen = c
            # only the worst category has no minimum rate, and a framework has at least two
            above = rates[previous.id] if previous is not None else None
            if previous is None:
                assert t is not None  # the first category is not the worst
                why = f"rate {_rate_pct(rate)} is at least the {pct(t)} for {said(c.label)}"
            elif t is None:
                assert above is not None  # the category before the worst is not the worst
                why = f"rate {_rate_pct(rate)} is below the {pct(above)} for {said(previous.label)}"
            else:
                assert above is not None  # a category before another is not the worst
                why = (f"rate {_rate_pct(rate)} is below the {pct(above)} for {said(previous.label)} "
                       f"and at least the {pct(t)} for {said(c.label)}")
            break
        previous = c

    limit = fw.severity_limits.get(rule.severity)
    if critical and rate < floor:
        if fw.category_rank(chosen.id) < fw.category_rank(fw.priority_category):
            chosen = fw.category(fw.priority_category)
            why = f"critical rule below its floor of {pct(floor)} (rate {_rate_pct(rate)})"
        else:
            why += f"; it is also a critical rule below its floor of {pct(floor)}"
    elif limit is not None and fw.category_rank(chosen.id) > fw.category_rank(limit):
        why += f"; a {rule.severity} rule is placed no lower than {said(fw.category(limit).label)}"
        chosen = fw.category(limit)

    if interval is not None:
        spans = sorted(
            ((t, name) for name, t in used.items() if interval["low"] < t <= interval["high"]),
            key=lambda x: (-x[0], x[1]),
        )
        borderline = bool(spans)
        if spans:
            named = join_words([f"{said(fw.category(name).label) if name in fw.category_ids else name} ({pct(t)})"
                           for t, name in spans])
            word = "threshold" if len(spans) == 1 else "thresholds"
            why += (
                f"; the {pct(confidence)} interval ({_rate_pct(interval['low'])} to {_rate_pct(interval['high'])}) "
                f"spans the {word} for {named}, so another sample could place it differently"
            )
    out.update(category=chosen.id, category_label=chosen.label, why=why, borderline=borderline)
    return out


# -- narratives ------------------------------------------------------------------------

_TEMPLATE_HOLE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_AFTER_DENOMINATOR = re.compile(r"\{\s*denominator\s*\}(\s+[A-Za-z][\w'-]*)")


def _lower_first(title: str) -> str:
    """Lower-case a title's first word for use inside a sentence, unless it
    is an acronym (ICPC, LADO, PEP)."""
    title = title.strip().rstrip(".")
    if not title:
        return title
    first = title.split()[0]
    if len(first) > 1 and first.upper() == first and any(ch.isalpha() for ch in first):
        return title
    return title[0].lower() + title[1:]


def _fill(template: str, values: dict[str, Any]) -> str:
    def sub(m: re.Match) -> str:
        if m.group(0) in ("{{", "}}"):
            return m.group(0)[0]
        name = m.group(1).strip()
        return str(values.get(name, m.group(0)))

    return _TEMPLATE_HOLE.sub(sub, template)


def narrative(rule_result, finding: dict, framework: Framework, sample: bool = False) -> str:
    """One sentence (two at most) for the rule, in the register of the
    letters.

    The rule's ``finding.pass`` template is used when its category is a
    positive one, ``finding.fail`` otherwise (either when the other is
    absent and it fits). In a template ``{rate}`` is a whole percent of the
    denominator: the share failing in a ``fail`` template, the share passing
    in a ``pass`` one. Without a template: "In 12 of 80 cases (15%), the
    expectation that <title> was not met." for a category calling for
    action, "In 76 of 80 cases (95%), the expectation that <title> was
    met." for a positive one. With ``sample`` the count reads "80 cases
    sampled".
    """
    rule = rule_result.rule
    c = rule_result.counts
    n = rule_result.denominator
    unevidenced = c[NOT_EVIDENCED] - getattr(rule_result, "not_carried", 0) if rule.missing == "fail" else 0
    not_met = n - c[PASS]
    cid = finding.get("category")
    positive = framework.category(cid).positive if cid else not_met == 0
    if getattr(rule, "kind", "compliance") == "indicator":
        positive = False  # a rate stated as it is (the fail template), never a strength
    templates = rule.finding or {}
    which = None
    if "pass" in templates and (positive or ("fail" not in templates and c[FAIL] == 0)):
        which = "pass"
    elif "fail" in templates and (not positive or c[FAIL] > 0):
        which = "fail"

    if which is not None and n > 0:
        text = templates[which]
        if sample and "sampl" not in text.lower():
            text, k = _AFTER_DENOMINATOR.subn(lambda m: m.group(0) + " sampled", text, count=1)
            if not k:
                text = text.rstrip() + f" (from a sample of {n} cases)"
        values = {
            "pass": c[PASS],
            "fail": c[FAIL],
            "not_evidenced": c[NOT_EVIDENCED],
            "not_applicable": c[NOT_APPLICABLE],
            "denominator": n,
            "total": len(rule_result.outcomes),
            "rate": whole_percent(c[FAIL] if which == "fail" else c[PASS], n),
            "title": rule.title,
            "subject": rule.subject,
        }
        text = _fill(text, values).strip()
        if which == "fail" and unevidenced and "{not_evidenced}" not in templates[which]:
            text += f" In a further {unevidenced} {'case' if unevidenced == 1 else 'cases'}, the records did not show whether it was done."
        return text

    if getattr(framework, "rule_titles", "expectation") == "fault":
        return _fault_sentence(rule.title, n, not_met, unevidenced, sample)
    cases = "cases sampled" if sample else "cases"
    what = f"the expectation that {_lower_first(rule.title)}"
    if n == 0:
        return f"There were no {cases} to judge against {what}."
    if not_met == 0:
        return f"In all {n} {cases}, {what} was met."
    if positive:
        return f"In {c[PASS]} of {n} {cases} ({whole_percent(c[PASS], n)}), {what} was met."
    if not_met == n:
        text = f"In none of the {n} {cases} was {what} met"
    else:
        text = f"In {not_met} of {n} {cases} ({whole_percent(not_met, n)}), {what} was not met"
    if unevidenced:
        text += f", including {unevidenced} where the records did not show whether it was"
    return text + "."


def _fault_sentence(title: str, n: int, found: int, unevidenced: int, sample: bool) -> str:
    """A validation rule's finding, for a title that names the fault it flags
    ("CIN closure date is before the referral date (DfE 8630)"): how many
    records have it, never "the expectation that <the fault> was met"."""
    records = "records sampled" if sample else "records"
    head = title[:1].upper() + title[1:]
    if n == 0:
        return f"{head}: no {records} to check."
    if found == 0:
        return f"{head}: none of the {n:,} {records} checked."
    text = f"{head}: {found:,} of {n:,} {records} ({whole_percent(found, n)})"
    if unevidenced:
        text += f", {unevidenced:,} of them because the records did not show it"
    return text + "."


# -- breakdowns ------------------------------------------------------------------------


def breakdown_paths(schema, subject: str, fields: tuple[str, ...] = BREAKDOWN_FIELDS) -> dict[str, tuple[str, ...]]:
    """For each breakdown field, how a subject record reaches it: its own
    field (``("team",)``) or through a one-record relation
    (``("worker", "team")``)."""
    table = schema.tables.get(subject)
    if table is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    order = [n for n in _PREFERRED_LINKS if n in table.links] + sorted(n for n in table.links if n not in _PREFERRED_LINKS)
    for fname in fields:
        if fname in table.fields:
            out[fname] = (fname,)
            continue
        for lname in order:
            link = table.links[lname]
            target = schema.tables.get(link.target)
            if not link.many and target is not None and fname in target.fields:
                out[fname] = (lname, fname)
                break
    return out


def breakdowns(rule_result, run, _index: dict | None = None) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """A rule's counts by team, locality and worker: for each field the
    subject records have or reach, one entry per value, worst rate first,
    then by value (records without a value last, as null). Records that
    were not applicable are left out. Also returns the path used to reach
    each field (``{"team": "worker.team"}``)."""
    rule = rule_result.rule
    schema = run.pack.schema
    paths = breakdown_paths(schema, rule.subject)
    if not paths:
        return {}, {}
    tally = getattr(rule_result.outcomes, "tally", None)
    groups = tally(rule.subject, paths) if tally is not None else None
    if groups is None:
        groups = _tally(rule_result, run, paths, _index)
    out: dict[str, list[dict]] = {}
    for fname, by_value in groups.items():
        entries = []
        for value, t in by_value.items():
            d = t[PASS] + t[FAIL] + (t[NOT_EVIDENCED] if rule.missing == "fail" else 0)
            entries.append(
                {
                    "value": value,
                    PASS: t[PASS],
                    FAIL: t[FAIL],
                    NOT_EVIDENCED: t[NOT_EVIDENCED],
                    "denominator": d,
                    "rate": round(t[PASS] / d, 4) if d else None,
                }
            )
        entries.sort(key=lambda e: (e["rate"] is None, e["rate"] if e["rate"] is not None else 0.0, e["value"] is None, str(e["value"]) if e["value"] is not None else ""))
        out[fname] = entries
    return out, {f: ".".join(p) for f, p in paths.items()}


def reach(row, fname: str, path: tuple[str, ...], table, dataset) -> Any:
    """Field ``fname`` of a subject record, or of the one record its relation
    ``path[0]`` leads to (a breakdown or case-context field the subject lacks)."""
    if row is None:
        return None
    if len(path) == 1:
        return row.values.get(fname)
    link = table.links[path[0]]
    local = row.values.get(link.local_field)
    target = dataset.lookup(link.target, link.remote_field, local) if local is not None else None
    return target.values.get(fname) if target is not None else None


def _tally(rule_result, run, paths: dict[str, tuple[str, ...]], _index: dict | None) -> dict[str, dict[Any, dict[str, int]]]:
    """{field: {value: {pass, fail, not_evidenced}}} over the judged records,
    counted here from the records (an engine may count them itself)."""
    rule = rule_result.rule
    dataset = run.loaded.dataset
    index = _index if _index is not None else {}
    if rule.subject not in index:
        index[rule.subject] = {row.key: row for row in dataset.tables.get(rule.subject, ())}
    rows = index[rule.subject]
    table = run.pack.schema.tables[rule.subject]
    groups: dict[str, dict[Any, dict[str, int]]] = {f: {} for f in paths}
    for o in rule_result.outcomes.of(PASS, FAIL, NOT_EVIDENCED):
        if not o.carried:  # turns on what the format lacks: in no rate
            continue
        row = rows.get(o.key)
        for fname, path in paths.items():
            value = breakdown_value(reach(row, fname, path, table, dataset))
            tally = groups[fname].setdefault(value, {PASS: 0, FAIL: 0, NOT_EVIDENCED: 0})
            tally[o.outcome] += 1
    return groups


# -- a run -----------------------------------------------------------------------------


def _sample_settings(run) -> tuple[bool, float]:
    """Whether the run's records are a sample, and the interval's confidence:
    the run's own ``sample`` if set, else the pack's. Either may be true,
    false, or a mapping ``{confidence: 0.9}``."""
    value = getattr(run, "sample", None)
    if value is None:
        value = getattr(run.pack, "sample", None)
    if isinstance(value, dict):
        conf = value.get("confidence", 0.95)
        if isinstance(conf, bool) or not isinstance(conf, (int, float)) or not 0 < conf < 1:
            raise CasecheckError(Diagnostic(f"sample confidence must be a proportion between 0 and 1 (exclusive), e.g. 0.95, not `{conf}`", _pack_location(run.pack), code="bad-sample"))
        return True, float(conf)
    return bool(value), 0.95


def _pack_location(pack) -> Location:
    path = getattr(pack, "path", None)
    return Location(str(Path(path) / "pack.yaml")) if path else Location()


def _pack_number(pack, name: str, kind: type):
    value = getattr(pack, name, None)
    if value is None:
        return None
    ok = not isinstance(value, bool) and isinstance(value, (int, float) if kind is float else int)
    if kind is float:
        ok = ok and 0 <= value <= 1
    else:
        ok = ok and value >= 1
    if not ok:
        expected = "a proportion between 0 and 1" if kind is float else "a whole number of at least 1"
        raise CasecheckError(Diagnostic(f"`{name}` must be {expected}, not `{value}`", _pack_location(pack), code="bad-value"))
    return kind(value)


def build(run) -> dict[str, Any]:
    """Findings for a :class:`~checker.report.result.RunResult`: the framework, a
    finding per rule (category, label, why, interval, small_n, narrative,
    breakdowns), graded areas and the overall judgement.

    The framework is the pack's ``framework`` (default ilacs). The pack (or
    the run) may set ``sample``, ``grading`` (an override of the
    framework's grading policy), ``min_denominator`` and ``critical_floor``.
    Every rule's threshold problems are reported together.
    """
    pack = run.pack
    name = getattr(pack, "framework", None) or DEFAULT_FRAMEWORK
    fw = load_framework(name)
    sample, confidence = _sample_settings(run)
    min_n = _pack_number(pack, "min_denominator", int)
    floor = _pack_number(pack, "critical_floor", float)
    grading = effective_grading(fw, getattr(pack, "grading", None), _pack_location(pack))

    problems: list[Diagnostic] = []
    rules: dict[str, dict] = {}
    index: dict = {}
    for rr in sorted(run.rules, key=lambda r: r.rule.id):
        try:
            f = categorise(rr, fw, None, sample, min_denominator=min_n, critical_floor=floor, confidence=confidence)
        except CasecheckError as exc:
            problems.extend(exc.diagnostics)
            continue
        if getattr(rr.rule, "kind", "compliance") == "indicator":
            # a rate to benchmark (report/indicators), never graded case by case, never a strength
            f.update(category=None, category_label=None, borderline=None,
                     why="an indicator: reported as a rate against its benchmarks, not graded case by case")
        f["narrative"] = narrative(rr, f, fw, sample)
        f["breakdowns"], f["breakdown_fields"] = breakdowns(rr, run, index)
        # never a priority action nor a point to improve either (report/themes)
        f["kind"] = getattr(rr.rule, "kind", None) or "compliance"
        rules[rr.rule.id] = f
    if problems:
        raise CasecheckError(problems)

    not_run = [(r.id, r.area) for r, _ in getattr(run, "not_run", None) or []]
    judged = settle(pack, fw, grading, rules, {r.rule.id: (r.rule, r.rate) for r in run.rules}, not_run)
    return {**judged, "sample": {"sample": sample, "confidence": confidence if sample else None}}


def settle(pack, fw: Framework, grading: dict | None, rules: dict[str, dict], meta: dict[str, tuple],
           not_run: list[tuple[str, str]] | tuple = ()) -> dict[str, Any]:
    """From each rule's finding to the run's judgements: the thematic
    priority actions and points to improve (a lone serious failure moved up
    a category, in ``rules``, first), the graded areas and the overall
    judgement. ``meta``: rule id -> (the rule, its rate)."""
    findings = [{"id": rid, "area": meta[rid][0].area, "tags": list(meta[rid][0].tags or ()),
                 "severity": meta[rid][0].severity, "title": meta[rid][0].title, "rate": meta[rid][1], **f}
                for rid, f in rules.items()]
    mode = "rules" if grading is not None and grading["policy"] == "worst" else None
    summary = fw.summary(grading)
    actions = themes.group(findings, summary, mode, dict(getattr(pack, "areas", None) or {}), settle=True)
    for fd in findings:
        rules[fd["id"]].update(category=fd["category"], category_label=fd["category_label"], why=fd["why"])
    areas = grade_areas(findings, fw, getattr(pack, "areas", None) or {}, getattr(pack, "grading", None), not_run)
    product = getattr(pack, "product", None)
    if product is not None:
        fw.product(product)  # an unknown product is an error now, not when the letter is written
    return {
        "framework": {**summary, "product": product or fw.default_product, "assumed": not getattr(pack, "framework", None)},
        "rules": rules,
        "areas": areas,
        "overall": overall(areas, fw, rules),
        "actions": actions,
    }
