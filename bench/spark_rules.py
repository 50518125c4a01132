"""Where a Spark run's time goes, rule by rule: one run of a pack through
``api.run_pack(engine="spark")`` with each rule's wall time and JVM CPU
seconds, split into the statement that keeps its rows (``CACHE LAZY TABLE``:
Spark's analysis and planning only, no job) and the queries that run jobs
(the counts, the date ranges).

    PYTHONPATH=. python bench/spark_rules.py DATA [--pack ilacs] [--rules A,B] [--conf KEY=VALUE ...]

Prints one line per rule (slowest last is not sorted: run order) and a JSON
summary line. The JVM is the driver's child process; its CPU is read from
/proc before and after each rule. Local Spark only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from spark_scale import _children, _cpu, _hwm  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--pack", default="ilacs")
    ap.add_argument("--rules")
    ap.add_argument("--as-at", default="2025-03-31")
    ap.add_argument("--conf", action="append", default=[])
    a = ap.parse_args()
    os.environ.setdefault("CASECHECK_SKIP_MEMORY_CHECK", "1")
    from checker import api
    from checker.backends import spark
    from checker.engine.sql import SqlEngine

    spark.SESSION_CONF.update(kv.split("=", 1) for kv in a.conf)
    jvm: list[int] = []

    def jcpu() -> float:
        if not jvm:
            jvm.extend(_children())
        return sum(_cpu(p) or 0 for p in jvm)

    spent = {"plan": 0.0, "jobs": 0.0}
    real_exec, real_query = spark.SparkBackend.execute, spark.SparkBackend.query

    def execute(self, sql):
        t = time.perf_counter()
        try:
            return real_exec(self, sql)
        finally:
            spent["plan"] += time.perf_counter() - t

    def query(self, sql):
        t = time.perf_counter()
        try:
            return real_query(self, sql)
        finally:
            spent["jobs"] += time.perf_counter() - t

    spark.SparkBackend.execute, spark.SparkBackend.query = execute, query
    real_judge = SqlEngine.judge_all
    per_rule = []

    def judge_all(self, rule):
        spent.update(plan=0.0, jobs=0.0)
        c0, t0 = jcpu(), time.perf_counter()
        out = real_judge(self, rule)
        wall = time.perf_counter() - t0
        row = {"rule": rule.id, "wall": round(wall, 2), "plan": round(spent["plan"], 2),
               "jobs": round(spent["jobs"], 2), "jvm_cpu": round(jcpu() - c0, 2)}
        per_rule.append(row)
        print(json.dumps(row), flush=True)
        return out

    SqlEngine.judge_all = judge_all
    t0, c0 = time.perf_counter(), time.process_time()
    run = api.run_pack(a.pack, a.data, dt.date.fromisoformat(a.as_at), engine="spark",
                       rules=a.rules.split(",") if a.rules else None, listed=(), skip_unavailable=True)
    wall = time.perf_counter() - t0
    rules_wall = sum(r["wall"] for r in per_rule)
    print(json.dumps({
        "data": a.data, "conf": a.conf, "rules": len(per_rule), "wall_s": round(wall, 1),
        "rules_wall_s": round(rules_wall, 1), "set_up_wall_s": round(wall - rules_wall, 1),
        "plan_s": round(sum(r["plan"] for r in per_rule), 1), "jobs_s": round(sum(r["jobs"] for r in per_rule), 1),
        "jvm_cpu_s": round(jcpu(), 1), "rules_jvm_cpu_s": round(sum(r["jvm_cpu"] for r in per_rule), 1),
        "driver_cpu_s": round(time.process_time() - c0, 1),
        "driver_peak_rss_mb": round((_hwm() or 0) / 2**20), "jvm_peak_rss_mb": [round((_hwm(p) or 0) / 2**20) for p in jvm],
        "fallbacks": sorted(f["rule"] for f in run.document["engine"]["fallbacks"]),
    }), flush=True)


if __name__ == "__main__":
    main()
