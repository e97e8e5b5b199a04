"""The QuestionType interface every question type implements, and its small helpers."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..schema import Field, check_table

# Keys every question has, whatever its type.
COMMON_FIELDS: Mapping[str, Field] = {
    "slug": Field("slug", required=True),
    "type": Field("str", required=True),
    "prompt": Field("text", required=True),
    "points": Field("int", default=1, min=1),
    "explanation": Field("str", default=""),
    "pool": Field("slug"),  # questions sharing a pool are drawn from (the quiz's "draw")
}


def N_(message: str) -> str:
    """Mark a message for the translation catalogs; it is translated where it is shown."""
    return message


_translator: Callable[[str], str] = N_


def set_translator(function: Callable[[str], str]) -> None:
    """Let the app translate the words question types print (labels, legends): the engine
    stays free of Flask, and without a translator they stay in English."""
    global _translator
    _translator = function


def _(message: str) -> str:
    """The message in the reader's language, by the translator the app set."""
    return _translator(message)


class ResponseError(ValueError):
    """Submitted form values that no honest form could produce for this question."""


@dataclass(frozen=True)
class Grade:
    """The result of grading one response."""

    score: float  # 0..1, the fraction of the question's points earned
    correct: bool
    feedback: tuple[str, ...]  # Markdown feedback texts for what the learner answered


UNANSWERED = Grade(score=0.0, correct=False, feedback=())


def dotted(path: tuple[str | int, ...]) -> str:
    """Write a data path as the dotted string validate() returns, e.g. "choices.1.feedback"."""
    return ".".join(str(part) for part in path)


def single_value(values: list[str]) -> str | None:
    """Return the one non-empty submitted value, None if there is none; reject several."""
    filled = non_empty(values)
    if len(filled) > 1:
        raise ResponseError("expected one answer, got several")
    return filled[0] if filled else None


def non_empty(values: list[str]) -> list[str]:
    """Drop empty values (an unanswered field) after checking every value is a string."""
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise ResponseError("form values must be strings")
    return [v for v in values if v != ""]


class QuestionType:
    """Base class: validate a spec, show it without the key, parse, grade and render answers.

    A spec is the question's table from the quiz file. ``validate`` returns
    (path, message) pairs where path is dotted and relative to the question
    ("" for the question itself, "choices.1.feedback" for a key of the second
    choice) so the checker can point at a line. Subclasses set ``name`` and
    ``fields`` (their own keys) and override the other methods.
    """

    name: str = ""
    fields: Mapping[str, Field] = {}

    def validate(self, spec: dict) -> list[tuple[str, str]]:
        """Check keys and values of a question spec; return (dotted path, message) pairs."""
        issues = check_table(spec, {**COMMON_FIELDS, **self.fields})
        if issues:  # semantic checks assume well-typed values
            return [(dotted(path), message) for path, message in issues]
        return self.check(spec)

    def check(self, spec: dict) -> list[tuple[str, str]]:
        """Check rules beyond keys and types (e.g. exactly one correct choice)."""
        return []

    def public_view(self, spec: dict, rng: random.Random | None = None) -> dict:
        """Return what the browser may see before feedback is allowed: never the key."""
        return {"slug": spec["slug"], "type": self.name, "prompt": spec["prompt"],
                "points": spec.get("points", 1)}

    def parse_response(self, spec: dict, values: list[str]) -> object:
        """Turn submitted form values into a JSON-serialisable response; None if unanswered."""
        raise NotImplementedError

    def parse_localised(self, spec: dict, values: list[str], decimal: str) -> object:
        """parse_response for a learner whose language writes ``decimal`` ("." or ",") as its
        decimal sign; only types that read numbers need to override it."""
        return self.parse_response(spec, values)

    def grade(self, spec: dict, response: object) -> Grade:
        """Grade a parsed response (None means unanswered and scores 0)."""
        raise NotImplementedError

    def key_view(self, spec: dict) -> dict:
        """Describe the correct answer, for display once the feedback policy allows it."""
        explanation = spec.get("explanation") or ""
        return {"explanation": explanation} if explanation else {}

    def mask_view(self, view: dict, mask: Callable[[str], str]) -> dict:
        """Replace form values that would name the package's own slugs with mask(slug), so
        nothing in the form hints at the answer; types without such values return view."""
        return view

    def unmask(self, spec: dict, values: list[str], mask: Callable[[str], str]) -> list[str]:
        """Map masked form values back to what parse_response expects (inverse of mask_view)."""
        return values

    def form_fields(self, spec: dict, field_prefix: str) -> list[str]:
        """Name the form fields whose values (form.getlist of each) go to parse_response."""
        return [field_prefix]

    def render_input(self, view: dict, name: str, response: object = None) -> Markup:
        """Render accessible input controls for a public view, pre-filled with ``response``."""
        raise NotImplementedError
