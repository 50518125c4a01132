"""The SSDA903 return as one XML file (the XML form the DfE validator reads), for the ``ssda903`` schema.

Councils send the return as CSV files (``ssda903``) or as one XML file; the
DfE validator (csc-validator-be-903, ``lac_validator/ingress.py``,
``read_xml_from_text``) reads both, the XML by turning it into the same
tables as the CSV files. This reader does the same, into the same
``ssda903`` tables, so that the ``dfe-903`` pack judges both forms alike.

Structure (``tests/fake_data/fake_903.xml`` in the validator's repository)::

    EXPSSDA903
      CHILD (repeating)
        HEADER
          CHILDID UPN SEX DOB ETHNIC MOTHER MC_DOB   -> Header (CHILDID is CHILD)
          UASC                                       -> Header.UASC: the UASC status (0 or 1), XML only
          DUC                                        -> UASC
          IN_TOUCH ACTIV ACCOM                       -> OC3
          DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR -> AD1
          AREVIEW (repeating): REVIEW REVIEW_CODE    -> Reviews
          AMISSING (repeating): MISSING MIS_START MIS_END -> Missing
          OC2: SDQ_SCORE SDQ_REASON CONVICTED ...    -> OC2
          PERMANENCE: PREV_PERM LA_PERM DATE_PERM    -> PrevPerm
          AD_PLACED (repeating): DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED -> PlacedAdoption
        EPISODE (repeating): DECOM RNE LS CIN PL PLACE_PROVIDER DEC REC
                             REASON_PLACE_CHANGE HOME_POST PL_POST URN -> Episodes (PL is PLACE)

Every row of a block's file also has the child's CHILD and DOB (and, in
UASC, SEX) from the HEADER, as the validator fills them; an element of the
file's own within the block (a DOB in an AREVIEW) wins, as it does there.

Rows and their place
--------------------
Each table's rows come in document order, so the nth row of a table here
is the nth row of the validator's converted table (its index n - 1): the
key is ``<CHILD>#<n>`` and ``row`` is n, as for a CSV file, and the two
tools name the same rows. Header has one row per CHILD. A Reviews, Missing,
OC2, PrevPerm or PlacedAdoption row is one block; an Episodes row one
EPISODE. The three files held as plain HEADER elements have a row when the
child has one of them: UASC when the UASC status is sent and is not ``0``,
or a DUC is sent (the validator: when the UASC element has any text, ``0``
included, so every child whose status is sent, as the return requires, is a
UASC child to its rules on that file; DIFFERENCES.md); OC3 when IN_TOUCH,
ACTIV or ACCOM is sent (the validator: IN_TOUCH); AD1 when any of its six is
sent (the validator: DATE_INT). A row's ``number`` (what messages call its
row) is the line its element starts on (past line 65,535 libxml2 counts
lines for the element apart from the indentation this parse drops, and may
name the line after).

Values are kept as sent (stripped; an empty element is missing), codes and
flags included, so an invalid one is loaded and a rule flags it; dates as in
the CSV form (``<name>`` when DD/MM/YYYY, ``<name>_sent`` always). The
validator capitalises every value; this reader does not, as for CSV.

What the XML form carries and the CSV form does not: the Header's UASC
status (``headers.uasc``; DfE rules 105 and 303 read it and are run on this
form only). What it does not carry: SWEpisodes (the validator reads none
from XML: the rules on social worker episodes are not run, as a table the
format has no place for) and a DOB or SEX of a file's own differing from the
Header's.

Every element is accounted for: read, or warned about as not part of the
return (once per element name and parent, with the count and the first
line). A CHILD with no CHILDID is read with a blank CHILD (keys ``#<n>``),
and said; a second HEADER in a CHILD is said, its blocks read (as the
validator does) and its own elements not. Parsing is hardened as for the CIN
census (``cin_xml_parse.safe_pull_parser``: no DTD, no external entity,
libxml2's limits); a file that is not well-formed is an error naming the
file, line and column, the CHILD elements before the break read.

The previous year's return (``--previous FILE.xml``) is read the same way
into the ``<table>_last`` tables (``ssda903_return.LAST``); its other files
are counted as excluded. :mod:`ssda903_xml_write` writes the form.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from checker.data.readers.base import RawRow, Source
from checker.data.readers.cin_xml_fields import CHUNK, POSITION, TagNames
from checker.data.readers.cin_xml_parse import safe_pull_parser
from checker.data.readers.ssda903_return import (
    CHILDREN_FILE,
    FILES,
    LAST,
    RETURN_FILE,
    FileColumns,
    field,
    fields,
    parse_date,
)
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema

__all__ = ["BLOCKS", "HEADER_ELEMENTS", "ROOT", "Ssda903Xml", "header_fields", "read_return"]

ROOT = "EXPSSDA903"
#: the HEADER's own elements -> the file whose row they fill (CHILDID is the Header's CHILD)
HEADER_ELEMENTS: dict[str, str] = {
    "CHILDID": "Header", "UPN": "Header", "SEX": "Header", "DOB": "Header", "ETHNIC": "Header", "MOTHER": "Header",
    "MC_DOB": "Header", "UASC": "Header", "DUC": "UASC", "IN_TOUCH": "OC3", "ACTIV": "OC3", "ACCOM": "OC3",
    "DATE_INT": "AD1", "DATE_MATCH": "AD1", "FOSTER_CARE": "AD1", "NB_ADOPTR": "AD1", "SEX_ADOPTR": "AD1", "LS_ADOPTR": "AD1",
}
#: a block element -> the file each of them is a row of (EPISODE within CHILD, the others within HEADER)
BLOCKS: dict[str, str] = {"AREVIEW": "Reviews", "AMISSING": "Missing", "OC2": "OC2", "PERMANENCE": "PrevPerm",
                          "AD_PLACED": "PlacedAdoption", "EPISODE": "Episodes"}
#: a block's element named otherwise than its column
RENAMED = {"PL": "PLACE", "CHILDID": "CHILD"}
#: the order files are met in (as the CSV form's kinds)
ORDER = tuple(FILES)
XML_FILE_KINDS = tuple(k for k in ORDER if k != "SWEpisodes")
NO_SW = "the SSDA903 XML form has no social worker episodes (the DfE validator reads none from it)"


def header_fields() -> tuple[str, ...]:
    """The Header table's fields in the XML form: the CSV form's, then the UASC status."""
    return fields("Header") + ("uasc",)


def _names(kind: str) -> tuple[str, ...]:
    return header_fields() if kind == "Header" else fields(kind)


class _Return:
    """One XML return read into rows per file kind: (line, values by column, where)."""

    def __init__(self, path: Path, diags: Diagnostics, what: str = ""):
        self.path, self.file, self.diags, self.what = path, str(path), diags, what
        self.rows: dict[str, list[tuple[int, dict[str, str | None]]]] = {k: [] for k in XML_FILE_KINDS}
        self.unknown: dict[tuple[str, str], list] = {}  # (parent, element) -> [count, first line, first CHILD]
        self.repeated: dict[tuple[str, str], list] = {}
        self.no_id: list[tuple[int, int]] = []  # (CHILD n, line)
        self.two_headers: list[tuple[int, int]] = []
        self.children = 0
        self.tags = TagNames()
        self.ok = True

    # ---- the parse
    def parse(self) -> None:
        from lxml import etree

        parser = safe_pull_parser(("{*}CHILD",))
        tags = self.tags

        def take(before_line=None):
            for _, elem in parser.read_events():
                parent = elem.getparent()
                if parent is None or parent.getparent() is not None:  # a CHILD within something else
                    continue
                if before_line is not None and max(e.sourceline or 0 for e in elem.iter()) >= before_line:
                    break
                self.children += 1
                self.child(elem, self.children)
                elem.clear()
                parent.remove(elem)

        root = None
        try:
            with open(self.path, "rb") as fh:
                try:
                    while chunk := fh.read(CHUNK):
                        parser.feed(chunk)
                        take()
                    root = parser.close()
                except etree.XMLSyntaxError as exc:
                    take(exc.position[0] if exc.position and exc.position[0] else 1)
                    raise
        except OSError as exc:
            self.ok = False
            self.diags.error(f"cannot read `{self.path}`{self.what}: {exc.strerror}", Location(self.file), code="unreadable")
            return
        except etree.XMLSyntaxError as exc:
            line, col = exc.position if exc.position else (0, 0)
            line, col = max(line or 0, 1), max(col or 0, 1)
            what = POSITION.sub("", exc.msg or str(exc)) or "not XML"
            n = self.children
            self.diags.error(
                f"`{self.path.name}`{self.what} is not well-formed XML: {what} at line {line}, column {col}; the {n} CHILD "
                f"element{'s' if n != 1 else ''} before it {'were' if n != 1 else 'was'} read, the rest of the file was not",
                Location(self.file, line, col), code="bad-xml",
                suggestion="fix the file where it is broken: an unclosed or mismatched tag, a stray `&` or `<`, "
                           "or text that is not UTF-8 with no encoding declaration")
            self.ok = self.children > 0
            self.report()
            return
        top = tags[root.tag] if root is not None else None
        if top != ROOT:
            what = f"its root element is `<{top}>`" if top else "it has no elements"
            if self.children == 0:
                self.ok = False
                self.diags.error(f"`{self.path.name}`{self.what} is not an SSDA903 XML return: {what}, not `<{ROOT}>`",
                                 Location(self.file, 1, 1), code="not-ssda903-xml",
                                 suggestion="an SSDA903 XML return is <EXPSSDA903> holding one <CHILD> per child")
                return
            self.diags.warning(f"`{self.path.name}`{self.what}: {what}, not `<{ROOT}>`; its {self.children} CHILD elements were read",
                               Location(self.file, 1, 1), code="not-ssda903-xml")
        for elem in root:  # what is left at the top: elements that are not CHILD (each CHILD was removed once read)
            if isinstance(elem.tag, str):
                self.unknown_element(top or "", tags[elem.tag], elem.sourceline, 0)
        if self.children == 0:
            self.diags.warning(f"`{self.path.name}`{self.what} has no CHILD elements", Location(self.file), code="empty-file")
        self.report()

    # ---- one CHILD
    def child(self, child, n: int) -> None:
        tags = self.tags
        headers = []
        episodes = []
        for block in child:
            if not isinstance(block.tag, str):
                continue
            name = tags[block.tag]
            if name == "HEADER":
                headers.append(block)
            elif name == "EPISODE":
                episodes.append(block)
            else:
                self.unknown_element("CHILD", name, block.sourceline, n)
        own: dict[str, str | None] = {}
        blocks: list[tuple[str, object]] = []
        if not headers:
            self.unknown.setdefault(("CHILD", "(no HEADER)"), [0, child.sourceline, n])[0] += 1
        for i, header in enumerate(headers):
            if i:
                self.two_headers.append((n, header.sourceline))
            for e in header:
                if not isinstance(e.tag, str):
                    continue
                name = tags[e.tag]
                if name in BLOCKS and name != "EPISODE":
                    blocks.append((name, e))
                elif name in HEADER_ELEMENTS:
                    if i:
                        continue  # a second HEADER's own elements are not read (said in report)
                    self.leaf(e, "HEADER", name, own, n)
                else:
                    self.unknown_element("HEADER", name, e.sourceline, n)
        child_id = own.get("CHILDID")
        if child_id is None:
            self.no_id.append((n, child.sourceline))
        base = {"CHILD": child_id, "DOB": own.get("DOB")}
        line = headers[0].sourceline if headers else child.sourceline
        header = {c: own.get(c) for c in ("SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB", "UASC")}
        self.rows["Header"].append((line, {**header, "CHILD": child_id}))
        uasc, duc = own.get("UASC"), own.get("DUC")
        if duc is not None or (uasc is not None and uasc != "0"):
            self.rows["UASC"].append((line, {**base, "SEX": own.get("SEX"), "DUC": duc}))
        for kind, cols in (("OC3", ("IN_TOUCH", "ACTIV", "ACCOM")),
                           ("AD1", ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"))):
            if any(own.get(c) is not None for c in cols):
                self.rows[kind].append((line, {**base, **{c: own.get(c) for c in cols}}))
        for name, block in blocks:
            self.block(block, name, base, n)
        for block in episodes:
            self.block(block, "EPISODE", base, n)

    def block(self, block, name: str, base: dict, n: int) -> None:
        kind = BLOCKS[name]
        columns = FILES[kind][1]
        values: dict[str, str | None] = {}
        for e in block:
            if not isinstance(e.tag, str):
                continue
            tag = self.tags[e.tag]
            col = RENAMED.get(tag, tag)
            if col in columns and col != "CHILD":
                self.leaf(e, name, col, values, n)
            else:
                self.unknown_element(name, tag, e.sourceline, n)
        self.rows[kind].append((block.sourceline, {**base, **values}))

    def leaf(self, e, parent: str, name: str, into: dict, n: int) -> None:
        """A value element: its text (stripped; empty is missing) into ``into[name]``; an element
        within it, or a second of its name, is said."""
        for sub in e:
            if isinstance(sub.tag, str):
                self.unknown_element(name, self.tags[sub.tag], sub.sourceline, n)
        if name in into:
            self.repeated.setdefault((parent, name), [0, e.sourceline, n])[0] += 1
            return
        text = e.text.strip() if e.text else ""
        into[name] = text or None

    def unknown_element(self, parent: str, name: str, line: int | None, n: int) -> None:
        self.unknown.setdefault((parent, name), [0, line, n])[0] += 1

    def report(self) -> None:
        name = self.path.name
        for (parent, elem), (count, line, n) in sorted(self.unknown.items()):
            times = f" ({count} times)" if count > 1 else ""
            where = f"CHILD {n}, line {line}" if n else f"line {line}"
            if elem == "(no HEADER)":
                msg = f"{count} CHILD element{'s have' if count > 1 else ' has'} no HEADER: the Header rows are blank (first: {where})"
            else:
                msg = f"element `<{elem}>` in `<{parent}>` is not part of the SSDA903 XML return; it was ignored{times} (first: {where})"
            self.diags.warning(f"`{name}`{self.what}: {msg}", Location(self.file, line or None), code="unknown-element")
        for (parent, elem), (count, line, n) in sorted(self.repeated.items()):
            times = f" ({count} times)" if count > 1 else ""
            self.diags.warning(f"`{name}`{self.what}: `<{elem}>` repeated within one `<{parent}>`; the first was read, the later"
                               f" ignored{times} (first: CHILD {n}, line {line})", Location(self.file, line or None),
                               code="repeated-element")
        if self.no_id:
            n, line = self.no_id[0]
            more = f" ({len(self.no_id)} in all)" if len(self.no_id) > 1 else ""
            self.diags.warning(f"`{name}`{self.what}: CHILD {n} (line {line}) has no CHILDID: its rows are read with a blank"
                               f" CHILD{more}", Location(self.file, line), code="missing-child-id")
        if self.two_headers:
            n, line = self.two_headers[0]
            more = f" ({len(self.two_headers)} in all)" if len(self.two_headers) > 1 else ""
            self.diags.warning(f"`{name}`{self.what}: CHILD {n} has a second HEADER (line {line}): its AREVIEW, AMISSING,"
                               f" OC2, PERMANENCE and AD_PLACED blocks were read, its own elements (CHILDID, DOB, UASC, ...)"
                               f" were not: the first HEADER's were{more}", Location(self.file, line), code="duplicate-header")


def read_return(path: Path, diags: Diagnostics):
    """One XML return read (its ``rows``: file kind -> (line, values by DfE column) in document order),
    without the loader: for tools comparing the rows with another reading (the oracle tests)."""
    ret = _Return(Path(path), diags)
    ret.parse()
    return ret


def _source(ret: _Return, kind: str, table: str, children: dict[str, int]) -> Source:
    """One kind's rows of a read return as the records of ``table``."""
    _, columns, dates = FILES[kind]
    columns = columns + ("UASC",) if kind == "Header" else columns
    bad: Counter = Counter()
    first_bad: dict[str, str] = {}
    numbers, records = [], []
    for n, (line, values) in enumerate(ret.rows[kind], 1):
        child = values.get("CHILD")
        rec: list = [f"{child}#{n}" if child else f"#{n}", n, "1"]
        for c in columns:
            v = values.get(c)
            if c in dates:
                d = parse_date(v)
                if v is not None and d is None:
                    bad[c] += 1
                    first_bad.setdefault(c, v)
                rec.append(d)
            rec.append(v)
        if child is not None and child not in children:
            children[child] = len(children) + 1
        numbers.append(line)
        records.append(rec)
    for c, count in sorted(bad.items()):
        said = (f"{count} values that are not dates in the form DD/MM/YYYY (first `{first_bad[c]}`) were"
                if count > 1 else f"1 value that is not a date in the form DD/MM/YYYY (`{first_bad[c]}`) was")
        ret.diags.warning(f"`{ret.path.name}`{ret.what} {kind} {c}: {said} read as missing (kept as sent in {field(c)}_sent)",
                          Location(ret.file), code="bad-date")
    names = _names(kind)
    return Source(table, f"{ret.file} [{kind}]", FileColumns(names, numbers, records), fields=frozenset(names))


