"""Print an AST back as expression text.

``parse_expression(pretty(node)) == node`` for every tree the parser can
produce (tested with hypothesis). Parentheses are added only where the
precedence ladder in ``grammar/casecheck.lark`` needs them, so printed rules
read as a person would write them. Used for explanations and reasons too.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from checker.language import nodes as ast

# Binding strength, higher binds tighter (mirrors the grammar's ladder).
QUANT, OR, AND, NOT, CMP, COALESCE, ADD, MUL, UNARY, POSTFIX = range(10)

_ARITH_LEVEL = {"+": ADD, "-": ADD, "*": MUL, "/": MUL}


#: id(node) -> (node, text): a rule's nodes are printed again for every
#: record whose reason quotes them. The node is kept with its text, so its
#: id cannot be reused while the entry lives.
_PRINTED: dict[int, tuple[ast.Node, str]] = {}
_PRINTED_MAX = 50_000


def pretty(node: ast.Node) -> str:
    hit = _PRINTED.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    text = _p(node, QUANT)
    if len(_PRINTED) >= _PRINTED_MAX:
        _PRINTED.clear()
    _PRINTED[id(node)] = (node, text)
    return text


def _wrap(text: str, level: int, needed: int) -> str:
    return f"({text})" if level < needed else text


def literal_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = format(value, "f")
        if "." not in text:
            text += ".0"
        return text
    if isinstance(value, _dt.datetime):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        return f'"{escaped}"'
    raise TypeError(f"not a literal: {value!r}")


def duration_text(amount: int, unit: str) -> str:
    if amount == 1:
        unit = unit[:-1]
    return f"{amount} {unit}"


def _p(node: ast.Node, ctx: int) -> str:  # noqa: C901 - one branch per node kind
    """Print ``node`` in a context that binds at ``ctx``: wrap it when it
    binds more loosely than the context requires."""
    if isinstance(node, ast.Literal):
        text = literal_text(node.value)
        # A negative number literal only arises from folding; keep it atomic.
        return text
    if isinstance(node, ast.Duration):
        return duration_text(node.amount, node.unit)
    if isinstance(node, ast.ListExpr):
        return "[" + ", ".join(_p(i, QUANT) for i in node.items) + "]"
    if isinstance(node, ast.Name):
        return node.name
    if isinstance(node, ast.AsAt):
        return "as_at"
    if isinstance(node, ast.Attribute):
        return f"{_p(node.obj, POSTFIX)}.{node.name}"
    if isinstance(node, ast.Call):
        return f"{node.name}(" + ", ".join(_p(a, QUANT) for a in node.args) + ")"
    if isinstance(node, ast.Negate):
        return _wrap("-" + _p(node.operand, UNARY), UNARY, ctx)
    if isinstance(node, ast.Arith):
        level = _ARITH_LEVEL[node.op]
        # left-associative: the right operand must bind tighter
        text = f"{_p(node.left, level)} {node.op} {_p(node.right, level + 1)}"
        return _wrap(text, level, ctx)
    if isinstance(node, ast.Coalesce):
        # right-associative
        text = f"{_p(node.left, COALESCE + 1)} ?? {_p(node.right, COALESCE)}"
        return _wrap(text, COALESCE, ctx)
    if isinstance(node, ast.Compare):
        text = f"{_p(node.left, COALESCE)} {node.op} {_p(node.right, COALESCE)}"
        return _wrap(text, CMP, ctx)
    if isinstance(node, ast.In):
        op = "not in" if node.negated else "in"
        text = f"{_p(node.value, COALESCE)} {op} {_p(node.collection, COALESCE)}"
        return _wrap(text, CMP, ctx)
    if isinstance(node, ast.IsMissing):
        word = "present" if node.negated else "missing"
        return _wrap(f"{_p(node.operand, COALESCE)} is {word}", CMP, ctx)
    if isinstance(node, ast.Between):
        text = f"{_p(node.value, COALESCE)} between {_p(node.low, COALESCE)} and {_p(node.high, COALESCE)}"
        return _wrap(text, CMP, ctx)
    if isinstance(node, ast.Within):
        text = (
            f"{_p(node.value, COALESCE)} within {_p(node.duration, COALESCE)} "
            f"{node.direction} {_p(node.anchor, COALESCE)}"
        )
        return _wrap(text, CMP, ctx)
    if isinstance(node, ast.Not):
        # `not` may take a quantifier operand only as the last thing in a chain;
        # printing it in parentheses is always safe.
        return _wrap("not " + _p(node.operand, NOT), NOT, ctx)
    if isinstance(node, ast.BoolOp):
        level = OR if node.op == "or" else AND
        text = f"{_p(node.left, level)} {node.op} {_p(node.right, level + 1)}"
        return _wrap(text, level, ctx)
    if isinstance(node, ast.Quantifier):
        text = f"{node.kind} {node.var} in {_p(node.source, COALESCE)}"
        if node.condition is not None:
            text += f" where {_p(node.condition, QUANT)}"
        if node.predicate is not None:
            # the where-clause runs up to `satisfies`, so it needs no parentheses
            text += f" satisfies {_p(node.predicate, QUANT)}"
        # A quantifier's clause runs to the end of the enclosing expression;
        # anywhere but the top of an expression it is parenthesised.
        return _wrap(text, QUANT, ctx)
    if isinstance(node, ast.Comprehension):
        text = f"[{_p(node.element, QUANT)} for {node.var} in {_p(node.source, COALESCE)}"
        if node.condition is not None:
            text += f" where {_p(node.condition, QUANT)}"
        return text + "]"
    if isinstance(node, ast.Pick):
        # a quantifier as the key would swallow the pick's own `where`
        key_ctx = OR if node.condition is not None else QUANT
        text = f"{node.kind}({node.var} in {_p(node.source, COALESCE)} by {_p(node.key, key_ctx)}"
        if node.condition is not None:
            text += f" where {_p(node.condition, QUANT)}"
        return text + ")"
    raise TypeError(f"cannot print {type(node).__name__}")
