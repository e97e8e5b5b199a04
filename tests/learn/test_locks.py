"""Locked items are shown as locked, with the lessons to do first, before anyone opens them."""

import re

import pytest


@pytest.fixture
def learner_in_cohort(make_user, make_cohort, login_as):
    learner = make_user()
    make_cohort(learners=[learner])
    login_as(user=learner)
    return learner


def _locked_rows(html: str) -> list[str]:
    return re.findall(r'<li class="[^"]*locked[^"]*">(.*?)</li>', html, re.S)


def test_course_outline_says_what_is_locked_and_why(client, learner_in_cohort):
    page = client.get("/courses/sample").text
    rows = _locked_rows(page)
    assert len(rows) == 2  # the case and the quiz wait for the introduction
    assert "A food cluster" in rows[0] and "Check your understanding" in rows[1]
    assert all("Locked: complete “Introduction” first" in row for row in rows)
    assert all("(locked)" in row for row in rows)


def test_locks_lift_once_the_prerequisite_is_done(client, learner_in_cohort):
    client.post("/courses/sample/items/basics-intro/done")
    assert _locked_rows(client.get("/courses/sample").text) == []
    assert "lock-reason" not in client.get("/courses/sample/items/basics-case").text


def test_lesson_sidebar_marks_locked_items_too(client, learner_in_cohort):
    page = client.get("/courses/sample/items/basics-intro").text
    rows = re.findall(r'<li class="outline-item locked">(.*?)</li>', page, re.S)
    assert len(rows) == 2 and all("After “Introduction”" in row for row in rows)


def test_trainers_and_visitors_see_no_locks(client, login_as, load_sample_package):
    load_sample_package()
    assert "lock-reason" not in client.get("/courses/sample").text  # visitor
    login_as("trainer")
    assert "lock-reason" not in client.get("/courses/sample").text
