"""Taking a quiz: start, resume, submit once, results, history, limits and bad input."""

import re

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import ItemProgress, QuizAnswer, QuizAttempt
from tests.fixtures.quiz import QUIZ_URL, RIGHT, WRONG, answers, form_data, graded_attempts


def _start(client) -> str:
    response = client.post(f"{QUIZ_URL}/attempts")
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def _nothing_stored():
    assert graded_attempts() == []
    assert db.session.scalar(sa.select(sa.func.count(QuizAnswer.id))) == 0


def test_item_page_offers_to_start(client, quiz_learner):
    quiz_learner()
    page = client.get(QUIZ_URL)
    assert "Start the quiz" in page.text and "3 attempts left" in page.text


def test_attempt_page_shows_every_question_numbered_in_a_fieldset(client, quiz_learner):
    quiz_learner()
    page = client.get(_start(client))
    assert page.status_code == 200
    assert page.text.count('<fieldset class="question"') == 6
    for number in range(1, 7):
        assert f"Question {number} of 6" in page.text
    assert "Attempt 1 of 3".lower() in page.text.lower()
    assert 'name="q-lq-meaning"' in page.text and 'name="q-lifecycle-match"' in page.text


def test_starting_again_resumes_the_open_attempt(client, quiz_learner):
    quiz_learner()
    assert _start(client) == _start(client)
    assert db.session.scalar(sa.select(sa.func.count(QuizAttempt.id))) == 1
    assert "Continue attempt 1" in client.get(QUIZ_URL).text


def test_right_answers_pass_and_complete_the_item(client, quiz_learner, take_quiz):
    learner = quiz_learner()
    attempt_url, response = take_quiz(RIGHT)
    assert response.status_code == 303 and response.headers["Location"] == attempt_url
    page = client.get(attempt_url)
    assert "✓ Passed" in page.text and "100%" in page.text and "7 of 7 points" in page.text
    (attempt,) = graded_attempts()
    assert attempt.passed and attempt.score == 100 and attempt.points == 7
    row = db.session.scalar(sa.select(ItemProgress).where(ItemProgress.user_id == learner.id,
                                                          ItemProgress.completed_by == "quiz"))
    assert row is not None and row.completed_at is not None


def test_wrong_answers_fail_and_leave_the_item_open(client, quiz_learner, take_quiz):
    quiz_learner()
    attempt_url, _ = take_quiz(WRONG)
    page = client.get(attempt_url)
    assert "✗ Not passed" in page.text and "0 of 7 points" in page.text
    assert db.session.scalar(sa.select(ItemProgress).where(
        ItemProgress.completed_by == "quiz")) is None
    assert "Try again" in page.text and "2 attempts left" in page.text


def test_history_lists_every_attempt(client, quiz_learner, take_quiz):
    quiz_learner()
    take_quiz(WRONG)
    take_quiz(RIGHT)
    page = client.get(QUIZ_URL)
    assert "#1" in page.text and "#2" in page.text
    assert "✓ Passed" in page.text and "✗ Not passed" in page.text
    assert "1 attempt left" in page.text


def test_resubmitting_shows_the_first_result_and_stores_nothing_more(client, quiz_learner,
                                                                     take_quiz):
    quiz_learner()
    attempt_url, _ = take_quiz(RIGHT)
    again = client.post(f"{attempt_url}/submit", data=form_data(client, attempt_url, WRONG),
                        follow_redirects=True)
    assert again.status_code == 200 and "already submitted" in again.text
    (attempt,) = graded_attempts()
    assert attempt.passed
    assert db.session.scalar(sa.select(sa.func.count(QuizAnswer.id))) == 6


def test_attempt_limit_is_a_409_with_a_clear_message(client, quiz_package, quiz_learner,
                                                      take_quiz):
    quiz_package(max_attempts=1)
    quiz_learner()
    take_quiz(WRONG)
    response = client.post(f"{QUIZ_URL}/attempts")
    assert response.status_code == 409
    assert "no attempts left" in response.text and "limit is 1" in response.text
    assert db.session.scalar(sa.select(sa.func.count(QuizAttempt.id))) == 1
    assert "No attempts left: this quiz allows 1 attempt." in client.get(QUIZ_URL).text


