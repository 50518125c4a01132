"""The previous year's SSDA903 return: read with --previous (or beside this year's files), the
dfe-903 rules comparing the years listed as not run without it, and the generator's two
consistent returns with planted year-to-year disagreements."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

from click.testing import CliRunner

from checker.api import run_pack
from checker.cli import cli
from checker.data.load import load_data
from checker.packs.pack import load_pack

AS_AT = _dt.date(2026, 3, 31)
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def this_year(tmp_path: Path) -> Path:
    return write(tmp_path / "2026", {
        "header.csv": HEADER + "C1,F,01/02/2012,WBRI,,,\nC2,M,01/03/2013,WBRI,,,\n",
        "episodes.csv": EPISODES + "C1,01/05/2024,S,C2,N1,U1,PR1,,,,,,\nC2,01/06/2025,S,C2,N1,U1,PR1,,,,,,\n",
    })


def last_year(folder: Path) -> Path:
    # C1's date of birth disagrees (203); C1's open episode began on another day (502, 562)
    return write(folder, {
        "header.csv": HEADER + "C1,F,02/02/2012,WBRI,,,\n",
        "episodes.csv": EPISODES + "C1,30/04/2024,S,C2,N1,U1,PR1,,,,,,\n",
    })


def previous_year_rules() -> set[str]:
    return {r.id for r in load_pack("dfe-903").rules if "previous-year" in r.tags}


def test_without_the_previous_year_its_rules_are_not_run_and_no_error(tmp_path):
    # the return has Header and Episodes files: rules needing only those and last year's are not run, no error
    run = run_pack("dfe-903", this_year(tmp_path), AS_AT, engine="reference", skip_unavailable=False,
                   rules=["101", "202", "203", "502", "562", "NOE"])
    doc = run.document
    not_run = {n["id"]: n["needs"] for n in doc["not_run"]}
    assert set(not_run) == {"202", "203", "502", "562", "NOE"}
    assert any("only the previous year's return" in w for w in not_run["203"])


def test_with_previous_the_rules_compare_the_years(tmp_path):
    folder = this_year(tmp_path)
    last = last_year(tmp_path / "2025")
    run = run_pack("dfe-903", folder, AS_AT, engine="reference", previous=last, rules=["203", "502", "562", "NOE"])
    rules = {r["id"]: r for r in run.document["rules"]}
    assert not run.document["not_run"]
    fails = {rid: sorted(c["id"] for c in r["cases"].get("fail", [])) for rid, r in rules.items()}
    assert fails["203"] == ["C1#1"] and fails["502"] == ["C1#1"] and fails["562"] == ["C1#1"]
    assert fails["NOE"] == []  # C1 was in last year's episodes; C2 began this year


def test_the_previous_years_files_beside_this_years_are_read_as_it(tmp_path):
    folder = this_year(tmp_path)
    write(folder, {"header_last.csv": HEADER + "C1,F,02/02/2012,WBRI,,,\n"})
    loaded = load_data(folder, load_pack("dfe-903").schema, None, AS_AT)
    assert [r.key for r in loaded.dataset.tables["headers_last"]] == ["C1#1"]
    assert "episodes_last" in loaded.missing_tables


def test_previous_on_another_format_is_an_error(tmp_path):
    write(tmp_path / "native", {"children.csv": "child_id\nC1\n"})
    res = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(tmp_path / "native"), "--as-at", "2026-03-31",
                                   "--previous", str(tmp_path / "native")])
    assert res.exit_code == 2
    assert "--previous" in res.output


def test_data_quality_lists_the_previous_year_rules_as_not_run(tmp_path):
    from checker.engine.dataquality import check

    la = {"la_code": "E09000033"}  # the council's own code, which 1015 and 503J read
    dq = check("dfe-903", str(this_year(tmp_path)), AS_AT, params=la)
    listed = {n["rule"] for n in dq["not_run"]}
    # (and the rules on Ofsted's provider lists, which --ofsted-list gives: none here)
    ofsted = {r.id for r in load_pack("dfe-903").rules if "ofsted-lists" in r.tags}
    assert {"202", "203", "502", "562", "NOE"} <= listed <= previous_year_rules() | ofsted
    with_last = check("dfe-903", str(this_year(tmp_path)), AS_AT, previous=str(last_year(tmp_path / "2025")), params=la)
    assert {n["rule"] for n in with_last.get("not_run", [])} <= ofsted
    # without the code, the rules reading it are listed as not run, saying what to give
    unset = check("dfe-903", str(this_year(tmp_path)), AS_AT, previous=str(last_year(tmp_path / "2025")))
    assert {n["rule"]: n["needs"] for n in unset["not_run"]}.keys() - ofsted == {"1015", "503J"}
    assert all("--param la_code=" in n["needs"] for n in unset["not_run"] if n["rule"] not in ofsted)
    assert "203" in {e["rule"] for e in with_last["errors"]}


def test_generate_with_previous_plants_what_the_rules_find(tmp_path):
    out = tmp_path / "g"
    res = CliRunner().invoke(cli, ["generate", "--format", "ssda903", "--children", "400", "--seed", "3", "--as-at",
                                   "2026-03-31", "--out", str(out), "--with-previous", "-q"])
    assert res.exit_code == 0, res.output
    planted = json.loads((out / "previous" / "planted.json").read_text())
    run = run_pack("dfe-903", out, AS_AT, engine="reference", previous=out / "previous", skip_unavailable=True,
                   rules=["202", "203", "204", "503B", "503D", "NOE"])
    fails = {r["id"]: {c["id"].split("#")[0] for c in r["cases"].get("fail", [])} for r in run.document["rules"]}
    assert sum(len(v) for v in planted.values()) > 0
    for code in ("202", "203", "204", "503B", "503D"):
        assert fails[code] == set(planted[code]), code  # exactly the planted children, nothing else
    assert fails["NOE"] == set(planted["NoE"])
    res = CliRunner().invoke(cli, ["generate", "--format", "csv", "--out", str(tmp_path / "c"), "--with-previous"])
    assert res.exit_code == 2


def test_explain_a_rule_comparing_the_years(tmp_path):
    """`explain --previous DIR` traces a rule that reads last year's return; without it, the error says
    the rule needs the previous year's return."""
    folder = this_year(tmp_path)
    last = last_year(tmp_path / "2025")
    args = ["explain", "dfe-903", "502", "C1#1", "--data", str(folder), "--as-at", AS_AT.isoformat()]
    res = CliRunner().invoke(cli, args + ["--previous", str(last)])
    assert res.exit_code == 0, res.output
    assert "child.episodes_last" in res.stdout and "outcome: fail" in res.stdout
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 2
    assert "rule 502 needs table `episodes_last`, which only the previous year's return" in res.output
