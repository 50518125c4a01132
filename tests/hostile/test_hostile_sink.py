"""One sink for everything that leaves the process (issue 19, items 2 and 3 of the
battery): redaction reaches rejects.csv and standard error and refuses a short key;
formula neutralisation survives control characters and reaches `sample`, `template`
and rejects.csv; terminal escapes from the data never reach the terminal; the letter
escapes a framework's title; bare URLs from data are not links in Markdown.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import hostile_fuzz as H
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cli import cli
from checker.report.sink import Redactor, clean_terminal, neutral_cell, pseudonym

PACK = str(H.ROOT / "examples" / "pack")
KEY = "a-long-enough-redaction-key-0123"


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _csv_folder(seed_data, tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(seed_data["csv"], folder)
    return folder


def _append_child(folder: Path, cid: str, **values) -> None:
    path = folder / "children.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    head = rows[0]
    new = [values.get(h, rows[1][j]) for j, h in enumerate(head)]
    new[head.index("child_id")] = cid
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows + [new])
    path.write_text(out.getvalue(), encoding="utf-8")


def _first_child(folder: Path) -> str:
    rows = list(csv.DictReader(io.StringIO((folder / "children.csv").read_text(encoding="utf-8"))))
    return rows[0]["child_id"]


# -- redaction -----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["", "\n\n", "short", "0123456789abcde"])
def test_a_key_shorter_than_16_bytes_is_refused(seed_data, tmp_path, key):
    """Found by the battery: an empty key file gave an unkeyed hash, reversed by trying IDs."""
    (tmp_path / "key").write_text(key)
    res = _run("run", PACK, "--data", seed_data["csv"], "--as-at", H.AS_AT_TEXT, "--redact", tmp_path / "key")
    assert res.exit_code == 2 and "at least 16" in res.stderr


def test_rejects_csv_is_redacted(seed_data, tmp_path):
    """Found by the battery: rejects.csv held raw case IDs under --redact."""
    folder = _csv_folder(seed_data, tmp_path)
    cid = _first_child(folder)
    _append_child(folder, cid)  # a duplicate key: rejected, and its ID written to rejects.csv
    _append_child(folder, "CZ-REJECTED-99", date_of_birth="not a date")  # rejected: its ID is in no record
    (tmp_path / "key").write_text(KEY)
    out = tmp_path / "out" / "r.json"
    out.parent.mkdir()
    res = _run("run", PACK, "--data", folder, "--as-at", H.AS_AT_TEXT, "--format", "json", "--out", out,
               "--redact", tmp_path / "key", "--skip-unavailable")
    assert res.exit_code in (0, 1), res.stderr
    rejects = (out.parent / "rejects.csv").read_text(encoding="utf-8")
    assert "duplicate" in rejects.lower()
    assert not re.search(rf"(?<![A-Za-z0-9_/|-]){re.escape(cid)}(?![A-Za-z0-9_/|-])", rejects)
    assert "CZ-REJECTED-99" not in rejects and "CZ-REJECTED-99" not in out.read_text()
    assert pseudonym(KEY.encode(), cid) in rejects
    assert cid not in res.stderr


def test_warnings_on_standard_error_are_redacted(seed_data, tmp_path):
    folder = _csv_folder(seed_data, tmp_path)
    cid = _first_child(folder)
    # an orphan reference: integrity warnings name the record
    path = folder / "assessments.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    j = rows[0].index("child_id")
    rows[1][j] = "CZ-ORPHAN-77"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    (tmp_path / "key").write_text(KEY)
    res = _run("run", PACK, "--data", folder, "--as-at", H.AS_AT_TEXT, "--redact", tmp_path / "key",
               "--skip-unavailable", "--rejects", tmp_path / "rej.csv")
    assert res.exit_code in (0, 1), res.stderr
    assert "CZ-ORPHAN-77" not in res.stderr and "CZ-ORPHAN-77" not in res.stdout
    assert cid not in res.stdout


def _regex_redact(text: str, table: dict[str, str]) -> str:
    """The former implementation (an alternation of every ID, longest first): the oracle."""
    if text in table:
        return table[text]
    pattern = re.compile(r"(?<![A-Za-z0-9_/|-])(" + "|".join(re.escape(i) for i in sorted(table, key=len, reverse=True))
                         + r")(?![A-Za-z0-9_/|-])")
    return pattern.sub(lambda m: table[m.group(1)], text)


_ID = st.text(alphabet="AC01#/-_ .|x", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(ids=st.sets(_ID, min_size=1, max_size=8),
       text=st.lists(st.one_of(_ID, st.sampled_from([" ", "-", "/", "#", "`", "(", ")", ", "])), max_size=12).map("".join))
def test_the_token_scan_is_byte_identical_to_the_alternation(ids, text):
    r = Redactor(KEY.encode(), ids)
    assert r.text(text) == _regex_redact(text, r.table)


# -- formulas ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "\x01=HYPERLINK(1)", "\x01\x02+1", "\t=1", "\r=1",
                                   "@SUM(1)", "-1+2", "\u200b=1", "\uff1d1"])
def test_neutral_cell_neutralises_behind_control_characters(value):
    out = neutral_cell(value, xml=True)
    assert out.startswith("'")


def _xml(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")]


def test_xlsx_report_has_no_live_formula_behind_a_control_character(seed_data, tmp_path):
    """Found by the battery: `\\x01=HYPERLINK(...)` lost its \\x01 after the check and became live."""
    import json

    from checker.report.documents import xlsx

    res = _run("run", PACK, "--data", seed_data["csv"], "--as-at", H.AS_AT_TEXT, "--format", "json", "--skip-unavailable")
    doc = json.loads(res.stdout)
    payload = '\x01=HYPERLINK("http://evil","x")'
    text = json.dumps(doc)
    some_id = next(c for r in doc["rules"] for c in (r.get("cases") or {}).get("fail") or [])
    some_id = some_id if isinstance(some_id, str) else some_id.get("id")
    doc = json.loads(text.replace(json.dumps(some_id), json.dumps(payload)))
    out = tmp_path / "r.xlsx"
    out.write_bytes(xlsx(doc))
    xml = _xml(out)
    assert not any("<f>" in x for x in xml) and any("HYPERLINK" in x for x in xml)


def test_rejects_csv_neutralises_tab_and_cr(seed_data, tmp_path):
    folder = _csv_folder(seed_data, tmp_path)
    _append_child(folder, "CZ-1", date_of_birth="\t=1+1")
    _append_child(folder, "CZ-2", date_of_birth="\x01=1+1")
    res = _run("run", PACK, "--data", folder, "--as-at", H.AS_AT_TEXT, "--skip-unavailable",
               "--rejects", tmp_path / "rejects.csv")
    assert res.exit_code in (0, 1), res.stderr
    for row in csv.reader(io.StringIO((tmp_path / "rejects.csv").read_text(encoding="utf-8"))):
        assert all(neutral_cell(c) == c for c in row), row


def test_sample_and_template_write_no_live_formula(seed_data, tmp_path):
    """Found by the battery: the audit workbook held live HYPERLINK formulas from team names."""
    folder = _csv_folder(seed_data, tmp_path)
    path = folder / "case_allocations.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    j = rows[0].index("team")
    for row in rows[1:]:
        row[j] = '=HYPERLINK("http://evil","x")'
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    _append_child(folder, "\t=1+1")
    sample = tmp_path / "sample.csv"
    res = _run("sample", "--data", folder, "--as-at", H.AS_AT_TEXT, "--seed", 1, "--population", "all",
               "--stratify", "none", "--out", sample)
    assert res.exit_code == 0, res.stderr
    for row in csv.reader(io.StringIO(sample.read_text(encoding="utf-8"))):
        assert all(neutral_cell(c) == c for c in row), row
    res = _run("sample", "--data", folder, "--as-at", H.AS_AT_TEXT, "--seed", 1, "--out", sample)
    assert res.exit_code == 0, res.stderr
    assert "'=HYPERLINK" in sample.read_text(encoding="utf-8")
    book = tmp_path / "audit.xlsx"
    res = _run("template", PACK, "--sample", sample, "--as-at", H.AS_AT_TEXT, "--out", book)
    assert res.exit_code == 0, res.stderr
    with zipfile.ZipFile(book) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "<f>" not in xml
    from openpyxl import load_workbook

    ws = load_workbook(book)["case_audits"]
    teams = {c.value for c in next(ws.iter_cols(min_col=[c.value for c in ws[1]].index("team") + 1,
                                                  max_col=[c.value for c in ws[1]].index("team") + 1, min_row=2))}
    assert '=HYPERLINK("http://evil","x")' in teams  # the value as it was, as text


# -- terminals, Markdown, the letter ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["\x1b[2J\x1b[31mred", "\x1b]0;title\x07x", "a\rb", "\x9b31m", "\x1bPq#0\x1b\\"])
def test_clean_terminal_strips_escapes(text):
    out = clean_terminal(text)
    assert "\x1b" not in out and "\r" not in out and "\x9b" not in out and "\x07" not in out


def test_no_terminal_escape_from_the_data_reaches_the_terminal(seed_data, tmp_path):
    folder = _csv_folder(seed_data, tmp_path)
    path = folder / "children.csv"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    path.write_text(head + ",\x1b]0;pwned\x07evil\x1b[2J\n" + rest.replace("\n", ",x\n"), encoding="utf-8")
    _append_child(folder, "C\x1b[31mRED", date_of_birth="\x1b[2Jbad")
    for fmt in ("table", "markdown", "letter", "csv"):
        res = _run("run", PACK, "--data", folder, "--as-at", H.AS_AT_TEXT, "--format", fmt, "--skip-unavailable")
        assert res.exit_code in (0, 1), res.stderr
        assert "\x1b" not in res.stdout and "\x1b" not in res.stderr, fmt


def test_bare_urls_from_the_data_are_not_links_in_markdown():
    from checker.report.documents import md

    for text in ("see http://evil.example/x now", "www.evil.example", "mail bob@evil.example"):
        out = md(text)
        for url in re.findall(r"(?:https?://|www\.)\S+|\S+@\S+", text):
            assert f"`{url}`" in out, out


def test_the_letter_escapes_the_framework_title(seed_data):
    """Found by the battery: the letter put a pack framework's title into Markdown unescaped."""
    import json

    from checker.report.documents import letter

    res = _run("run", PACK, "--data", seed_data["csv"], "--as-at", H.AS_AT_TEXT, "--format", "json", "--skip-unavailable")
    doc = json.loads(res.stdout)
    doc["framework"]["title"] = "<img src=x onerror=alert(1)> [click](http://evil)"
    text = letter(doc)
    assert "\\<img" in text and not re.search(r"(?<!\\)<img", text)
    assert "](http" not in text.replace("\\](", "")


def test_strict_rejections_on_standard_error_are_redacted(seed_data, tmp_path):
    """An exit-2 list of rejected rows (--strict) names rows by their IDs: redacted too."""
    folder = _csv_folder(seed_data, tmp_path)
    cid = _first_child(folder)
    _append_child(folder, cid)
    _append_child(folder, "CZ-REJECTED-99", date_of_birth="not a date")
    (tmp_path / "key").write_text(KEY)
    res = _run("run", PACK, "--data", folder, "--as-at", H.AS_AT_TEXT, "--skip-unavailable", "--strict",
               "--redact", tmp_path / "key")
    assert res.exit_code == 2 and "row" in res.stderr
    assert "CZ-REJECTED-99" not in res.stderr
    assert not re.search(rf"(?<![A-Za-z0-9_/|-]){re.escape(cid)}(?![A-Za-z0-9_/|-])", res.stderr)
