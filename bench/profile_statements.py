"""Time every DuckDB statement of a casecheck CLI run: wall and process CPU
seconds each, summed by rule (``judge_all``), by a rule's breakdown tally, or
"load" (reading the data, before the first rule), then the dearest statements.

    PROF_OUT=prof.txt PROF_SQL=dearest.sql python bench/profile_statements.py \
        run ilacs --data /work/data/ilacs1m --as-at 2025-03-31 -q --fail-on none

PROF_OUT: where the summary goes (default stderr); PROF_SQL: the 15 dearest
statements whole, for EXPLAIN ANALYZE; PROF_DUMP: every statement's (wall, cpu,
statement, what for), pickled. CPU is the process's (every thread): set
CASECHECK_AHEAD=0 so that statements are not run two at a time.
A profiling aid, not a benchmark: it wraps the DuckDB connection and the
engine's methods, so it measures this checkout only.
"""

from __future__ import annotations

import atexit
import collections
import os
import resource
import sys
import time

import checker.backends.duckdb as bd
import checker.engine.sql as es
import checker.engine.sql_tally as st

#: (wall, cpu, statement, what it was for) of every statement executed
STATS: list[tuple[float, float, str, str]] = []
#: what the statements being executed are for: "load", a rule id, "tally:<name>"
CURRENT = ["load"]


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Timed:
    """A DuckDB connection whose ``execute`` is timed (everything else passes through)."""

    def __init__(self, con):
        self._con = con

    def __getattr__(self, name):
        return getattr(self._con, name)

    def execute(self, sql, *args, **kwargs):
        w, c = time.perf_counter(), cpu()
        result = self._con.execute(sql, *args, **kwargs)
        STATS.append((time.perf_counter() - w, cpu() - c, sql, CURRENT[0]))
        return result

    def sql(self, query, *args, **kwargs):
        return self._con.sql(query, *args, **kwargs)

    def cursor(self):
        return Timed(self._con.cursor())


def install() -> None:
    backend_init = bd.DuckDBBackend.__init__
    judge_all = es.SqlEngine.judge_all
    tally = st.Tallies._tally

    def timed_init(self, *args, **kwargs):
        backend_init(self, *args, **kwargs)
        self.con = Timed(self.con)

    def judged(self, rule):
        CURRENT[0] = rule.id
        return judge_all(self, rule)

    def tallied(self, *args, **kwargs):
        before = CURRENT[0]
        CURRENT[0] = "tally:" + args[0]
        try:
            return tally(self, *args, **kwargs)
        finally:
            CURRENT[0] = before

    bd.DuckDBBackend.__init__ = timed_init
    es.SqlEngine.judge_all = judged
    st.Tallies._tally = tallied


def report(start_wall: float, start_cpu: float) -> None:
    wall, used = time.perf_counter() - start_wall, cpu() - start_cpu
    with open(os.environ.get("PROF_OUT", "/dev/stderr"), "w") as out:
        print(f"TOTAL wall {wall:.2f} cpu {used:.2f}  statements {len(STATS)} "
              f"sum wall {sum(s[0] for s in STATS):.2f} cpu {sum(s[1] for s in STATS):.2f}", file=out)
        groups: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0])
        for w, c, _, what in STATS:
            groups[what][0] += w
            groups[what][1] += c
            groups[what][2] += 1
        for what, (w, c, n) in sorted(groups.items(), key=lambda x: -x[1][1])[:40]:
            print(f"GROUP {w:7.2f} {c:7.2f} {int(n):4d} {what}", file=out)
        for w, c, sql, what in sorted(STATS, key=lambda s: -s[0])[:60]:
            print(f"{w:7.3f} {c:7.3f} {what[:20]:20s} {' '.join(sql.split())[:300]}", file=out)
    if os.environ.get("PROF_DUMP"):  # every statement, for a script to read back
        import pickle
        with open(os.environ["PROF_DUMP"], "wb") as h:
            pickle.dump(STATS, h)
    if os.environ.get("PROF_SQL"):
        with open(os.environ["PROF_SQL"], "w") as h:
            for w, c, sql, what in sorted(STATS, key=lambda s: -s[1])[:15]:
                print(f"-- {what} {w:.3f} {c:.3f}\n{sql}\n", file=h)


def main() -> None:
    install()
    atexit.register(report, time.perf_counter(), cpu())
    from checker.cli import main as cli

    sys.argv = ["casecheck", *sys.argv[1:]]
    cli()


if __name__ == "__main__":
    main()
