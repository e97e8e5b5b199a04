"""The preview's change list, computed from two packages on disk (no database)."""

from lms.content.loader import load_package
from lms.content.package_diff import diff_packages
from tests.fixtures.content import SAMPLE


def load(folder):
    package, problems = load_package(folder)
    assert package is not None, [str(p) for p in problems]
    return package


def test_nothing_published_yet_means_everything_is_new():
    diff = diff_packages(None, load(SAMPLE))
    assert diff.first_version
    assert [slug for slug, _ in diff.added] == ["basics-intro", "basics-case", "practice-quiz",
                                                "practice-reflection"]
    assert diff.assets_added == ["lq-calculator.csv"]


def test_the_same_package_changes_nothing(package_copy):
    diff = diff_packages(load(SAMPLE), load(package_copy()))
    assert not diff.first_version and diff.empty


def test_questions_assets_settings_and_text_are_each_named(package_copy):
    folder = package_copy()
    quiz = folder / "02-practice" / "quiz.toml"
    quiz.write_text(quiz.read_text()
                    .replace("pass_mark = 70", "pass_mark = 80")
                    .replace('feedback = "Right: the LQ is a ratio of shares."',
                             'feedback = "Right: a ratio of two shares."'))
    (folder / "assets" / "lq-calculator.csv").write_text("region_jobs\n1\n")
    manifest = folder / "course.toml"
    manifest.write_text(manifest.read_text().replace('title = "Sample course"',
                                                     'title = "Sample course, 2nd edition"'))
    case = folder / "01-basics" / "case.md"
    lines = case.read_text().splitlines()
    case.write_text("\n".join(lines[:1] + ["A new second line."] + lines[1:]) + "\n")

    diff = diff_packages(load(SAMPLE), load(folder))
    changes = {change.slug: change for change in diff.changed}
    assert set(changes) == {"practice-quiz", "basics-case"}
    assert changes["practice-quiz"].questions_changed == ["lq-meaning"]
    assert changes["practice-quiz"].quiz_settings_changed
    assert "+A new second line." in changes["basics-case"].text_diff
    assert changes["basics-case"].text_diff[0] == "From line 1:"
    assert diff.assets_changed == ["lq-calculator.csv"]
    assert diff.course_settings == ["title"]


def test_a_changed_setting_is_named_and_a_moved_file_is_not(package_copy):
    folder = package_copy()
    (folder / "01-basics" / "intro.md").rename(folder / "01-basics" / "introduction.md")
    manifest = folder / "course.toml"
    text = manifest.read_text().replace('"01-basics/intro.md"', '"01-basics/introduction.md"')
    manifest.write_text(text.replace("minutes = 5\n", "minutes = 7\n", 1))
    diff = diff_packages(load(SAMPLE), load(folder))
    assert [(c.slug, c.settings, c.text_diff) for c in diff.changed] == \
        [("basics-intro", ["minutes"], [])]
