"""Notification views: the list, opening one, email settings and one-click unsubscribe."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms import nav_badges
from lms.extensions import csrf, db
from lms.forms import EmptyForm, form_status
from lms.forum.forms import SettingsForm
from lms.routing import MAX_ID
from lms.services import notifications as notices


def register(bp) -> None:
    """Add these views to the blueprint."""
    bp.add_url_rule("/notifications", view_func=notifications)
    bp.add_url_rule("/notifications/<int:notification_id>", view_func=open_notification)
    bp.add_url_rule("/notifications/read", view_func=read_all, methods=["POST"])
    bp.add_url_rule("/settings", view_func=settings, methods=["GET", "POST"])
    bp.add_url_rule("/unsubscribe/<token>", view_func=unsubscribe, methods=["GET", "POST"])


@login_required
def notifications():
    """The user's notifications, newest first; opening the list marks what it shows read."""
    before = request.args.get("before", "")
    before_id = int(before) if before.isdigit() and len(before) < 11 else None
    if before_id is not None and before_id > MAX_ID:
        before_id = None
    rows = notices.listing(current_user, before_id=before_id, limit=31)
    unread = notices.mark_shown_read(current_user, rows[:30])
    nav_badges.forget()  # the bell shows what is left
    db.session.commit()
    return render_template("forum/notifications.html", rows=rows[:30], unread=unread,
                           more=rows[29].id if len(rows) > 30 else None, form=EmptyForm())


@login_required
def open_notification(notification_id: int):
    """Mark a notification read and go to its post (or the commented workbook entry)."""
    notification = notices.open_notification(current_user, notification_id)
    db.session.commit()
    if notification.workbook_comment is not None:
        return redirect(url_for("workbook.entry", entry_id=notification.workbook_comment.entry_id,
                                _anchor="comments"))
    return redirect(url_for("forum.post_link", post_id=notification.post_id))


@login_required
def read_all():
    """Mark every notification read."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    notices.mark_all_read(current_user)
    db.session.commit()
    flash("All notifications are marked as read.", "success")
    return redirect(url_for("forum.notifications"))


@login_required
def settings():
    """How discussion emails are sent."""
    form = SettingsForm(data={"email": notices.email_mode(current_user)})
    if form.validate_on_submit():
        notices.set_email_mode(current_user, form.email.data)
        db.session.commit()
        flash("Your email preference is saved.", "success")
        return redirect(url_for("forum.settings"))
    return render_template("forum/settings.html", form=form), form_status(form)


# The signed token is the credential, and mail clients send RFC 8058 one-click POSTs
# without any form token, so this one view is exempt from CSRF.
@csrf.exempt
def unsubscribe(token: str):
    """GET: confirm. POST (the page's button or a mail client's one-click): stop emails."""
    user = notices.user_for_unsubscribe(token)
    if user is None:  # a mangled or forged link: nothing to act on
        return render_template("forum/unsubscribe.html", user=None), 400
    if request.method == "POST":
        notices.set_email_mode(user, "off")
        db.session.commit()
        return render_template("forum/unsubscribe.html", user=user, done=True)
    return render_template("forum/unsubscribe.html", user=user, done=False)
