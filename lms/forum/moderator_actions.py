"""Moderation views: pin, lock, hide and move threads, hide posts, the report queue."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms import nav_badges
from lms.extensions import db
from lms.forms import EmptyForm, form_status
from lms.forum import queries
from lms.forum.forms import MoveForm
from lms.models import Cohort
from lms.queries.forum_access import can_moderate, can_see_cohort_space, can_see_thread
from lms.services import forum, moderation
from lms.services import notifications as notices

FLAGS = {
    "pin": ("pinned", True, "The thread is pinned."),
    "unpin": ("pinned", False, "The thread is no longer pinned."),
    "lock": ("locked", True, "The thread is locked."),
    "unlock": ("locked", False, "The thread is open for replies again."),
    "hide": ("hidden", True, "The thread is hidden from everyone but moderators."),
    "unhide": ("hidden", False, "The thread is visible again."),
}
POST_ACTIONS = {
    "hide": "The post is hidden.",
    "unhide": "The post is visible again.",
    "dismiss": "The reports are dismissed.",
}


def register(bp) -> None:
    """Add these views to the blueprint."""
    bp.add_url_rule("/threads/<int:thread_id>/moderate/<action>", view_func=thread_flag,
                    methods=["POST"])
    bp.add_url_rule("/threads/<int:thread_id>/move", view_func=move, methods=["GET", "POST"])
    bp.add_url_rule("/posts/<int:post_id>/moderate/<action>", view_func=post_action,
                    methods=["POST"])
    bp.add_url_rule("/moderation", view_func=reports)


def _moderated_thread(thread_id: int):
    thread = queries.thread_or_404(thread_id, current_user)
    if not can_moderate(current_user, thread.space):
        abort(403)
    return thread


@login_required
def thread_flag(thread_id: int, action: str):
    """Pin, lock or hide a thread, or undo it."""
    if action not in FLAGS:
        abort(404)
    thread = _moderated_thread(thread_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    flag, value, message = FLAGS[action]
    moderation.set_thread_flag(current_user, thread, flag, value)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("forum.thread", thread_id=thread.id))


def _targets(thread) -> list[SelectChoice]:
    """The spaces of the thread's course the moderator can move it to, as select choices."""
    course = thread.space.course
    choices = [SelectChoice(f"course-{course.id}", f"{course.title} (everyone)")]
    cohorts = db.session.scalars(db.select(Cohort).where(Cohort.course_id == course.id)
                                 .order_by(Cohort.name)).all()
    choices += [SelectChoice(f"cohort-{c.id}", f"{c.name} (private)") for c in cohorts
                if can_see_cohort_space(current_user, c)]
    return [c for c in choices if c.value != thread.space.key]


@login_required
def move(thread_id: int):
    """Move a thread to another space of the same course."""
    thread = _moderated_thread(thread_id)
    form = MoveForm()
    form.space.choices = _targets(thread)
    if form.validate_on_submit():
        kind, _, ident = form.space.data.partition("-")
        if kind == "course":
            target = forum.course_space(thread.space.course)
        else:
            target = forum.cohort_space(db.session.get_one(Cohort, int(ident)))
        moderation.move_thread(current_user, thread, target)
        db.session.commit()
        flash("The thread is moved.", "success")
        return redirect(url_for("forum.thread", thread_id=thread.id))
    return render_template("forum/move.html", form=form, thread=thread), form_status(form)


@login_required
def post_action(post_id: int, action: str):
    """Hide or show a post, or dismiss the reports about it."""
    if action not in POST_ACTIONS:
        abort(404)
    post = queries.post_or_404(post_id)
    if not can_see_thread(current_user, post.thread):
        abort(404)
    if not can_moderate(current_user, post.thread.space):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if action == "dismiss":
        moderation.dismiss_reports(current_user, post)
    else:
        moderation.set_post_hidden(current_user, post, action == "hide")
    db.session.commit()
    flash(POST_ACTIONS[action], "success")
    if request.args.get("back") == "queue":
        return redirect(url_for("forum.reports"))
    return redirect(url_for("forum.post_link", post_id=post.id))


@login_required
def reports():
    """The moderators' queue of open reports; opening it reads their notifications."""
    if not current_user.is_trainer:
        abort(403)
    open_reports = moderation.open_reports(current_user)
    notices.mark_reports_read(current_user)  # the queue is what those notifications point to
    nav_badges.forget()  # the bell shows what is left
    db.session.commit()
    return render_template("forum/reports.html", reports=open_reports,
                           reasons=moderation.REPORT_REASONS)
