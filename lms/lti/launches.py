"""What a verified resource link launch changes: the person, their cohort, the link.

Plain functions on the launch's claims (a dict), never on the request. People are matched by
the platform and the `sub` claim only: an email from a platform is not proof of owning the
account that has it here, so it never links to an existing account.
"""

import hashlib

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from lms.models import (
    Cohort,
    Course,
    Enrolment,
    Item,
    LtiContext,
    LtiIdentity,
    LtiPlatform,
    LtiResourceLink,
    User,
    utcnow,
)
from lms.services.errors import Conflict, DomainError, Forbidden

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
# Not an argon2 hash, so password sign-in always fails for an account made by a launch.
NO_PASSWORD = "!lti"  # noqa: S105  # nosec B105


def _text(claims: dict, name: str) -> str:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


def _name(claims: dict) -> str:
    name = _text(claims, "name") or " ".join(
        part for part in (_text(claims, "given_name"), _text(claims, "family_name")) if part)
    return (name or "Learner")[:120]


def _email(platform: LtiPlatform, claims: dict) -> str:
    """The platform's email when no account has it, else an address that cannot collide."""
    email = _text(claims, "email").lower()
    taken = email and db.session.scalar(sa.select(User.id).where(User.email == email))
    if email and not taken and len(email) <= 254:
        return email
    digest = hashlib.sha256(str(claims["sub"]).encode()).hexdigest()[:20]
    return f"lti-{platform.id}-{digest}@lti.invalid"


def person(platform: LtiPlatform, claims: dict) -> tuple[User, LtiIdentity]:
    """The account of the platform's user `sub`, created on the first launch (no password)."""
    sub = str(claims["sub"])
    if not sub or len(sub) > 255:
        raise DomainError("The launch's user id (sub) is empty or longer than 255 characters.")
    stmt = sa.select(LtiIdentity).where(LtiIdentity.platform_id == platform.id,
                                        LtiIdentity.sub == sub)
    identity = db.session.scalar(stmt)
    if identity is not None:
        return identity.user, identity
    user = User(email=_email(platform, claims), name=_name(claims), password_hash=NO_PASSWORD,
                organisation=platform.name[:200], role="learner")
    try:
        with db.session.begin_nested():  # two first launches at once: one insert wins
            db.session.add(user)
            db.session.flush()
            identity = LtiIdentity(platform_id=platform.id, sub=sub, user_id=user.id)
            db.session.add(identity)
            db.session.flush()
    except IntegrityError:
        identity = db.session.scalar(stmt)
        if identity is None:
            raise
    return identity.user, identity


def target_item(claims: dict) -> Item:
    """The item the link places, from the custom parameters deep linking wrote into it."""
    custom = claims.get(CLAIM + "custom")
    custom = custom if isinstance(custom, dict) else {}
    course_slug, item_slug = custom.get("course"), custom.get("item")
    if not isinstance(course_slug, str) or not isinstance(item_slug, str):
        raise DomainError("This link does not say which ClusterLearn lesson to open. Ask the "
                          "teacher to add it again with “Select content” (deep linking).")
    item = db.session.scalar(
        sa.select(Item).join(Course).where(Course.slug == course_slug, Item.slug == item_slug,
                                           Item.is_live, Course.is_live))
    if item is None:
        raise DomainError(f"The lesson {course_slug}/{item_slug} this link opens no longer "
                          "exists in ClusterLearn.")
    return item


def context_for(platform: LtiPlatform, claims: dict, item: Item) -> LtiContext:
    """The platform course's mapping; the first launch from it opens a cohort of its own."""
    context = claims.get(CLAIM + "context")
    if not isinstance(context, dict) or not isinstance(context.get("id"), str) \
            or not context["id"]:
        raise DomainError("The launch has no course (context claim): ClusterLearn places "
                          "learners in the cohort of the platform course they come from.")
    stmt = sa.select(LtiContext).where(LtiContext.platform_id == platform.id,
                                       LtiContext.context_id == context["id"])
    row = db.session.scalar(stmt)
    if row is None:
        title = str(context.get("title") or context.get("label") or context["id"])[:150]
        cohort = Cohort(course_id=item.course_id, name=f"{platform.name}: {title}"[:200],
                        description=f"Learners who come from {platform.name}, course “{title}”.")
        db.session.add(cohort)
        db.session.flush()
        row = LtiContext(platform_id=platform.id, context_id=context["id"], title=title,
                         cohort_id=cohort.id)
        db.session.add(row)
        db.session.flush()
    if row.cohort.course_id != item.course_id:
        raise Conflict(f"This platform course is linked to the cohort “{row.cohort.name}”, "
                       f"which takes another course than the one this link opens.")
    return row


def enrol(user: User, cohort: Cohort) -> Enrolment:
    """Put the learner in the cohort; a learner the trainer removed stays out."""
    enrolment = db.session.scalar(sa.select(Enrolment).where(
        Enrolment.cohort_id == cohort.id, Enrolment.user_id == user.id))
    if enrolment is None:
        enrolment = Enrolment(cohort_id=cohort.id, user_id=user.id, joined_at=utcnow())
        db.session.add(enrolment)
        db.session.flush()
    elif not enrolment.is_active:
        raise Forbidden(f"You were removed from the cohort “{cohort.name}”. "
                        "Ask its trainer to add you again.")
    return enrolment


def resource_link(context: LtiContext, claims: dict, item: Item) -> LtiResourceLink:
    """The placement, with the line item the platform's grade book gave it (if any)."""
    link = claims.get(CLAIM + "resource_link")
    link_id = link.get("id") if isinstance(link, dict) else None
    if not isinstance(link_id, str) or not link_id:
        raise DomainError("The launch has no resource link id.")
    row = db.session.scalar(sa.select(LtiResourceLink).where(
        LtiResourceLink.context_id == context.id, LtiResourceLink.resource_link_id == link_id))
    if row is None:
        row = LtiResourceLink(context_id=context.id, resource_link_id=link_id, item_id=item.id)
        db.session.add(row)
    ags = claims.get(AGS_CLAIM)
    ags = ags if isinstance(ags, dict) else {}
    row.item_id = item.id
    row.lineitem_url = str(ags.get("lineitem") or row.lineitem_url or "")[:500]
    row.lineitems_url = str(ags.get("lineitems") or "")[:500]
    row.ags_scopes = [str(s) for s in ags.get("scope") or []] \
        if isinstance(ags.get("scope"), list) else []
    db.session.flush()
    return row


def resource_launch(platform: LtiPlatform, claims: dict) -> tuple[User, Item]:
    """Everything a resource link launch does; returns who signs in and what they open."""
    item = target_item(claims)
    user, _identity = person(platform, claims)
    context = context_for(platform, claims, item)
    enrol(user, context.cohort)
    resource_link(context, claims, item)
    return user, item
