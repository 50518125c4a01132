"""The hostile-input battery a new user's data meets, format by format (the held-out
"hostile-input battery", run first here), and what it found.

Every case goes through `casecheck run` in process (``hostile_fuzz.invoke``, with internal
errors raised): exit 0 with every input record evaluated, excluded or rejected with why, or
exit 2 with a message naming the file; never an exception, never exit 1 for a crash (the runs
say ``--fail-on none``). Where a mutation keeps every record, the run must read as many
rows as it read from the unmutated data: nothing dropped silently.

Found by it and fixed: a tab-separated CSV was every column missing (with a suggestion naming
the whole header); a cell over the csv module's limit in an SSDA903 file dropped the rest of
the file unaccounted, and in an SSD extract crashed the run; an SSD extract with a column twice
was read silently; data no reader recognised said only "cannot tell what format" of an empty
file or folder, or of a truncated workbook; the terminal summary said how many rows were
rejected but not why; library reasons printed each child's date of birth into --redact
outputs; an unclosed `[` in a pack was said to be an indentation problem.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import hostile_fuzz as H
import pytest

PACK = str(H.ROOT / "examples" / "pack")
CHILDREN = 60  # enough for an SSDA903 return with children in care
FORMATS = ("csv", "ssda903", "ssd", "xlsx", "annex-a", "cin-xml", "parquet")
SUFFIX = {"xlsx": ".xlsx", "annex-a": ".xlsx", "cin-xml": ".xml"}
#: per folder format: the table file mutated, its key column, a date column
FOLDERS = {"csv": ("children.csv", "child_id", "date_of_birth"),
           "ssda903": ("header.csv", "CHILD", "DOB"),
           "ssd": ("ssd_person.csv", "pers_person_id", "pers_dob")}


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    from click.testing import CliRunner

    from checker.cli import cli

    dest = tmp_path_factory.mktemp("walk-council")
    out = {}
    for fmt in FORMATS:
        target = dest / f"council-{fmt}{SUFFIX.get(fmt, '')}"
        res = CliRunner().invoke(cli, ["generate", "--children", str(CHILDREN), "--seed", "5", "--format", fmt,
                                       "--out", str(target), "-q"])
        assert res.exit_code == 0, res.output
        for extra in [target / "truth.json", target.parent / f"{target.stem}.truth.json"]:
            if extra.is_file():
                extra.unlink()
        out[fmt] = target
    return out


def _run(data: Path, *extra: str, pack: str = PACK) -> tuple[int, str, str]:
    code, out, err, exc = H.invoke(["run", pack, "--data", str(data), "--as-at", H.AS_AT_TEXT, "--fail-on", "none",
                                    "--skip-unavailable", "-q", *extra])
    assert exc is None, f"{data}: {type(exc).__name__}: {exc}"
    assert code in (0, 2), (code, err[-2000:])
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]
    if code == 2:
        assert re.search(r"error: ", err), err
    return code, out, err


def _read_count(out: str) -> int:
    m = re.search(r"rows read (\d+) = evaluated (\d+) \+ excluded (\d+) \+ rejected (\d+)", out)
    assert m, out[-1500:]
    read, ev, ex, rej = map(int, m.groups())
    assert read == ev + ex + rej
    return read


def _copy(src: Path, dst: Path) -> Path:
    (shutil.copytree if src.is_dir() else shutil.copy)(src, dst)
    return dst


def _rewrite(text: str, fn, delimiter: str = ",") -> str:
    rows = list(csv.reader(io.StringIO(text)))
    fn(rows)
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _set(column: str, value: str):
    def fn(rows):
        rows[1][rows[0].index(column)] = value
    return fn


# -- the folders of CSV files: every record kept by the mutation is read -----------------------

KEEPING = {  # mutations that keep every record: the run reads as many rows as from the original
    "bom": lambda t, key, date: "\ufeff" + t,
    "crlf": lambda t, key, date: t.replace("\n", "\r\n"),
    "semicolons": lambda t, key, date: _rewrite(t, lambda rows: None, ";"),
    "tabs": lambda t, key, date: _rewrite(t, lambda rows: None, "\t"),
    "quoted newline": lambda t, key, date: _rewrite(t, _set(date, "2010-01-01\n2011-01-01")),
    "formula": lambda t, key, date: _rewrite(t, _set(key, '=HYPERLINK("http://example.invalid","x")')),
    "date 31/12/9999": lambda t, key, date: _rewrite(t, _set(date, "31/12/9999")),
    "date 1900-01-01": lambda t, key, date: _rewrite(t, _set(date, "1900-01-01")),
    "Excel serial date": lambda t, key, date: _rewrite(t, _set(date, "45000")),
    "date 2024-02-30": lambda t, key, date: _rewrite(t, _set(date, "2024-02-30")),
    "huge cell": lambda t, key, date: _rewrite(t, _set(date, "x" * 300_000)),
    "unknown column": lambda t, key, date: _rewrite(t, lambda rows: [r.append("x") for r in rows]),
}


@pytest.mark.parametrize("fmt", list(FOLDERS))
@pytest.mark.parametrize("case", list(KEEPING))
def test_a_mutation_that_keeps_every_record_reads_every_record(council, tmp_path, fmt, case):
    table, key, date = FOLDERS[fmt]
    _, base_out, _ = _run(council[fmt])
    folder = _copy(council[fmt], tmp_path / fmt)
    f = folder / table
    f.write_text(KEEPING[case](f.read_text(encoding="utf-8"), key, date), encoding="utf-8", newline="")
    code, out, err = _run(folder)
    assert code == 0, err[-2000:]
    # (the SSD stager hands a row it could not split on to every table its extract feeds, rejected:
    # counted as read there too)
    assert _read_count(out) == _read_count(base_out), (case, err[-2000:])


@pytest.mark.parametrize("fmt", list(FOLDERS))
def test_a_tab_separated_file_is_read_and_said(council, tmp_path, fmt):
    table = FOLDERS[fmt][0]
    folder = _copy(council[fmt], tmp_path / fmt)
    f = folder / table
    f.write_text(_rewrite(f.read_text(encoding="utf-8"), lambda rows: None, "\t"), encoding="utf-8")
    code, out, err = _run(folder)
    assert code == 0 and f"`{table}` is separated by tabs, not `,`" in err, err[-2000:]


def test_a_tab_separated_file_on_the_duckdb_reader_reads_the_same(council, tmp_path, monkeypatch):
    from checker import api

    folder = _copy(council["csv"], tmp_path / "csv")
    f = folder / "children.csv"
    f.write_text(_rewrite(f.read_text(encoding="utf-8"), lambda rows: None, "\t"), encoding="utf-8")
    _, ref, _ = _run(folder, "--engine", "reference")
    monkeypatch.setattr(api, "FAST_READ_MIN_BYTES", 0)
    _, fast, err = _run(folder, "--engine", "duckdb")
    assert _read_count(fast) == _read_count(ref) and "separated by tabs" in err


def test_a_huge_cell_in_an_ssda903_file_rejects_its_row_and_reads_the_rest(council, tmp_path):
    """Found by the battery: the reader stopped at the row, the file's later rows unaccounted."""
    folder = _copy(council["ssda903"], tmp_path / "903")
    f = folder / "header.csv"
    text = f.read_text(encoding="utf-8")
    n = len(text.strip().splitlines()) - 1
    assert n >= 3
    f.write_text(_rewrite(text, _set("DOB", "x" * 300_000)), encoding="utf-8")
    code, out, err = _run(folder, "--format", "json")
    doc = json.loads(out)
    assert doc["accounting"]["children"]["evaluated"] == n - 1
    (rej,) = [r for r in doc["rejections"] if r["file"].endswith("header.csv")]
    assert rej["row"] == 2 and "field larger than field limit" in rej["message"]


