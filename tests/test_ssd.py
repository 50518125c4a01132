"""The Standard Safeguarding Dataset through the ``ssd`` binding (issue 18).

The same synthetic council is written as native CSV and as a folder of SSD
extracts; every ``ilacs`` rule the SSD can decide must judge the same
records the same way on both, on DuckDB and on PostgreSQL. Three csc fields
are derived by the binding from the SSD rather than read: a plan's
``previous_plans`` (the child's plans that started before it), a period's
``placement_long_term`` (its placement type is U1 or U4) and its
``placements_last_12_months`` (its placements in force in the 12 months to
its end or the as-at date). The generator draws those independently of the
records (and of each other), so the council is first made consistent with
those definitions (in Python, here, independently of the binding's SQL),
then written both ways.
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
    "CP-REPEAT-PLAN", "CP-REPEAT-PLAN-2Y", "LAC-REVIEW-TIMELY", "LAC-HEALTH-TIMELY", "LAC-REVIEW-PARTICIPATION",
    "LAC-PLACEMENT-STABILITY", "LAC-PLACEMENT-VISIT-1W", "LAC-SEEN-ALONE", "CL-ACCOM-SUITABLE", "CL-IN-TOUCH", "CL-EET", "CL-PATHWAY-PLAN-6M", "SW-CHANGES",
}
#: and those it decides as the rule's `ssd` variant (what the SSD can show), compared
#: with the same variant judged on the native council
VARIANTS = {"LAC-IHA-20WD", "CL-PA-ALLOCATED"}
#: decided by the SSD but not compared with the native council (none: the SSD writer writes
#: the council's own `placements` into ssd_cla_placement, so LAC-PLACEMENT-VISIT-1W is compared)
NOT_COMPARED: set[str] = set()


def consistent(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The council with the two derived fields as the SSD defines them."""
    plans = tables.get("cp_plans", [])
    for p in plans:
        p["previous_plans"] = sum(1 for q in plans if q["child_id"] == p["child_id"] and q["start_date"] < p["start_date"])
    from checker.data.readers.ssd import placement_starts
    from checker.workdays import add_months

    placed: dict[str, list[dict]] = {}
    for q in tables.get("placements", []):
        placed.setdefault(q["period_id"], []).append(q)
    for p in tables.get("care_periods", []):
        t = p.get("placement_type")
        p["placement_long_term"] = True if t in ("U1", "U4") else False if t in ("U2", "U3", "U5", "U6") else None
        if p["period_id"] in placed:
            # the writer writes the period's own placements: those in force in the 12 months to its end
            ref = p.get("end_date") or AS_AT
            twelve = add_months(ref, -12)
            p["placements_last_12_months"] = sum(
                1 for q in placed[p["period_id"]] if (q.get("placement_type") or "").upper() not in ("T0", "T1", "T2", "T3", "T4")
                and q["start_date"] <= ref and (q.get("end_date") is None or q["end_date"] > twelve))
        else:
            # the writer gives a period as many earlier placements as its dates leave room for
            p["placements_last_12_months"] = len(placement_starts(p, AS_AT)) if t else 0
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


def _variants_on(native: Path) -> dict[str, dict[str, list[str]]]:
    """Each rule's `ssd` variant judged on the native council."""
    from checker.data.load import load_data
    from checker.engine.outcomes import judge_all
    from checker.model import Context
    from checker.packs.pack import load_pack

    pack = load_pack("ilacs")
    ctx = Context(load_data(native, pack.schema, "csv", AS_AT).dataset, pack.calendar, AS_AT, pack.params)
    out = {}
    for rule in pack.rules:
        if rule.id in VARIANTS:
            cases: dict[str, list[str]] = {}
            for o in judge_all(rule.variants["ssd"], ctx):
                cases.setdefault(o.outcome, []).append(o.key)
            out[rule.id] = {k: sorted(v) for k, v in cases.items()}
    return out


