"""What to do about a YAML syntax error, in words a rule author can act on:
PyYAML's messages for a key at the wrong indentation, or a value holding
``: `` without quotes, turned into the fix (yamlsource calls these when a
document does not parse)."""

from __future__ import annotations

import re

_KEY_LINE = re.compile(r"^( *)(- +)?([^\s#:][^:#]*?):(\s|$)")


def indentation_help(text: str, mark) -> tuple[str, str, int] | None:
    """PyYAML's words for a key at the wrong indentation ("mapping values are
    not allowed here", "expected <block end>...") as what to do: how far the
    key should be indented, with the line above and below it. None when the
    problem is not a key's indentation. Returns (message, help, 0-based line)."""
    lines = text.splitlines()
    i = mark.line
    if not 0 <= i < len(lines):
        return None
    m = _KEY_LINE.match(lines[i])
    if m is None or m.group(2):
        return None
    above = next((j for j in range(i - 1, -1, -1) if lines[j].strip() and not lines[j].lstrip().startswith("#")), None)
    if above is None:
        return None
    pm = _KEY_LINE.match(lines[above])
    if pm is None:
        return None
    key, have = m.group(3), len(m.group(1))
    prev_key = pm.group(3)
    if lines[above].rstrip().endswith(":"):  # the line above opens a block: its first key goes inside it
        want = len(pm.group(1)) + len(pm.group(2) or "") + 2 if not pm.group(2) else len(pm.group(1)) + len(pm.group(2)) + 2
        relation = f"inside `{prev_key}:`"
    else:  # a key beside the one above
        want = len(pm.group(1)) + len(pm.group(2) or "")
        relation = f"beside `{prev_key}:`"
    if have == want:
        return None
    below = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
    shown = [f"{above + 1:>5} | {lines[above]}", f"{i + 1:>5} | {' ' * want}{lines[i].lstrip()}   <- here"]
    if below is not None:
        shown.append(f"{below + 1:>5} | {lines[below]}")
    spaces = lambda n: f"{n} space{'s' if n != 1 else ''}"  # noqa: E731
    message = (f"`{key}:` is indented {spaces(have)}; to sit {relation} on line {above + 1} it needs {spaces(want)}")
    return message, f"indent it by {spaces(want)}, like this:\n" + "\n".join(shown), i


def quote_help(text: str, mark) -> str | None:
    """``title: Note: this`` (a value holding ": "): put the value in quotes."""
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return None
    m = _KEY_LINE.match(lines[mark.line])
    if m is None:
        return None
    value = lines[mark.line][m.end():].strip()
    if not value or value[0] in "\"'[{":
        return None
    return f"a value holding `: ` needs quotes: {m.group(1)}{m.group(2) or ''}{m.group(3)}: \"{value}\""
