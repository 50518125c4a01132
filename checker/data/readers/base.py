"""What every input format's reader hands to the loader.

A reader turns a file (or folder) in some format into :class:`Source`
streams, one per schema table, of :class:`RawRow` values keyed by *schema
field name*. It maps the format's own headers, codes and structure onto the
schema; it does not coerce types or decide what is valid. The loader
(``checker/data/load.py``) does that, identically for every format, so a value is
accepted or rejected for the same reason whether it came from a CSV file, an
Excel sheet or a CIN census XML.

A row the reader cannot even split into fields (a CSV line with the wrong
number of cells) is passed on with ``problem`` set, so it is counted and
rejected rather than lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from checker.errors import Diagnostics
from checker.schema import DataSchema


@dataclass
class RawRow:
    number: int  # 1-based row (line) in the file, or element number in XML
    values: dict[str, Any] | None  # schema field -> raw value; None when `problem` is set
    problem: str | None = None  # why the row could not be read at all
    reason: str = "malformed row"  # short stable reason for accounting
    where: str | None = None  # a finer place, e.g. "Child 12 > CINdetails 2"
    sources: dict[str, str] = field(default_factory=dict)  # schema field -> the column/element it came from


@dataclass
class Source:
    table: str  # schema table
    file: str  # what to name in messages: a path, "book.xlsx [Referrals]", "cin.xml"
    rows: Iterable[RawRow]
    columns: list[str] | None = None  # the input's column names that map to no field (ignored)
    excluded: dict[str, int] = field(default_factory=dict)  # rows deliberately not loaded, by reason
    fields: frozenset[str] | None = None  # the schema fields this input carries (None: all of them)
    partial: str | None = None  # why this input holds only part of the table's records
    #: ``fields`` is what these records carry, where other sources of the same
    #: table carry more (Annex A list 8 visits record no seen-alone; list 7's do)
    per_record: bool = False


class Reader(Protocol):
    """One input format.

    A reader whose format cannot hold some fields or tables at all says so,
    so that a rule needing them is reported as not evaluable rather than
    failing every record for data that was never there:

    - ``carries``: optional, table -> the fields the format can fill;
    - ``partial``: optional, table -> why the format holds only part of that
      table's records (Annex A keeps only the latest review of a plan).
    """

    name: str  # "csv", "xlsx", "jsonl", "annex-a", "cin-xml", "ssda903"
    description: str

    def sniff(self, path: Path) -> bool:
        """True if ``path`` looks like this format (from its content, not only its name)."""

    def read(self, path: Path, schema: DataSchema, diags: Diagnostics) -> Iterator[Source]:
        """Yield one Source per table found. Report file-level problems
        (unreadable, no header, unknown columns) to ``diags``."""


def decode(data: bytes, name: str, diags: Diagnostics) -> str | None:
    """Text as Excel and case systems save it: UTF-8 with or without a BOM,
    else Windows-1252. Says which, when it is not plain UTF-8."""
    from checker.errors import Location

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (Excel's "Unicode text"): said, then read as such
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            diags.error(f"`{name}` is UTF-16 text with a damaged character (byte {exc.start}); save it as UTF-8 CSV",
                        Location(name), code="encoding")
            return None
        diags.warning(f"`{name}` is UTF-16 text, not UTF-8; read it as UTF-16", Location(name), code="encoding")
        return text
    if _looks_utf16(data):
        diags.error(f"`{name}` looks like UTF-16 text without a byte-order mark (every other byte is zero); "
                    "save it as UTF-8 CSV", Location(name), code="encoding")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        if _utf8(data):
            return data.decode("utf-8")
    elif _utf8(data):
        return data.decode("utf-8")
    # Not all UTF-8. One decision for the whole file, said with the first bad byte's place: UTF-8 with
    # stray bytes (it holds valid UTF-8 characters: read as UTF-8, the stray bytes as U+FFFD, so its
    # other non-ASCII IDs stay as they are), or Windows-1252 (Excel's default on Windows).
    bad = _first_bad_utf8(data)
    line = data.count(b"\n", 0, bad) + 1
    where = f"byte {bad + 1}, line {line}: 0x{data[bad]:02x}"
    replaced = data.decode("utf-8", errors="replace")
    stray = replaced.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for ch in replaced if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte and multibyte >= stray:
        diags.warning(f"`{name}` is UTF-8 with {stray} byte{'s' if stray != 1 else ''} that {'are' if stray != 1 else 'is'} "
                      f"not ({where}); read it as UTF-8, each such byte as \ufffd", Location(name, line), code="encoding")
        return replaced
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        diags.error(
            f"`{name}` is neither UTF-8 nor Windows-1252 text (byte {exc.start}); save it as UTF-8 CSV",
            Location(name),
            code="encoding",
        )
        return None
    diags.warning(f"`{name}` is not UTF-8 ({where}); read it as Windows-1252 (Excel's default on Windows)",
                  Location(name), code="encoding")
    return text


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _looks_utf16(data: bytes) -> bool:
    """Text in UTF-16 without a BOM: in its first kilobyte, most odd or most even bytes are zero."""
    head = data[:1024]
    if len(head) < 8 or b"\x00" not in head:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) > 0.8 * len(even) or odd.count(0) > 0.8 * len(odd)


#: how a separator other than `,` is named when a header line shows it
SEPARATOR_NAMES = {";": "`;`", "\t": "tabs"}


def header_separator(first_line: str) -> str:
    """The separator a header line shows: `,`, or `;` or a tab where the line holds more of
    it than of commas (Excel's CSV in a locale with decimal commas; a tab-separated export)."""
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max((";", "\t"), key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def read_delimited_text(path: Path, diags: Diagnostics) -> tuple[str, str] | None:
    """A CSV file's text and its separator: decoded as :func:`decode` does,
    separated by `,` or, when the header line says so, `;` or a tab (reported,
    never silently guessed). None when the file cannot be read or decoded."""
    from checker.errors import Location

    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        diags.error(f"cannot read `{path}`: {exc.strerror}", Location(file), code="unreadable")
        return None
    text = decode(data, file, diags)
    if text is None:
        return None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = header_separator(first)
    if delimiter != ",":
        diags.warning(f"`{path.name}` is separated by {SEPARATOR_NAMES[delimiter]}, not `,` (detected from its header line)",
                      Location(file, 1, 1), code="delimiter")
    return text, delimiter


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def is_dir_of(path: Path, suffix: str) -> bool:
    return path.is_dir() and any(p.suffix.lower() == suffix for p in path.iterdir())


def files_by_table(path: Path, suffix: str) -> dict[str, Path]:
    """The files of a folder with this suffix (any case), by table name.

    A name that is not a regular file (a folder, a FIFO, a device, a link
    to nothing) is an error naming what it is, never a table silently
    missing; so is one table in two files whose names differ only in case
    (``children.csv`` beside ``children.CSV``): which would be the data?"""
    from checker.errors import CasecheckError, Diagnostic, Location
    from checker.limits import kind_of

    found: dict[str, Path] = {}
    problems = []
    for p in sorted(path.iterdir()):
        if p.suffix.lower() != suffix:
            continue
        what = kind_of(p) or ("a folder" if p.is_dir() else None)
        if what is not None:
            problems.append(Diagnostic(f"`{p.name}` in `{path}` is {what}, not a file: it cannot be read as table "
                                       f"`{p.stem}`", Location(str(p)), code="not-a-file",
                                       suggestion="replace it by the table's file, or remove it"))
            continue
        key = p.stem.lower()
        twin = next((q for t, q in found.items() if t.lower() == key), None)
        if twin is not None:
            problems.append(Diagnostic(f"`{twin.name}` and `{p.name}` in `{path}` are the same table twice "
                                       "(their names differ only in case)", Location(str(p)), code="duplicate-table",
                                       suggestion="keep one of them"))
            continue
        found[p.stem] = p
    if problems:
        raise CasecheckError(problems)
    return found


_ = Any
