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
RATE_EPSILON = 1e-9  # rates are rounded to 4 dp in the JSON; keep 0.005 itself unchanged

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


def framework_id(result: dict | None) -> str | None:
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


def category_labels(result: dict | None) -> dict[str, str]:
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
                run_id, pack["name"], text_or_none(pack.get("version")), result["as_at"], text_or_none(data.get("path")),
                text_or_none(result.get("schema_version")), text_or_none(result.get("casecheck_version")),
                framework_id(result), blob,
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


def text_or_none(v: Any) -> str | None:
    return None if v is None else str(v)


def _int(v: Any) -> int:
    return v if isinstance(v, int) and not isinstance(v, bool) else 0


def _summary_row(run_id: str, position: int, r: dict) -> tuple:
    given = r.get("counts")
    counts = given if isinstance(given, dict) else {}
    rate = r.get("rate")
    return (
        run_id, position, r["id"], text_or_none(r.get("area")), text_or_none(r.get("category")),
        _int(counts.get("pass")), _int(counts.get("fail")), _int(counts.get("not_evidenced")),
        _int(counts.get("not_applicable")), _int(r.get("denominator")),
        float(rate) if isinstance(rate, (int, float)) and not isinstance(rate, bool) else None,
    )
