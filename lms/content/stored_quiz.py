"""A quiz as stored on its item, read once into typed objects with every default filled in.

The stored form is the QuizSpec of the package as JSON, with the prompts and the intro
rendered at sync (lms.services.course_sync.quiz_dict). The defaults come from the quiz
file's schema (QUIZ_FIELDS, COMMON_FIELDS), so a quiz stored before a setting existed reads
as if the author had left it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .question_types.base import COMMON_FIELDS, Choice, QuestionType
from .questions import get_question_type
from .quizfile import QUIZ_FIELDS
from .schema import with_defaults


@dataclass(frozen=True)
class Question:
    """One question: what every question has, and its spec for its type to read."""

    slug: str
    type_name: str  # a registered question type, looked up when the question is used
    prompt: str
    prompt_html: str  # sanitized at sync
    points: int
    pool: str | None  # drawn with the other questions of its pool (the quiz's "draw")
    shuffle: bool | None  # shuffle its options; None: as the quiz's shuffle_choices says
    spec: dict  # the question as stored, common defaults filled: what its type reads

    @property
    def qtype(self) -> QuestionType:
        """The type that shows, parses, grades and describes this question."""
        return get_question_type(self.type_name)

    @property
    def choices(self) -> list[Choice]:
        """Its options as the trainers' statistics count them; none for a type without."""
        return self.qtype.choices(self.spec)


@dataclass(frozen=True)
class Quiz:
    """A quiz's settings and its questions in the file's order."""

    title: str
    intro_html: str  # sanitized at sync
    pass_mark: int  # percent of the points
    max_attempts: int  # 0 means unlimited
    shuffle_questions: bool
    shuffle_choices: bool
    show_feedback: str  # after_each_attempt | after_passing | after_last_attempt
    draw: Mapping[str, int]  # pool slug -> how many of its questions each attempt asks
    questions: tuple[Question, ...]

    def by_slug(self) -> dict[str, Question]:
        """The questions by their slugs."""
        return {question.slug: question for question in self.questions}


def read_question(stored: Mapping[str, Any]) -> Question:
    """One stored question as a Question."""
    spec = with_defaults(dict(stored), COMMON_FIELDS)
    return Question(slug=spec["slug"], type_name=spec["type"], prompt=spec["prompt"],
                    prompt_html=spec.get("prompt_html", ""), points=spec["points"],
                    pool=spec["pool"], shuffle=spec.get("shuffle"),  # only types with options
                    spec=spec)


def read_quiz(stored: Mapping[str, Any]) -> Quiz:
    """A stored quiz (an item's ``quiz`` column, or its translation) as a Quiz."""
    settings = with_defaults(dict(stored), QUIZ_FIELDS)
    return Quiz(title=settings["title"] or "", intro_html=settings.get("intro_html", ""),
                pass_mark=settings["pass_mark"], max_attempts=settings["max_attempts"],
                shuffle_questions=settings["shuffle_questions"],
                shuffle_choices=settings["shuffle_choices"],
                show_feedback=settings["show_feedback"], draw=dict(settings["draw"]),
                questions=tuple(read_question(question) for question in settings["questions"]))
