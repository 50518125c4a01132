"""The fuzzing harness of the hostile-input suite, shared by ``tests/hostile``
(a few hundred inputs per target, under the normal pytest run) and
``bench/fuzz.py`` (the same targets for as long as you like).

A *target* takes one mutated input and says what came of it: a result
(``ok``: a valid tree, a pack, loaded data), or a casecheck error with a
position (``error``: ``ExpressionSyntaxError``, ``CasecheckError``,
diagnostics), or for data ``rejected`` (rows rejected with reasons). Anything
else is a :class:`Crash`: another exception, an error without a position, a
broken round trip, unbalanced row accounting. Every input runs under
:func:`time_limit`, so a hang is a crash too (:class:`Hang`).

Mutations are lists of small operations (insert, delete, duplicate or swap a
span of characters or tokens, flip a byte, truncate, re-encode, splice in a
hostile snippet), drawn by hypothesis in the tests (so a failure shrinks to a
few operations) or by ``random`` in the bench script. The seeds are the real
packs' expressions and YAML files and files the generator writes.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import shutil
import signal
import threading
import zipfile
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
AS_AT_TEXT = "2025-03-31"

#: every input format, from the registry (a new format is fuzzed as soon as it is registered)
FORMATS = tuple(__import__("checker.data.readers", fromlist=["formats"]).formats())
_SUFFIX = {"xlsx": ".xlsx", "annex-a": ".xlsx", "cin-xml": ".xml"}


class Crash(Exception):
    """An outcome that is neither a result nor a casecheck error with a position."""


class Hang(BaseException):
    """No outcome within the time limit (a BaseException, so that no reader's broad
    ``except Exception`` swallows it)."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise :class:`Hang` in the block after ``seconds`` (SIGALRM: main thread, POSIX only;
    elsewhere the block runs unbounded)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):  # noqa: ARG001
        raise Hang(f"no outcome within {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- mutations ------------------------------------------------------------------------------

TEXT_KINDS = ("insert", "delete", "dup", "swap", "replace", "truncate",
              "tok-insert", "tok-delete", "tok-dup", "tok-swap")
BYTE_KINDS = ("flip", "insert", "delete", "dup", "swap", "truncate", "huge-cell", "wide-row",
              "re-encode", "zip-member")

TEXT_SNIPPETS = (
    "(", ")", "[", "]", '"', "'", "\\", ",", ".", " ", "\n", "\t", "\r", "\x00", "\x07", "\u2028", "\ufeff",
    "é", "😀", "{", "}", ":", "-", "#", "&", "*", "!", "%", "|", "?", "@", "=", "<", ">",
    "and", "or", "not", "in", "is missing", "is present", "between", "within", "after", "before",
    "some", "no", "every", "where", "satisfies", "for", "true", "false", "as_at", "first", "last", "by",
    "??", "==", "!=", "<=", ">=", "+", "/", "1", "0", "-1", "99999999999999999999999999999", "1.5", "1e9999",
    "2024-02-30", "2024-01-01", "2024-01-01T10:00", "0000-01-01", "3 working days", "4 weeks", "1 month",
    "count(", "len(", "min(", '__import__("os")', "eval(", "x.__class__", "__globals__", '"' + "a" * 300 + '"',
    "(" * 120, ")" * 120, "not " * 60, "- " * 60, "date", "child", "visits", "x", "a.b.c.d",
    # YAML
    "!!python/object/apply:os.system [\"true\"]", "!!python/name:os.system", "&a ", "*a", "<<: *a", "---", "...",
    "- ", "  ", ": ", "{{", "}}", "? ", "|", ">-", "%YAML 1.1\n", "!tag ", "[" * 80, "{a: " * 80, "\t- x",
    "include: [\"../../etc/*\"]", "schema: /etc/hostname", "extends: .", "library: [../x]", "rules: []",
)

BYTE_SNIPPETS = (
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xe9", b"\x80\x81", b'"', b",", b";", b"\n", b"\r\n", b"\r", b"\t",
    b'=HYPERLINK("http://127.0.0.1:9/x","click")', b"=cmd|' /C calc'!A0", b"+1+1", b"@SUM(A1)", b"-2+3",
    b"9" * 5000, b"{", b"}", b"[" * 5000, b"NaN", b"1e999999", b"2024-02-30", b"31/12/2024", b"45292",
    b"true", b"", b"null", b'{"child_id": ' + b"[" * 3000, b"<", b">", b"&", b"&amp;", b"&xxe;", b"&lol9;",
    b"<!DOCTYPE Message [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>",
    b"<!DOCTYPE Message SYSTEM \"http://127.0.0.1:9/evil.dtd\">",
    b"<!DOCTYPE Message [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
    b"<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
    b"<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
    b"<!ENTITY lol9 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">]>",
    b"<Child>" * 3000, b"</Child>", b"<Child></Child>", b"<![CDATA[", b"]]>", b"<?xml-stylesheet href='x'?>",
    b"<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/hostname\"/>",
    b"<LAchildID>", b"</LAchildID>", b"<PersonName>Zebedee Canary</PersonName>",
    b"PK\x03\x04", b"<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
    b"<c r=\"A2\" t=\"s\"><v>999999</v></c>", b"<c r=\"A2\" t=\"e\"><v>#REF!</v></c>",
    # issue 19: what the sink must stop, and look-alike IDs
    b"\x1b[2J\x1b[31m", b"\x1b]0;pwned\x07", b"\x9b31m", b"\x01=HYPERLINK(\"http://evil\")", b"\t=1+1", b"\r=1",
    "\u2028".encode(), "\u0085".encode(), "\u200b".encode(), "e\u0301".encode(), b"http://evil.example/x",
    b"www.evil.example", b"9999-12-31", b"1900-01-01", "\uff1d1".encode(),
)

