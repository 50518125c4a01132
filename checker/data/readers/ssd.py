"""The Standard Safeguarding Dataset (SSD): a folder of ``ssd_*`` CSV extracts.

The SSD (``data-to-insight/ssd-data-model``) is a set of ``ssd_*`` tables a
council builds in its own warehouse from its case management system. A
folder of their CSV extracts (``ssd_person.csv``, ``ssd_cin_episodes.csv``,
...: one file per table, named after it, any case) is read through the
``ssd`` binding (``rules/bindings/ssd.yaml``), the same mapping
``casecheck sql --binding ssd`` prints for a council's SQL Server:

1. each SSD table the binding reads is staged in an embedded DuckDB, its
   columns found by name (any case, others ignored), blank cells as NULL,
   dates as the SSD writes them (``2024-03-01 00:00:00.000``, ISO, or
   DD/MM/YYYY); a cell that is not a date is said, with its file, row and
   column, and read as blank;
2. each csc table's view (one per union branch) runs on the staged tables,
   written for DuckDB from the binding's trees, and its rows go to the
   loader like any reader's, each with the line of the SSD row it came from.

What the SSD has no place for is *not carried* (the binding's
``not_carried``, and every field read from a table whose extract is not in
the folder), never a failure; a csc table no view gives, or whose SSD
tables are all missing, is not in the input. Source rows a view leaves out
(an episode continuing a period of care, a review not held) are counted as
excluded with the binding's reason, so every account balances.

:func:`write` writes a synthetic SSD from csc tables (``casecheck generate
--format ssd``), in the columns the binding reads.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from checker import scratch
from checker.data.binding import LINE, Binding, binding_path, load_binding
from checker.data.readers.base import RawRow, Source, files_by_table, read_delimited_text
from checker.errors import Diagnostics, Location
from checker.schema import DataSchema
from checker.yamlsource import load_yaml

BINDING = "ssd"
_KIND_WORD = {"date": "a date", "integer": "a whole number", "number": "a number"}
_DUCK_TYPES = {"text": "VARCHAR", "date": "DATE", "integer": "BIGINT", "number": "DOUBLE"}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _typed(col: str, kind: str) -> str:
    """A staged text cell as the column's type (NULL when it is not one)."""
    c = f"NULLIF(TRIM({_ident(col)}), '')"
    if kind == "date":
        return (f"COALESCE(TRY_CAST({c} AS DATE), TRY_CAST(TRY_CAST({c} AS TIMESTAMP) AS DATE), "
                f"TRY_CAST(TRY_STRPTIME({c}, '%d/%m/%Y') AS DATE))")
    if kind in ("integer", "number"):
        return f"TRY_CAST({c} AS {_DUCK_TYPES[kind]})"
    return c


