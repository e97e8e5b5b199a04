"""My training and the trainer pages: content, forms, and a constant number of queries."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Cohort, Course, Enrolment, Invite, Item, User
from lms.services.progress import mark_completed


def test_my_training_shows_pre_work_checklist_and_post_work(client, login_as, make_user,
                                                            make_cohort, make_session):
    learner = make_user()
    cohort = make_cohort(name="CECIL", learners=[learner])
    make_session(cohort, title="Kick-off", starts_in=timedelta(days=-10),
                 post=["practice-reflection"])
    make_session(cohort, title="Mapping day", starts_in=timedelta(days=5),
                 pre=["basics-intro", "basics-case"])
    mark_completed(learner, db.session.scalar(sa.select(Item).where(Item.slug == "basics-intro")),
                   by="done")
    db.session.commit()
    login_as(user=learner)
    page = client.get("/my-training").text
    assert "Next session" in page and "Mapping day" in page
    assert "1 of 2 done" in page and 'value="50"' in page
    assert "/courses/sample/items/basics-intro" in page and "(done)" in page
    assert "/courses/sample/items/basics-case" in page and "(not done yet)" in page
    assert "After the session" in page and "Kick-off" in page
    assert "/courses/sample/items/practice-reflection" in page
    assert "Will you come?" in page and f"/cohorts/{cohort.id}/calendar.ics" in page


def test_my_training_without_cohort_offers_the_join_form(client, login_as):
    login_as()
    page = client.get("/my-training")
    assert page.status_code == 200
    assert "You are not in a cohort yet" in page.text and 'name="key"' in page.text


def test_nav_shows_my_training(client, login_as):
    login_as()
    assert 'href="/my-training"' in client.get("/").text


def test_trainer_creates_a_cohort_and_trains_it(client, login_as, load_sample_package):
    course = load_sample_package()
    trainer = login_as("trainer")
    response = client.post("/manage/cohorts/new", data={
        "course": course.id, "name": "ECRI Mallorca", "starts_on": "2017-05-02",
        "ends_on": "2017-05-04", "capacity": "25", "description": "Palma"})
    assert response.status_code == 302
    cohort = db.session.scalar(sa.select(Cohort))
    assert cohort.trainers == [trainer] and cohort.capacity == 25
    bad = client.post("/manage/cohorts/new", data={"course": course.id, "name": "X",
                                                   "starts_on": "2017-05-04",
                                                   "ends_on": "2017-05-02"})
    assert bad.status_code == 422 and "cannot be before the first day" in bad.text
    assert client.post("/manage/cohorts/new", data={"course": "999", "name": "X"}
                       ).status_code == 422
    assert "Trainers" not in client.get(f"/manage/cohorts/{cohort.id}/edit").text


def test_admin_assigns_trainers(client, login_as, make_user, make_cohort):
    anna, marco = make_user(role="trainer", name="Anna"), make_user(role="trainer", name="Marco")
    learner = make_user(name="Lea")
    cohort = make_cohort(trainers=[anna])
    login_as("admin")
    data = {"name": cohort.name, "trainers": [anna.id, marco.id]}
    assert client.post(f"/manage/cohorts/{cohort.id}/edit", data=data).status_code == 302
    db.session.refresh(cohort)
    assert [t.name for t in cohort.trainers] == ["Anna", "Marco"]
    assert client.post(f"/manage/cohorts/{cohort.id}/edit",
                       data={"name": "x", "trainers": [learner.id]}).status_code == 422


def test_trainer_adds_learners_by_email(client, login_as, make_user, make_cohort):
    trainer = login_as("trainer")
    cohort = make_cohort(trainers=[trainer], capacity=1)
    sofia = make_user(email="sofia@example.org", name="Sofia")
    url = f"/manage/cohorts/{cohort.id}/learners"
    unknown = client.post(url, data={"email": "nobody@example.org"})
    assert unknown.status_code == 422 and "No account uses nobody@example.org" in unknown.text
    assert client.post(url, data={"email": "not an email"}).status_code == 422
    assert client.post(url, data={"email": "SOFIA@example.org"}).status_code == 302
    again = client.post(url, data={"email": "sofia@example.org"})
    assert again.status_code == 409 and "already in this cohort" in again.text
    make_user(email="jens@example.org")
    full = client.post(url, data={"email": "jens@example.org"})
    assert full.status_code == 409 and "is full" in full.text
    page = client.get(f"/manage/cohorts/{cohort.id}").text
    assert "Sofia" in page and sofia.organisation in page and "Denmark" in page


def test_trainer_creates_and_revokes_invites(client, login_as, make_cohort):
    trainer = login_as("trainer")
    cohort = make_cohort(trainers=[trainer])
    url = f"/manage/cohorts/{cohort.id}/invites"
    assert client.post(url, data={"kind": "key", "max_uses": "10", "valid_days": "30"}
                       ).status_code == 302
    assert client.post(url, data={"kind": "link"}).status_code == 302
    assert client.post(url, data={"kind": "link", "max_uses": "0"}).status_code == 422
    assert client.post(url, data={"kind": "party"}).status_code == 422
    key, link = db.session.scalars(sa.select(Invite).order_by(Invite.id)).all()
    assert key.max_uses == 10 and key.expires_at is not None and len(key.code) == 8
    page = client.get(f"/manage/cohorts/{cohort.id}").text
    assert key.display_code in page and f"/join/{link.code}" in page and "0 of 10" in page
    assert client.post(f"/manage/invites/{key.id}/revoke").status_code == 302
    db.session.refresh(key)
    assert key.revoked_at is not None
    assert "Revoked" in client.get(f"/manage/cohorts/{cohort.id}").text


def _populate(course: Course, make_user, make_cohort, make_session, trainer, size: int):
    cohorts = []
    for n in range(size):
        learners = [make_user() for _ in range(size)]
        cohort = make_cohort(course=course, trainers=[trainer], learners=learners,
                             name=f"Cohort {size}-{n}")
        for days in range(-size, size, 2):
            make_session(cohort, starts_in=timedelta(days=days), pre=["basics-intro"],
                         post=["basics-case"])
        cohorts.append(cohort)
    return cohorts


@pytest.mark.parametrize("page", ["my_training", "manage_cohort", "manage_list", "cohort",
                                  "manage_session"])
def test_pages_run_a_constant_number_of_queries(client, auth, make_user, make_cohort,
                                                make_session, load_sample_package,
                                                count_queries, page):
    course = load_sample_package()
    counts = []
    for size in (1, 4):
        trainer = make_user(role="trainer")
        cohorts = _populate(course, make_user, make_cohort, make_session, trainer, size)
        learner = db.session.scalar(sa.select(Enrolment.user_id).where(
            Enrolment.cohort_id == cohorts[0].id))
        for cohort in cohorts[1:]:  # the learner is in every cohort of this size
            db.session.add(Enrolment(cohort_id=cohort.id, user_id=learner))
        db.session.commit()
        session_id = cohorts[0].sessions[0].id
        urls = {"my_training": "/my-training", "cohort": f"/cohorts/{cohorts[0].id}",
                "manage_cohort": f"/manage/cohorts/{cohorts[0].id}",
                "manage_list": "/manage/cohorts",
                "manage_session": f"/manage/sessions/{session_id}"}
        auth.logout()
        auth.login(db.session.get(User, learner) if page in ("my_training", "cohort")
                   else trainer)
        with count_queries() as counter:
            assert client.get(urls[page]).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 14, counts
