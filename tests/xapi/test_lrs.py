"""End to end against a real LRS (Ralph): what learners do becomes xAPI statements, sent in
batches, kept through an outage, and stored exactly once."""

from datetime import timedelta

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Item, XapiStatement, utcnow
from lms.services import cohorts, forum, progress
from lms.xapi.delivery import deliver_due
from lms.xapi.vocabulary import VERBS

QUIZ_URL = "/courses/sample/items/practice-quiz"


def _outbox() -> list[XapiStatement]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(XapiStatement).order_by(XapiStatement.id)))


def _verb(statement: dict) -> str:
    return next(name for name, iri in VERBS.items() if iri == statement["verb"]["id"])


def _send(app) -> str:
    result = app.test_cli_runner().invoke(args=["xapi", "send"])
    assert result.exit_code == 0, result.output
    return result.output


def _journey(client, make_user, make_cohort, make_session, quiz_learner, take_quiz):
    """A learner views a lesson, passes the quiz, posts, is marked present, finishes."""
    learner = quiz_learner(name="Lena Learner")  # completed basics-intro to open the quiz
    trainer = make_user(role="trainer")
    cohort = make_cohort(trainers=[trainer], learners=[learner])
    assert client.get("/courses/sample/items/basics-case").status_code == 200
    _url, response = take_quiz()
    assert response.status_code == 303
    space = forum.cohort_space(cohort)
    forum.start_thread(learner, space, "Pricing", "How do you price membership?")
    session = make_session(cohort, title="Kick-off", starts_in=timedelta(days=-1))
    cohorts.mark_attendance(session, trainer, [learner.id])
    for slug in ("basics-case", "practice-reflection"):
        item = db.session.scalar(sa.select(Item).where(Item.slug == slug))
        progress.mark_completed(learner, item, by="done")
    db.session.commit()
    return learner


