"""Joining by key and link, capacity, expiry, revocation, uses, removal and re-joining."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms.access import can_study
from lms.extensions import db
from lms.models import Enrolment, Invite, utcnow


def _active(cohort) -> int:
    cohort_id = getattr(cohort, "id", cohort)
    return db.session.scalar(sa.select(sa.func.count()).select_from(Enrolment).where(
        Enrolment.cohort_id == cohort_id, Enrolment.is_active))


def _uses(invite) -> int:
    invite_id = getattr(invite, "id", invite)
    return db.session.scalar(sa.select(Invite.uses).where(Invite.id == invite_id))


def test_join_with_a_key_typed_loosely(client, login_as, make_cohort, make_invite):
    cohort = make_cohort(name="CECIL Copenhagen")
    invite = make_invite(cohort, code="ABCDEFGH")
    learner = login_as()
    response = client.post("/my-training/join", data={"key": " abcd-efgh "})
    assert response.status_code == 302
    assert "Welcome to CECIL Copenhagen" in client.get("/my-training").text
    assert _active(cohort) == 1 and _uses(invite) == 1
    assert can_study(learner, cohort.course)


def test_joining_twice_spends_no_second_use(client, login_as, make_cohort, make_invite):
    cohort = make_cohort()
    invite = make_invite(cohort, code="ABCDEFGH", max_uses=5)
    login_as()
    client.post("/my-training/join", data={"key": "ABCDEFGH"})
    again = client.post("/my-training/join", data={"key": "ABCDEFGH"}, follow_redirects=True)
    assert _uses(invite) == 1
    assert "You are already in" in again.text


def test_unknown_and_empty_keys(client, login_as, make_cohort):
    make_cohort()
    login_as()
    unknown = client.post("/my-training/join", data={"key": "NOPE-NOPE"})
    assert unknown.status_code == 404
    assert "No cohort has this enrolment key" in unknown.text
    assert client.post("/my-training/join", data={"key": ""}).status_code == 422


@pytest.mark.parametrize("spoil, message", [
    (lambda i: setattr(i, "expires_at", utcnow() - timedelta(minutes=1)), "expired on"),
    (lambda i: setattr(i, "revoked_at", utcnow()), "withdrawn by the trainer"),
    (lambda i: setattr(i, "uses", 2), "used as often as the trainer allowed"),
])
@pytest.mark.parametrize("kind", ["key", "link"])
def test_spoilt_invites_are_refused_with_a_reason(client, login_as, make_cohort, make_invite,
                                                  spoil, message, kind):
    cohort = make_cohort()
    invite = make_invite(cohort, kind=kind, max_uses=2)
    spoil(invite)
    db.session.commit()
    login_as()
    if kind == "key":
        response = client.post("/my-training/join", data={"key": invite.code})
    else:
        assert client.get(f"/join/{invite.code}").status_code == 409
        response = client.post(f"/join/{invite.code}")
    assert response.status_code == 409
    assert message in response.text
    assert _active(cohort) == 0


def test_full_cohort_is_a_409_with_a_clear_message(client, login_as, make_user, make_cohort,
                                                   make_invite):
    cohort = make_cohort(name="INNO-DROP", capacity=1, learners=[make_user()])
    invite = make_invite(cohort, code="FULLFULL")
    login_as()
    response = client.post("/my-training/join", data={"key": "FULLFULL"})
    assert response.status_code == 409
    assert "“INNO-DROP” is full: all 1 places are taken" in response.text
    assert _uses(invite) == 0


def test_invite_link_page_then_join(client, auth, make_user, make_cohort, make_invite):
    cohort = make_cohort(name="ECRI Mallorca")
    invite = make_invite(cohort, kind="link")
    page = client.get(f"/join/{invite.code}")
    assert page.status_code == 200
    assert "ECRI Mallorca" in page.text and "Sign in to join" in page.text
    assert client.post(f"/join/{invite.code}").status_code == 302  # to the login page
    assert _active(cohort) == 0
    auth.login(make_user())
    assert "Join this cohort" in client.get(f"/join/{invite.code}").text
    assert client.post(f"/join/{invite.code}").status_code == 302
    assert _active(cohort) == 1
    assert "already in this cohort" in client.get(f"/join/{invite.code}").text


def test_unknown_link_is_404(client, login_as):
    login_as()
    assert client.get("/join/not-a-token").status_code == 404


def test_key_is_not_a_link_and_link_is_not_a_key(client, login_as, make_cohort, make_invite):
    cohort = make_cohort()
    key, link = make_invite(cohort, code="KEYKEYKE"), make_invite(cohort, kind="link")
    login_as()
    assert client.get(f"/join/{key.code}").status_code == 404
    assert client.post("/my-training/join", data={"key": link.code}).status_code == 404


def test_removed_learner_needs_a_new_invite(client, login_as, make_user, make_cohort,
                                            make_invite):
    trainer = make_user(role="trainer")
    cohort = make_cohort(trainers=[trainer])
    old = make_invite(cohort, code="OLDKEYAA")
    learner = login_as()
    client.post("/my-training/join", data={"key": "OLDKEYAA"})
    enrolment = db.session.scalar(sa.select(Enrolment))
    enrolment.removed_at = utcnow() + timedelta(seconds=1)  # removed after the key was made
    db.session.commit()
    assert not can_study(learner, cohort.course)
    again = client.post("/my-training/join", data={"key": "OLDKEYAA"})
    assert again.status_code == 403 and "Only a new invitation" in again.text
    fresh = make_invite(cohort, code="NEWKEYBB")
    fresh.created_at = utcnow() + timedelta(seconds=2)
    db.session.commit()
    assert client.post("/my-training/join", data={"key": "NEWKEYBB"}).status_code == 302
    assert _active(cohort) == 1 and _uses(old) == 1 and _uses(fresh) == 1


@pytest.fixture
def config_overrides(file_database):
    return file_database


def _race(app, users, url, data) -> list[int]:
    """Log each user in, then POST url for all of them at the same moment."""
    from tests.fixtures.auth import AuthActions

    clients = []
    for user in users:
        client = app.test_client()
        assert AuthActions(client).login(user).status_code == 302
        clients.append(client)
    db.session.remove()  # logins ran in this thread's session: end its transaction first
    barrier, statuses = threading.Barrier(len(clients)), []

    def post(client):
        barrier.wait()
        statuses.append(client.post(url, data=data).status_code)

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(statuses)


def test_concurrent_joins_for_the_last_seat(app, make_user, make_cohort, make_invite):
    cohort = make_cohort(capacity=3, learners=[make_user(), make_user()])
    make_invite(cohort, code="LASTSEAT")
    cohort_id, racers = cohort.id, [make_user() for _ in range(4)]
    statuses = _race(app, racers, "/my-training/join", {"key": "LASTSEAT"})
    assert statuses == [302, 409, 409, 409]
    assert _active(cohort_id) == 3


def test_concurrent_joins_cannot_overspend_an_invite(app, make_user, make_cohort, make_invite):
    cohort = make_cohort()
    invite = make_invite(cohort, kind="link", max_uses=2)
    ids, url = (cohort.id, invite.id), f"/join/{invite.code}"
    statuses = _race(app, [make_user() for _ in range(4)], url, {})
    assert statuses == [302, 302, 409, 409]
    assert _active(ids[0]) == 2 and _uses(ids[1]) == 2
