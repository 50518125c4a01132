"""Writing a CIN census XML return from typed ``csc`` tables (``cin_xml``
describes the mapping; :func:`write` what is written)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from checker.schema import DataSchema

SEX_OUT = {"M": "1", "F": "2", "U": "0"}
DISABLED_CODE = "DDA"  # written for disabled=true: the census's "other" disability


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
        child_id = rec.get("child_id")
        rs = refs_by_child.get(child_id) if child_id is not None else None
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
    plan_home: dict[str | None, str] = {}  # looked up by a record's plan_id, None if it has none
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
            parts.append(_el(8, "GenderCurrent", SEX_OUT.get(sex, sex) if sex is not None else None))
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
