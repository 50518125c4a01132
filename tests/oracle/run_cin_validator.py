"""Run the DfE CIN census validator (``csc-validator-be-cin``) over one census XML
and print, as JSON, the records each rule flagged.

Test-only oracle for the ``dfe-cin`` pack (tests/test_dfe_cin_oracle.py). It
runs in its own virtual environment (the validator pins an old pandas), never
in casecheck's, so it imports nothing from casecheck.

    python run_cin_validator.py CENSUS.xml [--ruleset cin2024_25] [--rules 8606,8840]

Each record is named by its place in the file, as the ``cin-census`` schema's
keys end: ``<n>`` for the nth Child, ``<n>/<i>`` for its ith CINdetails, then
``/A<j>`` (Assessments), ``/N<j>`` (CINPlanDates), ``/S<j>`` (Section47),
``/P<j>`` (ChildProtectionPlans), ``/P<j>/R<k>`` (the kth Reviews block of the
plan that has a CPPreviewDate: the validator reads one date per block),
``<n>/D<j>`` (Disabilities). Output::

    {"rules": {"8606": {"rows": {"CINdetails": ["3/1"], ...}, "la_level": false,
                        "error": null}}, "seconds": 1.2}

A rule that raised is reported with its error (the validator itself prints the
error and counts the rule as passed).
"""

from __future__ import annotations

import argparse
import copy
import importlib
import json
import sys
import time
import xml.etree.ElementTree as ET

from cin_validator import cin_validator
from cin_validator.rule_engine import CINTable, RuleContext
from extract_dfe_tests import flagged


def addresses(root) -> dict[str, list[str]]:
    """Each validator table's rows, in its own order, as places in the file."""
    out = {t: [] for t in ("ChildIdentifiers", "ChildCharacteristics", "Disabilities", "CINdetails", "Assessments",
                           "CINplanDates", "Section47", "ChildProtectionPlans", "Reviews", "Header")}
    out["Header"].append("header")
    for n, child in enumerate(root.find("Children").findall("Child"), 1):
        out["ChildIdentifiers"].append(str(n))
        out["ChildCharacteristics"].append(str(n))
        chars = child.find("ChildCharacteristics")
        dis = chars.find("Disabilities") if chars is not None else None
        if dis is not None:
            for j, _ in enumerate(dis, 1):
                out["Disabilities"].append(f"{n}/D{j}")
        for i, cin in enumerate(child.findall("CINdetails"), 1):
            base = f"{n}/{i}"
            out["CINdetails"].append(base)
            for tag, letter, table in (("Assessments", "A", "Assessments"), ("CINPlanDates", "N", "CINplanDates"),
                                       ("Section47", "S", "Section47")):
                for j, _ in enumerate(cin.findall(tag), 1):
                    out[table].append(f"{base}/{letter}{j}")
            for j, plan in enumerate(cin.findall("ChildProtectionPlans"), 1):
                out["ChildProtectionPlans"].append(f"{base}/P{j}")
                for k, _ in enumerate(plan.findall("Reviews[CPPreviewDate]"), 1):
                    out["Reviews"].append(f"{base}/P{j}/R{k}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("xml")
    ap.add_argument("--ruleset", default="cin2024_25")
    ap.add_argument("--rules", default=None)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    root = ET.parse(args.xml).getroot()
    places = addresses(root)
    data = cin_validator.process_data(cin_validator.convert_data(root))
    enum_data = cin_validator.enum_keys(data)
    registry = getattr(importlib.import_module(f"cin_validator.rules.{args.ruleset}"), "registry")
    wanted = set(args.rules.split(",")) if args.rules else None
    result = {}
    for code, rule in registry.items():
        code = str(code)
        if wanted and code not in wanted:
            continue
        ctx = RuleContext(rule)
        error = None
        try:
            rule.func(copy.deepcopy(enum_data), ctx)
        except Exception as exc:  # the validator counts such a rule as passed; we say it raised
            error = f"{type(exc).__name__}: {exc}"
        rows: dict[str, set] = {}
        # The records the rule pushed, as its own test_validate() reads them (extract_dfe_tests.
        # flagged): of two groups a rule pushes on one table (an overlap rule: the record that
        # starts during another, then the other one), the first, the record the rule is about.
        for table, labels in flagged(ctx, as_reported=True).items():
            for row in labels:
                try:
                    place = places[table][int(row)]
                except (KeyError, IndexError, ValueError, TypeError):
                    place = f"?{row}"
                rows.setdefault(table, set()).add(place)
        la = len(ctx.la_level_issues) > 0
        result[code] = {"rows": {t: sorted(v) for t, v in sorted(rows.items())}, "la_level": la, "error": error}
    json.dump({"rules": result, "seconds": round(time.perf_counter() - t0, 3)}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    _ = CINTable
    sys.exit(main())
