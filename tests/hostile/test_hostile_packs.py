"""Rule packs are untrusted input (issue 7).

* YAML alias bombs ("billion laughs") and very deep nesting are refused with a clear
  error, in bounded time and memory (a separate process under an address-space limit).
* Includes, the schema and the framework cannot leave the pack folder (`..`, absolute
  paths, symbolic links), and what lies outside never shows in an error message.
* A cycle of includes is an error naming the cycle (a pack including its own
  manifest; `extends` loops where packs can extend others).
* Nothing in a pack is executed: YAML python tags are refused (a canary file is never
  made), and expressions can call only the built-in functions: `__import__`, `eval`,
  `open`, dunder attributes are type errors at their place in the YAML file.

The YAML loader's own refusals are unit-tested in tests/test_yamlsource.py; these
tests go through the pack loader and the CLI, as a hostile pack would.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import hostile_fuzz as H
import pytest

from checker import typesys as T
from checker.errors import CasecheckError, Location
from checker.language.functions import FUNCTIONS
from checker.language.parser import parse_expression
from checker.language.typecheck import Checker
from checker.packs.pack import load_pack

EXAMPLE = H.ROOT / "examples" / "pack"
CANARY = "CANARY-7f3e-outside-the-pack"


@pytest.fixture
def pack(tmp_path):
    """A copy of the example pack at tmp_path/pack, with a secret file beside it (outside)."""
    folder = tmp_path / "pack"
    shutil.copytree(EXAMPLE, folder)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"rules:\n  - {CANARY}\n", encoding="utf-8")
    (outside / "secret.txt").write_text(CANARY + "\n", encoding="utf-8")
    return folder


def _manifest(folder: Path, old: str, new: str) -> None:
    path = folder / "pack.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _errors(folder: Path):
    with pytest.raises(CasecheckError) as info:
        load_pack(folder)
    return info.value.diagnostics


def _cli(*args, cwd=None, limit_mb=None, timeout=60):
    """Run the casecheck CLI in a fresh process (optionally under an address-space limit)."""

    def limits():
        if limit_mb:
            resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))

    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "checker.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, preexec_fn=limits)
    return proc, time.monotonic() - start


# -- bombs and depth ----------------------------------------------------------------------------

_LOL = 'lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"lol{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))


@pytest.mark.parametrize("where", ["pack.yaml", "rules/assessment.yaml"])
def test_billion_laughs_is_refused_quickly_in_little_memory(pack, where):
    """10^10 'lol's if expanded: refused at the first anchor, in a process limited to 1 GB."""
    if where == "pack.yaml":
        (pack / "pack.yaml").write_text((pack / "pack.yaml").read_text() + _LOL)
    elif where == "tests":
        (pack / "tests" / "bomb.yaml").write_text(_LOL)
    else:
        (pack / where).write_text(_LOL + (pack / where).read_text())
    proc, took = _cli("lint", str(pack), limit_mb=1024)
    assert proc.returncode == 2, proc.stderr
    assert "anchors and aliases (&x / *x) are not allowed" in proc.stderr
    assert "Traceback" not in proc.stderr and took < 30


@pytest.mark.parametrize("bomb", [
    "title: " + "[" * 200_000 + "]" * 200_000 + "\n",
    "title: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n",
    "".join("  " * i + f"k{i}:\n" for i in range(3000)) + "  " * 3000 + "x\n",
])
def test_very_deep_nesting_is_refused_quickly_in_little_memory(pack, bomb):
    (pack / "pack.yaml").write_text((pack / "pack.yaml").read_text().replace("title:", "old_title:") + bomb)
    proc, took = _cli("lint", str(pack), limit_mb=1024)
    assert proc.returncode == 2, proc.stderr
    assert "nesting is deeper than 64 levels" in proc.stderr
    assert "Traceback" not in proc.stderr and took < 30


def test_a_huge_pack_file_is_refused_before_it_is_read(pack):
    with open(pack / "rules" / "huge.yaml", "wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: 21 MB of NULs on disk in no time
    assert any("larger than 20 MB" in d.message for d in _errors(pack))


# -- nothing is executed ---------------------------------------------------------------------------


@pytest.mark.parametrize("tag", [
    '!!python/object/apply:os.system ["touch {canary}"]',
    '!!python/object/new:subprocess.Popen [["touch", "{canary}"]]',
    "!!python/name:os.system",
    '!!python/object/apply:builtins.exec ["open(\'{canary}\', \'w\')"]',
    "!!binary aGVsbG8=",
])
@pytest.mark.parametrize("where", ["pack.yaml", "rules/assessment.yaml", "tests/assessment.yaml"])
def test_python_tags_are_refused_and_never_run(pack, tmp_path, tag, where):
    canary = tmp_path / "ran"
    path = pack / where
    if where == "pack.yaml":
        path.write_text(path.read_text().replace("title: Example council", f"title: {tag.format(canary=canary)} #"))
    else:
        path.write_text(f"x: {tag.format(canary=canary)}\n" + path.read_text())
    code, _, stderr, exc = H.invoke(["test" if where.startswith("tests") else "lint", str(pack)])
    assert code == 2 and exc is None
    assert "is not allowed in casecheck files" in stderr, stderr
    assert not canary.exists()


@pytest.mark.parametrize("expr, code", [
    ('__import__("os") is present', "unknown-function"),
    ('eval("1 + 1") == 2', "unknown-function"),
    ('exec("import os") is missing', "unknown-function"),
    ('open("/etc/passwd") is present', "unknown-function"),
    ('system("touch x") == 0', "unknown-function"),
    ('getattr(date, "__class__") is present', "unknown-function"),
    ("breakpoint() is missing", "unknown-function"),
    ("date.__class__ is present", None),
    ("date.__globals__ is present", None),
    ("__builtins__ is present", None),
    ("child.__dict__ is present", None),
    ("as_at.__class__.__init__ is present", None),
])
def test_expressions_can_call_only_the_builtin_functions(expr, code):
    p = H.packs()["example"]
    tree = parse_expression(expr)
    checker = Checker(p.schema, "contacts", p.param_types, lambda span: Location("<rule>", 1, span.start + 1 if span else None))
    checker.check(tree, T.BOOLEAN)
    assert checker.diagnostics, expr
    d = checker.diagnostics[0]
    assert d.location.column is not None
    if code:
        assert d.code == code


def test_the_functions_are_casechecks_own():
    """The only callables an expression can reach: the registry in checker/functions.py,
    each implemented there (no builtins, no import machinery)."""
    assert FUNCTIONS
    for name, sig in FUNCTIONS.items():
        assert name.isidentifier() and not name.startswith("_"), name
        assert sig.impl.__module__.startswith("checker."), (name, sig.impl.__module__)


def test_a_hostile_expression_in_a_pack_is_an_error_at_its_place(pack):
    path = pack / "rules" / "assessment.yaml"
    text = path.read_text()
    first = text.index("    expect: ")
    path.write_text(text[:first] + '    expect: __import__("os").system("touch x") == 0\n' + text[text.index("\n", first) + 1:])
    (d,) = [d for d in _errors(pack) if d.code in ("unknown-function", "syntax")]
    assert d.location.file.endswith("assessment.yaml") and d.location.line == text[:first].count("\n") + 1


def test_no_code_execution_surface_in_the_checker():
    """No module that reads packs or data runs code: no eval/exec/pickle/subprocess/shell,
    and YAML only through checker/yamlsource.py's safe loader. (checker/backends/ is the
    SQL engine's, reviewed with it.)"""
    bad = ("subprocess", "os.system", "os.popen", "pickle", "marshal", "shelve", "eval(", "exec(",
           "yaml.load(", "yaml.unsafe_load", "yaml.full_load", "FullLoader", "UnsafeLoader", "shell=True")
    for path in sorted((H.ROOT / "checker").rglob("*.py")):
        if "backends" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for word in bad:
            if word == "pickle" and path.relative_to(H.ROOT).as_posix() == "checker/packs/cache.py":
                continue  # its own output only, never a pack's or the data's: see the test below
            assert word not in text, f"{path.relative_to(H.ROOT)} uses {word}"


