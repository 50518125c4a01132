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
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn, Protocol

from sqlglot import exp

from checker import typesys as T
from checker import workdays as cal
from checker.language import nodes as ast
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


@dataclass(frozen=True)
class Form:
    """One way to call a function, as the test generators and the docs read it:
    the kinds of the arguments and of the result. A kind is a type's name
    (``integer``, ``decimal``, ``string``, ``boolean``, ``date``, ``datetime``,
    ``duration``), ``text`` (a string or a code), ``pattern`` (a string literal
    that is a regular expression), ``T`` (a type variable ranging over the kinds
    in ``over``; ``code`` stands for every code set, ``record`` for every
    table), or a list of any of them: ``[date]``, ``[T]``. ``more`` is how many
    more arguments like the last one may follow (``coalesce(a, b, ...)``)."""

    params: tuple[str, ...]
    result: str
    over: tuple[str, ...] = ()
    more: int = 0


SCALAR_KINDS = ("boolean", "integer", "decimal", "string", "date", "datetime", "code")
ORDERED_KINDS = ("integer", "decimal", "string", "date", "datetime")


class SqlContext(Protocol):
    """What a function's SQL builder may ask of the compiler (implemented by
    ``checker.engine.compile.Compiler``): the language stage never imports the
    engine. Lists compile to relations, which only the compiler knows, so the
    list functions ask for the relation-level SQL they need by name."""

    dialect: str

    def scalar(self, node: ast.Node, env: dict) -> exp.Expression: ...

    def once(self, e: exp.Expression) -> exp.Expression:
        """``e`` computed once per record where it is used more than once."""
        ...

    def calendar_lookup(self, d: exp.Expression, column: str) -> exp.Expression:
        """A column of the calendar table for date ``d``: ``wd`` (working days on
        or before d) or ``is_wd``."""
        ...

    def unsupported(self, node: ast.Node, message: str) -> NoReturn:
        """No SQL for this call: the rule is judged by the reference evaluator (and the engine says so)."""
        ...

    def like_for_pattern(self, text: exp.Expression, pattern: str) -> exp.Expression | None:
        """For T-SQL: the pattern as a LIKE over ``text``, or None where LIKE cannot say the same."""
        ...

    def dates_from_values(self) -> None:
        """The call makes dates from other values, so the dates a rule reaches
        are not only its data's: a rule that shifts dates or counts working days
        is then judged by the reference evaluator, which stops with an error
        where a date leaves the calendar or years 1-9999."""
        ...

    def list_aggregate(self, node: ast.Call, env: dict) -> exp.Expression:
        """count / sum / min / max / earliest / latest of the list in argument 1 (by ``node.name``)."""
        ...

    def list_distinct(self, node: ast.Call, env: dict) -> Any: ...

    def list_occurrences(self, node: ast.Call, env: dict) -> exp.Expression: ...

    def schedule(self, node: ast.Call, env: dict) -> exp.Expression: ...


#: sql(compiler, call node, env) -> the call's value in SQL (an expression, or a relation for a list)
SqlBuilder = Callable[[SqlContext, ast.Call, dict], Any]


@dataclass(frozen=True)
class Function:
    """A built-in function, whole: its type rule, its meaning (the reference
    evaluator's), its SQL and its documentation. Everything that lists
    functions reads :data:`FUNCTIONS` (the checker, evaluator, compiler,
    explainer, README table and test generators)."""

    name: str
    doc: str  # one line: what it gives (the README's function table)
    usage: str
    #: check(arg_types) -> (result type, error message or None, index of bad arg)
    check: Callable[[list[T.Type]], tuple[T.Type | None, str | None, int | None]]
    impl: Callable  # impl(ctx, *args) -> value (None = missing)
    sql: SqlBuilder | None = None  # None: no SQL; a rule calling it runs on the reference evaluator
    forms: tuple[Form, ...] = ()
    #: missing for an empty list or a missing item (the explainer says which)
    missing_on_empty: bool = False


