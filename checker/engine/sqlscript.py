"""The SQL ``casecheck sql`` prints: each rule's query in a dialect, and the
statements to run before them (the calendar table, PostgreSQL's indexes)."""

from __future__ import annotations

import datetime as _dt

from checker import postcodes
from checker.engine.compile import CALENDAR_TABLE, ROW, SQL_TYPES, Compiler, Unsupported, calendar_rows
from checker.packs.pack import Rule
from checker.schema import DataSchema


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_for_pack(rules: list[Rule], schema: DataSchema, ctx_calendar, as_at: _dt.date, params: dict, dialect: str,
                 tsql_version: int | None = None, binding=None):
    """(rule id, SQL or None, why not) for every rule, for ``casecheck sql``
    (``tsql_version``: the oldest SQL Server the T-SQL must run on). With a
    ``binding`` (checker/data/binding.py) each query reads the binding's
    source tables, its schema tables made by common table expressions; a
    rule whose outcome turns on what the source has no place for is left
    out, with why (its SQL would read a missing value as a blank one)."""
    from checker.engine.availability import for_format, meaning

    compiler = Compiler(schema, ctx_calendar, as_at, params, dialect=dialect)
    out: list[tuple[Rule, str, None] | tuple[Rule, None, str]] = []  # SQL or why not, never both
    for rule in rules:
        judged_as = rule
        if binding is not None:
            # the rule's variant for the dataset (its `formats: {<binding id>: ...}`), if it has one
            judged_as, why = for_format(rule, binding.id)
            why = why or binding.why_not(*meaning(judged_as)) or [
                f"table `{t}`, which {binding.title} has no place for" for t in sorted(judged_as.tables) if t not in binding.views]
            if why:
                out.append((rule, None, f"not decided on {binding.title}: it needs " + "; ".join(why)))
                continue
        try:
            compiled = compiler.compile_rule(judged_as)
            if binding is not None:
                compiled.query = binding.wrap(compiled.query, schema, dialect, as_at)
            sql = compiled.sql(dialect, pretty_print=True, tsql_version=tsql_version)
            if postcodes.SQL_TABLE in sql:  # the directory's entries for the data's postcodes are loaded by a run
                out.append((rule, None, f"not in this script: it looks postcodes up in the postcode directory (table "
                                        f"{postcodes.SQL_TABLE}), which `casecheck run` loads with the data's postcodes"))
                continue
            out.append((rule, sql, None))
        except Unsupported as exc:
            out.append((rule, None, str(exc)))
    return out


def setup_script(dialect: str, schema: DataSchema, calendar=None, indexes: bool = True) -> list[str]:
    """The statements ``casecheck sql`` prints before the rules: the calendar
    table (dropped and made again, so the script runs twice the same) and,
    for PostgreSQL, the indexes its correlated lookups need (``IF NOT
    EXISTS``; on the council's tables they need the tables' owner: a comment
    says so). No function is created: an analyst's rights to create a table
    in their own schema are enough."""
    out: list[str] = []
    types = SQL_TYPES[dialect]
    if calendar is not None:
        out.append(f"DROP TABLE IF EXISTS {CALENDAR_TABLE};")
        out.append(f"CREATE TABLE {CALENDAR_TABLE} (d {types['date']}, wd {types['integer']}, is_wd {types['boolean']});")
        rows = calendar_rows(calendar)
        t, f = ("1", "0") if dialect == "tsql" else ("TRUE", "FALSE")
        # typed date literals where text does not turn into a DATE by itself (Spark)
        day = (lambda d: f"DATE '{d.isoformat()}'") if dialect == "spark" else (lambda d: f"'{d.isoformat()}'")
        for i in range(0, len(rows), 1000):
            values = ", ".join(f"({day(d)}, {wd}, {t if w else f})" for d, wd, w in rows[i:i + 1000])
            out.append(f"INSERT INTO {CALENDAR_TABLE} (d, wd, is_wd) VALUES {values};")
        if dialect == "postgres":
            out.append(f"CREATE INDEX IF NOT EXISTS {CALENDAR_TABLE}_d ON {CALENDAR_TABLE} (d);")
            out.append(f"CREATE INDEX IF NOT EXISTS {CALENDAR_TABLE}_wd ON {CALENDAR_TABLE} (wd);")
        out.append("")
    if dialect == "postgres" and indexes:
        # PostgreSQL runs a correlated lookup once per row: without these a
        # large council takes minutes instead of seconds
        out.append("-- Indexes on what the queries look up (each record's _row and both ends of every relation).")
        out.append("-- They need the tables' owner; without them the queries are right but slow.")
        wanted = {(name, ROW) for name in schema.tables}
        for table in schema.tables.values():
            for link in table.links.values():
                wanted.add((link.source, link.local_field))
                wanted.add((link.target, link.remote_field))
        for name, column in sorted(wanted):
            out.append(f"CREATE INDEX IF NOT EXISTS {_quote(f'cc_{name}_{column}')} ON {_quote(name)} ({_quote(column)});")
        out.append("")
    return out


def pack_script(pack, rules: list[Rule], dialect: str, as_at: _dt.date, *, with_calendar: bool = True,
                tsql_version: int = 2016, binding=None) -> str:
    """The whole script ``casecheck sql`` prints: a header naming the pack,
    its tables (or the binding's), the set-up statements, then each rule's
    query (or why it has none). ``pack`` is a loaded pack, ``rules`` the
    rules of it to print, ``binding`` a loaded binding or None."""
    from checker import __version__

    types = SQL_TYPES[dialect]
    out = [f"-- casecheck {__version__}: pack {pack.name} ({len(rules)} rules), as at {as_at.isoformat()}, dialect {dialect}"]
    if binding is not None:
        out += [f"-- Tables: {binding.title}'s tables as the council holds them ({', '.join(binding.tables)}), read through the",
                f"-- `{binding.id}` binding (rules/bindings/{binding.id}.yaml): each query makes the `{pack.schema.name}` tables it reads",
                "-- as common table expressions over them, so it needs only the right to read them.",
                f"-- A rule whose outcome turns on what {binding.title} has no place for is listed with why, not compiled."]
    else:
        out.append(f"-- Tables: one per table of schema `{pack.schema.name}`, with the schema's fields and _row (record position).")
        for name, table in pack.schema.tables.items():
            cols = ", ".join([f"_row {types['integer']}"] + [f"{f} {types[fld.type.kind]}" for f, fld in table.fields.items()])
            out.append(f"--   {name}({cols})")
    out.append("")
    out.extend(setup_script(dialect, pack.schema, pack.calendar if with_calendar else None, indexes=binding is None))
    for rule, text, why in sql_for_pack(rules, pack.schema, pack.calendar, as_at, pack.params, dialect, tsql_version=tsql_version,
                                        binding=binding):
        out.append(f"-- {rule.id}: {rule.title}")
        if text is None and (binding is not None and why.startswith("not decided") or why.startswith("not in this script")):
            out.append(f"-- {why}")
        elif text is None:
            out.append(f"-- not compiled ({why}); casecheck run judges it with the reference evaluator")
        else:
            out.append(text + ";")
        out.append("")
    return "\n".join(out)
