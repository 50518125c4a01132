"""Ofsted's provider lists beside an SSDA903 return: ``casecheck run dfe-903 --ofsted-list FILE``.

The return is read as ever (by the Python readers or by DuckDB itself); then the lists
(``data/readers/ofsted_lists.py``) are loaded through the same loader into the ``ssda903``
schema's ``providers`` table, with ``provider_urns``: one per URN of the lists or of the
return's Episodes, so that every episode's URN has a record to link to (an episode whose URN
the lists do not hold links to one with no providers: the rules say "not listed", the loader
says nothing) and the integrity checks find no orphan. Without the lists both tables are
missing and the rules reading them are listed as not run, saying so (their ``only_with``).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from checker.data.coerce import LoadResult
from checker.data.load import Loader
from checker.data.readers.base import RawRow, Source
from checker.errors import CasecheckError, Diagnostic, Diagnostics

TABLES = ("providers", "provider_urns")


def attach_lists(loaded: LoadResult, schema, paths: list[str | Path], as_at: _dt.date | None, con=None) -> None:
    """Load Ofsted's lists in ``paths`` into ``loaded`` (and into ``con``'s tables when the return
    is there already: ``loaded.in_database``). Problems go to ``loaded.diagnostics``."""
    from checker.data.readers.ofsted_lists import read_lists

    if not all(t in schema.tables for t in TABLES):
        loaded.diagnostics.error(
            f"--ofsted-list gives Ofsted's provider lists, which the `{schema.name}` schema has no place for",
            code="bad-option", suggestion="--ofsted-list is for SSDA903 returns (the dfe-903 pack)")
        return
    diags = Diagnostics()
    sources = read_lists(list(paths), diags)
    loaded.diagnostics.extend(diags.items)
    if diags.errors:
        return
    loader = Loader(schema, as_at)
    for src in sources:
        loader.add_source(src)
    listed = {r.values["urn"] for r in loader.tables.get("providers", []) if r.values.get("urn")}
    urns = sorted(listed | _episode_urns(loaded, con))
    loader.add_source(Source("provider_urns", "(the URNs of Ofsted's lists and of the return's Episodes)",
                             [RawRow(i, {"urn": u}) for i, u in enumerate(urns, 1)]))
    got = loader.finish([])
    loaded.diagnostics.extend(got.diagnostics.items)
    if got.diagnostics.errors:
        return
    for t in TABLES:
        loaded.accounts[t] = got.accounts[t]
        if t in loaded.missing_tables:
            loaded.missing_tables.remove(t)
    loaded.rejections.extend(r for r in got.rejections if r.table in TABLES)
    loaded.integrity.extend(i for i in got.integrity if i.table in TABLES)
    absent = getattr(loaded.dataset, "absent_tables", None)
    if absent:
        loaded.dataset.absent_tables = {t: why for t, why in absent.items() if t not in TABLES}
    if getattr(loaded, "in_database", False):
        if con is None:
            raise CasecheckError(Diagnostic("the return is in a database this run cannot reach to add Ofsted's lists",
                                            code="engine"))
        _insert(con, schema, got)
    else:
        for t in TABLES:
            loaded.dataset.tables[t] = got.dataset.tables[t]


def _episode_urns(loaded: LoadResult, con) -> set[str]:
    """The URNs of the return's Episodes (this year's: the rules look up only those)."""
    if "episodes" in loaded.missing_tables:
        return set()
    if getattr(loaded, "in_database", False) and con is not None:
        return {u for (u,) in con.execute('SELECT DISTINCT "urn" FROM "episodes" WHERE "urn" IS NOT NULL').fetchall()}
    return {u for r in loaded.dataset.tables.get("episodes", ()) if (u := r.values.get("urn")) is not None}


def _insert(con, schema, got: LoadResult) -> None:
    """The tables into DuckDB as its readers make them: ``_row`` (the place in key order), the
    fields, ``_line``."""
    from checker.backends.duckdb import TYPES
    from checker.data.readers.csv_duckdb_table import create_table

    for t in TABLES:
        table = schema.tables[t]
        create_table(con, table)
        rows = got.dataset.tables[t]
        if rows:  # a column a list, unnested side by side (a row at a time is seconds for a list's thousands)
            fields = list(table.fields)
            cols = [list(range(1, len(rows) + 1))] + [[r.values.get(f) for r in rows] for f in fields] \
                + [[r.line for r in rows]]
            kinds = ["INTEGER"] + [TYPES[table.fields[f].type.kind] for f in fields] + ["INTEGER"]
            con.execute(f'INSERT INTO "{t}" SELECT ' + ", ".join(f"unnest(${i}::{k}[])" for i, k in enumerate(kinds, 1)),
                        cols)


__all__ = ["attach_lists"]
