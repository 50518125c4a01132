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
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from statistics import NormalDist
from typing import Any

from .errors import CasecheckError, Diagnostic, Diagnostics, Location
from .evaluate import FAIL, NOT_APPLICABLE, NOT_EVIDENCED, PASS
from .resources import data_dir
from .suggest import did_you_mean
from .yamlsource import YamlDoc, load_yaml

#: The framework a pack that names none is judged in.
DEFAULT_FRAMEWORK = "ilacs"

#: z for a two-sided 95% interval.
Z95 = 1.959964

#: Fields a subject record may carry (or reach through a one-record relation)
#: that counts are broken down by.
BREAKDOWN_FIELDS = ("team", "locality", "worker_id")

#: One-record relations tried, in this order, when the subject table lacks a
#: breakdown field; then the rest alphabetically. The worker is first: a
#: record's team is the team of the worker who did the work.
_PREFERRED_LINKS = ("worker", "child")

#: A rule's thresholds may also set its own critical floor under this name.
FLOOR_KEY = "critical_floor"


# -- the framework ---------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    min_rate: float | None  # None for the worst category
    narrative_heading: str
    positive: bool
    summary_phrase: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Grade:
    id: str
    label: str
    number: int | None = None
    heading: str | None = None
    description: str = ""


@dataclass(frozen=True)
class JudgementArea:
    id: str
    title: str
    group: str | None = None
    aliases: tuple[str, ...] = ()
    graded_from: str = "rules"  # rules | overall | none
    description: str = ""


@dataclass
class Framework:
    """A framework file, loaded and checked. Categories and grades are in
    order, best first."""

    id: str
    title: str
    description: str
    period: str | None
    source: list[dict]
    categories: list[Category]
    priority_category: str
    critical_floor: float
    min_denominator: int
    severity_limits: dict[str, str]
    threshold_aliases: dict[str, str]
    grades: list[Grade]
    grading: dict | None
    overall_policy: str
    groups: list[dict]
    judgement_areas: list[JudgementArea]
    sections: list[dict]
    path: str = ""
    builtin: bool = False
    _cat_rank: dict[str, int] = field(default_factory=dict, repr=False)
    _grade_rank: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._cat_rank = {c.id: i for i, c in enumerate(self.categories)}
        self._grade_rank = {g.id: i for i, g in enumerate(self.grades)}

    @property
    def category_ids(self) -> list[str]:
        return [c.id for c in self.categories]

    @property
    def grade_ids(self) -> list[str]:
        return [g.id for g in self.grades]

    @property
    def graded(self) -> bool:
        return bool(self.grades)

    def category(self, cid: str) -> Category:
        return self.categories[self._cat_rank[cid]]

    def category_rank(self, cid: str) -> int:
        """0 for the best category; higher is worse."""
        return self._cat_rank[cid]

    def grade(self, gid: str) -> Grade:
        return self.grades[self._grade_rank[gid]]

    def grade_rank(self, gid: str) -> int:
        """0 for the best grade; higher is worse."""
        return self._grade_rank[gid]

    def judgement_area(self, aid: str) -> JudgementArea | None:
        for a in self.judgement_areas:
            if a.id == aid:
                return a
        return None

    def group_title(self, gid: str | None) -> str | None:
        for g in self.groups:
            if g["id"] == gid:
                return g["title"]
        return None

    def summary(self, grading: dict | None = None) -> dict[str, Any]:
        """The framework as the result JSON carries it."""
        return {
            "id": self.id,
            "title": self.title,
            "period": self.period,
            "file": "built-in" if self.builtin else self.path,
            "categories": [
                {
                    "id": c.id,
                    "label": c.label,
                    "min_rate": c.min_rate,
                    "positive": c.positive,
                    "narrative_heading": c.narrative_heading,
                }
                for c in self.categories
            ],
            "priority_category": self.priority_category,
            "critical_floor": self.critical_floor,
            "min_denominator": self.min_denominator,
            "severity_limits": dict(sorted(self.severity_limits.items())),
            "grades": [{"id": g.id, "label": g.label, "number": g.number} for g in self.grades],
            "grading": grading if grading is not None else self.grading,
            "overall_policy": self.overall_policy,
            "groups": [dict(g) for g in self.groups],
            "judgement_areas": [
                {"id": a.id, "title": a.title, "group": a.group, "graded_from": a.graded_from}
                for a in self.judgement_areas
            ],
            "sections": [dict(s) for s in self.sections],
        }


