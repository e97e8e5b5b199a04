"""Feedback policies: the answer key is absent from every page until the policy allows it."""

import html

import pytest

from tests.fixtures.quiz import QUIZ_URL, RIGHT, WRONG

# Strings only feedback or the answer key contain (never a prompt or an option's text).
RIGHT_FEEDBACK = [
    "Right: the LQ is a ratio of shares.", "Yes: industry.",
    "Right: above 1 the regional share exceeds the national share.", "Yes: the triple helix.",
    "Right: 0.04 / 0.02 = 2.0.", "Right.",
]
WRONG_FEEDBACK = [  # what the WRONG answers get
    "No: the LQ is a ratio of shares, not a share.",
    "No: the media are not one of the three helices.",
    "It is true: an LQ above 1 means a higher share than nationally.",
    "The answer is 'triple'.",
    "Divide the regional share (0.04) by the national share (0.02).",
    "Early stages lean on public money; mature clusters on fees.",
]
KEY = [
    "The LQ compares shares.",  # an explanation
    "✗ Incorrect", "Correct answer", "Correct: The region's share",
    "Accepted answers: triple, triple helix", "2 ± 0.01",
    "Emergence → Mostly public seed funding", "Maturity → Mostly fees and paid services",
]
NEVER_BEFORE = RIGHT_FEEDBACK[:-1] + WRONG_FEEDBACK + KEY + ["✓ Correct", "data-correct",
                                                             '"correct"']


def assert_no_key(response):
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert [key for key in NEVER_BEFORE if key in text] == []


def assert_key(response):
    """The page of a WRONG attempt with feedback allowed."""
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert [key for key in WRONG_FEEDBACK + KEY if key not in text] == []


@pytest.mark.parametrize("policy", ["after_each_attempt", "after_passing", "after_last_attempt"])
def test_the_attempt_form_never_holds_the_key(client, quiz_package, quiz_learner, policy):
    quiz_package(show_feedback=policy, shuffle_choices=True, shuffle_questions=True)
    quiz_learner()
    assert_no_key(client.get(QUIZ_URL))
    attempt_url = client.post(f"{QUIZ_URL}/attempts").headers["Location"]
    assert_no_key(client.get(attempt_url))


def test_after_each_attempt_shows_feedback_and_key_at_once(client, quiz_learner, take_quiz):
    quiz_learner()
    attempt_url, _ = take_quiz(WRONG)
    assert_key(client.get(attempt_url))


def test_after_passing_hides_the_key_until_passed(client, quiz_package, quiz_learner, take_quiz):
    quiz_package(show_feedback="after_passing")
    quiz_learner()
    failed_url, _ = take_quiz(WRONG)
    page = client.get(failed_url)
    assert_no_key(page)
    assert "✗ Not passed" in page.text and "0%" in page.text  # score and verdict are shown
    assert "appear once you pass" in page.text
    assert_no_key(client.get(QUIZ_URL))
    passed_url, _ = take_quiz(RIGHT)
    assert "✓ Correct" in client.get(passed_url).text
    assert_key(client.get(failed_url))  # once passed, earlier attempts show it too


def test_after_last_attempt_hides_the_key_until_no_attempt_is_left(client, quiz_package,
                                                                    quiz_learner, take_quiz):
    quiz_package(show_feedback="after_last_attempt", max_attempts=2)
    quiz_learner()
    first_url, _ = take_quiz(WRONG)
    page = client.get(first_url)
    assert_no_key(page)
    assert "have used your last attempt" in page.text
    second_url, _ = take_quiz(WRONG)
    assert_key(client.get(second_url))
    assert_key(client.get(first_url))


def test_after_last_attempt_also_shows_it_once_passed(client, quiz_package, quiz_learner,
                                                      take_quiz):
    quiz_package(show_feedback="after_last_attempt", max_attempts=3)
    quiz_learner()
    failed_url, _ = take_quiz(WRONG)
    assert_no_key(client.get(failed_url))
    take_quiz(RIGHT)
    assert_key(client.get(failed_url))


def test_after_last_attempt_with_unlimited_attempts_waits_for_a_pass(client, quiz_package,
                                                                      quiz_learner, take_quiz):
    quiz_package(show_feedback="after_last_attempt", max_attempts=0)
    quiz_learner()
    for _ in range(3):
        url, _ = take_quiz(WRONG)
    assert_no_key(client.get(url))
    take_quiz(RIGHT)
    assert_key(client.get(url))
