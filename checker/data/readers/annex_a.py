"""Ofsted Annex A workbooks (ILACS lists 1-11), read onto the ``csc`` schema,
and written from it.

Annex A is the set of child-level lists a council gives Ofsted at the start of
an inspection: one sheet per list, a title or notes above the header, one row
per event (contact, referral, assessment...) or per child (care leavers),
dates as dd/mm/yyyy and coded columns as the template's drop-down labels
(``a) Male``, ``g) 3A: Health services``, ``C2: Full care order``). See
``../shared/DOMAIN.md`` section 1. Templates differ between years and case
management systems (Liquidlogic, Mosaic, Eclipse and the D2I Standard
Safeguarding Dataset scripts spell headers differently), so every column has
a list of accepted spellings, compared after normalising (lower case, no
spaces or punctuation, format hints such as ``(dd/mm/yyyy)`` or ``(Y/N)``
dropped): ``Child Unique ID`` = ``ChildUniqueID`` = ``Child ID``.

Reading
-------
Each sheet is identified as a list by its name (``List 3``, ``List 3 -
Referrals``, ``Referrals``...), failing that by its header. The header row is
the row, among the first 15, with the most recognised headers (notes and
titles above it are skipped; a header cell merged across rows is taken from
the row above; cells to the right of a horizontally merged header are empty
and their columns ignored). Blank padding rows are skipped and not counted,
and so is a row of format hints under the header (``dd/mm/yyyy``, ``Y/N``),
with a warning. A list 1 or 3-9 with no sheet is named in a warning. A
hidden sheet of a list a visible sheet holds (an old copy) is not read, nor is
a sheet whose every row repeats another sheet's (a copy): either would count
each event twice (``annex_a_sheets``).
The workbook is opened read-only with cached values (``data_only``): formulas
are read as the values Excel last computed, never executed.

=====  =========================  =============================================================
list   csc table(s)               fields (Annex A column)
=====  =========================  =============================================================
all    children                   child_id (Child Unique ID), sex (Gender), ethnicity, date_of_birth,
                                  disabled (Does the Child have a Disability, lists 4-9),
                                  uasc (Unaccompanied Asylum Seeking Child, lists 8-9)
1      contacts                   date (Date of Contact), source (Contact Source)
3      referrals                  date (Date of referral), source (Referral Source), nfa (Referral NFA?),
                                  referrals_last_12_months (Number of Referrals in Last 12 Months: read
                                  as this referral and the child's others in the 12 months to it), team
4      assessments                start_date (Continuous Assessment Start Date; older: Assessment start
                                  date), authorised_date (... Date of Authorisation), child_seen (Child
                                  Seen During Continuous Assessment), requires_support (Was the child
                                  assessed as requiring LA children's social care support?), team
5      s47_enquiries              start_date (Strategy discussion initiating Section 47 Enquiry Start
                                  Date), icpc_not_required (Was an ICPC deemed unnecessary?),
                                  icpc_date (Date of Initial Child Protection Conference), team
       cp_conferences             an ``initial`` conference when the ICPC date is given: date, plan_made
                                  (Did the ICPC result in a CP plan), s47_id
6      cin_plans                  start_date (CIN Start Date), end_date (CIN Closure Date)
7      cp_plans                   start_date, end_date, initial_category, latest_category,
                                  previous_plans (Number of Previous Child Protection Plans), team
       visits                     a ``cp`` visit when Date of the Last Statutory Visit is given: date,
                                  seen_alone (Was the Child Seen Alone?), seen (true when seen alone)
       cp_conferences             a ``review`` conference from Date of latest review conference, plan_id
8      care_periods               start_date (Date Started to be Looked After), end_date (Date Ceased to
                                  be Looked After), legal_status (Child's Legal Status), placement_type,
                                  placement_start_date (Start Date of Most Recent Placement),
                                  placements_last_12_months, team, iro_visit_date (Date of Last IRO
                                  Visit / Contact), dental_check_date, missing_episodes_12m and
                                  absent_episodes_12m ('Missing' / 'Absent' episodes), return_interview_
                                  offered / _accepted; placement_long_term from the permanence plan
                                  (long-term fostering or residential: true; another plan: false),
                                  else from the placement type (U1, U4 true; U2, U3, U5, U6 false)
       visits                     a ``lac`` visit from Date of Last Social Work Visit
       lac_reviews                from Date of Latest Statutory Review, period_id
       health_assessments         from Date of Last Health Assessment
9      care_leavers               eligibility (Eligibility Category), in_touch (LA in Touch),
                                  accommodation (Type of Accommodation), accommodation_suitable
                                  (Suitability of Accommodation), activity (Activity Status),
                                  last_contact_date (Latest Date of Contact)
       pathway_plans              from Latest Pathway Plan Review Date (newer templates)
2, 10, 11                         no table in the schema: not read; a warning gives the row count
=====  =========================  =============================================================

*The children table* is built from the common columns of every list: one
record per Child Unique ID, in the order first seen (sheet order, then row
order). A blank is filled from a later list; when two lists give different
values for the same child, the first one seen wins and a warning names both
sheets and rows.

*Keys.* Annex A has no record IDs, so keys are made from the list, the child
and the row's date: ``L3/C123/2024-05-01`` for a referral. A second row for
the same child and date gets ``/2``, ``/3``... in sheet order. Annex A cannot
tell a second contact on the same day from the same source from a copied row,
so an exact repeat is loaded too, and a warning counts such rows per sheet
(liia-tools drops them; dropping would lose real events silently). Records
made from a row's single-value columns hang off the
row's key: ``L7/C123/2024-01-10/visit``, ``.../review``; ``L5/.../icpc``;
``L8/.../visit``, ``.../review``, ``.../health``; ``L9/C123/pathway``. The
child is the only foreign key Annex A carries (plus the plan, enquiry and
period a derived record hangs off); ``assessments.referral_id``,
``referrals.contact_id`` and the like are left blank.

*Codes.* Labels are mapped to csc codes case-insensitively, with or without
the ``x)`` letter prefix: the code itself is tried first (``g) 3A: Health
services``, ``3A``, ``C2: FCO``, ``a) WBRI``), then ordered regular
expressions over the label text (``Police`` -> 6; ``school nurse`` is tried
before ``schools``). Yes/No columns: ``a) Yes``/``Y``/``Yes`` -> true,
``b) No`` -> false, ``c) Unknown`` -> missing; an ethnicity of ``Unknown``
(the D2I scripts' catch-all ``u) UNKNOWN``) is missing too. A value that maps
to no code is passed on unchanged, so the loader rejects the row with its own
message naming the value and the codes it expected. Dates: Excel date cells
and day numbers (a time of day dropped), and day-first text ``dd/mm/yyyy``,
``dd-mm-yyyy`` or ``dd.mm.yyyy`` (with or without a time); other text goes to
the loader, which rejects it naming the sheet, row and column.

*Lists 2, 10 and 11* (early help, adoption, adopters) have no table in the
``csc`` schema. Their rows are counted and reported in one warning per sheet
rather than booked as ``excluded`` against another table: the accounting
identity ``read = loaded + excluded + rejected`` is per table, and booking
early-help assessments or adopters (list 11 rows are adults) against
``children`` would make ``children.read`` count things that are not children
records.

What Annex A cannot carry
-------------------------
One warning per table names the fields Annex A does not carry: they are
missing for every record. Notably:

- *S47-STRATEGY-FIRST cannot be judged from Annex A alone.* List 5's only
  date is "Strategy discussion initiating Section 47 Enquiry Start Date": the
  strategy discussion date *is* the enquiry's start date. Each row with that
  date makes a ``strategy_discussions`` record on it (``<row key>/strategy``,
  ``s47_decided`` true), linked from the enquiry (``strategy_id``): ICPC
  timeliness runs from it. Its police and health attendance and its referral
  are not carried, and an enquiry without a strategy discussion cannot be
  shown, so the rule has ``formats: annex-a: not_run``.
- *Every List 4 assessment is a single (continuous) assessment* (``type``
  single): the list is WT 2013 onwards.
- contacts: decision_date, outcome, manager_oversight; referrals: child_seen,
  decision_date, closure_date, primary_need; visits: worker and (for lac
  visits) whether the child was seen.
- Only the *latest* visit, review conference, statutory review and health
  assessment per plan or period: schedules over all reviews (CP and LAC
  review timeliness) see one review, not the chain.
- Allocated Worker / Allocated Personal Advisor hold people's names in real
  returns, and casecheck keeps no names: ``worker_id`` (lists 4, 5, 8) and
  ``personal_adviser_id`` (list 9) hold ``named in Annex A`` where the column
  names someone and are blank where it is blank (a blank allocated worker on
  an open case is an unallocated case). Who it is, and so anything about the
  worker (qualified, caseload, changes), is not carried: the workforce,
  supervision, allocation, PEP and audit tables are not in Annex A.

Writing is in ``annex_a_write``; the list columns and what each list makes in
``annex_a_lists``; cell values and code labels in ``annex_a_values``. A
list's rows are read a column at a time (``annex_a_columns``: each distinct
cell converted once, the records handed to the loader as columns); the
row-at-a-time reading (``annex_a_rows``, ``CASECHECK_ANNEX_A_READER=rows``)
is the reference it is tested against, record for record and warning for
warning (tests/test_annex_a_columns.py).
"""

