"""Tests for checker.language.parser and checker.language.printer.

* Round trip: ``parse_expression(pretty(tree)) == tree`` for random trees
  covering every node type of ``checker/ast.py``; and ``pretty`` is
  idempotent through the parser.
* Syntax errors: the friendly hint and the exact position.
* Precedence: what an unparenthesised expression means.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.language import nodes as A
from checker.language.parser import ExpressionSyntaxError, parse_expression
from checker.language.printer import pretty

# --------------------------------------------------------------------------------------
# strategies
# --------------------------------------------------------------------------------------

RESERVED = frozenset(
    "and or not in is missing present between within after before some no every where "
    "satisfies for true false as_at first last by".split()
)

_IDENT_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
_IDENT_REST = _IDENT_START + "0123456789"

# Mostly short, readable names (so that reserved words and their prefixes are
# hit often), sometimes arbitrary identifiers.
_FAVOURITE_NAMES = [
    "a", "b", "x", "v", "start_date", "child", "visits", "date", "days", "day", "weeks",
    "working", "index", "notes", "isx", "first_x", "lastly", "bye", "order", "_", "nothing",
    "someone", "everyone", "whereas", "truex", "false_", "as_at_x", "inn", "month", "years",
]

names = st.one_of(
    st.sampled_from(_FAVOURITE_NAMES),
    st.builds(
        lambda h, t: h + t,
        st.sampled_from(_IDENT_START),
        st.text(alphabet=_IDENT_REST, max_size=8),
    ),
).filter(lambda n: n not in RESERVED)

_ints = st.one_of(st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=10**30))


@st.composite
def _decimals(draw):
    whole = draw(st.integers(min_value=0, max_value=10**12))
    frac = draw(st.text(alphabet="0123456789", min_size=1, max_size=6))
    return Decimal(f"{whole}.{frac}")


_strings = st.one_of(
    st.text(max_size=12),
    st.text(alphabet='"\\\'\n\t\r #{}éß€😀\u2028\x85abc', max_size=12),
)

_dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
_datetimes = st.datetimes(
    min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)
).map(lambda d: d.replace(microsecond=0))

literals = st.builds(
    A.Literal,
    st.one_of(_ints, _decimals(), _strings, st.booleans(), _dates, _datetimes),
)
durations = st.builds(A.Duration, st.integers(min_value=0, max_value=1000), st.sampled_from(A.UNITS))

leaves = st.one_of(literals, durations, st.builds(A.Name, names), st.just(A.AsAt()))


def _tuple_of(s, min_size=0, max_size=3):
    return st.lists(s, min_size=min_size, max_size=max_size).map(tuple)


def _compound(e):
    """One level of every non-leaf node type, with children drawn from ``e``."""
    opt = st.one_of(st.none(), e)
    quantifier = st.one_of(
        st.builds(A.Quantifier, st.sampled_from(["some", "no"]), names, e, opt, st.none()),
        st.builds(A.Quantifier, st.just("every"), names, e, opt, e),
    )
    return st.one_of(
        st.builds(A.ListExpr, _tuple_of(e)),
        st.builds(A.Attribute, e, names),
        st.builds(A.Not, e),
        st.builds(A.Negate, e),
        st.builds(A.BoolOp, st.sampled_from(["and", "or"]), e, e),
        st.builds(A.Arith, st.sampled_from(["+", "-", "*", "/"]), e, e),
        st.builds(A.Compare, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), e, e),
        st.builds(A.Coalesce, e, e),
        st.builds(A.In, e, e, st.booleans()),
        st.builds(A.IsMissing, e, st.booleans()),
        st.builds(A.Between, e, e, e),
        st.builds(A.Within, e, e, st.sampled_from(["after", "before"]), e),
        st.builds(A.Call, names, _tuple_of(e)),
        quantifier,
        st.builds(A.Comprehension, e, names, e, opt),
        st.builds(A.Pick, st.sampled_from(["first", "last"]), names, e, e, opt),
    )


trees = st.recursive(leaves, _compound, max_leaves=12)

ALL_NODE_TYPES = {
    A.Literal, A.Duration, A.ListExpr, A.Name, A.Attribute, A.AsAt, A.Not, A.Negate,
    A.BoolOp, A.Arith, A.Compare, A.Coalesce, A.In, A.IsMissing, A.Between, A.Within,
    A.Call, A.Quantifier, A.Comprehension, A.Pick,
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_round_trip(tree):
    text = pretty(tree)
    assert parse_expression(text) == tree, text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_pretty_is_idempotent(tree):
    text = pretty(tree)
    assert pretty(parse_expression(text)) == text


def test_pick_key_quantifier_without_where():
    """Regression: a where-less quantifier as the `by` key is parenthesised
    so it does not swallow the pick's own `where`."""
    tree = A.Pick("first", "x", A.Name("y"), A.Quantifier("some", "z", A.Name("w")), A.Name("b"))
    text = pretty(tree)  # 'first(x in y by some z in w where b)'
    assert parse_expression(text) == tree, text


