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
  what was expected), and joined back in SQL. Text fields are stripped in SQL
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

import codecs
import csv
import dataclasses
import datetime as _dt
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.backends.duckdb import TYPES
from checker.data.coerce import (
    KEY_SEPARATOR,
    IntegrityIssue,
    LoadResult,
    Rejection,
    TableAccount,
    coerce,
    show_value,
)
from checker.data.readers import detect, parquet
from checker.data.readers.base import files_by_table
from checker.data.readers.native import (
    check_header,
    partial_tables,
    read_manifest,
    report_unknown_files,
)
from checker.errors import Diagnostics, Location
from checker.model import Dataset, Row
from checker.schema import DataSchema, Table

ROW = "_row"
LINE = "_line"
_PREFIX = "__casecheck_csv_"  # the working tables (temporary, dropped as soon as used)
_EXTRA = 4  # cells a row may have beyond the header's and still be counted (and rejected) here
_CHUNK = 1 << 24  # bytes scanned at a time
_HEAD = 1 << 20  # bytes in which the header line must end
_BOM = b"\xef\xbb\xbf"
_NULL = "\x01"  # DuckDB's null string: only a cell the row does not have (null padding) is NULL
# spaces between a delimiter (or line end) and a quote: DuckDB drops them, Python's csv keeps them
_SPACE_QUOTE = re.compile(rb'(?:^|[,\n]) +"|" +(?:,|\r?\n|$)')
# the characters str.strip() strips (every code point whose isspace() is true; written out, since
# finding them scans 1.1 million code points: 0.1 s of every start-up; tests/test_csv_duckdb.py checks)
_WS = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
       "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


last_decline: str | None = None  # why the last call of load_csv_folder returned None (for tests, benchmarks)


class _Decline(Exception):
    """The fast path cannot guarantee the Python loader's result."""


# --- SQL helpers -----------------------------------------------------------------------


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_WS_LIT = _lit(_WS)
# code points between these are never whitespace: a cell that starts and ends with one needs no trim
# (trim with a set of characters is slow; almost no cell needs it)
_SAFE_LO = max(c for c in map(ord, _WS) if c < 128) + 1
_SAFE_HI = min(c for c in map(ord, _WS) if c >= 128) - 1


def _strip(expr: str) -> str:
    """``expr.strip()`` in SQL."""
    return (f"CASE WHEN ascii({expr}) BETWEEN {_SAFE_LO} AND {_SAFE_HI} AND ascii({expr}[-1]) BETWEEN {_SAFE_LO} AND {_SAFE_HI} "
            f"THEN {expr} ELSE trim({expr}, {_WS_LIT}) END")


def _blank(expr: str) -> str:
    """``not expr.strip()`` in SQL, true for NULL."""
    return f"coalesce(CASE WHEN ascii({expr}) BETWEEN {_SAFE_LO} AND {_SAFE_HI} THEN false ELSE trim({expr}, {_WS_LIT}) = '' END, true)"


# --- the file scan ---------------------------------------------------------------------


@dataclass
class _Scan:
    lines: int  # lines up to the last that is not blank: what the records must account for
    quotes: bool  # the file has a `"` somewhere
    header: list[str] | None  # None: the file is empty (only whitespace)