Signature = Function  # the record's former name


def _fixed(params: list[T.Type], result: T.Type):
    def check(args):
        if len(args) != len(params):
            return None, f"takes {len(params)} argument{'s' if len(params) != 1 else ''}, not {len(args)}", None
        for i, (want, got) in enumerate(zip(params, args)):
            if got != want:
                return None, f"argument {i + 1} must be {T.describe(want)}, not {T.describe(got)}", i
        return result, None, None

    check.forms = (Form(tuple(p.kind for p in params), result.kind),)  # type: ignore[attr-defined]
    return check


def _strict(fn):
    """Missing in, missing out."""

    def impl(ctx, *args):
        if any(a is None for a in args):
            return None
        return fn(ctx, *args)

    return impl


def _list_of(pred: Callable[[T.Type], bool], what: str, result: Callable[[T.Type], T.Type]):
    def check(args):
        if len(args) != 1:
            return None, f"takes 1 argument (a list), not {len(args)}", None
        t = args[0]
        if not t.is_list:
            return None, f"needs a list of {what}, not {T.describe(t)}", 0
        if t.item.kind == "empty":
            return None, "cannot be used on an empty list literal", 0
        if not pred(t.item):
            return None, f"needs a list of {what}, not {T.describe(t)}", 0
        return result(t.item), None, None

    return check


def _aggregate(pick):
    def impl(ctx, items):
        if items is None:
            return None
        if not items or any(v is None for v in items):
            return None
        return pick(items)

    return impl


def _count(ctx, items):
    return None if items is None else len(items)


def _sum(ctx, items):
    if items is None or any(v is None for v in items):
        return None
    return sum(items, 0)


def _coalesce_check(args):
    if len(args) < 2:
        return None, "takes at least 2 arguments", None
    result = args[0]
    for i, t in enumerate(args[1:], start=1):
        u = T.unify(result, t)
        if u is None:
            return None, f"arguments must all be of one type: argument {i + 1} is {T.describe(t)}, the first is {T.describe(args[0])}", i
        result = u
    return result, None, None


def _coalesce(ctx, *args):
    for a in args:
        if a is not None:
            return a
    return None


def _on_schedule_check(args):
    if len(args) != 4:
        return None, f"takes 4 arguments (dates, start, until, intervals), not {len(args)}", None
    dates, start, until, intervals = args
    if not (dates.is_list and dates.item.kind in ("date", "empty")):
        return None, f"argument 1 must be a list of dates, not {T.describe(dates)}", 0
    if start != T.DATE:
        return None, f"argument 2 (start) must be a date, not {T.describe(start)}", 1
    if until != T.DATE:
        return None, f"argument 3 (until) must be a date, not {T.describe(until)}", 2
    if not (intervals.is_list and intervals.item == T.DURATION):
        return None, f"argument 4 must be a list of durations such as [3 months, 6 months], not {T.describe(intervals)}", 3
    return T.BOOLEAN, None, None


def schedule_check(ctx, dates, start, until, intervals):
    """Walk a schedule. Returns (met, detail) where detail says which
    deadline was missed, or None when the schedule is met.

    The first event is due within ``intervals[0]`` after ``start``, the next
    within ``intervals[1]`` after that event, and so on; the last interval
    repeats. The schedule is judged up to ``until`` or the run's ``as_at``,
    whichever is earlier: nothing can be overdue after the date the data was
    taken. Events before ``start`` or after that are ignored. The schedule is
    missed when an event comes later than its deadline, or when the end of
    the period is past the deadline of the next event that has not happened.
    A schedule that starts after its end has nothing due yet and is met.
    """
    calendar = ctx.calendar
    until = min(until, ctx.as_at)
    if start > until:
        return True, f"nothing due yet: starts {start.isoformat()}"
    events = sorted({d for d in dates if start <= d <= until})
    anchor = start
    for i, event in enumerate(events):
        amount, unit = intervals[min(i, len(intervals) - 1)]
        if not cal.within(anchor, event, amount, unit, "after", calendar):
            due = cal.shift(anchor, amount, unit, calendar)
            return False, f"due by {due.isoformat()} ({amount} {unit} after {anchor.isoformat()}), held {event.isoformat()}"
        anchor = event
    amount, unit = intervals[min(len(events), len(intervals) - 1)]
    if not cal.within(anchor, until, amount, unit, "after", calendar):
        due = cal.shift(anchor, amount, unit, calendar)
        return False, f"due by {due.isoformat()} ({amount} {unit} after {anchor.isoformat()}), none by {until.isoformat()}"
    return True, None


