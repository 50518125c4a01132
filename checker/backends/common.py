"""Helpers shared by the SQL backends: the kind -> SQL type table, optional
driver imports with an install hint, and scrubbing secrets from messages."""

from __future__ import annotations

import importlib
import re
from types import ModuleType

from checker.backends import BackendError

#: casecheck scalar kind -> column type for the backends in this folder that
#: are not the lead's (DuckDB's are in duckdb.py; checker/engine/compile.py has the
#: types it casts to, which agree). Decimals in
#: Spark need a precision and scale: 38 digits, 10 after the point (so up to
#: 28 before it); PostgreSQL's unconstrained numeric keeps every digit.
SQL_TYPES: dict[str, dict[str, str]] = {
    "postgres": {
        "string": "text", "code": "text", "integer": "bigint", "decimal": "numeric",
        "boolean": "boolean", "date": "date", "datetime": "timestamp",
    },
    "spark": {
        "string": "STRING", "code": "STRING", "integer": "BIGINT", "decimal": "DECIMAL(38,10)",
        "boolean": "BOOLEAN", "date": "DATE", "datetime": "TIMESTAMP_NTZ",
    },
}


def sql_type(dialect: str, kind: str) -> str:
    try:
        return SQL_TYPES[dialect][kind]
    except KeyError:
        raise BackendError(f"no {dialect} column type for kind {kind!r}") from None


def import_driver(module: str, what: str, extra: str) -> ModuleType:
    """Import an optional driver, or fail with how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise BackendError(
            f"the {what} engine needs the {module.split('.')[0]} package, which is not installed "
            f"({e}); install it with: pip install 'casecheck[{extra}]'"
        ) from None


def scrub(message: str, secrets: list[str]) -> str:
    """``message`` with every non-empty secret (and any password=... setting
    or user:password@ in a URL) replaced by ***."""
    for s in secrets:
        if s:
            message = message.replace(s, "***")
    message = re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", message, flags=re.I)
    message = re.sub(r"(\w+://[^:/@\s]*:)[^@\s]*@", r"\1***@", message)
    return message


