"""The demo learner's workbook is seeded through the tools, and skips what a site lacks."""

import pytest
import sqlalchemy as sa

from lms.demo_workbook import DEMO_LEARNER, DEMO_TRAINER, seed_workbook
from lms.extensions import db
from lms.models import WorkbookComment, WorkbookEntry


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
