"""--redact where the data is in DuckDB (``report.redact_kept.KeptRedactor``, issue 21): the
identifiers kept as one in-memory column, pseudonyms made only for those found, the JSON of
every case redacted by the database. The same pseudonyms, in the same places, as the scan of
``sink.Redactor`` over every text, in every report format; nothing written to disk."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import api
from checker.cli import cli
from checker.report import redact as redact_mod
from checker.report.redact import KeptRedactor, Redactor, identifiers, redact, redactor_for
from checker.report.sink import pseudonym

KEY = b"a-long-enough-redaction-key-0123"
IDS = ["C1", "C12", "A-7", "W/3", "C1|2024-01-01", "x_y", "9", "Z", "-"]


def _kept(ids, extra=(), key=KEY):
    con = duckdb.connect()
    con.execute("CREATE TABLE t (i VARCHAR)")
    con.execute("INSERT INTO t SELECT unnest($1::VARCHAR[])", [list(ids) + ["", None]])
    return KeptRedactor.of(key, con, "SELECT i FROM t", extra)


def test_a_kept_redactor_holds_one_token_identifiers_only():
    kept = _kept(IDS, extra={"X9"})
    assert isinstance(kept, KeptRedactor) and kept.count == len(IDS) + 1
    assert kept.table == Redactor(KEY, [*IDS, "X9"]).table  # the blank and NULL are no identifiers
    assert kept.unknown({"C1", "nope", "", "C 1"}) == {"nope", "C 1"}
    # an identifier that is not one token (a space, a letter outside ASCII): the scan, as before
    for odd in (["C 1", "C2"], ["CÄ", "C2"], ["C\x01", "C2"]):
        made = _kept(odd)
        assert type(made) is Redactor and set(made.table) == set(odd)
    empty = _kept([])
    assert isinstance(empty, KeptRedactor) and not empty and empty.text("C1 x") == "C1 x"


@pytest.mark.parametrize("key", [KEY, b"k" * 64, b"a much longer key than one block of sha-256 " * 3])
def test_the_pseudonyms_are_the_keyed_hash_in_python_and_in_sql(key):
    kept = _kept(IDS, key=key)
    assert isinstance(kept, KeptRedactor)
    for i in [*IDS, "é", "C" * 200]:
        assert kept.pseudonym(i) == pseudonym(key, i)
    con = duckdb.connect()
    got = dict(con.execute(f"SELECT i, {kept.hmac_sql('i')} FROM unnest($1::VARCHAR[]) AS t(i)", [IDS]).fetchall())
    assert got == {i: pseudonym(key, i) for i in IDS}


_PIECES = st.sampled_from([*IDS, "C123", "c1", "ID", " ", "  ", ",", ".", ":", "(", ")", "'", '"', "\n", "\t",
                           "\x00", "\x01", "\u2028", "é", "Ä", "1 days", "-", "/", "|", "_", "2024-01-01", "on", "x"])
_TEXTS = st.lists(_PIECES, max_size=12).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=8))
def test_kept_redaction_is_the_scan(texts):
    """Texts one at a time (a query each, then by the identifiers read into Python), many at
    once, and a document: every text is what the leftmost-longest scan of sink.Redactor makes."""
    scan = Redactor(KEY, IDS)
    want = [scan.text(t) for t in texts]
    kept = _kept(IDS)
    assert [kept.text(t) for t in texts] == want  # looked up by queries of its own database
    assert kept.texts(texts) == want  # by the identifiers read into a Python set
    assert [kept.text(t) for t in texts] == want
    doc = {"a": texts, "b": [{"c": t, "n": 1} for t in texts], "d": tuple(texts)}
    assert _kept(IDS).value(doc) == scan.value(doc)


def test_the_cases_redacted_by_the_database():
    """``cases_sql``: each case's key's pseudonym (NULL for a key that is no identifier) and its
    reason redacted (NULL where it holds none), as the scan makes them."""
    scan = Redactor(KEY, IDS)
    kept = _kept(IDS)
    assert isinstance(kept, KeptRedactor)
    cases = [("C1", "C12 and C1"), ("C12", "no id"), ("C1|2024-01-01", "C1|2024-01-01: W/3 (A-7)"),
             ("x_y", "xC1 éC1 C1é -C1 C1- 9 days"), ("not one", "Z"), ("9", "")]
    con = duckdb.connect()
    con.execute("CREATE TABLE x AS SELECT unnest($1::VARCHAR[]) AS k, unnest($2::VARCHAR[]) AS r",
                [[k for k, _ in cases], [r for _, r in cases]])
    query, tables = kept.cases_sql(con, "SELECT k, r FROM x")
    got = {k: (kp, rr if rr is not None else r) for k, r, kp, rr in con.execute(query).fetchall()}
    for k, r in cases:
        kp, rr = got[k]
        assert (kp or k) == scan.text(k) and (kp is None) == (k not in scan.table)
        assert rr == scan.text(r)
    for t in tables:
        con.execute(f"DROP TABLE {t}")
    assert kept.map_table(con) == kept.map_table(con)  # the table of pseudonyms made once per connection


def test_a_document_naming_ids_of_its_own_is_redacted_by_the_scan():
    """The records a data-quality pre-check names need not be identifiers of the data: redacted
    too, and counted."""
    kept = _kept(IDS)
    doc = {"rules": [{"id": "R", "why": "C1 and Q7"}], "data_quality": {"errors": [{"examples": ["Q7", "C1"]}]}}
    out = redact(doc, KEY, kept)
    assert out == redact(doc, KEY, Redactor(KEY, IDS))
    assert out["redacted"]["identifiers"] == len(IDS) + 1 and "Q7" not in str(out["rules"])


@pytest.fixture(scope="module")
def council(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("council") / "c"
    done = CliRunner().invoke(cli, ["generate", "--children", "120", "--seed", "11", "--out", str(out)])
    assert done.exit_code == 0, done.output
    return out


def _outputs(council: Path, tmp: Path, monkeypatch, kept: bool) -> dict[str, bytes]:
    key = tmp / "key"
    key.write_bytes(KEY)
    out = {}
    with monkeypatch.context() as m:
        m.setattr(api, "FAST_READ_MIN_BYTES", 0)  # DuckDB reads the folder: its identifiers stay there
        if not kept:  # every text through the scan in Python, as before
            m.setattr(redact_mod, "redactor_for",
                      lambda k, data, schema, extra=(): Redactor(k, identifiers(data, schema) | set(extra)))
        for fmt in ("json", "table", "html", "csv", "markdown", "letter"):
            target = tmp / f"{'k' if kept else 'p'}.{fmt}"
            args = ["run", "ilacs", "--data", str(council), "--as-at", "2025-03-31", "-q", "--fail-on", "none",
                    "--format", fmt, "--redact", str(key)]
            done = CliRunner().invoke(cli, args + (["--out", str(target)] if fmt != "table" else []))
            assert done.exit_code == 0, done.output
            out[fmt] = target.read_bytes() if fmt != "table" else done.stdout.encode()
    return out


@pytest.mark.slow  # twelve runs of the CLI
def test_every_format_is_the_same_with_the_kept_redactor(council, tmp_path, monkeypatch):
    def ours() -> set[str]:  # this process's entries of the temporary folder (others share the machine)
        return {n for n in os.listdir(tempfile.gettempdir()) if f"-{os.getpid()}-" in n or n.startswith("casecheck-redact")}

    before = ours()
    kept = _outputs(council, tmp_path, monkeypatch, True)
    assert ours() <= before  # nothing left behind in the temporary folder
    plain = _outputs(council, tmp_path, monkeypatch, False)
    for fmt, data in kept.items():
        assert data == plain[fmt], fmt
    run = api.run_pack("ilacs", council, dt.date(2025, 3, 31), engine="reference")
    ids = identifiers(run.result.loaded.dataset, run.result.pack.schema)
    text = kept["json"].decode()
    assert '"ID-' in text
    assert not [i for i in ids if f'"{i}"' in text or f" {i} " in text or f" {i}:" in text]


def test_redactor_for_keeps_duckdb_identifiers_as_a_column(council, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(api, "FAST_READ_MIN_BYTES", 0)
        run = api.run_pack("ilacs", council, dt.date(2025, 3, 31), engine="duckdb", redact_key=KEY)
    assert isinstance(run.redactor, KeptRedactor)
    python_rows = api.run_pack("ilacs", council, dt.date(2025, 3, 31), engine="reference")
    loaded = python_rows.result.loaded
    assert not loaded.in_database
    assert set(run.redactor.table) == identifiers(loaded.dataset, python_rows.result.pack.schema)
    assert type(redactor_for(KEY, loaded.dataset, python_rows.result.pack.schema)) is Redactor


def test_the_pseudonym_table_is_made_on_a_connection_with_an_unfinished_result():
    """DuckDB 2 refuses ``register`` while a result on the connection is unfinished (a
    ``fetchone()`` of a query's first row): on a 10,000-child council the JSON with --redact was
    an internal error."""
    kept = _kept(IDS)
    assert isinstance(kept, KeptRedactor)
    con = duckdb.connect()
    con.execute("CREATE TABLE x AS SELECT range AS n FROM range(5000)")
    assert con.execute("SELECT n FROM x ORDER BY n").fetchone() == (0,)  # left unfinished
    name = kept.map_table(con)
    assert dict(con.execute(f"SELECT i, p FROM {name}").fetchall()) == {i: pseudonym(KEY, i) for i in IDS}
