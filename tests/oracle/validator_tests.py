"""The DfE 903 validator's own rule tests as casecheck fixture tests (stage 2).

Each rule of the validator has a ``test_validate()`` that calls the rule on small input
tables and asserts the rows it flags. ``extract_903_tests.py`` (stage 1, run in the
validator's environment) records every such call; this script turns each call of a rule the
``dfe-903`` pack has into a casecheck test, written to
``rules/dfe-903/validator-tests/<code>.yaml``, and says how many pass.

The conversion is mechanical:

- each validator table becomes the ``ssda903`` table of that file, a row per row, keyed
  ``<CHILD>#<n>`` by its place (``#<n>`` without a CHILD); columns become fields as the
  reader makes them (CHILD -> child_id, MISSING -> missing_type, the others lower case; a
  date column gives the date when it is DD/MM/YYYY and ``<field>_sent``, the text);
  ``children`` holds each CHILD and ``returns`` the return, as the reader makes them; columns the schema has not (the validator's derived
  columns) are left out, and said in the test's name;
- ``as_at`` is the call's collection_end (or the day before its collection_start's
  anniversary; 31/03/2026 when the call gives neither);
- a row the validator flagged must ``fail``. The validator says nothing finer about the
  others than "not flagged", so a row it did not flag expects casecheck's own outcome when
  that is not ``fail`` (pass, not_applicable or not_evidenced), and ``pass`` when casecheck
  fails it: the test then fails, as it should. A test passes exactly when casecheck fails the
  rows the validator flags and no others.

    python tests/oracle/validator_tests.py [CASES.json]   # default: run stage 1 in the oracle venv
"""

from __future__ import annotations

import datetime as _dt
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

OUT = ROOT / "rules" / "dfe-903" / "validator-tests"
TABLES = {"Header": "headers", "Episodes": "episodes", "Reviews": "reviews", "UASC": "uasc", "OC2": "oc2", "OC3": "oc3",
          "AD1": "ad1", "PlacedAdoption": "placed_adoption", "PrevPerm": "prev_perm", "Missing": "missing_episodes",
          "SWEpisodes": "sw_episodes"}
TABLES.update({f"{k}_last": f"{v}_last" for k, v in list(TABLES.items())
               if k in ("Header", "Episodes", "UASC", "OC3", "PlacedAdoption", "Missing")})  # the previous year's
DEFAULT_AS_AT = _dt.date(2026, 3, 31)
NO_LA = "E99999999"  # la_code for a call whose metadata has no localAuthority


def extract() -> dict:
    import compare903

    py = compare903.oracle_python()
    r = subprocess.run([str(py), str(Path(__file__).with_name("extract_903_tests.py"))], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-3000:])
    return json.loads(r.stdout)


