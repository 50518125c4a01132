"""Hostile CIN census XML read in the reader's second mode (checker/data/readers/cin_census.py:
the `cin-census` schema of the `dfe-cin` pack), as test_hostile_data.py does for the `csc`
mode. The same parser settings hold: a "billion laughs" census is refused in bounded time and
memory, an external entity, external DTD or XInclude never reads a file or the network, an
entity the file defines itself is read like text, and very deep XML is refused.
"""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
from pathlib import Path

import hostile_fuzz as H
import pytest

from checker.data.load import load_data

SECRET = "SECRET-c0ffee-never-in-output"


@pytest.fixture(scope="module")
def census_schema():
    from checker.packs.pack import load_pack

    return load_pack("dfe-cin").schema


def _census(seed_data, tmp_path, doctype: str, first_id: str) -> Path:
    text = seed_data["cin-xml"].read_text(encoding="utf-8")
    decl, rest = text.split("\n", 1)
    rest = rest.replace("<LAchildID>C000001</LAchildID>", f"<LAchildID>{first_id}</LAchildID>", 1)
    path = tmp_path / "census.xml"
    path.write_text(decl + "\n" + doctype + "\n" + rest, encoding="utf-8")
    return path


def _load(path, schema):
    with H.time_limit(60):
        return load_data(path, schema, "cin-xml", dt.date(2025, 3, 31))


def _values(loaded) -> str:
    """Every key and value read, as one text to search."""
    return "\n".join(f"{r.key} {r.values}" for rows in loaded.dataset.tables.values() for r in rows)


def test_the_census_mode_reads_the_seed(seed_data, census_schema):
    loaded = _load(seed_data["cin-xml"], census_schema)
    assert not loaded.diagnostics.errors and loaded.dataset.tables["children"]
    assert "C000001#1" in {r.key for r in loaded.dataset.tables["children"]}


def test_an_xml_entity_bomb_is_refused_in_bounded_time_and_memory(seed_data, tmp_path):
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 12))
    path = _census(seed_data, tmp_path, f'<!DOCTYPE Message [<!ENTITY lol0 "lol">{lol}]>', "&lol11;")

    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))

    proc = subprocess.run([sys.executable, "-m", "checker.cli", "run", "dfe-cin", "--data", str(path),
                           "--as-at", H.AS_AT_TEXT, "--format", "json", "--out", str(tmp_path / "result.json")],
                          capture_output=True, text=True, timeout=120, preexec_fn=limits, cwd=H.ROOT, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "not well-formed XML" in proc.stderr and "amplification" in proc.stderr
    # (bounded in time by the run's timeout, a hang guard; its speed is not asserted: the machine is busy)


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE Message [<!ENTITY xxe SYSTEM "file://{secret}">]>',
    '<!DOCTYPE Message [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>',
    '<!DOCTYPE Message SYSTEM "file://{secret}">',
])
def test_external_entities_never_read_a_file(seed_data, tmp_path, census_schema, doctype):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    path = _census(seed_data, tmp_path, doctype.format(secret=secret), "&xxe;")
    loaded = _load(path, census_schema)
    assert SECRET not in _values(loaded)
    # Through the command line: the pack lists failing records by key (1580 flags an LA child
    # ID with a hyphen), so a secret read into LAchildID would show in the result.
    out = tmp_path / "result.json"
    code, stdout, stderr, exc = H.invoke(["run", "dfe-cin", "--data", str(path), "--as-at", H.AS_AT_TEXT,
                                          "--format", "json", "--out", str(out), "--fail-on", "none"])
    assert exc is None and code in (0, 1, 2), stderr
    assert SECRET not in stderr + stdout
    assert not out.exists() or SECRET not in out.read_text()


def test_an_xinclude_is_not_followed(seed_data, tmp_path, census_schema):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    inc = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{secret}" parse="text"/>'
    path = _census(seed_data, tmp_path, "", inc)
    assert SECRET not in _values(_load(path, census_schema))


def test_an_internal_entity_is_expanded_like_text(seed_data, tmp_path, census_schema):
    path = _census(seed_data, tmp_path, '<!DOCTYPE Message [<!ENTITY e "C777">]>', "&e;")
    loaded = _load(path, census_schema)
    assert "C777#1" in {r.key for r in loaded.dataset.tables["children"]}


def test_very_deep_xml_is_refused(seed_data, tmp_path, census_schema):
    path = _census(seed_data, tmp_path, "", "<a>" * 100_000 + "C1" + "</a>" * 100_000)
    loaded = _load(path, census_schema)
    assert any(d.code == "bad-xml" for d in loaded.diagnostics.errors)


def test_the_parser_settings_are_explicit(seed_data, census_schema, monkeypatch):
    """Inert whatever lxml's defaults (lxml before 5 resolved external entities): the reader
    asks for the safe settings itself, as the csc mode does."""
    from lxml import etree

    seen = []
    real = etree.iterparse

    def spy(*args, **kwargs):
        seen.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(etree, "iterparse", spy)
    _load(seed_data["cin-xml"], census_schema)
    assert seen, "the census mode did not parse with lxml's iterparse"
    for kwargs in seen:
        assert kwargs.get("resolve_entities") == "internal" and kwargs.get("no_network") is True
        assert kwargs.get("load_dtd") is False and kwargs.get("huge_tree") is False
