"""Which rules can be judged on an input, decided from what they mean.

What a rule *needs* is what its ``when`` and ``expect`` must read to decide
an outcome, never every name in it: a reason template never makes a rule
unavailable (a hole the input cannot fill reads "not recorded in Annex A").

Two kinds of input, two ways to decide:

* A return format (Annex A, the CIN census, SSDA903: the dataset says
  ``lacks_some``) has no place for some fields and tables, for every record
  or for some (Annex A list 8 visits record no seen-alone). Such a value is
  *not carried* (:class:`checker.model.NotCarried`), distinct from a blank,
  and rules are judged per record: a record whose outcome turns on a value
  the format lacks is not evidenced and out of the rate
  (``engine/outcomes``). A rule is *not run* only when no record could be
  decided (:func:`not_judged`), or when its subject table is not in the
  format at all (:func:`unavailable`).
* A native input (a CSV, Parquet or JSON lines folder, a workbook) should
  hold every table and field: a table or field a rule's ``when`` or
  ``expect`` reads that the input lacks is more likely a broken extract,
  and :func:`unavailable` names it (an error unless ``--skip-unavailable``).
"""

from __future__ import annotations

import weakref

from checker.engine.outcomes import Outcomes
from checker.language import nodes as ast
from checker.language.functions import FUNCTIONS
from checker.language.typecheck import fields_used, tables_used
from checker.model import FAIL, PASS, Dataset

_ABSENT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def meaning(rule) -> tuple[set[str], set[tuple[str, str]]]:
    """The tables and (table, field) pairs a rule's ``when`` and ``expect``
    read: what deciding an outcome can need (its reason templates aside)."""
    tables: set[str] = set()
    fields: set[tuple[str, str]] = set()
    for e in (rule.when, rule.expect):
        if e is not None:
            tables |= tables_used(e, rule.subject)
            fields |= fields_used(e, rule.subject)
    return tables, fields


def reference_lacking(rule) -> list[str]:
    """The reference data the functions a rule's ``when`` and ``expect`` call
    need and cannot read (the postcode directory, when its optional package is
    not installed): such a rule is listed as not run, saying why, on any input."""
    why: list[str] = []
    for e in (rule.when, rule.expect):
        for n in (e.walk() if e is not None else ()):
            f = FUNCTIONS.get(n.name) if isinstance(n, ast.Call) else None
            lack = f.needs() if f is not None and f.needs is not None else None
            if lack is not None and lack not in why:
                why.append(lack)
    return why


def for_format(rule, fmt: str | None):
    """The rule as judged on input of format ``fmt``, and why it cannot be
    judged there at all (a rule's ``formats:``): (its variant or itself,
    []), or (itself, [why]). A format that holds a summary instead of the
    events (Annex A keeps the latest review of each plan) has a variant
    under the same id that judges what the summary can show."""
    variant = rule.variants.get(fmt) if fmt else None
    if variant is None:
        return rule, []
    if isinstance(variant, str):
        return rule, [variant]
    return variant, []


def unavailable(rule, loaded, schema, summary: bool = False) -> list[str]:
    """Why ``rule`` cannot be judged on this input before it is run (empty
    when it can). On a return format: a subject table the format has no
    place for, and a table its meaning reads that the format holds only in
    part (the latest review of each plan: a schedule over all of them cannot
    be judged from it), unless the rule is the format's own variant
    (``summary``), written for what the summary shows; every other lack is
    decided record by record. On a native input: the tables and fields its
    meaning reads that the input lacks, and tables it holds only in part."""
    ds = loaded.dataset
    missing = set(loaded.missing_tables)
    tables, fields = meaning(rule)
    lacking = reference_lacking(rule)
    if lacking:
        return lacking
    if getattr(ds, "lacks_some", False):
        if rule.subject in missing:
            if rule.subject in ds.format_tables:
                return [f"table `{rule.subject}`, which {ds.format_title} has a place for but this input does not "
                        f"hold (a sheet or file missing from it)"]
            return [f"table `{rule.subject}`, which {ds.format_title} has no place for"]
        if summary:
            return []
        return [f"all of table `{t}`, but {ds.format_title} holds only part of it ({loaded.accounts[t].partial})"
                for t in sorted(tables - missing) if t in loaded.accounts and loaded.accounts[t].partial]
    why = []
    for t in sorted(tables & missing):
        only = schema.tables[t].only_with if t in schema.tables else ""
        why.append(f"table `{t}`, which only {only} gives" if only else f"table `{t}`, which the data does not have")
    absent = sorted((t, f) for t, f in fields if t not in missing and f in loaded.absent_fields(t, schema))
    if absent:
        names = ", ".join(f"`{t}.{f}`" for t, f in absent)
        why.append(f"field{'s' if len(absent) > 1 else ''} {names}, which the data does not carry")
    for t in sorted(tables - missing):
        acc = loaded.accounts.get(t)
        if acc is not None and acc.partial:
            why.append(f"all of table `{t}`, but the data holds only part of it ({acc.partial})")
    return why


def lacks_only_the_optional(rule, loaded, schema) -> bool:
    """Whether all that keeps ``rule`` from running is tables the data holds
    only sometimes (a schema table's ``only_with``: the previous year's
    return), or reference data not installed (:func:`reference_lacking`): such a rule is listed as not run, saying what it needs, and is
    never an error to lack."""
    if reference_lacking(rule):
        return True  # reference data not installed: listed as not run, never an error
    missing = set(loaded.missing_tables)
    lacking = meaning(rule)[0] & missing
    if not lacking or not all(t in schema.tables and schema.tables[t].only_with for t in lacking):
        return False
    return len(unavailable(rule, loaded, schema)) == len(lacking)


def touches_not_carried(rule, dataset: Dataset) -> bool:
    """Whether judging ``rule`` can meet a value the input lacks (a SQL
    engine then compiles it with ``engine/compile_unknown``, which carries
    the reference evaluator's not-carried values into SQL)."""
    if not getattr(dataset, "lacks_some", False):
        return False
    if rule.tables & set(dataset.absent_tables):
        return True
    absent = _ABSENT.get(dataset)
    if absent is None:
        absent = {}
        for t, rows in dataset.tables.items():
            lacks: set[str] = set()
            for row in rows:
                if row.absent:
                    lacks |= row.absent
            absent[t] = lacks
        _ABSENT[dataset] = absent
    return any(f in absent.get(t, ()) for t, f in rule.fields)


def not_judged(outcomes) -> list[str]:
    """Why a rule judged on a return format is *not run* after all: no record
    passed or failed, and some turned on a value the format lacks. (A rule
    is never categorised from the few records that were blank while the
    rest could not be read from the format: 0 of 1 is not a finding.) Empty
    when any record was decided, or when nothing turned on the format."""
    outcomes = Outcomes.of_list(outcomes)
    c = outcomes.counts
    nc = outcomes.not_carried
    if not nc or c[PASS] or c[FAIL]:
        return []
    whys = outcomes.not_carried_whys()  # (counted where the engine holds the outcomes)
    return [f"what the input does not carry, on {n} record{'s' if n != 1 else ''}: {why}"
            for why, n in sorted(whys.items())]

