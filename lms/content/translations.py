"""Translations of a course package (translations/<lang>/ beside the source), checked against it.

Only text is translated (docs/i18n.md): slugs, files, kinds, numbers and whatever is graded
come from the source, and a translation file that holds them is an error. Everything is
optional: a missing string or file falls back to the source, field by field, file by file.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .assets import asset_problem
from .formulas import formula_problems
from .links import asset_links, asset_name
from .package import CoursePackage, ItemSpec, ModuleSpec, PageSpec, QuizSpec, package_files
from .problems import Problem
from .quizfile import AssetCheck, _check_formulas, _check_links
from .schema import Path as DataPath
from .tomldoc import TomlDocument, read_text

TRANSLATIONS_DIR = "translations"
MANIFEST = "course.toml"
FORMAT_VERSION = 1
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# What a translated course.toml may hold, per table; everything else comes from the source.
SECTIONS = {"pages": ("page", ("title",)), "modules": ("module", ("title", "summary")),
            "items": ("item", ("title", "objectives"))}
COURSE_TEXTS = ("title", "summary")
QUIZ_TEXTS = ("title", "intro")
QUESTION_TEXTS = ("prompt", "explanation", "feedback_correct", "feedback_incorrect",
                  "feedback_true", "feedback_false", "unit")
CHOICE_TEXTS = ("text", "feedback")
PAIR_TEXTS = ("left", "right")
NOT_TEXT = "may not be translated: only texts are, the rest comes from the source"

Report = Callable[[DataPath, str], None]  # records a problem at a data path of the file checked


@dataclass(frozen=True)
class Coverage:
    """How much of the source a translation covers: files and strings."""

    files: int = 0
    files_total: int = 0
    strings: int = 0
    strings_total: int = 0

    def describe(self, language: str) -> str:
        """One line for `flask courses check`."""
        done, total = self.files + self.strings, self.files_total + self.strings_total
        share = round(100 * done / total) if total else 100
        return (f"{language}: {self.files}/{self.files_total} files, "
                f"{self.strings}/{self.strings_total} strings translated ({share}%)")


@dataclass(frozen=True)
class Translation:
    """One language of a package: the translated strings and Markdown, keyed as the source."""

    language: str
    course: dict[str, str] = field(default_factory=dict)  # title, summary
    pages: dict[str, dict] = field(default_factory=dict)  # slug -> {"title": ...}
    modules: dict[str, dict] = field(default_factory=dict)  # slug -> {"title", "summary"}
    items: dict[str, dict] = field(default_factory=dict)  # slug -> {"title", "objectives"}
    texts: dict[str, str] = field(default_factory=dict)  # source Markdown file -> translated
    quizzes: dict[str, dict] = field(default_factory=dict)  # source quiz file -> its strings
    coverage: Coverage = field(default_factory=Coverage)


def load_translations(package: CoursePackage) -> tuple[tuple[Translation, ...], list[Problem]]:
    """Read and check every translations/<lang>/ folder of a valid package."""
    root = package.path / TRANSLATIONS_DIR
    if not root.is_dir():
        return (), []
    found, problems = [], []
    for folder in sorted(root.iterdir()):
        if folder.name.startswith("."):
            continue
        display = f"{package.path.name}/{TRANSLATIONS_DIR}/{folder.name}"
        if not folder.is_dir() or not _LANGUAGE_RE.match(folder.name):
            problems.append(Problem(display, 1, "expected a folder named by a language code in "
                                                'lower case, like "el" or "es"'))
            continue
        if folder.name == package.language:
            problems.append(Problem(display, 1, f'"{folder.name}" is the language of the '
                                                "source itself"))
            continue
        checker = _Checker(package, folder, display)
        translation = checker.run()
        problems.extend(checker.problems)
        if translation is not None:
            found.append(translation)
    return tuple(found), sorted(problems, key=lambda p: (p.file, p.line))


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


class _Checker:
    """Checks one language folder against the source package, collecting problems."""

    def __init__(self, package: CoursePackage, folder: Path, display: str):
        self.package, self.folder, self.display = package, folder, display
        self.language = folder.name
        self.problems: list[Problem] = []
        self.markdown = {spec.file for spec in package.pages} | {
            item.file for item in package.items if item.file and item.quiz is None}
        self.quizzes = _quiz_files(package)

    def run(self) -> Translation | None:
        translation = Translation(self.language)
        for relative in package_files(self.folder):
            display = f"{self.display}/{relative}"
            if relative == MANIFEST:
                self._manifest(display, translation)
            elif relative in self.markdown:
                self._markdown(relative, display, translation)
            elif relative in self.quizzes:
                self._quiz(relative, display, translation)
            else:
                self.problems.append(Problem(display, 1, f'"{relative}" has no counterpart in '
                                                         "the source package (same path, "
                                                         "relative to the package folder)"))
        if self.problems:
            return None
        return Translation(**{**translation.__dict__, "coverage": coverage(self.package,
                                                                           translation)})

    # course.toml --------------------------------------------------------------------------

    def _manifest(self, display: str, translation: Translation) -> None:
        doc, problems = TomlDocument.load(self.folder / MANIFEST, display)
        self.problems.extend(problems)
        if doc is None:
            return
        data = doc.data
        report: Report = lambda path, message: self.problems.append(  # noqa: E731
            Problem(display, doc.line(path), message))
        if "format" in data and data["format"] != FORMAT_VERSION:
            report(("format",), f"format {data['format']!r} is not supported; use "
                                f"format = {FORMAT_VERSION}")
        if "language" in data and data["language"] != self.language:
            report(("language",), f'"language" is {data["language"]!r} but the folder is '
                                  f'"{self.language}"')
        for key, value in data.items():
            if key in COURSE_TEXTS:
                if self._text(report, (key,), value):
                    translation.course[key] = value
            elif key in SECTIONS:
                self._section(report, key, value, getattr(translation, key))
            elif key not in ("format", "language"):
                report((key,), f'"{key}" {NOT_TEXT}')

    def _text(self, report: Report, path: DataPath, value: object) -> bool:
        if _is_text(value):
            return True
        report(path, f'"{path[-1]}" must be a non-empty text; leave it out to use the source')
        return False

    def _section(self, report: Report, name: str, value: object, into: dict) -> None:
        singular, allowed = SECTIONS[name]
        if not isinstance(value, dict):
            report((name,), f'"{name}" must be tables like [{name}.<slug>]')
            return
        sources: dict[str, Mapping[str, PageSpec | ModuleSpec | ItemSpec]] = {
            "pages": {p.slug: p for p in self.package.pages},
            "modules": {m.slug: m for m in self.package.modules},
            "items": {i.slug: i for i in self.package.items}}
        source = sources[name]
        for slug, table in value.items():
            path = (name, slug)
            if slug not in source:
                report(path, f'{singular} "{slug}" is not in the source course.toml')
                continue
            if not isinstance(table, dict):
                report(path, f'{singular} "{slug}" must be a table [{name}.{slug}]')
                continue
            spec = source[slug]
            strings: dict[str, str | tuple[str, ...]] = {}
            for key, text in table.items():
                if key not in allowed:
                    report(path + (key,), f'{singular} "{slug}": "{key}" {NOT_TEXT}')
                elif key == "objectives" and isinstance(spec, ItemSpec):  # only items have them
                    if self._objectives(report, path + (key,), text, spec):
                        strings[key] = tuple(text)
                elif self._text(report, path + (key,), text):
                    strings[key] = text
            into[slug] = strings

    def _objectives(self, report: Report, path: DataPath, value: object, item: ItemSpec) -> bool:
        if not isinstance(value, list) or not all(_is_text(o) for o in value):
            report(path, '"objectives" must be a list of non-empty texts')
            return False
        if len(value) != len(item.objectives):
            report(path, f"{len(value)} objectives, but the source has "
                         f"{len(item.objectives)}: translate each one, in the same order")
            return False
        return True

    # Markdown -----------------------------------------------------------------------------

    def _markdown(self, relative: str, display: str, translation: Translation) -> None:
        text, error = read_text(self.folder / relative)
        if text is None:
            line, message = error or (1, "cannot read")
            self.problems.append(Problem(display, line, message))
            return
        for line, message in formula_problems(text):
            self.problems.append(Problem(display, line, message))
        for line, target in asset_links(text):
            reason = asset_problem(self.package.path, asset_name(target))
            if reason:
                self.problems.append(Problem(display, line,
                                             f'link to "{target}": the asset {reason}'))
        translation.texts[relative] = text

    # Quizzes ------------------------------------------------------------------------------

    def _quiz(self, relative: str, display: str, translation: Translation) -> None:
        doc, problems = TomlDocument.load(self.folder / relative, display)
        self.problems.extend(problems)
        if doc is None:
            return
        report: Report = lambda path, message: self.problems.append(  # noqa: E731
            Problem(display, doc.line(path), message))
        source = self.quizzes[relative]
        for key, value in doc.data.items():
            if key in QUIZ_TEXTS:
                self._text(report, (key,), value)
            elif key == "questions" and isinstance(value, dict):
                by_slug = {q["slug"]: q for q in source.questions}
                for slug, strings in value.items():
                    self._question(report, ("questions", slug), strings, by_slug.get(slug))
            else:
                report((key,), f'"{key}" {NOT_TEXT}' if key != "questions"
                       else '"questions" must be tables like [questions.<slug>]')
        check: AssetCheck = lambda name: asset_problem(self.package.path, name)  # noqa: E731
        self.problems.extend(_check_links(doc, (), doc.data, check))
        self.problems.extend(_check_formulas(doc, (), doc.data))
        translation.quizzes[relative] = doc.data

    def _question(self, report: Report, path: DataPath, strings: object,
                  source: dict | None) -> None:
        if source is None:
            report(path, f'question "{path[-1]}" is not in the source quiz')
            return
        if not isinstance(strings, dict):
            report(path, f'question "{path[-1]}" must be a table')
            return
        for key, value in strings.items():
            where = path + (key,)
            if key in QUESTION_TEXTS:
                if key not in source:
                    report(where, f'the source question has no "{key}" to translate')
                else:
                    self._text(report, where, value)
            elif key == "answers" and "answers" in source:
                if not isinstance(value, list) or not value or not all(map(_is_text, value)):
                    report(where, '"answers" must be a list of accepted answers (texts)')
            elif key == "choices" and "choices" in source and isinstance(value, dict):
                choices = {c["slug"] for c in source["choices"]}
                for slug, table in value.items():
                    self._part(report, where + (slug,), table, CHOICE_TEXTS,
                               f'choice "{slug}"', slug in choices)
            elif key == "pairs" and "pairs" in source and isinstance(value, dict):
                count = len(source["pairs"])
                for number, table in value.items():
                    known = number.isdigit() and 1 <= int(number) <= count
                    self._part(report, where + (number,), table, PAIR_TEXTS,
                               f"pair {number} (pairs are numbered 1 to {count})", known)
            else:
                report(where, f'"{key}" {NOT_TEXT}')

    def _part(self, report: Report, path: DataPath, table: object, allowed: tuple[str, ...],
              label: str, known: bool) -> None:
        if not known:
            report(path, f"{label} is not in the source question")
            return
        if not isinstance(table, dict):
            report(path, f"{label} must be a table")
            return
        for key, value in table.items():
            if key in allowed:
                self._text(report, path + (key,), value)
            else:
                report(path + (key,), f'{label}: "{key}" {NOT_TEXT}')


# Coverage ---------------------------------------------------------------------------------

def _quiz_strings(quiz: dict) -> list[tuple]:
    """Every translatable string of a quiz, as a key path (the source or a translation)."""
    keys: list[tuple] = [(k,) for k in QUIZ_TEXTS if quiz.get(k)]
    questions = quiz.get("questions") or {}
    if isinstance(questions, list | tuple):  # the source: a list of question dicts
        questions = {q["slug"]: {**q, "choices": {c["slug"]: c for c in q.get("choices", [])},
                                 "pairs": {str(n): p for n, p in
                                           enumerate(q.get("pairs", []), start=1)}}
                     for q in questions}
    for slug, question in questions.items():
        keys += [("q", slug, k) for k in (*QUESTION_TEXTS, "answers") if question.get(k)]
        for part, texts in (("choices", CHOICE_TEXTS), ("pairs", PAIR_TEXTS)):
            for name, table in (question.get(part) or {}).items():
                keys += [("q", slug, part, name, k) for k in texts if table.get(k)]
    return keys


def coverage(package: CoursePackage, translation: Translation) -> Coverage:
    """Files and strings of the source that the translation covers."""
    total: list[tuple[str, ...]] = []
    done: list[tuple[str, ...]] = []
    course = {"title": package.title, "summary": package.summary}
    total += [("course", k) for k, v in course.items() if v]
    done += [("course", k) for k in translation.course]
    for name, specs in (("pages", package.pages), ("modules", package.modules),
                        ("items", package.items)):
        for spec in specs:
            keys = [k for k in SECTIONS[name][1] if getattr(spec, k, None)]
            total += [(name, spec.slug, k) for k in keys]
            done += [(name, spec.slug, k) for k in getattr(translation, name).get(spec.slug, {})]
    for relative, quiz in _quiz_files(package).items():
        total += [(relative, *key) for key in _quiz_strings({
            "title": quiz.title, "intro": quiz.intro, "questions": quiz.questions})]
        done += [(relative, *key) for key in _quiz_strings(translation.quizzes.get(relative, {}))]
    files = {p.file for p in package.pages} | {i.file for i in package.items if i.file}
    translated_files = set(translation.texts) | set(translation.quizzes)
    return Coverage(len(translated_files & files), len(files), len(set(done) & set(total)),
                    len(total))


def _quiz_files(package: CoursePackage) -> dict[str, QuizSpec]:
    """The source's quiz files, by path, with the quiz each one holds."""
    return {item.file: item.quiz for item in package.items if item.quiz is not None}


