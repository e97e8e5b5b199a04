"""Typed-answer questions: short text and numeric with tolerance."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from decimal import Decimal

from markupsafe import Markup, escape

from ..schema import Field
from .base import (
    NOT_A_NUMBER,
    NUMBER_TOO_LARGE,
    TOO_LONG,
    UNANSWERED,
    Grade,
    QuestionType,
    ResponseError,
    _,
    explanation_html,
    number,
    single_value,
)

MAX_TEXT_LENGTH = 500  # longer than any honest short answer; keeps stored responses small
_NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$", re.ASCII)
_TEXT_INPUT = Markup(
    '<div class="question-input"><label for="{id}">{label}</label> '
    '<input type="text" id="{id}" name="{name}" value="{value}"{extra} autocomplete="off">'
    "{unit}</div>"
)

FEEDBACK_FIELDS = {
    "feedback_correct": Field("text", required=True),
    "feedback_incorrect": Field("text", required=True),
}


def normalise_text(text: str) -> str:
    """Ignore case and extra spaces: casefold and collapse all whitespace to single spaces."""
    return " ".join(text.split()).casefold()


# Minus signs that lessons, word processors and phone keyboards type instead of "-".
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-",
                              "\uff0d": "-"})
# Spaces used between groups of three digits: plain, no-break, thin, narrow no-break, figure.
_GROUP_SPACES = re.compile("[ \u00a0\u2009\u202f\u2007]")
# A grouped integer part: "12 345", "1,234,567", "1.234.567" (one separator throughout).
_GROUPED_RE = re.compile(r"^([+-]?)(\d{1,3}(?:([ ,.])\d{3})+)([.,]\d*)?$", re.ASCII)


def _ungroup(text: str, decimal: str = ".") -> str:
    """Drop thousands separators when they can only be that; leave anything else alone.

    "1,234" stays as it is (a decimal comma, the way much of Europe writes 1.234), but
    "1 234", "1,234,567", "1,234.5" and "1.234,5" are grouped numbers. A learner whose
    language writes a decimal comma (``decimal`` = ",") means 1234 by "1.234", as they read it.
    """
    match = _GROUPED_RE.match(text)
    if match is None:
        return text
    sign, integer, separator, fraction = match.groups()
    groups = integer.count(separator)
    if separator != " " and fraction is None and groups == 1 \
            and not (decimal == "," and separator == "."):
        return text  # "1,234" or "1.234": a decimal separator, not grouping
    if fraction is not None and fraction[0] == separator:
        return text  # "1.234.5" is not a number; let the strict pattern refuse it
    return sign + integer.replace(separator, "") + (fraction or "")


def parse_number(text: str, decimal: str = ".") -> float:
    """Parse a learner's number: decimal comma or point, Unicode minus, grouped thousands;
    ``decimal`` is the decimal sign of the learner's language, which settles "1.234"."""
    cleaned = _GROUP_SPACES.sub(" ", text.strip().translate(_MINUS_SIGNS))
    cleaned = _ungroup(cleaned, decimal)
    if len(cleaned) > 50 or not _NUMBER_RE.match(cleaned):
        raise ResponseError("not a number", NOT_A_NUMBER)
    value = float(cleaned.replace(",", "."))
    if not math.isfinite(value):
        raise ResponseError("number too large", NUMBER_TOO_LARGE)
    return value


def _exact(value: float) -> Decimal:
    # Decimal of the shortest repr, so 0.4 - 0.3 is exactly 0.1 and the tolerance is inclusive.
    return Decimal(repr(float(value)))


class _TypedAnswer(QuestionType):
    """Shared parts of questions answered in a text box with correct/incorrect feedback."""

    def _grade(self, spec: dict, correct: bool) -> Grade:
        feedback = spec["feedback_correct"] if correct else spec["feedback_incorrect"]
        return Grade(float(correct), correct, (feedback,))

    def _render(self, name: str, value: str, *, extra: Markup | str = "", unit: str = "") -> Markup:
        unit_html = Markup(' <span class="unit">{}</span>').format(unit) if unit else ""
        return _TEXT_INPUT.format(id=f"{name}-answer", name=name, value=value, extra=extra,
                                  unit=unit_html, label=_("Your answer"))

    def draft_value(self, spec: dict, values: list[str]) -> object:
        """The text as typed ("−360", "12 500"), parsed or not yet; None when blank."""
        if len(values) != 1:
            return super().draft_value(spec, values)
        text = values[0]
        return text[:MAX_TEXT_LENGTH] if isinstance(text, str) and text.strip() else None


