"""The workbook in the browser: a learner runs a tool on an uploaded table, saves, exports
XLSX and shares it with the cohort; the trainer opens it from the cohort page and comments;
the learner sees the notification. Runs through the third-party growth-rate tool fixture."""

import io
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from playwright.sync_api import expect

from lms.extensions import db
from lms.models import Course, Enrolment, User
from lms.services import cohorts
from tests.browser.helpers import heading, make_user, sign_in
from tests.fixtures.content import import_package
from tests.fixtures.workbook import WORKSHOP

TABLE = b"label,start,end\nFood processing,12000,13200\nLogistics,10000,11500\nTourism,8000,7200\n"


@pytest.fixture
def browser_config(file_database, tool_plugin):
    """Real settings, with the growth-rate tool plugin enabled."""
    return {"WTF_CSRF_ENABLED": True, "TOOL_ENTRY_POINTS": True, **file_database}


def _world(app) -> int:
    """The workshop course, a trainer and a learner in one cohort; returns the cohort id."""
    make_user(app, "tove@example.org", "Tove Trainer", "trainer")
    make_user(app, "sofia@example.org", "Sofia Kowalska")
    with app.app_context():
        import_package(WORKSHOP)
        trainer = db.session.scalar(sa.select(User).where(User.email == "tove@example.org"))
        learner = db.session.scalar(sa.select(User).where(User.email == "sofia@example.org"))
        course = db.session.scalar(sa.select(Course).where(Course.slug == "workshop"))
        cohort = cohorts.create_cohort(trainer, course=course, name="Workshop Gdańsk")
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=learner.id))
        db.session.commit()
        return cohort.id


def _learner_saves_exports_and_shares(page, base, tmp_path, check_accessibility, screenshot):
    sign_in(page, base, "sofia@example.org")
    page.goto(base + "/courses/workshop/items/growth-tool")
    expect(heading(page, "Your cluster's growth")).to_be_visible()
    check_accessibility()
    page.get_by_label("Rows: label, start, end").fill("Food,12x00,13200\nPorts,-1,4")
    page.get_by_role("button", name="Compute and save").click()
    alert = page.locator("#tool-problems")
    expect(alert).to_contain_text("Nothing was saved.")
    expect(alert).to_contain_text("Row 1, column “start”")
    expect(alert).to_contain_text("Row 2, column “start”")
    check_accessibility()

    upload = tmp_path / "region-north.csv"
    upload.write_bytes(TABLE)
    page.get_by_label("Rows: label, start, end").fill("")
    page.get_by_label("Or upload a CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Compute and save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved as version 1")
    results = page.locator(".tool-results")
    expect(results).to_contain_text("Total change 6.3% over 3 rows")  # 31900 / 30000 - 1
    expect(results.get_by_role("cell", name="10.00%", exact=True)).to_be_visible()  # Food
    check_accessibility()
    screenshot("workbook-tool")

    page.get_by_role("link", name="Open in my workbook").click()
    expect(heading(page, "Your cluster's growth")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export XLSX").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet["A2"].value == "Food processing" and sheet["D2"].value == "=(C2-B2)/B2*100"
    check_accessibility()
    page.get_by_label("Share into").select_option(label="My cohort: Workshop Gdańsk")
    page.get_by_label("A note for the others (optional)").fill("Our region, 2017 to 2022.")
    page.get_by_role("button", name="Share").click()
    expect(heading(page, "Workbook: Your cluster's growth")).to_be_visible()
    post = page.locator("table").first
    expect(post).to_contain_text("Food processing")
    expect(page.get_by_text("Our region, 2017 to 2022.")).to_be_visible()
    check_accessibility()
    page.get_by_role("button", name="Sign out").click()


def _trainer_comments(page, base, cohort_id, check_accessibility, screenshot):
    sign_in(page, base, "tove@example.org")
    page.goto(f"{base}/trainer/cohorts/{cohort_id}")
    page.get_by_role("link", name="Your cluster's growth").last.click()
    expect(heading(page, "Who has used each tool")).to_be_visible()
    check_accessibility()
    screenshot("workbook-cohort")
    page.get_by_role("link", name=re.compile("Sofia Kowalska's Your cluster's growth")).first \
        .click()
    expect(page.get_by_text("By Sofia Kowalska")).to_be_visible()
    page.get_by_label("Your comment").fill("Tourism shrank while the country grew: why?")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("the learner is notified")
    check_accessibility()
    screenshot("workbook-entry-trainer")
    page.get_by_role("button", name="Sign out").click()


def test_learner_tool_to_shared_entry_and_trainer_comment(live_server, page, tmp_path,
                                                          check_accessibility, screenshot):
    app, base = live_server
    cohort_id = _world(app)
    _learner_saves_exports_and_shares(page, base, tmp_path, check_accessibility, screenshot)
    _trainer_comments(page, base, cohort_id, check_accessibility, screenshot)

    sign_in(page, base, "sofia@example.org")
    expect(page.locator(".nav-notifications .badge")).to_have_text("1")
    page.locator(".nav-notifications").click()
    page.get_by_role("link", name=re.compile("Tove Trainer commented on your workbook entry"))\
        .click()
    expect(page.get_by_text("Tourism shrank while the country grew: why?")).to_be_visible()
    check_accessibility()
    page.goto(base + "/workbook")
    expect(heading(page, "My cluster workbook")).to_be_visible()
    expect(page.get_by_text("Total change 6.3% over 3 rows")).to_be_visible()
    check_accessibility()
    screenshot("workbook-list")
