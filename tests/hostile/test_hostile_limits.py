"""Resource limits as one mechanism (issue 19, items 4, 5 and 6 of the battery): nesting
counted over every construct, long numbers, patterns no engine can backtrack on, bounded
reads (FIFOs, /dev/zero), zip members' inflated size and ratio, and the wide-CSV path on
the DuckDB fast path. Each is a clean error (or a clean run), never a traceback or a hang.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import hostile_fuzz as H
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from results import but_engine

from checker.cli import cli
from checker.errors import CasecheckError
from checker.language.parser import ExpressionSyntaxError, parse_expression
from checker.language.pattern import compile_safe
from checker.packs.pack import load_pack

EXAMPLE = H.ROOT / "examples" / "pack"
PACK = str(EXAMPLE)


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


# -- nesting and numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["not " * 500 + "true", "-" * 1000 + "1", "- " * 1000 + "1", "1 + " * 3000 + "1",
                                  "x" + ".y" * 2000, "f(" * 99 + "1" + ")" * 99])
def test_nesting_is_counted_over_every_construct(text):
    """Found by the battery: 500 `not`s or 1,000 unary minuses ended in RecursionError (only brackets were limited)."""
    with pytest.raises(ExpressionSyntaxError, match="nested"):
        parse_expression(text)


def test_ordinary_depth_still_parses():
    parse_expression("not " * 90 + "true")
    parse_expression(" and ".join(["true"] * 60))


def _pack_with(tmp_path, old, new) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(EXAMPLE, folder)
    for f in [folder / "pack.yaml", *sorted((folder / "rules").glob("*.yaml"))]:
        text = f.read_text(encoding="utf-8")
        if old in text:
            f.write_text(text.replace(old, new, 1), encoding="utf-8")
            return folder
    raise AssertionError(f"{old!r} not in the example pack")


def test_a_10000_digit_parameter_is_a_clean_error(tmp_path):
    folder = _pack_with(tmp_path, "caseload_limit: 20", "caseload_limit: " + "9" * 10_000)
    res = _run("lint", folder)
    assert res.exit_code == 2 and "10000 digits is too long" in res.stderr


@pytest.mark.parametrize("expr", ["not " * 500 + "true", "-" * 1000 + "1"])
def test_a_deep_expression_in_a_pack_is_a_clean_error(tmp_path, expr):
    folder = tmp_path / "pack"
    shutil.copytree(EXAMPLE, folder)
    rules = sorted((folder / "rules").glob("*.yaml"))[0]
    text = rules.read_text(encoding="utf-8")
    text = re.sub(r"expect: .*", lambda m: f"expect: {expr} > 0" if expr.startswith("-") else f"expect: {expr}", text, count=1)
    rules.write_text(text, encoding="utf-8")
    res = _run("lint", folder)
    assert res.exit_code == 2 and "nested" in res.stderr and "Traceback" not in res.stderr


# -- patterns --------------------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", ["(?:a+)+$", "(a+)+$", "(a*)*", "(a|a)*", "(a|ab)+c", "(?=a)a", "(a)\\1"])
def test_a_pattern_that_could_backtrack_is_refused_when_the_pack_loads(tmp_path, pattern):
    """Found by the battery: `(?:a+)+$` ran in Python's re and hung on a 41-character value."""
    folder = tmp_path / "pack"
    shutil.copytree(EXAMPLE, folder)
    rules = sorted((folder / "rules").glob("*.yaml"))[0]
    text = rules.read_text(encoding="utf-8")
    esc = pattern.replace("\\", "\\\\")
    text = re.sub(r"expect: .*", lambda m: f'expect: matches("aaaa", "{esc}")', text, count=1)
    rules.write_text(text, encoding="utf-8")
    with pytest.raises(CasecheckError) as info:
        load_pack(folder)
    assert any("pattern" in d.message for d in info.value.diagnostics)


def test_the_pattern_engine_takes_linear_time_where_re_backtracks():
    # `a*a*a*a*a*b` is polynomial for a backtracking engine; here it is linear
    p = compile_safe("a*a*a*a*a*a*a*a*b")
    assert p.fullmatch("a" * 20_000) is None
    assert p.fullmatch("a" * 20_000 + "b")


_ATOMS = st.sampled_from(["a", "b", "[ab]", "[^a]", ".", "\\d", "\\w", "\\s", "[a-c]", "x", "\\.", "é", "[A-Z]"])
_QUANT = st.sampled_from(["", "", "*", "+", "?", "{2}", "{1,3}", "{2,}", "*?"])


