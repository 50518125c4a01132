"""The letter: a run's findings written as one of the framework's products.

Every word comes from the framework file (``rules/frameworks/*.yaml``): the
product (an ILACS graded inspection, an ILACS focused visit, a 2011
safeguarding and looked after children report, a 2009-12 unannounced
inspection letter, or any product a new framework file declares) and its
sections in order; each category's role and phrases; the words for rates
("most", "the large majority of") with the figures kept as evidence; and the
themes failures are grouped into, so priority actions and points to improve
are a few thematic ones, as seed 001 has, each citing its rules and figures.
Nothing here knows a framework by its id.

A result made before its framework carried these (no ``products`` in its
``framework``) is written with the framework file of the same id or path.
"""

from __future__ import annotations

from typing import Any

from checker.errors import CasecheckError, Diagnostic
from checker.packs.framework import DEFAULT_WORDING, load_framework
from checker.report import themes
from checker.report.view import md, render, report_model, worst_first
from checker.suggest import did_you_mean

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def letter_framework(result: dict) -> dict:
    """The result's framework summary with its letter data: the result's
    own, or for an older result, the framework file it names."""
    fw = dict(result.get("framework") or {})
    if fw and "products" not in fw and fw.get("id"):
        ref = str(fw["file"]) if fw.get("file") not in (None, "", "built-in") else str(fw["id"])
        try:
            full = load_framework(ref).summary()
        except CasecheckError:
            full = None
        if full is not None:
            keep = {k: fw[k] for k in ("grading", "assumed", "product") if k in fw}
            fw = {**full, **keep}
    return fw


def choose_product(fw: dict, product: str | None = None) -> dict:
    """The product to write: ``product``, else the result's, else the
    framework's default; a framework summary without products writes its
    ``sections`` (or a plain overview and findings)."""
    products = [p for p in fw.get("products") or [] if isinstance(p, dict)]
    if not products:
        sections = [s for s in fw.get("sections") or [] if isinstance(s, dict)]
        if not sections:
            sections = [{"id": "overview", "heading": "Overview", "content": "headline"},
                        {"id": "findings", "heading": "Findings", "content": "findings",
                         "categories": [c["id"] for c in fw.get("categories") or [] if isinstance(c, dict)]}
                        if fw.get("categories") else {"id": "findings", "heading": "Findings", "content": "all_findings"}]
        products = [{"id": "letter", "title": fw.get("title") or "Letter", "graded": bool(fw.get("grades")), "sections": sections}]
    want = product or fw.get("product") or fw.get("default_product") or products[0]["id"]
    for p in products:
        if p["id"] == want:
            return p
    ids = [p["id"] for p in products]
    if product:
        raise CasecheckError(Diagnostic(f"framework `{fw.get('id')}` has no product `{product}`; its products: {', '.join(ids)}",
                                        code="no-product", suggestion=did_you_mean(product, ids)))
    return products[0]


# ---------------------------------------------------------------- words

def rate_words(fw: dict, rate: float | None) -> str:
    """The framework's words for a share of cases met ("most")."""
    bands = [b for b in fw.get("rate_words") or [] if isinstance(b, dict)]
    if rate is None or not bands:
        return ""
    for b in bands:
        if b.get("min_rate") is None or rate >= b["min_rate"] - 1e-9:
            return str(b["words"])
    return str(bands[-1]["words"])


def _lower_first(title: str) -> str:
    title = " ".join(str(title or "").split()).rstrip(".")
    first = title.split()[0] if title else ""
    if len(first) > 1 and first.upper() == first:
        return title
    return title[:1].lower() + title[1:]


def _fill(template: str, values: dict[str, Any]) -> str:
    out = template
    for k, v in values.items():
        out = out.replace("{" + k + "}", str(v))
    return out