@pytest.mark.parametrize(
    "tree",
    [
        A.Literal(0),
        A.Literal(Decimal("0.0")),
        A.Literal(Decimal("12.500")),
        A.Literal(""),
        A.Literal('he said "hi" \\ back\n\ttab é 😀'),
        A.Literal(True),
        A.Literal(False),
        A.Literal(dt.date(2024, 2, 29)),
        A.Literal(dt.datetime(2024, 2, 29, 9, 5)),
        A.Literal(dt.datetime(2024, 2, 29, 9, 5, 7)),
        A.Duration(1, "working days"),
        A.Duration(0, "days"),
        A.Duration(1000, "years"),
        A.ListExpr(()),
        A.Negate(A.Negate(A.Name("x"))),
        A.Arith("-", A.Name("a"), A.Negate(A.Literal(3))),
        A.Attribute(A.Negate(A.Name("a")), "b"),
        A.Attribute(A.Duration(3, "days"), "x"),
        A.Attribute(A.Literal(3), "x"),
        A.Not(A.Quantifier("some", "v", A.Name("visits"), A.Name("p"))),
        A.BoolOp("and", A.Quantifier("some", "v", A.Name("c")), A.Name("x")),
        A.Compare("<", A.Compare("<", A.Name("a"), A.Name("b")), A.Name("c")),
        A.Coalesce(A.Coalesce(A.Name("a"), A.Name("b")), A.Name("c")),
        A.Quantifier(
            "every", "x", A.Name("y"),
            A.Quantifier("every", "z", A.Name("w"), None, A.Name("q")),
            A.Name("p"),
        ),
        A.Quantifier("every", "x", A.Name("y"), A.Quantifier("some", "z", A.Name("w")), A.Name("p")),
        A.Pick("last", "x", A.Name("y"), A.Quantifier("some", "z", A.Name("w"), A.Name("a")), A.Name("b")),
        A.Comprehension(A.Quantifier("some", "z", A.Name("w")), "x", A.Name("y"), None),
        A.ListExpr((A.Quantifier("some", "z", A.Name("w"), A.Name("a")), A.Name("b"))),
        A.Call("f", (A.Quantifier("no", "z", A.Name("w"), A.Name("a")), A.Name("b"))),
    ],
    ids=repr,
)
def test_round_trip_examples(tree):
    text = pretty(tree)
    assert parse_expression(text) == tree, text


# --------------------------------------------------------------------------------------
# syntax errors
# --------------------------------------------------------------------------------------

