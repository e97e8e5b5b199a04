"""Two senders at once (two workers, or cron overlapping a worker) never share a batch:
PostgreSQL skips rows another sender has locked, SQLite serialises the senders' writes."""

import threading

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import XapiStatement
from lms.xapi import statements
from lms.xapi.delivery import deliver_due


@pytest.fixture
def config_overrides(ralph, lrs_account, file_database):
    """This test's LRS account, and a database that threads can share."""
    username, password = lrs_account
    return {"XAPI_ENDPOINT": ralph.url, "XAPI_USERNAME": username, "XAPI_PASSWORD": password,
            "XAPI_BATCH_SIZE": 4, "XAPI_RETRY_BASE": 60, **file_database}


def test_two_senders_deliver_each_statement_once(app, ralph, lrs_account, make_user):
    learner = make_user()
    activity = statements._activity("http://localhost/courses/sample", "course", "Sample", "en")
    statements._queue(*(statements._statement(learner.id, "experienced", activity)
                        for _ in range(30)))
    db.session.commit()
    start, sent, errors = threading.Barrier(2), [], []

    def sender():
        try:
            with app.app_context():
                start.wait()
                sent.append(deliver_due().sent)
                db.session.remove()
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sum(sent) == 30  # no row was sent by both
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(XapiStatement).where(
        XapiStatement.attempts == 1, XapiStatement.sent_at.is_not(None))) == 30
    assert len(ralph.statements(lrs_account)) == 30
