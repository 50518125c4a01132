"""Case data in: typed records from any supported format (``data/readers/``) or
from a rule test's inline fixtures, coerced to the schema on the way in.

Nothing is silently dropped. Every row read is loaded (and so evaluated),
excluded (deliberately not loaded, by reason) or rejected (with the file,
row, column, value and what was expected); the per-table accounting
``read == loaded + excluded + rejected`` is checked before the result is
returned. Columns the schema does not know (a name, an address) are ignored
and reported, never carried into results.

Loaded records are then checked for integrity: references to a parent the
data does not have, dates in impossible order (the schema's ``date_order``)
and dates after ``as_at``. These are reported with file, row, column and
value, and the records stay in (a rule may still judge them).
"""

from __future__ import annotations

import datetime as _dt
import gc
from collections import deque
from itertools import islice, repeat
from operator import attrgetter, setitem
from pathlib import Path
from typing import Any

from checker.data.coerce import (
    KEY_SEPARATOR,
    ColumnPlan,
    IntegrityIssue,
    LoadResult,
    Memo,
    Rejection,
    TableAccount,
    Unfit,
    column_converter,
    converter,
    show_value,
)
from checker.data.readers import detect, reader
from checker.errors import CasecheckError, Diagnostics, Location
from checker.model import Dataset, Row
from checker.schema import DataSchema, Table
from checker.suggest import did_you_mean

_CHUNK = 2048  # rows converted column-wise at a time
_key = attrgetter("key")
_problem = attrgetter("problem")
_values = attrgetter("values")


