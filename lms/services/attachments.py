"""Files attached to practical cases: a short allowlist of types, checked by content too.

Files are stored under instance/forum-attachments/ with random names, so an uploaded
name never reaches the file system, and are only ever served as downloads.
"""

import re
import secrets
import unicodedata
from pathlib import Path
from typing import IO, NamedTuple

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from lms.extensions import db
from lms.models import Attachment, Thread
from lms.services.errors import DomainError

_ZIP = b"PK\x03\x04"
# Files written in the current transaction, removed again if it rolls back.
WRITTEN = "attachment_files_written"


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
        raise DomainError(f"“{name}”: only {ALLOWED_LABEL} files can be attached.")
    if len(data) > limit:
        raise DomainError(f"“{name}” is larger than {limit // (1024 * 1024)} MB.")
    if not data:
        raise DomainError(f"“{name}” is empty.")
    if kind.magic and not data.startswith(kind.magic):
        raise DomainError(f"“{name}” is not really a {suffix[1:].upper()} file.")
    if suffix == ".csv" and b"\x00" in data:
        raise DomainError(f"“{name}” is not a text CSV file.")
    return kind


def store_all(thread: Thread, uploads) -> list[Attachment]:
    """Check every upload first, then store them all; any bad file rejects the lot."""
    uploads = [u for u in uploads if u.filename]
    config = current_app.config
    if len(uploads) > config["FORUM_ATTACHMENTS_PER_CASE"]:
        raise DomainError(f"Attach at most {config['FORUM_ATTACHMENTS_PER_CASE']} files.")
    limit = config["FORUM_ATTACHMENT_MAX_BYTES"]
    checked = []
    for upload in uploads:
        name = clean_filename(upload.filename) or "attachment"
        data = upload.stream.read(limit + 1)
        checked.append((name, data, _check(name, data, limit)))
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    stored = []
    for name, data, kind in checked:
        stored_name = secrets.token_hex(16) + Path(name).suffix.lower()
        (target / stored_name).write_bytes(data)
        db.session.info.setdefault(WRITTEN, []).append(target / stored_name)
        attachment = Attachment(thread_id=thread.id, filename=name, stored_name=stored_name,
                                content_type=kind.mime, size=len(data))
        db.session.add(attachment)
        stored.append(attachment)
    db.session.flush()
    return stored


def path_of(attachment: Attachment) -> Path:
    """The stored file of an attachment."""
    return folder() / attachment.stored_name


def _keep_written(session: Session) -> None:
    session.info.pop(WRITTEN, None)


def _remove_written(session: Session) -> None:
    """The rows are gone with the rollback: so are their files."""
    for path in session.info.pop(WRITTEN, ()):
        path.unlink(missing_ok=True)


sa.event.listen(Session, "after_commit", _keep_written)
sa.event.listen(Session, "after_rollback", _remove_written)
