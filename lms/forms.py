"""Form helpers shared by the blueprints."""

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

PASSWORD_MIN = 10


class EmptyForm(FlaskForm):
    """A form with only its CSRF token: for buttons that change state."""


def form_status(form: FlaskForm) -> int:
    """422 for a submitted form with errors, 200 otherwise."""
    return 422 if form.is_submitted() and form.errors else 200


def new_password_fields():
    """The password and confirmation pair used by registration, change and reset."""
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(min=PASSWORD_MIN, max=200)],
        description=f"At least {PASSWORD_MIN} characters.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm
