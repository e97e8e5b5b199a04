"""All models, imported here so Alembic and the app see the whole schema."""

from lms.models.api_token import ApiToken
from lms.models.authoring import AUTHORING_ACTIONS, AuthoringEvent, CourseAuthor, PackageVersion
from lms.models.certificate import Certificate
from lms.models.cohort import (
    INVITE_KINDS,
    RSVP_ANSWERS,
    SESSION_PHASES,
    Attendance,
    CalendarFeed,
    Cohort,
    Enrolment,
    Invite,
    Rsvp,
    SessionItem,
    TrainingSession,
    cohort_trainer,
)
from lms.models.course import ITEM_KINDS, LEARNERS, TRAINERS, Course, CoursePage, Item, Module
from lms.models.forum import (
    Attachment,
    Post,
    PostLike,
    PostReport,
    Space,
    Thread,
    ThreadFollow,
)
from lms.models.lti import (
    LtiContext,
    LtiIdentity,
    LtiKey,
    LtiLogin,
    LtiPlatform,
    LtiResourceLink,
    LtiScore,
)
from lms.models.mail import OutboxMessage
from lms.models.notification import Notification, NotificationSetting
from lms.models.progress import ItemProgress
from lms.models.quiz import QuizAnswer, QuizAttempt, QuizChoicePick, Reflection, ReflectionComment
from lms.models.translation import ContentTranslation
from lms.models.user import ROLES, TRAINER_ROLES, Avatar, User, utcnow
from lms.models.workbook import (
    WorkbookComment,
    WorkbookEntry,
    WorkbookShare,
    WorkbookVersion,
)
from lms.models.xapi import XapiStatement

__all__ = [
    "INVITE_KINDS", "ITEM_KINDS", "LEARNERS", "ROLES", "TRAINERS", "TRAINER_ROLES",
    "RSVP_ANSWERS", "SESSION_PHASES", "Attendance", "Avatar",
    "CalendarFeed", "Certificate", "Cohort", "Course", "CoursePage", "Enrolment", "Invite", "Item",
    "ItemProgress", "Module", "Rsvp", "SessionItem", "TrainingSession", "User", "cohort_trainer",
    "utcnow",
    "QuizAnswer", "QuizAttempt", "QuizChoicePick", "Reflection", "ReflectionComment",
    "Attachment", "Notification", "NotificationSetting", "OutboxMessage", "Post", "PostLike",
    "PostReport",
    "Space", "Thread", "ThreadFollow",
    "WorkbookComment", "WorkbookEntry", "WorkbookShare", "WorkbookVersion",
    "ApiToken", "XapiStatement",
    "AUTHORING_ACTIONS", "AuthoringEvent", "CourseAuthor", "PackageVersion",
    "ContentTranslation",
    "LtiContext", "LtiIdentity", "LtiKey", "LtiLogin", "LtiPlatform", "LtiResourceLink",
    "LtiScore",
]

