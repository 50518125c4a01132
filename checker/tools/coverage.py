"""Which rules of a pack an input format can judge (``casecheck coverage``).

Decided by the same code the run uses (``engine/availability``): the rule's
variant for the format or why the format cannot judge it
(:func:`for_format`), then what the input lacks before judging
(:func:`unavailable`), then judging every record and asking whether any was
decided (:func:`not_judged`). Without data of its own, coverage judges a
synthetic council (``tools/generate``, a fixed seed) written in the format, so
the answer is the format's, not one return's:

* **judged**: every record's outcome was decided from what the format carries;
* **judged in part**: some records turn on what the format lacks (not
  evidenced, out of the rate), the others are judged;
* **not run**: no record can be decided, with why.
"""

from __future__ import annotations

import datetime as _dt
import tempfile
from pathlib import Path

from checker.data.load import LoadResult, load_data
from checker.data.readers import writer
from checker.engine.availability import for_format, not_judged, unavailable
from checker.engine.outcomes import Outcomes, judge_all
from checker.model import Context
from checker.packs.pack import Pack
from checker.packs.runparams import lacking

JUDGED, IN_PART, NOT_RUN = "judged", "judged in part", "not run"
#: the formats coverage writes a synthetic council in, and the file it writes
FORMATS = {"csv": "csv", "annex-a": "annex_a.xlsx", "cin-xml": "census.xml", "ssda903": "ssda903", "ssd": "ssd"}
AS_AT = _dt.date(2025, 3, 31)
CHILDREN, SEED, PROFILE = 300, 14, "adequate"


def synthetic(schema, fmt: str, folder: Path, as_at: _dt.date = AS_AT):
    """A synthetic council written as ``fmt`` in ``folder``, read back."""
    from checker.tools.generate import generate

    tables = generate(CHILDREN, SEED, PROFILE, as_at).tables
    path = folder / FORMATS[fmt]
    writer(fmt)(tables, schema, path, as_at)
    return load_data(path, schema, fmt, as_at)


def coverage(pack: Pack, fmt: str, loaded=None, as_at: _dt.date = AS_AT) -> list[tuple[str, str, str, list[str]]]:
    """(rule id, title, status, why) for every rule of ``pack``, in pack order."""
    if loaded is None:
        with tempfile.TemporaryDirectory() as tmp:
            loaded = synthetic(pack.schema, fmt, Path(tmp), as_at)
    ctx = Context(loaded.dataset, pack.calendar, as_at, pack.params)
    out = []
    for rule in pack.rules:
        judged_as, why = for_format(rule, loaded.judged_as)
        why = why or lacking(judged_as, pack) or unavailable(judged_as, loaded, pack.schema, summary=judged_as is not rule)
        if why:
            out.append((rule.id, rule.title, NOT_RUN, why))
            continue
        outcomes = Outcomes.of_list(judge_all(judged_as, ctx))
        why = not_judged(outcomes)
        if why:
            out.append((rule.id, rule.title, NOT_RUN, why))
        elif outcomes.not_carried:
            lacks = sorted({o.reason.split(": ", 1)[-1] for o in outcomes.of("not_evidenced") if not o.carried})
            out.append((rule.id, rule.title, IN_PART, lacks))
        else:
            out.append((rule.id, rule.title, JUDGED, []))
    return out


def text(rows) -> str:
    width = max((len(r[0]) for r in rows), default=4)
    lines = []
    for rid, _title, status, why in rows:
        lines.append(f"{rid:<{width}}  {status:<14}  {'; '.join(why)}".rstrip())
    counts = {s: sum(1 for r in rows if r[2] == s) for s in (JUDGED, IN_PART, NOT_RUN)}
    lines.append(f"{counts[JUDGED]} judged, {counts[IN_PART]} judged in part, {counts[NOT_RUN]} not run, of {len(rows)}")
    return "\n".join(lines) + "\n"


def readme_table(packs: list[Pack]) -> str:
    """The README's table: for each built-in pack, judged + judged in part / rules, per format."""
    head = "| pack | " + " | ".join(("native CSV" if f == "csv" else f) for f in FORMATS) + " |"
    lines = [head, "| --- |" + " --- |" * len(FORMATS)]
    loads: dict[str, dict[str, LoadResult]] = {}  # format -> schema name -> the synthetic council
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            sub = Path(tmp) / fmt.replace("-", "_")
            sub.mkdir()
            loads[fmt] = {}
            for p in packs:
                key = p.schema.name
                if key not in loads[fmt]:
                    loads[fmt][key] = synthetic(p.schema, fmt, sub)
        for p in packs:
            cells = []
            for fmt in FORMATS:
                rows = coverage(p, fmt, loads[fmt][p.schema.name])
                judged = sum(1 for r in rows if r[2] == JUDGED)
                part = sum(1 for r in rows if r[2] == IN_PART)
                cells.append(f"{judged} + {part} in part of {len(rows)}")
            lines.append(f"| `{p.name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
