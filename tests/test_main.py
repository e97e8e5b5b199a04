"""Home page, health check and error pages."""

from config import TestConfig
from lms import create_app


def test_home_page_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Create an account" in response.text


def test_readyz_is_ok_with_database_and_healthz_is_liveness(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
    assert client.get("/healthz").json == {"status": "ok"}


def test_readyz_is_503_naming_the_database_when_it_is_gone():
    class Unreachable(TestConfig):
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"

    client = create_app(Unreachable).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}
    assert client.get("/healthz").status_code == 200  # alive: do not restart it for this


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "We could not find that page." in response.text


def test_privacy_page_says_what_is_stored(client):
    page = client.get("/privacy")
    assert page.status_code == 200
    assert "What we store and why" in page.text and "Delete your account" in page.text


def test_nul_bytes_are_refused_with_400(client):
    response = client.post("/account/login?next=/x", data={"email": "a\x00@example.org",
                                                           "password": "x"})
    assert response.status_code == 400 and "NUL" in response.text
    assert client.get("/admin/users?q=%00").status_code == 400
