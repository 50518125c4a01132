"""The CIN census XML reader and writer (checker/data/readers/cin_xml.py).

The round trip compares, per child, the values of every field the census
carries, with each record's links (referral_id, s47_id, plan_id) replaced by
the dates of the records they point at: the census keeps no IDs below the
child, so the generator's IDs cannot survive it, but which referral an
assessment belongs to, or which plan a review is of, must.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from checker.data.load import load_data
from checker.data.readers import detect, reader
from checker.data.readers.cin_xml import CinCensus, write
from checker.errors import Diagnostics
from checker.schema import builtin_schema_path, load_schema
from checker.tools.generate import generate

AS_AT = date(2025, 3, 31)
CENSUS_TABLES = ["children", "referrals", "assessments", "s47_enquiries", "cp_conferences", "cp_plans", "cin_plans"]


@pytest.fixture(scope="module")
def schema():
    return load_schema(builtin_schema_path("csc"))


@pytest.fixture(scope="module")
def council():
    return generate(400, seed=31, profile="inadequate", as_at=AS_AT)


@pytest.fixture(scope="module")
def written(council, schema, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cin") / "census.xml"
    write(council.tables, schema, path, AS_AT)
    return path


@pytest.fixture(scope="module")
def loaded(written, schema):
    return load_data(written, schema, "cin-xml")


def _xml(children: str, header: bool = True, decl: bool = True) -> str:
    head = (
        "<Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year>"
        "<ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails>"
        "<Source><SourceLevel>L</SourceLevel><LEA>999</LEA></Source></Header>"
    ) if header else ""
    return (('<?xml version="1.0" encoding="utf-8"?>\n' if decl else "")
            + f"<Message>\n{head}\n<Children>\n{children}</Children>\n</Message>\n")


def _child(cid: str | None, *, sex: str = "<GenderCurrent>1</GenderCurrent>", chars: str = "<Ethnicity>WBRI</Ethnicity>",
           cins: str = "") -> str:
    ident = f"<LAchildID>{cid}</LAchildID>" if cid is not None else "<UPN>A123456789012</UPN>"
    return (f"<Child>\n<ChildIdentifiers>{ident}<PersonBirthDate>2015-01-02</PersonBirthDate>{sex}</ChildIdentifiers>\n"
            f"<ChildCharacteristics>{chars}</ChildCharacteristics>\n{cins}</Child>\n")


def _cin(date_: str = "2024-05-01", inner: str = "") -> str:
    return (f"<CINdetails><CINreferralDate>{date_}</CINreferralDate><ReferralSource>2A</ReferralSource>"
            f"<PrimaryNeedCode>N1</PrimaryNeedCode>{inner}<ReferralNFA>false</ReferralNFA></CINdetails>\n")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _load(tmp_path: Path, schema, text: str | bytes, name: str = "cin.xml"):
    path = tmp_path / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return load_data(path, schema, "cin-xml")


def _rows(result, table: str) -> list[dict]:
    return [r.values for r in result.dataset.tables[table]]


# --------------------------------------------------------------------------- round trip


def _census_view(tables: dict[str, list[dict]]) -> dict[str, dict[str, list[tuple]]]:
    """child_id -> table -> sorted tuples of the carried fields, links replaced by the linked records' dates."""
    with_ref = {r["child_id"] for r in tables["referrals"]}
    refs = {r["referral_id"]: r for r in tables["referrals"]}
    s47s = {s["s47_id"]: s for s in tables["s47_enquiries"]}
    plans = {p["plan_id"]: p for p in tables["cp_plans"]}
    view: dict[str, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))

    def put(table, r, values):
        if r["child_id"] in with_ref:
            view[r["child_id"]][table].append(tuple(values))

    for c in tables["children"]:
        put("children", c, (c["date_of_birth"], c["expected_date_of_birth"], c["sex"], c["ethnicity"], c["disabled"]))
    for r in tables["referrals"]:
        put("referrals", r, (r["date"], r["source"], r["primary_need"], r["closure_date"], r["nfa"]))
    for a in tables["assessments"]:
        put("assessments", a, (refs[a["referral_id"]]["date"], a["start_date"], a["authorised_date"]))
    # S47ActualStartDate: the date of the strategy discussion that started the enquiry, where linked
    strategy = {d["strategy_id"]: d["date"] for d in tables.get("strategy_discussions", ())}
    for s in tables["s47_enquiries"]:
        start = strategy.get(s.get("strategy_id")) or s["start_date"]
        put("s47_enquiries", s, (refs[s["referral_id"]]["date"], start, s["icpc_target_date"], s["icpc_date"],
                                 s["icpc_not_required"]))
    for p in tables["cp_plans"]:
        put("cp_plans", p, (p["start_date"], p["end_date"], p["initial_category"], p["latest_category"], p["previous_plans"]))
    for n in tables["cin_plans"]:
        put("cin_plans", n, (n["start_date"], n["end_date"]))
    for c in tables["cp_conferences"]:
        s47 = (strategy.get(s47s[c["s47_id"]].get("strategy_id")) or s47s[c["s47_id"]]["start_date"]) if c["s47_id"] else None
        plan = plans[c["plan_id"]]["start_date"] if c["plan_id"] else None
        put("cp_conferences", c, (c["type"], c["date"], s47, plan))
    return {cid: {t: sorted(v, key=repr) for t, v in ts.items()} for cid, ts in view.items()}


