"""The CIN census XML read block for block, for the ``cin-census`` schema.

This is the CIN XML reader's second mode (``cin_xml.CinCensus.read`` hands a
schema with a ``cin_details`` table here): where the ``csc`` mode reads the
census as case records, this one keeps the return as it was sent, so that the
``dfe-cin`` pack can validate it. See ``rules/schemas/cin-census.yaml`` for the
tables, their keys (places in the file, never values from it) and why codes
and true/false items are kept as strings.

===========================================  ===================================
XML                                          cin-census
===========================================  ===================================
Header/CollectionDetails, Header/Source      header (one record, header_id "1")
Child/ChildIdentifiers, ChildCharacteristics children (one per Child)
  .../Disabilities/Disability                disabilities
Child/CINdetails                             cin_details
  Assessments                                assessments (factors_block: has a
                                             FactorsIdentifiedAtAssessment)
    FactorsIdentifiedAtAssessment/*          assessment_factors
  CINPlanDates                               cin_plans
  Section47                                  section47
  ChildProtectionPlans                       cp_plans
    Reviews/CPPreviewDate                    cpp_reviews (one per date; an empty
                                             one has a missing date)
===========================================  ===================================

Where an element occurs twice in a block the first is read, as the DfE
validator does. Values are read as the census's XSD types them. Dates
(``xs:date``), the header Year (``xs:gYear``) and NumberOfPreviousCPP (an
integer) collapse whitespace, so spaces around them do not matter; a date is
``YYYY-MM-DD`` (a time zone after it is ignored) and nothing else:
``20240501``, ``04/02/2025`` or ``2024-05-01 00:00:00`` are not dates, nor is
a Year that is not four digits, and such a value is read as missing (the
loader would reject its whole row), counted in one warning per element.
Every other item (codes, true/false items, IDs, UPNs) is a restriction of
``xs:string``, which keeps whitespace: it is read exactly as sent, so
`` N1`` is not a code and `` true`` or ``False`` is neither true nor false
(the census allows ``true``, ``false``, ``TRUE``, ``FALSE``, ``1``, ``0``). Elements the census does not define are
ignored (the ``csc`` mode of the reader reports them; this mode is for the
census's own rules). The parser resolves no external entity, DTD or network
fetch (see ``read``).

For the DuckDB engine a census of any size is read by ``cin_census_duckdb``:
the batches this reader yields go to DuckDB as text and are typed there, with
the Python loader's exact result and no Python record per row.
"""

from __future__ import annotations

import datetime as _dt
import gc
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from checker.data.readers.base import RawRow, Source
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema

TABLES = ("header", "children", "disabilities", "cin_details", "assessments", "assessment_factors",
          "cin_plans", "section47", "cp_plans", "cpp_reviews")

_HEADER = {"Collection": "collection", "Year": "year", "ReferenceDate": "reference_date", "SourceLevel": "source_level",
           "LEA": "lea", "SoftwareCode": "software_code", "Release": "release", "SerialNo": "serial_no",
           "DateTime": "date_time"}
_IDENT = {"LAchildID": "la_child_id", "UPN": "upn", "FormerUPN": "former_upn", "UPNunknown": "upn_unknown",
          "PersonBirthDate": "birth_date", "ExpectedPersonBirthDate": "expected_birth_date", "Sex": "sex",
          "GenderCurrent": "gender_current", "PersonDeathDate": "death_date"}
_CIN = {"CINreferralDate": "referral_date", "ReferralSource": "referral_source", "PrimaryNeedCode": "primary_need",
        "CINclosureDate": "closure_date", "ReasonForClosure": "reason_for_closure", "DateOfInitialCPC": "initial_cpc_date",
        "ReferralNFA": "referral_nfa"}
_ASSESSMENT = {"AssessmentActualStartDate": "start_date", "AssessmentInternalReviewDate": "internal_review_date",
               "AssessmentAuthorisationDate": "authorisation_date"}
_CIN_PLAN = {"CINPlanStartDate": "start_date", "CINPlanEndDate": "end_date"}
_S47 = {"S47ActualStartDate": "start_date", "InitialCPCtarget": "icpc_target", "DateOfInitialCPC": "icpc_date",
        "ICPCnotRequired": "icpc_not_required"}