class Loader:
    """Coerces raw rows into typed records, rejecting what does not fit and
    counting everything. Used by every format and by rule test fixtures.

    Rows are taken a chunk at a time and converted a column (field) at a
    time, each distinct text of a date, code or boolean once. A chunk in which
    anything is wrong (a bad or missing value, a duplicate key, a row the
    reader could not split) is loaded instead row by row, which finds and
    words each problem: the two ways give the same records, and the fast one
    need know nothing about problems. What the integrity checks need is noted
    from each chunk's columns as it is loaded (the distinct values of linking
    fields, dates out of order, the latest date), so that at the end only the
    checks that find something look at rows one by one."""

    def __init__(self, schema: DataSchema, as_at: _dt.date | None = None):
        self.schema = schema
        self.as_at = as_at
        self.tables: dict[str, list[Row]] = {}
        self.accounts: dict[str, TableAccount] = {}
        self.rejections: list[Rejection] = []
        self.diagnostics = Diagnostics()
        self._files: dict[str, str] = {}
        self._plans: dict[str, ColumnPlan] = {}
        self._memos: dict[tuple, Memo] = {}
        self._keys: dict[str, set[str]] = {}  # table -> the keys of its rows loaded
        self._first: dict[str, tuple[dict[str, int | None], int]] = {}  # table -> (key -> row number, of the first n rows)
        self._distinct: dict[tuple[str, str], set] = {}  # (table, linking field) -> its values
        self._disordered: set[tuple[str, str, str]] = set()  # (table, a, b): some b is before its a
        self._latest: dict[tuple[str, str], Any] = {}  # (table, date field) -> its latest value

    def add_source(self, src) -> None:
        """Load one adapters.base.Source. A reader may offer its rows as
        columns instead, without a RawRow or a dict each, from
        ``src.rows.columns()``: (row numbers, field -> the rows' raw values,
        None where missing), as rows whose fields are in that order."""
        table = self.schema.tables[src.table]
        account = self.accounts.setdefault(table.name, TableAccount(table.name, src.file))
        if getattr(src, "partial", None):
            account.partial = src.partial
        if src.fields is not None:
            first = account.read == 0 and account.fields is None
            account.fields = set(src.fields) if first else (account.fields or set()) | set(src.fields)
        before = len(self.tables.get(table.name, ()))
        columns = getattr(src.rows, "columns", None)
        if columns is not None:
            numbers, cols = columns()
            self._add(table, src.file, numbers, cols=cols, dicts=getattr(src.rows, "dicts", None))
        else:
            self.add_rows(table, src.file, ((r.number, r) for r in src.rows))
        if src.fields is not None and getattr(src, "per_record", False):
            # This source's records lack fields others of the table carry
            # (Annex A list 8 visits beside list 7's): not carried, per record.
            lacks = frozenset(table.fields) - src.fields
            if lacks:
                for row in self.tables.get(table.name, [])[before:]:
                    row.absent = row.absent | lacks if row.absent else lacks
        # After the rows: a reader may find columns to ignore as it reads (JSON lines' keys).
        known = set(account.ignored_columns)
        account.ignored_columns.extend(c for c in dict.fromkeys(src.columns or []) if c not in known)
        for reason, n in (src.excluded or {}).items():
            account.read += n
            account.excluded[reason] += n

    def add_rows(self, table: Table, file: str, rows) -> None:
        """rows: iterable of (row number, dict field -> raw value | RawRow)."""
        self._add(table, file, (), raws=())  # the table is met, even if it has no rows
        rows = iter(rows)
        while True:
            chunk = list(islice(rows, _CHUNK))
            if not chunk:
                return
            numbers, raws = zip(*chunk)
            self._add(table, file, numbers, raws=raws)

    def _add(self, table: Table, file: str, numbers, raws=None, cols=None, dicts=None) -> None:
        """Rows as a sequence of row numbers and either a parallel one of raw values (a dict or
        a RawRow each) or ``cols``, field -> a parallel sequence of raw cells (and perhaps
        ``dicts(i, j)``: rows i to j as dicts, their fields in each row's own order)."""
        account = self.accounts.setdefault(table.name, TableAccount(table.name, file))
        self._files.setdefault(table.name, file)
        out = self.tables.setdefault(table.name, [])
        keys = self._keys.get(table.name)
        if keys is None:
            keys = self._keys[table.name] = {r.key for r in out}
        plan = self._plan(table)
        for i in range(0, len(numbers), _CHUNK):
            nums = numbers[i:i + _CHUNK]
            raw_cols: dict | None
            if cols is not None:
                chunk = None
                raw_cols = {f: c[i:i + _CHUNK] for f, c in cols.items()}
            else:
                chunk = raws[i:i + _CHUNK]
                raw_cols = _columns_of(chunk, plan)
            try:
                loaded = raw_cols is not None and self._add_columns(table, plan, nums, raw_cols, keys, out)
            except (Unfit, TypeError):
                loaded = None
            if loaded:
                account.read += len(nums)
                account.loaded += len(nums)
            else:
                if chunk is None:  # the rows of the columns, in their order
                    assert raw_cols is not None  # given as columns
                    names = tuple(raw_cols)
                    chunk = dicts(i, i + len(nums)) if dicts is not None else \
                        [dict(zip(names, cells)) for cells in zip(*raw_cols.values())]
                start = len(out)
                self._add_each(table, file, plan, zip(nums, chunk), keys, out, account)
                values = [r.values for r in out[start:]]
                loaded = {f: [v[f] for v in values] for f in plan.noted}
            self._note(table, plan, loaded)

    def _plan(self, table: Table) -> ColumnPlan:
        plan = self._plans.get(table.name)
        if plan is None:
            codes = self.schema.code_sets
            fields = table.fields
            distinct = {link.local_field for link in table.links.values() if not link.inverse}
            distinct |= {link.remote_field for t in self.schema.tables.values() for link in t.links.values()
                         if not link.inverse and link.target == table.name}
            distinct &= set(fields)
            distinct.discard(_key_field(table))  # its values are the keys (self._keys)
            orders = [(a, b) for a, b in table.date_order if a in fields and b in fields]
            dates = [n for n, f in fields.items() if f.type.kind in ("date", "datetime") and not f.future]
            plan = self._plans[table.name] = ColumnPlan(
                {name: converter(fld, codes) for name, fld in fields.items()},
                {name: column_converter(fld, codes, self._memos) for name, fld in fields.items()},
                [name for name, fld in fields.items() if fld.required],
                dict.fromkeys(fields),
                tuple(distinct),
                orders,
                dates,
                tuple(dict.fromkeys([*distinct, *(f for o in orders for f in o), *dates])),
                _key_field(table),
                frozenset(n for n, f in fields.items() if f.by_hand),
            )
        return plan

    def _add_columns(self, table: Table, plan: ColumnPlan, numbers, raw_cols: dict, seen: set, out: list) -> dict | None:
        """Load a chunk of rows column by column, and return the (typed) columns; None (having
        loaded nothing) if any row has a problem."""
        n = len(numbers)
        cols = {}
        for name, colconv in plan.columns.items():
            raw = raw_cols.get(name)
            if raw is not None and raw.count(None) != n:
                cols[name] = colconv(raw)
        for name in plan.required:
            col = cols.get(name)
            if col is None or (not all(col) and None in col):
                return None
        if any(k not in cols for k in table.key):  # an optional key field missing in every row: row by row
            return None
        if plan.key_field is not None:  # text already
            keys = cols[plan.key_field]
        elif len(table.key) == 1:
            keys = list(map(str, cols[table.key[0]]))
        else:
            keys = [KEY_SEPARATOR.join(map(str, parts)) for parts in zip(*(cols[k] for k in table.key))]
        new = set(keys)
        if len(new) != n or not seen.isdisjoint(new):
            return None
        seen |= new
        values = list(map(dict.copy, repeat(plan.blank, n)))
        for name, col in cols.items():
            deque(map(setitem, values, repeat(name, n), col), 0)
        out.extend(map(Row, repeat(table.name, n), keys, values, numbers))
        return cols

    def _add_each(self, table: Table, file: str, plan: ColumnPlan, rows, seen: set, out: list, account) -> None:
        """Load rows one at a time, rejecting each that has a problem with what it is."""
        convs, required_fields, blank = plan.converters, plan.required, plan.blank
        single_key = table.key[0] if len(table.key) == 1 else None
        for rownum, raw in rows:
            account.read += 1
            if raw.__class__ is not dict:  # a RawRow from an adapter
                if raw.problem is not None:
                    self.reject(table.name, file, rownum, None, None, raw.reason, raw.problem)
                    continue
                raw = raw.values
            # Start from every field missing; convert only the cells present.
            values: dict[str, Any] = blank.copy()
            problem = None
            for name, cell in raw.items():
                if cell is None:
                    continue
                conv = convs.get(name)
                if conv is None:
                    continue  # not a field of the table: the reader reported it
                value, expected = conv(cell)
                if expected is not None and name in plan.by_hand:
                    # one answer typed wrong loses that answer, never the record
                    self.diagnostics.warning(
                        f"column `{name}`: `{show_value(cell)}` is not {expected}; "
                        "read as missing (not evidenced)",
                        Location(file, rownum),
                        code="unread-value",
                    )
                    account.unread += 1
                    continue
                if expected is not None:
                    problem = ("bad value", name, cell, f"`{show_value(cell)}` is not {expected}")
                    break
                values[name] = value
            if problem is None:
                for name in required_fields:
                    if values[name] is None:
                        problem = ("missing required value", name, None, f"`{name}` is required but blank")
                        break
            if problem is None:
                if single_key is not None:
                    key = str(values[single_key])
                else:
                    key = KEY_SEPARATOR.join(str(values[k]) for k in table.key)
                if key in seen:
                    problem = (
                        "duplicate key",
                        KEY_SEPARATOR.join(table.key),
                        key,
                        f"duplicate key `{key}` (first at row {self._first_row(table.name, key)})",
                    )
                else:
                    seen.add(key)
            if problem is not None:
                reason, column, value, message = problem
                self.reject(table.name, file, rownum, column, value, reason, message)
                continue
            out.append(Row(table.name, key, values, rownum))
            account.loaded += 1

    def _first_row(self, table: str, key: str) -> int | None:
        """The row number of the loaded row with ``key`` (an index of them made when first asked)."""
        out = self.tables[table]
        index, upto = self._first.get(table, ({}, 0))
        for r in islice(out, upto, None):
            index[r.key] = r.line
        self._first[table] = (index, len(out))
        return index[key]

    def _note(self, table: Table, plan: ColumnPlan, cols: dict) -> None:
        """Note from a chunk's loaded columns what the integrity checks need to know."""
        name = table.name
        for f in plan.distinct:
            col = cols.get(f)
            if col is not None:
                values = self._distinct.get((name, f))
                if values is None:
                    values = self._distinct[(name, f)] = set()
                values.update(col)
        for a, b in plan.orders:
            if (name, a, b) in self._disordered:
                continue
            col_a, col_b = cols.get(a), cols.get(b)
            if col_a is None or col_b is None:
                continue
            for va, vb in zip(col_a, col_b):
                if va is not None and vb is not None and vb < va:
                    self._disordered.add((name, a, b))
                    break
        for f in plan.dates:
            col = cols.get(f)
            if col:
                latest = max(filter(None, col), default=None)  # dates are never false
                if latest is not None:
                    before = self._latest.get((name, f))
                    if before is None or before < latest:
                        self._latest[(name, f)] = latest

    def reject(self, table, file, rownum, column, value, reason, message) -> None:
        self.accounts[table].rejected[reason] += 1
        self.rejections.append(
            Rejection(table, file, rownum, column, None if value is None else show_value(value), reason, message)
        )

    def finish(self, missing_tables: list[str], fmt: str = "records") -> LoadResult:
        for name in self.schema.tables:
            self.tables.setdefault(name, [])
        for rows in self.tables.values():
            rows.sort(key=_key)
        for acc in self.accounts.values():
            assert acc.balanced(), f"accounting broken for {acc.table}"
        self.rejections.sort(key=lambda r: (r.table, r.row, r.column or ""))
        integrity = self._integrity()
        return LoadResult(
            Dataset(self.tables), self.accounts, self.rejections, self.diagnostics, missing_tables, integrity, fmt
        )

    def _values(self, table: Table, field: str) -> set:
        """The distinct values of a linking field of ``table``'s loaded rows."""
        if field == _key_field(table):
            return self._keys.get(table.name, set())
        return self._distinct.get((table.name, field), set())

    def _integrity(self) -> list[IntegrityIssue]:
        """The checks whose notes (see :meth:`_note`) say they find something look at the rows."""
        issues: list[IntegrityIssue] = []
        for table in self.schema.tables.values():
            if table.name not in self.accounts:
                continue
            file = self.accounts[table.name].file or ""
            rows = self.tables[table.name]
            for link in table.links.values():
                if link.inverse or link.target not in self.accounts:
                    continue
                if self._values(table, link.local_field).difference(
                        self._values(self.schema.tables[link.target], link.remote_field)) <= {None}:
                    continue
                keys = {r.values.get(link.remote_field) for r in self.tables[link.target]}
                for r in rows:
                    v = r.values.get(link.local_field)
                    if v is not None and v not in keys:
                        issues.append(IntegrityIssue(
                            "orphan", table.name, file, r.line, r.key, link.local_field, str(v),
                            f"{link.local_field} `{v}` has no {link.target} record",
                        ))
            for a, b in table.date_order:
                if (table.name, a, b) not in self._disordered:
                    continue
                for r in rows:
                    va, vb = r.values.get(a), r.values.get(b)
                    if va is not None and vb is not None and vb < va:
                        issues.append(IntegrityIssue(
                            "date order", table.name, file, r.line, r.key, b, vb.isoformat(),
                            f"{b} {vb.isoformat()} is before {a} {va.isoformat()}",
                        ))
            if self.as_at is not None:
                dates = [f.name for f in table.fields.values() if f.type.kind in ("date", "datetime") and not f.future]
                late = [f for f in dates if _after(self._latest.get((table.name, f)), self.as_at)]
                for r in rows if late else ():
                    for f in late:
                        v = r.values.get(f)
                        if v is not None and _after(v, self.as_at):
                            issues.append(IntegrityIssue(
                                "after as_at", table.name, file, r.line, r.key, f, v.isoformat(),
                                f"{f} {v.isoformat()} is after the as-at date {self.as_at.isoformat()}",
                            ))
        issues.sort(key=lambda i: (i.table, i.row or 0, i.column, i.check))
        return issues


