"""The SSDA903 return (children looked after): a folder of the return's CSV files.

Local authorities name the files as they like (``header.csv``,
``SSDA903_2024_episodes.csv``, ``903 Header 2025.csv``...), so each file is
recognised by its header row, not its name: a file is a 903 file when it has
a ``CHILD`` column and a column only that kind of file has (``ETHNIC`` for
Header, ``DECOM`` for Episodes, ``REVIEW_CODE`` for Reviews, ``IN_TOUCH`` for
OC3, ``MIS_START`` for Missing, ...; see ``KINDS``). Column names are matched
ignoring case. Dates are DD/MM/YYYY (ISO dates are read too). Files are UTF-8
or Windows-1252 CSV, separated by ``,`` or ``;``, as for the native form.

What each file becomes (DOMAIN.md section 3.1 has the columns)
------------------------------------------------------------------

Header -> ``children``
    CHILD -> child_id; SEX 1/2 -> sex M/F; DOB -> date_of_birth;
    ETHNIC -> ethnicity; ``uasc`` is true for a child listed in the UASC file,
    false for one who is not (when a UASC file is in the folder), blank when
    there is no UASC file. UPN, MOTHER, MC_DOB are not in the schema (ignored,
    and listed as ignored columns). ``disabled`` and
    ``expected_date_of_birth`` are not in the 903 and stay blank.

Episodes -> ``care_periods`` (episodes collapsed into periods of care)
    An episode starts a new period when it is the child's first, when its RNE
    is ``S`` (started to be looked after), when its DECOM is not the previous
    episode's DEC, or when the previous episode ended with a REC other than
    ``X1`` (X1: the episode ceased and a new one began the same day). A period
    runs until an episode ends with a REC other than X1. Then:

    - period_id is ``<CHILD>/<start date, YYYY-MM-DD>``, e.g. ``C123/2024-05-01``;
    - start_date is the first episode's DECOM; end_date the last episode's
      DEC, unless that episode ended with X1. An X1 that no episode continues
      the same day is warned about; the period then ends at that DEC when a
      later episode of the child follows (after a gap: the child was not
      looked after in between), and is left open when none does;
    - legal_status and placement_type are the LS and PLACE of the latest
      episode, except that a temporary placement (PLACE T0-T4, which the
      child returns from) does not replace the placement before it;
    - a placement starts at every episode whose RNE is not ``L`` (change of
      legal status only): S, P, T, B, U. placement_start_date is the start of
      the current placement;
    - placements_last_12_months counts the period's placements (temporary
      ones aside) that were in force at some time in the 12 months up to the
      period's end, or, for an open period, up to the end of the return's
      collection year: the first 31 March on or after the latest date in the
      Episodes file;
    - placement_long_term is true for PLACE U1 and U4 (long-term fostering),
      false for the other foster codes U2, U3, U5, U6, blank otherwise;
    - worker_id and team are not in the 903 and stay blank.

    The period's row number is its first episode's line. Every episode after
    the first in a period is counted as excluded from ``care_periods`` with
    the reason "SSDA903 episode continuing a period of care (collapsed into
    it)", so the account still balances against the file's rows. An episode
    whose CHILD is blank or whose DECOM or DEC is not a date is rejected (it
    cannot be placed in a period).

Reviews -> ``lac_reviews``
    review_id is ``<CHILD>/<REVIEW date>``; date is REVIEW; period_id is the
    period of care (from the Episodes file) that contains the review date,
    blank (and warned about, with a count) when none does. REVIEW_CODE gives
    child_participated: PN1-PN6 (the child attended, or their views were
    conveyed by an advocate or another medium) -> true; PN7 (did not attend
    and views not conveyed) -> false; PN0 (child under 4 at the review:
    participation not applicable) -> blank. DOB is ignored.

OC3 -> ``care_leavers``
    IN_TOUCH -> in_touch; ACTIV -> activity (``0``, not known, -> blank);
    ACCOM is a letter and a digit: the letter -> accommodation, 1 ->
    accommodation_suitable true, 2 -> false (``0``, not known, -> both
    blank). eligibility, personal_adviser_id and last_contact_date are not in
    the 903 and stay blank.

Files with no table in the schema
    OC2 (outcome flags with no dates), UASC, AD1, PlacedAdoption, PrevPerm,
    Missing, SWEpisodes and DoLo: their rows are counted, never silently
    dropped: they are attached to the ``children`` account as excluded, one
    reason per file ("SSDA903 Missing file: no table in the schema"). (The UASC
    file also sets ``children.uasc``.)

A folder may hold the previous year's files too (the 903 validator's
``*_last``): when two files are the same kind and one of them has ``last`` or
``prev`` in its name, that one is not read (a warning says so).

``write`` writes generated ``csc`` tables as such a folder (header.csv,
episodes.csv, reviews.csv, oc3.csv, uasc.csv) so that the reader gives back
every field the 903 carries.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from checker.data.readers.base import RawRow, Source, read_delimited_text
from checker.data.readers.native import MAX_COLUMN_WARNINGS
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema
from checker.suggest import did_you_mean
from checker.workdays import add_months

# kind -> (every column of that file, the columns that identify it)
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Header": (("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"), ("ETHNIC",)),
    "Episodes": (
        ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
        ("DECOM",),
    ),
    "Reviews": (("CHILD", "DOB", "REVIEW", "REVIEW_CODE"), ("REVIEW_CODE", "REVIEW")),
    "UASC": (("CHILD", "SEX", "DOB", "DUC"), ("DUC",)),
    "OC2": (
        ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
         "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
        ("SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "SUBSTANCE_MISUSE"),
    ),
    "OC3": (("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), ("IN_TOUCH", "ACCOM")),
    "AD1": (("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"), ("DATE_INT", "DATE_MATCH")),
    "PlacedAdoption": (("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"), ("DATE_PLACED",)),
    "PrevPerm": (("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"), ("PREV_PERM",)),
    "Missing": (("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"), ("MIS_START",)),
    "SWEpisodes": (("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"), ("SW_DECOM", "SW_ID")),
    "DoLo": (("CHILD", "DOB", "DOLO_START", "DOLO_END"), ("DOLO_START",)),
}
# The files that map onto csc tables; the others are counted as excluded.
MAPPED = {"Header": "children", "Episodes": "care_periods", "Reviews": "lac_reviews", "OC3": "care_leavers"}
# Columns a mapped file cannot be used without, and columns whose absence blanks a field.
REQUIRED = {"Header": ("CHILD",), "Episodes": ("CHILD", "DECOM"), "Reviews": ("CHILD", "REVIEW"), "OC3": ("CHILD",)}
EXPECTED = {
    "Header": ("SEX", "DOB", "ETHNIC"),
    "Episodes": ("RNE", "LS", "PLACE", "DEC", "REC"),
    "Reviews": ("REVIEW_CODE",),
    "OC3": ("IN_TOUCH", "ACTIV", "ACCOM"),
}
EXCLUDED_REASON = {
    "OC2": "SSDA903 OC2 file: no table in the schema (outcome flags without dates)",
    "UASC": "SSDA903 UASC file: no table in the schema (its children are marked uasc)",
}
COLLAPSED = "SSDA903 episode continuing a period of care (collapsed into it)"

SEX = {"1": "M", "2": "F", "M": "M", "F": "F", "MALE": "M", "FEMALE": "F"}
PARTICIPATED = {"PN0": None, "PN1": True, "PN2": True, "PN3": True, "PN4": True, "PN5": True, "PN6": True, "PN7": False}
TEMPORARY = {"T0", "T1", "T2", "T3", "T4"}
LONG_TERM_FOSTER = {"U1": True, "U4": True, "U2": False, "U3": False, "U5": False, "U6": False}

_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+0{1,2}:00(?::00)?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]0{1,2}:00(?::00)?)?$")


def excluded_reason(kind: str) -> str:
    return EXCLUDED_REASON.get(kind, f"SSDA903 {kind} file: no table in the schema")


def parse_date(text: str | None) -> _dt.date | None:
    """A 903 date: DD/MM/YYYY (what the return specifies) or YYYY-MM-DD, with
    a midnight time (as Excel saves dates) allowed. None if it is not one."""
    if not text:
        return None
    t = text.strip()
    m = _UK_DATE.match(t)
    try:
        if m:
            d, mo, y = (int(x) for x in m.groups())
            return _dt.date(y, mo, d)
        m = _ISO_DATE.match(t)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            return _dt.date(y, mo, d)
    except ValueError:
        return None
    return None


def _date_or_raw(text: str | None):
    """For the loader: the date when it parses, else the text (so the loader
    rejects it with its usual message), None when blank."""
    if text is None or not text.strip():
        return None
    d = parse_date(text)
    return d if d is not None else text


def identify(columns) -> str | None:
    """Which 903 file a header row belongs to, or None."""
    cols = {c.strip().lstrip("\ufeff").upper() for c in columns}
    if "CHILD" not in cols:
        return None
    best, score = None, 0
    for kind, (known, marks) in KINDS.items():
        if cols & set(marks):
            s = len(cols & set(known))
            if s > score:
                best, score = kind, s
    return best


def _first_line(path: Path) -> list[str] | None:
    try:
        with open(path, "rb") as fh:
            data = fh.read(8192)
    except OSError:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    line = data.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text = line.decode("cp1252", errors="replace")
    sep = ";" if text.count(";") > text.count(",") else ","
    return [c.strip().strip('"') for c in text.split(sep)]


@dataclass
class _File:
    kind: str
    path: Path
    header: list[str]  # upper-cased column names
    rows: list[tuple[int, list[str] | None, RawRow | None]]  # (line, cells, or None and the row's rejection)

    def col(self, cells: list[str], name: str) -> str | None:
        i = self.index.get(name)
        if i is None:
            return None
        v = cells[i].strip()
        return v or None

    def __post_init__(self):
        self.index = {h: i for i, h in enumerate(self.header)}


def _read_csv(path: Path, kind: str, diags: Diagnostics) -> _File | None:
    file = str(path)
    got = read_delimited_text(path, diags)
    if got is None:
        return None
    text, delimiter = got
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lstrip("\ufeff").upper() for h in next(reader)]
    except (csv.Error, StopIteration) as exc:
        diags.error(f"`{path.name}` header is not valid CSV: {exc}", Location(file, 1, 1), code="bad-csv")
        return None
    rows: list[tuple[int, list[str] | None, RawRow | None]] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append((reader.line_num, None, RawRow(reader.line_num, None, f"not valid CSV: {exc}", "malformed row")))
            break
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problem = f"row has {len(cells)} cells; the header has {len(header)}"
            rows.append((reader.line_num, None, RawRow(reader.line_num, None, problem, "wrong number of cells")))
            continue
        rows.append((reader.line_num, cells, None))
    return _File(kind, path, header, rows)


def _check_columns(f: _File, diags: Diagnostics) -> tuple[list[str], bool]:
    """Report columns a 903 file of this kind does not have, and mapped-file
    columns that are absent. Returns (columns not mapped to a field, usable)."""
    file = str(f.path)
    known = KINDS[f.kind][0]
    unknown = 0
    for i, h in enumerate(f.header):
        if h and h not in known:
            unknown += 1
            if unknown > MAX_COLUMN_WARNINGS:  # a header of thousands of columns: the rest in one warning
                continue
            diags.warning(
                f"column `{h}` of `{f.path.name}` is not an SSDA903 {f.kind} column; it was ignored",
                Location(file, 1, i + 1),
                code="unknown-column",
                suggestion=did_you_mean(h, known),
            )
    if unknown > MAX_COLUMN_WARNINGS:
        diags.warning(
            f"... and {unknown - MAX_COLUMN_WARNINGS} more columns of `{f.path.name}` that are not SSDA903 {f.kind} columns; they were ignored",
            Location(file, 1, 1),
            code="unknown-column",
        )
    usable = True
    for name in REQUIRED.get(f.kind, ()):
        if name not in f.index:
            usable = False
            diags.error(f"`{f.path.name}` (SSDA903 {f.kind}) has no column `{name}`", Location(file, 1, 1), code="missing-column")
    for name in EXPECTED.get(f.kind, ()):
        if name not in f.index:
            diags.warning(f"`{f.path.name}` (SSDA903 {f.kind}) has no column `{name}`; what it gives is missing", Location(file, 1, 1), code="missing-column")
    dupes = sorted(h for h, n in Counter(f.header).items() if h and n > 1)
    for h in dupes:
        usable = False
        diags.error(f"`{f.path.name}` has the column `{h}` more than once", Location(file, 1, f.header.index(h) + 1), code="duplicate-column")
    used = _USED.get(f.kind, ())
    return [h for h in f.header if h and h not in used], usable


# The 903 columns each mapped file's reader uses; the rest are listed as ignored.
_USED = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC"),
    "Episodes": ("CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"),
    "Reviews": ("CHILD", "REVIEW", "REVIEW_CODE"),
    "OC3": ("CHILD", "IN_TOUCH", "ACTIV", "ACCOM"),
}


@dataclass
class _Episode:
    line: int
    child: str
    decom: _dt.date
    dec: _dt.date | None
    rne: str | None
    ls: str | None
    place: str | None
    rec: str | None


@dataclass
class Period:
    """A period of care: consecutive episodes joined by X1."""

    child: str
    episodes: list[_Episode]
    followed: bool = False  # a later period of the same child follows

    @property
    def start(self) -> _dt.date:
        return self.episodes[0].decom

    @property
    def key(self) -> str:
        return f"{self.child}/{self.start.isoformat()}"

    @property
    def end(self) -> _dt.date | None:
        last = self.episodes[-1]
        if last.dec is None:
            return None
        return last.dec if last.rec != "X1" or self.followed else None

    @property
    def dangling_x1(self) -> bool:
        """Ends with X1 (a new episode begins the same day) but none does."""
        return self.episodes[-1].rec == "X1"

    def contains(self, d: _dt.date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)

    def placements(self) -> list[tuple[_dt.date, _dt.date | None, str | None]]:
        """(start, end, PLACE) of each placement: a run of episodes from one
        whose RNE is not L (change of legal status only) to the next."""
        runs: list[list] = []
        for i, ep in enumerate(self.episodes):
            if i == 0 or (ep.rne or "").upper() != "L":
                if runs:
                    runs[-1][1] = ep.decom
                runs.append([ep.decom, self.end, ep.place])
            else:
                runs[-1][2] = ep.place or runs[-1][2]
        return [tuple(r) for r in runs]


def collapse(episodes: list[_Episode]) -> list[Period]:
    """Episodes (any order) to periods of care, by child and start date."""
    by_child: dict[str, list[_Episode]] = defaultdict(list)
    for ep in episodes:
        by_child[ep.child].append(ep)
    periods: list[Period] = []
    for child in sorted(by_child):
        prev: _Episode | None = None
        for ep in sorted(by_child[child], key=lambda e: (e.decom, e.line)):
            joins = (
                prev is not None
                and (ep.rne or "").upper() != "S"
                and prev.rec == "X1"
                and prev.dec is not None
                and ep.decom == prev.dec
            )
            if joins:
                periods[-1].episodes.append(ep)
            else:
                if prev is not None:
                    periods[-1].followed = True
                periods.append(Period(child, [ep]))
            prev = ep
    return periods


def year_end(episodes: list[_Episode]) -> _dt.date | None:
    """The end of the return's collection year: the first 31 March on or
    after the latest date in the Episodes file."""
    dates = [d for ep in episodes for d in (ep.decom, ep.dec) if d is not None]
    if not dates:
        return None
    latest = max(dates)
    end = _dt.date(latest.year, 3, 31)
    return end if latest <= end else _dt.date(latest.year + 1, 3, 31)


def period_values(p: Period, ref_open: _dt.date | None) -> dict:
    last = p.episodes[-1]
    runs = p.placements()
    settled = [r for r in runs if (r[2] or "").upper() not in TEMPORARY]
    current = settled[-1] if settled else runs[-1]
    place = current[2]
    ref = p.end or ref_open
    moves = None
    if ref is not None:
        twelve = add_months(ref, -12)
        moves = sum(1 for s, e, _ in settled if s <= ref and (e is None or e > twelve)) if settled else None
    return {
        "period_id": p.key,
        "child_id": p.child,
        "start_date": p.start,
        "end_date": p.end,
        "legal_status": last.ls,
        "placement_type": place,
        "placement_start_date": current[0],
        "placement_long_term": LONG_TERM_FOSTER.get((place or "").upper()),
        "placements_last_12_months": moves,
    }


# The csc fields the 903 files fill (see the mapping above); the rest of
# these tables is absent, so rules needing it are not judged on blanks.
CARRIES = {
    "children": frozenset({"child_id", "sex", "date_of_birth", "ethnicity", "uasc"}),
    "care_periods": frozenset({"period_id", "child_id", "start_date", "end_date", "legal_status", "placement_type",
                               "placement_start_date", "placement_long_term", "placements_last_12_months"}),
    "lac_reviews": frozenset({"review_id", "child_id", "period_id", "date", "child_participated"}),
    "care_leavers": frozenset({"child_id", "in_touch", "activity", "accommodation", "accommodation_suitable"}),
}


class Ssda903:
    name = "ssda903"
    title = "SSDA903"
    description = "a folder of SSDA903 (children looked after) return CSV files, recognised by their columns"
    carries = CARRIES

    def sniff(self, path: Path) -> bool:
        if not path.is_dir():
            return False
        for p in sorted(path.iterdir()):
            if p.suffix.lower() == ".csv" and p.is_file():
                cols = _first_line(p)
                if cols and identify(cols) is not None:
                    return True
        return False

    reads_previous = True  # `casecheck run --previous DIR`: the previous year's return (the ssda903 schema)

    def read(self, path: Path, schema: DataSchema, diags: Diagnostics, previous: Path | None = None) -> Iterator[Source]:
        if "sw_episodes" in schema.tables:  # the `ssda903` schema: the return file by file (ssda903_return.py)
            from checker.data.readers import ssda903_return

            self.carries = {}  # that mode carries every field of its tables
            found, last = self._split_files(path, diags)
            if previous is not None:
                if last:
                    diags.warning(f"the previous year's return is read from `{previous}` (--previous), not from"
                                  f" {', '.join(f'`{p.name}`' for p in last.values())} in `{path}`",
                                  Location(str(path)), code="duplicate-table")
                last, _ = self._split_files(previous, diags, what="the previous year's return")
                if not last:
                    diags.error(f"`{previous}` (--previous) has no SSDA903 file", Location(str(previous)), code="no-tables")
            yield from ssda903_return.read(path, found, schema, diags, kinds=KINDS, read_csv=_read_csv, previous=last)
            return
        if previous is not None:
            diags.warning("--previous is read only by the ssda903 schema (the dfe-903 pack); it was not read here",
                          Location(str(previous)), code="unknown-table")
        found = self._files(path, diags)
        files: dict[str, _File] = {}
        ignored: dict[str, list[str]] = {}
        for kind, p in found.items():
            f = _read_csv(p, kind, diags)
            if f is None:
                continue
            cols, usable = _check_columns(f, diags)
            if usable:
                files[kind] = f
                ignored[kind] = cols
        if not files:
            diags.error(f"`{path}` has no SSDA903 file that could be read", Location(str(path)), code="no-tables")
            return

        excluded: Counter = Counter()
        for kind, f in files.items():
            if kind not in MAPPED:
                excluded[excluded_reason(kind)] += len(f.rows)
        uasc: set[str] | None = None
        if "UASC" in files:
            f = files["UASC"]
            uasc = {f.col(c, "CHILD") for _, c, _ in f.rows if c is not None} - {None}

        if "Header" not in files:
            diags.warning(f"`{path}` has no SSDA903 Header file: no children were read", Location(str(path)), code="missing-table")
        if "children" in schema.tables:
            if "Header" in files:
                f = files["Header"]
                yield Source("children", str(f.path), self._children(f, uasc), ignored["Header"], dict(excluded))
            elif excluded:  # the other files' rows are still counted, against the folder
                yield Source("children", str(path), [], [], dict(excluded))

        periods: list[Period] = []
        if "Episodes" in files:
            f = files["Episodes"]
            problems, episodes = self._episodes(f)
            periods = collapse(episodes)
            dangling = [p for p in periods if p.dangling_x1]
            if dangling:
                p = dangling[0]
                diags.warning(
                    f"{len(dangling)} period{'s' if len(dangling) > 1 else ''} of care in `{f.path.name}` end with an episode ceasing X1"
                    f" (a new episode begins the same day) but no episode begins that day; such a period ends at that DEC when"
                    f" a later episode of the child follows, and is left open when none does"
                    f" (first: child `{p.child}`, row {p.episodes[-1].line})",
                    Location(str(f.path), p.episodes[-1].line),
                    code="dangling-x1",
                )
            if "care_periods" in schema.tables:
                ref = year_end(episodes)
                rows = problems + [
                    RawRow(
                        p.episodes[0].line,
                        period_values(p, ref),
                        where=f"episodes at rows {', '.join(str(e.line) for e in p.episodes)}" if len(p.episodes) > 1 else None,
                        sources=_PERIOD_SOURCES,
                    )
                    for p in periods
                ]
                rows.sort(key=lambda r: r.number)
                merged = sum(len(p.episodes) - 1 for p in periods)
                yield Source("care_periods", str(f.path), rows, ignored["Episodes"], {COLLAPSED: merged} if merged else {})

        if "Reviews" in files and "lac_reviews" in schema.tables:
            f = files["Reviews"]
            if "Episodes" not in files:
                diags.warning(
                    f"`{path}` has no SSDA903 Episodes file: reviews in `{f.path.name}` are not linked to periods of care",
                    Location(str(f.path)),
                    code="missing-table",
                )
            yield Source("lac_reviews", str(f.path), self._reviews(f, periods, "Episodes" in files, diags), ignored["Reviews"])

        if "OC3" in files and "care_leavers" in schema.tables:
            f = files["OC3"]
            yield Source("care_leavers", str(f.path), self._oc3(f), ignored["OC3"])

    # ---- the files
    def _files(self, path: Path, diags: Diagnostics) -> dict[str, Path]:
        """The folder's 903 files by kind, recognised from their header rows (the previous
        year's, beside them, are not read here: a warning says so)."""
        out, last = self._split_files(path, diags)
        for kind, p in last.items():
            diags.warning(
                f"`{p.name}` is also an SSDA903 {kind} file and looks like the previous year's; it was not read (`{out[kind].name}` was)",
                Location(str(p)),
                code="duplicate-table",
            )
        return out

    def _split_files(self, path: Path, diags: Diagnostics, what: str = "") -> tuple[dict[str, Path], dict[str, Path]]:
        """The folder's 903 files by kind, recognised from their header rows: this year's,
        and the previous year's beside them (a second file of a kind with ``last`` or
        ``prev`` in its name, as the DfE tool's users name them)."""
        if not path.is_dir():
            diags.error(f"`{path}` is not a folder of SSDA903 files{f' ({what})' if what else ''}", Location(str(path)),
                        code="no-data")
            return {}, {}
        by_kind: dict[str, list[Path]] = defaultdict(list)
        for p in sorted(path.iterdir()):
            if p.suffix.lower() != ".csv" or not p.is_file():
                continue
            cols = _first_line(p)
            kind = identify(cols) if cols else None
            if kind is None:
                diags.warning(
                    f"`{p.name}` is not an SSDA903 file (its header has no CHILD column with a 903 file's columns); it was not read",
                    Location(str(p), 1, 1),
                    code="unknown-table",
                )
                continue
            by_kind[kind].append(p)
        out: dict[str, Path] = {}
        last: dict[str, Path] = {}
        for kind, paths in by_kind.items():
            if len(paths) == 1:
                out[kind] = paths[0]
                continue
            current = [p for p in paths if not re.search(r"last|prev", p.stem, re.IGNORECASE)]
            if len(current) == 1:
                out[kind] = current[0]
                older = [p for p in paths if p is not current[0]]
                if len(older) == 1:
                    last[kind] = older[0]
                else:
                    for p in older:
                        diags.warning(
                            f"`{p.name}` is one of {len(older)} SSDA903 {kind} files that look like the previous year's; none of them was read",
                            Location(str(p)),
                            code="duplicate-table",
                        )
            else:
                diags.error(
                    f"{len(paths)} files look like the SSDA903 {kind} file: {', '.join(f'`{p.name}`' for p in paths)}; none was read",
                    Location(str(path)),
                    code="duplicate-table",
                    suggestion="keep one per kind in the folder (a previous year's file may keep `_last` in its name)",
                )
        return out, last

    @staticmethod
    def _problem(line: int, problem: str, reason: str) -> RawRow:
        return RawRow(line, None, problem, reason)

    def _children(self, f: _File, uasc: set[str] | None) -> Iterator[RawRow]:
        for line, cells, problem in f.rows:
            if cells is None:
                yield problem
                continue
            child = f.col(cells, "CHILD")
            sex, ethnic = f.col(cells, "SEX"), f.col(cells, "ETHNIC")
            values = {
                "child_id": child,
                "sex": SEX.get(sex.upper(), sex) if sex else None,
                "date_of_birth": _date_or_raw(f.col(cells, "DOB")),
                "ethnicity": ethnic.upper() if ethnic else None,
                "uasc": None if uasc is None else child in uasc,
            }
            yield RawRow(line, values, sources=_CHILD_SOURCES)

    def _episodes(self, f: _File) -> tuple[list[RawRow], list[_Episode]]:
        problems: list[RawRow] = []
        episodes: list[_Episode] = []
        for line, cells, problem in f.rows:
            if cells is None:
                problems.append(problem)
                continue
            child = f.col(cells, "CHILD")
            decom_raw, dec_raw = f.col(cells, "DECOM"), f.col(cells, "DEC")
            decom, dec = parse_date(decom_raw), parse_date(dec_raw)
            if child is None:
                problems.append(self._problem(line, "CHILD is blank: the episode belongs to no child", "missing required value"))
            elif decom_raw is None:
                problems.append(self._problem(line, "DECOM is blank: the episode has no start date", "missing required value"))
            elif decom is None:
                problems.append(self._problem(line, f"DECOM `{decom_raw}` is not a date, DD/MM/YYYY", "bad value"))
            elif dec_raw is not None and dec is None:
                problems.append(self._problem(line, f"DEC `{dec_raw}` is not a date, DD/MM/YYYY", "bad value"))
            else:
                up = lambda v: v.upper() if v else None
                episodes.append(_Episode(line, child, decom, dec, up(f.col(cells, "RNE")), up(f.col(cells, "LS")),
                                         up(f.col(cells, "PLACE")), up(f.col(cells, "REC"))))
        return problems, episodes

    def _reviews(self, f: _File, periods: list[Period], linkable: bool, diags: Diagnostics) -> Iterator[RawRow]:
        by_child: dict[str, list[Period]] = defaultdict(list)
        for p in periods:
            by_child[p.child].append(p)
        unlinked = 0
        first = None
        for line, cells, problem in f.rows:
            if cells is None:
                yield problem
                continue
            child = f.col(cells, "CHILD")
            raw = f.col(cells, "REVIEW")
            d = parse_date(raw)
            code = (f.col(cells, "REVIEW_CODE") or "").upper()
            if child is None:
                yield self._problem(line, "CHILD is blank: the review belongs to no child", "missing required value")
                continue
            if raw is None:
                yield self._problem(line, "REVIEW is blank: the review has no date", "missing required value")
                continue
            if code and code not in PARTICIPATED:
                yield self._problem(line, f"REVIEW_CODE `{code}` is not a participation code (PN0-PN7)", "bad value")
                continue
            period = None
            if d is not None:
                holding = [p for p in by_child.get(child, ()) if p.contains(d)]
                if holding:
                    period = max(holding, key=lambda p: p.start).key
                elif linkable:
                    unlinked += 1
                    first = first or (line, child, d)
            values = {
                "review_id": f"{child}/{d.isoformat() if d else raw}",
                "child_id": child,
                "period_id": period,
                "date": d if d is not None else raw,
                "child_participated": PARTICIPATED.get(code) if code else None,
            }
            yield RawRow(line, values, sources=_REVIEW_SOURCES)
        if unlinked:
            line, child, d = first
            diags.warning(
                f"{unlinked} review{'s' if unlinked > 1 else ''} in `{f.path.name}` fall in no period of care in the Episodes file;"
                f" their period_id is blank (first: child `{child}`, {d.isoformat()}, row {line})",
                Location(str(f.path), line),
                code="unlinked-review",
            )

    def _oc3(self, f: _File) -> Iterator[RawRow]:
        for line, cells, problem in f.rows:
            if cells is None:
                yield problem
                continue
            accom = (f.col(cells, "ACCOM") or "").upper()
            if accom in ("", "0"):
                letter, suitable = None, None
            elif len(accom) == 1 and accom.isalpha():
                letter, suitable = accom, None
            elif len(accom) == 2 and accom[0].isalpha() and accom[1] in "12":
                letter, suitable = accom[0], accom[1] == "1"
            else:
                yield self._problem(
                    line, f"ACCOM `{accom}` is not an OC3 accommodation code (a letter, then 1 suitable or 2 unsuitable; or 0)", "bad value"
                )
                continue
            activ = (f.col(cells, "ACTIV") or "").upper()
            in_touch = f.col(cells, "IN_TOUCH")
            values = {
                "child_id": f.col(cells, "CHILD"),
                "in_touch": in_touch.upper() if in_touch else None,
                "activity": None if activ in ("", "0") else activ,
                "accommodation": letter,
                "accommodation_suitable": suitable,
            }
            yield RawRow(line, values, sources=_OC3_SOURCES)


