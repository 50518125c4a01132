"""One table of a CSV (or Parquet) folder read by DuckDB itself
(``csv_duckdb`` says how and when): the file scanned for what DuckDB's reader
would take otherwise than casecheck's, read raw, and loaded typed with every
rejection worded as the loader words it."""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.backends.duckdb import TYPES
from checker.data.coerce import (
    KEY_SEPARATOR,
    Rejection,
    TableAccount,
    coerce,
    show_value,
)
from checker.data.readers import parquet
from checker.data.readers.base import SEPARATOR_NAMES, header_separator
from checker.schema import DataSchema, Table

ROW = "_row"
LINE = "_line"
PREFIX = "__casecheck_csv_"  # the working tables (temporary, dropped as soon as used)
EXTRA = 4  # cells a row may have beyond the header's and still be counted (and rejected) here
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




class Decline(Exception):
    """The fast path cannot guarantee the Python loader's result."""


# --- SQL helpers -----------------------------------------------------------------------


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_WS_LIT = lit(_WS)
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


def scan_file(path: Path) -> _Scan:
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
                raise Decline("a NUL or \\x01 byte")
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
                    raise Decline("not UTF-8") from None
            body = chunk.rstrip(b"\r\n")
            if body:
                trailing_lf = chunk.count(b"\n", len(body))
            else:
                trailing_lf += chunk.count(b"\n")
            prev = chunk
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise Decline("not UTF-8") from None
    if cr != crlf:
        raise Decline("a carriage return that does not end a line")
    if space_quote:
        raise Decline("a space next to a quote")
    # the header line, as read_delimited_text and read_csv_table read it
    data = head[3:] if head.startswith(_BOM) else head
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if len(head) == total:
            raise Decline("not UTF-8") from None
        text = data[: data.rfind(b"\n") + 1].decode("utf-8", errors="strict") if b"\n" in data else ""
    if not text.strip():
        if len(head) == total:
            return _Scan(0, quotes, None)  # empty
        raise Decline("the start of the file is blank")
    if len(head) < total and "\n" not in text:
        raise Decline("a very long header line")
    first = text.splitlines()[0]
    if header_separator(first) != ",":
        raise Decline(f"separated by {SEPARATOR_NAMES[header_separator(first)]}")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=",")
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except (csv.Error, StopIteration):
        raise Decline("a header that is not plain CSV") from None
    if reader.line_num != 1:
        raise Decline("a header over more than one line")
    lines = lf - trailing_lf + 1
    return _Scan(lines, quotes, header)


# --- one table -------------------------------------------------------------------------


@dataclass
class _Loaded:
    table: Table
    file: str
    account: TableAccount
    rejections: list[Rejection]


def read_raw(con, path: Path, width: int, raw: str) -> None:
    """The file's records as text cells c0, c1, ... (NULL: a cell the row does not have), in file
    order (rowid)."""
    cols = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    spec = (f"columns = {cols}, header = false, skip = 1, delim = ',', quote = '\"', escape = '\"', "
            f"auto_detect = false, strict_mode = true, null_padding = true, nullstr = {lit(_NULL)}, "
            f"allow_quoted_nulls = false, max_line_size = {csv.field_size_limit()}, encoding = 'utf-8'")
    sql = f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT * FROM read_csv({lit(str(path))}, {spec}@PARALLEL@)"
    try:
        con.execute(sql.replace("@PARALLEL@", ""))
    except Exception as exc:  # noqa: BLE001 - any refusal of DuckDB's: the Python loader decides
        if "parallel=false" not in str(exc):
            raise Decline(f"DuckDB's CSV reader: {str(exc).splitlines()[0]}") from None
        try:  # quoted line breaks and null padding: read in one thread
            con.execute(sql.replace("@PARALLEL@", ", parallel = false"))
        except Exception as exc2:  # noqa: BLE001
            raise Decline(f"DuckDB's CSV reader: {str(exc2).splitlines()[0]}") from None


