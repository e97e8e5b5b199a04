"""Check the translations shipped with the course packages against their source.

A translation (``courses/<package>/translations/<lang>/``, format in
docs / TRANSLATION-FORMAT) may only carry text: these tests catch a slug that is
not in the source, a key that would change what is graded, an objectives list of
another length, a Markdown file with no source counterpart, a number dropped or
mistyped while translating, and a table, heading, formula or link that changed
shape. Numbers are compared by value, so "13,200" (English) and "13.200"
(Greek, Spanish, Danish) count as the same number.

Pure Python: nothing here imports the application.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

COURSES = Path(__file__).resolve().parents[2] / "courses"

TRANSLATIONS = sorted(
    folder
    for package in sorted(COURSES.iterdir())
    if (package / "translations").is_dir()
    for folder in sorted((package / "translations").iterdir())
    if folder.is_dir()
)

# Languages that write 1.234,5 (grouping dot, decimal comma); anything else is read like English.
DECIMAL_COMMA = {"da", "de", "el", "es", "it", "nl", "pt"}

COURSE_KEYS = {"format", "language", "title", "summary", "pages", "modules", "items"}
PAGE_KEYS = {"title"}
MODULE_KEYS = {"title", "summary"}
ITEM_KEYS = {"title", "objectives"}
QUIZ_KEYS = {"title", "intro", "questions"}
QUESTION_TEXT_KEYS = {
    "prompt",
    "explanation",
    "feedback_correct",
    "feedback_incorrect",
    "feedback_true",
    "feedback_false",
    "unit",
    "answers",
}
CHOICE_KEYS = {"text", "feedback"}
PAIR_KEYS = {"left", "right"}


def _ids(paths):
    return [f"{p.parent.parent.name}/{p.name}" for p in paths]


def package_of(folder: Path) -> Path:
    return folder.parent.parent


def load(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


# --------------------------------------------------------------------------
# Numbers, formulas, links and tables in Markdown
# --------------------------------------------------------------------------

MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
CODE = re.compile(r"`[^`\n]+`")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
URL = re.compile(r"https?://\S+")
ENGLISH_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
COMMA_NUMBER = re.compile(r"\d{1,3}(?:[.\u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def strip_fixed(text: str) -> str:
    """Remove the parts that must stay byte-identical (math, code, link targets, URLs)."""
    for pattern in (MATH, CODE, LINK_TARGET, URL):
        text = pattern.sub(" ", text)
    return text


def numbers(text: str, language: str) -> Counter:
    """The multiset of numeric values written in ``text``, read the way ``language`` writes them."""
    text = strip_fixed(text)
    if language in DECIMAL_COMMA:
        found = COMMA_NUMBER.findall(text)
        values = [re.sub(r"[.\u00a0\u202f]", "", n).replace(",", ".") for n in found]
    else:
        values = [n.replace(",", "") for n in ENGLISH_NUMBER.findall(text)]
    return Counter(Fraction(v) for v in values)


def number_difference(source: str, translated: str, language: str) -> str:
    want, got = numbers(source, "en"), numbers(translated, language)
    missing = {str(k): n for k, n in (want - got).items()}
    extra = {str(k): n for k, n in (got - want).items()}
    return "" if not (missing or extra) else f"missing {missing}, extra {extra}"


def tables(text: str) -> list[tuple[int, int, str]]:
    """Each Markdown table as (rows, columns, alignment row)."""
    shapes, rows, columns, align = [], 0, 0, ""
    for line in text.splitlines() + [""]:
        if line.lstrip().startswith("|"):
            cells = line.strip().strip("|").split("|")
            if rows == 1:
                align = line.strip()
            rows, columns = rows + 1, max(columns, len(cells))
        elif rows:
            shapes.append((rows, columns, align))
            rows, columns, align = 0, 0, ""
    return shapes


def formulas(text: str) -> list[str]:
    """Formulas with the words in \\text{...} blanked: only those words are translated."""
    return [re.sub(r"\\text\{[^{}]*\}", r"\\text{}", m) for m in MATH.findall(text)]


def headings(text: str) -> list[int]:
    return [len(m.group(1)) for m in re.finditer(r"^(#{1,6}) ", text, re.M)]


def admonitions(text: str) -> list[str]:
    return re.findall(r"^!!! (\w+)", text, re.M)


# --------------------------------------------------------------------------
# course.toml
# --------------------------------------------------------------------------


# A translation without course.toml falls back to the source's strings: nothing to check.
WITH_COURSE_STRINGS = [folder for folder in TRANSLATIONS if (folder / "course.toml").exists()]


@pytest.mark.parametrize("folder", WITH_COURSE_STRINGS, ids=_ids(WITH_COURSE_STRINGS))
def test_course_strings_match_source_slugs_and_translatable_keys(folder):
    path = folder / "course.toml"
    source = load(package_of(folder) / "course.toml")
    translated = load(path)
    assert translated.get("language") == folder.name
    assert set(translated) <= COURSE_KEYS, set(translated) - COURSE_KEYS

    pages = {p["slug"] for p in source.get("pages", [])}
    modules = {m["slug"] for m in source["modules"]}
    items = {i["slug"]: i for m in source["modules"] for i in m.get("items", [])}
    for slug, strings in translated.get("pages", {}).items():
        assert slug in pages, f"pages.{slug} is not a page of the source"
        assert set(strings) <= PAGE_KEYS, f"pages.{slug}: {set(strings) - PAGE_KEYS}"
    for slug, strings in translated.get("modules", {}).items():
        assert slug in modules, f"modules.{slug} is not a module of the source"
        assert set(strings) <= MODULE_KEYS, f"modules.{slug}: {set(strings) - MODULE_KEYS}"
    for slug, strings in translated.get("items", {}).items():
        assert slug in items, f"items.{slug} is not an item of the source"
        assert set(strings) <= ITEM_KEYS, f"items.{slug}: {set(strings) - ITEM_KEYS}"
        if "objectives" in strings:
            want = len(items[slug].get("objectives", []))
            assert len(strings["objectives"]) == want, f"items.{slug}: objectives count"
    tables_with_text = [translated, *translated.get("modules", {}).values()]
    for table in tables_with_text + list(translated.get("items", {}).values()):
        for key in ("title", "summary"):
            if key in table:
                assert isinstance(table[key], str) and table[key].strip(), key


# --------------------------------------------------------------------------
# quiz.toml
# --------------------------------------------------------------------------

QUIZZES = [(folder, quiz) for folder in TRANSLATIONS for quiz in sorted(folder.rglob("quiz.toml"))]


def _choice_strings(where: str, question: dict, value: dict):
    choices = {c["slug"]: c for c in question.get("choices", [])}
    for choice, texts in value.items():
        assert choice in choices, f"{where}.{choice} is not a choice of the source"
        for key, text in texts.items():
            at = f"{where}.{choice}.{key}"
            assert key in CHOICE_KEYS, f"{at} may not be translated"
            assert key in choices[choice], f"{at}: not in the source"
            yield at, choices[choice][key], text


def _pair_strings(where: str, question: dict, value: dict):
    pairs = question.get("pairs", [])
    for position, texts in value.items():
        assert position.isdigit() and 1 <= int(position) <= len(pairs), f"{where}.{position}"
        for key, text in texts.items():
            assert key in PAIR_KEYS, f"{where}.{position}.{key} may not be translated"
            yield f"{where}.{position}.{key}", pairs[int(position) - 1][key], text


def _quiz_strings(source: dict, translated: dict):
    """Yield (where, source text, translated text) for every translated string, checking keys."""
    assert set(translated) <= QUIZ_KEYS, set(translated) - QUIZ_KEYS
    for key in ("title", "intro"):
        if key in translated:
            yield key, source[key], translated[key]
    questions = {q["slug"]: q for q in source["questions"]}
    for slug, strings in translated.get("questions", {}).items():
        assert slug in questions, f"questions.{slug} is not a question of the source"
        question = questions[slug]
        for key, value in strings.items():
            where = f"questions.{slug}.{key}"
            if key == "choices":
                yield from _choice_strings(where, question, value)
            elif key == "pairs":
                yield from _pair_strings(where, question, value)
            else:
                assert key in QUESTION_TEXT_KEYS, f"{where} may not be translated"
                assert key in question, f"{where}: the source question has no {key}"
                if key == "answers":
                    assert value and all(isinstance(a, str) and a.strip() for a in value), where
                    continue
                yield where, question[key], value


@pytest.mark.parametrize(
    ("folder", "quiz"), QUIZZES, ids=[f"{f.name}/{q.relative_to(f)}" for f, q in QUIZZES]
)
def test_quiz_strings_match_source_and_keep_every_number(folder, quiz):
    source_path = package_of(folder) / quiz.relative_to(folder)
    assert source_path.exists(), f"{quiz.relative_to(folder)} has no source quiz"
    source, translated = load(source_path), load(quiz)
    problems = []
    for where, original, text in _quiz_strings(source, translated):
        assert isinstance(text, str) and text.strip(), f"{where}: empty"
        difference = number_difference(original, text, folder.name)
        if difference:
            problems.append(f"{where}: {difference}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------
# Markdown files
# --------------------------------------------------------------------------

PAGES = [(folder, page) for folder in TRANSLATIONS for page in sorted(folder.rglob("*.md"))]
PAGE_IDS = [f"{f.name}/{p.relative_to(f)}" for f, p in PAGES]


def _source(folder: Path, page: Path) -> Path:
    return package_of(folder) / page.relative_to(folder)


@pytest.mark.parametrize(("folder", "page"), PAGES, ids=PAGE_IDS)
def test_markdown_has_a_source_counterpart(folder, page):
    assert _source(folder, page).is_file(), f"{page.relative_to(folder)} has no source file"


@pytest.mark.parametrize(("folder", "page"), PAGES, ids=PAGE_IDS)
def test_markdown_keeps_every_number(folder, page):
    source = _source(folder, page).read_text(encoding="utf-8")
    difference = number_difference(source, page.read_text(encoding="utf-8"), folder.name)
    assert not difference, difference


@pytest.mark.parametrize(("folder", "page"), PAGES, ids=PAGE_IDS)
def test_markdown_keeps_tables_headings_math_and_links(folder, page):
    source = _source(folder, page).read_text(encoding="utf-8")
    translated = page.read_text(encoding="utf-8")
    assert tables(translated) == tables(source), "tables differ in shape"
    assert headings(translated) == headings(source), "heading structure differs"
    assert admonitions(translated) == admonitions(source), "admonitions differ"
    # Sorted: a glossary is ordered by the translated terms, so its entries may move.
    assert sorted(formulas(translated)) == sorted(formulas(source)), "formulas must stay identical"
    assert sorted(LINK_TARGET.findall(translated)) == sorted(LINK_TARGET.findall(source)), "links"


# --------------------------------------------------------------------------
# The checker itself
# --------------------------------------------------------------------------


def test_numbers_are_read_by_value_in_each_convention():
    english = "13,200 ÷ 252,000 = 0.0524, or 5.24%; LQ 1.25 in 2022; −360 jobs"
    greek = "13.200 ÷ 252.000 = 0,0524, ή 5,24%· LQ 1,25 το 2022· −360 θέσεις"
    assert number_difference(english, greek, "el") == ""
    assert number_difference(english, greek.replace("0,0524", "0,0542"), "el")
    assert number_difference(english, greek.replace("1,25", "1.25"), "el")
    assert number_difference(english, greek.replace(" το 2022", ""), "el")
    assert number_difference("$e_{ir} / 2$ and 3", "$e_{ir} / 2$ και 3", "da") == ""


def test_table_shape_catches_a_dropped_column():
    source = "| a | b |\n|---|---:|\n| 1 | 2 |\n"
    assert tables(source) == [(3, 2, "|---|---:|")]
    assert tables("| a |\n|---|\n| 1 |\n") != tables(source)


# --------------------------------------------------------------------------
# The shipped course: its overview, glossary and module 1 are fully translated
# --------------------------------------------------------------------------

SHIPPED = COURSES / "cluster-management"
SHIPPED_LANGUAGES = ["da", "el", "es"]


def _missing_course_strings(source: dict, translated: dict) -> list[str]:
    missing = [key for key in ("title", "summary") if key not in translated]
    for page in source.get("pages", []):
        if "title" not in translated.get("pages", {}).get(page["slug"], {}):
            missing.append(f"pages.{page['slug']}.title")
    for module in source["modules"]:
        strings = translated.get("modules", {}).get(module["slug"], {})
        at = f"modules.{module['slug']}"
        missing += [f"{at}.{k}" for k in ("title", "summary") if k not in strings]
        for item in module.get("items", []):
            have = translated.get("items", {}).get(item["slug"], {})
            want = ["title"] + (["objectives"] if item.get("objectives") else [])
            missing += [f"items.{item['slug']}.{k}" for k in want if k not in have]
    return missing


def _missing_quiz_strings(source: dict, translated: dict) -> list[str]:
    missing = [key for key in ("title", "intro") if key in source and key not in translated]
    for question in source["questions"]:
        have = translated.get("questions", {}).get(question["slug"], {})
        at = f"questions.{question['slug']}"
        wanted = [k for k in sorted(QUESTION_TEXT_KEYS) if k in question]
        missing += [f"{at}.{k}" for k in wanted if k not in have]
        for choice in question.get("choices", []):
            texts = have.get("choices", {}).get(choice["slug"], {})
            where = f"{at}.choices.{choice['slug']}"
            missing += [f"{where}.{k}" for k in sorted(CHOICE_KEYS & set(choice)) if k not in texts]
        for position, pair in enumerate(question.get("pairs", []), start=1):
            texts = have.get("pairs", {}).get(str(position), {})
            where = f"{at}.pairs.{position}"
            missing += [f"{where}.{k}" for k in sorted(PAIR_KEYS & set(pair)) if k not in texts]
    return missing


@pytest.mark.parametrize("language", SHIPPED_LANGUAGES)
def test_shipped_course_overview_glossary_and_module_1_are_complete(language):
    folder = SHIPPED / "translations" / language
    source = load(SHIPPED / "course.toml")
    assert _missing_course_strings(source, load(folder / "course.toml")) == []
    wanted = ["glossary.md"] + [
        f"01-mapping/{page.name}" for page in sorted((SHIPPED / "01-mapping").glob("*.md"))
    ]
    assert [name for name in wanted if not (folder / name).is_file()] == []
    quiz = "01-mapping/quiz.toml"
    assert _missing_quiz_strings(load(SHIPPED / quiz), load(folder / quiz)) == []


def test_completeness_check_notices_a_missing_choice_feedback():
    source = load(SHIPPED / "01-mapping" / "quiz.toml")
    translated = load(SHIPPED / "translations" / "el" / "01-mapping" / "quiz.toml")
    del translated["questions"]["porter-definition"]["choices"]["b"]["feedback"]
    assert _missing_quiz_strings(source, translated) == [
        "questions.porter-definition.choices.b.feedback"
    ]
