"""Shared pytest wiring: the throwaway database servers (tests/servers.py)."""

import os

# An unexpected exception in the CLI fails the test with its traceback, rather
# than becoming the clean "internal error" exit users see (checker/cli/app.py).
os.environ["CASECHECK_INTERNAL_ERRORS"] = "raise"
# The compiled-pack cache is off in the tests (they patch code it cannot see);
# tests/test_pack_cache.py turns it on, in a folder of its own.
os.environ["CASECHECK_NO_CACHE"] = "1"

from servers import postgres_dsn, postgres_server, spark_session  # noqa: E402, F401 - pytest fixtures
