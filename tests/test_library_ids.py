"""A library rule id means the library's rule (issue 13: the example pack
had reused 16 library ids with definitions of its own).

A pack's own rule under a library id is warned about (`library-id`), with
the two ways out; `variant_of` must name a library rule; a pack that
`extends` another may still replace an inherited rule under its id.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import CasecheckError
from checker.packs.pack import library_rule_ids, load_pack

ROOT = Path(__file__).resolve().parent.parent

RULE = """rules:
  - id: {id}
{extra}    title: Assessments are authorised within 40 working days
    area: help-and-protection
    subject: assessments
    expect: authorised_date is present and authorised_date within 40 working days after start_date
    source: {{seed: 001_f11969f6e49f66e1.txt, finding: "assessments are not timely"}}
    guidance: {{document: Local procedures, paragraph: 40 working days}}
"""


def _pack(tmp_path: Path, rule_id: str, extra: str = "", manifest: str | None = None) -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "local.yaml").write_text(RULE.format(id=rule_id, extra=extra))
    (tmp_path / "pack.yaml").write_text(manifest or (
        "casecheck: 1\nname: local\ntitle: Local\nschema: csc\n"
        "areas: {help-and-protection: Help and protection}\n"))
    return tmp_path


def test_library_ids_are_every_library_rule():
    ids = library_rule_ids()
    assert ids["ASSESS-45WD"] == "assessment" and ids["CASELOAD-LIMIT"] == "workforce"
    everywhere = {r.id for name in ("ilacs", "cra-2010") for r in load_pack(name).rules}
    assert set(ids) <= everywhere | {"ASSESS-45WD"}, sorted(set(ids) - everywhere)


def test_own_rule_under_a_library_id_is_warned_with_the_way_out(tmp_path):
    pack = load_pack(_pack(tmp_path, "ASSESS-45WD"))
    (w,) = [w for w in pack.warnings if w.code == "library-id"]
    assert "rules/lib/assessment.yaml" in w.message and w.location.file.endswith("local.yaml")
    assert "library: [assessment]" in w.suggestion and "variant_of: ASSESS-45WD" in w.suggestion


def test_a_variant_with_an_id_of_its_own_is_not_warned(tmp_path):
    pack = load_pack(_pack(tmp_path, "LOCAL-ASSESS-40WD", "    variant_of: ASSESS-45WD\n"))
    assert not [w for w in pack.warnings if w.code == "library-id"]
    assert pack.rule("LOCAL-ASSESS-40WD").variant_of == "ASSESS-45WD"


def test_variant_of_must_name_a_library_rule(tmp_path):
    with pytest.raises(CasecheckError) as exc:
        load_pack(_pack(tmp_path, "LOCAL-ASSESS-40WD", "    variant_of: ASSESS-45W\n"))
    (d,) = exc.value.diagnostics
    assert d.code == "unknown-rule" and "`ASSESS-45W`" in d.message and "ASSESS-45WD" in (d.suggestion or "")


def test_an_extending_pack_may_replace_an_inherited_rule(tmp_path):
    manifest = "casecheck: 1\nname: local\ntitle: Local\nschema: csc\nextends: ilacs\ninclude: [rules/*.yaml]\n"
    pack = load_pack(_pack(tmp_path, "ASSESS-45WD", manifest=manifest))
    assert not [w for w in pack.warnings if w.code == "library-id"]
    assert "40 working days" in pack.rule("ASSESS-45WD").expect_text


def test_the_example_pack_uses_no_library_id():
    pack = load_pack(ROOT / "examples" / "pack")
    lib = library_rule_ids()
    assert not {r.id for r in pack.rules} & set(lib)
    assert all(r.variant_of in lib for r in pack.rules)
