"""Run the DfE SSDA903 validator (``csc-validator-be-903``, package ``lac_validator``) over a
folder of 903 CSV files and print, as JSON, the rows each rule flagged.

Test-only oracle for the ``dfe-903`` pack (tests/test_dfe_903_oracle.py). It runs in its
own virtual environment (the validator pins pandas < 2), never in casecheck's, so it
imports nothing from casecheck.

    python run_903_validator.py FOLDER --year 2026 [--ruleset lac2025_26] [--rules 101,102] [--previous DIR] [--la E09000033]
    python run_903_validator.py RETURN.xml --year 2026 [--previous LAST.xml] ...
    python run_903_validator.py FOLDER --year 2026 --ch CH.xlsx --scp SCP.xlsx   # Ofsted's lists
    python run_903_validator.py FOLDER --year 2026 --ch COMBINED.xlsx            # Ofsted's combined list

``--ch``/``--scp``: Ofsted's children's homes and social care providers lists, read by the
validator's own ``construct_provider_info_table`` (its "CH lookup" and "SCP lookup" uploads) into
its metadata's ``provider_info``, or with ``--ch`` alone a combined list, by
``scpch_provider_info_table``, as its ``read_from_text`` does; without them the rules needing them
return nothing and are reported ``skipped``.

A path ending ``.xml`` is read by the validator's XML reader (``read_xml_from_text``, its metadata
``file_format`` then "xml"), the previous year's too; the output then also gives, per table, the CHILD
of each row (``children``), since the XML's tables are the validator's own conversion.

The files are read by the validator's own CSV reader (each recognised by its columns);
``--year`` is its collectionYear (the collection ends 31/03/<year>). Each flagged row is
named by its place among its file's data rows, from 1 (as the ``ssda903`` schema's keys
end). Output::

    {"rules": {"101": {"rows": {"Header": [3]}, "error": null, "skipped": false}}, "tables": {...}}

A rule that raised is reported with its error (the validator itself logs it and goes on).
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
import time
from pathlib import Path

logging.disable(logging.CRITICAL)

from lac_validator.datastore import copy_datastore, create_datastore  # noqa: E402
from lac_validator.ingress import (  # noqa: E402
    combined_ch_scp_check,
    construct_provider_info_table,
    read_csvs_from_text,
    read_xml_from_text,
    scpch_provider_info_table,
)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--year", required=True)
    ap.add_argument("--ruleset", default="lac2025_26")
    ap.add_argument("--rules", default=None)
    ap.add_argument("--la", default="E09000033", help="the council's own LA code (the validator's localAuthority)")
    ap.add_argument("--previous", default=None, help="the previous year's return (a folder of CSV files)")
    ap.add_argument("--ch", default=None, help="Ofsted's children's homes list (or its combined list, alone)")
    ap.add_argument("--scp", default=None, help="Ofsted's social care providers list")
    args = ap.parse_args(argv)
    real, sys.stdout = sys.stdout, sys.stderr  # the validator prints as it goes; only the JSON goes out
    t0 = time.perf_counter()
    xml = args.folder.lower().endswith(".xml")
    if xml:  # the validator's XML reader: one file a year (its read_from_text hands an .xml upload to it)
        dfs = read_xml_from_text(Path(args.folder).read_bytes())
        if args.previous:
            dfs.update({f"{t}_last": df for t, df in read_xml_from_text(Path(args.previous).read_bytes()).items()})
    else:
        files = [{"name": p.name, "file_content": p.read_bytes(), "description": "This year"}
                 for p in sorted(Path(args.folder).glob("*.csv"))]
        if args.previous:  # the validator's own way: files described "Prev year" become its *_last tables
            files += [{"name": p.name, "file_content": p.read_bytes(), "description": "Prev year"}
                      for p in sorted(Path(args.previous).glob("*.csv"))]
        dfs = read_csvs_from_text(files)
    children = {t: [None if c != c else str(c) for c in df["CHILD"]] if "CHILD" in df.columns else [None] * len(df)
                for t, df in dfs.items()} if xml else None
    meta = {"collectionYear": args.year, "localAuthority": args.la, "file_format": "xml" if xml else "csv"}
    if args.ch and args.scp:
        meta["provider_info"] = construct_provider_info_table(CH=args.ch, SCP=args.scp)
    elif args.ch:
        content = {"file_content": Path(args.ch).read_bytes()}
        if not combined_ch_scp_check(content):
            raise SystemExit(f"{args.ch}: not a combined list")
        meta["provider_info"] = scpch_provider_info_table(scpch=content)
    ds = create_datastore(dfs, meta)
    registry = getattr(importlib.import_module(f"lac_validator.rules.{args.ruleset}"), "registry")
    wanted = set(args.rules.upper().split(",")) if args.rules else None  # case-insensitive: casecheck's 197A is 197a
    out = {}
    for code, rule in registry.items():
        code = str(code)
        if wanted and code.upper() not in wanted:
            continue
        error, rows, skipped = None, {}, False
        try:
            result = rule.func(copy_datastore(ds))
            skipped = result == {}
            for table, idx in result.items():
                rows[table] = sorted({int(i) + 1 for i in idx if i == i})
        except Exception as exc:  # the validator logs such a rule and goes on; we say it raised
            error = f"{type(exc).__name__}: {exc}"
        out[code] = {"rows": rows, "error": error, "skipped": skipped}
    sys.stdout = real
    result = {"rules": out, "tables": {t: len(v) for t, v in dfs.items()}, "seconds": round(time.perf_counter() - t0, 3)}
    if children is not None:
        result["children"] = children
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
