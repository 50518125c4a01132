"""Time every DuckDB statement of a casecheck CLI run: wall and process CPU
seconds each, summed by rule (``judge_all``), by a rule's breakdown tally, or
"load" (reading the data, before the first rule), then the dearest statements.

    PROF_OUT=prof.txt PROF_SQL=dearest.sql python bench/profile_statements.py \
        run ilacs --data /work/data/ilacs1m --as-at 2025-03-31 -q --fail-on none

PROF_OUT: where the summary goes (default stderr); PROF_SQL: the 15 dearest
statements whole, for EXPLAIN ANALYZE. CPU is the process's (every thread).
"""
import os, resource, sys, time, collections, re
import checker.backends.duckdb as bd

STATS = []
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime

class Proxy:
    def __init__(self, con): self._con = con
    def __getattr__(self, n): return getattr(self._con, n)
    def execute(self, sql, *a, **k):
        w, c = time.perf_counter(), cpu()
        r = self._con.execute(sql, *a, **k)
        STATS.append((time.perf_counter() - w, cpu() - c, sql, CUR[0]))
        return r
    def sql(self, q, *a, **k):
        return self._con.sql(q, *a, **k)
    def cursor(self): return Proxy(self._con.cursor())

orig = bd.DuckDBBackend.__init__
def init(self, *a, **k):
    orig(self, *a, **k); self.con = Proxy(self.con)
bd.DuckDBBackend.__init__ = init

T0w, T0c = time.perf_counter(), cpu()
import atexit
def report():
    tw, tc = time.perf_counter() - T0w, cpu() - T0c
    f = open(os.environ.get("PROF_OUT", "/dev/stderr"), "w")
    print(f"TOTAL wall {tw:.2f} cpu {tc:.2f}  statements {len(STATS)} sum wall {sum(s[0] for s in STATS):.2f} cpu {sum(s[1] for s in STATS):.2f}", file=f)
    g = collections.defaultdict(lambda: [0, 0, 0])
    for w, c, s, k in STATS:
        g[k][0] += w; g[k][1] += c; g[k][2] += 1
    for k, (w, c, n) in sorted(g.items(), key=lambda x: -x[1][1])[:40]:
        print(f"GROUP {w:7.2f} {c:7.2f} {n:4d} {k}", file=f)
    if os.environ.get("PROF_SQL"):
        with open(os.environ["PROF_SQL"], "w") as h:
            for w, c, s, k in sorted(STATS, key=lambda s: -s[1])[:15]:
                print(f"-- {k} {w:.3f} {c:.3f}\n{s}\n", file=h)
    for w, c, s, k in sorted(STATS, key=lambda s: -s[0])[:60]:
        print(f"{w:7.3f} {c:7.3f} {k[:20]:20s} {' '.join(s.split())[:300]}", file=f)
atexit.register(report)
import checker.engine.sql as es, checker.engine.sql_tally as st
CUR = ["load"]
oj = es.SqlEngine.judge_all
def judge_all(self, rule):
    CUR[0] = rule.id; return oj(self, rule)
es.SqlEngine.judge_all = judge_all
ot = st.Tallies._tally
def tally(self, *a, **k):
    old = CUR[0]; CUR[0] = "tally:" + a[0]
    try: return ot(self, *a, **k)
    finally: CUR[0] = old
st.Tallies._tally = tally
from checker.cli import main
sys.argv = ["casecheck"] + sys.argv[1:]
main()
