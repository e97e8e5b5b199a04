"""Reporting a post tells the trainers of its space, in the app and by email as they chose,
and trainers see how many reports wait on their moderation link."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Notification, Post
from lms.services import forum, moderation, notifications
from tests.fixtures.mail import sent_mail


def first_post(thread):
    return db.session.scalar(sa.select(Post).where(Post.thread_id == thread.id))


def report(client, post, reason="offensive"):
    return client.post(f"/discussions/posts/{post.id}/report",
                       data={"reason": reason, "details": "Not how we talk here."})


def told(post):
    return dict(db.session.execute(sa.select(Notification.user_id, Notification.kind)
                                   .where(Notification.post_id == post.id)).all())


def test_a_report_in_a_cohort_space_tells_that_cohorts_trainer_only(client, world, act_as,
                                                                    make_thread):
    thread = make_thread(world.sofia, forum.cohort_space(world.a), title="Venue")
    act_as(world.jens)
    assert report(client, first_post(thread)).status_code == 302
    assert told(first_post(thread)) == {world.trainer.id: "report"}  # not Marco, not the admin


def test_a_report_in_the_course_space_tells_the_trainers_of_its_cohorts(client, world, act_as,
                                                                        make_thread):
    thread = make_thread(world.sofia, forum.course_space(world.course))
    act_as(world.elena)
    report(client, first_post(thread))
    assert told(first_post(thread)) == {world.trainer.id: "report",
                                        world.other_trainer.id: "report"}


def test_a_trainer_who_already_heard_of_the_post_is_told_again_unread(client, world, act_as,
                                                                      make_thread):
    thread = make_thread(world.trainer, forum.cohort_space(world.a), title="Welcome")
    forum.reply(world.sofia, thread, "Rude words")  # the trainer follows: a reply notice
    db.session.commit()
    post = db.session.scalars(sa.select(Post).order_by(Post.id)).all()[-1]
    notifications.mark_all_read(world.trainer)
    db.session.commit()
    act_as(world.jens)
    report(client, post)
    row = db.session.scalar(sa.select(Notification).where(Notification.post_id == post.id,
                                                          Notification.user_id == world.trainer.id))
    assert row.kind == "report" and row.read_at is None


def test_trainers_who_want_it_at_once_get_an_email_with_the_queue_link(client, world, act_as,
                                                                       make_thread):
    notifications.set_email_mode(world.trainer, "immediate")
    thread = make_thread(world.sofia, forum.cohort_space(world.a), title="Venue")
    act_as(world.jens)
    report(client, first_post(thread))
    mails = [m for m in sent_mail() if m["To"] == world.trainer.email]
    assert len(mails) == 1
    assert mails[0]["Subject"] == "A post by Sofia Kowalska in “Venue” was reported"
    assert "/discussions/moderation" in mails[0].get_content()
    assert "posts reported in spaces you moderate" in mails[0].get_content()


def test_daily_readers_find_the_report_in_their_digest_and_off_means_none(world, make_thread):
    notifications.set_email_mode(world.other_trainer, "off")
    thread = make_thread(world.sofia, forum.course_space(world.course))
    moderation.report_post(world.elena, first_post(thread), "spam")
    db.session.commit()
    notifications.send_digests()
    db.session.commit()
    mails = sent_mail()
    assert [m["To"] for m in mails if "reported" in m.get_content()] == [world.trainer.email]


def test_the_notification_list_says_the_post_was_reported(client, world, act_as, make_thread):
    thread = make_thread(world.sofia, forum.cohort_space(world.a), title="Venue")
    moderation.report_post(world.jens, first_post(thread), "spam")
    db.session.commit()
    act_as(world.trainer)
    page = client.get("/discussions/notifications").text
    assert "was reported for review" in page and "Venue" in page


def test_the_moderation_link_counts_open_reports(client, world, act_as, make_thread):
    thread = make_thread(world.sofia, forum.cohort_space(world.a), title="Venue")
    moderation.report_post(world.jens, first_post(thread), "spam")
    db.session.commit()
    act_as(world.trainer)
    page = client.get("/discussions/").text
    assert 'class="badge badge-warn">1</span>' in page
    act_as(world.other_trainer)  # not their cohort: nothing to review
    assert "badge-warn" not in client.get("/discussions/").text
    act_as(world.jens)
    assert "badge-warn" not in client.get("/discussions/").text


def test_the_nav_counts_cost_one_query_whatever_the_reports(client, world, act_as, make_thread,
                                                           count_queries):
    counts = []
    act_as(world.admin)
    for _ in range(2):
        db.session.commit()  # both requests start from the same, empty identity map
        with count_queries() as counter:
            client.get("/discussions/settings")
        counts.append(counter.count)
        assert sum("count(" in statement for statement in counter.statements) == 1
        for number in range(6):  # reports in both cohorts' spaces, several per post
            space = forum.cohort_space(world.a if number % 2 else world.b)
            thread = make_thread(world.trainer if number % 2 else world.other_trainer, space,
                                 title=f"Thread {number}")
            for reporter in (world.jens, world.sofia) if number % 2 else (world.elena,):
                moderation.report_post(reporter, first_post(thread), "spam")
    assert counts[0] == counts[1]


def test_opening_the_queue_reads_the_report_notifications_only(client, world, act_as,
                                                               make_thread):
    thread = make_thread(world.sofia, forum.cohort_space(world.a), title="Venue")
    forum.reply(world.trainer, thread, "Let us pick one by Friday.")  # the trainer follows
    forum.reply(world.jens, thread, "The harbour room.")
    forum.reply(world.jens, thread, "Rude words")
    db.session.commit()
    harbour, rude = db.session.scalars(sa.select(Post).order_by(Post.id)).all()[-2:]
    moderation.report_post(world.sofia, rude, "offensive")
    db.session.commit()
    assert notifications.unread_count(world.trainer) == 2
    act_as(world.trainer)
    assert "Rude words" in client.get("/discussions/moderation").text
    unread = dict(db.session.execute(sa.select(Notification.post_id, Notification.kind).where(
        Notification.user_id == world.trainer.id, Notification.read_at.is_(None))).all())
    assert unread == {harbour.id: "reply"}  # the reply still waits in the bell
