"""Benchmark (issue 21): start-up, YAML, the generator, redaction and the xlsx readers, each
figure beside its baseline measured in the same run (not a test).

Every command runs in a fresh process; the figure is its CPU seconds (user + system, from
the child's rusage: the machine is shared, and CPU time is what a busy machine does not
inflate), with wall seconds beside it. Commands are alternated with their baselines, round
after round, and the best round is kept.

    .venv/bin/python bench/startup.py                       # start-up, YAML, redaction, xlsx at 2,000 children
    .venv/bin/python bench/startup.py --before /work/main   # also the same commands on another checkout
    .venv/bin/python bench/startup.py --generate 10000,100000,1000000 --xlsx 100000
    .venv/bin/python bench/startup.py --out bench/startup.md

What is measured:

* start-up: ``python -c pass``; ``casecheck --help``; ``casecheck lint ilacs`` and ``casecheck run
  ilacs`` on a 10-child council, each with the compiled-pack cache cold (off) and warm; the run
  with the default ``--engine auto`` (which judges so few records on the reference evaluator)
  and with ``--engine duckdb``;

Every checkout measured has its bytecode compiled first (``compileall``, into a bytecode folder
of the bench's own, ``PYTHONPYCACHEPREFIX``, so no checkout is written to), as ``pip install``
does: with ``PYTHONDONTWRITEBYTECODE`` set, a checkout without ``__pycache__`` would compile
casecheck's sources on every start (about 0.2 s of CPU).
* YAML: every built-in rule file loaded through libyaml (the C loader) and through PyYAML's
  pure-Python loader, in one process;
* ``casecheck generate`` at each size given, with the growth per 10x (10x means linear);
* ``casecheck run ilacs`` on a council (``--redact-children``) with and without ``--redact``;
* an Annex A workbook and a sheet-per-table workbook read by ``load_data`` through
  python-calamine and through openpyxl (``CASECHECK_XLSX_READER=openpyxl``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CASECHECK = [PY, "-m", "checker.cli"]
AS_AT = "2025-03-31"
# Commands run in an empty folder, so `python -m checker.cli` imports the installed casecheck
# (or, for --before, the checkout on PYTHONPATH), not whatever is in the working folder.
WORK = Path(tempfile.mkdtemp(prefix="casecheck-bench-"))
#: Bytecode for every command, compiled once (see the module's docstring).
BYTECODE = {"PYTHONPYCACHEPREFIX": str(WORK / "pycache"), "PYTHONDONTWRITEBYTECODE": ""}


def timed(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run ``cmd``; its own CPU seconds (user + system), wall seconds and peak MB (os.wait4)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**os.environ, **BYTECODE, **(env or {})}, cwd=cwd or WORK,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: findings at or below --fail-on
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{stderr.decode(errors='replace')[-2000:]}")
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "mb": usage.ru_maxrss / 1024}


def best(runs: list[dict]) -> dict:
    return min(runs, key=lambda r: r["cpu"])


def alternate(cases: dict[str, tuple[list[str], dict]], rounds: int) -> dict[str, dict]:
    """Each case run ``rounds`` times, the cases interleaved; the best run of each."""
    got: dict[str, list[dict]] = {k: [] for k in cases}
    for _ in range(rounds):
        for name, (cmd, env) in cases.items():
            got[name].append(timed(cmd, env))
    return {k: best(v) for k, v in got.items()}


def fmt(r: dict) -> str:
    return f"{r['cpu']:.2f} s CPU ({r['wall']:.2f} s wall)"


def generate(n: int, out: Path, fmt_: str = "csv", code: Path | None = None) -> dict:
    env = {"PYTHONPATH": str(code)} if code else {}
    return timed(CASECHECK + ["generate", "--children", str(n), "--out", str(out), "--format", fmt_, "-q"], env)


def startup(tmp: Path, rounds: int, before: Path | None) -> list[list[str]]:
    council = tmp / "c10"
    generate(10, council)
    cache = tmp / "cache"
    warm = {"CASECHECK_CACHE_DIR": str(cache)}
    cold = {"CASECHECK_NO_CACHE": "1"}
    run10 = CASECHECK + ["run", "ilacs", "--data", str(council), "--as-at", AS_AT]
    duck10 = run10 + ["--engine", "duckdb"]
    lint = CASECHECK + ["lint", "ilacs"]
    timed(lint, warm)  # fill the cache
    cases = {
        "python -c pass": ([PY, "-c", "pass"], {}),
        "casecheck --help": (CASECHECK + ["--help"], {}),
        "lint ilacs (cache cold)": (lint, cold),
        "lint ilacs (cache warm)": (lint, warm),
        "run ilacs, 10 children (cache cold)": (run10, cold),
        "run ilacs, 10 children (cache warm)": (run10, warm),
        "run ilacs, 10 children, --engine duckdb (cache cold)": (duck10, cold),
        "run ilacs, 10 children, --engine duckdb (cache warm)": (duck10, warm),
    }
    if before is not None:
        old = {"PYTHONPATH": str(before), "CASECHECK_NO_CACHE": "1"}
        cases["before: casecheck --help"] = (CASECHECK + ["--help"], old)
        cases["before: lint ilacs"] = (lint, old)
        cases["before: run ilacs, 10 children"] = (run10, old)
        cases["before: run ilacs, 10 children (cache warm)"] = (run10, {"PYTHONPATH": str(before), **warm})
    got = alternate(cases, rounds)
    base = got["python -c pass"]["cpu"]
    return [[name, fmt(r), f"{r['mb']:.0f} MB", "baseline" if name == "python -c pass" else f"+{r['cpu'] - base:.2f} s"]
            for name, r in got.items()]


_YAML = """
import sys, time, glob
from checker import yamlsource
files = sorted(glob.glob("rules/**/*.yaml", recursive=True))
if sys.argv[1] == "pure":
    yamlsource._CLoader = None
