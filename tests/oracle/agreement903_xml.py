"""Add to rules/dfe-903/AGREEMENT.md the agreement on the DfE validator's own sample of the XML
form (its repository's tests/fake_data/fake_903.xml; give a copy, never one in this repository):
both tools read the same XML file, rows named by child and place (``compare903.compare_xml``).
The section sits between markers that ``agreement903.py`` keeps when it rewrites the file.

    .venv/bin/python tests/oracle/agreement903_xml.py /path/to/fake_903.xml [--out rules/dfe-903/AGREEMENT.md]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "tests"))

BEGIN, END = "<!-- xml-sample -->", "<!-- /xml-sample -->"


def section(path: Path) -> list[str]:
    import compare903 as C
    import test_dfe_903_xml_oracle as T

    ours, not_run, _ = C.run_ours(path, T.AS_AT, fmt="ssda903-xml")
    theirs = C.run_oracle(path, T.AS_AT)
    rows = C.compare_xml(ours, theirs, path)
    same = sum(r["match"] for r in rows)
    skipped = sorted(r for r, t in theirs["rules"].items() if t["skipped"] and r.upper() in ours)
    lines = [BEGIN, "", "## The validator's sample of the XML form", "",
             f"Both tools read the validator's own sample return, `tests/fake_data/fake_903.xml` in its repository "
             f"({theirs['tables'].get('Header', 0)} children, {theirs['tables'].get('Episodes', 0)} episodes; the XML form, "
             f"read by casecheck's `ssda903_xml` and by the validator's `read_xml_from_text`), as at "
             f"{T.AS_AT.isoformat()}, with no previous year's return: written by `tests/oracle/agreement903_xml.py`, "
             "checked by `tests/test_dfe_903_xml_oracle.py`. Rows are named by child and place among the child's rows of the file.", "",
             f"Same rows flagged: {same} of {len(rows)} rules both ran ({len(not_run)} of the pack's rules not run: the previous "
             f"year's, the SWEpisodes rules, which the XML form has no file for; {len(skipped)} the validator skipped, "
             "returning nothing). 105 and 303, which only the XML form lets either tool judge: "
             + ", ".join(f"{r['rule']} {r['ours']} / {r['theirs']} {'same' if r['match'] else 'DIFFER'}"
                         for r in rows if r["rule"] in ("105", "303")) + ".", "",
             "| rule | file | casecheck / validator | why they differ |", "| --- | --- | --- | --- |"]
    for r in rows:
        if r["match"]:
            continue
        why = T.FAKE_KNOWN.get(r["rule"]) or ("the validator's rules share their tables: in a whole run an earlier rule has "
                                              "rewritten a column in place; run alone it flags the rows casecheck flags"
                                              if r["rule"] in T.SHARED else "NOT EXPLAINED")
        raised = " (validator raised)" if r["error"] else ""
        lines.append(f"| {r['rule']} | {r['file']} | {r['ours']} / {r['theirs']}{raised} | {why} |")
    return lines + ["", END]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sample")
    ap.add_argument("--out", default=str(ROOT / "rules" / "dfe-903" / "AGREEMENT.md"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    new = "\n".join(section(Path(args.sample))) + "\n"
    marked = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.S)
    text = marked.sub(lambda _: new, text) if marked.search(text) else text.rstrip("\n") + "\n\n" + new
    out.write_text(text, encoding="utf-8")
    print(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
