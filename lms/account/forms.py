"""Account page forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from lms.forms import LineEmailField, LineField
from lms.i18n import LANGUAGES
from lms.timezones import timezone_names


class DeleteAccountForm(FlaskForm):
    """The password again, and an explicit yes, before the account is deleted."""

    password = PasswordField("Your password", validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})
    confirm = BooleanField("I understand that this cannot be undone.",
                           validators=[DataRequired(message="Tick the box to confirm.")])


class ProfileForm(FlaskForm):
    """Name, organisation, country and the time zone times are shown in."""

    name = LineField("Full name", validators=[DataRequired(), Length(max=120)],
                       render_kw={"autocomplete": "name"})
    organisation = LineField("Organisation or cluster", validators=[Length(max=200)],
                               render_kw={"autocomplete": "organization"})
    country = LineField("Country", validators=[Length(max=80)],
                          render_kw={"autocomplete": "country-name"})
    timezone = SelectField("Time zone", validate_choice=False,
                           description="Dates and times on every page are shown in this zone.")
    language = SelectField(_l("Language"), validate_choice=False,
                           description=_l("The site and translated courses are shown in it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = [SelectChoice("", "The site's default")] + [
            SelectChoice(name, name.replace("_", " ")) for name in timezone_names()]
        self.language.choices = [SelectChoice("", _l("As my browser asks"))] + [
            SelectChoice(code, name) for code, name in LANGUAGES.items()]


class EmailChangeForm(FlaskForm):
    """A new address, confirmed by a link sent to it, and the password."""

    email = LineEmailField("New email address",
                           validators=[DataRequired(), Email(), Length(max=254)],
                           render_kw={"autocomplete": "email"})
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})


class AvatarForm(FlaskForm):
    """A profile picture upload."""

    picture = FileField("Profile picture", validators=[FileRequired("Choose a picture.")],
                        description="JPEG, PNG, WebP or GIF, up to 5 MB. It is cropped to a "
                                    "square and stored without its metadata.",
                        render_kw={"accept": "image/jpeg,image/png,image/webp,image/gif"})
