"""Friendly error pages with the right status codes, and the one answer to a DomainError."""

from urllib.parse import urlsplit

from flask import Flask, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from lms.extensions import db
from lms.security import safe_next_url
from lms.services.errors import DomainError

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have access to this page.",
    404: "We could not find that page.",
    405: "That action is not allowed here.",
    409: "That conflicts with what is already there.",
    413: "The upload is too large.",
    422: "Some of what you sent is not valid.",
    429: "Too many attempts. Please wait a minute and try again.",
    500: "Something went wrong on our side. It has been logged.",
}


def wants_json() -> bool:
    """True when the request is a script's (fetch/XHR, or JSON preferred) or the API's."""
    if request.path.startswith("/api/"):
        return True  # API clients read JSON whatever they send in Accept
    if request.headers.get("X-Requested-With") in ("fetch", "XMLHttpRequest"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > \
        request.accept_mimetypes["text/html"]


def render_error(code: int, message: str | None = None):
    """Render the error page for code."""
    message = message or MESSAGES.get(code, "Something went wrong.")
    if wants_json():
        return {"error": message, "status": code}, code
    return render_template("errors/error.html", code=code, message=message), code


def back_url() -> str:
    """The page the visitor came from when it is one of ours (same host), else the home page."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        if target := safe_next_url(path):
            return target
    return url_for("main.index")


def domain_error(error: DomainError):
    """A refused action: undo the request's changes, then say why with the error's status.

    Scripts get {"error": message}; pages get the message with a way back to where the
    visitor was. Views catch a DomainError themselves only to show it on a form's field.
    """
    db.session.rollback()
    if wants_json():
        return {"error": error.message}, error.status
    return render_template("errors/message.html", message=error.message), error.status


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(DomainError, domain_error)
    app.add_template_global(back_url)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, "Your form expired or was sent from elsewhere. "
                                 "Reload the page and try again.")

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # No URL adapter exists for an untrusted Host, so the HTML error page cannot be built.
        return "This site does not answer to that host name.", 400, {"Content-Type": "text/plain"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        message = error.description if error.code in (400, 409, 422) and \
            error.description != type(error).description else None
        return render_error(error.code or 500, message)

    if app.testing:
        return  # let tests see the traceback instead of a friendly page

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_error(500)
