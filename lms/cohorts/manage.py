"""Trainer views: my cohorts, create and edit a cohort, its learners and its invites."""

from datetime import timedelta

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from lms.cohorts import queries
from lms.cohorts.forms import AddLearnerForm, CohortForm, InviteForm
from lms.extensions import db
from lms.forms import EmptyForm, form_status
from lms.models import Course, Invite, User, utcnow
from lms.security import role_required
from lms.services import cohorts, enrolment
from lms.services.errors import DomainError

staff_only = role_required("trainer", "admin")


@staff_only
def manage_cohorts():
    """The cohorts the trainer trains (admins: every cohort)."""
    return render_template("cohorts/manage_list.html",
                           rows=queries.trained_cohort_list(current_user))


def _prepare(form: CohortForm, creating: bool) -> None:
    """Offer live courses when creating, and trainer accounts to administrators."""
    if creating:
        form.course.choices = [SelectChoice(c.id, c.title) for c in db.session.scalars(
            sa.select(Course).where(Course.is_live).order_by(Course.title))]
    else:
        del form.course  # sessions hold items of the course: it cannot change afterwards
    if current_user.is_admin:
        form.trainers.choices = [SelectChoice(u.id, f"{u.name} ({u.email})")
                                 for u in db.session.scalars(
                                     sa.select(User).where(User.role.in_(("trainer", "admin")))
                                     .order_by(User.name))]
    else:
        del form.trainers


def _cohort_fields(form: CohortForm) -> dict:
    fields = dict(name=form.name.data, description=form.description.data or "",
                  starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                  capacity=form.capacity.data)
    if "trainers" in form:
        fields["trainers"] = list(db.session.scalars(
            sa.select(User).where(User.id.in_(form.trainers.data or []))))
    return fields


@staff_only
def new_cohort():
    """Create a cohort of a course."""
    form = CohortForm()
    _prepare(form, creating=True)
    if form.validate_on_submit():
        try:
            cohort = cohorts.create_cohort(current_user,
                                           course=db.session.get(Course, form.course.data),
                                           **_cohort_fields(form))
        except DomainError as error:
            db.session.rollback()
            form.name.errors.append(error.message)
            return render_template("cohorts/cohort_form.html", form=form, cohort=None), \
                error.status
        db.session.commit()
        flash(f"Cohort “{cohort.name}” created. Add sessions and invite learners.", "success")
        return redirect(url_for("cohorts.manage_cohort", cohort_id=cohort.id))
    return render_template("cohorts/cohort_form.html", form=form, cohort=None), \
        form_status(form)


@staff_only
def edit_cohort(cohort_id: int):
    """Edit name, dates, capacity, description (and, for admins, trainers)."""
    cohort = queries.managed_cohort_or_404(current_user, cohort_id)
    form = CohortForm(obj=cohort)
    _prepare(form, creating=False)
    if request.method == "GET" and "trainers" in form:
        form.trainers.data = [t.id for t in cohort.trainers]
    if form.validate_on_submit():
        try:
            cohorts.update_cohort(current_user, cohort, **_cohort_fields(form))
        except DomainError as error:
            db.session.rollback()
            form.name.errors.append(error.message)
            return render_template("cohorts/cohort_form.html", form=form, cohort=cohort), \
                error.status
        db.session.commit()
        flash("Cohort saved.", "success")
        return redirect(url_for("cohorts.manage_cohort", cohort_id=cohort.id))
    return render_template("cohorts/cohort_form.html", form=form, cohort=cohort), \
        form_status(form)


def _render_manage(cohort, add_form=None, invite_form=None, status: int = 200):
    return render_template(
        "cohorts/manage_cohort.html", cohort=cohort, overview=queries.cohort_overview(cohort),
        add_form=add_form or AddLearnerForm(formdata=None),
        invite_form=invite_form or InviteForm(formdata=None), button_form=EmptyForm(),
        seats=enrolment.active_count(cohort.id),
    ), status


@staff_only
def manage_cohort(cohort_id: int):
    """A cohort for its trainers: learners, sessions, invites and keys."""
    return _render_manage(queries.managed_cohort_or_404(current_user, cohort_id))


@staff_only
def add_learner(cohort_id: int):
    """Add a learner by the email address of their account."""
    cohort = queries.managed_cohort_or_404(current_user, cohort_id)
    form = AddLearnerForm()
    if not form.validate_on_submit():
        return _render_manage(cohort, add_form=form, status=422)
    try:
        place = enrolment.add_learner_by_email(cohort, form.email.data)
    except DomainError as error:
        db.session.rollback()
        form.email.errors.append(error.message)
        return _render_manage(cohort, add_form=form, status=error.status)
    name = place.user.name
    db.session.commit()
    flash(f"{name} was added to the cohort.", "success")
    return redirect(url_for("cohorts.manage_cohort", cohort_id=cohort.id, _anchor="learners"))


@staff_only
def remove_learner(cohort_id: int, user_id: int):
    """Ask to confirm (GET), then remove the learner (POST); their access ends at once."""
    cohort = queries.managed_cohort_or_404(current_user, cohort_id)
    learner = db.session.get(User, user_id) or abort(404)
    form = EmptyForm()
    if request.method == "GET":
        return render_template("cohorts/confirm_remove.html", cohort=cohort, learner=learner,
                               form=form)
    if not form.validate_on_submit():
        abort(400)
    enrolment.remove_learner(cohort, learner)
    db.session.commit()
    flash(f"{learner.name} was removed from {cohort.name} and no longer has access to it.",
          "success")
    return redirect(url_for("cohorts.manage_cohort", cohort_id=cohort.id, _anchor="learners"))


@staff_only
def create_invite(cohort_id: int):
    """Create an enrolment key or an invite link."""
    cohort = queries.managed_cohort_or_404(current_user, cohort_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_manage(cohort, invite_form=form, status=422)
    expires_at = utcnow() + timedelta(days=form.valid_days.data) if form.valid_days.data \
        else None
    try:
        invite = enrolment.create_invite(cohort, current_user, kind=form.kind.data,
                                         expires_at=expires_at, max_uses=form.max_uses.data,
                                         note=form.note.data or "")
    except DomainError as error:
        db.session.rollback()
        form.kind.errors.append(error.message)
        return _render_manage(cohort, invite_form=form, status=error.status)
    db.session.commit()
    flash(f"Enrolment key {invite.display_code} created." if invite.kind == "key"
          else "Invite link created: copy it from the list below.", "success")
    return redirect(url_for("cohorts.manage_cohort", cohort_id=cohort.id, _anchor="invites"))


@staff_only
def revoke_invite(invite_id: int):
    """Withdraw a key or link: nobody can join with it any more."""
    invite = db.session.get(Invite, invite_id) or abort(404)
    queries.managed_cohort_or_404(current_user, invite.cohort_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    enrolment.revoke_invite(invite)
    db.session.commit()
    flash("Revoked: nobody can join with it any more.", "success")
    return redirect(url_for("cohorts.manage_cohort", cohort_id=invite.cohort_id,
                            _anchor="invites"))
