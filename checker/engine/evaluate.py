"""The reference evaluator: a checked rule, one subject record, one outcome.

This module is the specification of what rules mean; it is kept small and
plain so that it is obviously right, and any faster engine must agree with it.

Missing values use three-valued (Kleene) logic. A missing operand makes a
comparison, arithmetic or function result missing; ``and`` is false as soon
as either side is false and ``or`` true as soon as either side is true,
whatever the other side is; otherwise a missing side makes the result
missing. ``is missing`` / ``is present`` and ``??`` are the ways to test and
replace a missing value. Quantifiers follow the same logic over their items:
``some`` is true if any item's condition is true, false if all are false,
missing otherwise; ``every x ... where F satisfies P`` is the ``and`` over
the items of ``not F or P``. A comprehension with an item whose condition is
missing is itself missing (its contents are not known).

A rule's outcome for a record:

* ``when`` false: ``not_applicable``; ``when`` missing: ``not_evidenced``;
* ``expect`` true: ``pass``; false: ``fail``; missing: ``not_evidenced``.

*Not carried* (:class:`checker.model.NotCarried`): a value the input's format
has no place for (a field of a record, a table) is unknown like a missing
value, by the same Kleene logic, but is kept apart: where an unknown result
could have been decided by a not-carried value, the result is not carried
(so a record's outcome is unknown *because of the format*, not because a
blank). ``is missing`` and ``??`` on a not-carried value are not carried:
whether it would have been blank is not known. A not-carried value never
exists in a dataset that lacks nothing, so there every result is as before.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Any

from checker import workdays as cal
from checker.errors import CasecheckError
from checker.language import nodes as ast
from checker.language.functions import FUNCTIONS, schedule_check
from checker.language.printer import pretty
from checker.language.visitor import Visitor
from checker.model import (
    Context,
    NotCarried,
    Row,
    plain_decimal,
)
from checker.postcodes import ReferenceDataMissing
from checker.values import Duration


class EvaluationError(CasecheckError):
    """A rule could not be evaluated (not a data problem: e.g. division by zero
    or a date outside the calendar). A run with one is an error, never a pass."""

    def __init__(self, message: str, node: ast.Node | None = None):
        CasecheckError.init_message(self, message, "evaluation")
        self.message = message
        self.node = node


class RecordValueError(EvaluationError):
    """A value of the record itself is one casecheck cannot compute with (a
    date outside the calendar casecheck holds, such as a referral date typed
    1880-10-26 or 9999-12-31). Not the rule's fault and not the run's: that
    record is ``not_evidenced`` with this message as its reason, and the run
    goes on (engine.judge). A date the rule's own arithmetic moves out of
    range (``opened + 3000000 days``) stays an EvaluationError."""


def _record_date_error(ctx: Context, operands) -> RecordValueError | None:
    """The RecordValueError for the first operand that is a date read from
    the record (not a literal, a parameter or as_at) and lies outside the
    calendar's years; None if there is none."""
    first, last = ctx.calendar.first_year, ctx.calendar.last_year
    for node, value in operands:
        d = value.date() if isinstance(value, _dt.datetime) else value
        if not isinstance(d, _dt.date) or first <= d.year <= last or not _from_record(node):
            continue
        label = pretty(node).rsplit(".", 1)[-1].replace("_", " ")
        return RecordValueError(
            f"{label} {d.isoformat()} is outside the calendar casecheck holds ({first}-01-01 to {last}-12-31)", node)
    return None


def _from_record(node) -> bool:
    """Whether an expression's value comes from data (a field of a record)."""
    return any(isinstance(n, (ast.Name, ast.Attribute)) and getattr(n.resolved, "kind", None) != "param"
               for n in node.walk())


@dataclass
class Trace:
    """The value of one sub-expression, with how it came about (explain)."""

    node: ast.Node
    value: Any
    children: list[Trace] = field(default_factory=list)
    note: str | None = None
    label: str | None = None  # e.g. "v = V0012" for an item of a quantifier


