"""The "depends on unknown" pass: rules that read values a return format does
not carry, compiled to SQL with the reference evaluator's outcomes.

On Annex A, the CIN census and SSDA903 some values are *not carried*
(:class:`checker.model.NotCarried`): a field the format has no place for,
for every record or for some (Annex A list 8 visits record no seen-alone),
and tables it has no records of. The reference evaluator treats such a value
as unknown by Kleene logic, kept apart from a blank: an unknown result that a
not-carried value could have decided is itself not carried, and a record
whose ``when`` or ``expect`` is not carried is ``not_evidenced``, out of the
rate, with a reason naming the format (``engine/outcomes``).

:class:`UnknownCompiler` is the SQL compiler (``compile.py``) with one more
value per expression: beside its SQL value (NULL where unknown, blank or not
carried), an SQL expression for *which* not-carried value it is, an integer
code (``whys``: code -> (table, field or None for the table's records)) or
NULL when the value is not "not carried". The codes are propagated the way
``evaluate.py`` propagates :class:`NotCarried`:

* a field: not carried where it is NULL and the record lacks it (a flag
  column ``_nc_<field>`` for a field the format lacks on some records only,
  :func:`flag_columns`; a field it never carries is not carried wherever it
  is NULL);
* a relation into a table the format has no records of: a list is not
  carried (and its SQL value missing), one record is where the lookup finds
  nothing;
* strict operations (comparisons, arithmetic, ``between``, ``within``,
  ``in``): missing if a blank operand makes them so, else the first
  not-carried operand; ``and``/``or``: undecided sides, the left first;
  ``is missing`` and ``??`` on a not-carried value: not carried; a function:
  not carried where its answer on the blanked arguments is missing;
* quantifiers, comprehensions and picks: the first item (in list order) whose
  not-carried condition or predicate leaves the answer open, as the reference
  walks them.

Only expressions that can meet a not-carried value get the second value: the
rest compile exactly as before. The query gains one column, ``_nc``: NULL, or
``2 * code`` when the rule's ``when`` is not carried, ``2 * code + 1`` when
its ``when`` holds and its ``expect`` is not carried. A construct this pass
has no propagation for (a list whose items are themselves not carried) raises
:class:`Unsupported`, and the engine leaves the rule to the reference
evaluator, saying so. Template holes that can be not carried are left to
the reference too (they read "not recorded in <format>").
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from checker.engine.compile import Compiler
from checker.engine.compile_values import ROW, Const, Rec, Rel, Unsupported
from checker.language import nodes as ast
from checker.language.sqlexpr import NULL, TRUE, and_, binop, case, is_null, not_, or_, paren, subquery

#: the query's column holding a record's not-carried code (see the module docstring)
NC_COLUMN = "_nc"


def flag_name(field_name: str) -> str:
    """The column that says a record lacks ``field_name`` (a field its format lacks on some records only)."""
    return f"_nc_{field_name}"


def absences(dataset) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(table -> fields lacked by every record, table -> fields lacked by some records only)."""
    every: dict[str, set[str]] = {}
    some: dict[str, set[str]] = {}
    for t, rows in dataset.tables.items():
        common: set[str] | None = None
        union: set[str] = set()
        for row in rows:
            a = row.absent
            union |= a
            common = set(a) if common is None else common & a
        if union:
            every[t] = set(common or ())
            some[t] = union - every[t]
    return every, some


def flag_columns(dataset) -> dict[str, dict[str, list[int]]]:
    """table -> flag column -> the positions (``_row``, from 1) of the records
    that lack the field: what the SQL engine loads beside each table."""
    _, some = absences(dataset)
    out: dict[str, dict[str, list[int]]] = {}
    for t, fields in sorted(some.items()):
        if not fields:
            continue
        rows = dataset.tables[t]
        out[t] = {flag_name(f): [i for i, r in enumerate(rows, start=1) if f in r.absent] for f in sorted(fields)}
    return out


