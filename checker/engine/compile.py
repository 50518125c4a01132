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
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from checker import typesys as T
from checker import workdays as cal
from checker.language import functions as fn
from checker.language import nodes as ast
from checker.language.printer import pretty
from checker.language.visitor import Visitor
from checker.packs.pack import Rule
from checker.schema import DataSchema, Link
from checker.values import Duration

CALENDAR_TABLE = "cc_calendar"
ROW = "_row"
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


@dataclass
class Const:
    """A value known at compile time that SQL cannot hold as a scalar (a
    duration, a list of durations)."""

    value: Any


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
    count_if,
    is_null,
    lit,
    not_,
    or_,
    paren,
    subquery,
)

# --- the compiler ---------------------------------------------------------------


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
        return self.query.sql(dialect=dialect, pretty=pretty_print)


class Compiler(Visitor):
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
        self._scopes: list = []  # the lists being ranged over, innermost last
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
        self._cal_memo: dict[tuple, exp.Expression] = {}
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
                    texts = None
                    continue  # lists and records: judged by the reference engine
                name = f"r_{status}_{i}"
                selects.append(exp.alias_(value, name, quoted=True))
                columns.append(name)
                holes.setdefault(status, {})[i] = name
                shown = _as_text(col(name), part.type)
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
        source: exp.Expression = self._table(subject.name, "s")
        layers: dict[int, list] = {}
        for name, layer, e in self._shared.values():
            layers.setdefault(layer, []).append(exp.alias_(e, name, quoted=True))
        for layer in sorted(set(layers) | set(self._joins)):
            inner = exp.select(exp.column(exp.Star(), table="s"), *layers.get(layer, [])).from_(source)
            for join in self._joins.get(layer, []):
                inner = inner.join(join)
            source = exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("s")))
        query = exp.select(*selects).from_(source).order_by(col(ROW, "s"))
        if reason_cols:
            # one more level, so each reason reads its hole columns by name
            inner = exp.select(*selects).from_(source)
            # each only for the records with that outcome
            worded = [exp.alias_(case((exp.EQ(this=col("outcome"), expression=exp.Literal.string(name[len("reason_"):])), e)),
                                 name, quoted=True) for name, e in reason_cols]
            query = (exp.select(exp.Star(), *worded)
                     .from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("r"))))
                     .order_by(col(ROW, "r")))
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
        key = e.sql()
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
        if rec.joined is None and self._depth == 0:
            rec.joined = self._join_row(rec)
        if rec.joined is not None:
            alias, layer = rec.joined
            return self._once(col(name, alias), layer=layer)
        a = self._alias()
        return subquery(exp.select(col(name, a)).from_(self._table(rec.table, a)).where(exp.EQ(this=col(ROW, a), expression=paren(rec.rowid))))

    def _follow(self, link: Link, rec: Rec):
        local = self._field(rec, link.local_field)
        a = self._alias()
        match = exp.EQ(this=col(link.remote_field, a), expression=paren(local))
        if link.many:
            missing = None if rec.alias is not None else is_null(rec.rowid)
            return Rel(T.record(link.target), self._table(link.target, a), a, match,
                       Rec(link.target, col(ROW, a), alias=a), col(ROW, a), missing)
        if self._depth == 0:
            return self._join_link(link, local)
        first = subquery(exp.select(exp.Min(this=col(ROW, a))).from_(self._table(link.target, a)).where(match))
        return Rec(link.target, first)

    def _join_row(self, rec: Rec) -> tuple[str, int]:
        """A record known by its ``_row`` at the top level of a rule (a pick,
        a ``??`` of records): joined once under the subject, so its fields
        are columns rather than a lookup each."""
        rowid = self._once(rec.rowid)
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

    def _shift(self, node, d, amount: int, unit: str) -> exp.Expression:
        unit = cal._unit(unit)
        days = _span_days(amount, unit)
        self._span += days
        if amount >= 0:
            self._fwd += days
        else:
            self._back += days
        self._shifts = True
        is_dt = node.type == T.DATETIME
        if unit == "working days":
            amount = (1 if amount >= 0 else -1) * cal.convention_amount(abs(amount), self.calendar)
            day = cast(d, "DATE") if is_dt else d
            shifted = self._add_working_days(day, amount)
            if is_dt:
                # the same time of day on the shifted date
                return case((is_null(d), NULL), default=exp.Add(
                    this=cast(shifted, "TIMESTAMP"),
                    expression=paren(exp.Sub(this=d, expression=cast(cast(d, "DATE"), "TIMESTAMP")))))
            return shifted
        n, sql_unit = {"days": (amount, "DAY"), "weeks": (amount * 7, "DAY"), "months": (amount, "MONTH"),
                       "years": (amount * 12, "MONTH")}[unit]
        added = exp.DateAdd(this=d, expression=exp.Literal.number(n), unit=exp.var(sql_unit))
        return added if is_dt else cast(added, "DATE")

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

    def _c_Within(self, node, env):
        b, a = self._once(self.scalar(node.value, env)), self._once(self.scalar(node.anchor, env))
        dur = self.value(node.duration, env)
        if not isinstance(dur, Const):
            raise Unsupported(node, "a duration that is not a constant")
        amount, unit = dur.value
        unit = cal._unit(unit)
        self._widen(_span_days(amount, unit))
        return self._within(a, b, amount, unit, node.direction)

    def _within(self, a, b, amount: int, unit: str, direction: str) -> exp.Expression:
        if amount < 0:
            raise Unsupported(None, "a negative duration in `within`")
        null = or_(is_null(a), is_null(b))
        if unit == "working days":
            amount = cal.convention_amount(amount, self.calendar)
        if direction == "after":
            wrong_side = exp.LT(this=paren(b), expression=paren(a))
            if unit == "working days":
                ok = exp.LTE(this=paren(exp.Sub(this=self._once(self._wd(b)), expression=self._once(self._wd(a)))), expression=exp.Literal.number(amount))
            else:
                ok = exp.LTE(this=paren(b), expression=paren(self._shift_date(a, amount, unit)))
        else:
            wrong_side = exp.GT(this=paren(b), expression=paren(a))
            if unit == "working days":
                ok = exp.LTE(this=paren(exp.Sub(this=self._once(self._wd(a)), expression=self._once(self._wd(b)))), expression=exp.Literal.number(amount))
            else:
                ok = exp.GTE(this=paren(b), expression=paren(self._shift_date(a, -amount, unit)))
        return case((null, NULL), (wrong_side, FALSE), default=ok)

    def _widen(self, days: int) -> None:
        """A window either way of a date: as far forward as back."""
        self._span += days
        self._fwd += days
        self._back += days

    def _shift_date(self, d, amount, unit):
        fake = ast.Literal(None)
        fake.type = T.DATE
        return self._shift(fake, d, amount, unit)

    # --- calendar -------------------------------------------------------------------
    def _cal_lookup(self, d: exp.Expression, column: str | exp.Expression) -> exp.Expression:
        """A calendar column for date ``d`` (NULL when ``d`` is). Dates outside
        the calendar are kept out by the engine's range check, not here: an
        error call inside the query would stop DuckDB decorrelating it."""
        self._uses_calendar = True
        const = _const_date(d)
        if const is not None and self.cal_lo <= const <= self.cal_hi:
            wd = self.calendar.ordinal(const)
            is_wd = self.calendar.is_working_day(const)
            if column == "wd":
                return exp.Literal.number(wd)
            if column == "is_wd":
                return exp.Boolean(this=is_wd)
            return exp.Literal.number(wd - (1 if is_wd else 0))
        d = self._once(d)
        memo = (column if isinstance(column, str) else "before", d.sql(), self._depth == 0)
        found = self._cal_memo.get(memo)
        if found is None:
            a = self._alias("c")
            what = col(column, a) if isinstance(column, str) else column(a)
            found = subquery(exp.select(what).from_(self._table(CALENDAR_TABLE, a)).where(exp.EQ(this=col("d", a), expression=paren(d))))
            found = self._cal_memo[memo] = self._once(found)
        return found.copy()

    def _wd(self, d: exp.Expression) -> exp.Expression:
        return self._cal_lookup(d, "wd")

    def _add_working_days(self, d: exp.Expression, n: int) -> exp.Expression:
        if n == 0:
            return d
        if n > 0:
            target = exp.Add(this=paren(self._wd(d)), expression=exp.Literal.number(n))
        else:
            before = self._cal_lookup(d, lambda a: exp.Sub(this=col("wd", a), expression=case((col("is_wd", a), exp.Literal.number(1)), default=exp.Literal.number(0))))
            target = exp.Add(this=paren(before), expression=exp.Literal.number(n + 1))
        c = self._alias("c")
        found = subquery(exp.select(col("d", c)).from_(self._table(CALENDAR_TABLE, c)).where(
            and_(col("is_wd", c), exp.EQ(this=col("wd", c), expression=paren(target)))))
        return self._once(found)

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

    def dates_from_values(self) -> None:
        self._makes_dates = True

    def list_aggregate(self, node, env):
        return self._aggregate(node, self.value(node.args[0], env))

    def list_distinct(self, node, env):
        return self._distinct(node, self.value(node.args[0], env))

    def list_occurrences(self, node, env):
        return self._occurrences(node, env)

    def schedule(self, node, env):
        return self._on_schedule(node, env)

    def _aggregate(self, node, rel):
        if isinstance(node.args[0], ast.ListExpr) and node.args[0].items and isinstance(rel, Rel):
            return self._aggregate_literal(node, rel)
        if not isinstance(rel, Rel):
            raise Unsupported(node, "a list function on this list")
        name = node.name
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
                total = exp.Coalesce(this=exp.Sum(this=v), expressions=[exp.Literal.number(0)])
                agg = case((complete, total), default=NULL)
            else:
                fn = exp.Min if name in ("earliest", "min") else exp.Max
                agg = case((complete, fn(this=v)), default=NULL)
        result = subquery(exp.select(agg).from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier(q)))))
        if rel.missing is not None:
            return case((rel.missing, NULL), default=result)
        return result

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
            self._widen(_span_days(amount, unit))

        def step(i: exp.Expression, a: exp.Expression, b: exp.Expression) -> exp.Expression:
            """within(a, b, the i-th interval, after)."""
            whens = [(exp.EQ(this=paren(i), expression=exp.Literal.number(n)), self._within(a, b, amount, unit, "after"))
                     for n, (amount, unit) in enumerate(steps[:-1])]
            last = self._within(a, b, steps[-1][0], steps[-1][1], "after")
            return case(*whens, default=last) if whens else last

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
        return case(*whens, default=counted)

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
        items = [one.expressions[0].this for one in _union_parts(sel)]
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
        sel = exp.select(*selects).from_(rel.source)
        for join in rel.joins:
            sel = sel.join(join.copy())
        if rel.where is not None:
            sel = sel.where(rel.where)
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
            return self._quantifier(node, env, rel)
        finally:
            self._depth -= 1
            self._scopes.pop()

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
        return Rel(node.type.item, rel.source, rel.alias, and_(rel.where, cond), element, rel.order, missing, rel.joins)

    def _c_Pick(self, node, env):
        rel = self.value(node.source, env)  # at the outer level: its joins can be shared
        self._depth += 1
        self._scopes.append(rel)
        try:
            return self._pick(node, env, rel)
        finally:
            self._depth -= 1
            self._scopes.pop()

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
        key = self.scalar(node.key, inner)
        cond = self.scalar(node.condition, inner) if node.condition is not None else TRUE
        is_rec = isinstance(rel.value, Rec)
        item = rel.value.rowid if is_rec else rel.value
        best_of, better = (exp.Min, exp.LTE) if node.kind == "first" else (exp.Max, exp.GTE)
        q = self._alias("q")
        items = self._rel_select(rel, [exp.alias_(cond, "c"), exp.alias_(key, "k")])
        c, k = col("c", q), col("k", q)
        possible = or_(c, is_null(c))
        decided = case(
            (exp.GT(this=count_if(and_(possible, is_null(k))), expression=exp.Literal.number(0)), FALSE),
            (exp.EQ(this=count_if(c), expression=exp.Literal.number(0)), FALSE),
            (better(this=best_of(this=case((is_null(c), k))), expression=best_of(this=case((c, k)))), FALSE),
            default=TRUE,
        )
        check_sel = exp.select(exp.alias_(decided, "ok")).from_(exp.Subquery(this=items, alias=exp.TableAlias(this=exp.to_identifier(q))))
        check = subquery(check_sel)
        # A constant key (`by 1`) ties every item: order by source order alone
        # (an integer literal in ORDER BY would name an output column).
        constant = not any(True for _ in key.find_all(exp.Column))
        ordered = ([] if constant else [exp.Ordered(this=paren(key), desc=node.kind == "last")]) + [exp.Ordered(this=paren(rel.order))]
        pick_sel = self._rel_select(rel, [exp.alias_(item, "v")]).where(paren(cond)).order_by(*ordered).limit(1)
        pick = subquery(pick_sel)
        if enclosing is not None:
            # A pick per item of another list ("the allocation before this
            # one"): LATERAL joins on that list's items, one row each, rather
            # than subqueries nested three deep (which DuckDB runs in time
            # quadratic in the items).
            pk, pc = self._alias("pk"), self._alias("pc")
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


