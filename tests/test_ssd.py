"""The Standard Safeguarding Dataset through the ``ssd`` binding (issue 18).

The same synthetic council is written as native CSV and as a folder of SSD
extracts; every ``ilacs`` rule the SSD can decide must judge the same
records the same way on both, on DuckDB and on PostgreSQL. Two csc fields
are derived by the binding from the SSD rather than read: a plan's
``previous_plans`` (the child's plans that started before it) and a period's
``placement_long_term`` (its placement type is U1 or U4). The generator
draws those two independently of the records, so the council is first made
consistent with those definitions (in Python, here, independently of the
binding's SQL), then written both ways.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli

AS_AT = _dt.date(2025, 3, 31)

#: the rules of ilacs the SSD decides for every record (README, "The Standard Safeguarding Dataset")
DECIDED = {
    "REREFERRAL-12M", "UNALLOCATED-CASES", "ALLOCATION-WAIT", "ASSESS-45WD", "ASSESS-CHILD-SEEN",
    "ASSESS-QUALIFIED-WORKER", "S47-CORE-ASSESSMENT", "CP-REVIEW-TIMELY", "CP-SEEN-ALONE", "CP-VISIT-10WD",
    "CP-REPEAT-PLAN", "LAC-REVIEW-TIMELY", "LAC-VISIT-TIMELY", "LAC-HEALTH-TIMELY", "LAC-REVIEW-PARTICIPATION",
    "LAC-SEEN-ALONE", "CL-ACCOM-SUITABLE", "CL-IN-TOUCH", "CL-EET", "CL-PATHWAY-PLAN-6M", "SW-CHANGES",
}


def consistent(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The council with the two derived fields as the SSD defines them."""
    plans = tables.get("cp_plans", [])
    for p in plans:
        p["previous_plans"] = sum(1 for q in plans if q["child_id"] == p["child_id"] and q["start_date"] < p["start_date"])
    for p in tables.get("care_periods", []):
        t = p.get("placement_type")
        p["placement_long_term"] = True if t in ("U1", "U4") else False if t in ("U2", "U3", "U5", "U6") else None
    return tables


@pytest.fixture(scope="module")
def council(tmp_path_factory) -> tuple[Path, Path]:
    from checker.data.readers import writer
    from checker.packs.pack import load_pack
    from checker.tools.generate import generate

    schema = load_pack("ilacs").schema
    tables = consistent(generate(400, 7, "inadequate", AS_AT).tables)
    root = tmp_path_factory.mktemp("ssd")
    writer("csv")(tables, schema, root / "native", AS_AT)
    writer("ssd")(tables, schema, root / "ssd", AS_AT)
    return root / "native", root / "ssd"


def _run(data: Path, **kwargs) -> dict:
    from checker.api import run_pack

    return run_pack("ilacs", str(data), AS_AT, skip_unavailable=True, record_history=False, **kwargs).document


def _judged(doc: dict) -> dict[str, dict]:
    """Rules judged for every record: run, and nothing turned on what the input lacks."""
    not_run = {r["id"] for r in doc.get("not_run", [])}
    return {r["id"]: r for r in doc["rules"] if r["id"] not in not_run and not r.get("not_carried")}


def _cases(rule: dict) -> dict[str, list[str]]:
    return {o: sorted(c["id"] for c in cs) for o, cs in rule["cases"].items()}


def _same(native: dict, ssd: dict) -> list[str]:
    judged = _judged(ssd)
    assert set(judged) == DECIDED
    base = {r["id"]: r for r in native["rules"]}
    return [f"{rid}: native {base[rid]['counts']} / ssd {judged[rid]['counts']}"
            for rid in sorted(DECIDED) if _cases(base[rid]) != _cases(judged[rid])]


def test_ssd_decides_its_rules_as_native_csv_does_on_duckdb(council):
    native, ssd = council
    assert _same(_run(native), _run(ssd)) == []


@pytest.mark.slow
def test_ssd_decides_its_rules_as_native_csv_does_on_postgres(council, postgres_dsn):
    native, ssd = council
    assert _same(_run(native), _run(ssd, engine="postgres", dsn=postgres_dsn)) == []
