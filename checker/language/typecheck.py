"""Type-check an expression against the data schema, before any data is read.

The checker walks the AST once, setting each node's ``type`` and, for names
and attributes, ``resolved`` (what the name means). Every problem becomes a
Diagnostic at the offending node's position, with a suggestion where one
helps; checking goes on past the first problem so an author sees them all.
A rule whose expressions do not check does not run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from checker import typesys as T
from checker.errors import Diagnostic, Location
from checker.language import nodes as ast
from checker.language.functions import FUNCTIONS
from checker.language.printer import pretty
from checker.language.visitor import Visitor
from checker.schema import DataSchema, Link, Table
from checker.suggest import did_you_mean, suggest


@dataclass(frozen=True)
class Resolution:
    """What a name means. kind is one of:
    ``var`` (bound by a quantifier), ``field`` (of a record), ``link`` (a
    relation to other records), ``param`` (a pack parameter), and for
    attributes of a list of records, ``project-field`` / ``project-link``."""

    kind: str
    name: str
    table: str | None = None
    link: Link | None = None


class _Unknown(Exception):
    """Raised inside the walk to abandon a subtree already reported."""


class Checker(Visitor):
    prefix = "_t_"

    def __init__(
        self,
        schema: DataSchema,
        subject: str,
        params: dict[str, T.Type] | None = None,
        locate: Callable[[ast.Span | None], Location] | None = None,
        rule: str | None = None,
    ):
        self.schema = schema
        self.subject: Table = schema.tables[subject]
        self.params = params or {}
        self.locate = locate or (lambda span: Location())
        self.rule = rule
        self.diagnostics: list[Diagnostic] = []
        self.scope: list[tuple[str, T.Type]] = []

    # --- reporting ----------------------------------------------------------
    def _error(self, node: ast.Node, message: str, code: str, suggestion: str | None = None) -> NoReturn:
        self.diagnostics.append(
            Diagnostic(message, self.locate(node.span), code=code, suggestion=suggestion, rule=self.rule)
        )
        raise _Unknown()

    # --- entry points ---------------------------------------------------------
    def check(self, node: ast.Node, expected: T.Type | None = None, role: str = "expression") -> T.Type | None:
        try:
            t = self._t(node)
        except _Unknown:
            return None
        if expected is not None and t != expected:
            self.diagnostics.append(
                Diagnostic(
                    f"`{role}` must be a condition (true or false), but `{pretty(node)}` is {T.describe(t)}",
                    self.locate(node.span),
                    code="not-boolean",
                    suggestion=_boolean_hint(t),
                    rule=self.rule,
                )
            )
            return None
        return t

    # --- the walk -------------------------------------------------------------
    def _t(self, node: ast.Node) -> T.Type:
        t = self.dispatch(node)
        node.type = t
        return t

    def _t_Literal(self, node: ast.Literal) -> T.Type:
        import datetime as _dt
        from decimal import Decimal

        v = node.value
        if isinstance(v, bool):
            return T.BOOLEAN
        if isinstance(v, int):
            return T.INTEGER
        if isinstance(v, Decimal):
            return T.DECIMAL
        if isinstance(v, str):
            return T.STRING
        if isinstance(v, _dt.datetime):
            return T.DATETIME
        return T.DATE

    def _t_Duration(self, node: ast.Duration) -> T.Type:
        return T.DURATION

    def _t_ListExpr(self, node: ast.ListExpr) -> T.Type:
        if not node.items:
            return T.list_of(T.EMPTY)
        item = self._t(node.items[0])
        for other in node.items[1:]:
            ot = self._t(other)
            u = T.unify(item, ot)
            if u is None:
                self._error(
                    other,
                    f"list items must all be of one type: `{pretty(other)}` is {T.describe(ot)}, the first is {T.describe(item)}",
                    "type-mismatch",
                )
            item = u
        if item.kind in ("list", "record"):
            self._error(node, f"a list literal holds plain values, not {T.describe(item)}", "type-mismatch")
        return T.list_of(item)

    def _t_AsAt(self, node: ast.AsAt) -> T.Type:
        return T.DATE

    def _lookup_var(self, name: str) -> T.Type | None:
        for var, t in reversed(self.scope):
            if var == name:
                return t
        return None

    def _t_Name(self, node: ast.Name) -> T.Type:
        var = self._lookup_var(node.name)
        if var is not None:
            node.resolved = Resolution("var", node.name)
            return var
        table = self.subject
        if node.name in table.fields:
            node.resolved = Resolution("field", node.name, table.name)
            return table.fields[node.name].type
        if node.name in table.links:
            link = table.links[node.name]
            node.resolved = Resolution("link", node.name, table.name, link)
            return _link_type(link)
        if node.name in self.params:
            node.resolved = Resolution("param", node.name)
            return self.params[node.name]
        if node.name in FUNCTIONS:
            self._error(node, f"`{node.name}` is a function; call it with arguments: {FUNCTIONS[node.name].usage}", "unknown-name")
        candidates = [v for v, _ in self.scope] + table.member_names() + list(self.params)
        self._error(
            node,
            f"unknown name `{node.name}`: not a field or relation of `{table.name}`"
            + (", a variable" if self.scope else "")
            + (" or a parameter" if self.params else ""),
            "unknown-name",
            did_you_mean(node.name, candidates),
        )

    def _t_Attribute(self, node: ast.Attribute) -> T.Type:
        obj = self._t(node.obj)
        if obj.kind == "record" and obj.table is not None:
            table = self.schema.tables[obj.table]
            return self._member(node, table, project=False)
        if obj.kind == "list" and obj.item is not None and obj.item.kind == "record" and obj.item.table is not None:
            table = self.schema.tables[obj.item.table]
            inner = self._member(node, table, project=True)
            if inner.kind == "list":
                self._error(
                    node,
                    f"`{pretty(node)}` would be a list of lists; use a quantifier, e.g. `some x in {pretty(node.obj)} where ...`",
                    "type-mismatch",
                )
            return T.list_of(inner)
        self._error(
            node,
            f"`.{node.name}` needs a record, but `{pretty(node.obj)}` is {T.describe(obj)}",
            "type-mismatch",
        )

    def _member(self, node: ast.Attribute, table: Table, project: bool) -> T.Type:
        prefix = "project-" if project else ""
        if node.name in table.fields:
            node.resolved = Resolution(prefix + "field", node.name, table.name)
            return table.fields[node.name].type
        if node.name in table.links:
            link = table.links[node.name]
            node.resolved = Resolution(prefix + "link", node.name, table.name, link)
            return _link_type(link)
        self._error(
            node,
            f"unknown field `{node.name}` on `{table.name}`",
            "unknown-field",
            did_you_mean(node.name, table.member_names()),
        )

    def _bool(self, node: ast.Node, what: str) -> None:
        t = self._t(node)
        if t != T.BOOLEAN:
            self._error(node, f"{what} must be true or false, but `{pretty(node)}` is {T.describe(t)}", "type-mismatch", _boolean_hint(t))

    def _t_Not(self, node: ast.Not) -> T.Type:
        self._bool(node.operand, "the operand of `not`")
        return T.BOOLEAN

    def _t_BoolOp(self, node: ast.BoolOp) -> T.Type:
        self._bool(node.left, f"each side of `{node.op}`")
        self._bool(node.right, f"each side of `{node.op}`")
        return T.BOOLEAN

    def _t_Negate(self, node: ast.Negate) -> T.Type:
        t = self._t(node.operand)
        if not t.is_numeric:
            self._error(node, f"`-` needs a number, but `{pretty(node.operand)}` is {T.describe(t)}", "type-mismatch")
        return t

    def _t_Arith(self, node: ast.Arith) -> T.Type:
        lt, rt = self._t(node.left), self._t(node.right)
        op = node.op
        if lt.is_numeric and rt.is_numeric:
            if op == "/" or T.DECIMAL in (lt, rt):
                return T.DECIMAL
            return T.INTEGER
        if op in "+-" and lt.is_temporal and rt == T.DURATION:
            return lt
        if op == "+" and lt == T.DURATION and rt.is_temporal:
            return rt
        hint = None
        if lt.is_temporal and rt.is_temporal and op == "-":
            hint = "to count the time between two dates use days_between(a, b) or working_days_between(a, b)"
        elif lt.is_temporal and rt.is_numeric or lt.is_numeric and rt.is_temporal:
            hint = "add a duration with a unit, e.g. `start_date + 45 working days`"
        self._error(
            node,
            f"cannot use `{op}` on {T.describe(lt)} and {T.describe(rt)}",
            "type-mismatch",
            hint,
        )

    def _comparable(self, node: ast.Node, a: ast.Node, at: T.Type, b: ast.Node, bt: T.Type, op: str) -> T.Type:
        u = T.unify(at, bt)
        if u is None or u.kind in ("list", "record", "duration", "empty"):
            hint = None
            if at.is_temporal and bt.is_numeric or bt.is_temporal and at.is_numeric:
                hint = "dates compare with dates; to count days use days_between(a, b) or working_days_between(a, b)"
            elif "record" in (at.kind, bt.kind):
                hint = "compare a field of the record, e.g. its id"
            elif at.kind == "string" and bt.is_temporal or bt.kind == "string" and at.is_temporal:
                hint = "write a date without quotes: 2024-03-31"
            self._error(
                node,
                f"cannot compare {T.describe(at)} with {T.describe(bt)} using `{op}`",
                "type-mismatch",
                hint,
            )
        if op in ("<", "<=", ">", ">=", "between") and not u.is_ordered:
            self._error(node, f"`{op}` needs values with an order (numbers, dates, strings), not {T.describe(u)}", "type-mismatch")
        self._check_code_literal(at, b)
        self._check_code_literal(bt, a)
        return u

    def _check_code_literal(self, t: T.Type, node: ast.Node) -> None:
        if t.kind != "code" or t.code_set is None or not isinstance(node, ast.Literal) or not isinstance(node.value, str):
            return
        codes = self.schema.code_sets.get(t.code_set, {})
        if node.value in codes:
            return
        by_label = {label.lower(): c for c, label in codes.items()}
        guess = by_label.get(node.value.lower())
        hint = f"did you mean `{guess}` ({codes[guess]})?" if guess else did_you_mean(node.value, codes)
        listed = ", ".join(list(codes)[:12]) + (", ..." if len(codes) > 12 else "")
        self._error(
            node,
            f"`{node.value}` is not a code in `{t.code_set}` ({listed})",
            "unknown-code",
            hint,
        )

    def _t_Compare(self, node: ast.Compare) -> T.Type:
        lt, rt = self._t(node.left), self._t(node.right)
        self._comparable(node, node.left, lt, node.right, rt, node.op)
        return T.BOOLEAN

    def _t_Coalesce(self, node: ast.Coalesce) -> T.Type:
        lt, rt = self._t(node.left), self._t(node.right)
        u = T.unify(lt, rt)
        if u is None:
            self._error(node, f"`??` needs both sides of one type, not {T.describe(lt)} and {T.describe(rt)}", "type-mismatch")
        self._check_code_literal(lt, node.right)
        self._check_code_literal(rt, node.left)
        return u

    def _t_In(self, node: ast.In) -> T.Type:
        vt, ct = self._t(node.value), self._t(node.collection)
        if not ct.is_list or ct.item is None:
            self._error(
                node.collection,
                f"`in` needs a list on its right, e.g. `[\"NEG\", \"EMO\"]`, but `{pretty(node.collection)}` is {T.describe(ct)}",
                "type-mismatch",
            )
        if ct.item.kind != "empty":
            u = T.unify(vt, ct.item)
            if u is None or u.kind in ("record", "list"):
                self._error(node, f"cannot look for {T.describe(vt)} in {T.describe(ct)}", "type-mismatch")
        if isinstance(node.collection, ast.ListExpr):
            for item in node.collection.items:
                self._check_code_literal(vt, item)
        if ct.item is not None:
            self._check_code_literal(ct.item, node.value)
        return T.BOOLEAN

    def _t_IsMissing(self, node: ast.IsMissing) -> T.Type:
        self._t(node.operand)
        return T.BOOLEAN

    def _t_Between(self, node: ast.Between) -> T.Type:
        vt, lo, hi = self._t(node.value), self._t(node.low), self._t(node.high)
        self._comparable(node, node.value, vt, node.low, lo, "between")
        self._comparable(node, node.value, vt, node.high, hi, "between")
        return T.BOOLEAN

    def _t_Within(self, node: ast.Within) -> T.Type:
        vt, dt, at = self._t(node.value), self._t(node.duration), self._t(node.anchor)
        if dt != T.DURATION:
            self._error(
                node.duration,
                f"`within` needs a duration such as `45 working days`, but `{pretty(node.duration)}` is {T.describe(dt)}",
                "type-mismatch",
            )
        for part, t in ((node.value, vt), (node.anchor, at)):
            if t != T.DATE:
                self._error(part, f"`within` compares dates, but `{pretty(part)}` is {T.describe(t)}", "type-mismatch")
        return T.BOOLEAN

    def _t_Call(self, node: ast.Call) -> T.Type:
        sig = FUNCTIONS.get(node.name)
        if sig is None:
            self._error(node, f"unknown function `{node.name}`", "unknown-function", did_you_mean(node.name, FUNCTIONS))
        arg_types = [self._t(a) for a in node.args]
        result, message, bad = sig.check(arg_types)
        if message:
            where = node.args[bad] if bad is not None else node
            self._error(where, f"`{node.name}` {message}; use {sig.usage}", "bad-arguments")
        assert result is not None  # a signature that accepts its arguments gives their result type
        if node.name == "coalesce":
            for a in node.args[1:]:
                self._check_code_literal(arg_types[0], a)
        if node.name == "matches" and not message and len(node.args) == 2:
            self._check_pattern(node.args[1])
        return result

    def _check_pattern(self, node: ast.Node) -> None:
        """`matches` takes its pattern as a string literal, valid when the pack loads (and compilable to SQL)."""
        import re

        from checker.language.functions import compile_pattern

        if not (isinstance(node, ast.Literal) and isinstance(node.value, str)):
            self._error(node, "the pattern of `matches` must be a string literal", "bad-arguments")
            return
        try:
            compile_pattern(node.value)
        except re.error as exc:
            self._error(node, f"`{node.value}` is not a valid pattern: {exc}", "bad-arguments")

    def _bind(self, node: ast.Node, var: str, source: ast.Node) -> T.Type:
        st = self._t(source)
        if not st.is_list or st.item is None:
            hint = None
            if st.kind == "record":
                hint = f"`{pretty(source)}` is a single record; compare its fields directly"
            self._error(source, f"`{pretty(source)}` is {T.describe(st)}, not a list to range over", "type-mismatch", hint)
        if var in self.subject.fields or var in self.subject.links:
            self._error(
                node,
                f"variable `{var}` hides the {'field' if var in self.subject.fields else 'relation'} `{var}` of `{self.subject.name}`; choose another name",
                "shadowing",
            )
        if self._lookup_var(var) is not None:
            self._error(node, f"variable `{var}` is already in use here; choose another name", "shadowing")
        return st.item

    def _t_Quantifier(self, node: ast.Quantifier) -> T.Type:
        item = self._bind(node, node.var, node.source)
        self.scope.append((node.var, item))
        try:
            if node.condition is not None:
                self._bool(node.condition, "a `where` clause")
            if node.predicate is not None:
                self._bool(node.predicate, "a `satisfies` clause")
        finally:
            self.scope.pop()
        return T.BOOLEAN

    def _t_Comprehension(self, node: ast.Comprehension) -> T.Type:
        item = self._bind(node, node.var, node.source)
        self.scope.append((node.var, item))
        try:
            if node.condition is not None:
                self._bool(node.condition, "a `where` clause")
            element = self._t(node.element)
        finally:
            self.scope.pop()
        if element.kind == "list":
            self._error(node.element, "a list of lists is not supported; use a quantifier", "type-mismatch")
        return T.list_of(element)


    def _t_Pick(self, node: ast.Pick) -> T.Type:
        item = self._bind(node, node.var, node.source)
        self.scope.append((node.var, item))
        try:
            kt = self._t(node.key)
            if not kt.is_ordered:
                self._error(node.key, f"`by` needs a value with an order (a date, number or string), not {T.describe(kt)}", "type-mismatch")
            if node.condition is not None:
                self._bool(node.condition, "a `where` clause")
        finally:
            self.scope.pop()
        return item


def _link_type(link: Link) -> T.Type:
    rec = T.record(link.target)
    return T.list_of(rec) if link.many else rec


def _boolean_hint(t: T.Type | None) -> str | None:
    if t is None:
        return None
    if t.is_temporal:
        return "compare it, e.g. `<= as_at`, or test `is present`"
    if t.is_list:
        return "use a quantifier, e.g. `some x in ... where ...`, or count(...) > 0"
    if t.kind in ("integer", "decimal"):
        return "compare it with a number, e.g. `> 0`"
    if t.kind in ("string", "code"):
        return "compare it, e.g. `== \"...\"`, or test `is present`"
    if t.kind == "record":
        return "test `is present`, or use one of its fields"
    return None


def fields_used(node: ast.Node, subject: str) -> set[tuple[str, str]]:
    """Every (table, field) a checked expression reads, including the fields
    relations join on."""
    used: set[tuple[str, str]] = set()
    for n in node.walk():
        res = getattr(n, "resolved", None)
        if res is None:
            continue
        if res.kind in ("field", "project-field"):
            used.add((res.table, res.name))
        elif res.link is not None:
            used.add((res.link.source, res.link.local_field))
            used.add((res.link.target, res.link.remote_field))
    return used


def tables_used(node: ast.Node, subject: str) -> set[str]:
    """Every table a checked expression reads, for checking the data has them."""
    used = {subject}
    for n in node.walk():
        res = getattr(n, "resolved", None)
        if res is not None and res.link is not None:
            used.add(res.link.target)
    return used


_ = suggest
