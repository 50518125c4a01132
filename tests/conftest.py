"""Shared pytest wiring: the throwaway database servers (tests/servers.py)."""

import os

# An unexpected exception in the CLI fails the test with its traceback, rather
# than becoming the clean "internal error" exit users see (checker/cli.py).
os.environ["CASECHECK_INTERNAL_ERRORS"] = "raise"

from servers import postgres_dsn, postgres_server, spark_session  # noqa: E402, F401 - pytest fixtures
