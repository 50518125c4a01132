"""Rule tests: tiny fixture datasets beside the rules, each with the
outcome every subject record must get (``casecheck test``).

A test names a rule, an ``as_at`` date, the records of each table it needs
and ``expect``: record key -> pass | fail | not_applicable | not_evidenced.
Every subject record must be annotated, and every annotation must match a
record, so a fixture cannot pass by accident.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from checker.data.load import load_records
from checker.engine.outcomes import judge_all
from checker.errors import Diagnostic, Diagnostics, Location
from checker.language.parser import ExpressionSyntaxError, parse_expression
from checker.model import Context
from checker.packs.pack import Pack
from checker.packs.rulebuild import constant_value
from checker.packs.runparams import reads
from checker.suggest import did_you_mean
from checker.validate import validate_document
from checker.yamlsource import load_yaml


@dataclass
class CaseResult:
    rule: str
    name: str
    location: Location
    passed: bool
    problems: list[str] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)


@dataclass
class TestReport:
    cases: list[CaseResult]
    diagnostics: Diagnostics
    coverage: dict[str, set[str]]  # rule id -> outcomes its tests exercised
    skipped: list[str] = field(default_factory=list)  # rules the pack excludes, whose library tests were not run
    replaced: list[str] = field(default_factory=list)  # rules a later pack replaced: the earlier definition's tests were not run

    @property
    def failed(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]

    def untested(self, pack: Pack) -> list[str]:
        return [r.id for r in pack.rules if r.id not in self.coverage]


def run_tests(pack: Pack, files: list[Path] | None = None, rule_ids: list[str] | None = None,
              engine: str = "reference") -> TestReport:
    backends: dict = {}  # one SQL backend for every case (_judge)
    try:
        return _run_tests(pack, files, rule_ids, engine, backends)
    finally:
        for backend in backends.values():
            backend.close()


def _run_tests(pack: Pack, files: list[Path] | None, rule_ids: list[str] | None, engine: str,
               backends: dict) -> TestReport:
    diags = Diagnostics()
    cases: list[CaseResult] = []
    coverage: dict[str, set[str]] = {}
    skipped: list[str] = []
    replaced: list[str] = []
    for path in files if files is not None else pack.test_files:
        doc = load_yaml(path)
        problems = validate_document(doc, "tests")
        diags.extend(problems)
        if any(p.is_error for p in problems):
            continue
        for i, raw in enumerate(doc.data["tests"]):
            base = ("tests", i)
            rule = pack.rule(raw["rule"])
            if rule is None and raw["rule"] in pack.excluded:
                skipped.append(raw["rule"])
                continue
            if Path(path) in pack.replaced.get(raw["rule"], ()):  # a test of the definition a later pack replaced
                replaced.append(raw["rule"])
                continue
            if rule is None:
                diags.error(
                    f"test `{raw['name']}` names rule `{raw['rule']}`, which the pack does not have",
                    doc.location(base + ("rule",)),
                    code="unknown-rule",
                    suggestion=did_you_mean(raw["rule"], [r.id for r in pack.rules]),
                )
                continue
            if rule_ids and rule.id not in rule_ids:
                continue
            loc = doc.location(base)
            try:
                as_at = _dt.date.fromisoformat(raw["as_at"])
            except ValueError:
                diags.error(f"`{raw['as_at']}` is not a real date", doc.location(base + ("as_at",)), code="bad-value")
                continue
            params = dict(pack.params)
            bad = False
            for name, value in (raw.get("parameters") or {}).items():
                if name not in pack.param_types:
                    diags.error(
                        f"test sets unknown parameter `{name}`",
                        doc.key_location(base + ("parameters", name)),
                        code="unknown-parameter",
                        suggestion=did_you_mean(name, pack.param_types),
                    )
                    bad = True
                    continue
                params[name] = _param_value(value, pack.param_types[name], doc, base + ("parameters", name), diags)
                if params[name] is None:
                    bad = True
            unset = sorted(n for n in reads(rule) if n in pack.per_run and n not in params)
            if unset:  # a parameter each run gives (packs/runparams): the test gives it too
                diags.error(f"test of rule `{rule.id}` must set parameter{'s' if len(unset) > 1 else ''} "
                            f"{', '.join('`' + n + '`' for n in unset)}, which each run gives (it has no default)",
                            loc, code="unknown-parameter")
                bad = True
            loaded = load_records(pack.schema, raw["data"], doc.path, locate=lambda p, _b=base, _d=doc: _d.location(_b + p))
            diags.extend(loaded.diagnostics)
            for rej in loaded.rejections:
                diags.error(
                    f"test data: {rej.table} record {rej.row}: {rej.message}",
                    doc.location(base + ("data", rej.table, rej.row - 1) + ((rej.column,) if rej.column else ())),
                    code="bad-test-data",
                )
                bad = True
            if bad or loaded.diagnostics.errors:
                continue
            ctx = Context(loaded.dataset, pack.calendar, as_at, params)
            outcomes = {o.key: o for o in _judge(engine, pack, rule, ctx, backends)}
            result = CaseResult(rule.id, raw["name"], loc, True, outcomes={k: o.outcome for k, o in outcomes.items()})
            for key, want in raw["expect"].items():
                got = outcomes.get(str(key))
                if got is None:
                    result.problems.append(
                        f"expects `{key}` but there is no {rule.subject} record with that key"
                        + (f" ({did_you_mean(str(key), outcomes)})" if did_you_mean(str(key), outcomes) else "")
                    )
                elif got.outcome != want:
                    result.problems.append(f"{key}: expected {want}, got {got.outcome} - {got.reason}")
            for key, words in (raw.get("reasons") or {}).items():
                got = outcomes.get(str(key))
                if got is None:
                    result.problems.append(f"reasons: no {rule.subject} record `{key}`")
                elif words not in got.reason:
                    result.problems.append(f"{key}: the reason should contain {words!r} but is {got.reason!r}")
            for key, got in outcomes.items():
                if key not in {str(k) for k in raw["expect"]}:
                    result.problems.append(f"{key}: got {got.outcome} but the test does not say what to expect - {got.reason}")
                coverage.setdefault(rule.id, set()).add(got.outcome)
            result.passed = not result.problems
            cases.append(result)
    return TestReport(cases, diags, coverage, sorted(set(skipped)), sorted(set(replaced)))


def _judge(engine: str, pack: Pack, rule, ctx, backends: dict):
    """A test case's outcomes on the engine asked for (``casecheck test --engine``).
    A SQL engine's backend is opened once for all the cases (``backends``,
    closed by the caller), so the calendar table is loaded once."""
    if engine == "reference":
        return judge_all(rule, ctx)
    from checker.engine.engines import make_engine

    if engine not in backends:
        if engine != "duckdb":
            raise ValueError(f"rule tests run on the reference or duckdb engine, not {engine!r}")
        from checker.backends import open_backend

        backends[engine] = open_backend(engine)
    eng = make_engine(engine, pack.schema, ctx, backend=backends[engine])
    try:
        return list(eng.judge_all(rule))  # read before the engine lets its tables go
    finally:
        eng.release()


def _param_value(value, want, doc, path, diags):
    from checker import typesys as T

    if isinstance(value, bool):
        got = (value, T.BOOLEAN)
    elif isinstance(value, int):
        got = (value, T.INTEGER)
    else:
        try:
            got = constant_value(parse_expression(str(value)))
        except ExpressionSyntaxError as exc:
            diags.add(Diagnostic(exc.message, doc.location(path), code="syntax"))
            return None
    if got is None and want == T.STRING and re.fullmatch(r"[a-z][a-z0-9_-]*", str(value)):
        got = (str(value), T.STRING)  # a bare word is a choice, as in a pack (`assessment_clock: referral`)
    if got is None or got[1] != want:
        diags.error(f"parameter value must be {T.describe(want)}", doc.location(path), code="bad-parameter")
        return None
    return got[0]
