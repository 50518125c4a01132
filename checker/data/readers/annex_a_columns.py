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

from collections import Counter, deque
from collections.abc import Iterator
from itertools import compress, repeat
from operator import add, is_not, ne
from typing import Any

from checker.data.readers.annex_a_lists import (
    CHILD_FIELDS,
    COMMON,
    DATE_ROLE,
    LIST_COLS,
    NAMED,
    SEEN_IF_ALONE,
    STRATEGY_KEY,
    long_term,
    out_fields,
)
from checker.data.readers.annex_a_rows import MAX_CONFLICT_WARNINGS, ReaderState
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


class ColumnReading(ReaderState):
    """Column-wise reading of a list's rows (a mixin of annex_a's workbook reader)."""

    def read_columns(self, title: str, number: int, header_row: int, roles: dict[str, int], names: dict[str, str],
                     unknown, columns: list[list], nrows_all: int) -> None:
        schema = self.schema
        file = self.where(title)
        cols_spec = {c.role: c for c in LIST_COLS[number] + COMMON}
        conv = {role: cols_spec[role].conv for role in roles}
        headers = names
        data_cols = [j for role, j in roles.items() if conv[role] != "ignore"] + [j for j, _ in unknown]
        outs = self.list_outputs(number, file)
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
        # whose first filled cell holds such text can be: each row's first filled cell is found
        # column by column, looking further along only the rows blank so far)
        candidates: set[int] = set()
        pending: range | list[int] = range(n)
        for col in columns:
            if not pending:
                break
            here = col if pending.__class__ is range else list(map(col.__getitem__, pending))
            texts = _text_cells(here)
            if texts and "total" in "\x00".join(texts).lower():
                candidates.update(pending[j] for j, c in enumerate(here) if c.__class__ is str and "total" in c.lower())
            pending = list(map(pending.__getitem__, _blank_at(here)))
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
        if ids is None:
            cids: list[str | None] = [None] * m
        elif set(map(type, ids)) <= {str, type(None)}:
            cids = [c if c is None else (c.strip() or None) for c in ids]  # text() of each
        else:
            cids = map_cells(text, ids)
        v["child_id"] = cids
        if number == 8:
            v["long_term"] = list(map(long_term, v.get("permanence", [None] * m), v.get("placement_type", [None] * m)))
        self.children_columns(cids, v, raw, title, rownums, headers)
        if number == 9:
            main_keys: list = cids
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
                    sel = [i for i, (t, c) in enumerate(zip(trigger, cids))
                           if c is not None and t is not None and (t.__class__ is not str or t.strip())]
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
            return [None if c is None or (c.__class__ is str and not c.strip()) else NAMED for c in cells]
        if conv in ("text", "int"):
            return [None if c is None or (c.__class__ is str and not c.strip()) else c for c in cells]
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
        # keys met once here and never before (most): counted, and their rows noted, at once
        again = {k for k, n in Counter(keys).items() if n > 1} | (counts.keys() & set(keys))
        once = range(len(keys)) if not again else [i for i, k in enumerate(keys) if k not in again]
        ks = keys if not again else list(map(keys.__getitem__, once))
        counts.update(zip(ks, repeat(1)))
        firsts.update(zip(zip(ks, map(hashes.__getitem__, once)), zip(repeat(title), map(rownums.__getitem__, once))))
        if not again:
            return keys
        out = list(keys)
        repeats = self.repeats
        for i in (i for i, k in enumerate(keys) if k in again):
            key, rownum = keys[i], rownums[i]
            c = counts[key]
            counts[key] = c + 1
            seen = firsts.setdefault((key, hashes[i]), (title, rownum))
            if seen[1] != rownum or seen[0] != title:
                repeats[title].append((rownum, seen))
            if c:
                out[i] = f"{key}/{c + 1}"
        return out

    def children_columns(self, cids: list, v: dict[str, list], raw: dict[str, list], sheet: str, rownums: list[int],
                         headers: dict) -> None:
        """:meth:`RowReading.child` of each row, a field at a time; conflicts warned in row order.
        Each field's first value per child is set by ``dict.setdefault`` over the rows in order,
        which gives back, for every row, the value the child has (the first): a row whose value
        differs is a conflict (a date by its ISO text)."""
        kids: ChildColumns = self.child_columns
        kids.sheets.append(sheet)
        kids.rownums.append(rownums)
        kids.raws.append(raw)
        kids.ids.append(cids)
        kids.given.append(v)
        s = len(kids.sheets) - 1
        n = len(cids)
        every = None not in cids
        at = range(n) if every else list(compress(range(n), map(is_not, cids, repeat(None))))
        ids_at = cids if every else list(map(cids.__getitem__, at))
        # child -> where first seen (sheet index << 32 | index of the row in the sheet): set in row order
        deque(map(kids.first.setdefault, ids_at, map(add, at, repeat(s << 32))), 0)
        conflicts = []
        for k, (fld, role) in enumerate(CHILD_FIELDS.items()):
            values = v.get(role)
            if values is None:
                continue
            if every and None not in values:  # (the usual: every row gives it)
                rows, ids, vals = at, ids_at, values
            else:
                rows = list(compress(at, map(is_not, map(values.__getitem__, at), repeat(None))))
                if not rows:
                    continue
                ids = list(map(cids.__getitem__, rows))
                vals = list(map(values.__getitem__, rows))
            have = list(map(kids.values[fld].setdefault, ids, vals))
            differ = list(compress(range(len(rows)), map(ne, have, vals)))
            if differ:
                dates = fld == "date_of_birth"
                for j in differ:
                    if have[j] is vals[j] or (dates and iso(have[j]) == iso(vals[j])):
                        continue  # (the row that set it)
                    i = rows[j]
                    conflicts.append((i, k, cids[i], fld, role))
        conflicts.sort()
        for i, _k, cid, fld, role in conflicts:
            self.conflicts += 1
            if self.conflicts <= MAX_CONFLICT_WARNINGS:
                s0, i0 = divmod(kids.where(fld)[cid], 1 << 32)
                self.diags.warning(
                    f"child `{cid}`: {headers[role]} is `{show_value(kids.raws[s0][role][i0])}` in sheet "
                    f"`{kids.sheets[s0]}` row {kids.rownums[s0][i0]} but `{show_value(raw[role][i])}` in sheet `{sheet}` "
                    f"row {rownums[i]}; the first was used",
                    Location(self.where(sheet), rownums[i]), code="conflicting-child",
                )


