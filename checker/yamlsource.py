"""Safe YAML loading with source positions.

Every casecheck YAML file (rule packs, data schemas, rule test files) is
untrusted input and is loaded by this module only. It builds the node graph
with libyaml's scanner and parser (PyYAML's C loader) under a Python composer,
falling back to PyYAML's pure-Python scanner and parser, whose error messages
the diagnostics are worded from, for any text libyaml refuses or that holds a
tab or a control character; then it constructs plain
Python values from the nodes itself, so nothing but ``dict``, ``list``,
``str``, ``int``, ``float``, ``bool`` and ``None`` can come out, and every
value keeps its position in the file for error messages.

Scalars are resolved YAML 1.2 core-style, not PyYAML's YAML 1.1:

* ``null``, ``Null``, ``NULL``, ``~`` and the empty plain scalar are None;
* ``true`` and ``false`` in any case are booleans;
* decimal integers with an optional sign and no leading zero are ints
  (``007`` stays the string ``"007"``: it is an ID, not a number);
* decimals and exponents (``0.5``, ``-1.25``, ``1e3``) are floats
  (``.inf`` and ``.nan`` stay strings);
* everything else is a string: ``2024-03-31`` is the string ``"2024-03-31"``,
  and ``yes``, ``no``, ``on``, ``off``, ``Y``, ``NO`` are strings, so code
  values such as ``NO`` survive.

Quoted and block (``|``, ``>``) scalars are always strings.

Refused, each with a positioned diagnostic (code ``yaml``): anchors and
aliases (which also defeats "billion laughs"), tags other than the core ones,
nesting deeper than :data:`MAX_DEPTH`, files over :data:`MAX_BYTES`,
duplicate mapping keys, mapping keys that are not strings, several documents
in one file, text that is not UTF-8, and YAML syntax errors.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    MappingStartEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from checker.errors import CasecheckError, Diagnostic, Location
from checker.yamlhelp import indentation_help, quote_help

MAX_DEPTH = 64
MAX_BYTES = 20 * 1024 * 1024

CODE = "yaml"

_IMPLICIT = "casecheck:implicit"  # tag given to nodes that had no explicit tag
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}

_NULL = re.compile(r"(?:null|Null|NULL|~|)")
_BOOL = re.compile(r"(?:true|false)", re.IGNORECASE)
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(
    r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?)"
)
# The line breaks PyYAML counts when it numbers lines.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
_WS = " \t\r\n\x85\u2028\u2029\ufeff"
_ESCAPE_LEN = {"x": 4, "u": 6, "U": 10}

ALIAS_MESSAGE = "YAML anchors and aliases (&x / *x) are not allowed in casecheck files"


def resolve_plain(value: str) -> Any:
    """The value of a plain (unquoted) scalar under casecheck's core schema."""
    if _NULL.fullmatch(value):
        return None
    if _BOOL.fullmatch(value):
        return value.lower() == "true"
    if _INT.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # more digits than Python will convert
            return value
    if _FLOAT.fullmatch(value) and any(c in value for c in ".eE"):
        return float(value)
    return value