def _scan(path: Path) -> _Scan:
    """Read the file once in chunks: what decides whether DuckDB reads it as Python would."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lf = cr = crlf = 0
    quotes = space_quote = False
    trailing_lf = 0  # line feeds after the last byte that is not a line end
    head = b""
    prev = b""
    total = 0
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            if total == 0:
                head = chunk[:_HEAD]
                if chunk.startswith(_BOM):
                    chunk_text = chunk[3:]
                else:
                    chunk_text = chunk
            else:
                chunk_text = chunk
            total += len(chunk)
            if b"\x00" in chunk or _NULL.encode() in chunk:
                raise _Decline("a NUL or \\x01 byte")
            edge = prev[-1:] + chunk[:1]
            lf += chunk.count(b"\n")
            if b"\r" in chunk:
                cr += chunk.count(b"\r")
                crlf += chunk.count(b"\r\n")
            crlf += edge == b"\r\n"
            quoted = b'"' in chunk
            quotes = quotes or quoted
            if ((quoted and (b' "' in chunk or b'" ' in chunk)) or edge in (b' "', b'" ')) and (
                    _SPACE_QUOTE.search(prev[-4096:] + chunk[:4096]) or _SPACE_QUOTE.search(chunk)):
                space_quote = True
            if decoder.getstate()[0] or not chunk_text.isascii():
                try:
                    decoder.decode(chunk_text)
                except UnicodeDecodeError:
                    raise _Decline("not UTF-8") from None
            body = chunk.rstrip(b"\r\n")
            if body:
                trailing_lf = chunk.count(b"\n", len(body))
            else:
                trailing_lf += chunk.count(b"\n")
            prev = chunk
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _Decline("not UTF-8") from None
    if cr != crlf:
        raise _Decline("a carriage return that does not end a line")
    if space_quote:
        raise _Decline("a space next to a quote")
    # the header line, as read_delimited_text and read_csv_table read it
    data = head[3:] if head.startswith(_BOM) else head
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if len(head) == total:
            raise _Decline("not UTF-8") from None
        text = data[: data.rfind(b"\n") + 1].decode("utf-8", errors="strict") if b"\n" in data else ""
    if not text.strip():
        if len(head) == total:
            return _Scan(0, quotes, None)  # empty
        raise _Decline("the start of the file is blank")
    if len(head) < total and "\n" not in text:
        raise _Decline("a very long header line")
    first = text.splitlines()[0]
    if first.count(";") > first.count(","):
        raise _Decline("separated by `;`")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=",")
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except (csv.Error, StopIteration):
        raise _Decline("a header that is not plain CSV") from None
    if reader.line_num != 1:
        raise _Decline("a header over more than one line")
    lines = lf - trailing_lf + 1
    return _Scan(lines, quotes, header)


# --- one table -------------------------------------------------------------------------


@dataclass
class _Loaded:
    table: Table
    file: str
    account: TableAccount
    rejections: list[Rejection]


def _read_raw(con, path: Path, width: int, raw: str) -> None:
    """The file's records as text cells c0, c1, ... (NULL: a cell the row does not have), in file
    order (rowid)."""
    cols = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    spec = (f"columns = {cols}, header = false, skip = 1, delim = ',', quote = '\"', escape = '\"', "
            f"auto_detect = false, strict_mode = true, null_padding = true, nullstr = {_lit(_NULL)}, "
            f"allow_quoted_nulls = false, max_line_size = {csv.field_size_limit()}, encoding = 'utf-8'")
    sql = f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT * FROM read_csv({_lit(str(path))}, {spec}@PARALLEL@)"
    try:
        con.execute(sql.replace("@PARALLEL@", ""))
    except Exception as exc:  # noqa: BLE001 - any refusal of DuckDB's: the Python loader decides
        if "parallel=false" not in str(exc):
            raise _Decline(f"DuckDB's CSV reader: {str(exc).splitlines()[0]}") from None
        try:  # quoted line breaks and null padding: read in one thread
            con.execute(sql.replace("@PARALLEL@", ", parallel = false"))
        except Exception as exc2:  # noqa: BLE001
            raise _Decline(f"DuckDB's CSV reader: {str(exc2).splitlines()[0]}") from None


def _read_parquet_raw(con, path: Path, columns: list[str], raw: str) -> None:
    """A Parquet file's records as text cells c0, c1, ... of ``columns`` (cast to text as the
    Python reader casts them: ``parquet.cell_sql``; NULL: missing), in file order (rowid)."""
    cells = ", ".join(f"{parquet.cell_sql(c)} AS c{i}" for i, c in enumerate(columns))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT {cells} FROM {parquet.scan_sql(path)}")
    except Exception as exc:  # noqa: BLE001 - a damaged file: the Python reader says so
        raise _Decline(f"DuckDB's Parquet reader: {str(exc).splitlines()[0]}") from None


@dataclass
class _Raw:
    """Where a table's records come from, as rows of text cells c0, c1, ... (in file order)."""

    header: list[str]  # the names of the cells
    width: int  # cells a row is read with
    read: Any  # (con, name) -> None: makes the temporary table ``name`` of the cells
    ragged: bool  # CSV: a row may have more or fewer cells than the header, or be blank (skipped)
    quotes: bool = False  # CSV: a quoted cell may hold line breaks
    lines: int | None = None  # CSV: the lines the records must account for