def frameworks_dir() -> Path:
    return data_dir("rules") / "frameworks"


def builtin_frameworks() -> list[str]:
    try:
        return sorted(p.stem for p in frameworks_dir().glob("*.yaml"))
    except FileNotFoundError:  # pragma: no cover - a broken install
        return []


def find_framework(name_or_path: str | Path) -> tuple[Path, bool]:
    """A framework file by built-in name (``ilacs``) or path; (path, built in)."""
    ref = str(name_or_path)
    if "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml")):
        builtin = frameworks_dir() / f"{ref}.yaml"
        if builtin.is_file():
            return builtin, True
    p = Path(ref)
    if p.is_file():
        return p, False
    names = builtin_frameworks()
    raise CasecheckError(
        Diagnostic(
            f"no framework `{ref}`: expected a built-in framework name ({', '.join(names)}) or a path to a framework .yaml file",
            Location(ref),
            code="no-framework",
            suggestion=did_you_mean(ref, names),
        )
    )


_CACHE: dict[tuple, Framework] = {}


def load_framework(name_or_path: str | Path) -> Framework:
    """Load, validate and check a framework: a built-in name (``ilacs``,
    ``slac-2011``, ``cra-2009``) or a path to a framework YAML file.

    Raises :class:`CasecheckError` with every problem found, each at its
    line and column in the file.
    """
    path, builtin = find_framework(name_or_path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key in _CACHE:
        return _CACHE[key]
    doc = load_yaml(path)
    diags = Diagnostics()
    diags.extend(_validate(doc))
    diags.raise_if_errors()
    fw = _build_framework(doc, diags)
    diags.raise_if_errors()
    assert fw is not None
    fw.builtin = builtin
    _CACHE[key] = fw
    return fw


def _validate(doc: YamlDoc) -> list[Diagnostic]:
    """Check ``doc`` against jsonschemas/framework.schema.json, with
    positioned, author-worded diagnostics (checker.validate)."""
    from . import validate

    if "framework" in validate.SCHEMAS:
        return validate.validate_document(doc, "framework")
    # Until validate.SCHEMAS lists "framework": the same translation, here.
    import json

    from jsonschema import Draft202012Validator

    from .resources import jsonschema_path

    with open(jsonschema_path("framework"), encoding="utf-8") as f:
        schema = json.load(f)

    class _Translator(validate._Translator):
        def object_name(self, path):
            return super().object_name(path) if path else "the framework file"

        def label(self, path):
            return super().label(path) if path else "the framework file"

    translator = _Translator(doc, "framework", schema)
    for error in Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(doc.data):
        translator.translate(error)
    typed = {d.location for d in translator.out if d.code == "bad-type"}
    out: list[Diagnostic] = []
    for d in translator.out:
        if (d.code == "bad-value" and d.location in typed) or d in out:
            continue
        out.append(d)
    out.sort(key=lambda d: (d.location.line or 0, d.location.column or 0))
    return out


def _build_framework(doc: YamlDoc, diags: Diagnostics) -> Framework | None:
    """The checks JSON Schema cannot make: ids unique and known, rates in
    order, every category graded, cut-offs in order."""
    m = doc.data

    def err(message: str, path: tuple, suggestion: str | None = None, code: str = "bad-framework") -> None:
        diags.error(message, doc.location(path), code=code, suggestion=suggestion)

    categories: list[Category] = []
    seen: set[str] = set()
    for i, c in enumerate(m["categories"]):
        if c["id"] in seen:
            err(f"category id `{c['id']}` is used twice", ("categories", i, "id"))
            continue
        seen.add(c["id"])
        categories.append(
            Category(
                id=c["id"],
                label=c["label"],
                min_rate=c.get("default_min_rate"),
                narrative_heading=c["narrative_heading"],
                positive=c["positive"],
                summary_phrase=c.get("summary_phrase"),
                description=c.get("description", ""),
            )
        )
    cat_ids = [c.id for c in categories]
    last = len(m["categories"]) - 1
    previous: tuple[str, float] | None = None
    for i, c in enumerate(m["categories"]):
        rate = c.get("default_min_rate")
        if i == last:
            if rate is not None:
                err(
                    f"category `{c['id']}` is the worst category, which takes every rate below the one before it; it has no `default_min_rate`",
                    ("categories", i, "default_min_rate"),
                )
            continue
        if rate is None:
            err(f"category `{c['id']}` needs a `default_min_rate` (only the worst category has none)", ("categories", i))
            continue
        if previous is not None and rate > previous[1]:
            err(
                f"category `{c['id']}` has a higher `default_min_rate` ({rate}) than the better category `{previous[0]}` ({previous[1]}); categories go best to worst",
                ("categories", i, "default_min_rate"),
            )
        previous = (c["id"], rate)
    positives = [c.positive for c in categories]
    if positives != sorted(positives, reverse=True):
        err("positive categories must all come before the others (categories go best to worst)", ("categories",))

    def check_category(value: str, path: tuple, what: str) -> bool:
        if value in cat_ids:
            return True
        err(f"{what} `{value}` is not a category; categories: {', '.join(cat_ids)}", path, did_you_mean(value, cat_ids), "unknown-category")
        return False

    check_category(m["priority_category"], ("priority_category",), "priority category")
    limits = dict(m.get("severity_limits") or {})
    for sev, cid in limits.items():
        check_category(cid, ("severity_limits", sev), f"severity limit for {sev}")
    aliases = dict(m.get("threshold_aliases") or {})
    for alias, cid in aliases.items():
        check_category(cid, ("threshold_aliases", alias), f"threshold alias `{alias}` names")
        if alias in cat_ids or alias == FLOOR_KEY:
            err(f"threshold alias `{alias}` is already a name rules' thresholds use", ("threshold_aliases", alias))
        elif cid == cat_ids[-1]:
            err(f"threshold alias `{alias}` names the worst category, which has no minimum rate", ("threshold_aliases", alias))

    grades: list[Grade] = []
    gseen: set[str] = set()
    for i, g in enumerate(m.get("grades") or []):
        if g["id"] in gseen:
            err(f"grade id `{g['id']}` is used twice", ("grades", i, "id"))
            continue
        gseen.add(g["id"])
        grades.append(Grade(g["id"], g["label"], g.get("number"), g.get("heading"), g.get("description", "")))

    grading = m.get("grading")
    if grades and grading is None:
        err("a framework with grades needs `grading`: how an area's rule categories become its grade", ())
    if grading is not None and not grades:
        err("`grading` needs `grades` to grade with", ("grading",))
    overall = m.get("overall") or {"policy": "worst" if grades else "none"}
    if grades and overall["policy"] == "none":
        err("a graded framework needs an overall policy: worst or median", ("overall", "policy"))
    if not grades and overall["policy"] != "none":
        err(f"overall policy `{overall['policy']}` needs `grades`; an ungraded framework has policy none", ("overall", "policy"))

    groups = [dict(g) for g in (m.get("groups") or [])]
    group_ids = [g["id"] for g in groups]
    if len(set(group_ids)) != len(group_ids):
        err("group ids must be unique", ("groups",))
    areas: list[JudgementArea] = []
    names: dict[str, str] = {}
    overall_per_group: dict[str | None, str] = {}
    for i, a in enumerate(m["judgement_areas"]):
        if a["id"] in names:
            err(f"judgement area `{a['id']}` is already {names[a['id']]}", ("judgement_areas", i, "id"))
            continue
        names[a["id"]] = f"the id of judgement area `{a['id']}`"
        group = a.get("group")
        if group is not None and group not in group_ids:
            err(f"group `{group}` is not one of the framework's groups ({', '.join(group_ids) or 'none'})",
                ("judgement_areas", i, "group"), did_you_mean(group, group_ids), "unknown-group")
        if groups and group is None:
            err(f"judgement area `{a['id']}` needs a `group`: the framework judges groups separately", ("judgement_areas", i))
        graded_from = a.get("graded_from", "rules")
        if graded_from == "overall":
            if group in overall_per_group:
                err(f"group `{group}` already has an overall area, `{overall_per_group[group]}`", ("judgement_areas", i, "graded_from"))
            overall_per_group[group] = a["id"]
        areas.append(JudgementArea(a["id"], a["title"], group, tuple(a.get("aliases") or ()), graded_from, a.get("description", "")))
    for i, a in enumerate(m["judgement_areas"]):
        for j, alias in enumerate(a.get("aliases") or ()):
            if alias in names:
                err(f"alias `{alias}` of judgement area `{a['id']}` is already {names[alias]}", ("judgement_areas", i, "aliases", j))
            names[alias] = f"an alias of judgement area `{a['id']}`"
    area_ids = [a.id for a in areas]

    sections: list[dict] = []
    sseen: set[str] = set()
    for i, s in enumerate(m["sections"]):
        path = ("sections", i)
        if s["id"] in sseen:
            err(f"section id `{s['id']}` is used twice", path + ("id",))
        sseen.add(s["id"])
        content = s["content"]
        if content == "findings" and not s.get("categories"):
            err(f"section `{s['id']}` lists findings: it needs `categories`", path)
        if content == "record_of_main_findings" and not s.get("rows"):
            err(f"section `{s['id']}` is a record of main findings: it needs `rows`", path)
        if content in ("grade_scale", "judgements", "record_of_main_findings") and not grades:
            err(f"section `{s['id']}` shows grades, but the framework has none", path + ("content",))
        for j, cid in enumerate(s.get("categories") or ()):
            check_category(cid, path + ("categories", j), f"section `{s['id']}` category")
        if s.get("group") is not None and s["group"] not in group_ids:
            err(f"group `{s['group']}` is not one of the framework's groups ({', '.join(group_ids) or 'none'})",
                path + ("group",), did_you_mean(s["group"], group_ids), "unknown-group")
        for j, row in enumerate(s.get("rows") or ()):
            if "area" in row and row["area"] not in area_ids:
                err(f"`{row['area']}` is not a judgement area", path + ("rows", j, "area"), did_you_mean(row["area"], area_ids), "unknown-area")
        sections.append(dict(s))

    if diags.errors:
        return None
    fw = Framework(
        id=m["id"],
        title=m["title"],
        description=m.get("description", ""),
        period=m.get("period"),
        source=list(m["source"]),
        categories=categories,
        priority_category=m["priority_category"],
        critical_floor=float(m["critical_floor"]),
        min_denominator=int(m["min_denominator"]),
        severity_limits=limits,
        threshold_aliases=aliases,
        grades=grades,
        grading=dict(grading) if grading is not None else None,
        overall_policy=overall["policy"],
        groups=groups,
        judgement_areas=areas,
        sections=sections,
        path=doc.path,
    )
    if grading is not None:
        for message, sub, hint in grading_problems(fw, grading):
            err(message, ("grading",) + sub, hint)
    return fw


def grading_problems(fw: Framework, grading: dict) -> list[tuple[str, tuple, str | None]]:
    """What is wrong with a grading policy for ``fw``: (message, path below
    the grading mapping, suggestion). Empty when it is usable."""
    out: list[tuple[str, tuple, str | None]] = []
    cats, grades = fw.category_ids, fw.grade_ids
    if not isinstance(grading, dict):
        return [("grading must be a mapping with a `policy`", (), None)]
    policy = grading.get("policy")
    if policy not in ("worst", "weighted"):
        return [(f"grading policy `{policy}` is not one of: worst, weighted", ("policy",), did_you_mean(str(policy), ["worst", "weighted"]))]

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
        out.append(("grading policy weighted needs `cutoffs`: the lowest mean score for each grade, best first", (), None))
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
    return out


def effective_grading(fw: Framework, override: dict | None, where: Location | None = None) -> dict | None:
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
    keep = ("policy", "map") if merged["policy"] == "worst" else ("policy", "weights", "cutoffs", "caps")
    return {k: merged[k] for k in keep if k in merged}


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


def _pct(x: float, places: int = 1) -> str:
    """A threshold or rate as a percentage: 0.85 -> "85%", 0.875 -> "87.5%"."""
    text = f"{x * 100:.{places}f}".rstrip("0").rstrip(".") if places else f"{x * 100:.0f}"
    return text + "%"


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


# -- categories ------------------------------------------------------------------------


def effective_thresholds(fw: Framework, thresholds: dict | None, rule=None) -> tuple[dict[str, float | None], float]:
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
                    f"thresholds are out of order: `{worse}` ({_pct(rw)}) is above the better category `{better}` ({_pct(rb)}); "
                    f"a better category needs at least the same rate",
                    f"set `{better}` too, at {_pct(rw)} or more",
                )
    if problems:
        raise CasecheckError(problems)
    return rates, floor


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

    interval = None
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
            if previous is None:
                why = f"rate {_rate_pct(rate)} is at least the {_pct(t)} for {c.id}"
            elif t is None:
                why = f"rate {_rate_pct(rate)} is below the {_pct(rates[previous.id])} for {previous.id}"
            else:
                why = f"rate {_rate_pct(rate)} is below the {_pct(rates[previous.id])} for {previous.id} and at least the {_pct(t)} for {c.id}"
            break
        previous = c

    limit = fw.severity_limits.get(rule.severity)
    if critical and rate < floor:
        if fw.category_rank(chosen.id) < fw.category_rank(fw.priority_category):
            chosen = fw.category(fw.priority_category)
            why = f"critical rule below its floor of {_pct(floor)} (rate {_rate_pct(rate)})"
        else:
            why += f"; it is also a critical rule below its floor of {_pct(floor)}"
    elif limit is not None and fw.category_rank(chosen.id) > fw.category_rank(limit):
        why += f"; a {rule.severity} rule is placed no lower than {limit}"
        chosen = fw.category(limit)

    if interval is not None:
        spans = sorted(
            ((t, name) for name, t in used.items() if interval["low"] < t <= interval["high"]),
            key=lambda x: (-x[0], x[1]),
        )
        borderline = bool(spans)
        if spans:
            named = _join([f"{name} ({_pct(t)})" for t, name in spans])
            word = "threshold" if len(spans) == 1 else "thresholds"
            why += (
                f"; the {_pct(confidence)} interval ({_rate_pct(interval['low'])} to {_rate_pct(interval['high'])}) "
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
    unevidenced = c[NOT_EVIDENCED] if rule.missing == "fail" else 0
    not_met = n - c[PASS]
    cid = finding.get("category")
    positive = framework.category(cid).positive if cid else not_met == 0
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


# -- breakdowns ------------------------------------------------------------------------


def _breakdown_paths(schema, subject: str) -> dict[str, tuple[str, ...]]:
    """For each breakdown field, how a subject record reaches it: its own
    field (``("team",)``) or through a one-record relation
    (``("worker", "team")``)."""
    table = schema.tables.get(subject)
    if table is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    order = [n for n in _PREFERRED_LINKS if n in table.links] + sorted(n for n in table.links if n not in _PREFERRED_LINKS)
    for fname in BREAKDOWN_FIELDS:
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
    dataset = run.loaded.dataset
    paths = _breakdown_paths(schema, rule.subject)
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


def breakdown_value(value: Any) -> Any:
    """A breakdown field's value as the result holds it."""
    if value is not None and not isinstance(value, (str, int, float, bool)):
        return str(value)
    return value


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
        row = rows.get(o.key)
        for fname, path in paths.items():
            value = None
            if row is not None:
                if len(path) == 1:
                    value = row.values.get(fname)
                else:
                    link = table.links[path[0]]
                    local = row.values.get(link.local_field)
                    target = dataset.lookup(link.target, link.remote_field, local) if local is not None else None
                    value = target.values.get(fname) if target is not None else None
            value = breakdown_value(value)
            tally = groups[fname].setdefault(value, {PASS: 0, FAIL: 0, NOT_EVIDENCED: 0})
            tally[o.outcome] += 1
    return groups


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
        return grade, f"the worst category among {k} judged {rules_word} is {worst} ({_ids(at)}), which gives {grade}", None
    weights = grading["weights"]
    score = sum(weights[f["category"]] for f in judged) / k
    tally: dict[str, int] = {}
    for f in judged:
        tally[f["category"]] = tally.get(f["category"], 0) + 1
    parts = ", ".join(f"{tally[c]} {c} ({weights[c]:g})" for c in fw.category_ids if c in tally)
    cutoffs = grading["cutoffs"]
    grade = cutoffs[-1]["grade"]
    why = ""
    for i, c in enumerate(cutoffs):
        ms = c.get("min_score")
        if ms is None or score >= ms:
            grade = c["grade"]
            if ms is not None:
                why = f"mean score {score:.2f} over {k} judged {rules_word} ({parts}) is at least the {ms:g} for {grade}"
            else:
                prev = cutoffs[i - 1]
                why = f"mean score {score:.2f} over {k} judged {rules_word} ({parts}) is below the {prev['min_score']:g} for {prev['grade']}"
            break
    for cid in fw.category_ids:
        cap = (grading.get("caps") or {}).get(cid)
        if cap is None or cid not in tally:
            continue
        if fw.grade_rank(grade) < fw.grade_rank(cap):
            at = sorted((f for f in judged if f["category"] == cid), key=lambda f: f["id"])
            why += f"; capped at {cap} by {cid} ({_ids(at)})"
            grade = cap
    return grade, why, round(score, 4)


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
        ja: JudgementArea | None = b["judgement_area"]
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
        if grading is None:
            counts = ", ".join(f"{len(ids)} {c}" for c, ids in by_category.items() if ids) or "no judged rules"
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
                "why": _overall_why(fw, members, grade),
            }
            entry["grade"], entry["grade_label"] = _grade_entry(fw, grade)
            result.append(entry)
        rank = {a.id: i for i, a in enumerate(fw.judgement_areas)}
        result.sort(key=lambda e: (0, rank[e["id"]]) if e["judgement_area"] else (1, 0))
    return result