def _values(r: dict, fw: dict, sample: bool) -> dict[str, Any]:
    c = r["counts"]
    den = r["denominator"] or 0
    rate = r["rate"]
    words = rate_words(fw, rate) or (f"{c['pass']} of {den}" if den else "no")
    title = r["title"] or r["id"]
    return {"title": _lower_first(title), "Title": title[:1].upper() + title[1:], "words": words,
            "pass": f"{c['pass']:,}", "fail": f"{c['fail']:,}", "denominator": f"{den:,}",
            "rate": "-" if rate is None else f"{round(rate * 100):d}%", "id": r["id"],
            "cases": "cases sampled" if sample else "cases"}


def rule_sentence(r: dict, fw: dict, sample: bool, positive: bool) -> str:
    """One rule as a letter states it: the expectation, the words for how
    often it was met, the figures as evidence."""
    wording = {**DEFAULT_WORDING, **(fw.get("wording") or {})}
    if not r["denominator"]:
        return md(r["narrative"])
    if not fw.get("rate_words"):
        return md(r["narrative"])  # a framework without words: the rule's own sentence
    v = _values(r, fw, sample)
    if r["rate"] == 1 and positive:
        return md(_fill(wording["met_all"], v))
    return md(_fill(wording["met" if positive else "short"], v))


def _repeated(rules: list[dict], phrases: dict[str, str]) -> str:
    for r in rules:
        ch = r["change"] or {}
        if ch.get("repeated"):
            role = ch.get("previous_role") or r["role"]
            if role in phrases:
                return f" This was {phrases[role]} at the previous audit."
            return " This was also found at the previous audit."
    return ""


def point_sentence(entry: dict, views: dict[str, dict], fw: dict, sample: bool, phrases: dict[str, str],
                   keep=lambda r: True) -> str:
    """A thematic priority action or point to improve: the theme and each
    of its rules' expectations (those ``keep`` keeps), with words and
    figures."""
    wording = {**DEFAULT_WORDING, **(fw.get("wording") or {})}
    rules = [views[x] for x in entry["rules"] if x in views and keep(views[x])]
    if rules and entry["id"] == rules[0]["id"]:  # one rule, no theme (priority actions from rules)
        return rule_sentence(rules[0], fw, sample, False) + _repeated(rules, phrases)
    parts = [_fill(wording["expectation"], _values(r, fw, sample)) for r in rules]
    listed = parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + " and " + parts[-1] if parts else ""
    text = _fill(wording["point"], {"theme": entry["title"], "Theme": entry["title"][:1].upper() + entry["title"][1:],
                                    "expectations": listed})
    again = _repeated(rules, phrases)
    if again and not text.rstrip().endswith((".", "!", "?")):
        text = text.rstrip() + "."
    return md(text) + again


def indicator_line(r: dict, sample: bool) -> str:
    """An indicator as context: its rate against its benchmarks (the
    result's ``indicator``, where the run made one), else its rate alone;
    never a count of failures, never a strength."""
    ind = r.get("indicator") or {}
    if ind.get("text"):
        measure = str(ind.get("measure") or r["title"])
        text = f"{measure[:1].upper() + measure[1:]}: {ind['text']}"
        if ind.get("window"):
            text += f" (data window: {ind['window']})"
        return md(sentence_end(text))
    c, n = r["counts"], r["denominator"] or 0
    cases = "cases sampled" if sample else "cases"
    if not n:
        return md(f"{r['title']}: no {cases} to count.")
    return md(f"{r['title']}: {c['pass']:,} of {n:,} {cases} ({round(100 * c['pass'] / n):d}%); no benchmark is set.")


def sentence_end(text: str) -> str:
    return text if text.rstrip().endswith((".", "!", "?")) else text.rstrip() + "."


# ---------------------------------------------------------------- blocks

def _grade_words(a: dict) -> str:
    """``Grade 3 (adequate)`` where the framework numbers its grades, else the label."""
    if a.get("grade_number"):
        return f"Grade {a['grade_number']} ({md(a['grade_label']).lower()})"
    return md(a["grade_label"])


def _block(heading: str | None = None, level: int = 2, **parts) -> dict:
    return {"heading": heading, "level": level, "intro": None, "paragraphs": [], "bullets": [], "table": None,
            "children": [], "closing": None, **parts}


