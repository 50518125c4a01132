"""Silent mis-reads and unhelpful messages (issue 19, items 9, 10 and 11 of the battery):
each input below was read wrongly without a word; now it is read rightly, or said.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
from pathlib import Path

import hostile_fuzz as H
import pytest

from checker.api import read_data
from checker.errors import CasecheckError, Diagnostic, Location
from checker.packs.pack import load_pack

AS_AT = dt.date(2025, 3, 31)


@pytest.fixture(scope="module")
def csc():
    return load_pack(H.ROOT / "examples" / "pack").schema


def _census(children: str, root: str = "<Message>") -> str:
    return (f"<?xml version='1.0' encoding='UTF-8'?>\n{root}<Header><CollectionDetails><Collection>CIN</Collection>"
            "<Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails></Header>"
            f"<Children>{children}</Children></Message>")


def _child(cid: str, cins: str = "") -> str:
    return (f"<Child><ChildIdentifiers><LAchildID>{cid}</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate>"
            f"<Sex>M</Sex></ChildIdentifiers>{cins}</Child>")


def _cin(plan: bool = False) -> str:
    p = "<CINPlanDates><CINPlanStartDate>2024-06-01</CINPlanStartDate></CINPlanDates>" if plan else ""
    return f"<CINdetails><CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>1A</ReferralSource>{p}</CINdetails>"


def _warnings(loaded, code):
    return [d for d in loaded.diagnostics.items if d.code == code]


# -- item 9: silent mis-reads -----------------------------------------------------------------------


def test_a_repeated_lachildid_does_not_graft_the_duplicate_s_blocks(tmp_path, csc):
    """Found by the battery: the rejected duplicate's CIN plan was joined to the other child."""
    path = tmp_path / "census.xml"
    path.write_text(_census(_child("C1", _cin()) + _child("C1", _cin() + _cin(plan=True))), encoding="utf-8")
    loaded = read_data(csc, str(path), None, AS_AT)
    assert [r.key for r in loaded.dataset.tables["cin_plans"]] == []
    assert [r.key for r in loaded.dataset.tables["referrals"]] == ["C1/1"]
    assert _warnings(loaded, "duplicate-child") and "Child 2" in _warnings(loaded, "duplicate-child")[0].message
    c = loaded.counts()
    assert c["read"] == c["evaluated"] + c["excluded"] + c["rejected"]


