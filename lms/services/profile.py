"""Profile changes: details, time zone, a confirmed email change, and the profile picture."""

import io
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from PIL import Image, ImageOps, UnidentifiedImageError

from lms.extensions import db
from lms.mail import queue_mail
from lms.models import Avatar, User, utcnow
from lms.passwords import verify_password
from lms.services.accounts import find_user_by_email, normalise_email
from lms.services.errors import Conflict, DomainError, Forbidden, NotFound
from lms.timezones import is_timezone
from lms.urls import public_url

EMAIL_SALT = "email-change"
AVATAR_SIZE = 256  # pixels, square: sharp at twice the largest size pages show
AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
AVATAR_MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them


def update_details(user: User, *, name: str, organisation: str, country: str,
                   timezone: str) -> None:
    """Save the profile's plain fields; the time zone must be one the forms offer."""
    if timezone and not is_timezone(timezone):
        raise DomainError("Choose a time zone from the list.")
    user.name, user.organisation, user.country, user.timezone = (
        name.strip(), organisation.strip(), country.strip(), timezone)


def set_language(user: User, language: str) -> None:
    """Read the site (and translated courses) in ``language``; "" lets the browser choose."""
    from lms.i18n import LANGUAGES

    if language and language not in LANGUAGES:
        raise DomainError("Choose a language from the list.")
    user.language = language


# Email change ------------------------------------------------------------------------

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=EMAIL_SALT)


def request_email_change(user: User, new_email: str, password: str) -> None:
    """Email a confirmation link to the new address, after the password; nothing changes
    until it is followed. A taken address gets no mail, but the answer is the same."""
    if not verify_password(user.password_hash, password):
        raise Forbidden("Your password is not correct.")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise DomainError("That is already your email address.")
    if find_user_by_email(new_email) is not None:
        return
    token = _serializer().dumps({"uid": user.id, "email": new_email, "old": user.email})
    queue_mail(new_email, "Confirm your new email address for ClusterLearn",
              f"Hello {user.name},\n\nTo use this address for your ClusterLearn account, "
              f"open this link within 24 hours:\n\n"
              f"{public_url('account.confirm_email', token=token)}\n\n"
              "If you did not ask for this, ignore this email: nothing changes.\n")


def confirm_email_change(token: str) -> User:
    """Apply a confirmed change once; tell the old address, in case it was not them."""
    max_age = current_app.config["EMAIL_CHANGE_MAX_AGE"]
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise DomainError("This link has expired: ask for a new one on your profile.") from None
    except BadSignature:
        raise NotFound("This link is not valid.") from None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("old"):
        raise NotFound("This link is not valid any more.")
    if find_user_by_email(data["email"]) is not None:
        raise Conflict("Another account uses this address now.")
    old = user.email
    user.email = data["email"]
    db.session.flush()
    queue_mail(old, "Your ClusterLearn email address was changed",
              f"Hello {user.name},\n\nThe email address of your ClusterLearn account is now "
              f"{user.email}. If you did not change it, reply to this email or contact your "
              "trainer straight away.\n")
    return user


# Profile picture ---------------------------------------------------------------------

def _reencode(data: bytes) -> bytes:
    """A square WebP of the upload's first frame, turned upright, without its metadata."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in AVATAR_FORMATS:
                raise DomainError("Upload a JPEG, PNG, WebP or GIF picture.")
            width, height = image.size
            if width * height > AVATAR_MAX_PIXELS:
                raise DomainError("This picture has too many pixels: use one under 40 megapixels.")
            image.seek(0)
            upright = ImageOps.exif_transpose(image).convert("RGB")
            square = ImageOps.fit(upright, (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            square.save(out, "WEBP", quality=85)
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError,
            EOFError) as error:
        raise DomainError("This file is not a picture we can read: upload a JPEG, PNG, "
                          "WebP or GIF.") from error


def set_avatar(user: User, data: bytes) -> None:
    """Store the re-encoded picture and bump its version."""
    if len(data) > current_app.config["AVATAR_MAX_BYTES"]:
        limit = current_app.config["AVATAR_MAX_BYTES"] // (1024 * 1024)
        raise DomainError(f"This picture is too large: the limit is {limit} MB.")
    image = _reencode(data)
    avatar = db.session.get(Avatar, user.id)
    if avatar is None:
        db.session.add(Avatar(user_id=user.id, image=image, mimetype="image/webp"))
    else:
        avatar.image, avatar.mimetype, avatar.updated_at = image, "image/webp", utcnow()
    user.avatar_version = (user.avatar_version or 0) + 1


def remove_avatar(user: User) -> None:
    """Back to initials."""
    db.session.execute(sa.delete(Avatar).where(Avatar.user_id == user.id))
    user.avatar_version = 0


def avatar_of(user_id: int) -> tuple[bytes, str, datetime]:
    """The stored picture; NotFound when there is none."""
    avatar = db.session.get(Avatar, user_id)
    if avatar is None:
        raise NotFound("No picture.")
    return avatar.image, avatar.mimetype, avatar.updated_at