class Evaluator(Visitor):
    prefix = "_e_"

    def __init__(self, ctx: Context, trace: bool = False):
        self.ctx = ctx
        self.tracing = trace
        self._stack: list[Trace] = []
        self._closed: dict[int, tuple] = {}  # id(comprehension) -> (it, uses only its own variable)
        self._memo: dict[int, tuple] = {}  # id(comprehension) -> (source list, value)

    # --- tracing ------------------------------------------------------------
    def run(self, node: ast.Node, subject: Row) -> tuple[Any, Trace | None]:
        env = {"": subject}
        if not self.tracing:
            return self.ev(node, env), None
        root = Trace(node, None)
        self._stack = [root]
        value = self.ev(node, env)
        top = root.children[0] if root.children else Trace(node, value)
        return value, top

    def ev(self, node: ast.Node, env: dict) -> Any:
        if not self.tracing:
            return self.dispatch(node, env)
        t = Trace(node, None)
        self._stack[-1].children.append(t)
        self._stack.append(t)
        try:
            t.value = self.dispatch(node, env)
        finally:
            self._stack.pop()
        return t.value

    def _note(self, text: str) -> None:
        if self.tracing:
            self._stack[-1].note = text

    def _item(self, label: str):
        """Group the traces of one quantifier item under a label."""
        if not self.tracing:
            return _NullCtx()
        return _ItemCtx(self, label)

    # --- leaves ---------------------------------------------------------------
    def _e_Literal(self, node, env):
        return node.value

    def _e_Duration(self, node, env):
        return Duration(node.amount, node.unit)

    def _e_ListExpr(self, node, env):
        return [self.ev(i, env) for i in node.items]

    def _e_AsAt(self, node, env):
        return self.ctx.as_at

    def _e_Name(self, node, env):
        res = node.resolved
        if res.kind == "var":
            return env[node.name]
        if res.kind == "param":
            if node.name not in self.ctx.params:  # declared per run (packs/runparams) and not given
                raise EvaluationError(f"parameter `{node.name}` has no value: each run gives it "
                                      f"(--param {node.name}=...)", node)
            return self.ctx.params[node.name]
        subject = env[""]
        if res.kind == "field":
            v = subject.values.get(node.name)
            if v is None and subject.absent and node.name in subject.absent:
                return self._not_carried(subject.table, node.name)
            return v
        return self._follow(res.link, subject)

    def _e_Attribute(self, node, env):
        obj = self.ev(node.obj, env)
        res = node.resolved
        if obj is None or isinstance(obj, NotCarried):
            return obj
        if res.kind == "field":
            return self._field(obj, node.name)
        if res.kind == "link":
            return self._follow(res.link, obj)
        if res.kind == "project-field":
            return [None if r is None else self._field(r, node.name) for r in obj]
        return [None if r is None else self._follow(res.link, r) for r in obj]

    def _field(self, row: Row, name: str):
        v = row.values.get(name)
        if v is None and row.absent and name in row.absent:
            return self._not_carried(row.table, name)
        return v

    def not_carried(self, table: str, name: str | None) -> NotCarried:
        """The not-carried value of a field (``name``) or of a whole table's records (None)."""
        return self._not_carried(table, name)

    def _not_carried(self, table: str, name: str | None) -> NotCarried:
        """The not-carried value of a field (``name``) or of a whole table's records (None)."""
        cache = self.__dict__.setdefault("_nc_cache", {})
        nc = cache.get((table, name))
        if nc is None:
            ds = self.ctx.dataset
            fmt = ds.format_title
            if name is None:
                why = ds.absent_tables.get(table) or f"{fmt} has no {table.replace('_', ' ')} records"
            else:
                why = ds.not_carried_why.get((table, name)) or f"{fmt} does not record `{table}.{name}`"
            nc = cache[(table, name)] = NotCarried(why, fmt)
        return nc

    def _follow(self, link, row: Row):
        value = self._field(row, link.local_field)
        if isinstance(value, NotCarried):
            return value
        if link.target in self.ctx.dataset.absent_tables and (link.many or value is not None):
            # the format has no place for these records, or holds only some of them
            if link.many or self.ctx.dataset.lookup(link.target, link.remote_field, value) is None:
                return self._not_carried(link.target, None)
        if link.many:
            if value is None:
                return []
            return self.ctx.dataset.referring(link.target, link.remote_field, value)
        if value is None:
            self._note(f"{link.local_field} is blank")
            return None
        found = self.ctx.dataset.lookup(link.target, link.remote_field, value)
        if found is None:
            self._note(f"no {link.target} record with {link.remote_field} `{value}`")
        return found

    # --- logic ----------------------------------------------------------------
    def _e_Not(self, node, env):
        v = self.ev(node.operand, env)
        return v if v is None or isinstance(v, NotCarried) else not v

    def _e_BoolOp(self, node, env):
        left = self.ev(node.left, env)
        if node.op == "and":
            if left is False:
                return False
            right = self.ev(node.right, env)
            if right is False:
                return False
            return _kleene(left, right, True)
        if left is True:
            return True
        right = self.ev(node.right, env)
        if right is True:
            return True
        return _kleene(left, right, False)

    # --- arithmetic and comparison ----------------------------------------------
    def _e_Negate(self, node, env):
        v = self.ev(node.operand, env)
        return v if v is None or isinstance(v, NotCarried) else -v

    def _e_Arith(self, node, env):
        a, b = self.ev(node.left, env), self.ev(node.right, env)
        if a is None or b is None or isinstance(a, NotCarried) or isinstance(b, NotCarried):
            return _unknown(a, b)
        op = node.op
        if isinstance(b, Duration):  # date +/- duration
            amount, unit = b
            return self._shift(node, a, amount if op == "+" else -amount, unit, node.left)
        if isinstance(a, Duration):  # duration + date
            return self._shift(node, b, a[0], a[1], node.right)
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        try:
            return Decimal(a) / Decimal(b)
        except (DivisionByZero, InvalidOperation):
            raise EvaluationError(f"division by zero in `{pretty(node)}`", node) from None

    def _shift(self, node, d, amount, unit, operand=None):
        try:
            if isinstance(d, _dt.datetime):
                # the same time of day, on the shifted date
                return _dt.datetime.combine(cal.shift(d.date(), amount, unit, self.ctx.calendar), d.time())
            return cal.shift(d, amount, unit, self.ctx.calendar)
        except cal.CalendarRangeError as exc:
            raise self._record_error([(operand, d)] if operand is not None else []) or EvaluationError(str(exc), node) from None
        except (OverflowError, ValueError):  # past year 9999 (timedelta: Overflow; relativedelta: ValueError)
            raise (self._record_error([(operand, d)] if operand is not None else [])
                   or EvaluationError(f"date out of range in `{pretty(node)}`", node)) from None

    def _record_error(self, operands) -> RecordValueError | None:
        return _record_date_error(self.ctx, operands)

    def _e_Compare(self, node, env):
        a, b = self.ev(node.left, env), self.ev(node.right, env)
        if a is None or b is None or isinstance(a, NotCarried) or isinstance(b, NotCarried):
            return _unknown(a, b)
        op = node.op
        if op == "==":
            return a == b
        if op == "!=":
            return a != b
        if op == "<":
            return a < b
        if op == "<=":
            return a <= b
        if op == ">":
            return a > b
        return a >= b

    def _e_Coalesce(self, node, env):
        a = self.ev(node.left, env)
        return a if a is not None else self.ev(node.right, env)  # a not-carried left: whether blank is unknown

    def _e_In(self, node, env):
        v, items = self.ev(node.value, env), self.ev(node.collection, env)
        if v is None or items is None or isinstance(v, NotCarried) or isinstance(items, NotCarried):
            return _unknown(v, items)
        if v in items:
            found = True
        elif any(i is None or isinstance(i, NotCarried) for i in items):
            return _unknown(*items)
        else:
            found = False
        return not found if node.negated else found

    def _e_IsMissing(self, node, env):
        v = self.ev(node.operand, env)
        if isinstance(v, NotCarried):
            return v
        return (v is not None) if node.negated else (v is None)

    def _e_Between(self, node, env):
        v, lo, hi = self.ev(node.value, env), self.ev(node.low, env), self.ev(node.high, env)
        if _any_unknown(v, lo, hi):
            return _unknown(v, lo, hi)
        return lo <= v <= hi

    def _e_Within(self, node, env):
        v, dur, anchor = self.ev(node.value, env), self.ev(node.duration, env), self.ev(node.anchor, env)
        if _any_unknown(v, dur, anchor):
            return _unknown(v, dur, anchor)
        amount, unit = dur
        try:
            result = cal.within(anchor, v, amount, unit, node.direction, self.ctx.calendar)
            if self.tracing:
                if unit == "working days":
                    n = self.ctx.calendar.working_days_between(anchor, v)
                    self._note(f"{abs(n)} working day{'s' if abs(n) != 1 else ''} {'after' if n >= 0 else 'before'}")
                else:
                    n = cal.days_between(anchor, v)
                    self._note(f"{abs(n)} day{'s' if abs(n) != 1 else ''} {'after' if n >= 0 else 'before'}")
        except cal.CalendarRangeError as exc:
            raise self._record_error([(node.value, v), (node.anchor, anchor)]) or EvaluationError(str(exc), node) from None
        except (OverflowError, ValueError):
            raise (self._record_error([(node.value, v), (node.anchor, anchor)])
                   or EvaluationError(f"date out of range in `{pretty(node)}`", node)) from None
        return result

    def _e_Call(self, node, env):
        args = [self.ev(a, env) for a in node.args]
        nc = _carried_in(args)
        if nc is not None:  # the function sees a blank; an unknown answer is the format's
            if node.name == "coalesce":
                for a in args:
                    if a is not None:
                        return a
            args = [_blank_nc(a) for a in args]
            value = self._call(node, args)
            return nc if value is None else value
        return self._call(node, args)

    def _call(self, node, args):
        try:
            value = FUNCTIONS[node.name].impl(self.ctx, *args)
            if self.tracing and node.name == "on_schedule" and value is not None:
                detail = schedule_check(self.ctx, *args)[1]
                self._note(detail or "every deadline met")
        except cal.CalendarRangeError as exc:
            raise self._record_error(zip(node.args, args)) or EvaluationError(str(exc), node) from None
        except ReferenceDataMissing as exc:  # a rule needing it is not run: this is the guard
            raise EvaluationError(f"`{node.name}` cannot be judged: {exc}", node) from None
        except OverflowError:
            raise (self._record_error(zip(node.args, args))
                   or EvaluationError(f"date out of range in `{pretty(node)}`", node)) from None
        except ValueError as exc:  # relativedelta past year 9999
            if "out of range" not in str(exc):
                raise
            raise (self._record_error(zip(node.args, args))
                   or EvaluationError(f"date out of range in `{pretty(node)}`", node)) from None
        return value

    # --- collections ------------------------------------------------------------
    def _e_Quantifier(self, node, env):
        items = self.ev(node.source, env)
        if items is None or isinstance(items, NotCarried):
            return items
        unknown = False
        inner = dict(env)
        for item in items:
            inner[node.var] = item
            with self._item(f"{node.var} = {format_value(item)}"):
                if node.kind == "every":
                    cond = True if node.condition is None else self.ev(node.condition, inner)
                    if cond is False:
                        continue
                    pred = self.ev(node.predicate, inner)
                    if pred is False and cond is True:
                        self._note_count(node, items)
                        return False
                    if pred is not True:
                        unknown = _worse(unknown, pred, cond)
                else:
                    cond = True if node.condition is None else self.ev(node.condition, inner)
                    if cond is True:
                        self._note_count(node, items)
                        return node.kind == "some"
                    if cond is not False:
                        unknown = _worse(unknown, cond)
        self._note_count(node, items)
        if unknown is not False:
            return unknown if isinstance(unknown, NotCarried) else None
        return node.kind != "some"

    def _note_count(self, node, items):
        if self.tracing:
            self._stack[-1].note = f"{len(items)} item{'s' if len(items) != 1 else ''} in {pretty(node.source)}"

    def _e_Comprehension(self, node, env):
        items = self.ev(node.source, env)
        if items is None or isinstance(items, NotCarried):
            return items
        # A comprehension whose element and condition use nothing but its own variable (and
        # parameters, as_at, functions) has one value per source list: kept for the last list it
        # was given, so a whole-return list (`[c.upn for c in header.children]`) is built once
        # per run, not once per record. Values are the same either way; tracing never uses it.
        closed = self._closed.get(id(node))
        if closed is None:
            closed = self._closed[id(node)] = (node, _only_var(node))
        if closed[1] and not self.tracing:
            hit = self._memo.get(id(node))
            if hit is not None and hit[0] is items:
                return hit[1]
        out = self._comprehend(node, env, items)
        if closed[1] and not self.tracing:
            self._memo[id(node)] = (items, out)
        return out

    def _comprehend(self, node, env, items):
        out = []
        inner = dict(env)
        for item in items:
            inner[node.var] = item
            with self._item(f"{node.var} = {format_value(item)}"):
                cond = True if node.condition is None else self.ev(node.condition, inner)
                if cond is None or isinstance(cond, NotCarried):
                    return cond
                if cond:
                    out.append(self.ev(node.element, inner))
        return out


    def _e_Pick(self, node, env):
        """Kleene-exact: an item whose condition is unknown makes the answer
        unknown only if it could have been picked."""
        items = self.ev(node.source, env)
        if items is None or isinstance(items, NotCarried):
            return items
        found = False
        best = best_key = None
        nc = None  # a not-carried condition among the possible items
        possible = []  # keys of items whose condition is unknown
        inner = dict(env)
        later = (lambda a, b: a < b) if node.kind == "first" else (lambda a, b: a > b)
        for item in items:
            inner[node.var] = item
            with self._item(f"{node.var} = {format_value(item)}"):
                cond = True if node.condition is None else self.ev(node.condition, inner)
                if cond is False:
                    continue
                key = self.ev(node.key, inner)
                if key is None or isinstance(key, NotCarried):
                    return key
                if cond is not True:
                    possible.append(key)
                    if isinstance(cond, NotCarried):
                        nc = cond
                elif not found or later(key, best_key):
                    found, best, best_key = True, item, key
        if not found:
            return nc if possible else None
        # an unknown item at least as good as the best known one could win
        if any(k == best_key or later(k, best_key) for k in possible):
            return nc
        return best


