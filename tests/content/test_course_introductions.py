"""Each module's introduction lists what the module now teaches, with the manifest's times.

The introduction is the learner's plan for the module: its table must name every item a
learner meets, in the manifest's order and with the manifest's minutes, and the total it
states must be their sum. A lesson added to the manifest without its line in the
introduction fails here by name.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
FOLDERS = {"business-model": "02-business-model", "economics": "03-economics",
           "strategy": "04-strategy", "stakeholders": "05-stakeholders"}


def _module(slug: str) -> dict:
    manifest = tomllib.loads((COURSE / "course.toml").read_text(encoding="utf-8"))
    (module,) = [m for m in manifest["modules"] if m["slug"] == slug]
    return module


def _table(text: str) -> list[list[str]]:
    lines = text.splitlines()
    start = lines.index("## How the module is organised")
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("#"):
            break
        if line.startswith("|") and not re.fullmatch(r"\|[-| :]+\|", line):
            rows.append([c.strip() for c in line.strip("|").split("|")])
    assert rows[0] == ["Step", "Item", "Kind", "Time"], rows[0]
    return rows[1:]


@pytest.mark.parametrize("slug", sorted(FOLDERS))
def test_introduction_lists_every_learner_item_with_its_time(slug):
    module = _module(slug)
    studied = [i for i in module["items"] if i.get("visibility", "learners") == "learners"]
    intro = (COURSE / FOLDERS[slug] / "introduction.md").read_text(encoding="utf-8")
    rows = _table(intro)
    assert [int(r[0]) for r in rows] == list(range(1, len(studied) + 1))
    assert rows[0][1] == "This introduction" and studied[0]["slug"].endswith("-introduction")
    assert [r[1] for r in rows[1:]] == [i["title"] for i in studied[1:]]
    assert [int(r[3].removesuffix(" min")) for r in rows] == [i["minutes"] for i in studied]
    total = sum(i["minutes"] for i in studied)
    m = re.search(r"\*\*about (\d+) hours?(?: (\d+) minutes)?\*\* \((\d+) minutes\)", intro)
    assert m, "the introduction states the module's total time"
    assert int(m.group(1)) * 60 + int(m.group(2) or 0) == int(m.group(3)) == total
    kinds = {"theory": "Theory", "tool": "Workbook tool", "case": "Practical case",
             "quiz": "Quiz", "reflection": "Reflection"}
    assert [r[2] for r in rows] == [kinds[i["kind"]] for i in studied]


def test_the_mapping_introduction_lists_the_tools_and_the_real_time():
    """Module 1 keeps its shorter table (a translation of it is under way), with the same
    minutes as the manifest, in order, and the total they make."""
    module = _module("mapping")
    studied = [i for i in module["items"] if i.get("visibility", "learners") == "learners"]
    intro = (COURSE / "01-mapping" / "introduction.md").read_text(encoding="utf-8")
    lines = intro.split("## How the module is organised", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines.splitlines()
            if line.startswith("| ") and not line.startswith("| Step")]
    assert [int(r[-1].removesuffix(" min")) for r in rows] == [i["minutes"] for i in studied]
    tools = [i["title"] for i in studied if i["kind"] == "tool"]
    assert tools and all(any(r[1] == t for r in rows) for t in tools)
    total = sum(i["minutes"] for i in studied)
    m = re.search(r"about \*\*(\d+) hours (\d+) minutes\*\*", intro)
    assert m and int(m.group(1)) * 60 + int(m.group(2)) == total
