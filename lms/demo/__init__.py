"""Demo data: the accounts and trainings a newcomer sees after `make run`."""

import sqlalchemy as sa
from flask import current_app

from lms.demo.cohorts import seed_cohorts
from lms.demo.forum import seed_forum
from lms.demo.progress import seed_progress
from lms.demo.story import seed_story
from lms.demo.workbook import seed_workbook
from lms.extensions import db
from lms.models import User
from lms.services import accounts

DEMO_PASSWORD = "demo-password"  # noqa: S105 # nosec B105

DEMO_USERS = [
    ("admin@example.org", "Alex Admin", "admin", "LMS team", "Denmark"),
    ("anna.trainer@example.org", "Anna Lindqvist", "trainer", "Cluster Academy", "Denmark"),
    ("marco.trainer@example.org", "Marco Ferri", "trainer", "Cluster Academy", "Italy"),
    ("sofia@example.org", "Sofia Kowalska", "learner", "Food-Tech Cluster Pomerania", "Poland"),
    ("jens@example.org", "Jens Madsen", "learner", "CleanTech Cluster Zealand", "Denmark"),
    ("elena@example.org", "Elena Papadopoulou", "learner", "Attica Digital Cluster", "Greece"),
    ("pau@example.org", "Pau Serra", "learner", "Balearic Tourism Innovation", "Spain"),
    ("ines@example.org", "Inês Carvalho", "learner", "Porto Textile Cluster", "Portugal"),
    ("lukas@example.org", "Lukas Weber", "learner", "Bavarian Mobility Network", "Germany"),
]


def seed() -> list[User]:
    """Create what is missing of the demo data (accounts, cohorts) and return the accounts."""
    users = []
    for email, name, role, organisation, country in DEMO_USERS:
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = accounts.register_user(email=email, name=name, password=DEMO_PASSWORD,
                                          organisation=organisation, country=country, role=role)
        users.append(user)
    seed_cohorts(users)
    seed_progress(DEMO_PASSWORD)
    seed_forum({u.email: u for u in users})
    for line in seed_workbook({u.email: u for u in users}):
        current_app.logger.info(line)
    for line in seed_story({u.email: u for u in users}):
        current_app.logger.info(line)
    return users
