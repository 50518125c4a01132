"""Tests for checker.suggest: "did you mean" over known names."""

import pytest

from checker.suggest import (
    did_you_mean,
    jaro,
    jaro_winkler,
    suggest,
)

RULE_KEYS = [
    "id", "title", "description", "area", "subject", "when", "expect", "missing",
    "severity", "thresholds", "reasons", "finding", "source", "guidance", "tags",
]


@pytest.mark.parametrize(
    "name, candidates, expected",
    [
        ("strat_date", ["start_date", "strategy_date", "end_date"], "start_date"),
        ("strat_date", ["strategy_date", "end_date"], "strategy_date"),
        ("severty", RULE_KEYS, "severity"),
        ("expct", RULE_KEYS, "expect"),
        ("titel", RULE_KEYS, "title"),
        ("authorized_date", ["authorised_date", "start_date", "child_seen"], "authorised_date"),
        ("chld", ["child", "children"], "child"),
        ("Start_Date", ["start_date", "end_date"], "start_date"),  # case-insensitive exact
        ("chi", ["children", "child"], "child"),  # prefix: shortest first
        ("fial", ["fail", "exclude"], "fail"),
        ("warning", ["critical", "major", "minor"], None),
        ("xyz", ["start_date", "end_date"], None),
        ("date", ["start_date", "end_date"], None),
        ("start_date", ["start_date"], None),  # the name itself is not a suggestion
        ("anything", [], None),
        ("", ["a"], None),
    ],
)
def test_suggest(name, candidates, expected):
    assert suggest(name, candidates) == expected


def test_tie_break_is_alphabetical_and_order_independent():
    # `abcx` is equally close to `abcy` and `abcz`.
    assert suggest("abcx", ["abcz", "abcy"]) == "abcy"
    assert suggest("abcx", ["abcy", "abcz"]) == "abcy"
    assert suggest("abcd", ["abcde", "abcdf"]) == "abcde"


def test_candidates_may_be_any_iterable():
    assert suggest("chld", (c for c in ["child"])) == "child"
    assert suggest("chld", {"child": 1}.keys()) == "child"


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("MARTHA", "MARHTA", 0.944),  # the textbook examples
        ("DIXON", "DICKSONX", 0.767),
        ("abc", "abc", 1.0),
        ("abc", "xyz", 0.0),
        ("", "abc", 0.0),
    ],
)
def test_jaro(a, b, expected):
    assert jaro(a, b) == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(
    "a, b, expected",
    [("MARTHA", "MARHTA", 0.961), ("DIXON", "DICKSONX", 0.813), ("DWAYNE", "DUANE", 0.84)],
)
def test_jaro_winkler(a, b, expected):
    assert jaro_winkler(a, b) == pytest.approx(expected, abs=1e-3)


def test_did_you_mean():
    assert did_you_mean("strat_date", ["start_date", "end_date"]) == "did you mean `start_date`?"
    assert did_you_mean("xyz", ["start_date", "end_date"]) is None
