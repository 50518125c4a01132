"""The SQL engine: compiled rules, run set-at-a-time in a database.

The case data is loaded into the backend once (one table per schema table,
plus ``_row``, and the calendar table); each rule is one query
(``compile.py``) returning every subject record's outcome and its
reason-template values. Reasons are then put into words exactly as the
reference engine words them: templates are filled from the query's columns,
and a reason from the evaluation trace (for rules without a template for
that outcome) comes from the reference explainer on that record.

Agreement with the reference evaluator is the contract. Where the compiler
has no SQL for a construct, or the database stops with an evaluation error
(a date outside the calendar, division by zero), the rule is judged by the
reference engine instead: the results are the same by construction, the
error names the record, and :attr:`SqlEngine.fallbacks` says which rules
ran that way and why.
"""

from __future__ import annotations

import datetime as _dt
import heapq
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from sqlglot import exp

from checker import postcodes
from checker.backends import Backend, BackendError
from checker.data.coerce import KEY_SEPARATOR
from checker.engine import outcomes as ref
from checker.engine.availability import touches_not_carried
from checker.engine.compile import (
    CALENDAR_TABLE,
    ROW,
    CompiledRule,
    Compiler,
    Unsupported,
    calendar_rows,
)
from checker.engine.compile_unknown import NC_COLUMN, UnknownCompiler, load_flags
from checker.engine.compile_values import MADE_OK
from checker.engine.outcomes import Outcome, Outcomes, one_unit
from checker.engine.sql_ahead import Ahead, kept_columns, kept_name, kept_statement, outcome_counts
from checker.engine.sql_cases import CaseTexts
from checker.engine.sql_edges import CalendarEdges
from checker.engine.sql_outcomes import RowWording, normalise
from checker.engine.sql_prefetch import CasePrefetch, CaseSpec
from checker.engine.sql_tally import Tallies
from checker.engine.sqlscript import setup_script, sql_for_pack
from checker.model import (
    NOT_EVIDENCED,
    OUTCOMES,
    PASS,
    Context,
)
from checker.packs.pack import Rule
from checker.schema import DataSchema

if TYPE_CHECKING:
    import duckdb

#: Kinds whose text in the database is Python's ``str`` of the value.
_KEY_KINDS = ("string", "code", "integer", "date")


#: the dialects that judge values a return format lacks in SQL (compile_unknown);
#: elsewhere such a rule is judged by the reference engine
_UNKNOWN_DIALECTS = ("duckdb", "postgres")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(rows, fields: list[str]) -> dict[str, list]:
    """The records' positions (``_row``) and each field's values, as columns."""
    from operator import itemgetter

    values = [r.values for r in rows]
    out: dict[str, list] = {ROW: list(range(1, len(values) + 1))}
    for f in fields:
        try:
            out[f] = list(map(itemgetter(f), values))
        except KeyError:
            out[f] = [v.get(f) for v in values]
    return out


def _tuples(rows, fields: list[str]):
    """(position, value of each field) per record; itemgetter does it in C
    when a record has every field (as loaded records do)."""
    from operator import itemgetter

    pick = itemgetter(*fields) if len(fields) > 1 else (lambda v, f=fields[0]: (v[f],))
    for i, r in enumerate(rows, start=1):
        try:
            yield (i, *pick(r.values))
        except KeyError:
            yield (i, *[r.values.get(f) for f in fields])


@runtime_checkable
class _DuckDBConnected(Protocol):
    """The duckdb dialect's backend, which hands out its connection
    (:class:`checker.backends.duckdb.DuckDBBackend`)."""

    con: duckdb.DuckDBPyConnection


