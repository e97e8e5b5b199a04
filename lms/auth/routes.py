"""Account pages."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from lms.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    LogoutForm,
    RegisterForm,
    ResetPasswordForm,
)
from lms.extensions import db, limiter
from lms.forms import form_status
from lms.i18n import speaking
from lms.i18n.lookup import gettext as _
from lms.mail import queue_mail
from lms.security import safe_next_url
from lms.services import accounts
from lms.services.errors import DomainError
from lms.urls import public_url

bp = Blueprint("auth", __name__, url_prefix="/account")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _start_session(user, remember: bool) -> None:
    """Begin a fresh session for user: nothing from the anonymous session carries over."""
    session.clear()
    login_user(user, remember=remember)


REGISTERED = ("Thank you. We have sent an email to that address. If you just created your "
              "account, it is ready: sign in below with your email and password.")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def register():
    """Create a learner account, then sign in; a taken address gets the very same answer
    (its owner is emailed instead), so nobody learns here who has an account."""
    form = RegisterForm()
    if form.validate_on_submit():
        accounts.register_or_notify(
            email=form.email.data, name=form.name.data, password=form.password.data,
            organisation=form.organisation.data, country=form.country.data,
        )
        db.session.commit()
        flash(REGISTERED, "info")
        return redirect(url_for("auth.login", next=safe_next_url(request.args.get("next"))))
    return render_template("auth/register.html", form=form), form_status(form)


def landing_page(user) -> str:
    """Where someone lands after signing in: admins on admin, trainers on their dashboard."""
    if user.is_admin:
        return url_for("admin.users")
    if user.is_trainer:
        return url_for("trainer.dashboard")
    return url_for("learn.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(landing_page(current_user))
    form = LoginForm()
    status = None
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            _start_session(user, remember=form.remember.data)
            return redirect(safe_next_url(request.args.get("next")) or landing_page(user))
        flash("The email or password is not correct.", "error")
        status = 422
    return render_template("auth/login.html", form=form), status or form_status(form)


@bp.post("/logout")
def logout():
    """Sign out everywhere: the session version changes, so old cookies stop working."""
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        accounts.end_all_sessions(current_user)
        db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(safe_next_url(request.args.get("next")) or url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the password; other devices are signed out."""
    form = ChangePasswordForm()
    status = None
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.password.data)
        except DomainError as error:
            form.current.errors.append(error.message)
            status = 422
        else:
            db.session.commit()
            _start_session(current_user._get_current_object(), remember=False)
            flash("Your password is changed. Other devices have been signed out.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form), status or form_status(form)


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    """Email a reset link; the answer is the same whether the account exists or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = accounts.find_user_by_email(form.email.data)
        if user is not None:
            token = accounts.make_reset_token(user)
            link = public_url("auth.reset_password", token=token)
            minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
            with speaking(user):  # in the account's language
                queue_mail(user.email, _("Reset your password"), _(
                    "Hello %(name)s,\n\nTo choose a new password, open this link within "
                    "%(minutes)s minutes:\n\n%(link)s\n\nIf you did not ask for it, ignore this "
                    "email.", name=user.name, minutes=minutes, link=link))
            db.session.commit()
        flash("If an account exists for that address, we have sent it a link to reset "
              "the password.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form), form_status(form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_password(token: str):
    """Set a new password from an emailed link (valid once, for a limited time)."""
    user = accounts.user_for_reset_token(token)
    if user is None:
        flash("This reset link is invalid, used or expired. Ask for a new one.", "error")
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.set_password(user, form.password.data)
        db.session.commit()
        flash("Your password is changed. Sign in with it now.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), form_status(form)
