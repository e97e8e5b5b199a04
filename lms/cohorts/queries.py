"""Reads for the cohort pages, each a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from lms.access import active_enrolments, can_see_cohort, trained_cohorts
from lms.extensions import db
from lms.models import (
    Attendance,
    Cohort,
    Enrolment,
    Invite,
    ItemProgress,
    Rsvp,
    SessionItem,
    TrainingSession,
    User,
    utcnow,
)
from lms.queries.attendance import attendance_by_learner


def _cohort_options():
    return (joinedload(Cohort.course), selectinload(Cohort.trainers),
            selectinload(Cohort.sessions).selectinload(TrainingSession.items)
            .joinedload(SessionItem.item))


def visible_cohort_or_404(cohort_id: int) -> Cohort:
    """A cohort the current user belongs to, trains or administers; 404 for anyone else."""
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.id == cohort_id)
                               .options(*_cohort_options()))
    if cohort is None or not can_see_cohort(current_user, cohort):
        abort(404)
    return cohort


def managed_cohort_or_404(user: User, cohort_id: int) -> Cohort:
    """A cohort the user trains (admins: any), in one query; 404 for everyone else, so
    another trainer cannot even learn which cohort ids exist."""
    stmt = sa.select(Cohort).where(Cohort.id == cohort_id).options(joinedload(Cohort.course))
    if not user.is_admin:
        stmt = stmt.where(Cohort.id.in_(trained_cohorts(user.id)))
    return db.session.scalar(stmt) or abort(404)


def managed_session_or_404(session_id: int) -> TrainingSession:
    """A session of a cohort the current user trains."""
    session = db.session.get(TrainingSession, session_id)
    if session is None:
        abort(404)
    managed_cohort_or_404(current_user, session.cohort_id)
    return session


@dataclass
class Checklist:
    """Items to study around a session, with the learner's done marks."""

    entries: list = field(default_factory=list)  # (item, done)

    @property
    def done(self) -> int:
        """How many entries are done."""
        return sum(1 for _item, done in self.entries if done)

    @property
    def percent(self) -> int:
        """Done share in whole percent."""
        return round(100 * self.done / len(self.entries)) if self.entries else 0


@dataclass
class SessionView:
    """A session as one learner sees it."""

    session: TrainingSession
    pre: Checklist
    post: Checklist
    rsvp: str | None
    past: bool
    ongoing: bool


@dataclass
class CohortView:
    """A cohort on the learner's pages: its sessions, the next one and the last one held."""

    cohort: Cohort
    sessions: list[SessionView]
    attended_ids: frozenset[int] = frozenset()  # sessions the learner was marked present at
    joined_at: datetime | None = None  # None for someone who is not a learner of it

    @property
    def attended(self) -> int:
        """How many of the cohort's sessions the learner attended."""
        return len(self.attended_ids)

    @property
    def next(self) -> SessionView | None:
        """The session running now or coming next."""
        return next((s for s in self.sessions if not s.past), None)

    @property
    def last_held(self) -> SessionView | None:
        """The most recent session that has ended."""
        return next((s for s in reversed(self.sessions) if s.past), None)

    @property
    def held(self) -> int:
        """Sessions that have ended and count for this learner (lms.queries.attendance)."""
        return sum(1 for s in self.sessions if s.past and (
            self.joined_at is None or s.session.id in self.attended_ids
            or s.session.starts_at >= self.joined_at))


def _session_views(user: User, cohorts: list[Cohort], now: datetime) -> dict[int, list]:
    """Per cohort, its sessions with checklists and the user's RSVP (two queries)."""
    sessions = [s for c in cohorts for s in c.sessions]
    item_ids = {si.item_id for s in sessions for si in s.items}
    done = set(db.session.scalars(sa.select(ItemProgress.item_id).where(
        ItemProgress.user_id == user.id, ItemProgress.item_id.in_(item_ids),
        ItemProgress.completed_at.is_not(None)))) if item_ids else set()
    answers = dict(db.session.execute(sa.select(Rsvp.session_id, Rsvp.answer).where(
        Rsvp.user_id == user.id, Rsvp.session_id.in_([s.id for s in sessions]))).all()) \
        if sessions else {}
    views: dict[int, list] = {}
    for s in sessions:
        lists = {phase: Checklist([(si.item, si.item_id in done) for si in s.items
                                   if si.phase == phase and si.item.is_live])
                 for phase in ("pre", "post")}
        views.setdefault(s.cohort_id, []).append(SessionView(
            s, lists["pre"], lists["post"], answers.get(s.id), past=s.ends_at <= now,
            ongoing=s.starts_at <= now < s.ends_at))
    return views


