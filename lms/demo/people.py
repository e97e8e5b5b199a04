"""Demo people: the accounts a newcomer signs in with, and who plays which part in the demo."""

import sqlalchemy as sa

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
DEMO_TRAINER = "anna.trainer@example.org"  # trains the current cohort, starts the case
DEMO_LEARNER = "sofia@example.org"  # in the current cohort, with progress and a workbook


def seed_people() -> dict[str, User]:
    """Create the demo accounts that do not exist yet; every demo account by email."""
    people = {}
    for email, name, role, organisation, country in DEMO_USERS:
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = accounts.register_user(email=email, name=name, password=DEMO_PASSWORD,
                                          organisation=organisation, country=country, role=role)
        people[email] = user
    return people