def test_a_huge_cell_in_an_ssd_extract_is_said_not_a_crash(council, tmp_path):
    """Found by the battery: csv.Error escaped the SSD stager (exit 1, a traceback)."""
    folder = _copy(council["ssd"], tmp_path / "ssd")
    f = folder / "ssd_person.csv"
    f.write_text(_rewrite(f.read_text(encoding="utf-8"), _set("pers_dob", "x" * 300_000)), encoding="utf-8")
    code, out, err = _run(folder)
    assert code == 0
    assert "1 row of `ssd_person.csv` is not valid CSV and was rejected (first: row 2" in " ".join(err.split()), err
    doc = json.loads(_run(folder, "--format", "json")[1])
    (rej,) = [r for r in doc["rejections"] if r["file"].endswith("ssd_person.csv")]
    assert rej["table"] == "children" and rej["row"] == 2 and "field larger than field limit" in rej["message"]


def test_an_ssd_extract_with_a_column_twice_is_an_error(council, tmp_path):
    folder = _copy(council["ssd"], tmp_path / "ssd")
    f = folder / "ssd_person.csv"
    f.write_text(_rewrite(f.read_text(encoding="utf-8"), lambda rows: [r.append(r[rows[0].index("pers_dob")])
                                                                        for r in rows]), encoding="utf-8")
    code, _, err = _run(folder)
    assert code == 2 and "`ssd_person.csv` has the column `pers_dob` more than once" in err


