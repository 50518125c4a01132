"""Shared pytest wiring: the throwaway database servers (tests/servers.py)."""

from servers import postgres_dsn, postgres_server, spark_session  # noqa: F401 - pytest fixtures
