"""The DfE Children in Need (CIN) census XML return.

Structure (CIN_schema_2024.xsd; ``../shared/DOMAIN.md`` section 2)::

    Message
      Header / CollectionDetails (Collection, Year, ReferenceDate) / Source (LEA ...)
      Children / Child (repeating)
        ChildIdentifiers     LAchildID, PersonBirthDate, ExpectedPersonBirthDate, GenderCurrent|Sex ...
        ChildCharacteristics Ethnicity, Disabilities/Disability (repeating)
        CINdetails (repeating: one per referral, a CIN episode)
          CINreferralDate, ReferralSource, PrimaryNeedCode, CINclosureDate, ReasonForClosure,
          DateOfInitialCPC, Assessments*, CINPlanDates*, Section47*, ReferralNFA,
          ChildProtectionPlans* (Reviews/CPPreviewDate*)

What is read (element -> ``csc`` field)
---------------------------------------
=====================================================  ======================================
XML                                                    csc
=====================================================  ======================================
ChildIdentifiers/LAchildID                             children.child_id (and every child_id)
ChildIdentifiers/PersonBirthDate                       children.date_of_birth
ChildIdentifiers/ExpectedPersonBirthDate               children.expected_date_of_birth
ChildIdentifiers/Sex or GenderCurrent                  children.sex: 1 -> M, 2 -> F, 0/9 -> U
ChildCharacteristics/Ethnicity                         children.ethnicity (same codes)
ChildCharacteristics/Disabilities/Disability           children.disabled: any code but NONE ->
                                                       true; only NONE -> false; none -> missing
CINdetails                                             referrals (one each)
  CINreferralDate / ReferralSource / PrimaryNeedCode   referrals.date / source / primary_need
  CINclosureDate / ReferralNFA                         referrals.closure_date / nfa
  DateOfInitialCPC                                     cp_conferences (type initial), when no
                                                       Section47 of the episode has that date
  Assessments                                          assessments (one each)
    AssessmentActualStartDate                          assessments.start_date
    AssessmentAuthorisationDate                        assessments.authorised_date
  CINPlanDates                                         cin_plans (one each)
    CINPlanStartDate / CINPlanEndDate                  cin_plans.start_date / end_date
  Section47                                            s47_enquiries (one each)
    S47ActualStartDate / InitialCPCtarget              s47_enquiries.start_date / icpc_target_date
    DateOfInitialCPC / ICPCnotRequired                 s47_enquiries.icpc_date / icpc_not_required;
                                                       a DateOfInitialCPC is also a cp_conferences
                                                       row (type initial, s47_id set)
  ChildProtectionPlans                                 cp_plans (one each)
    CPPstartDate / CPPendDate                          cp_plans.start_date / end_date
    InitialCategoryOfAbuse / LatestCategoryOfAbuse     cp_plans.initial_category / latest_category
    NumberOfPreviousCPP                                cp_plans.previous_plans
    Reviews/CPPreviewDate                              cp_conferences (type review, plan_id set)
=====================================================  ======================================

Referral source, primary need, ethnicity and abuse category codes are the
census's own codes in ``csc``; only Sex/GenderCurrent digits are translated.
Values are otherwise passed to the loader as the XML has them, which coerces
and rejects them like any other format's. Known census items with no ``csc``
field (UPN, FormerUPN, UPNunknown, PersonDeathDate, ReasonForClosure,
AssessmentInternalReviewDate, FactorsIdentifiedAtAssessment,
PreProceedingsandFGDM) are listed as ignored columns of their table; elements
within a Child that the census does not define are warned about, once per
element name. The census carries no contacts, visits, care, workforce or
audit tables: those are *not carried* (a rule's record that turns on them is
not evidenced because of the format, ``engine/availability``). Nor does it
carry, among the tables it does fill, e.g. child seen, decision dates, s47
end dates, conference outcomes or teams and workers.

Derived from what the census means: every census assessment is a single
assessment (``type`` single: the census starts with WT 2013); each Section47
with an S47ActualStartDate makes a ``strategy_discussions`` record on that
date (the strategy discussion that started the enquiry: the DfE's ICPC clock
runs from it, and the Standard Safeguarding Dataset defines it the same way),
keyed ``<s47>/SD``, linked to the enquiry (``strategy_id``) and to its
referral, ``s47_decided`` true; whether police and health attended is not
carried.

Derived links: an initial conference is linked to the child protection plan of
the same CINdetails that starts on the conference's date (CIN rule 2885: a
plan starts on the day of its ICPC), when there is exactly one such plan not
already linked. A CINdetails-level DateOfInitialCPC equal to one of its
Section47 dates is the same conference recorded twice and makes no second row.

Keys
----
The census has no identifiers below the child, so keys are made from the
child's LAchildID and the element's position (1-based, document order) within
its parent, which is deterministic for a given file:

=================  ==========================  ==================================
table              key                         e.g.
=================  ==========================  ==================================
referrals          <child>/<n>                 ``C123/1``  (nth CINdetails)
assessments        <referral>/A<n>             ``C123/1/A1``
cin_plans          <referral>/N<n>             ``C123/1/N1``
s47_enquiries      <referral>/S<n>             ``C123/1/S1``
cp_plans           <referral>/P<n>             ``C123/1/P1``
cp_conferences     <s47>/ICPC                  ``C123/1/S1/ICPC`` (Section47 DateOfInitialCPC)
                   <referral>/ICPC             ``C123/1/ICPC``    (CINdetails DateOfInitialCPC)
                   <plan>/R<n>                 ``C123/1/P1/R2``   (nth CPPreviewDate)
=================  ==========================  ==================================

Foreign keys follow the nesting: child_id everywhere, referral_id on
assessments and s47_enquiries, s47_id and plan_id on conferences. (``csc``
gives cp_plans and cin_plans no referral_id, so their CINdetails shows only in
their keys.) A Child
without a LAchildID keeps a blank child_id on all its rows (so the loader
rejects and counts each, "missing required value"), its keys stemmed ``#<n>``
from its position. Every row's number is its Child's position in the file
(``Child 12``); ``where`` gives the full path.

Reading streams, in one pass: lxml's ``iterparse`` (libxml2) hands over one
finished ``<Child>`` at a time (an event for the end of each Child only: the
elements within it are built without a Python object each until it is read),
which is mapped to one record per row, a list of values in the order of
``COLUMNS``, and then cleared and detached from ``<Children>``, so the element
tree never grows. After each batch of 1,000 Child elements the rows read are
yielded, one Source per table (a table's rows come in several Sources, in file
order), and the loader takes them as columns (``_Rows.columns``) while they are
fresh: memory holds the loaded records and one batch, not the whole file's raw
rows too. Element names are matched once per distinct tag (``_Slots``), so a
namespace costs nothing per element. The cyclic garbage collector is paused
while parsing (see ``read``). ``bench/read_cin_xml.py`` measures it.
Malformed XML stops the reading with an error naming the file, line and
column; the children read before it are still loaded and counted.

Writing (:func:`write`) produces the same structure from typed ``csc`` tables;
see its docstring for what is written.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from checker.data.readers.base import RawRow, Source
from checker.errors import Diagnostic, Diagnostics, Location
from checker.schema import DataSchema

TABLES = ("children", "referrals", "assessments", "s47_enquiries", "strategy_discussions", "cp_conferences", "cp_plans",
          "cin_plans")

SEX_IN = {"1": "M", "2": "F", "0": "U", "9": "U"}
SEX_OUT = {"M": "1", "F": "2", "U": "0"}
DISABLED_CODE = "DDA"  # written for disabled=true: the census's "other" disability

# element -> field, per block (the element names of CIN_schema_2024.xsd; Sex from 2024/25)
_IDENT = {
    "LAchildID": "child_id",
    "PersonBirthDate": "date_of_birth",
    "ExpectedPersonBirthDate": "expected_date_of_birth",
}
_IDENT_IGNORED = ("UPN", "FormerUPN", "UPNunknown", "PersonDeathDate")
_REFERRAL = {
    "CINreferralDate": "date",
    "ReferralSource": "source",
    "PrimaryNeedCode": "primary_need",
    "CINclosureDate": "closure_date",
    "ReferralNFA": "nfa",
}
_REFERRAL_IGNORED = ("ReasonForClosure", "PreProceedingsandFGDM")
_ASSESSMENT = {"AssessmentActualStartDate": "start_date", "AssessmentAuthorisationDate": "authorised_date"}
_ASSESSMENT_IGNORED = ("AssessmentInternalReviewDate", "FactorsIdentifiedAtAssessment")
_CIN_PLAN = {"CINPlanStartDate": "start_date", "CINPlanEndDate": "end_date"}
_S47 = {
    "S47ActualStartDate": "start_date",
    "InitialCPCtarget": "icpc_target_date",
    "DateOfInitialCPC": "icpc_date",
    "ICPCnotRequired": "icpc_not_required",
}
_CPP = {
    "CPPstartDate": "start_date",
    "CPPendDate": "end_date",
    "InitialCategoryOfAbuse": "initial_category",
    "LatestCategoryOfAbuse": "latest_category",
    "NumberOfPreviousCPP": "previous_plans",
}


def _fields_from(mapping: dict[str, str], **more: str) -> dict[str, str]:
    return {"child_id": "LAchildID", **{f: e for e, f in mapping.items()}, **more}


# schema field -> the element it came from (RawRow.sources; shared, never mutated)
_SOURCES = {
    "children": _fields_from(_IDENT, sex="Sex/GenderCurrent", ethnicity="Ethnicity", disabled="Disabilities/Disability"),
    "referrals": _fields_from(_REFERRAL),
    "assessments": _fields_from(_ASSESSMENT),
    "cin_plans": _fields_from(_CIN_PLAN),
    "s47_enquiries": _fields_from(_S47),
    "cp_plans": _fields_from(_CPP),
    "cp_conferences": _fields_from({}, date="DateOfInitialCPC/CPPreviewDate"),
    "strategy_discussions": _fields_from({}, date="Section47/S47ActualStartDate"),
}

# Every element the census defines, by its parent (anything else is warned about).
_KNOWN = {
    "Child": {"ChildIdentifiers", "ChildCharacteristics", "CINdetails"},
    "ChildIdentifiers": {*_IDENT, *_IDENT_IGNORED, "GenderCurrent", "Sex"},
    "ChildCharacteristics": {"Ethnicity", "Disabilities"},
    "Disabilities": {"Disability"},
    "CINdetails": {*_REFERRAL, *_REFERRAL_IGNORED, "DateOfInitialCPC", "Assessments", "CINPlanDates",
                   "Section47", "ChildProtectionPlans"},
    "Assessments": {*_ASSESSMENT, *_ASSESSMENT_IGNORED},
    "CINPlanDates": set(_CIN_PLAN),
    "Section47": set(_S47),
    "ChildProtectionPlans": {*_CPP, "Reviews"},
    "Reviews": {"CPPreviewDate"},
}

_KNOWN_IDENT = _KNOWN["ChildIdentifiers"]
_KNOWN_CIN = _KNOWN["CINdetails"]

# The fields of each table's records as the reader makes them (lists, one value a field, None
# when missing): the keys, then the fields in the order of the census's elements.
COLUMNS = {
    "children": ("child_id", "date_of_birth", "expected_date_of_birth", "sex", "ethnicity", "disabled"),
    "referrals": ("referral_id", "child_id", *_REFERRAL.values()),
    "assessments": ("assessment_id", "child_id", "referral_id", *_ASSESSMENT.values(), "type"),
    "cin_plans": ("cin_plan_id", "child_id", *_CIN_PLAN.values()),
    "s47_enquiries": ("s47_id", "child_id", "referral_id", *_S47.values(), "strategy_id"),
    "strategy_discussions": ("strategy_id", "child_id", "referral_id", "date", "s47_decided"),
    "cp_plans": ("plan_id", "child_id", *_CPP.values()),
    "cp_conferences": ("conference_id", "child_id", "s47_id", "plan_id", "type", "date"),
}
_WIDTH_CHILDREN = len(COLUMNS["children"])
# What follows the keys in a new record: every field missing.
_REFERRAL_REST = (None,) * len(_REFERRAL)
_ASSESSMENT_REST = (None,) * len(_ASSESSMENT)
_CIN_PLAN_REST = (None,) * len(_CIN_PLAN)
_S47_REST = (None,) * len(_S47)
_CPP_REST = (None,) * len(_CPP)
_SEX, _ETHNICITY, _DISABLED = (COLUMNS["children"].index(f) for f in ("sex", "ethnicity", "disabled"))
_S47_ICPC = COLUMNS["s47_enquiries"].index("icpc_date")
_S47_START = COLUMNS["s47_enquiries"].index("start_date")
_CPP_START = COLUMNS["cp_plans"].index("start_date")


# The blocks of CINdetails read by _Reading.fill: (its _Slots, element, table of its ignored elements)
_ASSESSMENTS = ("slots_assessment", "Assessments", "assessments")
_CIN_PLANS = ("slots_cin_plan", "CINPlanDates", None)
_SECTION47S = ("slots_s47", "Section47", None)
_CP_PLANS = ("slots_cpp", "ChildProtectionPlans", None)


def _places(table: str, mapping: dict[str, str]) -> dict[str, int]:
    """element -> its field's place in the table's records."""
    return {e: COLUMNS[table].index(f) for e, f in mapping.items()}


_SNIFF_BYTES = 8192
_CHUNK = 1 << 16  # bytes fed to the parser at a time
_BATCH = 1000  # Child elements read before their rows are handed to the loader
_POSITION = re.compile(r"(, line \d+, column \d+)+$")  # libxml2 ends its messages with where


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[1] if tag[:1] == "{" else tag


class _Tags(dict):
    """Element tag -> local name (namespace stripped), computed once per distinct tag."""

    def __missing__(self, tag):
        name = self[tag] = _local(tag) if isinstance(tag, str) else ""  # comments/PIs have callable tags
        return name


# The csc fields a census can fill (the mapping above); every other field of
# these tables is absent, so a rule needing one (whether the child was seen
# during the assessment) is reported as not evaluable on census data rather
# than failing every record.
CARRIES = {
    "children": frozenset({"child_id", "date_of_birth", "expected_date_of_birth", "sex", "ethnicity", "disabled"}),
    "referrals": frozenset({"referral_id", "child_id", "date", "source", "primary_need", "closure_date", "nfa"}),
    "assessments": frozenset({"assessment_id", "child_id", "referral_id", "start_date", "authorised_date", "type"}),
    "s47_enquiries": frozenset({"s47_id", "child_id", "referral_id", "start_date", "icpc_target_date", "icpc_date",
                                "icpc_not_required", "strategy_id"}),
    "strategy_discussions": frozenset({"strategy_id", "child_id", "referral_id", "date", "s47_decided"}),
    "cp_conferences": frozenset({"conference_id", "child_id", "s47_id", "plan_id", "type", "date"}),
    "cp_plans": frozenset({"plan_id", "child_id", "start_date", "end_date", "initial_category", "latest_category", "previous_plans"}),
    "cin_plans": frozenset({"cin_plan_id", "child_id", "start_date", "end_date"}),
}


class CinCensus:
    name = "cin-xml"
    title = "the CIN census"
    description = "a DfE Children in Need census XML return (Message/Header/Children/Child)"
    carries = CARRIES

    def sniff(self, path: Path) -> bool:
        if not path.is_file():
            return False
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM, which expat reads too
            text = head[: len(head) // 2 * 2].decode("utf-16", errors="ignore")
        else:
            text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
        if "<Message" not in text:
            return False
        return ("<CollectionDetails>" in text and "<Collection>CIN" in text) or "<Children>" in text

    def read(self, path: Path, schema: DataSchema, diags: Diagnostics) -> Iterator[Source]:
        if "cin_details" in schema.tables:  # the `cin-census` schema: the return block for block (cin_census.py)
            from checker.data.readers import cin_census

            self.carries = {}  # that mode carries every field of its tables
            yield from cin_census.read(path, schema, diags)
            return
        file = str(path)
        wanted = [t for t in TABLES if t in schema.tables]
        if not wanted:
            diags.error(
                f"schema `{schema.name}` has none of the tables a CIN census carries ({', '.join(TABLES)})",
                Location(file),
                code="unknown-table",
            )
            return
        out = _Reading(file, diags)
        # The cyclic garbage collector is paused while parsing: the parse allocates millions of
        # short-lived objects, each allocation counting towards a collection, and every full
        # collection walks everything loaded so far. Nothing made here forms a cycle (elements are
        # freed by reference counting as each Child is cleared), so nothing is left for it to find.
        paused = gc.isenabled()
        first = True
        try:
            with open(path, "rb") as fh:
                batches = out.parse(fh)
                while True:
                    gc.disable()
                    try:
                        if next(batches, None) is None:
                            break
                    finally:
                        if paused:
                            gc.enable()
                    # Every table's Source the first time, so that they are met in the same order
                    # whatever the file holds; then only those with rows.
                    for table in wanted:
                        if first or out.records[table]:
                            yield Source(table, file, out.rows(table))
                    first = False
        except OSError as exc:
            diags.error(f"cannot read `{path}`: {exc.strerror}", Location(file), code="unreadable")
            if first and not any(out.records.values()):
                return
        for table in wanted:
            yield Source(table, file, out.rows(table), out.ignored(table))


#: XML namespaces a census is read in without remark: none, or the DfE's own.
CENSUS_NAMESPACES = frozenset({"", "http://www.dfe.gov.uk/CIN"})


class _Reading:
    """One pass over a census file: rows buffered per table, problems noted."""

    def __init__(self, file: str, diags: Diagnostics):
        self.file = file
        self.name = Path(file).name
        self.diags = diags
        # Per table, two parallel lists: the records (lists of values, see COLUMNS) and each
        # row's Child number. Where in the Child a row came from is not kept: its key says (see
        # _where).
        self.records: dict[str, list[list]] = {t: [] for t in TABLES}
        self.numbers: dict[str, list[int]] = {t: [] for t in TABLES}
        # Element tag -> its place in the record, or its name (see _Slots), per kind of block.
        self.slots_ident = _Slots(_places("children", _IDENT))
        self.slots_referral = _Slots(_places("referrals", _REFERRAL))
        self.slots_assessment = _Slots(_places("assessments", _ASSESSMENT))
        self.slots_cin_plan = _Slots(_places("cin_plans", _CIN_PLAN))
        self.slots_s47 = _Slots(_places("s47_enquiries", _S47))
        self.slots_cpp = _Slots(_places("cp_plans", _CPP))
        self.seen_ignored: dict[str, set[str]] = defaultdict(set)
        self.unknown: dict[tuple[str, str], list] = {}  # (parent, element) -> [count, first where]
        self.tags = _Tags()
        self.header: dict[str, str] = {}
        self.children = 0
        self.first_child: dict[str, int] = {}  # LAchildID -> the Child it first appears in
        self.repeated: list[tuple[str, int, int]] = []  # (LAchildID, first Child, repeating Child)
        # One string object per distinct value (dates, codes, true/false repeat across records):
        # a fifth less memory for a large file, and the loader's memo of converted values then
        # finds each by identity. Keys and LAchildIDs (unique) are not kept here.
        self.same = {}.setdefault

    # ---- the parse
    def parse(self, fh) -> Iterator[int]:
        """Read the file, pausing (yielding) after each batch of Child elements, whose rows are
        then to be taken (:meth:`rows`)."""
        tags = self.tags
        child = self.child
        n = 0
        # Events only for the end of each Child (and the Header): libxml2 builds the elements in
        # between without a Python object each. A finished Child is mapped, then cleared and
        # detached from <Children>, so the tree stays a few elements big. Comments and processing
        # instructions are dropped, as ElementTree's parser does, and so is the indentation
        # between elements (remove_blank_text: a fifth of the parse; an element's own text, even
        # blank, is kept).
        # Hostile files: no external entity, DTD or network fetch, ever (resolve_entities="internal"
        # keeps only entities the file itself defines; libxml2 caps their expansion, so a "billion
        # laughs" file is an error), and libxml2's default limits on depth and size (no huge_tree).
        # A pull parser fed by hand rather than iterparse: when the file breaks, the Child elements
        # parsed before the break are still handed over (libxml2 2.14 and later raise the error
        # for the whole chunk read, so iterparse would lose them).
        parser = etree.XMLPullParser(events=("end",), tag=("{*}Child", "{*}Header"),
                                     remove_comments=True, remove_pis=True, remove_blank_text=True,
                                     resolve_entities="internal", no_network=True, load_dtd=False,
                                     huge_tree=False)

        def take(before_line=None):
            # ``before_line``: after an error, only what ended before the broken line counts (a
            # recoverable error such as a stray ``&`` lets libxml2 finish the element around it)
            nonlocal n
            for _, elem in parser.read_events():
                if before_line is not None and max(e.sourceline or 0 for e in elem.iter()) >= before_line:
                    break
                if tags[elem.tag] == "Child":
                    n += 1
                    child(elem, n)
                    elem.clear()
                    parent = elem.getparent()
                    if parent is not None and tags[parent.tag] == "Children":  # not a Child in a Child
                        parent.remove(elem)
                    if n % _BATCH == 0:
                        self.children = n
                        yield n
                else:
                    self.read_header(elem)
                    elem.clear()

        root = None
        try:
            try:
                while chunk := fh.read(_CHUNK):
                    parser.feed(chunk)
                    yield from take()
                root = parser.close()
            except etree.XMLSyntaxError as exc:
                yield from take(exc.position[0] if exc.position and exc.position[0] else 1)
                raise
        except etree.XMLSyntaxError as exc:
            self.children = n
            line, col = exc.position if exc.position else (0, 0)
            line, col = max(line or 0, 1), max(col or 0, 1)  # libxml2 says line 0 of an empty file
            what = _POSITION.sub("", exc.msg or str(exc)) or "not XML"
            read = f"the {n} Child element{'s' if n != 1 else ''} before it {'were' if n != 1 else 'was'} read"
            self.diags.error(
                f"`{self.name}` is not well-formed XML: {what} at line {line}, column {col}; {read}, "
                "the rest of the file was not",
                Location(self.file, line, col),
                code="bad-xml",
                suggestion="fix the file where it is broken: an unclosed or mismatched tag, a stray `&` or `<`, "
                "or text that is not UTF-8 with no encoding declaration",
            )
            self.report_unknown()
            self.report_repeated()
            return
        self.children = n

        top = tags[root.tag] if root is not None else None
        if top != "Message":
            what = f"its root element is `<{top}>`" if top else "it has no elements"
            if n == 0:
                self.diags.error(
                    f"`{self.name}` is not a CIN census return: {what}, not `<Message>`",
                    Location(self.file, 1, 1),
                    code="not-cin-xml",
                )
            else:
                self.diags.warning(
                    f"`{self.name}`: {what}, not `<Message>`; its {n} Child elements were read",
                    Location(self.file, 1, 1),
                    code="not-cin-xml",
                )
        elif n == 0:
            self.diags.warning(f"`{self.name}` has no Child elements", Location(self.file), code="empty-file")
        if top == "Message" and isinstance(root.tag, str) and root.tag.startswith("{"):
            ns = root.tag[1:].split("}", 1)[0]
            if ns not in CENSUS_NAMESPACES:
                self.diags.warning(
                    f"`{self.name}` is in the XML namespace `{ns}`, not the census's; it was read by element names "
                    "alone, as if it were a CIN census", Location(self.file, 1, 1), code="foreign-namespace",
                    suggestion="check the file is a Children in Need census return")
        self.report_unknown()
        self.report_repeated()
        self.report_header()

    def read_header(self, header) -> None:
        tags = self.tags
        for block in header:
            for e in block:
                text = e.text
                if text and text.strip():
                    self.header.setdefault(tags[e.tag], text.strip())

    def report_header(self) -> None:
        h = self.header
        if h.get("Collection") not in (None, "CIN"):
            self.diags.warning(
                f"`{self.name}` says it is a `{h['Collection']}` collection, not CIN; it was read as a CIN census",
                Location(self.file),
                code="cin-collection",
            )
        if "ReferenceDate" in h:
            parts = [f"reference date {h['ReferenceDate']}"]
            if "Year" in h:
                parts.append(f"year {h['Year']}")
            if "LEA" in h:
                parts.append(f"LA {h['LEA']}")
            self.diags.add(Diagnostic(
                f"`{self.name}`: CIN census, {', '.join(parts)}, {self.children} children",
                Location(self.file),
                code="cin-reference-date",
                severity="note",
            ))

    def unknown_element(self, parent: str, name: str, n: int, *steps) -> None:
        """An element the census does not define, in ``parent`` at Child ``n`` > ``steps``."""
        entry = self.unknown.get((parent, name))
        if entry is None:
            self.unknown[(parent, name)] = [1, " > ".join((f"Child {n}", *steps))]
        else:
            entry[0] += 1

    def report_repeated(self) -> None:
        """Children sharing one LAchildID: said, since the later child's blocks are rejected
        rather than joined to the earlier child."""
        for cid, first, n in self.repeated[:20]:
            self.diags.warning(
                f"Child {n} has the LAchildID `{cid}` of Child {first}: two children with one ID; the later "
                "child and its referrals, assessments and plans are rejected, not joined to the earlier one",
                Location(self.file), code="duplicate-child")
        if len(self.repeated) > 20:
            self.diags.warning(f"... and {len(self.repeated) - 20} more children repeating an earlier LAchildID",
                               Location(self.file), code="duplicate-child")

    def report_unknown(self) -> None:
        for (parent, name), (count, where) in sorted(self.unknown.items()):
            times = f" ({count} times)" if count > 1 else ""
            self.diags.warning(
                f"element `<{name}>` in `<{parent}>` is not part of the CIN census; it was ignored{times} "
                f"(first in {where})",
                Location(self.file),
                code="unknown-element",
            )

    # ---- one Child
    def child(self, child, n: int) -> None:
        tags = self.tags
        same = self.same
        rec: list = [None] * _WIDTH_CHILDREN
        cins = []
        for block in child:
            name = tags[block.tag]
            if name == "CINdetails":
                cins.append(block)
            elif name == "ChildIdentifiers":
                slots = self.slots_ident
                for e in block:
                    k = slots[e.tag]
                    if k.__class__ is int:
                        text = e.text
                        rec[k] = text if k == 0 else same(text, text)  # LAchildIDs are not repeated
                    elif k == "GenderCurrent" or k == "Sex":
                        text = e.text
                        if text is not None:
                            text = text.strip()
                            rec[_SEX] = SEX_IN.get(text, text)
                    elif k in _KNOWN_IDENT:
                        text = e.text
                        if text and text.strip():
                            self.seen_ignored["children"].add(k)
                    elif k:
                        self.unknown_element("ChildIdentifiers", k, n)
            elif name == "ChildCharacteristics":
                for e in block:
                    t = tags[e.tag]
                    if t == "Ethnicity":
                        text = e.text
                        rec[_ETHNICITY] = same(text, text)
                    elif t == "Disabilities":  # any code but NONE: disabled; only NONE: not; none: missing
                        disabled = None
                        for d in e:
                            if tags[d.tag] == "Disability":
                                code = d.text
                                if code is not None:
                                    code = code.strip().upper()
                                    if code == "NONE":
                                        if disabled is None:
                                            disabled = "false"
                                    elif code:
                                        disabled = "true"
                        if disabled is not None:
                            rec[_DISABLED] = disabled
                    elif t:
                        self.unknown_element("ChildCharacteristics", t, n)
            elif name:
                self.unknown_element("Child", name, n)
        cid = rec[0]
        cid = rec[0] = cid.strip() if cid is not None else ""
        self.records["children"].append(rec)
        self.numbers["children"].append(n)
        if cid:
            first = self.first_child.setdefault(cid, n)
            if first != n:  # a second child with the same LAchildID: its row is rejected (a duplicate key), and
                # its blocks must not join the first child's: they are keyed by place and have no child_id,
                # so they are rejected too (said once per ID by report_repeated)
                self.repeated.append((cid, first, n))
                cid_of_blocks, stem = "", f"#{n}"
            else:
                cid_of_blocks, stem = cid, cid
        else:
            cid_of_blocks, stem = cid, f"#{n}"
        if cins:
            # keys for a child without LAchildID (or repeating one); its blank child_id rejects every row
            for i, cin in enumerate(cins, 1):
                self.cin_details(cin, n, i, cid_of_blocks, f"{stem}/{i}")

    def cin_details(self, cin, n: int, i: int, cid: str, rid: str) -> None:
        same = self.same
        fill = self.fill
        slots = self.slots_referral
        records, numbers = self.records, self.numbers
        ref = [rid, cid, *_REFERRAL_REST]
        icpc = None
        na = nn = ns = np_ = 0
        s47_confs = None  # [(s47 key, date)]
        plans = None  # [[plan key, start date, linked to an initial conference]]
        for e in cin:
            k = slots[e.tag]
            if k.__class__ is int:
                text = e.text
                ref[k] = same(text, text)
            elif k == "Assessments":
                na += 1
                # every census assessment is a single assessment (WT 2013 onwards)
                rec = [f"{rid}/A{na}", cid, rid, *_ASSESSMENT_REST, "single"]
                fill(e, rec, _ASSESSMENTS, n, i, na)
                records["assessments"].append(rec)
                numbers["assessments"].append(n)
            elif k == "CINPlanDates":
                nn += 1
                rec = [f"{rid}/N{nn}", cid, *_CIN_PLAN_REST]
                fill(e, rec, _CIN_PLANS, n, i, nn)
                records["cin_plans"].append(rec)
                numbers["cin_plans"].append(n)
            elif k == "Section47":
                ns += 1
                sid = f"{rid}/S{ns}"
                rec = [sid, cid, rid, *_S47_REST, None]
                fill(e, rec, _SECTION47S, n, i, ns)
                start = rec[_S47_START]
                if start is not None and start.strip():
                    # S47ActualStartDate is the date of the strategy discussion that started the
                    # enquiry (the DfE's ICPC clock; the Standard Safeguarding Dataset alike)
                    rec[-1] = f"{sid}/SD"
                    records["strategy_discussions"].append([rec[-1], cid, rid, start, "true"])
                    numbers["strategy_discussions"].append(n)
                records["s47_enquiries"].append(rec)
                numbers["s47_enquiries"].append(n)
                d = rec[_S47_ICPC]
                if d is not None:
                    d = d.strip()
                    if d:
                        if s47_confs is None:
                            s47_confs = []
                        s47_confs.append((sid, d))
            elif k == "ChildProtectionPlans":
                np_ += 1
                pid = f"{rid}/P{np_}"
                rec = [pid, cid, *_CPP_REST]
                reviews = fill(e, rec, _CP_PLANS, n, i, np_)
                records["cp_plans"].append(rec)
                numbers["cp_plans"].append(n)
                if plans is None:
                    plans = []
                plans.append([pid, (rec[_CPP_START] or "").strip(), False])
                if reviews:
                    for r, rd in enumerate(reviews, 1):
                        records["cp_conferences"].append([f"{pid}/R{r}", cid, None, pid, "review", rd])
                        numbers["cp_conferences"].append(n)
            elif k == "DateOfInitialCPC":
                icpc = (e.text or "").strip() or None
            elif k in _KNOWN_CIN:
                if len(e):
                    self.seen_ignored["referrals"].add(k)
                else:
                    text = e.text
                    if text and text.strip():
                        self.seen_ignored["referrals"].add(k)
            elif k:
                self.unknown_element("CINdetails", k, n, f"CINdetails {i}")
        records["referrals"].append(ref)
        numbers["referrals"].append(n)
        if s47_confs is not None or icpc is not None:
            self.initial_conferences(n, cid, rid, s47_confs or [], icpc, plans or [])

    def initial_conferences(self, n: int, cid: str, rid: str, s47_confs: list, icpc: str | None, plans: list) -> None:
        """Each Section47's DateOfInitialCPC, then the episode's own unless it is one of those;
        each linked to the one plan of the episode not yet linked that starts that day, if one."""
        records, numbers = self.records["cp_conferences"], self.numbers["cp_conferences"]
        for sid, d in s47_confs:
            if d == icpc:
                icpc = None
            records.append([f"{sid}/ICPC", cid, sid, _starting(plans, d), "initial", d])
            numbers.append(n)
        if icpc is not None:
            records.append([f"{rid}/ICPC", cid, None, _starting(plans, icpc), "initial", icpc])
            numbers.append(n)

    def fill(self, block, rec: list, kind: tuple, n: int, i: int, k: int) -> list | None:
        """The simple child elements of ``block``, the ``k``th of its ``kind`` (_ASSESSMENTS, ...)
        in CINdetails ``i`` of Child ``n``, into ``rec``; returns its CPPreviewDate texts, if any."""
        slots_name, parent, ignored_table = kind
        slots = getattr(self, slots_name)
        same = self.same
        reviews = None
        for e in block:
            at = slots[e.tag]
            if at.__class__ is int:
                text = e.text
                rec[at] = same(text, text)
            elif at == "Reviews":
                tags = self.tags
                if reviews is None:
                    reviews = []
                for r in e:
                    rt = tags[r.tag]
                    if rt == "CPPreviewDate":
                        text = r.text
                        reviews.append(same(text, text))
                    elif rt:
                        self.unknown_element("Reviews", rt, n, f"CINdetails {i}", f"{parent} {k}")
            elif at in _KNOWN[parent]:
                if ignored_table and (len(e) or (e.text and e.text.strip())):
                    self.seen_ignored[ignored_table].add(at)
            elif at:
                self.unknown_element(parent, at, n, f"CINdetails {i}", f"{parent} {k}")
        return reviews

    # ---- the Sources
    def rows(self, table: str) -> _Rows:
        records, numbers = self.records[table], self.numbers[table]
        self.records[table], self.numbers[table] = [], []  # handed over: freed once the loader is done
        return _Rows(table, numbers, records)

    def ignored(self, table: str) -> list[str]:
        return sorted(self.seen_ignored.get(table, ()))


def _starting(plans: list, day: str) -> str | None:
    """The plan ([key, start date, linked]) that starts on ``day``, if exactly one not yet linked
    does; it is then linked."""
    found = None
    for plan in plans:
        if plan[1] == day and not plan[2]:
            if found is not None:
                return None
            found = plan
    if found is None:
        return None
    found[2] = True
    return found[0]


class _Slots(dict):
    """Element tag -> its place in a block's record (an int), for an element read into a field;
    for any other, its local name. Filled in once per distinct tag (with or without namespace)."""

    def __init__(self, places: dict[str, int]):
        super().__init__()
        self.places = places

    def __missing__(self, tag):
        name = _local(tag) if isinstance(tag, str) else ""  # comments/PIs/entities have callable tags
        place = self[tag] = self.places.get(name, name)
        return place


class _Rows:
    """One table's rows as read, each a list of values in the order of ``COLUMNS[table]``.
    Iterated, they are RawRows (the Source contract), each saying where in its Child it came
    from; the loader takes them as columns instead (:meth:`columns`), without a RawRow or a dict
    per row."""

    __slots__ = ("numbers", "records", "table")

    def __init__(self, table: str, numbers: list[int], records: list[list]):
        self.table, self.numbers, self.records = table, numbers, records

    def __iter__(self) -> Iterator[RawRow]:
        table, fields, sources = self.table, COLUMNS[self.table], _SOURCES[self.table]
        for n, rec in zip(self.numbers, self.records):
            values = dict(zip(fields, rec))
            yield RawRow(n, values, None, "malformed row", _where(table, n, values), sources)

    def columns(self) -> tuple[list[int], dict[str, tuple]]:
        """The Child numbers of the rows, and field -> each row's value (None: missing)."""
        fields = COLUMNS[self.table]
        if not self.records:
            return self.numbers, {f: () for f in fields}
        return self.numbers, dict(zip(fields, zip(*self.records)))


