"""Hypothesis strategies for the engine agreement test (tests/test_engine_agreement.py).

Three things are generated, all against one small fixed data schema
(:data:`SCHEMA_YAML`, four tables with every scalar field kind, many-to-one,
one-to-many and one-to-one relations, integer and string keys):

* **case data** (:func:`datasets`): records with missing values, shared values
  (so equalities hold), dates on and around bank holidays, substitute days,
  one-off holidays, leap days and month ends, decimals of mixed scale,
  empty related sets, orphan and blank foreign keys, many children of one
  parent, keys out of order; with an ``as_at``, a calendar (default, with
  closures, or a narrow year range so calendar range errors happen) and
  pack parameters;
* **expressions** (:class:`ExprGen`), type-directed: a target type is chosen,
  then an expression of that type is built as *source text* from the
  productions that can give it, down to a depth bound. The text goes through
  the real parser and type checker (:func:`build_rule`), so every expression
  is one a user could write; a generated expression that does not check is a
  bug in this module and raises rather than being filtered;
* **rules** (:func:`cases`): a subject table, an optional ``when``, the
  ``expect``, reason templates with ``{expression}`` holes for some
  outcomes, and ``missing``.

:func:`node_kinds` counts what a sample of rules contains (AST node kinds,
functions, operators, units), to see the generators cover the language:
``python tests/strategies.py [N]`` prints it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from checker import typesys as T
from checker.data.load import load_records
from checker.errors import Diagnostics
from checker.language import nodes as ast
from checker.language.functions import FUNCTIONS, Form
from checker.language.parser import parse_expression
from checker.language.printer import literal_text, pretty
from checker.language.typecheck import Checker, fields_used, tables_used
from checker.model import Context, Dataset
from checker.packs.pack import Rule, Template
from checker.schema import DataSchema, build_schema
from checker.validate import validate_document
from checker.workdays import Calendar
from checker.yamlsource import load_yaml_text

# --------------------------------------------------------------------------------------
# the schema
# --------------------------------------------------------------------------------------

SCHEMA_YAML = """\
name: agreement
version: 1
code_sets:
  kind: {A: Alpha, B: Beta, C: Gamma}
  grade: {"1": One, "2": Two, SW: Social worker}
tables:
  cases:
    key: [case_id]
    fields:
      case_id: {type: string, required: true}
      worker_id: integer
      label: string
      score: integer
      amount: decimal
      open: boolean
      opened: date
      closed: date
      updated: datetime
      kind: {type: code, codes: kind}
      band: {type: code, codes: grade}
  events:
    key: [event_id]
    fields:
      event_id: {type: string, required: true}
      case_id: string
      worker_id: integer
      note: string
      n: integer
      cost: decimal
      seen: boolean
      date: date
      at: datetime
      type: {type: code, codes: kind}
      level: {type: code, codes: grade}
  workers:
    key: [worker_id]
    fields:
      worker_id: {type: integer, required: true}
      name: string
      caseload: integer
      rate: decimal
      active: boolean
      started: date
      login: datetime
      grade: {type: code, codes: grade}
      team: {type: code, codes: kind}
  profiles:
    key: [case_id]
    fields:
      case_id: {type: string, required: true}
      nickname: string
      rank: integer
      weight: decimal
      verified: boolean
      dob: date
      checked: datetime
      tier: {type: code, codes: kind}
      pgrade: {type: code, codes: grade}
relations:
  - cases.worker_id -> workers.worker_id      # cases.worker (one); workers.cases (many)
  - events.case_id -> cases.case_id           # events.case (one); cases.events (many)
  - events.worker_id -> workers.worker_id     # events.worker (one); workers.events (many)
  - profiles.case_id -> cases.case_id         # profiles.case (one); cases.profiles (one: the whole key)
