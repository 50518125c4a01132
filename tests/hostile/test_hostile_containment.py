"""Containment as one mechanism (issue 19, item 1): every path a pack names (its
schema, framework, includes, tests) is resolved inside the folder of the pack
that names it, symbolic links followed and checked, whatever the working
directory; a file that is not what it should be is never quoted.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import hostile_fuzz as H
import pytest

from checker.errors import CasecheckError
from checker.packs.pack import load_pack

EXAMPLE = H.ROOT / "examples" / "pack"
CANARY = "CANARY-19-outside-the-pack"


@pytest.fixture
def pack(tmp_path):
    folder = tmp_path / "pack"
    shutil.copytree(EXAMPLE, folder)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "creds.yaml").write_text(f"password: {CANARY}\n", encoding="utf-8")
    (outside / "ilacs.yaml").write_text((H.ROOT / "rules" / "frameworks" / "ilacs.yaml").read_text(encoding="utf-8"))
    return folder


def _set(folder: Path, key: str, value: str) -> None:
    path = folder / "pack.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"{key}: {value}\n" if ln.startswith(f"{key}:") else ln for ln in lines]
    path.write_text("".join(lines), encoding="utf-8")


def _errors(folder: Path):
    with pytest.raises(CasecheckError) as info:
        load_pack(folder)
    return info.value.diagnostics


def test_a_framework_path_is_relative_to_the_pack_folder_not_the_working_directory(pack, tmp_path, monkeypatch):
    """Found by the battery: `framework: fw.yaml` worked only when run from the pack folder."""
    shutil.copy(H.ROOT / "rules" / "frameworks" / "ilacs.yaml", pack / "fw.yaml")
    _set(pack, "framework", "fw.yaml")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    p = load_pack(pack)
    assert Path(p.framework) == (pack / "fw.yaml").resolve()
    # and a file of that name in the working directory is not read instead
    (elsewhere / "fw.yaml").write_text(f"password: {CANARY}\n", encoding="utf-8")
    assert Path(load_pack(pack).framework) == (pack / "fw.yaml").resolve()


@pytest.mark.parametrize("key,real", [("framework", "ilacs.yaml"), ("framework", "creds.yaml"), ("schema", "creds.yaml")])
def test_a_link_out_of_the_pack_folder_is_refused_for_schema_and_framework(pack, key, real):
    (pack / "linked.yaml").symlink_to(pack.parent / "outside" / real)
    _set(pack, key, "linked.yaml")
    diags = _errors(pack)
    assert any(d.code == "bad-path" and "outside the pack folder" in d.message for d in diags)
    assert all(CANARY not in d.render() for d in diags)


def test_a_linked_folder_out_of_the_pack_is_refused(pack):
    (pack / "fws").symlink_to(pack.parent / "outside", target_is_directory=True)
    _set(pack, "framework", "fws/ilacs.yaml")
    assert any(d.code == "bad-path" for d in _errors(pack))


@pytest.mark.parametrize("key", ["framework", "schema"])
def test_a_file_that_is_not_a_framework_or_schema_is_never_quoted(pack, key):
    (pack / "creds.yaml").write_text(f"password: {CANARY}\n", encoding="utf-8")
    _set(pack, key, "creds.yaml")
    diags = _errors(pack)
    assert any(d.code == f"not-a-{key}" for d in diags)
    assert all(CANARY not in d.render() for d in diags)


def test_a_file_that_is_not_yaml_is_never_quoted(pack):
    (pack / "fw.yaml").write_text(f"{CANARY}: [unclosed\n\t:{{\n", encoding="utf-8")
    _set(pack, "framework", "fw.yaml")
    diags = _errors(pack)
    assert all(CANARY not in d.render() for d in diags)


def test_a_fifo_named_as_the_framework_is_refused_not_waited_on(pack):
    os.mkfifo(pack / "fw.yaml")
    _set(pack, "framework", "fw.yaml")
    diags = _errors(pack)
    assert any(d.code == "not-a-file" and "FIFO" in d.message for d in diags)


@pytest.mark.parametrize("pattern", ["~/x/*.yaml", "rules\\..\\..\\outside\\*.yaml"])
def test_includes_written_with_a_tilde_or_backslashes_cannot_leave(pack, pattern):
    path = pack / "pack.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - rules/*.yaml", f"  - '{pattern}'", 1), encoding="utf-8")
    assert any(d.code == "bad-path" for d in _errors(pack))
