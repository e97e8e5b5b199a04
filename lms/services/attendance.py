"""Attendance as part of course completion, for courses whose package says it counts."""

import sqlalchemy as sa

from lms.access import active_enrolments
from lms.extensions import db
from lms.models import Attendance, Cohort, Course, TrainingSession, utcnow


def attendance_by_course(user_id: int, courses: list[Course]) -> dict[int, tuple[int, int]]:
    """Course id to (sessions attended, sessions held) in the learner's current cohorts, for
    the courses that count attendance (one query)."""
    ids = [c.id for c in courses if c.attendance_counts]
    if not ids:
        return {}
    present = sa.and_(Attendance.user_id == user_id, Attendance.present.is_(True))
    rows = db.session.execute(
        sa.select(Cohort.course_id, sa.func.count(Attendance.id), sa.func.count(TrainingSession.id))
        .join(TrainingSession, TrainingSession.cohort_id == Cohort.id)
        .outerjoin(Attendance, sa.and_(Attendance.session_id == TrainingSession.id, present))
        .where(Cohort.course_id.in_(ids), Cohort.id.in_(active_enrolments(user_id)),
               TrainingSession.starts_at <= utcnow())
        .group_by(Cohort.course_id))
    return {course_id: (attended, held) for course_id, attended, held in rows}


def sessions_missed(user_id: int, course: Course) -> int:
    """Held sessions the learner did not attend, when the course counts attendance."""
    attended, held = attendance_by_course(user_id, [course]).get(course.id, (0, 0))
    return held - attended