def convert_call(call: dict, rule, schema) -> tuple[dict, dict, str] | str:
    """(data, flagged keys by our table, note) for one recorded call, or why it cannot be converted."""
    from checker.data.readers.ssda903_return import parse_date

    data: dict[str, list[dict]] = {}
    flagged: dict[str, set[str]] = {}
    dropped: set[str] = set()
    children: dict[str, None] = {}
    flagged_children: set[str] = set()  # for a rule on the children (1012): the CHILD of every flagged row
    for vname, t in call["tables"].items():
        if vname == "provider_info":
            continue  # Ofsted's lists: below, once the episodes' URNs are known
        ours = TABLES.get(vname)
        if ours is None:
            return f"it uses the table {vname}, which the ssda903 schema has not"
        fields = schema.tables[ours].fields
        index = t["index"]
        if len(set(index)) != len(index):
            return f"its {vname} table has repeated index labels"
        keys = {}
        rows = []
        for n, (label, row) in enumerate(zip(index, t["rows"]), 1):
            rec = {}
            for col, v in row.items():
                f = {"CHILD": "child_id", "MISSING": "missing_type"}.get(col, col.lower())
                if f not in fields:
                    dropped.add(col)
                    continue
                if v is None:
                    continue
                if fields[f].type.kind == "date":
                    d = parse_date(v)
                    if d is not None:
                        rec[f] = d.isoformat()
                    rec[f + "_sent"] = v
                else:
                    rec[f] = v
            child = rec.get("child_id")
            rec["key"] = f"{child}#{n}" if child else f"#{n}"
            rec["row"] = n
            rec["return_id"] = "1"
            keys[label] = rec["key"]
            if child:
                children[child] = None
            rows.append(rec)
        data[ours] = rows
        flagged[ours] = {keys[i] for i in call["flagged"].get(vname, ()) if i in keys}
        by_label = dict(zip(index, t["rows"]))
        flagged_children |= {by_label[i].get("CHILD") for i in call["flagged"].get(vname, ()) if i in by_label} - {None}
    if rule.subject == "children":
        flagged["children"] = flagged_children
    elif rule.subject not in data:
        return f"it gives no {rule.subject} table"
    if "provider_info" in call["tables"]:
        data["providers"], lookups = providers_of(call["tables"]["provider_info"], call["metadata"])
        dropped |= lookups
        urns = {r["urn"] for r in data["providers"] if r.get("urn")} | {r["urn"] for r in data.get("episodes", []) if r.get("urn")}
        data["provider_urns"] = [{"urn": u} for u in sorted(urns)]
    data["children"] = [{"child_id": c} for c in children]
    if rule.subject == "children" and not children:
        return "it gives no CHILD"
    data["returns"] = [{"return_id": "1"}]
    note = f" (left out: {', '.join(sorted(dropped))})" if dropped else ""
    return data, flagged, note


#: the validator's provider_info columns -> the ssda903 schema's providers fields
PROVIDER_FIELDS = {"URN": "urn", "PLACE_CODES": "place_codes", "PROVIDER_CODES": "provider_codes", "POSTCODE": "postcode",
                   "LA_NAME_FROM_FILE": "la_name", "REG_END": "reg_end"}
#: a test's provider LA codes stand for places: its own localAuthority's providers are given a postcode in
#: Westminster (E09000033, the la_code the test is run with), another's one in Manchester (E08000003)
OWN_POSTCODE, OTHER_POSTCODE = "SW1A 1AA", "M1 1AE"


def providers_of(t: dict, meta: dict) -> tuple[list[dict], set[str]]:
    """The ``providers`` rows of a call's provider_info, and the columns left out. LA_CODE_INFERRED
    (which the validator derives from the provider's postcode, and casecheck's rule 229 too) becomes a
    postcode in the council's area (the call's localAuthority) or in another's (OWN_POSTCODE, OTHER_POSTCODE)."""
    from checker.data.readers.ssda903_return import parse_date

    rows, dropped = [], set()
    for n, row in enumerate(t["rows"], 1):
        rec: dict = {"key": f"provider_info#{n}", "row": n}
        for col, v in row.items():
            f = PROVIDER_FIELDS.get(col)
            if col == "LA_CODE_INFERRED":
                if v is not None and "POSTCODE" not in row:
                    rec["postcode"] = OWN_POSTCODE if v == meta.get("localAuthority") else OTHER_POSTCODE
                continue
            if f is None:
                dropped.add(col)
            elif v is None:
                continue
            elif f == "reg_end":
                d = parse_date(v)
                if d is not None:
                    rec["reg_end"] = d.isoformat()
                rec["reg_end_sent"] = v
            else:
                rec[f] = v
        rows.append(rec)
    return rows, dropped


def as_at_of(call: dict) -> _dt.date:
    """The call's collection_end; else the day before its collection_start's anniversary; else 31/03/2026."""
    meta = call["metadata"]
    for name, shift in (("collection_end", 0), ("collection_start", 1)):
        if meta.get(name):
            d, m, y = (int(x) for x in meta[name].split("/"))
            return _dt.date(y + shift, m, d) - _dt.timedelta(days=shift)
    return DEFAULT_AS_AT