t = time.process_time()
for f in files:
    yamlsource.load_yaml(f)
print(len(files), time.process_time() - t)
"""


def yaml_loaders(rounds: int) -> list[list[str]]:
    out: dict[str, list[float]] = {"c": [], "pure": []}
    n = 0
    for _ in range(rounds):
        for mode in out:
            res = subprocess.run([PY, "-c", _YAML, mode], cwd=ROOT, capture_output=True, text=True, check=True)
            n, secs = res.stdout.split()
            out[mode].append(float(secs))
    c, pure = min(out["c"]), min(out["pure"])
    return [[f"YAML of the {n} built-in rule files: libyaml (C) loader", f"{c:.2f} s CPU", "", f"{pure / c:.1f}x faster"],
            [f"YAML of the {n} built-in rule files: pure-Python loader (baseline)", f"{pure:.2f} s CPU", "", "baseline"]]


def generator(tmp: Path, sizes: list[int], before: Path | None) -> list[list[str]]:
    rows = []
    prev: dict[int, float] = {}
    for n in sorted(sizes):
        r = generate(n, tmp / f"g{n}")
        growth = f"{r['cpu'] / prev[n // 10]:.1f}x per 10x" if n // 10 in prev else ""
        prev[n] = r["cpu"]
        rows.append([f"generate --children {n:,}", fmt(r), f"{r['mb']:.0f} MB", growth])
        if before is not None and n <= 100_000:
            b = generate(n, tmp / f"b{n}", code=before)
            rows.append([f"before: generate --children {n:,}", fmt(b), f"{b['mb']:.0f} MB", f"{b['cpu'] / r['cpu']:.1f}x the new"])
    return rows


def redaction(tmp: Path, n: int, rounds: int) -> list[list[str]]:
    council = tmp / f"r{n}"
    generate(n, council)
    key = tmp / "key"
    key.write_text("a-long-enough-redaction-key-0123\n")
    base = CASECHECK + ["run", "ilacs", "--data", str(council), "--as-at", AS_AT, "--format", "json", "--out", str(tmp / "r.json")]
    got = alternate({"off": (base, {}), "on": (base + ["--redact", str(key)], {})}, rounds)
    extra = got["on"]["cpu"] - got["off"]["cpu"]
    return [[f"run ilacs --format json, {n:,} children, --redact", fmt(got["on"]), f"{got['on']['mb']:.0f} MB",
             f"+{extra:.2f} s ({100 * extra / got['on']['cpu']:.0f}% of the run)"],
            [f"run ilacs --format json, {n:,} children, no redaction (baseline)", fmt(got["off"]), f"{got['off']['mb']:.0f} MB", "baseline"]]


_READ = """
import sys, datetime as dt
from pathlib import Path
from checker.data.load import load_data
from checker.schema import builtin_schema_path, load_schema
r = load_data(Path(sys.argv[1]), load_schema(builtin_schema_path("csc")), sys.argv[2], dt.date(2025, 3, 31))
print(sum(r.counts().values()) if isinstance(r.counts(), dict) else 0)
"""


def workbooks(tmp: Path, n: int, rounds: int) -> list[list[str]]:
    rows = []
    for fmt_ in ("annex-a", "xlsx"):
        book = tmp / f"{fmt_}-{n}.xlsx"
        generate(n, book, fmt_)
        cmd = [PY, "-c", _READ, str(book), fmt_]
        got = alternate({"calamine": (cmd, {}), "openpyxl": (cmd, {"CASECHECK_XLSX_READER": "openpyxl"})}, rounds)
        c, o = got["calamine"], got["openpyxl"]
        rows.append([f"read {fmt_} workbook, {n:,} children: python-calamine", fmt(c), f"{c['mb']:.0f} MB", f"{o['cpu'] / c['cpu']:.1f}x faster"])
        rows.append([f"read {fmt_} workbook, {n:,} children: openpyxl (baseline)", fmt(o), f"{o['mb']:.0f} MB", "baseline"])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--before", type=Path, help="another checkout (e.g. /work/main) to run the same start-up commands on")
    ap.add_argument("--generate", default="10000,100000", help="sizes for the generator (comma-separated; 0: skip)")
    ap.add_argument("--redact-children", type=int, default=2000)
    ap.add_argument("--xlsx", type=int, default=2000, help="children in the workbooks read (0: skip)")
    ap.add_argument("--out", type=Path, help="also write the markdown table here")
    args = ap.parse_args()
    for checkout in [ROOT] + ([args.before] if args.before else []):
        subprocess.run([PY, "-m", "compileall", "-q", str(Path(checkout) / "checker")], check=False,
                       stdout=subprocess.DEVNULL, env={**os.environ, **BYTECODE})
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        rows += startup(tmp, args.rounds, args.before)
        rows += yaml_loaders(args.rounds)
        sizes = [int(s) for s in args.generate.split(",") if int(s)]
        if sizes:
            rows += generator(tmp, sizes, args.before)
        if args.redact_children:
            rows += redaction(tmp, args.redact_children, args.rounds)
        if args.xlsx:
            rows += workbooks(tmp, args.xlsx, max(1, args.rounds - 1))
    table = ["| work | time | peak memory | against the baseline |", "| --- | --- | --- | --- |"]
    table += [f"| {' | '.join(r)} |" for r in rows]
    text = "\n".join(table) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