_ETHNICITY = {"Ethnicity": "ethnicity"}
_CPP = {"CPPstartDate": "start_date", "CPPendDate": "end_date", "InitialCategoryOfAbuse": "initial_category",
        "LatestCategoryOfAbuse": "latest_category", "NumberOfPreviousCPP": "previous_plans"}

COLUMNS = {
    "header": ("header_id", *_HEADER.values()),
    "children": ("child_key", "header_id", "position", *_IDENT.values(), "ethnicity"),
    "disabilities": ("disability_key", "child_key", "header_id", "code"),
    "cin_details": ("cin_key", "child_key", "header_id", "number", *_CIN.values()),
    "assessments": ("assessment_key", "child_key", "cin_key", "number", *_ASSESSMENT.values(), "factors_block"),
    "assessment_factors": ("factor_key", "assessment_key", "child_key", "code"),
    "cin_plans": ("cin_plan_key", "child_key", "cin_key", "number", *_CIN_PLAN.values()),
    "section47": ("s47_key", "child_key", "header_id", "cin_key", "number", *_S47.values()),
    "cp_plans": ("cpp_key", "child_key", "header_id", "cin_key", "number", *_CPP.values()),
    "cpp_reviews": ("review_key", "child_key", "cin_key", "cpp_key", "date"),
}

# Which census elements are dates (a value that is not one is read as missing). Not the
# header's DateTime (xs:dateTime, when the file was made), which the schema keeps as text.
_DATES = {e for m in (_HEADER, _IDENT, _CIN, _ASSESSMENT, _CIN_PLAN, _S47, _CPP) for e, f in m.items()
          if ("date" in f and e != "DateTime") or f in ("icpc_target",)} | {"CPPreviewDate"}

# Items whose XSD type collapses whitespace besides the dates: xs:gYear, xs:dateTime and an integer.
_COLLAPSED = {"Year", "DateTime", "NumberOfPreviousCPP"}

# The items read into a field whose XSD type keeps whitespace (every one neither a date nor collapsed).
_AS_SENT = frozenset(e for m in (_HEADER, _IDENT, _CIN, _ASSESSMENT, _CIN_PLAN, _S47, _ETHNICITY, _CPP) for e in m
                     if e not in _DATES and e not in _COLLAPSED)

# xs:date's lexical form: YYYY-MM-DD, then an optional time zone.
_XS_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")

_BATCH = 2000


def _xs_date(text: str) -> str | None:
    """``YYYY-MM-DD`` of an xs:date (its time zone left off), or None if it is not one."""
    m = _XS_DATE.fullmatch(text)
    if m is None:
        return None
    try:
        _dt.date.fromisoformat(m.group(1))
    except ValueError:  # 2024-02-30
        return None
    return m.group(1)


def _local_name(tag) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[1] if tag[:1] == "{" else tag


class _Locals(dict):
    """Each tag's local name, worked out once per distinct tag: a census has a
    few dozen (a hostile file with more has the first few thousand kept)."""

    def __missing__(self, tag) -> str:
        name = _local_name(tag)
        if len(self) < 4096:
            self[tag] = name
        return name


_local = _Locals().__getitem__


# How a field's element text is read (see _Spec): as sent, as a date, or by _Census.text.
_AS_SENT_TEXT, _DATE_TEXT, _OTHER_TEXT = "as sent", "date", "other"


class _Spec(dict):
    """Element tag -> (its field's place in a record, how its text is read, its local name) for
    an element read into a field; for any other, its local name. Worked out once per distinct tag
    (a hostile file with more than a few thousand has the first few thousand kept)."""

    def __init__(self, places: dict[str, int]):
        super().__init__()
        self.places = places

    def __missing__(self, tag):
        name = _local(tag)
        at = self.places.get(name)
        got: tuple[int, str, str] | str = name if at is None else (
            at, _AS_SENT_TEXT if name in _AS_SENT else _DATE_TEXT if name in _DATES else _OTHER_TEXT, name)
        if len(self) < 4096:
            self[tag] = got
        return got


