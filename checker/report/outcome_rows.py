"""Every outcome as CSV or Parquet, streamed from the engine (issue 21).

``--format csv`` and ``--format parquet`` list every record's outcome for
every rule (:data:`~checker.report.tabular.CSV_COLUMNS`): at a million
children, tens of millions of rows. Where the engine's database holds a
rule's outcomes and words their reasons (``Outcomes.case_sql``), the rule's
rows, with each case's child, team and worker, are written by the database
itself (``COPY``), a rule at a time: no outcome becomes a Python object and
memory stays bounded whatever the size. The rest (a rule the reference
engine judged, a reason only Python words) are made in Python, one rule at a
time.

The bytes are those of :func:`~checker.report.tabular.outcomes_csv` on the
whole document: the same rows in the same order (rules in pack order, cases
by key), the same quoting, the same spreadsheet guard
(:func:`~checker.report.sink.neutral_cell`, in SQL as
:func:`neutral_sql`), the same "1 working day" (:func:`one_unit_sql`).

Every byte leaves through the sink: the CSV is handed to
``sink.write_streamed`` (the database's parts copied in by the kernel), the
Parquet file is made where ``sink.write_made`` says and renamed into place
by it. With ``--redact`` nothing is written by the database: rows are read
from it in chunks and every cell that can carry an ID (case, child, team,
worker, reason) passes through the run's redactor before it is written;
for Parquet the redacted rows are what the database turns into Parquet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker import scratch
from checker.engine.compile_values import ROW
from checker.model import OUTCOMES
from checker.report.context import CONTEXT_FIELDS, case_context, context_paths
from checker.report.jsonout import StreamedCases
from checker.report.sink import neutral_cell
from checker.report.tabular import CSV_COLUMNS, rule_areas

__all__ = ["csv_line", "make_parquet", "neutral_sql", "one_unit_sql", "write_csv"]

#: Kinds whose text in the database is Python's ``str`` of the value (a
#: context field of another kind is reached in Python).
_TEXT_KINDS = ("string", "code", "integer")
#: Rows read from the database at a time where Python must see them (``--redact``).
CHUNK = 50_000

# ------------------------------------------------------------------ cells in SQL

#: ``neutral_cell``'s test as an RE2 pattern: formula characters, behind any
#: control or invisible characters the spreadsheet skips.
_FORMULA_RE2 = (r"^[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x{200b}\x{200c}\x{200d}\x{2060}\x{feff} ]*"
                r"[=+\-@\t\r\x{ff1d}\x{ff0b}\x{ff0d}\x{ff20}]")
#: ``outcomes.one_unit`` as an RE2 rewrite: RE2 has no look-around, so the
#: characters either side are matched and put back, and the rewrite is
#: applied three times (a match takes the character the next one looks behind at).
_ONE_UNIT_RE2 = r"(^|[^\p{Nd}.,-])1 (working day|day|week|month|year)s($|[^\pL\pN_])"


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def neutral_sql(expr: str) -> str:
    """SQL for :func:`~checker.report.sink.neutral_cell` of a text (never NULL) expression."""
    return f"CASE WHEN regexp_matches({expr}, {lit(_FORMULA_RE2)}) THEN '''' || {expr} ELSE {expr} END"


def one_unit_sql(expr: str) -> str:
    """SQL for :func:`~checker.engine.outcomes.one_unit` of a text expression."""
    out = expr
    for _ in range(3):
        out = f"regexp_replace({out}, {lit(_ONE_UNIT_RE2)}, '\\11 \\2\\3', 'g')"
    return f"CASE WHEN contains({expr}, '1 ') THEN {out} ELSE {expr} END"


#: DuckDB's COPY options giving :func:`csv_line`'s layout. COMMENT '': DuckDB 2
#: also quotes a field holding its comment character (`#`, as in a case ID
#: `C1#2`), which csv.writer and csv_line do not.
COPY_CSV = "(FORMAT csv, HEADER false, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NULL '', COMMENT '')"


def csv_line(values: list[str]) -> str:
    """One CSV line as DuckDB's writer lays it out (and ``csv.writer`` but
    for a bare CR, which is quoted here so no reader splits the row): a field
    holding a comma, quote, newline or CR quoted, quotes doubled."""
    out = []
    for v in values:
        if '"' in v:
            out.append('"' + v.replace('"', '""') + '"')
        elif "," in v or "\n" in v or "\r" in v:
            out.append('"' + v + '"')
        else:
            out.append(v)
    return ",".join(out) + "\n"


# ------------------------------------------------------------------ one rule's rows

class _Rule:
    """One rule of the document: its fixed cells and where its rows come from."""

    def __init__(self, run, rule_result, doc_rule: dict, area: str, firsts: dict[str, str] | None = None):
        self.run = run
        #: the related tables' first records per key, kept as temporary tables
        #: (SQL -> name), shared by the rules of one output
        self.firsts = firsts if firsts is not None else {}
        self.rule_result = rule_result
        self.doc_rule = doc_rule
        category = doc_rule.get("category_label") or ("too few cases to judge" if doc_rule.get("small_n") else "")
        self.fixed = [str(doc_rule["id"]), doc_rule.get("title") or "", str(category), area, doc_rule.get("subject") or ""]
        cases = doc_rule.get("cases")
        self.streamed = isinstance(cases, StreamedCases)
        self.redactor = cases.redactor if isinstance(cases, StreamedCases) else None

    # -- where the database can write them
    def sql(self, neutralise: bool) -> tuple[str, Any] | None:
        """The SQL of every row (``CSV_COLUMNS``, in order) and its
        connection, where the database has them all; else None."""
        if not self.streamed or self.rule_result is None:
            return None
        q = self._cases_sql()
        if q is None:
            return None
        union, con = q
        ctx = self._context_sql()
        if ctx is None:
            return None
        cols, joins, firsts = ctx
        for table_sql in firsts:  # each related table's first record per key, made once for the run
            made = self.firsts.get(table_sql)
            if made is None:
                made = self.firsts[table_sql] = f"_casecheck_first_{len(self.firsts)}"
                con.execute(f"CREATE OR REPLACE TEMP TABLE {made} AS {table_sql}")
            joins = joins.replace(f"({table_sql})", made)
        empty = "''"
        if neutralise:
            def cell(e: str) -> str:
                return f"nullif({neutral_sql(f'coalesce(CAST({e} AS VARCHAR), {empty})')}, '')"
        else:
            def cell(e: str) -> str:
                return f"nullif(CAST({e} AS VARCHAR), '')"
        fixed = [neutral_cell(v) if neutralise else v for v in self.fixed]
        select = ([f"CAST(nullif({lit(v)}, '') AS VARCHAR) AS {_ident(c)}" for v, c in zip(fixed, CSV_COLUMNS)]
                  + [f"{cell('q.k')} AS case_id", f"{cell(cols[0])} AS child_id", f"{cell(cols[1])} AS team",
                     f"{cell(cols[2])} AS worker_id", "CAST(q.outcome AS VARCHAR) AS outcome", f"{cell('q.r')} AS reason"])
        subject = _ident(self.doc_rule.get("subject") or "")
        sql = (f"SELECT {', '.join(select)} FROM ({union}) AS q JOIN {subject} AS c ON c.{_ident(ROW)} = q.position"
               f"{joins} ORDER BY q.k")
        return sql, con

    def _cases_sql(self):
        outs = self.rule_result.outcomes
        statuses = tuple(s for s in OUTCOMES if outs.counts.get(s))
        if not statuses:
            return None
        got = outs.case_sql(statuses)
        if got is None:
            return None
        sql, constant, con = got
        reason = "q0.r"
        if len(constant) < len(statuses):
            worded = one_unit_sql("q0.r")
            reason = worded if not constant else \
                f"CASE WHEN q0.outcome IN ({', '.join(lit(s) for s in constant)}) THEN q0.r ELSE {worded} END"
        return (f"SELECT q0.position, q0.k, CAST({reason} AS VARCHAR) AS r, q0.outcome FROM ({sql}) AS q0", con)

    def _context_sql(self) -> tuple[list[str], str, list[str]] | None:
        """SQL for the child, team and worker of each case (over the subject
        ``c``), as ``context.case_context`` reaches them, and the joins."""
        schema = self.run.pack.schema
        subject = self.doc_rule.get("subject") or ""
        table = schema.tables.get(subject)
        if table is None:
            return None
        paths = context_paths(schema, subject)
        cols: list[str] = []
        joins = ""
        firsts: list[str] = []
        for n, fname in enumerate(CONTEXT_FIELDS):
            if fname == "child_id" and subject == "children":
                cols.append("q.k")
                continue
            path = paths.get(fname)
            if path is None:
                cols.append("NULL")
                continue
            if len(path) == 1:
                owner, value = table, f"c.{_ident(fname)}"
            else:
                link = table.links[path[0]]
                owner = schema.tables[link.target]
                alias = f"t{n}"
                # the first related record in row order, as Dataset.lookup takes it
                first = (f"SELECT {_ident(link.remote_field)} AS k, {_ident(fname)} AS v FROM "
                         f"(SELECT *, row_number() OVER (PARTITION BY {_ident(link.remote_field)} ORDER BY {_ident(ROW)}) "
                         f"AS n FROM {_ident(link.target)}) WHERE n = 1")
                firsts.append(first)
                joins += f" LEFT JOIN ({first}) AS {alias} ON {alias}.k = c.{_ident(link.local_field)}"
                value = f"{alias}.v"
            fld = owner.fields.get(fname)
            if fld is None or fld.type.kind not in _TEXT_KINDS:
                return None
            cols.append(f"CAST({value} AS VARCHAR)")
        return cols, joins, firsts

    # -- where Python reads them
    def rows(self):
        """Lists of raw cells (``CSV_COLUMNS`` but the fixed ones), redacted
        where the run is, in chunks, by case ID. Redacted, the rule's rows
        are sorted by their pseudonyms (as a redacted document lists them:
        the order of the real IDs is not given away), so one rule's rows,
        never the run's, are held at once."""
        if self.redactor is None:
            yield from self._rows(None)
            return
        rows = [row for chunk in self._rows(self.redactor.text) for row in chunk]
        rows.sort(key=lambda row: (row[0], OUTCOMES.index(row[4])))
        for i in range(0, len(rows), CHUNK):
            yield rows[i:i + CHUNK]

    def _rows(self, fix):
        cases = self.doc_rule.get("cases") or {}
        if not self.streamed:  # the document holds them (a history run): as it has them
            rows = []
            for outcome in OUTCOMES:
                for case in cases.get(outcome) or []:
                    rows.append((str(case.get("id")), OUTCOMES.index(outcome), outcome, case))
            rows.sort(key=lambda x: x[:2])
            yield [[cid, c.get("child") or "", c.get("team") or "", c.get("worker") or "", o, c.get("reason") or ""]
                   for cid, _, o, c in rows]
            return
        q = self.sql(neutralise=False)
        if q is not None:  # the database has them: read in chunks (to be redacted)
            sql, con = q
            cur = con.execute(f"SELECT case_id, child_id, team, worker_id, outcome, reason FROM ({sql})")
            while True:
                got = cur.fetchmany(CHUNK)
                if not got:
                    return
                yield [[_fixed(fix, v) for v in row] for row in got]
        outs = self.rule_result.outcomes
        made = sorted(outs.of(*OUTCOMES), key=lambda o: o.key)
        index: dict = {}
        for i in range(0, len(made), CHUNK):
            part = made[i:i + CHUNK]
            ctx = case_context(self.run, self.rule_result.rule, [o.key for o in part], index)
            chunk = []
            for o in part:
                c = ctx.get(o.key) or {}
                row = [o.key, c.get("child") or "", c.get("team") or "", c.get("worker") or "", o.outcome, o.reason or ""]
                chunk.append([_fixed(fix, v) for v in row] if fix is not None else row)
            yield chunk


