"""A pack's rules, built from their YAML: the rule and template records, the
pack's parameters, and each rule's expressions parsed and type-checked, with
every problem at its line and column (:mod:`checker.packs.pack` loads the
pack around them)."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from checker import typesys as T
from checker.errors import (
    Diagnostic,
    Diagnostics,
    Location,
)
from checker.language import nodes as ast
from checker.language.parser import ExpressionSyntaxError, parse_expression
from checker.language.typecheck import Checker, fields_used, tables_used
from checker.suggest import did_you_mean
from checker.values import Duration
from checker.yamlsource import YamlDoc

# Placeholders a finding template may use (counts over the rule's records).
FINDING_FIELDS = ("pass", "fail", "not_evidenced", "not_applicable", "denominator", "total", "rate", "title", "subject")


@dataclass
class Template:
    """A reason template: text with ``{expression}`` holes, each checked
    against the rule's subject. ``{{`` and ``}}`` stand for braces."""

    text: str
    parts: list[str | ast.Node]


@dataclass
class Rule:
    id: str
    title: str
    area: str
    subject: str
    expect: ast.Node
    expect_text: str
    when: ast.Node | None = None
    when_text: str | None = None
    description: str = ""
    missing: str = "fail"
    severity: str = "major"
    #: compliance (every record should pass) or indicator (a population rate, benchmarked:
    #: ``indicator`` holds measure, counts, direction, lookback and benchmarks)
    kind: str = "compliance"
    indicator: dict | None = None
    thresholds: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, Template] = field(default_factory=dict)
    finding: dict[str, str] = field(default_factory=dict)
    source: list[dict] = field(default_factory=list)
    guidance: list[dict] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    #: the built-in library rule this one is the pack's own version of (``variant_of``)
    variant_of: str | None = None
    file: str = ""
    location: Location = field(default_factory=Location)
    tables: set[str] = field(default_factory=set)
    fields: set[tuple[str, str]] = field(default_factory=set)  # (table, field) pairs it reads
    #: input format -> the rule as judged on it (a summary format's own variant, same id),
    #: or why that format cannot judge it (``formats:``; engine/availability.for_format)
    variants: dict[str, Any] = field(default_factory=dict)



#: the types a parameter given per run may be declared as (pack.schema.json)
RUN_PARAM_TYPES = {"string": T.STRING, "integer": T.INTEGER, "decimal": T.DECIMAL, "boolean": T.BOOLEAN,
                   "date": T.DATE, "duration": T.DURATION}


def read_parameters(
    doc: YamlDoc, diags: Diagnostics, params: dict[str, Any] | None = None, types: dict[str, T.Type] | None = None,
    per_run: dict[str, dict] | None = None,
) -> tuple[dict[str, Any], dict[str, T.Type]]:
    """Parameters (local standards): constants usable in any rule. Values in
    ``doc`` (a pack, or a library file's defaults) are added to, and replace,
    those already in ``params``. A parameter declared as a mapping
    (``{type, description, pattern}``) has no value until a run gives one
    (``packs/runparams``): it is typed here and its declaration kept in
    ``per_run``."""
    params = {} if params is None else params
    types = {} if types is None else types
    for name, raw in (doc.data.get("parameters") or {}).items():
        path = ("parameters", name)
        if isinstance(raw, dict):  # given per run: typed, no value (pack.schema.json checked the mapping)
            params.pop(name, None)
            types[name] = RUN_PARAM_TYPES[raw["type"]]
            if per_run is not None:
                per_run[name] = dict(raw)
            continue
        if per_run is not None:
            per_run.pop(name, None)  # a later pack's value makes it a default again
        if isinstance(raw, bool):
            params[name], types[name] = raw, T.BOOLEAN
            continue
        if isinstance(raw, int):
            params[name], types[name] = raw, T.INTEGER
            continue
        if isinstance(raw, float):
            params[name], types[name] = Decimal(str(raw)), T.DECIMAL
            continue
        try:
            node = parse_expression(str(raw))
        except ExpressionSyntaxError as exc:
            diags.error(exc.message, doc.scalar_location(path, exc.span.start, exc.span.end), code="syntax")
            continue
        value = constant_value(node)
        if value is None and isinstance(node, ast.Name) and re.fullmatch(r"[a-z][a-z0-9_-]*", str(raw)):
            value = (str(raw), T.STRING)  # a bare word is a choice: `assessment_clock: referral`
        if value is None:
            diags.error(
                f"parameter `{name}` must be a constant: a number, a date, a duration such as `4 weeks`, a string, or a list of them",
                doc.location(path),
                code="bad-parameter",
            )
            continue
        params[name], types[name] = value
    return params, types


