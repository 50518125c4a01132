"""The data schema: tables, typed fields, code sets, keys and relations.

A schema is a YAML file validated by ``jsonschemas/dataschema.schema.json``;
the built-in ``csc`` schema lives in ``rules/schemas/csc.yaml``. Rules are
type-checked against it before any case data is read.

A relation ``s47_enquiries.child_id -> children.child_id`` gives two
navigations: ``child`` on an enquiry (at most one children record: the name
is the foreign key less its ``_id``) and ``s47_enquiries`` on a child (a list:
the name is the referring table). Either name can be set explicitly. When
the foreign key is the referring table's whole primary key, the inverse is
at most one record (``child.care_leaver``), not a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from checker import typesys as T
from checker.errors import CasecheckError, Diagnostics
from checker.resources import data_dir
from checker.suggest import did_you_mean
from checker.validate import validate_document
from checker.yamlsource import YamlDoc, load_yaml


@dataclass(frozen=True)
class Field:
    name: str
    type: T.Type
    required: bool = False
    description: str = ""
    future: bool = False  # may be after as_at (expected date of birth, target dates)
    preserve_whitespace: bool = False  # a string read exactly as sent (whitespace: preserve)
    #: Typed by a person (an audit workbook): codes matched by code or label in
    #: any case; a value that does not fit is read as missing, with a warning,
    #: and does not reject the record.
    by_hand: bool = False


@dataclass(frozen=True)
class Link:
    """A navigation from one table to another through a relation."""

    name: str
    source: str  # the table it is on
    target: str  # the table it leads to
    many: bool  # a list of target records, or at most one
    local_field: str  # field on `source` holding the join value
    remote_field: str  # field on `target` matched against it
    inverse: bool = False  # True for the parent-to-children side of a relation


@dataclass
class Table:
    name: str
    key: tuple[str, ...]
    fields: dict[str, Field]
    description: str = ""
    links: dict[str, Link] = field(default_factory=dict)
    date_order: list[tuple[str, str]] = field(default_factory=list)
    only_with: str = ""  # what gives the table when the data holds it only sometimes (the previous year's return)

    def member_names(self) -> list[str]:
        return list(self.fields) + list(self.links)


@dataclass
class DataSchema:
    name: str
    version: str
    tables: dict[str, Table]
    code_sets: dict[str, dict[str, str]]
    path: str = ""

    def table(self, name: str) -> Table:
        return self.tables[name]


_REL_RE = re.compile(r"^\s*([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\s*->\s*([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\s*$")


def builtin_schema_path(name: str) -> Path:
    return data_dir("rules") / "schemas" / f"{name}.yaml"


def builtin_schema_names() -> list[str]:
    return sorted(p.stem for p in (data_dir("rules") / "schemas").glob("*.yaml"))


def resolve_schema_path(ref: str, base: Path) -> Path:
    """A pack names its schema by built-in name (``csc``) or relative path."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        return (base / ref).resolve()
    return builtin_schema_path(ref)


def load_schema(path: str | Path) -> DataSchema:
    doc = load_yaml(path)
    diags = Diagnostics()
    diags.extend(validate_document(doc, "dataschema"))
    diags.raise_if_errors()
    schema = build_schema(doc, diags)
    diags.raise_if_errors()
    return schema


