"""Which language a page is in: profile > footer switch > Accept-Language > English."""

import re

import pytest

from lms.extensions import db
from tests.fixtures.auth import csrf_token_from


def html_lang(response) -> str:
    """The lang attribute of the page's <html> element."""
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def test_english_without_any_choice(client):
    assert html_lang(client.get("/")) == "en"


def test_the_browser_language_is_followed(client):
    assert html_lang(client.get("/", headers={"Accept-Language": "el-GR,el;q=0.9"})) == "el"
    assert html_lang(client.get("/", headers={"Accept-Language": "fr, es;q=0.5"})) == "es"
    assert html_lang(client.get("/", headers={"Accept-Language": "fr"})) == "en"
    assert "Accept-Language" in client.get("/").headers["Vary"]


def test_the_footer_switch_beats_the_browser(client):
    response = client.post("/language", data={"language": "da", "next": "/courses"})
    assert response.status_code == 303 and response.headers["Location"] == "/courses"
    assert html_lang(client.get("/", headers={"Accept-Language": "el"})) == "da"


def test_the_profile_setting_beats_the_switch_and_the_browser(client, login_as):
    user = login_as(language="es")
    with client.session_transaction() as session:
        session["language"] = "da"
    assert html_lang(client.get("/learn", headers={"Accept-Language": "el"})) == "es"
    assert user.language == "es"


def test_the_switch_keeps_a_signed_in_choice_in_the_profile(client, login_as):
    user = login_as()
    assert client.post("/language", data={"language": "el"}).status_code == 303
    db.session.refresh(user)
    assert user.language == "el"


def test_the_profile_form_saves_the_language(client, login_as):
    user = login_as()
    response = client.post("/account/profile", data={
        "name": user.name, "organisation": "", "country": "", "timezone": "",
        "language": "da"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.language == "da"
    assert html_lang(client.get("/learn")) == "da"
    response = client.post("/account/profile", data={
        "name": user.name, "organisation": "", "country": "", "timezone": "", "language": "xx"})
    assert response.status_code == 422 and "Choose a language from the list." in response.text
    db.session.refresh(user)
    assert user.language == "da"


@pytest.mark.parametrize("language", ["", "fr", "EL", "el-GR"])
def test_an_unknown_language_is_refused(client, language):
    response = client.post("/language", data={"language": language})
    assert response.status_code == 422
    assert html_lang(client.get("/")) == "en"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil",
                                    "javascript:alert(1)", ""])
def test_the_switch_only_returns_to_this_site(client, target):
    response = client.post("/language", data={"language": "el", "next": target})
    assert response.headers["Location"] == "/"


class TestCsrf:
    @pytest.fixture
    def config_overrides(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_the_switch_needs_the_token(self, client):
        assert client.post("/language", data={"language": "el"}).status_code == 400
        assert html_lang(client.get("/")) == "en"
        token = csrf_token_from(client.get("/").text)
        assert client.post("/language", data={"language": "el", "csrf_token": token}
                           ).status_code == 303
        assert html_lang(client.get("/")) == "el"


@pytest.mark.parametrize(("language", "heading", "sign_out"), [
    ("el", "Καλώς ήρθατε", "Αποσύνδεση"), ("da", "Velkommen", "Log ud"),
    ("es", "Te damos la bienvenida", "Cerrar sesión"), ("en", "Welcome", "Sign out"),
])
def test_the_interface_speaks_the_readers_language(client, login_as, language, heading,
                                                   sign_out):
    login_as(language=language, name="Eleni Papadaki")
    page = client.get("/learn").text
    assert f"<h1>{heading}, Eleni</h1>" in page and sign_out in page


def test_flash_messages_follow_the_language(client, make_user, make_cohort, login_as,
                                            greek_sample):
    learner = make_user(language="el")
    make_cohort(learners=[learner])
    greek_sample()
    login_as(user=learner)
    page = client.post("/courses/sample/items/basics-intro/done", follow_redirects=True).text
    assert "Το «Εισαγωγή» σημειώθηκε ως ολοκληρωμένο." in page
