"""The native forms: a folder of ``<table>.csv`` or ``<table>.jsonl`` files,
one per schema table, whose columns are the schema's field names.

CSV: UTF-8 with or without a BOM, or Windows-1252 (said when used). The
separator is `,` or `;`, decided from the header line and always reported
when it is `;`, never guessed silently. Blank lines (Excel's padding) are
not rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from checker.data.readers.base import (
    RawRow,
    Source,
    decode,
    files_by_table,
    is_dir_of,
    read_delimited_text,
)
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema, Table
from checker.suggest import did_you_mean

MANIFEST = "casecheck-source.json"  # written by `casecheck convert`: tables it could only partly fill


def read_manifest(folder: Path) -> dict:
    """The manifest ``casecheck convert`` writes beside the tables of a return
    it converted (which format, the tables it held only in part, what it did
    not carry: ``data/load.not_carried_manifest``); empty when there is none
    or it is not a JSON object."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return {}
    return data if isinstance(data, dict) else {}


def partial_tables(folder: Path) -> dict[str, str]:
    """Tables a converted folder holds only in part (from its manifest)."""
    try:
        return {str(k): str(v) for k, v in (read_manifest(folder).get("partial") or {}).items()}
    except AttributeError:
        return {}


def report_unknown_files(found: dict[str, Path], schema: DataSchema, diags: Diagnostics) -> None:
    for stem, path in found.items():
        if stem == "rejects":  # casecheck's own rejects.csv, written beside converted tables
            continue
        if stem not in schema.tables:
            diags.warning(
                f"`{path.name}` is not a table of schema `{schema.name}`; it was not read",
                Location(str(path)),
                code="unknown-table",
                suggestion=did_you_mean(stem, schema.tables),
            )


MAX_COLUMN_WARNINGS = 20  # unknown columns warned of one by one; the rest in one warning


def check_header(table: Table, header: list[str], file: str, diags: Diagnostics) -> tuple[list[str], bool]:
    """Report unknown and absent columns. Returns (ignored columns, usable)."""
    ignored = []
    for i, h in enumerate(header):
        if h not in table.fields:
            ignored.append(h)
            if len(ignored) > MAX_COLUMN_WARNINGS:
                continue
            diags.warning(
                f"column `{h}` of `{Path(file).name}` is not a field of `{table.name}`; it was ignored",
                Location(file, 1, i + 1),
                code="unknown-column",
                suggestion=did_you_mean(h, table.fields),
            )
    if len(ignored) > MAX_COLUMN_WARNINGS:
        diags.warning(
            f"... and {len(ignored) - MAX_COLUMN_WARNINGS} more columns of `{Path(file).name}` that are not fields of `{table.name}`; they were ignored",
            Location(file, 1, 1),
            code="unknown-column",
        )
    usable = True
    absent = []
    for name, fld in table.fields.items():
        if name in header:
            continue
        if fld.required:
            usable = False
            diags.error(
                f"`{Path(file).name}` has no column `{name}`, which `{table.name}` requires",
                Location(file, 1, 1),
                code="missing-column",
                suggestion=did_you_mean(name, [h for h in header if h not in table.fields]),
            )
        else:
            absent.append(name)
    if absent:
        listed = ", ".join(f"`{a}`" for a in absent)
        diags.warning(
            f"`{Path(file).name}` has no column{'s' if len(absent) > 1 else ''} {listed}; "
            f"{'their values are' if len(absent) > 1 else 'its values are'} all missing",
            Location(file, 1, 1),
            code="missing-column",
        )
    dupes = sorted(h for h, n in Counter(header).items() if n > 1)
    for h in dupes:
        usable = False
        diags.error(f"`{Path(file).name}` has the column `{h}` more than once", Location(file, 1, header.index(h) + 1), code="duplicate-column")
    return ignored, usable


class CsvFolder:
    name = "csv"
    description = "a folder of <table>.csv files (the native form)"

    def sniff(self, path: Path) -> bool:
        return is_dir_of(path, ".csv")

    def read(self, path: Path, schema: DataSchema, diags: Diagnostics) -> Iterator[Source]:
        found = files_by_table(path, ".csv")
        report_unknown_files(found, schema, diags)
        partial = partial_tables(path)
        self.manifest = read_manifest(path)
        for name, table in schema.tables.items():
            if name in found:
                src = read_csv_table(found[name], table, diags)
                if src is not None:
                    src.partial = partial.get(name)
                    yield src


