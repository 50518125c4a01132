"""The patterns of ``matches()``, run by an engine that cannot backtrack
(issue 19: no ReDoS in any engine).

A pattern is Python regular-expression syntax, limited to what is regular:
literal characters, ``.``, classes ``[...]`` (ranges, negation, ``\\d \\w
\\s`` and their negations), groups ``(...)`` and ``(?:...)``, alternation,
the repeats ``* + ? {m} {m,} {m,n}`` (a trailing ``?`` is accepted and
means the same for a whole-string match), the anchors ``^ $ \\A \\Z``, and a
leading ``(?i)``. Look-around, back-references, word boundaries and other
flags are refused when the pack loads, and so is a repeat of something that
itself repeats (``(a+)+``, ``(a*b?)*``) or alternates (``(a|ab)+``; ``[ab]+`` is
fine): the databases casecheck compiles to
(PostgreSQL, Spark's Java) backtrack, and on such a pattern one value could
stop them for hours.

:class:`Pattern` compiles the pattern to a Thompson automaton and matches by
following every path at once: the time is the value's length times the
pattern's size, whatever either holds. The results are Python's
``re.fullmatch`` (``tests/hostile/test_hostile_limits.py`` checks them
against it).
"""

from __future__ import annotations

import re

#: Instructions an expanded pattern may hold (``x{1000}`` expands to 1000).
MAX_STATES = 20_000


class PatternError(re.error):
    """A pattern casecheck will not run; a ``re.error`` so callers handle both alike."""


def _word(c: str) -> bool:
    return c.isalnum() or c == "_"


_CLASSES = {
    "d": str.isdecimal, "D": lambda c: not c.isdecimal(),
    "w": _word, "W": lambda c: not _word(c),
    "s": str.isspace, "S": lambda c: not c.isspace(),
}
_CONTROL = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "0": "\0"}


