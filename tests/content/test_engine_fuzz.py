"""Property tests: any text in course.toml or a quiz file gives problems, never an exception."""

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.content.loader import load_package

SAMPLE = Path(__file__).parents[1] / "fixtures" / "courses" / "sample"

KEYS = ["format", "slug", "title", "summary", "language", "authors", "licence",
        "attendance_counts", "file", "kind", "minutes", "prerequisites", "items", "modules",
        "pages", "pass_mark", "max_attempts", "show_feedback", "questions", "type", "prompt",
        "points", "choices", "correct", "feedback", "answer", "answers", "tolerance", "pairs",
        "left", "right", "feedback_true", "feedback_false", "feedback_correct",
        "feedback_incorrect", "unit", "bogus"]
VALUES = ['"x"', '"basics-intro"', '"quiz"', '"theory"', '"02-practice/quiz.toml"',
          '"01-basics/intro.md"', '"../course.toml"', '"/etc/passwd"', '"\\u0000"', '"assets/"',
          '"a/b/c/d.md"', '"single_choice"', '"matching"', '"numeric"', "1", "-1", "0", "1.5",
          "nan", "inf", "true", "false", "[]", '["a", "a"]', '["basics-intro"]', "[1, 2]",
          "{}", '{ slug = "x" }', "[{}]", "1979-05-27", '"""\nmulti\n"""', '"' + "y" * 300 + '"']
HEADERS = ["[[modules]]", "[[modules.items]]", "[[pages]]", "[[questions]]",
           "[[questions.choices]]", "[[questions.pairs]]", "[modules]", "[quiz]", "[[items]]"]

toml_line = (
    st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(KEYS), st.sampled_from(VALUES))
    | st.sampled_from(HEADERS)
    | st.text(max_size=40)
)
tomlish = st.lists(toml_line, max_size=25).map("\n".join)


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """A copy of the sample package whose course.toml or quiz.toml each example overwrites."""
    return Path(shutil.copytree(SAMPLE, tmp_path_factory.mktemp("fuzz") / "sample"))


def mutated(original: str, data: st.DataObject) -> str:
    """The original text with a few lines replaced, deleted or duplicated."""
    lines = original.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["replace", "delete", "duplicate"]))
        if action == "replace":
            lines[index] = data.draw(toml_line)
        elif action == "delete":
            del lines[index]
        else:
            lines.insert(index, lines[index])
        if not lines:
            break
    return "\n".join(lines)


def assert_problems_only(path: Path) -> None:
    package, problems = load_package(path)
    assert (package is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1 and problem.file.startswith("sample")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), generated=tomlish, use_generated=st.booleans())
def test_any_course_toml_gives_problems_not_exceptions(package, data, generated, use_generated):
    original = (SAMPLE / "course.toml").read_text()
    text = generated if use_generated else mutated(original, data)
    try:
        (package / "course.toml").write_text(text)
        assert_problems_only(package)
    finally:
        (package / "course.toml").write_text(original)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), generated=tomlish, use_generated=st.booleans())
def test_any_quiz_toml_gives_problems_not_exceptions(package, data, generated, use_generated):
    original = (SAMPLE / "02-practice/quiz.toml").read_text()
    text = generated if use_generated else mutated(original, data)
    try:
        (package / "02-practice/quiz.toml").write_text(text)
        assert_problems_only(package)
    finally:
        (package / "02-practice/quiz.toml").write_text(original)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_any_markdown_gives_problems_not_exceptions(package, text):
    (package / "01-basics/case.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    assert_problems_only(package)
