"""The parsed, validated form of a course package: immutable specs the importer reads."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .assets import resolve_asset


@dataclass(frozen=True)
class QuizSpec:
    """A quiz file: settings and its question specs (dicts as written, points defaulted)."""

    title: str
    intro: str
    pass_mark: int
    max_attempts: int  # 0 means unlimited
    shuffle_questions: bool
    shuffle_choices: bool
    show_feedback: str  # after_each_attempt | after_passing | after_last_attempt
    questions: tuple[dict, ...]
    draw: dict = field(default_factory=dict)  # pool slug -> questions each attempt asks


@dataclass(frozen=True)
class ItemSpec:
    """One item of a module: theory, case, quiz, reflection or tool."""

    slug: str
    kind: str
    title: str
    file: str  # relative to the package folder
    minutes: int
    prerequisites: tuple[str, ...]
    body: str  # the Markdown source; empty for a quiz, and for a tool without a file
    quiz: QuizSpec | None
    visibility: str = "learners"  # or "trainers": facilitator material learners never see
    objectives: tuple[str, ...] = ()  # what the learner will be able to do, shown at the top
    preview: bool = False  # visitors may read it from the course page before joining
    tool: str | None = None  # a tool item's tool name
    options: dict = field(default_factory=dict)  # a tool item's options, defaults filled


@dataclass(frozen=True)
class ModuleSpec:
    """A module: an ordered group of items."""

    slug: str
    title: str
    summary: str
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True)
class PageSpec:
    """A course page such as a glossary: Markdown, no progress."""

    slug: str
    title: str
    file: str
    body: str


@dataclass(frozen=True)
class CoursePackage:
    """A whole valid package, as read from its folder."""

    path: Path
    slug: str
    title: str
    summary: str
    language: str
    authors: tuple[str, ...]
    licence: str
    attendance_counts: bool
    modules: tuple[ModuleSpec, ...]
    pages: tuple[PageSpec, ...]
    content_hash: str
    translations: tuple = ()  # lms.content.translations.Translation, one per language

    @property
    def items(self) -> tuple[ItemSpec, ...]:
        """All items of all modules, in course order."""
        return tuple(item for module in self.modules for item in module.items)

    def asset_path(self, name: str) -> Path | None:
        """Return the file of asset ``name`` (relative to assets/) if it may be served."""
        return resolve_asset(self.path, name)


def package_files(path: Path) -> list[str]:
    """List the package's regular files as sorted POSIX paths, skipping hidden ones."""
    files = []
    for folder, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            full = Path(folder, name)
            if not name.startswith(".") and full.is_file():
                files.append(full.relative_to(path).as_posix())
    return sorted(files)


def content_hash(path: Path) -> str:
    """Hash every file's relative path and bytes, so any edit, addition or removal changes it."""
    digest = hashlib.sha256()
    for relative in package_files(path):
        data = (path / relative).read_bytes()
        # length-prefixed fields, so no two different packages can feed the same byte stream
        for part in (relative.encode("utf-8"), data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()
