"""Small helpers the browser journeys share: accounts made in the live server's database."""

import re

from playwright.sync_api import Page, expect

from lms.extensions import db
from lms.models import Course, User
from lms.services import accounts, cohorts, enrolment
from tests.fixtures.content import SAMPLE, import_package

PASSWORD = "a long enough password"


def make_user(app, email: str, name: str, role: str = "learner") -> int:
    """Register an account straight in the database; return its id."""
    with app.app_context():
        user = accounts.register_user(email=email, name=name, password=PASSWORD, role=role,
                                      organisation="Food-Tech Cluster", country="Denmark")
        db.session.commit()
        return user.id


def sample_course(app) -> None:
    """Import the sample course package into the live server's database."""
    with app.app_context():
        import_package(SAMPLE)


def cohort_with_key(app, trainer_email: str, name: str, key: str) -> int:
    """A cohort of the sample course trained by trainer_email, joinable with key."""
    with app.app_context():
        trainer = db.session.scalar(db.select(User).where(User.email == trainer_email))
        course = db.session.scalar(db.select(Course).where(Course.slug == "sample"))
        cohort = cohorts.create_cohort(trainer, course=course, name=name)
        enrolment.create_invite(cohort, trainer, kind="key", code=key)
        db.session.commit()
        return cohort.id


def sign_in(page: Page, base: str, email: str) -> None:
    """Sign in through the login form and wait for the signed-in header."""
    page.goto(base + "/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()


def register_sofia(page: Page, base: str) -> None:
    """Create Sofia's account through the registration form, then sign in as she is asked to;
    she lands on her home page."""
    page.goto(base + "/account/register")
    page.get_by_label("Full name").fill("Sofia Kowalska")
    page.get_by_label("Email").fill("sofia@example.org")
    page.get_by_label("Organisation or cluster").fill("Food-Tech Cluster Pomerania")
    page.get_by_label("Country").fill("Poland")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("We have sent an email to that address")).to_be_visible()
    page.get_by_label("Email").fill("sofia@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Welcome, Sofia")).to_be_visible()


def question(page: Page, number: int):
    """The fieldset of question number on a quiz attempt page."""
    return page.locator(f"#question-{number}")


def heading(page: Page, text: str):
    """The page's level-1 heading with this text."""
    return page.get_by_role("heading", level=1, name=re.compile(re.escape(text)))


def enrolled_learner(app, email: str, name: str) -> None:
    """A learner in a cohort of the sample course (imported here), as if they had joined."""
    sample_course(app)
    make_user(app, "trainer@example.org", "Tomas Trainer", "trainer")
    cohort_with_key(app, "trainer@example.org", "CECIL Copenhagen", "CECIL-2024")
    make_user(app, email, name)
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        enrolment.join(user, enrolment.invite_for_key("CECIL-2024"))
        db.session.commit()


def tab_to(page: Page, target, limit: int = 80) -> None:
    """Press Tab until target has the focus, as a keyboard user would (fail after limit)."""
    handle = target.element_handle()
    for _ in range(limit):
        if page.evaluate("(el) => document.activeElement === el", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} cannot be reached with Tab")
