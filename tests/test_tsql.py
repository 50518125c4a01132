"""The printed T-SQL as SQL Server would take it, as far as this machine can
tell without a SQL Server:

1. every statement of ``casecheck sql <pack> --dialect tsql``, parsed back
   by sqlglot, is walked for each construct in :data:`REJECTED` (what SQL
   Server refuses, with the reason and its error number where it has one);
2. an independent T-SQL grammar (the grammars-v4 ANTLR grammar, as PyPI's
   ``antlr-tsql``) parses every statement of the script;
3. the T-SQL, transpiled back to DuckDB by sqlglot, gives DuckDB's own counts
   on a generated council (so the boolean lowering keeps three-valued logic).

None of this runs SQL Server: its optimiser limits, collations and run-time
errors are not seen (README, "T-SQL").
"""

from __future__ import annotations

import datetime as _dt
import re

import pytest
import sqlglot
from click.testing import CliRunner
from sqlglot import exp

from checker.cli import cli
from checker.engine import tsql

AS_AT = "2025-03-31"

#: Each construct SQL Server rejects, with why. ``check(node, ctx)`` gets
#: every node with whether the grammar wants a predicate ("pred") or a value
#: there, and the version targeted.
REJECTED: list[tuple[str, str]] = [
    ("predicate-as-value", "SQL Server has no boolean type: a comparison, IN, EXISTS, IS NULL, LIKE or AND/OR/NOT "
                           "cannot be a SELECT column, a THEN/ELSE, a function argument or an operand (error 4145/102)"),
    ("value-as-predicate", "a value (a BIT column, a CASE, a subquery) is not a search condition: WHEN, WHERE, ON, "
                           "AND/OR/NOT need a predicate (error 4145)"),
    ("boolean-literal", "TRUE and FALSE are not T-SQL literals (error 207: invalid column name)"),
    ("least-greatest", "LEAST and GREATEST exist from SQL Server 2022 only"),
    ("lateral", "SQL Server has no LATERAL; a correlated derived table is CROSS/OUTER APPLY"),
    ("regexp", "no regular expressions before SQL Server 2025 (REGEXP_LIKE); no ILIKE or SIMILAR TO"),
    ("aggregate-of-subquery", "an aggregate's argument cannot contain a subquery or an aggregate (error 130)"),
    ("subquery-in-group-by", "a GROUP BY expression cannot contain a subquery (error 144)"),
    ("order-by-in-subquery", "ORDER BY in a subquery or derived table needs TOP (error 1033)"),
    ("unnamed-derived-column", "every column of a derived table needs a name (error 8155)"),
    ("case-nesting", "CASE expressions nest at most 10 levels (error 125)"),
    ("subquery-nesting", "subqueries nest at most 32 levels (error 191)"),
    ("boolean-type", "there is no BOOLEAN type: BIT"),
    ("unknown-function", "a function this test has not checked SQL Server has (listed in ALLOWED_FUNCTIONS)"),
    ("long-identifier", "identifiers are at most 128 characters"),
    ("limit", "no LIMIT/OFFSET without ORDER BY ... OFFSET ... FETCH: TOP"),
]

#: Functions SQL Server 2016 has, as sqlglot names the nodes it parses from T-SQL.
ALLOWED_FUNCTIONS = {
    exp.Count, exp.Min, exp.Max, exp.Sum, exp.Cast, exp.Coalesce, exp.DateAdd, exp.DateDiff, exp.Year, exp.Month,
    exp.Day, exp.Length, exp.Substring, exp.StrPosition, exp.Upper, exp.Concat, exp.Case, exp.If, exp.Exists,
    exp.RowNumber,  # ROW_NUMBER() OVER (...), SQL Server 2005 on (the ssd binding numbers records with it)
    exp.Lag,  # LAG(x) OVER (...), SQL Server 2012 on (on_schedule: the event before each)
    exp.TryCast, exp.Collate, exp.TsOrDsToDate, exp.TimeStrToTime, exp.DateFromParts,  # DATEFROMPARTS: 2012+; sqlglot reads CAST(... AS DATE), CAST(... AS DATETIME2) so
}


def _wants_predicate(parent: exp.Expression, key: str) -> bool:
    if isinstance(parent, exp.If):
        return key == "this"
    if isinstance(parent, (exp.Where, exp.Having)):
        return key == "this"
    if isinstance(parent, exp.Join):
        return key == "on"
    if isinstance(parent, (exp.And, exp.Or, exp.Not)):
        return True
    return False


