"""Fuzzing under CI (issue 7): random and mutated inputs to the expression parser and
type checker, to the pack loader and to every input adapter. The only outcomes allowed
are a result or a casecheck error with a position (for data: rejections with reasons,
and rows read = evaluated + excluded + rejected for every table); no other exception,
and no input may take longer than its time limit.

The mutations and targets are in ``hostile_fuzz.py``; ``bench/fuzz.py`` runs the same
targets for longer. Examples are derandomised, so CI is repeatable; the bench script
explores at random.
"""

from __future__ import annotations

import hostile_fuzz as H
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def FUZZ(n):
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.filter_too_much, HealthCheck.data_too_large])


EXPRESSIONS = H.expression_seeds()
PACK_FILES = H.pack_file_seeds()


def _expr(pack, subject, text, condition):
    with H.time_limit(5):
        return H.check_expression(pack, subject, text, condition)


def test_the_seeds_are_the_real_packs():
    assert len(EXPRESSIONS) > 300  # expect, when and reason holes of rules/lib and examples/pack
    assert {r for r, _, _ in PACK_FILES} == {"manifest", "rules"} and len(PACK_FILES) >= 10
    for pack, subject, text, condition in EXPRESSIONS[:50]:
        assert _expr(pack, subject, text, condition) == "ok", text


@FUZZ(300)
@given(st.text(max_size=120))
def test_random_text_is_a_tree_or_a_positioned_error(text):
    _expr("example", "contacts", text, True)


_EXPR_ALPHABET = st.sampled_from(list("()[]\"'\\ ,.+-*/<>=!?_0123456789adeinorstwxy\n") + ["and", "or", "not", "in", "is",
                                  "missing", "between", "within", "working days", "some", "where", "every", "first", "by"])


@FUZZ(300)
@given(st.lists(_EXPR_ALPHABET, max_size=40).map("".join))
def test_random_token_soup_is_a_tree_or_a_positioned_error(text):
    _expr("example", "children", text, True)


@FUZZ(300)
@given(st.integers(0, len(EXPRESSIONS) - 1), H.op_strategy(H.TEXT_KINDS))
def test_mutated_real_expressions(i, ops):
    """Mutants of every expression in rules/lib and examples/pack: parse, round-trip
    parse(pretty(tree)) == tree on the valid ones, and type-check."""
    pack, subject, text, condition = EXPRESSIONS[i]
    _expr(pack, subject, H.mutate_text(text, ops), condition)


@FUZZ(20)
@given(st.integers(0, len(PACK_FILES) - 1), H.op_strategy(H.TEXT_KINDS, max_ops=4))
def test_mutated_whole_pack_files(tmp_path, i, ops):
    """Mutants of whole pack.yaml and rule files: load_pack gives a pack or a CasecheckError
    whose every diagnostic has a file and place."""
    role, _name, text = PACK_FILES[i]
    with H.fast_pack_loading(), H.time_limit(20):
        H.check_pack_file(role, H.mutate_text(text, ops), tmp_path)


def _data_case(seed_data, schema, tmp_path, fmt, ops, pick):
    src = seed_data[fmt]
    path = H.mutate_data(src, tmp_path / f"mutant-{src.name}", ops, pick)
    with H.time_limit(30):
        return H.check_data(path, fmt, schema)


def _fuzz_format(fmt, examples):
    @FUZZ(examples)
    @given(ops=H.op_strategy(H.BYTE_KINDS, max_ops=4), pick=st.integers(0, 100))
    def test(seed_data, schema, tmp_path, ops, pick):
        _data_case(seed_data, schema, tmp_path, fmt, ops, pick)

    test.__name__ = f"test_mutated_{fmt.replace('-', '_')}_input"
    test.__doc__ = f"Mutated {fmt} files from the generator: rejections or a casecheck error, accounting balanced."
    return test


test_mutated_csv_input = _fuzz_format("csv", 40)
test_mutated_jsonl_input = _fuzz_format("jsonl", 40)
test_mutated_xlsx_input = _fuzz_format("xlsx", 30)
test_mutated_annex_a_input = _fuzz_format("annex-a", 30)
test_mutated_cin_xml_input = _fuzz_format("cin-xml", 40)
test_mutated_ssda903_input = _fuzz_format("ssda903", 40)


@FUZZ(6)
@given(fmt=st.sampled_from(H.FORMATS), ops=H.op_strategy(H.BYTE_KINDS, max_ops=3), pick=st.integers(0, 100))
def test_mutated_input_through_the_cli(seed_data, tmp_path, fmt, ops, pick):
    """`casecheck run examples/pack --data BROKEN` (format detected): exit 2 with a message,
    or 0/1, never an exception."""
    src = seed_data[fmt]
    path = H.mutate_data(src, tmp_path / f"cli-{src.name}", ops, pick)
    with H.time_limit(60):
        H.check_cli(["run", str(H.ROOT / "examples" / "pack"), "--data", str(path), "--as-at", H.AS_AT_TEXT,
                     "--skip-unavailable", "--format", "json", "--out", str(tmp_path / "out.json")])


# -- issue 19: Parquet, and every output path through the sink -------------------------------------

test_mutated_parquet_input = _fuzz_format("parquet", 30)

_HOSTILE_VALUES = st.sampled_from([
    '=HYPERLINK("http://evil","x")', "\x01=1+1", "\t=1", "\r=1", "@SUM(A1)", "-1+2", "\uff1d1",
    "\x1b[2J\x1b[31mred", "\x1b]0;pwned\x07", "\x9b31m", "http://evil.example/x", "www.evil.example", "a@evil.example",
    "<script>alert(1)</script>", "[x](http://evil)", "C\u200b1", "e\u0301", "\u2028", "|", "`", "*", "_x_",
])


@pytest.mark.slow
@FUZZ(6)
@given(value=_HOSTILE_VALUES, column=st.sampled_from(["child_id", "ethnicity", "team"]), row=st.integers(0, 5))
def test_hostile_values_through_every_output(seed_data, tmp_path_factory, value, column, row):
    """A hostile value in an ID, a code or a team name, through every report format with --redact,
    rejects.csv, `sample` and `template`: no escape on the terminal, no live formula, no case ID."""
    import csv
    import io
    import shutil

    work = tmp_path_factory.mktemp("outputs")
    folder = work / "data"
    shutil.copytree(seed_data["csv"], folder)
    for name in ("children.csv", "case_allocations.csv"):
        path = folder / name
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        if column in rows[0] and len(rows) > 1:
            rows[1 + row % (len(rows) - 1)][rows[0].index(column)] = value
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(rows)
            path.write_text(out.getvalue(), encoding="utf-8")
    with H.time_limit(240):
        H.check_outputs(folder, work / "out")


@pytest.mark.slow
@FUZZ(3)
@given(fmt=st.sampled_from(["csv", "jsonl", "parquet", "xlsx", "cin-xml"]), ops=H.op_strategy(H.BYTE_KINDS, max_ops=3),
       pick=st.integers(0, 100))
def test_mutated_input_through_every_output(seed_data, tmp_path_factory, fmt, ops, pick):
    work = tmp_path_factory.mktemp("mutated-outputs")
    src = seed_data[fmt]
    path = H.mutate_data(src, work / f"m-{src.name}", ops, pick)
    with H.time_limit(240):
        H.check_outputs(path, work / "out")
