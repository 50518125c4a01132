"""Harder CIN census faults: the ones real returns hold, on the boundaries.

:func:`checker.tools.generate.census_dress` plants the data-quality problems the DfE rules were
written for (a closure five days before the referral). This module plants what a real return
also holds and a validator must get exactly right: faults on a boundary (the day before, the
same day, the day after: an episode's edges, the census year's edges, another plan's end),
blocks blank versus absent, blank child IDs, dates out of any calendar (1880-10-26,
9999-12-31), dates not written YYYY-MM-DD, and true/false or codes spelled oddly. Each fault
is named with the DfE rule that should flag it (:data:`BOUNDARY_PROBLEMS`), so that
tests can check the rule catches it.

It also writes, unrecorded, variations a valid return may have (the census XSD allows
them): spaces around dates, and ``TRUE``/``FALSE`` for true/false items.

Deterministic: the same return, seed and profile give the same faults.
"""

from __future__ import annotations

import copy
import random
from datetime import date, timedelta

#: fault -> the DfE rule that should flag it.
BOUNDARY_PROBLEMS: dict[str, str] = {
    "referral_1880": "8606", "referral_9999": "8600", "referral_not_iso": "8600", "referral_day_first": "8600",
    "assessment_day_before_referral": "1103", "closure_day_before_referral": "8630",
    "closure_day_after_year": "8620", "icpc_day_before_s47": "8615", "cpp_end_day_after_year": "8930",
    "cpp_end_before_year": "8930", "death_day_before_birth": "8535Q",
    "assessment_on_other_authorisation": "8863Q", "cin_plan_on_other_end": "4014", "cpp_on_other_end": "8940",
    "s47_on_other_icpc": "8890", "empty_factors_block": "8897Q", "empty_review_date": "8842Q",
    "blank_referral_source": "8866", "blank_la_child_id": "8500", "nfa_odd_spelling": "8568",
    "code_whitespace": "8866", "previous_cpp_negative": "8730", "no_disabilities_block": "8540",
}


