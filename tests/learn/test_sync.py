"""`flask courses sync` and `check`: import by slug, skip unchanged, archive, keep progress."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Course, Item, ItemProgress
from lms.services import progress
from tests.fixtures.content import SAMPLE, import_package


def _items():
    return {i.slug: i for i in db.session.scalars(sa.select(Item))}


def test_sync_imports_the_sample_course(app_ctx):
    report = import_package(SAMPLE)
    assert report.status == "added"
    assert report.added == ["basics-intro", "basics-case", "practice-quiz",
                            "practice-reflection"]
    course = db.session.scalar(sa.select(Course))
    assert [m.slug for m in course.modules] == ["basics", "practice"]
    intro = _items()["basics-intro"]
    assert "<table>" in intro.body_html
    assert 'href="/courses/sample/assets/lq-calculator.csv"' in intro.body_html
    assert _items()["practice-quiz"].quiz["pass_mark"] == 70


def test_second_sync_changes_nothing(app_ctx):
    import_package(SAMPLE)
    report = import_package(SAMPLE)
    assert (report.status, report.added, report.changed, report.archived) == \
        ("unchanged", [], [], [])


def test_editing_one_lesson_reports_only_that_change(app_ctx, sample_copy):
    import_package(sample_copy)
    lesson = sample_copy / "01-basics" / "case.md"
    lesson.write_text(lesson.read_text() + "\n\nOne more paragraph.\n")
    report = import_package(sample_copy)
    assert (report.status, report.changed, report.added) == ("changed", ["basics-case"], [])
    assert "One more paragraph." in _items()["basics-case"].body_html


def test_removed_item_is_archived_and_keeps_progress(app, sample_copy, make_user):
    import_package(sample_copy)
    learner = make_user()
    case = _items()["basics-case"]
    progress.mark_completed(learner, case, by="done")
    db.session.commit()
    manifest = sample_copy / "course.toml"
    text = manifest.read_text()
    block = text[text.index("  [[modules.items]]\n  slug = \"basics-case\""):
                 text.index("[[modules]]\nslug = \"practice\"")]
    manifest.write_text(text.replace(block, ""))
    report = import_package(sample_copy)
    assert report.archived == ["basics-case"]
    assert _items()["basics-case"].archived_at is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ItemProgress)) == 1
    manifest.write_text(text)  # the item comes back with its progress
    report = import_package(sample_copy)
    assert report.restored == ["basics-case"]
    assert _items()["basics-case"].archived_at is None
    assert progress.completed_slugs(learner, case.course_id) == {"basics-case"}


def test_cli_check_reports_problems_with_exit_1(app, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "course.toml").write_text('format = 1\nslug = "broken"\ntitel = "typo"\n')
    result = app.test_cli_runner().invoke(args=["courses", "check", str(broken)])
    assert result.exit_code == 1
    assert "broken/course.toml:3:" in result.output


def test_cli_check_passes_the_sample(app):
    result = app.test_cli_runner().invoke(args=["courses", "check", str(SAMPLE)])
    assert result.exit_code == 0, result.output


def test_cli_sync_imports_valid_packages_and_fails_on_invalid(app, tmp_path, sample_copy):
    broken = tmp_path / "zz-broken"
    broken.mkdir()
    (broken / "course.toml").write_text('format = 1\nslug = "broken"\n')
    app.config["COURSES_PATH"] = tmp_path
    result = app.test_cli_runner().invoke(args=["courses", "sync"])
    assert result.exit_code == 1
    assert "sample: added" in result.output
    assert "zz-broken: not imported" in result.output
    with app.app_context():
        assert [c.slug for c in db.session.scalars(sa.select(Course))] == ["sample"]


def test_cli_sync_dry_run_saves_nothing(app):
    result = app.test_cli_runner().invoke(args=["courses", "sync", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "sample: added" in result.output and "Dry run" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Course)) == 0
