"""Benchmark: the DuckDB engine against the reference evaluator, end to end.

For each size, generate a council (cached under --work), then time
``casecheck run PACK --data DIR --engine E --format F`` as a user runs it
(a fresh process: reading, judging, findings, the report written), with its
peak memory: F is the default terminal table (counts and rates) and JSON
(every case of every rule with its reason). Also: the CIN census XML end to end, and a single plain
date-comparison rule timed inside DuckDB alone.

    python bench/engines.py --sizes 10000,100000 --engines duckdb,reference
    python bench/engines.py --sizes 1000000 --engines duckdb --formats table --timeout 1800

Prints a Markdown table: children, engine, records judged, wall seconds,
rule-record evaluations per second, peak MB.
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
CASECHECK = [sys.executable, "-m", "checker.cli"]
AS_AT = "2025-03-31"


def generate(n: int, fmt: str, work: Path) -> Path:
    out = work / (f"council-{n}" + ("" if fmt == "csv" else ".xml"))
    if not out.exists():
        t = time.perf_counter()
        subprocess.run(CASECHECK + ["generate", "--children", str(n), "--seed", "2025", "--format", fmt, "--out", str(out)],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        print(f"generated {n:,} children ({fmt}) in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return out


def timed_run(args: list[str], timeout: float) -> tuple[float | None, float, int]:
    """(wall seconds or None on timeout, peak resident MB of that run, exit code).
    Peak memory comes from GNU time (``/usr/bin/time -f %M``) around the one
    process, so earlier runs do not inflate it."""
    wrapper = ["/usr/bin/time", "-f", "%M"] if os.path.exists("/usr/bin/time") else []
    t = time.perf_counter()
    try:
        proc = subprocess.run(wrapper + CASECHECK + args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, 0.0, -1
    wall = time.perf_counter() - t
    err = proc.stderr.decode(errors="replace").strip().splitlines()
    peak = float(err[-1]) / 1024 if wrapper and err and err[-1].isdigit() else float("nan")
    if proc.returncode > 1:
        print("\n".join(err[-20:]), file=sys.stderr)
    return wall, peak, proc.returncode


def judged(out: Path) -> int:
    """Rule-record outcomes in a run's output: the JSON result's counts, or
    the terminal table's pass, fail, not evidenced and n/a columns."""
    text = out.read_text(encoding="utf-8")
    if out.suffix == ".json":
        return sum(sum(r["counts"].values()) for r in json.loads(text)["rules"])
    import re

    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("----"))
    spans = [m.span() for m in re.finditer(r"-+", lines[rule])]  # the columns, by the dashes under the header
    names = [lines[rule - 1][a:b].strip() for a, b in spans]
    counted = [spans[names.index(n)] for n in ("pass", "fail", "not evid.", "n/a")]
    total = 0
    for line in lines[rule + 1:]:
        if not line.strip():
            break
        total += sum(int(line[a:b]) for a, b in counted)
    return total


def single_rule(n: int, work: Path) -> str:
    """A plain date comparison over every contact, timed inside DuckDB."""
    import datetime as dt

    from checker.backends.duckdb import DuckDBBackend
    from checker.data.load import load_data
    from checker.data.readers.csv_duckdb import load_csv_folder
    from checker.engine.sql import SqlEngine
    from checker.language.parser import parse_expression
    from checker.language.typecheck import Checker
    from checker.model import Context
    from checker.packs.pack import load_pack

    pack = load_pack("ilacs")
    as_at = dt.date.fromisoformat(AS_AT)
    backend = DuckDBBackend()
    folder = generate(n, "csv", work)
    loaded = load_csv_folder(backend.con, pack.schema, folder, as_at)
    preloaded = loaded is not None
    if loaded is None:
        loaded = load_data(folder, pack.schema, as_at=as_at)
    ctx = Context(loaded.dataset, pack.calendar, as_at, pack.params)
    engine = SqlEngine(pack.schema, ctx, backend, preloaded=preloaded)
    rule = next(r for r in pack.rules if r.subject == "contacts")
    rule.expect = parse_expression("decision_date is present and decision_date <= date + 1 day")
    Checker(pack.schema, "contacts").check(rule.expect, None)
    rule.when, rule.reasons = None, {}
    sql = engine.compile(rule).sql()
    engine.backend.query(sql)  # warm
    t = time.perf_counter()
    rows = engine.backend.query(sql)
    q = time.perf_counter() - t
    # the same query's evaluation alone, its rows counted inside DuckDB
    # rather than handed to Python one tuple each
    counted = f"SELECT outcome, COUNT(*) FROM ({sql}) AS r GROUP BY outcome"
    engine.backend.query(counted)
    t = time.perf_counter()
    engine.backend.query(counted)
    e = time.perf_counter() - t
    engine.close()
    return (f"single date-comparison rule, {len(rows):,} contacts of {n:,} children: {q * 1000:.1f} ms with every row fetched "
            f"into Python ({len(rows) / q:,.0f} rows/s); {e * 1000:.1f} ms evaluated in DuckDB alone ({len(rows) / e:,.0f} rows/s)")