"""


def _load_schema() -> DataSchema:
    doc = load_yaml_text(SCHEMA_YAML, "agreement-schema.yaml")
    diags = Diagnostics()
    diags.extend(validate_document(doc, "dataschema"))
    diags.raise_if_errors()
    schema = build_schema(doc, diags)
    diags.raise_if_errors()
    return schema


SCHEMA = _load_schema()
SUBJECTS = ("cases", "cases", "cases", "events", "workers", "profiles")

# --------------------------------------------------------------------------------------
# values
# --------------------------------------------------------------------------------------

D = dt.date.fromisoformat

#: Dates that catch working-day and calendar arithmetic out.
INTERESTING_DATES = [D(s) for s in (
    "2020-05-08",  # VE Day: the early May bank holiday moved to a Friday
    "2020-05-04",  # ... so the first Monday of May 2020 was a working day
    "2020-12-25", "2020-12-28",  # Boxing Day on a Saturday: substitute Monday
    "2021-12-27", "2021-12-28",  # Christmas and Boxing Day on a weekend
    "2022-06-02", "2022-06-03",  # Platinum Jubilee
    "2022-09-19",  # the state funeral
    "2023-01-02",  # New Year substitute day
    "2023-05-08",  # the coronation
    "2024-02-28", "2024-02-29", "2024-03-01",  # a leap day
    "2024-03-28", "2024-03-29", "2024-04-01", "2024-04-02",  # Easter 2024
    "2024-05-31", "2024-06-01", "2024-06-02", "2024-06-03",  # Fri, Sat, Sun, Mon
    "2024-12-24", "2024-12-25", "2024-12-26", "2024-12-27", "2024-12-31", "2025-01-01",
    "2024-01-31", "2024-11-30", "2023-02-28", "2025-02-28", "2025-03-31", "2023-03-31",
    "2025-08-25", "2025-04-18", "2025-04-21",
    "2020-02-29", "2028-02-29", "2019-01-02", "2026-12-31",
)]

AS_AT_DATES = [D(s) for s in ("2024-06-01", "2024-06-03", "2025-03-31", "2024-12-27", "2024-02-29", "2022-09-19", "2026-12-31")]

#: The calendars a run may use: the default one, with closure days, and a
#: narrow one whose edges the data reaches (calendar range errors).
CALENDARS = {
    "default": Calendar(),
    "closures": Calendar(closures=(D("2024-12-27"), D("2024-06-03"), D("2022-06-01"))),
    "narrow": Calendar(first_year=2019, last_year=2026),
}
try:  # the DfE CIN validator's counting: the start is working day 1
    CALENDARS["day1"] = Calendar(working_days="start-is-day-1")
except TypeError:  # a calendar without counting conventions
    pass

STRINGS = ["a", "b", "B", "ab", "a b", "Zoë", "é", 'say "hi"', "back\\slash", "z", "10", "9",
           "e\u0301",  # é as e + combining accent: two code points, one character on screen
           "A123456789012", "K12345678901Z", "\u0661\u0662"]  # UPN-shaped; Arabic-Indic digits
#: `matches` patterns (Python regular expressions, whole-string match)
PATTERNS = ["a", "[a-z]+", "a.*", "[A-Z][0-9]{12}", "", "(a|b)b?", "\\d+", "[0-9]+", ".", "..", "Z.*", "\\w+", "(?i)b", "a|ab"]
TIMES = [dt.time(0, 0), dt.time(9, 30), dt.time(23, 59), dt.time(12, 0, 45), dt.time(17, 5)]
DECIMALS = ["0", "0.0", "1.5", "1.50", "2", "-3.25", "0.125", "2.675", "10.005", "0.1", "7", "100.5"]
CODES = {"kind": ["A", "B", "C"], "grade": ["1", "2", "SW"]}


@functools.cache
def dates() -> st.SearchStrategy[dt.date]:
    return st.one_of(
        st.sampled_from(INTERESTING_DATES),
        st.dates(D("2019-06-01"), D("2026-06-30")),
    )


@functools.cache
def datetimes() -> st.SearchStrategy[dt.datetime]:
    return st.builds(dt.datetime.combine, dates(), st.sampled_from(TIMES))


@functools.cache
def integers() -> st.SearchStrategy[int]:
    return st.one_of(st.integers(-2, 12), st.sampled_from([0, 1, 45, 100, 365, -40]))


@functools.cache
def decimals() -> st.SearchStrategy[Decimal]:
    return st.one_of(
        st.sampled_from(DECIMALS).map(Decimal),
        st.decimals(min_value=-50, max_value=50, places=2, allow_nan=False, allow_infinity=False),
    )


@functools.cache
def value_strategy(t: T.Type) -> st.SearchStrategy:
    if t.kind == "string":
        return st.sampled_from(STRINGS)
    if t.kind == "integer":
        return integers()
    if t.kind == "decimal":
        return decimals()
    if t.kind == "boolean":
        return st.booleans()
    if t.kind == "date":
        return dates()
    if t.kind == "datetime":
        return datetimes()
    if t.kind == "code":
        return st.sampled_from(CODES[t.code_set])
    raise AssertionError(t)


def one(draw, seq):
    """An item of ``seq`` (shrinks towards the first). Cheaper than
    ``draw(st.sampled_from(seq))``, whose strategy is built anew for every list."""
    return seq[draw(st.integers(0, len(seq) - 1))]


@st.composite
def maybe(draw, strategy, missing_one_in: int = 5):
    """A value, or None (missing) about one time in ``missing_one_in``; shrinks to missing."""
    if draw(st.integers(0, missing_one_in - 1)) == 0:
        return None
    return draw(strategy)


# --------------------------------------------------------------------------------------
# case data
# --------------------------------------------------------------------------------------

#: Pack parameters every generated rule may use, with the values a run may give them.
PARAM_TYPES: dict[str, T.Type] = {
    "limit": T.INTEGER,
    "interval": T.DURATION,
    "cutoff": T.DATE,
    "strict": T.BOOLEAN,
    "ratio": T.DECIMAL,
    "allowed": T.list_of(T.STRING),
}
PARAM_VALUES: dict[str, list] = {
    "limit": [0, 3, 10],
    "interval": [(10, "working days"), (3, "months"), (2, "weeks"), (1, "years"), (5, "days"), (0, "working days")],
    "cutoff": [D("2024-03-29"), D("2022-09-19"), D("2025-01-01")],
    "strict": [True, False],
    "ratio": [Decimal("0.5"), Decimal("1.25"), Decimal(3)],
    "allowed": [["a", "B"], [], ["Zoë"]],
}


@dataclass
class Data:
    """One generated dataset: raw records per table (typed Python values,
    None for missing), the run's as_at, calendar name and parameter values."""

    records: dict[str, list[dict[str, Any]]]
    as_at: dt.date
    calendar: str
    params: dict[str, Any]
    #: (table, key) -> fields that record's format has no place for (*not carried*, as a
    #: return format leaves them: ``data/load.mark_not_carried``); empty for a native input
    lacks: dict[tuple[str, Any], frozenset[str]] = field(default_factory=dict)

    def context(self) -> Context:
        ds = load_dataset(self.records)
        if self.lacks:
            ds.lacks_some = True
            ds.format_title = "a generated return"
            for table, rows in ds.tables.items():
                for row in rows:
                    row.absent = self.lacks.get((table, row.key), frozenset())
        return Context(ds, CALENDARS[self.calendar], self.as_at, dict(self.params))


def load_dataset(records: dict[str, list[dict[str, Any]]]) -> Dataset:
    """Load records through the real loader (coercion, keys); no row may be rejected."""
    result = load_records(SCHEMA, records, "generated")
    assert result.rejections == [] and result.diagnostics.errors == [], (result.rejections, result.diagnostics.items)
    return result.dataset


