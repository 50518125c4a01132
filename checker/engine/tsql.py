"""A compiled rule's query as SQL Server accepts it.

SQL Server has no boolean type. A *predicate* (a comparison, ``IS NULL``,
``IN``, ``EXISTS``, ``LIKE``, ``AND``/``OR``/``NOT`` of predicates) may
stand only where the grammar asks for a search condition: ``WHERE``, ``ON``,
``HAVING`` and a ``CASE``'s ``WHEN``. Everywhere else (a SELECT column, a
``THEN``/``ELSE`` value, a function's argument, a comparison's operand) a
truth value is a ``BIT`` (1, 0 or NULL). The compiler builds its tree as the
other dialects write it, with booleans as values; :func:`lower` rewrites a
copy for T-SQL:

* a predicate where a value is wanted becomes
  ``CASE WHEN p THEN 1 WHEN NOT (p) THEN 0 END`` (NULL when ``p`` is
  unknown: three-valued logic survives);
* a value where a predicate is wanted becomes ``(v = 1)`` (unknown when
  ``v`` is NULL, false when 0), so no bare bit is a ``WHEN``, an ``AND``/
  ``OR`` operand or under ``NOT``;
* ``TRUE``/``FALSE`` are ``1``/``0`` as values and ``(1 = 1)``/``(1 = 0)``
  as predicates;
* ``LEAST``/``GREATEST`` (SQL Server 2022 and later) become ``CASE`` for an
  earlier ``version``, ignoring NULLs as both do;
* ``CAST(x AS VARCHAR)`` (30 characters in SQL Server) becomes
  ``NVARCHAR(4000)``.
"""

from __future__ import annotations

import re

from sqlglot import exp

#: The SQL Server versions ``casecheck sql --tsql-version`` targets.
VERSIONS = (2016, 2017, 2019, 2022)
DEFAULT_VERSION = 2016

_LOGIC = (exp.And, exp.Or, exp.Not)


def is_predicate(e: exp.Expression) -> bool:
    """Whether ``e`` is a search condition rather than a value."""
    while isinstance(e, exp.Paren):
        e = e.this
    return isinstance(e, _LOGIC) or isinstance(e, exp.Predicate)


def lower(query: exp.Expression, version: int = DEFAULT_VERSION) -> exp.Expression:
    """A copy of ``query`` with booleans as SQL Server holds them."""
    return _value(query.copy(), version)


def _one(n: int) -> exp.Expression:
    return exp.Literal.number(n)


def _pred(e: exp.Expression, v: int) -> exp.Expression:
    """``e`` as a search condition."""
    if isinstance(e, exp.Paren):
        return exp.Paren(this=_pred(e.this, v))
    if isinstance(e, exp.Boolean):
        return exp.Paren(this=exp.EQ(this=_one(1), expression=_one(1 if e.this else 0)))
    if isinstance(e, exp.Not):
        return exp.Not(this=_pred(e.this, v))
    if isinstance(e, (exp.And, exp.Or)):
        return type(e)(this=_pred(e.this, v), expression=_pred(e.expression, v))
    if isinstance(e, exp.Predicate):
        return _children(e, v)  # a comparison's operands are values
    return exp.Paren(this=exp.EQ(this=_value(e, v), expression=_one(1)))


def _value(e: exp.Expression, v: int) -> exp.Expression:
    """``e`` as a value (a truth value as a BIT-like 1/0/NULL)."""
    if isinstance(e, exp.Paren):
        if is_predicate(e):
            return _as_bit(e, v)
        return exp.Paren(this=_value(e.this, v))
    if isinstance(e, exp.Boolean):
        return _one(1 if e.this else 0)
    if is_predicate(e):
        return _as_bit(e, v)
    if isinstance(e, (exp.Least, exp.Greatest)) and v < 2022:
        return _least(e, v)
    if isinstance(e, exp.Cast) and e.to.this in (exp.DataType.Type.VARCHAR, exp.DataType.Type.NVARCHAR) and not e.to.expressions:
        return exp.Cast(this=_value(e.this, v), to=exp.DataType.build("NVARCHAR(4000)", dialect="tsql"))
    return _children(e, v)


def _as_bit(e: exp.Expression, v: int) -> exp.Expression:
    p = _pred(e, v)
    return exp.Case(ifs=[exp.If(this=p, true=_one(1)), exp.If(this=exp.Not(this=exp.Paren(this=p.copy())), true=_one(0))])


