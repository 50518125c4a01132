"""The cells of an .xlsx workbook, read by python-calamine, as openpyxl gives them.

The workbook readers (``xlsx``, ``annex_a``) were written against openpyxl's
read-only workbook: ``sheetnames``, ``worksheets``, ``wb[title]``, a sheet's
``title`` and ``sheet_state``, ``iter_rows(values_only=True)``,
``properties.keywords``, ``close()``. :func:`open_workbook` gives that same
surface over python-calamine (Rust), which reads a sheet's cells about ten
times as fast, with every value as openpyxl's would be:

* an empty cell (or a formula with no cached value) is None, not ``""``;
* a number is an ``int`` when it is whole and below 10**16 (openpyxl makes an
  int of a number written without a point or exponent, which is how whole
  numbers of up to 16 digits are written), else a ``float``;
* a date is a ``datetime`` at midnight (openpyxl gives every date-formatted
  cell as a ``datetime``); date-times, times, durations, booleans and text
  are as they are;
* a workbook with an Excel error cell (``#N/A``) is read by openpyxl, which
  gives the error's text (calamine gives an empty cell);
* rows are numbered as Excel numbers them (the empty rows and columns above
  and left of the first used cell are there), and a sheet's size is found
  from its cells, never from the ``<dimension>`` a writer recorded.

tests/test_xlsx_cells.py checks the two agree cell for cell on generated and
hostile workbooks. openpyxl stays the writer, and the reader of any workbook
calamine cannot open (its errors are the ones users have always seen).
``CASECHECK_XLSX_READER=openpyxl`` reads with openpyxl only.
"""

from __future__ import annotations

import datetime as _dt
import os
import zipfile
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

#: whole numbers below this are ints (written without point or exponent by Excel and openpyxl: "%.16g")
_INT_LIMIT = 10**16


def _value(v: Any) -> Any:
    t = type(v)
    if t is str:
        return v if v else None
    if t is float:
        if v.is_integer() and -_INT_LIMIT < v < _INT_LIMIT:
            return int(v)
        return v
    if t is _dt.date:
        return _dt.datetime(v.year, v.month, v.day)
    return v


class _Properties:
    def __init__(self, keywords: str | None):
        self.keywords = keywords


def _keywords(path: Path) -> str | None:
    """The workbook's keywords (docProps/core.xml ``cp:keywords``), as openpyxl reads them."""
    try:
        with zipfile.ZipFile(path) as zf:
            data = zf.read("docProps/core.xml")
        root = ElementTree.fromstring(data)
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    for el in root:
        if el.tag.endswith("}keywords") or el.tag == "keywords":
            return el.text
    return None


class Sheet:
    """One worksheet: its title, whether hidden, and its rows of values."""

    def __init__(self, book: CalamineBook, title: str, state: str):
        self._book = book
        self.title = title
        self.sheet_state = state

    def reset_dimensions(self) -> None:
        """(openpyxl's: calamine finds the size from the cells anyway)"""

    def calamine(self):
        """calamine's sheet; None when calamine cannot read this sheet's part.
        The next worksheet is parsed meanwhile, in a thread: calamine parses
        without Python's lock, so on two cores its parsing of one sheet and
        Python's reading of another overlap."""
        try:
            return self._book._parsed(self.title)
        except Exception:  # noqa: BLE001 - a sheet part calamine cannot read: openpyxl reads it, or says why
            return None

    def iter_rows(self, values_only: bool = True) -> Iterator[tuple]:
        assert values_only, "only values are read"
        try:
            sheet = self._book._parsed(self.title, ahead=False)
        except Exception:  # noqa: BLE001 - a sheet part calamine cannot read: openpyxl reads it, or says why
            ws = self._book._openpyxl()[self.title]
            ws.reset_dimensions()
            yield from ws.iter_rows(values_only=True)
            return
        start = sheet.start
        if start is None:  # no cell at all
            return
        # calamine's rows start at the sheet's first row, its cells at the first used column
        pad = (None,) * start[1]
        value = _value
        for row in sheet.iter_rows():
            cells = pad + tuple(map(value, row))
            # trailing empty cells are not cells (openpyxl's rows end at their last cell)
            end = len(cells)
            while end and cells[end - 1] is None:
                end -= 1
            yield cells[:end]


class _Memo(dict):
    """A function's value of each distinct cell, worked out once (``map(memo.__getitem__, cells)``)."""

    __slots__ = ("fn",)
    fn: Callable[[Any], Any]

    def __missing__(self, v):
        out = self[v] = self.fn(v)
        return out


