"""Course authoring on the web: upload, check, keep, preview, publish, roll back, download.

The package engine stays the judge: an upload is unpacked safely (lms.content.safezip),
checked by the same loader as `flask courses check`, and kept as a version in the store only
if it passes. Nothing a learner reads changes until a publish, which runs the same
`sync_package` as `flask courses sync`, in the caller's one transaction. Every step is
written to the authoring log. Functions take the actor and the store explicitly.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import sqlalchemy as sa

from lms.content.loader import MANIFEST, load_package
from lms.content.package import CoursePackage, package_files
from lms.content.package_diff import PackageDiff, diff_packages
from lms.content.problems import Problem
from lms.content.safezip import UnsafeZip, ZipLimits, extract_zip
from lms.extensions import db
from lms.models import AuthoringEvent, Course, CourseAuthor, PackageVersion, User, utcnow
from lms.services.course_sync import SyncReport, sync_package
from lms.services.errors import Conflict, DomainError, Forbidden

UPLOADS = "_uploads"  # under the store: where zips are unpacked before they are checked


class UploadRefused(DomainError):
    """The zip could not be unpacked safely (422): the message tells the author why."""


@dataclass
class UploadResult:
    """What an upload gave: a stored version, or the check's problems (file:line)."""

    version: PackageVersion | None = None
    problems: list[Problem] = field(default_factory=list)
    reused: bool = False  # the same package was uploaded before: that version is returned


def may_author(user: User, course_slug: str) -> bool:
    """Admins author every course; trainers the courses an admin granted them.

    A trainer changed back to learner keeps the grant row (history) but loses the right,
    as with cohort assignments (lms/access.py).
    """
    if not user.is_authenticated or not user.is_trainer:
        return False
    if user.is_admin:
        return True
    return db.session.scalar(
        sa.select(sa.literal(True)).select_from(CourseAuthor)
        .join(Course, Course.id == CourseAuthor.course_id)
        .where(CourseAuthor.user_id == user.id, Course.slug == course_slug)) is not None


def authored_courses(user: User) -> list[Course]:
    """The courses the user may author, by title."""
    stmt = sa.select(Course).order_by(Course.title)
    if not user.is_admin:
        stmt = stmt.join(CourseAuthor, CourseAuthor.course_id == Course.id) \
            .where(CourseAuthor.user_id == user.id)
    return list(db.session.scalars(stmt))


def unpublished_versions(user: User) -> list[PackageVersion]:
    """Versions of courses not published yet (new courses): only admins may add a course."""
    if not user.is_admin:
        return []
    return list(db.session.scalars(
        sa.select(PackageVersion).where(~sa.exists().where(Course.slug ==
                                                          PackageVersion.course_slug))
        .order_by(PackageVersion.uploaded_at.desc()).limit(50)))


def upload_package(actor: User, stream: BinaryIO, *, store: Path,
                   tools: Mapping | None = None, limits: ZipLimits | None = None
                   ) -> UploadResult:
    """Unpack, check and keep an uploaded zip; log it. Raises UploadRefused or Forbidden.

    Every outcome is logged, refusals included: the caller commits on those errors too.
    """
    try:
        unpacked = extract_zip(stream, store / UPLOADS, limits or ZipLimits())
    except UnsafeZip as error:
        record_refusal(actor, error.message)
        raise UploadRefused(error.message) from None
    try:
        root = _package_root(unpacked)
        package, problems = load_package(root, tools)
        if package is None:
            _log(actor, "refuse", _slug_hint(root), detail=f"{len(problems)} problem(s)")
            return UploadResult(problems=[_relative(p) for p in problems])
        if not may_author(actor, package.slug):
            message = _not_author_message(package.slug)
            _log(actor, "refuse", package.slug, detail=message)
            raise Forbidden(message)
        return _keep(actor, package, root, store)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def record_refusal(actor: User, reason: str) -> None:
    """Log an upload refused before it reached the checker (too large, say)."""
    _log(actor, "refuse", "", detail=reason)


