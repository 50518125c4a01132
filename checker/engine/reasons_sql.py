"""Reasons from the evaluation trace, worded in SQL for the common shapes.

A rule without a template for an outcome explains it from the evaluation
trace (``explain.reason``): for a ``when`` that is false ("not applicable:
...") or an ``expect`` that is false, the phrase of the first false part of
an ``and`` (the evaluator stops there), of every part of a false ``or``, and
for each comparison, ``is missing``/``is present`` or ``in`` the text
"`<expression>` is false: <operand> = <value>, ...". Those phrases depend on
the record only through values the compiled query has already, so they can
be put together in the database, as ``explain`` would, for every record at
once, instead of running the rule again in Python with a trace per record.

Only shapes whose words are known before the data is read are worded here:
which operands are shown must not depend on the values (a ``??`` whose right
side is an expression shows it only when the left is missing), each value
must be text that every engine writes as Python does (text, codes, whole
numbers, dates, true/false; a list parameter is a constant), and no more
than ``explain.MAX_PHRASES`` phrases may arise. Anything else raises
:class:`~checker.engine.compile.Unsupported`, and the reason is worded in
Python as before. ``tests/test_engine_agreement.py`` holds both engines to
the same words.
"""

from __future__ import annotations

from sqlglot import exp

from checker import typesys as T
from checker.engine.compile_values import Const, Rel
from checker.engine.evaluate import format_value
from checker.engine.explain import MAX_PHRASES
from checker.language import nodes as ast
from checker.language.printer import pretty
from checker.language.sqlexpr import case, cast, not_, paren, subquery
from checker.values import Duration

#: items ``format_value`` shows of a list before "... (N in all)"
_LIST_SHOWN = 6

_QUIET = (ast.Literal, ast.Duration, ast.ListExpr)
_SHOWN = (ast.Name, ast.Attribute, ast.AsAt, ast.Call)
_LEAVES = (ast.Compare, ast.IsMissing, ast.In, ast.Between)


class NotWorded(Exception):
    """This shape is worded in Python (by the reference explainer)."""


def as_text(c: exp.Expression, t: T.Type | None) -> exp.Expression | None:
    """A value as ``evaluate.format_value`` shows it, in SQL, for the kinds
    whose text is the same in every database (None for the others: decimals,
    date-times, lists and records are worded in Python)."""
    missing = exp.Literal.string("missing")
    if t is None:
        return None
    if t.kind in ("string", "code", "integer", "date"):
        shown = cast(c, "VARCHAR")
    elif t.kind == "boolean":
        shown = case((c, exp.Literal.string("true")), (not_(c), exp.Literal.string("false")))
    else:
        return None
    return exp.Coalesce(this=shown, expressions=[missing])


def hole_text(compiler, value, t: T.Type | None) -> exp.Expression | None:
    """A template hole's value that is not one SQL scalar, as ``format_value``
    shows it, in DuckDB's SQL: a constant (a duration parameter, a list of
    them or of text) as its text; a list of text, codes, whole numbers or
    dates (a comprehension: ``[a.start_date for a in ...]``) as
    ``[a, b, ... (N in all)]``, its first six items in the list's order.
    None for anything else (worded in Python)."""
    if isinstance(value, Const):
        v = value.value
        if isinstance(v, Duration) or (isinstance(v, list) and all(isinstance(x, (Duration, str)) for x in v)):
            return exp.Literal.string(format_value(v))
        return None
    if not isinstance(value, Rel) or not isinstance(value.value, exp.Expression) or t is None or t.kind != "list":
        return None
    shown = as_text(value.value, t.item)
    if shown is None:
        return None
    q = compiler._alias("q")  # noqa: SLF001 - the compiler's own alias counter
    inner = compiler._rel_select(value, [exp.alias_(shown, "t"), exp.alias_(value.order.copy(), "o")])  # noqa: SLF001
    items = exp.Anonymous(this="array_agg", expressions=[
        exp.Order(this=exp.column("t", q), expressions=[exp.Ordered(this=exp.column("o", q))])])
    first = exp.Anonymous(this="array_to_string", expressions=[
        exp.Anonymous(this="list_slice", expressions=[items, exp.Literal.number(1), exp.Literal.number(_LIST_SHOWN)]),
        exp.Literal.string(", ")])
    n = exp.Count(this=exp.Star())
    more = case((exp.GT(this=n, expression=exp.Literal.number(_LIST_SHOWN)),
                 exp.Concat(expressions=[exp.Literal.string(", ... ("), cast(n.copy(), "VARCHAR"),
                                         exp.Literal.string(" in all)")], safe=True)),
                default=exp.Literal.string(""))
    text = exp.Concat(expressions=[exp.Literal.string("["), exp.Coalesce(this=first, expressions=[exp.Literal.string("")]),
                                   more, exp.Literal.string("]")], safe=True)
    result = subquery(exp.select(text).from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier(q)))))
    if value.missing is not None:
        return case((value.missing.copy(), exp.Literal.string("missing")), default=result)
    return result