_KEY_FIELD = {
    "referrals": "referral_id", "assessments": "assessment_id", "cin_plans": "cin_plan_id", "s47_enquiries": "s47_id",
    "cp_plans": "plan_id", "cp_conferences": "conference_id", "strategy_discussions": "strategy_id",
}
_BLOCK = {"A": "Assessments", "N": "CINPlanDates", "S": "Section47", "P": "ChildProtectionPlans"}


def _where(table: str, n: int, values: dict) -> str:
    """Where a row came from, "Child 2 > CINdetails 1 > Assessments 1", read back from its key
    (see Keys in the module docstring: the stem, a LAchildID, may itself hold a ``/``)."""
    place = f"Child {n}"
    if table == "children":
        return place
    key = values[_KEY_FIELD[table]]
    if table == "referrals":
        return f"{place} > CINdetails {key.rsplit('/', 1)[1]}"
    if table == "strategy_discussions":
        _, i, block, _sd = key.rsplit("/", 3)
        return f"{place} > CINdetails {i} > Section47 {block[1:]} > S47ActualStartDate"
    if table != "cp_conferences":
        _, i, block = key.rsplit("/", 2)
        return f"{place} > CINdetails {i} > {_BLOCK[block[0]]} {block[1:]}"
    if key.endswith("/ICPC"):
        head, last = key[:-5].rsplit("/", 1)
        if last[:1] == "S":
            return f"{place} > CINdetails {head.rsplit('/', 1)[1]} > Section47 {last[1:]} > DateOfInitialCPC"
        return f"{place} > CINdetails {last} > DateOfInitialCPC"
    _, i, plan, review = key.rsplit("/", 3)
    return f"{place} > CINdetails {i} > ChildProtectionPlans {plan[1:]} > Reviews > CPPreviewDate {review[1:]}"


