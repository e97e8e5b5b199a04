"""Trainer dashboard: my cohorts, the learner × item grid, at-risk learners, CSV export."""

from datetime import date
from itertools import islice

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user

from lms.cohorts.queries import managed_cohort_or_404
from lms.learn.outline import learner_outline
from lms.pagination import page_number
from lms.security import role_required
from lms.trainer import charts, queries, risk
from lms.trainer.export import progress_csv
from lms.trainer.grid import completion_cells, item_heads, learner_rows

bp = Blueprint("trainer", __name__, url_prefix="/trainer")

LEARNERS_PER_PAGE = 50


@bp.get("/")
@role_required("trainer", "admin")
def dashboard():
    """The cohorts the trainer manages."""
    return render_template("trainer/dashboard.html",
                           cohorts=queries.managed_cohorts(current_user))


def _inactive_days() -> int:
    raw = request.args.get("inactive", "")
    return min(int(raw), 365) if raw.isascii() and raw.isdigit() and int(raw) > 0 else \
        current_app.config["AT_RISK_INACTIVE_DAYS"]


@bp.get("/cohorts/<int:cohort_id>")
@role_required("trainer", "admin")
def cohort(cohort_id: int):
    """The progress grid of one cohort, a page of learners at a time, optionally one module."""
    cohort = managed_cohort_or_404(current_user, cohort_id)
    course = learner_outline(cohort.course)  # the grid's columns: what learners study
    all_items = course.items
    module = request.args.get("module", "")
    items = [i for i in all_items if i.module.slug == module] if module else all_items
    upcoming = queries.upcoming_session(cohort, current_app.config["AT_RISK_PREWORK_HOURS"])
    numbers = queries.cohort_numbers(cohort, [i.id for i in all_items],
                                     upcoming.prework_ids if upcoming else ())
    activity = numbers.learners  # every active learner, by name
    page = page_number()
    start = (page - 1) * LEARNERS_PER_PAGE
    learners = list(islice(activity.values(), start, start + LEARNERS_PER_PAGE))
    item_ids = [i.id for i in items]
    cells = queries.page_cells(cohort, [a.user_id for a in learners], item_ids)
    inactive_days = _inactive_days()
    joined = {a.user_id: a.joined_at for a in activity.values()}
    flags = risk.merge(risk.inactive_flags(activity, joined, len(all_items), inactive_days),
                       risk.prework_flags(activity, upcoming), risk.quiz_flags(cohort))
    chart = charts.progress_chart(numbers.by_day, len(activity), len(all_items),
                                  cohort.starts_on, date.today())
    return render_template(
        "trainer/cohort.html", cohort=cohort, items=items, modules=course.modules,
        module=module, assessed=[i for i in all_items if i.kind_info.reviewed],
        learners=learners, activity=activity, total_items=len(all_items),
        rows=learner_rows(learners, cells, item_ids, flags, len(all_items)),
        heads=item_heads(items), completion=completion_cells(items, numbers.by_item),
        flags=flags, flagged=sorted(((activity[uid].name, flags[uid]) for uid in flags),
                       key=lambda pair: pair[0])[:50],
        upcoming=upcoming,
        inactive_days=inactive_days,
        chart=chart, page=page,
        pages=max(1, -(-len(activity) // LEARNERS_PER_PAGE)),
    )


@bp.get("/cohorts/<int:cohort_id>/progress.csv")
@role_required("trainer", "admin")
def export(cohort_id: int):
    """The whole grid as CSV, for the cohort's trainers only."""
    cohort = managed_cohort_or_404(current_user, cohort_id)
    items = queries.course_items(cohort)
    learners = [user for user, _ in queries.learners_page(cohort, 1, 100_000)]
    body = progress_csv(learners, items, queries.progress_cells([u.id for u in learners], items))
    filename = f"cohort-{cohort.id}-progress-{date.today().isoformat()}.csv"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})