def _row(draw, table: str, fixed: dict[str, Any]) -> dict[str, Any]:
    out = dict(fixed)
    for name, f in SCHEMA.tables[table].fields.items():
        if name in out:
            continue
        out[name] = draw(maybe(value_strategy(f.type)))
    return {k: v for k, v in out.items() if v is not None or draw(st.booleans())}


@st.composite
def datasets(draw) -> Data:
    worker_ids = draw(st.lists(st.integers(1, 6), max_size=4, unique=True))
    case_ids = draw(st.lists(st.sampled_from(["C1", "C2", "C3", "C4", "C5", "C6"]), max_size=5, unique=True))
    n_events = draw(st.integers(0, 8))
    # foreign keys: existing keys (often the same one: many children of one
    # parent), an orphan, or blank
    worker_ref = st.one_of(st.sampled_from(worker_ids), st.just(99)) if worker_ids else st.just(99)
    case_ref = st.one_of(st.sampled_from(case_ids), st.just("C9")) if case_ids else st.just("C9")
    records: dict[str, list[dict]] = {"workers": [], "cases": [], "events": [], "profiles": []}
    for w in worker_ids:
        records["workers"].append(_row(draw, "workers", {"worker_id": w}))
    for c in case_ids:
        records["cases"].append(_row(draw, "cases", {"case_id": c, "worker_id": draw(maybe(worker_ref, 4))}))
    for i in range(n_events):
        records["events"].append(
            _row(draw, "events", {"event_id": f"E{i + 1}", "case_id": draw(maybe(case_ref, 6)), "worker_id": draw(maybe(worker_ref, 4))})
        )
    profile_keys = draw(st.lists(st.sampled_from(case_ids + ["C8"]), max_size=3, unique=True))
    for c in profile_keys:
        records["profiles"].append(_row(draw, "profiles", {"case_id": c}))
    as_at = draw(st.one_of(st.sampled_from(AS_AT_DATES), dates()))
    calendar = one(draw, ["default", "default", "default", "closures", "narrow"] + (["day1"] if "day1" in CALENDARS else []))
    params = {name: one(draw, values) for name, values in PARAM_VALUES.items()}
    return Data(records, as_at, calendar, params, draw(not_carried(records)))


def not_carried(records: dict[str, list[dict[str, Any]]]) -> st.SearchStrategy:
    """Which values a return format would not carry: none (a native input) three times in four;
    else, per table, up to two non-key fields, lacking on every record or on some (as Annex A
    list 8 visits lack seen-alone where list 7's have it). A lacking field's value is dropped."""

    @st.composite
    def draw_lacks(draw) -> dict[tuple[str, Any], frozenset[str]]:
        if draw(st.integers(0, 3)) != 0:
            return {}
        lacks: dict[tuple[str, Any], frozenset[str]] = {}
        for table, rows in records.items():
            key = SCHEMA.tables[table].key[0]
            fields = sorted(n for n, f in SCHEMA.tables[table].fields.items() if n != key and not f.required)
            chosen = draw(st.lists(st.sampled_from(fields), max_size=2, unique=True)) if fields else []
            every = draw(st.booleans())
            for rec in rows:
                if chosen and (every or draw(st.booleans())):
                    lacks[(table, rec[key])] = frozenset(chosen)
                    for f in chosen:
                        rec.pop(f, None)
        return lacks

    return draw_lacks()


# --------------------------------------------------------------------------------------
# expressions
# --------------------------------------------------------------------------------------

CODE_KIND, CODE_GRADE = T.code("kind"), T.code("grade")
SCALARS = [T.BOOLEAN, T.INTEGER, T.DECIMAL, T.STRING, T.DATE, T.DATETIME, CODE_KIND, CODE_GRADE]
ORDERED = [T.INTEGER, T.DECIMAL, T.STRING, T.DATE, T.DATETIME]
#: The types each kind of a function's form (checker.language.functions.Form) stands for.
KIND_TYPES = {"boolean": [T.BOOLEAN], "integer": [T.INTEGER], "decimal": [T.DECIMAL], "string": [T.STRING],
              "date": [T.DATE], "datetime": [T.DATETIME], "code": [CODE_KIND, CODE_GRADE], "duration": [T.DURATION]}
#: How often ExprGen calls some functions, relative to 1 for the others.
CALL_WEIGHTS = {"working_days_between": 2, "days_between": 2, "count": 3}
UNIT_WORDS = {
    "days": ("day", "days"),
    "weeks": ("week", "weeks"),
    "months": ("month", "months"),
    "years": ("year", "years"),
    "working days": ("working day", "working days"),
}
DURATION_AMOUNTS = [0, 1, 1, 2, 3, 5, 10, 20, 45, 400]
HUGE_AMOUNTS = [3000000, 9000, 120000]

Env = tuple  # ((var, Type), ...) innermost last


def _single_chains(table: str, max_len: int = 2) -> list[tuple[tuple[str, ...], str]]:
    """Paths of to-one relations from ``table``: ((), table), (("worker",), "workers"), ..."""
    out = [((), table)]
    frontier = [((), table)]
    for _ in range(max_len):
        nxt = []
        for chain, t in frontier:
            for name, link in SCHEMA.tables[t].links.items():
                if not link.many:
                    nxt.append((chain + (name,), link.target))
        out += nxt
        frontier = nxt
    return out


CHAINS = {t: _single_chains(t) for t in SCHEMA.tables}


