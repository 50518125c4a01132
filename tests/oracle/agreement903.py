"""The agreement table of the ``dfe-903`` pack with the DfE SSDA903 validator.

    .venv/bin/python tests/oracle/agreement903.py [--children 1500] [--seed 2] [--out rules/dfe-903/AGREEMENT.md]

Three generated pairs of returns (this year's and last year's, as tests/test_dfe_903_oracle.py
makes them; every rule of the pack runs): one *clean* (completed, with the boundary
scenarios and the planted year-to-year disagreements, no cell spoiled), one *spoiled*
(``plant903.plant``: invalid and lower-case codes, dates that are not dates, duplicate rows,
children missing from the Header), one spoiled at the rules' *edges* too
(``plant903.boundaries``: padded codes, a CHILD spelt two ways, sentinel dates); with Ofsted's
provider lists made from each return's URNs (``ofsted_lists903.py``). One row per rule: the rows each tool flags in the rule's
file and whether they are the same rows, and, where they differ, why (the reasons of
tests/test_dfe_903_oracle.py, each written up in DIFFERENCES.md).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).parent))


def main(argv=None) -> int:
    import compare903 as C
    import ofsted_lists903 as O
    import test_dfe_903_oracle as T

    ap = argparse.ArgumentParser()
    ap.add_argument("--children", type=int, default=1500)  # the test's pairs: seed 2 and 5, 1,500 children
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--out", default=str(ROOT / "rules" / "dfe-903" / "AGREEMENT.md"))
    args = ap.parse_args(argv)
    runs, edged = {}, set()
    with tempfile.TemporaryDirectory() as tmp:
        for name, spoil, edges in (("clean", False, False), ("spoiled", True, False), ("edges", True, True)):
            folder, last = T.make_two_years(args.children, args.seed, "inadequate", Path(tmp) / name, spoil, edges)
            lists = O.lists_for(folder, Path(tmp) / f"{name}-lists", args.seed, T.AS_AT)  # Ofsted's, from its URNs
            ours, not_run, _ = C.run_ours(folder, T.AS_AT, previous=last, lists=lists)
            assert set(not_run) <= T.XML_ONLY, not_run  # (105, 303: the XML form only)
            runs[name] = {r["rule"]: r for r in C.compare(ours, C.run_oracle(folder, T.AS_AT, previous=last, lists=lists),
                                                          folder)}
            edges = T.edge_children(folder)
            edged |= {rule for rule, r in runs[name].items() if C.on_edges(r, folder, edges)}
    why = {**T.MAY_DIFFER, **T.KNOWN}
    lines = [
        "# dfe-903 and the DfE SSDA903 validator: the agreement table", "",
        f"Written by `tests/oracle/agreement903.py` (csc-validator-be-903 0.1.14, ruleset lac2025_26; as at "
        f"{T.AS_AT.isoformat()}; {args.children:,} generated children, seed {args.seed}, profile inadequate, with the",
        "previous year's return, and Ofsted's provider lists made from each return's URNs by",
        "tests/oracle/ofsted_lists903.py, with URNs left out and codes, postcodes and closing dates planted).",
        "*Clean*: completed returns with boundary scenarios and planted year-to-year",
        "disagreements; *spoiled*: the same with cells and rows spoiled (tests/oracle/plant903.py: invalid and",
        "lower-case codes, dates that are not dates, duplicate rows, children missing from the Header); *edges*:",
        "the spoiled pair with this year's return spoiled at the rules' edges too (`plant903.boundaries`: codes",
        "padded with spaces, a CHILD spelt in lower case or with a trailing space, sentinel dates such as",
        "31/12/9999, episodes ending or beginning either side of the collection year), where the two tools read",
        "what a case system may write differently. Each cell: rows flagged by casecheck / by the validator, and",
        "whether they are the same rows. Where they differ, why (DIFFERENCES.md has the smallest example of each).", "",
    ]
    agree = {name: sum(r["match"] for r in rs.values()) for name, rs in runs.items()}
    total = len(runs["clean"])
    lines += [f"Same rows flagged: clean {agree['clean']} of {total} rules, spoiled {agree['spoiled']} of {total}, "
              f"at the edges {agree['edges']} of {total}.", "",
              "| rule | file | clean | spoiled | edges | why they differ |", "| --- | --- | --- | --- | --- | --- |"]

    def cell(r):
        if r is None:
            return "-"
        raised = " (validator raised)" if r["error"] else ""
        return f"{r['ours']} / {r['theirs']} {'same' if r['match'] else 'DIFFER'}{raised}"

    for rule in sorted(runs["clean"], key=lambda c: (len(c.lstrip("0123456789")) > 0, c)):
        row = [runs[name].get(rule) for name in ("clean", "spoiled", "edges")]
        notes = []
        if not all(r is None or r["match"] for r in row[:2]) or (row[2] is not None and not row[2]["match"]):
            if rule in why:
                notes.append(why[rule])
            if rule in edged:
                notes.append(T.EDGES)
        lines.append(f"| {rule} | {row[0]['file']} | {' | '.join(cell(r) for r in row)} | {'; '.join(notes)} |")
    kept = ""  # the section agreement903_xml.py adds (the validator's sample of the XML form), kept as it is
    if Path(args.out).exists():
        m = re.search(r"<!-- xml-sample -->.*?<!-- /xml-sample -->\n?", Path(args.out).read_text(encoding="utf-8"), re.S)
        kept = "\n" + m.group(0) if m else ""
    Path(args.out).write_text("\n".join(lines) + "\n" + kept, encoding="utf-8")
    print(f"clean {agree['clean']}/{total}, spoiled {agree['spoiled']}/{total}, edges {agree['edges']}/{total}; "
          f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
