"""The Ofsted Annex A adapter (checker/data/readers/annex_a.py): a generated council
written as an Annex A workbook and read back, and hand-made workbooks in the
shapes councils' systems export (notes above the header, other header
spellings, merged header cells, padding rows, dates as day numbers or text)."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from openpyxl import Workbook

from checker.data.load import load_data
from checker.data.readers import detect
from checker.data.readers.annex_a import AnnexA, to_bool, to_code
from checker.data.readers.annex_a_lists import COMMON, DATE_ROLE, LIST_COLS, OUTS
from checker.data.readers.annex_a_write import write
from checker.errors import Diagnostics
from checker.schema import builtin_schema_path, load_schema
from checker.tools.generate import generate

SCHEMA = load_schema(builtin_schema_path("csc"))
CODES = SCHEMA.code_sets


def balanced(result) -> None:
    for name, acc in result.accounts.items():
        assert acc.balanced(), name
        assert acc.read == acc.loaded + sum(acc.excluded.values()) + sum(acc.rejected.values())


def book(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, ()):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def load(path: Path, as_at=None):
    return load_data(path, SCHEMA, fmt="annex-a", as_at=as_at)


def codes_of(result, code: str) -> list:
    return [d for d in result.diagnostics.items if d.code == code]


def values(result, table: str) -> list[dict]:
    return [r.values for r in result.dataset.tables[table]]


# --------------------------------------------------------------------------- round trip


@pytest.fixture(scope="module")
def council():
    return generate(300, seed=11, profile="adequate")


@pytest.fixture(scope="module")
def round_trip(council, tmp_path_factory):
    path = tmp_path_factory.mktemp("aa") / "annex_a.xlsx"
    write(council.tables, SCHEMA, path, as_at=council.as_at)
    return path, load(path, as_at=council.as_at)


def _multiset(records, fields) -> Counter:
    return Counter(tuple(r.get(f) for f in fields) for r in records)


def _latest(records, lo, hi, tie):
    pool = [r for r in records if (lo is None or r["date"] >= lo) and (hi is None or r["date"] <= hi)]
    return max(pool, key=lambda r: (r["date"], r[tie])) if pool else None


def test_every_derived_record_names_a_trigger_column_and_every_list_but_9_a_date():
    """The reader relies on these (a derived record is made only when its trigger column has a
    value; the missing-column warning names that column; a list's main key is built from its
    date role, list 9's from the child)."""
    for number, outs in OUTS.items():
        roles = {c.role for c in LIST_COLS[number] + COMMON}
        for o in outs:
            if o.suffix is not None:
                assert o.trigger in roles, (number, o.table)
        if number != 9:
            assert DATE_ROLE.get(number) in roles, number


def test_round_trip_carries_every_annex_a_field(council, round_trip):
    path, res = round_trip
    src = council.tables
    as_at = council.as_at
    assert res.format == "annex-a"
    assert res.rejections == []
    assert res.diagnostics.errors == []
    balanced(res)

    # One row per list row; one record per field Annex A carries.
    plain = {
        "contacts": ("child_id", "date", "source"),
        "referrals": ("child_id", "date", "source", "nfa", "team"),
        "assessments": ("child_id", "start_date", "authorised_date", "child_seen", "requires_support", "team"),
        "s47_enquiries": ("child_id", "start_date", "icpc_not_required", "icpc_date", "team"),
        "cin_plans": ("child_id", "start_date", "end_date"),
        "cp_plans": ("child_id", "start_date", "end_date", "initial_category", "latest_category", "previous_plans",
                     "team"),
        "care_periods": ("child_id", "start_date", "end_date", "legal_status", "placement_type",
                         "placement_start_date", "placements_last_12_months", "team"),
        "care_leavers": ("child_id", "eligibility", "in_touch", "accommodation", "accommodation_suitable", "activity",
                         "last_contact_date"),
    }
    # list 5's one date is the strategy discussion that started the enquiry (written so where linked)
    strategy = {d["strategy_id"]: d["date"] for d in src["strategy_discussions"]}
    expected = dict(src, s47_enquiries=[dict(r, start_date=strategy.get(r.get("strategy_id")) or r["start_date"])
                                        for r in src["s47_enquiries"]])
    for table, fields in plain.items():
        assert _multiset(values(res, table), fields) == _multiset(expected[table], fields), table

    # Children: the common columns; disability from lists 4-9 only, UASC from lists 8-9 only.
    in_lists = defaultdict(set)
    for n, table in ((1, "contacts"), (3, "referrals"), (4, "assessments"), (5, "s47_enquiries"), (6, "cin_plans"),
                     (7, "cp_plans"), (8, "care_periods"), (9, "care_leavers")):
        for r in src[table]:
            in_lists[r["child_id"]].add(n)
    kids = {c["child_id"]: c for c in src["children"]}
    got = {v["child_id"]: v for v in values(res, "children")}
    assert set(got) == set(in_lists)
    for cid, v in got.items():
        c = kids[cid]
        assert (v["sex"], v["ethnicity"], v["date_of_birth"]) == (c["sex"], c["ethnicity"], c["date_of_birth"])
        assert v["disabled"] == (c["disabled"] if in_lists[cid] & {4, 5, 6, 7, 8, 9} else None)
        assert v["uasc"] == (c["uasc"] if in_lists[cid] & {8, 9} else None)

    # Derived records: the latest of each per plan, period or enquiry, as write() documents.
    visits = defaultdict(list)
    for v in src["visits"]:
        visits[v["child_id"]].append(v)
    exp_visits, exp_confs, exp_reviews, exp_health, exp_pathway = [], [], [], [], []
    for s in src["s47_enquiries"]:
        if s["icpc_date"] is not None:
            init = [c for c in src["cp_conferences"] if c["type"] == "initial" and c["s47_id"] == s["s47_id"]]
            exp_confs.append((s["child_id"], "initial", s["icpc_date"], init[0]["plan_made"] if init else None))
    for p in src["cp_plans"]:
        hi = p["end_date"] or as_at
        v = _latest([x for x in visits[p["child_id"]] if x["type"] == "cp"], p["start_date"], hi, "visit_id")
        if v:
            exp_visits.append((p["child_id"], "cp", v["date"], True if v["seen_alone"] else None, v["seen_alone"]))
        r = _latest([c for c in src["cp_conferences"] if c["type"] == "review" and c["plan_id"] == p["plan_id"]],
                    None, hi, "conference_id")
        if r:
            exp_confs.append((p["child_id"], "review", r["date"], None))
    for p in src["care_periods"]:
        hi = p["end_date"] or as_at
        v = _latest([x for x in visits[p["child_id"]] if x["type"] == "lac"], None, hi, "visit_id")
        if v:
            exp_visits.append((p["child_id"], "lac", v["date"], None, None))
        r = _latest([x for x in src["lac_reviews"] if x["period_id"] == p["period_id"]], None, hi, "review_id")
        if r:
            exp_reviews.append((p["child_id"], r["date"]))
        h = _latest([x for x in src["health_assessments"] if x["child_id"] == p["child_id"]], None, hi,
                    "health_assessment_id")
        if h:
            exp_health.append((p["child_id"], h["date"]))
    for cl in src["care_leavers"]:
        pp = _latest([x for x in src["pathway_plans"] if x["child_id"] == cl["child_id"]], None, as_at,
                      "pathway_plan_id")
        if pp:
            exp_pathway.append((cl["child_id"], pp["date"]))
    assert _multiset(values(res, "visits"), ("child_id", "type", "date", "seen", "seen_alone")) == Counter(exp_visits)
    assert _multiset(values(res, "cp_conferences"), ("child_id", "type", "date", "plan_made")) == Counter(exp_confs)
    assert _multiset(values(res, "lac_reviews"), ("child_id", "date")) == Counter(exp_reviews)
    assert _multiset(values(res, "health_assessments"), ("child_id", "date")) == Counter(exp_health)
    assert _multiset(values(res, "pathway_plans"), ("child_id", "date")) == Counter(exp_pathway)

    # Keys are made from list, child and date; derived records hang off their plan or period.
    plans = {r["plan_id"] for r in values(res, "cp_plans")}
    assert all(k.startswith("L7/") for k in plans)
    assert all(c["plan_id"] in plans for c in values(res, "cp_conferences") if c["type"] == "review")
    periods = {r["period_id"] for r in values(res, "care_periods")}
    assert all(r["period_id"] in periods for r in values(res, "lac_reviews"))
    assert res.integrity == [] or all(i.check != "orphan" for i in res.integrity)
    # List 5's one date is the strategy discussion that started the enquiry: a strategy discussion
    # on it, linked from the enquiry (ICPC-15WD runs from it). S47-STRATEGY-FIRST, which could never
    # fail on such data, is not run on Annex A (its `formats: annex-a: not_run`).
    sds = {r["strategy_id"]: r for r in values(res, "strategy_discussions")}
    s47s = values(res, "s47_enquiries")
    assert s47s and len(sds) == len(s47s)
    assert all(sds[s["strategy_id"]]["date"] == s["start_date"] for s in s47s)


def test_round_trip_reports_what_annex_a_cannot_carry(round_trip):
    _, res = round_trip
    msgs = {d.message for d in codes_of(res, "not-carried")}
    assert any("`decision_date`" in m and "`contacts`" in m for m in msgs)
    assert any("`worker_id`" in m and "`visits`" in m for m in msgs)
    assert {"Allocated Worker", "Age of Child (Years)"} <= set(res.accounts["referrals"].ignored_columns)


def test_written_workbook_is_detected_and_looks_like_the_template(round_trip):
    path, _ = round_trip
    assert AnnexA().sniff(path)
    assert detect(path, Diagnostics()) == "annex-a"
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["List 1 - Contacts", "List 3 - Referrals", "List 4 - Assessments", "List 5 - Section 47",
                             "List 6 - Children in need", "List 7 - Child protection", "List 8 - Children in care",
                             "List 9 - Care leavers"]
    rows = list(wb["List 1 - Contacts"].iter_rows(min_row=1, max_row=4))
    assert rows[0][0].value == "List 1: Contacts"
    assert [c.value for c in rows[2]] == ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth",
                                          "Age of Child (Years)", "Date of Contact", "Contact Source"]
    data = rows[3]
    assert data[1].value in ("a) Male", "b) Female", "c) Not stated/recorded")
    assert data[5].number_format == "DD/MM/YYYY" and isinstance(data[5].value, dt.datetime)
    wb.close()


