"""Per-child subqueries that several rules repeat, computed once per run (DuckDB).

Many of a pack's rules ask the same thing of a child's other records: "the
child's last episode of last year" (503A-H), "whether the child had an
episode last year", "the child's header", each a scalar subquery correlated
with the subject only through the child's key (``t.child_id = s.e2``).
DuckDB plans each such subquery as a join of its own (the subject's distinct
keys, the inner table, an aggregate, a join back), once per rule that writes
it. Here such a subquery, written by at least two of the run's rules, is
computed once for every key the inner table holds, into a table of the
in-memory database (``k``, ``v``; one more row, ``k`` NULL, holds its value
for a key with no record: the subquery over nothing), and each rule reads it
by one LEFT JOIN on the key at the layer the subquery was in.

Engine-internal: the compiled rules the engine keeps are rewritten, so the
SQL ``casecheck sql`` prints (another compiler, ``sqlscript``) stays
self-contained, one query per rule. The value is the same by construction:
the subquery text with the subject's column replaced by the key, and for a
key the inner table lacks (or a NULL key) the condition ``t.k = key`` holds
for no row, as for the NULL that row is computed with. A table that cannot
be made (DuckDB stops with an error computing it for a key no rule reaches)
is left out, and the rules keep their own subqueries.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from checker.engine.compile_values import same_up_to_aliases

#: the key column's stand-in while a subquery is keyed (and in the table's definition)
_KEY = exp.column("k", "__ccd", quoted=True)
#: alias stem of a shared table's join in a rule's query
_JOIN = "ccsh"
_TABLES = itertools.count()


@dataclass
class Candidate:
    """A subquery that reads of the subject only one column, as a key."""

    key: str  # the subquery's SQL, aliases renamed, the subject's column as "__ccd"."k"
    sub: exp.Subquery  # the node in the rule's query
    outer: exp.Column  # the subject's column it reads (``s.X``)
    table: str  # the inner table and column the key is matched on (its keys: the domain)
    column: str


def _unwrap(e: Any) -> exp.Expression:
    while isinstance(e, exp.Paren):
        e = e.this
    return e


def _conjuncts(e: Any) -> list[exp.Expression]:
    if e is None:
        return []
    e = _unwrap(e)
    if isinstance(e, exp.And):
        return _conjuncts(e.left) + _conjuncts(e.right)
    return [e]


def _layer(node: exp.Expression) -> exp.Select | None:
    """The subject layer a node sits in: the nearest SELECT whose FROM is aliased ``s``."""
    p = node.parent
    while p is not None:
        if isinstance(p, exp.Select):
            frm = p.args.get("from_")
            if frm is not None and frm.this.alias == "s":
                return p
        p = p.parent
    return None


def candidates(query: exp.Select) -> list[Candidate]:
    """The scalar subqueries of ``query`` keyed by one subject column only:
    found from the subject's columns matched as a key (``t.col = s.X``, the
    few), each in the scalar subquery nearest it, that reads nothing else
    from outside."""
    found: list[Candidate] = []
    for outer in query.find_all(exp.Column):
        if outer.table != "s":
            continue
        c = _candidate(outer)
        if c is not None and not any(f.sub is c.sub for f in found):
            found.append(c)
    return found


def _candidate(outer: exp.Column) -> Candidate | None:
    # the one place it is read: ``t.col = (s.X)``, a conjunct of the WHERE of a SELECT from table t
    eq = outer.parent
    while isinstance(eq, exp.Paren):
        eq = eq.parent
    if not isinstance(eq, exp.EQ):
        return None
    other = _unwrap(eq.left) if _unwrap(eq.right) is outer else _unwrap(eq.right)
    if not isinstance(other, exp.Column) or not other.table or other.table == "s":
        return None
    where = eq.parent
    while isinstance(where, (exp.Paren, exp.And)):
        where = where.parent
    if not isinstance(where, exp.Where) or not any(c is eq for c in _conjuncts(where.this)):
        return None
    sel = where.parent
    if not isinstance(sel, exp.Select):
        return None
    frm = sel.args.get("from_")
    if frm is None or not isinstance(frm.this, exp.Table) or frm.this.alias_or_name != other.table:
        return None
    sub = sel.parent
    while sub is not None and not (isinstance(sub, exp.Subquery) and not sub.alias
                                   and not isinstance(sub.parent, (exp.From, exp.Join))):
        if isinstance(sub, exp.Select) and sub.args.get("from_") is not None and sub.args["from_"].this.alias == "s":
            return None  # reached the subject's layer: in no scalar subquery
        sub = sub.parent
    if sub is None or not isinstance(sub.this, exp.Select) or _layer(sub) is None:
        return None
    defined = {ta.name for ta in sub.find_all(exp.TableAlias)}
    if "s" in defined:
        return None
    for c in sub.find_all(exp.Column):
        if not c.table:
            if isinstance(c.this, exp.Star):
                continue
            return None  # unqualified: which scope it reads is not known here
        if c.table not in defined and c is not outer:
            return None  # it reads something else from outside
    key = _with(sub, outer, _KEY.copy(), same_up_to_aliases)
    return Candidate(key, sub, outer, frm.this.name, other.name)


def _with(sub: exp.Subquery, outer: exp.Column, stand_in: exp.Expression, f):
    """``f(sub)`` with the subject's column replaced by ``stand_in`` (put back after)."""
    outer.replace(stand_in)
    try:
        return f(sub)
    finally:
        stand_in.replace(outer)


