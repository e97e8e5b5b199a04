"""A shared reflection becomes a thread in the chosen space, visible to that space only."""

import sqlalchemy as sa
from flask import Flask

from config import TestConfig
from lms import create_app
from lms.extensions import db
from lms.forum import sharing
from lms.models import Item, Reflection, Thread
from lms.services import learning_events, reflections

ITEM = "/courses/sample/items/practice-reflection"


def test_sharing_a_reflection_starts_a_thread_in_the_cohort(client, world, login_as, auth):
    login_as(user=world.sofia)
    assert client.post(f"{ITEM}/reflection",
                       data={"body": "We map our **members** first."}).status_code == 302
    reflection = db.session.scalar(sa.select(Reflection))
    page = client.get(f"/reflections/{reflection.id}")
    assert "Share with others" in page.text
    key = f"cohort:{world.a.id}"
    response = client.post(f"/reflections/{reflection.id}/share", data={"space": key})
    assert response.status_code == 302
    thread = db.session.scalar(sa.select(Thread))
    assert thread.title == "Reflection: Your own cluster"
    assert thread.space.cohort_id == world.a.id and thread.author_id == world.sofia.id
    assert f"/discussions/threads/{thread.id}" in client.get(f"/reflections/{reflection.id}").text
    shown = client.get(f"/discussions/threads/{thread.id}").text
    assert "<strong>members</strong>" in shown
    auth.logout()
    login_as(user=world.elena)  # a learner of the other cohort does not see it
    assert client.get(f"/discussions/threads/{thread.id}").status_code == 404


def test_sharing_into_the_course_space(client, world, login_as):
    login_as(user=world.sofia)
    client.post(f"{ITEM}/reflection", data={"body": "Everyone may read this."})
    reflection = db.session.scalar(sa.select(Reflection))
    assert client.post(f"/reflections/{reflection.id}/share",
                       data={"space": "course"}).status_code == 302
    thread = db.session.scalar(sa.select(Thread))
    assert thread.space.cohort_id is None and thread.space.course_id == world.course.id


def test_a_reflection_titled_reflection_is_titled_once(client, world, login_as):
    """The shipped course's items are titled "Reflection: …"; the thread must not say it twice."""
    item = db.session.scalar(sa.select(Item).where(Item.slug == "practice-reflection"))
    item.title = "Reflection: map your own cluster"
    db.session.commit()
    login_as(user=world.sofia)
    client.post(f"{ITEM}/reflection", data={"body": "Our map."})
    reflection = db.session.scalar(sa.select(Reflection))
    client.post(f"/reflections/{reflection.id}/share", data={"space": "course"})
    assert db.session.scalar(sa.select(Thread.title)) == "Reflection: map your own cluster"


def test_each_app_has_its_own_share_receiver(app, app_ctx):
    """Two apps in one process: the discussions of one never receive the other's shares."""
    other = create_app(TestConfig)
    signal = learning_events.reflection_shared
    assert list(signal.receivers_for(app)) == [sharing.share_as_thread]  # not one per app
    with Flask("without_discussions").app_context():
        assert not reflections.sharing_available()
    signal.disconnect(sharing.share_as_thread, sender=other)
    with other.app_context():
        assert not reflections.sharing_available()
    assert reflections.sharing_available()  # this test's app still shares
