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

Episodes -> ``placements``
    Each period's placements: one from every episode whose RNE is not ``L``
    (the first of the period included) to the next such episode's DECOM, or
    the period's end; placement_id is ``<period_id>/<DECOM>``, period_id the
    period's, placement_type its PLACE (temporary placements included: the
    child was placed there). An episode that changes the legal status only
    is counted as excluded from ``placements`` with the reason "SSDA903
    episode changing the legal status only (the placement continues)".

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

SWEpisodes -> ``case_allocations``
    allocation_id is ``<CHILD>/<SW_DECOM>/<line>``; worker_id is SW_ID (an
    ID, never a name, kept as sent, an ``XX...`` placeholder included; a
    blank one is an episode waiting for allocation), start_date SW_DECOM,
    end_date SW_DEC. SW_REASON and the team are not carried. A child looked
    after at 31 March has the whole year's episodes, including those before
    care (DfE SW12STG2), which is what changes of social worker need.

Missing -> ``missing_episodes``
    episode_id is ``<CHILD>/<MIS_START>/<line>``; type is MISSING (M missing
    from placement, A away without authorisation); start_date MIS_START,
    end_date MIS_END. The return home interview is not in the 903.

OC2 -> ``care_periods`` (health_check_up_to_date, dental_check_up_to_date, immunisations_up_to_date)
    OC2 lists the children looked after continuously for the 12 months to
    31 March; its HEALTH_CHECK, TEETH_CHECK and IMMUNISATIONS (1 yes, 0 no,
    blank not recorded) land on the child's period of care open at the year
    end (``year_end``). Its rows are counted against ``children`` as
    excluded ("its flags are on the child's period of care"); a child with
    no period open then is counted and warned about. With no OC2 file the
    three fields are not carried (LAC-HEALTH-TIMELY's ``ssda903`` variant
    judges HEALTH_CHECK). SDQ, convictions and substance misuse are not read.

Files with no table in the schema
    UASC, AD1, PlacedAdoption, PrevPerm and DoLo: their rows are counted,
    never silently dropped: they are attached to the ``children`` account as
    excluded, one reason per file ("SSDA903 AD1 file: no table in the
    schema"). (The UASC file also sets ``children.uasc``.)

A folder may hold the previous year's files too (the 903 validator's
``*_last``): when two files are the same kind and one of them has ``last`` or
``prev`` in its name, that one is the previous year's: read into the
``ssda903`` schema's ``*_last`` tables (as is a folder given with ``--previous``),
and not read in the csc mode (a warning says so).

Each file's rows are read in ``ssda903_files``, episodes collapsed and OC2
placed in ``ssda903_derive``; ``ssda903_write.write`` writes generated ``csc``
tables as such a folder so that the reader gives back every field the 903
carries.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from checker.data.readers.base import RawRow, Source, header_separator, read_delimited_text
from checker.data.readers.native import MAX_COLUMN_WARNINGS
from checker.data.readers.ssda903_derive import (
    LONG_TERM_FOSTER,
    OC2_FLAGS,
    Period,
    collapse,
    oc2_by_period,
    period_values,
    placement_values,
    year_end,
)
from checker.data.readers.ssda903_files import (
    PERIOD_SOURCES,
    PLACEMENT_SOURCES,
    allocation_rows,
    children_rows,
    episode_list,
    missing_rows,
    oc2_flags,
    oc3_rows,
    parse_date,
    review_rows,
)
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema
from checker.suggest import did_you_mean

__all__ = ["COLLAPSED", "KINDS", "LONG_TERM_FOSTER", "Ssda903", "excluded_reason", "identify", "parse_date"]

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
MAPPED = {"Header": "children", "Episodes": "care_periods", "Reviews": "lac_reviews", "OC3": "care_leavers",
          "OC2": "care_periods", "SWEpisodes": "case_allocations", "Missing": "missing_episodes"}
