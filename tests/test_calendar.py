"""Tests for checker.workdays: working days and calendar arithmetic.

Property tests compare the precomputed tables against a brute-force, day-by-day
count built straight from ``holidays.UK(subdiv="ENG")`` and ``weekday()``;
table-driven tests pin the cases a practitioner would check by hand.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from checker import workdays as cal
from checker.workdays import (
    Calendar,
    CalendarRangeError,
    add_months,
    add_years,
    age_on,
    days_between,
    shift,
    within,
)

D = date.fromisoformat

# --------------------------------------------------------------------------
# Brute force: an independent definition, one day at a time.
# --------------------------------------------------------------------------

LO, HI = date(2009, 1, 1), date(2035, 12, 31)
# The brute-force holiday set reaches a little past LO..HI so that results of
# add_working_days from dates near the ends can be checked too.
_BRUTE_HOLIDAYS = holidays.UK(subdiv="ENG", years=range(2007, 2038))
ONE = timedelta(days=1)


def brute_is_working(d: date, closures: frozenset[date] = frozenset()) -> bool:
    return d.weekday() < 5 and d not in _BRUTE_HOLIDAYS and d not in closures


def brute_between(a: date, b: date, closures: frozenset[date] = frozenset()) -> int:
    """Working days d with a < d <= b, negated when b < a."""
    if b < a:
        return -brute_between(b, a, closures)
    count = 0
    d = a + ONE
    while d <= b:
        count += brute_is_working(d, closures)
        d += ONE
    return count


def brute_add(a: date, n: int, closures: frozenset[date] = frozenset()) -> date:
    """Step one day at a time until n working days have been passed."""
    d, step, left = a, (ONE if n > 0 else -ONE), abs(n)
    while left:
        d += step
        if brute_is_working(d, closures):
            left -= 1
    return d


def brute_age(dob: date, on: date) -> int:
    """Largest k whose k-th birthday (29 Feb -> 1 Mar in common years) is <= on."""

    def birthday(k: int) -> date:
        year = dob.year + k
        try:
            return dob.replace(year=year)
        except ValueError:  # 29 February in a common year
            return date(year, 3, 1)

    k = on.year - dob.year + 1
    while birthday(k) > on:
        k -= 1
    return k


CAL = Calendar()
dates = st.dates(min_value=LO, max_value=HI)
PROPS = settings(max_examples=150, deadline=None)


# --------------------------------------------------------------------------
# Property tests
# --------------------------------------------------------------------------


@PROPS
@given(dates, dates)
def test_working_days_between_matches_brute_force(a: date, b: date) -> None:
    assert CAL.working_days_between(a, b) == brute_between(a, b)


@PROPS
@given(dates, dates)
def test_working_days_between_is_antisymmetric(a: date, b: date) -> None:
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)


@PROPS
@given(dates, dates, dates)
def test_working_days_between_is_additive(a: date, b: date, c: date) -> None:
    assert CAL.working_days_between(a, c) == CAL.working_days_between(
        a, b
    ) + CAL.working_days_between(b, c)


@PROPS
@given(dates)
def test_is_working_day_matches_brute_force(d: date) -> None:
    assert CAL.is_working_day(d) == brute_is_working(d)
    # A day is a working day exactly when it adds one to the count from the day before.
    assert CAL.working_days_between(d - ONE, d) == int(brute_is_working(d))


@PROPS
@given(dates, st.integers(min_value=-60, max_value=60))
def test_add_working_days_matches_stepping(a: date, n: int) -> None:
    assert CAL.add_working_days(a, n) == brute_add(a, n)


@PROPS
@given(dates, st.integers(min_value=1, max_value=300))
def test_add_working_days_forward_is_smallest_date_with_count(a: date, n: int) -> None:
    r = CAL.add_working_days(a, n)
    assert r > a
    assert brute_is_working(r)
    assert CAL.working_days_between(a, r) == n
    # Every earlier date has a smaller count, so r is the earliest deadline.
    assert CAL.working_days_between(a, r - ONE) == n - 1


@PROPS
@given(dates, st.integers(min_value=1, max_value=300))
def test_add_working_days_backward_counts_n_working_days_in_r_to_a(a: date, n: int) -> None:
    r = CAL.add_working_days(a, -n)
    assert r < a
    assert brute_is_working(r)
    # Working days d with r <= d < a: exactly n (r itself plus n - 1 after it).
    assert CAL.working_days_between(r - ONE, a - ONE) == n
    # And r is the latest such date.
    assert CAL.working_days_between(r, a - ONE) == n - 1


@PROPS
@given(dates, st.integers(min_value=-300, max_value=300))
def test_add_then_subtract_round_trips_on_working_days(a: date, n: int) -> None:
    assume(brute_is_working(a))
    assert CAL.add_working_days(CAL.add_working_days(a, n), -n) == a


@PROPS
@given(dates, st.integers(min_value=-300, max_value=300))
def test_add_working_days_from_non_working_day_snaps(a: date, n: int) -> None:
    """Round trip from any day lands on a itself if a is a working day,
    otherwise on the working day next to it in the direction travelled back."""
    assume(n != 0)
    back = CAL.add_working_days(CAL.add_working_days(a, n), -n)
    if brute_is_working(a):
        assert back == a
    elif n > 0:
        assert back == brute_add(a, -1)
    else:
        assert back == brute_add(a, 1)


@PROPS
@given(dates, st.integers(min_value=1, max_value=150), st.integers(min_value=1, max_value=150))
def test_add_working_days_composes(a: date, m: int, n: int) -> None:
    assert CAL.add_working_days(CAL.add_working_days(a, m), n) == CAL.add_working_days(a, m + n)


@PROPS
@given(
    dates,
    st.lists(st.dates(min_value=D("2024-01-01"), max_value=D("2024-12-31")), max_size=10),
    st.integers(min_value=-40, max_value=40),
)
def test_closures_match_brute_force(a: date, closures: list[date], n: int) -> None:
    c = Calendar(closures=closures)
    closed = frozenset(closures)
    a = D("2024-01-01") + timedelta(days=(a - LO).days % 366)
    b = a + timedelta(days=n * 3)
    assert c.working_days_between(a, b) == brute_between(a, b, closed)
    assert c.add_working_days(a, n) == brute_add(a, n, closed)


def _expected_within(a: date, b: date, amount: int, unit: str, direction: str) -> bool:
    """within() from first principles, without checker.workdays."""
    sign = 1 if direction == "after" else -1
    if direction == "after" and b < a:
        return False
    if direction == "before" and b > a:
        return False
    if unit == "working days":
        return abs(brute_between(a, b)) <= amount
    if unit == "days":
        limit = a + timedelta(days=sign * amount)
    elif unit == "weeks":
        limit = a + timedelta(days=7 * sign * amount)
    elif unit == "months":
        limit = a + relativedelta(months=sign * amount)
    else:
        limit = a + relativedelta(years=sign * amount)
    return b <= limit if direction == "after" else b >= limit


@settings(max_examples=300, deadline=None)
@given(
    dates,
    st.integers(min_value=-400, max_value=400),
    st.integers(min_value=0, max_value=60),
    st.sampled_from(cal.UNITS),
    st.sampled_from(cal.DIRECTIONS),
)
def test_within_agrees_with_definition(
    a: date, delta: int, amount: int, unit: str, direction: str
) -> None:
    if unit == "years":
        amount %= 3
    b = a + timedelta(days=delta)
    assert within(a, b, amount, unit, direction, CAL) == _expected_within(
        a, b, amount, unit, direction
    )


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D("1900-01-01"), max_value=D("2200-12-31")), st.integers(-600, 600))
def test_add_months_agrees_with_relativedelta(d: date, n: int) -> None:
    r = add_months(d, n)
    assert r == d + relativedelta(months=n)
    # Independent check: the month moves by exactly n and the day is clamped.
    assert (r.year * 12 + r.month) - (d.year * 12 + d.month) == n
    assert r.day == d.day or (r.day < d.day and (r + ONE).day == 1)


@PROPS
@given(st.dates(min_value=D("1900-01-01"), max_value=D("2200-12-31")), st.integers(-100, 100))
def test_add_years_agrees_with_relativedelta(d: date, n: int) -> None:
    assert add_years(d, n) == d + relativedelta(years=n)
    assert add_years(d, n) == add_months(d, 12 * n)


@PROPS
@given(
    st.dates(min_value=D("1950-01-01"), max_value=D("2050-12-31")),
    st.dates(min_value=D("1950-01-01"), max_value=D("2050-12-31")),
)
def test_age_on_matches_birthdays(dob: date, on: date) -> None:
    assert age_on(dob, on) == brute_age(dob, on)


@PROPS
@given(dates, dates)
def test_days_between(a: date, b: date) -> None:
    assert days_between(a, b) == (b - a).days
    assert shift(a, days_between(a, b), "days", CAL) == b


# --------------------------------------------------------------------------
# Table-driven examples
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, expected, why",
    [
        ("2024-03-08", "2024-03-11", 1, "Friday -> Monday"),
        ("2024-03-08", "2024-03-08", 0, "same day"),
        ("2024-03-09", "2024-03-11", 1, "Saturday -> Monday"),
        ("2024-03-09", "2024-03-10", 0, "Saturday -> Sunday"),
        ("2024-03-11", "2024-03-08", -1, "Monday -> previous Friday is negative"),
        ("2024-12-24", "2024-12-27", 1, "Christmas 2024: 25 and 26 are holidays"),
        ("2024-12-24", "2024-12-30", 2, "Christmas 2024 to the Monday"),
        ("2024-03-28", "2024-04-02", 1, "Easter 2024: Good Friday, Easter Monday"),
        ("2022-09-16", "2022-09-20", 1, "2022-09-19 state funeral"),
        ("2012-06-01", "2012-06-06", 1, "2012 jubilee: 4 and 5 June"),
        ("2022-06-01", "2022-06-06", 1, "2022 jubilee: 2 and 3 June"),
        ("2023-05-05", "2023-05-09", 1, "2023-05-08 coronation"),
        ("2020-05-07", "2020-05-11", 1, "2020-05-08 VE day"),
        ("2020-05-01", "2020-05-05", 2, "2020: Monday 4 May was a working day"),
        ("2021-12-24", "2021-12-29", 1, "2021: substitute days 27 and 28 December"),
        ("2024-01-01", "2024-12-31", 254, "working days in 2024 after 1 January"),
    ],
)
def test_working_days_between_examples(a: str, b: str, expected: int, why: str) -> None:
    assert CAL.working_days_between(D(a), D(b)) == expected, why


@pytest.mark.parametrize(
    "d, expected",
    [
        ("2024-12-25", False),
        ("2024-12-26", False),
        ("2024-12-27", True),
        ("2022-09-19", False),
        ("2012-06-04", False),
        ("2012-06-05", False),
        ("2020-05-08", False),
        ("2020-05-04", True),
        ("2022-06-03", False),
        ("2023-05-08", False),
        ("2024-03-09", False),  # Saturday
        ("2024-03-11", True),
    ],
)
def test_is_working_day_examples(d: str, expected: bool) -> None:
    assert CAL.is_working_day(D(d)) is expected


@pytest.mark.parametrize(
    "a, n, expected",
    [
        ("2024-03-08", 1, "2024-03-11"),  # Friday + 1 = Monday
        ("2024-03-09", 1, "2024-03-11"),  # Saturday + 1 = Monday
        ("2024-03-10", 1, "2024-03-11"),  # Sunday + 1 = Monday
        ("2024-03-11", -1, "2024-03-08"),  # Monday - 1 = Friday
        ("2024-03-09", -1, "2024-03-08"),  # Saturday - 1 = Friday
        ("2024-03-09", 0, "2024-03-09"),  # 0 is the day itself, even a Saturday
        ("2024-03-28", 1, "2024-04-02"),  # over Easter
        ("2024-04-02", -1, "2024-03-28"),
        ("2024-12-24", 1, "2024-12-27"),
        ("2024-02-19", 45, "2024-04-24"),  # 45 working days, across Easter
        ("2024-04-24", -45, "2024-02-19"),
        ("2023-01-03", 45, "2023-03-07"),
    ],
)
def test_add_working_days_examples(a: str, n: int, expected: str) -> None:
    assert CAL.add_working_days(D(a), n) == D(expected)
    assert shift(D(a), n, "working days", CAL) == D(expected)


def test_council_closure() -> None:
    c = Calendar(closures=[D("2024-12-27")])
    assert not c.is_working_day(D("2024-12-27"))
    assert c.working_days_between(D("2024-12-24"), D("2024-12-30")) == 1
    assert CAL.working_days_between(D("2024-12-24"), D("2024-12-30")) == 2
    assert c.add_working_days(D("2024-12-24"), 1) == D("2024-12-30")
    # A closure on a weekend or bank holiday changes nothing.
    same = Calendar(closures=[D("2024-12-28"), D("2024-12-25")])
    assert same.working_days_between(D("2024-12-24"), D("2024-12-30")) == 2


def test_closures_are_sorted_deduplicated_and_described() -> None:
    c = Calendar(closures=[D("2024-12-31"), D("2024-12-27"), D("2024-12-31")])
    assert c.closures == (D("2024-12-27"), D("2024-12-31"))
    info = c.describe()
    assert info == {
        "region": "england-and-wales",
        "source": f"holidays {holidays.__version__}",
        "years": [1990, 2060],
        "closures": ["2024-12-27", "2024-12-31"],
    }


def test_holidays_list() -> None:
    c = Calendar(closures=[D("2024-12-27")], first_year=2012, last_year=2024)
    hs = c.holidays()
    assert hs == sorted(hs)
    assert all(2012 <= d.year <= 2024 for d in hs)
    for one_off in ["2012-06-04", "2012-06-05", "2020-05-08", "2022-06-03", "2022-09-19", "2023-05-08"]:
        assert D(one_off) in hs
    assert D("2024-12-27") not in hs  # closures are not bank holidays
    assert set(hs) == {d for d in _BRUTE_HOLIDAYS if 2012 <= d.year <= 2024}


@pytest.mark.parametrize(
    "d, n, expected",
    [
        ("2024-11-30", 3, "2025-02-28"),
        ("2023-11-30", 3, "2024-02-29"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-31", 1, "2023-02-28"),
        ("2024-03-31", -1, "2024-02-29"),
        ("2025-03-31", -1, "2025-02-28"),
        ("2024-05-15", -17, "2022-12-15"),
        ("2024-08-31", 1, "2024-09-30"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 0, "2024-02-29"),
    ],
)
def test_add_months_examples(d: str, n: int, expected: str) -> None:
    assert add_months(D(d), n) == D(expected)
    assert shift(D(d), n, "months", CAL) == D(expected)


@pytest.mark.parametrize(
    "d, n, expected",
    [
        ("2024-02-29", 1, "2025-02-28"),
        ("2024-02-29", 4, "2028-02-29"),
        ("2024-02-29", -1, "2023-02-28"),
        ("2010-05-01", 18, "2028-05-01"),
    ],
)
def test_add_years_examples(d: str, n: int, expected: str) -> None:
    assert add_years(D(d), n) == D(expected)
    assert shift(D(d), n, "years", CAL) == D(expected)


@pytest.mark.parametrize(
    "d, amount, unit, expected",
    [
        ("2024-03-08", 10, "days", "2024-03-18"),
        ("2024-03-08", -8, "days", "2024-02-29"),
        ("2024-03-08", 6, "weeks", "2024-04-19"),
        ("2024-03-08", -1, "weeks", "2024-03-01"),
        ("2024-03-08", 1, "working days", "2024-03-11"),
        ("2024-03-08", 1, "working day", "2024-03-11"),  # singular accepted
        ("2024-03-08", 1, "month", "2024-04-08"),
    ],
)
def test_shift_examples(d: str, amount: int, unit: str, expected: str) -> None:
    assert shift(D(d), amount, unit, CAL) == D(expected)


def test_shift_rejects_unknown_unit() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        shift(D("2024-03-08"), 1, "fortnights", CAL)


@pytest.mark.parametrize(
    "a, b, amount, unit, direction, expected",
    [
        # Contact Friday, decision Monday: within 1 working day after.
        ("2024-03-08", "2024-03-11", 1, "working days", "after", True),
        ("2024-03-08", "2024-03-12", 1, "working days", "after", False),
        ("2024-03-08", "2024-03-08", 0, "working days", "after", True),
        ("2024-03-28", "2024-04-02", 1, "working days", "after", True),  # Easter
        ("2024-03-08", "2024-03-07", 5, "working days", "after", False),  # b before a
        ("2024-03-11", "2024-03-08", 1, "working days", "before", True),
        ("2024-03-11", "2024-03-07", 1, "working days", "before", False),
        ("2024-03-11", "2024-03-12", 1, "working days", "before", False),  # b after a
        # Calendar units: the limit itself is inside.
        ("2024-11-30", "2025-02-28", 3, "months", "after", True),
        ("2024-11-30", "2025-03-01", 3, "months", "after", False),
        ("2024-05-31", "2024-02-29", 3, "months", "before", True),
        ("2024-05-31", "2024-02-28", 3, "months", "before", False),
        ("2024-03-01", "2024-03-15", 2, "weeks", "after", True),
        ("2024-03-01", "2024-03-16", 2, "weeks", "after", False),
        ("2024-03-01", "2024-02-23", 7, "days", "before", True),
        ("2024-02-29", "2025-02-28", 1, "years", "after", True),
        ("2024-02-29", "2025-03-01", 1, "years", "after", False),
    ],
)
def test_within_examples(
    a: str, b: str, amount: int, unit: str, direction: str, expected: bool
) -> None:
    assert within(D(a), D(b), amount, unit, direction, CAL) is expected


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"direction": "during"}, "direction"),
        ({"unit": "hours"}, "unit"),
        ({"amount": -1}, "amount"),
    ],
)
def test_within_rejects_bad_arguments(kwargs: dict, message: str) -> None:
    args = {"amount": 1, "unit": "days", "direction": "after"} | kwargs
    with pytest.raises(ValueError, match=message):
        within(D("2024-03-08"), D("2024-03-09"), calendar=CAL, **args)


@pytest.mark.parametrize(
    "dob, on, expected",
    [
        ("2010-05-01", "2010-05-01", 0),
        ("2010-05-01", "2028-04-30", 17),
        ("2010-05-01", "2028-05-01", 18),
        ("2010-05-01", "2010-04-30", -1),
        ("2010-05-01", "2009-05-01", -1),
        ("2010-05-01", "2009-04-30", -2),
        # Leap-day birthday: the birthday is 1 March in a common year.
        ("2008-02-29", "2009-02-28", 0),
        ("2008-02-29", "2009-03-01", 1),
        ("2008-02-29", "2012-02-28", 3),
        ("2008-02-29", "2012-02-29", 4),
        ("2008-02-29", "2026-02-28", 17),
        ("2008-02-29", "2026-03-01", 18),
    ],
)
def test_age_on_examples(dob: str, on: str, expected: int) -> None:
    assert age_on(D(dob), D(on)) == expected


def test_days_between_examples() -> None:
    assert days_between(D("2024-02-28"), D("2024-03-01")) == 2
    assert days_between(D("2024-03-01"), D("2024-02-28")) == -2


# --------------------------------------------------------------------------
# Range errors
# --------------------------------------------------------------------------


def test_range_error_for_1980() -> None:
    with pytest.raises(CalendarRangeError) as info:
        CAL.is_working_day(D("1980-06-02"))
    text = str(info.value)
    assert "1980-06-02" in text and "1990-01-01" in text and "2060-12-31" in text
    assert isinstance(info.value, ValueError)
    assert info.value.date == D("1980-06-02")
    with pytest.raises(CalendarRangeError):
        CAL.working_days_between(D("1980-06-02"), D("2024-01-01"))
    with pytest.raises(CalendarRangeError):
        CAL.working_days_between(D("2024-01-01"), D("2061-01-01"))
    with pytest.raises(CalendarRangeError):
        CAL.add_working_days(D("1980-06-02"), 0)
    with pytest.raises(CalendarRangeError):
        within(D("1980-06-02"), D("1980-06-03"), 1, "working days", "after", CAL)


def test_range_edges_are_inclusive() -> None:
    assert CAL.working_days_between(D("1990-01-01"), D("2060-12-31")) > 0
    assert CAL.is_working_day(D("1990-01-02"))
    assert CAL.add_working_days(D("2060-12-30"), 1) == D("2060-12-31")  # Friday


def test_add_working_days_past_the_range() -> None:
    with pytest.raises(CalendarRangeError, match="2060-12-29"):
        CAL.add_working_days(D("2060-12-29"), 5)
    small = Calendar(first_year=2024, last_year=2024)
    assert small.add_working_days(D("2024-12-30"), 1) == D("2024-12-31")
    with pytest.raises(CalendarRangeError, match="2024-01-01 to 2024-12-31"):
        small.add_working_days(D("2024-12-31"), 1)
    # 1 January 2024 is a bank holiday, so there is no working day before 2 January.
    with pytest.raises(CalendarRangeError):
        small.add_working_days(D("2024-01-02"), -1)
    with pytest.raises(CalendarRangeError):
        small.is_working_day(D("2025-01-01"))


def test_bad_construction() -> None:
    with pytest.raises(CalendarRangeError, match="closure 1985-01-02"):
        Calendar(closures=[D("1985-01-02")])
    with pytest.raises(ValueError):
        Calendar(first_year=2030, last_year=2020)
    with pytest.raises(TypeError):
        Calendar(closures=["2024-12-27"])  # type: ignore[list-item]
