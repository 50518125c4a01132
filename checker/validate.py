"""Structural validation of casecheck YAML files against their JSON Schemas.

Each kind of file (``pack``, ``rules``, ``tests``, ``dataschema``) has a
Draft 2020-12 schema in ``checker/jsonschemas/``. :func:`validate_document`
checks a loaded :class:`~checker.yamlsource.YamlDoc` and turns each jsonschema
error into a :class:`~checker.errors.Diagnostic` worded for rule authors and
placed at the offending key or value in the YAML.

The schemas carry the wording where it is specific to a field, in keywords
of their own that JSON Schema ignores:

``x-message``
    the message for a ``pattern``, ``format``, ``const``, ``minimum`` or
    ``maximum`` failure; ``{value}`` is the offending value, ``{label}`` the
    name of the place (e.g. "rule id `{value}` must be upper-case words
    joined by hyphens").
``x-type``
    the expected type in plain words, when the ``type`` keyword alone would
    say too little (e.g. "a string (an expression)").
``x-hint``
    a suggestion added to a ``required`` failure.

A keyword next to a ``$ref`` applies to errors inside the referenced schema.

Codes: ``unknown-key``, ``missing-key``, ``bad-type``, ``bad-value``,
``bad-key`` (a map key of the wrong form) and ``schema`` (anything else).
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jsonschema is imported when a document is first validated (start-up time)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from checker.errors import Diagnostic, Location
from checker.resources import jsonschema_path
from checker.suggest import did_you_mean, suggest
from checker.yamlsource import YamlDoc

SCHEMAS = ("pack", "rules", "tests", "dataschema", "framework", "findings", "binding")

_ROOT_NAMES = {
    "pack": "the pack manifest",
    "rules": "the rule file",
    "tests": "the test file",
    "dataschema": "the data schema",
    "framework": "the framework file",
    "findings": "the seed findings file",
    "binding": "the binding file",
}

_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


@cache
def load_schema(schema_name: str) -> dict:
    """The JSON Schema for a kind of file, parsed (cached)."""
    if schema_name not in SCHEMAS:
        raise ValueError(f"unknown schema {schema_name!r}; expected one of {', '.join(SCHEMAS)}")
    with open(jsonschema_path(schema_name), encoding="utf-8") as f:
        return json.load(f)


@cache
def _validator(schema_name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(schema_name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate_document(doc: YamlDoc, schema_name: str) -> list[Diagnostic]:
    """Check ``doc`` against the schema ``schema_name`` (pack, rules, tests,
    dataschema); the problems, sorted by position. Empty means valid."""
    top = {"tests": "tests", "rules": "rules"}.get(schema_name)
    if top is not None and isinstance(doc.data, list):
        # a bare list of tests (or rules): the commonest slip, said as its fix
        return [Diagnostic(
            f"the {'test' if top == 'tests' else 'rule'} file must be a mapping, not a list: its {top} go under `{top}:`",
            doc.location(()), code="bad-type",
            suggestion=f"put `{top}:` on a line of its own at the top and indent the list under it by two spaces:\n"
            f"  {top}:\n    - ...",
        )]
    translator = _Translator(doc, schema_name, load_schema(schema_name))
    for error in _validator(schema_name).iter_errors(doc.data):
        translator.translate(error)
    # A value of the wrong type is reported as that alone, not also as,
    # say, a bad enum value at the same place.
    typed = {d.location for d in translator.out if d.code == "bad-type"}
    seen: set = set()
    out: list[Diagnostic] = []
    for d in translator.out:
        if d.code == "bad-value" and d.location in typed:
            continue
        if d not in seen:
            seen.add(d)
            out.append(d)
    out.sort(key=lambda d: (d.location.line or 0, d.location.column or 0))
    return out


# -- naming places ------------------------------------------------------------------


def _dotted(parts: tuple) -> str:
    text = ""
    for p in parts:
        if isinstance(p, int):
            text += f"[{p}]"
        else:
            text += f".{p}" if text else str(p)
    return text


def _get(data: Any, path: tuple) -> Any:
    for p in path:
        try:
            data = data[p]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _plain(value: Any) -> str:
    """A scalar as the author would have written it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Translator:
    def __init__(self, doc: YamlDoc, kind: str, schema: dict):
        self.doc = doc
        self.kind = kind
        self.schema = schema
        self.out: list[Diagnostic] = []

    # Where things are and what they are called.

    def _owner(self, path: tuple) -> tuple[str | None, tuple, str | None]:
        """The named object enclosing ``path`` (a rule, a test, a table...),
        the rest of the path below it, and the rule id if inside a rule."""
        data = self.doc.data
        if self.kind in ("rules", "tests") and len(path) >= 2 and path[0] == self.kind and isinstance(path[1], int):
            item = _get(data, path[:2])
            attr = "id" if self.kind == "rules" else "name"
            noun = "rule" if self.kind == "rules" else "test"
            name = item.get(attr) if isinstance(item, dict) else None
            if isinstance(name, str) and name:
                owner = f"{noun} `{name}`"
            else:
                owner = f"{self.kind}[{path[1]}]"
            rule = name if self.kind == "rules" and isinstance(name, str) and name else None
            return owner, path[2:], rule
        if self.kind == "dataschema" and len(path) >= 2:
            if path[0] == "tables":
                if len(path) >= 4 and path[2] == "fields":
                    return f"field `{path[3]}` of table `{path[1]}`", path[4:], None
                return f"table `{path[1]}`", path[2:], None
            if path[0] == "code_sets":
                return f"code set `{path[1]}`", path[2:], None
            if path[0] == "relations":
                return f"relations[{path[1]}]", path[2:], None
        return None, path, None

    def object_name(self, path: tuple) -> str:
        owner, rest, _ = self._owner(path)
        if owner and rest:
            return f"`{_dotted(rest)}` in {owner}"
        if owner:
            return owner
        if rest:
            return f"`{_dotted(rest)}`"
        return _ROOT_NAMES[self.kind]

    def label(self, path: tuple) -> str:
        """The name of a value's place, short: the key path below its owner."""
        owner, rest, _ = self._owner(path)
        if rest:
            return f"`{_dotted(rest)}`"
        return owner or _ROOT_NAMES[self.kind]

    def emit(self, message: str, location: Location, code: str, path: tuple, suggestion: str | None = None):
        _, _, rule = self._owner(path)
        self.out.append(Diagnostic(message, location, code=code, suggestion=suggestion, rule=rule))

    # Schema annotations.

    def _resolve_ref(self, ref: str) -> dict:
        if not ref.startswith("#"):
            return {}
        node: Any = self.schema
        for part in ref[1:].split("/"):
            if not part:
                continue
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node.get(part, {})
        return node

    def _chain(self, error: ValidationError) -> list[dict]:
        """The schemas joined by ``$ref`` that hold the failing keyword,
        outermost (the referring schema) first, for looking up ``x-``
        annotations: a referrer's annotation overrides the referenced one's.

        jsonschema leaves ``$ref`` out of schema paths, so a path step that
        is not in a schema which has a ``$ref`` is looked up in its target.
        """
        chain: list[Any] = []
        node: Any = self.schema
        for part in list(error.absolute_schema_path)[:-1]:  # drop the keyword
            for _ in range(32):  # follow $refs (bounded, in case of a cycle)
                if not (isinstance(node, dict) and part not in node and "$ref" in node):
                    break
                node = self._resolve_ref(node["$ref"])
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return [error.schema] if isinstance(error.schema, dict) else []
        chain.append(node)
        for _ in range(32):
            if not (isinstance(node, dict) and "$ref" in node):
                break
            node = self._resolve_ref(node["$ref"])
            chain.append(node)
        return [s for s in chain if isinstance(s, dict)]

    def _annotation(self, error: ValidationError, key: str) -> str | None:
        for s in self._chain(error):
            if key in s:
                return s[key]
        return None

    # Translation.

    def translate(self, error: ValidationError) -> None:
        path = tuple(error.absolute_path)
        handler = getattr(self, "_on_" + str(error.validator), None)
        if "propertyNames" in error.absolute_schema_path:
            self._on_property_name(error, path)
        elif handler is not None:
            handler(error, path)
        else:
            self._generic(error, path)

    def _on_property_name(self, error: ValidationError, path: tuple) -> None:
        key = error.instance
        template = self._annotation(error, "x-message")
        if template:
            message = template.format(value=key, label=self.object_name(path))
        else:
            message = f"`{key}` is not a valid name in {self.object_name(path)}"
        self.emit(message, self.doc.key_location(path + (key,)), "bad-key", path)

    def _on_additionalProperties(self, error: ValidationError, path: tuple) -> None:
        schema = error.schema
        allowed = list(schema.get("properties", {}))
        if schema.get("additionalProperties") is not False or not isinstance(error.instance, dict):
            return self._generic(error, path)
        patterns = list(schema.get("patternProperties", {}))
        for key in error.instance:
            if key in allowed or any(re.search(p, key) for p in patterns):
                continue
            hint = did_you_mean(key, allowed)
            if hint is None and allowed:
                hint = "allowed keys: " + ", ".join(allowed)
            self.emit(
                f"unknown key `{key}` in {self.object_name(path)}",
                self.doc.key_location(path + (key,)),
                "unknown-key",
                path,
                hint,
            )

    def _on_required(self, error: ValidationError, path: tuple) -> None:
        instance = error.instance
        if not isinstance(instance, dict):
            return
        schema = error.schema
        allowed = set(schema.get("properties", {}))
        for key in error.validator_value:
            if key in instance:
                continue
            # A mistyped key is reported once, as unknown, with the suggestion.
            if schema.get("additionalProperties") is False and any(
                k not in allowed and suggest(k, allowed) == key for k in instance
            ):
                continue
            self.emit(
                f"{self.object_name(path)} is missing the required key `{key}`",
                self.doc.location(path),
                "missing-key",
                path,
                self._annotation(error, "x-hint"),
            )

    def _expected_type(self, error: ValidationError) -> str:
        custom = self._annotation(error, "x-type")
        if custom:
            return custom
        types = error.validator_value
        if isinstance(types, str):
            types = [types]
        words = [_TYPE_WORDS.get(t, t) for t in types]
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]

    def _type_message(self, path: tuple, expected: str, instance: Any) -> str:
        label = self.label(path)
        if instance is None:
            return f"{label} must be {expected}, but it is empty"
        if isinstance(instance, bool):
            actual = f"`{_plain(instance)}`"
        elif isinstance(instance, (int, float)):
            actual = "a number"
        elif isinstance(instance, str):
            actual = "a string"
        elif isinstance(instance, list):
            actual = "a list"
        else:
            actual = "a mapping"
        return f"{label} must be {expected}, not {actual}"

    def _on_type(self, error: ValidationError, path: tuple) -> None:
        message = self._type_message(path, self._expected_type(error), error.instance)
        self.emit(message, self.doc.location(path), "bad-type", path)

    def _on_enum(self, error: ValidationError, path: tuple) -> None:
        options = [_plain(v) for v in error.validator_value]
        value = error.instance
        label = self.label(path)
        expected = "expected one of: " + ", ".join(options)
        if isinstance(value, (dict, list)):
            kind = "a mapping" if isinstance(value, dict) else "a list"
            return self.emit(f"{label} must be one of: {', '.join(options)}, not {kind}",
                             self.doc.location(path), "bad-type", path)
        if value is None:
            message = f"{label} is empty; {expected}"
        else:
            message = f"`{_plain(value)}` is not a valid value for {label}; {expected}"
        hint = did_you_mean(_plain(value), options) if value is not None else None
        self.emit(message, self.doc.location(path), "bad-value", path, hint)

    def _templated(self, error: ValidationError, path: tuple, default: str, code: str = "bad-value") -> None:
        template = self._annotation(error, "x-message")
        value = error.instance
        shown = _plain(value) if not isinstance(value, (dict, list)) else json.dumps(value)
        if template:
            message = template.format(value=shown, label=self.label(path))
        else:
            message = default.format(value=shown, label=self.label(path), rule=error.validator_value)
        self.emit(message, self.doc.location(path), code, path)

    def _on_pattern(self, error, path):
        self._templated(error, path, "`{value}` is not in the form required for {label} (pattern {rule})")

    def _on_format(self, error, path):
        self._templated(error, path, "`{value}` is not a valid {rule} for {label}")

    def _on_const(self, error, path):
        self._templated(error, path, "{label} must be `" + _plain(error.validator_value) + "`, not `{value}`")

    def _on_minimum(self, error, path):
        self._templated(error, path, "{label} must be at least {rule}, not {value}")

    def _on_maximum(self, error, path):
        self._templated(error, path, "{label} must be at most {rule}, not {value}")

    def _on_minLength(self, error, path):
        self._templated(error, path, "{label} must not be empty")

    def _on_minItems(self, error, path):
        n = error.validator_value
        default = "{label} must not be empty" if n == 1 else "{label} must have at least {rule} items"
        self._templated(error, path, default)

    def _on_minProperties(self, error, path):
        n = error.validator_value
        default = "{label} must have at least one entry" if n == 1 else "{label} must have at least {rule} entries"
        self._templated(error, path, default)

    def _on_oneOf(self, error: ValidationError, path: tuple) -> None:
        if not error.context:  # valid under more than one branch
            return self._generic(error, path)
        branches: dict[int, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        # A branch whose type the value does not even have says nothing useful.
        compatible = {
            i: errs
            for i, errs in branches.items()
            if not any(e.validator == "type" and tuple(e.absolute_path) == path for e in errs)
        }
        if not compatible:
            expected = []
            for errs in branches.values():
                for e in errs:
                    if e.validator == "type" and tuple(e.absolute_path) == path:
                        word = self._expected_type(e)
                        if word not in expected:
                            expected.append(word)
            words = expected[0] if len(expected) == 1 else ", ".join(expected[:-1]) + " or " + expected[-1]
            self.emit(self._type_message(path, words, error.instance), self.doc.location(path), "bad-type", path)
            return
        # The most specific branch: the one with the deepest, best error.
        best = max(
            compatible.items(),
            key=lambda item: (max(_relevance(e) for e in item[1]), -len(item[1]), -item[0]),
        )[1]
        for sub in best:
            self.translate(sub)

    _on_anyOf = _on_oneOf

    def _generic(self, error: ValidationError, path: tuple) -> None:
        self.emit(f"{self.label(path)}: {error.message}", self.doc.location(path), "schema", path)


def _relevance(error):
    from jsonschema.exceptions import relevance

    return relevance(error)
