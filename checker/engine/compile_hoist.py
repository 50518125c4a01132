"""The SQL compiler's decorrelation: what reads only the subject record,
written inside a quantifier, pick or comprehension, computed once per subject
record under it; and, for Spark, a list inside the same list matched on the
enclosing item. (A part of :class:`compile.Compiler`.)

A subquery correlated with the subject two or three levels out (a relation of
the subject looked up again per item of every list it sits in) is what DuckDB
plans in time quadratic in the table and what Spark cannot resolve at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from checker.engine.compile_values import Rel
from checker.language.sqlexpr import col, paren
from checker.schema import Link


class HoistMixin:
    """Decorrelation for :class:`compile.Compiler`."""

    # What this part uses of the Compiler (set in Compiler.__init__ / compile_rule).
    _depth: int
    _scopes: list
    dialect: str

    if TYPE_CHECKING:  # the Compiler's methods (compile.py)
        def _once(self, e: exp.Expression, layer: int | None = None) -> exp.Expression: ...
        def _layer_of(self, e: exp.Expression) -> int: ...

    def _outer_only(self, e: exp.Expression) -> bool:
        """Whether ``e`` reads nothing of the lists being ranged over: only
        the subject's row (``s``, with what is joined under it) and the FROM
        items ``e`` itself defines. Such an expression has one value per
        subject record wherever it is written."""
        defined = {"s"} | {t.alias_or_name for t in e.find_all(exp.Table)}
        defined |= {q.alias for q in e.find_all(exp.Subquery, exp.Lateral) if q.alias}
        return all(c.table in defined for c in e.find_all(exp.Column))

    def _hoisted(self, e: exp.Expression) -> exp.Expression:
        """A subquery inside a quantifier, pick or comprehension that reads
        only the subject record (``count(child.episodes)`` in the condition
        of a pick over another list): computed once per subject record, as
        a column under it, instead of once per item of every list it sits
        in (a correlated subquery two or three levels deep, which DuckDB
        plans in time quadratic in the table, and Spark cannot resolve)."""
        if self._depth == 0 or not e.find(exp.Subquery) or not self._outer_only(e):
            return e
        return self._once(e, layer=1 + self._layer_of(e))

    def _rebased(self, link: Link, local: exp.Expression, a: str, match: exp.Expression) -> exp.Expression:
        """The same relation as a list being ranged over (``p in case_allocations``
        inside ``a in case_allocations``) matched on that list's item
        (``p.child_id = a.child_id``) rather than on the subject two
        subqueries out, which Spark cannot resolve. Each item of the
        enclosing list has the value its own match requires, so the items
        are the same."""
        want = self._link_match(col(link.remote_field, "{}"), paren(local)).sql()
        for scope in reversed(self._scopes):
            if not isinstance(scope, Rel) or scope.where is None or not isinstance(scope.source, exp.Table):
                continue
            if scope.source.name != link.target:
                continue
            conjuncts = scope.where.flatten() if isinstance(scope.where, exp.And) else [scope.where]
            if any(c.sql() == want.replace("{}", scope.alias) for c in conjuncts):
                return self._link_match(col(link.remote_field, a), col(link.remote_field, scope.alias))
        return match

    def _link_match(self, remote: exp.Column, local: exp.Expression) -> exp.Expression:
        """A list's items matched on the record that holds them
        (``t.child_id = (s.child_id)``); for Spark
        ``COALESCE(t.child_id, t.child_id) = (s.child_id)``, the same test.
        Spark decorrelates a subquery whose select list or other conditions
        also read the subject (``t.date < s.date``) by joining the items to a
        "domain": the distinct outer values those read. A bare column equal
        to an outer value is pulled out of that domain (it becomes the join
        back to the subject), so the domain was every referral's (date, id)
        joined to every item of the table with no key: quadratic in the
        table, hours at 30,000 children. With the item's side not a bare
        column the match is one of the subquery's correlated conditions, the
        domain holds the matched value too, and its join to the items is an
        equi-join on it (per child), which Spark hashes."""
        if self.dialect != "spark":
            return exp.EQ(this=remote, expression=local)
        return exp.EQ(this=exp.Coalesce(this=remote, expressions=[remote.copy()]), expression=local)