def _columns_of(raws, plan: ColumnPlan) -> dict | None:
    """The columns of the table's fields in rows of raw values; None if there are RawRows with
    a problem, or values that are not a plain dict."""
    if set(map(type, raws)) != {dict}:  # RawRows: their values, unless one has a problem
        if set(map(_problem, raws)) != {None}:
            return None
        raws = list(map(_values, raws))
        if set(map(type, raws)) != {dict}:
            return None
    present = set().union(*raws)
    return {name: list(map(dict.get, raws, repeat(name))) for name in plan.columns if name in present}


def _key_field(table: Table) -> str | None:
    """The field that is the table's key, when its values are the keys themselves (required text)."""
    if len(table.key) == 1:
        fld = table.fields.get(table.key[0])
        if fld is not None and fld.required and fld.type.kind == "string":
            return fld.name
    return None


def _after(v, as_at: _dt.date) -> bool:
    return v is not None and (v.date() if isinstance(v, _dt.datetime) else v) > as_at





def load_data(path: str | Path, schema: DataSchema, fmt: str | None = None, as_at: _dt.date | None = None,
              previous: str | Path | None = None) -> LoadResult:
    """Read case data in any supported format (detected from the content
    unless ``fmt`` names it). ``previous``: the previous year's return, for a
    format that reads one (an SSDA903 folder: ``--previous DIR``)."""
    path = Path(path)
    loader = Loader(schema, as_at)
    from checker.limits import kind_of

    kind = kind_of(path)
    if kind is not None:  # a FIFO would block the reader forever, /dev/zero never ends
        loader.diagnostics.error(f"`{path}` is {kind}, not a file or folder of case data", Location(str(path)),
                                 code="not-a-file")
        return loader.finish([])
    if not path.exists():
        loader.diagnostics.error(f"`{path}` does not exist", Location(str(path)), code="no-data",
                                 suggestion=_nearby(path))
        return loader.finish([])
    if fmt is None:
        fmt = detect(path, loader.diagnostics)
        if fmt is None:
            return loader.finish([])
    rdr = reader(fmt)
    more = {}
    if previous is not None:
        if not getattr(rdr, "reads_previous", False):
            loader.diagnostics.error(f"--previous gives the previous year's return, which {fmt} input has no place for",
                                     Location(str(previous)), code="bad-option",
                                     suggestion="--previous is for SSDA903 returns (the dfe-903 pack)")
            return loader.finish([])
        more["previous"] = Path(previous)
    if hasattr(rdr, "as_at"):  # a reader that derives a value counted back from the as-at date (ssd)
        rdr.as_at = as_at
    tables_seen = set()
    # Loading makes millions of small objects and no cycles: the cyclic
    # garbage collector would only rescan them (over a third of the time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for src in rdr.read(path, schema, loader.diagnostics, **more):
            tables_seen.add(src.table)
            loader.add_source(src)
    except CasecheckError as exc:
        loader.diagnostics.extend(exc.diagnostics)
    finally:
        if was_enabled:
            gc.enable()
    carries = getattr(rdr, "carries", None) or {}
    for table, fields in carries.items():
        if table in loader.accounts:
            acc = loader.accounts[table]
            acc.fields = set(fields) if acc.fields is None else acc.fields & set(fields)
    for table, why in (getattr(rdr, "partial", None) or {}).items():
        if table in loader.accounts:
            loader.accounts[table].partial = why
    missing = [t for t in schema.tables if t not in tables_seen]
    result = loader.finish(missing, fmt)
    if getattr(rdr, "title", None) and getattr(rdr, "carries", None):  # a return format: mark what it lacks
        mark_not_carried(result, schema, rdr)
    manifest = getattr(rdr, "manifest", None)
    if manifest:  # a folder `casecheck convert` wrote from a return: what the return lacked
        restore_not_carried(result, schema, manifest)
    return result