_CHILD_SOURCES = {"child_id": "CHILD", "sex": "SEX", "date_of_birth": "DOB", "ethnicity": "ETHNIC", "uasc": "UASC file"}
_PERIOD_SOURCES = {
    "period_id": "CHILD + DECOM",
    "child_id": "CHILD",
    "start_date": "DECOM",
    "end_date": "DEC",
    "legal_status": "LS",
    "placement_type": "PLACE",
    "placement_start_date": "DECOM",
    "placement_long_term": "PLACE",
    "placements_last_12_months": "RNE",
}
_REVIEW_SOURCES = {"review_id": "CHILD + REVIEW", "child_id": "CHILD", "date": "REVIEW", "child_participated": "REVIEW_CODE"}
_OC3_SOURCES = {"child_id": "CHILD", "in_touch": "IN_TOUCH", "activity": "ACTIV", "accommodation": "ACCOM", "accommodation_suitable": "ACCOM"}


# --------------------------------------------------------------------------- writing


def _d(v: _dt.date | None) -> str:
    return v.strftime("%d/%m/%Y") if v is not None else ""


def _s(v) -> str:
    return "" if v is None else str(v)


def write(tables: dict[str, list[dict]], schema: DataSchema, out: Path) -> None:
    """Write ``csc`` tables as an SSDA903 folder: header.csv, episodes.csv,
    reviews.csv, oc3.csv and uasc.csv, dates DD/MM/YYYY. Deterministic.

    The return's population is the children with a period of care, a review
    or a care-leaver record. Each period of care is one episode (RNE S),
    or two when its current placement started after the period did (S then
    P, joined by X1); a period that has ended ends with REC E8 (ceased for
    any other reason: the csc tables do not say why). SEX is 1 (M) or 2 (F),
    blank for U, which the 903 has no code for. child_participated true ->
    PN1, false -> PN7, blank -> PN0. ACCOM is the accommodation letter and 1
    (suitable) or 2 (unsuitable); ACTIV and ACCOM are 0 when not known.
    uasc.csv lists the children marked uasc. Columns csc has no value for
    (UPN, CIN, PLACE_PROVIDER, postcodes...) are blank. placements in the
    last 12 months and long-term fostering are not written: the reader
    derives them from the episodes and PLACE codes.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    children = {c["child_id"]: c for c in tables.get("children", ())}
    periods = sorted(tables.get("care_periods", ()), key=lambda p: (p["child_id"], p["start_date"], p["period_id"]))
    reviews = sorted(tables.get("lac_reviews", ()), key=lambda r: (r["child_id"], r["date"], r["review_id"]))
    leavers = sorted(tables.get("care_leavers", ()), key=lambda c: c["child_id"])
    population = sorted({p["child_id"] for p in periods} | {r["child_id"] for r in reviews} | {c["child_id"] for c in leavers})

    def dob(cid):
        return _d(children.get(cid, {}).get("date_of_birth"))

    sex_code = {"M": "1", "F": "2"}
    header_rows = []
    uasc_rows = []
    for cid in population:
        c = children.get(cid, {})
        header_rows.append([cid, sex_code.get(c.get("sex"), ""), dob(cid), _s(c.get("ethnicity")), "", "", ""])
        if c.get("uasc"):
            uasc_rows.append([cid, sex_code.get(c.get("sex"), ""), dob(cid), ""])
    _write(out / "header.csv", KINDS["Header"][0], header_rows)
    _write(out / "uasc.csv", KINDS["UASC"][0], uasc_rows)

    episode_rows = []
    for p in periods:
        start, end, pstart = p["start_date"], p.get("end_date"), p.get("placement_start_date")
        ls, place = _s(p.get("legal_status")), _s(p.get("placement_type"))
        ending = "E8" if end is not None else ""
        if pstart is not None and pstart > start and (end is None or pstart <= end):
            episode_rows.append([p["child_id"], _d(start), "S", ls, "", place, "", _d(pstart), "X1", "", "", "", ""])
            episode_rows.append([p["child_id"], _d(pstart), "P", ls, "", place, "", _d(end), ending, "", "", "", ""])
        else:
            episode_rows.append([p["child_id"], _d(start), "S", ls, "", place, "", _d(end), ending, "", "", "", ""])
    _write(out / "episodes.csv", KINDS["Episodes"][0], episode_rows)

    code = {True: "PN1", False: "PN7", None: "PN0"}
    _write(out / "reviews.csv", KINDS["Reviews"][0],
           [[r["child_id"], dob(r["child_id"]), _d(r["date"]), code[r.get("child_participated")]] for r in reviews])

    oc3_rows = []
    for c in leavers:
        accom = c.get("accommodation")
        suitable = c.get("accommodation_suitable")
        accom_code = "0" if accom is None else accom + {True: "1", False: "2", None: ""}[suitable]
        oc3_rows.append([c["child_id"], dob(c["child_id"]), _s(c.get("in_touch")), _s(c.get("activity")) or "0", accom_code])
    _write(out / "oc3.csv", KINDS["OC3"][0], oc3_rows)


def _write(path: Path, header, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
