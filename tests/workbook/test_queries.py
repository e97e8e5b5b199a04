"""The tool page and a saved entry stay within the lesson page's budget, whatever the data."""

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Enrolment, WorkbookEntry
from tests.fixtures.workbook import ROWS, TOOL_URL

BUDGET = 10


@pytest.fixture
def config_overrides(tool_plugin):
    return {"TOOL_ENTRY_POINTS": True}


def _save(client, times: int) -> None:
    for _ in range(times):
        assert client.post(f"{TOOL_URL}/tool", data={"rows": ROWS},
                           content_type="multipart/form-data").status_code == 303


def _cost(client, count_queries, url: str) -> int:
    client.get(url)  # warm: the first visit records "seen"
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_tool_page_and_entry_cost_the_same_with_more_versions_and_learners(
        client, auth, workshop_cohort, make_user, count_queries):
    cohort, trainer, learner = workshop_cohort
    auth.login(learner)
    _save(client, 1)
    entry_id = db.session.scalar(sa.select(WorkbookEntry.id))
    entry_url = f"/workbook/entries/{entry_id}"
    small = [_cost(client, count_queries, url) for url in (TOOL_URL, entry_url, "/workbook")]
    _save(client, 6)
    for _ in range(5):  # other learners' work is not read
        other = make_user()
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=other.id))
        db.session.commit()
        auth.login(other)
        _save(client, 2)
    auth.login(learner)
    large = [_cost(client, count_queries, url) for url in (TOOL_URL, entry_url, "/workbook")]
    assert small == large
    assert max(large[:2]) <= BUDGET, large
    compare = _cost(client, count_queries, f"{entry_url}?version=7&compare=1")
    assert compare <= BUDGET


def test_trainer_cohort_workbook_cost_does_not_grow_with_learners(
        client, auth, workshop_cohort, make_user, count_queries):
    cohort, trainer, learner = workshop_cohort
    auth.login(learner)
    _save(client, 1)
    auth.login(trainer)
    url = f"/workbook/cohorts/{cohort.id}"
    small = _cost(client, count_queries, url)
    for _ in range(6):
        other = make_user()
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=other.id))
        db.session.commit()
        auth.login(other)
        _save(client, 1)
    auth.login(trainer)
    assert _cost(client, count_queries, url) == small
