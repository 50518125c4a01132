"""The dfe-903 pack, the ssda903 schema and the SSDA903 reader's return mode
(checker/data/readers/ssda903_return.py)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.data.load import load_data
from checker.data.readers import ssda903_return as R
from checker.data.readers.ssda903_xml import header_fields
from checker.engine.fixtures import run_tests
from checker.engine.outcomes import judge_all
from checker.model import FAIL, Context
from checker.packs.pack import load_pack
from checker.schema import builtin_schema_path, load_schema

AS_AT = _dt.date(2026, 3, 31)


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


RETURN = {
    "903_header_2026.csv": "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,F,01/02/2010,WBRI,,,\nC2,m,31/02/2011,wbri,UN3,,\nC1,F,2010-02-01,WBRI,,,\n",
    "eps.csv": "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
               "C1,01/05/2025,S,C2,N1,U1,PR1,,,,,,\nC3,1/6/2025,S,C2,N1,U1,PR1,,,,,,\n,01/07/2025,S,C2,N1,U1,PR1,,,,,,\n",
    "dolo.csv": "CHILD,DOB,DOLO_START,DOLO_END\nC1,01/02/2010,01/01/2026,\n",
    "missing.csv": "CHILD,DOB,MISSING,MIS_START,MIS_END\nC1,01/02/2010,M,01/08/2025,02/08/2025\n",
}


def test_schema_is_the_readers_tables_and_fields():
    """rules/schemas/ssda903.yaml was written from the reader's FILES: they must not drift apart."""
    schema = load_schema(builtin_schema_path("ssda903"))
    # and Ofsted's provider lists, which --ofsted-list gives (data/ofsted.py), not the return
    from checker.data.ofsted import TABLES as OFSTED

    assert set(schema.tables) == set(R.TABLES) | set(OFSTED)
    for kind, (table, _, _) in R.FILES.items():
        # the Header's UASC status: the XML form's alone (readers/ssda903_xml.py), not carried by the CSV form
        want = header_fields() if kind == "Header" else R.fields(kind)
        assert list(schema.tables[table].fields) == list(want), table
        assert schema.tables[table].key == ("key",)


def test_return_read_as_sent(tmp_path):
    folder = write(tmp_path / "r", RETURN)
    pack = load_pack("dfe-903")
    loaded = load_data(folder, pack.schema, None, AS_AT)
    assert loaded.format == "ssda903"
    assert not loaded.rejections and not loaded.diagnostics.errors
    d = loaded.dataset
    headers = {r.key: r.values for r in d.tables["headers"]}
    # keyed by place in the file; two rows of one child are two records
    assert list(headers) == ["C1#1", "C1#3", "C2#2"]
    # codes as sent; a date that is not a date is missing, its text kept
    assert headers["C2#2"]["sex"] == "m" and headers["C2#2"]["ethnic"] == "wbri"
    assert headers["C2#2"]["dob"] is None and headers["C2#2"]["dob_sent"] == "31/02/2011"
    assert headers["C1#3"]["dob"] is None and headers["C1#3"]["dob_sent"] == "2010-02-01"  # not DD/MM/YYYY
    episodes = {r.key: r.values for r in d.tables["episodes"]}
    assert episodes["C3#2"]["decom"] == _dt.date(2025, 6, 1)  # one-digit day and month, as the validator reads
    assert "#3" in episodes and episodes["#3"]["child_id"] is None
    # children: every CHILD of any file; the return: one record
    assert sorted(r.key for r in d.tables["children"]) == ["C1", "C2", "C3"]
    assert [r.key for r in d.tables["returns"]] == ["1"]
    # the DoLo file (no table in the schema) is counted, not dropped; the accounts balance
    acc = loaded.accounts
    assert sum(acc["children"].excluded.values()) == 1
    assert all(a.balanced() for a in acc.values())
    warnings = " ".join(str(w) for w in loaded.diagnostics.warnings)
    assert "31/02/2011" in warnings and "DOB" in warnings
    # no UASC, OC2, ... file: those tables are absent, so their rules are not run, never passed
    assert {"uasc", "oc2", "oc3", "ad1"} <= set(loaded.missing_tables)


def test_columns_not_exactly_the_kind_are_read_with_a_warning(tmp_path):
    folder = write(tmp_path / "r", {"h.csv": "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,NAME\nC1,F,01/02/2010,WBRI,,,,Ann\n"})
    loaded = load_data(folder, load_pack("dfe-903").schema, "ssda903", AS_AT)
    assert [r.key for r in loaded.dataset.tables["headers"]] == ["C1#1"]
    assert any("would not recognise it" in str(w) for w in loaded.diagnostics.warnings)


def test_the_pack_flags_the_return(tmp_path):
    folder = write(tmp_path / "r", RETURN)
    pack = load_pack("dfe-903")
    loaded = load_data(folder, pack.schema, "ssda903", AS_AT)
    ctx = Context(loaded.dataset, pack.calendar, AS_AT, pack.params)
    fails = {r.id: sorted(o.key for o in judge_all(r, ctx) if o.outcome == FAIL)
             for r in pack.rules if r.subject in ("headers", "episodes")}
    assert fails["101"] == ["C2#2"]          # sex m: codes are judged as sent
    assert fails["102"] == ["C1#3", "C2#2"]  # not a date, and not DD/MM/YYYY
    assert fails["INT32"] == ["C1#1", "C1#3"]
    assert fails["INT03"] == ["C3#2"]        # child not in the Header file
    assert fails["354"] == []