_TOKEN = re.compile(r"\s+|\w+|\"(?:\\.|[^\"\\])*\"?|'(?:\\.|[^'\\])*'?|.", re.S)


def _span(n: int, a: int, b: int) -> tuple[int, int]:
    if n == 0:
        return 0, 0
    i = a % n
    return i, min(n, i + 1 + b % 16)


def _edit(seq, kind: str, a: int, b: int, piece):
    """One edit of a str, bytes or list ``seq``; ``piece`` is what an insert splices in."""
    n = len(seq)
    if kind == "insert":
        i = a % (n + 1)
        return seq[:i] + piece + seq[i:]
    if kind == "replace":
        i, j = _span(n, a, b)
        return seq[:i] + piece + seq[j:]
    if kind == "delete":
        i, j = _span(n, a, b)
        return seq[:i] + seq[j:]
    if kind == "dup":
        i, j = _span(n, a, b)
        return seq[:j] + seq[i:j] + seq[j:]
    if kind == "swap":
        i, j = _span(n, a, 0)
        k, m = _span(n, b, a)
        if k < i:
            i, j, k, m = k, m, i, j
        if j > k:  # overlapping: nothing to swap
            return seq
        return seq[:i] + seq[k:m] + seq[j:k] + seq[i:j] + seq[m:]
    if kind == "truncate":
        return seq[: a % (n + 1)]
    raise ValueError(kind)


def mutate_text(text: str, ops) -> str:
    """Apply ``ops`` ((kind, a, b, snippet index) each) to ``text``."""
    for kind, a, b, k in ops:
        snippet = TEXT_SNIPPETS[k % len(TEXT_SNIPPETS)]
        if kind.startswith("tok-"):
            toks = _TOKEN.findall(text)
            toks = _edit(toks, kind[4:], a, b, [snippet] if kind == "tok-insert" else [])
            text = "".join(toks)
        else:
            text = _edit(text, kind, a, b, snippet)
    return text