class SqlEngine(RowWording, Tallies, CaseTexts, Ahead, CalendarEdges, CasePrefetch):
    """Judges rules in a database. ``backend`` defaults to in-memory DuckDB."""

    #: the ``--engine`` name it was made for (set by :func:`make_engine`)
    name: str

    def __init__(self, schema: DataSchema, ctx: Context, backend: Backend | None = None, preloaded: bool = False):
        """``preloaded``: the backend holds the data's tables already (a CSV
        folder DuckDB read itself); only the calendar is loaded."""
        self.schema = schema
        self.ctx = ctx
        if backend is None:
            from checker.backends.duckdb import DuckDBBackend

            backend = DuckDBBackend()
        self.backend = backend
        self.compiler = Compiler(schema, ctx.calendar, ctx.as_at, ctx.params, dialect=backend.dialect)
        #: the compiler for rules that read what the input's format lacks (compile_unknown), made when needed
        self._unknown: UnknownCompiler | None = None
        self.fallbacks: dict[str, str] = {}
        #: whether cases will be listed (else each rule keeps its outcomes
        #: only, and its rows whole only when some are read)
        self.listing = True
        #: the one rule's rows made whole when first read, where the run
        #: does not list (a streamed output reads the rules one after
        #: another): (its name, the holder its reader looks it up in).
        #: Dropped when the next rule's are made, so at most one rule's
        #: rows are ever whole in the database (re-made if read again).
        self._whole_made: tuple[str, list] | None = None
        self._compiled: dict[str, CompiledRule] = {}
        self._ranges: dict[tuple[str, str], tuple] = {}
        self._kept_tables: list[str] = []
        self._load(preloaded)

    # --- data -----------------------------------------------------------------
    def _load(self, preloaded: bool = False) -> None:
        # (prelude(): no compiled query calls casecheck_error, so no function
        # is created: a reporting analyst's rights are enough)
        # A backend that already holds this calendar's table (one kept open
        # for many small runs: a pack's rule tests) keeps it: it is the
        # biggest table a small run loads.
        fingerprint = self.ctx.calendar.fingerprint()
        if getattr(self.backend, "calendar_loaded", None) != fingerprint:
            self.backend.create_table(CALENDAR_TABLE, [("d", "date"), ("wd", "integer"), ("is_wd", "boolean")])
            self.backend.insert_rows(CALENDAR_TABLE, ["d", "wd", "is_wd"], calendar_rows(self.ctx.calendar))
            # a tag on whatever backend this is (read back with getattr above)
            setattr(self.backend, "calendar_loaded", fingerprint)  # noqa: B010 - the Backend protocol has no such attribute
        for name, table in self.schema.tables.items():
            if preloaded:
                break
            fields = list(table.fields)
            self.backend.create_table(name, [(ROW, "integer")] + [(f, table.fields[f].type.kind) for f in fields])
            rows = self.ctx.dataset.tables.get(name, [])
            if rows:
                columns = getattr(self.backend, "insert_columns", None)
                if columns is not None:
                    columns(name, _columns(rows, fields))
                else:
                    self.backend.insert_rows(name, [ROW] + fields, _tuples(rows, fields))
        if getattr(self.ctx.dataset, "lacks_some", False) and not preloaded and self.backend.dialect in _UNKNOWN_DIALECTS:
            load_flags(self.backend, self.ctx.dataset, self.schema)
        index = getattr(self.backend, "create_index", None)
        if index is not None:
            # A server that runs correlated lookups row by row (PostgreSQL)
            # needs what the compiled SQL looks up indexed: record identity and
            # both ends of every relation.
            wanted = {(name, (ROW,)) for name in self.schema.tables}
            for table in self.schema.tables.values():
                for link in table.links.values():
                    wanted.add((link.source, (link.local_field,)))
                    wanted.add((link.target, (link.remote_field,)))
            for name, columns in sorted(wanted):
                index(name, list(columns))

    def _load_postcodes(self) -> None:
        """The postcode directory's reference table (``cc_postcodes``), once,
        with the entries for the postcodes the data holds: every value of a
        text field shaped like a postcode (the directory holds no other)."""
        if getattr(self, "_postcodes_loaded", False):
            return
        candidates: set[str] = set()  # each distinct text once (a return's 6 million cells hold far fewer)
        for name, table in self.schema.tables.items():
            text = [f for f, spec in table.fields.items() if spec.type.kind in ("string", "code")]
            if not text:
                continue
            if self.backend.dialect == "duckdb":
                # the distinct texts shaped like a postcode (checked again below)
                cells = " UNION ".join(
                    f"SELECT {_quote(f)} AS v FROM {_quote(name)} WHERE {postcodes.shaped_sql(_quote(f))}" for f in text)
                candidates.update(v for (v,) in self.backend.query(cells))
                continue
            rows = self.ctx.dataset.tables.get(name)
            if rows:
                candidates.update(v for row in rows for f in text if isinstance(v := row.values.get(f), str))
            else:  # the data is in the database only (a CSV folder DuckDB read itself)
                candidates.update(v for f in text for (v,) in self.backend.query(
                    exp.select(exp.column(f, quoted=True)).distinct().from_(exp.to_identifier(name, quoted=True))
                    .sql(dialect=self.backend.dialect)))
        wanted = {v for v in candidates if isinstance(v, str) and postcodes.SHAPE.fullmatch(postcodes.normalise(v))}
        self.backend.create_table(postcodes.SQL_TABLE, [("pcd", "string"), ("east", "decimal"), ("north", "decimal"),
                                                        ("district", "string"), ("la", "string")])
        found = postcodes.directory().rows(sorted(wanted))
        if found:
            self.backend.insert_rows(postcodes.SQL_TABLE, ["pcd", "east", "north", "district", "la"],
                                     [(p, None if e is None else Decimal(repr(e)), None if n is None else Decimal(repr(n)), d, la)
                                      for p, e, n, d, la in found])
        self._postcodes_loaded = True

    def _drop_whole(self) -> None:
        """Drop the rows a rule made whole when first read (``_kept``), if any:
        its reader makes them again should it read them again."""
        if self._whole_made is None:
            return
        made, holder = self._whole_made
        self._whole_made = None
        holder[0] = None
        if made in self._kept_tables:
            self._kept_tables.remove(made)
        self.backend.execute(f"DROP TABLE IF EXISTS {made}")

    def release(self) -> None:
        """Drop what this engine kept (its outcome tables); the backend stays open."""
        self._stop_ahead()
        self._stop_cases()
        self.remove_cases_folder()
        for name in self._kept_tables:
            try:
                self.backend.execute(f"DROP TABLE IF EXISTS {name}")
            except Exception:  # noqa: BLE001 - a connection closed already keeps nothing
                break
        self._kept_tables.clear()
        self._whole_made = None

    def close(self) -> None:
        # the backend's session ends here, and its temporary tables with it:
        # no DROP for each (a statement costs DuckDB milliseconds to plan)
        self._stop_ahead()
        self._stop_cases()
        self.remove_cases_folder()
        self._kept_tables.clear()
        self.backend.close()

    # --- rules ------------------------------------------------------------------
    def compile(self, rule: Rule) -> CompiledRule:
        c = self._compiled.get(rule.id)
        if c is None:
            compiler = self.compiler
            if touches_not_carried(rule, self.ctx.dataset):
                if self._unknown is None:
                    self._unknown = UnknownCompiler(self.schema, self.ctx.calendar, self.ctx.as_at, self.ctx.params,
                                                    self.ctx.dataset, dialect=self.backend.dialect)
                compiler = self._unknown
            c = self._compiled[rule.id] = compiler.compile_rule(rule)
        return c

    def judge_all(self, rule: Rule) -> Outcomes:
        """Every subject record's outcome. In DuckDB the query's rows stay in
        the database (a table per rule) and only the counts come out at once:
        outcomes, keys and reasons are made when a report reads them, and
        then only those it reads (:class:`engine.Outcomes`)."""
        planned = self._planned(rule)
        if isinstance(planned, str):  # why the reference engine judges it
            self.fallbacks[rule.id] = planned
            return Outcomes.of_list(ref.judge_all(rule, self.ctx))
        compiled, sql, outside = planned
        if self.backend.dialect == "duckdb":
            # the compiler's own target: a failure here is a bug to report
            return self._kept(rule, compiled, sql, outside)
        if getattr(self.backend, "keeps_rows", False):
            # a cluster (Spark): the rows stay there, counted there; a rule
            # its SQL cannot run is judged by the reference engine (below)
            # (its rows are read back in order, ORDER BY _row, when read: a
            # global sort when kept is a sampling job and a shuffle more per rule)
            unordered = compiled.query.copy()
            unordered.set("order", None)
            try:
                return self._kept(rule, compiled, unordered.sql(dialect=self.backend.dialect), outside)
            except BackendError as exc:
                first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
                self.fallbacks[rule.id] = f"judged by the reference engine: the {self.backend.dialect} SQL failed ({first})"
                return Outcomes.of_list(ref.judge_all(rule, self.ctx))
        assert sql is not None  # made above for a backend that keeps no rows
        try:
            rows = self.backend.query(sql)
        except BackendError as exc:
            # A warehouse whose SQL cannot run this rule (Spark cannot resolve
            # a column of a query two subqueries out): judged by the reference
            # engine, and said so.
            first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
            self.fallbacks[rule.id] = f"judged by the reference engine: the {self.backend.dialect} SQL failed ({first})"
            return Outcomes.of_list(ref.judge_all(rule, self.ctx))
        counts: dict[str, int] = {}
        for r in rows:
            counts[r[1]] = counts.get(r[1], 0) + 1
        whys = None
        if NC_COLUMN in compiled.columns:
            at = compiled.columns.index(NC_COLUMN)
            codes = Counter(r[at] for r in rows if r[at] is not None)
            counts[ref.NOT_CARRIED] = sum(codes.values())
            whys = lambda: self._not_carried_whys(codes.items())  # noqa: E731
        return Outcomes(counts, make=lambda: self._outcomes(rule, compiled, rows),
                        some=lambda statuses: self._outcomes(rule, compiled, [r for r in rows if r[1] in statuses]),
                        not_carried_whys=whys)

    def _plan(self, rule: Rule) -> str | tuple[CompiledRule, str | None, tuple[str, str] | None]:
        """How the rule is judged here: why the reference engine judges it
        (a str), or its compiled query, the query's text where cases are
        listed (None: made when read) and the records the reference engine
        judges instead (``_kept``'s ``outside``). The same answer each time
        it is asked (``judge_all`` and ``prepare`` both ask)."""
        if self.backend.dialect not in _UNKNOWN_DIALECTS and touches_not_carried(rule, self.ctx.dataset):
            return "judged by the reference engine: it reads what the input's format has no place for"
        try:
            compiled = self.compile(rule)
        except Unsupported as exc:
            return f"not compiled to SQL: {exc}"
        made: str | None = None  # the records whose dates made from numbers come too near an edge
        if compiled.makes_dates and (compiled.uses_calendar or compiled.shifts_dates):
            # dates made from numbers (date(y, m, d)) are not among those
            # checked below: where they meet the calendar or a shift, the
            # reference judges the records whose made dates are too near the
            # edge (and stops with an error where one leaves it); all of them
            # where the query does not say which
            if MADE_OK not in compiled.columns or self.backend.dialect != "duckdb":
                return "judged by the reference engine: it makes dates from numbers and counts working days or shifts dates"
            made = f"SELECT m.{_quote(ROW)} FROM ({compiled.lean_sql((ROW, MADE_OK))}) AS m WHERE NOT m.{_quote(MADE_OK)}"
        outside: tuple[str, str] | None = None  # (records outside, why) when some are
        for needed, first_last, why in (
                (compiled.uses_calendar, self._calendar_range(), "the data has dates near or outside the calendar's range"),
                (compiled.shifts_dates, (_dt.date.min, _dt.date.max), "date arithmetic could leave years 1-9999")):
            if needed and outside is None and not self._inside(rule, compiled, *first_last):
                where = self._outside(rule, compiled)
                if where is None:
                    return f"judged by the reference engine: {why}"
                outside = (where, why)
        if made is not None:
            outside = ((made, "dates it made from numbers are near or outside the calendar's range or years 1-9999")
                       if outside is None else (f"{outside[0]} UNION {made}", outside[1]))
        # (where the rows are kept and no case is listed, the query whole is
        # made only if its cases are read: _kept)
        kept_here = self.backend.dialect == "duckdb" or getattr(self.backend, "keeps_rows", False)
        sql = None if kept_here and not self.listing else compiled.sql(self.backend.dialect)
        if sql is not None and postcodes.SQL_TABLE in sql:
            self._load_postcodes()
        return compiled, sql, outside

    def _kept(self, rule: Rule, compiled: CompiledRule, sql: str | None, outside: tuple[str, str] | None = None) -> Outcomes:
        """The rule's rows kept in a table of their own; counted there.
        ``sql``: the whole query (None: no case is listed, made when read).
        ``outside``: SQL for the positions of the records the reference
        engine judges instead (their dates near an edge), and why."""
        ahead = self._taken(rule) if outside is None else None  # made by a worker (prepare): (table, counts)
        name = ahead[0] if ahead is not None else kept_name()
        if ahead is None:
            self._kept_tables.append(name)
        extra: list[tuple[int, Outcome]] = []
        nc = NC_COLUMN in compiled.columns  # some records' outcomes turn on what the format lacks
        lean = None if sql is not None or ahead is not None else compiled.lean_sql(kept_columns(compiled), self.backend.dialect)
        if lean is not None and postcodes.SQL_TABLE in lean:
            self._load_postcodes()

        def leaving_out(q: str) -> str:
            return q if outside is None else f"SELECT * FROM ({q}) AS q WHERE q.{_quote(ROW)} NOT IN ({outside[0]})"

        def whole_sql(ordered: bool = True) -> str:
            # (made when read, every reader orders the rows it reads itself:
            # the query's own ORDER BY would be a sort of every record for nothing)
            made = sql if sql is not None else compiled.sql(self.backend.dialect) if ordered else \
                compiled.unordered_sql(self.backend.dialect)
            if postcodes.SQL_TABLE in made:
                self._load_postcodes()
            return leaving_out(made)

        if outside is not None:
            positions = [r[0] for r in self.backend.query(outside[0] + f" ORDER BY {_quote(ROW)}")]
            extra = self._judged_outside(rule, positions)
            if extra:
                self.fallbacks[rule.id] = (f"judged by the reference engine for {len(extra)} record(s) "
                                           f"({outside[1]}); the others in SQL")
        # A run that lists no case (the table report) keeps each record's
        # outcome only: the database leaves out the reasons' columns. The
        # rows whole are kept when first read (a letter's failing cases).
        whole: list[str | None] = [name if sql is not None else None]
        if ahead is not None:
            counts = ahead[1]
        else:
            made = leaving_out(lean) if lean is not None else whole_sql()
            self.backend.execute(f"CREATE TEMP TABLE {name} AS {kept_statement(made, self.backend.dialect)}")
            counts = outcome_counts(self.backend.query, name, nc)
        if extra:
            for _, o in extra:
                counts[o.outcome] = counts.get(o.outcome, 0) + 1
                if not o.carried:
                    counts[ref.NOT_CARRIED] = counts.get(ref.NOT_CARRIED, 0) + 1
        key = self._key_sql(rule.subject)
        compiled_key = "" if key is None else ", " + key

        def source() -> str:
            if whole[0] is None:
                self._drop_whole()
                made = f"{name}_all"
                self._kept_tables.append(made)
                self.backend.execute(f"CREATE TEMP TABLE {made} AS {whole_sql(ordered=False)}")
                whole[0] = made
                self._whole_made = (made, whole)
            if key is None:
                return f"{whole[0]} AS o"
            return f"{whole[0]} AS o JOIN {_quote(rule.subject)} AS s ON s.{_quote(ROW)} = o.{_quote(ROW)}"

        def some(statuses: tuple[str, ...]) -> list[Outcome]:
            where = "" if len(statuses) == 4 else " WHERE o.outcome IN (" + ", ".join(f"'{s}'" for s in statuses) + ")"
            rows = self.backend.query(f"SELECT o.*{compiled_key} FROM {source()}{where} ORDER BY o.{_quote(ROW)}")
            made = self._outcomes(rule, compiled, rows, keyed=key is not None)
            if not extra:
                return made
            theirs = [(p, o) for p, o in extra if o.outcome in statuses]
            merged = heapq.merge(zip((r[0] for r in rows), made), theirs, key=lambda po: po[0])
            return [o for _, o in merged]

        def json_texts(status: str, case_indent: str, field_indent: str, fix=None, listed=None):
            # (the reason in SQL: the query's, else one Python words per distinct combination of the
            # record's own fields; the records the reference judged are put in among the others)
            if key is None or (nc and status == NOT_EVIDENCED) or not isinstance(self.backend, _DuckDBConnected):
                return None
            made_ahead = self._prefetched(rule.id, status, case_indent, field_indent, listed) if fix is None else None
            if made_ahead is not None:  # its file made by a worker (engine/sql_prefetch.py)
                return _taken_file(made_ahead)
            con = self.backend.con
            reason = self._reason_sql(rule, compiled, status)
            if reason is None:
                worded = self._worded_by_fields(con, rule, compiled, status, source())
                reason = None if worded is None else (worded, False)
            if reason is None:
                return None
            return self._json_cases(f"SELECT {key} AS k, {reason[0]} AS r, o.{_quote(ROW)} AS p FROM {source()} "
                                    f"WHERE o.outcome = '{status}'", reason[1], case_indent, field_indent,
                                    [(p, o) for p, o in extra if o.outcome == status], fix,
                                    self._rows_in_key_order(con, rule.subject, key), reason[0])

        def case_sql(statuses: tuple[str, ...]):
            # (SQL of every record with these outcomes as (position, k, r, outcome), the outcomes whose
            # r is a constant, the connection) where the database words them all; else None (as for
            # json_texts: not-carried rows are not evidenced with the reference's reasons). Read from
            # the query itself in one pass, unless the rows are whole already.
            if key is None or extra or (nc and NOT_EVIDENCED in statuses):
                return None
            worded = {s: self._reason_sql(rule, compiled, s) for s in statuses}
            reasons = {s: r for s, r in worded.items() if r is not None}
            if len(reasons) < len(worded):
                return None
            assert isinstance(self.backend, _DuckDBConnected)  # _kept runs on duckdb only
            src = source() if whole[0] is not None else \
                f"({whole_sql(ordered=False)}) AS o JOIN {_quote(rule.subject)} AS s ON s.{_quote(ROW)} = o.{_quote(ROW)}"
            r = "CASE o.outcome " + " ".join(f"WHEN '{s}' THEN {e}" for s, (e, _) in reasons.items()) + " END"
            among = ", ".join("'" + s + "'" for s in statuses)
            return (f"SELECT o.{_quote(ROW)} AS position, {key} AS k, {r} AS r, o.outcome AS outcome FROM {src} "
                    f"WHERE o.outcome IN ({among})",
                    tuple(s for s, (_, constant) in reasons.items() if constant), self.backend.con)

        def whys() -> dict[str, int]:
            nc_col = _quote(NC_COLUMN)
            counted = self.backend.query(f"SELECT {nc_col}, count(*) FROM {name} WHERE {nc_col} IS NOT NULL "
                                         f"GROUP BY {nc_col}") if nc else []
            return self._not_carried_whys(counted, (o for _, o in extra))

        if key is not None and outside is None and isinstance(self.backend, _DuckDBConnected):
            # its cases' files may be made ahead of the JSON writer (sql_prefetch)
            reasons = {s: r for s in OUTCOMES if not (nc and s == NOT_EVIDENCED)
                       and (r := self._reason_sql(rule, compiled, s)) is not None}
            con = self.backend.con

            def adopt(made: str) -> bool:  # a worker's table of the rows whole, as source() makes it
                if whole[0] is not None:
                    return False
                self._drop_whole()
                self._kept_tables.append(made)
                whole[0] = made
                self._whole_made = (made, whole)
                return True

            self._register_cases(rule.id, CaseSpec(lambda: whole_sql(ordered=False), key, rule.subject, dict(counts),
                                                   reasons, lambda: self._rows_in_key_order(con, rule.subject, key),
                                                   adopt))
        tally = None if extra else (lambda subject, paths: self._tally(name, subject, paths, nc))
        return Outcomes(counts, make=lambda: some(OUTCOMES), some=some, tally=tally, json_texts=json_texts,
                        case_sql=case_sql, not_carried_whys=whys)

    @staticmethod
    def _reason_sql(rule: Rule, compiled: CompiledRule, status: str) -> tuple[str, bool] | None:
        """SQL for the reason of every record with this outcome, over the kept
        rows ``o``, where the query has it whole (and whether it is a constant
        already as ``one_unit`` leaves it); None where Python words it."""
        name = compiled.traced.get(status)
        if name is None and status in rule.reasons:
            name = compiled.holes.get(status, {}).get(-1)
        if name is not None:
            return f"o.{_quote(name)}", False
        if status == PASS and status not in rule.reasons:
            met = one_unit("met: " + " ".join(rule.expect_text.split()))
            return "'" + met.replace("'", "''") + "'", True
        return None

    def _key_sql(self, table_name: str) -> str | None:
        """SQL for a record's key (``data.py``: the key fields' text joined
        by ``|``), over the table aliased ``s``; None where the database's
        text of a key field could differ from Python's (decimals, true/false,
        times): then keys come from the loaded records."""
        table = self.schema.tables[table_name]
        if not table.key:
            return None
        parts = []
        for name in table.key:
            fld = table.fields.get(name)
            if fld is None or fld.type.kind not in _KEY_KINDS:
                return None
            parts.append(f"coalesce(CAST(s.{_quote(name)} AS STRING), 'None')")  # STRING: DuckDB's and Spark's
        return (" || '" + KEY_SEPARATOR + "' || ").join(parts)



def _taken_file(path):
    """A file of cases' texts made ahead, handed to the writer, then removed."""
    from checker.engine.sql_cases import remove_file

    try:
        yield path
    finally:
        remove_file(path)


__all__ = ["SqlEngine", "normalise", "setup_script", "sql_for_pack"]
