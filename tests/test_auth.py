"""Accounts: registration, login, logout, password change and reset."""

import re
import threading

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import User
from tests.fixtures.factories import PASSWORD
from tests.fixtures.mail import sent_mail

REGISTRATION = {
    "name": "Sofia Kowalska", "email": "Sofia@Example.org", "organisation": "Food Cluster",
    "country": "Poland", "password": "a long enough password", "confirm": "a long enough password",
}


def test_register_creates_a_learner_who_then_signs_in(client, auth):
    response = client.post("/account/register", data=REGISTRATION)
    assert response.status_code == 302 and response.headers["Location"] == "/account/login"
    user = db.session.scalar(sa.select(User))
    assert (user.email, user.role, user.organisation) == ("sofia@example.org", "learner",
                                                         "Food Cluster")
    assert user.password_hash.startswith("$argon2id$")
    [welcome] = sent_mail()
    assert welcome["To"] == "sofia@example.org" and "account is ready" in welcome["Subject"]
    assert "http://localhost/account/login" in welcome.get_content()
    assert auth.login("sofia@example.org", REGISTRATION["password"]).status_code == 302
    assert "Sofia Kowalska" in client.get("/").text


@pytest.mark.parametrize("field, value, message", [
    ("email", "not-an-email", "Invalid email address."),
    ("password", "short", "Field must be between 10 and 200 characters long."),
    ("confirm", "different password", "The passwords do not match."),
    ("name", "", "This field is required."),
])
def test_register_rejects_bad_input_with_422(client, field, value, message):
    response = client.post("/account/register", data={**REGISTRATION, field: value})
    assert response.status_code == 422
    assert message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_registering_a_taken_address_answers_like_a_new_one_and_tells_the_owner(app, make_user):
    """Issue 15, finding 11: no account enumeration through registration."""
    owner = make_user(email="sofia@example.org", name="Sofia Kowalska")
    owner_hash = owner.password_hash
    answers = []
    for email in ("Sofia@Example.org", "new.person@example.org"):
        with app.test_client() as visitor:
            response = visitor.post("/account/register", data={**REGISTRATION, "email": email},
                                    follow_redirects=True)
            answers.append((response.status_code, response.request.path, response.text))
    assert answers[0] == answers[1]
    assert answers[0][:2] == (200, "/account/login")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    db.session.refresh(owner)
    assert owner.password_hash == owner_hash and owner.name == "Sofia Kowalska"
    by_recipient = {m["To"]: m for m in sent_mail()}
    notice = by_recipient["sofia@example.org"]
    assert notice["Subject"] == "Someone tried to register with your address"
    assert "http://localhost/account/forgot" in notice.get_content()
    assert "account is ready" in by_recipient["new.person@example.org"]["Subject"]


@pytest.fixture
def config_overrides(file_database):
    return file_database


