"""Small view helpers shared by the cohort views."""

from flask import redirect, request, url_for

from lms.security import safe_next_url


def redirect_back(endpoint: str = "cohorts.my_training", **values):
    """Redirect to the same-site `next` of the request, else to endpoint."""
    return redirect(safe_next_url(request.args.get("next")) or url_for(endpoint, **values))
