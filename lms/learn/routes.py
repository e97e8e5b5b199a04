"""Catalogue, course outline, lesson pages, marking done, assets and course pages."""

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from lms.access import can_study
from lms.content.assets import resolve_asset
from lms.database import write_transaction
from lms.extensions import db
from lms.forms import EmptyForm
from lms.forum.queries import cases_by_module
from lms.i18n import current_language
from lms.i18n.lookup import gettext as _
from lms.learn import dashboard, queries
from lms.learn import outline_search as finder
from lms.learn.certificate_document import certificate_pdf, certificate_text
from lms.learn.lesson import lesson_context
from lms.learn.outline import outline_for
from lms.learn.outline_html import outline_html
from lms.learn.translated import course_texts, translate_outline, translated_course, view
from lms.models import Course, Item, utcnow
from lms.queries.attendance import sessions_missed
from lms.services import certificates, progress
from lms.services.course_sync import package_root
from lms.services.errors import DomainError

bp = Blueprint("learn", __name__)
bp.add_app_template_global(outline_html)  # pure: renders what the view passed, no queries


@bp.get("/learn")
@login_required
def home():
    """The learner's dashboard: continue, progress per course and module, what is next."""
    studied = dashboard.studied_courses(current_user)
    seen = dashboard.seen_items(current_user, studied.courses)
    language = current_language()
    return render_template(
        "learn/home.html",
        progress=dashboard.course_progress(studied, seen, language),
        continue_at=dashboard.continue_item(studied.courses, seen, language),
        next_session=dashboard.next_session(current_user, studied.next_session_id),
        now=utcnow(), percent=queries.percent,
    )


@bp.get("/courses")
def catalogue():
    """Every live course with its size."""
    rows = db.session.execute(
        sa.select(Course, sa.func.count(Item.id), sa.func.coalesce(sa.func.sum(Item.minutes), 0))
        .outerjoin(Item, sa.and_(Item.course_id == Course.id, Item.for_learners()))
        .where(Course.is_live).group_by(Course.id).order_by(Course.title)
    ).all()
    return render_template("learn/catalogue.html", rows=rows)


@bp.get("/courses/<slug>")
def course(slug: str):
    """The course outline: modules, items, time, and what the learner has done."""
    course = queries.course_or_404(slug)
    user_id = current_user.id if current_user.is_authenticated else None
    states = queries.item_states(user_id, course)
    texts = course_texts(course, current_language())
    outline = queries.outline(course, current_user, texts)
    counted = {item.id for item in outline.learner_items}
    done_ids = {item_id for item_id, state in states.items()
                if state.completed and item_id in counted}
    may_study = can_study(current_user, course)
    # Trainers preview everything; a learner sees what is locked, and why, before opening it.
    locks = {} if not may_study or current_user.is_trainer else progress.locked_items(
        outline.items, {item.slug for item in outline.items if item.id in done_ids})
    return render_template("learn/course.html", course=view(course, "course", texts),
                           outline=outline, states=states, done_ids=done_ids, locks=locks,
                           pages=[view(p, "page", texts) for p in queries.course_pages(course)],
                           percent=queries.percent, may_study=may_study,
                           cases_by_module=cases_by_module(current_user, course)
                           if may_study else {})


@bp.get("/courses/<slug>/preview/<item_slug>")
def preview(slug: str, item_slug: str):
    """A lesson the package marks as preview, readable by anyone before joining."""
    course = queries.course_row_or_404(slug)
    item = db.session.scalar(sa.select(Item).where(
        Item.course_id == course.id, Item.slug == item_slug, Item.preview.is_(True),
        Item.for_learners())) or abort(404)
    if can_study(current_user, course):  # they study it: the real lesson page
        return redirect(url_for("learn.item", slug=slug, item_slug=item_slug))
    return render_template("learn/preview.html", course=course, item=item)


def _studyable(slug: str) -> Course:
    course = queries.course_or_404(slug)
    if not can_study(current_user, course):
        abort(403, _("Join a cohort of this course to study it."))
    return course


@bp.get("/courses/<slug>/items/<item_slug>")
@login_required
def item(slug: str, item_slug: str):
    """One lesson, with the module outline beside it and previous / next links."""
    course, thread = queries.studied_lesson_or_404(slug, item_slug, current_user)
    context = lesson_context(course, item_slug, thread)
    states, lesson = context["states"], context["lesson"]
    if context["missing"]:
        return render_template("learn/item.html", **context), 403
    page = render_template("learn/item.html", **context)
    state = states.get(lesson.id)
    if progress.seen_long_ago(state.last_seen_at if state else None):
        user_id, item_id = current_user.id, lesson.id
        with write_transaction():
            progress.record_seen(user_id, item_id)
    return page


