"""Course texts in other languages, imported from a package's translations/<lang>/ folders."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db

TARGETS = ("course", "module", "item", "page")


class ContentTranslation(db.Model):
    """One course, module, item or page in one language: only what the translator wrote.

    A field left None falls back to the source, field by field (lms.content.translations).
    Rows are replaced at every sync of the package; progress never points at them.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id"), index=True)
    language: Mapped[str] = mapped_column(sa.String(20))
    target: Mapped[str] = mapped_column(sa.String(8))
    slug: Mapped[str] = mapped_column(sa.String(80), default="")  # "" for the course itself
    title: Mapped[str | None] = mapped_column(sa.String(200), default=None)
    summary: Mapped[str | None] = mapped_column(sa.Text, default=None)
    body_html: Mapped[str | None] = mapped_column(sa.Text, default=None)  # sanitized at sync
    # A quiz item: the source quiz with its texts replaced; what is graded stays the source's.
    quiz: Mapped[dict | None] = mapped_column(sa.JSON, default=None)

    __table_args__ = (
        sa.UniqueConstraint("course_id", "language", "target", "slug"),
        sa.CheckConstraint("target IN ('course', 'module', 'item', 'page')",
                           name="target_known"),
    )

    def __repr__(self) -> str:
        return f"<ContentTranslation {self.language} {self.target} {self.slug}>"
