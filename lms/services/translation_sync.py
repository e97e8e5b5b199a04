"""Import a package's translations (lms.content.translations) beside its source rows.

Run inside the package's sync transaction: the rows of every language are replaced at each
sync of a changed package, so a translation removed from the package leaves no trace. Only
what the translator wrote is stored; the rest falls back to the source when read.
"""

from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale

from lms.content.package import CoursePackage, ItemSpec
from lms.content.rendering import render_markdown
from lms.content.translations import Translation, translated_quiz
from lms.extensions import db
from lms.i18n.lookup import gettext
from lms.models import ContentTranslation, Course


def sync_translations(course: Course, package: CoursePackage,
                      asset_url: Callable[[str], str]) -> None:
    """Replace the course's translated texts with the package's."""
    db.session.execute(sa.delete(ContentTranslation)
                       .where(ContentTranslation.course_id == course.id))
    for translation in package.translations:
        db.session.add_all(_rows(course, package, translation, asset_url))
    db.session.flush()


def _html(markdown: str, asset_url: Callable[[str], str]) -> str:
    return str(render_markdown(markdown, asset_url=asset_url, formulas=True))


def _rows(course: Course, package: CoursePackage, translation: Translation,
          asset_url: Callable[[str], str]) -> Iterator[ContentTranslation]:
    language = translation.language

    def row(target: str, slug: str, **fields: Any) -> ContentTranslation:
        return ContentTranslation(course_id=course.id, language=language, target=target,
                                  slug=slug, **fields)

    if translation.course:
        yield row("course", "", title=translation.course.get("title"),
                  summary=translation.course.get("summary"))
    for module in package.modules:
        strings = translation.modules.get(module.slug)
        if strings:
            yield row("module", module.slug, title=strings.get("title"),
                      summary=strings.get("summary"))
    for page in package.pages:
        strings, text = translation.pages.get(page.slug, {}), translation.texts.get(page.file)
        if strings or text:
            yield row("page", page.slug, title=strings.get("title"),
                      body_html=_html(text, asset_url) if text else None)
    for item in package.items:
        fields = _item_fields(item, translation, asset_url)
        if any(value is not None for value in fields.values()):
            yield row("item", item.slug, **fields)


def _item_fields(item: ItemSpec, translation: Translation,
                 asset_url: Callable[[str], str]) -> dict:
    """Title, body (with the objectives box, in the language) and quiz texts of an item."""
    strings = translation.items.get(item.slug, {})
    title = strings.get("title")
    text = translation.texts.get(item.file) if item.file else None
    objectives = strings.get("objectives")
    body_html = None
    if item.body and text:  # objectives alone leave the page in the source: it says so
        with force_locale(translation.language):
            heading = gettext("After this lesson you will be able to")
        body = text or item.body
        if item.objectives:
            lines = [f'!!! note "{heading}"']
            lines += [f"    - {' '.join(o.split())}" for o in objectives or item.objectives]
            body = "\n".join(lines) + "\n\n" + body
        body_html = _html(body, asset_url)
    quiz = None
    quiz_strings = translation.quizzes.get(item.file) if item.quiz else None
    if item.quiz and (quiz_strings or title):
        quiz = _quiz(item, quiz_strings or {}, title, asset_url)
    return {"title": title, "body_html": body_html, "quiz": quiz}


def _quiz(item: ItemSpec, strings: dict, title: str | None,
          asset_url: Callable[[str], str]) -> dict:
    """The stored quiz of the item with the translated texts, prompts re-rendered."""
    from lms.services.course_sync import quiz_dict

    source = quiz_dict(item, asset_url)
    if source is None:
        raise ValueError(f'item "{item.slug}" has no quiz to translate')
    quiz = translated_quiz(source, strings, title if source["title"] == item.title else None)
    quiz["intro_html"] = _html(quiz["intro"], asset_url)
    for question in quiz["questions"]:
        question["prompt_html"] = _html(question["prompt"], asset_url)
    return quiz
