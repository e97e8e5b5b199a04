"""Discussion forms: posts, threads, practical cases, reports, moving and email settings."""

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from lms.forms import LineField
from lms.routing import MAX_ID
from lms.services.attachments import ACCEPT, ALLOWED_LABEL, Upload
from lms.services.forum import MAX_BODY, MAX_TITLE
from lms.services.moderation import REPORT_REASONS

MARKDOWN_HINT = ("Markdown: **bold**, *italic*, [link](https://…), > quote, - list. "
                 "Mention someone with @ and their full name.")


def _fits_an_id(form, field) -> None:
    """An id beyond the INTEGER column could only be forged (issue 15, finding 4)."""
    if field.data.isdigit() and int(field.data) > MAX_ID:
        raise ValidationError("Not a valid post.")


_ID = [Optional(), Regexp(r"^\d{1,12}$", message="Not a valid post."), _fits_an_id]


def body_field(label: str = "Your reply", hint: str = MARKDOWN_HINT, rows: int = 6):
    """A Markdown textarea with the formatting hint."""
    return TextAreaField(label, validators=[DataRequired(message="Write something first."),
                                            Length(max=MAX_BODY)],
                         description=hint, render_kw={"rows": rows, "data-markdown": True})


class PostForm(FlaskForm):
    """A reply, possibly answering or quoting another post."""

    body = body_field()
    reply_to = HiddenField(validators=_ID)
    quote_of = HiddenField(validators=_ID)

    def id_of(self, field: HiddenField) -> int | None:
        """The post id in a hidden field, or None."""
        return int(field.data) if field.data else None


def files_field(label: str = "Attach files"):
    """A multiple file input; the view adds the limits to its hint."""
    return MultipleFileField(label, description=f"Optional: {ALLOWED_LABEL}.",
                             render_kw={"accept": ACCEPT})


class ReplyForm(PostForm):
    """A reply on the thread page, where files can be attached as well."""

    attachments = files_field()

    def uploads(self, files) -> list:
        """The uploaded files as the attachments service takes them."""
        return [Upload(f.filename or "", f.stream) for f in files.getlist(self.attachments.name)]


class EditPostForm(FlaskForm):
    """The new text of a post."""

    body = body_field("Post")


class ThreadForm(FlaskForm):
    """A new discussion."""

    title = LineField("Title", validators=[DataRequired(), Length(min=3, max=MAX_TITLE)])
    body = body_field("First post", rows=8)


class CaseForm(FlaskForm):
    """A trainer's practical case."""

    title = LineField("Title", validators=[DataRequired(), Length(min=3, max=MAX_TITLE)])
    module = SelectField("Module", coerce=int, validators=[Optional()],
                         description="The case is linked from this module's page.")
    situation = body_field("The situation", hint="Describe what the cluster manager faces. "
                           + MARKDOWN_HINT, rows=10)
    questions = TextAreaField("Questions to discuss", validators=[Length(max=MAX_BODY)],
                              description="One per line works well, e.g. a numbered list.",
                              render_kw={"rows": 5, "data-markdown": True})
    attachments = files_field("Attachments")


class ReportForm(FlaskForm):
    """Why a post should be looked at."""

    reason = RadioField("Why are you reporting this post?",
                        choices=[SelectChoice(k, v) for k, v in REPORT_REASONS.items()],
                        validators=[DataRequired(message="Choose a reason.")])
    details = TextAreaField("Anything the moderators should know (optional)",
                            validators=[Length(max=1000)], render_kw={"rows": 3})


class MoveForm(FlaskForm):
    """Where to move a thread."""

    space = SelectField("Move to", validators=[DataRequired()])


class SettingsForm(FlaskForm):
    """How discussion emails are sent."""

    email = RadioField("Email me about replies and mentions", choices=[
        SelectChoice("immediate", "At once, one email per post"),
        SelectChoice("daily", "In a daily digest"),
        SelectChoice("off", "Never (notifications stay in the app)"),
    ], validators=[DataRequired()])

