"""Input formats: one registry, read by everything that lists them.

Each format is one :class:`Format` record here: its reader (which maps the
format onto the data schema; the loader, ``checker/data/load.py``, coerces
and checks every row the same way whatever the format), its writer (for
``generate``, ``convert`` and the round-trip tests), whether it is a file or
a folder, and where detection tries it. The CLI's ``--input-format``,
``generate --format`` and ``convert --to`` choices, the benches and the tests
all take their lists from :data:`FORMATS`: a new format is its module plus
one record.

``detect`` decides from the content, not the file name alone, and says why
when it cannot decide.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from checker.data.readers.base import files_by_table
from checker.errors import Diagnostics, Location


@dataclass(frozen=True)
class Format:
    name: str
    #: What a user has in this format (for help texts and the README).
    description: str
    #: ``module:Class`` of the reader, in this package.
    reader: str
    #: ``module:function`` of the writer, ``write(tables, schema, out[, as_at])``.
    writer: str
    #: A folder of files (else one file).
    folder: bool
    #: Holds any schema's tables as they are (``convert --to`` can write it),
    #: rather than mapping the csc schema onto a return's own layout.
    tabular: bool = False
    #: Its writer takes the as-at date (returns dated by their census year).
    dated: bool = False
    #: Detection tries formats in this order, lowest first: the most
    #: particular first (a census XML or an Annex A workbook before any
    #: workbook), CSV, which any folder of text files could be, last.
    detect_rank: int = 50


#: Every input format, in the order options list them.
FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("csv", "a folder of <table>.csv files (the native form)", "native:CsvFolder", "native:write_csv_folder",
           folder=True, tabular=True, detect_rank=90),
    Format("jsonl", "a folder of <table>.jsonl files", "native:JsonLinesFolder", "native:write_jsonl_folder",
           folder=True, tabular=True, detect_rank=80),
    Format("xlsx", "an Excel workbook with one sheet per table", "xlsx:Workbook", "xlsx:write", folder=False,
           detect_rank=40),
    Format("annex-a", "an Ofsted Annex A workbook (lists 1-11)", "annex_a:AnnexA", "annex_a_write:write",
           folder=False, dated=True, detect_rank=20),
    Format("cin-xml", "a DfE Children in Need census XML return", "cin_xml:CinCensus", "cin_xml:write",
           folder=False, dated=True, detect_rank=10),
    Format("ssda903", "a folder of SSDA903 (children looked after) return CSV files", "ssda903:Ssda903",
           "ssda903_write:write", folder=True, dated=True, detect_rank=30),
    Format("ssda903-xml", "an SSDA903 (children looked after) return as one XML file (<EXPSSDA903>)",
           "ssda903_xml:Ssda903Xml", "ssda903_xml_write:write", folder=False, dated=True, detect_rank=12),
    Format("parquet", "a folder of <table>.parquet files (read with DuckDB)", "parquet:ParquetFolder",
           "parquet:write", folder=True, tabular=True, detect_rank=60),
    Format("ssd", "a folder of Standard Safeguarding Dataset extracts (ssd_*.csv), read through the ssd binding",
           "ssd:Ssd", "ssd:write", folder=True, dated=True, detect_rank=25),
)}


def formats() -> list[str]:
    """Every format's name, in the order options list them."""
    return list(FORMATS)


def tabular_formats() -> list[str]:
    """Formats that hold any schema's tables as they are (``convert --to``)."""
    return [n for n in formats() if FORMATS[n].tabular]


def _attr(spec: str):
    module, name = spec.split(":")
    try:
        mod = importlib.import_module(f"{__name__}.{module}")
    except ModuleNotFoundError as exc:  # a format whose module is not built yet
        raise KeyError(f"format `{spec}` is not available: {exc}") from None
    return getattr(mod, name)


def reader(name: str):
    return _attr(FORMATS[name].reader)()


def writer(name: str) -> Callable:
    """A function (tables, schema, out, as_at) writing typed csc tables in
    format ``name``: the generator's --format and the round-trip tests."""
    fmt = FORMATS[name]
    write = _attr(fmt.writer)
    if fmt.dated:
        return lambda tables, schema, out, as_at: write(tables, schema, Path(out), as_at)
    return lambda tables, schema, out, as_at: write(tables, schema, Path(out))


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


def _why_unknown(path: Path) -> str:
    """What is plainly wrong with data no reader recognised (said after "cannot tell what
    format"): nothing in it, no right to read it, or a workbook's name on what is no workbook."""
    import os
    import zipfile

    try:
        if not os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0)):
            return ": permission denied (casecheck cannot read it)"
        if path.is_dir():
            return ": it is empty" if not any(path.iterdir()) else ""
        if path.stat().st_size == 0:
            return ": it is empty (0 bytes)"
        if path.suffix.lower() in (".xlsx", ".xlsm") and not zipfile.is_zipfile(path):
            return (f": it is named as an Excel workbook ({path.suffix}) but is not one (an .xlsx file is a zip "
                    "archive; this one is cut short, damaged, or another format renamed)")
    except OSError as exc:
        return f": {exc.strerror}"
    return ""


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
    for name in sorted(FORMATS, key=lambda n: FORMATS[n].detect_rank):
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
        f"cannot tell what format the {what} `{path}` is in" + _why_unknown(path),
        Location(str(path)),
        code="unknown-format",
        suggestion=f"name it with --input-format ({', '.join(FORMATS)}); a folder needs <table>.csv, <table>.jsonl or <table>.parquet files named after the schema's tables",
    )
    return None