def slowest(n: int, work: Path, pack_ref: str, top: int = 8) -> str:
    """Each rule's time in the DuckDB engine (its query run and counted),
    the slowest first, on the council of ``n`` children read by DuckDB."""
    import datetime as dt

    from checker.backends.duckdb import DuckDBBackend
    from checker.data.readers.csv_duckdb import load_csv_folder
    from checker.engine.sql import SqlEngine
    from checker.model import Context
    from checker.packs.pack import load_pack

    pack = load_pack(pack_ref)
    as_at = dt.date.fromisoformat(AS_AT)
    backend = DuckDBBackend()
    loaded = load_csv_folder(backend.con, pack.schema, generate(n, "csv", work), as_at)
    if loaded is None:
        return "slowest rules: the fast CSV reader declined this folder"
    engine = SqlEngine(pack.schema, Context(loaded.dataset, pack.calendar, as_at, pack.params), backend, preloaded=True)
    times = []
    for rule in pack.rules:
        t = time.perf_counter()
        outcomes = engine.judge_all(rule)
        times.append((time.perf_counter() - t, rule.id, rule.subject, len(outcomes), engine.fallbacks.get(rule.id)))
    engine.close()
    total = sum(t for t, *_ in times)
    lines = [f"slowest rules at {n:,} children (all {len(times)} rules: {total:.1f} s in the engine):", ""]
    lines += ["| rule | subject | records | s | note |", "| --- | --- | ---: | ---: | --- |"]
    for t, rid, subject, records, why in sorted(times, reverse=True)[:top]:
        lines.append(f"| {rid} | {subject} | {records:,} | {t:.2f} | {why or ''} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--engines", default="duckdb,reference")
    ap.add_argument("--pack", default="ilacs")
    ap.add_argument("--work", default="/tmp/casecheck-bench")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--cin", action="store_true", help="also the CIN census XML end to end")
    ap.add_argument("--formats", default="table,json",
                    help="report formats to time: table (the default report: counts and rates) and json (every case "
                         "of every rule, with its reason)")
    ap.add_argument("--no-single", action="store_true", help="skip the single-rule timing")
    ap.add_argument("--slowest", type=int, default=0, metavar="N", help="also time each rule in DuckDB and list the N slowest")
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        inputs = [("csv", generate(n, "csv", work))]
        if args.cin:
            inputs.append(("cin-xml", generate(n, "cin-xml", work)))
        for fmt, data in inputs:
            for report in args.formats.split(","):
                for engine in args.engines.split(","):
                    out = work / f"result-{n}-{fmt}-{engine}.{'json' if report == 'json' else 'txt'}"
                    wall, peak, code = timed_run(["run", args.pack, "--data", str(data), "--as-at", AS_AT, "--engine", engine,
                                                  "--format", report, "--out", str(out)]
                                                 + (["--skip-unavailable"] if fmt != "csv" else []), args.timeout)
                    if wall is None:
                        rows.append(f"| {n:,} | {fmt} | {report} | {engine} | | > {args.timeout:.0f} (stopped) | | |")
                        continue
                    records = judged(out) if code in (0, 1) else 0
                    rows.append(f"| {n:,} | {fmt} | {report} | {engine} | {records:,} | {wall:.1f} | {records / wall:,.0f} | {peak:,.0f} |")
                    print(rows[-1], file=sys.stderr)
        if "duckdb" in args.engines and not args.no_single:
            rows.append(f"\n{single_rule(n, work)}\n")
        if args.slowest:
            rows.append(f"\n{slowest(n, work, args.pack, args.slowest)}\n")
    print(f"pack `{args.pack}`, as at {AS_AT}, wall seconds of a fresh `casecheck run` (reading, judging, findings, the report written)\n")
    print("| children | input | report | engine | records judged | wall s | rule-records/s | peak MB |")
    print("| ---: | --- | --- | --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(r)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
