"""GDPR: the account page, the personal data download and account deletion."""

import json

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.mail import queue_mail
from lms.models import (
    Attendance,
    CalendarFeed,
    Certificate,
    Enrolment,
    ItemProgress,
    Notification,
    OutboxMessage,
    Post,
    PostLike,
    PostReport,
    QuizAnswer,
    QuizAttempt,
    QuizChoicePick,
    Reflection,
    ReflectionComment,
    Rsvp,
    ThreadFollow,
    User,
)
from lms.services.privacy import REMOVED_NAME
from tests.fixtures.factories import PASSWORD


def _export(client) -> dict:
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    return json.loads(response.data)


def test_account_page_links_password_data_and_deletion(client, login_as):
    user = login_as("learner")
    page = client.get("/account")
    assert page.status_code == 200
    for href in ('href="/account/password"', 'href="/account/data.json"',
                 'action="/account/delete"'):
        assert href in page.text
    # The user's name in the navigation leads to the account page.
    assert f'href="/account" title="Your account">{user.name}<' in page.text


def test_account_pages_need_a_sign_in(client):
    for url in ("/account", "/account/data.json"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"}) \
        .status_code == 302


def test_export_holds_the_learners_data(client, login_as, secure_world):
    w = secure_world
    login_as(user=w.learner_a)
    data = _export(client)
    assert data["profile"]["email"] == w.learner_a.email
    assert data["profile"]["organisation"] == "Pomerania Food Cluster"
    assert [e["cohort"] for e in data["enrolments"]] == ["Cohort A"]
    assert {p["item"] for p in data["progress"]} >= {"basics-intro", "practice-quiz"}
    [attempt] = data["quiz_attempts"]
    assert attempt["passed"] is True and len(attempt["answers"]) == 6
    assert {a["question"] for a in attempt["answers"]} >= {"lq-meaning", "helix-name"}
    [reflection] = data["reflections"]
    assert reflection["body"].startswith("Our cluster's members")
    assert reflection["comments"][0]["body"] == "Good insight, Lena."
    assert {p["body"] for p in data["posts"]} == {"How do you price membership?",
                                                   "Greetings from Gdańsk."}
    assert [like["post_id"] for like in data["likes"]] == [w.reply_a.id]
    assert data["reports_made"][0]["reason"] == "off-topic"
    assert {f["thread_id"] for f in data["follows"]} == {w.thread_a.id, w.course_thread.id}
    assert [n["post_id"] for n in data["notifications"]] == [w.reply_a.id]
    assert data["rsvps"][0]["answer"] == "yes" and data["rsvps"][0]["session"] == "Kick-off A"
    assert data["attendance"][0]["present"] is True
    assert data["certificates"][0]["code"] == "CERTA0000001"
    assert data["calendar_feed"]["exists"] is True


def test_export_holds_nothing_of_others_and_no_secrets(client, login_as, secure_world):
    w = secure_world
    login_as(user=w.learner_a)
    raw = client.get("/account/data.json").text
    user = db.session.get(User, w.learner_a.id)
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    for secret in (user.password_hash, w.feed_token, feed.nonce, feed.token_hash, "password",
                   "session_version"):
        assert secret not in raw
    for other in (w.learner_b.email, w.learner_b.name, "B's own question.", "Cohort B",
                  "Kick-off B", w.trainer_a.email, "We charge by headcount."):
        assert other not in raw


def test_trainer_export_lists_cohorts_trained_and_comments_written(client, login_as,
                                                                    secure_world):
    login_as(user=secure_world.trainer_a)
    data = _export(client)
    assert [c["cohort"] for c in data["trainer_of"]] == ["Cohort A"]
    assert [c["body"] for c in data["reflection_comments_written"]] == ["Good insight, Lena."]
    assert "Our cluster's members" not in json.dumps(data)  # the learner's text is theirs


def _delete(client, password=PASSWORD, confirm="y"):
    return client.post("/account/delete", data={"password": password, "confirm": confirm})


def test_deletion_needs_the_password_and_the_tick(client, login_as, secure_world):
    login_as(user=secure_world.learner_a)
    wrong = _delete(client, password="not my password")
    assert wrong.status_code == 422 and "password is not correct" in wrong.text
    unticked = _delete(client, confirm="")
    assert unticked.status_code == 422 and "Tick the box" in unticked.text
    assert db.session.get(User, secure_world.learner_a.id).name == "Lena Learner-A"


def _count(model, column, value) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(column == value))


def test_deletion_removes_personal_data_and_keeps_posts_anonymised(client, auth, login_as,
                                                                    secure_world):
    w = secure_world
    uid, email = w.learner_a.id, w.learner_a.email
    login_as(user=w.learner_a)
    response = _delete(client)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/account").status_code == 302  # signed out
    db.session.expire_all()
    user = db.session.get(User, uid)
    assert user.name == REMOVED_NAME and user.organisation == "" and user.country == ""
    assert user.email.endswith("@removed.invalid") and user.role == "learner"
    for model, column in (
        (ItemProgress, ItemProgress.user_id), (QuizAttempt, QuizAttempt.user_id),
        (Reflection, Reflection.user_id), (Notification, Notification.user_id),
        (ThreadFollow, ThreadFollow.user_id), (PostLike, PostLike.user_id),
        (PostReport, PostReport.reporter_id), (Rsvp, Rsvp.user_id),
        (Attendance, Attendance.user_id), (CalendarFeed, CalendarFeed.user_id),
        (Certificate, Certificate.user_id), (Enrolment, Enrolment.user_id),
    ):
        assert _count(model, column, uid) == 0, model.__name__
    for model in (QuizAnswer, QuizChoicePick, ReflectionComment):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
    assert db.session.get(Post, w.reply_a.id).like_count == 0  # the like is gone everywhere
    posts = db.session.scalars(sa.select(Post).where(Post.author_id == uid)).all()
    assert {p.body for p in posts} == {"How do you price membership?", "Greetings from Gdańsk."}
    # The deleted user cannot sign in, with the old email or the placeholder.
    assert auth.login(email).status_code == 422
    assert auth.login(user.email).status_code == 422