def _fixed(fix, v) -> str:
    if v is None:
        return ""
    return fix(v) if fix is not None else v


def _rules(run, doc: dict) -> list[_Rule]:
    areas = rule_areas(doc)
    by_id = {r.rule.id: r for r in getattr(run, "rules", ())} if run is not None else {}
    firsts: dict[str, str] = {}
    return [_Rule(run, by_id.get(d["id"]), d, areas.get(d["id"], ""), firsts) for d in doc.get("rules") or []]


def _csv_text(fixed: list[str], chunk: list[list[str]], neutralise: bool) -> str:
    if neutralise:
        head = [neutral_cell(v) for v in fixed]
        return "".join(csv_line(head + [neutral_cell(v) for v in row[:4]] + [row[4], neutral_cell(row[5])])
                       for row in chunk)
    return "".join(csv_line(fixed + row) for row in chunk)


# ------------------------------------------------------------------ the outputs

def write_csv(run, doc: dict, write) -> None:
    """Every outcome as CSV (``CSV_COLUMNS``), handed to ``write`` (the
    sink's) a piece at a time: a :class:`Path` is a file of rows the
    database wrote, to be copied in whole."""
    write(csv_line(CSV_COLUMNS))
    with scratch.folder("csv") as tmp:
        for n, r in enumerate(_rules(run, doc)):
            q = r.sql(neutralise=True) if r.redactor is None else None
            if q is not None:
                part = Path(tmp) / f"{n}.csv"
                sql, con = q
                con.execute(f"COPY ({sql}) TO {lit(part.as_posix())} {COPY_CSV}")
                write(part)
                part.unlink()
                continue
            for chunk in r.rows():
                write(_csv_text(r.fixed, chunk, neutralise=True))


