"""Write rules/dfe-903/NOT-DONE.md: the DfE validator's 2025/26 rule codes the dfe-903 pack
has not, grouped by what each needs (the previous year's return, postcode reference data,
Ofsted's provider lists, the XML form) or as expressible and not written yet. The grouping is
read from each rule's source in the validator (``_last`` tables, ``provider_info``, the
postcode-derived columns): run in casecheck's environment, it asks the validator's.

    .venv/bin/python tests/oracle/not_done_903.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

PROBE = r"""
import inspect, json, logging, re
logging.disable(logging.CRITICAL)
from lac_validator.rules.lac2025_26 import registry
out = {}
for code, rule in registry.items():
    src = inspect.getsource(inspect.getmodule(rule.func)).split("def test_validate")[0]
    out[str(code)] = {"message": rule.message,
                      "last": bool(re.search(r'"[A-Za-z0-9]+_last"', src)) or "field_different_from_previous" in src,
                      "provider": "provider_info" in src,
                      "postcode": any(k in src for k in ("PL_DISTANCE", "PL_LA", "PL_LOCATION", "PL_POST", "HOME_POST"))}
print(json.dumps(out))
"""

HEADS = {
    "last": ("Need the previous year's return", [
        "They compare with last year's files. Read with `casecheck run --previous DIR`",
        "into the ssda903 schema's `*_last` tables (the pack's rules tagged",
        "`previous-year`), listed as not run without it."]),
    "postcode": ("Need the council's own local authority code", [
        "They compare the local authority of placement (from the placement postcode, which",
        "the pack derives with the language's postcode functions, as the validator does) with",
        "the council's own code, which the return does not carry. The pack's rules that do so",
        "(1015, 503J) read it from the parameter `la_code`, which each run gives",
        "(`casecheck run dfe-903 --param la_code=E09000033`, as the validator is told its",
        "`localAuthority`); without it they are listed as not run. Not in the pack:"]),
    "cannot_fail": ("Cannot fail on a value derived from the postcodes", [
        "164 flags a distance from home outside 0 to 999.9 miles. The distance is no longer",
        "sent but derived from the postcodes (postcode_distance, as the validator derives it),",
        "and no two UK postcodes are 1,000 miles apart: the rule cannot fail, so it would be a",
        "check in name only. (392A flags the distance that cannot be derived.)",
        "",
        "411 flags PL_LOCATION IN with a PL_LA that is not the council's. Neither is sent: the",
        "validator derives both from the placement postcode (lac_validator/datastore.py,",
        "`_add_postcode_derived_fields`: IN unless PL_LA differs from its `localAuthority`, in",
        "the CSV and the XML form alike), so IN always comes with the council's own PL_LA and",
        "the rule cannot fail. (1015 and 503J, which read the same derived location, are in the",
        "pack.)"]),
    "provider": ("Need Ofsted's provider lists", [
        "They look a placement's URN up in Ofsted's children's homes and social care",
        "providers lists. The pack's rules that do so are tagged `ofsted-lists` (above); these",
        "are not written yet."]),
    "xml": ("Only for the XML form", [
        "casecheck reads the CSV form, which councils submit (the `ssda903` schema). 105",
        "returns nothing for CSV files (`if file_format == \"csv\": return {}`); 303 reads",
        "the Header's UASC status, which a CSV return does not have: the validator's CSV",
        "reader sets it from the UASC file (1 for a child in it, 0 otherwise), so a DUC always",
        "comes with UASC status 1 and the rule cannot fail but by the reader's own misplaced",
        "marks (DIFFERENCES.md, 205A-205D). Checked against the validator's source",
        "(csc-validator-be-903 0.1.14, lac_validator/rules/lac2022_23/rule_105.py, rule_303.py;",
        "no later ruleset changes them)."]),
    "todo": ("Expressible, not written yet", [
        "None: every code the return and the reference data available offline can judge is in the pack."]),
}


def main() -> None:
    import compare903

    from checker.packs.pack import load_pack

    r = subprocess.run([str(compare903.oracle_python()), "-c", PROBE], capture_output=True, text=True, check=True)
    codes = json.loads(r.stdout)
    have = {r.id for r in load_pack("dfe-903").rules}
    groups: dict[str, list[str]] = {k: [] for k in HEADS}
    for code, v in sorted(codes.items()):
        if code.upper() in have:
            continue
        kind = ("xml" if code in ("105", "303") else "cannot_fail" if code in ("164", "411") else "provider" if v["provider"]
                else "postcode" if v["postcode"] else "last" if v["last"] else "todo")
        groups[kind].append(code)
    done = sum(1 for c in codes if c.upper() in have)
    out = ["# dfe-903: the 2025/26 rules not in the pack yet, and why", "",
           f"The DfE validator's 2025/26 ruleset (`lac2025_26`, csc-validator-be-903 0.1.14) has {len(codes)}",
           f"rule codes; the `dfe-903` pack has {done} of them. The other {len(codes) - done}, by what they",
           "need (the validator's own words, shortened, say what each checks). Written by",
           "`tests/oracle/not_done_903.py`.", ""]
    last = sum(1 for r in load_pack("dfe-903").rules if "previous-year" in r.tags)
    out[-1:] = ["", f"{last} of the pack's rules compare with the previous year's return (tagged `previous-year`:",
                  "`casecheck run dfe-903 --data DIR --previous LAST_YEAR_DIR`; without it they are listed as not run).", ""]
    ofsted = sorted(r.id for r in load_pack("dfe-903").rules if "ofsted-lists" in r.tags)
    if ofsted:
        out[-1:] = ["", f"{len(ofsted)} ({', '.join(ofsted)}) look a placement's URN up in Ofsted's children's homes and",
                    "social care providers lists, which councils download from Ofsted and give the validator as two",
                    "uploaded files (\"CH lookup\", \"SCP lookup\"; no package holds them offline): tagged",
                    "`ofsted-lists`, they run with `casecheck run dfe-903 --data DIR --ofsted-list CH.xlsx",
                    "--ofsted-list SCP.xlsx` (or Ofsted's combined list, once) and are listed as not run without them.", ""]
    xml = sorted(r.id for r in load_pack("dfe-903").rules if "ssda903" in r.variants)
    if xml:
        out[-1:] = ["", f"{len(xml)} ({', '.join(xml)}) read the Header's UASC status, which only the XML form of the return",
                    "sends (`casecheck run dfe-903 --data RETURN.xml`, readers/ssda903_xml.py): they run with the",
                    "XML form and are listed as not run, saying why, with the CSV files (as the validator runs 105",
                    "on XML only, and 303 cannot fail on CSV, where the status is being in the UASC file).", ""]
    for kind, (title, text) in HEADS.items():
        if not groups[kind]:
            continue
        out += [f"## {title} ({len(groups[kind])})", "", *text, "", "| code | what it checks |", "| --- | --- |"]
        out += [f"| {c} | {codes[c]['message'].replace('|', '/').replace(chr(10), ' ')[:140]} |" for c in groups[kind]]
        out.append("")
    (ROOT / "rules" / "dfe-903" / "NOT-DONE.md").write_text("\n".join(out), encoding="utf-8")
    print(f"{done} of {len(codes)} in the pack; " + ", ".join(f"{k} {len(v)}" for k, v in groups.items()))


if __name__ == "__main__":
    main()