class Ssd:
    name = "ssd"
    title = "the SSD"
    description = "a folder of Standard Safeguarding Dataset (ssd_*.csv) extracts"

    def __init__(self) -> None:
        self.carries: dict[str, frozenset[str]] = {}
        self.not_carried_why: dict[tuple[str, str], str] = {}
        self._lacking: dict[tuple[str, str], list[str]] = {}
        #: the run's as-at date (set by the loader): a field counted back from it needs it
        self.as_at: _dt.date | None = None
        self._bad: dict[tuple[str, str], dict[int, str]] = {}
        #: rows of an SSD table that could not be split into its columns: (line, why),
        #: handed on as rejected rows of every table read from it, never lost
        self._unread: dict[str, list[tuple[int, str]]] = {}

    def sniff(self, path: Path) -> bool:
        if not path.is_dir():
            return False
        # the names of the binding's tables only: read without validating it
        # (jsonschema's import alone is 60 ms of every run on a folder), which
        # read() does before anything is read through it
        tables = set(load_yaml(binding_path(BINDING)).data["tables"])
        return any(p.suffix.lower() == ".csv" and p.stem.lower() in tables and p.is_file() for p in path.iterdir())

    def read(self, path: Path, schema: DataSchema, diags: Diagnostics) -> Iterator[Source]:
        import duckdb

        binding = load_binding(BINDING)
        if schema.name == binding.schema:
            binding = load_binding(BINDING, schema)  # its views checked against the schema's tables and fields
        else:
            diags.error(f"the SSD is read as schema `{binding.schema}`, not `{schema.name}`", Location(str(path)),
                        code="unknown-format", suggestion=f"use a pack on schema `{binding.schema}` (ilacs, slac-2011, cra-2010)")
            return
        found = extracts(path)
        others = sorted(n for n in found if n not in binding.tables)
        if others:
            diags.warning(f"{len(others)} file{'s' if len(others) != 1 else ''} in `{path}` the ssd binding does not read: "
                          + ", ".join(f"`{found[n].name}`" for n in others), Location(str(path)), code="unknown-table")
        con = duckdb.connect()
        try:
            self._unread = {}
            absent, self._bad = stage_folder(con, binding, found, diags, self._unread)
            if len(absent) == len(binding.tables):
                diags.error(f"`{path}` has no SSD extract that could be read (ssd_person.csv, ssd_cin_episodes.csv, ...)",
                            Location(str(path)), code="no-tables")
                return
            lost = sorted(t for t in absent if t not in found)
            if lost:
                diags.warning(f"`{path}` has no extract of {len(lost)} SSD table{'s' if len(lost) != 1 else ''} the ssd binding "
                              f"reads ({', '.join(f'`{t}.csv`' for t in lost)}): what comes from "
                              f"{'them' if len(lost) != 1 else 'it'} is not carried", Location(str(path)), code="missing-table")
            for table in schema.tables:
                if table in binding.views:
                    yield from self._view(con, binding, schema, table, absent, found, path, diags)
            # cells that were not dates (or numbers) and fed no record's field as they were
            for (t, c), cells in sorted(self._bad.items()):
                if cells:
                    line, text = min(cells.items())
                    f = found[t]
                    diags.warning(f"`{f.name}` row {line}, column `{c}`: `{text}` is not {_KIND_WORD[binding.tables[t][c]]}; "
                                  "read as blank" + (f" ({len(cells) - 1} more such cells in the column)" if len(cells) > 1 else ""),
                                  Location(str(f), line), code="bad-value")
        finally:
            con.close()

    def _view(self, con, binding: Binding, schema: DataSchema, table: str, absent: set[str], found: dict, folder: Path,
              diags: Diagnostics):
        view = binding.views[table]
        tdef = schema.tables[table]
        dates = frozenset(f for f, fld in tdef.fields.items() if fld.type.kind == "date")
        carried = set()
        for f in tdef.fields:
            if f in view.not_carried:
                self.not_carried_why[(table, f)] = f"{view.not_carried[f]}"
                continue
            if self.as_at is None and any(binding.dated(s, f) for s in view.steps if f in s.select):
                self.not_carried_why[(table, f)] = "it is counted back from the as-at date, which this read was not given"
                continue
            lacking = sorted(set().union(*(binding.reads(s, f) for s in view.steps if f in s.select)) & absent)
            if lacking:
                self.not_carried_why[(table, f)] = f"the SSD extract has no {', '.join(f'`{t}`' for t in lacking)} table"
                self._lacking[(table, f)] = lacking
                continue
            carried.add(f)
        self.carries[table] = frozenset(carried)
        needed = [f for f, fld in tdef.fields.items() if fld.required and f not in view.not_carried]
        for step in view.steps:
            if _source(binding, step) in absent:
                continue
            fields = [f for f in tdef.fields if f in step.select and f in carried]
            unknown = [f for f in needed if f not in fields]
            if unknown:  # a record without them is no record: say so once, rather than reject every row
                lacking = sorted({t for f in unknown for t in self._lacking.get((table, f), [])})
                diags.warning(f"`{table}` records are not read from `{_source(binding, step)}`: their "
                              f"{', '.join(f'`{f}`' for f in unknown)} come{'s' if len(unknown) == 1 else ''} from "
                              f"{', '.join(f'`{t}`' for t in lacking)}, which the folder has no extract of",
                              Location(str(folder)), code="missing-table")
                continue
            sql = binding.step_tree(step, lines=True, fields=fields, dates=dates, as_at=self.as_at).sql("duckdb")
            result = con.execute(f"SELECT * FROM ({sql}) AS q ORDER BY {LINE}").fetchall()
            src = step.counted_from or _source(binding, step)
            file = str(found[src]) if src in found else str(folder / f"{src}.csv")
            excluded = {}
            if step.excluded:
                total = con.execute(f"SELECT COUNT(*) FROM {_ident(src)}").fetchone()[0]
                if total > len(result):
                    excluded[step.excluded] = total - len(result)
            sources = {f: _column_of(step.select[f]) for f in fields}
            # a cell that was not a date goes to the loader as it was written, rejected there with its text
            raw = {f: self._bad[(src, c)] for f, c in sources.items()
                   if c and c in binding.tables.get(src, {}) and (src, c) in self._bad}
            rows = []
            for r in result:
                line = int(r[-1]) if r[-1] is not None else 0
                values = dict(zip(fields, r[:-1]))
                for f, cells in raw.items():
                    if values.get(f) is None and line in cells:
                        values[f] = cells.pop(line)
                rows.append(RawRow(line, values, sources={f: s for f, s in sources.items() if s}))
            # the rows of the extract that could not be split into columns: each a record of this
            # table that could not be read, rejected (counted) rather than lost
            rows.extend(RawRow(n, None, problem=why) for n, why in self._unread.get(src, ()))
            rows.sort(key=lambda r: r.number)
            yield Source(table, file, rows, excluded=excluded, fields=frozenset(fields))


