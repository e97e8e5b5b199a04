"""Everyday journeys on the demo data of `make run` (issue 16): what learners, trainers and
visitors notice first."""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from lms import demo
from lms.extensions import db
from lms.models import Cohort, Enrolment, Invite
from tests.browser.helpers import enrolled_learner, make_user, question, sign_in
from tests.fixtures.content import import_package
from tests.fixtures.pdf import pdf_lines

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


def portrait(path: Path) -> None:
    """A stand-in photo: a head and shoulders on a soft gradient."""
    image = Image.new("RGB", (400, 400))
    draw = ImageDraw.Draw(image)
    for y in range(400):
        draw.line([(0, y), (400, y)], fill=(200 - y // 8, 222 - y // 10, 230 - y // 12))
    draw.ellipse([60, 250, 340, 520], fill=(15, 94, 115))  # shoulders
    draw.ellipse([130, 90, 270, 240], fill=(224, 182, 150))  # face
    draw.chord([122, 70, 278, 200], 180, 360, fill=(70, 45, 30))  # hair
    image.save(path)


def test_trainer_grid_fits_a_phone(demo_site, page, check_accessibility, screenshot):
    app, base = demo_site
    with app.app_context():
        cohort_id = db.session.scalar(sa.select(Cohort.id).where(
            Cohort.name.like("Cluster Management Course%")))
    demo_sign_in(page, base, "anna.trainer@example.org")
    # A trainer lands on her dashboard, and the navigation says where she is.
    expect(page.get_by_role("heading", level=1, name="My cohorts")).to_be_visible()
    expect(page.get_by_role("link", name="Trainer", exact=True)).to_have_attribute(
        "aria-current", "page")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/trainer/cohorts/{cohort_id}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "demo-trainer-grid-1280.png")  # the README's, one screen
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 70, header  # the trainer's eight sections on one line
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("heading", name="Learner × lesson")).to_be_visible()
    assert page_overflow(page) <= 0, wider_than_the_screen(page)
    # At risk is selective, each flag with its reason: the learner who failed a quiz twice.
    risks = page.locator(".risk-list li")
    expect(risks.filter(has_text="Ioana Popescu")).to_contain_text(re.compile(r"Failed .+ 2 times"))
    assert 0 < risks.count() < 15
    grid = page.locator(".progress-grid-wrap")
    assert grid.evaluate("e => e.scrollWidth > e.clientWidth")  # the grid scrolls inside itself
    check_accessibility()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "trainer-grid-phone-390.png", full_page=True)


def test_visitor_reads_a_preview_lesson(demo_site, page, check_accessibility):
    _, base = demo_site
    page.goto(base + "/courses/cluster-management")
    previews = page.locator(".item-list li", has=page.get_by_text("Free preview"))
    expect(previews).to_have_count(2)
    page.get_by_role("link", name="Introduction: why map your cluster?").click()
    expect(page.get_by_role("heading", level=1, name="Introduction: why map your cluster?"))\
        .to_be_visible()
    expect(page.get_by_role("heading", name="Study the whole course")).to_be_visible()
    check_accessibility()
    page.set_viewport_size(PHONE)
    assert page_overflow(page) <= 0, wider_than_the_screen(page)
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()


def test_learner_sees_locks_figures_and_certificate_rule(demo_site, page, check_accessibility,
                                                         screenshot):
    _, base = demo_site
    demo_sign_in(page, base, "katrin.tamm@example.org")  # halfway: the README's learner home
    expect(page.locator(".course-progress")).to_contain_text(re.compile(r"Lessons: [1-9]\d* of"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "demo-learner-home-1280.png", full_page=True)
    page.get_by_role("button", name="Sign out").click()
    demo_sign_in(page, base, "maja.nowak@example.org")
    card = page.locator(".course-progress")
    expect(card).to_contain_text(re.compile(r"Lessons: \d+ of \d+ done"))
    expect(card).to_contain_text("In-person sessions attended: 1 of 1 held so far")
    expect(card).to_contain_text("Certificate: complete every lesson and attend the in-person "
                                 "sessions held after you joined.")
    check_accessibility()
    screenshot("learner-home-figures")
    page.get_by_role("link", name="Cluster management excellence").first.click()
    locked = page.locator(".item-list li.locked").first
    expect(locked).to_contain_text(re.compile(r"Locked: complete “.+” first"))
    check_accessibility()
    screenshot("course-outline-locks")
    page.set_viewport_size(PHONE)
    assert page_overflow(page) <= 0, wider_than_the_screen(page)


def test_quiz_answers_survive_leaving_the_page(live_server, page, check_accessibility):
    app, base = live_server
    enrolled_learner(app, "sofia@example.org", "Sofia Kowalska")
    sign_in(page, base, "sofia@example.org")
    page.goto(base + "/courses/sample/items/basics-intro")
    page.get_by_role("button", name="Mark as done").click()
    page.goto(base + "/courses/sample/items/practice-quiz")
    page.get_by_role("button", name="Start the quiz").click()
    question(page, 1).get_by_label(re.compile("1.8 times the national share")).check()
    question(page, 5).get_by_label("Your answer").fill("−2")
    expect(page.get_by_role("status").filter(has_text="Draft saved at")).to_be_visible()
    question(page, 4).get_by_label("Your answer").fill("Triple")
    page.get_by_role("link", name="Learn", exact=True).click()  # at once: saved on leaving
    expect(page.get_by_role("heading", name=re.compile("Welcome back"))).to_be_visible()
    page.goto(base + "/courses/sample/items/practice-quiz")
    page.get_by_role("button", name="Continue attempt 1").click()
    expect(question(page, 1).get_by_label(re.compile("1.8 times the national share")))\
        .to_be_checked()
    expect(question(page, 5).get_by_label("Your answer")).to_have_value("−2")
    expect(question(page, 4).get_by_label("Your answer")).to_have_value("Triple")
    check_accessibility()
    page.set_viewport_size(PHONE)
    assert page_overflow(page) <= 0, wider_than_the_screen(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    # The rest, then submit: "−2" with the minus the lessons print is a number, graded.
    question(page, 2).get_by_label("Industry").check()
    question(page, 2).get_by_label("Research").check()
    question(page, 2).get_by_label("Government").check()
    question(page, 3).get_by_label("True", exact=True).check()
    for index, right in enumerate(("Mostly public seed funding", "Mostly fees and paid services")):
        question(page, 6).get_by_role("combobox").nth(index).select_option(label=right)
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator("#verdict")).to_have_text("✓ Passed")
    expect(page.locator("main")).to_contain_text(re.compile(r"Your answer:\s*-2\b"))
    expect(page.get_by_text("Enter a number")).to_have_count(0)


def test_graduate_downloads_the_certificate_pdf(demo_site, page, check_accessibility):
    _, base = demo_site
    demo_sign_in(page, base, "jens@example.org")
    page.get_by_role("link", name="Your certificate").click()
    expect(page.locator(".certificate-name")).to_have_text("Jens Madsen")
    expect(page.get_by_role("img", name="QR code of the verification link")).to_be_visible()
    check_accessibility()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "certificate-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert page_overflow(page) <= 0, wider_than_the_screen(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and "Jens Madsen" in pdf_lines(pdf)
    code = page.locator(".certificate-code strong").inner_text()
    page.get_by_role("button", name="Sign out").click()
    page.goto(base + "/certificates/verify")
    page.get_by_label("Verification code").fill(" " + code.removeprefix("CL-").lower() + " ")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("status")).to_contain_text("Jens Madsen")