def _on_schedule(ctx, dates, start, until, intervals):
    if dates is None or start is None or until is None or intervals is None:
        return None
    if any(d is None for d in dates) or not intervals:
        return None
    return schedule_check(ctx, dates, start, until, intervals)[0]


def _temporal(t: T.Type) -> bool:
    return t.kind in ("date", "datetime")


def _date_pair_check(result: T.Type):
    def check(args):
        if len(args) != 2:
            return None, f"takes 2 arguments (two dates), not {len(args)}", None
        for i, t in enumerate(args):
            if t != T.DATE:
                return None, f"argument {i + 1} must be a date, not {T.describe(t)}", i
        return result, None, None

    check.forms = (Form(("date", "date"), result.kind),)  # type: ignore[attr-defined]
    return check


FUNCTIONS: dict[str, Function] = {}


def register(name: str, usage: str, doc: str, check, impl, sql: SqlBuilder | None = None,
             forms: tuple[Form, ...] | None = None, missing_on_empty: bool = False) -> Function:
    """Add a built-in function. ``forms`` default to the ones the type rule
    declares (the checks made by ``_fixed`` and its kind carry theirs)."""
    if name in FUNCTIONS:
        raise ValueError(f"function `{name}` is registered twice")
    if forms is None:
        forms = getattr(check, "forms", None)
    if not forms:
        raise ValueError(f"function `{name}` needs its forms (the kinds of its arguments and result)")
    FUNCTIONS[name] = Function(name, doc, usage, check, impl, sql, tuple(forms), missing_on_empty)
    return FUNCTIONS[name]



