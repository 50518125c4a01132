"""Tests for checker.yamlsource: safe loading, core-schema scalars, positions."""

import pytest

from checker import yamlsource
from checker.errors import CasecheckError
from checker.yamlsource import (
    ALIAS_MESSAGE,
    MAX_DEPTH,
    load_yaml,
    load_yaml_text,
)


def errors_of(text: str):
    with pytest.raises(CasecheckError) as info:
        load_yaml_text(text, "f.yaml")
    return info.value.diagnostics


def only_error(text: str):
    diagnostics = errors_of(text)
    assert len(diagnostics) == 1, diagnostics
    d = diagnostics[0]
    assert d.code == "yaml"
    assert d.location.file == "f.yaml"
    return d


# -- scalars ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, value",
    [
        ("null", None), ("Null", None), ("NULL", None), ("~", None), ("", None),
        ("true", True), ("false", False), ("True", True), ("FALSE", False), ("tRuE", True),
        ("0", 0), ("10", 10), ("-3", -3), ("+7", 7),
        ("1.5", 1.5), ("-0.25", -0.25), ("1e3", 1000.0), ("2.5E-1", 0.25), (".5", 0.5),
        # Everything else is a string.
        ("2024-03-31", "2024-03-31"), ("2024-03-31T10:00:00", "2024-03-31T10:00:00"),
        ("yes", "yes"), ("no", "no"), ("NO", "NO"), ("Y", "Y"), ("n", "n"),
        ("on", "on"), ("off", "off"), ("OFF", "OFF"),
        ("007", "007"), ("010", "010"), ("00", "00"), ("01.5", "01.5"),
        ("0x1F", "0x1F"), ("0o17", "0o17"), ("1_000", "1_000"), ("12:30", "12:30"),
        (".inf", ".inf"), (".nan", ".nan"), ("none", "none"), ("nil", "nil"),
        ("4 weeks", "4 weeks"), ("1A", "1A"),
        # Quoted and block scalars are always strings.
        ("'10'", "10"), ('"true"', "true"), ("''", ""), ('"null"', "null"),
        ("!!str 12", "12"), ("!!int 12", 12), ("!!float 1", 1.0), ("!!bool true", True), ("!!null ''", None),
    ],
)
def test_scalar_resolution(source, value):
    data = load_yaml_text(f"v: {source}\n").data
    assert data["v"] == value
    assert type(data["v"]) is type(value)


def test_block_scalars_are_strings():
    data = load_yaml_text("a: |\n  10\nb: >-\n  true\n").data
    assert data == {"a": "10\n", "b": "true"}


def test_code_values_survive_as_keys_and_values():
    data = load_yaml_text("in_touch:\n  YES: In touch\n  NO: Not in touch\nanswers: [yes, no, NO, n]\n").data
    assert data == {"in_touch": {"YES": "In touch", "NO": "Not in touch"}, "answers": ["yes", "no", "NO", "n"]}


def test_mappings_keep_insertion_order_and_types_are_plain():
    doc = load_yaml_text("b: 1\na: [x, {c: null}]\nz: {}\n")
    assert list(doc.data) == ["b", "a", "z"]
    assert type(doc.data) is dict and type(doc.data["a"]) is list
    assert doc.data == {"b": 1, "a": ["x", {"c": None}], "z": {}}


def test_empty_document():
    for text in ("", "# only a comment\n"):
        doc = load_yaml_text(text, "e.yaml")
        assert doc.data is None
        assert (doc.location().line, doc.location().column) == (1, 1)


# -- positions --------------------------------------------------------------------------

RULE = """\
# a rule
rules:
  - id: ASSESS-45WD
    title: 'Assessments authorised within 45 working days'
    when: "type = 'single'\\nand start_date >= \\"2024-01-01\\""
    expect: |
      authorised_date is not missing
        and authorised_date <= start_date + 45 working days
    reasons:
      fail: >
        authorised {authorised_date},
        started {start_date}

        late
    note: a plain scalar
      over two lines
    tags: [timeliness, assessments]
"""


