"""Attendance as part of course completion, for courses whose package says it counts.

One rule everywhere: a session counts for a learner once it has started, if it started
after they joined the cohort or they were marked present at it. A session held before
someone joined is not one they missed.
"""

from datetime import datetime

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Attendance, Cohort, Course, Enrolment, TrainingSession, utcnow


def attendance_by_course(user_id: int, courses: list[Course]) -> dict[int, tuple[int, int]]:
    """Course id to (sessions attended, sessions held) in the learner's current cohorts, for
    the courses that count attendance (one query)."""
    ids = [c.id for c in courses if c.attendance_counts]
    if not ids:
        return {}
    rows = db.session.execute(
        attendance_per_course(user_id, utcnow()).where(Cohort.course_id.in_(ids)))
    return {course_id: (attended, held) for course_id, attended, held in rows}


def attendance_per_course(user_id, now) -> sa.Select:
    """SELECT of (course id, sessions attended, sessions held) in the learner's current
    cohorts, one row per course with a session that counts; ``user_id`` and ``now`` may be
    bound parameters, so a page can build it once (lms.learn.dashboard)."""
    present = sa.and_(Attendance.user_id == user_id, Attendance.present.is_(True))
    return (
        sa.select(Cohort.course_id, sa.func.count(Attendance.id).label("attended"),
                  sa.func.count(TrainingSession.id).label("held"))
        .join(Enrolment, sa.and_(Enrolment.cohort_id == Cohort.id, Enrolment.user_id == user_id,
                                 Enrolment.is_active))
        .join(TrainingSession, TrainingSession.cohort_id == Cohort.id)
        .outerjoin(Attendance, sa.and_(Attendance.session_id == TrainingSession.id, present))
        .where(TrainingSession.starts_at <= now,
               sa.or_(TrainingSession.starts_at >= Enrolment.joined_at,
                      Attendance.id.is_not(None)))
        .group_by(Cohort.course_id))


def sessions_missed(user_id: int, course: Course) -> int:
    """Held sessions the learner did not attend, when the course counts attendance."""
    attended, held = attendance_by_course(user_id, [course]).get(course.id, (0, 0))
    return held - attended


def attendance_by_learner(cohort_id: int) -> dict[int, tuple[int, int]]:
    """Learner id to (sessions attended, sessions that count for them) in one query."""
    present = sa.and_(Attendance.user_id == Enrolment.user_id, Attendance.present.is_(True))
    rows = db.session.execute(
        sa.select(Enrolment.user_id, sa.func.count(Attendance.id),
                  sa.func.count(TrainingSession.id))
        .join(TrainingSession, TrainingSession.cohort_id == Enrolment.cohort_id)
        .outerjoin(Attendance, sa.and_(Attendance.session_id == TrainingSession.id, present))
        .where(Enrolment.cohort_id == cohort_id, Enrolment.is_active,
               TrainingSession.starts_at <= utcnow(),
               sa.or_(TrainingSession.starts_at >= Enrolment.joined_at,
                      Attendance.id.is_not(None)))
        .group_by(Enrolment.user_id))
    return {user_id: (attended, held) for user_id, attended, held in rows}


def session_counts(starts_at: datetime, joined_at: datetime, attended: bool,
                   now: datetime) -> bool:
    """The rule above for one session in Python, for pages that already hold the rows."""
    return starts_at <= now and (starts_at >= joined_at or attended)
