"""Forms of the cohort pages: joining, cohorts, sessions, invites, study plans, attendance."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from lms.forms import LineEmailField, LineField
from lms.models import RSVP_ANSWERS
from lms.timezones import DEFAULT_TIMEZONE, NonexistentTime, local_to_utc, timezone_names

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class JoinForm(FlaskForm):
    """Join a cohort with the enrolment key a trainer handed out."""

    key = LineField("Enrolment key", validators=[DataRequired(), Length(max=40)],
                      description="The key your trainer gave you, for example ABCD-EFGH.",
                      render_kw={"autocomplete": "off", "autocapitalize": "characters",
                                 "spellcheck": "false"})


class CohortForm(FlaskForm):
    """Create or edit a cohort; the view removes the fields an actor may not set."""

    course = SelectField("Course", coerce=int, validators=[DataRequired()])
    name = LineField("Name", validators=[DataRequired(), Length(max=200)],
                       description="For example “CECIL, Copenhagen 2017”.")
    description = TextAreaField("Description", validators=[Length(max=5000)])
    starts_on = DateField("First day", validators=[Optional()])
    ends_on = DateField("Last day", validators=[Optional()])
    capacity = IntegerField("Capacity", validators=[Optional(), NumberRange(min=1, max=10000)],
                            description="Most learners at a time; empty for no limit.")
    trainers = SelectMultipleField("Trainers", coerce=int,
                                   description="Hold Ctrl (⌘ on a Mac) to choose several.")

    def validate_ends_on(self, field) -> None:
        """The last day is not before the first."""
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("The last day cannot be before the first day.")


class SessionForm(FlaskForm):
    """An in-person session: wall-clock times in a chosen time zone."""

    title = LineField("Title", validators=[DataRequired(), Length(max=200)])
    city = LineField("City", validators=[Optional(), Length(max=120)])
    venue = LineField("Venue", validators=[Optional(), Length(max=300)],
                        description="Building and address, as people should find it.")
    starts_local = DateTimeLocalField("Starts", format=LOCAL_FORMAT,
                                      validators=[DataRequired("Enter a start date and time.")])
    ends_local = DateTimeLocalField("Ends", format=LOCAL_FORMAT,
                                    validators=[DataRequired("Enter an end date and time.")])
    timezone = SelectField("Time zone", default=DEFAULT_TIMEZONE,
                           description="Where the session takes place; times above are local.")
    agenda = TextAreaField("Agenda", validators=[Length(max=20000)],
                           description="Markdown: lists, **bold**, links.",
                           render_kw={"rows": 8, "data-markdown": True})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = [SelectChoice(name, name.replace("_", " "))
                                 for name in timezone_names()]

    def _utc(self, field):
        try:
            return local_to_utc(field.data, self.timezone.data)
        except NonexistentTime as error:
            field.errors.append(str(error))
        except ValueError:
            pass  # an unknown zone is reported on the zone field itself
        return None

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then times that exist in the zone and an end after the start."""
        if not super().validate(extra_validators):
            return False
        starts, ends = self._utc(self.starts_local), self._utc(self.ends_local)
        if starts and ends and ends <= starts:
            self.ends_local.errors.append("The session must end after it starts.")
        return not (self.starts_local.errors or self.ends_local.errors)


class InviteForm(FlaskForm):
    """A new enrolment key or invite link."""

    kind = SelectField("Type", choices=[SelectChoice("key", "Enrolment key"),
                                        SelectChoice("link", "Invite link")],
                       description="A short code to type in, or a web address to click.")
    valid_days = IntegerField("Valid for (days)",
                              validators=[Optional(), NumberRange(min=1, max=365)],
                              description="Empty: valid until you revoke it.")
    max_uses = IntegerField("Uses", validators=[Optional(), NumberRange(min=1, max=10000)],
                            description="How many people may join with it; empty for no limit.")
    note = LineField("Note", validators=[Optional(), Length(max=120)],
                       description="For you, e.g. “Sent to the Athens group”.")


class AddLearnerForm(FlaskForm):
    """Add someone with an account to the cohort."""

    email = LineEmailField("Email address", validators=[DataRequired(), Email(), Length(max=254)])


class RsvpForm(FlaskForm):
    """Will the learner come? One button per answer."""

    answer = SelectField("Will you come?",
                         choices=[SelectChoice(a, a.capitalize()) for a in RSVP_ANSWERS])


class StudyPlanForm(FlaskForm):
    """Pre-work and post-work of a session: item ids of the cohort's course."""

    pre = SelectMultipleField("Before the session", coerce=int)
    post = SelectMultipleField("After the session", coerce=int)


class AttendanceForm(FlaskForm):
    """Learners who were at the session (ids); the others count as absent."""

    present = SelectMultipleField("Present", coerce=int)
    everyone = SubmitField("Mark everyone present")
