"""Case data in: typed records from CSV files (one per table) or from a rule
test's inline fixtures, coerced to the schema on the way in.

Nothing is silently dropped. Every row read is either loaded (and so
evaluated) or rejected with the file, row, column, value and what was
expected; the per-table accounting ``read == loaded + rejected`` is checked
before the result is returned. Columns the schema does not know (a name, an
address) are ignored and reported, never carried into results.
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .errors import Diagnostics, Location
from .evaluate import Dataset, Row
from .schema import DataSchema, Field, Table
from .suggest import did_you_mean

_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_INT = re.compile(r"^[+-]?\d+$")

KEY_SEPARATOR = "|"


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
    rejected: Counter = field(default_factory=Counter)
    ignored_columns: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "read": self.read,
            "evaluated": self.loaded,
            "excluded": {},
            "rejected": dict(sorted(self.rejected.items())),
            "ignored_columns": sorted(self.ignored_columns),
        }


@dataclass
class LoadResult:
    dataset: Dataset
    accounts: dict[str, TableAccount]
    rejections: list[Rejection]
    diagnostics: Diagnostics
    missing_tables: list[str]


def coerce(fld: Field, raw: Any, code_sets: dict[str, dict[str, str]]) -> tuple[Any, str | None]:
    """Coerce one raw cell to the field's type: (value, None) or (None, what was expected)."""
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        if fld.type.kind == "boolean":
            return raw, None
        raw = "true" if raw else "false"
    text = str(raw).strip()
    if text == "":
        return None, None
    kind = fld.type.kind
    if kind == "string":
        return text, None
    if kind == "code":
        codes = code_sets.get(fld.type.code_set, {})
        if text in codes:
            return text, None
        hint = did_you_mean(text, codes)
        listed = ", ".join(list(codes)[:10]) + (", ..." if len(codes) > 10 else "")
        return None, f"a code from `{fld.type.code_set}` ({listed})" + (f"; {hint}" if hint else "")
    if kind == "integer":
        if _INT.match(text):
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
        return _date(text)
    if kind == "datetime":
        try:
            return _dt.datetime.fromisoformat(text.replace(" ", "T", 1)), None
        except ValueError:
            return None, "a date and time, YYYY-MM-DDTHH:MM"
    raise AssertionError(kind)


def _date(text: str) -> tuple[Any, str | None]:
    expected = "a date, YYYY-MM-DD or DD/MM/YYYY"
    m = _UK_DATE.match(text)
    try:
        if m:
            day, month, year = (int(x) for x in m.groups())
            return _dt.date(year, month, day), None
        if len(text) == 10:
            return _dt.date.fromisoformat(text), None
    except ValueError:
        return None, expected + " (this is not a real date)"
    return None, expected


class _Loader:
    def __init__(self, schema: DataSchema):
        self.schema = schema
        self.tables: dict[str, list[Row]] = {}
        self.accounts: dict[str, TableAccount] = {}
        self.rejections: list[Rejection] = []
        self.diagnostics = Diagnostics()

    def add_rows(self, table: Table, file: str, rows, columns: list[str] | None) -> None:
        """rows: iterable of (row number, dict column -> raw value)."""
        account = self.accounts.setdefault(table.name, TableAccount(table.name, file))
        out = self.tables.setdefault(table.name, [])
        seen: dict[str, int] = {}
        for rownum, raw in rows:
            account.read += 1
            if raw is None:  # malformed line, already described
                continue
            values: dict[str, Any] = {}
            problem = None
            for name, fld in table.fields.items():
                value, expected = coerce(fld, raw.get(name), self.schema.code_sets)
                if expected is not None:
                    problem = ("bad value", name, raw.get(name), f"`{raw.get(name)}` is not {expected}")
                    break
                if value is None and fld.required:
                    problem = ("missing required value", name, None, f"`{name}` is required but blank")
                    break
                values[name] = value
            if problem is None:
                key = KEY_SEPARATOR.join(str(values[k]) for k in table.key)
                if key in seen:
                    problem = (
                        "duplicate key",
                        KEY_SEPARATOR.join(table.key),
                        key,
                        f"duplicate key `{key}` (first at row {seen[key]})",
                    )
                else:
                    seen[key] = rownum
            if problem is not None:
                reason, column, value, message = problem
                self.reject(table.name, file, rownum, column, value, reason, message)
                continue
            out.append(Row(table.name, key, values, rownum))
            account.loaded += 1

    def reject(self, table, file, rownum, column, value, reason, message) -> None:
        self.accounts[table].rejected[reason] += 1
        self.rejections.append(
            Rejection(table, file, rownum, column, None if value is None else str(value), reason, message)
        )

    def finish(self, missing_tables: list[str]) -> LoadResult:
        for name in self.schema.tables:
            self.tables.setdefault(name, [])
        for rows in self.tables.values():
            rows.sort(key=lambda r: r.key)
        for acc in self.accounts.values():
            assert acc.read == acc.loaded + sum(acc.rejected.values()), f"accounting broken for {acc.table}"
        self.rejections.sort(key=lambda r: (r.table, r.row, r.column or ""))
        self._check_references()
        return LoadResult(Dataset(self.tables), self.accounts, self.rejections, self.diagnostics, missing_tables)

    MAX_REFERENCE_WARNINGS = 10

    def _check_references(self) -> None:
        """Warn about records that point at a parent the data does not have
        (an assessment for an unknown referral): rules reaching through such
        a reference see a missing record, and say so in their reasons."""
        for table in self.schema.tables.values():
            if table.name not in self.accounts:
                continue
            for link in table.links.values():
                if link.inverse or link.target not in self.accounts:
                    continue
                keys = {r.values.get(link.remote_field) for r in self.tables[link.target]}
                orphans = [r for r in self.tables[table.name] if r.values.get(link.local_field) not in keys and r.values.get(link.local_field) is not None]
                file = self.accounts[table.name].file
                for r in orphans[: self.MAX_REFERENCE_WARNINGS]:
                    self.diagnostics.warning(
                        f"{table.name} `{r.key}` (row {r.line}): {link.local_field} `{r.values[link.local_field]}` has no {link.target} record",
                        Location(file),
                        code="orphan",
                    )
                if len(orphans) > self.MAX_REFERENCE_WARNINGS:
                    self.diagnostics.warning(
                        f"{table.name}: {len(orphans) - self.MAX_REFERENCE_WARNINGS} more records whose {link.local_field} has no {link.target} record",
                        Location(file),
                        code="orphan",
                    )


