"""`flask courses check` on translations/<lang>/: file:line errors, coverage as information."""

from pathlib import Path

import pytest

from lms.content.loader import check_packages, load_package
from tests.fixtures.content import SAMPLE

EL = Path("translations") / "el"


@pytest.fixture
def translated_copy(translated_sample):
    return translated_sample


def problems_of(path) -> list[str]:
    return [str(p) for p in check_packages([path])]


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def test_the_sample_translation_is_valid_and_covered_in_part(translated_copy):
    package, problems = load_package(translated_copy)
    assert problems == []
    [greek] = package.translations
    assert greek.language == "el" and greek.course["title"] == "Δείγμα μαθήματος"
    assert set(greek.texts) == {"01-basics/intro.md"}
    coverage = greek.coverage
    assert (coverage.files, coverage.files_total) == (2, 5)
    assert 0 < coverage.strings < coverage.strings_total
    assert coverage.describe("el").startswith("el: 2/5 files, ")


def test_a_slug_not_in_the_source_is_reported_on_its_line(translated_copy):
    manifest = translated_copy / EL / "course.toml"
    lines = len(manifest.read_text().splitlines())
    append(manifest, '\n[items.no-such-item]\ntitle = "x"\n')
    assert problems_of(translated_copy) == [
        f'sample/translations/el/course.toml:{lines + 2}: item "no-such-item" is not in the '
        "source course.toml"]


@pytest.mark.parametrize(("table", "key"), [
    ("items.basics-case", 'minutes = 3'), ("items.practice-reflection", 'file = "x.md"'),
    ("modules.practice", 'slug = "other"'), ("items.basics-case", 'prerequisites = []'),
])
def test_keys_that_are_not_text_may_not_be_translated(translated_copy, table, key):
    manifest = translated_copy / EL / "course.toml"
    lines = len(manifest.read_text().splitlines())
    append(manifest, f"\n[{table}]\n{key}\n")
    [problem] = problems_of(translated_copy)
    assert problem.startswith(f"sample/translations/el/course.toml:{lines + 3}: ")
    assert f'"{key.split()[0]}" may not be translated' in problem


def test_objectives_must_keep_the_sources_count(translated_copy):
    source = translated_copy / "course.toml"
    source.write_text(source.read_text().replace(
        'file = "01-basics/intro.md"', 'file = "01-basics/intro.md"\n  objectives = ["A", "B"]'))
    manifest = translated_copy / EL / "course.toml"
    manifest.write_text(manifest.read_text().replace(
        '[items.basics-intro]\ntitle = "Εισαγωγή"', '[items.basics-intro]\ntitle = "Εισαγωγή"\n'
        'objectives = ["Α"]'))
    [problem] = problems_of(translated_copy)
    assert "course.toml:" in problem
    assert "1 objectives, but the source has 2" in problem


@pytest.mark.parametrize(("question", "key"), [
    ("lq-compute", "answer = 3.0"), ("lq-compute", "tolerance = 1"),
    ("lq-above-one", "answer = false"), ("lq-meaning", "points = 5"),
    ("lq-meaning", 'type = "numeric"'),
])
def test_what_is_graded_cannot_be_changed(translated_copy, question, key):
    quiz = translated_copy / EL / "02-practice" / "quiz.toml"
    lines = len(quiz.read_text().splitlines())
    append(quiz, f"\n[questions.{question}.x]\n")  # a stray table, reported too
    quiz.write_text(quiz.read_text().replace(f"[questions.{question}]\n",
                                             f"[questions.{question}]\n{key}\n"))
    problems = problems_of(translated_copy)
    assert any(f'"{key.split()[0]}" may not be translated' in p for p in problems), problems
    assert all(p.startswith("sample/translations/el/02-practice/quiz.toml:") for p in problems)
    assert any(p.startswith(f"sample/translations/el/02-practice/quiz.toml:{lines + 3}:")
               for p in problems), problems


def test_choice_correctness_and_pass_mark_cannot_be_changed(translated_copy):
    quiz = translated_copy / EL / "02-practice" / "quiz.toml"
    text = quiz.read_text().replace("[questions.lq-meaning.choices.b]\n",
                                    "[questions.lq-meaning.choices.b]\ncorrect = true\n")
    quiz.write_text("pass_mark = 10\n" + text)
    problems = problems_of(translated_copy)
    assert problems[0] == ('sample/translations/el/02-practice/quiz.toml:1: "pass_mark" may not '
                           "be translated: only texts are, the rest comes from the source")
    assert 'choice "b": "correct" may not be translated' in problems[1]


def test_unknown_question_choice_and_pair_are_reported(translated_copy):
    quiz = translated_copy / EL / "02-practice" / "quiz.toml"
    append(quiz, '\n[questions.nope]\nprompt = "x"\n[questions.lq-meaning.choices.z]\n'
                 'text = "x"\n[questions.lifecycle-match.pairs.3]\nleft = "x"\n')
    problems = problems_of(translated_copy)
    assert any('question "nope" is not in the source quiz' in p for p in problems)
    assert any('choice "z" is not in the source question' in p for p in problems)
    assert any("pair 3 (pairs are numbered 1 to 2) is not in the source question" in p
               for p in problems)


def test_markdown_without_a_source_counterpart_is_an_error(translated_copy):
    (translated_copy / EL / "01-basics" / "extra.md").write_text("# Extra\n")
    assert problems_of(translated_copy) == [
        'sample/translations/el/01-basics/extra.md:1: "01-basics/extra.md" has no counterpart '
        "in the source package (same path, relative to the package folder)"]


def test_translated_markdown_is_checked_like_the_source(translated_copy):
    intro = translated_copy / EL / "01-basics" / "intro.md"
    append(intro, "\n[Λείπει](assets/missing.csv)\n")
    [problem] = problems_of(translated_copy)
    assert problem.startswith("sample/translations/el/01-basics/intro.md:")
    assert 'link to "assets/missing.csv": the asset does not exist' in problem


def test_the_folder_and_the_language_must_agree(translated_copy):
    manifest = translated_copy / EL / "course.toml"
    manifest.write_text(manifest.read_text().replace('language = "el"', 'language = "es"'))
    (translated_copy / "translations" / "en").mkdir()
    problems = problems_of(translated_copy)
    assert problems == [
        'sample/translations/el/course.toml:5: "language" is \'es\' but the folder is "el"',
        'sample/translations/en:1: "en" is the language of the source itself']


def test_a_broken_translation_keeps_the_package_out_of_sync(app, translated_copy):
    manifest = translated_copy / EL / "course.toml"
    append(manifest, "\n[items.basics-case]\nminutes = 1\n")
    package, problems = load_package(translated_copy)
    assert package is None and problems


def test_a_package_without_translations_has_none():
    package, problems = load_package(SAMPLE)
    assert problems == [] and package.translations == ()


def test_check_prints_coverage_per_language(app, translated_copy):
    result = app.test_cli_runner().invoke(args=["courses", "check", str(translated_copy)])
    assert result.exit_code == 0, result.output
    assert "sample: translation el: 2/5 files, " in result.output
    assert "1 package(s) checked, no problems." in result.output


def test_translated_markdown_that_is_not_utf8_is_reported_on_its_line(translated_copy):
    intro = translated_copy / EL / "01-basics" / "intro.md"
    intro.write_bytes("# Εισαγωγή\n\nΚείμενο\n".encode() + b"caf\xe9\n")
    [problem] = problems_of(translated_copy)
    assert problem.startswith("sample/translations/el/01-basics/intro.md:4: the byte 0xe9 ")
    assert problem.endswith("save the file as UTF-8")
