"""An SSDA903 return (the ``ssda903`` schema: the ``dfe-903`` pack), this
year's files and the previous year's, read straight into DuckDB, with exactly
the Python reader's and loader's result.

:func:`load_return` gives what ``load_data(folder, schema, "ssda903", as_at,
previous)`` gives (the same accounts, diagnostics in the same order and words,
missing tables, integrity issues; the return's reader rejects nothing), its
records in DuckDB's tables (``_row``, the fields, ``_line``) as
``csv_duckdb.load_csv_folder`` leaves a CSV folder's, with no Python record
made for them:

- The files are found and recognised by their columns by the Python reader
  itself (``Ssda903.return_files``: the same kinds, the previous year's files,
  the same warnings), and taken in the order it takes them.
- Each file is split into records by DuckDB's CSV reader, all cells as text,
  after the CSV path's scan (``csv_duckdb_table.scan_file``: UTF-8, separated
  by commas, no NUL byte, no lone carriage return, no space beside a quote, no
  blank line), which is where DuckDB splits a file as Python's ``csv`` does.
- What the Python reader does to a row is then SQL: a row whose cells are all
  blank is skipped; a row shorter than the header is read with blanks (and
  said, once per file); every cell is stripped of what ``str.strip`` strips,
  a blank one missing; the key is ``<CHILD>#<n>`` for the nth row read. A
  date column's distinct cells are converted by the reader's own
  ``ssda903_return.parse_date`` and joined back, so a date is a date exactly
  when the Python reader says so; the cells that are not dates are counted
  and worded by the same function.
- ``children`` (each distinct CHILD, numbered in the order first met, file by
  file) and ``returns`` are made in SQL; ``_row`` numbers every table's records
  in key order, as ``Loader.finish`` sorts them.

What it cannot be sure of makes it return None, having left nothing behind,
and the Python reader reads the return: a file the scan declines, a row longer
than the header (the Python reader rejects it) in a file that is loaded, a
quoted cell holding a line break (a record's line would be counted otherwise),
a problem with the folders that is an error. ``CASECHECK_903_READER=rows``
always reads with the Python reader (the reference;
``tests/test_ssda903_duckdb.py`` compares the two on generated, planted and
hypothesis-made returns).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import os
from collections import Counter
from pathlib import Path

from checker.backends.duckdb import TYPES
from checker.data.coerce import LoadResult, TableAccount
from checker.data.readers import detect
from checker.data.readers import ssda903_return as ret
from checker.data.readers.csv_duckdb import DuckDBDataset, drop_tables, eligible, integrity
from checker.data.readers.csv_duckdb_table import (
    EXTRA,
    PREFIX,
    Decline,
    balanced,
    blank,
    create_table,
    ident,
    read_raw,
    scan_file,
    strip,
)
from checker.data.readers.ssda903 import KINDS, Ssda903, short_rows
from checker.errors import Diagnostics
from checker.schema import DataSchema

#: ``CASECHECK_903_READER=rows``: the Python reader and loader, always (the reference)
BY_ROWS_ENV = "CASECHECK_903_READER"

last_decline: str | None = None  # why the last call declined (for tests, benchmarks)

_RAW = f"{PREFIX}903raw"
_DATES = f"{PREFIX}903dates"


def by_rows() -> bool:
    return os.environ.get(BY_ROWS_ENV, "").strip().lower() == "rows"


#: the characters ``str.strip`` strips that are ASCII, but for the space, and line ends
_ASCII_WS = (b"\t", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\x1f")


class _Cells:
    """SQL for a cell stripped as ``str.strip`` strips it, and for a blank cell, as cheap as the
    file allows (``trim`` with a set of characters is slow): an ASCII file holding no whitespace
    but spaces and line ends strips spaces only; one with no space beside a comma or a line end
    (and no quote) has no cell to strip."""

    def __init__(self, p: Path):
        data = p.read_bytes()
        data = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        if not data.isascii() or any(c in data for c in _ASCII_WS):
            self.level = "full"
        elif (b'"' in data or b" ," in data or b", " in data or b" \n" in data or b"\n " in data or b" \r" in data
              or data.startswith(b" ") or data.endswith(b" ")):
            self.level = "spaces"
        else:
            self.level = "none"

    def text(self, cell: str) -> str:
        """The cell stripped, NULL when blank."""
        return {"full": f"nullif({strip(cell)}, '')", "spaces": f"nullif(trim({cell}), '')"}.get(self.level, f"nullif({cell}, '')")

    def blank(self, cell: str) -> str:
        """Whether the cell is blank (or missing)."""
        return {"full": blank(cell), "spaces": f"coalesce(trim({cell}) = '', true)"}.get(self.level, f"coalesce({cell} = '', true)")

    def empty_row(self, width: int) -> str:
        """Whether every cell of a row is blank (most rows' first cell is not)."""
        return (f"CASE WHEN NOT {self.blank('c0')} THEN false ELSE "
                + balanced([self.blank(f"c{i}") for i in range(width)], "AND") + " END")


@dataclasses.dataclass
class _Read:
    """One file, read into the temporary table ``_RAW`` (text cells c0, c1, ..., in file order)."""

    header: list[str]  # upper case, as the Python reader's
    rows: int  # the rows the Python reader reads (blank ones skipped; too long ones included)
    long: int  # rows with more cells than the header
    cells: _Cells


def _read(con, p: Path, diags: Diagnostics) -> _Read:
    scan = scan_file(p)
    if scan.header is None or not scan.header:
        raise Decline("an empty file or header")  # the Python reader says so, as an error
    header = [h.upper() for h in scan.header]
    n = len(header)
    width = n + EXTRA
    read_raw(con, p, width, _RAW)
    how = _Cells(p)
    cells = (f"CASE WHEN c{n - 1} IS NOT NULL AND c{n} IS NULL THEN {n} ELSE "
             + balanced([f"CAST(c{i} IS NOT NULL AS INTEGER)" for i in range(width)], "+") + " END")
    empty = how.empty_row(width)
    breaks = (balanced([f"coalesce(length(c{i}) - length(replace(c{i}, chr(10), '')), 0)" for i in range(width)], "+")
              if scan.quotes else "0")
    longest = f"greatest({', '.join(f'coalesce(strlen(c{i}), 0)' for i in range(width))})" if scan.quotes else "0"
    records, blanks, short, first_short, long, line_breaks, widest = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE _blank), count(*) FILTER (WHERE NOT _blank AND _n < {n}), "
        f"arg_min([rowid, _n], rowid) FILTER (WHERE NOT _blank AND _n < {n}), "
        f"count(*) FILTER (WHERE NOT _blank AND _n > {n}), coalesce(sum(_br), 0), coalesce(max(_w), 0) "
        f"FROM (SELECT rowid, {cells} AS _n, {empty} AS _blank, {breaks} AS _br, {longest} AS _w FROM {_RAW})"
    ).fetchone()
    if widest > csv.field_size_limit():
        raise Decline("a cell longer than Python's csv module takes")
    if line_breaks:
        raise Decline("a quoted cell holding a line break")
    if 1 + records != scan.lines:
        raise Decline("lines DuckDB's records do not account for (a blank line)")
    if short:
        short_rows(p, (first_short[0] + 2, first_short[1]), short, n, diags)
    return _Read(header, records - blanks, long, how)


