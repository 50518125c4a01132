"""A history of runs, so a QA team can see whether practice is getting better.

Each month's result (the versioned JSON of :mod:`checker.report.result`) is recorded
in one SQLite file (``--history PATH``); :func:`compare` sets a result beside
the previous run of the same pack and says, rule by rule, whether things
improved, declined or stayed the same, and which adverse findings are repeats
("This was an area for development at the previous inspection").

The file is precious (it is the council's only record of last year's
numbers), so:

* every write is ONE transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``): a
  process killed in the middle leaves the history as it was before;
* the journal is WAL with ``synchronous=FULL``: readers never block the
  writer, and a committed run survives a power cut;
* a busy timeout (30 s by default) makes a second writer wait its turn
  rather than fail;
* a file that is not a casecheck history (random bytes, someone else's
  SQLite database) is refused with a clear error and never written to; a
  history written by a newer casecheck is refused too;
* each run is stored as the canonical result JSON, compressed, under its
  SHA-256 (the run id), and checked against it when read back.

Nothing is stored beyond the result JSON: no clock, no user or machine name,
no case data. The per-rule summary table is derived from the JSON (for SQL
users and for speed); the result itself carries case ids, never names.

Schema (``HISTORY_SCHEMA_VERSION`` 1)::

    schema_version (version INTEGER)
    runs (seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- recorded order
          run_id TEXT UNIQUE,                     -- sha256 of canonical JSON
          pack_name, pack_version, as_at, data_path,
          result_schema_version, casecheck_version, framework,
          result BLOB)                            -- zlib(canonical JSON)
    rule_results (run_id, position, rule_id, area, category,
                  pass, fail, not_evidenced, not_applicable,
                  denominator, rate,  PRIMARY KEY (run_id, rule_id))
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from checker.errors import CasecheckError, Diagnostic, Location

HISTORY_SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 30.0
#: A rate move of at most this much (half a percentage point) is "unchanged":
#: below the precision rates are read at, and about one case in 200.
UNCHANGED_TOLERANCE = 0.005
_EPS = 1e-9  # rates are rounded to 4 dp in the JSON; keep 0.005 itself unchanged

_SQLITE_MAGIC = b"SQLite format 3\x00"
_OUR_TABLES = {"schema_version", "runs", "rule_results"}

_SCHEMA = (
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    """CREATE TABLE runs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL UNIQUE CHECK (length(run_id) = 64),
        pack_name TEXT NOT NULL,
        pack_version TEXT,
        as_at TEXT NOT NULL,
        data_path TEXT,
        result_schema_version TEXT,
        casecheck_version TEXT,
        framework TEXT,
        result BLOB NOT NULL
    )""",
    "CREATE INDEX runs_by_pack ON runs (pack_name, as_at, seq)",
    """CREATE TABLE rule_results (
        run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        rule_id TEXT NOT NULL,
        area TEXT,
        category TEXT,
        pass INTEGER NOT NULL,
        fail INTEGER NOT NULL,
        not_evidenced INTEGER NOT NULL,
        not_applicable INTEGER NOT NULL,
        denominator INTEGER NOT NULL,
        rate REAL,
        PRIMARY KEY (run_id, rule_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX rule_results_by_rule ON rule_results (rule_id)",
)

IMPROVED, DECLINED, UNCHANGED, NEW, NO_DATA, CHANGED = (
    "improved", "declined", "unchanged", "new", "no_data", "changed",
)


# --------------------------------------------------------------------------- results


def canonical_json(result: dict) -> str:
    """The canonical text of a result: sorted keys, no spaces, UTF-8 as is.

    A top-level ``history`` key (the comparison added before rendering) is
    left out: it depends on what the store held, not on the run."""
    doc = {k: v for k, v in result.items() if k != "history"}
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def run_id_of(result: dict) -> str:
    """The run id: SHA-256 (hex) of the canonical JSON. The same result always
    has the same id, in or out of a history."""
    return hashlib.sha256(canonical_json(result).encode("utf-8")).hexdigest()


def _not_a_result(where: str | None, why: str) -> CasecheckError:
    return CasecheckError(
        Diagnostic(f"not a casecheck result: {why}", Location(file=where), code="not-a-result",
                   suggestion="write one with `casecheck run ... --format json`")
    )


def check_result(result: Any, where: str | None = None) -> dict:
    """The few keys the history relies on; a clear error when they are absent."""
    if not isinstance(result, dict):
        raise _not_a_result(where, "expected a JSON object")
    pack = result.get("pack")
    if not isinstance(pack, dict) or not isinstance(pack.get("name"), str):
        raise _not_a_result(where, "no `pack.name`")
    if not isinstance(result.get("as_at"), str):
        raise _not_a_result(where, "no `as_at`")
    rules = result.get("rules")
    if not isinstance(rules, list) or not all(isinstance(r, dict) and isinstance(r.get("id"), str) for r in rules):
        raise _not_a_result(where, "no `rules` list with an `id` for each rule")
    return result


def load_result(path: str | Path) -> dict:
    """Read a result JSON file (``casecheck run --format json``), for
    comparing two files without a history."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CasecheckError(Diagnostic(f"cannot read result file: {exc}", Location(file=str(p)), code="io")) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _not_a_result(str(p), f"not JSON ({exc.msg} at line {exc.lineno})") from None
    return check_result(doc, str(p))


def _framework_id(result: dict | None) -> str | None:
    fw = (result or {}).get("framework")
    return fw.get("id") if isinstance(fw, dict) and isinstance(fw.get("id"), str) else None


def _ids(items: Any) -> list[str] | None:
    if not isinstance(items, list) or not items:
        return None
    out = [c.get("id") if isinstance(c, dict) else c for c in items]
    return [c for c in out if isinstance(c, str)] or None


def framework_order(result: dict | None, key: str = "categories") -> list[str] | None:
    """Category ids best -> worst from ``result["framework"][key]``, or None."""
    fw = (result or {}).get("framework")
    return _ids(fw.get(key)) if isinstance(fw, dict) else None


def _labels(result: dict | None) -> dict[str, str]:
    out: dict[str, str] = {}
    fw = (result or {}).get("framework")
    if isinstance(fw, dict):
        for key in ("categories", "grades"):
            for c in fw.get(key) or []:
                if isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("label"), str):
                    out[c["id"]] = c["label"]
    for r in (result or {}).get("rules") or []:
        if isinstance(r, dict) and isinstance(r.get("category"), str) and isinstance(r.get("category_label"), str):
            out.setdefault(r["category"], r["category_label"])
    return out


# --------------------------------------------------------------------------- store


class History:
    """A history file of recorded runs. Open it, use it, ``close()`` it (or
    use ``with History(path) as h:``)."""

    def __init__(self, path: str | Path, timeout: float = BUSY_TIMEOUT_S):
        self.path = Path(path)
        self.timeout = timeout
        self._conn: sqlite3.Connection | None = None
        self._conn = self._open()

    # ---- errors

    def _error(self, message: str, code: str = "bad-history", suggestion: str | None = None) -> CasecheckError:
        return CasecheckError(Diagnostic(message, Location(file=str(self.path)), code=code, suggestion=suggestion))

    def _from_sqlite(self, exc: sqlite3.Error, doing: str) -> CasecheckError:
        text = str(exc)
        low = text.lower()
        if "locked" in low or "busy" in low:
            return self._error(
                f"history is busy: another casecheck kept it locked for more than {self.timeout:g} s while {doing}",
                code="history-busy", suggestion="try again when the other run has finished",
            )
        if "not a database" in low or "malformed" in low or "corrupt" in low:
            return self._error(
                f"not a casecheck history, or a damaged one ({text}) while {doing}",
                suggestion="restore the history file from a backup, or point --history at a new file",
            )
        if "readonly" in low or "read-only" in low:
            return self._error(f"cannot write the history ({text}) while {doing}", code="io",
                               suggestion="check the file's and its folder's permissions")
        return self._error(f"history error while {doing}: {text}", code="io")

    @contextmanager
    def _sqlite_errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise self._from_sqlite(exc, doing) from None

    # ---- opening

    def _open(self) -> sqlite3.Connection:
        p = self.path
        from checker.limits import kind_of

        kind = kind_of(p)
        if kind is not None:
            raise self._error(f"is {kind}; --history needs a file (e.g. history.sqlite)", code="not-a-file")
        if p.is_dir():
            raise self._error("is a folder; --history needs a file (e.g. history.sqlite)")
        if not p.parent.is_dir():
            raise self._error(f"folder {p.parent} does not exist", code="io")
        if p.exists():
            try:
                with p.open("rb") as f:
                    head = f.read(len(_SQLITE_MAGIC))
            except OSError as exc:
                raise self._error(f"cannot read the history: {exc.strerror or exc}", code="io") from None
            if head and head != _SQLITE_MAGIC:
                raise self._error(
                    "not a casecheck history: the file is not an SQLite database",
                    suggestion="point --history at a new file, or at the history casecheck made before",
                )
        try:
            conn = sqlite3.connect(str(p), timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._from_sqlite(exc, "opening it") from None
        try:
            with self._sqlite_errors("opening it"):
                conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
                names = _table_names(conn)
                if names:
                    self._check_ours(conn, names)  # read only: nothing is written to a file that is not ours
                # Only now, knowing the file is ours (or empty), change anything.
                conn.execute("PRAGMA journal_mode = WAL")  # persistent; a no-op when already WAL
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
                if not names:
                    self._create(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _check_ours(self, conn: sqlite3.Connection, names: set[str]) -> None:
        if "schema_version" not in names:
            shown = ", ".join(sorted(names)[:8]) + (", ..." if len(names) > 8 else "")
            raise self._error(
                f"not a casecheck history: an SQLite database with other tables ({shown})",
                suggestion="point --history at a new file; casecheck will not write into another program's database",
            )
        row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
        version = row[0] if row else None
        if not isinstance(version, int):
            raise self._error("damaged casecheck history: no schema version recorded",
                              suggestion="restore the history file from a backup")
        if version > HISTORY_SCHEMA_VERSION:
            raise self._error(
                f"history written by a newer casecheck (history schema {version}; this casecheck reads up to "
                f"{HISTORY_SCHEMA_VERSION})",
                code="history-too-new", suggestion="upgrade casecheck to read this history",
            )
        if version < 1 or not _OUR_TABLES <= names:
            raise self._error(
                f"damaged casecheck history: schema {version} but tables {', '.join(sorted(names))}",
                suggestion="restore the history file from a backup",
            )
        # Future: migrate version < HISTORY_SCHEMA_VERSION here, in one transaction.

    def _create(self, conn: sqlite3.Connection) -> None:
        with self._transaction(conn):
            names = _table_names(conn)  # another process may have created it while we waited
            if names:
                self._check_ours(conn, names)
                return
            for stmt in _SCHEMA:
                conn.execute(stmt)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (HISTORY_SCHEMA_VERSION,))

    @contextmanager
    def _transaction(self, conn: sqlite3.Connection | None = None) -> Iterator[sqlite3.Connection]:
        """One write transaction. IMMEDIATE takes the write lock at the start,
        so a second writer waits (busy timeout) instead of failing part way."""
        c = conn or self._live()
        c.execute("BEGIN IMMEDIATE")
        try:
            yield c
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                try:
                    c.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

    def _live(self) -> sqlite3.Connection:
        if self._conn is None:
            raise self._error("history is closed", code="io")
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> History:  # noqa: PYI034
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing

    def record(self, result: dict) -> str:
        """Store one run (idempotent: the same result twice is one run).
        Returns the run id."""
        check_result(result)
        try:
            text = canonical_json(result)
        except (TypeError, ValueError) as exc:
            raise _not_a_result(None, f"cannot be written as JSON ({exc})") from None
        run_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
        blob = zlib.compress(text.encode("utf-8"), 9)
        with self._sqlite_errors("recording a run"), self._transaction() as c:
            if c.execute("SELECT 1 FROM runs WHERE run_id = ?", (run_id,)).fetchone() is None:
                self._write_run(c, run_id, result, blob)
        return run_id

    def _write_run(self, c: sqlite3.Connection, run_id: str, result: dict, blob: bytes) -> None:
        pack = result["pack"]
        given = result.get("data")
        data = given if isinstance(given, dict) else {}
        c.execute(
            "INSERT INTO runs (run_id, pack_name, pack_version, as_at, data_path, result_schema_version, "
            "casecheck_version, framework, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id, pack["name"], _text(pack.get("version")), result["as_at"], _text(data.get("path")),
                _text(result.get("schema_version")), _text(result.get("casecheck_version")),
                _framework_id(result), blob,
            ),
        )
        c.executemany(
            "INSERT INTO rule_results (run_id, position, rule_id, area, category, pass, fail, not_evidenced, "
            "not_applicable, denominator, rate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_summary_row(run_id, i, r) for i, r in enumerate(result["rules"])],
        )

    # ---- reading

    def runs(self, pack: str | None = None) -> list[dict]:
        """Recorded runs (of one pack, or all), in recorded order."""
        with self._sqlite_errors("listing runs"):
            rows = self._live().execute(
                "SELECT r.seq, r.run_id, r.pack_name, r.pack_version, r.as_at, r.data_path, r.casecheck_version, "
                "(SELECT count(*) FROM rule_results rr WHERE rr.run_id = r.run_id) "
                "FROM runs r WHERE ?1 IS NULL OR r.pack_name = ?1 ORDER BY r.seq",
                (pack,),
            ).fetchall()
        return [
            {"run_id": rid, "recorded": seq, "pack": name, "pack_version": ver, "as_at": as_at,
             "data": path, "casecheck_version": cv, "rules": n}
            for seq, rid, name, ver, as_at, path, cv, n in rows
        ]

    def previous(self, result: dict) -> dict | None:
        """The latest run of the same pack (by name: the pack's version may
        move between audits) before this one: with an earlier ``as_at``, or
        the same ``as_at`` recorded before it (a re-run after the data was
        corrected is compared with the first run); between runs with the
        same ``as_at``, the one recorded last. None when there is none."""
        check_result(result)
        with self._sqlite_errors("finding the previous run"):
            live = self._live()
            seq = None
            try:
                own = hashlib.sha256(canonical_json(result).encode("utf-8")).hexdigest()
            except (TypeError, ValueError):
                own = None
            if own is not None:  # this result is recorded: only runs recorded before it
                got = live.execute("SELECT seq FROM runs WHERE run_id = ?", (own,)).fetchone()
                seq = got[0] if got else None
            row = live.execute(
                "SELECT run_id FROM runs WHERE pack_name = ? AND (as_at < ? OR (as_at = ? AND seq < ?)) "
                "ORDER BY as_at DESC, seq DESC LIMIT 1",
                (result["pack"]["name"], result["as_at"], result["as_at"], seq if seq is not None else 2 ** 62),
            ).fetchone()
        return None if row is None else self.get(row[0])

    def resolve(self, ref: str) -> str:
        """A full run id from a run id or a unique prefix of one (as git does)."""
        ref = ref.strip().lower()
        if not ref or any(ch not in "0123456789abcdef" for ch in ref):
            raise self._error(f"`{ref}` is not a run id (hex digits, as `casecheck history` lists them)",
                              code="unknown-run")
        with self._sqlite_errors("finding a run"):
            rows = self._live().execute(
                "SELECT run_id FROM runs WHERE substr(run_id, 1, ?) = ? ORDER BY seq LIMIT 6", (len(ref), ref)
            ).fetchall()
        if not rows:
            raise self._error(f"no run `{ref}` in this history", code="unknown-run")
        if len(rows) > 1:
            raise self._error(
                f"run id `{ref}` is ambiguous: {', '.join(r[0][:12] for r in rows[:5])}{', ...' if len(rows) > 5 else ''}",
                code="unknown-run", suggestion="give more of the run id",
            )
        return rows[0][0]

    def get(self, run_id: str) -> dict:
        """The recorded result (run id or a unique prefix), checked against its id."""
        full = self.resolve(run_id)
        with self._sqlite_errors("reading a run"):
            row = self._live().execute("SELECT result FROM runs WHERE run_id = ?", (full,)).fetchone()
        try:
            text = zlib.decompress(row[0]).decode("utf-8")
        except (zlib.error, UnicodeDecodeError, TypeError):
            text = None
        if text is None or hashlib.sha256(text.encode("utf-8")).hexdigest() != full:
            raise self._error(f"run {full[:12]} is damaged in the history (its content no longer matches its id)",
                              suggestion="restore the history file from a backup")
        return json.loads(text)

    def check(self) -> str:
        """SQLite's own ``PRAGMA integrity_check``, then every run's content
        against its id (the id is the SHA-256 of the content): "ok", or what
        is wrong, one line each."""
        with self._sqlite_errors("checking it"):
            rows = self._live().execute("PRAGMA integrity_check").fetchall()
        problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
        problems += [f"run {rid[:12]}: its content no longer matches its id" for rid in self.damaged()]
        return "\n".join(problems) or "ok"

    def damaged(self) -> list[str]:
        """The runs whose stored content does not hash to their id."""
        bad = []
        with self._sqlite_errors("checking its runs"):
            for rid, blob in self._live().execute("SELECT run_id, result FROM runs ORDER BY seq"):
                try:
                    text = zlib.decompress(blob)
                except (zlib.error, TypeError):
                    bad.append(rid)
                    continue
                if hashlib.sha256(text).hexdigest() != rid:
                    bad.append(rid)
        return bad


def _table_names(conn: sqlite3.Connection) -> set[str]:
    return {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    }


def _text(v: Any) -> str | None:
    return None if v is None else str(v)


def _int(v: Any) -> int:
    return v if isinstance(v, int) and not isinstance(v, bool) else 0


def _summary_row(run_id: str, position: int, r: dict) -> tuple:
    given = r.get("counts")
    counts = given if isinstance(given, dict) else {}
    rate = r.get("rate")
    return (
        run_id, position, r["id"], _text(r.get("area")), _text(r.get("category")),
        _int(counts.get("pass")), _int(counts.get("fail")), _int(counts.get("not_evidenced")),
        _int(counts.get("not_applicable")), _int(r.get("denominator")),
        float(rate) if isinstance(rate, (int, float)) and not isinstance(rate, bool) else None,
    )


# --------------------------------------------------------------------------- compare


def _adverse(order: list[str], flags: dict[str, bool]) -> set[str]:
    """The adverse ids of an order (best -> worst): those the framework marks
    ``positive: false`` when it marks every one; otherwise anything below the
    best two (with only two, the worse one; with one, none)."""
    if order and all(c in flags for c in order):
        return {c for c in order if not flags[c]}
    n = len(order)
    return set(order[2 if n >= 3 else (1 if n == 2 else n):])


def _positive_flags(*results: dict | None, key: str = "categories") -> dict[str, bool]:
    out: dict[str, bool] = {}
    for res in results:
        fw = (res or {}).get("framework")
        for c in (fw.get(key) if isinstance(fw, dict) else None) or []:
            if isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("positive"), bool):
                out.setdefault(c["id"], c["positive"])
    return out


def _grade_change(prev_grade: str | None, grade: str | None, had_previous: bool, gpos: dict[str, int] | None) -> str:
    if not had_previous or prev_grade is None:
        return NEW if grade is not None else NO_DATA
    if grade is None:
        return NO_DATA
    if grade == prev_grade:
        return UNCHANGED
    if gpos and grade in gpos and prev_grade in gpos:
        return IMPROVED if gpos[grade] < gpos[prev_grade] else DECLINED
    return CHANGED


def _direction(prev_value: Any, value: Any, prev_cat: Any, cat: Any, pos: dict[str, int] | None) -> str:
    if pos and prev_cat in pos and cat in pos and prev_cat != cat:
        return IMPROVED if pos[cat] < pos[prev_cat] else DECLINED
    if value is None:
        return NO_DATA
    if prev_value is None:
        return NEW
    d = value - prev_value
    if abs(d) <= UNCHANGED_TOLERANCE + _EPS:
        return UNCHANGED
    return IMPROVED if d > 0 else DECLINED


def _rate(r: dict | None) -> float | None:
    v = (r or {}).get("rate")
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _cat(d: dict | None, key: str = "category") -> str | None:
    v = (d or {}).get(key)
    return v if isinstance(v, str) else None


def compare(current: dict, previous: dict | None, framework_categories: list[str] | None = None) -> dict:
    """Set ``current`` beside ``previous`` (two result dicts), rule by rule.

    ``change`` per rule:

    * ``improved`` / ``declined``: when the rule has a category at both runs,
      in the framework's best -> worst order, and the category moved, the move
      decides; otherwise the rate moved by more than ``UNCHANGED_TOLERANCE``
      (0.005, half a percentage point);
    * ``unchanged``: rate within +/- 0.005 (and no category move);
    * ``new``: nothing to compare with (no previous run, a rule the previous
      run did not have, or one it could not measure: denominator 0);
    * ``no_data``: the rule could not be measured this time (denominator 0).

    ``repeated`` is true when the category is adverse now and was adverse at
    the previous audit ("This was an area for development at the previous
    inspection"); adverse = a category the framework marks ``positive:
    false`` (ILACS: area for improvement, area for priority action), or, when
    it does not say, anything below its best two categories.

    Areas (``result["areas"]``, ``grade``) and the overall grade
    (``result["overall"]["grade"]``) are compared in the framework's
    ``grades`` order (best -> worst); with no known order a different grade
    is ``changed``.

    Categories are only compared within one framework: when both results name
    a framework and the names differ, categories are ignored (rates still
    count). ``framework_categories`` (ids, best -> worst) overrides the order
    the results carry.
    """
    check_result(current)
    if previous is not None:
        check_result(previous)
    fw_now, fw_prev = _framework_id(current), _framework_id(previous)
    comparable = previous is None or fw_now is None or fw_prev is None or fw_now == fw_prev
    order = framework_categories if framework_categories is not None else (
        framework_order(current) or framework_order(previous)
    )
    pos = {c: i for i, c in enumerate(order)} if (order and comparable) else None
    adverse = _adverse(order, _positive_flags(current, previous)) if pos and order else set()

    def is_adverse(cat: str | None) -> bool:
        return cat in adverse

    prev_rules = {r["id"]: r for r in (previous or {}).get("rules", [])}
    changes: dict[str, dict] = {}
    for r in current["rules"]:
        p = prev_rules.get(r["id"])
        rate, prev_rate = _rate(r), _rate(p)
        cat, prev_cat = _cat(r), _cat(p)
        change = NEW if p is None else _direction(prev_rate, rate, prev_cat, cat, pos)
        changes[r["id"]] = {
            "previous_rate": prev_rate,
            "rate": rate,
            "change": change,
            "previous_category": prev_cat,
            "category": cat,
            "repeated": p is not None and is_adverse(cat) and is_adverse(prev_cat),
        }
    current_ids = {r["id"] for r in current["rules"]}
    removed = [
        {"rule_id": rid, "previous_rate": _rate(p), "previous_category": _cat(p)}
        for rid, p in prev_rules.items() if rid not in current_ids
    ]

    grade_order = framework_order(current, "grades") or framework_order(previous, "grades") or order
    gpos = {g: i for i, g in enumerate(grade_order)} if (grade_order and comparable) else None
    gadverse = _adverse(grade_order, _positive_flags(current, previous, key="grades")) if gpos and grade_order else set()

    def grade_entry(prev: dict | None, now: dict | None) -> dict:
        grade, prev_grade = _cat(now, "grade"), _cat(prev, "grade")
        return {
            "previous_grade": prev_grade,
            "grade": grade,
            "change": _grade_change(prev_grade, grade, prev is not None, gpos),
            "repeated": grade in gadverse and prev_grade in gadverse,
        }

    prev_areas = {a["id"]: a for a in _areas(previous)}
    areas = {a["id"]: grade_entry(prev_areas.get(a["id"]), a) for a in _areas(current)}
    overall = None
    if isinstance(current.get("overall"), dict) and _cat(current["overall"], "grade"):
        prev_overall = (previous or {}).get("overall")
        overall = grade_entry(prev_overall if isinstance(prev_overall, dict) else None, current["overall"])

    tally = {k: 0 for k in (IMPROVED, DECLINED, UNCHANGED, NEW, NO_DATA)}
    for c in changes.values():
        tally[c["change"]] += 1
    tally["repeated"] = sum(1 for c in changes.values() if c["repeated"])
    return {
        "current": {"run_id": run_id_of(current), "as_at": current["as_at"]},
        "previous": None if previous is None else {
            "run_id": run_id_of(previous),
            "as_at": previous["as_at"],
            "pack_version": _text(previous["pack"].get("version")),
        },
        "unchanged_tolerance": UNCHANGED_TOLERANCE,
        "framework": fw_now or fw_prev,
        "categories_compared": pos is not None,
        "summary": tally,
        "changes": changes,
        "removed": removed,
        "areas": areas,
        "overall": overall,
    }


def _areas(result: dict | None) -> list[dict]:
    items = (result or {}).get("areas")
    return [a for a in items if isinstance(a, dict) and isinstance(a.get("id"), str)] if isinstance(items, list) else []


# --------------------------------------------------------------------------- render


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.1f}%"


def _label(cat: str | None, labels: dict[str, str]) -> str:
    if cat is None:
        return "-"
    return labels.get(cat) or cat.replace("_", " ").replace("-", " ")


_WORDS = {IMPROVED: "improved", DECLINED: "DECLINED", UNCHANGED: "unchanged", NEW: "new", NO_DATA: "no data",
          CHANGED: "changed"}


def render_compare(comparison: dict, current: dict) -> str:
    """The comparison as a terminal table, in pack order."""
    from tabulate import tabulate

    pack = current.get("pack") or {}
    name = pack.get("name", "?")
    prev = comparison.get("previous")
    lines = []
    if prev is None:  # one line, not a table of every rule marked new
        n = len(comparison.get("changes") or {})
        return (f"{name}: the first run in this history (as at {current.get('as_at')}, {n} rule{'s' if n != 1 else ''}); "
                "the next run is compared with it.\n")
    else:
        v = f" (pack version {prev['pack_version']})" if prev.get("pack_version") != _text(pack.get("version")) else ""
        lines.append(f"{name}: as at {current.get('as_at')} compared with as at {prev['as_at']}, "
                     f"run {prev['run_id'][:12]}{v}")
    lines.append("")

    labels = _labels(current)
    changes = comparison.get("changes") or {}
    with_cats = any(c.get("category") or c.get("previous_category") for c in changes.values())
    rows = []
    for r in current.get("rules") or []:
        c = changes.get(r.get("id"))
        if c is None:
            continue
        row = [r["id"], _pct(c.get("previous_rate")), _pct(c.get("rate"))]
        if with_cats:
            row += [_label(c.get("previous_category"), labels), _label(c.get("category"), labels)]
        row += [_WORDS.get(c.get("change"), str(c.get("change"))), "REPEAT" if c.get("repeated") else ""]
        rows.append(row)
    headers = ["rule", "previous", "rate"]
    align = ["left", "right", "right"]
    if with_cats:
        headers += ["prev. category", "category"]
        align += ["left", "left"]
    headers += ["change", "repeated"]
    align += ["left", "left"]
    lines.append(tabulate(rows, headers=headers, tablefmt="simple", colalign=align))

    areas = comparison.get("areas") or {}
    if areas:
        lines.append("")
        arows = [
            [aid, _label(a.get("previous_grade"), labels), _label(a.get("grade"), labels), _WORDS.get(a.get("change"), str(a.get("change"))),
             "REPEAT" if a.get("repeated") else ""]
            for aid, a in areas.items()
        ]
        lines.append(tabulate(arows, headers=["area", "previous grade", "grade", "change", "repeated"],
                              tablefmt="simple"))

    overall = comparison.get("overall")
    if overall:
        lines.append(
            f"overall: {_label(overall.get('previous_grade'), labels)} -> {_label(overall.get('grade'), labels)} "
            f"({_WORDS.get(overall.get('change'), str(overall.get('change')))})"
            + (" REPEAT" if overall.get("repeated") else "")
        )
    lines.append("")
    s = comparison.get("summary") or {}
    parts = [f"{s.get(k, 0)} {_WORDS[k]}" for k in (IMPROVED, DECLINED, UNCHANGED, NEW, NO_DATA) if s.get(k)]
    tol = comparison.get("unchanged_tolerance", UNCHANGED_TOLERANCE)
    lines.append(f"{', '.join(parts) or 'no rules'} (unchanged = rate within +/-{100 * tol:.1f} points"
                 f"{'; a category move decides the direction' if comparison.get('categories_compared') else ''})")
    if s.get("repeated"):
        n = s["repeated"]
        adverse = [c.get("label") or c["id"] for c in (current.get("framework") or {}).get("categories") or []
                   if not c.get("positive")]
        words = " or ".join(f"\u201c{a}\u201d" for a in adverse) if adverse else "an adverse category"
        lines.append(f"REPEAT: {n} rule{'s' if n != 1 else ''} in {words} at the previous audit and still")
    removed = comparison.get("removed") or []
    if removed:
        lines.append("no longer in the pack: " + ", ".join(r["rule_id"] for r in removed))
    return "\n".join(lines) + "\n"
