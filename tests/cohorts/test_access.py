"""Who sees which cohort: members, their trainers and admins; nobody else."""

import pytest

from lms.access import can_study


@pytest.fixture
def two_cohorts(make_user, make_cohort, make_session):
    """Cohort A (trainer ta, learner la) and cohort B (trainer tb, learner lb), a session each."""
    people = {k: make_user(role="trainer" if k.startswith("t") else "learner", name=k)
              for k in ("ta", "tb", "la", "lb")}
    a = make_cohort(name="Cohort A", trainers=[people["ta"]], learners=[people["la"]])
    b = make_cohort(name="Cohort B", trainers=[people["tb"]], learners=[people["lb"]])
    return people, a, b, make_session(a), make_session(b)


def _learner_urls(cohort):
    return [f"/cohorts/{cohort.id}", f"/cohorts/{cohort.id}/calendar.ics"]


def _manage_urls(cohort, session):
    return [f"/manage/cohorts/{cohort.id}", f"/manage/cohorts/{cohort.id}/edit",
            f"/manage/cohorts/{cohort.id}/sessions/new", f"/manage/sessions/{session.id}",
            f"/manage/sessions/{session.id}/edit"]


def test_learner_sees_only_their_cohort(client, login_as, two_cohorts):
    people, a, b, sa_, sb = two_cohorts
    login_as(user=people["la"])
    for url in _learner_urls(a):
        assert client.get(url).status_code == 200, url
    for url in _learner_urls(b):
        assert client.get(url).status_code == 404, url
    for url in _manage_urls(a, sa_) + _manage_urls(b, sb) + ["/manage/cohorts"]:
        assert client.get(url).status_code == 403, url  # a staff page, whatever the cohort
    page = client.get("/my-training").text
    assert "Cohort A" in page and "Cohort B" not in page


def test_trainer_manages_only_their_cohorts(client, login_as, two_cohorts):
    people, a, b, sa_, sb = two_cohorts
    login_as(user=people["ta"])
    for url in _manage_urls(a, sa_) + _learner_urls(a):
        assert client.get(url).status_code == 200, url
    for url in _manage_urls(b, sb):
        assert client.get(url).status_code == 404, url  # not even its existence
    assert client.get(f"/cohorts/{b.id}").status_code == 404
    posts = [f"/manage/cohorts/{b.id}/learners", f"/manage/cohorts/{b.id}/invites",
             f"/manage/sessions/{sb.id}/delete", f"/manage/sessions/{sb.id}/attendance",
             f"/manage/cohorts/{b.id}/learners/{people['lb'].id}/remove"]
    for url in posts:
        assert client.post(url, data={"email": "x@example.org"}).status_code == 404, url
    listing = client.get("/manage/cohorts").text
    assert "Cohort A" in listing and "Cohort B" not in listing


def test_admin_sees_and_manages_all(client, login_as, two_cohorts):
    people, a, b, sa_, sb = two_cohorts
    login_as("admin")
    for cohort, session in ((a, sa_), (b, sb)):
        for url in _manage_urls(cohort, session) + _learner_urls(cohort):
            assert client.get(url).status_code == 200, url
    listing = client.get("/manage/cohorts").text
    assert "Cohort A" in listing and "Cohort B" in listing


def test_anonymous_is_sent_to_login(client, two_cohorts):
    people, a, b, sa_, sb = two_cohorts
    for url in ["/my-training"] + _learner_urls(a) + _manage_urls(a, sa_):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login" in response.location, url


def test_removal_ends_access_at_once(client, auth, login_as, make_user, two_cohorts):
    people, a, b, sa_, sb = two_cohorts
    login_as(user=people["ta"])
    learner = people["la"]
    confirm = client.get(f"/manage/cohorts/{a.id}/learners/{learner.id}/remove")
    assert confirm.status_code == 200 and "Remove la from Cohort A?" in confirm.text
    assert client.post(f"/manage/cohorts/{a.id}/learners/{learner.id}/remove").status_code == 302
    assert client.post(f"/manage/cohorts/{a.id}/learners/{learner.id}/remove").status_code == 404
    auth.logout()
    auth.login(learner)
    assert client.get(f"/cohorts/{a.id}").status_code == 404
    assert client.get(f"/cohorts/{a.id}/calendar.ics").status_code == 404
    assert client.post(f"/sessions/{sa_.id}/rsvp", data={"answer": "yes"}).status_code == 404
    assert "Cohort A" not in client.get("/my-training").text
    assert not can_study(learner, a.course)
