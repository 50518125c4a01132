"""The history store: recording, finding the previous run, comparing, and
keeping the history file safe (kill -9, two writers, files that are not ours)."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import pytest

from checker.errors import CasecheckError
from checker.report.comparison import compare, render_compare
from checker.report.history import (
    HISTORY_SCHEMA_VERSION,
    History,
    canonical_json,
    load_result,
    run_id_of,
)

ROOT = Path(__file__).resolve().parent.parent
CATS = [
    {"id": "strength", "label": "Strength"},
    {"id": "good", "label": "Good practice"},
    {"id": "area_for_improvement", "label": "Area for improvement"},
    {"id": "serious_weakness", "label": "Serious weakness"},
]
CAT_IDS = [c["id"] for c in CATS]


def make_result(as_at="2025-03-31", rules=None, pack="example-council", version="2025.1", framework=True,
                areas=None, data_path="exports/march"):
    """A small result in the shape RunResult.to_dict() writes. ``rules``:
    ``(id, pass, fail, category)`` tuples; category may be None."""
    rules = rules if rules is not None else [("R1", 80, 20, None), ("R2", 9, 1, None)]
    out_rules = []
    for rid, p, f, cat in rules:
        denom = p + f
        out_rules.append({
            "id": rid, "title": f"Rule {rid}", "area": "help-and-protection", "subject": "assessments",
            "severity": "major", "missing": "fail",
            "counts": {"pass": p, "fail": f, "not_evidenced": 0, "not_applicable": 3},
            "total": denom + 3, "denominator": denom, "rate": None if denom == 0 else round(p / denom, 4),
            "category": cat, "category_label": None if cat is None else {c["id"]: c["label"] for c in CATS}.get(cat),
            "tags": [], "source": [], "guidance": [],
            "cases": {"pass": [{"id": f"A{i:06d}", "reason": "met"} for i in range(p)],
                      "fail": [{"id": f"B{i:06d}", "reason": "not met"} for i in range(f)],
                      "not_evidenced": [], "not_applicable": []},
        })
    doc = {
        "schema_version": "1.0", "casecheck_version": "0.1.0",
        "pack": {"name": pack, "title": "Example", "version": version, "schema": "csc"},
        "as_at": as_at, "data": {"path": data_path, "format": "csv"},
        "summary": {}, "rules": out_rules, "not_run": [],
    }
    if framework:
        doc["framework"] = {"id": "ilacs-findings", "categories": CATS}
    if areas is not None:
        doc["areas"] = [{"id": a, "grade": g} for a, g in areas]
    return doc


@pytest.fixture
def hist(tmp_path):
    h = History(tmp_path / "history.sqlite")
    yield h
    h.close()


# --------------------------------------------------------------------------- record / previous


def test_record_is_idempotent_and_run_id_is_the_hash(hist):
    r = make_result()
    rid = hist.record(r)
    assert rid == hashlib.sha256(canonical_json(r).encode()).hexdigest() == run_id_of(r)
    assert hist.record(copy.deepcopy(r)) == rid
    # The comparison added before rendering is not part of the run.
    assert hist.record({**r, "history": {"previous": None}}) == rid
    assert [x["run_id"] for x in hist.runs()] == [rid]
    assert hist.get(rid) == r
    assert hist.get(rid[:8]) == r  # a unique prefix will do
    (row,) = hist.runs()
    assert row == {"run_id": rid, "recorded": 1, "pack": "example-council", "pack_version": "2025.1",
                   "as_at": "2025-03-31", "data": "exports/march", "casecheck_version": "0.1.0", "rules": 2}


def test_summary_table_rows(hist):
    rid = hist.record(make_result(rules=[("R1", 3, 1, "good"), ("R2", 0, 0, None)]))
    rows = sqlite3.connect(hist.path).execute(
        "SELECT rule_id, area, category, pass, fail, not_evidenced, not_applicable, denominator, rate "
        "FROM rule_results WHERE run_id = ? ORDER BY position", (rid,)).fetchall()
    assert rows == [("R1", "help-and-protection", "good", 3, 1, 0, 3, 4, 0.75),
                    ("R2", "help-and-protection", None, 0, 0, 0, 3, 0, None)]


def test_previous_is_latest_earlier_run_of_same_pack(hist):
    jan, feb, mar = (make_result(d) for d in ("2025-01-31", "2025-02-28", "2025-03-31"))
    feb_rerun = make_result("2025-02-28", data_path="exports/february-corrected")
    other = make_result("2025-03-15", pack="other-pack")
    for r in (mar, jan, feb, other, feb_rerun):  # recorded out of order
        hist.record(r)
    assert hist.previous(mar) == feb_rerun  # same as_at: the one recorded last
    assert hist.previous(feb) == jan
    assert hist.previous(jan) is None
    assert hist.previous(make_result("2025-04-30")) == mar  # an unrecorded run works too
    assert hist.previous(make_result("2025-04-30", pack="other-pack")) == other
    assert [r["as_at"] for r in hist.runs("example-council")] == ["2025-03-31", "2025-01-31", "2025-02-28", "2025-02-28"]
    assert [r["recorded"] for r in hist.runs()] == [1, 2, 3, 4, 5]


def test_unknown_and_ambiguous_run_ids(hist):
    hist.record(make_result())
    with pytest.raises(CasecheckError, match="no run `ffff"):
        hist.get("ffff" * 16)
    with pytest.raises(CasecheckError, match="not a run id"):
        hist.get("latest!")
    for i in range(40):  # 41 runs: some share a first hex digit
        hist.record(make_result(f"2024-01-{i % 28 + 1:02d}", version=str(i)))
    first = [r["run_id"][0] for r in hist.runs()]
    shared = next(d for d in first if first.count(d) > 1)
    with pytest.raises(CasecheckError, match="ambiguous"):
        hist.get(shared)


def test_record_rejects_what_is_not_a_result(hist):
    with pytest.raises(CasecheckError, match="not a casecheck result: no `as_at`"):
        hist.record({"pack": {"name": "x"}, "rules": []})
    assert hist.runs() == []


def test_real_result_round_trip(tmp_path):
    """A result from the real pipeline (whatever keys it carries today)."""
    from click.testing import CliRunner

    from checker.cli import cli

    out = tmp_path / "r.json"
    res = CliRunner().invoke(cli, ["run", str(ROOT / "examples/pack"), "--data", str(ROOT / "examples/council"),
                                   "--as-at", "2025-03-31", "--format", "json", "--out", str(out)],
                             catch_exceptions=False)
    assert res.exit_code in (0, 1), res.output  # 1: findings at the fail-on category
    r = load_result(out)
    with History(tmp_path / "h.sqlite") as h:
        rid = h.record(r)
        assert h.get(rid) == r
        assert h.runs()[0]["rules"] == len(r["rules"])
        later = copy.deepcopy(r)
        later["as_at"] = "2025-04-30"
        assert h.previous(later) == r
        c = compare(later, h.previous(later))
    assert c["previous"]["run_id"] == rid
    assert {v["change"] for v in c["changes"].values()} == {"unchanged"}
    assert all(v["repeated"] == (v["category"] in ("area_for_improvement", "area_for_priority_action"))
               for v in c["changes"].values()) or c["framework"] is None
    assert render_compare(c, later).count("\n") > len(r["rules"])


def test_stores_nothing_beyond_the_result(hist):
    r = make_result(rules=[("R1", 3, 1, "good")], areas=[("help-and-protection", "good")])
    rid = hist.record(r)
    con = sqlite3.connect(hist.path)
    tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"schema_version", "runs", "rule_results", "sqlite_sequence"}
    (blob,) = con.execute("SELECT result FROM runs").fetchone()
    canonical = canonical_json(r)
    assert zlib.decompress(blob).decode() == canonical
    # Every other value stored is a copy of something in the result (or its id / position / the schema version).
    for table in ("runs", "rule_results"):
        cols = [d[1] for d in con.execute(f"PRAGMA table_info({table})")]
        for row in con.execute(f"SELECT * FROM {table}"):
            for col, v in zip(cols, row):
                if col in ("result", "seq", "position") or v is None or v == rid:
                    continue
                assert json.dumps(v, ensure_ascii=False).strip('"') in canonical, (table, col, v)


def test_damaged_run_is_detected(hist):
    rid = hist.record(make_result())
    con = sqlite3.connect(hist.path)
    con.execute("UPDATE runs SET result = ?", (zlib.compress(b'{"tampered":1}'),))
    con.commit()
    con.close()
    with pytest.raises(CasecheckError, match="damaged"):
        hist.get(rid)


# --------------------------------------------------------------------------- compare


def test_compare_rate_directions_and_tolerance():
    prev = make_result("2025-02-28", framework=False, rules=[
        ("UP", 800, 200, None), ("DOWN", 900, 100, None), ("SAME", 800, 200, None), ("EDGE", 800, 200, None),
        ("JUST", 8000, 2000, None), ("GONE", 1, 1, None), ("EMPTY", 0, 0, None), ("NOWEMPTY", 5, 5, None)])
    cur = make_result("2025-03-31", framework=False, rules=[
        ("UP", 850, 150, None), ("DOWN", 800, 200, None), ("SAME", 803, 197, None),
        ("EDGE", 805, 195, None),  # +0.005 exactly: unchanged
        ("JUST", 8051, 1949, None),  # +0.0051: improved
        ("NEWRULE", 1, 0, None), ("EMPTY", 4, 1, None), ("NOWEMPTY", 0, 0, None)])
    c = compare(cur, prev)
    ch = {k: v["change"] for k, v in c["changes"].items()}
    assert ch == {"UP": "improved", "DOWN": "declined", "SAME": "unchanged", "EDGE": "unchanged",
                  "JUST": "improved", "NEWRULE": "new", "EMPTY": "new", "NOWEMPTY": "no_data"}
    assert c["changes"]["UP"] == {"previous_rate": 0.8, "rate": 0.85, "change": "improved",
                                  "previous_category": None, "category": None, "repeated": False}
    assert c["previous"] == {"run_id": run_id_of(prev), "as_at": "2025-02-28", "pack_version": "2025.1"}
    assert c["current"]["run_id"] == run_id_of(cur)
    assert c["removed"] == [{"rule_id": "GONE", "previous_rate": 0.5, "previous_category": None}]
    assert c["summary"] == {"improved": 2, "declined": 1, "unchanged": 2, "new": 2, "no_data": 1, "repeated": 0}
    assert c["categories_compared"] is False


def test_compare_without_previous_marks_everything_new():
    c = compare(make_result(), None)
    assert c["previous"] is None
    assert {v["change"] for v in c["changes"].values()} == {"new"}
    assert not any(v["repeated"] for v in c["changes"].values())


def test_category_move_decides_and_repeats_are_flagged():
    prev = make_result("2025-02-28", rules=[
        ("CAT-UP", 90, 10, "area_for_improvement"),     # rate falls, category improves
        ("CAT-DOWN", 70, 30, "good"),                    # rate rises, category worsens
        ("STILL-AFI", 60, 40, "area_for_improvement"),  # same adverse category: a repeat
        ("WORSE", 60, 40, "area_for_improvement"),      # adverse -> more adverse: a repeat, declined
        ("FIXED", 60, 40, "serious_weakness"),          # adverse -> good: no repeat
        ("STILL-GOOD", 90, 10, "good"),                 # same good category, rate up
        ("ODD", 50, 50, "not_in_framework"),            # unknown category: rate decides
    ])
    cur = make_result("2025-03-31", rules=[
        ("CAT-UP", 85, 15, "good"),
        ("CAT-DOWN", 80, 20, "area_for_improvement"),
        ("STILL-AFI", 60, 40, "area_for_improvement"),
        ("WORSE", 50, 50, "serious_weakness"),
        ("FIXED", 95, 5, "good"),
        ("STILL-GOOD", 95, 5, "good"),
        ("ODD", 70, 30, "strength"),
    ])
    c = compare(cur, prev)
    got = {k: (v["change"], v["repeated"]) for k, v in c["changes"].items()}
    assert got == {
        "CAT-UP": ("improved", False), "CAT-DOWN": ("declined", False), "STILL-AFI": ("unchanged", True),
        "WORSE": ("declined", True), "FIXED": ("improved", False), "STILL-GOOD": ("improved", False),
        "ODD": ("improved", False),
    }
    assert c["changes"]["WORSE"]["previous_category"] == "area_for_improvement"
    assert c["summary"]["repeated"] == 2 and c["categories_compared"] is True


def test_categories_ignored_across_frameworks_and_order_can_be_given():
    prev = make_result("2025-02-28", rules=[("R", 90, 10, "good")])
    cur = make_result("2025-03-31", rules=[("R", 80, 20, "good")])
    # An explicit order in which "good" is adverse (third of three) makes it a repeat.
    c = compare(cur, prev, framework_categories=["strength", "area_for_improvement", "good"])
    assert c["changes"]["R"]["repeated"] is True
    prev2 = make_result("2025-02-28", rules=[("R", 90, 10, "serious_weakness")])
    prev2["framework"]["id"] = "another-framework"
    c = compare(cur, prev2)
    assert c["categories_compared"] is False
    assert c["changes"]["R"]["change"] == "declined"  # by rate; category ids from another framework ignored


def test_compare_tolerates_results_without_categories_or_framework():
    prev = make_result("2025-02-28", framework=False)
    cur = make_result("2025-03-31", framework=False)
    for r in prev["rules"] + cur["rules"]:
        del r["category"], r["category_label"]
    c = compare(cur, prev)
    assert {v["change"] for v in c["changes"].values()} == {"unchanged"}
    assert c["areas"] == {} and c["framework"] is None


def test_compare_area_grades():
    prev = make_result("2025-02-28", areas=[("help", "good"), ("care", "area_for_improvement"),
                                            ("leavers", "serious_weakness"), ("lead", "good")])
    cur = make_result("2025-03-31", areas=[("help", "strength"), ("care", "area_for_improvement"),
                                           ("leavers", "serious_weakness"), ("lead", "serious_weakness"),
                                           ("new-area", "good")])
    a = compare(cur, prev)["areas"]
    assert a["help"] == {"previous_grade": "good", "grade": "strength", "change": "improved", "repeated": False}
    assert a["care"]["change"] == "unchanged" and a["care"]["repeated"] is True
    assert a["lead"]["change"] == "declined" and a["lead"]["repeated"] is False
    assert a["new-area"]["change"] == "new"


def test_positive_flags_define_adverse_and_overall_grade_is_compared():
    cats = [{"id": "ok", "positive": True}, {"id": "watch", "positive": False}, {"id": "bad", "positive": False}]
    grades = [{"id": "outstanding"}, {"id": "good"}, {"id": "requires_improvement"}, {"id": "inadequate"}]
    prev = make_result("2025-02-28", rules=[("R", 80, 20, None)])
    cur = make_result("2025-03-31", rules=[("R", 80, 20, None)])
    for doc, cat, grade in ((prev, "watch", "requires_improvement"), (cur, "watch", "inadequate")):
        doc["framework"] = {"id": "fw", "categories": cats, "grades": grades}
        doc["rules"][0]["category"] = cat
        doc["overall"] = {"grade": grade}
    c = compare(cur, prev)
    # "watch" is second best, but the framework says it is not positive: a repeat.
    assert c["changes"]["R"]["repeated"] is True and c["changes"]["R"]["change"] == "unchanged"
    assert c["overall"] == {"previous_grade": "requires_improvement", "grade": "inadequate",
                            "change": "declined", "repeated": True}
    assert compare(cur, None)["overall"]["change"] == "new"


def test_render_compare():
    prev = make_result("2025-02-28", rules=[("ASSESS-45WD", 80, 20, "area_for_improvement"),
                                            ("CP-SEEN", 90, 10, "good")])
    cur = make_result("2025-03-31", version="2025.2", rules=[
        ("ASSESS-45WD", 857, 143, "area_for_improvement"), ("CP-SEEN", 80, 20, "good"), ("NEW-1", 1, 1, None)],
        areas=[("help-and-protection", "good")])
    text = render_compare(compare(cur, prev), cur)
    assert "as at 2025-03-31 compared with as at 2025-02-28" in text
    assert f"run {run_id_of(prev)[:12]} (pack version 2025.1)" in text
    line = next(ln for ln in text.splitlines() if ln.startswith("ASSESS-45WD"))
    assert "80.0%" in line and "85.7%" in line and "improved" in line and "REPEAT" in line
    assert "Area for improvement" in line
    cp = next(ln for ln in text.splitlines() if ln.startswith("CP-SEEN"))
    assert "DECLINED" in cp and "REPEAT" not in cp
    assert "new" in next(ln for ln in text.splitlines() if ln.startswith("NEW-1"))
    assert "help-and-protection" in text
    assert "1 improved, 1 DECLINED, 1 new" in text
    # the legend in the framework's own words (issue 20), not the 2009 letters'
    assert "REPEAT: 1 rule in \u201c" in text and "\u201d at the previous audit and still" in text
    first = render_compare(compare(cur, None), cur)
    # the first run is one line, not a table of every rule marked new (issue 20)
    assert "the first run in this history" in first and len(first.strip().splitlines()) == 1


# --------------------------------------------------------------------------- robustness

_CHILD_PRELUDE = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from test_history import make_result
    from checker.report.history import History
""").format(tests=str(Path(__file__).parent))


