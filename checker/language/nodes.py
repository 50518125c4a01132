"""The typed AST of the rule expression language.

The parser (``parser.py``) turns lark's parse tree into these nodes and lark is
not seen past it. The type checker (``typecheck.py``) fills in each node's
``type`` and, for names, what the name resolves to; the evaluator and any
compiler work on the checked tree.

Nodes are plain dataclasses. ``span`` (where the node came from, as offsets in
the expression text) and the checker's annotations are excluded from equality,
so two trees are equal when they mean the same thing: the pretty-printer's
round-trip property is ``parse(pretty(tree)) == tree``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# Duration units, as written in rules (singular forms are accepted and normalised).
UNITS = ("days", "weeks", "months", "years", "working days")


@dataclass(frozen=True)
class Span:
    """Character offsets ``[start, end)`` in the expression text, plus 1-based
    line and column within that text (an expression may span several lines)."""

    start: int
    end: int
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1


def _meta() -> Any:
    return field(default=None, compare=False, repr=False)


@dataclass(eq=True)
class Node:
    """Base class. ``span`` is set by the parser; ``type`` (a
    ``typesys.Type``) by the checker. Both are keyword-only, after a node's
    own fields, and left out of equality and repr."""

    span: Span | None = field(default=None, compare=False, repr=False, kw_only=True)
    type: Any = field(default=None, compare=False, repr=False, kw_only=True)

    def children(self) -> Iterator[Node]:
        for name in self.__dataclass_fields__:
            if name in ("span", "type", "resolved"):
                continue
            value = getattr(self, name)
            if isinstance(value, Node):
                yield value
            elif isinstance(value, tuple):
                for item in value:
                    if isinstance(item, Node):
                        yield item

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children():
            yield from child.walk()


# --- literals -------------------------------------------------------------


@dataclass(eq=True)
class Literal(Node):
    """A constant. ``value`` is int, Decimal, str, bool, date or datetime."""

    value: int | Decimal | str | bool | _dt.date | _dt.datetime


@dataclass(eq=True)
class Duration(Node):
    """A length of time: ``45 working days``, ``3 months``. Not a value that
    can be stored in data; used with dates (``d + 3 months``, ``within``)."""

    amount: int
    unit: str  # one of UNITS


@dataclass(eq=True)
class ListExpr(Node):
    """``[a, b, c]``."""

    items: tuple[Node, ...]


# --- names ----------------------------------------------------------------


@dataclass(eq=True)
class Name(Node):
    """A bare name: a field or relation of the subject record, a variable
    bound by a quantifier or comprehension, or a pack parameter."""

    name: str
    resolved: Any = _meta()  # set by the checker: see typecheck.Resolution


@dataclass(eq=True)
class Attribute(Node):
    """``obj.name``: a field or relation of a record, or, on a list of
    records, that field of each (``visits.date`` is a list of dates)."""

    obj: Node
    name: str
    resolved: Any = _meta()


@dataclass(eq=True)
class AsAt(Node):
    """``as_at``: the run's reference date (``--as-at``), never the clock."""



# --- operators ------------------------------------------------------------


@dataclass(eq=True)
class Not(Node):
    operand: Node


@dataclass(eq=True)
class Negate(Node):
    operand: Node


@dataclass(eq=True)
class BoolOp(Node):
    """``and`` / ``or``, with three-valued (Kleene) logic."""

    op: str  # "and" | "or"
    left: Node
    right: Node


@dataclass(eq=True)
class Arith(Node):
    op: str  # + - * /
    left: Node
    right: Node


@dataclass(eq=True)
class Compare(Node):
    op: str  # == != < <= > >=
    left: Node
    right: Node


@dataclass(eq=True)
class Coalesce(Node):
    """``a ?? b``: ``a`` unless it is missing, then ``b``."""

    left: Node
    right: Node


@dataclass(eq=True)
class In(Node):
    """``x in list`` / ``x not in list``."""

    value: Node
    collection: Node
    negated: bool = False


@dataclass(eq=True)
class IsMissing(Node):
    """``x is missing`` (negated=False) / ``x is present`` (negated=True).
    Never itself missing."""

    operand: Node
    negated: bool = False


@dataclass(eq=True)
class Between(Node):
    """``x between low and high``, inclusive at both ends."""

    value: Node
    low: Node
    high: Node


@dataclass(eq=True)
class Within(Node):
    """``b within <duration> after a`` / ``before a``.

    After: ``a <= b`` and b is no more than the duration after a; for
    working days, the count of working days d with a < d <= b is at most N.
    """

    value: Node
    duration: Node
    direction: str  # "after" | "before"
    anchor: Node


@dataclass(eq=True)
class Call(Node):
    """A built-in function (see ``functions.py``)."""

    name: str
    args: tuple[Node, ...]


# --- collections ----------------------------------------------------------


@dataclass(eq=True)
class Quantifier(Node):
    """``some x in C where F``, ``no x in C where F``,
    ``every x in C where F satisfies P``.

    ``condition`` is the where-clause (None when absent) and ``predicate`` is
    the satisfies-clause (every only)."""

    kind: str  # "some" | "no" | "every"
    var: str
    source: Node
    condition: Node | None = None
    predicate: Node | None = None


@dataclass(eq=True)
class Comprehension(Node):
    """``[element for x in source where condition]``: a list."""

    element: Node
    var: str
    source: Node
    condition: Node | None = None


@dataclass(eq=True)
class Pick(Node):
    """``first(x in source by key where condition)`` / ``last(...)``: the item
    with the smallest / largest key among those meeting the condition; missing
    when there is none. Ties go to the earlier item in the source."""

    kind: str  # "first" | "last"
    var: str
    source: Node
    key: Node
    condition: Node | None = None


BINDERS = (Quantifier, Comprehension, Pick)
