"""The demo learner's workbook is seeded through the tools, and skips what a site lacks."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from lms.content.tools import load_tools
from lms.demo.workbook import DEMO_LEARNER, DEMO_TRAINER, seed_workbook
from lms.extensions import db
from lms.models import Item, User, WorkbookComment, WorkbookEntry
from tests.fixtures.content import import_package

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"


@pytest.fixture
def config_overrides(tool_plugin):
    return {"TOOL_ENTRY_POINTS": True}


@pytest.fixture
def people(workshop, make_user, make_cohort):
    learner = make_user(email=DEMO_LEARNER, name="Sofia Kowalska")
    trainer = make_user(role="trainer", email=DEMO_TRAINER, name="Anna Lindqvist")
    make_cohort(course=workshop, trainers=[trainer], learners=[learner])
    return {DEMO_LEARNER: learner, DEMO_TRAINER: trainer}


def test_demo_entries_are_saved_once_as_versions(people):
    forms = {"growth-rate": [{"rows": ["Food,100,110"]}, {"rows": ["Food,100,130"]}]}
    lines = seed_workbook(people, forms)
    db.session.commit()
    assert lines == ["workbook: Sofia Kowalska saved growth-tool (2 versions)",
                     "workbook: skipped members-tool (Complete the prerequisites of this tool "
                     "first.)"]
    entries = db.session.scalars(sa.select(WorkbookEntry)).all()
    assert [e.version_count for e in entries] == [2]
    assert entries[0].summary == "Total change 30.0% over 1 row"
    again = seed_workbook(people, forms)  # safe to repeat: nothing saved twice
    assert not [line for line in again if " saved " in line]
    assert db.session.scalars(sa.select(WorkbookComment)).all() == []  # only on the LQ


def test_tools_without_demo_input_or_refusing_it_are_skipped(people):
    lines = seed_workbook(people)  # the built-in demo forms: no growth-rate among them
    assert lines == ["workbook: skipped growth-tool (no demo input for 'growth-rate')",
                     "workbook: skipped members-tool (no demo input for 'growth-rate')"]
    bad = seed_workbook(people, {"growth-rate": [{"rows": ["Food,x,1"]}]})
    assert bad[0].startswith("workbook: skipped growth-tool (Row 1, start:")
    assert db.session.scalars(sa.select(WorkbookEntry)).all() == []


def test_make_run_gives_the_demo_learner_an_entry_for_every_built_in_tool(app, app_ctx, client,
                                                                           auth):
    """`flask demo seed` on the shipped course, as `make run` does it: every built-in tool's
    item has an entry of Sofia's, her workbook and each entry render, her trainer sees them."""
    import_package(COURSE)
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    tool_items = db.session.scalars(sa.select(Item).where(Item.kind == "tool")).all()
    built_in = sorted(load_tools(False))  # the five, without the test plugin
    assert sorted(i.tool for i in tool_items) == built_in and len(built_in) == 5
    sofia = db.session.scalar(sa.select(User).where(User.email == DEMO_LEARNER))
    entries = {e.item.tool: e for e in db.session.scalars(  # the graduate has entries too
        sa.select(WorkbookEntry).where(WorkbookEntry.user_id == sofia.id))}
    assert sorted(entries) == built_in
    assert entries["business-model-canvas"].version_count == 2  # before and after a session
    ids = {tool: entry.id for tool, entry in entries.items()}
    summaries = {tool: entry.summary for tool, entry in entries.items()}
    assert auth.login(DEMO_LEARNER, password="demo-password").status_code == 302
    page = client.get("/workbook").text
    for tool, summary in summaries.items():
        assert summary and summary.replace("'", "&#39;") in page, tool
    for tool, entry_id in ids.items():
        assert client.get(f"/workbook/entries/{entry_id}").status_code == 200, tool
    auth.login(DEMO_TRAINER, password="demo-password")
    assert "Good start." in client.get(f"/workbook/entries/{ids['location-quotient']}").text