class _Parser:
    """Pattern text -> a small tree: ('lit', pred), ('cat', [..]), ('alt', [..]),
    ('rep', node, min, max|None), ('bol',), ('eol',), ('start',), ('end',)."""

    def __init__(self, text: str, fold: bool):
        self.text, self.i, self.fold = text, 0, fold

    def error(self, message: str) -> PatternError:
        return PatternError(f"{message} (at position {self.i})")

    def peek(self) -> str | None:
        return self.text[self.i] if self.i < len(self.text) else None

    def parse(self):
        node = self.alt()
        if self.i < len(self.text):
            raise self.error("unbalanced parenthesis")
        return node

    def alt(self):
        branches = [self.seq()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.seq())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def seq(self):
        items = []
        while self.peek() not in (None, "|", ")"):
            atom = self.atom()
            items.append(self.quantified(atom))
        return ("cat", items)

    def quantified(self, atom):
        c = self.peek()
        bounds = None
        if c in ("*", "+", "?"):
            self.i += 1
            bounds = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
        elif c == "{":
            m = re.compile(r"\{(\d*)(,?)(\d*)\}").match(self.text, self.i)
            if m and (m.group(1) or m.group(3)):
                self.i = m.end()
                lo = int(m.group(1) or 0)
                hi = lo if not m.group(2) else (int(m.group(3)) if m.group(3) else None)
                if hi is not None and hi < lo:
                    raise self.error("min repeat greater than max repeat")
                if lo > 1000 or (hi or 0) > 1000:
                    raise self.error("a repeat count above 1000")
                bounds = (lo, hi)
        if bounds is None:
            return atom
        if self.peek() == "?":  # lazy: the same set of whole-string matches
            self.i += 1
        elif self.peek() == "+":
            raise self.error("a possessive repeat")
        if atom[0] in ("bol", "eol", "start", "end"):
            raise self.error("nothing to repeat")
        # An optional part (`?`, `{0,1}`) is tried at most two ways, whatever it holds:
        # only a part that can repeat many times makes the ways multiply.
        many = bounds[1] is None or bounds[1] > 1
        if many and _repeats(atom):
            raise self.error("a repeat of something that repeats (nested quantifiers, as in `(a+)+`), "
                             "which backtracking engines take exponential time over")
        if many and _alternates(atom):
            raise self.error("a repeat of an alternation (as in `(a|ab)+`), which backtracking engines can take "
                             "exponential time over; for single characters use a class: `[ab]+`")
        return ("rep", atom, bounds[0], bounds[1])

    def atom(self):
        c = self.text[self.i]
        self.i += 1
        if c == "(":
            if self.text.startswith("?:", self.i):
                self.i += 2
            elif self.peek() == "?":
                raise self.error("look-around, named groups and inline flags (other than a leading `(?i)`) are not supported")
            node = self.alt()
            if self.peek() != ")":
                raise self.error("missing ), unterminated subpattern")
            self.i += 1
            return ("group", node)
        if c in "*+?":
            raise self.error("nothing to repeat")
        if c == "[":
            return ("lit", self.klass())
        if c == ".":
            return ("lit", lambda ch: ch != "\n")
        if c == "^":
            return ("bol",)
        if c == "$":
            return ("eol",)
        if c == "\\":
            return self.escape(in_class=False)
        return ("lit", self.char_pred(c))

    def char_pred(self, c: str):
        if self.fold:
            low = {c.lower(), c.upper(), c.casefold()}
            return lambda ch: ch in low or ch.lower() in low
        return c.__eq__

    def escape(self, in_class: bool):
        c = self.peek()
        if c is None:
            raise self.error("bad escape (end of pattern)")
        self.i += 1
        if c in _CLASSES:
            return ("lit", _CLASSES[c]) if not in_class else _CLASSES[c]
        if not in_class and c == "A":
            return ("start",)
        if not in_class and c == "Z":
            return ("end",)
        if c in _CONTROL:
            ch = _CONTROL[c]
        elif c in ("x", "u", "U"):
            width = {"x": 2, "u": 4, "U": 8}[c]
            digits = self.text[self.i:self.i + width]
            if len(digits) != width or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise self.error(f"bad escape \\{c}")
            self.i += width
            ch = chr(int(digits, 16))
        elif c.isascii() and c.isalnum():
            raise self.error(f"bad or unsupported escape \\{c} (back-references and word boundaries are not supported)")
        else:
            ch = c
        if in_class:
            return ch
        return ("lit", self.char_pred(ch))

    def klass(self):
        negate = False
        if self.peek() == "^":
            negate = True
            self.i += 1
        preds, ranges, chars = [], [], set()
        first = True
        while True:
            c = self.peek()
            if c is None:
                raise self.error("unterminated character set")
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            self.i += 1
            if c == "\\":
                got = self.escape(in_class=True)
                if callable(got):
                    preds.append(got)
                    continue
                lo = got
            else:
                lo = c
            if self.peek() == "-" and self.i + 1 < len(self.text) and self.text[self.i + 1] != "]":
                self.i += 1
                hi = self.text[self.i]
                self.i += 1
                if hi == "\\":
                    hi = self.escape(in_class=True)
                    if callable(hi):
                        raise self.error("bad character range")
                if ord(hi) < ord(lo):
                    raise self.error(f"bad character range {lo}-{hi}")
                ranges.append((lo, hi))
            else:
                chars.add(lo)
        fold = self.fold

        def inside(ch: str) -> bool:
            for x in ((ch, ch.lower(), ch.upper()) if fold else (ch,)):
                if x in chars or any(lo <= x <= hi for lo, hi in ranges) or any(p(x) for p in preds):
                    return True
            return False

        return (lambda ch: not inside(ch)) if negate else inside


def _repeats(node) -> bool:
    """Does ``node`` itself hold a repeat that can match more than one way?"""
    kind = node[0]
    if kind == "rep":
        return True
    if kind == "group":
        return _repeats(node[1])
    if kind in ("cat", "alt"):
        return any(_repeats(n) for n in node[1])
    return False