def _is_pred(e: exp.Expression) -> bool:
    while isinstance(e, exp.Paren):
        e = e.this
    return isinstance(e, (exp.And, exp.Or, exp.Not, exp.Predicate))


def violations(tree: exp.Expression, version: int = tsql.DEFAULT_VERSION) -> list[tuple[str, str]]:
    """(construct, the SQL at fault) for each rejected construct in ``tree``."""
    out: list[tuple[str, str]] = []

    def bad(kind: str, node: exp.Expression) -> None:
        out.append((kind, f"{type(node).__name__}: " + node.sql("tsql")[:160]))

    def walk(node: exp.Expression, want: str, cases: int, subqueries: int) -> None:
        if isinstance(node, exp.Paren):
            walk(node.this, want, cases, subqueries)
            return
        if want == "pred" and not _is_pred(node):
            bad("value-as-predicate", node)
        if want == "value" and _is_pred(node):
            bad("predicate-as-value", node)
        if isinstance(node, exp.Boolean):
            bad("boolean-literal", node)
        if isinstance(node, (exp.Least, exp.Greatest)) and version < 2022:
            bad("least-greatest", node)
        if isinstance(node, exp.Lateral) and node.args.get("cross_apply") is None:
            bad("lateral", node)
        if isinstance(node, (exp.RegexpLike, exp.ILike, exp.SimilarTo)) or type(node).__name__ == "RegexpILike":
            bad("regexp", node)
        if isinstance(node, exp.AggFunc) and any(node.this is not None and node.this.find(t) for t in (exp.Subquery, exp.AggFunc, exp.Select)):
            bad("aggregate-of-subquery", node)
        if isinstance(node, exp.Group) and any(g.find(exp.Subquery, exp.Select) for g in node.expressions):
            bad("subquery-in-group-by", node)
        if isinstance(node, exp.Subquery) and isinstance(node.this, exp.Select):
            sel = node.this
            if sel.args.get("order") is not None and sel.args.get("limit") is None and sel.args.get("top") is None:
                bad("order-by-in-subquery", node)
            if node.alias and any(not (isinstance(e, (exp.Alias, exp.Column, exp.Star)) or e.alias) for e in sel.expressions):
                bad("unnamed-derived-column", node)
        if isinstance(node, exp.Limit) and node.args.get("offset") is not None:
            bad("limit", node)
        if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.BOOLEAN:
            bad("boolean-type", node)
        if isinstance(node, exp.Func) and not isinstance(node, exp.AggFunc) and type(node) not in ALLOWED_FUNCTIONS \
                and not isinstance(node, (exp.Predicate, exp.Connector, exp.Least, exp.Greatest)):
            bad("unknown-function", node)
        if isinstance(node, exp.AggFunc) and type(node) not in ALLOWED_FUNCTIONS:
            bad("unknown-function", node)
        if isinstance(node, exp.Identifier) and len(node.name) > 128:
            bad("long-identifier", node)
        if isinstance(node, exp.Case):
            cases += 1
            if cases > 10:
                bad("case-nesting", node)
        if isinstance(node, exp.Subquery) or (isinstance(node, exp.Select) and not isinstance(node.parent, exp.Subquery)
                                               and node.parent is not None):
            subqueries += 1
            if subqueries > 32:
                bad("subquery-nesting", node)
        for key, arg in node.args.items():
            for child in arg if isinstance(arg, list) else [arg]:
                if not isinstance(child, exp.Expression):
                    continue
                if isinstance(child, (exp.DataType, exp.Identifier, exp.Var)):
                    walk_plain(child)
                    continue
                if isinstance(node, exp.Predicate) or not _is_pred(node) or isinstance(node, (exp.And, exp.Or, exp.Not)):
                    child_want = "pred" if _wants_predicate(node, key) else "value"
                else:
                    child_want = "value"
                if isinstance(node, (exp.Select, exp.Subquery, exp.Union, exp.From, exp.Join, exp.Group, exp.Order,
                                     exp.Ordered, exp.TableAlias, exp.Table, exp.Limit, exp.Lateral, exp.Alias)) \
                        and not _wants_predicate(node, key):
                    child_want = "value" if isinstance(node, (exp.Select, exp.Alias, exp.Ordered, exp.Group)) else "any"
                    if isinstance(node, exp.Select) and key not in ("expressions",):
                        child_want = "any"
                walk(child, child_want, cases, subqueries)

    def walk_plain(node: exp.Expression) -> None:
        for n in node.walk():
            if isinstance(n, exp.DataType) and n.this == exp.DataType.Type.BOOLEAN:
                bad("boolean-type", n)
            if isinstance(n, exp.Identifier) and len(n.name) > 128:
                bad("long-identifier", n)

    walk(tree, "any", 0, 0)
    return out


