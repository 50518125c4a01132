"""Outcomes worded from a compiled rule's rows (``SqlEngine`` takes this as a
mixin): each row's status, and its reason from the template's holes the query
filled, from the reason the database worded whole, from the evaluation trace
of the reference evaluator (once per distinct combination of the fields an
expression reads), or as not evidenced where the value is one the data's
format does not carry."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from checker.engine import outcomes as ref
from checker.engine.compile import CompiledRule
from checker.engine.compile_unknown import NC_COLUMN
from checker.engine.evaluate import Evaluator, format_value
from checker.engine.outcomes import Outcome, one_unit
from checker.language import nodes as ast
from checker.model import NOT_APPLICABLE, NOT_EVIDENCED, OUTCOMES, PASS, Row, plain_decimal
from checker.packs.pack import Rule

if TYPE_CHECKING:
    from checker.engine.compile_unknown import UnknownCompiler
    from checker.model import Context


def normalise(v: Any) -> Any:
    """A value from the database as the reference evaluator would hold it."""
    if isinstance(v, float):
        return Decimal(repr(v))
    if isinstance(v, Decimal):
        return plain_decimal(v)
    return v


def own_fields(node) -> tuple[str, ...] | None:
    """The subject fields an expression reads, when it reads nothing else
    (no relation, no quantifier); None otherwise."""
    if node is None:
        return None
    fields = set()
    for n in node.walk():
        if isinstance(n, (ast.Attribute, ast.Quantifier, ast.Comprehension, ast.Pick)):
            return None
        if isinstance(n, ast.Name):
            res = n.resolved
            if res is None or res.kind not in ("field", "param"):
                return None
            if res.kind == "field":
                fields.add(n.name)
    return tuple(sorted(fields))


def reads_own_fields(rule: Rule) -> bool:
    """Whether the rule (its when, expect and templates) reads nothing but the subject record's
    own fields and parameters: judged and worded from that record alone."""
    parts = [p for t in rule.reasons.values() for p in t.parts if not isinstance(p, str)]
    return all(own_fields(n) is not None for n in (rule.expect, *parts)) and \
        (rule.when is None or own_fields(rule.when) is not None)


class RowWording:
    """What :class:`checker.engine.sql.SqlEngine` words outcomes with."""

    ctx: Context
    _unknown: UnknownCompiler | None

    def _outcomes(self, rule: Rule, compiled: CompiledRule, rows: list[tuple], keyed: bool = False) -> list[Outcome]:
        """Outcomes from the query's rows; ``keyed``: each row ends with the
        record's key, and the loaded record is read only for a reason that
        needs it (so a run may never make Python records at all)."""
        dataset = self.ctx.dataset
        ctx = self.ctx
        # a dataset DuckDB holds: the records these reasons read, not every table (duckdb_focus)
        focus = getattr(dataset, "focus", None)
        focused = focus() if keyed and focus is not None else None
        if focused is not None:
            ctx = copy.copy(self.ctx)
            ctx.dataset = focused
        position = {name: i for i, name in enumerate(compiled.columns)}
        when_at = position.get("_when")
        nc_at = position.get(NC_COLUMN)
        whys = self._unknown.whys if nc_at is not None and self._unknown is not None else []
        # each template as a plan of parts: 0 text, 1 a hole's column, 2 (a
        # hole the compiler could not express) an expression for the reference
        # evaluator; or 3, the column holding the whole reason worded in SQL
        plans: dict[str, list[tuple[int, Any]]] = {}
        for status, tpl in rule.reasons.items():
            holes = compiled.holes.get(status, {})
            if -1 in holes:  # worded whole in the database
                plans[status] = [(3, position[holes[-1]])]
                continue
            plans[status] = [(0, part) if isinstance(part, str) else (1, position[holes[i]]) if i in holes else (2, part)
                             for i, part in enumerate(tpl.parts)]
        for status, name in compiled.traced.items():
            plans[status] = [(3, position[name])]
        met = "met: " + " ".join(rule.expect_text.split())
        # A reason from the evaluation trace of an expression that reads only
        # the record's own fields is a function of those fields' values:
        # worded once per distinct combination.
        reads = {"when": own_fields(rule.when), "expect": own_fields(rule.expect)}
        memo: dict[tuple, str] = {}
        out = []
        ev = Evaluator(ctx)
        records = None

        def record(position: int) -> Row:
            return focused.records(rule.subject, [position])[0] if focused is not None else \
                self._record(rule.subject, position)

        if focused is not None:  # the records of the rows whose reasons read them, read at once
            wanted = {s for s in OUTCOMES if (plans.get(s) is None and s != PASS)
                      or any(kind == 2 for kind, _ in plans.get(s) or ())}
            focused.records(rule.subject, [values[0] for values in rows if values[1] in wanted
                                           and (nc_at is None or values[nc_at] is None)])
        for values in rows:
            if keyed:
                key, row = values[-1], None
            else:
                if records is None:
                    records = dataset.tables.get(rule.subject, [])
                row = records[values[0] - 1]
                key = row.key
            status = values[1]
            plan = plans.get(status)
            if nc_at is not None and values[nc_at] is not None:
                # turns on what the format lacks: out of the rate, saying so
                code, role = divmod(values[nc_at], 2)
                lacked = ev.not_carried(*whys[code])
                out.append(Outcome(key, NOT_EVIDENCED, ref.not_carried_reason(lacked, "expect" if role else "when"),
                                   carried=False))
                continue
            if plan is not None:
                if plan[0][0] == 3:
                    text = values[plan[0][1]]
                else:
                    if row is None and any(kind == 2 for kind, _ in plan):
                        row = record(values[0])
                    text = "".join(part if kind == 0 else format_value(normalise(values[part])) if kind == 1
                                   else format_value(ev.run(part, self._loaded(row))[0]) for kind, part in plan)
            elif status == PASS:
                text = met
            else:
                if row is None:
                    row = record(values[0])
                undecided_when = rule.when is not None and (values[when_at] is not True if when_at is not None
                                                              else self._when_undecided(rule, row, ev))
                role = "when" if status == NOT_APPLICABLE or undecided_when else "expect"
                node = rule.when if role == "when" else rule.expect
                # role is "when" only for a rule with a `when` (not applicable, an undecided `when`)
                assert node is not None
                fields = reads[role]
                if fields is None:
                    text = ref._reason(rule, row, ctx, status, node, role)
                else:
                    mkey = (status, role, tuple(row.values.get(f) for f in fields))
                    text = memo.get(mkey)
                    if text is None:
                        text = memo[mkey] = ref._reason(rule, row, ctx, status, node, role)
            out.append(Outcome(key, status, one_unit(text)))
        return out

    def _not_carried_whys(self, counted, extra=()) -> dict[str, int]:
        """What the not-carried outcomes lack and on how many records, as
        :meth:`Outcomes.not_carried_whys` gives it, from (not-carried code,
        count) pairs of the query's rows (no outcome made for each), and
        outcomes made otherwise (``extra``)."""
        ev = Evaluator(self.ctx)
        whys = self._unknown.whys if self._unknown is not None else []
        out: dict[str, int] = {}
        for code, n in counted:
            why = ev.not_carried(*whys[code // 2]).why  # the reason's text after "...: ", as _outcomes words it
            out[why] = out.get(why, 0) + n
        for o in extra:
            if not o.carried:
                why = o.reason.split(": ", 1)[1] if ": " in o.reason else o.reason
                out[why] = out.get(why, 0) + 1
        return out

    def _record(self, table: str, position: int) -> Row:
        return self.ctx.dataset.tables[table][position - 1]

    @staticmethod
    def _loaded(row: Row | None) -> Row:
        """The record a part for the reference evaluator reads: loaded before
        such a part is worded."""
        assert row is not None  # loaded above wherever a plan has a part of kind 2
        return row

    @staticmethod
    def _when_undecided(rule: Rule, row: Row, ev: Evaluator) -> bool:
        assert rule.when is not None  # asked only of a rule with a `when`
        return ev.run(rule.when, row)[0] is not True