def test_pages_that_showed_the_deleted_user_still_work(client, act_as, login_as, secure_world):
    w = secure_world
    login_as(user=w.learner_a)
    assert _delete(client).status_code == 302
    act_as(w.trainer_a)
    thread = client.get(f"/discussions/threads/{w.thread_a.id}")
    assert thread.status_code == 200
    assert REMOVED_NAME in thread.text and "Lena Learner-A" not in thread.text
    assert "Pomerania Food Cluster" not in thread.text
    for url in (f"/trainer/cohorts/{w.a.id}", f"/trainer/cohorts/{w.a.id}/progress.csv",
                f"/manage/cohorts/{w.a.id}", f"/discussions/cohorts/{w.a.id}",
                f"/cohorts/{w.a.id}/quizzes/practice-quiz",
                f"/cohorts/{w.a.id}/reflections/practice-reflection",
                "/discussions/search?q=membership"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Lena Learner-A" not in response.text, url
    act_as(w.admin)
    users = client.get("/admin/users")
    assert users.status_code == 200 and REMOVED_NAME in users.text
    assert client.get(f"/discussions/courses/{w.course.slug}").status_code == 200


def test_the_last_admin_cannot_delete_their_account(client, login_as):
    admin = login_as("admin")
    response = _delete(client)
    assert response.status_code == 409 and "last administrator" in response.text
    assert db.session.get(User, admin.id).is_admin


@pytest.mark.parametrize("role", ["trainer", "admin"])
def test_a_trainer_or_admin_can_delete_their_account(client, make_user, login_as, role):
    make_user(role="admin")
    user = login_as(role)
    assert _delete(client).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).role == "learner"


def test_account_deletion_handles_every_column_that_points_at_a_user(app):
    """A new table with a user foreign key must be listed as deleted or kept, or this fails."""
    from lms.services.privacy import DELETED_WITH_USER, KEPT_FOR_OTHERS

    declared = {(c.table.name, c.name) for c in (*DELETED_WITH_USER, *KEPT_FOR_OTHERS)}
    pointing_at_users = {
        (table.name, fk.parent.name)
        for table in db.metadata.sorted_tables for fk in table.foreign_keys
        if fk.column.table is User.__table__
    }
    assert pointing_at_users, "the walk found no user foreign keys at all"
    assert pointing_at_users - declared == set(), "handle these in lms/services/privacy.py"
    assert declared - pointing_at_users == set(), "these are not user foreign keys"


def test_rows_under_a_deleted_row_go_with_it(app):
    """Quiz answers, reflection comments, workbook versions...: a row that points at a row
    deleted with the user (at any depth) must cascade, or deletion fails or leaves data."""
    from lms.services.privacy import DELETED_WITH_USER

    deleted = {c.table for c in DELETED_WITH_USER}
    not_cascading, todo = [], list(deleted)
    while todo:
        parent = todo.pop()
        for table in db.metadata.sorted_tables:
            for fk in table.foreign_keys:
                if fk.column.table is not parent or table in deleted:
                    continue
                if fk.ondelete == "CASCADE":
                    deleted.add(table)
                    todo.append(table)
                elif fk.ondelete != "SET NULL":
                    not_cascading.append(f"{table.name}.{fk.parent.name} -> {parent.name}")
    assert {"quiz_answer", "quiz_choice_pick", "reflection_comment"} <= {t.name for t in deleted}
    assert not_cascading == [], "give these ondelete='CASCADE' or 'SET NULL'"


def test_every_column_of_the_user_row_is_anonymised_or_kept(app, make_user):
    """A new personal column on the user table must be overwritten at deletion, or this fails."""
    from lms.services.privacy import USER_COLUMNS_KEPT, _anonymous_values

    overwritten = set(_anonymous_values(make_user()))
    assert overwritten.isdisjoint(USER_COLUMNS_KEPT)
    assert overwritten | set(USER_COLUMNS_KEPT) == {c.key for c in User.__table__.columns}


def test_deletion_removes_email_queued_or_sent_to_the_person(client, login_as, make_user):
    """The outbox keeps each message's address and text: the person's go with the account."""
    user, other = make_user(email="gone@example.org"), make_user(email="stays@example.org")
    queue_mail("Gone@Example.org", "Welcome", "Hello Gone")
    queue_mail(other.email, "Welcome", "Hello Stays")
    db.session.commit()
    login_as(user=user)
    assert _delete(client).status_code == 302
    left = db.session.scalars(sa.select(OutboxMessage.recipient)).all()
    assert other.email in left and "gone@example.org" not in {r.lower() for r in left}
