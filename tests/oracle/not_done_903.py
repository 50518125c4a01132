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
        "the council's own code: PL_LOCATION is IN when they are the same. The validator is told",
        "the code by whoever runs it (its `localAuthority`); a CSV return does not carry it, and",
        "casecheck has no run option for it yet (a pack parameter set per council would do)."]),
    "cannot_fail": ("Cannot fail on a derived distance", [
        "164 flags a distance from home outside 0 to 999.9 miles. The distance is no longer",
        "sent but derived from the postcodes (postcode_distance, as the validator derives it),",
        "and no two UK postcodes are 1,000 miles apart: the rule cannot fail, so it would be a",
        "check in name only. (392A flags the distance that cannot be derived.)"]),
    "provider": ("Need Ofsted's provider lists", [
        "They look a placement's URN up in Ofsted's children's homes and social care",
        "providers lists, which councils download and give the validator. No maintained",
        "package holds them offline (the validator's reference packages hold the postcode",
        "directory and the authority lookup only), so these are listed here, not run."]),
    "xml": ("Only for the XML form", [
        "105 is skipped by the validator for CSV files; 303 reads the Header's UASC",
        "status, which a CSV return does not have (the validator sets it from the UASC",
        "file, so that a DUC always comes with UASC status 1 and the rule cannot fail)."]),
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
        kind = ("xml" if code in ("105", "303") else "cannot_fail" if code == "164" else "provider" if v["provider"]
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
