"""The package's layout is its pipeline, and it stays so.

Each module belongs to a stage; a stage may import only from the stages below
it (the ground floor is below everything), never from one above; no module
imports another's private names; and there are no import cycles between
modules. Lazy imports inside functions count the same as top-level ones: a
function-level import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "checker"

#: Stages from the bottom up. A module's stage is the longest prefix that matches.
LAYERS: list[tuple[str, ...]] = [
    ("checker.errors", "checker.lazyimport", "checker.limits", "checker.scratch", "checker.suggest", "checker.resources", "checker.yamlhelp", "checker.yamlsource",
     "checker.postcodes",
     "checker.validate", "checker.workdays", "checker.typesys", "checker.values"),
    ("checker.schema", "checker.model"),
    ("checker.language",),
    ("checker.packs",),
    ("checker.backends",),
    ("checker.data",),
    ("checker.engine",),
    ("checker.report",),
    ("checker.tools",),
    ("checker.api", "checker.cli"),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> int | None:
    best: tuple[int, int] | None = None
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (i, len(prefix))
    return None if best is None else best[0]


def _imports(name: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every checker import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod == "checker" or mod.startswith("checker."):
                found.append((mod, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("checker"):
                    found.append((a.name, [], node.lineno))
    return found


MODULES = _modules()


def _resolve(mod: str, names: list[str]) -> list[str]:
    """The modules an import statement depends on: ``from checker.x import y``
    is module ``checker.x.y`` when that is a module, else ``checker.x``."""
    out = []
    for n in names or [""]:
        sub = f"{mod}.{n}" if n else mod
        out.append(sub if sub in MODULES else mod)
    return out


def test_every_module_has_a_stage():
    unplaced = [m for m in MODULES if m != "checker" and _layer(m) is None]
    assert not unplaced, f"modules in no stage (add them to LAYERS): {unplaced}"


def test_no_stage_imports_a_stage_above_it():
    bad = []
    for name, path in MODULES.items():
        mine = _layer(name)
        if mine is None:
            continue
        for mod, names, line in _imports(name, path):
            for dep in _resolve(mod, names):
                theirs = _layer(dep)
                if theirs is not None and theirs > mine:
                    bad.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name} (stage {mine}) imports {dep} (stage {theirs})")
    assert not bad, "\n".join(bad)


def test_no_private_name_crosses_a_module():
    bad = []
    for name, path in MODULES.items():
        for mod, names, line in _imports(name, path):
            for n in names:
                if n.startswith("_") and not n.startswith("__") and mod != name:
                    bad.append(f"{path.relative_to(PACKAGE.parent)}:{line}: imports {mod}.{n}")
    assert not bad, "\n".join(bad)


def test_no_import_cycles():
    graph = {name: sorted({d for mod, names, _ in _imports(name, path) for d in _resolve(mod, names)
                           if d in MODULES and d != name and d != "checker"})
             for name, path in MODULES.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for dep in graph.get(node, ()):
            if state.get(dep) == 1:
                cycles.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, stack + [dep])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.count(".") <= 1 and MODULES[m].name == "__init__.py"))
def test_each_stage_says_what_it_holds(module):
    doc = ast.get_docstring(ast.parse(MODULES[module].read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 8, f"{module} needs a docstring that says what the stage holds"
