"""The trainer's per-cohort quiz report: numbers, access, and a constant number of queries."""

import re

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Enrolment, Item
from lms.services import progress, quizzes
from tests.fixtures.quiz import RIGHT, WRONG, answers, attempt_values


@pytest.fixture
def attempt_as(app):
    """Take the sample quiz through the services as a learner: attempt_as(user, values)."""

    def take(user, values):
        item = db.session.scalar(sa.select(Item).where(Item.slug == "practice-quiz"))
        intro = db.session.scalar(sa.select(Item).where(Item.slug == "basics-intro"))
        progress.mark_completed(user, intro, by="done")
        attempt = quizzes.start_attempt(user, item)
        quizzes.submit_attempt(user, item, attempt.id, attempt_values(attempt, item, values))
        db.session.commit()

    return take


@pytest.fixture
def cohort_with_results(make_user, make_cohort, attempt_as):
    """A trainer and a cohort of three learners: one passed after failing, one failed, one idle."""
    trainer = make_user(role="trainer", name="Tina Trainer")
    ann, bob, cat = (make_user(name=n) for n in ("Ann", "Bob", "Cat"))
    cohort = make_cohort(trainers=[trainer], learners=[ann, bob, cat])
    attempt_as(ann, WRONG)
    attempt_as(ann, answers(**{"q-helix-actors": ["industry", "research"]}))
    attempt_as(bob, answers(**{"q-lq-meaning": ["b"], "q-helix-actors": ["media"],
                               "q-lq-compute": ["5"], "q-helix-name": ["no"]}))
    return trainer, cohort


def report_url(cohort) -> str:
    return f"/cohorts/{cohort.id}/quizzes/practice-quiz"


def test_report_shows_pass_rate_and_per_question_statistics(client, login_as,
                                                            cohort_with_results):
    trainer, cohort = cohort_with_results
    login_as(user=trainer)
    page = client.get(report_url(cohort))
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    assert "2 <span class=\"muted\">of 3</span>" in text  # learners who tried it
    assert "50%" in text and "1 passed" in text  # pass rate of learners
    assert ">3</p>" in text and "1 passing" in text  # attempts
    # Question 1: Ann b then a, Bob b -> 1 of 3 right; choice a picked once, b twice.
    q1 = text.split('id="rq-1"')[1].split('id="rq-2"')[0]
    assert "<strong>33%</strong> answered fully right" in q1
    assert re.search(r"The region's share.*?<td>1</td>.*?33%", q1.replace("&#39;", "'"))
    assert re.search(r"Food processing employs.*?<td>2</td>.*?67%", q1)
    # Learners table: Cat has not started.
    assert re.search(r"Cat</td> <td>0</td> <td>–</td> <td><span class=\"tag tag-muted\">Not "
                     r"started", text)
    assert re.search(r"Ann</td> <td>2</td> <td>90.5%</td> <td><span class=\"tag tag-ok\">",
                     text)


def test_removed_learners_are_not_counted(client, login_as, cohort_with_results):
    trainer, cohort = cohort_with_results
    db.session.execute(sa.update(Enrolment).values(removed_at=sa.func.now()))
    db.session.commit()
    login_as(user=trainer)
    page = client.get(report_url(cohort))
    assert "This cohort has no learners yet." in page.text


def test_only_the_cohorts_trainers_and_admins(client, auth, login_as, make_user,
                                              cohort_with_results):
    _, cohort = cohort_with_results
    assert client.get(report_url(cohort)).status_code == 302  # to login
    login_as("trainer")
    assert client.get(report_url(cohort)).status_code == 404
    auth.logout()
    member = db.session.scalar(sa.select(Enrolment)).user
    login_as(user=member)
    assert client.get(report_url(cohort)).status_code == 404
    auth.logout()
    login_as("admin")
    assert client.get(report_url(cohort)).status_code == 200
    assert client.get(f"/cohorts/{cohort.id}/quizzes/basics-intro").status_code == 404
    assert client.get("/cohorts/999/quizzes/practice-quiz").status_code == 404


def test_item_page_links_trainers_to_their_cohorts_reports(client, login_as,
                                                           cohort_with_results):
    trainer, cohort = cohort_with_results
    login_as(user=trainer)
    client.post("/courses/sample/items/basics-intro/done")  # trainers meet prerequisites too
    page = client.get("/courses/sample/items/practice-quiz")
    assert page.status_code == 200 and report_url(cohort) in page.text


def test_report_runs_a_constant_number_of_queries(client, login_as, make_user, make_cohort,
                                                  attempt_as, count_queries):
    trainer = make_user(role="trainer")
    small = make_cohort(trainers=[trainer], learners=[make_user()])
    attempt_as(db.session.scalar(sa.select(Enrolment).where(
        Enrolment.cohort_id == small.id)).user, RIGHT)
    many = [make_user() for _ in range(12)]
    large = make_cohort(trainers=[trainer], learners=many)
    for learner in many:
        attempt_as(learner, WRONG)
        attempt_as(learner, RIGHT)
    login_as(user=trainer)
    client.get(report_url(small))  # warm up (session loading, first-request work)
    counts = []
    for cohort in (small, large):
        db.session.expire_all()  # tests share one session: start each request equally cold
        with count_queries() as counter:
            assert client.get(report_url(cohort)).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
