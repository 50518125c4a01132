"""Parse expression text into the AST (``ast.py``). Lark stops here.

The grammar is ``grammar/casecheck.lark`` (LALR, conflict-free). Syntax
errors become :class:`~checker.errors.Diagnostic` values with the position of
the offending token inside the expression; the pack loader maps that to a
line and column in the YAML file. Common mistakes get a plain message, chosen
by lark's ``match_examples`` from a table of known-bad inputs.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from decimal import Decimal

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from checker.errors import CasecheckError
from checker.language import nodes as ast
from checker.resources import grammar_path

MAX_EXPRESSION_LENGTH = 20_000
MAX_NESTING = 100


class ExpressionSyntaxError(CasecheckError):
    """A syntax error at ``span`` in the expression text (the pack loader
    places the span in its file)."""

    def __init__(self, message: str, span: ast.Span, suggestion: str | None = None):
        CasecheckError.init_message(self, message, "syntax", suggestion=suggestion)
        self.message = message
        self.span = span
        self.suggestion = suggestion


@functools.lru_cache(maxsize=1)
def _lark() -> Lark:
    return Lark(
        grammar_path().read_text(encoding="utf-8"),
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=True,
    )


def _span_of(meta_or_token, text: str) -> ast.Span:
    if isinstance(meta_or_token, Token):
        t = meta_or_token
        # a token from the lexer always has its place (lark types them optional)
        return ast.Span(t.start_pos or 0, t.end_pos or 0, t.line or 1, t.column or 1, t.end_line or 1, t.end_column or 1)
    m = meta_or_token
    if getattr(m, "empty", False):
        return ast.Span(0, 0)
    return ast.Span(m.start_pos, m.end_pos, m.line, m.column, m.end_line, m.end_column)


_UNIT_RE = re.compile(r"\s+")


def _unit(token: str) -> str:
    word = _UNIT_RE.sub(" ", token.strip())
    if word.startswith("working"):
        return "working days"
    return word if word.endswith("s") else word + "s"


_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}


def _unquote(token: str, span: ast.Span) -> str:
    """The text of a string literal. An escape the language does not define is
    an error, never dropped: ``"\\d"`` would otherwise reach ``matches()`` as
    ``d``, a different pattern from the one the author wrote."""
    body = token[1:-1]
    out = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt not in _ESCAPES:
                where = ast.Span(span.start + 1 + i, span.start + 3 + i, span.line, span.column + 1 + i,
                                 span.line, span.column + 3 + i)
                raise ExpressionSyntaxError(
                    f"unknown escape `\\{nxt}` in a string (strings know \\n \\t \\\\ \\\" \\')", where,
                    suggestion=f"for a backslash followed by `{nxt}` (as in a matches() pattern) write `\\\\{nxt}`")
            out.append(_ESCAPES[nxt])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


# Words of the language; lark's contextual lexer would otherwise read one as a
# name where a name may stand (`a or and`).
RESERVED = frozenset(
    "and or not in is missing present between within after before some no every where "
    "satisfies for true false as_at first last by".split()
)


def _digits(token) -> None:
    """A number of more than MAX_DIGITS digits is an error at its place, not a
    traceback (Python converts at most 4,300) or a number no rule means."""
    from checker.limits import MAX_DIGITS

    n = sum(ch.isdigit() for ch in str(token))
    if n > MAX_DIGITS:
        raise _LiteralError(f"a number of {n} digits is too long (at most {MAX_DIGITS})", token)


class _LiteralError(Exception):
    def __init__(self, message: str, token: Token):
        super().__init__(message)
        self.message = message
        self.token = token


@v_args(meta=True)
class _ToAst(Transformer):
    """Builds AST nodes from lark's tree, one method per grammar alias."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def _s(self, meta):
        return _span_of(meta, self.text)

    # literals
    def int_lit(self, meta, c):
        _digits(c[0])
        return ast.Literal(int(c[0]), span=self._s(meta))

    def decimal_lit(self, meta, c):
        _digits(c[0])
        return ast.Literal(Decimal(str(c[0])), span=self._s(meta))

    def string_lit(self, meta, c):
        span = self._s(meta)
        return ast.Literal(_unquote(str(c[0]), span), span=span)

    def true_lit(self, meta, c):
        return ast.Literal(True, span=self._s(meta))

    def false_lit(self, meta, c):
        return ast.Literal(False, span=self._s(meta))

    def date_lit(self, meta, c):
        try:
            value = _dt.date.fromisoformat(str(c[0]))
        except ValueError:
            raise _LiteralError(f"`{c[0]}` is not a real date", c[0]) from None
        return ast.Literal(value, span=self._s(meta))

    def datetime_lit(self, meta, c):
        try:
            value = _dt.datetime.fromisoformat(str(c[0]))
        except ValueError:
            raise _LiteralError(f"`{c[0]}` is not a real date and time", c[0]) from None
        return ast.Literal(value, span=self._s(meta))

    def duration_lit(self, meta, c):
        return ast.Duration(int(c[0]), _unit(str(c[1])), span=self._s(meta))

    def list_(self, meta, c):
        items = tuple(x for x in c if x is not None)
        return ast.ListExpr(items, span=self._s(meta))

    # names
    def _word(self, token: Token) -> str:
        if str(token) in RESERVED:
            raise _LiteralError(
                f"syntax error: `{token}` is a word of the language and cannot stand here; is a value missing before it?",
                token,
            )
        return str(token)

    def name(self, meta, c):
        return ast.Name(self._word(c[0]), span=self._s(meta))

    def attr(self, meta, c):
        return ast.Attribute(c[0], self._word(c[1]), span=self._s(meta))

    def as_at(self, meta, c):
        return ast.AsAt(span=self._s(meta))

    def call(self, meta, c):
        args = tuple(c[1]) if c[1] is not None else ()
        return ast.Call(str(c[0]), args, span=self._s(meta))

    def arguments(self, meta, c):
        return [x for x in c if x is not None]

    # operators
    def or_(self, meta, c):
        return ast.BoolOp("or", c[0], c[1], span=self._s(meta))

    def and_(self, meta, c):
        return ast.BoolOp("and", c[0], c[1], span=self._s(meta))

    def not_(self, meta, c):
        return ast.Not(c[0], span=self._s(meta))

    def neg(self, meta, c):
        return ast.Negate(c[0], span=self._s(meta))

    def arith(self, meta, c):
        return ast.Arith(str(c[1]), c[0], c[2], span=self._s(meta))

    def compare(self, meta, c):
        return ast.Compare(str(c[1]), c[0], c[2], span=self._s(meta))

    def coalesce_op(self, meta, c):
        return ast.Coalesce(c[0], c[1], span=self._s(meta))

    def in_(self, meta, c):
        return ast.In(c[0], c[1], False, span=self._s(meta))

    def not_in(self, meta, c):
        return ast.In(c[0], c[1], True, span=self._s(meta))

    def is_missing(self, meta, c):
        return ast.IsMissing(c[0], False, span=self._s(meta))

    def is_present(self, meta, c):
        return ast.IsMissing(c[0], True, span=self._s(meta))

    def between(self, meta, c):
        return ast.Between(c[0], c[1], c[2], span=self._s(meta))

    def within(self, meta, c):
        return ast.Within(c[0], c[1], str(c[2]), c[3], span=self._s(meta))

    # collections
    def some(self, meta, c):
        return ast.Quantifier("some", self._word(c[0]), c[1], c[2], None, span=self._s(meta))

    def no(self, meta, c):
        return ast.Quantifier("no", self._word(c[0]), c[1], c[2], None, span=self._s(meta))

    def every(self, meta, c):
        return ast.Quantifier("every", self._word(c[0]), c[1], c[2], c[3], span=self._s(meta))

    def first(self, meta, c):
        return ast.Pick("first", self._word(c[0]), c[1], c[2], c[3], span=self._s(meta))

    def last(self, meta, c):
        return ast.Pick("last", self._word(c[0]), c[1], c[2], c[3], span=self._s(meta))

    def comprehension(self, meta, c):
        return ast.Comprehension(c[0], self._word(c[1]), c[2], c[3], span=self._s(meta))


