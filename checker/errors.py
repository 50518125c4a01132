"""Errors as data: every problem casecheck reports is a :class:`Diagnostic`.

A diagnostic names where the problem is (file, line, column, and for data the
table, row and column), what is wrong, and where it helps, a suggestion. Stages
collect diagnostics rather than raising on the first one, so a rule author sees
every problem in a pack at once. :class:`CasecheckError` carries a list of them
across stage boundaries; the CLI renders them and exits with status 2.

Lines and columns are 1-based, as editors show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Location:
    """A place in a source file: 1-based line and column, optional end."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    """One problem found by a stage.

    ``code`` is a stable, greppable identifier (``unknown-field``,
    ``type-mismatch``, ``syntax``...). ``severity`` is ``error``,
    ``warning`` or ``note``; errors stop the pipeline, warnings and notes
    (information, such as a census's reference date) are reported and the
    run goes on.
    """

    message: str
    location: Location = field(default_factory=Location)
    code: str = "error"
    severity: str = "error"
    suggestion: str | None = None
    rule: str | None = None
    #: False for a file that is not what it should be: its lines are never shown.
    quote: bool = True

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def render(self, source_text: str | None = None) -> str:
        """Render as ``file:line:col: severity: message``, with the source line
        and a caret under the problem when the text is at hand. The line is
        looked up once per file (:func:`source_line`), never by re-reading
        the whole file for each diagnostic."""
        # a problem with no place (an option, an unknown rule id) is said without a made-up one
        where = f"{self.location}: " if self.location.file or self.location.line else ""
        head = f"{where}{self.severity}: {self.message}"
        if self.rule and f"`{self.rule}`" not in self.message and f"rule {self.rule}" not in self.message:
            head += f" [rule {self.rule}]"
        lines = [head]
        src = None
        if source_text is not None and self.location.line:
            src_lines = source_text.splitlines()
            if 0 < self.location.line <= len(src_lines):
                src = src_lines[self.location.line - 1]
        elif self.quote and self.location.file and self.location.line:
            src = source_line(self.location.file, self.location.line)
        if src is not None:
            gutter = f"{self.location.line:>5} | "
            col = self.location.column or 1
            width = 1
            if (
                self.location.end_column
                and (self.location.end_line in (None, self.location.line))
                and self.location.end_column > col
            ):
                width = self.location.end_column - col
            if len(src) > MAX_SHOWN:  # a very long line (a CSV header of 100,000 columns): the part around the place
                start = max(0, min(col - 1 - MAX_SHOWN // 2, len(src) - MAX_SHOWN))
                src = ("…" if start else "") + src[start : start + MAX_SHOWN] + ("…" if start + MAX_SHOWN < len(src) else "")
                col -= start - (1 if start else 0)
                width = max(1, min(width, MAX_SHOWN + 2 - col))
            lines.append(gutter + src)
            lines.append(" " * (len(gutter) - 2) + "| " + " " * (col - 1) + "^" * width)
        if self.suggestion:
            lines.append(f"      = help: {self.suggestion}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        out = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
        }
        if self.suggestion:
            out["suggestion"] = self.suggestion
        if self.rule:
            out["rule"] = self.rule
        return out


MAX_SHOWN = 200  # characters of a source line shown under a diagnostic


#: Files whose lines are kept for rendering, at most this many at a time.
_LINE_FILES = 8
#: A file bigger than this is not kept whole: its line is found by reading up to it.
_KEEP_BYTES = 16 << 20
_lines_cache: dict[tuple, list[str]] = {}


def source_line(path: str, line: int) -> str | None:
    """Line ``line`` of a UTF-8 text file, or None. Each file is read once
    (kept while unchanged, a few files at a time), not once per diagnostic;
    only a regular file is read (never a FIFO or a device), and a big one
    only up to the line asked for."""
    import os
    import stat as _stat

    try:
        st = os.stat(path)
    except OSError:
        return None
    if not _stat.S_ISREG(st.st_mode):
        return None
    key = (str(path), st.st_mtime_ns, st.st_size)
    lines = _lines_cache.get(key)
    try:
        if lines is None and st.st_size <= _KEEP_BYTES:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
            if len(_lines_cache) >= _LINE_FILES:
                _lines_cache.pop(next(iter(_lines_cache)))
            _lines_cache[key] = lines
        if lines is not None:
            return lines[line - 1] if 0 < line <= len(lines) else None
        with open(path, encoding="utf-8", newline=None) as f:
            for i, text in enumerate(f, start=1):
                if i == line:
                    return text.rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        return None
    return None


class CasecheckError(Exception):
    """The one root of casecheck's errors: raised when a stage cannot go on,
    it carries every diagnostic found, and the CLI renders them in one place.

    The stages' own errors (a syntax error in an expression, a rule that
    cannot be evaluated, a backend that refuses a statement, a date outside
    the calendar) are subclasses that build their diagnostics from what they
    know, so any of them can be caught and shown the same way."""

    #: what reading the data had loaded when the run stopped (the API's
    #: LoadResult), so a caller can still account for the rows; None otherwise
    loaded: Any = None

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__(f"{len(self.diagnostics)} diagnostic(s)")

    #: A stage's own error keeps its one-line message as its text (``init_message``).
    _message: str | None = None

    def __str__(self) -> str:  # rendered when asked for, not each time one is raised
        if self._message is not None:
            return self._message
        return "\n".join(d.render() for d in self.diagnostics)

    @staticmethod
    def init_message(self: CasecheckError, message: str, code: str, **kw) -> None:
        """For a subclass that keeps its own constructor: the diagnostic its message makes."""
        self.diagnostics = [Diagnostic(message, kw.pop("location", None) or Location(), code=code, **kw)]
        self._message = message
        Exception.__init__(self, message)


class Diagnostics:
    """An ordered collector of diagnostics, used by every stage."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def error(self, message: str, location: Location | None = None, **kw) -> None:
        self.items.append(Diagnostic(message, location or Location(), **kw))

    def warning(self, message: str, location: Location | None = None, **kw) -> None:
        self.items.append(Diagnostic(message, location or Location(), severity="warning", **kw))

    def extend(self, other) -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise CasecheckError(self.errors)
