"""Registration, authentication, passwords and roles."""

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from lms.i18n import speaking
from lms.i18n.lookup import gettext as _
from lms.mail import queue_mail
from lms.models import ROLES, User, utcnow
from lms.passwords import hash_password, verify_password
from lms.services.errors import Conflict, Forbidden
from lms.urls import public_url

RESET_SALT = "password-reset"


def normalise_email(email: str) -> str:
    """Emails are compared case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the account for an email, if any (none has a NUL, which PostgreSQL cannot compare)."""
    if "\x00" in email:
        return None
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def register_user(
    *, email: str, name: str, password: str, organisation: str | None = "",
    country: str | None = "",
    role: str = "learner",
) -> User:
    """Create an account; raise Conflict if the email is taken, even in a race."""
    user = User(
        email=normalise_email(email), name=name.strip(),
        organisation=(organisation or "").strip(), country=(country or "").strip(),
        password_hash=hash_password(password), role=role,
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        raise Conflict("An account with this email address already exists.") from None
    return user


def register_or_notify(*, email: str, name: str, password: str, organisation: str | None = "",
                       country: str | None = "") -> User | None:
    """Register a learner and queue a welcome email; for an address already in use, queue a
    notice to its owner instead and return None. Either way the caller answers the same, so
    registration never tells a stranger which addresses have an account."""
    try:
        user = register_user(email=email, name=name, password=password,
                             organisation=organisation, country=country)
    except Conflict:
        owner = find_user_by_email(email)
        if owner is not None:
            with speaking(owner):  # in the owner's language
                queue_mail(owner.email, _("Someone tried to register with your address"), _(
                    "Hello %(name)s,\n\nSomeone, perhaps you, tried to create an account on "
                    "ClusterLearn with this email address. You already have one, so nothing was "
                    "changed.\n\nSign in: %(login)s\nForgot your password? %(forgot)s\n\n"
                    "If it was not you, you can ignore this email.", name=owner.name,
                    login=public_url("auth.login"), forgot=public_url("auth.forgot_password")))
        return None
    with speaking(user):  # in the language the visitor reads the site in
        queue_mail(user.email, _("Your ClusterLearn account is ready"), _(
            "Hello %(name)s,\n\nWelcome to ClusterLearn. Your account is ready: sign in with "
            "this email address and the password you chose.\n\n%(login)s\n", name=user.name,
            login=public_url("auth.login")))
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the user if the password matches; the same cost whether the email exists or not."""
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        return None
    user.last_seen_at = utcnow()
    return user


def end_all_sessions(user: User) -> None:
    """Invalidate every session and remember-me cookie of the user."""
    user.session_version = (user.session_version or 0) + 1


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; signs out other sessions."""
    if not verify_password(user.password_hash, current):
        raise Forbidden("Your current password is not correct.")
    set_password(user, new)


def set_password(user: User, new: str) -> None:
    """Store a new password hash and end all sessions."""
    user.password_hash = hash_password(new)
    end_all_sessions(user)


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def make_reset_token(user: User) -> str:
    """A signed token bound to the current password hash, so it works only once."""
    return _reset_serializer().dumps({"uid": user.id, "pw": user.password_hash[-16:]})


def user_for_reset_token(token: str) -> User | None:
    """Return the user a valid, unexpired, unused token belongs to."""
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data.get("uid"), int) else None
    if user is None or user.password_hash[-16:] != data.get("pw"):
        return None
    return user


def change_role(actor: User, user: User, role: str) -> None:
    """Give user a role; nobody grants a role above their own or demotes the last admin."""
    if role not in ROLES:
        raise Forbidden("Unknown role.")
    if ROLES.index(role) > actor.rank or user.rank > actor.rank:
        raise Forbidden("You cannot grant a role above your own.")
    if user.role == "admin" and role != "admin":
        admins = db.session.scalar(
            sa.select(sa.func.count()).select_from(User).where(User.role == "admin")
        ) or 0
        if admins <= 1:
            raise Conflict("The last administrator cannot be demoted.")
    user.role = role
