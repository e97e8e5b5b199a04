"""Bearer-token authentication and JSON errors for the API: no cookies, so no CSRF.

The session cookie is never read here: a script holds a token, and a browser tab that happens
to be signed in gets 401 like anyone else, so no other site can make a signed-in visitor's
browser read the API.
"""

import hashlib

from flask import abort, g, jsonify, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from lms.error_pages import MESSAGES
from lms.extensions import db
from lms.models import User
from lms.services import api_tokens
from lms.services.errors import DomainError


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer ...` header, or None."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def rate_limit_key() -> str:
    """Limits count per token (a hash of it, so no token sits in the limiter's storage);
    requests without one count per address."""
    token = bearer_token()
    if token:
        return "api-token:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    return "api-addr:" + get_remote_address()


def authenticate() -> None:
    """Before each API view: find the token's owner, or answer 401/403."""
    if request.endpoint == "api.openapi":
        return  # the description is public, like docs/api.md
    plaintext = bearer_token()
    if plaintext is None:
        abort(401, "Send a personal access token: Authorization: Bearer <token>.")
    token = api_tokens.authenticate(plaintext)
    if token is None:
        abort(401, "The token is not valid, or it was revoked.")
    if not api_tokens.may_hold_tokens(token.user):
        abort(403, "The token's owner is no longer a trainer or administrator.")
    user = token.user
    if api_tokens.touch(token):
        db.session.commit()
    g.api_user = user


def caller() -> User:
    """The person whose token authenticated this request."""
    return g.api_user


def json_error(error: HTTPException):
    """Every API error as {"error": ..., "status": ...} with its status code."""
    code = error.code or 500
    described = error.description != type(error).description
    message = error.description if described else MESSAGES.get(code, "Something went wrong.")
    if code == 429:
        message = f"Too many requests with this token (limit: {error.description}). Wait for " \
                  "the time in the Retry-After header, then try again."
    return _json_answer(code, message)


def domain_json_error(error: DomainError):
    """A refused request in the API's JSON shape (the app-wide handler answers pages)."""
    db.session.rollback()
    return _json_answer(error.status, error.message)


def _json_answer(code: int, message: str | None):
    response = jsonify(error=message, status=code)
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="ClusterLearn API"'
    return response
