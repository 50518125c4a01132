"""The cases' files of the rules ahead of the JSON writer, made two at a time
(``SqlEngine`` takes this as a mixin).

Writing the JSON of every outcome, the writer asks each rule in turn for the
texts of its cases (``Outcomes.json_texts``), and for each the engine makes
the rule's rows whole (the query with its reasons' columns) and has DuckDB
write the cases' texts to a file (``sql_cases.cases_file``). Each of those
statements runs on one thread (a census's tables are smaller than one of
DuckDB's row groups), while the writer waits. Here, from the first rule the
writer asks for, workers on connections of their own do the same for the next
few rules in the order they were judged: make the rows whole in a table of
their own, write the files of the outcomes the writer lists, drop the table.
The writer then finds each file made, or makes it as before where it was not
(a worker's failure, a reason worded in Python, cases whose texts Python
writes): the same statements, the same files, so the same document.
Nothing is made for a run that writes no JSON, or with ``--redact`` (every
case passes through the redactor).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.engine.sql_cases import NO_CASES, cases_file, remove_file

#: rules whose files are made ahead of the one being written
LOOKAHEAD = 4
WORKERS = 2
_NAMES = itertools.count()


@dataclass
class CaseSpec:
    """What a rule's cases' files are made from: the SQL of its rows whole (made when asked:
    ``whole``), the SQL of a case's key over its subject's records ``s``, the subject, each
    outcome's count and its reason's SQL over the rows ``o`` (with whether it is a constant)."""

    whole: Callable[[], str]
    key: str
    subject: str
    counts: dict[str, int]
    reasons: dict[str, tuple[str, bool]]
    by_row: Callable[[], bool] = field(default=lambda: False)
    #: given the name of a table of the rule's rows whole that a worker made and kept (some
    #: outcome's cases are the writer's to make from them), takes it as the rule's own; False
    #: where the rule has its rows whole already (the table is then dropped)
    adopt: Callable[[str], bool] = field(default=lambda name: False)


class CasePrefetch:
    """``SqlEngine``'s cases' files made ahead. Wants of the engine: ``backend`` (DuckDB) and
    ``cases_folder()``."""

    backend: Any
    cases_folder: Callable[[], str]

    def _register_cases(self, rule_id: str, spec: CaseSpec) -> None:
        """The rule (judged now, in the run's order) whose cases' files may be made ahead."""
        self.__dict__.setdefault("_case_specs", {})[rule_id] = spec

    def _prefetched(self, rule_id: str, status: str, case_indent: str, field_indent: str,
                    listed: tuple[str, ...] | None) -> Path | None:
        """The file of this rule's cases with this outcome, made ahead (see the module), now the
        writer's to copy and remove; None where none was (the caller makes it)."""
        specs: dict[str, CaseSpec] | None = self.__dict__.get("_case_specs")
        con = getattr(self.backend, "con", None)
        if not specs or rule_id not in specs or listed is None or con is None:
            return None
        state = self.__dict__.get("_case_state")
        if state is None:
            state = self.__dict__["_case_state"] = _Ahead(con, list(specs), (case_indent, field_indent, tuple(listed)),
                                                          self.cases_folder())
        if state.layout != (case_indent, field_indent, tuple(listed)):
            return None
        order = state.order
        at = order.index(rule_id)
        for later in order[at:at + LOOKAHEAD + 1]:
            if later not in state.futures and later not in state.done:
                spec = specs[later]
                state.futures[later] = state.pool.submit(state.job, spec.whole(), spec, spec.by_row())
        future = state.futures.pop(rule_id, None)
        if future is not None:
            state.done.add(rule_id)
            try:
                state.files[rule_id], kept = future.result()
            except Exception:  # noqa: BLE001 - made again by the caller, where its error (if any) is reported
                state.files[rule_id], kept = {}, None
            if kept is not None and not specs[rule_id].adopt(kept):
                con.execute(f"DROP TABLE IF EXISTS {kept}")
        return state.files.get(rule_id, {}).pop(status, None)

    def _stop_cases(self) -> None:
        """Stop making files ahead and remove those not taken."""
        state = self.__dict__.pop("_case_state", None)
        self.__dict__.pop("_case_specs", None)
        if state is not None:
            state.stop()


class _Ahead:
    """The workers and the files they made."""

    def __init__(self, con, order: list[str], layout: tuple[str, str, tuple[str, ...]], folder: str):
        self.con = con
        self.folder = folder
        self.order = order
        self.layout = layout
        self.pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="casecheck-cases")
        self.futures: dict[str, Future] = {}
        self.done: set[str] = set()
        #: rule -> outcome -> its file, made and not yet taken (removed at the end)
        self.files: dict[str, dict[str, Path]] = {}
        self._local = threading.local()
        self._cursors: list[Any] = []
        self._lock = threading.Lock()

    def job(self, whole_sql: str, spec: CaseSpec, by_row: bool) -> tuple[dict[str, Path], str | None]:
        """The files of the rule's listed outcomes whose cases DuckDB can write, and the name of
        the table of its rows whole where some listed outcome's cases are left to the writer
        (kept for it), else None (dropped)."""
        cur = getattr(self._local, "cur", None)
        if cur is None:
            cur = self._local.cur = self.con.cursor()
            with self._lock:
                self._cursors.append(cur)
        case_indent, field_indent, listed = self.layout
        name = f"_cases_whole_{next(_NAMES)}"
        files: dict[str, Path] = {}
        left = False  # some listed outcome's cases are the writer's to make
        cur.execute(f"CREATE TABLE {name} AS {whole_sql}")
        try:
            for status in listed:
                if not spec.counts.get(status):
                    continue
                reason = spec.reasons.get(status)
                if reason is None:
                    left = True
                    continue
                sql = (f'SELECT {spec.key} AS k, {reason[0]} AS r, o."_row" AS p FROM {name} AS o '
                       f'JOIN "{spec.subject}" AS s ON s."_row" = o."_row" WHERE o.outcome = \'{status}\'')
                got = cases_file(cur, sql, reason[1], case_indent, field_indent, "p" if by_row else "k", reason[0],
                                 self.folder)
                if got is None:
                    left = True
                elif got is not NO_CASES:
                    files[status] = got
        except BaseException:
            for f in files.values():
                remove_file(f)
            cur.execute(f"DROP TABLE IF EXISTS {name}")
            raise
        if not left:
            cur.execute(f"DROP TABLE IF EXISTS {name}")
        return files, name if left else None

    def stop(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        for rule_id, future in self.futures.items():
            if future.done() and not future.cancelled() and future.exception() is None:
                self.files[rule_id], kept = future.result()
                if kept is not None:
                    try:
                        self.con.execute(f"DROP TABLE IF EXISTS {kept}")
                    except Exception:  # noqa: BLE001 - closed with the database already
                        pass
        for files in self.files.values():
            for f in files.values():
                remove_file(f)
        self.files.clear()
        for cur in self._cursors:
            try:
                cur.close()
            except Exception:  # noqa: BLE001 - closed with the database already
                pass
