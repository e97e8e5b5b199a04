"""Trainer dashboard: my cohorts, the learner × item grid, at-risk learners, CSV export."""

from datetime import date

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user

from lms.cohorts.queries import managed_cohort_or_404
from lms.pagination import page_number
from lms.security import role_required
from lms.trainer import charts, queries, risk
from lms.trainer.export import progress_csv
from lms.trainer.grid import cell_rows

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
    return min(int(raw), 365) if raw.isdigit() and int(raw) > 0 else \
        current_app.config["AT_RISK_INACTIVE_DAYS"]


@bp.get("/cohorts/<int:cohort_id>")
@role_required("trainer", "admin")
def cohort(cohort_id: int):
    """The progress grid of one cohort, a page of learners at a time, optionally one module."""
    cohort = managed_cohort_or_404(current_user, cohort_id)
    all_items = queries.course_items(cohort)
    module = request.args.get("module", "")
    items = [i for i in all_items if i.module.slug == module] if module else all_items
    modules = list({i.module.slug: i.module for i in all_items}.values())
    upcoming = queries.upcoming_session(cohort, current_app.config["AT_RISK_PREWORK_HOURS"])
    activity = queries.learner_activity(cohort, upcoming.prework_ids if upcoming else ())
    page = page_number()
    rows = queries.learners_page(cohort, page, LEARNERS_PER_PAGE)
    learners = [user for user, _ in rows]
    cells = queries.progress_cells([u.id for u in learners], items)
    inactive_days = _inactive_days()
    joined = {a.user_id: a.joined_at for a in activity.values()}
    flags = risk.merge(risk.inactive_flags(activity, joined, len(all_items), inactive_days),
                       risk.prework_flags(activity, upcoming), risk.quiz_flags(cohort))
    by_item, by_day = queries.completion_counts(cohort)
    chart = charts.progress_chart(by_day, len(activity), len(all_items), cohort.starts_on,
                                  date.today())
    return render_template(
        "trainer/cohort.html", cohort=cohort, items=items, modules=modules, module=module,
        assessed=[i for i in all_items if i.kind_info.reviewed],
        learners=learners, rows=cell_rows(learners, items, cells), activity=activity,
        total_items=len(all_items),
        completion=by_item, posts={user.id: posts for user, posts in rows},
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
