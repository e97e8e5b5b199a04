"""Learners at risk: a few selective rules, each flag with the reason a trainer can act on.

The rules (docs/progress.md): no activity of any kind for N days since joining; pre-work
not done when the session starts within AT_RISK_PREWORK_HOURS; a quiz failed twice and not
passed since. A learner who has finished the course is never flagged as inactive.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Cohort, Enrolment, Item, QuizAttempt, utcnow


@dataclass(frozen=True)
class RiskFlag:
    """Why one learner is flagged."""

    kind: str  # inactive | prework | quiz
    reason: str


def inactive_flags(activity: dict, joined: dict[int, datetime | None], total_items: int,
                   days: int, now: datetime | None = None) -> dict[int, RiskFlag]:
    """Learners not finished with no activity for ``days``, counted from when they joined."""
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    flags = {}
    for a in activity.values():
        if a.completed >= total_items:
            continue
        since = max(filter(None, (a.last_active, joined.get(a.user_id))), default=None)
        if since is not None and since < cutoff:
            idle = (now - since).days
            what = "No activity" if a.last_active else "Nothing opened since joining"
            flags[a.user_id] = RiskFlag("inactive", f"{what} for {idle} days")
    return flags


def prework_flags(activity: dict, upcoming) -> dict[int, RiskFlag]:
    """Learners with pre-work left for the session about to start."""
    if upcoming is None or not upcoming.prework_ids:
        return {}
    total = len(upcoming.prework_ids)
    return {a.user_id: RiskFlag("prework", f"Pre-work for {upcoming.session.title}: "
                                           f"{a.prework_done} of {total} done")
            for a in activity.values() if a.prework_done < total}


def quiz_flags(cohort: Cohort) -> dict[int, RiskFlag]:
    """Active learners who failed a quiz of the course twice or more and have not passed it
    (one query)."""
    rows = db.session.execute(_failed_quizzes(),
                              {"cohort_id": cohort.id, "course_id": cohort.course_id})
    flags: dict[int, RiskFlag] = {}
    for user_id, title, times in rows:
        flags.setdefault(user_id, RiskFlag("quiz", f"Failed {title} {times} times"))
    return flags


@cache
def _failed_quizzes() -> sa.Select:
    """The statement of `quiz_flags`, built once per process (the grid runs it on every
    view)."""
    failed = sa.func.count().filter(QuizAttempt.passed.is_(False))
    passed = sa.func.count().filter(QuizAttempt.passed.is_(True))
    return (
        sa.select(QuizAttempt.user_id, Item.title, failed)
        .join(Item, Item.id == QuizAttempt.item_id)
        .join(Enrolment, sa.and_(
            Enrolment.user_id == QuizAttempt.user_id,
            Enrolment.cohort_id == sa.bindparam("cohort_id", type_=sa.Integer),
            Enrolment.is_active))
        .where(Item.course_id == sa.bindparam("course_id", type_=sa.Integer),
               QuizAttempt.submitted_at.is_not(None))
        .group_by(QuizAttempt.user_id, Item.id, Item.title)
        .having(sa.and_(failed >= 2, passed == 0))
        .order_by(QuizAttempt.user_id, Item.title))


def merge(*groups: dict[int, RiskFlag]) -> dict[int, list[RiskFlag]]:
    """Learner id to all their flags."""
    merged: dict[int, list[RiskFlag]] = {}
    for group in groups:
        for user_id, flag in group.items():
            merged.setdefault(user_id, []).append(flag)
    return merged
