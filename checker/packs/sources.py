"""What a rule cites, as a reader can find it: the public document's title and address.

Rules name the Ofsted letter or report they were written from by its seed
file (``source: {seed: 002_8970be10583539c0.txt}``) and the guidance by its
title (``guidance: {document: Working Together to Safeguard Children (2018)}``).
A person reading a report has neither the seed files nor this repository, so
everything they read cites the published document instead: the seed's title
and address from ``rules/findings.yaml`` (``seeds``), and for guidance
without a ``url`` the address of the document its title names (below).
"""

from __future__ import annotations

from functools import lru_cache

from checker.resources import data_dir
from checker.yamlsource import load_yaml

#: Where the documents rules cite are published, by the start of their title.
#: The first match wins, so longer titles come first.
DOCUMENT_URLS: tuple[tuple[str, str], ...] = (
    ("Working Together to Safeguard Children", "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"),
    ("The Care Planning, Placement and Case Review (England) Regulations 2010", "https://www.legislation.gov.uk/uksi/2010/959"),
    ("The Care Leavers (England) Regulations 2010", "https://www.legislation.gov.uk/uksi/2010/2571"),
    ("The Children Act 1989 Guidance and Regulations, Volume 2",
     "https://www.gov.uk/government/publications/children-act-1989-care-planning-placement-and-case-review"),
    ("Children Act 1989", "https://www.legislation.gov.uk/ukpga/1989/41"),
    ("Promoting the health and well-being of looked-after children",
     "https://www.gov.uk/government/publications/promoting-the-health-and-wellbeing-of-looked-after-children--2"),
    ("Promoting the education of looked-after children",
     "https://www.gov.uk/government/publications/designated-teacher-for-looked-after-children"),
    ("Standards for employers of social workers in England", "https://www.local.gov.uk/our-support/workforce-and-hr-support/social-workers/standards-employers-social-workers"),
    ("Ofsted, Inspecting local authority children's services",
     "https://www.gov.uk/government/publications/inspecting-local-authority-childrens-services-from-2018"),
    ("Ofsted ILACS Annex A", "https://www.gov.uk/government/publications/inspecting-local-authority-childrens-services-from-2018"),
    ("Ofsted Annex A", "https://www.gov.uk/government/publications/inspecting-local-authority-childrens-services-from-2018"),
    ("DfE Children in Need census", "https://www.gov.uk/government/collections/children-in-need"),
    ("Children looked after in England (SSDA903)", "https://www.gov.uk/government/collections/statistics-looked-after-children"),
    ("The Child Safeguarding Practice Review Panel, The myth of invisible men",
     "https://www.gov.uk/government/publications/safeguarding-children-at-risk-from-abuse-by-men"),
)


@lru_cache(maxsize=1)
def _seeds() -> dict[str, dict[str, str]]:
    path = data_dir("rules") / "findings.yaml"
    if not path.is_file():
        return {}
    return {
        s["file"]: {"title": f"Ofsted, {s['title']}", "url": s.get("url") or ""}
        for s in load_yaml(path).data.get("seeds", []) if isinstance(s, dict) and s.get("file")
    }


def seed_document(seed: str) -> dict[str, str]:
    """``{"title", "url"}`` of the published document a seed file holds; an
    unknown name is given back as its own title (a council's own source)."""
    return dict(_seeds().get(seed) or {"title": seed, "url": ""})


def document_url(document: str) -> str | None:
    """The address of the document a guidance title names, if it is one we know."""
    for start, url in DOCUMENT_URLS:
        if document.startswith(start):
            return url
    return None
