"""All models, imported here so Alembic and the app see the whole schema."""

from lms.models.cohort import Cohort, Enrolment, cohort_trainer
from lms.models.course import ITEM_KINDS, Course, CoursePage, Item, Module
from lms.models.progress import ItemProgress
from lms.models.user import ROLES, User, utcnow

__all__ = [
    "ITEM_KINDS", "ROLES", "Cohort", "Course", "CoursePage", "Enrolment", "Item", "ItemProgress",
    "Module", "User", "cohort_trainer", "utcnow",
]

# Discussions (forum branch).
from lms.models.forum import (  # noqa: E402
    Attachment,
    Post,
    PostLike,
    PostReport,
    Space,
    Thread,
    ThreadFollow,
)
from lms.models.notification import Notification, NotificationSetting  # noqa: E402

__all__ += [
    "Attachment", "Notification", "NotificationSetting", "Post", "PostLike", "PostReport",
    "Space", "Thread", "ThreadFollow",
]
