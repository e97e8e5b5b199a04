"""The cells of the progress grid, built as HTML in one pass: a 50 × 60 page is 3,000 cells,
too many to render one template expression at a time."""

from markupsafe import Markup, escape

from lms.models import Item, User

STATES = {  # state: (css class, symbol, words for people who cannot see colour)
    "done": ("cell-done", "✓", "done"),
    "seen": ("cell-seen", "•", "opened"),
    None: ("cell-none", "–", "not started"),
}


def cell_rows(learners: list[User], items: list[Item],
              cells: dict[tuple[int, int], str]) -> dict[int, Markup]:
    """Learner id to the <td> cells of their row; every text is escaped."""
    titles = [escape(item.title) for item in items]
    templates = {state: [Markup('<td class="cell {}" title="{}: {}">{}</td>').format(
        css, title, words, symbol) for title in titles]
        for state, (css, symbol, words) in STATES.items()}
    rows = {}
    for learner in learners:
        rows[learner.id] = Markup("").join(
            templates[cells.get((learner.id, item.id))][index]
            for index, item in enumerate(items))
    return rows