def test_two_writes_give_identical_bytes(tmp_path):
    small = generate(40, seed=3, profile="inadequate")
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write(small.tables, SCHEMA, a, as_at=small.as_at)
    write(small.tables, SCHEMA, b, as_at=small.as_at)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:  # nothing in it depends on when it was written
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
        assert "2000-01-01T00:00:00Z" in core and str(dt.date.today().year) not in core


# --------------------------------------------------------------------------- real-world shapes


def test_header_variants_notes_above_header_and_identification_by_header(tmp_path):
    path = book(tmp_path / "mosaic.xlsx", {
        # Named by content, not "List N"; notes and a blank row above the header; Mosaic-style spellings.
        "Assessments": [
            ["Ofsted Annex A - Assessments"],
            ["Extracted 31/03/2025 from Mosaic. Please do not edit."],
            [],
            ["Person ID", "Sex", "Ethnic Origin", "DOB", "Age", "Disability", "Assessment start date",
             "Child seen during assessment", "Assessment authorisation date", "Team"],
            ["C1", "Male", "White British", dt.datetime(2015, 2, 3), 10, "N", dt.datetime(2025, 1, 6), "Y",
             dt.datetime(2025, 2, 20), "Team A"],
        ],
        # No name at all: identified by its header (list 7), SSD-style header spellings.
        "Sheet3": [
            ["ChildUniqueID", "Gender", "Ethnicity", "DateOfBirth", "HasDisability", "ChildProtectionPlanStartDate",
             "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "DateOfLastStatutoryVisit", "ChildSeenAlone",
             "DateOfLatestReviewConf", "ChildProtectionPlanEndDate", "NumberOfPreviousChildProtectionPlans"],
            ["C1", "a) Male", "a) WBRI", "03/02/2015", "b) No", "01/03/2025", "a) Neglect", "d) Emotional abuse",
             "25/03/2025", "a) Yes", None, None, 0],
        ],
    })
    assert AnnexA().sniff(path)
    res = load(path)
    balanced(res)
    assert res.rejections == []
    (a,) = values(res, "assessments")
    assert a["start_date"] == dt.date(2025, 1, 6) and a["authorised_date"] == dt.date(2025, 2, 20)
    assert a["child_seen"] is True and a["team"] == "Team A" and a["assessment_id"] == "L4/C1/2025-01-06"
    (p,) = values(res, "cp_plans")
    assert (p["initial_category"], p["latest_category"], p["previous_plans"]) == ("NEG", "EMO", 0)
    (v,) = values(res, "visits")
    assert (v["type"], v["date"], v["seen"], v["seen_alone"], v["visit_id"]) == (
        "cp", dt.date(2025, 3, 25), True, True, "L7/C1/2025-03-01/visit")
    (c,) = values(res, "children")
    assert (c["sex"], c["ethnicity"], c["date_of_birth"], c["disabled"]) == ("M", "WBRI", dt.date(2015, 2, 3), False)
    assert res.accounts["assessments"].read == 1


