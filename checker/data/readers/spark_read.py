"""Case data read by Spark itself, where the cluster can see it: a folder of
``<table>.csv`` or ``<table>.parquet`` files (a local path on a filesystem
every worker shares, or a URI such as ``hdfs://``, ``s3a://``, ``dbfs:/``),
or catalogue tables (``--data spark-table:db.prefix_``: table ``children`` is
``db.prefix_children``). The rows never pass through the driver's Python:
each table is read, typed, checked and numbered by Spark SQL, kept in the
cluster's memory (cached) as the temporary view the compiled rules read.
What comes back to the driver is what the report says: counts, the rejected
rows (with their file, row, column and value) and the integrity issues.

:func:`load_into_spark` returns the :class:`~checker.data.coerce.LoadResult`
the Python loader would (``load_data(folder, schema, fmt, as_at)``), with a
dataset that reads the records from Spark only when something asks for them
(a rule the SQL engine leaves to the reference evaluator, a reason worded in
Python); or None when the input is not one Spark reads (an Annex A workbook,
a census XML, SSDA903 files, JSON lines, a converted return: the Python
readers take those, on the driver, as before).

How it stays the loader's:

- **Cells are text**, as the Python readers give them: a CSV line is split
  by ``from_csv`` (``"`` quotes, doubled to escape), a Parquet or table column
  is ``CAST(column AS STRING)`` (as ``parquet.cell_sql`` does in DuckDB).
- **Coercion** is :func:`checker.data.coerce.coerce` written in Spark SQL:
  text stripped of what ``str.strip`` strips; codes from the code set;
  whole numbers ``[+-]digits`` (that fit 64 bits); numbers; true/false and
  their spellings; dates ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (a time after the
  date is dropped) that are real dates. A value that does not fit is
  rejected, worded by ``coerce`` itself from the raw cell (on the driver,
  for the rejected rows only).
- **Accounting**, per row in the loader's order: a row whose cell count is
  not the header's ("wrong number of cells"), then the first bad cell in
  header order ("bad value"), then the first blank required field in schema
  order ("missing required value"), then a key met on an earlier row of
  those left ("duplicate key", naming that row). Every non-blank row is read
  and is then evaluated or rejected: ``read == evaluated + rejected`` per
  table, counted by Spark.
- **Rows**: a CSV record's row is its line (the header is line 1; blank
  lines count as lines, as in the Python reader); a Parquet record's is its
  position plus one (``_metadata.row_index + 2``), as ``parquet.py`` numbers
  them; a catalogue table has no lines: its rows are numbered in the order
  Spark scans it. ``_row`` (record identity for the compiled rules) numbers
  the records in key order, as ``Loader.finish`` sorts them.
- Integrity checks (orphans, dates in impossible order, dates after the
  as-at date) are Spark queries on the typed views.

Not taken here (differences from the Python reader, said rather than hidden):
a CSV cell holding a line break (the lines are split first; such a row is
rejected as "malformed row"), files in Windows-1252 (read as UTF-8), and
fields typed by hand (audit templates), which only Python reads.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from pathlib import Path
from typing import Any

from checker.data.coerce import (
    KEY_SEPARATOR,
    IntegrityIssue,
    LoadResult,
    Rejection,
    TableAccount,
    by_hand_spellings,
    coerce,
    show_value,
)
from checker.data.readers.base import SEPARATOR_NAMES, files_by_table, header_separator
from checker.data.readers.native import check_header, read_manifest, report_unknown_files
from checker.errors import Diagnostics, Location
from checker.model import Dataset, Row
from checker.schema import DataSchema, Table

#: ``--data`` naming catalogue tables: ``spark-table:<database>.<prefix>``.
TABLE_PREFIX = "spark-table:"
ROW, LINE = "_row", "_line"
#: What ``str.strip`` strips (as csv_duckdb_table._WS).
_WS = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
       "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_NULL = "\x01"  # from_csv's null string: only a cell the line does not have is NULL
_TRUE = ["true", "yes", "y", "1", "t"]
_FALSE = ["false", "no", "n", "0", "f"]
_SPARK_FORMATS = ("csv", "parquet")

last_decline: str | None = None  # why the last call returned None (tests, benchmarks)


class _Decline(Exception):
    pass


def takes(data: str, input_format: str | None) -> bool:
    """Whether ``data`` names something this module reads (without reading it)."""
    if data.startswith(TABLE_PREFIX):
        return True
    if _is_uri(data):
        return input_format in _SPARK_FORMATS
    return Path(data).is_dir() and input_format in (None, *_SPARK_FORMATS)


def _is_uri(data: str) -> bool:
    return "://" in data or data.startswith("dbfs:/")


# --- where each table is -----------------------------------------------------------------


def _sources(spark, schema: DataSchema, data: str, input_format: str | None, diags: Diagnostics):
    """(format, {table: location}) for the input; raises _Decline for an input Spark does not read."""
    if data.startswith(TABLE_PREFIX):
        prefix = data[len(TABLE_PREFIX):]
        found = {}
        for name in schema.tables:
            full = prefix + name
            if spark.catalog.tableExists(full):
                found[name] = full
        if not found:
            raise _NoData(f"no catalogue table `{prefix}<table>` exists (e.g. `{prefix}{next(iter(schema.tables))}`)")
        return "table", found
    if _is_uri(data):
        suffix = f".{input_format}"
        found = {}
        for name in schema.tables:
            loc = data.rstrip("/") + "/" + name + suffix
            try:
                spark.read.format("text" if input_format == "csv" else "parquet").load(loc).schema  # noqa: B018 - exists?
            except Exception:  # noqa: BLE001 - not there (or unreadable): the table is missing
                continue
            found[name] = loc
        return input_format, found
    from checker.data.readers import detect

    folder = Path(data)
    fmt = input_format or detect(folder, Diagnostics())
    if fmt not in _SPARK_FORMATS:
        raise _Decline(f"a folder in format {fmt}, which the Python readers read")
    if read_manifest(folder).get("format_title"):
        raise _Decline("a converted return whose not-carried values the Python reader restores")
    files = files_by_table(folder, f".{fmt}")
    report_unknown_files(files, schema, diags)
    return fmt, {name: str(path.resolve()) for name, path in files.items() if name in schema.tables}


class _NoData(Exception):
    pass


# --- numbering ---------------------------------------------------------------------------


def _numbered(df, group, order, start: int):
    """``df`` with ``_line``: each row's position counted from ``start`` in
    the order (``group`` ascending, then scan order within a group), made
    without moving the rows to one task: the rows of a group are one run of
    ``monotonically_increasing_id``, so a row's position is its group's
    offset (a running sum over the small table of group sizes) plus its
    distance from the group's first id."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    with_id = df.withColumn("_g", group).withColumn("_id", F.monotonically_increasing_id())
    sizes = (with_id.groupBy("_g").agg(F.min("_id").alias("_first"), F.count(F.lit(1)).alias("_n"))
             .withColumn("_off", F.sum("_n").over(Window.orderBy("_g").rowsBetween(Window.unboundedPreceding, -1)))
             .select("_g", "_first", F.coalesce("_off", F.lit(0)).alias("_off")))
    out = with_id.join(F.broadcast(sizes), "_g").withColumn(order, F.col("_off") + F.col("_id") - F.col("_first") + F.lit(start))
    return out.drop("_g", "_id", "_first", "_off")


