"""The SQL compiler's ordered picks: "the episode before this one" as an ASOF
join instead of a correlated subquery. (A part of :class:`compile.Compiler`.)

A pick whose condition compares its own ordering key with a value of the
subject record (``last(e in child.episodes by k(e) where k(e) < k(row) and
p(e))``) is, for each subject record, the item of the subject's list with the
best key on the right side of that value. DuckDB's ASOF join finds it for
every record in one sorted pass, where the correlated subquery pairs every
record with every item of its list (at 100,440 children in care, rules
361-364: 0.66 s to 0.45 s CPU each). The answer is the same, undecided cases
included, because the join is made with what decides the pick: the items
that could be picked (``p`` not false) grouped by key, each group with

* its first item in load order that ``p`` holds for (the pick's tie-break:
  best key, then load order);
* whether ``p`` is unknown for any of its items: the best group having one,
  an item as good as the best known one could have been picked (undecided);
* whether the list has an item that could be picked with no key (undecided
  whatever the subject's value).

A missing subject value matches no group: nothing meets the condition
(undecided), as in the subquery. Only DuckDB (the ASOF join); elsewhere, and
for any other shape, the pick compiles as before (:meth:`ListsMixin._pick`).
A quantifier of the same shape (``some e in child.episodes where k(e) <
k(row)``) was tried the same way and was slower than DuckDB's own plan.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp

from checker.engine.compile_values import ROW, Rec, Rel, same_up_to_aliases
from checker.language import nodes as ast
from checker.language.sqlexpr import FALSE, NULL, and_, case, col, is_null, not_null, paren

#: the item's key on the left of the comparison, for each pick: the ASOF
#: inequality (subject value on its left) that finds the best item
_ASOF: dict[tuple[str, type[exp.Expression]], type[exp.Expression]] = {
    ("last", exp.LT): exp.GT, ("last", exp.LTE): exp.GTE,
    ("first", exp.GT): exp.LT, ("first", exp.GTE): exp.LTE,
}
#: what compiling an expression adds to (compile.Compiler.compile_rule sets each)
_FLAGS = ("_span", "_fwd", "_back", "_uses_calendar", "_shifts", "_makes_dates", "_made")
_ONE, _ZERO = exp.Literal.number(1), exp.Literal.number(0)
_FLIP: dict[type[exp.Expression], type[exp.Expression]] = {exp.LT: exp.GT, exp.GT: exp.LT, exp.LTE: exp.GTE, exp.GTE: exp.LTE}


def _mentions(node: ast.Node, var: str) -> bool:
    return any(isinstance(n, ast.Name) and n.name == var and getattr(n.resolved, "kind", None) == "var" for n in node.walk())


def _compares_item(node) -> bool:
    """Whether the condition of a pick has a conjunct comparing
    something of the item with something not of it (the shape
    :meth:`OrderedMixin._ordered_shape` looks for in the SQL; a cheap test
    first, so that other conditions are compiled once)."""
    parts, out = [node.condition], []
    while parts:
        p = parts.pop()
        if isinstance(p, ast.BoolOp) and p.op == "and":
            parts += [p.left, p.right]
        else:
            out.append(p)
    return any(isinstance(p, ast.Compare) and p.op in ("<", "<=", ">", ">=")
               and _mentions(p.left, node.var) != _mentions(p.right, node.var) for p in out)


def _copied(v):
    return list(v) if isinstance(v, list) else v


def _bare(e: exp.Expression) -> exp.Expression:
    while isinstance(e, exp.Paren):
        e = e.this
    return e


def _conjuncts(e: exp.Expression) -> list[exp.Expression]:
    e = _bare(e)
    if isinstance(e, exp.And):
        return _conjuncts(e.this) + _conjuncts(e.expression)
    return [e]


def _tables_read(e: exp.Expression) -> set[str]:
    """The table aliases ``e`` reads from outside itself."""
    defined = {t.alias_or_name for t in e.find_all(exp.Table)}
    defined |= {q.alias for q in e.find_all(exp.Subquery, exp.Lateral) if q.alias}
    return {c.table for c in e.find_all(exp.Column) if c.table not in defined}


class OrderedMixin:
    """ASOF picks for :class:`compile.Compiler`."""

    dialect: str
    _depth: int
    _scopes: list
    _joins: dict[int, list[exp.Join]]
    _names: Iterator[int]
    _shared: dict
    _join_memo: dict
    _cal_memo: dict

    if TYPE_CHECKING:  # the Compiler's methods
        def scalar(self, node, env: dict) -> exp.Expression: ...
        def _alias(self, stem: str = "t") -> str: ...
        def _once(self, e: exp.Expression, layer: int | None = None) -> exp.Expression: ...
        def _layer_of(self, e: exp.Expression) -> int: ...

    #: while compiling a candidate's condition: a list of the subject's
    #: relation inside it matched on the item (HoistMixin._rebased)
    _rebase: bool = False

    def _ordered_attempt(self, node, inner: dict, rel: Rel):
        """Compile the pick's key and condition and try :meth:`_ordered_pick`;
        where it does not apply, everything compiling them added to the query
        is taken back (the pick then compiles as before, unchanged)."""
        state = self._compile_state()
        joins_before = list(rel.joins)
        self._rebase = True
        try:
            key = self.scalar(node.key, inner)
            cond = self.scalar(node.condition, inner)
        finally:
            self._rebase = False
        found = None
        if rel.joins == joins_before:
            found = self._ordered_pick(node, rel, key, cond)
        if found is None:
            rel.joins[:] = joins_before
            self._restore_state(state)
        return found

    def _compile_state(self) -> tuple:
        n = next(self._names)
        return (n, dict(self._shared), {k: list(v) for k, v in self._joins.items()}, dict(self._join_memo),
                dict(self._cal_memo), {k: _copied(getattr(self, k)) for k in _FLAGS})

    def _restore_state(self, state: tuple) -> None:
        n, shared, joins, memo, cal_memo, flags = state
        self._names = itertools.count(n)
        for k, v in flags.items():
            setattr(self, k, v)
        self._shared, self._joins, self._join_memo, self._cal_memo = shared, joins, memo, cal_memo

    def _ordered_candidate(self, rel, node) -> bool:
        """Whether a pick of records over ``rel`` may compile to an ASOF join (asked before its condition is compiled:
        the condition's inner lists are then matched on the item,
        :meth:`HoistMixin._rebased`)."""
        return (self.dialect == "duckdb" and isinstance(rel, Rel)
                and isinstance(rel.value, Rec) and isinstance(rel.source, exp.Table) and not rel.joins
                and rel.where is not None and isinstance(rel.order, exp.Column)
                and rel.order.name == ROW and rel.order.table == rel.alias
                and _compares_item(node))

    def _ordered_shape(self, rel: Rel, cond: exp.Expression, key: exp.Expression, kind: str):
        """``(local, field, filters, key, value, asof_op, p)`` where the list
        is the items of ``rel.source`` whose ``field`` equals the subject's
        ``local`` (and ``filters`` hold), and ``cond`` is ``key op value``
        (an item's own key against a subject value) and ``p`` (the item's
        own test, or None); None for any other shape. A pick's ``key`` must
        be the compared one, on the side ``kind`` takes the nearest item from."""
        a = rel.alias
        match = None
        filters = []
        if rel.where is None:
            return None
        for part in _conjuncts(rel.where):
            matched = _bare(part.this)
            if (match is None and isinstance(part, exp.EQ) and isinstance(matched, exp.Column)
                    and matched.table == a and _tables_read(part.expression) <= {"s"}):
                match = part
            elif _tables_read(part) <= {a}:
                filters.append(part)
            else:
                return None
        if match is None:
            return None
        bound = None
        own = []
        for part in _conjuncts(cond):
            if bound is None and type(part) in _FLIP:
                op: type[exp.Expression] = type(part)
                left, right = _bare(part.this), _bare(part.expression)
                if _tables_read(left) != {a}:
                    left, right, op = right, left, _FLIP[op]
                if (_tables_read(left) == {a} and _tables_read(right) <= {"s"}
                        and left.sql() == key.sql() and (kind, op) in _ASOF):
                    bound = (left, right, _FLIP[op])
                    continue
            own.append(part)
        if bound is None:
            return None
        p = and_(*own) if own else None
        if p is not None:
            p = p.copy()
            if rel.missing is not None:
                # a list inside the test reached through the subject's own
                # relation is missing exactly when this list is: decided here
                # only where this list is not missing
                missing_sql = rel.missing.sql()
                for sub in list(p.find_all(type(rel.missing))):
                    if sub.sql() == missing_sql:
                        sub.replace(FALSE.copy())
            if not _tables_read(p) <= {a}:
                return None
        return _bare(match.expression), _bare(match.this).name, filters, bound[0], bound[1], bound[2], p

    def _asof_join(self, rel: Rel, shape, columns) -> tuple[str, int]:
        """The ASOF join of the subject with the list's items grouped by key
        (``columns(q, tested)``: each group's columns, read from the items as
        ``q`` with ``f``, ``k``, ``r`` and ``p``); ``(alias, layer)``."""
        local, field, filters, key, value, asof_op, p = shape
        a = rel.alias
        value = self._once(value, layer=1 + self._layer_of(value))
        layer = 1 + max(self._layer_of(value), self._layer_of(local),
                        self._layer_of(rel.missing) if rel.missing is not None else 0)

        def sub(sel: exp.Select, alias: str) -> exp.Subquery:
            return exp.Subquery(this=sel, alias=exp.TableAlias(this=exp.to_identifier(alias)))

        # the items that could meet the condition (`p` not false), each with its key
        outs = [exp.alias_(col(field, a), "f"), exp.alias_(key.copy(), "k"), exp.alias_(col(ROW, a), "r")]
        conds = [f.copy() for f in filters]
        if p is not None:
            outs.append(exp.alias_(p.copy(), "p"))
            conds.append(exp.Not(this=paren(exp.Is(this=paren(p.copy()), expression=FALSE.copy()))))
        items = exp.select(*outs).from_(rel.source.copy())
        if conds:
            items = items.where(and_(*conds))
        q1, q2, q3, g = self._alias("q"), self._alias("q"), self._alias("q"), self._alias("g")
        grouped = exp.select(col("f", q1), col("k", q1), *columns(q1, p is not None)).from_(sub(items, q1)).group_by(
            col("f", q1), col("k", q1))
        # and whether the list has an item that could meet it with no key
        keyless = exp.Window(this=exp.Max(this=case((is_null(col("k", q2)), _ONE.copy()), default=_ZERO.copy())),
                             partition_by=[col("f", q2)])
        flagged = exp.select(exp.Star(), exp.alias_(keyless, "nk")).from_(sub(grouped, q2))
        keyed = exp.select(exp.Star()).from_(sub(flagged, q3)).where(not_null(col("k", q3)))
        on = exp.And(this=exp.EQ(this=col("f", g), expression=paren(local.copy())),
                     expression=asof_op(this=paren(value.copy()), expression=col("k", g)))
        self._joins.setdefault(layer, []).append(exp.Join(this=sub(keyed, g), side="LEFT", method="ASOF", on=on))
        return g, layer

    def _ordered_pick(self, node, rel: Rel, key: exp.Expression, cond: exp.Expression) -> Rec | None:
        """The pick as an ASOF join under the subject, or None where its
        shape is not "best key on one side of a subject value" (see the
        module)."""
        shape = self._ordered_shape(rel, cond, key, node.kind)
        if shape is None:
            return None
        assert rel.where is not None  # (a shape has its list's match)
        # the same pick written twice in a rule (`.place`, `.pl_post`): one join
        memo = "asof " + node.kind + " " + same_up_to_aliases(
            exp.Tuple(expressions=[x.copy() for x in (rel.source, rel.where, key, cond)]))
        if memo in self._join_memo:
            return Rec(rel.value.table, col(self._join_memo[memo][0], "s"))

        def columns(q: str, tested: bool) -> list[exp.Expr]:
            # each key's first item in load order the test holds for, and
            # whether the test is unknown for any (one as good could be picked)
            first = col("r", q) if not tested else case((col("p", q), col("r", q)))
            out: list[exp.Expr] = [exp.alias_(exp.Min(this=first), "r0")]
            if tested:
                out.append(exp.alias_(exp.Max(this=case((is_null(col("p", q)), _ONE.copy()), default=_ZERO.copy())), "u"))
            return out

        g, layer = self._asof_join(rel, shape, columns)
        whens = [(rel.missing, NULL)] if rel.missing is not None else []
        whens.append((exp.EQ(this=col("nk", g), expression=_ONE.copy()), NULL))
        if shape[-1] is not None:
            whens.append((exp.EQ(this=col("u", g), expression=_ONE.copy()), NULL))
        result = self._once(case(*whens, default=col("r0", g)), layer=layer)
        self._join_memo[memo] = (result.name, layer)
        return Rec(rel.value.table, result)
