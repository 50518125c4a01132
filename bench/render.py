"""Benchmark: how long each report format takes to render a big run (not a test).

For each size, a synthetic council is generated in-process
(``generate(N, seed, profile)``, as ``casecheck generate``), loaded through
``checker.data.load.load_records`` (the same coercion as every reader), and the
example pack (``examples/pack``) is evaluated on it with the reference engine
(``judge_all`` per rule into a ``RunResult``), as ``casecheck run`` does.
``RunResult.to_dict()`` (findings, narratives, breakdowns and every case
with its reason) is timed once, and then every renderer of ``casecheck run
--format`` is timed on that dict:

    table     checker.report.terminal.terminal(result, doc)
    json      json.dumps(doc, indent=2, ensure_ascii=False)   (as the CLI)
    markdown  checker.report.documents.markdown(doc)
    letter    checker.report.documents.letter(doc)
    html      checker.report.documents.html(doc)
    xlsx      checker.report.documents.xlsx(doc)
    csv       checker.report.documents.outcomes_csv(doc)

Each renderer runs in a forked child of the process holding the result, so
it starts from the same state a ``casecheck run`` would render from, one
renderer's garbage does not slow the next, and its memory is its own: the
"memory" column of a renderer is how far the child's peak resident set rose
above the result it was forked with (``ru_maxrss``). For the steps before
rendering it is the process's peak resident set so far. Copy-on-write makes a
forked renderer a little slower than the same renderer in-process (it pays
for the pages it touches); ``--in-process`` runs them one after another in
the parent instead (memory then shows only rises above the earlier peak).
Wall and CPU seconds are both given: on a shared machine the CPU time is the
steadier of the two.

    .venv/bin/python bench/render.py                       # 100,000 children
    .venv/bin/python bench/render.py 10000 100000
    .venv/bin/python bench/render.py 10000 --formats html,xlsx --cprofile html,xlsx

``--cprofile FORMAT[,FORMAT...]`` also prints a cProfile summary (top
functions by cumulative and by own time) of those renderers, each run
in-process after the table.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import time
from pathlib import Path

from checker.data.load import load_records
from checker.engine.outcomes import judge_all
from checker.model import Context
from checker.packs.pack import load_pack
from checker.report import documents as reports
from checker.report.renderers import RENDERERS
from checker.report.result import RuleResult, RunResult
from checker.report.terminal import terminal
from checker.tools.generate import generate

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "examples" / "pack"
FORMATS = list(RENDERERS)


def _json(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def renderer(fmt: str, result: RunResult):
    """The function ``casecheck run --format FMT`` renders with, on the dict."""
    return {
        "table": lambda doc: terminal(result, doc),
        "json": _json,
        "markdown": reports.markdown,
        "letter": reports.letter,
        "html": reports.html,
        "xlsx": reports.xlsx,
        "csv": reports.outcomes_csv,
    }[fmt]


def peak_mb() -> float:
    """This process's peak resident set so far, in MB (ru_maxrss is KB on Linux)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def size_of(out) -> int:
    return len(out) if isinstance(out, bytes) else len(out.encode("utf-8"))


