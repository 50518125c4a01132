""""Did you mean ...?" suggestions for mistyped names.

Rule authors mistype field names, keys, table names and code values
(``severty``, ``authorized_date``, ``chld``). Every stage that reports an
unknown name asks :func:`suggest` for the closest known one.

The closeness measure is Jaro-Winkler similarity, implemented here (it is
short, and a dependency for it is not worth having). Jaro-Winkler suits
identifiers: it tolerates transposed letters (``strat`` / ``start``) and
dropped letters, and rewards a shared prefix, which is how people mistype.

Candidates are tried in order of confidence:

1. a case-insensitive exact match (``Start_Date`` -> ``start_date``);
2. a candidate that the name is a prefix of (``chi`` -> ``child``), for names
   of three or more characters, shortest candidate first;
3. the candidate with the highest Jaro-Winkler similarity, if it reaches
   :data:`THRESHOLD`.

Ties are broken alphabetically, so suggestions are deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable

#: The lowest Jaro-Winkler similarity that still counts as "close".
THRESHOLD = 0.84

#: Winkler's prefix scale and the longest prefix it rewards.
_PREFIX_SCALE = 0.1
_MAX_PREFIX = 4


def jaro(a: str, b: str) -> float:
    """Jaro similarity of two strings, in [0, 1] (1 means equal).

    Characters match when they are equal and no further apart than half the
    longer string's length (less one). With ``m`` matches and ``t`` half the
    number of matched characters that are out of order,
    ``jaro = (m/|a| + m/|b| + (m - t)/m) / 3``.
    """
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(0, max(len(a), len(b)) // 2 - 1)
    a_matched = [False] * len(a)
    b_matched = [False] * len(b)
    matches = 0
    for i, ch in enumerate(a):
        lo, hi = max(0, i - window), min(len(b), i + window + 1)
        for j in range(lo, hi):
            if not b_matched[j] and b[j] == ch:
                a_matched[i] = b_matched[j] = True
                matches += 1
                break
    if matches == 0:
        return 0.0
    # Count transpositions: matched characters of a and b, read in order,
    # that differ.
    a_seq = [ch for ch, used in zip(a, a_matched) if used]
    b_seq = [ch for ch, used in zip(b, b_matched) if used]
    transpositions = sum(x != y for x, y in zip(a_seq, b_seq)) / 2
    return (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity: Jaro, boosted for a common prefix of up to
    four characters (``jw = j + l * 0.1 * (1 - j)``)."""
    j = jaro(a, b)
    prefix = 0
    for x, y in zip(a[:_MAX_PREFIX], b[:_MAX_PREFIX]):
        if x != y:
            break
        prefix += 1
    return j + prefix * _PREFIX_SCALE * (1 - j)


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``name``, or None if none is close enough.

    ``name`` itself (an exact match) is never suggested.
    """
    pool = sorted({c for c in candidates if isinstance(c, str) and c != name})
    if not pool or not name:
        return None
    lowered = name.lower()
    for c in pool:
        if c.lower() == lowered:
            return c
    if len(name) >= 3:
        prefixed = [c for c in pool if c.lower().startswith(lowered)]
        if prefixed:
            return min(prefixed, key=lambda c: (len(c), c))
    best, best_score = None, 0.0
    for c in pool:  # alphabetical, and only a strictly better score replaces
        score = jaro_winkler(lowered, c.lower())
        if score > best_score:
            best, best_score = c, score
    return best if best_score >= THRESHOLD else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """``"did you mean `x`?"`` for the closest candidate, or None."""
    found = suggest(name, candidates)
    return None if found is None else f"did you mean `{found}`?"
