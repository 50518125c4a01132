"""casecheck: rule-based compliance checking for children's social care case data.

The pipeline, one module per stage:

    pack.py       load a rule pack (YAML, validated by JSON Schema)
    parser.py     parse each expression (lark stops here) ...
    ast.py        ... into a typed AST
    typecheck.py  check it against the data schema (schema.py)
    evaluate.py   evaluate it record by record (the reference engine)
    result.py     one versioned result model
    render.py     renderers (terminal table, JSON)
"""

__version__ = "0.1.0"
