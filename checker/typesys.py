"""The types of the expression language.

Scalar types are the data schema's field types (string, integer, decimal,
boolean, date, datetime, code). ``code`` carries the name of its code set, so
``category == "NEGLECT"`` can be rejected before any data is read. Beyond
them: ``duration`` (``45 working days``), ``record(table)`` for a related
record, and ``list of T``. Every value of every type may be *missing*; the
type says what it is when present.
"""

from __future__ import annotations

from dataclasses import dataclass

SCALAR_KINDS = ("string", "integer", "decimal", "boolean", "date", "datetime", "code")


@dataclass(frozen=True)
class Type:
    kind: str  # a SCALAR_KIND, "duration", "record", "list", or "empty" (the item type of [])
    code_set: str | None = None  # for code
    table: str | None = None  # for record
    item: Type | None = None  # for list

    def __str__(self) -> str:
        if self.kind == "code":
            return f"code({self.code_set})"
        if self.kind == "record":
            return f"{self.table} record"
        if self.kind == "list":
            return f"list of {self.item}"
        if self.kind == "empty":
            return "nothing"
        return self.kind

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("integer", "decimal")

    @property
    def is_temporal(self) -> bool:
        return self.kind in ("date", "datetime")

    @property
    def is_list(self) -> bool:
        return self.kind == "list"

    @property
    def is_ordered(self) -> bool:
        """Values of the type can be compared with < and >."""
        return self.kind in ("integer", "decimal", "date", "datetime", "string")


STRING = Type("string")
INTEGER = Type("integer")
DECIMAL = Type("decimal")
BOOLEAN = Type("boolean")
DATE = Type("date")
DATETIME = Type("datetime")
DURATION = Type("duration")
EMPTY = Type("empty")


def code(code_set: str) -> Type:
    return Type("code", code_set=code_set)


def record(table: str) -> Type:
    return Type("record", table=table)


def list_of(item: Type) -> Type:
    return Type("list", item=item)


def scalar(kind: str, code_set: str | None = None) -> Type:
    if kind == "code":
        return code(code_set or "")
    return Type(kind)


def unify(a: Type, b: Type) -> Type | None:
    """The type both values can be seen as, or None when they do not mix.

    integer and decimal unify to decimal; a string literal unifies with a
    code (the checker then checks the literal is in the code set); ``[]``
    unifies with any list."""
    if a == b:
        return a
    if a.kind == "empty":
        return b
    if b.kind == "empty":
        return a
    if a.is_numeric and b.is_numeric:
        return DECIMAL
    if a.kind == "code" and b.kind == "string":
        return a
    if a.kind == "string" and b.kind == "code":
        return b
    if a.kind == "list" and b.kind == "list" and a.item is not None and b.item is not None:
        inner = unify(a.item, b.item)
        return list_of(inner) if inner is not None else None
    return None


def describe(t: Type) -> str:
    """A plain-words name for messages: 'a date', 'a list of dates'."""
    if t.kind == "list" and t.item is not None and t.item.kind == "empty":
        return "an empty list"
    if t.kind == "list":
        return f"a list of {_plural(t.item)}" if t.item else "a list"
    if t.kind == "record":
        return f"a {t.table} record"
    if t.kind == "code":
        return f"a code from `{t.code_set}`"
    if t.kind == "empty":
        return "an empty list"
    article = "an" if t.kind[0] in "aeiou" else "a"
    return f"{article} {t.kind}"


def _plural(t: Type | None) -> str:
    if t is None:
        return "values"
    if t.kind == "record":
        return f"{t.table} records"
    if t.kind == "code":
        return f"codes from `{t.code_set}`"
    if t.kind == "list":
        return "lists"
    return {"string": "strings", "integer": "integers", "decimal": "decimals", "boolean": "booleans",
            "date": "dates", "datetime": "date-times", "duration": "durations"}.get(t.kind, t.kind)
