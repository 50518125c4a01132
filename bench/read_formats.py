"""Benchmark: read throughput and peak memory of every input format (not a test).

For each size, a synthetic council is generated once (``casecheck generate``
semantics: ``generate(N, seed=2025, profile="adequate")``), written in every
format by the shared writers, and then read through
``checker.data.load.load_data`` (reader + coercion + keys + accounting +
integrity checks) in a fresh Python process, which reports wall time, CPU
time and peak resident memory (``ru_maxrss``). Rows/s counts the rows the
loader read (for lossy formats such as Annex A, fewer than the council has).

    .venv/bin/python bench/read_formats.py                    # 10000 and 100000, every format
    .venv/bin/python bench/read_formats.py 10000 --formats csv,jsonl
    .venv/bin/python bench/read_formats.py 100000 --formats csv,cin-xml,ssda903

(Parquet is read with DuckDB.) xlsx and annex-a go through openpyxl, which is pure Python: expect minutes
to write and read them at 100,000 children.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from checker.data.readers import FORMATS as FORMATS_BY_NAME
from checker.data.readers import formats

ROOT = Path(__file__).resolve().parent.parent
# every input format in the registry; a folder format is written as a folder, a file format as one file
FORMATS = formats()
TARGET = {f: "council" if FORMATS_BY_NAME[f].folder else f"council.{'xml' if f == 'cin-xml' else 'xlsx'}" for f in FORMATS}

_WRITE = """
import sys, time
from datetime import date
from pathlib import Path
from checker.tools.generate import generate
from checker.data.readers import writer
from checker.schema import builtin_schema_path, load_schema
n, out, formats = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(",")
t = time.perf_counter()
council = generate(n, seed=2025, profile="adequate")
print("generated", n, "children,", sum(len(v) for v in council.tables.values()), "records in",
      round(time.perf_counter() - t, 1), "s", file=sys.stderr)
schema = load_schema(builtin_schema_path("csc"))
for fmt in formats:
    t = time.perf_counter()
    target = out / fmt / sys.argv[4 + formats.index(fmt)]
    target.parent.mkdir(parents=True, exist_ok=True)
    writer(fmt)(council.tables, schema, target, date(2025, 3, 31))
    print("wrote", fmt, "in", round(time.perf_counter() - t, 1), "s", file=sys.stderr)
"""

_READ = """
import json, resource, sys, time
from datetime import date
from checker.data.load import load_data
from checker.schema import builtin_schema_path, load_schema
schema = load_schema(builtin_schema_path("csc"))
t0, c0 = time.perf_counter(), time.process_time()
loaded = load_data(sys.argv[1], schema, sys.argv[2], date(2025, 3, 31))
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
c = loaded.counts()
assert not loaded.diagnostics.errors, [d.message for d in loaded.diagnostics.errors]
print(json.dumps({"wall": wall, "cpu": cpu, "rows": c["read"], "rejected": c["rejected"],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    ap.add_argument("--formats", default=",".join(FORMATS))
    args = ap.parse_args()
    formats = args.formats.split(",")
    py = sys.executable
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            subprocess.run([py, "-c", _WRITE, str(n), tmp, ",".join(formats), *[TARGET[f] for f in formats]],
                           check=True, cwd=ROOT)
            print(f"wrote {n} children in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            for fmt in formats:
                out = subprocess.run([py, "-c", _READ, str(Path(tmp) / fmt / TARGET[fmt]), fmt],
                                     check=True, cwd=ROOT, capture_output=True, text=True)
                m = json.loads(out.stdout)
                rows.append((n, fmt, m["rows"], m["wall"], m["cpu"], m["rows"] / m["wall"], m["peak_mb"], m["rejected"]))
                print(f"  {fmt:8} {m['rows']:>9} rows  {m['wall']:7.2f} s", file=sys.stderr)
    print("| children | format | rows read | wall s | cpu s | rows/s | peak MB | rejected |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, fmt, r, wall, cpu, rate, peak, rej in rows:
        print(f"| {n:,} | {fmt} | {r:,} | {wall:.2f} | {cpu:.2f} | {rate:,.0f} | {peak:.0f} | {rej} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