def _child(code: str, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _CHILD_PRELUDE + textwrap.dedent(code), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _wait_for(pred, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.01)
    raise AssertionError("timed out")


def _assert_sound(path: Path) -> list[dict]:
    with History(path) as h:
        assert h.check() == "ok"
        runs = h.runs()
        for run in runs:
            doc = h.get(run["run_id"])  # content matches its id
            assert run["rules"] == len(doc["rules"])  # run and its summary rows landed together
        return runs


def test_kill_9_while_recording_in_a_loop(tmp_path):
    path = tmp_path / "h.sqlite"
    base = make_result("2020-01-01")
    with History(path) as h:
        base_id = h.record(base)
    for attempt in range(3):
        child = _child("""
            h = History(sys.argv[1])
            i = 0
            while True:
                rules = [(f"R{j}", 500 + i, j, None) for j in range(40)]
                h.record(make_result(f"2021-01-01", version=f"{sys.argv[2]}-{i}", rules=rules))
                print(i, flush=True)
                i += 1
        """, str(path), str(attempt))
        for _ in range(3 + attempt * 2):  # a few commits landed; kill at a different point each time
            assert child.stdout.readline(), child.stderr.read()
        time.sleep(0.005 * attempt)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        runs = _assert_sound(path)
        assert runs[0]["run_id"] == base_id
    with History(path) as h:
        assert h.get(base_id) == base
        new_id = h.record(make_result("2030-01-01"))
    assert new_id in {r["run_id"] for r in _assert_sound(path)}


class _Held:
    """Child code: a History whose write stops inside the open transaction."""

    CODE = """
        class Held(History):
            def _write_run(self, c, run_id, result, blob):
                super()._write_run(c, run_id, result, blob)
                Path(sys.argv[2] + ".tmp").write_text(run_id)  # rows written, not committed
                Path(sys.argv[2] + ".tmp").replace(sys.argv[2])  # atomic: the parent never reads it half-written
                time.sleep(60)
        Held(sys.argv[1]).record(make_result("2025-03-31", version="held"))
    """


def test_kill_9_inside_an_open_transaction(tmp_path):
    path, ready = tmp_path / "h.sqlite", tmp_path / "ready"
    base = make_result("2025-02-28")
    with History(path) as h:
        base_id = h.record(base)
    child = _child(_Held.CODE, str(path), str(ready))
    try:
        _wait_for(ready.exists)
        held_id = ready.read_text()
        # WAL: a reader is not blocked by the open write transaction...
        with History(path) as h:
            assert [r["run_id"] for r in h.runs()] == [base_id]
        # ...and a second writer waits (here: a short timeout, so a clear "busy" error).
        with History(path, timeout=0.3) as h, pytest.raises(CasecheckError, match="history is busy"):
            h.record(make_result("2025-04-30"))
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    runs = _assert_sound(path)
    assert [r["run_id"] for r in runs] == [base_id]  # the uncommitted run is gone, the old one intact
    with History(path) as h:
        assert h.record(make_result("2025-03-31", version="held")) == held_id  # the next run works
        # a run of the same as-at date recorded before it is the previous one (issue 20)
        assert h.previous(make_result("2025-03-31")) == h.get(held_id)
    assert len(_assert_sound(path)) == 2


def test_two_processes_recording_at_once(tmp_path):
    path, go = tmp_path / "new-history.sqlite", tmp_path / "go"  # both also race to create the file
    code = """
        while not Path(sys.argv[2]).exists():
            time.sleep(0.001)
        ids = []
        for i in range(15):
            h = History(sys.argv[1])  # open per record: opening races too
            ids.append(h.record(make_result(f"2025-01-{i + 1:02d}", pack=sys.argv[3],
                                            rules=[(f"R{j}", 100 + i, j, None) for j in range(30)])))
            h.close()
        print(json.dumps(ids))
    """
    kids = [_child(code, str(path), str(go), name) for name in ("pack-a", "pack-b")]
    time.sleep(0.2)
    go.write_text("go")
    ids = []
    for k in kids:
        out, err = k.communicate(timeout=30)
        assert k.returncode == 0, err
        ids += json.loads(out)
    assert len(set(ids)) == 30
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    runs = _assert_sound(path)
    assert {r["run_id"] for r in runs} == set(ids)
    assert [r["recorded"] for r in runs] == list(range(1, 31))


def _raises_clearly(path: Path, *match: str) -> str:
    with pytest.raises(CasecheckError) as info:
        History(path)
    text = str(info.value)
    assert str(path) in text and "Traceback" not in text
    assert info.value.__suppress_context__ or info.value.__cause__ is None
    for m in match:
        assert m in text, text
    return text


def test_random_bytes_are_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite"
    data = os.urandom(4096)
    path.write_bytes(data)
    _raises_clearly(path, "not a casecheck history", "not an SQLite database")
    assert path.read_bytes() == data


def test_other_sqlite_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "crm.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE clients (id INTEGER, name TEXT)")
    con.commit()
    con.close()
    before = path.read_bytes()
    _raises_clearly(path, "not a casecheck history", "other tables (clients)")
    assert path.read_bytes() == before  # journal mode not changed, nothing created
    assert not Path(str(path) + "-wal").exists()


