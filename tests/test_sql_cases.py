"""The JSON of every outcome written from the database (``engine/sql_cases.py``) is the
document the Python outcomes make, byte for byte, on a census whose reasons Python words
from a record's own fields (a `when` that cannot be decided, a text function) and whose
referrals have dates at the calendar's edge (8569Q: those records judged by the reference
evaluator and put in among the others), read by DuckDB itself and by the Python loader."""

from __future__ import annotations

import datetime as _dt

import pytest

from checker import api
from checker.engine import sql_cases
from checker.report.jsonout import dumps, write

AS_AT = _dt.date(2025, 3, 31)

HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection>'
        "<Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails><Source><LEA>999</LEA>"
        "</Source></Header><Children>")
CHILD = ("<Child><ChildIdentifiers><LAchildID>{lac}</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate>"
         "</ChildIdentifiers><CINdetails><CINreferralDate>{d}</CINreferralDate><ReferralNFA>{nfa}</ReferralNFA>"
         "<CINclosureDate>{c}</CINclosureDate><ReasonForClosure>{rc}</ReasonForClosure></CINdetails></Child>")
DATES = ["1880-10-26", "9999-12-31", "1990-01-01", "1990-01-02", "2060-12-31", "2024-03-28", "2024-03-29",
         "2024-04-01", "2024-03-27", "0001-01-01", "1989-12-31", "2061-01-01"]
NFAS = ["true", "false", "FALSE", "0", "1", " true", "", "True"]
LACS = ["C{i}", "C-{i}", " C{i}", "C\u00e9{i}", "", "C{i}\u2028"]