# -- files and folders that are nothing casecheck reads -----------------------------------------

def test_what_no_reader_recognises_says_what_is_wrong(council, tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(council["xlsx"].read_bytes()[:3000])
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_text("child_id,date_of_birth\nC1,2010-01-01\n")
    folder = tmp_path / "nothing"
    folder.mkdir()
    for path, said in ((empty, "it is empty (0 bytes)"), (cut, "is named as an Excel workbook (.xlsx) but is not one"),
                       (renamed, "is named as an Excel workbook (.xlsx) but is not one"), (folder, "it is empty"),
                       (tmp_path / "not-there", "does not exist")):
        code, _, err = _run(path)
        assert code == 2 and said in err and str(path.name) in err, err


@pytest.mark.parametrize("fmt", ["xlsx", "annex-a", "cin-xml", "parquet"])
def test_broken_files_of_every_format_are_errors_naming_the_file(council, tmp_path, fmt):
    src = council[fmt]
    cases = {}
    if src.is_dir():  # parquet: an empty, a garbage and a truncated table file
        for name, cut in (("empty", b""), ("garbage", b"PAR1garbage"), ("cut", None)):
            d = _copy(src, tmp_path / name)
            f = d / "children.parquet"
            f.write_bytes(cut if cut is not None else f.read_bytes()[:200])
            cases[name] = (d, "children.parquet")
    else:
        for name, data in (("empty", b""), ("half", src.read_bytes()[: src.stat().st_size // 2])):
            f = tmp_path / f"{name}{src.suffix}"
            f.write_bytes(data)
            cases[name] = (f, f.name)
    for name, (path, named) in cases.items():
        code, _, err = _run(path)
        assert code == 2 and named in err, (name, err[-1500:])


def test_census_entity_tricks_are_refused_without_reading_anything(council, tmp_path):
    body = council["cin-xml"].read_bytes().split(b"?>", 1)[1]
    laughs = "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefg", "bcdefgh"))
    for name, doctype, ref in (("xxe", '<!ENTITY x SYSTEM "file:///etc/passwd">', "&x;"),
                               ("laughs", '<!ENTITY a "aaaaaaaaaa">' + laughs, "&h;")):
        f = tmp_path / f"{name}.xml"
        f.write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE Message [' + doctype.encode() + b"]>"
                      + body.replace(b"<LAchildID>", b"<LAchildID>" + ref.encode(), 1))
        with H.time_limit(60):
            code, out, err = _run(f)
        assert code == 2 and f.name in err and "root:" not in out + err


# -- what the terminal says about rejected rows, and what --redact lets out -----------------------

def test_the_summary_shows_the_first_rejected_rows_and_why(council, tmp_path):
    folder = _copy(council["csv"], tmp_path / "csv")
    f = folder / "children.csv"

    def spoil(rows):
        for i in range(10, 15):
            rows[i][rows[0].index("date_of_birth")] = "2024-02-30"
    f.write_text(_rewrite(f.read_text(encoding="utf-8"), spoil), encoding="utf-8")
    code, out, err = _run(folder)
    assert "WARNING: 5 of" in out
    shown = [line for line in out.splitlines() if "children.csv:" in line]
    assert len(shown) == 3 and all(":" in line and "`date_of_birth`: `2024-02-30` is not a date" in line
                                   for line in shown), out[-2000:]
    assert "... and 2 more" in out
    # a duplicate key, first in the file's order of rejections: its message names the ID, which
    # --redact pseudonymises in the summary as everywhere
    rows = f.read_text(encoding="utf-8").splitlines()
    f.write_text("\n".join([rows[0], rows[6], *rows[1:]]) + "\n", encoding="utf-8")
    child = rows[6].split(",")[0]
    _, plain, _ = _run(folder)
    assert f"children.csv:8: `child_id`: duplicate key `{child}`" in plain, plain[-2000:]
    key = tmp_path / "key.txt"
    key.write_text(H.KEY)
    _, red, _ = _run(folder, "--redact", str(key))
    assert "WARNING: 6 of" in red and "duplicate key `ID-" in red and child not in red


def _no_birth_dates_outside_age(node) -> list[str]:
    """The date-of-birth fields a reason template prints as they are (not as an age, nor as
    whether they are recorded)."""
    from checker.language import nodes as ast

    found = []
    if isinstance(node, ast.Call) and node.name == "age" or isinstance(node, ast.IsMissing):
        return found  # an age, or whether the date is recorded: not the date
    if isinstance(node, (ast.Name, ast.Attribute)) and node.name in ("date_of_birth", "expected_date_of_birth"):
        found.append(node.name)
    for child in getattr(node, "__dict__", {}).values():
        for c in child if isinstance(child, (list, tuple)) else [child]:
            if isinstance(c, ast.Node):
                found += _no_birth_dates_outside_age(c)
    return found


@pytest.mark.parametrize("pack", ["ilacs", "slac-2011", "cra-2010", PACK])
def test_no_reason_prints_a_child_s_date_of_birth(pack):
    """A reason says a child's age, never the date of birth: --redact pseudonymises IDs, and a
    date of birth beside a team is a person."""
    from checker.packs.pack import load_pack

    printed = {}
    for rule in load_pack(pack).rules:
        for status, tpl in rule.reasons.items():
            for part in tpl.parts:
                if not isinstance(part, str) and _no_birth_dates_outside_age(part):
                    printed[(rule.id, status)] = tpl.text
    assert not printed, printed


def test_redacted_outputs_hold_no_child_id_nor_date_of_birth(council, tmp_path):
    """`run ilacs --redact` in JSON, CSV, HTML and the workbook: no child's ID, and no child's
    date of birth in the reasons of that child's own records."""
    import zipfile

    from checker.report.sink import pseudonym

    key = tmp_path / "key.txt"
    key.write_text(H.KEY)
    kids = {r["child_id"]: r["date_of_birth"] for r in csv.DictReader(open(council["csv"] / "children.csv"))}
    texts = {}
    for fmt in ("json", "csv", "html", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        _run(council["csv"], "--redact", str(key), "--format", fmt, "--out", str(out), pack="ilacs")
        if fmt == "xlsx":
            with zipfile.ZipFile(out) as z:
                texts[fmt] = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        else:
            texts[fmt] = out.read_text(encoding="utf-8")
    for fmt, text in texts.items():
        tokens = set(re.findall(r"[A-Za-z0-9_-]+", text))
        assert not tokens & set(kids), (fmt, sorted(tokens & set(kids))[:5])
        assert "born " not in text and "date of birth 2" not in text, fmt
    by_pseudonym = {pseudonym(H.KEY.encode(), c): dob for c, dob in kids.items()}
    rows = list(csv.DictReader(io.StringIO(texts["csv"])))
    assert rows
    leaks = [(r["rule_id"], r["reason"]) for r in rows
             if by_pseudonym.get(r["child_id"]) and by_pseudonym[r["child_id"]] in r["reason"]]
    assert not leaks, leaks[:5]


# -- packs -----------------------------------------------------------------------------------

def test_an_unclosed_bracket_in_a_pack_is_said_as_such(tmp_path):
    pack = _copy(H.ROOT / "examples" / "pack", tmp_path / "pack")
    (pack / "pack.yaml").write_text((pack / "pack.yaml").read_text().replace("name: ", "name: [", 1))
    code, _, err, exc = H.invoke(["lint", str(pack)])
    assert exc is None and code == 2
    assert "pack.yaml:" in err and "is not closed with `]`" in err, err


def test_an_unknown_function_is_named_with_its_rule_and_place(tmp_path):
    pack = _copy(H.ROOT / "examples" / "pack", tmp_path / "pack")
    f = pack / "rules" / "child-protection.yaml"
    f.write_text(f.read_text().replace("expect: ", "expect: frobnicate(start_date) and ", 1))
    code, _, err, exc = H.invoke(["lint", str(pack)])
    assert exc is None and code == 2
    assert re.search(r"child-protection\.yaml:\d+:\d+: error: unknown function `frobnicate` \[rule EX-", err), err


def test_a_problem_with_no_place_is_said_without_a_made_up_one():
    code, _, err, exc = H.invoke(["run", PACK, "--data", str(H.ROOT / "examples" / "council"), "--as-at",
                                  H.AS_AT_TEXT, "--rules", "NO-SUCH-RULE"])
    assert code == 2 and exc is None
    assert "<input>" not in err and err.lstrip().startswith("error: unknown rule `NO-SUCH-RULE`"), err
