"""A CIN census, block for block (the ``cin-census`` schema: the ``dfe-cin``
pack), read straight into DuckDB, with exactly the Python loader's result.

:func:`load_census` gives what ``load_data(path, schema, "cin-xml", as_at)``
gives (the same accounts, rejections in the same order and words, warnings,
missing tables and integrity issues), its records in DuckDB's tables (``_row``,
the fields, ``_line``) as ``csv_duckdb.load_csv_folder`` leaves a CSV folder's,
with no Python record made for them:

- The XML is parsed by the census reader itself (``cin_census.read``: the
  same pass, the same warnings, a batch of children at a time). Each batch's
  rows are written, column by column, as text lines to one file per table
  (the Child number first, then the raw cells; a mark for a missing cell),
  which DuckDB's CSV reader then reads whole, in C, into a table of text
  cells in file order. XML 1.0 text holds neither the separator (``\\x1f``),
  nor the mark (``\\x01``), nor ``\\x02`` and ``\\x03``, which stand in for
  a carriage return and a line feed in a cell (put back in SQL); a cell
  holding one of them (XML 1.1's ``&#1;``) makes it decline.
- A table whose typed cells all convert and whose keys are all there and
  all different (every census the reader reads: it makes or checks each typed
  cell and every key) is loaded in one statement, no row rejected, numbered
  in key order (``_direct``), two tables at a time on cursors of their own
  (each is smaller than one of DuckDB's row groups, so a statement on it runs
  on one thread). Any other table is judged row by row:
- From those cells on it is the CSV path's machinery (``csv_duckdb_table.load_table``):
  each field's distinct cells converted by ``data.coerce`` itself, rows
  judged in SQL in the loader's order, messages worded from the same
  templates; a record's row number is its Child's (``Raw.line``), as the
  reader numbers it for the Python loader.

Anything it cannot be sure of (a schema or connection the CSV path does not
take) makes it return None, having left nothing behind: the Python reader and
loader read the file instead. ``tests/test_cin_census_duckdb.py`` compares the
two on the test corpus, generated and hostile census files.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import gc
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from checker import scratch
from checker.backends.duckdb import TYPES
from checker.data.coerce import LoadResult, Rejection, TableAccount
from checker.data.readers import cin_census
from checker.data.readers.csv_duckdb import DuckDBDataset, drop_tables, eligible, integrity
from checker.data.readers.csv_duckdb_table import (
    PREFIX,
    Decline,
    Loaded,
    Raw,
    create_table,
    ident,
    lit,
    load_table,
    strip,
)
from checker.errors import Diagnostics
from checker.schema import DataSchema

_SEP = "\x1f"  # not a character XML 1.0 text can hold
_NULL = "\x01"  # nor this: the mark of a missing cell
_CR, _LF = "\x02", "\x03"  # nor these: a carriage return and a line feed in a cell, on their way to DuckDB

_MARKED = {None: _NULL}  # .get(v, v): the mark for a missing cell, else v itself

last_decline: str | None = None  # why the last call declined (for tests, benchmarks)


class _TableFile:
    """One table's raw rows, as text lines in a file (the Child number, then the cells)."""

    def __init__(self, folder: str, table: str, width: int):
        self.path = os.path.join(folder, f"{table}.txt")
        self.width = width
        self.fh = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
        self.escaped = False  # some cell holds a line break (written as _CR, _LF)
        self.rows = 0

    def add(self, numbers, cols: list) -> None:
        n = len(numbers)
        if not n:
            return
        texts = [list(map(str, numbers))]
        missing = 0
        for col in cols:
            if col is None:
                texts.append([_NULL] * n)
                missing += n
            else:  # a missing cell's mark, any other cell's text (no Python loop per cell)
                texts.append(list(map(str, map(_MARKED.get, col, col))))
                missing += col.count(None)
        block = "\n".join(map(_SEP.join, zip(*texts)))
        if _CR in block or _LF in block or block.count(_SEP) != n * len(cols) or block.count(_NULL) != missing:
            raise Decline("a cell holding a character XML 1.0 text cannot")  # XML 1.1's &#1;: the Python loader
        if "\r" in block or block.count("\n") != n - 1:
            self.escaped = True
            block = "\n".join(map(_SEP.join, zip(*(
                [v.replace("\r", _CR).replace("\n", _LF) for v in col] for col in texts))))
        self.fh.write(block)
        self.fh.write("\n")
        self.rows += n

    def close(self) -> None:
        self.fh.close()

    def read(self, con, raw: str) -> None:
        """The rows as the temporary table ``raw``: ``_n`` (the Child number), c0, c1, ... (text)."""
        cols = "{'_n': 'INTEGER', " + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(self.width)) + "}"
        spec = (f"columns = {cols}, header = false, delim = {lit(_SEP)}, quote = '', escape = '', auto_detect = false, "
                f"strict_mode = true, null_padding = false, nullstr = {lit(_NULL)}, encoding = 'utf-8'")
        cells = "*"
        if self.escaped:
            cells = "_n, " + ", ".join(f"replace(replace(c{i}, chr(2), chr(13)), chr(3), chr(10)) AS c{i}"
                                       for i in range(self.width))
        con.execute(f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT {cells} FROM read_csv({lit(self.path)}, {spec})")
        (got,) = con.execute(f"SELECT count(*) FROM {raw}").fetchone()
        if got != self.rows:
            raise Decline("DuckDB read another number of rows than were written")


#: the kinds of field whose cells the census reader itself makes or checks (dates it has read
#: as xs:date, the header's four-digit Year, Child and block numbers, factors_block)
_DIRECT_KINDS = {"string": "VARCHAR", "date": "DATE", "integer": "BIGINT", "boolean": "BOOLEAN"}


def _direct(con, table, tf: _TableFile, file: str) -> Loaded | None:
    """The table loaded in one statement, when that is sure to be the loader's result: every
    typed cell converts (the reader wrote them), no key is blank or met twice. Then no row is
    rejected, and the records are numbered in key order (as ``Loader.finish`` sorts them).
    None, having loaded nothing, where anything could differ: ``load_table`` judges each row."""
    cols = {f: i for i, f in enumerate(cin_census.COLUMNS[table.name])}
    if len(table.key) != 1 or any(f.by_hand or f.type.kind not in _DIRECT_KINDS for f in table.fields.values()):
        return None
    raw = f"{PREFIX}direct"
    tf.read(con, raw)
    try:
        values, checks = [], []
        for name, fld in table.fields.items():
            i = cols.get(name)
            kind = fld.type.kind
            if i is None:
                values.append(f"CAST(NULL AS {TYPES[kind]})")
            elif kind == "string":
                values.append(f"nullif({f'c{i}' if fld.preserve_whitespace else strip(f'c{i}')}, '')")
            else:
                values.append(f"TRY_CAST(c{i} AS {_DIRECT_KINDS[kind]})")
                checks.append(f"count(c{i}) = count(TRY_CAST(c{i} AS {_DIRECT_KINDS[kind]}))")
        key = values[list(table.fields).index(table.key[0])]
        rows, ok = con.execute(
            f"SELECT count(*), {' AND '.join(checks) if checks else 'true'} AND count({key}) = count(*) "
            f"AND count(DISTINCT {key}) = count(*) FROM {raw}").fetchone()
        if not ok:
            return None
        con.execute(f"INSERT INTO {ident(table.name)} SELECT CAST(row_number() OVER (ORDER BY _k) AS INTEGER), "
                    f"{', '.join(f'v{k}' for k in range(len(values)))}, _n FROM (SELECT {key} AS _k, "
                    + ", ".join(f"{v} AS v{k}" for k, v in enumerate(values)) + f", _n FROM {raw})")
    finally:
        con.execute(f"DROP TABLE IF EXISTS {raw}")
    return Loaded(table, file, TableAccount(table.name, file, read=rows, loaded=rows), [])


def _direct_all(con, tables: list, files: dict[str, _TableFile], file: str) -> dict[str, Loaded | None]:
    """:func:`_direct` of each table, two at a time, each on a cursor of its own: a census's
    tables are each smaller than one of DuckDB's row groups, so each statement runs on one
    thread, and two tables' statements side by side use the machine's two cores."""
    def one(table) -> Loaded | None:
        cur = con.cursor()
        try:
            return _direct(cur, table, files[table.name], file)
        finally:
            cur.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        done = {t.name: pool.submit(one, t) for t in tables}
        return {name: got.result() for name, got in done.items()}


def load_census(con, schema: DataSchema, path: Path, as_at: _dt.date | None) -> LoadResult | None:
    """Read the census at ``path`` into ``con`` (one table per schema table) and return what
    ``load_data(path, schema, "cin-xml", as_at)`` returns, with a dataset read from those tables
    when first used; or None, having left nothing behind (read it with the Python loader)."""
    global last_decline
    last_decline = None
    if "cin_details" not in schema.tables or not eligible(schema, con):
        last_decline = "not the cin-census schema, or a schema or connection the DuckDB path does not take"
        return None
    path = Path(path)
    file = str(path)
    wanted = [t for t in cin_census.TABLES if t in schema.tables]
    diags = Diagnostics()
    created: list[str] = []
    files: dict[str, _TableFile] = {}
    folder = scratch.make("census")
    try:
        for t in wanted:
            files[t] = _TableFile(folder, t, len(cin_census.COLUMNS[t]))
        for src in cin_census.read(path, schema, diags):
            numbers, cols = src.rows.columns()  # type: ignore[attr-defined]  # cin_census's rows are _Rows
            files[src.table].add(numbers, [cols.get(f) for f in cin_census.COLUMNS[src.table]])
        for f in files.values():
            f.close()
        accounts: dict[str, TableAccount] = {}
        rejections: list[Rejection] = []
        was_enabled = gc.isenabled()
        for t in wanted:
            create_table(con, schema.tables[t])
            created.append(t)
        direct = _direct_all(con, [schema.tables[t] for t in wanted], files, file)
        for t in wanted:
            table = schema.tables[t]
            tf = files[t]
            got = direct[t]
            if got is None:
                gc.disable()
                try:
                    got = load_table(con, schema, table, path, Raw(list(cin_census.COLUMNS[t]), tf.width, tf.read, False,
                                                                   line="_n"))
                finally:
                    if was_enabled:
                        gc.enable()
            accounts[t] = got.account
            rejections.extend(got.rejections)
            os.unlink(tf.path)
        rejections.sort(key=lambda r: (r.table, r.row, r.column or ""))
        issues = integrity(con, schema, accounts, as_at)
    except (Decline, OSError) as exc:
        drop_tables(con, created)
        last_decline = f"{exc}"
        return None
    except Exception:
        drop_tables(con, created)
        raise
    finally:
        for f in files.values():
            f.close()
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
        os.rmdir(folder)
    missing = [t for t in schema.tables if t not in wanted]
    result = LoadResult(DuckDBDataset(con, schema), accounts, rejections, diags, missing, issues, "cin-xml")
    if "in_database" in {f.name for f in dataclasses.fields(result)}:
        result.in_database = True
    return result