@pytest.fixture(scope="module")
def rule_doc():
    return load_yaml_text(RULE, "rules/a.yaml")


def pos(loc):
    return (loc.line, loc.column, loc.end_line, loc.end_column)


def test_value_and_key_locations(rule_doc):
    assert rule_doc.location(("rules", 0, "id")).file == "rules/a.yaml"
    assert pos(rule_doc.location(("rules", 0, "id"))) == (3, 9, 3, 20)
    assert pos(rule_doc.key_location(("rules", 0, "id"))) == (3, 5, 3, 7)
    assert pos(rule_doc.location(("rules", 0, "tags", 1))) == (17, 24, 17, 35)
    assert rule_doc.location(("rules",)).line == 3
    assert (rule_doc.location().line, rule_doc.location().column) == (2, 1)


def test_location_falls_back_to_nearest_ancestor(rule_doc):
    assert rule_doc.location(("rules", 0, "nope", 3)) == rule_doc.location(("rules", 0))
    assert rule_doc.key_location(("rules", 0, "nope")) == rule_doc.location(("rules", 0))
    assert rule_doc.location(("rules", 7)) == rule_doc.location(("rules",))


def span(doc, path, needle):
    value = doc.data
    for p in path:
        value = value[p]
    i = value.index(needle)
    return pos(doc.scalar_location(path, i, i + len(needle)))


@pytest.mark.parametrize(
    "path, needle, expected",
    [
        # single-quoted: one column for the quote
        (("rules", 0, "title"), "Assessments", (4, 13, 4, 24)),
        (("rules", 0, "title"), "45", (4, 43, 4, 45)),
        # double-quoted, after a \n escape and an escaped quote
        (("rules", 0, "when"), "single", (5, 20, 5, 26)),
        (("rules", 0, "when"), "start_date", (5, 33, 5, 43)),
        (("rules", 0, "when"), "2024-01-01", (5, 49, 5, 59)),
        (("rules", 0, "when"), "\n", (5, 27, 5, 29)),  # the escape `\n` itself
        # literal block: content on the following lines, indentation stripped
        (("rules", 0, "expect"), "authorised_date is", (7, 7, 7, 25)),
        (("rules", 0, "expect"), "45 working", (8, 45, 8, 55)),
        (("rules", 0, "expect"), "<=", (8, 29, 8, 31)),
        # folded block
        (("rules", 0, "reasons", "fail"), "{start_date}", (12, 17, 12, 29)),
        (("rules", 0, "reasons", "fail"), "late", (14, 9, 14, 13)),
        # multi-line plain scalar
        (("rules", 0, "note"), "over", (16, 7, 16, 11)),
        (("rules", 0, "note"), "plain", (15, 13, 15, 18)),
    ],
)
def test_scalar_location(rule_doc, path, needle, expected):
    assert span(rule_doc, path, needle) == expected
    line, column, end_line, end_column = expected
    if needle != "\n":  # the source text there is the needle itself
        assert end_line == line
        assert RULE.splitlines()[line - 1][column - 1 : end_column - 1] == needle


def test_scalar_location_inside_literal_block_offset(rule_doc):
    expr = rule_doc.data["rules"][0]["expect"]
    assert expr.startswith("authorised_date is not missing\n  and ")
    offset = expr.index("start_date")
    loc = rule_doc.scalar_location(("rules", 0, "expect"), offset)
    assert (loc.line, loc.column, loc.end_line, loc.end_column) == (8, 32, 8, 33)
    assert RULE.splitlines()[loc.line - 1][loc.column - 1 :].startswith("start_date + 45")


def test_scalar_location_range_across_lines(rule_doc):
    expr = rule_doc.data["rules"][0]["expect"]
    loc = rule_doc.scalar_location(("rules", 0, "expect"), 0, expr.index("and") + 3)
    assert pos(loc) == (7, 7, 8, 12)