# Columns a mapped file cannot be used without, and columns whose absence blanks a field.
REQUIRED = {"Header": ("CHILD",), "Episodes": ("CHILD", "DECOM"), "Reviews": ("CHILD", "REVIEW"), "OC3": ("CHILD",),
            "OC2": ("CHILD",), "SWEpisodes": ("CHILD", "SW_DECOM"), "Missing": ("CHILD", "MIS_START")}
EXPECTED = {
    "Header": ("SEX", "DOB", "ETHNIC"),
    "Episodes": ("RNE", "LS", "PLACE", "DEC", "REC"),
    "Reviews": ("REVIEW_CODE",),
    "OC3": ("IN_TOUCH", "ACTIV", "ACCOM"),
    "OC2": tuple(OC2_FLAGS),
    "SWEpisodes": ("SW_ID", "SW_DEC"),
    "Missing": ("MISSING", "MIS_END"),
}
EXCLUDED_REASON = {
    "UASC": "SSDA903 UASC file: no table in the schema (its children are marked uasc)",
}
COLLAPSED = "SSDA903 episode continuing a period of care (collapsed into it)"
OC2_ON_PERIOD = "SSDA903 OC2 row: its flags are on the child's period of care open at the year end"
OC2_UNPLACED = "SSDA903 OC2 row of a child with no period of care open at the year end (its flags are not read)"


def excluded_reason(kind: str) -> str:
    return EXCLUDED_REASON.get(kind, f"SSDA903 {kind} file: no table in the schema")

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
    sep = header_separator(text)
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
    short: list[tuple[int, int]] = []  # (line, cells) of rows padded
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a cell over the csv module's size limit: reject the row, read on (the
            # rows after it are the return's too; stopping here dropped them unaccounted)
            rows.append((start, None, RawRow(start, None, f"not valid CSV: {exc}", "malformed row")))
            continue
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) < len(header):
            # The DfE's validator (csc-validator-be-903, pandas.read_csv) reads the missing
            # trailing cells of a short row as blank: so does this reader, and says so.
            short.append((reader.line_num, len(cells)))
            cells = cells + [""] * (len(header) - len(cells))
        elif len(cells) > len(header):
            problem = (f"row has {len(cells)} cells; the header has {len(header)} (which cell is which cannot be "
                       f"told; the DfE validator stops on such a file)")
            rows.append((reader.line_num, None, RawRow(reader.line_num, None, problem, "wrong number of cells")))
            continue
        rows.append((reader.line_num, cells, None))
    if short:
        short_rows(path, short[0], len(short), len(header), diags)
    return _File(kind, path, header, rows)


def short_rows(path: Path, first: tuple[int, int], count: int, width: int, diags: Diagnostics) -> None:
    """The warning for a file's ``count`` rows shorter than its header (``first``: line, cells of the first)."""
    line, n = first
    more = f" ({count} rows in all)" if count > 1 else ""
    diags.warning(f"`{path.name}` row {line} has {n} cells; the header has {width}: its missing trailing cells "
                  f"were read as blank, as the DfE validator reads them{more}", Location(str(path), line), code="short-row")


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
    "OC2": ("CHILD",) + tuple(OC2_FLAGS),
    "SWEpisodes": ("CHILD", "SW_ID", "SW_DECOM", "SW_DEC"),
    "Missing": ("CHILD", "MISSING", "MIS_START", "MIS_END"),
}


