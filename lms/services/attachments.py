"""Files attached to practical cases, replies and reflections: a short allowlist of types,
checked by content too, with the same limits wherever they are attached.

Files are stored under instance/forum-attachments/ with random names, so an uploaded
name never reaches the file system, and are only ever served as downloads.
"""

import re
import secrets
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import IO, NamedTuple

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from lms.extensions import db
from lms.models import Attachment, Post, Reflection, Thread, User
from lms.services.errors import Conflict, DomainError, NotFound

_ZIP = b"PK\x03\x04"
# Files written in the current transaction, removed again if it rolls back.
WRITTEN = "attachment_files_written"
# Files whose rows were deleted in the current transaction, unlinked once it commits.
REMOVED = "attachment_files_removed"


class FileRefused(DomainError):
    """An upload that breaks the rules: type, content, size or number of files."""


class FileType(NamedTuple):
    """A type we accept: its MIME type and the bytes its files start with."""

    mime: str
    magic: tuple[bytes, ...]


TYPES = {
    ".pdf": FileType("application/pdf", (b"%PDF-",)),
    ".png": FileType("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": FileType("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": FileType("image/jpeg", (b"\xff\xd8\xff",)),
    ".csv": FileType("text/csv", ()),
    ".xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      (_ZIP,)),
    ".docx": FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                      (_ZIP,)),
}
ALLOWED_LABEL = "PDF, PNG, JPG, CSV, XLSX or DOCX"
ACCEPT = ",".join(TYPES)  # the file inputs' accept attribute


class Upload(NamedTuple):
    """A file as received: its name and a readable stream (no request objects here)."""

    filename: str
    stream: IO[bytes]


def folder() -> Path:
    """Where attachments live."""
    return Path(current_app.instance_path) / "forum-attachments"


def clean_filename(name: str) -> str:
    """A display name without paths or control characters, at most 120 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"]", "", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    return (stem[:110] + dot + ext[:10]) if dot else name[:120]


def _check(name: str, data: bytes, limit: int) -> FileType:
    suffix = Path(name).suffix.lower()
    kind = TYPES.get(suffix)
    if kind is None:
        raise FileRefused(f"“{name}”: only {ALLOWED_LABEL} files can be attached.")
    if len(data) > limit:
        raise FileRefused(f"“{name}” is larger than {limit // (1024 * 1024)} MB.")
    if not data:
        raise FileRefused(f"“{name}” is empty.")
    if kind.magic and not data.startswith(kind.magic):
        raise FileRefused(f"“{name}” is not really a {suffix[1:].upper()} file.")
    if suffix == ".csv" and b"\x00" in data:
        raise FileRefused(f"“{name}” is not a text CSV file.")
    return kind


def store_all(thread: Thread | None, uploads: Sequence[Upload], *, post: Post | None = None,
              reflection: Reflection | None = None, already: int = 0) -> list[Attachment]:
    """Check every upload first, then store them all; any bad file rejects the lot.

    The files belong to a case (thread only), a reply (its thread and post) or a
    reflection (the reflection only); ``already`` counts the files it holds before these.
    """
    uploads = [u for u in uploads if u.filename]
    config = current_app.config
    if uploads and len(uploads) + already > config["FORUM_ATTACHMENTS_PER_CASE"]:
        raise FileRefused(f"Attach at most {config['FORUM_ATTACHMENTS_PER_CASE']} files.")
    limit = config["FORUM_ATTACHMENT_MAX_BYTES"]
    checked = []
    for upload in uploads:
        name = clean_filename(upload.filename) or "attachment"
        data = upload.stream.read(limit + 1)
        checked.append((name, data, _check(name, data, limit)))
    if not checked:
        return []
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    stored = []
    for name, data, kind in checked:
        stored_name = secrets.token_hex(16) + Path(name).suffix.lower()
        (target / stored_name).write_bytes(data)
        db.session.info.setdefault(WRITTEN, []).append(target / stored_name)
        attachment = Attachment(thread_id=thread.id if thread else None,
                                post_id=post.id if post else None,
                                reflection_id=reflection.id if reflection else None,
                                filename=name, stored_name=stored_name,
                                content_type=kind.mime, size=len(data))
        db.session.add(attachment)
        stored.append(attachment)
    db.session.flush()
    return stored


def limits_hint() -> str:
    """The allowed types and limits, for a form's file field."""
    config = current_app.config
    return (f"Optional: {ALLOWED_LABEL}, up to {config['FORUM_ATTACHMENTS_PER_CASE']} files of "
            f"{config['FORUM_ATTACHMENT_MAX_BYTES'] // (1024 * 1024)} MB each.")


@cache
def _of_posts() -> sa.Select:
    """The files of the posts `post_ids` (an expanding parameter): built once per process,
    as every thread page runs it."""
    return sa.select(Attachment).where(Attachment.post_id.in_(
        sa.bindparam("post_ids", expanding=True))).order_by(Attachment.id)


def of_posts(post_ids: list[int]) -> dict[int, list[Attachment]]:
    """The files of these posts, by post id (one query)."""
    files: dict[int, list[Attachment]] = {}
    if post_ids:
        for file in db.session.scalars(_of_posts(), {"post_ids": post_ids}):
            if file.post_id is not None:  # always, by the WHERE: a reflection's file has none
                files.setdefault(file.post_id, []).append(file)
    return files


def of_reflection(reflection: Reflection) -> list[Attachment]:
    """The files a learner attached to a reflection."""
    return list(db.session.scalars(sa.select(Attachment).where(
        Attachment.reflection_id == reflection.id).order_by(Attachment.id)))


def remove_from_draft(user: User, attachment: Attachment) -> None:
    """A learner takes a file off their reflection while it is still a draft."""
    reflection = (db.session.get(Reflection, attachment.reflection_id)
                  if attachment.reflection_id else None)
    if reflection is None or reflection.user_id != user.id:
        raise NotFound("No such file.")
    if reflection.submitted_at is not None:
        raise Conflict("This reflection is submitted: its files can no longer change.")
    path = path_of(attachment)
    db.session.delete(attachment)
    db.session.flush()
    db.session.info.setdefault(REMOVED, []).append(path)


def share_into(reflection: Reflection, post: Post) -> None:
    """A shared reflection's files go with it: they become the files of its first post."""
    db.session.execute(sa.update(Attachment).where(Attachment.reflection_id == reflection.id)
                       .values(thread_id=post.thread_id, post_id=post.id))


def path_of(attachment: Attachment) -> Path:
    """The stored file of an attachment."""
    return folder() / attachment.stored_name


def _keep_written(session: Session) -> None:
    """Committed: new files stay, removed ones go from the disk too."""
    session.info.pop(WRITTEN, None)
    for path in session.info.pop(REMOVED, ()):
        path.unlink(missing_ok=True)


def _remove_written(session: Session) -> None:
    """The rows are gone with the rollback: so are their files (removals are undone)."""
    session.info.pop(REMOVED, None)
    for path in session.info.pop(WRITTEN, ()):
        path.unlink(missing_ok=True)


sa.event.listen(Session, "after_commit", _keep_written)
sa.event.listen(Session, "after_rollback", _remove_written)
