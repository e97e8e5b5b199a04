"""Question pools: each attempt draws its questions, stores which, and is graded on them."""

import shutil

import pytest
import sqlalchemy as sa

from lms.content.loader import load_package
from lms.extensions import db
from lms.models import Item
from lms.services import progress, quizzes
from tests.fixtures.content import SAMPLE, import_package
from tests.fixtures.quiz import RIGHT, WRONG, attempt_values

LQ_POOL = ["lq-meaning", "lq-above-one", "lq-compute"]  # one point each in the sample


def pooled_copy(tmp_path, draw: str = "draw = { lq = 2 }", pools=LQ_POOL):
    """The sample package with the LQ questions in pool "lq" and the given draw line."""
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    path = target / "02-practice" / "quiz.toml"
    text = path.read_text().replace('show_feedback = "after_each_attempt"\n',
                                    f'show_feedback = "after_each_attempt"\n{draw}\n')
    for slug in pools:
        text = text.replace(f'slug = "{slug}"\n', f'slug = "{slug}"\npool = "lq"\n')
    path.write_text(text)
    return target


def _answers(attempt, quiz, answers: dict) -> dict:
    """Form values for exactly the questions the attempt drew, as its form would send them."""
    return attempt_values(attempt, quiz, {f"q-{slug}": answers[f"q-{slug}"]
                                          for slug in attempt.question_slugs})


@pytest.fixture
def pooled(app, tmp_path, make_user, make_cohort):
    import_package(pooled_copy(tmp_path))
    learner = make_user()
    make_cohort(learners=[learner])
    items = {i.slug: i for i in db.session.scalars(sa.select(Item))}
    progress.mark_completed(learner, items["basics-intro"], by="done")
    db.session.commit()
    return learner, items["practice-quiz"]


def test_an_attempt_draws_from_the_pool_and_stores_what_it_drew(pooled):
    learner, quiz = pooled
    attempt = quizzes.start_attempt(learner, quiz)
    db.session.commit()
    drawn = [slug for slug in attempt.question_slugs if slug in LQ_POOL]
    assert len(drawn) == 2
    others = [slug for slug in attempt.question_slugs if slug not in LQ_POOL]
    assert others == ["helix-actors", "helix-name", "lifecycle-match"]  # always asked
    order = ["lq-meaning", "helix-actors", "lq-above-one", "helix-name", "lq-compute",
             "lifecycle-match"]
    assert attempt.question_slugs == [s for s in order if s in attempt.question_slugs]


def test_graded_on_the_drawn_questions_only(pooled):
    learner, quiz = pooled
    attempt = quizzes.start_attempt(learner, quiz)
    db.session.flush()
    graded = quizzes.submit_attempt(learner, quiz, attempt.id, _answers(attempt, quiz, RIGHT))
    # helix-actors 2 + helix-name 1 + lifecycle-match 1 + two LQ questions at 1 each
    assert (graded.points, graded.max_points, graded.score, graded.passed) == (6, 6, 100.0, True)
    assert sorted(a.question_slug for a in graded.answers) == sorted(attempt.question_slugs)


def test_the_next_attempt_asks_what_the_last_one_left_out(pooled):
    learner, quiz = pooled
    first = quizzes.start_attempt(learner, quiz)
    db.session.flush()
    assert not quizzes.submit_attempt(learner, quiz, first.id, _answers(first, quiz, WRONG)).passed
    second = quizzes.start_attempt(learner, quiz)
    db.session.flush()
    (left_out,) = set(LQ_POOL) - set(first.question_slugs)
    assert left_out in second.question_slugs
    assert second.question_slugs != first.question_slugs


def test_the_quiz_page_counts_the_questions_asked(client, login_as, pooled):
    learner, _ = pooled
    login_as(user=learner)
    page = client.get("/courses/sample/items/practice-quiz").text
    assert "5 questions, drawn afresh for each attempt" in page


@pytest.mark.parametrize("draw, pools, message", [
    ("draw = { lq = 4 }", LQ_POOL,
     '"draw" takes 4 questions from pool "lq", which has only 3'),
    ("draw = { lq = 1, maps = 1 }", LQ_POOL, '"draw" names pool "maps", but no question is in it'),
    ("draw = { lq = 0 }", LQ_POOL, '"draw" gives "lq" 0; it must be a whole number, 1 or more'),
    ("", LQ_POOL, 'pool "lq" is not in "draw"'),
    ("draw = { lq = 1 }", ["lq-meaning", "helix-actors"],
     'the questions of pool "lq" give different points'),
])
def test_the_checker_reports_pools_that_cannot_be_drawn(tmp_path, draw, pools, message):
    package, problems = load_package(pooled_copy(tmp_path, draw, pools))
    assert package is None
    assert any(message in str(problem) and "quiz.toml:" in str(problem) for problem in problems), \
        [str(p) for p in problems]
