"""The DfE CIN validator's own rule tests, as casecheck fixtures.

Each rule file of ``csc-validator-be-cin`` has a ``test_validate()``: a few
tables of sample records, the rule run over them, and assertions on the records
it flags. ``extract_dfe_tests.py`` (run in the validator's environment) keeps
each test's tables and the records flagged when its assertions hold; this
module turns each into a census return (XML) and the places of the records the
DfE expects flagged, runs the ``dfe-cin`` rule of the same code over it, and
compares (``compare.compare``: by place in the file).

    python tests/oracle/dfe_cin_tests.py [RULE ...]   # a table, and N/109 agreeing

Turning a test's tables into a return: a ``ChildIdentifiers`` row is a
``<Child>``; every other row joins the first child with its ``LAchildID`` (a
table without that column gives each row a child of its own), the
``<CINdetails>`` with its ``CINdetailsID`` (the child's first when the table
has none), and a review the ``<ChildProtectionPlans>`` with its ``CPPID``.
Dates written ``dd/mm/yyyy`` in a test become ``yyyy-mm-dd``; a missing value
is no element. The reference date is the test's Header ``ReferenceDate``, or,
with none, 31 March after the test's last date (the rule does not read it).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).parent))
import compare as C  # noqa: E402

ROOT = C.ROOT
EXTRACTOR = Path(__file__).with_name("extract_dfe_tests.py")
def _cache() -> Path:
    """The extracted tests, kept per validator version and extractor text."""
    import hashlib

    key = hashlib.sha256((C.VALIDATOR + EXTRACTOR.read_text()).encode()).hexdigest()[:12]
    return ROOT / ".cache" / f"dfe-cin-tests-{key}.json"

IDENT = ["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
         "GenderCurrent", "Sex", "PersonDeathDate"]
CIN_FIELDS = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
              "DateOfInitialCPC"]
BLOCK_FIELDS = {
    "Assessments": ["AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate"],
    "CINplanDates": ["CINPlanStartDate", "CINPlanEndDate"],
    "Section47": ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"],
    "ChildProtectionPlans": ["CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
                             "NumberOfPreviousCPP"],
}
BLOCK_TAG = {"Assessments": ("Assessments", "A"), "CINplanDates": ("CINPlanDates", "N"),
             "Section47": ("Section47", "S"), "ChildProtectionPlans": ("ChildProtectionPlans", "P")}
HEADER_FIELDS = (("CollectionDetails", ["Collection", "Year", "ReferenceDate"]),
                 ("Source", ["SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"]))
DMY = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")


def is_date_column(col: str) -> bool:
    return ("Date" in col and col != "DateTime") or col == "InitialCPCtarget"


def value_text(col: str, v):
    if v is None:
        return None
    if isinstance(v, list):
        return v
    v = str(v)
    if is_date_column(col):
        m = DMY.match(v.strip())
        if m:
            return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return v


def load_dfe_tests(refresh: bool = False) -> dict:
    """Every 2024/25 rule's DfE test, extracted once by the validator's own python (cached)."""
    cache = _cache()
    if cache.exists() and not refresh:
        return json.loads(cache.read_text())
    r = subprocess.run([str(C.oracle_python()), str(EXTRACTOR)], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"cannot extract the DfE tests: {r.stderr[-3000:]}")
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(r.stdout)
    return json.loads(r.stdout)


def at(items: list, item) -> int:
    """The 1-based place of this very object (two records may hold the same values)."""
    return next(i for i, x in enumerate(items, 1) if x is item)


class Return:
    """A census return built from a DfE test's tables, with each test row's place in it."""

    def __init__(self):
        self.children: list[dict] = []  # {"id", "ident", "chars", "dis", "cins": [{"id", "fields", blocks}]}
        self.by_id: dict = {}
        self.places: dict[str, dict] = {}  # validator table -> row label -> place

    def child(self, cid, new=False):
        if not new and cid in self.by_id:
            return self.by_id[cid]
        c = {"id": cid, "ident": {}, "chars": None, "dis": [], "cins": []}
        self.children.append(c)
        self.by_id.setdefault(cid, c)
        return c

    def cin(self, child, cin_id, new=False, any_cin=False):
        """The child's CINdetails with this CINdetailsID (a blank one is an ID of its own);
        ``any_cin``: the child's first (a table with no CINdetailsID column)."""
        for e in child["cins"]:
            if not new and (any_cin or e["id"] == cin_id):
                return e
        e = {"id": cin_id, "fields": {}, "Assessments": [], "CINplanDates": [], "Section47": [],
             "ChildProtectionPlans": []}
        child["cins"].append(e)
        return e

    def place(self, table, label, child, cin=None, block=None, extra=""):
        p = str(at(self.children, child))
        if cin is not None:
            p += f"/{at(child['cins'], cin)}"
        if block is not None:
            tag, letter = BLOCK_TAG[block[0]]
            p += f"/{letter}{at(cin[block[0]], block[1])}"
        self.places.setdefault(table, {})[label] = p + extra


