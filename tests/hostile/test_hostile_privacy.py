"""Privacy (issue 7): reports carry case IDs only, and casecheck makes no network
connection.

* Input with extra columns holding names, addresses and postcodes (CSV, JSON lines,
  Excel, and a CIN census with a name element): no report in any format (table, json,
  markdown, letter, html, xlsx, csv, rejects.csv) carries them; the run says which
  columns were ignored (the summary line, the JSON accounting and the warnings).
* No network: the whole command-line pipeline (run with every --format, convert,
  generate in every format, lint, test, explain, sample, template) in a process whose
  socket creation and name lookups fail and are recorded by an audit hook; and, where
  `unshare -n` works, again in a network namespace with no interfaces but loopback.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import hostile_fuzz as H
import pytest

PACK = str(H.ROOT / "examples" / "pack")
NAME, ADDRESS, POSTCODE = "Zebedee Canaryname", "12 Canary Wharf Lane", "ZZ9 9ZZ"
PII = (NAME, ADDRESS, POSTCODE, "Canary")
REPORTS = ("table", "json", "markdown", "letter", "html", "xlsx", "csv")


def _with_pii(seed_data, tmp_path, fmt) -> Path:
    src = seed_data[fmt]
    if fmt in ("csv", "jsonl"):
        folder = tmp_path / fmt
        shutil.copytree(src, folder)
        if fmt == "csv":
            path = folder / "children.csv"
            rows = list(csv.reader(io.StringIO(path.read_text())))
            rows[0] += ["name", "address", "postcode"]
            for i, row in enumerate(rows[1:]):
                row += [f"{NAME} {i}", ADDRESS, POSTCODE]
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(rows)
            path.write_text(out.getvalue())
        else:
            path = folder / "children.jsonl"
            lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
            path.write_text("".join(json.dumps({**o, "name": NAME, "address": ADDRESS, "postcode": POSTCODE}) + "\n" for o in lines))
        return folder
    if fmt == "xlsx":
        from openpyxl import load_workbook

        path = tmp_path / "book.xlsx"
        wb = load_workbook(src)
        ws = wb["children"]
        col = ws.max_column
        for j, head in enumerate(("name", "address", "postcode"), start=1):
            ws.cell(row=1, column=col + j).value = head
            for r in range(2, ws.max_row + 1):
                ws.cell(row=r, column=col + j).value = (NAME, ADDRESS, POSTCODE)[j - 1]
        wb.save(path)
        return path
    assert fmt == "cin-xml"
    path = tmp_path / "census.xml"
    path.write_text(src.read_text().replace(
        "</LAchildID>", f"</LAchildID><PersonName>{NAME}</PersonName><Address>{ADDRESS} {POSTCODE}</Address>"))
    return path


def _texts(out: Path) -> str:
    if out.suffix == ".xlsx":
        with zipfile.ZipFile(out) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx", "cin-xml"])
def test_names_and_addresses_in_the_input_reach_no_report(seed_data, tmp_path, fmt):
    data = _with_pii(seed_data, tmp_path, fmt)
    for report in REPORTS if fmt == "csv" else ("json", "html", "csv"):
        out = tmp_path / f"report-{report}.{ {'markdown': 'md', 'letter': 'md', 'table': 'txt'}.get(report, report) }"
        code, stdout, stderr, exc = H.invoke(["run", PACK, "--data", str(data), "--as-at", H.AS_AT_TEXT, "--format", report,
                                              "--out", str(out), "--skip-unavailable", "--fail-on", "none"])
        assert exc is None and code == 0, stderr
        rejects = tmp_path / "rejects.csv"  # written only when a row was rejected
        text = _texts(out) + stdout + (rejects.read_text() if rejects.exists() else "")
        for secret in PII:
            assert secret not in text, (fmt, report, secret)
        if report in ("json", "csv"):
            assert "C00000" in text  # case IDs are what reports carry
        if report == "table":
            assert "input columns ignored" in text
        if report == "json":
            doc = json.loads(out.read_text())
            ignored = doc["accounting"]["children"]["ignored_columns"]
            assert ignored, doc["accounting"]["children"]
            if fmt != "cin-xml":
                assert set(ignored) == {"name", "address", "postcode"}
                assert {"name", "address", "postcode"} <= {w["message"].split("`")[1] for w in doc["warnings"]
                                                          if w["code"] == "unknown-column"}


def test_the_summary_says_which_columns_were_ignored(seed_data, tmp_path):
    """Found by this suite: JSON lines inputs listed no ignored columns (the reader finds
    them while reading, after the loader had looked)."""
    data = _with_pii(seed_data, tmp_path, "jsonl")
    code, stdout, _, _ = H.invoke(["run", PACK, "--data", str(data), "--as-at", H.AS_AT_TEXT, "--fail-on", "none"])
    assert code == 0
    (line,) = [line for line in stdout.splitlines() if line.startswith("input columns ignored")]
    assert line.endswith("children: address, name, postcode")


# -- no network ---------------------------------------------------------------------------------

_DRIVER = r'''
import json, socket, sys
calls = []

def hook(event, args):
    if event.startswith(("socket.", "urllib.")) or event in ("http.client.connect", "ftplib.connect", "smtplib.connect"):
        calls.append(event)
        raise OSError(f"casecheck tried the network: {event}")

sys.addaudithook(hook)

def refuse(*a, **k):
    calls.append("socket()")
    raise OSError("casecheck tried to make a socket")

class RefusedSocket(socket.socket):  # a class still, so that modules may subclass it
    def __init__(self, *a, **k):
        refuse()

socket.socket = RefusedSocket
socket.create_connection = refuse
socket.getaddrinfo = refuse

from click.testing import CliRunner
from checker.cli import cli
from checker.errors import CasecheckError

results = []
for args in json.loads(sys.argv[1]):
    res = CliRunner().invoke(cli, args)
    exc = res.exception
    ok = exc is None or isinstance(exc, (SystemExit, CasecheckError))
    results.append([args[0], res.exit_code, ok, repr(exc)[:300] if not ok else None])
print(json.dumps({"calls": calls, "results": results}))
'''


def _pipeline(seed_data, tmp_path) -> list[list[str]]:
    csv_data = str(seed_data["csv"])
    cmds = [["lint", PACK]]
    for report in REPORTS:
        cmds.append(["run", PACK, "--data", csv_data, "--as-at", H.AS_AT_TEXT, "--format", report,
                     "--out", str(tmp_path / f"r-{report}.out"), "--history", str(tmp_path / "history.db")])
    for fmt in H.FORMATS:
        cmds.append(["generate", "--children", "4", "--seed", "3", "--format", fmt,
                     "--out", str(tmp_path / f"gen-{fmt}{'.xlsx' if fmt in ('xlsx', 'annex-a') else '.xml' if fmt == 'cin-xml' else ''}")])
        if fmt != "ssda903-xml":  # read for the ssda903 schema only: convert (csc) says so and exits 2
            cmds.append(["convert", str(seed_data[fmt]), "--out", str(tmp_path / f"conv-{fmt}"), "--as-at", H.AS_AT_TEXT])
    first = (seed_data["csv"] / "assessments.csv").read_text().splitlines()[1].split(",")[0]
    cmds.append(["explain", PACK, "EX-ASSESS-45WD", first, "--data", csv_data, "--as-at", H.AS_AT_TEXT])
    cmds.append(["sample", "--data", csv_data, "--as-at", H.AS_AT_TEXT, "--size", "3", "--seed", "1",
                 "--out", str(tmp_path / "sample.csv")])
    cmds.append(["template", "ilacs", "--sample", str(tmp_path / "sample.csv"), "--as-at", H.AS_AT_TEXT,
                 "--out", str(tmp_path / "audit.xlsx")])
    cmds.append(["history", str(tmp_path / "history.db")])
    return cmds


def _check(proc, cmds):
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["calls"] == [], report["calls"]
    assert len(report["results"]) == len(cmds)
    for name, code, ok, exc in report["results"]:
        assert ok and code in (0, 1), (name, code, exc)


def test_the_whole_pipeline_makes_no_network_connection(seed_data, tmp_path):
    cmds = _pipeline(seed_data, tmp_path)
    proc = subprocess.run([sys.executable, "-c", _DRIVER, json.dumps(cmds)], capture_output=True, text=True,
                          timeout=600, cwd=tmp_path)
    _check(proc, cmds)


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not _unshare_works(), reason="no network namespaces here (unshare -rn)")
def test_the_pipeline_runs_in_a_network_namespace(seed_data, tmp_path):
    cmds = [c for c in _pipeline(seed_data, tmp_path) if c[0] in ("run", "convert")][:3]
    proc = subprocess.run(["unshare", "-rn", sys.executable, "-c", _DRIVER, json.dumps(cmds)], capture_output=True,
                          text=True, timeout=600, cwd=tmp_path)
    _check(proc, cmds)
