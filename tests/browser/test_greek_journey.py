"""Issue 20's proof: a learner switches to Greek in the footer and studies module 1 of the
shipped course in Greek (home page, a lesson, the quiz), in Chromium."""

import re
import tomllib
from pathlib import Path

from playwright.sync_api import expect

from lms.extensions import db
from lms.models import Cohort, Course, Enrolment, Item, User
from lms.services import progress
from tests.browser.helpers import make_user, sign_in
from tests.fixtures.content import import_package

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
GREEK = tomllib.loads((COURSE / "translations" / "el" / "course.toml").read_text("utf-8"))
GREEK_QUIZ = tomllib.loads((COURSE / "translations" / "el" / "01-mapping" / "quiz.toml")
                           .read_text("utf-8"))
LESSON = "mapping-measuring-concentration"


def _enrolled_learner(app) -> None:
    """Import the shipped course (with its translations), enrol Eleni, and mark the quiz's
    prerequisites done but the lesson she is about to read."""
    learner_id = make_user(app, "eleni@example.org", "Eleni Papadaki")
    with app.app_context():
        import_package(COURSE)
        course = db.session.scalar(db.select(Course).where(Course.slug == "cluster-management"))
        cohort = Cohort(course_id=course.id, name="Athens cohort")
        db.session.add(cohort)
        db.session.flush()
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=learner_id))
        learner = db.session.get(User, learner_id)
        quiz = db.session.scalar(db.select(Item).where(Item.slug == "mapping-quiz"))
        for slug in quiz.prerequisites:
            if slug != LESSON:
                item = db.session.scalar(db.select(Item).where(Item.slug == slug))
                progress.mark_completed(learner, item, by="done")
        db.session.commit()


def _answer_every_question(page) -> None:
    """Give some answer to each question, whatever its type, as a hurried learner would."""
    for fieldset in page.locator("fieldset.question").all():
        choice = fieldset.locator("input[type=radio], input[type=checkbox]")
        if choice.count():
            choice.first.check()
        for box in fieldset.locator("input[type=text]").all():
            box.fill("1,5")
        for select in fieldset.locator("select").all():
            select.select_option(index=1)


def test_a_learner_switches_to_greek_and_studies_module_1(live_server, page, screenshot,
                                                          check_accessibility):
    app, base = live_server
    _enrolled_learner(app)
    sign_in(page, base, "eleni@example.org")
    page.goto(f"{base}/learn")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The footer's switch: a plain form, no script.
    page.get_by_label("Language").select_option("el")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "el")
    expect(page.get_by_role("heading", level=1, name=re.compile("^Καλώς ήρθατε"))).to_be_visible()
    expect(page.get_by_role("link", name="Μάθηση")).to_be_visible()  # the main navigation
    expect(page.get_by_role("link", name=GREEK["title"])).to_be_visible()
    expect(page.get_by_text(GREEK["modules"]["mapping"]["title"]).first).to_be_visible()
    expect(page.get_by_role("button", name="Αποσύνδεση")).to_be_attached()
    check_accessibility()
    screenshot("greek-home")

    # The course outline, then a lesson of module 1.
    page.get_by_role("link", name=GREEK["title"]).first.click()
    expect(page.get_by_text("Ενότητα 1", exact=True)).to_be_visible()
    lesson_title = GREEK["items"][LESSON]["title"]
    page.get_by_role("link", name=lesson_title).first.click()
    expect(page.get_by_role("heading", level=1, name=lesson_title)).to_be_visible()
    expect(page.get_by_text("Μετά από αυτό το μάθημα θα μπορείτε να")).to_be_visible()
    expect(page.get_by_role("heading", name="Τρία ερωτήματα, τρεις δείκτες")).to_be_visible()
    expect(page.get_by_role("note")).to_have_count(0)  # translated: no "original" note
    check_accessibility()
    screenshot("greek-lesson")
    page.get_by_role("button", name="Σήμανση ως ολοκληρωμένο").click()
    expect(page.get_by_role("status").first).to_contain_text("σημειώθηκε ως ολοκληρωμένο")

    # Searching the course in Greek finds the translated lesson by its Greek words.
    page.get_by_role("link", name=GREEK["title"]).first.click()
    page.get_by_label("Αναζήτηση στο μάθημα").fill("συντελεστης χωροθετησης")  # no accents
    page.get_by_role("button", name="Αναζήτηση").click()
    expect(page.get_by_role("link", name=lesson_title)).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    check_accessibility()
    screenshot("greek-search")

    # The module's quiz, in Greek from the first word to the result.
    page.goto(f"{base}/courses/cluster-management/items/mapping-quiz")
    expect(page.get_by_role("heading", level=2, name="Οι προσπάθειές σας")).to_be_visible()
    page.get_by_role("button", name="Ξεκινήστε το κουίζ").click()
    expect(page.get_by_role("heading", level=1, name=GREEK_QUIZ["title"])).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Ερώτηση 1 από \d+")).first).to_be_visible()
    porter = GREEK_QUIZ["questions"]["porter-definition"]
    expect(page.get_by_text(porter["prompt"])).to_be_visible()
    expect(page.get_by_label(porter["choices"]["a"]["text"])).to_be_attached()
    check_accessibility()
    screenshot("greek-quiz")
    _answer_every_question(page)
    page.get_by_role("button", name="Υποβολή απαντήσεων").click()
    expect(page.get_by_text("Αποτέλεσμα κουίζ · προσπάθεια 1")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Οι απαντήσεις σας")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+(,\d+)?% · .* από \d+ βαθμούς · βάση 70%"))
           ).to_be_visible()
    check_accessibility()
    screenshot("greek-quiz-result")

    with app.app_context():  # the choice is the learner's own from now on
        learner = db.session.scalar(db.select(User).where(User.email == "eleni@example.org"))
        assert learner.language == "el"
