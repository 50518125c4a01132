"""A binding: another dataset's tables read as a data schema's, as data.

A binding file (``rules/bindings/<id>.yaml``, checked against
``checker/jsonschemas/binding.schema.json``) says how each table of a schema
(``csc``) is read from a dataset a council keeps in its own warehouse (the
Standard Safeguarding Dataset's ``ssd_*`` tables): the source tables and the
columns read, with their types; named *helpers* (a period of care from its
episodes); and per schema table a *view*: one select, or a ``union`` of
selects, giving each field as an expression, and the fields the dataset has
no place for (``not_carried``, with why).

Expressions are SQL in the subset every dialect shares. This module parses
them with sqlglot into trees, so one binding is written for DuckDB (the
reader of a folder of extracts, ``checker/data/readers/ssd.py``), PostgreSQL
and SQL Server (``casecheck sql --binding``): the trees are made once and
only the writing differs. Four things are added to what the file says:

* ``yes(x)`` is a macro: the dataset's Y/N flag (any case) as a truth value (``Y``,
  ``YES``, ``1``, ``TRUE`` true; ``N``, ``NO``, ``0``, ``FALSE`` false;
  anything else unknown);
* every date field of a view is cast to DATE (the SSD's are datetime);
* ``as_at()`` is the run's as-at date, ``months_before(x, n)`` the date n
  calendar months before x (month ends clamped, as every dialect does);
* a simple ``CASE x WHEN v`` becomes ``CASE WHEN x = v`` (SQL Server's
  boolean lowering, ``engine/tsql``, takes every WHEN as a condition).

A helper's name in a ``from`` or ``join`` is replaced by its select as a
derived table, so a view is one self-contained query (no CREATE VIEW, which
SQL Server wants alone in its batch).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from checker.errors import CasecheckError, Diagnostic, Location
from checker.lazyimport import lazy
from checker.resources import data_dir
from checker.schema import DataSchema
from checker.validate import validate_document
from checker.yamlsource import load_yaml

if TYPE_CHECKING:
    import sqlglot
    from sqlglot import exp
else:  # imported when a binding is compiled, not by every command that lists the bindings
    sqlglot = lazy("sqlglot")
    exp = lazy("sqlglot.expressions")

#: a column type in a binding's ``tables`` -> what the reader stages it as
COLUMN_TYPES = ("text", "date", "integer", "number")
#: a schema field's kind -> the type of a NULL standing for it (not carried)
_NULL_TYPES = {"string": "VARCHAR", "code": "VARCHAR", "integer": "BIGINT", "decimal": "DECIMAL(38,10)",
               "boolean": "BOOLEAN", "date": "DATE", "datetime": "TIMESTAMP"}
LINE = "_line"
ROW = "_row"


@dataclass
class Step:
    """One select: a helper, a view, or one branch of a view's union."""

    name: str
    from_: str
    select: dict[str, str]
    joins: list[str] = field(default_factory=list)
    where: str | None = None
    group_by: list[str] = field(default_factory=list)
    line: str | None = None
    excluded: str | None = None  # why source rows are not records here (the where, the grouping)
    counted_from: str | None = None  # the source table whose rows this step accounts for

    @property
    def from_table(self) -> str:
        return self.from_.split()[0]

    @property
    def alias(self) -> str:
        parts = self.from_.split()
        return parts[-1] if len(parts) > 1 else parts[0]


@dataclass
class View:
    table: str
    steps: list[Step]
    not_carried: dict[str, str]


