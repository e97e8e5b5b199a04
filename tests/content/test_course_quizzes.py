"""The shipped course's quizzes and prerequisites, as a trainer reviewed them (issue 18)."""

from pathlib import Path

import pytest

from lms.content.loader import load_package

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"


@pytest.fixture(scope="module")
def package():
    package, problems = load_package(COURSE)
    assert package is not None, [str(p) for p in problems]
    return package


def _quizzes(package):
    return [(module, item) for module in package.modules for item in module.items if item.quiz]


def test_no_quiz_hands_out_the_key_after_a_failed_first_attempt(package):
    for _, item in _quizzes(package):
        assert item.quiz.show_feedback != "after_each_attempt", item.slug
        assert item.quiz.max_attempts > 1, item.slug  # "the last attempt" is not the first
        assert "after each attempt you see why" not in item.quiz.intro, item.slug


def test_quiz_titles_say_what_they_test(package):
    for module, item in _quizzes(package):
        for title in (item.title, item.quiz.title):
            assert title.strip() != "Check your understanding", (module.slug, title)


def test_every_answer_is_explained(package):
    for _, item in _quizzes(package):
        for question in item.quiz.questions:
            for choice in question.get("choices", []):
                assert len(choice["feedback"].split()) >= 4, (item.slug, question["slug"])
            for key in ("feedback_true", "feedback_false", "feedback_correct",
                        "feedback_incorrect"):
                if key in question:
                    assert len(question[key].split()) >= 4, (item.slug, question["slug"], key)


def test_the_mapping_quiz_draws_fresh_calculations_and_asks_no_term_recall(package):
    (quiz,) = [i.quiz for _, i in _quizzes(package) if i.slug == "mapping-quiz"]
    assert quiz.draw == {"lq-transfer": 1, "shift-transfer": 1}
    assert not [q for q in quiz.questions if q["type"] == "short_text"]


def test_each_case_requires_the_lessons_it_applies(package):
    for module in package.modules:
        theory = [i.slug for i in module.items
                  if i.kind == "theory" and i.visibility == "learners"]
        for case in (i for i in module.items if i.kind == "case"):
            assert len(case.prerequisites) >= 3, case.slug
            assert set(case.prerequisites) <= set(theory), case.slug


def test_every_lesson_states_its_learning_objectives(package):
    for item in package.items:
        if item.visibility == "learners" and item.kind != "quiz":
            assert 1 <= len(item.objectives) <= 4, item.slug
