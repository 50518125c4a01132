"""The compiled-pack cache (checker/packs/cache.py): used when nothing changed,
never stale, safe to delete, off on request."""

import shutil
from pathlib import Path

import pytest

from checker import yamlsource
from checker.errors import CasecheckError
from checker.packs import cache
from checker.packs.pack import load_pack

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cached(tmp_path, monkeypatch):
    """The cache on, in a folder of the test's own; a copy of the example pack to edit."""
    monkeypatch.delenv("CASECHECK_NO_CACHE", raising=False)
    monkeypatch.setenv("CASECHECK_CACHE_DIR", str(tmp_path / "cache"))
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "examples" / "pack", pack)
    return pack


class Loads:
    """Counts the YAML files actually read (a cache hit reads none)."""

    def __init__(self, monkeypatch):
        self.files: list[str] = []
        real = yamlsource.load_yaml_text

        def counting(text, path="<string>"):
            self.files.append(str(path))
            return real(text, path)

        monkeypatch.setattr(yamlsource, "load_yaml_text", counting)


def _same(a, b):
    assert [r.id for r in a.rules] == [r.id for r in b.rules]
    assert [(r.expect_text, r.when_text, r.thresholds, r.location) for r in a.rules] == \
           [(r.expect_text, r.when_text, r.thresholds, r.location) for r in b.rules]
    assert a.params == b.params and a.test_files == b.test_files and a.name == b.name


def test_a_second_load_comes_from_the_cache_and_is_the_same_pack(cached, monkeypatch):
    first = load_pack(cached)
    assert list((cached.parent / "cache").glob("pack-*.pickle"))
    loads = Loads(monkeypatch)
    second = load_pack(cached)
    assert loads.files == []  # nothing parsed
    _same(first, second)


def test_editing_a_rule_file_misses(cached, monkeypatch):
    load_pack(cached)
    rule_file = cached / "rules" / "assessment.yaml"
    text = rule_file.read_text(encoding="utf-8")
    rule_file.write_text(text.replace("description:", "description: edited", 1), encoding="utf-8")
    loads = Loads(monkeypatch)
    again = load_pack(cached)
    assert any(f.endswith("assessment.yaml") for f in loads.files)
    assert any("edited" in r.description for r in again.rules)


def test_an_edit_that_breaks_the_pack_is_reported_not_served_from_the_cache(cached):
    load_pack(cached)
    (cached / "rules" / "assessment.yaml").write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(CasecheckError):
        load_pack(cached)


def test_a_new_rule_file_where_include_looks_misses(cached, monkeypatch):
    before = load_pack(cached)
    extra = cached / "rules" / "zz-extra.yaml"
    src = (cached / "rules" / "assessment.yaml").read_text(encoding="utf-8")
    shutil.copy(cached / "rules" / "assessment.yaml", extra)
    extra.write_text(src.replace("id: ", "id: ZZ-", ), encoding="utf-8")
    after = load_pack(cached)
    assert len(after.rules) > len(before.rules)


def test_the_built_in_library_and_schema_are_inputs_too(cached):
    load_pack(cached)
    entry = cache._read(next((cached.parent / "cache").glob("pack-*.pickle")))
    read = {Path(p).name for p, _ in entry["files"]}
    assert "pack.yaml" in read and "assessment.yaml" in read
    assert any(Path(p).parent.name == "schemas" for p, _ in entry["files"])  # the data schema
    assert any(Path(p).parent.name == "frameworks" for p, _ in entry["files"])  # the framework


def test_deleting_the_cache_is_safe_and_a_damaged_entry_is_a_miss(cached):
    first = load_pack(cached)
    folder = cached.parent / "cache"
    for entry in folder.glob("pack-*.pickle"):
        entry.write_bytes(b"not a pickle")
    _same(first, load_pack(cached))
    shutil.rmtree(folder)
    _same(first, load_pack(cached))


def test_casecheck_no_cache_turns_it_off(cached, monkeypatch):
    monkeypatch.setenv("CASECHECK_NO_CACHE", "1")
    load_pack(cached)
    assert not (cached.parent / "cache").exists()


def test_the_default_folder_is_under_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv("CASECHECK_NO_CACHE", raising=False)
    monkeypatch.delenv("CASECHECK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "casecheck"


def test_a_different_casecheck_misses(cached, monkeypatch):
    load_pack(cached)
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    loads = Loads(monkeypatch)
    load_pack(cached)
    assert loads.files  # loaded again


def test_cache_dir_on_the_command_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from checker.cli import cli

    monkeypatch.delenv("CASECHECK_NO_CACHE", raising=False)
    monkeypatch.delenv("CASECHECK_CACHE_DIR", raising=False)
    result = CliRunner().invoke(cli, ["--cache-dir", str(tmp_path / "c"), "lint", str(ROOT / "examples" / "pack")])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "c").glob("pack-*.pickle"))


def test_lint_keeps_what_it_found_in_test_files_until_they_change(cached, monkeypatch):
    from click.testing import CliRunner

    from checker.cli import cli

    assert CliRunner().invoke(cli, ["lint", str(cached)]).exit_code == 0
    loads = Loads(monkeypatch)
    assert CliRunner().invoke(cli, ["lint", str(cached)]).exit_code == 0
    assert loads.files == []  # neither the pack nor its tests parsed again
    test_file = sorted((cached / "tests").glob("*.yaml"))[0]
    test_file.write_text(test_file.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", str(cached)])
    assert result.exit_code == 2 and "unknown_key" in result.output


def test_a_new_test_file_misses(cached):
    before = load_pack(cached)
    new = cached / "tests" / "zz-new.yaml"
    shutil.copy(sorted((cached / "tests").glob("*.yaml"))[0], new)
    after = load_pack(cached)
    assert len(after.test_files) == len(before.test_files) + 1


def test_another_holidays_package_misses(cached, monkeypatch):
    """The pack keeps a built calendar: a cache entry made with one ``holidays`` installed is not
    served once another is (its version is in the key)."""
    load_pack(cached)
    loads = Loads(monkeypatch)
    load_pack(cached)
    assert loads.files == []
    real = cache._holidays_fingerprint()
    assert "holidays-" in real  # the installed distribution (and so its version) is named
    monkeypatch.setattr(cache, "_holidays_fingerprint", lambda: real.replace("holidays-", "holidays-9999-"))
    load_pack(cached)
    assert loads.files  # loaded again, not served
