"""Learner views: My training, joining by key or link, a cohort's sessions, RSVP, calendars."""

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy.orm import contains_eager

from lms.access import active_enrolments, can_see_cohort, is_member, trained_cohorts
from lms.cohorts import queries
from lms.cohorts.calendar import build_calendar
from lms.cohorts.forms import JoinForm, RsvpForm
from lms.cohorts.helpers import redirect_back
from lms.extensions import db, limiter, login_manager
from lms.forms import EmptyForm
from lms.models import Cohort, TrainingSession
from lms.services import calendar_feeds, cohorts, enrolment
from lms.services.errors import DomainError
from lms.urls import public_url


def _join_limit() -> str:
    return current_app.config.get("JOIN_RATE_LIMIT", "20 per minute")


def _render_my_training(join_form: JoinForm, status: int = 200):
    feed = calendar_feeds.feed_for(current_user)
    feed_url = public_url("cohorts.calendar_feed",
                          token=calendar_feeds.feed_token(feed)) if feed else None
    return render_template(
        "cohorts/my_training.html", views=queries.learner_cohorts(current_user),
        join_form=join_form, rsvp_form=RsvpForm(), button_form=EmptyForm(), feed_url=feed_url,
    ), status


@login_required
def my_training():
    """The learner's cohorts: next session with its pre-work, post-work, RSVP, calendars."""
    return _render_my_training(JoinForm())


@login_required
@limiter.limit(_join_limit, methods=["POST"])
def join_with_key():
    """Join the cohort of an enrolment key typed on My training."""
    form = JoinForm()
    if not form.validate_on_submit():
        return _render_my_training(form, 422)
    try:
        place, new = enrolment.join(current_user, enrolment.invite_for_key(form.key.data))
    except DomainError as error:
        db.session.rollback()
        form.key.errors.append(error.message)
        return _render_my_training(form, error.status)
    name = place.cohort.name
    db.session.commit()
    flash(f"Welcome to {name}!" if new else f"You are already in {name}.",
          "success" if new else "info")
    return redirect(url_for("cohorts.my_training"))


@limiter.limit(_join_limit, methods=["POST"])
def invitation(token: str):
    """An invite link: what it leads to (GET), and joining with it (POST, signed in)."""
    invite = enrolment.invite_for_token(token)
    enrolment.check_invite(invite)
    form = EmptyForm()
    if request.method == "POST":
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not form.validate_on_submit():
            abort(400)
        place, new = enrolment.join(current_user, invite)
        name = place.cohort.name
        db.session.commit()
        flash(f"Welcome to {name}!" if new else f"You are already in {name}.",
              "success" if new else "info")
        return redirect(url_for("cohorts.my_training"))
    member = current_user.is_authenticated and is_member(current_user, invite.cohort)
    return render_template("cohorts/invitation.html", invite=invite, cohort=invite.cohort,
                           form=form, member=member)


@login_required
def cohort(cohort_id: int):
    """One cohort as its learners see it: every session with its study plan."""
    found = queries.visible_cohort_or_404(cohort_id)
    view = queries.learner_cohorts(current_user, [found])[0]
    return render_template("cohorts/cohort.html", view=view, cohort=view.cohort,
                           rsvp_form=RsvpForm(),
                           member=is_member(current_user, found))


@login_required
def rsvp(session_id: int):
    """Answer yes, maybe or no for a session."""
    session = db.session.get(TrainingSession, session_id)
    if session is None or not can_see_cohort(current_user, session.cohort):
        abort(404)
    form = RsvpForm()
    if not form.validate_on_submit():
        abort(422, "Answer yes, maybe or no.")
    cohorts.answer_rsvp(session, current_user, form.answer.data)
    db.session.commit()
    flash(f"Saved: your answer for “{session.title}” is {form.answer.data}.", "success")
    return redirect_back()


def _session_links(sessions: list[TrainingSession]) -> dict[int, str]:
    return {s.id: public_url("cohorts.cohort", cohort_id=s.cohort_id, _anchor=f"session-{s.id}")
            for s in sessions}


def _ics(body: bytes, filename: str, download: bool) -> Response:
    response = Response(body, mimetype="text/calendar")
    if download:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def cohort_calendar(cohort_id: int):
    """The cohort's sessions as an .ics file (members, trainers, admins)."""
    found = queries.visible_cohort_or_404(cohort_id)
    body = build_calendar(found.sessions, name=found.name, links=_session_links(found.sessions))
    return _ics(body, f"cohort-{found.id}.ics", download=True)


def calendar_feed(token: str):
    """Private subscription feed: every session of the user's cohorts, no login needed."""
    user = calendar_feeds.user_for_token(token)
    if user is None:
        abort(404)
    ids = sa.union(active_enrolments(user.id), trained_cohorts(user.id))
    sessions = list(db.session.scalars(
        sa.select(TrainingSession).join(Cohort, Cohort.id == TrainingSession.cohort_id)
        .where(Cohort.id.in_(ids)).options(contains_eager(TrainingSession.cohort))
        .order_by(TrainingSession.starts_at)))
    body = build_calendar(sessions, name=f"My training: {user.name}",
                          links=_session_links(sessions))
    db.session.commit()  # last_used_at
    return _ics(body, "training.ics", download=False)


@login_required
def reset_calendar_feed():
    """Create the private calendar link, or replace it (the old one stops working)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    had_feed = calendar_feeds.feed_for(current_user) is not None
    calendar_feeds.reset_feed(current_user)
    db.session.commit()
    flash("Your calendar link was reset: the old one no longer works. Subscribe again with "
          "the new one." if had_feed else "Your private calendar link is ready.", "success")
    return redirect(url_for("cohorts.my_training", _anchor="calendar"))
