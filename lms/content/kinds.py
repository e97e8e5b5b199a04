"""The kinds of course item in one table: the file each reads, how it completes, who reviews it."""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Mark a label for the translation catalogs (docs/i18n.md); it is translated where shown."""
    return message


@dataclass(frozen=True)
class ItemKind:
    """What the platform needs to know about one kind of item."""

    name: str
    label: str  # on tags and lesson headings; translated where shown (lms.i18n.kind_label)
    suffix: str  # the extension of the item's file
    file_required: bool  # a tool may go without an introduction file
    completed_by: str  # "done" (the learner marks it), "quiz", "reflection", "tool"
    reviewed: bool  # trainers open learners' work on it per cohort
    personal: bool  # its page shows the learner's own work beyond progress (not cached)

    @property
    def marked_done(self) -> bool:
        """The learner completes it by marking it done."""
        return self.completed_by == "done"


ITEM_KINDS: dict[str, ItemKind] = {kind.name: kind for kind in (
    ItemKind("theory", N_("Theory"), ".md", True, "done", reviewed=False, personal=False),
    ItemKind("case", N_("Practical case"), ".md", True, "done", reviewed=False, personal=False),
    ItemKind("quiz", N_("Quiz"), ".toml", True, "quiz", reviewed=True, personal=True),
    ItemKind("reflection", N_("Reflection"), ".md", True, "reflection", reviewed=True,
             personal=True),
    ItemKind("tool", N_("Tool"), ".md", False, "tool", reviewed=True, personal=True),
)}