def map_cells(fn, cells, types: set | None = None) -> list:
    """``[fn(v) for v in cells]``, with ``fn`` called once per distinct value.
    (``True == 1 == 1.0`` as dict keys: a column holding booleans and numbers
    is mapped cell by cell, so a boolean's value is never a number's.)
    ``types``: the cells' types, where the caller has them already."""
    if types is None:
        types = set(map(type, cells))
    if bool in types and (int in types or float in types):
        return list(map(fn, cells))
    memo = _Memo()
    memo.fn = fn
    return list(map(memo.__getitem__, cells))


def cell_column(cells) -> list:
    """A column of calamine's cells as openpyxl gives them (:func:`_value` of each)."""
    types = set(map(type, cells))
    if types <= {str, type(None)}:
        return [v or None for v in cells]  # "" is an empty cell
    return map_cells(_value, cells, types)


class Grid:
    """A sheet's cells, for reading column by column: calamine's (every row as
    wide as the sheet, cells as calamine gives them, turned into openpyxl's
    values a column at a time) or openpyxl's rows. Nothing past the first
    ``head`` rows is made into Python values until asked for."""

    def __init__(self, cal=None, rows: Iterator[tuple] | None = None):
        self._cal = cal  # calamine's sheet, or None: openpyxl's rows
        self._iter = rows
        self._rows: list | None = None
        self._head: list | None = None

    @property
    def raw(self) -> bool:
        """Whether the cells are calamine's (else openpyxl's rows)."""
        return self._cal is not None

    def _all(self) -> list:
        if self._rows is None:
            if self._cal is not None:
                self._rows = self._cal.to_python(skip_empty_area=False)  # from row 1, column A
            else:
                assert self._iter is not None
                self._rows = [*(self._head or ()), *self._iter]
        return self._rows

    def _row(self, row) -> tuple:
        if self._cal is None:
            return row
        cells = tuple(map(_value, row))
        end = len(cells)
        while end and cells[end - 1] is None:
            end -= 1
        return cells[:end]

    def head(self, n: int) -> list[tuple]:
        """The first ``n`` rows as :meth:`Sheet.iter_rows` gives them."""
        if self._rows is None and self._cal is None:
            assert self._iter is not None
            self._head = list(islice(self._iter, n))
            return self._head
        rows = self._rows if self._rows is not None else self._cal.to_python(skip_empty_area=False, nrows=n)
        return [self._row(r) for r in rows[:n]]

    def rows(self, start: int) -> Iterator[tuple]:
        """The rows from ``start`` (0-based) on, as :meth:`Sheet.iter_rows` gives them."""
        return map(self._row, islice(self._all(), start, None))

    def columns(self, start: int) -> tuple[list[list], int]:
        """The columns of the rows from ``start`` on, each as long as there are
        rows (None where a row has no cell), cells as openpyxl gives them, the
        columns past the last that holds anything left out; and how many rows."""
        rows = self._all()[start:]
        if not rows:
            return [], 0
        width = max(map(len, rows))
        if min(map(len, rows)) != width:
            rows = [tuple(r) + (None,) * (width - len(r)) for r in rows]
        cols = list(zip(*rows))
        n = len(rows)
        del rows
        out = [cell_column(c) for c in cols] if self._cal is not None else list(map(list, cols))
        while out and out[-1].count(None) == n:
            out.pop()
        return out, n


def sheet_grid(ws) -> Grid:
    """A worksheet's cells (a :class:`Sheet` here, or openpyxl's) as a :class:`Grid`."""
    if isinstance(ws, Sheet):
        cal = ws.calamine()
        if cal is not None:
            return Grid(cal=cal)
    return Grid(rows=iter(ws.iter_rows(values_only=True)))


