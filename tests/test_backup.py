"""A backup restored into a fresh database holds the same data."""

import os

import pytest
import sqlalchemy as sa

from config import TestConfig, database_url
from lms import create_app
from lms.extensions import db
from lms.models import Certificate, Course, Item, ItemProgress, User
from lms.services import progress

PG_URL = database_url(os.environ.get("TEST_DATABASE_URL"))


@pytest.fixture
def config_overrides(file_database):
    return file_database


def _snapshot():
    return {
        "users": sorted(db.session.scalars(sa.select(User.email))),
        "courses": sorted(db.session.scalars(sa.select(Course.slug))),
        "items": db.session.scalar(sa.select(sa.func.count()).select_from(Item)),
        "progress": sorted(tuple(row) for row in db.session.execute(
            sa.select(ItemProgress.user_id, ItemProgress.item_id, ItemProgress.completed_by))),
        "certificates": db.session.scalar(sa.select(sa.func.count()).select_from(Certificate)),
    }


def test_backup_then_restore_into_a_fresh_database(app, tmp_path, make_user, make_cohort,
                                                   fresh_database_url):
    learner = make_user(email="sofia@example.org")
    make_cohort(learners=[learner])
    progress.mark_completed(learner, db.session.scalar(sa.select(Item)), by="done")
    db.session.commit()
    before = _snapshot()
    backup = tmp_path / "lms.backup"
    result = app.test_cli_runner().invoke(args=["backup", "create", str(backup)])
    assert result.exit_code == 0, result.output
    assert backup.stat().st_size > 0

    class Restored(TestConfig):
        SQLALCHEMY_DATABASE_URI = fresh_database_url

    restored = create_app(Restored)
    with restored.app_context():
        result = restored.test_cli_runner().invoke(args=["backup", "restore", "--yes",
                                                         str(backup)])
        assert result.exit_code == 0, result.output
        after = _snapshot()
        db.session.remove()
        db.engine.dispose()
    assert after == before
    assert before["users"] == ["sofia@example.org"] and before["progress"]


def test_restore_of_a_missing_file_is_refused(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["backup", "restore", "--yes",
                                                str(tmp_path / "nope")])
    assert result.exit_code == 2 and "does not exist" in result.output