def test_merged_header_cells(tmp_path):
    path = book(
        tmp_path / "merged.xlsx",
        {"List 1": [
            ["List 1: Contacts", None, None, None, None],
            ["Child Unique ID", "Child details", None, "Date of Contact", "Contact Source"],
            [None, "Gender", "Ethnicity", None, None],
            ["C7", "b) Female", "o) BAFR", dt.datetime(2025, 3, 3), "q) 6: Police"],
            ["C8", "a) Male", "a) WBRI", dt.datetime(2025, 3, 4), "e) 2A: Schools"],
        ]},
        # A title merged across the top; ID, date and source merged down two header rows; a group label across two.
        {"List 1": ["A1:E1", "A2:A3", "B2:C2", "D2:D3", "E2:E3"]},
    )
    res = load(path)
    balanced(res)
    assert res.rejections == []
    got = sorted((v["child_id"], v["date"], v["source"]) for v in values(res, "contacts"))
    assert got == [("C7", dt.date(2025, 3, 3), "6"), ("C8", dt.date(2025, 3, 4), "2A")]
    kids = {v["child_id"]: (v["sex"], v["ethnicity"]) for v in values(res, "children")}
    assert kids == {"C7": ("F", "BAFR"), "C8": ("M", "WBRI")}


def test_horizontally_merged_header_reads_the_first_column(tmp_path):
    path = book(
        tmp_path / "hmerge.xlsx",
        {"List 3 - Referrals": [
            ["Child Unique ID", "Date of referral", None, "Referral Source", "Referral NFA?"],
            ["C1", "02/01/2025", None, "g) 3A: Health services", "b) No"],
        ]},
        {"List 3 - Referrals": ["B1:C1"]},
    )
    res = load(path)
    (r,) = values(res, "referrals")
    assert (r["date"], r["source"], r["nfa"]) == (dt.date(2025, 1, 2), "3A", False)
    assert not codes_of(res, "unknown-column")


