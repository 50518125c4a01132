"""Working days and calendar arithmetic for statutory timescales.

Timescales in children's social care are set in working days (a decision
within 1 working day of a contact, an assessment within 45 working days) or in
calendar days, weeks, months and years. This module does that arithmetic the
same way every time, offline: the bank holidays come from the ``holidays``
package, which computes them from rules, so no network is needed and a run can
be reproduced from :meth:`Calendar.describe`.

A working day is Monday to Friday, less the England and Wales bank holidays
(``holidays.UK(subdiv="ENG")``, which includes substitute days and one-off
days such as the 2022-09-19 state funeral) and any closure days the rule pack
adds.

The counting convention
-----------------------
``working_days_between(a, b)`` is the number of working days ``d`` with
``a < d <= b``: the start day is not counted, the end day is. This is how a
practitioner counts "it took N working days": the day the clock starts is day
0, the next working day is day 1.

Worked example. A contact arrives on Thursday 2024-03-28, the day before
Good Friday. The decision is made on Tuesday 2024-04-02. The days after the contact, up to and including the decision, are

    Fri 29 Mar  Good Friday     not a working day
    Sat 30 Mar  weekend         not a working day
    Sun 31 Mar  weekend         not a working day
    Mon  1 Apr  Easter Monday   not a working day
    Tue  2 Apr                  working day 1

so the decision took 1 working day and meets a "within 1 working day" test.
A contact decided the same day took 0 working days; a Friday contact decided
on the following Monday took 1. If ``b`` is before ``a`` the count is negated.

``add_working_days(a, n)`` is the inverse: for ``n > 0`` it is the ``n``-th
working day strictly after ``a`` (so ``add_working_days(Thu 2024-03-28, 1)``
is Tue 2024-04-02), for ``n < 0`` the ``|n|``-th working day strictly before
``a``, and for ``n == 0`` ``a`` itself. For ``n > 0`` it is the earliest date
``x`` with ``working_days_between(a, x) == n``.

Calendar months are added as ``dateutil.relativedelta`` does, clamping to the
end of a shorter month: 2024-11-30 plus 3 months is 2025-02-28, 2024-01-31
plus 1 month is 2024-02-29. A birthday on 29 February falls on 1 March in a
year that is not a leap year (see :func:`age_on`).

Each :class:`Calendar` covers the years ``first_year`` to ``last_year``
inclusive and raises :class:`CalendarRangeError` for any date outside them,
including a result of :meth:`Calendar.add_working_days`. It precomputes a
cumulative working-day count per day, so each query is a subtraction or an
index lookup.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from checker.errors import CasecheckError

__all__ = [
    "UNITS",
    "DIRECTIONS",
    "CalendarRangeError",
    "Calendar",
    "add_months",
    "add_years",
    "shift",
    "within",
    "age_on",
    "days_between",
]

#: The units :func:`shift` and :func:`within` accept.
UNITS: tuple[str, ...] = ("days", "weeks", "months", "years", "working days")
#: The directions :func:`within` accepts.
DIRECTIONS: tuple[str, ...] = ("after", "before")

_UNIT_ALIASES: dict[str, str] = {
    "day": "days",
    "week": "weeks",
    "month": "months",
    "year": "years",
    "working day": "working days",
}


#: Working-day counting conventions (:attr:`Calendar.working_days`).
WORKING_DAY_CONVENTIONS = ("after-start", "start-is-day-1")


def convention_amount(amount: int, calendar: Calendar) -> int:
    """N working days as counted after the start: N under casecheck's convention, N - 1 (never
    below 0) when the start is day 1 (the DfE CIN validator's offset)."""
    if calendar.working_days == "start-is-day-1" and amount > 0:
        return amount - 1
    return amount


class CalendarRangeError(CasecheckError, ValueError):
    """A date outside the years a :class:`Calendar` covers."""

    def __init__(
        self, d: date, first_year: int, last_year: int, what: str = "date", lands: bool = False
    ) -> None:
        self.date = d
        self.first_year = first_year
        self.last_year = last_year
        span = f"the calendar's range {first_year}-01-01 to {last_year}-12-31"
        if lands:
            message = f"{what} {d.isoformat()} lands outside {span}"
        else:
            message = f"{what} {d.isoformat()} is outside {span}"
        CasecheckError.init_message(self, message, "calendar-range")


@functools.lru_cache(maxsize=16)
def _bank_holidays(first_year: int, last_year: int) -> tuple[date, ...]:
    """England and Wales bank holidays in the years given, sorted."""
    import holidays as _holidays_pkg  # imported when a calendar is first built (start-up time)

    table = _holidays_pkg.UK(subdiv="ENG", years=range(first_year, last_year + 1))
    return tuple(sorted(d for d in table if first_year <= d.year <= last_year))


@functools.lru_cache(maxsize=32)
def _tables(
    first_year: int, last_year: int, closures: tuple[date, ...]
) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    """Precomputed tables for one calendar.

    Returns ``(base, cumulative, working)``: ``base`` is the ordinal of
    ``first_year``-01-01; ``cumulative[i]`` is the number of working days
    among the days ``base .. base + i`` inclusive; ``working`` is the sorted
    ordinals of every working day in range.
    """
    base = date(first_year, 1, 1).toordinal()
    end = date(last_year, 12, 31).toordinal()
    closed = {d.toordinal() for d in _bank_holidays(first_year, last_year)}
    closed.update(d.toordinal() for d in closures)
    cumulative: list[int] = []
    working: list[int] = []
    count = 0
    # date.weekday() == (ordinal + 6) % 7, with Monday == 0.
    for ordinal in range(base, end + 1):
        if (ordinal + 6) % 7 < 5 and ordinal not in closed:
            count += 1
            working.append(ordinal)
        cumulative.append(count)
    return base, tuple(cumulative), tuple(working)


class Calendar:
    """Working days: Monday-Friday, less England and Wales bank holidays (from
    the ``holidays`` package: ``holidays.UK(subdiv="ENG", years=...)``, which
    includes substitute days and one-offs such as 2012-06-04/05, 2020-05-08,
    2022-06-03, 2022-09-19, 2023-05-08) and the pack's own closure days.

    Covers ``first_year``-01-01 to ``last_year``-12-31; any date outside that
    raises :class:`CalendarRangeError`.
    """

    first_year: int
    last_year: int
    closures: tuple[date, ...]

    #: The working-day counting convention: "after-start" (casecheck's: the working days d
    #: with start < d <= end, so "within N working days" allows N of them) or "start-is-day-1"
    #: (the DfE CIN validator's: the start is the first of the N, so it allows N - 1 after it).
    #: Only ``within`` and ``date ± N working days`` follow it; ``working_days_between`` counts.
    working_days: str = "after-start"

    def __init__(
        self, closures: Iterable[date] = (), first_year: int = 1990, last_year: int = 2060,
        working_days: str = "after-start",
    ) -> None:
        if working_days not in WORKING_DAY_CONVENTIONS:
            raise ValueError(f"unknown working-day convention {working_days!r}; expected one of {', '.join(WORKING_DAY_CONVENTIONS)}")
        self.working_days = working_days
        for name, value in (("first_year", first_year), ("last_year", last_year)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int, not {type(value).__name__}")
        if not 1 <= first_year <= last_year <= 9999:
            raise ValueError(
                f"calendar years must satisfy 1 <= first_year <= last_year <= 9999, "
                f"got {first_year}..{last_year}"
            )
        self.first_year = first_year
        self.last_year = last_year
        normalised: set[date] = set()
        for d in closures:
            if not isinstance(d, date):
                raise TypeError(f"closure {d!r} is not a date")
            d = date(d.year, d.month, d.day)  # drop any time part
            if not first_year <= d.year <= last_year:
                raise CalendarRangeError(d, first_year, last_year, what="closure")
            normalised.add(d)
        self.closures = tuple(sorted(normalised))
        self._base, self._cumulative, self._working = _tables(
            first_year, last_year, self.closures
        )

    def __repr__(self) -> str:
        return (
            f"Calendar(closures={[d.isoformat() for d in self.closures]!r}, "
            f"first_year={self.first_year}, last_year={self.last_year})"
        )

    def ordinal(self, d: date) -> int:
        """The number of working days on or before ``d``: the calendar
        table's ``wd`` column, so working days between two dates is a subtraction."""
        return self._cumulative[self._offset(d)]

    def rows(self) -> list[tuple[date, int, bool]]:
        """The calendar table's contents: each date in range, the number of
        working days on or before it, and whether it is a working day."""
        out = []
        prev = 0
        for i, count in enumerate(self._cumulative):
            out.append((date.fromordinal(self._base + i), count, count != prev))
            prev = count
        return out

    def fingerprint(self) -> tuple:
        """What the calendar table's contents depend on: equal fingerprints,
        equal tables (a backend keeps a loaded calendar table by it)."""
        return (self.first_year, self.last_year, self.closures)

    def _offset(self, d: date, what: str = "date") -> int:
        """Index of ``d`` in the tables; raises if ``d`` is out of range."""
        i = d.toordinal() - self._base
        if not 0 <= i < len(self._cumulative):
            raise CalendarRangeError(d, self.first_year, self.last_year, what=what)
        return i

    def is_working_day(self, d: date) -> bool:
        """True if ``d`` is a weekday that is neither a bank holiday nor a closure."""
        i = self._offset(d)
        previous = self._cumulative[i - 1] if i else 0
        return self._cumulative[i] != previous

    def working_days_between(self, a: date, b: date) -> int:
        """The number of working days ``d`` with ``a < d <= b``.

        Friday to the following Monday is 1; the same day is 0. If ``b < a``
        the result is ``-working_days_between(b, a)``.
        """
        return self._cumulative[self._offset(b)] - self._cumulative[self._offset(a)]

    def add_working_days(self, a: date, n: int) -> date:
        """The ``n``-th working day strictly after ``a`` (``n > 0``), the
        ``|n|``-th strictly before it (``n < 0``), or ``a`` itself (``n == 0``).

        Friday + 1 and Saturday + 1 are both Monday; Monday - 1 is Friday.
        """
        i = self._offset(a)
        if n == 0:
            return a
        # Working days on or before a.
        upto = self._cumulative[i]
        if n > 0:
            index = upto + n - 1
        else:
            before = upto - (1 if self.is_working_day(a) else 0)
            index = before + n
        if not 0 <= index < len(self._working):
            raise CalendarRangeError(
                a,
                self.first_year,
                self.last_year,
                what=f"{n:+d} working days from",
                lands=True,
            )
        return date.fromordinal(self._working[index])

    def holidays(self) -> list[date]:
        """The bank holidays in range, sorted (closures not included)."""
        return list(_bank_holidays(self.first_year, self.last_year))

    def describe(self) -> dict:
        """What this calendar is, for echoing in reports so results can be reproduced."""
        return {
            "region": "england-and-wales",
            "source": f"holidays {_holidays_version()}",
            "years": [self.first_year, self.last_year],
            "closures": [d.isoformat() for d in self.closures],
            **({"working_days": self.working_days} if self.working_days != "after-start" else {}),
        }

    def working_days_in(self, a: date, b: date) -> list[date]:
        """The working days ``d`` with ``a < d <= b`` (empty if ``b <= a``)."""
        self._offset(a)
        self._offset(b)
        lo = bisect_right(self._working, a.toordinal())
        hi = bisect_right(self._working, b.toordinal())
        return [date.fromordinal(o) for o in self._working[lo:hi]]


def add_months(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar months (``n`` may be negative), clamped to the
    month end: 2024-11-30 + 3 = 2025-02-28; 2024-01-31 + 1 = 2024-02-29."""
    return d + relativedelta(months=n)


def add_years(d: date, n: int) -> date:
    """``d`` plus ``n`` years, clamped: 2024-02-29 + 1 year = 2025-02-28."""
    return d + relativedelta(years=n)


def _unit(unit: str) -> str:
    canonical = _UNIT_ALIASES.get(unit, unit)
    if canonical not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}")
    return canonical


def shift(d: date, amount: int, unit: str, calendar: Calendar) -> date:
    """``d`` moved by ``amount`` ``unit`` (negative moves back).

    ``unit`` is one of ``days``, ``weeks``, ``months``, ``years``,
    ``working days`` (the singular forms are accepted too). Days and weeks are
    exact; months and years clamp to the month end; working days use
    ``calendar.add_working_days``.
    """
    unit = _unit(unit)
    if unit == "days":
        return d + timedelta(days=amount)
    if unit == "weeks":
        return d + timedelta(weeks=amount)
    if unit == "months":
        return add_months(d, amount)
    if unit == "years":
        return add_years(d, amount)
    if amount < 0:
        return calendar.add_working_days(d, -convention_amount(-amount, calendar))
    return calendar.add_working_days(d, convention_amount(amount, calendar))


def within(a: date, b: date, amount: int, unit: str, direction: str, calendar: Calendar) -> bool:
    """Whether ``b`` is within ``amount`` ``unit`` ``direction`` ``a``.

    after:  ``a <= b`` and, for working days,
            ``calendar.working_days_between(a, b) <= amount``, otherwise
            ``b <= shift(a, amount, unit)``.
    before: ``b <= a`` and, for working days,
            ``calendar.working_days_between(b, a) <= amount``, otherwise
            ``b >= shift(a, -amount, unit)``.
    """
    unit = _unit(unit)
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}; expected 'after' or 'before'")
    if amount < 0:
        raise ValueError(f"amount must be >= 0, got {amount}")
    if direction == "after":
        if b < a:
            return False
        if unit == "working days":
            return calendar.working_days_between(a, b) <= convention_amount(amount, calendar)
        return b <= shift(a, amount, unit, calendar)
    if b > a:
        return False
    if unit == "working days":
        return calendar.working_days_between(b, a) <= convention_amount(amount, calendar)
    return b >= shift(a, -amount, unit, calendar)


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years of age on ``on``.

    A birthday on 29 February falls on 1 March in a year that is not a leap
    year. If ``on`` is before ``date_of_birth`` the result is the floored
    (negative) number of years: ``age_on(2010-05-01, 2010-04-30) == -1``.
    """
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def days_between(a: date, b: date) -> int:
    """Calendar days from ``a`` to ``b``: ``(b - a).days``."""
    return (b - a).days


def _holidays_version() -> str:
    """The installed ``holidays`` release, from its metadata: a calendar from
    the pack cache is described without importing the package (start-up)."""
    from importlib import metadata

    try:
        return metadata.version("holidays")
    except metadata.PackageNotFoundError:  # not installed as a distribution: ask the module
        import holidays

        return holidays.__version__
