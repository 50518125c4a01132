"""Benchmark: how long the synthetic council takes to generate (not a test).

Each size runs in a fresh Python process, which reports wall time, CPU time
and peak resident memory. The baseline in the same run is the import of the
generator alone, and each size is compared with the one ten times smaller
(growth per 10x: 10 means linear).

    .venv/bin/python bench/generate.py                  # 1000, 10000, 100000
    .venv/bin/python bench/generate.py 1000 10000 --profile inadequate
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from tabulate import tabulate

ROOT = Path(__file__).resolve().parent.parent

_RUN = """
import json, resource, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from checker.tools.generate import generate
n = int(sys.argv[1])
if n:
    council = generate(n, seed=2025, profile=sys.argv[2])
    rows = sum(len(t) for t in council.tables.values())
else:
    rows = 0
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0, "rows": rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(n: int, profile: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _RUN, str(n), profile], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10_000, 100_000])
    ap.add_argument("--profile", default="adequate")
    args = ap.parse_args()
    base = measure(0, args.profile)
    rows = [["import only (baseline)", 0, f"{base['wall']:.2f}", f"{base['cpu']:.2f}", "", f"{base['peak_mb']:.0f}", ""]]
    prev: dict[int, float] = {}
    for n in sorted(args.sizes):
        m = measure(n, args.profile)
        growth = f"{m['wall'] / prev[n // 10]:.1f}x" if n // 10 in prev else ""
        prev[n] = m["wall"]
        rows.append([f"{n:,} children", m["rows"], f"{m['wall']:.2f}", f"{m['cpu']:.2f}",
                     f"{m['rows'] / max(m['wall'], 1e-9):,.0f}", f"{m['peak_mb']:.0f}", growth])
    print(tabulate(rows, headers=["generate", "records", "wall s", "cpu s", "records/s", "peak MB", "per 10x"]))


if __name__ == "__main__":
    main()