def test_every_kind_of_event_reaches_the_lrs_once(app, client, ralph, lrs_account, make_user,
                                                  make_cohort, make_session, quiz_learner,
                                                  take_quiz):
    learner = _journey(client, make_user, make_cohort, make_session, quiz_learner, take_quiz)
    queued = _outbox()
    verbs = sorted({_verb(row.statement) for row in queued})
    assert verbs == ["answered", "attended", "commented", "completed", "experienced", "passed"]
    output = _send(app)
    assert f"Sent {len(queued)}, refused 0, 0 waiting." in output
    stored = ralph.statements(lrs_account)
    assert sorted(s["id"] for s in stored) == sorted(row.statement_id for row in queued)
    by_verb = {}
    for statement in stored:
        by_verb.setdefault(_verb(statement), []).append(statement)
        assert statement["actor"]["account"] == {"homePage": "http://localhost",
                                                 "name": str(learner.id)}
    completed = {s["object"]["id"]: s for s in by_verb["completed"]}
    base = "http://localhost/courses/sample"
    assert {f"{base}/items/basics-intro", f"{base}/items/practice-quiz", f"{base}#module-basics",
            f"{base}#module-practice", base} <= completed.keys()
    quiz = completed[f"{base}/items/practice-quiz"]
    assert quiz["result"]["completion"] is True and quiz["result"]["score"]["scaled"] == 1.0
    assert quiz["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/assessment"
    [verdict] = by_verb["passed"]
    assert verdict["object"]["id"] == quiz["object"]["id"]
    assert verdict["result"]["success"] is True and verdict["result"]["duration"].startswith("PT")
    assert all(s["result"]["success"] for s in by_verb["answered"])
    assert [s["object"]["definition"]["name"]["en"] for s in by_verb["attended"]] == ["Kick-off"]
    assert by_verb["experienced"][0]["object"]["id"] == f"{base}/items/basics-case"
    # Nothing is sent twice: a second pass finds nothing due, the LRS still holds one of each.
    assert "Sent 0, refused 0, 0 waiting." in _send(app)
    assert len(ralph.statements(lrs_account)) == len(queued)


def test_lrs_outage_loses_nothing_and_sends_nothing_twice(app, client, ralph, lrs_account,
                                                          make_user, make_cohort, make_session,
                                                          quiz_learner, take_quiz):
    app.config["XAPI_RETRY_BASE"] = 60
    ralph.stop()
    _journey(client, make_user, make_cohort, make_session, quiz_learner, take_quiz)
    queued = _outbox()
    assert len(queued) > app.config["XAPI_BATCH_SIZE"]  # more than one batch
    output = _send(app)
    assert f"Sent 0, refused 0, {len(queued)} waiting. LRS unavailable" in output
    rows = _outbox()
    assert all(r.sent_at is None and r.failed_at is None for r in rows)
    assert rows[0].attempts == 1 and "Connection refused" in rows[0].last_error
    assert rows[-1].attempts == 0  # the pass stopped at the first failed batch
    # Back up: the batch that failed waits for its backoff, the rest goes now; then all of
    # it has gone, once.
    ralph.start()
    batch = app.config["XAPI_BATCH_SIZE"]
    assert deliver_due().sent == len(queued) - batch
    assert deliver_due().sent == 0
    later = utcnow() + timedelta(seconds=61)
    assert deliver_due(now=later).sent == batch
    assert deliver_due(now=later + timedelta(days=1)).sent == 0
    stored = ralph.statements(lrs_account)
    assert sorted(s["id"] for s in stored) == sorted(r.statement_id for r in queued)


def test_a_lost_acknowledgement_does_not_duplicate(app, client, ralph, lrs_account, make_user,
                                                   make_cohort, make_session, quiz_learner,
                                                   take_quiz):
    """The LRS stored a batch but we never marked it sent (a crash before our commit): the
    next pass sends the same statement ids again, and the LRS keeps one copy of each."""
    _journey(client, make_user, make_cohort, make_session, quiz_learner, take_quiz)
    queued = _outbox()
    assert deliver_due().sent == len(queued)
    db.session.execute(sa.update(XapiStatement).values(sent_at=None))  # the crash
    db.session.commit()
    assert deliver_due().sent == len(queued)
    stored = ralph.statements(lrs_account)
    assert len(stored) == len(queued) == len({s["id"] for s in stored})


def test_a_statement_the_lrs_refuses_is_set_aside(app, ralph, lrs_account, make_user):
    learner = make_user()
    from lms.xapi import statements

    good = statements._statement(learner.id, "experienced", statements._activity(
        "http://localhost/courses/sample", "course", "Sample", "en"))
    bad = {**good, "id": "4d1c0a2e-0000-4000-8000-000000000001",
           "actor": {"objectType": "Agent"}}  # an agent needs an identifier
    statements._queue(good, bad)
    db.session.commit()
    result = deliver_due()
    assert (result.sent, result.failed) == (1, 1)
    rows = {r.statement_id: r for r in _outbox()}
    assert rows[bad["id"]].failed_at is not None and "HTTP 422" in rows[bad["id"]].last_error
    assert [s["id"] for s in ralph.statements(lrs_account)] == [good["id"]]


def test_wrong_lrs_credentials_keep_statements_waiting(app, ralph, lrs_account, make_user,
                                                       make_cohort):
    learner = make_user()
    make_cohort(learners=[learner])
    intro = db.session.scalar(sa.select(Item).where(Item.slug == "basics-intro"))
    progress.mark_completed(learner, intro, by="done")
    db.session.commit()
    app.config["XAPI_PASSWORD"] = "not-the-secret"
    result = deliver_due()
    assert result.sent == 0 and "HTTP 401" in result.error
    [row] = _outbox()
    assert row.sent_at is None and row.failed_at is None and "HTTP 401" in row.last_error
    app.config["XAPI_PASSWORD"] = lrs_account[1]  # the operator fixes the setting
    assert deliver_due(now=utcnow() + timedelta(minutes=5)).sent == 1
    assert [s["id"] for s in ralph.statements(lrs_account)] == [row.statement_id]
