"""Parameters a run gives: ``casecheck run PACK --param NAME=VALUE``.

A pack's parameters are constants its rules read (``parameters:`` in
pack.yaml). A run may give any of them a value of its own, read as the
declared type (a default's type, or a declaration's ``type``). Some have no
default, because no value is right for every council: the SSDA903 rules that
compare the local authority of placement with the council's own need that
council's code, which the return does not carry. Such a parameter is declared
as a mapping::

    parameters:
      la_code:
        type: string
        pattern: ^E[0-9]{8}$
        description: the council's own local authority code (ONS, e.g. E09000033)

and a rule that reads it is listed as not run, saying what to give, when the
run does not give it (:func:`lacking`): never passed, never an error.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from checker import typesys as T
from checker.errors import CasecheckError, Diagnostic
from checker.language import nodes as ast
from checker.language.parser import ExpressionSyntaxError, parse_expression
from checker.packs.rulebuild import constant_value
from checker.suggest import did_you_mean


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings (the CLI's repeated ``--param``) as a mapping; a
    malformed one is a clear error."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CasecheckError(Diagnostic(f"`--param {item}` is not NAME=VALUE", code="bad-option",
                                            suggestion="e.g. --param la_code=E09000033"))
        if name in out:
            raise CasecheckError(Diagnostic(f"parameter `{name}` is given twice", code="bad-option"))
        out[name] = value.strip()
    return out


def read_value(name: str, text: str, want: T.Type, pattern: str | None = None):
    """``text`` (as typed on the command line) as a value of type ``want``, or a
    clear error naming the parameter."""

    def bad(why: str):
        return CasecheckError(Diagnostic(f"parameter `{name}`: `{text}` is not {why}", code="bad-parameter"))

    if want == T.STRING:
        if pattern is not None and not re.fullmatch(pattern, text):
            raise bad(f"of the form the pack declares ({pattern})")
        if not text:
            raise bad("a value: give it or leave the parameter out")
        return text
    if want == T.BOOLEAN:
        if text.lower() not in ("true", "false"):
            raise bad("true or false")
        return text.lower() == "true"
    if want == T.INTEGER:
        try:
            return int(text)
        except ValueError:
            raise bad("a whole number") from None
    if want == T.DECIMAL:
        try:
            return Decimal(text)
        except InvalidOperation:
            raise bad("a number") from None
    if want == T.DATE:
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            raise bad("a date in the form YYYY-MM-DD") from None
    try:
        got = constant_value(parse_expression(text))
    except ExpressionSyntaxError:
        got = None
    if got is None or got[1] != want:
        raise bad(T.describe(want) + (" such as `4 weeks`" if want == T.DURATION else ""))
    return got[0]


def with_params(pack, given: Mapping[str, str] | None):
    """``pack`` with the run's parameter values (strings, read as each
    parameter's type): a copy, the pack itself when none are given. A name
    the pack does not declare is an error, with the closest it does."""
    if not given:
        return pack
    params = dict(pack.params)
    problems: list[Diagnostic] = []
    for name, text in given.items():
        want = pack.param_types.get(name)
        if want is None:
            problems.append(Diagnostic(
                f"pack `{pack.name}` has no parameter `{name}`", code="unknown-parameter",
                suggestion=did_you_mean(name, pack.param_types)
                or (f"its parameters: {', '.join(sorted(pack.param_types))}" if pack.param_types else None)))
            continue
        if want.kind not in ("string", "integer", "decimal", "boolean", "date", "duration"):
            problems.append(Diagnostic(f"parameter `{name}` is {T.describe(want)}, which a run cannot give",
                                       code="bad-parameter"))
            continue
        try:
            params[name] = read_value(name, text, want, (pack.per_run.get(name) or {}).get("pattern"))
        except CasecheckError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise CasecheckError(problems)
    return dataclasses.replace(pack, params=params)


def split_params(pack, data_quality: str | None, given: Mapping[str, str] | None):
    """The run's parameters for ``pack`` and for its ``data_quality`` pack
    (``run PACK --data-quality dfe-903 --param la_code=...``): each name goes to
    the pack that declares it (both, if both do); a name neither declares is
    given to ``pack``, so :func:`with_params` says it is unknown."""
    if not given or not data_quality:
        return given, None
    from checker.packs.pack import load_pack

    other = load_pack(data_quality).param_types
    own = {k: v for k, v in given.items() if k in pack.param_types or k not in other}
    theirs = {k: v for k, v in given.items() if k in other}
    return own, theirs


def reads(rule) -> set[str]:
    names: set[str] = set()
    exprs = [rule.when, rule.expect] + [getattr(v, "when", None) for v in rule.variants.values() if not isinstance(v, str)] \
        + [getattr(v, "expect", None) for v in rule.variants.values() if not isinstance(v, str)]
    for e in exprs:
        for n in (e.walk() if e is not None else ()):
            if isinstance(n, ast.Name) and getattr(n, "resolved", None) is not None and n.resolved.kind == "param":
                names.add(n.name)
    return names


def lacking(rule, pack) -> list[str]:
    """Why ``rule`` cannot be judged: the per-run parameters it reads that
    this run has not given (empty when it can). Such a rule is listed as not
    run, with this reason."""
    return [f"parameter `{name}` ({pack.per_run[name]['description']}), which this run was not given "
            f"(`--param {name}=...`)"
            for name in sorted(reads(rule)) if name in pack.per_run and name not in pack.params]


def split(rules, pack) -> tuple[list, list]:
    """(the rules that can be judged, [(rule, why)] for those reading a
    per-run parameter the run has not given)."""
    ok, not_run = [], []
    for rule in rules:
        why = lacking(rule, pack)
        if why:
            not_run.append((rule, why))
        else:
            ok.append(rule)
    return ok, not_run
