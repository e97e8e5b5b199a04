"""A trainer prints a learner's canvas and LQ table for a session (demo data of `make run`):
each comes out of Chromium as one A4 landscape page, laid out as on paper."""

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from lms.demo import DEMO_PASSWORD
from lms.demo.workbook import DEMO_LEARNER, DEMO_TRAINER
from lms.extensions import db
from lms.models import Cohort, Course, Enrolment, User
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_workbook_phone import make_run_data

A4_LANDSCAPE = (841.92, 594.96)  # points
ITEMS = {"canvas": "Try it: your cluster organisation's business model canvas",
         "lq": "Try it: location quotient, size and focus of your region"}


def _pages(pdf: bytes) -> list[tuple[float, float]]:
    """The size of each page of a PDF Chromium printed, in points."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(boxes) == len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    return [(round(float(w), 2), round(float(h), 2)) for w, h in boxes]


def _sofias_cohort(app) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(Cohort.id).join(Course, Course.id == Cohort.course_id)
            .join(Enrolment, Enrolment.cohort_id == Cohort.id)
            .join(User, User.id == Enrolment.user_id)
            .where(Course.slug == "cluster-management", User.email == DEMO_LEARNER)
            .where(Cohort.trainers.any(User.email == DEMO_TRAINER)).limit(1))


def test_trainer_prints_a_learners_canvas_and_lq_table_on_one_page_each(live_server, page,
                                                                        check_accessibility):
    app, base = live_server
    make_run_data(app)
    cohort_id = _sofias_cohort(app)
    page.goto(base + "/account/login")
    page.get_by_label("Email").fill(DEMO_TRAINER)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()
    for name, title in ITEMS.items():
        page.goto(f"{base}/workbook/cohorts/{cohort_id}")
        page.get_by_role("link", name=f"Print Sofia Kowalska's {title}").click()
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
        expect(page.get_by_text("Sofia Kowalska, Food-Tech Cluster Pomerania")).to_be_visible()
        check_accessibility()
        page.emulate_media(media="print")
        assert _pages(page.pdf(prefer_css_page_size=True)) == [A4_LANDSCAPE], name
        page.set_viewport_size({"width": 1123, "height": 794})  # A4 landscape at 96 dpi
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"workbook-print-{name}.png", full_page=True)
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 1280, "height": 900})
