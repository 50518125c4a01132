"""The SQL each built-in pack compiles to, kept as golden files
(``tests/golden/sql/<pack>[.<binding>].<dialect>.sql``): any change to the
compiler shows up here as a diff of the queries it changed, to review with
the change. Only the casecheck version in the first line is not compared.

    CASECHECK_UPDATE_GOLDENS=1 pytest tests/test_sql_golden.py
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from pathlib import Path

import pytest

from checker.api import open_pack
from checker.data.binding import load_binding
from checker.engine.sqlscript import pack_script

GOLDEN = Path(__file__).parent / "golden" / "sql"
UPDATE = os.environ.get("CASECHECK_UPDATE_GOLDENS") == "1"
AS_AT = dt.date(2025, 3, 31)

CASES = [(pack, dialect, None) for pack in ("ilacs", "dfe-cin") for dialect in ("duckdb", "postgres", "tsql", "spark")]
CASES += [("ilacs", "tsql", "ssd"), ("ilacs", "postgres", "ssd"),
          pytest.param("dfe-903", "duckdb", None, marks=pytest.mark.slow)]  # 1.5 MB of SQL: compiling it takes a while


def _id(case) -> str:
    p, d, b = case.values if hasattr(case, "values") else case
    return f"{p}-{b + '-' if b else ''}{d}"


_ids = [_id(c) for c in CASES]


def _script(pack_name: str, dialect: str, binding: str | None) -> str:
    pack = open_pack(pack_name)
    bound = load_binding(binding, pack.schema) if binding else None
    text = pack_script(pack, list(pack.rules), dialect, AS_AT, with_calendar=False, binding=bound)
    first, _, rest = text.partition("\n")
    return first.split(":", 1)[1] + "\n" + rest + "\n"  # no version: "-- casecheck X.Y: pack ..."


@pytest.mark.parametrize("pack_name,dialect,binding", CASES, ids=_ids)
def test_compiled_sql_matches_golden(pack_name, dialect, binding):
    name = f"{pack_name}{'.' + binding if binding else ''}.{dialect}.sql"
    path = GOLDEN / name
    text = _script(pack_name, dialect, binding)
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {path}; run with CASECHECK_UPDATE_GOLDENS=1 to create it"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), str(path), "compiled now", n=1))[:80])
        pytest.fail(f"{name} differs from its golden (first lines of the diff below); if intended, rerun with "
                    f"CASECHECK_UPDATE_GOLDENS=1 and review the diff\n{diff}")