class ExprGen:
    """Type-directed generator of expression text over one subject table.

    ``gen(draw, t, env, depth)`` gives the text of an expression of type
    ``t`` in a scope whose variables are ``env``; at ``depth`` 0 only leaves
    (literals, names, paths) are used. Every compound is written in
    parentheses, so the text parses as built whatever the precedence."""

    def __init__(self, subject: str, params: dict[str, T.Type] | None = None):
        self.subject = subject
        self.params = PARAM_TYPES if params is None else params

    # --- choice -----------------------------------------------------------------
    @staticmethod
    def choose(draw, options: list[tuple[int, Callable[[], str]]]) -> str:
        """Call one of the weighted options; shrinks towards the first."""
        options = [(w, f) for w, f in options if w > 0]
        expanded = [f for w, f in options for _ in range(w)]
        return one(draw, expanded)()

    # --- paths ------------------------------------------------------------------
    def roots(self, env: Env) -> list[tuple[tuple[str, ...], str]]:
        out = [((), self.subject)]
        out += [((v,), t.table) for v, t in env if t.kind == "record"]
        return out

    def field_paths(self, env: Env, t: T.Type) -> list[str]:
        out = []
        for root, rt in self.roots(env):
            for chain, target in CHAINS[rt]:
                for name, f in SCHEMA.tables[target].fields.items():
                    if f.type == t:
                        out.append(".".join(root + chain + (name,)))
        return out

    def record_paths(self, env: Env, table: str) -> list[str]:
        out = []
        for root, rt in self.roots(env):
            for chain, target in CHAINS[rt]:
                if target == table and root + chain:
                    out.append(".".join(root + chain))
        return out

    def list_record_paths(self, env: Env, table: str | None = None) -> list[tuple[str, str]]:
        """(text, table) of lists of records: a one-to-many relation reached
        through to-one relations, or such a list projected through a to-one
        relation (``events.worker``: items may be missing)."""
        base = []
        for root, rt in self.roots(env):
            for chain, target in CHAINS[rt]:
                for name, link in SCHEMA.tables[target].links.items():
                    if link.many:
                        base.append((".".join(root + chain + (name,)), link.target))
        out = list(base)
        for text, tt in base:
            for name, link in SCHEMA.tables[tt].links.items():
                if not link.many:
                    out.append((f"{text}.{name}", link.target))
        return [(p, tt) for p, tt in out if table is None or tt == table]

    def projected(self, path: str, env: Env) -> bool:
        """Does a list path project through a to-one relation (`events.case`)?"""
        direct = self._direct_lists(env)
        return any(
            text not in direct and (path == text or path.startswith(text + "."))
            for text, _ in self.list_record_paths(env)
        )

    def _direct_lists(self, env: Env) -> set[str]:
        out = set()
        for root, rt in self.roots(env):
            for chain, target in CHAINS[rt]:
                for name, link in SCHEMA.tables[target].links.items():
                    if link.many:
                        out.add(".".join(root + chain + (name,)))
        return out

    def list_field_paths(self, env: Env, t: T.Type) -> list[str]:
        out = []
        for text, tt in self.list_record_paths(env):
            for name, f in SCHEMA.tables[tt].fields.items():
                if f.type == t:
                    out.append(f"{text}.{name}")
        return out

    def vars_of(self, env: Env, t: T.Type) -> list[str]:
        return [v for v, vt in env if vt == t]

    def params_of(self, t: T.Type) -> list[str]:
        return [p for p, pt in self.params.items() if pt == t]

    def record_tables(self, env: Env, depth: int) -> list[str]:
        tables = {tt for tt in SCHEMA.tables if self.record_paths(env, tt)}
        tables |= {vt.table for _, vt in env if vt.kind == "record"}
        if depth > 0:
            tables |= {tt for _, tt in self.list_record_paths(env)}
        return sorted(tables)

    def list_record_tables(self, env: Env) -> list[str]:
        return sorted({tt for _, tt in self.list_record_paths(env)})

    # --- any type -------------------------------------------------------------------
    def any_type(self, draw, env: Env, depth: int, records: bool = True, lists: bool = True) -> T.Type:
        options: list[T.Type] = list(SCALARS) * 2
        if records:
            options += [T.record(t) for t in self.record_tables(env, depth)]
        if lists:
            options += [T.list_of(s) for s in SCALARS if s.kind != "code"]
            options += [T.list_of(T.record(t)) for t in self.list_record_tables(env)]
        options.append(T.DURATION)
        return one(draw, options)

    def gen(self, draw, t: T.Type, env: Env = (), depth: int = 2) -> str:
        if t.kind == "list":
            return self.gen_list(draw, t.item, env, depth)
        if t.kind == "record":
            return self.gen_record(draw, t.table, env, depth)
        if t.kind == "duration":
            return self.gen_duration(draw, env, depth)
        return self.gen_scalar(draw, t, env, depth)

    # --- literals ---------------------------------------------------------------------
    def literal(self, draw, t: T.Type) -> str:
        k = t.kind
        if k == "boolean":
            return one(draw, ["true", "false"])
        if k == "integer":
            n = draw(st.integers(0, 10)) if draw(st.integers(0, 4)) else one(draw, [45, 100, 365, 1000])
            return str(n)
        if k == "decimal":
            return one(draw, ["0.0", "0.5", "1.5", "2.5", "1.25", "0.333", "10.05", "3.0", "0.125", "100.0"])
        if k == "string":
            s = one(draw, STRINGS + ["", "c"])
            text = literal_text(s)
            if draw(st.integers(0, 4)) == 0 and "'" not in s and '"' not in s and "\\" not in s:
                text = f"'{s}'"
            return text
        if k == "code":
            return literal_text(one(draw, CODES[t.code_set]))
        if k == "date":
            return draw(dates()).isoformat()
        if k == "datetime":
            v = draw(datetimes())
            return v.isoformat(timespec="minutes" if v.second == 0 else "seconds")
        raise AssertionError(t)

    def duration_literal(self, draw) -> str:
        # now and then far too long: a date past 9999-12-31 is an evaluation error
        amount = one(draw, DURATION_AMOUNTS) if draw(st.integers(0, 39)) else one(draw, HUGE_AMOUNTS)
        unit = one(draw, list(UNIT_WORDS))
        singular, plural = UNIT_WORDS[unit]
        word = plural
        if amount == 1 or draw(st.integers(0, 9)) == 0:
            word = one(draw, [singular, plural])
        return f"{amount} {word}"

    # --- scalars ------------------------------------------------------------------------
    def leaves(self, draw, t: T.Type, env: Env) -> list[tuple[int, Callable[[], str]]]:
        opts: list[tuple[int, Callable[[], str]]] = [(3, lambda: self.literal(draw, t))]
        paths = self.field_paths(env, t)
        if paths:
            opts.append((6, lambda: one(draw, paths)))
        vs = self.vars_of(env, t)
        if vs:
            opts.append((6, lambda: one(draw, vs)))
        ps = self.params_of(t)
        if ps:
            opts.append((1, lambda: one(draw, ps)))
        if t == T.DATE:
            opts.append((2, lambda: "as_at"))
        return opts

    def gen_scalar(self, draw, t: T.Type, env: Env, depth: int) -> str:
        opts = self.leaves(draw, t, env)
        if depth > 0:
            opts += self.compounds(draw, t, env, depth - 1)
        return self.choose(draw, opts)

    def compounds(self, draw, t: T.Type, env: Env, d: int) -> list[tuple[int, Callable[[], str]]]:
        g = lambda tt, e=env: self.gen(draw, tt, e, d)
        opts: list[tuple[int, Callable[[], str]]] = []
        k = t.kind
        # generic: ?? and coalesce, and picks from a list of t
        opts.append((1, lambda: f"({self.coalesce_side(draw, t, env, d)} ?? {self.coalesce_side(draw, t, env, d)})"))
        opts.append((1, lambda: self.pick(draw, t, env, d)))
        if k == "boolean":
            opts += [
                (2, lambda: f"(not {g(T.BOOLEAN)})"),
                (3, lambda: f"({g(T.BOOLEAN)} {one(draw, ['and', 'or'])} {g(T.BOOLEAN)})"),
                (6, lambda: self.compare(draw, env, d)),
                (2, lambda: self.membership(draw, env, d)),
                (2, lambda: f"({self.gen(draw, self.any_type(draw, env, d), env, d)} is {one(draw, ['missing', 'present'])})"),
                (2, lambda: self.between(draw, env, d)),
                (3, lambda: f"({g(T.DATE)} within {self.gen_duration(draw, env, d)} {one(draw, ['after', 'before'])} {g(T.DATE)})"),
                (4, lambda: self.quantifier(draw, env, d)),
            ]
        elif k == "integer":
            opts += [
                (1, lambda: f"(-{g(T.INTEGER)})"),
                (3, lambda: f"({g(T.INTEGER)} {one(draw, ['+', '-', '*'])} {g(T.INTEGER)})"),
            ]
        elif k == "decimal":
            opts += [
                (1, lambda: f"(-{g(T.DECIMAL)})"),
                (3, lambda: self.decimal_arith(draw, env, d)),
            ]
        elif k == "date":
            opts += [
                (4, lambda: self.shift(draw, T.DATE, env, d)),
            ]
        elif k == "datetime":
            opts += [
                (3, lambda: self.shift(draw, T.DATETIME, env, d)),
            ]
        # the built-in functions that give a t, from their records' forms
        opts += self.calls(draw, t, env, d)
        return opts

    # --- calls of the built-in functions, from the registry ------------------------------
    def kind_types(self, kinds, env: Env) -> list[T.Type]:
        """The types a form's kinds stand for (``code``: every code set; ``record``: every table with lists here)."""
        out: list[T.Type] = []
        for k in kinds:
            if k == "record":
                out += [T.record(tt) for tt in self.list_record_tables(env)]
            else:
                out += KIND_TYPES[k]
        return out

    def form_gives(self, form: Form, t: T.Type, env: Env):
        """Whether a call of this form can be of type t: None (no), or the type variable's binding (False: unbound)."""
        if form.result == "T":
            return t if t in self.kind_types(form.over, env) else None
        if form.result == "[T]":
            return t.item if t.is_list and t.item in self.kind_types(form.over, env) else None
        if form.result.startswith("["):
            return False if t.is_list and t.item in KIND_TYPES[form.result[1:-1]] else None
        return False if t in KIND_TYPES[form.result] else None

    def calls(self, draw, t: T.Type, env: Env, d: int) -> list[tuple[int, Callable[[], str]]]:
        opts: list[tuple[int, Callable[[], str]]] = []
        for f in FUNCTIONS.values():
            for form in f.forms:
                bound = self.form_gives(form, t, env)
                if bound is not None:
                    opts.append((CALL_WEIGHTS.get(f.name, 1), lambda f=f, form=form, bound=bound: self.call(draw, f.name, form, bound, env, d)))
        return opts

    def call(self, draw, name: str, form: Form, bound, env: Env, d: int) -> str:
        """A call of a function in one of its forms; ``bound``: the type variable's type, or False to choose one."""
        tv = bound
        if tv is False and any("T" in p for p in form.params):
            tv = self.list_item_type(draw, env) if "record" in form.over else one(draw, self.kind_types(form.over, env))
        params = list(form.params) + [form.params[-1]] * draw(st.integers(0, form.more))
        args, seen_t = [], False
        for p in params:
            if p == "T":
                args.append(self.coalesce_side(draw, tv, env, d) if seen_t else self.gen(draw, tv, env, d))
                seen_t = True
            elif p == "[T]":
                args.append(self.gen_list(draw, tv, env, d))
            elif p.startswith("["):
                args.append(self.gen_list(draw, KIND_TYPES[p[1:-1]][0], env, d))
            elif p == "text":
                args.append(self.text(draw, env, d))
            elif p == "pattern":
                args.append(literal_text(one(draw, PATTERNS)))
            else:
                args.append(self.gen(draw, one(draw, KIND_TYPES[p]), env, d))
        return f"{name}({', '.join(args)})"

    def text(self, draw, env: Env, d: int) -> str:
        """A string or a code (the text functions take either)."""
        return self.gen(draw, one(draw, [T.STRING, T.STRING, CODE_KIND, CODE_GRADE]), env, d)

    def coalesce_side(self, draw, t: T.Type, env: Env, d: int) -> str:
        """One side of ``??``/``coalesce``: t, or what unifies with it to t
        (an integer for a decimal, a code literal for a code)."""
        if t.kind == "decimal" and draw(st.integers(0, 2)) == 0:
            return self.gen(draw, T.INTEGER, env, d)
        if t.kind == "code" and draw(st.integers(0, 2)) == 0:
            return self.literal(draw, t)
        return self.gen(draw, t, env, d)

    def list_item_type(self, draw, env: Env) -> T.Type:
        """An item type for a list to count, range over or pick from."""
        tables = self.list_record_tables(env)
        options = [T.record(tt) for tt in tables] * 3 + list(SCALARS)
        return one(draw, options)

    def compare(self, draw, env: Env, d: int) -> str:
        g = lambda tt: self.gen(draw, tt, env, d)
        kind = one(draw, ["int", "dec", "mix", "string", "date", "datetime", "bool", "code", "code-str"])
        ordered_ops = ["==", "!=", "<", "<=", ">", ">="]
        if kind == "int":
            a, b, ops = g(T.INTEGER), g(T.INTEGER), ordered_ops
        elif kind == "dec":
            a, b, ops = g(T.DECIMAL), g(T.DECIMAL), ordered_ops
        elif kind == "mix":
            a, b, ops = g(T.INTEGER), g(T.DECIMAL), ordered_ops
            if draw(st.booleans()):
                a, b = b, a
        elif kind == "string":
            a, b, ops = g(T.STRING), g(T.STRING), ordered_ops
        elif kind == "date":
            a, b, ops = g(T.DATE), g(T.DATE), ordered_ops
        elif kind == "datetime":
            a, b, ops = g(T.DATETIME), g(T.DATETIME), ordered_ops
        elif kind == "bool":
            a, b, ops = g(T.BOOLEAN), g(T.BOOLEAN), ["==", "!="]
        elif kind == "code":
            ct = one(draw, [CODE_KIND, CODE_GRADE])
            a = g(ct)
            b = self.literal(draw, ct) if draw(st.integers(0, 2)) else g(ct)
            ops = ["==", "!="]
            if draw(st.booleans()):
                a, b = b, a
        else:  # a code compared with any string
            ct = one(draw, [CODE_KIND, CODE_GRADE])
            a, b, ops = g(ct), g(T.STRING), ["==", "!="]
            if b[0] in "\"'":  # a string literal against a code must be one of its codes
                b = one(draw, self.field_paths(env, T.STRING))
        return f"({a} {one(draw, ops)} {b})"

    def membership(self, draw, env: Env, d: int) -> str:
        t = one(draw, SCALARS + [T.DURATION])
        value = self.gen(draw, t, env, d)
        choice = draw(st.integers(0, 6))
        if choice == 0:
            coll = "[]"
        elif choice == 1 and t == T.STRING:
            coll = "allowed"
        else:
            coll = self.gen_list(draw, t, env, d)
        op = one(draw, ["in", "not in"])
        return f"({value} {op} {coll})"

    def between(self, draw, env: Env, d: int) -> str:
        t = one(draw, ORDERED + ["mix"])
        if t == "mix":
            ts = [one(draw, [T.INTEGER, T.DECIMAL]) for _ in range(3)]
        else:
            ts = [t, t, t]
        v, lo, hi = (self.gen(draw, tt, env, d) for tt in ts)
        return f"({v} between {lo} and {hi})"

    def decimal_arith(self, draw, env: Env, d: int) -> str:
        op = one(draw, ["+", "-", "*", "/", "/"])
        if op == "/":
            lt = one(draw, [T.INTEGER, T.DECIMAL])
            rt = one(draw, [T.INTEGER, T.DECIMAL])
        else:
            lt, rt = one(draw, [(T.DECIMAL, T.DECIMAL), (T.INTEGER, T.DECIMAL), (T.DECIMAL, T.INTEGER)])
        return f"({self.gen(draw, lt, env, d)} {op} {self.gen(draw, rt, env, d)})"

    def shift(self, draw, t: T.Type, env: Env, d: int) -> str:
        base = self.gen(draw, t, env, d)
        dur = self.gen_duration(draw, env, d)
        form = draw(st.integers(0, 3))
        if form == 0:
            return f"({dur} + {base})"
        return f"({base} {'+' if form < 3 else '-'} {dur})"

    def gen_duration(self, draw, env: Env, depth: int) -> str:
        opts: list[tuple[int, Callable[[], str]]] = [(6, lambda: self.duration_literal(draw))]
        ps = self.params_of(T.DURATION)
        if ps:
            opts.append((1, lambda: one(draw, ps)))
        if depth > 0:
            opts.append((1, lambda: f"({self.gen_duration(draw, env, depth - 1)} ?? {self.gen_duration(draw, env, depth - 1)})"))
        return self.choose(draw, opts)

    # --- records and lists ---------------------------------------------------------------
    def gen_record(self, draw, table: str, env: Env, depth: int) -> str:
        opts: list[tuple[int, Callable[[], str]]] = []
        paths = self.record_paths(env, table)
        if paths:
            opts.append((4, lambda: one(draw, paths)))
        vs = self.vars_of(env, T.record(table))
        if vs:
            opts.append((4, lambda: one(draw, vs)))
        if depth > 0 and table in self.list_record_tables(env):
            t = T.record(table)
            opts.append((3, lambda: self.pick(draw, t, env, depth - 1)))
        if depth > 0 and (paths or vs or depth > 1):
            sub = lambda: self.gen_record(draw, table, env, depth - 1)
            opts.append((1, lambda: f"({sub()} ?? {sub()})"))
            opts.append((1, lambda: f"coalesce({sub()}, {sub()})"))
        assert opts, f"no way to make a {table} record here"
        return self.choose(draw, opts)

    def gen_list(self, draw, item: T.Type, env: Env, depth: int) -> str:
        """A list of ``item`` (a scalar, duration or record type)."""
        opts: list[tuple[int, Callable[[], str]]] = []
        # a relation reached directly (`events`, `worker.cases`) more often than one projected
        # through a to-one relation (`events.case`, `events.worker.name`)
        if item.kind == "record":
            paths = [p for p, _ in self.list_record_paths(env, item.table)]
        else:
            opts.append((3, lambda: self.list_literal(draw, item, env, depth)))
            paths = self.list_field_paths(env, item) if item.kind != "duration" else []
        direct = [p for p in paths if not self.projected(p, env)]
        projected = [p for p in paths if self.projected(p, env)]
        if direct:
            opts.append((6, lambda: one(draw, direct)))
        if projected:
            opts.append((1, lambda: one(draw, projected)))
            if item == T.STRING:
                opts.append((1, lambda: "allowed"))
        if depth > 0 and item.kind != "duration":
            opts.append((4, lambda: self.comprehension(draw, item, env, depth - 1)))
            opts.append((1, lambda: f"({self.gen_list(draw, item, env, depth - 1)} ?? {self.gen_list(draw, item, env, depth - 1)})"))
            if item.kind != "record":
                # the functions that give a list of item (distinct)
                opts += self.calls(draw, T.list_of(item), env, depth - 1)
        assert opts, f"no way to make a list of {item} here"
        return self.choose(draw, opts)

    def list_literal(self, draw, item: T.Type, env: Env, depth: int) -> str:
        n = draw(st.integers(1, 4))
        if item.kind == "duration":
            return "[" + ", ".join(self.gen_duration(draw, env, 0) for _ in range(n)) + "]"
        items = []
        for _ in range(n):
            if depth > 0 and draw(st.integers(0, 2)) == 0:
                items.append(self.coalesce_side(draw, item, env, depth - 1))
            elif item.kind == "decimal" and draw(st.integers(0, 3)) == 0:
                items.append(self.literal(draw, T.INTEGER))
            else:
                items.append(self.literal(draw, item))
        return "[" + ", ".join(items) + "]"

    def fresh(self, env: Env) -> str:
        return f"x{len(env)}"

    def source(self, draw, env: Env, d: int, item: T.Type | None = None) -> tuple[str, T.Type]:
        """A list to range over, and its item type."""
        if item is None:
            item = self.list_item_type(draw, env)
        return self.gen_list(draw, item, env, d), item

    def comprehension(self, draw, item: T.Type, env: Env, d: int) -> str:
        var = self.fresh(env)
        if item.kind == "record":
            # records come from a list of records: the item itself, or a
            # record it leads to (`[e.case for e in events]`)
            choices = [
                (tt, ".".join((var,) + chain))
                for tt in self.list_record_tables(env)
                for chain, target in CHAINS[tt]
                if target == item.table
            ]
            tt, element = one(draw, choices)
            src, src_item = self.gen_list(draw, T.record(tt), env, d), T.record(tt)
        else:
            src, src_item = self.source(draw, env, d)
            element = None
        inner = env + ((var, src_item),)
        if element is not None:
            pass
        elif src_item == item and draw(st.booleans()):
            element = var
        else:
            element = self.gen(draw, item, inner, d)
        text = f"[{element} for {var} in {src}"
        if draw(st.integers(0, 2)):
            text += f" where {self.gen(draw, T.BOOLEAN, inner, d)}"
        return text + "]"

    def quantifier(self, draw, env: Env, d: int) -> str:
        kind = one(draw, ["some", "no", "every"])
        src, item = self.source(draw, env, d)
        var = self.fresh(env)
        inner = env + ((var, item),)
        text = f"{kind} {var} in {src}"
        if kind == "every":
            if draw(st.booleans()):
                text += f" where {self.gen(draw, T.BOOLEAN, inner, d)}"
            text += f" satisfies {self.gen(draw, T.BOOLEAN, inner, d)}"
        elif draw(st.integers(0, 4)):
            text += f" where {self.gen(draw, T.BOOLEAN, inner, d)}"
        return f"({text})"

    def pick(self, draw, item: T.Type, env: Env, d: int) -> str:
        """first/last(x in <list of item> by key [where cond]): an ``item``."""
        if item.kind == "record" and item.table not in self.list_record_tables(env):
            return self.gen(draw, item, env, 0)
        src = self.gen_list(draw, item, env, d)
        var = self.fresh(env)
        inner = env + ((var, item),)
        key_t = one(draw, ORDERED)
        if item in ORDERED and draw(st.booleans()):
            key = var
        else:
            key = self.gen(draw, key_t, inner, d)
        text = f"{one(draw, ['first', 'last'])}({var} in {src} by {key}"
        if draw(st.booleans()):
            text += f" where {self.gen(draw, T.BOOLEAN, inner, d)}"
        return text + ")"


