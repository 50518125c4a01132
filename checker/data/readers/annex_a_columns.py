"""Annex A list rows read a column at a time, with exactly the records,
exclusions, warnings and not-carried values of the row-at-a-time reader
(``annex_a_rows``, the reference; tests/test_annex_a_columns.py compares the
two on generated and hostile workbooks).

A sheet's cells come at once (``cells.Grid``); each column is turned into
openpyxl's values, then into the list's values (dates, codes, yes/no), each
distinct cell once. Blank padding rows and ``Total:`` rows are found from the
columns (only the rows that might be either are looked at whole). The records
go to the loader as columns (``ColumnRows``), never as a dict per row.

Rows repeated exactly (``repeated-row``, ``copied-sheet``) are found by each
row's key and a hash of its cells (the reference keeps every row's cells to
compare; two different rows with the same key and the same 64-bit hash would
be taken for a repeat, which is only a warning)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress, repeat
from typing import Any

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
from checker.data.readers.annex_a_rows import MAX_CONFLICT_WARNINGS, ChildAcc
from checker.data.readers.annex_a_sheets import FOOTER, copied_sheet, footer_row
from checker.data.readers.annex_a_values import convert, iso, show_value, text
from checker.data.readers.base import RawRow, Source
from checker.data.readers.cells import map_cells
from checker.errors import Location


class ColumnRows:
    """A source's rows as columns (what ``Loader.add_source`` takes from
    ``rows.columns()``); iterated, the same rows as :class:`RawRow` values."""

    def __init__(self, numbers: list[int], cols: dict[str, list]):
        self.numbers = numbers
        self.cols = cols

    def columns(self) -> tuple[list[int], dict[str, list]]:
        return self.numbers, self.cols

    def __len__(self) -> int:
        return len(self.numbers)

    def __iter__(self):
        names = list(self.cols)
        for number, cells in zip(self.numbers, zip(*self.cols.values()) if names else repeat(())):
            yield RawRow(number, dict(zip(names, cells)))


def _blank_at(col: list) -> list[int]:
    """The positions of the blank cells (nothing, or only spaces) of a column."""
    return [i for i, c in enumerate(col) if c is None or (c.__class__ is str and not c.strip())]


def _blank_cell(c: Any) -> bool:
    return c is None or (isinstance(c, str) and not c.strip())


def _text_cells(col: list) -> list[str]:
    return [c for c in col if c.__class__ is str]


def _take(col: list, keep: list[int] | None) -> list:
    return col if keep is None else [col[i] for i in keep]


class ColumnReading:
    """Column-wise reading of a list's rows (a mixin of annex_a's workbook reader)."""

    def read_columns(self, title: str, number: int, header_row: int, roles: dict[str, int], names: dict[str, str],
                     unknown, columns: list[list], nrows_all: int) -> None:
        schema = self.schema
        file = self.where(title)
        cols_spec = {c.role: c for c in LIST_COLS[number] + COMMON}
        conv = {role: cols_spec[role].conv for role in roles}
        headers = names
        data_cols = [j for role, j in roles.items() if conv[role] != "ignore"] + [j for j, _ in unknown]
        outs = [o for o in OUTS[number] if o.table in schema.tables]
        for o in OUTS[number]:
            if o.table not in schema.tables and o.table not in self.missing_tables_warned:
                self.missing_tables_warned.add(o.table)
                self.diags.warning(f"schema `{schema.name}` has no table `{o.table}`; list {number} values for it "
                                   f"were not read", Location(file), code="unknown-table")
        date_role = DATE_ROLE.get(number)
        used = [(role, j) for role, j in roles.items() if conv[role] != "ignore"]
        width = len(columns)
        n = nrows_all
        nones = [None] * n

        def column(j: int) -> list:
            return columns[j] if j < width else nones

        # padding: every data cell blank (only rows blank in the first data column can be)
        skip: set[int] = set()
        present = [j for j in data_cols if j < width]
        if not present:
            skip = set(range(n))
        else:
            maybe = _blank_at(columns[present[0]])
            for j in present[1:]:
                if not maybe:
                    break
                col = columns[j]
                maybe = [i for i in maybe if _blank_cell(col[i])]
            skip = set(maybe)
        # totals under the list: a row whose first filled cell is text starting "total" (only rows
        # holding such text can be)
        candidates: set[int] = set()
        for col in columns:
            texts = _text_cells(col)
            if texts and "total" in "\x00".join(texts).lower():
                candidates.update(i for i, c in enumerate(col) if c.__class__ is str and "total" in c.lower())
        footers = 0
        for i in sorted(candidates - skip):
            if footer_row(tuple(c[i] for c in columns)):
                skip.add(i)
                footers += 1  # a total under the list: excluded, and counted so
        keep = sorted(set(range(n)) - skip) if skip else None
        m = n - len(skip)
        first = header_row + 1
        rownums = list(range(first, first + n)) if keep is None else [first + i for i in keep]

        raw = {role: _take(column(j), keep) for role, j in used}
        v: dict[str, list] = {role: self.convert_column(conv[role], cells) for role, cells in raw.items()}
        ids = raw.get("child_id")
        cids = map_cells(text, ids) if ids is not None else [None] * m
        v["child_id"] = cids
        if number == 8:
            v["long_term"] = list(map(long_term, v.get("permanence", [None] * m), v.get("placement_type", [None] * m)))
        self.children_columns(cids, v, raw, title, rownums, headers)
        if number == 9:
            main_keys = cids
        else:
            days = map_cells(iso, raw[date_role]) if date_role is not None and date_role in raw else [None] * m
            main_keys = [f"L{number}/{c or ''}/{d or f'row{r}'}" for c, d, r in zip(cids, days, rownums)]
            main_keys = self.unique_keys(main_keys, columns, keep, title, rownums)
        made: list[tuple[Any, ColumnRows]] = []
        for o in outs:
            if o.suffix is None:
                sel = None
                keys = main_keys
            else:
                trigger = raw.get(o.trigger) if o.trigger is not None else None
                if trigger is None:
                    sel = []
                else:
                    sel = [i for i, (t, c) in enumerate(zip(trigger, cids)) if c is not None and not _blank_cell(t)]
                if number == 9:
                    keys = [f"L9/{cids[i]}/{o.suffix}" for i in sel]
                else:
                    keys = [f"{main_keys[i]}/{o.suffix}" for i in sel]
            k = len(keys)
            values: dict[str, list] = {o.key_field: keys, "child_id": _take(cids, sel)}
            for fld, role in o.fields.items():
                values[fld] = _take(v[role], sel) if role in v else [None] * k
            for fld, const in o.constants:
                if const is STRATEGY_KEY:
                    start = raw.get("start")
                    at = range(m) if sel is None else sel
                    values[fld] = [f"{main_keys[i]}/strategy" if start is not None and not _blank_cell(start[i])
                                   and cids[i] else None for i in at]
                elif const is SEEN_IF_ALONE:
                    values[fld] = [True if s is True else None for s in _take(v["seen_alone"], sel)] \
                        if "seen_alone" in v else [None] * k
                else:
                    values[fld] = [const] * k
            if o.parent_field:
                values[o.parent_field] = _take(main_keys, sel)
            table = schema.tables[o.table]
            values = {f: c for f, c in values.items() if f in table.fields}
            made.append((o, ColumnRows(_take(rownums, sel), values)))
        if copied_sheet(self.diags, file, title, m, self.repeats.get(title, [])):
            self.repeats.pop(title, None)
            return
        mapped = {role for o in outs for role in o.fields.values()}
        # a name column (Allocated Worker) of a list with no field for it is ignored, and said so
        ignored = [names[role] for role in roles if conv[role] == "ignore" or (conv[role] == "named" and role not in mapped)]
        ignored += [h for _, h in unknown]
        for o, rows_made in made:
            # A table this list carries exists even when its column is blank
            # on every row: whether a rule can run depends on the format,
            # never on the data.
            self.tables_made.add(o.table)
            self.sources.append(Source(o.table, file, rows_made, sorted(set(ignored)) if o.suffix is None else None,
                                       {FOOTER: footers} if footers and o.suffix is None else {},
                                       fields=frozenset(out_fields(o)), per_record=True))

    def convert_column(self, conv: str, cells: list) -> list:
        """:meth:`RowReading.convert` of each cell of a column."""
        if conv == "named":  # a person's name: kept only as the fact that one is named
            return [None if _blank_cell(c) else NAMED for c in cells]
        if conv in ("text", "int"):
            return [None if _blank_cell(c) else c for c in cells]
        schema = self.schema
        return map_cells(lambda c: convert(conv, c, schema), cells)

    def unique_keys(self, keys: list[str], columns: list[list], keep: list[int] | None, title: str,
                    rownums: list[int]) -> list[str]:
        """Each key, or ``key/2``, ``key/3``... when an earlier row had it; a row
        repeating an earlier one exactly (same key, same cells) noted."""
        counts = self.key_counts
        width = len(columns)
        rows = list(zip(*columns)) if columns else [()] * len(keys)
        if keep is not None:
            rows = [rows[i] for i in keep]
        # a row's cells as openpyxl's row gives them: none past its last filled one
        if columns:
            last = columns[-1] if keep is None else [columns[-1][i] for i in keep]
            for i in [i for i, c in enumerate(last) if c is None]:
                r = rows[i]
                end = width
                while end and r[end - 1] is None:
                    end -= 1
                rows[i] = r[:end]
        hashes = list(map(hash, rows))
        del rows
        firsts = self.first_hashes
        repeats = self.repeats
        out = []
        for key, h, rownum in zip(keys, hashes, rownums):
            c = counts[key]
            counts[key] = c + 1
            seen = firsts.setdefault((key, h), (title, rownum))
            if seen[1] != rownum or seen[0] != title:
                repeats[title].append((rownum, seen))
            out.append(key if c == 0 else f"{key}/{c + 1}")
        return out

    def children_columns(self, cids: list, v: dict[str, list], raw: dict[str, list], sheet: str, rownums: list[int],
                         headers: dict) -> None:
        """:meth:`RowReading.child` of each row, a field at a time; conflicts warned in row order."""
        children = self.children
        for cid, r in zip(cids, rownums):
            if cid is not None and cid not in children:
                children[cid] = ChildAcc(sheet, r)
        conflicts = []
        for k, (fld, role) in enumerate(CHILD_FIELDS.items()):
            values = v.get(role)
            if values is None:
                continue
            dates = fld == "date_of_birth"
            for i in compress(range(len(cids)), map(_both, cids, values)):
                cid, value = cids[i], values[i]
                acc = children[cid]
                got = acc.values
                if fld not in got:
                    got[fld] = value
                    acc.raw[fld] = raw[role][i]
                    acc.where[fld] = (sheet, rownums[i])
                    acc.sources[fld] = headers[role]
                    continue
                before = got[fld]
                if before is value or before == value and not dates:
                    continue
                if (iso(before) != iso(value)) if dates else True:
                    conflicts.append((i, k, cid, fld, role))
        conflicts.sort()
        for i, _k, cid, fld, role in conflicts:
            acc = children[cid]
            self.conflicts += 1
            if self.conflicts <= MAX_CONFLICT_WARNINGS:
                s0, r0 = acc.where[fld]
                self.diags.warning(
                    f"child `{cid}`: {headers[role]} is `{show_value(acc.raw[fld])}` in sheet `{s0}` row {r0} but "
                    f"`{show_value(raw[role][i])}` in sheet `{sheet}` row {rownums[i]}; the first was used",
                    Location(self.where(sheet), rownums[i]), code="conflicting-child",
                )


def children_sources(children: dict[str, ChildAcc], table, where) -> Iterator[Source]:
    """The children table, a source per sheet where each child was first seen:
    columns, or a row each for a sheet where some child's fields were first
    given in another order than the table's (the loader names a row's first
    bad value in the order its fields come)."""
    fields = [f for f in CHILD_FIELDS if f in table.fields]
    canonical: dict[tuple, bool] = {}
    by_sheet: dict[str, list[ChildAcc]] = {}
    cids: dict[str, list[str]] = {}
    in_order: dict[str, bool] = {}
    for cid, acc in children.items():
        by_sheet.setdefault(acc.sheet, []).append(acc)
        cids.setdefault(acc.sheet, []).append(cid)
        order = tuple(acc.values)
        ok = canonical.get(order)
        if ok is None:
            kept = [f for f in order if f in table.fields]
            ok = canonical[order] = kept == [f for f in fields if f in kept]
        if not ok:
            in_order[acc.sheet] = False
    for sheet, accs in by_sheet.items():
        numbers = [acc.row for acc in accs]
        if in_order.get(sheet, True):
            cols = {"child_id": cids[sheet]}
            for f in fields:
                cols[f] = [acc.values.get(f) for acc in accs]
            yield Source("children", where(sheet), ColumnRows(numbers, cols))
        else:
            rows = []
            for cid, acc in zip(cids[sheet], accs):
                values = {"child_id": cid}
                values.update({k: val for k, val in acc.values.items() if k in table.fields})
                rows.append(RawRow(acc.row, values))
            yield Source("children", where(sheet), rows)


def _both(cid: Any, value: Any) -> bool:
    return cid is not None and value is not None


_ = Any
