"""Moderation: pin, lock, hide and move threads, hide posts, reports and their queue."""

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Post, PostReport
from lms.services import forum


@pytest.fixture
def thread(world, make_thread):
    return make_thread(world.sofia, forum.course_space(world.course), title="Shared thread")


def first_post(thread):
    return db.session.scalar(sa.select(Post).where(Post.thread_id == thread.id))


def test_learner_cannot_moderate(client, world, act_as, thread):
    act_as(world.jens)
    for action in ("pin", "lock", "hide"):
        assert client.post(f"/discussions/threads/{thread.id}/moderate/{action}"
                           ).status_code == 403
    assert client.get(f"/discussions/threads/{thread.id}/move").status_code == 403
    post = first_post(thread)
    assert client.post(f"/discussions/posts/{post.id}/moderate/hide").status_code == 403
    assert client.get("/discussions/moderation").status_code == 403


def test_unknown_moderation_action_is_404(client, world, act_as, thread):
    act_as(world.trainer)
    assert client.post(f"/discussions/threads/{thread.id}/moderate/explode").status_code == 404


def test_trainer_pins_and_locks(client, world, act_as, thread):
    act_as(world.trainer)
    client.post(f"/discussions/threads/{thread.id}/moderate/pin")
    client.post(f"/discussions/threads/{thread.id}/moderate/lock")
    db.session.refresh(thread)
    assert thread.pinned and thread.locked
    act_as(world.jens)
    response = client.post(f"/discussions/threads/{thread.id}/reply", data={"body": "late"})
    assert response.status_code == 403 and "locked" in response.text
    assert "This thread is locked" in client.get(f"/discussions/threads/{thread.id}").text


def test_hidden_thread_is_404_for_learners_and_visible_to_moderators(client, world, act_as,
                                                                     thread):
    act_as(world.trainer)
    client.post(f"/discussions/threads/{thread.id}/moderate/hide")
    assert client.get(f"/discussions/threads/{thread.id}").status_code == 200
    act_as(world.jens)
    assert client.get(f"/discussions/threads/{thread.id}").status_code == 404
    assert "Shared thread" not in client.get("/discussions/courses/sample").text
    assert "Shared thread" not in client.get("/discussions/").text


def test_hidden_post_stays_hidden_from_learners(client, world, act_as, thread):
    post = first_post(thread)
    act_as(world.trainer)
    assert client.post(f"/discussions/posts/{post.id}/moderate/hide").status_code == 302
    assert "flat fee" in client.get(f"/discussions/threads/{thread.id}").text  # moderator
    act_as(world.jens)
    page = client.get(f"/discussions/threads/{thread.id}").text
    assert "flat fee" not in page and "hidden by a moderator" in page
    assert client.get(f"/discussions/posts/{post.id}/edit").status_code == 404


def test_move_thread_to_a_cohort_space(client, world, act_as, thread):
    act_as(world.trainer)
    page = client.get(f"/discussions/threads/{thread.id}/move")
    assert "Copenhagen 2024" in page.text and "Athens 2025" not in page.text
    response = client.post(f"/discussions/threads/{thread.id}/move",
                           data={"space": f"cohort-{world.a.id}"})
    assert response.status_code == 302
    db.session.refresh(thread)
    assert thread.space.cohort_id == world.a.id
    act_as(world.elena)  # cohort B: the thread is no longer hers to see
    assert client.get(f"/discussions/threads/{thread.id}").status_code == 404


def test_move_to_a_space_the_moderator_cannot_see_is_refused(client, world, act_as, thread):
    act_as(world.trainer)
    response = client.post(f"/discussions/threads/{thread.id}/move",
                           data={"space": f"cohort-{world.b.id}"})
    assert response.status_code == 422
    db.session.refresh(thread)
    assert thread.space.cohort_id is None


def test_report_and_queue(client, world, act_as, thread):
    post = first_post(thread)
    act_as(world.jens)
    assert client.get(f"/discussions/posts/{post.id}/report").status_code == 200
    response = client.post(f"/discussions/posts/{post.id}/report",
                           data={"reason": "offensive", "details": "Rude to members"})
    assert response.status_code == 302
    again = client.post(f"/discussions/posts/{post.id}/report", data={"reason": "spam"})
    assert again.status_code == 409 and "already reported" in again.text
    assert client.post(f"/discussions/posts/{post.id}/report",
                       data={"reason": "bogus"}).status_code == 422
    act_as(world.trainer)
    queue = client.get("/discussions/moderation")
    assert "Rude to members" in queue.text and "Rude or offensive" in queue.text
    client.post(f"/discussions/posts/{post.id}/moderate/hide?back=queue")
    report = db.session.scalar(sa.select(PostReport))
    assert report.resolved_at is not None and report.resolution == "hidden"
    assert "Nothing to review" in client.get("/discussions/moderation").text


def test_report_queue_excludes_spaces_the_trainer_cannot_see(client, world, act_as,
                                                             make_thread):
    private = make_thread(world.elena, forum.cohort_space(world.b), title="Athens only")
    forum.reply(world.other_trainer, private, "A reply to report")
    db.session.commit()
    act_as(world.elena)
    reply = db.session.scalars(sa.select(Post).where(Post.thread_id == private.id)
                               .order_by(Post.id)).all()[-1]
    client.post(f"/discussions/posts/{reply.id}/report", data={"reason": "spam"})
    act_as(world.trainer)
    assert "A reply to report" not in client.get("/discussions/moderation").text


def test_cannot_report_own_post(client, world, act_as, thread):
    act_as(world.sofia)
    post = first_post(thread)
    assert client.post(f"/discussions/posts/{post.id}/report",
                       data={"reason": "spam"}).status_code == 409
