"""A learner's whole first week, in a real browser: join, study, quiz, reflect, discuss."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import (
    cohort_with_key,
    heading,
    make_user,
    question,
    register_sofia,
    sample_course,
)


def _join(page, check_accessibility):
    page.get_by_role("link", name="My training").first.click()
    check_accessibility()
    page.get_by_label("Enrolment key").fill("cecil-2024")  # typed loosely, normalised
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("status")).to_contain_text("CECIL Copenhagen")
    check_accessibility()


def _answer_quiz(page, *, right: bool):
    """Fill in every question of the sample quiz, all right or all wrong."""
    question(page, 1).get_by_label(re.compile("1.8 times" if right else "1.8%")).check()
    for actor in ("Industry", "Research", "Government") if right else ("The media",):
        question(page, 2).get_by_label(actor, exact=True).check()
    question(page, 3).get_by_label("True" if right else "False", exact=True).check()
    question(page, 4).get_by_label("Your answer").fill("Triple" if right else "double")
    question(page, 5).get_by_label("Your answer").fill("2,0" if right else "7")
    matches = question(page, 6)
    matches.get_by_label("Emergence").select_option(
        label="Mostly public seed funding" if right else "Mostly fees and paid services")
    matches.get_by_label("Maturity").select_option(
        label="Mostly fees and paid services" if right else "Mostly public seed funding")
    page.get_by_role("button", name="Submit answers").click()


def _quiz(page, base, check_accessibility, screenshot):
    page.goto(base + "/courses/sample/items/practice-quiz")
    check_accessibility()
    page.get_by_role("button", name="Start the quiz").click()
    expect(heading(page, "Check your understanding")).to_be_visible()
    check_accessibility()
    _answer_quiz(page, right=False)
    expect(page.get_by_text("Not passed", exact=False).first).to_be_visible()
    check_accessibility()
    page.get_by_role("button", name="Try again").click()
    _answer_quiz(page, right=True)
    expect(page.get_by_text("Passed", exact=False).first).to_be_visible()
    expect(page.get_by_text("100%").first).to_be_visible()
    check_accessibility()
    screenshot("quiz-result")


def _reflect(page, base, check_accessibility):
    page.goto(base + "/courses/sample/items/practice-reflection")
    page.get_by_role("link", name="Write your reflection").click()
    check_accessibility()
    page.get_by_label("Your reflection").fill(
        "In Pomerania our **food-tech** members rarely meet researchers.\n\n"
        "- Start a monthly breakfast\n- Invite the university's tech transfer office")
    page.get_by_role("tab", name="Preview").click()
    expect(page.get_by_role("tabpanel").locator("strong")).to_have_text("food-tech")
    page.get_by_role("tab", name="Write").click()
    page.get_by_role("button", name="Submit reflection").click()
    expect(page.get_by_role("heading", name="Share with others")).to_be_visible()
    check_accessibility()
    page.get_by_label("Share into").select_option(label="My cohort: CECIL Copenhagen")
    page.get_by_role("button", name="Share", exact=True).click()
    page.get_by_role("link", name="See the discussion").click()
    expect(heading(page, "Reflection: Your own cluster")).to_be_visible()
    expect(page.get_by_text("monthly breakfast")).to_be_visible()
    check_accessibility()


def _discuss_case(page, base, check_accessibility, screenshot):
    page.goto(base + "/courses/sample/items/basics-case")
    discussion = page.locator("#discussion")
    expect(discussion.get_by_role("heading", name="Discussion")).to_be_visible()
    discussion.get_by_label("Your reply").fill(
        "I would first map who already works with whom, then invite the **three** "
        "biggest members to a steering group.")
    discussion.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator("#discussion").get_by_text("biggest members")).to_be_visible()
    check_accessibility()
    page.locator("#discussion").get_by_role("link", name=re.compile("open the full thread")).click()
    # posting follows the thread; unfollow and follow again
    page.get_by_role("button", name="✓ Following").click()
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_role("button", name="✓ Following")).to_be_visible()
    check_accessibility()
    screenshot("discussion-thread")


def test_learner_joins_studies_quizzes_reflects_and_discusses(live_server, page,
                                                             check_accessibility, screenshot):
    app, base = live_server
    sample_course(app)
    make_user(app, "tomas@example.org", "Tomas Trainer", "trainer")
    cohort_with_key(app, "tomas@example.org", "CECIL Copenhagen", "CECIL-2024")
    register_sofia(page, base)
    check_accessibility()
    _join(page, check_accessibility)
    screenshot("my-training")

    page.get_by_role("link", name="Learn", exact=True).click()
    expect(page.get_by_text("0 of 4 done")).to_be_visible()
    page.get_by_role("link", name="Start the course", exact=True).click()  # new: a start
    expect(page.get_by_role("heading", name="Introduction", exact=True)).to_be_visible()
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("You marked this as done.")).to_be_visible()
    check_accessibility()

    _quiz(page, base, check_accessibility, screenshot)
    _reflect(page, base, check_accessibility)
    _discuss_case(page, base, check_accessibility, screenshot)

    page.get_by_role("link", name="Learn", exact=True).click()
    expect(page.get_by_text("4 of 4 done")).to_be_visible()
    check_accessibility()
    screenshot("learner-home-done")
