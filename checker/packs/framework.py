"""Frameworks: Ofsted's categories, grades and judgement areas, as data.

A framework file (``rules/frameworks/*.yaml``, validated by
``jsonschemas/framework.schema.json``) names the categories a rule's rate is
placed in (best first, with default minimum rates), the grades, the grading
policy and the judgement areas, and how its findings are written: each
category's role and phrases, the themes failures are grouped into, where
priority actions come from, the words for rates, and the products (letters
and reports, each with its sections), all in the words of the seed letters.
A new framework is a YAML file and nothing else. This module loads and
checks one (:func:`load_framework`); ``checker.packs.policy`` resolves what
a pack or a rule sets over it. Problems are
:class:`~checker.errors.CasecheckError`\\ s with positions and suggestions.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker import yamlsource
from checker.errors import CasecheckError, Diagnostic, Diagnostics, Location
from checker.packs.policy import (  # noqa: F401 - re-exported: where callers have always found them
    FLOOR_KEY,
    effective_grading,
    effective_thresholds,
    grading_problems,
    pct,
)
from checker.resources import data_dir
from checker.suggest import did_you_mean
from checker.yamlsource import YamlDoc, load_yaml

#: The framework a pack that names none is judged in.
DEFAULT_FRAMEWORK = "ilacs"

#: What a category can mean in a letter (its ``role``).
ROLES = ("strength", "meets", "improve", "priority")

#: Where priority actions come from when a framework does not say.
DEFAULT_PRIORITY_ACTIONS = {"from": "rules", "cluster": 2, "max": 5}

#: How a letter words a rule when the framework does not say.
DEFAULT_WORDING = {
    "met": "In {pass} of {denominator} {cases} ({rate}), {title}.",
    "met_all": "In all {denominator} {cases}, {title}.",
    "short": "In {pass} of {denominator} {cases} ({rate}), {title}; the rest fall short.",
    "expectation": "{title} ({pass} of {denominator}, {rate}; {id})",
    "point": "{theme}: {expectations}.",
}


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
    role: str | None = None
    #: {a, one, many}: "an area for development", "area for development", "areas for development"
    phrase: dict | None = None


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
    products: list[dict] = field(default_factory=list)
    default_product: str | None = None
    rate_words: list[dict] = field(default_factory=list)
    wording: dict = field(default_factory=dict)
    themes: list[dict] = field(default_factory=list)
    priority_actions: dict = field(default_factory=lambda: dict(DEFAULT_PRIORITY_ACTIONS))
    #: what a rule's title states: the ``expectation`` it checks (a practice
    #: pack) or the ``fault`` it flags (a validation pack, as the DfE words its rules)
    rule_titles: str = "expectation"
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

    def product(self, pid: str | None = None) -> dict:
        """A product by id (the default product for None); raises
        CasecheckError naming the products for an unknown id."""
        want = pid or self.default_product
        for p in self.products:
            if p["id"] == want:
                return p
        ids = [p["id"] for p in self.products]
        raise CasecheckError(Diagnostic(
            f"framework `{self.id}` has no product `{pid}`; its products: {', '.join(ids)}",
            Location(self.path or self.id), code="no-product", suggestion=did_you_mean(str(pid), ids)))

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
                    "summary_phrase": c.summary_phrase,
                    "role": c.role,
                    "phrase": dict(c.phrase) if c.phrase else None,
                }
                for c in self.categories
            ],
            "priority_category": self.priority_category,
            "critical_floor": self.critical_floor,
            "min_denominator": self.min_denominator,
            "severity_limits": dict(sorted(self.severity_limits.items())),
            "grades": [{"id": g.id, "label": g.label, "number": g.number, "description": g.description} for g in self.grades],
            "grading": grading if grading is not None else self.grading,
            "overall_policy": self.overall_policy,
            "groups": [dict(g) for g in self.groups],
            "judgement_areas": [
                {"id": a.id, "title": a.title, "group": a.group, "graded_from": a.graded_from}
                for a in self.judgement_areas
            ],
            "sections": [dict(s) for s in self.sections],
            "products": [{**p, "sections": [dict(s) for s in p["sections"]]} for p in self.products],
            "product": self.default_product,
            "rate_words": [dict(b) for b in self.rate_words],
            "wording": dict(self.wording),
            "themes": [dict(th) for th in self.themes],
            "priority_actions": dict(self.priority_actions),
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


def loaded_frameworks() -> dict[str, Framework]:
    """The frameworks loaded in this process, by resolved path (for the
    compiled-pack cache, which keeps a pack's framework beside it)."""
    return {key[0]: fw for key, fw in _CACHE.items()}


def remember_framework(path: str, fw: Framework) -> None:
    """Take ``fw`` as the framework the file at ``path`` holds as it is now
    (the compiled-pack cache, having checked the file's content is unchanged)."""
    stat = os.stat(path)
    _CACHE[(path, stat.st_mtime_ns, stat.st_size)] = fw


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
                role=c.get("role"),
                phrase=dict(c["phrase"]) if c.get("phrase") else None,
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

    def check_sections(raw: list, base: tuple, graded_product: bool) -> list[dict]:
        out: list[dict] = []
        sseen: set[str] = set()
        for i, s in enumerate(raw):
            path = base + (i,)
            if s["id"] in sseen:
                err(f"section id `{s['id']}` is used twice", path + ("id",))
            sseen.add(s["id"])
            content = s["content"]
            if content == "findings" and not s.get("categories"):
                err(f"section `{s['id']}` lists findings: it needs `categories`", path)
            if content == "record_of_main_findings" and not s.get("rows"):
                err(f"section `{s['id']}` is a record of main findings: it needs `rows`", path)
            if content in ("grade_scale", "judgements", "record_of_main_findings") and not (grades and graded_product):
                err(f"section `{s['id']}` shows grades, but the " + ("framework has none" if not grades else "product is not graded"),
                    path + ("content",))
            for j, cid in enumerate(s.get("categories") or ()):
                check_category(cid, path + ("categories", j), f"section `{s['id']}` category")
            if s.get("group") is not None and s["group"] not in group_ids:
                err(f"group `{s['group']}` is not one of the framework's groups ({', '.join(group_ids) or 'none'})",
                    path + ("group",), did_you_mean(s["group"], group_ids), "unknown-group")
            for j, row in enumerate(s.get("rows") or ()):
                if "area" in row and row["area"] not in area_ids:
                    err(f"`{row['area']}` is not a judgement area", path + ("rows", j, "area"), did_you_mean(row["area"], area_ids), "unknown-area")
            out.append(dict(s))
        return out

    sections = check_sections(m.get("sections") or [], ("sections",), True)
    products: list[dict] = []
    for i, p in enumerate(m.get("products") or []):
        if p["id"] in [q["id"] for q in products]:
            err(f"product id `{p['id']}` is used twice", ("products", i, "id"))
            continue
        graded_product = bool(p.get("graded", bool(grades)))
        if graded_product and not grades:
            err(f"product `{p['id']}` is graded, but the framework has no grades", ("products", i, "graded"))
        products.append({**p, "graded": graded_product,
                         "sections": check_sections(p["sections"], ("products", i, "sections"), graded_product)})
    if not products and not sections:
        err("a framework needs `sections` (its one kind of document) or `products` (each with its sections)", ())
    if sections and products:
        err("give either `sections` (one kind of document) or `products`, not both", ("sections",))
    if not products:  # one product: the framework's own document
        products = [{"id": "letter", "title": m["title"], "graded": bool(grades), "sections": sections}]
    product_ids = [p["id"] for p in products]
    default_product = m.get("default_product") or product_ids[0]
    if default_product not in product_ids:
        err(f"default product `{default_product}` is not one of the products ({', '.join(product_ids)})",
            ("default_product",), did_you_mean(default_product, product_ids), "no-product")

    bands = [dict(b) for b in m.get("rate_words") or []]
    last_rate = 2.0
    for i, b in enumerate(bands):
        rate = b.get("min_rate")
        if i == len(bands) - 1:
            if rate is not None:
                err("the last rate band takes every lower rate; it has no `min_rate`", ("rate_words", i, "min_rate"))
        elif rate is None:
            err("only the last rate band may leave out `min_rate`", ("rate_words", i))
        elif rate >= last_rate:
            err(f"rate bands go best first: `min_rate` {rate} must be below the band before it", ("rate_words", i, "min_rate"))
        else:
            last_rate = rate
    themes = [dict(th) for th in m.get("themes") or []]
    theme_ids = [th["id"] for th in themes]
    if len(set(theme_ids)) != len(theme_ids):
        err("theme ids must be unique", ("themes",))
    priority_actions = {**DEFAULT_PRIORITY_ACTIONS, **({"from": "themes"} if themes else {}), **dict(m.get("priority_actions") or {})}
    if priority_actions["from"] == "themes" and not themes:
        err("priority actions from themes need `themes`", ("priority_actions", "from"))

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
        sections=sections or products[0]["sections"],
        products=products,
        default_product=default_product,
        rate_words=bands,
        wording={**DEFAULT_WORDING, **dict(m.get("wording") or {})},
        themes=themes,
        priority_actions=priority_actions,
        rule_titles=m.get("rule_titles", "expectation"),
        path=doc.path,
    )
    if grading is not None:
        for message, sub, hint in grading_problems(fw, grading):
            err(message, ("grading",) + sub, hint)
    return fw


# -- categories ------------------------------------------------------------------------