#: (id of an element -> field mapping, table) -> its _Spec (the mappings are this module's
#: constants, and so is ``_ETHNICITY``)
_SPECS: dict[tuple[int, str], _Spec] = {}
_WIDTH = {t: len(c) for t, c in COLUMNS.items()}


def _spec(mapping: dict[str, str], table: str) -> _Spec:
    """Element tag -> (the field's place in a record, how its text is read, its local name)."""
    spec = _SPECS.get((id(mapping), table))
    if spec is None:
        cols = COLUMNS[table]
        spec = _SPECS[(id(mapping), table)] = _Spec({name: cols.index(f) for name, f in mapping.items()})
    return spec


_SPEC_IDENT, _SPEC_ETHNICITY, _SPEC_CIN = _spec(_IDENT, "children"), _spec(_ETHNICITY, "children"), _spec(_CIN, "cin_details")
_SPEC_ASSESSMENT, _SPEC_CIN_PLAN = _spec(_ASSESSMENT, "assessments"), _spec(_CIN_PLAN, "cin_plans")
_SPEC_S47, _SPEC_CPP = _spec(_S47, "section47"), _spec(_CPP, "cp_plans")

#: One cell of a record: the text as sent, a key part (a Child or block number), or None.
Cell = str | int | None


class _Rows:
    """One table's rows, as columns for the loader (see ``data.Loader.add_source``).
    Iterated, they are RawRows, as the Source contract says."""

    __slots__ = ("table", "numbers", "records")

    def __init__(self, table: str, numbers: list[int], records: list[list[Cell]]):
        self.table, self.numbers, self.records = table, numbers, records

    def __iter__(self) -> Iterator[RawRow]:  # for a caller that wants rows, not columns
        fields = COLUMNS[self.table]
        return (RawRow(n, dict(zip(fields, rec))) for n, rec in zip(self.numbers, self.records))

    def columns(self):
        fields = COLUMNS[self.table]
        if not self.records:
            return self.numbers, {f: () for f in fields}
        return self.numbers, dict(zip(fields, zip(*self.records)))


