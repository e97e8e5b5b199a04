"""An API page costs the same number of queries for 3 learners as for 120."""

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Item, QuizAttempt, utcnow


def _attempts(cohort_learner_ids: list[int]) -> None:
    quiz_id = db.session.scalar(sa.select(Item.id).where(Item.slug == "practice-quiz"))
    now = utcnow()
    db.session.execute(sa.insert(QuizAttempt), [
        {"user_id": uid, "item_id": quiz_id, "number": 1, "seed": 1, "question_slugs": [],
         "started_at": now, "submitted_at": now, "points": 1.0, "max_points": 2,
         "score": 50.0, "passed": False} for uid in cohort_learner_ids])
    db.session.commit()


@pytest.mark.parametrize("path", ["progress", "quiz-results"])
def test_page_queries_do_not_grow_with_learners(make_user, make_cohort, add_learners,
                                                make_token, api_get, count_queries, path):
    trainer = make_user(role="trainer")
    token = make_token(trainer)
    counts = []
    for size in (3, 120):
        cohort = make_cohort(trainers=[trainer])
        _attempts(add_learners(cohort, size))
        api_get("/me", token)  # last_used_at written: later calls only read
        url = f"/cohorts/{cohort.id}/{path}"
        with count_queries() as counter:
            body = api_get(url, token, limit="200").json
        assert len(body["data"]) == size
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 6, counts


def test_lists_and_outline_cost_the_same_for_few_and_many(make_user, make_cohort, make_token,
                                                          api_get, count_queries):
    admin = make_user(role="admin")
    token = make_token(admin)
    make_cohort(learners=[make_user()])
    api_get("/me", token)
    counts = []
    for extra in (0, 40):
        for n in range(extra):
            make_cohort(name=f"Many {n}", learners=[make_user()])
        db.session.commit()  # each round starts as a request does: no transaction,
        db.session.expire_all()  # nothing loaded
        with count_queries() as counter:
            cohorts = api_get("/cohorts", token, limit="200").json["data"]
            course = api_get("/courses/sample", token).json
            courses = api_get("/courses", token).json["data"]
        assert len(cohorts) == 1 + extra and course["modules"] and courses
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 9, counts
