"""The rule language: expression text in, a checked, typed AST out.

``parser`` turns text into the AST of ``nodes`` (lark stops there: nothing
else imports it); ``visitor`` is the one way to walk it (a handler per node
class: the type checker, printer, evaluator and compiler are visitors);
``typecheck`` names and types every node against the data schema and the
built-in ``functions`` (one record each in the ``registry``: type rule,
meaning, SQL over the ``sqlexpr`` helpers, doc; the text and code functions
in ``functions_text``); ``pattern`` is ``matches()``'s non-backtracking
matcher; ``printer`` writes a node back as text. The types
themselves are on the ground floor (``checker.typesys``), and so are the
run-time values Python has no type for (``checker.values``).
"""