def read_parquet_raw(con, path: Path, columns: list[str], raw: str, native: frozenset[int] = frozenset()) -> None:
    """A Parquet file's records as text cells c0, c1, ... of ``columns`` (cast to text as the
    Python reader casts them: ``parquet.cell_sql``; NULL: missing), in file order (rowid); those
    at the positions ``native`` as they are stored (already in their field's DuckDB type).

    A view of the file, not a table: each of the few passes over the records reads the file
    again, which costs less than storing every cell (a record's ``rowid`` is its place in the
    file). The file's footer is read here; a value DuckDB cannot read in its pages is met by a
    pass (``csv_duckdb`` then declines)."""
    cells = ", ".join(f"{ident(c) if i in native else parquet.cell_sql(c)} AS c{i}" for i, c in enumerate(columns))
    scan = parquet.scan_sql(path)[:-1] + ", file_row_number = true)"
    try:
        con.execute(f"CREATE OR REPLACE TEMP VIEW {raw} AS SELECT file_row_number AS rowid, {cells} FROM {scan}")
    except Exception as exc:  # noqa: BLE001 - a damaged file: the Python reader says so
        raise Decline(f"DuckDB's Parquet reader: {str(exc).splitlines()[0]}") from None


@dataclass
class Raw:
    """Where a table's records come from, as rows of text cells c0, c1, ... (in file order)."""

    header: list[str]  # the names of the cells
    width: int  # cells a row is read with
    read: Any  # (con, name) -> None: makes the temporary table ``name`` of the cells
    ragged: bool  # CSV: a row may have more or fewer cells than the header, or be blank (skipped)
    quotes: bool = False  # CSV: a quoted cell may hold line breaks
    lines: int | None = None  # CSV: the lines the records must account for
    line: str | None = None  # SQL for a record's row number from its raw row (else its line in the file)
    #: positions whose cells are not text but values of their field's DuckDB type (a Parquet
    #: DATE column for a date field, ...: :data:`NATIVE`): each distinct value's text, as the
    #: Python reader would give it, is checked to convert back to that value (else Decline),
    #: and the values are loaded as they are, with no text between
    native: frozenset[int] = frozenset()
    view: bool = False  # ``read`` makes a view (of a Parquet file), not a table


@dataclass
class _Map:
    """The distinct raw cells of the fields of one kind (and code set), each converted by data.coerce."""

    table: str  # in DuckDB: raw, val, err, keytext
    err: dict[str, str]  # raw cell -> what was expected, for the cells that do not convert
    blank: list[str]  # the raw cells that are missing values ("", spaces)
    #: DuckDB's type when each cell that converts is written as DuckDB's cast reads it to the
    #: same value, and that value's text as the cell (``2024-06-06``, ``42``, ``true``, a code as
    #: listed): the values are then cast from the cells, not looked up in the map (a hash join of
    #: every row); "" for a code, whose value is the cell; None: looked up
    cast: str | None = None


def _maps(con, schema: DataSchema, table: Table, header: list[str], distinct: dict[int, list]) -> dict[int, _Map]:
    """A map for each kind (and code set) of the table's non-text fields in the file, from the
    distinct cells of each (header position -> them): header position -> its map."""
    groups: dict[tuple, list[int]] = {}
    for i, h in enumerate(header):
        fld = table.fields.get(h)
        if fld is None or fld.type.kind == "string" or i not in distinct:  # (not in: read natively)
            continue
        groups.setdefault((fld.type.kind, fld.type.code_set if fld.type.kind == "code" else None, fld.by_hand), []).append(i)
    out = {}
    for n, ((kind, _code_set, by_hand), cols) in enumerate(groups.items()):
        fld = table.fields[header[cols[0]]]
        raws = list(dict.fromkeys(c for i in cols for c in distinct[i] or ()))
        vals, errs, keys = [], [], []
        bad, blank = {}, []
        castable = kind in _CASTABLE and not by_hand
        for cell in raws:
            if "\x00" in cell:
                raise Decline("a NUL character in a cell")
            value, expected = coerce(fld, cell, schema.code_sets)
            if value is not None:
                if kind == "decimal":
                    raise Decline("a decimal value (DECIMAL(38,10) does not keep its digits as written)")
                if kind == "integer" and not -(2 ** 63) <= value < 2 ** 63:
                    raise Decline("a whole number too big for BIGINT")
                if kind == "datetime" and value.tzinfo is not None:
                    raise Decline("a time with a time zone")
            elif expected is None:
                blank.append(cell)
            else:
                if by_hand:  # read as missing with a warning: the Python loader does that
                    raise Decline("a value typed by hand that does not fit its field")
                bad[cell] = expected
            if castable and value is not None:
                castable = _as_cast(kind, value, cell)
            vals.append(value)
            errs.append(expected)
            keys.append(str(value))
        name = f"{PREFIX}map_{n}"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT unnest($1::VARCHAR[]) AS raw, "
            f"unnest($2::{TYPES[kind]}[]) AS val, unnest($3::VARCHAR[]) AS err, unnest($4::VARCHAR[]) AS keytext",
            [raws, vals, errs, keys],
        )
        m = _Map(name, bad, blank, ("" if kind == "code" else TYPES[kind]) if castable and len(blank) <= 200 else None)
        for i in cols:
            out[i] = m
    return out