def test_blank_padding_rows_are_not_counted(tmp_path):
    path = book(tmp_path / "padded.xlsx", {"List 1 - Contacts": [
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of Contact",
         "Contact Source"],
        ["C1", "a) Male", "a) WBRI", None, None, "01/02/2025", "q) 6: Police"],
        [None, None, None, None, None, None, None],
        ["", "  ", None, None, 0, None, None],  # a formula-filled age is not a row
        ["C2", "b) Female", "a) WBRI", None, None, "02/02/2025", "Police"],
        *[[None] * 7 for _ in range(30)],
        ["   ", None, None, None, None, None, None],
    ]})
    res = load(path)
    balanced(res)
    assert res.accounts["contacts"].read == 2
    assert res.accounts["children"].read == 2
    assert res.rejections == []


def test_excel_serial_dates_and_text_dates(tmp_path):
    path = book(tmp_path / "dates.xlsx", {"List 4 - Assessments": [
        ["Child Unique ID", "Date of Birth", "Continuous Assessment Start Date",
         "Continuous Assessment Date of Authorisation"],
        ["C1", 42038, 45659, 45701.0],  # Excel day numbers (cells saved as General)
        ["C2", "03/02/2015", "02/01/2025", "13/02/2025"],  # dd/mm/yyyy text
        ["C3", dt.datetime(2015, 2, 3), dt.datetime(2025, 1, 2), None],  # Excel date cells
    ]})
    res = load(path)
    balanced(res)
    assert res.rejections == []
    got = {v["child_id"]: (v["start_date"], v["authorised_date"]) for v in values(res, "assessments")}
    assert got == {"C1": (dt.date(2025, 1, 2), dt.date(2025, 2, 13)), "C2": (dt.date(2025, 1, 2), dt.date(2025, 2, 13)),
                   "C3": (dt.date(2025, 1, 2), None)}
    assert {v["child_id"]: v["date_of_birth"] for v in values(res, "children")} == {
        "C1": dt.date(2015, 2, 3), "C2": dt.date(2015, 2, 3), "C3": dt.date(2015, 2, 3)}
    # the same key whichever way the date was written
    assert {v["assessment_id"] for v in values(res, "assessments")} == {
        "L4/C1/2025-01-02", "L4/C2/2025-01-02", "L4/C3/2025-01-02"}


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize("code_set, raw, expected", [
    ("sex", "a) Male", "M"), ("sex", "b) Female", "F"), ("sex", "c) Not stated/recorded", "U"),
    ("sex", "d) Neither", "U"), ("sex", "female", "F"), ("sex", "M", "M"), ("sex", "Unknown", "U"),
    ("ethnicity", "a) WBRI", "WBRI"), ("ethnicity", "s) NOBT", "NOBT"), ("ethnicity", "BAFR", "BAFR"),
    ("ethnicity", "White and Black Caribbean", "MWBC"), ("ethnicity", "Any other Asian background", "AOTH"),
    ("ethnicity", "u) UNKNOWN", None), ("ethnicity", "A1", "WBRI"),
    ("referral_source", "g) 3A: Health services", "3A"), ("referral_source", "g) 3A", "3A"),
    ("referral_source", "3A", "3A"), ("referral_source", "p1) 5D: LA services", "5D"),
    ("referral_source", "u) 10: Unknown", "10"), ("referral_source", 6, "6"), ("referral_source", 6.0, "6"),
    ("referral_source", "Police", "6"), ("referral_source", "HEALTH SERVICES - school nurse", "3C"),
    ("referral_source", "Schools", "2A"), ("referral_source", "Health services - GP", "3A"),
    ("abuse_category", "a) Neglect", "NEG"), ("abuse_category", "e) Multiple/not recommended", "MUL"),
    ("abuse_category", "Sexual abuse", "SAB"), ("abuse_category", "EMO", "EMO"),
    ("legal_status", "C2: Full care order", "C2"), ("legal_status", "C2: FCO", "C2"), ("legal_status", "e1", "E1"),
    ("legal_status", "Interim care order", "C1"), ("legal_status", "V2: Single period under S20", "V2"),
    ("placement_type", "d) U4: Foster placement - long term", "U4"), ("placement_type", "K2", "K2"),
    ("placement_type", "Children's Homes", "K2"),
    ("care_leaver_eligibility", "a) Relevant child", "relevant"),
    ("care_leaver_eligibility", "b) Former relevant child", "former_relevant"),
    ("care_leaver_eligibility", "Qualifying care leaver", "qualifying"),
    ("care_leaver_eligibility", "d) Eligible child", "eligible"),
    ("in_touch", "Yes", "YES"), ("in_touch", "a) Yes", "YES"), ("in_touch", "No", "NO"), ("in_touch", "Died", "DIED"),
    ("in_touch", "d) Refu", "REFU"), ("in_touch", "NREQ", "NREQ"), ("in_touch", "f) Rhom", "RHOM"),
    ("in_touch", "No longer requires services", "NREQ"),
    ("accommodation_type", "B: Parents/relatives", "B"), ("accommodation_type", "z", "Z"),
    ("accommodation_type", "Bed and breakfast", "W"), ("accommodation_type", "No fixed abode / homeless", "S"),
    ("suitable", "Suitable", True), ("suitable", "a) Suitable", True), ("suitable", "Unsuitable", False),
    ("suitable", "b) Unsuitable", False), ("suitable", "Not suitable", False),
    ("activity", "F1: Full time in higher education", "F1"), ("activity", "G5", "G5"),
    ("activity", "F4: Young person engaged full time in an apprenticeship", "F4"),
    ("activity", "Young person engaged part time in training or employment (not apprenticeship)", "P5"),
    ("activity", "Not in education, employment or training - pregnancy or parenting", "G6"),
])
def test_label_to_code(code_set, raw, expected):
    codes = CODES["accommodation_type" if code_set == "suitable" else code_set]
    assert to_code(code_set, raw, codes) == expected