def scalar_sql(build: Callable[..., exp.Expression]) -> SqlBuilder:
    """SQL over the arguments compiled as scalars: ``build(compiler, *args)``."""

    def sql(q: SqlContext, node: ast.Call, env: dict) -> exp.Expression:
        return build(q, *[q.scalar(a, env) for a in node.args])

    return sql


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
    _date_pair_check(T.INTEGER),
    _strict(lambda ctx, a, b: ctx.calendar.working_days_between(a, b)),
    sql=scalar_sql(_wd_between),
)
register(
    "days_between",
    "days_between(a, b)",
    "Calendar days from a to b (b - a; negative when b is before a).",
    _date_pair_check(T.INTEGER),
    _strict(lambda ctx, a, b: cal.days_between(a, b)),
    sql=scalar_sql(lambda q, a, b: exp.DateDiff(this=b, expression=a, unit=exp.var("DAY"))),
)
register(
    "age",
    "age(date_of_birth, on)",
    "Age in completed years on a date.",
    _date_pair_check(T.INTEGER),
    _strict(lambda ctx, dob, on: cal.age_on(dob, on)),
    sql=scalar_sql(_age_sql),
)
register(
    "is_working_day",
    "is_working_day(d)",
    "True when d is a working day (not a weekend, bank holiday or closure day).",
    _fixed([T.DATE], T.BOOLEAN),
    _strict(lambda ctx, d: ctx.calendar.is_working_day(d)),
    sql=scalar_sql(lambda q, d: q.calendar_lookup(d, "is_wd")),
)
register(
    "weekday",
    "weekday(d)",
    "Day of the week, 1 (Monday) to 7 (Sunday).",
    _fixed([T.DATE], T.INTEGER),
    _strict(lambda ctx, d: d.isoweekday()),
    sql=scalar_sql(_weekday_sql),
)
register(
    "date_of",
    "date_of(t)",
    "The date part of a date-time.",
    _fixed([T.DATETIME], T.DATE),
    _strict(lambda ctx, t: t.date()),
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
    _fixed([T.INTEGER, T.INTEGER, T.INTEGER], T.DATE),
    _strict(_make_date),
    sql=scalar_sql(_date_sql),
)
register(
    "coalesce",
    "coalesce(a, b, ...)",
    "The first argument that is not missing (missing if all are). `a ?? b` is the same as coalesce(a, b).",
    _coalesce_check,
    _coalesce,
    sql=scalar_sql(lambda q, *args: exp.Coalesce(this=args[0], expressions=list(args[1:]))),
    forms=(Form(("T", "T"), "T", SCALAR_KINDS, more=1),),
)
register(
    "count",
    "count(list)",
    "The number of items in a list: count([v for v in visits where v.seen]).",
    _list_of(lambda t: True, "anything", lambda t: T.INTEGER),
    _count,
    sql=lambda q, node, env: q.list_aggregate(node, env),
    forms=(Form(("[T]",), "integer", SCALAR_KINDS + ("record",)),),
)
register(
    "earliest",
    "earliest(list of dates)",
    "The earliest date in a list; missing if the list is empty or any date in it is missing.",
    _list_of(_temporal, "dates", lambda t: t),
    _aggregate(min),
    sql=lambda q, node, env: q.list_aggregate(node, env),
    forms=(Form(("[T]",), "T", ("date", "datetime")),),
    missing_on_empty=True,
)
register(
    "latest",
    "latest(list of dates)",
    "The latest date in a list; missing if the list is empty or any date in it is missing.",
    _list_of(_temporal, "dates", lambda t: t),
    _aggregate(max),
    sql=lambda q, node, env: q.list_aggregate(node, env),
    forms=(Form(("[T]",), "T", ("date", "datetime")),),
    missing_on_empty=True,
)
register(
    "min",
    "min(list)",
    "The smallest value in a list of numbers, dates or strings; missing if empty or any is missing.",
    _list_of(lambda t: t.is_ordered, "numbers, dates or strings", lambda t: t),
    _aggregate(min),
    sql=lambda q, node, env: q.list_aggregate(node, env),
    forms=(Form(("[T]",), "T", ORDERED_KINDS),),
    missing_on_empty=True,
)
register(
    "max",
    "max(list)",
    "The largest value in a list of numbers, dates or strings; missing if empty or any is missing.",
    _list_of(lambda t: t.is_ordered, "numbers, dates or strings", lambda t: t),
    _aggregate(max),
    sql=lambda q, node, env: q.list_aggregate(node, env),
    forms=(Form(("[T]",), "T", ORDERED_KINDS),),
    missing_on_empty=True,
)
register(
    "sum",
    "sum(list of numbers)",
    "The total of a list of numbers (0 for an empty list; missing if any is missing).",
    _list_of(lambda t: t.is_numeric, "numbers", lambda t: t),
    _sum,
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
    _on_schedule_check,
    _on_schedule,
    sql=lambda q, node, env: q.schedule(node, env),
    forms=(Form(("[date]", "date", "date", "[duration]"), "boolean"),),
)


# ---- text and collection functions (added for the DfE CIN census rules, rules/dfe-cin) ----


def _text_check(params: list[str], result: T.Type):
    """Arguments of the named kinds ("text": a string or a code; "int": an integer)."""

    def check(args):
        if len(args) != len(params):
            return None, f"takes {len(params)} argument{'s' if len(params) != 1 else ''}, not {len(args)}", None
        for i, (want, got) in enumerate(zip(params, args)):
            ok = got.kind in ("string", "code") if want == "text" else got == T.INTEGER
            if not ok:
                what = "a string" if want == "text" else "a whole number"
                return None, f"argument {i + 1} must be {what}, not {T.describe(got)}", i
        return result, None, None

    check.forms = (Form(tuple("text" if p == "text" else "integer" for p in params), result.kind),)  # type: ignore[attr-defined]
    return check


