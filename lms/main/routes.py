"""Home page and health check."""

import sqlalchemy as sa
from flask import Blueprint, render_template
from sqlalchemy.exc import SQLAlchemyError

from lms.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """The landing page."""
    return render_template("main/index.html")


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 otherwise (for load balancers)."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


@bp.get("/privacy")
def privacy():
    """What the platform stores about people, why, and their rights."""
    return render_template("main/privacy.html")