@pytest.mark.parametrize("engine", ["reference", pytest.param("duckdb", marks=pytest.mark.slow)])
def test_pack_fixture_tests_pass(engine):
    """Both years' fixture tests (the DuckDB engine makes a database per test: about two minutes)."""
    for ref in ("dfe-903", Path(__file__).parents[1] / "rules" / "dfe-903" / "2024-25"):
        report = run_tests(load_pack(str(ref)), engine=engine)
        assert not report.diagnostics.errors
        assert not report.failed, [(c.rule, c.problems) for c in report.failed]
        assert not report.untested(load_pack(str(ref)))  # every rule has tests
        for rule, outcomes in report.coverage.items():
            assert {"pass", "fail"} <= outcomes, rule  # both sides of every rule


def test_years_inherit_and_change_code_lists():
    base = load_pack(str(Path(__file__).parents[1] / "rules" / "dfe-903" / "2024-25"))
    year = load_pack("dfe-903")
    assert {r.id for r in base.rules} < {r.id for r in year.rules}
    assert {r.id for r in year.rules} - {r.id for r in base.rules} == {"233", "234", "444", "454", "SW17STG2"}
    assert "Z1" in base.params["place_codes"] and "Z1" not in year.params["place_codes"]
    assert "Z11" in year.params["place_codes"]


def test_run_and_data_quality_from_the_cli(tmp_path):
    folder = write(tmp_path / "r", RETURN)
    runner = CliRunner()
    res = runner.invoke(cli, ["run", "dfe-903", "--data", str(folder), "--as-at", AS_AT.isoformat(), "--skip-unavailable",
                              "--fail-on", "none"])
    assert res.exit_code == 0, res.output
    assert "NOT RUN: 104 needs table `uasc`" in res.output
    res = runner.invoke(cli, ["run", "dfe-903", "--data", str(folder), "--as-at", AS_AT.isoformat()])
    assert res.exit_code == 2  # a rule whose file is absent is an error without --skip-unavailable
    res = runner.invoke(cli, ["run", "ilacs", "--data", str(folder), "--as-at", AS_AT.isoformat(), "--skip-unavailable",
                              "--fail-on", "none", "--data-quality", "dfe-903"])
    assert res.exit_code == 0, res.output
    assert "Data quality (dfe-903)" in res.output


def test_a_generated_return_has_every_file_and_runs(tmp_path):
    """`generate --format ssda903` writes every file of a return (AD1, PlacedAdoption and PrevPerm
    too: a file with no rows is its header), so `run dfe-903` on it judges every rule of this
    year's return (exit 0 or 1, never 2); the previous year's rules are listed as not run, and so
    are the rules reading the council's own code when the run does not give it."""
    folder = tmp_path / "r"
    runner = CliRunner()
    res = runner.invoke(cli, ["generate", "--format", "ssda903", "--children", "150", "--seed", "3", "--as-at",
                              AS_AT.isoformat(), "--out", str(folder), "-q"])
    assert res.exit_code == 0, res.output
    for name in ("ad1.csv", "placed_adoption.csv", "prev_perm.csv"):
        assert (folder / name).read_text(encoding="utf-8").startswith("CHILD,DOB,")
    assert len((folder / "prev_perm.csv").read_text(encoding="utf-8").splitlines()) > 1  # children who started care
    res = runner.invoke(cli, ["run", "dfe-903", "--data", str(folder), "--as-at", AS_AT.isoformat(), "--format", "json",
                              "--engine", "reference"])
    assert res.exit_code in (0, 1), res.output
    import json

    doc = json.loads(res.stdout)
    not_run = {r["id"]: r["needs"] for r in doc["not_run"]}
    year = {r.id for r in load_pack("dfe-903").rules if "previous-year" not in r.tags}
    # 1015 reads the council's own LA code, which this run was not given (--param la_code=...);
    # 105 and 303 the Header's UASC status, which only the XML form sends; the rules on Ofsted's
    # provider lists need the lists (--ofsted-list), which this run was not given
    ofsted = {r.id for r in load_pack("dfe-903").rules if "ofsted-lists" in r.tags}
    assert ofsted == {"1008", "219", "221", "224", "227", "228", "229"}
    assert set(not_run) & year == {"1015", "105", "303"} | ofsted, sorted(set(not_run) & year)
    assert all("--ofsted-list" in " ".join(not_run[r]) for r in ofsted), {r: not_run[r] for r in ofsted}
    assert "only the XML form of the return sends" in not_run["105"][0]
    assert "--param la_code=" in not_run["1015"][0]


@pytest.mark.slow
def test_engines_agree_on_a_planted_return(tmp_path):
    """The DuckDB engine and the reference evaluator give every record of a generated return
    (problems planted, tests/oracle/plant903.py) the same outcome and reason for every rule
    (1015 too: the run gives the council's code): the sequence rules' numeric sort keys,
    `last(.. by ..)` and `every` included."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "oracle"))
    import plant903

    from checker.data.readers import writer
    from checker.tools.generate import generate

    raw, folder = tmp_path / "raw", tmp_path / "return"
    writer("ssda903")(generate(600, 3, "inadequate", AS_AT).tables, load_schema(builtin_schema_path("csc")), raw, AS_AT)
    plant903.plant(plant903.complete(raw, folder, 3, AS_AT), folder, 3, as_at=AS_AT)
    outs = {}
    for engine in ("reference", "duckdb"):
        out = tmp_path / f"{engine}.csv"
        res = CliRunner().invoke(cli, ["run", "dfe-903", "--data", str(folder), "--as-at", AS_AT.isoformat(), "--fail-on", "none",
                                       "--format", "csv", "--engine", engine, "--out", str(out), "--param", "la_code=E09000033"])
        assert res.exit_code == 0, res.output
        outs[engine] = out.read_text(encoding="utf-8")
    assert outs["reference"] == outs["duckdb"]
    assert ",fail," in outs["duckdb"]