def not_carried_manifest(result: LoadResult, schema: DataSchema) -> dict:
    """What ``casecheck convert`` writes beside the tables (``casecheck-source.json``)
    so that the converted folder is judged as its source was: the format, the
    tables it held only in part, and, for a return format, the tables it has no
    place for, why it lacks each field, and the records that lack a field other
    records of their table carry (Annex A list 8 visits: no seen-alone). Fields
    a table lacks on every record are its missing columns. Empty for an input
    that lacks nothing."""
    out: dict = {}
    partial = {t: acc.partial for t, acc in sorted(result.accounts.items()) if acc.partial}
    ds = result.dataset
    if partial or getattr(ds, "lacks_some", False):
        out["converted_from"] = result.format
    if partial:
        out["partial"] = partial
    if getattr(ds, "lacks_some", False):
        out["format_title"] = ds.format_title
        out["absent_tables"] = dict(sorted(ds.absent_tables.items()))
        out["not_carried_why"] = {f"{t}.{f}": why for (t, f), why in sorted(ds.not_carried_why.items())}
        records: dict[str, dict[str, list[str]]] = {}
        for t, rows in sorted(ds.tables.items()):
            whole = set(result.absent_fields(t, schema)) if t in result.accounts else set()
            for row in rows:
                for f in sorted(row.absent - whole):
                    records.setdefault(t, {}).setdefault(f, []).append(str(row.key))
        out["not_carried_records"] = records
    return out


