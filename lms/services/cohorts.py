"""Cohorts and their in-person sessions: create and edit, pre- and post-work, RSVP, attendance."""

import uuid
from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from lms.content.rendering import render_markdown
from lms.extensions import db
from lms.models import (
    RSVP_ANSWERS,
    Attendance,
    Cohort,
    Course,
    Enrolment,
    Item,
    Rsvp,
    SessionItem,
    TrainingSession,
    User,
    utcnow,
)
from lms.services.errors import Conflict, DomainError, Forbidden
from lms.timezones import NonexistentTime, is_timezone, local_to_utc
from lms.xapi import statements as xapi


def _check_cohort_fields(name: str, starts_on: date | None, ends_on: date | None,
                         capacity: int | None) -> None:
    if not name.strip():
        raise DomainError("Give the cohort a name.")
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError("The last day cannot be before the first day.")
    if capacity is not None and capacity < 1:
        raise DomainError("The capacity must be at least 1, or left empty for no limit.")


def _check_trainers(trainers: Iterable[User]) -> list[User]:
    trainers = list(trainers)
    for user in trainers:
        if not user.is_trainer:
            raise DomainError(f"{user.name} is not a trainer.")
    return trainers


def create_cohort(creator: User, *, course: Course, name: str, description: str = "",
                  starts_on: date | None = None, ends_on: date | None = None,
                  capacity: int | None = None, trainers: Iterable[User] | None = None) -> Cohort:
    """A new cohort; a trainer who creates it trains it, an admin picks the trainers."""
    if not creator.is_trainer:
        raise Forbidden("Only trainers and administrators create cohorts.")
    _check_cohort_fields(name, starts_on, ends_on, capacity)
    if not course.is_live:
        raise DomainError("That course is archived.")
    cohort = Cohort(course_id=course.id, name=name.strip(), description=description.strip(),
                    starts_on=starts_on, ends_on=ends_on, capacity=capacity)
    if creator.is_admin and trainers is not None:
        cohort.trainers = _check_trainers(trainers)
    else:
        cohort.trainers = [creator]
    db.session.add(cohort)
    db.session.flush()
    return cohort


def update_cohort(actor: User, cohort: Cohort, *, name: str, description: str,
                  starts_on: date | None, ends_on: date | None, capacity: int | None,
                  trainers: Iterable[User] | None = None) -> None:
    """Edit a cohort; only administrators change its trainers."""
    _check_cohort_fields(name, starts_on, ends_on, capacity)
    cohort.name, cohort.description = name.strip(), description.strip()
    cohort.starts_on, cohort.ends_on, cohort.capacity = starts_on, ends_on, capacity
    if trainers is not None:
        if not actor.is_admin:
            raise Forbidden("Only administrators assign trainers.")
        cohort.trainers = _check_trainers(trainers)


def _session_times(starts_local: datetime, ends_local: datetime,
                   timezone: str) -> tuple[datetime, datetime]:
    if not is_timezone(timezone):
        raise DomainError("Choose a time zone from the list.")
    try:
        starts_at, ends_at = local_to_utc(starts_local, timezone), local_to_utc(ends_local,
                                                                                 timezone)
    except NonexistentTime as error:
        raise DomainError(str(error)) from None
    if ends_at <= starts_at:
        raise DomainError("The session must end after it starts.")
    return starts_at, ends_at


def create_session(cohort: Cohort, *, title: str, starts_local: datetime,
                   ends_local: datetime, timezone: str, city: str = "", venue: str = "",
                   agenda: str = "") -> TrainingSession:
    """Schedule a session; times are wall-clock times in the session's time zone."""
    starts_at, ends_at = _session_times(starts_local, ends_local, timezone)
    session = TrainingSession(
        cohort_id=cohort.id, uid=f"{uuid.uuid4()}@clusterlearn", title=title.strip(),
        city=city.strip(), venue=venue.strip(), starts_at=starts_at, ends_at=ends_at,
        timezone=timezone, agenda=agenda, agenda_html=str(render_markdown(agenda)))
    db.session.add(session)
    db.session.flush()
    return session


def update_session(session: TrainingSession, *, title: str, starts_local: datetime,
                   ends_local: datetime, timezone: str, city: str = "", venue: str = "",
                   agenda: str = "") -> None:
    """Edit a session; calendars see the change through a higher SEQUENCE."""
    session.starts_at, session.ends_at = _session_times(starts_local, ends_local, timezone)
    session.title, session.city, session.venue = title.strip(), city.strip(), venue.strip()
    session.timezone = timezone
    session.agenda, session.agenda_html = agenda, str(render_markdown(agenda))
    session.sequence += 1
    session.updated_at = utcnow()


