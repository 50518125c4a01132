"""Input formats. Each reader maps one format onto the data schema; the
loader (``checker/data.py``) coerces and checks every row the same way
whatever the format.

| format    | what it reads                                                       |
| --------- | ------------------------------------------------------------------- |
| csv       | a folder of <table>.csv files (the native form)                      |
| jsonl     | a folder of <table>.jsonl files                                      |
| xlsx      | an Excel workbook with one sheet per table                           |
| annex-a   | an Ofsted Annex A workbook (lists 1-11)                              |
| cin-xml   | a DfE Children in Need census XML return                             |
| ssda903   | a folder of SSDA903 (children looked after) return CSV files         |
| parquet   | a folder of <table>.parquet files (read with DuckDB)                 |

``detect`` decides from the content, not the file name alone, and says why
when it cannot decide.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from checker.data.readers.base import files_by_table
from checker.errors import Diagnostics, Location

# format name -> "module:Class"; modules import lazily (openpyxl is slow to import)
_READERS = {
    "csv": "native:CsvFolder",
    "jsonl": "native:JsonLinesFolder",
    "xlsx": "xlsx:Workbook",
    "annex-a": "annex_a:AnnexA",
    "cin-xml": "cin_xml:CinCensus",
    "ssda903": "ssda903:Ssda903",
    "parquet": "parquet:ParquetFolder",
}
# order of sniffing: the most specific first
# (a Parquet folder before CSV: `convert --to parquet` writes rejects.csv beside the tables)
_SNIFF_ORDER = ["cin-xml", "annex-a", "ssda903", "xlsx", "parquet", "jsonl", "csv"]


def formats() -> list[str]:
    return list(_READERS)


def reader(name: str):
    module, cls = _READERS[name].split(":")
    try:
        mod = importlib.import_module(f"{__name__}.{module}")
    except ModuleNotFoundError as exc:  # a format whose reader is not built yet
        raise KeyError(f"format `{name}` is not available: {exc}") from None
    return getattr(mod, cls)()


def writer(name: str):
    """A function (tables, schema, out, as_at) writing typed csc tables in
    format ``name``: the generator's --format and the round-trip tests."""
    from checker.data.readers import native

    if name == "csv":
        return lambda tables, schema, out, as_at: native.write_csv_folder(tables, schema, Path(out))
    if name == "jsonl":
        return lambda tables, schema, out, as_at: native.write_jsonl_folder(tables, schema, Path(out))
    if name == "parquet":
        from checker.data.readers import parquet

        return lambda tables, schema, out, as_at: parquet.write(tables, schema, Path(out))
    module = importlib.import_module(f"{__name__}.{_READERS[name].split(':')[0]}")
    if name in ("cin-xml", "annex-a"):
        return lambda tables, schema, out, as_at: module.write(tables, schema, Path(out), as_at)
    return lambda tables, schema, out, as_at: module.write(tables, schema, Path(out))


def _protected(path: Path) -> str | None:
    """Why a file is no workbook casecheck can read, when it is an Office
    file: a password-protected (encrypted) workbook is an OLE container
    holding an ``EncryptedPackage`` stream; an old .xls is OLE without one."""
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            if head != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
                return None
            body = f.read(4 << 20)
    except OSError:
        return None
    if "EncryptedPackage".encode("utf-16-le") in body:
        return f"`{path.name}` is a password-protected (encrypted) workbook: casecheck cannot read it"
    return f"`{path.name}` is an old-style binary Excel file (.xls) or another OLE file, not an .xlsx workbook"


def detect(path: Path, diags: Diagnostics) -> str | None:
    if path.is_dir():
        try:
            forms = {suffix: set(files_by_table(path, suffix)) for suffix in (".csv", ".jsonl", ".parquet")}
        except OSError:
            forms = {}
        twice = sorted({f"{t}{a}` and `{t}{b}" for a in forms for b in forms if a < b for t in forms[a] & forms[b]})
        if twice:  # the same table in two forms: which one is the data?
            diags.error(
                f"the folder `{path}` holds the same table in two forms (`{twice[0]}`"
                + (f", and {len(twice) - 1} more" if len(twice) > 1 else "") + ")",
                Location(str(path)),
                code="unknown-format",
                suggestion="keep one form of each table, or name the one to read with --input-format csv, jsonl or parquet",
            )
            return None
    for name in _SNIFF_ORDER:
        try:
            r = reader(name)
        except KeyError:
            continue
        try:
            if r.sniff(path):
                return name
        except OSError:
            continue
    what = "folder" if path.is_dir() else "file"
    protected = _protected(path)
    if protected:
        diags.error(protected, Location(str(path)), code="encrypted",
                    suggestion="open it in Excel, remove the password (File > Info > Protect Workbook) and save it as .xlsx")
        return None
    diags.error(
        f"cannot tell what format the {what} `{path}` is in",
        Location(str(path)),
        code="unknown-format",
        suggestion=f"name it with --input-format ({', '.join(_READERS)}); a folder needs <table>.csv, <table>.jsonl or <table>.parquet files named after the schema's tables",
    )
    return None
