"""``--redact``: replace case identifiers with a keyed hash in every output.

Reports carry identifiers, never names; a council sharing a report outside
the team may not want even those. With a key the user supplies, every record
key and reference value of the data (child, assessment, worker IDs...) is
replaced by ``HMAC-SHA256(key, value)`` cut to 12 hex characters wherever it
appears: case lists, breakdowns, rejections, integrity issues, and inside
reason texts. The same key gives the same pseudonyms, so redacted reports of
successive audits can still be compared; without the key they cannot be
reversed.
"""

from __future__ import annotations

from collections.abc import Collection

from checker.model import Dataset
from checker.report.sink import Redactor, pseudonym
from checker.schema import DataSchema

__all__ = ["Redactor", "identifiers", "pseudonym", "redact", "redactor_for"]


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
    if isinstance(ids, Redactor):
        made, known = ids, ids.table.keys()
    else:
        known = ids
    extra = {k for k in more if k not in known}
    count = len(known) + len(extra)
    if not count:
        return result
    if made is None or extra:
        made = Redactor(key, set(known) | extra)
    fix = made.value

    out = dict(result)
    for k in ("rules", "rejections", "integrity", "not_run", "areas", "history", "warnings", "data_quality"):
        if k in out:
            out[k] = fix(out[k])
    out["redacted"] = {"method": "HMAC-SHA256, 12 hex characters", "identifiers": count}
    return out


def redactor_for(key: bytes, dataset: Dataset, schema: DataSchema) -> Redactor:
    """The redactor of a run's data: for rejects.csv and the warnings on
    standard error, which the result document does not carry."""
    return Redactor(key, identifiers(dataset, schema))
