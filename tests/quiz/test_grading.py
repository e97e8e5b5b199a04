"""Each question type's grading edge cases, through the app and the stored per-question rows."""

import pytest
import sqlalchemy as sa

from lms.content.question_types.matching import right_token
from lms.extensions import db
from lms.models import QuizAnswer, QuizChoicePick
from tests.fixtures.quiz import answers, graded_attempts

EMERGENCE, MATURITY = "Mostly public seed funding", "Mostly fees and paid services"


def stored(slug: str) -> QuizAnswer:
    return db.session.scalar(sa.select(QuizAnswer).where(QuizAnswer.question_slug == slug))


@pytest.mark.parametrize(("slug", "values", "score", "correct"), [
    ("lq-meaning", ["a"], 1, True),
    ("lq-meaning", ["b"], 0, False),
    ("helix-actors", ["industry", "research", "government"], 1, True),
    ("helix-actors", ["government", "industry"], 2 / 3, False),  # partial credit
    ("helix-actors", ["industry", "research", "government", "media"], 2 / 3, False),  # -1 wrong
    ("helix-actors", ["industry", "media"], 0, False),  # never below zero
    ("helix-actors", ["media"], 0, False),
    ("lq-above-one", ["true"], 1, True),
    ("lq-above-one", ["false"], 0, False),
    ("helix-name", ["triple"], 1, True),
    ("helix-name", ["  TRIPLE   Helix "], 1, True),  # case and whitespace ignored
    ("helix-name", ["Triple\tHELIX"], 1, True),
    ("helix-name", ["tripple"], 0, False),
    ("helix-name", ["triple helix model"], 0, False),
    ("lq-compute", ["2"], 1, True),
    ("lq-compute", ["2,0"], 1, True),  # decimal comma
    ("lq-compute", ["2.01"], 1, True),  # tolerance is inclusive
    ("lq-compute", ["1.99"], 1, True),
    ("lq-compute", [" 2.000 "], 1, True),
    ("lq-compute", ["2.0101"], 0, False),
    ("lq-compute", ["-2"], 0, False),
    ("lifecycle-match", [f"0:{right_token(EMERGENCE)}", f"1:{right_token(MATURITY)}"], 1, True),
    ("lifecycle-match", [f"1:{right_token(MATURITY)}", f"0:{right_token(EMERGENCE)}"], 1, True),
    ("lifecycle-match", [f"0:{right_token(EMERGENCE)}", f"1:{right_token(EMERGENCE)}"], .5,
     False),
    ("lifecycle-match", [f"0:{right_token(MATURITY)}", f"1:{right_token(EMERGENCE)}"], 0, False),
])
def test_grading_through_the_app(quiz_learner, take_quiz, slug, values, score, correct):
    quiz_learner()
    _, response = take_quiz(answers(**{f"q-{slug}": values}))
    assert response.status_code == 303
    answer = stored(slug)
    assert answer.score == pytest.approx(score) and answer.correct is correct
    points = 2 if slug == "helix-actors" else 1
    (attempt,) = graded_attempts()
    assert attempt.points == pytest.approx(7 - points + score * points)
    assert attempt.max_points == 7


def test_partial_credit_counts_towards_the_score(client, quiz_learner, take_quiz):
    quiz_learner()
    attempt_url, _ = take_quiz(answers(**{"q-helix-actors": ["industry", "research"]}))
    (attempt,) = graded_attempts()
    assert attempt.score == pytest.approx(90.5)  # 5 + 2/3 of 2 = 6.33 of 7 points
    assert attempt.passed
    page = client.get(attempt_url)
    assert "◐ Partly right" in page.text and "1.33 of 2 points" in page.text


@pytest.mark.parametrize(("pass_mark", "passed"), [(100, False), (90, True)])
def test_pass_mark_boundary(quiz_package, quiz_learner, take_quiz, pass_mark, passed):
    quiz_package(pass_mark=pass_mark)
    quiz_learner()
    take_quiz(answers(**{"q-helix-actors": ["industry", "research"]}))  # 90.5%
    (attempt,) = graded_attempts()
    assert attempt.passed is passed


def test_pass_mark_is_inclusive(quiz_package, quiz_learner, take_quiz):
    quiz_package(pass_mark=100)
    quiz_learner()
    take_quiz()
    assert graded_attempts()[0].passed


def test_choice_picks_are_stored_for_statistics(quiz_learner, take_quiz):
    quiz_learner()
    take_quiz(answers(**{"q-helix-actors": ["media", "industry"], "q-lq-above-one": ["false"]}))
    picks = set(db.session.execute(
        sa.select(QuizAnswer.question_slug, QuizChoicePick.choice_slug)
        .join(QuizChoicePick, QuizChoicePick.answer_id == QuizAnswer.id)))
    assert picks == {("lq-meaning", "a"), ("helix-actors", "industry"), ("helix-actors", "media"),
                     ("lq-above-one", "false")}
