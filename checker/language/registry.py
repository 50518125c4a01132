"""The built-in function registry: what a function record holds (its type
rule, its meaning for the reference evaluator, its SQL and its documentation),
the helpers type rules are made from, and ``register``. The functions
themselves are registered in :mod:`checker.language.functions` (dates,
numbers, lists) and :mod:`checker.language.functions_text` (text and codes)."""


from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from checker import typesys as T
from checker import workdays as cal
from checker.language import nodes as ast
from checker.lazyimport import lazy

if TYPE_CHECKING:
    from sqlglot import exp
else:
    exp = lazy("sqlglot.expressions")  # imported by the first SQL built (checker.lazyimport)


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
    #: needs() -> why the reference data it reads cannot be read (None when it can): a rule calling it is then not run
    needs: Callable[[], str | None] | None = None


Signature = Function  # the record's former name


def fixed(params: list[T.Type], result: T.Type):
    def check(args):
        if len(args) != len(params):
            return None, f"takes {len(params)} argument{'s' if len(params) != 1 else ''}, not {len(args)}", None
        for i, (want, got) in enumerate(zip(params, args)):
            if got != want:
                return None, f"argument {i + 1} must be {T.describe(want)}, not {T.describe(got)}", i
        return result, None, None

    check.forms = (Form(tuple(p.kind for p in params), result.kind),)  # type: ignore[attr-defined]
    return check


def strict(fn):
    """Missing in, missing out."""

    def impl(ctx, *args):
        if any(a is None for a in args):
            return None
        return fn(ctx, *args)

    return impl


def list_of(pred: Callable[[T.Type], bool], what: str, result: Callable[[T.Type], T.Type]):
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


def aggregate(pick):
    def impl(ctx, items):
        if items is None:
            return None
        if not items or any(v is None for v in items):
            return None
        return pick(items)

    return impl


def count_of(ctx, items):
    return None if items is None else len(items)


def sum_of(ctx, items):
    if items is None or any(v is None for v in items):
        return None
    return sum(items, 0)


def coalesce_check(args):
    if len(args) < 2:
        return None, "takes at least 2 arguments", None
    result = args[0]
    for i, t in enumerate(args[1:], start=1):
        u = T.unify(result, t)
        if u is None:
            return None, f"arguments must all be of one type: argument {i + 1} is {T.describe(t)}, the first is {T.describe(args[0])}", i
        result = u
    return result, None, None


def coalesce(ctx, *args):
    for a in args:
        if a is not None:
            return a
    return None


def on_schedule_check(args):
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


def on_schedule(ctx, dates, start, until, intervals):
    if dates is None or start is None or until is None or intervals is None:
        return None
    if any(d is None for d in dates) or not intervals:
        return None
    return schedule_check(ctx, dates, start, until, intervals)[0]


def temporal(t: T.Type) -> bool:
    return t.kind in ("date", "datetime")


def date_pair_check(result: T.Type):
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
             forms: tuple[Form, ...] | None = None, missing_on_empty: bool = False,
             needs: Callable[[], str | None] | None = None) -> Function:
    """Add a built-in function. ``forms`` default to the ones the type rule
    declares (the checks made by ``fixed`` and its kind carry theirs)."""
    if name in FUNCTIONS:
        raise ValueError(f"function `{name}` is registered twice")
    if forms is None:
        forms = getattr(check, "forms", None)
    if not forms:
        raise ValueError(f"function `{name}` needs its forms (the kinds of its arguments and result)")
    FUNCTIONS[name] = Function(name, doc, usage, check, impl, sql, tuple(forms), missing_on_empty, needs)
    return FUNCTIONS[name]



def scalar_sql(build: Callable[..., exp.Expression]) -> SqlBuilder:
    """SQL over the arguments compiled as scalars: ``build(compiler, *args)``."""

    def sql(q: SqlContext, node: ast.Call, env: dict) -> exp.Expression:
        return build(q, *[q.scalar(a, env) for a in node.args])

    return sql