def _mark(slug: str, item_slug: str, completed: bool):
    course, item = queries.studied_item_or_404(slug, item_slug, current_user)
    if not item.kind_info.marked_done:
        abort(409, "Quizzes are completed by passing them, reflections by submitting them "
                   "and tools by saving your work.")
    if item.for_trainers:
        abort(409, "Trainer notes are not part of anyone's progress.")
    if not EmptyForm().validate_on_submit():
        abort(400)
    if completed:
        done = progress.completed_slugs(current_user, course.id)
        if not current_user.is_trainer and progress.missing_prerequisites(item, done):
            abort(403, "Complete the prerequisites first.")
        progress.mark_completed(current_user, item, by="done")
        shown = view(item, "item", course_texts(course, current_language()))
        flash(_("“%(title)s” is marked as done.", title=shown.title), "success")
    else:
        progress.mark_not_completed(current_user, item)
    db.session.commit()
    return redirect(url_for("learn.item", slug=slug, item_slug=item_slug))


@bp.post("/courses/<slug>/items/<item_slug>/done")
@login_required
def mark_done(slug: str, item_slug: str):
    """Mark a theory lesson or case as done."""
    return _mark(slug, item_slug, completed=True)


@bp.post("/courses/<slug>/items/<item_slug>/undone")
@login_required
def mark_undone(slug: str, item_slug: str):
    """Take back a "done" mark."""
    return _mark(slug, item_slug, completed=False)


@bp.route("/courses/<slug>/certificate", methods=["GET", "POST"])
@login_required
def certificate(slug: str):
    """The learner's printable certificate; POST issues it once the course is complete."""
    course = _studyable(slug)
    found = certificates.find_certificate(current_user, course)
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        found = certificates.issue_certificate(current_user, course)
        db.session.commit()
        return redirect(url_for("learn.certificate", slug=slug))
    left = certificates.items_left(current_user, course) if found is None else 0
    missed = sessions_missed(current_user.id, course) if found is None else 0
    return render_template("learn/certificate.html", course=course, certificate=found,
                           text=certificate_text(found) if found else None,
                           left=left, missed=missed, form=EmptyForm())


@bp.get("/courses/<slug>/certificate.pdf")
@login_required
def certificate_download(slug: str):
    """The issued certificate as a PDF: the print view's content, link and QR code."""
    course = _studyable(slug)
    found = certificates.find_certificate(current_user, course) or abort(404)
    response = make_response(certificate_pdf(certificate_text(found)))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="certificate-{course.slug}.pdf"')
    return response


@bp.get("/certificates/verify")
def verify_certificate():
    """Public check of a certificate code: whose it is, for which course, since when."""
    code = request.args.get("code", "").strip()[:40]
    found, status = None, 200
    if code:
        try:
            found = certificates.verify(code)
        except DomainError as error:
            status = error.status
    return render_template("learn/verify.html", code=code, certificate=found), status


@bp.get("/courses/<slug>/pages/<page_slug>")
@login_required
def page(slug: str, page_slug: str):
    """A course page such as the glossary."""
    course = _studyable(slug)
    texts = course_texts(course, current_language())
    return render_template("learn/page.html", course=view(course, "course", texts),
                           page=view(queries.page_or_404(course, page_slug), "page", texts))


@bp.get("/courses/<slug>/search")
@login_required
def search(slug: str):
    """The course's lessons that hold every word of ?q=, in the reader's language."""
    course = _studyable(slug)
    query = request.args.get("q", "").strip()[:finder.MAX_QUERY]
    language = current_language()
    plan = translate_outline(outline_for(course, current_user), course, language)
    return render_template("learn/search.html", course=translated_course(course, language),
                           query=query, hits=finder.search(plan, query))


@bp.get("/courses/<slug>/assets/<path:name>")
@login_required
def asset(slug: str, name: str):
    """A file from the package's assets/ folder, as a download."""
    course = _studyable(slug)
    path = resolve_asset(package_root(course), name)
    if path is None:
        abort(404)
    response = send_file(path, as_attachment=path.suffix.lower() not in IMAGE_TYPES,
                         max_age=3600)
    # An SVG opened directly could run script: sandbox anything served from a package.
    response.headers["Content-Security-Policy"] = ASSET_POLICY
    return response


IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
ASSET_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