def constant_value(node: ast.Node):
    if isinstance(node, ast.Literal):
        v = node.value
        t = {bool: T.BOOLEAN, int: T.INTEGER, Decimal: T.DECIMAL, str: T.STRING, _dt.datetime: T.DATETIME, _dt.date: T.DATE}[type(v)]
        return v, t
    if isinstance(node, ast.Duration):
        return Duration(node.amount, node.unit), T.DURATION
    if isinstance(node, ast.Negate) and isinstance(node.operand, ast.Literal) and isinstance(node.operand.value, (int, Decimal)) and not isinstance(node.operand.value, bool):
        return -node.operand.value, T.INTEGER if isinstance(node.operand.value, int) else T.DECIMAL
    if isinstance(node, ast.ListExpr) and node.items:
        items = [constant_value(i) for i in node.items]
        if any(i is None for i in items):
            return None
        first = items[0][1]
        if any(t != first for _, t in items):
            return None
        return [v for v, _ in items], T.list_of(first)
    return None


def build_rule(doc, i, raw, schema, params, param_types, areas, defaults, diags, path=None) -> Rule | None:
    path = path or ("rules", i)
    rid = raw["id"]
    ok = True
    if raw["subject"] not in schema.tables:
        diags.error(
            f"rule `{rid}`: unknown subject table `{raw['subject']}` in schema `{schema.name}`",
            doc.location(path + ("subject",)),
            code="unknown-table",
            suggestion=did_you_mean(raw["subject"], schema.tables),
        )
        return None
    if areas and raw["area"] not in areas:
        diags.error(
            f"rule `{rid}`: area `{raw['area']}` is not one of the pack's areas ({', '.join(areas)})",
            doc.location(path + ("area",)),
            code="unknown-area",
            suggestion=did_you_mean(raw["area"], areas),
        )
        ok = False

    def compile_expr(key: str) -> ast.Node | None:
        text = raw[key]
        locate = lambda span, _k=key: doc.scalar_location(path + (_k,), span.start if span else 0, span.end if span else None)  # noqa: E731
        try:
            node = parse_expression(text)
        except ExpressionSyntaxError as exc:
            diags.add(Diagnostic(exc.message, locate(exc.span), code="syntax", rule=rid, suggestion=exc.suggestion))
            return None
        checker = Checker(schema, raw["subject"], param_types, locate, rule=rid)
        checker.check(node, T.BOOLEAN, role=key)
        diags.extend(checker.diagnostics)
        return None if checker.diagnostics else node

    expect = compile_expr("expect")
    when = compile_expr("when") if "when" in raw else None
    if expect is None or ("when" in raw and when is None):
        ok = False

    reasons = {}
    for outcome, text in (raw.get("reasons") or {}).items():
        tpl = read_template(doc, path + ("reasons", outcome), text, schema, raw["subject"], param_types, rid, diags)
        if tpl is None:
            ok = False
        else:
            reasons[outcome] = tpl
    for outcome, text in (raw.get("finding") or {}).items():
        for m in re.finditer(r"(?<!\{)\{([^{}]*)\}(?!\})", text):
            name = m.group(1).strip()
            if name not in FINDING_FIELDS:
                diags.error(
                    f"rule `{rid}`: unknown placeholder `{{{name}}}` in finding template; it may use {', '.join('{' + f + '}' for f in FINDING_FIELDS)}",
                    doc.scalar_location(path + ("finding", outcome), m.start(), m.end()),
                    code="bad-template",
                    suggestion=did_you_mean(name, FINDING_FIELDS),
                )
                ok = False
    if not ok:
        return None
    assert expect is not None  # it compiled: ok is False (and we returned) when it did not
    exprs = [expect] + ([when] if when is not None else [])
    exprs += [part for tpl in reasons.values() for part in tpl.parts if isinstance(part, ast.Node)]
    tables: set[str] = set()
    fields: set[tuple[str, str]] = set()
    for e in exprs:
        tables |= tables_used(e, raw["subject"])
        fields |= fields_used(e, raw["subject"])
    variants: dict[str, Any] = {}
    for fmt, spec in (raw.get("formats") or {}).items():
        if "not_run" in spec:
            variants[fmt] = " ".join(str(spec["not_run"]).split())
            continue
        merged = {k: v for k, v in raw.items() if k != "formats"}
        merged.update(spec)
        variant = build_rule(doc, i, merged, schema, params, param_types, areas, defaults, diags,
                              path=path + ("formats", fmt))
        if variant is None:
            ok = False
        else:
            variants[fmt] = variant
    if not ok:
        return None
    return Rule(
        variants=variants,
        id=rid,
        title=raw["title"],
        area=raw["area"],
        subject=raw["subject"],
        expect=expect,
        expect_text=raw["expect"],
        when=when,
        when_text=raw.get("when"),
        description=raw.get("description", ""),
        missing=raw.get("missing", defaults.get("missing", "fail")),
        severity=raw.get("severity", defaults.get("severity", "major")),
        kind=raw.get("kind", "compliance"),
        indicator=raw.get("indicator"),
        thresholds=dict(raw.get("thresholds") or {}),
        reasons=reasons,
        finding=dict(raw.get("finding") or {}),
        source=as_list(raw.get("source")),
        guidance=as_list(raw.get("guidance")),
        tags=list(raw.get("tags") or []),
        variant_of=raw.get("variant_of"),
        file=doc.path,
        location=doc.location(path),
        tables=tables,
        fields=fields,
    )


