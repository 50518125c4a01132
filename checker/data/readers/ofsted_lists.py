"""Ofsted's lists of registered providers, for the SSDA903 rules that look a placement's URN up
in them (the ``dfe-903`` pack's 1008, 219, 221, 224, 227, 228, 229).

Councils download two lists from Ofsted and give them to the DfE's validator as two uploaded
files: the children's homes list (CH: a sheet "Provider information" with URN, Local Authority,
Provider Code, Provider Placement Code, Closed Date and the setting's postcode) and the social
care providers list (SCP: a sheet of current providers and one of providers closed in the year,
with URN, Local authority, Placement code, Placement provider code, Deregistration date on the
closed sheet, Setting postcode), or Ofsted's combined list (SCPCH: a "Providers" sheet with
Provider type, Placement code, Placement provider code, Deregistration date, Setting address
postcode, and a supported accommodation sheet "SA Providers", whose providers are K3 and, unless
it says otherwise, PR4). The validator reads them into one table, ``provider_info``; here they
fill the ``ssda903`` schema's ``providers`` table (a row per provider row, values as in the
list) and ``provider_urns`` (one per URN of the lists or of the return's Episodes, linking an
episode to the lists' rows for its URN, as ``children`` links the return's files).

``casecheck run dfe-903 --data RETURN --ofsted-list CH.xlsx --ofsted-list SCP.xlsx``: each
file is an .xlsx workbook (every sheet looked at) or a CSV file (one sheet, saved from one),
recognised by its columns as the validator recognises them (in any case; the header is the
first row with a URN column among the first ten). Both lists are needed, or the combined one:
with one alone every provider of the other would be "not listed".
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.data.readers.base import RawRow, Source
from checker.errors import CasecheckError, Diagnostics, Location

#: list -> what it is called in messages
LISTS = {"CH": "the children's homes list", "SCP": "the social care providers list",
         "SCPCH": "Ofsted's combined social care providers and children's homes list"}
#: the columns each field is read from, in the order looked for (lower case)
POSTCODE_COLUMNS = ("setting postcode", "setting address postcode", "provider postcode", "postcode")
_NO_DATE = {"", "-", "n/a", "na", "none", "null"}
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
HEADER_ROWS = 10  # the header is the first row with a URN column among the first so many


@dataclass
class Kind:
    """One kind of sheet: the list it belongs to and where each field is read from."""

    list: str
    title: str
    required: dict[str, str]  # field -> column (lower case)
    optional: dict[str, str] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)  # field -> the value when the sheet has no column for it


KINDS = [
    Kind("CH", "the children's homes list", {"urn": "urn", "la_name": "local authority", "place_codes": "provider code",
                                             "provider_codes": "provider placement code", "reg_end": "closed date"}),
    Kind("SCPCH", "the combined list's supported accommodation providers",
         {"urn": "urn", "la_name": "provider local authority", "reg_end": "closed date"},
         {"provider_codes": "placement provider code"}, {"place_codes": "K3", "provider_codes": "PR4"}),
    Kind("SCPCH", "the combined list's providers",
         {"urn": "urn", "la_name": "local authority", "place_codes": "placement code",
          "provider_codes": "placement provider code", "reg_end": "deregistration date"}),
    Kind("SCP", "the social care providers list", {"urn": "urn", "la_name": "local authority", "place_codes": "placement code",
                                                   "provider_codes": "placement provider code"},
         {"reg_end": "deregistration date"}),
]


def kind_of(columns: set[str]) -> Kind | None:
    """The kind of sheet with these columns (lower case), or None (a sheet of no list: its notes,
    registration conditions)."""
    if "urn" not in columns:
        return None
    if "provider placement code" in columns:
        return KINDS[0]
    if "provider local authority" in columns and "closed date" in columns:
        return KINDS[1]
    if "placement code" in columns or "placement provider code" in columns:
        return KINDS[2] if "provider type" in columns else KINDS[3]
    return None


def _text(v: Any) -> str | None:
    """A cell as text: a whole number without its point, a date as YYYY-MM-DD; None if blank."""
    if v is None:
        return None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, _dt.datetime):
        v = v.date() if v.time() == _dt.time() else v
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    s = str(v).strip()
    return s or None


def _date(v: Any) -> tuple[_dt.date | None, bool]:
    """(the date a cell holds, whether it holds something that is neither a date nor blank/"-")."""
    if isinstance(v, _dt.datetime):
        return v.date(), False
    if isinstance(v, _dt.date):
        return v, False
    s = _text(v)
    if s is None or s.lower() in _NO_DATE:
        return None, False
    for rx, order in ((_DMY, (2, 1, 0)), (_YMD, (0, 1, 2))):
        m = rx.match(s)
        if m:
            y, mo, d = (int(m.group(i + 1)) for i in order)
            try:
                return _dt.date(y, mo, d), False
            except ValueError:
                return None, True
    return None, True


@dataclass
class Sheet:
    file: str  # the path as given
    name: str  # the sheet's name (a CSV file's name)
    rows: list[tuple]  # every row, header included


def _sheets(path: Path, diags: Diagnostics) -> list[Sheet]:
    """The sheets of one file (a CSV file is one), or none with an error said."""
    file = str(path)
    if not path.is_file():
        diags.error(f"the Ofsted list `{path}` does not exist" if not path.exists() else f"the Ofsted list `{path}` is not a file",
                    Location(file), code="no-data")
        return []
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        diags.error(f"cannot read the Ofsted list `{path}`: {exc.strerror}", Location(file), code="unreadable")
        return []
    if magic.startswith(b"PK"):
        return _workbook(path, diags)
    if path.suffix.lower() in (".xls", ".ods") or magic.startswith(b"\xd0\xcf\x11\xe0"):
        diags.error(f"the Ofsted list `{path.name}` is not an .xlsx workbook or a CSV file", Location(file),
                    code="unreadable", suggestion="open it in Excel and save it as an Excel Workbook (.xlsx)")
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        diags.error(f"the Ofsted list `{path.name}` is not UTF-8 text (nor an .xlsx workbook)", Location(file),
                    code="unreadable", suggestion="save it from Excel as CSV UTF-8, or give the .xlsx Ofsted publishes")
        return []
    import io

    try:  # (a quoted cell may hold a line break: an address)
        return [Sheet(file, path.name, [tuple(r) for r in csv.reader(io.StringIO(text, newline=""))])]
    except csv.Error as exc:
        diags.error(f"the Ofsted list `{path.name}` could not be read as CSV: {exc}", Location(file), code="unreadable")
        return []


def _workbook(path: Path, diags: Diagnostics) -> list[Sheet]:
    import zipfile

    from checker.data.readers.cells import open_workbook, sheet_grid
    from checker.limits import check_zip

    try:
        with zipfile.ZipFile(path) as zf:
            check_zip(zf, path)
        wb = open_workbook(path)  # calamine's cells as openpyxl gives them (else openpyxl's)
        try:
            return [Sheet(str(path), title, list(sheet_grid(wb[title]).rows(0))) for title in wb.sheetnames]
        finally:
            wb.close()
    except CasecheckError:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine and openpyxl raise many kinds for a damaged file
        diags.error(f"the Ofsted list `{path.name}` could not be read as an Excel workbook: {str(exc)[:200]}",
                    Location(str(path)), code="unreadable",
                    suggestion="open it in Excel and save it again as an Excel Workbook (.xlsx)")
        return []


def _header(sheet: Sheet) -> tuple[int, list[str]] | None:
    """(the header's index, its cells in lower case) of the first row with a URN column."""
    for i, row in enumerate(sheet.rows[:HEADER_ROWS]):
        cells = [(_text(c) or "").lower() for c in row]
        if "urn" in cells:
            return i, cells
    return None


def read_lists(paths: list[str | Path], diags: Diagnostics) -> list[Source]:
    """The ``providers`` rows of Ofsted's lists in ``paths``, a Source per sheet; errors in ``diags``
    (a file that is no list, a list's column missing, a list missing)."""
    sources: list[Source] = []
    kinds: set[str] = set()
    for p in paths:
        path = Path(p)
        found = False
        for sheet in _sheets(path, diags):
            head = _header(sheet)
            kind = kind_of(set(head[1])) if head is not None else None
            if kind is None:
                continue
            found = True
            kinds.add(kind.list)
            assert head is not None  # kind_of found a list in it
            src = _source(sheet, kind, head, diags)
            if src is not None:
                sources.append(src)
        if not found and not diags.errors:
            diags.error(
                f"`{path.name}` is not one of Ofsted's provider lists: no sheet has the columns of the children's homes "
                f"list (URN, Local Authority, Provider Code, Provider Placement Code, Closed Date), the social care "
                f"providers list (URN, Local authority, Placement code, Placement provider code) or the combined list",
                Location(str(path)), code="unknown-format",
                suggestion="give the lists as downloaded from Ofsted (.xlsx), or a sheet of one saved as CSV")
    if not diags.errors and not ("SCPCH" in kinds or {"CH", "SCP"} <= kinds):
        lacking = LISTS["SCP"] if "CH" in kinds else LISTS["CH"]
        diags.error(
            f"Ofsted's lists: {lacking} is missing; the rules need both lists (or Ofsted's combined list), or every "
            f"provider only on the missing one would be reported as not listed",
            Location(", ".join(str(p) for p in paths)), code="missing-table",
            suggestion="give both: --ofsted-list CHILDRENS_HOMES.xlsx --ofsted-list SOCIAL_CARE_PROVIDERS.xlsx")
    return sources


def _source(sheet: Sheet, kind: Kind, head: tuple[int, list[str]], diags: Diagnostics) -> Source | None:
    at, cells = head
    index = {c: i for i, c in reversed(list(enumerate(cells))) if c}
    where = f"{sheet.file} [{sheet.name}]" if sheet.file.lower().endswith(".xlsx") else sheet.file
    lacking = [c for c in kind.required.values() if c not in index]
    postcode = next((c for c in POSTCODE_COLUMNS if c in index), None)
    if postcode is None:
        lacking.append("setting postcode")
    if lacking or postcode is None:
        diags.error(f"{where}: {kind.title} has no column {', '.join(f'`{c}`' for c in lacking)} (columns are "
                    f"matched in any case)", Location(sheet.file), code="missing-field",
                    suggestion="give the list as downloaded from Ofsted, its columns as they were")
        return None
    columns: dict[str, str] = {**{f: c for f, c in kind.optional.items() if c in index}, **kind.required,
                               "postcode": postcode}
    bad_dates: list[tuple[int, str]] = []
    rows: list[RawRow] = []
    no_urn = 0
    for n, row in enumerate(sheet.rows[at + 1:], 1):
        if not any(_text(c) for c in row):
            continue
        cell = {f: (row[index[c]] if index[c] < len(row) else None) for f, c in columns.items()}
        urn = _text(cell["urn"])
        if urn is None:
            no_urn += 1
            continue
        values: dict[str, Any] = {"key": f"{kind.list}:{sheet.name}#{n}", "row": n, "list": kind.list,
                                  "sheet": sheet.name, "urn": urn}
        for f in ("la_name", "place_codes", "provider_codes", "postcode"):
            values[f] = _text(cell[f]) if f in cell else None
        for f, v in kind.fixed.items():
            if values.get(f) is None:
                values[f] = v
        if "reg_end" in cell:
            d, bad = _date(cell["reg_end"])
            values["reg_end"] = d
            values["reg_end_sent"] = _text(cell["reg_end"])
            if bad:
                bad_dates.append((at + 1 + n, values["reg_end_sent"]))
        rows.append(RawRow(at + 1 + n, values, sources={f: c for f, c in columns.items()}))
    if bad_dates:
        line, text = bad_dates[0]
        col = columns["reg_end"]
        diags.warning(f"{where}: {len(bad_dates)} `{col}` cell{'s are' if len(bad_dates) > 1 else ' is'} not a date "
                      f"(the first, row {line}: `{text}`): read as no end of registration", Location(sheet.file, line),
                      code="bad-date")
    return Source("providers", where, rows, excluded={"a row of an Ofsted list with no URN": no_urn} if no_urn else {})


__all__ = ["read_lists", "kind_of", "LISTS"]
