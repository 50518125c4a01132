"""Fast indented JSON for run results.

`dumps(doc)` returns exactly what ``json.dumps(doc, indent=2,
ensure_ascii=False) + "\\n"`` returns, byte for byte, but several times
faster on big results. With ``indent`` set, the standard library gives up its
C encoder and walks the document in pure Python; here the walk over the
nesting stays in Python, but every container that holds only scalars (the bulk
of a result: one small dict per case) is encoded by the C encoder in one call,
with the separator for its depth (``",\\n" + indent``) handed to it, so the
C encoder writes the indentation itself; a list of such dicts (or lists) is
one C call too, with the seams between elements re-indented by str.replace.

The contract is the standard library's for the documents casecheck builds:
dicts (keys kept in insertion order; str, int, float, bool or None keys
converted as json converts them), lists and tuples, str, int, float (repr;
NaN and infinities as ``NaN``/``Infinity``/``-Infinity``), bool and None.
Anything else raises the same TypeError json raises. One difference: a
document that contains itself raises RecursionError rather than json's
"Circular reference detected" ValueError; results are trees, so it cannot
arise.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import chain
from json.encoder import INFINITY, encode_basestring
from math import isnan
from pathlib import Path

try:  # CPython always has it; keep a correct (slower) path if it ever does not
    # mypy false positive: typeshed's json.encoder leaves out c_make_encoder, which CPython's has
    from json.encoder import c_make_encoder  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    c_make_encoder = None

__all__ = ["StreamedCases", "dumps", "write"]

_INDENT = "  "
_SCALARS = frozenset((str, int, float, bool, type(None)))
_DICT = frozenset((dict,))
_LIST = frozenset((list, tuple))
_dict_values = dict.values
_float_repr = float.__repr__
_int_repr = int.__repr__


def _default(o):
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


def _floatstr(o: float) -> str:
    # json.encoder's floatstr with allow_nan=True
    if isnan(o):
        return "NaN"
    if o == INFINITY:
        return "Infinity"
    if o == -INFINITY:
        return "-Infinity"
    return _float_repr(o)


def _scalar(o) -> str:
    """A non-container value, in json.encoder._iterencode's order of tests."""
    if isinstance(o, str):
        return encode_basestring(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return _int_repr(o)
    if isinstance(o, float):
        return _floatstr(o)
    return _default(o)


def _key(k) -> str:
    """A dict key, converted as json.encoder._iterencode_dict converts it."""
    if isinstance(k, str):
        return encode_basestring(k)
    if isinstance(k, float):
        return encode_basestring(_floatstr(k))
    if k is True:
        return '"true"'
    if k is False:
        return '"false"'
    if k is None:
        return '"null"'
    if isinstance(k, int):
        return encode_basestring(_int_repr(k))
    raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")


class _Level:
    """What a container whose opening bracket sits at one depth needs."""

    __slots__ = ("close_dict", "close_list", "dicts_close", "dicts_open", "dicts_seam", "flat",
                 "lists_close", "lists_open", "lists_seam", "open_dict", "open_list", "sep")

    def __init__(self, depth: int):
        inner = "\n" + _INDENT * (depth + 1)
        outer = "\n" + _INDENT * depth
        self.open_dict = "{" + inner
        self.open_list = "[" + inner
        self.close_dict = outer + "}"
        self.close_list = outer + "]"
        self.sep = "," + inner
        # Encodes a container of scalars as '{"k": v,\n<indent>"k2": v2}':
        # only the brackets need the newlines added.
        self.flat = (
            c_make_encoder(None, _default, encode_basestring, None, ": ", self.sep, False, False, True)
            if c_make_encoder is not None else None
        )
        # A list at this depth of non-empty dicts (or lists) of scalars is
        # encoded by the next level's flat encoder in one call, giving
        # '[{"k": v,\n<indent+2>"k2": v2},\n<indent+2>{"k": v}]'; the seams
        # between elements are then re-indented with str.replace. The seam
        # '},\n<indent+2>{' cannot occur anywhere else: encoded strings hold
        # no raw newline, and inside an element a separator sits between a
        # scalar's last character and the next key's opening quote (or the
        # next scalar), never between '}' and '{' (or ']' and '[').
        inner2 = "\n" + _INDENT * (depth + 2)
        self.dicts_seam = ("}," + inner2 + "{", inner + "}," + inner + "{" + inner2)
        self.dicts_open = "[" + inner + "{" + inner2
        self.dicts_close = inner + "}" + outer + "]"
        self.lists_seam = ("]," + inner2 + "[", inner + "]," + inner + "[" + inner2)
        self.lists_open = "[" + inner + "[" + inner2
        self.lists_close = inner + "]" + outer + "]"


_levels: list[_Level] = []


def _level(depth: int) -> _Level:
    while len(_levels) <= depth:
        _levels.append(_Level(len(_levels)))
    return _levels[depth]


def _flat(values) -> bool:
    """True if none of `values` is a container (so the C encoder can do it)."""
    if _SCALARS.issuperset(map(type, values)):
        return True
    for v in values:
        if isinstance(v, (list, tuple, dict, StreamedCases)):
            return False
    return True


class StreamedCases(Mapping):
    """A rule's ``cases`` (outcome -> [{"id", "reason"}, ...]) not made until
    written: :func:`write` writes each outcome's list a chunk at a time,
    from the engine's own texts where it has them (the database writes the
    JSON of each case) and from its outcomes otherwise. Read as a mapping, it
    makes the lists (so any reader of a document still sees plain data)."""

    def __init__(self, outcomes, listed: tuple[str, ...], order: tuple[str, ...], redactor=None):
        self.outcomes = outcomes
        self.listed = listed
        self.order = order
        #: with ``--redact``: every ID and reason passes through it as it is written
        self.redactor = redactor
        self._made: dict | None = None

    def redacted(self, redactor) -> StreamedCases:
        """The same cases, redacted by ``redactor`` as they are made or written
        (``sink.Redactor.value`` calls this: a document is redacted without
        making its cases)."""
        if self._made is not None:
            made = StreamedCases(self.outcomes, self.listed, self.order)
            made._made = redactor.value(self._made)
            return made
        return StreamedCases(self.outcomes, self.listed, self.order, redactor)

    def _make(self) -> dict:
        if self._made is None:
            made: dict = {o: [] for o in self.order}
            fix = self.redactor.text if self.redactor is not None else str
            for o in sorted(self.outcomes.of(*self.listed), key=lambda o: o.key):
                made[o.outcome].append({"id": fix(o.key), "reason": fix(o.reason)})
            self._made = made
        return self._made

    def __getitem__(self, k):
        return self._make()[k]

    def __iter__(self):
        return iter(self.order)

    def __len__(self) -> int:
        return len(self.order)

    def encode(self, depth: int, out) -> None:
        """Append the JSON of the whole mapping, its opening bracket at ``depth``."""
        if self._made is not None:
            _encode(self._made, depth, out)
            return
        lv = _level(depth)
        out(lv.open_dict)
        inner = _level(depth + 1)
        for i, status in enumerate(self.order):
            if i:
                out(lv.sep)
            out(encode_basestring(status) + ": ")
            if status not in self.listed or not self.outcomes.counts.get(status):
                out("[]")
                continue
            case_indent = "\n" + _INDENT * (depth + 2)
            field_indent = "\n" + _INDENT * (depth + 3)
            first = True
            for texts in self._texts(status, case_indent, field_indent):
                if isinstance(texts, Path):  # a file of the texts, led by their indent (sql_cases._cases_file)
                    out((inner.open_list if first else inner.sep)[:-len(case_indent) + 1])
                    out(texts)
                    first = False
                    continue
                if not texts:
                    continue
                out(inner.open_list if first else inner.sep)
                first = False
                out(inner.sep.join(texts))
            if first:
                out(inner.open_list)
            out(inner.close_list)
        out(lv.close_dict)

    def _texts(self, status: str, case_indent: str, field_indent: str):
        """Chunks of the cases' JSON texts, in key order."""
        fix = self.redactor.text if self.redactor is not None else None
        made = getattr(self.outcomes, "json_texts", None)
        made = made(status, case_indent, field_indent, fix, self.listed) if made is not None else None
        if made is not None:
            yield from made
            return
        head = "{" + field_indent + '"id": '
        mid = "," + field_indent + '"reason": '
        tail = case_indent + "}"
        fix = fix or str
        cases = sorted(self.outcomes.of(status), key=lambda o: o.key)
        for i in range(0, len(cases), 10_000):
            yield [head + encode_basestring(fix(o.key)) + mid + encode_basestring(fix(o.reason)) + tail
                   for o in cases[i:i + 10_000]]


def _encode(o, depth: int, out) -> None:
    """Append the encoding of `o`, whose first line is at `depth`, to `out`."""
    if isinstance(o, StreamedCases):
        o.encode(depth, out)
        return
    if isinstance(o, dict):
        if not o:
            out("{}")
            return
        lv = _level(depth)
        if lv.flat is not None and _flat(o.values()):
            s = "".join(lv.flat(o, 0))
            out(lv.open_dict)
            out(s[1:-1])
            out(lv.close_dict)
            return
        out(lv.open_dict)
        first = True
        sep = lv.sep
        inner = depth + 1
        for k, v in o.items():
            if first:
                first = False
            else:
                out(sep)
            out(encode_basestring(k) if type(k) is str else _key(k))
            out(": ")
            if type(v) in _SCALARS:
                out(encode_basestring(v) if type(v) is str else _scalar(v))
            else:
                _encode(v, inner, out)
        out(lv.close_dict)
        return
    if isinstance(o, (list, tuple)):
        if not o:
            out("[]")
            return
        lv = _level(depth)
        if lv.flat is not None and _flat(o):
            s = "".join(lv.flat(o, 0))
            out(lv.open_list)
            out(s[1:-1])
            out(lv.close_list)
            return
        if lv.flat is not None and all(o):
            types = set(map(type, o))
            if _DICT.issuperset(types) and _SCALARS.issuperset(map(type, chain.from_iterable(map(_dict_values, o)))):
                next_flat = _level(depth + 1).flat
                assert next_flat is not None  # every level has one when this one has (c_make_encoder is there)
                s = "".join(next_flat(o, 0))
                out(lv.dicts_open)
                out(s[2:-2].replace(*lv.dicts_seam))
                out(lv.dicts_close)
                return
            if _LIST.issuperset(types) and _SCALARS.issuperset(map(type, chain.from_iterable(o))):
                next_flat = _level(depth + 1).flat
                assert next_flat is not None  # every level has one when this one has (c_make_encoder is there)
                s = "".join(next_flat(o, 0))
                out(lv.lists_open)
                out(s[2:-2].replace(*lv.lists_seam))
                out(lv.lists_close)
                return
        out(lv.open_list)
        first = True
        sep = lv.sep
        inner = depth + 1
        for v in o:
            if first:
                first = False
            else:
                out(sep)
            if type(v) in _SCALARS:
                out(encode_basestring(v) if type(v) is str else _scalar(v))
            else:
                _encode(v, inner, out)
        out(lv.close_list)
        return
    out(_scalar(o))


def write(doc, write_text, size: int = 1 << 20, files: bool = False) -> None:
    """Write the text of :func:`dumps` through ``write_text`` in pieces of
    about ``size`` characters: a document with :class:`StreamedCases` is
    never whole in memory. With ``files``, ``write_text`` also takes a
    :class:`Path`, a file of the document's text to copy in whole (as
    ``report.sink.write_streamed`` does): the cases' texts a database wrote
    are handed on so, never read by Python; without, they are read in pieces."""
    buf: list[str] = []
    held = 0

    def out(s: str | Path) -> None:
        nonlocal held
        if isinstance(s, Path):
            if files:
                if buf:
                    write_text("".join(buf))
                    buf.clear()
                    held = 0
                write_text(s)
                return
            for piece in _file_text(s, size):
                out(piece)
            return
        buf.append(s)
        held += len(s)
        if held >= size:
            write_text("".join(buf))
            buf.clear()
            held = 0

    _encode(doc, 0, out)
    buf.append("\n")
    write_text("".join(buf))


def _file_text(path: Path, size: int):
    """The text of a file of the document (see :func:`write`), in pieces of about ``size`` characters."""
    with open(path, encoding="utf-8", newline="") as fh:
        while True:
            piece = fh.read(size)
            if not piece:
                return
            yield piece


def dumps(doc) -> str:
    """``json.dumps(doc, indent=2, ensure_ascii=False) + "\\n"``, faster."""
    chunks: list[str] = []

    def out(s: str | Path) -> None:
        if isinstance(s, Path):
            chunks.extend(_file_text(s, 1 << 20))
        else:
            chunks.append(s)

    _encode(doc, 0, out)
    chunks.append("\n")
    return "".join(chunks)
