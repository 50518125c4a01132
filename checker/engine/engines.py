"""The engine a run judges with, by name (``casecheck run --engine NAME``): the
reference evaluator, or the SQL engine on a backend. Kept apart from
:mod:`checker.engine.sql` so a run on the reference evaluator never imports the
SQL compiler (nor sqlglot: start-up, issue 21)."""

from __future__ import annotations

from checker.backends import Backend, engine_info, open_backend
from checker.engine import outcomes as ref
from checker.engine.outcomes import Outcome
from checker.model import Context
from checker.packs.pack import Rule
from checker.schema import DataSchema


class ReferenceEngine:
    """The reference evaluator behind the same interface (``--engine reference``)."""

    name = "reference"

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.fallbacks: dict[str, str] = {}

    def judge_all(self, rule: Rule) -> list[Outcome]:
        return ref.judge_all(rule, self.ctx)

    def close(self) -> None:
        pass


def make_engine(name: str, schema: DataSchema, ctx: Context, dsn: str | None = None, backend: Backend | None = None,
                preloaded: bool = False, **options):
    """The engine ``casecheck run --engine NAME`` uses (:data:`checker.backends.ENGINES`),
    on ``backend`` if given (holding the data already if ``preloaded``),
    else on a new backend opened with ``dsn`` and the ``options`` it takes.
    Raises BackendError with a message for the user when a database cannot be used."""
    if engine_info(name).backend is None:
        return ReferenceEngine(ctx)
    if backend is None:
        backend = open_backend(name, dsn, **options)
        assert backend is not None
    from checker.engine.sql import SqlEngine

    eng = SqlEngine(schema, ctx, backend, preloaded=preloaded)
    eng.name = name
    return eng
