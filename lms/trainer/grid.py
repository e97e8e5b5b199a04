"""The cells of the progress grid, built as HTML in one pass: a 50 × 60 page is 3,000 cells,
too many to render one template expression at a time, and too many to repeat the lesson's
title in each (the column header names it; app.js adds "lesson: state" hover titles)."""

from markupsafe import Markup

from lms.models import Item, User

STATES = {  # state: (css class, symbol: a shape, so the state reads without colour)
    "done": ("d", "✓"),
    "seen": ("s", "•"),
    None: ("n", "–"),
}
CELLS = {state: Markup('<td class="{}">{}</td>').format(css, symbol)
         for state, (css, symbol) in STATES.items()}


def cell_rows(learners: list[User], items: list[Item],
              cells: dict[tuple[int, int], str]) -> dict[int, Markup]:
    """Learner id to the <td> cells of their row."""
    return {learner.id: Markup("").join(CELLS[cells.get((learner.id, item.id))]
                                        for item in items)
            for learner in learners}
