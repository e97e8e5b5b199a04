"""Home page, health check, static information pages and the Markdown preview."""

import sqlalchemy as sa
from flask import Blueprint, current_app, render_template, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from lms.content.rendering import render_markdown
from lms.extensions import db, limiter

bp = Blueprint("main", __name__)

MAX_PREVIEW_CHARS = 20_000  # the longest text any Markdown field accepts


@bp.get("/")
def index():
    """The landing page."""
    return render_template("main/index.html")


@bp.get("/healthz")
def healthz():
    """Liveness: the process answers requests (restart it if not); no dependency is checked."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Readiness: 200 when every dependency answers, else 503 naming what is down."""
    checks = {"database": _database_ok()}
    if current_app.config.get("RATELIMIT_STORAGE_URI", "").startswith(("redis", "rediss")):
        checks["redis"] = _rate_limit_storage_ok()
    report = {name: "ok" if ok else "unreachable" for name, ok in checks.items()}
    if all(checks.values()):
        return {"status": "ok", **report}
    return {"status": "unavailable", **report}, 503


def _database_ok() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True


def _rate_limit_storage_ok() -> bool:
    try:
        return bool(limiter.storage.check())
    except Exception:  # any client error means "not usable"
        return False


@bp.get("/privacy")
def privacy():
    """What the platform stores about people, why, and their rights."""
    return render_template("main/privacy.html")


def _preview_limit() -> str:
    return current_app.config.get("MARKDOWN_PREVIEW_RATE_LIMIT", "60 per minute")


@bp.post("/markdown/preview")
@limiter.limit(_preview_limit)
def markdown_preview():
    """Render the JSON {"text": ...} as sanitized HTML for the editor's Preview tab."""
    if not current_user.is_authenticated:  # a JSON client gets 401, not a login page
        return {"error": "Sign in to preview.", "status": 401}, 401
    payload = request.get_json(silent=True)
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str):
        return {"error": 'Send JSON like {"text": "..."}.', "status": 400}, 400
    if len(text) > MAX_PREVIEW_CHARS:
        return {"error": f"The text is longer than {MAX_PREVIEW_CHARS:,} characters.",
                "status": 413}, 413
    return {"html": str(render_markdown(text))}