@pytest.mark.parametrize("raw, expected", [
    ("a) Yes", True), ("b) No", False), ("c) Unknown", None), ("Y", True), ("N", False), ("yes", True),
    (True, True), (0, False), (None, None), ("", None),
])
def test_yes_no(raw, expected):
    assert to_bool(raw) is expected


@pytest.mark.parametrize("code_set, raw", [
    ("sex", "z) Martian"), ("referral_source", "Carrier pigeon"), ("legal_status", "T0: Temporary"),
    ("activity", "F3"), ("in_touch", "Sometimes"),
])
def test_unmappable_values_pass_through_unchanged(code_set, raw):
    assert to_code(code_set, raw, CODES[code_set]) == raw


def test_unmappable_code_is_rejected_with_the_loaders_message(tmp_path):
    path = book(tmp_path / "bad.xlsx", {"List 1 - Contacts": [
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Date of Contact", "Contact Source"],
        ["C1", "z) Martian", "a) WBRI", None, "01/02/2025", "Carrier pigeon"],
        ["C2", "a) Male", "a) WBRI", None, "01/02/2025", "q) 6: Police"],
    ]})
    res = load(path)
    balanced(res)
    by_table = {r.table: r for r in res.rejections}
    assert set(by_table) == {"children", "contacts"}
    assert by_table["children"].column == "sex" and by_table["children"].value == "z) Martian"
    assert "is not a code from `sex`" in by_table["children"].message
    assert by_table["contacts"].row == 2 and by_table["contacts"].value == "Carrier pigeon"
    assert "is not a code from `referral_source`" in by_table["contacts"].message
    assert "[List 1 - Contacts]" in by_table["contacts"].file
    assert res.accounts["contacts"].loaded == 1