def restore_not_carried(result: LoadResult, schema: DataSchema, manifest: dict) -> None:
    """The inverse of :func:`not_carried_manifest` on a converted folder: the
    dataset lacks what its source format lacked, so rules are judged on it as
    on the return (not carried, never a failure), not as on a broken extract."""
    title = manifest.get("format_title")
    if not isinstance(title, str) or not title:
        return
    ds = result.dataset
    ds.lacks_some = True
    ds.format_title = title
    if isinstance(manifest.get("converted_from"), str):
        result.converted_from = manifest["converted_from"]
    named = _mapping(manifest.get("absent_tables"))
    ds.absent_tables = {t: str(named.get(t) or f"{title} has no {t.replace('_', ' ')} records") for t in result.missing_tables}
    ds.not_carried_why = {}
    for k, v in _mapping(manifest.get("not_carried_why")).items():
        if isinstance(k, str) and "." in k:
            table, _, field = k.partition(".")  # "table.field", as not_carried_manifest writes it
            ds.not_carried_why[(table, field)] = str(v)
    records = _mapping(manifest.get("not_carried_records"))
    for t, rows in ds.tables.items():
        whole = frozenset(result.absent_fields(t, schema)) if t in result.accounts else frozenset()
        per = _mapping(records.get(t))
        keyed = {f: {str(k) for k in keys} for f, keys in per.items() if f in schema.tables[t].fields and isinstance(keys, list)}
        for row in rows:
            extra = frozenset(f for f, keys in keyed.items() if str(row.key) in keys)
            if whole or extra:
                row.absent = row.absent | whole | extra