def make_parquet(run, doc: dict, path: str | Path) -> None:
    """Every outcome as a Parquet file at ``path`` (the sink's temporary
    file): the CSV's rows and columns, every column text, values as they
    are (no spreadsheet guard), empty cells null, in rule order.

    With pyarrow (the ``parquet`` extra), each rule's rows are read from
    the database as Arrow record batches and written into the one file as
    they come (:func:`_parquet_by_batches`): a row group's rows at a time in
    memory, each row encoded once. Without it, DuckDB writes each rule's
    rows to a file of their own and then all of them again as one file."""
    try:
        import pyarrow  # noqa: F401 - only whether it is there
    except ImportError:
        _parquet_by_parts(run, doc, path)
        return
    _parquet_by_batches(run, doc, path)


#: Rows of a Parquet row group written from Arrow batches (DuckDB's own row group size).
ROW_GROUP = 122_880


def _parquet_by_batches(run, doc: dict, path: str | Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.string()) for c in CSV_COLUMNS])
    pending: list = []
    held = 0

    def flush(writer) -> None:
        nonlocal held
        if pending:
            writer.write_table(pa.Table.from_batches(pending, schema=schema), row_group_size=held)
            pending.clear()
            held = 0

    with pq.ParquetWriter(str(path), schema) as writer:
        for r in _rules(run, doc):
            q = r.sql(neutralise=False) if r.redactor is None else None
            if q is not None:
                sql, con = q
                finish = getattr(con, "complete", None)  # DuckDB 2: a result execute() left unread is ended first
                if finish is not None:
                    finish()
                batches = con.sql(sql).to_arrow_reader(ROW_GROUP)
            else:  # rows made (and redacted) in Python
                batches = (_batch(pa, schema, r.fixed, chunk) for chunk in r.rows() if chunk)
            for b in batches:
                if b.schema != schema:  # (names as given; a DuckDB set to export text as views, say)
                    b = pa.RecordBatch.from_arrays([c.cast(pa.string()) for c in b.columns], schema=schema)
                pending.append(b)
                held += b.num_rows
                if held >= ROW_GROUP:
                    flush(writer)
        flush(writer)


