"""Benchmark: redaction by token scan against the former alternation regex (not a test).

A synthetic council of N children (``casecheck generate``) is judged by the
example pack with ``--format json``-sized listing (every case), then its
result document is redacted twice: by :class:`checker.report.sink.Redactor`
(a scan of the places an ID may start, with a dictionary lookup) and by the
alternation of every ID, longest first, that ``checker/report/redact.py``
used before issue 19. Both outputs are compared byte for byte.

    .venv/bin/python bench/redact.py              # 2,000 children
    .venv/bin/python bench/redact.py 500 2000
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.api import run_pack  # noqa: E402
from checker.report.redact import identifiers, redact  # noqa: E402
from checker.report.sink import pseudonym  # noqa: E402

KEY = b"a-long-enough-redaction-key-0123"


def old_redact(result: dict, key: bytes, ids: set[str]) -> dict:
    """The pre-issue-19 implementation, kept here as the oracle."""
    table = {i: pseudonym(key, i) for i in ids}
    pattern = re.compile(
        r"(?<![A-Za-z0-9_/|-])(" + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)) + r")(?![A-Za-z0-9_/|-])")

    def fix(value):
        if isinstance(value, str):
            if value in table:
                return table[value]
            return pattern.sub(lambda m: table[m.group(1)], value)
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        return value

    out = dict(result)
    for k in ("rules", "rejections", "integrity", "not_run", "areas", "history", "warnings", "data_quality"):
        if k in out:
            out[k] = fix(out[k])
    out["redacted"] = {"method": "HMAC-SHA256, 12 hex characters", "identifiers": len(ids)}
    return out


def main(sizes: list[int]) -> None:
    from click.testing import CliRunner

    from checker.cli import cli

    print(f"{'children':>9} {'ids':>8} {'token scan s':>13} {'alternation s':>14}  identical")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            CliRunner().invoke(cli, ["generate", "--children", str(n), "--seed", "7", "--out", str(data)])
            run = run_pack(str(ROOT / "examples" / "pack"), data, dt.date(2025, 3, 31), skip_unavailable=True)
            ids = identifiers(run.loaded.dataset, run.result.pack.schema)
            t = time.perf_counter()
            new = redact(run.document, KEY, ids)
            t_new = time.perf_counter() - t
            t = time.perf_counter()
            old = old_redact(run.document, KEY, ids)
            t_old = time.perf_counter() - t
            same = json.dumps(new, sort_keys=True) == json.dumps(old, sort_keys=True)
            print(f"{n:>9,} {len(ids):>8,} {t_new:>13.2f} {t_old:>14.2f}  {same}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000])
