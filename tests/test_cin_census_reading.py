"""How the CIN reader's census mode (the ``cin-census`` schema) reads values: as the census's
XSD types them (README, "Data quality first"; rules/dfe-cin/DIFFERENCES.md, "Reading").

- dates (xs:date), the header Year (xs:gYear) and NumberOfPreviousCPP (an integer) collapse
  whitespace; a date is YYYY-MM-DD (a time zone after it ignored), nothing else;
- codes, true/false items, IDs and UPNs are restrictions of xs:string, which keeps whitespace:
  read exactly as sent; the true/false spellings are true, false, TRUE, FALSE, 1, 0.
"""

from __future__ import annotations

import datetime as _dt
import json

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.data.coerce import coerce, column_converter
from checker.data.load import load_data
from checker.data.readers import cin_census
from checker.data.readers.base import RawRow
from checker.errors import Diagnostics
from checker.packs.pack import load_pack

AS_AT = _dt.date(2025, 3, 31)
D = _dt.date.fromisoformat

CENSUS = """<?xml version="1.0" encoding="utf-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year> 2025 </Year>
<ReferenceDate> 2025-03-31 </ReferenceDate></CollectionDetails><Source><LEA>999</LEA></Source></Header>
<Children>{}</Children></Message>"""
CHILD = """<Child><ChildIdentifiers><LAchildID>{id}</LAchildID><PersonBirthDate>{birth}</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>{ethnicity}</Ethnicity></ChildCharacteristics>
<CINdetails><CINreferralDate>{referral}</CINreferralDate><ReferralSource>{source}</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
<ReferralNFA>{nfa}</ReferralNFA>
<ChildProtectionPlans><CPPstartDate>2024-06-01</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP></ChildProtectionPlans>
</CINdetails></Child>"""
GOOD = dict(birth="2015-01-01", ethnicity="WBRI", referral="2024-05-01", source="1A", nfa="false", previous="0")
CHILDREN = [
    dict(GOOD, id="A1"),
    dict(GOOD, id="A2", birth=" 2015-01-01 ", referral="\n2024-05-01\t", previous=" 2 "),   # collapsed
    dict(GOOD, id="A3", ethnicity="WBRI ", source=" 1A", nfa=" false"),                     # as sent
    dict(GOOD, id="A4", referral="20240501", birth="01/01/2015"),                             # not xs:date
    dict(GOOD, id="A5", referral="04/02/2025", birth="2015-01-01 00:00:00"),
    dict(GOOD, id="A6", referral="2024-05-01Z", birth="2015-01-01+01:00"),                   # time zones
    dict(GOOD, id="A7", referral="2023-01-05", nfa="False"),                                  # not a census spelling
    dict(GOOD, id="A8", referral="2023-01-05", nfa="FALSE"),
    dict(GOOD, id="A9", referral="2023-01-05", nfa="TRUE"),
]


@pytest.fixture(scope="module")
def census(tmp_path_factory):
    path = tmp_path_factory.mktemp("reading") / "census.xml"
    path.write_text(CENSUS.format("".join(CHILD.format(**c) for c in CHILDREN)))
    return path


@pytest.fixture(scope="module")
def loaded(census):
    return load_data(census, load_pack("dfe-cin").schema, "cin-xml", AS_AT)


def _by_child(loaded, table, field):
    return {r.values["child_key"].split("#")[0]: r.values[field] for r in loaded.dataset.tables[table]}


def test_the_rows_iterated_are_the_columns_as_raw_rows(census):
    """A Source's rows are an Iterable[RawRow] (the Source contract): iterated, the census
    reader's rows give, row by row, the numbers and values its columns() gives the loader."""
    diags = Diagnostics()
    sources = list(cin_census.read(census, load_pack("dfe-cin").schema, diags))
    assert {s.table for s in sources} >= {"children", "cin_details", "cp_plans"}
    for src in sources:
        numbers, cols = src.rows.columns()
        rows = list(src.rows)
        assert all(isinstance(r, RawRow) and r.problem is None for r in rows)
        assert [r.number for r in rows] == list(numbers)
        for f, values in cols.items():
            assert [r.values[f] for r in rows] == list(values), (src.table, f)
    children = next(s for s in sources if s.table == "children")
    assert [r.values["la_child_id"] for r in children.rows] == [c["id"] for c in CHILDREN]


