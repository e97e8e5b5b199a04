"""CSV export of a cohort's progress grid, safe to open in a spreadsheet."""

import csv
import io

from lms.models import Item, User

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A text cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def progress_csv(learners: list[User], items: list[Item],
                 cells: dict[tuple[int, int], str]) -> str:
    """One row per learner: name, email, organisation, percent, then one column per item."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Name", "Email", "Organisation", "Country", "Completed %"]
                    + [cell(f"{i.module.title} / {i.title}") for i in items])
    for learner in learners:
        states = [cells.get((learner.id, i.id), "") for i in items]
        done = sum(1 for s in states if s == "done")
        percent = round(100 * done / len(items)) if items else 0
        writer.writerow([cell(learner.name), cell(learner.email), cell(learner.organisation),
                         cell(learner.country), percent] + states)
    return out.getvalue()
