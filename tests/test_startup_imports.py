"""Start-up (issue 21): the commands that build no SQL never import sqlglot.

sqlglot costs 75-130 ms to import, a quarter of a small run. The function
registry and the bindings name it through :mod:`checker.lazyimport`, and the
reference engine lives apart from the SQL engine (``engine/engines.py``), so
``lint``, ``rules``, the pack's tests and a run judged by the reference evaluator do without
it. Each check runs in a fresh interpreter (this process has imported
sqlglot long ago) and fails if the module is loaded."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checker.lazyimport import lazy

ROOT = Path(__file__).resolve().parent.parent


def _modules_after(args: list[str], tmp_path: Path) -> set[str]:
    script = textwrap.dedent(f"""
        import sys
        from checker.cli import main
        sys.argv = ["casecheck", *{args!r}]
        try:
            main()
        except SystemExit as exc:
            assert exc.code in (0, None, 1), exc.code  # 1: findings at --fail-on, not a crash
        print("\\n".join(sorted(sys.modules)))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(done.stdout.split())


@pytest.mark.parametrize("args", [
    ["lint", "ilacs"],
    ["rules", "ilacs"],
    ["test", "ilacs", "--engine", "reference"],
], ids=["lint", "rules", "test-reference"])
def test_commands_that_build_no_sql_do_not_import_sqlglot(args, tmp_path):
    loaded = _modules_after(args, tmp_path)
    assert "checker.cli" in loaded  # the command ran in this interpreter
    assert not {m for m in loaded if m == "sqlglot" or m.startswith("sqlglot.")}


def test_a_small_run_on_the_reference_evaluator_does_not_import_sqlglot(tmp_path):
    data = tmp_path / "council"
    subprocess.run([sys.executable, "-m", "checker.cli", "generate", "--children", "10", "--seed", "3",
                    "--out", str(data)], cwd=tmp_path, check=True, capture_output=True, timeout=300)
    loaded = _modules_after(["run", "ilacs", "--data", str(data), "--engine", "reference",
                             "--as-at", "2025-03-31", "--format", "json"], tmp_path)
    assert "checker.engine.evaluate" in loaded
    assert "sqlglot" not in loaded and "checker.engine.sql" not in loaded


def test_a_lazy_module_is_the_module_once_used():
    import json

    lazy_json = lazy("json")
    assert "lazy module 'json'" in repr(lazy_json)
    assert lazy_json.dumps is json.dumps  # the first read imports and copies
    assert "dumps" in vars(lazy_json)      # later reads are plain attribute reads
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        _ = lazy_json.no_such_name
