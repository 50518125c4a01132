"""One pass over a CIN census XML file (``cin_xml`` describes the mapping
and the reading): each ``<Child>`` mapped to rows per table, problems noted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from checker.data.readers.base import RawRow
from checker.data.readers.cin_xml_fields import (
    ASSESSMENT,
    ASSESSMENT_REST,
    ASSESSMENTS,
    BATCH,
    CHUNK,
    CIN_PLAN,
    CIN_PLAN_REST,
    CIN_PLANS,
    COLUMNS,
    CP_PLANS,
    CPP,
    CPP_REST,
    CPP_START,
    DISABLED_AT,
    ETHNICITY_AT,
    IDENT,
    KNOWN,
    KNOWN_CIN,
    KNOWN_IDENT,
    POSITION,
    REFERRAL,
    REFERRAL_REST,
    S47,
    S47_ICPC,
    S47_REST,
    S47_START,
    SECTION47S,
    SEX_AT,
    SEX_IN,
    SOURCES,
    TABLES,
    WIDTH_CHILDREN,
    TagNames,
    local_name,
    places_of,
)
from checker.errors import Diagnostic, Diagnostics, Location

#: XML namespaces a census is read in without remark: none, or the DfE's own.
CENSUS_NAMESPACES = frozenset({"", "http://www.dfe.gov.uk/CIN"})


def safe_pull_parser(tags: tuple[str, ...]):
    """An lxml pull parser for a return file that may be hostile, handing over the end of each
    element named in ``tags``: no external entity, DTD or network fetch, ever
    (``resolve_entities="internal"`` keeps only entities the file itself defines; libxml2 caps
    their expansion, so a "billion laughs" file is an error), libxml2's default limits on depth
    and text size (no ``huge_tree``); comments, processing instructions and the indentation
    between elements dropped. Shared by the CIN census and the SSDA903 XML readers."""
    from lxml import etree  # imported when a return is read, not when a folder is told from one

    return etree.XMLPullParser(events=("end",), tag=tags, remove_comments=True, remove_pis=True,
                               remove_blank_text=True, resolve_entities="internal", no_network=True,
                               load_dtd=False, huge_tree=False)


class Reading:
    """One pass over a census file: rows buffered per table, problems noted."""

    def __init__(self, file: str, diags: Diagnostics):
        self.file = file
        self.name = Path(file).name
        self.diags = diags
        # Per table, two parallel lists: the records (lists of values, see COLUMNS) and each
        # row's Child number. Where in the Child a row came from is not kept: its key says (see
        # _where).
        self.records: dict[str, list[list]] = {t: [] for t in TABLES}
        self.numbers: dict[str, list[int]] = {t: [] for t in TABLES}
        # Element tag -> its place in the record, or its name (see _Slots), per kind of block.
        self.slots_ident = _Slots(places_of("children", IDENT))
        self.slots_referral = _Slots(places_of("referrals", REFERRAL))
        self.slots_assessment = _Slots(places_of("assessments", ASSESSMENT))
        self.slots_cin_plan = _Slots(places_of("cin_plans", CIN_PLAN))
        self.slots_s47 = _Slots(places_of("s47_enquiries", S47))
        self.slots_cpp = _Slots(places_of("cp_plans", CPP))
        self.seen_ignored: dict[str, set[str]] = defaultdict(set)
        self.unknown: dict[tuple[str, str], list] = {}  # (parent, element) -> [count, first where]
        self.tags = TagNames()
        self.header: dict[str, str] = {}
        self.children = 0
        self.first_child: dict[str, int] = {}  # LAchildID -> the Child it first appears in
        self.repeated: list[tuple[str, int, int]] = []  # (LAchildID, first Child, repeating Child)
        self.repeat_of: dict[int, tuple[str, int]] = {}  # repeating Child -> (LAchildID, first Child)
        self.dups: dict[str, list] = {}  # table -> (Child, record) of repeating children's blocks, until said
        # One string object per distinct value (dates, codes, true/false repeat across records):
        # a fifth less memory for a large file, and the loader's memo of converted values then
        # finds each by identity. Keys and LAchildIDs (unique) are not kept here.
        strings: dict[str, str] = {}
        self.same = strings.setdefault

    # ---- the parse
    def parse(self, fh) -> Iterator[int]:
        """Read the file, pausing (yielding) after each batch of Child elements, whose rows are
        then to be taken (:meth:`rows`)."""
        from lxml import etree  # imported when a census is read, not when a folder is told from one

        tags = self.tags
        child = self.child
        n = 0
        # Events only for the end of each Child (and the Header): libxml2 builds the elements in
        # between without a Python object each. A finished Child is mapped, then cleared and
        # detached from <Children>, so the tree stays a few elements big. Comments and processing
        # instructions are dropped, as ElementTree's parser does, and so is the indentation
        # between elements (remove_blank_text: a fifth of the parse; an element's own text, even
        # blank, is kept).
        # Hostile files: no external entity, DTD or network fetch, ever (resolve_entities="internal"
        # keeps only entities the file itself defines; libxml2 caps their expansion, so a "billion
        # laughs" file is an error), and libxml2's default limits on depth and size (no huge_tree).
        # A pull parser fed by hand rather than iterparse: when the file breaks, the Child elements
        # parsed before the break are still handed over (libxml2 2.14 and later raise the error
        # for the whole chunk read, so iterparse would lose them).
        parser = safe_pull_parser(("{*}Child", "{*}Header"))

        def take(before_line=None):
            # ``before_line``: after an error, only what ended before the broken line counts (a
            # recoverable error such as a stray ``&`` lets libxml2 finish the element around it)
            nonlocal n
            for _, elem in parser.read_events():
                if before_line is not None and max(e.sourceline or 0 for e in elem.iter()) >= before_line:
                    break
                if tags[elem.tag] == "Child":
                    n += 1
                    child(elem, n)
                    elem.clear()
                    parent = elem.getparent()
                    if parent is not None and tags[parent.tag] == "Children":  # not a Child in a Child
                        parent.remove(elem)
                    if n % BATCH == 0:
                        self.children = n
                        yield n
                else:
                    self.read_header(elem)
                    elem.clear()

        root = None
        try:
            try:
                while chunk := fh.read(CHUNK):
                    parser.feed(chunk)
                    yield from take()
                root = parser.close()
            except etree.XMLSyntaxError as exc:
                yield from take(exc.position[0] if exc.position and exc.position[0] else 1)
                raise
        except etree.XMLSyntaxError as exc:
            self.children = n
            line, col = exc.position if exc.position else (0, 0)
            line, col = max(line or 0, 1), max(col or 0, 1)  # libxml2 says line 0 of an empty file
            what = POSITION.sub("", exc.msg or str(exc)) or "not XML"
            read = f"the {n} Child element{'s' if n != 1 else ''} before it {'were' if n != 1 else 'was'} read"
            self.diags.error(
                f"`{self.name}` is not well-formed XML: {what} at line {line}, column {col}; {read}, "
                "the rest of the file was not",
                Location(self.file, line, col),
                code="bad-xml",
                suggestion="fix the file where it is broken: an unclosed or mismatched tag, a stray `&` or `<`, "
                "or text that is not UTF-8 with no encoding declaration",
            )
            self.report_unknown()
            self.report_repeated()
            return
        self.children = n

        top = tags[root.tag] if root is not None else None
        if top != "Message":
            what = f"its root element is `<{top}>`" if top else "it has no elements"
            if n == 0:
                self.diags.error(
                    f"`{self.name}` is not a CIN census return: {what}, not `<Message>`",
                    Location(self.file, 1, 1),
                    code="not-cin-xml",
                )
            else:
                self.diags.warning(
                    f"`{self.name}`: {what}, not `<Message>`; its {n} Child elements were read",
                    Location(self.file, 1, 1),
                    code="not-cin-xml",
                )
        elif n == 0:
            self.diags.warning(f"`{self.name}` has no Child elements", Location(self.file), code="empty-file")
        if top == "Message" and isinstance(root.tag, str) and root.tag.startswith("{"):
            ns = root.tag[1:].split("}", 1)[0]
            if ns not in CENSUS_NAMESPACES:
                self.diags.warning(
                    f"`{self.name}` is in the XML namespace `{ns}`, not the census's; it was read by element names "
                    "alone, as if it were a CIN census", Location(self.file, 1, 1), code="foreign-namespace",
                    suggestion="check the file is a Children in Need census return")
        self.report_unknown()
        self.report_repeated()
        self.report_header()

    def read_header(self, header) -> None:
        tags = self.tags
        for block in header:
            for e in block:
                text = e.text
                if text and text.strip():
                    self.header.setdefault(tags[e.tag], text.strip())

    def report_header(self) -> None:
        h = self.header
        if h.get("Collection") not in (None, "CIN"):
            self.diags.warning(
                f"`{self.name}` says it is a `{h['Collection']}` collection, not CIN; it was read as a CIN census",
                Location(self.file),
                code="cin-collection",
            )
        if "ReferenceDate" in h:
            parts = [f"reference date {h['ReferenceDate']}"]
            if "Year" in h:
                parts.append(f"year {h['Year']}")
            if "LEA" in h:
                parts.append(f"LA {h['LEA']}")
            self.diags.add(Diagnostic(
                f"`{self.name}`: CIN census, {', '.join(parts)}, {self.children} children",
                Location(self.file),
                code="cin-reference-date",
                severity="note",
            ))

    def unknown_element(self, parent: str, name: str, n: int, *steps) -> None:
        """An element the census does not define, in ``parent`` at Child ``n`` > ``steps``."""
        entry = self.unknown.get((parent, name))
        if entry is None:
            self.unknown[(parent, name)] = [1, " > ".join((f"Child {n}", *steps))]
        else:
            entry[0] += 1

    def report_repeated(self) -> None:
        """Children sharing one LAchildID: said, since the later child's blocks are rejected
        rather than joined to the earlier child."""
        for cid, first, n in self.repeated[:20]:
            self.diags.warning(
                f"Child {n} has the LAchildID `{cid}` of Child {first}: two children with one ID; the later "
                "child and its referrals, assessments and plans are rejected, not joined to the earlier one",
                Location(self.file), code="duplicate-child")
        if len(self.repeated) > 20:
            self.diags.warning(f"... and {len(self.repeated) - 20} more children repeating an earlier LAchildID",
                               Location(self.file), code="duplicate-child")

    def report_unknown(self) -> None:
        for (parent, name), (count, where) in sorted(self.unknown.items()):
            times = f" ({count} times)" if count > 1 else ""
            self.diags.warning(
                f"element `<{name}>` in `<{parent}>` is not part of the CIN census; it was ignored{times} "
                f"(first in {where})",
                Location(self.file),
                code="unknown-element",
            )

    # ---- one Child
    def child(self, child, n: int) -> None:
        tags = self.tags
        same = self.same
        rec: list = [None] * WIDTH_CHILDREN
        cins = []
        for block in child:
            name = tags[block.tag]
            if name == "CINdetails":
                cins.append(block)
            elif name == "ChildIdentifiers":
                slots = self.slots_ident
                for e in block:
                    k = slots[e.tag]
                    if k.__class__ is int:
                        text = e.text
                        rec[k] = text if k == 0 else same(text, text)  # LAchildIDs are not repeated
                    elif k == "GenderCurrent" or k == "Sex":
                        text = e.text
                        if text is not None:
                            text = text.strip()
                            rec[SEX_AT] = SEX_IN.get(text, text)
                    elif k in KNOWN_IDENT:
                        text = e.text
                        if text and text.strip():
                            self.seen_ignored["children"].add(k)
                    elif k:
                        self.unknown_element("ChildIdentifiers", k, n)
            elif name == "ChildCharacteristics":
                for e in block:
                    t = tags[e.tag]
                    if t == "Ethnicity":
                        text = e.text
                        rec[ETHNICITY_AT] = same(text, text)
                    elif t == "Disabilities":  # any code but NONE: disabled; only NONE: not; none: missing
                        disabled = None
                        for d in e:
                            if tags[d.tag] == "Disability":
                                code = d.text
                                if code is not None:
                                    code = code.strip().upper()
                                    if code == "NONE":
                                        if disabled is None:
                                            disabled = "false"
                                    elif code:
                                        disabled = "true"
                        if disabled is not None:
                            rec[DISABLED_AT] = disabled
                    elif t:
                        self.unknown_element("ChildCharacteristics", t, n)
            elif name:
                self.unknown_element("Child", name, n)
        cid = rec[0]
        cid = rec[0] = cid.strip() if cid is not None else ""
        self.records["children"].append(rec)
        self.numbers["children"].append(n)
        if cid:
            first = self.first_child.setdefault(cid, n)
            if first != n:  # a second child with the same LAchildID: its row is rejected (a duplicate key), and
                # its blocks must not join the first child's: they are keyed by place and have no child_id,
                # so they are rejected too (said once per ID by report_repeated)
                self.repeated.append((cid, first, n))
                self.repeat_of[n] = (cid, first)
                cid_of_blocks, stem = "", f"#{n}"
            else:
                cid_of_blocks, stem = cid, cid
        else:
            cid_of_blocks, stem = cid, f"#{n}"
        if cins:
            # keys for a child without LAchildID (or repeating one); its blank child_id rejects every row
            for i, cin in enumerate(cins, 1):
                self.cin_details(cin, n, i, cid_of_blocks, f"{stem}/{i}")

    def cin_details(self, cin, n: int, i: int, cid: str, rid: str) -> None:
        same = self.same
        fill = self.fill
        slots = self.slots_referral
        records, numbers = self.records, self.numbers
        ref = [rid, cid, *REFERRAL_REST]
        icpc = None
        na = nn = ns = np_ = 0
        s47_confs = None  # [(s47 key, date)]
        plans = None  # [[plan key, start date, linked to an initial conference]]
        for e in cin:
            k = slots[e.tag]
            if k.__class__ is int:
                text = e.text
                ref[k] = same(text, text)
            elif k == "Assessments":
                na += 1
                # every census assessment is a single assessment (WT 2013 onwards)
                rec = [f"{rid}/A{na}", cid, rid, *ASSESSMENT_REST, "single"]
                fill(e, rec, ASSESSMENTS, n, i, na)
                records["assessments"].append(rec)
                numbers["assessments"].append(n)
            elif k == "CINPlanDates":
                nn += 1
                rec = [f"{rid}/N{nn}", cid, *CIN_PLAN_REST]
                fill(e, rec, CIN_PLANS, n, i, nn)
                records["cin_plans"].append(rec)
                numbers["cin_plans"].append(n)
            elif k == "Section47":
                ns += 1
                sid = f"{rid}/S{ns}"
                rec = [sid, cid, rid, *S47_REST, None]
                fill(e, rec, SECTION47S, n, i, ns)
                start = rec[S47_START]
                if start is not None and start.strip():
                    # S47ActualStartDate is the date of the strategy discussion that started the
                    # enquiry (the DfE's ICPC clock; the Standard Safeguarding Dataset alike)
                    rec[-1] = f"{sid}/SD"
                    records["strategy_discussions"].append([rec[-1], cid, rid, start, "true"])
                    numbers["strategy_discussions"].append(n)
                records["s47_enquiries"].append(rec)
                numbers["s47_enquiries"].append(n)
                d = rec[S47_ICPC]
                if d is not None:
                    d = d.strip()
                    if d:
                        if s47_confs is None:
                            s47_confs = []
                        s47_confs.append((sid, d))
            elif k == "ChildProtectionPlans":
                np_ += 1
                pid = f"{rid}/P{np_}"
                rec = [pid, cid, *CPP_REST]
                reviews = fill(e, rec, CP_PLANS, n, i, np_)
                records["cp_plans"].append(rec)
                numbers["cp_plans"].append(n)
                if plans is None:
                    plans = []
                plans.append([pid, (rec[CPP_START] or "").strip(), False])
                if reviews:
                    for r, rd in enumerate(reviews, 1):
                        records["cp_conferences"].append([f"{pid}/R{r}", cid, None, pid, "review", rd])
                        numbers["cp_conferences"].append(n)
            elif k == "DateOfInitialCPC":
                icpc = (e.text or "").strip() or None
            elif k in KNOWN_CIN:
                if len(e):
                    self.seen_ignored["referrals"].add(k)
                else:
                    text = e.text
                    if text and text.strip():
                        self.seen_ignored["referrals"].add(k)
            elif k:
                self.unknown_element("CINdetails", k, n, f"CINdetails {i}")
        records["referrals"].append(ref)
        numbers["referrals"].append(n)
        if s47_confs is not None or icpc is not None:
            self.initial_conferences(n, cid, rid, s47_confs or [], icpc, plans or [])

    def initial_conferences(self, n: int, cid: str, rid: str, s47_confs: list, icpc: str | None, plans: list) -> None:
        """Each Section47's DateOfInitialCPC, then the episode's own unless it is one of those;
        each linked to the one plan of the episode not yet linked that starts that day, if one."""
        records, numbers = self.records["cp_conferences"], self.numbers["cp_conferences"]
        for sid, d in s47_confs:
            if d == icpc:
                icpc = None
            records.append([f"{sid}/ICPC", cid, sid, _starting(plans, d), "initial", d])
            numbers.append(n)
        if icpc is not None:
            records.append([f"{rid}/ICPC", cid, None, _starting(plans, icpc), "initial", icpc])
            numbers.append(n)

    def fill(self, block, rec: list, kind: tuple, n: int, i: int, k: int) -> list | None:
        """The simple child elements of ``block``, the ``k``th of its ``kind`` (ASSESSMENTS, ...)
        in CINdetails ``i`` of Child ``n``, into ``rec``; returns its CPPreviewDate texts, if any."""
        slots_name, parent, ignored_table = kind
        slots = getattr(self, slots_name)
        same = self.same
        reviews = None
        for e in block:
            at = slots[e.tag]
            if at.__class__ is int:
                text = e.text
                rec[at] = same(text, text)
            elif at == "Reviews":
                tags = self.tags
                if reviews is None:
                    reviews = []
                for r in e:
                    rt = tags[r.tag]
                    if rt == "CPPreviewDate":
                        text = r.text
                        reviews.append(same(text, text))
                    elif rt:
                        self.unknown_element("Reviews", rt, n, f"CINdetails {i}", f"{parent} {k}")
            elif at in KNOWN[parent]:
                if ignored_table and (len(e) or (e.text and e.text.strip())):
                    self.seen_ignored[ignored_table].add(at)
            elif at:
                self.unknown_element(parent, at, n, f"CINdetails {i}", f"{parent} {k}")
        return reviews

    # ---- the Sources
    def rows(self, table: str) -> _Rows:
        records, numbers = self.records[table], self.numbers[table]
        self.records[table], self.numbers[table] = [], []  # handed over: freed once the loader is done
        if self.repeat_of and table != "children" and any(n in self.repeat_of for n in numbers):
            # a repeated child's blocks: rejected, saying so (repeated_rows), not for a blank child_id
            kept = [(n, r) for n, r in zip(numbers, records) if n not in self.repeat_of]
            self.dups.setdefault(table, []).extend((n, r) for n, r in zip(numbers, records) if n in self.repeat_of)
            numbers, records = [n for n, _ in kept], [r for _, r in kept]
        return _Rows(table, numbers, records)

    def repeated_rows(self, table: str) -> list[RawRow]:
        """The rows of the blocks of children repeating an earlier child's LAchildID (since the
        last call), each rejected naming the duplicate."""
        out = []
        fields = COLUMNS[table]
        for n, rec in self.dups.pop(table, []):
            cid, first = self.repeat_of[n]
            values = dict(zip(fields, rec))
            out.append(RawRow(n, None, f"Child {n} repeats the LAchildID `{cid}` of Child {first}: a second child with "
                                       "one ID, whose records are not joined to the first's", "duplicate child",
                              _where(table, n, values)))
        return out

    def ignored(self, table: str) -> list[str]:
        return sorted(self.seen_ignored.get(table, ()))


def _starting(plans: list, day: str) -> str | None:
    """The plan ([key, start date, linked]) that starts on ``day``, if exactly one not yet linked
    does; it is then linked."""
    found = None
    for plan in plans:
        if plan[1] == day and not plan[2]:
            if found is not None:
                return None
            found = plan
    if found is None:
        return None
    found[2] = True
    return found[0]


class _Slots(dict):
    """Element tag -> its place in a block's record (an int), for an element read into a field;
    for any other, its local name. Filled in once per distinct tag (with or without namespace)."""

    def __init__(self, places: dict[str, int]):
        super().__init__()
        self.places = places

    def __missing__(self, tag):
        name = local_name(tag) if isinstance(tag, str) else ""  # comments/PIs/entities have callable tags
        place = self[tag] = self.places.get(name, name)
        return place


class _Rows:
    """One table's rows as read, each a list of values in the order of ``COLUMNS[table]``.
    Iterated, they are RawRows (the Source contract), each saying where in its Child it came
    from; the loader takes them as columns instead (:meth:`columns`), without a RawRow or a dict
    per row."""

    __slots__ = ("numbers", "records", "table")

    def __init__(self, table: str, numbers: list[int], records: list[list]):
        self.table, self.numbers, self.records = table, numbers, records

    def __iter__(self) -> Iterator[RawRow]:
        table, fields, sources = self.table, COLUMNS[self.table], SOURCES[self.table]
        for n, rec in zip(self.numbers, self.records):
            values = dict(zip(fields, rec))
            yield RawRow(n, values, None, "malformed row", _where(table, n, values), sources)

    def columns(self) -> tuple[list[int], dict[str, tuple]]:
        """The Child numbers of the rows, and field -> each row's value (None: missing)."""
        fields = COLUMNS[self.table]
        if not self.records:
            return self.numbers, {f: () for f in fields}
        return self.numbers, dict(zip(fields, zip(*self.records)))