def _substr(ctx, s, start, length):
    if start < 1 or length < 0:
        return None
    return s[start - 1 : start - 1 + length]


_PATTERNS: dict[str, Any] = {}


def compile_pattern(pattern: str):
    """The compiled form of a `matches` pattern (cached), run by an engine that
    cannot backtrack (checker.language.pattern); raises re.error if it is not
    a valid one, or one casecheck will not run (nested repeats...)."""
    rx = _PATTERNS.get(pattern)
    if rx is None:
        from checker.language.pattern import compile_safe

        rx = _PATTERNS[pattern] = compile_safe(pattern)
    return rx


def _matches(ctx, s, pattern):
    return compile_pattern(pattern).fullmatch(s) is not None


UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # the check letter for remainders 0..22 (no I, O, S)
_DIGITS = "0123456789"


def upn_check_letter(upn: str) -> str | None:
    """The DfE check letter of a unique pupil number: characters 2 to 13 weighted 2 to 13, each a
    digit's value or, at character 13, a letter's index in ``UPN_LETTERS``; the total modulo 23 picks
    the letter. Missing (None) unless the UPN is 13 characters of which 2 to 12 are digits."""
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses
    if len(upn) != 13 or not all(c in _DIGITS for c in upn[1:12]):
        return None
    last = upn[12]
    if last in _DIGITS:
        v13 = int(last)
    elif last in UPN_LETTERS:
        v13 = UPN_LETTERS.index(last)
    else:
        return None
    total = sum(int(c) * w for c, w in zip(upn[1:12], range(2, 13))) + v13 * 13
    return UPN_LETTERS[total % 23]


def _substr_sql(q: SqlContext, text, start, count):
    start, count = q.once(start), q.once(count)
    bad = or_(exp.LT(this=paren(start), expression=num(1)), exp.LT(this=paren(count), expression=num(0)))
    return case((bad, exp.Null()), default=exp.Substring(this=text, start=start, length=count))


# Regular expressions the SQL engines read as Python does: literal
# characters, classes, groups, alternation, repeats and the escapes \d \w
# \s \. (no look-around, flags, named groups or back-references).
SQL_SAFE_PATTERN = re.compile(r"(?:[A-Za-z0-9\[\]{}()*+?.,|^$ _:/#@'-]|\\[dws.\-])*")


def fold_pattern(pattern: str) -> str | None:
    """A case-insensitive pattern (its leading ``(?i)`` taken off) as one
    every SQL engine reads alike without a flag: each letter outside a class
    becomes the class of its two cases (``UN[2-7]`` -> ``[Uu][Nn][2-7]``).
    None where that would not be Python's reading: a letter inside a class,
    or K (Python's fold also takes the Kelvin sign, U+212A)."""
    out = []
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c.isascii() and c.isalpha():
                return None
            elif c == "-" and out[-1] not in "[^" and i + 1 < len(pattern) and pattern[i + 1] != "]" \
                    and not (out[-1].isdigit() and pattern[i + 1].isdigit()):
                return None  # a range other than of digits may span letters ([!-~])
            out.append(c)
        elif c == "[":
            if pattern.startswith(("[]", "[^]"), i):
                return None  # a class holding `]`: kept simple
            in_class = True
            out.append(c)
        elif c.isascii() and c.isalpha():
            if c in "kK":
                return None
            out.append(f"[{c.upper()}{c.lower()}]")
        elif not c.isascii():
            return None
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _matches_sql(q: SqlContext, node: ast.Call, env: dict):
    text = q.scalar(node.args[0], env)
    pattern = node.args[1].value if isinstance(node.args[1], ast.Literal) else None
    if q.dialect == "tsql":  # SQL Server (before 2025) has no regular expressions: LIKE, where it says the same
        like = q.like_for_pattern(text, pattern) if isinstance(pattern, str) else None
        if like is None:
            q.unsupported(node, "a pattern T-SQL's LIKE cannot express")
        return case((is_null(text), exp.Null()), default=like)
    if isinstance(pattern, str) and pattern.startswith("(?i)"):
        pattern = fold_pattern(pattern[4:])  # None: letters no SQL engine folds as Python does
    if not isinstance(pattern, str) or not SQL_SAFE_PATTERN.fullmatch(pattern) or "(?" in pattern:
        q.unsupported(node, "a pattern outside the subset every SQL engine reads as Python does")
    anchored = exp.Literal.string(f"^(?:{pattern})$")
    return case((is_null(text), exp.Null()), default=exp.RegexpLike(this=text, expression=anchored))


