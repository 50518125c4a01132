"""Annex A's lists: each column's accepted header spellings and conversion,
how a sheet is recognised as a list, and what records a list's row makes
in the ``csc`` schema (read by ``annex_a``, written by ``annex_a_write``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

HEADER_SCAN_ROWS = 15

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
# A cell of the row of format hints some templates put under the header ("dd/mm/yyyy", "Y/N",
# "Drop-down list"): the row is guidance, not a record.
HINT_CELL = re.compile(
    r"^\(?\s*(?:dd/mm/yy(?:yy)?|d{1,2}/m{1,2}/y{2,4}|yyyy-mm-dd|date|y/n|yes/no|y or n|yes or no|number|integer|"
    r"numeric|whole number|text|free text|alphanumeric|drop[- ]?down(?: list)?|select from (?:the )?list|"
    r"(?:please )?select(?: from list)?|choose from (?:the )?list)\s*\)?\.?$", re.I)


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
                              "Number of referrals in the last 12 months"), "int"),
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
            "text"),
        Col("iro", ("Date of Last IRO Visit / Contact to the Child", "LastIROVisitDate", "Date of Last IRO Visit",
                    "Date of Last IRO Contact"), "date"),
        Col("health_date", ("Date of Last Health Assessment", "LastHealthAssessmentDate",
                            "Date of Latest Health Assessment", "Last Health Assessment"), "date"),
        Col("dental", ("Date of Last Dental Check", "LastDentalCheckDate", "Last Dental Check"), "date"),
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
                        "EpisodesChildMissingFromPlacement"), "int"),
        Col("absent", ("Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
                       "EpisodesChildAbsentFromPlacement"), "int"),
        Col("rhi_offered", ("Was the child offered a Return Interview after their last missing episode (Y/N)?",
                            "ChildOfferedReturnInterviewAfterLastMFH"), "bool"),
        Col("rhi_accepted", ("Did the child accept a Return Interview after their last missing episode (Y/N)?",
                             "ChildAcceptedReturnInterviewAfterLastMFH"), "bool"),
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


INDEX = {n: _index(n) for n in LIST_COLS}
# Headers that say which list a sheet is: spellings only one list uses.
OWNERS: dict[str, set[int]] = defaultdict(set)
for _n, _cols in LIST_COLS.items():
    for _c in _cols:
        for _h in _c.headers:
            OWNERS[norm_header(_h)].add(_n)
DISTINCTIVE = {n: {h for h, owners in OWNERS.items() if owners == {n}} for n in LIST_COLS}
CHILD_ID = {norm_header(h) for h in COMMON[0].headers}
STRONG_CHILD_ID = {"childuniqueid", "uniquechildid", "childuniqueidentifier"}
STANDARD = {norm_header(c.headers[0]) for cols in LIST_COLS.values() for c in cols}

SHEET_NUMBER = re.compile(r"\blist\s*0?(\d{1,2})\b", re.I)
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
    m = SHEET_NUMBER.search(name)
    if m and 1 <= int(m.group(1)) <= 11:
        return int(m.group(1))
    for n, rx in _SHEET_WORDS:
        if rx.search(name):
            return n
    return None



# --------------------------------------------------------------------------- list -> tables


@dataclass(frozen=True)
class ListOut:
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
SEEN_IF_ALONE = object()  # visits.seen: true when the child was seen alone, else unknown
STRATEGY_KEY = object()  # s47_enquiries.strategy_id: the strategy discussion the row's date is

OUTS: dict[int, tuple[ListOut, ...]] = {
    1: (ListOut("contacts", "contact_id", {"date": "contact_date", "source": "contact_source"}),),
    3: (ListOut("referrals", "referral_id",
             {"date": "referral_date", "source": "referral_source", "nfa": "nfa", "team": "team",
              "referrals_last_12_months": "referrals_12m"}),),
    4: (ListOut("assessments", "assessment_id",
             {"start_date": "start", "authorised_date": "authorised", "child_seen": "child_seen",
              "requires_support": "requires_support", "team": "team", "worker_id": "worker"},
             constants=(("type", "single"),)),),
    5: (
        ListOut("s47_enquiries", "s47_id",
             {"start_date": "start", "icpc_not_required": "icpc_not_required", "icpc_date": "icpc_date",
              "team": "team", "worker_id": "worker"}, constants=(("strategy_id", STRATEGY_KEY),)),
        ListOut("strategy_discussions", "strategy_id", {"date": "start"}, "strategy", "start", None,
             (("s47_decided", True),)),
        ListOut("cp_conferences", "conference_id", {"date": "icpc_date", "plan_made": "plan_made"}, "icpc",
             "icpc_date", "s47_id", (("type", "initial"),)),
    ),
    6: (ListOut("cin_plans", "cin_plan_id", {"start_date": "start", "end_date": "end"}),),
    7: (
        ListOut("cp_plans", "plan_id",
             {"start_date": "start", "end_date": "end", "initial_category": "initial_category",
              "latest_category": "latest_category", "previous_plans": "previous_plans", "team": "team"}),
        ListOut("visits", "visit_id", {"date": "visit_date", "seen_alone": "seen_alone"}, "visit", "visit_date", None,
             (("type", "cp"), ("seen", SEEN_IF_ALONE))),
        ListOut("cp_conferences", "conference_id", {"date": "review_date"}, "review", "review_date", "plan_id",
             (("type", "review"),)),
    ),
    8: (
        ListOut("care_periods", "period_id",
             {"start_date": "start", "end_date": "end", "legal_status": "legal_status",
              "placement_type": "placement_type", "placement_start_date": "placement_start",
              "placements_last_12_months": "placements", "team": "team", "worker_id": "worker",
              "placement_long_term": "long_term", "iro_visit_date": "iro", "dental_check_date": "dental",
              "missing_episodes_12m": "missing", "absent_episodes_12m": "absent",
              "return_interview_offered": "rhi_offered", "return_interview_accepted": "rhi_accepted"}),
        ListOut("visits", "visit_id", {"date": "visit_date"}, "visit", "visit_date", None, (("type", "lac"),)),
        ListOut("lac_reviews", "review_id", {"date": "review_date"}, "review", "review_date", "period_id"),
        ListOut("health_assessments", "health_assessment_id", {"date": "health_date"}, "health", "health_date"),
    ),
    9: (
        ListOut("care_leavers", "child_id",
             {"eligibility": "eligibility", "in_touch": "in_touch", "accommodation": "accommodation",
              "accommodation_suitable": "suitable", "activity": "activity", "last_contact_date": "last_contact",
              "personal_adviser_id": "personal_adviser"}),
        ListOut("pathway_plans", "pathway_plan_id", {"date": "pathway_date"}, "pathway", "pathway_date"),
    ),
}
DATE_ROLE = {1: "contact_date", 3: "referral_date", 4: "start", 5: "start", 6: "start", 7: "start", 8: "start"}
CHILD_FIELDS = {"date_of_birth": "date_of_birth", "sex": "sex", "ethnicity": "ethnicity", "disabled": "disabled",
                 "uasc": "uasc"}


def out_fields(o: ListOut) -> set[str]:
    """The fields the records one list makes for a table carry."""
    out = {"child_id", o.key_field} | set(o.fields) | {k for k, _ in o.constants}
    if o.parent_field:
        out.add(o.parent_field)
    return out


def carried(table: str) -> set[str]:
    out = {"child_id"} if table != "children" else set(CHILD_FIELDS) | {"child_id"}
    for outs in OUTS.values():
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
    t: frozenset(carried(t)) for t in sorted({"children"} | {o.table for outs in OUTS.values() for o in outs})
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




#: roles the reader computes from other columns, not read from one: role -> the columns it comes from
COMPUTED = {"long_term": ("permanence", "placement_type")}
_LONG_TERM_PLAN = re.compile(r"long[\s-]*term\s+(fostering|residential)", re.I)
_PLAN_GIVEN = re.compile(r"\w")
_FOSTER_LONG_TERM = {"U1": True, "U4": True, "U2": False, "U3": False, "U5": False, "U6": False}


def long_term(permanence: Any, placement_type: Any) -> bool | None:
    """placement_long_term from list 8: true when the permanence plan is
    long-term fostering or long-term residential care, false when another
    plan is given; with no plan, from the placement type as the 903 reads it
    (U1 and U4 are long-term fostering, the other foster codes are not);
    else not known."""
    if isinstance(permanence, str) and _PLAN_GIVEN.search(permanence):
        return bool(_LONG_TERM_PLAN.search(permanence))
    if isinstance(placement_type, str):
        return _FOSTER_LONG_TERM.get(placement_type.strip().upper())
    return None
