"""Spaces and who sees them: course-wide, cohort-private, alumni, outsiders, trainers."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Enrolment, Thread, utcnow
from lms.services import forum


def test_index_lists_the_spaces_a_learner_can_see(client, world, login_as):
    login_as(user=world.sofia)
    page = client.get("/discussions/")
    assert page.status_code == 200
    assert "Sample course" in page.text and "Copenhagen 2024" in page.text
    assert "Athens 2025" not in page.text


def test_trainer_sees_only_their_own_cohort_space(client, world, login_as):
    login_as(user=world.trainer)
    page = client.get("/discussions/")
    assert "Copenhagen 2024" in page.text and "Athens 2025" not in page.text
    assert client.get(f"/discussions/cohorts/{world.b.id}").status_code == 404
    assert client.get(f"/discussions/cohorts/{world.a.id}").status_code == 200


def test_admin_sees_every_space(client, world, login_as):
    login_as(user=world.admin)
    page = client.get("/discussions/")
    assert "Copenhagen 2024" in page.text and "Athens 2025" in page.text
    assert client.get(f"/discussions/cohorts/{world.b.id}").status_code == 200


def test_private_space_and_its_threads_are_404_outside_the_cohort(client, world, login_as,
                                                                 make_thread):
    thread = make_thread(world.sofia, forum.cohort_space(world.a), title="Our venue in Nyhavn")
    login_as(user=world.elena)
    assert client.get(f"/discussions/cohorts/{world.a.id}").status_code == 404
    assert client.get(f"/discussions/threads/{thread.id}").status_code == 404
    post_id = thread_first_post(thread)
    assert client.get(f"/discussions/posts/{post_id}").status_code == 404
    assert client.post(f"/discussions/threads/{thread.id}/reply",
                       data={"body": "sneaky"}).status_code == 404
    assert client.post(f"/discussions/posts/{post_id}/like").status_code == 404
    assert client.get(f"/discussions/posts/{post_id}/report").status_code == 404
    assert "Nyhavn" not in client.get("/discussions/").text


def thread_first_post(thread):
    from lms.models import Post

    return db.session.scalar(sa.select(Post.id).where(Post.thread_id == thread.id))


def test_outsider_cannot_see_the_course_space(client, world, login_as, make_thread):
    thread = make_thread(world.sofia, forum.course_space(world.course))
    login_as(user=world.outsider)
    assert client.get("/discussions/courses/sample").status_code == 404
    assert client.get(f"/discussions/threads/{thread.id}").status_code == 404
    assert client.get("/discussions/courses/sample/new").status_code == 404


def test_course_space_is_shared_across_cohorts(client, world, login_as, make_thread):
    thread = make_thread(world.sofia, forum.course_space(world.course),
                         title="Fee tiers by company size")
    login_as(user=world.elena)
    page = client.get("/discussions/courses/sample")
    assert page.status_code == 200 and "Fee tiers by company size" in page.text
    assert client.get(f"/discussions/threads/{thread.id}").status_code == 200


def test_removed_learner_keeps_the_course_space_but_loses_the_cohort_space(
        client, world, login_as, make_thread):
    private = make_thread(world.trainer, forum.cohort_space(world.a), title="Session notes")
    db.session.execute(sa.update(Enrolment).where(Enrolment.user_id == world.jens.id)
                       .values(removed_at=utcnow()))
    db.session.commit()
    login_as(user=world.jens)
    assert client.get("/discussions/courses/sample").status_code == 200  # alumni stay
    assert client.get(f"/discussions/cohorts/{world.a.id}").status_code == 404
    assert client.get(f"/discussions/threads/{private.id}").status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    assert client.get("/discussions/").status_code == 302
    assert client.get("/discussions/courses/sample").status_code == 302


def test_start_a_thread_in_a_cohort_space(client, world, login_as):
    login_as(user=world.sofia)
    response = client.post(f"/discussions/cohorts/{world.a.id}/new",
                           data={"title": "Dinner after day two?", "body": "Who is in?"})
    assert response.status_code == 302
    thread = db.session.scalar(sa.select(Thread))
    assert thread.space.cohort_id == world.a.id and thread.post_count == 1
    page = client.get(response.headers["Location"])
    assert "Dinner after day two?" in page.text and "Who is in?" in page.text


def test_new_thread_form_rejects_bad_input_with_422(client, world, login_as):
    login_as(user=world.sofia)
    response = client.post("/discussions/courses/sample/new", data={"title": "x", "body": ""})
    assert response.status_code == 422
    assert "Write something first." in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Thread)) == 0


def test_space_page_shows_reply_counts_and_pinned_first(client, world, login_as, make_thread):
    space = forum.course_space(world.course)
    old = make_thread(world.sofia, space, title="An older thread")
    newer = make_thread(world.jens, space, title="A newer thread")
    forum.reply(world.jens, old, "A reply")
    old.pinned = True
    db.session.commit()
    login_as(user=world.sofia)
    text = client.get("/discussions/courses/sample").text
    assert text.index("An older thread") < text.index("A newer thread")
    assert "Pinned" in text
    assert newer.reply_count == 0 and old.reply_count == 1


def test_broken_cursor_is_400(client, world, login_as, make_thread):
    thread = make_thread(world.sofia, forum.course_space(world.course))
    login_as(user=world.sofia)
    assert client.get("/discussions/courses/sample?after=nonsense").status_code == 400
    assert client.get(f"/discussions/threads/{thread.id}?after=99999999999999999999-1"
                      ).status_code == 400
