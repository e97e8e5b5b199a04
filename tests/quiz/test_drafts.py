"""An open attempt keeps its answers on the server: leaving the page loses nothing, the key
stays hidden, and only submitting grades."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import ItemProgress, QuizAttempt
from tests.fixtures.quiz import QUIZ_URL, RIGHT, form_data, graded_attempts


def _start(client) -> str:
    return client.post(f"{QUIZ_URL}/attempts").headers["Location"]


HALF = {"q-lq-meaning": ["a"], "q-helix-actors": ["industry", "research"],
        "q-lq-compute": ["−360"], "q-helix-name": ["Tri"]}


def test_save_draft_without_javascript_keeps_answers_and_grades_nothing(client, quiz_learner):
    quiz_learner()
    url = _start(client)
    response = client.post(f"{url}/draft", data=form_data(client, url, HALF))
    assert response.status_code == 303 and response.headers["Location"] == url
    assert graded_attempts() == []
    assert db.session.scalar(sa.select(ItemProgress).where(
        ItemProgress.completed_by == "quiz")) is None
    page = client.get(url).text  # the learner comes back later
    assert "Draft saved at" in page and "Draft saved " in page
    assert page.count(" checked>") == 3  # one radio, two checkboxes
    assert 'value="−360"' in page  # typed text comes back as typed
    assert 'value="Tri"' in page
    assert "Your answers so far were saved" in client.get(QUIZ_URL).text  # the quiz lesson
    attempt = db.session.scalar(sa.select(QuizAttempt))
    assert attempt.draft["lq-meaning"] == "a" and attempt.draft["lq-compute"] == "−360"


def test_autosave_answers_json_and_the_draft_never_shows_the_key(client, quiz_learner):
    quiz_learner()
    url = _start(client)
    response = client.post(f"{url}/draft", data=form_data(client, url, HALF),
                           headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200 and response.json["saved"].startswith("Draft saved at")
    assert set(response.json) == {"saved"}  # no score, no feedback, no correct answers
    page = client.get(url).text
    for secret in ("Right: the LQ is a ratio of shares", "correct", "Passed", "points of"):
        assert secret not in page


def test_submit_grades_the_form_and_clears_the_draft(client, quiz_learner):
    quiz_learner()
    url = _start(client)
    client.post(f"{url}/draft", data=form_data(client, url, HALF))
    assert client.post(f"{url}/submit", data=form_data(client, url, RIGHT)).status_code == 303
    (attempt,) = graded_attempts()
    assert attempt.passed and attempt.draft is None
    late = client.post(f"{url}/draft", data=form_data(client, url, HALF),
                       headers={"X-Requested-With": "fetch"})
    assert late.status_code == 409 and "already submitted" in late.json["error"]
    assert client.post(f"{url}/draft", data={}).status_code == 303  # no-JS: to the result
    assert db.session.scalar(sa.select(QuizAttempt.draft)) is None


def test_drafts_are_the_owners_only(client, quiz_learner, login_as, make_user, make_cohort):
    quiz_learner()
    url = _start(client)
    other = make_user(email="other@example.org")
    make_cohort(learners=[other])
    login_as(user=other)
    assert client.post(f"{url}/draft", data={"q-lq-meaning": ["a"]}).status_code == 404
    assert db.session.scalar(sa.select(QuizAttempt.draft)) is None


def test_a_draft_ignores_fields_that_are_not_questions(client, quiz_learner):
    quiz_learner()
    url = _start(client)
    response = client.post(f"{url}/draft", data={"q-nope": ["x"], "q-lq-meaning": ["forged"]},
                           headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200
    assert db.session.scalar(sa.select(QuizAttempt.draft)) == {}


def test_the_draft_is_in_the_learners_data_export(client, quiz_learner):
    quiz_learner()
    url = _start(client)
    client.post(f"{url}/draft", data=form_data(client, url, HALF))
    (attempt,) = client.get("/account/data.json").json["quiz_attempts"]
    assert attempt["draft"]["lq-compute"] == "−360" and attempt["draft_saved_at"]
    assert attempt["submitted_at"] is None and attempt["answers"] == []