def mutate_bytes(data: bytes, ops, *, zip_members: bool = False) -> bytes:
    """Apply ``ops`` to ``data``. With ``zip_members`` (an .xlsx) and a ``zip-member`` op
    first, the rest mutate one member of the zip package, which is then written again."""
    if zip_members and ops and ops[0][0] == "zip-member":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                members = [(i, z.read(i)) for i in z.infolist()]
        except (zipfile.BadZipFile, OSError, EOFError):
            members = None
        if members:
            which = ops[0][1] % len(members)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
                for i, (info, body) in enumerate(members):
                    z.writestr(info.filename, mutate_bytes(body, ops[1:]) if i == which else body)
            return out.getvalue()
    for kind, a, b, k in ops:
        snippet = BYTE_SNIPPETS[k % len(BYTE_SNIPPETS)]
        n = len(data)
        if kind == "flip":
            if n:
                i = a % n
                data = data[:i] + bytes([data[i] ^ (1 + b % 255)]) + data[i + 1:]
        elif kind == "huge-cell":  # a cell of a fifth of a megabyte
            i = a % (n + 1)
            data = data[:i] + b"A" * 200_000 + data[i:]
        elif kind == "wide-row":  # a row with up to a million cells
            i = data.find(b"\n", a % (n + 1))
            i = n if i < 0 else i
            data = data[:i] + b",x" * (1000 + b % 1_000_000) + data[i:]
        elif kind == "re-encode":
            text = data.decode("utf-8", errors="replace")
            data = text.encode(("utf-16", "utf-16-be", "latin-1", "utf-8-sig", "cp1252", "utf-32")[b % 6], errors="replace")
        elif kind == "zip-member":
            continue
        else:
            data = _edit(data, kind, a, b, snippet)
    return data


def op_strategy(kinds, max_ops: int = 6):
    """Hypothesis: a list of mutation operations."""
    from hypothesis import strategies as st

    op = st.tuples(st.sampled_from(kinds), st.integers(0, 1 << 20), st.integers(0, 1 << 20), st.integers(0, 1 << 10))
    return st.lists(op, min_size=1, max_size=max_ops)


def random_ops(rng, kinds, max_ops: int = 6) -> list[tuple]:
    """The same, from a ``random.Random``."""
    return [
        (rng.choice(kinds), rng.randrange(1 << 20), rng.randrange(1 << 20), rng.randrange(1 << 10))
        for _ in range(rng.randint(1, max_ops))
    ]


# -- seeds ----------------------------------------------------------------------------------

_HOLE = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")


@functools.lru_cache(maxsize=1)
def packs():
    """The built-in `ilacs` pack (the whole library) and the example pack: (schema, parameter types)."""
    from checker.packs.pack import load_pack

    return {name: load_pack(ref) for name, ref in (("lib", "ilacs"), ("example", ROOT / "examples" / "pack"))}


def rule_files() -> list[tuple[str, Path]]:
    lib = sorted((ROOT / "rules" / "lib").glob("*.yaml"))
    example = sorted((ROOT / "examples" / "pack" / "rules").glob("*.yaml"))
    return [("lib", p) for p in lib] + [("example", p) for p in example]