_KEY_FIELD = {
    "referrals": "referral_id", "assessments": "assessment_id", "cin_plans": "cin_plan_id", "s47_enquiries": "s47_id",
    "cp_plans": "plan_id", "cp_conferences": "conference_id", "strategy_discussions": "strategy_id",
}
_BLOCK = {"A": "Assessments", "N": "CINPlanDates", "S": "Section47", "P": "ChildProtectionPlans"}


def _where(table: str, n: int, values: dict) -> str:
    """Where a row came from, "Child 2 > CINdetails 1 > Assessments 1", read back from its key
    (see Keys in the module docstring: the stem, a LAchildID, may itself hold a ``/``)."""
    place = f"Child {n}"
    if table == "children":
        return place
    key = values[_KEY_FIELD[table]]
    if table == "referrals":
        return f"{place} > CINdetails {key.rsplit('/', 1)[1]}"
    if table == "strategy_discussions":
        _, i, block, _sd = key.rsplit("/", 3)
        return f"{place} > CINdetails {i} > Section47 {block[1:]} > S47ActualStartDate"
    if table != "cp_conferences":
        _, i, block = key.rsplit("/", 2)
        return f"{place} > CINdetails {i} > {_BLOCK[block[0]]} {block[1:]}"
    if key.endswith("/ICPC"):
        head, last = key[:-5].rsplit("/", 1)
        if last[:1] == "S":
            return f"{place} > CINdetails {head.rsplit('/', 1)[1]} > Section47 {last[1:]} > DateOfInitialCPC"
        return f"{place} > CINdetails {last} > DateOfInitialCPC"
    _, i, plan, review = key.rsplit("/", 3)
    return f"{place} > CINdetails {i} > ChildProtectionPlans {plan[1:]} > Reviews > CPPreviewDate {review[1:]}"


# --------------------------------------------------------------------------- writing