def learner_cohorts(user: User, cohorts: list[Cohort] | None = None) -> list[CohortView]:
    """The user's current cohorts (or the given, fully loaded ones), newest first."""
    if cohorts is None:
        cohorts = list(db.session.scalars(
            sa.select(Cohort).where(Cohort.id.in_(active_enrolments(user.id)))
            .options(*_cohort_options())
            .order_by(Cohort.starts_on.desc().nulls_last(), Cohort.id.desc())).unique())
    now = utcnow()
    views = _session_views(user, cohorts, now)
    ids = [c.id for c in cohorts]
    attended: dict[int, set[int]] = {}
    joined: dict[int, datetime] = {}
    if cohorts:
        for cohort_id, session_id in db.session.execute(
                sa.select(TrainingSession.cohort_id, TrainingSession.id)
                .join(Attendance, Attendance.session_id == TrainingSession.id)
                .where(Attendance.user_id == user.id, Attendance.present.is_(True),
                       TrainingSession.cohort_id.in_(ids))):
            attended.setdefault(cohort_id, set()).add(session_id)
        joined = dict(db.session.execute(sa.select(Enrolment.cohort_id, Enrolment.joined_at).where(
            Enrolment.user_id == user.id, Enrolment.cohort_id.in_(ids))).all())
    return [CohortView(c, views.get(c.id, []), frozenset(attended.get(c.id, ())),
                       joined.get(c.id)) for c in cohorts]


def trained_cohort_list(user: User) -> list[tuple[Cohort, int]]:
    """Cohorts the user trains (admins: all) with their learner counts, newest first."""
    learners = (sa.select(sa.func.count()).where(Enrolment.cohort_id == Cohort.id,
                                                 Enrolment.is_active)
                .correlate(Cohort).scalar_subquery())
    stmt = (sa.select(Cohort, learners).options(joinedload(Cohort.course),
                                                selectinload(Cohort.trainers))
            .order_by(Cohort.starts_on.desc().nulls_last(), Cohort.id.desc()))
    if not user.is_admin:
        stmt = stmt.where(Cohort.id.in_(trained_cohorts(user.id)))
    return [(cohort, count) for cohort, count in db.session.execute(stmt).unique()]


@dataclass
class CohortOverview:
    """What a trainer sees of one cohort."""

    learners: list  # (enrolment, user, sessions attended, sessions that count for them)
    sessions: list  # (session, yes, maybe, no)
    invites: list[Invite]
    held: int


def cohort_overview(cohort: Cohort) -> CohortOverview:
    """Learners, sessions with RSVP totals, and invites of a cohort (four queries)."""
    learners = db.session.execute(
        sa.select(Enrolment, User).join(User, User.id == Enrolment.user_id)
        .where(Enrolment.cohort_id == cohort.id, Enrolment.is_active)
        .order_by(User.name, User.id)).all()
    attendance = attendance_by_learner(cohort.id)

    def answered(value):
        return sa.func.count(Rsvp.id).filter(Rsvp.answer == value)

    sessions = db.session.execute(
        sa.select(TrainingSession, answered("yes"), answered("maybe"), answered("no"))
        .outerjoin(Rsvp, Rsvp.session_id == TrainingSession.id)
        .where(TrainingSession.cohort_id == cohort.id)
        .group_by(TrainingSession.id).order_by(TrainingSession.starts_at)).all()
    invites = list(db.session.scalars(sa.select(Invite).where(Invite.cohort_id == cohort.id)
                                      .order_by(Invite.created_at.desc(), Invite.id.desc())))
    now = utcnow()
    return CohortOverview(
        learners=[(e, u, *attendance.get(u.id, (0, 0))) for e, u in learners],
        sessions=[tuple(row) for row in sessions], invites=invites,
        held=sum(1 for row in sessions if row[0].starts_at <= now))


def session_roster(session: TrainingSession) -> list[tuple[User, str | None, bool | None]]:
    """Current learners of the session's cohort with their RSVP and attendance (one query)."""
    rows = db.session.execute(
        sa.select(User, Rsvp.answer, Attendance.present)
        .join(Enrolment, Enrolment.user_id == User.id)
        .outerjoin(Rsvp, sa.and_(Rsvp.session_id == session.id, Rsvp.user_id == User.id))
        .outerjoin(Attendance, sa.and_(Attendance.session_id == session.id,
                                       Attendance.user_id == User.id))
        .where(Enrolment.cohort_id == session.cohort_id, Enrolment.is_active)
        .order_by(User.name, User.id))
    return [(user, answer, present) for user, answer, present in rows]