def stage_folder(con, binding: Binding, found: dict[str, Path], diags: Diagnostics,
                 unread: dict[str, list[tuple[int, str]]] | None = None):
    """Every SSD table the binding reads, typed, in DuckDB connection ``con``
    (from ``found``: table -> its extract): the tables with no extract (staged
    empty), and the cells that are not of their column's type, by (table,
    column) and line (read as NULL). The rows that could not be split into
    columns go into ``unread`` (table -> (line, why))."""
    bad: dict[tuple[str, str], dict[int, str]] = {}
    absent = set()
    with scratch.folder("ssd") as tmp:
        for t, cols in binding.tables.items():
            if not _stage(con, t, cols, found.get(t), diags, Path(tmp), bad, unread if unread is not None else {}):
                absent.add(t)
    return absent, bad


def extracts(folder: Path) -> dict[str, Path]:
    """A folder's CSV files by lower-case table name."""
    return {stem.lower(): p for stem, p in files_by_table(folder, ".csv").items()}


def _source(binding: Binding, step) -> str:
    """The SSD table a step's records come from (through helpers)."""
    t = step.from_table
    while t in binding.helpers:
        t = binding.helpers[t].from_table
    return t


def _column_of(expr: str) -> str | None:
    """The SSD column a field is read straight from (for messages), if one."""
    e = expr.strip()
    if "." in e and all(part.isidentifier() for part in e.split(".")):
        return e.split(".")[-1]
    return None