def write_tests(cases: dict) -> dict[str, str]:
    """Write a test file per rule the pack has; return rule -> why not converted (for the others)."""
    import yaml

    from checker.data.load import load_records
    from checker.engine.outcomes import judge_all
    from checker.model import FAIL, Context
    from checker.packs.pack import load_pack
    from checker.packs.runparams import reads

    pack = load_pack("dfe-903")
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.yaml"):
        old.unlink()
    skipped = {}
    upper = {k.upper(): v for k, v in cases.items()}  # casecheck ids are upper case (DfE 197a is 197A)
    for rule in pack.rules:
        entry = upper.get(rule.id)
        if entry is None:
            skipped[rule.id] = "the validator has no such rule"
            continue
        if entry["error"] or not entry["calls"]:
            skipped[rule.id] = f"its test_validate did not run: {entry['error'] or 'no calls'}"
            continue
        tests = []
        for i, call in enumerate(entry["calls"], 1):
            got = convert_call(call, rule, pack.schema)
            if isinstance(got, str):
                skipped.setdefault(rule.id, f"call {i}: {got}")
                continue
            data, flagged, note = got
            as_at = as_at_of(call)
            params, given = dict(pack.params), {}
            if "la_code" in reads(rule):  # the council's own code: the validator's localAuthority
                # a call with none gives the derived columns instead (503J's PL_LOCATION): a code no postcode has
                params["la_code"] = call["metadata"].get("localAuthority") or NO_LA
                if "provider_info" in call["tables"]:  # its providers' LA codes became postcodes (providers_of)
                    params["la_code"] = "E09000033"
                    note += " (the providers' LA codes as postcodes: the council's in Westminster, another's in Manchester)"
                given["la_code"] = json.dumps(params["la_code"])  # a string, as a test's parameter is written
                if not call["metadata"].get("localAuthority"):
                    note += f" (no localAuthority: la_code {NO_LA}, no council's)"
            loaded = load_records(pack.schema, data, "validator test")
            ours = {o.key: o.outcome for o in judge_all(rule, Context(loaded.dataset, pack.calendar, as_at, params))}
            expect = {}
            for rec in data[rule.subject]:
                k = rec["key"] if "key" in rec else rec["child_id"]  # the children are keyed by CHILD
                if k in flagged.get(rule.subject, ()):
                    expect[k] = "fail"
                else:
                    expect[k] = ours.get(k, "pass") if ours.get(k) != FAIL else "pass"
            tests.append({"rule": rule.id, "name": f"the validator's test_validate, call {i}{note}",
                          "as_at": as_at.isoformat(), **({"parameters": given} if given else {}), "data": data,
                          "expect": expect})
        if tests:
            head = (f"# Generated by tests/oracle/validator_tests.py from the DfE validator's test of rule {rule.id}\n"
                    f"# ({entry['module']}, csc-validator-be-903 0.1.14). Do not edit: regenerate.\n")
            text = yaml.safe_dump({"tests": tests}, sort_keys=False, allow_unicode=True, width=120)
            (OUT / f"{rule.id}.yaml").write_text(head + text, encoding="utf-8")
    return skipped


def run() -> tuple[list, list]:
    """(passing cases, failing cases) of the generated tests, on the reference evaluator."""
    from checker.engine.fixtures import run_tests
    from checker.packs.pack import load_pack

    pack = load_pack("dfe-903")
    report = run_tests(pack, files=sorted(OUT.glob("*.yaml")))
    assert not report.diagnostics.errors, [str(d) for d in report.diagnostics.errors][:5]
    return [c for c in report.cases if c.passed], report.failed


if __name__ == "__main__":
    cases = json.loads(Path(sys.argv[1]).read_text()) if len(sys.argv) > 1 else extract()
    skipped = write_tests(cases)
    ok, bad = run()
    rules_ok = {c.rule for c in ok} - {c.rule for c in bad}
    print(f"{len(ok)} of {len(ok) + len(bad)} converted validator tests pass; "
          f"{len(rules_ok)} rules pass all theirs; {len(skipped)} rules not converted")
    for c in bad:
        print(f"FAIL {c.rule}: {c.name}: {'; '.join(c.problems)[:300]}")
    for rid, why in sorted(skipped.items()):
        print(f"NOT CONVERTED {rid}: {why}")
