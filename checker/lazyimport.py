"""A module imported on first use, for the start-up path (issue 21).

sqlglot takes 75-130 ms to import, and every command imported it through the
function registry (each function's SQL builder) and the bindings, though only
the SQL engines and ``casecheck sql`` ever build SQL. Those modules name
sqlglot through :func:`lazy`, so ``lint``, ``explain`` and a run on the
reference evaluator never import it.

A lazy module is an ordinary object until an attribute is read; the first read
imports the real module and copies its names onto the object, so later reads
are plain attribute reads (no ``__getattr__`` call). For type checkers the
modules import the real thing under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    """Stands for the module ``name`` until one of its attributes is read."""

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_lazy_name", name)

    def __getattr__(self, attr: str) -> Any:
        # Only called for names not yet on the object: the first read loads everything.
        module = importlib.import_module(object.__getattribute__(self, "_lazy_name"))
        self.__dict__.update((k, v) for k, v in vars(module).items() if k != "_lazy_name")
        try:
            return self.__dict__[attr]
        except KeyError:
            raise AttributeError(f"module {module.__name__!r} has no attribute {attr!r}") from None

    def __repr__(self) -> str:
        return f"<lazy module {object.__getattribute__(self, '_lazy_name')!r}>"


def lazy(name: str) -> Any:
    """The module ``name``, imported when first used."""
    return LazyModule(name)
