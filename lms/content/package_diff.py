"""What publishing a package would change, compared with the published one (pure, no database).

Authors read this before they publish: items added, archived and changed (with the text of
each changed lesson as a line diff and the quiz questions that changed), and files under
assets/ added, removed or replaced.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from .assets import ASSETS_DIR
from .package import CoursePackage, ItemSpec, QuizSpec, package_files

# Item settings an author sees in the diff: every field of ItemSpec (new ones included) but
# the slug, the body and quiz (compared in detail) and "file": moving a file changes nothing.
_NOT_SETTINGS = {"slug", "file", "body", "quiz"}
_COMPARED = tuple(f.name for f in fields(ItemSpec) if f.name not in _NOT_SETTINGS)
MAX_DIFF_LINES = 400  # a rewritten lesson: show the start, the author has the file anyway
_HUNK_RE = re.compile(r"^@@ -\S+ \+(\d+)(?:,\d+)? @@.*$")


@dataclass
class ItemChange:
    """One item present in both versions that differs."""

    slug: str
    title: str
    settings: list[str] = field(default_factory=list)  # names of changed settings
    text_diff: list[str] = field(default_factory=list)  # unified diff lines of the Markdown
    questions_added: list[str] = field(default_factory=list)
    questions_removed: list[str] = field(default_factory=list)
    questions_changed: list[str] = field(default_factory=list)
    quiz_settings_changed: bool = False


@dataclass
class PackageDiff:
    """Everything a publish would change, for the preview page."""

    first_version: bool  # nothing published yet: everything is new
    added: list[tuple[str, str]] = field(default_factory=list)  # (slug, title)
    archived: list[tuple[str, str]] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    modules_added: list[str] = field(default_factory=list)
    modules_archived: list[str] = field(default_factory=list)
    pages_changed: list[str] = field(default_factory=list)
    assets_added: list[str] = field(default_factory=list)
    assets_removed: list[str] = field(default_factory=list)
    assets_changed: list[str] = field(default_factory=list)
    course_settings: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when publishing would change nothing a learner sees."""
        return not any((self.added, self.archived, self.changed, self.modules_added,
                        self.modules_archived, self.pages_changed, self.assets_added,
                        self.assets_removed, self.assets_changed, self.course_settings))


def diff_packages(old: CoursePackage | None, new: CoursePackage) -> PackageDiff:
    """Compare the published package ``old`` (None if there is none) with ``new``."""
    if old is None:
        return PackageDiff(first_version=True,
                           added=[(item.slug, item.title) for item in new.items],
                           modules_added=[module.slug for module in new.modules],
                           assets_added=sorted(_assets(new.path)))
    diff = PackageDiff(first_version=False)
    old_items = {item.slug: item for item in old.items}
    new_items = {item.slug: item for item in new.items}
    diff.added = [(s, i.title) for s, i in new_items.items() if s not in old_items]
    diff.archived = [(s, i.title) for s, i in old_items.items() if s not in new_items]
    for slug, item in new_items.items():
        if slug in old_items:
            change = _item_change(old_items[slug], item)
            if change:
                diff.changed.append(change)
    old_modules = {m.slug for m in old.modules}
    new_modules = {m.slug for m in new.modules}
    diff.modules_added = [m.slug for m in new.modules if m.slug not in old_modules]
    diff.modules_archived = [m.slug for m in old.modules if m.slug not in new_modules]
    old_pages = {p.slug: (p.title, p.body) for p in old.pages}
    diff.pages_changed = [p.slug for p in new.pages if old_pages.get(p.slug) != (p.title, p.body)]
    diff.pages_changed += [slug for slug in old_pages if slug not in {p.slug for p in new.pages}]
    old_assets, new_assets = _assets(old.path), _assets(new.path)
    diff.assets_added = sorted(new_assets.keys() - old_assets.keys())
    diff.assets_removed = sorted(old_assets.keys() - new_assets.keys())
    diff.assets_changed = sorted(name for name in new_assets.keys() & old_assets.keys()
                                 if new_assets[name] != old_assets[name])
    diff.course_settings = [name for name in ("title", "summary", "language", "authors",
                                              "licence", "attendance_counts")
                            if getattr(old, name) != getattr(new, name)]
    return diff


def _item_change(old: ItemSpec, new: ItemSpec) -> ItemChange | None:
    change = ItemChange(new.slug, new.title)
    change.settings = [name for name in _COMPARED if getattr(old, name) != getattr(new, name)]
    if old.body != new.body:
        lines = list(difflib.unified_diff(old.body.splitlines(), new.body.splitlines(),
                                          lineterm="", n=2))
        # without the "---"/"+++" file header; "@@ -3,2 +3,4 @@" said in words
        change.text_diff = [_HUNK_RE.sub(r"From line \1:", line)
                            for line in lines[2:2 + MAX_DIFF_LINES]]
    if old.quiz != new.quiz:
        _quiz_change(old, new, change)
    if change.settings or change.text_diff or change.quiz_settings_changed or \
            change.questions_added or change.questions_removed or change.questions_changed:
        return change
    return None


def _quiz_change(old: ItemSpec, new: ItemSpec, change: ItemChange) -> None:
    old_q: dict[str, dict] = {q.get("slug", ""): q
                              for q in (old.quiz.questions if old.quiz else ())}
    new_q: dict[str, dict] = {q.get("slug", ""): q
                              for q in (new.quiz.questions if new.quiz else ())}
    change.questions_added = [s for s in new_q if s not in old_q]
    change.questions_removed = [s for s in old_q if s not in new_q]
    change.questions_changed = [s for s in new_q if s in old_q and new_q[s] != old_q[s]]
    if old.quiz and new.quiz:
        def settings(quiz: QuizSpec) -> dict:
            return {k: v for k, v in asdict(quiz).items() if k != "questions"}
        change.quiz_settings_changed = settings(old.quiz) != settings(new.quiz)
    else:
        change.quiz_settings_changed = True


def _assets(root: Path) -> dict[str, str]:
    """Each file under assets/, by name, with a hash of its bytes."""
    prefix = ASSETS_DIR + "/"
    return {name[len(prefix):]: hashlib.sha256((root / name).read_bytes()).hexdigest()
            for name in package_files(root) if name.startswith(prefix)}
