"""Keyboard-only use: a whole quiz attempt, and a post written with the Markdown editor."""

import re

from playwright.sync_api import expect

from lms.extensions import db
from lms.models import Item, User
from lms.services import progress
from tests.browser.helpers import enrolled_learner, heading, question, sign_in, tab_to


def _choose(page, select, label: str) -> None:
    """Pick an option of a closed <select> with the arrow keys."""
    options = select.locator("option").all_inner_texts()
    tab_to(page, select)
    page.keyboard.press("Home")
    for _ in range(options.index(label)):
        page.keyboard.press("ArrowDown")
    expect(select.locator("option:checked")).to_have_text(label)


def test_a_quiz_attempt_with_the_keyboard_only(live_server, page, check_accessibility):
    app, base = live_server
    enrolled_learner(app, "sofia@example.org", "Sofia Kowalska")
    with app.app_context():  # the quiz needs the introduction first
        sofia = db.session.scalar(db.select(User).where(User.email == "sofia@example.org"))
        progress.mark_completed(sofia, db.session.scalar(
            db.select(Item).where(Item.slug == "basics-intro")), by="done")
        db.session.commit()
    sign_in(page, base, "sofia@example.org")
    page.goto(base + "/courses/sample/items/practice-quiz")
    tab_to(page, page.get_by_role("button", name="Start the quiz"))
    page.keyboard.press("Enter")
    expect(heading(page, "Check your understanding")).to_be_visible()

    right = question(page, 1).get_by_label(re.compile("1.8 times"))
    tab_to(page, right)  # the first option; arrows move through the group and select
    page.keyboard.press("ArrowDown")
    expect(question(page, 1).get_by_label(re.compile("1.8%"))).to_be_checked()
    page.keyboard.press("ArrowUp")
    expect(right).to_be_checked()
    for actor in ("Industry", "Research", "Government"):
        tab_to(page, question(page, 2).get_by_label(actor, exact=True))
        page.keyboard.press("Space")
    expect(question(page, 2).get_by_label("The media")).not_to_be_checked()
    tab_to(page, question(page, 3).get_by_label("True", exact=True))
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(question(page, 3).get_by_label("False", exact=True)).to_be_checked()
    page.keyboard.press("ArrowUp")  # changes the answer back to True
    expect(question(page, 3).get_by_label("True", exact=True)).to_be_checked()
    tab_to(page, question(page, 4).get_by_label("Your answer"))
    page.keyboard.type("triple helix")
    tab_to(page, question(page, 5).get_by_label("Your answer"))
    page.keyboard.type("2")
    _choose(page, question(page, 6).get_by_label("Emergence"), "Mostly public seed funding")
    _choose(page, question(page, 6).get_by_label("Maturity"), "Mostly fees and paid services")
    tab_to(page, page.get_by_role("button", name="Submit answers"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Passed").first).to_be_visible()
    expect(page.get_by_text("100%").first).to_be_visible()
    check_accessibility()


def test_writing_a_post_with_the_keyboard_and_the_preview_tab(live_server, page,
                                                                check_accessibility):
    app, base = live_server
    enrolled_learner(app, "sofia@example.org", "Sofia Kowalska")
    sign_in(page, base, "sofia@example.org")
    page.goto(base + "/courses/sample/items/basics-intro")
    discussion = page.locator("#discussion")
    textarea = discussion.get_by_label("Your reply")
    tab_to(page, textarea)
    page.keyboard.type("We start with a **member survey**.")
    page.keyboard.press("Shift+Tab")  # back to the selected tab, Write
    write, preview = discussion.get_by_role("tab", name="Write"), \
        discussion.get_by_role("tab", name="Preview")
    expect(write).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(preview).to_be_focused()
    expect(preview).to_have_attribute("aria-selected", "true")
    panel = discussion.get_by_role("tabpanel", name="Preview")
    expect(panel.locator("strong")).to_have_text("member survey")
    expect(textarea).to_be_hidden()
    check_accessibility()
    page.keyboard.press("ArrowLeft")
    expect(write).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Tab")
    expect(textarea).to_be_focused()
    page.keyboard.type(" Then we call them.")
    tab_to(page, discussion.get_by_role("button", name="Post", exact=True))
    page.keyboard.press("Enter")
    expect(page.locator("#discussion").get_by_text("Then we call them.")).to_be_visible()
    expect(page.locator("#discussion strong", has_text="member survey")).to_be_visible()