def _same(native: Path, ssd_doc: dict) -> list[str]:
    judged = _judged(ssd_doc)
    assert set(judged) == DECIDED | VARIANTS | NOT_COMPARED
    for rid in NOT_COMPARED:
        del judged[rid]
    base = {r["id"]: _cases(r) for r in _run(native)["rules"]}
    base.update(_variants_on(native))
    return [f"{rid}: native {base[rid]} / ssd {_cases(judged[rid])}"
            for rid in sorted(judged) if {k: v for k, v in base[rid].items() if v} != {k: v for k, v in _cases(judged[rid]).items() if v}]


def test_ssd_decides_its_rules_as_native_csv_does_on_duckdb(council):
    native, ssd = council
    assert _same(native, _run(ssd)) == []


@pytest.mark.slow
def test_ssd_decides_its_rules_as_native_csv_does_on_postgres(council, postgres_dsn):
    native, ssd = council
    assert _same(native, _run(ssd, engine="postgres", dsn=postgres_dsn)) == []


# --- the printed SQL: casecheck sql ilacs --binding ssd -------------------------------------

def _printed(dialect: str, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["sql", "ilacs", "--binding", "ssd", "--dialect", dialect, "--as-at", AS_AT.isoformat(),
                                      *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def _queries(text: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r"^-- ([A-Z0-9-]+): .*\n((?:WITH|SELECT)[\s\S]*?);\n", text, flags=re.M)


@pytest.fixture(scope="module")
def tsql_script() -> str:
    return _printed("tsql", "--no-calendar")


def test_the_printed_sql_holds_exactly_the_rules_the_ssd_decides(tsql_script):
    from checker.packs.pack import load_pack

    decided = DECIDED | VARIANTS | NOT_COMPARED
    assert {rid for rid, _ in _queries(tsql_script)} == decided
    assert "-- not compiled (" not in tsql_script
    total = len(load_pack("ilacs").rules)
    assert tsql_script.count("-- not decided on the Standard Safeguarding Dataset: it needs ") == total - len(decided)
    assert "table `case_audits`, which the Standard Safeguarding Dataset has no place for" in tsql_script


def test_the_printed_tsql_holds_nothing_sql_server_rejects(tsql_script):
    """The construct walker of test_tsql (each construct SQL Server refuses, with why)."""
    import sqlglot
    from test_tsql import violations

    found = []
    for rule_id, sql in _queries(tsql_script):
        found += [(rule_id, kind, at) for kind, at in violations(sqlglot.parse_one(sql, read="tsql"))]
    assert found == []


@pytest.mark.slow
def test_the_printed_tsql_parses_in_the_independent_grammar(tsql_script):
    from test_tsql import _antlr_errors

    errors = []
    for rule_id, sql in _queries(tsql_script):
        errors += [f"{rule_id}: {e}" for e in _antlr_errors(sql + ";")]
    assert errors == []


@pytest.mark.parametrize("dialect", ["tsql", "postgres"])
def test_the_printed_sql_run_on_the_ssd_tables_gives_the_runs_counts(council, dialect):
    """Each printed query, run against the SSD's own tables (staged in DuckDB
    as the extracts say; T-SQL read back through sqlglot as test_tsql does),
    counts what `casecheck run` counted on the same extracts."""
    import duckdb
    import sqlglot
    from test_tsql import _to_duckdb

    from checker.data.binding import load_binding
    from checker.data.readers.ssd import extracts, stage_folder
    from checker.engine.sql import setup_script
    from checker.errors import Diagnostics
    from checker.packs.pack import load_pack

    _, ssd = council
    pack = load_pack("ilacs")
    con = duckdb.connect()
    assert stage_folder(con, load_binding("ssd", pack.schema), extracts(ssd), Diagnostics()) == (set(), {})
    for statement in setup_script("duckdb", pack.schema, pack.calendar):
        if statement.strip():
            con.execute(statement)
    want = {r["id"]: {k: v for k, v in r["counts"].items() if v} for r in _judged(_run(ssd)).values()}
    differ = []
    for rule_id, sql in _queries(_printed(dialect, "--no-calendar")):
        text = _to_duckdb(sql) if dialect == "tsql" else sqlglot.transpile(sql, read="postgres", write="duckdb")[0]
        got: dict[str, int] = {}
        for row in con.execute(text).fetchall():
            got[row[1]] = got.get(row[1], 0) + 1
        if got != want[rule_id]:
            differ.append(f"{rule_id}: run {want[rule_id]} / printed {got}")
    assert differ == []


@pytest.mark.slow
def test_the_printed_postgres_sql_runs_unchanged_inside_postgresql_on_ssd_tables(council, postgres_dsn):
    """The SSD's tables in a PostgreSQL schema of their own (typed as the
    specification says: text and datetime), the printed script run there
    statement by statement as printed: every decided rule counts what the
    run counted on the same extracts."""
    import uuid

    import duckdb
    import psycopg

    from checker.data.binding import load_binding
    from checker.data.readers.ssd import extracts, stage_folder
    from checker.errors import Diagnostics
    from checker.packs.pack import load_pack

    _, ssd = council
    pack = load_pack("ilacs")
    binding = load_binding("ssd", pack.schema)
    con = duckdb.connect()
    stage_folder(con, binding, extracts(ssd), Diagnostics())
    want = {r["id"]: {k: v for k, v in r["counts"].items() if v} for r in _judged(_run(ssd)).values()}
    script = _printed("postgres")
    setup = script.split("\n-- REREFERRAL-12M")[0]
    name = f"ssd_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_dsn, autocommit=True) as pg:
        pg.execute(f"CREATE SCHEMA {name}")
        try:
            pg.execute(f"SET search_path TO {name}")
            for table, columns in binding.tables.items():
                cols = ", ".join(f"{c} {'timestamp' if k == 'date' else 'text'}" for c, k in columns.items())
                pg.execute(f"CREATE TABLE {table} ({cols})")
                rows = con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
                with pg.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            for statement in setup.split(";\n"):
                if statement.strip() and not all(line.startswith("--") for line in statement.strip().splitlines()):
                    pg.execute(statement)
            differ = []
            for rule_id, sql in _queries(script):
                got: dict[str, int] = {}
                for row in pg.execute(sql).fetchall():
                    got[row[1]] = got.get(row[1], 0) + 1
                if got != want[rule_id]:
                    differ.append(f"{rule_id}: run {want[rule_id]} / printed {got}")
        finally:
            pg.execute(f"DROP SCHEMA {name} CASCADE")
    assert sorted(want) == sorted(DECIDED | VARIANTS)
    assert differ == []


# --- reading a folder of extracts: what goes wrong is said, never a traceback -------------------

def _copy(src: Path, dest: Path) -> Path:
    import shutil

    shutil.copytree(src, dest)
    (dest / "truth.json").unlink(missing_ok=True)
    return dest


def _load(folder: Path, fmt: str | None = None):
    from checker.data.load import load_data
    from checker.packs.pack import load_pack

    return load_data(folder, load_pack("ilacs").schema, fmt, AS_AT)


def test_detected_from_the_ssd_file_names(council):
    loaded = _load(council[1])
    assert loaded.format == "ssd"
    assert not loaded.diagnostics.errors
    assert all(a.balanced() for a in loaded.accounts.values())
    # episodes continuing a period of care are counted, not lost
    assert loaded.accounts["care_periods"].file.endswith("ssd_cla_episodes.csv")


def test_a_cell_that_is_not_a_date_is_rejected_with_its_text_row_and_column(council, tmp_path):
    folder = _copy(council[1], tmp_path / "ssd")
    path = folder / "ssd_contacts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[2] = "31/02/2024"
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = _load(folder)
    [r] = [r for r in loaded.rejections if r.table == "contacts"]
    assert (r.file, r.row, r.column, r.value, r.reason) == (str(path), 3, "date", "31/02/2024", "bad value")


def test_a_row_with_the_wrong_number_of_cells_is_counted_and_rejected_not_lost(council, tmp_path):
    folder = _copy(council[1], tmp_path / "ssd")
    path = folder / "ssd_cin_episodes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    before = _load(council[1]).accounts["referrals"]
    lines[3] = ",".join(lines[3].split(",")[:2])  # row 4: two cells of eight
    lines.insert(5, lines[5] + ",extra")  # row 6: one cell too many (the old row 6 is now row 7)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = _load(folder)
    acc = loaded.accounts["referrals"]
    assert acc.balanced()
    assert acc.read == before.read + 1 and acc.rejected == {"malformed row": 2}
    assert sorted((r.row, r.reason) for r in loaded.rejections if r.table == "referrals") == [
        (4, "malformed row"), (6, "malformed row")]
    said = [d.message for d in loaded.diagnostics.items if d.code == "malformed-row"]
    assert said == ["2 rows of `ssd_cin_episodes.csv` have not 8 cells and were rejected (first: row 4)"]


def test_a_missing_extract_is_not_carried_and_said(council, tmp_path):
    folder = _copy(council[1], tmp_path / "ssd")
    (folder / "ssd_immigration_status.csv").unlink()
    (folder / "ssd_cla_episodes.csv").unlink()
    loaded = _load(folder)
    said = " ".join(d.message for d in loaded.diagnostics.items)
    assert "`ssd_cla_episodes.csv`, `ssd_immigration_status.csv`" in said
    assert "`lac_reviews` records are not read from `ssd_cla_reviews`: their `child_id` comes from `ssd_cla_episodes`" in said
    assert "uasc" in loaded.absent_fields("children", _schema())
    assert {"care_periods", "lac_reviews"} <= set(loaded.missing_tables)
    assert not loaded.rejections


def _schema():
    from checker.packs.pack import load_pack

    return load_pack("ilacs").schema


def test_a_binding_naming_a_field_the_schema_lacks_is_an_error_at_its_place(tmp_path):
    from checker.data.binding import binding_path, load_binding
    from checker.errors import CasecheckError

    text = binding_path("ssd").read_text(encoding="utf-8").replace("      sex: UPPER(p.pers_sex)", "      gender: UPPER(p.pers_sex)")
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CasecheckError) as exc:
        load_binding(str(path), _schema())
    messages = [d.message for d in exc.value.diagnostics]
    assert "binding `ssd`: `children.gender` is not a field of schema `csc`" in messages
    assert "binding `ssd`: `children.sex` is neither given nor declared not carried" in messages


def test_a_binding_file_is_checked_against_its_json_schema(tmp_path):
    from checker.data.binding import load_binding
    from checker.errors import CasecheckError

    path = tmp_path / "bad.yaml"
    path.write_text("casecheck: 1\nid: x\ntitle: x\nschema: csc\nsource: x\ndescription: x\ntables: {}\nviews: {}\nextra: 1\n")
    with pytest.raises(CasecheckError) as exc:
        load_binding(str(path))
    assert any(d.code == "unknown-key" for d in exc.value.diagnostics)


# --- the derivations, on a hand-made SSD ----------------------------------------------------------

def _write(folder: Path, name: str, rows: list[list[str]]) -> None:
    import csv

    from checker.data.binding import load_binding

    columns = list(load_binding("ssd").tables[name])
    with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(r + [""] * (len(columns) - len(r)))


def test_the_derivations(tmp_path):
    """Periods of care from episodes and placements, long-term fostering from
    the placement type, previous plans, conferences from ICPCs and reviews,
    allocations from involvements, reviews not held left out (and counted)."""
    f = tmp_path / "ssd"
    f.mkdir()
    _write(f, "ssd_person", [["C1", "M", "WBRI", "2012-01-01 00:00:00.000"], ["C2", "f", "wbri", "05/06/2015"]])
    # C1: two episodes of one period (CLA1, still open) and a later-closed earlier period CLA0
    _write(f, "ssd_cla_episodes", [["E0", "C1", "2020-01-01", "2020-06-30", "CLA0"],
                                   ["E1", "C1", "2024-01-10", "2024-05-01", "CLA1"],
                                   ["E2", "C1", "2024-05-01", "", "CLA1"]])
    _write(f, "ssd_cla_placement", [["P0", "CLA0", "2020-01-01", "2020-06-30", "U6"],
                                    ["P1", "CLA1", "2024-01-10", "2024-05-01", "U6"],
                                    ["P2", "CLA1", "2024-05-01", "2025-01-02", "U4"],
                                    ["P3", "CLA1", "2025-01-02", "2025-01-09", "T1"],  # hospital: the child returns
                                    ["P4", "CLA1", "2025-01-09", "", "U4"]])
    _write(f, "ssd_legal_status", [["L0", "C1", "V2", "2020-01-01"], ["L1", "C1", "C1", "2024-01-10"],
                                   ["L2", "C1", "C2", "2024-09-01"]])
    _write(f, "ssd_cla_reviews", [["R1", "CLA1", "2024-02-01", "N", "PN1"], ["R2", "CLA1", "2024-08-01", "Y", "PN7"],
                                  ["R3", "CLA1", "", "", ""], ["R4", "CLA1", "2024-12-01", "", "PN0"]])
    _write(f, "ssd_cp_plans", [["CP1", "C2", "2022-01-01", "2022-09-01", "NEG", "NEG"],
                               ["CP2", "C2", "2024-03-01", "", "EMO", "MUL"]])
    _write(f, "ssd_initial_cp_conference", [["IC1", "S1", "C2", "CP2", "N", "2024-02-20", "2024-03-01", "Y"]])
    _write(f, "ssd_cp_reviews", [["RV1", "C2", "CP2", "2024-06-01", "Y"], ["RV2", "C2", "CP2", "", ""]])
    _write(f, "ssd_involvements", [["I1", "W1", "T1", "2024-01-01", "2024-06-01", "C2"],
                                   ["I2", "", "T1", "2024-06-01", "", "C2"]])
    loaded = _load(f)
    assert not loaded.diagnostics.errors, loaded.diagnostics.items
    rows = {t: {r.key: r.values for r in loaded.dataset.tables[t]} for t in loaded.dataset.tables}
    p0, p1 = rows["care_periods"]["CLA0"], rows["care_periods"]["CLA1"]
    assert (p0["start_date"], p0["end_date"], p0["legal_status"], p0["placement_type"]) == \
        (_dt.date(2020, 1, 1), _dt.date(2020, 6, 30), "V2", "U6")
    assert p0["placement_long_term"] is False and p0["placements_last_12_months"] == 1
    assert (p1["start_date"], p1["end_date"], p1["legal_status"]) == (_dt.date(2024, 1, 10), None, "C2")
    # the latest placement, the temporary hospital stay aside; U4 is long-term fostering
    assert (p1["placement_type"], p1["placement_start_date"], p1["placement_long_term"]) == ("U4", _dt.date(2025, 1, 9), True)
    assert p1["placements_last_12_months"] == 3  # P1 (to 1 May 2024), P2, P4 in the year to 31 March 2025
    assert loaded.accounts["care_periods"].excluded == {"SSD episode continuing a period of care (collapsed into it)": 1}
    assert {k: (v["child_id"], v["child_participated"]) for k, v in rows["lac_reviews"].items()} == \
        {"R1": ("C1", True), "R4": ("C1", None)}
    assert sum(loaded.accounts["lac_reviews"].excluded.values()) == 2  # cancelled, and not held
    assert {k: v["previous_plans"] for k, v in rows["cp_plans"].items()} == {"CP1": 0, "CP2": 1}
    assert {k: (v["type"], v["plan_made"]) for k, v in rows["cp_conferences"].items()} == \
        {"IC1": ("initial", True), "RV1": ("review", True)}
    assert {k: v["worker_id"] for k, v in rows["case_allocations"].items()} == {"I1": "W1", "I2": None}
    assert rows["children"]["C2"]["sex"] == "F" and rows["children"]["C2"]["date_of_birth"] == _dt.date(2015, 6, 5)
