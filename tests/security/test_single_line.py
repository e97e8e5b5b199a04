"""Finding 7 of issue 15: one-line fields refuse control characters, and a name that slipped
in before cannot break an email or the request that committed the post."""

import inspect

import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.fields.core import UnboundField

import lms
from lms.extensions import db
from lms.forms import SingleLine
from lms.models import User
from lms.services import notifications
from tests.fixtures.mail import sent_mail

INJECTION = "Mallory\r\nBcc: victim@example.org"


def _all_forms(cls=FlaskForm):
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("lms."):
            yield sub
        yield from _all_forms(sub)


def test_every_single_line_field_of_every_form_refuses_control_characters(app):
    checked, missing = 0, []
    for form in _all_forms():
        for name, value in inspect.getmembers(form):
            if not isinstance(value, UnboundField):
                continue
            kind = value.field_class
            if not issubclass(kind, StringField) or \
                    issubclass(kind, TextAreaField | PasswordField | HiddenField):
                continue
            checked += 1
            if not issubclass(kind, SingleLine):
                missing.append(f"{form.__module__}.{form.__name__}.{name}")
    assert checked >= 15 and lms  # the app's forms were imported and inspected
    assert not missing, f"single-line fields without the control-character check: {missing}"


@pytest.mark.parametrize(("field", "value"), [
    ("name", INJECTION), ("name", "Tab\tName"), ("organisation", "Line\u2028break"),
    ("country", "Den\x85mark"), ("email", "sofia@example.org\r\nBcc: x@example.org"),
])
def test_registration_refuses_control_characters(client, field, value):
    data = {"name": "Sofia", "email": "sofia@example.org", "password": "a long password",
            "confirm": "a long password", field: value}
    response = client.post("/account/register", data=data)
    assert response.status_code == 422
    assert "Use a single line" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_a_thread_title_with_a_line_break_is_refused(client, world, act_as):
    act_as(world.sofia)
    response = client.post(f"/discussions/cohorts/{world.a.id}/new",
                           data={"title": "Hello\r\nBcc: x@example.org", "body": "Text"})
    assert response.status_code == 422 and "Use a single line" in response.text


def test_a_name_stored_before_the_check_cannot_break_the_email_or_the_reply(
        client, world, act_as, make_thread):
    from lms.services import forum

    thread = make_thread(world.sofia, forum.cohort_space(world.a), title="Venue")
    notifications.set_email_mode(world.sofia, "immediate")
    world.jens.name = INJECTION  # e.g. imported, or stored by an older release
    db.session.commit()
    act_as(world.jens)
    response = client.post(f"/discussions/threads/{thread.id}/reply", data={"body": "Hi"})
    assert response.status_code == 302  # the post is committed and the request succeeds
    [message] = sent_mail()
    assert message["Bcc"] is None and "\n" not in message["Subject"]
    assert message["Subject"].startswith("Mallory Bcc: victim@example.org replied in")
    assert message["To"] == world.sofia.email
