"""Annex A list rows read one row at a time: the reference the column-wise
reader (``annex_a_columns``) is checked against, cell for cell
(tests/test_annex_a_columns.py), and what ``CASECHECK_ANNEX_A_READER=rows``
reads with. Every rejection, exclusion, warning and not-carried value is
defined here first; the column-wise reader gives the same."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from checker.data.readers.annex_a_lists import (
    CHILD_FIELDS,
    COMMON,
    DATE_ROLE,
    LIST_COLS,
    NAMED,
    OUTS,
    SEEN_IF_ALONE,
    STRATEGY_KEY,
    long_term,
    out_fields,
)
from checker.data.readers.annex_a_sheets import FOOTER, copied_sheet, footer_row
from checker.data.readers.annex_a_values import blank, convert, iso, show_value, text
from checker.data.readers.base import RawRow, Source
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema

#: conflicting child details warned about one by one; the rest are counted in one warning
MAX_CONFLICT_WARNINGS = 20


class ChildAcc:
    """One child's details as the lists give them: the first value of each field, where it was seen."""

    __slots__ = ("values", "raw", "where", "sources", "sheet", "row")

    def __init__(self, sheet: str, row: int):
        self.values: dict[str, Any] = {}
        self.raw: dict[str, Any] = {}
        self.where: dict[str, tuple[str, int]] = {}
        self.sources: dict[str, str] = {}
        self.sheet = sheet
        self.row = row


class ReaderState:
    """What the two ways of reading a list use of the workbook reader
    (annex_a._WorkbookReader, which sets it): declared for the type checker."""

    if TYPE_CHECKING:  # the workbook reader's state (annex_a._WorkbookReader)
        schema: DataSchema
        diags: Diagnostics
        sources: list[Source]
        children: dict[str, Any]
        child_columns: Any
        memo: dict[tuple[str, str], Any]
        key_counts: dict[str, int]
        first_rows: dict[tuple, tuple[str, int]]
        first_hashes: dict[tuple, tuple[str, int]]
        repeats: dict[str, list[tuple[int, tuple[str, int]]]]
        conflicts: int
        tables_made: set[str]
        missing_tables_warned: set[str]

        def where(self, sheet: str) -> str: ...

    def list_outputs(self, number: int, file: str) -> list:
        """The tables list ``number`` fills that the schema has; a warning, once
        per table, for each it has not (its values are not read)."""
        schema = self.schema
        for o in OUTS[number]:
            if o.table not in schema.tables and o.table not in self.missing_tables_warned:
                self.missing_tables_warned.add(o.table)
                self.diags.warning(f"schema `{schema.name}` has no table `{o.table}`; list {number} values for it "
                                   f"were not read", Location(file), code="unknown-table")
        return [o for o in OUTS[number] if o.table in schema.tables]