def _overall_why(fw: Framework, members: list[dict], grade: str | None) -> str:
    if not members:
        return "no judgement area had a grade"
    listed = ", ".join(f"{e['id']} {e['grade']}" for e in members)
    if fw.overall_policy == "median":
        return f"the middle grade of {len(members)} ({listed}) is {grade}"
    return f"the worst grade of {len(members)} ({listed}) is {grade}"


def _join(words: list[str]) -> str:
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
        return f"The checks identified {_join(pos)}, with {_join(neg)}."
    return f"The checks identified {_join(pos or neg)}."


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
        e = next((a for a in overall_entries if a["group"] == g["id"]), None)
        if e is None:
            continue
        groups.append({"id": g["id"], "title": g["title"], "area": e["id"], "grade": e["grade"], "grade_label": e["grade_label"], "why": e["why"]})
    out["groups"] = groups
    with_grade = [g for g in groups if g["grade"]]
    if with_grade:
        worst = _combine(fw, [g["grade"] for g in with_grade], "worst")
        out["grade"], out["grade_label"] = _grade_entry(fw, worst)
        out["why"] = "the worst of the groups' overall effectiveness: " + ", ".join(f"{g['id']} {g['grade']}" for g in with_grade)
    else:
        out["why"] = "no judgement area had a grade"
    return out


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
    """Findings for a :class:`~checker.result.RunResult`: the framework, a
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
        f["narrative"] = narrative(rr, f, fw, sample)
        f["breakdowns"], f["breakdown_fields"] = breakdowns(rr, run, index)
        rules[rr.rule.id] = f
    if problems:
        raise CasecheckError(problems)

    area_of = {r.rule.id: r.rule.area for r in run.rules}
    findings = [{"id": rid, "area": area_of[rid], **f} for rid, f in rules.items()]
    areas = grade_areas(findings, fw, getattr(pack, "areas", None) or {}, getattr(pack, "grading", None))
    return {
        "framework": {**fw.summary(grading), "assumed": not getattr(pack, "framework", None)},
        "sample": {"sample": sample, "confidence": confidence if sample else None},
        "rules": rules,
        "areas": areas,
        "overall": overall(areas, fw, rules),
    }