def _stage(con, table: str, columns: dict[str, str], path: Path | None, diags: Diagnostics, tmp: Path,
           bad_cells: dict[tuple[str, str], dict[int, str]], unread: dict[str, list[tuple[int, str]]]) -> bool:
    """``table`` in DuckDB, typed, with ``_line``: from its extract, or empty
    when there is none (False)."""
    typed_cols = ", ".join(f"{_ident(c)} {_DUCK_TYPES[k]}" for c, k in columns.items())
    empty = f"CREATE TABLE {_ident(table)} ({LINE} BIGINT, {typed_cols})"
    if path is None:
        con.execute(empty)
        return False
    got = read_delimited_text(path, diags)
    if got is None:
        con.execute(empty)
        return False
    text, delimiter = got
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        diags.error(f"`{path.name}` is empty: it has no header row", Location(str(path)), code="no-header")
        con.execute(empty)
        return False
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    twice = sorted({n for n in names if names.count(n) > 1 and n in columns})
    if twice:  # which of the two is the value? as for a native CSV, an error, never a silent pick
        diags.error(f"`{path.name}` has the column{'s' if len(twice) > 1 else ''} {', '.join(f'`{c}`' for c in twice)} "
                    "more than once", Location(str(path), 1, names.index(twice[0]) + 1), code="duplicate-column",
                    suggestion="keep one column of each name")
        con.execute(empty)
        return False
    where = {n: i for i, n in enumerate(names)}
    missing = [c for c in columns if c not in where]
    if missing:
        diags.warning(f"`{path.name}` has no column{'s' if len(missing) > 1 else ''} {', '.join(f'`{c}`' for c in missing)}: "
                      "read as blank", Location(str(path), 1), code="missing-column")
    short: list[int] = []
    invalid: list[tuple[int, str]] = []  # (row, why) of rows the csv module cannot read
    staged = tmp / f"{table}.csv"
    with open(staged, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)
        w.writerow([LINE, *columns])
        line = reader.line_num
        while True:
            start = line + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # e.g. a cell over the csv module's size limit: said, and the rows after it read
                line = reader.line_num
                invalid.append((start, str(exc)))
                continue
            line = reader.line_num
            if not cells or cells == [""]:
                continue
            if len(cells) != len(header):
                short.append(start)
                continue
            w.writerow([start, *(cells[where[c]] if c in where else "" for c in columns)])
    if short:
        diags.warning(f"{len(short)} row{'s' if len(short) > 1 else ''} of `{path.name}` {'have' if len(short) > 1 else 'has'} not "
                      f"{len(header)} cells and {'were' if len(short) > 1 else 'was'} rejected (first: row {short[0]})", Location(str(path), short[0]), code="malformed-row")
    if invalid:
        diags.warning(f"{len(invalid)} row{'s' if len(invalid) > 1 else ''} of `{path.name}` {'are' if len(invalid) > 1 else 'is'} not valid CSV and "
                      f"{'were' if len(invalid) > 1 else 'was'} rejected (first: row {invalid[0][0]}: {invalid[0][1]})", Location(str(path), invalid[0][0]),
                      code="malformed-row", quote=False)
    if short or invalid:
        unread[table] = sorted([(n, f"the row has not the header's {len(header)} cells") for n in short]
                               + [(n, f"the row is not valid CSV: {why}") for n, why in invalid])
    raw = f"raw_{table}"
    con.execute(f"CREATE TABLE {_ident(raw)} AS SELECT * FROM read_csv({_lit(str(staged))}, header = true, "
                f"all_varchar = true, quote = '\"', escape = '\"', delim = ',')")
    con.execute(f"CREATE TABLE {_ident(table)} AS SELECT CAST({LINE} AS BIGINT) AS {LINE}, "
                + ", ".join(f"{_typed(c, k)} AS {_ident(c)}" for c, k in columns.items()) + f" FROM {_ident(raw)}")
    for c, k in columns.items():
        if k == "text":
            continue
        bad = con.execute(f"SELECT {LINE}, {_ident(c)} FROM {_ident(raw)} WHERE NULLIF(TRIM({_ident(c)}), '') IS NOT NULL "
                          f"AND {_typed(c, k)} IS NULL ORDER BY CAST({LINE} AS BIGINT)").fetchall()
        if bad:
            bad_cells[(table, c)] = {int(line): text for line, text in bad}
    con.execute(f"DROP TABLE {_ident(raw)}")
    return True


# ---- writing a synthetic SSD -------------------------------------------------------------