def load_flags(backend, dataset, schema) -> None:
    """Beside each loaded table, a flag column per field its format lacks on
    some records only (Annex A list 8 visits: no seen-alone), true on the
    records that lack it."""
    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    for table, flags in flag_columns(dataset).items():
        if table not in schema.tables:
            continue
        for flag, positions in flags.items():
            backend.execute(f"ALTER TABLE {quote(table)} ADD COLUMN {quote(flag)} BOOLEAN DEFAULT FALSE")
            for i in range(0, len(positions), 1000):
                chunk = ", ".join(str(p) for p in positions[i:i + 1000])
                backend.execute(f"UPDATE {quote(table)} SET {quote(flag)} = TRUE WHERE {quote(ROW)} IN ({chunk})")


def _first(*ncs):
    """The first not-NULL code of these (None: none can be)."""
    known = [n for n in ncs if n is not None]
    if not known:
        return None
    return known[0] if len(known) == 1 else exp.Coalesce(this=known[0], expressions=known[1:])


def _nn(e) -> exp.Expression:
    return not_(is_null(e))


class _Items:
    """The not-carried codes of a list written out, item by item."""

    def __init__(self, codes: list):
        self.codes = codes


class _ListItems:
    """A list whose items may be not carried (``[c.date for c in conferences]`` where the
    format lacks some dates): the whole list's code (None: never), and each item's code,
    an expression over the list's items."""

    def __init__(self, whole, rel: Rel, item):
        self.whole, self.rel, self.item = whole, rel, item

    def copy(self):
        return _ListItems(self.whole.copy() if self.whole is not None else None, self.rel, self.item.copy())


