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
from checker.language.visitor import Visitor
from checker.values import Duration

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
    return str(Duration(amount, unit))


def _p(node: ast.Node, ctx: int) -> str:
    """Print ``node`` in a context that binds at ``ctx``: wrap it when it
    binds more loosely than the context requires."""
    return _PRINTER.dispatch(node, ctx)


class Printer(Visitor):
    """One method per node class: its text in a context binding at ``ctx``."""

    prefix = "_p_"

    def no_handler(self, node: ast.Node, ctx: int) -> str:
        raise TypeError(f"cannot print {type(node).__name__}")

    def _p_Literal(self, node: ast.Literal, ctx: int) -> str:
        # A negative number literal only arises from folding; keep it atomic.
        return literal_text(node.value)

    def _p_Duration(self, node: ast.Duration, ctx: int) -> str:
        return duration_text(node.amount, node.unit)

    def _p_ListExpr(self, node: ast.ListExpr, ctx: int) -> str:
        return "[" + ", ".join(_p(i, QUANT) for i in node.items) + "]"

    def _p_Name(self, node: ast.Name, ctx: int) -> str:
        return node.name

    def _p_AsAt(self, node: ast.AsAt, ctx: int) -> str:
        return "as_at"

    def _p_Attribute(self, node: ast.Attribute, ctx: int) -> str:
        return f"{_p(node.obj, POSTFIX)}.{node.name}"

    def _p_Call(self, node: ast.Call, ctx: int) -> str:
        return f"{node.name}(" + ", ".join(_p(a, QUANT) for a in node.args) + ")"

    def _p_Negate(self, node: ast.Negate, ctx: int) -> str:
        return _wrap("-" + _p(node.operand, UNARY), UNARY, ctx)

    def _p_Arith(self, node: ast.Arith, ctx: int) -> str:
        level = _ARITH_LEVEL[node.op]
        # left-associative: the right operand must bind tighter
        text = f"{_p(node.left, level)} {node.op} {_p(node.right, level + 1)}"
        return _wrap(text, level, ctx)

    def _p_Coalesce(self, node: ast.Coalesce, ctx: int) -> str:
        # right-associative
        text = f"{_p(node.left, COALESCE + 1)} ?? {_p(node.right, COALESCE)}"
        return _wrap(text, COALESCE, ctx)

    def _p_Compare(self, node: ast.Compare, ctx: int) -> str:
        text = f"{_p(node.left, COALESCE)} {node.op} {_p(node.right, COALESCE)}"
        return _wrap(text, CMP, ctx)

    def _p_In(self, node: ast.In, ctx: int) -> str:
        op = "not in" if node.negated else "in"
        text = f"{_p(node.value, COALESCE)} {op} {_p(node.collection, COALESCE)}"
        return _wrap(text, CMP, ctx)

    def _p_IsMissing(self, node: ast.IsMissing, ctx: int) -> str:
        word = "present" if node.negated else "missing"
        return _wrap(f"{_p(node.operand, COALESCE)} is {word}", CMP, ctx)

    def _p_Between(self, node: ast.Between, ctx: int) -> str:
        text = f"{_p(node.value, COALESCE)} between {_p(node.low, COALESCE)} and {_p(node.high, COALESCE)}"
        return _wrap(text, CMP, ctx)

    def _p_Within(self, node: ast.Within, ctx: int) -> str:
        text = (
            f"{_p(node.value, COALESCE)} within {_p(node.duration, COALESCE)} "
            f"{node.direction} {_p(node.anchor, COALESCE)}"
        )
        return _wrap(text, CMP, ctx)

    def _p_Not(self, node: ast.Not, ctx: int) -> str:
        # `not` may take a quantifier operand only as the last thing in a chain;
        # printing it in parentheses is always safe.
        return _wrap("not " + _p(node.operand, NOT), NOT, ctx)

    def _p_BoolOp(self, node: ast.BoolOp, ctx: int) -> str:
        level = OR if node.op == "or" else AND
        text = f"{_p(node.left, level)} {node.op} {_p(node.right, level + 1)}"
        return _wrap(text, level, ctx)

    def _p_Quantifier(self, node: ast.Quantifier, ctx: int) -> str:
        text = f"{node.kind} {node.var} in {_p(node.source, COALESCE)}"
        if node.condition is not None:
            text += f" where {_p(node.condition, QUANT)}"
        if node.predicate is not None:
            # the where-clause runs up to `satisfies`, so it needs no parentheses
            text += f" satisfies {_p(node.predicate, QUANT)}"
        # A quantifier's clause runs to the end of the enclosing expression;
        # anywhere but the top of an expression it is parenthesised.
        return _wrap(text, QUANT, ctx)

    def _p_Comprehension(self, node: ast.Comprehension, ctx: int) -> str:
        text = f"[{_p(node.element, QUANT)} for {node.var} in {_p(node.source, COALESCE)}"
        if node.condition is not None:
            text += f" where {_p(node.condition, QUANT)}"
        return text + "]"

    def _p_Pick(self, node: ast.Pick, ctx: int) -> str:
        # a quantifier as the key would swallow the pick's own `where`
        key_ctx = OR if node.condition is not None else QUANT
        text = f"{node.kind}({node.var} in {_p(node.source, COALESCE)} by {_p(node.key, key_ctx)}"
        if node.condition is not None:
            text += f" where {_p(node.condition, QUANT)}"
        return text + ")"


_PRINTER = Printer()