def _upn_check_letter_sql(q: SqlContext, node: ast.Call, env: dict):
    """:func:`upn_check_letter` in SQL: each character's value is its place in
    a string of the characters allowed there (0 when not found), so the
    weighted sum modulo 23 indexes the letters."""
    upn = q.once(q.scalar(node.args[0], env))
    digits, letters = exp.Literal.string("0123456789"), exp.Literal.string(UPN_LETTERS)

    def char(i):
        return exp.Substring(this=upn, start=num(i), length=num(1))

    def place(chars, i):
        if q.dialect == "tsql":  # CHARINDEX follows the collation, usually case-insensitive: compare as bytes
            return exp.StrPosition(this=chars, substr=exp.Collate(this=char(i), expression=exp.var("Latin1_General_BIN")))
        return exp.StrPosition(this=chars, substr=char(i))

    checks: list[exp.Expression] = [exp.EQ(this=exp.Length(this=upn), expression=num(13))]
    checks += [exp.GT(this=place(digits, i), expression=num(0)) for i in range(2, 13)]
    last_digit, last_letter = place(digits, 13), place(letters, 13)
    checks.append(exp.GT(this=paren(exp.Add(this=last_digit, expression=last_letter)), expression=num(0)))
    terms = [exp.Mul(this=paren(exp.Sub(this=place(digits, i), expression=num(1))), expression=num(i)) for i in range(2, 13)]
    v13 = case((exp.GT(this=last_digit, expression=num(0)), exp.Sub(this=last_digit, expression=num(1))),
               default=exp.Sub(this=last_letter, expression=num(1)))
    total: exp.Expression = terms[0]
    for t in terms[1:]:
        total = exp.Add(this=total, expression=t)
    total = exp.Add(this=total, expression=exp.Mul(this=paren(v13), expression=num(13)))
    letter = exp.Substring(this=letters, start=exp.Add(this=paren(exp.Mod(this=paren(total), expression=num(23))), expression=num(1)),
                           length=num(1))
    # AND stops at the length check, so no character past the end is read
    return case((is_null(upn), exp.Null()), (and_(*checks), letter), default=exp.Null())


def _distinct_check(args):
    if len(args) != 1:
        return None, f"takes 1 argument (a list), not {len(args)}", None
    t = args[0]
    if not t.is_list:
        return None, f"needs a list, not {T.describe(t)}", 0
    if t.item.kind in ("empty", "record", "list", "duration"):
        return None, f"needs a list of values (numbers, dates, strings, codes, true/false), not {T.describe(t)}", 0
    return t, None, None


def _distinct(ctx, items):
    if items is None or any(v is None for v in items):
        return None
    return list(dict.fromkeys(items))


