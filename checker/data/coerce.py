"""Coercion: a raw cell to a typed value of its field, or the reason it does not fit.

Every reader and the DuckDB fast path convert cells with :func:`coerce` /
:func:`converter`, so a value means the same whatever format it came in.
Also here: what a load reports, one record each (:class:`Rejection`,
:class:`IntegrityIssue`), per table (:class:`TableAccount`) and in all
(:class:`LoadResult`).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from checker.errors import Diagnostics
from checker.model import Dataset
from checker.schema import DataSchema, Field
from checker.suggest import did_you_mean

_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_INT = re.compile(r"^[+-]?\d+$")

KEY_SEPARATOR = "|"


class ColumnPlan(NamedTuple):
    """How the loader takes one table's rows, made once per table."""

    converters: dict[str, Callable]  # field -> converter(): row by row
    columns: dict[str, Callable]  # field -> column_converter(): a chunk's column at a time
    required: list[str]
    blank: dict[str, None]  # every field, missing
    distinct: tuple[str, ...]  # fields whose values are noted: they link this table to another
    orders: list[tuple[str, str]]  # the date_order pairs
    dates: list[str]  # the dates that may not be after as_at
    noted: tuple[str, ...]  # all of those fields
    key_field: str | None  # _key_field()
    by_hand: frozenset = frozenset()  # fields typed by hand: a bad value is read as missing


@dataclass(frozen=True)
class Rejection:
    """A row that could not be loaded, and exactly why."""

    table: str
    file: str
    row: int  # 1-based line in the file (the header is line 1), or item number in a fixture
    column: str | None
    value: str | None
    reason: str  # short, stable: "bad value", "missing required value", "duplicate key", "wrong number of cells"
    message: str

    def to_dict(self) -> dict:
        return {
            "table": self.table,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "message": self.message,
        }


@dataclass
class TableAccount:
    table: str
    file: str | None
    read: int = 0
    loaded: int = 0
    excluded: Counter = field(default_factory=Counter)
    rejected: Counter = field(default_factory=Counter)
    ignored_columns: list[str] = field(default_factory=list)
    fields: set[str] | None = None  # schema fields the input carries (None: all)
    partial: str | None = None  # why the input holds only part of this table
    unread: int = 0  # values typed by hand that did not fit, read as missing (by_hand fields)

    def balanced(self) -> bool:
        return self.read == self.loaded + sum(self.excluded.values()) + sum(self.rejected.values())

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "read": self.read,
            "evaluated": self.loaded,
            "excluded": dict(sorted(self.excluded.items())),
            "rejected": dict(sorted(self.rejected.items())),
            "ignored_columns": sorted(self.ignored_columns),
            **({"partial": self.partial} if self.partial else {}),
        }