@dataclass
class YamlDoc:
    """A loaded YAML file: its text, its plain data, and where each value is.

    Paths are tuples of mapping keys and list indices, as in JSON Schema
    error paths: ``("rules", 0, "expect")``.
    """

    path: str
    text: str
    data: Any
    _nodes: dict = field(default_factory=dict, repr=False, compare=False)
    _keys: dict = field(default_factory=dict, repr=False, compare=False)
    _line_starts: list | None = field(default=None, repr=False, compare=False)

    # -- positions --------------------------------------------------------------

    def _node(self, path) -> tuple[Any, tuple]:
        path = tuple(path)
        while path and path not in self._nodes:
            path = path[:-1]
        return self._nodes.get(path), path

    def _loc(self, start, end) -> Location:
        return Location(self.path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)

    def location(self, path: tuple = ()) -> Location:
        """Where the value at ``path`` is; the nearest existing ancestor's
        position if there is no value there; line 1 column 1 for an empty
        file."""
        node, _ = self._node(path)
        if node is None:
            return Location(self.path, 1, 1)
        return self._loc(node.start_mark, node.end_mark)

    def key_location(self, path: tuple) -> Location:
        """Where the key of the mapping entry at ``path`` is (for "unknown key"
        errors); falls back to :meth:`location`."""
        key = self._keys.get(tuple(path))
        if key is None:
            return self.location(path)
        return self._loc(key.start_mark, key.end_mark)

    def scalar_location(self, path: tuple, start: int, end: int | None = None) -> Location:
        """Where characters ``[start, end)`` of the string value at ``path`` are
        in the file (``end`` defaults to ``start + 1``).

        Works for every scalar style: offsets are in the constructed value
        (after quotes, escapes, block indentation and line folding are
        resolved) and are mapped back by aligning the value with the raw
        source of the node.
        """
        node, found = self._node(path)
        if node is None or found != tuple(path) or not isinstance(node, ScalarNode):
            return self.location(path)
        value = node.value
        offsets = _align(value, self.text[node.start_mark.index : node.end_mark.index], node.style)
        if end is None:
            end = start + 1
        start = max(0, min(start, len(value)))
        end = max(start, min(end, len(value)))
        first = offsets[start][0]
        last = offsets[end - 1][1] if end > start else first
        base = node.start_mark.index
        line, column = self._line_col(base + first)
        end_line, end_column = self._line_col(base + last)
        return Location(self.path, line, column, end_line, end_column)

    def _line_col(self, index: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        line = bisect.bisect_right(self._line_starts, index) - 1
        return line + 1, index - self._line_starts[line] + 1


def _align(value: str, raw: str, style: str | None) -> list[tuple[int, int]]:
    """For each character of ``value`` (and one past the end), the span
    ``(start, end)`` in ``raw`` (the node's source text) that produced it.

    Greedy: a non-space value character matches the next equal raw
    character; a space in the value matches the same space in the raw text,
    or a folded line break (with its indentation) there; a double-quoted
    escape sequence produces exactly one character.
    """
    r = 0
    n = len(raw)
    if raw.startswith("!"):  # an explicit tag before the content
        while r < n and raw[r] not in _WS:
            r += 1
        while r < n and raw[r] in _WS:
            r += 1
    if style in ("|", ">"):  # skip the header line: indicator, chomping, comment
        while r < n and raw[r] not in "\r\n":
            r += 1
        if raw.startswith("\r\n", r):
            r += 2
        elif r < n:
            r += 1
    elif style in ('"', "'"):
        r += 1
    spans: list[tuple[int, int]] = []
    for ch in value:
        if style == '"':
            # Skip escaped line breaks, which produce nothing.
            while raw.startswith("\\", r) and r + 1 < n and raw[r + 1] in "\r\n":
                r += 2
                while r < n and raw[r] in _WS:
                    r += 1
            if raw.startswith("\\", r):
                length = _ESCAPE_LEN.get(raw[r + 1 : r + 2], 2)
                spans.append((r, min(n, r + length)))
                r = min(n, r + length)
                continue
        if style == "'" and ch == "'" and raw.startswith("''", r):
            spans.append((r, r + 2))
            r += 2
            continue
        if ch in _WS:
            if r < n and raw[r] == ch:
                spans.append((r, r + 1))
                r += 1
            elif r < n and raw[r] in _WS:  # a folded line break
                start = r
                while r < n and raw[r] in _WS:
                    r += 1
                spans.append((start, start + 1))
            else:
                spans.append((r, r))
            continue
        j = raw.find(ch, r)
        if j < 0:  # cannot happen for well-formed input; stay put
            spans.append((r, r))
            continue
        spans.append((j, j + 1))
        r = j + 1
    spans.append((r, r))
    return spans


# -- loading --------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, message: str, mark):
        super().__init__(message)
        self.message = message
        self.mark = mark


class _Guard:
    """Anchors, aliases, unknown tags and deep nesting refused while the node
    graph is built (mixed into both loaders). Nothing here constructs Python
    objects."""

    _depth = 0

    def resolve(self, kind, value, implicit):  # noqa: ARG002 - PyYAML hook
        # Untagged nodes are resolved by casecheck's own rules, later.
        return _IMPLICIT

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(ALIAS_MESSAGE, event.start_mark)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _ALLOWED_TAGS:
            raise _Refused(f"YAML tag `{_short_tag(tag)}` is not allowed in casecheck files", event.start_mark)
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    raise _Refused(f"nesting is deeper than {MAX_DEPTH} levels", event.start_mark)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)


class _Loader(_Guard, yaml.SafeLoader):
    """PyYAML's pure-Python safe scanner, parser and composer: the reference,
    whose error messages casecheck's diagnostics are worded from."""


