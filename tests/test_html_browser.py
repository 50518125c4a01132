"""The HTML report in a real browser: headless Chromium loads the page from a
file, with no network, and we read back the DOM it built and a screenshot.

Needs Chromium at /usr/bin/chromium (Debian: `apt-get install chromium`) or
the browser named by CASECHECK_CHROMIUM; skipped without one. Set
CASECHECK_SCREENSHOT=/some/path.png to keep the screenshot for a look.
"""

from __future__ import annotations

import copy
import html as htmllib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("jinja2")

from checker.report import documents as reports

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "reports" / "result.json"
SCRIPT = "<script>alert(1)</script>"
# A payload that would leave a mark in the DOM if it ever ran.
MARKER = '<script>document.documentElement.setAttribute("data-pwned","yes")</script>'
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--enable-logging=stderr", "--v=0",
]


def chromium() -> str | None:
    """CASECHECK_CHROMIUM if set (e.g. a CI's Chrome), else Chromium on the PATH."""
    candidates = (os.environ.get("CASECHECK_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                  shutil.which("chromium-browser"))
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def run_chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    exe = chromium()
    if exe is None:
        pytest.skip("headless Chromium is not installed (/usr/bin/chromium); `apt-get install -y chromium` to run browser tests")
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    profile.mkdir()
    return subprocess.run(
        [exe, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=90, check=False,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The fixture report with hostile values in a case ID, a reason and a
    rule title, written to a file."""
    if chromium() is None:
        pytest.skip("headless Chromium is not installed (/usr/bin/chromium); `apt-get install -y chromium` to run browser tests")
    result = json.loads(FIXTURE.read_text(encoding="utf-8"))
    rule = next(r for r in result["rules"] if r["id"] == "ICPC-15WD")
    rule["cases"]["fail"][0]["id"] = SCRIPT
    rule["cases"]["fail"][1]["reason"] = MARKER
    rule["title"] = '<img src=x onerror="document.title=\'pwned\'">'
    tmp = tmp_path_factory.mktemp("browser")
    path = tmp / "report.html"
    path.write_text(reports.html(copy.deepcopy(result)), encoding="utf-8")
    return {"path": path, "tmp": tmp, "result": result}


@pytest.fixture(scope="module")
def dom(page):
    proc = run_chromium(page["tmp"], "--dump-dom", page["path"].as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {"html": proc.stdout, "stderr": proc.stderr}


def test_dom_has_the_report_headings(dom, page):
    html = dom["html"]
    assert re.search(r"<h1>Example council - practice self-audit</h1>", html)
    h2 = [htmllib.unescape(x) for x in re.findall(r"<h2 id=\"[^\"]+\">(.*?)</h2>", html)]
    assert h2 == ["Summary", *[a["title"] for a in page["result"]["areas"] if a["rules"]], "Data accounting"]
    assert len(re.findall(r"<h3 id=\"rule-[^\"]+-h\">", html)) == len(page["result"]["rules"])
    assert html.count("<details>") >= 14 and "<summary>Failing cases (4)</summary>" in html


def test_injected_markup_stays_text(dom):
    html = dom["html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html
    assert 'data-pwned="yes"' not in html  # the marker script never ran
    assert "<title>pwned</title>" not in html and "<img" not in html
    assert html.count("<script") == 1  # the page's own search/sort/filter script only (issue 20)


def test_no_console_errors(dom):
    assert "Uncaught" not in dom["stderr"], dom["stderr"][-2000:]
    assert not re.search(r"CONSOLE.*(Error|error)", dom["stderr"]), dom["stderr"][-2000:]


def test_the_marker_would_show_if_a_script_ran(page):
    """Control: the same payload, unescaped, does mark the DOM, so the check
    above would catch a script that ran."""
    raw = page["tmp"] / "control.html"
    raw.write_text(f"<!DOCTYPE html><html><body><p>x</p>{MARKER}</body></html>", encoding="utf-8")
    proc = run_chromium(page["tmp"], "--dump-dom", raw.as_uri())
    assert 'data-pwned="yes"' in proc.stdout


def test_screenshot(page):
    shot = page["tmp"] / "report.png"
    proc = run_chromium(page["tmp"], f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars",
                        page["path"].as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    keep = os.environ.get("CASECHECK_SCREENSHOT")
    if keep:
        shutil.copyfile(shot, keep)
