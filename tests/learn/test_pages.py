"""Catalogue, course outline, lesson pages, done marks, prerequisites and assets."""

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import ItemProgress


@pytest.fixture
def learner_in_cohort(make_user, make_cohort, login_as):
    learner = make_user()
    make_cohort(learners=[learner])
    login_as(user=learner)
    return learner


def test_catalogue_lists_courses_for_anyone(client, load_sample_package):
    load_sample_package()
    page = client.get("/courses")
    assert page.status_code == 200 and "Sample course" in page.text


def test_course_outline_shows_modules_and_items(client, learner_in_cohort):
    page = client.get("/courses/sample")
    assert page.status_code == 200
    for text in ("Basics", "Practice", "Introduction", "A food cluster", "0%"):
        assert text in page.text


def test_lesson_page_records_seen_and_links_next(client, learner_in_cohort):
    page = client.get("/courses/sample/items/basics-intro")
    assert page.status_code == 200
    assert "/courses/sample/items/basics-case" in page.text  # next
    row = db.session.scalar(sa.select(ItemProgress))
    assert row.user_id == learner_in_cohort.id and row.completed_at is None


def test_mark_done_and_undo(client, learner_in_cohort):
    assert client.post("/courses/sample/items/basics-intro/done").status_code == 302
    assert "You marked this as done" in client.get("/courses/sample/items/basics-intro").text
    assert "25%" in client.get("/courses/sample").text
    client.post("/courses/sample/items/basics-intro/undone")
    assert db.session.scalar(sa.select(ItemProgress.completed_at)) is None


def test_prerequisite_locks_an_item_and_says_why(client, learner_in_cohort):
    page = client.get("/courses/sample/items/basics-case")
    assert page.status_code == 403
    assert "Complete these first" in page.text and "Introduction" in page.text
    assert client.post("/courses/sample/items/basics-case/done").status_code == 403
    client.post("/courses/sample/items/basics-intro/done")
    assert client.get("/courses/sample/items/basics-case").status_code == 200


def test_quiz_cannot_be_marked_done(client, learner_in_cohort):
    client.post("/courses/sample/items/basics-intro/done")
    assert client.post("/courses/sample/items/practice-quiz/done").status_code == 409


def test_learner_outside_any_cohort_cannot_study(client, login_as, load_sample_package):
    load_sample_package()
    login_as()
    assert client.get("/courses/sample/items/basics-intro").status_code == 403
    assert "Join a cohort" in client.get("/courses/sample").text


def test_anonymous_is_sent_to_login(client, load_sample_package):
    load_sample_package()
    assert client.get("/courses/sample/items/basics-intro").status_code == 302


def test_unknown_course_and_item_are_404(client, learner_in_cohort):
    assert client.get("/courses/nope").status_code == 404
    assert client.get("/courses/sample/items/nope").status_code == 404


def test_asset_download_and_traversal(client, learner_in_cohort):
    response = client.get("/courses/sample/assets/lq-calculator.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert "sandbox" in response.headers["Content-Security-Policy"]
    response.close()
    for bad in ("../course.toml", "..%2Fcourse.toml", "missing.csv", "%2e%2e/course.toml"):
        assert client.get(f"/courses/sample/assets/{bad}").status_code == 404, bad


def test_glossary_page(client, learner_in_cohort):
    page = client.get("/courses/sample/pages/glossary")
    assert page.status_code == 200 and "Glossary" in page.text


@pytest.mark.parametrize("url", ["/courses/big/items/l1", "/courses/big"])
def test_course_pages_query_count_does_not_grow_with_items(queries_at_course_sizes, url):
    counts = queries_at_course_sizes(url, sizes=(5, 60))
    assert counts[0] == counts[1] <= 10, counts


def test_mark_done_reads_the_one_item_not_the_course(client, learner_in_cohort, count_queries):
    """The write needs the course, the access check and its item: one query, not the whole
    outline with every item's columns (that was a third of "mark done")."""
    with count_queries() as counter:
        assert client.post("/courses/sample/items/basics-intro/done").status_code == 302
    assert not any("JOIN module" in s for s in counter.statements)  # the outline, eagerly
    assert counter.count <= 7, counter.statements
