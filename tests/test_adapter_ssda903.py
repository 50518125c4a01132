"""The SSDA903 adapter: the children looked after return's CSV files onto the
csc schema. Round trip on a generated council, then the 903's own structure:
episodes collapsed into periods of care, reviews linked to them, OC3's
accommodation codes, and the files csc has no table for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.data.load import load_data
from checker.data.readers import detect
from checker.data.readers.native import write_csv_folder
from checker.data.readers.ssda903 import COLLAPSED, LONG_TERM_FOSTER, OC2_ON_PERIOD, OC2_UNPLACED, Ssda903, excluded_reason
from checker.data.readers.ssda903_write import placement_starts, placements_by_period, write
from checker.errors import Diagnostics
from checker.schema import builtin_schema_path, load_schema
from checker.tools.generate import generate
from checker.workdays import add_months

SCHEMA = load_schema(builtin_schema_path("csc"))
AS_AT = dt.date(2025, 3, 31)
D = dt.date


@pytest.fixture(scope="module")
def council():
    return generate(300, 2025, "adequate", AS_AT)


@pytest.fixture(scope="module")
def folder(council, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("s903")
    write(council.tables, SCHEMA, out, AS_AT)
    return out


@pytest.fixture(scope="module")
def loaded(folder):
    return load_data(folder, SCHEMA, "ssda903")


def _by_key(result, table):
    return {r.key: r.values for r in result.dataset.tables[table]}


def _errors(result):
    return [d.render() for d in result.diagnostics.errors]


# --------------------------------------------------------------------------- round trip


def test_round_trip_clean(loaded):
    assert _errors(loaded) == []
    assert loaded.diagnostics.warnings == []
    assert loaded.rejections == []
    assert [i for i in loaded.integrity if i.check == "orphan"] == []
    for name, acc in loaded.accounts.items():
        assert acc.balanced(), name
    assert sorted(loaded.accounts) == ["care_leavers", "care_periods", "case_allocations", "children", "lac_reviews",
                                       "missing_episodes", "placements"]


def test_round_trip_children(council, loaded):
    t = council.tables
    population = {p["child_id"] for p in t["care_periods"]} | {r["child_id"] for r in t["lac_reviews"]} | {c["child_id"] for c in t["care_leavers"]}
    got = _by_key(loaded, "children")
    assert set(got) == population
    for c in t["children"]:
        if c["child_id"] not in population:
            continue
        g = got[c["child_id"]]
        for f in ("child_id", "date_of_birth", "ethnicity", "uasc"):
            assert g[f] == c[f], (c["child_id"], f)
        # SEX is M, F or U in the 2024/25 return; a sex csc does not have is written blank
        assert g["sex"] == (c["sex"] if c["sex"] in ("M", "F", "U") else None)
        # not in the 903
        assert g["disabled"] is None and g["expected_date_of_birth"] is None
    assert any(g["uasc"] for g in got.values()) and not all(g["uasc"] for g in got.values())


def _runs(council, p) -> list[tuple]:
    """The placements write() writes for period ``p``: (start, end, PLACE), from the generator's
    placements table (every generated period has its placements there)."""
    held = placements_by_period(council.tables["placements"], [p])[p["period_id"]]
    ends = [s for s, _ in held[1:]] + [p["end_date"]]
    return [(s, e, place) for (s, place), e in zip(held, ends)]


def _expected_moves(council, p) -> int:
    """placements_last_12_months as the reader derives it from what write() wrote."""
    ref = p["end_date"] or AS_AT
    twelve = add_months(ref, -12)
    return sum(1 for s, e, _ in _runs(council, p) if s <= ref and (e is None or e > twelve))


def test_round_trip_periods(council, loaded):
    got = _by_key(loaded, "care_periods")
    source = council.tables["care_periods"]
    assert len(got) == len(source)
    for p in source:
        key = f"{p['child_id']}/{p['start_date'].isoformat()}"
        g = got[key]
        assert g["period_id"] == key
        for f in ("child_id", "start_date", "end_date", "legal_status", "placement_type", "placement_start_date"):
            assert g[f] == p[f], (key, f, g[f], p[f])
        # derived, not carried
        assert g["placements_last_12_months"] == _expected_moves(council, p), key
        assert g["placement_long_term"] == LONG_TERM_FOSTER.get(p["placement_type"]), key
        assert g["worker_id"] is None and g["team"] is None
    acc = loaded.accounts["care_periods"]
    more = sum(len(_runs(council, p)) - 1 for p in source)
    assert more > 0
    assert acc.read == len(source) + more and acc.excluded == {COLLAPSED: more}
    # the moves the generator planted come back
    same = [p for p in source if got[f"{p['child_id']}/{p['start_date'].isoformat()}"]["placements_last_12_months"]
            == p["placements_last_12_months"]]
    assert any(p["placements_last_12_months"] >= 2 for p in same)
    assert len(same) == len(source)


def test_placements_come_from_the_episodes(council, loaded):
    """Every placement of a period of care comes back as the generator made it (the placements
    table: its dates and its own PLACE, not the period's current one), from the episodes: one per
    episode that is not a change of legal status only, to the next one's start or the period's
    end (LAC-PLACEMENT-VISIT-1W's subject)."""
    got = _by_key(loaded, "placements")
    periods = {p["period_id"]: p for p in council.tables["care_periods"]}
    want = {}
    for pl in council.tables["placements"]:
        p = periods[pl["period_id"]]
        period = f"{p['child_id']}/{p['start_date'].isoformat()}"
        want[f"{period}/{pl['start_date'].isoformat()}"] = (pl["child_id"], period, pl["start_date"], pl["end_date"],
                                                              pl["placement_type"])
    assert {k: (g["child_id"], g["period_id"], g["start_date"], g["end_date"], g["placement_type"])
            for k, g in got.items()} == want
    # earlier placements keep their own types: not all the period's current one
    assert any(pl["placement_type"] != periods[pl["period_id"]]["placement_type"] for pl in council.tables["placements"])
    current = {p["period_id"]: p["placement_type"] for p in _by_key(loaded, "care_periods").values()}
    last = {}
    for g in sorted(got.values(), key=lambda g: g["start_date"]):
        last[g["period_id"]] = g["placement_type"]
    assert {k: v for k, v in last.items() if v not in ("T0", "T1", "T2", "T3", "T4")} == \
        {k: v for k, v in current.items() if k in last and last[k] not in ("T0", "T1", "T2", "T3", "T4")}
    assert loaded.accounts["placements"].balanced()


def test_placements_written_from_the_table(tmp_path):
    """A period's placements are written from the placements table, each its own episode with its
    own PLACE (RNE S, then P, joined by X1), and read back the same; a period whose placements do
    not end with its current placement falls back to its count of moves."""
    period = {"period_id": "P1", "child_id": "A", "start_date": D(2023, 6, 1), "end_date": None, "legal_status": "C2",
              "placement_type": "U4", "placement_start_date": D(2025, 1, 6), "placements_last_12_months": 3}
    placed = [("PL1", D(2023, 6, 1), D(2024, 5, 2), "K2"), ("PL2", D(2024, 5, 2), D(2024, 5, 3), "T1"),
              ("PL3", D(2024, 5, 3), D(2025, 1, 6), "U6"), ("PL4", D(2025, 1, 6), None, "U4")]
    tables = {"children": [{"child_id": "A", "sex": "M", "date_of_birth": D(2012, 1, 1)}], "care_periods": [period],
              "placements": [{"placement_id": i, "child_id": "A", "period_id": "P1", "start_date": s, "end_date": e,
                              "placement_type": t} for i, s, e, t in placed]}
    write(tables, SCHEMA, tmp_path, AS_AT)
    lines = (tmp_path / "episodes.csv").read_text().splitlines()[1:]
    assert lines == ["A,01/06/2023,S,C2,,K2,,02/05/2024,X1,,,,", "A,02/05/2024,P,C2,,T1,,03/05/2024,X1,,,,",
                     "A,03/05/2024,P,C2,,U6,,06/01/2025,X1,,,,", "A,06/01/2025,P,C2,,U4,,,,,,,"]
    r = load_data(tmp_path, SCHEMA, "ssda903")
    got = sorted((g.values["start_date"], g.values["end_date"], g.values["placement_type"])
                 for g in r.dataset.tables["placements"])
    assert got == [(s, e, t) for _, s, e, t in placed]
    (p,) = r.dataset.tables["care_periods"]
    # K2, U6 and U4 were in force in the 12 months to 31 March 2025; T1 (temporary) is not counted
    assert p.values["placements_last_12_months"] == 3 and p.values["placement_type"] == "U4"
    # the table's last placement is not the period's current one: the moves are spread as before
    tables["placements"] = tables["placements"][:3]
    write(tables, SCHEMA, tmp_path, AS_AT)
    lines = (tmp_path / "episodes.csv").read_text().splitlines()[1:]
    assert len(lines) == 3 and {line.split(",")[5] for line in lines} == {"U4"}


def test_a_change_of_legal_status_only_continues_the_placement(tmp_path):
    f = tmp_path / "r"
    f.mkdir()
    _csv(f, "header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB", "A,1,01/01/2015,WBRI,,,")
    _csv(f, "episodes.csv", EPISODES,
         "A,01/05/2024,S,C2,N1,U4,PR1,01/06/2024,X1,,,,",
         "A,01/06/2024,L,C1,N1,U4,PR1,01/09/2024,X1,,,,",
         "A,01/09/2024,P,C1,N1,K2,PR1,,,CHIL,,,")
    result = load_data(f, SCHEMA, as_at=AS_AT)
    got = sorted((g["start_date"], g["end_date"], g["placement_type"]) for g in _by_key(result, "placements").values())
    assert got == [(dt.date(2024, 5, 1), dt.date(2024, 9, 1), "U4"), (dt.date(2024, 9, 1), None, "K2")]
    acc = result.accounts["placements"]
    assert acc.read == 3 and sum(acc.excluded.values()) == 1 and acc.balanced()


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_planted_moves_come_back(tmp_path, n):
    """A period with n placements in the 12 months to the year end is written as n episodes
    (S, then P at each move) and read back as n placements."""
    period = {"period_id": "P1", "child_id": "A", "start_date": D(2023, 6, 1), "end_date": None, "legal_status": "C2",
              "placement_type": "U4", "placement_start_date": D(2025, 1, 6), "placements_last_12_months": n}
    tables = {"children": [{"child_id": "A", "sex": "M", "date_of_birth": D(2012, 1, 1)}], "care_periods": [period]}
    write(tables, SCHEMA, tmp_path, AS_AT)
    r = load_data(tmp_path, SCHEMA, "ssda903")
    (got,) = r.dataset.tables["care_periods"]
    # one placement written only when n is 1 and the current placement began the period: here 2 at least
    assert got.values["placements_last_12_months"] == max(n, 2)
    assert got.values["placement_start_date"] == D(2025, 1, 6)
    assert len(placement_starts(period, AS_AT)) == max(n, 2)


def test_round_trip_reviews(council, loaded):
    got = _by_key(loaded, "lac_reviews")
    periods = {p["period_id"]: f"{p['child_id']}/{p['start_date'].isoformat()}" for p in council.tables["care_periods"]}
    source = council.tables["lac_reviews"]
    assert len(got) == len(source)
    for r in source:
        key = f"{r['child_id']}/{r['date'].isoformat()}"
        g = got[key]
        assert (g["child_id"], g["date"], g["child_participated"]) == (r["child_id"], r["date"], r["child_participated"])
        assert g["period_id"] == periods[r["period_id"]]


def test_round_trip_care_leavers(council, loaded):
    got = _by_key(loaded, "care_leavers")
    source = council.tables["care_leavers"]
    assert len(got) == len(source)
    for c in source:
        g = got[c["child_id"]]
        for f in ("in_touch", "activity", "accommodation", "accommodation_suitable"):
            assert g[f] == c[f], (c["child_id"], f)
        assert g["eligibility"] is None and g["personal_adviser_id"] is None and g["last_contact_date"] is None
    assert {g["accommodation_suitable"] for g in got.values()} == {True, False}


def test_two_writes_identical(council, folder, tmp_path):
    write(council.tables, SCHEMA, tmp_path, AS_AT)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["ad1.csv", "episodes.csv", "header.csv", "missing.csv", "oc2.csv", "oc3.csv", "placed_adoption.csv",
                     "prev_perm.csv", "reviews.csv", "sw_episodes.csv", "uasc.csv"]
    for n in names:
        assert (tmp_path / n).read_bytes() == (folder / n).read_bytes(), n


def test_detected_by_columns_not_names(folder, tmp_path, council):
    assert detect(folder, Diagnostics()) == "ssda903"
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    for i, p in enumerate(sorted(folder.iterdir())):
        (renamed / f"SSDA903_2025_file{i}.CSV").write_bytes(p.read_bytes())
    r = load_data(renamed, SCHEMA)
    assert r.format == "ssda903"
    assert r.counts() == load_data(folder, SCHEMA, "ssda903").counts()
    native = tmp_path / "native"
    write_csv_folder(council.tables, SCHEMA, native)
    assert not Ssda903().sniff(native)
    assert detect(native, Diagnostics()) == "csv"


# --------------------------------------------------------------------------- the 903's structure


def _csv(folder: Path, name: str, header: str, *rows: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"


def _return(tmp_path: Path) -> Path:
    f = tmp_path / "return"
    _csv(f, "903 Header 2024-25.csv", HEADER,
         "A,1,01/01/2010,WBRI,UN1,,", "B,2,02/02/2012,BAFR,,,", "C,1,03/03/2008,WOTH,,,", "D,2,04/04/2015,AIND,,,",
         "E,1,05/05/2009,CHNE,,,")
    _csv(f, "eps.csv", EPISODES,
         # A: S, then a new placement (P), then a legal status change only (L): one period
         "A,01/04/2023,S,V2,N1,U6,PR1,01/06/2023,X1,,,,",
         "A,01/06/2023,P,V2,N1,U4,PR1,01/09/2023,X1,CARPL,,,",
         "A,01/09/2023,L,C2,N1,U4,PR1,01/12/2024,E13,,,,",
         # B: X1 then a gap of five days: two periods
         "B,01/01/2024,S,C1,N1,U5,PR1,10/02/2024,X1,,,,",
         "B,15/02/2024,P,C1,N1,K2,PR4,,,,,,",
         # C: left care (E4A) and came back the same day: two periods
         "C,01/05/2024,S,V2,N4,U6,PR1,01/06/2024,E4A,,,,",
         "C,01/06/2024,S,V2,N4,H5,PR4,,,,,,",
         # D: ends with X1 and nothing follows: open, and warned about
         "D,01/10/2024,S,V2,N1,U6,PR1,01/11/2024,X1,,,,",
         # E: a temporary hospital stay does not replace the placement
         "E,01/07/2024,S,C2,N1,U4,PR1,01/02/2025,X1,,,,",
         "E,01/02/2025,P,C2,N1,T1,PR3,,,,,,",
         # listed out of order: episodes are sorted by child and start
         "A,01/12/2024,S,V2,N1,R1,PR1,,,,,,")
    return f


def test_episodes_collapse_into_periods(tmp_path):
    r = load_data(_return(tmp_path), SCHEMA, "ssda903")
    assert _errors(r) == [] and r.rejections == []
    got = _by_key(r, "care_periods")
    assert sorted(got) == ["A/2023-04-01", "A/2024-12-01", "B/2024-01-01", "B/2024-02-15", "C/2024-05-01", "C/2024-06-01", "D/2024-10-01", "E/2024-07-01"]
    a = got["A/2023-04-01"]
    assert (a["start_date"], a["end_date"]) == (D(2023, 4, 1), D(2024, 12, 1))
    assert a["legal_status"] == "C2" and a["placement_type"] == "U4"
    # the L episode changed the legal status, not the placement
    assert a["placement_start_date"] == D(2023, 6, 1)
    assert a["placement_long_term"] is True
    # placements in force in the 12 months to the period's end (2023-12-01 .. 2024-12-01): only U4
    assert a["placements_last_12_months"] == 1
    a2 = got["A/2024-12-01"]
    assert a2["end_date"] is None and a2["placement_type"] == "R1" and a2["placement_long_term"] is None
    b1, b2 = got["B/2024-01-01"], got["B/2024-02-15"]
    assert b1["end_date"] == D(2024, 2, 10)  # ended X1, but the next episode starts after a gap
    assert b2["start_date"] == D(2024, 2, 15) and b2["placement_type"] == "K2"
    c1, c2 = got["C/2024-05-01"], got["C/2024-06-01"]
    assert c1["end_date"] == D(2024, 6, 1) and c2["end_date"] is None
    d = got["D/2024-10-01"]
    assert d["end_date"] is None  # ended X1 and nothing follows: still looked after
    e = got["E/2024-07-01"]
    assert e["placement_type"] == "U4" and e["placement_start_date"] == D(2024, 7, 1) and e["legal_status"] == "C2"
    # open periods count to the collection year's end, 2025-03-31 (latest date in the file is 2025-02-01)
    assert e["placements_last_12_months"] == 1
    # row numbers are the first episode's line; the others are counted as collapsed
    assert r.dataset.tables["care_periods"][0].line == 2
    acc = r.accounts["care_periods"]
    assert acc.read == 11 and acc.loaded == 8 and acc.excluded == {COLLAPSED: 3} and acc.balanced()
    assert sorted(acc.ignored_columns) == ["CIN", "HOME_POST", "PLACE_PROVIDER", "PL_POST", "REASON_PLACE_CHANGE", "URN"]
    dangling = [w for w in r.diagnostics.warnings if w.code == "dangling-x1"]
    assert len(dangling) == 1 and dangling[0].message.startswith("2 periods")


def test_placements_in_the_last_12_months(tmp_path):
    f = tmp_path / "m"
    _csv(f, "h.csv", HEADER, "A,1,01/01/2010,WBRI,,,")
    _csv(f, "e.csv", EPISODES,
         "A,01/01/2020,S,C2,N1,U4,,01/06/2024,X1,,,,",  # in force 01/04/2024 .. 01/06/2024
         "A,01/06/2024,P,C2,N1,U6,,01/07/2024,X1,,,,",
         "A,01/07/2024,L,C2,N1,U6,,01/08/2024,X1,,,,",  # not a new placement
         "A,01/08/2024,T,C2,N1,U5,,01/09/2024,X1,,,,",
         "A,01/09/2024,P,C2,N1,T4,,08/09/2024,X1,,,,",  # temporary: not counted
         "A,08/09/2024,P,C2,N1,U5,,,,,,,")
    r = load_data(f, SCHEMA, "ssda903")
    (p,) = r.dataset.tables["care_periods"]
    assert p.values["placements_last_12_months"] == 4  # U4, U6, U5, U5
    assert p.values["placement_type"] == "U5" and p.values["placement_start_date"] == D(2024, 9, 8)


def test_reviews_link_to_the_period_that_holds_them(tmp_path):
    f = _return(tmp_path)
    _csv(f, "rev.csv", "CHILD,DOB,REVIEW,REVIEW_CODE",
         "B,02/02/2012,20/01/2024,PN0",   # in B's first period
         "B,02/02/2012,12/02/2024,PN4",   # in the gap between B's periods
         "B,02/02/2012,01/03/2024,PN7",   # in B's second period
         "C,03/03/2008,01/06/2024,PN1",   # on the day C left and came back: the later period
         "A,01/01/2010,2024-01-05,PN6",   # ISO dates are read too
         "Z,01/01/2010,01/01/2024,PN2",   # a child with no periods
         "A,01/01/2010,02/01/2024,PN9")   # not a participation code
    r = load_data(f, SCHEMA, "ssda903")
    got = _by_key(r, "lac_reviews")
    assert got["B/2024-01-20"]["period_id"] == "B/2024-01-01"
    assert got["B/2024-02-12"]["period_id"] is None
    assert got["B/2024-03-01"]["period_id"] == "B/2024-02-15"
    assert got["C/2024-06-01"]["period_id"] == "C/2024-06-01"
    assert got["A/2024-01-05"]["period_id"] == "A/2023-04-01"
    assert got["Z/2024-01-01"]["period_id"] is None
    # PN0: under 4, not applicable; PN1-PN6 took part; PN7 did not
    assert [got[k]["child_participated"] for k in ("B/2024-01-20", "B/2024-02-12", "B/2024-03-01", "C/2024-06-01", "A/2024-01-05")] == [None, True, False, True, True]
    (rej,) = r.rejections
    assert rej.table == "lac_reviews" and rej.row == 8 and "PN9" in rej.message and rej.reason == "bad value"
    unlinked = [w for w in r.diagnostics.warnings if w.code == "unlinked-review"]
    assert len(unlinked) == 1 and unlinked[0].message.startswith("2 reviews")
    assert r.accounts["lac_reviews"].balanced() and r.accounts["lac_reviews"].ignored_columns == ["DOB"]
    # Z is not in the Header: an orphan, reported by the loader's integrity check
    assert [(i.table, i.key) for i in r.integrity if i.check == "orphan"] == [("lac_reviews", "Z/2024-01-01")]


def test_oc3_accommodation_letter_and_suitability(tmp_path):
    f = tmp_path / "oc3"
    _csv(f, "header.csv", HEADER, *[f"{c},1,01/01/2005,WBRI,,," for c in "ABCDEF"])
    _csv(f, "oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM",
         "A,01/01/2005,YES,F2,B1", "B,01/01/2005,YES,G5,W2", "C,01/01/2005,DIED,0,0",
         "D,01/01/2005,no,F4,z", "E,01/01/2005,YES,F2,B3", "F,01/01/2005,YES,F2,")
    r = load_data(f, SCHEMA, "ssda903")
    got = _by_key(r, "care_leavers")
    pick = lambda k: tuple(got[k][x] for x in ("in_touch", "activity", "accommodation", "accommodation_suitable"))
    assert pick("A") == ("YES", "F2", "B", True)
    assert pick("B") == ("YES", "G5", "W", False)
    assert pick("C") == ("DIED", None, None, None)
    assert pick("D") == ("NO", "F4", "Z", None)
    assert pick("F") == ("YES", "F2", None, None)
    (rej,) = r.rejections
    assert rej.table == "care_leavers" and rej.row == 6 and "ACCOM `B3`" in rej.message
    assert r.accounts["care_leavers"].balanced()


def test_files_with_no_table_are_counted_as_excluded(tmp_path):
    f = _return(tmp_path)
    _csv(f, "miss.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END", "A,01/01/2010,M,01/05/2023,02/05/2023", "A,01/01/2010,A,03/05/2023,", "B,02/02/2012,M,01/03/2024,03/03/2024")
    _csv(f, "outcomes.csv", "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED",
         "A,01/01/2010,12,,0,1,1,1,1,0,,")
    _csv(f, "uasc.csv", "CHILD,SEX,DOB,DUC", "B,2,02/02/2012,")
    _csv(f, "sw.csv", "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON", "A,01/01/2010,SW1,01/04/2023,,", "B,02/02/2012,SW2,01/01/2024,,")
    _csv(f, "ad1.csv", "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR", "D,04/04/2015,01/01/2025,01/02/2025,0,2,MF,L0")
    _csv(f, "notes.csv", "what,why", "a,b")
    r = load_data(f, SCHEMA, "ssda903")
    assert _errors(r) == [] and r.rejections == []
    acc = r.accounts["children"]
    # Missing, SWEpisodes and OC2 have their tables now (test_missing_sw_and_oc2_files)
    assert dict(acc.excluded) == {
        OC2_ON_PERIOD: 1,
        excluded_reason("UASC"): 1,
        excluded_reason("AD1"): 1,
    }
    assert excluded_reason("AD1") == "SSDA903 AD1 file: no table in the schema"
    assert acc.read == 5 + 3 and acc.loaded == 5 and acc.balanced()
    assert sorted(acc.ignored_columns) == ["MC_DOB", "MOTHER", "UPN"]
    kids = _by_key(r, "children")
    assert kids["B"]["uasc"] is True and kids["A"]["uasc"] is False
    assert kids["A"]["sex"] == "M" and kids["B"]["sex"] == "F" and kids["B"]["date_of_birth"] == D(2012, 2, 2)
    for name, a in r.accounts.items():
        assert a.balanced(), name
    c = r.counts()
    assert c["read"] == c["evaluated"] + c["excluded"] + c["rejected"]
    notes = [w for w in r.diagnostics.warnings if w.code == "unknown-table"]
    assert len(notes) == 1 and "notes.csv" in notes[0].message


def test_missing_sw_and_oc2_files(tmp_path):
    """Missing -> missing_episodes, SWEpisodes -> case_allocations (SW_ID is an ID, never a name),
    OC2's flags -> the child's period of care open at the year end; bad rows rejected, counted."""
    f = _return(tmp_path)
    _csv(f, "miss.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END", "A,01/01/2010,M,01/05/2023,02/05/2023",
         "A,01/01/2010,A,03/05/2023,", "B,02/02/2012,X,01/03/2024,03/03/2024", ",01/01/2010,M,01/05/2023,")
    _csv(f, "oc2.csv", "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
         "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED",
         "A,01/01/2010,12,,0,1,0,,1,0,,", "B,02/02/2012,,,0,0,1,1,1,0,,", "Z,02/02/2012,,,0,1,1,1,1,0,,",
         "E,05/05/2009,,,0,2,1,1,1,0,,")
    _csv(f, "sw.csv", "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON", "A,01/01/2010,SW1,01/04/2023,01/10/2024,MGMAL",
         "A,01/01/2010,SW2,01/10/2024,,", "B,02/02/2012,,01/01/2024,,", "B,02/02/2012,SW3,,,")
    r = load_data(f, SCHEMA, "ssda903")
    assert _errors(r) == []
    missing = sorted((m.values["child_id"], m.values["type"], m.values["start_date"], m.values["end_date"])
                     for m in r.dataset.tables["missing_episodes"])
    assert missing == [("A", "A", D(2023, 5, 3), None), ("A", "M", D(2023, 5, 1), D(2023, 5, 2))]
    alloc = sorted((a.values["child_id"], a.values["worker_id"], a.values["start_date"], a.values["end_date"])
                   for a in r.dataset.tables["case_allocations"])
    assert alloc == [("A", "SW1", D(2023, 4, 1), D(2024, 10, 1)), ("A", "SW2", D(2024, 10, 1), None),
                     ("B", None, D(2024, 1, 1), None)]
    periods = _by_key(r, "care_periods")
    flags = ("health_check_up_to_date", "immunisations_up_to_date", "dental_check_up_to_date")
    assert tuple(periods["A/2024-12-01"][x] for x in flags) == (True, False, None)
    assert tuple(periods["B/2024-02-15"][x] for x in flags) == (False, True, True)  # open at the year end
    assert tuple(periods["B/2024-01-01"][x] for x in flags) == (None, None, None)  # ended before it
    rejected = sorted((x.table, x.row) for x in r.rejections)
    assert rejected == [("case_allocations", 5), ("children", 5), ("missing_episodes", 4), ("missing_episodes", 5)]
    assert "HEALTH_CHECK `2`" in next(x.message for x in r.rejections if x.table == "children")
    assert r.accounts["children"].excluded[OC2_UNPLACED] == 1  # Z has no period of care
    assert any(w.code == "unlinked-oc2" and "`Z`" in w.message for w in r.diagnostics.warnings)
    for name, a in r.accounts.items():
        assert a.balanced(), name


def test_no_oc2_file_means_health_flags_not_carried(tmp_path):
    r = load_data(_return(tmp_path), SCHEMA, "ssda903")
    assert "health_check_up_to_date" in r.absent_fields("care_periods", SCHEMA)
    assert "placement_type" not in r.absent_fields("care_periods", SCHEMA)


def test_no_uasc_file_leaves_uasc_blank(tmp_path):
    r = load_data(_return(tmp_path), SCHEMA, "ssda903")
    assert {v["uasc"] for v in _by_key(r, "children").values()} == {None}


def test_bad_rows_are_rejected_and_counted(tmp_path):
    f = tmp_path / "bad"
    _csv(f, "header.csv", HEADER, "A,1,01/01/2010,WBRI,,,", "B,3,31/02/2010,WBRI,,,", "C,1,01/01/2010", "", "A,2,01/01/2011,WBRI,,,")
    _csv(f, "episodes.csv", EPISODES,
         "A,01/04/2023,S,V2,,U6,,,,,,,",
         ",01/04/2023,S,V2,,U6,,,,,,,",
         "A,1st April,S,V2,,U6,,,,,,,",
         "A,01/05/2023,S,V2,,U6,,yesterday,E8,,,,",
         "A,01/06/2023,S,XX,,U6,,,,,,,")
    r = load_data(f, SCHEMA, "ssda903")
    kids = r.accounts["children"]
    # B: SEX 3 is not a sex, (and 31 February is not a date); the second A: duplicate key; C has too
    # few cells: the missing trailing ones are blank, as the DfE validator (pandas) reads them, and said
    assert kids.read == 4 and kids.loaded == 2 and dict(kids.rejected) == {"bad value": 1, "duplicate key": 1}
    assert _by_key(r, "children")["C"]["ethnicity"] is None
    assert any(d.code == "short-row" and "row 4 has 3 cells" in d.message for d in r.diagnostics.warnings)
    eps = r.accounts["care_periods"]
    assert eps.read == 5 and eps.loaded == 1
    assert dict(eps.rejected) == {"missing required value": 1, "bad value": 3}
    msgs = [x.message for x in r.rejections if x.table == "care_periods"]
    assert any("DECOM `1st April`" in m for m in msgs) and any("DEC `yesterday`" in m for m in msgs)
    assert any("`XX` is not a code from `legal_status`" in m for m in msgs)
    for a in r.accounts.values():
        assert a.balanced()


def test_previous_years_file_is_not_read(tmp_path):
    f = tmp_path / "two"
    _csv(f, "header.csv", HEADER, "A,1,01/01/2010,WBRI,,,")
    _csv(f, "header_last.csv", HEADER, "A,1,01/01/2010,WBRI,,,", "B,1,01/01/2010,WBRI,,,")
    r = load_data(f, SCHEMA, "ssda903")
    assert [x.key for x in r.dataset.tables["children"]] == ["A"]
    assert any(w.code == "duplicate-table" and "header_last.csv" in w.message for w in r.diagnostics.warnings)
    _csv(f, "header2.csv", HEADER, "C,1,01/01/2010,WBRI,,,")
    r = load_data(f, SCHEMA, "ssda903")
    assert any(e.code == "duplicate-table" for e in r.diagnostics.errors)


def test_missing_required_column_and_unknown_columns(tmp_path):
    f = tmp_path / "cols"
    _csv(f, "header.csv", "CHILD,SEX,DOB,ETHNIC,SURNAME", "A,1,01/01/2010,WBRI,Smith")
    _csv(f, "episodes.csv", "CHILD,RNE,LS,PLACE,DEC,REC,DECOM_X", "A,S,V2,U6,,,")
    _csv(f, "reviews.csv", "CHILD,REVIEW_CODE", "A,PN1")
    r = load_data(f, SCHEMA, "ssda903")
    # an episodes-like file without DECOM is not recognised as Episodes; Reviews without REVIEW is unusable
    errs = [e.message for e in r.diagnostics.errors]
    assert any("has no column `REVIEW`" in m for m in errs)
    warns = {w.code: w.message for w in r.diagnostics.warnings}
    assert "SURNAME" in warns["unknown-column"]
    assert r.accounts["children"].ignored_columns == ["SURNAME"]
    assert "SURNAME" not in r.dataset.tables["children"][0].values


def test_not_a_903_folder(tmp_path):
    f = tmp_path / "x"
    _csv(f, "a.csv", "id,name", "1,x")
    assert not Ssda903().sniff(f)
    assert not Ssda903().sniff(f / "a.csv")
    r = load_data(f, SCHEMA, "ssda903")
    assert [e.code for e in r.diagnostics.errors] == ["no-tables"]


def test_semicolons_and_windows_1252(tmp_path):
    f = tmp_path / "w"
    f.mkdir()
    (f / "header.csv").write_bytes("CHILD;SEX;DOB;ETHNIC\r\nA\xe9;1;01/01/2010;WBRI\r\n".encode("cp1252"))
    r = load_data(f, SCHEMA)
    assert r.format == "ssda903"
    assert [x.key for x in r.dataset.tables["children"]] == ["A\u00e9"]
    assert {w.code for w in r.diagnostics.warnings} >= {"delimiter", "encoding"}
