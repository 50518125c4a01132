"""``--redact`` where the data is in DuckDB: the identifiers kept in memory
as one Arrow column, never a Python object each, never a file (issue 21).

:class:`KeptRedactor` gives the same bytes as :class:`sink.Redactor`'s scan
for identifiers that are each one *token* (a run of letters, digits and
``_/|-``, ``sink``'s token characters): an identifier standing alone in a
text is then exactly a whole token of it, so a text is redacted by looking
each of its tokens up. Where one identifier is not a token (a space, a
letter outside ASCII) the scan is used as before (:meth:`KeptRedactor.of`).

* In Python (the document's breakdowns, warnings, rejects.csv, the CSV and
  workbook rows) each token is looked up once and its pseudonym kept: a few
  texts by a query of the redactor's own in-memory database, many by a set
  of the identifiers read from the Arrow column when first needed.
* In SQL (the JSON of every case, ``engine.sql_cases``): the identifiers and
  their pseudonyms are a temporary table of the engine's in-memory database,
  made once per run by the same keyed hash in SQL (checked against Python's
  on the first identifier); each rule's cases are joined to it, their keys
  and the tokens of their distinct reasons, so no case passes through Python.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Collection, Iterable
from typing import Any

from checker.report.sink import Redactor, pseudonym

__all__ = ["KeptRedactor", "TOKEN_CLASS"]

#: An identifier's characters where it is kept (sink's ``_TOKEN``): then it is a whole token of a text.
TOKEN_CLASS = "A-Za-z0-9_/|-"
_TOKENS = re.compile(f"[{TOKEN_CLASS}]+")
#: Texts redacted by a query each before the identifiers are read into a Python set.
_QUERY_BUDGET = 64
#: Tokens whose lookup is kept (a token of a text is looked up once).
_KNOWN_MAX = 4_000_000
_NAMES = itertools.count()
_UNSEEN: Any = object()


def _arrow_of(con, sql: str, params: list) -> Any:
    """The result of a query as an Arrow table (``to_arrow_table`` in DuckDB 2, ``arrow`` before)."""
    rel = con.sql(sql, params=params)
    get = getattr(rel, "to_arrow_table", None) or rel.arrow
    return get()


class KeptRedactor(Redactor):
    """A redactor whose identifiers stay one Arrow column (made by
    :meth:`of`); pseudonyms are made only for the identifiers found."""

    def __init__(self, key: bytes, ids: Any, count: int, firsts: str):
        # (Redactor.__init__ is not called: it makes every pseudonym, which is what this avoids)
        self._key = key
        #: the characters identifiers start with: a token starting otherwise is none (the tokens
        #: worth looking up are those ``_candidates`` finds; in SQL, texts ``candidates_sql`` matches)
        cls_ = "".join("\\" + c if c in "-|" else c for c in firsts)
        self._candidates = re.compile(f"(?<![{TOKEN_CLASS}])[{cls_}][{TOKEN_CLASS}]*" if firsts else "(?!)")
        self.candidates_sql = f"(^|[^{TOKEN_CLASS}])[{cls_}]" if firsts else None
        self._arrow = ids  # a pyarrow table of one column, i, sorted
        self.count = count
        self._ids: set[str] | None = None
        self._known: dict[str, str | None] = {}  # token -> its pseudonym, or None if no identifier
        self._own: Any = None  # an in-memory DuckDB of the redactor's own, for lookups by query
        self._queries = 0
        self._walking = False
        self._maps: list[tuple[Any, str]] = []  # (an engine's connection, its table of pseudonyms)
        k = key if len(key) <= 64 else hashlib.sha256(key).digest()
        k = k.ljust(64, b"\0")
        self._ipad = bytes(b ^ 0x36 for b in k)
        self._opad = bytes(b ^ 0x5C for b in k)
        self._inner = hashlib.sha256(self._ipad)
        self._outer = hashlib.sha256(self._opad)

    @classmethod
    def of(cls, key: bytes, con, sql: str, extra: Collection[str] = ()) -> Redactor | None:
        """The redactor of the identifiers the query ``sql`` gives (column
        ``i``) in the DuckDB connection ``con``, and of ``extra``; the scan's
        :class:`Redactor` where one is not a token; None without pyarrow
        (the caller reads them into Python)."""
        try:
            import pyarrow.compute as pc
        except ImportError:  # pragma: no cover - pyarrow comes with the parquet extra
            return None
        cur = con.cursor()
        try:
            ids = _arrow_of(cur, f"SELECT DISTINCT i FROM ({sql} UNION ALL SELECT unnest($1::VARCHAR[])) "
                                 f"WHERE i IS NOT NULL AND i <> '' ORDER BY i", [sorted(extra)])
        finally:
            cur.close()
        column = ids.column(0)
        if len(column) and not pc.all(pc.match_substring_regex(column, f"^[{TOKEN_CLASS}]+$")).as_py():
            return Redactor(key, column.to_pylist())
        firsts = "".join(sorted(pc.unique(pc.utf8_slice_codeunits(column, 0, 1)).to_pylist()))
        return cls(key, ids, len(column), firsts)

    # ------------------------------------------------------------ Python
    def pseudonym(self, i: str) -> str:
        """``sink.pseudonym(key, i)``: the HMAC with its pads hashed once."""
        h = self._inner.copy()
        h.update(i.encode("utf-8"))
        o = self._outer.copy()
        o.update(h.digest())
        return "ID-" + o.hexdigest()[:12]

    def __bool__(self) -> bool:
        return self.count > 0

    def __call__(self, value: str) -> str:
        return self.text(value)

    def ids(self) -> set[str]:
        """Every identifier, as a Python set (made once, when first needed)."""
        if self._ids is None:
            self._ids = set(self._arrow.column(0).to_pylist())
        return self._ids

    @property  # read only: every pseudonym, made when asked (tests, oracles)
    def table(self) -> dict[str, str]:  # type: ignore[override]
        return {i: self.pseudonym(i) for i in self.ids()}

    def _db(self):
        if self._own is None:
            import duckdb

            self._own = duckdb.connect()
            self._own.register("ids", self._arrow)
        return self._own

    def _lookup(self, tokens: Iterable[str], batch: bool = False) -> None:
        """Each token not looked up before: its pseudonym or None, kept."""
        known = self._known
        tokens = set(tokens)
        todo = {t for t in tokens if t not in known}
        if not todo:
            return
        if len(known) + len(todo) > _KNOWN_MAX:
            known.clear()
            todo = tokens
        if self._ids is None and (batch or self._queries < _QUERY_BUDGET):
            self._queries += not batch
            hits = {t for (t,) in self._db().execute(
                "SELECT i FROM ids WHERE i IN (SELECT unnest($1::VARCHAR[]))", [sorted(todo)]).fetchall()}
        else:
            ids = self.ids()
            hits = todo & ids
        for t in todo:
            known[t] = self.pseudonym(t) if t in hits else None

    def unknown(self, values: Iterable[str]) -> set[str]:
        """Those of ``values`` that are no identifier of this redactor."""
        values = {v for v in values if v}
        tokens = {v for v in values if _TOKENS.fullmatch(v)}
        self._lookup(tokens, batch=True)
        return {v for v in values if v not in tokens or self._known.get(v) is None}

    def text(self, value: str) -> str:
        if not value:
            return value
        p = self._known.get(value, _UNSEEN)
        if p is not _UNSEEN:  # a whole token looked up before (a case's key, most often)
            return p or value
        find = self._candidates
        tokens = find.findall(value)
        if not tokens:
            return value
        known = self._known
        if any(t not in known for t in tokens):
            self._lookup(tokens)
        if not any(known.get(t) for t in tokens):
            return value
        return find.sub(lambda m: known[m.group()] or m.group(), value)

    def value(self, value: Any) -> Any:
        """As :meth:`Redactor.value`; the tokens of every text looked up first, by one query."""
        if self._walking:  # (Redactor.value calls this for each part: the tokens are looked up already)
            return super().value(value)
        found: set[str] = set()
        _tokens_in(value, found, self._candidates)
        self._lookup(found, batch=True)
        self._walking = True
        try:
            return super().value(value)
        finally:
            self._walking = False

    # ------------------------------------------------------------ SQL
    def hmac_sql(self, column: str) -> str:
        """SQL of ``pseudonym(key, column)``."""
        return (f"'ID-' || left(sha256(from_hex('{self._opad.hex()}') || unhex(sha256(from_hex('{self._ipad.hex()}') "
                f"|| encode({column})))), 12)")

    def map_table(self, con) -> str:
        """A temporary table ``(i, p)`` of every identifier and its pseudonym in
        the DuckDB connection ``con`` (made once per connection; it goes with it)."""
        for c, name in self._maps:
            if c is con:
                return name
        n = next(_NAMES)
        view, name = f"_casecheck_ids_{n}", f"_casecheck_pseudonyms_{n}"
        # DuckDB 2 refuses register() while an earlier result on the connection is unfinished
        # (a fetchone() of a query's first row): a statement run to its end closes it
        con.execute("SELECT 1").fetchall()
        con.register(view, self._arrow)
        try:
            made = self.hmac_sql("i")
            first = con.execute(f"SELECT i, {made} FROM {view} LIMIT 1").fetchone()
            if first is not None and first[1] != pseudonym(self._key, first[0]):  # pragma: no cover - a DuckDB of other hashes
                raise ValueError("the database's HMAC is not Python's")
            con.execute(f"CREATE TEMP TABLE {name} AS SELECT i, {made} AS p FROM {view} ORDER BY i")
        except Exception:  # noqa: BLE001 - no sha256 of bytes in this DuckDB: the pseudonyms made in Python
            col = self._arrow.column(0).to_pylist()
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT unnest($1::VARCHAR[]) AS i, "
                        f"unnest($2::VARCHAR[]) AS p", [col, [self.pseudonym(i) for i in col]])
        finally:
            con.unregister(view)
        self._maps.append((con, name))
        return name

    def cases_sql(self, con, source: str) -> tuple[str, list[str]]:
        """SQL over the query ``source`` (columns ``k``, ``r``: a rule's cases)
        giving ``k``, ``r``, ``kp`` (the pseudonym of ``k``, NULL where ``k``
        is no identifier) and ``rr`` (``r`` redacted, NULL where it holds no
        identifier), and the temporary tables it reads (the caller drops
        them). Each distinct reason is redacted once, here (:meth:`texts`)."""
        ids = self.map_table(con)
        n = next(_NAMES)
        cases, red = f"_casecheck_cases_{n}", f"_casecheck_red_{n}"
        made: list[str] = []
        try:
            con.execute(f"CREATE TEMP TABLE {cases} AS SELECT k, r FROM ({source})")
            made.append(cases)
            reasons = [r for (r,) in con.execute(f"SELECT DISTINCT r FROM {cases} WHERE regexp_matches(r, "
                                                 f"'{self.candidates_sql}')").fetchall()] if self.candidates_sql else []
            changed = [(r, d) for r, d in zip(reasons, self.texts(reasons)) if d != r]
            con.execute(f"CREATE TEMP TABLE {red} AS SELECT unnest($1::VARCHAR[]) AS r, unnest($2::VARCHAR[]) AS rr",
                        [[r for r, _ in changed], [d for _, d in changed]])
            made.append(red)
        except BaseException:
            for t in made:
                con.execute(f"DROP TABLE IF EXISTS {t}")
            raise
        return (f"SELECT c.k, c.r, mk.p AS kp, rd.rr FROM {cases} AS c LEFT JOIN {ids} AS mk ON mk.i = c.k "
                f"LEFT JOIN {red} AS rd ON rd.r = c.r", made)

    def texts(self, values: Iterable[str]) -> list[str]:
        """Each text redacted (as :meth:`text`), by the identifiers read into
        a Python set: for many texts at once."""
        ids = self.ids()
        known = self._known
        if len(known) > _KNOWN_MAX:
            known.clear()
        make = self.pseudonym
        find = self._candidates
        out = []
        for v in values:
            hit = False
            for t in find.findall(v):
                p = known.get(t, _UNSEEN)
                if p is _UNSEEN:
                    p = known[t] = make(t) if t in ids else None
                if p is not None:
                    hit = True
            out.append(find.sub(lambda m: known[m.group()] or m.group(), v) if hit else v)
        return out


def _tokens_in(value: Any, found: set[str], find: re.Pattern) -> None:
    """The tokens ``find`` finds in every text of a document (not in a streamed part, which is redacted as it
    is written)."""
    if isinstance(value, str):
        found.update(find.findall(value))
    elif isinstance(value, (list, tuple)):
        for v in value:
            _tokens_in(v, found, find)
    elif isinstance(value, dict):
        for v in value.values():
            _tokens_in(v, found, find)
