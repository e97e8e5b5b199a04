"""Forms of the workbook: sharing an entry and a trainer's comment (the tool owns its fields)."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from lms.services.workbook import MAX_COMMENT


class ShareForm(FlaskForm):
    """Where to share the entry, with an optional note."""

    space = SelectField("Share into", validators=[DataRequired()], choices=[])
    note = TextAreaField("A note for the others (optional)", validators=[Length(max=2000)],
                         render_kw={"rows": 3})


class CommentForm(FlaskForm):
    """A trainer's comment on a learner's entry."""

    body = TextAreaField(
        "Your comment",
        validators=[DataRequired(message="Write a comment first."), Length(max=MAX_COMMENT)],
        description="The learner is notified and sees it under their entry.",
        render_kw={"rows": 4})
    version = HiddenField(validators=[Regexp(r"^\d{0,9}$", message="Choose a listed version.")])