def delete_session(session: TrainingSession) -> None:
    """Cancel a session: its study plan, answers and attendance go with it."""
    db.session.delete(session)


def live_items(course_id: int) -> list[Item]:
    """The course's items for learners in course order (for choosing pre- and post-work)."""
    return list(db.session.scalars(
        sa.select(Item).where(Item.course_id == course_id, Item.for_learners())
        .options(joinedload(Item.module)).order_by(Item.position)))


def set_study_plan(session: TrainingSession, pre_ids: Iterable[int],
                   post_ids: Iterable[int]) -> None:
    """Replace the items to study before and after the session (live items of the course)."""
    items = {item.id: item for item in live_items(session.cohort.course_id)}
    chosen = {"pre": set(pre_ids), "post": set(post_ids)}
    unknown = (chosen["pre"] | chosen["post"]) - items.keys()
    if unknown:
        raise DomainError("Choose items of this cohort's course only.")
    session.items.clear()
    db.session.flush()
    for phase, ids in chosen.items():
        ordered = sorted(ids, key=lambda item_id: items[item_id].position)
        for position, item_id in enumerate(ordered):
            session.items.append(SessionItem(item_id=item_id, phase=phase, position=position))
    db.session.flush()


def _is_active_member(user: User, cohort_id: int) -> bool:
    return db.session.scalar(sa.select(sa.literal(True)).where(
        Enrolment.cohort_id == cohort_id, Enrolment.user_id == user.id,
        Enrolment.is_active)) is not None


def answer_rsvp(session: TrainingSession, user: User, answer: str) -> Rsvp:
    """Record whether a learner will come; they can change their mind until the session ends."""
    if answer not in RSVP_ANSWERS:
        raise DomainError("Answer yes, maybe or no.")
    if not _is_active_member(user, session.cohort_id):
        raise Forbidden("Only learners of this cohort answer for its sessions.")
    if session.ends_at <= utcnow():
        raise Conflict("This session has already taken place.")
    rsvp = db.session.scalar(sa.select(Rsvp).where(Rsvp.session_id == session.id,
                                                   Rsvp.user_id == user.id))
    if rsvp is None:
        rsvp = Rsvp(session_id=session.id, user_id=user.id, answer=answer)
        db.session.add(rsvp)
    rsvp.answer, rsvp.answered_at = answer, utcnow()
    db.session.flush()
    return rsvp


def active_learners(cohort_id: int) -> list[User]:
    """The cohort's current learners by name."""
    return list(db.session.scalars(
        sa.select(User).join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort_id, Enrolment.is_active)
        .order_by(User.name, User.id)))


def mark_attendance(session: TrainingSession, by: User, present_ids: Iterable[int]) -> int:
    """Set who was there (every current learner is marked present or absent); returns present."""
    if session.starts_at > utcnow():
        raise Conflict("Attendance can be taken once the session has started.")
    learners = {user.id for user in active_learners(session.cohort_id)}
    present = set(present_ids)
    if present - learners:
        raise DomainError("Mark only learners of this cohort.")
    rows = {row.user_id: row for row in db.session.scalars(
        sa.select(Attendance).where(Attendance.session_id == session.id))}
    xapi.attended(session, [uid for uid in present if not getattr(rows.get(uid), "present", 0)])
    now = utcnow()
    for user_id in learners:
        row = rows.get(user_id)
        if row is None:
            row = Attendance(session_id=session.id, user_id=user_id)
            db.session.add(row)
        row.present, row.marked_by_id, row.marked_at = user_id in present, by.id, now
    db.session.flush()
    return len(present)


def attended_sessions_query(user_id: int, cohort_id: int) -> sa.Select:
    """SELECT of the sessions of a cohort the learner was marked present at, oldest first."""
    return (sa.select(TrainingSession)
            .join(Attendance, Attendance.session_id == TrainingSession.id)
            .where(TrainingSession.cohort_id == cohort_id, Attendance.user_id == user_id,
                   Attendance.present.is_(True))
            .order_by(TrainingSession.starts_at))


def attended_sessions(user: User, cohort: Cohort) -> list[TrainingSession]:
    """The sessions of the cohort the learner attended (for Course.attendance_counts)."""
    return list(db.session.scalars(attended_sessions_query(user.id, cohort.id)))


def held_sessions_count(cohort_id: int) -> int:
    """How many of the cohort's sessions have started by now."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(TrainingSession).where(
        TrainingSession.cohort_id == cohort_id, TrainingSession.starts_at <= utcnow())) or 0
