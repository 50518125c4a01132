"""The language's run-time values that Python has no type for.

Numbers, strings, booleans, dates and date-times are Python's own; a missing
value is ``None``; a record is a ``model.Row``; a list is a ``list``. A
duration (``45 working days``, ``3 months``) is a :class:`Duration`: a
named pair, so it unpacks and compares as the ``(amount, unit)`` tuple it
replaces, and a parameter given as such a tuple (``Context(params=...)``) is
taken as one.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Duration(NamedTuple):
    """A length of time: ``amount`` of ``unit`` (one of ``workdays.UNITS``, as
    the language writes them; ``workdays`` reads a singular too)."""

    amount: int
    unit: str

    def __str__(self) -> str:
        """As rules write it: ``1 working day``, ``3 months``."""
        unit = self.unit[:-1] if self.amount == 1 else self.unit
        return f"{self.amount} {unit}"


def as_duration(value: Any) -> Any:
    """``value`` with a duration given as a plain ``(amount, unit)`` pair (or a
    list of them) made a :class:`Duration`; anything else as it is."""
    if isinstance(value, tuple) and not isinstance(value, Duration) and len(value) == 2 \
            and isinstance(value[0], int) and not isinstance(value[0], bool) and isinstance(value[1], str):
        return Duration(*value)
    if isinstance(value, list) and any(isinstance(v, tuple) for v in value):
        return [as_duration(v) for v in value]
    return value