def build_schema(doc: YamlDoc, diags: Diagnostics) -> DataSchema:
    data = doc.data
    code_sets = {k: {str(c): str(v) for c, v in (codes or {}).items()} for k, codes in (data.get("code_sets") or {}).items()}
    tables: dict[str, Table] = {}
    for tname, tdef in data["tables"].items():
        fields: dict[str, Field] = {}
        for fname, fdef in tdef["fields"].items():
            if isinstance(fdef, str):
                fdef = {"type": fdef}
            kind = fdef["type"]
            cs = fdef.get("codes")
            if kind == "code" and cs not in code_sets:
                diags.error(
                    f"field `{tname}.{fname}` uses code set `{cs}`, which is not defined",
                    doc.location(("tables", tname, "fields", fname)),
                    code="unknown-code-set",
                    suggestion=did_you_mean(str(cs), code_sets),
                )
            fields[fname] = Field(
                fname, T.scalar(kind, cs), bool(fdef.get("required", False)), fdef.get("description", ""), bool(fdef.get("future", False)),
                preserve_whitespace=fdef.get("whitespace") == "preserve" and kind == "string",
                by_hand=bool(fdef.get("by_hand", False)),
            )
        key = tuple(tdef["key"])
        for k in key:
            if k not in fields:
                diags.error(
                    f"key field `{k}` of table `{tname}` is not one of its fields",
                    doc.location(("tables", tname, "key")),
                    code="unknown-field",
                    suggestion=did_you_mean(k, fields),
                )
        order = []
        for i, text in enumerate(tdef.get("date_order", [])):
            a, b = (x.strip() for x in text.split("<="))
            for f in (a, b):
                if f not in fields or fields[f].type.kind not in ("date", "datetime"):
                    diags.error(
                        f"`{text}` in table `{tname}`: `{f}` is not a date field of the table",
                        doc.location(("tables", tname, "date_order", i)),
                        code="bad-date-order",
                        suggestion=did_you_mean(f, fields),
                    )
            order.append((a, b))
        tables[tname] = Table(tname, key, fields, tdef.get("description", ""), date_order=order,
                              only_with=tdef.get("only_with", ""))

    for i, rel in enumerate(data.get("relations") or []):
        _add_relation(doc, diags, tables, rel, ("relations", i))

    return DataSchema(
        name=str(data["name"]),
        version=str(data.get("version", "")),
        tables=tables,
        code_sets=code_sets,
        path=doc.path,
    )


def _add_relation(doc: YamlDoc, diags: Diagnostics, tables: dict[str, Table], rel, path: tuple) -> None:
    loc = doc.location(path)
    if isinstance(rel, str):
        m = _REL_RE.match(rel)
        if not m:
            diags.error(f"relation `{rel}` is not of the form `table.field -> table.field`", loc, code="bad-relation")
            return
        src_t, src_f, dst_t, dst_f = m.groups()
        name = inverse = None
    else:
        m1 = _REL_RE.match(f"{rel['from']} -> {rel['to']}")
        if not m1:
            diags.error("relation `from` and `to` must each be `table.field`", loc, code="bad-relation")
            return
        src_t, src_f, dst_t, dst_f = m1.groups()
        name, inverse = rel.get("name"), rel.get("inverse")
    ok = True
    for t, f in ((src_t, src_f), (dst_t, dst_f)):
        if t not in tables:
            diags.error(f"relation names unknown table `{t}`", loc, code="unknown-table", suggestion=did_you_mean(t, tables))
            ok = False
        elif f not in tables[t].fields:
            diags.error(
                f"relation names unknown field `{t}.{f}`",
                loc,
                code="unknown-field",
                suggestion=did_you_mean(f, tables[t].fields),
            )
            ok = False
    if not ok:
        return
    src, dst = tables[src_t], tables[dst_t]
    if src.fields[src_f].type != dst.fields[dst_f].type:
        diags.error(
            f"relation joins `{src_t}.{src_f}` ({src.fields[src_f].type}) to `{dst_t}.{dst_f}` ({dst.fields[dst_f].type}); the types must match",
            loc,
            code="bad-relation",
        )
        return
    if dst.key != (dst_f,):
        diags.error(
            f"relation must point at the primary key of `{dst_t}` ({', '.join(dst.key)}), not `{dst_f}`",
            loc,
            code="bad-relation",
        )
        return
    name = name or (src_f[:-3] if src_f.endswith("_id") else src_f)
    inverse = inverse or src_t
    inverse_many = src.key != (src_f,)
    for table, link_name, link in (
        (src, name, Link(name, src_t, dst_t, False, src_f, dst_f)),
        (dst, inverse, Link(inverse, dst_t, src_t, inverse_many, dst_f, src_f, inverse=True)),
    ):
        if link_name in table.fields:
            diags.error(
                f"relation name `{link_name}` on `{table.name}` clashes with a field of that name; give the relation a `name`/`inverse`",
                loc,
                code="bad-relation",
            )
        elif link_name in table.links:
            diags.error(
                f"`{table.name}` already has a relation called `{link_name}`; give this one a different `name`/`inverse`",
                loc,
                code="bad-relation",
            )
        else:
            table.links[link_name] = link


__all__ = ["DataSchema", "Table", "Field", "Link", "load_schema", "CasecheckError", "resolve_schema_path"]
