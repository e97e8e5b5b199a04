"""The question-type registry: built-in types plus plugins from the lms.question_types group."""

from __future__ import annotations

from typing import cast

from .plugins import PluginError, load_entry_points
from .question_types.base import COMMON_FIELDS, Grade, QuestionType, ResponseError
from .question_types.choice import MultipleChoice, SingleChoice, TrueFalse
from .question_types.matching import Matching
from .question_types.text import Numeric, ShortText

__all__ = [
    "COMMON_FIELDS", "PLUGIN_GROUP", "QUESTION_TYPES", "Grade", "PluginError",
    "QuestionType", "QuestionTypePluginError", "ResponseError", "UnknownQuestionType",
    "get_question_type", "load_question_type_plugins", "register_question_type",
]

PLUGIN_GROUP = "lms.question_types"

QUESTION_TYPES: dict[str, QuestionType] = {
    qtype.name: qtype
    for qtype in (SingleChoice(), MultipleChoice(), TrueFalse(), ShortText(), Numeric(),
                  Matching())
}


class UnknownQuestionType(LookupError):
    """No question type of that name is registered."""


class QuestionTypePluginError(PluginError):
    """A question-type plugin failed to load or does not provide a usable QuestionType."""


def get_question_type(name: str) -> QuestionType:
    """Return the registered question type called ``name``."""
    try:
        return QUESTION_TYPES[name]
    except (KeyError, TypeError):
        raise UnknownQuestionType(f"unknown question type {name!r}") from None


def register_question_type(qtype: QuestionType) -> None:
    """Add a question type; re-registering the same class is a no-op, a clash is an error."""
    if not isinstance(qtype, QuestionType) or not qtype.name:
        raise TypeError("a question type must be a QuestionType instance with a name")
    existing = QUESTION_TYPES.get(qtype.name)
    if existing is not None and type(existing) is not type(qtype):
        raise ValueError(f"question type {qtype.name!r} is already registered")
    QUESTION_TYPES.setdefault(qtype.name, qtype)


def load_question_type_plugins(enabled: bool) -> list[str]:
    """Register the types from the lms.question_types entry points; return their names."""
    if not enabled:
        return []
    names = []
    try:
        loaded = load_entry_points(PLUGIN_GROUP)
    except PluginError as exc:
        raise QuestionTypePluginError(str(exc)) from exc
    for entry_point, obj in loaded:
        try:
            qtype = cast(QuestionType, obj() if isinstance(obj, type)
                         and issubclass(obj, QuestionType) else obj)
            register_question_type(qtype)  # which checks the object
        except Exception as exc:  # the plugin's own bug: name the entry point
            raise QuestionTypePluginError(
                f"question type plugin {entry_point.name!r} ({entry_point.value}): {exc}"
            ) from exc
        names.append(qtype.name)
    return names