def test_the_pack_cache_unpickles_only_what_this_user_wrote(tmp_path, monkeypatch):
    """The compiled-pack cache (checker/packs/cache.py) is the one pickle: an entry
    another user could have written (group- or world-writable, or its folder so)
    is a miss, never loaded."""
    import os
    import pickle

    from checker.packs import cache

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o700)
    entry = folder / "pack-x.pickle"
    entry.write_bytes(pickle.dumps({"format": cache.FORMAT, "pack": "ok"}))
    os.chmod(entry, 0o600)
    assert cache._read(entry) == {"format": cache.FORMAT, "pack": "ok"}
    os.chmod(entry, 0o666)
    assert cache._read(entry) is None
    os.chmod(entry, 0o600)
    os.chmod(folder, 0o777)
    assert cache._read(entry) is None


# -- includes stay inside the pack folder ----------------------------------------------------------


@pytest.mark.parametrize("pattern", ["../outside/*.yaml", "rules/../../outside/*.yaml", "{tmp}/outside/*.yaml",
                                     "../*/*.yaml", "/etc/*"])
def test_includes_cannot_leave_the_pack_folder(pack, pattern):
    _manifest(pack, "  - rules/*.yaml", f'  - "{pattern.format(tmp=pack.parent)}"')
    diags = _errors(pack)
    assert any(d.code == "bad-path" and "leaves the pack folder" in d.message for d in diags)
    assert all(CANARY not in d.render() for d in diags)


