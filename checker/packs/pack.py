"""Load a rule pack: manifest, data schema, calendar, parameters and rules,
each expression parsed and type-checked, every problem reported at its line
and column in the YAML file. A pack that does not load cleanly does not run.

A pack is a folder::

    pack.yaml          the manifest (jsonschemas/pack.schema.json)
    rules/*.yaml       rule files (jsonschemas/rules.schema.json)
    tests/*.yaml       rule tests (jsonschemas/tests.schema.json)

Built-in packs live in ``rules/<name>/`` and are named without a path.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker import typesys as T
from checker import workdays as cal
from checker.errors import (
    CasecheckError,
    Diagnostic,
    Diagnostics,
    Location,
)
from checker.limits import contained
from checker.packs.rulebuild import (
    FINDING_FIELDS,
    Rule,
    Template,
    apply_override,
    build_rule,
    read_parameters,
)
from checker.resources import data_dir
from checker.schema import DataSchema, load_schema, resolve_schema_path
from checker.suggest import did_you_mean
from checker.validate import validate_document
from checker.yamlsource import YamlDoc, load_yaml

# Rule and Template are built in rulebuild.py and are part of what a loaded pack holds.
__all__ = ["FINDING_FIELDS", "Pack", "Rule", "Template", "builtin_packs", "find_pack", "is_path", "load_pack",
           "manual_items"]


@dataclass
class Pack:
    path: Path
    name: str
    title: str
    version: str
    description: str
    schema: DataSchema
    calendar: cal.Calendar
    framework: str | None
    areas: dict[str, str]
    params: dict[str, Any]
    param_types: dict[str, T.Type]
    rules: list[Rule]
    test_files: list[Path]
    warnings: list[Diagnostic] = field(default_factory=list)
    excluded: set[str] = field(default_factory=set)  # library rules this pack does not run
    replaced: dict[str, set[Path]] = field(default_factory=dict)  # rule id -> inherited test files of its replaced definition
    #: the seed findings case data cannot show (QA audit questions): read from
    #: rules/findings.yaml (214 KB) when first asked for, by the audit template,
    #: so a run does not parse it
    _manual: list[dict] | None = field(default=None, repr=False)
    sample: Any = None  # bool or {confidence: 0.9}
    grading: dict | None = None
    product: str | None = None  # the framework's product the letter is written as
    min_denominator: int | None = None
    critical_floor: float | None = None
    #: parameters each run gives (no default): name -> {type, description, pattern} (packs/runparams)
    per_run: dict[str, dict] = field(default_factory=dict)

    @property
    def manual(self) -> list[dict]:
        if self._manual is None:
            self._manual = manual_items(self.name)
        return self._manual

    def rule(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    def select(self, ids: list[str] | None = None, tags: list[str] | None = None) -> list[Rule]:
        rules = self.rules
        if ids:
            rules = [r for r in rules if r.id in ids]
        if tags:
            rules = [r for r in rules if set(tags) & set(r.tags)]
        return rules


def builtin_packs() -> list[str]:
    root = data_dir("rules")
    return sorted(p.parent.name for p in root.glob("*/pack.yaml"))


def find_pack(ref: str | Path) -> Path:
    """A pack folder, a pack.yaml, or the name of a built-in pack."""
    p = Path(ref)
    if p.is_dir() and (p / "pack.yaml").is_file():
        return p / "pack.yaml"
    if p.is_file():
        return p
    builtin = data_dir("rules") / str(ref) / "pack.yaml"
    if "/" not in str(ref) and builtin.is_file():
        return builtin
    hint = did_you_mean(str(ref), builtin_packs())
    raise CasecheckError(
        Diagnostic(
            f"no rule pack at `{ref}`: expected a folder with a pack.yaml, a pack.yaml file, or a built-in pack name",
            Location(str(ref)),
            code="no-pack",
            suggestion=hint or (f"built-in packs: {', '.join(builtin_packs())}" if builtin_packs() else None),
        )
    )


def load_pack(ref: str | Path) -> Pack:
    """The pack at ``ref`` (a folder, a pack.yaml, or a built-in name), loaded,
    validated and type-checked; from the compiled-pack cache when none of the
    files it is made of has changed (checker/packs/cache.py)."""
    from checker.packs.cache import load_cached

    manifest_path = find_pack(ref)
    return load_cached(manifest_path, lambda: _load_pack(manifest_path))


def _load_pack(manifest_path: Path) -> Pack:
    diags = Diagnostics()
    doc = load_yaml(manifest_path)
    diags.extend(validate_document(doc, "pack"))
    diags.raise_if_errors()
    m = doc.data
    base = manifest_path.parent.resolve()
    # `extends`: the packs this one builds on, oldest first, then this one.
    chain = _ancestors(doc, base, diags, [manifest_path.resolve()]) + [(doc, base)]
    diags.raise_if_errors()
    m = _inherited_manifest(chain)

    if is_path(m["schema"]):
        # a path, not a built-in name: like includes and the framework, resolved inside the folder
        # of the pack that names it (links followed), never outside (checker.limits.contained)
        sdoc, sbase = _declaring(chain, "schema")
        schema_path = contained(sbase, m["schema"], "schema", sdoc.location(("schema",)))
    else:
        schema_path = resolve_schema_path(m["schema"], base)
    if not schema_path.is_file():
        from checker.schema import builtin_schema_names

        raise CasecheckError(
            Diagnostic(
                f"schema `{m['schema']}` not found (looked for {schema_path})",
                doc.location(("schema",)),
                code="no-schema",
                suggestion=did_you_mean(m["schema"], builtin_schema_names()),
            )
        )
    schema = _load_named(schema_path, m["schema"], "schema", "tables", load_schema) if is_path(m["schema"]) \
        else load_schema(schema_path)

    closures = []
    for i, text in enumerate((m.get("calendar") or {}).get("closures", [])):
        try:
            closures.append(_dt.date.fromisoformat(text))
        except ValueError:
            diags.error(f"closure day `{text}` is not a real date", doc.location(("calendar", "closures", i)), code="bad-value")
    calendar = cal.Calendar(closures=tuple(closures), working_days=(m.get("calendar") or {}).get("working_days", "after-start"))

    areas = dict(m.get("areas") or {})
    defaults = m.get("defaults") or {}

    # Rule files, pack by pack along `extends` (oldest first): the built-in library files each
    # names, then its own. A rule id defined again by a later pack replaces the earlier rule.
    rule_docs: list[YamlDoc] = []
    library_docs: list[YamlDoc] = []
    levels: list[int] = []  # the chain position of each rule doc
    library_tests: list[Path] = []
    inherited_tests: list[Path] = []
    params: dict[str, Any] = {}
    param_types: dict[str, T.Type] = {}
    per_run: dict[str, dict] = {}
    valid_docs = []
    valid_levels: list[int] = []
    for level, (ldoc, lbase) in enumerate(chain):
        lm = ldoc.data
        lib_docs, lib_tests = _library(ldoc, diags)
        library_docs += lib_docs
        include = lm.get("include", [] if "library" in lm else ["rules/*.yaml"])
        for rdoc in lib_docs + [load_yaml(f) for f in _expand(ldoc, lbase, include, "include", diags)]:
            problems = validate_document(rdoc, "rules")
            diags.extend(problems)
            if not any(p.is_error for p in problems):
                valid_docs.append(rdoc)
                valid_levels.append(level)
                read_parameters(rdoc, diags, params, param_types, per_run)  # library defaults
            rule_docs.append(rdoc)
            levels.append(level)
        read_parameters(ldoc, diags, params, param_types, per_run)  # the pack's own values win
        if level < len(chain) - 1:
            inherited_tests += lib_tests + _expand(ldoc, lbase, lm.get("tests", ["tests/*.yaml"]), "tests", diags, required=False)
        else:
            library_tests += lib_tests
    overrides: dict[str, dict] = {}
    excluded: set[str] = set()
    for ldoc, _ in chain:
        for rid, o in (ldoc.data.get("overrides") or {}).items():
            overrides[rid] = {**overrides.get(rid, {}), **o}
        excluded |= set(ldoc.data.get("exclude") or [])
    defined_at: dict[str, int] = {}
    for rdoc, level in zip(valid_docs, valid_levels):
        for raw in rdoc.data["rules"]:
            defined_at[raw["id"]] = max(level, defined_at.get(raw["id"], level))
    replaced = {rid: set(inherited_tests) for rid, level in defined_at.items()
                if any(lv < level and any(r["id"] == rid for r in d.data["rules"]) for d, lv in zip(valid_docs, valid_levels))}

    rules: list[Rule] = []
    seen_ids: dict[str, Location] = {}
    for rdoc, level in zip(valid_docs, valid_levels):
        for i, raw in enumerate(rdoc.data["rules"]):
            if raw["id"] in excluded or level < defined_at[raw["id"]]:
                continue
            if raw["id"] in overrides:
                if "benchmarks" in overrides[raw["id"]] and raw.get("kind") != "indicator":
                    diags.error(
                        f"`overrides` sets benchmarks for rule `{raw['id']}`, which is not an indicator (kind: indicator)",
                        doc.key_location(("overrides", raw["id"])),
                        code="bad-value",
                    )
                raw = apply_override(raw, overrides[raw["id"]])
            rule = build_rule(rdoc, i, raw, schema, params, param_types, areas, defaults, diags)
            if rule is None:
                continue
            if rule.id in seen_ids:
                diags.error(
                    f"rule id `{rule.id}` is used twice (first at {seen_ids[rule.id]})",
                    rdoc.location(("rules", i, "id")),
                    code="duplicate-rule",
                )
                continue
            seen_ids[rule.id] = rule.location
            rules.append(rule)
    _check_library_ids(rules, {d.path for d in library_docs}, set(replaced), diags)
    all_ids = {raw["id"] for rdoc in valid_docs for raw in rdoc.data["rules"]}
    for key, ids in (("exclude", sorted(excluded)), ("overrides", list(overrides))):
        for rid in ids:
            if rid not in all_ids:
                diags.error(
                    f"`{key}` names rule `{rid}`, which the pack's rules do not have",
                    doc.key_location((key, rid)) if key == "overrides" else doc.location((key,)),
                    code="unknown-rule",
                    suggestion=did_you_mean(rid, all_ids),
                )
    for name in param_types:
        clashes = sorted({r.subject for r in rules if name in schema.tables[r.subject].member_names()})
        if clashes:
            diags.error(
                f"parameter `{name}` has the same name as a field or relation of {', '.join('`' + c + '`' for c in clashes)}, which rules judge; rename the parameter",
                doc.key_location(("parameters", name)),
                code="shadowing",
            )
    if not rules and not diags.errors:
        diags.error("the pack has no rules: `include` matched no rule files with rules in them", doc.location(("include",)) if "include" in m else Location(str(manifest_path)), code="no-rules")
    test_files = inherited_tests + library_tests + _expand(doc, base, doc.data.get("tests", ["tests/*.yaml"]), "tests", diags, required=False)
    diags.raise_if_errors()
    framework = m.get("framework")
    if framework and is_path(framework):  # kept as the resolved path: the pack works from any folder
        fdoc, fbase = _declaring(chain, "framework")
        try:
            framework = str(contained(fbase, framework, "framework", fdoc.location(("framework",))))
        except CasecheckError as exc:
            diags.extend(exc.diagnostics)
            diags.raise_if_errors()
    _check_framework(doc, {**m, "framework": framework}, rules, diags)
    diags.raise_if_errors()
    return Pack(
        path=base,
        name=m["name"],
        title=m["title"],
        version=str(m.get("version", "")),
        description=m.get("description", ""),
        schema=schema,
        calendar=calendar,
        framework=framework,
        areas=areas,
        params=params,
        param_types=param_types,
        rules=rules,
        test_files=test_files,
        warnings=diags.warnings,
        excluded=excluded,
        replaced=replaced,
        sample=m.get("sample"),
        grading=m.get("grading"),
        product=m.get("product"),
        min_denominator=m.get("min_denominator"),
        critical_floor=m.get("critical_floor"),
        per_run=per_run,
    )


def _library(doc: YamlDoc, diags: Diagnostics) -> tuple[list[YamlDoc], list[Path]]:
    """The built-in library files a pack names (``library``), and their tests."""
    docs: list[YamlDoc] = []
    tests: list[Path] = []
    lib_root = data_dir("rules") / "lib"
    available = sorted(p.stem for p in lib_root.glob("*.yaml")) if lib_root.is_dir() else []
    for i, name in enumerate(doc.data.get("library", [])):
        path = lib_root / f"{name}.yaml"
        if name not in available:
            diags.error(
                f"no rule library `{name}`", doc.location(("library", i)), code="unknown-library",
                suggestion=did_you_mean(name, available) or (f"libraries: {', '.join(available)}" if available else None),
            )
            continue
        docs.append(load_yaml(path))
        test = lib_root / "tests" / f"{name}.yaml"
        if test.is_file():
            tests.append(test)
    return docs, tests


@functools.lru_cache(maxsize=1)
def library_rule_ids() -> dict[str, str]:
    """Every built-in library rule id -> its library file's name. Read from the files' ``- id:``
    lines, not parsed (a pack that names no library should not pay for loading them all)."""
    lib_root = data_dir("rules") / "lib"
    ids: dict[str, str] = {}
    for path in sorted(lib_root.glob("*.yaml")) if lib_root.is_dir() else []:
        for m in re.finditer(r"^\s*-\s+id:\s*[\"']?([A-Z0-9][A-Z0-9-]*)", path.read_text(encoding="utf-8"), re.M):
            ids.setdefault(m.group(1), path.stem)
    return ids


def _check_library_ids(rules: list[Rule], library_files: set[str], inherited: set[str], diags: Diagnostics) -> None:
    """A library id means the library's rule. A pack's own rule under a library id (not a
    newer version of one the pack inherits) reads as the national rule in every report and
    comparison while judging something else: warned, with the way out. ``variant_of`` must
    name a library rule."""
    lib = library_rule_ids()
    for rule in rules:
        if rule.variant_of is not None and rule.variant_of not in lib:
            diags.error(
                f"`variant_of` names `{rule.variant_of}`, which is not a built-in library rule",
                rule.location, code="unknown-rule", suggestion=did_you_mean(rule.variant_of, lib),
            )
        if rule.file not in library_files and rule.id in lib and rule.id not in inherited:
            diags.warning(
                f"rule `{rule.id}` has the id of the library rule in rules/lib/{lib[rule.id]}.yaml but is defined here",
                rule.location, code="library-id",
                suggestion=f"take the library's rule with `library: [{lib[rule.id]}]`, or give this version an id of its own and `variant_of: {rule.id}`",
            )


#: Manifest keys a pack inherits from the one it extends when it does not set them itself.
_INHERITED = ("framework", "calendar", "sample", "grading", "product", "min_denominator", "critical_floor", "description", "version")


def _ancestors(doc: YamlDoc, base: Path, diags: Diagnostics, seen: list[Path]) -> list[tuple[YamlDoc, Path]]:
    """The packs ``doc`` extends, oldest first: (manifest, its folder)."""
    ref = doc.data.get("extends")
    if ref is None:
        return []
    loc = doc.location(("extends",))
    target = Path(ref) if Path(ref).is_absolute() else base / ref
    if target.is_dir() and (target / "pack.yaml").is_file():
        path = target / "pack.yaml"
    elif target.is_file():
        path = target
    elif "/" not in ref and (data_dir("rules") / ref / "pack.yaml").is_file():
        path = data_dir("rules") / ref / "pack.yaml"
    else:
        diags.error(f"`extends` names `{ref}`, which is not a pack folder, a pack.yaml or a built-in pack", loc,
                    code="no-pack", suggestion=did_you_mean(ref, builtin_packs()))
        return []
    path = path.resolve()
    if path in seen:
        diags.error(f"`extends` makes a loop: {' -> '.join(str(p) for p in [*seen, path])}", loc, code="extends-loop")
        return []
    parent = load_yaml(path)
    problems = validate_document(parent, "pack")
    diags.extend(problems)
    if any(p.is_error for p in problems):
        return []
    return _ancestors(parent, path.parent, diags, [*seen, path]) + [(parent, path.parent)]


def _inherited_manifest(chain: list[tuple[YamlDoc, Path]]) -> dict:
    """The last pack's manifest with what it inherits filled in: the nearest pack's value of each
    key in ``_INHERITED``, and areas and defaults merged (a later pack's entries win)."""
    m = dict(chain[-1][0].data)
    if len(chain) == 1:
        return m
    for key in _INHERITED:
        if key not in m:
            for ldoc, _ in reversed(chain[:-1]):
                if key in ldoc.data:
                    m[key] = ldoc.data[key]
                    break
    for key in ("areas", "defaults"):
        merged: dict = {}
        for ldoc, _ in chain:
            merged.update(ldoc.data.get(key) or {})
        if merged:
            m[key] = merged
    return m


def manual_items(pack_name: str) -> list[dict]:
    """The case-level seed findings that case data cannot show, for the
    built-in pack of their seed (rules/findings.yaml): each becomes a question
    in the QA case-audit template."""
    path = data_dir("rules") / "findings.yaml"
    if not path.is_file():
        return []
    doc = load_yaml(path)
    packs = {s["file"]: s.get("pack") for s in doc.data.get("seeds", [])}
    return [
        {"id": f["id"], "question": f["question"], "guidance": _cite(f["seed"], f["quote"]), "why": f["manual"]}
        for f in doc.data.get("findings", [])
        if f.get("manual") and f.get("question") and f.get("level") == "case" and packs.get(f["seed"]) == pack_name
    ]


def _cite(seed: str, quote: str) -> str:
    from checker.packs.sources import seed_document

    doc = seed_document(seed)
    return f"{doc['title']}" + (f" ({doc['url']})" if doc["url"] else "") + f": \"{quote}\""


def _check_framework(doc: YamlDoc, m: dict, rules: list[Rule], diags: Diagnostics) -> None:
    """The framework exists and every rule's thresholds name its categories:
    caught with the other pack errors, not at run time."""
    from checker.packs.framework import effective_thresholds, load_framework

    ref = str(m.get("framework") or "ilacs")
    try:
        fw = _load_named(Path(ref), ref, "framework", "categories", load_framework) if is_path(ref) else load_framework(ref)
    except CasecheckError as exc:
        for d in exc.diagnostics:
            if d.code == "no-framework":
                diags.add(Diagnostic(d.message, doc.location(("framework",)), code=d.code, suggestion=d.suggestion))
            else:
                diags.add(d)
        return
    if m.get("product"):
        try:
            fw.product(m["product"])
        except CasecheckError as exc:
            d = exc.diagnostics[0]
            diags.add(Diagnostic(d.message, doc.location(("product",)), code=d.code, suggestion=d.suggestion))
    for rule in rules:
        try:
            effective_thresholds(fw, rule.thresholds, rule)
        except CasecheckError as exc:
            diags.extend(exc.diagnostics)


def is_path(ref: str) -> bool:
    """A pack's ``schema`` or ``framework`` is a path (not a built-in name)
    when it has a folder separator or a YAML suffix."""
    return "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml"))


