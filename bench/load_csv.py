"""Benchmark: a native CSV folder read by DuckDB itself (``data/readers/csv_duckdb.py``)
against the Python loader (``data.load_data``) followed by what the DuckDB
engine then does with the Python rows (``SqlEngine._load``'s table loading).

Each measurement is a fresh process under GNU time (``/usr/bin/time -f %M``),
so its peak memory is its own:

- ``duckdb``: ``load_csv_folder`` into an in-memory DuckDB connection (the
  rows stay in DuckDB; no Python records are made);
- ``duckdb+rows``: the same, then the Python records built from the tables
  (``dataset_from_duckdb``), as a run that needs them would;
- ``python``: ``load_data(folder, schema, "csv", as_at)`` (the Python loader);
- ``python+duckdb``: the Python loader, then the records copied into DuckDB
  tables as ``SqlEngine._load`` does (what a DuckDB run pays today).

    python bench/load_csv.py /tmp/casecheck-bench/council-100000
    python bench/load_csv.py FOLDER --modes duckdb,python --as-at 2025-03-31 --repeat 3

Prints a Markdown table: mode, wall seconds (of the load, measured inside the
process, best of --repeat), process wall seconds, peak MB, records loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = ("duckdb", "duckdb+rows", "python", "python+duckdb")


def one(mode: str, folder: Path, as_at: str, schema_name: str) -> dict:
    """Run one measurement in this process; returns what to report."""
    import datetime as dt

    import duckdb

    from checker.schema import builtin_schema_path, load_schema

    schema = load_schema(builtin_schema_path(schema_name))
    day = dt.date.fromisoformat(as_at)
    t = time.perf_counter()
    if mode.startswith("duckdb"):
        from checker.data.readers import csv_duckdb

        con = duckdb.connect()
        result = csv_duckdb.load_csv_folder(con, schema, folder, day)
        if result is None:
            return {"declined": csv_duckdb.last_decline}
        if mode == "duckdb+rows":
            _ = result.dataset.tables
        records = result.counts()["evaluated"]
    else:
        from checker.data.load import load_data

        result = load_data(folder, schema, "csv", day)
        records = result.counts()["evaluated"]
        if mode == "python+duckdb":
            from checker.backends.duckdb import DuckDBBackend
            from checker.engine.compile import ROW
            from checker.engine.sql import _tuples

            backend = DuckDBBackend()
            for name, table in schema.tables.items():  # as SqlEngine._load does (without the calendar)
                fields = list(table.fields)
                backend.create_table(name, [(ROW, "integer")] + [(f, table.fields[f].type.kind) for f in fields])
                rows = result.dataset.tables.get(name, [])
                if rows:
                    backend.insert_rows(name, [ROW] + fields, _tuples(rows, fields))
    return {"seconds": time.perf_counter() - t, "records": records, "rejected": result.counts()["rejected"]}


def measure(mode: str, folder: Path, as_at: str, schema: str, timeout: float) -> dict:
    wrapper = ["/usr/bin/time", "-f", "%M"] if os.path.exists("/usr/bin/time") else []
    cmd = wrapper + [sys.executable, str(Path(__file__).resolve()), str(folder), "--one", mode, "--as-at", as_at, "--schema", schema]
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    wall = time.perf_counter() - t
    err = proc.stderr.decode(errors="replace").strip().splitlines()
    peak = float(err[-1]) / 1024 if wrapper and err and err[-1].isdigit() else float("nan")
    if proc.returncode != 0:
        return {"error": "\n".join(err[-15:])}
    out = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    out.update(process=wall, peak_mb=peak)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--modes", default="duckdb,duckdb+rows,python,python+duckdb")
    ap.add_argument("--as-at", default="2025-03-31")
    ap.add_argument("--schema", default="csc")
    ap.add_argument("--repeat", type=int, default=1, help="runs per mode (the best is reported)")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--one", choices=MODES, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.folder, args.as_at, args.schema)))
        return
    size = sum(p.stat().st_size for p in args.folder.glob("*.csv")) / 1e6
    print(f"{args.folder} ({size:.0f} MB of CSV), as at {args.as_at}\n")
    print("| mode | load s | process s | peak MB | records | rejected |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for mode in args.modes.split(","):
        runs = [measure(mode, args.folder, args.as_at, args.schema, args.timeout) for _ in range(args.repeat)]
        ok = [r for r in runs if "seconds" in r]
        if not ok:
            why = runs[0].get("error") or f"declined: {runs[0].get('declined')}"
            print(f"| {mode} | - | - | - | - | {why.splitlines()[-1][:80]} |")
            continue
        best = min(ok, key=lambda r: r["seconds"])
        print(f"| {mode} | {best['seconds']:.2f} | {best['process']:.2f} | {best['peak_mb']:.0f} | "
              f"{best['records']:,} | {best['rejected']:,} |", flush=True)


if __name__ == "__main__":
    main()
