"""Demo data: the accounts and trainings a newcomer sees after `make run` (`flask demo seed`)."""

from flask import current_app

from lms.demo.cohorts import seed_cohorts
from lms.demo.forum import seed_forum
from lms.demo.people import DEMO_PASSWORD, seed_people
from lms.demo.progress import seed_progress
from lms.demo.story import seed_story
from lms.demo.workbook import seed_workbook
from lms.models import User


def seed() -> list[User]:
    """Create what is missing of the demo data (accounts, cohorts) and return the accounts."""
    people = seed_people()
    seed_cohorts(people)
    seed_progress(DEMO_PASSWORD)
    seed_forum(people)
    for line in [*seed_workbook(people), *seed_story(people)]:
        current_app.logger.info(line)
    return list(people.values())