class UnknownCompiler(Compiler):
    """The compiler, with not-carried codes propagated beside the values."""

    prefix = "_c_"

    def __init__(self, schema, calendar, as_at, params, dataset, dialect: str = "duckdb"):
        super().__init__(schema, calendar, as_at, params, dialect=dialect)
        self.dataset = dataset
        self.every, self.some = absences(dataset)
        self.absent_tables = set(getattr(dataset, "absent_tables", {}) or {})
        #: code -> (table, field), or (table, None) for a table's records
        self.whys: list[tuple[str, str | None]] = []
        self._codes: dict[tuple[str, str | None], int] = {}
        self._nc: dict[Any, Any] = {}
        self._vals: dict[int, Any] = {}
        self._holes: set[int] = set()
        self._rule = None
        self._top: dict[str, Any] = {}

    # --- codes ------------------------------------------------------------------------
    def _code(self, table: str, name: str | None) -> exp.Expression:
        key = (table, name)
        if key not in self._codes:
            self._codes[key] = len(self.whys)
            self.whys.append(key)
        return exp.Literal.number(self._codes[key])

    def reads_not_carried(self, rule) -> bool:
        """Whether ``rule``'s ``when`` or ``expect`` can meet a value the input lacks."""
        for e in (rule.when, rule.expect):
            if e is None:
                continue
            for n in e.walk():
                res = getattr(n, "resolved", None)
                if res is None:
                    continue
                if res.kind in ("field", "project-field") and any(n.name in s.get(t, ()) for s in (self.every, self.some)
                                                                   for t in s):
                    return True
                link = getattr(res, "link", None)
                if link is not None and link.target in self.absent_tables:
                    return True
        return False

    # --- the rule ---------------------------------------------------------------------
    def compile_rule(self, rule):
        self._nc = {}
        self._vals = {}
        self._top = {}
        self._rule = rule
        self._holes = {id(p) for t in rule.reasons.values() for p in t.parts if not isinstance(p, str)}
        compiled = super().compile_rule(rule)
        nc = self._top.get("column")
        if nc is None:
            return compiled
        inner = next(s for s in compiled.query.find_all(exp.Select)
                     if any(e.alias_or_name == "outcome" for e in s.expressions))
        compiled.columns.insert(len(inner.expressions), NC_COLUMN)
        inner.select(exp.alias_(nc, NC_COLUMN, quoted=True), copy=False)
        return compiled

    def scalar(self, node, env):
        v = super().scalar(node, env)
        rule = self._rule
        if rule is not None and self._depth == 0 and "column" not in self._top:
            if node is rule.expect and "expect" not in self._top:
                self._top["expect"] = (v, self._nc.get(id(node)))
            elif node is rule.when and "when" not in self._top:
                self._top["when"] = (v, self._nc.get(id(node)))
            if "expect" in self._top and (rule.when is None or "when" in self._top):
                self._top["column"] = self._outcome_code()
        return v

    def _outcome_code(self):
        expect, nce = self._top["expect"]
        when, ncw = self._top.get("when", (None, None))
        if nce is None and ncw is None:
            return None
        two = exp.Literal.number(2)
        whens = []
        if ncw is not None:
            ncw = self._once(ncw)
            whens.append((_nn(ncw.copy()), exp.Mul(this=paren(ncw), expression=two)))
        if nce is not None:
            nce = self._once(nce)
            odd = exp.Add(this=exp.Mul(this=paren(nce), expression=two), expression=exp.Literal.number(1))
            holds = _nn(nce.copy()) if when is None else and_(paren(self._once(when.copy())), _nn(nce.copy()))
            whens.append((holds, odd))
        return case(*whens, default=NULL)

    def _traced(self, rule, env, when, expect, selects, columns):
        # a reason worded from the trace would word a not-carried value as a
        # blank: where one can be met, the reference words it
        if self._top.get("column") is not None:
            return {}
        return super()._traced(rule, env, when, expect, selects, columns)

    # --- every value ------------------------------------------------------------------
    def value(self, node, env):
        v = super().value(node, env)
        v, nc = self._propagate(node, env, v)
        if nc is not None and id(node) in self._holes:
            raise Unsupported(node, "a reason's value the input may not carry")
        self._nc[id(node)] = nc
        self._vals[id(node)] = v
        return v

    def _of(self, node):
        """A sub-expression's code as compiled last (a copy: a tree node has one parent)."""
        nc = self._nc.get(id(node)) if node is not None else None
        return nc.copy() if isinstance(nc, (exp.Expression, _ListItems)) else nc

    def _scalar_nc(self, node):
        nc = self._of(node)
        if isinstance(nc, (_Items, _ListItems)):
            raise Unsupported(node, "a list of values the input may not carry, used as a value")
        return nc

    def _blank(self, v, nc) -> exp.Expression:
        """SQL: the value is missing, not merely not carried."""
        e = v.rowid if isinstance(v, Rec) else v
        if isinstance(e, (Const, Rel)) or e is None:
            raise Unsupported(None, "a list or duration beside a value the input may not carry")
        e = self._once(e)
        return is_null(e) if nc is None else and_(is_null(e), is_null(nc))

    def _strict(self, node, pairs):
        """_unknown(...): missing if a blank makes it so, else the first not-carried operand."""
        ncs = [nc for _, nc in pairs]
        if all(n is None for n in ncs):
            return None
        blanks = [self._blank(v, nc) for v, nc in pairs if not isinstance(v, Const)]
        first = _first(*ncs)
        return case((or_(*blanks), NULL), default=first) if blanks else first

    def _propagate(self, node, env, v):
        kind = type(node).__name__
        if kind in ("Literal", "Duration", "AsAt"):
            return v, None
        if kind == "ListExpr":
            codes = [self._scalar_nc(i) for i in node.items]
            return v, (_Items(codes) if any(c is not None for c in codes) else None)
        if kind == "Name":
            res = node.resolved
            if res.kind in ("var", "param"):
                return v, None
            subject = env[""]
            if res.kind == "field":
                return v, self._field_nc(subject, node.name, v)
            return self._link_nc(res.link, subject, None, v)
        if kind == "Attribute":
            res = node.resolved
            obj_nc = self._scalar_nc(node.obj)
            if res.kind in ("project-field", "project-link"):
                if obj_nc is not None:
                    raise Unsupported(node, "a list the input may not carry, projected")
                items = self._vals[id(node.obj)]
                table = items.value.table if isinstance(items, Rel) and isinstance(items.value, Rec) else None
                if res.kind == "project-field" and table is None:
                    raise Unsupported(node, "a list of values the input may not carry")
                if res.kind == "project-field" and self._may_lack(table, node.name):
                    self._depth += 1  # each item's code, in the items' scope
                    try:
                        item = self._field_nc(items.value, node.name, v.value)
                    finally:
                        self._depth -= 1
                    return v, _ListItems(None, v, item)
                if res.kind == "project-link" and res.link.target in self.absent_tables:
                    raise Unsupported(node, "a list of records the input may not carry")
                return v, None
            obj = self._vals[id(node.obj)]
            if res.kind == "field":
                return v, _first(obj_nc, self._field_nc(obj, node.name, v))
            return self._link_nc(res.link, obj, obj_nc, v)
        if kind in ("Not", "Negate"):
            return v, self._scalar_nc(node.operand)
        if kind == "BoolOp":
            na, nb = self._scalar_nc(node.left), self._scalar_nc(node.right)
            if na is None and nb is None:
                return v, None
            # each side computed once (at the top of a rule): read by the value and by its code
            a, b = self._once(self._val(node.left)), self._once(self._val(node.right))
            v = binop(exp.And if node.op == "and" else exp.Or, a.copy(), b.copy())
            decides = (not_(a), not_(b)) if node.op == "and" else (paren(a), paren(b))
            return v, case((decides[0], NULL), (decides[1], NULL), default=_first(na, nb))
        if kind in ("Compare", "Arith"):
            return v, self._strict(node, [(self._val(node.left), self._scalar_nc(node.left)),
                                          (self._val(node.right), self._scalar_nc(node.right))])
        if kind == "Between":
            return v, self._strict(node, [(self._val(n), self._scalar_nc(n)) for n in (node.value, node.low, node.high)])
        if kind == "Within":
            return v, self._strict(node, [(self._val(n), self._scalar_nc(n)) for n in (node.value, node.duration, node.anchor)])
        if kind == "In":
            return v, self._in_nc(node, v)
        if kind == "IsMissing":
            nc = self._scalar_nc(node.operand)
            if nc is None:
                return v, None
            return case((_nn(nc.copy()), NULL), default=v), nc
        if kind == "Coalesce":
            na, nb = self._scalar_nc(node.left), self._scalar_nc(node.right)
            if na is None and nb is None:
                return v, None
            a = self._val(node.left)
            a_e = a.rowid if isinstance(a, Rec) else a
            whens = [(_nn(na.copy()), na.copy())] if na is not None else []
            nc = case(*whens, (is_null(self._once(a_e)), nb if nb is not None else NULL), default=NULL) \
                if nb is not None else na
            if na is None:
                return v, nc
            if isinstance(v, Rec):
                return Rec(v.table, case((_nn(na.copy()), NULL), default=v.rowid)), nc
            return case((_nn(na.copy()), NULL), default=v), nc
        if kind == "Call":
            return self._call_nc(node, v)
        if kind in ("Quantifier", "Comprehension", "Pick"):
            nc = self._nc.pop(("list", id(node)), None)
            if isinstance(nc, tuple):  # the code where the answer is unknown: the answer computed once
                if isinstance(v, Rec):
                    v = Rec(v.table, self._once(v.rowid), joined=v.joined)
                    return v, case((is_null(v.rowid.copy()), nc[1]), default=NULL)
                v = self._once(v)
                return v, case((is_null(v.copy()), nc[1]), default=NULL)
            return v, nc
        if any(self._of(c) is not None for c in _child_nodes(node)):
            raise Unsupported(node, f"{kind} over a value the input may not carry")
        return v, None

    def _val(self, node):
        """A sub-expression's value as compiled last (a copy: a tree node has one parent)."""
        v = self._vals[id(node)]
        return v.copy() if isinstance(v, exp.Expression) else v

    # --- fields and relations ---------------------------------------------------------
    def _may_lack(self, table, name) -> bool:
        return table is not None and (name in self.every.get(table, ()) or name in self.some.get(table, ()))

    def _field_nc(self, rec, name, v):
        if not isinstance(rec, Rec) or not isinstance(v, exp.Expression):
            return None
        table = rec.table
        if name in self.every.get(table, ()):
            # not carried only on a record there is: a field of no record (a link that finds
            # none) is missing, as the reference evaluator has it
            there = [] if rec.alias is not None else [_nn(self._once(rec.rowid.copy()))]
            return case((and_(is_null(self._once(v.copy())), *there), self._code(table, name)), default=NULL)
        if name in self.some.get(table, ()):
            flag = self._field(rec, flag_name(name))
            return case((and_(is_null(self._once(v.copy())), paren(flag)), self._code(table, name)), default=NULL)
        return None

    def _link_nc(self, link, rec, obj_nc, v):
        local = self._field(rec, link.local_field) if isinstance(rec, Rec) else None
        local_nc = self._field_nc(rec, link.local_field, local) if local is not None else None
        if link.target not in self.absent_tables:
            return v, _first(obj_nc, local_nc)
        code = self._code(link.target, None)
        if link.many:
            # no records of that table: the list is not carried (and missing in SQL)
            nc = _first(obj_nc, local_nc, code)
            return Rel(v.item, v.source, v.alias, v.where, v.value, v.order, TRUE.copy(), v.joins), nc
        lacks = case((and_(_nn(self._once(local)), is_null(self._once(v.rowid.copy()))), code), default=NULL)
        return v, _first(obj_nc, local_nc, lacks)

    def _in_nc(self, node, v):
        """``x in items`` as evaluate._e_In: unknown if x or the list is (a blank first, then
        x's code, then the list's); else found, or, if not, unknown when an item is (a blank
        item: missing; else the first not-carried item)."""
        ncv = self._scalar_nc(node.value)
        coll = self._of(node.collection)
        if coll is None:
            return ncv
        x = self._val(node.value)
        if isinstance(x, (Rec, Rel, Const)):
            raise Unsupported(node, "`in` with a record or list the input may not carry")
        whens = [(self._blank(x, ncv), NULL)]
        if isinstance(coll, _Items):
            items = [self._val(i) for i in node.collection.items]
            if any(not isinstance(i, exp.Expression) for i in items):
                raise Unsupported(node, "`in` a list of lists the input may not carry")
            if ncv is not None:
                whens.append((_nn(ncv.copy()), ncv))
            whens += [(or_(*[self._blank(i, c.copy() if c is not None else None) for i, c in zip(items, coll.codes)]), NULL)]
            first = _first(*[c for c in coll.codes if c is not None])
        elif isinstance(coll, _ListItems):
            rel = coll.rel
            if isinstance(rel.value, Rec):
                raise Unsupported(node, "`in` a list of records the input may not carry")
            if rel.missing is not None:
                blank_list = and_(paren(rel.missing.copy()), is_null(coll.whole.copy())) if coll.whole is not None \
                    else paren(rel.missing.copy())
                whens.append((blank_list, NULL))
            if ncv is not None:
                whens.append((_nn(ncv.copy()), ncv))
            if coll.whole is not None:
                whens.append((_nn(coll.whole.copy()), coll.whole))
            blank_item = and_(is_null(paren(rel.value.copy())), is_null(coll.item.copy()))
            whens.append((exp.Exists(this=self._rel_select(rel, [exp.Literal.number(1)]).where(blank_item, copy=False)), NULL))
            first = self._first_item(rel, coll.item, _nn(coll.item.copy()))
        else:  # the whole list is not carried (or missing)
            rel = self._vals[id(node.collection)]
            if isinstance(rel, Rel) and rel.missing is not None:
                whens.append((and_(paren(rel.missing.copy()), is_null(coll.copy())), NULL))
            if ncv is not None:
                whens.append((_nn(ncv.copy()), ncv))
            first = coll
        return case((_nn(self._once(v.copy())), NULL), *whens, default=first)

    # --- functions --------------------------------------------------------------------
    def _call_nc(self, node, v):
        codes = []
        for a in node.args:
            nc = self._of(a)
            if isinstance(nc, _Items):
                codes.extend(c for c in nc.codes if c is not None)
            elif isinstance(nc, _ListItems):
                # the list's own code, else its first item's (in list order) that is not carried
                codes.extend(c for c in (nc.whole, self._first_item(nc.rel, nc.item, _nn(nc.item.copy()))) if c is not None)
            elif nc is not None:
                codes.append(nc)
        if not codes:
            return v, None
        if not isinstance(v, exp.Expression):
            raise Unsupported(node, "a function of a value the input may not carry, giving a list")
        if node.name == "coalesce":
            # the first argument that is not blank, a not-carried one included
            whens = []
            for a in node.args:
                nc = self._scalar_nc(a)
                av = self._val(a)
                if not isinstance(av, exp.Expression):
                    raise Unsupported(node, "coalesce of lists the input may not carry")
                if nc is not None:
                    whens.append((_nn(nc.copy()), nc))
                whens.append((_nn(self._once(av)), NULL))
            nc = case(*whens, default=NULL)
            return case((_nn(nc.copy()), NULL), default=v), nc
        first = _first(*codes)
        v = self._once(v)  # computed once: read by the value and by its code
        return v, case((is_null(v.copy()), first), default=NULL)

    # --- lists ------------------------------------------------------------------------
    def _list_nc(self, node):
        nc = self._of(node)
        if isinstance(nc, (_Items, _ListItems)):
            raise Unsupported(node, "a list of values the input may not carry")
        return nc

    def _first_item(self, rel: Rel, code, where) -> exp.Expression:
        """The code of the first item (in list order) meeting ``where``."""
        sel = self._rel_select(rel, [exp.alias_(code, "n")]).where(where, copy=False)
        sel = sel.order_by(exp.Ordered(this=paren(rel.order)), copy=False).limit(1, copy=False)
        return subquery(sel)

    def _quantifier(self, node, env, rel):
        v = super()._quantifier(node, env, rel)
        ncl = self._list_nc(node.source)
        ncc = self._scalar_nc(node.condition)
        ncp = self._scalar_nc(node.predicate) if node.kind == "every" else None
        if ncc is None and ncp is None or isinstance(ncl, exp.Literal):  # (a list never carried decides)
            item = None
        else:
            if not isinstance(rel, Rel):
                raise Unsupported(node, "a quantifier over this list")
            code = _first(ncp, ncc)
            if node.kind == "every":
                x = self._val(node.predicate) if node.condition is None else \
                    exp.Or(this=not_(self._val(node.condition)), expression=paren(self._val(node.predicate)))
                open_ = and_(is_null(paren(x)), _nn(code.copy()))
            else:
                open_ = _nn(code.copy())
            item = self._first_item(rel, code, open_)
        nc = _first(ncl, item)
        if nc is not None:
            self._nc[("list", id(node))] = ("open", nc)  # where the answer is unknown (_propagate)
        return v

    def _comprehension(self, node, env, rel):
        v = super()._comprehension(node, env, rel)
        ncl = self._list_nc(node.source)
        element = self._scalar_nc(node.element)
        ncc = self._scalar_nc(node.condition)
        item = None
        if ncc is not None and not isinstance(ncl, exp.Literal):  # (a list never carried decides)
            # the first item whose condition is unknown decides: not carried or blank
            item = self._first_item(rel, ncc, is_null(paren(self._val(node.condition))))
        nc = _first(ncl, item)
        if element is not None:  # items that may be not carried themselves
            self._nc[("list", id(node))] = _ListItems(nc, v, element)
        elif nc is not None:  # (where it is not carried the list is missing already: an undecided item)
            self._nc[("list", id(node))] = nc
        return v

    def _pick(self, node, env, rel):
        v = super()._pick(node, env, rel)
        ncl = self._list_nc(node.source)
        if self._of(node.key) is not None or self._of(node.condition) is not None:
            raise Unsupported(node, "first/last by or where a value the input may not carry")
        if ncl is not None:
            self._nc[("list", id(node))] = ("open", ncl)
        return v


def _child_nodes(node):
    import dataclasses

    if not dataclasses.is_dataclass(node):
        return []
    out = []
    for f in dataclasses.fields(node):
        x = getattr(node, f.name)
        for y in (x if isinstance(x, (list, tuple)) else [x]):
            if isinstance(y, ast.Node):
                out.append(y)
    return out


__all__ = ["NC_COLUMN", "UnknownCompiler", "absences", "flag_columns", "flag_name", "load_flags"]
