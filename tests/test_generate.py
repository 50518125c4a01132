"""Tests for checker.tools.generate: determinism, conformance to the csc schema, and an
answer key that means what it says.

Schema conformance is checked against ``rules/schemas/csc.yaml`` read here with
``yaml.safe_load``, independently of the generator's own reading of it.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date, timedelta

import pytest
import yaml

from checker.resources import data_dir
from checker.tools.generate import (
    PROBLEMS,
    PROFILES,
    RATES,
    Council,
    compute_truth,
    generate,
    write_csv,
    year_start,
)
from checker.workdays import Calendar, add_months, age_on

AS_AT = date(2025, 3, 31)
CAL = Calendar()


@pytest.fixture(scope="module")
def schema() -> dict:
    with open(data_dir("rules") / "schemas" / "csc.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def councils() -> dict[str, Council]:
    return {p: generate(300, seed=7, profile=p) for p in PROFILES}


def _relations(schema: dict) -> list[tuple[str, str, str, str]]:
    out = []
    for rel in schema["relations"]:
        if isinstance(rel, str):
            left, right = (s.strip() for s in rel.split("->"))
        else:
            left, right = rel["from"], rel["to"]
        (t1, f1), (t2, f2) = left.split("."), right.split(".")
        out.append((t1, f1, t2, f2))
    return out


# --------------------------------------------------------------------------- determinism


def _csv_bytes(council: Council, path) -> dict[str, bytes]:
    write_csv(council, path)
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def test_same_arguments_same_bytes(tmp_path):
    a = _csv_bytes(generate(200, seed=11, profile="adequate"), tmp_path / "a")
    b = _csv_bytes(generate(200, seed=11, profile="adequate"), tmp_path / "b")
    assert a == b
    c = _csv_bytes(generate(200, seed=12, profile="adequate"), tmp_path / "c")
    assert a.keys() == c.keys()
    assert a["contacts.csv"] != c["contacts.csv"]
    assert a != c


def test_global_random_state_is_not_used(tmp_path):
    import random

    random.seed(1)
    a = _csv_bytes(generate(100, seed=3, profile="good"), tmp_path / "a")
    random.seed(2)
    b = _csv_bytes(generate(100, seed=3, profile="good"), tmp_path / "b")
    assert a == b


def test_bad_arguments():
    with pytest.raises(ValueError):
        generate(10, seed=1, profile="outstanding")
    with pytest.raises(ValueError):
        generate(-1, seed=1, profile="good")


# --------------------------------------------------------------------------- schema conformance


def _check_conformance(schema: dict, council: Council) -> None:
    tables = council.tables
    assert set(tables) == set(schema["tables"])
    codes = schema["code_sets"]
    pytypes = {"string": str, "integer": int, "boolean": bool, "date": date, "code": str}
    keys: dict[str, set] = {}
    for name, spec in schema["tables"].items():
        fields = spec["fields"]
        (key,) = spec["key"]
        seen = set()
        for r in tables[name]:
            assert list(r) == list(fields), name
            for f, fs in fields.items():
                v = r[f]
                if v is None:
                    assert not fs.get("required"), (name, f, r)
                    continue
                expected = pytypes[fs["type"]]
                assert isinstance(v, expected), (name, f, v)
                if expected is int:
                    assert not isinstance(v, bool), (name, f, v)
                if fs["type"] == "code":
                    assert v in codes[fs["codes"]], (name, f, v)
            assert r[key] not in seen, (name, r[key])
            seen.add(r[key])
        assert [r[key] for r in tables[name]] == sorted(seen), f"{name} not sorted by key"
        keys[name] = seen
    for t1, f1, t2, f2 in _relations(schema):
        (key2,) = schema["tables"][t2]["key"]
        assert f2 == key2
        for r in tables[t1]:
            if r[f1] is not None:
                assert r[f1] in keys[t2], f"{t1}.{f1}={r[f1]} has no {t2}"


@pytest.mark.parametrize("profile", PROFILES)
def test_schema_conformance(schema, councils, profile):
    _check_conformance(schema, councils[profile])


# Tables the generator does not fill yet: missing_episodes (read from SSDA903 Missing files) is
# planted by issue 15's generator work; drop it from here when that lands.
NOT_GENERATED_YET = {"missing_episodes"}


def test_every_table_has_rows(councils):
    for name, rows in councils["adequate"].tables.items():
        assert rows or name in NOT_GENERATED_YET, name


def test_volumes_and_shape(councils):
    c = councils["adequate"]
    t = c.tables
    n = len(t["children"])
    assert n == 300
    born = [r for r in t["children"] if r["date_of_birth"] is not None]
    unborn = [r for r in t["children"] if r["date_of_birth"] is None]
    assert all(r["expected_date_of_birth"] > AS_AT for r in unborn)
    leavers = {r["child_id"] for r in t["care_leavers"]}
    for r in born:
        age = age_on(r["date_of_birth"], AS_AT)
        assert (16 <= age <= 21) if r["child_id"] in leavers else (0 <= age <= 17)
    assert 1.0 <= len(t["contacts"]) / n <= 2.0
    assert sum(r["ethnicity"] == "WBRI" for r in t["children"]) > n / 2
    referred = {r["child_id"] for r in t["referrals"] if r["contact_id"]}
    with_contacts = {r["child_id"] for r in t["contacts"]}
    assert 0.45 <= len(referred) / len(with_contacts) <= 0.75
    assert 0.06 <= len({r["child_id"] for r in t["care_periods"]}) / n <= 0.2
    assert {r["team"] for r in t["social_workers"]} and 4 <= len({r["team"] for r in t["social_workers"]}) <= 6
    roles = [r["role"] for r in t["social_workers"]]
    assert 2 <= roles.count("iro") <= 3 and roles.count("personal_adviser") >= 1
    assert roles.count("unqualified") in (1, 2)
    assert any(r["newly_qualified"] for r in t["social_workers"])
    # Meetings on working days; contacts on any day, decided on working days.
    for table in ("strategy_discussions", "cp_conferences", "lac_reviews"):
        assert all(CAL.is_working_day(r["date"]) for r in t[table]), table
    assert all(CAL.is_working_day(r["start_date"]) for r in t["assessments"])
    # Nothing after as_at except expected births and ICPC targets.
    for name, rows in t.items():
        for r in rows:
            for f, v in r.items():
                if isinstance(v, date) and f not in ("expected_date_of_birth", "icpc_target_date"):
                    assert v <= AS_AT, (name, f, r)


def test_case_chain_is_consistent(councils):
    t = councils["inadequate"].tables
    contacts = {r["contact_id"]: r for r in t["contacts"]}
    for r in t["referrals"]:
        if r["contact_id"]:
            c = contacts[r["contact_id"]]
            assert (c["child_id"], c["decision_date"], c["outcome"]) == (r["child_id"], r["date"], "referral")
    strategies = {r["strategy_id"]: r for r in t["strategy_discussions"]}
    for e in t["s47_enquiries"]:
        if e["strategy_id"]:
            s = strategies[e["strategy_id"]]
            assert s["child_id"] == e["child_id"] and s["date"] <= e["start_date"]
    plans = {p["plan_id"]: p for p in t["cp_plans"]}
    initial = {c["plan_id"]: c for c in t["cp_conferences"] if c["type"] == "initial"}
    for p in plans.values():
        assert initial[p["plan_id"]]["date"] == p["start_date"]
    periods = {p["period_id"]: p for p in t["care_periods"]}
    for r in t["lac_reviews"]:
        p = periods[r["period_id"]]
        assert p["child_id"] == r["child_id"] and p["start_date"] <= r["date"] <= (p["end_date"] or AS_AT)


def test_allocations_fit_the_workforce(councils):
    t = councils["inadequate"].tables
    workers = {w["worker_id"]: w for w in t["social_workers"]}
    by_child = defaultdict(list)
    for a in t["case_allocations"]:
        by_child[a["child_id"]].append(a)
        if a["worker_id"]:
            w = workers[a["worker_id"]]
            assert w["team"] == a["team"]
            assert w["start_date"] <= a["start_date"]
            assert w["end_date"] is None or (a["end_date"] is not None and a["end_date"] <= w["end_date"])
            assert w["role"] not in ("team_manager", "iro")
    for allocs in by_child.values():
        assert sum(a["end_date"] is None for a in allocs) <= 1
    for cl in t["care_leavers"]:
        if cl["personal_adviser_id"]:
            assert workers[cl["personal_adviser_id"]]["role"] == "personal_adviser"


# --------------------------------------------------------------------------- CSV format


def test_csv_format(schema, tmp_path):
    council = generate(120, seed=5, profile="adequate")
    write_csv(council, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{t}.csv" for t in schema["tables"]] + ["truth.json"]
    )
    for name, spec in schema["tables"].items():
        raw = (tmp_path / f"{name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        rows = list(csv.reader(raw.decode("utf-8").split("\n")[:-1]))
        assert rows[0] == list(spec["fields"])
        assert len(rows) == len(council.tables[name]) + 1
        for cells in rows[1:]:
            for f, cell in zip(rows[0], cells):
                kind = spec["fields"][f]["type"]
                if cell == "":
                    continue
                if kind == "boolean":
                    assert cell in ("true", "false")
                elif kind == "date":
                    assert date.fromisoformat(cell).isoformat() == cell
                elif kind == "integer":
                    assert cell.isdigit()
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert truth["as_at"] == "2025-03-31" and truth["seed"] == 5 and truth["profile"] == "adequate"
    assert truth["children"] == 120
    assert truth["problems"] == council.truth
    assert (tmp_path / "truth.json").read_text(encoding="utf-8") == json.dumps(truth, sort_keys=True, indent=2) + "\n"


# --------------------------------------------------------------------------- the answer key


def test_problem_tables_are_real():
    for name, (table, description) in PROBLEMS.items():
        assert table in generate(0, seed=1, profile="good").tables
        assert description
        assert name in RATES and len(RATES[name]) == len(PROFILES)


def test_truth_lists_real_sorted_keys(schema, councils):
    for council in councils.values():
        assert set(council.truth) == set(PROBLEMS)
        for problem, keys in council.truth.items():
            table = PROBLEMS[problem][0]
            (key,) = schema["tables"][table]["key"]
            existing = {r[key] for r in council.tables[table]}
            assert keys == sorted(set(keys))
            assert set(keys) <= existing, problem


def test_profiles_order_the_problems(councils):
    good, bad = councils["good"].truth, councils["inadequate"].truth
    for problem in PROBLEMS:
        assert bad[problem], f"no {problem} in an inadequate council"
        assert len(bad[problem]) > len(good[problem]), problem
    total = {p: sum(len(v) for v in councils[p].truth.values()) for p in PROFILES}
    assert total["good"] < total["adequate"] < total["inadequate"]


def test_truth_is_computed_from_the_data(councils):
    """Recheck a few definitions directly with the Calendar, and check that an unplanted
    occurrence introduced by hand is found."""
    c = councils["adequate"]
    t = c.tables
    wd = CAL.working_days_between
    late = sorted(
        a["assessment_id"]
        for a in t["assessments"]
        if wd(a["start_date"], a["authorised_date"] or AS_AT) > 45
    )
    assert late == c.truth["assessment_late"]
    decided_late = sorted(
        r["contact_id"] for r in t["contacts"] if wd(r["date"], r["decision_date"] or AS_AT) > 1
    )
    assert decided_late == c.truth["contact_decision_late"]
    lac_visits = defaultdict(list)
    for v in t["visits"]:
        if v["type"] == "lac":
            lac_visits[v["child_id"]].append(v["date"])
    overdue = sorted(
        p["period_id"]
        for p in t["care_periods"]
        if p["end_date"] is None and not any(AS_AT - timedelta(42) <= d <= AS_AT for d in lac_visits[p["child_id"]])
    )
    assert overdue == c.truth["lac_visit_overdue"]

    # Edit the data: one more late assessment and one unsuitable care leaver.
    tables = {name: [dict(r) for r in rows] for name, rows in t.items()}
    on_time = next(a for a in tables["assessments"] if a["assessment_id"] not in c.truth["assessment_late"]
                   and a["authorised_date"] is not None)
    on_time["authorised_date"] = CAL.add_working_days(on_time["start_date"], 46)
    leaver = next(r for r in tables["care_leavers"] if r["accommodation_suitable"])
    leaver["accommodation_suitable"] = False
    truth = compute_truth(tables, AS_AT, CAL)
    assert on_time["assessment_id"] in truth["assessment_late"]
    assert leaver["child_id"] in truth["care_leaver_unsuitable"]
    assert len(truth["assessment_late"]) == len(c.truth["assessment_late"]) + 1


def test_review_chains():
    """The chain rule for reviews, on hand-made records."""
    start = date(2024, 1, 8)  # Monday
    tables = {name: [] for name in generate(0, seed=1, profile="good").tables}
    tables["children"] = [{"child_id": "C1", "date_of_birth": date(2015, 1, 1)}]

    def period(pid, reviews, end=None):
        tables["care_periods"].append({"period_id": pid, "child_id": "C1", "start_date": start, "end_date": end})
        for i, d in enumerate(reviews):
            tables["lac_reviews"].append({"review_id": f"{pid}-{i}", "child_id": "C1", "period_id": pid, "date": d})

    first_due = CAL.add_working_days(start, 20)  # 2024-02-05; third due 2024-11-05
    on_time = [first_due, add_months(first_due, 3), add_months(add_months(first_due, 3), 6)]
    period("ok", on_time)
    period("late_first", [CAL.add_working_days(first_due, 1)] + on_time[1:])
    period("missing_third", on_time[:2])
    period("ended_before_third", on_time[:2], end=add_months(on_time[1], 6) - timedelta(1))
    period("ended_after_third_due", on_time[:2], end=add_months(on_time[1], 6) + timedelta(1))
    truth = compute_truth(tables, AS_AT, CAL)
    assert truth["lac_review_late"] == ["ended_after_third_due", "late_first", "missing_third"]


def test_year_start():
    assert year_start(AS_AT) == date(2024, 4, 1)


@pytest.mark.slow
def test_ten_thousand_children():
    # how long it takes is measured by bench/generate.py, not asserted here (CI machines are busy)
    council = generate(10_000, seed=1, profile="inadequate")
    assert len(council.tables["children"]) == 10_000
    assert len({c["child_id"] for c in council.tables["children"]}) == 10_000
