"""dfe-903 against the DfE validator on a return neither tool's authors made for casecheck.

    .venv/bin/python tests/oracle/independent903.py DIR [--as-at 2018-03-31] [--out rules/dfe-903/INDEPENDENT.md]
        [--ofsted-list CH.xlsx --ofsted-list SCP.xlsx]

The agreement table (``agreement903.py``) judges returns made by casecheck's own generator,
which shares its authors' reading of the rules, so it cannot show a rule both read wrongly
alike, or a shape of data the generator never writes. This script takes a return made
elsewhere: ``DIR`` is a folder of SSDA903 CSV files, such as the validator's own sample return
(``tests/fake_data/*.csv`` in github.com/data-to-insight/csc-validator-be-903: a collection
year 2017/18 of 2,675 children, random codes, open episodes with a REC, postcodes of no real
place). It is not kept in this repository (the validator's repository has no licence file).
``--ofsted-list`` (the children's homes list, then the social care providers list: the
validator's own fake ones are tests/fake_data/ch_fake.xlsx and scp_fake.xlsx) gives both tools
Ofsted's lists, so the rules that look a URN up in them are compared too.

Both tools judge the whole return (every rule of the pack that the return lets run), then each
rule that differs is run again alone in the validator, since its rules share their tables and
some rewrite them in place. Each difference left is named with its reason from
``tests/test_dfe_903_oracle.py`` (KNOWN, MAY_DIFFER; DIFFERENCES.md has the smallest example of
each); one with no reason makes the script exit 1, so a new disagreement cannot go unremarked.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).parent))


def judge(folder: Path, as_at: _dt.date, lists: tuple[Path, ...] = ()) -> tuple[list[dict], dict[str, dict], list[str]]:
    """(rows of the whole-return comparison, rule -> its comparison run alone in the validator for
    the rules that differ, the rules casecheck could not run on this return)."""
    import compare903 as C

    ours, not_run, _ = C.run_ours(folder, as_at, lists=lists)
    rows = C.compare(ours, C.run_oracle(folder, as_at, lists=lists), folder)
    alone = {}
    for r in rows:
        if not r["match"]:
            again = C.compare({r["rule"]: ours[r["rule"]]}, C.run_oracle(folder, as_at, rules=[r["rule"]], lists=lists),
                              folder)
            if again:
                alone[r["rule"]] = again[0]
    return rows, alone, not_run


def main(argv=None) -> int:
    import test_dfe_903_oracle as T

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="a folder of SSDA903 CSV files made elsewhere")
    ap.add_argument("--as-at", default="2018-03-31", help="the end of its collection year (the sample's: 2018-03-31)")
    ap.add_argument("--name", default="the DfE validator's own sample return (tests/fake_data, csc-validator-be-903 0.1.14)")
    ap.add_argument("--out", default=str(ROOT / "rules" / "dfe-903" / "INDEPENDENT.md"))
    ap.add_argument("--ofsted-list", action="append", default=[], type=Path,
                    help="Ofsted's children's homes list, then its social care providers list (the validator's fake ones)")
    args = ap.parse_args(argv)
    folder = args.folder.resolve()
    lists = tuple(p.resolve() for p in args.ofsted_list)
    rows, alone, not_run = judge(folder, _dt.date.fromisoformat(args.as_at), lists)
    why = {**T.MAY_DIFFER, **T.KNOWN}
    by_form = sorted(set(not_run) & T.XML_ONLY)  # the Header's UASC status, which only the XML form sends
    same = sum(r["match"] for r in rows)
    same_alone = same + sum(a["match"] for a in alone.values())
    unexplained = [rule for rule, a in alone.items() if not a["match"] and rule not in why]
    lines = [
        "# dfe-903 and the DfE SSDA903 validator on a return made elsewhere", "",
        f"Written by `tests/oracle/independent903.py` on {args.name}, as at {args.as_at}: both tools judge the whole",
        "return, then each rule that differs is run alone in the validator (its rules share their tables, and some",
        "rewrite them in place). The generated returns of AGREEMENT.md never hold some of this return's shapes (a",
        "REC on an episode that has not ceased, open episodes under age, ACCOM codes with a suitability letter), so",
        "it exercises rules those returns leave at 0 / 0.", "",
        (f"With Ofsted's lists: {', '.join(p.name for p in lists)} (the validator's own fake lists, none of whose "
         "providers the return names: the rules looking a URN up in them flag every URN but XXXXXXX, and 227 and "
         "228 none; tests/oracle/ofsted_lists903.py makes lists from a return's URNs, AGREEMENT.md).\n\n"
         if lists else "") +
        f"Rules both ran: {len(rows)} (casecheck left {len(not_run)} not run: those needing the previous year's return"
        + ("" if lists else " or Ofsted's provider lists")
        + (f", and {', '.join(by_form)}, which the CSV form cannot judge" if by_form else "") + "). "
        f"Same rows flagged: {same} of {len(rows)} in the whole run; {same_alone} of {len(rows)} with each differing "
        f"rule run alone in the validator. "
        + (f"Not yet explained: {', '.join(unexplained)}." if unexplained
           else "Every rule still differing is one of DIFFERENCES.md's, with the reason below."), "",
        "| rule | file | whole return: casecheck / validator | run alone in the validator | why they differ |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in sorted((r for r in rows if not r["match"]), key=lambda r: (len(r["rule"].lstrip("0123456789")) > 0, r["rule"])):
        a = alone.get(r["rule"])
        raised = " (validator raised)" if r["error"] else ""
        alone_cell = "-" if a is None else f"{a['ours']} / {a['theirs']} {'same' if a['match'] else 'DIFFER'}"
        note = ("the validator's rules share their tables: an earlier rule has rewritten a column in place"
                if a is not None and a["match"] else why.get(r["rule"], "**not explained**"))
        lines.append(f"| {r['rule']} | {r['file']} | {r['ours']} / {r['theirs']} DIFFER{raised} | {alone_cell} | {note} |")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{same}/{len(rows)} rules agree on the whole return, {same_alone}/{len(rows)} with the differing ones run "
          f"alone; unexplained: {unexplained or 'none'}; wrote {args.out}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