def _capacity(m: dict, rules: list[dict]) -> list[str]:
    """What case data can say about capacity for improvement: the direction
    of travel of ``rules`` since the previous audit. The grade is the
    inspectors'."""
    out = [("Capacity for improvement is judged from evidence case records do not hold (leadership, ambition, "
            "resources and plans); it is not graded here.")]
    if not m["history"]:
        out.append("There is no previous audit to show the direction of travel.")
        return out
    h = {"as_at_long": m["history"]["as_at_long"], "improved": 0, "declined": 0, "repeated": 0}
    for r in rules:
        ch = r["change"] or {}
        if ch.get("change") in ("improved", "declined"):
            h[ch["change"]] += 1
        h["repeated"] += bool(ch.get("repeated"))
    text = (f"Since the previous audit as at {h['as_at_long']}, {h['improved']} "
            f"{'findings' if h['improved'] != 1 else 'finding'} improved and {h['declined']} declined")
    if h["repeated"]:
        text += f"; {h['repeated']} {'weaknesses were' if h['repeated'] != 1 else 'weakness was'} found again"
    text += "."
    out.append(text)
    if h["improved"] > h["declined"] and not h["repeated"]:
        out.append("The direction of travel is positive.")
    elif h["declined"] > h["improved"] or h["repeated"]:
        out.append("Progress since the previous audit is not yet secure.")
    return out


