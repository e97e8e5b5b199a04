"""A stored quiz reads into typed objects once, with the quiz file's defaults filled in."""

from dataclasses import asdict
from pathlib import Path

import pytest

from lms.content.loader import load_package
from lms.content.questions import UnknownQuestionType
from lms.content.stored_quiz import read_quiz

SAMPLE = Path(__file__).parents[1] / "fixtures" / "courses" / "sample"
QUIZ = next(item.quiz for item in load_package(SAMPLE)[0].items if item.quiz)

MINIMAL = {
    "pass_mark": 80,
    "questions": [{"slug": "q", "type": "true_false", "prompt": "Is it?", "answer": True,
                   "feedback_true": "Yes.", "feedback_false": "No."}],
}


def test_settings_left_out_read_as_the_quiz_files_defaults():
    quiz = read_quiz(MINIMAL)
    assert (quiz.pass_mark, quiz.max_attempts, quiz.shuffle_questions, quiz.shuffle_choices,
            quiz.show_feedback, dict(quiz.draw)) == (80, 0, False, True,
                                                    "after_each_attempt", {})
    (question,) = quiz.questions
    assert (question.points, question.pool, question.shuffle) == (1, None, None)
    assert question.spec["explanation"] == ""  # the type reads a filled spec
    assert question.qtype.name == "true_false"
    assert [c.slug for c in question.choices] == ["true", "false"]


def test_the_sample_quiz_reads_as_written():
    quiz = read_quiz({**asdict(QUIZ), "intro_html": "<p>Intro</p>"})
    assert (quiz.pass_mark, quiz.max_attempts, quiz.shuffle_choices) == (70, 3, False)
    assert quiz.title == "Check your understanding" and quiz.intro_html == "<p>Intro</p>"
    assert [q.slug for q in quiz.questions] == [q["slug"] for q in QUIZ.questions]
    assert [q.type_name for q in quiz.questions] == [q["type"] for q in QUIZ.questions]
    by_slug = quiz.by_slug()
    assert by_slug["helix-actors"].points == 2 and by_slug["lq-meaning"].points == 1
    assert by_slug["lq-meaning"].spec["explanation"] == "The LQ compares shares."
    assert by_slug["lq-compute"].choices == []


def test_an_unknown_type_fails_only_where_the_question_is_used():
    stored = {**MINIMAL, "questions": [{**MINIMAL["questions"][0], "type": "gone"}]}
    quiz = read_quiz(stored)  # settings stay readable: the lesson page still shows the quiz
    assert quiz.pass_mark == 80
    with pytest.raises(UnknownQuestionType):
        _ = quiz.questions[0].qtype
