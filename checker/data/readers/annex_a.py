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
and their columns ignored). Blank padding rows are skipped and not counted.
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
                                  team (Allocated Team)
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
                                  placements_last_12_months, team
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
message naming the value and the codes it expected. Dates are passed on as
they come (Excel date cells, Excel day numbers, ``dd/mm/yyyy`` text): the
loader reads all three.

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

Writing
-------
:func:`write` turns typed csc tables (``checker.tools.generate``) into an Annex A
workbook: lists 1, 3-9 with the standard headers, a title and a notes row
above the header, dd/mm/yyyy date cells and label-style codes. It writes
every record it is given (it does not apply Ofsted's six-month windows). The
bytes are the same for the same input.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any, Callable, Iterator

from checker.data.readers.base import RawRow, Source
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema
from checker.suggest import did_you_mean

HEADER_SCAN_ROWS = 15
MAX_CONFLICT_WARNINGS = 20
_EXCEL_EPOCH = _dt.date(1899, 12, 30)


# --------------------------------------------------------------------------- headers


@dataclass(frozen=True)
class Col:
    """One Annex A column: an internal role, its accepted header spellings
    (the first is the standard one, written by :func:`write`) and how its
    values are converted (``text``, ``date``, ``int``, ``bool``, ``ignore``
    or a code mapping name)."""

    role: str
    headers: tuple[str, ...]
    conv: str = "text"


_FORMAT_HINT = re.compile(r"\((?:dd/mm/yy(?:yy)?|yyyy-mm-dd|y/n|yes/no)\)", re.I)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def norm_header(text: Any) -> str:
    """``Date of Birth (dd/mm/yyyy)`` -> ``dateofbirth``."""
    if text is None:
        return ""
    return _NON_ALNUM.sub("", _FORMAT_HINT.sub("", str(text).lower()))


COMMON = (
    Col("child_id", ("Child Unique ID", "ChildUniqueID", "Child ID", "Unique Child ID", "Child Unique Identifier",
                     "Child Identifier", "LA Child ID", "Child LA ID", "Person ID", "Client ID", "Unique ID")),
    Col("sex", ("Gender", "Sex", "Child Gender", "Gender Code"), "sex"),
    Col("ethnicity", ("Ethnicity", "Ethnic Origin", "Ethnicity Code", "Ethnic Group", "Child Ethnicity"), "ethnicity"),
    Col("date_of_birth", ("Date of Birth", "DOB", "DateOfBirth", "Birth Date", "Child DOB", "Child Date of Birth"),
        "date"),
    Col("age", ("Age of Child (Years)", "Age", "Age of Child", "Age (Years)", "Age in Years"), "ignore"),
    Col("disabled", ("Does the Child have a Disability", "Disability", "HasDisability", "Has Disability",
                     "Disabled", "Child has a Disability"), "bool"),
    Col("uasc", ("Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
                 "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
                 "Unaccompanied Asylum Seeking Child", "UASC", "Unaccompanied Asylum Seeking Child (UASC)",
                 "UASC within the last 12 months"), "bool"),
    Col("team", ("Allocated Team", "AllocatedTeam", "Team", "Allocated Team Name", "Team Name")),
    Col("worker", ("Allocated Worker", "AllocatedWorker", "Allocated Social Worker", "Worker",
                   "Allocated Worker Name", "Social Worker"), "named"),
    Col("la", ("LA", "Local Authority", "LA Code"), "ignore"),
)

LIST_NAMES = {
    1: "contacts", 2: "early help", 3: "referrals", 4: "assessments", 5: "section 47 enquiries and ICPCs",
    6: "children in need", 7: "child protection", 8: "children in care", 9: "care leavers", 10: "adoption",
    11: "adopters",
}

LIST_COLS: dict[int, tuple[Col, ...]] = {
    1: (
        Col("contact_date", ("Date of Contact", "DateOfContact", "Contact Date", "Date Contact Received"), "date"),
        Col("contact_source", ("Contact Source", "ContactSource", "Source of Contact", "Source"), "referral_source"),
    ),
    2: (
        Col("eh_start", ("Assessment start date", "AssessmentStartDate", "Early Help Assessment Start Date"), "ignore"),
        Col("eh_end", ("Assessment completion date", "AssessmentCompletionDate",
                       "Early Help Assessment Completion Date"), "ignore"),
        Col("eh_org", ("Organisation completing assessment", "OrganisationCompletingAssessment"), "ignore"),
    ),
    3: (
        Col("referral_date", ("Date of referral", "ReferralDate", "Referral Date", "Date of Referral Received"),
            "date"),
        Col("referral_source", ("Referral Source", "ReferralSource", "Source of Referral", "Source"),
            "referral_source"),
        Col("nfa", ("Referral NFA?", "ReferralNFA", "Referral NFA", "NFA", "Referral No Further Action",
                    "Was the referral NFA"), "bool"),
        Col("referrals_12m", ("Number of Referrals in Last 12 Months", "ReferralsLast12Months",
                              "Number of Previous Referrals in Last 12 Months",
                              "Number of referrals in the last 12 months"), "ignore"),
    ),
    4: (
        Col("start", ("Continuous Assessment Start Date", "ContinuousAssessmentStart", "Assessment start date",
                      "Assessment Start", "Single Assessment Start Date", "Date Assessment Started",
                      "Continuous Assessment Start"), "date"),
        Col("child_seen", ("Child Seen During Continuous Assessment", "ContinuousAssessmentChildSeen",
                           "Child seen during assessment", "Was the child seen during the assessment",
                           "Child Seen"), "bool"),
        Col("authorised", ("Continuous Assessment Date of Authorisation", "ContinuousAssessmentAuthDate",
                           "Assessment authorisation date", "Assessment Date of Authorisation",
                           "Date of Authorisation", "Assessment completion date", "Date Assessment Authorised",
                           "Assessment End Date"), "date"),
        Col("requires_support", ("Was the child assessed as requiring LA children's social care support?",
                                 "CSCSupportRequired", "Assessed as requiring LA children's social care support",
                                 "Requires children's social care support", "Requires social care support"), "bool"),
    ),
    5: (
        Col("start", ("Strategy discussion initiating Section 47 Enquiry Start Date", "StratDiscussionDate",
                      "Section 47 Enquiry Start Date", "S47 Enquiry Start Date", "S47 Start Date",
                      "Date of Strategy Discussion", "Strategy Discussion Date",
                      "Strategy discussion initiating S47 Enquiry Start Date"), "date"),
        Col("icpc_not_required", ("Was an Initial Child Protection Conference deemed unnecessary?",
                                  "InitialCPConfUnnecessary", "Was an ICPC deemed unnecessary?", "ICPC not required",
                                  "ICPC Deemed Unnecessary"), "bool"),
        Col("icpc_date", ("Date of Initial Child Protection Conference", "InitialCPConfDate", "Date of ICPC",
                          "ICPC Date", "Initial Child Protection Conference Date"), "date"),
        Col("plan_made", ("Did the Initial Child Protection Conference Result in a Child Protection Plan",
                          "CPConfResultInCPPlan", "Did the ICPC result in a CP plan", "ICPC Resulted in CP Plan",
                          "ICPC Outcome CP Plan"), "bool"),
        Col("s47_12m", ("Number of Section 47 Enquiries in the last 12 months", "NumberS47s12m",
                        "Number of S47 Enquiries in the last 12 months"), "ignore"),
        Col("icpc_12m", ("Number of ICPCs in the last 12 months", "NumberICPCs12m"), "ignore"),
    ),
    6: (
        Col("start", ("CIN Start Date", "CINStartDate", "Child in Need Start Date", "CIN Plan Start Date",
                      "Start Date"), "date"),
        Col("primary_need", ("Primary Need Code", "PrimaryNeedCode", "Primary Need", "Category of Need"), "ignore"),
        Col("last_seen", ("Date Child Was Last Seen", "DateChildLastSeen", "Date Child Last Seen"), "ignore"),
        Col("end", ("CIN Closure Date", "CINClosureDate", "CIN End Date", "CIN Plan End Date",
                    "Child in Need Closure Date", "End Date"), "date"),
        Col("closure_reason", ("Reason for Closure", "ReasonForClosure", "Closure Reason"), "ignore"),
        Col("case_status", ("Case Status", "CaseStatus"), "ignore"),
    ),
    7: (
        Col("start", ("Child Protection Plan Start Date", "ChildProtectionPlanStartDate", "CP Plan Start Date",
                      "CPP Start Date", "Start Date"), "date"),
        Col("initial_category", ("Initial Category of Abuse", "InitialCategoryOfAbuse", "Initial Category"),
            "abuse_category"),
        Col("latest_category", ("Latest Category of Abuse", "LatestCategoryOfAbuse", "Latest Category",
                                "Current Category of Abuse"), "abuse_category"),
        Col("visit_date", ("Date of the Last Statutory Visit", "DateOfLastStatutoryVisit",
                           "Date of Last Statutory Visit", "Last Statutory Visit Date", "Last Statutory Visit",
                           "Date of Latest Statutory Visit"), "date"),
        Col("seen_alone", ("Was the Child Seen Alone?", "ChildSeenAlone", "Child Seen Alone", "Seen Alone",
                           "Was the child seen alone at the last statutory visit"), "bool"),
        Col("review_date", ("Date of latest review conference", "DateOfLatestReviewConf",
                            "Date of Last Review Conference", "Latest Review Conference Date",
                            "Date of Latest RCPC", "Latest RCPC Date"), "date"),
        Col("end", ("Child Protection Plan End Date", "ChildProtectionPlanEndDate", "CP Plan End Date",
                    "CPP End Date", "End Date"), "date"),
        Col("epo", ("Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
                    "ProtectionLastSixMonths", "Subject to EPO or Police Protection in Last Six Months"), "ignore"),
        Col("previous_plans", ("Number of Previous Child Protection Plans", "NumberOfPreviousChildProtectionPlans",
                               "Number of Previous CP Plans", "Previous CP Plans"), "int"),
    ),
    8: (
        Col("start", ("Date Started to be Looked After", "LoookedAfterStartDate", "LookedAfterStartDate",
                      "Date Started Looked After", "Date Became Looked After", "Date Entered Care",
                      "CLA Start Date", "Start Date"), "date"),
        Col("category_of_need", ("Child's Category of Need", "ChildCategoryOfNeed", "Category of Need"), "ignore"),
        Col("subsequent", ("Is this a second or subsequent period of being a Looked After Child within the last "
                           "12 months (Y/N)", "SubsequentLACEpisodeLast12Months"), "ignore"),
        Col("legal_start", ("Start date of current legal status", "MostRecentLegalStatusStart",
                            "Legal Status Start Date"), "ignore"),
        Col("legal_status", ("Child's Legal Status", "LegalStatus", "Legal Status", "Current Legal Status"),
            "legal_status"),
        Col("review_date", ("Date of Latest Statutory Review", "LatestStatutoryReviewDate",
                            "Date of Last Statutory Review", "Latest Statutory Review Date", "Date of Latest Review",
                            "Date of Last LAC Review"), "date"),
        Col("visit_date", ("Date of Last Social Work Visit", "LastSocialWorkVisitDate",
                           "Date of Latest Social Work Visit", "Last Social Work Visit",
                           "Date of Last Statutory Visit"), "date"),
        Col("permanence", ("What is the permanence plan for this child?", "PermanencePlan", "Permanence Plan"),
            "ignore"),
        Col("iro", ("Date of Last IRO Visit / Contact to the Child", "LastIROVisitDate", "Date of Last IRO Visit",
                    "Date of Last IRO Contact"), "ignore"),
        Col("health_date", ("Date of Last Health Assessment", "LastHealthAssessmentDate",
                            "Date of Latest Health Assessment", "Last Health Assessment"), "date"),
        Col("dental", ("Date of Last Dental Check", "LastDentalCheckDate", "Last Dental Check"), "ignore"),
        Col("placements", ("Number of Placements in the Last 12 months", "PlacementsLast12Months",
                           "Number of Placements in Last 12 Months", "No. of Placements in Last 12 Months"), "int"),
        Col("end", ("Date Ceased to be Looked After", "CeasedLookedAfterDate", "Date Ceased Looked After",
                    "Date Left Care", "CLA End Date", "End Date"), "date"),
        Col("reason_ceased", ("Reason Ceased to be Looked After", "ReasonCeasedLookedAfter", "Reason Ceased"),
            "ignore"),
        Col("placement_start", ("Start Date of Most Recent Placement", "MostRecentPlacementStartDate",
                                "Placement Start Date", "Current Placement Start Date"), "date"),
        Col("placement_type", ("Placement Type", "PlacementType", "Current Placement Type"), "placement_type"),
        Col("provider", ("Placement Provider", "PlacementProvider"), "ignore"),
        Col("postcode", ("Placement postcode", "PlacementPostcode"), "ignore"),
        Col("urn", ("URN of Placement", "PlacementURN", "Placement URN"), "ignore"),
        Col("location", ("Placement Location", "PlacementLocation"), "ignore"),
        Col("placement_la", ("LA of Placement", "PlacementLA"), "ignore"),
        Col("missing", ("Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
                        "EpisodesChildMissingFromPlacement"), "ignore"),
        Col("absent", ("Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
                       "EpisodesChildAbsentFromPlacement"), "ignore"),
        Col("rhi_offered", ("Was the child offered a Return Interview after their last missing episode (Y/N)?",
                            "ChildOfferedReturnInterviewAfterLastMFH"), "ignore"),
        Col("rhi_accepted", ("Did the child accept a Return Interview after their last missing episode (Y/N)?",
                             "ChildAcceptedReturnInterviewAfterLastMFH"), "ignore"),
    ),
    9: (
        Col("personal_adviser", ("Allocated Personal Advisor", "AllocatedPersonalAdvisor",
                                 "Allocated Personal Adviser", "Personal Advisor", "Personal Adviser"), "named"),
        Col("eligibility", ("Eligibility Category", "EligibilityCategory", "Care Leaver Eligibility", "Eligibility",
                            "Care Leaver Category"), "care_leaver_eligibility"),
        Col("pathway_date", ("Latest Pathway Plan Review Date", "LatestPathwayPlan", "Latest Pathway Plan Date",
                             "Date of Latest Pathway Plan", "Pathway Plan Review Date"), "date"),
        Col("in_touch", ("LA in Touch", "LAInTouch", "In Touch", "Is the LA in Touch", "LA in Touch with Care Leaver"),
            "in_touch"),
        Col("last_contact", ("Latest Date of Contact", "LatestContact", "Latest Contact Date", "Date of Latest Contact",
                             "Date of Last Contact"), "date"),
        Col("accommodation", ("Type of Accommodation", "TypeOfAccommodation", "Accommodation Type", "Accommodation"),
            "accommodation_type"),
        Col("suitable", ("Suitability of Accommodation", "SuitabilityOfAccommodation", "Accommodation Suitability",
                         "Suitability", "Is the Accommodation Suitable"), "suitable"),
        Col("activity", ("Activity Status", "ActivityStatus", "Main Activity", "Activity"), "activity"),
    ),
    10: (
        Col("family_id", ("Family identifier", "FamilyID", "Family ID"), "ignore"),
        Col("entered_care", ("Date the Child Entered Care", "EnteredCareDate"), "ignore"),
        Col("shobpa", ("Date of Decision that Child Should be Placed for Adoption", "ADMSHOBPADecisionDate"), "ignore"),
        Col("placement_order", ("Date of Placement Order", "PlacementOrderDate"), "ignore"),
        Col("matched", ("Date of Matching Child and Prospective Adopters", "MatchedForAdoptionDate"), "ignore"),
        Col("placed", ("Date Placed for Adoption", "PlacedForAdoptionDate"), "ignore"),
        Col("adoption_order", ("Date of Adoption Order", "AdoptionOrderDate"), "ignore"),
        Col("reversed", ("Date of Decision that Child Should No Longer be Placed for Adoption",
                         "DecisionReversedDate"), "ignore"),
    ),
    11: (
        Col("adopter_id", ("Individual adopter identifier", "AdopterID", "Adopter ID"), "ignore"),
        Col("family_id", ("Family identifier", "FamilyID", "Family ID"), "ignore"),
        Col("ffa", ("Is the (prospective) adopter fostering for adoption?",), "ignore"),
        Col("enquiry", ("Date enquiry received",), "ignore"),
        Col("stage1", ("Date Stage 1 started",), "ignore"),
        Col("stage2", ("Date Stage 2 started",), "ignore"),
        Col("application", ("Date application submitted",), "ignore"),
        Col("approved", ("Date application approved",), "ignore"),
    ),
}

SCHEMA_LISTS = (1, 3, 4, 5, 6, 7, 8, 9)  # lists with a table in the schema
OTHER_LISTS = (2, 10, 11)


def _index(n: int) -> dict[str, Col]:
    idx: dict[str, Col] = {}
    for col in LIST_COLS[n] + COMMON:  # the list's own spellings win over the common ones
        for h in col.headers:
            idx.setdefault(norm_header(h), col)
    return idx


_INDEX = {n: _index(n) for n in LIST_COLS}
# Headers that say which list a sheet is: spellings only one list uses.
_OWNERS: dict[str, set[int]] = defaultdict(set)
for _n, _cols in LIST_COLS.items():
    for _c in _cols:
        for _h in _c.headers:
            _OWNERS[norm_header(_h)].add(_n)
_DISTINCTIVE = {n: {h for h, owners in _OWNERS.items() if owners == {n}} for n in LIST_COLS}
_CHILD_ID = {norm_header(h) for h in COMMON[0].headers}
_STRONG_CHILD_ID = {"childuniqueid", "uniquechildid", "childuniqueidentifier"}
_STANDARD = {norm_header(c.headers[0]) for cols in LIST_COLS.values() for c in cols}

_SHEET_NUMBER = re.compile(r"\blist\s*0?(\d{1,2})\b", re.I)
_SHEET_WORDS = (  # tried in order
    (2, re.compile(r"early\s*help", re.I)),
    (11, re.compile(r"adopters", re.I)),
    (10, re.compile(r"adoption", re.I)),
    (1, re.compile(r"contact", re.I)),
    (3, re.compile(r"referral", re.I)),
    (5, re.compile(r"s\.?\s?47|section\s*47|icpc|enquir", re.I)),
    (4, re.compile(r"assessment", re.I)),
    (9, re.compile(r"care\s*leaver|leaving\s*care", re.I)),
    (8, re.compile(r"in\s*care|looked\s*after|\bcla\b|\blac\b", re.I)),
    (7, re.compile(r"child\s*protection|\bcpp?\b", re.I)),
    (6, re.compile(r"in\s*need|\bcin\b", re.I)),
)


def list_from_sheet_name(name: str) -> int | None:
    m = _SHEET_NUMBER.search(name)
    if m and 1 <= int(m.group(1)) <= 11:
        return int(m.group(1))
    for n, rx in _SHEET_WORDS:
        if rx.search(name):
            return n
    return None


# --------------------------------------------------------------------------- values


def _text(raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (_dt.date, _dt.datetime)):
        return raw.isoformat()
    s = str(raw).strip()
    return s or None


def _iso(raw: Any) -> str | None:
    """A date cell as YYYY-MM-DD where it can be read as one (for keys and
    comparisons only; the loader does the real coercion)."""
    if raw is None:
        return None
    if isinstance(raw, _dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, _dt.date):
        return raw.isoformat()
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if float(raw).is_integer() and 1 <= raw <= 2958465:
            return (_EXCEL_EPOCH + _dt.timedelta(days=int(raw))).isoformat()
        return str(raw)
    s = str(raw).strip()
    m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", s)
    if m:
        try:
            return _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            return s
    return s or None


_PREFIX = re.compile(r"^\s*[a-z]{1,2}\d?\)\s*", re.I)
_END = r"(?=$|[\s:;,.)/\-\u2013\u2014])"

_YES = {"y", "yes", "true", "t", "1"}
_NO = {"n", "no", "false", "f", "0"}
_UNKNOWN = {"unknown", "not known", "u", "nk", "n/k", "not recorded", "unk"}


def to_bool(raw: Any) -> Any:
    """Yes/No cell -> True/False; Unknown/blank -> None; anything else unchanged."""
    if raw is None or isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    s = _text(raw)
    if s is None:
        return None
    t = _PREFIX.sub("", s, count=1).strip().rstrip(".").lower()
    if t in _YES:
        return True
    if t in _NO:
        return False
    if t in _UNKNOWN:
        return None
    return raw


def _suitable(raw: Any) -> Any:
    if raw is None or isinstance(raw, bool):
        return raw
    s = _text(raw)
    if s is None:
        return None
    t = _PREFIX.sub("", s, count=1).strip().lower()
    if re.search(r"unsuitable|not\s+suitable", t):
        return False
    if re.search(r"suitable", t):
        return True
    return to_bool(raw)


@dataclass(frozen=True)
class _Mapper:
    """Label -> code: the code itself first (``token``, matched on the cell and
    on the cell without its ``x)`` prefix), then label words in order."""

    code_set: str
    token: re.Pattern | None
    words: tuple[tuple[str, re.Pattern], ...] = ()
    missing: frozenset = frozenset()
    fold: Callable[[str], str] = str.upper

    def __call__(self, raw: Any, codes: dict[str, str] | None) -> Any:
        s = _text(raw)
        if s is None:
            return None
        stripped = _PREFIX.sub("", s, count=1).strip()
        known = codes or {}
        lower = {c.lower(): c for c in known}
        for cand in (s, stripped):
            if cand in known:
                return cand
            if cand.lower() in lower:
                return lower[cand.lower()]
            if self.token is not None:
                m = self.token.match(cand)
                if m:
                    code = self.fold(m.group(1))
                    if not known or code in known:
                        return code
        for code, rx in self.words:
            if rx.search(stripped) and (not known or code in known):
                return code
        if stripped.lower() in self.missing:
            return None
        return raw


def _w(*pairs: tuple[str, str]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((code, re.compile(rx, re.I)) for code, rx in pairs)


def _activity(raw: Any, codes: dict[str, str] | None) -> Any:
    """Activity codes as the DfE SSDA903 guide defines them (F4/P4 apprenticeship,
    F5/P5 training or employment): the code first, then the label words."""
    code = _ACTIVITY_CODE(raw, codes)
    if code is None or code is not raw:
        return code
    t = _PREFIX.sub("", _text(raw) or "", count=1).lower()
    part = bool(re.search(r"part[\s-]*time", t))
    if re.search(r"illness|disab", t):
        found = "G4"
    elif re.search(r"pregnan|parenting", t):
        found = "G6"
    elif re.search(r"not in education|\bneet\b", t):
        found = "G5"
    elif "higher" in t and "other than higher" not in t and "not higher" not in t:
        found = "P1" if part else "F1"
    elif "apprentice" in t and "not apprentice" not in t:
        found = "P4" if part else "F4"
    elif re.search(r"training|employ", t):
        found = "P5" if part else "F5"
    elif "education" in t:
        found = "P2" if part else "F2"
    else:
        return raw
    return found if not codes or found in codes else raw


_ACTIVITY_CODE = _Mapper("activity", re.compile(r"^([FPG]\d)" + _END, re.I))

_ETHNICITY_OLD = {  # the extended codes some systems still hold (D2I SSD scripts map them)
    "A1": "WBRI", "A2": "WIRI", "A3": "WOTH", "A4": "WIRT", "A5": "WROM", "B1": "MWBC", "B2": "MWBA",
    "B3": "MWAS", "B4": "MOTH", "C1": "AIND", "C2": "APKN", "C3": "ABAN", "C4": "AOTH", "D1": "BCRB",
    "D2": "BAFR", "D3": "BOTH", "E1": "CHNE", "E2": "OOTH", "E3": "REFU", "E4": "NOBT",
}


def _ethnicity(raw: Any, codes: dict[str, str] | None) -> Any:
    s = _text(raw)
    if s is not None and s.upper() in _ETHNICITY_OLD:
        return _ETHNICITY_OLD[s.upper()]
    return _ETHNICITY(raw, codes)


_ETHNICITY = _Mapper(
    "ethnicity",
    re.compile(r"^([A-Z]{4})" + _END, re.I),
    _w(
        ("MWBC", r"white\W+and\W+black\W+caribbean"),
        ("MWBA", r"white\W+and\W+black\W+african"),
        ("MWAS", r"white\W+and\W+asian"),
        ("MOTH", r"other\W+mixed|mixed.*other|^mixed"),
        ("WIRT", r"traveller|irish\W+heritage"),
        ("WIRI", r"white\W+irish|^irish"),
        ("WROM", r"gypsy|\broma\b"),
        ("WBRI", r"white\W+british|^british"),
        ("WOTH", r"other\W+white|white.*other"),
        ("AIND", r"^indian|\bindian\b"),
        ("APKN", r"pakistani"),
        ("ABAN", r"bangladeshi"),
        ("AOTH", r"other\W+asian|asian.*other"),
        ("BCRB", r"caribbean"),
        ("BAFR", r"african"),
        ("BOTH", r"other\W+black|black.*other"),
        ("CHNE", r"chinese"),
        ("REFU", r"refus|did\s+not\s+wish|declined"),
        ("NOBT", r"not\s+(yet\s+)?obtained|information\s+not"),
        ("OOTH", r"other\W+ethnic|any\s+other"),
    ),
    frozenset({"unknown", "not known", "u", "unk"}),
)

_MAPPERS: dict[str, Callable[[Any, dict | None], Any]] = {
    "sex": _Mapper(
        "sex",
        re.compile(r"^([MFU])$", re.I),
        _w(("F", r"^fem"), ("M", r"^mal"), ("F", r"^2$"), ("M", r"^1$"),
           ("U", r"not\s+stated|not\s+recorded|unknown|indeterminate|neither|^[i09]$|^other|unborn")),
    ),
    "ethnicity": _ethnicity,
    "referral_source": _Mapper(
        "referral_source",
        re.compile(r"^(10|[1-9][A-F]?)" + _END, re.I),
        _w(
            ("3C", r"school\W+nurse"),
            ("1A", r"family|relative|carer"),
            ("1B", r"acquaint|neighbour|child\W*minder"),
            ("1C", r"\bself\b"),
            ("1D", r"individual.*other|stranger"),
            ("2A", r"^schools?\b|\bschool\b"),
            ("2B", r"educat"),
            ("3A", r"\bgp\b|general\s+practi"),
            ("3B", r"health\s+visitor"),
            ("3D", r"other\s+primary"),
            ("3E", r"\ba\s*&\s*e\b|accident|emergency\s+dep"),
            ("3F", r"hospice|health.*other|other.*health|hospital"),
            ("5D", r"early\s+help"),
            ("5B", r"other\s+internal|internal"),
            ("5C", r"external|another\s+(local\s+authority|la)\b"),
            ("5A", r"social\s+care"),
            ("4", r"housing"),
            ("6", r"police"),
            ("7", r"legal|court|probation|cafcass|immigration|prison"),
            ("9", r"anonym"),
            ("10", r"unknown|not\s+known"),
            ("8", r"^other\b|voluntary|children'?s\s+cent"),
        ),
    ),
    "abuse_category": _Mapper(
        "abuse_category",
        re.compile(r"^(NEG|PHY|SAB|EMO|MUL)", re.I),
        _w(("MUL", r"multiple|not\s+recommended"), ("NEG", r"neglect"), ("PHY", r"physical"),
           ("SAB", r"sexual"), ("EMO", r"emotional")),
    ),
    "legal_status": _Mapper(
        "legal_status",
        re.compile(r"^([A-Z]\d)" + _END, re.I),
        _w(
            ("E1", r"placement\s+order|simultaneous"),
            ("C1", r"interim\s+care"),
            ("C2", r"full\s+care|care\s+order|\bfco\b"),
            ("D1", r"freeing"),
            ("L1", r"police"),
            ("L2", r"emergency\s+protection|\bepo\b"),
            ("L3", r"child\s+assessment\s+order"),
            ("J1", r"remand"),
            ("J2", r"\bpace\b"),
            ("J3", r"youth\s+rehabilitation"),
            ("V3", r"episodes\s+recorded"),
            ("V4", r"agreements?\s+recorded"),
            ("V2", r"\bs\.?\s?20\b|section\s+20|single\s+period"),
        ),
    ),
    "placement_type": _Mapper(
        "placement_type",
        re.compile(r"^([A-Z]\d)" + _END, re.I),
        _w(
            ("K1", r"secure"),
            ("K2", r"children'?s\s+home"),
            ("P1", r"placed\s+with\s+(own\s+)?parent"),
            ("H5", r"semi[\s-]*independent"),
            ("P2", r"independent\s+living"),
            ("P3", r"residential\s+employment"),
            ("R5", r"young\s+offender|prison"),
            ("R2", r"\bnhs\b|health\s+trust"),
            ("R3", r"mother\s+and\s+baby|family\s+centre"),
            ("S1", r"residential\s+school"),
            ("R1", r"residential\s+care\s+home"),
        ),
    ),
    "care_leaver_eligibility": _Mapper(
        "care_leaver_eligibility",
        None,
        _w(("former_relevant", r"former"), ("qualifying", r"qualif"), ("eligible", r"eligible"),
           ("relevant", r"rel[ae]vant")),
    ),
    "in_touch": _Mapper(
        "in_touch",
        re.compile(r"^(yes|no|died|refu|nreq|rhom)$", re.I),
        _w(("NREQ", r"no\s+longer\s+requir|not\s+required|nreq"), ("RHOM", r"returned\s+home|rhom"),
           ("DIED", r"died|death|deceased"), ("REFU", r"refu"), ("NO", r"^(n|not\s+in\s+touch)$|^no\b"),
           ("YES", r"^(y|in\s+touch)$|^yes\b")),
    ),
    "accommodation_type": _Mapper(
        "accommodation_type",
        re.compile(r"^([A-Z])(?:\s*[:\-\u2013)]|$)"),
        _w(
            ("Z", r"former\s+foster|staying\s+put"),
            ("B", r"parent|relative"),
            ("D", r"semi|transitional|self[\s-]*contained"),
            ("E", r"supported\s+lodging"),
            ("G", r"abroad"),
            ("H", r"deport"),
            ("K", r"ordinary\s+lodging|without\s+formal\s+support"),
            ("R", r"not\s+known|unknown"),
            ("S", r"no\s+fixed|homeless"),
            ("T", r"foyer"),
            ("U", r"independent\s+living"),
            ("V", r"emergency"),
            ("W", r"bed\s+and\s+breakfast|\bb\s*&\s*b\b"),
            ("X", r"custody|prison"),
            ("C", r"community\s+home|residential"),
            ("Y", r"other"),
        ),
        fold=lambda s: s,
    ),
    "activity": _activity,
}


def to_code(code_set: str, raw: Any, codes: dict[str, str] | None = None) -> Any:
    """Annex A label -> csc code of ``code_set``; a value that maps to no code
    is returned unchanged (the loader then rejects it)."""
    if code_set == "suitable":
        return _suitable(raw)
    if code_set == "accommodation_type":
        s = _text(raw)
        if s is not None and len(s) == 1 and s.isalpha():
            up = s.upper()
            if not codes or up in codes:
                return up
    return _MAPPERS[code_set](raw, codes)


def _convert(conv: str, raw: Any, schema: DataSchema) -> Any:
    if raw is None:
        return None
    if isinstance(raw, str) and not raw.strip():
        return None
    if conv in ("text", "date", "int", "ignore"):
        return raw
    if conv == "bool":
        return to_bool(raw)
    codes = schema.code_sets.get("accommodation_type" if conv == "suitable" else conv)
    return to_code(conv, raw, codes)


# --------------------------------------------------------------------------- list -> tables


@dataclass(frozen=True)
class _Out:
    """A record a list row makes: ``table`` with ``fields`` (field -> role).

    The list's main record has ``suffix`` None and its key from the list, the
    child and the ``date_role``; a derived record (``suffix`` set) is made
    only when its ``trigger`` role has a value, keyed ``<main key>/<suffix>``
    and linked to the main record through ``parent_field``."""

    table: str
    key_field: str
    fields: dict[str, str]
    suffix: str | None = None
    trigger: str | None = None
    parent_field: str | None = None
    constants: tuple[tuple[str, Any], ...] = ()


#: what worker_id / personal_adviser_id hold when Annex A names someone (names are never kept)
NAMED = "named in Annex A"
_SEEN_IF_ALONE = object()  # visits.seen: true when the child was seen alone, else unknown
_STRATEGY_KEY = object()  # s47_enquiries.strategy_id: the strategy discussion the row's date is

_OUTS: dict[int, tuple[_Out, ...]] = {
    1: (_Out("contacts", "contact_id", {"date": "contact_date", "source": "contact_source"}),),
    3: (_Out("referrals", "referral_id",
             {"date": "referral_date", "source": "referral_source", "nfa": "nfa", "team": "team"}),),
    4: (_Out("assessments", "assessment_id",
             {"start_date": "start", "authorised_date": "authorised", "child_seen": "child_seen",
              "requires_support": "requires_support", "team": "team", "worker_id": "worker"},
             constants=(("type", "single"),)),),
    5: (
        _Out("s47_enquiries", "s47_id",
             {"start_date": "start", "icpc_not_required": "icpc_not_required", "icpc_date": "icpc_date",
              "team": "team", "worker_id": "worker"}, constants=(("strategy_id", _STRATEGY_KEY),)),
        _Out("strategy_discussions", "strategy_id", {"date": "start"}, "strategy", "start", None,
             (("s47_decided", True),)),
        _Out("cp_conferences", "conference_id", {"date": "icpc_date", "plan_made": "plan_made"}, "icpc",
             "icpc_date", "s47_id", (("type", "initial"),)),
    ),
    6: (_Out("cin_plans", "cin_plan_id", {"start_date": "start", "end_date": "end"}),),
    7: (
        _Out("cp_plans", "plan_id",
             {"start_date": "start", "end_date": "end", "initial_category": "initial_category",
              "latest_category": "latest_category", "previous_plans": "previous_plans", "team": "team"}),
        _Out("visits", "visit_id", {"date": "visit_date", "seen_alone": "seen_alone"}, "visit", "visit_date", None,
             (("type", "cp"), ("seen", _SEEN_IF_ALONE))),
        _Out("cp_conferences", "conference_id", {"date": "review_date"}, "review", "review_date", "plan_id",
             (("type", "review"),)),
    ),
    8: (
        _Out("care_periods", "period_id",
             {"start_date": "start", "end_date": "end", "legal_status": "legal_status",
              "placement_type": "placement_type", "placement_start_date": "placement_start",
              "placements_last_12_months": "placements", "team": "team", "worker_id": "worker"}),
        _Out("visits", "visit_id", {"date": "visit_date"}, "visit", "visit_date", None, (("type", "lac"),)),
        _Out("lac_reviews", "review_id", {"date": "review_date"}, "review", "review_date", "period_id"),
        _Out("health_assessments", "health_assessment_id", {"date": "health_date"}, "health", "health_date"),
    ),
    9: (
        _Out("care_leavers", "child_id",
             {"eligibility": "eligibility", "in_touch": "in_touch", "accommodation": "accommodation",
              "accommodation_suitable": "suitable", "activity": "activity", "last_contact_date": "last_contact",
              "personal_adviser_id": "personal_adviser"}),
        _Out("pathway_plans", "pathway_plan_id", {"date": "pathway_date"}, "pathway", "pathway_date"),
    ),
}
_DATE_ROLE = {1: "contact_date", 3: "referral_date", 4: "start", 5: "start", 6: "start", 7: "start", 8: "start"}
_CHILD_FIELDS = {"date_of_birth": "date_of_birth", "sex": "sex", "ethnicity": "ethnicity", "disabled": "disabled",
                 "uasc": "uasc"}


def _out_fields(o: _Out) -> set[str]:
    """The fields the records one list makes for a table carry."""
    out = {"child_id", o.key_field} | set(o.fields) | {k for k, _ in o.constants}
    if o.parent_field:
        out.add(o.parent_field)
    return out


def _carried(table: str) -> set[str]:
    out = {"child_id"} if table != "children" else set(_CHILD_FIELDS) | {"child_id"}
    for outs in _OUTS.values():
        for o in outs:
            if o.table == table:
                out |= set(o.fields) | {o.key_field} | {k for k, _ in o.constants}
                if o.parent_field:
                    out.add(o.parent_field)
    return out


#: table -> the fields an Annex A workbook can fill; every other field of these
#: tables, and every other table, is missing whatever the council recorded. A
#: rule that needs anything outside this cannot be judged from Annex A (the
#: engine may use this to say so instead of failing every record).
CARRIES: dict[str, frozenset[str]] = {
    t: frozenset(_carried(t)) for t in sorted({"children"} | {o.table for outs in _OUTS.values() for o in outs})
}


#: what a rule's reason says about a field Annex A has no place for
NOT_CARRIED_WHY: dict[tuple[str, str], str] = {
    ("visits", "seen_alone"): "Annex A list 8 does not record whether the child was seen alone at the visit",
    ("visits", "seen"): "Annex A list 8 does not record whether the child was seen at the visit",
    ("visits", "worker_id"): "Annex A does not record who made a visit",
    ("contacts", "decision_date"): "Annex A list 1 does not record when a contact was decided",
    ("referrals", "decision_date"): "Annex A list 3 does not record when a referral was decided",
    ("referrals", "child_seen"): "Annex A list 3 does not record whether the child was seen",
    ("assessments", "child_seen_alone"): "Annex A list 4 does not record whether the child was seen alone",
    ("cp_conferences", "minutes_sent_date"): "Annex A does not record when conference minutes were sent",
    ("lac_reviews", "child_participated"): "Annex A list 8 does not record whether the child took part in reviews",
}


# --------------------------------------------------------------------------- reading


class _ChildAcc:
    __slots__ = ("values", "raw", "where", "sources", "sheet", "row")

    def __init__(self, sheet: str, row: int):
        self.values: dict[str, Any] = {}
        self.raw: dict[str, Any] = {}
        self.where: dict[str, tuple[str, int]] = {}
        self.sources: dict[str, str] = {}
        self.sheet = sheet
        self.row = row


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _open(path: Path):
    from checker.data.readers.cells import open_workbook
    from checker.limits import check_zip

    with zipfile.ZipFile(path) as zf:
        check_zip(zf, path)  # inflated-size and ratio limits before anything is inflated
    return open_workbook(path)  # calamine's cells as openpyxl gives them (cells.py); else openpyxl's


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
            wb = _open(path)
        except Exception:  # not a workbook openpyxl can read
            return False
        try:
            if any(_SHEET_NUMBER.search(ws.title) for ws in wb.worksheets):
                return True
            for ws in wb.worksheets[:12]:
                for row in islice(ws.iter_rows(values_only=True), HEADER_SCAN_ROWS):
                    cells = [norm_header(c) for c in row if isinstance(c, str) and "_" not in c]
                    if any(c in _STRONG_CHILD_ID for c in cells):
                        return True
                    if sum(1 for c in cells if c in _STANDARD) >= 2:
                        return True
            return False
        except Exception:
            return False
        finally:
            wb.close()

    # ---- reading
    def read(self, path: Path, schema: DataSchema, diags: Diagnostics) -> Iterator[Source]:
        file = str(path)
        try:
            wb = _open(path)
        except Exception as exc:
            diags.error(f"cannot open `{path}` as an Excel workbook: {exc}", Location(file), code="unreadable",
                        suggestion="save it from Excel as .xlsx (an .xls or .csv file is not an Annex A workbook)")
            return
        reader = _WorkbookReader(path, schema, diags)
        try:
            for ws in wb.worksheets:
                reader.sheet(ws)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged sheet part
            why = str(exc).strip() or type(exc).__name__
            diags.error(f"`{path.name}` could not be read: {why[:200]}", Location(file), code="unreadable",
                        suggestion="open it in Excel and save it again as an Excel Workbook (.xlsx)")
        finally:
            wb.close()
        yield from reader.finish()


class _WorkbookReader:
    def __init__(self, path: Path, schema: DataSchema, diags: Diagnostics):
        self.path = path
        self.schema = schema
        self.diags = diags
        self.sources: list[Source] = []
        self.children: dict[str, _ChildAcc] = {}
        self.memo: dict[tuple[str, str], Any] = {}
        self.key_counts: dict[str, int] = defaultdict(int)
        self.first_rows: dict[tuple, tuple[str, int]] = {}  # (key, cell values) -> where first seen
        self.repeats: dict[str, list[tuple[int, tuple[str, int]]]] = defaultdict(list)
        self.read_lists: list[int] = []
        self.other_lists: list[str] = []
        self.conflicts = 0
        self.tables_made: set[str] = set()
        self.missing_tables_warned: set[str] = set()

    def where(self, sheet: str) -> str:
        return f"{self.path} [{sheet}]"

    # ---- one sheet
    def sheet(self, ws) -> None:
        title = ws.title
        hidden = getattr(ws, "sheet_state", "visible") != "visible"
        number = list_from_sheet_name(title)
        rows = ws.iter_rows(values_only=True)
        head = list(islice(rows, HEADER_SCAN_ROWS))
        if number is None:
            number = self.identify(head)
            if number is None:
                if any(not _blank(c) for r in head for c in r):
                    self.diags.warning(
                        f"sheet `{title}`{' (hidden)' if hidden else ''} of `{self.path.name}` does not look like an "
                        f"Annex A list; it was not read",
                        Location(self.where(title)), code="unknown-sheet",
                        suggestion="name the sheet `List N` (N = 1..11) or give it the list's standard header row",
                    )
                return
        found = self.header(head, number)
        if number in OTHER_LISTS:
            start = found[0] if found else 0
            count = sum(1 for r in chain(head[start + 1:] if found else head, rows) if any(not _blank(c) for c in r))
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
            report = self.diags.error if _SHEET_NUMBER.search(title) else self.diags.warning
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
        date_role = _DATE_ROLE.get(number)
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
        self.read_rows(title, number, header_row, roles, names, unknown, chain(head[header_index + 1:], rows))

    def identify(self, head: list[tuple]) -> int | None:
        best, best_score = None, (0, 0)
        for row in head:
            cells = {norm_header(c) for c in row if isinstance(c, str)}
            for n in LIST_COLS:
                distinctive = len(cells & _DISTINCTIVE[n])
                total = len(cells & set(_INDEX[n]))
                if distinctive and (distinctive, total) > best_score:
                    best, best_score = n, (distinctive, total)
        return best

    def header(self, head: list[tuple], number: int):
        """(index of the header's last row, role -> column index, role -> header text,
        [(column index, header)] unknown, [(column index, header)] repeated) or None."""
        index = _INDEX[number]
        best, best_count = None, 0
        for i, row in enumerate(head):
            count = len({index[k].role for k in (norm_header(c) for c in row if not _blank(c)) if k in index})
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
            if _blank(cell):
                # A header merged down from the rows above (vertically merged cells).
                for up in range(best - 1, max(-1, best - 3), -1):
                    above = head[up][j] if j < len(head[up]) else None
                    col = index.get(norm_header(above)) if not _blank(above) else None
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
            below = [(j, c) for j, c in enumerate(head[best + 1]) if not _blank(c)]
            cols = [(j, c, index.get(norm_header(c))) for j, c in below]
            if cols and all(col is not None and col.role not in roles and j not in roles.values()
                            for j, _, col in cols):
                last = best + 1
                for j, c, col in cols:
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
        for out in _OUTS[number]:
            if out.table not in self.schema.tables:
                continue
            if out.suffix is not None and out.trigger not in roles:
                self.diags.warning(
                    f"sheet `{title}` has no column `{cols[out.trigger].headers[0]}`; no `{out.table}` records are "
                    f"made from it",
                    Location(where, header_row, 1), code="missing-column",
                )
                continue
            for fld, role in out.fields.items():
                if role in roles:
                    continue
                self.diags.warning(
                    f"sheet `{title}` has no column `{cols[role].headers[0]}`; every value of `{out.table}.{fld}` "
                    f"from it is missing",
                    Location(where, header_row, 1), code="missing-column",
                )

    def read_rows(self, title: str, number: int, header_row: int, roles: dict[str, int], names: dict[str, str],
                  unknown, rows) -> None:
        schema = self.schema
        file = self.where(title)
        cols = {c.role: c for c in LIST_COLS[number] + COMMON}
        conv = {role: cols[role].conv for role in roles}
        headers = names
        data_cols = [j for role, j in roles.items() if conv[role] != "ignore"] + [j for j, _ in unknown]
        outs = [o for o in _OUTS[number] if o.table in schema.tables]
        for o in _OUTS[number]:
            if o.table not in schema.tables and o.table not in self.missing_tables_warned:
                self.missing_tables_warned.add(o.table)
                self.diags.warning(f"schema `{schema.name}` has no table `{o.table}`; list {number} values for it "
                                   f"were not read", Location(file), code="unknown-table")
        made: dict[str, list[RawRow]] = {o.table + (o.suffix or ""): [] for o in outs}
        date_role = _DATE_ROLE.get(number)
        used = [(role, j) for role, j in roles.items() if conv[role] != "ignore"]
        for offset, row in enumerate(rows):
            rownum = header_row + 1 + offset
            if all(_blank(row[j]) if j < len(row) else True for j in data_cols):
                continue  # padding
            width = len(row)
            raw = {role: (row[j] if j < width else None) for role, j in used}
            v = {role: self.convert(conv[role], value) for role, value in raw.items()}
            cid = _text(raw.get("child_id"))
            v["child_id"] = cid
            if cid is not None:
                self.child(cid, v, raw, title, rownum, headers)
            if number == 9:
                main_key = cid
            else:
                day = _iso(raw.get(date_role))
                main_key = f"L{number}/{cid or ''}/{day or f'row{rownum}'}"
                main_key = self.unique(main_key, row, title, rownum)
            where = f"{title} row {rownum}"
            for o in outs:
                if o.suffix is None:
                    key = main_key
                else:
                    if _blank(raw.get(o.trigger)) or cid is None:
                        continue
                    key = f"L9/{cid}/{o.suffix}" if number == 9 else f"{main_key}/{o.suffix}"
                values: dict[str, Any] = {o.key_field: key, "child_id": cid}
                sources: dict[str, str] = {"child_id": headers["child_id"]}
                for fld, role in o.fields.items():
                    values[fld] = v.get(role)
                    if role in headers:
                        sources[fld] = headers[role]
                for fld, const in o.constants:
                    if const is _STRATEGY_KEY:
                        values[fld] = f"{main_key}/strategy" if not _blank(raw.get("start")) and cid else None
                    elif const is _SEEN_IF_ALONE:
                        values[fld] = True if v.get("seen_alone") is True else None
                    else:
                        values[fld] = const
                if o.parent_field:
                    values[o.parent_field] = main_key
                table = schema.tables[o.table]
                values = {k: val for k, val in values.items() if k in table.fields}
                made[o.table + (o.suffix or "")].append(RawRow(rownum, values, where=where, sources=sources))
        mapped = {role for o in outs for role in o.fields.values()}
        # a name column (Allocated Worker) of a list with no field for it is ignored, and said so
        ignored = [names[role] for role in roles if conv[role] == "ignore" or (conv[role] == "named" and role not in mapped)]
        ignored += [h for _, h in unknown]
        for o in outs:
            rows_made = made[o.table + (o.suffix or "")]
            # A table this list carries exists even when its column is blank
            # on every row: whether a rule can run depends on the format,
            # never on the data.
            if True:
                self.tables_made.add(o.table)
                self.sources.append(Source(o.table, file, rows_made, sorted(set(ignored)) if o.suffix is None else None,
                                           fields=frozenset(_out_fields(o)), per_record=True))

    def convert(self, conv: str, raw: Any) -> Any:
        if conv == "named":  # a person's name: kept only as the fact that one is named
            return None if _blank(raw) else NAMED
        if conv in ("text", "date", "int") or raw is None:
            return None if _blank(raw) else raw
        if isinstance(raw, str):  # labels repeat: map each distinct one once
            memo = (conv, raw)
            if memo not in self.memo:
                self.memo[memo] = _convert(conv, raw, self.schema)
            return self.memo[memo]
        return _convert(conv, raw, self.schema)

    def unique(self, key: str, row: tuple, title: str, rownum: int) -> str:
        """``key``, or ``key/2``, ``key/3``... when an earlier row had it."""
        n = self.key_counts[key]
        self.key_counts[key] = n + 1
        first = self.first_rows.setdefault((key, row), (title, rownum))
        if first != (title, rownum):
            self.repeats[title].append((rownum, first))
        return key if n == 0 else f"{key}/{n + 1}"

    def child(self, cid: str, v: dict, raw: dict, sheet: str, rownum: int, headers: dict) -> None:
        acc = self.children.get(cid)
        if acc is None:
            acc = self.children[cid] = _ChildAcc(sheet, rownum)
        for fld, role in _CHILD_FIELDS.items():
            if role not in v or _blank(v[role]):
                continue
            value = v[role]
            if fld not in acc.values:
                acc.values[fld] = value
                acc.raw[fld] = raw[role]
                acc.where[fld] = (sheet, rownum)
                acc.sources[fld] = headers[role]
                continue
            a = _iso(acc.values[fld]) if fld == "date_of_birth" else acc.values[fld]
            b = _iso(value) if fld == "date_of_birth" else value
            if a != b:
                self.conflicts += 1
                if self.conflicts <= MAX_CONFLICT_WARNINGS:
                    s0, r0 = acc.where[fld]
                    self.diags.warning(
                        f"child `{cid}`: {headers[role]} is `{show_value(acc.raw[fld])}` in sheet `{s0}` row {r0} but "
                        f"`{show_value(raw[role])}` in sheet `{sheet}` row {rownum}; the first was used",
                        Location(self.where(sheet), rownum), code="conflicting-child",
                    )

    # ---- the end
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
        if "children" in schema.tables:
            table = schema.tables["children"]
            by_sheet: dict[str, list[RawRow]] = defaultdict(list)
            for cid, acc in self.children.items():
                values = {"child_id": cid}
                values.update({k: val for k, val in acc.values.items() if k in table.fields})
                sources = {"child_id": "Child Unique ID", **acc.sources}
                by_sheet[acc.sheet].append(RawRow(acc.row, values, where=f"{acc.sheet} row {acc.row}", sources=sources))
            for sheet, rows in by_sheet.items():
                yield Source("children", self.where(sheet), rows)
            self.tables_made.add("children")
        yield from self.sources
        for name in schema.tables:
            if name not in self.tables_made:
                continue
            missing = [f for f in schema.tables[name].fields if f not in _carried(name)]
            if missing:
                self.diags.warning(
                    f"Annex A does not carry {', '.join(f'`{f}`' for f in missing)} of `{name}`: every value is "
                    f"missing, so rules that need them cannot be judged from this input",
                    Location(str(self.path)), code="not-carried",
                )


def show_value(v: Any) -> str:
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    return str(v)


# --------------------------------------------------------------------------- writing

_SHEETS = {
    1: ("List 1 - Contacts", "List 1: Contacts",
        "All contacts in the period; one row per child where a contact names several children."),
    3: ("List 3 - Referrals", "List 3: Referrals", "All referrals in the period; a child appears once per referral."),
    4: ("List 4 - Assessments", "List 4: Assessments", "Children with social work assessments in the period."),
    5: ("List 5 - Section 47", "List 5: Section 47 enquiries and ICPCs", "All section 47 enquiries in the period."),
    6: ("List 6 - Children in need", "List 6: Children in need",
        "Children receiving services as a child in need in the period."),
    7: ("List 7 - Child protection", "List 7: Child protection",
        "Children on a child protection plan, and those whose plan ended in the period."),
    8: ("List 8 - Children in care", "List 8: Children in care",
        "Children in care, and those who ceased to be looked after in the period."),
    9: ("List 9 - Care leavers", "List 9: Care leavers", "Young people entitled to leaving care services."),
}
_NOTE = " Synthetic data written by casecheck; dates are dd/mm/yyyy."

# Column order of each list as written (roles; headers are each Col's first spelling).
_LAYOUT = {
    1: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "contact_date", "contact_source"),
    3: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "referral_date", "referral_source", "nfa",
        "referrals_12m", "team", "worker"),
    4: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "disabled", "start", "child_seen", "authorised",
        "requires_support", "team", "worker"),
    5: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "disabled", "start", "icpc_not_required", "icpc_date",
        "plan_made", "s47_12m", "icpc_12m", "team", "worker"),
    6: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "disabled", "start", "primary_need", "last_seen", "end",
        "closure_reason", "case_status", "team", "worker"),
    7: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "disabled", "start", "initial_category",
        "latest_category", "visit_date", "seen_alone", "review_date", "end", "epo", "previous_plans", "team", "worker"),
    8: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "uasc", "disabled", "start", "category_of_need",
        "subsequent", "legal_start", "legal_status", "review_date", "visit_date", "permanence", "iro", "health_date",
        "dental", "placements", "end", "reason_ceased", "placement_start", "placement_type", "provider", "postcode",
        "urn", "location", "placement_la", "missing", "absent", "rhi_offered", "rhi_accepted", "team", "worker"),
    9: ("child_id", "sex", "ethnicity", "date_of_birth", "age", "uasc", "disabled", "team", "worker",
        "personal_adviser", "eligibility", "pathway_date", "in_touch", "last_contact", "accommodation", "suitable",
        "activity"),
}
_UASC_HEADER = {8: COMMON[6].headers[0], 9: COMMON[6].headers[1]}

