"""Output formats: one registry, read by everything that lists them.

Each report format is one :class:`Renderer` record: how it renders a run,
which outcomes' cases it lists (the others are counted only, so a run builds
no more than the report needs), and whether it can only go to a file. ``casecheck run --format`` takes its choices from :data:`RENDERERS`,
and so do the benches: a new format is its function plus one record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from checker.model import FAIL, NOT_EVIDENCED, OUTCOMES


@dataclass(frozen=True)
class Renderer:
    name: str
    #: For ``--help``: what the format is for.
    description: str
    #: ``render(result, doc, *, rejects=None, cases_file=None, product=None)``: a RunResult and its
    #: document in, text or bytes out; ``rejects`` the rejects file to point to
    #: (the table), ``cases_file`` the full case list written beside it (HTML),
    #: ``product`` the framework's product a letter is written as.
    render: Callable
    #: The outcomes whose cases the document must list for this format.
    listed: tuple[str, ...]
    #: What it writes when that can only go to a file (``--out``), e.g.
    #: "a workbook"; None for text that may go to standard output.
    file_only: str | None = None
    #: ``write(result, doc, write_text)``: the same text, handed to
    #: ``write_text`` a piece at a time (a streamed document, never whole in
    #: memory: ``jsonout.StreamedCases``); None where only ``render`` is.
    write: Callable | None = None
    #: ``make(result, doc, path)``: the whole file written at ``path`` by
    #: another library (the sink's temporary file, renamed into place); for
    #: a file-only format streamed from the engine (Parquet).
    make: Callable | None = None

    @property
    def streamed(self) -> bool:
        """Whether the format is written as read from the engine (the run's
        cases are never all in memory)."""
        return self.write is not None or self.make is not None


def _table(result, doc, rejects=None, cases_file=None, product=None):
    from checker.report.terminal import terminal

    text = terminal(result, doc, rejects=rejects)
    if doc.get("history"):
        from checker.report.comparison import render_compare

        text += "\n" + render_compare(doc["history"], doc) + "\n"
    return text


def _json(result, doc, rejects=None, cases_file=None, product=None):
    from checker.report.jsonout import (
        dumps,  # byte-identical to json.dumps(indent=2), faster
    )

    return dumps(doc)


def _json_write(result, doc, write_text):
    from checker.report.jsonout import write

    write(doc, write_text, files=True)  # the sink and standard output take files (the cases DuckDB wrote)


def _csv_write(result, doc, write_text):
    from checker.report.outcome_rows import write_csv

    write_csv(result, doc, write_text)


def _parquet_make(result, doc, path):
    from checker.report.outcome_rows import make_parquet

    make_parquet(result, doc, path)


def _document(name: str) -> Callable:
    def render(result, doc, rejects=None, cases_file=None, product=None):
        from checker.report import documents

        return getattr(documents, name)(doc)

    return render


def _letter(result, doc, rejects=None, cases_file=None, product=None):
    from checker.report.letter import letter

    return letter(doc, product)


def _html(result, doc, rejects=None, cases_file=None, product=None):
    from checker.report import documents

    return documents.html(doc, cases_file)


#: Every report format, in the order ``--format`` lists them.
RENDERERS: dict[str, Renderer] = {r.name: r for r in (
    Renderer("table", "the terminal summary, worst rate first", _table, ()),
    Renderer("json", "the full result: counts, rates and every case with its reason", _json, OUTCOMES,
             write=_json_write),
    Renderer("markdown", "the report in Markdown", _document("markdown"), (FAIL, NOT_EVIDENCED)),
    Renderer("letter", "a draft letter in the framework's words, as one of its products (--product)", _letter,
             (FAIL, NOT_EVIDENCED)),
    Renderer("html", "one self-contained HTML file (a large council's case list written beside it)", _html,
             (FAIL, NOT_EVIDENCED)),
    Renderer("xlsx", "an Excel workbook (needs --out)", _document("xlsx"), (FAIL, NOT_EVIDENCED),
             file_only="a workbook"),
    Renderer("csv", "every record's outcome for every rule, with its child, team, worker and area",
             _document("outcomes_csv"), OUTCOMES, write=_csv_write),
    Renderer("parquet", "the CSV's rows as a Parquet file, for BI tools (needs --out)", _document("outcomes_parquet"),
             OUTCOMES, file_only="a Parquet file", make=_parquet_make),
)}


def listed(fmt: str, history: bool = False) -> tuple[str, ...]:
    """The outcomes whose cases a run must list for report ``fmt``; a run
    kept in a history lists every case (the history keeps the whole result)."""
    return OUTCOMES if history else RENDERERS[fmt].listed