class CalamineBook:
    """openpyxl's read-only workbook surface, over python-calamine."""

    def __init__(self, path: Path):
        from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

        self._cal = CalamineWorkbook.from_path(str(path))
        self._path = path
        self._sheets: dict[str, Sheet] = {}
        self.worksheets: list[Sheet] = []
        for meta in self._cal.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue  # chart and macro sheets: openpyxl's worksheets leave them out too
            state = "visible" if meta.visible == SheetVisibleEnum.Visible else \
                "veryHidden" if meta.visible == SheetVisibleEnum.VeryHidden else "hidden"
            sheet = Sheet(self, meta.name, state)
            self._sheets[meta.name] = sheet
            self.worksheets.append(sheet)
        self._properties: _Properties | None = None
        self._fallback = None  # openpyxl's workbook, for a sheet calamine cannot read
        self._pool: Any = None  # the thread that parses the next sheet ahead (Sheet.calamine)
        self._ahead: dict = {}  # title -> its parse under way
        self.order: list[str] | None = None  # the order a reader will read the sheets in (None: the workbook's)
        self._errors: Any = None  # the look for error cells under way (scan_for_errors)

    @property
    def sheetnames(self) -> list[str]:
        return [s.title for s in self.worksheets]

    def __getitem__(self, title: str) -> Sheet:
        return self._sheets[title]

    @property
    def properties(self) -> _Properties:
        if self._properties is None:
            self._properties = _Properties(_keywords(self._path))
        return self._properties

    def _openpyxl(self):
        if self._fallback is None:
            self._fallback = openpyxl_workbook(self._path)
        return self._fallback

    def _parsed(self, title: str, ahead: bool = True):
        """calamine's parse of sheet ``title``; with ``ahead``, the next sheet's (in
        ``order``) begun in the background. One parse at a time on the workbook."""
        cal = self._cal
        got = self._ahead.pop(title, None)
        if got is None:
            for other in self._ahead.values():
                other.exception()  # (waits for it)
        sheet = got.result() if got is not None else cal.get_sheet_by_name(title)
        if ahead:
            titles = self.order if self.order is not None else self.sheetnames
            at = titles.index(title) if title in titles else len(titles)
            if at + 1 < len(titles):
                self.parse_ahead(titles[at + 1])
        return sheet

    def parse_ahead(self, title: str) -> None:
        """Begin calamine's parse of sheet ``title`` in the background."""
        from concurrent.futures import ThreadPoolExecutor

        if title in self._ahead:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casecheck-calamine")
        self._ahead[title] = self._pool.submit(self._cal.get_sheet_by_name, title)

    def scan_for_errors(self) -> None:
        """Begin looking through the workbook for Excel error cells, in a
        thread of its own (inflating the sheets' XML runs without Python's lock)."""
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casecheck-errors")
        self._errors = pool.submit(_has_error_cells, self._path)
        pool.shutdown(wait=False)

    def error_cells(self) -> bool:
        """Whether the workbook holds an Excel error cell (whose text calamine
        does not give): looked for now unless :meth:`scan_for_errors` began it."""
        got = self._errors
        return got.result() if got is not None else _has_error_cells(self._path)

    def close(self) -> None:
        got = self._errors
        if got is not None:
            got.exception()  # (waits for it: the file is not left open in a thread)
        if self._pool is not None:
            for got in self._ahead.values():
                got.cancel()
            self._pool.shutdown(wait=True)
            self._pool = None
            self._ahead.clear()
        if self._fallback is not None:
            self._fallback.close()
        try:
            self._cal.close()
        except Exception:  # noqa: BLE001 - closing twice, or a workbook calamine already let go
            pass


def _has_error_cells(path: Path) -> bool:
    """Whether a worksheet holds an Excel error cell (``t="e"``), whose text
    (``#N/A``) calamine does not give: such a workbook is read by openpyxl."""
    marker = b't="e"'
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            with zf.open(info) as f:
                tail = b""
                while chunk := f.read(1 << 22):
                    if marker in tail + chunk[:8] or marker in chunk:
                        return True
                    tail = chunk[-8:]
    return False


def open_workbook(path: Path, ahead: bool = False, errors: bool | str = True):
    """A read-only workbook over ``path``: calamine's, else (calamine cannot
    open it, it holds Excel error cells, or ``CASECHECK_XLSX_READER=openpyxl``)
    openpyxl's, whose errors the readers report. ``ahead``: the first sheet
    is parsed by calamine (in a thread) while the workbook is looked through
    for error cells, for a reader that reads every sheet in order.
    ``errors=False``: not looked through (calamine's even where an error
    cell's text would be openpyxl's), for a caller that reads only sheet
    names and header text no error's text could match (a format's sniff).
    ``errors="later"``: calamine's workbook, looked through in a thread of
    its own while the caller reads it; the caller asks
    :meth:`CalamineBook.error_cells` when done and, if it holds some, reads
    the workbook again from :func:`openpyxl_workbook`."""
    if os.environ.get("CASECHECK_XLSX_READER", "").lower() != "openpyxl":
        book = None
        try:
            book = CalamineBook(Path(path))
            if ahead:
                sheets = book.sheetnames
                if sheets:
                    book.parse_ahead(sheets[0])
        except Exception:  # noqa: BLE001 - calamine cannot read it: openpyxl says why
            book = None
        if book is not None and errors == "later":
            book.scan_for_errors()
            return book
        if not errors or not _has_error_cells(path):
            if book is not None:
                return book
        elif book is not None:
            book.close()
    return openpyxl_workbook(path)


def openpyxl_workbook(path: Path):
    import warnings

    from openpyxl import load_workbook

    with warnings.catch_warnings():
        # openpyxl warns about workbook features it drops (data validation,
        # conditional formatting); none of them matter for reading values.
        warnings.simplefilter("ignore")
        return load_workbook(path, read_only=True, data_only=True)