# --------------------------------------------------------------------------------------
# rules
# --------------------------------------------------------------------------------------


class GeneratedTypeError(AssertionError):
    """The generator made an expression that does not check: a bug here."""


def check_expression(text: str, subject: str, expected: T.Type | None = None) -> ast.Node:
    node = parse_expression(text)
    checker = Checker(SCHEMA, subject, PARAM_TYPES)
    checker.check(node, expected)
    if checker.diagnostics:
        raise GeneratedTypeError(f"{text!r} on {subject}: " + "; ".join(d.message for d in checker.diagnostics))
    return node


_HOLE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def build_template(text: str, subject: str) -> Template:
    """A reason template, as checker.packs.pack builds one (holes parsed and checked)."""
    parts: list[str | ast.Node] = []
    pos = 0
    for m in _HOLE.finditer(text):
        parts.append(text[pos : m.start()])
        pos = m.end()
        if m.group(0) in ("{{", "}}"):
            parts.append(m.group(0)[0])
            continue
        parts.append(check_expression(m.group(1), subject))
    parts.append(text[pos:])
    return Template(text, [p for p in parts if p != ""])


@dataclass
class RuleSpec:
    """A rule as its author writes it."""

    subject: str
    expect: str
    when: str | None = None
    reasons: dict[str, str] = field(default_factory=dict)
    missing: str = "fail"
    id: str = "GEN-1"

    def build(self) -> Rule:
        return build_rule(self)


