"""One way to walk the typed AST: a visitor with a method per node class.

A subclass names its methods' prefix (the evaluator ``_e_``, the type
checker ``_t_``, the SQL compiler ``_c_``, the printer ``_p_``); the method
for a node of class ``Compare`` is then ``<prefix>Compare``. ``dispatch``
finds it in a table built once per visitor class (a dictionary lookup on the
node's class, not a name made and looked up on every call), and a method
whose name is not a node class's is an error when the table is built, so a
typo is not a handler that is silently never called.

``tests/test_visitor.py`` checks that every visitor has a handler for every
concrete node class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from checker.language import nodes as ast


def node_classes() -> dict[str, type[ast.Node]]:
    """Every concrete node class, by name (every subclass of ``Node`` in the tree)."""
    found: dict[str, type[ast.Node]] = {}
    todo = list(ast.Node.__subclasses__())
    while todo:
        cls = todo.pop()
        found[cls.__name__] = cls
        todo.extend(cls.__subclasses__())
    return dict(sorted(found.items()))


class Visitor:
    """Base of the AST's visitors. ``prefix`` is the handlers' prefix; a node
    with no handler goes to :meth:`no_handler` (an error unless overridden).
    The table is built when the subclass is defined."""

    prefix: ClassVar[str] = ""
    #: node class -> handler (an unbound function), one table per visitor class
    handler_table: ClassVar[dict[type, Callable[..., Any]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.prefix:
            raise TypeError(f"{cls.__name__} is a Visitor with no handler prefix")
        classes = node_classes()
        table: dict[type, Callable[..., Any]] = {}
        for name in dir(cls):
            if not name.startswith(cls.prefix) or not callable(getattr(cls, name)):
                continue
            node_name = name[len(cls.prefix):]
            if node_name not in classes:
                raise TypeError(f"{cls.__name__}.{name} handles no node class (`{node_name}` is not one)")
            table[classes[node_name]] = getattr(cls, name)
        cls.handler_table = table

    def dispatch(self, node: ast.Node, *args: Any) -> Any:
        """The handler for ``node``'s class, called with ``node`` and ``args``."""
        handler = self.handler_table.get(type(node))
        if handler is None:
            return self.no_handler(node, *args)
        return handler(self, node, *args)

    def no_handler(self, node: ast.Node, *args: Any) -> Any:
        raise TypeError(f"{type(self).__name__} has no handler for {type(node).__name__}")