register(
    "length",
    "length(text)",
    "The number of characters in a string or code; missing if it is missing.",
    _text_check(["text"], T.INTEGER),
    _strict(lambda ctx, s: len(s)),
    sql=scalar_sql(lambda q, s: exp.Length(this=s)),
)
register(
    "substr",
    "substr(text, start, count)",
    "The `count` characters of a string from character `start` (the first is 1); fewer if the string is "
    "shorter. Missing if an argument is missing, `start` is below 1 or `count` below 0.",
    _text_check(["text", "int", "int"], T.STRING),
    _strict(_substr),
    sql=scalar_sql(_substr_sql),
)
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
register(
    "upper",
    "upper(text)",
    "The string with its letters a-z in capitals (other characters as they are), to compare codes whatever "
    "case they were sent in: upper(ethnic) == \"WBRI\". Missing if it is missing.",
    _text_check(["text"], T.STRING),
    _strict(lambda ctx, s: s.translate(_ASCII_UPPER)),
    # TRANSLATE, not UPPER: the engines' UPPER also changes letters beyond a-z, each by its own rules
    sql=scalar_sql(lambda q, s: exp.Anonymous(this="TRANSLATE", expressions=[
        s, exp.Literal.string("abcdefghijklmnopqrstuvwxyz"), exp.Literal.string("ABCDEFGHIJKLMNOPQRSTUVWXYZ")])),
)
register(
    "matches",
    "matches(text, \"pattern\")",
    "True when the whole string matches the pattern, a string literal in Python's regular-expression "
    "syntax (checked when the pack loads): matches(upn, \"[A-Z][0-9]{12}\"). Missing if the text is missing. "
    "It runs on an engine that cannot backtrack: a repeat of something that repeats or alternates, `(a+)+` "
    "or `(a|ab)+`, is refused when the pack loads (write `[ab]+`).",
    _text_check(["text", "text"], T.BOOLEAN),
    _strict(_matches),
    sql=_matches_sql,
    forms=(Form(("text", "pattern"), "boolean"),),
)
register(
    "upn_check_letter",
    "upn_check_letter(upn)",
    "The check letter a 13-character unique pupil number should start with (DfE's modulus-23 algorithm "
    "over characters 2 to 13); missing if the UPN is missing or not 13 characters with digits at 2 to 12.",
    _text_check(["text"], T.STRING),
    _strict(lambda ctx, s: upn_check_letter(s)),
    sql=_upn_check_letter_sql,
)
register(
    "distinct",
    "distinct(list)",
    "The list without repeats, in first-seen order: count(distinct([d.code for d in disabilities])). "
    "Missing if any item is missing (filter them out with `where`).",
    _distinct_check,
    _distinct,
    sql=lambda q, node, env: q.list_distinct(node, env),
    forms=(Form(("[T]",), "[T]", tuple(k for k in SCALAR_KINDS)),),
)

def _occurrences_check(args):
    if len(args) != 2:
        return None, f"takes 2 arguments (a value and a list), not {len(args)}", None
    v, t = args
    if not t.is_list:
        return None, f"argument 2 must be a list, not {T.describe(t)}", 1
    if t.item.kind in ("empty", "record", "list", "duration"):
        return None, f"argument 2 must be a list of values, not {T.describe(t)}", 1
    if T.unify(v, t.item) is None:
        return None, f"argument 1 ({T.describe(v)}) cannot be compared with the items of {T.describe(t)}", 0
    return T.INTEGER, None, None


_COUNTS: dict[int, tuple] = {}  # id(list) -> (the list, Counter of it): a list built once per run is counted once


def _occurrences(ctx, value, items):
    if value is None or items is None:
        return None
    hit = _COUNTS.get(id(items))
    if hit is None or hit[0] is not items:
        if any(v is None for v in items):
            counts = None
        else:
            from collections import Counter

            counts = Counter(items)
        if len(_COUNTS) > 32:
            _COUNTS.clear()
        hit = _COUNTS[id(items)] = (items, counts)
    return None if hit[1] is None else hit[1][value]


register(
    "occurrences",
    "occurrences(value, list)",
    "How many items of the list equal the value: a count per group, e.g. children sharing an ID: "
    "occurrences(la_child_id, [c.la_child_id for c in header.children where c.la_child_id is present]) > 1. "
    "Missing if the value or any item is missing.",
    _occurrences_check,
    _occurrences,
    sql=lambda q, node, env: q.list_occurrences(node, env),
    forms=(Form(("T", "[T]"), "integer", SCALAR_KINDS),),
)



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