@pytest.fixture
def census(tmp_path):
    xml = tmp_path / "census.xml"
    children = [CHILD.format(lac=LACS[i % len(LACS)].format(i=i), d=DATES[i % len(DATES)], nfa=NFAS[(i // 3) % len(NFAS)],
                             c=DATES[(i // 7) % len(DATES)], rc=["RC1", "", "RC8", "x"][i % 4]) for i in range(600)]
    xml.write_text(HEAD + "".join(children) + "</Children></Message>", encoding="utf-8")
    return xml


@pytest.mark.parametrize("in_database", [True, False])
def test_streamed_json_is_the_python_outcomes_document(census, monkeypatch, in_database):
    if in_database:
        monkeypatch.setattr(api, "FAST_READ_MIN_BYTES", 0)
    worded = []
    real = sql_cases.CaseTexts._worded_by_fields

    def counted(self, con, rule, compiled, status, source):
        got = real(self, con, rule, compiled, status, source)
        if got is not None:
            worded.append((rule.id, status))
        return got

    monkeypatch.setattr(sql_cases.CaseTexts, "_worded_by_fields", counted)
    rules = ["8569Q", "2990", "8585Q", "1580", "8610"]
    whole = api.run_pack("dfe-cin", census, AS_AT, engine="duckdb", rules=rules).document
    run = api.run_pack("dfe-cin", census, AS_AT, engine="duckdb", rules=rules, stream=True)
    pieces: list[str] = []
    try:
        assert run.result.loaded.in_database == in_database
        write(run.document, pieces.append, size=256)
    finally:
        run.close()
    assert "".join(pieces) == dumps(whole)
    fallbacks = {f["rule"]: f["why"] for f in whole["engine"]["fallbacks"]}
    assert "for 350 record(s)" in fallbacks["8569Q"]  # dates near or past the calendar's edges
    assert {("2990", "not_evidenced"), ("8585Q", "not_evidenced"), ("1580", "fail"),
            ("8569Q", "not_applicable")} <= set(worded)
    reference = api.run_pack("dfe-cin", census, AS_AT, engine="reference", rules=rules).document
    assert [r["cases"] for r in whole["rules"]] == [r["cases"] for r in reference["rules"]]


@pytest.mark.parametrize("in_database", [True, False])
def test_redacted_streamed_json_is_the_redacted_python_outcomes_document(census, monkeypatch, in_database):
    """With ``--redact`` the cases are read from the database as they are, each ID and reason
    passed through the redactor (no outcome object each): the document is the one the
    redacted Python outcomes make, byte for byte, and holds no child's ID."""
    if in_database:
        monkeypatch.setattr(api, "FAST_READ_MIN_BYTES", 0)
    key = b"a-long-enough-redaction-key-0123"
    rules = ["8569Q", "2990", "8585Q", "1580", "8610"]

    def streamed(python_outcomes: bool) -> str:
        with monkeypatch.context() as m:
            if python_outcomes:  # the engine writes no case text: every case an outcome object, redacted
                m.setattr("checker.engine.outcomes.Outcomes.json_texts", lambda self, *a, **k: None)
            run = api.run_pack("dfe-cin", census, AS_AT, engine="duckdb", rules=rules, stream=True, redact_key=key)
            pieces: list[str] = []
            try:
                write(run.document, pieces.append, size=256)
            finally:
                run.close()
        return "".join(pieces)

    from_database = streamed(False)
    assert from_database == streamed(True)
    ids = {f"C{i}" for i in range(600)}
    assert not [i for i in ids if f'"{i}' in from_database or f"{i}#" in from_database]


def _redacted_ids(data, monkeypatch, in_database: bool, pack: str) -> set[str]:
    with monkeypatch.context() as m:
        m.setattr(api, "FAST_READ_MIN_BYTES", 0 if in_database else 1 << 60)
        run = api.run_pack(pack, data, AS_AT, engine="duckdb", redact_key=b"a-long-enough-redaction-key-0123")
        assert run.result.loaded.in_database == in_database
        return set(run.redactor.table)


def test_the_identifiers_asked_of_duckdb_are_the_records_ones(census, tmp_path, monkeypatch):
    """--redact's identifiers (every key, and every text of a key or link field) asked of
    DuckDB where it holds the data (no Python record each) are those the records give: on
    the hostile census (IDs with spaces, accents, U+2028, blanks; composite keys) and on a
    generated council's CSV folder."""
    from click.testing import CliRunner

    from checker.cli import cli

    council = tmp_path / "council"
    done = CliRunner().invoke(cli, ["generate", "--children", "150", "--seed", "5", "--out", str(council)])
    assert done.exit_code == 0, done.output
    for data, pack in ((census, "dfe-cin"), (council, "ilacs")):
        fast = _redacted_ids(data, monkeypatch, True, pack)
        assert fast and fast == _redacted_ids(data, monkeypatch, False, pack)


def test_cases_files_made_ahead_are_the_document_and_are_removed(census, tmp_path, monkeypatch):
    """The JSON of every outcome through the sink, as the CLI writes it: the cases' texts DuckDB
    wrote to files (``sql_cases.cases_file``), most made by workers ahead of the writer
    (``engine/sql_prefetch.py``), copied in by the kernel; the document is the one the Python
    outcomes make, byte for byte, and no file of cases is left behind, even for a run whose
    document is never written."""
    import tempfile

    from checker.engine import sql_prefetch
    from checker.report.sink import write_streamed

    monkeypatch.setattr(api, "FAST_READ_MIN_BYTES", 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    taken = []
    real = sql_prefetch.CasePrefetch._prefetched

    def counted(self, *a):
        got = real(self, *a)
        if got is not None:
            taken.append(got)
        return got

    monkeypatch.setattr(sql_prefetch.CasePrefetch, "_prefetched", counted)
    whole = api.run_pack("dfe-cin", census, AS_AT, engine="duckdb").document
    run = api.run_pack("dfe-cin", census, AS_AT, engine="duckdb", stream=True)
    out = tmp_path / "out.json"
    try:
        write_streamed(out, lambda w: write(run.document, w, files=True))
    finally:
        run.close()
    assert out.read_text(encoding="utf-8") == dumps(whole)
    assert len(taken) > 20  # most outcomes' files were made ahead
    assert not list((tmp_path / "tmp").iterdir())
    run = api.run_pack("dfe-cin", census, AS_AT, engine="duckdb", stream=True)
    pieces: list[str] = []
    try:  # stopped after the first rules: the files made ahead of it are removed at close
        write(run.document, lambda s: pieces.append(s) if len(pieces) < 3 else (_ for _ in ()).throw(OSError("full")),
              size=64)
    except OSError:
        pass
    finally:
        run.close()
    assert not list((tmp_path / "tmp").iterdir())


@pytest.mark.parametrize("constant", [False, True])
def test_a_cases_file_is_the_texts_python_joins_or_none_where_python_writes_one(tmp_path, monkeypatch, constant):
    """``cases_file``: DuckDB's file of the cases' texts is the cases' indent, then the texts
    json.dumps lays out joined as the writer joins them; a case whose text Python writes (a
    control character in its ID or reason, a reason one_unit may change) makes it None, and no
    case makes it NO_CASES; no file is left behind but the one returned."""
    import json
    import tempfile

    import duckdb

    con = duckdb.connect()
    ci, fi = "\n      ", "\n        "
    reason = "met: it's \"quoted\" \u00e9\u2028 \\ /"
    rows = [("C1", reason, 2), ("C\u00e9/2", reason, 1), ("C-3", reason, 3)]

    def texts(keys_reasons):
        return [json.dumps({"id": k, "reason": r}, indent=2, ensure_ascii=False).replace("\n", "\n      ")
                for k, r in keys_reasons]

    def made(got_rows):
        con.execute("CREATE OR REPLACE TABLE t (k VARCHAR, r VARCHAR, p BIGINT)")
        if got_rows:
            con.executemany("INSERT INTO t VALUES (?, ?, ?)", got_rows)
        return sql_cases.cases_file(con, "SELECT k, r, p FROM t", constant, ci, fi, "p",
                                    "'" + reason.replace("'", "''") + "'" if constant else None)

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    got = made(rows)
    try:
        ordered = sorted(rows, key=lambda r: r[2])
        assert got.read_text(encoding="utf-8") == "      " + (",\n      ").join(texts([(k, r) for k, r, _ in ordered]))
    finally:
        sql_cases.remove_file(got)
    assert made([]) is sql_cases.NO_CASES
    assert made(rows + [("C\x01", reason, 4)]) is None
    if not constant:
        assert made(rows + [("C5", "took 1 days", 5)]) is None
        assert made(rows + [("C5", "took 1 days".replace("1", "\x1f"), 5)]) is None
        got = made(rows + [("C6", "took 21 days, -1 days, 1.1 days", 6)])  # one_unit changes none of these
        assert got is not None and got is not sql_cases.NO_CASES
        sql_cases.remove_file(got)
    assert not list(tmp_path.iterdir())