def _package_root(unpacked: Path) -> Path:
    """The folder holding course.toml: the zip's top level, or its one folder."""
    if (unpacked / MANIFEST).is_file():
        return unpacked
    children = [child for child in unpacked.iterdir() if not child.name.startswith(".")]
    if len(children) == 1 and children[0].is_dir():
        return children[0]
    return unpacked  # the checker says "course.toml: file not found"


def _slug_hint(root: Path) -> str:
    """The course slug named in a package that failed its check, if it can be read at all."""
    try:
        import tomllib

        slug = tomllib.loads((root / MANIFEST).read_text("utf-8")).get("slug", "")
    except (OSError, ValueError, UnicodeDecodeError):
        return ""
    return slug[:80] if isinstance(slug, str) else ""


def _relative(problem: Problem) -> Problem:
    """A problem located inside the package ("01-basics/intro.md"), not the temp folder."""
    _, _, inside = problem.file.partition("/")
    return Problem(inside or problem.file, problem.line, problem.message)


def _not_author_message(slug: str) -> str:
    if db.session.scalar(sa.select(Course.id).where(Course.slug == slug)) is None:
        return (f'This package creates a new course "{slug}": only an administrator can add '
                "a course. Ask one to upload it, or check the slug in course.toml.")
    return f'You are not an author of the course "{slug}". An administrator can make you one.'


def _keep(actor: User, package: CoursePackage, root: Path, store: Path) -> UploadResult:
    """Store the checked files as a version (or find the same version stored before)."""
    version = db.session.scalar(sa.select(PackageVersion).where(
        PackageVersion.course_slug == package.slug,
        PackageVersion.content_hash == package.content_hash))
    reused = version is not None
    if version is None:
        folder = f"{package.slug}/{package.content_hash[:16]}"
        target = store / folder
        if target.exists():  # left by an upload whose transaction rolled back
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(root, target)
        except OSError:  # the same package, uploaded at the same moment by someone else
            raise Conflict("The same package is being stored right now; upload it again "
                           "in a moment.") from None
        version = PackageVersion(course_slug=package.slug, title=package.title,
                                 content_hash=package.content_hash, folder=folder,
                                 uploaded_by_id=actor.id)
        db.session.add(version)
        db.session.flush()
    _log(actor, "upload", package.slug, version, "same as an earlier upload" if reused else "")
    return UploadResult(version=version, reused=reused)


def version_path(version: PackageVersion, store: Path) -> Path:
    """The folder holding a version's files."""
    return store / version.folder


def load_version(version: PackageVersion, store: Path, tools: Mapping | None = None
                 ) -> CoursePackage:
    """The version's package, checked again (a tool it names may since have been removed)."""
    package, problems = load_package(version_path(version, store), tools)
    if package is None:
        raise Conflict("This version no longer passes the check: "
                       + "; ".join(str(_relative(p)) for p in problems[:5]))
    return package


def published_course(course_slug: str) -> Course | None:
    """The course row of a slug, if the course was ever published."""
    return db.session.scalar(sa.select(Course).where(Course.slug == course_slug))


def is_live(version: PackageVersion, course: Course | None) -> bool:
    """True if learners see this version now."""
    return course is not None and course.is_live and \
        course.content_hash == version.content_hash


def preview_diff(version: PackageVersion, package: CoursePackage,
                 tools: Mapping | None = None) -> PackageDiff:
    """What publishing this version would change, compared with the published package."""
    course = published_course(version.course_slug)
    published = None
    if course is not None and course.source_path:
        published, _ = load_package(Path(course.source_path), tools)
    return diff_packages(published, package)


def publish(actor: User, version: PackageVersion, *, store: Path,
            tools: Mapping | None = None, action: str = "publish") -> SyncReport:
    """Apply a version as `flask courses sync` does; the caller commits the one transaction."""
    if not may_author(actor, version.course_slug):
        raise Forbidden(_not_author_message(version.course_slug))
    if is_live(version, published_course(version.course_slug)):
        raise Conflict("This version is already the published one.")
    report = sync_package(load_version(version, store, tools))
    version.first_published_at = version.first_published_at or utcnow()
    summary = ", ".join(f"{len(v)} {k}" for k, v in (
        ("added", report.added), ("changed", report.changed), ("archived", report.archived),
        ("restored", report.restored)) if v)
    _log(actor, action, version.course_slug, version, summary or "no item changes")
    return report