def test_scalar_location_plain_and_bounds():
    doc = load_yaml_text("expect: a <= b + 45 working days\n")
    assert pos(doc.scalar_location(("expect",), 5, 7)) == (1, 14, 1, 16)
    assert pos(doc.scalar_location(("expect",), 0)) == (1, 9, 1, 10)
    # An empty range, and offsets past the end, stay inside the value.
    assert pos(doc.scalar_location(("expect",), 3, 3))[:2] == (1, 12)
    assert pos(doc.scalar_location(("expect",), 100))[:2] == (1, 33)


def test_scalar_location_single_quote_doubling_and_crlf():
    doc = load_yaml_text("a: 'it''s x'\r\nb: |\r\n  one\r\n  two x\r\n")
    assert doc.data == {"a": "it's x", "b": "one\ntwo x\n"}
    assert span(doc, ("a",), "s x") == (1, 9, 1, 12)
    assert span(doc, ("b",), "x") == (4, 7, 4, 8)


def test_scalar_location_of_a_non_scalar_is_its_location(rule_doc):
    assert rule_doc.scalar_location(("rules", 0), 3) == rule_doc.location(("rules", 0))


# -- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, column",
    [
        ("a: &x 1\nb: *x\n", 1, 4),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 1, 7),
        ("a: *x\n", 1, 4),
    ],
)
def test_anchors_and_aliases_are_refused(text, line, column):
    d = only_error(text)
    assert d.message == ALIAS_MESSAGE
    assert (d.location.line, d.location.column) == (line, column)


def test_billion_laughs_is_refused():
    lol = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    lol += "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8))
    assert only_error(lol).message == ALIAS_MESSAGE


def test_nesting_depth_limit():
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert load_yaml_text(ok).data is not None
    d = only_error("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert "deeper than 64" in d.message
    assert (d.location.line, d.location.column) == (1, 65)
    block = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "x\n"
    assert "deeper than 64" in only_error(block).message


def test_duplicate_key_is_reported_at_the_second_key():
    d = only_error("rules:\n  - id: A\n    title: x\n    id: B\n")
    assert d.message == "duplicate key `id`"
    assert (d.location.line, d.location.column) == (4, 5)
    assert "line 2" in d.suggestion


def test_every_construction_problem_is_reported():
    diagnostics = errors_of("a: 1\na: 2\n3: x\ntrue: y\n~: z\n[1]: w\n")
    assert [(d.message, d.location.line) for d in diagnostics] == [
        ("duplicate key `a`", 2),
        ("mapping key `3` is not a string", 3),
        ("mapping key `true` is not a string", 4),
        ("mapping key `~` is not a string", 5),
        ("a mapping key must be a name, not a list", 6),
    ]
    assert diagnostics[1].suggestion == 'put the key in quotes: "3"'


def test_multiple_documents_are_refused():
    d = only_error("a: 1\n---\nb: 2\n")
    assert "one YAML document" in d.message
    assert d.location.line == 2


@pytest.mark.parametrize(
    "text, message, line, column",
    [
        ("a:\n\tb: 1\n", "tab character: YAML indentation must use spaces, not tabs", 2, 1),
        ("a: b: c\n", "mapping values are not allowed here", 1, 5),
        ("a: [1, 2\n", "expected ',' or ']', but got '<stream end>'", 2, 1),
        ("a: 'open\n", "found unexpected end of stream", 2, 1),
        ("a:\n  - x\n b: 1\n", "expected <block end>, but found '<block mapping start>'", 3, 2),
        ("a: \x07\n", "character U+0007 is not allowed in YAML (a control character)", 1, 4),
        ("a: !!python/object:os.system x\n", "YAML tag `!!python/object:os.system` is not allowed in casecheck files", 1, 4),
        ("a: !custom x\n", "YAML tag `!custom` is not allowed in casecheck files", 1, 4),
        ("a: !!int x\n", "`x` is not a valid !!int", 1, 4),
        ("a: !!str [1]\n", "tag `!!str` cannot be used on a list", 1, 4),
    ],
)
def test_syntax_errors_are_positioned(text, message, line, column):
    d = only_error(text)
    assert d.message == message
    assert (d.location.line, d.location.column) == (line, column)


# -- files ------------------------------------------------------------------------------


def test_load_file_with_and_without_bom(tmp_path):
    plain = tmp_path / "plain.yaml"
    plain.write_bytes("title: café\nn: NO\n".encode())
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + "title: café\nn: NO\n".encode())
    for path in (plain, bom):
        doc = load_yaml(path)
        assert doc.data == {"title": "café", "n": "NO"}
        assert doc.path == str(path)
        assert not doc.text.startswith("\ufeff")
        assert (doc.key_location(("title",)).line, doc.key_location(("title",)).column) == (1, 1)
        assert doc.location(("n",)).file == str(path)
    assert load_yaml_text("\ufeffa: 1\n").data == {"a": 1}


