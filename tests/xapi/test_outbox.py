"""The outbox is written with the event, in its transaction, and only when an LRS is set."""

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Item, ItemProgress, XapiStatement
from lms.services import progress
from lms.xapi.delivery import deliver_due
from tests.fixtures.workbook import ROWS, TOOL_URL


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(XapiStatement))


def _intro() -> Item:
    return db.session.scalar(sa.select(Item).where(Item.slug == "basics-intro"))


@pytest.fixture
def lrs(app, ralph, lrs_account):
    """Point the app at this test's LRS account (the module runs without one first)."""
    username, password = lrs_account
    app.config.update(XAPI_ENDPOINT=ralph.url, XAPI_USERNAME=username, XAPI_PASSWORD=password)
    return lrs_account


@pytest.fixture
def config_overrides(tool_plugin):
    """No LRS: XAPI_ENDPOINT unset, as a site that does not use xAPI runs."""
    return {"TOOL_ENTRY_POINTS": True}


def test_no_lrs_configured_writes_nothing(app, client, make_user, make_cohort, login_as,
                                          count_queries):
    learner = login_as("learner")
    make_cohort(learners=[learner])
    with count_queries() as disabled:
        assert client.get("/courses/sample/items/basics-intro").status_code == 200
        assert client.post("/courses/sample/items/basics-intro/done").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ItemProgress).where(
        ItemProgress.completed_at.is_not(None))) == 1
    assert _count() == 0
    assert not any("xapi_outbox" in s for s in disabled.statements)
    result = app.test_cli_runner().invoke(args=["xapi", "send"])
    assert result.exit_code == 1 and "XAPI_ENDPOINT is not set" in result.output


def test_statements_roll_back_with_their_event(app, make_user, make_cohort, lrs):
    learner = make_user()
    make_cohort(learners=[learner])
    progress.mark_completed(learner, _intro(), by="done")
    assert _count() == 1  # in the session's transaction, not yet committed
    db.session.rollback()
    assert _count() == 0
    progress.mark_completed(learner, _intro(), by="done")
    db.session.commit()
    progress.mark_completed(learner, _intro(), by="done")  # the same fact again
    db.session.commit()
    assert _count() == 1


def test_a_saved_workbook_entry_reaches_the_lrs(app, client, ralph, lrs, workshop_cohort,
                                                login_as):
    _cohort, _trainer, learner = workshop_cohort
    login_as(user=learner)
    response = client.post(f"{TOOL_URL}/tool", data={"rows": ROWS},
                           content_type="multipart/form-data")
    assert response.status_code in (302, 303)
    assert deliver_due().sent == _count() > 0
    saved = [s for s in ralph.statements(lrs) if s["verb"]["id"] == "http://activitystrea.ms/save"]
    assert [s["object"]["id"] for s in saved] == [f"http://localhost{TOOL_URL}"]
    assert saved[0]["actor"]["account"]["name"] == str(learner.id)