# The csc fields the 903 files fill (see the mapping above); the rest of
# these tables is absent, so rules needing it are not judged on blanks.
CARRIES = {
    "children": frozenset({"child_id", "sex", "date_of_birth", "ethnicity", "uasc"}),
    "care_periods": frozenset({"period_id", "child_id", "start_date", "end_date", "legal_status", "placement_type",
                               "placement_start_date", "placement_long_term", "placements_last_12_months",
                               *OC2_FLAGS.values()}),
    "lac_reviews": frozenset({"review_id", "child_id", "period_id", "date", "child_participated"}),
    "placements": frozenset({"placement_id", "child_id", "period_id", "start_date", "end_date", "placement_type"}),
    "care_leavers": frozenset({"child_id", "in_touch", "activity", "accommodation", "accommodation_suitable"}),
    "case_allocations": frozenset({"allocation_id", "child_id", "worker_id", "start_date", "end_date"}),
    "missing_episodes": frozenset({"episode_id", "child_id", "type", "start_date", "end_date"}),
}
#: what a rule's reason says about a field the 903 has no place for
NOT_CARRIED_WHY: dict[tuple[str, str], str] = {
    ("care_periods", "worker_id"): "SSDA903 episodes do not name the worker (SWEpisodes give the allocations)",
    ("care_leavers", "eligibility"): "SSDA903 OC3 does not record the care leaver's eligibility category",
    ("care_leavers", "personal_adviser_id"): "SSDA903 OC3 does not record a personal adviser",
    ("care_leavers", "last_contact_date"): "SSDA903 OC3 does not record when the council was last in touch",
    ("case_allocations", "team"): "SSDA903 SWEpisodes do not record the team",
}
SAME_PLACEMENT = "SSDA903 episode changing the legal status only (the placement continues)"
NO_OC2 = "the SSDA903 folder has no OC2 file (health and dental checks of children looked after 12 months)"