def _least(e: exp.Expression, v: int) -> exp.Expression:
    """LEAST/GREATEST before SQL Server 2022: a CASE per argument, NULLs
    ignored (as both functions do)."""
    better = exp.LTE if isinstance(e, exp.Least) else exp.GTE
    args = [_value(a, v) for a in [e.this, *e.expressions]]
    out = args[0]
    for a in args[1:]:
        keep = exp.Or(this=exp.Is(this=exp.Paren(this=a.copy()), expression=exp.Null()),
                      expression=better(this=exp.Paren(this=out.copy()), expression=exp.Paren(this=a.copy())))
        out = exp.Case(ifs=[exp.If(this=exp.Paren(this=exp.And(this=exp.Not(this=exp.Is(this=exp.Paren(this=out.copy()), expression=exp.Null())),
                                                                 expression=exp.Paren(this=keep))), true=out)],
                       default=a)
    return out


def _wants_predicate(parent: exp.Expression, key: str) -> bool:
    if isinstance(parent, exp.If):
        return key == "this"
    if isinstance(parent, (exp.Where, exp.Having)):
        return key == "this"
    if isinstance(parent, exp.Join):
        return key == "on"
    return False


def _children(e: exp.Expression, v: int) -> exp.Expression:
    for key, arg in list(e.args.items()):
        if isinstance(arg, exp.Expression):
            e.set(key, _pred(arg, v) if _wants_predicate(e, key) else _value(arg, v))
        elif isinstance(arg, list):
            e.set(key, [(_pred(a, v) if _wants_predicate(e, key) else _value(a, v)) if isinstance(a, exp.Expression) else a
                        for a in arg])
    return e


# --- regular expressions as LIKE ---------------------------------------------

_ATOM = r"(\\d|\\[.\-]|\[\^?(?:[A-Za-z0-9](?:-[A-Za-z0-9])?|[ _.:/#@'-])+\]|[A-Za-z0-9 _:/#@'.,-])"
_ITEM = re.compile(_ATOM + r"(\{(\d+)\}|[*+])?")
#: What a LIKE pattern treats as special, bracketed to stand for itself.
_LIKE_SPECIAL = {"%": "[%]", "_": "[_]", "[": "[[]"}
#: Appended to the text and the pattern: SQL Server's LIKE ignores trailing
#: blanks in the text, so `'abc '` would match `'abc'` without it.
SENTINEL = "!"
#: A binary collation: LIKE's [a-z] then means a to z, as in Python, not
#: whatever the database's case-insensitive collation folds together.
BINARY = "Latin1_General_BIN"


def _like_atom(atom: str) -> str:
    if atom == r"\d":
        return "[0-9]"
    if atom.startswith("\\"):
        return atom[1]
    if atom.startswith("["):
        return atom  # a class: the same in LIKE (a-z ranges, ^ negation)
    return _LIKE_SPECIAL.get(atom, atom)


def like_for_pattern(text: exp.Expression, pattern: str) -> exp.Expression | None:
    """A predicate that holds when ``text`` (not NULL) fully matches
    ``pattern`` as Python's ``re.fullmatch`` would, or None when LIKE cannot
    say it. Handled: an optional ``(?i)``; a sequence of literal characters,
    ``\\d`` and character classes, each once or ``{n}`` times; or one
    class repeated (``*`` or ``+``)."""
    insensitive = pattern.startswith("(?i)")
    body = pattern[4:] if insensitive else pattern
    items, pos = [], 0
    while pos < len(body):
        m = _ITEM.match(body, pos)
        if m is None:
            return None
        if m.group(1) == ".":
            return None  # Python's . is any character but a newline; LIKE's _ takes a newline too
        items.append((m.group(1), m.group(2), m.group(3)))
        pos = m.end()
    if not items:
        return None
    subject: exp.Expression = exp.Concat(expressions=[exp.Upper(this=text) if insensitive else text,
                                                      exp.Literal.string(SENTINEL)])
    subject = exp.Collate(this=exp.Paren(this=subject), expression=exp.var(BINARY))

    def case_of(s: str) -> str:
        return s.upper() if insensitive else s

    if len(items) == 1 and items[0][1] in ("*", "+"):
        atom, rep, _ = items[0]
        cls = _like_atom(atom)
        if not cls.startswith("[") or cls.startswith("[^"):
            return None
        # every character in the class: no character outside it before the sentinel
        outside = exp.Like(this=subject, expression=exp.Literal.string(f"%[^{case_of(cls[1:-1])}]%{SENTINEL}"))
        cond: exp.Expression = exp.Not(this=exp.Paren(this=outside))
        if rep == "+":
            cond = exp.And(this=exp.Paren(this=exp.GT(this=exp.Length(this=exp.Concat(expressions=[text, exp.Literal.string(SENTINEL)])),
                                                       expression=exp.Literal.number(1))), expression=exp.Paren(this=cond))
        return exp.Paren(this=cond)
    like = []
    for atom, rep, count in items:
        if rep in ("*", "+"):
            return None
        like.append(_like_atom(atom) * (int(count) if count else 1))
    return exp.Paren(this=exp.Like(this=subject, expression=exp.Literal.string(case_of("".join(like)) + SENTINEL)))
