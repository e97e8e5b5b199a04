"""Account page forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, Length


class DeleteAccountForm(FlaskForm):
    """The password again, and an explicit yes, before the account is deleted."""

    password = PasswordField("Your password", validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})
    confirm = BooleanField("I understand that this cannot be undone.",
                           validators=[DataRequired(message="Tick the box to confirm.")])
