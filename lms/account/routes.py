"""Account page, personal data download (GDPR art. 15/20) and account deletion (art. 17)."""

import json

from flask import Blueprint, Response, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from lms.account.forms import DeleteAccountForm
from lms.extensions import db
from lms.forms import form_status
from lms.services import privacy
from lms.services.errors import DomainError

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.get("")
@login_required
def index():
    """The signed-in person's account: profile, password, data download, deletion."""
    return render_template("account/index.html", delete_form=DeleteAccountForm())


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
