"""The journeys of learners, trainers and admins, in a real browser."""

import re

from playwright.sync_api import expect

from lms.extensions import db
from lms.models import User
from tests.browser.helpers import make_user, register_sofia, sample_course, sign_in


def test_admin_changes_a_role(live_server, page, check_accessibility, screenshot):
    app, base = live_server
    make_user(app, "admin@example.org", "Alex Admin", "admin")
    make_user(app, "marco@example.org", "Marco Ferri")
    sign_in(page, base, "admin@example.org")
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("searchbox", name="Search users").fill("marco")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("cell", name="Marco Ferri", exact=True)).to_be_visible()
    check_accessibility()
    screenshot("admin-users")
    page.get_by_label("Role of Marco Ferri").select_option("trainer")
    page.get_by_role("row", name=re.compile("Marco Ferri")).get_by_role(
        "button", name="Change").click()
    expect(page.get_by_role("status")).to_contain_text("Marco Ferri is now trainer.")
    with app.app_context():
        assert db.session.scalar(db.select(User.role).where(
            User.email == "marco@example.org")) == "trainer"


def test_registration_form_announces_errors(live_server, page, check_accessibility):
    _, base = live_server
    page.goto(base + "/account/register")
    page.get_by_label("Full name").fill("Sofia")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    check_accessibility()


def test_learner_registers_studies_and_sees_progress_rise(live_server, page,
                                                          check_accessibility, screenshot):
    app, base = live_server
    sample_course(app)
    register_sofia(page, base)
    with app.app_context():  # the trainer put her in a cohort
        from lms.models import Cohort, Course, Enrolment
        course = db.session.scalar(db.select(Course))
        cohort = Cohort(course_id=course.id, name="CECIL Copenhagen")
        db.session.add(cohort)
        db.session.flush()
        user = db.session.scalar(db.select(User).where(User.email == "sofia@example.org"))
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=user.id))
        db.session.commit()
    page.reload()
    check_accessibility()
    page.get_by_role("link", name="Start the course", exact=True).click()  # new: a start
    expect(page.get_by_role("heading", name="Introduction", exact=True)).to_be_visible()
    check_accessibility()
    screenshot("lesson")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("You marked this as done.")).to_be_visible()
    page.get_by_role("link", name="Learn", exact=True).click()
    expect(page.get_by_text("1 of 4 done")).to_be_visible()
    screenshot("learner-home")
