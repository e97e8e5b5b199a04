"""Account page, personal data download (GDPR art. 15/20) and account deletion (art. 17)."""

import json

from flask import Blueprint, Response, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from lms.account.forms import AvatarForm, DeleteAccountForm, EmailChangeForm, ProfileForm
from lms.extensions import db
from lms.forms import EmptyForm, form_status
from lms.services import privacy
from lms.services import profile as profiles
from lms.services.errors import DomainError

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.get("")
@login_required
def index():
    """The signed-in person's account: profile, password, data download, deletion."""
    return render_template("account/index.html", delete_form=DeleteAccountForm())


def _profile_page(details=None, email=None, picture=None, status=None):
    """The profile page with its three forms, any of them carrying errors."""
    me = current_user._get_current_object()
    forms = {"details": details or ProfileForm(obj=me), "email": email or EmailChangeForm(),
             "picture": picture or AvatarForm(), "remove": EmptyForm()}
    return render_template("account/profile.html", forms=forms), status or 200


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Name, organisation, country and time zone."""
    form = ProfileForm(obj=current_user._get_current_object())
    if form.validate_on_submit():
        try:
            profiles.update_details(current_user, name=form.name.data,
                                    organisation=form.organisation.data or "",
                                    country=form.country.data or "",
                                    timezone=form.timezone.data or "")
            profiles.set_language(current_user, form.language.data or "")
        except DomainError as error:
            db.session.rollback()
            form.timezone.errors = [error.message]
            return _profile_page(details=form, status=error.status)
        db.session.commit()
        flash("Your profile is saved.", "success")
        return redirect(url_for("account.profile"))
    return _profile_page(details=form, status=form_status(form))


@bp.post("/profile/email")
@login_required
def change_email():
    """Send a confirmation link to the new address."""
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            profiles.request_email_change(current_user, form.email.data, form.password.data)
        except DomainError as error:
            db.session.rollback()
            field = form.password if error.status == 403 else form.email
            field.errors = [error.message]
            return _profile_page(email=form, status=422)
        db.session.commit()
        flash(f"We sent a confirmation link to {form.email.data.strip()}. Your address changes "
              "when you open it.", "info")
        return redirect(url_for("account.profile"))
    return _profile_page(email=form, status=form_status(form))


@bp.get("/email/confirm/<token>")
def confirm_email(token: str):
    """Follow the link from the new address: the change takes effect."""
    try:
        user = profiles.confirm_email_change(token)
    except DomainError as error:
        db.session.rollback()
        return render_template("account/email_confirmed.html", error=error.message), error.status
    db.session.commit()
    return render_template("account/email_confirmed.html", email=user.email, error=None)


@bp.post("/profile/picture")
@login_required
def upload_picture():
    """Replace the profile picture with an upload, re-encoded on the server."""
    form = AvatarForm()
    if form.validate_on_submit():
        try:
            profiles.set_avatar(current_user, form.picture.data.read())
        except DomainError as error:
            db.session.rollback()
            form.picture.errors = [error.message]
            return _profile_page(picture=form, status=error.status)
        db.session.commit()
        flash("Your picture is saved.", "success")
        return redirect(url_for("account.profile"))
    return _profile_page(picture=form, status=form_status(form))


@bp.post("/profile/picture/remove")
@login_required
def remove_picture():
    """Go back to initials."""
    if not EmptyForm().validate_on_submit():
        return _profile_page(status=400)
    profiles.remove_avatar(current_user)
    db.session.commit()
    flash("Your picture is removed; your initials show instead.", "success")
    return redirect(url_for("account.profile"))


@bp.get("/pictures/<int:user_id>")
@login_required
def picture(user_id: int):
    """Someone's profile picture, for signed-in people (pages link it with its version)."""
    try:
        image, mimetype, _updated = profiles.avatar_of(user_id)
    except DomainError as error:
        return Response(error.message, status=error.status, mimetype="text/plain")
    response = Response(image, mimetype=mimetype)
    # The URL carries the version, so a changed picture is a new URL: cache it privately.
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


@bp.get("/data.json")
@login_required
def export_data():
    """Everything we hold about the signed-in person, as a JSON download."""
    data = privacy.export_user_data(current_user)
    response = Response(json.dumps(data, indent=2, ensure_ascii=False),
                        mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="clusterlearn-my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/delete")
@login_required
def delete():
    """Delete the account after the password is confirmed; posts stay, anonymised."""
    form = DeleteAccountForm()
    status = None
    if form.validate_on_submit():
        try:
            privacy.delete_account(current_user._get_current_object(), form.password.data)
        except DomainError as error:
            db.session.rollback()
            form.password.errors.append(error.message)
            status = error.status if error.status == 409 else 422
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash("Your account is deleted. Thank you for learning with us.", "info")
            return redirect(url_for("main.index"))
    return (render_template("account/index.html", delete_form=form),
            status or form_status(form))