SEX_LABELS = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
ETHNICITY_ORDER = ("WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
                   "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT")
ETHNICITY_LABELS = {c: f"{chr(ord('a') + i)}) {c}" for i, c in enumerate(ETHNICITY_ORDER)}
SOURCE_LABELS = {
    "1A": "a) 1A: Individual", "1B": "b) 1B: Individual", "1C": "c) 1C: Individual", "1D": "d) 1D: Individual",
    "2A": "e) 2A: Schools", "2B": "f) 2B: Education services", "3A": "g) 3A: Health services",
    "3B": "h) 3B: Health services", "3C": "i) 3C: Health services", "3D": "j) 3D: Health services",
    "3E": "k) 3E: Health services", "3F": "l) 3F: Health services", "4": "m) 4: Housing", "5A": "n) 5A: LA services",
    "5B": "o) 5B: LA services", "5C": "p) 5C: LA services", "5D": "p1) 5D: LA services", "6": "q) 6: Police",
    "7": "r) 7: Other legal agency", "8": "s) 8: Other", "9": "t) 9: Anonymous", "10": "u) 10: Unknown",
}
YES_NO = {True: "a) Yes", False: "b) No"}
ABUSE_LABELS = {"NEG": "a) Neglect", "PHY": "b) Physical abuse", "SAB": "c) Sexual abuse", "EMO": "d) Emotional abuse",
                "MUL": "e) Multiple/not recommended"}
