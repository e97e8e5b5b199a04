"""Small view helpers shared by the cohort views."""

from flask import redirect, render_template, request, url_for

from lms.extensions import db
from lms.security import safe_next_url
from lms.services.errors import DomainError


def refuse(error: DomainError):
    """Roll back and answer a refused action with its message and status."""
    db.session.rollback()
    return render_template("errors/message.html", message=error.message), error.status


def redirect_back(endpoint: str = "cohorts.my_training", **values):
    """Redirect to the same-site `next` of the request, else to endpoint."""
    return redirect(safe_next_url(request.args.get("next")) or url_for(endpoint, **values))
