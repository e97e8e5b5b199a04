"""The facilitator pack of the cluster-management course: trainer-only teaching notes for every
case, a session plan per training format, and printable A3 worksheets.

Reads the package through the engine (lms.content.loader), as `flask courses check` does.
"""

import re
import xml.etree.ElementTree as ET  # nosec B405: our own package files, not user input
from pathlib import Path

import pytest

from lms.content.loader import load_package

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
SVG = "{http://www.w3.org/2000/svg}"
WORKSHEETS = ["canvas-a3.svg", "power-interest-a3.svg", "value-chain-a3.svg"]
FORMATS = ["two-week-course", "one-day-workshop", "city-series", "two-day-international"]


@pytest.fixture(scope="module")
def package():
    package, problems = load_package(COURSE)
    assert package is not None, [str(p) for p in problems]
    return package


def test_every_case_is_followed_by_its_trainer_only_teaching_notes(package):
    for module in package.modules:
        items = list(module.items)
        for index, item in enumerate(items):
            if item.kind != "case":
                continue
            notes = items[index + 1]
            assert notes.slug == f"{item.slug}-notes", item.slug
            assert notes.visibility == "trainers" and notes.title.startswith("Teaching notes")
            for section in ("## Timing in the room", "## Debrief questions",
                            "## What good answers look like"):
                assert section in notes.body, (notes.slug, section)
            # the worked answers live in the notes, never under the learners' case
            assert "Check your numbers" not in item.body
            assert "## Numbers worked out" in notes.body, notes.slug


def test_learner_items_never_need_or_link_to_trainer_material(package):
    trainer_only = {i.slug for i in package.items if i.visibility == "trainers"}
    trainer_files = {i.file for i in package.items if i.visibility == "trainers"}
    for item in package.items:
        if item.visibility == "learners":
            assert not trainer_only & set(item.prerequisites), item.slug
            assert not any(Path(f).name in item.body for f in trainer_files), item.slug


def test_a_session_plan_for_each_format(package):
    (pack,) = [m for m in package.modules if m.slug == "facilitation"]
    assert all(item.visibility == "trainers" for item in pack.items)
    plans = {item.slug.removeprefix("facilitation-"): item.body for item in pack.items}
    lesson_titles = {i.title for i in package.items if i.visibility == "learners"}
    for name in FORMATS:
        plan = plans[name]
        for part in ("## Agenda", "Pre-work", "## Post-work", "## Materials to print"):
            assert part in plan, (name, part)
        assert re.search(r"\| (?:\d\d:\d\d|\d+) \|", plan), f"{name}: no timed agenda"
        assert re.search(r"[Mm]odule \d case", plan), f"{name}: no case worked in the room"
        named = set(re.findall(r"(?<!\*)\*([^*]+)\*(?!\*)", plan))  # italics, not bold
        # the pre-work lessons it names in italics are lessons of the course, by title
        assert all(any(t.startswith(n.rstrip("…")) for t in lesson_titles)
                   for n in named if not n.startswith("For trainers")), (name, named)


@pytest.mark.parametrize("name", WORKSHEETS)
def test_worksheets_are_printable_a3_with_a_text_alternative(package, name):
    path = COURSE / "assets" / "worksheets" / name
    root = ET.parse(path).getroot()  # nosec B314: our own package file
    assert (root.get("width"), root.get("height")) == ("420mm", "297mm")  # A3 landscape
    assert root.get("viewBox") == "0 0 420 297" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and len(desc.text) > 80
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}foreignObject"))
    linked = [i for i in package.items if f"assets/worksheets/{name}" in i.body]
    assert linked and all(i.visibility == "trainers" for i in linked), name


def test_canvas_worksheet_places_the_blocks_as_the_canvas_does():
    root = ET.parse(COURSE / "assets" / "worksheets" / "canvas-a3.svg").getroot()  # nosec B314
    labels = {t.text.split(". ", 1)[1]: float(t.get("x"))
              for t in root.iter(f"{SVG}text") if t.text and re.match(r"\d\. ", t.text)}
    assert len(labels) == 9
    x = labels
    assert x["Key partnerships"] < x["Key activities"] < x["Value propositions"] \
        < x["Customer relationships"] < x["Customer segments"]
    assert x["Key activities"] == x["Key resources"]
    assert x["Customer relationships"] == x["Channels"]
    assert x["Cost structure"] < x["Value propositions"] < x["Revenue streams"]
    licence = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "CC BY-SA" in licence and "same licence" in licence