ELIGIBILITY_LABELS = {"relevant": "a) Relevant child", "former_relevant": "b) Former relevant child",
                      "qualifying": "c) Qualifying care leaver", "eligible": "d) Eligible child"}
IN_TOUCH_LABELS = {"YES": "a) Yes", "NO": "b) No", "DIED": "c) Died", "REFU": "d) Refu", "NREQ": "e) NREQ",
                   "RHOM": "f) Rhom"}
SUITABLE_LABELS = {True: "a) Suitable", False: "b) Unsuitable"}
ACTIVITY_LABELS = {  # the DfE SSDA903 / Annex A wording
    "F1": "F1: Full time in higher education", "P1": "P1: Part time in higher education",
    "F2": "F2: Full time in education other than higher", "P2": "P2: Part time in education other than higher",
    "F4": "F4: Young person engaged full time in an apprenticeship",
    "P4": "P4: Young person engaged part time in an apprenticeship",
    "F5": "F5: Young person engaged full time in training or employment (not apprenticeship)",
    "P5": "P5: Young person engaged part time in training or employment (not apprenticeship)",
    "G4": "G4: Not in education, employment or training - illness or disability",
    "G5": "G5: Not in education, employment or training - other",
    "G6": "G6: Not in education, employment or training - pregnancy or parenting",
}
FIXED_TIME = _dt.datetime(2000, 1, 1)


