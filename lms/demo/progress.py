"""Demo progress: a current cohort that looks lived-in, so the dashboards show something real."""

import random
from datetime import timedelta

import sqlalchemy as sa

from lms.demo.cohorts import current_cohort
from lms.extensions import db
from lms.models import Enrolment, ItemProgress, User, utcnow
from lms.services import accounts, cohorts

EXTRA_LEARNERS = [
    ("Maja Nowak", "Silesian Energy Cluster", "Poland"),
    ("Tomás Ruiz", "Andalusian Aerospace Cluster", "Spain"),
    ("Aino Virtanen", "Bioeconomy Cluster North Karelia", "Finland"),
    ("Luca Bianchi", "Emilia Packaging Valley", "Italy"),
    ("Nele Peeters", "Flanders Food Network", "Belgium"),
    ("Jonas Berg", "Øresund Life Science Cluster", "Sweden"),
    ("Ioana Popescu", "Transylvania IT Cluster", "Romania"),
    ("Pieter de Vries", "Brainport Photonics", "Netherlands"),
    ("Katrin Tamm", "Estonian Smart Manufacturing", "Estonia"),
    ("Dimitris Georgiou", "Thessaloniki Agrifood Cluster", "Greece"),
    ("Claire Martin", "Auvergne-Rhône Plastics Cluster", "France"),
    ("Sean Murphy", "Irish MedTech Network", "Ireland"),
]


def seed_progress(password: str) -> None:
    """Add learners with progress spread over the last weeks to the current cohort, once."""
    cohort = current_cohort()
    if cohort is None:
        return
    items = cohorts.live_items(cohort.course_id)
    rng = random.Random(7)  # noqa: S311  # nosec B311
    now = utcnow()
    for index, (name, organisation, country) in enumerate(EXTRA_LEARNERS):
        email = name.lower().replace(" ", ".").replace("á", "a") + "@example.org"
        if db.session.scalar(sa.select(User.id).where(User.email == email)):
            continue
        user = accounts.register_user(email=email, name=name, password=password,
                                      organisation=organisation, country=country)
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=user.id,
                                 joined_at=now - timedelta(days=35)))
        reached = [0, 2, 4, 6, 9, 11, 13, 15, 18, 21, 24, 30][index]
        last_active = now - timedelta(days=rng.choice([0, 1, 2, 3, 5, 20]) if reached else 40)
        for position, item in enumerate(items[: reached + 1]):
            done = position < reached and item.kind_info.marked_done
            when = now - timedelta(days=30) + (last_active - (now - timedelta(days=30))) * (
                (position + 1) / (reached + 1))
            db.session.add(ItemProgress(
                user_id=user.id, item_id=item.id, first_seen_at=when, last_seen_at=when,
                completed_at=when if done else None, completed_by="done" if done else None))
