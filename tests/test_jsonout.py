"""checker.report.jsonout.dumps is byte-identical to
``json.dumps(doc, indent=2, ensure_ascii=False) + "\\n"``: on random nested
documents, on the shapes its fast paths take, and on a real run result."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import checker.cli
from checker.report.jsonout import StreamedCases, dumps, write
from checker.report.renderers import RENDERERS

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "examples" / "pack"
COUNCIL = ROOT / "examples" / "council"
AS_AT = "2025-03-31"


def reference(doc) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# Text: anything but surrogates (a result never holds them), weighted towards
# what needs escaping or could confuse re-indentation (brackets, separators,
# quotes, backslashes, control characters, line separators).
TRICKY = '"\\/\n\r\t\b\f\x00\x01\x1f\x7f\x85\u2028\u2029{}[],: \ufeff'
chars = st.one_of(
    st.sampled_from(TRICKY),
    st.characters(exclude_categories=("Cs",)),
)
texts = st.text(chars, max_size=12) | st.sampled_from(["", "}", "{", "]", "[", "},\n  {", '"}', "null", "-0.0"])
ints = st.integers() | st.integers(min_value=-(2**256), max_value=2**256) | st.sampled_from([0, -1, 2**63, -(2**63) - 1])
floats = st.floats() | st.sampled_from([0.0, -0.0, math.inf, -math.inf, math.nan, 1e300, 5e-324, 0.1, 1e16, 123456789.0])
scalars = st.one_of(st.none(), st.booleans(), ints, floats, texts)


def containers(children):
    return st.one_of(
        st.lists(children, max_size=6),
        st.lists(children, max_size=4).map(tuple),
        st.dictionaries(texts, children, max_size=6),
    )


documents = st.recursive(scalars, containers, max_leaves=60)

# The fast paths: containers of scalars, lists of non-empty flat dicts and of
# non-empty flat lists, at various depths, mixed with things that disqualify
# them (an empty element, a nested value, a tuple, a scalar among dicts).
flat_dicts = st.dictionaries(texts, scalars, min_size=1, max_size=5)
flat_lists = st.lists(scalars, min_size=1, max_size=5)
lists_of_flat = st.lists(flat_dicts, min_size=1, max_size=6) | st.lists(flat_lists, min_size=1, max_size=6)
spoilers = st.sampled_from([{}, [], (), {"k": {}}, {"k": []}, [[]], 0, "x", None, (1, 2), {"k": {"n": 1}}])


@st.composite
def fast_path_documents(draw):
    items = draw(lists_of_flat)
    if draw(st.booleans()):
        items.insert(draw(st.integers(0, len(items))), draw(spoilers))
    doc = items
    for _ in range(draw(st.integers(0, 4))):
        doc = [doc] if draw(st.booleans()) else {draw(texts): doc}
    return doc


@settings(max_examples=1000, deadline=None)
@given(documents)
def test_random_documents(doc):
    assert dumps(doc) == reference(doc)


@settings(max_examples=500, deadline=None)
@given(fast_path_documents())
def test_fast_path_documents(doc):
    assert dumps(doc) == reference(doc)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 150), st.lists(st.sampled_from(["list", "dict", "tuple"]), min_size=1, max_size=3), scalars)
def test_deep_nesting(depth, kinds, leaf):
    doc = leaf
    for i in range(depth):
        kind = kinds[i % len(kinds)]
        doc = [doc, i] if kind == "list" else (doc,) if kind == "tuple" else {"k": doc, "i": i}
    assert dumps(doc) == reference(doc)


@pytest.mark.parametrize("doc", [
    None, True, False, 0, -0.0, math.nan, math.inf, -math.inf, 2**1000, "", "é\u2028\x00",
    {}, [], (), {"": {}}, [[], {}, ()], [{}], [[]], [{}, {"a": 1}], [[1], []],
    [{"a": "}"}, {"b": "{"}], [["]"], ["["]], [{"a": 1}, [1]], [{"a": 1}, 2],
    {"excluded": {}, "rejected": {}, "ignored_columns": []},
    {1: "int", 1.5: "float", -0.0: "negzero", math.nan: "nan", math.inf: "inf", None: "n"},
    {True: "t", False: "f", 2**70: "big", -math.inf: "-inf"},
    [{1: 1, 2.5: 2, None: 3}, {True: 4}],
    {"outer": {2: [1, 2]}},
])
def test_examples(doc):
    assert dumps(doc) == reference(doc)


class Tagged(str):
    pass


class Count(int):
    pass


class Rate(float):
    pass


def test_scalar_subclasses():
    doc = {Tagged("k"): [Tagged("v"), Count(3), Rate(0.5), {"n": Count(7)}], "l": [{"t": Tagged("x")}]}
    assert dumps(doc) == reference(doc)


@pytest.mark.parametrize("doc", [
    object(), {1, 2}, {"a": object()}, [1, b"x"], [{"a": 1}, {"b": object()}], {"a": {"b": [{"c": {1, 2}}]}},
    {(1, 2): "tuple key"}, [{(1, 2): 1}], {"a": {("x",): [1]}},
])
def test_unserializable_raises_like_json(doc):
    with pytest.raises(TypeError) as ours:
        dumps(doc)
    with pytest.raises(TypeError) as theirs:
        reference(doc)
    assert str(ours.value) == str(theirs.value)


def test_real_run_result(monkeypatch):
    """The example pack on the example council: the document `run` builds,
    and the bytes `run --format json` prints, are json's bytes."""
    docs = []
    real = RENDERERS["json"]

    def spy(result, doc, write_text):
        # the document's cases are streamed from the engine as it is written:
        # read whole here, while the engine is open
        assert any(isinstance(rule["cases"], StreamedCases) for rule in doc["rules"])
        docs.append(json.loads(dumps(doc)))
        return real.write(result, doc, write_text)

    monkeypatch.setitem(RENDERERS, "json", dataclasses.replace(real, write=spy))
    r = CliRunner().invoke(checker.cli.cli, [
        "run", str(PACK), "--data", str(COUNCIL), "--as-at", AS_AT, "--format", "json", "--fail-on", "none",
    ], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    (doc,) = docs
    assert doc["rules"] and any(rule["cases"] for rule in doc["rules"])
    expected = reference(doc)
    assert dumps(doc) == expected
    assert r.stdout == expected


@pytest.mark.parametrize("engine", ["duckdb", "reference"])
def test_streamed_document_writes_the_same_bytes(engine):
    """run_pack(stream=True): the cases are read from the engine as the JSON
    is written; the bytes are those of the document built whole."""
    import datetime as _dt

    from checker.api import run_pack

    as_at = _dt.date.fromisoformat(AS_AT)
    whole = run_pack(PACK, COUNCIL, as_at, engine=engine).document
    run = run_pack(PACK, COUNCIL, as_at, engine=engine, stream=True)
    pieces: list[str] = []
    try:
        write(run.document, pieces.append, size=64)  # small pieces: many seams
        again: list[str] = []
        write(run.document, again.append)  # read twice, the same
    finally:
        run.close()
    assert "".join(pieces) == dumps(whole) == "".join(again)


def test_cases_the_database_writes_are_json_s_bytes():
    """DuckDB writes each case's JSON; where its text would differ from
    json's (control characters: DuckDB's hex is upper case) or a reason may
    say "1 days" (one_unit), the case is written in Python: the same bytes."""
    from checker.backends.duckdb import DuckDBBackend
    from checker.engine.outcomes import one_unit
    from checker.engine.sql import SqlEngine

    cases = [("a\x01b", "r"), ("b\x1f", "x\x0by"), ("c", "within 1 days"), ("d", 'q"\\/\u00e9\u2028 \U0001F600'),
             ("e", "1 weeks, 11 days"), ("f", "plain")]
    eng = SqlEngine.__new__(SqlEngine)
    eng.backend = DuckDBBackend()
    try:
        eng.backend.con.execute("CREATE TABLE t (k VARCHAR, r VARCHAR)")
        eng.backend.con.executemany("INSERT INTO t VALUES (?, ?)", cases)
        ci, fi = "\n        ", "\n          "
        got = [t for chunk in eng._json_cases("SELECT k, r FROM t", False, ci, fi) for t in chunk]
    finally:
        eng.backend.close()
    want = ["{" + fi + '"id": ' + json.dumps(k, ensure_ascii=False) + "," + fi + '"reason": '
            + json.dumps(one_unit(r), ensure_ascii=False) + ci + "}" for k, r in sorted(cases)]
    assert got == want


def test_cases_the_database_writes_with_a_constant_or_a_unit_are_json_s_bytes():
    """A constant reason (every passing case's "met: ...") is written once by
    DuckDB for all its cases, and only reasons one_unit could change (they
    hold "1 <unit>s") go to Python: either way the bytes json writes."""
    from checker.backends.duckdb import DuckDBBackend
    from checker.engine.outcomes import one_unit
    from checker.engine.sql import SqlEngine

    reasons = ["1 day", "-1 days", "21 days", "1.1 years", "x1 months", "(1 working days)", "1 weeks1 days", "1  days",
               "1 daysy", "1 years and 1 months", "a 1 b", "11 weeks", ",1 days", "\u0661 days 1 weeks"]
    keys = ["k\x7f", "k\u00e9", 'k"q', "k\x1e", "k/", "k\\"]
    ci, fi = "\n        ", "\n          "

    def cases(sql: str, constant: bool, rows: list[tuple[str, str]]) -> list[str]:
        eng = SqlEngine.__new__(SqlEngine)
        eng.backend = DuckDBBackend()
        try:
            eng.backend.con.execute("CREATE TABLE t (k VARCHAR, r VARCHAR)")
            eng.backend.con.executemany("INSERT INTO t VALUES (?, ?)", rows)
            return [t for chunk in eng._json_cases(sql, constant, ci, fi) for t in chunk]
        finally:
            eng.backend.close()

    def want(rows: list[tuple[str, str]]) -> list[str]:
        return ["{" + fi + '"id": ' + json.dumps(k, ensure_ascii=False) + "," + fi + '"reason": '
                + json.dumps(one_unit(r), ensure_ascii=False) + ci + "}" for k, r in sorted(rows)]

    rows = [(f"{k}{i}", r) for i, r in enumerate(reasons) for k in keys]
    assert cases("SELECT k, r FROM t", False, rows) == want(rows)
    for constant in ("met: within 1 day", 'met: "a"\\b\u2028', "met: x\x01y"):
        got = cases(f"SELECT k, '{constant}' AS r FROM t", True, [(k, "") for k in keys])
        assert got == want([(k, constant) for k in keys])
