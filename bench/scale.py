"""Benchmark: ``ilacs`` from 10,000 to 1,000,000 children, every output, and
the Annex A reader (issue 21's large-scale goals). Not a test: nothing
asserts a time.

Each figure is a fresh process timed with GNU time (CPU seconds user+system,
wall seconds, peak resident MB), set beside its baseline measured in the same
run (alternating, since the machine is shared):

* the table report, on a CSV folder and on a Parquet folder of the same
  council: baseline ``casecheck lint ilacs`` (start-up and the pack);
* every outcome as CSV and as Parquet, the workbook and the HTML page
  (``--documents-max``, default 100,000): baseline the table report;
* reading an Annex A workbook (``--annex-a``, in-process: the reader alone):
  baseline ``python -c 'import checker.api'``;
* ``--before COMMAND``: every figure also for another build, alternately.

A column gives each figure's growth (CPU) over the size ten times smaller,
and one the issue's goal. Data is made once in ``--data`` (``casecheck
generate``, linear since issue 21: 1,000,000 children in about 4 minutes,
6 GB) and kept.

    .venv/bin/python bench/scale.py --data /tmp/scale                      # 10k, 100k
    .venv/bin/python bench/scale.py --data /tmp/scale --sizes 10000,100000,1000000 --out bench/scale.md
    .venv/bin/python bench/scale.py --data /tmp/scale --before 'env PYTHONPATH=/old/checkout .venv/bin/python -m checker.cli'
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from outputs import measure  # noqa: E402 - the same GNU time wrapper

PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
HERE = [PY, "-m", "checker.cli"]
AS_AT = "2025-03-31"

#: The issue's goals, by figure (CPU seconds are measured; the goals are wall seconds on an idle machine).
GOALS = {
    ("table", 1_000_000): "< 20 s, < 2 GB",
    ("csv", 1_000_000): "< 60 s",
    ("parquet", 1_000_000): "< 60 s",
    ("annex-a", 100_000): "< 5 s",
}

_READ_ANNEX = (
    "import sys, datetime as dt\n"
    "from checker.api import open_pack, read_data\n"
    "loaded = read_data(open_pack('ilacs').schema, sys.argv[1], None, dt.date(2025, 3, 31))\n"
    "print(sum(a.loaded for a in loaded.accounts.values()), file=sys.stderr)\n"
)


def data_for(exe: list[str], n: int, fmt: str, work: Path) -> Path:
    """The council of ``n`` children in ``fmt`` (csv or parquet folder, annex-a workbook), made if absent."""
    name = {"csv": f"ilacs-{n}", "parquet": f"ilacs-{n}-pq", "annex-a": f"annexa-{n}.xlsx"}[fmt]
    out = work / name
    if not out.exists():
        print(f"generating {out} ...", file=sys.stderr, flush=True)
        subprocess.run([*exe, "generate", "--children", str(n), "--seed", "2025", "--format", fmt, "--out", str(out), "-q"],
                       check=True, cwd=tempfile.gettempdir())
    return out


#: ``--exclude-rules``: the pack's rules but these, passed as ``--rules`` (empty: every rule).
RULES: list[str] = []


def run_args(data: Path, fmt: str, out: str) -> list[str]:
    args = ["run", "ilacs", "--data", str(data), "--as-at", AS_AT, "--fail-on", "none", "--format", fmt, "-q"]
    if RULES:
        args += ["--rules", ",".join(RULES)]
    if fmt != "table":
        args += ["--out", f"{out}/out.{fmt}"]
    return args


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="folder for the generated councils (kept)")
    ap.add_argument("--sizes", default="10000,100000", help="children, comma-separated")
    ap.add_argument("--inputs", default="csv,parquet", help="input formats for the table report")
    ap.add_argument("--formats", default="csv,parquet,xlsx,html", help="outputs measured beside the table report")
    ap.add_argument("--documents-max", type=int, default=100_000, help="largest size xlsx and html are measured at")
    ap.add_argument("--annex-a", default="10000,100000", help="Annex A sizes read (empty for none)")
    ap.add_argument("--before", help="another build's casecheck command, measured alternately")
    ap.add_argument("--after", help="this build's casecheck command (default: this checkout's)")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--out", type=Path, help="also write the table here")
    ap.add_argument("--exclude-rules", default="", help="rule IDs left out of every run (comma-separated), e.g. one "
                    "whose SQL does not scale, said in the table's title")
    args = ap.parse_args(argv)
    if args.exclude_rules:
        from checker.api import open_pack

        left_out = set(args.exclude_rules.split(","))
        RULES[:] = [r.id for r in open_pack("ilacs").rules if r.id not in left_out]

    after = shlex.split(args.after) if args.after else HERE
    builds = [("after", after)] + ([("before", shlex.split(args.before))] if args.before else [])
    args.data.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []

    def figure(data: str, n: int, label: str, cmd: list[str], base_label: str, base_cmd: list[str] | None,
               goal_key: tuple | None = None, python: bool = False):
        for build, exe in builds:
            prefix = exe[:-2] if python else exe  # `... python -m checker.cli` -> `... python`
            with tempfile.TemporaryDirectory(dir=args.data) as o:
                res = measure([*prefix, *[a.replace("{OUT}", o) for a in cmd]], args.timeout)
                base = measure([*prefix, *[a.replace("{OUT}", o) for a in base_cmd]], args.timeout) if base_cmd else None
            rows.append({"data": data, "n": n, "figure": label, "build": build if args.before else "",
                         "res": res, "base_label": base_label, "base": base, "goal": GOALS.get(goal_key or (label, n), "")})
            print(_line(rows, rows[-1]), file=sys.stderr, flush=True)

    sizes = [int(s) for s in args.sizes.split(",") if s]
    lint = ["lint", "ilacs"]
    for n in sizes:
        for inp in [s for s in args.inputs.split(",") if s]:
            folder = data_for(after, n, inp, args.data)
            figure(f"ilacs, {inp} folder", n, "table", run_args(folder, "table", "{OUT}"), "lint ilacs", lint)
        folder = data_for(after, n, "csv", args.data)
        for fmt in [s for s in args.formats.split(",") if s]:
            if fmt in ("xlsx", "html") and n > args.documents_max:
                continue
            figure("ilacs, csv folder", n, fmt, run_args(folder, fmt, "{OUT}"), "table",
                   run_args(folder, "table", "{OUT}"))
    for n in [int(s) for s in args.annex_a.split(",") if s]:
        book = data_for(after, n, "annex-a", args.data)
        figure("Annex A workbook", n, "read (reader alone)", ["-c", _READ_ANNEX, str(book)], "import checker.api",
               ["-c", "import checker.api"], goal_key=("annex-a", n), python=True)

    head = ["| data | children | figure | CPU s | wall s | peak MB | baseline | CPU s | wall s | peak MB | CPU ratio "
            "| growth per 10x | goal |",
            "| --- | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    title = [f"ilacs without {args.exclude_rules}\n"] if args.exclude_rules else []
    text = "\n".join(title + head + [_line(rows, r) for r in rows]) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


def _fmt(v, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def _line(rows: list[dict], r: dict) -> str:
    res, base = r["res"], r["base"]
    label = r["figure"] + (f" ({r['build']})" if r["build"] else "")
    if not res["ok"]:
        label += " (failed or timed out)"
    cells = [r["data"], f"{r['n']:,}", label, _fmt(res["cpu"], ".2f"), _fmt(res["wall"], ".2f"), _fmt(res["mb"], ".0f")]
    if base is None:
        cells += ["", "", "", "", ""]
    else:
        ratio = (res["cpu"] / base["cpu"]) if res["cpu"] and base["cpu"] else None
        cells += [r["base_label"], _fmt(base["cpu"], ".2f"), _fmt(base["wall"], ".2f"), _fmt(base["mb"], ".0f"),
                  _fmt(ratio, ".2f")]
    smaller = next((p for p in rows if p["data"] == r["data"] and p["figure"] == r["figure"] and p["build"] == r["build"]
                    and p["n"] * 10 == r["n"] and p["res"]["cpu"]), None)
    growth = res["cpu"] / smaller["res"]["cpu"] if smaller and res["cpu"] else None
    cells += [_fmt(growth, ".1f") + ("x" if growth else ""), r["goal"]]
    return "| " + " | ".join(cells) + " |"


if __name__ == "__main__":
    os.chdir(tempfile.gettempdir())  # `python -m checker.cli` imports the checkout PYTHONPATH names, not the current folder's
    main(sys.argv[1:])