# --------------------------------------------------------------------------- workbook-level behaviour


def test_no_annex_a_sheet_is_a_clear_error(tmp_path):
    path = book(tmp_path / "budget.xlsx", {"Budget": [["Cost centre", "Amount"], ["CSC", 100]]})
    assert not AnnexA().sniff(path)
    res = load(path)
    (err,) = res.diagnostics.errors
    assert err.code == "no-annex-a-lists" and "budget.xlsx" in err.message
    assert "List N" in err.suggestion
    assert codes_of(res, "unknown-sheet")
    assert res.counts()["read"] == 0


def test_native_workbook_is_not_taken_for_annex_a(tmp_path):
    path = book(tmp_path / "native.xlsx", {
        "children": [["child_id", "date_of_birth", "sex", "ethnicity"], ["C1", "2015-01-01", "M", "WBRI"]],
        "contacts": [["contact_id", "child_id", "date", "source"], ["CT1", "C1", "2025-01-01", "6"]],
    })
    assert not AnnexA().sniff(path)
    assert not AnnexA().sniff(tmp_path)  # a folder
    (tmp_path / "notes.txt").write_text("not a workbook")
    assert not AnnexA().sniff(tmp_path / "notes.txt")


def test_lists_without_a_table_are_counted_in_a_warning(tmp_path):
    path = book(tmp_path / "all.xlsx", {
        "List 1": [["Child Unique ID", "Date of Contact", "Contact Source"], ["C1", "01/02/2025", "6"]],
        "List 2 - Early help": [["Child Unique ID", "Assessment start date", "Assessment completion date",
                                 "Organisation completing assessment"],
                                ["C9", "01/01/2025", None, "Family hub"], ["C10", "02/01/2025", None, "School"], []],
        "List 11 - Adopters": [["Notes"], ["Individual adopter identifier", "Family identifier", "Gender",
                                           "Date enquiry received"], ["A1", "F1", "a) Male", "01/01/2025"]],
    })
    res = load(path)
    balanced(res)
    warnings = {d.message for d in codes_of(res, "list-not-in-schema")}
    assert any("list 2 (early help)" in m and "2 rows were not read" in m for m in warnings)
    assert any("list 11 (adopters)" in m and "1 row was not read" in m for m in warnings)
    assert {v["child_id"] for v in values(res, "children")} == {"C1"}  # C9, C10 are early help only


