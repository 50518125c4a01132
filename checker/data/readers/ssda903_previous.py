"""The previous year's SSDA903 return of a generated council, consistent with this year's.

``casecheck generate --format ssda903 --with-previous`` writes it to ``<out>/previous``,
for the ``dfe-903`` rules that compare a return with the one before it (``casecheck run
dfe-903 --data OUT --previous OUT/previous``). It is the same council's return a year
earlier, cut from this year's as ``ssda903_write.write`` writes it (every period of care):
the episodes, reviews, missing periods and social worker episodes begun by the end of the
previous collection year, those that ended later open (no DEC, REC, MIS_END or SW_DEC), so
that this year's first episode continues last year's open one exactly. Both years' returns
then hold only what a real return does (``trim_to_year``): the episodes open in the year.

Then, so that the rules comparing the years have something to find, a few children's rows
disagree with this year's, at random for the seed (``PROBLEMS``): the sex, date of birth
or ethnicity recorded differently (DfE rules 202-204), last year's open episode begun on
another day or in another placement or legal status than this year's first (502, 562,
503B, 503D), a child looked after before this year missing from last year's episodes
(NoE), a UASC child missing from last year's UASC file (205D). ``planted.json`` beside the
files lists the children each problem was planted on.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import random
from pathlib import Path

#: problem -> (file, what is changed)
PROBLEMS = {
    "202": ("header.csv", "SEX recorded as the other sex"),
    "203": ("header.csv", "DOB a day later"),
    "204": ("header.csv", "ETHNIC another code"),
    "502": ("episodes.csv", "the open episode's DECOM a day earlier"),
    "503B": ("episodes.csv", "the open episode's LS another legal status"),
    "503D": ("episodes.csv", "the open episode's PLACE another placement"),
    "NoE": ("episodes.csv", "the child's episodes left out"),
    "205D": ("uasc.csv", "the child left out"),
}
SHARE = 0.03  # of the rows each problem may be planted on


def year_before(d: _dt.date) -> _dt.date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def write_previous(current: Path, out: Path, as_at: _dt.date, seed: int) -> dict[str, list[str]]:
    """Write to ``out`` the return for the collection year before ``as_at``'s, from ``current``,
    the council's return as ``ssda903_write.write`` wrote it (every period of care, before
    ``trim_to_year``): what had begun by the end of that year, cut there (an episode, missing
    period or social worker episode that ended later is open), with year-to-year problems
    planted; returns (and writes to planted.json) problem -> children."""
    end = year_before(as_at)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    # file -> (the column that must be on or before the end, the columns blanked when they are after it)
    cut = {"episodes.csv": ("DECOM", ("DEC", "REC")), "reviews.csv": ("REVIEW", ()),
           "missing.csv": ("MIS_START", ("MIS_END",)), "sw_episodes.csv": ("SW_DECOM", ("SW_DEC",))}
    for path in sorted(Path(current).glob("*.csv")):
        head, rows = _read(path)
        if path.name in cut:
            col = {c: i for i, c in enumerate(head)}
            begun, ended = cut[path.name]
            kept = []
            for r in rows:
                if (_date(r[col[begun]]) or end) > end:
                    continue
                if ended and (not r[col[ended[0]]] or (_date(r[col[ended[0]]]) or end) > end):
                    for c in ended:
                        r[col[c]] = ""
                kept.append(r)
            rows = kept
        _save(out / path.name, head, rows)
    trim_to_year(out, end)
    planted = _plant(out, seed, end)
    (out / "planted.json").write_text(json.dumps(planted, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return planted


def _date(text: str) -> _dt.date | None:
    try:
        d, m, y = (int(x) for x in text.split("/"))
        return _dt.date(y, m, d)
    except ValueError:
        return None


def trim_to_year(out: Path, as_at: _dt.date) -> None:
    """Keep in a written return only what a real return for the collection year ending
    ``as_at`` holds (``ssda903.write`` writes every period of care the council ever had):
    the episodes open at some time in the year, the Header, UASC and review rows of the
    children they belong to (and the Header rows of the care leavers in OC3), the reviews
    held in the year."""
    start = year_before(as_at) + _dt.timedelta(days=1)
    head, rows = _read(out / "episodes.csv")
    col = {c: i for i, c in enumerate(head)}
    kept = [r for r in rows if (_date(r[col["DECOM"]]) or as_at) <= as_at
            and (not r[col["DEC"]] or (_date(r[col["DEC"]]) or start) >= start)]
    _save(out / "episodes.csv", head, kept)
    children = {r[0] for r in kept}
    _, leavers = _read(out / "oc3.csv")
    head, rows = _read(out / "reviews.csv")
    col = {c: i for i, c in enumerate(head)}
    _save(out / "reviews.csv", head, [r for r in rows if r[0] in children and start <= (_date(r[col["REVIEW"]]) or start) <= as_at])
    children |= {r[0] for r in leavers}
    for name in ("header.csv", "uasc.csv", "oc2.csv", "missing.csv", "sw_episodes.csv"):
        if (out / name).exists():
            head, rows = _read(out / name)
            _save(out / name, head, [r for r in rows if r[0] in children])


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _save(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def _plant(out: Path, seed: int, end: _dt.date) -> dict[str, list[str]]:
    rng = random.Random(seed * 7919 + 903)
    planted: dict[str, list[str]] = {code: [] for code in PROBLEMS}

    head, rows = _read(out / "header.csv")
    col = {c: i for i, c in enumerate(head)}
    for r in rows:
        if rng.random() < SHARE and r[col["SEX"]] in ("M", "F"):
            r[col["SEX"]] = {"M": "F", "F": "M"}[r[col["SEX"]]]
            planted["202"].append(r[0])
        if rng.random() < SHARE and r[col["DOB"]]:
            dob = _date(r[col["DOB"]])
            assert dob is not None  # this file was written by casecheck: its dates are dd/mm/yyyy
            r[col["DOB"]] = (dob + _dt.timedelta(days=1)).strftime("%d/%m/%Y")
            planted["203"].append(r[0])
        if rng.random() < SHARE:
            r[col["ETHNIC"]] = "WOTH" if r[col["ETHNIC"]] != "WOTH" else "WBRI"
            planted["204"].append(r[0])
    _save(out / "header.csv", head, rows)

    head, rows = _read(out / "episodes.csv")
    col = {c: i for i, c in enumerate(head)}
    left_out = set()
    for r in rows:
        if r[0] in left_out:
            continue
        if not r[col["DEC"]]:  # open at the end of the year: this year's first episode continues it
            if rng.random() < SHARE:
                decom = _date(r[col["DECOM"]])
                assert decom is not None  # this file was written by casecheck: its dates are dd/mm/yyyy
                r[col["DECOM"]] = (decom - _dt.timedelta(days=1)).strftime("%d/%m/%Y")
                planted["502"].append(r[0])
            elif rng.random() < SHARE:
                r[col["LS"]] = "C1" if r[col["LS"]] != "C1" else "C2"
                planted["503B"].append(r[0])
            elif rng.random() < SHARE:
                r[col["PLACE"]] = "U2" if r[col["PLACE"]] != "U2" else "U3"
                planted["503D"].append(r[0])
            elif rng.random() < SHARE:
                left_out.add(r[0])
                planted["NoE"].append(r[0])
    _save(out / "episodes.csv", head, [r for r in rows if r[0] not in left_out])

    head, rows = _read(out / "uasc.csv")
    kept = []
    for r in rows:
        if rng.random() < SHARE * 3:
            planted["205D"].append(r[0])
        else:
            kept.append(r)
    _save(out / "uasc.csv", head, kept)
    return {k: sorted(set(v)) for k, v in planted.items()}