def test_round_trip_every_carried_field(council, loaded):
    assert loaded.diagnostics.errors == []
    assert loaded.rejections == []
    assert sorted(loaded.accounts) == sorted(CENSUS_TABLES + ["strategy_discussions"])  # derived, see below
    for acc in loaded.accounts.values():
        assert acc.balanced()
    assert loaded.integrity == []
    got = {t: _rows(loaded, t) for t in CENSUS_TABLES}
    want_view = _census_view(council.tables)
    got_view = _census_view(got)
    assert set(got_view) == set(want_view)  # exactly the children with a referral
    assert len(got["children"]) == len({r["child_id"] for r in council.tables["referrals"]})
    for cid in sorted(want_view):
        assert got_view[cid] == want_view[cid], cid
    # the generated council exercises every block of the census
    for t in CENSUS_TABLES:
        assert got[t], t
    assert {c["type"] for c in got["cp_conferences"]} == {"initial", "review"}


def test_round_trip_counts_and_missing_tables(council, loaded):
    with_ref = {r["child_id"] for r in council.tables["referrals"]}
    counts = {t: len(loaded.dataset.tables[t]) for t in CENSUS_TABLES}
    for t in CENSUS_TABLES[1:]:
        want = sum(1 for r in council.tables[t] if r["child_id"] in with_ref)
        assert counts[t] == want, t
    assert "visits" in loaded.missing_tables and "social_workers" in loaded.missing_tables
    assert not set(CENSUS_TABLES) & set(loaded.missing_tables)


def test_synthetic_keys_follow_the_nesting(loaded):
    tables = {t: _rows(loaded, t) for t in CENSUS_TABLES}
    for r in tables["referrals"]:
        stem, n = r["referral_id"].rsplit("/", 1)
        assert stem == r["child_id"] and n.isdigit()
    for a in tables["assessments"]:
        assert a["assessment_id"].startswith(a["referral_id"] + "/A")
        assert a["referral_id"].startswith(a["child_id"] + "/")
    for s in tables["s47_enquiries"]:
        assert s["s47_id"].startswith(s["referral_id"] + "/S")
    for p in tables["cp_plans"]:
        assert "/P" in p["plan_id"] and p["plan_id"].startswith(p["child_id"] + "/")
    for n in tables["cin_plans"]:
        assert "/N" in n["cin_plan_id"] and n["cin_plan_id"].startswith(n["child_id"] + "/")
    for c in tables["cp_conferences"]:
        if c["type"] == "review":
            assert c["conference_id"].startswith(c["plan_id"] + "/R")
        elif c["s47_id"]:
            assert c["conference_id"] == c["s47_id"] + "/ICPC"
        else:
            assert c["conference_id"].endswith("/ICPC")


def test_write_is_deterministic_and_a_fixed_point(council, schema, written, loaded, tmp_path):
    again = tmp_path / "again.xml"
    write(council.tables, schema, again, AS_AT)
    assert again.read_bytes() == written.read_bytes()
    # what was read, written again, gives the same bytes: nothing carried was lost or reordered
    reread = tmp_path / "reread.xml"
    write({t: _rows(loaded, t) for t in CENSUS_TABLES}, schema, reread, AS_AT)
    assert reread.read_bytes() == written.read_bytes()


def test_written_file_shape(written):
    root = ET.parse(written).getroot()
    assert root.tag == "Message"
    assert root.findtext("Header/CollectionDetails/Collection") == "CIN"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2025-03-31"
    assert root.findtext("Header/Source/LEA") == "999"
    child = root.find("Children/Child")
    assert [e.tag for e in child][:2] == ["ChildIdentifiers", "ChildCharacteristics"]
    order = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
             "DateOfInitialCPC", "Assessments", "CINPlanDates", "Section47", "ReferralNFA", "ChildProtectionPlans"]
    for cin in root.iter("CINdetails"):  # the XSD's sequence
        tags = [e.tag for e in cin]
        assert tags == sorted(tags, key=order.index)
        assert cin.findtext("ReferralNFA") in ("true", "false")


