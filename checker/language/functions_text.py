"""Built-in text and collection functions (added for the DfE CIN census rules):
substrings, patterns, UPN check letters, distinct values, occurrences. Each is
one record in the registry (:mod:`checker.language.registry`)."""


from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from checker import typesys as T
from checker.language import nodes as ast
from checker.language.registry import (
    SCALAR_KINDS,
    Form,
    SqlContext,
    register,
    scalar_sql,
    strict,
)
from checker.language.sqlexpr import (
    and_,
    ascii_upper,
    case,
    cast,
    is_null,
    num,
    or_,
    paren,
)
from checker.lazyimport import lazy

if TYPE_CHECKING:
    from sqlglot import exp
else:
    exp = lazy("sqlglot.expressions")  # imported by the first SQL built (checker.lazyimport)

# ---- text and collection functions (added for the DfE CIN census rules, rules/dfe-cin) ----


def _text_check(params: list[str], result: T.Type):
    """Arguments of the named kinds ("text": a string or a code; "int": an integer)."""

    def check(args):
        if len(args) != len(params):
            return None, f"takes {len(params)} argument{'s' if len(params) != 1 else ''}, not {len(args)}", None
        for i, (want, got) in enumerate(zip(params, args)):
            ok = got.kind in ("string", "code") if want == "text" else got == T.INTEGER
            if not ok:
                what = "a string" if want == "text" else "a whole number"
                return None, f"argument {i + 1} must be {what}, not {T.describe(got)}", i
        return result, None, None

    check.forms = (Form(tuple("text" if p == "text" else "integer" for p in params), result.kind),)  # type: ignore[attr-defined]
    return check


def _substr(ctx, s, start, length):
    if start < 1 or length < 0:
        return None
    return s[start - 1 : start - 1 + length]


_PATTERNS: dict[str, Any] = {}


def compile_pattern(pattern: str):
    """The compiled form of a `matches` pattern (cached), run by an engine that
    cannot backtrack (checker.language.pattern); raises re.error if it is not
    a valid one, or one casecheck will not run (nested repeats...)."""
    rx = _PATTERNS.get(pattern)
    if rx is None:
        from checker.language.pattern import compile_safe

        rx = _PATTERNS[pattern] = compile_safe(pattern)
    return rx


def _matches(ctx, s, pattern):
    return compile_pattern(pattern).fullmatch(s) is not None


UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # the check letter for remainders 0..22 (no I, O, S)
_DIGITS = "0123456789"


def upn_check_letter(upn: str) -> str | None:
    """The DfE check letter of a unique pupil number: characters 2 to 13 weighted 2 to 13, each a
    digit's value or, at character 13, a letter's index in ``UPN_LETTERS``; the total modulo 23 picks
    the letter. Missing (None) unless the UPN is 13 characters of which 2 to 12 are digits."""
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses
    if len(upn) != 13 or not all(c in _DIGITS for c in upn[1:12]):
        return None
    last = upn[12]
    if last in _DIGITS:
        v13 = int(last)
    elif last in UPN_LETTERS:
        v13 = UPN_LETTERS.index(last)
    else:
        return None
    total = sum(int(c) * w for c, w in zip(upn[1:12], range(2, 13))) + v13 * 13
    return UPN_LETTERS[total % 23]


def _substr_sql(q: SqlContext, text, start, count):
    start, count = q.once(start), q.once(count)
    bad = or_(exp.LT(this=paren(start), expression=num(1)), exp.LT(this=paren(count), expression=num(0)))
    return case((bad, exp.Null()), default=exp.Substring(this=text, start=start, length=count))


# Regular expressions the SQL engines read as Python does: literal
# characters, classes, groups, alternation, repeats and the escapes \. \-
# (no look-around, flags, named groups or back-references). Not \d, \w or
# \s: Python reads them as Unicode classes (`Zoë` is \w+) and RE2, Java and
# PostgreSQL as ASCII or by locale, so such a pattern is judged by the
# reference evaluator, and the run says so (found by the engine-agreement
# property).
SQL_SAFE_PATTERN = re.compile(r"(?:[A-Za-z0-9\[\]{}()*+?.,|^$ _:/#@'-]|\\[.\-])*")