def build(tables: dict) -> tuple[Return, dict]:
    """The return of a test's tables, and its header fields."""
    ret = Return()
    auto = iter(range(1, 10**6))

    def rows(name):
        t = tables.get(name)
        return [] if t is None else [(label, {c: value_text(c, v) for c, v in r.items()}, "LAchildID" in t["columns"],
                                      "CINdetailsID" in t["columns"]) for label, r in t["rows"]]

    def child_of(r, has_id):
        return ret.child(r.get("LAchildID")) if has_id else ret.child(f"#auto{next(auto)}", new=True)

    for label, r, has_id, has_cin in rows("ChildIdentifiers"):
        c = ret.child(r.get("LAchildID") if has_id else f"#auto{next(auto)}", new=True)
        c["ident"] = r
        ret.place("ChildIdentifiers", label, c)
    for label, r, has_id, has_cin in rows("ChildCharacteristics"):
        c = next((c for c in ret.children if has_id and c["id"] == r.get("LAchildID") and c["chars"] is None), None) \
            or child_of(r, has_id)
        c["chars"] = r
        ret.place("ChildCharacteristics", label, c)
    for label, r, has_id, has_cin in rows("Disabilities"):
        c = child_of(r, has_id)
        c["dis"].append(r.get("Disability"))
        ret.place("Disabilities", label, c, extra=f"/D{len(c['dis'])}")
    for label, r, has_id, has_cin in rows("CINdetails"):
        c = child_of(r, has_id)
        e = ret.cin(c, r.get("CINdetailsID"), new=True)
        e["fields"] = r
        ret.place("CINdetails", label, c, e)
    factors: dict = {}
    for label, r, has_id, has_cin in rows("AssessmentFactorsList"):
        factors.setdefault((r.get("LAchildID"), r.get("AssessmentID")), []).append(r.get("AssessmentFactor"))
    plans: dict = {}
    for block in ("Assessments", "CINplanDates", "Section47", "ChildProtectionPlans"):
        id_col = {"Assessments": "AssessmentID", "ChildProtectionPlans": "CPPID"}.get(block)
        for label, r, has_id, has_cin in rows(block):
            if id_col in tables[block]["columns"] and r.get(id_col) is None:
                continue  # the validator's reader gives every block an ID: a row without one is no block
            c = child_of(r, has_id)
            e = ret.cin(c, r.get("CINdetailsID"), any_cin=not has_cin)
            if block == "Assessments" and "AssessmentFactors" in tables[block]["columns"] \
                    and "AssessmentFactorsList" not in tables:
                # The DfE's tests give an assessment's factors a row each: rows alike but for
                # the factor are one assessment (of one child and episode)
                same = next((a for a in e[block] if a["_row"] == _but_factor(r)), None)
                if same is not None:
                    if r.get("AssessmentFactors") is not None:
                        same["_factors"].append(r.get("AssessmentFactors"))
                        same["_factors_block"] = True
                    ret.place(block, label, c, e, (block, same))
                    continue
            item = dict(r)
            item["_row"] = _but_factor(r)
            if block == "Assessments":
                given = r.get("AssessmentFactors")
                listed = factors.get((r.get("LAchildID"), r.get("AssessmentID")))
                if "AssessmentFactorsList" in tables:
                    item["_factors"] = [f for f in (listed or []) if f is not None]
                else:
                    item["_factors"] = given if isinstance(given, list) else ([] if given is None else [given])
                item["_factors_block"] = bool(item["_factors"]) or "AssessmentFactors" in tables[block]["columns"] \
                    and given is not None
            if block == "ChildProtectionPlans":
                item["_reviews"] = []
                plans.setdefault((c["id"], r.get("CPPID")), (c, e, item))
            e[block].append(item)
            ret.place(block, label, c, e, (block, item))
    for label, r, has_id, has_cin in rows("Reviews"):
        c = child_of(r, has_id)
        found = plans.get((c["id"], r.get("CPPID")))
        if found is None:
            e = ret.cin(c, r.get("CINdetailsID"), any_cin=not has_cin)
            item = {"_reviews": []}
            e["ChildProtectionPlans"].append(item)
            found = plans[(c["id"], r.get("CPPID"))] = (c, e, item)
        c, e, item = found
        item["_reviews"].append(r.get("CPPreviewDate"))
        ret.place("Reviews", label, c, e, ("ChildProtectionPlans", item), extra=f"/R{len(item['_reviews'])}")
    header = rows("Header")[0][1] if rows("Header") else {}
    return ret, header