# Known mistakes, matched by parser state (lark's match_examples idiom). Each
# message says what to write instead.
_EXAMPLES: dict[str, list[str]] = {
    "Two values in a row: is an operator (`and`, `or`, `==`, `<=`, ...) missing between them?": [
        "a b",
        "a.b c",
        "a == b c",
        "f(x) y",
    ],
    "`every` needs a `satisfies` clause: `every x in items where <filter> satisfies <condition>`.": [
        "every x in y",
        "every x in y where x.a",
    ],
    "A quantifier needs a variable and a collection: `some x in <collection> where <condition>`.": [
        "some in y",
        "some x where y",
        "no where x",
    ],
    "Comparisons do not chain: write `a < b and b < c`.": [
        "a < b < c",
        "a == b == c",
        "a <= b >= c",
    ],
    "`&&`, `||` and `!` are not operators here: write `and`, `or`, `not`.": [
        "a && b",
        "a || b",
        "!a",
    ],
    "A duration needs a whole number and a unit (days, weeks, months, years, working days), e.g. `45 working days`.": [
        "a + working days",
        "a within working days after b",
    ],
    "The expression ends too early: something is missing after the last word.": [
        "a and",
        "a <=",
        "a +",
        "not",
        "a between b and",
    ],
}


_UNIT_WORDS = frozenset("day days week weeks month months year years".split())
_EXAMPLE_DURATION = next(k for k in _EXAMPLES if k.startswith("A duration"))


