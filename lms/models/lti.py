"""LTI 1.3: platforms that launch ClusterLearn, the tool's keys, and what each launch links.

A platform (a Moodle site, a Canvas instance) is registered by an admin. The tool signs
with its own RSA keys: the current one plus the previous one, still published so tokens
signed just before a rotation verify. A context (a platform course) maps to one cohort; a
resource link (one placement in that course) maps to one item and, with Assignment and
Grade Services, to the line item its scores go to. People are matched by issuer + sub.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.cohort import Cohort
from lms.models.course import Item
from lms.models.user import User, utcnow


class LtiPlatform(db.Model):
    """A registered LTI 1.3 platform: what the platform's admin shows after adding the tool."""

    __tablename__ = "lti_platform"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    issuer: Mapped[str] = mapped_column(sa.String(500))
    client_id: Mapped[str] = mapped_column(sa.String(255))
    auth_login_url: Mapped[str] = mapped_column(sa.String(500))
    auth_token_url: Mapped[str] = mapped_column(sa.String(500))
    # Audience of the client-credentials assertion when the platform wants another than the
    # token URL (Moodle and Canvas do not); "" means the token URL.
    auth_audience: Mapped[str] = mapped_column(sa.String(500), default="")
    jwks_url: Mapped[str] = mapped_column(sa.String(500), default="")
    key_set: Mapped[dict | None] = mapped_column(sa.JSON, default=None)  # when no JWKS URL
    # Deployment ids the platform shows, one per line: a launch from any other is refused.
    deployment_ids: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("issuer", "client_id"),)

    @property
    def deployments(self) -> list[str]:
        """The deployment ids as a list."""
        return [line.strip() for line in self.deployment_ids.splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"<LtiPlatform {self.id} {self.issuer} {self.client_id}>"


class LtiKey(db.Model):
    """One of the tool's RSA key pairs; retired_at is None for the one that signs."""

    __tablename__ = "lti_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(sa.String(100), unique=True)
    private_pem: Mapped[str] = mapped_column(sa.Text)
    public_pem: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(default=None)


class LtiLogin(db.Model):
    """An OIDC login the tool started: its state and nonce, each usable for one launch."""

    __tablename__ = "lti_login"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lti_platform.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(sa.String(100), unique=True)
    nonce: Mapped[str] = mapped_column(sa.String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    # An iframe launch cannot set our cookie: its one-use link to a new window, once opened.
    handed_off_at: Mapped[datetime | None] = mapped_column(default=None)


class LtiIdentity(db.Model):
    """A person as a platform knows them (issuer + sub), tied to one of our accounts."""

    __tablename__ = "lti_identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lti_platform.id", ondelete="CASCADE"))
    sub: Mapped[str] = mapped_column(sa.String(255))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()

    __table_args__ = (sa.UniqueConstraint("platform_id", "sub"),)


class LtiContext(db.Model):
    """A platform course (the LTI context), mapped to the cohort its learners join."""

    __tablename__ = "lti_context"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lti_platform.id", ondelete="CASCADE"))
    context_id: Mapped[str] = mapped_column(sa.String(255))
    title: Mapped[str] = mapped_column(sa.String(255), default="")
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohort.id"), index=True)

    platform: Mapped[LtiPlatform] = relationship()
    cohort: Mapped[Cohort] = relationship()

    __table_args__ = (sa.UniqueConstraint("platform_id", "context_id"),)


class LtiResourceLink(db.Model):
    """One placement of an item in a platform course; its line item receives its scores."""

    __tablename__ = "lti_resource_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lti_context.id", ondelete="CASCADE"), index=True)
    resource_link_id: Mapped[str] = mapped_column(sa.String(255))
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("item.id"), index=True)
    lineitem_url: Mapped[str] = mapped_column(sa.String(500), default="")
    # The context's line item container: where the tool finds or creates the link's line
    # item when the platform named none (a link added without a grade column).
    lineitems_url: Mapped[str] = mapped_column(sa.String(500), default="")
    ags_scopes: Mapped[list] = mapped_column(sa.JSON, default=list)

    context: Mapped[LtiContext] = relationship()
    item: Mapped[Item] = relationship()

    __table_args__ = (sa.UniqueConstraint("context_id", "resource_link_id"),)


class LtiScore(db.Model):
    """A score owed to a platform's line item: written with the result, sent after commit.

    An outbox row, so a platform that is down loses nothing: `flask lti send-scores` retries.
    """

    __tablename__ = "lti_score"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_link_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lti_resource_link.id", ondelete="CASCADE"), index=True)
    identity_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lti_identity.id", ondelete="CASCADE"), index=True)
    score_given: Mapped[float]
    score_maximum: Mapped[float]
    activity_progress: Mapped[str] = mapped_column(sa.String(20))
    grading_progress: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(default=None, index=True)

    resource_link: Mapped[LtiResourceLink] = relationship()
    identity: Mapped[LtiIdentity] = relationship()