def _load(con, schema: DataSchema, kind: str, p: Path, got: _Read, table: str, diags: Diagnostics) -> TableAccount:
    """The file in ``_RAW`` as the records of ``table``, as ``ssda903_return._source`` makes them."""
    _, columns, dates = ret.FILES[kind]
    ret.check_columns(kind, p, got.header, diags)
    index = {h: i for i, h in enumerate(got.header)}
    n = len(got.header)
    at = {c: index.get(c) for c in columns}
    names = ret.fields(kind)
    # each date column's distinct cells, converted as the Python reader converts them
    dated = [i for c, i in at.items() if c in dates and i is not None]
    joins = []
    if dated:
        (texts,) = con.execute(
            "SELECT list(DISTINCT c) FROM (" + " UNION ALL ".join(f"SELECT c{i} AS c FROM {_RAW}" for i in dated)
            + ") WHERE c IS NOT NULL").fetchone()
        texts = texts or []
        parsed = [ret.parse_date(t.strip() or None) for t in texts]
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_DATES} AS SELECT unnest($1::VARCHAR[]) AS raw, "
                    f"unnest($2::DATE[]) AS val", [texts, parsed])
        joins = [f"LEFT JOIN {_DATES} d{i} ON d{i}.raw = r.c{i}" for i in dated]
    values: list[str] = []
    for c in columns:
        i = at[c]
        text = "CAST(NULL AS VARCHAR)" if i is None else got.cells.text(f"r.c{i}")
        if c in dates:
            values.append("CAST(NULL AS DATE)" if i is None else f"d{i}.val")
        values.append(text)
    child = values[0]
    keyed = (f"SELECT CASE WHEN {child} IS NULL THEN '#' || r._k ELSE {child} || '#' || r._k END AS v0, "
             f"r._k AS v1, '1' AS v2, " + ", ".join(f"{v} AS v{k}" for k, v in enumerate(values, 3))
             + f", r.rowid + 2 AS _line FROM (SELECT rowid, *, row_number() OVER (ORDER BY rowid) AS _k FROM {_RAW} "
             f"WHERE NOT ({got.cells.empty_row(n + EXTRA)})) r " + " ".join(joins))
    assert len(values) + 3 == len(names)
    # the schema's fields in its order; one the CSV form has no column for (the XML form's) is missing
    made = {name: f"v{k}" for k, name in enumerate(names)}
    fields = [made.get(f, f"CAST(NULL AS {TYPES[fld.type.kind]})") for f, fld in schema.tables[table].fields.items()]
    if set(names) - set(schema.tables[table].fields):
        raise Decline("a column the schema has no field for")
    (inserted,) = con.execute(
        f"INSERT INTO {ident(table)} SELECT CAST(row_number() OVER (ORDER BY v0) AS INTEGER), "
        + ", ".join(fields) + f", CAST(_line AS INTEGER) FROM ({keyed})").fetchone()
    if inserted != got.rows:
        raise Decline("DuckDB loaded another number of rows than were read")
    # the cells that are not dates, counted per column (by its DfE name), the first in file order
    bad = [c for c in columns if c in dates and at[c] is not None]
    if bad:
        counts = con.execute("SELECT " + ", ".join(
            f"count(*) FILTER (WHERE {ident(ret.field(c))} IS NULL AND {ident(ret.field(c) + '_sent')} IS NOT NULL), "
            f"arg_min({ident(ret.field(c) + '_sent')}, {ident('row')}) FILTER (WHERE {ident(ret.field(c))} IS NULL "
            f"AND {ident(ret.field(c) + '_sent')} IS NOT NULL)" for c in bad) + f" FROM {ident(table)}").fetchone()
        for k, c in sorted(enumerate(bad), key=lambda kc: kc[1]):
            if counts[2 * k]:
                ret.bad_dates(p, c, counts[2 * k], counts[2 * k + 1], diags)
        con.execute(f"DROP TABLE IF EXISTS {_DATES}")
    return TableAccount(table, str(p), read=got.rows, loaded=got.rows, fields=set(names))


