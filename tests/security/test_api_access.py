"""The read API's access matrix: every /api/v1 endpoint × every person of the secure world,
each calling with their own token (learners and the demoted trainer hold one made before a
change of role, or planted in the database: it must still get them nothing)."""

import pytest
from flask import url_for

from lms.extensions import db
from lms.models import ApiToken
from lms.services import api_tokens
from tests.security.test_access_matrix import ROLES

A = lambda w: {"cohort_id": w.a.id}  # noqa: E731
OPEN = "200 200 200 200 200 200 200"
TOKEN_HOLDERS = "401 403 403 200 200 200 403"
A_TRAINERS = "401 403 403 200 404 200 403"

API_RULES = {
    "api.openapi": (lambda w: {}, OPEN),
    "api.me": (lambda w: {}, TOKEN_HOLDERS),
    "api.courses": (lambda w: {}, TOKEN_HOLDERS),
    "api.course": (lambda w: {"slug": "sample"}, TOKEN_HOLDERS),
    "api.cohorts": (lambda w: {}, TOKEN_HOLDERS),
    "api.cohort": (A, A_TRAINERS),
    "api.progress": (A, A_TRAINERS),
    "api.quiz_results": (A, A_TRAINERS),
}


def _planted_token(user) -> str:
    """A token row for someone the service would refuse one (a learner, the demoted)."""
    plaintext = f"{api_tokens.TOKEN_PREFIX}planted-{user.id}-0123456789abcdef"
    db.session.add(ApiToken(user_id=user.id, name="Planted", prefix=plaintext[:10],
                            token_hash=api_tokens.hash_token(plaintext)))
    db.session.commit()
    return plaintext


def test_every_api_route_has_a_rule(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")}
    assert endpoints == API_RULES.keys()


@pytest.mark.parametrize("role", ROLES)
def test_api_access_matrix(app, client, secure_world, role):
    w = secure_world
    token = None
    if role != "anon":
        person = getattr(w, role)
        token = (api_tokens.create_token(person, "Matrix")[1] if person.is_trainer
                 else _planted_token(person))
        db.session.commit()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    failures = []
    for endpoint, (args, row) in API_RULES.items():
        expected = int(dict(zip(ROLES, row.split(), strict=True))[role])
        with app.test_request_context():
            url = url_for(endpoint, **args(w))
        response = client.get(url, headers=headers)
        if response.status_code != expected:
            failures.append(f"GET {url}: expected {expected}, got {response.status_code}")
        elif expected != 200:
            assert response.json["status"] == expected
    assert not failures, f"{role}:\n" + "\n".join(failures)
