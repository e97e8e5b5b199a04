"""Loading the sample package, content hashes, assets and checking several packages."""

import shutil
from pathlib import Path

import pytest

from lms.content.loader import check_packages, load_package
from lms.content.package import CoursePackage, ItemSpec, QuizSpec
from lms.content.problems import PackageError, Problem

FIXTURES = Path(__file__).parents[1] / "fixtures"
SAMPLE = FIXTURES / "courses" / "sample"


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A writable copy of the sample package."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "sample"))


def load(path: Path) -> CoursePackage:
    package, problems = load_package(path)
    assert problems == []
    assert package is not None
    return package


def test_sample_package_loads_completely():
    package = load(SAMPLE)
    assert package.path == SAMPLE.resolve()
    assert (package.slug, package.title, package.language) == ("sample", "Sample course", "en")
    assert package.authors == ("Test Trainer",) and package.licence == "CC BY 4.0"
    assert package.attendance_counts is False
    assert [m.slug for m in package.modules] == ["basics", "practice"]
    assert [(i.slug, i.kind) for i in package.items] == [
        ("basics-intro", "theory"), ("basics-case", "case"),
        ("practice-quiz", "quiz"), ("practice-reflection", "reflection"),
    ]
    assert [p.slug for p in package.pages] == ["glossary"]
    assert package.pages[0].body.startswith("## Terms")
    assert len(package.content_hash) == 64


def test_items_carry_their_body_or_quiz():
    items = {item.slug: item for item in load(SAMPLE).items}
    intro = items["basics-intro"]
    assert intro == ItemSpec(
        slug="basics-intro", kind="theory", title="Introduction", file="01-basics/intro.md",
        minutes=5, prerequisites=(), body=(SAMPLE / "01-basics/intro.md").read_text(), quiz=None,
    )
    assert items["basics-case"].prerequisites == ("basics-intro",)
    assert items["practice-reflection"].prerequisites == ()  # omitted: defaults to none
    quiz_item = items["practice-quiz"]
    assert quiz_item.body == ""
    quiz = quiz_item.quiz
    assert isinstance(quiz, QuizSpec)
    assert (quiz.title, quiz.pass_mark, quiz.max_attempts, quiz.show_feedback) == (
        "Check your understanding", 70, 3, "after_each_attempt")
    assert (quiz.shuffle_questions, quiz.shuffle_choices) == (False, False)
    assert [q["slug"] for q in quiz.questions] == [
        "lq-meaning", "helix-actors", "lq-above-one", "helix-name", "lq-compute",
        "lifecycle-match"]
    assert [q["points"] for q in quiz.questions] == [1, 2, 1, 1, 1, 1]  # points default to 1


def test_quiz_title_defaults_to_the_item_title(sample_copy):
    quiz_file = sample_copy / "02-practice/quiz.toml"
    quiz_file.write_text(quiz_file.read_text().replace('title = "Check your understanding"\n', ""))
    package = load(sample_copy)
    assert package.items[2].quiz.title == "Check your understanding"  # the item's title


def test_content_hash_is_stable_and_changes_with_any_edit(sample_copy):
    original = load(sample_copy).content_hash
    assert load(SAMPLE).content_hash == original  # same bytes, same hash, wherever it lives
    (sample_copy / "assets/lq-calculator.csv").write_text("changed\n")
    edited = load(sample_copy).content_hash
    assert edited != original
    (sample_copy / "assets/extra.txt").write_text("new file\n")
    assert load(sample_copy).content_hash != edited


def test_asset_path_serves_only_allowed_files_inside_assets(sample_copy, tmp_path):
    package = load(sample_copy)
    assert package.asset_path("lq-calculator.csv") == (
        sample_copy / "assets/lq-calculator.csv").resolve()
    (tmp_path / "secret.txt").write_text("secret")
    (sample_copy / "assets/escape.txt").symlink_to(tmp_path / "secret.txt")
    (sample_copy / "assets/tool.exe").write_text("MZ")
    for name in ("missing.csv", "../course.toml", "/etc/passwd", "escape.txt", "tool.exe",
                 "", ".hidden.csv", "sub/../lq-calculator.csv", "a\x00.csv", "..\\x.csv"):
        assert package.asset_path(name) is None, name


def test_symlinked_asset_pointing_outside_is_a_problem(sample_copy, tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    (sample_copy / "assets/escape.txt").symlink_to(tmp_path / "secret.txt")
    assert [str(p) for p in load_package(sample_copy)[1]] == [
        "sample/assets/escape.txt:1: asset links outside the assets folder"]


def test_item_file_symlinked_outside_the_package_is_a_problem(sample_copy, tmp_path):
    (tmp_path / "outside.md").write_text("Outside.")
    (sample_copy / "01-basics/case.md").unlink()
    (sample_copy / "01-basics/case.md").symlink_to(tmp_path / "outside.md")
    assert [str(p) for p in load_package(sample_copy)[1]] == [
        'sample/course.toml:33: module "basics", item "basics-case": file "01-basics/case.md" '
        "is outside the package"]


def test_large_asset_is_a_problem(sample_copy):
    with open(sample_copy / "assets/big.pdf", "wb") as big:
        big.truncate(10 * 1024 * 1024 + 1)
    assert [str(p) for p in load_package(sample_copy)[1]] == [
        "sample/assets/big.pdf:1: asset is larger than 10 MB"]


def test_markdown_that_is_not_utf8_is_a_problem(sample_copy):
    (sample_copy / "01-basics/case.md").write_bytes(b"caf\xe9")
    assert [str(p) for p in load_package(sample_copy)[1]] == [
        "sample/01-basics/case.md:1: the byte 0xe9 at column 4 is not UTF-8 text: save the "
        "file as UTF-8"]


def test_missing_folder_and_manifest(tmp_path):
    assert [str(p) for p in load_package(tmp_path / "nowhere")[1]] == [
        "nowhere:1: package folder not found"]
    (tmp_path / "empty").mkdir()
    assert [str(p) for p in load_package(tmp_path / "empty")[1]] == [
        "empty/course.toml:1: file not found"]


def test_check_packages_reports_duplicate_course_slugs(tmp_path):
    first = shutil.copytree(SAMPLE, tmp_path / "first")
    second = shutil.copytree(SAMPLE, tmp_path / "second")
    broken = FIXTURES / "broken" / "unknown-kind"
    problems = check_packages([first, second, broken])
    assert [str(p) for p in problems] == [
        'second/course.toml:3: course slug "sample" is already used by first/course.toml',
        'unknown-kind/course.toml:11: module "m", item "intro": "kind" is "video"; it must be '
        "one of: theory, case, quiz, reflection, tool",
        'unknown-kind/course.toml:13: module "m", item "intro": file "intro.mp4" not found',
    ]
    assert check_packages([SAMPLE]) == []


def test_problem_and_package_error_read_well():
    problem = Problem("sample/course.toml", 3, "unknown key")
    assert str(problem) == "sample/course.toml:3: unknown key"
    error = PackageError([problem, Problem("sample/quiz.toml", 1, "bad")])
    assert error.problems[0] is problem
    assert str(error) == "sample/course.toml:3: unknown key\nsample/quiz.toml:1: bad"
