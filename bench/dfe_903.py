"""The whole dfe-903 pack end to end on an SSDA903 return, casecheck and the DfE validator.

    .venv/bin/python bench/dfe_903.py                            # 1,000, 10,000 and 100,000 children
    .venv/bin/python bench/dfe_903.py 1000 10000 --against /work/main --timeout 600
    .venv/bin/python bench/dfe_903.py 100000 --no-oracle --per-rule 15 --out table.md
    .venv/bin/python bench/dfe_903.py 1000 10000 100000 --data /work/data/mine --against /work/main

``--data DIR`` keeps the returns made in DIR (``r<size>`` and ``r<size>-last``) and reads them
from there on the next run instead of making them again (making a 10,000 takes minutes).

With the previous year's return too (``generate --with-previous``: both years trimmed to their
episodes, last year's with year-to-year problems planted), so that every rule of the pack runs:
casecheck with ``--previous``, the validator with the files described "Prev year". Each size is
timed after a baseline in the same run (``casecheck --version``: starting Python and importing
casecheck), so a busy machine shows in the baseline too.

A size is the number of children in the return (its Header file). Each: a generated return
(adequate profile; tests/oracle/plant903.py completes it and plants problems) is written to a
temporary folder. Up to 10,000 children the return is generated whole; a larger one is copies of
a generated 10,000 (each copy's CHILD ids made distinct, its rows after the last copy's, both
years alike): the generator makes a council of 8 children per child in care and plants problems
in time that grows faster than the council (10,000 in the return take minutes, 100,000 would take
hours), while the rules' work depends on the return's shape, which the copies keep.

casecheck's time is ``casecheck run dfe-903`` (the CLI, in a fresh process, the DuckDB engine:
load the pack, read the files, judge every rule, render the table); with ``--against DIR``
another checkout's casecheck (``PYTHONPATH=DIR``, e.g. main before a change) is timed on the same
files, alternated with this one, stopped after ``--timeout`` seconds. The validator's is
tests/oracle/run_903_validator.py in its own environment (``.cache/903-validator-venv``, or
``CASECHECK_903_ORACLE_VENV``), reading the files and running every rule of its 2025/26 ruleset
(311 rules, the pack's among them), and again running only the pack's rules; it is timed up to
``--oracle-max`` children (default 10,000). Both wall time and the CPU time of the process are
given: on a shared machine the CPU time is the fairer comparison. ``--per-rule N`` lists the N
rules taking most CPU in this checkout, timed in process through the library API's progress hook
(``run_pack(progress=...)``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "oracle"))

AS_AT = _dt.date(2026, 3, 31)
#: generated children per child in the return (the generator's council, of whom about one in 8 is looked after)
PER_CHILD = 8
#: the largest return generated whole; larger ones are copies of one this size
GENERATED_MAX = 10_000
_COPY_LETTERS = "CDEFGHJKLMNPQRSTUVWXYZ"
_MADE: dict[int, tuple[Path, Path]] = {}  # returns made in this run, by size (a larger one copies one)


def make(children_in_return: int, out: Path) -> tuple[Path, Path]:
    """This year's return and last year's (``out``, ``out``-last)."""
    import plant903

    from checker.data.readers import writer
    from checker.data.readers.ssda903_previous import trim_to_year, write_previous, year_before
    from checker.schema import builtin_schema_path, load_schema
    from checker.tools.generate import generate

    last = out.parent / (out.name + "-last")
    if children_in_return > GENERATED_MAX:
        copies = -(-children_in_return // GENERATED_MAX)
        base, base_last = _MADE.get(GENERATED_MAX) or make(GENERATED_MAX, out.parent / (out.name + "-base"))
        tile(base, copies, out)
        tile(base_last, copies, last)
        return out, last
    raw = out.parent / (out.name + "-raw")
    council = generate(children_in_return * PER_CHILD, 2026, "adequate", AS_AT)
    schema = load_schema(builtin_schema_path("csc"))
    writer("ssda903")(council.tables, schema, raw, AS_AT)
    write_previous(raw, raw / "previous", AS_AT, 2026)
    trim_to_year(raw, AS_AT)
    plant903.plant(plant903.complete(raw, out, 2026, AS_AT), out, 2026, as_at=AS_AT)
    plant903.plant(plant903.complete(raw / "previous", last, 2027, year_before(AS_AT)), last, 2027)
    _MADE[children_in_return] = (out, last)
    return out, last


def tile(src: Path, copies: int, out: Path) -> None:
    """``copies`` copies of the return in ``src`` as one return in ``out``: copy k's CHILD ids
    begin with another letter (C0000008 -> D0000008; an id not beginning with C gets k appended)."""
    if copies > len(_COPY_LETTERS):
        raise SystemExit(f"at most {len(_COPY_LETTERS) * GENERATED_MAX:,} children")
    out.mkdir(parents=True, exist_ok=True)
    for f in sorted(src.glob("*.csv")):
        with open(f, newline="") as fh:
            head, *body = list(csv.reader(fh))
        at = head.index("CHILD") if "CHILD" in head else None
        with open(out / f.name, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(head)
            for k in range(copies):
                for r in body:
                    if k and at is not None and r[at]:
                        r = list(r)
                        r[at] = _COPY_LETTERS[k] + r[at][1:] if r[at][:1] == "C" else f"{r[at]}{k}"
                    w.writerow(r)


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _timed(cmd: list[str], env: dict | None = None, timeout: float | None = None) -> tuple[float, float] | None:
    """(wall seconds, CPU seconds of the child process) of running cmd; None when it ran out of time."""
    t0, c0 = time.perf_counter(), _cpu()
    try:
        subprocess.run(cmd, check=True, capture_output=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - t0, _cpu() - c0


def _casecheck(checkout: Path) -> tuple[list[str], dict]:
    """The command running casecheck from a checkout, and its environment (``-P``: the current
    directory, which may be another checkout, is not put before it on the path)."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    return [sys.executable, "-P", "-m", "checker.cli"], env


