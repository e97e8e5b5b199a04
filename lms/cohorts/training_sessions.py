"""Trainer views for sessions: schedule, edit, cancel, study plan, attendance."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from lms.cohorts import queries
from lms.cohorts.forms import AttendanceForm, SessionForm, StudyPlanForm
from lms.cohorts.manage import staff_only
from lms.extensions import db
from lms.forms import EmptyForm, form_status
from lms.models import utcnow
from lms.services import cohorts
from lms.services.errors import DomainError
from lms.timezones import utc_to_local


def _fields(form: SessionForm) -> dict:
    return dict(title=form.title.data, city=form.city.data or "", venue=form.venue.data or "",
                starts_local=form.starts_local.data, ends_local=form.ends_local.data,
                timezone=form.timezone.data, agenda=form.agenda.data or "")


@staff_only
def new_session(cohort_id: int):
    """Schedule a session of the cohort."""
    cohort = queries.managed_cohort_or_404(current_user, cohort_id)
    form = SessionForm()
    if form.validate_on_submit():
        try:
            session = cohorts.create_session(cohort, **_fields(form))
        except DomainError as error:
            db.session.rollback()
            form.title.errors.append(error.message)
            return render_template("cohorts/session_form.html", form=form, cohort=cohort,
                                   session=None), error.status
        db.session.commit()
        flash("Session scheduled. Now choose its pre-work and post-work.", "success")
        return redirect(url_for("cohorts.manage_session", session_id=session.id))
    return render_template("cohorts/session_form.html", form=form, cohort=cohort,
                           session=None), form_status(form)


@staff_only
def edit_session(session_id: int):
    """Edit a session's title, place, times and agenda."""
    session = queries.managed_session_or_404(session_id)
    form = SessionForm(data=dict(
        title=session.title, city=session.city, venue=session.venue, agenda=session.agenda,
        timezone=session.timezone,
        starts_local=utc_to_local(session.starts_at, session.timezone),
        ends_local=utc_to_local(session.ends_at, session.timezone)))
    if form.validate_on_submit():
        try:
            cohorts.update_session(session, **_fields(form))
        except DomainError as error:
            db.session.rollback()
            form.title.errors.append(error.message)
            return render_template("cohorts/session_form.html", form=form,
                                   cohort=session.cohort, session=session), error.status
        db.session.commit()
        flash("Session saved.", "success")
        return redirect(url_for("cohorts.manage_session", session_id=session.id))
    return render_template("cohorts/session_form.html", form=form, cohort=session.cohort,
                           session=session), form_status(form)


@staff_only
def delete_session(session_id: int):
    """Cancel a session."""
    session = queries.managed_session_or_404(session_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    cohort_id, title = session.cohort_id, session.title
    cohorts.delete_session(session)
    db.session.commit()
    flash(f"Session “{title}” was cancelled.", "success")
    return redirect(url_for("cohorts.manage_cohort", cohort_id=cohort_id, _anchor="sessions"))


@staff_only
def manage_session(session_id: int):
    """A session for its trainers: details, study plan, RSVPs and attendance."""
    session = queries.managed_session_or_404(session_id)
    chosen: dict[str, set[int]] = {"pre": set(), "post": set()}
    for entry in session.items:
        chosen[entry.phase].add(entry.item_id)
    return render_template(
        "cohorts/manage_session.html", session=session, cohort=session.cohort,
        items=cohorts.live_items(session.cohort.course_id), chosen=chosen,
        roster=queries.session_roster(session), started=session.starts_at <= utcnow(),
        button_form=EmptyForm(),
    )


@staff_only
def save_study_plan(session_id: int):
    """Save the items to study before and after the session."""
    session = queries.managed_session_or_404(session_id)
    form = StudyPlanForm()
    form.pre.choices = form.post.choices = [
        SelectChoice(item.id, item.title) for item in cohorts.live_items(session.cohort.course_id)]
    if not form.validate_on_submit():
        abort(422, "Choose items of this cohort's course only.")
    cohorts.set_study_plan(session, form.pre.data or [], form.post.data or [])
    db.session.commit()
    flash("Pre-work and post-work saved.", "success")
    return redirect(url_for("cohorts.manage_session", session_id=session.id, _anchor="plan"))


@staff_only
def save_attendance(session_id: int):
    """Record who was at the session."""
    session = queries.managed_session_or_404(session_id)
    form = AttendanceForm()
    learners = cohorts.active_learners(session.cohort_id)
    form.present.choices = [SelectChoice(user.id, user.name) for user in learners]
    if not form.validate_on_submit():
        abort(422, "Mark only learners of this cohort.")
    # Without JavaScript, "Mark everyone present" saves everyone; the trainer then unticks
    # the absentees. With it, the button only ticks the boxes (lms/static/js/app.js).
    present = [user.id for user in learners] if form.everyone.data else form.present.data or []
    count = cohorts.mark_attendance(session, current_user, present)
    db.session.commit()
    flash(f"Attendance saved: {count} present.", "success")
    return redirect(url_for("cohorts.manage_session", session_id=session.id,
                            _anchor="attendance"))
