"""Benchmark: the workbook readers alone (``load_data``: reader, coercion,
keys, accounting, integrity checks) on given workbooks, this checkout against
another, alternately in one run (the machine is shared): CPU seconds (every
thread of the process), wall seconds and peak resident MB of a fresh process
each. Not a test: nothing asserts a time.

    .venv/bin/python bench/read_workbooks.py --before /work/main \\
        annex-a=/work/data/annexa100k.xlsx xlsx=/work/data/wt21a/x100k.xlsx

``annex-a`` is also read by the row-at-a-time reference reader
(``CASECHECK_ANNEX_A_READER=rows``), and any workbook through openpyxl only
(``--openpyxl``, ``CASECHECK_XLSX_READER=openpyxl``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_READ = """
import json, resource, sys, time
w0, c0 = time.perf_counter(), time.process_time()
from datetime import date
from checker.data.load import load_data
from checker.schema import builtin_schema_path, load_schema
loaded = load_data(sys.argv[1], load_schema(builtin_schema_path("csc")), sys.argv[2], date(2025, 3, 31))
c = loaded.counts()
print(json.dumps({"wall": time.perf_counter() - w0, "cpu": time.process_time() - c0, "read": c["read"],
                  "rejected": c["rejected"], "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: Path, path: str, fmt: str, env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", _READ, path, fmt], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(code), **env}, cwd="/")
    return json.loads(out.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("books", nargs="+", help="FORMAT=PATH")
    ap.add_argument("--before", type=Path, help="another checkout, measured alternately")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--openpyxl", action="store_true", help="also read through openpyxl only")
    args = ap.parse_args()
    cases = []
    for spec in args.books:
        fmt, _, path = spec.partition("=")
        cases.append((fmt, path, "this checkout", ROOT, {}))
        if fmt == "annex-a":
            cases.append((fmt, path, "this checkout, row-at-a-time reader", ROOT, {"CASECHECK_ANNEX_A_READER": "rows"}))
        if args.openpyxl:
            cases.append((fmt, path, "this checkout, openpyxl only", ROOT, {"CASECHECK_XLSX_READER": "openpyxl"}))
        if args.before:
            cases.append((fmt, path, f"before ({args.before})", args.before, {}))
    best: dict[int, dict] = {}
    for _ in range(args.rounds):
        for i, (fmt, path, _label, code, env) in enumerate(cases):
            got = run(code, path, fmt, env)
            print(fmt, _label, got, file=sys.stderr, flush=True)
            if i not in best or got["cpu"] < best[i]["cpu"]:
                best[i] = got
    print("| workbook | format | reader | records read | CPU s | wall s | peak MB |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for i, (fmt, path, label, _code, _env) in enumerate(cases):
        b = best[i]
        print(f"| {Path(path).name} | {fmt} | {label} | {b['read']:,} | {b['cpu']:.2f} | {b['wall']:.2f} | {b['mb']:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
