"""The QuestionType interface every question type implements, and its small helpers."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ..rendering import render_markdown
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


def common_setting(question: Mapping[str, Any], key: str) -> Any:
    """A key every question has (COMMON_FIELDS), or the default its field declares."""
    return question[key] if key in question else COMMON_FIELDS[key].default


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


def _plain_number(value: float) -> str:
    return f"{value:g}"


_number_format: Callable[[float], str] = _plain_number


def set_number_format(function: Callable[[float], str]) -> None:
    """Let the app write numbers as the reader's language does ("1.234,5"); without it they
    are written plainly ("1234.5")."""
    global _number_format
    _number_format = function


def number(value: float) -> str:
    """A number in the reader's language, by the format the app set."""
    return _number_format(value)


# What the learner reads when a response cannot be taken: message ids, translated where shown.
NOT_AN_OPTION = N_("That answer is not one of the options of this question.")
NOT_A_NUMBER = N_("Enter a number, for example 2 or 2.5.")
NUMBER_TOO_LARGE = N_("That number is too large.")
TOO_LONG = N_("That answer is too long.")
ONE_ANSWER = N_("Expected one answer, got several.")
TWICE = N_("A choice was submitted twice.")
ONE_PER_ITEM = N_("Two answers for one item.")
TRUE_OR_FALSE = N_("Answer must be true or false.")
NOT_TEXT = N_("Form values must be strings.")


class ResponseError(ValueError):
    """Submitted form values that no honest form could produce for this question.

    ``message`` is what the learner reads: a message id marked with N_, translated where it is
    shown. A plugin's error without one shows its own text, as written.
    """

    def __init__(self, detail: str, message: str | None = None) -> None:
        super().__init__(detail)
        self.message = message


@dataclass(frozen=True)
class Choice:
    """One option of a question with choices, as the trainers' statistics count its picks."""

    slug: str  # as stored in QuizChoicePick
    text: str
    correct: bool


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
        raise ResponseError("expected one answer, got several", ONE_ANSWER)
    return filled[0] if filled else None


def non_empty(values: list[str]) -> list[str]:
    """Drop empty values (an unanswered field) after checking every value is a string."""
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise ResponseError("form values must be strings", NOT_TEXT)
    return [v for v in values if v != ""]


def explanation_html(key: Mapping[str, Any]) -> list[Markup]:
    """The key's explanation, if any, rendered from Markdown (sanitized)."""
    explanation = key.get("explanation") or ""
    return [render_markdown(explanation, formulas=True)] if explanation else []


def true_or_false(value: bool) -> str:
    """True or False in the reader's language."""
    return _("True") if value else _("False")


class QuestionType:
    """Base class: validate a spec, show it without the key, parse, grade and render answers.

    A spec is the question's table from the quiz file. ``validate`` returns
    (path, message) pairs where path is dotted and relative to the question
    ("" for the question itself, "choices.1.feedback" for a key of the second
    choice) so the checker can point at a line. Subclasses set ``name`` and
    ``fields`` (their own keys) and override the other methods. The defaults of the
    presentation methods (describe_response, describe_key, choices, picks, draft_value) suit a
    type without choices, so the code that uses a type never asks which one it is.
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

    def setting(self, spec: Mapping[str, Any], key: str) -> Any:
        """A key of the spec, or the default its field declares: the one place defaults live."""
        if key in spec:
            return spec[key]
        return self.fields[key].default if key in self.fields else common_setting(spec, key)

    def public_view(self, spec: dict, rng: random.Random | None = None) -> dict:
        """Return what the browser may see before feedback is allowed: never the key."""
        return {"slug": spec["slug"], "type": self.name, "prompt": spec["prompt"],
                "points": self.setting(spec, "points")}

    def parse_response(self, spec: dict, values: list[str]) -> object:
        """Turn submitted form values into a JSON-serialisable response; None if unanswered."""
        raise NotImplementedError

    def parse_localised(self, spec: dict, values: list[str], decimal: str) -> object:
        """parse_response for a learner whose language writes ``decimal`` ("." or ",") as its
        decimal sign; only types that read numbers need to override it."""
        return self.parse_response(spec, values)

    def draft_value(self, spec: dict, values: list[str]) -> object:
        """What a draft keeps of half-filled form values: the parsed response, or None when
        there is none or the values could not be taken (a forged value is dropped)."""
        try:
            return self.parse_response(spec, values)
        except ResponseError:
            return None

    def grade(self, spec: dict, response: object) -> Grade:
        """Grade a parsed response (None means unanswered and scores 0)."""
        raise NotImplementedError

    def key_view(self, spec: dict) -> dict:
        """Describe the correct answer, for display once the feedback policy allows it."""
        explanation = self.setting(spec, "explanation")
        return {"explanation": explanation} if explanation else {}

    def describe_response(self, view: dict, response: object) -> list[str]:
        """The learner's answer in words, from the public view only (it never needs the key);
        this default writes a yes/no, a number or a text as it is."""
        if response is None:
            return []
        if isinstance(response, bool):
            return [true_or_false(response)]
        if isinstance(response, int | float):
            return [number(response)]
        if isinstance(response, list):
            return [str(value) for value in response]
        return [str(response)]

    def describe_key(self, key: dict) -> list[Markup]:
        """The correct answer in words, from key_view, escaped or sanitized; this default
        gives an "answer" and an "explanation", and other keys as "Name: value"."""
        lines: list[Markup] = []
        for name, value in key.items():
            if name == "answer":
                answer = ", ".join(self.describe_response({}, value))
                lines.append(escape(_("Correct answer: %(answer)s") % {"answer": answer}))
            elif name != "explanation":
                lines.append(Markup("{}: {}").format(name.replace("_", " ").capitalize(), value))
        return lines + explanation_html(key)

    def choices(self, spec: dict) -> list[Choice]:
        """The options whose picks trainers see counted; a type without choices has none."""
        return []

    def picks(self, response: object) -> list[str]:
        """The Choice slugs a parsed response picked, stored for the trainers' statistics."""
        return []

    def sample_values(self, spec: dict, right: bool,
                      mask: Callable[[str], str]) -> list[str] | None:
        """Form values of a right (or plainly wrong) answer, masked as the attempt's form
        masks them, for the demo; None when the type cannot make one."""
        return None

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
