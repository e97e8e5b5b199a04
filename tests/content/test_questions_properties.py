"""Property tests: no form input, however hostile, makes parsing or grading misbehave."""

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lms.content.loader import load_package
from lms.content.question_types.matching import right_token
from lms.content.questions import ResponseError, get_question_type

SAMPLE = Path(__file__).parents[1] / "fixtures" / "courses" / "sample"
QUIZ = next(item.quiz for item in load_package(SAMPLE)[0].items if item.quiz)
QUESTIONS = list(QUIZ.questions)

# Values an honest form could send, mixed with arbitrary text, so both paths get exercised.
PLAUSIBLE = ["", "a", "b", "true", "false", "industry", "media", "2", "2,01", "1e999", "nan",
             "triple", " Triple  Helix ", "0:" + right_token("Mostly public seed funding"),
             "1:" + right_token("Mostly fees and paid services"), "1:000000000000"]
form_values = st.lists(st.sampled_from(PLAUSIBLE) | st.text(max_size=30), max_size=6)


@settings(max_examples=300, deadline=None)
@given(question=st.sampled_from(QUESTIONS), values=form_values)
def test_parse_response_raises_only_response_error(question, values):
    qtype = get_question_type(question["type"])
    try:
        response = qtype.parse_response(question, values)
    except ResponseError:
        return
    json.dumps(response, allow_nan=False)  # storable as JSON
    grade = qtype.grade(question, response)
    assert 0.0 <= grade.score <= 1.0
    assert grade.correct == (grade.score == 1.0)
    assert all(isinstance(text, str) for text in grade.feedback)
    if response is None:
        assert grade.score == 0.0 and grade.feedback == ()


@settings(max_examples=200, deadline=None)
@given(question=st.sampled_from(QUESTIONS),
       response=st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                             lambda inner: st.lists(inner, max_size=3), max_leaves=6))
def test_grade_tolerates_any_stored_response(question, response):
    # A stored response may predate a change to the quiz file: grading must still work.
    grade = get_question_type(question["type"]).grade(question, response)
    assert 0.0 <= grade.score <= 1.0


def test_numeric_grade_tolerates_huge_integers():
    numeric = next(q for q in QUESTIONS if q["type"] == "numeric")
    assert not get_question_type("numeric").grade(numeric, 10**400).correct
