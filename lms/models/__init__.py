"""All models, imported here so Alembic and the app see the whole schema."""

from lms.models.user import ROLES, User, utcnow

__all__ = ["ROLES", "User", "utcnow"]
