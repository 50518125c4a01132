"""Every built-in pack's rule tests pass on both engines, and no rule is untested.

A pack's fixture tests (``casecheck test``) are the specification of each
rule at its boundaries; they run here on the reference evaluator and on the
compiled SQL in DuckDB, in one parametrised test, so the two engines are held
to the same fixtures. A rule with no test is a failure here, not a warning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import open_pack
from checker.engine.fixtures import run_tests

ROOT = Path(__file__).resolve().parent.parent
PACKS = sorted(
    [str(p.parent.relative_to(ROOT)) for p in (ROOT / "rules").glob("*/pack.yaml")]
    + [str(p.parent.relative_to(ROOT)) for p in (ROOT / "rules").glob("*/*/pack.yaml")]
    + ["examples/pack"]
)


#: a base year's fixtures in DuckDB (about 100 s under load for dfe-903's): slow, since the
#: year that extends it compiles the same rules and CI runs the base year on the reference; so
#: are the two historical frameworks' packs in DuckDB, for CI's time (their fixtures still run
#: on the reference in CI, and `-m slow` runs them in DuckDB)
BASE_YEARS = {p for p in PACKS if p.count("/") == 2} | {"rules/slac-2011", "rules/cra-2010"}


@pytest.mark.parametrize(("pack_dir", "engine"), [
    pytest.param(p, e, id=f"{p}-{e}", marks=[pytest.mark.slow] if p in BASE_YEARS and e == "duckdb" else [])
    for p in PACKS for e in ("reference", "duckdb")])
def test_pack_fixtures_pass_on_both_engines(pack_dir, engine):
    pack = open_pack(ROOT / pack_dir)
    report = run_tests(pack, engine=engine)
    assert not report.diagnostics.errors, [d.render() for d in report.diagnostics.errors]
    failed = [f"{c.rule} / {c.name}: {'; '.join(c.problems)}" for c in report.failed]
    assert not failed, "\n".join(failed)
    assert report.cases, f"{pack_dir} has no rule tests"
    assert not report.untested(pack), f"{pack_dir}: rules with no test: {report.untested(pack)}"
