"""The /api/v1 endpoints: thin views over lms.api.queries, answering JSON only."""

from flask import Blueprint, abort, current_app, request
from werkzeug.exceptions import HTTPException

from lms.api import queries
from lms.api.auth import authenticate, caller, domain_json_error, json_error, rate_limit_key
from lms.api.openapi import openapi_document
from lms.api.paging import page, page_args, when
from lms.extensions import csrf, limiter
from lms.models import Cohort, Course, Item, QuizAttempt, User
from lms.services.errors import DomainError

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # GET only, and no cookies are read: a request carries its own credential
bp.before_request(authenticate)
bp.register_error_handler(HTTPException, json_error)
bp.register_error_handler(DomainError, domain_json_error)
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_limit_key)(bp)


@bp.after_request
def _never_cached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _course(course: Course) -> dict:
    return {"id": course.id, "slug": course.slug, "title": course.title,
            "summary": course.summary, "language": course.language}


def _cohort(cohort: Cohort, learners: int) -> dict:
    return {"id": cohort.id, "name": cohort.name,
            "course": {"id": cohort.course.id, "slug": cohort.course.slug,
                       "title": cohort.course.title},
            "starts_on": cohort.starts_on.isoformat() if cohort.starts_on else None,
            "ends_on": cohort.ends_on.isoformat() if cohort.ends_on else None,
            "learners": learners}


def _item(item: Item) -> dict:
    return {"id": item.id, "slug": item.slug, "kind": item.kind, "title": item.title,
            "minutes": item.minutes, "visibility": item.visibility}


def _cohort_or_404(cohort_id: int) -> tuple[Cohort, int]:
    return queries.managed_cohort(caller(), cohort_id) or abort(404, "No such cohort.")


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API (public, like docs/api.md)."""
    return openapi_document()


@bp.get("/me")
def me() -> dict[str, object]:
    """Whose token this is, and their role: what the other endpoints are scoped by."""
    user: User = caller()
    return {"id": user.id, "name": user.name, "email": user.email, "role": user.role}


@bp.get("/courses")
def courses():
    """The courses the caller may see (trainers and admins: every live course)."""
    after, limit = page_args()
    rows = queries.visible_courses(caller(), after, limit)
    return page([_course(c) for c in rows], rows[-1].id if rows else None, limit)


@bp.get("/courses/<slug>")
def course(slug: str):
    """One course with its modules and items in order."""
    found = queries.visible_course(caller(), slug) or abort(404, "No such course.")
    modules: dict[int, dict] = {}
    for item in queries.outline(caller(), found):
        module = modules.setdefault(item.module_id, {
            "slug": item.module.slug, "title": item.module.title, "items": []})
        module["items"].append(_item(item))
    return {**_course(found), "modules": list(modules.values())}


@bp.get("/cohorts")
def cohorts():
    """The cohorts the caller trains (admins: every cohort)."""
    after, limit = page_args()
    rows = queries.managed_cohorts(caller(), after, limit)
    return page([_cohort(c, n) for c, n in rows], rows[-1][0].id if rows else None, limit)


@bp.get("/cohorts/<int:cohort_id>")
def cohort(cohort_id: int):
    """One cohort the caller trains."""
    return _cohort(*_cohort_or_404(cohort_id))


@bp.get("/cohorts/<int:cohort_id>/progress")
def progress(cohort_id: int):
    """Each active learner's progress through the cohort's course: a page of learners."""
    found, _ = _cohort_or_404(cohort_id)
    after, limit = page_args()
    learners = queries.learners_page(found, after, limit)
    total = queries.learner_item_count(found.course)
    items = queries.progress_rows([u.id for u, _ in learners], found.course)
    data = []
    for user, enrolment in learners:
        rows = items[user.id]
        completed = sum(1 for _, _, done in rows if done)
        data.append({
            "learner": {"id": user.id, "name": user.name, "email": user.email},
            "joined_at": when(enrolment.joined_at),
            "completed": completed, "total": total,
            "percent": round(100 * completed / total) if total else 0,
            "items": [{"slug": slug, "first_seen_at": when(seen), "completed_at": when(done)}
                      for slug, seen, done in rows]})
    return page(data, learners[-1][0].id if learners else None, limit)


@bp.get("/cohorts/<int:cohort_id>/quiz-results")
def quiz_results(cohort_id: int):
    """Submitted quiz attempts of the cohort's active learners, optionally of one quiz."""
    found, _ = _cohort_or_404(cohort_id)
    after, limit = page_args()
    quiz = request.args.get("quiz") or None
    rows = queries.quiz_results(found, quiz, after, limit)
    data = [_attempt(attempt, user, item) for attempt, user, item in rows]
    return page(data, rows[-1][0].id if rows else None, limit, quiz=quiz)


def _attempt(attempt: QuizAttempt, user: User, item: Item) -> dict:
    return {"id": attempt.id, "learner": {"id": user.id, "name": user.name, "email": user.email},
            "quiz": {"slug": item.slug, "title": item.title}, "number": attempt.number,
            "started_at": when(attempt.started_at), "submitted_at": when(attempt.submitted_at),
            "points": attempt.points, "max_points": attempt.max_points,
            "score": attempt.score, "passed": bool(attempt.passed)}
