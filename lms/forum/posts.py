"""Post actions: permalink, edit, delete, like and report."""

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required

from lms.error_pages import wants_json
from lms.extensions import db
from lms.forms import EmptyForm, form_status
from lms.forum import queries
from lms.forum.forms import EditPostForm, ReportForm
from lms.queries.forum_access import can_moderate, can_see_post, can_see_thread
from lms.services import forum, moderation
from lms.services import notifications as notices
from lms.services.errors import DomainError


def register(bp) -> None:
    """Add these views to the blueprint."""
    bp.add_url_rule("/posts/<int:post_id>", view_func=post_link)
    bp.add_url_rule("/posts/<int:post_id>/edit", view_func=edit, methods=["GET", "POST"])
    bp.add_url_rule("/posts/<int:post_id>/delete", view_func=delete, methods=["POST"])
    bp.add_url_rule("/posts/<int:post_id>/like", view_func=like, methods=["POST"])
    bp.add_url_rule("/posts/<int:post_id>/report", view_func=report, methods=["GET", "POST"])


def _readable(post_id: int):
    post = queries.post_or_404(post_id)
    if not can_see_thread(current_user, post.thread):
        abort(404)
    return post


@login_required
def post_link(post_id: int):
    """A post's permanent address: the thread page that holds it, scrolled to the post.

    The page is the one the pager shows (the whole thread when it fits on one page), so
    the opening post and the replies before it stay there to read, as in Discourse.
    """
    post = _readable(post_id)
    return redirect(url_for("forum.thread", thread_id=post.thread_id,
                            after=queries.page_after_cursor(post), _anchor=f"post-{post.id}"))


def _back(post) -> str:
    return url_for("forum.post_link", post_id=post.id)


@login_required
def edit(post_id: int):
    """Edit a post (its author, or a moderator)."""
    post = _readable(post_id)
    if not can_see_post(current_user, post):
        abort(404)
    if post.author_id != current_user.id and not can_moderate(current_user, post.thread.space):
        abort(403)
    form = EditPostForm(data={"body": post.body})  # a POST's own text takes precedence
    if form.validate_on_submit():
        try:
            forum.edit_post(current_user, post, form.body.data)
        except DomainError as error:
            db.session.rollback()
            form.body.errors = [error.message]
            return render_template("forum/edit_post.html", form=form, post=post), error.status
        db.session.commit()
        flash("Your changes are saved.", "success")
        return redirect(_back(post))
    return render_template("forum/edit_post.html", form=form, post=post), form_status(form)


def _post_action(post_id: int, action, message: str):
    post = _readable(post_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    action(current_user, post)
    db.session.commit()
    if message:
        flash(message, "success")
    return redirect(_back(post))


@login_required
def delete(post_id: int):
    """Delete a post (soft): it stays as "deleted" in the thread."""
    return _post_action(post_id, forum.delete_post, "The post is deleted.")


@login_required
def like(post_id: int):
    """Like a post, or take the like back: JSON for the script, else back to the post."""
    if not wants_json():  # a plain form post: back to the post
        return _post_action(post_id, forum.toggle_like, "")
    post = _readable(post_id)
    if not EmptyForm().validate_on_submit():
        return jsonify(error="The page has expired. Reload it and try again."), 400
    liked = forum.toggle_like(current_user, post)
    db.session.commit()
    db.session.refresh(post, ["like_count"])
    return jsonify(liked=liked, count=post.like_count)


@login_required
def report(post_id: int):
    """Report a post to the moderators."""
    post = _readable(post_id)
    if not can_see_post(current_user, post):
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            moderation.report_post(current_user, post, form.reason.data, form.details.data)
        except DomainError as error:
            db.session.rollback()
            form.reason.errors = [error.message]
            return render_template("forum/report.html", form=form, post=post), error.status
        notices.send_immediate(post.id)  # trainers who want emails at once get one now
        db.session.commit()
        flash("Thank you. The moderators will look at this post.", "success")
        return redirect(_back(post))
    return render_template("forum/report.html", form=form, post=post), form_status(form)