def letter_blocks(m: dict, fw: dict, product: dict, actions: dict, phrases: dict[str, str]) -> list[dict]:
    """The letter as blocks (heading, intro, paragraphs, bullets, a table,
    sub-blocks, closing), one per section of the product, in its order.
    Text is already escaped for Markdown. Sections with nothing to say are
    left out, as the letters leave out areas for priority action when there
    are none."""
    graded = bool(product.get("graded", bool(m["grades"])))
    sample = bool((m.get("sample") or {}).get("sample"))
    cat_by_id = {c["id"]: c for c in m["categories"]}
    cat_ids = list(cat_by_id)
    views = {r["id"]: r for r in m["rules"]}
    area_of_rule = {r["id"]: a for a in m["all_areas"] for r in a["rules"]}
    prio = fw.get("priority_category")

    def in_group(rule_or_area, group):
        if not group:
            return True
        a = area_of_rule.get(rule_or_area["id"]) if "counts" in rule_or_area else rule_or_area
        return bool(a) and a.get("group") == group

    def shown(r):  # what a rule is shown as: a lone serious failure of an older result is something to improve
        return r.get("shown_category") or r["category"]

    def say(r):
        c = cat_by_id.get(shown(r)) or {}
        return rule_sentence(r, fw, sample, bool(c.get("positive"))) + _repeated([r], phrases)

    def entry_group(e, group):
        return not group or any(in_group(views[x], group) for x in e["rules"] if x in views)

    def points(entries, group):
        return [point_sentence(e, views, fw, sample, phrases, lambda r: in_group(r, group))
                for e in entries if entry_group(e, group)]

    blocks = []
    for s in product.get("sections") or []:
        content, heading, group = s.get("content"), s.get("heading"), s.get("group")
        b = _block(md(heading) if heading else None, intro=md(s["intro"]) if s.get("intro") else None,
                   closing=md(s["closing"]) if s.get("closing") else None)
        if content == "headline":
            b["paragraphs"].append(md(m["headline"]) if m["headline"] else overview(m, phrases))
            if m["history"]:
                b["paragraphs"].append(history_sentence(m))
            if b["intro"]:  # the letters' "From the evidence gathered, ..." follows the summary
                b["paragraphs"].append(b["intro"])
                b["intro"] = None
        elif content == "grade_scale" and graded:
            for g in m["grades"]:
                number = g.get("number")
                b["bullets"].append(f"{md(g.get('label') or g.get('id'))}" + (f" (Grade {number})" if number else ""))
        elif content == "judgements" and graded:
            areas = [a for a in m["judgements"] if in_group(a, group)]
            if s.get("detail") or group:
                for a in areas:
                    child = _block(md(a["row_title"] if not group else a["title"]), 3, paragraphs=[f"**{_grade_words(a)}**"])
                    child["bullets"] = [say(r) for r in a["rules"] if r["category"]]
                    b["children"].append(child)
            elif areas:
                b["table"] = {"header": ["Judgement", "Grade"],
                              "rows": [(md(a["row_title"]), md(a["grade_label"]), a["overall"]) for a in areas]}
        elif content == "findings":
            wanted = [c for c in s.get("categories") or [] if c in cat_by_id]
            pool = worst_first([r for r in m["rules"] if shown(r) in wanted and in_group(r, group)])
            pooled = {r["id"] for r in pool}
            if len(wanted) > 1 and set(wanted) == set(cat_ids):
                for a in m["areas"]:
                    rules = [r for r in a["rules"] if r["id"] in pooled]
                    if rules:
                        child = _block(md(a["title"]), 3)
                        if a["grade"] and graded:
                            child["paragraphs"].append(f"**Judgement: {_grade_words(a)}**")
                        child["bullets"] = [say(r) for r in rules]
                        b["children"].append(child)
            elif len(wanted) == 1:
                b["bullets"] = [say(r) for r in pool]
            else:
                for cid in wanted:
                    rules = [r for r in pool if shown(r) == cid]
                    if rules:
                        c = cat_by_id[cid]
                        b["children"].append(_block(md(c.get("narrative_heading") or c.get("label") or cid), 3,
                                                    bullets=[say(r) for r in rules]))
        elif content == "priority_actions":
            b["bullets"] = points(actions["priority"], group)
        elif content == "improvements":
            wanted = [c for c in s.get("categories") or cat_ids if c in cat_by_id]
            entries = [e for e in actions["priority"] if prio in wanted] + \
                      [e for e in actions["improve"] if e.get("category") in wanted]
            entries = [e for e in entries if entry_group(e, group)]
            if s.get("by_category"):
                for cid in wanted:
                    mine = [e for e in entries if (e.get("category") or prio) == cid]
                    if mine:
                        c = cat_by_id[cid]
                        b["children"].append(_block(md(c.get("narrative_heading") or c.get("label") or cid), 3,
                                                    bullets=points(mine, group)))
            else:
                b["bullets"] = points(entries, group)
        elif content == "capacity":
            b["paragraphs"] = [md(p) for p in _capacity(m, [r for r in m["rules"] if in_group(r, group)])]
        elif content == "indicators":
            b["bullets"] = [indicator_line(r, sample) for r in m["rules"] if r.get("kind") == themes.INDICATOR and in_group(r, group)]
        elif content == "record_of_main_findings" and graded:
            by_id = {a["id"]: a for a in m["judgements"]}
            rows, pending = [], None
            for row in s.get("rows") or [{"area": a["id"]} for a in m["judgements"]]:
                if row.get("heading"):
                    pending = row["heading"]
                elif row.get("area") in by_id:
                    if pending:
                        rows.append((f"**{md(pending)}**", "", False))
                        pending = None
                    a = by_id[row["area"]]
                    rows.append((md(a["title"] if s.get("rows") else a["row_title"]), md(a["grade_label"]), False))
            if any(r[1] for r in rows):
                b["table"] = {"header": ["Judgement area", "Grade"], "rows": rows}
        elif content == "all_findings":
            b["bullets"] = [md(r["narrative"]) for r in sorted(m["rules"], key=lambda r: (r["rate_sort"], r["id"]))]
        if b["paragraphs"] or b["bullets"] or b["table"] or b["children"]:
            blocks.append(b)
    return blocks