# --- reading the cells -------------------------------------------------------------------


def _csv_cells(spark, loc: str, table: Table, diags: Diagnostics):
    """(header, rows with _line, _cells (count or None) and one text column per header column) or None."""
    from pyspark.sql import functions as F

    text = spark.read.text(loc)
    lines = _numbered(text, F.col("_metadata.file_block_start"), LINE, 1)
    head = lines.where(F.col(LINE) == 1).select("value").collect()
    if not head or not head[0][0].strip(_WS + "\ufeff"):
        diags.error(f"`{Path(loc).name}` is empty: it has no header row", Location(loc, 1, 1), code="empty-file")
        return None
    first = head[0][0].lstrip("\ufeff")
    sep = header_separator(first)
    if sep != ",":
        diags.warning(f"`{Path(loc).name}` is separated by {SEPARATOR_NAMES[sep]}, not `,` (detected from its header line)",
                      Location(loc, 1, 1), code="delimiter")
    import csv

    header = [h.strip().lstrip("\ufeff") for h in next(csv.reader([first], delimiter=sep))]
    width = len(header)
    schema = ", ".join(f"c{i} STRING" for i in range(width))
    opts = {"sep": sep, "quote": '"', "escape": '"', "nullValue": _NULL, "emptyValue": "", "mode": "PERMISSIVE",
            "ignoreLeadingWhiteSpace": "false", "ignoreTrailingWhiteSpace": "false", "unescapedQuoteHandling": "STOP_AT_CLOSING_QUOTE"}
    body = lines.where(F.col(LINE) > 1)
    # the cells a line holds: its separators outside quotes, plus one
    unquoted = F.regexp_replace("value", '"(?:[^"]|"")*"', "")
    quotes = F.length("value") - F.length(F.regexp_replace("value", '"', ""))
    cells = F.when(quotes % 2 == 1, F.lit(-1)).otherwise(F.size(F.split(unquoted, _regex_lit(sep), -1)))
    parsed = body.select(F.col(LINE), cells.alias("_cells"), F.from_csv("value", schema, opts).alias("_r"))
    cols = [F.col(LINE), F.col("_cells")] + [F.col(f"_r.c{i}").alias(f"h{i}") for i in range(width)]
    out = parsed.select(*cols)
    # a blank line, or one of blank cells only, is no row (the Python reader skips it)
    blank = None
    for i in range(width):
        b = F.col(f"h{i}").isNull() | (F.trim(F.col(f"h{i}"), F.lit(_WS)) == "")
        blank = b if blank is None else blank & b
    return header, out.where(~blank) if blank is not None else out