def _but_factor(r: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in r.items() if k != "AssessmentFactors"))


def el(tag, v):
    return "" if v is None else f"<{tag}>{escape(str(v))}</{tag}>"


def to_xml(ret: Return, header: dict, as_at: _dt.date) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<Message><Header>']
    if not header:
        header = {"Collection": "CIN", "Year": str(as_at.year), "ReferenceDate": as_at.isoformat()}
    for group, fields in HEADER_FIELDS:
        out.append(f"<{group}>" + "".join(el(f, header.get(f)) for f in fields) + f"</{group}>")
    out.append("</Header><Children>")
    for c in ret.children:
        ident = dict(c["ident"])
        cid = c["id"] if not str(c["id"]).startswith("#auto") else None
        if "LAchildID" not in ident:
            ident["LAchildID"] = cid if cid is not None else f"X{at(ret.children, c)}"
        out.append("<Child><ChildIdentifiers>" + "".join(el(f, ident.get(f)) for f in IDENT) + "</ChildIdentifiers>")
        chars = c["chars"] or {}
        dis = "".join(el("Disability", d) if d is not None else "<Disability/>" for d in c["dis"])
        out.append("<ChildCharacteristics>" + el("Ethnicity", chars.get("Ethnicity"))
                   + (f"<Disabilities>{dis}</Disabilities>" if c["dis"] else "") + "</ChildCharacteristics>")
        for e in c["cins"]:
            f = e["fields"]
            out.append("<CINdetails>" + "".join(el(k, f.get(k)) for k in CIN_FIELDS))
            for a in e["Assessments"]:
                out.append("<Assessments>" + "".join(el(k, a.get(k)) for k in BLOCK_FIELDS["Assessments"]))
                if a["_factors_block"]:
                    out.append("<FactorsIdentifiedAtAssessment>" + "".join(
                        el("AssessmentFactors", x) for x in a["_factors"]) + "</FactorsIdentifiedAtAssessment>")
                out.append("</Assessments>")
            for p in e["CINplanDates"]:
                out.append("<CINPlanDates>" + "".join(el(k, p.get(k)) for k in BLOCK_FIELDS["CINplanDates"]) + "</CINPlanDates>")
            for s in e["Section47"]:
                out.append("<Section47>" + "".join(el(k, s.get(k)) for k in BLOCK_FIELDS["Section47"]) + "</Section47>")
            out.append(el("ReferralNFA", f.get("ReferralNFA")))
            for p in e["ChildProtectionPlans"]:
                out.append("<ChildProtectionPlans>" + "".join(el(k, p.get(k)) for k in BLOCK_FIELDS["ChildProtectionPlans"])
                           + "".join(f"<Reviews>{el('CPPreviewDate', d) or '<CPPreviewDate/>'}</Reviews>" for d in p["_reviews"])
                           + "</ChildProtectionPlans>")
            out.append("</CINdetails>")
        out.append("</Child>")
    out.append("</Children></Message>\n")
    return "".join(out)


def reference_date(tables: dict, header: dict) -> _dt.date:
    ref = value_text("ReferenceDate", header.get("ReferenceDate"))
    try:
        return _dt.date.fromisoformat(ref)
    except (TypeError, ValueError):
        pass
    last = _dt.date(2001, 3, 31)
    for t in tables.values():
        for _, r in t["rows"]:
            for col, v in r.items():
                v = value_text(col, v)
                if is_date_column(col) and isinstance(v, str):
                    try:
                        d = _dt.date.fromisoformat(v[:10])
                    except ValueError:
                        continue
                    if 1990 <= d.year <= 2060:
                        last = max(last, d)
    y = last.year if (last.month, last.day) <= (3, 31) else last.year + 1
    return _dt.date(y, 3, 31)