@st.composite
def _patterns(draw):
    parts = []
    for _ in range(draw(st.integers(0, 5))):
        atom = draw(_ATOMS)
        if draw(st.booleans()) and draw(st.booleans()):
            atom = "(" + atom + draw(_ATOMS) + ")"
        parts.append(atom + draw(_QUANT))
    body = "".join(parts)
    if draw(st.booleans()) and draw(st.booleans()):
        body = body + "|" + draw(_ATOMS)
    if draw(st.booleans()) and draw(st.booleans()):
        body = "(?i)" + body
    return body


@settings(max_examples=400, deadline=None)
@given(pattern=_patterns(), text=st.text(alphabet="abcxAB.é 1\n", max_size=8))
def test_the_pattern_engine_agrees_with_python_re(pattern, text):
    try:
        mine = compile_safe(pattern)
    except re.error:
        return  # refused: nested repeats or alternation under a repeat
    assert bool(mine.fullmatch(text)) == bool(re.fullmatch(pattern, text)), (pattern, text)


# -- bounded reads -----------------------------------------------------------------------------------


def _cli(*args, timeout=120):
    env = {**os.environ, "CASECHECK_INTERNAL_ERRORS": ""}
    return subprocess.run([sys.executable, "-m", "checker.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.mark.parametrize("fmt", [None, "csv", "xlsx", "cin-xml", "jsonl"])
def test_dev_zero_as_data_is_refused(fmt):
    """Found by the battery: `/dev/zero` with a forced format read without end."""
    extra = ["--input-format", fmt] if fmt else []
    proc = _cli("run", PACK, "--data", "/dev/zero", "--as-at", H.AS_AT_TEXT, *extra)
    assert proc.returncode == 2 and "device" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("fmt", [None, "csv", "cin-xml"])
def test_a_fifo_as_data_is_refused_not_waited_on(tmp_path, fmt):
    fifo = tmp_path / "data.xml"
    os.mkfifo(fifo)
    extra = ["--input-format", fmt] if fmt else []
    proc = _cli("run", PACK, "--data", fifo, "--as-at", H.AS_AT_TEXT, *extra)
    assert proc.returncode == 2 and "FIFO" in proc.stderr


# -- zip members -------------------------------------------------------------------------------------


def _bomb(path: Path, member: str, size: int) -> None:
    """An xlsx-shaped zip whose `member` inflates to `size` bytes of one repeated byte."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        if member != "xl/workbook.xml":
            z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="children"/></sheets></workbook>')
        with z.open(member, "w", force_zip64=True) as f:
            block = b"<" * (1 << 20)
            for _ in range(size >> 20):
                f.write(block)


@pytest.mark.parametrize("member", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_a_zip_bomb_workbook_is_refused_before_inflating(tmp_path, member):
    """Found by the battery: a sheet of 4 million rows in 3 MB read for minutes; a 1.5 GB workbook.xml."""
    path = tmp_path / "bomb.xlsx"
    _bomb(path, member, 64 << 20)
    assert path.stat().st_size < 1 << 20
    for extra in ([], ["--input-format", "xlsx"], ["--input-format", "annex-a"]):
        proc = _cli("run", PACK, "--data", path, "--as-at", H.AS_AT_TEXT, *extra, timeout=60)
        assert proc.returncode == 2 and "zip bomb" in proc.stderr, (extra, proc.stderr[-500:])


# -- the wide-CSV path -------------------------------------------------------------------------------


def test_a_csv_with_1200_extra_columns_runs_on_the_default_engine(seed_data, tmp_path):
    """Found by the battery: DuckDB's expression depth limit, a traceback on the default engine."""
    folder = tmp_path / "wide"
    shutil.copytree(seed_data["csv"], folder)
    path = folder / "children.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[0] += [f"extra{i}" for i in range(1200)]
    for r in rows[1:]:
        r += ["x"] * 1200
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    outs = {}
    for engine in ("duckdb", "reference"):
        res = _run("run", PACK, "--data", folder, "--as-at", H.AS_AT_TEXT, "--skip-unavailable", "--format", "json",
                   "--engine", engine)
        assert res.exit_code in (0, 1), res.stderr
        outs[engine] = but_engine(res.stdout, engine)
    assert outs["duckdb"] == outs["reference"]


@pytest.mark.parametrize("pattern, text, whole", [
    ("0*([0-9]|[1-3][0-9]|40)([.]0*)?", "040.00", True),  # an SDQ score (dfe-903 rule 180)
    ("(a+)?b", "aaab", True),
    ("(a|ab)?c", "abc", True),
    ("(x*)?", "y", False),
])
def test_an_optional_part_may_hold_a_repeat_or_an_alternation(pattern, text, whole):
    # tried at most two ways, whatever it holds: no blow-up to refuse
    assert bool(compile_safe(pattern).fullmatch(text)) is whole
