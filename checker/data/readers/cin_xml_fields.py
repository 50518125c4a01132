"""The CIN census XML return: what is read from it (element -> ``csc``
field), the columns each table's rows have and the tables and fields it
carries (``cin_xml`` says how the return maps; ``cin_xml_parse`` reads it)."""

from __future__ import annotations

import re

TABLES = ("children", "referrals", "assessments", "s47_enquiries", "strategy_discussions", "cp_conferences", "cp_plans",
          "cin_plans")

SEX_IN = {"1": "M", "2": "F", "0": "U", "9": "U"}

# element -> field, per block (the element names of CIN_schema_2024.xsd; Sex from 2024/25)
IDENT = {
    "LAchildID": "child_id",
    "PersonBirthDate": "date_of_birth",
    "ExpectedPersonBirthDate": "expected_date_of_birth",
}
_IDENT_IGNORED = ("UPN", "FormerUPN", "UPNunknown", "PersonDeathDate")
REFERRAL = {
    "CINreferralDate": "date",
    "ReferralSource": "source",
    "PrimaryNeedCode": "primary_need",
    "CINclosureDate": "closure_date",
    "ReferralNFA": "nfa",
}
_REFERRAL_IGNORED = ("ReasonForClosure", "PreProceedingsandFGDM")
ASSESSMENT = {"AssessmentActualStartDate": "start_date", "AssessmentAuthorisationDate": "authorised_date"}
_ASSESSMENT_IGNORED = ("AssessmentInternalReviewDate", "FactorsIdentifiedAtAssessment")
CIN_PLAN = {"CINPlanStartDate": "start_date", "CINPlanEndDate": "end_date"}
S47 = {
    "S47ActualStartDate": "start_date",
    "InitialCPCtarget": "icpc_target_date",
    "DateOfInitialCPC": "icpc_date",
    "ICPCnotRequired": "icpc_not_required",
}
CPP = {
    "CPPstartDate": "start_date",
    "CPPendDate": "end_date",
    "InitialCategoryOfAbuse": "initial_category",
    "LatestCategoryOfAbuse": "latest_category",
    "NumberOfPreviousCPP": "previous_plans",
}


def _fields_from(mapping: dict[str, str], **more: str) -> dict[str, str]:
    return {"child_id": "LAchildID", **{f: e for e, f in mapping.items()}, **more}


# schema field -> the element it came from (RawRow.sources; shared, never mutated)
SOURCES = {
    "children": _fields_from(IDENT, sex="Sex/GenderCurrent", ethnicity="Ethnicity", disabled="Disabilities/Disability"),
    "referrals": _fields_from(REFERRAL),
    "assessments": _fields_from(ASSESSMENT),
    "cin_plans": _fields_from(CIN_PLAN),
    "s47_enquiries": _fields_from(S47),
    "cp_plans": _fields_from(CPP),
    "cp_conferences": _fields_from({}, date="DateOfInitialCPC/CPPreviewDate"),
    "strategy_discussions": _fields_from({}, date="Section47/S47ActualStartDate"),
}

# Every element the census defines, by its parent (anything else is warned about).
KNOWN = {
    "Child": {"ChildIdentifiers", "ChildCharacteristics", "CINdetails"},
    "ChildIdentifiers": {*IDENT, *_IDENT_IGNORED, "GenderCurrent", "Sex"},
    "ChildCharacteristics": {"Ethnicity", "Disabilities"},
    "Disabilities": {"Disability"},
    "CINdetails": {*REFERRAL, *_REFERRAL_IGNORED, "DateOfInitialCPC", "Assessments", "CINPlanDates",
                   "Section47", "ChildProtectionPlans"},
    "Assessments": {*ASSESSMENT, *_ASSESSMENT_IGNORED},
    "CINPlanDates": set(CIN_PLAN),
    "Section47": set(S47),
    "ChildProtectionPlans": {*CPP, "Reviews"},
    "Reviews": {"CPPreviewDate"},
}

KNOWN_IDENT = KNOWN["ChildIdentifiers"]
KNOWN_CIN = KNOWN["CINdetails"]

# The fields of each table's records as the reader makes them (lists, one value a field, None
# when missing): the keys, then the fields in the order of the census's elements.
COLUMNS = {
    "children": ("child_id", "date_of_birth", "expected_date_of_birth", "sex", "ethnicity", "disabled"),
    "referrals": ("referral_id", "child_id", *REFERRAL.values()),
    "assessments": ("assessment_id", "child_id", "referral_id", *ASSESSMENT.values(), "type"),
    "cin_plans": ("cin_plan_id", "child_id", *CIN_PLAN.values()),
    "s47_enquiries": ("s47_id", "child_id", "referral_id", *S47.values(), "strategy_id"),
    "strategy_discussions": ("strategy_id", "child_id", "referral_id", "date", "s47_decided"),
    "cp_plans": ("plan_id", "child_id", *CPP.values()),
    "cp_conferences": ("conference_id", "child_id", "s47_id", "plan_id", "type", "date"),
}
WIDTH_CHILDREN = len(COLUMNS["children"])
# What follows the keys in a new record: every field missing.
REFERRAL_REST = (None,) * len(REFERRAL)
ASSESSMENT_REST = (None,) * len(ASSESSMENT)
CIN_PLAN_REST = (None,) * len(CIN_PLAN)
S47_REST = (None,) * len(S47)
CPP_REST = (None,) * len(CPP)
SEX_AT, ETHNICITY_AT, DISABLED_AT = (COLUMNS["children"].index(f) for f in ("sex", "ethnicity", "disabled"))
S47_ICPC = COLUMNS["s47_enquiries"].index("icpc_date")
S47_START = COLUMNS["s47_enquiries"].index("start_date")
CPP_START = COLUMNS["cp_plans"].index("start_date")


# The blocks of CINdetails read by _Reading.fill: (its _Slots, element, table of its ignored elements)
ASSESSMENTS = ("slots_assessment", "Assessments", "assessments")
CIN_PLANS = ("slots_cin_plan", "CINPlanDates", None)
SECTION47S = ("slots_s47", "Section47", None)
CP_PLANS = ("slots_cpp", "ChildProtectionPlans", None)


def places_of(table: str, mapping: dict[str, str]) -> dict[str, int]:
    """element -> its field's place in the table's records."""
    return {e: COLUMNS[table].index(f) for e, f in mapping.items()}


CHUNK = 1 << 16  # bytes fed to the parser at a time
BATCH = 1000  # Child elements read before their rows are handed to the loader
POSITION = re.compile(r"(, line \d+, column \d+)+$")  # libxml2 ends its messages with where


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[1] if tag[:1] == "{" else tag


class TagNames(dict):
    """Element tag -> local name (namespace stripped), computed once per distinct tag."""

    def __missing__(self, tag):
        name = self[tag] = local_name(tag) if isinstance(tag, str) else ""  # comments/PIs have callable tags
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
