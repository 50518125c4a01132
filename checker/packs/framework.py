"""Frameworks: Ofsted's categories, grades and judgement areas, as data.

A framework file (``rules/frameworks/*.yaml``, validated by
``jsonschemas/framework.schema.json``) names the categories a rule's rate is
placed in (best first, with default minimum rates), the grades, the grading
policy and the judgement areas, in the words of the seed letters. This module
loads and checks one (:func:`load_framework`), and resolves what a pack or a
rule sets over it: a rule's ``thresholds`` (:func:`effective_thresholds`) and
a pack's ``grading`` (:func:`effective_grading`). Problems are
:class:`~checker.errors.CasecheckError`\\ s with positions and suggestions.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from checker import yamlsource
from checker.errors import CasecheckError, Diagnostic, Diagnostics, Location
from checker.resources import data_dir
from checker.suggest import did_you_mean
from checker.yamlsource import YamlDoc, load_yaml

#: The framework a pack that names none is judged in.
DEFAULT_FRAMEWORK = "ilacs"

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
    #: the overall judgement is withheld when this area is not judged
    required: bool = False


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
        if yamlsource.reads is not None:  # the compiled-pack cache is recording what the pack reads
            yamlsource.reads.append((key[0], hashlib.sha256(path.read_bytes()).hexdigest()))
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
    from checker import validate

    if "framework" in validate.SCHEMAS:
        return validate.validate_document(doc, "framework")
    # Until validate.SCHEMAS lists "framework": the same translation, here.
    import json

    from jsonschema import Draft202012Validator

    from checker.resources import jsonschema_path

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
        areas.append(JudgementArea(a["id"], a["title"], group, tuple(a.get("aliases") or ()), graded_from, a.get("description", ""),
                                   bool(a.get("required", False))))
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

def pct(x: float, places: int = 1) -> str:
    """A threshold or rate as a percentage: 0.85 -> "85%", 0.875 -> "87.5%"."""
    text = f"{x * 100:.{places}f}".rstrip("0").rstrip(".") if places else f"{x * 100:.0f}"
    return text + "%"


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
                    f"thresholds are out of order: `{worse}` ({pct(rw)}) is above the better category `{better}` ({pct(rb)}); "
                    f"a better category needs at least the same rate",
                    f"set `{better}` too, at {pct(rw)} or more",
                )
    if problems:
        raise CasecheckError(problems)
    return rates, floor