# --------------------------------------------------------------------------- sniffing


def test_sniff(written, tmp_path):
    r = CinCensus()
    assert r.sniff(written)
    bom = tmp_path / "bom.xml"
    bom.write_bytes(b"\xef\xbb\xbf" + written.read_bytes()[:5000])
    assert r.sniff(bom)
    no_decl = tmp_path / "nodecl.xml"
    no_decl.write_text(_xml(_child("C1", cins=_cin()), header=False, decl=False))
    assert r.sniff(no_decl)
    other = tmp_path / "other.xml"
    other.write_text('<?xml version="1.0"?><Message><Header/><Body/></Message>')
    assert not r.sniff(other)
    csv_file = tmp_path / "children.csv"
    csv_file.write_text("child_id\nC1\n")
    assert not r.sniff(csv_file)
    assert not r.sniff(tmp_path)
    diags = Diagnostics()
    assert detect(written, diags) == "cin-xml"
    assert reader("cin-xml").name == "cin-xml"


def test_bom_and_namespace(tmp_path, schema):
    text = _xml(_child("C1", cins=_cin()) + _child("C2", cins=_cin()))
    res = _load(tmp_path, schema, b"\xef\xbb\xbf" + text.encode(), "bom.xml")
    assert res.diagnostics.errors == []
    assert [r["child_id"] for r in _rows(res, "children")] == ["C1", "C2"]
    utf16 = text.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    assert CinCensus().sniff(_write(tmp_path / "utf16.xml", utf16))
    res = _load(tmp_path, schema, utf16, "utf16.xml")
    assert res.diagnostics.errors == [] and len(_rows(res, "referrals")) == 2
    ns = text.replace("<Message>", '<Message xmlns="http://www.dfe.gov.uk/CIN" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">')
    res = _load(tmp_path, schema, ns, "ns.xml")
    assert res.diagnostics.errors == []
    assert [r["referral_id"] for r in _rows(res, "referrals")] == ["C1/1", "C2/1"]
    notes = [d for d in res.diagnostics.items if d.code == "cin-reference-date"]
    assert len(notes) == 1 and "2025-03-31" in notes[0].message and not notes[0].is_error


# --------------------------------------------------------------------------- bad input


def test_bad_elements_mid_way_are_rejected_and_counted(tmp_path, schema):
    assessment = "<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate></Assessments>"
    children = (
        _child("C1", cins=_cin(inner=assessment))
        + _child(None, cins=_cin(inner=assessment))  # no LAchildID: child, referral and assessment rejected
        + _child("C3", cins=_cin("2024-02-30"))  # not a real date: the referral rejected
        + _child("C4", cins=_cin(inner="<Assessments><AssessmentAuthorisationDate>2024-06-01</AssessmentAuthorisationDate></Assessments>"))
        + _child("C5", cins=_cin(inner=assessment))
    )
    res = _load(tmp_path, schema, _xml(children))
    assert res.diagnostics.errors == []
    for acc in res.accounts.values():
        assert acc.balanced(), acc.table
    acc = res.accounts
    assert (acc["children"].read, acc["children"].loaded) == (5, 4)
    assert acc["children"].rejected == {"missing required value": 1}
    assert (acc["referrals"].read, acc["referrals"].loaded) == (5, 3)
    assert acc["referrals"].rejected == {"missing required value": 1, "bad value": 1}
    assert (acc["assessments"].read, acc["assessments"].loaded) == (4, 2)
    assert acc["assessments"].rejected == {"missing required value": 2}
    by_table = defaultdict(list)
    for rej in res.rejections:
        by_table[rej.table].append(rej)
    assert [(r.row, r.column) for r in by_table["children"]] == [(2, "child_id")]
    assert [(r.row, r.column, r.value) for r in by_table["referrals"]] == [(2, "child_id", None), (3, "date", "2024-02-30")]
    assert [(r.row, r.column) for r in by_table["assessments"]] == [(2, "child_id"), (4, "start_date")]
    assert [r["child_id"] for r in _rows(res, "children")] == ["C1", "C3", "C4", "C5"]
    # the reader says where each row came from
    rows = {src.table: list(src.rows) for src in CinCensus().read(tmp_path / "cin.xml", schema, Diagnostics())}
    bad = rows["children"][1]
    assert bad.values["child_id"] == "" and bad.number == 2 and bad.where == "Child 2"
    assert rows["assessments"][1].where == "Child 2 > CINdetails 1 > Assessments 1"
    assert rows["assessments"][1].values["assessment_id"] == "#2/1/A1"