@dataclass
class Binding:
    id: str
    title: str
    schema: str
    source: str
    tables: dict[str, dict[str, str]]  # source table -> column -> type
    helpers: dict[str, Step]
    views: dict[str, View]
    path: str

    # ---- compiling ---------------------------------------------------------------
    def _parse(self, text: str, where: str) -> exp.Expr:
        try:
            return sqlglot.parse_one(text)
        except sqlglot.errors.ParseError as exc:
            raise CasecheckError([Diagnostic(f"binding `{self.id}`: {where} is not SQL sqlglot can read: {exc}",
                                             Location(self.path), code="bad-binding")]) from None

    def step_tree(self, step: Step, *, lines: bool, fields: list[str] | None = None,
                  dates: frozenset[str] = frozenset(), as_at: _dt.date | None = None) -> exp.Select:
        """``step`` as a select tree: its fields (``fields``, in that order,
        else all), the ``dates`` among them cast to DATE, ``_line`` when
        ``lines`` (the reader's source row), helpers inlined, macros expanded."""
        names = fields if fields is not None else list(step.select)
        cols = []
        for name in names:
            e = _macros(self._parse(step.select[name], f"`{step.name}.{name}`"), as_at)
            if name in dates:
                e = exp.Cast(this=e, to=exp.DataType.build("DATE"))
            # quoted: field names such as `date`, `type` or `disabled` are words some SQL grammars keep
            cols.append(exp.alias_(e, name, quoted=True))
        if lines and step.line:
            cols.append(exp.alias_(_macros(self._parse(step.line, f"`{step.name}` line"), as_at), LINE))
        text = f"SELECT 1 FROM {step.from_} " + " ".join(step.joins)
        tree = self._parse(text, f"`{step.name}` from/joins")
        assert isinstance(tree, exp.Select)  # the text starts SELECT 1 FROM; joins add JOIN clauses to it
        tree.set("expressions", cols)
        if step.where:
            tree = tree.where(_macros(self._parse(step.where, f"`{step.name}` where"), as_at), copy=False)
        if step.group_by:
            tree = tree.group_by(*[self._parse(g, f"`{step.name}` group_by") for g in step.group_by], copy=False)
        for t in list(tree.find_all(exp.Table)):
            helper = self.helpers.get(t.name)
            if helper is not None and not t.args.get("db"):
                inner = self.step_tree(helper, lines=lines, as_at=as_at)
                alias = t.alias or t.name
                t.replace(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier(alias))))
        return tree

    def reads(self, step: Step, name: str | None = None) -> set[str]:
        """The source tables a step (or one of its fields) reads, through helpers."""
        frm = self._parse(f"SELECT 1 FROM {step.from_} " + " ".join(step.joins), f"`{step.name}` from/joins")
        aliases = {t.alias_or_name: t.name for t in frm.find_all(exp.Table)}
        if name is None:
            used = set(aliases.values())
            exprs = list(step.select.values()) + ([step.where] if step.where else [])
        else:
            used, exprs = set(), [step.select[name]]
        for text in exprs:
            tree = self._parse(text, f"`{step.name}`")
            used |= {aliases[c.table] for c in tree.find_all(exp.Column) if c.table in aliases}
            used |= {t.name for t in tree.find_all(exp.Table)}
        out: set[str] = set()
        for t in used:
            out |= self.reads(self.helpers[t]) if t in self.helpers else {t}
        return out

    def dated(self, step: Step, name: str) -> bool:
        """Whether a field is counted from the as-at date (it uses ``as_at()``)."""
        return any(isinstance(a, exp.Anonymous) and str(a.this).lower() == "as_at"
                   for a in self._parse(step.select[name], step.name).find_all(exp.Anonymous))

    def view_tree(self, table: str, schema: DataSchema, dialect: str, as_at: _dt.date | None = None) -> exp.Select:
        """The schema table ``table`` as one query over the source tables: every
        field in schema order (a NULL of the field's type where not carried) and
        ``_row``, the record's position in key order, as casecheck's SQL
        queries expect their tables."""
        view = self.views[table]
        tdef = schema.tables[table]
        dates = frozenset(f for f, fld in tdef.fields.items() if fld.type.kind == "date")
        branches = []
        for step in view.steps:
            sel = self.step_tree(step, lines=False, fields=[f for f in tdef.fields if f in step.select], dates=dates, as_at=as_at)
            by_name = {c.alias: c for c in sel.expressions}
            sel.set("expressions", [by_name.get(f) or exp.alias_(_null(fld.type.kind, dialect), f, quoted=True)
                                    for f, fld in tdef.fields.items()])
            branches.append(sel)
        inner: exp.Expression = branches[0]
        for b in branches[1:]:
            inner = exp.Union(this=inner, expression=b, distinct=False)
        order = exp.Order(expressions=[exp.Ordered(this=exp.column(k, "v", quoted=True)) for k in tdef.key])
        row = exp.Window(this=exp.RowNumber(), order=order)
        return (exp.select(*[exp.alias_(exp.column(f, "v", quoted=True), f, quoted=True) for f in tdef.fields],
                           exp.alias_(row, ROW, quoted=True))
                .from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("v")))))

    def carried(self, table: str, schema: DataSchema) -> set[str]:
        view = self.views[table]
        return {f for f in schema.tables[table].fields if f not in view.not_carried}

    def why_not(self, tables: set[str], fields: set[tuple[str, str]]) -> list[str]:
        """Why a rule reading these tables and (table, field) pairs (what its
        outcome turns on) cannot be decided on this dataset; empty when it can."""
        out = [f"table `{t}`, which {self.title} has no place for" for t in sorted(tables) if t not in self.views]
        for t, f in sorted(fields):
            if t in self.views and f in self.views[t].not_carried:
                out.append(f"`{t}.{f}`: {self.views[t].not_carried[f]}")
        return out

    def wrap(self, query: exp.Expression, schema: DataSchema, dialect: str, as_at: _dt.date | None = None) -> exp.Expression:
        """``query`` (over the schema's tables) as a query over the source
        tables: each schema table it reads becomes a common table expression
        of that name, ahead of the query's own."""
        query = query.copy()
        used = {t.name for t in query.find_all(exp.Table)}
        ctes = [exp.CTE(this=self.view_tree(t, schema, dialect, as_at), alias=exp.TableAlias(this=exp.to_identifier(t, quoted=True)))
                for t in schema.tables if t in used and t in self.views]
        if not ctes:
            return query
        own = query.args.get("with_")
        if own is not None:
            own.set("expressions", ctes + list(own.expressions))
        else:
            query.set("with_", exp.With(expressions=ctes))
        return query


