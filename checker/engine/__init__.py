"""Judging: checked rules applied to records, one outcome and reason each.

``evaluate`` is the reference evaluator (the specification of what rules
mean) and ``explain`` its trace; ``compile`` turns rules into SQL (sqlglot)
and ``sql`` runs them in a backend; ``outcomes`` judges a rule over its
subject records; ``fixtures`` runs a pack's own rule tests; ``dataquality``
runs a data-quality pack before a practice pack.
"""
