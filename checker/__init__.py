"""casecheck: rule-based compliance checking for children's social care case data.

The pipeline, bottom up; each stage imports only from the ones above it in
this list (``tests/test_layout.py`` keeps it so):

    ground floor   errors (diagnostics), lazyimport (sqlglot on first use), limits (bounded reads, containment,
                   zip and nesting limits), scratch (temporary folders; dead runs' swept),
                   suggest, resources, yamlsource,
                   yamlhelp (fixes for YAML syntax errors), validate
                   (JSON Schema), workdays (calendar), typesys
                   (the language's types), values (durations), postcodes
                   (the postcode directory, optional), schema
                   (the data schema),
                   model (records, dataset, context, outcomes)
    language/      parser (lark stops here) -> nodes (typed AST) ->
                   visitor -> typecheck; functions (one record each, SQL
                   via sqlexpr; pattern: matches() without backtracking);
                   printer
    packs/         pack (load, include, override, type-check), framework
                   (categories, grades, products, themes: all data), policy
                   (grading and thresholds over a framework)
    backends/      DuckDB (default), PostgreSQL, Spark connections
    data/          readers/ (one per format; duckdb_focus: the few records a
                   Python-worded reason reads, asked of DuckDB) -> coerce -> load (accounting,
                   integrity); idcheck (look-alike IDs); binding (another
                   dataset's tables read as a schema's, compiled with sqlglot)
    engine/        evaluate (reference) + explain; engines (by name); compile (SQL: compiled, the rule as a query) + sql
                   (+ sql_outcomes: outcomes worded from the rows; sql_tally:
                   breakdowns counted in the database; sql_ahead: rules'
                   queries run two at a time; sql_edges: dates near the
                   calendar's edge judged by the reference; sql_cases: cases'
                   JSON written by the database; sql_prefetch: the next rules'
                   cases' files made ahead of the writer);
                   outcomes; fixtures (rule tests); dataquality
    report/        result (versioned model) -> findings (themes: thematic
                   priority actions; grading: areas and grades; context: a
                   listed case's child, team and worker) -> terminal,
                   view -> documents (Markdown, HTML), letter (the
                   framework's products), tabular (Excel, CSV); history;
                   redact; jsonout; sink (everything that leaves the
                   process: redaction, formulas, escapes, writes)
    tools/         generate (synthetic council), sampling, audit_template
    cli            the commands
"""

__version__ = "0.1.0"
