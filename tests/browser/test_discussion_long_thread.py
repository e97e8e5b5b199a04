"""A long thread keeps its pages: a reply from the first page lands on the page that holds
it, highlighted and in view, with the pager back to the start."""

import pytest
from playwright.sync_api import expect

from lms.extensions import db
from lms.models import Course, User
from lms.services import forum
from tests.browser.helpers import enrolled_learner, sign_in


@pytest.fixture
def browser_config(file_database):
    """Pages of five posts, so twelve make three pages."""
    return {"WTF_CSRF_ENABLED": True, "FORUM_POSTS_PER_PAGE": 5, **file_database}


def test_a_reply_from_the_first_page_lands_on_the_last_page_at_the_reply(
        live_server, page, check_accessibility):
    app, base = live_server
    enrolled_learner(app, "sofia@example.org", "Sofia Kowalska")
    with app.app_context():
        trainer = db.session.scalar(db.select(User).where(User.role == "trainer"))
        course = db.session.scalar(db.select(Course).where(Course.slug == "sample"))
        thread = forum.start_thread(trainer, forum.course_space(course), "Ideas for year two",
                                    "What should the cluster try next year?")
        for number in range(11):
            forum.reply(trainer, thread, f"Idea number {number + 1}")
        db.session.commit()
        thread_id = thread.id
    sign_in(page, base, "sofia@example.org")
    page.goto(f"{base}/discussions/threads/{thread_id}")
    expect(page.locator(".post")).to_have_count(5)
    page.locator(".post").first.get_by_role("link", name="Quote").click()
    page.get_by_label("Your reply").fill("A shared stand at the regional food fair.")
    page.get_by_role("button", name="Post reply").click()
    mine = page.locator(".post").filter(has_text="A shared stand at the regional food fair.")
    expect(mine).to_be_in_viewport()
    assert page.url.endswith(f"#{mine.get_attribute('id')}")
    expect(page.locator(".post")).to_have_count(3)  # posts 11 to 13: the pager's third page
    expect(page.locator(".post").first).to_contain_text("Idea number 10")
    expect(mine).to_contain_text("What should the cluster try next year?")  # the quote
    check_accessibility()
    page.get_by_role("link", name="⇤ First post").click()
    expect(page.get_by_text("What should the cluster try next year?").first).to_be_visible()