def fold_pattern(pattern: str) -> str | None:
    """A case-insensitive pattern (its leading ``(?i)`` taken off) as one
    every SQL engine reads alike without a flag: each letter outside a class
    becomes the class of its two cases (``UN[2-7]`` -> ``[Uu][Nn][2-7]``).
    None where that would not be Python's reading: a letter inside a class,
    or K (Python's fold also takes the Kelvin sign, U+212A)."""
    out = []
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c.isascii() and c.isalpha():
                return None
            elif c == "-" and out[-1] not in "[^" and i + 1 < len(pattern) and pattern[i + 1] != "]" \
                    and not (out[-1].isdigit() and pattern[i + 1].isdigit()):
                return None  # a range other than of digits may span letters ([!-~])
            out.append(c)
        elif c == "[":
            if pattern.startswith(("[]", "[^]"), i):
                return None  # a class holding `]`: kept simple
            in_class = True
            out.append(c)
        elif c.isascii() and c.isalpha():
            if c in "kK":
                return None
            out.append(f"[{c.upper()}{c.lower()}]")
        elif not c.isascii():
            return None
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _matches_sql(q: SqlContext, node: ast.Call, env: dict):
    text = q.scalar(node.args[0], env)
    pattern = node.args[1].value if isinstance(node.args[1], ast.Literal) else None
    if q.dialect == "tsql":  # SQL Server (before 2025) has no regular expressions: LIKE, where it says the same
        like = q.like_for_pattern(text, pattern) if isinstance(pattern, str) else None
        if like is None:
            q.unsupported(node, "a pattern T-SQL's LIKE cannot express")
        return case((is_null(text), exp.Null()), default=like)
    if isinstance(pattern, str) and pattern.startswith("(?i)"):
        pattern = fold_pattern(pattern[4:])  # None: letters no SQL engine folds as Python does
    if not isinstance(pattern, str) or not SQL_SAFE_PATTERN.fullmatch(pattern) or "(?" in pattern:
        q.unsupported(node, "a pattern outside the subset every SQL engine reads as Python does")
    anchored = exp.Literal.string(f"^(?:{pattern})$")
    return case((is_null(text), exp.Null()), default=exp.RegexpLike(this=text, expression=anchored))


def _upn_check_letter_sql(q: SqlContext, node: ast.Call, env: dict):
    """:func:`upn_check_letter` in SQL: each character's value is its place in
    a string of the characters allowed there (0 when not found), so the
    weighted sum modulo 23 indexes the letters."""
    upn = q.once(q.scalar(node.args[0], env))
    digits, letters = exp.Literal.string("0123456789"), exp.Literal.string(UPN_LETTERS)

    def char(i):
        return exp.Substring(this=upn, start=num(i), length=num(1))

    def place(chars, i):
        if q.dialect == "tsql":  # CHARINDEX follows the collation, usually case-insensitive: compare as bytes
            return exp.StrPosition(this=chars, substr=exp.Collate(this=char(i), expression=exp.var("Latin1_General_BIN")))
        return exp.StrPosition(this=chars, substr=char(i))

    checks: list[exp.Expression] = [exp.EQ(this=exp.Length(this=upn), expression=num(13))]
    checks += [exp.GT(this=place(digits, i), expression=num(0)) for i in range(2, 13)]
    last_digit, last_letter = place(digits, 13), place(letters, 13)
    checks.append(exp.GT(this=paren(exp.Add(this=last_digit, expression=last_letter)), expression=num(0)))
    terms = [exp.Mul(this=paren(exp.Sub(this=place(digits, i), expression=num(1))), expression=num(i)) for i in range(2, 13)]
    v13 = case((exp.GT(this=last_digit, expression=num(0)), exp.Sub(this=last_digit, expression=num(1))),
               default=exp.Sub(this=last_letter, expression=num(1)))
    total: exp.Expression = terms[0]
    for t in terms[1:]:
        total = exp.Add(this=total, expression=t)
    total = exp.Add(this=total, expression=exp.Mul(this=paren(v13), expression=num(13)))
    letter = exp.Substring(this=letters, start=exp.Add(this=paren(exp.Mod(this=paren(total), expression=num(23))), expression=num(1)),
                           length=num(1))
    # AND stops at the length check, so no character past the end is read
    return case((is_null(upn), exp.Null()), (and_(*checks), letter), default=exp.Null())


def _distinct_check(args):
    if len(args) != 1:
        return None, f"takes 1 argument (a list), not {len(args)}", None
    t = args[0]
    if not t.is_list:
        return None, f"needs a list, not {T.describe(t)}", 0
    if t.item.kind in ("empty", "record", "list", "duration"):
        return None, f"needs a list of values (numbers, dates, strings, codes, true/false), not {T.describe(t)}", 0
    return t, None, None


def _distinct(ctx, items):
    if items is None or any(v is None for v in items):
        return None
    return list(dict.fromkeys(items))