#: (field kind, DuckDB column types) read as they are stored (``Raw.native``): the Python reader's
#: text of such a value (``CAST(v AS VARCHAR)``) is converted by ``coerce`` back to the value itself,
#: checked for each distinct value (:func:`check_native`)
NATIVE = {
    "date": ("DATE",),
    "boolean": ("BOOLEAN",),
    "integer": ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UINTEGER", "USMALLINT", "UTINYINT"),
}


def check_native(schema: DataSchema, fld, values: list) -> None:
    """Decline unless every value (a column's distinct values, as DuckDB gives them to Python) is
    what ``coerce`` makes of its text in DuckDB (``2024-06-06``, ``true``, ``42``): the value the
    Python loader would load from the Python reader's text cell."""
    kind = fld.type.kind
    for v in values:
        if kind == "boolean":
            cell = "true" if v else "false"
        elif kind == "date":
            if type(v) is not _dt.date:
                raise Decline(f"a date Python cannot hold ({v!r})")
            cell = v.isoformat()
        else:
            cell = str(v)
        value, _expected = coerce(fld, cell, schema.code_sets)
        if value != v or type(value) is not type(v):
            raise Decline(f"a {kind} value whose text does not convert back to it ({cell!r})")


#: kinds whose cells may be cast by DuckDB rather than looked up in their map (``_Map.cast``)
_CASTABLE = ("code", "integer", "date", "boolean")


def _as_cast(kind: str, value: Any, cell: str) -> bool:
    """Whether ``cell``, which :func:`coerce` makes ``value``, is the text DuckDB's cast
    to the kind's type reads as that value and writes back as the cell (so ``str(value)``,
    the key's text, is the cell too); or for a code, whether the value is the cell."""
    if kind == "code":
        return type(value) is str and value == cell
    if kind == "integer":
        return type(value) is int and str(value) == cell
    if kind == "date":
        return type(value) is _dt.date and value.isoformat() == cell and 1 <= value.year
    return type(value) is bool and cell == ("true" if value else "false")


def _among(expr: str, cells, table: str, where: str) -> str:
    """SQL: ``expr`` is one of ``cells`` (listed, or looked up in the map when there are many)."""
    cells = list(cells)
    if not cells:
        return "false"
    if len(cells) <= 200:
        return f"{expr} IN ({', '.join(lit(c) for c in cells)})"
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


