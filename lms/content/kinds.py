"""The kinds of course item in one table: code asks the table a question, never a kind's name.

The names are what course.toml and the items.kind column store; everything else the platform
branches on (how an item completes, what its page reads, who reviews it) is an attribute here.
The lesson page's panel for each kind is wired in lms.learn.panels, keyed by these names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal


def N_(message: str) -> str:
    """Mark a label for the translation catalogs (docs/i18n.md); it is translated where shown."""
    return message


# How a learner completes an item: also the value item_progress.completed_by stores then
# (besides "post", a case answered in its discussion).
Completion = Literal["done", "quiz", "reflection", "tool"]


@dataclass(frozen=True)
class ItemKind:
    """What the platform needs to know about one kind of item."""

    name: str
    label: str  # on tags and lesson headings; translated where shown (lms.i18n.kind_label)
    suffix: str  # the extension of the item's file
    file_required: bool  # a tool may go without an introduction file
    completed_by: Completion
    reviewed: bool  # trainers open learners' work on it per cohort
    settings: bool  # it carries more than text (a quiz; a tool and its options): pages read the row
    previewable: bool  # a package may open it to visitors before they join
    for_trainers_allowed: bool  # it may be facilitator material (visibility = "trainers")
    objectives: bool  # its page shows learning objectives (a quiz checks other lessons' ones)
    completed_by_post: bool  # posting in its discussion completes it too
    practice: bool  # it applies what was learnt: demo cohorts plan it after a session

    @property
    def marked_done(self) -> bool:
        """The learner completes it by marking it done."""
        return self.completed_by == "done"

    @property
    def graded(self) -> bool:
        """It holds a quiz: it completes with a passed attempt, which carries a score."""
        return self.completed_by == "quiz"

    @property
    def written(self) -> bool:
        """It is a prompt: it completes when the learner submits a written reflection."""
        return self.completed_by == "reflection"

    @property
    def uses_tool(self) -> bool:
        """It runs a workbook tool: it completes when the learner saves an entry."""
        return self.completed_by == "tool"


ITEM_KINDS: dict[str, ItemKind] = {kind.name: kind for kind in (
    ItemKind("theory", N_("Theory"), ".md", file_required=True, completed_by="done",
             reviewed=False, settings=False, previewable=True, for_trainers_allowed=True,
             objectives=True, completed_by_post=False, practice=False),
    ItemKind("case", N_("Practical case"), ".md", file_required=True, completed_by="done",
             reviewed=False, settings=False, previewable=True, for_trainers_allowed=True,
             objectives=True, completed_by_post=True, practice=True),
    ItemKind("quiz", N_("Quiz"), ".toml", file_required=True, completed_by="quiz",
             reviewed=True, settings=True, previewable=False, for_trainers_allowed=False,
             objectives=False, completed_by_post=False, practice=False),
    ItemKind("reflection", N_("Reflection"), ".md", file_required=True,
             completed_by="reflection", reviewed=True, settings=False, previewable=False,
             for_trainers_allowed=False, objectives=True, completed_by_post=False, practice=True),
    ItemKind("tool", N_("Tool"), ".md", file_required=False, completed_by="tool",
             reviewed=True, settings=True, previewable=False, for_trainers_allowed=True,
             objectives=True, completed_by_post=False, practice=True),
)}


def kinds_where(test: Callable[[ItemKind], bool]) -> tuple[str, ...]:
    """The names of the kinds that pass ``test``, for queries: `Item.kind.in_(...)`."""
    return tuple(name for name, kind in ITEM_KINDS.items() if test(kind))
