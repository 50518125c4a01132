"""The whole dfe-903 pack end to end on an SSDA903 return, casecheck and the DfE validator.

    .venv/bin/python bench/dfe_903.py                  # about 1,000 and 10,000 children in the return
    .venv/bin/python bench/dfe_903.py 100000 --no-oracle

With the previous year's return too (``generate --with-previous``: both years trimmed to their
episodes, last year's with year-to-year problems planted), so that every rule of the pack runs:
casecheck with ``--previous``, the validator with the files described "Prev year". Each size is
timed after a baseline in the same run (``casecheck --version``: starting Python and importing
casecheck), so a busy machine shows in the baseline too.

A size is the number of children in the return (its Header file). Each: a generated return
(adequate profile; tests/oracle/plant903.py completes it and plants problems) is written to a
temporary folder; casecheck's time is ``casecheck run dfe-903`` (the CLI, in a fresh process,
the DuckDB engine: load the pack, read the files, judge every rule, render the table); the
validator's is tests/oracle/run_903_validator.py in its own environment, reading the files
and running every rule of its 2025/26 ruleset (311 rules, the pack's among them), and
again running only the pack's rules. Both wall time and the CPU time of the process are
given: on a shared machine the CPU time is the fairer comparison.
"""

from __future__ import annotations

import datetime as _dt
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


def make(children_in_return: int, out: Path) -> tuple[Path, Path]:
    """This year's return and last year's (``out``, ``out``-last)."""
    import plant903

    from checker.data.readers import writer
    from checker.data.readers.ssda903_previous import trim_to_year, write_previous, year_before
    from checker.schema import builtin_schema_path, load_schema
    from checker.tools.generate import generate

    raw = out.parent / (out.name + "-raw")
    council = generate(children_in_return * PER_CHILD, 2026, "adequate", AS_AT)
    schema = load_schema(builtin_schema_path("csc"))
    writer("ssda903")(council.tables, schema, raw, AS_AT)
    write_previous(raw, raw / "previous", AS_AT, 2026)
    trim_to_year(raw, AS_AT)
    last = out.parent / (out.name + "-last")
    plant903.plant(plant903.complete(raw, out, 2026, AS_AT), out, 2026, as_at=AS_AT)
    plant903.plant(plant903.complete(raw / "previous", last, 2027, year_before(AS_AT)), last, 2027)
    return out, last


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child processes) of fn(): on a shared machine the CPU time is the fairer figure."""
    t0, c0 = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - t0, _cpu() - c0


def main(argv: list[str]) -> None:
    import compare903

    from checker.packs.pack import load_pack

    sizes = [int(a) for a in argv if a.isdigit()] or [1_000, 10_000]
    oracle = "--no-oracle" not in argv
    ours_rules = [r.id for r in load_pack("dfe-903").rules]
    with tempfile.TemporaryDirectory() as tmp:
        cc = str(ROOT / ".venv" / "bin" / "casecheck")
        for n in sizes:
            folder, last = make(n, Path(tmp) / f"r{n}")
            header_rows = sum(1 for _ in open(folder / "header.csv")) - 1
            rows = sum(sum(1 for _ in open(p)) - 1 for p in [*folder.glob("*.csv"), *last.glob("*.csv")])
            base = _timed(lambda: subprocess.run([cc, "--version"], check=True, capture_output=True))
            ours = _timed(lambda: subprocess.run(
                [cc, "run", "dfe-903", "--data", str(folder), "--previous", str(last), "--as-at",
                 AS_AT.isoformat(), "--fail-on", "none"], check=True, capture_output=True))
            line = (f"{header_rows:>7,} children ({rows:,} rows, both years): baseline {base[1]:4.1f} s CPU; casecheck "
                    f"{ours[0]:5.1f} s wall, {ours[1]:5.1f} s CPU ({len(ours_rules)} rules)")
            if oracle:
                every = _timed(lambda: compare903.run_oracle(folder, AS_AT, previous=last))
                same = _timed(lambda: compare903.run_oracle(folder, AS_AT, ours_rules, previous=last))
                base2 = _timed(lambda: subprocess.run([cc, "--version"], check=True, capture_output=True))
                line += (f"; DfE validator {every[0]:5.1f} s wall, {every[1]:5.1f} s CPU (all 311 rules),"
                         f" {same[0]:5.1f} s wall, {same[1]:5.1f} s CPU (the pack's {len(ours_rules)});"
                         f" baseline again {base2[1]:4.1f} s CPU")
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