if getattr(yaml, "__with_libyaml__", False):

    class _LibyamlLoader(_Guard, yaml.cyaml.CParser, Composer):
        """libyaml's scanner and parser (about 15 times the pure-Python
        speed) under the same Python composer and guards: the events, and so
        the nodes and their marks (line, column, character index), are the
        same as the pure loader's for any file both accept."""

        def __init__(self, text: str):
            yaml.cyaml.CParser.__init__(self, text)
            Composer.__init__(self)

        _flow = 0  # open flow collections ([...], {...}) around the node being composed

        def compose_node(self, parent, index):
            flow = getattr(self.peek_event(), "flow_style", False)
            self._flow += bool(flow)
            try:
                return super().compose_node(parent, index)
            finally:
                self._flow -= bool(flow)

        def compose_scalar_node(self, anchor):
            node = super().compose_scalar_node(anchor)
            if not node.style:  # libyaml's events say '' for a plain scalar, PyYAML's None
                node.style = None
                # In a flow collection PyYAML ends a plain scalar at ``?``, and
                # places an empty one elsewhere than libyaml: the pure path decides.
                if self._flow and ("?" in node.value or not node.value):
                    raise _Refused("", node.start_mark)
            return node

        def descend_resolver(self, parent, index):  # no path resolvers: tags are casecheck's
            pass

        def ascend_resolver(self):
            pass

    _CLoader: type[_LibyamlLoader] | None = _LibyamlLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _CLoader = None