@dataclass(frozen=True)
class IntegrityIssue:
    """A loaded record that breaks a rule of the data itself."""

    check: str  # "orphan" | "date order" | "after as_at"
    table: str
    file: str
    row: int | None
    key: str
    column: str
    value: str
    message: str

    def to_dict(self) -> dict:
        return {
            "check": self.check,
            "table": self.table,
            "file": self.file,
            "row": self.row,
            "key": self.key,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class LoadResult:
    dataset: Dataset
    accounts: dict[str, TableAccount]
    rejections: list[Rejection]
    diagnostics: Diagnostics
    missing_tables: list[str]
    integrity: list[IntegrityIssue] = field(default_factory=list)
    format: str = "records"
    #: the records are in the DuckDB engine's tables already (read there by
    #: ``data/readers/csv_duckdb.py``); ``dataset`` makes them in Python if asked
    in_database: bool = False
    #: a folder ``casecheck convert`` wrote from a return: the return's format, whose
    #: rule variants it is judged by (``data/load.restore_not_carried``)
    converted_from: str | None = None
    #: an audit template's answers to the manual questions (manual item id ->
    #: answer -> count), read by ``tools/audit_template.py``; None otherwise
    manual_answers: dict[str, dict[str, int]] | None = None

    @property
    def judged_as(self) -> str:
        """The format whose rule variants apply: a converted return's own, else the input's."""
        return self.converted_from or self.format

    def absent_fields(self, table: str, schema: DataSchema) -> set[str]:
        """Fields of ``table`` the input does not carry at all (not merely blank)."""
        acc = self.accounts.get(table)
        if acc is None or acc.fields is None:
            return set()
        return set(schema.tables[table].fields) - acc.fields

    def counts(self) -> dict[str, int]:
        accts = self.accounts.values()
        return {
            "read": sum(a.read for a in accts),
            "evaluated": sum(a.loaded for a in accts),
            "excluded": sum(sum(a.excluded.values()) for a in accts),
            "rejected": sum(sum(a.rejected.values()) for a in accts),
        }


def coerce(fld: Field, raw: Any, code_sets: dict[str, dict[str, str]]) -> tuple[Any, str | None]:
    """Coerce one raw cell to the field's type: (value, None) or (None, what was expected)."""
    if raw is None:
        return None, None
    kind = fld.type.kind
    if isinstance(raw, bool):
        if kind == "boolean":
            return raw, None
        raw = "true" if raw else "false"
    elif isinstance(raw, _dt.datetime):
        if kind == "datetime":
            return raw, None
        if kind == "date":
            return raw.date(), None  # a date field keeps the date; systems often export midnight times
        raw = raw.isoformat()
    elif isinstance(raw, _dt.date):
        if kind == "date":
            return raw, None
        if kind == "datetime":
            return _dt.datetime.combine(raw, _dt.time(0)), None
        raw = raw.isoformat()
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if kind == "date":
            return _excel_serial(raw)
        if kind in ("integer", "decimal", "string", "code") and isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        raw = repr(raw) if isinstance(raw, float) else str(raw)
    if kind == "string" and fld.preserve_whitespace:
        return (str(raw) or None), None
    text = str(raw).strip()
    if text == "":
        return None, None
    if kind == "string":
        return text, None
    if kind == "code":
        codes = code_sets.get(fld.type.code_set or "", {})
        if text in codes:
            return text, None
        if fld.by_hand:
            found = by_hand_code(text, codes)
            if found is not None:
                return found, None
        hint = did_you_mean(text, codes)
        listed = ", ".join(list(codes)[:10]) + (", ..." if len(codes) > 10 else "")
        return None, f"a code from `{fld.type.code_set}` ({listed})" + (f"; {hint}" if hint else "")
    if kind == "integer":
        if _INT.match(text) and len(text) <= 4000:  # Python will not read an int of over 4,300 digits
            return int(text), None
        return None, "a whole number"
    if kind == "decimal":
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None, "a number"
        if not value.is_finite():
            return None, "a number"
        return value, None
    if kind == "boolean":
        low = text.lower()
        if low in _TRUE:
            return True, None
        if low in _FALSE:
            return False, None
        return None, "true or false (also yes/no, y/n, 1/0)"
    if kind == "date":
        return parse_date(text)
    if kind == "datetime":
        try:
            return _dt.datetime.fromisoformat(text.replace(" ", "T", 1)), None
        except ValueError:
            return None, "a date and time, YYYY-MM-DDTHH:MM"
    raise AssertionError(kind)


#: What people type for an answer that is not the code: folded as below.
_HAND_ALIASES = {"n_a": "not_applicable", "na": "not_applicable", "y": "yes", "n": "no", "part": "partly",
                 "partial": "partly", "ri": "requires_improvement"}


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def by_hand_code(text: str, codes: dict[str, str]) -> str | None:
    """The code a person meant by ``text``: a code or a code's label in any
    case, spacing or punctuation (`Yes`, `Requires improvement to be good`,
    `requires improvement`, `n/a`); None if it is none of them (or more than one)."""
    folded = _fold(text)
    by_fold: dict[str, set[str]] = {}
    for code, label in codes.items():
        by_fold.setdefault(_fold(code), set()).add(code)
        by_fold.setdefault(_fold(str(label)), set()).add(code)
    hits = by_fold.get(folded) or by_fold.get(_HAND_ALIASES.get(folded, ""))
    if hits and len(hits) == 1:
        return next(iter(hits))
    return None


def by_hand_spellings(codes: dict[str, str]) -> dict[str, str]:
    """Every folded spelling :func:`by_hand_code` takes for one code (a code or
    label folded, an alias), and that code: the same reading as a lookup
    table, for a database (the Spark reader) to apply."""
    spellings = {_fold(c) for c in codes} | {_fold(str(label)) for label in codes.values()} | set(_HAND_ALIASES)
    return {s: code for s in sorted(spellings) if (code := by_hand_code(s, codes)) is not None}


def converter(fld: Field, code_sets: dict[str, dict[str, str]]):
    """A fast :func:`coerce` for one field, for the loader's inner loop: text
    cells (most input) take a specialised path; dates and booleans, which
    repeat, are memoised. Anything else falls back to :func:`coerce`, so the
    two always agree (tested)."""
    kind = fld.type.kind

    def slow(raw):
        return coerce(fld, raw, code_sets)

    if kind == "string":
        if fld.preserve_whitespace:
            def conv(raw):
                return ((raw or None), None) if raw.__class__ is str else slow(raw)
            return conv

        def conv(raw):
            if raw.__class__ is str:
                t = raw.strip()
                return (t or None), None
            return slow(raw)
        return conv
    if kind == "code":
        codes = code_sets.get(fld.type.code_set or "", {})

        def conv(raw):
            if raw.__class__ is str:
                t = raw.strip()
                if not t:
                    return None, None
                if t in codes:
                    return t, None
            return slow(raw)
        return conv
    if kind in ("date", "boolean"):
        memo: dict[str, tuple] = {}

        def conv(raw):
            if raw.__class__ is str:
                hit = memo.get(raw)
                if hit is None:
                    hit = slow(raw)
                    if len(memo) < 200_000:
                        memo[raw] = hit
                return hit
            return slow(raw)
        return conv
    return slow


_EXCEL_EPOCH = _dt.date(1899, 12, 30)


def _excel_serial(n: float) -> tuple[Any, str | None]:
    """An Excel serial day number (a date cell saved as a number)."""
    if not float(n).is_integer() or not 1 <= n <= 2958465:
        return None, "a date (Excel day numbers must be whole days)"
    return _EXCEL_EPOCH + _dt.timedelta(days=int(n)), None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_PART = re.compile(r"^(\S+)[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def parse_date(text: str) -> tuple[Any, str | None]:
    expected = "a date, YYYY-MM-DD or DD/MM/YYYY"
    t = _TIME_PART.match(text)
    if t:  # "2024-05-01 00:00:00" as case systems export dates: the date part
        text = t.group(1)
    m = _UK_DATE.match(text)
    try:
        if m:
            day, month, year = (int(x) for x in m.groups())
            return _dt.date(year, month, day), None
        if _ISO_DATE.match(text):  # not just any 10 characters: `3-Mar-2025` is no date, not an unreal one
            return _dt.date.fromisoformat(text), None
    except ValueError:
        return None, expected + " (this is not a real date)"
    return None, expected


class Unfit(Exception):
    """A cell the column-wise path does not take: its chunk of rows is loaded row by row instead."""


_KEPT = frozenset({str, _dt.date})  # and naive datetimes (aware ones equal across zones)


class Memo(dict):
    """Raw cell -> typed value, for the fields of one kind (and code set): a miss converts the
    cell, and remembers it when it is text or a date (dates, codes and booleans repeat). A cell that does
    not convert raises :class:`Unfit`, and is never remembered."""

    __slots__ = ("conv",)

    def __init__(self, conv, seed=()):
        super().__init__(seed)
        self[None] = None
        self.conv = conv

    def __missing__(self, raw):
        value, expected = self.conv(raw)
        if expected is not None:
            raise Unfit
        # Only text and dates are kept: True, 1 and 1.0 are one key to a dict but need not
        # convert alike (a date is never equal to a datetime, nor to a number; two aware
        # datetimes are equal at the same instant in different zones, but are different days).
        if (raw.__class__ in _KEPT or raw.__class__ is _dt.datetime and raw.tzinfo is None) and len(self) < 200_000:
            self[raw] = value
        return value


_strip = str.strip


def column_converter(fld: Field, code_sets: dict[str, dict[str, str]], memos: dict):
    """The column-wise :func:`coerce` of one field: a list of raw cells (None where missing) ->
    the list of their values; raises :class:`Unfit` (or TypeError, for a cell that cannot be a
    dict key) if any cell does not convert. Fields of one kind (codes: of one code set) convert
    a cell alike, so they share a memo."""
    kind = fld.type.kind
    if kind == "string" and fld.preserve_whitespace:  # as sent: only "" is missing
        return lambda raw: [v or None if v.__class__ is str else converter(fld, code_sets)(v)[0] for v in raw]
    if kind == "string":  # unique values mostly (keys, IDs): not remembered
        conv = converter(fld, code_sets)

        def strings(raw: list) -> list:
            try:
                col: list[str | None] = list(map(_strip, raw))
            except TypeError:  # a missing cell (None), or not text
                return [v if v is None else conv(v)[0] for v in raw]
            if "" in col:
                col = [v or None for v in col]
            return col
        return strings
    which = (kind, fld.type.code_set if kind == "code" else None, fld.by_hand)
    memo = memos.get(which)
    if memo is None:
        seed = {c: c for c in code_sets.get(fld.type.code_set or "", {})} if kind == "code" else ()
        memo = memos[which] = Memo(lambda raw: coerce(fld, raw, code_sets), seed)
    get = memo.__getitem__
    if kind == "boolean":  # True and False are themselves (not remembered: True == 1 as a key)
        def booleans(raw: list) -> list:
            if set(map(type, raw)) <= _BOOLS:
                return list(raw)
            return list(map(get, raw))
        return booleans
    if kind == "integer":  # a whole number (int, not bool) is itself (not remembered: 1 == 1.0 == True as keys)
        def integers(raw: list) -> list:
            if set(map(type, raw)) <= _INTS:
                whole = [v for v in raw if v is not None]
                if not whole or (max(whole) < _INT_BOUND and min(whole) > -_INT_BOUND):
                    return list(raw)
            return list(map(get, raw))
        return integers
    return lambda raw: list(map(get, raw))


_BOOLS = frozenset({bool, type(None)})
_INTS = frozenset({int, type(None)})
_INT_BOUND = 10**3000  # (coerce reads a whole number of up to 4,000 digits)

def show_value(v: Any) -> str:
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    text = str(v)
    return text if len(text) <= 200 else text[:200] + "..."