def test_learner_abroad_sets_her_zone_and_reads_session_times_in_it(
        demo_site, page, check_accessibility, tmp_path):
    _, base = demo_site
    demo_sign_in(page, base, "elena@example.org")
    page.goto(base + "/account/profile")
    page.get_by_label("Time zone").select_option("Europe/Athens")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")
    picture = tmp_path / "elena.png"
    portrait(picture)
    page.get_by_label("Profile picture").set_input_files(picture)
    page.get_by_role("button", name="Upload picture").click()
    expect(page.get_by_role("status")).to_contain_text("Your picture is saved.")
    expect(page.get_by_text("times shown in Europe/Athens")).to_be_visible()
    check_accessibility()
    page.reload()  # the README screenshot, without the message
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "profile-1280.png", full_page=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My training").click()
    # Her sessions in Copenhagen read in Athens time, with the venue's own time beside them.
    expect(page.get_by_text(re.compile(r"10:00–18:00 EES?T \(09:00–17:00 CES?T local time\)"))
           .first).to_be_visible()


def test_trainer_takes_attendance_on_the_session_day(demo_site, page, check_accessibility):
    app, base = demo_site
    with app.app_context():
        cohort = db.session.scalar(sa.select(Cohort).where(
            Cohort.name.like("Cluster Management Course%")))
        cohort_id = cohort.id
        learners = db.session.scalar(sa.select(sa.func.count()).select_from(Enrolment).where(
            Enrolment.cohort_id == cohort_id, Enrolment.is_active))
    demo_sign_in(page, base, "anna.trainer@example.org")
    page.goto(f"{base}/manage/cohorts/{cohort_id}")
    page.get_by_role("link", name="Kick-off (online)").first.click()
    # The attendance form comes first, above the long pre-work table.
    attendance = page.get_by_role("heading", name="Answers and attendance")
    plan = page.get_by_role("heading", name="Pre-work and post-work")
    assert attendance.bounding_box()["y"] < plan.bounding_box()["y"]
    page.get_by_role("button", name="Mark everyone present").click()
    expect(page.get_by_label("Maja Nowak was present")).to_be_checked()
    page.get_by_label("Maja Nowak was present").uncheck()
    check_accessibility()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("status")).to_contain_text(f"Attendance saved: {learners - 1} present.")
    expect(page.get_by_label("Maja Nowak was present")).not_to_be_checked()
    expect(page.get_by_label("Sofia Kowalska was present")).to_be_checked()


def test_a_latecomer_is_not_told_of_sessions_held_before_joining(demo_site, page,
                                                                  check_accessibility):
    """Joining after the kick-off: a start, not a return, and no session "not attended"."""
    app, base = demo_site
    make_user(app, "noor@example.org", "Noor Haddad")
    with app.app_context():
        key = db.session.scalar(sa.select(Invite).join(Cohort).where(
            Cohort.name.like("Cluster Management Course%"), Invite.kind == "key"))
        code = key.display_code
    sign_in(page, base, "noor@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My training").click()
    page.get_by_label("Enrolment key").fill(code)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.get_by_text("not attended")).to_have_count(0)
    page.get_by_role("link", name="Learn", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Welcome, Noor")).to_be_visible()
    expect(page.get_by_text("Start here")).to_be_visible()
    card = page.locator(".course-progress")
    expect(card).to_contain_text("Lessons: 0 of")
    expect(card).to_contain_text("In-person sessions: none held since you joined")
    expect(card).not_to_contain_text("missed")
    check_accessibility()


def test_admin_lands_on_the_admin_page(demo_site, page, check_accessibility):
    _, base = demo_site
    demo_sign_in(page, base, "admin@example.org")
    expect(page).to_have_url(re.compile(r"/admin/"))
    expect(page.get_by_role("link", name="Admin", exact=True)).to_have_attribute(
        "aria-current", "page")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 70, header  # every section on one line at 1280 px
    check_accessibility()