# What the pure loader's reader refuses before parsing, and tabs (where
# libyaml and PyYAML disagree on what is allowed): such text takes the pure
# path, so its diagnostics are exactly as before. So does text without a final
# line break (libyaml ends the last node's mark on a line of its own).
# Where libyaml accepts what PyYAML refuses: a block scalar header followed at
# once by ``#`` (``|#``); also ``?`` inside a plain scalar in a flow collection
# (``[a?b]``), which the C loader's composer refuses to the pure path. Found by
# the property test in tests/test_yamlsource.py; such text takes the pure path.
_DIVERGE = re.compile(r"(?:^|\s)[|>][-+0-9]*#", re.MULTILINE)
_PURE_ONLY = re.compile("[^\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _mark_location(path: str, mark) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def _fail(path: str, message: str, location: Location | None = None, suggestion: str | None = None):
    raise CasecheckError(Diagnostic(message, location or Location(path), code=CODE, suggestion=suggestion))


def _compose(text: str, path: str):
    """The node graph of ``text``: through libyaml when the text is plain
    enough, else (or when libyaml finds anything wrong) through the pure
    loader, which words every diagnostic."""
    if _CLoader is not None and text.endswith("\n") and not _PURE_ONLY.search(text) and not _DIVERGE.search(text):
        loader = None
        try:
            loader = _CLoader(text)
            loader.get_event()  # StreamStartEvent
            node = None
            if not loader.check_event(StreamEndEvent):
                node = loader.compose_document()
            if loader.check_event(StreamEndEvent):
                return node
        except (yaml.YAMLError, _Refused):
            pass  # said again, in the pure loader's words, below
        finally:
            if loader is not None:
                loader.dispose()
    return _compose_pure(text, path)


def _compose_pure(text: str, path: str):
    loader = None
    try:
        loader = _Loader(text)  # checks for unprintable characters
        loader.get_event()  # StreamStartEvent
        node = None
        if not loader.check_event(StreamEndEvent):
            node = loader.compose_document()
        if not loader.check_event(StreamEndEvent):
            event = loader.get_event()
            _fail(
                path,
                "a casecheck file holds one YAML document; found a second one",
                _mark_location(path, event.start_mark),
                suggestion="remove the `---` separator, or split the file",
            )
        return node
    except _Refused as exc:
        _fail(path, exc.message, _mark_location(path, exc.mark))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        suggestion = None
        if "'\\t'" in message:
            message = "tab character: YAML indentation must use spaces, not tabs"
        else:
            said = indentation_help(text, mark) if mark is not None else None
            if said is not None:
                message, suggestion, line = said
                _fail(path, message, Location(path, line + 1, 1), suggestion)
            quoted = quote_help(text, mark) if mark is not None and message == "mapping values are not allowed here" else None
            if quoted is not None:
                suggestion = quoted
            elif exc.context and exc.context_mark is not None and "flow" in exc.context:  # an unclosed [ or {
                opened, closer = ("[", "]") if "sequence" in exc.context else ("{", "}")
                suggestion = (f"the `{opened}` opened on line {exc.context_mark.line + 1}, column "
                              f"{exc.context_mark.column + 1} is not closed with `{closer}`: close it, or put a value "
                              f"that starts with `{opened}` in quotes")
            elif exc.context and exc.context_mark is not None and exc.problem:
                suggestion = (f"the problem is in the block that starts on line {exc.context_mark.line + 1}: "
                              "check the indentation of the lines above this one")
        _fail(path, message, _mark_location(path, mark), suggestion)
    except yaml.reader.ReaderError as exc:
        doc = YamlDoc(path, text, None)
        line, column = doc._line_col(exc.position)
        _fail(
            path,
            f"character U+{exc.character if isinstance(exc.character, int) else ord(exc.character):04X} "
            "is not allowed in YAML (a control character)",
            Location(path, line, column),
        )
    except yaml.YAMLError as exc:  # pragma: no cover - any other PyYAML error
        _fail(path, f"invalid YAML: {exc}")
    finally:
        if loader is not None:
            loader.dispose()


class _Constructor:
    """Builds plain values from nodes, recording each node by its path."""

    def __init__(self, doc: YamlDoc):
        self.doc = doc
        self.problems: list[Diagnostic] = []

    def _problem(self, message: str, node, suggestion: str | None = None) -> None:
        self.problems.append(
            Diagnostic(
                message,
                self.doc._loc(node.start_mark, node.end_mark),
                code=CODE,
                suggestion=suggestion,
            )
        )

    def construct(self, node, path: tuple) -> Any:
        self.doc._nodes[path] = node
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag not in (_IMPLICIT, _CORE + "seq"):
                self._problem(f"tag `{_short_tag(node.tag)}` cannot be used on a list", node)
            return [self.construct(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag not in (_IMPLICIT, _CORE + "map"):
                self._problem(f"tag `{_short_tag(node.tag)}` cannot be used on a mapping", node)
            return self.mapping(node, path)
        raise AssertionError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag == _IMPLICIT:
            return resolve_plain(node.value) if node.style is None else node.value
        if node.tag == _CORE + "str":
            return node.value
        kinds: dict[str, type | tuple[type, ...]] = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}
        wanted = kinds.get(node.tag[len(_CORE) :])
        value = resolve_plain(node.value)
        if wanted is None:
            self._problem(f"tag `{_short_tag(node.tag)}` cannot be used on a single value", node)
            return node.value
        if not isinstance(value, wanted) or (wanted is not bool and isinstance(value, bool)):
            self._problem(f"`{node.value}` is not a valid {_short_tag(node.tag)}", node)
            return node.value
        if node.tag == _CORE + "float":
            assert isinstance(value, (int, float))  # kinds["float"] was checked just above
            return float(value)
        return value

    def mapping(self, node: MappingNode, path: tuple) -> dict:
        out: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                kind = "a list" if isinstance(key_node, SequenceNode) else "a mapping"
                self._problem(f"a mapping key must be a name, not {kind}", key_node)
                continue
            key = self.scalar(key_node)
            if not isinstance(key, str):
                shown = key_node.value or "(empty)"
                self._problem(
                    f"mapping key `{shown}` is not a string",
                    key_node,
                    suggestion=f'put the key in quotes: "{key_node.value}"' if key_node.value else None,
                )
                continue
            if key in out:
                earlier = first_seen[key]
                self._problem(
                    f"duplicate key `{key}`",
                    key_node,
                    suggestion=f"`{key}` is already set on line {earlier.start_mark.line + 1}",
                )
                continue
            first_seen[key] = key_node
            self.doc._keys[path + (key,)] = key_node
            out[key] = self.construct(value_node, path + (key,))
        return out


def load_yaml_text(text: str, path: str = "<string>") -> YamlDoc:
    """Load YAML from a string; ``path`` names it in diagnostics."""
    path = str(path)
    if len(text) > MAX_BYTES:
        _fail(path, f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MB; casecheck will not read it")
    if text.startswith("\ufeff"):
        text = text[1:]
    doc = YamlDoc(path, text, None)
    node = _compose(text, path)
    if node is None:
        return doc
    builder = _Constructor(doc)
    doc.data = builder.construct(node, ())
    if builder.problems:
        raise CasecheckError(builder.problems)
    return doc


#: While the compiled-pack cache records a load (checker/packs/cache.py): the
#: (resolved path, SHA-256) of every file read, the inputs the entry depends on.
reads: list[tuple[str, str]] | None = None


def load_yaml(path: str | Path) -> YamlDoc:
    """Load a casecheck YAML file (UTF-8, with or without a byte-order mark)."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            _fail(name, f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB; casecheck will not read it")
        raw = Path(path).read_bytes()
    except OSError as exc:
        _fail(name, f"cannot read {name}: {exc.strerror or exc}")
    if reads is not None:
        import hashlib

        reads.append((str(Path(path).resolve()), hashlib.sha256(raw).hexdigest()))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        _fail(
            name,
            f"{name} is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
            Location(name, line, column),
            suggestion="save the file as UTF-8",
        )
    return load_yaml_text(text, name)