from __future__ import annotations

import os
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from checker.data.readers.annex_a_columns import ChildColumns, ColumnReading
from checker.data.readers.annex_a_lists import (
    CARRIES,
    COMMON,
    COMPUTED,
    DATE_ROLE,
    DISTINCTIVE,
    HEADER_SCAN_ROWS,
    INDEX,
    LIST_COLS,
    LIST_NAMES,
    NOT_CARRIED_WHY,
    OTHER_LISTS,
    OUTS,
    SHEET_NUMBER,
    STANDARD,
    STRONG_CHILD_ID,
    carried,
    list_from_sheet_name,
    norm_header,
)
from checker.data.readers.annex_a_rows import MAX_CONFLICT_WARNINGS, ChildAcc, RowReading, children_rows
from checker.data.readers.annex_a_sheets import (
    hidden_copy,
    hint_row,
    missing_lists,
    visible_lists,
)
from checker.data.readers.annex_a_values import blank, show_value, to_bool, to_code
from checker.data.readers.base import Source
from checker.data.readers.cells import sheet_grid
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema
from checker.suggest import did_you_mean

__all__ = ["AnnexA", "CARRIES", "NOT_CARRIED_WHY", "to_bool", "to_code", "show_value"]

#: ``CASECHECK_ANNEX_A_READER=rows``: each list read a row at a time (``annex_a_rows``, the reference)
BY_ROWS_ENV = "CASECHECK_ANNEX_A_READER"

