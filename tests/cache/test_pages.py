"""Cached lesson pages and progress grids: a repeat view needs no query, and every change
that shows on a page shows on the next view, whoever made it."""

import pytest
import sqlalchemy as sa

from lms.cache import store
from lms.extensions import db
from lms.models import Enrolment, Item, Notification, utcnow
from lms.services import accounts, forum, notifications, progress

LESSON = "/courses/sample/items/basics-intro"


@pytest.fixture
def cohort(make_user, make_cohort):
    trainer = make_user("trainer", name="Tina Trainer")
    sofia = make_user(name="Sofia Kowalska")
    jens = make_user(name="Jens Madsen")
    return make_cohort(trainers=[trainer], learners=[sofia, jens]), trainer, sofia, jens


def settled(client, path: str) -> str:
    """View until the page is kept: the first view of a lesson also records "seen"."""
    first, second = client.get(path), client.get(path)
    assert first.status_code == second.status_code == 200
    return second.text


def intro() -> Item:
    return db.session.scalar(sa.select(Item).where(Item.slug == "basics-intro"))


def test_a_repeat_view_of_a_lesson_needs_no_query(client, login_as, cohort, count_queries):
    _, _, sofia, _ = cohort
    login_as(user=sofia)
    page = settled(client, LESSON)
    with count_queries() as counter:
        again = client.get(LESSON)
    assert again.status_code == 200 and again.text == page
    assert counter.count == 0, counter.statements


def test_a_repeat_view_of_the_grid_needs_one_query(client, login_as, cohort, count_queries):
    c, trainer, *_ = cohort
    login_as(user=trainer)
    page = settled(client, f"/trainer/cohorts/{c.id}")
    with count_queries() as counter:
        again = client.get(f"/trainer/cohorts/{c.id}")
    assert again.text == page
    assert counter.count == 1, counter.statements  # who the learners are


def test_the_dashboard_is_cached_and_shows_new_progress(client, login_as, cohort,
                                                         count_queries):
    _, _, sofia, _ = cohort
    login_as(user=sofia)
    before = settled(client, "/learn")
    with count_queries() as counter:
        assert client.get("/learn").text == before
    assert counter.count == 0, counter.statements
    progress.mark_completed(sofia, intro(), by="done")
    db.session.commit()
    assert "<span>Course</span><span>0%</span>" in before
    assert "<span>Course</span><span>25%</span>" in client.get("/learn").text


def test_marking_done_shows_on_the_next_view(client, login_as, cohort):
    _, _, sofia, _ = cohort
    login_as(user=sofia)
    assert "You marked this as done" not in settled(client, LESSON)
    client.post(f"{LESSON}/done")
    assert "You marked this as done" in client.get(LESSON).text  # with the flash
    assert "You marked this as done" in client.get(LESSON).text  # and without
    client.post(f"{LESSON}/undone")
    assert "You marked this as done" not in client.get(LESSON).text


def test_a_flash_message_shows_once(client, login_as, cohort):
    _, _, sofia, _ = cohort
    login_as(user=sofia)
    settled(client, LESSON)
    client.post(f"{LESSON}/done")
    assert "is marked as done" in client.get(LESSON).text
    assert "is marked as done" not in client.get(LESSON).text


def test_someone_elses_post_shows_under_the_lesson(client, login_as, cohort):
    _, _, sofia, jens = cohort
    login_as(user=sofia)
    settled(client, LESSON)
    forum.reply_on_item(jens, intro(), "Our cluster maps firms by NACE code first.")
    db.session.commit()
    assert "maps firms by NACE code" in client.get(LESSON).text


def test_a_course_change_made_by_a_bulk_update_shows(client, login_as, cohort):
    _, _, sofia, _ = cohort
    login_as(user=sofia)
    settled(client, LESSON)
    db.session.execute(sa.update(Item).where(Item.slug == "basics-intro")
                       .values(title="Welcome to cluster work"))
    db.session.commit()
    assert "Welcome to cluster work" in client.get(LESSON).text


def test_signing_out_everywhere_ends_a_session_whose_page_is_cached(client, login_as, cohort):
    _, _, sofia, _ = cohort
    login_as(user=sofia)
    settled(client, LESSON)
    accounts.end_all_sessions(sofia)  # from another device
    db.session.commit()
    response = client.get(LESSON)
    assert response.status_code == 302 and "/account/login" in response.location


def test_a_learner_removed_from_the_cohort_loses_the_cached_lesson(client, login_as, cohort):
    c, _, sofia, _ = cohort
    login_as(user=sofia)
    settled(client, LESSON)
    enrolment = db.session.scalar(sa.select(Enrolment).where(Enrolment.user_id == sofia.id))
    enrolment.removed_at = utcnow()
    db.session.commit()
    assert client.get(LESSON).status_code == 403


def test_a_learners_progress_shows_on_the_cached_grid(client, login_as, cohort):
    c, trainer, sofia, _ = cohort
    login_as(user=trainer)
    before = settled(client, f"/trainer/cohorts/{c.id}")
    progress.mark_completed(sofia, intro(), by="done")
    db.session.commit()
    after = client.get(f"/trainer/cohorts/{c.id}").text
    assert after.count('class="cell cell-done"') == before.count('class="cell cell-done"') + 1


def test_a_trainer_who_loses_the_role_loses_the_cached_grid(client, login_as, cohort):
    c, trainer, *_ = cohort
    login_as(user=trainer)
    settled(client, f"/trainer/cohorts/{c.id}")
    trainer.role = "learner"
    db.session.commit()
    assert client.get(f"/trainer/cohorts/{c.id}").status_code == 403


def test_one_learner_s_change_leaves_the_others_pages_cached(client, login_as, cohort,
                                                             count_queries):
    _, _, sofia, jens = cohort
    login_as(user=sofia)
    settled(client, LESSON)
    progress.mark_completed(jens, intro(), by="done")
    db.session.commit()
    with count_queries() as counter:
        client.get(LESSON)
    assert counter.count == 0, counter.statements


def test_a_rolled_back_change_renews_nothing(app, cohort):
    _, _, sofia, jens = cohort
    names = [f"user:{sofia.id}", "site"]
    before = store().tokens(names)
    sofia.name = "Someone Else"
    db.session.flush()
    db.session.rollback()
    progress.mark_completed(jens, intro(), by="done")  # a later commit, about someone else
    db.session.commit()
    assert store().tokens(names) == before


def test_the_unread_badge_is_cached_and_follows_new_notifications(client, login_as, cohort,
                                                                 count_queries):
    _, _, sofia, jens = cohort
    login_as(user=sofia)
    client.get("/account")
    with count_queries() as counter:
        page = client.get("/account")
    assert not [s for s in counter.statements if "notification" in s], counter.statements
    assert 'class="badge"' not in page.text
    post = forum.reply_on_item(jens, intro(), "Sofia, how do you map firms?")
    db.session.add(Notification(user_id=sofia.id, post_id=post.id, kind="mention",
                                created_at=utcnow()))
    db.session.commit()
    assert '<span class="badge">1</span>' in client.get("/account").text
    notifications.mark_all_read(sofia)  # renews only Sofia's token
    db.session.commit()
    assert 'class="badge"' not in client.get("/account").text
