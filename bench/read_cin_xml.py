"""Benchmark: reading a CIN census XML return (not a test).

For each size, a census is built from a synthetic council, written with
``checker.data.readers.cin_xml.write`` to a temporary folder, then read in a
fresh Python process twice: once by the reader alone (every row of every
Source taken as the loader takes it, nothing coerced), once through
``checker.data.load.load_data(path, schema, "cin-xml")`` (the reader plus the
loader's coercion, keys, accounting and integrity checks). Each process
reports its wall time, its CPU time (steadier on a shared machine) and its
peak resident memory (``ru_maxrss``). The files are written by a separate
process so that the measuring processes are started from a small parent (on
Linux a process's ru_maxrss starts from its parent's size at fork).

Sizes are children in the census (Child elements). One council of 10,000
children is generated (``generate(10_000, seed=2025, "adequate")``, about two
thirds of whom have a referral and so are in a census); its census children
are replicated with suffixed IDs (``C000123~2``) to reach the size.
``dense`` draws only from children with seven or more census records (child
protection cases), about eight records a child: the shape of a census of
100,000 children with ~800,000 records.

    .venv/bin/python bench/read_cin_xml.py                # 10k, 100k, 100k dense
    .venv/bin/python bench/read_cin_xml.py 20000 50000d   # chosen sizes; d: dense
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.data.readers.cin_xml import TABLES, write
from checker.schema import builtin_schema_path, load_schema
from checker.tools.generate import generate

AS_AT = date(2025, 3, 31)
ID_FIELDS = ("child_id", "referral_id", "assessment_id", "s47_id", "plan_id", "conference_id", "cin_plan_id")

RUNNER = r"""
import json, resource, sys, time
from pathlib import Path
from checker.schema import builtin_schema_path, load_schema
from checker.errors import Diagnostics

def rss_mb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")

schema = load_schema(builtin_schema_path("csc"))
path, mode = Path(sys.argv[1]), sys.argv[2]
if mode == "reader":
    from checker.data.readers.cin_xml import CinCensus
else:
    from checker.data.load import load_data
base = rss_mb("VmRSS")
r0 = resource.getrusage(resource.RUSAGE_SELF)
t = time.perf_counter()
if mode == "reader":
    diags = Diagnostics()
    rows = 0
    for src in CinCensus().read(path, schema, diags):
        columns = getattr(src.rows, "columns", None)  # as the loader takes them
        if columns is not None:
            rows += len(columns()[0])
        else:
            for _ in src.rows:
                rows += 1
    errors = len(diags.errors)
    read = loaded = rows
    rejected = 0
else:
    res = load_data(path, schema, "cin-xml")
    c = res.counts()
    read, loaded, rejected = c["read"], c["evaluated"], c["rejected"]
    errors = len(res.diagnostics.errors)
secs = time.perf_counter() - t
r1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print(json.dumps({"seconds": secs, "cpu": cpu, "read": read, "loaded": loaded, "rejected": rejected, "errors": errors,
                  "base_mb": base, "maxrss_mb": r1.ru_maxrss / 1024, "hwm_mb": rss_mb("VmHWM")}))
"""


def census_by_child(tables: dict[str, list[dict]]) -> dict[str, dict[str, list[dict]]]:
    """child_id -> table -> that child's records, for children with a referral."""
    with_ref = {r["child_id"] for r in tables["referrals"]}
    out: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for t in TABLES:
        for r in tables[t]:
            if r["child_id"] in with_ref:
                out[r["child_id"]][t].append(r)
    return out


def replicate(by_child, n: int, dense: bool) -> dict[str, list[dict]]:
    ids = sorted(by_child)
    if dense:
        ids = [c for c in ids if sum(len(v) for v in by_child[c].values()) >= 7]
    tables: dict[str, list[dict]] = {t: [] for t in TABLES}
    for k in range(n):
        cid = ids[k % len(ids)]
        copy = k // len(ids)
        suffix = f"~{copy + 1}" if copy else ""
        for t, recs in by_child[cid].items():
            for r in recs:
                if suffix:
                    r = dict(r)
                    for f in ID_FIELDS:
                        if r.get(f) is not None:
                            r[f] = r[f] + suffix
                tables[t].append(r)
    return tables