# --------------------------------------------------------------------------- reading


def _open(path: Path, ahead: bool = False, errors: bool | str = True):
    from checker.data.readers.cells import open_workbook
    from checker.limits import check_zip

    with zipfile.ZipFile(path) as zf:
        check_zip(zf, path)  # inflated-size and ratio limits before anything is inflated
    return open_workbook(path, ahead, errors)  # calamine's cells as openpyxl gives them (cells.py); else openpyxl's


class AnnexA:
    name = "annex-a"
    title = "Annex A"
    description = "an Ofsted Annex A workbook (lists 1-11)"
    carries = CARRIES
    not_carried_why = NOT_CARRIED_WHY
    # Annex A keeps one value per plan or period ("date of latest review"):
    # a rule about the whole series of reviews cannot be judged from it.
    # Visits and health assessments are also the latest only, which is what
    # rules about the latest visit or assessment need.
    partial = {
        "cp_conferences": "Annex A list 7 gives only the latest review conference of each plan",
        "lac_reviews": "Annex A list 8 gives only the latest statutory review of each period of care",
    }

    # ---- sniffing
    def sniff(self, path: Path) -> bool:
        if not path.is_file() or not zipfile.is_zipfile(path):
            return False
        try:
            # (an error cell's text, #N/A, is no list's header: no need to look for them)
            wb = _open(path, errors=False)
        except Exception:  # not a workbook openpyxl can read
            return False
        try:
            if any(SHEET_NUMBER.search(ws.title) for ws in wb.worksheets):
                return True
            for ws in wb.worksheets[:12]:
                for row in islice(ws.iter_rows(values_only=True), HEADER_SCAN_ROWS):
                    cells = [norm_header(c) for c in row if isinstance(c, str) and "_" not in c]
                    if any(c in STRONG_CHILD_ID for c in cells):
                        return True
                    if sum(1 for c in cells if c in STANDARD) >= 2:
                        return True
            return False
        except Exception:
            return False
        finally:
            wb.close()

    # ---- reading
    def read(self, path: Path, schema: DataSchema, diags: Diagnostics) -> Iterator[Source]:
        mark = len(diags.items)
        try:
            # every sheet is read, in order; the workbook is looked through for Excel error cells
            # meanwhile (calamine does not give their text): one that has some is read again by openpyxl
            wb = _open(path, ahead=True, errors="later")
        except Exception as exc:
            _unopened(diags, path, exc)
            return
        reader = self.read_sheets(path, wb, schema, diags)
        error_cells = getattr(wb, "error_cells", None)  # (calamine's workbook)
        if error_cells is not None:
            try:
                again = error_cells()
            except Exception as exc:  # noqa: BLE001 - a sheet part that cannot be inflated
                del diags.items[mark:]
                _unopened(diags, path, exc)
                return
            if again:
                del diags.items[mark:]  # (what calamine's reading said)
                from checker.data.readers.cells import openpyxl_workbook

                try:
                    wb = openpyxl_workbook(path)
                except Exception as exc:
                    _unopened(diags, path, exc)
                    return
                reader = self.read_sheets(path, wb, schema, diags)
        yield from reader.finish()

    @staticmethod
    def read_sheets(path: Path, wb, schema: DataSchema, diags: Diagnostics) -> _WorkbookReader:
        """Every sheet of the open workbook read (and the workbook closed)."""
        reader = _WorkbookReader(path, schema, diags)
        try:
            reader.visible = visible_lists(wb.worksheets)
            for ws in wb.worksheets:
                reader.sheet(ws)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged sheet part
            why = str(exc).strip() or type(exc).__name__
            diags.error(f"`{path.name}` could not be read: {why[:200]}", Location(str(path)), code="unreadable",
                        suggestion="open it in Excel and save it again as an Excel Workbook (.xlsx)")
        finally:
            wb.close()
        return reader


