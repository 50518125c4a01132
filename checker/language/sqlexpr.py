"""Small builders of sqlglot expressions, shared by the SQL compiler
(``checker.engine.compile``) and the built-in functions' SQL
(``functions.py``): a function's SQL is written with these over the
already-compiled arguments, so the language stage needs sqlglot but never the
engine.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, overload

from checker.lazyimport import lazy

if TYPE_CHECKING:
    from sqlglot import exp
else:
    exp = lazy("sqlglot.expressions")  # imported by the first SQL built (checker.lazyimport)

if TYPE_CHECKING:
    TRUE: exp.Boolean
    FALSE: exp.Boolean
    NULL: exp.Null


def __getattr__(name: str) -> exp.Expression:
    """``TRUE``, ``FALSE`` and ``NULL``, built on first use (so importing this module does not
    import sqlglot: see :mod:`checker.lazyimport`)."""
    if name == "TRUE":
        value: exp.Expression = exp.Boolean(this=True)
    elif name == "FALSE":
        value = exp.Boolean(this=False)
    elif name == "NULL":
        value = exp.Null()
    else:  # (the import system asks for names such as __path__; sqlglot must not load for those)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table, quoted=True)


def lit(value: Any) -> exp.Expression:
    """A literal of the language as SQL."""
    if value is None:
        return exp.Null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int):
        return exp.Literal.number(value)
    if isinstance(value, Decimal):
        return exp.Literal.number(format(value, "f"))
    if isinstance(value, _dt.datetime):
        return exp.Cast(this=exp.Literal.string(value.isoformat(sep=" ")), to=exp.DataType.build("TIMESTAMP"))
    if isinstance(value, _dt.date):
        return exp.Cast(this=exp.Literal.string(value.isoformat()), to=exp.DataType.build("DATE"))
    if isinstance(value, str):
        return exp.Literal.string(value)
    raise TypeError(f"no SQL literal for {value!r}")


def num(n: int) -> exp.Expression:
    return exp.Literal.number(n)


def paren(e: exp.Expression) -> exp.Expression:
    return exp.Paren(this=e)


@overload
def and_(first: exp.Expression, /, *rest: exp.Expression | None) -> exp.Expression: ...
@overload
def and_(*parts: exp.Expression | None) -> exp.Expression | None: ...
def and_(*parts: exp.Expression | None) -> exp.Expression | None:
    kept = [p for p in parts if p is not None]
    if not kept:
        return None
    out = paren(kept[0])
    for p in kept[1:]:
        out = exp.And(this=out, expression=paren(p))
    return out


@overload
def or_(first: exp.Expression, /, *rest: exp.Expression | None) -> exp.Expression: ...
@overload
def or_(*parts: exp.Expression | None) -> exp.Expression | None: ...
def or_(*parts: exp.Expression | None) -> exp.Expression | None:
    kept = [p for p in parts if p is not None]
    if not kept:
        return None
    out = paren(kept[0])
    for p in kept[1:]:
        out = exp.Or(this=out, expression=paren(p))
    return out


def not_(e: exp.Expression) -> exp.Expression:
    return exp.Not(this=paren(e))


def is_null(e: exp.Expression) -> exp.Expression:
    return exp.Is(this=paren(e), expression=exp.Null())


def not_null(e: exp.Expression) -> exp.Expression:
    return exp.Not(this=is_null(e))


def case(*whens: tuple[exp.Expression, exp.Expression], default: exp.Expression | None = None) -> exp.Expression:
    return exp.Case(ifs=[exp.If(this=c, true=v) for c, v in whens], default=default)


def subquery(select: exp.Select) -> exp.Expression:
    return exp.Subquery(this=select)


def count_if(cond: exp.Expression) -> exp.Expression:
    return exp.Count(this=case((cond, exp.Literal.number(1))))


def binop(cls, a: exp.Expression, b: exp.Expression) -> exp.Expression:
    return cls(this=paren(a), expression=paren(b))


def cast(e: exp.Expression, to: str) -> exp.Expression:
    return exp.Cast(this=e, to=exp.DataType.build(to))


_LOWER, _UPPER = "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def ascii_upper(text: exp.Expression, dialect: str) -> exp.Expression:
    """``text`` with its letters a-z in capitals and every other character as
    it is (``upper()`` of the language, the postcode functions' matching):
    TRANSLATE, because the engines' UPPER also changes letters beyond a-z, each
    by its own rules. In DuckDB, whose TRANSLATE is some thirty times slower
    than its UPPER, a text all ASCII (as many bytes as characters, the codes
    and IDs of a return) is put in capitals by UPPER, which then changes a-z
    alone; TRANSLATE takes the others. Only for a text the compiler can
    repeat at no cost (no subquery in it)."""
    translate = exp.Anonymous(this="TRANSLATE", expressions=[text, exp.Literal.string(_LOWER), exp.Literal.string(_UPPER)])
    if dialect != "duckdb" or text.find(exp.Subquery) is not None:
        return translate
    ascii_only = exp.EQ(this=exp.Anonymous(this="STRLEN", expressions=[text.copy()]), expression=exp.Length(this=text.copy()))
    return case((ascii_only, exp.Upper(this=text.copy())), default=translate)
