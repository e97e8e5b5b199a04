"""Numbers, percentages and dates as the reader's language writes them, and numeric answers
read as the learner's language writes them."""

from datetime import datetime

import pytest

from lms.content.question_types.text import parse_number
from lms.i18n.formatting import format_day, format_number, format_percent, format_when
from lms.models import utcnow
from tests.fixtures.quiz import answers, graded_attempts


@pytest.mark.parametrize(("text", "decimal", "value"), [
    ("1.234,5", ",", 1234.5), ("1.234,5", ".", 1234.5),  # unambiguous: grouped
    ("1,234.5", ".", 1234.5), ("1,234.5", ",", 1234.5),
    ("2,5", ",", 2.5), ("2.5", ",", 2.5), ("2.5", ".", 2.5),
    ("1.234", ",", 1234.0),  # Danish, Spanish, Greek: a thousands point
    ("1.234", ".", 1.234),  # English keeps its decimal point
    ("1,234", ",", 1.234), ("1 234,5", ",", 1234.5), ("−1.234,5", ",", -1234.5),
])
def test_numbers_are_read_in_the_learners_language(text, decimal, value):
    assert parse_number(text, decimal) == value


@pytest.mark.parametrize(("language", "number", "percent", "day", "when"), [
    ("en", "1,234.5", "45.5%", "04 Dec 2026", "04 Dec 2026, 19:10 CET"),
    ("da", "1.234,5", "45,5\xa0%", "04 dec. 2026", "04 dec. 2026, 19:10 CET"),
    ("es", "1.234,5", "45,5\xa0%", "04 dic 2026", "04 dic 2026, 19:10 CET"),
    ("el", "1.234,5", "45,5%", "04 Δεκ 2026", "04 Δεκ 2026, 19:10 CET"),
])
def test_formats_follow_the_language(language, number, percent, day, when):
    assert format_number(1234.5, 1, language) == number
    assert format_percent(45.5, language) == percent
    assert format_day(datetime(2026, 12, 4), language) == day
    assert format_when(datetime(2026, 12, 4, 18, 10), "Europe/Copenhagen", language) == when


def test_a_danish_learner_means_two_thousand_by_2_000(client, quiz_learner, take_quiz):
    quiz_learner(language="da")
    _, response = take_quiz(answers(**{"q-lq-compute": ["2.000"]}))
    assert response.status_code == 303
    [attempt] = graded_attempts()
    compute = [a for a in attempt.answers if a.question_slug == "lq-compute"][0]
    assert compute.response == 2000 and not compute.correct


def test_an_english_learner_means_two_by_2_000(client, quiz_learner, take_quiz):
    quiz_learner()
    take_quiz(answers(**{"q-lq-compute": ["2.000"]}))
    [attempt] = graded_attempts()
    compute = [a for a in attempt.answers if a.question_slug == "lq-compute"][0]
    assert compute.response == 2 and compute.correct


def test_a_spanish_learner_answers_with_a_decimal_comma(client, quiz_learner, take_quiz):
    quiz_learner(language="es")
    attempt_url, _ = take_quiz(answers(**{"q-lq-compute": ["2,0"]}))
    [attempt] = graded_attempts()
    assert attempt.passed and attempt.score == 100
    assert "100\xa0%" in client.get(attempt_url).text


def test_pages_write_percentages_and_dates_in_the_readers_language(client, quiz_learner,
                                                                   take_quiz):
    quiz_learner(language="da")
    attempt_url, _ = take_quiz(answers(**{"q-lq-compute": ["2,0"]}))
    result = client.get(attempt_url).text
    assert "100\xa0%" in result and "beståelseskrav 70\xa0%" in result
    assert format_day(utcnow(), "da") in result  # the attempt's date in the history
    home = client.get("/learn").text
    assert "\xa0%</span>" in home
