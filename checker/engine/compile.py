"""Compile type-checked rules to SQL, set-at-a-time.

Each rule becomes one query over the schema's tables: one row per subject
record, in load order, with the record's ``_row``, its ``outcome`` and the
values of the rule's reason-template holes. The query is built as a sqlglot
expression tree from the checked AST, never by pasting rule text, so a field
name, string literal or code that looks like SQL stays data; sqlglot renders
the tree in the target dialect (duckdb, postgres, tsql, spark).

The reference evaluator (``evaluate.py``) is the specification; this module
must give the same value for every expression on every record. How each
construct maps:

* Missing values are SQL NULL. SQL's AND/OR/NOT are Kleene logic already.
  Comparisons, arithmetic and functions are NULL when an operand is;
  ``between`` and ``within`` test their operands explicitly (SQL's BETWEEN
  can be false with a NULL bound). No compiled query can raise an error, so
  SQL may evaluate what the reference skips.
* A record is its ``_row`` (NULL when missing): a field of it is a scalar
  subquery on ``_row``; a relation to one record is the smallest ``_row``
  with the matching value (the reference takes the first in load order).
* A list is a *relation*: a table or subquery with a filter, the item value
  and an order column, plus the condition under which the list itself is
  missing (a comprehension with an undecidable item; a relation reached
  through a missing record). Quantifiers, comprehensions, picks and the
  list functions are correlated aggregate subqueries over it.
* Working days use the calendar table ``cc_calendar(d, wd, is_wd)``: ``wd``
  is the number of working days on or before ``d`` in the calendar's range,
  so "working days between" is a subtraction. The engine judges a rule
  whose data comes near the calendar's edge with the reference evaluator,
  which stops with an error where a date leaves the range.

A construct this module cannot compile raises :class:`Unsupported`; the SQL
engine then judges that rule with the reference evaluator and says so. It
never guesses.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from typing import Any

from sqlglot import exp

from checker import typesys as T
from checker import workdays as cal
from checker.engine.compile_dates import DatesMixin
from checker.engine.compile_hoist import HoistMixin
from checker.engine.compile_lists import ListsMixin
from checker.engine.compile_ordered import OrderedMixin
from checker.engine.compile_values import (
    CALENDAR_TABLE,
    DIALECTS,
    LAYER_BELOW,
    MADE_OK,
    OUTCOME_CODES,
    ROW,
    SQL_TYPES,
    Const,
    Rec,
    Rel,
    Unsupported,
    same_up_to_aliases,
)
from checker.engine.compiled import CompiledRule
from checker.engine.reasons_sql import as_text, hole_text
from checker.language import functions as fn
from checker.language import nodes as ast
from checker.language.visitor import Visitor
from checker.packs.pack import Rule
from checker.schema import DataSchema, Link
from checker.values import Duration

__all__ = ["CALENDAR_TABLE", "DIALECTS", "OUTCOME_CODES", "ROW", "SQL_TYPES", "CompiledRule", "Compiler", "Const", "Rec", "Rel",
           "Unsupported", "calendar_rows", "prelude"]

# --- sqlglot helpers (shared with the functions' SQL: checker.language.sqlexpr) ---

from checker.language.sqlexpr import (  # noqa: E402 - the helpers' section
    FALSE,
    NULL,
    TRUE,
    and_,
    binop,
    case,
    cast,
    col,
    is_null,
    lit,
    not_,
    or_,
    paren,
    subquery,
)

# --- the compiler ---------------------------------------------------------------


class Compiler(DatesMixin, ListsMixin, OrderedMixin, HoistMixin, Visitor):
    """Compiles the rules of one pack for one run (``as_at``, parameters and
    calendar are fixed at compile time)."""

    prefix = "_c_"

    def __init__(self, schema: DataSchema, calendar: cal.Calendar, as_at: _dt.date,
                 params: dict[str, Any] | None = None, dialect: str = "duckdb"):
        if dialect not in DIALECTS:
            raise ValueError(f"unknown dialect {dialect!r}; expected one of {', '.join(DIALECTS)}")
        self.schema = schema
        self.calendar = calendar
        self.as_at = as_at
        self.params = params or {}
        self.dialect = dialect
        self._names = itertools.count(1)
        self._depth = 0  # > 0 inside a quantifier, comprehension or pick
        self._scopes: list[Rel | Const | Rec | exp.Expression] = []  # the lists being ranged over, innermost last
        self._shared: dict[str, tuple[str, int, exp.Expression]] = {}  # sql -> (column, layer, expr)
        self._joins: dict[int, list[exp.Join]] = {}  # layer -> LEFT JOINs made there
        self._join_memo: dict[str, tuple[str, int]] = {}
        self.cal_lo = _dt.date(calendar.first_year, 1, 1)
        self.cal_hi = _dt.date(calendar.last_year, 12, 31)

    # --- entry points -----------------------------------------------------------
    def compile_rule(self, rule: Rule) -> CompiledRule:
        self._names = itertools.count(1)
        self._depth = 0
        self._shared = {}
        self._joins = {}
        self._join_memo = {}
        self._span = self._fwd = self._back = 0
        self._uses_calendar = False
        self._shifts = False
        self._makes_dates = False
        self._made: list[exp.Expression] | None = []
        self._cal_memo: dict[tuple[str, str, bool], exp.Expression] = {}
        subject = self.schema.tables[rule.subject]
        s = Rec(subject.name, col(ROW, "s"), alias="s")
        env = {"": s}
        # both are read twice by the outcome's CASE: computed once per record
        expect = self._once(self.scalar(rule.expect, env))
        when = self._once(self.scalar(rule.when, env)) if rule.when is not None else None
        judged = case((paren(expect), lit("pass")), (not_(expect), lit("fail")), default=lit("not_evidenced"))
        if when is not None:
            outcome = case((paren(when), judged), (not_(when), lit("not_applicable")), default=lit("not_evidenced"))
        else:
            outcome = judged
        selects = [col(ROW, "s").as_(ROW), outcome.as_("outcome")]
        columns = [ROW, "outcome"]
        if when is not None:
            # the `when` value itself: a reason for not_evidenced says whether
            # the rule's applicability or its expectation could not be decided
            selects.append(exp.alias_(when.copy(), "_when", quoted=True))
            columns.append("_when")
        holes: dict[str, dict[int, str]] = {}
        reason_cols: list[tuple[str, exp.Expression]] = []
        for status, tpl in sorted(rule.reasons.items()):
            texts: list[exp.Expression] | None = [] if self.dialect == "duckdb" else None
            for i, part in enumerate(tpl.parts):
                if isinstance(part, str):
                    if texts is not None and part:
                        texts.append(exp.Literal.string(part))
                    continue
                try:
                    value = self.value(part, env)
                except Unsupported:
                    texts = None
                    continue
                if not isinstance(value, exp.Expression):
                    # a constant (a duration parameter) or a list: its text
                    # made in the database where reasons_sql knows how
                    shown = hole_text(self, value, part.type) if texts is not None else None
                    if shown is None or texts is None:
                        texts = None
                    elif isinstance(shown, exp.Literal):
                        texts.append(shown)
                    else:  # read where the record's columns are, as a hole is
                        name = f"t_{status}_{i}"
                        selects.append(exp.alias_(shown, name, quoted=True))
                        columns.append(name)
                        texts.append(col(name))
                    continue
                name = f"r_{status}_{i}"
                selects.append(exp.alias_(value, name, quoted=True))
                columns.append(name)
                holes.setdefault(status, {})[i] = name
                shown = as_text(col(name), part.type)
                if texts is not None and shown is not None:
                    texts.append(shown)
                else:
                    texts = None
            if texts:
                # the whole reason worded in the database, as evaluate.format_value
                # words each value (text, codes, whole numbers, dates, true/false)
                name = f"reason_{status}"
                reason_cols.append((name, exp.Concat(expressions=texts, safe=True) if len(texts) > 1 else texts[0]))
                holes.setdefault(status, {})[-1] = name
        traced = self._traced(rule, env, when, expect, selects, columns)
        guard = self._made_guard()
        if guard is not None:
            selects.append(exp.alias_(guard, MADE_OK, quoted=True))
            columns.append(MADE_OK)
        source: exp.Expression = self._table(subject.name, "s")
        layers: dict[int, list] = {}
        for name, layer, e in self._shared.values():
            layers.setdefault(layer, []).append(exp.alias_(e, name, quoted=True, copy=False))
        # The query is built in place (copy=False): sqlglot's builders copy the
        # query at every step by default, which was most of compiling a rule.
        # Every node below is made for this query; CompiledRule.sql copies the
        # whole tree once before the generator (which may rewrite it) runs.
        for layer in sorted(set(layers) | set(self._joins)):
            inner = exp.select(exp.column(exp.Star(), table="s"), *layers.get(layer, []), copy=False).from_(source, copy=False)
            for join in self._joins.get(layer, []):
                for below in [t for t in join.find_all(exp.Table) if t.name == LAYER_BELOW]:
                    below.replace(source.copy())  # the subject's rows under this layer
                inner = inner.join(join, copy=False)
            source = exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("s")))
        if not reason_cols:
            query = exp.select(*selects, copy=False).from_(source, copy=False).order_by(col(ROW, "s"), copy=False)
        else:
            # one more level, so each reason reads its hole columns by name
            inner = exp.select(*selects, copy=False).from_(source, copy=False)
            # each only for the records with that outcome
            worded = [exp.alias_(case((exp.EQ(this=col("outcome"), expression=exp.Literal.string(name[len("reason_"):])), e)),
                                 name, quoted=True, copy=False) for name, e in reason_cols]
            query = (exp.select(exp.Star(), *worded, copy=False)
                     .from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("r"))), copy=False)
                     .order_by(col(ROW, "r"), copy=False))
            columns += [name for name, _ in reason_cols]
        return CompiledRule(rule, query, columns, holes, span_days=self._span, span_forward=self._fwd,
                            span_back=self._back, traced=traced, uses_calendar=self._uses_calendar,
                            shifts_dates=self._shifts, makes_dates=self._makes_dates)

    def _traced(self, rule: Rule, env: dict, when, expect, selects: list, columns: list) -> dict[str, str]:
        """Reasons from the trace worded in the query (``reasons_sql``), for
        the outcomes without a template: a false ``when`` (not applicable)
        and a false ``expect`` (fail), where the shape allows; each a column
        set only on the records with that outcome."""
        from checker.engine.reasons_sql import NotWorded, trace_reason

        out: dict[str, str] = {}
        if self.dialect != "duckdb":
            return out
        wanted = []
        if rule.when is not None and "not_applicable" not in rule.reasons:
            wanted.append(("not_applicable", rule.when, "not applicable: ", not_(when)))
        if "fail" not in rule.reasons:
            failed = not_(expect) if when is None else and_(paren(when), not_(expect))
            wanted.append(("fail", rule.expect, "", failed))
        for status, node, prefix, holds in wanted:
            try:
                text = trace_reason(self, node, False, env, prefix)
            except (NotWorded, Unsupported):
                continue
            name = f"why_{status}"
            selects.append(exp.alias_(case((holds, text)), name, quoted=True))
            columns.append(name)
            out[status] = name
        return out

    # --- values -------------------------------------------------------------------
    def scalar(self, node: ast.Node, env: dict) -> exp.Expression:
        v = self.value(node, env)
        if isinstance(v, Rec):
            raise Unsupported(node, "a record used as a value")
        if not isinstance(v, exp.Expression):
            raise Unsupported(node, "a list or duration used as a value")
        return v

    def value(self, node: ast.Node, env: dict):
        return self.dispatch(node, env)

    def no_handler(self, node, env):
        raise Unsupported(node, f"no SQL for {type(node).__name__}")

    def _alias(self, stem: str = "t") -> str:
        return f"{stem}{next(self._names)}"

    def _once(self, e: exp.Expression, layer: int | None = None) -> exp.Expression:
        """``e`` computed once per subject record: at the top level of a rule
        (not inside a quantifier), a sub-expression used more than once in
        the SQL becomes a column of a derived table under the subject, so
        ``CASE WHEN a ... ELSE a AND b`` does not evaluate ``a`` twice and
        nested conditions do not grow exponentially."""
        if layer is None and (self._depth or isinstance(e, (exp.Column, exp.Literal, exp.Boolean, exp.Null, exp.Cast)) and not e.find(exp.Subquery)):
            return e
        key = same_up_to_aliases(e)
        found = self._shared.get(key)
        if found is None:
            if layer is None:
                layer = 1 + self._layer_of(e)
            name = f"e{len(self._shared) + 1}"
            found = self._shared[key] = (name, layer, e)
        return col(found[0], "s")

    def _layer_of(self, e: exp.Expression) -> int:
        """The last layer whose columns ``e`` reads (0: the subject's own)."""
        return max((self._shared_layer(c.name) for c in e.find_all(exp.Column) if c.table == "s"), default=0)

    def _shared_layer(self, name: str) -> int:
        for column, layer, _ in self._shared.values():
            if column == name:
                return layer
        return 0

    def _table(self, name: str, alias: str) -> exp.Expression:
        return exp.Table(this=exp.to_identifier(name, quoted=True), alias=exp.TableAlias(this=exp.to_identifier(alias)))

    # --- leaves -------------------------------------------------------------------
    def _c_Literal(self, node, env):
        return lit(node.value)

    def _c_Duration(self, node, env):
        return Const(Duration(node.amount, node.unit))

    def _c_AsAt(self, node, env):
        return lit(self.as_at)

    def _c_ListExpr(self, node, env):
        items = [self.value(i, env) for i in node.items]
        if any(isinstance(i, Const) for i in items):
            return Const([i.value for i in items])
        return self._values_rel(node.type.item, items)

    def _values_rel(self, item_type: T.Type, items: list[exp.Expression]) -> Rel:
        alias = self._alias("l")
        sel: exp.Select | exp.Union | None
        if not items:
            kind = item_type.kind if item_type.kind in SQL_TYPES[self.dialect] else "integer"
            sel = exp.select(cast(NULL, SQL_TYPES[self.dialect][kind]).as_("v"), exp.Literal.number(0).as_("o")).where(FALSE)
        else:
            sel = None
            for i, item in enumerate(items):
                one = exp.select(exp.alias_(item, "v"), exp.Literal.number(i).as_("o"))
                # copy=False: copying the growing union at each step is quadratic
                sel = one if sel is None else exp.union(sel, one, distinct=False, copy=False)
        source = exp.Subquery(this=sel, alias=exp.TableAlias(this=exp.to_identifier(alias)))
        return Rel(item_type, source, alias, None, col("v", alias), col("o", alias))

    def _param(self, node, value):
        if isinstance(value, tuple):
            return Const(value)
        if isinstance(value, list):
            if any(isinstance(v, tuple) for v in value):
                return Const(value)
            return self._values_rel(node.type.item, [lit(v) for v in value])
        return lit(value)

    def _c_Name(self, node, env):
        res = node.resolved
        if res.kind == "var":
            return env[node.name]
        if res.kind == "param":
            if node.name not in self.params:  # declared per run (packs/runparams) and not given
                raise Unsupported(None, f"not in this script: it reads parameter `{node.name}`, which each run "
                                        f"gives (--param {node.name}=...)")
            return self._param(node, self.params[node.name])
        subject: Rec = env[""]
        if res.kind == "field":
            return self._field(subject, node.name)
        return self._follow(res.link, subject)

    def _c_Attribute(self, node, env):
        obj = self.value(node.obj, env)
        res = node.resolved
        if res.kind == "field":
            return self._field(obj, node.name)
        if res.kind == "link":
            return self._follow(res.link, obj)
        rel: Rel = obj
        if res.kind == "project-link" and res.link.many:
            raise Unsupported(node, "a list of lists")
        self._depth += 1  # a field or relation of each item: in the items' scope, not joined under the subject
        try:
            if res.kind == "project-field":
                value = self._field(rel.value, node.name)
            else:
                value = self._follow(res.link, rel.value)
        finally:
            self._depth -= 1
        return Rel(node.type.item, rel.source, rel.alias, rel.where, value, rel.order, rel.missing, rel.joins)

    def _field(self, rec: Rec, name: str) -> exp.Expression:
        if rec.alias is not None:
            return col(name, rec.alias)
        if rec.joined is None and (self._depth == 0 or self._outer_only(rec.rowid)):
            rec.joined = self._join_row(rec)
        if rec.joined is not None:
            alias, layer = rec.joined
            return self._once(col(name, alias), layer=layer)
        a = self._alias()
        return subquery(exp.select(col(name, a)).from_(self._table(rec.table, a)).where(exp.EQ(this=col(ROW, a), expression=paren(rec.rowid))))

    def _follow(self, link: Link, rec: Rec):
        local = self._field(rec, link.local_field)
        a = self._alias()
        match: exp.Expression = exp.EQ(this=col(link.remote_field, a), expression=paren(local))
        if link.many:
            match = self._link_match(col(link.remote_field, a), paren(local))
            if (self.dialect == "spark" or self._rebase) and self._depth:
                match = self._rebased(link, local, a, match)
            missing = None if rec.alias is not None else is_null(rec.rowid)
            return Rel(T.record(link.target), self._table(link.target, a), a, match,
                       Rec(link.target, col(ROW, a), alias=a), col(ROW, a), missing)
        if self._depth == 0 or self._outer_only(local):
            # the subject's own (`child.episodes` inside a pick): joined
            # under the subject at any depth
            return self._join_link(link, local)
        first = subquery(exp.select(exp.Min(this=col(ROW, a))).from_(self._table(link.target, a)).where(match))
        return Rec(link.target, first)

    def _join_row(self, rec: Rec) -> tuple[str, int]:
        """A record known by its ``_row`` at the top level of a rule (a pick,
        a ``??`` of records): joined once under the subject, so its fields
        are columns rather than a lookup each."""
        rowid = rec.rowid
        if self._depth == 0:
            rowid = self._once(rowid)
        elif not isinstance(rowid, exp.Column):  # inside a list (_once leaves it where it is): hoisted
            rowid = self._once(rowid, layer=1 + self._layer_of(rowid))
        layer = self._layer_of(rowid) + 1
        memo = f"{rec.table}._row={rowid.sql()}"
        found = self._join_memo.get(memo)
        if found is None:
            j = self._alias("j")
            self._joins.setdefault(layer, []).append(
                exp.Join(this=self._table(rec.table, j), side="LEFT", on=exp.EQ(this=col(ROW, j), expression=paren(rowid))))
            found = self._join_memo[memo] = (j, layer)
        return found

    def _join_link(self, link: Link, local: exp.Expression) -> Rec:
        """A relation to one record, at the top level of a rule: a LEFT JOIN
        under the subject (set-at-a-time) rather than a lookup per record.
        Where the matched field is not the target's key, the first record in
        load order is taken, as the reference does."""
        layer = self._layer_of(local) + 1
        memo = f"{link.target}.{link.remote_field}={local.sql()}"
        found = self._join_memo.get(memo)
        if found is None:
            j = self._alias("j")
            target = self.schema.tables[link.target]
            joins = self._joins.setdefault(layer, [])
            if target.key == (link.remote_field,):
                on = exp.EQ(this=col(link.remote_field, j), expression=paren(local))
            else:
                g = self._alias("g")
                firsts = (exp.select(col(link.remote_field).as_("k"), exp.Min(this=col(ROW)).as_("r"))
                          .from_(exp.Table(this=exp.to_identifier(link.target, quoted=True)))
                          .group_by(col(link.remote_field)))
                joins.append(exp.Join(this=exp.Subquery(this=firsts, alias=exp.TableAlias(this=exp.to_identifier(g))), side="LEFT",
                                      on=exp.EQ(this=col("k", g), expression=paren(local))))
                on = exp.EQ(this=col(ROW, j), expression=col("r", g))
            joins.append(exp.Join(this=self._table(link.target, j), side="LEFT", on=on))
            found = self._join_memo[memo] = (j, layer)
        j, layer = found
        return Rec(link.target, self._once(col(ROW, j), layer=layer), joined=(j, layer))

    # --- logic --------------------------------------------------------------------
    def _c_Not(self, node, env):
        return not_(self.scalar(node.operand, env))

    def _c_BoolOp(self, node, env):
        # SQL's AND/OR are Kleene logic already. The reference evaluator skips
        # the right side when the left decides; SQL may not, which is safe
        # because no compiled expression can raise (`/` is not compiled and
        # dates near the calendar's edge go to the reference).
        a, b = self.scalar(node.left, env), self.scalar(node.right, env)
        return binop(exp.And if node.op == "and" else exp.Or, a, b)

    def _c_Negate(self, node, env):
        return exp.Neg(this=paren(self.scalar(node.operand, env)))

    def _c_Arith(self, node, env):
        a, b = self.value(node.left, env), self.value(node.right, env)
        if isinstance(b, Const):
            amount, unit = b.value
            return self._shift(node, a, amount if node.op == "+" else -amount, unit)
        if isinstance(a, Const):
            amount, unit = a.value
            return self._shift(node, b, amount, unit)
        if node.op == "+":
            return binop(exp.Add, a, b)
        if node.op == "-":
            return binop(exp.Sub, a, b)
        if node.op == "*":
            return binop(exp.Mul, a, b)
        raise Unsupported(node, "`/` (exact decimal division: SQL engines divide in floating point)")

    def _c_Compare(self, node, env):
        a, b = self.scalar(node.left, env), self.scalar(node.right, env)
        cls = {"==": exp.EQ, "!=": exp.NEQ, "<": exp.LT, "<=": exp.LTE, ">": exp.GT, ">=": exp.GTE}[node.op]
        return binop(cls, a, b)

    def _c_Coalesce(self, node, env):
        a, b = self.value(node.left, env), self.value(node.right, env)
        if isinstance(a, Rec) and isinstance(b, Rec):
            return Rec(a.table, exp.Coalesce(this=a.rowid, expressions=[b.rowid]))
        if isinstance(a, exp.Expression) and isinstance(b, exp.Expression):
            return exp.Coalesce(this=a, expressions=[b])
        raise Unsupported(node, "`??` on lists")

    def _c_In(self, node, env):
        v = self._once(self.scalar(node.value, env))
        coll = self.value(node.collection, env)
        listed = None
        if isinstance(node.collection, ast.ListExpr):
            listed = [self.scalar(i, env) for i in node.collection.items]
        elif isinstance(node.collection, ast.Name) and node.collection.resolved.kind == "param":
            listed = [lit(x) for x in self.params[node.collection.name]]
        if listed is not None and not listed:
            found = FALSE  # nothing is in an empty list (a missing value stays missing, below)
        elif listed is not None:
            found = exp.In(this=paren(v), expressions=listed)
        elif isinstance(coll, Rel):
            if isinstance(coll.value, Rec):
                raise Unsupported(node, "`in` on a list of records")
            sel = self._rel_select(coll, [exp.alias_(coll.value, "v")])
            found = exp.In(this=paren(v), query=subquery(sel))
            if coll.missing is not None:
                found = case((coll.missing, NULL), default=found)
        else:
            raise Unsupported(node, "`in` on this list")
        # a missing value is missing whatever the list holds (SQL says
        # `NULL IN (<empty>)` is false)
        found = case((is_null(v), NULL), default=found)
        return not_(found) if node.negated else found

    def _c_IsMissing(self, node, env):
        v = self.value(node.operand, env)
        if isinstance(v, Rec):
            test = is_null(v.rowid)
        elif isinstance(v, Rel):
            test = v.missing if v.missing is not None else FALSE
            test = case((test, TRUE), default=FALSE)
        elif isinstance(v, Const):
            test = FALSE
        else:
            test = is_null(v)
        return not_(test) if node.negated else test

    def _c_Between(self, node, env):
        v, lo, hi = (self._once(self.scalar(x, env)) for x in (node.value, node.low, node.high))
        return case((or_(is_null(v), is_null(lo), is_null(hi)), NULL),
                    default=and_(exp.GTE(this=paren(v), expression=paren(lo)), exp.LTE(this=paren(v), expression=paren(hi))))

    # --- functions ------------------------------------------------------------------
    def _c_Call(self, node, env):
        # a function's SQL is its record's (checker.language.functions): the
        # compiler keeps no list of names
        function = fn.FUNCTIONS.get(node.name)
        if function is None or function.sql is None:
            raise Unsupported(node, f"function `{node.name}` has no SQL")
        return function.sql(self, node, env)

    # --- what a function's SQL may ask (functions.SqlContext) -------------------------
    def once(self, e: exp.Expression) -> exp.Expression:
        return self._once(e)

    def calendar_lookup(self, d: exp.Expression, column: str) -> exp.Expression:
        return self._cal_lookup(d, column)

    def unsupported(self, node: ast.Node, message: str):
        raise Unsupported(node, message)

    def like_for_pattern(self, text: exp.Expression, pattern: str) -> exp.Expression | None:
        """A pattern as T-SQL's LIKE (SQL Server before 2025 has no regular
        expressions), or None where LIKE cannot say the same."""
        from checker.engine import tsql

        return tsql.like_for_pattern(text, pattern)

    def list_aggregate(self, node, env):
        return self._aggregate(node, self.value(node.args[0], env))

    def list_distinct(self, node, env):
        return self._distinct(node, self.value(node.args[0], env))

    def list_occurrences(self, node, env):
        return self._occurrences(node, env)

    def schedule(self, node, env):
        return self._on_schedule(node, env)


def calendar_rows(calendar: cal.Calendar) -> list[tuple[_dt.date, int, bool]]:
    """The calendar table's contents: each date in range, the number of
    working days on or before it, and whether it is a working day."""
    return calendar.rows()


def prelude(dialect: str) -> list[str]:
    """Statements a warehouse needs before the rules: the error function
    (Postgres has none built in)."""
    if dialect == "postgres":
        return [
            "CREATE OR REPLACE FUNCTION casecheck_error(msg TEXT) RETURNS INTEGER AS $$ "
            "BEGIN RAISE EXCEPTION '%', msg; END; $$ LANGUAGE plpgsql"
        ]
    return []