def _unopened(diags: Diagnostics, path: Path, exc: Exception) -> None:
    diags.error(f"cannot open `{path}` as an Excel workbook: {exc}", Location(str(path)), code="unreadable",
                suggestion="save it from Excel as .xlsx (an .xls or .csv file is not an Annex A workbook)")


class _WorkbookReader(RowReading, ColumnReading):
    def __init__(self, path: Path, schema: DataSchema, diags: Diagnostics):
        self.path = path
        self.schema = schema
        self.diags = diags
        self.sources: list[Source] = []
        self.children: dict[str, ChildAcc] = {}  # (read by rows)
        self.child_columns = ChildColumns()  # (read by columns)
        self.memo: dict[tuple[str, str], Any] = {}
        self.key_counts: dict[str, int] = defaultdict(int)
        self.first_rows: dict[tuple, tuple[str, int]] = {}  # (key, cell values) -> where first seen
        self.first_hashes: dict[tuple, tuple[str, int]] = {}  # (key, hash of cell values) -> where first seen
        self.by_rows = os.environ.get(BY_ROWS_ENV, "").lower() == "rows"
        self.repeats: dict[str, list[tuple[int, tuple[str, int]]]] = defaultdict(list)
        self.read_lists: list[int] = []
        self.other_lists: list[str] = []
        self.conflicts = 0
        self.tables_made: set[str] = set()
        self.missing_tables_warned: set[str] = set()
        self.visible: dict[int, str] = {}

    def where(self, sheet: str) -> str:
        return f"{self.path} [{sheet}]"

    # ---- one sheet
    def sheet(self, ws) -> None:
        title = ws.title
        hidden = getattr(ws, "sheet_state", "visible") != "visible"
        number = list_from_sheet_name(title)
        grid = sheet_grid(ws)
        head = grid.head(HEADER_SCAN_ROWS)
        if number is None:
            number = self.identify(head)
            if number is None:
                if any(not blank(c) for r in head for c in r):
                    self.diags.warning(
                        f"sheet `{title}`{' (hidden)' if hidden else ''} of `{self.path.name}` does not look like an "
                        f"Annex A list; it was not read",
                        Location(self.where(title)), code="unknown-sheet",
                        suggestion="name the sheet `List N` (N = 1..11) or give it the list's standard header row",
                    )
                return
        if hidden and hidden_copy(self.diags, self.where(title), title, number, self.visible):
            return
        found = self.header(head, number)
        if number in OTHER_LISTS:
            start = found[0] if found else 0
            count = sum(1 for r in grid.rows(start + 1 if found else 0) if any(not blank(c) for c in r))
            self.other_lists.append(title)
            self.diags.warning(
                f"sheet `{title}`: list {number} ({LIST_NAMES[number]}) has no table in the schema `{self.schema.name}`; "
                f"its {count} row{'s were' if count != 1 else ' was'} not read",
                Location(self.where(title)), code="list-not-in-schema",
            )
            return
        if found is None or found[1].get("child_id") is None:
            # An error when the sheet says it is a list ("List 3"); a warning when only a word in its
            # name suggested one ("Summary of contacts").
            report = self.diags.error if SHEET_NUMBER.search(title) else self.diags.warning
            report(
                f"sheet `{title}` (list {number}, {LIST_NAMES[number]}) has no header row with a `Child Unique ID` "
                f"column in its first {HEADER_SCAN_ROWS} rows; it was not read",
                Location(self.where(title), 1, 1), code="no-header",
            )
            return
        header_index, roles, names, unknown, dupes = found
        header_row = header_index + 1
        for j, h in dupes:
            self.diags.warning(
                f"column `{h}` of sheet `{title}` repeats a column already read; the first one was used",
                Location(self.where(title), header_row, j + 1), code="duplicate-column",
            )
        date_role = DATE_ROLE.get(number)
        if date_role is not None and date_role not in roles:
            col = next(c for c in LIST_COLS[number] if c.role == date_role)
            self.diags.error(
                f"sheet `{title}` (list {number}, {LIST_NAMES[number]}) has no column `{col.headers[0]}`, which it "
                f"needs; it was not read",
                Location(self.where(title), header_row, 1), code="missing-column",
            )
            return
        self.read_lists.append(number)
        self.check_columns(title, number, header_row, roles, unknown)
        below = head[header_index + 1] if header_index + 1 < len(head) else ()
        if hint_row(self.diags, self.where(title), title, header_row + 1, below):
            header_index += 1
            header_row += 1
        if self.by_rows:
            self.read_rows(title, number, header_row, roles, names, unknown, grid.rows(header_index + 1))
        else:
            columns, n = grid.columns(header_index + 1)
            self.read_columns(title, number, header_row, roles, names, unknown, columns, n)

    def identify(self, head: list[tuple]) -> int | None:
        best, best_score = None, (0, 0)
        for row in head:
            cells = {norm_header(c) for c in row if isinstance(c, str)}
            for n in LIST_COLS:
                distinctive = len(cells & DISTINCTIVE[n])
                total = len(cells & set(INDEX[n]))
                if distinctive and (distinctive, total) > best_score:
                    best, best_score = n, (distinctive, total)
        return best

    def header(self, head: list[tuple], number: int):
        """(index of the header's last row, role -> column index, role -> header text,
        [(column index, header)] unknown, [(column index, header)] repeated) or None."""
        index = INDEX[number]
        best, best_count = None, 0
        for i, row in enumerate(head):
            count = len({index[k].role for k in (norm_header(c) for c in row if not blank(c)) if k in index})
            if count > best_count:
                best, best_count = i, count
        if best is None:
            return None
        roles: dict[str, int] = {}
        names: dict[str, str] = {}
        unknown: list[tuple[int, str]] = []
        dupes: list[tuple[int, str]] = []
        row = head[best]
        for j, cell in enumerate(row):
            if blank(cell):
                # A header merged down from the rows above (vertically merged cells).
                for up in range(best - 1, max(-1, best - 3), -1):
                    above = head[up][j] if j < len(head[up]) else None
                    col = index.get(norm_header(above)) if not blank(above) else None
                    if col is not None and col.role not in roles:
                        roles[col.role] = j
                        names[col.role] = str(above).strip()
                        break
                continue
            col = index.get(norm_header(cell))
            if col is None:
                unknown.append((j, str(cell).strip()))
            elif col.role in roles:
                dupes.append((j, str(cell).strip()))
            else:
                roles[col.role] = j
                names[col.role] = str(cell).strip()
        # A second header row under group labels (``Child details`` over ``Gender`` and ``Ethnicity``):
        # every cell in it is a header, and it names columns the first row did not.
        last = best
        if best + 1 < len(head):
            below = [(j, c) for j, c in enumerate(head[best + 1]) if not blank(c)]
            cols = [(j, c, index.get(norm_header(c))) for j, c in below]
            if cols and all(col is not None and col.role not in roles and j not in roles.values()
                            for j, _, col in cols):
                last = best + 1
                for j, c, col in cols:
                    assert col is not None  # the all() above found a column for every cell
                    roles[col.role] = j
                    names[col.role] = str(c).strip()
                unknown = [(j, h) for j, h in unknown if j not in roles.values()]
        return last, roles, names, unknown, dupes

    def check_columns(self, title: str, number: int, header_row: int, roles: dict, unknown: list) -> None:
        where = self.where(title)
        standard = [c.headers[0] for c in LIST_COLS[number] + COMMON]
        for j, h in unknown:
            self.diags.warning(
                f"column `{h}` of sheet `{title}` is not a list {number} ({LIST_NAMES[number]}) column casecheck knows; "
                f"it was ignored",
                Location(where, header_row, j + 1), code="unknown-column", suggestion=did_you_mean(h, standard),
            )
        cols = {c.role: c for c in LIST_COLS[number] + COMMON}
        for out in OUTS[number]:
            if out.table not in self.schema.tables:
                continue
            if out.suffix is not None and out.trigger not in roles:
                assert out.trigger is not None  # every derived ListOut in OUTS names its trigger (tested)
                self.diags.warning(
                    f"sheet `{title}` has no column `{cols[out.trigger].headers[0]}`; no `{out.table}` records are "
                    f"made from it",
                    Location(where, header_row, 1), code="missing-column",
                )
                continue
            for fld, role in out.fields.items():
                if role in roles or (role in COMPUTED and any(r in roles for r in COMPUTED[role])):
                    continue
                if role in COMPUTED:
                    role = COMPUTED[role][0]
                self.diags.warning(
                    f"sheet `{title}` has no column `{cols[role].headers[0]}`; every value of `{out.table}.{fld}` "
                    f"from it is missing",
                    Location(where, header_row, 1), code="missing-column",
                )

    def finish(self) -> Iterator[Source]:
        schema = self.schema
        for title, reps in self.repeats.items():
            rownum, (s0, r0) = reps[0]
            first = f"row {r0}" if s0 == title else f"sheet `{s0}` row {r0}"
            self.diags.warning(
                f"sheet `{title}`: {len(reps)} row{'s repeat' if len(reps) != 1 else ' repeats'} an earlier row exactly "
                f"(row {rownum} repeats {first}); Annex A cannot tell a second event on the same day from a copied "
                f"row, so each was loaded as its own record",
                Location(self.where(title), rownum), code="repeated-row",
            )
        if self.conflicts > MAX_CONFLICT_WARNINGS:
            self.diags.warning(
                f"{self.conflicts} conflicting child details between lists in all ({MAX_CONFLICT_WARNINGS} shown); "
                f"the first value seen was used each time",
                Location(str(self.path)), code="conflicting-child",
            )
        if not self.read_lists:
            others = f" (only lists with no table in the schema: {', '.join(self.other_lists)})" if self.other_lists else ""
            self.diags.error(
                f"`{self.path.name}` has no sheet that is an Annex A list 1 or 3-9{others}",
                Location(str(self.path)), code="no-annex-a-lists",
                suggestion="name each sheet `List N` (e.g. `List 3 - Referrals`) or give it the list's standard header "
                           "row with a `Child Unique ID` column; or name the format with --input-format",
            )
            return
        missing_lists(self.diags, str(self.path), self.path.name, self.read_lists, schema.tables)
        if "children" in schema.tables:
            table = schema.tables["children"]
            if self.by_rows:
                yield from children_rows(self.children, table, self.where)
            else:
                yield from self.child_columns.sources(table, self.where)
            self.tables_made.add("children")
        yield from self.sources
        # one warning for the lot: what the format has no column for is the same in every
        # workbook, and each rule it stops is listed as not run, saying which field it lacks
        lacking = {name: [f for f in schema.tables[name].fields if f not in carried(name)]
                   for name in schema.tables if name in self.tables_made}
        lacking = {name: fields for name, fields in lacking.items() if fields}
        if lacking:
            n = sum(len(f) for f in lacking.values())
            self.diags.warning(
                f"Annex A does not carry {n} field{'s' if n != 1 else ''} of the schema ("
                + "; ".join(f"`{name}`: {', '.join(f'`{f}`' for f in fields)}" for name, fields in lacking.items())
                + "): every value is missing, so rules that need them cannot be judged from this input",
                Location(str(self.path)), code="not-carried",
            )
