"""Replays of the classes of vulnerability real LMSs have shipped, against this one."""

import json
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Cohort, Item, Notification, Thread, User, utcnow
from lms.services import enrolment, forum, moderation
from tests.fixtures.factories import PASSWORD
from tests.fixtures.quiz import WRONG

LMS = Path(__file__).resolve().parents[2] / "lms"


# --- Quiz answers and grades before the policy allows -------------------------------------

def test_quiz_grades_stay_hidden_everywhere_until_the_policy_allows(client, quiz_package,
                                                                     quiz_learner, take_quiz):
    quiz_package(show_feedback="after_passing")
    quiz_learner()
    attempt_url, response = take_quiz(WRONG)
    assert response.status_code in (200, 302, 303)
    export = json.loads(client.get("/account/data.json").data)
    [attempt] = export["quiz_attempts"]
    assert attempt["passed"] is False
    assert all(set(a) == {"question", "response"} for a in attempt["answers"]), attempt
    page = client.get(attempt_url).text
    assert "Incorrect" not in page and "✓ Correct" not in page  # no per-question verdicts
    # Once passed, the policy shows them, in the page and the export alike.
    take_quiz()
    export = json.loads(client.get("/account/data.json").data)
    assert all("correct" in a for a in export["quiz_attempts"][-1]["answers"])


def test_another_learners_attempt_is_not_found(client, act_as, secure_world):
    w = secure_world
    act_as(w.learner_b)
    url = f"/courses/sample/items/practice-quiz/attempts/{w.attempt.id}"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/submit", data={}).status_code == 404


# --- Guessing ids of archived, hidden or locked things ------------------------------------

def test_archived_lessons_are_not_found_by_slug(client, act_as, secure_world):
    db.session.execute(sa.update(Item).where(Item.slug == "basics-case")
                       .values(archived_at=utcnow()))
    db.session.commit()
    act_as(secure_world.learner_a)
    assert client.get("/courses/sample/items/basics-case").status_code == 404
    assert client.post("/courses/sample/items/basics-case/done").status_code == 404


def _status(client, url: str) -> int:
    response = client.get(url)
    response.close()  # file downloads hold the file open until closed
    return response.status_code


def test_attachments_of_hidden_cases_and_unknown_ids(client, act_as, secure_world):
    w = secure_world
    url = f"/discussions/attachments/{w.attachment.id}"
    act_as(w.learner_a)
    assert _status(client, url) == 200
    assert _status(client, f"/discussions/attachments/{w.attachment.id + 1000}") == 404
    moderation.set_thread_flag(w.trainer_a, db.session.get(Thread, w.case_a.id), "hidden", True)
    db.session.commit()
    assert _status(client, url) == 404
    assert _status(client, f"/discussions/threads/{w.case_a.id}") == 404
    act_as(w.trainer_a)
    assert _status(client, url) == 200  # moderators still see it


def test_locked_threads_take_no_reply_from_learners(client, act_as, secure_world):
    w = secure_world
    moderation.set_thread_flag(w.trainer_a, db.session.get(Thread, w.thread_a.id), "locked",
                               True)
    db.session.commit()
    act_as(w.learner_a)
    before = db.session.get(Thread, w.thread_a.id).post_count
    response = client.post(f"/discussions/threads/{w.thread_a.id}/reply",
                           data={"body": "Sneaking in"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Thread, w.thread_a.id).post_count == before


# --- Privilege escalation between trainers ------------------------------------------------

def test_a_trainer_cannot_raise_their_own_role(client, act_as, secure_world):
    w = secure_world
    act_as(w.trainer_a)
    for target in (w.trainer_a, w.learner_a):
        response = client.post(f"/admin/users/{target.id}/role", data={"role": "admin"})
        assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, w.trainer_a.id).role == "trainer"
    assert db.session.get(User, w.learner_a.id).role == "learner"


def test_a_trainer_cannot_manage_another_trainers_cohort(client, act_as, secure_world):
    w = secure_world
    act_as(w.trainer_b)
    data = {"name": "Hijacked", "description": "", "course": w.course.id,
            "trainers": [w.trainer_b.id]}
    assert client.post(f"/manage/cohorts/{w.a.id}/edit", data=data).status_code in (403, 404)
    assert client.post(f"/manage/cohorts/{w.a.id}/invites",
                       data={"kind": "key"}).status_code in (403, 404)
    # Nor slip themselves into cohort A through their own cohort's form.
    client.post(f"/manage/cohorts/{w.b.id}/edit",
                data={**data, "name": "Cohort B", "trainers": [w.trainer_a.id, w.trainer_b.id]})
    db.session.expire_all()
    a, b = db.session.get(Cohort, w.a.id), db.session.get(Cohort, w.b.id)
    assert a.name == "Cohort A" and {t.id for t in a.trainers} == {w.trainer_a.id, w.demoted.id}
    assert [t.id for t in b.trainers] == [w.trainer_b.id]


