"""The progress grid's learner rows, built as HTML in one pass: a page of 50 learners × 60
items is 3,000 cells, too many to render one template expression at a time, and too many to
repeat anything in each that a column or the stylesheet can say once.

A cell is only its state's symbol, a shape, so the state reads without colour (the table's
caption and the legend say what each shape means, the column header names the lesson, and
app.js adds "lesson: state" hover titles); the class that colours it is left out for "not
started", the stylesheet's default, and so is the optional `</td>`: the browser builds the
same table.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime

from markupsafe import Markup, escape

from lms.i18n import locale
from lms.i18n.formatting import format_day
from lms.i18n.lookup import gettext as _
from lms.templating import viewer_timezone
from lms.timezones import utc_to_local
from lms.trainer.queries import LearnerActivity, PageCells
from lms.trainer.risk import RiskFlag

DONE, SEEN, NOT_STARTED = "<td class=d>✓", "<td class=s>•", "<td>–"


def day_labels() -> Callable[[datetime], str]:
    """A stored (naive UTC) time to its day in the reader's zone and language, each day
    formatted once per page (Babel's formatting costs more than the rest of a row)."""
    zone, language = viewer_timezone(), locale()
    labels: dict[date, str] = {}

    def label(value: datetime) -> str:
        day = utc_to_local(value, zone).date()
        if day not in labels:
            labels[day] = format_day(day, language)
        return labels[day]

    return label


def cells_html(cells: PageCells | None, column: Mapping[str, int]) -> str:
    """A learner's item cells, in column order; ``column`` maps an item id (as text) to its
    column, and items of other columns (another module) are left out."""
    row = [NOT_STARTED] * len(column)
    if cells is not None:
        for state, ids in ((SEEN, cells.seen), (DONE, cells.done)):
            for item_id in ids:
                index = column.get(item_id)
                if index is not None:
                    row[index] = state
    return "".join(row)


def item_heads(items: Sequence) -> Markup:
    """The item columns' <th>: the item's number, its title for screen readers and as the
    hover title (app.js reads it for the cells' titles)."""
    heads = []
    for number, item in enumerate(items, start=1):
        title = escape(item.title)
        heads.append(f'<th scope="col" title="{title}">{number}'
                     f'<span class="visually-hidden"> {title}</span></th>')
    # Every dynamic value above went through escape() or is a number.
    return Markup("".join(heads))  # noqa: S704  # nosec B704


def completion_cells(items: Sequence, completed: Mapping[int, int]) -> Markup:
    """The footer's cell per item: how many of the cohort's learners completed it."""
    cells = "".join(f"<td>{int(completed.get(item.id, 0))}</td>" for item in items)
    return Markup(cells)  # noqa: S704  # nosec B704  (numbers only)


def learner_rows(learners: Iterable[LearnerActivity], cells: Mapping[int, PageCells],
                 item_ids: Sequence[int], flags: Mapping[int, list[RiskFlag]],
                 total_items: int) -> Markup:
    """The <tr> of each learner: name (⚠ and the reasons if at risk) and organisation, share
    of the course done, last activity, posts, then a cell per item."""
    column = {str(item_id): index for index, item_id in enumerate(item_ids)}
    day = day_labels()
    never = escape(_("never"))
    rows = []
    for learner in learners:
        risk = ""
        if learner.user_id in flags:
            # gettext outside the f-string: Babel's extractor does not look inside them.
            why = escape(_("At risk: %(reasons)s", reasons="; ".join(
                flag.reason for flag in flags[learner.user_id])))
            risk = f'<span title="{why}">⚠<span class="visually-hidden"> {why}</span></span> '
        percent = round(100 * learner.completed / total_items) if total_items else 0
        last = escape(day(learner.last_active)) if learner.last_active else never
        learner_cells = cells.get(learner.user_id)
        rows.append(
            f'<tr><th scope="row" class="sticky-col">{risk}{escape(learner.name)}'
            f'<span class="muted learner-org">{escape(learner.organisation)}</span></th>'
            f'<td>{percent}%</td><td>{last}</td>'
            f'<td>{int(learner_cells.posts) if learner_cells else 0}</td>'
            f'{cells_html(learner_cells, column)}</tr>\n')
    # Every dynamic value above went through escape() or is a number.
    return Markup("".join(rows))  # noqa: S704  # nosec B704
