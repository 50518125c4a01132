"""A generated SSDA903 return made complete, then with data problems planted: the input of
the dfe-903 oracle (tests/test_dfe_903_oracle.py).

``casecheck generate --format ssda903`` writes the Header, Episodes, Reviews, OC3, UASC, OC2,
SWEpisodes and Missing files with only what the csc tables hold (SEX 1/2, no CIN, provider or
UPN). ``complete`` fills those columns with valid values and writes the other files (AD1,
PlacedAdoption, PrevPerm, and its own Missing, OC2, SWEpisodes) for some of the children, so that a rule is tested on
data that passes it; ``plant`` then spoils a share of the cells and rows (invalid codes,
dates that are not dates or out of order, blanks, duplicate rows, children missing from the
Header file, dates of birth that disagree, a REC such as X1 or E7 on an episode that has not
ceased, as the DfE validator's own sample return has), so that it is tested on data that fails it.
Deterministic for a seed. Test-only: it imports nothing from casecheck.
"""

from __future__ import annotations

import csv
import datetime as _dt
import random
import zlib
from pathlib import Path

COLUMNS = {
    "header.csv": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "episodes.csv": ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                     "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"],
    "reviews.csv": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "uasc.csv": ["CHILD", "SEX", "DOB", "DUC"],
    "oc2.csv": ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
                "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    "oc3.csv": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "ad1.csv": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    "placed_adoption.csv": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "prev_perm.csv": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "missing.csv": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "sw_episodes.csv": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
}

# Bad values planted per column: invalid codes, near misses, lower case, blanks.
BAD = {
    "SEX": ["1", "m", "X", ""], "ETHNIC": ["WBR", "wbri", ""], "UPN": ["I123456789012", "UN6", "A1234"],
    "MOTHER": ["1"], "RNE": ["X", "s"], "LS": ["V1", "c2"], "CIN": ["N0", "N9"], "PLACE": ["Z1", "H5", "X9", "P1", "T0"],
    "PLACE_PROVIDER": ["PR9", "PR0", "PR1", "PR3", "PR4", "PR5"], "REC": ["E4", "E8", "x1", "X1", "E7"],
    "REASON_PLACE_CHANGE": ["WHIM", "CARPL"], "REVIEW_CODE": ["PN8", "", "pn1"], "IN_TOUCH": ["Yes", "MAYBE", ""],
    "ACTIV": ["F3", ""], "ACCOM": ["S1", "B", ""], "SDQ_REASON": ["SDQ6"], "FOSTER_CARE": ["2"], "NB_ADOPTR": ["3"],
    "SEX_ADOPTR": ["M2"], "LS_ADOPTR": ["L1"], "REASON_PLACED_CEASED": ["RD5"], "PREV_PERM": ["P5"],
    "DATE_PERM": ["zz/05/2020", "31/02/2020", "2020-05-01", "ZZ/13/2020"],
    "MISSING": ["X", "", "a"], "SW_ID": ["S123", ""], "SW_REASON": ["OTHER", ""],
    "HOME_POST": ["", "XX1 1XX", "sw1a 1aa"], "PL_POST": ["", "YY9 9YY", "m1 1ae"], "URN": ["", "SC123456"],
}
DATES = {"DOB", "MC_DOB", "DECOM", "DEC", "REVIEW", "DUC", "DATE_INT", "DATE_MATCH", "DATE_PLACED", "DATE_PLACED_CEASED",
         "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC"}
BAD_DATES = ["31/02/2025", "2025-01-05", "5/13/2024", "", "not known"]


def _d(t: str) -> _dt.date | None:
    try:
        d, m, y = (int(x) for x in t.split("/"))
        return _dt.date(y, m, d)
    except (ValueError, AttributeError):
        return None


