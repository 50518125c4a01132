"""The rule language: expression text in, a checked, typed AST out.

``parser`` turns text into the AST of ``nodes`` (lark stops there: nothing
else imports it); ``typecheck`` names and types every node against the data
schema and the built-in ``functions``; ``printer`` writes a node back as
text. The types themselves are on the ground floor (``checker.typesys``).
"""
