"""The SSDA903 return read file by file, for the ``ssda903`` schema.

This is the SSDA903 reader's second mode (``ssda903.Ssda903.read`` hands a
schema with an ``sw_episodes`` table here): where the ``csc`` mode reads the
return as case records (episodes collapsed into periods of care), this one
keeps the return as it was sent, so that the ``dfe-903`` pack can validate
it. See ``rules/schemas/ssda903.yaml`` for the tables.

- Each file is recognised by its header row, as the DfE validator does (the
  columns of each kind are the validator's; ``ssda903.KINDS``): a file whose
  columns are not exactly its kind's is still read, with a warning, because
  the DfE tool would refuse it.
- Every row is a record whose key is its place in the file:
  ``<CHILD>#<n>`` for the nth data row (``#<n>`` when CHILD is blank), so two
  rows of one child are two records and the rules on duplicates can see them.
- Codes and flags are kept as sent (text, surrounding spaces trimmed), so an
  invalid one is loaded and a rule says it is invalid.
- A date column gives two fields: ``<name>`` (the date, when the text is a
  date in the return's form DD/MM/YYYY; missing otherwise) and
  ``<name>_sent`` (the text as sent), so the rules that a date "is not a valid
  date" can see what was sent. Dates not in that form are counted in one
  warning per column.
- ``children`` holds one record per distinct CHILD in any file, which links
  the files: an episode's ``child.headers`` are the Header rows of its child.
  Its records are made by the reader (counted against "(children of the
  return's files)"), never read from a file of their own. ``returns`` holds
  one record (``return_id`` "1") that every row links to, for the rules that
  look across a whole file (a UPN used by two children).

Files of a kind the schema has no table for (DoLo, from 2026/27) are counted
as excluded, never dropped silently. The previous year's return (``casecheck
run --previous DIR``, or a second file of a kind in the folder with ``last``
or ``prev`` in its name) is read the same way into the ``<table>_last`` tables
(``LAST``: the files a rule comparing with the previous year reads; its
children join ``children``); its other files are counted as excluded.

On the DuckDB engine a return of some size is read by ``ssda903_duckdb`` instead, with the
same result (``CASECHECK_903_READER=rows``: always this reader).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from checker.data.readers.base import RawRow, Source
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema

#: kind -> (table, its DfE columns in the validator's order, those that are dates)
FILES: dict[str, tuple[str, tuple[str, ...], frozenset[str]]] = {
    "Header": ("headers", ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"), frozenset({"DOB", "MC_DOB"})),
    "Episodes": ("episodes", ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                              "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"), frozenset({"DECOM", "DEC"})),
    "Reviews": ("reviews", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"), frozenset({"DOB", "REVIEW"})),
    "UASC": ("uasc", ("CHILD", "SEX", "DOB", "DUC"), frozenset({"DOB", "DUC"})),
    "OC2": ("oc2", ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
                    "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
                    "INTERVENTION_OFFERED"), frozenset({"DOB"})),
    "OC3": ("oc3", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), frozenset({"DOB"})),
    "AD1": ("ad1", ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
            frozenset({"DOB", "DATE_INT", "DATE_MATCH"})),
    "PlacedAdoption": ("placed_adoption", ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
                       frozenset({"DOB", "DATE_PLACED", "DATE_PLACED_CEASED"})),
    "PrevPerm": ("prev_perm", ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"), frozenset({"DOB", "DATE_PERM"})),
    "Missing": ("missing_episodes", ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"), frozenset({"DOB", "MIS_START", "MIS_END"})),
    "SWEpisodes": ("sw_episodes", ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
                   frozenset({"DOB", "SW_DECOM", "SW_DEC"})),
}
#: the files of the previous year's return that a rule reads (the ``ssda903`` schema's ``<table>_last``)
LAST = ("Header", "Episodes", "UASC", "OC3", "PlacedAdoption", "Missing")
TABLES = ("returns", "children",) + tuple(t for t, _, _ in FILES.values()) + tuple(FILES[k][0] + "_last" for k in LAST)
CHILDREN_FILE = "(children of the return's files)"
RETURN_FILE = "(the return as a whole)"

# DD/MM/YYYY, as pandas reads format "%d/%m/%Y" (one or two digits for day and month)
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def field(column: str) -> str:
    """The schema field of a DfE column: CHILD -> child_id, MISSING -> missing_type (``missing``
    is a word of the language), the others lower case."""
    return {"CHILD": "child_id", "MISSING": "missing_type"}.get(column, column.lower())


def fields(kind: str) -> tuple[str, ...]:
    """The fields of a kind's table, in order: key, row, then a field per column (a date's
    text after it as ``<name>_sent``)."""
    _, columns, dates = FILES[kind]
    out = ["key", "row", "return_id"]
    for c in columns:
        out.append(field(c))
        if c in dates:
            out.append(field(c) + "_sent")
    return tuple(out)


def parse_date(text: str | None):
    """A 903 date in the return's form DD/MM/YYYY, or None."""
    import datetime as _dt

    if not text:
        return None
    m = _DATE.match(text)
    if not m:
        return None
    d, mo, y = (int(x) for x in m.groups())
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        return None


class FileColumns:
    """One file's rows as columns for the loader (see ``data.Loader.add_source``); the XML form's
    reader hands each kind of row over the same way."""

    __slots__ = ("names", "numbers", "records")

    def __init__(self, names, numbers, records):
        self.names, self.numbers, self.records = names, numbers, records

    def columns(self):
        if not self.records:
            return self.numbers, {f: () for f in self.names}
        return self.numbers, dict(zip(self.names, zip(*self.records)))

    def __iter__(self) -> Iterator[RawRow]:  # a reader that wants rows, not columns
        return (RawRow(n, dict(zip(self.names, r))) for n, r in zip(self.numbers, self.records))


