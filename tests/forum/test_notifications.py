"""Following, in-app notifications, immediate and digest emails, unsubscribing, and leaks."""

import re

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Enrolment, Notification, NotificationSetting, Post, ThreadFollow, utcnow
from lms.services import forum, notifications
from tests.fixtures.mail import sent_mail


@pytest.fixture
def private_thread(world, make_thread):
    """A thread in cohort A's space, started by Sofia; Jens replied, so both follow it."""
    thread = make_thread(world.sofia, forum.cohort_space(world.a), title="Venue for day two")
    forum.reply(world.jens, thread, "The harbour room is free.")
    db.session.commit()
    return thread


def set_mode(user, mode):
    notifications.set_email_mode(user, mode)
    db.session.commit()


def test_starting_and_replying_follow_the_thread(world, private_thread):
    followers = set(db.session.scalars(sa.select(ThreadFollow.user_id)))
    assert followers == {world.sofia.id, world.jens.id}
    kinds = db.session.execute(sa.select(Notification.user_id, Notification.kind)).all()
    assert kinds == [(world.sofia.id, "reply")]  # not Jens about his own post


def test_follow_and_unfollow_buttons(client, world, act_as, private_thread):
    act_as(world.trainer)
    client.post(f"/discussions/threads/{private_thread.id}/follow")
    assert "✓ Following" in client.get(f"/discussions/threads/{private_thread.id}").text
    forum.reply(world.sofia, private_thread, "Booked it.")
    db.session.commit()
    assert notifications.unread_count(world.trainer) == 1
    client.post(f"/discussions/threads/{private_thread.id}/unfollow")
    forum.reply(world.sofia, private_thread, "And lunch.")
    db.session.commit()
    assert notifications.unread_count(world.trainer) == 1


def test_notification_list_badge_and_open(client, world, act_as, private_thread):
    act_as(world.sofia)
    assert '<span class="badge">1</span>' in client.get("/discussions/").text  # the nav bell
    page = client.get("/discussions/notifications")
    assert "Jens Madsen" in page.text and "replied in" in page.text
    assert '<span class="tag">New</span>' in page.text  # still tagged on the page that shows it
    assert '<span class="badge">' not in page.text  # opening the list cleared the bell
    assert notifications.unread_count(world.sofia) == 0
    assert '<span class="tag">New</span>' not in client.get("/discussions/notifications").text
    notification = db.session.scalar(sa.select(Notification))
    response = client.get(f"/discussions/notifications/{notification.id}")
    assert response.status_code == 302 and "/discussions/posts/" in response.headers["Location"]
    assert notifications.unread_count(world.sofia) == 0
    act_as(world.jens)  # someone else's notification is not there for him
    assert client.get(f"/discussions/notifications/{notification.id}").status_code == 404


def test_mark_all_read(client, world, act_as, private_thread):
    act_as(world.sofia)
    client.post("/discussions/notifications/read")
    assert notifications.unread_count(world.sofia) == 0


def test_removed_learner_stops_getting_the_cohorts_notifications(client, world, act_as,
                                                                 private_thread):
    set_mode(world.sofia, "immediate")
    db.session.execute(sa.update(Enrolment).where(Enrolment.user_id == world.sofia.id)
                       .values(removed_at=utcnow()))
    db.session.commit()
    assert notifications.unread_count(world.sofia) == 0  # the earlier one is gone too
    post = forum.reply(world.jens, private_thread, "Sofia, are you coming?")
    db.session.commit()
    assert notifications.send_immediate(post.id) == 0
    assert notifications.send_digests() == 0
    assert sent_mail() == []
    act_as(world.sofia)
    page = client.get("/discussions/notifications")
    assert "Venue for day two" not in page.text


def test_hidden_post_is_not_notified_nor_emailed(world, private_thread):
    post = db.session.scalars(sa.select(Post).order_by(Post.id)).all()[-1]
    post.hidden_at = utcnow()
    db.session.commit()
    assert notifications.unread_count(world.sofia) == 0
    assert notifications.send_digests() == 0
    assert sent_mail() == []


def test_immediate_email_on_reply(client, world, act_as, private_thread):
    set_mode(world.sofia, "immediate")
    act_as(world.jens)
    client.post(f"/discussions/threads/{private_thread.id}/reply",
                data={"body": "Also, bring the **LQ** sheet."})
    [message] = sent_mail()
    assert message["To"] == world.sofia.email
    assert message["Subject"] == "Jens Madsen replied in “Venue for day two”"
    body = message.get_content()
    assert "bring the **LQ** sheet" in body and "http://localhost/discussions/posts/" in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert notifications.send_digests() == 0  # already emailed


def test_daily_digest_sends_one_email_per_user(app, world, make_thread, private_thread):
    forum.reply(world.jens, private_thread, "Second thought: the roof terrace.")
    other = make_thread(world.trainer, forum.course_space(world.course), title="Case debrief")
    forum.reply(world.jens, other, "Hello @Sofia Kowalska, your view?")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["forum", "digest"])
    assert result.exit_code == 0 and "Queued 2 digest email(s)" in result.output
    by_recipient = {m["To"]: m for m in sent_mail()}
    sofia_mail = by_recipient[world.sofia.email]
    body = sofia_mail.get_content()
    assert sofia_mail["Subject"] == "3 new posts in your discussions"
    assert "Jens Madsen replied in “Venue for day two”" in body
    assert "Jens Madsen mentioned you in “Case debrief”" in body
    assert "the roof terrace" in body
    assert world.trainer.email in by_recipient  # he follows the case he started
    unsubscribe = re.search(r"Unsubscribe: (\S+)", body).group(1)
    assert unsubscribe.startswith("http://localhost/discussions/unsubscribe/")
    sent_mail().clear()
    assert app.test_cli_runner().invoke(args=["forum", "digest"]).output.startswith("Queued 0")
    setting = db.session.get(NotificationSetting, world.sofia.id)
    assert setting.last_digest_at is not None


def test_digest_skips_immediate_and_off(world, private_thread):
    set_mode(world.sofia, "off")
    assert notifications.send_digests() == 0


def test_unsubscribe_link_needs_no_login(client, world):
    token = notifications.unsubscribe_token(world.sofia)
    page = client.get(f"/discussions/unsubscribe/{token}")
    assert page.status_code == 200 and "Stop discussion emails?" in page.text
    assert notifications.email_mode(world.sofia) == "daily"  # GET changes nothing
    done = client.post(f"/discussions/unsubscribe/{token}", data="List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200 and "You are unsubscribed" in done.text
    assert notifications.email_mode(world.sofia) == "off"


def test_forged_unsubscribe_token_is_refused(client, world):
    token = notifications.unsubscribe_token(world.sofia)
    assert client.get(f"/discussions/unsubscribe/{token}x").status_code == 400
    assert client.post(f"/discussions/unsubscribe/{token[:-2]}").status_code == 400
    assert notifications.email_mode(world.sofia) == "daily"


def test_settings_page(client, world, login_as):
    login_as(user=world.sofia)
    assert client.get("/discussions/settings").status_code == 200
    assert client.post("/discussions/settings", data={"email": "immediate"}).status_code == 302
    assert notifications.email_mode(world.sofia) == "immediate"
    assert client.post("/discussions/settings", data={"email": "hourly"}).status_code == 422
