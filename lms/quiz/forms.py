"""Forms of the quiz blueprint: attempts (CSRF only), reflections, comments and sharing."""

from flask_wtf import FlaskForm
from wtforms import MultipleFileField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from lms.services.attachments import ACCEPT, ALLOWED_LABEL
from lms.services.reflections import MAX_BODY


class AttemptForm(FlaskForm):
    """The attempt form: its questions come from the registry, so only the CSRF token is here."""


class ReflectionForm(FlaskForm):
    """The learner's reflection, in Markdown."""

    body = TextAreaField(
        "Your reflection",
        validators=[DataRequired(message="Write something first."), Length(max=MAX_BODY)],
        description="Markdown works: **bold**, *italic*, lists and links. Save a draft as often "
                    "as you like; once submitted, your trainers can read it.",
        render_kw={"rows": 14, "data-markdown": True},
    )
    attachments = MultipleFileField("Attach files", description=f"Optional: {ALLOWED_LABEL}.",
                                    render_kw={"accept": ACCEPT})  # the view adds the limits


class CommentForm(FlaskForm):
    """A trainer's comment on a reflection."""

    body = TextAreaField(
        "Your comment",
        validators=[DataRequired(message="Write a comment first."), Length(max=MAX_BODY)],
        description="Markdown works. The learner sees your comment under their reflection.",
        render_kw={"rows": 5, "data-markdown": True},
    )


class ShareForm(FlaskForm):
    """Where to share a submitted reflection."""

    space = SelectField("Share into", validators=[DataRequired()], choices=[])

    def offer(self, spaces) -> "ShareForm":
        """Offer these spaces (objects with key and label) as the choices."""
        self.space.choices = [SelectChoice(s.key, s.label) for s in spaces]
        return self
