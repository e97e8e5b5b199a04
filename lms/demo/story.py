"""Demo story: learners at different points of the course, so every dashboard and report shows
something real after `make run`.

- Jens finished the 2017 international course: every lesson, quiz, reflection and tool, every
  session attended, and his certificate issued.
- In the current cohort, the learners who got past a quiz took it: most passed (some after a
  failed first try), one failed twice (the trainer's "at risk" list says so); those past a
  reflection submitted it (one left a draft); most attended the online kick-off.

Everything goes through the services a learner's clicks call (attempts graded on the server,
reflections submitted, tools run), then the times are moved back to when the demo says it
happened. Seeding twice changes nothing: the story is skipped once its people have taken a
quiz.
"""

from datetime import timedelta

import sqlalchemy as sa

from lms.demo.cohorts import current_cohort, demo_course
from lms.demo.progress import EXTRA_LEARNERS
from lms.demo.workbook import NoDemoWork, save_demo_work
from lms.extensions import db
from lms.models import (
    Attendance,
    Certificate,
    Cohort,
    Course,
    Enrolment,
    Item,
    ItemProgress,
    QuizAttempt,
    TrainingSession,
    User,
    utcnow,
)
from lms.services import certificates, cohorts, progress, quizzes, reflections
from lms.services.errors import DomainError

GRADUATE = "jens@example.org"
GRADUATE_COHORT = "International Cluster Course · Copenhagen 2017"
STRUGGLING = "Ioana Popescu"  # fails a quiz twice: flagged for the trainer

REFLECTION = ("In my cluster this matters most for the board meeting in spring: we need "
              "evidence, not impressions. I will start with the membership data we already "
              "have and ask two members to check the picture with me.")


def take_quiz(user: User, item: Item, right: bool, when) -> QuizAttempt | None:
    """One attempt, graded by the quiz service, dated ``when``; None if it cannot be made."""
    try:
        with db.session.begin_nested():
            attempt = quizzes.start_attempt(user, item)
            db.session.flush()
            values = {}
            for question in quizzes.attempt_questions(attempt, item):
                qtype, spec = question.qtype, question.spec
                # a right or plainly wrong answer, as the type makes one for its own form
                answer = qtype.sample_values(spec, right, quizzes.choice_mask(attempt, question))
                if answer is None:
                    raise DomainError(f"no demo answer for a {question.type_name} question")
                fields = qtype.form_fields(spec, quizzes.field_name(question.slug))
                values.update({fields[0]: answer})
            attempt = quizzes.submit_attempt(user, item, attempt.id, values)
    except DomainError:
        return None
    attempt.started_at, attempt.submitted_at = when - timedelta(minutes=12), when
    return attempt


def _redate(user: User, item: Item, when) -> None:
    db.session.execute(sa.update(ItemProgress).where(
        ItemProgress.user_id == user.id, ItemProgress.item_id == item.id,
        ItemProgress.completed_at.is_not(None)).values(completed_at=when)
        .execution_options(synchronize_session=False))


def _finish(user: User, item: Item, when, lines: list[str]) -> bool:
    """Complete one item as a learner would; False when the demo cannot."""
    kind = item.kind_info
    if kind.marked_done:
        progress.mark_completed(user, item, by="done")
    elif kind.graded:
        if take_quiz(user, item, True, when) is None:
            lines.append(f"demo story: could not take {item.slug} (a question type the demo "
                         "cannot answer, or a prerequisite it could not complete)")
            return False
    elif kind.written:
        reflections.submit_reflection(user, item, REFLECTION).submitted_at = when
    elif kind.uses_tool:
        try:
            save_demo_work(user, item)
        except NoDemoWork as reason:
            lines.append(f"demo story: could not save {item.slug} ({reason})")
            return False
    _redate(user, item, when)
    return True