class RowReading(ReaderState):
    """The row-at-a-time reading of a list's rows (a mixin of annex_a's workbook reader)."""

    def read_rows(self, title: str, number: int, header_row: int, roles: dict[str, int], names: dict[str, str],
                  unknown, rows) -> None:
        schema = self.schema
        file = self.where(title)
        cols = {c.role: c for c in LIST_COLS[number] + COMMON}
        conv = {role: cols[role].conv for role in roles}
        headers = names
        data_cols = [j for role, j in roles.items() if conv[role] != "ignore"] + [j for j, _ in unknown]
        outs = self.list_outputs(number, file)
        made: dict[str, list[RawRow]] = {o.table + (o.suffix or ""): [] for o in outs}
        date_role = DATE_ROLE.get(number)
        used = [(role, j) for role, j in roles.items() if conv[role] != "ignore"]
        nrows = footers = 0
        for offset, row in enumerate(rows):
            rownum = header_row + 1 + offset
            width = len(row)
            for j in data_cols:  # padding: every data cell blank
                if j < width:
                    c = row[j]
                    if c is not None and (type(c) is not str or c.strip()):
                        break
            else:
                continue
            if footer_row(row):
                footers += 1  # a total under the list: excluded, and counted so
                continue
            nrows += 1
            raw = {role: (row[j] if j < width else None) for role, j in used}
            v = {role: self.convert(conv[role], value) for role, value in raw.items()}
            cid = text(raw.get("child_id"))
            v["child_id"] = cid
            if number == 8:
                v["long_term"] = long_term(v.get("permanence"), v.get("placement_type"))
            if cid is not None:
                self.child(cid, v, raw, title, rownum, headers)
            if number == 9:
                main_key = cid
            else:
                day = iso(raw.get(date_role)) if date_role is not None else None
                main_key = f"L{number}/{cid or ''}/{day or f'row{rownum}'}"
                main_key = self.unique(main_key, row, title, rownum)
            where = f"{title} row {rownum}"
            for o in outs:
                if o.suffix is None:
                    key = main_key
                else:
                    if o.trigger is None or blank(raw.get(o.trigger)) or cid is None:
                        continue
                    key = f"L9/{cid}/{o.suffix}" if number == 9 else f"{main_key}/{o.suffix}"
                values: dict[str, Any] = {o.key_field: key, "child_id": cid}
                sources: dict[str, str] = {"child_id": headers["child_id"]}
                for fld, role in o.fields.items():
                    values[fld] = v.get(role)
                    if role in headers:
                        sources[fld] = headers[role]
                for fld, const in o.constants:
                    if const is STRATEGY_KEY:
                        values[fld] = f"{main_key}/strategy" if not blank(raw.get("start")) and cid else None
                    elif const is SEEN_IF_ALONE:
                        values[fld] = True if v.get("seen_alone") is True else None
                    else:
                        values[fld] = const
                if o.parent_field:
                    values[o.parent_field] = main_key
                table = schema.tables[o.table]
                values = {k: val for k, val in values.items() if k in table.fields}
                made[o.table + (o.suffix or "")].append(RawRow(rownum, values, where=where, sources=sources))
        if copied_sheet(self.diags, file, title, nrows, self.repeats.get(title, [])):
            self.repeats.pop(title, None)
            return
        mapped = {role for o in outs for role in o.fields.values()}
        # a name column (Allocated Worker) of a list with no field for it is ignored, and said so
        ignored = [names[role] for role in roles if conv[role] == "ignore" or (conv[role] == "named" and role not in mapped)]
        ignored += [h for _, h in unknown]
        for o in outs:
            rows_made = made[o.table + (o.suffix or "")]
            # A table this list carries exists even when its column is blank
            # on every row: whether a rule can run depends on the format,
            # never on the data.
            if True:
                self.tables_made.add(o.table)
                self.sources.append(Source(o.table, file, rows_made, sorted(set(ignored)) if o.suffix is None else None,
                                           {FOOTER: footers} if footers and o.suffix is None else {},
                                           fields=frozenset(out_fields(o)), per_record=True))

    def convert(self, conv: str, raw: Any) -> Any:
        if conv == "named":  # a person's name: kept only as the fact that one is named
            return None if blank(raw) else NAMED
        if conv in ("text", "int") or raw is None:
            return None if blank(raw) else raw
        if isinstance(raw, str):  # labels repeat: map each distinct one once
            memo = (conv, raw)
            if memo not in self.memo:
                self.memo[memo] = convert(conv, raw, self.schema)
            return self.memo[memo]
        return convert(conv, raw, self.schema)

    def unique(self, key: str, row: tuple, title: str, rownum: int) -> str:
        """``key``, or ``key/2``, ``key/3``... when an earlier row had it."""
        n = self.key_counts[key]
        self.key_counts[key] = n + 1
        end = len(row)
        while end and row[end - 1] is None:  # openpyxl pads a row to the width the sheet's writer recorded
            end -= 1
        first = self.first_rows.setdefault((key, row[:end]), (title, rownum))
        if first != (title, rownum):
            self.repeats[title].append((rownum, first))
        return key if n == 0 else f"{key}/{n + 1}"

    def child(self, cid: str, v: dict, raw: dict, sheet: str, rownum: int, headers: dict) -> None:
        acc = self.children.get(cid)
        if acc is None:
            acc = self.children[cid] = ChildAcc(sheet, rownum)
        for fld, role in CHILD_FIELDS.items():
            if role not in v or blank(v[role]):
                continue
            value = v[role]
            if fld not in acc.values:
                acc.values[fld] = value
                acc.raw[fld] = raw[role]
                acc.where[fld] = (sheet, rownum)
                acc.sources[fld] = headers[role]
                continue
            a = iso(acc.values[fld]) if fld == "date_of_birth" else acc.values[fld]
            b = iso(value) if fld == "date_of_birth" else value
            if a != b:
                self.conflicts += 1
                if self.conflicts <= MAX_CONFLICT_WARNINGS:
                    s0, r0 = acc.where[fld]
                    self.diags.warning(
                        f"child `{cid}`: {headers[role]} is `{show_value(acc.raw[fld])}` in sheet `{s0}` row {r0} but "
                        f"`{show_value(raw[role])}` in sheet `{sheet}` row {rownum}; the first was used",
                        Location(self.where(sheet), rownum), code="conflicting-child",
                    )


def children_rows(children: dict[str, ChildAcc], table, where) -> Iterator[Source]:
    """The children table, a row per child, a source per sheet where each was first seen."""
    by_sheet: dict[str, list[RawRow]] = {}
    for cid, acc in children.items():
        values = {"child_id": cid}
        values.update({k: val for k, val in acc.values.items() if k in table.fields})
        by_sheet.setdefault(acc.sheet, []).append(RawRow(acc.row, values, where=f"{acc.sheet} row {acc.row}"))
    for sheet, rows in by_sheet.items():
        yield Source("children", where(sheet), rows)
