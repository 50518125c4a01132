"""``--redact``: replace case identifiers with a keyed hash in every output.

Reports carry identifiers, never names; a council sharing a report outside
the team may not want even those. With a key the user supplies, every record
key and reference value of the data (child, assessment, worker IDs...) is
replaced by ``HMAC-SHA256(key, value)`` cut to 12 hex characters wherever it
appears: case lists, breakdowns, rejections, integrity issues, and inside
reason texts. The same key gives the same pseudonyms, so redacted reports of
successive audits can still be compared; without the key they cannot be
reversed.

Where the data is in DuckDB, its identifiers are kept as one in-memory column
(``redact_kept.KeptRedactor``): a pseudonym is made only for an identifier an
output holds, and the JSON of every case is redacted by the database. No
identifier is ever written to a file of its own.
"""

from __future__ import annotations

from collections.abc import Collection

from checker.model import Dataset
from checker.report.redact_kept import KeptRedactor
from checker.report.sink import Redactor, pseudonym
from checker.schema import DataSchema

__all__ = ["KeptRedactor", "Redactor", "identifiers", "pseudonym", "redact", "redactor_for"]


def identifiers(dataset: Dataset, schema: DataSchema) -> set[str]:
    """Every key and reference value in the data: what must not leak (asked of
    the database where the data is one, ``DuckDBDataset.identifiers``)."""
    asked = getattr(dataset, "identifiers", None)
    found = asked() if callable(asked) else None
    if found is not None:
        return found
    ids: set[str] = set()
    for name, table in schema.tables.items():
        ref_fields = set(table.key) | {link.local_field for link in table.links.values() if not link.inverse}
        for row in dataset.tables.get(name, ()):
            ids.add(row.key)
            for f in ref_fields:
                v = row.values.get(f)
                if isinstance(v, str) and v:
                    ids.add(v)
    return ids


def redact(result: dict, key: bytes, ids: set[str] | Redactor) -> dict:
    """A copy of the result dict with every identifier replaced. The records
    a data-quality pre-check names (``--data-quality``) are keys of its own
    data, which ``ids`` need not hold: they are redacted too. ``ids`` may be
    the run's redactor (made with ``key``): it is used as it is unless the
    data-quality pre-check names more (a redactor of a million IDs takes
    seconds to make)."""
    dq = result.get("data_quality") or {}
    more = {k for kind in ("errors", "queries") for e in dq.get(kind) or () for k in e.get("examples") or ()}
    made: Redactor | None = None
    known: Collection[str]
    if isinstance(ids, KeptRedactor):  # its identifiers kept in one column: asked of it
        extra = ids.unknown(more)
        count = ids.count + len(extra)
        made = Redactor(key, ids.ids() | extra) if extra else ids
    else:
        if isinstance(ids, Redactor):
            made, known = ids, ids.table.keys()
        else:
            known = ids
        extra = {k for k in more if k not in known}
        count = len(known) + len(extra)
        if made is None or extra:
            made = Redactor(key, set(known) | extra)
    if not count:
        return result
    fix = made.value

    out = dict(result)
    for k in ("rules", "rejections", "integrity", "not_run", "areas", "history", "warnings", "data_quality"):
        if k in out:
            out[k] = fix(out[k])
    out["redacted"] = {"method": "HMAC-SHA256, 12 hex characters", "identifiers": count}
    return out


def redactor_for(key: bytes, dataset: Dataset, schema: DataSchema, extra: Collection[str] = ()) -> Redactor:
    """The redactor of a run's data (and of ``extra`` IDs, e.g. of rejected
    rows): for the document, rejects.csv and the warnings on standard error.
    Where the data is in DuckDB its identifiers are kept as one in-memory
    column (:class:`KeptRedactor`), never a Python object each."""
    asked = getattr(dataset, "identifiers_sql", None)
    sql = asked() if callable(asked) else None
    if sql is not None:
        kept = KeptRedactor.of(key, dataset.connection, sql, extra)  # type: ignore[attr-defined]
        if kept is not None:
            return kept
    return Redactor(key, identifiers(dataset, schema) | set(extra))
