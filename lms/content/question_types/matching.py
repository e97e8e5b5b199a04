"""Matching questions: pair each left text with one of the right texts."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable

from markupsafe import Markup

from ..schema import Field
from .base import (
    NOT_AN_OPTION,
    ONE_PER_ITEM,
    UNANSWERED,
    Grade,
    QuestionType,
    ResponseError,
    _,
    explanation_html,
    non_empty,
)
from .text import FEEDBACK_FIELDS

_VALUE_RE = re.compile(r"^(\d{1,4}):([0-9a-f]{12})$", re.ASCII)
_ROW = Markup(
    '<div class="match"><label for="{id}">{left}</label> '
    '<select id="{id}" name="{name}"><option value="">{choose}</option>{options}</select></div>'
)
_OPTION = Markup('<option value="{value}"{selected}>{text}</option>')
_FIELDSET = Markup(
    '<fieldset class="question-input"><legend>{legend}</legend>'
    "{rows}</fieldset>"
)


def right_token(text: str) -> str:
    """Name a right-hand text in the form by a hash of the text: it reveals nothing of the key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


class Matching(QuestionType):
    """Pairs of left and right texts; points in proportion to the pairs matched right."""

    name = "matching"
    fields = {
        "pairs": Field("tables", required=True, min=2, fields={
            "left": Field("text", required=True),
            "right": Field("text", required=True),
        }),
        **FEEDBACK_FIELDS,
    }

    def check(self, spec: dict) -> list[tuple[str, str]]:
        """Reject repeated left or right texts, which would make the answer ambiguous."""
        issues = []
        for side in ("left", "right"):
            seen = set()
            for index, pair in enumerate(spec["pairs"]):
                if pair[side] in seen:
                    message = f'duplicate {side} text "{pair[side]}"'
                    issues.append((f"pairs.{index}.{side}", message))
                seen.add(pair[side])
        return issues

    def public_view(self, spec: dict, rng: random.Random | None = None) -> dict:
        """Show the lefts in order and the rights shuffled, or sorted without an rng.

        The rights are never in the file's order, which would give the pairing away.
        """
        view = super().public_view(spec, rng)
        rights = sorted(pair["right"] for pair in spec["pairs"])
        if rng is not None:
            rng.shuffle(rights)
        view["lefts"] = [pair["left"] for pair in spec["pairs"]]
        view["rights"] = [{"value": right_token(text), "text": text} for text in rights]
        return view

    def parse_response(self, spec: dict, values: list[str]) -> list[str | None] | None:
        """Read "<left index>:<right token>" values into the right text chosen for each left."""
        by_token = {right_token(pair["right"]): pair["right"] for pair in spec["pairs"]}
        response: list[str | None] = [None] * len(spec["pairs"])
        for value in non_empty(values):
            match = _VALUE_RE.match(value)
            if not match or int(match.group(1)) >= len(response):
                raise ResponseError("unknown matching option", NOT_AN_OPTION)
            index, token = int(match.group(1)), match.group(2)
            if token not in by_token:
                raise ResponseError("unknown matching option", NOT_AN_OPTION)
            if response[index] is not None:
                raise ResponseError("two answers for one item", ONE_PER_ITEM)
            response[index] = by_token[token]
        return response if any(r is not None for r in response) else None

    def grade(self, spec: dict, response: object) -> Grade:
        """Score the fraction of lefts matched with their own right."""
        if not isinstance(response, list):
            return UNANSWERED
        pairs = spec["pairs"]
        right = sum(1 for pair, chosen in zip(pairs, response, strict=False)
                    if chosen == pair["right"])
        correct = right == len(pairs)
        feedback = spec["feedback_correct"] if correct else spec["feedback_incorrect"]
        return Grade(right / len(pairs), correct, (feedback,))

    def key_view(self, spec: dict) -> dict:
        """List the pairs."""
        pairs = [{"left": p["left"], "right": p["right"]} for p in spec["pairs"]]
        return {"pairs": pairs, **super().key_view(spec)}

    def render_input(self, view: dict, name: str, response: object = None) -> Markup:
        """Render one labelled select per left, each listing every right."""
        chosen = response if isinstance(response, list) else []
        rows = []
        for index, left in enumerate(view["lefts"]):
            current = chosen[index] if index < len(chosen) else None
            options = Markup("").join(
                _OPTION.format(value=f"{index}:{right['value']}", text=right["text"],
                               selected=Markup(" selected") if right["text"] == current else "")
                for right in view["rights"]
            )
            rows.append(_ROW.format(id=f"{name}-{index + 1}", left=left, name=name,
                                    options=options, choose=_("Choose…")))
        return _FIELDSET.format(rows=Markup("").join(rows),
                                legend=_("Match each item with its partner"))

    def describe_response(self, view: dict, response: object) -> list[str]:
        """One "left → right" line per left, "(no answer)" where none was chosen."""
        if not isinstance(response, list):
            return super().describe_response(view, response)
        none = _("(no answer)")
        return [f"{left} → {right or none}"
                for left, right in zip(view["lefts"], response, strict=False)]

    def describe_key(self, key: dict) -> list[Markup]:
        """One "left → right" line per pair, then the explanation."""
        pairs = [Markup("{} → {}").format(pair["left"], pair["right"]) for pair in key["pairs"]]
        return pairs + explanation_html(key)

    def sample_values(self, spec: dict, right: bool,
                      mask: Callable[[str], str]) -> list[str] | None:
        """Every pair as written, or every right moved on by one."""
        rights = [pair["right"] for pair in spec["pairs"]]
        if not right:
            rights = rights[1:] + rights[:1]
        return [f"{index}:{right_token(text)}" for index, text in enumerate(rights)]
