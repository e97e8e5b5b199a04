"""Authoring forms: a package upload and an author grant."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms.validators import DataRequired, Email, Length

from lms.forms import LineEmailField


class UploadForm(FlaskForm):
    """One zipped course package."""

    package = FileField("Course package (.zip)",
                        validators=[FileRequired("Choose the zip of your course package.")],
                        description="Zip the package folder (the one holding course.toml). "
                                    "It is checked before anything else happens.",
                        render_kw={"accept": ".zip,application/zip"})


class AuthorForm(FlaskForm):
    """Make a person an author of a course, by their account's email."""

    email = LineEmailField("Email of the new author",
                       validators=[DataRequired("Enter the email of their account."),
                                   Email("Enter an email address."), Length(max=254)])