def case(call: dict, code: str) -> tuple[str, _dt.date, dict]:
    """(census XML, reference date, the validator's flagged records as compare.compare reads them)."""
    ret, header = build(call["tables"])
    as_at = reference_date(call["tables"], header)
    flagged = call["flagged"] or {}
    rows = {t: sorted(ret.places.get(t, {}).get(lbl, f"?{lbl}") for lbl in labels) for t, labels in flagged.items()}
    return to_xml(ret, header, as_at), as_at, {"rows": rows, "la_level": bool(call["la_level"]), "error": None}


def one_header_each(call: dict) -> list[dict]:
    """A test whose Header table has several rows (rule 100's) is one return per row: a
    return has one header. That return is flagged if its row is."""
    header = call["tables"].get("Header")
    if header is None or len(header["rows"]) <= 1:
        return [call]
    out = []
    for label, row in header["rows"]:
        tables = dict(call["tables"], Header={"columns": header["columns"], "rows": [[label, row]]})
        flagged = dict(call["flagged"] or {})
        flagged["Header"] = [label] if label in (flagged.get("Header") or []) else []
        out.append({"tables": tables, "flagged": flagged, "la_level": False})
    return out


def run(pack_ref="dfe-cin", only=None, tmp: Path | None = None, tests: dict | None = None) -> list[dict]:
    """One row per DfE test run (a test may run its rule more than once) and rule of the pack."""
    import tempfile

    from checker.data.load import load_data
    from checker.engine.outcomes import judge_all
    from checker.model import FAIL, Context
    from checker.packs.pack import load_pack

    tests = tests if tests is not None else load_dfe_tests()
    pack = load_pack(pack_ref)
    rules = {r.id: r for r in pack.rules}
    tmp = Path(tmp or tempfile.mkdtemp(prefix="dfe-tests-"))
    out = []
    for code, t in sorted(tests.items()):
        if only and code not in only:
            continue
        rule = rules.get(code)
        if rule is None:
            out.append({"rule": code, "call": 0, "match": False, "note": "no such rule in the pack"})
            continue
        if t["calls"] and all(c["flagged"] is None for c in t["calls"]):
            out.append({"rule": code, "call": 0, "match": False, "note": "the DfE rule raised on its test"})
            continue
        for i, call in enumerate([c for call in t["calls"] for c in one_header_each(call)], 1):
            xml_text, as_at, theirs = case(call, code)
            xml = tmp / f"{code}-{i}.xml"
            xml.write_text(xml_text)
            loaded = load_data(xml, pack.schema, "cin-xml", as_at)
            ctx = Context(loaded.dataset, pack.calendar, as_at, pack.params)
            fails = {o.key for o in judge_all(rule, ctx) if o.outcome == FAIL}
            ours = {code: (rule.subject, {C.place(k) if rule.subject != "header" else "header" for k in fails})}
            row = C.compare(ours, {"rules": {code: theirs}})[0]
            row.update(call=i, xml=str(xml), as_at=as_at.isoformat(), note="" if t["passed"] else f"DfE test: {t['error']}")
            out.append(row)
    return out


def per_rule(rows: list[dict]) -> dict[str, bool]:
    """rule -> whether casecheck flags exactly the DfE's records in every run of its test."""
    agree: dict[str, bool] = {}
    for r in rows:
        agree[r["rule"]] = agree.get(r["rule"], True) and r["match"]
    return agree


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    args = sys.argv[1:]
    pack_ref = "dfe-cin"
    if args and args[0].startswith("--pack="):
        pack_ref = args.pop(0).split("=", 1)[1]
    rows = run(pack_ref, set(args) or None)
    for r in rows:
        if not r["match"]:
            print(f"{r['rule']} #{r.get('call')}: only casecheck {r.get('only_ours')} only DfE {r.get('only_theirs')} "
                  f"{r.get('note', '')} {r.get('xml', '')}")
    agree = per_rule(rows)
    print(f"{sum(agree.values())}/{len(agree)} rules flag exactly what the DfE's own tests expect")
