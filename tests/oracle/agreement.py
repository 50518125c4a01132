"""Agreement of the ``dfe-cin`` pack with the DfE validator over several census returns.

    python tests/oracle/agreement.py [--pack PACK] [--hard] [--children N] [--seeds 1,7] [XML ...]

With XML files, those returns (e.g. held-out returns kept outside the repository); without,
returns generated here (``casecheck generate --format cin-xml --census-problems``, every
profile, the seeds given; ``--hard`` adds the boundary faults of checker/census_faults.py).
Prints one row per rule (in how many returns both flag exactly the same records) and the
count of rules that agree on every return. Children sharing an LAchildID are left out of
every rule but 8510, as in tests/test_dfe_cin_oracle.py (the validator mixes their records).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import compare as C  # noqa: E402

AS_AT = _dt.date(2025, 3, 31)


def without_duplicate_ids(rows_ours, theirs, xml: Path):
    from lxml import etree

    ids = [c.findtext("ChildIdentifiers/LAchildID") for c in etree.parse(str(xml)).getroot().find("Children")]
    dup = {str(n) for n, i in enumerate(ids, 1) if ids.count(i) > 1}
    ours = {rid: (s, {p for p in places if p.split("/", 1)[0] not in dup} if rid != "8510" else places)
            for rid, (s, places) in rows_ours.items()}
    for rid, t in theirs["rules"].items():
        if rid != "8510":
            t["rows"] = {tb: [p for p in ps if p.split("/", 1)[0] not in dup] for tb, ps in t["rows"].items()}
    return ours, theirs


def generated(tmp: Path, children: int, seeds: list[int], hard: bool) -> list[Path]:
    from checker.tools.generate import generate, write_census

    out = []
    for profile in ("good", "adequate", "inadequate"):
        for seed in seeds:
            xml = tmp / f"census-{profile}-{seed}{'-hard' if hard else ''}.xml"
            write_census(generate(children, seed, profile, AS_AT), xml, plant=True, hard=hard)
            out.append(xml)
    return out


def measure(xmls: list[Path], pack_ref="dfe-cin", as_at=AS_AT) -> dict[str, dict]:
    """rule -> {"agree": returns where both flag the same records, "returns": n, "error": the
    validator's error if it raised, "example": a disagreement}."""
    from checker.packs.pack import load_pack

    pack = load_pack(pack_ref)
    table: dict[str, dict] = {}
    for xml in xmls:
        ours, _ = C.run_ours(xml, as_at, pack)
        theirs = C.run_oracle(xml)
        ours, theirs = without_duplicate_ids(ours, theirs, xml)
        for r in C.compare(ours, theirs):
            row = table.setdefault(r["rule"], {"agree": 0, "returns": 0, "error": None, "example": None})
            row["returns"] += 1
            row["agree"] += bool(r["match"] and not r["error"])
            row["error"] = row["error"] or r["error"]
            if not r["match"] and row["example"] is None:
                row["example"] = f"{xml.name}: only casecheck {r['only_ours']}, only the validator {r['only_theirs']}"
    return table


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("xml", nargs="*")
    ap.add_argument("--pack", default="dfe-cin")
    ap.add_argument("--hard", action="store_true")
    ap.add_argument("--children", type=int, default=250)
    ap.add_argument("--seeds", default="1,7")
    ap.add_argument("--as-at", default=AS_AT.isoformat())
    args = ap.parse_args(argv)
    sys.path.append(str(C.ROOT))  # after PYTHONPATH: another checkout's checker may be measured
    tmp = Path(tempfile.mkdtemp(prefix="agreement-"))
    xmls = [Path(x) for x in args.xml] or generated(tmp, args.children, [int(s) for s in args.seeds.split(",")], args.hard)
    table = measure(xmls, args.pack, _dt.date.fromisoformat(args.as_at))
    print("| rule | returns agreeing | note |\n| --- | --- | --- |")
    for rule, row in sorted(table.items()):
        if row["agree"] < row["returns"]:
            note = f"validator raised: {row['error'][:80]}" if row["error"] else row["example"]
            print(f"| {rule} | {row['agree']}/{row['returns']} | {note} |")
    exact = sum(row["agree"] == row["returns"] for row in table.values())
    print(f"\n{exact}/{len(table)} rules flag exactly the validator's records on every one of {len(xmls)} returns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