def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Y" if v else "N"
    if isinstance(v, _dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S.000")
    if isinstance(v, _dt.date):
        return v.strftime("%Y-%m-%d 00:00:00.000")  # as SQL Server writes a datetime
    return str(v)


def _by_fields(fields) -> Callable[[dict], tuple[str, ...]]:
    """A sort key: a record's ``fields``, as text."""
    return lambda r: tuple(str(r.get(f)) for f in fields)


_ELIGIBILITY = {"relevant": "Relevant", "former_relevant": "Former Relevant", "eligible": "Eligible",
                "qualifying": "Qualifying"}


def write(tables: dict[str, list[dict]], schema: DataSchema, out: Path, as_at: _dt.date) -> None:
    """Write csc tables as a folder of SSD extracts, one ``ssd_<table>.csv``
    per SSD table the binding reads, in its columns, datetimes as SQL Server
    writes them and flags Y/N. Deterministic. What the SSD has no place for
    is not written: contact and referral decisions, strategy discussions,
    PEPs, supervisions, audits, care leaver contacts and assessment visits,
    who made a visit, the worker of a period of care, role and dates of
    workers. How the csc values go in:

    - a period of care is a CLA ID (``clae_cla_id``) with one episode, or two
      when its current placement started after it did; its placements are
      ``ssd_cla_placement`` rows, one per record of the ``placements`` table
      of that period (a period with none there: the current one and, before
      it, as many as make its placements in the last 12 months, to its end
      or ``as_at``, as far as its dates allow, :func:`placement_starts`); its legal status
      one ``ssd_legal_status`` row from the period's start;
    - conferences: initial and transfer-in ones are ``ssd_initial_cp_conference``
      rows (their target date is the enquiry's), reviews ``ssd_cp_reviews``;
    - visits go to ``ssd_cin_visits``, ``ssd_cp_visits`` or ``ssd_cla_visits``
      by type;
    - a child's disability is a ``ssd_disability`` row (``NONE`` when not
      disabled), a UASC an ``ssd_immigration_status`` row ``UASC``;
    - a care leaver's latest pathway plan is its ``clea_pathway_plan_review_date``;
    - a period's last IRO contact goes on its episodes, its last dental check
      is an ``ssd_cla_health`` Dental Check; missing episodes are ``ssd_missing``;
    - a qualified worker has a Social Work England number (``SW`` and digits).
    """
    binding = load_binding(BINDING)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[dict]] = {t: [] for t in binding.tables}
    t = {name: sorted(recs, key=_by_fields(schema.tables[name].key))
         for name, recs in tables.items() if name in schema.tables}

    for c in t.get("children", ()):
        cid = c["child_id"]
        rows["ssd_person"].append({"pers_person_id": cid, "pers_sex": c.get("sex"), "pers_ethnicity": c.get("ethnicity"),
                                   "pers_dob": c.get("date_of_birth"), "pers_expected_dob": c.get("expected_date_of_birth")})
        if c.get("disabled") is not None:
            rows["ssd_disability"].append({"disa_table_id": f"{cid}-D", "disa_person_id": cid,
                                           "disa_disability_code": "MOB" if c["disabled"] else "NONE"})
        if c.get("uasc"):
            rows["ssd_immigration_status"].append({"immi_immigration_status_id": f"{cid}-I", "immi_person_id": cid,
                                                   "immi_immigration_status": "UASC"})
    for c in t.get("contacts", ()):
        rows["ssd_contacts"].append({"cont_contact_id": c["contact_id"], "cont_person_id": c["child_id"],
                                     "cont_contact_date": c["date"], "cont_contact_source_code": c.get("source")})
    for r in t.get("referrals", ()):
        rows["ssd_cin_episodes"].append({
            "cine_referral_id": r["referral_id"], "cine_person_id": r["child_id"], "cine_referral_date": r["date"],
            "cine_cin_primary_need_code": r.get("primary_need"), "cine_referral_source_code": r.get("source"),
            "cine_referral_nfa": r.get("nfa"), "cine_close_date": r.get("closure_date"), "cine_referral_team": r.get("team")})
    for a in t.get("assessments", ()):
        support = a.get("requires_support")
        rows["ssd_cin_assessments"].append({
            "cina_assessment_id": a["assessment_id"], "cina_person_id": a["child_id"], "cina_referral_id": a.get("referral_id"),
            "cina_assessment_start_date": a["start_date"], "cina_assessment_child_seen": a.get("child_seen"),
            "cina_assessment_auth_date": a.get("authorised_date"),
            "cina_assessment_outcome_nfa": None if support is None else not support,
            "cina_assessment_team": a.get("team"), "cina_assessment_worker_id": a.get("worker_id")})
    s47_target = {}
    for s in t.get("s47_enquiries", ()):
        s47_target[s["s47_id"]] = s.get("icpc_target_date")
        rows["ssd_s47_enquiry"].append({
            "s47e_s47_enquiry_id": s["s47_id"], "s47e_referral_id": s.get("referral_id"), "s47e_person_id": s["child_id"],
            "s47e_s47_start_date": s["start_date"], "s47e_s47_end_date": s.get("end_date"),
            "s47e_s47_completed_by_worker_id": s.get("worker_id"), "s47e_s47_completed_by_team": s.get("team")})
    for c in t.get("cp_conferences", ()):
        if c["type"] == "review":
            rows["ssd_cp_reviews"].append({
                "cppr_cp_review_id": c["conference_id"], "cppr_person_id": c["child_id"], "cppr_cp_plan_id": c.get("plan_id"),
                "cppr_cp_review_date": c["date"], "cppr_cp_review_outcome_continue_cp": c.get("plan_made")})
        else:
            rows["ssd_initial_cp_conference"].append({
                "icpc_icpc_id": c["conference_id"], "icpc_s47_enquiry_id": c.get("s47_id"), "icpc_person_id": c["child_id"],
                "icpc_cp_plan_id": c.get("plan_id"), "icpc_icpc_transfer_in": c["type"] == "transfer_in",
                "icpc_icpc_target_date": s47_target.get(c.get("s47_id")), "icpc_icpc_date": c["date"],
                "icpc_icpc_outcome_cp_flag": c.get("plan_made")})
    for p in t.get("cp_plans", ()):
        rows["ssd_cp_plans"].append({
            "cppl_cp_plan_id": p["plan_id"], "cppl_person_id": p["child_id"], "cppl_cp_plan_start_date": p["start_date"],
            "cppl_cp_plan_end_date": p.get("end_date"), "cppl_cp_plan_initial_category": p.get("initial_category"),
            "cppl_cp_plan_latest_category": p.get("latest_category")})
    prefix = {"cin": ("ssd_cin_visits", "cinv_cin_visit", "cinv"), "cp": ("ssd_cp_visits", "cppv_cp_visit", "cppv"),
              "lac": ("ssd_cla_visits", "clav_cla_visit", "clav")}
    for v in t.get("visits", ()):
        if v.get("type") not in prefix:
            continue  # care leaver contacts and assessment visits: the SSD has no place for them
        name, col, short = prefix[v["type"]]
        rows[name].append({f"{col}_id": v["visit_id"], f"{short}_person_id": v["child_id"], f"{col}_date": v["date"],
                           f"{col}_seen": v.get("seen"), f"{col}_seen_alone": v.get("seen_alone")})
    for p in t.get("cin_plans", ()):
        rows["ssd_cin_plans"].append({"cinp_cin_plan_id": p["cin_plan_id"], "cinp_person_id": p["child_id"],
                                      "cinp_cin_plan_start_date": p["start_date"], "cinp_cin_plan_end_date": p.get("end_date")})
    _write_periods(t.get("care_periods", ()), rows, as_at, t.get("placements", ()))
    code = {True: "PN1", False: "PN7", None: "PN0"}
    for r in t.get("lac_reviews", ()):
        rows["ssd_cla_reviews"].append({"clar_cla_review_id": r["review_id"], "clar_cla_id": r.get("period_id"),
                                        "clar_cla_review_date": r["date"], "clar_cla_review_cancelled": False,
                                        "clar_cla_review_participation": code[r.get("child_participated")]})
    for h in t.get("health_assessments", ()):
        rows["ssd_cla_health"].append({"clah_health_check_id": h["health_assessment_id"], "clah_person_id": h["child_id"],
                                       "clah_health_check_type": "Health Assessment", "clah_health_check_date": h["date"],
                                       "clah_health_check_status": "Completed"})
    latest_plan: dict[str, _dt.date] = {}
    for p in t.get("pathway_plans", ()):
        if p["child_id"] not in latest_plan or p["date"] > latest_plan[p["child_id"]]:
            latest_plan[p["child_id"]] = p["date"]
    for c in t.get("care_leavers", ()):
        cid = c["child_id"]
        suitable = c.get("accommodation_suitable")
        rows["ssd_care_leavers"].append({
            "clea_table_id": f"{cid}-CL", "clea_person_id": cid,
            "clea_care_leaver_eligibility": _ELIGIBILITY.get(c.get("eligibility") or ""),  # no key is blank: None as before
            "clea_care_leaver_in_touch": c.get("in_touch"), "clea_care_leaver_latest_contact": c.get("last_contact_date"),
            "clea_care_leaver_accommodation": c.get("accommodation"),
            "clea_care_leaver_accom_suitable": None if suitable is None else ("1" if suitable else "2"),
            "clea_care_leaver_activity": c.get("activity"), "clea_pathway_plan_review_date": latest_plan.get(cid),
            "clea_care_leaver_personal_advisor": c.get("personal_adviser_id")})
    for m in t.get("missing_episodes", ()):
        rows["ssd_missing"].append({
            "miss_table_id": m["episode_id"], "miss_person_id": m["child_id"], "miss_missing_episode_start_date": m["start_date"],
            "miss_missing_episode_type": {"M": "Missing", "A": "Absent"}.get(m.get("type") or ""),  # blank: None as before
            "miss_missing_episode_end_date": m.get("end_date"), "miss_missing_rhi_accepted": m.get("rhi_accepted")})
    for n, w in enumerate(t.get("social_workers", ()), 1):
        rows["ssd_professionals"].append({"prof_professional_id": w["worker_id"],
                                          "prof_social_worker_registration_no": f"SW{100000 + n}" if w.get("qualified") else None,
                                          "prof_professional_department": w.get("team")})
    for a in t.get("case_allocations", ()):
        rows["ssd_involvements"].append({
            "invo_involvements_id": a["allocation_id"], "invo_professional_id": a.get("worker_id"),
            "invo_professional_team": a.get("team"), "invo_involvement_start_date": a["start_date"],
            "invo_involvement_end_date": a.get("end_date"), "invo_person_id": a["child_id"]})

    for name, columns in binding.tables.items():
        with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(list(columns))
            for r in rows[name]:
                writer.writerow([_cell(r.get(c)) for c in columns])


