"""An SSDA903 return read straight into DuckDB (``data/readers/ssda903_duckdb.py``) gives exactly
what the Python reader and loader give (``CASECHECK_903_READER=rows``): accounts, diagnostics
(same order, same words), missing tables, integrity issues and every record (key, typed values,
row number), this year's files and the previous year's, on generated returns with problems
planted at the rules' edges (``tests/oracle/plant903.py``), hostile files and hypothesis-made
ones; and ``run dfe-903`` gives the same document either way."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent / "oracle"))
import plant903  # noqa: E402

from checker import api  # noqa: E402
from checker.data.load import load_data  # noqa: E402
from checker.data.readers import ssda903_duckdb, writer  # noqa: E402
from checker.data.readers.ssda903_previous import trim_to_year, write_previous, year_before  # noqa: E402
from checker.packs.pack import load_pack  # noqa: E402
from checker.schema import builtin_schema_path, load_schema  # noqa: E402
from checker.tools.generate import generate  # noqa: E402

AS_AT = _dt.date(2026, 3, 31)
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
REVIEWS = "CHILD,DOB,REVIEW,REVIEW_CODE"


@pytest.fixture(scope="module")
def schema():
    return load_pack("dfe-903").schema


def _accounts(res):
    return {t: (a.read, a.loaded, dict(a.rejected), dict(a.excluded), list(a.excluded), a.fields, a.ignored_columns,
                a.partial, a.file) for t, a in res.accounts.items()}


def assert_same(schema, folder: Path, previous: Path | None = None, *, declines: bool = False):
    """The Python reader's result and the DuckDB path's, field by field (``declines``: the DuckDB
    path is expected to leave the return to the Python reader)."""
    slow = load_data(folder, schema, None, AS_AT, previous)
    con = duckdb.connect()
    try:
        fast = ssda903_duckdb.load_return(con, schema, folder, previous, AS_AT)
        if declines:
            assert fast is None
            assert not con.execute("SELECT * FROM duckdb_tables()").fetchall()  # nothing left behind
            return slow
        assert fast is not None, ssda903_duckdb.last_decline
        assert fast.in_database and fast.format == slow.format == "ssda903"
        assert list(fast.accounts) == list(slow.accounts)
        assert _accounts(fast) == _accounts(slow)
        assert fast.rejections == slow.rejections == []
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


def two_years(out: Path, children: int = 160, seed: int = 4) -> tuple[Path, Path]:
    """A generated return and the previous year's, completed, spoiled and (this year's) spoiled
    at the rules' edges as the oracle test's returns are (codes padded with spaces, CHILD in
    lower case or with a trailing space, sentinel dates, duplicated rows, ...)."""
    council = generate(children, seed, "inadequate", AS_AT)
    raw = Path(tempfile.mkdtemp(dir=out.parent))
    writer("ssda903")(council.tables, load_schema(builtin_schema_path("csc")), raw, AS_AT)
    write_previous(raw, raw / "previous", AS_AT, seed)
    trim_to_year(raw, AS_AT)
    last = out.with_name(out.name + "_last")
    plant903.plant(plant903.complete(raw, out, seed, AS_AT), out, seed, 0.06, as_at=AS_AT, edges=True)
    plant903.plant(plant903.complete(raw / "previous", last, seed + 1, year_before(AS_AT), moved=0.05, previous=True),
                   last, seed + 1, 0.06)
    return out, last


@pytest.mark.parametrize("seed", [4, 9])
def test_a_generated_return_with_problems_planted_at_the_edges(tmp_path, schema, seed):
    folder, last = two_years(tmp_path / "return", seed=seed)
    slow = assert_same(schema, folder, last)
    assert sum(len(v) for v in slow.dataset.tables.values()) > 200
    assert any(d.code == "bad-date" for d in slow.diagnostics.items)
    # without the previous year, and with its files beside this year's (named *_last)
    assert_same(schema, folder)
    for p in last.glob("*.csv"):  # `prev_perm_last` beside `prev_perm` too: PrevPerm's own name is no "prev"
        (folder / f"{p.stem}_last.csv").write_bytes(p.read_bytes())
    beside = assert_same(schema, folder)
    assert not beside.diagnostics.errors and beside.dataset.tables.get("prev_perm")  # this year's PrevPerm read
    assert_same(schema, folder, last)  # --previous wins over the files beside (a warning says so)


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return folder


HOSTILE = {
    # a BOM, CRLF line ends, a short row, a row of spaces and commas, cells padded with
    # spaces, a tab and a no-break space, a quoted cell with a comma, a date with an hour, an impossible
    # date, a date in Arabic-Indic digits (Python's \\d), a lower-case CHILD, a blank CHILD
    "header.csv": ("\ufeff" + HEADER + "\r\nC1,F,01/02/2012,WBRI,,,\r\n C2 ,M, 1/3/2013 ,\tWBRI\u00a0,,,\r\nC3,M\r\n"
                   " , ,,  ,,,\r\n\"C,4\",F,31/02/2012,\"WBRI\",,,\r\nc1,F,01/02/2012 00:00,WBRI,,,\r\n"
                   ",F,٠١/٠٢/٢٠١٢,WBRI,,,\r\n"),
    # columns in another order, one missing, one unknown, one twice (the last is read)
    "episodes.csv": ("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,URN,EXTRA,PLACE\n"
                     "C1,01/05/2024,S,C2,N1,U1,PR1,,,,,,x,U2\nC2,2024-06-01,S,C2,N1,U1,PR1,01/07/2024,E11,,,,,\n"
                     "C9,01/05/2024,S,C2\n"),
    # a file of a kind with no table (DoLo), and a short row in it
    "dolo.csv": "CHILD,DOB,DOLO_START,DOLO_END\nC1,01/02/2012,01/01/2025,\nC2\n",
    # files that are no 903 file
    "notes.csv": "NOTE,TEXT\n1,hello\n",
    "empty.csv": "",
    # only a header
    "reviews.csv": REVIEWS + "\n",
}


def test_hostile_files(tmp_path, schema):
    folder = write(tmp_path / "return", HOSTILE)
    last = write(tmp_path / "last", {
        "header.csv": HEADER + "\nC1,F,01/02/2012,WBRI,,,\nC7,F,01/02/2012,WBRI,,,\n",
        # a file of the previous year no rule reads, with a row too long (counted, not rejected)
        "reviews.csv": REVIEWS + "\nC1,01/02/2012,01/01/2025,PN1,extra\nC1,01/02/2012,01/02/2025,PN1\n",
    })
    slow = assert_same(schema, folder, last)
    codes = {d.code for d in slow.diagnostics.items}
    assert {"short-row", "bad-date", "unknown-column", "unknown-table"} <= codes
    assert [r.values["child_id"] for r in slow.dataset.tables["headers"]].count(None) == 1
    assert slow.accounts["children"].excluded


@pytest.mark.parametrize("files", [
    {"header.csv": HEADER + "\nC1,F,01/02/2012,WBRI,,,,too many\n"},  # a row too long: rejected by the Python reader
    {"header.csv": HEADER + '\n"C1\nC2",F,01/02/2012,WBRI,,,\n'},  # a line break in a quoted cell
    {"header.csv": HEADER + "\nC1,F,01/02/2012,WBRI,,,\n\nC2,F,01/02/2012,WBRI,,,\n"},  # a blank line
    {"header.csv": (HEADER + "\nZoë,F,01/02/2012,WBRI,,,\n").encode("cp1252")},  # not UTF-8
    {"header.csv": HEADER.replace(",", ";") + "\nC1;F;01/02/2012;WBRI;;;\n"},  # separated by ;
])
def test_what_it_leaves_to_the_python_reader(tmp_path, schema, files):
    folder = write(tmp_path / "return", {**files, "episodes.csv": EPISODES + "\nC1,01/05/2024,S,C2,N1,U1,PR1,,,,,,\n"})
    assert_same(schema, folder, declines=True)


def test_the_rows_switch(tmp_path, schema, monkeypatch):
    folder = write(tmp_path / "return", {"header.csv": HEADER + "\nC1,F,01/02/2012,WBRI,,,\n"})
    monkeypatch.setenv(ssda903_duckdb.BY_ROWS_ENV, "rows")
    assert ssda903_duckdb.load_return(duckdb.connect(), schema, folder, None, AS_AT) is None
    assert "rows" in (ssda903_duckdb.last_decline or "")


# cells: codes, dates good and bad, spaces and other whitespace around them, quotes and commas (quoted by the writer)
_CELL = st.sampled_from(["", " ", "C1", "C2", "c1", " C1", "C1 ", "C10", "\tC2", "S", "U1", " P", "01/05/2024",
                         "1/5/2024", "31/02/2024", "2024-05-01", " 01/05/2024 ", "x,y", 'q"t', "\u00a0", "PN1", "Zoë"])


@st.composite
def _file(draw, columns: str):
    names = columns.split(",")
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        width = draw(st.sampled_from([len(names)] * 6 + [1, 2, len(names) - 1]))
        rows.append([draw(_CELL) for _ in range(width)])
    buf = io.StringIO()
    csv.writer(buf, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows([names, *rows])
    return buf.getvalue()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=_file(HEADER), episodes=_file(EPISODES), last=_file(EPISODES), reviews=_file(REVIEWS))
def test_any_return_reads_alike_both_ways(tmp_path_factory, schema, header, episodes, last, reviews):
    top = tmp_path_factory.mktemp("prop")
    folder = write(top / "return", {"header.csv": header, "episodes.csv": episodes, "reviews.csv": reviews})
    previous = write(top / "last", {"episodes.csv": last})
    assert_same(schema, folder, previous)


@pytest.mark.slow  # two whole runs of the pack
def test_run_dfe_903_gives_the_same_document_either_way(tmp_path, monkeypatch):
    """End to end through the library API: the JSON document (outcomes, reasons, counts, warnings)
    is the same whether DuckDB read the return or the Python reader did."""
    folder, last = two_years(tmp_path / "return", children=120, seed=6)
    monkeypatch.setattr(api, "SSDA903_FAST_MIN_BYTES", 0)
    fast = api.run_pack("dfe-903", folder, AS_AT, engine="duckdb", previous=last, params={"la_code": "E09000033"})
    assert fast.result.loaded.in_database
    monkeypatch.setenv(ssda903_duckdb.BY_ROWS_ENV, "rows")
    slow = api.run_pack("dfe-903", folder, AS_AT, engine="duckdb", previous=last, params={"la_code": "E09000033"})
    assert not slow.result.loaded.in_database
    assert [str(d) for d in fast.diagnostics] == [str(d) for d in slow.diagnostics]
    assert json.dumps(fast.document, sort_keys=True, default=str) == json.dumps(slow.document, sort_keys=True, default=str)