def _s(d: _dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def _read(folder: Path, name: str) -> list[dict]:
    p = folder / name
    if not p.exists():
        return []
    with open(p, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(folder: Path, name: str, rows: list[dict]) -> None:
    with open(folder / name, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, COLUMNS[name], lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in COLUMNS[name]})


#: Real postcodes (ONS Postcode Directory, 2026): homes in and around the council's area
#: (Westminster, E09000033, the validator's localAuthority here), placements across the UK:
#: far ones (ZE1 0AA is 600 miles from SW1A), ones in Scotland, Wales and Northern Ireland,
#: districts the DfE's 2021 authority lookup does not have (S1, CA1, TA1: no LA of placement),
#: one with no grid reference (IM1 1AA), and one that is no postcode.
HOMES = ["SW1A 1AA", "W1A 1AA", "SE1 7PB", "N1 9GU", "E1 6AN", "SW1P 3JS", "W2 1JB"]
PLACEMENTS = HOMES + ["M1 1AE", "B1 1BB", "LS1 1UR", "S1 2HE", "BS1 4DJ", "NE1 7RU", "L1 8JQ", "CB2 1TN", "OX1 2JD",
                      "EH1 1YZ", "G1 1XQ", "CF10 1EP", "BT1 5GS", "ZE1 0AA", "KW15 1NX", "TR1 2HE", "CA1 1QW",
                      "TA1 1HE", "IM1 1AA", "EX1 1BE", "NR1 3JU", "AB10 1AB", "ZZ9 9ZZ"]
#: placements with no URN (2025/26, rule 218)
NO_URN = {"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}


def _pick(options: list[str], *key: str) -> str:
    """A choice fixed by ``key`` (a child, a date): the same in both years' returns."""
    return options[zlib.crc32("|".join(key).encode()) % len(options)]


def _postcodes(episodes: list[dict], uasc: set[str]) -> None:
    """HOME_POST, PL_POST and URN for each episode, chosen by the child and the episode's start, so an
    episode open at the end of last year has the same ones in both years' returns: a child's home
    postcode is the child's; a new placement (RNE S, P, T, B, U) has its own postcode and URN, a change
    of legal status only (L) keeps the one before; placed with parents (P1) is at home; short breaks
    (V3, V4) have none, and a UASC child no home postcode (so no distance: 406)."""
    before: dict[str, dict] = {}
    for e in sorted(episodes, key=lambda e: (e["CHILD"], _d(e["DECOM"]) or _dt.date.max)):
        cid, prev = e["CHILD"], before.get(e["CHILD"])
        if e["LS"] in ("V3", "V4"):
            continue
        home = _pick(HOMES, cid)
        if e["RNE"] == "L" and prev is not None:
            pl, urn = prev["PL_POST"], prev["URN"]
        else:
            pl = home if e["PLACE"] == "P1" else _pick(PLACEMENTS, cid, e["DECOM"])
            urn = "" if e["PLACE"] in NO_URN else f"SC{zlib.crc32((cid + e['DECOM']).encode()) % 900000 + 100000}"
        if cid in uasc or zlib.crc32((cid + "no home").encode()) % 50 == 0:
            home = ""  # a few children with no home postcode (392b, 392a)
        e["HOME_POST"], e["PL_POST"], e["URN"] = home, pl, urn
        before[cid] = e


UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def _upn(cid: str, previous: bool = False) -> str:
    """The child's UPN, the same in both years' returns (DfE 208 compares them): for most a UPN, for
    some UN1-UN5 (not known) or none. In last year's return (``previous``) about one child in 25
    had another, at the rule's boundaries: UN1 before a UPN and UN1 before UN2-UN5 (changes 208
    allows), UN2 before UN1, a UPN before UN3, another UPN (changes it flags)."""
    h = zlib.crc32(cid.encode())
    if h % 10 < 6:
        now = UPN_LETTERS[h % 23] + f"{h % 10 ** 12:012d}"
    elif h % 10 < 8:
        now = f"UN{h % 5 + 1}"
    else:
        now = ""
    if not previous or zlib.crc32((cid + "upn").encode()) % 25:
        return now
    if now.startswith("UN") and now != "UN1":
        return "UN1"  # UN1 last year, UN2-UN5 this year: allowed
    if now == "UN1":
        return "UN2"  # UN2 last year, UN1 this year: flagged
    if not now:
        return "UN3"  # not known either year: allowed
    return {0: "UN1", 1: "UN3"}.get(h % 3, UPN_LETTERS[(h + 1) % 23] + now[1:])  # UN1 then a UPN: allowed; else flagged


def complete(src: Path, out: Path, seed: int, as_at: _dt.date, moved: float = 0.0,
             previous: bool = False) -> dict[str, list[dict]]:
    """The generated return with every column filled validly and every file present. ``moved``: the
    share of open episodes (last year's, for the rules comparing the years: 452, 453, 503G, 503H,
    503J) whose placement postcode is another than the one this year's first episode continues with,
    chosen by the child (the same for every seed). ``previous``: this is last year's return, whose
    UPNs are this year's but for a few changed at 208's boundaries (``_upn``)."""
    rng = random.Random(seed)
    start = as_at - _dt.timedelta(days=364)
    # the files this function writes itself: generate's own OC2, SWEpisodes and Missing are not kept,
    # so that no child is listed twice in them
    own = {"ad1.csv", "placed_adoption.csv", "prev_perm.csv", "missing.csv", "oc2.csv", "sw_episodes.csv"}
    files = {name: [] if name in own else _read(src, name) for name in COLUMNS}
    dob = {}
    for h in files["header.csv"]:
        h["SEX"] = {"1": "M", "2": "F", "M": "M", "F": "F"}.get(h["SEX"], "U")
        dob[h["CHILD"]] = h["DOB"]
        if rng.random() < 0.6:  # drawn (and thrown away) so that the rest of the return is as it was for a seed
            rng.choice("ABCDEFGHJKLMNPQRTUVWXYZ") + "".join(rng.choice("0123456789") for _ in range(12))
        elif rng.random() < 0.5:
            rng.choice(["UN1", "UN2", "UN3", "UN4", "UN5"])
        h["UPN"] = _upn(h["CHILD"], previous)
        b = _d(h["DOB"])
        if h["SEX"] == "F" and b and b <= as_at - _dt.timedelta(days=365 * 15) and rng.random() < 0.3:
            h["MOTHER"], h["MC_DOB"] = "1", _s(min(as_at, b + _dt.timedelta(days=365 * 15 + rng.randint(0, 400))))
        elif h["SEX"] == "F":
            h["MOTHER"] = "0"
    providers = {"U1": "PR1", "U2": "PR1", "U3": "PR1", "U4": "PR1", "U5": "PR1", "U6": "PR1", "K2": "PR2", "R1": "PR3",
                 "P1": "PR0", "A3": "PR1", "A4": "PR1", "A5": "PR1", "A6": "PR1", "K1": "PR1", "R2": "PR4", "R3": "PR3",
                 "R5": "PR4", "S1": "PR4", "P3": "PR5"}
    for e in files["episodes.csv"]:
        e["CIN"] = rng.choice(["N1", "N1", "N2", "N4", "N8"])
        e["PLACE_PROVIDER"] = providers.get(e["PLACE"], "")
        if e["RNE"] == "P":
            e["REASON_PLACE_CHANGE"] = rng.choice(["CARPL", "CLOSE", "CHILD", "OTHER"])
    _postcodes(files["episodes.csv"], {u["CHILD"] for u in files["uasc.csv"]})
    for e in files["episodes.csv"]:
        if moved and not e["DEC"] and e["PL_POST"] and zlib.crc32((e["CHILD"] + "moved").encode()) % 1000 < moved * 1000:
            e["PL_POST"] = _pick([p for p in PLACEMENTS if p != e["PL_POST"]], e["CHILD"], "moved")
    kids = sorted(dob)
    pick = lambda share: [c for c in kids if rng.random() < share]  # noqa: E731
    for c in pick(0.05):
        files["ad1.csv"].append({"CHILD": c, "DOB": dob[c], "DATE_INT": _s(start + _dt.timedelta(days=rng.randint(0, 100))),
                                 "DATE_MATCH": _s(start + _dt.timedelta(days=rng.randint(101, 200))),
                                 "FOSTER_CARE": rng.choice("01"), "NB_ADOPTR": rng.choice("12"),
                                 "SEX_ADOPTR": rng.choice(["MF", "FF", "M1"]), "LS_ADOPTR": rng.choice(["L0", "L11", "L2"])})
    for c in pick(0.08):
        placed = start + _dt.timedelta(days=rng.randint(0, 300))
        ceased = rng.random() < 0.3
        files["placed_adoption.csv"].append({"CHILD": c, "DOB": dob[c], "DATE_PLACED": _s(placed),
                                             "DATE_PLACED_CEASED": _s(placed + _dt.timedelta(days=30)) if ceased else "",
                                             "REASON_PLACED_CEASED": rng.choice(["RD1", "RD4"]) if ceased else ""})
    for c in pick(0.1):
        files["prev_perm.csv"].append({"CHILD": c, "DOB": dob[c], "PREV_PERM": rng.choice(["P1", "P4", "Z1"])})
    for p in files["prev_perm.csv"]:  # the order's date and LA, some with the day or month not known (632)
        if p["PREV_PERM"] != "Z1":
            h = zlib.crc32(p["CHILD"].encode())
            when = start - _dt.timedelta(days=h % 900 - 60)  # a few after the year began (so maybe after care began)
            day, month = f"{when.day:02d}", f"{when.month:02d}"
            day, month = [(day, month), ("ZZ", month), ("ZZ", "ZZ"), (day, "ZZ")][h // 7 % 4]
            p["LA_PERM"], p["DATE_PERM"] = "800", f"{day}/{month}/{when.year}"
    for c in pick(0.1):
        for _ in range(rng.randint(1, 2)):
            s = start + _dt.timedelta(days=rng.randint(0, 350))
            files["missing.csv"].append({"CHILD": c, "DOB": dob[c], "MISSING": rng.choice("MA"), "MIS_START": _s(s),
                                         "MIS_END": _s(min(as_at, s + _dt.timedelta(days=rng.randint(1, 5))))})
    for c in pick(0.2):
        files["oc2.csv"].append({"CHILD": c, "DOB": dob[c], "SDQ_SCORE": str(rng.randint(0, 40)),
                                 "SDQ_REASON": rng.choice(["", "SDQ1"]), "CONVICTED": "0", "HEALTH_CHECK": "1",
                                 "IMMUNISATIONS": "1", "TEETH_CHECK": "1", "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "0"})
    for c in pick(0.5):
        s = start + _dt.timedelta(days=rng.randint(0, 200))
        files["sw_episodes.csv"].append({"CHILD": c, "DOB": dob[c], "SW_ID": f"SW{rng.randint(1000, 9999)}", "SW_DECOM": _s(s),
                                         "SW_DEC": _s(s + _dt.timedelta(days=rng.randint(1, 100))) if rng.random() < 0.5 else "",
                                         "SW_REASON": rng.choice(["MANAGE", "LEFTRL", "OTHERS"])})
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        _write(out, name, rows)
    return files


def scenarios(files: dict[str, list[dict]], seed: int, as_at: _dt.date) -> None:
    """Children whose episodes sit either side of a rule's boundary, for the rules a generated
    council rarely meets: how long an order lasted (L1 3 days, L2 21, L3 7, J2 21), short
    breaks (V3) in the year around 75 days, holiday placements (T3) two or three times, a
    placement for adoption after a foster placement or not, adoption and foster carers (AD1),
    an adoption with decisions ceased (PlacedAdoption), missing until the 18th birthday. Each
    side is chosen at random (its own generator, so the rest of the return is as before)."""
    rng = random.Random(seed * 31 + 5)
    start = as_at - _dt.timedelta(days=364)
    d = lambda n: start + _dt.timedelta(days=n)  # noqa: E731
    n = 0

    def child(age: int = 10) -> tuple[str, str]:
        nonlocal n
        n += 1
        cid, dob = f"S{seed:02d}{n:04d}", _s(start - _dt.timedelta(days=365 * age + rng.randint(0, 300)))
        files["header.csv"].append({"CHILD": cid, "SEX": rng.choice("MF"), "DOB": dob, "ETHNIC": "WBRI", "UPN": "UN1",
                                    "MOTHER": "", "MC_DOB": ""})
        return cid, dob

    def ep(cid, decom, dec, rne, ls, place, rec, **more):
        files["episodes.csv"].append({"CHILD": cid, "DECOM": _s(decom), "RNE": rne, "LS": ls, "CIN": "N1", "PLACE": place,
                                      "PLACE_PROVIDER": "" if place.startswith("T") else "PR1",
                                      "DEC": _s(dec) if dec else "", "REC": rec,
                                      "REASON_PLACE_CHANGE": "CARPL" if rne == "P" else "", **more})

    for code, limit in (("L1", 3), ("L2", 21), ("L3", 7), ("J2", 21)):
        for _ in range(3):
            cid, _dob = child()
            a = d(rng.randint(10, 200))
            b = a + _dt.timedelta(days=limit + rng.choice([-1, 0, 1]))
            if rng.random() < 0.5:  # the order over two episodes, one beginning the day the other ceased
                m = a + _dt.timedelta(days=1)
                ep(cid, a, m, "S", code, "U1", "X1")
                ep(cid, m, b, "P", code, "U2", "X1")
            else:
                ep(cid, a, b, "S", code, "U1", "X1")
            ep(cid, b, None, "L", "C2", "U2", "")
    for _ in range(3):  # short breaks: five, together 74 to 76 days
        cid, _dob = child()
        extra = rng.choice([-1, 0, 1])
        for i in range(5):
            a = d(20 + 40 * i)
            ep(cid, a, a + _dt.timedelta(days=15 + (extra if i == 0 else 0)), "S", "V3", "U1", "E13")
    for _ in range(3):  # holiday placements
        cid, _dob = child()
        a = d(10)
        ep(cid, a, d(50), "S", "C2", "U1", "X1")
        k = rng.choice([2, 3])
        at = 50
        for i in range(k):
            ep(cid, d(at), d(at + 10), "P", "C2", "T3", "X1")
            ep(cid, d(at + 10), d(at + 40) if i < k - 1 else None, "P", "C2", "U1", "X1" if i < k - 1 else "")
            at += 40
    for _ in range(4):  # placed for adoption after a foster placement, or after a children's home
        cid, _dob = child(3)
        a = d(rng.randint(10, 100))
        ep(cid, a, a + _dt.timedelta(days=60), "S", "C2", rng.choice(["U1", "K2"]), "X1")
        adopted = rng.random() < 0.5
        place = rng.choice(["A3", "A4"])
        ep(cid, a + _dt.timedelta(days=60), a + _dt.timedelta(days=200) if adopted else None, "P", "E1", place,
           rng.choice(["E11", "E12"]) if adopted else "")
        if adopted:
            files["ad1.csv"].append({"CHILD": cid, "DOB": files["header.csv"][-1]["DOB"], "DATE_INT": _s(a),
                                     "DATE_MATCH": _s(a + _dt.timedelta(days=30)), "FOSTER_CARE": rng.choice("01"),
                                     "NB_ADOPTR": "2", "SEX_ADOPTR": "MF", "LS_ADOPTR": "L0"})
            for _ in range(rng.choice([1, 2])):
                ceased = rng.random() < 0.6
                files["placed_adoption.csv"].append({
                    "CHILD": cid, "DOB": files["header.csv"][-1]["DOB"], "DATE_PLACED": _s(a + _dt.timedelta(days=20)),
                    "DATE_PLACED_CEASED": _s(a + _dt.timedelta(days=40)) if ceased else "",
                    "REASON_PLACED_CEASED": "RD1" if ceased else ""})
    for _ in range(3):  # missing until the 18th birthday, the day care ceased
        cid, dob = child(17)
        b18 = _d(dob).replace(year=_d(dob).year + 18) if _d(dob).month != 2 or _d(dob).day != 29 else _d(dob)
        if not start < b18 <= as_at:
            b18 = d(200)
        ep(cid, d(0) - _dt.timedelta(days=400), b18, "S", "C2", "U1", rng.choice(["E8", "E13"]))
        files["missing.csv"].append({"CHILD": cid, "DOB": dob, "MISSING": "M", "MIS_START": _s(b18 - _dt.timedelta(days=3)),
                                     "MIS_END": _s(b18)})


#: sentinel dates case systems write for "not known" or "open": both are dates, far from any return's year
SENTINELS = ["01/01/1900", "31/12/9999"]
#: code columns spelt oddly: padded with spaces, as a fixed-width export leaves them
PADDED = ("RNE", "LS", "PLACE", "PLACE_PROVIDER", "REC", "ETHNIC", "SEX", "REVIEW_CODE")


EDGE_KINDS = ("sentinel", "year", "padded", "child")


def boundaries(files: dict[str, list[dict]], seed: int, as_at: _dt.date, share: float,
               kinds: tuple[str, ...] = EDGE_KINDS) -> set[str]:
    """Spoil what rules look for at their edges (about ``share``/4 of the cells each, by a generator of
    its own, so the rest of the return is as before): sentinel dates (``SENTINELS``) for a date of
    birth, an episode's start or end or a review; an episode ending the day before the collection
    year or on its last day, or beginning the day after it; codes padded with spaces; a CHILD
    spelt in lower case or with a trailing space in a file other than the Header (shared by
    two spellings of one child). ``kinds``: which of these (``EDGE_KINDS``; the same cells are
    drawn whichever are planted). Returns the children given one (CHILD stripped, in capitals),
    on whom the tools may read the return differently (DIFFERENCES.md, "At the edges")."""
    rng = random.Random(seed * 7919 + 2)
    touched: set[str] = set()
    first = as_at - _dt.timedelta(days=364)
    edges = {"DEC": [_s(first - _dt.timedelta(days=1)), _s(as_at)], "DECOM": [_s(as_at + _dt.timedelta(days=1)), _s(first)]}
    for name, rows in files.items():
        for r in rows:
            child = (r.get("CHILD") or "").strip().upper()
            for col in ("DOB", "DECOM", "DEC", "REVIEW"):
                if col in r and rng.random() < share / 4:
                    value = rng.choice(SENTINELS + edges.get(col, []))
                    if ("sentinel" if value in SENTINELS else "year") in kinds:
                        r[col] = value
                        touched.add(child)
            for col in PADDED:
                if r.get(col) and rng.random() < share / 4:
                    value = rng.choice([" " + r[col], r[col] + " "])
                    if "padded" in kinds:
                        r[col] = value
                        touched.add(child)
            if name != "header.csv" and r.get("CHILD") and rng.random() < share / 4:
                value = rng.choice([r["CHILD"].lower(), r["CHILD"] + " "])
                if "child" in kinds:
                    r["CHILD"] = value
                    touched.add(child)
    return touched - {""}


def plant(files: dict[str, list[dict]], out: Path, seed: int, share: float = 0.04, as_at: _dt.date | None = None,
          edges: bool = False) -> set[str]:
    """Spoil about ``share`` of the cells of each planted column, duplicate some rows, drop some
    children from the Header file, swap some dates' order; with ``as_at``, add the boundary
    scenarios (``scenarios``) and (``edges``) spoil them at the rules' edges (``boundaries``);
    write the files to ``out``; return the children given an edge."""
    rng = random.Random(seed * 7919 + 1)
    for name, rows in files.items():
        for r in rows:
            for col in COLUMNS[name][1:]:
                if rng.random() >= share:
                    continue
                if col in DATES:
                    r[col] = rng.choice(BAD_DATES + ["01/04/1990", "01/04/2030"])
                elif col in BAD:
                    r[col] = rng.choice(BAD[col])
        if name == "episodes.csv":
            for r in rows:
                if rng.random() < share and r["DEC"]:
                    r["DEC"], r["DECOM"] = r["DECOM"], r["DEC"]
                if rng.random() < share:
                    r["DEC"] = r["DECOM"]
        extra = [dict(r) for r in rows if rng.random() < share / 2]
        rows.extend(extra)
        if name != "header.csv" and "DOB" in COLUMNS[name]:
            for r in rows:
                if rng.random() < share / 2:
                    r["DOB"] = _s((_d(r["DOB"]) or _dt.date(2010, 1, 1)) + _dt.timedelta(days=1))
    header = files["header.csv"]
    files["header.csv"] = [h for h in header if rng.random() >= share / 2]
    touched: set[str] = set()
    if as_at is not None:  # after the spoiling, so that it spoils what it always did
        scenarios(files, seed, as_at)
        if edges and share:
            touched = boundaries(files, seed, as_at, share)
    for name, rows in files.items():
        _write(out, name, rows)
    return touched