def _null(kind: str, dialect: str) -> exp.Expression:
    name = "BIT" if kind == "boolean" and dialect == "tsql" else _NULL_TYPES[kind]
    return exp.Cast(this=exp.Null(), to=exp.DataType.build(name, dialect=dialect if dialect != "duckdb" else None))


def _flag(x: exp.Expression) -> exp.Expression:
    """``yes(x)``: an SSD Y/N flag as a truth value (NULL when neither)."""
    norm = exp.Upper(this=x)  # (the reader strips cells; SQL Server compares ignoring trailing spaces)
    yes = [exp.Literal.string(s) for s in ("Y", "YES", "1", "TRUE")]
    no = [exp.Literal.string(s) for s in ("N", "NO", "0", "FALSE")]
    return exp.Paren(this=exp.Case(ifs=[exp.If(this=exp.In(this=norm.copy(), expressions=yes), true=exp.true()),
                                        exp.If(this=exp.In(this=norm.copy(), expressions=no), true=exp.false())]))


def _macros(tree: exp.Expr, as_at: _dt.date | None = None) -> exp.Expr:
    def expand(node):
        name = str(node.this).lower() if isinstance(node, exp.Anonymous) else None
        if name == "yes" and len(node.expressions) == 1:
            return _flag(_macros(node.expressions[0].copy(), as_at))
        if name == "as_at" and not node.expressions:
            if as_at is None:
                raise ValueError("as_at() needs the as-at date")
            return exp.Cast(this=exp.Literal.string(as_at.isoformat()), to=exp.DataType.build("DATE"))
        if name == "months_before" and len(node.expressions) == 2 and node.expressions[1].is_int:
            n = int(node.expressions[1].name)
            return exp.DateAdd(this=_macros(node.expressions[0].copy(), as_at), expression=exp.Literal.number(-n), unit=exp.Var(this="MONTH"))
        if isinstance(node, exp.Case) and node.this is not None:
            # a simple CASE (CASE x WHEN v ...) as a searched one: every WHEN a condition, as SQL Server's
            # boolean lowering (engine/tsql) expects
            subject = node.this
            return exp.Case(ifs=[exp.If(this=exp.EQ(this=subject.copy(), expression=i.this), true=i.args.get("true"))
                                 for i in node.args.get("ifs", [])], default=node.args.get("default"))
        return node

    return tree.transform(expand, copy=False)


