"""Indicator rules: a population rate reported against its benchmarks.

A rule with ``kind: indicator`` (re-referrals, repeat plans, placement
stability, care-leaver outcomes) measures a rate the DfE publishes and
benchmarks, where a zero rate is not expected. Its records are still judged
one by one (so the cases behind the rate can be listed), but the result
reports it as a rate with its direction and benchmarks, placed in a band
relative to them; it is never failed case by case in the compliance counts
(``result.summary``) and never a strength.

* ``rate``: the records the indicator counts (``indicator.counts``: the
  rule's fails, e.g. re-referred, or its passes) over the rule's
  denominator, with a 95% Wilson interval.
* ``band`` per benchmark: ``similar`` when the benchmark lies inside the
  interval (the difference could be chance at this size), otherwise
  ``better`` or ``worse`` by the indicator's ``direction``. The indicator's
  own band is the one against its comparator: statistical neighbours where
  the council has set them, else England, else the first benchmark.
* ``window``: for an indicator that looks back from each record of the
  audit year (``indicator.lookback``), a sentence when the data's earliest
  record is later than the look-back needs (the rate may be understated).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from checker.model import FAIL, PASS
from checker.report.findings import wilson
from checker.workdays import add_months

#: how reports name a benchmark's population when it has no ``label``
LABELS = {"england": "England", "statistical-neighbours": "statistical neighbours", "region": "the region"}
#: the comparator order: the first present is the indicator's own band
PREFERRED = ("statistical-neighbours", "england")
NONE_SET = "no benchmark set (none is cited in the pack; the council sets one under `overrides: {{{rule}: {{benchmarks: [...]}}}}`)"


def is_indicator(rule) -> bool:
    return getattr(rule, "kind", "compliance") == "indicator"


def label(b: dict) -> str:
    return b.get("label") or LABELS.get(b["against"], b["against"].replace("-", " "))


def band(low: float, high: float, value: float, direction: str) -> str:
    """``similar`` if ``value`` is inside [low, high]; else ``better`` or ``worse``."""
    if low <= value <= high:
        return "similar"
    above = low > value  # the council's rate is above the benchmark
    return "worse" if above == (direction == "lower") else "better"


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def indicator_result(rule_result, run=None) -> dict[str, Any]:
    """The ``indicator`` entry of a rule's result (see the module docstring)."""
    rule = rule_result.rule
    spec = rule.indicator or {}
    counts = rule_result.counts
    n = rule_result.denominator
    counted = counts[FAIL] if spec.get("counts", "fail") == "fail" else counts[PASS]
    rate = counted / n if n else None
    bounds = wilson(counted, n) if n else None
    direction = spec.get("direction", "lower")
    benches = []
    for b in spec.get("benchmarks") or []:
        entry = {"against": b["against"], "label": label(b), "value": b["value"], "year": b["year"],
                 "population": b["population"], "source": b["source"]}
        if b.get("note"):
            entry["note"] = b["note"]
        entry["band"] = None if bounds is None else band(bounds[0], bounds[1], b["value"], direction)
        benches.append(entry)
    primary = next((b for a in PREFERRED for b in benches if b["against"] == a), benches[0] if benches else None)
    out = {
        "measure": spec.get("measure", rule.title),
        "counts": spec.get("counts", "fail"),
        "direction": direction,
        "count": counted,
        "denominator": n,
        "rate": None if rate is None else round(rate, 4),
        "interval": None if bounds is None else {"low": round(bounds[0], 4), "high": round(bounds[1], 4),
                                                 "confidence": 0.95, "method": "wilson"},
        "benchmarks": benches,
        "compared_with": None if primary is None else primary["against"],
        "band": None if primary is None else primary["band"],
        "window": window_note(rule, spec.get("lookback"), run),
    }
    out["text"] = text(out, rule.id)
    return out


def text(ind: dict, rule_id: str = "RULE") -> str:
    """"rate 23.1% (England 22.4%, 2024, https://...): similar to England; lower is better",
    or "... no benchmark set"."""
    rate = "no rate (no records)" if ind["rate"] is None else f"rate {pct(ind['rate'])}"
    better = f"{ind['direction']} is better"
    if not ind["benchmarks"]:
        return f"{rate}: {NONE_SET.format(rule=rule_id)}; {better}"
    refs = "; ".join(f"{b['label']} {pct(b['value'])}, {b['year']}, {b['source']}" for b in ind["benchmarks"])
    primary = next(b for b in ind["benchmarks"] if b["against"] == ind["compared_with"])
    if ind["band"] is None:
        where = "not compared (no records)"
    else:
        where = f"{ind['band']} {'to' if ind['band'] == 'similar' else 'than'} {primary['label']}"
    return f"{rate} ({refs}): {where}; {better}"


def window_note(rule, lookback: dict | None, run) -> str | None:
    """A sentence when the data starts later than the look-back from the audit year needs."""
    if not lookback or run is None:
        return None
    try:
        earliest = run.loaded.dataset.min_value(rule.subject, lookback["field"], run.as_at)
    except AttributeError:
        return None
    if earliest is None:
        return None
    year_from = add_months(run.as_at, -12) + timedelta(days=1)
    needed = add_months(year_from, -lookback["months"])
    if earliest <= needed:
        return None
    return (f"the data's earliest {rule.subject}.{lookback['field']} is {earliest.isoformat()}: judging the year from "
            f"{year_from.isoformat()} needs the {lookback['months']} months before it, back to {needed.isoformat()}, "
            f"so earlier records the data does not hold are missed and the rate may be understated")