# Applying a translation -------------------------------------------------------------------

def translated_quiz(quiz: dict, strings: dict, title: str | None) -> dict:
    """The stored source quiz with its texts replaced by ``strings`` (a checked quiz.toml of a
    translation); slugs, answers, tolerances and correctness stay the source's. ``title`` is
    the translated item title, used when the quiz file gives none of its own."""
    result = copy.deepcopy(quiz)
    for key in QUIZ_TEXTS:
        if key in strings:
            result[key] = strings[key]
    if "title" not in strings and title:
        result["title"] = title
    translated = strings.get("questions") or {}
    for question in result["questions"]:
        mine = translated.get(question["slug"]) or {}
        for key in QUESTION_TEXTS:
            if key in mine:
                question[key] = mine[key]
        if "answers" in mine:  # the source's answers stay accepted too
            question["answers"] = list(dict.fromkeys([*mine["answers"], *question["answers"]]))
        for choice in question.get("choices", []):
            choice.update({k: v for k, v in (mine.get("choices") or {})
                           .get(choice["slug"], {}).items() if k in CHOICE_TEXTS})
        for number, pair in enumerate(question.get("pairs", []), start=1):
            pair.update({k: v for k, v in (mine.get("pairs") or {}).get(str(number), {}).items()
                         if k in PAIR_TEXTS})
    return result
