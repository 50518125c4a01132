"""The SQL compiler's dates: shifts, windows (``within``) and working days from the calendar table."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from checker import typesys as T
from checker import workdays as cal
from checker.engine.compile_values import (
    CALENDAR_TABLE,
    Const,
    Unsupported,
    const_date,
    span_days,
)
from checker.language import nodes as ast
from checker.language.sqlexpr import (
    FALSE,
    NULL,
    and_,
    case,
    cast,
    col,
    is_null,
    lit,
    or_,
    paren,
    subquery,
)


class DatesMixin:
    """The SQL compiler's dates: shifts, windows (``within``) and working days from the calendar table. (a part of :class:`compile.Compiler`)."""

    # What this part uses of the Compiler (set in Compiler.__init__ / compile_rule).
    calendar: cal.Calendar
    dialect: str
    cal_lo: _dt.date
    cal_hi: _dt.date
    _depth: int
    _span: int
    _fwd: int
    _back: int
    _shifts: bool
    _uses_calendar: bool
    _cal_memo: dict[tuple[str, str, bool], exp.Expression]
    _makes_dates: bool
    #: the dates the rule makes from other values (``date(y, m, d)``), each a
    #: column of the subject's; None once one is made inside a list (then no
    #: column per record says which records' made dates are safe)
    _made: list[exp.Expression] | None

    if TYPE_CHECKING:  # the Compiler's methods (compile.py)
        def _outer_only(self, e: exp.Expression) -> bool: ...
        def _layer_of(self, e: exp.Expression) -> int: ...
        def scalar(self, node: ast.Node, env: dict) -> exp.Expression: ...
        def value(self, node: ast.Node, env: dict) -> Any: ...
        def _alias(self, stem: str = "t") -> str: ...
        def _once(self, e: exp.Expression, layer: int | None = None) -> exp.Expression: ...
        def _hoisted(self, e: exp.Expression) -> exp.Expression: ...
        def _table(self, name: str, alias: str) -> exp.Expression: ...

    def dates_from_values(self, made: exp.Expression) -> exp.Expression:
        self._makes_dates = True
        if self.dialect == "duckdb" and self._made is not None and (self._depth == 0 or self._outer_only(made)):
            made = self._once(made, layer=1 + self._layer_of(made))
            self._made.append(made)
        else:
            self._made = None
        return made

    def _made_guard(self) -> exp.Expression | None:
        """Where the rule shifts dates or counts working days and makes dates
        from values: whether each record's made dates are far enough inside
        the calendar (or years 1-9999) for no shift or lookup to leave it, as
        the engine checks the data's own dates (``SqlEngine._inside``); the
        engine has the reference evaluator judge the records where not."""
        if not self._made or not (self._uses_calendar or self._shifts):
            return None
        first, last = (self.cal_lo, self.cal_hi) if self._uses_calendar else (_dt.date.min, _dt.date.max)
        if (last - first).days <= self._back + self._fwd:
            return FALSE.copy()
        lo, hi = first + _dt.timedelta(days=self._back), last - _dt.timedelta(days=self._fwd)
        return and_(*[or_(is_null(m), exp.Between(this=paren(m.copy()), low=lit(lo), high=lit(hi))) for m in self._made])

    def _shift(self, node, d, amount: int, unit: str) -> exp.Expression:
        unit = cal._unit(unit)
        days = span_days(amount, unit)
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

    def _c_Within(self, node, env):
        b, a = self._once(self.scalar(node.value, env)), self._once(self.scalar(node.anchor, env))
        dur = self.value(node.duration, env)
        if not isinstance(dur, Const):
            raise Unsupported(node, "a duration that is not a constant")
        amount, unit = dur.value
        unit = cal._unit(unit)
        self._widen(span_days(amount, unit))
        return self._within(a, b, amount, unit, node.direction)

    def _within(self, a, b, amount: int, unit: str, direction: str) -> exp.Expression:
        if amount < 0:
            raise Unsupported(None, "a negative duration in `within`")
        null = or_(is_null(a), is_null(b))
        if unit == "working days":
            amount = cal.convention_amount(amount, self.calendar)
        wrong_side: exp.Expression
        ok: exp.Expression
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
    def _cal_lookup(self, d: exp.Expression, column: str | Callable[[str], exp.Expression]) -> exp.Expression:
        """A calendar column for date ``d`` (NULL when ``d`` is). Dates outside
        the calendar are kept out by the engine's range check, not here: an
        error call inside the query would stop DuckDB decorrelating it."""
        self._uses_calendar = True
        const = const_date(d)
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
            found = self._cal_memo[memo] = self._hoisted(self._once(found))
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
