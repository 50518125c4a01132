"""Identifiers that look the same and are not (issue 19, item 9 of the battery).

Two records whose IDs differ only by Unicode normalisation (``é`` as one
code point or as ``e`` and a combining accent) or by an invisible character
(a zero-width space, a byte-order mark, a word joiner) are different
records to casecheck, and to the person reading the report the same child.
They are loaded as they are (an ID is never rewritten) and said: one warning
per table, with examples, so the data can be fixed at its source.

Only keys that are not plain ASCII can be such a twin, so the check costs
nothing on the usual data; on the DuckDB fast path it asks the database for
those keys alone.
"""

from __future__ import annotations

import re
import unicodedata

from checker.errors import Diagnostic, Location

#: Characters that show as nothing.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def normal(key: str) -> str:
    """The form two IDs a reader cannot tell apart share: invisible characters dropped, then NFKC."""
    return unicodedata.normalize("NFKC", INVISIBLE.sub("", key))


def _non_ascii_keys(loaded, name: str, field: str, con) -> tuple[list[str], set[str] | None]:
    """The table's keys that are not plain ASCII, and (on the Python path) every key."""
    if con is not None and getattr(loaded, "in_database", False):
        ident = '"' + field.replace('"', '""') + '"'
        table = '"' + name.replace('"', '""') + '"'
        text = f"CAST({ident} AS VARCHAR)"
        try:
            # not ASCII (``str.isascii``, as the Python path asks): more bytes than code points,
            # which DuckDB answers from a column's statistics without a scan where it is all ASCII
            rows = con.execute(f"SELECT DISTINCT {text} FROM {table} "
                               f"WHERE {ident} IS NOT NULL AND strlen({text}) <> length({text})").fetchall()
        except Exception:  # noqa: BLE001 - a table the database does not hold: nothing to check
            return [], None
        return sorted(r[0] for r in rows), None
    keys = [r.key for r in loaded.dataset.tables.get(name, ()) if isinstance(r.key, str)]
    return sorted(k for k in keys if not k.isascii()), set(keys)


def _exists(con, name: str, field: str, candidates: list[str]) -> set[str]:
    ident = '"' + field.replace('"', '""') + '"'
    table = '"' + name.replace('"', '""') + '"'
    try:
        rows = con.execute(f"SELECT DISTINCT CAST({ident} AS VARCHAR) FROM {table} WHERE CAST({ident} AS VARCHAR) "
                           f"IN (SELECT unnest(?::VARCHAR[]))", [candidates]).fetchall()
    except Exception:  # noqa: BLE001
        return set()
    return {r[0] for r in rows}


def lookalike_ids(schema, loaded, con=None) -> list[Diagnostic]:
    """A warning per table whose keys include IDs that differ only by
    normalisation or invisible characters (or hold invisible characters)."""
    out = []
    for name, table in schema.tables.items():
        if len(table.key) != 1 or name not in loaded.accounts:
            continue
        field = table.key[0]
        odd, every = _non_ascii_keys(loaded, name, field, con)
        if not odd:
            continue
        norms = {k: normal(k) for k in odd}
        present = every if every is not None else _exists(con, name, field, sorted(set(norms.values())))
        groups: dict[str, set[str]] = {}
        for k, n in norms.items():
            groups.setdefault(n, set()).add(k)
            if n in present:
                groups[n].add(n)
        twins = [sorted(g) for g in groups.values() if len(g) > 1]
        hidden = [k for k in odd if INVISIBLE.search(k) and not any(k in g for g in twins)]
        if not twins and not hidden:
            continue
        shown = [" and ".join(f"`{_visible(k)}`" for k in g) for g in twins[:3]] + [f"`{_visible(k)}`" for k in hidden[:3]]
        what = []
        if twins:
            what.append(f"{len(twins)} group{'s' if len(twins) != 1 else ''} of IDs that differ only by Unicode "
                        "normalisation or invisible characters (loaded as different records)")
        if hidden:
            what.append(f"{len(hidden)} ID{'s' if len(hidden) != 1 else ''} holding an invisible character")
        out.append(Diagnostic(
            f"table `{name}` has {' and '.join(what)}: {', '.join(shown)}",
            Location(str(loaded.accounts[name].file or name)), code="lookalike-ids", severity="warning",
            suggestion="fix the IDs in the case system, so one child has one ID"))
    return out


def _visible(key: str) -> str:
    """An ID with its invisible and combining characters written as code points, so the warning shows the difference."""
    return "".join(f"<U+{ord(c):04X}>" if INVISIBLE.match(c) or unicodedata.combining(c) else c for c in key)
