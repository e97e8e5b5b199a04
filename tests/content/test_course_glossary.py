"""The glossary explains the terms the lessons use, in order, and agrees with the lessons."""

from __future__ import annotations

import re
from pathlib import Path

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
GLOSSARY = (COURSE / "glossary.md").read_text(encoding="utf-8")
LESSONS = "\n".join(p.read_text(encoding="utf-8") for p in sorted(COURSE.glob("0*/*.md")))

# Terms the newer lessons rely on (state aid, impact evaluation, governance, EU instruments,
# team and member relations): each must be in the glossary and in at least one lesson.
REQUIRED = {
    "Counterfactual": "counterfactual",
    "Comparison group": "comparison group",
    "Difference-in-differences": "difference-in-differences",
    "Selection bias": "selection bias",
    "Attribution": "attribute",
    "De minimis aid": "de minimis",
    "GBER (General Block Exemption Regulation)": "General Block Exemption Regulation",
    "GBER Article 27": "Article 27",
    "State aid": "state aid",
    "Cascade funding": "cascade funding",
    "Eurocluster": "Eurocluster",
    "ClusterXchange": "ClusterXchange",
    "European Cluster Panorama": "European Cluster Panorama",
    "European Observatory for Clusters and Industrial Change (EOCIC)":
        "European Observatory for Clusters and Industrial Change",
    "European Strategic Cluster Partnerships (ESCP)": "European Strategic Cluster Partnerships",
    "EUCLES": "EUCLES",
    "Results chain": "results chain",
    "Legal form": "legal form",
    "Conflict of interest": "conflicts of interest",
    "Working group": "working group",
    "Member relationship management (CRM)": "member relationship management",
    "Member journey": "member journey",
    "Contribution margin": "contribution margin",
    "Cost recovery": "cost recovery",
    "Service portfolio grid": "portfolio grid",
    "Co-financing": "co-financ",
}


def _terms() -> list[str]:
    return re.findall(r"^([^\n:][^\n]*)\n: ", GLOSSARY, re.M)


def test_glossary_has_the_terms_the_lessons_use():
    terms = _terms()
    for term, in_lesson in REQUIRED.items():
        assert term in terms, term
        assert in_lesson.lower() in LESSONS.lower(), f"{term}: no lesson uses it"


def test_glossary_is_alphabetical_and_every_entry_names_its_module():
    terms = _terms()
    assert terms == sorted(terms, key=str.lower)
    assert len(terms) == len(set(terms))
    for block in re.split(r"\n\n(?=[^:\n][^\n]*\n: )", GLOSSARY.split("\n\n", 1)[1]):
        term = block.split("\n", 1)[0]
        if term != "Cluster manager":  # a role, not taught in one module
            assert re.search(r"\(Modules? [1-5]( and [1-5])?\)$", block.strip()), term


def test_glossary_agrees_with_the_lessons():
    state_aid = (COURSE / "03-economics" / "state-aid.md").read_text(encoding="utf-8")
    assert "EUR 300,000 over any three-year period" in state_aid
    assert "at most EUR 300,000 per undertaking" in GLOSSARY
    assert "Regulation (EU) 2023/2831" in state_aid and "Regulation (EU) 2023/2831" in GLOSSARY
    # cluster organisation and cluster initiative are kept apart, as module 1 does
    assert "this course keeps them apart" in GLOSSARY
    # the labels' validity matches the EU instruments lesson
    eu = (COURSE / "04-strategy" / "eu-instruments.md").read_text(encoding="utf-8")
    assert eu.count("**How long it is valid:** two years") == 2
    assert "Bronze and Silver are valid for two years" in GLOSSARY