@pytest.mark.parametrize("breakage, marker", [
    # an unclosed element: the mismatch is found at </Child>
    ("<Child><ChildIdentifiers><LAchildID>X</LAchildID></ChildIdentifiers><Oops></Child>\n", "<Oops>"),
    # a bare ampersand
    ("<Child><ChildIdentifiers><LAchildID>A & B</LAchildID></ChildIdentifiers></Child>\n", "A & B"),
    # the file cut short in the middle of a Child
    (None, None),
])
def test_malformed_xml_is_a_clear_diagnostic(tmp_path, schema, breakage, marker):
    good = _child("C1", cins=_cin()) + _child("C2", cins=_cin())
    if breakage is None:
        text = _xml(good + _child("C3", cins=_cin()))
        text = text[: text.index("<LAchildID>C3")]
        want_line = len(text.splitlines())
    else:
        text = _xml(good + breakage + _child("C9", cins=_cin()))
        want_line = next(i for i, s in enumerate(text.splitlines(), 1) if marker in s)
    res = _load(tmp_path, schema, text, "broken.xml")  # no exception
    errs = res.diagnostics.errors
    assert [d.code for d in errs] == ["bad-xml"]
    d = errs[0]
    assert "`broken.xml` is not well-formed XML" in d.message and f"line {want_line}, column" in d.message
    assert "the 2 Child elements before it were read" in d.message
    assert d.location.file.endswith("broken.xml") and d.location.line == want_line and d.location.column >= 1
    assert "broken.xml:" in d.render()
    # the two children before the break were read and counted; nothing after it
    assert [r["child_id"] for r in _rows(res, "children")] == ["C1", "C2"]
    assert res.accounts["referrals"].loaded == 2
    for acc in res.accounts.values():
        assert acc.balanced()


def test_not_xml_at_all(tmp_path, schema):
    res = _load(tmp_path, schema, "child_id,date\nC1,2024-01-01\n", "not.xml")
    assert [d.code for d in res.diagnostics.errors] == ["bad-xml"]
    assert res.counts()["read"] == 0
    res = _load(tmp_path, schema, "<Return><Item/></Return>", "wrong.xml")
    assert [d.code for d in res.diagnostics.errors] == ["not-cin-xml"]
    res = load_data(tmp_path, schema, "cin-xml")  # a folder
    assert [d.code for d in res.diagnostics.errors] == ["unreadable"]
    assert res.counts()["read"] == 0


def test_unknown_and_ignored_elements(tmp_path, schema):
    children = _child("C1", cins=_cin(inner="<ReasonForClosure>RC1</ReasonForClosure><Mystery>1</Mystery>"))
    children = children.replace("<PersonBirthDate>", "<UPN>A123456789012</UPN><PersonBirthDate>")
    res = _load(tmp_path, schema, _xml(children))
    assert res.diagnostics.errors == []
    warns = [d for d in res.diagnostics.warnings if d.code == "unknown-element"]
    assert len(warns) == 1 and "<Mystery>" in warns[0].message and "Child 1 > CINdetails 1" in warns[0].message
    assert res.accounts["children"].ignored_columns == ["UPN"]
    assert res.accounts["referrals"].ignored_columns == ["ReasonForClosure"]


# --------------------------------------------------------------------------- mappings


@pytest.mark.parametrize("chars, want", [
    ("<Disabilities><Disability>NONE</Disability></Disabilities>", False),
    ("<Disabilities><Disability>MOB</Disability></Disabilities>", True),
    ("<Disabilities><Disability>NONE</Disability><Disability>AUT</Disability></Disabilities>", True),
    ("<Disabilities><Disability>HAND</Disability><Disability>VIS</Disability></Disabilities>", True),
    ("<Disabilities></Disabilities>", None),
    ("", None),
])
def test_disability_mapping(tmp_path, schema, chars, want):
    res = _load(tmp_path, schema, _xml(_child("C1", chars=f"<Ethnicity>WBRI</Ethnicity>{chars}", cins=_cin())))
    assert res.rejections == []
    assert _rows(res, "children")[0]["disabled"] is want


