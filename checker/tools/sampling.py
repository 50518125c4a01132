"""The monthly case-audit sample: a reproducible, stratified draw of children.

Councils' quality-assurance frameworks audit a sample of case files every
month. ``draw_sample`` draws it from loaded case data:

- **Population.** ``population="open"`` (the default) is every child with a
  case open at ``as_at``: a ``case_allocations`` record with
  ``start_date <= as_at`` and no ``end_date``, or an ``end_date`` after
  ``as_at`` (an allocation that ends on ``as_at`` is closed by then: the
  chain of allocations a case system exports, one ending the day the next
  starts, then counts once). Without ``as_at``, open means no ``end_date``.
  Data with no allocations at all (an Ofsted Annex A workbook) takes a
  case as open while the child has an open CIN plan, child protection plan
  or period of care (``OPEN_CASE_TABLES``), with a note saying so.
  ``population="all"`` is every child in the ``children`` table, open case
  or not. When the data has a ``children`` table, allocations of a child it
  does not have are not sampled (the loader reports them as orphans).
- **The child's allocation.** A child's team (and any other allocation
  field used to stratify) is read from their open allocation; with more
  than one open, the one that started last (then the greatest
  ``allocation_id``). In the ``all`` population a child with no open case
  takes the team of their most recent allocation, if any.
- **Strata.** ``stratify="team"`` (the default) groups children by that
  team; any other ``case_allocations`` field may be named; ``None`` (or
  ``"none"``) draws from the whole population at once. A child with no
  value is in the stratum ``(none)``.
- **Allocation to strata** is proportional, rounded by largest remainder
  (Hamilton): each stratum gets the whole part of ``size * N_h / N``, and
  the seats left go to the largest fractional parts (ties: the larger
  stratum, then the stratum's name). Every stratum's count is within one of
  its exact proportional share, and the counts add up to ``size``.
- **Selection** within each stratum is simple random sampling without
  replacement by ``random.Random(seed)``, over the stratum's child IDs in
  sorted order, strata taken in sorted order: the same data and seed give
  the same sample on any machine, whatever order the data was in.
- A ``size`` at least the population takes every child, with a note.

Rows are ``{audit_id, child_id, team, stratum}``, ordered by stratum then
child ID and numbered ``AUD-<seed>-001``... in that order.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

from checker.report.sink import neutral_cell, un_neutral
from checker.schema import DataSchema
from checker.suggest import did_you_mean

POPULATIONS = ("open", "all")
#: Where open cases are found when the data has no case allocations (Annex A's
#: lists of children in need, on child protection plans and in care).
OPEN_CASE_TABLES = ("cin_plans", "cp_plans", "care_periods")
OPEN_CASE_NAMES = {"cin_plans": "child in need plan", "cp_plans": "child protection plan", "care_periods": "period of care"}
NO_VALUE = "(none)"
ALL = "all"
SAMPLE_COLUMNS = ("audit_id", "child_id", "team", "stratum")


class Sample(list):
    """The sampled rows (a list of dicts), with how they were drawn.

    ``population``: children in the population; ``strata``: per stratum,
    ``{"population": N_h, "quota": exact share (float), "drawn": n_h}``;
    ``notes``: things the person drawing the sample should know (the size
    was cut to the population, children left out and why)."""

    def __init__(self, rows=(), *, population: int = 0, strata: dict | None = None, notes: list[str] | None = None,
                 seed: int = 0, size: int = 0, stratify: str | None = None, population_kind: str = "open",
                 as_at: _dt.date | None = None):
        super().__init__(rows)
        self.population = population
        self.strata = strata or {}
        self.notes = notes or []
        self.seed = seed
        self.size = size
        self.stratify = stratify
        self.population_kind = population_kind
        self.as_at = as_at

    def describe(self) -> list[str]:
        """Lines for a person: what was drawn from what, stratum by stratum."""
        what = "children with a case open" + (f" at {self.as_at.isoformat()}" if self.as_at else "") \
            if self.population_kind == "open" else "children"
        lines = [f"{len(self)} of {self.population} {what} sampled (seed {self.seed}"
                 + (f", stratified by {self.stratify})" if self.stratify else ", unstratified)")]
        width = max([len(s) for s in self.strata] + [7])
        for name, s in self.strata.items():
            lines.append(f"  {name:<{width}}  {s['drawn']:>4} of {s['population']:>5}  (proportional share {s['quota']:.2f})")
        lines += [f"note: {n}" for n in self.notes]
        return lines


def _dataset(loaded):
    return getattr(loaded, "dataset", loaded)


def _open(values: dict, as_at: _dt.date | None) -> bool:
    start, end = values.get("start_date"), values.get("end_date")
    if as_at is None:
        return end is None
    if start is not None and start > as_at:
        return False
    return end is None or end > as_at


def _latest(rows: list) -> Any:
    return max(rows, key=lambda r: (r.values.get("start_date") or _dt.date.min, str(r.values.get("allocation_id") or r.key)))


def draw_sample(loaded, schema: DataSchema, size: int, seed: int, stratify: str | None = "team",
                population: str = "open", *, as_at: _dt.date | None = None) -> Sample:
    """Draw the case-audit sample (see the module docstring for the method).

    ``loaded``: a :class:`~checker.data.load.LoadResult` (or its ``Dataset``).
    Returns a :class:`Sample`, a list of ``{audit_id, child_id, team,
    stratum}`` dicts. Raises ``ValueError`` for a size below 1, an unknown
    population or stratifying field, or an empty population."""
    if size < 1:
        raise ValueError(f"the sample size must be at least 1, not {size}")
    if population not in POPULATIONS:
        raise ValueError(f"population must be one of {', '.join(POPULATIONS)}, not `{population}`")
    if isinstance(stratify, str) and stratify.strip().lower() in ("", "none"):
        stratify = None
    alloc_table = schema.tables.get("case_allocations")
    if alloc_table is None:
        raise ValueError(f"schema `{schema.name}` has no `case_allocations` table to find children's cases in")
    if stratify is not None and stratify not in alloc_table.fields:
        hint = did_you_mean(stratify, alloc_table.fields)
        raise ValueError(
            f"cannot stratify by `{stratify}`: it is not a field of case_allocations"
            f" ({', '.join(alloc_table.fields)})" + (f"; {hint}" if hint else "")
        )
    ds = _dataset(loaded)
    notes: list[str] = []
    by_child: dict[str, list] = {}
    for r in ds.tables.get("case_allocations", ()):
        by_child.setdefault(r.values["child_id"], []).append(r)
    if not by_child:
        # No allocations (an Annex A workbook has none): a case is open while the child has
        # an open child in need plan, child protection plan or period of care, with its team.
        found = [t for t in OPEN_CASE_TABLES if ds.tables.get(t)]
        for t in found:
            for r in ds.tables.get(t, ()):
                if r.values.get("child_id") is not None:
                    by_child.setdefault(r.values["child_id"], []).append(r)
        if found:
            names = [OPEN_CASE_NAMES[t] for t in found]
            notes.append("the data has no case allocations: a case is open while the child has an open "
                         + (", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0])
                         + " (the team is that record's, where it has one)")
    known = {r.key for r in ds.tables.get("children", ())}

    chosen: dict[str, Any] = {}  # child -> the allocation their team is read from (or None)
    if population == "open":
        orphans = 0
        for child, rows in by_child.items():
            current = [r for r in rows if _open(r.values, as_at)]
            if not current:
                continue
            if known and child not in known:
                orphans += 1
                continue
            chosen[child] = _latest(current)
        if orphans:
            notes.append(f"{orphans} child{'ren' if orphans != 1 else ''} with an open allocation but no children record not sampled")
    else:
        if not known:
            raise ValueError("population `all` needs the children table, and the data has no children")
        for child in known:
            rows = by_child.get(child, [])
            current = [r for r in rows if _open(r.values, as_at)]
            chosen[child] = _latest(current or rows) if rows else None
    if not chosen:
        raise ValueError(
            "the population is empty: no child has a case open"
            + (f" at {as_at.isoformat()}" if as_at else " (an allocation with no end date)")
            if population == "open" else "the population is empty"
        )

    def value(alloc, name):
        v = alloc.values.get(name) if alloc is not None else None
        return None if v is None or str(v).strip() == "" else str(v)

    strata: dict[str, list[str]] = {}
    team_of: dict[str, str | None] = {}
    for child, alloc in chosen.items():
        team_of[child] = value(alloc, "team")
        name = ALL if stratify is None else (value(alloc, stratify) or NO_VALUE)
        strata.setdefault(name, []).append(child)
    names = sorted(strata)
    total = len(chosen)
    if size >= total:
        if size > total:
            notes.append(f"the sample size {size} is more than the population ({total}): every child is in the sample")
        size = total
    quotas = {h: Fraction(size * len(strata[h]), total) for h in names}
    counts = {h: int(q) for h, q in quotas.items()}  # floor: quotas are not negative
    left = size - sum(counts.values())
    by_remainder = sorted(names, key=lambda h: (-(quotas[h] - counts[h]), -len(strata[h]), h))
    for h in by_remainder[:left]:
        counts[h] += 1

    rng = random.Random(seed)
    picked: list[tuple[str, str]] = []
    for h in names:
        pool = sorted(strata[h])
        picked += [(h, c) for c in sorted(rng.sample(pool, counts[h]))]
    width = max(3, len(str(len(picked))))
    rows = [
        {"audit_id": f"AUD-{seed}-{i:0{width}d}", "child_id": child, "team": team_of[child], "stratum": h}
        for i, (h, child) in enumerate(picked, start=1)
    ]
    info = {h: {"population": len(strata[h]), "quota": float(quotas[h]), "drawn": counts[h]} for h in names}
    return Sample(rows, population=total, strata=info, notes=notes, seed=seed, size=size, stratify=stratify,
                  population_kind=population, as_at=as_at)


def sample_csv_text(rows) -> str:
    """The sample as CSV text: ``audit_id,child_id,team,stratum``, LF line ends."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(SAMPLE_COLUMNS)
    for r in rows:
        w.writerow(["" if r.get(c) is None else neutral_cell(str(r.get(c))) for c in SAMPLE_COLUMNS])
    return buf.getvalue()


def write_sample_csv(rows, path: str | Path) -> Path:
    """The sample as a UTF-8 CSV file (:func:`sample_csv_text`), the same
    bytes for the same sample."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sample_csv_text(rows).encode("utf-8"))
    return path


def read_sample_csv(path: str | Path) -> list[dict]:
    """A sample written by :func:`write_sample_csv` (or any CSV with at least
    ``audit_id`` and ``child_id`` columns), blank cells as None."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("audit_id", "child_id") if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"`{path}` is not a sample: it has no {' or '.join(missing)} column")
        out = []
        for rec in reader:
            if not any((v or "").strip() for v in rec.values() if isinstance(v, str)):
                continue
            out.append({c: (un_neutral((rec.get(c) or "").strip()) or None) for c in SAMPLE_COLUMNS})
        return out


__all__ = ["POPULATIONS", "Sample", "draw_sample", "read_sample_csv", "sample_csv_text", "write_sample_csv"]