# --- Cohort isolation ---------------------------------------------------------------------

def test_reports_and_csv_exports_hold_only_the_cohort(client, act_as, secure_world):
    w = secure_world
    act_as(w.trainer_a)
    csv = client.get(f"/trainer/cohorts/{w.a.id}/progress.csv").text
    assert w.learner_a.email in csv or w.learner_a.name in csv
    assert w.learner_b.email not in csv and w.learner_b.name not in csv
    for url in (f"/trainer/cohorts/{w.a.id}", f"/cohorts/{w.a.id}/quizzes/practice-quiz",
                f"/cohorts/{w.a.id}/reflections/practice-reflection"):
        page = client.get(url)
        assert page.status_code == 200 and w.learner_b.name not in page.text, url
    for url in (f"/trainer/cohorts/{w.b.id}/progress.csv", f"/trainer/cohorts/{w.b.id}",
                f"/cohorts/{w.b.id}/quizzes/practice-quiz"):
        assert client.get(url).status_code in (403, 404), url


def test_search_finds_nothing_of_another_cohorts_space(client, act_as, secure_world):
    w = secure_world
    act_as(w.learner_b)
    results = client.get("/discussions/search?q=membership").text
    assert "Pricing in A" not in results and "price membership" not in results
    act_as(w.trainer_b)
    assert "Pricing in A" not in client.get("/discussions/search?q=membership").text
    act_as(w.learner_a)
    assert "Pricing in A" in client.get("/discussions/search?q=membership").text


def test_mentions_do_not_notify_people_outside_the_space(client, act_as, secure_world):
    w = secure_world
    act_as(w.trainer_a)
    client.post(f"/discussions/threads/{w.thread_a.id}/reply",
                data={"body": f"@{w.learner_b.name} and @{w.trainer_b.name}, any views?"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.user_id.in_([w.learner_b.id, w.trainer_b.id]))) == 0


def test_no_notifications_after_removal_from_the_cohort(client, act_as, secure_world):
    w = secure_world
    act_as(w.learner_a)
    assert "Pricing in A" in client.get("/discussions/notifications").text
    enrolment.remove_learner(w.a, w.learner_a)
    db.session.commit()
    forum.reply(w.trainer_a, db.session.get(Thread, w.thread_a.id), "After you left.")
    db.session.commit()
    page = client.get("/discussions/notifications").text
    assert "Pricing in A" not in page
    notification = db.session.scalar(sa.select(Notification.id).where(
        Notification.user_id == w.learner_a.id))
    assert client.get(f"/discussions/notifications/{notification}").status_code == 404


# --- Open redirects through next= ---------------------------------------------------------

EVIL_TARGETS = ("https://evil.example/", "//evil.example/", "/\\evil.example/",
                "\\\\evil.example/", "javascript:alert(1)", "/%09/evil.example/",
                "https:evil.example", " //evil.example", "/\t/evil.example", "///evil.example")


def _stays_here(response) -> bool:
    # Browsers drop tabs and newlines from URLs and read a backslash as a slash.
    location = re.sub(r"[\t\r\n]", "", response.headers.get("Location", "")).strip()
    parts = urlsplit(location.replace("\\", "/"))
    return parts.scheme in ("", "http") and parts.netloc in ("", "localhost")


def test_every_next_parameter_goes_through_safe_next_url():
    """A structural guard: any view that reads next= passes it to safe_next_url."""
    readers = []
    for path in LMS.rglob("*.py"):
        for line in path.read_text().splitlines():
            if re.search(r"""args\.get\(["']next["']""", line):
                readers.append(f"{path.relative_to(LMS)}: {line.strip()}")
                assert "safe_next_url(" in line, line
    assert readers  # auth login, register, logout and the cohorts' redirect_back


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_next_never_leaves_the_site(client, secure_world, target):
    w = secure_world
    query = f"?next={quote(target, safe='')}"
    login = client.post(f"/account/login{query}",
                        data={"email": w.learner_a.email, "password": PASSWORD})
    assert login.status_code == 302 and _stays_here(login)
    assert _stays_here(client.post(f"/sessions/{w.session_a.id}/rsvp{query}",
                                   data={"answer": "maybe"}))
    assert _stays_here(client.post(f"/account/logout{query}"))
    assert _stays_here(client.post(f"/account/register{query}", data={
        "name": "New Person", "email": f"new{abs(hash(target))}@example.org",
        "password": "long enough password", "confirm": "long enough password"}))


def test_a_crafted_registration_without_optional_fields_is_not_a_500(client):
    """Regression: organisation and country missing from the POST crashed register_user."""
    response = client.post("/account/register", data={
        "name": "Curl User", "email": "curl@example.org",
        "password": "long enough password", "confirm": "long enough password"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(User).where(User.email == "curl@example.org")) \
        .organisation == ""
