"""The demo data tells a story: learners at different points, so every dashboard shows something
real after `make run` (issue 16)."""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import (
    Attendance,
    Certificate,
    Cohort,
    ItemProgress,
    QuizAttempt,
    Reflection,
    User,
    WorkbookEntry,
)
from tests.fixtures.content import import_package

COURSE = Path(__file__).resolve().parent.parent / "courses" / "cluster-management"


@pytest.fixture
def seeded(app, app_ctx):
    import_package(COURSE)
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    return app


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_learners_are_at_different_points(seeded):
    passed = _count(QuizAttempt, QuizAttempt.passed.is_(True))
    failed = _count(QuizAttempt, QuizAttempt.passed.is_(False))
    assert passed >= 10 and failed >= 3, (passed, failed)
    assert _count(QuizAttempt, QuizAttempt.submitted_at.is_(None)) == 0
    assert _count(Reflection, Reflection.submitted_at.is_not(None)) >= 5
    assert _count(Reflection, Reflection.submitted_at.is_(None)) >= 1  # a draft left for later
    assert _count(Attendance, Attendance.present.is_(True)) >= 10
    done = dict(db.session.execute(
        sa.select(User.name, sa.func.count(ItemProgress.completed_at))
        .join(ItemProgress, ItemProgress.user_id == User.id).group_by(User.name)).all())
    assert len(set(done.values())) >= 8, done  # not everyone at the same place


def test_one_certificate_is_issued_to_a_learner_who_did_everything(seeded, client, auth):
    (certificate,) = db.session.scalars(sa.select(Certificate)).all()
    jens = certificate.user
    assert jens.email == "jens@example.org"
    assert _count(WorkbookEntry, WorkbookEntry.user_id == jens.id) == 5  # every tool item
    auth.logout()
    page = client.get("/certificates/verify", query_string={"code": certificate.code})
    assert page.status_code == 200 and "Jens Madsen" in page.text
    auth.login("jens@example.org", password="demo-password")
    home = client.get("/learn").text
    assert "Done: your certificate is ready." in home and "Your certificate" in home


def test_every_dashboard_shows_something(seeded, client, auth):
    cohort = db.session.scalar(sa.select(Cohort).where(
        Cohort.name.like("Cluster Management Course%")))
    auth.login("anna.trainer@example.org", password="demo-password")
    grid = client.get(f"/trainer/cohorts/{cohort.id}").text
    assert re.search(r"<strong>Ioana Popescu</strong>: [^<]*Failed [^<]* 2 times", grid), grid
    flagged = re.findall(r"<li><strong>([^<]+)</strong>:", grid)
    assert 0 < len(flagged) < 15  # selective: not every learner of the cohort
    quiz = db.session.scalar(sa.select(QuizAttempt).join(User).where(
        User.name == "Ioana Popescu"))
    report = client.get(f"/cohorts/{cohort.id}/quizzes/{quiz.item.slug}")
    assert report.status_code == 200 and "Ioana Popescu" in report.text


def test_seeding_again_changes_nothing(seeded):
    counts = [_count(m) for m in (QuizAttempt, Reflection, Certificate, Attendance)]
    assert seeded.test_cli_runner().invoke(args=["demo", "seed"]).exit_code == 0
    assert [_count(m) for m in (QuizAttempt, Reflection, Certificate, Attendance)] == counts