def _friendly(exc: UnexpectedInput, text: str) -> str | None:
    try:
        label = exc.match_examples(_lark().parse, _EXAMPLES, use_accepts=True)
    except Exception:  # match_examples re-parses samples; never let it mask the real error
        return None
    return label


def _character_hint(text: str, pos: int) -> str | None:
    """Lexer errors are decided by the character, not the parser state."""
    ch = text[pos] if pos < len(text) else ""
    rest = text[pos:]
    if ch == "=":
        return "Use `==` to compare for equality (a single `=` is not an operator)."
    if rest.startswith(("&&", "||")) or ch in "&|!":
        if rest.startswith("!="):
            return None
        return "`&&`, `||` and `!` are not operators here: write `and`, `or`, `not`."
    if ch in "\"'":
        return "This string is not closed: end it with a matching quote on the same line."
    if ch == "{" or ch == "}":
        return "Braces belong in reason templates, not in expressions."
    return None


def _describe_expected(exc: UnexpectedInput) -> str:
    expected = getattr(exc, "expected", None) or getattr(exc, "allowed", None) or set()
    names = sorted({_TERMINAL_WORDS.get(e, e) for e in expected if not e.startswith("__")})
    if not names:
        return ""
    if len(names) > 8:
        return ""
    return "; expected " + ", ".join(names)


_TERMINAL_WORDS = {
    "NAME": "a name",
    "INT": "a number",
    "DECIMAL": "a number",
    "STRING": "a string",
    "DATE": "a date",
    "DATETIME": "a date and time",
    "UNIT": "a unit",
    "RPAR": "`)`",
    "LPAR": "`(`",
    "RSQB": "`]`",
    "LSQB": "`[`",
    "COMMA": "`,`",
    "DOT": "`.`",
    "COMP_OP": "a comparison",
    "DIRECTION": "`after` or `before`",
    "ADD_OP": "`+` or `-`",
    "MUL_OP": "`*` or `/`",
    "$END": "the end",
    "IN": "`in`",
    "WHERE": "`where`",
    "SATISFIES": "`satisfies`",
    "AND": "`and`",
    "OR": "`or`",
    "NOT": "`not`",
    "FOR": "`for`",
    "IS": "`is`",
}