def _regex_lit(sep: str) -> str:
    return "\\" + sep if sep in ".^$|?*+()[]{}\\" else sep


def _column_cells(df, header: list[str], start_line, native: frozenset[int] = frozenset()):
    """Parquet or table columns as text cells h0.., with _line and no cell
    count; a column in ``native`` (by position) is kept in its own type."""
    from pyspark.sql import functions as F

    cols = [start_line.alias(LINE), F.lit(None).cast("int").alias("_cells")]
    for i, h in enumerate(header):
        c = F.col(f"`{h.replace('`', '``')}`")
        cols.append((c if i in native else c.cast("string")).alias(f"h{i}"))
    return df.select(*cols)


#: Column types whose values are already the kind's (Spark type names, by kind):
#: such a column is typed directly, not through its text. The values are the
#: ones the text path gives (a DATE's text is its ISO date, a BIGINT's its
#: digits), without a regular expression or parse a cell.
_NATIVE = {"date": ("DateType",), "integer": ("LongType", "IntegerType", "ShortType", "ByteType"),
           "boolean": ("BooleanType",), "datetime": ("TimestampNTZType",)}


def _native_columns(df, header: list[str], table: Table) -> frozenset[int]:
    types = {f.name: type(f.dataType).__name__ for f in df.schema.fields}
    return frozenset(i for i, h in enumerate(header)
                     if h in table.fields and not table.fields[h].by_hand
                     and types.get(h) in _NATIVE.get(table.fields[h].type.kind, ()))


def _native_typed(kind: str, cell):
    """(value column, bad column) for a column already of the kind's type (``_NATIVE``)."""
    from pyspark.sql import functions as F

    if kind == "date":  # the years a date's text can spell (1 to 9999), as the text path reads them
        v = F.when((F.year(cell) >= 1) & (F.year(cell) <= 9999), cell)
        return v, cell.isNotNull() & v.isNull()
    if kind == "integer":
        return cell.cast("bigint"), F.lit(False)
    return cell, F.lit(False)


def _nested(dtype) -> bool:
    from pyspark.sql.types import ArrayType, MapType, StructType

    return isinstance(dtype, (ArrayType, MapType, StructType))


# --- typing ------------------------------------------------------------------------------


