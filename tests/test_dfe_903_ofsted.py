"""Ofsted's provider lists beside an SSDA903 return (``--ofsted-list``): read in Ofsted's shapes
(readers/ofsted_lists.py), attached to the return on either path (data/ofsted.py), and the
dfe-903 rules on them (rules/dfe-903/2024-25/rules/ofsted-lists.yaml) run with them and are
listed as not run without them. The lists here are synthetic, in the columns Ofsted publishes."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.api import run_pack
from checker.cli import cli
from checker.data.load import load_data
from checker.data.ofsted import attach_lists
from checker.errors import CasecheckError
from checker.packs.pack import load_pack

AS_AT = _dt.date(2026, 3, 31)
RULES = ["1008", "219", "221", "224", "227", "228", "229"]
EPISODES = ("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
            "C1,01/05/2025,S,C2,N1,K2,PR1,,,,CB2 1TN,SW1A 1AA,SC100001\n"     # all well (home in Westminster, PR1)
            "C2,01/05/2025,S,C2,N1,K2,PR2,,,,CB2 1TN,W1A 1AA,SC100001\n"      # 221 (postcode), 229 (PR2 in the council's area)
            "C3,01/05/2025,S,C2,N1,U4,PR4,,,,CB2 1TN,CB2 1TN,2500003\n"        # 228 (open, closed 30/09/2025)
            "C4,01/10/2025,S,C2,N1,U5,PR0,,,,CB2 1TN,CB2 1TN,2500003\n"        # 219 (U5), 224 (PR0), 227, 228
            "C5,01/05/2025,S,C2,N1,U1,PR1,,,,CB2 1TN,CB2 1TN,ZZ000009\n"       # 1008, 219, 224, 229 (not listed)
            "C6,01/05/2025,S,C2,N1,U1,PR1,,,,CB2 1TN,CB2 1TN,XXXXXXX\n")      # not looked up
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n" + "".join(f"C{i},1,01/02/2010,WBRI,UN1,,\n" for i in range(1, 7))
#: rule -> the episodes (by CHILD) it flags with the lists below
FLAGGED = {"1008": {"C5"}, "219": {"C4", "C5"}, "221": {"C2"}, "224": {"C4", "C5"}, "227": {"C4"}, "228": {"C3", "C4"},
           "229": {"C2", "C5"}}


def write_lists(folder: Path, csv_form: bool = False) -> list[Path]:
    """The children's homes list and the social care providers list, as Ofsted publishes them
    (a header row; a CH sheet the tools do not read; the SCP's current and closed sheets)."""
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    ch_head = ["Local Authority", "URN", "Provider Type", "Setting Name", "Closed Date", "Provider Code",
               "Provider Placement Code", "Setting Address Postcode"]
    ch_rows = [["Westminster", "SC100001", "Children's home", "Home One", "-", "K2", "PR1/PR2", "sw1a 1aa"]]
    current_head = ["URN", "Provision type", "Setting name", "Setting postcode", "Local authority", "Placement code",
                    "Placement provider code"]
    closed_head = current_head[:5] + ["Deregistration date"] + current_head[5:]
    closed_rows = [["2500003", "Independent Fostering Agency", "Carers", "CB2 1TN", "Cambridgeshire",
                    _dt.datetime(2025, 9, 30), "U4,U6", "PR4"]]
    if csv_form:
        def save(name, head, rows):
            lines = [",".join(head)] + [",".join(v.strftime("%d/%m/%Y") if isinstance(v, _dt.datetime) else f'"{v}"'
                                                 for v in r) for r in rows]
            (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
            return folder / name
        return [save("ch.csv", ch_head, ch_rows), save("scp_current.csv", current_head, []),
                save("scp_closed.csv", closed_head, closed_rows)]
    wb = Workbook()
    ws = wb.active
    ws.title = "Provider information"
    for r in [ch_head] + ch_rows:
        ws.append(r)
    wb.create_sheet("Registration Conditions").append(["Local Authority", "URN", "Conditions"])
    wb.save(folder / "ch.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.title = "Current providers"
    ws.append(current_head)
    ws = wb.create_sheet("Providers closed in 2025-26")
    for r in [closed_head] + closed_rows:
        ws.append(r)
    wb.save(folder / "scp.xlsx")
    return [folder / "ch.xlsx", folder / "scp.xlsx"]


def write_return(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "header.csv").write_text(HEADER, encoding="utf-8")
    (folder / "episodes.csv").write_text(EPISODES, encoding="utf-8")
    return folder


def flagged(doc: dict) -> dict[str, set[str]]:
    return {r["id"]: {c["id"].split("#")[0] for c in r["cases"]["fail"]} for r in doc["rules"]}


@pytest.mark.parametrize("csv_form", [False, True])
def test_the_lists_are_read_in_ofsteds_shapes(tmp_path, csv_form):
    pack = load_pack("dfe-903")
    loaded = load_data(write_return(tmp_path / "r"), pack.schema, None, AS_AT)
    attach_lists(loaded, pack.schema, write_lists(tmp_path / "lists", csv_form), AS_AT)
    assert not loaded.diagnostics.errors, [str(d) for d in loaded.diagnostics.errors]
    providers = {r.values["urn"]: r.values for r in loaded.dataset.tables["providers"]}
    assert providers["SC100001"]["list"] == "CH" and providers["SC100001"]["place_codes"] == "K2"
    assert providers["SC100001"]["provider_codes"] == "PR1/PR2" and providers["SC100001"]["reg_end"] is None
    assert providers["2500003"]["list"] == "SCP" and providers["2500003"]["reg_end"] == _dt.date(2025, 9, 30)
    # every URN of the lists and of the return's Episodes, so each episode's URN links to a record
    assert {r.key for r in loaded.dataset.tables["provider_urns"]} == {"SC100001", "2500003", "ZZ000009", "XXXXXXX"}
    assert not [i for i in loaded.integrity if i.check == "orphan"]
    assert "providers" not in loaded.missing_tables


def test_with_the_lists_the_rules_flag_what_the_validator_would(tmp_path):
    data = write_return(tmp_path / "r")
    lists = [str(p) for p in write_lists(tmp_path / "lists")]
    res = CliRunner().invoke(cli, ["run", "dfe-903", "--data", str(data), "--as-at", AS_AT.isoformat(), "--format", "json",
                                   "--rules", ",".join(RULES), "--param", "la_code=E09000033", "--engine", "reference",
                                   *[a for p in lists for a in ("--ofsted-list", p)]])
    assert res.exit_code == 1, res.output
    doc = json.loads(res.stdout)
    assert flagged(doc) == FLAGGED
    assert not doc.get("not_run")


@pytest.mark.parametrize("engine", ["reference", "duckdb"])
def test_the_library_api_and_both_reading_paths(tmp_path, engine, monkeypatch):
    """A return DuckDB reads itself (over SSDA903_FAST_MIN_BYTES) takes the lists into its tables."""
    import checker.api as api

    if engine == "duckdb":
        monkeypatch.setattr(api, "SSDA903_FAST_MIN_BYTES", 0)
    run = run_pack("dfe-903", write_return(tmp_path / "r"), AS_AT, rules=RULES, engine=engine,
                   params={"la_code": "E09000033"}, ofsted_lists=write_lists(tmp_path / "lists"))
    assert flagged(run.document) == FLAGGED
    if engine == "duckdb":
        assert run.result.loaded.in_database


def test_without_the_lists_the_rules_are_not_run_saying_why(tmp_path):
    res = CliRunner().invoke(cli, ["run", "dfe-903", "--data", str(write_return(tmp_path / "r")), "--as-at",
                                   AS_AT.isoformat(), "--format", "json", "--rules", ",".join(RULES + ["101"]),
                                   "--param", "la_code=E09000033"])
    assert res.exit_code in (0, 1), res.output
    doc = json.loads(res.stdout)
    not_run = {r["id"]: " ".join(r["needs"]) for r in doc["not_run"]}
    assert set(not_run) == set(RULES)
    assert all("--ofsted-list" in why for why in not_run.values())
    assert [r["id"] for r in doc["rules"]] == ["101"]


def test_bad_lists_are_clear_errors(tmp_path):
    pack = load_pack("dfe-903")
    data = write_return(tmp_path / "r")
    ch, scp = write_lists(tmp_path / "lists")

    def errors(paths):
        loaded = load_data(data, pack.schema, None, AS_AT)
        attach_lists(loaded, pack.schema, paths, AS_AT)
        return " | ".join(str(d) for d in loaded.diagnostics.errors)

    assert "the social care providers list is missing" in errors([ch])
    assert "the children's homes list is missing" in errors([scp])
    assert "`header.csv` is not one of Ofsted's provider lists" in errors([data / "header.csv", scp])
    from openpyxl import load_workbook

    wb = load_workbook(ch)
    wb["Provider information"]["E1"] = "Closing"  # the Closed Date column renamed
    wb.save(tmp_path / "ch_bad.xlsx")
    why = errors([tmp_path / "ch_bad.xlsx", scp])
    assert "ch_bad.xlsx [Provider information]" in why and "`closed date`" in why
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    assert "not an .xlsx workbook or a CSV file" in errors([tmp_path / "old.xls", scp])
    # through the CLI: exit 2, the file named, no traceback
    res = CliRunner().invoke(cli, ["run", "dfe-903", "--data", str(data), "--as-at", AS_AT.isoformat(),
                                   "--ofsted-list", str(ch)])
    assert res.exit_code == 2 and "social care providers list is missing" in res.output
    assert "Traceback" not in res.output


def test_a_closed_date_that_is_not_a_date_is_a_warning(tmp_path):
    from openpyxl import load_workbook

    pack = load_pack("dfe-903")
    ch, scp = write_lists(tmp_path / "lists")
    wb = load_workbook(ch)
    wb["Provider information"]["E2"] = "soon"
    wb.save(ch)
    loaded = load_data(write_return(tmp_path / "r"), pack.schema, None, AS_AT)
    attach_lists(loaded, pack.schema, [ch, scp], AS_AT)
    assert not loaded.diagnostics.errors
    warned = [str(d) for d in loaded.diagnostics.warnings if "not a date" in str(d)]
    assert warned and "`closed date`" in warned[0] and "`soon`" in warned[0]


def test_the_combined_list_alone_is_enough(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Providers"
    ws.append(["Local authority", "URN", "Provider type", "Deregistration date", "Placement code",
               "Placement provider code", "Setting address postcode"])
    ws.append(["Westminster", "SC100001", "Children's home", None, "K2", "PR1/PR2", "SW1A 1AA"])
    sa = wb.create_sheet("SA Providers")
    sa.append(["Provider local authority", "URN", "Provider type", "Closed date", "Setting address postcode"])
    sa.append(["Cambridgeshire", "2500003", "Supported accommodation", None, "CB2 1TN"])
    wb.save(tmp_path / "combined.xlsx")
    pack = load_pack("dfe-903")
    loaded = load_data(write_return(tmp_path / "r"), pack.schema, None, AS_AT)
    attach_lists(loaded, pack.schema, [tmp_path / "combined.xlsx"], AS_AT)
    assert not loaded.diagnostics.errors
    rows = {r.values["urn"]: r.values for r in loaded.dataset.tables["providers"]}
    # the supported accommodation providers are K3 and, with no provider code, PR4 (as the validator reads them)
    assert (rows["2500003"]["place_codes"], rows["2500003"]["provider_codes"]) == ("K3", "PR4")
    assert rows["SC100001"]["list"] == "SCPCH"


def test_an_option_for_another_format_is_an_error(tmp_path):
    (tmp_path / "n").mkdir()
    (tmp_path / "n" / "children.csv").write_text("child_id\nC1\n", encoding="utf-8")
    ch, scp = write_lists(tmp_path / "lists")
    with pytest.raises(CasecheckError) as err:
        run_pack("ilacs", tmp_path / "n", AS_AT, engine="reference", skip_unavailable=True, ofsted_lists=[ch, scp])
    assert any(d.is_error and "--ofsted-list" in d.message for d in err.value.diagnostics)


def test_the_data_quality_pack_takes_the_lists(tmp_path):
    """`run ilacs --data-quality dfe-903 --ofsted-list ...`: the lists are the validation pack's."""
    from checker.engine.dataquality import check

    data = write_return(tmp_path / "r")
    lists = write_lists(tmp_path / "lists")
    dq = check("dfe-903", str(data), AS_AT, params={"la_code": "E09000033"}, ofsted_lists=lists)
    assert not set(RULES) & {n["rule"] for n in dq.get("not_run", [])}
    assert {e["rule"]: e["records"] for e in dq["errors"] if e["rule"] in RULES} == {r: len(c) for r, c in FLAGGED.items()}
    run = run_pack("ilacs", data, AS_AT, engine="reference", skip_unavailable=True, data_quality="dfe-903",
                   ofsted_lists=lists, params={"la_code": "E09000033"})  # (la_code: the dfe-903 pack's, for 229)
    assert {e["rule"] for e in run.document["data_quality"]["errors"]} >= set(RULES)


def test_the_lists_are_not_counted_as_the_returns_records(tmp_path):
    from checker.engine.dataquality import check

    data = write_return(tmp_path / "r")
    without = check("dfe-903", str(data), AS_AT, params={"la_code": "E09000033"})
    with_lists = check("dfe-903", str(data), AS_AT, params={"la_code": "E09000033"}, ofsted_lists=write_lists(tmp_path / "l"))
    assert with_lists["summary"]["records"] == without["summary"]["records"]