def load_csv_dir(schema: DataSchema, directory: str | Path) -> LoadResult:
    """Read ``<table>.csv`` for each schema table found in ``directory``."""
    directory = Path(directory)
    loader = _Loader(schema)
    if not directory.is_dir():
        loader.diagnostics.error(f"data folder `{directory}` does not exist or is not a folder", Location(str(directory)), code="no-data")
        return loader.finish([])
    known = {p.stem: p for p in directory.glob("*.csv")}
    missing = []
    for stem, path in sorted(known.items()):
        if stem not in schema.tables:
            loader.diagnostics.warning(
                f"`{path.name}` is not a table of schema `{schema.name}`; it was not read",
                Location(str(path)),
                code="unknown-table",
                suggestion=did_you_mean(stem, schema.tables),
            )
    for name, table in schema.tables.items():
        path = known.get(name)
        if path is None:
            missing.append(name)
            continue
        _read_csv(loader, table, path)
    return loader.finish(missing)


def _read_csv(loader: _Loader, table: Table, path: Path) -> None:
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        loader.diagnostics.error(
            f"`{path.name}` is not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV",
            Location(file),
            code="encoding",
        )
        loader.accounts[table.name] = TableAccount(table.name, file)
        return
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader)
    except StopIteration:
        loader.diagnostics.error(f"`{path.name}` is empty: it has no header row", Location(file, 1, 1), code="empty-file")
        loader.accounts[table.name] = TableAccount(table.name, file)
        return
    header = [h.strip() for h in header]
    account = loader.accounts.setdefault(table.name, TableAccount(table.name, file))
    for i, h in enumerate(header):
        if h not in table.fields:
            account.ignored_columns.append(h)
            loader.diagnostics.warning(
                f"column `{h}` of `{path.name}` is not a field of `{table.name}`; it was ignored",
                Location(file, 1, i + 1),
                code="unknown-column",
                suggestion=did_you_mean(h, table.fields),
            )
    for name, fld in table.fields.items():
        if name not in header:
            if fld.required:
                loader.diagnostics.error(
                    f"`{path.name}` has no column `{name}`, which `{table.name}` requires",
                    Location(file, 1, 1),
                    code="missing-column",
                    suggestion=did_you_mean(name, header),
                )
            else:
                loader.diagnostics.warning(
                    f"`{path.name}` has no column `{name}`; every value of it is missing",
                    Location(file, 1, 1),
                    code="missing-column",
                )
    if any(d.code == "missing-column" and d.is_error and d.location.file == file for d in loader.diagnostics.items):
        return

    def rows():
        for lineno, cells in enumerate(reader, start=2):
            if not cells or all(not c.strip() for c in cells):
                continue  # a blank line (Excel's padding) is not a row
            if len(cells) != len(header):
                loader.reject(
                    table.name,
                    file,
                    lineno,
                    None,
                    None,
                    "wrong number of cells",
                    f"row has {len(cells)} cells; the header has {len(header)}",
                )
                yield lineno, None
                continue
            yield lineno, dict(zip(header, cells))

    loader.add_rows(table, file, rows(), header)


def load_records(schema: DataSchema, data: dict[str, list[dict]], source: str, locate=None) -> LoadResult:
    """Load inline records (a rule test's `data:`) through the same coercion."""
    loader = _Loader(schema)
    for name, records in data.items():
        if name not in schema.tables:
            loc = locate(("data", name)) if locate else Location(source)
            loader.diagnostics.error(
                f"unknown table `{name}` in test data",
                loc,
                code="unknown-table",
                suggestion=did_you_mean(name, schema.tables),
            )
            continue
        table = schema.tables[name]
        for i, rec in enumerate(records):
            for col in rec:
                if col not in table.fields:
                    loc = locate(("data", name, i, col)) if locate else Location(source)
                    loader.diagnostics.error(
                        f"unknown field `{col}` for table `{name}` in test data",
                        loc,
                        code="unknown-field",
                        suggestion=did_you_mean(col, table.fields),
                    )
        loader.add_rows(table, source, ((i + 1, rec) for i, rec in enumerate(records)), None)
    return loader.finish([])
