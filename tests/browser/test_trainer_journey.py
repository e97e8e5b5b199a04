"""A trainer prepares a cohort in the browser: cohort, session, case, progress grid, moderation."""

import csv
import io
import re

from playwright.sync_api import expect

from lms.extensions import db
from lms.models import Item, Thread, User
from lms.services import forum, progress
from tests.browser.helpers import heading, make_user, sample_course, sign_in


def _create_cohort(page, base, check_accessibility) -> int:
    page.goto(base + "/manage/cohorts")
    check_accessibility()
    page.get_by_role("link", name="New cohort").click()
    check_accessibility()
    page.get_by_label("Name").fill("CECIL Copenhagen 2030")
    page.get_by_label("Description").fill("Three days of cluster management in Copenhagen.")
    page.get_by_label("First day").fill("2030-05-12")
    page.get_by_label("Last day").fill("2030-05-14")
    page.get_by_role("button", name="Create cohort").click()
    expect(page.get_by_role("status")).to_contain_text("created")
    check_accessibility()
    return int(re.search(r"/manage/cohorts/(\d+)", page.url).group(1))


def _schedule_session(page, check_accessibility):
    page.get_by_role("link", name="Schedule a session").click()
    page.get_by_label("Title").fill("Day 1: Cluster mapping")
    page.get_by_label("City").fill("Copenhagen")
    page.get_by_label("Starts").fill("2030-05-12T09:00")
    page.get_by_label("Ends").fill("2030-05-12T17:00")
    page.get_by_label("Agenda").fill("- **09:00** Welcome\n- 10:00 Mapping your cluster")
    page.get_by_role("tab", name="Preview").click()
    expect(page.get_by_role("tabpanel").locator("strong")).to_have_text("09:00")
    check_accessibility()
    page.get_by_role("tab", name="Write").click()
    page.get_by_role("button", name="Schedule session").click()
    expect(page.get_by_role("status")).to_contain_text("Session scheduled")
    page.get_by_label("Before: Introduction").check()
    page.get_by_role("button", name="Save pre-work and post-work").click()
    expect(page.get_by_role("status")).to_contain_text("Pre-work and post-work saved")
    expect(page.get_by_label("Before: Introduction")).to_be_checked()
    check_accessibility()


def _post_case(page, base, cohort_id, check_accessibility) -> int:
    page.goto(f"{base}/discussions/cohorts/{cohort_id}")
    check_accessibility()
    page.get_by_role("link", name="Post a practical case").click()
    page.get_by_label("Title").fill("A member threatens to leave")
    page.get_by_label("The situation").fill(
        "Your largest member says the cluster brings them **nothing**. What do you do?")
    page.get_by_label("Questions to discuss").fill(
        "1. Whom do you call first?\n2. What do you offer?")
    check_accessibility()
    page.get_by_role("button", name="Post the case").click()
    expect(heading(page, "A member threatens to leave")).to_be_visible()
    return int(re.search(r"/threads/(\d+)", page.url).group(1))


def test_trainer_prepares_a_cohort_and_follows_its_learners(live_server, page,
                                                            check_accessibility, screenshot):
    app, base = live_server
    sample_course(app)
    make_user(app, "tomas@example.org", "Tomas Trainer", "trainer")
    make_user(app, "sofia@example.org", "Sofia Kowalska")
    sign_in(page, base, "tomas@example.org")
    cohort_id = _create_cohort(page, base, check_accessibility)

    page.get_by_label("Email address").fill("sofia@example.org")
    page.get_by_role("button", name="Add learner").click()
    expect(page.get_by_role("status")).to_contain_text("Sofia Kowalska was added")
    _schedule_session(page, check_accessibility)
    thread_id = _post_case(page, base, cohort_id, check_accessibility)

    with app.app_context():  # meanwhile Sofia studies and answers the case
        sofia = db.session.scalar(db.select(User).where(User.email == "sofia@example.org"))
        intro = db.session.scalar(db.select(Item).where(Item.slug == "basics-intro"))
        progress.mark_completed(sofia, intro, by="done")
        forum.reply(sofia, db.session.get(Thread, thread_id),
                    "I would visit them before the next board meeting.")
        db.session.commit()

    page.goto(f"{base}/trainer/cohorts/{cohort_id}")
    row = page.get_by_role("row", name=re.compile("Sofia Kowalska"))
    expect(row).to_contain_text("25%")
    expect(row.get_by_title("Introduction: done")).to_be_visible()
    check_accessibility()
    screenshot("trainer-grid")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert re.fullmatch(rf"cohort-{cohort_id}-progress-\d{{4}}-\d\d-\d\d\.csv",
                        download.suggested_filename)
    rows = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert any("Sofia Kowalska" in cell for row in rows[1:] for cell in row)

    page.goto(f"{base}/discussions/threads/{thread_id}")
    reply = page.locator("article", has_text="before the next board meeting")
    reply.get_by_role("button", name="Hide").click()
    expect(page.get_by_role("status")).to_contain_text("The post is hidden.")
    expect(page.get_by_role("button", name="Show")).to_be_visible()
    check_accessibility()
    screenshot("trainer-thread")