def _declaring(chain: list[tuple[YamlDoc, Path]], key: str) -> tuple[YamlDoc, Path]:
    """The nearest pack along ``extends`` that sets ``key``, and its folder:
    a path a pack names is relative to that pack's own folder."""
    for ldoc, lbase in reversed(chain):
        if key in ldoc.data:
            return ldoc, lbase
    return chain[-1]


def _load_named(path: Path, ref: str, what: str, signature: str, loader):
    """Load a schema or framework file a pack names by path. A file that is
    not one at all (not YAML, not a mapping with ``signature``: a
    credentials file, /etc/passwd) is said to be so and never quoted;
    a real one's problems are shown at their lines as usual."""
    from checker.limits import refuse_special

    refuse_special(path, what)
    not_one = CasecheckError(Diagnostic(
        f"{what} `{ref}` is not a casecheck {what} file (a YAML mapping with `{signature}`)",
        Location(ref), code=f"not-a-{what}"))
    try:
        doc = load_yaml(path)
    except CasecheckError:
        raise not_one from None
    if not isinstance(doc.data, dict) or signature not in doc.data:
        raise not_one
    return loader(path)


def _expand(doc: YamlDoc, base: Path, patterns: list[str], key: str, diags: Diagnostics, required: bool = True) -> list[Path]:
    """Glob patterns relative to the pack folder; never outside it."""
    found: list[Path] = []
    for i, pattern in enumerate(patterns):
        loc = doc.location((key, i))
        text = pattern.replace("\\", "/")
        if Path(text).is_absolute() or text.startswith("~") or ".." in Path(text).parts:
            diags.error(f"`{pattern}` leaves the pack folder; {key} paths must stay inside it", loc, code="bad-path")
            continue
        matches = sorted(p for p in base.glob(pattern) if p.is_file())
        inside = []
        for p in matches:
            real = p.resolve()
            if base not in real.parents:
                diags.error(f"`{p}` resolves outside the pack folder (a link?)", loc, code="bad-path")
                continue
            if real == Path(doc.path).resolve():  # the manifest itself: an include cycle
                name = Path(doc.path).name
                diags.error(f"include cycle: `{pattern}` matches the pack's own manifest ({name} -> {name})", loc, code="include-cycle")
                continue
            inside.append(_display_path(real))
        if not inside and required:
            diags.warning(f"`{pattern}` matches no files", loc, code="no-match")
        for p in inside:
            if p not in found:
                found.append(p)
    return found


def _display_path(p: Path) -> Path:
    """Paths under the working directory are shown relative to it, as the
    user typed them; others absolute."""
    try:
        return p.relative_to(Path.cwd())
    except ValueError:
        return p