def test_non_utf8_file_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\ntitle: caf\xe9\n".encode("latin-1"))
    with pytest.raises(CasecheckError) as info:
        load_yaml(path)
    (d,) = info.value.diagnostics
    assert str(path) in d.message and "UTF-8" in d.message
    assert (d.location.file, d.location.line, d.location.column) == (str(path), 2, 11)


def test_missing_file(tmp_path):
    with pytest.raises(CasecheckError) as info:
        load_yaml(tmp_path / "nope.yaml")
    assert "cannot read" in info.value.diagnostics[0].message


def test_too_large_file(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlsource, "MAX_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n")
    with pytest.raises(CasecheckError) as info:
        load_yaml(path)
    assert "larger than" in info.value.diagnostics[0].message
    with pytest.raises(CasecheckError):
        load_yaml_text("a: " + "x" * 200)


# -- the C fast path --------------------------------------------------------------------

from pathlib import Path  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _graph(node):
    """A node graph as plain data: kind, tag, style, both marks and the value."""
    if node is None:
        return None
    marks = (node.start_mark.index, node.start_mark.line, node.start_mark.column,
             node.end_mark.index, node.end_mark.line, node.end_mark.column)
    head = (type(node).__name__, node.tag, getattr(node, "style", None), marks)
    if isinstance(node.value, str):
        return head + (node.value,)
    if node.value and isinstance(node.value[0], tuple):
        return head + (tuple((_graph(k), _graph(v)) for k, v in node.value),)
    return head + (tuple(_graph(v) for v in node.value),)


def _outcome(compose, text):
    try:
        return "ok", _graph(compose(text, "f.yaml"))
    except CasecheckError as exc:
        return "error", [(d.message, d.location, d.suggestion) for d in exc.diagnostics]


needs_libyaml = pytest.mark.skipif(yamlsource._CLoader is None, reason="PyYAML built without libyaml")


@needs_libyaml
@pytest.mark.parametrize("path", sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "rules").rglob("*.yaml")))
def test_the_c_loader_gives_the_pure_loaders_nodes_on_every_rule_file(path):
    text = (ROOT / path).read_text(encoding="utf-8-sig")
    loader = yamlsource._CLoader(text)
    loader.get_event()
    assert _graph(loader.compose_document()) == _outcome(yamlsource._compose_pure, text)[1]


_PIECES = st.sampled_from([
    "a", "b", "key", ": ", ":", "-", "- ", " ", "  ", "\n", "\r\n", "#", "'", '"', "\\", "|", ">", "[", "]",
    "{", "}", ",", "&x ", "*x", "!!str ", "!t ", "?", "---", "...", "%YAML 1.2\n", "é", "😀", "\t", "\x07",
    "null", "12", "1.5", "true", "|-\n  ", "\n  ", "\n    ",
])


@needs_libyaml
@settings(max_examples=1000, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.booleans())
def test_the_c_fast_path_accepts_refuses_and_places_exactly_as_the_pure_loader(text, final_newline):
    """Whatever the text, composing through libyaml (with its fallback) gives
    the pure loader's node graph, or its diagnostics word for word."""
    text += "\n" if final_newline else ""
    assert _outcome(yamlsource._compose, text) == _outcome(yamlsource._compose_pure, text)
