"""The cohorts blueprint and its URL map; the views live in learner, manage, training_sessions."""

from flask import Blueprint

from lms.cohorts import display, learner, manage, training_sessions

bp = Blueprint("cohorts", __name__)

for name, function in display.FILTERS.items():
    bp.add_app_template_filter(function, name)

_GET, _POST, _BOTH = ["GET"], ["POST"], ["GET", "POST"]

# Learners: their training, joining, answering, calendars.
bp.add_url_rule("/my-training", view_func=learner.my_training, methods=_GET)
bp.add_url_rule("/my-training/join", view_func=learner.join_with_key, methods=_POST)
bp.add_url_rule("/my-training/calendar-feed", view_func=learner.reset_calendar_feed,
                methods=_POST)
bp.add_url_rule("/join/<token>", view_func=learner.invitation, methods=_BOTH)
bp.add_url_rule("/cohorts/<int:cohort_id>", view_func=learner.cohort, methods=_GET)
bp.add_url_rule("/cohorts/<int:cohort_id>/calendar.ics", view_func=learner.cohort_calendar,
                methods=_GET)
bp.add_url_rule("/sessions/<int:session_id>/rsvp", view_func=learner.rsvp, methods=_POST)
bp.add_url_rule("/calendar/<token>.ics", view_func=learner.calendar_feed, methods=_GET)

# Trainers and admins: cohorts, learners, invites.
bp.add_url_rule("/manage/cohorts", view_func=manage.manage_cohorts, methods=_GET)
bp.add_url_rule("/manage/cohorts/new", view_func=manage.new_cohort, methods=_BOTH)
bp.add_url_rule("/manage/cohorts/<int:cohort_id>", view_func=manage.manage_cohort, methods=_GET)
bp.add_url_rule("/manage/cohorts/<int:cohort_id>/edit", view_func=manage.edit_cohort,
                methods=_BOTH)
bp.add_url_rule("/manage/cohorts/<int:cohort_id>/learners", view_func=manage.add_learner,
                methods=_POST)
bp.add_url_rule("/manage/cohorts/<int:cohort_id>/learners/<int:user_id>/remove",
                view_func=manage.remove_learner, methods=_BOTH)
bp.add_url_rule("/manage/cohorts/<int:cohort_id>/invites", view_func=manage.create_invite,
                methods=_POST)
bp.add_url_rule("/manage/invites/<int:invite_id>/revoke", view_func=manage.revoke_invite,
                methods=_POST)

# Trainers and admins: sessions, their study plans and attendance.
bp.add_url_rule("/manage/cohorts/<int:cohort_id>/sessions/new",
                view_func=training_sessions.new_session, methods=_BOTH)
bp.add_url_rule("/manage/sessions/<int:session_id>",
                view_func=training_sessions.manage_session, methods=_GET)
bp.add_url_rule("/manage/sessions/<int:session_id>/edit",
                view_func=training_sessions.edit_session, methods=_BOTH)
bp.add_url_rule("/manage/sessions/<int:session_id>/delete",
                view_func=training_sessions.delete_session, methods=_POST)
bp.add_url_rule("/manage/sessions/<int:session_id>/study-plan",
                view_func=training_sessions.save_study_plan, methods=_POST)
bp.add_url_rule("/manage/sessions/<int:session_id>/attendance",
                view_func=training_sessions.save_attendance, methods=_POST)
