"""The SQL engine's guard at the edge of the calendar: which rules (or which
of their records) read dates so near the first or last day the calendar
holds, or the database's date range, that a shift or lookup could leave it,
and the reference engine's outcomes for just those records. A mixin of
``SqlEngine`` (``sql.py``), as ``sql_tally`` and ``sql_cases`` are.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from sqlglot import exp

from checker.engine import outcomes as ref
from checker.engine.compile import ROW, CompiledRule
from checker.engine.evaluate import Evaluator
from checker.engine.outcomes import Outcome
from checker.engine.sql_outcomes import reads_own_fields
from checker.language import nodes as ast
from checker.packs.pack import Rule


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class CalendarEdges:
    """Wants of the engine: ``backend``, ``schema``, ``ctx`` and ``_ranges``
    (``{(table, field): (least, greatest)}``, filled here)."""

    backend: Any
    schema: Any
    ctx: Any
    _ranges: dict[tuple[str, str], tuple]

    def _outside(self, rule: Rule, compiled: CompiledRule) -> str | None:
        """Where only some records' dates are too near the edge of what the
        rule may read (a referral typed 1880-10-26, an expected birth date
        9999-12-31): SQL over the subject table saying which, so that those
        records alone are judged by the reference engine. None where that
        cannot be told from the subject's own fields (a related table's
        date, a literal or parameter outside) or outside DuckDB."""
        if self.backend.dialect != "duckdb":
            return None
        first, last = _dt.date.min, _dt.date.max
        if compiled.uses_calendar:
            first, last = self._calendar_range()
        bounds = self._bounds(compiled, first, last)
        if bounds is None:
            return None
        lo, hi = bounds
        table = self.schema.tables[rule.subject]
        dates = [self.ctx.as_at] + [v for v in self.ctx.params.values() if isinstance(v, _dt.date)]
        for node in (rule.expect, rule.when, *[p for t in rule.reasons.values() for p in t.parts if not isinstance(p, str)]):
            if node is not None:
                dates += [n.value for n in node.walk() if isinstance(n, ast.Literal) and isinstance(n.value, _dt.date)]
        if not all(lo <= (d.date() if isinstance(d, _dt.datetime) else d) <= hi for d in dates):
            return None
        own = []
        for tname, fname in sorted(rule.fields):
            fld = self.schema.tables[tname].fields.get(fname)
            if fld is None or fld.type.kind not in ("date", "datetime"):
                continue
            if tname != rule.subject or fname not in table.fields:
                return None
            own.append(f"CAST({_quote(fname)} AS DATE) NOT BETWEEN DATE '{lo.isoformat()}' AND DATE '{hi.isoformat()}'")
        if not own:
            return None
        return f"SELECT {_quote(ROW)} FROM {_quote(rule.subject)} WHERE " + " OR ".join(own)

    def _judged_outside(self, rule: Rule, positions: list[int]) -> list[tuple[int, Outcome]]:
        """The reference engine's outcomes of the records at these positions."""
        ev = Evaluator(self.ctx)
        at = getattr(self.ctx.dataset, "records_at", None)
        if at is not None and reads_own_fields(rule) and not getattr(self.ctx.dataset, "lacks_some", False):
            # (a rule that reads the record only: those records made, not their whole table)
            return [(p, ref.judge(rule, r, self.ctx, ev)) for p, r in zip(positions, at(rule.subject, positions))]
        records = self.ctx.dataset.tables.get(rule.subject, [])
        return [(p, ref.judge(rule, records[p - 1], self.ctx, ev)) for p in positions]

    def _calendar_range(self) -> tuple[_dt.date, _dt.date]:
        cal = self.ctx.calendar
        return _dt.date(cal.first_year, 1, 1), _dt.date(cal.last_year, 12, 31)

    def _inside(self, rule: Rule, compiled: CompiledRule, first: _dt.date, last: _dt.date) -> bool:
        """Whether every date the rule can reach stays in ``first..last``:
        its data's dates, its literal dates and as_at, each far enough inside
        (as far as the rule's shifts and windows move a date back from the
        start, forward from the end) that no shift or lookup can leave it, as
        the reference would stop with an evaluation error."""
        bounds = self._bounds(compiled, first, last)
        if bounds is None:
            return False
        lo, hi = bounds
        dates = [self.ctx.as_at]
        for node in (rule.expect, rule.when, *[p for t in rule.reasons.values() for p in t.parts if not isinstance(p, str)]):
            if node is not None:
                dates += [n.value for n in node.walk() if isinstance(n, ast.Literal) and isinstance(n.value, _dt.date)]
        dates += [v for v in self.ctx.params.values() if isinstance(v, _dt.date)]
        wanted: dict[str, list[str]] = {}
        for table, name in sorted(rule.fields):
            fld = self.schema.tables[table].fields.get(name)
            if fld is not None and fld.type.kind in ("date", "datetime"):
                wanted.setdefault(table, []).append(name)
        for table, names in wanted.items():
            missing = [n for n in names if (table, n) not in self._ranges]
            if missing:
                self._fetch_ranges(table, missing)
            for name in names:
                dates += [d for d in self._ranges[(table, name)] if d is not None]
        return all(lo <= (d.date() if isinstance(d, _dt.datetime) else d) <= hi for d in dates)

    @staticmethod
    def _bounds(compiled: CompiledRule, first: _dt.date, last: _dt.date) -> tuple[_dt.date, _dt.date] | None:
        """The dates a rule may read for its shifts to stay in ``first..last``."""
        back, forward = compiled.span_back, compiled.span_forward
        if (last - first).days <= back + forward:
            return None
        return first + _dt.timedelta(days=back), last - _dt.timedelta(days=forward)

    def _range(self, table: str, name: str) -> tuple:
        """The field's earliest and latest value; asked of one field, every
        date field of its table is measured in the same query (a query costs
        DuckDB milliseconds to plan, however small the table)."""
        key = (table, name)
        if key not in self._ranges:
            self._fetch_ranges(table, [name])
        return self._ranges[key]

    def _fetch_ranges(self, table: str, names: list[str]) -> None:
        """The least and greatest value of each of ``names`` in ``table``, and
        of every other date field of the table not yet measured, in one query
        (a query costs DuckDB milliseconds to plan however small the table, and
        is a job of its own on a cluster)."""
        fields = self.schema.tables[table].fields
        names = list(names) + [f for f, spec in fields.items()
                               if f not in names and spec.type.kind in ("date", "datetime") and (table, f) not in self._ranges]
        q = (exp.select(*[fn(this=exp.column(f, quoted=True)) for f in names for fn in (exp.Min, exp.Max)])
             .from_(exp.Table(this=exp.to_identifier(table, quoted=True))).sql(dialect=self.backend.dialect))
        row = self.backend.query(q)[0]
        for i, f in enumerate(names):
            self._ranges[(table, f)] = (row[2 * i], row[2 * i + 1])