@functools.lru_cache(maxsize=1)
def expression_seeds() -> tuple[tuple[str, str, str, bool], ...]:
    """Every expression of the real packs: (pack, subject, text, is a condition)."""
    from checker.yamlsource import load_yaml

    out = []
    for pack, path in rule_files():
        for rule in load_yaml(path).data["rules"]:
            for key in ("expect", "when"):
                if key in rule:
                    out.append((pack, rule["subject"], rule[key], True))
            for text in (rule.get("reasons") or {}).values():
                out.extend((pack, rule["subject"], m.group(1), False) for m in _HOLE.finditer(text))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def pack_file_seeds() -> tuple[tuple[str, str, str], ...]:
    """Whole YAML files: (role, name, text); role `manifest` (a pack.yaml) or `rules`."""
    out = [("manifest", "examples/pack/pack.yaml", (ROOT / "examples" / "pack" / "pack.yaml").read_text(encoding="utf-8"))]
    out += [("manifest", f"rules/{p}/pack.yaml", (ROOT / "rules" / p / "pack.yaml").read_text(encoding="utf-8"))
            for p in ("ilacs", "cra-2010")]
    out += [("rules", str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for _, p in rule_files()]
    return tuple(out)


def generate_seed_data(dest: Path, children: int = 6, seed: int = 11) -> dict[str, Path]:
    """A small fictional council in every input format, written by `casecheck generate`."""
    from click.testing import CliRunner

    from checker.cli import cli

    dest.mkdir(parents=True, exist_ok=True)
    out = {}
    for fmt in FORMATS:
        target = dest / f"council-{fmt}{_SUFFIX.get(fmt, '')}"
        if not target.exists():
            res = CliRunner().invoke(cli, ["generate", "--children", str(children), "--seed", str(seed),
                                           "--format", fmt, "--out", str(target)])
            assert res.exit_code == 0, res.output
        for extra in ([target / "truth.json"] if target.is_dir() else []) + [target.parent / f"{target.stem}.truth.json"]:
            extra.unlink(missing_ok=True)
        out[fmt] = target
    return out


def data_files(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]


# -- targets --------------------------------------------------------------------------------


def check_expression(pack: str, subject: str, text: str, condition: bool = True) -> str:
    """Parse and type-check one expression: ``ok`` (a tree that type-checks), ``error``
    (a syntax or type error at a place in the text); :class:`Crash` otherwise."""
    from checker import typesys as T
    from checker.errors import Location
    from checker.language.parser import ExpressionSyntaxError, parse_expression
    from checker.language.printer import pretty
    from checker.language.typecheck import Checker

    try:
        tree = parse_expression(text)
    except ExpressionSyntaxError as exc:
        span = exc.span
        if not exc.message or span is None or not (0 <= span.start <= span.end <= len(text) + 1):
            raise Crash(f"syntax error without a place in the text: {exc.message!r} at {span}") from exc
        return "error"
    except Crash:
        raise
    except Exception as exc:  # noqa: BLE001 - the point: any other exception is a crash
        raise Crash(f"parse raised {type(exc).__name__}: {exc}") from exc
    try:
        printed = pretty(tree)
        again = parse_expression(printed)
    except Exception as exc:  # noqa: BLE001
        raise Crash(f"pretty-printed tree does not parse: {type(exc).__name__}: {exc}") from exc
    if again != tree:
        raise Crash(f"round trip changed the tree: {text!r} -> {printed!r}")
    p = packs()[pack]
    unplaced = []

    def locate(span):
        if span is None:
            unplaced.append(True)
            return Location("<expression>")
        return Location("<expression>", 1, span.start + 1)

    try:
        checker = Checker(p.schema, subject, p.param_types, locate)
        checker.check(tree, T.BOOLEAN if condition else None)
    except Exception as exc:  # noqa: BLE001
        raise Crash(f"type checker raised {type(exc).__name__}: {exc}") from exc
    if checker.diagnostics:
        if unplaced:
            raise Crash(f"type error without a place in the text: {checker.diagnostics[0].message}")
        return "error"
    return "ok"


@contextlib.contextmanager
def fast_pack_loading():
    """Load packs without re-reading, each time, what a mutated pack cannot change (the
    built-in schema and the seed findings); the pack's own files are read as ever."""
    import checker.packs.pack as pack_module

    real_schema = pack_module.load_schema
    schemas: dict = {}

    def load_schema(path):
        key = str(Path(path).resolve())
        if key.startswith(str(ROOT / "rules" / "schemas")):
            if key not in schemas:
                schemas[key] = real_schema(path)
            return schemas[key]
        return real_schema(path)

    with mock.patch.object(pack_module, "load_schema", load_schema), \
            mock.patch.object(pack_module, "manual_items", functools.lru_cache(maxsize=None)(pack_module.manual_items)):
        yield


def check_pack_file(role: str, text: str, workdir: Path) -> str:
    """Load a pack in which one YAML file is ``text``: ``ok`` or ``error`` (a CasecheckError
    whose every diagnostic has a place); :class:`Crash` otherwise. Call inside
    :func:`fast_pack_loading` for speed."""
    from checker.errors import CasecheckError
    from checker.packs.pack import load_pack

    folder = workdir / "pack"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "rules").mkdir(parents=True)
    manifest = (ROOT / "examples" / "pack" / "pack.yaml").read_text(encoding="utf-8")
    if role == "manifest":
        for p in (ROOT / "examples" / "pack" / "rules").glob("*.yaml"):
            shutil.copy(p, folder / "rules" / p.name)
        manifest = text
    else:
        (folder / "rules" / "target.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
        manifest = manifest.replace("  - rules/*.yaml", "  - rules/target.yaml")
    (folder / "pack.yaml").write_bytes(manifest.encode("utf-8", "surrogatepass"))
    try:
        load_pack(folder)
    except CasecheckError as exc:
        if not exc.diagnostics:
            raise Crash("CasecheckError with no diagnostics") from exc
        for d in exc.diagnostics:
            if not (d.location.file or d.location.line):
                raise Crash(f"pack error without a place: {d.message}") from exc
            d.render()  # rendering (with the source line) must not fail either
        return "error"
    except Crash:
        raise
    except Exception as exc:  # noqa: BLE001
        raise Crash(f"load_pack raised {type(exc).__name__}: {exc}") from exc
    return "ok"


def mutate_data(src: Path, dst: Path, ops, pick: int) -> Path:
    """A copy of generated data ``src`` at ``dst`` with one of its files mutated."""
    if dst.is_dir():
        shutil.rmtree(dst)
    elif dst.exists():
        dst.unlink()
    if src.is_dir():
        shutil.copytree(src, dst)
    else:
        shutil.copy(src, dst)
    files = data_files(dst)
    target = files[pick % len(files)]
    target.write_bytes(mutate_bytes(target.read_bytes(), ops, zip_members=target.suffix == ".xlsx"))
    return dst


def check_data(path: Path, fmt: str | None, schema) -> str:
    """Read (possibly broken) case data: ``ok``, ``rejected`` (rows rejected, each with a
    reason) or ``error`` (a casecheck error); :class:`Crash` otherwise, or if the accounting
    rows read = evaluated + excluded + rejected does not hold for every table."""
    import datetime as dt

    from checker.data.load import load_data
    from checker.errors import CasecheckError

    try:
        loaded = load_data(path, schema, fmt, dt.date.fromisoformat(AS_AT_TEXT))
    except CasecheckError:
        return "error"
    except Crash:
        raise
    except Exception as exc:  # noqa: BLE001
        raise Crash(f"load_data raised {type(exc).__name__}: {exc}") from exc
    for acc in loaded.accounts.values():
        if not acc.balanced():
            raise Crash(f"accounting broken for {acc.table}: {acc.to_dict()}")
    for rej in loaded.rejections:
        if not rej.reason or not rej.message:
            raise Crash(f"a rejection without a reason: {rej}")
    for d in loaded.diagnostics.items:
        d.render()
    if loaded.diagnostics.errors:
        return "error"
    return "rejected" if loaded.rejections else "ok"


def invoke(args: list[str]):
    """Run the CLI in-process as the `casecheck` command does (``checker.cli.main``: a
    CasecheckError a command did not catch is rendered, exit 2). Returns
    (exit code, stdout, stderr, the exception that escaped or None)."""
    from click.testing import CliRunner

    from checker.cli import cli
    from checker.errors import CasecheckError

    res = CliRunner().invoke(cli, args)
    exc = res.exception
    if isinstance(exc, CasecheckError):
        return 2, res.stdout, res.stderr + "\n".join(d.render() for d in exc.diagnostics), None
    if isinstance(exc, SystemExit):
        exc = None
    return res.exit_code, res.stdout, res.stderr, exc


def check_cli(args: list[str]) -> str:
    """Run the CLI in-process: exit 0, 1 or 2 with no exception escaping, and for exit 2 a
    message on standard error."""
    code, _out, stderr, exc = invoke(args)
    if exc is not None:
        raise Crash(f"casecheck {' '.join(args)} raised {type(exc).__name__}: {exc}") from exc
    if code not in (0, 1, 2):
        raise Crash(f"casecheck {' '.join(args)} exited {code}")
    if "Traceback" in stderr:
        raise Crash(f"casecheck {' '.join(args)} printed a traceback")
    if code == 2 and not stderr.strip():
        raise Crash(f"casecheck {' '.join(args)} exited 2 without a message")
    return {0: "ok", 1: "findings", 2: "error"}[code]


KEY = "a-long-enough-redaction-key-0123"


def check_outputs(data: Path, workdir: Path) -> str:
    """Every output path of `casecheck run` over (possibly hostile) data, through the sink:
    the report in each format and rejects.csv, redacted, then `sample` and `template`. Beyond
    :func:`check_cli`: no terminal escape on standard output or error, no live formula in a
    workbook, every rejects.csv and sample cell neutral, and no case ID of the data (as the
    unredacted JSON names them) in a redacted output. The outcome of the plain run."""
    import csv
    import io
    import json
    import zipfile

    from checker.report.sink import neutral_cell

    workdir.mkdir(parents=True, exist_ok=True)
    key = workdir / "key"
    key.write_text(KEY)
    pack = str(ROOT / "examples" / "pack")
    base = ["run", pack, "--data", str(data), "--as-at", AS_AT_TEXT, "--skip-unavailable", "--fail-on", "none"]
    code, out, err, exc = invoke(base + ["--format", "json", "--rejects", str(workdir / "plain-rejects.csv")])
    if exc is not None:
        raise Crash(f"run raised {type(exc).__name__}: {exc}") from exc
    if code == 2:
        return "error"
    doc = json.loads(out)
    ids = {c if isinstance(c, str) else c.get("id") for r in doc["rules"] for cases in (r.get("cases") or {}).values()
           for c in cases}
    ids = {i for i in ids if i and len(i) >= 4}
    texts = []
    for fmt in ("json", "markdown", "letter", "html", "csv", "xlsx", "table"):
        target = workdir / f"out.{fmt}"
        args = base + ["--format", fmt, "--redact", str(key), "--rejects", str(workdir / "rejects.csv")]
        if fmt != "table":
            args += ["--out", str(target)]
        code, out, err, exc = invoke(args)
        if exc is not None or code not in (0, 1):
            raise Crash(f"run --format {fmt} --redact: exit {code}, {type(exc).__name__ if exc else ''} {err[-300:]}")
        for stream in (out, err):
            if "\x1b" in stream or "\x9b" in stream:
                raise Crash(f"run --format {fmt}: a terminal escape reached the terminal")
        if fmt == "xlsx":
            with zipfile.ZipFile(target) as z:
                parts = [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")]
            if any("<f>" in x for x in parts):
                raise Crash("a live formula in the xlsx report")
            texts += parts
        elif fmt != "table":
            texts.append(target.read_text(encoding="utf-8"))
        texts += [out, err]
        rejects = (workdir / "rejects.csv").read_text(encoding="utf-8")
        texts.append(rejects)
        for row in csv.reader(io.StringIO(rejects)):
            if any(neutral_cell(c) != c for c in row):
                raise Crash(f"a rejects.csv cell a spreadsheet would run: {row}")
    token = re.compile(r"[A-Za-z0-9_/|-]+")
    leaked = {i for i in ids if any(i in t for t in texts)
              and any(i in token.findall(t) or f"`{i}`" in t or f'"{i}"' in t for t in texts)}
    if leaked:
        raise Crash(f"case IDs in a redacted output: {sorted(leaked)[:3]}")
    sample = workdir / "sample.csv"
    code, out, err, exc = invoke(["sample", "--data", str(data), "--as-at", AS_AT_TEXT, "--seed", "1",
                                  "--population", "all", "--stratify", "none", "--out", str(sample)])
    if exc is not None:
        raise Crash(f"sample raised {type(exc).__name__}: {exc}") from exc
    if code == 0:
        for row in csv.reader(io.StringIO(sample.read_text(encoding="utf-8"))):
            if any(neutral_cell(c) != c for c in row):
                raise Crash(f"a sample cell a spreadsheet would run: {row}")
        book = workdir / "audit.xlsx"
        code, out, err, exc = invoke(["template", pack, "--sample", str(sample), "--as-at", AS_AT_TEXT, "--out", str(book)])
        if exc is not None:
            raise Crash(f"template raised {type(exc).__name__}: {exc}") from exc
        if code == 0:
            with zipfile.ZipFile(book) as z:
                if any("<f>" in z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")):
                    raise Crash("a live formula in the audit template")
    return "ok"


def check_pattern(pattern: str, texts: list[str]) -> str:
    """A `matches` pattern: ``refused`` (not a pattern casecheck runs), or ``ok`` when its
    verdict on every text is Python's re.fullmatch's; :class:`Crash` otherwise."""
    from checker.language.pattern import compile_safe

    try:
        mine = compile_safe(pattern)
    except re.error:
        return "refused"
    except Exception as exc:  # noqa: BLE001
        raise Crash(f"compile_safe({pattern!r}) raised {type(exc).__name__}: {exc}") from exc
    for text in texts:
        if bool(mine.fullmatch(text)) != bool(re.fullmatch(pattern, text)):
            raise Crash(f"{pattern!r} on {text!r}: {bool(mine.fullmatch(text))}, re says {not mine.fullmatch(text)}")
    return "ok"