def _script(pack: str, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["sql", pack, "--as-at", AS_AT, "--dialect", "tsql", *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def _queries(text: str) -> list[tuple[str, str]]:
    return re.findall(r"^-- ([A-Z0-9-]+(?:-[0-9A-Za-z]+)*): .*\n(SELECT[\s\S]*?);\n", text, flags=re.M)


@pytest.fixture(scope="module", params=["ilacs", "dfe-cin"])
def script(request):
    return request.param, _script(request.param, "--no-calendar")


def test_every_rule_is_compiled_for_tsql(script):
    pack, text = script
    assert "not compiled" not in text
    assert "LATERAL" not in text
    from checker.packs.pack import load_pack

    assert len(_queries(text)) == len(load_pack(pack).rules)


def test_no_statement_holds_what_sql_server_rejects(script):
    pack, text = script
    found = []
    for rule_id, sql in _queries(text):
        tree = sqlglot.parse_one(sql, read="tsql")
        found += [(rule_id, kind, at) for kind, at in violations(tree)]
    assert found == []


@pytest.mark.parametrize("bad_sql, kind", [
    ("SELECT a = 1 AS x FROM t", "predicate-as-value"),
    ("SELECT CASE WHEN a = 1 THEN 1 WHEN NOT (a = 1) THEN 0 END AS x FROM t", None),
    ("SELECT CASE WHEN b THEN 1 END AS x FROM t", "value-as-predicate"),
    ("SELECT CASE WHEN a = 1 THEN (1 = 0) END AS x FROM t", "predicate-as-value"),
    ("SELECT COALESCE(a = 1, 0) AS x FROM t", "predicate-as-value"),
    ("SELECT x FROM t WHERE NOT b", "value-as-predicate"),
    ("SELECT x FROM t WHERE b AND a = 1", "value-as-predicate"),
    ("SELECT LEAST(a, b) AS x FROM t", "least-greatest"),
    ("SELECT COUNT(CASE WHEN (SELECT 1) = 1 THEN 1 END) AS x FROM t", "aggregate-of-subquery"),
    ("SELECT x FROM (SELECT a FROM t ORDER BY a) AS q", "order-by-in-subquery"),
    ("SELECT x FROM (SELECT COUNT(*) FROM t) AS q", "unnamed-derived-column"),
    ("SELECT CAST(a AS BOOLEAN) AS x FROM t", "boolean-type"),
])
def test_the_walker_finds_each_rejected_construct(bad_sql, kind):
    """Each check can fail: the construct, written in T-SQL, is found."""
    kinds = {k for k, _ in violations(sqlglot.parse_one(bad_sql, read="tsql"))}
    assert kinds == ({kind} if kind else set())
    assert kind is None or kind in dict(REJECTED)


def test_the_walker_finds_lateral_and_deep_case():
    lateral = sqlglot.parse_one("SELECT a FROM t LEFT JOIN LATERAL (SELECT b FROM u LIMIT 1) AS p ON TRUE", read="duckdb")
    assert "lateral" in {k for k, _ in violations(lateral)}
    deep = "1"
    for _ in range(11):
        deep = f"CASE WHEN a = 1 THEN {deep} END"
    assert "case-nesting" in {k for k, _ in violations(sqlglot.parse_one(f"SELECT {deep} AS x FROM t", read="tsql"))}


def test_least_only_from_sql_server_2022():
    text = _script("ilacs", "--no-calendar", "--tsql-version", "2022")
    assert "LEAST(" in text
    assert "LEAST(" not in _script("ilacs", "--no-calendar")


# --- an independent grammar ----------------------------------------------------------


def _antlr_errors(sql: str) -> list[str]:
    antlr4 = pytest.importorskip("antlr4", reason="install: pip install --no-deps antlr-tsql antlr-ast 'antlr4-python3-runtime==4.7.2'")
    lexer_mod = pytest.importorskip("antlr_tsql.antlr_py.tsqlLexer")
    parser_mod = pytest.importorskip("antlr_tsql.antlr_py.tsqlParser")
    from antlr4.error.ErrorListener import ErrorListener

    class Collect(ErrorListener):
        def __init__(self):
            self.errors: list[str] = []

        def syntaxError(self, recognizer, symbol, line, column, msg, e):  # noqa: N802 - ANTLR's name
            self.errors.append(f"{line}:{column} {msg[:200]}")

    listener = Collect()
    lexer = lexer_mod.tsqlLexer(antlr4.InputStream(sql))
    lexer.removeErrorListeners()
    lexer.addErrorListener(listener)
    parser = parser_mod.tsqlParser(antlr4.CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(listener)
    parser.tsql_file()
    return listener.errors


def test_the_antlr_grammar_rejects_what_sql_server_rejects():
    assert _antlr_errors("SELECT x FROM t WHERE b;") != []
    assert _antlr_errors("SELECT x FROM t WHERE TRUE;") != []
    assert _antlr_errors("SELECT CASE WHEN a = 1 THEN 1 END AS x FROM t OUTER APPLY (SELECT TOP 1 b FROM u) AS p;") == []


@pytest.mark.slow
def test_an_independent_tsql_grammar_parses_every_statement(script):
    pack, text = script
    errors = []
    for rule_id, sql in _queries(text):
        errors += [f"{rule_id}: {e}" for e in _antlr_errors(sql + ";")]
    assert errors == []


def test_the_calendar_statements_parse_in_the_independent_grammar():
    text = _script("ilacs", "--rules", "CP-VISIT-10WD")
    statements = [s for s in text.split(";\n") if s.strip().startswith(("CREATE", "INSERT", "IF"))]
    assert statements
    for s in statements[:3]:
        assert _antlr_errors(s + ";") == []


# --- T-SQL back to DuckDB ------------------------------------------------------------


def _to_duckdb(sql: str) -> str:
    tree = sqlglot.parse_one(sql, read="tsql")
    for c in list(tree.find_all(exp.Collate)):
        c.replace(c.this)  # DuckDB compares bytes already
    for j in list(tree.find_all(exp.Join)):
        lateral = j.this
        if isinstance(lateral, exp.Lateral) and lateral.args.get("cross_apply") is False:
            # OUTER APPLY is DuckDB's LEFT JOIN LATERAL ... ON TRUE
            j.replace(exp.Join(this=exp.Lateral(this=lateral.this, alias=lateral.args.get("alias")), side="LEFT",
                               on=exp.Boolean(this=True)))
    for add in list(tree.find_all(exp.Add)):
        if isinstance(add.expression, exp.Literal) and add.expression.is_string:
            add.replace(exp.DPipe(this=add.this, expression=add.expression))  # T-SQL's + on text
    for like in list(tree.find_all(exp.Like)):
        # T-SQL's LIKE classes ([0-9], [^A-Z]) as a regular expression for DuckDB
        pattern = like.expression.name
        rx = "".join(".*" if part == "%" else "." if part == "_" else part if part.startswith("[") else re.escape(part)
                     for part in re.findall(r"\[[^\]]*\]|%|_|[^\[%_]", pattern))
        like.replace(exp.RegexpLike(this=like.this, expression=exp.Literal.string(f"^(?:{rx})$")))
    return tree.sql("duckdb")


@pytest.mark.slow
@pytest.mark.parametrize("pack_ref, fmt", [("ilacs", "csv"), ("dfe-cin", "cin-xml")])
def test_tsql_back_to_duckdb_gives_duckdbs_counts(pack_ref, fmt, tmp_path):
    from checker.data.load import load_data
    from checker.engine.compile import Compiler
    from checker.engine.sql import SqlEngine
    from checker.model import Context
    from checker.packs.pack import load_pack

    out = tmp_path / ("council.xml" if fmt == "cin-xml" else "council")
    result = CliRunner().invoke(cli, ["generate", "--children", "200", "--seed", "5", "--profile", "inadequate",
                                      "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    as_at = _dt.date(2025, 3, 31)
    pack = load_pack(pack_ref)
    loaded = load_data(out, pack.schema, fmt if fmt == "cin-xml" else None, as_at=as_at)
    ctx = Context(loaded.dataset, pack.calendar, as_at, pack.params)
    engine = SqlEngine(pack.schema, ctx)
    compiler = Compiler(pack.schema, pack.calendar, as_at, pack.params, dialect="tsql")
    differ, ran = [], 0
    try:
        for rule in pack.rules:
            want = engine.judge_all(rule)
            if rule.id in engine.fallbacks:
                continue  # the data comes near the calendar's edge: no SQL to compare
            sql = _to_duckdb(compiler.compile_rule(rule).sql("tsql"))
            got: dict[str, int] = {}
            for row in engine.backend.query(sql):
                got[row[1]] = got.get(row[1], 0) + 1
            ran += 1
            if got != {k: v for k, v in want.counts.items() if v}:
                differ.append(f"{rule.id}: duckdb {dict(want.counts)} / tsql {got}")
    finally:
        engine.close()
    assert differ == []
    assert ran >= len(pack.rules) * 0.8