def _typed(kind: str, fld, code_sets, cell):
    """(value column, bad column) for one field's text cell (a Column)."""
    from pyspark.sql import functions as F

    if kind == "string" and fld.preserve_whitespace:
        return F.when(cell != "", cell), F.lit(False)
    t = F.trim(cell, F.lit(_WS))
    blank = cell.isNull() | (t == "")
    if kind == "string":
        return F.when(~blank, t), F.lit(False)
    if kind == "code":
        codes = code_sets.get(fld.type.code_set or "", {})
        ok = t.isin(list(codes)) if codes else F.lit(False)
        if fld.by_hand:  # what a person typed for a code: its folded spelling or label (coerce.by_hand_code)
            folded = F.regexp_replace(F.regexp_replace(F.lower(t), "[^a-z0-9]+", "_"), "^_+|_+$", "")
            v = F.when(ok, t)
            for spelling, code in by_hand_spellings(codes).items():
                v = v.when(folded == spelling, F.lit(code))
            return F.when(~blank, v), ~blank & v.isNull()
        return F.when(~blank & ok, t), ~blank & ~ok
    if kind == "integer":
        v = F.when(t.rlike(r"^[+-]?[0-9]+$"), t.try_cast("bigint"))
        return F.when(~blank, v), ~blank & v.isNull()
    if kind == "decimal":
        v = F.when(t.rlike(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"), t.try_cast("decimal(38,10)"))
        return F.when(~blank, v), ~blank & v.isNull()
    if kind == "boolean":
        low = F.lower(t)
        v = F.when(low.isin(_TRUE), F.lit(True)).when(low.isin(_FALSE), F.lit(False))
        return F.when(~blank, v), ~blank & v.isNull()
    if kind == "date":
        d = F.regexp_extract(t, r"^(\S+)[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$", 1)
        d = F.when(d != "", d).otherwise(t)
        uk = F.regexp_extract(d, r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$", 0) != ""
        iso = d.rlike(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
        as_iso = F.when(uk, F.concat_ws("-", F.regexp_extract(d, r"/([0-9]{4})$", 1),
                                        F.lpad(F.regexp_extract(d, r"^[0-9]{1,2}/([0-9]{1,2})/", 1), 2, "0"),
                                        F.lpad(F.regexp_extract(d, r"^([0-9]{1,2})/", 1), 2, "0"))).when(iso, d)
        v = F.try_to_date(as_iso, "yyyy-MM-dd")
        # a cell that is an ISO date alone (every cell of a Parquet DATE
        # column, most of a CSV's) is read by one pattern, not the six above,
        # with the same value: most of a big table's reading time was here
        v = F.when(t.rlike(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), F.try_to_date(t, "yyyy-MM-dd")).otherwise(v)
        v = F.when(F.year(v) >= 1, v)
        return F.when(~blank, v), ~blank & v.isNull()
    if kind == "datetime":
        v = F.regexp_replace(t, "^([^ T]+) ", "$1T").try_cast("timestamp_ntz")
        return F.when(~blank, v), ~blank & v.isNull()
    raise AssertionError(kind)


def _sql_type(kind: str) -> str:
    from checker.backends.common import sql_type

    return sql_type("spark", kind)


# --- one table ---------------------------------------------------------------------------


class _Table:
    """One table read, judged and kept: its account, rejections and typed view."""

    def __init__(self, backend, schema: DataSchema, table: Table, fmt: str, loc: str, diags: Diagnostics):
        self.backend, self.spark = backend, backend.spark
        self.schema, self.table, self.fmt, self.loc = schema, table, fmt, loc
        self.diags = diags
        self.account: TableAccount | None = None
        self.rejections: list[Rejection] = []
        self.view: Any = None
        self.native: frozenset[int] = frozenset()  # header positions typed directly (_NATIVE)

    def cells(self):
        from pyspark.sql import functions as F

        if self.fmt == "csv":
            return _csv_cells(self.spark, self.loc, self.table, self.diags)
        df = self.spark.table(self.loc) if self.fmt == "table" else self.spark.read.parquet(self.loc)
        header = list(df.columns)
        nested = [f.name for f in df.schema.fields if f.name in self.table.fields and _nested(f.dataType)]
        if nested:
            self.diags.error(f"column `{nested[0]}` of `{self.loc}` holds lists, structs or maps, not single values",
                             Location(self.loc, 1, 1), code="bad-value")
            return None
        self.native = _native_columns(df, header, self.table)
        if self.fmt == "parquet":
            return header, _column_cells(df, header, F.col("_metadata.row_index") + F.lit(2), self.native)
        # a table has no lines: numbered in scan order (from 2, as a file's records are)
        cells = _column_cells(df, header, F.lit(0), self.native)
        return header, _numbered(cells.drop(LINE), F.spark_partition_id(), LINE, 2)

    def load(self) -> bool:
        from pyspark import StorageLevel
        from pyspark.sql import Window
        from pyspark.sql import functions as F

        got = self.cells()
        if got is None:
            return False
        header, raw = got
        table, codes = self.table, self.schema.code_sets
        ignored, usable = check_header(table, header, self.loc, self.diags)
        if not usable:
            return False
        index = {h: i for i, h in enumerate(header) if h in table.fields}
        values, bads = {}, []
        for h, i in index.items():  # header order: the first bad cell is the one named
            fld = table.fields[h]
            if i in self.native:
                v, bad = _native_typed(fld.type.kind, F.col(f"h{i}"))
            else:
                v, bad = _typed(fld.type.kind, fld, codes, F.col(f"h{i}"))
            values[h] = v
            bads.append((h, i, bad))
        width = len(header)
        problem = F.when(F.col("_cells") == -1, F.lit("malformed row")) \
            .when(F.col("_cells").isNotNull() & (F.col("_cells") != width), F.lit("wrong number of cells"))
        hand = [(h, i, bad) for h, i, bad in bads if table.fields[h].by_hand]  # read as missing, said, never rejected
        bads = [(h, i, bad) for h, i, bad in bads if not table.fields[h].by_hand]
        for _h, _i, bad in bads:
            problem = problem.when(bad, F.lit("bad value"))
        # the first bad column (header order) and its raw cell
        first_bad = F.coalesce(*[F.when(bad, F.lit(h)) for h, _, bad in bads], F.lit(None).cast("string")) if bads \
            else F.lit(None).cast("string")
        first_raw = F.coalesce(*[F.when(bad, F.col(f"h{i}").cast("string")) for _, i, bad in bads], F.lit(None).cast("string")) if bads \
            else F.lit(None).cast("string")
        required = [n for n, f in table.fields.items() if f.required]
        for n in required:
            if n in values:
                problem = problem.when(values[n].isNull(), F.lit("missing required value"))
        first_missing = F.coalesce(*[F.when(values[n].isNull(), F.lit(n)) for n in required if n in values],
                                   F.lit(None).cast("string")) if required else F.lit(None).cast("string")
        typed_cols = [F.col(LINE), problem.alias("_problem"), first_bad.alias("_bad"), first_raw.alias("_raw"),
                      first_missing.alias("_missing"), F.col("_cells")]
        typed_cols += [F.when(bad, F.col(f"h{i}")).alias(f"_u{i}") for _h, i, bad in hand]
        for n, fld in table.fields.items():
            col = values[n] if n in values else F.lit(None)
            typed_cols.append(col.cast(_sql_type(fld.type.kind)).alias(n))
        judged = raw.select(*typed_cols)
        key_parts = [F.coalesce(F.col(k).cast("string"), F.lit("None")) for k in table.key]
        key = key_parts[0] if len(key_parts) == 1 else F.concat_ws(KEY_SEPARATOR, *key_parts)
        judged = judged.withColumn("_key", F.when(F.col("_problem").isNull(), key))
        # one shuffle a table: the rows partitioned by key range here serve
        # the duplicate-key window (a range partitioning is a clustering by
        # key) and, sorted by key and line within each partition by that
        # window, the numbering in key order below; both windows share one
        # specification, so one sort (the first line of a key is the least
        # line up to each row)
        parts = max(1, int(self.spark.conf.get("spark.sql.shuffle.partitions")))
        judged = judged.repartitionByRange(parts, "_key")
        by_key = Window.partitionBy("_key").orderBy(LINE)
        judged = (judged.withColumn("_first", F.when(F.col("_key").isNotNull(), F.min(LINE).over(by_key)))
                  .withColumn("_problem", F.when(F.col("_key").isNotNull() & (F.row_number().over(by_key) > 1),
                                                 F.lit("duplicate key")).otherwise(F.col("_problem"))))
        judged = judged.persist(StorageLevel.MEMORY_AND_DISK)
        self._judged = judged
        try:
            counts = dict(judged.groupBy("_problem").count().collect())
            account = TableAccount(table.name, self.loc)
            account.read = sum(counts.values())
            account.loaded = counts.pop(None, 0)
            account.rejected = Counter({k: v for k, v in counts.items()})
            account.fields = {h for h in header if h in table.fields}
            account.ignored_columns = list(dict.fromkeys(ignored))
            self.account = account
            if counts:
                self._reject(judged, width)
            if hand:
                self._unread(judged, hand, index)
            accepted = judged.where(F.col("_problem").isNull()).select("_key", LINE, *[F.col(f"`{n}`") for n in table.fields])
            ordered = accepted.sortWithinPartitions("_key")  # already so (the window's sort): no shuffle
            numbered = _numbered(ordered, F.spark_partition_id(), ROW, 1)
            view = numbered.select(F.col(ROW), *[F.col(f"`{n}`") for n in table.fields], F.col(LINE), F.col("_key"))
            # kept in the executors with its lineage cut (a local checkpoint,
            # not persist): every rule's query then reads a scan of the kept
            # rows, not the whole typing, checking and numbering plan above,
            # which Spark would analyse, optimise and match against its cache
            # again for every reference in every rule (seconds a rule)
            view = view.localCheckpoint(eager=True, storageLevel=StorageLevel.MEMORY_AND_DISK)
            self.backend.adopt(table.name, view, [(ROW, "integer")] + [(n, f.type.kind) for n, f in table.fields.items()])
            self.view = view
        finally:
            judged.unpersist()
        return True

    def _reject(self, judged, width: int) -> None:
        from pyspark.sql import functions as F

        table = self.table
        rows = (judged.where(F.col("_problem").isNotNull())
                .select(LINE, "_problem", "_bad", "_raw", "_missing", "_cells", "_first",
                        F.coalesce(*[F.col(k).cast("string") for k in table.key], F.lit(None).cast("string")).alias("_k"),
                        *([F.concat_ws(KEY_SEPARATOR, *[F.coalesce(F.col(k).cast("string"), F.lit("None")) for k in table.key])
                           .alias("_dupkey")] if table.key else [F.lit(None).alias("_dupkey")]))
                .orderBy(LINE).collect())
        for line, problem, bad, raw, missing, cells, first, _k, dupkey in rows:
            if problem == "malformed row":
                self._add(line, None, None, problem,
                          "not valid CSV for the Spark reader: a quoted cell is not closed on its line "
                          "(a cell holding a line break: read this folder with --engine duckdb)")
            elif problem == "wrong number of cells":
                self._add(line, None, None, problem,
                          f"row has {cells} cell{'s' if cells != 1 else ''}; the header has {width}")
            elif problem == "bad value":
                fld = table.fields[bad]
                _, expected = coerce(fld, raw, self.schema.code_sets)
                expected = expected or f"{fld.type.kind} as Spark reads it"
                self._add(line, bad, raw, problem, f"`{show_value(raw)}` is not {expected}")
            elif problem == "missing required value":
                self._add(line, missing, None, problem, f"`{missing}` is required but blank")
            else:  # duplicate key
                key = dupkey
                self._add(line, KEY_SEPARATOR.join(table.key), key, problem, f"duplicate key `{key}` (first at row {first})")

    def _unread(self, judged, hand, index) -> None:
        """Hand-typed answers that are no code: a warning each (in row order,
        then header order), read as missing, as the loader does."""
        from pyspark.sql import functions as F

        cond: Any = None
        for _h, i, _b in hand:
            c = F.col(f"_u{i}").isNotNull()
            cond = c if cond is None else cond | c
        fine = F.col("_problem").isNull() | ~F.col("_problem").isin("wrong number of cells", "malformed row")
        rows = judged.where(cond & fine).select(LINE, "_bad", *[f"_u{i}" for _h, i, _b in hand]).orderBy(LINE).collect()
        for rec in rows:
            line, bad = rec[0], rec[1]
            for (h, _i, _b), cell in zip(hand, rec[2:]):
                if cell is None or (bad is not None and index[h] > index[bad]):
                    continue
                _, expected = coerce(self.table.fields[h], cell, self.schema.code_sets)
                self.diags.warning(f"column `{h}`: `{show_value(cell)}` is not {expected}; read as missing (not evidenced)",
                                   Location(self.loc, int(line)), code="unread-value")
                assert self.account is not None
                self.account.unread += 1

    def _add(self, line, column, value, reason, message) -> None:
        self.rejections.append(Rejection(self.table.name, self.loc, int(line), column,
                                         None if value is None else show_value(value), reason, message))


# --- integrity -----------------------------------------------------------------------------


def _integrity(spark, schema: DataSchema, loaded: dict[str, _Table], as_at) -> list[IntegrityIssue]:
    from pyspark.sql import functions as F

    issues: list[IntegrityIssue] = []
    for table in schema.tables.values():
        t = loaded.get(table.name)
        if t is None:
            continue
        view, file = t.view, t.loc
        for link in table.links.values():
            if link.inverse or link.target not in loaded:
                continue
            target = loaded[link.target].view.select(F.col(f"`{link.remote_field}`").alias("_v")).distinct()
            local = F.col(f"`{link.local_field}`")
            for line, key, v in (view.where(local.isNotNull()).join(target, local == F.col("_v"), "left_anti")
                                 .select(LINE, "_key", local.cast("string")).orderBy(ROW).collect()):
                issues.append(IntegrityIssue("orphan", table.name, file, line, key, link.local_field, v,
                                             f"{link.local_field} `{v}` has no {link.target} record"))
        for a, b in table.date_order:
            ca, cb = F.col(f"`{a}`"), F.col(f"`{b}`")
            for line, key, va, vb in view.where(cb < ca).select(LINE, "_key", ca, cb).orderBy(ROW).collect():
                issues.append(IntegrityIssue("date order", table.name, file, line, key, b, vb.isoformat(),
                                             f"{b} {vb.isoformat()} is before {a} {va.isoformat()}"))
        if as_at is not None:
            dates = [f.name for f in table.fields.values() if f.type.kind in ("date", "datetime") and not f.future]
            if dates:
                late = None
                for f in dates:
                    c = F.col(f"`{f}`").cast("date") > F.lit(as_at)
                    late = c if late is None else late | c
                for rec in view.where(late).select(LINE, "_key", *[F.col(f"`{f}`") for f in dates]).orderBy(ROW).collect():
                    line, key = rec[0], rec[1]
                    for f, v in zip(dates, rec[2:]):
                        if v is not None and (v.date() if isinstance(v, _dt.datetime) else v) > as_at:
                            issues.append(IntegrityIssue("after as_at", table.name, file, line, key, f, v.isoformat(),
                                                         f"{f} {v.isoformat()} is after the as-at date {as_at.isoformat()}"))
    issues.sort(key=lambda i: (i.table, i.row or 0, i.column, i.check))
    return issues


# --- the dataset ---------------------------------------------------------------------------


class SparkDataset(Dataset):
    """The records, read from the Spark views only when first asked for (a
    rule judged by the reference evaluator, a reason worded in Python): the
    rows then do come to the driver, and the result says which rules did so."""

    def __init__(self, spark, schema: DataSchema, names: list[str]):
        self._spark = spark
        self._schema = schema
        self._names = names
        self._tables: dict[str, list[Row]] | None = None
        self._by_key = {}
        self._by_field = {}

    @property
    def built(self) -> bool:
        return self._tables is not None

    @property
    def tables(self) -> dict[str, list[Row]]:
        if self._tables is None:
            out: dict[str, list[Row]] = {}
            for name, table in self._schema.tables.items():
                rows: list[Row] = []
                out[name] = rows
                if name not in self._names:
                    continue
                fields = list(table.fields)
                df = self._spark.table(f"`{name}`").orderBy(ROW).select("_key", *[f"`{f}`" for f in fields], LINE)
                for rec in df.toLocalIterator():
                    rows.append(Row(name, rec[0], dict(zip(fields, rec[1:-1])), rec[-1]))
            self._tables = out
        return self._tables

    @tables.setter
    def tables(self, value: dict[str, list[Row]]) -> None:
        self._tables = value

    def min_value(self, table: str, field: str, upto=None):
        if self._tables is not None:
            return super().min_value(table, field, upto)
        t = self._schema.tables.get(table)
        if t is None or field not in t.fields or table not in self._names:
            return None
        from pyspark.sql import functions as F

        df = self._spark.table(f"`{table}`")
        if upto is not None:
            df = df.where(F.col(f"`{field}`") <= F.lit(upto))
        return df.agg(F.min(f"`{field}`")).collect()[0][0]


def _lookalikes(spark, schema: DataSchema, loaded: dict[str, _Table], accounts, diags: Diagnostics) -> None:
    """The lookalike-ID check (``data/idcheck.py``) on the keys that are not
    plain ASCII and their normal forms: only those come to the driver."""
    from pyspark.sql import functions as F

    from checker.data.idcheck import lookalike_ids, normal

    rows: dict[str, list[Row]] = {}
    for name, t in loaded.items():
        table = schema.tables[name]
        if len(table.key) != 1:
            continue
        k = F.col(f"`{table.key[0]}`").cast("string")
        odd = [r[0] for r in t.view.where(k.isNotNull() & ~k.rlike("^[ -~]*$")).select(k).distinct().collect()]
        if not odd:
            continue
        norms = sorted({normal(x) for x in odd})
        present = [r[0] for r in t.view.where(k.isin(norms)).select(k).distinct().collect()]
        rows[name] = [Row(name, key, {}, None) for key in sorted(set(odd) | set(present))]

    if rows:
        from types import SimpleNamespace

        diags.extend(lookalike_ids(schema, SimpleNamespace(dataset=Dataset(rows), accounts=accounts)))


# --- the whole input -----------------------------------------------------------------------


def load_into_spark(backend, schema: DataSchema, data: str, input_format: str | None, as_at) -> LoadResult | None:
    """Read ``data`` with Spark into one cached temporary view per schema table
    (``_row``, the fields, ``_line``, ``_key``) of the Spark backend's session
    (``backend.spark``; each view handed to ``backend.adopt``, which drops it
    on close), and
    return what the Python loader would; None (nothing made) when the input
    is not one Spark reads here."""
    global last_decline
    last_decline = None
    spark = backend.spark
    diags = Diagnostics()
    try:
        fmt, found = _sources(spark, schema, data, input_format, diags)
    except _Decline as exc:
        last_decline = str(exc)
        return None
    except _NoData as exc:
        diags.error(str(exc), Location(data), code="missing-table")
        found, fmt = {}, "table"
    loaded: dict[str, _Table] = {}
    accounts: dict[str, TableAccount] = {}
    rejections: list[Rejection] = []
    for name, table in schema.tables.items():
        if name not in found:
            continue
        t = _Table(backend, schema, table, fmt, found[name], diags)
        if t.load():
            loaded[name] = t
            assert t.account is not None
            accounts[name] = t.account
            rejections.extend(t.rejections)
    for name in schema.tables:  # every table the rules read exists, empty if not given
        if name not in loaded:
            _empty_view(backend, schema.tables[name])
    rejections.sort(key=lambda r: (r.table, r.row, r.column or ""))
    integrity = _integrity(spark, schema, loaded, as_at) if not diags.errors else []
    if not diags.errors:
        _lookalikes(spark, schema, loaded, accounts, diags)
    missing = [t for t in schema.tables if t not in loaded]
    result = LoadResult(SparkDataset(spark, schema, list(loaded)), accounts, rejections, diags, missing, integrity,
                        "csv" if fmt == "csv" else "parquet" if fmt == "parquet" else "spark-table")
    result.in_database = True
    return result


def _empty_view(backend, table: Table) -> None:
    cols = ", ".join([f"CAST(NULL AS BIGINT) AS `{ROW}`"]
                     + [f"CAST(NULL AS {_sql_type(f.type.kind)}) AS `{n}`" for n, f in table.fields.items()]
                     + [f"CAST(NULL AS BIGINT) AS `{LINE}`", "CAST(NULL AS STRING) AS `_key`"])
    backend.adopt(table.name, backend.spark.sql(f"SELECT {cols} WHERE false"),
                  [(ROW, "integer")] + [(n, f.type.kind) for n, f in table.fields.items()])


_ = Any