def _step(name: str, d: dict) -> Step:
    return Step(name=name, from_=d["from"], select={k: str(v) for k, v in d["select"].items()}, joins=list(d.get("joins", [])),
                where=d.get("where"), group_by=list(d.get("group_by", [])), line=d.get("line"), excluded=d.get("excluded"),
                counted_from=d.get("counted_from"))


def shipped() -> list[str]:
    """The bindings casecheck ships (``rules/bindings/*.yaml``), by id."""
    return sorted(p.stem for p in (data_dir("rules") / "bindings").glob("*.yaml"))


def binding_path(name: str) -> Path:
    p = Path(name)
    if p.suffix in (".yaml", ".yml") and p.is_file():
        return p
    return data_dir("rules") / "bindings" / f"{name}.yaml"


def load_binding(name: str, schema: DataSchema | None = None) -> Binding:
    """The binding ``name`` (a shipped one's id, or a path), validated against
    its JSON Schema and, given ``schema``, against the schema's tables and
    fields (every field a view gives or declares not carried must exist, and
    each field of a table it gives must be one or the other)."""
    path = binding_path(name)
    if not path.is_file():
        shipped = sorted(p.stem for p in (data_dir("rules") / "bindings").glob("*.yaml"))
        raise CasecheckError([Diagnostic(f"no binding `{name}`", Location(str(path)), code="no-binding",
                                         suggestion=f"casecheck ships: {', '.join(shipped)}")])
    doc = load_yaml(path)
    problems = validate_document(doc, "binding")
    if problems:
        raise CasecheckError(problems)
    d = doc.data
    misplaced: list[tuple[str | int, ...]] = [("helpers", n) for n, h in d.get("helpers", {}).items() if "not_carried" in h]
    misplaced += [("views", t, "union", i) for t, v in d["views"].items() for i, u in enumerate(v.get("union", [])) if "not_carried" in u]
    if misplaced:
        raise CasecheckError([Diagnostic("`not_carried` belongs on a view (its table), not on a helper or one branch of a union",
                                         doc.location(p + ("not_carried",)), code="bad-binding") for p in misplaced])
    views = {}
    for table, v in d["views"].items():
        steps = [_step(f"{table}[{i}]", s) for i, s in enumerate(v["union"])] if "union" in v else [_step(table, v)]
        views[table] = View(table, steps, dict(v.get("not_carried", {})))
    b = Binding(id=d["id"], title=d["title"], schema=d["schema"], source=d["source"],
                tables={t: dict(c["columns"]) for t, c in d["tables"].items()},
                helpers={n: _step(n, h) for n, h in d.get("helpers", {}).items()}, views=views, path=str(path))
    if schema is not None:
        _check(b, schema, doc)
    return b


def _check(b: Binding, schema: DataSchema, doc) -> None:
    if schema.name != b.schema:
        raise CasecheckError([Diagnostic(f"binding `{b.id}` reads {b.title} as schema `{b.schema}`, not `{schema.name}`",
                                         doc.location(("schema",)), code="bad-binding",
                                         suggestion=f"use a pack on schema `{b.schema}`")])
    out = []
    for table, view in b.views.items():
        if table not in schema.tables:
            out.append(Diagnostic(f"binding `{b.id}`: view `{table}` is not a table of schema `{schema.name}`",
                                  doc.location(("views", table)), code="bad-binding"))
            continue
        fields = schema.tables[table].fields
        given = set().union(*(s.select for s in view.steps))
        for f in sorted((given | set(view.not_carried)) - set(fields)):
            out.append(Diagnostic(f"binding `{b.id}`: `{table}.{f}` is not a field of schema `{schema.name}`",
                                  doc.location(("views", table)), code="bad-binding"))
        for f in fields:
            if (f in given) == (f in view.not_carried):
                how = "both given and declared not carried" if f in given else "neither given nor declared not carried"
                out.append(Diagnostic(f"binding `{b.id}`: `{table}.{f}` is {how}", doc.location(("views", table)),
                                      code="bad-binding"))
        for s in view.steps:
            missing = b.reads(s) - set(b.tables)
            for t in sorted(missing):
                out.append(Diagnostic(f"binding `{b.id}`: `{s.name}` reads `{t}`, which `tables` does not list",
                                      doc.location(("views", table)), code="bad-binding"))
    if out:
        raise CasecheckError(out)
