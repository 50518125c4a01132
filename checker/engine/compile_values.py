"""What the SQL compiler (``compile``) works with: the error for what it
cannot compile, the compile-time values (a record, a list as a relation, a
constant), the names and types of the SQL it writes, and small helpers."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from checker import typesys as T
from checker.language import nodes as ast
from checker.language.printer import pretty

CALENDAR_TABLE = "cc_calendar"
ROW = "_row"
#: A FROM item standing for the subject's rows under a layer, in a join made
#: at that layer (``compile_rule`` puts the layers below in its place)
LAYER_BELOW = "__casecheck_layer_below__"
#: a column of a rule's query: true where the dates the record's rule made
#: from values (``date(y, m, d)``) stay far enough inside for every shift
MADE_OK = "_made_ok"
DIALECTS = ("duckdb", "postgres", "tsql", "spark")

#: SQL types for casecheck's scalar kinds, per dialect.
SQL_TYPES = {
    "duckdb": {"string": "VARCHAR", "code": "VARCHAR", "integer": "BIGINT", "decimal": "DECIMAL(38,10)",
               "boolean": "BOOLEAN", "date": "DATE", "datetime": "TIMESTAMP"},
    "postgres": {"string": "TEXT", "code": "TEXT", "integer": "BIGINT", "decimal": "NUMERIC",
                 "boolean": "BOOLEAN", "date": "DATE", "datetime": "TIMESTAMP"},
    "tsql": {"string": "NVARCHAR(4000)", "code": "NVARCHAR(100)", "integer": "BIGINT", "decimal": "DECIMAL(38,10)",
             "boolean": "BIT", "date": "DATE", "datetime": "DATETIME2"},
    "spark": {"string": "STRING", "code": "STRING", "integer": "BIGINT", "decimal": "DECIMAL(38,10)",
              "boolean": "BOOLEAN", "date": "DATE", "datetime": "TIMESTAMP"},
}

OUTCOME_CODES = ("pass", "fail", "not_applicable", "not_evidenced")


class Unsupported(Exception):
    """The compiler has no SQL for this construct (the rule runs on the
    reference evaluator instead)."""

    def __init__(self, node: ast.Node | None, message: str):
        where = f" in `{pretty(node)}`" if node is not None else ""
        super().__init__(f"{message}{where}")
        self.node = node


# --- compile-time values ------------------------------------------------------


@dataclass
class Rec:
    """A record value: its table and an SQL expression for its ``_row``
    (NULL when missing). ``alias`` is set when the record is a row of a
    FROM item in scope, so its fields are plain columns."""

    table: str
    rowid: exp.Expression
    alias: str | None = None
    joined: tuple[str, int] | None = None  # (alias, layer) of a top-level LEFT JOIN holding it


@dataclass
class Rel:
    """A list value as a relation: ``SELECT value FROM source WHERE where
    ORDER BY order``; the list is missing when ``missing`` holds."""

    item: T.Type
    source: exp.Expression  # a FROM item carrying its alias
    alias: str
    where: exp.Expression | None
    value: Any  # exp.Expression, or Rec for lists of records
    order: exp.Expression
    missing: exp.Expression | None = None
    #: LATERAL joins on the items (a pick per item: "the allocation before
    #: this one"); shared by every list derived from the same items
    joins: list = field(default_factory=list)
    #: (where, cond) for a comprehension's items (``[a for a in ... where cond]``
    #: of a list never missing otherwise): the items of ``where`` whose ``cond``
    #: holds, missing when any item's ``cond`` is unknown, so counted in one pass
    undecided: tuple | None = None


@dataclass
class Const:
    """A value known at compile time that SQL cannot hold as a scalar (a
    duration, a list of durations)."""

    value: Any


def union_parts(sel: exp.Expression) -> list[exp.Expression]:
    """The SELECTs of a UNION ALL chain, in order (``sel`` itself when it is not one)."""
    if isinstance(sel, exp.Union):
        return union_parts(sel.this) + union_parts(sel.expression)
    return [sel]


def span_days(amount: int, unit: str) -> int:
    """At most how many days a shift or window of ``amount`` ``unit`` reaches
    (with a week's margin): the SQL engine keeps data this far inside the
    calendar's range."""
    return abs(amount) * {"days": 1, "weeks": 7, "months": 31, "years": 366, "working days": 3}[unit] + 7


def const_date(e: exp.Expression) -> _dt.date | None:
    """The date of a date literal (``CAST('2025-03-31' AS DATE)``), else None."""
    if isinstance(e, exp.Cast) and isinstance(e.this, exp.Literal) and e.this.is_string and e.to.this == exp.DataType.Type.DATE:
        try:
            return _dt.date.fromisoformat(e.this.this)
        except ValueError:
            return None
    return None


def same_up_to_aliases(e: exp.Expression) -> str:
    """The key under which ``e`` is computed once: its SQL with the aliases it
    defines itself (``t3``, ``q4``, ...) named by order of appearance, so that
    the same pick or quantifier written twice in a rule (``last(e in
    child.episodes by ...).ls`` and ``.place``: the compiler numbers each
    one's aliases afresh) is one column, not two. Renaming aliases a
    subexpression defines and alone reads does not change its value; those
    it reads from outside (``s``, the subject) keep their names. The tree is
    renamed in place for the SQL and put back (a copy of every expression
    keyed would cost more than generating it)."""
    defined: dict[str, str] = {}
    for ta in e.find_all(exp.TableAlias):
        name = ta.name
        if name and name != "s" and name not in defined:
            defined[name] = f"__a{len(defined)}"
    if not defined:
        return e.sql(copy=False)  # the generic dialect rewrites nothing: no copy needed for a key
    renamed: list[tuple[exp.Identifier, str]] = []
    for ident in e.find_all(exp.Identifier):
        parent = ident.parent
        if ident.this in defined and (isinstance(parent, exp.TableAlias) or
                                      (isinstance(parent, exp.Column) and ident.arg_key == "table")):
            renamed.append((ident, ident.this))
            ident.set("this", defined[ident.this])
    try:
        return e.sql(copy=False)
    finally:
        for ident, name in renamed:
            ident.set("this", name)