def _coded(labels: dict, code: Any, fallback: dict | None = None, sep: str = ": ") -> Any:
    if code is None:
        return None
    if code in labels:
        return labels[code]
    if fallback is not None and code in fallback:
        return f"{code}{sep}{fallback[code]}"
    return code


def _latest(records: list[dict], lo: _dt.date | None, hi: _dt.date | None, tie: str) -> dict | None:
    best = None
    for r in records:
        d = r.get("date")
        if d is None or (lo is not None and d < lo) or (hi is not None and d > hi):
            continue
        if best is None or (d, r.get(tie) or "") > (best["date"], best.get(tie) or ""):
            best = r
    return best


def write(tables: dict[str, list[dict]], schema: DataSchema, out: Path, as_at: _dt.date | None = None) -> None:
    """Write typed csc records as an Annex A workbook (lists 1 and 3-9).

    Lists 7 and 8 hold one value where the data may hold many; the writer
    takes the latest record (by date, then key) on or before the plan's or
    period's end date (when open: ``as_at``, or no limit when ``as_at`` is not
    given):

    - list 7 Date of the Last Statutory Visit / Was the Child Seen Alone?: the
      child's visits of type ``cp`` dated on or after the plan's start_date;
    - list 7 Date of latest review conference: cp_conferences of type
      ``review`` with this plan_id;
    - list 8 Date of Latest Statutory Review: lac_reviews with this period_id;
    - list 8 Date of Last Social Work Visit: the child's visits of type ``lac``;
    - list 8 Date of Last Health Assessment: the child's health assessments;
    - list 5 Did the ICPC result in a CP plan: the initial conference with this
      s47_id; list 9 Latest Pathway Plan Review Date: the child's latest
      pathway plan (on or before ``as_at``).

    ``as_at`` also gives Age of Child (Years) (blank without it). Every record
    is written: Ofsted's six-month windows are not applied. Dates are date
    cells formatted dd/mm/yyyy; codes are written as the template's labels.
    The workbook's created/modified times and the zip entries' times are
    fixed, so the same input gives the same bytes.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    from checker.workdays import add_months, age_on

    codes = schema.code_sets
    children = {c["child_id"]: c for c in tables.get("children", ())}

    def by_child(name: str) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = defaultdict(list)
        for r in tables.get(name, ()):
            out[r["child_id"]].append(r)
        return out

    visits = by_child("visits")
    health = by_child("health_assessments")
    pathway = by_child("pathway_plans")
    referrals_by_child = by_child("referrals")
    s47_by_child = by_child("s47_enquiries")
    conferences_by_child = by_child("cp_conferences")
    reviews_by_plan: dict[str, list[dict]] = defaultdict(list)
    initial_by_s47: dict[str, list[dict]] = defaultdict(list)
    for c in tables.get("cp_conferences", ()):
        if c.get("type") == "review" and c.get("plan_id"):
            reviews_by_plan[c["plan_id"]].append(c)
        if c.get("type") == "initial" and c.get("s47_id"):
            initial_by_s47[c["s47_id"]].append(c)
    lac_reviews_by_period: dict[str, list[dict]] = defaultdict(list)
    for r in tables.get("lac_reviews", ()):
        if r.get("period_id"):
            lac_reviews_by_period[r["period_id"]].append(r)

    def limit(end: _dt.date | None) -> _dt.date | None:
        return end if end is not None else as_at

    def common(cid: str) -> dict[str, Any]:
        ch = children.get(cid, {})
        dob = ch.get("date_of_birth")
        return {
            "child_id": cid,
            "sex": _coded(SEX_LABELS, ch.get("sex")),
            "ethnicity": _coded(ETHNICITY_LABELS, ch.get("ethnicity")),
            "date_of_birth": dob,
            "age": age_on(dob, as_at) if dob is not None and as_at is not None and dob <= as_at else None,
            "disabled": YES_NO.get(ch.get("disabled")),
            "uasc": YES_NO.get(ch.get("uasc")),
        }

    def count_before(records: list[dict], field: str, day: _dt.date, exclude: dict) -> int:
        lo = add_months(day, -12)
        return sum(1 for r in records if r is not exclude and r.get(field) is not None and lo <= r[field] < day)

    def rows_for(n: int) -> Iterator[dict[str, Any]]:
        if n == 1:
            for r in tables.get("contacts", ()):
                yield {**common(r["child_id"]), "contact_date": r["date"],
                       "contact_source": _coded(SOURCE_LABELS, r.get("source"))}
        elif n == 3:
            for r in tables.get("referrals", ()):
                yield {**common(r["child_id"]), "referral_date": r["date"],
                       "referral_source": _coded(SOURCE_LABELS, r.get("source")), "nfa": YES_NO.get(r.get("nfa")),
                       "referrals_12m": count_before(referrals_by_child[r["child_id"]], "date", r["date"], r),
                       "team": r.get("team")}
        elif n == 4:
            for r in tables.get("assessments", ()):
                yield {**common(r["child_id"]), "start": r["start_date"], "child_seen": YES_NO.get(r.get("child_seen")),
                       "authorised": r.get("authorised_date"),
                       "requires_support": YES_NO.get(r.get("requires_support")), "team": r.get("team"),
                       "worker": r.get("worker_id")}
        elif n == 5:
            strategy_date = {d["strategy_id"]: d.get("date") for d in tables.get("strategy_discussions", ())}
            for r in tables.get("s47_enquiries", ()):
                initial = sorted(initial_by_s47.get(r["s47_id"], ()), key=lambda c: (c["date"], c["conference_id"]))
                icpcs = [c for c in conferences_by_child[r["child_id"]] if c.get("type") == "initial"]
                # the column is the date of the strategy discussion that started the enquiry
                yield {**common(r["child_id"]), "start": strategy_date.get(r.get("strategy_id")) or r["start_date"],
                       "icpc_not_required": YES_NO.get(r.get("icpc_not_required")), "icpc_date": r.get("icpc_date"),
                       "plan_made": YES_NO.get(initial[0].get("plan_made")) if initial else None,
                       "s47_12m": count_before(s47_by_child[r["child_id"]], "start_date", r["start_date"], r),
                       "icpc_12m": count_before(icpcs, "date", r["start_date"], {}),
                       "team": r.get("team"), "worker": r.get("worker_id")}
        elif n == 6:
            for r in tables.get("cin_plans", ()):
                cid = r["child_id"]
                seen = [v for v in visits[cid] if v.get("seen")]
                last = _latest(seen, r["start_date"], limit(r.get("end_date")), "visit_id")
                refs = [x for x in referrals_by_child[cid] if x["date"] <= r["start_date"]]
                need = max(refs, key=lambda x: (x["date"], x["referral_id"]))["primary_need"] if refs else None
                yield {**common(cid), "start": r["start_date"],
                       "primary_need": _coded({}, need, codes.get("primary_need"), " - "),
                       "last_seen": last["date"] if last else None, "end": r.get("end_date"),
                       "case_status": "e) Closed episode" if r.get("end_date") else "c) Child in need plan"}
        elif n == 7:
            for r in tables.get("cp_plans", ()):
                cid = r["child_id"]
                hi = limit(r.get("end_date"))
                cp_visits = [v for v in visits[cid] if v.get("type") == "cp"]
                visit = _latest(cp_visits, r["start_date"], hi, "visit_id")
                review = _latest(reviews_by_plan.get(r["plan_id"], []), None, hi, "conference_id")
                yield {**common(cid), "start": r["start_date"],
                       "initial_category": _coded(ABUSE_LABELS, r.get("initial_category")),
                       "latest_category": _coded(ABUSE_LABELS, r.get("latest_category")),
                       "visit_date": visit["date"] if visit else None,
                       "seen_alone": YES_NO.get(visit.get("seen_alone")) if visit else None,
                       "review_date": review["date"] if review else None, "end": r.get("end_date"),
                       "previous_plans": r.get("previous_plans"), "team": r.get("team")}
        elif n == 8:
            for r in tables.get("care_periods", ()):
                cid = r["child_id"]
                hi = limit(r.get("end_date"))
                lac_visits = [v for v in visits[cid] if v.get("type") == "lac"]
                visit = _latest(lac_visits, None, hi, "visit_id")
                review = _latest(lac_reviews_by_period.get(r["period_id"], []), None, hi, "review_id")
                ha = _latest(health[cid], None, hi, "health_assessment_id")
                yield {**common(cid), "start": r["start_date"],
                       "legal_status": _coded({}, r.get("legal_status"), codes.get("legal_status")),
                       "review_date": review["date"] if review else None,
                       "visit_date": visit["date"] if visit else None,
                       "health_date": ha["date"] if ha else None,
                       "placements": r.get("placements_last_12_months"), "end": r.get("end_date"),
                       "placement_start": r.get("placement_start_date"),
                       "placement_type": _coded({}, r.get("placement_type"), codes.get("placement_type")),
                       "team": r.get("team"), "worker": r.get("worker_id")}
        elif n == 9:
            for r in tables.get("care_leavers", ()):
                cid = r["child_id"]
                plan = _latest(pathway[cid], None, as_at, "pathway_plan_id")
                yield {**common(cid), "personal_adviser": r.get("personal_adviser_id"),
                       "eligibility": _coded(ELIGIBILITY_LABELS, r.get("eligibility")),
                       "pathway_date": plan["date"] if plan else None,
                       "in_touch": _coded(IN_TOUCH_LABELS, r.get("in_touch")),
                       "last_contact": r.get("last_contact_date"),
                       "accommodation": _coded({}, r.get("accommodation"), codes.get("accommodation_type")),
                       "suitable": SUITABLE_LABELS.get(r.get("accommodation_suitable")),
                       "activity": _coded(ACTIVITY_LABELS, r.get("activity"))}

    wb = Workbook(write_only=True)
    wb.properties.creator = "casecheck"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    bold = Font(bold=True)
    for n, (sheet, title, note) in _SHEETS.items():
        ws = wb.create_sheet(sheet)
        layout = _LAYOUT[n]
        cols = {c.role: c for c in LIST_COLS[n] + COMMON}
        headers = [(_UASC_HEADER[n] if role == "uasc" else cols[role].headers[0]) for role in layout]
        dates = {role for role in layout if cols[role].conv == "date"}
        for i in range(len(layout)):
            ws.column_dimensions[_column_letter(i + 1)].width = 18
        title_cell = WriteOnlyCell(ws, value=title)
        title_cell.font = Font(bold=True, size=14)
        ws.append([title_cell])
        ws.append([note + _NOTE])
        header_cells = []
        for h in headers:
            c = WriteOnlyCell(ws, value=h)
            c.font = bold
            header_cells.append(c)
        ws.append(header_cells)
        for rec in rows_for(n):
            out_row = []
            for role in layout:
                value = rec.get(role)
                if role in dates and value is not None:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = "DD/MM/YYYY"
                    out_row.append(cell)
                else:
                    out_row.append(value)
            ws.append(out_row)
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(wb, archive).save()  # closes the archive; unlike Workbook.save, leaves `modified` alone
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():  # same entries, fixed times: stable bytes
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)
