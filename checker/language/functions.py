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
from dataclasses import dataclass
from typing import Any, Callable

from checker import typesys as T
from checker import workdays as cal


@dataclass(frozen=True)
class Signature:
    name: str
    doc: str
    usage: str
    # check(arg_types) -> (result type, error message or None, index of bad arg)
    check: Callable[[list[T.Type]], tuple[T.Type | None, str | None, int | None]]
    impl: Callable  # impl(ctx, *args) -> value (None = missing)


def _fixed(params: list[T.Type], result: T.Type):
    def check(args):
        if len(args) != len(params):
            return None, f"takes {len(params)} argument{'s' if len(params) != 1 else ''}, not {len(args)}", None
        for i, (want, got) in enumerate(zip(params, args)):
            if got != want:
                return None, f"argument {i + 1} must be {T.describe(want)}, not {T.describe(got)}", i
        return result, None, None

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

    return check


FUNCTIONS: dict[str, Signature] = {}


def _register(name, usage, doc, check, impl):
    FUNCTIONS[name] = Signature(name, doc, usage, check, impl)


_register(
    "working_days_between",
    "working_days_between(a, b)",
    "The number of working days d with a < d <= b (negative when b is before a). "
    "A Friday contact decided on Monday took 1 working day.",
    _date_pair_check(T.INTEGER),
    _strict(lambda ctx, a, b: ctx.calendar.working_days_between(a, b)),
)
_register(
    "days_between",
    "days_between(a, b)",
    "Calendar days from a to b (b - a; negative when b is before a).",
    _date_pair_check(T.INTEGER),
    _strict(lambda ctx, a, b: cal.days_between(a, b)),
)
_register(
    "age",
    "age(date_of_birth, on)",
    "Age in completed years on a date.",
    _date_pair_check(T.INTEGER),
    _strict(lambda ctx, dob, on: cal.age_on(dob, on)),
)
_register(
    "is_working_day",
    "is_working_day(d)",
    "True when d is a working day (not a weekend, bank holiday or closure day).",
    _fixed([T.DATE], T.BOOLEAN),
    _strict(lambda ctx, d: ctx.calendar.is_working_day(d)),
)
_register(
    "weekday",
    "weekday(d)",
    "Day of the week, 1 (Monday) to 7 (Sunday).",
    _fixed([T.DATE], T.INTEGER),
    _strict(lambda ctx, d: d.isoweekday()),
)
_register(
    "date_of",
    "date_of(t)",
    "The date part of a date-time.",
    _fixed([T.DATETIME], T.DATE),
    _strict(lambda ctx, t: t.date()),
)
_register(
    "coalesce",
    "coalesce(a, b, ...)",
    "The first argument that is not missing (missing if all are). `a ?? b` is the same as coalesce(a, b).",
    _coalesce_check,
    _coalesce,
)
_register(
    "count",
    "count(list)",
    "The number of items in a list: count([v for v in visits where v.seen]).",
    _list_of(lambda t: True, "anything", lambda t: T.INTEGER),
    _count,
)
_register(
    "earliest",
    "earliest(list of dates)",
    "The earliest date in a list; missing if the list is empty or any date in it is missing.",
    _list_of(_temporal, "dates", lambda t: t),
    _aggregate(min),
)
_register(
    "latest",
    "latest(list of dates)",
    "The latest date in a list; missing if the list is empty or any date in it is missing.",
    _list_of(_temporal, "dates", lambda t: t),
    _aggregate(max),
)
_register(
    "min",
    "min(list)",
    "The smallest value in a list of numbers, dates or strings; missing if empty or any is missing.",
    _list_of(lambda t: t.is_ordered, "numbers, dates or strings", lambda t: t),
    _aggregate(min),
)
_register(
    "max",
    "max(list)",
    "The largest value in a list of numbers, dates or strings; missing if empty or any is missing.",
    _list_of(lambda t: t.is_ordered, "numbers, dates or strings", lambda t: t),
    _aggregate(max),
)
_register(
    "sum",
    "sum(list of numbers)",
    "The total of a list of numbers (0 for an empty list; missing if any is missing).",
    _list_of(lambda t: t.is_numeric, "numbers", lambda t: t),
    _sum,
)
_register(
    "on_schedule",
    "on_schedule(dates, start, until, [first, then, ...])",
    "True when events kept to a schedule from `start` to `until` (or as_at, if earlier): the first within the first "
    "interval after start, each next within the following interval after the one before (the last interval repeats), "
    "and none overdue at the end. "
    "LAC reviews: on_schedule(reviews.date, start_date, end_date ?? as_at, [20 working days, 3 months, 6 months]).",
    _on_schedule_check,
    _on_schedule,
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


_register(
    "length",
    "length(text)",
    "The number of characters in a string or code; missing if it is missing.",
    _text_check(["text"], T.INTEGER),
    _strict(lambda ctx, s: len(s)),
)
_register(
    "substr",
    "substr(text, start, count)",
    "The `count` characters of a string from character `start` (the first is 1); fewer if the string is "
    "shorter. Missing if an argument is missing, `start` is below 1 or `count` below 0.",
    _text_check(["text", "int", "int"], T.STRING),
    _strict(_substr),
)
_register(
    "matches",
    "matches(text, \"pattern\")",
    "True when the whole string matches the pattern, a string literal in Python's regular-expression "
    "syntax (checked when the pack loads): matches(upn, \"[A-Z][0-9]{12}\"). Missing if the text is missing.",
    _text_check(["text", "text"], T.BOOLEAN),
    _strict(_matches),
)
_register(
    "upn_check_letter",
    "upn_check_letter(upn)",
    "The check letter a 13-character unique pupil number should start with (DfE's modulus-23 algorithm "
    "over characters 2 to 13); missing if the UPN is missing or not 13 characters with digits at 2 to 12.",
    _text_check(["text"], T.STRING),
    _strict(lambda ctx, s: upn_check_letter(s)),
)
_register(
    "distinct",
    "distinct(list)",
    "The list without repeats, in first-seen order: count(distinct([d.code for d in disabilities])). "
    "Missing if any item is missing (filter them out with `where`).",
    _distinct_check,
    _distinct,
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


_register(
    "occurrences",
    "occurrences(value, list)",
    "How many items of the list equal the value: a count per group, e.g. children sharing an ID: "
    "occurrences(la_child_id, [c.la_child_id for c in header.children where c.la_child_id is present]) > 1. "
    "Missing if the value or any item is missing.",
    _occurrences_check,
    _occurrences,
)

_ = _dt  # dates flow through impls untyped
