"""The reference engine: judge every subject record of every rule.

For each record: evaluate ``when`` and ``expect`` (evaluate.py), decide the
outcome, and give a reason, from the rule's template for that outcome if it
has one, otherwise from the evaluation trace (explain.py). Records are judged
in key order, so results are deterministic.

A record whose ``when`` or ``expect`` is unknown because of a value the
input's format has no place for (:class:`checker.model.NotCarried`) is
``not_evidenced`` with ``carried`` false and a reason naming the format: it
is left out of the rate whatever the rule's ``missing:`` says (``missing:
fail`` is for blanks, not for columns a return has no place for).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from checker.engine.evaluate import (
    EvaluationError,
    Evaluator,
    RecordValueError,
    format_value,
)
from checker.engine.explain import reason
from checker.errors import CasecheckError
from checker.language import nodes as ast
from checker.language.printer import pretty
from checker.model import (
    FAIL,
    NOT_APPLICABLE,
    NOT_EVIDENCED,
    PASS,
    Context,
    NotCarried,
    Row,
)
from checker.packs.pack import Rule, Template

_ONE_UNIT = re.compile(r"(?<![\d.,-])(1) (working day|day|week|month|year)s\b")  # "-1 working days" stays


def one_unit(text: str) -> str:
    """A reason as a person writes it: "1 working day", not "1 working days"
    (templates say "{n} working days" for any n). Every engine's reasons pass
    through here, so they stay the same word for word."""
    return _ONE_UNIT.sub(r"\1 \2", text) if "1 " in text else text


@dataclass(frozen=True)
class Outcome:
    key: str
    outcome: str
    reason: str
    #: false for a not_evidenced outcome that turns on a value the input's
    #: format has no place for (left out of the rate)
    carried: bool = True


#: the count of not-carried outcomes (part of ``not_evidenced``), in ``Outcomes.counts``
NOT_CARRIED = "not_carried"


class RuleEvaluationError(CasecheckError):
    """A rule could not be evaluated for a record: the run is an error."""

    def __init__(self, rule: Rule, row: Row, error: EvaluationError):
        self.rule = rule
        self.row = row
        self.error = error
        where = f" in `{pretty(error.node)}`" if error.node is not None else ""
        CasecheckError.init_message(
            self, f"rule {rule.id} could not be evaluated for {rule.subject} {row.key}{where}: {error.message}",
            "evaluation", location=rule.location, rule=rule.id)


def judge(rule: Rule, row: Row, ctx: Context, fast: Evaluator | None = None) -> Outcome:
    fast = fast or Evaluator(ctx)
    try:
        if rule.when is not None:
            w, _ = fast.run(rule.when, row)
            if isinstance(w, NotCarried):
                return Outcome(row.key, NOT_EVIDENCED, not_carried_reason(w, "when"), carried=False)
            if w is not True:
                status = NOT_APPLICABLE if w is False else NOT_EVIDENCED
                return Outcome(row.key, status, one_unit(_reason(rule, row, ctx, status, rule.when, "when")))
        e, _ = fast.run(rule.expect, row)
        if isinstance(e, NotCarried):
            return Outcome(row.key, NOT_EVIDENCED, not_carried_reason(e, "expect"), carried=False)
        status = PASS if e is True else FAIL if e is False else NOT_EVIDENCED
        return Outcome(row.key, status, one_unit(_reason(rule, row, ctx, status, rule.expect, "expect")))
    except RecordValueError as exc:  # this record's own value (a date outside the calendar): its outcome, not the run's
        return Outcome(row.key, NOT_EVIDENCED, exc.message)
    except EvaluationError as exc:
        raise RuleEvaluationError(rule, row, exc) from None


def not_carried_reason(nc: NotCarried, role: str) -> str:
    """The reason of an outcome that turns on a value the format lacks."""
    if role == "when":
        return f"cannot tell whether the rule applies: {nc.why}"
    return f"not judged: {nc.why}"


def _reason(rule: Rule, row: Row, ctx: Context, status: str, node: ast.Node, role: str) -> str:
    tpl = rule.reasons.get(status)
    if tpl is not None:
        return render_template(tpl, row, ctx)
    if status == PASS:
        return "met: " + " ".join(rule.expect_text.split())
    _, trace = Evaluator(ctx, trace=True).run(node, row)
    assert trace is not None  # asked for
    text = reason(trace)
    if role == "when":
        prefix = "not applicable: " if status == NOT_APPLICABLE else "cannot tell whether the rule applies: "
        return prefix + text
    return text


def render_template(tpl: Template, row: Row, ctx: Context) -> str:
    ev = Evaluator(ctx)
    out = []
    for part in tpl.parts:
        if isinstance(part, str):
            out.append(part)
        else:
            out.append(format_value(ev.run(part, row)[0]))
    return "".join(out)


def judge_all(rule: Rule, ctx: Context) -> list[Outcome]:
    ev = Evaluator(ctx)
    return [judge(rule, row, ctx, ev) for row in ctx.dataset.tables.get(rule.subject, [])]


def outcome_counts(outcomes) -> dict[str, Any]:
    if isinstance(outcomes, Outcomes):
        return dict(outcomes.counts)
    counts = {PASS: 0, FAIL: 0, NOT_EVIDENCED: 0, NOT_APPLICABLE: 0}
    nc = 0
    for o in outcomes:
        counts[o.outcome] += 1
        nc += not o.carried
    if nc:
        counts[NOT_CARRIED] = nc
    return counts


class Outcomes(Sequence):
    """One rule's outcomes, one per subject record in key order.

    The counts are known when it is made. The records themselves, with their
    reasons, may be made only when first read, and a reader that wants some
    outcomes only (:meth:`of`) gets just those: a run that reports rates and
    failing cases never makes an object for each passing record. An engine
    that can also count by team or worker where the records are gives
    ``tally`` (see ``findings.breakdowns``).

    A list of outcomes is one of these already made (:meth:`of_list`)."""

    __slots__ = ("counts", "not_carried", "_items", "_make", "_some", "tally", "_json", "_sql", "_whys")

    def __init__(self, counts: dict[str, int], make=None, some=None, tally=None, items: list[Outcome] | None = None,
                 json_texts=None, case_sql=None, not_carried_whys=None):
        self.counts = {o: counts.get(o, 0) for o in (PASS, FAIL, NOT_EVIDENCED, NOT_APPLICABLE)}
        #: not_evidenced outcomes that turn on a value the format lacks (out of the rate)
        self.not_carried = counts.get(NOT_CARRIED, 0)
        self._items = items
        self._make = make  # () -> every outcome, in key order
        self._some = some  # (statuses) -> those outcomes, in key order
        self.tally = tally  # (paths) -> breakdown tallies, or None: the caller counts
        self._json = json_texts  # (status, case indent, field indent, fix, listed) -> chunks of case JSON, or None
        self._sql = case_sql  # (statuses) -> (SQL, constant outcomes, connection), or None
        self._whys = not_carried_whys  # () -> {why: count} of the not-carried outcomes, or None: made from them

    def json_texts(self, status: str, case_indent: str, field_indent: str, fix=None, listed=None):
        """The JSON of each case with this outcome (``{"id": ..., "reason":
        ...}`` laid out with these indents), in key order, in chunks (lists
        of texts, or a file of them: ``report.jsonout.StreamedCases``), where
        the engine can write them itself; else None. With
        ``fix`` (``--redact``: the redactor's ``text``), each case's ID and
        reason pass through it before they are written (read from the
        database as they are, never made into outcome objects). ``listed``:
        the outcomes the writer lists (so the engine may make the next rules'
        ahead of it)."""
        if self._json is None or self._items is not None:
            return None
        return self._json(status, case_indent, field_indent, fix, listed)

    def case_sql(self, statuses: tuple[str, ...]):
        """Where the engine's database holds every case with these outcomes
        and words its reason: ``(sql, constant, connection)``, the SQL giving
        each case's ``position`` (the subject's row), key ``k``, reason ``r``
        and ``outcome``, in one pass over the rule's rows (``constant``: the
        outcomes whose reason is the same text for all, ``one_unit`` applied
        already); else None (the outcomes are made in Python)."""
        if self._sql is None or self._items is not None:
            return None
        return self._sql(statuses)

    def not_carried_whys(self) -> dict[str, int]:
        """What the input lacks, as each not-carried outcome's reason says it
        (the text after the reason's first ``": "``), and on how many
        records: counted where the engine holds them, else from the outcomes."""
        if not self.not_carried:
            return {}
        if self._whys is not None and self._items is None:
            return self._whys()
        whys: dict[str, int] = {}
        for o in self.of(NOT_EVIDENCED):
            if not o.carried:
                why = o.reason.split(": ", 1)[1] if ": " in o.reason else o.reason
                whys[why] = whys.get(why, 0) + 1
        return whys

    @classmethod
    def of_list(cls, outcomes: list[Outcome]) -> Outcomes:
        if isinstance(outcomes, Outcomes):
            return outcomes
        outcomes = list(outcomes)
        return cls(outcome_counts(outcomes), items=outcomes)

    @property
    def items(self) -> list[Outcome]:
        if self._items is None:
            self._items = self._make()
            self._make = self._some = None
        return self._items

    def of(self, *statuses: str) -> list[Outcome]:
        """The outcomes with these statuses, in key order."""
        wanted = set(statuses)
        if not any(self.counts[s] for s in wanted):
            return []
        if self._items is None and self._some is not None:
            return self._some(tuple(s for s in (PASS, FAIL, NOT_EVIDENCED, NOT_APPLICABLE) if s in wanted))
        return [o for o in self.items if o.outcome in wanted]

    def __len__(self) -> int:
        return sum(self.counts.values())

    def __iter__(self):
        return iter(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __eq__(self, other) -> bool:
        if isinstance(other, (Outcomes, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Outcomes {self.counts}>"
