"""Annex A workbook checks about sheets rather than cells, as councils' real
workbooks need them (see ``annex_a``'s docstring, *Reading*): a row of format
hints under the header, a hidden or copied sheet of a list another sheet
holds, a list with no sheet. Each says what it did in a warning."""

from __future__ import annotations

import re
from typing import Any

from checker.data.readers.annex_a_lists import HINT_CELL, LIST_NAMES, OUTS, list_from_sheet_name
from checker.data.readers.annex_a_values import blank
from checker.errors import Diagnostics, Location


def visible_lists(worksheets) -> dict[int, str]:
    """List number -> the first visible sheet named as that list."""
    out: dict[int, str] = {}
    for ws in worksheets:
        n = list_from_sheet_name(ws.title)
        if n is not None and getattr(ws, "sheet_state", "visible") == "visible":
            out.setdefault(n, ws.title)
    return out


def hidden_copy(diags: Diagnostics, where: str, title: str, number: int, visible: dict[int, str]) -> bool:
    """Whether a hidden sheet is passed over because a visible sheet holds its list (an old copy
    kept out of sight would otherwise count every event twice)."""
    other = visible.get(number)
    if other is None or other == title:
        return False
    diags.warning(
        f"sheet `{title}` is hidden and named as list {number} ({LIST_NAMES[number]}), which the visible sheet "
        f"`{other}` holds; it was not read", Location(where), code="hidden-sheet",
        suggestion="delete the hidden sheet, or unhide it if it holds rows the visible one lacks")
    return True


def hint_row(diags: Diagnostics, where: str, title: str, rownum: int, row: tuple) -> bool:
    """Whether ``row`` (just under the header) is a row of format hints (``dd/mm/yyyy``, ``Y/N``),
    guidance rather than a record."""
    cells = [c for c in row if not blank(c)]
    if not cells or not all(isinstance(c, str) and HINT_CELL.match(c.strip()) for c in cells):
        return False
    shown = ", ".join(f"`{c.strip()}`" for c in cells[:3]) + ("..." if len(cells) > 3 else "")
    diags.warning(f"row {rownum} of sheet `{title}` gives format hints ({shown}), not a record; it was not read",
                  Location(where, rownum), code="hint-row")
    return True


def copied_sheet(diags: Diagnostics, where: str, title: str, rows: int, repeats: list[tuple[int, Any]]) -> bool:
    """Whether every one of a sheet's ``rows`` repeats a row of another sheet exactly: a copy of
    that sheet, not read (its events would count twice)."""
    elsewhere = [(r, first) for r, first in repeats if first[0] != title]
    if not rows or len(elsewhere) != rows:
        return False
    sheets = sorted({first[0] for _, first in elsewhere})
    diags.warning(
        f"sheet `{title}` repeats {'sheet' if len(sheets) == 1 else 'sheets'} {', '.join(f'`{s}`' for s in sheets)} "
        f"row for row ({rows} rows): a copy; it was not read", Location(where), code="copied-sheet",
        suggestion="delete the copy, or change a row if the sheet really holds its own events")
    return True


def missing_lists(diags: Diagnostics, file: str, name: str, read: list[int], tables) -> None:
    """A warning naming the lists 1 and 3-9 (those with a table in the schema) no sheet was read as."""
    absent = [n for n in OUTS if n not in read and any(o.table in tables for o in OUTS[n])]
    if absent:
        diags.warning(
            f"`{name}` has no sheet read as list {', '.join(f'{n} ({LIST_NAMES[n]})' for n in absent)}: rules on "
            f"{'its' if len(absent) == 1 else 'their'} records are not run", Location(file), code="missing-list",
            suggestion="check the workbook has every list, each sheet named `List N` or with the list's header row")


#: the reason a total row under a list is excluded (counted against the list's table)
FOOTER = "Annex A total row under the list (a count, not a record)"
_TOTAL = re.compile(r"\s*(grand\s+)?totals?\b", re.IGNORECASE)


def footer_row(row) -> bool:
    """Whether a row is a total under the list, as councils' exports add
    (``Total: 7``; ``Total`` then a number): its first filled cell is text
    starting with the word "total", and every other filled cell is a number."""
    filled = [c for c in row if c is not None and not (isinstance(c, str) and not c.strip())]
    if not filled or not isinstance(filled[0], str) or not _TOTAL.match(filled[0]):
        return False
    return all(isinstance(c, (int, float)) and not isinstance(c, bool) or (isinstance(c, str) and c.strip().isdigit())
               for c in filled[1:])
