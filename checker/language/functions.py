"""Built-in functions: their types (for the checker) and meaning (for the
reference evaluator). The language has no other way to call code.

Missing values: a function whose argument is missing returns missing, except
``coalesce`` (the first present argument) and ``count`` (of a known list). A
list with a missing element gives a missing ``earliest``/``latest``/``min``/
``max`` (the missing one might have been the answer); an empty list gives a
missing one too (there is no earliest of nothing); ``sum`` of nothing is 0.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from checker import typesys as T
from checker import workdays as cal
from checker.language.registry import (
    FUNCTIONS,
    ORDERED_KINDS,
    SCALAR_KINDS,
    Form,
    SqlContext,
    aggregate,
    coalesce,
    coalesce_check,
    count_of,
    date_pair_check,
    fixed,
    list_of,
    on_schedule,
    on_schedule_check,
    register,
    scalar_sql,
    strict,
    sum_of,
    temporal,
)
from checker.language.sqlexpr import (
    and_,
    case,
    cast,
    is_null,
    lit,
    not_,
    num,
    or_,
    paren,
)
from checker.lazyimport import lazy


def _wd_between(q: SqlContext, a, b):
    return exp.Sub(this=paren(q.once(q.calendar_lookup(b, "wd"))), expression=paren(q.once(q.calendar_lookup(a, "wd"))))


def _weekday_sql(q: SqlContext, d):
    # 1990-01-01 was a Monday; the double modulo keeps earlier dates right
    days = exp.DateDiff(this=d, expression=lit(_dt.date(1990, 1, 1)), unit=exp.var("DAY"))
    seven = num(7)
    return exp.Add(this=paren(exp.Mod(this=paren(exp.Add(this=paren(exp.Mod(this=paren(days), expression=seven)), expression=seven)),
                                      expression=seven)), expression=num(1))


def _age_sql(q: SqlContext, dob, on):
    dob, on = q.once(dob), q.once(on)
    years = exp.Sub(this=exp.Year(this=on), expression=exp.Year(this=dob))

    def md(d):
        return exp.Add(this=exp.Mul(this=exp.Month(this=d), expression=num(100)), expression=exp.Day(this=d))

    before = exp.LT(this=paren(md(on)), expression=paren(md(dob)))
    return case((or_(is_null(dob), is_null(on)), exp.Null()),
                default=exp.Sub(this=paren(years), expression=case((before, num(1)), default=num(0))))


register(
    "working_days_between",
    "working_days_between(a, b)",
    "The number of working days d with a < d <= b (negative when b is before a). "
    "A Friday contact decided on Monday took 1 working day.",
    date_pair_check(T.INTEGER),
    strict(lambda ctx, a, b: ctx.calendar.working_days_between(a, b)),
    sql=scalar_sql(_wd_between),
)
register(
    "days_between",
    "days_between(a, b)",
    "Calendar days from a to b (b - a; negative when b is before a).",
    date_pair_check(T.INTEGER),
    strict(lambda ctx, a, b: cal.days_between(a, b)),
    sql=scalar_sql(lambda q, a, b: exp.DateDiff(this=b, expression=a, unit=exp.var("DAY"))),
)
register(
    "age",
    "age(date_of_birth, on)",
    "Age in completed years on a date.",
    date_pair_check(T.INTEGER),
    strict(lambda ctx, dob, on: cal.age_on(dob, on)),
    sql=scalar_sql(_age_sql),
)
register(
    "is_working_day",
    "is_working_day(d)",
    "True when d is a working day (not a weekend, bank holiday or closure day).",
    fixed([T.DATE], T.BOOLEAN),
    strict(lambda ctx, d: ctx.calendar.is_working_day(d)),
    sql=scalar_sql(lambda q, d: q.calendar_lookup(d, "is_wd")),
)
register(
    "weekday",
    "weekday(d)",
    "Day of the week, 1 (Monday) to 7 (Sunday).",
    fixed([T.DATE], T.INTEGER),
    strict(lambda ctx, d: d.isoweekday()),
    sql=scalar_sql(_weekday_sql),
)
register(
    "date_of",
    "date_of(t)",
    "The date part of a date-time.",
    fixed([T.DATETIME], T.DATE),
    strict(lambda ctx, t: t.date()),
    sql=scalar_sql(lambda q, t: cast(t, "DATE")),
)
def _make_date(ctx, year, month, day):
    try:
        return _dt.date(year, month, day)
    except (ValueError, OverflowError):  # no such day, or a year outside 1-9999
        return None


def _date_sql(q: SqlContext, year, month, day):
    """``date(y, m, d)``: NULL unless the day exists in years 1-9999 (tested
    first, so the database is never asked for a day it would refuse:
    MAKE_DATE stops with an error on 2023-02-29 in DuckDB and PostgreSQL)."""
    q.dates_from_values()
    y, m, d = q.once(year), q.once(month), q.once(day)

    def divides(n):
        return exp.EQ(this=exp.Mod(this=paren(y), expression=num(n)), expression=num(0))

    leap = or_(and_(divides(4), not_(divides(100))), divides(400))
    days_in_month = case((exp.EQ(this=paren(m), expression=num(2)), case((leap, num(29)), default=num(28))),
                         (exp.In(this=paren(m), expressions=[num(4), num(6), num(9), num(11)]), num(30)), default=num(31))
    valid = and_(exp.Between(this=paren(y), low=num(1), high=num(9999)), exp.Between(this=paren(m), low=num(1), high=num(12)),
                 exp.GTE(this=paren(d), expression=num(1)), exp.LTE(this=paren(d), expression=paren(days_in_month)))
    # the parts of a day that exists, or of 2000-01-01 where it does not: no
    # database constant-folds its way into an error
    parts = [cast(case((valid, part), default=num(fallback)), "INT") for part, fallback in ((y, 2000), (m, 1), (d, 1))]
    if q.dialect == "tsql":
        made = exp.Anonymous(this="DATEFROMPARTS", expressions=parts)
    else:
        made = exp.Anonymous(this="MAKE_DATE", expressions=parts)
    return case((valid, made), default=exp.Null())


register(
    "date",
    "date(year, month, day)",
    "The date of that day: date(2024, 3, 31). Missing if an argument is missing or there is no such day "
    "(date(2023, 2, 29), month 13, day 0, a year outside 1 to 9999).",
    fixed([T.INTEGER, T.INTEGER, T.INTEGER], T.DATE),
    strict(_make_date),
    sql=scalar_sql(_date_sql),
)
register(
    "coalesce",
    "coalesce(a, b, ...)",
    "The first argument that is not missing (missing if all are). `a ?? b` is the same as coalesce(a, b).",
    coalesce_check,
    coalesce,
    sql=scalar_sql(lambda q, *args: exp.Coalesce(this=args[0], expressions=list(args[1:]))),
    forms=(Form(("T", "T"), "T", SCALAR_KINDS, more=1),),
)
register(
    "count",
    "count(list)",
    "The number of items in a list: count([v for v in visits where v.seen]).",
    list_of(lambda t: True, "anything", lambda t: T.INTEGER),
    count_of,
    sql=lambda q, node, env: q.list_aggregate(node, env),
    forms=(Form(("[T]",), "integer", SCALAR_KINDS + ("record",)),),
)
register(
    "earliest",
    "earliest(list of dates)",
    "The earliest date in a list; missing if the list is empty or any date in it is missing.",
    list_of(temporal, "dates", lambda t: t),
    aggregate(min),
    sql=lambda q, node, env: q.list_aggregate(node, env),
    forms=(Form(("[T]",), "T", ("date", "datetime")),),
    missing_on_empty=True,
)
register(
    "latest",
    "latest(list of dates)",
    "The latest date in a list; missing if the list is empty or any date in it is missing.",
    list_of(temporal, "dates", lambda t: t),
    aggregate(max),
    sql=lambda q, node, env: q.list_aggregate(node, env),
    forms=(Form(("[T]",), "T", ("date", "datetime")),),
    missing_on_empty=True,
)
register(
    "min",
    "min(list)",
    "The smallest value in a list of numbers, dates or strings; missing if empty or any is missing.",
    list_of(lambda t: t.is_ordered, "numbers, dates or strings", lambda t: t),
    aggregate(min),
    sql=lambda q, node, env: q.list_aggregate(node, env),
    forms=(Form(("[T]",), "T", ORDERED_KINDS),),
    missing_on_empty=True,
)
register(
    "max",
    "max(list)",
    "The largest value in a list of numbers, dates or strings; missing if empty or any is missing.",
    list_of(lambda t: t.is_ordered, "numbers, dates or strings", lambda t: t),
    aggregate(max),
    sql=lambda q, node, env: q.list_aggregate(node, env),
    forms=(Form(("[T]",), "T", ORDERED_KINDS),),
    missing_on_empty=True,
)
register(
    "sum",
    "sum(list of numbers)",
    "The total of a list of numbers (0 for an empty list; missing if any is missing).",
    list_of(lambda t: t.is_numeric, "numbers", lambda t: t),
    sum_of,
    sql=lambda q, node, env: q.list_aggregate(node, env),
    forms=(Form(("[T]",), "T", ("integer", "decimal")),),
)
register(
    "on_schedule",
    "on_schedule(dates, start, until, [first, then, ...])",
    "True when events kept to a schedule from `start` to `until` (or as_at, if earlier): the first within the first "
    "interval after start, each next within the following interval after the one before (the last interval repeats), "
    "and none overdue at the end. "
    "LAC reviews: on_schedule(reviews.date, start_date, end_date ?? as_at, [20 working days, 3 months, 6 months]).",
    on_schedule_check,
    on_schedule,
    sql=lambda q, node, env: q.schedule(node, env),
    forms=(Form(("[date]", "date", "date", "[duration]"), "boolean"),),
)


# The text and collection functions register after these (the README's table is in registration order).

# The text and collection functions register after these: the README's table is in
# registration order. Importing them here is what registers them.
from checker.language.functions_text import (  # noqa: E402
    SQL_SAFE_PATTERN,
    UPN_LETTERS,
    compile_pattern,
    fold_pattern,
    upn_check_letter,
)
from checker.language.registry import Function, schedule_check  # noqa: E402

#: What other stages take from here: the registry (filled by this module and
#: functions_text on import) and the helpers rules and compilers share.
__all__ = ["FUNCTIONS", "Form", "Function", "ORDERED_KINDS", "README_END", "README_START", "SCALAR_KINDS",
           "SQL_SAFE_PATTERN", "SqlContext", "UPN_LETTERS", "compile_pattern", "fold_pattern", "markdown_table",
           "register", "scalar_sql", "schedule_check", "upn_check_letter"]


# The postcode functions register last (they read the optional postcode directory).
from checker.language import functions_postcodes  # noqa: E402, F401 - importing it registers them

if TYPE_CHECKING:
    from sqlglot import exp
else:
    exp = lazy("sqlglot.expressions")  # imported by the first SQL built (checker.lazyimport)

# ---- the documentation, from the records ----

README_START = "<!-- functions: generated from checker/language/functions.py by `python -m checker.language.functions --markdown`; do not edit -->"
README_END = "<!-- end of functions -->"


def markdown_table() -> str:
    """The README's function table: one row per function, in registration order."""
    rows = ["| function | result |", "| --- | --- |"]
    for f in FUNCTIONS.values():
        rows.append(f"| `{f.usage}` | {f.doc.replace('|', chr(92) + '|')} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # pragma: no cover - tests/test_functions.py checks markdown_table()
    import sys

    if sys.argv[1:] != ["--markdown"]:
        sys.exit("usage: python -m checker.language.functions --markdown")
    sys.stdout.write(markdown_table())
