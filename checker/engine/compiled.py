"""A rule compiled: its query, the columns it gives, and the query's text in
each dialect (``CompiledRule.sql``), or without its reason columns for a
table report (``CompiledRule.lean_sql``, which also prunes the layers only a
reason reads). Made by :class:`checker.engine.compile.Compiler`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlglot import exp

from checker.packs.pack import Rule

__all__ = ["CompiledRule"]

T = TypeVar("T")


@dataclass
class CompiledRule:
    """One rule as one query. ``columns`` names the query's columns:
    ``_row``, ``outcome``, then one per compiled template hole, named
    ``r_<status>_<i>``. ``holes`` maps status -> hole index -> column (holes
    the compiler could not compile are judged by the reference engine)."""

    rule: Rule
    query: exp.Select
    columns: list[str]
    holes: dict[str, dict[int, str]] = field(default_factory=dict)
    #: Calendar safety margin in days: every date the rule reads (data,
    #: literals, as_at) must be at least this far inside the calendar's range
    #: for no working-day lookup or date shift to leave it (the SQL engine
    #: checks before running; outside it the reference engine judges).
    span_days: int = 0
    #: how far forward / back a shift or window can move a date (each at most
    #: ``span_days``): a date near the top of the range is safe for a rule
    #: that only moves dates back (``birth_date - 280 days``)
    span_forward: int = 0
    span_back: int = 0
    #: outcome -> the column holding its reason from the trace, worded in SQL
    traced: dict[str, str] = field(default_factory=dict)
    uses_calendar: bool = False
    shifts_dates: bool = False
    #: a function made dates from other values (``date(y, m, d)``): the dates
    #: the rule reaches are not only its data's and literals
    makes_dates: bool = False

    def sql(self, dialect: str = "duckdb", pretty_print: bool = False, tsql_version: int | None = None) -> str:
        if dialect == "tsql":
            # SQL Server has no boolean type: predicates only where it takes them
            from checker.engine import tsql

            return tsql.lower(self.query, tsql_version or tsql.DEFAULT_VERSION).sql(dialect=dialect, pretty=pretty_print)
        # DuckDB's generator leaves the tree as it was (every rule of every
        # built-in pack generates the same text twice without the copy; the
        # copy was 60% of generating): the others' may rewrite it
        return self.query.sql(dialect=dialect, pretty=pretty_print, copy=dialect != "duckdb")

    def unordered_sql(self, dialect: str = "duckdb") -> str:
        """The whole query without its ORDER BY: for rows kept where each
        reader orders what it reads (a sort of every record saved)."""
        order = self.query.args.get("order")
        self.query.set("order", None)
        try:
            return self.sql(dialect)
        finally:
            self.query.set("order", order)

    def lean_sql(self, keep: tuple[str, ...], dialect: str = "duckdb") -> str:
        """The query with only the columns ``keep`` (a record's position and
        outcome), in no order: no reason is worded, and the database plans and
        runs none of the subqueries only a reason reads (a table report lists
        no case)."""
        if dialect == "tsql":
            return f"SELECT {', '.join(keep)} FROM ({self.sql(dialect)}) AS lean"
        return self.leaned(keep, lambda q: q.sql(dialect=dialect, copy=dialect != "duckdb"))

    def leaned(self, keep: tuple[str, ...], f: Callable[[exp.Select], T]) -> T:
        """``f`` of the query as :meth:`lean_sql` makes it (the tree pruned in
        place for the call, and put back after)."""
        q = self.query
        if any(isinstance(e, exp.Star) for e in q.expressions):  # reasons worded a level up
            q = q.args["from_"].this.this
        saved = list(q.expressions)
        q.set("expressions", [e for e in saved if e.alias_or_name in keep])
        # unordered: the rows are kept in a table and counted, and whatever
        # reads them in order asks for it (ORDER BY _row); sorting every
        # record of every rule's table was 7% of judging a 903 return
        order = q.args.get("order")
        q.set("order", None)
        undo = _prune_layers(q)
        try:
            return f(q)
        finally:
            for node, key, value in reversed(undo):
                node.set(key, value)
            q.set("expressions", saved)
            q.set("order", order)


def _prune_layers(top: exp.Select) -> list[tuple[exp.Expression, str, list]]:
    """Leave out of the subject's layers (``SELECT s.*, ... FROM (...) AS s``)
    the columns nothing above reads, and the LEFT JOINs (each at most one
    row: on a ``_row``, a key or a grouped subquery) that only those read:
    a reason's trace (the visit a pick found) is not computed for a table
    report. DuckDB prunes neither a column behind a join on it nor the
    correlated subquery behind it. Returns what to set back, in order."""
    undo: list[tuple[exp.Expression, str, list]] = []
    sel, star = top, False
    wanted: set[str] = set()
    while True:
        frm = sel.args.get("from_")
        src = frm.this if frm is not None else None
        if sel is not top:
            exprs = list(sel.expressions)
            kept = [e for e in exprs if (isinstance(e, exp.Column) and isinstance(e.this, exp.Star))
                    or e.alias_or_name in wanted]
            joins = list(sel.args.get("joins") or [])
            where = sel.args.get("where")
            while True:  # a join read only by a join left out goes too
                others = [*kept, *([where] if where is not None else [])]
                left = [j for j in joins if j.side != "LEFT" or _read(j, others, joins)]
                if len(left) == len(joins):
                    break
                joins = left
            if len(kept) != len(exprs):
                undo.append((sel, "expressions", exprs))
                sel.set("expressions", kept)
            if len(joins) != len(sel.args.get("joins") or []):
                undo.append((sel, "joins", list(sel.args.get("joins") or [])))
                sel.set("joins", joins or None)
            star = any(isinstance(e, exp.Column) and isinstance(e.this, exp.Star) for e in kept)
        if not (isinstance(src, exp.Subquery) and src.alias == "s" and isinstance(src.this, exp.Select)):
            return undo
        # what this select reads of the one below it (its own columns, and through s.* what is wanted of it)
        refs = {c.name for c in sel.walk(prune=_is(src)) if isinstance(c, exp.Column) and c.table == "s"}
        wanted = refs | (wanted if star else set())
        sel = src.this


def _read(j: exp.Join, others: list[exp.Expression], joins: list[exp.Join]) -> bool:
    """Whether a column of join ``j`` is read by ``others`` (the kept columns and the WHERE) or another join."""
    return any(c.table == j.alias_or_name for o in [*others, *(o for o in joins if o is not j)] for c in o.find_all(exp.Column))


def _is(node: exp.Expression):
    """A walk's ``prune``: stop at ``node`` (the layer below is read through its own columns)."""
    return lambda n: n is node