def test_conflicting_child_details_warn_and_first_wins(tmp_path):
    path = book(tmp_path / "conflict.xlsx", {
        "List 1": [["Child Unique ID", "Gender", "Date of Birth", "Date of Contact"],
                   ["C1", "a) Male", "03/02/2015", "01/02/2025"]],
        "List 3": [["Child Unique ID", "Gender", "Date of Birth", "Date of referral"],
                   ["C1", "b) Female", dt.datetime(2015, 2, 3), "02/02/2025"]],
        "List 4": [["Child Unique ID", "Gender", "Does the Child have a Disability", "Continuous Assessment Start Date"],
                   ["C1", None, "a) Yes", "03/02/2025"]],
    })
    res = load(path)
    (c,) = values(res, "children")
    assert (c["sex"], c["date_of_birth"], c["disabled"]) == ("M", dt.date(2015, 2, 3), True)
    (w,) = codes_of(res, "conflicting-child")  # the date of birth agrees however it was written
    assert "`List 1` row 2" in w.message and "`List 3` row 2" in w.message and "C1" in w.message


def test_unknown_columns_are_named_and_listed(tmp_path):
    path = book(tmp_path / "extra.xlsx", {"List 1": [
        ["Child Unique ID", "Date of Contact", "Contact Source", "Child's Name", "Home postcode"],
        ["C1", "01/02/2025", "6", "Jane Doe", "AB1 2CD"],
    ]})
    res = load(path)
    names = {d.message.split("`")[1] for d in codes_of(res, "unknown-column")}
    assert names == {"Child's Name", "Home postcode"}
    assert {"Child's Name", "Home postcode"} <= set(res.accounts["contacts"].ignored_columns)
    assert all("Jane" not in str(v) for v in values(res, "contacts")[0].values())


def test_same_day_rows_get_their_own_keys(tmp_path):
    row = ["C1", "01/02/2025", "q) 6: Police"]
    path = book(tmp_path / "repeat.xlsx", {"List 1": [
        ["Child Unique ID", "Date of Contact", "Contact Source"],
        row, ["C1", "01/02/2025", "e) 2A: Schools"], list(row),
    ]})
    res = load(path)
    balanced(res)
    assert sorted(v["contact_id"] for v in values(res, "contacts")) == [
        "L1/C1/2025-02-01", "L1/C1/2025-02-01/2", "L1/C1/2025-02-01/3"]
    (w,) = codes_of(res, "repeated-row")
    assert "row 4 repeats row 2" in w.message


def test_sheet_without_its_key_column_is_an_error(tmp_path):
    path = book(tmp_path / "nokey.xlsx", {
        "List 3": [["Child Unique ID", "Referral Source"], ["C1", "6"]],
        "List 1": [["Child Unique ID", "Date of Contact"], ["C1", "01/02/2025"]],
    })
    res = load(path)
    (err,) = res.diagnostics.errors
    assert err.code == "missing-column" and "Date of referral" in err.message
    assert res.accounts["contacts"].loaded == 1 and "referrals" not in res.accounts


def test_sheet_named_list_n_without_a_header_is_an_error_a_summary_sheet_only_a_warning(tmp_path):
    path = book(tmp_path / "nohead.xlsx", {
        "List 7": [["Plans by category"], ["Neglect", 12]],
        "Summary of contacts": [["Month", "Contacts"], ["January", 120]],
        "List 1": [["Child Unique ID", "Date of Contact"], ["C1", "01/02/2025"]],
    })
    res = load(path)
    (err,) = res.diagnostics.errors
    assert err.code == "no-header" and "`List 7`" in err.message
    (warn,) = [d for d in codes_of(res, "no-header") if not d.is_error]
    assert "`Summary of contacts`" in warn.message
    assert res.accounts["contacts"].loaded == 1


def test_carries_names_what_annex_a_can_fill():
    from checker.data.readers.annex_a import CARRIES

    assert CARRIES["strategy_discussions"] == {"strategy_id", "child_id", "date", "s47_decided"}
    assert "type" in CARRIES["assessments"] and "strategy_id" in CARRIES["s47_enquiries"]
    assert "decision_date" not in CARRIES["contacts"] and "date" in CARRIES["contacts"]
    assert CARRIES["visits"] >= {"visit_id", "child_id", "type", "date", "seen", "seen_alone"}
    for table, fields in CARRIES.items():
        assert fields <= set(SCHEMA.tables[table].fields), table