def _alternates(node) -> bool:
    kind = node[0]
    if kind == "alt":
        return True
    if kind == "group":
        return _alternates(node[1])
    if kind == "cat":
        return any(_alternates(n) for n in node[1])
    return False


class Pattern:
    """A compiled ``matches`` pattern: :meth:`fullmatch` in linear time."""

    def __init__(self, text: str):
        self.pattern = text
        fold = False
        body = text
        if body.startswith("(?i)"):
            fold, body = True, body[4:]
        tree = _Parser(body, fold).parse()
        self.prog: list[tuple] = []
        self._emit(tree)
        self.prog.append(("match",))

    # -- compiling to instructions: ("char", pred), ("split", a, b), ("jmp", a), ("assert", kind), ("match",)

    def _add(self, ins) -> int:
        if len(self.prog) >= MAX_STATES:
            raise PatternError(f"the pattern expands to more than {MAX_STATES} states")
        self.prog.append(ins)
        return len(self.prog) - 1

    def _emit(self, node) -> None:
        kind = node[0]
        if kind == "lit":
            self._add(("char", node[1]))
        elif kind == "group":
            self._emit(node[1])
        elif kind == "cat":
            for n in node[1]:
                self._emit(n)
        elif kind in ("bol", "eol", "start", "end"):
            self._add(("assert", kind))
        elif kind == "alt":
            jumps = []
            branches = node[1]
            for b in branches[:-1]:
                split = self._add(None)
                self._emit(b)
                jumps.append(self._add(None))
                self.prog[split] = ("split", split + 1, len(self.prog))
            self._emit(branches[-1])
            for j in jumps:
                self.prog[j] = ("jmp", len(self.prog))
        elif kind == "rep":
            _, sub, lo, hi = node
            for _ in range(lo):
                self._emit(sub)
            if hi is None:
                split = self._add(None)
                self._emit(sub)
                self._add(("jmp", split))
                self.prog[split] = ("split", split + 1, len(self.prog))
            else:
                holes = []
                for _ in range(hi - lo):
                    holes.append(self._add(None))
                    self._emit(sub)
                for h in holes:
                    self.prog[h] = ("split", h + 1, len(self.prog))
        else:  # pragma: no cover - the parser makes no other node
            raise PatternError(f"unknown pattern node {kind}")

    # -- matching

    def _closure(self, pcs, s: str, pos: int) -> list[int]:
        """The character-consuming (or matching) states reachable from ``pcs``."""
        n = len(s)
        seen: set[int] = set()
        out: list[int] = []
        stack = list(reversed(pcs))
        prog = self.prog
        while stack:
            pc = stack.pop()
            if pc in seen:
                continue
            seen.add(pc)
            ins = prog[pc]
            op = ins[0]
            if op == "jmp":
                stack.append(ins[1])
            elif op == "split":
                stack.append(ins[2])
                stack.append(ins[1])
            elif op == "assert":
                k = ins[1]
                ok = (pos == 0 if k in ("bol", "start") else
                      pos == n if k == "end" else
                      pos == n or (pos == n - 1 and s[pos] == "\n"))
                if ok:
                    stack.append(pc + 1)
            else:
                out.append(pc)
        return out

    def fullmatch(self, s: str) -> bool | None:
        """True when the whole of ``s`` matches; None otherwise (as ``re`` gives)."""
        states = self._closure([0], s, 0)
        prog = self.prog
        for pos, ch in enumerate(s):
            nxt = [pc + 1 for pc in states if prog[pc][0] == "char" and prog[pc][1](ch)]
            if not nxt:
                return None
            states = self._closure(nxt, s, pos + 1)
        return True if any(prog[pc][0] == "match" for pc in states) else None


def compile_safe(text: str) -> Pattern:
    """A pattern, checked and compiled; :class:`PatternError` when casecheck
    will not run it (or Python's ``re`` would not accept it)."""
    re.compile(text)  # Python's own verdict first: what it refuses is refused, with its message
    return Pattern(text)
