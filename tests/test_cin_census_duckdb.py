"""A census read straight into DuckDB (``data/readers/cin_census_duckdb.py``) gives exactly
what the Python reader and loader give: accounts, rejections, warnings, missing tables,
integrity issues and every record (key, typed values, row number), on generated returns and
hostile ones; and ``run dfe-cin`` gives the same document either way."""

from __future__ import annotations

import datetime as _dt
import json

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import api
from checker.data.load import load_data
from checker.data.readers import cin_census_duckdb
from checker.packs.pack import load_pack
from checker.tools.generate import generate, write_census

AS_AT = _dt.date(2025, 3, 31)


@pytest.fixture(scope="module")
def schema():
    return load_pack("dfe-cin").schema


def _accounts(res):
    return {t: (a.read, a.loaded, dict(a.rejected), a.excluded, a.fields, a.ignored_columns, a.partial, a.file)
            for t, a in sorted(res.accounts.items())}


def assert_same(path, schema, as_at=AS_AT):
    """The Python loader's result and the DuckDB path's, field by field."""
    slow = load_data(path, schema, "cin-xml", as_at)
    con = duckdb.connect()
    try:
        fast = cin_census_duckdb.load_census(con, schema, path, as_at)
        assert fast is not None, cin_census_duckdb.last_decline
        assert fast.in_database and fast.format == slow.format == "cin-xml"
        assert _accounts(fast) == _accounts(slow)
        assert fast.rejections == slow.rejections
        assert [(d.severity, d.message, d.location, d.code) for d in fast.diagnostics.items] == \
               [(d.severity, d.message, d.location, d.code) for d in slow.diagnostics.items]
        assert fast.missing_tables == slow.missing_tables
        assert fast.integrity == slow.integrity
        for t in schema.tables:
            assert [(r.key, r.values, r.line) for r in fast.dataset.tables[t]] == \
                   [(r.key, r.values, r.line) for r in slow.dataset.tables[t]], t
        return slow
    finally:
        con.close()


@pytest.mark.parametrize("seed,profile", [(1, "adequate"), (7, "inadequate")])
def test_a_generated_census_with_planted_problems(tmp_path, schema, seed, profile):
    xml = tmp_path / "census.xml"
    write_census(generate(250, seed, profile, AS_AT), xml, plant=True)
    slow = assert_same(xml, schema)
    assert sum(len(v) for v in slow.dataset.tables.values()) > 500


HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n<Message xmlns="http://www.dfe.gov.uk/CIN"><Header><CollectionDetails>'
        "<Collection>CIN</Collection><Year> 2025 </Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails>"
        "<Source><LEA>999</LEA><DateTime>2025-03-31T00:00:00</DateTime></Source></Header><Children>")
TAIL = "</Children></Message>"

HOSTILE = [
    # whitespace kept as sent in codes, collapsed in dates; a bad date; a number that is not one
    "<Child><ChildIdentifiers><LAchildID> A1 </LAchildID><PersonBirthDate> 2015-01-01 </PersonBirthDate>"
    "<Sex>F</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI </Ethnicity><Disabilities>"
    "<Disability>NONE</Disability><Disability> </Disability></Disabilities></ChildCharacteristics>"
    "<CINdetails><CINreferralDate>20240501</CINreferralDate><ReferralSource> 1A</ReferralSource>"
    "<ChildProtectionPlans><CPPstartDate>2024-06-01</CPPstartDate><NumberOfPreviousCPP>two</NumberOfPreviousCPP>"
    "<Reviews><CPPreviewDate>2024-07-01</CPPreviewDate><CPPreviewDate/></Reviews></ChildProtectionPlans></CINdetails></Child>",
    # quotes, line breaks, a carriage return, CDATA, an entity and a comment in values
    '<Child><ChildIdentifiers><LAchildID>B"2</LAchildID><UPN>line one\nline two</UPN><FormerUPN>cr&#13;lf</FormerUPN>'
    "</ChildIdentifiers><ChildCharacteristics><Ethnicity><![CDATA[<W&B>]]></Ethnicity></ChildCharacteristics>"
    '<CINdetails><ReferralSource>"6"</ReferralSource><PrimaryNeedCode>N1<!-- a note --></PrimaryNeedCode>'
    "<ReferralNFA>&amp;</ReferralNFA><Assessments><AssessmentActualStartDate>2024-02-30</AssessmentActualStartDate>"
    "<FactorsIdentifiedAtAssessment><AssessmentFactors>1A</AssessmentFactors><AssessmentFactors>"
    "</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments><Assessments/></CINdetails></Child>",
    # a repeated LAchildID, a blank one, an element twice (the first wins), an unknown one, numbers
    "<Child><ChildIdentifiers><LAchildID>A1</LAchildID><Sex>M</Sex><Sex>F</Sex><Shoe>9</Shoe></ChildIdentifiers>"
    "<CINdetails><CINreferralDate>2024-01-01Z</CINreferralDate><Section47><S47ActualStartDate>2024-01-02"
    "</S47ActualStartDate><ICPCnotRequired>true</ICPCnotRequired></Section47><CINPlanDates><CINPlanStartDate>"
    "2024-02-01+01:00</CINPlanStartDate></CINPlanDates><ChildProtectionPlans><NumberOfPreviousCPP> 3 "
    "</NumberOfPreviousCPP></ChildProtectionPlans><ChildProtectionPlans><NumberOfPreviousCPP>3.5</NumberOfPreviousCPP>"
    "</ChildProtectionPlans></CINdetails></Child>",
    "<Child><ChildIdentifiers><LAchildID></LAchildID><PersonBirthDate>9999-12-31</PersonBirthDate></ChildIdentifiers>"
    "<CINdetails/><CINdetails><CINreferralDate>0001-01-01</CINreferralDate></CINdetails></Child>",
    "<Child/>",
    "<Child><ChildIdentifiers><LAchildID>Zoë/1#2</LAchildID><Sex>\u00a0U\u2003</Sex></ChildIdentifiers></Child>",
]