register(
    "length",
    "length(text)",
    "The number of characters in a string or code; missing if it is missing.",
    _text_check(["text"], T.INTEGER),
    strict(lambda ctx, s: len(s)),
    sql=scalar_sql(lambda q, s: exp.Length(this=s)),
)
register(
    "substr",
    "substr(text, start, count)",
    "The `count` characters of a string from character `start` (the first is 1); fewer if the string is "
    "shorter. Missing if an argument is missing, `start` is below 1 or `count` below 0.",
    _text_check(["text", "int", "int"], T.STRING),
    strict(_substr),
    sql=scalar_sql(_substr_sql),
)
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
register(
    "upper",
    "upper(text)",
    "The string with its letters a-z in capitals (other characters as they are), to compare codes whatever "
    "case they were sent in: upper(ethnic) == \"WBRI\". Missing if it is missing.",
    _text_check(["text"], T.STRING),
    strict(lambda ctx, s: s.translate(_ASCII_UPPER)),
    # a-z only, as TRANSLATE does: the engines' UPPER also changes letters beyond a-z (sqlexpr.ascii_upper)
    sql=scalar_sql(lambda q, s: ascii_upper(s, q.dialect)),
)
register(
    "matches",
    "matches(text, \"pattern\")",
    "True when the whole string matches the pattern, a string literal in Python's regular-expression "
    "syntax (checked when the pack loads): matches(upn, \"[A-Z][0-9]{12}\"). Missing if the text is missing. "
    "It runs on an engine that cannot backtrack: a repeat of something that repeats or alternates, `(a+)+` "
    "or `(a|ab)+`, is refused when the pack loads (write `[ab]+`).",
    _text_check(["text", "text"], T.BOOLEAN),
    strict(_matches),
    sql=_matches_sql,
    forms=(Form(("text", "pattern"), "boolean"),),
)
register(
    "upn_check_letter",
    "upn_check_letter(upn)",
    "The check letter a 13-character unique pupil number should start with (DfE's modulus-23 algorithm "
    "over characters 2 to 13); missing if the UPN is missing or not 13 characters with digits at 2 to 12.",
    _text_check(["text"], T.STRING),
    strict(lambda ctx, s: upn_check_letter(s)),
    sql=_upn_check_letter_sql,
)
register(
    "distinct",
    "distinct(list)",
    "The list without repeats, in first-seen order: count(distinct([d.code for d in disabilities])). "
    "Missing if any item is missing (filter them out with `where`).",
    _distinct_check,
    _distinct,
    sql=lambda q, node, env: q.list_distinct(node, env),
    forms=(Form(("[T]",), "[T]", tuple(k for k in SCALAR_KINDS)),),
)

def _occurrences_check(args):
    if len(args) != 2:
        return None, f"takes 2 arguments (a value and a list), not {len(args)}", None
    v, t = args
    if not t.is_list:
        return None, f"argument 2 must be a list, not {T.describe(t)}", 1
    if t.item.kind in ("empty", "record", "list", "duration"):
        return None, f"argument 2 must be a list of values, not {T.describe(t)}", 1
    if T.unify(v, t.item) is None:
        return None, f"argument 1 ({T.describe(v)}) cannot be compared with the items of {T.describe(t)}", 0
    return T.INTEGER, None, None


_COUNTS: dict[int, tuple] = {}  # id(list) -> (the list, Counter of it): a list built once per run is counted once


def _occurrences(ctx, value, items):
    if value is None or items is None:
        return None
    hit = _COUNTS.get(id(items))
    if hit is None or hit[0] is not items:
        if any(v is None for v in items):
            counts = None
        else:
            from collections import Counter

            counts = Counter(items)
        if len(_COUNTS) > 32:
            _COUNTS.clear()
        hit = _COUNTS[id(items)] = (items, counts)
    return None if hit[1] is None else hit[1][value]


register(
    "occurrences",
    "occurrences(value, list)",
    "How many items of the list equal the value: a count per group, e.g. children sharing an ID: "
    "occurrences(la_child_id, [c.la_child_id for c in header.children where c.la_child_id is present]) > 1. "
    "Missing if the value or any item is missing.",
    _occurrences_check,
    _occurrences,
    sql=lambda q, node, env: q.list_occurrences(node, env),
    forms=(Form(("T", "[T]"), "integer", SCALAR_KINDS),),
)


def _part(ctx, s, sep, n):
    if sep == "" or n < 1:
        return None
    parts = s.split(sep)
    return parts[n - 1] if n <= len(parts) else None


def _part_sql(q: SqlContext, text, sep, n):
    """SPLIT_PART where the text has an nth part (at least n - 1 separators,
    counted without division: the engines divide differently); NULL otherwise,
    and for an empty separator or n below 1 (PostgreSQL refuses n = 0, so the
    call is only ever given n of 1 or more)."""
    text, sep, n = q.once(text), q.once(sep), q.once(n)
    seps = exp.Sub(this=exp.Length(this=text),
                   expression=exp.Length(this=exp.Anonymous(this="REPLACE", expressions=[text, sep, exp.Literal.string("")])))
    enough = exp.GTE(this=paren(seps), expression=exp.Mul(this=paren(exp.Sub(this=paren(n), expression=num(1))),
                                                          expression=exp.Length(this=sep)))
    ok = and_(exp.GTE(this=paren(n), expression=num(1)), exp.GT(this=exp.Length(this=sep), expression=num(0)), enough)
    safe_n = case((exp.GTE(this=paren(n), expression=num(1)), n), default=num(1))
    return case((ok, exp.Anonymous(this="SPLIT_PART", expressions=[text, sep, safe_n])), default=exp.Null())


