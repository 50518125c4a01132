"""A folder of ``<table>.parquet`` files, one per schema table, whose columns
are named as the schema's fields (the CSV folder's layout, in Parquet).

Files are read with DuckDB (no pyarrow or pandas). What the loader is given,
identically here and on the DuckDB engine's fast path
(``data/readers/csv_duckdb.py``, :func:`~checker.data.readers.csv_duckdb.load_parquet_folder`):

- **Cells are text**: every column a field is read from is ``CAST(column AS
  VARCHAR)`` by DuckDB (:func:`cell_sql`), and a NULL is a missing value. So a
  DATE is ``2024-01-31``, a BOOLEAN ``true``/``false``, a BIGINT ``12``, a
  DOUBLE ``1.5`` or ``1.0``, a TIMESTAMP ``2024-01-31 10:00:00``, a DECIMAL as
  its scale writes it (``1.50``); the loader then coerces that text by the
  same rules as a CSV cell (so ``1.0`` is not a whole number, a date stored as
  the text ``31/02/2024`` is rejected as not a real date, an integer in a date
  column is not a date). Time zones are shown in UTC.
- **Row numbers**: a record's row is its 1-based position in the file plus
  one, as if line 1 were a header (the first record is row 2, as in a CSV
  file). Every record is a row: none is skipped as blank.
- **Columns**: the file's column names, exactly as stored, are checked as a
  CSV header is (``native.check_header``): unknown columns are ignored and
  named in a warning (and never read), a missing optional column is missing
  in every record, a missing required column leaves the table unread (an
  error). A column holding lists, structs or maps in a field is not a single
  value: each record with one there is rejected ("bad value").
- A file DuckDB cannot read as Parquet (damaged, truncated, not Parquet) is
  an error naming the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from checker.data.readers.base import (
    RawRow,
    Source,
    files_by_table,
    is_dir_of,
)
from checker.data.readers.native import (
    check_header,
    partial_tables,
    read_manifest,
    report_unknown_files,
)
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema, Table

MAGIC = b"PAR1"
FIRST_ROW = 2  # the first record's row number (row 1 stands for the header)
_BATCH = 100_000


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def scan_sql(path: Path) -> str:
    """The file, as a DuckDB table function."""
    return f"read_parquet({_lit(str(path))})"


def cell_sql(column: str) -> str:
    """SQL for a cell's text: the one rule both paths follow."""
    return f"CAST({_ident(column)} AS VARCHAR)"


def nested(type_name: str) -> bool:
    """A DuckDB type holding several values (list, array, struct, map, union)."""
    t = type_name.upper()
    return t.endswith("]") or t.startswith(("STRUCT", "MAP", "UNION"))


def columns(con, path: Path) -> list[tuple[str, str]]:
    """The file's columns, (name, DuckDB type), in file order. Raises duckdb.Error."""
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {scan_sql(path)}").fetchall()]


def connect():
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
    except Exception:  # noqa: BLE001, S110 - without ICU, times with a zone are shown in UTC anyway
        pass
    return con


def unreadable(path: Path, exc: Exception, diags: Diagnostics) -> None:
    why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    diags.error(
        f"`{path.name}` cannot be read as a Parquet file: {why}",
        Location(str(path)),
        code="unreadable",
        suggestion="is it damaged or cut short? write it again (e.g. `casecheck convert DATA --out DIR --to parquet`)",
    )


class _Columns:
    """Rows offered to the loader as columns (Loader.add_source)."""

    def __init__(self, numbers: list[int], cols: dict[str, list]):
        self._numbers = numbers
        self._cols = cols

    def columns(self):
        return self._numbers, self._cols

    def __iter__(self):  # the same rows, one at a time
        names = list(self._cols)
        for i, n in enumerate(self._numbers):
            yield RawRow(n, {f: self._cols[f][i] for f in names})