def test_damaged_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "h.sqlite"
    with History(path) as h:
        h.record(make_result())
    raw = bytearray(path.read_bytes())
    raw[16:100] = os.urandom(84)  # wreck the database header after the magic string
    path.write_bytes(bytes(raw))
    _raises_clearly(path, "casecheck history")


def test_newer_schema_version_is_refused(tmp_path):
    path = tmp_path / "h.sqlite"
    with History(path) as h:
        h.record(make_result())
    con = sqlite3.connect(path)
    con.execute("UPDATE schema_version SET version = ?", (HISTORY_SCHEMA_VERSION + 1,))
    con.commit()
    con.close()
    _raises_clearly(path, "newer casecheck", f"history schema {HISTORY_SCHEMA_VERSION + 1}", "upgrade")


def test_folder_missing_folder_and_empty_file(tmp_path):
    _raises_clearly(tmp_path, "is a folder")
    _raises_clearly(tmp_path / "nowhere" / "h.sqlite", "does not exist")
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")  # e.g. `touch history.sqlite`: becomes a new history
    with History(empty) as h:
        h.record(make_result())
        assert len(h.runs()) == 1


def test_load_result_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CasecheckError, match="not a casecheck result: not JSON"):
        load_result(bad)
    bad.write_text('{"pack": {"name": "x"}}', encoding="utf-8")
    with pytest.raises(CasecheckError, match="no `as_at`"):
        load_result(bad)