def _kleene(a, b, decided):
    """``and``/``or`` once neither side decided it: ``decided`` if both
    sides are known, else unknown; not carried if a not-carried side could
    have decided it."""
    if isinstance(a, NotCarried):
        return a
    if isinstance(b, NotCarried):
        return b
    return None if a is None or b is None else decided


def _any_unknown(*values) -> bool:
    return any(v is None or isinstance(v, NotCarried) for v in values)


def _unknown(*values):
    """The unknown result of a strict operation: missing if a blank makes it
    so whatever the other operands are, else the first not-carried value."""
    if any(v is None for v in values):
        return None
    for v in values:
        if isinstance(v, NotCarried):
            return v
    return None


def _worse(unknown, *values):
    """A quantifier's unknown so far, with another unknown item: not carried
    wins (filling it in could decide the quantifier)."""
    if isinstance(unknown, NotCarried):
        return unknown
    for v in values:
        if isinstance(v, NotCarried):
            return v
    return None


def _carried_in(args):
    """The first not-carried value among a call's arguments (or in a list argument)."""
    for a in args:
        if isinstance(a, NotCarried):
            return a
        if isinstance(a, list):
            for x in a:
                if isinstance(x, NotCarried):
                    return x
    return None


def _blank_nc(a):
    if isinstance(a, NotCarried):
        return None
    if isinstance(a, list):
        return [None if isinstance(x, NotCarried) else x for x in a]
    return a


