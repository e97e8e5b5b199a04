"""Demo cohorts: the trainings of the announcement, plus one running in the coming weeks."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from lms.demo.people import DEMO_LEARNER, DEMO_TRAINER
from lms.extensions import db
from lms.models import Cohort, Course, Enrolment, Invite, Item, User, utcnow
from lms.services import cohorts, enrolment
from lms.services.progress import mark_completed

COURSE_SLUG = "cluster-management"
TRAINER_EMAILS = (DEMO_TRAINER, "marco.trainer@example.org")
CURRENT_COHORT = "Cluster Management Course · {year} edition"  # the one running now


@dataclass
class DemoSession:
    """One session: title, local day and hours, city, venue, time zone."""

    title: str
    day: date
    hours: tuple[int, int]
    city: str
    venue: str
    timezone: str = "Europe/Copenhagen"


@dataclass
class DemoCohort:
    """One cohort with its sessions, learners (emails) and trainers (emails)."""

    name: str
    description: str
    sessions: list[DemoSession]
    learners: tuple[str, ...]
    trainers: tuple[str, ...]


def _announcement() -> list[DemoCohort]:
    """The trainings of the announcement (COSME cluster consortia and the 2017 course)."""
    cph, palma, athens = "Copenhagen", "Palma de Mallorca", "Athens"
    venue = "Cluster Academy training centre"
    return [
        DemoCohort(
            "CECIL · Copenhagen, two weeks",
            "Two-week training for the cluster managers of the CECIL consortium (COSME).",
            [DemoSession(title, date(2017, 9, 4) + timedelta(days=offset), (9, 17), cph, venue)
             for title, offset in (("Opening: cluster mapping", 0),
                                   ("Business model diagnosis", 3),
                                   ("Cluster economics and funding", 7),
                                   ("Strategy, stakeholders and closing", 11))],
            ("lukas@example.org", "jens@example.org"), TRAINER_EMAILS),
        DemoCohort(
            "INNO-DROP · one-day training",
            "A one-day training for the INNO-DROP consortium (COSME).",
            [DemoSession("One-day training", date(2017, 6, 20), (9, 17), cph, venue)],
            ("ines@example.org",), (TRAINER_EMAILS[1],)),
        DemoCohort(
            "ECRI · Mallorca and Athens",
            "The ECRI consortium (COSME) meets in Mallorca; the next session is in Athens.",
            [DemoSession("Session 1: mapping and business models", date(2017, 5, 16), (9, 17),
                         palma, "Palma conference centre", "Europe/Madrid"),
             DemoSession("Session 2: strategy and membership", date(2017, 9, 19), (9, 17),
                         athens, "Athens innovation hub", "Europe/Athens")],
            ("elena@example.org", "pau@example.org"), (TRAINER_EMAILS[1],)),
        DemoCohort(
            "International Cluster Course · Copenhagen 2017",
            "The open international course for cluster managers, 26–27 October 2017.",
            [DemoSession("Day 1: mapping, business models, economics", date(2017, 10, 26),
                         (9, 17), cph, venue),
             DemoSession("Day 2: strategy and stakeholders", date(2017, 10, 27), (9, 16),
                         cph, venue)],
            ("sofia@example.org", "jens@example.org"), (TRAINER_EMAILS[0],)),
    ]


def _upcoming(today: date) -> DemoCohort:
    """A cohort whose sessions lie around today, so pre-work and post-work are real."""
    def monday(weeks: int) -> date:
        return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)

    return DemoCohort(
        CURRENT_COHORT.format(year=today.year),
        "Online kick-off, then three in-person days in Copenhagen, two weeks apart.",
        [DemoSession("Kick-off (online)", monday(-1) + timedelta(days=1), (14, 16), "Online",
                     "Video call"),
         DemoSession("Day 1: mapping and business models", monday(1) + timedelta(days=2),
                     (9, 17), "Copenhagen", "Cluster Academy training centre"),
         DemoSession("Day 2: economics and strategy", monday(3) + timedelta(days=2), (9, 17),
                     "Copenhagen", "Cluster Academy training centre"),
         DemoSession("Day 3: stakeholders and membership", monday(5) + timedelta(days=2),
                     (9, 16), "Copenhagen", "Cluster Academy training centre")],
        (DEMO_LEARNER, "elena@example.org", "ines@example.org"), TRAINER_EMAILS)


def demo_course() -> Course | None:
    """The course the demo cohorts belong to: cluster-management, else any live course."""
    live = sa.select(Course).where(Course.is_live)
    return db.session.scalar(live.where(Course.slug == COURSE_SLUG)) or \
        db.session.scalar(live.order_by(Course.id))


def current_cohort() -> Cohort | None:
    """The demo cohort running now (this year's edition), if it was seeded."""
    name = CURRENT_COHORT.format(year=utcnow().year)
    return db.session.scalar(sa.select(Cohort).where(Cohort.name == name))


def _plan(items: list[Item], index: int, count: int) -> tuple[list[int], list[int]]:
    """A slice of the course per session: read theory and take quizzes before it, work
    through the cases, reflections and tools (practice) after it."""
    if not items:
        return [], []
    size = max(1, len(items) // max(1, count))
    chunk = items[index * size:(index + 1) * size] or items[-size:]
    pre = [i.id for i in chunk if not i.kind_info.practice]
    post = [i.id for i in chunk if i.kind_info.practice]
    return pre, post


def _create(spec: DemoCohort, course: Course, people: dict[str, User]) -> Cohort:
    trainers = [people[e] for e in spec.trainers if e in people]
    cohort = cohorts.create_cohort(
        trainers[0], course=course, name=spec.name, description=spec.description,
        starts_on=spec.sessions[0].day, ends_on=spec.sessions[-1].day)
    cohort.trainers = trainers
    items = cohorts.live_items(course.id)
    for index, demo in enumerate(spec.sessions):
        session = cohorts.create_session(
            cohort, title=demo.title, city=demo.city, venue=demo.venue, timezone=demo.timezone,
            starts_local=datetime.combine(demo.day, time(demo.hours[0])),
            ends_local=datetime.combine(demo.day, time(demo.hours[1])),
            agenda=f"- Welcome and questions from the pre-work\n- {demo.title}\n"
                   "- Group work on your own cluster\n- Wrap-up and next steps")
        cohorts.set_study_plan(session, *_plan(items, index, len(spec.sessions)))
    joined = min(cohort.sessions, key=lambda s: s.starts_at).starts_at - timedelta(days=14)
    for email in spec.learners:
        if email in people:  # they joined before the first session, as the real ones did
            db.session.add(Enrolment(cohort_id=cohort.id, user_id=people[email].id,
                                     joined_at=min(joined, utcnow())))
    enrolment.create_invite(cohort, trainers[0], kind="key", note="Demo key")
    db.session.flush()
    for session in cohort.sessions:
        if session.starts_at <= utcnow():
            cohorts.mark_attendance(session, trainers[0],
                                    [people[e].id for e in spec.learners[:1] if e in people])
    return cohort


def seed_cohorts(people: dict[str, User]) -> None:
    """Create the demo cohorts that do not exist yet (by name); needs a synced course."""
    course = demo_course()
    if course is None or not all(e in people for e in TRAINER_EMAILS):
        return
    specs = [*_announcement(), _upcoming(utcnow().date())]
    existing = set(db.session.scalars(sa.select(Cohort.name).where(
        Cohort.course_id == course.id, Cohort.name.in_([s.name for s in specs]))))
    for spec in specs:
        if spec.name not in existing:
            cohort = _create(spec, course, people)
            if spec is specs[-1]:  # give Sofia some progress on the first pre-work
                first = next((s for s in cohort.sessions if s.starts_at > utcnow()), None)
                for entry in (first.items if first else [])[:2]:
                    if entry.phase == "pre":
                        mark_completed(people[DEMO_LEARNER], entry.item, by="done")


def describe() -> list[str]:
    """Lines for the console: each demo cohort with its enrolment keys and learners."""
    course = demo_course()
    if course is None:
        return ["No course in the database: run `flask courses sync`, then seed again "
                "to get demo cohorts."]
    lines = [f"Demo cohorts of “{course.title}” (learners join with the key):"]
    rows = db.session.scalars(sa.select(Cohort).where(Cohort.course_id == course.id)
                              .order_by(Cohort.starts_on))
    for cohort in rows:
        keys = db.session.scalars(sa.select(Invite).where(
            Invite.cohort_id == cohort.id, Invite.kind == "key", Invite.revoked_at.is_(None)))
        names = db.session.scalars(
            sa.select(User.name).join(Enrolment, Enrolment.user_id == User.id)
            .where(Enrolment.cohort_id == cohort.id, Enrolment.is_active))
        lines.append(f"  {cohort.name}: key {', '.join(k.display_code for k in keys) or '—'}"
                     f" · learners: {', '.join(names) or '—'}")
    return lines
