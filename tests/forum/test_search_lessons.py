"""Search finds the course's own text as well as posts, grouped by kind, and only what the
searcher may read: no trainer-only items for learners, no other cohort's private posts."""

import re

import pytest

from lms.extensions import db
from lms.models import Course, utcnow
from lms.queries.search import search_lessons
from lms.services import forum
from tests.fixtures.content import TRAINER_MARKERS, import_package, write_course


def titles(page) -> list[str]:
    return [hit.item.title for hit in page.hits]


def test_a_learner_finds_the_lesson_that_explains_a_word(client, world, login_as):
    login_as(user=world.sofia)
    page = client.get("/discussions/search?q=specialisation").text
    lessons = page.split('id="lessons-heading"')[1].split('id="posts-heading"')[0]
    assert "Introduction" in lessons and "<mark>Specialisation</mark>" in lessons
    assert "/courses/sample/items/basics-intro" in lessons
    assert "No posts match" in page


def test_lessons_and_posts_come_in_their_own_groups(client, world, login_as, make_thread):
    make_thread(world.jens, forum.course_space(world.course), title="LQ above one",
                body="Our location quotient for food processing is 1.8.")
    login_as(user=world.sofia)
    page = client.get("/discussions/search?q=location+quotient").text
    lessons, posts = page.split('id="lessons-heading"')[1].split('id="posts-heading"')
    assert "Introduction" in lessons and "Your own cluster" in lessons
    assert "LQ above one" in posts and "LQ above one" not in lessons
    only_posts = client.get("/discussions/search?q=location+quotient&kind=posts").text
    assert "LQ above one" in only_posts and 'id="lessons-heading"' not in only_posts
    only_lessons = client.get("/discussions/search?q=location+quotient&kind=lessons").text
    assert "Introduction" in only_lessons and 'id="posts-heading"' not in only_lessons


def test_words_of_the_markup_are_not_words_of_the_lesson(world):
    assert search_lessons(world.sofia, "thead").hits == []  # the table's tag, not its text
    assert titles(search_lessons(world.sofia, "measures")) == ["Introduction"]  # a plural


def test_every_word_must_be_there_and_title_matches_come_first(world):
    assert search_lessons(world.sofia, "location banana").hits == []
    found = titles(search_lessons(world.sofia, "cluster"))
    # The introduction comes first in the course, but only its text says "cluster".
    assert found[:2] == ["A food cluster", "Your own cluster"] and "Introduction" in found[2:]


def test_outsiders_find_no_lessons_of_courses_they_do_not_study(world):
    assert search_lessons(world.outsider, "specialisation").hits == []


def test_trainer_only_items_only_for_the_courses_trainers(world, make_user, load_trainer_items):
    load_trainer_items()
    marker = TRAINER_MARKERS[0]
    assert search_lessons(world.sofia, marker).hits == []
    assert search_lessons(world.elena, marker).hits == []
    stranger = make_user(role="trainer", name="Trainer of no cohort")
    assert search_lessons(stranger, marker).hits == []
    assert search_lessons(stranger, "specialisation").hits != []  # the course itself, yes
    for user in (world.trainer, world.other_trainer, world.admin):
        assert titles(search_lessons(user, marker)) == ["Teaching notes: the food cluster"]


def test_the_page_tags_trainer_only_items_and_never_shows_them_to_learners(
        client, world, act_as, load_trainer_items):
    load_trainer_items()
    act_as(world.trainer)
    assert "For trainers" in client.get(f"/discussions/search?q={TRAINER_MARKERS[1]}").text
    act_as(world.jens)
    page = client.get(f"/discussions/search?q={TRAINER_MARKERS[1]}").text
    assert "Session plan" not in page and "Course content <span class=\"muted small\">(0)" in page


def test_another_cohorts_private_post_stays_hidden_beside_the_lessons(client, world, act_as,
                                                                     make_thread):
    make_thread(world.sofia, forum.cohort_space(world.a), title="Our private LQ",
                body="Our location quotient is confidential.")
    act_as(world.elena)
    page = client.get("/discussions/search?q=location+quotient").text
    assert "Introduction" in page and "Our private LQ" not in page
    act_as(world.jens)
    assert "Our private LQ" in client.get("/discussions/search?q=location+quotient").text


def test_archived_items_and_courses_are_not_found(world):
    world.course.archived_at = utcnow()
    db.session.commit()
    assert search_lessons(world.admin, "specialisation").hits == []


def test_course_content_is_paginated(client, tmp_path, make_user, make_cohort, login_as):
    import_package(write_course(tmp_path / "big", 25))
    course = db.session.scalar(db.select(Course).where(Course.slug == "big"))
    learner = make_user()
    make_cohort(course=course, learners=[learner])
    login_as(user=learner)
    first = client.get("/discussions/search?q=lesson").text
    assert len(re.findall(r'/courses/big/items/l\d+"', first)) == 5
    assert "All 25 results in the course content" in first
    pages = [client.get(f"/discussions/search?q=lesson&kind=lessons&page={n}").text
             for n in (1, 2, 3)]
    found = [re.findall(r'/courses/big/items/(l\d+)"', page) for page in pages]
    assert [len(f) for f in found] == [10, 10, 5]
    assert len({slug for f in found for slug in f}) == 25
    assert 'rel="next"' in pages[1] and 'rel="next"' not in pages[2]


@pytest.mark.parametrize("query", ["kind=everything", "page=0", "page=abc", "page=99999",
                                   "page=%C2%B2"])
def test_bad_search_parameters_are_400_with_a_message(client, world, login_as, query):
    login_as(user=world.sofia)
    response = client.get(f"/discussions/search?q=cluster&{query}")
    assert response.status_code == 400


def test_search_page_costs_the_same_queries_for_a_small_and_a_big_course(
        client, tmp_path, make_user, make_cohort, login_as, count_queries, make_thread,
        bulk_posts):
    counts = []
    learner = make_user()
    login_as(user=learner)
    for size in (3, 60):
        import_package(write_course(tmp_path / str(size), size))
        course = db.session.scalar(db.select(Course).where(Course.slug == "big"))
        make_cohort(course=course, learners=[learner])
        thread = make_thread(learner, forum.course_space(course), body="A lesson learned")
        bulk_posts(thread, learner, size, body="Lesson note {i}")
        with count_queries() as counter:
            assert client.get("/discussions/search?q=lesson").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
