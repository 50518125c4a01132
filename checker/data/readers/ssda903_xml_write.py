"""Writing an SSDA903 return as its XML form (``ssda903_xml`` reads it).

``casecheck generate --format ssda903-xml`` writes the same return as
``--format ssda903`` (``ssda903_write``), as one ``<EXPSSDA903>`` file: the
CSV folder is written first, then each child's rows of every file are put
in its ``<CHILD>`` (:func:`csv_to_xml`, which converts any folder of 903
CSV files). One element a line, so that a message's line is the row's.

What the XML form cannot hold is left out and counted (the counts are
returned): SWEpisodes rows (the form has none), a second UASC, OC3 or AD1
row of one child (their values are single HEADER elements), and a file's
own DOB or SEX where it differs from the Header's (each row takes the
child's), and the rows of a child not in the Header file (each row of the
XML form is within its child's CHILD, which has a HEADER: making one up
would add a Header row the CSV return does not have). The
UASC status is 1 for a child in the UASC file, else 0 (as the validator's
CSV reader sets it). A Header row repeating a CHILD makes a second CHILD
element (the blocks go to the first).
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import shutil
from collections import Counter, defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

from checker import scratch
from checker.data.readers.ssda903 import identify
from checker.data.readers.ssda903_xml import ROOT
from checker.schema import DataSchema

#: the HEADER's elements in the order the DfE sample gives them, and the file each comes from
_HEAD = (("CHILDID", "Header", "CHILD"), ("UPN", "Header", "UPN"), ("SEX", "Header", "SEX"), ("DOB", "Header", "DOB"),
         ("ETHNIC", "Header", "ETHNIC"))
_OC3 = ("IN_TOUCH", "ACTIV", "ACCOM")
_AD1 = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
#: block element -> (file, its elements as (element, column))
_BLOCKS = {
    "AMISSING": ("Missing", (("MISSING", "MISSING"), ("MIS_START", "MIS_START"), ("MIS_END", "MIS_END"))),
    "AREVIEW": ("Reviews", (("REVIEW", "REVIEW"), ("REVIEW_CODE", "REVIEW_CODE"))),
    "PERMANENCE": ("PrevPerm", (("PREV_PERM", "PREV_PERM"), ("LA_PERM", "LA_PERM"), ("DATE_PERM", "DATE_PERM"))),
    "OC2": ("OC2", tuple((c, c) for c in ("SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
                                          "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                                          "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))),
    "AD_PLACED": ("PlacedAdoption", (("DATE_PLACED", "DATE_PLACED"), ("DATE_PLACED_CEASED", "DATE_PLACED_CEASED"),
                                     ("REASON_PLACED_CEASED", "REASON_PLACED_CEASED"))),
}
_EPISODE = (("DECOM", "DECOM"), ("RNE", "RNE"), ("LS", "LS"), ("CIN", "CIN"), ("PL", "PLACE"), ("PL_POST", "PL_POST"),
            ("HOME_POST", "HOME_POST"), ("URN", "URN"), ("PLACE_PROVIDER", "PLACE_PROVIDER"), ("DEC", "DEC"),
            ("REC", "REC"), ("REASON_PLACE_CHANGE", "REASON_PLACE_CHANGE"))


def _read_folder(folder: Path) -> dict[str, list[dict[str, str]]]:
    """The folder's 903 CSV files by kind (recognised by their columns), rows as dicts of stripped text."""
    out: dict[str, list[dict[str, str]]] = {}
    for p in sorted(Path(folder).glob("*.csv")):
        with open(p, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
        if not rows:
            continue
        head = [h.strip().upper() for h in rows[0]]
        kind = identify(head)
        if kind is None or kind in out:
            continue
        out[kind] = [dict(zip(head, (c.strip() for c in r))) for r in rows[1:] if any(c.strip() for c in r)]
    return out


def _el(name: str, value: str | None, indent: str) -> str:
    return f"{indent}<{name}>{escape(value)}</{name}>\n" if value else f"{indent}<{name} />\n"


def csv_to_xml(folder: Path, out: Path) -> dict[str, int]:
    """Write the 903 CSV files of ``folder`` as one XML return at ``out``; returns what the XML form could not hold,
    by what (empty when nothing was left out)."""
    files = _read_folder(Path(folder))
    lost: Counter = Counter()
    by_child: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    order: list[str] = []
    seen: set[str] = set()
    for kind in ("Header", "Episodes", "Reviews", "UASC", "OC2", "OC3", "AD1", "PlacedAdoption", "PrevPerm", "Missing"):
        for row in files.get(kind, ()):
            child = row.get("CHILD", "")
            if kind != "Header" and child not in seen:
                seen.add(child)
                order.append(child)
            by_child[child][kind].append(row)
    for kind in ("SWEpisodes", "DoLo"):
        if files.get(kind):
            lost[f"{kind} rows (the XML form has no such file)"] += len(files[kind])
    headers = files.get("Header", [])
    header_children = {r.get("CHILD", "") for r in headers}
    for c in order:
        if c not in header_children:  # rows the XML form has no place for: every row is within its child's HEADER
            for kind, kept in by_child[c].items():
                lost[f"{kind} rows of a child not in the Header file (the XML form holds a child's rows in its CHILD)"] += len(kept)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    written: set[str] = set()
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"<?xml version='1.0' encoding='utf-8'?>\n<{ROOT}>\n")
        for row in headers:
            child = row.get("CHILD", "")
            first = child not in written
            written.add(child)
            fh.write(_child(row, by_child[child] if first else {}, lost))
        fh.write(f"</{ROOT}>\n")
    tmp.replace(out)
    return dict(lost)


