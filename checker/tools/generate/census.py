"""A generated council dressed as a real CIN census return, with the census data-quality
problems the DfE rules should flag planted in it."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from checker.tools.generate.common import (
    PROFILES,
    Council,
    csc_schema,
)
from checker.workdays import age_on

#: CIN census data-quality problems :func:`census_dress` can plant, -> the DfE rule that should flag them.
CENSUS_PROBLEMS: dict[str, str] = {
    "la_child_id_long": "1570", "la_child_id_symbol": "1580", "sex_missing": "4180", "ethnicity_invalid": "4220",
    "disability_duplicate": "8794", "disability_none_and_other": "8790", "upn_bad_check_letter": "1510",
    "both_birth_dates": "8525Q", "duplicate_la_child_id": "8510", "referral_source_invalid": "8866",
    "primary_need_invalid": "8650", "closure_before_referral": "8630", "closure_without_reason": "8805",
    "reason_without_closure": "8810", "referral_before_birth": "8606", "assessment_before_referral": "1103",
    "assessment_end_before_start": "8608", "cin_plan_before_referral": "4015", "two_open_cin_plans": "4004",
    "s47_after_icpc": "8615", "icpc_weekend": "8875", "icpc_target_weekend": "8870Q", "cpp_same_day": "8840",
    "cpp_end_before_start": "8925", "review_before_plan": "8841", "category_invalid": "8905",
    "previous_cpp_missing": "8730", "died_without_death_date": "8585Q",
}
from checker.tools.census_faults import BOUNDARY_PROBLEMS as BOUNDARY  # noqa: E402  (the harder faults, on the boundaries)

CENSUS_PROBLEMS.update(BOUNDARY)

#: Chance that an eligible record gets one of them, by profile (good, adequate, inadequate).
CENSUS_RATES = (0.002, 0.01, 0.03)

SEX_CODE = {"1": "M", "2": "F", "0": "U", "9": "U"}
FACTORS = ("1A", "1B", "2A", "2B", "3A", "3B", "4A", "4B", "5A", "6B", "7A", "8B", "9A", "10A", "11A", "12A",
            "13A", "14B", "15A", "16A", "17A", "18B", "19B", "20", "22A", "23A", "24A")
UPN_LA = "330"  # a real LA number: UPN characters 2-4 must be one (rule 1530)


def make_upn(rng: random.Random) -> str:
    from checker.language.functions import upn_check_letter

    body = UPN_LA + f"{rng.randrange(10**8):08d}" + str(rng.randrange(10))
    letter = upn_check_letter("A" + body)
    assert letter is not None  # "A" + 12 digits is a well-formed UPN, which always has a check letter
    return letter + body


def census_dress(root, seed: int, profile: str, reference_date: date, plant: bool = False,
                 boundaries: bool | None = None) -> dict[str, list[str]]:
    """Make a written CIN census (an lxml ``Message`` element, changed in place) look like a real
    2024/25 return, and with ``plant`` put data-quality problems in it.

    Always: GenderCurrent becomes the 2024/25 Sex item (M, F, U; U for an unborn child); children of
    school age get a valid UPN, younger ones UPNunknown UN1; closed episodes get a ReasonForClosure
    (RC8 after an assessment with nothing further, else RC7); authorised assessments get assessment
    factors. With ``plant``, each problem of :data:`CENSUS_PROBLEMS` is put on eligible records at
    the profile's rate (:data:`CENSUS_RATES`). Returns problem -> the LAchildIDs (as finally written)
    of the children it was planted on. With ``boundaries`` (the default when planting), the
    harder faults of :mod:`checker.census_faults` too, on the other children, at three times the rate.
    The same arguments give the same result."""
    from lxml import etree

    rng = random.Random(f"census-{seed}-{profile}")
    rate = CENSUS_RATES[PROFILES.index(profile)]
    planted: dict[str, list[str]] = defaultdict(list)

    def el(parent, tag, text=None, before=None):
        e = etree.Element(tag)
        e.text = text
        e.tail = None
        if before is not None:
            before.addprevious(e)
        else:
            parent.append(e)
        return e

    def find(parent, tag):
        return parent.find(tag) if parent is not None else None

    def put(parent, tag, text, order):
        """Set ``tag``'s text, creating it before the first of ``order`` after it that exists."""
        e = parent.find(tag)
        if e is None:
            nxt = None
            for t in order[order.index(tag) + 1:]:
                nxt = parent.find(t)
                if nxt is not None:
                    break
            e = el(parent, tag, before=nxt)
        e.text = text
        return e

    cin_order = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
                 "DateOfInitialCPC", "Assessments", "CINPlanDates", "Section47", "ReferralNFA", "ChildProtectionPlans"]
    ident_order = ["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
                   "GenderCurrent", "Sex", "PersonDeathDate"]

    def d(text):
        return date.fromisoformat(text) if text else None

    def chance():
        return plant and rng.random() < rate

    children = root.find("Children")
    all_children = list(children) if children is not None else []
    touched: set[int] = set()  # children with a problem planted: their IDs are not reused below
    for child in all_children:
        ident = child.find("ChildIdentifiers")
        cid_el = find(ident, "LAchildID")
        cid = cid_el.text if cid_el is not None else ""
        problems: list[str] = []
        g = find(ident, "GenderCurrent")
        dob = d(find(ident, "PersonBirthDate").text) if find(ident, "PersonBirthDate") is not None else None
        sex = SEX_CODE.get(g.text.strip(), "U") if g is not None and g.text else "U"
        if g is not None:
            ident.remove(g)
        if dob is None:
            sex = "U"
        put(ident, "Sex", sex, ident_order)
        if dob is not None and age_on(dob, reference_date) >= 5:
            put(ident, "UPN", make_upn(rng), ident_order)
        else:
            put(ident, "UPNunknown", "UN1", ident_order)
        cins = child.findall("CINdetails")
        for cin in cins:
            closed = cin.find("CINclosureDate") is not None
            assessments = cin.findall("Assessments")
            for a in assessments:
                if a.find("AssessmentAuthorisationDate") is not None:
                    block = el(a, "FactorsIdentifiedAtAssessment")
                    for code in sorted(rng.sample(FACTORS, rng.randint(1, 3)), key=FACTORS.index):
                        el(block, "AssessmentFactors", code)
            if closed:
                further = cin.find("CINPlanDates") is not None or cin.find("ChildProtectionPlans") is not None
                reason = "RC8" if assessments and not further else "RC7"
                put(cin, "ReasonForClosure", reason, cin_order)
        if not plant:
            continue
        chars = child.find("ChildCharacteristics")
        # child-level problems
        if chance():
            problems.append("sex_missing")
            ident.find("Sex").text = None
        if chance() and chars is not None and chars.find("Ethnicity") is not None:
            problems.append("ethnicity_invalid")
            chars.find("Ethnicity").text = "XXXX"
        dis = find(chars, "Disabilities")
        if dis is not None and chance():
            first = dis.find("Disability")
            if first is not None and first.text == "NONE":
                problems.append("disability_none_and_other")
                el(dis, "Disability", "HAND")
            elif first is not None:
                problems.append("disability_duplicate")
                el(dis, "Disability", first.text)
        if ident.find("UPN") is not None and chance():
            upn = ident.find("UPN")
            letters = [c for c in "ABCDEFGHJKLMNPQRTUVWXYZ" if c != upn.text[0]]
            upn.text = rng.choice(letters) + upn.text[1:]
            problems.append("upn_bad_check_letter")
        if dob is not None and chance():
            problems.append("both_birth_dates")
            put(ident, "ExpectedPersonBirthDate", dob.isoformat(), ident_order)
        for cin in cins:
            ref = d(find(cin, "CINreferralDate").text) if find(cin, "CINreferralDate") is not None else None
            if chance():
                problems.append("referral_source_invalid")
                put(cin, "ReferralSource", "ZZ", cin_order)
            if chance() and cin.find("PrimaryNeedCode") is not None:
                problems.append("primary_need_invalid")
                cin.find("PrimaryNeedCode").text = "N99"
            closure = cin.find("CINclosureDate")
            if closure is not None and ref is not None and chance():
                kind = rng.choice(["closure_before_referral", "closure_without_reason", "died_without_death_date"])
                problems.append(kind)
                if kind == "closure_before_referral":
                    closure.text = (ref - timedelta(days=5)).isoformat()
                elif kind == "closure_without_reason":
                    r = cin.find("ReasonForClosure")
                    if r is not None:
                        cin.remove(r)
                else:
                    put(cin, "ReasonForClosure", "RC2", cin_order)
            elif closure is None and chance():
                problems.append("reason_without_closure")
                put(cin, "ReasonForClosure", "RC7", cin_order)
            if ref is not None and dob is not None and chance():
                problems.append("referral_before_birth")
                find(cin, "CINreferralDate").text = (dob - timedelta(days=300)).isoformat()
            for a in cin.findall("Assessments"):
                start = a.find("AssessmentActualStartDate")
                auth = a.find("AssessmentAuthorisationDate")
                if start is not None and ref is not None and chance():
                    problems.append("assessment_before_referral")
                    start.text = (ref - timedelta(days=3)).isoformat()
                elif start is not None and auth is not None and chance():
                    problems.append("assessment_end_before_start")
                    auth.text = (d(start.text) - timedelta(days=2)).isoformat()
            plans = cin.findall("CINPlanDates")
            for p in plans:
                s = p.find("CINPlanStartDate")
                if s is not None and ref is not None and chance():
                    problems.append("cin_plan_before_referral")
                    s.text = (ref - timedelta(days=4)).isoformat()
            if plans and all(p.find("CINPlanEndDate") is None for p in plans) and chance():
                problems.append("two_open_cin_plans")
                s = plans[-1].find("CINPlanStartDate")
                extra = etree.Element("CINPlanDates")
                el(extra, "CINPlanStartDate", s.text if s is not None else None)
                plans[-1].addnext(extra)
            for s47 in cin.findall("Section47"):
                start, icpc, target = s47.find("S47ActualStartDate"), s47.find("DateOfInitialCPC"), s47.find("InitialCPCtarget")
                if icpc is not None and start is not None and chance():
                    problems.append("s47_after_icpc")
                    start.text = (d(icpc.text) + timedelta(days=2)).isoformat()
                elif icpc is not None and chance():
                    problems.append("icpc_weekend")
                    day = d(icpc.text)
                    icpc.text = (day + timedelta(days=(5 - day.weekday()) % 7)).isoformat()
                if target is not None and chance():
                    problems.append("icpc_target_weekend")
                    day = d(target.text)
                    target.text = (day + timedelta(days=(6 - day.weekday()) % 7)).isoformat()
            for p in cin.findall("ChildProtectionPlans"):
                s, e = p.find("CPPstartDate"), p.find("CPPendDate")
                if s is not None and e is not None and chance():
                    kind = rng.choice(["cpp_same_day", "cpp_end_before_start"])
                    problems.append(kind)
                    e.text = s.text if kind == "cpp_same_day" else (d(s.text) - timedelta(days=7)).isoformat()
                rv = p.find("Reviews")
                if s is not None and rv is not None and rv.find("CPPreviewDate") is not None and chance():
                    problems.append("review_before_plan")
                    rv.find("CPPreviewDate").text = s.text
                if p.find("InitialCategoryOfAbuse") is not None and chance():
                    problems.append("category_invalid")
                    p.find("InitialCategoryOfAbuse").text = "ABC"
                if p.find("NumberOfPreviousCPP") is not None and chance():
                    problems.append("previous_cpp_missing")
                    p.remove(p.find("NumberOfPreviousCPP"))
        if cid_el is not None and chance():
            kind = rng.choice(["la_child_id_long", "la_child_id_symbol"])
            problems.append(kind)
            cid_el.text = cid + ("X" * 20 if kind == "la_child_id_long" else "-Z")
        for p in problems:
            planted[p].append(cid_el.text if cid_el is not None else "")
        if problems:
            touched.add(id(child))
    if plant and len(all_children) > 2:
        for _ in range(max(1, round(len(all_children) * rate / 2))):
            a, b = rng.sample(range(len(all_children)), 2)
            if id(all_children[b]) in touched:
                continue
            src, dst = all_children[a].find("ChildIdentifiers/LAchildID"), all_children[b].find("ChildIdentifiers/LAchildID")
            if src is not None and dst is not None and src.text != dst.text:
                dst.text = src.text
                planted["duplicate_la_child_id"].append(src.text)
    if plant and (boundaries is None or boundaries):
        from checker.tools.census_faults import plant_boundaries

        skip = frozenset(i for ids in planted.values() for i in ids)
        for k, v in plant_boundaries(root, random.Random(f"census-boundaries-{seed}-{profile}"), min(1.0, 3 * rate),
                                     reference_date, skip).items():
            planted[k].extend(v)
    return {k: sorted(v) for k, v in sorted(planted.items())}


def write_census(council: Council, out: Path, plant: bool = False, hard: bool = True) -> dict[str, list[str]]:
    """Write ``council`` as a CIN census XML at ``out``, dressed as a 2024/25 return and, with
    ``plant``, with census data-quality problems planted (:func:`census_dress`; ``hard``: the
    boundary faults of :mod:`checker.census_faults` too); returns those."""
    from lxml import etree

    from checker.data.readers.cin_xml import write

    out = Path(out)
    write(council.tables, csc_schema(), out, council.as_at)
    tree = etree.parse(str(out), etree.XMLParser(remove_blank_text=True))
    planted = census_dress(tree.getroot(), council.seed, council.profile, council.as_at, plant, hard)
    tree.write(str(out), encoding="utf-8", xml_declaration=True, pretty_print=True)
    return planted
