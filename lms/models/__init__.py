"""All models, imported here so Alembic and the app see the whole schema."""

from lms.models.certificate import Certificate
from lms.models.cohort import Cohort, Enrolment, cohort_trainer
from lms.models.course import ITEM_KINDS, Course, CoursePage, Item, Module
from lms.models.progress import ItemProgress
from lms.models.user import ROLES, User, utcnow

__all__ = [
    "ITEM_KINDS", "ROLES", "Certificate", "Cohort", "Course", "CoursePage", "Enrolment", "Item",
    "ItemProgress", "Module", "User", "cohort_trainer", "utcnow",
]