def _batch(pa, schema, fixed: list[str], chunk: list[list[str]]):
    """Rows made in Python as one Arrow batch, empty cells null (as DuckDB
    reads them from CSV)."""
    n = len(chunk)
    columns = [pa.array([v or None] * n, pa.string()) for v in fixed]
    columns += [pa.array([row[i] or None for row in chunk], pa.string()) for i in range(len(CSV_COLUMNS) - len(fixed))]
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _parquet_by_parts(run, doc: dict, path: str | Path) -> None:
    """Each rule's rows as a Parquet file of their own (DuckDB's COPY),
    then all of them as one file in rule order."""
    import duckdb

    rules = _rules(run, doc)
    own = None
    with scratch.folder("parquet") as tmp:
        parts: list[str] = []
        con = None
        types = ", ".join(f"{lit(c)}: 'VARCHAR'" for c in CSV_COLUMNS)
        for n, r in enumerate(rules):
            part = (Path(tmp) / f"{n}.parquet").as_posix()
            q = r.sql(neutralise=False) if r.redactor is None else None
            if q is not None:
                sql, con = q
                con.execute(f"COPY ({sql}) TO {lit(part)} (FORMAT parquet)")
                parts.append(part)
                continue
            text = Path(tmp) / f"{n}.csv"  # rows made (and redacted) in Python
            wrote = False
            with open(text, "w", encoding="utf-8", newline="") as fh:
                for chunk in r.rows():
                    if chunk:
                        fh.write(_csv_text(r.fixed, chunk, neutralise=False))
                        wrote = True
            if not wrote:
                continue
            if own is None:
                own = duckdb.connect()
            own.execute(f"COPY (SELECT * FROM read_csv({lit(text.as_posix())}, header=false, columns={{{types}}}, "
                        f"delim=',', quote='\"', escape='\"')) TO {lit(part)} (FORMAT parquet)")
            text.unlink()
            parts.append(part)
        out = own if con is None else con
        if out is None:
            out = own = duckdb.connect()
        if parts:
            files = "[" + ", ".join(lit(p) for p in parts) + "]"
            out.execute(f"COPY (SELECT * FROM read_parquet({files})) TO {lit(Path(path).as_posix())} (FORMAT parquet)")
        else:
            cols = ", ".join(f"CAST(NULL AS VARCHAR) AS {_ident(c)}" for c in CSV_COLUMNS)
            out.execute(f"COPY (SELECT {cols} WHERE false) TO {lit(Path(path).as_posix())} (FORMAT parquet)")
    if own is not None:
        own.close()

