"""The broken-input corpus: each folder under tests/corpus is case data that
is wrong in one way, and expect.yaml beside its files says exactly what
casecheck must say about it: every diagnostic, rejection and integrity issue,
and the per-table accounting (which must balance whatever goes wrong).

Regenerate the expectations after a deliberate wording change with
CASECHECK_UPDATE_CORPUS=1, then read the diff.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import pytest
import yaml

from checker.data.load import load_data
from checker.schema import builtin_schema_path, load_schema

CORPUS = Path(__file__).parent / "corpus"
SCHEMA = load_schema(builtin_schema_path("csc"))
AS_AT = _dt.date(2025, 3, 31)
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())


def observe(case: Path) -> dict:
    loaded = load_data(case, SCHEMA, "csv", AS_AT)
    for acc in loaded.accounts.values():
        assert acc.balanced(), acc
    return {
        "diagnostics": [
            {
                "severity": d.severity,
                "code": d.code,
                "message": d.message.replace(str(case) + "/", ""),
                "where": f"{Path(d.location.file).name if d.location.file else ''}:{d.location.line or ''}:{d.location.column or ''}",
                **({"suggestion": d.suggestion} if d.suggestion else {}),
            }
            for d in loaded.diagnostics.items
        ],
        "rejections": [
            {"table": r.table, "row": r.row, "column": r.column, "value": r.value, "reason": r.reason, "message": r.message}
            for r in loaded.rejections
        ],
        "integrity": [
            {"check": i.check, "table": i.table, "row": i.row, "key": i.key, "column": i.column, "message": i.message}
            for i in loaded.integrity
        ],
        "accounting": {
            name: {"read": a.read, "evaluated": a.loaded, "excluded": dict(a.excluded), "rejected": dict(a.rejected)}
            for name, a in sorted(loaded.accounts.items())
        },
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case: Path):
    got = observe(case)
    expect_file = case / "expect.yaml"
    if os.environ.get("CASECHECK_UPDATE_CORPUS"):
        expect_file.write_text(yaml.safe_dump(got, sort_keys=False, allow_unicode=True, width=200), encoding="utf-8")
    expected = yaml.safe_load(expect_file.read_text(encoding="utf-8"))
    assert got == expected


def test_every_case_has_expectations():
    assert CASES, "the corpus is empty"
    for case in CASES:
        assert (case / "expect.yaml").is_file(), f"{case.name} has no expect.yaml"
