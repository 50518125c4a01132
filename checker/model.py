"""The ground floor: what every stage shares about case data.

A record (:class:`Row`) of a table, the records of a run by table with the
indexes relations need (:class:`Dataset`), what a rule is judged against
(:class:`Context`: the records, the working-day calendar, the as-at date and
the pack's parameters), the four outcomes, and how a value is held in a
result. Nothing here imports a stage above it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from checker import workdays as cal
from checker.values import as_duration

PASS, FAIL, NOT_APPLICABLE, NOT_EVIDENCED = "pass", "fail", "not_applicable", "not_evidenced"
OUTCOMES = (PASS, FAIL, NOT_EVIDENCED, NOT_APPLICABLE)


class Row:
    """One record of one table. ``values`` maps field name to a typed value
    (None when missing)."""

    __slots__ = ("table", "key", "values", "line", "absent")

    def __init__(self, table: str, key: str, values: dict[str, Any], line: int | None = None,
                 absent: frozenset[str] = frozenset()):
        self.table = table
        self.key = key
        self.values = values
        self.line = line
        #: fields the record's source has no place for (Annex A list 8 visits
        #: record no seen-alone): *not carried*, which is not a blank
        self.absent = absent

    def __repr__(self) -> str:
        return f"<{self.table} {self.key}>"


class NotCarried:
    """A value the input has no place for: a column the format lacks, for
    every record or for some (distinct from a blank, which the council should
    have filled). Evaluation treats it as unknown, and an outcome that turns
    on it is not evidenced and left out of the rate (``engine/outcomes``).
    ``why`` says so in words; ``fmt`` names the format ("Annex A")."""

    __slots__ = ("why", "fmt")

    def __init__(self, why: str, fmt: str):
        self.why = why
        self.fmt = fmt

    def __repr__(self) -> str:
        return f"<not carried: {self.why}>"


class Dataset:
    """Typed records by table, with the indexes relations need.

    ``absent_tables`` (table -> why) names tables the input has no place for
    or holds only in part, ``format_title`` the input's format in words,
    ``not_carried_why`` ((table, field) -> a sentence) what a format says
    about a field it lacks: see :class:`NotCarried`. (Class defaults, never
    mutated: a loader that knows better assigns its own.)"""

    #: the input is a return format that lacks some data (``data/load.mark_not_carried``)
    lacks_some: bool = False
    absent_tables: dict[str, str] = {}
    format_title: str = "the input"
    #: the tables the input's format has a place for (a sheet or file of its own)
    format_tables: frozenset[str] = frozenset()
    not_carried_why: dict[tuple[str, str], str] = {}

    def __init__(self, tables: dict[str, list[Row]]):
        self.tables = tables
        self._by_key: dict[tuple[str, str], dict[Any, Row]] = {}
        self._by_field: dict[tuple[str, str], dict[Any, list[Row]]] = {}

    def min_value(self, table: str, field: str, upto: Any = None) -> Any:
        """The least present value of ``table.field`` (at most ``upto`` if given),
        or None: what a report asks of the data without listing it."""
        values = [v for r in self.tables.get(table) or () if (v := r.values.get(field)) is not None
                  and (upto is None or v <= upto)]
        return min(values) if values else None

    def lookup(self, table: str, field: str, value: Any) -> Row | None:
        idx = self._by_key.get((table, field))
        if idx is None:
            idx = {}
            for row in self.tables.get(table, ()):
                idx.setdefault(row.values.get(field), row)
            self._by_key[(table, field)] = idx
        return idx.get(value)

    def referring(self, table: str, field: str, value: Any) -> list[Row]:
        idx = self._by_field.get((table, field))
        if idx is None:
            idx = {}
            for row in self.tables.get(table, ()):
                v = row.values.get(field)
                if v is not None:
                    idx.setdefault(v, []).append(row)
            self._by_field[(table, field)] = idx
        return idx.get(value, [])


@dataclass
class Context:
    dataset: Dataset
    calendar: cal.Calendar
    as_at: _dt.date
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # a duration given as a plain (amount, unit) pair is a Duration
        self.params = {k: as_duration(v) for k, v in self.params.items()}

def plain_decimal(d: Decimal) -> Decimal:
    """``d`` without trailing zeros after the point (1.5000000000 -> 1.5, 100
    stays 100, not 1E+2): the value a fixed-scale decimal column gave back.
    Exact at any number of digits (``Decimal.normalize`` rounds to the
    context's 28 digits)."""
    if d.is_finite() and d == 0:
        return Decimal(0)  # no sign, no scale: -0, 0.000 and 0E+2 all read as 0
    if not d.is_finite():
        return d
    sign, digit_tuple, exponent = d.as_tuple()
    exp = int(exponent)  # an int for every finite decimal
    if exp >= 0:
        return d
    digits = list(digit_tuple)
    while exp < 0 and len(digits) > 1 and digits[-1] == 0:
        digits.pop()
        exp += 1
    if digits == [0]:
        sign, exp = 0, 0
    return Decimal((sign, tuple(digits), exp))


def breakdown_value(value: Any) -> Any:
    """A breakdown field's value as the result holds it."""
    if value is not None and not isinstance(value, (str, int, float, bool)):
        return str(value)
    return value