class Ssda903:
    name = "ssda903"
    title = "SSDA903"
    description = "a folder of SSDA903 (children looked after) return CSV files, recognised by their columns"
    carries = CARRIES
    not_carried_why = NOT_CARRIED_WHY

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
            found, last = self.return_files(path, diags, previous)
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
            if kind not in MAPPED or MAPPED[kind] not in schema.tables:
                excluded[excluded_reason(kind)] += len(f.rows)
        uasc: set[str] | None = None
        if "UASC" in files:
            f = files["UASC"]
            uasc = {child for _, c, _ in f.rows if c is not None and (child := f.col(c, "CHILD")) is not None}

        periods: list[Period] = []
        episodes: list = []
        problems: list[RawRow] = []
        if "Episodes" in files:
            f = files["Episodes"]
            problems, episodes = episode_list(f)
            periods = collapse(episodes)
            self._dangling(periods, f, diags)
        ref = year_end(episodes)

        oc2: dict[str, dict] = {}
        oc2_rows: list[RawRow] = []
        if "OC2" in files and "care_periods" in schema.tables:
            f = files["OC2"]
            flags, oc2_rows = oc2_flags(f)
            oc2, unplaced = oc2_by_period(periods, flags, ref)
            if len(flags) - len(unplaced):
                excluded[OC2_ON_PERIOD] += len(flags) - len(unplaced)
            if unplaced:
                excluded[OC2_UNPLACED] += len(unplaced)
                diags.warning(
                    f"{len(unplaced)} child{'ren' if len(unplaced) > 1 else ''} in `{f.path.name}` had no period of care open at the"
                    f" year end ({ref.isoformat() if ref else 'no Episodes file'}); their OC2 flags were not read (first: `{unplaced[0]}`)",
                    Location(str(f.path)),
                    code="unlinked-oc2",
                )
        elif "care_periods" in schema.tables:
            self.not_carried_why = {**NOT_CARRIED_WHY, **{("care_periods", fld): NO_OC2 for fld in OC2_FLAGS.values()}}

        if "Header" not in files:
            diags.warning(f"`{path}` has no SSDA903 Header file: no children were read", Location(str(path)), code="missing-table")
        if "children" in schema.tables:
            if "Header" in files:
                f = files["Header"]
                yield Source("children", str(f.path), children_rows(f, uasc), ignored["Header"], dict(excluded))
            elif excluded:  # the other files' rows are still counted, against the folder
                yield Source("children", str(path), [], [], dict(excluded))
            if oc2_rows:  # OC2 rows that could not be read, rejected against the children they describe
                yield Source("children", str(files["OC2"].path), oc2_rows, ignored["OC2"])

        if "Episodes" in files and "care_periods" in schema.tables:
            f = files["Episodes"]
            rows = problems + [
                RawRow(
                    p.episodes[0].line,
                    {**period_values(p, ref), **oc2.get(p.key, {})},
                    where=f"episodes at rows {', '.join(str(e.line) for e in p.episodes)}" if len(p.episodes) > 1 else None,
                    sources=PERIOD_SOURCES,
                )
                for p in periods
            ]
            rows.sort(key=lambda r: r.number)
            merged = sum(len(p.episodes) - 1 for p in periods)
            carried = CARRIES["care_periods"] - (set() if "OC2" in files else set(OC2_FLAGS.values()))
            yield Source("care_periods", str(f.path), rows, ignored["Episodes"], {COLLAPSED: merged} if merged else {},
                         fields=frozenset(carried))

        if "Episodes" in files and "placements" in schema.tables:
            # each period's placements, from the same episodes (a move is an episode whose RNE is not L)
            f = files["Episodes"]
            placed = [RawRow(line, values, sources=PLACEMENT_SOURCES) for per in periods for line, values in placement_values(per)]
            same = sum(len(per.episodes) for per in periods) - len(placed)
            yield Source("placements", str(f.path), sorted(placed, key=lambda r: r.number), [],
                         {SAME_PLACEMENT: same} if same else {})

        if "Reviews" in files and "lac_reviews" in schema.tables:
            f = files["Reviews"]
            if "Episodes" not in files:
                diags.warning(
                    f"`{path}` has no SSDA903 Episodes file: reviews in `{f.path.name}` are not linked to periods of care",
                    Location(str(f.path)),
                    code="missing-table",
                )
            yield Source("lac_reviews", str(f.path), review_rows(f, periods, "Episodes" in files, diags), ignored["Reviews"])

        if "OC3" in files and "care_leavers" in schema.tables:
            f = files["OC3"]
            yield Source("care_leavers", str(f.path), oc3_rows(f), ignored["OC3"])

        if "SWEpisodes" in files and "case_allocations" in schema.tables:
            f = files["SWEpisodes"]
            yield Source("case_allocations", str(f.path), allocation_rows(f), ignored["SWEpisodes"])

        if "Missing" in files and "missing_episodes" in schema.tables:
            f = files["Missing"]
            yield Source("missing_episodes", str(f.path), missing_rows(f), ignored["Missing"])

    def return_files(self, path: Path, diags: Diagnostics, previous: Path | None = None
                     ) -> tuple[dict[str, Path], dict[str, Path]]:
        """The return's files by kind for the ``ssda903`` schema: this year's, and the previous
        year's (from ``previous``, the folder ``--previous`` names, else beside this year's);
        what is odd about them said in ``diags``. (``ssda903_duckdb`` reads the same files.)"""
        found, last = self._split_files(path, diags)
        if previous is not None:
            if last:
                diags.warning(f"the previous year's return is read from `{previous}` (--previous), not from"
                              f" {', '.join(f'`{p.name}`' for p in last.values())} in `{path}`",
                              Location(str(path)), code="duplicate-table")
            last, _ = self._split_files(previous, diags, what="the previous year's return")
            if not last:
                diags.error(f"`{previous}` (--previous) has no SSDA903 file", Location(str(previous)), code="no-tables")
        return found, last

    @staticmethod
    def _dangling(periods: list[Period], f: _File, diags: Diagnostics) -> None:
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
            current = [p for p in paths if not _names_last_year(p.stem)]
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


def _names_last_year(stem: str) -> bool:
    """Whether a file name says it is the previous year's (``episodes_last``, ``prev_header``): the
    file kind PrevPerm's own names (``prev_perm``, ``previous_permanence``) do not count."""
    own = re.sub(r"prev(ious)?[\s_-]*perm(anence)?", "", stem, flags=re.IGNORECASE)
    return re.search(r"last|prev", own, re.IGNORECASE) is not None
