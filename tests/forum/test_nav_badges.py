"""The navigation's numbers are read with the signed-in user, in one query, for every role."""

import re

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.services import forum, moderation, notifications


def badge(page: str, css: str) -> int:
    """The number on a nav badge, 0 when it shows none."""
    found = re.search(rf'<span class="{css}">(\d+)</span>', page)
    return int(found.group(1)) if found else 0


@pytest.fixture
def busy_space(world, make_thread):
    """A course-space thread by Sofia in which Jens, the trainer and the admin reply (so each
    follows it and is told of the others' replies); one post is reported."""
    thread = make_thread(world.sofia, forum.course_space(world.course), title="Fees")
    for author in (world.jens, world.trainer, world.admin, world.sofia):
        forum.reply(author, thread, f"A reply by {author.name}.")
    rude = forum.reply(world.jens, thread, "Something rude.")
    moderation.report_post(world.elena, rude, "offensive")
    db.session.commit()
    return thread


@pytest.mark.parametrize("who", ["sofia", "jens", "trainer", "admin", "outsider"])
def test_the_nav_counts_match_the_services_and_come_with_the_user_row(
        client, world, act_as, busy_space, count_queries, who):
    person = getattr(world, who)
    unread = notifications.unread_count(person)
    reports = db.session.scalar(sa.select(moderation.open_report_count(person))) \
        if person.is_trainer else 0
    assert (unread > 0) == (who != "outsider")  # the fixture gives everyone but Olga news
    assert (reports == 1) == person.is_trainer
    act_as(person)
    with count_queries() as counter:
        page = client.get("/discussions/").text
    assert badge(page, "badge") == unread
    assert badge(page, "badge badge-warn") == reports
    counting = [s for s in counter.statements if "FROM notification" in s]
    assert len(counting) == 1, counting  # no query of their own ...
    assert re.match(r'\s*SELECT "?user"?\.id', counting[0])  # ... they come with the user


def test_after_a_role_change_the_counts_are_those_of_the_new_role(
        client, world, act_as, busy_space):
    """The counts are built for the role the session last saw; the user row decides: a
    trainer made a learner loses the reports badge on the very next page."""
    act_as(world.trainer)
    page = client.get("/discussions/").text
    assert badge(page, "badge badge-warn") == 1
    world.trainer.role = "learner"
    db.session.commit()
    page = client.get("/discussions/").text
    assert badge(page, "badge badge-warn") == 0
    assert badge(page, "badge") == notifications.unread_count(world.trainer)
