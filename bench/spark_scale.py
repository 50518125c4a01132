"""Spark engine at scale: one run of a pack on a Parquet (or CSV) council
folder, read by Spark itself, against DuckDB on the same folder.

    PYTHONPATH=. python bench/spark_scale.py DATA [--engine spark|duckdb] [--dsn URL] [--pack ilacs] [--rules A,B]
                                            [--conf spark.driver.memory=4g ...]

Prints one JSON line: engine, data, wall seconds (reading, judging), the
driver's CPU seconds, the Python driver's peak RSS (VmHWM of this process:
the data never passes through it on Spark) and, for Spark, the peak RSS of
the JVM it started (a child process) with its CPU seconds (utime + stime
from /proc, read just before the session stops), the counts read/evaluated/rejected
and the fallbacks. Report of counts only (no case listed), as `casecheck run`'s
terminal table. Times are machine-dependent: alternate engines in one session.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time


def _hwm(pid: int | str = "self") -> int | None:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _cpu(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` (its own, not its children's)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _children() -> list[int]:
    out = []
    me = str(os.getpid())
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[1]
            except (OSError, IndexError):
                continue
            if ppid == me:
                out.append(int(d))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--engine", default="spark")
    ap.add_argument("--dsn")
    ap.add_argument("--pack", default="ilacs")
    ap.add_argument("--rules")
    ap.add_argument("--as-at", default="2025-03-31")
    ap.add_argument("--conf", action="append", default=[], help="a Spark setting KEY=VALUE for the local session")
    a = ap.parse_args()
    os.environ.setdefault("CASECHECK_SKIP_MEMORY_CHECK", "1")
    from checker import api

    if a.conf:
        from checker.backends import spark

        spark.SESSION_CONF.update(kv.split("=", 1) for kv in a.conf)

    t0, c0 = time.perf_counter(), time.process_time()
    stamps = {}
    real_read = api.read_for_rules

    def timed_read(*args, **kwargs):
        out = real_read(*args, **kwargs)
        stamps["read"] = time.perf_counter() - t0
        return out

    api.read_for_rules = timed_read
    run = api.run_pack(a.pack, a.data, dt.date.fromisoformat(a.as_at), engine=a.engine, dsn=a.dsn,
                       rules=a.rules.split(",") if a.rules else None, listed=(), skip_unavailable=True)
    wall = time.perf_counter() - t0
    kids = _children()
    jvm = [_hwm(p) for p in kids]
    jvm_cpu = [_cpu(p) for p in kids]
    doc = run.document
    built = getattr(run.result.loaded.dataset, "built", None)
    print(json.dumps({
        "engine": a.engine, "dsn": a.dsn, "data": a.data, "rules": len(doc.get("rules", [])),
        "wall_s": round(wall, 1), "read_s": round(stamps.get("read", 0), 1),
        "driver_cpu_s": round(time.process_time() - c0, 1),
        "driver_peak_rss_mb": round((_hwm() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024) / 2**20),
        "jvm_peak_rss_mb": [round(j / 2**20) for j in jvm if j],
        "jvm_cpu_s": [round(c, 1) for c in jvm_cpu if c is not None],
        "conf": a.conf,
        "python_records_made": built,
        "counts": run.result.loaded.counts(),
        "fallbacks": sorted(f["rule"] for f in doc["engine"]["fallbacks"]),
    }))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