class ShortText(_TypedAnswer):
    """A short typed answer compared with accepted answers, ignoring case and spaces."""

    name = "short_text"
    fields = {"answers": Field("str_list", required=True, min=1), **FEEDBACK_FIELDS}

    def check(self, spec: dict) -> list[tuple[str, str]]:
        """Reject blank accepted answers."""
        if any(not normalise_text(answer) for answer in spec["answers"]):
            return [("answers", '"answers" contains a blank answer')]
        return []

    def parse_response(self, spec: dict, values: list[str]) -> str | None:
        """Return the typed text, stripped; None when blank."""
        value = single_value(values)
        if value is None or not value.strip():
            return None
        if len(value) > MAX_TEXT_LENGTH:
            raise ResponseError("answer too long", TOO_LONG)
        return value.strip()

    def grade(self, spec: dict, response: object) -> Grade:
        """Full points when the response equals an accepted answer after normalising."""
        if not isinstance(response, str):
            return UNANSWERED
        accepted = {normalise_text(answer) for answer in spec["answers"]}
        return self._grade(spec, normalise_text(response) in accepted)

    def key_view(self, spec: dict) -> dict:
        """List the accepted answers, the first being the preferred one."""
        return {"answers": list(spec["answers"]), **super().key_view(spec)}

    def describe_key(self, key: dict) -> list[Markup]:
        """"Accepted answers: " and the answers, then the explanation."""
        answers = ", ".join(key["answers"])
        return [escape(_("Accepted answers: %(answers)s") % {"answers": answers}),
                *explanation_html(key)]

    def sample_values(self, spec: dict, right: bool,
                      mask: Callable[[str], str]) -> list[str] | None:
        """The preferred answer, or a plain guess."""
        return [spec["answers"][0] if right else "I am not sure"]

    def render_input(self, view: dict, name: str, response: object = None) -> Markup:
        """Render a labelled text box."""
        return self._render(name, response if isinstance(response, str) else "")


class Numeric(_TypedAnswer):
    """A number, right when within answer ± tolerance (inclusive)."""

    name = "numeric"
    fields = {
        "answer": Field("number", required=True),
        "tolerance": Field("number", default=0, min=0),
        "unit": Field("str", default=""),
        **FEEDBACK_FIELDS,
    }

    def public_view(self, spec: dict, rng: random.Random | None = None) -> dict:
        """Add the unit shown after the box."""
        return {**super().public_view(spec, rng), "unit": self.setting(spec, "unit")}

    def parse_response(self, spec: dict, values: list[str]) -> float | None:
        """Return the number typed, accepting a decimal comma; None when blank."""
        value = single_value(values)
        if value is None or not value.strip():
            return None
        return parse_number(value)

    def parse_localised(self, spec: dict, values: list[str], decimal: str) -> float | None:
        """As parse_response, reading "1.234" as 1234 where the decimal sign is a comma."""
        value = single_value(values)
        if value is None or not value.strip():
            return None
        return parse_number(value, decimal)

    def grade(self, spec: dict, response: object) -> Grade:
        """Full points when |response - answer| <= tolerance."""
        if isinstance(response, bool) or not isinstance(response, int | float):
            return UNANSWERED
        try:
            if not math.isfinite(response):
                return UNANSWERED
        except OverflowError:  # an integer beyond float range is beyond any answer ± tolerance
            return self._grade(spec, False)
        distance = abs(_exact(response) - _exact(spec["answer"]))
        return self._grade(spec, distance <= _exact(self.setting(spec, "tolerance")))

    def key_view(self, spec: dict) -> dict:
        """Give the answer, its tolerance and unit."""
        return {"answer": spec["answer"], "tolerance": self.setting(spec, "tolerance"),
                "unit": self.setting(spec, "unit"), **super().key_view(spec)}

    def describe_key(self, key: dict) -> list[Markup]:
        """"Correct answer: 2 ± 0.01 m", then the explanation."""
        tolerance = key.get("tolerance") or 0
        text = number(key["answer"]) + (f" ± {number(tolerance)}" if tolerance else "")
        unit = f" {key['unit']}" if key.get("unit") else ""
        return [escape(_("Correct answer: %(answer)s") % {"answer": text + unit}),
                *explanation_html(key)]

    def sample_values(self, spec: dict, right: bool,
                      mask: Callable[[str], str]) -> list[str] | None:
        """The answer, or a number well outside the tolerance."""
        answer = spec["answer"]
        wrong = answer + self.setting(spec, "tolerance") + abs(answer) + 7
        return [f"{answer if right else wrong:g}"]

    def render_input(self, view: dict, name: str, response: object = None) -> Markup:
        """Render a labelled text box for a number (type=text so a decimal comma works)."""
        value = "" if response is None or isinstance(response, bool) else str(response)
        return self._render(name, value, extra=Markup(' inputmode="decimal"'),
                            unit=view.get("unit", ""))
