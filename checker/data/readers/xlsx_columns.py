"""A sheet of a sheet-per-table workbook read column by column (calamine's
cells, ``cells.Grid``), with exactly the records and warnings of the
row-at-a-time reading in ``xlsx._read_sheet`` (tests/test_xlsx_columns.py
compares the two): blank rows skipped, Excel error texts read as missing and
counted, values in a column with no header named once. The records go to the
loader as columns; the warnings are given when the loader takes them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checker.data.readers.base import RawRow


def _blank_at(col: list, at) -> list[int]:
    return [i for i in at if (c := col[i]) is None or (c.__class__ is str and not c.strip())]


class SheetColumns:
    """The records of one sheet's rows from ``start`` on, made when the loader asks
    (``columns()``); ``found(errors, first_error, stray)`` is told what the rows held."""

    def __init__(self, grid, start: int, header_line: int, wanted: list[tuple[int, str]], names: list[str],
                 errors: frozenset[str], found: Callable[[int, Any, Any], None]):
        self._args: tuple | None = (grid, start, header_line, wanted, names, errors, found)
        self._made: tuple[list[int], dict[str, list]] | None = None

    def columns(self) -> tuple[list[int], dict[str, list]]:
        if self._made is None:
            assert self._args is not None
            self._made = self._make(*self._args)
            self._args = None
        return self._made

    def __iter__(self):
        numbers, cols = self.columns()
        names = list(cols)
        for number, cells in zip(numbers, zip(*cols.values())):
            yield RawRow(number, dict(zip(names, cells)))

    @staticmethod
    def _make(grid, start, header_line, wanted, names, errors, found):
        columns, n = grid.columns(start)
        width = len(names)
        # a row with every cell blank is padding: only rows blank in the first column can be
        skip: list[int] = list(range(n))
        for col in columns:
            if not skip:
                break
            skip = _blank_at(col, skip)
        keep = None
        if skip:
            gone = set(skip)
            keep = [i for i in range(n) if i not in gone]
        first = header_line + 1
        numbers = list(range(first, first + n)) if keep is None else [first + i for i in keep]
        m = len(numbers)
        nones = [None] * m
        cols: dict[str, list] = {}
        count = 0
        first_error = None  # (row, column, text) of the first Excel error, row by row
        for i, h in wanted:
            col = columns[i] if i < len(columns) else nones
            if col is not nones and keep is not None:
                col = [col[k] for k in keep]
            if col is not nones and not errors.isdisjoint(c for c in col if c.__class__ is str):
                col = list(col)
                for k, c in enumerate(col):
                    if c.__class__ is str and c in errors:
                        count += 1
                        if first_error is None or (numbers[k], i + 1) < first_error[:2]:
                            first_error = (numbers[k], i + 1, c)
                        col[k] = None
            cols[h] = col if col is not nones else list(nones)
        stray = None  # (row, column) of the first value in a column with no header, row by row
        for i, col in enumerate(columns):
            if i < width and names[i]:
                continue
            at = range(n) if keep is None else keep
            for k, j in enumerate(at):
                c = col[j]
                if c is not None and not (c.__class__ is str and not c.strip()):
                    if stray is None or (numbers[k], i + 1) < stray:
                        stray = (numbers[k], i + 1)
                    break
        found(count, first_error, stray)
        return numbers, cols