def _d(text) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def plant_boundaries(root, rng: random.Random, rate: float, reference_date: date,
                     skip: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """Plant the faults of :data:`BOUNDARY_PROBLEMS` in a written census (lxml ``Message``,
    changed in place), each on an eligible record with chance ``rate``, and the valid
    variations. Children whose LAchildID is in ``skip`` (those carrying problems planted
    already) are left alone, so those stay as planted. Returns fault -> the LAchildIDs (as
    finally written) it was planted on."""
    from lxml import etree

    planted: dict[str, list[str]] = {}
    start_of_year = date(reference_date.year - 1, reference_date.month, reference_date.day) + timedelta(days=1)

    def chance() -> bool:
        return rng.random() < rate

    def child_el(parent, tag, text=None, after=None):
        e = etree.Element(tag)
        e.text = text
        if after is not None:
            after.addnext(e)
        else:
            parent.append(e)
        return e

    children = root.find("Children")
    for child in (list(children) if children is not None else []):
        ident = child.find("ChildIdentifiers")
        if ident is None or (ident.findtext("LAchildID") or "") in skip:
            continue
        faults: list[str] = []
        birth = _d(ident.findtext("PersonBirthDate"))
        for cin in child.findall("CINdetails"):
            ref_el = cin.find("CINreferralDate")
            ref = _d(ref_el.text) if ref_el is not None else None
            nfa = cin.find("ReferralNFA")
            # --- another block on this one's edge (before any date below is changed)
            for a in cin.findall("Assessments"):
                auth = _d(a.findtext("AssessmentAuthorisationDate"))
                if auth is not None and chance():
                    faults.append("assessment_on_other_authorisation")
                    new = etree.Element("Assessments")
                    child_el(new, "AssessmentActualStartDate", auth.isoformat())
                    end = auth + timedelta(days=10)
                    if end <= reference_date:
                        child_el(new, "AssessmentAuthorisationDate", end.isoformat())
                        block = child_el(new, "FactorsIdentifiedAtAssessment")
                        child_el(block, "AssessmentFactors", "21")
                    a.addnext(new)
                    break
            for p in cin.findall("CINPlanDates"):
                ended = _d(p.findtext("CINPlanEndDate"))
                if ended is not None and chance():
                    faults.append("cin_plan_on_other_end")
                    new = etree.Element("CINPlanDates")
                    child_el(new, "CINPlanStartDate", ended.isoformat())
                    p.addnext(new)
                    break
            for s in cin.findall("Section47"):
                icpc = _d(s.findtext("DateOfInitialCPC"))
                if icpc is not None and chance():
                    faults.append("s47_on_other_icpc")
                    new = etree.Element("Section47")
                    child_el(new, "S47ActualStartDate", icpc.isoformat())
                    child_el(new, "ICPCnotRequired", "true")
                    s.addnext(new)
                    break
            for p in cin.findall("ChildProtectionPlans"):
                ended = _d(p.findtext("CPPendDate"))
                if ended is not None and chance():
                    faults.append("cpp_on_other_end")
                    new = copy.deepcopy(p)
                    new.find("CPPstartDate").text = ended.isoformat()
                    for tag in ("CPPendDate", "Reviews"):
                        if new.find(tag) is not None:
                            new.remove(new.find(tag))
                    p.addnext(new)
                    break
            # --- a day over an edge
            a = cin.find("Assessments")
            if a is not None and ref is not None and a.find("AssessmentActualStartDate") is not None and chance():
                faults.append("assessment_day_before_referral")
                a.find("AssessmentActualStartDate").text = (ref - timedelta(days=1)).isoformat()
            closure = cin.find("CINclosureDate")
            if closure is not None and ref is not None and chance():
                kind = rng.choice(["closure_day_before_referral", "closure_day_after_year"])
                faults.append(kind)
                closure.text = ((ref - timedelta(days=1)) if kind == "closure_day_before_referral"
                                else reference_date + timedelta(days=1)).isoformat()
            for s in cin.findall("Section47"):
                start = _d(s.findtext("S47ActualStartDate"))
                if start is not None and s.find("DateOfInitialCPC") is not None and chance():
                    faults.append("icpc_day_before_s47")
                    s.find("DateOfInitialCPC").text = (start - timedelta(days=1)).isoformat()
            for p in cin.findall("ChildProtectionPlans"):
                e = p.find("CPPendDate")
                if e is not None and chance():
                    kind = rng.choice(["cpp_end_day_after_year", "cpp_end_before_year"])
                    faults.append(kind)
                    e.text = (reference_date + timedelta(days=1) if kind == "cpp_end_day_after_year"
                              else start_of_year - timedelta(days=1)).isoformat()
                n = p.find("NumberOfPreviousCPP")
                if n is not None and chance():
                    faults.append("previous_cpp_negative")
                    n.text = "-1"
                rv = p.find("Reviews")
                if rv is not None and chance():
                    faults.append("empty_review_date")
                    child_el(rv, "CPPreviewDate")
            # --- blank versus absent
            for a in cin.findall("Assessments"):
                auth = _d(a.findtext("AssessmentAuthorisationDate"))
                block = a.find("FactorsIdentifiedAtAssessment")
                if block is not None and auth is not None and auth >= start_of_year and chance():
                    faults.append("empty_factors_block")
                    for f in list(block):
                        block.remove(f)
                    break
            src = cin.find("ReferralSource")
            if src is not None and ref is not None and ref >= date(2013, 4, 1) and chance():
                kind = rng.choice(["blank_referral_source", "code_whitespace"])
                faults.append(kind)
                src.text = None if kind == "blank_referral_source" else " " + (src.text or "")
            if nfa is not None and chance():
                faults.append("nfa_odd_spelling")
                nfa.text = rng.choice(["False", "True", " false", "true "])
            elif nfa is not None and rng.random() < 0.1:  # a valid spelling (XSD): not a fault
                nfa.text = {"true": "TRUE", "false": "FALSE", "1": "TRUE", "0": "FALSE"}.get(nfa.text or "", nfa.text)
            # --- the referral date itself: out of range, or not YYYY-MM-DD (last: other faults read it)
            if ref_el is not None and ref is not None and chance():
                kinds = ["referral_9999", "referral_not_iso", "referral_day_first"] + (["referral_1880"] if birth else [])
                kind = rng.choice(kinds)
                faults.append(kind)
                ref_el.text = {"referral_1880": "1880-10-26", "referral_9999": "9999-12-31",
                               "referral_not_iso": ref.strftime("%Y%m%d"),
                               "referral_day_first": ref.strftime("%d/%m/%Y")}[kind]
            elif ref_el is not None and ref is not None and rng.random() < 0.05:  # collapsed by xs:date: not a fault
                ref_el.text = f" {ref_el.text} "
        # --- the child
        death = ident.find("PersonDeathDate")
        if birth is not None and death is not None and chance():
            faults.append("death_day_before_birth")
            death.text = (birth - timedelta(days=1)).isoformat()
        chars = child.find("ChildCharacteristics")
        dis = chars.find("Disabilities") if chars is not None else None
        further = any((c.findtext("ReferralNFA") or "") in ("false", "0", "FALSE") for c in child.findall("CINdetails"))
        if dis is not None and birth is not None and further and chance():
            faults.append("no_disabilities_block")
            chars.remove(dis)
        cid_el = ident.find("LAchildID")
        if cid_el is not None and chance():
            faults.append("blank_la_child_id")
            cid_el.text = None
        for f in faults:
            planted.setdefault(f, []).append((cid_el.text or "") if cid_el is not None else "")
    return planted