def test_a_hostile_census(tmp_path, schema):
    xml = tmp_path / "hostile.xml"
    xml.write_text(HEAD + "".join(HOSTILE) + TAIL, encoding="utf-8")
    slow = assert_same(xml, schema)
    upns = {r.values["upn"] for r in slow.dataset.tables["children"]}
    assert "line one\nline two" in upns  # a cell with a line break (quoted on its way to DuckDB)
    assert any(d.code == "bad-date" for d in slow.diagnostics.items)


def test_malformed_xml_missing_header_and_an_empty_file(tmp_path, schema):
    broken = tmp_path / "broken.xml"
    broken.write_text(HEAD + "".join(HOSTILE[:3]) + "<Child><ChildIdentifiers><LAchildID>X</Child>" + TAIL,
                      encoding="utf-8")
    slow = assert_same(broken, schema)
    assert slow.diagnostics.errors
    headless = tmp_path / "headless.xml"
    headless.write_text("<Message><Children>" + "".join(HOSTILE[2:]) + TAIL, encoding="utf-8")
    assert any(d.code == "no-header" for d in assert_same(headless, schema).diagnostics.items)
    empty = tmp_path / "empty.xml"
    empty.write_text("", encoding="utf-8")
    assert_same(empty, schema)


_TEXT = st.lists(st.sampled_from(list('ab1 "\n\r\t<>&Zë\u00a0-:/#') + ["2024-05-01", "2024-13-01", "NONE", "true"]),
                 max_size=4).map("".join)


@st.composite
def _children(draw):
    out = []
    for _ in range(draw(st.integers(0, 6))):
        def el(name):
            v = draw(st.none() | _TEXT)
            return "" if v is None else f"<{name}>{_escape(v)}</{name}>"
        plans = "".join(f"<ChildProtectionPlans>{el('CPPstartDate')}{el('NumberOfPreviousCPP')}"
                        f"<Reviews>{el('CPPreviewDate')}{el('CPPreviewDate')}</Reviews></ChildProtectionPlans>"
                        for _ in range(draw(st.integers(0, 2))))
        cins = "".join(f"<CINdetails>{el('CINreferralDate')}{el('ReferralSource')}{el('ReferralNFA')}"
                       f"<Section47>{el('S47ActualStartDate')}{el('DateOfInitialCPC')}</Section47>{plans}</CINdetails>"
                       for _ in range(draw(st.integers(0, 2))))
        out.append(f"<Child><ChildIdentifiers>{el('LAchildID')}{el('PersonBirthDate')}{el('Sex')}</ChildIdentifiers>"
                   f"<ChildCharacteristics>{el('Ethnicity')}<Disabilities>{el('Disability')}</Disabilities>"
                   f"</ChildCharacteristics>{cins}</Child>")
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_children())
def test_any_census_reads_alike_both_ways(tmp_path_factory, schema, body):
    xml = tmp_path_factory.mktemp("prop") / "census.xml"
    xml.write_text(HEAD + body + TAIL, encoding="utf-8")
    assert_same(xml, schema)


@pytest.mark.slow  # four whole runs of the pack
def test_run_dfe_cin_gives_the_same_document_either_way(tmp_path, monkeypatch):
    """End to end through the library API: the JSON document (outcomes, reasons, counts,
    rejections, warnings) is the same whether DuckDB read the census or the Python loader did,
    redacted or not."""
    xml = tmp_path / "census.xml"
    write_census(generate(200, 3, "inadequate", AS_AT), xml, plant=True)
    monkeypatch.setattr(api, "FAST_READ_MIN_BYTES", 0)
    key = b"a redaction key of thirty-two bytes or more, for the test"
    fast = api.run_pack("dfe-cin", xml, AS_AT, engine="duckdb")
    fast_redacted = api.run_pack("dfe-cin", xml, AS_AT, engine="duckdb", redact_key=key)
    assert fast.result.loaded.in_database
    monkeypatch.setattr(cin_census_duckdb, "load_census", lambda *a, **k: None)
    slow = api.run_pack("dfe-cin", xml, AS_AT, engine="duckdb")
    slow_redacted = api.run_pack("dfe-cin", xml, AS_AT, engine="duckdb", redact_key=key)
    assert not slow.result.loaded.in_database
    assert [str(d) for d in fast.diagnostics] == [str(d) for d in slow.diagnostics]
    for a, b in ((fast, slow), (fast_redacted, slow_redacted)):
        assert json.dumps(a.document, sort_keys=True, default=str) == json.dumps(b.document, sort_keys=True, default=str)
    assert json.dumps(fast_redacted.document, default=str) != json.dumps(fast.document, default=str)


def test_the_row_by_row_path_gives_the_same(tmp_path, schema, monkeypatch):
    """Where a table cannot be loaded in one statement (a cell that might not convert, a key
    blank or met twice), each row is judged as the CSV path judges it: the same result."""
    calls = []

    def declined(*args):
        calls.append(args[1].name)

    monkeypatch.setattr(cin_census_duckdb, "_direct", declined)
    xml = tmp_path / "hostile.xml"
    xml.write_text(HEAD + "".join(HOSTILE) + TAIL, encoding="utf-8")
    assert_same(xml, schema)
    generated = tmp_path / "census.xml"
    write_census(generate(150, 5, "inadequate", AS_AT), generated, plant=True)
    assert_same(generated, schema)
    assert "cin_details" in calls