def trace_reason(compiler, node: ast.Node, value: bool, env: dict, prefix: str = "") -> exp.Expression:
    """SQL for ``prefix + explain.reason(trace)`` of ``node`` on a record where
    it is ``value`` (true or false). Raises NotWorded for another shape
    (found before any SQL is made: the shape is tried on a stand-in first)."""
    _why(_Probe(compiler.params), node, value, env)
    branches = _why(compiler, node, value, env)
    whens: list[tuple[exp.Expression, exp.Expression]] = []
    for cond, phrases in branches:
        keys = [key for key, _ in phrases]
        if len(phrases) > MAX_PHRASES or len(set(keys)) != len(keys):
            raise NotWorded("phrases that explain would shorten or merge")
        texts: list[exp.Expression] = [exp.Literal.string(prefix)] if prefix else []
        for i, (_, phrase) in enumerate(phrases):
            if i:
                texts.append(exp.Literal.string("; "))
            texts.extend(phrase)
        text = exp.Concat(expressions=texts, safe=True) if len(texts) > 1 else texts[0]
        if cond is None:
            if whens:
                return case(*whens, default=text)
            return text
        whens.append((cond, text))
    return case(*whens)


#: one phrase of a reason: the text it starts with (two phrases starting
#: alike may be the same) and its SQL text pieces
Phrase = tuple[str, list[exp.Expression]]


class _Probe:
    """A compiler that makes no SQL: tries a shape."""

    def __init__(self, params: dict):
        self.params = params

    def scalar(self, node: ast.Node, env: dict) -> exp.Expression:
        return exp.Null()

    def item_count(self, node: ast.Node, env: dict) -> exp.Expression:
        return exp.Null()


def _why(compiler, node: ast.Node, value: bool, env: dict) -> list[tuple[exp.Expression | None, list[Phrase]]]:
    """(condition, phrases) for each way ``node`` can be ``value``: the first
    whose condition holds (None: always) is the trace's. Each phrase is the
    text it starts with and a list of SQL text pieces."""
    if isinstance(node, ast.Not):
        return _why(compiler, node.operand, not value, env)
    if isinstance(node, ast.BoolOp):
        parts = _chain(node, node.op)
        if (node.op == "and") != value:
            # false `and` / true `or`: the first part that is so decides
            out: list[tuple[exp.Expression | None, list[Phrase]]] = []
            for part in parts:
                sub = _why(compiler, part, value, env)
                here = compiler.scalar(part, env)
                cond = paren(here) if value else not_(here)
                out.extend((cond if c is None else exp.And(this=cond, expression=c), p) for c, p in sub)
            return out
        # true `and` / false `or`: every part is so, each explained in turn
        combined: list[tuple[exp.Expression | None, list[Phrase]]] = [(None, [])]
        for part in parts:
            sub = _why(compiler, part, value, env)
            if len(sub) != 1 or sub[0][0] is not None:
                raise NotWorded("a part explained differently record by record")
            combined = [(None, combined[0][1] + sub[0][1])]
        return combined
    if isinstance(node, ast.Quantifier):
        return [(None, [_quantified(compiler, node, value, env)])]
    if isinstance(node, ast.Call) and node.name == "on_schedule" and not value:
        return [(None, [("schedule not kept: ", [_schedule_missed(compiler, node, env)])])]
    # (a true/false field of the record itself; one reached through a relation
    # shows the related record too, as explain words it: left to Python)
    # (a `??` of true/false: its left, a comparison, is not among the operands
    # explain shows, and its right must be a constant: _children)
    if isinstance(node, _LEAVES) or (isinstance(node, (ast.Name, ast.Coalesce)) and node.type == T.BOOLEAN):
        return [(None, [_describe(compiler, node, value, env)])]
    raise NotWorded(f"a {type(node).__name__}")