def _mapping(value: Any) -> dict:
    """``value`` if a manifest gave a mapping there, else an empty one."""
    return value if isinstance(value, dict) else {}


def mark_not_carried(result: LoadResult, schema: DataSchema, rdr) -> None:
    """What a return format (Annex A, the CIN census, SSDA903) has no place
    for, on the dataset: a field its table never carries is absent from every
    record (``Row.absent``; per-record absences are marked as sources load);
    a table it has no place for is named with why.
    Rules then judge per record (``engine/outcomes``): an outcome that turns
    on a value the format lacks is not evidenced, never a fail."""
    ds = result.dataset
    title = rdr.title
    ds.lacks_some = True
    ds.format_title = title
    # (a table it holds only in part, e.g. only the latest review of each plan, is judged
    # by rules written for that summary: engine/availability.unavailable)
    # the tables the format has a place for: one of them missing is a sheet or file this input lacks
    ds.format_tables = frozenset(getattr(rdr, "carries", None) or ())
    ds.absent_tables = {t: f"this input has no {t.replace('_', ' ')} records, which only {schema.tables[t].only_with} gives"
                           if t in schema.tables and schema.tables[t].only_with else
                           f"this input has no {t.replace('_', ' ')} records, which {title} has a place for (a sheet or "
                           f"file missing from it)" if t in ds.format_tables else
                           f"{title} has no {t.replace('_', ' ')} records" for t in result.missing_tables}
    ds.not_carried_why = dict(getattr(rdr, "not_carried_why", None) or {})
    for t, rows in ds.tables.items():
        lacks = frozenset(result.absent_fields(t, schema)) if t in result.accounts else frozenset()
        if lacks:
            made: dict[frozenset, frozenset] = {}  # rows share their few distinct sets
            for row in rows:
                absent = made.get(row.absent)
                if absent is None:
                    absent = made[row.absent] = frozenset(row.absent | lacks)
                row.absent = absent


def load_csv_dir(schema: DataSchema, directory: str | Path, as_at: _dt.date | None = None) -> LoadResult:
    """Read the native form: ``<table>.csv`` for each schema table."""
    return load_data(directory, schema, "csv", as_at)


def load_records(schema: DataSchema, data: dict[str, list[dict]], source: str, locate=None) -> LoadResult:
    """Load inline records (a rule test's `data:`) through the same coercion."""
    loader = Loader(schema)
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
        loader.add_rows(table, source, ((i + 1, rec) for i, rec in enumerate(records)))
    result = loader.finish([])
    for issue in result.integrity:
        if issue.check == "orphan":
            loc = locate(("data", issue.table, (issue.row or 1) - 1, issue.column)) if locate else Location(source)
            result.diagnostics.warning(f"{issue.table} `{issue.key}`: {issue.message}", loc, code="orphan")
    return result


def _nearby(path: Path) -> str | None:
    """``did you mean `exports/council`?`` for a mistyped data path: the
    closest name beside where it was looked for (nothing is read from it)."""
    from checker.suggest import suggest

    try:
        parent = path.parent if str(path.parent) else Path(".")
        names = [p.name for p in parent.iterdir()] if parent.is_dir() else []
    except OSError:
        return None
    found = suggest(path.name, names)
    return None if found is None else f"did you mean `{parent / found if str(path.parent) != '.' else found}`?"
