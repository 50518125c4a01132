"""Breakdown tallies counted in the database (``SqlEngine`` takes this as a
mixin): pass, fail and not evidenced per value of a field of the subject or
of a one-record relation, for ``findings.breakdowns``, every field of a rule
in one query."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from checker.engine.compile import ROW
from checker.engine.compile_unknown import NC_COLUMN
from checker.model import FAIL, NOT_APPLICABLE, NOT_EVIDENCED, PASS, breakdown_value

if TYPE_CHECKING:
    from checker.backends import Backend
    from checker.schema import DataSchema

_FIRSTS = itertools.count()
#: Kinds a breakdown value comes back from the database as Python holds it.
_TALLY_KINDS = ("string", "code", "integer", "date", "boolean")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Tallies:
    """What :class:`checker.engine.sql.SqlEngine` counts breakdowns with."""

    schema: DataSchema
    backend: Backend

    def _first_of(self, target: str, key: str, fname: str) -> str:
        """The first record (in key order) of ``target`` for each ``key``'s value, as (k, v: its
        ``fname``): SQL for a FROM item. In DuckDB made once into a table the engine keeps
        (several rules' breakdowns look up the same team: a window over the whole table each)."""
        sql = (f"(SELECT {_quote(key)} AS k, {_quote(fname)} AS v FROM "
               f"(SELECT *, row_number() OVER (PARTITION BY {_quote(key)} ORDER BY {_quote(ROW)}) AS n "
               f"FROM {_quote(target)}) WHERE n = 1)")
        if self.backend.dialect != "duckdb" or not hasattr(self, "_kept_tables"):
            return sql
        firsts = self.__dict__.setdefault("_firsts", {})
        made = firsts.get((target, key, fname))
        if made is None or made not in self._kept_tables:  # (dropped by release())
            made = firsts[(target, key, fname)] = f"_first_{next(_FIRSTS)}"  # unique on a shared connection
            self._kept_tables.append(made)
            self.backend.execute(f"CREATE TEMP TABLE {made} AS SELECT * FROM {sql}")
        return made

    def _tally(self, name: str, subject: str, paths: dict[str, tuple[str, ...]], nc: bool = False):
        """Breakdown tallies (``findings.breakdowns``) counted in the
        database: for each field, the subject's own or through a one-record
        relation (the first related record in key order, as the reference's
        lookup takes it), pass/fail/not evidenced per value. None when a
        field's values would not come back as Python holds them."""
        table = self.schema.tables[subject]
        values: list[str] = []
        joins = ""
        for n, (fname, path) in enumerate(paths.items()):
            if len(path) == 1:
                owner = table
                values.append(f"s.{_quote(fname)}")
            else:
                link = table.links[path[0]]
                owner = self.schema.tables[link.target]
                joins += f" LEFT JOIN {self._first_of(link.target, link.remote_field, fname)} AS t{n} ON t{n}.k = s.{_quote(link.local_field)}"
                values.append(f"t{n}.v")
            fld = owner.fields.get(fname)
            if fld is None or fld.type.kind not in _TALLY_KINDS:
                return None
        if not values:
            return {}
        # every field's tally in one query (grouping sets): a query costs
        # DuckDB milliseconds to plan however few its rows
        cols = ", ".join(f"{v} AS v{i}" for i, v in enumerate(values))
        sets = ", ".join(f"(v{i}, outcome)" for i in range(len(values)))
        last = len(values) - 1
        if len(values) == 1:
            grouping = "0"
        elif self.backend.dialect == "spark":
            # Spark's GROUPING takes one column, and its GROUPING_ID must name
            # every grouping column (outcome too): the same bits, one a column
            grouping = "(" + " + ".join(f"GROUPING(v{i}) * {1 << (last - i)}" for i in range(len(values))) + ")"
        else:
            grouping = f"GROUPING({', '.join(f'v{i}' for i in range(len(values)))})"
        rows = self.backend.query(
            f"SELECT {grouping} AS g, {', '.join(f'v{i}' for i in range(len(values)))}, outcome, count(*) FROM "
            f"(SELECT {cols}, o.outcome FROM {name} AS o JOIN {_quote(subject)} AS s ON s.{_quote(ROW)} = o.{_quote(ROW)}{joins} "
            f"WHERE o.outcome <> '{NOT_APPLICABLE}'" + (f" AND o.{_quote(NC_COLUMN)} IS NULL" if nc else "")
            + f") GROUP BY GROUPING SETS ({sets})")
        out: dict[str, dict[Any, dict[str, int]]] = {fname: {} for fname in paths}
        names = list(paths)
        for g, *vs, status, count in rows:
            # GROUPING's bits: 1 for each column left out of the set, the last column lowest
            i = next(i for i in range(len(values)) if not (g >> (last - i)) & 1)
            groups = out[names[i]]
            groups.setdefault(breakdown_value(vs[i]), {PASS: 0, FAIL: 0, NOT_EVIDENCED: 0})[status] = count
        return out
