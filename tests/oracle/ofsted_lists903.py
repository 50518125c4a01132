"""Write Ofsted's two provider lists for an SSDA903 return, in Ofsted's shapes, with problems planted.

    .venv/bin/python tests/oracle/ofsted_lists903.py RETURN_DIR OUT_DIR [--seed 17] [--as-at 2026-03-31]

The DfE validator's own fake lists (tests/fake_data/ch_fake.xlsx, scp_fake.xlsx) hold three
providers of no return, so with them the rules on the lists (1008, 219, 221, 224, 227, 228, 229)
see only URNs that are not listed. This writes lists made from the return's own URNs (synthetic,
deterministic for the seed), so that each rule has episodes to pass and to fail:

- ``childrens_homes.xlsx``: the children's homes list as Ofsted publishes it (a "Provider
  information" sheet: URN, Local Authority, Provider Code = the placement codes, Provider
  Placement Code = the provider codes separated by "/", Closed Date, Setting Address Postcode;
  and a "Registration Conditions" sheet, which neither tool reads), for the URNs of episodes
  placed in a children's home or secure unit (K1, K2);
- ``social_care_providers.xlsx``: the social care providers list ("Current providers", and
  "Providers closed in the year" with a Deregistration date) for the others.

Each URN is listed with the PLACE and PLACE_PROVIDER codes its episodes use and the postcode
of its first placement, then at random for the seed (``SHARE`` of the URNs each): left out
(1008), a placement code left out (219), another postcode (221), a provider code left out (224),
closed on a day among its episodes' DECOMs and DECs, or before the year's end (227, 228). 229
turns on the postcode's authority (E09000033, Westminster, is the council both tools are told
of). ``planted.json`` lists the URNs of each. Values are text cells (a URN of digits too: the
validator would not match a number cell with the return's text), dates date cells, an open
provider's Closed Date blank.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import json
import random
import sys
from pathlib import Path

SHARE = 0.06
CH_PLACES = {"K1", "K2"}


def _date(text: str) -> _dt.date | None:
    try:
        d, m, y = (int(x) for x in text.strip().split("/"))
        return _dt.date(y, m, d)
    except (ValueError, AttributeError):
        return None


def urns_of(folder: Path) -> dict[str, dict]:
    """URN -> the placement codes, provider codes, postcodes and dates of its episodes, in file order."""
    out: dict[str, dict] = {}
    with open(folder / "episodes.csv", newline="", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            urn = (r.get("URN") or "").strip()
            if not urn or urn.upper() == "XXXXXXX":
                continue
            u = out.setdefault(urn, {"place": [], "provider": [], "post": [], "dates": []})
            for k, col in (("place", "PLACE"), ("provider", "PLACE_PROVIDER"), ("post", "PL_POST")):
                v = (r.get(col) or "").strip()
                if v and v not in u[k]:
                    u[k].append(v)
            u["dates"] += [d for d in (_date(r.get("DECOM") or ""), _date(r.get("DEC") or "")) if d]
    return out


def write_lists(folder: Path, out: Path, seed: int, as_at: _dt.date) -> dict[str, list[str]]:
    from openpyxl import Workbook

    rng = random.Random(seed)
    urns = urns_of(folder)
    posts = sorted({p for u in urns.values() for p in u["post"]}) or ["SW1A 1AA"]
    planted: dict[str, list[str]] = {k: [] for k in ("1008", "219", "221", "224", "closed")}
    ch_rows, scp_current, scp_closed = [], [], []
    for urn in sorted(urns):
        u = urns[urn]
        if rng.random() < SHARE:
            planted["1008"].append(urn)
            continue
        places, providers = list(u["place"]), list(u["provider"])
        if places and rng.random() < SHARE:
            places.remove(rng.choice(places))
            planted["219"].append(urn)
        if providers and rng.random() < SHARE:
            providers.remove(rng.choice(providers))
            planted["224"].append(urn)
        post = u["post"][0] if u["post"] else rng.choice(posts)
        if rng.random() < SHARE:
            post = rng.choice([p for p in posts if p != post] or posts)
            planted["221"].append(urn)
        post = post.lower() if rng.random() < 0.1 else post  # Ofsted's case is not the return's
        closed = None
        if rng.random() < 2 * SHARE:
            closed = rng.choice(u["dates"] + [as_at - _dt.timedelta(days=rng.randint(1, 200))]) if u["dates"] else \
                as_at - _dt.timedelta(days=rng.randint(1, 200))
            planted["closed"].append(urn)
        la = rng.choice(["Westminster", "Camden", "Kent", "Leeds"])
        if set(u["place"]) & CH_PLACES:
            ch_rows.append([la, urn, "Children's home", "Private", f"Home {urn}", "Active" if closed is None else "Closed",
                            closed, ",".join(places), "/".join(providers), post])
        elif closed is None:
            scp_current.append([urn, "Independent Fostering Agency", f"Setting {urn}", post, la, ",".join(places),
                                ",".join(providers)])
        else:
            scp_closed.append([urn, "Independent Fostering Agency", f"Setting {urn}", post, la, closed, ",".join(places),
                               ",".join(providers)])
    out.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "Provider information"
    ws.append(["Local Authority", "URN", "Provider Type", "Sector", "Setting Name", "Provider Status", "Closed Date",
               "Provider Code", "Provider Placement Code", "Setting Address Postcode"])
    for r in ch_rows:
        ws.append(r)
    cond = wb.create_sheet("Registration Conditions")
    cond.append(["Local Authority", "URN", "Setting Name", "Conditions"])
    for r in ch_rows[:5]:
        cond.append([r[0], r[1], r[4], "Up to 4 children"])
    wb.save(out / "childrens_homes.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.title = "Current providers"
    ws.append(["URN", "Provision type", "Setting name", "Setting postcode", "Local authority", "Placement code",
               "Placement provider code"])
    for r in scp_current:
        ws.append(r)
    ws = wb.create_sheet(f"Providers closed in {as_at.year - 1}-{as_at.year % 100:02d}")
    ws.append(["URN", "Provision type", "Setting name", "Setting postcode", "Local authority", "Deregistration date",
               "Placement code", "Placement provider code"])
    for r in scp_closed:
        ws.append(r)
    wb.save(out / "social_care_providers.xlsx")
    (out / "planted.json").write_text(json.dumps(planted, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return planted


def lists_for(folder: Path, out: Path, seed: int, as_at: _dt.date) -> tuple[Path, Path]:
    """Write the lists for the return in ``folder`` to ``out``: (the children's homes list, the social care
    providers list), in the order the validator's runner (--ch, --scp) and casecheck take them."""
    write_lists(folder, out, seed, as_at)
    return out / "childrens_homes.xlsx", out / "social_care_providers.xlsx"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--as-at", default="2026-03-31")
    args = ap.parse_args(argv)
    planted = write_lists(args.folder, args.out, args.seed, _dt.date.fromisoformat(args.as_at))
    print(", ".join(f"{k}: {len(v)}" for k, v in sorted(planted.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
