"""Compare the ``dfe-cin`` pack with the DfE CIN validator on one census XML.

Used by tests/test_dfe_cin_oracle.py and bench/dfe_cin.py. The validator runs
in its own virtual environment (``oracle_python()``), created on first use
under ``.cache/cin-validator-venv`` in the repository (gitignored): it pins an
old pandas, so it is never a casecheck dependency.

Records are compared by their place in the file (see run_cin_validator.py):
our keys end in it (``C000123#12/1/A2`` is ``12/1/A2``). A rule whose subject
is the child compares children (the validator may flag the child's
identifiers, characteristics or disabilities); a rule on the header compares
whether the return as a whole was flagged.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(os.environ.get("CASECHECK_ORACLE_VENV", ROOT / ".cache" / "cin-validator-venv"))
RUNNER = Path(__file__).with_name("run_cin_validator.py")
VALIDATOR = "csc-validator-be-cin==0.1.13"
# The validator's pandas 1.5 needs a numpy 1.x; its own requirements let pip pick numpy 2.
PINS = ["numpy<2"]

SUBJECT_TABLES = {
    "children": ("ChildIdentifiers", "ChildCharacteristics", "Disabilities"),
    "cin_details": ("CINdetails",),
    "assessments": ("Assessments",),
    "cin_plans": ("CINplanDates",),
    "section47": ("Section47",),
    "cp_plans": ("ChildProtectionPlans",),
    "cpp_reviews": ("Reviews",),
}


def oracle_python() -> Path:
    """The oracle environment's python, created (once) if need be; raises RuntimeError if it cannot be."""
    py = VENV / "bin" / "python"
    if py.exists():
        ok = subprocess.run([str(py), "-c", "import cin_validator, pandas"], capture_output=True)
        if ok.returncode == 0:
            return py
    VENV.parent.mkdir(parents=True, exist_ok=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    r = subprocess.run([str(py), "-m", "pip", "install", "-q", VALIDATOR, *PINS], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"cannot install {VALIDATOR}: {r.stderr[-2000:]}")
    return py


def run_oracle(xml: Path, rules: list[str] | None = None) -> dict:
    cmd = [str(oracle_python()), str(RUNNER), str(xml)]
    if rules:
        cmd += ["--rules", ",".join(rules)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"the validator failed: {r.stderr[-3000:]}")
    return json.loads(r.stdout)


def place(key: str) -> str:
    """Our record key -> its place in the file (the part after the LAchildID)."""
    return key.rsplit("#", 1)[1]


def run_ours(xml: Path, as_at: _dt.date, pack_ref="dfe-cin") -> tuple[dict[str, tuple[str, set[str]]], float]:
    """rule id -> (subject table, places of its failing records); and the seconds taken."""
    import time

    from checker.data.load import load_data
    from checker.engine.outcomes import judge_all
    from checker.model import FAIL, Context
    from checker.packs.pack import load_pack

    t0 = time.perf_counter()
    pack = load_pack(pack_ref) if not hasattr(pack_ref, "rules") else pack_ref
    loaded = load_data(xml, pack.schema, "cin-xml", as_at)
    ctx = Context(loaded.dataset, pack.calendar, as_at, pack.params)
    out = {}
    for rule in pack.rules:
        try:
            fails = {o.key for o in judge_all(rule, ctx) if o.outcome == FAIL}
        except Exception as exc:  # a rule casecheck could not evaluate (the run would stop): no match
            out[rule.id] = (rule.subject, {f"!casecheck could not evaluate it: {exc}"})
            continue
        out[rule.id] = (rule.subject, {place(k) if rule.subject != "header" else "header" for k in fails})
    return out, time.perf_counter() - t0


def child_of(p: str) -> str:
    return p.split("/", 1)[0]


def compare(ours: dict, theirs: dict) -> list[dict]:
    """One row per rule both implement: records each flagged, and whether they match."""
    rows = []
    for rid, (subject, mine) in sorted(ours.items()):
        t = theirs["rules"].get(rid)
        if t is None:
            continue
        if subject == "header":
            flagged = {"header"} if (t["la_level"] or t["rows"].get("Header")) else set()
            level = "return"
        else:
            tables = SUBJECT_TABLES[subject]
            flagged = {p for tb in tables for p in t["rows"].get(tb, ())}
            level = "record"
            if subject == "children":
                flagged = {child_of(p) for p in flagged}
            elif not flagged and any(t["rows"].values()):  # flagged only on other tables: compare children
                flagged = {child_of(p) for v in t["rows"].values() for p in v}
                mine = {child_of(p) for p in mine}
                level = "child"
        rows.append({"rule": rid, "level": level, "ours": len(mine), "theirs": len(flagged),
                     "both": len(mine & flagged), "only_ours": sorted(mine - flagged)[:5],
                     "only_theirs": sorted(flagged - mine)[:5], "match": mine == flagged, "error": t["error"]})
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| rule | level | flagged by casecheck | flagged by validator | both | match |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        note = " (validator rule raised)" if r["error"] else ""
        lines.append(f"| {r['rule']} | {r['level']} | {r['ours']} | {r['theirs']} | {r['both']} | {'yes' if r['match'] else 'NO'}{note} |")
    return "\n".join(lines)


if __name__ == "__main__":  # python tests/oracle/compare.py census.xml 2025-03-31
    sys.path.insert(0, str(ROOT))
    xml, as_at = Path(sys.argv[1]), _dt.date.fromisoformat(sys.argv[2])
    ours, secs = run_ours(xml, as_at)
    rows = compare(ours, run_oracle(xml))
    print(table(rows))
    print(f"{sum(r['match'] for r in rows)}/{len(rows)} rules agree; casecheck {secs:.2f}s")
