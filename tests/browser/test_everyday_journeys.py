"""Everyday journeys on the demo data of `make run` (issue 16): what learners, trainers and
visitors notice first."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from lms import demo
from lms.extensions import db
from lms.models import Cohort
from tests.fixtures.content import import_package

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "courses" / "cluster-management"
SHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_site(live_server):
    """The live server with the shipped course and the demo data, as after `make run`."""
    app, base = live_server
    with app.app_context():
        import_package(COURSE)
        demo.seed()
        db.session.commit()
    return app, base


def demo_sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()


def page_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def wider_than_the_screen(page) -> list[str]:
    """The elements that stick out on the right, for the failure message."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 8).map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)""")


def test_trainer_grid_fits_a_phone(demo_site, page, check_accessibility, screenshot):
    app, base = demo_site
    with app.app_context():
        cohort_id = db.session.scalar(sa.select(Cohort.id).where(
            Cohort.name.like("Cluster Management Course%")))
    demo_sign_in(page, base, "anna.trainer@example.org")
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/trainer/cohorts/{cohort_id}")
    expect(page.get_by_role("heading", name="Learner × lesson")).to_be_visible()
    assert page_overflow(page) <= 0, wider_than_the_screen(page)
    grid = page.locator(".progress-grid-wrap")
    assert grid.evaluate("e => e.scrollWidth > e.clientWidth")  # the grid scrolls inside itself
    check_accessibility()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "trainer-grid-phone-390.png", full_page=True)