def load_return(con, schema: DataSchema, path: Path, previous: Path | None, as_at: _dt.date | None,
                input_format: str | None = None) -> LoadResult | None:
    """Read the SSDA903 return in ``path`` (and the previous year's, in ``previous`` or beside
    it) into ``con`` (one table per schema table) and return what ``load_data(path, schema,
    "ssda903", as_at, previous)`` returns, with a dataset read from those tables when first
    used; or None, having left nothing behind (read it with the Python reader and loader)."""
    global last_decline
    last_decline = None
    path = Path(path)
    if by_rows():
        last_decline = f"{BY_ROWS_ENV}=rows"
        return None
    if not {"returns", "children", "sw_episodes"} <= set(schema.tables) or not eligible(schema, con):
        last_decline = "not the ssda903 schema, or a connection the DuckDB path does not take"
        return None
    if not path.is_dir() or (previous is not None and not Path(previous).is_dir()):
        last_decline = "not a folder"
        return None
    if input_format not in (None, "ssda903") or (input_format is None and detect(path, Diagnostics()) != "ssda903"):
        last_decline = "not an SSDA903 folder"
        return None
    diags = Diagnostics()
    found, last = Ssda903().return_files(path, diags, Path(previous) if previous is not None else None)
    if diags.errors:
        last_decline = "the folders have a problem the Python reader reports"
        return None
    created: list[str] = []
    order = list(KINDS)
    accounts: dict[str, TableAccount] = {}
    loaded: list[str] = []  # the tables read from files, in the order read
    excluded: Counter = Counter()
    try:
        for name, table in schema.tables.items():
            create_table(con, table)
            created.append(name)
        for year, files in (("", found), ("_last", last)):
            for kind in sorted(files, key=order.index):
                p = files[kind]
                got = _read(con, p, diags)
                target = ret.FILES[kind][0] + year if kind in ret.FILES else None
                if target is None:
                    excluded[f"SSDA903 {kind} file: no table in the ssda903 schema"] += got.rows
                elif target not in schema.tables:
                    if year:
                        excluded[f"the previous year's SSDA903 {kind} file: no rule reads it"] += got.rows
                elif got.long:
                    raise Decline("a row with more cells than the header (the Python reader rejects it)")
                else:
                    accounts[target] = _load(con, schema, kind, p, got, target, diags)
                    loaded.append(target)
                con.execute(f"DROP TABLE IF EXISTS {_RAW}")
        con.execute("INSERT INTO returns VALUES (1, '1', 1)")
        firsts = " UNION ALL ".join(
            f"SELECT child_id, {k} * 4294967296 + {ident('row')} AS o FROM {ident(t)} WHERE child_id IS NOT NULL"
            for k, t in enumerate(loaded))
        (children,) = con.execute(
            "INSERT INTO children SELECT CAST(row_number() OVER (ORDER BY child_id) AS INTEGER), child_id, "
            "CAST(row_number() OVER (ORDER BY o) AS INTEGER) FROM (SELECT child_id, min(o) AS o FROM ("
            + (firsts or "SELECT CAST(NULL AS VARCHAR) AS child_id, 0 AS o WHERE false") + ") GROUP BY child_id)"
        ).fetchone()
        out = {"returns": TableAccount("returns", ret.RETURN_FILE, read=1, loaded=1),
               "children": TableAccount("children", ret.CHILDREN_FILE, read=children + sum(excluded.values()),
                                        loaded=children, excluded=Counter(dict(excluded)))}
        out.update(accounts)
        issues = integrity(con, schema, out, as_at)
    except (Decline, OSError) as exc:
        drop_tables(con, created)
        last_decline = f"{exc}"
        return None
    except Exception:
        drop_tables(con, created)
        raise
    missing = [t for t in schema.tables if t not in out]
    result = LoadResult(DuckDBDataset(con, schema), out, [], diags, missing, issues, "ssda903")
    result.in_database = True
    return result
