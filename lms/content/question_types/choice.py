"""Choice questions: single choice, multiple choice and true/false."""

from __future__ import annotations

import random
from collections.abc import Callable

from markupsafe import Markup, escape

from ..schema import Field
from .base import (
    N_,
    NOT_AN_OPTION,
    TRUE_OR_FALSE,
    TWICE,
    UNANSWERED,
    Choice,
    Grade,
    QuestionType,
    ResponseError,
    _,
    explanation_html,
    non_empty,
    single_value,
    true_or_false,
)

CHOICE_FIELDS = {
    "slug": Field("slug", required=True),
    "text": Field("text", required=True),
    "correct": Field("bool", required=True),
    "feedback": Field("text", required=True),
}

_CHOICE_ROW = Markup(
    '<div class="choice"><input type="{type}" id="{id}" name="{name}" value="{value}"{checked}>'
    ' <label for="{id}">{label}</label></div>'
)
_FIELDSET = Markup('<fieldset class="question-input"><legend>{legend}</legend>{rows}</fieldset>')


def render_choices(name: str, legend: str, input_type: str,
                   options: list[tuple[str, str]], chosen: set[str]) -> Markup:
    """Render radio buttons or checkboxes, one labelled row per (value, label) option."""
    rows = [
        _CHOICE_ROW.format(type=input_type, id=f"{name}-{index}", name=name, value=value,
                           checked=Markup(" checked") if value in chosen else "", label=label)
        for index, (value, label) in enumerate(options, start=1)
    ]
    return _FIELDSET.format(legend=legend, rows=Markup("").join(rows))


UNKNOWN = "?"  # prefix of a submitted value that matches no masked choice: never a slug


class _ChoiceQuestion(QuestionType):
    """Shared parts of single and multiple choice: choices with slug, text, correct, feedback."""

    fields = {"choices": Field("tables", required=True, min=2, fields=CHOICE_FIELDS),
              # false keeps the file's order ("None of the above" last); unset follows the quiz
              "shuffle": Field("bool")}
    legend = ""
    input_type = ""
    sample_count: int | None = None  # how many choices a sample answer ticks at most

    def check(self, spec: dict) -> list[tuple[str, str]]:
        """Report duplicate choice slugs."""
        issues, seen = [], set()
        for index, choice in enumerate(spec["choices"]):
            if choice["slug"] in seen:
                message = f'duplicate choice slug "{choice["slug"]}"'
                issues.append((f"choices.{index}.slug", message))
            seen.add(choice["slug"])
        return issues

    def public_view(self, spec: dict, rng: random.Random | None = None) -> dict:
        """Add the choices' slugs and texts, shuffled when an rng is given."""
        view = super().public_view(spec, rng)
        choices = [{"slug": c["slug"], "text": c["text"]} for c in spec["choices"]]
        if rng is not None:
            rng.shuffle(choices)
        view["choices"] = choices
        return view

    def mask_view(self, view: dict, mask: Callable[[str], str]) -> dict:
        """Give each choice an opaque form value instead of its slug."""
        return {**view, "choices": [{**c, "value": mask(c["slug"])} for c in view["choices"]]}

    def unmask(self, spec: dict, values: list[str], mask: Callable[[str], str]) -> list[str]:
        """Map opaque values back to choice slugs; anything else can never match a slug."""
        slugs = {mask(c["slug"]): c["slug"] for c in spec["choices"]}
        return [slugs.get(v, UNKNOWN + v) if v else v for v in values]

    def key_view(self, spec: dict) -> dict:
        """List the correct choices."""
        correct = [{"slug": c["slug"], "text": c["text"]} for c in spec["choices"] if c["correct"]]
        return {"correct_choices": correct, **super().key_view(spec)}

    def render_input(self, view: dict, name: str, response: object = None) -> Markup:
        """Render one radio button or checkbox per choice inside a fieldset."""
        chosen = set(response) if isinstance(response, list) else {response}
        values = {c.get("value", c["slug"]): c["slug"] for c in view["choices"]}
        options = [(c.get("value", c["slug"]), c["text"]) for c in view["choices"]]
        return render_choices(name, _(self.legend), self.input_type, options,
                              {value for value, slug in values.items() if slug in chosen})

    def describe_response(self, view: dict, response: object) -> list[str]:
        """The texts of the chosen choices."""
        if response is None:
            return []
        texts = {choice["slug"]: choice["text"] for choice in view["choices"]}
        picked = response if isinstance(response, list) else [response]
        return [texts.get(slug, str(slug)) for slug in picked]

    def describe_key(self, key: dict) -> list[Markup]:
        """"Correct: " and the texts of the correct choices, then the explanation."""
        answers = "; ".join(choice["text"] for choice in key["correct_choices"])
        return [escape(_("Correct: %(answers)s") % {"answers": answers}), *explanation_html(key)]

    def choices(self, spec: dict) -> list[Choice]:
        """Every choice of the question, in the file's order."""
        return [Choice(c["slug"], c["text"], bool(c["correct"])) for c in spec["choices"]]

    def picks(self, response: object) -> list[str]:
        """The slugs of the chosen choices."""
        if response is None:
            return []
        return [str(slug) for slug in response] if isinstance(response, list) else [str(response)]

    def sample_values(self, spec: dict, right: bool,
                      mask: Callable[[str], str]) -> list[str] | None:
        """The correct choices, or one wrong choice (the only choice if none is wrong)."""
        good = [c["slug"] for c in spec["choices"] if c["correct"]]
        bad = [c["slug"] for c in spec["choices"] if not c["correct"]] or good[:1]
        picked = good if right else bad[:1]
        return [mask(slug) for slug in picked[:self.sample_count]]

    def _slugs(self, spec: dict) -> set[str]:
        return {c["slug"] for c in spec["choices"]}