@dataclass
class _Map:
    """The distinct raw cells of the fields of one kind (and code set), each converted by data.coerce."""

    table: str  # in DuckDB: raw, val, err, keytext
    err: dict[str, str]  # raw cell -> what was expected, for the cells that do not convert
    blank: list[str]  # the raw cells that are missing values ("", spaces)


def _maps(con, schema: DataSchema, table: Table, header: list[str], distinct: dict[int, list]) -> dict[int, _Map]:
    """A map for each kind (and code set) of the table's non-text fields in the file, from the
    distinct cells of each (header position -> them): header position -> its map."""
    groups: dict[tuple, list[int]] = {}
    for i, h in enumerate(header):
        fld = table.fields.get(h)
        if fld is None or fld.type.kind == "string":
            continue
        groups.setdefault((fld.type.kind, fld.type.code_set if fld.type.kind == "code" else None, fld.by_hand), []).append(i)
    out = {}
    for n, ((kind, code_set, by_hand), cols) in enumerate(groups.items()):
        fld = table.fields[header[cols[0]]]
        raws = list(dict.fromkeys(c for i in cols for c in distinct[i] or ()))
        vals, errs, keys = [], [], []
        bad, blank = {}, []
        for cell in raws:
            if "\x00" in cell:
                raise _Decline("a NUL character in a cell")
            value, expected = coerce(fld, cell, schema.code_sets)
            if value is not None:
                if kind == "decimal":
                    raise _Decline("a decimal value (DECIMAL(38,10) does not keep its digits as written)")
                if kind == "integer" and not -(2 ** 63) <= value < 2 ** 63:
                    raise _Decline("a whole number too big for BIGINT")
                if kind == "datetime" and value.tzinfo is not None:
                    raise _Decline("a time with a time zone")
            elif expected is None:
                blank.append(cell)
            else:
                if by_hand:  # read as missing with a warning: the Python loader does that
                    raise _Decline("a value typed by hand that does not fit its field")
                bad[cell] = expected
            vals.append(value)
            errs.append(expected)
            keys.append(str(value))
        name = f"{_PREFIX}map_{n}"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT unnest($1::VARCHAR[]) AS raw, "
            f"unnest($2::{TYPES[kind]}[]) AS val, unnest($3::VARCHAR[]) AS err, unnest($4::VARCHAR[]) AS keytext",
            [raws, vals, errs, keys],
        )
        m = _Map(name, bad, blank)
        for i in cols:
            out[i] = m
    return out


def _among(expr: str, cells, table: str, where: str) -> str:
    """SQL: ``expr`` is one of ``cells`` (listed, or looked up in the map when there are many)."""
    cells = list(cells)
    if not cells:
        return "false"
    if len(cells) <= 200:
        return f"{expr} IN ({', '.join(_lit(c) for c in cells)})"
    return f"{expr} IN (SELECT raw FROM {table} WHERE {where})"


_BLANK, _CELLS, _BAD, _MISSING, _OK, _DUP = range(6)  # what becomes of a row


def _balanced(terms: list[str], op: str) -> str:
    """``a op b op c ...`` bracketed as a balanced tree: nested log2(n) deep
    rather than n, so a row of 1,000 or more cells stays within DuckDB's
    expression depth limit (the wide-CSV path, issue 19)."""
    if len(terms) == 1:
        return terms[0]
    mid = len(terms) // 2
    return f"({_balanced(terms[:mid], op)} {op} {_balanced(terms[mid:], op)})"


