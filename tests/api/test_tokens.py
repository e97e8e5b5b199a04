"""Account → API tokens: made, shown once, stored hashed, named and revoked by their owner."""

import re

import sqlalchemy as sa

from lms.extensions import db
from lms.models import ApiToken
from lms.services import api_tokens

TOKEN_RE = re.compile(r'<code class="token-value" id="new-token">(clk_[A-Za-z0-9_-]+)</code>')


def test_trainer_creates_uses_and_revokes_a_token(client, login_as, api_get):
    trainer = login_as("trainer")
    assert "Manage API tokens" in client.get("/account").text
    response = client.post("/account/tokens", data={"name": "  Quarterly   report "})
    assert response.status_code == 200
    plaintext = TOKEN_RE.search(response.text).group(1)
    assert response.headers["Cache-Control"] == "private, no-store"
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == trainer.id))
    assert row.name == "Quarterly report"
    assert row.token_hash == api_tokens.hash_token(plaintext)
    assert plaintext not in (row.token_hash, row.prefix)
    assert plaintext.startswith(row.prefix)

    listing = client.get("/account/tokens").text
    assert "Quarterly report" in listing and plaintext not in listing and "Never" in listing
    assert api_get("/me", plaintext).json["id"] == trainer.id
    assert "Never" not in client.get("/account/tokens").text  # last used is shown

    response = client.post(f"/account/tokens/{row.id}/revoke")
    assert response.status_code == 302
    assert "Revoked" in client.get("/account/tokens").text
    assert api_get("/me", plaintext).status_code == 401


def test_a_name_is_required(client, login_as):
    login_as("admin")
    response = client.post("/account/tokens", data={"name": "   "})
    assert response.status_code == 422
    assert 'class="token-value"' not in response.text
    response = client.post("/account/tokens", data={"name": "x" * 81})
    assert response.status_code == 422


def test_learners_cannot_make_tokens(client, login_as, make_user):
    login_as("learner")
    assert client.get("/account/tokens").status_code == 403
    assert client.post("/account/tokens", data={"name": "Sneaky"}).status_code == 403
    assert "Manage API tokens" not in client.get("/account").text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_nobody_revokes_someone_elses_token(client, login_as, make_user, make_token, api_get):
    owner = make_user(role="trainer")
    token = make_token(owner)
    token_id = db.session.scalar(sa.select(ApiToken.id))
    login_as("admin")
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert client.post("/account/tokens/999999/revoke").status_code == 404
    assert api_get("/me", token).status_code == 200


def test_token_pages_need_csrf(app, client, login_as):
    app.config["WTF_CSRF_ENABLED"] = True
    login_as("trainer")
    assert client.post("/account/tokens", data={"name": "No CSRF"}).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_deleting_the_account_deletes_its_tokens(client, login_as, make_token, api_get):
    trainer = login_as("trainer")
    token = make_token(trainer)
    response = client.post("/account/delete", data={"password": "correct horse battery",
                                                     "confirm": "y"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
    assert api_get("/me", token).status_code == 401


def test_the_data_download_lists_tokens_without_them(client, login_as, make_token):
    trainer = login_as("trainer")
    token = make_token(trainer, "Dashboard sync")
    response = client.get("/account/data.json")
    [listed] = response.json["api_tokens"]
    assert listed["name"] == "Dashboard sync" and listed["revoked_at"] is None
    assert token.startswith(listed["starts_with"])
    assert token not in response.text
