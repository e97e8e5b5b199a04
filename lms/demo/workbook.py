"""Demo workbook: a learner's saved tool work (a canvas before and after a session, tables),
and a trainer's comment, so "My cluster workbook" is not empty after `make run`.

Entries are made through the tools themselves, for every tool item of the learner's courses
whose tool this site loads and for which DEMO_FORMS has a submission. A tool that is not
installed, or a submission it no longer accepts, is skipped: the demo never fails on it.
"""

import sqlalchemy as sa
from flask import current_app

from lms.access import active_enrolments
from lms.content.kinds import kinds_where
from lms.content.tools import ToolInputError, location_quotient, shift_share
from lms.demo.people import DEMO_LEARNER, DEMO_TRAINER
from lms.extensions import db
from lms.models import Cohort, Item, User, WorkbookEntry
from lms.services import workbook
from lms.services.errors import DomainError
from lms.services.reflections import trains_learner

# The lessons' own example tables: what a learner would try first.
_LQ, _SHIFT_SHARE = location_quotient.EXAMPLE, shift_share.EXAMPLE
_CANVAS_BEFORE = {
    "customer-segments": "Food-processing SMEs in Pomerania; two universities",
    "value-propositions": "Matchmaking events; a newsletter",
    "revenue-streams": "Regional core grant (70%); membership fees (30%)",
    "cost-structure": "Three staff; events",
}
_CANVAS_AFTER = {
    **_CANVAS_BEFORE,
    "value-propositions": "Matchmaking; export missions to the Nordics; shared pilot plant",
    "channels": "Member visits; a quarterly meet-up; LinkedIn",
    "key-partners": "Regional development agency; Gdańsk University of Technology",
    "revenue-streams": "Core grant (50%); fees tiered by company size (30%); paid services (20%)",
}

# Sofia's own cluster organisation (not the lesson's): a core grant that is half the budget.
_REVENUE_MIX = {
    "stream_name": ["Regional core grant", "Membership fees (64 members)", "Paid services",
                    "Interreg project", "National export programme"],
    "stream_type": ["core", "fees", "services", "projects", "projects"],
    "stream_funder": ["Pomeranian Voivodeship", "Members", "Member firms",
                      "EU Interreg South Baltic", "Polish Investment and Trade Agency"],
    "stream_amount": ["210000", "78200", "58000", "52000", "23200"],
    "total_costs": ["405000"], "fixed_costs": ["290000"], "reserves": ["45000"],
    "cut_line": ["Regional core grant"], "cut_pct": ["30"],
    "be_fixed": ["18000"], "be_price": ["450"], "be_variable": ["150"],
    "be_unit": ["participants"], "be_current": ["52"],
}
_STAKEHOLDERS = [  # name, helix, power, interest, why
    ("Pomeranian Voivodeship (core funder)", "government", "5", "4", "Pays half our budget"),
    ("Largest member, a dairy processor", "industry", "5", "3", "Sets the tone for members"),
    ("Gdańsk University of Technology", "research", "3", "5", "Pilot plant partner"),
    ("Food start-ups (eleven firms)", "industry", "2", "5", "Want export missions"),
    ("Regional development agency", "government", "4", "2", "Runs the innovation calls"),
    ("Farmers' cooperative", "civil-society", "3", "3", "Suppliers of most members"),
    ("Local press", "civil-society", "2", "2", "Covers the annual forum"),
]
_STAKEHOLDER_MAP = {
    field: [row[index] for row in _STAKEHOLDERS]
    for index, field in enumerate(("sh_name", "sh_helix", "sh_power", "sh_interest", "sh_note"))
}
# Members per fee tier of the shipped course's table (Micro ... Partner): 64 members.
_STAKEHOLDER_MAP["tier_members"] = ["30", "20", "8", "2", "4", "0"]

# Tool name -> the submissions to save in order (each one a version), as form values.
FormsByTool = dict[str, list[dict[str, list[str]]]]
DEMO_FORMS: FormsByTool = {
    "location-quotient": [{"table": [_LQ]}],
    "shift-share": [{"table": [_SHIFT_SHARE]}],
    "business-model-canvas": [{k: [v] for k, v in _CANVAS_BEFORE.items()},
                              {k: [v] for k, v in _CANVAS_AFTER.items()}],
    "revenue-mix": [_REVENUE_MIX],
    "stakeholder-map": [_STAKEHOLDER_MAP],
}
COMMENT = ("Good start. Compare your LQs with the national picture before the session, "
           "and bring the two canvases: we will discuss what changed.")


class NoDemoWork(Exception):
    """The demo cannot save work for a tool item: no input for its tool, or it refuses it."""


def save_demo_work(user: User, item: Item, forms: FormsByTool | None = None) -> WorkbookEntry:
    """Save the demo submissions for the item's tool, each as a version, all or none."""
    submissions = (DEMO_FORMS if forms is None else forms).get(item.tool or "", [])
    tools = current_app.extensions["tools"]
    if not submissions or item.tool not in tools:
        raise NoDemoWork(f"no demo input for {item.tool!r}")
    try:
        with db.session.begin_nested():
            for form in submissions:
                entry = workbook.save_entry(user, item, tools[item.tool], form, {})
    except (ToolInputError, DomainError) as error:
        raise NoDemoWork(str(error)) from error
    return entry


def seed_workbook(people: dict[str, User], forms: FormsByTool | None = None) -> list[str]:
    """Save the demo learner's entries once; return a line per tool item saved or skipped."""
    learner, trainer = people.get(DEMO_LEARNER), people.get(DEMO_TRAINER)
    if learner is None:
        return []
    tool_kinds = kinds_where(lambda kind: kind.uses_tool)
    items = db.session.scalars(
        sa.select(Item).join(Cohort, Cohort.course_id == Item.course_id)
        .where(Cohort.id.in_(active_enrolments(learner.id)), Item.kind.in_(tool_kinds),
               Item.is_live).order_by(Item.course_id, Item.position)).unique()
    lines = []
    for item in items:
        if workbook.entry_of(learner, item) is not None:
            continue  # seeded before
        try:
            entry = save_demo_work(learner, item, forms)
        except NoDemoWork as reason:
            lines.append(f"workbook: skipped {item.slug} ({reason})")
            continue
        lines.append(f"workbook: {learner.name} saved {item.slug} ({entry.version_count} "
                     f"{'version' if entry.version_count == 1 else 'versions'})")
        if trainer is not None and item.tool == "location-quotient" and \
                trains_learner(trainer, learner.id, item.course_id):
            workbook.add_comment(trainer, entry, COMMENT)
    return lines
