"""The compiled-pack cache: a loaded, validated, type-checked pack kept on disk.

Loading a pack (YAML, JSON Schema validation, parsing and type-checking every
rule) is most of a small run's start-up. The result, a :class:`Pack`, is
pickled into the user's cache folder (``$XDG_CACHE_HOME/casecheck``, else
``~/.cache/casecheck``; ``--cache-dir`` or ``CASECHECK_CACHE_DIR`` to choose
another; ``CASECHECK_NO_CACHE=1`` to switch it off) and used again only when
nothing it was made from has changed:

* the content (SHA-256) of every file the load read: the manifest, the packs
  it extends, every included and library rule file, the schema, the framework;
* the names in each folder of the pack and each folder those files (and its
  test files) are in: a rule file added where ``include: rules/*.yaml`` looks,
  or a test file added, is a miss;
* casecheck's version and its code and grammar (the size and modification
  time of every file of the package: a development checkout is never served a
  pack loaded by other code), the Python version, and the working folder (the
  pack shows paths relative to it);
* the installed ``holidays`` package (its distribution's name and version, and
  its ``__init__``'s size and time): the pack keeps a built calendar, whose
  bank holidays come from it.

So an entry is never stale, and deleting the folder (or any file in it) only
costs the next run its load. A cache that cannot be read or written is
ignored: it never stops a run.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from checker import __version__, yamlsource

FORMAT = 1  # bump when the entry layout changes
_CODE_ROOTS = (Path(__file__).resolve().parents[1],)  # the checker package (grammar and data live beside or inside it)


def cache_dir() -> Path | None:
    """The folder entries go in, or None when the cache is off."""
    if os.environ.get("CASECHECK_NO_CACHE", "").strip() not in ("", "0"):
        return None
    chosen = os.environ.get("CASECHECK_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "casecheck"


def _code_fingerprint() -> str:
    """casecheck's version, code, grammar and rule data as they are on disk."""
    h = hashlib.sha256(f"{FORMAT}|{__version__}|{sys.version}".encode())
    from checker.resources import data_dir

    roots = list(_CODE_ROOTS)
    grammar = data_dir("grammar")
    if grammar.is_dir() and not any(r in grammar.parents for r in roots):
        roots.append(grammar)
    h.update(_holidays_fingerprint().encode())
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".lark", ".json")):
                    st = os.stat(os.path.join(folder, name))
                    h.update(f"{folder}/{name}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _holidays_fingerprint() -> str:
    """The installed ``holidays`` package (a cached pack holds a calendar built with it): its
    distribution's folder name (which names the version) and its code's size and time, found
    without importing it (an import costs a small run's start-up)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("holidays")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "|holidays:none"
    pkg = Path(spec.origin).parent
    dists = [n for n in _listing(str(pkg.parent)) if n.lower().startswith("holidays-")]
    try:
        st = os.stat(spec.origin)
        stamp = f"{st.st_size}|{st.st_mtime_ns}"
    except OSError:
        stamp = "?"
    return f"|holidays:{spec.origin}|{stamp}|{','.join(dists)}"


def _listing(folder: str) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None


def _fresh(entry: dict) -> bool:
    return (all(_digest(p) == h for p, h in entry["files"])
            and all(_listing(d) == names for d, names in entry["folders"]))


def load_cached(manifest: Path, load: Callable[[], object]):
    """``load()``'s pack for the pack whose manifest is ``manifest``, from the
    cache when every input is unchanged; loaded (and stored) otherwise."""
    folder = cache_dir()
    if folder is None:
        return load()
    try:
        key = hashlib.sha256(f"{manifest.resolve()}|{os.getcwd()}|{_code_fingerprint()}".encode()).hexdigest()[:32]
    except OSError:
        return load()
    path = folder / f"pack-{key}.pickle"
    entry = _read(path)
    if entry is not None and _fresh(entry):
        _restore(entry.get("frameworks", {}))
        return entry["pack"]
    reads: list[tuple[str, str]] = []
    outer = yamlsource.reads
    yamlsource.reads = reads
    try:
        pack = load()
    finally:
        yamlsource.reads = outer
        if outer is not None:
            outer.extend(reads)
    files = sorted(set(reads))
    # where a glob (include, tests) could find a new file: the pack's folder and every folder in
    # it, and the folders of every file read and every test file
    watched = {os.path.dirname(p) for p, _ in files}
    watched |= {str(Path(t).resolve().parent) for t in getattr(pack, "test_files", ())}
    for i, (folder_, dirs, _) in enumerate(os.walk(manifest.resolve().parent)):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        watched.add(folder_)
        if i > 1000:  # not a pack folder: a rule file added somewhere in it is not noticed
            break
    folders = sorted(watched)
    # the frameworks the pack read, kept with it: a run's findings need the
    # pack's framework again (validated: jsonschema's import and the checks)
    from checker.packs.framework import loaded_frameworks

    read = {p for p, _ in files}
    frameworks = {p: fw for p, fw in loaded_frameworks().items() if p in read}
    _write(folder, path, {"files": files, "folders": [(d, _listing(d)) for d in folders], "pack": pack,
                          "frameworks": frameworks})
    return pack


def _restore(frameworks: dict) -> None:
    """The frameworks of a pack from the cache taken as loaded (their files'
    content was checked unchanged with the pack's other files)."""
    from checker.packs.framework import remember_framework

    for p, fw in frameworks.items():
        try:
            remember_framework(p, fw)
        except OSError:  # gone since the check: loaded (and its absence said) as without a cache
            pass


def _read(path: Path) -> dict | None:
    try:
        if not _private(path) or not _private(path.parent):
            return None
        with open(path, "rb") as f:
            entry = pickle.load(f)
        return entry if isinstance(entry, dict) and entry.get("format") == FORMAT else None
    except Exception:  # noqa: BLE001 - a missing, partial or foreign entry is a miss
        return None


def _private(path: Path) -> bool:
    """Only what this user's casecheck wrote is unpickled: an entry (and its
    folder) owned by this user and writable by no one else, as ssh asks of
    its keys. Anyone who could plant an entry there could as well change the
    user's own files, so unpickling it gives them nothing new."""
    st = path.stat()
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & 0o022


def _write(folder: Path, path: Path, entry: dict) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".pack-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump({**entry, "format": FORMAT}, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # atomic: a reader sees the old entry or the new one
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # noqa: BLE001 - a cache that cannot be written is no cache, not an error
        pass


def file_problems(path: Path, compute: Callable[[], list]) -> list:
    """``compute()``'s problems (diagnostics) with one file, kept by the file's
    content and casecheck's code: what ``lint`` finds in a pack's test files,
    which a second lint of an unchanged pack then does not parse again."""
    folder = cache_dir()
    if folder is None:
        return compute()
    try:
        data = Path(path).read_bytes()
        key = hashlib.sha256(data + f"|{path}|{os.getcwd()}|{_code_fingerprint()}".encode()).hexdigest()[:32]
    except OSError:
        return compute()
    entry_path = folder / f"file-{key}.pickle"
    entry = _read(entry_path)
    if entry is not None:
        return entry["problems"]
    problems = compute()
    _write(folder, entry_path, {"problems": problems})
    return problems