def read(path: Path, found: dict[str, Path], schema: DataSchema, diags: Diagnostics, *, kinds,
         read_csv: Callable, previous: dict[str, Path] | None = None) -> Iterator[Source]:
    """Yield the return's files as ``ssda903`` tables. ``found``: kind -> path (the csc mode's
    recognition of the folder's files, ``Ssda903._files``); ``kinds`` the file kinds in
    order and ``read_csv`` the csc mode's reader of one file, which hands them over (so
    the two modes read a file alike, and this module does not import that one).
    ``previous``: the previous year's files, kind -> path, read into the ``<table>_last``
    tables (a kind the schema has no such table for is counted as excluded)."""
    children: dict[str, int] = {}  # CHILD -> order first seen
    excluded: Counter = Counter()
    sources = []
    for year, files in (("", found), ("_last", previous or {})):
        for kind in sorted(files, key=lambda k: list(kinds).index(k)):
            p = files[kind]
            f = read_csv(p, kind, diags)
            if f is None:
                continue
            if kind not in FILES:
                excluded[f"SSDA903 {kind} file: no table in the ssda903 schema"] += len(f.rows)
                continue
            table = FILES[kind][0] + year
            if table not in schema.tables:
                if year:
                    excluded[f"the previous year's SSDA903 {kind} file: no rule reads it"] += len(f.rows)
                continue
            sources.append(_source(kind, p, f, table, children, diags))
    if "returns" in schema.tables:
        yield Source("returns", RETURN_FILE, [RawRow(1, {"return_id": "1"})])
    if "children" in schema.tables:
        rows = [RawRow(i, {"child_id": c}) for c, i in children.items()]
        yield Source("children", CHILDREN_FILE, rows, excluded=dict(excluded))
    yield from sources


def _source(kind: str, p: Path, f, table: str, children: dict[str, int], diags: Diagnostics) -> Source:
    """One file of the return (``f``, as the csc mode's reader splits it) as the records of ``table``;
    each CHILD not seen before is added to ``children``."""
    _, columns, dates = FILES[kind]
    check_columns(kind, p, f.header, diags)
    names = fields(kind)
    # per column: its index in the file (None when absent) and whether it is a date, once per file
    plan = [(f.index.get(c), c in dates) for c in columns]
    bad: Counter = Counter()
    first_bad: dict[str, str] = {}
    parsed: dict[str, object] = {}  # date text -> its date (or None), each distinct text parsed once
    numbers: list[int] = []
    records: list[list] = []
    problems: list[tuple[int, RawRow]] = []
    for n, (line, cells, problem) in enumerate(f.rows, 1):
        if cells is None:
            problems.append((len(records), problem))
            continue
        rec: list[Any] = [None, n, "1"]  # key, line, then per column its value (and a date column's date before it)
        for (i, is_date), c in zip(plan, columns):
            v = cells[i].strip() or None if i is not None else None
            if is_date:
                d = parsed.get(v, parsed) if v is not None else None
                if d is parsed:
                    assert v is not None  # only a text is looked up
                    d = parsed[v] = parse_date(v)
                if v is not None and d is None:
                    bad[c] += 1
                    first_bad.setdefault(c, v)
                rec.append(d)
                rec.append(v)
            else:
                rec.append(v)
        child = rec[3]
        rec[0] = f"{child}#{n}" if child else f"#{n}"
        if child is not None and child not in children:
            children[child] = len(children) + 1
        numbers.append(line)
        records.append(rec)
    for c, count in sorted(bad.items()):
        bad_dates(p, c, count, first_bad[c], diags)
    rows: Iterable[RawRow]
    if problems:  # rows that could not be split into cells go to the loader one by one, to be rejected
        sourced = {field(c): c for c in columns}
        listed = [RawRow(num, dict(zip(names, rec)), sources=sourced) for num, rec in zip(numbers, records)]
        for at, problem in reversed(problems):
            listed.insert(at, problem)
        rows = listed
    else:
        rows = FileColumns(names, numbers, records)
    return Source(table, str(p), rows, fields=frozenset(names))


def check_columns(kind: str, p: Path, header: list[str], diags: Diagnostics) -> None:
    """Warn when a file's columns (``header``, upper case) are not exactly its kind's."""
    columns = FILES[kind][1]
    have = [h for h in header if h]
    if set(have) != set(columns):
        extra = [h for h in have if h not in columns]
        absent = [c for c in columns if c not in have]
        said = "; ".join(x for x in (
            f"it has {', '.join(f'`{c}`' for c in extra[:5])} too" if extra else "",
            f"it has no {', '.join(f'`{c}`' for c in absent)}" if absent else "") if x)
        diags.warning(
            f"`{p.name}` is read as the SSDA903 {kind} file, but its columns are not exactly that file's ({said});"
            f" the DfE validator would not recognise it",
            Location(str(p), 1, 1), code="unknown-column")


def bad_dates(p: Path, column: str, count: int, first: str, diags: Diagnostics) -> None:
    """The warning for a date column's ``count`` values that are not dates DD/MM/YYYY (``first`` the first)."""
    said = (f"{count} values that are not dates in the form DD/MM/YYYY (first `{first}`) were"
            if count > 1 else f"1 value that is not a date in the form DD/MM/YYYY (`{first}`) was")
    diags.warning(f"`{p.name}` column {column}: {said} read as missing (kept as sent in {field(column)}_sent)",
                  Location(str(p)), code="bad-date")