def human(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    raise AssertionError


def _render_once(fmt: str, result: RunResult, doc: dict) -> dict:
    fn = renderer(fmt, result)
    before = peak_mb()
    t, c = time.perf_counter(), time.process_time()
    out = fn(doc)
    seconds, cpu = time.perf_counter() - t, time.process_time() - c
    return {"seconds": seconds, "cpu": cpu, "bytes": size_of(out), "memory_mb": max(0.0, peak_mb() - before)}


def render_forked(fmt: str, result: RunResult, doc: dict) -> dict:
    """Render in a forked child; its timings, output size and peak rise come back over a pipe."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, report, and exit without running the parent's code
        try:
            os.close(r)
            try:
                m = _render_once(fmt, result, doc)
            except BaseException as exc:  # noqa: BLE001 - reported by the parent
                m = {"error": f"{type(exc).__name__}: {exc}"}
            with os.fdopen(w, "w") as fh:
                fh.write(json.dumps(m))
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r) as fh:
        text = fh.read()
    os.waitpid(pid, 0)
    m = json.loads(text) if text else {"error": "the child died without reporting (out of memory?)"}
    if "error" in m:
        raise RuntimeError(f"rendering {fmt} failed: {m['error']}")
    return m


def run_pack(n: int, seed: int, profile: str, log) -> tuple[RunResult, list[tuple]]:
    """Generate, load and evaluate: the result, and (step, seconds, cpu seconds, note, peak MB) rows."""
    steps = []
    t, c = time.perf_counter(), time.process_time()
    council = generate(n, seed=seed, profile=profile)
    records = sum(len(v) for v in council.tables.values())
    steps.append((f"generate {n:,} children ({profile}, seed {seed})", time.perf_counter() - t,
                  time.process_time() - c, f"{records:,} records", peak_mb()))
    log(f"generated {records:,} records in {steps[-1][1]:.1f} s")

    pack = load_pack(str(PACK))
    t, c = time.perf_counter(), time.process_time()
    loaded = load_records(pack.schema, council.tables, f"generated {profile} council")
    steps.append(("load (load_records)", time.perf_counter() - t, time.process_time() - c,
                  f"{len(loaded.rejections)} rejected", peak_mb()))
    if loaded.diagnostics.errors or loaded.rejections:
        raise SystemExit(f"the generated council did not load cleanly: {len(loaded.rejections)} rejections")
    as_at = council.as_at
    del council  # the loaded dataset is what a run holds
    log(f"loaded in {steps[-1][1]:.1f} s")

    ctx = Context(loaded.dataset, pack.calendar, as_at, pack.params)
    result = RunResult(pack, as_at, f"generated {profile} council", loaded)
    t, c = time.perf_counter(), time.process_time()
    for rule in pack.rules:
        result.rules.append(RuleResult(rule, judge_all(rule, ctx)))
    outcomes = sum(len(r.outcomes) for r in result.rules)
    steps.append((f"evaluate the pack ({len(pack.rules)} rules)", time.perf_counter() - t,
                  time.process_time() - c, f"{outcomes:,} outcomes", peak_mb()))
    log(f"evaluated {len(pack.rules)} rules ({outcomes:,} outcomes) in {steps[-1][1]:.1f} s")
    return result, steps


def profile_renderer(fmt: str, result: RunResult, doc: dict, top: int) -> str:
    prof = cProfile.Profile()
    fn = renderer(fmt, result)
    prof.enable()
    fn(doc)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).strip_dirs()
    buf.write(f"\n### cProfile: {fmt}, by cumulative time\n\n")
    stats.sort_stats("cumulative").print_stats(top)
    buf.write(f"\n### cProfile: {fmt}, by own time\n\n")
    stats.sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def bench(n: int, args, log) -> str:
    result, steps = run_pack(n, args.seed, args.profile, log)
    t, c = time.perf_counter(), time.process_time()
    doc = result.to_dict()
    steps.append(("RunResult.to_dict()", time.perf_counter() - t, time.process_time() - c, "", peak_mb()))
    log(f"to_dict in {steps[-1][1]:.1f} s")
    cases = sum(len(v) for r in doc["rules"] for v in r["cases"].values())

    lines = [
        f"#### {n:,} children: {cases:,} judged cases in the result",
        "",
        "| step | wall s | cpu s | output | memory |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, seconds, cpu, note, mb in steps:
        lines.append(f"| {name} | {seconds:.2f} | {cpu:.2f} | {note} | peak {mb:,.0f} MB |")
    base = peak_mb()
    for fmt in args.formats:
        m = _render_once(fmt, result, doc) if args.in_process else render_forked(fmt, result, doc)
        log(f"  {fmt:8} {m['seconds']:8.2f} s  {human(m['bytes'])}")
        lines.append(f"| render {fmt} | {m['seconds']:.2f} | {m['cpu']:.2f} | {human(m['bytes'])} "
                     f"| +{m['memory_mb']:,.0f} MB |")
    lines.append("")
    lines.append(f"Peak resident set before rendering: {base:,.0f} MB "
                 f"({'in-process' if args.in_process else 'each renderer in a forked child; +MB is its rise over that'}).")
    for fmt in args.cprofile:
        lines.append(profile_renderer(fmt, result, doc, args.top))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100_000], help="children (default 100000)")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--profile", choices=["good", "adequate", "inadequate"], default="adequate",
                    help="the council's practice profile (default adequate)")
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated, from: " + ", ".join(FORMATS))
    ap.add_argument("--in-process", action="store_true", help="render in this process, one after another, not forked")
    ap.add_argument("--cprofile", default="", help="also print a cProfile summary of these renderers (comma-separated)")
    ap.add_argument("--top", type=int, default=15, help="rows of the cProfile summary")
    args = ap.parse_args()
    args.formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    args.cprofile = [f.strip() for f in args.cprofile.split(",") if f.strip()]
    unknown = [f for f in args.formats + args.cprofile if f not in FORMATS]
    if unknown:
        ap.error(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    if not hasattr(os, "fork"):
        args.in_process = True

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    if len(args.sizes) > 1:  # one process per size: peak memory is per size
        out = []
        for n in args.sizes:
            cmd = [sys.executable, __file__, str(n), *_passthrough(args)]
            out.append(subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout.rstrip("\n"))
        print("\n\n".join(out))
        return 0
    print(bench(args.sizes[0], args, log))
    return 0


def _passthrough(args) -> list[str]:
    out = ["--seed", str(args.seed), "--profile", args.profile, "--formats", ",".join(args.formats), "--top", str(args.top)]
    if args.in_process:
        out.append("--in-process")
    if args.cprofile:
        out += ["--cprofile", ",".join(args.cprofile)]
    return out


if __name__ == "__main__":
    raise SystemExit(main())