def _load_table(con, schema: DataSchema, table: Table, path: Path, scan: _Raw) -> _Loaded:
    file = str(path)
    header = scan.header
    n = len(header)
    width = scan.width
    raw, dup = f"{_PREFIX}raw", f"{_PREFIX}dup"
    col = {h: i for i, h in enumerate(header) if h in table.fields}
    kind = {h: table.fields[h].type.kind for h in col}

    # What depends on a row's cells alone, worked out when a query needs it (storing it costs
    # more, and DuckDB folds much of it away from the stored cells' statistics): the text fields
    # stripped, the number of cells, whether the row is blank, the line breaks in its cells.
    computed = ["rowid AS _ord"]
    computed += [f"nullif({_strip(f'c{i}')}, '') AS s{i}" for h, i in col.items() if kind[h] == "string"]
    # cells fill from the left (null padding): a row has the header's number when the n-th is
    # there and the next is not
    if scan.ragged:
        computed.append(f"CASE WHEN c{n - 1} IS NOT NULL AND c{n} IS NULL THEN {n} ELSE "
                        + _balanced([f"CAST(c{i} IS NOT NULL AS INTEGER)" for i in range(width)], "+") + " END AS _ncells")
        computed.append(f"CASE WHEN ascii(c0) BETWEEN {_SAFE_LO} AND {_SAFE_HI} THEN false ELSE "
                        + _balanced([_blank(f"c{i}") for i in range(width)], "AND") + " END AS _blank")
    else:  # every record has every cell (NULL: missing), and none is skipped
        computed += [f"{n} AS _ncells", "false AS _blank"]
    text_key = all(table.fields[k].type.kind == "string" for k in table.key)
    if scan.quotes:  # a quoted cell may hold line breaks (each adds a line to its record) or be long
        breaks_sql = _balanced([f"coalesce(length(c{i}) - length(replace(c{i}, chr(10), '')), 0)" for i in range(width)], "+")
        computed.append(f"{breaks_sql} AS _breaks")
        computed.append(f"greatest({', '.join(f'coalesce(strlen(c{i}), 0)' for i in range(width))}) AS _longest")
    else:
        computed.append("0 AS _breaks")
    scan.read(con, raw)
    src = f"(SELECT *, {', '.join(computed)} FROM {raw})"
    # one pass: the counts, and the distinct cells of each non-text field (to convert in Python)
    typed = [i for h, i in col.items() if kind[h] != "string"]
    required = [name for name, fld in table.fields.items() if fld.required]
    # rows that may have a problem whatever their cells convert to
    # (a NULL cell, which only a Parquet file has in a row of the header's width: missing)
    suspect = " OR ".join([f"_ncells <> {n}"] + [_blank(f"c{col[f]}") if kind[f] == "string" else f"c{col[f]} IS NULL"
                                                 for f in required])
    nrows, blanks, suspects, breaks, longest, *distinct = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE _blank), count(*) FILTER (WHERE NOT _blank AND ({suspect})), "
        + ("coalesce(sum(_breaks), 0), coalesce(max(_longest), 0)" if scan.quotes else "0, 0")
        + "".join(f", list(DISTINCT c{i}) FILTER (WHERE c{i} IS NOT NULL)" for i in typed)
        + f" FROM {src}"
    ).fetchone()
    if longest > csv.field_size_limit():  # Python's csv module refuses the row: another rejection
        raise _Decline("a cell longer than Python's csv module takes")
    if scan.lines is not None and 1 + nrows + breaks != scan.lines:
        raise _Decline("lines DuckDB's records do not account for (a blank line)")
    # a record's line: the header's, plus one for each record before it and each line break in them
    line = "_ord + 2"
    if breaks:
        line += f" + coalesce(sum({breaks_sql}) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)"
    src = f"(SELECT *, {', '.join(computed)}, {line.replace('_ord', 'rowid')} AS _line FROM {raw})"
    maps = _maps(con, schema, table, header, dict(zip(typed, distinct)))
    blank_typed = [f for f in required if kind[f] != "string" and set(maps[col[f]].blank) & set(distinct[typed.index(col[f])] or ())]

    # What becomes of each row, from its cells alone, in the order the loader looks: a blank row
    # is skipped; then the number of cells, the first cell (in header order) that does not
    # convert, the first required field (in schema order) that is blank.
    cells = dict(zip(typed, distinct))
    bad_cols = [i for i, h in enumerate(header) if i in cells and any(c in maps[i].err for c in cells[i] or ())]
    bad = {i: _among(f"r.c{i}", maps[i].err, maps[i].table, "err IS NOT NULL") for i in bad_cols}
    blank_required = {
        f: _blank(f"r.c{col[f]}") if kind[f] == "string"
        else f"(r.c{col[f]} IS NULL OR {_among(f'r.c{col[f]}', maps[col[f]].blank, maps[col[f]].table, 'val IS NULL AND err IS NULL')})"
        for f in required
    }
    status = (f"CASE WHEN r._blank THEN {_BLANK} WHEN r._ncells <> {n} THEN {_CELLS} "
              + "".join(f"WHEN {bad[i]} THEN {_BAD} " for i in bad_cols)
              + "".join(f"WHEN {blank_required[f]} THEN {_MISSING} " for f in required)
              + f"ELSE {_OK} END")
    first_bad = ("CASE " + " ".join(f"WHEN {bad[i]} THEN {i}" for i in bad_cols) + " END") if bad_cols else "NULL"
    bad_cell = ("CASE " + " ".join(f"WHEN {bad[i]} THEN r.c{i}" for i in bad_cols) + " END") if bad_cols else "NULL"
    first_blank = ("CASE " + " ".join(f"WHEN {blank_required[f]} THEN {k}" for k, f in enumerate(required)) + " END") if required else "NULL"
    # the rows rejected so far (not duplicates)
    problems = [f"r._ncells <> {n}", *bad.values(), *blank_required.values()]
    rejected = []
    if suspects or bad_cols or blank_typed:  # else no row can be rejected (but for its key)
        rejected = con.execute(
            f"SELECT r._ord, {status} AS _status, r._line, r._breaks, r._ncells, {first_bad} AS _bad, {first_blank} AS _miss, "
            f"{bad_cell} AS _cell FROM {src} r WHERE NOT r._blank AND ({' OR '.join(problems)})"
        ).fetchall()

    # the typed values: a non-text field's from the map of its kind, joined on the cell
    joins, value, keytext = [], {}, {}
    for name, fld in table.fields.items():
        i = col.get(name)
        if i is None:
            value[name] = f"CAST(NULL AS {TYPES[fld.type.kind]})"
            keytext[name] = "'None'"
        elif fld.type.kind == "string":
            value[name] = f"r.s{i}"
            keytext[name] = f"coalesce(r.s{i}, 'None')"
        else:
            joins.append(f"LEFT JOIN {maps[i].table} m{i} ON m{i}.raw = r.c{i}")
            value[name] = f"m{i}.val"
            keytext[name] = f"coalesce(m{i}.keytext, 'None')"  # NULL: a missing cell
    key = f" || {_lit(KEY_SEPARATOR)} || ".join(keytext[k] for k in table.key)
    all_ok = not rejected and not blanks
    rows_sql = (f"SELECT r._ord, r._line, {key} AS _key, " + ", ".join(f"{value[f]} AS v{k}" for k, f in enumerate(table.fields))
                + f" FROM {src} r " + " ".join(joins) + ("" if all_ok else f" WHERE ({status}) = {_OK}"))

    fields = ", ".join(f"v{k}" for k in range(len(table.fields)))
    t = _ident(table.name)
    inserted = None
    dups = []
    if text_key:
        # Most extracts list their records in key order: if the keys rise from row to row they are
        # all different, and in the order Loader.finish puts them. Numbered so, then checked.
        skipped = [r[0] for r in rejected]
        if blanks:
            skipped += [o for (o,) in con.execute(f"SELECT _ord FROM {src} WHERE _blank LIMIT 4097").fetchall()]
        number = _rank("_ord", sorted(skipped)) if len(skipped) <= 4096 else "row_number() OVER (ORDER BY _ord)"
        (inserted,) = con.execute(
            f"INSERT INTO {t} SELECT CAST({number} AS INTEGER), {fields}, CAST(_line AS INTEGER) FROM ({rows_sql}) q"
        ).fetchone()
        k = f" || {_lit(KEY_SEPARATOR)} || ".join(f"coalesce({_ident(f)}, 'None')" for f in table.key)
        falls = con.execute(
            f"SELECT count(*) FROM (SELECT {k} AS _k, lag({k}) OVER (ORDER BY {ROW}) AS _p FROM {t}) WHERE _p >= _k"
        ).fetchone()[0]
        if falls:
            _create(con, table)
            inserted = None
    if inserted is None:
        # a key met before: the later rows are duplicates (the first valid row with a key is loaded)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {dup} AS SELECT _ord, _line, _key FROM ({rows_sql}) q "
                    f"WHERE _key IN (SELECT _key FROM ({rows_sql}) q2 GROUP BY _key HAVING count(*) > 1)")
        seen: dict[str, int] = {}
        for ord_, line_, key_ in con.execute(f"SELECT _ord, _line, _key FROM {dup} ORDER BY _ord").fetchall():
            if key_ in seen:
                dups.append((ord_, _DUP, line_, 0, 0, None, None, None, key_, seen[key_]))
            else:
                seen[key_] = line_
        not_dup = " WHERE _ord NOT IN (SELECT unnest($1::BIGINT[]))" if dups else ""
        (inserted,) = con.execute(
            f"INSERT INTO {t} SELECT CAST(row_number() OVER (ORDER BY _key) AS INTEGER), {fields}, "
            f"CAST(_line AS INTEGER) FROM ({rows_sql}) q{not_dup}", [[d[0] for d in dups]] if dups else None
        ).fetchone()
    # the rejected rows, worded as the loader words them
    account = TableAccount(table.name, file)
    rejections: list[Rejection] = []
    for ord_, status_, line_, breaks_, ncells_, bad_, miss_, cell, *dup_ in sorted(rejected + dups):
        if status_ == _CELLS:
            problem = f"row has {ncells_} cell{'s' if ncells_ != 1 else ''}; the header has {n}"
            if breaks_:
                problem += f" (a quoted cell runs from line {line_} to line {line_ + breaks_}: is a closing quote missing?)"
            column, shown, reason, message = None, None, "wrong number of cells", problem
        elif status_ == _BAD:
            shown = show_value(cell)
            column, reason, message = header[bad_], "bad value", f"`{shown}` is not {maps[bad_].err[cell]}"
        elif status_ == _MISSING:
            column, shown, reason, message = required[miss_], None, "missing required value", f"`{required[miss_]}` is required but blank"
        else:
            key_, first_ = dup_
            column, shown, reason = KEY_SEPARATOR.join(table.key), show_value(key_), "duplicate key"
            message = f"duplicate key `{key_}` (first at row {first_})"
        account.rejected[reason] += 1
        rejections.append(Rejection(table.name, file, line_, column, shown, reason, message))
    account.read = nrows - blanks
    account.loaded = account.read - len(rejections)

    con.execute(f"DROP TABLE IF EXISTS {dup}")
    con.execute(f"DROP TABLE {raw}")
    for name in {m.table for m in maps.values()}:
        con.execute(f"DROP TABLE {name}")
    if inserted != account.loaded or not account.balanced():
        raise _Decline("the accounting does not balance")  # never expected: a bug, not a silent loss
    return _Loaded(table, file, account, rejections)


