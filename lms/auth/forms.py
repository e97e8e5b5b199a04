"""Account forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from lms.forms import LineEmailField, LineField, new_password_fields


class RegisterForm(FlaskForm):
    """A new learner account."""

    name = LineField("Full name", validators=[DataRequired(), Length(max=120)],
                       render_kw={"autocomplete": "name"})
    email = LineEmailField("Email", validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    organisation = LineField("Organisation or cluster", validators=[Length(max=200)],
                               render_kw={"autocomplete": "organization"})
    country = LineField("Country", validators=[Length(max=80)],
                          render_kw={"autocomplete": "country-name"})
    password, confirm = new_password_fields()


class LoginForm(FlaskForm):
    """Email and password."""

    email = LineEmailField("Email", validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Keep me signed in on this device")


class ChangePasswordForm(FlaskForm):
    """Current password and a new one."""

    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)],
                            render_kw={"autocomplete": "current-password"})
    password, confirm = new_password_fields()


class ForgotPasswordForm(FlaskForm):
    """Where to send a reset link."""

    email = LineEmailField("Email", validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "email"})


class ResetPasswordForm(FlaskForm):
    """A new password, set through a reset link."""

    password, confirm = new_password_fields()


class LogoutForm(FlaskForm):
    """An empty form: logging out is a POST with a CSRF token."""
