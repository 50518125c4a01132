"""Why an expression has the value it has, in words a person can read.

``reason`` turns an evaluation trace into a short sentence naming the parts
that decided the outcome and their values ("`authorised_date within 45
working days after start_date` is false: authorised_date = 2024-06-20,
start_date = 2024-04-01 (58 working days after)"). ``render_trace`` prints
the whole trace as a tree for ``casecheck explain``.
"""

from __future__ import annotations

from checker.engine.evaluate import Trace, format_value
from checker.language import nodes as ast
from checker.language.functions import FUNCTIONS
from checker.language.printer import pretty

MAX_PHRASES = 3
_QUIET = (ast.Literal, ast.Duration, ast.ListExpr)


def reason(trace: Trace) -> str:
    phrases = _why(trace)
    seen: list[str] = []
    for p in phrases:
        if p not in seen:
            seen.append(p)
    if len(seen) > MAX_PHRASES:
        return "; ".join(seen[:MAX_PHRASES]) + f"; and {len(seen) - MAX_PHRASES} more"
    return "; ".join(seen)


def _why(t: Trace) -> list[str]:
    node, value = t.node, t.value
    if value is None:
        return _why_missing(t)
    if isinstance(node, ast.BoolOp):
        if node.op == "and" and value is False:
            return [p for c in t.children if c.value is False for p in _why(c)]
        if node.op == "or" and value is True:
            return [p for c in t.children if c.value is True for p in _why(c)]
        return [p for c in t.children for p in _why(c)]
    if isinstance(node, ast.Not):
        return _why(t.children[0]) if t.children else [_describe(t)]
    if isinstance(node, ast.Quantifier):
        return _why_quantifier(t)
    return [_describe(t)]


def _why_quantifier(t: Trace) -> list[str]:
    node = t.node
    assert isinstance(node, ast.Quantifier)
    items = [c for c in t.children if c.label is not None]
    source = pretty(node.source)
    count = t.note or ""
    if node.kind == "every":
        if t.value is False:
            bad = items[-1] if items else None
            if bad is not None and bad.children:
                return [f"{bad.label}: " + "; ".join(_why(bad.children[-1]))]
        assert node.predicate is not None  # `every` always has its satisfies-clause
        return [f"every {node.var} in {source} satisfies {pretty(node.predicate)} ({count})"]
    cond = f" where {pretty(node.condition)}" if node.condition is not None else ""
    if node.kind == "some":
        if t.value is False:
            if not items:
                return [f"{source} is empty: nothing for `{node.var}` to stand for"]
            return [f"no {node.var} in {source}{cond} ({count})"]
        match = items[-1] if items else None
        return [f"{match.label} matches" if match else f"some {node.var} in {source}{cond}"]
    # no
    if t.value is False:
        match = items[-1] if items else None
        if match is not None and match.children:
            return [f"{match.label} matches{cond}: " + "; ".join(_why(match.children[-1]))]
        return [f"some {node.var} in {source}{cond}"]
    return [f"no {node.var} in {source}{cond} ({count})"]


def _why_missing(t: Trace) -> list[str]:
    """The deepest missing values that made this one missing."""
    missing_children = [c for c in t.children if c.value is None]
    if isinstance(t.node, (ast.Quantifier, ast.Comprehension, ast.Pick)):
        out = []
        for item in t.children:
            if item.label is None:
                if item.value is None and item.children:
                    out.extend(_why_missing(item))
                continue
            for c in item.children:
                if c.value is None:
                    out.extend(f"{item.label}: {p}" for p in _why_missing(c))
        if not out and isinstance(t.node, ast.Pick):
            cond = f" where {pretty(t.node.condition)}" if t.node.condition is not None else ""
            return [f"no item of {pretty(t.node.source)}{cond} (nothing for `{t.node.var}` to stand for)"]
        return out or [f"`{pretty(t.node)}` cannot be decided"]
    if missing_children and not isinstance(t.node, (ast.Name, ast.Attribute)):
        out = []
        for c in missing_children:
            out.extend(_why_missing(c))
        return out
    if isinstance(t.node, ast.Call) and _missing_on_empty(t.node.name):
        arg = t.children[0].value if t.children else None
        if arg == []:
            return [f"`{pretty(t.node.args[0])}` is empty, so `{pretty(t.node)}` is missing"]
        return [f"`{pretty(t.node)}` is missing: a value in `{pretty(t.node.args[0])}` is missing"]
    if isinstance(t.node, ast.Attribute) and t.children and t.children[0].value is None:
        return _why_missing(t.children[0])
    if t.note and isinstance(t.node, (ast.Name, ast.Attribute)):
        return [f"`{pretty(t.node)}` is missing: {t.note}"]
    return [f"`{pretty(t.node)}` is missing"]


def _missing_on_empty(name: str) -> bool:
    function = FUNCTIONS.get(name)
    return function is not None and function.missing_on_empty


def _describe(t: Trace) -> str:
    """``<expression>` is <value>: operand = value, ...`."""
    if isinstance(t.node, ast.Call) and t.node.name == "on_schedule" and t.note:
        return ("schedule kept: " if t.value else "schedule not kept: ") + t.note
    parts = []
    for c in _operands(t):
        parts.append(f"{pretty(c.node)} = {format_value(c.value)}")
    text = f"`{pretty(t.node)}` is {format_value(t.value)}"
    if parts:
        text += ": " + ", ".join(parts)
    if t.note:
        text += f" ({t.note})"
    return text


def _operands(t: Trace) -> list[Trace]:
    out = []
    for c in t.children:
        if c.label is not None or isinstance(c.node, _QUIET):
            continue
        if isinstance(c.node, (ast.Name, ast.Attribute, ast.AsAt, ast.Call)):
            out.append(c)
        elif isinstance(c.node, (ast.Arith, ast.Coalesce, ast.Negate)):
            out.append(c)
            out.extend(x for x in _operands(c) if isinstance(x.node, (ast.Name, ast.Attribute, ast.AsAt)))
    unique = []
    shown = set()
    for c in out:
        key = pretty(c.node)
        if key not in shown:
            shown.add(key)
            unique.append(c)
    return unique


def render_trace(t: Trace, indent: int = 0, max_items: int = 20) -> list[str]:
    pad = "  " * indent
    lines = []
    if t.label is not None:
        lines.append(f"{pad}{t.label}")
    else:
        note = f"   ({t.note})" if t.note else ""
        lines.append(f"{pad}{pretty(t.node)}  =>  {format_value(t.value)}{note}")
    shown_items = 0
    for c in t.children:
        if c.label is not None:
            shown_items += 1
            if shown_items > max_items:
                continue
        if isinstance(c.node, _QUIET) and c.label is None:
            continue
        lines.extend(render_trace(c, indent + 1, max_items))
    if shown_items > max_items:
        lines.append(f"{pad}  ... {shown_items - max_items} more items")
    return lines
