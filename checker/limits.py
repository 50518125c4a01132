"""Resource limits and containment: one place for every bound casecheck puts
on what it reads (issue 19).

* **Bounded reads.** Nothing is read without a size limit: a file is
  checked to be a regular file before it is opened (a FIFO would block
  forever, ``/dev/zero`` never ends), and then read no further than the
  limit even if it grows meanwhile (:func:`read_bounded`).
* **Containment.** A path a pack names (its schema, framework, includes,
  tests) is resolved with every symbolic link followed and must land inside
  the pack folder (:func:`contained`); what lies outside is never opened,
  so it is never echoed.
* **Zip members.** An xlsx is a zip: each member's declared inflated size
  and its compression ratio are checked before anything is inflated
  (:func:`check_zip`), so a zip bomb or a 1.5 GB ``workbook.xml`` is an
  error naming the member, not minutes of reading.
* **Expressions** nest at most :data:`MAX_NESTING` deep, counted over every
  construct (``not``, unary minus, brackets, calls...), and a number in a
  pack has at most :data:`MAX_DIGITS` digits.

Every refusal is a :class:`~checker.errors.CasecheckError` naming the file
and the limit, never a traceback or a hang.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from checker.errors import CasecheckError, Diagnostic, Location

#: The most a key file, a sample CSV or any small side file may hold.
MAX_SMALL_FILE = 1 << 20  # 1 MB
#: Zip members: the most one may inflate to, and the highest ratio of
#: inflated to compressed size (real workbooks stay under about 30:1; a
#: sheet of identical rows reaches 100:1, a bomb 1000:1 and more).
MAX_ZIP_MEMBER = 512 << 20  # 512 MB
MAX_ZIP_TOTAL = 2 << 30  # 2 GB
MAX_ZIP_RATIO = 200
#: Below this a member's ratio is not checked (a tiny file compresses well).
ZIP_RATIO_FLOOR = 1 << 20
#: Expression nesting, counted over every construct.
MAX_NESTING = 100
#: Digits in a number written in a pack (a parameter, a literal).
MAX_DIGITS = 40  # more than any count, threshold or 128-bit value (39 digits) needs


def _error(message: str, path: str | Path | None, code: str, suggestion: str | None = None) -> CasecheckError:
    return CasecheckError(Diagnostic(message, Location(str(path)) if path is not None else Location(),
                                     code=code, suggestion=suggestion))


def kind_of(path: str | Path) -> str | None:
    """What is at ``path`` if it is not a regular file or a folder: ``a FIFO``,
    ``a device``, ``a socket``, ``a dangling symbolic link``; None otherwise
    (including nothing there at all)."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        return "a dangling symbolic link" if p.is_symlink() else None
    except OSError:
        return None
    mode = st.st_mode
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def refuse_special(path: str | Path, what: str = "input") -> None:
    """A FIFO, device, socket or dangling link named as a file is refused up
    front with a clear error (reading one would block or never end)."""
    kind = kind_of(path)
    if kind is not None:
        raise _error(f"{path} is {kind}, not a file: casecheck will not read it as {what}", path, "not-a-file",
                     "name a regular file")


def read_bounded(path: str | Path, limit: int = MAX_SMALL_FILE, what: str = "input") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else
    (a FIFO, a device such as /dev/zero, a folder, a bigger file) is an error."""
    refuse_special(path, what)
    p = Path(path)
    if p.is_dir():
        raise _error(f"{path} is a folder, not a file ({what})", path, "not-a-file")
    try:
        with open(p, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise _error(f"{path} is not a regular file: casecheck will not read it as {what}", path, "not-a-file")
            data = f.read(limit + 1)
    except OSError as exc:
        raise _error(f"cannot read {path}: {exc.strerror or exc}", path, "unreadable") from None
    if len(data) > limit:
        raise _error(f"{path} is larger than {_size(limit)}; casecheck will not read it as {what}", path, "too-big")
    return data


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:g} {unit}"
    return f"{n} bytes"


def contained(base: Path, ref: str, what: str, location: Location | None = None) -> Path:
    """``ref`` (a relative path a pack names) resolved inside the pack folder
    ``base``, every symbolic link followed: refused when it is absolute,
    climbs out with ``..``, or resolves (through a link) outside the folder.
    The error names only what the pack wrote, never what lies outside."""
    loc = location or Location(ref)
    text = ref.replace("\\", "/")
    if Path(text).is_absolute() or text.startswith("~") or ".." in Path(text).parts:
        raise CasecheckError(Diagnostic(
            f"{what} `{ref}` leaves the pack folder; a {what} path must stay inside it", loc, code="bad-path"))
    root = base.resolve()
    real = (root / text).resolve()
    if real != root and root not in real.parents:
        raise CasecheckError(Diagnostic(
            f"{what} `{ref}` resolves outside the pack folder (a symbolic link?); a {what} path must stay inside it",
            loc, code="bad-path"))
    return real


def check_zip(zf: zipfile.ZipFile, name: str | Path) -> None:
    """Refuse a zip whose members would inflate beyond the limits (declared
    sizes, before anything is inflated). A member that lies about its size
    is caught as it is read: :func:`open_member` stops at the declared size."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > MAX_ZIP_MEMBER:
            raise _error(f"{name}: member `{info.filename}` inflates to {_size(info.file_size)}, more than the "
                         f"{_size(MAX_ZIP_MEMBER)} casecheck reads (a zip bomb?)", name, "zip-bomb")
        if info.file_size > ZIP_RATIO_FLOOR and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise _error(f"{name}: member `{info.filename}` inflates {ratio:,.0f} times ({_size(info.compress_size)} "
                         f"to {_size(info.file_size)}), more than the {MAX_ZIP_RATIO}:1 casecheck accepts (a zip bomb?)",
                         name, "zip-bomb")
    if total > MAX_ZIP_TOTAL:
        raise _error(f"{name} inflates to {_size(total)} in all, more than the {_size(MAX_ZIP_TOTAL)} casecheck "
                     "reads (a zip bomb?)", name, "zip-bomb")


def check_digits(text: str, location: Location | None = None) -> None:
    """A number written with more than :data:`MAX_DIGITS` digits is refused
    (Python's int conversion of 10,000 digits is itself an error)."""
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_DIGITS:
        raise CasecheckError(Diagnostic(
            f"a number of {digits} digits is too long (at most {MAX_DIGITS})", location or Location(), code="too-long"))