def build_rule(spec: RuleSpec) -> Rule:
    expect = check_expression(spec.expect, spec.subject, T.BOOLEAN)
    when = check_expression(spec.when, spec.subject, T.BOOLEAN) if spec.when is not None else None
    reasons = {k: build_template(v, spec.subject) for k, v in spec.reasons.items()}
    exprs = [expect] + ([when] if when is not None else [])
    exprs += [p for tpl in reasons.values() for p in tpl.parts if isinstance(p, ast.Node)]
    tables: set[str] = set()
    fields_: set[tuple[str, str]] = set()
    for e in exprs:
        tables |= tables_used(e, spec.subject)
        fields_ |= fields_used(e, spec.subject)
    return Rule(
        id=spec.id,
        title="generated",
        area="generated",
        subject=spec.subject,
        expect=expect,
        expect_text=spec.expect,
        when=when,
        when_text=spec.when,
        missing=spec.missing,
        reasons=reasons,
        tables=tables,
        fields=fields_,
    )


OUTCOME_NAMES = ("pass", "fail", "not_evidenced", "not_applicable")
TEMPLATE_WORDS = ["", "got ", " vs ", "; ", " {{braces}} ", "score: ", "missing? "]


@st.composite
def templates(draw, gen: ExprGen, depth: int) -> str:
    n = draw(st.integers(0, 2))
    text = one(draw, TEMPLATE_WORDS)
    for _ in range(n):
        t = gen.any_type(draw, (), depth)
        text += "{" + gen.gen(draw, t, (), depth) + "}" + one(draw, TEMPLATE_WORDS)
    return text or "no detail"


