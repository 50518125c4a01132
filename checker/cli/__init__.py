"""The ``casecheck`` command line.

Exit status (stable; scripts rely on it):

    0  the command did its job (for ``run``: every rule was evaluated and no
       finding reached --fail-on)
    1  ``run``: a finding at or below --fail-on (default: the framework's
       priority category); ``test``: a rule test failed
    2  bad input: a rule pack, schema, test or data problem, or a rule that
       could not be evaluated. Nothing is reported as a pass that was not
       evaluated.

The package, one module per kind of command: ``app`` (the group, its guard,
the project config and what the commands share), ``judge`` (``run``),
``author`` (lint, test, explain, sql, rules, coverage), ``datacmds``
(generate, convert, sample, template), ``audit`` (compare, history,
audit-grades).
"""

from __future__ import annotations

from checker.cli import audit, author, datacmds, judge  # noqa: F401  (each registers its commands on `cli`)
from checker.cli.app import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    CasecheckError,
    cli,
    fail,
)

__all__ = ["cli", "main", "EXIT_OK", "EXIT_FINDINGS", "EXIT_BAD_INPUT"]


def _terminate(signum, frame) -> None:
    # SIGTERM (a timeout, a scheduler stopping the job) ends the run as an
    # exit, not a kill, so the engine's spill folder and temporary files are
    # removed: 128 + 15 as a shell reports it. A Spark JVM this process
    # started is ended first: stopping its context would wait for its running
    # tasks (minutes on a big table).
    import sys

    spark = sys.modules.get("checker.backends.spark")
    if spark is not None:
        spark.abort_session()
    raise SystemExit(143)


def main() -> None:
    import signal

    try:
        signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # pragma: no cover - not the main thread
        pass
    try:
        cli(standalone_mode=True)
    except CasecheckError as exc:  # pragma: no cover - commands catch their own
        fail(exc.diagnostics)


if __name__ == "__main__":  # pragma: no cover
    main()
