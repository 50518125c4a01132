"""Each listed case's JSON made in the database (``SqlEngine`` takes this as a
mixin): the cases of one outcome of one rule, in key order, as the JSON
writer (``report.jsonout``) lays them out.

The reason of each case comes from SQL: the query's own column (a template
filled in the query, a reason from the trace worded in SQL: ``reasons_sql``),
or, where Python words it from the trace of an expression that reads only
the record's own fields, from a small table of the reasons Python worded,
once per distinct combination of those fields (as ``sql_outcomes`` memoises
them), joined to the records. The records a rule's reference judged instead
(their dates near the calendar's edge) are put in among the others.
"""

from __future__ import annotations

import itertools
import mmap
import os
import shutil
import tempfile
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING

from checker import scratch
from checker.engine import outcomes as ref
from checker.engine.compile import CompiledRule
from checker.engine.compile_unknown import NC_COLUMN
from checker.engine.evaluate import Evaluator
from checker.engine.outcomes import Outcome, one_unit
from checker.engine.sql_outcomes import own_fields
from checker.model import NOT_APPLICABLE, PASS, Row
from checker.packs.pack import Rule

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from checker.model import Context
    from checker.schema import DataSchema

#: the kinds whose values come back from DuckDB as the loaded records hold them
_EXACT_KINDS = ("string", "code", "integer", "date", "boolean")
_TABLES = itertools.count()
#: cases fetched at a time
_CHUNK = 50_000


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _insert(con, table: str, columns: list[list]) -> None:
    """Rows into ``table``, given as columns: one statement, each column a list parameter."""
    con.execute(f"INSERT INTO {table} SELECT {', '.join(f'unnest(${i + 1})' for i in range(len(columns)))}", columns)


#: :func:`cases_file`'s answer where there is no case
NO_CASES = Path()


def _odd(constant: bool) -> str:
    """SQL: whether a case's text is written in Python (DuckDB's hex escapes are upper case;
    ``one_unit`` may change the reason). A reason ``one_unit`` could change holds "1 <unit>s" not
    led by a digit, point, comma or minus (RE2 has no look-behind: "1" at the start or after any
    other character; ``[^0-9...]`` lets any other digit lead it, and there is no word boundary
    after the "s": more reasons odd, never fewer); one without it is written as it is."""
    if constant:  # the reason is one_unit's already
        return "regexp_matches(k, '[\\x00-\\x1f]')"
    return ("(regexp_matches(k, '[\\x00-\\x1f]') OR "
            "regexp_matches(r, '[\\x00-\\x1f]|(^|[^0-9.,-])1 (working day|day|week|month|year)s'))")


def _rest(con, sql: str, constant: bool, field_indent: str, case_indent: str, reason: str | None = None) -> str:
    """SQL of a case's text after its ID: the reason and the closing brace (a constant
    reason's JSON, as DuckDB writes it, made once, not for every case: from ``reason``, its
    SQL, where given)."""
    mid, tail = "," + field_indent + '"reason": ', case_indent + "}"
    if constant:
        # fetchall: a result left unfinished makes DuckDB 2 refuse other work on the connection
        # (register(), which --redact's pseudonym table needs)
        rows = con.execute(f"SELECT CAST(to_json({reason}) AS VARCHAR)" if reason is not None else
                           f"SELECT CAST(to_json(r) AS VARCHAR) FROM ({sql}) LIMIT 1").fetchall()
        got = rows[0] if rows else None
        if got is not None and got[0] is not None:
            return _lit(mid + got[0] + tail)
    return f"{_lit(mid)} || CAST(to_json(r) AS VARCHAR) || {_lit(tail)}"