def test_racing_registrations_make_one_account(app):
    """Two registrations with one email at once: one account, the same answer, no 500."""
    statuses = []
    barrier = threading.Barrier(2)

    def register():
        with app.test_client() as client:
            barrier.wait()
            statuses.append(client.post("/account/register", data=REGISTRATION).status_code)

    threads = [threading.Thread(target=register) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [302, 302]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_login_and_logout(client, auth, make_user):
    user = make_user(email="jens@example.org")
    assert auth.login("JENS@example.org ").status_code == 302
    assert user.name in client.get("/").text
    assert auth.logout().status_code == 302
    assert user.name not in client.get("/").text


def test_wrong_password_and_unknown_email_get_the_same_answer(client, auth, make_user):
    make_user(email="jens@example.org")
    wrong = auth.login("jens@example.org", password="wrong password!")
    unknown = auth.login("nobody@example.org", password="wrong password!")
    assert wrong.status_code == unknown.status_code == 422
    assert "The email or password is not correct." in wrong.text
    assert wrong.text.replace("jens@", "?@") == unknown.text.replace("nobody@", "?@")


def test_login_follows_only_local_next(client, auth, make_user):
    user = make_user()
    response = client.post("/account/login?next=/admin/users",
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/admin/users"


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
    "http:/evil.example", "/\t/evil.example",
])
def test_login_ignores_open_redirects(client, make_user, target):
    user = make_user()
    response = client.post("/account/login", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/learn"


def test_logout_ignores_open_redirects(client, auth, make_user):
    auth.login(make_user())
    response = client.post("/account/logout?next=https://evil.example/")
    assert response.headers["Location"] == "/account/login"


def test_logout_ends_other_sessions_too(app, make_user):
    user = make_user()
    first, second = app.test_client(), app.test_client()
    for c in (first, second):
        c.post("/account/login", data={"email": user.email, "password": PASSWORD})
    assert user.name in second.get("/").text
    first.post("/account/logout")
    assert user.name not in second.get("/").text
    assert second.get("/account/password").status_code == 302


def test_remember_me_cookie_is_revoked_by_password_change(app, make_user):
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    phone.post("/account/login", data={"email": user.email, "password": PASSWORD,
                                       "remember": "y"})
    assert phone.get_cookie("remember_token") is not None
    laptop.post("/account/login", data={"email": user.email, "password": PASSWORD})
    response = laptop.post("/account/password", data={
        "current": PASSWORD, "password": "a brand new password", "confirm": "a brand new password",
    })
    assert response.status_code == 302
    assert user.name in laptop.get("/").text  # the device that changed it stays signed in
    phone.delete_cookie("session")  # only the remember-me cookie is left
    assert user.name not in phone.get("/").text


def test_change_password_needs_the_current_one(client, login_as):
    login_as()
    response = client.post("/account/password", data={
        "current": "not my password", "password": "a brand new password",
        "confirm": "a brand new password",
    })
    assert response.status_code == 422
    assert "current password is not correct" in response.text


def _reset_link(client, email: str) -> str:
    client.post("/account/forgot", data={"email": email})
    [message] = sent_mail()
    return re.search(r"http://localhost(/account/reset/\S+)", message.get_content()).group(1)


def test_password_reset_by_email_link_works_once(client, make_user):
    user = make_user(email="elena@example.org")
    link = _reset_link(client, "elena@example.org")
    assert sent_mail()[0]["To"] == "elena@example.org"
    new = {"password": "my new password 1", "confirm": "my new password 1"}
    assert client.post(link, data=new).status_code == 302
    assert client.post("/account/login", data={"email": user.email,
                                               "password": "my new password 1"}).status_code == 302
    assert client.get(link).status_code == 404  # single use


def test_password_reset_link_expires(app, client, make_user):
    make_user(email="elena@example.org")
    link = _reset_link(client, "elena@example.org")
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    assert client.get(link).status_code == 404


def test_forgot_password_answers_the_same_for_unknown_email(client, make_user):
    make_user(email="elena@example.org")
    known = client.post("/account/forgot", data={"email": "elena@example.org"},
                        follow_redirects=True)
    unknown = client.post("/account/forgot", data={"email": "nobody@example.org"},
                          follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    assert len(sent_mail()) == 1


def test_tampered_reset_token_is_404(client, make_user):
    make_user()
    assert client.get("/account/reset/not-a-token").status_code == 404


def test_registration_returns_to_a_local_next_page(client):
    response = client.post("/account/register?next=/join/abc", data=REGISTRATION)
    assert response.headers["Location"] == "/account/login?next=/join/abc"
    signed_in = client.post(response.headers["Location"], data={
        "email": REGISTRATION["email"], "password": REGISTRATION["password"]})
    assert signed_in.headers["Location"] == "/join/abc"
    client.post("/account/logout")
    other = {**REGISTRATION, "email": "other@example.org"}
    response = client.post("/account/register?next=https://evil.example/", data=other)
    assert response.headers["Location"] == "/account/login"


@pytest.mark.parametrize(("role", "landing"), [
    ("learner", "/learn"), ("trainer", "/trainer/"), ("admin", "/admin/users"),
])
def test_each_role_lands_on_its_own_start_page(client, make_user, role, landing):
    """Trainers start the day on their dashboard, admins on admin: no extra click."""
    user = make_user(role=role)
    response = client.post("/account/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == landing
    assert client.get("/account/login").headers["Location"] == landing
    page = client.get(landing).text  # and the navigation marks that section as the open one
    assert 'aria-current="page"' in page