# --------------------------------------------------------------------------- writing


def write(tables: dict[str, list[dict]], schema: DataSchema, out: Path, reference_date: date, la_code: str = "999") -> None:
    """Write typed ``csc`` tables as a CIN census XML return at ``out``.

    Only what the census carries is written (the fields in the module
    docstring's table), and only for children with at least one referral:
    the census is a return of children in need, one CINdetails per referral.
    Records with no referral_id (plans, CIN plans, conferences without an
    s47_id) go in the child's latest referral dated on or before them (else
    the child's first). Initial conferences are written as their s47's
    DateOfInitialCPC (the s47's own icpc_date when it has one: the census
    holds one date for both), or, without an s47_id, as the CINdetails's own
    DateOfInitialCPC (one per referral: the census has room for no more);
    review conferences as their plan's CPPreviewDate. Conferences of other
    types (transfer_in), or not linkable, have no place in the census and are
    not written; nor are conference outcomes, minutes or core groups.

    Children are ordered by child_id, every repeated block by its date (then
    its key), so the same tables always give the same bytes; the header's
    DateTime is ``reference_date`` at midnight. The census's ordinal keys (see
    the module docstring) are what a reader sees: the original IDs below the
    child are not kept.
    """
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    get = tables.get
    children = {c["child_id"]: c for c in get("children", ())}
    refs_by_child: dict[str, list[dict]] = defaultdict(list)
    for r in get("referrals", ()):
        refs_by_child[r["child_id"]].append(r)
    for rs in refs_by_child.values():
        rs.sort(key=lambda r: (_dkey(r.get("date")), r["referral_id"]))
    ref_ids = {r["referral_id"]: r for rs in refs_by_child.values() for r in rs}

    def home(rec: dict, when) -> str | None:
        """The referral a record without referral_id belongs to."""
        rs = refs_by_child.get(rec.get("child_id"))
        if not rs:
            return None
        chosen = rs[0]
        if when is not None:
            for r in rs:
                if r.get("date") is not None and r["date"] <= when:
                    chosen = r
        return chosen["referral_id"]

    under: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))  # referral -> block -> records
    for a in get("assessments", ()):
        rid = a.get("referral_id") if a.get("referral_id") in ref_ids else home(a, a.get("start_date"))
        if rid:
            under[rid]["assessments"].append(a)
    strategy_date = {d["strategy_id"]: d.get("date") for d in get("strategy_discussions", ())}
    s47_home: dict[str, str] = {}
    for s in get("s47_enquiries", ()):
        rid = s.get("referral_id") if s.get("referral_id") in ref_ids else home(s, s.get("start_date"))
        if rid:
            under[rid]["s47"].append(s)
            s47_home[s["s47_id"]] = rid
    plan_home: dict[str, str] = {}
    for p in get("cp_plans", ()):
        rid = home(p, p.get("start_date"))
        if rid:
            under[rid]["plans"].append(p)
            plan_home[p["plan_id"]] = rid
    for c in get("cin_plans", ()):
        rid = home(c, c.get("start_date"))
        if rid:
            under[rid]["cin_plans"].append(c)
    s47_icpc: dict[str, date] = {}
    reviews: dict[str, list[date]] = defaultdict(list)
    for c in get("cp_conferences", ()):
        if c.get("date") is None:
            continue
        if c.get("type") == "review":
            if c.get("plan_id") in plan_home:
                reviews[c["plan_id"]].append(c["date"])
        elif c.get("type") == "initial":
            if c.get("s47_id") in s47_home:
                s47_icpc.setdefault(c["s47_id"], c["date"])
            else:
                rid = plan_home.get(c.get("plan_id")) or home(c, c["date"])
                if rid:
                    under[rid]["icpc"].append(c)

    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        w = fh.write
        w('<?xml version="1.0" encoding="utf-8"?>\n<Message>\n  <Header>\n    <CollectionDetails>\n')
        w(f"      <Collection>CIN</Collection>\n      <Year>{reference_date.year}</Year>\n")
        w(f"      <ReferenceDate>{reference_date.isoformat()}</ReferenceDate>\n    </CollectionDetails>\n")
        w(f"    <Source>\n      <SourceLevel>L</SourceLevel>\n      <LEA>{escape(la_code)}</LEA>\n")
        w("      <SoftwareCode>casecheck</SoftwareCode>\n      <Release>1</Release>\n      <SerialNo>001</SerialNo>\n")
        w(f"      <DateTime>{reference_date.isoformat()}T00:00:00</DateTime>\n    </Source>\n  </Header>\n  <Children>\n")
        for cid in sorted(refs_by_child):
            c = children.get(cid, {})
            parts = ["    <Child>\n      <ChildIdentifiers>\n", _el(8, "LAchildID", cid)]
            parts.append(_el(8, "PersonBirthDate", c.get("date_of_birth")))
            parts.append(_el(8, "ExpectedPersonBirthDate", c.get("expected_date_of_birth")))
            sex = c.get("sex")
            parts.append(_el(8, "GenderCurrent", SEX_OUT.get(sex, sex)))
            parts.append("      </ChildIdentifiers>\n      <ChildCharacteristics>\n")
            parts.append(_el(8, "Ethnicity", c.get("ethnicity")))
            disabled = c.get("disabled")
            if disabled is not None:
                code = DISABLED_CODE if disabled else "NONE"
                parts.append(f"        <Disabilities>\n          <Disability>{code}</Disability>\n        </Disabilities>\n")
            parts.append("      </ChildCharacteristics>\n")
            for r in refs_by_child[cid]:
                blocks = under.get(r["referral_id"], {})
                parts.append("      <CINdetails>\n")
                for f, e in (("date", "CINreferralDate"), ("source", "ReferralSource"), ("primary_need", "PrimaryNeedCode"),
                             ("closure_date", "CINclosureDate")):
                    parts.append(_el(8, e, r.get(f)))
                icpcs = sorted(blocks.get("icpc", ()), key=lambda x: (x["date"], x["conference_id"]))
                if icpcs:
                    parts.append(_el(8, "DateOfInitialCPC", icpcs[0]["date"]))
                for a in sorted(blocks.get("assessments", ()), key=lambda x: (_dkey(x.get("start_date")), x["assessment_id"])):
                    parts.append("        <Assessments>\n")
                    parts.append(_el(10, "AssessmentActualStartDate", a.get("start_date")))
                    parts.append(_el(10, "AssessmentAuthorisationDate", a.get("authorised_date")))
                    parts.append("        </Assessments>\n")
                for p in sorted(blocks.get("cin_plans", ()), key=lambda x: (_dkey(x.get("start_date")), x["cin_plan_id"])):
                    parts.append("        <CINPlanDates>\n")
                    parts.append(_el(10, "CINPlanStartDate", p.get("start_date")))
                    parts.append(_el(10, "CINPlanEndDate", p.get("end_date")))
                    parts.append("        </CINPlanDates>\n")
                for s in sorted(blocks.get("s47", ()), key=lambda x: (_dkey(x.get("start_date")), x["s47_id"])):
                    parts.append("        <Section47>\n")
                    # the date of the strategy discussion that started the enquiry, where linked
                    parts.append(_el(10, "S47ActualStartDate", strategy_date.get(s.get("strategy_id")) or s.get("start_date")))
                    parts.append(_el(10, "InitialCPCtarget", s.get("icpc_target_date")))
                    icpc = s.get("icpc_date")
                    parts.append(_el(10, "DateOfInitialCPC", icpc if icpc is not None else s47_icpc.get(s["s47_id"])))
                    parts.append(_el(10, "ICPCnotRequired", s.get("icpc_not_required")))
                    parts.append("        </Section47>\n")
                parts.append(_el(8, "ReferralNFA", r.get("nfa")))
                for p in sorted(blocks.get("plans", ()), key=lambda x: (_dkey(x.get("start_date")), x["plan_id"])):
                    parts.append("        <ChildProtectionPlans>\n")
                    for f, e in (("start_date", "CPPstartDate"), ("end_date", "CPPendDate"),
                                 ("initial_category", "InitialCategoryOfAbuse"),
                                 ("latest_category", "LatestCategoryOfAbuse"), ("previous_plans", "NumberOfPreviousCPP")):
                        parts.append(_el(10, e, p.get(f)))
                    rds = sorted(reviews.get(p["plan_id"], ()))
                    if rds:
                        parts.append("          <Reviews>\n")
                        parts.extend(_el(12, "CPPreviewDate", d) for d in rds)
                        parts.append("          </Reviews>\n")
                    parts.append("        </ChildProtectionPlans>\n")
                parts.append("      </CINdetails>\n")
            parts.append("    </Child>\n")
            w("".join(parts))
        w("  </Children>\n</Message>\n")


def _dkey(d) -> date:
    return date.max if d is None else d


def _el(indent: int, name: str, value) -> str:
    if value is None:
        return ""
    if value is True:
        text = "true"
    elif value is False:
        text = "false"
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = escape(str(value))
    return f"{' ' * indent}<{name}>{text}</{name}>\n"
