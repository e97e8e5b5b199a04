"""The real course in a browser: typeset formulas for everyone, the facilitator pack for the
cohort's trainer only."""

from pathlib import Path

from playwright.sync_api import expect

from lms.extensions import db
from lms.models import Course, Enrolment, User
from lms.services import cohorts
from tests.browser.helpers import make_user, sign_in
from tests.fixtures.content import import_package

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
BASE = "/courses/cluster-management"


def test_trainer_reads_formulas_and_teaching_notes(live_server, page, check_accessibility,
                                                   screenshot):
    app, base = live_server
    make_user(app, "tina@example.org", "Tina Trainer", role="trainer")
    make_user(app, "lea@example.org", "Lea Learner")
    with app.app_context():
        import_package(COURSE)
        trainer = db.session.scalar(db.select(User).where(User.email == "tina@example.org"))
        course = db.session.scalar(db.select(Course).where(Course.slug == "cluster-management"))
        cohort = cohorts.create_cohort(trainer, course=course, name="CECIL")
        learner = db.session.scalar(db.select(User).where(User.email == "lea@example.org"))
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=learner.id))
        db.session.commit()

    sign_in(page, base, "tina@example.org")
    page.goto(base + BASE + "/items/mapping-measuring-concentration")
    expect(page.locator("math[display=block]").first).to_be_visible()
    expect(page.get_by_text("After this lesson you will be able to")).to_be_visible()
    check_accessibility()
    screenshot("formulas-lesson")
    page.goto(base + BASE + "/items/mapping-case-agri-food-notes")
    expect(page.get_by_role("heading", name="Debrief questions")).to_be_visible()
    expect(page.get_by_text("For trainers only")).to_be_visible()
    check_accessibility()
    screenshot("teaching-notes")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "lea@example.org")
    response = page.goto(base + BASE + "/items/mapping-case-agri-food-notes")
    assert response.status == 404