@pytest.mark.parametrize("element, code, want", [
    ("GenderCurrent", "1", "M"), ("GenderCurrent", "2", "F"), ("GenderCurrent", "0", "U"), ("GenderCurrent", "9", "U"),
    ("Sex", "1", "M"), ("Sex", "2", "F"), ("Sex", " 9 ", "U"), ("Sex", "0", "U"),
])
def test_sex_and_gender_current(tmp_path, schema, element, code, want):
    res = _load(tmp_path, schema, _xml(_child("C1", sex=f"<{element}>{code}</{element}>", cins=_cin())))
    assert res.rejections == []
    assert _rows(res, "children")[0]["sex"] == want


def test_unknown_sex_code_is_rejected(tmp_path, schema):
    res = _load(tmp_path, schema, _xml(_child("C1", sex="<Sex>3</Sex>", cins=_cin())))
    assert [(r.table, r.column, r.value, r.reason) for r in res.rejections] == [("children", "sex", "3", "bad value")]


def test_conferences_and_links(tmp_path, schema):
    inner = (
        "<DateOfInitialCPC>2024-05-20</DateOfInitialCPC>"  # the same ICPC as the Section47's: one conference
        "<Section47><S47ActualStartDate>2024-05-03</S47ActualStartDate><InitialCPCtarget>2024-05-24</InitialCPCtarget>"
        "<DateOfInitialCPC>2024-05-20</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>"
        "<ChildProtectionPlans><CPPstartDate>2024-05-20</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
        "<LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse><NumberOfPreviousCPP>1</NumberOfPreviousCPP>"
        "<Reviews><CPPreviewDate>2024-08-15</CPPreviewDate><CPPreviewDate>2025-02-10</CPPreviewDate></Reviews>"
        "</ChildProtectionPlans>"
    )
    second = "<DateOfInitialCPC>2024-11-04</DateOfInitialCPC><CINPlanDates><CINPlanStartDate>2024-11-05</CINPlanStartDate></CINPlanDates>"
    res = _load(tmp_path, schema, _xml(_child("C1", cins=_cin(inner=inner) + _cin("2024-10-01", second))))
    assert res.rejections == [] and res.integrity == []
    confs = {c["conference_id"]: c for c in _rows(res, "cp_conferences")}
    assert sorted(confs) == ["C1/1/P1/R1", "C1/1/P1/R2", "C1/1/S1/ICPC", "C1/2/ICPC"]
    icpc = confs["C1/1/S1/ICPC"]
    assert (icpc["type"], icpc["date"], icpc["s47_id"], icpc["plan_id"]) == ("initial", date(2024, 5, 20), "C1/1/S1", "C1/1/P1")
    assert confs["C1/1/P1/R2"]["type"] == "review" and confs["C1/1/P1/R2"]["plan_id"] == "C1/1/P1"
    assert confs["C1/2/ICPC"]["s47_id"] is None and confs["C1/2/ICPC"]["plan_id"] is None
    (s47,) = _rows(res, "s47_enquiries")
    assert (s47["referral_id"], s47["icpc_target_date"], s47["icpc_not_required"]) == ("C1/1", date(2024, 5, 24), False)
    (plan,) = _rows(res, "cp_plans")
    assert (plan["initial_category"], plan["latest_category"], plan["previous_plans"]) == ("NEG", "EMO", 1)
    (cin_plan,) = _rows(res, "cin_plans")
    assert cin_plan["cin_plan_id"] == "C1/2/N1" and cin_plan["end_date"] is None
    refs = _rows(res, "referrals")
    assert [(r["referral_id"], r["nfa"], r["source"], r["primary_need"]) for r in refs] == [
        ("C1/1", False, "2A", "N1"), ("C1/2", False, "2A", "N1")]


def test_what_the_census_means_is_derived(loaded):
    """Every census assessment is a single assessment; each enquiry's S47ActualStartDate is the
    strategy discussion that started it, linked from the enquiry and to its referral."""
    ds = loaded.dataset
    assert ds.tables["assessments"] and {a.values["type"] for a in ds.tables["assessments"]} == {"single"}
    sds = {r.values["strategy_id"]: r for r in ds.tables["strategy_discussions"]}
    assert len(sds) == len(ds.tables["s47_enquiries"]) > 0
    for s in ds.tables["s47_enquiries"]:
        sd = sds[s.values["strategy_id"]]
        assert sd.values["strategy_id"] == f"{s.key}/SD"
        assert (sd.values["date"], sd.values["child_id"], sd.values["referral_id"]) == (
            s.values["start_date"], s.values["child_id"], s.values["referral_id"])
        assert sd.values["s47_decided"] is True
        assert {"police_attended", "health_attended"} <= sd.absent  # not carried, not blank
