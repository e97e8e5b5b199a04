"""API test helpers: tokens made through the service, and a client that sends them."""

import pytest

from lms.extensions import db
from lms.services import api_tokens


@pytest.fixture
def make_token(app_ctx):
    """make_token(user, name="...") -> the plaintext of a new token of that user."""

    def make(user, name: str = "Report script") -> str:
        _token, plaintext = api_tokens.create_token(user, name)
        db.session.commit()
        return plaintext

    return make


@pytest.fixture
def api_get(client):
    """api_get(path, token, **query): GET /api/v1<path> with the token as a bearer."""

    def get(path: str, token: str | None = None, **query):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        url = path if path.startswith("http") else f"/api/v1{path}"
        return client.get(url, headers=headers, query_string=query or None)

    return get