def apply_override(raw: dict, o: dict) -> dict:
    """A rule with a pack's ``overrides`` applied: each setting replaces the rule's, except
    ``benchmarks``, which replace the indicator's benchmark for the same ``against`` (a newer
    England figure) or add one (statistical neighbours, which only the council can set)."""
    o = dict(o)
    bench = o.pop("benchmarks", None)
    out = {**raw, **o}
    if bench is not None and raw.get("indicator") is not None:
        mine = {b["against"]: b for b in bench}
        kept = [b for b in raw["indicator"].get("benchmarks") or [] if b["against"] not in mine]
        out["indicator"] = {**raw["indicator"], "benchmarks": kept + list(bench)}
    return out


def as_list(v) -> list:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


TEMPLATE_HOLE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def read_template(doc, path, text, schema, subject, param_types, rid, diags) -> Template | None:
    parts: list[str | ast.Node] = []
    pos = 0
    ok = True
    for m in TEMPLATE_HOLE.finditer(text):
        parts.append(text[pos : m.start()])
        pos = m.end()
        if m.group(0) in ("{{", "}}"):
            parts.append(m.group(0)[0])
            continue
        inner = m.group(1)
        offset = m.start(1)
        locate = lambda span, _o=offset: doc.scalar_location(path, _o + (span.start if span else 0), _o + (span.end if span else 1))  # noqa: E731
        try:
            node = parse_expression(inner)
        except ExpressionSyntaxError as exc:
            diags.add(Diagnostic(exc.message, locate(exc.span), code="syntax", rule=rid))
            ok = False
            continue
        checker = Checker(schema, subject, param_types, locate, rule=rid)
        checker.check(node)
        if checker.diagnostics:
            diags.extend(checker.diagnostics)
            ok = False
            continue
        parts.append(node)
    parts.append(text[pos:])
    stray = [i for i, ch in enumerate(text) if ch in "{}"]
    if not ok:
        return None
    _ = stray
    return Template(text, [p for p in parts if p != ""])