def placement_starts(period: dict, as_at: _dt.date) -> list[_dt.date]:
    """The starts of the placements :func:`write` writes for a period of care,
    the current one last: the period's first placement from its start, then
    one a day from the day after the 12 months before its end (or ``as_at``),
    so that ``placements_last_12_months`` of them were in force in those 12
    months, as far as the period's dates leave room."""
    from checker.workdays import add_months

    start = period["start_date"]
    pstart = period.get("placement_start_date") or start
    wanted = period.get("placements_last_12_months") or 1
    twelve = add_months(period.get("end_date") or as_at, -12)
    if wanted <= 1 or pstart <= start or pstart <= twelve:
        return [pstart]
    lo = max(start, twelve) + _dt.timedelta(days=1)
    room = (pstart - lo).days
    k = min(wanted - 2, room)
    return [start] + [lo + _dt.timedelta(days=(i * room) // k) for i in range(k)] + [pstart] if k > 0 else [start, pstart]


def _write_periods(periods, rows: dict[str, list[dict]], as_at: _dt.date, placements=()) -> None:
    placed: dict[str, list[dict]] = {}
    for q in placements:
        if q.get("period_id") is not None:
            placed.setdefault(q["period_id"], []).append(q)
    for p in periods:
        pid, cid, start, end = p["period_id"], p["child_id"], p["start_date"], p.get("end_date")
        pstart = p.get("placement_start_date") or start
        split = start < pstart and (end is None or pstart <= end)
        spans = [(start, pstart), (pstart, end)] if split else [(start, end)]
        for i, (a, b) in enumerate(spans, 1):
            rows["ssd_cla_episodes"].append({"clae_cla_episode_id": f"{pid}-E{i}", "clae_person_id": cid,
                                             "clae_cla_episode_start_date": a, "clae_cla_episode_ceased_date": b,
                                             "clae_cla_id": pid, "clae_cla_last_iro_contact_date": p.get("iro_visit_date")})
        if p["period_id"] in placed:
            # the period's own placements, as the csc `placements` table holds them
            for q in sorted(placed[p["period_id"]], key=lambda q: (q["start_date"], q["placement_id"])):
                rows["ssd_cla_placement"].append({"clap_cla_placement_id": q["placement_id"], "clap_cla_id": pid,
                                                  "clap_cla_placement_start_date": q["start_date"],
                                                  "clap_cla_placement_end_date": q.get("end_date"),
                                                  "clap_cla_placement_type": q.get("placement_type")})
        elif p.get("placement_type"):
            starts = placement_starts(p, as_at)
            for i, (a, b) in enumerate(zip(starts, starts[1:] + [end]), 1):
                rows["ssd_cla_placement"].append({"clap_cla_placement_id": f"{pid}-P{i}", "clap_cla_id": pid,
                                                  "clap_cla_placement_start_date": a, "clap_cla_placement_end_date": b,
                                                  "clap_cla_placement_type": p["placement_type"]})
        if p.get("dental_check_date"):
            rows["ssd_cla_health"].append({"clah_health_check_id": f"{pid}-DC", "clah_person_id": cid,
                                           "clah_health_check_type": "Dental Check",
                                           "clah_health_check_date": p["dental_check_date"], "clah_health_check_status": "Completed"})
        if p.get("legal_status"):
            rows["ssd_legal_status"].append({"lega_legal_status_id": f"{pid}-L", "lega_person_id": cid,
                                             "lega_legal_status": p["legal_status"], "lega_legal_status_start_date": start})
