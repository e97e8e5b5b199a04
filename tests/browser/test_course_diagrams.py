"""The shipped course's SVG diagrams, as a learner sees them in Chromium."""

from pathlib import Path

from playwright.sync_api import expect

from lms.extensions import db
from lms.models import Cohort, Course, Enrolment
from tests.browser.helpers import make_user, sign_in
from tests.fixtures.content import import_package

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"


def _enrolled_learner(app) -> None:
    """Import the shipped course and put a learner into a cohort of it."""
    learner_id = make_user(app, "elena@example.org", "Elena Pappas")
    with app.app_context():
        import_package(COURSE)
        course = db.session.scalar(db.select(Course).where(Course.slug == "cluster-management"))
        cohort = Cohort(course_id=course.id, name="ECRI Athens")
        db.session.add(cohort)
        db.session.flush()
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=learner_id))
        db.session.commit()


def test_learner_sees_the_diagrams_of_a_lesson(live_server, page, screenshot,
                                               check_accessibility):
    app, base = live_server
    _enrolled_learner(app)
    sign_in(page, base, "elena@example.org")
    page.goto(f"{base}/courses/cluster-management/items/mapping-actors-and-linkages")

    chain = page.get_by_role("img", name="Value chain map of a maritime", exact=False)
    network = page.get_by_role("img", name="Network map of a maritime", exact=False)
    for image in (chain, network):
        expect(image).to_be_visible()
        image.scroll_into_view_if_needed()
        # decoded and drawn: the browser accepted the SVG under the asset's sandbox policy
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        box = image.bounding_box()
        assert box and box["width"] > 300, box
    # the picture fits the text column on a phone, too
    page.set_viewport_size({"width": 390, "height": 900})
    assert chain.evaluate("img => img.getBoundingClientRect().right <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    check_accessibility()
    screenshot("lesson-with-diagrams")