def parse_expression(text: str) -> ast.Node:
    """Parse one expression. Raises :class:`ExpressionSyntaxError`."""
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionSyntaxError(
            f"expression is {len(text)} characters long; the limit is {MAX_EXPRESSION_LENGTH}",
            ast.Span(0, 1),
        )
    if not text.strip():
        raise ExpressionSyntaxError("the expression is empty", ast.Span(0, max(len(text), 1)))
    depth = _max_bracket_depth(text)
    if depth > MAX_NESTING:
        raise ExpressionSyntaxError(
            f"brackets are nested {depth} deep; the limit is {MAX_NESTING}", ast.Span(0, 1)
        )
    try:
        tree = _lark().parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text) from None
    except RecursionError:
        raise ExpressionSyntaxError("the expression is nested too deeply", ast.Span(0, 1)) from None
    depth = _tree_depth(tree)
    if depth > MAX_NESTING:  # every construct counts: `not not ...`, `- - 1`, `a + b + ...`, `x.y.z...`
        raise ExpressionSyntaxError(
            f"the expression is nested {depth} deep (operators, `not`, signs, calls, fields); the limit is {MAX_NESTING}",
            ast.Span(0, 1))
    try:
        return _ToAst(text).transform(tree)
    except VisitError as exc:
        orig = exc.orig_exc
        if isinstance(orig, _LiteralError):
            raise ExpressionSyntaxError(orig.message, _span_of(orig.token, text)) from None
        if isinstance(orig, ExpressionSyntaxError):
            raise orig from None
        raise


def _tree_depth(tree) -> int:
    """The depth of a parse tree, counted without recursion (a tree too deep
    for Python's stack is exactly what this is for)."""
    best, stack = 0, [(tree, 1)]
    while stack:
        node, d = stack.pop()
        best = max(best, d)
        for child in getattr(node, "children", ()):
            if hasattr(child, "children"):
                stack.append((child, d + 1))
    return best


def _max_bracket_depth(text: str) -> int:
    depth = best = 0
    for ch in text:
        if ch in "([":
            depth += 1
            best = max(best, depth)
        elif ch in ")]":
            depth -= 1
    return best


def _syntax_error(exc: UnexpectedInput, text: str) -> ExpressionSyntaxError:
    pos = getattr(exc, "pos_in_stream", None)
    line = getattr(exc, "line", 1) or 1
    column = getattr(exc, "column", 1) or 1
    at_end = isinstance(exc, UnexpectedEOF) or (
        isinstance(exc, UnexpectedToken) and exc.token is not None and exc.token.type == "$END"
    )
    if at_end or pos is None or pos < 0:
        pos = len(text.rstrip())
        line = text[:pos].count("\n") + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    width = 1
    if isinstance(exc, UnexpectedToken) and exc.token is not None and exc.token.type != "$END":
        width = max(1, len(str(exc.token)))
        found = f"unexpected `{exc.token}`"
    elif isinstance(exc, UnexpectedCharacters):
        found = f"unexpected character `{text[pos]}`" if pos < len(text) else "unexpected end"
    else:
        found = "unexpected end of expression"
    if isinstance(exc, UnexpectedCharacters):
        friendly = _character_hint(text, pos)
    elif isinstance(exc, UnexpectedToken) and exc.token is not None and str(exc.token) in _UNIT_WORDS:
        friendly = _EXAMPLE_DURATION
    else:
        friendly = _friendly(exc, text)
    message = f"syntax error: {found}"
    if friendly:
        message += ". " + friendly
    else:
        message += _describe_expected(exc)
    span = ast.Span(pos, pos + width, line, column, line, column + width)
    return ExpressionSyntaxError(message, span)
