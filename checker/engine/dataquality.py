"""The data-quality pre-check: run a validation pack (e.g. ``dfe-cin``, framework
``data-quality``) over the same data before a practice pack, and say how far the
data can be trusted (``casecheck run PACK --data-quality dfe-cin``).

The summary counts, for the validation pack's error rules and query rules, the
rules that failed, the records they flagged (and the first few of each), and
the share of the subject records of the rules with no error, so a reader sees
at once whether findings drawn from the data stand on clean records.
"""

from __future__ import annotations

from typing import Any

from checker.data.load import load_data
from checker.engine.availability import lacks_only_the_optional, unavailable
from checker.engine.outcomes import judge_all
from checker.model import FAIL, Context
from checker.packs.pack import load_pack
from checker.packs.runparams import lacking, with_params

SHOWN = 5  # affected records listed per rule


def check(pack_ref: str, data: str, as_at, input_format: str | None = None, previous: str | None = None,
          params=None, ofsted_lists=None) -> dict:
    """Run ``pack_ref`` over ``data`` (``previous``: the previous year's return, for a
    validation pack with rules that compare with it; ``ofsted_lists``: Ofsted's provider
    lists, for those looking a URN up in them): {pack, title, errors: [...],
    queries: [...], summary}, and ``not_run``: the rules that need a table the data
    holds only sometimes and lacks (the previous year's return), or a parameter
    each run gives (``params``, NAME -> text: packs/runparams) that this one did
    not, with what each needs: never judged, so never counted as clean."""
    pack = with_params(load_pack(pack_ref), params)
    loaded = load_data(data, pack.schema, input_format, as_at, previous)
    if ofsted_lists:  # Ofsted's provider lists, for the dfe-903 rules that look a URN up in them
        from checker.data.ofsted import attach_lists

        attach_lists(loaded, pack.schema, list(ofsted_lists), as_at)
        loaded.diagnostics.raise_if_errors()
    ctx = Context(loaded.dataset, pack.calendar, as_at, pack.params)
    out: dict[str, Any] = {"pack": pack.name, "title": pack.title, "errors": [], "queries": []}
    not_run = []
    flagged_errors: set[str] = set()
    for rule in pack.rules:
        why = lacking(rule, pack)
        if why:
            not_run.append({"rule": rule.id, "needs": "; ".join(why)})
            continue
        if loaded.missing_tables and lacks_only_the_optional(rule, loaded, pack.schema):
            not_run.append({"rule": rule.id, "needs": "; ".join(unavailable(rule, loaded, pack.schema))})
            continue
        fails = [o.key for o in judge_all(rule, ctx) if o.outcome == FAIL]
        if not fails:
            continue
        kind = "queries" if rule.severity == "minor" else "errors"
        out[kind].append({"rule": rule.id, "title": rule.title, "records": len(fails), "examples": fails[:SHOWN]})
        if kind == "errors":
            flagged_errors.update(f"{rule.subject}:{k}" for k in fails)
    from checker.data.ofsted import TABLES as REFERENCE  # Ofsted's lists: reference data, not the return's records

    judged = sum(len(v) for t, v in loaded.dataset.tables.items() if t not in REFERENCE)
    out["summary"] = {
        "error_rules": len(out["errors"]), "query_rules": len(out["queries"]),
        "error_records": sum(e["records"] for e in out["errors"]), "query_records": sum(q["records"] for q in out["queries"]),
        "records": judged, "records_with_errors": len(flagged_errors),
        "trusted_share": round(1 - len(flagged_errors) / judged, 4) if judged else None,
    }
    if not_run:
        out["not_run"] = not_run
    return out


def text(dq: dict) -> str:
    """The pre-check as a few lines for the terminal and the Markdown report."""
    s = dq["summary"]
    share = "" if s["trusted_share"] is None else f"; {s['trusted_share']:.1%} of the {s['records']:,} records have no error"
    lines = [f"Data quality ({dq['pack']}): {s['error_rules']} error rule(s) flag {s['error_records']:,} record(s), "
             f"{s['query_rules']} query rule(s) flag {s['query_records']:,}{share}."]
    for kind in ("errors", "queries"):
        for e in dq[kind]:
            lines.append(f"  {kind[:-1] if kind == 'errors' else 'query'} {e['rule']}: {e['records']} - {e['title']} (e.g. {', '.join(e['examples'][:3])})")
    return "\n".join(lines) + "\n"
