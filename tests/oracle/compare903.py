"""Compare the ``dfe-903`` pack with the DfE SSDA903 validator on one return folder.

Used by tests/test_dfe_903_oracle.py. The validator runs in its own virtual environment
(``oracle_python()``), created on first use under ``.cache/903-validator-venv`` (gitignored):
it pins pandas < 2, so it is never a casecheck dependency. Rows are compared per rule by
their place in their file (our keys end ``#<n>``; run_903_validator.py names rows so).

    python tests/oracle/compare903.py FOLDER 2026-03-31
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(os.environ.get("CASECHECK_903_ORACLE_VENV", ROOT / ".cache" / "903-validator-venv"))
RUNNER = Path(__file__).with_name("run_903_validator.py")
VALIDATOR = "csc-validator-be-903==0.1.14"
#: the council both tools are told they check for (the validator's localAuthority, the pack's la_code):
#: Westminster, where plant903 puts some of the placements
LA = "E09000033"

#: our subject table -> the validator's table
TABLES = {"headers": "Header", "episodes": "Episodes", "reviews": "Reviews", "uasc": "UASC", "oc2": "OC2", "oc3": "OC3",
          "ad1": "AD1", "placed_adoption": "PlacedAdoption", "prev_perm": "PrevPerm", "missing_episodes": "Missing",
          "sw_episodes": "SWEpisodes"}


def oracle_python() -> Path:
    """The oracle environment's python, created (once) if need be; raises RuntimeError if it cannot be."""
    py = VENV / "bin" / "python"
    if py.exists():
        ok = subprocess.run([str(py), "-c", "import lac_validator, pandas"], capture_output=True)
        if ok.returncode == 0:
            return py
    VENV.parent.mkdir(parents=True, exist_ok=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    r = subprocess.run([str(py), "-m", "pip", "install", "-q", VALIDATOR], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"cannot install {VALIDATOR}: {r.stderr[-2000:]}")
    return py


def run_oracle(folder: Path, as_at: _dt.date, rules: list[str] | None = None, ruleset: str = "lac2025_26",
               previous: Path | None = None, lists: tuple[Path, ...] = ()) -> dict:
    """The validator's flagged rows; ``lists``: Ofsted's children's homes and social care providers
    lists, in that order (or the combined list alone), as its "CH lookup" and "SCP lookup" uploads."""
    cmd = [str(oracle_python()), str(RUNNER), str(folder), "--year", str(as_at.year), "--ruleset", ruleset, "--la", LA]
    for opt, path in zip(("--ch", "--scp"), lists):
        cmd += [opt, str(Path(path).resolve())]
    if rules:
        cmd += ["--rules", ",".join(rules)]
    if previous is not None:
        cmd += ["--previous", str(previous)]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=str(folder if folder.is_dir() else folder.parent))
    if r.returncode != 0:
        raise RuntimeError(f"the validator failed: {r.stderr[-3000:]}")
    return json.loads(r.stdout)


def run_ours(folder: Path, as_at: _dt.date, pack_ref="dfe-903", previous: Path | None = None, fmt: str = "ssda903",
             lists: tuple[Path, ...] = ()):
    """rule id -> (subject table, places of its failing rows); the rules that read a file the return lacks
    (the previous year's, without ``previous``) or that the form cannot judge (``formats: not_run``: 105
    and 303 on the CSV form; without ``lists``, the rules on Ofsted's provider lists); the seconds taken (the reference evaluator; the oracle test also runs the
    DuckDB engine). ``fmt``: ``ssda903`` (a folder of CSV files) or ``ssda903-xml`` (one XML file)."""
    from checker.data.load import load_data
    from checker.engine.availability import for_format, meaning
    from checker.engine.outcomes import judge_all
    from checker.model import FAIL, Context
    from checker.packs.pack import load_pack
    from checker.packs.runparams import with_params

    t0 = time.perf_counter()
    pack = pack_ref if not isinstance(pack_ref, str) else load_pack(pack_ref)
    if "la_code" in pack.per_run:
        pack = with_params(pack, {"la_code": LA})
    loaded = load_data(folder, pack.schema, fmt, as_at, previous)
    if lists:  # Ofsted's provider lists (casecheck run --ofsted-list)
        from checker.data.ofsted import attach_lists

        attach_lists(loaded, pack.schema, list(lists), as_at)
        loaded.diagnostics.raise_if_errors()
    ctx = Context(loaded.dataset, pack.calendar, as_at, pack.params)
    out, not_run = {}, []
    have = {t for t in pack.schema.tables if t not in loaded.missing_tables}
    for rule in pack.rules:
        if rule.subject not in have or meaning(rule)[0] - have or for_format(rule, fmt)[1]:
            not_run.append(rule.id)
            continue
        fails = {o.key for o in judge_all(rule, ctx) if o.outcome == FAIL}
        # a rule on the children names them by CHILD; a rule on a file's rows, by place in the file
        out[rule.id] = (rule.subject, fails if rule.subject == "children" else {int(k.rsplit("#", 1)[1]) for k in fails})
    return out, not_run, time.perf_counter() - t0


