"""Import course packages into the database, keyed by stable slugs.

A package is imported in one transaction or not at all; an item that leaves the
package is archived (never deleted) and comes back if it returns.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import sqlalchemy as sa

from lms.content.package import CoursePackage, ItemSpec
from lms.content.rendering import render_markdown
from lms.extensions import db
from lms.models import Course, CoursePage, Item, Module, utcnow
from lms.services.translation_sync import sync_translations

# The slug-keyed rows a package owns.
_Row = TypeVar("_Row", Module, Item, CoursePage)


@dataclass
class SyncReport:
    """What syncing one package did."""

    course: str
    status: str  # "added", "changed", "unchanged"
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Human-readable lines for the CLI."""
        out = [f"{self.course}: {self.status}"]
        for label, slugs in (("added", self.added), ("changed", self.changed),
                             ("archived", self.archived), ("restored", self.restored)):
            out.extend(f"  {label}: {slug}" for slug in slugs)
        return out


def asset_url(course_slug: str) -> Callable[[str], str]:
    """Map an asset name to the URL the learn blueprint serves it at."""
    return lambda name: f"/courses/{quote(course_slug)}/assets/{quote(name)}"


def sync_package(package: CoursePackage) -> SyncReport:
    """Bring the database in line with one package; the caller commits or rolls back."""
    course = db.session.scalar(sa.select(Course).where(Course.slug == package.slug))
    if course is not None and course.content_hash == package.content_hash \
            and course.is_live:
        return SyncReport(package.slug, "unchanged")
    report = SyncReport(package.slug, "changed" if course else "added")
    if course is None:
        course = Course(slug=package.slug)
        db.session.add(course)
    course.title, course.summary = package.title, package.summary
    course.language, course.authors = package.language, list(package.authors)
    course.licence, course.attendance_counts = package.licence, package.attendance_counts
    course.content_hash, course.source_path = package.content_hash, str(package.path)
    course.synced_at, course.archived_at = utcnow(), None
    db.session.flush()
    urls = asset_url(package.slug)
    modules = _sync_modules(course, package, report)
    _sync_items(course, package, modules, urls, report)
    _sync_pages(course, package, urls)
    sync_translations(course, package, urls)
    return report


def _existing(model: type[_Row], course: Course) -> dict[str, _Row]:
    rows = db.session.scalars(sa.select(model).where(model.course_id == course.id))
    return {row.slug: row for row in rows}


def _sync_modules(course: Course, package: CoursePackage, report: SyncReport) -> dict[str, Module]:
    existing = _existing(Module, course)
    for position, spec in enumerate(package.modules):
        module = existing.get(spec.slug) or Module(course_id=course.id, slug=spec.slug)
        module.title, module.summary = spec.title, spec.summary
        module.position, module.archived_at = position, None
        db.session.add(module)
        existing[spec.slug] = module
    keep = {m.slug for m in package.modules}
    for slug, module in existing.items():
        if slug not in keep and module.is_live:
            module.archived_at = utcnow()
    db.session.flush()
    return existing


def _item_fields(spec: ItemSpec, urls: Callable[[str], str]) -> dict:
    return {
        "kind": spec.kind, "title": spec.title, "minutes": spec.minutes,
        "prerequisites": list(spec.prerequisites), "visibility": spec.visibility,
        "preview": spec.preview,
        "body_html": str(render_markdown(with_objectives(spec), asset_url=urls, formulas=True))
        if spec.body else "",
        "quiz": quiz_dict(spec, urls),
        "tool": spec.tool, "tool_options": dict(spec.options) if spec.tool else None,
    }


OBJECTIVES_TITLE = "After this lesson you will be able to"


def with_objectives(spec: ItemSpec) -> str:
    """The item's Markdown with its learning objectives as a box at the top, if it has any."""
    if not spec.objectives:
        return spec.body
    lines = [f'!!! note "{OBJECTIVES_TITLE}"']
    lines += [f"    - {' '.join(objective.split())}" for objective in spec.objectives]
    return "\n".join(lines) + "\n\n" + spec.body


def quiz_dict(spec: ItemSpec, urls: Callable[[str], str]) -> dict | None:
    """Quiz settings and questions as stored; prompts and intro pre-rendered to safe HTML."""
    if spec.quiz is None:
        return None
    quiz = asdict(spec.quiz)
    quiz["questions"] = [dict(q) for q in spec.quiz.questions]
    quiz["intro_html"] = str(render_markdown(quiz["intro"], asset_url=urls, formulas=True))
    for question in quiz["questions"]:
        question["prompt_html"] = str(render_markdown(question["prompt"], asset_url=urls,
                                                      formulas=True))
    return quiz


def _sync_items(course: Course, package: CoursePackage, modules: dict[str, Module],
                urls: Callable[[str], str], report: SyncReport) -> None:
    existing = _existing(Item, course)
    position = 0
    for module_spec in package.modules:
        for spec in module_spec.items:
            fields = _item_fields(spec, urls)
            fields.update(module_id=modules[module_spec.slug].id, position=position)
            position += 1
            item = existing.get(spec.slug)
            if item is None:
                db.session.add(Item(course_id=course.id, slug=spec.slug, **fields))
                report.added.append(spec.slug)
                continue
            if not item.is_live:
                report.restored.append(spec.slug)
                item.archived_at = None
            elif any(getattr(item, key) != value for key, value in fields.items()
                     if key != "position"):
                report.changed.append(spec.slug)
            for key, value in fields.items():
                setattr(item, key, value)
    keep = {item.slug for item in package.items}
    for slug, item in existing.items():
        if slug not in keep and item.is_live:
            item.archived_at = utcnow()
            report.archived.append(slug)
    db.session.flush()


def _sync_pages(course: Course, package: CoursePackage, urls: Callable[[str], str]) -> None:
    existing = _existing(CoursePage, course)
    for position, spec in enumerate(package.pages):
        page = existing.get(spec.slug) or CoursePage(course_id=course.id, slug=spec.slug)
        page.title, page.position, page.archived_at = spec.title, position, None
        page.body_html = str(render_markdown(spec.body, asset_url=urls, formulas=True))
        db.session.add(page)
    keep = {p.slug for p in package.pages}
    for slug, page in existing.items():
        if slug not in keep and page.is_live:
            page.archived_at = utcnow()
    db.session.flush()


def package_root(course: Course) -> Path:
    """Where the course's package files (and so its assets) live."""
    return Path(course.source_path)