@st.composite
def rule_specs(draw, max_depth: int = 3, subject: str | None = None) -> RuleSpec:
    subject = subject or one(draw, SUBJECTS)
    gen = ExprGen(subject)
    depth = draw(st.integers(1, max_depth))
    expect = gen.gen(draw, T.BOOLEAN, (), depth)
    when = None
    if draw(st.integers(0, 2)) == 0:
        when = gen.gen(draw, T.BOOLEAN, (), max(1, depth - 1))
    reasons = {}
    for outcome in OUTCOME_NAMES:
        if draw(st.integers(0, 4)) == 0:
            reasons[outcome] = draw(templates(gen, max(0, depth - 1)))
    missing = one(draw, ["fail", "exclude"])
    # the text as written (every compound in parentheses) or as a person would
    # write it (the printer's minimal parentheses)
    if draw(st.booleans()):
        expect = pretty(parse_expression(expect))
        if when is not None:
            when = pretty(parse_expression(when))
    return RuleSpec(subject, expect, when, reasons, missing)


@dataclass
class Case:
    data: Data
    rules: list[RuleSpec]


@st.composite
def cases(draw, max_depth: int = 3, max_rules: int = 3) -> Case:
    data = draw(datasets())
    n = draw(st.integers(1, max_rules))
    specs = [draw(rule_specs(max_depth)) for _ in range(n)]
    for i, s in enumerate(specs):
        s.id = f"GEN-{i + 1}"
    return Case(data, specs)