class ParquetFolder:
    name = "parquet"
    description = "a folder of <table>.parquet files, columns named as the schema's fields"

    def sniff(self, path: Path) -> bool:
        if not is_dir_of(path, ".parquet"):
            return False
        for p in files_by_table(path, ".parquet").values():
            try:
                with open(p, "rb") as fh:
                    if fh.read(4) == MAGIC:
                        return True
            except OSError:
                continue
        return False

    def read(self, path: Path, schema: DataSchema, diags: Diagnostics) -> Iterator[Source]:
        found = files_by_table(path, ".parquet")
        report_unknown_files(found, schema, diags)
        partial = partial_tables(path)
        self.manifest = read_manifest(path)
        con = connect()
        try:
            for name, table in schema.tables.items():
                if name in found:
                    src = read_parquet_table(con, found[name], table, diags)
                    if src is not None:
                        src.partial = partial.get(name)
                        yield src
        finally:
            con.close()


def read_parquet_table(con, path: Path, table: Table, diags: Diagnostics) -> Source | None:
    import duckdb

    file = str(path)
    try:
        cols = columns(con, path)
    except duckdb.Error as exc:
        unreadable(path, exc, diags)
        return None
    header = [c for c, _ in cols]
    ignored, usable = check_header(table, header, file, diags)
    if not usable:
        return None
    read = [(c, t) for c, t in cols if c in table.fields]  # in file order: the first bad cell is the first in it
    names = [c for c, _ in read]
    values: dict[str, list] = {c: [] for c in names}
    count = 0
    try:
        cur = con.execute(f"SELECT {', '.join(cell_sql(c) for c in names) or 'NULL'} FROM {scan_sql(path)}")
        while True:
            batch = cur.fetchmany(_BATCH)
            if not batch:
                break
            count += len(batch)
            for c, cells in zip(names, zip(*batch)):
                values[c].extend(cells)
    except duckdb.Error as exc:
        unreadable(path, exc, diags)
        return None
    numbers = list(range(FIRST_ROW, FIRST_ROW + count))
    fields = frozenset(names)
    bad = [(c, t) for c, t in read if nested(t)]
    if not bad:
        return Source(table.name, file, _Columns(numbers, values), ignored, fields=fields)

    def rows() -> Iterator[RawRow]:
        for i, n in enumerate(numbers):
            holds = next(((c, t) for c, t in bad if values[c][i] is not None), None)
            if holds is not None:
                yield RawRow(n, None, f"`{holds[0]}` holds a {holds[1]} value, not a single value", "bad value")
                continue
            yield RawRow(n, {c: values[c][i] for c in names})

    return Source(table.name, file, rows(), ignored, fields=fields)


# --- writing -------------------------------------------------------------------------------


def write(tables: dict[str, list[dict]], schema: DataSchema, out: Path) -> None:
    """Write typed records as a Parquet folder: one ``<table>.parquet`` per schema table, the
    fields in schema order typed as the DuckDB engine types them (DATE, BOOLEAN, BIGINT,
    VARCHAR, TIMESTAMP, DECIMAL(38,10)). Records in the order given."""
    from checker.backends.duckdb import TYPES

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    con = connect()
    try:
        for name, table in schema.tables.items():
            recs = tables.get(name, ())
            fields = list(table.fields)
            if not fields:
                continue
            cols = [[rec.get(f) for rec in recs] for f in fields]
            select = ", ".join(
                f"unnest(${k + 1}::{TYPES[table.fields[f].type.kind]}[]) AS {_ident(f)}" for k, f in enumerate(fields)
            )
            con.execute(f"CREATE OR REPLACE TEMP TABLE _casecheck_out AS SELECT {select}", cols)
            copy_table(con, "SELECT * FROM _casecheck_out", out / f"{name}.parquet")
            con.execute("DROP TABLE _casecheck_out")
    finally:
        con.close()


def copy_table(con, query: str, path: Path) -> None:
    """Write a query's rows to ``path`` as Parquet (atomically: a temporary file, then renamed)."""
    tmp = path.with_name(path.name + ".tmp")
    con.execute(f"COPY ({query}) TO {_lit(str(tmp))} (FORMAT PARQUET, COMPRESSION ZSTD)")
    tmp.replace(path)
