"""Assignment and Grade Services: quiz scores and completions reach the platform's grade book."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import LtiScore
from tests.fixtures.quiz import RIGHT, WRONG


def test_a_quiz_score_goes_to_the_line_item_with_a_client_credentials_token(
        client, platform, registered, launch, take_quiz):
    launch(platform.resource_claims("ana-sub", "practice-quiz", lineitem=7))
    client.post("/courses/sample/items/basics-intro/done")  # the quiz's prerequisite
    assert platform.scores == []  # the lesson is not placed in the platform: nothing owed
    _, response = take_quiz(WRONG)
    assert response.status_code in (302, 303)
    _, response = take_quiz(RIGHT)
    assert [path for path, _ in platform.scores] == ["/lineitems/7/lineitem/scores"] * 2
    first, second = (score for _, score in platform.scores)
    assert first["userId"] == "ana-sub" and first["scoreMaximum"] == 100
    assert first["scoreGiven"] < second["scoreGiven"] == 100
    assert second["activityProgress"] == "Completed"
    assert second["gradingProgress"] == "FullyGraded"
    assert second["timestamp"].endswith("Z")
    # The token endpoint saw an assertion signed with the tool's published key.
    assert platform.token_requests and platform.token_requests[0]["sub"] == platform.client_id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LtiScore)
                             .where(LtiScore.sent_at.is_(None))) == 0


def test_completing_a_lesson_sends_one_out_of_one(client, platform, registered, launch):
    launch(platform.resource_claims("ana-sub", "basics-intro", lineitem=3))
    done = client.post("/courses/sample/items/basics-intro/done")
    assert done.status_code in (302, 303)
    assert platform.scores == [("/lineitems/3/lineitem/scores", platform.scores[0][1])]
    score = platform.scores[0][1]
    assert (score["scoreGiven"], score["scoreMaximum"]) == (1, 1)


def test_a_learner_who_did_not_come_through_lti_sends_nothing(
        client, auth, platform, registered, launch, make_user, make_cohort):
    launch(platform.resource_claims("ana-sub", "basics-intro", lineitem=3))
    local = make_user()
    make_cohort(learners=[local])
    auth.login(local)
    client.post("/courses/sample/items/basics-intro/done")
    assert platform.scores == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LtiScore)) == 0


def test_scores_wait_while_the_grade_book_is_down_and_go_later(
        app, client, platform, registered, launch):
    launch(platform.resource_claims("ana-sub", "basics-intro", lineitem=3))
    platform.refuse_scores = True
    client.post("/courses/sample/items/basics-intro/done")
    assert platform.scores == []
    waiting = db.session.scalar(sa.select(LtiScore))
    assert waiting.sent_at is None and "503" in waiting.last_error
    platform.refuse_scores = False
    result = app.test_cli_runner().invoke(args=["lti", "send-scores"])
    assert "1 scores sent, 0 failed" in result.output
    assert len(platform.scores) == 1
    db.session.expire_all()
    assert db.session.scalar(sa.select(LtiScore)).sent_at is not None
    again = app.test_cli_runner().invoke(args=["lti", "send-scores"])
    assert "0 scores sent" in again.output and len(platform.scores) == 1  # never twice


def test_a_link_without_a_column_gets_one_created_once_in_the_container(
        client, platform, registered, launch, take_quiz):
    launch(platform.resource_claims("ana-sub", "practice-quiz", container_only=True))
    client.post("/courses/sample/items/basics-intro/done")
    take_quiz(WRONG)
    take_quiz(RIGHT)
    assert len(platform.lineitems) == 1  # created for the first score, found for the second
    created = platform.lineitems[0]
    assert created["scoreMaximum"] == 100 and created["resourceId"] == "sample/practice-quiz"
    assert created["resourceLinkId"] == "link-1" and created["label"]
    path = created["id"].removeprefix(platform.base) + "/scores"
    assert [p for p, _ in platform.scores] == [path, path]
