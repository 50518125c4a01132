"""The native form as one Excel workbook: a sheet per schema table.

A sheet belongs to a table when its name is the table's name, ignoring case
and treating spaces, hyphens and underscores alike (``Care periods`` is
``care_periods``). Within a sheet:

- The header is the first row, among the first 15, whose cells name the
  most fields of the table, so title and notes rows above it are skipped.
  Header cells are matched to field names the same forgiving way
  (``Child ID`` is ``child_id``); columns with a blank header (the spare
  cells of a merged header) are not columns.
- The header is checked as for the CSV form: unknown columns are reported
  and ignored, a missing required column makes the sheet unusable (an
  error naming the sheet), a missing optional column is reported.
- Blank rows (Excel's padding, formatting carried down a sheet) are not
  rows and are not counted.
- Values go to the loader as openpyxl gives them (text, numbers, dates,
  booleans), read by python-calamine (``cells.py``); the loader coerces them exactly as for every other format, so
  an Excel day number in a date column is a date. Row numbers are the row
  numbers Excel shows.
- Formulas are never evaluated: a formula cell is read as the value Excel
  cached when it last saved the file, and a formula with no cached value
  (a workbook written by a program, never opened in Excel) is missing.
  Excel error values (``#N/A``, ``#REF!``...) are missing too, and counted
  in a warning.

Files are named in messages as ``book.xlsx [Sheet name]``.

``write`` writes typed tables back as such a workbook (one sheet per table,
header in schema order, real date cells, TRUE/FALSE booleans, empty for
missing) with the same bytes every time.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from checker.data.readers.base import RawRow, Source
from checker.data.readers.native import check_header
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema, Table
from checker.suggest import did_you_mean

HEADER_SEARCH_ROWS = 15
#: ``CASECHECK_XLSX_ROWS=rows``: each sheet read a row at a time (the reference for ``xlsx_columns``)
BY_ROWS_ENV = "CASECHECK_XLSX_ROWS"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# The fixed timestamp written into the workbook's properties and zip entries,
# so that the same tables always give the same bytes.
FIXED_TIME = _dt.datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Values openpyxl hands back for a cell holding an Excel error.
_EXCEL_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#BUSY!", "#CONNECT!", "#PYTHON!"}
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old binary .xls (or other OLE) file
_SEP = re.compile(r"[\s_\-]+")


def normalise(name: str) -> str:
    """Sheet and column names compared loosely: case, and spaces, hyphens and
    underscores, do not matter."""
    return _SEP.sub("_", str(name).strip().lower()).strip("_")


@lru_cache(maxsize=1)
def _builtin_tables() -> frozenset[str]:
    """The table names of the built-in csc schema, for sniffing (which has no schema at hand)."""
    from checker.schema import builtin_schema_path, load_schema

    try:
        return frozenset(normalise(t) for t in load_schema(builtin_schema_path("csc")).tables)
    except Exception:  # noqa: BLE001 - sniffing must never fail on a broken install
        return frozenset()


def sheet_names(path: Path) -> list[str] | None:
    """The sheet names of an .xlsx file, read from ``xl/workbook.xml`` without
    openpyxl; None when the file is not an .xlsx workbook."""
    from checker.limits import check_zip

    try:
        with zipfile.ZipFile(path) as zf:
            check_zip(zf, path)  # a zip bomb, or a 1.5 GB workbook.xml: an error before anything is inflated
            data = zf.read("xl/workbook.xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError, NotImplementedError, zlib.error):
        return None  # not a zip, no workbook part, or a damaged one (bad deflate data, unknown compression)
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None
    return [el.get("name", "") for el in root.iter() if el.tag.endswith("}sheet") or el.tag == "sheet"]


class Workbook:
    name = "xlsx"
    description = "an Excel workbook (.xlsx) with one sheet per table, named after the table"

    def sniff(self, path: Path) -> bool:
        if not path.is_file():
            return False
        names = sheet_names(path)
        if not names:
            return False
        known = _builtin_tables()
        return any(normalise(n) in known for n in names)

    def read(self, path: Path, schema: DataSchema, diags: Diagnostics) -> Iterator[Source]:
        wb = _open(path, diags)
        if wb is None:
            return
        try:
            tables = {normalise(t): t for t in schema.tables}
            matched: dict[str, str] = {}  # table -> sheet title
            notes = notes_sheets(wb)
            for title in wb.sheetnames:
                table = tables.get(normalise(title))
                where = f"{path} [{title}]"
                if table is None and title in notes:
                    continue  # a sheet of notes for the people filling it in (the audit template's)
                if table is None:
                    diags.warning(
                        f"sheet `{title}` of `{path.name}` is not a table of schema `{schema.name}`; it was not read",
                        Location(where),
                        code="unknown-table",
                        suggestion=did_you_mean(normalise(title), schema.tables),
                    )
                elif table in matched:
                    # a visible sheet wins over a hidden one (a stale copy left behind); else the first
                    first = matched[table]
                    if _hidden(wb, first) and not _hidden(wb, title):
                        matched[table] = title
                        read, other, why = title, first, f" (`{first}` is hidden)"
                    else:
                        read, other = first, title
                        why = f" (`{title}` is hidden)" if _hidden(wb, title) and not _hidden(wb, first) else ""
                    diags.warning(
                        f"sheets `{read}` and `{other}` of `{path.name}` are both table `{table}`; only `{read}` was read{why}",
                        Location(where),
                        code="duplicate-table",
                    )
                else:
                    matched[table] = title
            if not matched:
                diags.error(
                    f"no sheet of `{path.name}` is named after a table of schema `{schema.name}`"
                    f" (its sheets: {', '.join(f'`{t}`' for t in wb.sheetnames) or 'none'})",
                    Location(str(path)),
                    code="no-tables",
                    suggestion=f"name each sheet after its table: {', '.join(list(schema.tables)[:6])}, ...",
                )
                return
            if hasattr(wb, "order"):  # calamine parses the next sheet this loop reads while it reads one
                wb.order = [matched[name] for name in schema.tables if name in matched]
            for name, schema_table in schema.tables.items():
                if name in matched:
                    src = _read_sheet(wb[matched[name]], schema_table, f"{path} [{matched[name]}]", diags,
                                      tuple(_keyword_list(wb, ANSWERS_KEYWORD)))
                    if src is not None:
                        yield src
        finally:
            wb.close()


def _hidden(wb, title: str) -> bool:
    return getattr(wb[title], "sheet_state", "visible") != "visible"


#: A workbook's keywords may name its sheets of notes for people (the audit
#: template's questions and instructions), which are not tables: not warned about.
NOTES_KEYWORD = "casecheck-notes:"


#: ... and the start of the names of columns that are for people to answer,
#: not fields (the template's manual items, ``manual:<id>``): ignored unwarned.
ANSWERS_KEYWORD = "casecheck-answers:"


def _keyword_list(wb, keyword: str) -> set[str]:
    try:
        words = wb.properties.keywords or ""
    except AttributeError:
        return set()
    for part in words.split(";"):
        part = part.strip()
        if part.startswith(keyword):
            return {s.strip() for s in part[len(keyword):].split(",") if s.strip()}
    return set()


def notes_sheets(wb) -> set[str]:
    return _keyword_list(wb, NOTES_KEYWORD)


def _open(path: Path, diags: Diagnostics):
    """A read-only workbook over ``path`` (``cells.open_workbook``), or None with an error said."""
    file = str(path)
    try:
        with open(path, "rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        diags.error(f"cannot read `{path}`: {exc.strerror}", Location(file), code="unreadable")
        return None
    if magic.startswith(_OLE_MAGIC):
        diags.error(
            f"`{path.name}` is an old-style binary Excel file (.xls) or another OLE file, not an .xlsx workbook",
            Location(file),
            code="unreadable",
            suggestion="open it in Excel and save it as an Excel Workbook (.xlsx)",
        )
        return None
    if not zipfile.is_zipfile(path) or sheet_names(path) is None:
        diags.error(
            f"`{path.name}` is not an Excel workbook (.xlsx): it is not a zip package with `xl/workbook.xml`",
            Location(file),
            code="unreadable",
            suggestion="save it from Excel as an Excel Workbook (.xlsx)",
        )
        return None
    from checker.data.readers.cells import open_workbook

    try:
        return open_workbook(path)  # calamine's cells as openpyxl gives them; else openpyxl's
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        diags.error(
            f"`{path.name}` could not be read as an Excel workbook: {_why(exc)}",
            Location(file),
            code="unreadable",
            suggestion="open it in Excel and save it again as an Excel Workbook (.xlsx)",
        )
        return None


def _why(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "..."


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _header_names(row: tuple, table: Table) -> list[str]:
    """Header cells as field names where they loosely match one, else as written."""
    fields = {normalise(f): f for f in table.fields}
    out = []
    for v in row:
        if _blank(v):
            out.append("")
            continue
        text = str(v).strip()
        out.append(text if text in table.fields else fields.get(normalise(text), text))
    return out


def _read_sheet(ws, table: Table, file: str, diags: Diagnostics, answers: tuple[str, ...] = ()) -> Source | None:
    grid = None
    try:
        ws.reset_dimensions()  # some writers record a wrong sheet size; read every row there is
        if os.environ.get(BY_ROWS_ENV, "").lower() != "rows":
            from checker.data.readers.cells import Sheet, sheet_grid

            grid = sheet_grid(ws) if isinstance(ws, Sheet) else None
            if grid is not None and not grid.raw:
                grid = None  # openpyxl's rows: read a row at a time, as they come
        if grid is not None:
            head = grid.head(HEADER_SEARCH_ROWS)
        else:
            rows = ws.iter_rows(values_only=True)
            head = []
            for row in rows:
                head.append(row)
                if len(head) == HEADER_SEARCH_ROWS:
                    break
    except Exception as exc:  # noqa: BLE001 - a damaged sheet part
        diags.error(f"`{Path(file).name}` could not be read: {_why(exc)}", Location(file), code="unreadable")
        return None
    best, best_row = 0, -1
    for i, row in enumerate(head):
        n = sum(1 for h in _header_names(row, table) if h in table.fields)
        if n > best:
            best, best_row = n, i
    if best_row < 0:
        empty = all(all(_blank(v) for v in row) for row in head)
        diags.error(
            f"`{Path(file).name}` is empty: it has no header row"
            if empty
            else f"`{Path(file).name}` has no header row: none of its first {HEADER_SEARCH_ROWS} rows names a field of `{table.name}`",
            Location(file, 1, 1),
            code="empty-file" if empty else "no-header",
            suggestion=None if empty else f"put the field names in one row: {', '.join(list(table.fields)[:6])}, ...",
        )
        return None
    header_line = best_row + 1
    names = _header_names(head[best_row], table)
    columns = [(i, h) for i, h in enumerate(names) if h]
    header = [h for _, h in columns]
    local = Diagnostics()
    ignored, usable = check_header(table, header, file, local)
    for d in local.items:  # check_header places everything on line 1; the header may be lower
        if answers and d.code == "unknown-column" and any(d.message.startswith(f"column `{a}") for a in answers):
            continue  # a column for people to answer, which the workbook names as such
        col = columns[d.location.column - 1][0] + 1 if d.location.column and d.location.column <= len(columns) else 1
        diags.add(replace(d, location=replace(d.location, line=header_line, column=col)))
    if not usable:
        return None
    wanted = [(i, h) for i, h in columns if h in table.fields]
    width = len(names)

    def found(errors: int, first_error, stray) -> None:
        if first_error is not None:
            r, c, v = first_error
            diags.warning(
                f"{errors} cell{'s' if errors > 1 else ''} of `{Path(file).name}` hold an Excel error (first: `{v}` at {_cell(r, c)}); read as missing",
                Location(file, r, c),
                code="excel-error",
            )
        if stray is not None:
            r, c = stray
            diags.warning(
                f"`{Path(file).name}` has values in column {_column(c)}, which has no header; they were ignored",
                Location(file, r, c),
                code="unknown-column",
            )

    if grid is not None:  # calamine's cells, a column at a time (xlsx_columns)
        from checker.data.readers.xlsx_columns import SheetColumns

        return Source(table.name, file, SheetColumns(grid, best_row + 1, header_line, wanted, names, _EXCEL_ERRORS,
                                                     found), ignored)

    def values() -> Iterator[RawRow]:
        errors = 0
        first_error: tuple[int, int, str] | None = None  # (row, column, text) of the first Excel error
        stray = None
        rownum = header_line
        try:
            for row in _chain(head[best_row + 1:], rows):
                rownum += 1
                if all(_blank(v) for v in row):
                    continue
                record: dict[str, Any] = {}
                for i, h in wanted:
                    v = row[i] if i < len(row) else None
                    if isinstance(v, str) and v in _EXCEL_ERRORS:
                        errors += 1
                        first_error = first_error or (rownum, i + 1, v)
                        v = None
                    record[h] = v
                if stray is None:
                    for i, v in enumerate(row):
                        if (i >= width or not names[i]) and not _blank(v):
                            stray = (rownum, i + 1)
                            break
                yield RawRow(rownum, record)
        except Exception as exc:  # noqa: BLE001 - a damaged sheet part, found part way through
            diags.error(
                f"`{Path(file).name}` could not be read past row {rownum}: {_why(exc)}",
                Location(file, rownum),
                code="unreadable",
            )
        found(errors, first_error, stray)

    return Source(table.name, file, values(), ignored)


def _chain(first, rest):
    yield from first
    yield from rest


def _column(c: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(c)


def _cell(r: int, c: int) -> str:
    return f"{_column(c)}{r}"


# --------------------------------------------------------------------------- writing


class FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed timestamp (openpyxl names them
    by path, which would stamp them with the time of writing). It also gives
    each sheet its ``<dimension>``, which openpyxl's write-only mode leaves out
    and without which a streaming reader parses a whole sheet just to size it."""

    def __init__(self, *args, dimensions: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions or {}

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        if name in self.dimensions:
            data = _with_dimension(data, self.dimensions[name])
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            zinfo.compress_type = self.compression
            zinfo.external_attr = 0o600 << 16
            zinfo_or_arcname = zinfo
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        # write-only sheets arrive as temporary files, stamped with their mtime
        with open(filename, "rb") as fh:
            data = fh.read()
        return self.writestr(arcname if arcname is not None else Path(filename).name, data)


def _with_dimension(data, ref: str):
    text = data.encode() if isinstance(data, str) else data
    if b"<dimension" in text[:2000]:
        return data
    tag = f'<dimension ref="{ref}" />'.encode()
    i = text.find(b"</sheetPr>")
    if i >= 0:
        i += len(b"</sheetPr>")
    else:
        i = text.find(b">", text.find(b"<worksheet")) + 1
    return text[:i] + tag + text[i:]


def write(tables: dict[str, list[dict]], schema: DataSchema, out: Path) -> None:
    """Write typed records as the native workbook: a sheet per schema table
    (named after it), header in schema order, dates as date cells shown
    yyyy-mm-dd, booleans as TRUE/FALSE, missing as empty. Deterministic."""
    from openpyxl import Workbook as _Book
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    wb = _Book(write_only=True)
    wb.properties.creator = "casecheck"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    bold = Font(bold=True)
    dimensions = {}
    for n, (name, table) in enumerate(schema.tables.items(), start=1):
        if len(name) > 31:
            raise ValueError(f"table name `{name}` is longer than Excel's 31-character sheet name limit")
        ws = wb.create_sheet(title=name)
        fields = list(table.fields)
        ws.freeze_panes = "A2"
        head = []
        for f in fields:
            c = WriteOnlyCell(ws, value=f)
            c.font = bold
            head.append(c)
        ws.append(head)
        records = tables.get(name, ())
        for rec in records:
            ws.append([_out_cell(ws, WriteOnlyCell, rec.get(f)) for f in fields])
        dimensions[f"xl/worksheets/sheet{n}.xml"] = f"A1:{_column(len(fields))}{len(records) + 1}"
    buf = io.BytesIO()
    with FixedTimeZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True, dimensions=dimensions) as archive:
        ExcelWriter(wb, archive).save()  # not openpyxl's save_workbook, which stamps the time
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())


def _out_cell(ws, cell_type, v):
    if v is None:
        return None
    if isinstance(v, bool):
        return v  # a boolean cell: Excel shows TRUE / FALSE
    if isinstance(v, _dt.datetime):
        c = cell_type(ws, value=v)
        c.number_format = DATETIME_FORMAT
        return c
    if isinstance(v, _dt.date):
        c = cell_type(ws, value=v)
        c.number_format = DATE_FORMAT
        return c
    if isinstance(v, str):
        if v.startswith("="):
            # Text openpyxl would write as a formula: keep it text.
            c = cell_type(ws, value=v)
            c.data_type = "s"
            return c
        return v
    if isinstance(v, Decimal):  # a number cell when a float holds it exactly, else text
        f = float(v)
        return f if Decimal(repr(f)) == v else str(v)
    return v
