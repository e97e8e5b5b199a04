"""Account → API tokens: a trainer or admin creates, names and revokes their own tokens."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Length

from lms.extensions import db
from lms.forms import EmptyForm, LineField, form_status
from lms.security import role_required
from lms.services import api_tokens
from lms.services.errors import DomainError

bp = Blueprint("api_tokens", __name__, url_prefix="/account/tokens")


class TokenForm(FlaskForm):
    """A name that says where the token is used."""

    name = LineField("Name", validators=[DataRequired(), Length(max=api_tokens.NAME_MAX)],
                     description="Where the token is used, e.g. “Quarterly report script”.")


def _page(form: TokenForm, new_token: str | None = None, status: int = 200):
    me = current_user._get_current_object()
    return render_template("api/tokens.html", form=form, tokens=api_tokens.tokens_of(me),
                           new_token=new_token, revoke_form=EmptyForm()), status


@bp.get("")
@role_required("trainer", "admin")
def index():
    """The caller's tokens and the form for a new one."""
    return _page(TokenForm())


@bp.post("")
@role_required("trainer", "admin")
def create():
    """Make a token and show it once; only its hash is kept."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=form_status(form) if form.errors.get("name") else 400)
    try:
        _token, plaintext = api_tokens.create_token(current_user._get_current_object(),
                                                    form.name.data)
    except DomainError as error:
        db.session.rollback()
        form.name.errors = [error.message]
        return _page(form, status=error.status)
    db.session.commit()
    return _page(TokenForm(formdata=None), new_token=plaintext)


@bp.post("/<int:token_id>/revoke")
@role_required("trainer", "admin")
def revoke(token_id: int):
    """Revoke one of the caller's tokens: scripts using it get 401 from the next request."""
    if not EmptyForm().validate_on_submit():
        return _page(TokenForm(), status=400)
    token = api_tokens.revoke_token(current_user._get_current_object(), token_id)
    db.session.commit()
    flash(f"The token “{token.name}” is revoked.", "success")
    return redirect(url_for("api_tokens.index"))