SYNTAX_ERRORS = [
    # text, hint fragment, span.start, line, column
    ("a = b", "Use `==` to compare", 2, 1, 3),
    ("x = 'y' and z", "Use `==` to compare", 2, 1, 3),
    ("a < b < c", "Comparisons do not chain", 6, 1, 7),
    ("a == b == c", "Comparisons do not chain", 7, 1, 8),
    ("every x in y", "`every` needs a `satisfies` clause", 12, 1, 13),
    ("every x in y where x.a", "`every` needs a `satisfies` clause", 22, 1, 23),
    ("a and", "ends too early", 5, 1, 6),
    ("a and   ", "ends too early", 5, 1, 6),
    ("a\n  and", "ends too early", 7, 2, 6),
    ("a between b and", "ends too early", 15, 1, 16),
    ("a &&b", "`&&`, `||` and `!` are not operators", 2, 1, 3),
    ("a || b", "`&&`, `||` and `!` are not operators", 2, 1, 3),
    ("!a", "`&&`, `||` and `!` are not operators", 0, 1, 1),
    ('"abc', "This string is not closed", 0, 1, 1),
    ('a == "abc', "This string is not closed", 5, 1, 6),
    ("2024-02-30 < a", "`2024-02-30` is not a real date", 0, 1, 1),
    ("a < 2023-02-29T10:00", "not a real date and time", 4, 1, 5),
    ("a + working days", "A duration needs a whole number and a unit", 12, 1, 13),
    ("some in y", "A quantifier needs a variable and a collection", 8, 1, 9),
    ("some x where y", "A quantifier needs a variable and a collection", 7, 1, 8),
    ("(a", "expected `)`", 2, 1, 3),
    ("f(a,,b)", "unexpected `,`", 4, 1, 5),
    ("a {b}", "Braces belong in reason templates", 2, 1, 3),
    ("a +\n  = b", "Use `==` to compare", 6, 2, 3),
    ("", "the expression is empty", 0, 1, 1),
]


@pytest.mark.parametrize("text,hint,start,line,column", SYNTAX_ERRORS, ids=[s[0] for s in SYNTAX_ERRORS])
def test_syntax_error(text, hint, start, line, column):
    with pytest.raises(ExpressionSyntaxError) as info:
        parse_expression(text)
    err = info.value
    assert hint in err.message
    assert (err.span.start, err.span.line, err.span.column) == (start, line, column)


def test_syntax_error_span_covers_the_token():
    with pytest.raises(ExpressionSyntaxError) as info:
        parse_expression("a == b == c")
    assert (info.value.span.start, info.value.span.end) == (7, 9)
    with pytest.raises(ExpressionSyntaxError) as info:
        parse_expression("2024-02-30 < a")
    assert (info.value.span.start, info.value.span.end) == (0, 10)


def test_too_deep_and_too_long():
    with pytest.raises(ExpressionSyntaxError, match="nested"):
        parse_expression("(" * 101 + "a" + ")" * 101)
    assert parse_expression("(" * 50 + "a" + ")" * 50) == A.Name("a")
    with pytest.raises(ExpressionSyntaxError, match="limit"):
        parse_expression("a or " * 5000 + "a")


@pytest.mark.parametrize("word", ["some", "no", "every", "not", "first", "last"])
def test_reserved_words_are_not_names(word):
    with pytest.raises(ExpressionSyntaxError):
        parse_expression(f"{word} == 1")


def test_operator_keyword_is_not_a_name():
    with pytest.raises(ExpressionSyntaxError, match="`and` is a word of the language and cannot stand here"):
        parse_expression("a or and")


# --------------------------------------------------------------------------------------
# precedence
# --------------------------------------------------------------------------------------

