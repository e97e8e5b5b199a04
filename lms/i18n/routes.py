"""The footer's language switch: a POST that remembers the choice."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, request, session, url_for
from flask_login import current_user

from lms.extensions import db
from lms.forms import EmptyForm
from lms.i18n import LANGUAGES, SESSION_KEY
from lms.services.profile import set_language

bp = Blueprint("i18n", __name__)


def _back(target: str | None) -> str:
    """The page the switch was used on, if it is a path of this site; else the home page."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("main.index")


@bp.post("/language")
def switch():
    """Show the site in the chosen language from now on (and keep it in a signed-in profile)."""
    if not EmptyForm().validate_on_submit():
        abort(400, "Your form expired. Reload the page and try again.")
    language = request.form.get("language", "")
    if language not in LANGUAGES:
        abort(422, "Choose one of the listed languages.")
    session[SESSION_KEY] = language
    if current_user.is_authenticated:
        set_language(current_user, language)
        db.session.commit()
    return redirect(_back(request.form.get("next")), 303)