def _rank(expr: str, skipped: list[int]) -> str:
    """SQL for the 1-based place of row ``expr`` (a 0-based row number) among the rows that are not
    ``skipped`` (sorted): a binary search of them, written out."""

    def before(lo: int, hi: int) -> str:  # how many of skipped[lo:hi] are below expr, given those below lo are
        if lo == hi:
            return str(lo)
        mid = (lo + hi) // 2
        return f"CASE WHEN {expr} < {skipped[mid]} THEN {before(lo, mid)} ELSE {before(mid + 1, hi)} END"

    return f"{expr} + 1 - {before(0, len(skipped))}" if skipped else f"{expr} + 1"


def _create(con, table: Table) -> None:
    cols = [f"{ROW} INTEGER"] + [f"{_ident(f)} {TYPES[fld.type.kind]}" for f, fld in table.fields.items()] + [f"{LINE} INTEGER"]
    con.execute(f"DROP TABLE IF EXISTS {_ident(table.name)}")
    con.execute(f"CREATE TABLE {_ident(table.name)} ({', '.join(cols)})")


# --- integrity ---------------------------------------------------------------------------


def _key_of(table: Table, values: dict) -> str:
    if len(table.key) == 1:
        return str(values[table.key[0]])
    return KEY_SEPARATOR.join(str(values[k]) for k in table.key)


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
        parts = [f"SELECT {k} AS _l, {ROW} AS _r, {_ident(link.local_field)} AS _v FROM {_ident(name)} "
                 f"WHERE {_ident(link.local_field)} IS NOT NULL" for k, (name, link) in enumerate(links)]
        sql = (f"SELECT _l, _r, _v FROM ({' UNION ALL '.join(parts)}) u "
               f"WHERE NOT EXISTS (SELECT 1 FROM {_ident(target)} x WHERE x.{_ident(remote)} = u._v)")
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
        t = _ident(table.name)
        keycols = ", ".join(f"s.{_ident(k)}" for k in table.key)

        def fetch(sql, table=table, params=None):
            for row in con.execute(sql, params).fetchall():
                yield row[0], _key_of(table, dict(zip(table.key, row[1:1 + len(table.key)]))), row[1 + len(table.key):]

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
            sql = (f"SELECT s.{LINE}, {keycols}, s.{_ident(a)}, s.{_ident(b)} FROM {t} s "
                   f"WHERE s.{_ident(b)} < s.{_ident(a)} ORDER BY s.{ROW}")
            for line, key, (va, vb) in fetch(sql):
                issues.append(IntegrityIssue("date order", table.name, file, line, key, b, vb.isoformat(),
                                             f"{b} {vb.isoformat()} is before {a} {va.isoformat()}"))
        if as_at is not None:
            dates = [f.name for f in table.fields.values() if f.type.kind in ("date", "datetime") and not f.future]
            if dates:
                late = " OR ".join(f"CAST(s.{_ident(f)} AS DATE) > {_lit(as_at.isoformat())}::DATE" for f in dates)
                sql = (f"SELECT s.{LINE}, {keycols}, " + ", ".join(f"s.{_ident(f)}" for f in dates)
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
    tables: dict[str, list[Row]] = {}
    for name, table in schema.tables.items():
        fields = list(table.fields)
        out: list[Row] = []
        tables[name] = out
        cur = con.cursor()
        try:
            cur.execute(f"SELECT {', '.join(_ident(f) for f in fields)}, {LINE} FROM {_ident(name)} ORDER BY {ROW}")
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
    return Dataset(tables)


class DuckDBDataset(Dataset):
    """A Dataset whose records are read from the DuckDB tables only when first asked for."""

    def __init__(self, con, schema: DataSchema):
        self._con = con
        self._schema = schema
        self._tables: dict[str, list[Row]] | None = None
        self._by_key = {}
        self._by_field = {}

    @property
    def built(self) -> bool:
        return self._tables is not None

    @property
    def tables(self) -> dict[str, list[Row]]:  # type: ignore[override]
        if self._tables is None:
            self._tables = dataset_from_duckdb(self._con, self._schema).tables
        return self._tables

    @tables.setter
    def tables(self, value: dict[str, list[Row]]) -> None:
        self._tables = value


# --- the folder ------------------------------------------------------------------------------


def _eligible_schema(schema: DataSchema) -> bool:
    if not schema.tables:
        return False
    for table in schema.tables.values():
        if table.name.startswith(_PREFIX) or not table.key:
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
            raise _Decline("not (only) a folder of <table>.csv files")
        # the files are scanned (in Python) ahead of DuckDB reading them
        self.scans = {name: pool.submit(_scan, found[name]) for name in schema.tables if name in found}

    def raw(self, con, table: Table, path: Path, diags: Diagnostics) -> tuple[_Raw, list[str]] | None:
        """The table's records, and the columns to ignore; None: the table is not read (said in diags)."""
        scan = self.scans[table.name].result()
        if scan.header is None:
            diags.error(f"`{path.name}` is empty: it has no header row", Location(str(path), 1, 1), code="empty-file")
            return None
        if not scan.header:
            raise _Decline("an empty header line")
        ignored, usable = check_header(table, scan.header, str(path), diags)
        if not usable:
            return None
        width = len(scan.header) + _EXTRA
        read = lambda con, raw, path=path, width=width: _read_raw(con, path, width, raw)
        return _Raw(scan.header, width, read, True, scan.quotes, scan.lines), ignored


class _ParquetFiles:
    fmt, suffix = "parquet", ".parquet"

    def start(self, folder: Path, found: dict[str, Path], schema: DataSchema, pool) -> None:
        pass

    def raw(self, con, table: Table, path: Path, diags: Diagnostics) -> tuple[_Raw, list[str]] | None:
        try:
            cols = parquet.columns(con, path)
        except Exception as exc:  # noqa: BLE001 - damaged: the Python reader says so
            raise _Decline(f"DuckDB's Parquet reader: {str(exc).splitlines()[0]}") from None
        ignored, usable = check_header(table, [c for c, _ in cols], str(path), diags)
        if not usable:
            return None
        read = [(c, t) for c, t in cols if c in table.fields]  # the other columns are not read at all
        for c, t in read:
            if parquet.nested(t):
                raise _Decline(f"a column of {t} values")
            if "TIME ZONE" in t.upper() or t.upper() in ("TIMESTAMPTZ", "TIMETZ"):
                raise _Decline(f"a column of {t} values (shown in the connection's time zone)")
        if not read:
            raise _Decline("no column of the table's fields")
        names = [c for c, _ in read]
        return _Raw(names, len(names), lambda con, raw, path=path, names=names: _read_parquet_raw(con, path, names, raw), False), ignored


def _load_folder(con, schema: DataSchema, folder: Path, as_at: _dt.date | None, files) -> LoadResult | None:
    global last_decline
    last_decline = None
    if not folder.is_dir() or not _eligible_schema(schema) or not _plain_connection(con):
        last_decline = "not a folder, or a schema the fast path does not take"
        return None
    created: list[str] = []
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        if detect(folder, Diagnostics()) != files.fmt:  # what load_data would take the folder for
            raise _Decline(f"not (only) a folder of <table>{files.suffix} files")
        found = files_by_table(folder, files.suffix)
        diags = Diagnostics()
        report_unknown_files(found, schema, diags)
        partial = partial_tables(folder)
        if read_manifest(folder).get("format_title"):  # per-record marks are restored on Python rows
            raise _Decline("a converted return whose not-carried values are restored by the Python reader")
        files.start(folder, found, schema, pool)
        accounts: dict[str, TableAccount] = {}
        rejections: list[Rejection] = []
        seen = []
        for name, table in schema.tables.items():
            _create(con, table)
            created.append(name)
            if name not in found:
                continue
            path = found[name]
            got_raw = files.raw(con, table, path, diags)
            if got_raw is None:
                continue
            raw, ignored = got_raw
            got = _load_table(con, schema, table, path, raw)
            got.account.fields = {h for h in raw.header if h in table.fields}
            got.account.ignored_columns = list(dict.fromkeys(ignored))
            if partial.get(name):
                got.account.partial = partial[name]
            accounts[name] = got.account
            rejections.extend(got.rejections)
            seen.append(name)
        rejections.sort(key=lambda r: (r.table, r.row, r.column or ""))
        integrity = _integrity(con, schema, accounts, as_at)
    except (_Decline, OSError) as exc:
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
        con.execute(f"DROP TABLE IF EXISTS {_ident(name)}")
    for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND starts_with(table_name, ?)", [_PREFIX]
    ).fetchall():
        con.execute(f"DROP TABLE IF EXISTS {_ident(name)}")


_ = Any