class Ssda903Xml:
    name = "ssda903-xml"
    title = "the SSDA903 XML return"
    description = "an SSDA903 (children looked after) return as one XML file (<EXPSSDA903>, the DfE validator's XML form)"
    reads_previous = True  # `casecheck run --previous FILE.xml`: the previous year's return
    #: the tables the XML form fills, every field of each (set by ``read`` from the schema)
    carries: dict[str, frozenset[str]] = {}
    not_carried_why: dict[tuple[str, str], str] = {}

    def sniff(self, path: Path) -> bool:
        if not path.is_file():
            return False
        with open(path, "rb") as fh:
            head = fh.read(8192)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = head[: len(head) // 2 * 2].decode("utf-16", errors="ignore")
        else:
            text = head.decode("utf-8", errors="ignore")
        return f"<{ROOT}" in text or f":{ROOT}" in text

    def read(self, path: Path, schema: DataSchema, diags: Diagnostics, previous: Path | None = None) -> Iterator[Source]:
        file = str(path)
        if "sw_episodes" not in schema.tables:  # not the `ssda903` schema
            diags.error(f"`{path.name}` is an SSDA903 XML return, which casecheck reads with the `ssda903` schema only"
                        f" (the dfe-903 pack), not `{schema.name}`", Location(file), code="unknown-table",
                        suggestion="run the dfe-903 pack on it, or give the return as its CSV files for the csc schema")
            return
        self.carries = {t: frozenset(schema.tables[t].fields) for t in self._tables(schema)}
        ret = _Return(path, diags)
        ret.parse()
        if not ret.ok:
            return
        last = None
        if previous is not None:
            if previous.is_dir() or not self.sniff(previous):
                diags.error(f"`{previous}` (--previous) is not an SSDA903 XML return: with an XML return, give the previous"
                            f" year's as XML too", Location(str(previous)), code="no-tables",
                            suggestion="casecheck reads the two years' returns in the same form (both XML, or both CSV folders)")
                return
            last = _Return(previous, diags, " (the previous year's return)")
            last.parse()
            if not last.ok:
                return
        children: dict[str, int] = {}
        excluded: Counter = Counter()
        sources = []
        for year, r in (("", ret), ("_last", last)):
            if r is None:
                continue
            for kind in XML_FILE_KINDS:
                table = FILES[kind][0] + year
                if table not in schema.tables:
                    if r.rows[kind]:
                        excluded[f"the previous year's SSDA903 {kind} rows: no rule reads them" if year else
                                 f"SSDA903 {kind} rows: no table in the ssda903 schema"] += len(r.rows[kind])
                    continue
                if year and kind not in LAST:
                    continue
                sources.append(_source(r, kind, table, children))
        if "returns" in schema.tables:
            yield Source("returns", RETURN_FILE, [RawRow(1, {"return_id": "1"})])
        if "children" in schema.tables:
            yield Source("children", CHILDREN_FILE, [RawRow(i, {"child_id": c}) for c, i in children.items()],
                         excluded=dict(excluded))
        yield from sources

    @staticmethod
    def _tables(schema: DataSchema) -> list[str]:
        out = ["returns", "children"] + [FILES[k][0] for k in XML_FILE_KINDS] + [FILES[k][0] + "_last" for k in LAST]
        return [t for t in out if t in schema.tables]