def read_csv_table(path: Path, table: Table, diags: Diagnostics) -> Source | None:
    file = str(path)
    got = read_delimited_text(path, diags)
    if got is None:
        return None
    text, delimiter = got
    if not text.strip():
        diags.error(f"`{path.name}` is empty: it has no header row", Location(file, 1, 1), code="empty-file")
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except csv.Error as exc:
        diags.error(f"`{path.name}` header is not valid CSV: {exc}", Location(file, 1, 1), code="bad-csv")
        return None
    ignored, usable = check_header(table, header, file, diags)
    if not usable:
        return None

    def rows() -> Iterator[RawRow]:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # e.g. a cell over the csv module's size limit: reject the row, read on
                yield RawRow(start, None, f"not valid CSV: {exc}", "malformed row")
                continue
            if not cells or all(not c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problem = f"row has {len(cells)} cell{'s' if len(cells) != 1 else ''}; the header has {len(header)}"
                if reader.line_num > start:
                    problem += f" (a quoted cell runs from line {start} to line {reader.line_num}: is a closing quote missing?)"
                yield RawRow(start, None, problem, "wrong number of cells")
                continue
            lineno = start
            yield RawRow(lineno, {h: c for h, c in zip(header, cells) if h in table.fields})

    return Source(table.name, file, rows(), ignored, fields=frozenset(h for h in header if h in table.fields))


class JsonLinesFolder:
    name = "jsonl"
    description = "a folder of <table>.jsonl files: one JSON object per line, keys are field names"

    def sniff(self, path: Path) -> bool:
        return is_dir_of(path, ".jsonl")

    def read(self, path: Path, schema: DataSchema, diags: Diagnostics) -> Iterator[Source]:
        found = files_by_table(path, ".jsonl")
        report_unknown_files(found, schema, diags)
        self.manifest = read_manifest(path)
        for name, table in schema.tables.items():
            if name not in found:
                continue
            file = str(found[name])
            text = decode(found[name].read_bytes(), file, diags)
            if text is None:
                continue
            seen_unknown: set[str] = set()

            def rows(text=text, table=table, file=file, seen_unknown=seen_unknown) -> Iterator[RawRow]:
                # JSON lines end at \n (or \r\n) only: a raw U+2028, U+0085 or form feed inside a
                # string is part of its record (str.splitlines would split the record there)
                for lineno, line in enumerate(text.split("\n"), start=1):
                    line = line.removesuffix("\r")
                    if not line.strip():
                        continue
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError as exc:
                        yield RawRow(lineno, None, f"not valid JSON: {exc.msg} at column {exc.colno}", "malformed row")
                        continue
                    except (ValueError, RecursionError) as exc:  # a number of over 4,300 digits; nesting too deep
                        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(":")[0]
                        yield RawRow(lineno, None, f"not valid JSON: {why}", "malformed row")
                        continue
                    if not isinstance(obj, dict):
                        yield RawRow(lineno, None, "not a JSON object", "malformed row")
                        continue
                    for k in obj:
                        if k not in table.fields and k not in seen_unknown:
                            seen_unknown.add(k)
                            diags.warning(
                                f"key `{k}` in `{Path(file).name}` is not a field of `{table.name}`; it was ignored",
                                Location(file, lineno, 1),
                                code="unknown-column",
                                suggestion=did_you_mean(k, table.fields),
                            )
                    values = {k: v for k, v in obj.items() if k in table.fields}
                    bad = [k for k, v in values.items() if isinstance(v, (dict, list))]
                    if bad:
                        yield RawRow(lineno, None, f"`{bad[0]}` holds a {type(values[bad[0]]).__name__}, not a single value", "bad value")
                        continue
                    yield RawRow(lineno, values)

            # the set itself: it fills as the rows are read, and the loader takes it after them
            yield Source(table.name, file, rows(), seen_unknown)  # type: ignore[arg-type]


def write_csv_folder(tables: dict[str, list[dict]], schema: DataSchema, out: Path) -> None:
    """Write typed records as the native CSV folder (ISO dates, true/false,
    blank for missing), header in schema order. Deterministic."""
    out.mkdir(parents=True, exist_ok=True)
    for name, table in schema.tables.items():
        fields = list(table.fields)
        with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(fields)
            for rec in tables.get(name, ()):
                w.writerow([format_cell(rec.get(f)) for f in fields])


def write_jsonl_folder(tables: dict[str, list[dict]], schema: DataSchema, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, table in schema.tables.items():
        with open(out / f"{name}.jsonl", "w", encoding="utf-8", newline="\n") as fh:
            for rec in tables.get(name, ()):
                obj = {f: json_value(rec.get(f)) for f in table.fields if rec.get(f) is not None}
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")


def format_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def json_value(v):
    if isinstance(v, bool) or isinstance(v, (int, str)) or v is None:
        return v
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)
