"""The whole dfe-cin pack end to end on a CIN census XML, casecheck and the DfE validator.

    .venv/bin/python bench/dfe_cin.py                 # 10k and 100k children, casecheck; validator at 10k
    .venv/bin/python bench/dfe_cin.py 20000 --no-oracle

Each size: a generated return (adequate profile, census problems planted) is
written to a temporary folder; casecheck's time is ``casecheck run dfe-cin``
(the CLI, in a fresh process: load the pack, read the XML, judge every rule,
render the table); the validator's is tests/oracle/run_cin_validator.py in its
own environment (reading the XML and running every 2024/25 rule).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "oracle"))


def main(argv: list[str]) -> None:
    import datetime as _dt

    from checker.tools.generate import generate, write_census

    sizes = [int(a) for a in argv if a.isdigit()] or [10_000, 100_000]
    oracle_max = 0 if "--no-oracle" in argv else 10_000
    as_at = _dt.date(2025, 3, 31)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            xml = Path(tmp) / f"cin{n}.xml"
            write_census(generate(n, 2025, "adequate", as_at), xml, plant=True)
            t0 = time.perf_counter()
            subprocess.run([str(ROOT / ".venv" / "bin" / "casecheck"), "run", "dfe-cin", "--data", str(xml), "--as-at",
                            as_at.isoformat(), "--fail-on", "none"], check=True, capture_output=True)
            ours = time.perf_counter() - t0
            line = f"{n:>7,} children ({xml.stat().st_size / 1e6:.1f} MB): casecheck {ours:6.1f} s"
            if n <= oracle_max:
                import compare

                t0 = time.perf_counter()
                compare.run_oracle(xml)
                line += f"; DfE validator {time.perf_counter() - t0:6.1f} s"
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