def per_rule(folder: Path, last: Path, top: int) -> list[tuple[str, float, float]]:
    """(rule, CPU seconds, wall seconds) of the ``top`` slowest rules, through run_pack's progress hook."""
    from checker.api import run_pack

    times: dict[str, tuple[float, float]] = {}

    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    @contextlib.contextmanager
    def progress(rules, loaded):
        def each():
            for rule in rules:
                c0, w0 = cpu(), time.perf_counter()
                yield rule
                times[rule.id] = (cpu() - c0, time.perf_counter() - w0)
        yield each()

    run_pack("dfe-903", folder, AS_AT, previous=last, progress=progress, listed=())
    slow = sorted(times.items(), key=lambda kv: -kv[1][0])[:top]
    return [(rid, c, w) for rid, (c, w) in slow]


def _fmt(t: tuple[float, float] | None, timeout: float | None) -> str:
    return f"> {timeout:.0f} s wall (stopped)" if t is None else f"{t[1]:.1f} s CPU, {t[0]:.1f} s wall"


def main(argv: list[str]) -> None:
    import compare903

    from checker.packs.pack import load_pack

    def option(name: str, default=None):
        return argv[argv.index(name) + 1] if name in argv else default

    # a size is a number that is not an option's value (`--oracle-max 10000 10000` times 10,000)
    valued = ("--against", "--timeout", "--oracle-max", "--per-rule", "--out", "--data")
    if "-h" in argv or "--help" in argv:
        print(__doc__)
        return
    unknown = [a for i, a in enumerate(argv) if a.startswith("-") and a not in (*valued, "--no-oracle")
               and not (i and argv[i - 1] in valued)]
    if unknown:
        raise SystemExit(f"dfe_903.py: unknown option {unknown[0]} (--help lists them)")
    sizes = [int(a) for i, a in enumerate(argv) if a.isdigit() and (i == 0 or argv[i - 1] not in valued)] \
        or [1_000, 10_000, 100_000]
    oracle = "--no-oracle" not in argv
    oracle_max = int(option("--oracle-max", 10_000))
    against = Path(option("--against")) if "--against" in argv else None
    timeout = float(option("--timeout")) if "--timeout" in argv else None
    top = int(option("--per-rule", 0))
    ours_rules = [r.id for r in load_pack("dfe-903").rules]
    cmd, env = _casecheck(ROOT)
    rows = ["| children in the return | rows (both years) | baseline (`--version`) | casecheck | "
            + (f"casecheck at {against} | " if against else "")
            + f"DfE validator, all 311 rules | DfE validator, the pack's {len(ours_rules)} |",
            "|---:|---:|---|---|" + ("---|" if against else "") + "---|---|"]
    slow_tables = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            kept = Path(option("--data")) if "--data" in argv else None
            if kept is not None and (kept / f"r{n}").is_dir():  # made before (by make()) and kept: the same files again
                folder, last = kept / f"r{n}", kept / f"r{n}-last"
            else:
                folder, last = make(n, (kept or Path(tmp)) / f"r{n}")
            header_rows = sum(1 for _ in open(folder / "header.csv")) - 1
            nrows = sum(sum(1 for _ in open(p)) - 1 for p in [*folder.glob("*.csv"), *last.glob("*.csv")])
            run = [*cmd, "run", "dfe-903", "--data", str(folder), "--previous", str(last), "--as-at",
                   AS_AT.isoformat(), "--fail-on", "none"]
            base = _timed([*cmd, "--version"], env)
            ours = _timed(run, env)
            cells = [f"{header_rows:,}", f"{nrows:,}", f"{base[1]:.1f} s CPU" if base else "", _fmt(ours, None)]
            if against is not None:
                acmd, aenv = _casecheck(against)
                cells.append(_fmt(_timed([*acmd, *run[len(cmd):]], aenv, timeout), timeout))
            if oracle and n <= oracle_max:
                t0, c0 = time.perf_counter(), _cpu()
                compare903.run_oracle(folder, AS_AT, previous=last)
                every = (time.perf_counter() - t0, _cpu() - c0)
                t0, c0 = time.perf_counter(), _cpu()
                compare903.run_oracle(folder, AS_AT, ours_rules, previous=last)
                same = (time.perf_counter() - t0, _cpu() - c0)
                cells += [_fmt(every, None), _fmt(same, None)]
            else:
                cells += ["not timed", "not timed"]
            rows.append("| " + " | ".join(cells) + " |")
            print(rows[-1], flush=True)
            if top:
                slow = per_rule(folder, last, top)
                slow_tables.append(f"\nThe {top} rules taking most CPU at {header_rows:,} children "
                                   "(in process, `run_pack(progress=...)`):\n\n| rule | CPU | wall |\n|---|---:|---:|\n"
                                   + "\n".join(f"| {rid} | {c:.2f} s | {w:.2f} s |" for rid, c, w in slow))
                print(slow_tables[-1], flush=True)
    text = "\n".join([*rows, *slow_tables]) + "\n"
    print("\n" + text)
    if "--out" in argv:
        Path(option("--out")).write_text(text)


if __name__ == "__main__":
    main(sys.argv[1:])
