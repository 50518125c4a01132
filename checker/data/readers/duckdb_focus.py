"""A few records' worth of a dataset DuckDB holds (``DuckDBDataset.focus``).

Where the DuckDB engine words a reason from the evaluation trace in Python
(``engine.sql_outcomes``), the reference evaluator reads the failing record
and the records it reaches through the schema's links, and only through
``Dataset.lookup`` and ``Dataset.referring`` (``evaluate._follow``). A
dataset whose tables are read whole from DuckDB for that makes a Python
record of every row of every table it touches (a census: 393,081 of them) to
word a few thousand reasons. This view answers the same two questions from
the records asked of DuckDB for them: the first time a table is looked up by
a field, it fetches that table's records whose field holds the value asked
for, or any value of the linking field among the records already read; a
later value not among those is fetched the same way. Each record is one
Python object however it was reached, with the values, key and line
``_rows_of`` gives it, and the answers are those of the whole tables: the
first record in the table's order (``lookup``), every record in order
(``referring``). Compared in SQL only for a field of a kind whose values
DuckDB compares as Python does, reached by a value of that type; anything
else is asked of the whole table, as before.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from checker.data.readers.csv_duckdb_table import ident
from checker.model import Row

#: kinds of field looked up in SQL, the DuckDB type of the values asked for, and the Python type
#: a value must have to be asked so (a bool is no integer here, a datetime no date)
_KINDS = {"string": ("VARCHAR", str), "code": ("VARCHAR", str), "integer": ("BIGINT", int), "date": ("DATE", _dt.date)}


def _fits(value: Any, pytype: type) -> bool:
    return type(value) is pytype  # noqa: E721 - exactly: True is an int and a datetime a date, not here


class Focus:
    """A view of a :class:`~checker.data.readers.csv_duckdb.DuckDBDataset` for the reference
    evaluator (see the module); every other attribute is the dataset's own."""

    def __init__(self, dataset, con, schema, rows_at):
        self._dataset = dataset
        self._con = con
        self._schema = schema
        self._rows_at = rows_at  # (table, positions ascending) -> their Rows
        #: table -> position -> its record, read once
        self._records: dict[str, dict[int, Row]] = {}
        #: (table, field) -> value -> the positions of the records holding it, in order
        self._found: dict[tuple[str, str], dict[Any, list[int]]] = {}

    def __getattr__(self, name: str):
        return getattr(self._dataset, name)

    def records(self, table: str, positions: list[int]) -> list[Row]:
        """The records at these positions of one table (each read once)."""
        have = self._records.setdefault(table, {})
        wanted = sorted({p for p in positions if p not in have})
        if wanted:
            for p, row in zip(wanted, self._rows_at(table, wanted)):
                have[p] = row
        return [have[p] for p in positions]

    def lookup(self, table: str, field: str, value: Any) -> Row | None:
        found = self._positions(table, field, value)
        if found is None:
            return self._dataset.lookup(table, field, value)
        return self.records(table, found[:1])[0] if found else None

    def referring(self, table: str, field: str, value: Any) -> list[Row]:
        found = self._positions(table, field, value)
        if found is None:
            return self._dataset.referring(table, field, value)
        return self.records(table, found)

    def _positions(self, table: str, field: str, value: Any) -> list[int] | None:
        """The positions of ``table``'s records whose ``field`` is ``value``, in order; None
        where the whole table answers (read already, or a field not compared in SQL)."""
        built = getattr(self._dataset.tables, "_built", None)
        if built is None or table in built or table not in self._schema.tables:
            return None
        fld = self._schema.tables[table].fields.get(field)
        kind = _KINDS.get(fld.type.kind) if fld is not None else None
        if kind is None or not _fits(value, kind[1]):
            return None
        known = self._found.setdefault((table, field), {})
        if value not in known:
            self._fetch(table, field, kind, value, known)
        return known[value]

    def _fetch(self, table: str, field: str, kind: tuple[str, type], value: Any, known: dict[Any, list[int]]) -> None:
        """Fetch the positions for ``value`` and for every value of a field linking to
        ``table.field`` among the records read already (one statement for many lookups)."""
        values = {value}
        for source, t in self._schema.tables.items():
            read = self._records.get(source)
            if not read:
                continue
            for link in t.links.values():
                if link.target == table and link.remote_field == field:
                    values.update(v for r in read.values()
                                  if (v := r.values.get(link.local_field)) is not None and _fits(v, kind[1]))
        asked = [v for v in values if v not in known]
        cur = self._con.cursor()
        try:
            got = cur.execute(f'SELECT {ident(field)}, "_row" FROM {ident(table)} WHERE {ident(field)} IN '
                              f"(SELECT unnest($1::{kind[0]}[])) ORDER BY \"_row\"", [asked]).fetchall()
        finally:
            cur.close()
        for v in asked:
            known[v] = []
        for v, p in got:
            known[v].append(p)
        self.records(table, [p for _, p in got])  # read now, in one statement: the next level is fetched from them
