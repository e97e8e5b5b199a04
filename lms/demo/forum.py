"""Demo discussions: a trainer's case with replies from several cohorts, and a cohort thread."""

import sqlalchemy as sa

from lms.demo.cohorts import COURSE_SLUG, current_cohort
from lms.demo.people import DEMO_LEARNER, DEMO_TRAINER
from lms.extensions import db
from lms.models import Course, Item, Module, Thread, User
from lms.services import forum

CASE_SITUATION = """\
A food-tech cluster in a mid-sized Danish region (80 member firms, three staff) has
lived on a regional start-up grant for four years. The grant ends in 14 months.
Membership fees cover 22% of the budget today; the board wants a plan by spring.

*This case is a composite: no real organisation is described.*"""

CASE_QUESTIONS = """\
1. Which of the cluster's services would members pay more for, and how would you find out?
2. What revenue mix would you aim for in three years? Show the numbers.
3. What would you tell the board first?"""

REPLIES = [
    ("sofia@example.org", "In Pomerania we ran a short survey first: members named matchmaking "
                          "and export missions as the services they would pay for. We raised "
                          "fees for large firms only and kept SMEs where they were."),
    ("jens@example.org", "Our board asked for a **break-even** per service before any price "
                         "change. It made the discussion about facts instead of feelings."),
    ("elena@example.org", "Careful with EU projects as the replacement: they pay for the "
                          "project, not for the core team. We learned that the hard way."),
    ("anna.trainer@example.org", "Good points, all three. In the next session we will compute "
                                 "the break-even together: bring your own cost figures."),
]


def seed_forum(people: dict[str, User]) -> None:
    """Create the demo case and threads once (when the course space has no thread yet)."""
    course = db.session.scalar(sa.select(Course).where(Course.slug == COURSE_SLUG))
    anna = people.get(DEMO_TRAINER)
    if course is None or anna is None:
        return
    space = forum.course_space(course)
    if db.session.scalar(sa.select(Thread.id).where(Thread.space_id == space.id).limit(1)):
        return
    module = db.session.scalar(sa.select(Module).where(Module.course_id == course.id,
                                                       Module.slug == "economics"))
    case = forum.start_case(anna, space, title="When the start-up grant runs out",
                            situation=CASE_SITUATION, questions=CASE_QUESTIONS,
                            module_id=module.id if module else None)
    for email, body in REPLIES:
        if email in people:
            forum.reply(people[email], case, body)
    cohort = current_cohort()
    if cohort is not None and DEMO_LEARNER in people:
        private = forum.cohort_space(cohort)
        thread = forum.start_thread(people[DEMO_LEARNER], private,
                                    "Travel to Copenhagen for Day 1",
                                    "Is anyone arriving the evening before? We could meet "
                                    "for dinner and compare our cluster maps.")
        forum.reply(anna, thread, "Good idea, Sofia. The venue is 10 minutes from the station.")
    lesson = db.session.scalar(sa.select(Item).where(
        Item.course_id == course.id, Item.slug == "mapping-measuring-concentration"))
    if lesson is not None and "jens@example.org" in people:
        forum.reply_on_item(people["jens@example.org"], lesson,
                            "Our LQ for cleantech came out at 1.9, but the absolute numbers are "
                            "small. Size and specialisation really are different questions.")