class SingleChoice(_ChoiceQuestion):
    """Exactly one correct choice; full points for it."""

    name = "single_choice"
    legend = N_("Choose one answer")
    input_type = "radio"
    sample_count = 1

    def check(self, spec: dict) -> list[tuple[str, str]]:
        """Require exactly one correct choice."""
        issues = super().check(spec)
        correct = [i for i, c in enumerate(spec["choices"]) if c["correct"]]
        if not correct:
            issues.append(("", "no choice is marked correct; a single_choice question needs "
                               "exactly one"))
        for index in correct[1:]:
            issues.append((f"choices.{index}.correct",
                           f"{len(correct)} choices are marked correct; a single_choice "
                           "question needs exactly one"))
        return issues

    def parse_response(self, spec: dict, values: list[str]) -> str | None:
        """Return the chosen choice slug."""
        value = single_value(values)
        if value is not None and value not in self._slugs(spec):
            raise ResponseError("unknown choice", NOT_AN_OPTION)
        return value

    def grade(self, spec: dict, response: object) -> Grade:
        """Full points for the correct choice, with the chosen choice's feedback."""
        for choice in spec["choices"]:
            if choice["slug"] == response:
                return Grade(float(choice["correct"]), choice["correct"], (choice["feedback"],))
        return UNANSWERED


SCORING = ("partial", "all_or_nothing")


class MultipleChoice(_ChoiceQuestion):
    """One or more correct choices; partial credit for right ticks minus wrong ticks, or, with
    ``scoring = "all_or_nothing"``, full points only for exactly the right set."""

    name = "multiple_choice"
    legend = N_("Choose all that apply")
    input_type = "checkbox"
    fields = {**_ChoiceQuestion.fields,
              "scoring": Field("one_of", default="partial", one_of=SCORING)}

    def check(self, spec: dict) -> list[tuple[str, str]]:
        """Require at least one correct choice."""
        issues = super().check(spec)
        if not any(c["correct"] for c in spec["choices"]):
            issues.append(("", "no choice is marked correct; a multiple_choice question needs "
                               "at least one"))
        return issues

    def parse_response(self, spec: dict, values: list[str]) -> list[str] | None:
        """Return the ticked choice slugs, in the order of the quiz file."""
        ticked = non_empty(values)
        if len(set(ticked)) != len(ticked):
            raise ResponseError("a choice was submitted twice", TWICE)
        slugs = self._slugs(spec)
        if any(value not in slugs for value in ticked):
            raise ResponseError("unknown choice", NOT_AN_OPTION)
        return [c["slug"] for c in spec["choices"] if c["slug"] in ticked] or None

    def grade(self, spec: dict, response: object) -> Grade:
        """Score (right ticked - wrong ticked) / right choices, never below 0; all or nothing
        when the question says so."""
        if not isinstance(response, list):
            return UNANSWERED
        ticked = [c for c in spec["choices"] if c["slug"] in response]
        right_total = sum(1 for c in spec["choices"] if c["correct"])
        right = sum(1 for c in ticked if c["correct"])
        wrong = len(ticked) - right
        exact = right == right_total and wrong == 0
        if self.setting(spec, "scoring") == "all_or_nothing":
            score = 1.0 if exact else 0.0
        else:
            score = max(0.0, (right - wrong) / max(right_total, 1))
        return Grade(score, exact, tuple(c["feedback"] for c in ticked))


class TrueFalse(QuestionType):
    """A statement that is true or false, with feedback for each answer."""

    name = "true_false"
    fields = {
        "answer": Field("bool", required=True),
        "feedback_true": Field("text", required=True),
        "feedback_false": Field("text", required=True),
    }
    _VALUES = {"true": True, "false": False}

    def parse_response(self, spec: dict, values: list[str]) -> bool | None:
        """Return True or False."""
        value = single_value(values)
        if value is None:
            return None
        if value not in self._VALUES:
            raise ResponseError("answer must be true or false", TRUE_OR_FALSE)
        return self._VALUES[value]

    def grade(self, spec: dict, response: object) -> Grade:
        """Full points for the right answer, with the feedback for what was answered."""
        if not isinstance(response, bool):
            return UNANSWERED
        feedback = spec["feedback_true"] if response else spec["feedback_false"]
        correct = response == spec["answer"]
        return Grade(float(correct), correct, (feedback,))

    def key_view(self, spec: dict) -> dict:
        """Give the right answer."""
        return {"answer": spec["answer"], **super().key_view(spec)}

    def render_input(self, view: dict, name: str, response: object = None) -> Markup:
        """Render True and False radio buttons."""
        chosen = {"true" if response else "false"} if isinstance(response, bool) else set()
        return render_choices(name, _("True or false?"), "radio",
                              [("true", _("True")), ("false", _("False"))], chosen)

    def describe_key(self, key: dict) -> list[Markup]:
        """"Correct answer: True" (or False), then the explanation."""
        answer = true_or_false(key["answer"])
        return [escape(_("Correct answer: %(answer)s") % {"answer": answer}),
                *explanation_html(key)]

    def choices(self, spec: dict) -> list[Choice]:
        """True and False, as the trainers' report names them."""
        return [Choice("true", "True", spec["answer"] is True),
                Choice("false", "False", spec["answer"] is False)]

    def picks(self, response: object) -> list[str]:
        """"true" or "false"."""
        return ["true" if response else "false"] if isinstance(response, bool) else []

    def sample_values(self, spec: dict, right: bool,
                      mask: Callable[[str], str]) -> list[str] | None:
        """The right answer, or the other one."""
        return ["true" if spec["answer"] == right else "false"]
