"""checker.tools.sampling: the reproducible, stratified case-audit sample."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from checker.data.load import load_data, load_records
from checker.model import Dataset
from checker.schema import builtin_schema_path, load_schema
from checker.tools.sampling import (
    draw_sample,
    read_sample_csv,
    sample_csv_text,
    write_sample_csv,
)

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = ROOT / "examples" / "council"
AS_AT = dt.date(2025, 3, 31)
SCHEMA = load_schema(builtin_schema_path("csc"))


@pytest.fixture(scope="module")
def council():
    loaded = load_data(COUNCIL, SCHEMA, "csv", AS_AT)
    assert not loaded.rejections
    return loaded


def _records(teams: dict[str, int], extra_children: int = 0, **alloc):
    """A hand-made dataset: ``teams[t]`` children with an open allocation in team t."""
    children, allocations = [], []
    n = 0
    for team, count in teams.items():
        for _ in range(count):
            n += 1
            children.append({"child_id": f"C{n:03d}"})
            allocations.append({"allocation_id": f"A{n:03d}", "child_id": f"C{n:03d}", "team": team,
                                "start_date": "2024-01-01", **alloc})
    for _ in range(extra_children):
        n += 1
        children.append({"child_id": f"C{n:03d}"})
    loaded = load_records(SCHEMA, {"children": children, "case_allocations": allocations}, "test")
    assert not loaded.rejections
    return loaded


def _open_counts(loaded):
    open_teams = {}
    for a in loaded.dataset.tables["case_allocations"]:
        v = a.values
        if v["start_date"] <= AS_AT and (v["end_date"] is None or v["end_date"] > AS_AT):
            open_teams[v["child_id"]] = v["team"]
    return Counter(open_teams.values())


def test_same_seed_same_sample_different_seed_different(council):
    a = draw_sample(council, SCHEMA, 80, 2025, as_at=AS_AT)
    b = draw_sample(council, SCHEMA, 80, 2025, as_at=AS_AT)
    c = draw_sample(council, SCHEMA, 80, 2026, as_at=AS_AT)
    assert a == b and len(a) == 80
    assert {r["child_id"] for r in a} != {r["child_id"] for r in c}
    assert len({r["child_id"] for r in a}) == 80  # without replacement


def test_input_order_does_not_matter(council):
    shuffled = Dataset({t: list(reversed(rows)) for t, rows in council.dataset.tables.items()})
    assert draw_sample(shuffled, SCHEMA, 30, 9, as_at=AS_AT) == draw_sample(council, SCHEMA, 30, 9, as_at=AS_AT)


def test_strata_are_proportional(council):
    population = _open_counts(council)
    total = sum(population.values())
    for size in (7, 40, 80, 116):
        s = draw_sample(council, SCHEMA, size, 1, as_at=AS_AT)
        drawn = Counter(r["stratum"] for r in s)
        assert sum(drawn.values()) == size
        assert set(drawn) <= set(population)
        for team, n in population.items():
            exact = Fraction(size * n, total)
            assert abs(drawn.get(team, 0) - exact) < 1, (size, team)
        assert all(r["team"] == r["stratum"] for r in s)
    assert s.population == total


def test_largest_remainder_rounding_and_ties():
    # quotas 2.5, 1.5, 1.0: floors 2, 1, 1 and one seat left; A and B tie on
    # remainder, the larger stratum (A) takes it.
    s = draw_sample(_records({"A": 5, "B": 3, "C": 2}), SCHEMA, 5, 4, as_at=AS_AT)
    assert Counter(r["stratum"] for r in s) == {"A": 3, "B": 1, "C": 1}
    assert s.strata["A"] == {"population": 5, "quota": 2.5, "drawn": 3}


def test_size_over_population_takes_everyone_with_a_note():
    loaded = _records({"A": 3, "B": 2})
    s = draw_sample(loaded, SCHEMA, 50, 1, as_at=AS_AT)
    assert sorted(r["child_id"] for r in s) == ["C001", "C002", "C003", "C004", "C005"]
    assert any("more than the population" in n for n in s.notes)
    assert not draw_sample(loaded, SCHEMA, 5, 1, as_at=AS_AT).notes  # exactly the population: no note


def test_open_population_is_open_at_as_at():
    loaded = load_records(SCHEMA, {
        "children": [{"child_id": c} for c in ("C1", "C2", "C3", "C4", "C5", "C6")],
        "case_allocations": [
            {"allocation_id": "A1", "child_id": "C1", "team": "T", "start_date": "2024-01-01"},  # open
            {"allocation_id": "A2", "child_id": "C2", "team": "T", "start_date": "2024-01-01", "end_date": "2025-01-01"},  # closed
            {"allocation_id": "A3", "child_id": "C3", "team": "T", "start_date": "2024-01-01", "end_date": "2025-03-31"},  # ends on as_at
            {"allocation_id": "A4", "child_id": "C4", "team": "T", "start_date": "2025-04-10"},  # not started
            {"allocation_id": "A5", "child_id": "C5", "team": "T", "start_date": "2024-01-01", "end_date": "2025-06-01"},  # open then
            # C6 moved team: the open allocation (latest start) gives the team
            {"allocation_id": "A6", "child_id": "C6", "team": "Old", "start_date": "2023-01-01", "end_date": "2024-02-01"},
            {"allocation_id": "A7", "child_id": "C6", "team": "New", "start_date": "2024-02-01"},
        ],
    }, "test")
    s = draw_sample(loaded, SCHEMA, 10, 1, as_at=AS_AT)
    assert {r["child_id"]: r["team"] for r in s} == {"C1": "T", "C5": "T", "C6": "New"}
    # Without as_at, open means no end date.
    s = draw_sample(loaded, SCHEMA, 10, 1)
    assert {r["child_id"] for r in s} == {"C1", "C4", "C6"}


def test_all_children_population():
    loaded = _records({"A": 2}, extra_children=2)
    s = draw_sample(loaded, SCHEMA, 10, 1, population="all", as_at=AS_AT)
    assert len(s) == 4
    assert Counter(r["stratum"] for r in s) == {"A": 2, "(none)": 2}
    assert [r["team"] for r in s if r["stratum"] == "(none)"] == [None, None]


def test_unstratified_and_ids():
    s = draw_sample(_records({"A": 4, "B": 4}), SCHEMA, 3, 42, stratify=None, as_at=AS_AT)
    assert [r["audit_id"] for r in s] == ["AUD-42-001", "AUD-42-002", "AUD-42-003"]
    assert {r["stratum"] for r in s} == {"all"}
    assert [r["child_id"] for r in s] == sorted(r["child_id"] for r in s)
    assert set(s[0]) == {"audit_id", "child_id", "team", "stratum"}
    assert s.describe()[0].startswith("3 of 8 children with a case open at 2025-03-31")


def test_bad_requests():
    loaded = _records({"A": 2})
    with pytest.raises(ValueError, match="at least 1"):
        draw_sample(loaded, SCHEMA, 0, 1)
    with pytest.raises(ValueError, match="not a field of case_allocations"):
        draw_sample(loaded, SCHEMA, 1, 1, stratify="teem")
    with pytest.raises(ValueError, match="population must be"):
        draw_sample(loaded, SCHEMA, 1, 1, population="closed")
    with pytest.raises(ValueError, match="population is empty"):
        draw_sample(_records({"A": 2}, end_date="2024-06-01"), SCHEMA, 1, 1, as_at=AS_AT)


def test_sample_csv_round_trip(council, tmp_path):
    s = draw_sample(council, SCHEMA, 12, 5, as_at=AS_AT)
    a = write_sample_csv(s, tmp_path / "a.csv")
    b = write_sample_csv(draw_sample(council, SCHEMA, 12, 5, as_at=AS_AT), tmp_path / "b.csv")
    assert a.read_bytes() == b.read_bytes()
    assert a.read_text().splitlines()[0] == "audit_id,child_id,team,stratum"
    assert read_sample_csv(a) == list(s)
    assert a.read_text() == sample_csv_text(s)