def test_dates_years_and_numbers_collapse_whitespace(loaded):
    (header,) = loaded.dataset.tables["header"]
    assert header.values["year"] == 2025 and header.values["reference_date"] == AS_AT
    assert _by_child(loaded, "children", "birth_date")["A2"] == D("2015-01-01")
    assert _by_child(loaded, "cin_details", "referral_date")["A2"] == D("2024-05-01")
    assert _by_child(loaded, "cp_plans", "previous_plans")["A2"] == "2"


def test_a_date_is_yyyy_mm_dd_and_nothing_else(loaded):
    births, referrals = _by_child(loaded, "children", "birth_date"), _by_child(loaded, "cin_details", "referral_date")
    assert referrals["A4"] is None and referrals["A5"] is None  # 20240501, 04/02/2025
    assert births["A4"] is None and births["A5"] is None        # 01/01/2015, 2015-01-01 00:00:00
    assert referrals["A6"] == D("2024-05-01") and births["A6"] == D("2015-01-01")  # a time zone is left off
    warnings = {d.message for d in loaded.diagnostics.warnings}
    assert "<CINreferralDate>: 2 values that are not dates (first `20240501`) were read as missing" in warnings
    assert "<PersonBirthDate>: 2 values that are not dates (first `01/01/2015`) were read as missing" in warnings


def test_codes_and_true_false_items_are_read_as_sent(loaded):
    assert _by_child(loaded, "children", "ethnicity")["A3"] == "WBRI "
    assert _by_child(loaded, "cin_details", "referral_source")["A3"] == " 1A"
    assert _by_child(loaded, "cin_details", "referral_nfa")["A3"] == " false"
    assert _by_child(loaded, "cin_details", "referral_nfa")["A7"] == "False"


def test_the_loader_keeps_a_preserved_string_the_same_both_ways():
    """Row-wise (coerce) and column-wise (the loader's fast path) agree on a `whitespace:
    preserve` field; a trimmed field is trimmed both ways."""
    schema = load_pack("dfe-cin").schema
    keep, trim = schema.tables["cin_details"].fields["referral_source"], schema.tables["cin_details"].fields["cin_key"]
    raw = [" 1A", "1A ", "", None, "\t"]
    assert column_converter(keep, {}, {})(raw) == [coerce(keep, r, {})[0] for r in raw] == [" 1A", "1A ", None, None, "\t"]
    assert column_converter(trim, {}, {})(raw) == [coerce(trim, r, {})[0] for r in raw] == ["1A", "1A", None, None, None]


@pytest.mark.parametrize("engine", ["reference", "duckdb"])
def test_the_rules_judge_what_was_read(census, engine):
    res = CliRunner().invoke(cli, ["run", "dfe-cin", "--data", str(census), "--as-at", AS_AT.isoformat(),
                                   "--engine", engine, "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    rules = {r["id"]: r for r in json.loads(res.stdout)["rules"]}

    def failing(rule):
        return sorted(c["id"].split("#")[0] for c in rules[rule]["cases"]["fail"])

    assert failing("8866") == ["A3"]   # " 1A" is not a referral source
    assert failing("4220") == ["A3"]   # "WBRI " is not an ethnicity
    assert failing("8600") == ["A4", "A5"]  # the referral dates that are not dates are missing
    # 8569Q: referred 2023-01-05, before the census year: ReferralNFA must be false; "False" is
    # not one of the census's spellings, so it is not false (A7); FALSE is (A8); TRUE is true (A9)
    assert failing("8569Q") == ["A7", "A9"]
    assert failing("8730") == []       # " 2 " is 2


def test_the_header_datetime_is_kept_as_text_not_warned_as_a_bad_date(tmp_path):
    # xs:dateTime, when the file was made: every real census has one. It was read as a date
    # (its field name holds "date"), so every census warned that it was not one.
    path = tmp_path / "census.xml"
    header = "<Source><LEA>999</LEA><DateTime> 2025-03-31T09:15:00 </DateTime></Source>"
    path.write_text(CENSUS.format(CHILD.format(**dict(GOOD, id="B1"))).replace("<Source><LEA>999</LEA></Source>", header))
    got = load_data(path, load_pack("dfe-cin").schema, "cin-xml", AS_AT)
    assert [d.message for d in got.diagnostics.items if d.code == "bad-date"] == []
    assert [r.values["date_time"] for r in got.dataset.tables["header"]] == ["2025-03-31T09:15:00"]
