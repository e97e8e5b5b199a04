"""Security headers, safe redirects and role checks shared by every blueprint."""

from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request, session
from flask_login import current_user, login_required

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def safe_next_url(target: str | None) -> str | None:
    """Return target only if it is a same-site relative path, else None."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _signed_in() -> bool:
    """A login session or remember-me cookie came with the request (read without a query)."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or remember in request.cookies


def set_security_headers(response):
    """Add CSP and the other protective headers to every response; a signed-in person's
    pages and downloads are never stored by a browser or a shared cache."""
    if request.endpoint != "static" and _signed_in():
        response.headers.setdefault("Cache-Control", "private, no-store")
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def refuse_nul_bytes() -> None:
    """No text field has a use for NUL; PostgreSQL cannot store it, so refuse it up front."""
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400, "The request contains a character that is not allowed (NUL).")


def init_app(app: Flask) -> None:
    """Register the header hook and the input guard."""
    app.before_request(refuse_nul_bytes)
    app.after_request(set_security_headers)


def role_required(*roles: str):
    """Allow the view only to logged-in users whose role is in roles (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