def _child(header: dict, rows, lost: Counter) -> str:
    """One CHILD element: ``header`` its Header row (or just its CHILD), ``rows`` its rows of every other file."""
    parts = ["  <CHILD>\n", "    <HEADER>\n"]
    blocks = [r for k in ("UASC", "OC3", "AD1", "Reviews", "Missing", "OC2", "PrevPerm", "PlacedAdoption", "Episodes")
              for r in rows.get(k, ())]
    dob = header.get("DOB") or next((r.get("DOB") for r in blocks if r.get("DOB")), None)
    sex = header.get("SEX") or next((r.get("SEX") for r in rows.get("UASC", ()) if r.get("SEX")), None)
    for k in ("Reviews", "UASC", "OC2", "OC3", "AD1", "PlacedAdoption", "PrevPerm", "Missing"):
        for r in rows.get(k, ()):
            if r.get("DOB") and dob and r["DOB"] != dob:
                lost[f"{k} DOB differing from the Header's (the XML form has one DOB per child)"] += 1
            if k == "UASC" and r.get("SEX") and sex and r["SEX"] != sex:
                lost["UASC SEX differing from the Header's (the XML form has one SEX per child)"] += 1
    values = {"CHILDID": header.get("CHILD"), "UPN": header.get("UPN"), "SEX": sex, "DOB": dob, "ETHNIC": header.get("ETHNIC")}
    for name, _, _ in _HEAD:
        parts.append(_el(name, values[name], "      "))
    uasc = rows.get("UASC", [])
    parts.append(_el("UASC", "1" if uasc else "0", "      "))
    if uasc:
        parts.append(_el("DUC", uasc[0].get("DUC"), "      "))
    for kind, names in (("OC3", _OC3), ("AD1", _AD1)):
        got = rows.get(kind, [])
        if got:
            parts.extend(_el(n, got[0].get(n), "      ") for n in names)
    for kind in ("UASC", "OC3", "AD1"):
        if len(rows.get(kind, ())) > 1:
            lost[f"a second {kind} row of one child (the XML form holds one)"] += len(rows[kind]) - 1
    for name in ("AMISSING", "AREVIEW"):
        parts.extend(_block(name, r) for r in rows.get(_BLOCKS[name][0], ()))
    parts.append(_el("MOTHER", header.get("MOTHER"), "      "))
    parts.append(_el("MC_DOB", header.get("MC_DOB"), "      "))
    for name in ("PERMANENCE", "OC2", "AD_PLACED"):
        parts.extend(_block(name, r) for r in rows.get(_BLOCKS[name][0], ()))
    parts.append("    </HEADER>\n")
    for r in rows.get("Episodes", ()):
        parts.append("    <EPISODE>\n" + "".join(_el(e, r.get(c), "      ") for e, c in _EPISODE) + "    </EPISODE>\n")
    parts.append("  </CHILD>\n")
    return "".join(parts)


def _block(name: str, row: dict) -> str:
    _, elements = _BLOCKS[name]
    return f"      <{name}>\n" + "".join(_el(e, row.get(c), "        ") for e, c in elements) + f"      </{name}>\n"


def write(tables: dict[str, list[dict]], schema: DataSchema, out: Path, as_at: _dt.date | None = None) -> dict[str, int]:
    """Write generated ``csc`` tables as an SSDA903 XML return at ``out`` (the return ``ssda903_write.write`` writes
    as CSV files); returns what the XML form could not hold."""
    from checker.data.readers.ssda903_write import write as write_csv

    with scratch.folder("xml") as tmp:
        write_csv(tables, schema, Path(tmp), as_at)
        return csv_to_xml(Path(tmp), Path(out))


def previous_path(out: Path) -> Path:
    """Where ``--with-previous`` writes the previous year's XML return beside ``out``."""
    out = Path(out)
    return out.with_name(f"{out.stem}-previous{out.suffix or '.xml'}")


def write_with_previous(tables: dict[str, list[dict]], schema: DataSchema, out: Path, as_at: _dt.date, seed: int) -> dict:
    """Both years' returns as XML, as ``generate --format ssda903 --with-previous`` writes them as CSV
    (``ssda903_previous``): this year's at ``out``, the previous year's at :func:`previous_path`, the problems
    planted in it in ``<that stem>-planted.json``. Returns the planted problems."""
    from checker.data.readers.ssda903_previous import trim_to_year, write_previous
    from checker.data.readers.ssda903_write import write as write_csv

    with scratch.folder("xml") as tmp:
        folder = Path(tmp) / "current"
        write_csv(tables, schema, folder, as_at)
        planted = write_previous(folder, Path(tmp) / "previous", as_at, seed)
        trim_to_year(folder, as_at)
        csv_to_xml(folder, Path(out))
        prev = previous_path(Path(out))
        csv_to_xml(Path(tmp) / "previous", prev)
        shutil.copyfile(Path(tmp) / "previous" / "planted.json", prev.with_name(f"{prev.stem}-planted.json"))
    return json.loads(json.dumps(planted))