# --------------------------------------------------------------------------------------
# coverage
# --------------------------------------------------------------------------------------


def node_kinds(rules: list[Rule]) -> Counter:
    """What a set of rules contains: node kinds, functions, operators, units."""
    c: Counter = Counter()
    for rule in rules:
        exprs = [rule.expect] + ([rule.when] if rule.when is not None else [])
        exprs += [p for tpl in rule.reasons.values() for p in tpl.parts if isinstance(p, ast.Node)]
        if rule.reasons:
            c["(rule with reason templates)"] += 1
        if rule.when is not None:
            c["(rule with when)"] += 1
        for e in exprs:
            for n in e.walk():
                name = type(n).__name__
                c[name] += 1
                if isinstance(n, ast.Call):
                    c[f"call {n.name}"] += 1
                elif isinstance(n, (ast.Arith, ast.Compare, ast.BoolOp)):
                    c[f"{name} {n.op}"] += 1
                    if isinstance(n, ast.Arith) and n.left.type is not None and n.right.type is not None:
                        c[f"Arith {n.left.type.kind} {n.op} {n.right.type.kind}"] += 1
                elif isinstance(n, ast.Duration):
                    c[f"unit {n.unit}"] += 1
                elif isinstance(n, (ast.Quantifier, ast.Pick)):
                    c[f"{name} {n.kind}"] += 1
                elif isinstance(n, ast.Within):
                    c[f"Within {n.direction} {n.duration.unit if isinstance(n.duration, ast.Duration) else 'param'}"] += 1
                elif isinstance(n, ast.In):
                    c["In not" if n.negated else "In"] += 1
                elif isinstance(n, ast.IsMissing):
                    c["IsMissing present" if n.negated else "IsMissing missing"] += 1
                elif isinstance(n, (ast.Name, ast.Attribute)) and n.resolved is not None:
                    c[f"{name} {n.resolved.kind}"] += 1
    return c


#: The built-in functions ExprGen calls: every one in the registry, through its forms.
GENERATED_FUNCTIONS = frozenset(FUNCTIONS)

if __name__ == "__main__":  # pragma: no cover - a look at what the generators make
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rules = [s.build() for s in (rule_specs().example() for _ in range(n))]
    for k, v in sorted(node_kinds(rules).items()):
        print(f"{v:7d}  {k}")