def table_sql(name: str, c: Candidate) -> str:
    """The statement making the shared table of candidate ``c``: its value
    for each key of the inner table, and (``k`` NULL) for none."""
    def duck(e: exp.Expression) -> str:
        return e.sql(dialect="duckdb")

    value, none = _with(c.sub, c.outer, _KEY.copy(), duck), _with(c.sub, c.outer, exp.Null(), duck)
    col, tbl = '"' + c.column.replace('"', '""') + '"', '"' + c.table.replace('"', '""') + '"'
    return (f"CREATE TABLE {name} AS SELECT __ccd.k AS k, {value} AS v FROM "
            f"(SELECT DISTINCT {col} AS k FROM {tbl} WHERE {col} IS NOT NULL) AS __ccd "
            f"UNION ALL SELECT NULL, {none}")


def shared_name() -> str:
    """A new name for a shared table (unique on a connection shared by engines)."""
    return f"_cc_shared_{next(_TABLES)}"


def rewrite(query: exp.Select, made: dict[str, str], found: list[Candidate] | None = None) -> int:
    """Each candidate subquery of ``query`` (``found``: its candidates, as
    :func:`candidates` gave them) whose table is ``made`` (key -> table name)
    read from it instead, in place. Returns how many."""
    joined: dict[tuple[int, str, str], str] = {}  # (layer, table, subject column) -> join alias
    names = itertools.count(1)
    n = 0
    for c in candidates(query) if found is None else found:
        table = made.get(c.key)
        if table is None:
            continue
        layer = _layer(c.sub)
        assert layer is not None  # a candidate has one
        at = (id(layer), table, c.outer.name)
        alias = joined.get(at)
        if alias is None:
            alias = joined[at] = f"{_JOIN}{next(names)}"
            join = exp.Join(this=exp.Table(this=exp.to_identifier(table), alias=exp.TableAlias(this=exp.to_identifier(alias))),
                            side="LEFT",
                            on=exp.EQ(this=exp.column("k", alias), expression=exp.column(c.outer.name, "s", quoted=True)))
            layer.set("joins", [join, *(layer.args.get("joins") or [])])
        value = exp.Case(ifs=[exp.If(this=exp.Is(this=exp.column("k", alias), expression=exp.Null()),
                                     true=exp.Subquery(this=exp.select("v").from_(table).where("k IS NULL")))],
                         default=exp.column("v", alias))
        c.sub.replace(value)
        n += 1
    return n
