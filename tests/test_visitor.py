"""One visitor protocol over the typed AST: the evaluator, type checker, SQL
compiler and printer each have a handler for every node class, found through
a table built once per visitor class."""

from __future__ import annotations

import pytest

from checker.engine.compile import Compiler
from checker.engine.evaluate import Evaluator
from checker.language import nodes as ast
from checker.language.printer import Printer
from checker.language.typecheck import Checker
from checker.language.visitor import Visitor, node_classes

VISITORS = [Evaluator, Checker, Compiler, Printer]

#: the node classes there are (a new one must be added here, and to every visitor)
NODES = ["AsAt", "Arith", "Attribute", "Between", "BoolOp", "Call", "Coalesce", "Compare", "Comprehension",
         "Duration", "In", "IsMissing", "ListExpr", "Literal", "Name", "Negate", "Not", "Pick", "Quantifier", "Within"]


def test_node_classes_are_found():
    assert sorted(node_classes()) == sorted(NODES)
    assert all(issubclass(c, ast.Node) for c in node_classes().values())


@pytest.mark.parametrize("visitor", VISITORS, ids=lambda v: v.__name__)
@pytest.mark.parametrize("node", NODES)
def test_every_visitor_handles_every_node_class(visitor, node):
    cls = node_classes()[node]
    assert issubclass(visitor, Visitor)
    handler = visitor.handler_table.get(cls)
    assert handler is not None, f"{visitor.__name__} has no {visitor.prefix}{node}"
    assert handler is getattr(visitor, visitor.prefix + node)


def test_a_handler_for_no_node_class_is_an_error():
    with pytest.raises(TypeError, match="handles no node class"):
        class Typo(Visitor):
            prefix = "_x_"

            def _x_Compar(self, node):
                return node


def test_a_visitor_needs_a_prefix():
    with pytest.raises(TypeError, match="no handler prefix"):
        class NoPrefix(Visitor):
            pass


def test_dispatch_calls_the_handler_with_its_arguments_and_says_when_there_is_none():
    class Kinds(Visitor):
        prefix = "_k_"

        def _k_Literal(self, node, extra):
            return ("literal", node.value, extra)

    assert Kinds().dispatch(ast.Literal(3), "x") == ("literal", 3, "x")
    with pytest.raises(TypeError, match="Kinds has no handler for AsAt"):
        Kinds().dispatch(ast.AsAt(), "x")