def _schedule_missed(compiler, node: ast.Call, env: dict) -> exp.Expression:
    """``explain``'s words for a schedule not kept (``functions.schedule_check``'s
    detail): the first event later than its deadline ("schedule not kept: due by
    D (3 months after A), held E"), else the end of the period past the next
    deadline ("..., none by U"). Over the same distinct events in the period as
    ``compile_lists._on_schedule``, each numbered with the latest before it; read
    only on a record whose schedule is not kept (every value is there)."""
    if isinstance(compiler, _Probe):
        return exp.Null()
    from checker import workdays as cal
    from checker.engine.compile_values import CALENDAR_TABLE
    from checker.language.sqlexpr import and_, col, is_null, lit

    dates = compiler.value(node.args[0], env)
    intervals = compiler.value(node.args[3], env)
    if not isinstance(intervals, Const) or not isinstance(dates, Rel) or not isinstance(dates.value, exp.Expression) \
            or not intervals.value:
        raise NotWorded("on_schedule with these arguments")
    start = compiler._once(compiler.scalar(node.args[1], env))  # noqa: SLF001 - the compiler's own helpers
    until = compiler.scalar(node.args[2], env)
    end = compiler._once(case((is_null(until), exp.Null()), default=exp.Least(this=until, expressions=[lit(compiler.as_at)])))  # noqa: SLF001
    steps = [(amount, cal._unit(unit), f"{amount} {unit}") for amount, unit in intervals.value]  # noqa: SLF001

    def by_step(i: exp.Expression, make) -> exp.Expression:
        whens = [(exp.EQ(this=paren(i.copy()), expression=exp.Literal.number(n)), make(*st)) for n, st in enumerate(steps[:-1])]
        return case(*whens, default=make(*steps[-1])) if whens else make(*steps[-1])

    def text(e: exp.Expression) -> exp.Expression:
        return cast(e, "VARCHAR")

    compiler._depth += 1  # noqa: SLF001 - inside the subquery: nothing hoisted to the record
    try:
        q, p, w, j, t = (compiler._alias("q") for _ in range(5))  # noqa: SLF001
        in_period = and_(exp.GTE(this=paren(dates.value), expression=paren(start)),
                         exp.LTE(this=paren(dates.value), expression=paren(end)))
        events = compiler._rel_select(dates, [exp.alias_(dates.value, "e")]).distinct().where(in_period)  # noqa: SLF001
        numbered = (
            exp.select(col("e", q), exp.alias_(exp.Count(this=col("e", p)), "i"),
                       exp.alias_(exp.Coalesce(this=exp.Max(this=col("e", p)), expressions=[start.copy()]), "prev"))
            .from_(exp.Subquery(this=events, alias=exp.TableAlias(this=exp.to_identifier(q))))
            .join(exp.Subquery(this=events.copy(), alias=exp.TableAlias(this=exp.to_identifier(p))), join_type="LEFT",
                  on=exp.LT(this=col("e", p), expression=col("e", q)))
            .group_by(col("e", q))
        )
        ok = by_step(col("i", w), lambda amount, unit, _: compiler._within(col("prev", w), col("e", w), amount, unit, "after"))  # noqa: SLF001
        judged = exp.select(col("e", w), col("i", w), col("prev", w), exp.alias_(ok, "ok")).from_(
            exp.Subquery(this=numbered, alias=exp.TableAlias(this=exp.to_identifier(w))))
        late = exp.Where(this=not_(col("ok", j)))

        def first_late(e: exp.Expression, name: str) -> exp.Expr:
            return exp.alias_(exp.Filter(this=exp.Anonymous(this="arg_min", expressions=[e, col("e", j)]), expression=late.copy()), name)

        totals = exp.select(
            exp.alias_(exp.Filter(this=exp.Min(this=col("e", j)), expression=late.copy()), "me"),
            first_late(col("prev", j), "mp"), first_late(col("i", j), "mi"),
            exp.alias_(exp.Count(this=exp.Star()), "k"), exp.alias_(exp.Max(this=col("e", j)), "last"),
        ).from_(exp.Subquery(this=judged, alias=exp.TableAlias(this=exp.to_identifier(j))))
        # the deadline missed, a level at a time: the anchor and the interval's
        # number; the anchor's working day (a calendar lookup on a plain column:
        # one nested in another's condition makes DuckDB cross the calendar
        # with every record); the date that many working days on, or the
        # calendar months/days on
        x, y = compiler._alias("q"), compiler._alias("q")  # noqa: SLF001
        held = not_(is_null(col("me", t)))
        anchor = case((held, col("mp", t)), default=exp.Coalesce(this=col("last", t), expressions=[start.copy()]))
        idx = case((held.copy(), col("mi", t)), default=col("k", t))
        level_a = exp.select(exp.alias_(anchor, "a"), exp.alias_(idx, "ix"), col("me", t)).from_(
            exp.Subquery(this=totals, alias=exp.TableAlias(this=exp.to_identifier(t))))
        working = any(unit == "working days" for _, unit, _ in steps)
        level_b = exp.select(col("a", x), col("ix", x), col("me", x), *(
            [exp.alias_(compiler._wd(col("a", x)), "aw")] if working else [])).from_(  # noqa: SLF001
            exp.Subquery(this=level_a, alias=exp.TableAlias(this=exp.to_identifier(x))))

        def due_by(amount: int, unit: str, _shown: str) -> exp.Expression:
            if unit != "working days":
                return compiler._shift_date(col("a", y), amount, unit)  # noqa: SLF001
            n = cal.convention_amount(amount, compiler.calendar)
            if n == 0:
                return col("a", y)
            c = compiler._alias("c")  # noqa: SLF001
            return subquery(exp.select(col("d", c)).from_(compiler._table(CALENDAR_TABLE, c)).where(  # noqa: SLF001
                and_(col("is_wd", c), exp.EQ(this=col("wd", c), expression=exp.Add(this=col("aw", y), expression=exp.Literal.number(n))))))

        due = by_step(col("ix", y), due_by)
        words = by_step(col("ix", y), lambda _a, _u, shown: exp.Literal.string(shown))
        held_y = not_(is_null(col("me", y)))
        detail = exp.Concat(expressions=[
            exp.Literal.string("due by "), text(due), exp.Literal.string(" ("), words, exp.Literal.string(" after "),
            text(col("a", y)), exp.Literal.string("), "),
            case((held_y, exp.Concat(expressions=[exp.Literal.string("held "), text(col("me", y))], safe=True)),
                 default=exp.Concat(expressions=[exp.Literal.string("none by "), text(end.copy())], safe=True))], safe=True)
        found = subquery(exp.select(detail).from_(exp.Subquery(this=level_b, alias=exp.TableAlias(this=exp.to_identifier(y)))))
    finally:
        compiler._depth -= 1  # noqa: SLF001
    return exp.Concat(expressions=[exp.Literal.string("schedule not kept: "), found], safe=True)