def _only_var(node) -> bool:
    """Whether a comprehension's element and condition name nothing but its own variable
    (parameters and as_at aside): no subject field, relation or outer variable."""
    import dataclasses

    def names(n):
        if isinstance(n, ast.Name):
            yield n
        if dataclasses.is_dataclass(n):
            for f in dataclasses.fields(n):
                v = getattr(n, f.name)
                for x in (v if isinstance(v, (list, tuple)) else [v]):
                    if isinstance(x, ast.Node):
                        yield from names(x)

    parts = [node.element] + ([node.condition] if node.condition is not None else [])
    for part in parts:
        for n in names(part):
            res = getattr(n, "resolved", None)
            if res is None or res.kind == "param":
                continue
            if res.kind != "var" or n.name != node.var:
                return False
    return True


class _NullCtx:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _ItemCtx:
    def __init__(self, ev: Evaluator, label: str):
        self.ev = ev
        self.label = label

    def __enter__(self):
        parent = self.ev._stack[-1]
        t = Trace(parent.node, None, label=self.label)
        parent.children.append(t)
        self.ev._stack.append(t)
        return self

    def __exit__(self, *exc):
        self.ev._stack.pop()
        return False


def format_value(v: Any, limit: int = 6) -> str:
    """How a value is shown in reasons and explanations."""
    if v is None:
        return "missing"
    if isinstance(v, NotCarried):
        return f"not recorded in {v.fmt}"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Row):
        return v.key
    if isinstance(v, Duration):
        return str(v)
    if isinstance(v, _dt.datetime):
        return v.isoformat(timespec="minutes")
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, Decimal):
        v = plain_decimal(v)  # 1.50 and 1.5000 read as 1.5, whatever the source's scale
        return format(v.quantize(Decimal("0.01")) if v.as_tuple().exponent < -2 else v, "f")
    if isinstance(v, list):
        shown = ", ".join(format_value(x) for x in v[:limit])
        more = f", ... ({len(v)} in all)" if len(v) > limit else ""
        return f"[{shown}{more}]"
    return str(v)
