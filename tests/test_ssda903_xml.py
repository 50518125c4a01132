"""The SSDA903 return's XML form (readers/ssda903_xml.py, ssda903_xml_write.py): the same return
as CSV files and as XML reads to the same ``ssda903`` records, but for what only one form
carries; rules 105 and 303 run on the XML form only; hostile and broken files are clear
errors or warnings naming the file and line, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.api import run_pack
from checker.cli import cli
from checker.data.load import load_data
from checker.data.readers import detect, writer
from checker.data.readers.ssda903_xml_write import csv_to_xml, previous_path
from checker.errors import Diagnostics
from checker.schema import builtin_schema_path, load_schema
from checker.tools.generate import generate

AS_AT = dt.date(2026, 3, 31)
S903 = load_schema(builtin_schema_path("ssda903"))
CSC = load_schema(builtin_schema_path("csc"))
#: fields that are a row's place, not its content (the XML groups each child's rows together)
PLACE = {"key", "row", "return_id"}


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[Path, Path, dict]:
    """A generated return as CSV files and the same return as XML."""
    base = tmp_path_factory.mktemp("s903x")
    council = generate(400, 11, "inadequate", AS_AT)
    writer("ssda903")(council.tables, CSC, base / "csv", AS_AT)
    lost = csv_to_xml(base / "csv", base / "return.xml")
    return base / "csv", base / "return.xml", lost


def _records(result, table: str, drop=frozenset()) -> list[tuple]:
    return sorted((tuple(sorted((k, str(v)) for k, v in row.values.items() if k not in PLACE | drop))
                   for row in result.dataset.tables.get(table, [])), key=str)


def test_round_trip_same_records(both):
    folder, xml, lost = both
    assert set(lost) == {"SWEpisodes rows (the XML form has no such file)"}  # all else the XML form holds
    a = load_data(folder, S903, "ssda903", AS_AT)
    b = load_data(xml, S903, None, AS_AT)  # detected from the file
    assert b.format == "ssda903-xml"
    assert not a.diagnostics.errors and not b.diagnostics.errors, b.diagnostics.items
    assert not b.rejections
    compared = 0
    for table in ("episodes", "reviews", "uasc", "oc2", "oc3", "ad1", "placed_adoption", "prev_perm", "missing_episodes"):
        assert _records(a, table) == _records(b, table), table
        compared += len(a.dataset.tables.get(table, []))
    # Header: the same rows, and the XML's UASC status, which the CSV form does not carry, is 1 for
    # exactly the children in the UASC file
    assert _records(a, "headers", drop={"uasc"}) == _records(b, "headers", drop={"uasc"})
    in_uasc = {r.values["child_id"] for r in b.dataset.tables["uasc"]}
    assert {r.values["child_id"] for r in b.dataset.tables["headers"] if r.values["uasc"] == "1"} == in_uasc
    assert {r.values["uasc"] for r in b.dataset.tables["headers"]} == {"0", "1"}
    assert "uasc" in a.absent_fields("headers", S903) and "uasc" not in b.absent_fields("headers", S903)
    assert "sw_episodes" in b.missing_tables and "sw_episodes" not in a.missing_tables
    assert compared > 500
    # every row's key is its place in its table, in document order, as the validator's converted tables
    eps = b.dataset.tables["episodes"]
    assert [r.values["row"] for r in eps] == list(range(1, len(eps) + 1))
    assert all(str(r.key) == f"{r.values['child_id']}#{r.values['row']}" for r in eps)


def test_the_pack_on_both_forms(both):
    """The same rules flag the same records on both forms (by content: the XML groups each child's
    rows), but for 105 and 303 (XML only) and the SWEpisodes rules (CSV only)."""
    folder, xml, _ = both
    runs = {}
    for form, path in (("csv", folder), ("xml", xml)):
        run = run_pack("dfe-903", path, AS_AT, engine="reference", skip_unavailable=True)
        runs[form] = run.document
    not_run = {f: {r["id"]: r["needs"] for r in d["not_run"]} for f, d in runs.items()}
    assert {"105", "303"} <= set(not_run["csv"]) and not {"105", "303"} & set(not_run["xml"])
    assert "only the XML form of the return sends" in not_run["csv"]["105"][0]
    sw = {r for r in not_run["xml"] if r.startswith("SW")}
    assert sw and all("has no place for" in not_run["xml"][r][0] or "sw episodes" in not_run["xml"][r][0] for r in sw)
    counts = {f: {r["id"]: r["counts"]["fail"] for r in d["rules"]} for f, d in runs.items()}
    both_ran = set(counts["csv"]) & set(counts["xml"])
    assert len(both_ran) > 200
    differ = {r: (counts["csv"][r], counts["xml"][r]) for r in both_ran if counts["csv"][r] != counts["xml"][r]}
    assert not differ, differ
    assert sum(counts["xml"].values()) > 0


def test_generate_ssda903_xml_with_previous(tmp_path):
    out = tmp_path / "r.xml"
    res = CliRunner().invoke(cli, ["generate", "--format", "ssda903-xml", "--children", "400", "--seed", "3", "--as-at",
                                   "2026-03-31", "--out", str(out), "--with-previous", "-q"])
    assert res.exit_code == 0, res.output
    last = previous_path(out)
    planted = json.loads(last.with_name(f"{last.stem}-planted.json").read_text())
    run = run_pack("dfe-903", out, AS_AT, engine="reference", previous=last, skip_unavailable=True,
                   rules=["202", "203", "204", "105", "303"])
    fails = {r["id"]: {c["id"].split("#")[0] for c in r["cases"].get("fail", [])} for r in run.document["rules"]}
    assert not run.document["not_run"]
    for code in ("202", "203", "204"):
        assert fails[code] == set(planted[code]), code
    assert fails["105"] == fails["303"] == set()  # the generator writes a valid status


def _load(path: Path, text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    path.write_bytes(data)
    return load_data(path, S903, "ssda903-xml", AS_AT)


GOOD_CHILD = ("<CHILD><HEADER><CHILDID>C1</CHILDID><SEX>1</SEX><DOB>01/02/2010</DOB><ETHNIC>WBRI</ETHNIC><UASC>0</UASC>"
              "</HEADER><EPISODE><DECOM>01/05/2025</DECOM><RNE>S</RNE><LS>C2</LS><PL>U1</PL></EPISODE></CHILD>")


def _messages(result) -> str:
    return "\n".join(f"{d.severity}: {d.message} @{d.location.line if d.location else ''}" for d in result.diagnostics.items)


def test_a_minimal_return_and_detection(tmp_path):
    p = tmp_path / "r.xml"
    r = _load(p, f"<?xml version='1.0'?>\n<EXPSSDA903>\n{GOOD_CHILD}\n</EXPSSDA903>\n")
    assert not r.diagnostics.errors, _messages(r)
    assert detect(p, Diagnostics()) == "ssda903-xml"
    (ep,) = r.dataset.tables["episodes"]
    assert (ep.key, ep.values["place"], ep.values["decom"]) == ("C1#1", "U1", dt.date(2025, 5, 1))
    assert r.dataset.tables["headers"][0].values["uasc"] == "0"
    assert not r.dataset.tables["uasc"]  # status 0 and no DUC: not a UASC child


def test_truncated(tmp_path):
    text = f"<EXPSSDA903>\n{GOOD_CHILD}\n{GOOD_CHILD.replace('C1', 'C2')[:60]}"
    r = _load(tmp_path / "cut.xml", text)
    msgs = _messages(r)
    assert "cut.xml` is not well-formed XML" in msgs and "the 1 CHILD element before it was read" in msgs
    assert r.diagnostics.errors[0].location.line == 3
    assert [row.values["child_id"] for row in r.dataset.tables["headers"]] == ["C1"]


def test_wrong_root(tmp_path):
    r = _load(tmp_path / "w.xml", "<Message><Children><Child/></Children></Message>")
    assert "is not an SSDA903 XML return: its root element is `<Message>`" in _messages(r)
    assert r.diagnostics.errors


def test_not_xml_at_all(tmp_path):
    r = _load(tmp_path / "n.xml", b"\x00\x01 not xml")
    assert r.diagnostics.errors and "not well-formed XML" in _messages(r)


def test_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE EXPSSDA903 [<!ENTITY x SYSTEM "file://{secret}">]>\n<EXPSSDA903>\n'
            f"{GOOD_CHILD.replace('<ETHNIC>WBRI', '<ETHNIC>&x;')}\n</EXPSSDA903>\n")
    r = _load(tmp_path / "e.xml", text)
    values = [v for row in r.dataset.tables.get("headers", []) for v in row.values.values()]
    assert "TOPSECRET" not in map(str, values)
    assert r.diagnostics.items  # said, not silently read


def test_billion_laughs_is_an_error(tmp_path):
    ents = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    text = f'<?xml version="1.0"?>\n<!DOCTYPE EXPSSDA903 [{ents}]>\n<EXPSSDA903><CHILD><HEADER><CHILDID>&a9;</CHILDID></HEADER></CHILD></EXPSSDA903>'
    r = _load(tmp_path / "b.xml", text)
    assert r.diagnostics.errors, _messages(r)


def test_unknown_elements_are_said_with_their_line(tmp_path):
    text = ("<EXPSSDA903>\n<CHILD>\n<HEADER>\n<CHILDID>C1</CHILDID>\n<FAVOURITE>blue</FAVOURITE>\n</HEADER>\n"
            "<EPISODE>\n<DECOM>01/05/2025</DECOM>\n<COLOUR>red</COLOUR>\n</EPISODE>\n<NOTE/>\n</CHILD>\n<TRAILER/>\n</EXPSSDA903>\n")
    r = _load(tmp_path / "u.xml", text)
    msgs = _messages(r)
    for elem, parent, line in (("FAVOURITE", "HEADER", 5), ("COLOUR", "EPISODE", 9), ("NOTE", "CHILD", 11),
                               ("TRAILER", "EXPSSDA903", 13)):
        assert f"element `<{elem}>` in `<{parent}>` is not part of the SSDA903 XML return" in msgs, msgs
        assert any(d.location.line == line for d in r.diagnostics.items if elem in d.message)
    assert len(r.dataset.tables["episodes"]) == 1


def test_empty_childid(tmp_path):
    r = _load(tmp_path / "c.xml", f"<EXPSSDA903>\n{GOOD_CHILD.replace('C1', '')}\n</EXPSSDA903>")
    assert "CHILD 1 (line 2) has no CHILDID" in _messages(r)
    assert [row.key for row in r.dataset.tables["headers"]] == ["#1"]
    assert [row.key for row in r.dataset.tables["episodes"]] == ["#1"]
    # and the pack flags it, rather than the reader dropping it
    run = run_pack("dfe-903", tmp_path / "c.xml", AS_AT, engine="reference", skip_unavailable=True, rules=["105", "101"])
    assert run.document["rules"]


def test_two_headers(tmp_path):
    text = ("<EXPSSDA903>\n<CHILD>\n<HEADER><CHILDID>C1</CHILDID><DOB>01/02/2010</DOB></HEADER>\n"
            "<HEADER><CHILDID>C9</CHILDID><AREVIEW><REVIEW>01/06/2025</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW></HEADER>\n"
            "</CHILD>\n</EXPSSDA903>")
    r = _load(tmp_path / "h.xml", text)
    assert "CHILD 1 has a second HEADER (line 4)" in _messages(r)
    assert [row.values["child_id"] for row in r.dataset.tables["headers"]] == ["C1"]
    (rev,) = r.dataset.tables["reviews"]
    assert (rev.values["child_id"], rev.values["review_code"]) == ("C1", "PN1")


def test_previous_year_must_be_xml_too(tmp_path):
    p = tmp_path / "r.xml"
    p.write_text(f"<EXPSSDA903>{GOOD_CHILD}</EXPSSDA903>")
    (tmp_path / "last").mkdir()
    r = load_data(p, S903, "ssda903-xml", AS_AT, previous=tmp_path / "last")
    assert "is not an SSDA903 XML return: with an XML return, give the previous year's as XML too" in _messages(r)


def test_csc_schema_is_a_clear_error(tmp_path):
    p = tmp_path / "r.xml"
    p.write_text(f"<EXPSSDA903>{GOOD_CHILD}</EXPSSDA903>")
    r = load_data(p, CSC, "ssda903-xml", AS_AT)
    assert "which casecheck reads with the `ssda903` schema only" in _messages(r)
