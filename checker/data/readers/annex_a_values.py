"""Annex A cell values: text, dates, yes/no and the template's code labels,
mapped onto ``csc`` codes (see ``annex_a``'s docstring, *Codes*)."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.schema import DataSchema

_EXCEL_EPOCH = _dt.date(1899, 12, 30)

# --------------------------------------------------------------------------- values


def text(raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (_dt.date, _dt.datetime)):
        return raw.isoformat()
    s = str(raw).strip()
    return s or None


# Day-first dates as case systems and hand-kept sheets write them: 03/03/2025, 3-3-2025,
# 03.03.2025, each with an optional time (``03/03/2025 00:00:00``, ``03/03/2025 14:30``, as
# text exports of date-time columns carry it: the date is the day). A four-figure year
# only: ``03/03/25`` is refused by the loader rather than guessed into a century.
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
_DAY_FIRST = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})" + _TIME + "?$")
_ISO_MIDNIGHT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})" + _TIME + "$")


def date_text(raw: Any) -> _dt.date | None:
    """A day-first or ISO-with-midnight date written as text, as a date; None
    for any other text (passed on as it is, for the loader to read or reject)."""
    if not isinstance(raw, str):
        return None
    s = raw.strip()
    m = _DAY_FIRST.match(s)
    try:
        if m:
            return _dt.date(int(m.group(4)), int(m.group(3)), int(m.group(1)))
        m = _ISO_MIDNIGHT.match(s)
        if m:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:  # 31/02/2025: left for the loader, which says it is not a real date
        return None
    return None


def iso(raw: Any) -> str | None:
    """A date cell as YYYY-MM-DD where it can be read as one (for keys and
    comparisons only; the loader does the real coercion)."""
    if raw is None:
        return None
    if isinstance(raw, _dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, _dt.date):
        return raw.isoformat()
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if 1 <= raw < 2958466:  # a day number, perhaps with a time of day
            return (_EXCEL_EPOCH + _dt.timedelta(days=int(raw))).isoformat()
        return str(raw)
    day = date_text(raw)
    if day is not None:
        return day.isoformat()
    s = str(raw).strip()
    return s or None


_PREFIX = re.compile(r"^\s*[a-z]{1,2}\d?\)\s*", re.I)
_END = r"(?=$|[\s:;,.)/\-\u2013\u2014])"

_YES = {"y", "yes", "true", "t", "1"}
_NO = {"n", "no", "false", "f", "0"}
_UNKNOWN = {"unknown", "not known", "u", "nk", "n/k", "not recorded", "unk"}


def to_bool(raw: Any) -> Any:
    """Yes/No cell -> True/False; Unknown/blank -> None; anything else unchanged."""
    if raw is None or isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    s = text(raw)
    if s is None:
        return None
    t = _PREFIX.sub("", s, count=1).strip().rstrip(".").lower()
    if t in _YES:
        return True
    if t in _NO:
        return False
    if t in _UNKNOWN:
        return None
    return raw


def _suitable(raw: Any) -> Any:
    if raw is None or isinstance(raw, bool):
        return raw
    s = text(raw)
    if s is None:
        return None
    t = _PREFIX.sub("", s, count=1).strip().lower()
    if re.search(r"unsuitable|not\s+suitable", t):
        return False
    if re.search(r"suitable", t):
        return True
    return to_bool(raw)


@dataclass(frozen=True)
class _Mapper:
    """Label -> code: the code itself first (``token``, matched on the cell and
    on the cell without its ``x)`` prefix), then label words in order."""

    code_set: str
    token: re.Pattern | None
    words: tuple[tuple[str, re.Pattern], ...] = ()
    missing: frozenset = frozenset()
    fold: Callable[[str], str] = str.upper

    def __call__(self, raw: Any, codes: dict[str, str] | None) -> Any:
        s = text(raw)
        if s is None:
            return None
        stripped = _PREFIX.sub("", s, count=1).strip()
        known = codes or {}
        lower = {c.lower(): c for c in known}
        for cand in (s, stripped):
            if cand in known:
                return cand
            if cand.lower() in lower:
                return lower[cand.lower()]
            if self.token is not None:
                m = self.token.match(cand)
                if m:
                    code = self.fold(m.group(1))
                    if not known or code in known:
                        return code
        for code, rx in self.words:
            if rx.search(stripped) and (not known or code in known):
                return code
        if stripped.lower() in self.missing:
            return None
        return raw


def _w(*pairs: tuple[str, str]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((code, re.compile(rx, re.I)) for code, rx in pairs)


def _activity(raw: Any, codes: dict[str, str] | None) -> Any:
    """Activity codes as the DfE SSDA903 guide defines them (F4/P4 apprenticeship,
    F5/P5 training or employment): the code first, then the label words."""
    code = _ACTIVITY_CODE(raw, codes)
    if code is None or code is not raw:
        return code
    t = _PREFIX.sub("", text(raw) or "", count=1).lower()
    part = bool(re.search(r"part[\s-]*time", t))
    if re.search(r"illness|disab", t):
        found = "G4"
    elif re.search(r"pregnan|parenting", t):
        found = "G6"
    elif re.search(r"not in education|\bneet\b", t):
        found = "G5"
    elif "higher" in t and "other than higher" not in t and "not higher" not in t:
        found = "P1" if part else "F1"
    elif "apprentice" in t and "not apprentice" not in t:
        found = "P4" if part else "F4"
    elif re.search(r"training|employ", t):
        found = "P5" if part else "F5"
    elif "education" in t:
        found = "P2" if part else "F2"
    else:
        return raw
    return found if not codes or found in codes else raw


_ACTIVITY_CODE = _Mapper("activity", re.compile(r"^([FPG]\d)" + _END, re.I))

_ETHNICITY_OLD = {  # the extended codes some systems still hold (D2I SSD scripts map them)
    "A1": "WBRI", "A2": "WIRI", "A3": "WOTH", "A4": "WIRT", "A5": "WROM", "B1": "MWBC", "B2": "MWBA",
    "B3": "MWAS", "B4": "MOTH", "C1": "AIND", "C2": "APKN", "C3": "ABAN", "C4": "AOTH", "D1": "BCRB",
    "D2": "BAFR", "D3": "BOTH", "E1": "CHNE", "E2": "OOTH", "E3": "REFU", "E4": "NOBT",
}


def _ethnicity(raw: Any, codes: dict[str, str] | None) -> Any:
    s = text(raw)
    if s is not None and s.upper() in _ETHNICITY_OLD:
        return _ETHNICITY_OLD[s.upper()]
    return _ETHNICITY(raw, codes)


_ETHNICITY = _Mapper(
    "ethnicity",
    re.compile(r"^([A-Z]{4})" + _END, re.I),
    _w(
        ("MWBC", r"white\W+and\W+black\W+caribbean"),
        ("MWBA", r"white\W+and\W+black\W+african"),
        ("MWAS", r"white\W+and\W+asian"),
        ("MOTH", r"other\W+mixed|mixed.*other|^mixed"),
        ("WIRT", r"traveller|irish\W+heritage"),
        ("WIRI", r"white\W+irish|^irish"),
        ("WROM", r"gypsy|\broma\b"),
        ("WBRI", r"white\W+british|^british"),
        ("WOTH", r"other\W+white|white.*other"),
        ("AIND", r"^indian|\bindian\b"),
        ("APKN", r"pakistani"),
        ("ABAN", r"bangladeshi"),
        ("AOTH", r"other\W+asian|asian.*other"),
        ("BCRB", r"caribbean"),
        ("BAFR", r"african"),
        ("BOTH", r"other\W+black|black.*other"),
        ("CHNE", r"chinese"),
        ("REFU", r"refus|did\s+not\s+wish|declined"),
        ("NOBT", r"not\s+(yet\s+)?obtained|information\s+not"),
        ("OOTH", r"other\W+ethnic|any\s+other"),
    ),
    frozenset({"unknown", "not known", "u", "unk"}),
)

_MAPPERS: dict[str, Callable[[Any, dict | None], Any]] = {
    "sex": _Mapper(
        "sex",
        re.compile(r"^([MFU])$", re.I),
        _w(("F", r"^fem"), ("M", r"^mal"), ("F", r"^2$"), ("M", r"^1$"),
           ("U", r"not\s+stated|not\s+recorded|unknown|indeterminate|neither|^[i09]$|^other|unborn")),
    ),
    "ethnicity": _ethnicity,
    "referral_source": _Mapper(
        "referral_source",
        re.compile(r"^(10|[1-9][A-F]?)" + _END, re.I),
        _w(
            ("3C", r"school\W+nurse"),
            ("1A", r"family|relative|carer"),
            ("1B", r"acquaint|neighbour|child\W*minder"),
            ("1C", r"\bself\b"),
            ("1D", r"individual.*other|stranger"),
            ("2A", r"^schools?\b|\bschool\b"),
            ("2B", r"educat"),
            ("3A", r"\bgp\b|general\s+practi"),
            ("3B", r"health\s+visitor"),
            ("3D", r"other\s+primary"),
            ("3E", r"\ba\s*&\s*e\b|accident|emergency\s+dep"),
            ("3F", r"hospice|health.*other|other.*health|hospital"),
            ("5D", r"early\s+help"),
            ("5B", r"other\s+internal|internal"),
            ("5C", r"external|another\s+(local\s+authority|la)\b"),
            ("5A", r"social\s+care"),
            ("4", r"housing"),
            ("6", r"police"),
            ("7", r"legal|court|probation|cafcass|immigration|prison"),
            ("9", r"anonym"),
            ("10", r"unknown|not\s+known"),
            ("8", r"^other\b|voluntary|children'?s\s+cent"),
        ),
    ),
    "abuse_category": _Mapper(
        "abuse_category",
        re.compile(r"^(NEG|PHY|SAB|EMO|MUL)", re.I),
        _w(("MUL", r"multiple|not\s+recommended"), ("NEG", r"neglect"), ("PHY", r"physical"),
           ("SAB", r"sexual"), ("EMO", r"emotional")),
    ),
    "legal_status": _Mapper(
        "legal_status",
        re.compile(r"^([A-Z]\d)" + _END, re.I),
        _w(
            ("E1", r"placement\s+order|simultaneous"),
            ("C1", r"interim\s+care"),
            ("C2", r"full\s+care|care\s+order|\bfco\b"),
            ("D1", r"freeing"),
            ("L1", r"police"),
            ("L2", r"emergency\s+protection|\bepo\b"),
            ("L3", r"child\s+assessment\s+order"),
            ("J1", r"remand"),
            ("J2", r"\bpace\b"),
            ("J3", r"youth\s+rehabilitation"),
            ("V3", r"episodes\s+recorded"),
            ("V4", r"agreements?\s+recorded"),
            ("V2", r"\bs\.?\s?20\b|section\s+20|single\s+period"),
        ),
    ),
    "placement_type": _Mapper(
        "placement_type",
        re.compile(r"^([A-Z]\d)" + _END, re.I),
        _w(
            ("K1", r"secure"),
            ("K2", r"children'?s\s+home"),
            ("P1", r"placed\s+with\s+(own\s+)?parent"),
            ("H5", r"semi[\s-]*independent"),
            ("P2", r"independent\s+living"),
            ("P3", r"residential\s+employment"),
            ("R5", r"young\s+offender|prison"),
            ("R2", r"\bnhs\b|health\s+trust"),
            ("R3", r"mother\s+and\s+baby|family\s+centre"),
            ("S1", r"residential\s+school"),
            ("R1", r"residential\s+care\s+home"),
        ),
    ),
    "care_leaver_eligibility": _Mapper(
        "care_leaver_eligibility",
        None,
        _w(("former_relevant", r"former"), ("qualifying", r"qualif"), ("eligible", r"eligible"),
           ("relevant", r"rel[ae]vant")),
    ),
    "in_touch": _Mapper(
        "in_touch",
        re.compile(r"^(yes|no|died|refu|nreq|rhom)$", re.I),
        _w(("NREQ", r"no\s+longer\s+requir|not\s+required|nreq"), ("RHOM", r"returned\s+home|rhom"),
           ("DIED", r"died|death|deceased"), ("REFU", r"refu"), ("NO", r"^(n|not\s+in\s+touch)$|^no\b"),
           ("YES", r"^(y|in\s+touch)$|^yes\b")),
    ),
    "accommodation_type": _Mapper(
        "accommodation_type",
        re.compile(r"^([A-Z])(?:\s*[:\-\u2013)]|$)"),
        _w(
            ("Z", r"former\s+foster|staying\s+put"),
            ("B", r"parent|relative"),
            ("D", r"semi|transitional|self[\s-]*contained"),
            ("E", r"supported\s+lodging"),
            ("G", r"abroad"),
            ("H", r"deport"),
            ("K", r"ordinary\s+lodging|without\s+formal\s+support"),
            ("R", r"not\s+known|unknown"),
            ("S", r"no\s+fixed|homeless"),
            ("T", r"foyer"),
            ("U", r"independent\s+living"),
            ("V", r"emergency"),
            ("W", r"bed\s+and\s+breakfast|\bb\s*&\s*b\b"),
            ("X", r"custody|prison"),
            ("C", r"community\s+home|residential"),
            ("Y", r"other"),
        ),
        fold=lambda s: s,
    ),
    "activity": _activity,
}


def to_code(code_set: str, raw: Any, codes: dict[str, str] | None = None) -> Any:
    """Annex A label -> csc code of ``code_set``; a value that maps to no code
    is returned unchanged (the loader then rejects it)."""
    if code_set == "suitable":
        return _suitable(raw)
    if code_set == "accommodation_type":
        s = text(raw)
        if s is not None and len(s) == 1 and s.isalpha():
            up = s.upper()
            if not codes or up in codes:
                return up
    return _MAPPERS[code_set](raw, codes)


def convert(conv: str, raw: Any, schema: DataSchema) -> Any:
    if raw is None:
        return None
    if isinstance(raw, str) and not raw.strip():
        return None
    if conv == "date":
        if isinstance(raw, float) and not raw.is_integer() and 1 <= raw < 2958466:
            # a date-time cell saved without a date format (General): day number and time of day
            return _EXCEL_EPOCH + _dt.timedelta(days=int(raw))
        day = date_text(raw)
        return raw if day is None else day
    if conv in ("text", "int", "ignore"):
        return raw
    if conv == "bool":
        return to_bool(raw)
    codes = schema.code_sets.get("accommodation_type" if conv == "suitable" else conv)
    return to_code(conv, raw, codes)


def blank(v: Any) -> bool:
    """An empty cell: nothing, or only spaces."""
    return v is None or (isinstance(v, str) and not v.strip())


def show_value(v: Any) -> str:
    """A cell's value as a message shows it (dates as YYYY-MM-DD)."""
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    return str(v)