def run(path: Path, mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", RUNNER, str(path), mode], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare(folder: Path, sizes: list[tuple[int, bool]]) -> None:
    """Generate once and write one census per size (run in its own process, see main)."""
    schema = load_schema(builtin_schema_path("csc"))
    t = time.perf_counter()
    council = generate(10_000, seed=2025, profile="adequate", as_at=AS_AT)
    by_child = census_by_child(council.tables)
    print(f"generated 10,000 children in {time.perf_counter() - t:.1f} s; {len(by_child):,} have a referral", flush=True)
    info = {}
    for n, dense in sizes:
        tables = replicate(by_child, n, dense)
        path = folder / _name(n, dense)
        t = time.perf_counter()
        write(tables, schema, path, AS_AT)
        info[path.name] = {"records": sum(len(v) for v in tables.values()), "write": time.perf_counter() - t}
        del tables
    (folder / "info.json").write_text(json.dumps(info))


def _name(n: int, dense: bool) -> str:
    return f"cin_{n}{'_dense' if dense else ''}.xml"


def _parse_sizes(args: list[str]) -> list[tuple[int, bool]]:
    if not args:
        return [(10_000, False), (100_000, False), (100_000, True)]
    return [(int(a.removesuffix("d")), a.endswith("d")) for a in args]


def main(argv: list[str]) -> None:
    if argv[:1] == ["--prepare"]:
        prepare(Path(argv[1]), _parse_sizes(argv[2:]))
        return
    sizes = _parse_sizes(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # The census files are made in a child process, so that this one stays small: a process's
        # ru_maxrss starts from its parent's resident size at fork (Linux), which would otherwise
        # count the generated tables in every measurement.
        subprocess.run([sys.executable, __file__, "--prepare", tmp, *[f"{n}{'d' if d else ''}" for n, d in sizes]],
                       check=True)
        info = json.loads((Path(tmp) / "info.json").read_text())
        for n, dense in sizes:
            path = Path(tmp) / _name(n, dense)
            records = info[path.name]["records"]
            reader = run(path, "reader")
            full = run(path, "load")
            assert full["read"] == records and full["rejected"] == 0 and full["errors"] == 0, full
            rows.append((f"{n:,}{' dense' if dense else ''}", records, path.stat().st_size / 1e6,
                         info[path.name]["write"], reader, full))
    head = ("children", "records", "xml MB", "write s", "reader s", "reader cpu s", "reader rows/s", "reader peak MB",
            "load_data s", "load_data cpu s", "load_data rows/s", "load_data peak MB")
    lines = [head]
    for label, records, mb, wrote, reader, full in rows:
        lines.append((
            label, f"{records:,}", f"{mb:.0f}", f"{wrote:.2f}",
            f"{reader['seconds']:.2f}", f"{reader['cpu']:.2f}", f"{records / reader['seconds']:,.0f}",
            f"{reader['maxrss_mb']:.0f}",
            f"{full['seconds']:.2f}", f"{full['cpu']:.2f}", f"{records / full['seconds']:,.0f}",
            f"{full['maxrss_mb']:.0f}",
        ))
    widths = [max(len(str(r[i])) for r in lines) for i in range(len(head))]
    for i, r in enumerate(lines):
        print("  ".join(str(c).rjust(w) for c, w in zip(r, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    base = rows[0][5]["base_mb"] if rows else 0
    print(f"(peak MB is ru_maxrss of the reading process, which holds {base:.0f} MB after its imports; "
          "cpu s is its user+system time, steadier than wall time on a shared machine)")


if __name__ == "__main__":
    main(sys.argv[1:])