def test_a_census_in_a_foreign_namespace_is_said(tmp_path, csc):
    path = tmp_path / "census.xml"
    path.write_text(_census(_child("C1", _cin()), '<Message xmlns="http://example.org/not-the-census">'), encoding="utf-8")
    loaded = read_data(csc, str(path), None, AS_AT)
    assert _warnings(loaded, "foreign-namespace")
    path.write_text(_census(_child("C1", _cin()), '<Message xmlns="http://www.dfe.gov.uk/CIN">'), encoding="utf-8")
    assert not _warnings(read_data(csc, str(path), None, AS_AT), "foreign-namespace")


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\u0085", "\x0c", "\x1c"])
def test_a_line_separator_inside_a_json_string_does_not_split_the_record(seed_data, tmp_path, csc, sep):
    """Found by the battery: a raw U+2028 or U+0085 inside a string split the record in two."""
    folder = tmp_path / "jsonl"
    shutil.copytree(seed_data["jsonl"], folder)
    path = folder / "children.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    obj = json.loads(lines[0])
    obj["ethnicity"] = f"WB{sep}RI"
    lines[0] = json.dumps(obj, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = read_data(csc, str(folder), "jsonl", AS_AT)
    acc = loaded.accounts["children"]
    assert acc.read == len(lines) and not [r for r in loaded.rejections if r.reason == "malformed row"]


@pytest.mark.parametrize("engine_con", [False, True])
def test_one_stray_byte_does_not_reread_a_utf8_file_as_windows_1252(seed_data, tmp_path, csc, engine_con):
    """Found by the battery: one bad byte made every non-ASCII ID of a UTF-8 file change."""
    folder = tmp_path / "data"
    shutil.copytree(seed_data["csv"], folder)
    for name in ("children.csv", "referrals.csv"):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        ids = sorted({row["child_id"] for row in csv.DictReader(io.StringIO(text))})
        path.write_text(text.replace(ids[0], "Zoë-" + ids[0]), encoding="utf-8")
    path = folder / "children.csv"
    data = path.read_bytes()
    head, rest = data.split(b"\n", 1)
    lines = rest.split(b"\n")
    lines[-2] = lines[-2] + b"\xff"  # a stray byte at the end of the last row
    path.write_bytes(head + b"\n" + b"\n".join(lines))
    con = None
    if engine_con:
        import duckdb

        con = duckdb.connect()
    loaded = read_data(csc, str(folder), None, AS_AT, con)
    keys = {r.key for r in loaded.dataset.tables["children"]}
    assert any(k.startswith("Zoë-") for k in keys)
    refs = {r.values["child_id"] for r in loaded.dataset.tables["referrals"]}
    assert any(k.startswith("Zoë-") for k in refs)
    (enc,) = _warnings(loaded, "encoding")
    assert "UTF-8" in enc.message and "byte" in enc.message and "line" in enc.message


@pytest.mark.parametrize("kind", ["folder", "fifo", "dangling"])
def test_a_table_file_that_is_not_a_file_is_named(seed_data, tmp_path, csc, kind):
    """Found by the battery: `children.csv` as a folder, FIFO or dangling link was "no such table"."""
    folder = tmp_path / "data"
    shutil.copytree(seed_data["csv"], folder)
    path = folder / "children.csv"
    path.unlink()
    {"folder": path.mkdir, "fifo": lambda: os.mkfifo(path), "dangling": lambda: path.symlink_to(tmp_path / "gone.csv")}[kind]()
    with pytest.raises(CasecheckError) as info:
        read_data(csc, str(folder), None, AS_AT)
    (d,) = info.value.diagnostics
    assert d.code == "not-a-file" and "children.csv" in d.message


def test_one_table_twice_in_different_case_is_an_error(seed_data, tmp_path, csc):
    folder = tmp_path / "data"
    shutil.copytree(seed_data["csv"], folder)
    (folder / "children.CSV").write_bytes((folder / "children.csv").read_bytes())
    with pytest.raises(CasecheckError) as info:
        read_data(csc, str(folder), None, AS_AT)
    assert any(d.code == "duplicate-table" for d in info.value.diagnostics)


def test_a_visible_sheet_wins_over_a_hidden_stale_one(seed_data, tmp_path, csc):
    """Found by the battery: a hidden stale sheet was read instead of the visible one."""
    from openpyxl import load_workbook

    wb = load_workbook(seed_data["xlsx"])
    stale = wb.copy_worksheet(wb["children"])
    stale.title = "Children "
    for row in stale.iter_rows(min_row=2):
        row[0].value = "STALE-" + str(row[0].value)
    wb.move_sheet(stale, offset=-len(wb.sheetnames))
    stale.sheet_state = "hidden"
    path = tmp_path / "book.xlsx"
    wb.save(path)
    loaded = read_data(csc, str(path), None, AS_AT)
    assert not any(r.key.startswith("STALE-") for r in loaded.dataset.tables["children"])
    (d,) = _warnings(loaded, "duplicate-table")
    assert "hidden" in d.message


@pytest.mark.parametrize("engine_con", [False, True, "fast"])
@pytest.mark.parametrize("twin", ["C\u200b{}", "{}\ufeff", "e\u0301{}"])
def test_ids_differing_only_by_normalisation_or_invisible_characters_are_said(seed_data, tmp_path, csc, twin, engine_con,
                                                                               monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(seed_data["csv"], folder)
    path = folder / "children.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    base = rows[1][0]
    if twin.startswith("e\u0301"):
        rows[1][0] = "\u00e9" + base
        new = "e\u0301" + base
    elif twin.startswith("C"):
        new = base[:1] + "\u200b" + base[1:]
    else:
        new = base + "\ufeff"
    rows.append([new] + rows[1][1:])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    con = None
    if engine_con:
        import duckdb

        con = duckdb.connect()
    if engine_con == "fast":  # however small, read by DuckDB itself: the keys are asked of the database
        import checker.api

        monkeypatch.setattr(checker.api, "FAST_READ_MIN_BYTES", 0)
    loaded = read_data(csc, str(folder), None, AS_AT, con)
    assert getattr(loaded, "in_database", False) == (engine_con == "fast")
    (d,) = _warnings(loaded, "lookalike-ids")
    assert "children" in d.message and not d.is_error


# -- item 10 (issue 16 owns the fix) ----------------------------------------------------------------


@pytest.mark.parametrize("sentinel", ["9999-12-31", "1900-01-01"])
def test_a_sentinel_date_is_one_record_s_problem(seed_data, tmp_path, sentinel):
    from click.testing import CliRunner

    from checker.cli import cli

    folder = tmp_path / "data"
    shutil.copytree(seed_data["csv"], folder)
    path = folder / "assessments.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    j = next(i for i, h in enumerate(rows[0]) if h.endswith("date") and rows[1][i])
    rows[1][j] = sentinel
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    res = CliRunner().invoke(cli, ["run", str(H.ROOT / "examples" / "pack"), "--data", str(folder), "--as-at",
                                   H.AS_AT_TEXT, "--skip-unavailable", "--format", "json"])
    assert res.exit_code in (0, 1), res.stderr


# -- item 11: messages ------------------------------------------------------------------------------


def test_a_utf16_csv_is_said_to_be_utf16(seed_data, tmp_path, csc):
    """Found by the battery: a UTF-16 CSV read as garbled column names."""
    folder = tmp_path / "data"
    shutil.copytree(seed_data["csv"], folder)
    path = folder / "children.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("utf-16"))
    loaded = read_data(csc, str(folder), None, AS_AT)
    assert any("UTF-16" in d.message for d in _warnings(loaded, "encoding"))
    assert loaded.accounts["children"].read == text.count("\n") - 1
    assert not [d for d in loaded.diagnostics.items if d.code == "unknown-column" and "children" in d.message]
    path.write_bytes(text.encode("utf-16-le"))  # no byte-order mark
    loaded = read_data(csc, str(folder), None, AS_AT)
    assert any("UTF-16" in d.message for d in loaded.diagnostics.errors)


def test_a_password_protected_workbook_is_said_to_be_encrypted(tmp_path, csc):
    """Found by the battery: "cannot tell what format" for an encrypted workbook. An encrypted
    workbook is an OLE compound file holding an `EncryptedPackage` stream."""
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 2000)
    (d,) = read_data(csc, str(path), None, AS_AT).diagnostics.errors
    assert d.code == "encrypted" and "password-protected" in d.message


def test_rendering_diagnostics_reads_a_file_once(tmp_path, monkeypatch):
    """Found by the battery: each diagnostic re-read the whole input file to show its line."""
    from checker import errors

    path = tmp_path / "big.csv"
    path.write_text("".join(f"line {i}\n" for i in range(20_000)), encoding="utf-8")
    opened = []
    real = Path.read_text

    def counting(self, *a, **k):
        opened.append(self)
        return real(self, *a, **k)

    monkeypatch.setattr(Path, "read_text", counting)
    for i in range(1, 500):
        text = Diagnostic("bad", Location(str(path), i * 7, 1)).render()
        assert f"line {i * 7 - 1}" in text
    assert len([p for p in opened if p == path]) <= 1
    assert errors.source_line(str(path), 3) == "line 2"
