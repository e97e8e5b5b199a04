"""The course outline and lesson bodies are kept per content version: a sync shows at once,
and a restore from backup shows the restored content and progress, never a stale copy."""

import pytest
import sqlalchemy as sa

from config import TestConfig
from lms import create_app
from lms.extensions import db
from lms.models import Course
from tests.fixtures.content import import_package
from tests.fixtures.factories import PASSWORD

LESSON = "/courses/sample/items/basics-intro"


@pytest.fixture
def config_overrides(file_database):
    return file_database  # a backup needs a database file


def _retitle(package, old: str, new: str) -> None:
    toml = package / "course.toml"
    toml.write_text(toml.read_text().replace(f'title = "{old}"', f'title = "{new}"', 1))


def test_a_sync_shows_on_the_next_view(client, login_as, make_user, make_cohort, sample_copy):
    import_package(sample_copy)
    learner = make_user()
    make_cohort(learners=[learner])
    login_as(user=learner)
    assert "<h1>Introduction</h1>" in client.get(LESSON).text
    _retitle(sample_copy, "Introduction", "Why clusters matter")
    (sample_copy / "01-basics" / "intro.md").write_text("# Intro\n\nRevised body text.\n")
    import_package(sample_copy)
    page = client.get(LESSON).text
    assert "<h1>Why clusters matter</h1>" in page and "Revised body text." in page
    assert ">Why clusters matter</span>" in page  # the outline beside the lesson


def test_a_restore_shows_the_restored_content_and_progress(
        app, client, login_as, make_user, make_cohort, sample_copy, tmp_path,
        fresh_database_url):
    import_package(sample_copy)
    learner = make_user(email="sofia@example.org")
    make_cohort(learners=[learner])
    login_as(user=learner)
    assert "You marked this as done" not in client.get(LESSON).text  # outline now kept
    first_id = db.session.scalar(sa.select(Course.id).where(Course.slug == "sample"))
    backup = tmp_path / "lms.backup"
    assert app.test_cli_runner().invoke(args=["backup", "create", str(backup)]).exit_code == 0

    _retitle(sample_copy, "Introduction", "Why clusters matter")
    import_package(sample_copy)
    client.post(f"{LESSON}/done")
    page = client.get(LESSON).text
    assert "<h1>Why clusters matter</h1>" in page and "You marked this as done" in page

    class Restored(TestConfig):
        SQLALCHEMY_DATABASE_URI = fresh_database_url

    restored = create_app(Restored)  # same process: the same in-process content cache
    with restored.app_context():
        result = restored.test_cli_runner().invoke(args=["backup", "restore", "--yes",
                                                         str(backup)])
        assert result.exit_code == 0, result.output
        # The same course id as in the first database: only the version tells them apart.
        assert db.session.scalar(sa.select(Course.id).where(Course.slug == "sample")) == first_id
        browser = restored.test_client()
        assert browser.post("/account/login", data={
            "email": "sofia@example.org", "password": PASSWORD}).status_code == 302
        page = browser.get(LESSON).text
        db.session.remove()
        db.engine.dispose()
    assert "<h1>Introduction</h1>" in page and "Why clusters matter" not in page
    assert "You marked this as done" not in page
