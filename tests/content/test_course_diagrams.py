"""The course's SVG diagrams: accessible, inert, embedded with alt text, and shown by the app."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lms.extensions import db
from lms.models import Course
from tests.fixtures.content import import_package

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
DIAGRAMS = sorted((COURSE / "assets" / "diagrams").glob("*.svg"))
SVG = "{http://www.w3.org/2000/svg}"
IMAGE_RE = re.compile(r"!\[([^\]]*)\]\((assets/diagrams/[^)\s]+\.svg)\)")


def test_the_six_diagrams_the_course_needs_exist():
    assert [p.stem for p in DIAGRAMS] == [
        "actor-network", "business-model-canvas", "life-cycle",
        "power-interest-grid", "service-portfolio-grid", "value-chain",
    ]


@pytest.mark.parametrize("path", DIAGRAMS, ids=lambda p: p.stem)
def test_diagram_is_accessible_and_inert(path):
    root = ET.parse(path).getroot()  # noqa: S314 - our own package file, not user input
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") and root.get("role") == "img"
    # <title> and <desc> come first and are what aria-labelledby points at
    title, desc = root[0], root[1]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert len(title.text.split()) >= 4 and len(desc.text.split()) >= 30
    ids = set()
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        assert tag not in {"script", "foreignObject", "image", "a", "iframe", "style"}, tag
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{tag} {name}"
            assert "href" not in name, f"{tag}: {name}={value}"  # no external or internal links
            for ref in re.findall(r"url\(([^)]*)\)", value):
                assert ref.startswith("#"), f"{tag}: {value}"  # only local markers
        if element.get("id"):
            ids.add(element.get("id"))
        if tag == "text":
            assert float(element.get("font-size") or _inherited_size(root, element)) >= 14
    # ids are prefixed per diagram, so two diagrams on one page cannot clash
    prefixes = {i.split("-")[0] for i in ids}
    assert len(prefixes) == 1, ids


def _inherited_size(root: ET.Element, element: ET.Element) -> str:
    """The font size of the nearest <g> that contains `element`."""
    parents = {child: parent for parent in root.iter() for child in parent}
    node = element
    while node in parents:
        node = parents[node]
        if node.get("font-size"):
            return node.get("font-size")
    raise AssertionError("text without a font size")


def test_diagram_ids_differ_between_diagrams():
    prefixes = []
    for path in DIAGRAMS:
        root = ET.parse(path).getroot()  # noqa: S314
        prefixes.append(root[0].get("id").split("-")[0])
    assert len(prefixes) == len(set(prefixes))


def _embedded() -> list[tuple[Path, str, str]]:
    found = []
    for lesson in sorted(COURSE.glob("0*/*.md")):
        for alt, src in IMAGE_RE.findall(lesson.read_text(encoding="utf-8")):
            found.append((lesson, alt, src))
    return found


# Each diagram sits in the lesson that describes the picture, and only there.
WHERE = {
    "assets/diagrams/value-chain.svg": "01-mapping/actors-and-linkages.md",
    "assets/diagrams/actor-network.svg": "01-mapping/actors-and-linkages.md",
    "assets/diagrams/business-model-canvas.svg": "02-business-model/canvas.md",
    "assets/diagrams/service-portfolio-grid.svg": "02-business-model/diagnosis.md",
    "assets/diagrams/life-cycle.svg": "03-economics/life-cycle.md",
    "assets/diagrams/power-interest-grid.svg": "05-stakeholders/stakeholder-maps.md",
}


def test_each_diagram_is_embedded_in_the_lesson_that_describes_it():
    found = sorted((src, lesson.relative_to(COURSE).as_posix()) for lesson, _, src in _embedded())
    assert found == sorted(WHERE.items())
    assert {f"assets/diagrams/{p.name}" for p in DIAGRAMS} == set(WHERE)


def test_every_embedded_diagram_exists_and_has_alt_text():
    embedded = _embedded()
    assert embedded
    for lesson, alt, src in embedded:
        assert (COURSE / src).is_file(), f"{lesson.name}: {src}"
        assert len(alt.split()) >= 6, f"{lesson.name}: alt text too short for {src}"


def test_a_lesson_page_shows_its_diagrams(client, make_user, make_cohort, login_as):
    import_package(COURSE)
    course = db.session.scalar(db.select(Course).where(Course.slug == "cluster-management"))
    learner = login_as("learner")
    make_cohort(course=course, learners=[learner])

    lesson = COURSE / "01-mapping" / "actors-and-linkages.md"
    wanted = IMAGE_RE.findall(lesson.read_text(encoding="utf-8"))
    assert len(wanted) == 2  # the value chain map and the network map
    page = client.get("/courses/cluster-management/items/mapping-actors-and-linkages")
    assert page.status_code == 200
    images = re.findall(r'<img ([^>]*)>', page.text)
    shown = [(re.search(r'alt="([^"]*)"', i).group(1), re.search(r'src="([^"]*)"', i).group(1))
             for i in images if "/assets/diagrams/" in i]
    assert [alt for alt, _ in shown] == [alt for alt, _ in wanted]
    for (_, src), (_, name) in zip(shown, wanted, strict=True):
        assert src == f"/courses/cluster-management/{name}"
        response = client.get(src)
        try:
            assert response.status_code == 200
            assert response.mimetype == "image/svg+xml"
            assert "attachment" not in response.headers.get("Content-Disposition", "")
            assert "sandbox" in response.headers["Content-Security-Policy"]
            assert response.data == (COURSE / name).read_bytes()
        finally:
            response.close()  # send_file streams the file: close it, or it leaks a handle