def test_a_link_out_of_the_pack_folder_is_not_followed(pack):
    (pack / "rules" / "evil.yaml").symlink_to(pack.parent / "outside" / "secret.yaml")
    (pack / "rules" / "linked").symlink_to(pack.parent / "outside", target_is_directory=True)
    _manifest(pack, "  - rules/*.yaml", '  - rules/*.yaml\n  - "rules/linked/*.yaml"')
    diags = _errors(pack)
    bad = [d for d in diags if d.code == "bad-path"]
    assert len(bad) == 2 and all("resolves outside the pack folder" in d.message for d in bad)
    assert all(CANARY not in d.render() for d in diags)


def test_test_files_cannot_leave_the_pack_folder(pack):
    _manifest(pack, "  - tests/*.yaml", '  - "../outside/*.yaml"')
    assert any(d.code == "bad-path" for d in _errors(pack))


@pytest.mark.parametrize("ref", ["../outside/secret.yaml", "{tmp}/outside/secret.yaml", "/etc/passwd", "/etc/hostname"])
def test_the_schema_cannot_be_read_from_outside_the_pack_folder(pack, ref):
    """Found by this suite: `schema: /etc/passwd` read the file and echoed its first line."""
    _manifest(pack, "schema: csc", f"schema: {ref.format(tmp=pack.parent)}")
    (d,) = _errors(pack)
    line = (pack / "pack.yaml").read_text().splitlines().index(f"schema: {ref.format(tmp=pack.parent)}") + 1
    assert d.code == "bad-path" and "leaves the pack folder" in d.message and d.location.line == line
    assert CANARY not in d.render() and "root:" not in d.render()


def test_a_schema_inside_the_pack_folder_is_fine(pack):
    (pack / "schemas").mkdir()
    shutil.copy(H.ROOT / "rules" / "schemas" / "csc.yaml", pack / "schemas" / "csc.yaml")
    _manifest(pack, "schema: csc", "schema: schemas/csc.yaml")
    assert load_pack(pack).schema.name == "csc"


@pytest.mark.parametrize("ref", ["../outside/secret.yaml", "{tmp}/outside/secret.yaml", "/etc/passwd"])
def test_the_framework_cannot_be_read_from_outside_the_pack_folder(pack, ref):
    """Found by this suite: `framework: /etc/passwd` read the file and echoed its first line."""
    _manifest(pack, "framework: ilacs", f"framework: {ref.format(tmp=pack.parent)}")
    (d,) = _errors(pack)
    assert d.code == "bad-path" and "leaves the pack folder" in d.message
    assert CANARY not in d.render() and "root:" not in d.render()


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "..", "front-door/../../x"])
def test_library_names_are_names_not_paths(pack, name):
    _manifest(pack, "include:\n", f"library: [{json.dumps(name)}]\ninclude:\n")
    diags = _errors(pack)
    assert diags and all(d.location.file for d in diags)


# -- cycles --------------------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", ["*.yaml", "pack.yaml", "**/*.yaml", "./pack.yaml"])
def test_a_pack_including_its_own_manifest_is_an_include_cycle(pack, pattern):
    _manifest(pack, "  - rules/*.yaml", f'  - "{pattern}"')
    (d,) = [d for d in _errors(pack) if d.code == "include-cycle"]
    assert "pack.yaml -> pack.yaml" in d.message and d.location.line is not None


def test_a_link_back_to_the_manifest_is_an_include_cycle(pack):
    (pack / "rules" / "loop.yaml").symlink_to(pack / "pack.yaml")
    (d,) = [d for d in _errors(pack) if d.code == "include-cycle"]
    assert "pack.yaml -> pack.yaml" in d.message


def _extends_supported() -> bool:
    schema = json.loads((H.ROOT / "checker" / "jsonschemas" / "pack.schema.json").read_text())
    return "extends" in schema["properties"]


@pytest.mark.skipif(not _extends_supported(), reason="packs cannot extend other packs yet")
def test_a_cycle_of_extends_is_an_error_naming_the_cycle(tmp_path):
    a, b, c = (tmp_path / n for n in "abc")
    for folder, parent in ((a, "../b"), (b, "../c"), (c, "../a")):
        shutil.copytree(EXAMPLE, folder)
        _manifest(folder, "schema: csc", f"schema: csc\nextends: {parent}")
    diags = _errors(a)
    loop = [d for d in diags if "loop" in d.message or "cycle" in d.message]
    assert loop, [d.message for d in diags]
    assert all(str(p / "pack.yaml") in loop[0].message for p in (a, b, c))
    code, _, stderr, exc = H.invoke(["lint", str(a)])
    assert code == 2 and exc is None and "loop" in stderr
