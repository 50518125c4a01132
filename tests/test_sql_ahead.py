"""Rules judged ahead, two at a time (``engine/sql_ahead.py``), give the
document that judging them one at a time gives: the table report's counts and
the JSON of every case, on a generated 903 return with its previous year and
planted problems; and a statement a worker could not run is run again where
its error has always been reported."""

from __future__ import annotations

import datetime as _dt
import json

import pytest
from click.testing import CliRunner

from checker.api import run_pack
from checker.cli import cli
from checker.engine import sql_ahead
from checker.engine.sql import SqlEngine

AS_AT = _dt.date(2026, 3, 31)

pytestmark = pytest.mark.slow  # five runs of the 903 pack through DuckDB


@pytest.fixture(scope="module")
def ret(tmp_path_factory):
    out = tmp_path_factory.mktemp("ahead") / "g"
    res = CliRunner().invoke(cli, ["generate", "--format", "ssda903", "--children", "150", "--seed", "7", "--as-at",
                                   "2026-03-31", "--out", str(out), "--with-previous", "-q"])
    assert res.exit_code == 0, res.output
    return out


def _doc(ret, monkeypatch, ahead: bool, listed):
    monkeypatch.setenv(sql_ahead.AHEAD_ENV, "1" if ahead else "0")
    run = run_pack("dfe-903", ret, AS_AT, engine="duckdb", previous=ret / "previous", skip_unavailable=True,
                   listed=listed, record_history=False)
    doc = run.document
    doc.pop("run", None)  # when it ran
    return json.dumps(doc, sort_keys=True, default=str)


@pytest.mark.parametrize("listed", [(), ("fail", "not_evidenced")])
def test_ahead_gives_the_same_document(ret, monkeypatch, listed):
    made = []
    real = SqlEngine.prepare

    def prepare(self, rules):
        real(self, rules)
        made.append(len(getattr(self, "_ahead", {})))

    monkeypatch.setattr(SqlEngine, "prepare", prepare)
    one = _doc(ret, monkeypatch, False, listed)
    two = _doc(ret, monkeypatch, True, listed)
    assert made[0] == 0 and made[1] > 100  # on: most rules were sent ahead
    assert one == two


def test_a_statement_a_worker_cannot_run_is_run_again_in_place(ret, monkeypatch):
    """A worker's failure is not the run's: ``_kept`` runs the statement itself."""
    monkeypatch.setenv(sql_ahead.AHEAD_ENV, "1")
    calls = []
    real = sql_ahead.outcome_counts

    def failing(run_query, name, nc):
        calls.append(name)
        if len(calls) % 3 == 0:
            raise RuntimeError("worker fault")
        return real(run_query, name, nc)

    monkeypatch.setattr(sql_ahead, "outcome_counts", failing)
    got = run_pack("dfe-903", ret, AS_AT, engine="duckdb", previous=ret / "previous", skip_unavailable=True,
                   listed=(), record_history=False).document
    monkeypatch.setattr(sql_ahead, "outcome_counts", real)
    monkeypatch.setenv(sql_ahead.AHEAD_ENV, "0")
    want = run_pack("dfe-903", ret, AS_AT, engine="duckdb", previous=ret / "previous", skip_unavailable=True,
                    listed=(), record_history=False).document
    assert len(calls) > 10
    assert [(r["id"], r.get("counts")) for r in got["rules"]] == [(r["id"], r.get("counts")) for r in want["rules"]]