def cases_file(con, sql: str, constant: bool, case_indent: str, field_indent: str, order: str,
               reason: str | None = None, folder: str | None = None) -> Path | None:
    """The JSON texts of the cases ``sql`` gives (``k``, ``r``, ``p``), in ``order``, written by
    DuckDB to a file of their own (no Python string each): the cases' indent, then their texts
    joined as ``jsonout`` joins them (``jsonout.StreamedCases`` copies it into the document; the
    caller removes it). :data:`NO_CASES` where there is none; None where some case's text is
    Python's to write (``_odd``). ``reason``: the SQL of a constant reason; ``folder``: where
    the file is made (the engine's scratch folder: ``CaseTexts.cases_folder``)."""
    head = "{" + field_indent + '"id": '
    rest = _rest(con, sql, constant, field_indent, case_indent, reason)
    fd, name = tempfile.mkstemp(prefix="cases-", suffix=".txt", dir=folder)
    os.close(fd)
    try:
        # each case a line: its indent, its text and a comma (the last comma and line end cut off); a
        # case whose text is Python's to write, a line of \x01 alone, which no JSON text holds (then
        # the file is not used: in one pass, not a count first)
        con.execute(f"COPY (SELECT CASE WHEN {_odd(constant)} OR r IS NULL THEN chr(1) ELSE "
                    f"{_lit(case_indent[1:] + head)} || CAST(to_json(k) AS VARCHAR) || {rest} || ',' END "
                    f"FROM ({sql}) ORDER BY {order}) TO {_lit(name)} "
                    "(FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x1f')")
        size = os.path.getsize(name)
        if not size:
            remove_file(Path(name))
            return NO_CASES
        with open(name, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as text:
            if text.find(b"\x01") != -1:
                odd = True
            elif text[size - 2:] != b",\n":
                raise RuntimeError("DuckDB wrote the cases' texts otherwise than asked")
            else:
                odd = False
        if odd:
            remove_file(Path(name))
            return None
        os.truncate(name, size - 2)
    except BaseException:
        remove_file(Path(name))
        raise
    return Path(name)


def remove_file(path: Path) -> None:
    """Remove a file of cases' texts, if it is still there."""
    try:
        os.unlink(path)
    except OSError:
        pass


class CaseTexts:
    """What :class:`checker.engine.sql.SqlEngine` writes cases' JSON with."""

    ctx: Context
    schema: DataSchema

    def cases_folder(self) -> str:
        """The scratch folder of this engine's files of cases' texts (they hold IDs and reasons:
        named by the process, so a killed run's is swept by the next, ``checker.scratch``), made
        when first needed and removed by :meth:`remove_cases_folder`."""
        folder = self.__dict__.get("_cases_folder")
        if folder is None:
            folder = self.__dict__["_cases_folder"] = scratch.make("cases")
        return folder

    def remove_cases_folder(self) -> None:
        folder = self.__dict__.pop("_cases_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def _rows_in_key_order(self, con, table: str, key: str) -> bool:
        """Whether the records of ``table`` are numbered (``_row``) in the order of their keys
        (``key``: SQL of a record's key over the table aliased ``s``), each key once: then cases
        are put in key order by their record's number, not by comparing the texts of their keys
        (the census's tables are numbered so; asked once a table)."""
        known = self.__dict__.setdefault("_key_ordered", {})
        if table not in known:
            (out_of_order,) = con.execute(
                f"SELECT count(*) FROM (SELECT k, lag(k) OVER (ORDER BY p) AS before FROM (SELECT s.\"_row\" AS p, {key} "
                f"AS k FROM {_quote(table)} AS s)) WHERE before >= k").fetchall()[0]
            known[table] = out_of_order == 0
        return known[table]

    def _json_cases(self, sql: str, constant: bool, case_indent: str, field_indent: str,
                    theirs: Sequence[tuple[int, Outcome]] = (), fix: Callable[[str], str] | None = None,
                    by_row: bool = False, reason: str | None = None):
        """Each case's JSON text, as ``json.dumps(indent=2)`` lays it out,
        made in the database, in key order, a chunk at a time. ``sql`` gives each case's key ``k``,
        reason ``r`` and record number ``p``; ``theirs``: cases worded in Python (with their record
        numbers), put in among them; ``by_row``: the records are numbered in key order
        (``_rows_in_key_order``), so ordering by ``p`` is ordering by ``k``; ``reason``: the SQL of
        a constant reason.
        A case whose text DuckDB would write otherwise (a control character:
        DuckDB's hex is upper case) or whose reason may say "1 days"
        (``one_unit``) is written here instead. With ``fix`` (``--redact``),
        every case is: its key and reason read as they are and passed through
        ``fix`` first (the document the outcome objects would give, without
        them)."""
        con = self.backend.con  # type: ignore[attr-defined]  # SqlEngine's, on DuckDB (json_texts asks only there)
        head, mid, tail = "{" + field_indent + '"id": ', "," + field_indent + '"reason": ', case_indent + "}"
        made = None
        if theirs:
            made = f"_cases_{next(_TABLES)}"
            con.execute(f"CREATE TEMP TABLE {made} (k VARCHAR, r VARCHAR, p BIGINT)")
            _insert(con, made, [[o.key for _, o in theirs], [o.reason for _, o in theirs], [p for p, _ in theirs]])
            sql = f"SELECT k, r, p FROM ({sql}) UNION ALL SELECT k, r, p FROM {made}"
            constant = False  # the reasons Python worded are not the constant
        in_sql = getattr(getattr(fix, "__self__", None), "cases_sql", None)
        if in_sql is not None:  # a redactor whose identifiers the database joins (report.redact_kept)
            yield from self._redacted_json(con, sql, in_sql, fix, head, mid, tail, made)
            return
        order = "p" if by_row else "k"
        if fix is not None:
            try:
                cur = con.execute(f"SELECT k, r FROM ({sql}) ORDER BY {order}")
                while True:
                    rows = cur.fetchmany(50_000)
                    if not rows:
                        return
                    yield [head + encode_basestring(fix(k)) + mid + encode_basestring(fix(one_unit(r))) + tail
                           for k, r in rows]
            finally:
                if made is not None:
                    con.execute(f"DROP TABLE IF EXISTS {made}")
        try:
            got = cases_file(con, sql, constant, case_indent, field_indent, order, reason if constant else None,
                             self.cases_folder())
            if got is NO_CASES:
                return
            if got is not None:  # every case as DuckDB writes it, in a file it wrote
                try:
                    yield got
                finally:
                    remove_file(got)
                return
            odd, rest = _odd(constant), _rest(con, sql, constant, field_indent, case_indent, reason if constant else None)
            query = (f"SELECT CASE WHEN {odd} THEN NULL ELSE {_lit(head)} || CAST(to_json(k) AS VARCHAR) || {rest} END "
                     f"AS j, CASE WHEN {odd} THEN k END, CASE WHEN {odd} THEN r END FROM ({sql}) ORDER BY {order}")
            cur = con.execute(query)
            while True:
                rows = cur.fetchmany(_CHUNK)
                if not rows:
                    return
                yield [j if j is not None else head + encode_basestring(k) + mid + encode_basestring(one_unit(r)) + tail
                       for j, k, r in rows]
        finally:
            if made is not None:
                con.execute(f"DROP TABLE IF EXISTS {made}")

    @staticmethod
    def _redacted_json(con, sql: str, in_sql, fix, head: str, mid: str, tail: str, made: str | None):
        """As the cases' JSON of :meth:`_json_cases` with ``fix``, the
        redaction done by the database: ``in_sql`` (the redactor's
        ``cases_sql``) gives each case's key's pseudonym and its reason
        redacted. A case whose key is no identifier, or whose text holds a
        control character or may say "1 days", is redacted in Python."""
        odd = ("(kp IS NULL OR regexp_matches(k, '[\\x00-\\x1f]') "
               "OR regexp_matches(r, '[\\x00-\\x1f]|1 (working day|day|week|month|year)s'))")
        tables: list[str] = []
        try:
            query, tables = in_sql(con, sql)
            cur = con.execute(
                f"SELECT CASE WHEN {odd} THEN NULL ELSE {_lit(head)} || CAST(to_json(kp) AS VARCHAR) || {_lit(mid)} "
                f"|| CAST(to_json(coalesce(rr, r)) AS VARCHAR) || {_lit(tail)} END AS j, "
                f"CASE WHEN {odd} THEN k END, CASE WHEN {odd} THEN r END FROM ({query}) ORDER BY k")
            while True:
                rows = cur.fetchmany(_CHUNK)
                if not rows:
                    return
                yield [j if j is not None else head + encode_basestring(fix(k)) + mid + encode_basestring(fix(one_unit(r)))
                       + tail for j, k, r in rows]
        finally:
            for t in tables + ([made] if made is not None else []):
                con.execute(f"DROP TABLE IF EXISTS {t}")

    def _worded_by_fields(self, con, rule: Rule, compiled: CompiledRule, status: str, source: str) -> str | None:
        """SQL for the reason of every record with this outcome (over the kept
        rows ``o`` joined to the subject's records ``s``: ``source``), where
        Python words it from the trace of an expression that reads only the
        record's own fields: worded here once per distinct combination of
        those fields (and the query's ``_when``), exactly as
        ``RowWording._outcomes`` words each record, and looked up by them.
        None where the reason reads more (a related record, a template)."""
        if status == PASS or status in rule.reasons or status in compiled.traced \
                or NC_COLUMN in compiled.columns or getattr(self.ctx.dataset, "lacks_some", False):
            return None
        table = self.schema.tables[rule.subject]
        when_own = own_fields(rule.when) if rule.when is not None else ()
        expect_own = own_fields(rule.expect)
        if status == NOT_APPLICABLE:
            if rule.when is None or when_own is None:
                return None
            expect_own = ()  # never the expect's words
        elif rule.when is not None and when_own is None:
            return None
        fields = sorted(set(when_own or ()) | set(expect_own or ()))
        if any(f not in table.fields or table.fields[f].type.kind not in _EXACT_KINDS for f in fields):
            return None
        has_when = "_when" in compiled.columns
        cols = [f"s.{_quote(f)}" for f in fields] + (["o._when"] if has_when else [])
        if not cols:
            return None
        combos = con.execute(f"SELECT DISTINCT {', '.join(cols)} FROM {source} WHERE o.outcome = {_lit(status)}").fetchall()
        ev = Evaluator(self.ctx)
        worded = []
        for combo in combos:
            row = Row(rule.subject, "", dict(zip(fields, combo)))
            if status == NOT_APPLICABLE:
                role = "when"
            elif rule.when is None:
                role = "expect"
            else:
                undecided = combo[-1] is not True if has_when else ev.run(rule.when, row)[0] is not True
                role = "when" if undecided else "expect"
            if role == "expect" and expect_own is None:
                return None  # the expect reads more than the record
            node = rule.when if role == "when" else rule.expect
            assert node is not None  # role is "when" only for a rule with a `when`
            worded.append((*combo, one_unit(ref._reason(rule, row, self.ctx, status, node, role))))
        name = f"_reasons_{next(_TABLES)}"
        types = [{"string": "VARCHAR", "code": "VARCHAR", "integer": "BIGINT", "date": "DATE", "boolean": "BOOLEAN"}[
            table.fields[f].type.kind] for f in fields] + (["BOOLEAN"] if has_when else [])
        con.execute(f"CREATE TEMP TABLE {name} ({', '.join(f'c{i} {t}' for i, t in enumerate(types))}, r VARCHAR)")
        self._kept_tables.append(name)  # type: ignore[attr-defined]  # SqlEngine's
        if worded:
            _insert(con, name, [list(c) for c in zip(*worded)])
        match = " AND ".join(f"w.c{i} IS NOT DISTINCT FROM {c}" for i, c in enumerate(cols))
        return f"(SELECT w.r FROM {name} AS w WHERE {match})"
