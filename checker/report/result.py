"""One versioned result model for a run; every renderer reads this.

``RESULT_SCHEMA_VERSION`` changes only in ways scripts can rely on: a new
key is a minor change; removing or renaming one is a major change. The JSON
form is deterministic: rules in pack order, cases sorted by key, no clock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from checker import __version__
from checker.data.load import LoadResult
from checker.engine.outcomes import Outcomes
from checker.model import (
    FAIL,
    NOT_APPLICABLE,
    NOT_EVIDENCED,
    OUTCOMES,
    PASS,
)
from checker.packs.pack import Pack, Rule

RESULT_SCHEMA_VERSION = "1.4"  # 1.3: `engine` (where the rules were judged); 1.4: rule `kind`, `indicator`; summary `indicators`


@dataclass
class RuleResult:
    rule: Rule
    outcomes: Outcomes  # a list is taken too

    def __post_init__(self) -> None:
        if not isinstance(self.outcomes, Outcomes):  # a list was given (callers not yet typed pass one)
            self.outcomes = Outcomes.of_list(self.outcomes)

    @property
    def counts(self) -> dict[str, int]:
        """Records per outcome."""
        return self.outcomes.counts

    @property
    def denominator(self) -> int:
        """Records the rate is over: passes and fails, and records whose
        evidence is missing when the rule says `missing: fail`."""
        c = self.counts
        return c[PASS] + c[FAIL] + (c[NOT_EVIDENCED] - self.not_carried if self.rule.missing == "fail" else 0)

    @property
    def not_carried(self) -> int:
        """Not-evidenced records that turn on a value the input's format has
        no place for: never in the rate, whatever ``missing:`` says."""
        return self.outcomes.not_carried

    @property
    def rate(self) -> float | None:
        """Compliance rate: passes over the denominator (None when it is 0)."""
        d = self.denominator
        return None if d == 0 else self.counts[PASS] / d

    def to_dict(self, listed: tuple[str, ...] = OUTCOMES, stream: bool = False) -> dict[str, Any]:
        """``listed``: the outcomes whose cases are listed (every one, for the
        whole result; a report that shows only failing cases asks for fewer,
        and the others are never made). ``stream``: the cases are made only
        as ``jsonout.write`` writes them (:class:`jsonout.StreamedCases`)."""
        r = self.rule
        if stream:
            from checker.report.jsonout import StreamedCases

            cases: Any = StreamedCases(self.outcomes, listed, OUTCOMES)
        else:
            cases = {o: [] for o in OUTCOMES}
            for o in sorted(self.outcomes.of(*listed), key=lambda o: o.key):
                cases[o.outcome].append({"id": o.key, "reason": o.reason})
        return {
            "id": r.id,
            "title": r.title,
            "area": r.area,
            "subject": r.subject,
            "severity": r.severity,
            "kind": getattr(r, "kind", "compliance"),
            "missing": r.missing,
            "counts": self.counts,
            **({"not_carried": self.not_carried} if self.not_carried else {}),
            "total": len(self.outcomes),
            "denominator": self.denominator,
            "rate": None if self.rate is None else round(self.rate, 4),
            "tags": list(r.tags),
            "source": r.source,
            "guidance": r.guidance,
            "cases": cases,
        }


@dataclass
class RunResult:
    pack: Pack
    as_at: Any
    data_source: str
    loaded: LoadResult
    rules: list[RuleResult] = field(default_factory=list)
    not_run: list = field(default_factory=list)  # (Rule, [absent tables]) under --skip-unavailable
    sample: Any = None  # the run's --sample setting; overrides the pack's

    def to_dict(self, listed: tuple[str, ...] = OUTCOMES, context: bool = False, stream: bool = False) -> dict[str, Any]:
        """The whole result; ``listed`` as for :meth:`RuleResult.to_dict`
        (the cases of other outcomes are left out, their counts kept).
        ``context``: each listed case also carries its child, team, worker
        and the dates the rule read (``context.case_context``), for the
        outputs a QA manager hands actions out from."""
        from checker.report.context import case_context
        from checker.report.findings import build
        from checker.report.indicators import indicator_result, is_indicator

        p = self.pack
        f = build(self)
        rules = []
        index: dict = {}
        for r in self.rules:
            d = r.to_dict(listed, stream=stream and not context)
            d.update(f["rules"][r.rule.id])
            if is_indicator(r.rule):
                d["indicator"] = indicator_result(r, self)
                d["why"] = f"an indicator, not graded case by case: {d['indicator']['text']}"
            if context:
                keys = [c["id"] for cs in d["cases"].values() for c in cs]
                if keys:
                    ctx = case_context(self, r.rule, keys, index)
                    for cs in d["cases"].values():
                        for c in cs:
                            c.update(ctx.get(c["id"]) or {})
            rules.append(d)
        return {
            "schema_version": RESULT_SCHEMA_VERSION,
            "casecheck_version": __version__,
            "pack": {"name": p.name, "title": p.title, "version": p.version, "schema": p.schema.name},
            "as_at": self.as_at.isoformat(),
            "data": {"path": self.data_source, "format": self.loaded.format},
            "calendar": p.calendar.describe(),
            "accounting": {name: acc.to_dict() for name, acc in sorted(self.loaded.accounts.items())},
            "rejections": [r.to_dict() for r in self.loaded.rejections],
            "integrity": [i.to_dict() for i in self.loaded.integrity],
            "warnings": [d.to_dict() for d in self.loaded.diagnostics.warnings],
            "summary": summary(self.rules),
            "framework": f["framework"],
            "sample": f["sample"],
            "overall": f["overall"],
            "areas": f["areas"],
            "actions": f["actions"],
            "rules": rules,
            "not_run": [
                {"id": r.id, "title": r.title, "needs": why} for r, why in self.not_run
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def summary(rules: list[RuleResult]) -> dict[str, int]:
    """Outcomes over the compliance rules (``rules``: how many); an indicator's records
    are never failed case by case, so they are counted only in ``indicators`` (how many
    indicator rules ran)."""
    out = {o: 0 for o in OUTCOMES}
    indicators = 0
    for r in rules:
        if getattr(r.rule, "kind", "compliance") == "indicator":
            indicators += 1
            continue
        for k, v in r.counts.items():
            out[k] += v
    out["rules"] = len(rules) - indicators
    out["indicators"] = indicators
    return out


_ = (NOT_APPLICABLE,)
