"""Stage 1 of turning the DfE 903 validator's own rule tests into casecheck fixtures: run in
the validator's environment, it runs each rule's ``test_validate()`` with the rule's
``validate`` watched, and prints, as JSON, every call it made: the small input tables, the
metadata (and the tables in it: ``provider_info``, Ofsted's provider lists), and the rows the rule flagged (which the test asserts are the expected ones, so a
passing test's calls are its expectations). Stage 2 is ``validator_tests.py``.

    python extract_903_tests.py [--ruleset lac2025_26] [--rules 101,102] > cases.json

Imports nothing from casecheck. Values are written as text (as the validator reads a CSV:
every cell a string), dates as DD/MM/YYYY, missing as null.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import inspect
import json
import logging
import sys

logging.disable(logging.CRITICAL)


def _cell(v):
    import pandas as pd

    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.strftime("%d/%m/%Y")
    return str(v)


def _tables(dfs) -> tuple[dict, dict]:
    import pandas as pd

    tables, meta = {}, {}
    for name, df in dfs.items():
        if name == "metadata":
            meta = {k: _cell(v) for k, v in df.items() if isinstance(v, (str, pd.Timestamp))}
            for k, v in df.items():  # a table in the metadata: provider_info, Ofsted's lists as the validator reads them
                if isinstance(v, pd.DataFrame):
                    tables[k] = {"index": [int(i) if not isinstance(i, str) else i for i in v.index],
                                 "rows": [{c: _cell(x) for c, x in r.items()} for r in v.to_dict("records")]}
        elif isinstance(df, pd.DataFrame):
            tables[name] = {"index": [int(i) if not isinstance(i, str) else i for i in df.index],
                            "rows": [{c: _cell(v) for c, v in r.items()} for r in df.to_dict("records")]}
    return tables, meta


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ruleset", default="lac2025_26")
    ap.add_argument("--rules", default=None)
    args = ap.parse_args(argv)
    real, sys.stdout = sys.stdout, sys.stderr
    registry = getattr(importlib.import_module(f"lac_validator.rules.{args.ruleset}"), "registry")
    wanted = set(args.rules.split(",")) if args.rules else None
    out = {}
    for code, rule in registry.items():
        code = str(code)
        if wanted and code not in wanted:
            continue
        module = inspect.getmodule(rule.func)
        test = getattr(module, "test_validate", None)
        entry = {"module": module.__name__, "calls": [], "error": None}
        out[code] = entry
        if test is None:
            entry["error"] = "no test_validate"
            continue
        original = module.validate

        def watched(dfs, _original=original, _entry=entry):
            given = _tables(copy.deepcopy(dfs))
            result = _original(dfs)
            _entry["calls"].append({"tables": given[0], "metadata": given[1],
                                    "flagged": {t: sorted({int(i) if not isinstance(i, str) else i for i in v})
                                                for t, v in result.items()}})
            return result

        module.validate = watched
        try:
            test()
        except Exception as exc:  # a validator test that fails or raises: its calls are not expectations
            entry["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            module.validate = original
    sys.stdout = real
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