def load_table(con, schema: DataSchema, table: Table, path: Path, scan: Raw) -> _Loaded:
    file = str(path)
    header = scan.header
    n = len(header)
    width = scan.width
    raw, dup = f"{PREFIX}raw", f"{PREFIX}dup"
    col = {h: i for i, h in enumerate(header) if h in table.fields}
    kind = {h: table.fields[h].type.kind for h in col}

    # What depends on a row's cells alone, worked out when a query needs it (storing it costs
    # more, and DuckDB folds much of it away from the stored cells' statistics): the text fields
    # stripped, the number of cells, whether the row is blank, the line breaks in its cells.
    computed = ["rowid AS _ord"]
    # a text field is stripped, unless it keeps whitespace as sent (whitespace: preserve, as coerce does)
    keeps = {h for h in col if kind[h] == "string" and table.fields[h].preserve_whitespace}
    computed += [f"nullif({f'c{i}' if h in keeps else _strip(f'c{i}')}, '') AS s{i}"
                 for h, i in col.items() if kind[h] == "string"]
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
    native = [i for h, i in col.items() if i in scan.native]
    typed = [i for h, i in col.items() if kind[h] != "string" and i not in scan.native]
    required = [name for name, fld in table.fields.items() if fld.required]
    # rows that may have a problem whatever their cells convert to
    # (a NULL cell, which only a Parquet file has in a row of the header's width: missing)
    def blank(f: str, r: str = "") -> str:  # a required field's cell is blank
        cell = f"{r}c{col[f]}"
        return f"coalesce({cell} = '', true)" if f in keeps else _blank(cell)

    suspect = " OR ".join([f"_ncells <> {n}"] + [blank(f) if kind[f] == "string" else f"c{col[f]} IS NULL"
                                                 for f in required])
    try:
        nrows, blanks, suspects, breaks, longest, *distinct = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE _blank), count(*) FILTER (WHERE NOT _blank AND ({suspect})), "
            + ("coalesce(sum(_breaks), 0), coalesce(max(_longest), 0)" if scan.quotes else "0, 0")
            + "".join(f", list(DISTINCT c{i}) FILTER (WHERE c{i} IS NOT NULL)" for i in typed + native)
            # (DuckDB gives Python an infinite date as date.max: counted here instead)
            + "".join(f", count(*) FILTER (WHERE NOT isfinite(c{i}))" for i in native if kind[header[i]] == "date")
            + f" FROM {src}"
        ).fetchone()
    except Exception as exc:  # noqa: BLE001 - a stored value Python cannot hold (a date past 9999)
        if not native:
            raise
        raise Decline(f"a value DuckDB cannot give Python: {str(exc).splitlines()[0]}") from None
    if any(distinct[len(typed) + len(native):]):
        raise Decline("an infinite date (its text is not a date)")
    for i, values in zip(native, distinct[len(typed):]):
        check_native(schema, table.fields[header[i]], values or [])
    distinct = distinct[:len(typed)]
    if longest > csv.field_size_limit():  # Python's csv module refuses the row: another rejection
        raise Decline("a cell longer than Python's csv module takes")
    if scan.lines is not None and 1 + nrows + breaks != scan.lines:
        raise Decline("lines DuckDB's records do not account for (a blank line)")
    # a record's line: the header's, plus one for each record before it and each line break in them
    line = "_ord + 2" if scan.line is None else scan.line
    if breaks and scan.line is None:
        line += f" + coalesce(sum({breaks_sql}) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)"
    src = f"(SELECT *, {', '.join(computed)}, {line.replace('_ord', 'rowid')} AS _line FROM {raw})"
    maps = _maps(con, schema, table, header, dict(zip(typed, distinct)))
    blank_typed = [f for f in required if col[f] in maps and set(maps[col[f]].blank) & set(distinct[typed.index(col[f])] or ())]

    # What becomes of each row, from its cells alone, in the order the loader looks: a blank row
    # is skipped; then the number of cells, the first cell (in header order) that does not
    # convert, the first required field (in schema order) that is blank.
    cells = dict(zip(typed, distinct))
    bad_cols = [i for i, h in enumerate(header) if i in cells and any(c in maps[i].err for c in cells[i] or ())]
    bad = {i: _among(f"r.c{i}", maps[i].err, maps[i].table, "err IS NOT NULL") for i in bad_cols}
    blank_required = {
        f: blank(f, "r.") if kind[f] == "string"
        else f"r.c{col[f]} IS NULL" if col[f] in scan.native
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
        at = col.get(name)
        if at is None:
            value[name] = f"CAST(NULL AS {TYPES[fld.type.kind]})"
            keytext[name] = "'None'"
            continue
        i = at
        if fld.type.kind == "string":
            value[name] = f"r.s{i}"
            keytext[name] = f"coalesce(r.s{i}, 'None')"
        elif i in scan.native:  # the stored value (NULL: missing)
            value[name] = f"r.c{i}"
            keytext[name] = (f"CASE WHEN r.c{i} THEN 'True' WHEN NOT r.c{i} THEN 'False' ELSE 'None' END"
                             if fld.type.kind == "boolean" else f"coalesce(CAST(r.c{i} AS VARCHAR), 'None')")
        elif maps[i].cast is not None:
            # (a cell that does not convert is in a rejected row: TRY_CAST, as it is never kept)
            cell = f"r.c{i}" if not maps[i].blank else f"CASE WHEN {_among(f'r.c{i}', maps[i].blank, '', '')} THEN NULL ELSE r.c{i} END"
            value[name] = cell if maps[i].cast == "" else f"TRY_CAST({cell} AS {maps[i].cast})"
            if maps[i].cast == "BOOLEAN":  # str(True)
                keytext[name] = f"CASE WHEN {value[name]} THEN 'True' WHEN NOT {value[name]} THEN 'False' ELSE 'None' END"
            else:  # a date's or whole number's text in DuckDB is Python's str of it
                keytext[name] = f"coalesce(CAST({value[name]} AS VARCHAR), 'None')" if maps[i].cast else f"coalesce({cell}, 'None')"
        else:
            joins.append(f"LEFT JOIN {maps[i].table} m{i} ON m{i}.raw = r.c{i}")
            value[name] = f"m{i}.val"
            keytext[name] = f"coalesce(m{i}.keytext, 'None')"  # NULL: a missing cell
    key = f" || {lit(KEY_SEPARATOR)} || ".join(keytext[k] for k in table.key)
    all_ok = not rejected and not blanks
    rows_sql = (f"SELECT r._ord, r._line, {key} AS _key, " + ", ".join(f"{value[f]} AS v{k}" for k, f in enumerate(table.fields))
                + f" FROM {src} r " + " ".join(joins) + ("" if all_ok else f" WHERE ({status}) = {_OK}"))

    fields = ", ".join(f"v{k}" for k in range(len(table.fields)))
    t = ident(table.name)
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
        k = f" || {lit(KEY_SEPARATOR)} || ".join(f"coalesce({ident(f)}, 'None')" for f in table.key)
        falls = con.execute(
            f"SELECT count(*) FROM (SELECT {k} AS _k, lag({k}) OVER (ORDER BY {ROW}) AS _p FROM {t}) WHERE _p >= _k"
        ).fetchone()[0]
        if falls:
            create_table(con, table)
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
    for _ord, status_, line_, breaks_, ncells_, bad_, miss_, cell, *dup_ in sorted(rejected + dups):
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
    con.execute(f"DROP {'VIEW' if scan.view else 'TABLE'} {raw}")
    for name in {m.table for m in maps.values()}:
        con.execute(f"DROP TABLE {name}")
    if inserted != account.loaded or not account.balanced():
        raise Decline("the accounting does not balance")  # never expected: a bug, not a silent loss
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


def create_table(con, table: Table) -> None:
    cols = [f"{ROW} INTEGER"] + [f"{ident(f)} {TYPES[fld.type.kind]}" for f, fld in table.fields.items()] + [f"{LINE} INTEGER"]
    con.execute(f"DROP TABLE IF EXISTS {ident(table.name)}")
    con.execute(f"CREATE TABLE {ident(table.name)} ({', '.join(cols)})")


#: for another reader's path into DuckDB (``cin_census_duckdb``, ``ssda903_duckdb``)
Loaded = _Loaded
strip = _strip
blank = _blank
balanced = _balanced


# --- integrity ---------------------------------------------------------------------------


def key_of(table: Table, values: dict) -> str:
    if len(table.key) == 1:
        return str(values[table.key[0]])
    return KEY_SEPARATOR.join(str(values[k]) for k in table.key)
