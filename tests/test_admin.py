"""Admin pages: users, search, roles."""

import pytest


def test_admin_lists_and_searches_users(client, login_as, make_user):
    login_as("admin")
    make_user(name="Pau Serra", organisation="Balearic Tourism")
    make_user(name="Inês Carvalho", organisation="Porto Textile")
    page = client.get("/admin/users?q=balearic")
    assert page.status_code == 200
    assert "Pau Serra" in page.text and "Inês Carvalho" not in page.text


def test_admin_filters_by_role(client, login_as, make_user):
    login_as("admin")
    make_user(name="Tina Trainer", role="trainer")
    make_user(name="Lars Learner")
    page = client.get("/admin/users?role=trainer")
    assert "Tina Trainer" in page.text and "Lars Learner" not in page.text


@pytest.mark.parametrize("role, status", [("learner", 403), ("trainer", 403)])
def test_admin_pages_are_for_admins_only(client, login_as, role, status):
    login_as(role)
    assert client.get("/admin/users").status_code == status


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=")


def test_admin_changes_a_role(client, login_as, make_user):
    login_as("admin")
    user = make_user()
    response = client.post(f"/admin/users/{user.id}/role", data={"role": "trainer"})
    assert response.status_code == 302
    assert user.role == "trainer"


def test_unknown_role_is_422(client, login_as, make_user):
    login_as("admin")
    user = make_user()
    assert client.post(f"/admin/users/{user.id}/role", data={"role": "god"}).status_code == 422
    assert user.role == "learner"


def test_trainer_cannot_raise_their_own_role(client, login_as):
    trainer = login_as("trainer")
    response = client.post(f"/admin/users/{trainer.id}/role", data={"role": "admin"})
    assert response.status_code == 403
    assert trainer.role == "trainer"


def test_last_admin_cannot_be_demoted(client, login_as):
    admin = login_as("admin")
    response = client.post(f"/admin/users/{admin.id}/role", data={"role": "learner"})
    assert response.status_code == 409
    assert admin.role == "admin"


def test_role_change_for_missing_user_is_404(client, login_as):
    login_as("admin")
    assert client.post("/admin/users/999/role", data={"role": "trainer"}).status_code == 404


def test_bad_page_number_falls_back_to_first_page(client, login_as):
    login_as("admin")
    assert client.get("/admin/users?page=-3").status_code == 200
    assert client.get("/admin/users?page=abc").status_code == 200
    # A digit that str.isdigit() knows but int() refuses (the fuzz test found it).
    assert client.get("/admin/users?page=²").status_code == 200