def _chain(node: ast.Node, op: str) -> list[ast.Node]:
    """The operands of a chain of one boolean operator, left to right."""
    if isinstance(node, ast.BoolOp) and node.op == op:
        return _chain(node.left, op) + _chain(node.right, op)
    return [node]


def _describe(compiler, node: ast.Node, value: bool, env: dict) -> tuple[str, list[exp.Expression]]:
    """``explain._describe`` of a leaf: "`<node>` is <value>: <operand> = <value>, ..."
    (with the text it starts with: two phrases starting alike may be the same)."""
    pieces: list[exp.Expression] = []
    text = f"`{pretty(node)}` is {'true' if value else 'false'}"
    key = text
    ops = _operands(node)
    if not ops:
        return key, [exp.Literal.string(text)]
    text += ": "
    for i, op in enumerate(ops):
        text += ("" if i == 0 else ", ") + f"{pretty(op)} = "
        const = _constant(compiler, op)
        if const is not None:
            text += const
            continue
        shown = as_text(compiler.scalar(op, env), op.type)
        if shown is None:
            raise NotWorded(f"a value of {T.describe(op.type) if op.type is not None else 'no'} type")
        pieces += [exp.Literal.string(text), shown]
        text = ""
    if text:
        pieces.append(exp.Literal.string(text))
    return key, pieces


