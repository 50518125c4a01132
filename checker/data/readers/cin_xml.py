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
from collections.abc import Iterator
from pathlib import Path

from checker.data.readers.base import Source
from checker.data.readers.cin_xml_fields import CARRIES, COLUMNS, SEX_IN, TABLES
from checker.data.readers.cin_xml_parse import CENSUS_NAMESPACES, Reading
from checker.data.readers.cin_xml_write import DISABLED_CODE, SEX_OUT, write
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema

__all__ = ["CARRIES", "CENSUS_NAMESPACES", "COLUMNS", "DISABLED_CODE", "SEX_IN", "SEX_OUT", "TABLES", "CinCensus", "write"]

_SNIFF_BYTES = 8192


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
        out = Reading(file, diags)
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
                            repeated = out.repeated_rows(table)
                            if repeated:
                                yield Source(table, file, repeated)
                    first = False
        except OSError as exc:
            diags.error(f"cannot read `{path}`: {exc.strerror}", Location(file), code="unreadable")
            if first and not any(out.records.values()):
                return
        for table in wanted:
            yield Source(table, file, out.rows(table), out.ignored(table))
            repeated = out.repeated_rows(table)
            if repeated:
                yield Source(table, file, repeated)