def test_list_8_iro_dental_missing_and_permanence_columns(tmp_path):
    """List 8's IRO visit, dental check, missing/absent counts and return interviews are read onto
    the period of care; the permanence plan (else the placement type) gives placement_long_term."""
    head = ["Child Unique ID", "Date Started to be Looked After", "Placement Type",
            "What is the permanence plan for this child?", "Date of Last IRO Visit / Contact to the Child",
            "Date of Last Dental Check",
            "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
            "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
            "Was the child offered a Return Interview after their last missing episode (Y/N)?",
            "Did the child accept a Return Interview after their last missing episode (Y/N)?"]
    rows = [head,
            ["C1", "01/01/2023", "U6: Foster placement", "f) Long-term fostering", "03/02/2025", "04/01/2025", 2, 0,
             "Y", "N"],
            ["C2", "01/01/2023", "K2: Children's home", "a) Return to family", None, None, None, None, None, None],
            ["C3", "01/01/2023", "U4: Foster placement", None, None, None, 0, 1, "b) No", None],
            ["C4", "01/01/2023", "K2: Children's home", None, None, None, None, None, None, None],
            ["C5", "01/01/2023", "U5: Foster placement", "e) Long-term residential placement", None, None, None,
             None, None, None]]
    res = load(book(tmp_path / "a.xlsx", {"List 8": rows}))
    assert not res.diagnostics.errors and res.rejections == []
    got = {v["child_id"]: v for v in values(res, "care_periods")}
    assert got["C1"]["iro_visit_date"] == dt.date(2025, 2, 3) and got["C1"]["dental_check_date"] == dt.date(2025, 1, 4)
    assert (got["C1"]["missing_episodes_12m"], got["C1"]["absent_episodes_12m"]) == (2, 0)
    assert (got["C1"]["return_interview_offered"], got["C1"]["return_interview_accepted"]) == (True, False)
    assert got["C3"]["return_interview_offered"] is False and got["C3"]["return_interview_accepted"] is None
    assert {c: got[c]["placement_long_term"] for c in got} == {"C1": True, "C2": False, "C3": True, "C4": None,
                                                               "C5": True}
    assert "placement_long_term" not in res.absent_fields("care_periods", SCHEMA)


def test_list_3_referrals_in_last_12_months(tmp_path):
    rows = [["Child Unique ID", "Date of referral", "Number of Referrals in Last 12 Months"],
            ["C1", "01/03/2025", 3], ["C2", "02/03/2025", None]]
    res = load(book(tmp_path / "a.xlsx", {"List 3": rows}))
    got = {v["child_id"]: v["referrals_last_12_months"] for v in values(res, "referrals")}
    assert got == {"C1": 3, "C2": None}


def test_missing_episodes_are_written_as_list_8_counts(tmp_path):
    """The writer counts a period's missing (M) and away (A) episodes in the 12 months to its end (or
    as_at), and says whether a return interview was offered after the last missing one."""
    tables = {
        "children": [{"child_id": "C1", "sex": "F", "date_of_birth": dt.date(2010, 1, 1)}],
        "care_periods": [{"period_id": "P1", "child_id": "C1", "start_date": dt.date(2023, 1, 1),
                          "placement_type": "U4", "placement_long_term": True}],
        "missing_episodes": [
            {"episode_id": "M1", "child_id": "C1", "type": "M", "start_date": dt.date(2024, 3, 1)},  # over 12 months
            {"episode_id": "M2", "child_id": "C1", "type": "M", "start_date": dt.date(2024, 6, 1),
             "end_date": dt.date(2024, 6, 2)},
            {"episode_id": "M3", "child_id": "C1", "type": "A", "start_date": dt.date(2024, 9, 1)},
            {"episode_id": "M4", "child_id": "C1", "type": "M", "start_date": dt.date(2025, 1, 5),
             "end_date": dt.date(2025, 1, 6), "rhi_offered_date": dt.date(2025, 1, 7), "rhi_accepted": False},
        ],
    }
    path = tmp_path / "a.xlsx"
    write(tables, SCHEMA, path, dt.date(2025, 3, 31))
    (got,) = values(load(path), "care_periods")
    assert (got["missing_episodes_12m"], got["absent_episodes_12m"]) == (2, 1)
    assert (got["return_interview_offered"], got["return_interview_accepted"]) == (True, False)
    assert got["placement_long_term"] is True