PRECEDENCE = [
    ("a or b and c", "a or (b and c)"),
    ("a and b or c", "(a and b) or c"),
    ("a or b or c", "(a or b) or c"),
    ("a and b and c", "(a and b) and c"),
    ("not a and b", "(not a) and b"),
    ("not a == b", "not (a == b)"),
    ("not not a", "not (not a)"),
    ("a ?? b + c", "a ?? (b + c)"),
    ("a ?? b ?? c", "a ?? (b ?? c)"),
    ("a ?? b == c", "(a ?? b) == c"),
    ("a + b ?? c", "(a + b) ?? c"),
    ("a + b * c", "a + (b * c)"),
    ("a - b - c", "(a - b) - c"),
    ("a / b * c", "(a / b) * c"),
    ("d + 1 week - 2 days", "(d + 1 week) - 2 days"),
    ("-a.b", "-(a.b)"),
    ("-a * b", "(-a) * b"),
    ("- f(x).y", "-(f(x).y)"),
    ("a.b.c", "(a.b).c"),
    ("a + b < c * d", "(a + b) < (c * d)"),
    ("a in b and c", "(a in b) and c"),
    ("a not in b or c", "(a not in b) or c"),
    ("not a is missing", "not (a is missing)"),
    ("a ?? b is present", "(a ?? b) is present"),
    ("a between b and c and d", "(a between b and c) and d"),
    ("a between b + 1 and c ?? d", "a between (b + 1) and (c ?? d)"),
    ("x within 3 days after a ?? b", "x within 3 days after (a ?? b)"),
    ("x and some v in C where p or q", "x and (some v in C where (p or q))"),
    ("x or not some v in C where p and q", "x or (not (some v in C where (p and q)))"),
    ("every v in C where p and q satisfies r or s", "every v in C where (p and q) satisfies (r or s)"),
    ("some v in a ?? b where p", "some v in (a ?? b) where p"),
    ("[v.d for v in C where p or q]", "[(v.d) for v in C where (p or q)]"),
    ("first(v in C by v.d + 1 day where p and q)", "first(v in C by (v.d + 1 day) where (p and q))"),
]


@pytest.mark.parametrize("text,meaning", PRECEDENCE, ids=[p[0] for p in PRECEDENCE])
def test_precedence(text, meaning):
    assert parse_expression(text) == parse_expression(meaning)


def test_precedence_trees():
    """A few spelled out, so the table above cannot be right by accident."""
    a, b, c = A.Name("a"), A.Name("b"), A.Name("c")
    assert parse_expression("a or b and c") == A.BoolOp("or", a, A.BoolOp("and", b, c))
    assert parse_expression("a ?? b + c") == A.Coalesce(a, A.Arith("+", b, c))
    assert parse_expression("not a == b") == A.Not(A.Compare("==", a, b))
    assert parse_expression("-a.b") == A.Negate(A.Attribute(a, "b"))
    assert parse_expression("-3") == A.Negate(A.Literal(3))
    assert parse_expression("d + 1 week - 2 days") == A.Arith(
        "-", A.Arith("+", A.Name("d"), A.Duration(1, "weeks")), A.Duration(2, "days")
    )
    assert parse_expression("x and some v in C where p or q") == A.BoolOp(
        "and",
        A.Name("x"),
        A.Quantifier("some", "v", A.Name("C"), A.BoolOp("or", A.Name("p"), A.Name("q"))),
    )
    assert parse_expression("a not in [1, 2]") == A.In(a, A.ListExpr((A.Literal(1), A.Literal(2))), True)
    assert parse_expression("a is present") == A.IsMissing(a, True)
    assert parse_expression("d + 1 working   day") == A.Arith("+", A.Name("d"), A.Duration(1, "working days"))


def test_spans_point_at_source():
    text = "start_date   +  45 working days"
    tree = parse_expression(text)
    assert text[tree.right.span.start : tree.right.span.end] == "45 working days"
    assert (tree.left.span.start, tree.left.span.end, tree.left.span.column) == (0, 10, 1)
    multi = "a and\n   b.c"
    t2 = parse_expression(multi)
    assert (t2.right.span.line, t2.right.span.column) == (2, 4)


@pytest.mark.parametrize("text, offset", [(r'matches(x, "C\d+")', 13), (r"x == 'a\.b'", 7), (r'"\q"', 1)])
def test_an_unknown_string_escape_is_an_error_at_its_place(text, offset):
    """`"\\d"` once reached matches() as `d`: a different pattern from the one written."""
    with pytest.raises(ExpressionSyntaxError) as info:
        parse_expression(text)
    assert "unknown escape" in str(info.value)
    assert info.value.span.start == offset and info.value.span.end == offset + 2
    assert "\\\\" in info.value.suggestion


@pytest.mark.parametrize("text, value", [(r'"a\\d"', "a\\d"), (r'"tab\there"', "tab\there"), (r"'it\'s'", "it's"),
                                         (r'"say \"hi\""', 'say "hi"'), (r'"two\nlines"', "two\nlines")])
def test_the_known_escapes(text, value):
    assert parse_expression(text).value == value