_NUMBER_TEXT = re.compile(r"[0-9]{1,18}")


def _number_sql(q: SqlContext, text):
    """The digits as a BIGINT where the whole text is 1 to 18 ASCII digits; NULL otherwise."""
    text = q.once(text)
    digits = exp.RegexpLike(this=text, expression=exp.Literal.string("^[0-9]{1,18}$"))
    return case((is_null(text), exp.Null()), (digits, cast(text, "BIGINT")), default=exp.Null())


def _not_on_tsql(build, why: str):
    """``build`` over the arguments compiled as scalars; on SQL Server, which has no such function, no SQL."""

    def sql(q: SqlContext, node: ast.Call, env: dict):
        if q.dialect == "tsql":
            q.unsupported(node, why)
        return build(q, *[q.scalar(a, env) for a in node.args])

    return sql


register(
    "part",
    "part(text, separator, n)",
    "The nth piece of the text cut at each separator (the first is 1): part(\"15/ZZ/2020\", \"/\", 2) is \"ZZ\". "
    "Missing if an argument is missing, the separator is empty, n is below 1 or the text has fewer pieces.",
    _text_check(["text", "text", "int"], T.STRING),
    strict(_part),
    sql=_not_on_tsql(_part_sql, "part() (SQL Server has no SPLIT_PART)"),
)
register(
    "number",
    "number(text)",
    "The whole number a text of digits 0-9 spells (1 to 18 of them, leading zeros allowed): number(\"07\") is 7, "
    "for date(number(part(d, \"/\", 3)), ...). Missing if it is missing or anything but digits (a sign, a space, a point).",
    _text_check(["text"], T.INTEGER),
    strict(lambda ctx, s: int(s) if _NUMBER_TEXT.fullmatch(s) else None),
    sql=_not_on_tsql(_number_sql, "number() (SQL Server has no regular expressions)"),
)


# ---- text functions added for the DfE SSDA903 rules on Ofsted's provider lists (rules/dfe-903) ----


def _replace(ctx, s, old, new):
    return None if old == "" else s.replace(old, new)


def _replace_sql(q: SqlContext, text, old, new):
    """REPLACE, NULL for an empty ``old`` (the engines differ there; Python would insert ``new``
    between every character)."""
    old = q.once(old)
    return case((exp.EQ(this=exp.Length(this=old), expression=num(0)), exp.Null()),
                default=exp.Anonymous(this="REPLACE", expressions=[text, old, new]))


def _listed(ctx, code, codes):
    return ("," + codes.replace(" ", "").replace("/", ",") + ",").find("," + code + ",") >= 0


def _listed_sql(q: SqlContext, code, codes):
    """',' || the codes (spaces removed, each / a comma) || ',' holds ',' || code || ','."""
    code, codes = q.once(code), q.once(codes)
    squeezed = exp.Anonymous(this="REPLACE", expressions=[
        exp.Anonymous(this="REPLACE", expressions=[codes, exp.Literal.string(" "), exp.Literal.string("")]),
        exp.Literal.string("/"), exp.Literal.string(",")])
    comma = exp.Literal.string(",")
    hay = exp.Concat(expressions=[comma, squeezed, comma.copy()], safe=True)
    needle = exp.Concat(expressions=[comma.copy(), code, comma.copy()], safe=True)
    found = exp.GT(this=exp.StrPosition(this=hay, substr=needle), expression=num(0))
    return case((or_(is_null(code), is_null(codes)), exp.Null()), default=found)


register(
    "replace",
    "replace(text, old, new)",
    "The text with every `old` in it replaced by `new`: replace(pl_post, \" \", \"\") is the postcode without its "
    "spaces. Missing if an argument is missing or `old` is empty.",
    _text_check(["text", "text", "text"], T.STRING),
    strict(_replace),
    sql=scalar_sql(_replace_sql),
)
register(
    "listed",
    "listed(code, codes)",
    "True when the code is one of a list of codes written in one text, separated by commas or slashes, spaces "
    "ignored, as Ofsted's provider lists write a provider's placement codes: listed(place, p.place_codes) for "
    "\"K1, K2\" or \"K1/K2\". Codes are compared exactly (in the case sent). Missing if either is missing.",
    _text_check(["text", "text"], T.BOOLEAN),
    strict(_listed),
    sql=scalar_sql(_listed_sql),
)