def rollback(actor: User, version: PackageVersion, *, store: Path,
             tools: Mapping | None = None) -> SyncReport:
    """Publish an earlier version again; only versions that were published may be rolled to."""
    if version.first_published_at is None:
        raise Conflict("Only a version that was published before can be rolled back to; "
                       "preview and publish this one instead.")
    return publish(actor, version, store=store, tools=tools, action="rollback")


def zip_version(actor: User, version: PackageVersion, store: Path) -> bytes:
    """The version's files as a zip inside a folder named after the course; logged."""
    root = version_path(version, store)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in package_files(root):
            archive.write(root / name, f"{version.course_slug}/{name}")
    _log(actor, "download", version.course_slug, version)
    return buffer.getvalue()


def versions(course_slug: str) -> list[PackageVersion]:
    """Every stored version of a course, newest first."""
    return list(db.session.scalars(
        sa.select(PackageVersion).where(PackageVersion.course_slug == course_slug)
        .options(sa.orm.joinedload(PackageVersion.uploaded_by))
        .order_by(PackageVersion.uploaded_at.desc(), PackageVersion.id.desc())))


def events(course_slug: str | None = None, actor: User | None = None,
           limit: int = 50) -> list[AuthoringEvent]:
    """The newest log lines of a course, or those of one actor."""
    stmt = (sa.select(AuthoringEvent).options(sa.orm.joinedload(AuthoringEvent.actor),
                                              sa.orm.joinedload(AuthoringEvent.version))
            .order_by(AuthoringEvent.at.desc(), AuthoringEvent.id.desc()).limit(limit))
    if course_slug is not None:
        stmt = stmt.where(AuthoringEvent.course_slug == course_slug)
    if actor is not None:
        stmt = stmt.where(AuthoringEvent.actor_id == actor.id)
    return list(db.session.scalars(stmt))


def authors(course: Course) -> list[User]:
    """The people granted authorship of a course."""
    return list(db.session.scalars(
        sa.select(User).join(CourseAuthor, CourseAuthor.user_id == User.id)
        .where(CourseAuthor.course_id == course.id).order_by(User.name)))


def grant_author(admin: User, course: Course, email: str) -> User:
    """Make the person with this email an author of the course (admins only)."""
    if not admin.is_admin:
        raise Forbidden("Only an administrator can make someone an author.")
    user = db.session.scalars(sa.select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise DomainError(f"No account uses the email {email.strip()}.")
    if not user.is_trainer:
        raise DomainError(f"{user.name} is a learner: make them a trainer first (Admin, "
                          "Users), then an author.")
    if db.session.get(CourseAuthor, (course.id, user.id)) is not None:
        raise Conflict(f"{user.name} is already an author of this course.")
    db.session.add(CourseAuthor(course_id=course.id, user_id=user.id))
    _log(admin, "grant", course.slug, detail=f"{user.name} <{user.email}>")
    return user


def revoke_author(admin: User, course: Course, user: User) -> None:
    """Take a person's authorship of the course away (admins only)."""
    if not admin.is_admin:
        raise Forbidden("Only an administrator can remove an author.")
    grant = db.session.get(CourseAuthor, (course.id, user.id))
    if grant is None:
        raise Conflict(f"{user.name} is not an author of this course.")
    db.session.delete(grant)
    _log(admin, "revoke", course.slug, detail=f"{user.name} <{user.email}>")


def _log(actor: User, action: str, course_slug: str, version: PackageVersion | None = None,
         detail: str = "") -> None:
    db.session.add(AuthoringEvent(actor_id=actor.id, action=action, course_slug=course_slug,
                                  version_id=version.id if version else None,
                                  content_hash=version.content_hash if version else "",
                                  detail=detail[:2000]))
    db.session.flush()