class ChildColumns:
    """The children the lists name, with each one's details as the lists give
    them: the first value of each field, and (worked out when asked) where it was seen."""

    def __init__(self):
        self.sheets: list[str] = []  # in the order read
        self.rownums: list[list[int]] = []  # each sheet's rows' numbers
        self.raws: list[dict[str, list]] = []  # each sheet's cells, by role
        self.ids: list[list] = []  # each sheet's rows' children (None: no child)
        self.given: list[dict[str, list]] = []  # each sheet's values, by role (None: not given)
        #: child -> where first seen: sheet index << 32 | index of the row in the sheet, in that order
        self.first: dict[str, int] = {}
        self.values: dict[str, dict[str, Any]] = {f: {} for f in CHILD_FIELDS}
        self._where: dict[str, tuple[dict[str, int], int]] = {}

    def where(self, fld: str) -> dict[str, int]:
        """child -> where the value of ``fld`` it has was first given (sheet index
        << 32 | index of the row in the sheet), for each child that has one: the
        sheets read so far gone through in order again (only those not gone
        through already), only when a conflict or a rejected child asks."""
        got, done = self._where.get(fld, ({}, 0))
        role = CHILD_FIELDS[fld]
        for s in range(done, len(self.sheets)):
            values = self.given[s].get(role)
            if values is None:
                continue
            cids = self.ids[s]
            rows = compress(range(len(cids)), map(all, zip(map(is_not, cids, repeat(None)),
                                                            map(is_not, values, repeat(None)))))
            base = s << 32
            for i in rows:
                got.setdefault(cids[i], base + i)
        self._where[fld] = (got, len(self.sheets))
        return got

    def sources(self, table, where) -> Iterator[Source]:
        """The children table, a source per sheet where each child was first seen."""
        fields = [f for f in CHILD_FIELDS if f in table.fields]
        by_sheet: dict[int, list[str]] = {}
        for cid, at in self.first.items():
            by_sheet.setdefault(at >> 32, []).append(cid)
        first = self.first
        mask = (1 << 32) - 1
        for s, cids in by_sheet.items():
            rownums = self.rownums[s]
            numbers = [rownums[first[c] & mask] for c in cids]
            cols: dict[str, list] = {"child_id": cids}
            for f in fields:
                cols[f] = list(map(self.values[f].get, cids))
            yield Source("children", where(self.sheets[s]), _ChildRows(numbers, cols, self, fields))


class _ChildRows(ColumnRows):
    """Children as columns; as dicts (for the loader to find what is wrong with
    a row), each child's fields in the order the lists first gave them, as the
    row-at-a-time reader's dicts have them (the loader names a row's first bad
    value in the order its fields come)."""

    def __init__(self, numbers: list[int], cols: dict[str, list], kids: ChildColumns, fields: list[str]):
        super().__init__(numbers, cols)
        self.kids = kids
        self.fields = fields

    def dicts(self, i: int, j: int) -> list[dict]:
        kids = self.kids
        where = {f: kids.where(f) for f in self.fields}
        out = []
        for cid in self.cols["child_id"][i:j]:
            given = sorted((where[f][cid], k, f) for k, f in enumerate(self.fields) if cid in kids.values[f])
            values = {"child_id": cid}
            values.update((f, kids.values[f][cid]) for _, _, f in given)
            out.append(values)
        return out

    def __iter__(self):
        for number, values in zip(self.numbers, self.dicts(0, len(self.numbers))):
            yield RawRow(number, values)


_ = Any
