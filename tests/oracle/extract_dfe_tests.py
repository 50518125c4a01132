"""Extract the DfE CIN validator's own rule tests (each rule file's ``test_validate()``)
as data: the tables each test gives the rule and the records the rule then flags.

Test-only; runs in the validator's own virtual environment (tests/oracle/compare.py
``oracle_python()``), never in casecheck's, so it imports nothing from casecheck.

    python extract_dfe_tests.py [--ruleset cin2024_25] > dfe_tests.json

Each ``test_validate()`` is run as it is, with the validator's ``run_rule`` wrapped to
keep a copy of the tables it is given and the issues the rule pushed. A test whose
assertions hold says those issues are the ones it expects; a test that fails against
its own rule is reported as such (``"passed": false`` with the assertion). Output::

    {"8740": {"module": "cin_validator.rules.cin2022_23.rule_8740", "passed": true, "error": null,
              "calls": [{"tables": {"Section47": {"columns": [...], "rows": [[label, {col: value}], ...]},
                                    "Header": ...},
                         "flagged": {"Section47": [4, 5]}, "la_level": false}]}}

Values are written as text: dates ``YYYY-MM-DD``, missing values ``null``; the
flagged rows are the tables' row labels. For a rule that pushes two groups of
issues on one table (an overlap rule flags the record that starts during
another, then the other), only the first group is kept: the DfE tests check
that one, and it is the record the rule is about.
"""

from __future__ import annotations

import argparse
import copy
import datetime as _dt
import importlib
import json
import math
import sys
import traceback

import cin_validator.test_engine as test_engine
import pandas as pd


def text(v):
    if v is None or v is pd.NaT:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):  # a list
        pass
    if isinstance(v, (pd.Timestamp, _dt.datetime)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return str(int(v)) if math.isfinite(v) and v == int(v) else str(v)
    if isinstance(v, (list, tuple)):
        return [text(x) for x in v]
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def table_name(t) -> str:
    return getattr(t, "name", None) or str(t).rsplit(".", 1)[-1]


def dump_tables(datasets: dict) -> dict:
    out = {}
    for t, df in datasets.items():
        if not isinstance(df, pd.DataFrame):
            continue
        cols = [str(c) for c in df.columns]
        rows = [[text(label) if not isinstance(label, (int,)) else int(label),
                 {str(c): text(v) for c, v in row.items()}] for label, row in zip(df.index, df.to_dict("records"))]
        out[table_name(t)] = {"columns": cols, "rows": rows}
    return out


def flagged(ctx, as_reported: bool = False) -> dict[str, list]:
    """Table -> the row labels the rule pushed. A group pushed without a ``ROW_ID`` column
    (8540 pushes ``ROW_ID_x``) is left out; ``as_reported``: as the validator's own report
    reads them, where such a group loses every group of its kind (its report catches the
    KeyError and returns none)."""
    rows: dict[str, list] = {}

    def add(table, labels):
        rows.setdefault(table_name(table), [])
        for r in labels:
            try:
                r = int(r) if not isinstance(r, str) else r
            except (TypeError, ValueError):  # a row the rule could not place (nan)
                r = str(r)
            if r not in rows[table_name(table)]:
                rows[table_name(table)].append(r)

    for issue in ctx.issues:
        add(issue.table, [issue.row])
    t1 = ctx.type1_issues
    if t1 and getattr(t1, "row_df", None) is not None:
        add(t1.table, [r for ids in t1.row_df["ROW_ID"] for r in ids])
    for kind, groups in (("type2", list(ctx.type2_issues)), ("type3", list(ctx.type3_issues))):
        if as_reported and any("ROW_ID" not in g.row_df.columns for g in groups):
            continue
        seen = set()
        for group in groups:
            name = table_name(group.table)
            if "ROW_ID" not in group.row_df.columns:
                continue
            if kind == "type3" and name in seen:
                continue  # a second group on the same table: the other record of an overlap
            seen.add(name)
            add(group.table, [r for ids in group.row_df["ROW_ID"] for r in ids])
    return {t: sorted(v, key=str) for t, v in rows.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ruleset", default="cin2024_25")
    ap.add_argument("--rules", default=None)
    args = ap.parse_args(argv)
    registry = importlib.import_module(f"cin_validator.rules.{args.ruleset}").registry
    wanted = set(args.rules.split(",")) if args.rules else None
    result = {}
    for code, rule in sorted(registry.items(), key=lambda kv: str(kv[0])):
        code = str(code)
        if wanted and code not in wanted:
            continue
        mod = sys.modules[rule.func.__module__]
        calls = []
        real = test_engine.run_rule

        def recording(rule_func, datasets, _real=real, _calls=calls):
            call = {"tables": dump_tables(copy.deepcopy(datasets)), "flagged": None, "la_level": None}
            _calls.append(call)  # kept if the rule raises too: then what it flags is unknown (None)
            ctx = _real(rule_func, datasets)
            call["flagged"], call["la_level"] = flagged(ctx), len(ctx.la_level_issues) > 0
            return ctx

        saved = getattr(mod, "run_rule", None)
        mod.run_rule = recording
        passed, error = True, None
        try:
            mod.test_validate()
        except Exception as exc:  # the DfE's test does not hold against its own rule
            passed, error = False, f"{type(exc).__name__}: {exc}".strip()[:500] + " @ " + \
                traceback.extract_tb(exc.__traceback__)[-1].line
        finally:
            if saved is not None:
                mod.run_rule = saved
        result[code] = {"module": mod.__name__, "passed": passed, "error": error, "calls": calls}
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