def _as_text(c: exp.Expression, t: T.Type | None) -> exp.Expression | None:
    """A value as ``evaluate.format_value`` shows it, in SQL, for the kinds
    whose text is the same in every database (None for the others: decimals,
    date-times, lists and records are worded in Python)."""
    missing = exp.Literal.string("missing")
    if t is None:
        return None
    if t.kind in ("string", "code", "integer", "date"):
        shown = cast(c, "VARCHAR")
    elif t.kind == "boolean":
        shown = case((c, exp.Literal.string("true")), (not_(c), exp.Literal.string("false")))
    else:
        return None
    return exp.Coalesce(this=shown, expressions=[missing])


def _union_parts(sel: exp.Expression) -> list[exp.Select]:
    if isinstance(sel, exp.Union):
        return _union_parts(sel.this) + _union_parts(sel.expression)
    return [sel]


def _span_days(amount: int, unit: str) -> int:
    """At most how many days a shift or window of ``amount`` ``unit`` reaches
    (with a week's margin): the SQL engine keeps data this far inside the
    calendar's range."""
    return abs(amount) * {"days": 1, "weeks": 7, "months": 31, "years": 366, "working days": 3}[unit] + 7


def _const_date(e: exp.Expression) -> _dt.date | None:
    """The date of a date literal (``CAST('2025-03-31' AS DATE)``), else None."""
    if isinstance(e, exp.Cast) and isinstance(e.this, exp.Literal) and e.this.is_string and e.to.this == exp.DataType.Type.DATE:
        try:
            return _dt.date.fromisoformat(e.this.this)
        except ValueError:
            return None
    return None


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
