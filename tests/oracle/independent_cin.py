"""dfe-cin against the DfE CIN validator on censuses neither tool's authors made for casecheck.

    .venv/bin/python tests/oracle/independent_cin.py FILE.xml [FILE.xml ...] [--out rules/dfe-cin/INDEPENDENT.md]

The oracle test (``tests/test_dfe_cin_oracle.py``) judges censuses made by casecheck's own
generator, which shares its authors' reading of the rules. This script takes censuses made
elsewhere, such as the validator's own samples (``fake_data/*.xml`` in
github.com/data-to-insight/csc-validator-be-cin: ``fake_CIN_data.xml``, 332 children, and the
one- and two-child ``CIN_Census_*.xml``). They are not kept in this repository (the
validator's repository has no licence file). Each census is judged as at its own
``ReferenceDate``; each rule whose flagged records differ is named with its reason from
the oracle test's KNOWN (DIFFERENCES.md has the smallest example of each) or from
:data:`MORE` below; one with no reason makes the script exit 1.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).parent))

#: Differences these censuses show that the generated ones do not (DIFFERENCES.md has each).
MORE = {
    "8530Q": ("reads a date before 1677-09-22 (here an ExpectedPersonBirthDate in 1066) as no date, so does not judge "
              "it (it also flags expected dates of birth on its own limits: DIFFERENCES.md)"),
    "2886Q": "reads a date before 1677-09-22 (here an ExpectedPersonBirthDate in 1066) as no date, as pandas holds none",
    "8525Q": "reads a date before 1677-09-22 (here an ExpectedPersonBirthDate in 1066) as no date, as pandas holds none",
}


def reference_date(xml: Path) -> _dt.date:
    found = re.search(r"<ReferenceDate>\s*(\d{4}-\d{2}-\d{2})", xml.read_text(encoding="utf-8", errors="replace"))
    if not found:
        raise SystemExit(f"{xml}: no <ReferenceDate> to judge it as at")
    return _dt.date.fromisoformat(found.group(1))


def main(argv=None) -> int:
    import compare as C
    import test_dfe_cin_oracle as T

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--out", default=str(ROOT / "rules" / "dfe-cin" / "INDEPENDENT.md"))
    args = ap.parse_args(argv)
    why = {**T.KNOWN, **MORE}
    lines = [
        "# dfe-cin and the DfE CIN validator on censuses made elsewhere", "",
        "Written by `tests/oracle/independent_cin.py` on the DfE validator's own sample censuses",
        "(`fake_data/` of csc-validator-be-cin), each judged as at its ReferenceDate. They hold what casecheck's",
        "generator never writes: dates centuries out (a birth in 1965, an expected birth in 1066), the",
        "pre-2024 GenderCurrent in place of Sex, a text node between elements.", "",
        "| census | children | rules both ran | same records flagged | rules that differ (casecheck / validator): why |",
        "| --- | --- | --- | --- | --- |",
    ]
    unexplained = []
    for xml in args.files:
        xml = xml.resolve()
        ours, _ = C.run_ours(xml, reference_date(xml))
        rows = C.compare(ours, C.run_oracle(xml))
        differ = [r for r in rows if not r["match"]]
        unexplained += [f"{xml.name}: {r['rule']}" for r in differ if r["rule"] not in why]
        notes = "; ".join(f"{r['rule']} ({r['ours']} / {r['theirs']}): {why.get(r['rule'], '**not explained**')}"
                          for r in differ) or "-"
        children = xml.read_text(encoding="utf-8", errors="replace").count("<Child>")
        lines.append(f"| {xml.name} | {children} | {len(rows)} | {len(rows) - len(differ)} | {notes} |")
        print(f"{xml.name}: {len(rows) - len(differ)}/{len(rows)} rules agree")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"unexplained: {unexplained or 'none'}; wrote {args.out}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
