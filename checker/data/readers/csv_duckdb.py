"""The native CSV folder loaded straight into DuckDB, in SQL, with exactly the
Python loader's results.

:func:`load_csv_folder` reads every ``<table>.csv`` of a folder with DuckDB's
own CSV reader and makes, in the connection, one table per schema table with
the columns :class:`checker.engine.sql.SqlEngine` makes (``_row``, then the
fields in schema order) plus ``_line`` (the record's line in its file). It
returns the :class:`~checker.data.load.LoadResult` the Python loader
(``load_data(folder, schema, "csv", as_at)``) would: the same accounts,
rejections (same order, same words), diagnostics, missing tables and
integrity issues. Its ``dataset`` builds the Python rows from the tables only
when something asks for them (:func:`dataset_from_duckdb`).

How it stays exact:

- Splitting a file into records is DuckDB's (all cells as text). A file is
  first scanned: it must be UTF-8 (a BOM is fine), comma-separated (as the
  Python loader decides from the header line), free of NUL bytes, of lone
  carriage returns and of spaces next to a quote (where DuckDB and Python's
  ``csv`` module split differently); its header is read by Python's ``csv``
  exactly as the Python reader does, and checked by the same function
  (``native.check_header``). The lines DuckDB's records account for must add
  up to the file's lines (a blank line DuckDB skipped does not), which is also
  how each record's line is known.
- Converting a cell is Python's: the distinct raw cells of every non-text
  field are converted once by :func:`checker.data.load.coerce` itself (a value, or
  what was expected), and joined back in SQL; or, where every cell that
  converts is written as DuckDB's cast reads it to the same value (an ISO
  date, a plain whole number, ``true``, a code as listed), cast in SQL, which
  is the same values without a join per field. Text fields are stripped in SQL
  of exactly the characters ``str.strip`` strips.
- Rows are then judged in SQL in the order the loader judges them (wrong
  number of cells, then the first bad cell in header order, then the first
  blank required field in schema order, then a key met before), and the
  integrity checks (orphans, dates in impossible order, dates after as_at)
  are queries on the loaded tables. Messages are worded in Python, from the
  same templates, for the (few) rows concerned.
- ``_row`` numbers the records in key order, as ``Loader.finish`` sorts
  them. Most extracts list records in key order already: when the keys rise
  from row to row they are all different and need no sorting (checked on the
  loaded table); otherwise duplicates are looked for and the table sorted.

Cost, 1,000,000 children (13.5 million records, 750 MB): about 10 s on two
cores, 1.3 GB at most (``bench/load_csv.py``); each file is read by DuckDB
once into a table of text cells and scanned once by Python (in a thread,
ahead of DuckDB).

Anything the fast path cannot be sure of (another encoding or separator, a
``.jsonl`` file beside the CSV files, a malformed quote DuckDB refuses, a
blank line inside a file, a decimal value, a time zone, a whole number too
big for BIGINT, ...) makes it return None: load with the Python loader
instead. Declining is always safe.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from checker.data.coerce import (
    KEY_SEPARATOR,
    IntegrityIssue,
    LoadResult,
    Rejection,
    TableAccount,
)
from checker.data.readers import detect, parquet
from checker.data.readers.base import files_by_table
from checker.data.readers.csv_duckdb_table import (
    EXTRA,
    LINE,
    NATIVE,
    PREFIX,
    ROW,
    Decline,
    Raw,
    create_table,
    ident,
    key_of,
    lit,
    load_table,
    read_parquet_raw,
    read_raw,
    scan_file,
)
from checker.data.readers.native import (
    check_header,
    partial_tables,
    read_manifest,
    report_unknown_files,
)
from checker.errors import Diagnostics, Location
from checker.model import Dataset, Row
from checker.schema import DataSchema, Table

last_decline: str | None = None  # why the last call of load_csv_folder returned None (for tests, benchmarks)


def _orphans(con, schema: DataSchema, accounts: dict[str, TableAccount]) -> dict[tuple[str, str], list[tuple]]:
    """(table, link) -> the (row, value) of its records whose value the link's target has not:
    every link to one target field looked up at once (the target's values hashed once)."""
    by_target: dict[tuple[str, str], list] = {}
    for table in schema.tables.values():
        if table.name not in accounts:
            continue
        for link in table.links.values():
            if not link.inverse and link.target in accounts:
                by_target.setdefault((link.target, link.remote_field), []).append((table.name, link))
    out: dict[tuple[str, str], list[tuple]] = {}
    for (target, remote), links in by_target.items():
        parts = [f"SELECT {k} AS _l, {ROW} AS _r, {ident(link.local_field)} AS _v FROM {ident(name)} "
                 f"WHERE {ident(link.local_field)} IS NOT NULL" for k, (name, link) in enumerate(links)]
        sql = (f"SELECT _l, _r, _v FROM ({' UNION ALL '.join(parts)}) u "
               f"WHERE NOT EXISTS (SELECT 1 FROM {ident(target)} x WHERE x.{ident(remote)} = u._v)")
        for k, row, v in con.execute(sql).fetchall():
            name, link = links[k]
            out.setdefault((name, link.name), []).append((row, v))
    return out


def _integrity(con, schema: DataSchema, accounts: dict[str, TableAccount], as_at) -> list[IntegrityIssue]:
    issues: list[IntegrityIssue] = []
    orphans = _orphans(con, schema, accounts)
    for table in schema.tables.values():
        if table.name not in accounts:
            continue
        file = accounts[table.name].file or ""
        t = ident(table.name)
        keycols = ", ".join(f"s.{ident(k)}" for k in table.key)

        def fetch(sql, table=table, params=None):
            for row in con.execute(sql, params).fetchall():
                yield row[0], key_of(table, dict(zip(table.key, row[1:1 + len(table.key)]))), row[1 + len(table.key):]

        for link in table.links.values():
            found = sorted(orphans.get((table.name, link.name), ()))
            if not found:
                continue
            value = dict(found)
            sql = (f"SELECT s.{LINE}, {keycols}, s.{ROW} FROM {t} s WHERE s.{ROW} IN (SELECT unnest($1::INTEGER[])) "
                   f"ORDER BY s.{ROW}")
            for line, key, (row,) in fetch(sql, params=[list(value)]):
                v = value[row]
                issues.append(IntegrityIssue("orphan", table.name, file, line, key, link.local_field, str(v),
                                             f"{link.local_field} `{v}` has no {link.target} record"))
        for a, b in table.date_order:
            sql = (f"SELECT s.{LINE}, {keycols}, s.{ident(a)}, s.{ident(b)} FROM {t} s "
                   f"WHERE s.{ident(b)} < s.{ident(a)} ORDER BY s.{ROW}")
            for line, key, (va, vb) in fetch(sql):
                issues.append(IntegrityIssue("date order", table.name, file, line, key, b, vb.isoformat(),
                                             f"{b} {vb.isoformat()} is before {a} {va.isoformat()}"))
        if as_at is not None:
            dates = [f.name for f in table.fields.values() if f.type.kind in ("date", "datetime") and not f.future]
            if dates:
                late = " OR ".join(f"CAST(s.{ident(f)} AS DATE) > {lit(as_at.isoformat())}::DATE" for f in dates)
                sql = (f"SELECT s.{LINE}, {keycols}, " + ", ".join(f"s.{ident(f)}" for f in dates)
                       + f" FROM {t} s WHERE {late} ORDER BY s.{ROW}")
                for line, key, vals in fetch(sql):
                    for f, v in zip(dates, vals):
                        if v is not None and (v.date() if isinstance(v, _dt.datetime) else v) > as_at:
                            issues.append(IntegrityIssue(
                                "after as_at", table.name, file, line, key, f, v.isoformat(),
                                f"{f} {v.isoformat()} is after the as-at date {as_at.isoformat()}",
                            ))
    issues.sort(key=lambda i: (i.table, i.row or 0, i.column, i.check))
    return issues


# --- the dataset ---------------------------------------------------------------------------


def dataset_from_duckdb(con, schema: DataSchema) -> Dataset:
    """The tables :func:`load_csv_folder` made, as the Python loader's records: Row(table, key,
    values, line) in key order, values typed as the loader types them."""
    return Dataset({name: _rows_of(con, table) for name, table in schema.tables.items()})


def _rows_of(con, table: Table, positions: list[int] | None = None) -> list[Row]:
    """One table's records (see :func:`dataset_from_duckdb`); those at ``positions`` only, if given."""
    name = table.name
    fields = list(table.fields)
    out: list[Row] = []
    cur = con.cursor()
    try:
        where = "" if positions is None else f" WHERE {ROW} IN (SELECT unnest($1::INTEGER[]))"
        cur.execute(f"SELECT {', '.join(ident(f) for f in fields)}, {LINE} FROM {ident(name)}{where} ORDER BY {ROW}",
                    None if positions is None else [positions])
        single = table.key[0] if len(table.key) == 1 else None
        while True:
            batch = cur.fetchmany(100_000)
            if not batch:
                break
            for rec in batch:
                values = dict(zip(fields, rec))
                key = str(values[single]) if single is not None else KEY_SEPARATOR.join(str(values[k]) for k in table.key)
                out.append(Row(name, key, values, rec[-1]))
    finally:
        cur.close()
    return out


#: key kinds whose text DuckDB writes as Python's ``str`` does (a boolean would be `true`, not `True`)
_KEY_TEXT_KINDS = ("string", "code", "integer", "date")


class _LazyTables(Mapping):
    """table -> its records, each table read from DuckDB when first asked for (a rule the
    reference engine judges in part reads the tables it reads, not every table)."""

    def __init__(self, con, schema: DataSchema):
        self._con, self._schema = con, schema
        self._built: dict[str, list[Row]] = {}

    def __getitem__(self, name: str) -> list[Row]:
        rows = self._built.get(name)
        if rows is None:
            table = self._schema.tables[name]  # KeyError: not a table
            rows = self._built[name] = _rows_of(self._con, table)
        return rows

    def __iter__(self):
        return iter(self._schema.tables)

    def __len__(self) -> int:
        return len(self._schema.tables)


class DuckDBDataset(Dataset):
    """A Dataset whose records are read from the DuckDB tables only when first asked for."""

    def __init__(self, con, schema: DataSchema):
        self._con = con
        self._schema = schema
        self._tables: Mapping[str, list[Row]] | None = None
        self._by_key = {}
        self._by_field = {}

    @property
    def built(self) -> bool:
        return self._tables is not None

    def records_at(self, table: str, positions: list[int]) -> list[Row]:
        """The records at these positions (``_row``, ascending) of one table, without
        making the others (a rule the reference judges for a few records reads those)."""
        if self._tables is not None and table in getattr(self._tables, "_built", {}):
            rows = self._tables[table]
            return [rows[p - 1] for p in positions]
        return _rows_of(self._con, self._schema.tables[table], positions)

    def focus(self):
        """A view of this dataset that reads only the records a few reasons need, for the
        reference evaluator (``data/readers/duckdb_focus.py``); None where the records were
        given as Python rows."""
        if self._tables is not None and not isinstance(self._tables, _LazyTables):
            return None
        from checker.data.readers.duckdb_focus import Focus

        return Focus(self, self._con, self._schema, self.records_at)

    def records_with(self, table: str, field: str, values: list, last: bool = False) -> dict[Any, Row] | None:
        """``{value: record}``: for each of these values, the first record
        (``last``: the last) of one table whose ``field`` is that value, asked
        of DuckDB, so the few thousand cases a workbook lists read their own
        and their related records, not every table (``report.context.case_context``).
        Compared as text, so only for a field of a kind whose text DuckDB
        writes as Python's ``str`` does (``_KEY_TEXT_KINDS`` but dates); None
        where it is not one, or the records were given as Python rows."""
        if self._tables is not None and not isinstance(self._tables, _LazyTables):
            return None
        t = self._schema.tables.get(table)
        if t is None or field not in t.fields or t.fields[field].type.kind not in ("string", "code", "integer"):
            return None
        texts = sorted({str(v) for v in values if v is not None})
        if not texts:
            return {}
        cur = self._con.cursor()
        try:
            got = cur.execute(f"SELECT {'max' if last else 'min'}({ROW}) FROM {ident(table)} WHERE CAST({ident(field)} "
                              f"AS VARCHAR) IN (SELECT unnest($1::VARCHAR[])) GROUP BY {ident(field)}", [texts]).fetchall()
        finally:
            cur.close()
        rows = self.records_at(table, sorted(p for (p,) in got))
        return {row.values.get(field): row for row in rows}

    @property  # type: ignore[override]  # read only: a mapping whose tables are built when first read
    def tables(self) -> Mapping[str, list[Row]]:
        if self._tables is None:
            self._tables = _LazyTables(self._con, self._schema)
        return self._tables

    @tables.setter
    def tables(self, value: dict[str, list[Row]]) -> None:
        self._tables = value

    def identifiers(self) -> set[str] | None:
        """Every record's key and every non-empty text of a key or link field
        (what ``report.redact.identifiers`` collects from the records), asked
        of DuckDB, so ``--redact`` makes no Python record; None where the
        records were given as Python rows or a key is of a kind whose text
        DuckDB would write otherwise (then they are read)."""
        asked = self.identifiers_sql()
        if asked is None:
            return None
        cur = self._con.cursor()
        try:
            return {i for (i,) in cur.execute(asked).fetchall()}
        finally:
            cur.close()

    @property
    def connection(self):
        """The DuckDB connection holding the data (``identifiers_sql`` is asked of it)."""
        return self._con

    def identifiers_sql(self) -> str | None:
        """The query giving :meth:`identifiers` as a column ``i`` (each once),
        so ``--redact`` can keep them in the database (``report.redact_kept``);
        None as for :meth:`identifiers`."""
        if self._tables is not None and not isinstance(self._tables, _LazyTables):
            return None
        parts = []
        for name, table in self._schema.tables.items():
            kinds = {f: table.fields[f].type.kind for f in table.fields}
            if any(kinds[k] not in _KEY_TEXT_KINDS for k in table.key):
                return None
            key = f" || {lit(KEY_SEPARATOR)} || ".join(f"coalesce(CAST({ident(k)} AS VARCHAR), 'None')" for k in table.key)
            parts.append(f"SELECT DISTINCT {key} AS i FROM {ident(name)}")
            refs = set(table.key) | {link.local_field for link in table.links.values() if not link.inverse}
            for f in sorted(refs):
                if kinds.get(f) in ("string", "code"):
                    parts.append(f"SELECT DISTINCT {ident(f)} AS i FROM {ident(name)} WHERE {ident(f)} <> ''")
        if not parts:
            return "SELECT CAST(NULL AS VARCHAR) AS i WHERE false"
        return " UNION ".join(parts)

    def min_value(self, table: str, field: str, upto=None):
        """Asked of DuckDB, so a report of counts still makes no Python record."""
        if self._tables is not None:
            return super().min_value(table, field, upto)
        t = self._schema.tables.get(table)
        if t is None or field not in t.fields:
            return None
        where = f" WHERE {ident(field)} <= ?" if upto is not None else ""
        (value,) = self._con.execute(f"SELECT MIN({ident(field)}) FROM {ident(table)}{where}",
                                     [upto] if upto is not None else []).fetchone()
        return value


# --- the folder ------------------------------------------------------------------------------


def _eligible_schema(schema: DataSchema) -> bool:
    if not schema.tables:
        return False
    for table in schema.tables.values():
        if table.name.startswith(PREFIX) or not table.key:
            return False
        for a, b in table.date_order:
            kinds = {table.fields[a].type.kind, table.fields[b].type.kind}
            if kinds != {"date"} and kinds != {"datetime"}:
                return False  # Python cannot compare a date with a datetime
    return True


def _plain_connection(con) -> bool:
    """Text compares as Python compares it (code point order): no collation set; and insertion
    order is kept."""
    try:
        (collation,) = con.execute("SELECT current_setting('default_collation')").fetchone()
        # and a file's records are stored in file order (rowid), which the row numbers rest on
        (ordered,) = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
    except Exception:  # noqa: BLE001
        return False
    return (not collation or collation.lower() == "binary") and bool(ordered)


def load_csv_folder(con, schema: DataSchema, folder: Path, as_at: _dt.date | None) -> LoadResult | None:
    """Load a folder of ``<table>.csv`` files into ``con`` (one table per schema table: ``_row``,
    the fields, ``_line``) and return what ``load_data(folder, schema, "csv", as_at)`` returns,
    with a dataset read from those tables when first used; or None, having left nothing
    behind, when the result might not be exactly that (use the Python loader)."""
    return _load_folder(con, schema, Path(folder), as_at, _CsvFiles())


def load_parquet_folder(con, schema: DataSchema, folder: Path, as_at: _dt.date | None) -> LoadResult | None:
    """Load a folder of ``<table>.parquet`` files into ``con`` as :func:`load_csv_folder` loads a
    CSV folder, and return what ``load_data(folder, schema, "parquet", as_at)`` returns (the
    Python reader, ``data/readers/parquet.py``, and the loader); or None, having left nothing behind.

    The records' text cells come from ``read_parquet`` with every field's column cast to text
    (``parquet.cell_sql``, as the Python reader reads them); from there on it is the CSV path's
    machinery. Declines: a column of lists, structs or maps, or of times with a time zone (its
    text depends on the connection's TimeZone), in a field; a file DuckDB cannot read (the
    Python reader names it in an error); and whatever the CSV path declines in the cells
    (decimals, numbers too big for BIGINT, ...)."""
    return _load_folder(con, schema, Path(folder), as_at, _ParquetFiles())


class _CsvFiles:
    fmt, suffix = "csv", ".csv"

    def start(self, folder: Path, found: dict[str, Path], schema: DataSchema, pool) -> None:
        # what load_data would take the folder for, when not told (a .jsonl file, SSDA903 files)
        if any(p.suffix.lower() == ".jsonl" for p in folder.iterdir()):
            raise Decline("not (only) a folder of <table>.csv files")
        # the files are scanned (in Python) ahead of DuckDB reading them
        self.scans = {name: pool.submit(scan_file, found[name]) for name in schema.tables if name in found}

    def raw(self, con, table: Table, path: Path, diags: Diagnostics) -> tuple[Raw, list[str]] | None:
        """The table's records, and the columns to ignore; None: the table is not read (said in diags)."""
        scan = self.scans[table.name].result()
        if scan.header is None:
            diags.error(f"`{path.name}` is empty: it has no header row", Location(str(path), 1, 1), code="empty-file")
            return None
        if not scan.header:
            raise Decline("an empty header line")
        ignored, usable = check_header(table, scan.header, str(path), diags)
        if not usable:
            return None
        width = len(scan.header) + EXTRA
        def read(con, raw, path=path, width=width):
            return read_raw(con, path, width, raw)
        return Raw(scan.header, width, read, True, scan.quotes, scan.lines), ignored


class _ParquetFiles:
    fmt, suffix = "parquet", ".parquet"

    def start(self, folder: Path, found: dict[str, Path], schema: DataSchema, pool) -> None:
        pass

    def raw(self, con, table: Table, path: Path, diags: Diagnostics) -> tuple[Raw, list[str]] | None:
        try:
            cols = parquet.columns(con, path)
        except Exception as exc:  # noqa: BLE001 - damaged: the Python reader says so
            raise Decline(f"DuckDB's Parquet reader: {str(exc).splitlines()[0]}") from None
        ignored, usable = check_header(table, [c for c, _ in cols], str(path), diags)
        if not usable:
            return None
        read = [(c, t) for c, t in cols if c in table.fields]  # the other columns are not read at all
        for _c, t in read:
            if parquet.nested(t):
                raise Decline(f"a column of {t} values")
            if "TIME ZONE" in t.upper() or t.upper() in ("TIMESTAMPTZ", "TIMETZ"):
                raise Decline(f"a column of {t} values (shown in the connection's time zone)")
        if not read:
            raise Decline("no column of the table's fields")
        names = [c for c, _ in read]
        # a column already in its field's DuckDB type is read as it is, with no text between
        native = frozenset(i for i, (c, t) in enumerate(read) if not table.fields[c].by_hand
                           and t.upper() in NATIVE.get(table.fields[c].type.kind, ()))
        return Raw(names, len(names), lambda con, raw, path=path, names=names, native=native:
                   read_parquet_raw(con, path, names, raw, native), False, native=native, view=True), ignored


def _load_folder(con, schema: DataSchema, folder: Path, as_at: _dt.date | None, files) -> LoadResult | None:
    import duckdb

    global last_decline
    last_decline = None
    if not folder.is_dir() or not _eligible_schema(schema) or not _plain_connection(con):
        last_decline = "not a folder, or a schema the fast path does not take"
        return None
    created: list[str] = []
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        if detect(folder, Diagnostics()) != files.fmt:  # what load_data would take the folder for
            raise Decline(f"not (only) a folder of <table>{files.suffix} files")
        found = files_by_table(folder, files.suffix)
        diags = Diagnostics()
        report_unknown_files(found, schema, diags)
        partial = partial_tables(folder)
        if read_manifest(folder).get("format_title"):  # per-record marks are restored on Python rows
            raise Decline("a converted return whose not-carried values are restored by the Python reader")
        files.start(folder, found, schema, pool)
        accounts: dict[str, TableAccount] = {}
        rejections: list[Rejection] = []
        seen = []
        for name, table in schema.tables.items():
            create_table(con, table)
            created.append(name)
            if name not in found:
                continue
            path = found[name]
            got_raw = files.raw(con, table, path, diags)
            if got_raw is None:
                continue
            raw, ignored = got_raw
            try:
                got = load_table(con, schema, table, path, raw)
            except (duckdb.IOException, duckdb.InvalidInputException) as exc:
                if not raw.view:
                    raise
                # a page of the file DuckDB cannot read (the Python reader names the file)
                raise Decline(f"DuckDB's Parquet reader: {str(exc).splitlines()[0]}") from None
            got.account.fields = {h for h in raw.header if h in table.fields}
            got.account.ignored_columns = list(dict.fromkeys(ignored))
            if partial.get(name):
                got.account.partial = partial[name]
            accounts[name] = got.account
            rejections.extend(got.rejections)
            seen.append(name)
        rejections.sort(key=lambda r: (r.table, r.row, r.column or ""))
        integrity = _integrity(con, schema, accounts, as_at)
    except (Decline, OSError) as exc:
        _drop(con, created)
        last_decline = f"{exc}"
        return None
    except Exception:
        _drop(con, created)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    missing = [t for t in schema.tables if t not in seen]
    result = LoadResult(DuckDBDataset(con, schema), accounts, rejections, diags, missing, integrity, files.fmt)
    if "in_database" in {f.name for f in dataclasses.fields(result)}:
        result.in_database = True  # the records are in the tables; the dataset makes them if asked
    return result


def _drop(con, created: list[str]) -> None:
    for name in created:
        con.execute(f"DROP TABLE IF EXISTS {ident(name)}")
    for (name,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE temporary AND starts_with(view_name, ?)", [PREFIX]
    ).fetchall():
        con.execute(f"DROP VIEW IF EXISTS {ident(name)}")
    for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND starts_with(table_name, ?)", [PREFIX]
    ).fetchall():
        con.execute(f"DROP TABLE IF EXISTS {ident(name)}")


def eligible(schema: DataSchema, con) -> bool:
    """Whether a schema and connection are ones the DuckDB loading path gives the Python
    loader's result for (another reader's path into DuckDB asks too: ``cin_census_duckdb``)."""
    return _eligible_schema(schema) and _plain_connection(con)


#: the integrity checks and the clean-up, for another reader's path into DuckDB
integrity = _integrity
drop_tables = _drop

_ = Any
