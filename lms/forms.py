"""Form helpers shared by the blueprints."""

import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, StopValidation

PASSWORD_MIN = 10


# C0 and C1 control characters and the Unicode line and paragraph separators: a name or a
# title with a line break could forge email headers, log lines or CSV rows.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SINGLE_LINE_MESSAGE = "Use a single line, without line breaks, tabs or other control characters."


class SingleLine:
    """Mixin for text inputs of one line: refuse control characters before other validators."""

    data: Any  # the field's value, from the WTForms field this is mixed into

    def pre_validate(self, form) -> None:
        """Stop validation with a clear message when the value holds a control character."""
        if isinstance(self.data, str) and CONTROL_CHARACTERS.search(self.data):
            raise StopValidation(SINGLE_LINE_MESSAGE)


class LineField(SingleLine, StringField):
    """A one-line text input (every single-line text field of the app is one)."""


class LineEmailField(SingleLine, EmailField):
    """An email input, one line like every other."""


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