def _graduate(people: dict[str, User], course: Course, items: list[Item],
              lines: list[str]) -> None:
    """Jens: the whole course done after the 2017 sessions, all attended, a certificate."""
    jens = people.get(GRADUATE)
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.name == GRADUATE_COHORT))
    if jens is None or cohort is None:
        return
    sessions = list(db.session.scalars(
        sa.select(TrainingSession).join(Enrolment, Enrolment.cohort_id == TrainingSession.cohort_id)
        .where(Enrolment.user_id == jens.id, Enrolment.is_active)))
    if not sessions:
        return
    for session in sessions:
        present = set(db.session.scalars(sa.select(Attendance.user_id).where(
            Attendance.session_id == session.id, Attendance.present.is_(True))))
        cohorts.mark_attendance(session, session.cohort.trainers[0], present | {jens.id})
    finished = max(s.ends_at for s in sessions) + timedelta(days=10)
    # lessons and cases first: quizzes, reflections and tools build on them
    ordered = sorted(items, key=lambda i: (not i.kind_info.marked_done, i.position))
    for index, item in enumerate(ordered):
        if not _finish(jens, item, finished - timedelta(days=len(items) - index), lines):
            return
    certificate = certificates.issue_certificate(jens, course)
    certificate.issued_at = finished
    lines.append(f"demo story: {jens.name} holds certificate {certificate.code}")


def _reflect(user: User, item: Item, when, submit: bool) -> None:
    """A submitted reflection, or a draft left for later; nothing if the prompt is locked."""
    try:
        with db.session.begin_nested():
            if submit:
                reflections.submit_reflection(user, item, REFLECTION).submitted_at = when
                _redate(user, item, when)
            else:
                reflections.save_draft(user, item, REFLECTION[:80]).updated_at = when
    except DomainError:
        pass  # the demo never fails on a locked prompt


def _current_cohort(items: list[Item], lines: list[str]) -> None:
    """Quiz attempts, reflections and kick-off attendance for the current cohort's learners."""
    cohort = current_cohort()
    if cohort is None:
        return
    names = [name for name, _, _ in EXTRA_LEARNERS]
    learners = {u.name: u for u in db.session.scalars(sa.select(User).where(User.name.in_(names)))}
    for index, name in enumerate(names):
        user = learners.get(name)
        if user is None:
            continue
        seen = dict(db.session.execute(
            sa.select(ItemProgress.item_id, ItemProgress.last_seen_at)
            .where(ItemProgress.user_id == user.id)).all())
        reached = [item for item in items if item.id in seen]
        for item in reached[:-1]:  # the last one they opened is where they are now
            when = seen[item.id]
            if item.kind_info.graded:
                tries = [False, False] if name == STRUGGLING else \
                    [False, True] if index % 3 == 0 else [True]
                for number, right in enumerate(tries):
                    take_quiz(user, item, right, when + timedelta(hours=number))
                    _redate(user, item, when + timedelta(hours=number))
            elif item.kind_info.written:
                _reflect(user, item, when, submit=index % 4 != 3)
    kickoff = db.session.scalar(
        sa.select(TrainingSession).where(TrainingSession.cohort_id == cohort.id,
                                         TrainingSession.starts_at <= utcnow())
        .order_by(TrainingSession.starts_at))
    if kickoff is not None:
        everyone = [u.id for u in cohorts.active_learners(cohort.id)]
        cohorts.mark_attendance(kickoff, cohort.trainers[0], everyone[:-2])
    lines.append(f"demo story: quiz attempts, reflections and attendance in {cohort.name}")


def _told() -> bool:
    """True once the story's people have taken a quiz (or anyone holds a certificate)."""
    names = [name for name, _, _ in EXTRA_LEARNERS]
    attempt = db.session.scalar(
        sa.select(QuizAttempt.id).join(User, User.id == QuizAttempt.user_id)
        .where(sa.or_(User.email == GRADUATE, User.name.in_(names))).limit(1))
    return attempt is not None or db.session.scalar(sa.select(Certificate.id).limit(1)) is not None


def seed_story(people: dict[str, User]) -> list[str]:
    """Tell the story once; return lines for the console."""
    course = demo_course()
    if course is None or _told():
        return []
    items = cohorts.live_items(course.id)
    lines: list[str] = []
    _current_cohort(items, lines)
    _graduate(people, course, items, lines)
    db.session.flush()
    return lines
