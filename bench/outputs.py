"""Benchmark: outputs of every outcome against the table report, and the
DuckDB engine against the reference engine, end to end (issue 21).

Each figure is a fresh ``casecheck run`` process, timed with GNU time (CPU
seconds user+system, wall seconds, peak resident MB) and set beside its
baseline measured in the same run, alternating, since the machine is shared:

* ``dfe-cin`` on a CIN census XML: the table report; JSON, CSV and Parquet
  of every outcome (baseline: the table report).
* ``ilacs`` on a CSV folder: the DuckDB engine against the reference engine
  (the table report), and JSON/Parquet of every outcome against the table.
* ``--million``: ``ilacs`` on a folder of 1,000,000 children, made by
  replicating a generated 100,000-child folder ten times with every key and
  reference renamed (in DuckDB; ``casecheck generate`` at 1M takes long).
* ``--before COMMAND``: every figure also for another build (e.g. an older
  checkout run as ``env PYTHONPATH=OLD .venv/bin/python -m checker.cli``),
  alternating with this one.

    .venv/bin/python bench/outputs.py                        # 100k census, 20k ilacs
    .venv/bin/python bench/outputs.py --cin 20000 --ilacs 20000,100000 --before 'env PYTHONPATH=../old .venv/bin/python -m checker.cli'
    .venv/bin/python bench/outputs.py --million --out bench/outputs.md

Writes a Markdown table to standard output (and to ``--out``). Nothing here
asserts a time: speed is measured, not tested.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = str(ROOT / ".venv" / "bin" / "casecheck") if (ROOT / ".venv" / "bin" / "casecheck").exists() else "casecheck"
AS_AT = "2025-03-31"


def measure(cmd: list[str], timeout: float) -> dict:
    """CPU seconds, wall seconds and peak MB of one process (GNU time)."""
    wrapper = ["/usr/bin/time", "-f", "__TIME__ %U %S %e %M"]
    try:
        # run from a neutral folder: `python -m checker.cli` would otherwise
        # import the checkout in the current folder, whatever PYTHONPATH says
        proc = subprocess.run(wrapper + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout,
                              cwd=tempfile.gettempdir())
    except subprocess.TimeoutExpired:
        return {"cpu": None, "wall": None, "mb": None, "ok": False}
    lines = proc.stderr.decode(errors="replace").splitlines()
    stats = [ln for ln in lines if ln.startswith("__TIME__")]
    if not stats:
        print("\n".join(lines[-20:]), file=sys.stderr)
        return {"cpu": None, "wall": None, "mb": None, "ok": False}
    _, user, system, wall, kb = stats[-1].split()
    ok = proc.returncode in (0, 1)  # 1: rules at or below --fail-on (not used here)
    if not ok:
        print("\n".join(lines[-20:]), file=sys.stderr)
    return {"cpu": float(user) + float(system), "wall": float(wall), "mb": int(kb) / 1024, "ok": ok}


#: Rules left out of every ilacs run (``--ilacs-except``): a rule whose SQL runs away at some
#: size can be set aside to measure the others, and the table says so.
EXCEPT: list[str] = []


def run_args(pack: str, data: Path, fmt: str, out_dir: Path, engine: str = "duckdb") -> list[str]:
    args = ["run", pack, "--data", str(data), "--as-at", AS_AT, "--fail-on", "none", "--engine", engine,
            "--format", fmt]
    if pack == "ilacs" and EXCEPT:
        from checker.api import open_pack

        args += ["--rules", ",".join(r.id for r in open_pack("ilacs").rules if r.id not in EXCEPT)]
    if fmt != "table":
        args += ["--out", str(out_dir / f"out.{fmt}")]
    return args


def generate(casecheck: str, n: int, fmt: str, work: Path) -> Path:
    out = work / (f"ilacs-{n}" if fmt == "csv" else f"cin-{n}.xml")
    if not out.exists():
        extra = ["--census-problems"] if fmt == "cin-xml" else []
        subprocess.run([casecheck, "generate", "--children", str(n), "--seed", "2025", "--format", fmt, "--out", str(out),
                        "-q", *extra], check=True)
    return out


def replicate(folder: Path, times: int, out: Path) -> Path:
    """``folder`` (a generated ilacs CSV folder) ``times`` over, each copy's
    keys and references prefixed ``R<i>-`` so every copy is a council of its
    own: the same shape at ``times`` the size."""
    import duckdb

    from checker.api import open_pack

    if out.exists():
        return out
    schema = open_pack("ilacs").schema
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    con = duckdb.connect()
    for path in sorted(folder.glob("*.csv")):
        table = schema.tables.get(path.stem)
        ids: set[str] = set()
        if table is not None:
            ids |= set(table.key)
            for t in schema.tables.values():
                for link in t.links.values():
                    if link.source == table.name:
                        ids.add(link.local_field)
                    if link.target == table.name:
                        ids.add(link.remote_field)
        src = str(path).replace("'", "''")
        header = con.execute(f"SELECT * FROM read_csv('{src}', all_varchar = true, header = true) LIMIT 0").description
        names = [d[0] for d in header]
        parts = []
        for i in range(times):
            cols = ", ".join(
                (f"CASE WHEN \"{c}\" IS NULL OR \"{c}\" = '' THEN \"{c}\" ELSE 'R{i}-' || \"{c}\" END AS \"{c}\"" if c in ids
                 else f'"{c}"') for c in names)
            parts.append(f"SELECT {cols} FROM read_csv('{src}', all_varchar = true, header = true)")
        dest = str(tmp / path.name).replace("'", "''")
        con.execute(f"COPY ({' UNION ALL '.join(parts)}) TO '{dest}' (HEADER, DELIMITER ',')")
    for extra in folder.iterdir():
        if extra.suffix != ".csv" and extra.is_file() and not extra.name.startswith("truth"):
            shutil.copy(extra, tmp / extra.name)
    tmp.rename(out)
    return out


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cin", default="100000", help="CIN census sizes (children), comma-separated; empty for none")
    ap.add_argument("--ilacs", default="20000", help="ilacs CSV folder sizes, comma-separated")
    ap.add_argument("--cin-formats", default="table,json,csv,parquet")
    ap.add_argument("--ilacs-formats", default="table,json,parquet")
    ap.add_argument("--million", action="store_true", help="also ilacs on 1,000,000 children (table and parquet)")
    ap.add_argument("--reference-max", type=int, default=20000, help="largest ilacs size the reference engine runs at")
    ap.add_argument("--before", help="another build's casecheck command, measured alternately (e.g. "
                    "'env PYTHONPATH=/path/to/old/checkout .venv/bin/python -m checker.cli')")
    ap.add_argument("--after", help="the casecheck command measured as this build (default: this checkout's)")
    ap.add_argument("--work", type=Path, help="folder for generated data (kept; default a temporary one)")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--ilacs-except", default="", help="ilacs rules to leave out (comma-separated), e.g. one whose SQL "
                    "runs away at some size; the table's rows say so")
    ap.add_argument("--out", type=Path, help="also write the table here")
    args = ap.parse_args(argv)

    EXCEPT[:] = [r for r in args.ilacs_except.split(",") if r]
    after = shlex.split(args.after) if args.after else [HERE]
    builds = [("after", after)] + ([("before", shlex.split(args.before))] if args.before else [])
    work = args.work or Path(tempfile.mkdtemp(prefix="casecheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str, dict, dict | None]] = []  # (data, figure, baseline name, result, baseline)

    def figure(data: str, label: str, cmd_args: list[str], base_label: str | None, base_args: list[str] | None):
        for build, exe in builds:
            with tempfile.TemporaryDirectory(dir=work) as o:
                res = measure([*exe, *[a.replace("{OUT}", o) for a in cmd_args]], args.timeout)
                base = measure([*exe, *[a.replace("{OUT}", o) for a in base_args]], args.timeout) if base_args else None
            rows.append((data, f"{label} ({build})" if args.before else label, base_label or "", res, base))
            print(_line(rows[-1]), file=sys.stderr, flush=True)

    sizes = [int(s) for s in args.cin.split(",") if s]
    for n in sizes:
        xml = generate(HERE, n, "cin-xml", work)
        for fmt in args.cin_formats.split(","):
            a = run_args("dfe-cin", xml, fmt, Path("{OUT}"))
            figure(f"dfe-cin, census {n:,}", f"{fmt} (duckdb)", a,
                   None if fmt == "table" else "table (duckdb)",
                   None if fmt == "table" else run_args("dfe-cin", xml, "table", Path("{OUT}")))
    for n in [int(s) for s in args.ilacs.split(",") if s]:
        folder = generate(HERE, n, "csv", work)
        without = f", without {', '.join(EXCEPT)}" if EXCEPT else ""
        if n <= args.reference_max:
            figure(f"ilacs, CSV {n:,}{without}", "table (duckdb)", run_args("ilacs", folder, "table", Path("{OUT}")),
                   "table (reference)", run_args("ilacs", folder, "table", Path("{OUT}"), engine="reference"))
        for fmt in args.ilacs_formats.split(","):
            if fmt == "table" and n <= args.reference_max:
                continue
            figure(f"ilacs, CSV {n:,}{without}", f"{fmt} (duckdb)", run_args("ilacs", folder, fmt, Path("{OUT}")),
                   None if fmt == "table" else "table (duckdb)",
                   None if fmt == "table" else run_args("ilacs", folder, "table", Path("{OUT}")))
    if args.million:
        folder = replicate(generate(HERE, 100_000, "csv", work), 10, work / "ilacs-1000000")
        figure("ilacs, CSV 1,000,000", "table (duckdb)", run_args("ilacs", folder, "table", Path("{OUT}")), None, None)
        figure("ilacs, CSV 1,000,000", "parquet (duckdb)", run_args("ilacs", folder, "parquet", Path("{OUT}")),
               "table (duckdb)", run_args("ilacs", folder, "table", Path("{OUT}")))

    table = ["| data | figure | CPU s | wall s | peak MB | baseline | CPU s | wall s | peak MB | CPU ratio |",
             "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |"]
    table += [_line(r) for r in rows]
    text = "\n".join(table) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


def _fmt(v, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def _line(row) -> str:
    data, label, base_label, res, base = row
    cells = [data, label, _fmt(res["cpu"], ".2f"), _fmt(res["wall"], ".2f"), _fmt(res["mb"], ".0f")]
    if base is None:
        cells += ["", "", "", "", ""]
    else:
        ratio = (res["cpu"] / base["cpu"]) if res["cpu"] and base["cpu"] else None
        cells += [base_label, _fmt(base["cpu"], ".2f"), _fmt(base["wall"], ".2f"), _fmt(base["mb"], ".0f"), _fmt(ratio, ".2f")]
    if not res["ok"]:
        cells[1] += " (failed or timed out)"
    return "| " + " | ".join(cells) + " |"


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    main(sys.argv[1:])