class _Census:
    def __init__(self, file: str, diags: Diagnostics):
        self.file, self.diags = file, diags
        self.records: dict[str, list[list[Cell]]] = {t: [] for t in TABLES}
        self.numbers: dict[str, list[int]] = {t: [] for t in TABLES}
        self.bad_dates: Counter = Counter()
        self.first_bad: dict[str, str] = {}
        self.dates: dict[str, str | None] = {}  # text -> itself if a date, else None
        self.date_texts: dict[str | None, str] = {}  # a date element's text as sent -> the date it is (if one)
        self.header_seen = False

    def text(self, e, name: str | None = None) -> str | None:
        """``e``'s value as the census types it; ``name``: its local name, if known."""
        t = e.text
        if t is None:
            return None
        if name is None:
            name = _local(e.tag)
        if name not in _DATES and name not in _COLLAPSED:
            return t or None  # a restriction of xs:string: as sent, whitespace and all
        t = t.strip()
        if not t:
            return None
        if name in _DATES:
            try:
                ok = self.dates[t]
            except KeyError:  # a date text not seen before
                ok = self.dates[t] = _xs_date(t)
            if ok is None:
                self.bad_dates[name] += 1
                self.first_bad.setdefault(name, t)
            return ok
        if name == "Year" and not (len(t) == 4 and t.isascii() and t.isdigit()):
            self.bad_dates["Year"] += 1  # the validator reads 31/03/<Year> as %d/%m/%Y: four digits
            self.first_bad.setdefault("Year", t)
            return None
        return t

    def block(self, elem, mapping: dict[str, str], table: str, rec: list[Cell]) -> dict[str, list]:
        """The simple elements of ``elem`` into ``rec`` (first occurrence wins); the others by name."""
        return self._block(elem, _spec(mapping, table), rec)

    def _block(self, elem, spec: _Spec, rec: list[Cell]) -> dict[str, list]:
        # (the hot loop of a census: every simple element passes here once)
        nested: dict[str, list] = {}
        done = set()
        dates = self.date_texts
        for e in elem:
            got = spec[e.tag]
            if got.__class__ is tuple:
                at, how, name = got
                if name not in done:
                    done.add(name)
                    if how is _AS_SENT_TEXT:  # a restriction of xs:string: as sent, whitespace and all
                        rec[at] = e.text or None
                    elif how is _DATE_TEXT:  # a date met before as this very text: self.text's answer
                        t = e.text
                        day = dates.get(t)
                        if day is None:
                            day = self.text(e, name)
                            if day is not None:
                                dates[t] = day
                        rec[at] = day
                    else:
                        rec[at] = self.text(e, name)
            elif got:
                if got in nested:
                    nested[got].append(e)
                else:
                    nested[got] = [e]
        return nested

    def add(self, table: str, rec: list[Cell], n: int) -> None:
        self.records[table].append(rec)
        self.numbers[table].append(n)

    def header(self, elem) -> None:
        if self.header_seen:
            return
        self.header_seen = True
        rec: list[Cell] = [None] * len(COLUMNS["header"])
        rec[0] = "1"
        cols = COLUMNS["header"]
        for part in elem:
            for e in part:
                f = _HEADER.get(_local(e.tag))
                if f is not None and rec[cols.index(f)] is None:
                    rec[cols.index(f)] = self.text(e)
        self.add("header", rec, 1)

    def child(self, elem, n: int) -> None:
        rec: list[Cell] = [None] * _WIDTH["children"]
        ident = chars = None
        cins = []
        for part in elem:
            name = _local(part.tag)
            if name == "CINdetails":
                cins.append(part)
            elif name == "ChildIdentifiers":
                if ident is None:
                    ident = part
            elif name == "ChildCharacteristics" and chars is None:
                chars = part
        disabilities = []
        if ident is not None:
            self._block(ident, _SPEC_IDENT, rec)
        if chars is not None:
            nested = self._block(chars, _SPEC_ETHNICITY, rec)
            for d in nested.get("Disabilities", [])[:1]:
                disabilities = [e for e in d if _local(e.tag) == "Disability"]
        lac = rec[3]
        ckey = f"{lac}#{n}" if lac else f"#{n}"
        rec[0], rec[1], rec[2] = ckey, "1", n
        self.records["children"].append(rec)
        self.numbers["children"].append(n)
        if disabilities:
            recs, nums, text = self.records["disabilities"], self.numbers["disabilities"], self.text
            for j, d in enumerate(disabilities, 1):
                recs.append([f"{ckey}/D{j}", ckey, "1", text(d)])
                nums.append(n)
        for i, cin in enumerate(cins, 1):
            self.cin(cin, n, ckey, i)

    def cin(self, elem, n: int, ckey: str, i: int) -> None:
        key = f"{ckey}/{i}"
        records, numbers, block = self.records, self.numbers, self._block
        rec: list[Cell] = [None] * _WIDTH["cin_details"]
        rec[0], rec[1], rec[2], rec[3] = key, ckey, "1", i
        nested = block(elem, _SPEC_CIN, rec)
        records["cin_details"].append(rec)
        numbers["cin_details"].append(n)
        if not nested:
            return
        got = nested.get("Assessments")
        if got:
            spec = _SPEC_ASSESSMENT
            width = _WIDTH["assessments"]
            for j, a in enumerate(got, 1):
                akey = f"{key}/A{j}"
                arec: list[Cell] = [None] * width
                arec[0], arec[1], arec[2], arec[3] = akey, ckey, key, j
                sub = block(a, spec, arec)
                factors = sub.get("FactorsIdentifiedAtAssessment")
                arec[-1] = "true" if factors else "false"
                records["assessments"].append(arec)
                numbers["assessments"].append(n)
                if factors:
                    frecs, fnums, text = records["assessment_factors"], numbers["assessment_factors"], self.text
                    for k, fe in enumerate(factors[0], 1):
                        if _local(fe.tag):
                            frecs.append([f"{akey}/F{k}", akey, ckey, text(fe)])
                            fnums.append(n)
        got = nested.get("CINPlanDates")
        if got:
            spec = _SPEC_CIN_PLAN
            for j, p in enumerate(got, 1):
                prec: list[Cell] = [f"{key}/N{j}", ckey, key, j, *[None] * len(_CIN_PLAN)]
                block(p, spec, prec)
                records["cin_plans"].append(prec)
                numbers["cin_plans"].append(n)
        got = nested.get("Section47")
        if got:
            spec = _SPEC_S47
            for j, s in enumerate(got, 1):
                srec: list[Cell] = [f"{key}/S{j}", ckey, "1", key, j, *[None] * len(_S47)]
                block(s, spec, srec)
                records["section47"].append(srec)
                numbers["section47"].append(n)
        got = nested.get("ChildProtectionPlans")
        if got:
            spec = _SPEC_CPP
            for j, p in enumerate(got, 1):
                pkey = f"{key}/P{j}"
                prec = [pkey, ckey, "1", key, j, *[None] * len(_CPP)]
                sub = block(p, spec, prec)
                records["cp_plans"].append(prec)
                numbers["cp_plans"].append(n)
                m = 0
                for reviews in sub.get("Reviews", ()):
                    for r in reviews:
                        if _local(r.tag) == "CPPreviewDate":
                            m += 1
                            self.add("cpp_reviews", [f"{pkey}/R{m}", ckey, key, pkey, self.text(r)], n)

    def rows(self, table: str) -> _Rows:
        recs, nums = self.records[table], self.numbers[table]
        self.records[table], self.numbers[table] = [], []
        return _Rows(table, nums, recs)

    def report(self) -> None:
        for name, count in sorted(self.bad_dates.items()):
            what = "a four-digit year" if name == "Year" else "a date"
            said = (f"{count} values that are not {what.split(' ', 1)[1]}s (first `{self.first_bad[name]}`) were"
                    if count > 1 else f"1 value that is not {what} (`{self.first_bad[name]}`) was")
            self.diags.warning(f"<{name}>: {said} read as missing", Location(self.file), code="bad-date")