def test_unlimited_attempts(client, quiz_package, quiz_learner, take_quiz):
    quiz_package(max_attempts=0)
    quiz_learner()
    for _ in range(4):
        take_quiz(WRONG)
    assert len(graded_attempts()) == 4
    assert "Unlimited attempts" in client.get(QUIZ_URL).text


def test_another_learners_attempt_is_404(client, quiz_learner, auth, take_quiz):
    quiz_learner()
    attempt_url = _start(client)
    auth.logout()
    quiz_learner()
    assert client.get(attempt_url).status_code == 404
    assert client.post(f"{attempt_url}/submit", data=RIGHT).status_code == 404
    _nothing_stored()


def test_unknown_attempt_and_attempt_under_another_item_are_404(client, quiz_learner):
    quiz_learner()
    attempt_url = _start(client)
    assert client.get(f"{QUIZ_URL}/attempts/999").status_code == 404
    other = attempt_url.replace("practice-quiz", "practice-reflection")
    assert client.get(other).status_code == 404


def test_missing_answers_are_a_422_naming_them_and_nothing_is_stored(client, quiz_learner):
    quiz_learner()
    attempt_url = _start(client)
    data = {k: v for k, v in RIGHT.items() if k not in ("q-lq-meaning", "q-lq-compute")}
    response = client.post(f"{attempt_url}/submit", data=form_data(client, attempt_url, data))
    assert response.status_code == 422
    assert "2 questions need your attention" in response.text
    assert re.search(r"Question 1</a>: Answer this question", response.text)
    assert re.search(r"Question 5</a>: Answer this question", response.text)
    assert 'value="Triple"' in response.text  # what was answered stays filled in
    _nothing_stored()
    assert client.get(attempt_url).status_code == 200  # still open


@pytest.mark.parametrize(("field", "values", "message"), [
    ("q-lq-meaning", ["c"], "not one of the options"),
    ("q-lq-meaning", ["a", "b"], "Expected one answer"),
    ("q-helix-actors", ["industry", "industry"], "submitted twice"),
    ("q-lq-above-one", ["yes"], "Answer must be true or false"),
    ("q-lifecycle-match", ["0:000000000000"], "not one of the options"),
    ("q-lifecycle-match", ["7:dc3c3eefcd18"], "not one of the options"),
    ("q-lq-compute", ["two"], "Enter a number"),
    ("q-lq-compute", ["nan"], "Enter a number"),
    ("q-helix-name", ["x" * 501], "too long"),
])
def test_tampered_or_malformed_answers_are_a_422(client, quiz_learner, field, values, message):
    quiz_learner()
    attempt_url = _start(client)
    response = client.post(f"{attempt_url}/submit",
                           data=form_data(client, attempt_url, answers(**{field: values})))
    assert response.status_code == 422
    assert message in response.text
    _nothing_stored()


def test_an_answer_to_a_question_of_another_quiz_is_a_422(client, quiz_learner):
    quiz_learner()
    attempt_url = _start(client)
    response = client.post(f"{attempt_url}/submit",
                           data=answers(**{"q-some-other-question": ["a"]}))
    assert response.status_code == 422
    assert "not part of this attempt" in response.text
    _nothing_stored()


def test_prerequisites_are_required_to_start(client, make_user, make_cohort, login_as):
    learner = make_user()
    make_cohort(learners=[learner])
    login_as(user=learner)
    response = client.post(f"{QUIZ_URL}/attempts")
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(QuizAttempt.id))) == 0


def test_outsiders_cannot_start(client, login_as, load_sample_package):
    load_sample_package()
    assert client.post(f"{QUIZ_URL}/attempts").status_code == 302  # to the login page
    login_as()
    assert client.post(f"{QUIZ_URL}/attempts").status_code == 403


def test_only_quizzes_have_attempts(client, quiz_learner):
    quiz_learner()
    assert client.post("/courses/sample/items/basics-intro/attempts").status_code == 404