def history_sentence(m: dict) -> str:
    h = m["history"]
    text = (f"Compared with the previous audit as at {h['as_at_long']}, {h['improved']} "
            f"{'findings' if h['improved'] != 1 else 'finding'} improved, {h['declined']} declined and "
            f"{h['unchanged']} {'were' if h['unchanged'] != 1 else 'was'} unchanged")
    if h["new"]:
        text += f"; {h['new']} {'checks are' if h['new'] != 1 else 'check is'} new"
    text += "."
    if h["repeated"]:
        text += (f" {h['repeated']} {'areas of weakness were' if h['repeated'] != 1 else 'area of weakness was'} "
                 "also found at the previous audit.")
    return text


def overview(m: dict, phrases: dict[str, str]) -> str:
    parts = []
    for c in reversed(m["categories"]):  # worst first
        if not c["count"]:
            continue
        phrase = c.get("phrase") or {}
        if phrase:
            parts.append(f"{c['count']} {phrase['one'] if c['count'] == 1 else phrase['many']}")
        else:
            parts.append(f"{c['count']} {md(c.get('label') or c['id']).lower()}")
    if not m["categories"]:
        clean = sum(1 for r in m["rules"] if r["denominator"] and r["rate"] == 1)
        s = m["summary"]
        return (f"The audit found {s['fail']:,} failing and {s['not_evidenced']:,} unevidenced case outcomes "
                f"across {len(m['rules'])} rules; {clean} {'rules were' if clean != 1 else 'rule was'} met in every case.")
    if not parts:
        return "The audit placed no finding in the framework's categories."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"The audit identified {listed}."


def letter(result: dict, product: str | None = None) -> str:
    """A Markdown letter: the run's findings as one of its framework's
    products (``product``, else the one the result names, else the
    framework's default)."""
    m = report_model(result)
    fw = letter_framework(result)
    chosen = choose_product(fw, product)
    cats = {c["id"]: c for c in fw.get("categories") or [] if isinstance(c, dict)}
    for c in m["categories"]:  # roles and phrases from the framework file when the result predates them
        c.setdefault("phrase", (cats.get(c["id"]) or {}).get("phrase"))
        if not c.get("role"):
            c["role"] = (cats.get(c["id"]) or {}).get("role")
    phrases = {c["role"]: c["phrase"]["a"] for c in reversed(m["categories"]) if c.get("role") and c.get("phrase")}
    for r in m["rules"]:
        if r["category"] and not r["role"]:
            r["role"] = (cats.get(r["category"]) or {}).get("role")
        ch = r["change"] or {}
        if ch and ch.get("previous_category") and not ch.get("previous_role"):
            ch["previous_role"] = (cats.get(ch["previous_category"]) or {}).get("role")
    actions = result.get("actions")
    if not actions:
        policy = (fw.get("grading") or {}).get("policy")
        findings = [{"id": r["id"], "area": r["area"], "tags": r.get("tags") or [], "severity": r["severity"],
                     "kind": r.get("kind"), "category": r["category"], "rate": r["rate"], "title": r["title"],
                     "thresholds": r.get("rule_thresholds") or {}} for r in m["rules"]]
        actions = themes.group(findings, fw, "rules" if policy == "worst" else None,
                               {a["id"]: a["title"] for a in m["all_areas"] if a.get("id")})
        demoted = {x for e in actions["improve"] for x in e["rules"]}
        for r in m["rules"]:
            if r["id"] in demoted and r["category"] == fw.get("priority_category"):
                better = [c["id"] for c in m["categories"]]
                r["shown_category"] = better[better.index(r["category"]) - 1]
    blocks = letter_blocks(m, fw, chosen, actions, phrases)
    closed = any(b["closing"] for b in blocks)
    ending = chosen.get("closing") or {}
    closing = None
    if not closed:
        closing = ending.get("priority") if actions["priority"] else ending.get("otherwise")
        if closing is None:
            closing = ("The service should prepare an action plan responding to the areas for priority action. "
                       "The same rules will be checked again at the next audit." if actions["priority"]
                       else "The same rules will be checked again at the next audit.")
    m["uncategorised"] = [r for r in m["uncategorised"] if r.get("kind") != themes.INDICATOR]
    return render("letter.md.j2", False, m=m, blocks=blocks, closing=md(closing) if closing else None,
                  product=chosen)
