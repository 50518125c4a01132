"""The SQL compiler's lists: aggregates, schedules, occurrences, quantifiers, comprehensions and picks over relations."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from checker import typesys as T
from checker import workdays as cal
from checker.engine.compile_values import (
    LAYER_BELOW,
    ROW,
    Const,
    Rec,
    Rel,
    Unsupported,
    span_days,
    union_parts,
)
from checker.language import nodes as ast
from checker.language.sqlexpr import (
    FALSE,
    NULL,
    TRUE,
    and_,
    binop,
    case,
    cast,
    col,
    count_if,
    is_null,
    lit,
    not_,
    or_,
    paren,
    subquery,
)


class ListsMixin:
    """The SQL compiler's lists: aggregates, schedules, occurrences, quantifiers, comprehensions and picks over relations. (a part of :class:`compile.Compiler`)."""

    # What this part uses of the Compiler (set in Compiler.__init__ / compile_rule).
    as_at: _dt.date
    dialect: str
    _depth: int
    _scopes: list[Rel | Const | Rec | exp.Expression]  # what value() gave for each list ranged over
    _shifts: bool
    _uses_calendar: bool

    if TYPE_CHECKING:  # the Compiler's methods (compile.py, compile_dates.py)
        def scalar(self, node: ast.Node, env: dict) -> exp.Expression: ...
        def value(self, node: ast.Node, env: dict) -> Any: ...
        def _alias(self, stem: str = "t") -> str: ...
        def _once(self, e: exp.Expression, layer: int | None = None) -> exp.Expression: ...
        def _widen(self, days: int) -> None: ...
        def _within(self, a, b, amount: int, unit: str, direction: str) -> exp.Expression: ...
        def _hoisted(self, e: exp.Expression) -> exp.Expression: ...
        def _outer_only(self, e: exp.Expression) -> bool: ...
        def _layer_of(self, e: exp.Expression) -> int: ...
        _joins: dict[int, list[exp.Join]]
        def _ordered_candidate(self, rel, node) -> bool: ...
        def _ordered_attempt(self, node, inner: dict, rel: Rel) -> Any: ...

    def _aggregate(self, node, rel):
        return self._hoisted(self._aggregate_of(node, rel))

    def _aggregate_of(self, node, rel):
        if isinstance(node.args[0], ast.ListExpr) and node.args[0].items and isinstance(rel, Rel):
            return self._aggregate_literal(node, rel)
        if not isinstance(rel, Rel):
            raise Unsupported(node, "a list function on this list")
        name = node.name
        if name == "count" and rel.undecided is not None and self.dialect == "duckdb":
            return self._count_undecided(rel)
        q = self._alias("q")
        if name == "count":
            inner = self._rel_select(rel, [exp.Literal.number(1).as_("v")])
            agg = exp.Count(this=exp.Star())
        else:
            if isinstance(rel.value, Rec):
                raise Unsupported(node, "a list function on records")
            inner = self._rel_select(rel, [exp.alias_(rel.value, "v")])
            v = col("v", q)
            complete = exp.EQ(this=exp.Count(this=exp.Star()), expression=exp.Count(this=v))
            if name == "sum":
                total_of: exp.Expression = exp.Sum(this=v)
                if node.type == T.INTEGER:
                    # SUM of BIGINT is HUGEINT in DuckDB and NUMERIC in PostgreSQL, which
                    # functions taking an integer (substr, part) refuse: keep the language's type
                    total_of = cast(total_of, "BIGINT")
                total = exp.Coalesce(this=total_of, expressions=[exp.Literal.number(0)])
                agg = case((complete, total), default=NULL)
            else:
                fn = exp.Min if name in ("earliest", "min") else exp.Max
                agg = case((complete, fn(this=v)), default=NULL)
        result = subquery(exp.select(agg).from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier(q)))))
        if rel.missing is not None:
            return case((rel.missing, NULL), default=result)
        return result

    def _count_undecided(self, rel: Rel) -> exp.Expression:
        """``count([x for x in items where cond])`` in one pass over the items
        (not one to ask whether any item's ``cond`` is unknown and another to
        count those where it holds, each with the items' own lookups): missing
        when any item's ``cond`` is unknown, else how many hold."""
        assert rel.undecided is not None  # the caller asked for this shape
        where, cond = rel.undecided
        q = self._alias("q")
        c = col("c", q)
        items = Rel(rel.item, rel.source, rel.alias, where, rel.value, rel.order, None, rel.joins)
        inner = self._rel_select(items, [exp.alias_(cond, "c")])
        self._only_possible(inner, cond)  # an item whose cond is false counts for nothing either way
        agg = case((exp.GT(this=count_if(is_null(c)), expression=exp.Literal.number(0)), NULL), default=count_if(c))
        return subquery(exp.select(agg).from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier(q)))))

    def _on_schedule(self, node, env):
        """``on_schedule(dates, start, until, intervals)`` as one correlated
        subquery over the distinct event dates in the period, each with its
        index and the event before it (window functions), following
        ``functions.schedule_check`` step by step: every gap within its
        interval (the last interval repeats), and the end of the period within
        the interval after the last event."""
        dates = self.value(node.args[0], env)
        start = self._once(self.scalar(node.args[1], env))
        until = self.scalar(node.args[2], env)
        intervals = self.value(node.args[3], env)
        if isinstance(intervals, Rel) and isinstance(node.args[3], ast.ListExpr) and not node.args[3].items:
            return NULL  # no intervals: the reference gives missing
        if not isinstance(intervals, Const) or not isinstance(dates, Rel) or isinstance(dates.value, Rec):
            raise Unsupported(node, "on_schedule with these arguments")
        steps = [(amount, cal._unit(unit)) for amount, unit in intervals.value]
        if not steps:
            return NULL
        end = self._once(case((is_null(until), NULL), default=exp.Least(this=until, expressions=[lit(self.as_at)])))
        for amount, unit in steps:
            self._widen(span_days(amount, unit))

        def step(i: exp.Expression, a: exp.Expression, b: exp.Expression) -> exp.Expression:
            """within(a, b, the i-th interval, after)."""
            whens = [(exp.EQ(this=paren(i), expression=exp.Literal.number(n)), self._within(a, b, amount, unit, "after"))
                     for n, (amount, unit) in enumerate(steps[:-1])]
            last = self._within(a, b, steps[-1][0], steps[-1][1], "after")
            return case(*whens, default=last) if whens else last

        walk = self._schedule_joined(dates, start, end, step)
        if walk is None:
            walk = self._schedule_correlated(dates, start, end, step)
        self._depth += 1
        try:
            has_null = exp.Exists(this=self._rel_select(dates, [exp.Literal.number(1)]).where(is_null(dates.value)))
        finally:
            self._depth -= 1
        whens = [(or_(is_null(start), is_null(end)), NULL)]
        if dates.missing is not None:
            whens.append((dates.missing, NULL))
        whens += [(has_null, NULL), (exp.GT(this=paren(start), expression=paren(end)), TRUE)]
        self._uses_calendar = self._uses_calendar or any(u == "working days" for _, u in steps)
        self._shifts = True
        return case(*whens, default=walk)

    def _schedule_joined(self, dates: Rel, start, end, step) -> exp.Expression | None:
        """The walk with no correlated subquery: the subject's rows (the
        layer below, filled in by ``compile_rule``) joined to the list's
        items in the period, each event numbered and given the one before it
        by window functions per subject row, each step judged, then counted
        per subject row and LEFT JOINed under the subject as a layer of its
        own; the end of the period is judged on those counts a layer up.
        Every engine resolves this (Spark cannot resolve the subject inside
        the correlated walk's select lists and aggregates). None where the
        list reads more than the subject (an enclosing list's item)."""
        if dates.joins:
            return None
        q, w, j, g = self._alias("q"), self._alias("q"), self._alias("q"), self._alias("g")
        below = exp.Table(this=exp.to_identifier(LAYER_BELOW), alias=exp.TableAlias(this=exp.to_identifier("s")))
        value = dates.value.copy()
        in_period = and_(exp.GTE(this=paren(value), expression=paren(start.copy())),
                         exp.LTE(this=paren(value.copy()), expression=paren(end.copy())))
        events = (exp.select(exp.alias_(col(ROW, "s"), "r"), exp.alias_(value.copy(), "e"), exp.alias_(start.copy(), "st"))
                  .distinct().from_(below).join(dates.source.copy(), join_type="CROSS")
                  .where(and_(dates.where.copy(), in_period) if dates.where is not None else in_period))
        if not self._outer_only(events):
            return None
        layer = 1 + self._layer_of(events)

        def window(fn: exp.Expression) -> exp.Expression:
            return exp.Window(this=fn, partition_by=[col("r", q)],
                              order=exp.Order(expressions=[exp.Ordered(this=col("e", q))]))

        self._depth += 1  # the steps' calendar lookups stay on the event rows
        try:
            numbered = exp.select(
                col("r", q), col("e", q),
                exp.alias_(exp.Sub(this=window(exp.RowNumber()), expression=exp.Literal.number(1)), "i"),
                exp.alias_(exp.Coalesce(this=window(exp.Lag(this=col("e", q))), expressions=[col("st", q)]), "prev"),
            ).from_(exp.Subquery(this=events, alias=exp.TableAlias(this=exp.to_identifier(q))))
            # each step judged a level below its count (no subquery inside an aggregate)
            judged = exp.select(col("r", w), col("e", w), exp.alias_(step(col("i", w), col("prev", w), col("e", w)), "ok")).from_(
                exp.Subquery(this=numbered, alias=exp.TableAlias(this=exp.to_identifier(w))))
        finally:
            self._depth -= 1
        totals = exp.select(
            col("r", j),
            exp.alias_(exp.Count(this=case((not_(col("ok", j)), exp.Literal.number(1)))), "misses"),
            exp.alias_(exp.Count(this=exp.Star()), "k"),
            exp.alias_(exp.Max(this=col("e", j)), "last"),
        ).from_(exp.Subquery(this=judged, alias=exp.TableAlias(this=exp.to_identifier(j)))).group_by(col("r", j))
        self._joins.setdefault(layer, []).append(exp.Join(
            this=exp.Subquery(this=totals, alias=exp.TableAlias(this=exp.to_identifier(g))), side="LEFT",
            on=exp.EQ(this=col("r", g), expression=col(ROW, "s"))))
        zero = exp.Literal.number(0)
        misses = self._once(exp.Coalesce(this=col("misses", g), expressions=[zero]), layer=layer)
        k = self._once(exp.Coalesce(this=col("k", g), expressions=[zero.copy()]), layer=layer)
        last = self._once(exp.Coalesce(this=col("last", g), expressions=[start.copy()]), layer=layer)
        # the end of the period after the last event (or the start)
        return case((exp.GT(this=misses, expression=zero.copy()), FALSE), default=step(k, last, end))

    def _schedule_correlated(self, dates: Rel, start, end, step) -> exp.Expression:
        """The walk as one subquery correlated with the subject (for a
        schedule over a list that reads an enclosing list's item, which
        :meth:`_schedule_joined` cannot take). Spark cannot resolve it."""
        self._depth += 1
        try:
            q, w = self._alias("q"), self._alias("q")
            in_period = and_(exp.GTE(this=paren(dates.value), expression=paren(start)), exp.LTE(this=paren(dates.value), expression=paren(end)))
            events = self._rel_select(dates, [exp.alias_(dates.value, "e")]).distinct().where(in_period)
            # each event with the number of events before it and the latest of
            # them (a self-join: a record has a handful of events; window
            # functions here trip a DuckDB binder error with calendar lookups)
            p = self._alias("q")
            numbered = (
                exp.select(col("e", q), exp.alias_(exp.Count(this=col("e", p)), "i"),
                           exp.alias_(exp.Coalesce(this=exp.Max(this=col("e", p)), expressions=[start]), "prev"))
                .from_(exp.Subquery(this=events, alias=exp.TableAlias(this=exp.to_identifier(q))))
                .join(exp.Subquery(this=events.copy(), alias=exp.TableAlias(this=exp.to_identifier(p))), join_type="LEFT",
                      on=exp.LT(this=col("e", p), expression=col("e", q)))
                .group_by(col("e", q))
            )
            ok = step(col("i", w), col("prev", w), col("e", w))
            t = self._alias("q")
            steps_from = exp.Subquery(this=numbered, alias=exp.TableAlias(this=exp.to_identifier(w)))
            if self.dialect == "tsql":
                # SQL Server takes no subquery (a calendar lookup) inside an
                # aggregate: each step judged a level down, counted here
                judged = exp.select(col("e", w), exp.alias_(ok, "ok")).from_(steps_from)
                steps_from = exp.Subquery(this=judged, alias=exp.TableAlias(this=exp.to_identifier(w)))
                ok = col("ok", w)
            totals = exp.select(
                exp.alias_(exp.Count(this=case((not_(ok), exp.Literal.number(1)))), "misses"),
                exp.alias_(exp.Count(this=exp.Star()), "k"),
                exp.alias_(exp.Max(this=col("e", w)), "last"),
            ).from_(steps_from)
            # the end of the period, judged on the totals in a level of its own
            # (a calendar lookup on an aggregate trips DuckDB's binder)
            tail = step(col("k", t), exp.Coalesce(this=col("last", t), expressions=[start]), end)
            walk = subquery(exp.select(case((exp.GT(this=col("misses", t), expression=exp.Literal.number(0)), FALSE), default=tail)).from_(
                exp.Subquery(this=totals, alias=exp.TableAlias(this=exp.to_identifier(t)))))
        finally:
            self._depth -= 1
        return walk

    def _occurrences(self, node, env):
        """How many items equal the value. The equality is a WHERE condition,
        not inside the aggregate, so the database joins on it: a count per
        record over a whole return's children is then linear, not quadratic.
        Missing when the value, the list or any item is."""
        value = self._once(self.scalar(node.args[0], env))
        rel = self.value(node.args[1], env)
        if not isinstance(rel, Rel) or isinstance(rel.value, Rec):
            raise Unsupported(node, "occurrences over this list")
        counted = subquery(self._rel_select(rel, [exp.Count(this=exp.Star())]).where(
            exp.EQ(this=paren(rel.value), expression=paren(value))))
        has_null = exp.Exists(this=self._rel_select(rel, [exp.Literal.number(1)]).where(is_null(rel.value)))
        whens = [(is_null(value), NULL)] + ([(rel.missing, NULL)] if rel.missing is not None else []) + [(has_null, NULL)]
        return self._hoisted(case(*whens, default=counted))

    def _distinct(self, node, rel):
        """The list without repeats, in first-seen order: grouped by value,
        each ordered by its first position; missing if any item is."""
        if not isinstance(rel, Rel) or isinstance(rel.value, Rec):
            raise Unsupported(node, "distinct over this list")
        a = self._alias("l")
        grouped = (self._rel_select(rel, [exp.alias_(rel.value, "v"), exp.alias_(exp.Min(this=rel.order), "o")])
                   .group_by(rel.value))
        source = exp.Subquery(this=grouped, alias=exp.TableAlias(this=exp.to_identifier(a)))
        undecided = exp.Exists(this=self._rel_select(rel, [exp.Literal.number(1)]).where(is_null(rel.value)))
        missing = or_(rel.missing, undecided) if rel.missing is not None else undecided
        return Rel(node.type.item, source, a, None, col("v", a), col("o", a), missing)

    def _aggregate_literal(self, node, rel: Rel):
        """A list function over a list written out (``min([a, b])``): plain
        scalar SQL, no subquery."""
        sel = rel.source.this  # the UNION of one-row SELECTs built by _values_rel
        items = [one.expressions[0].this for one in union_parts(sel)]
        items = [self._once(i) for i in items]
        name = node.name
        if name == "count":
            return exp.Literal.number(len(items))
        any_null = or_(*[is_null(i) for i in items])
        if name == "sum":
            total = items[0]
            for i in items[1:]:
                total = binop(exp.Add, total, i)
            return total
        fn = exp.Least if name in ("earliest", "min") else exp.Greatest
        return case((any_null, NULL), default=fn(this=items[0], expressions=items[1:]))

    def _rel_select(self, rel: Rel, selects: list) -> exp.Select:
        # built in place (copy=False): the select is new; the parts it shares
        # with other selects of the same list (source, where) are not changed,
        # and the whole query is copied once before the generator runs
        sel = exp.select(*selects, copy=False).from_(rel.source, copy=False)
        for join in rel.joins:
            sel = sel.join(join.copy(), copy=False)
        if rel.where is not None:
            sel = sel.where(rel.where, copy=False)
        return sel

    # --- collections ------------------------------------------------------------------
    def _bind(self, rel: Rel, var: str, env: dict) -> dict:
        inner = dict(env)
        inner[var] = rel.value
        return inner

    def _c_Quantifier(self, node, env):
        rel = self.value(node.source, env)  # at the outer level: its joins can be shared
        self._depth += 1
        self._scopes.append(rel)
        try:
            found = self._quantifier(node, env, rel)
        finally:
            self._depth -= 1
            self._scopes.pop()
        return self._hoisted(found)

    def item_count(self, node, env) -> exp.Expression:
        """How many items a quantifier's list has (for its reason, ``reasons_sql``)."""
        rel = self.value(node.source, env)
        if not isinstance(rel, Rel):
            raise Unsupported(node, "a quantifier over this list")
        return subquery(self._rel_select(rel, [exp.Count(this=exp.Star())]))

    def _quantifier(self, node, env, rel):
        if not isinstance(rel, Rel):
            raise Unsupported(node, "a quantifier over this list")
        inner = self._bind(rel, node.var, env)
        cond = self.scalar(node.condition, inner) if node.condition is not None else None
        q = self._alias("q")
        c = col("c", q)
        if node.kind == "every":
            pred = self.scalar(node.predicate, inner)
            x = pred if cond is None else exp.Or(this=not_(cond), expression=paren(pred))
            agg = case((exp.GT(this=count_if(not_(c)), expression=exp.Literal.number(0)), FALSE),
                       (exp.GT(this=count_if(is_null(c)), expression=exp.Literal.number(0)), NULL), default=TRUE)
        else:
            x = cond if cond is not None else TRUE
            found = case((exp.GT(this=count_if(c), expression=exp.Literal.number(0)), TRUE),
                         (exp.GT(this=count_if(is_null(c)), expression=exp.Literal.number(0)), NULL), default=FALSE)
            agg = found if node.kind == "some" else not_(found)
        inner_sel = self._rel_select(rel, [exp.alias_(x, "c")])
        # the items whose condition is false count for nothing either way
        self._only_possible(inner_sel, (x if node.kind != "every" else cond) if node.condition is not None else None)
        result = subquery(exp.select(agg).from_(exp.Subquery(this=inner_sel, alias=exp.TableAlias(this=exp.to_identifier(q)))))
        if rel.missing is not None:
            return case((rel.missing, NULL), default=result)
        return result

    def _c_Comprehension(self, node, env):
        rel = self.value(node.source, env)  # at the outer level: its joins can be shared
        self._depth += 1
        self._scopes.append(rel)
        try:
            return self._comprehension(node, env, rel)
        finally:
            self._depth -= 1
            self._scopes.pop()

    def _comprehension(self, node, env, rel):
        if not isinstance(rel, Rel):
            raise Unsupported(node, "a comprehension over this list")
        inner = self._bind(rel, node.var, env)
        element = self.value(node.element, inner)
        if isinstance(element, (Rel, Const)):
            raise Unsupported(node, "a comprehension of lists")
        if node.condition is None:
            return Rel(node.type.item, rel.source, rel.alias, rel.where, element, rel.order, rel.missing, rel.joins)
        cond = self.scalar(node.condition, inner)
        undecided = exp.Exists(this=self._rel_select(rel, [exp.Literal.number(1)]).where(is_null(cond)))
        missing = or_(rel.missing, undecided) if rel.missing is not None else undecided
        return Rel(node.type.item, rel.source, rel.alias, and_(rel.where, cond), element, rel.order, missing, rel.joins,
                   (rel.where, cond) if rel.missing is None else None)

    def _c_Pick(self, node, env):
        rel = self.value(node.source, env)  # at the outer level: its joins can be shared
        self._depth += 1
        self._scopes.append(rel)
        try:
            found = self._pick(node, env, rel)
        finally:
            self._depth -= 1
            self._scopes.pop()
        if isinstance(found, Rec):
            return Rec(found.table, self._hoisted(found.rowid))
        return self._hoisted(found)

    def _pick(self, node, env, rel):
        """Two correlated subqueries over the items: an aggregate that says
        whether the pick is decided, and the pick itself (best key, then
        source order). Undecided - missing - when an item that could be
        picked has no key, when nothing meets the condition, or when an item
        whose condition is unknown has a key at least as good as the best
        known one (it could have been picked)."""
        enclosing = self._scopes[-2] if len(self._scopes) > 1 else None
        if enclosing is not None and not isinstance(enclosing, Rel):
            raise Unsupported(node, "first/last inside a quantifier or comprehension")
        inner = self._bind(rel, node.var, env)
        if node.condition is not None and self._ordered_candidate(rel, node):
            found = self._ordered_attempt(node, inner, rel)
            if found is not None:
                return found
        key = self.scalar(node.key, inner)
        cond = self.scalar(node.condition, inner) if node.condition is not None else TRUE
        is_rec = isinstance(rel.value, Rec)
        item = rel.value.rowid if is_rec else rel.value
        best_of, better = (exp.Min, exp.LTE) if node.kind == "first" else (exp.Max, exp.GTE)
        q = self._alias("q")
        c, k = col("c", q), col("k", q)
        possible = or_(c, is_null(c))
        # A constant key (`by 1`) ties every item: order by source order alone
        # (an integer literal in ORDER BY would name an output column).
        constant = not any(True for _ in key.find_all(exp.Column))
        if self.dialect == "duckdb":
            return self._pick_one(node, rel, enclosing, cond, key, item, is_rec, constant)
        items = self._rel_select(rel, [exp.alias_(cond, "c"), exp.alias_(key, "k")])
        decided = case(
            (exp.GT(this=count_if(and_(possible, is_null(k))), expression=exp.Literal.number(0)), FALSE),
            (exp.EQ(this=count_if(c), expression=exp.Literal.number(0)), FALSE),
            (better(this=best_of(this=case((is_null(c), k))), expression=best_of(this=case((c, k)))), FALSE),
            default=TRUE,
        )
        check_sel = exp.select(exp.alias_(decided, "ok", copy=False), copy=False).from_(
            exp.Subquery(this=items, alias=exp.TableAlias(this=exp.to_identifier(q))), copy=False)
        check = subquery(check_sel)
        ordered = ([] if constant else [exp.Ordered(this=paren(key), desc=node.kind == "last")]) + [exp.Ordered(this=paren(rel.order))]
        pick_sel = self._rel_select(rel, [exp.alias_(item, "v")]).where(paren(cond), copy=False).order_by(*ordered, copy=False).limit(1, copy=False)
        pick = subquery(pick_sel)
        if enclosing is not None and not (self._outer_only(pick_sel) and self._outer_only(check_sel)):
            # A pick per item of another list ("the allocation before this
            # one"): LATERAL joins on that list's items, one row each, rather
            # than subqueries nested three deep (which DuckDB runs in time
            # quadratic in the items).
            pk, pc = self._alias("pk"), self._alias("pc")
            if self.dialect == "spark":
                # Spark refuses a LIMIT in a lateral subquery when the outer
                # side has many rows (NON_DETERMINISTIC_LATERAL_SUBQUERIES),
                # though the order here is total: the same pick as an
                # aggregate, the item with the least (key, source order), or
                # for `last` the greatest key and then the least source order
                # (items meeting the condition with no key leave the pick
                # undecided, so a null key never decides it)
                order = paren(rel.order)
                if constant:
                    pick_v = exp.ArgMin(this=item.copy(), expression=order)
                elif node.kind == "first":
                    pick_v = exp.ArgMin(this=item.copy(), expression=exp.Struct(expressions=[paren(key.copy()), order]))
                else:
                    pick_v = exp.ArgMax(this=item.copy(), expression=exp.Struct(
                        expressions=[paren(key.copy()), exp.Neg(this=order)]))
                pick_sel = self._rel_select(rel, [exp.alias_(pick_v, "v")]).where(paren(cond.copy()), copy=False)
            for sel, alias in ((pick_sel, pk), (check_sel, pc)):
                if self.dialect == "tsql":  # LATERAL is OUTER APPLY there
                    enclosing.joins.append(exp.Join(this=exp.Lateral(
                        this=exp.Subquery(this=sel), alias=exp.TableAlias(this=exp.to_identifier(alias)), cross_apply=False)))
                    continue
                enclosing.joins.append(exp.Join(
                    this=exp.Lateral(this=exp.Subquery(this=sel), alias=exp.TableAlias(this=exp.to_identifier(alias))),
                    side="LEFT", on=TRUE.copy()))
            pick, check = col("v", pk), col("ok", pc)
        whens = [(rel.missing, NULL)] if rel.missing is not None else []
        result = case(*whens, (check, pick), default=NULL)
        if is_rec:
            return Rec(rel.value.table, result)
        return result

    def _pick_one(self, node, rel, enclosing, cond, key, item, is_rec, constant):
        """DuckDB: the pick and whether it is decided (as :meth:`_pick`) in one
        aggregate over the items that may meet the condition: the best key's
        item by ``arg_max``/``arg_min`` (ties by source order), NULL where
        undecided. One pass over the items instead of an aggregate and a
        sorted LIMIT 1 (a window over every pair of items)."""
        q = self._alias("q")
        c, k, v, o = col("c", q), col("k", q), col("v", q), col("o", q)
        items = self._rel_select(rel, [exp.alias_(cond, "c"), exp.alias_(key, "k"), exp.alias_(item, "v"),
                                       exp.alias_(rel.order, "o")])
        self._only_possible(items, cond)
        possible = or_(c, is_null(c))
        best_of, better = (exp.Min, exp.LTE) if node.kind == "first" else (exp.Max, exp.GTE)
        if constant:
            fn, by = "arg_min", o
        elif node.kind == "first":
            fn, by = "arg_min", exp.Tuple(expressions=[k.copy(), o])
        else:
            fn, by = "arg_max", exp.Tuple(expressions=[k.copy(), exp.Neg(this=o)])
        best = exp.Filter(this=exp.Anonymous(this=fn, expressions=[v, by]), expression=exp.Where(this=c.copy()))
        picked = case(
            (exp.GT(this=count_if(and_(possible, is_null(k))), expression=exp.Literal.number(0)), NULL),
            (exp.EQ(this=count_if(c), expression=exp.Literal.number(0)), NULL),
            (better(this=best_of(this=case((is_null(c), k))), expression=best_of(this=case((c, k)))), NULL),
            default=best,
        )
        sel = exp.select(exp.alias_(picked, "v", copy=False), copy=False).from_(
            exp.Subquery(this=items, alias=exp.TableAlias(this=exp.to_identifier(q))), copy=False)
        found: exp.Expression = subquery(sel)
        if enclosing is not None and not self._outer_only(sel):
            # a pick per item of another list: a LATERAL join on its items (see _pick)
            pk = self._alias("pk")
            enclosing.joins.append(exp.Join(
                this=exp.Lateral(this=exp.Subquery(this=sel), alias=exp.TableAlias(this=exp.to_identifier(pk))),
                side="LEFT", on=TRUE.copy()))
            found = col("v", pk)
        result = case((rel.missing, NULL), default=found) if rel.missing is not None else found
        if is_rec:
            return Rec(rel.value.table, result)
        return result

    def _only_possible(self, sel: exp.Select, cond: exp.Expression | None) -> None:
        """DuckDB: leave out of a quantifier's or pick's items those whose
        condition is certainly false (one of its AND-ed parts is false),
        which change nothing of the result: ``coalesce(part, true)`` for each
        part without a subquery, which DuckDB filters at the scan where the
        part reads the items alone (an IRO's visits among a child's visits)."""
        if cond is None or self.dialect != "duckdb":
            return
        parts, todo = [], [cond]
        while todo:
            e = todo.pop()
            while isinstance(e, exp.Paren):
                e = e.this
            if isinstance(e, exp.And):
                todo += [e.expression, e.this]
            elif not e.find(exp.Subquery, exp.Exists) and any(True for _ in e.find_all(exp.Column)):
                parts.append(exp.Coalesce(this=paren(e.copy()), expressions=[TRUE.copy()]))
        if parts:
            sel.where(and_(*parts), copy=False)