def children_of(folder: Path) -> dict[str, list[str | None]]:
    """file kind -> CHILD of each data row, in order (to name the rows the validator flags by child)."""
    import csv

    sys.path.insert(0, str(ROOT))
    from checker.data.readers.ssda903 import identify

    out = {}
    for p in sorted(folder.glob("*.csv")):
        with open(p, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        kind = identify(rows[0]) if rows else None
        if kind and "CHILD" in rows[0]:
            i = rows[0].index("CHILD")
            out[kind] = [(r[i].strip() or None) if len(r) > i else None for r in rows[1:] if any(c.strip() for c in r)]
    return out


def compare(ours: dict, theirs: dict, folder: Path | None = None) -> list[dict]:
    """One row per rule both ran: rows each flagged (in the rule's subject file), and whether they match.
    A rule on the children (1012) is compared by the children of the rows the validator flags in any
    file (``folder`` gives their CHILD)."""
    rows = []
    kids = children_of(folder) if folder is not None and any(s == "children" for s, _ in ours.values()) else {}
    upper = {k.upper(): v for k, v in theirs["rules"].items()}  # casecheck ids are upper case (DfE 197a is 197A)
    for rid, (subject, mine) in sorted(ours.items()):
        t = upper.get(rid)
        if t is None or t["skipped"]:
            continue
        if subject == "children":
            if folder is None:
                continue
            flagged = {kids[k][n - 1] for k, ns in t["rows"].items() if k in kids for n in ns if n <= len(kids[k])} - {None}
        else:
            flagged = set(t["rows"].get(TABLES[subject], ()))
        rows.append({"rule": rid, "file": TABLES.get(subject, "(children)"), "ours": len(mine), "theirs": len(flagged), "both": len(mine & flagged),
                     "only_ours": sorted(mine - flagged), "only_theirs": sorted(flagged - mine),
                     "match": mine == flagged, "error": t["error"]})
    return rows


def xml_children(path: Path) -> dict[str, list[str | None]]:
    """The validator's table name -> CHILD of each row, as casecheck reads an SSDA903 XML return."""
    from checker.data.readers.ssda903_xml import read_return
    from checker.errors import Diagnostics

    return {kind: [v.get("CHILD") for _, v in rows] for kind, rows in read_return(path, Diagnostics()).rows.items()}


def _places(rows: list[str | None], flagged) -> set[tuple[str | None, int]]:
    """Rows (places from 1) named as (CHILD, k): the child's kth row of the table."""
    seen: dict = {}
    names = []
    for c in rows:
        seen[c] = seen.get(c, 0) + 1
        names.append((c, seen[c]))
    return {names[n - 1] for n in flagged if 0 < n <= len(names)}


def compare_xml(ours: dict, theirs: dict, path: Path) -> list[dict]:
    """As :func:`compare`, on one XML return both tools read: each tool's rows named by (CHILD, k), the
    child's kth row of the file in its own reading, since the tables are each tool's conversion of the
    XML (they hold the same rows in the same order but for the UASC file: DIFFERENCES.md, "The XML form")."""
    mine_rows, their_rows = xml_children(path), theirs["children"]
    upper = {k.upper(): v for k, v in theirs["rules"].items()}
    out = []
    for rid, (subject, mine) in sorted(ours.items()):
        t = upper.get(rid)
        if t is None or t["skipped"]:
            continue
        if subject == "children":  # a rule on the children (1012): the children of the rows the validator flags
            kind = "(children)"
            a = set(mine)
            b = {their_rows[k][n - 1] for k, ns in t["rows"].items() if k in their_rows for n in ns
                 if 0 < n <= len(their_rows[k])} - {None}
        else:
            kind = TABLES[subject]
            a = _places(mine_rows.get(kind, []), mine)
            b = _places(their_rows.get(kind, []), t["rows"].get(kind, ()))
        out.append({"rule": rid, "file": kind, "ours": len(a), "theirs": len(b), "both": len(a & b),
                    "only_ours": sorted(a - b, key=str), "only_theirs": sorted(b - a, key=str), "match": a == b,
                    "error": t["error"]})
    return out


def on_edges(row: dict, folder: Path, edges: set[str]) -> bool:
    """Whether every row of ``row`` (a ``compare`` row) that one tool alone flags belongs to a child in
    ``edges`` (CHILD stripped, in capitals: the children plant903.boundaries gave an edge value)."""
    if row["match"] or not edges:
        return False
    if row["file"] == "(children)":
        return all(str(c).strip().upper() in edges for c in row["only_ours"] + row["only_theirs"])
    kids = children_of(folder).get(row["file"], [])
    return all(n <= len(kids) and (kids[n - 1] or "").upper() in edges for n in row["only_ours"] + row["only_theirs"])


def table(rows: list[dict]) -> str:
    lines = ["| rule | file | flagged by casecheck | flagged by validator | both | match |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        note = " (validator rule raised)" if r["error"] else ""
        lines.append(f"| {r['rule']} | {r['file']} | {r['ours']} | {r['theirs']} | {r['both']} | {'yes' if r['match'] else 'NO'}{note} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    folder, as_at = Path(sys.argv[1]), _dt.date.fromisoformat(sys.argv[2])
    ours, not_run, secs = run_ours(folder, as_at)
    theirs = run_oracle(folder, as_at)
    rows = compare(ours, theirs, folder)
    print(table(rows))
    print(f"{sum(r['match'] for r in rows)}/{len(rows)} rules agree; casecheck {secs:.2f}s, validator {theirs['seconds']:.2f}s")