def read(path: Path, schema: DataSchema, diags: Diagnostics) -> Iterator[Source]:
    """Yield the census's blocks as ``cin-census`` tables (a Source per table per batch of children)."""
    file = str(path)
    wanted = [t for t in TABLES if t in schema.tables]
    out = _Census(file, diags)
    first = True
    from lxml import etree  # imported when a census is read, not when a folder is told from one

    n = 0
    paused = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as fh:
            # Hostile files, as the csc mode (cin_xml.py): no external entity, DTD or network
            # fetch, ever (resolve_entities="internal" keeps only entities the file itself
            # defines; libxml2 caps their expansion, so a "billion laughs" file is an error), and
            # libxml2's default limits on depth and size (no huge_tree). Said explicitly, not left
            # to lxml's defaults, which differ between versions.
            events = etree.iterparse(fh, events=("end",), tag=("{*}Child", "{*}Header"),
                                     remove_comments=True, remove_pis=True, remove_blank_text=True,
                                     resolve_entities="internal", no_network=True, load_dtd=False, huge_tree=False)
            try:
                for _, elem in events:
                    if _local(elem.tag) == "Child":
                        n += 1
                        out.child(elem, n)
                        elem.clear()
                        parent = elem.getparent()
                        if parent is not None and _local(parent.tag) == "Children":
                            parent.remove(elem)
                        if n % _BATCH == 0:
                            for table in wanted:
                                if first or out.records[table]:
                                    yield Source(table, file, out.rows(table))
                            first = False
                    else:
                        out.header(elem)
                        elem.clear()
            except etree.XMLSyntaxError as exc:
                line, col = exc.position if exc.position else (1, 1)
                diags.error(f"`{path.name}` is not well-formed XML: {exc.msg} (the {n} Child elements before it were read)",
                            Location(file, max(line or 1, 1), max(col or 1, 1)), code="bad-xml")
    except OSError as exc:
        diags.error(f"cannot read `{path}`: {exc.strerror}", Location(file), code="unreadable")
    finally:
        if paused:
            gc.enable()
    if not out.header_seen:
        diags.warning(f"`{path.name}` has no <Header>: rules on the header have nothing to judge", Location(file), code="no-header")
    out.report()
    for table in wanted:
        yield Source(table, file, out.rows(table))
