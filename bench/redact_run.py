"""Benchmark: what ``--redact`` costs a whole run, against another checkout in the same run (not a test).

``run ilacs --format json`` (every outcome) over a CSV folder, with and without
``--redact``, from this checkout ("after") and from another ("before", e.g. a
worktree of main), alternated in fresh processes so a busy machine weighs on
both alike. Each process is timed by ``os.wait4``: CPU seconds (user + system,
DuckDB's threads included), wall seconds and peak memory. The redacted JSON of
both builds is then compared byte for byte, and the temporary folder checked
for anything a redacted run left behind.

    .venv/bin/python bench/redact_run.py /work/data/ilacs100k /work/b21r      # 2 rounds
    .venv/bin/python bench/redact_run.py /work/data/ilacs100k /work/b21r 3

Results: ``bench/redact_run.md``.
"""

from __future__ import annotations

import filecmp
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEY = b"a-long-enough-redaction-key-0123"


def _run(checkout: str, data: str, out: Path, key: Path | None) -> tuple[float, float, int, int]:
    """(CPU s, wall s, peak MB, process id) of one run in a fresh process."""
    args = [sys.executable, "-P", "-m", "checker.cli", "run", "ilacs", "--data", data, "--as-at", "2025-03-31", "-q",
            "--fail-on", "none", "--format", "json", "--out", str(out)] + (["--redact", str(key)] if key else [])
    env = dict(os.environ, PYTHONPATH=checkout)
    t = time.perf_counter()
    p = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode() if p.stderr else ""
    if p.returncode not in (0, 1):
        raise SystemExit(f"{checkout}: exit {p.returncode}: {err[-500:]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss // 1024, p.pid


def _left(pid: int) -> set[str]:
    """What a finished run left in the temporary folder: its DuckDB spill folder is named with its process id."""
    return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("casecheck-") and f"-{pid}-" in n}


def main(data: str, before: str, rounds: int) -> None:
    figures: dict[tuple[str, bool], list[tuple[float, float, int, int]]] = {}
    left: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="bench-redact-") as work:
        w = Path(work)
        key = w / "key"
        key.write_bytes(KEY)
        for _ in range(rounds):
            for build, checkout in (("after", str(ROOT)), ("before", before)):
                for redact in (False, True):
                    out = w / (f"{build}.redacted.json" if redact else "plain.json")
                    got = _run(checkout, data, out, key if redact else None)
                    figures.setdefault((build, redact), []).append(got)
                    left |= _left(got[3])
        same = filecmp.cmp(w / "after.redacted.json", w / "before.redacted.json", shallow=False)
        size = (w / "after.redacted.json").stat().st_size
    print(f"ilacs --format json over {data}, {rounds} round(s) alternated; median (min-max)\n")
    print("| build | --redact | CPU s | wall s | peak MB |")
    print("| --- | --- | --- | --- | --- |")

    def cell(xs: list[float], fmt: str) -> str:
        return f"{statistics.median(xs):{fmt}} ({min(xs):{fmt}}-{max(xs):{fmt}})"

    for build in ("before", "after"):
        for redact in (False, True):
            got = figures[(build, redact)]
            print(f"| {build} | {'yes' if redact else 'no'} | {cell([g[0] for g in got], '.2f')} | "
                  f"{cell([g[1] for g in got], '.1f')} | {cell([float(g[2]) for g in got], '.0f')} |")
    print()
    for build in ("before", "after"):
        cpu = {r: statistics.median(g[0] for g in figures[(build, r)]) for r in (False, True)}
        print(f"{build}: --redact costs {cpu[True] - cpu[False]:+.2f} s CPU, {cpu[True] / cpu[False]:.2f}x the run")
    print(f"redacted JSON ({size:,} bytes) of both builds byte for byte the same: {same}")
    print(f"left in {tempfile.gettempdir()} by the runs: {sorted(left) or 'nothing'} (and the redacted "
          f"runs write no file but their output)")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 2)