def _quantified(compiler, node: ast.Quantifier, value: bool, env: dict) -> tuple[str, list[exp.Expression]]:
    """``explain._why_quantifier`` where every item was looked at: a false
    ``some``, a true ``no`` or ``every`` ("no f in factors where ... (2 items
    in factors)")."""
    source = pretty(node.source)
    cond = f" where {pretty(node.condition)}" if node.condition is not None else ""
    if node.kind == "every" and value:
        assert node.predicate is not None  # `every` always has its satisfies-clause
        text = f"every {node.var} in {source} satisfies {pretty(node.predicate)} ("
    elif (node.kind == "some" and not value) or (node.kind == "no" and value):
        text = f"no {node.var} in {source}{cond} ("
    else:
        raise NotWorded("a quantifier decided by one item")
    n = compiler.item_count(node, env)
    counted: exp.Expression = exp.Concat(expressions=[
        exp.Literal.string(text), cast(n, "VARCHAR"),
        case((exp.EQ(this=n.copy(), expression=exp.Literal.number(1)), exp.Literal.string(" item")),
             default=exp.Literal.string(" items")),
        exp.Literal.string(f" in {source})")], safe=True)
    if node.kind == "some":
        empty = exp.Literal.string(f"{source} is empty: nothing for `{node.var}` to stand for")
        counted = case((exp.EQ(this=n.copy(), expression=exp.Literal.number(0)), empty), default=counted)
    return f"quantifier {pretty(node)}", [counted]


def _constant(compiler, op: ast.Node) -> str | None:
    """The text of an operand known before the data is read (a list parameter)."""
    if isinstance(op, ast.Name) and op.resolved is not None and op.resolved.kind == "param":
        v = compiler.params.get(op.name)
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            return format_value(v)
    return None


def _children(node: ast.Node) -> list[ast.Node]:
    """The children the evaluator traces, in its order, where that order
    does not depend on the values."""
    if isinstance(node, (ast.Compare, ast.Arith)):
        return [node.left, node.right]
    if isinstance(node, (ast.IsMissing, ast.Negate)):
        return [node.operand]
    if isinstance(node, ast.In):
        return [node.value, node.collection]
    if isinstance(node, ast.Between):
        return [node.value, node.low, node.high]
    if isinstance(node, ast.Coalesce):
        if not isinstance(node.right, _QUIET):
            raise NotWorded("`??` with an expression on its right")
        return [node.left, node.right]
    if isinstance(node, (ast.Name, ast.Attribute)):
        return []
    raise NotWorded(f"a {type(node).__name__} among the operands")


def _operands(node: ast.Node) -> list[ast.Node]:
    """``explain._operands``, from the tree instead of a trace."""
    out: list[ast.Node] = []
    for c in _children(node):
        if isinstance(c, _QUIET):
            continue
        if isinstance(c, _SHOWN):
            out.append(c)
        elif isinstance(c, (ast.Arith, ast.Coalesce, ast.Negate)):
            out.append(c)
            out.extend(x for x in _operands(c) if isinstance(x, (ast.Name, ast.Attribute, ast.AsAt)))
    unique, shown = [], set()
    for c in out:
        key = pretty(c)
        if key not in shown:
            shown.add(key)
            unique.append(c)
    return unique


__all__ = ["MAX_PHRASES", "NotWorded", "as_text", "hole_text", "trace_reason"]
