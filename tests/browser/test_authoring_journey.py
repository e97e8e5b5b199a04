"""Course authoring in the browser (issue 19): an author uploads a package with a mistake,
reads the problem with its file:line, uploads the fixed zip, previews the changes, publishes
them, sees them as learners will, and rolls back to the earlier version."""

import io
import re
import shutil
import zipfile

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from lms.extensions import db
from lms.models import Course, CourseAuthor, User
from lms.services import authoring
from tests.authoring.conftest import zip_folder
from tests.browser.helpers import heading, make_user, sign_in
from tests.fixtures.content import SAMPLE

NEW_PARAGRAPH = "Cluster managers meet the regional council every quarter."


@pytest.fixture
def browser_config(file_database, tmp_path):
    """Real settings, with the version store in the test's folder."""
    return {"WTF_CSRF_ENABLED": True, "AUTHORING_STORE": tmp_path / "store", **file_database}


def _world(app, store) -> None:
    """The sample course published from the web by an admin; Ana is its author."""
    make_user(app, "ada@example.org", "Ada Admin", "admin")
    make_user(app, "ana@example.org", "Ana Author", "trainer")
    with app.app_context():
        admin = db.session.scalar(sa.select(User).where(User.email == "ada@example.org"))
        ana = db.session.scalar(sa.select(User).where(User.email == "ana@example.org"))
        result = authoring.upload_package(admin, io.BytesIO(zip_folder(SAMPLE)), store=store)
        authoring.publish(admin, result.version, store=store)
        course = db.session.scalar(sa.select(Course).where(Course.slug == "sample"))
        db.session.add(CourseAuthor(course_id=course.id, user_id=ana.id))
        db.session.commit()


def _packages(tmp_path):
    """The broken and the fixed zip Ana uploads: a new paragraph, and first a typo in a path."""
    folder = tmp_path / "work" / "sample"
    shutil.copytree(SAMPLE, folder)
    lesson = folder / "01-basics" / "intro.md"
    lesson.write_text(lesson.read_text() + f"\n{NEW_PARAGRAPH}\n")
    fixed = tmp_path / "sample-fixed.zip"
    fixed.write_bytes(zip_folder(folder))
    manifest = folder / "course.toml"
    manifest.write_text(manifest.read_text().replace('"01-basics/case.md"', '"01-basic/case.md"'))
    line = next(n for n, text in enumerate(manifest.read_text().splitlines(), 1)
                if "01-basic/case.md" in text)
    broken = tmp_path / "sample-broken.zip"
    broken.write_bytes(zip_folder(folder))
    return broken, fixed, line


def test_an_author_uploads_fixes_previews_publishes_and_rolls_back(
        live_server, page, tmp_path, check_accessibility, screenshot):
    app, base = live_server
    store = tmp_path / "store"
    _world(app, store)
    broken, fixed, line = _packages(tmp_path)

    sign_in(page, base, "ana@example.org")
    page.goto(base + "/authoring/")
    expect(heading(page, "Course authoring")).to_be_visible()
    check_accessibility()

    # 1. The zip with a typo: the check names the file and line, nothing is kept.
    page.get_by_label("Course package (.zip)").set_input_files(str(broken))
    page.get_by_role("button", name="Upload and check").click()
    report = page.locator(".check-report")
    expect(report).to_contain_text("The check found 1 problem")
    expect(report).to_contain_text(f"course.toml:{line}:")
    expect(report).to_contain_text('file "01-basic/case.md" not found')
    check_accessibility()
    screenshot("authoring-check-problem")

    # 2. The fixed zip: on to the preview, with the change listed and the text diff.
    page.get_by_label("Course package (.zip)").set_input_files(str(fixed))
    page.get_by_role("button", name="Upload and check").click()
    expect(heading(page, "Preview: Sample course")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("passed the check")
    changes = page.locator(".changes")
    expect(changes).to_contain_text("Changed items (1)")
    expect(changes.locator(".diff-add", has_text=NEW_PARAGRAPH)).to_have_text(
        f"+{NEW_PARAGRAPH}")
    check_accessibility()
    screenshot("authoring-preview")

    # The lesson and the quiz as learners will see them, feedback included.
    page.get_by_role("link", name="Introduction").first.click()
    expect(page.locator(".prose")).to_contain_text(NEW_PARAGRAPH)
    page.go_back()
    page.locator(".preview-outline").get_by_role("link", name="Check your understanding").click()
    expect(page.locator(".preview-choices").first).to_contain_text("Right: the LQ is a ratio")
    check_accessibility()
    screenshot("authoring-preview-quiz")
    page.go_back()

    # 3. Publish: learners see the new paragraph.
    page.get_by_role("button", name="Publish this version").click()
    expect(page.get_by_role("status")).to_contain_text("Published version")
    page.goto(base + "/courses/sample/items/basics-intro")
    expect(page.locator("article.lesson")).to_contain_text(NEW_PARAGRAPH)

    # 4. Roll back to the first version: the paragraph is gone again, and the log says so.
    page.goto(base + "/authoring/courses/sample")
    check_accessibility()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Roll back to this").click()
    expect(page.get_by_role("status")).to_contain_text("Rolled back to version")
    log = page.locator(".authoring-log")
    expect(log.locator("tbody tr").first).to_contain_text("rolled back")
    expect(log).to_contain_text("Ana Author")
    check_accessibility()
    screenshot("authoring-course-log")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download zip").first.click()
    names = zipfile.ZipFile(download.value.path()).namelist()
    assert "sample/course.toml" in names
    page.goto(base + "/courses/sample/items/basics-intro")
    expect(page.locator("article.lesson")).not_to_contain_text(NEW_PARAGRAPH)
    with app.app_context():
        course = db.session.scalar(sa.select(Course).where(Course.slug == "sample"))
        assert re.search(r"/store/sample/[0-9a-f]{16}$", course.source_path)
