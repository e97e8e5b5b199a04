"""Quiz attempts and results, reflections and comments, and trainers' per-cohort reports."""

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from lms.access import can_study
from lms.content.kinds import kinds_where
from lms.content.rendering import render_markdown
from lms.error_pages import wants_json
from lms.extensions import db
from lms.forms import form_status
from lms.i18n import current_language, locale
from lms.i18n.formatting import decimal_sign
from lms.i18n.lookup import gettext as _
from lms.learn import queries
from lms.learn.translated import course_texts, view
from lms.models import Cohort, Item
from lms.quiz import quiz_reports
from lms.quiz.forms import AttemptForm, CommentForm, ReflectionForm, ShareForm
from lms.services import attachments, quiz_drafts, quizzes, reflections
from lms.services.errors import DomainError
from lms.templating import viewer_timezone
from lms.timezones import local_label

bp = Blueprint("quiz", __name__)
QUIZZES = kinds_where(lambda kind: kind.graded)  # the kinds these pages serve
PROMPTS = kinds_where(lambda kind: kind.written)

FORM_EXPIRED = _l("Your form expired or was sent from elsewhere. Reload the page and try "
                  "again.")


def _item(slug: str, item_slug: str, kinds: tuple[str, ...]):
    """The course and a live item of one of the kinds that the current user may study."""
    course = queries.course_or_404(slug)
    if not can_study(current_user, course):
        abort(403)
    item = queries.item_or_404(course, item_slug, current_user)
    if item.kind not in kinds:
        abort(404)
    texts = course_texts(course, current_language())  # questions in the learner's language
    return view(course, "course", texts), view(item, "item", texts)


def _cohort_item(cohort_id: int, item_slug: str, kinds: tuple[str, ...]):
    """A cohort the current user trains and a live item of its course."""
    cohort = db.session.get(Cohort, cohort_id) or abort(404)
    quiz_reports.check_trainer(current_user, cohort)
    item = db.session.scalar(sa.select(Item).where(
        Item.course_id == cohort.course_id, Item.slug == item_slug, Item.kind.in_(kinds),
        Item.for_learners()))
    return cohort, item or abort(404)


# --- Quizzes -------------------------------------------------------------------------------

@bp.post("/courses/<slug>/items/<item_slug>/attempts")
@login_required
def start(slug: str, item_slug: str):
    """Start an attempt, or resume the open one."""
    _course, item = _item(slug, item_slug, QUIZZES)
    if not AttemptForm().validate_on_submit():
        abort(400, FORM_EXPIRED)
    attempt = quizzes.start_attempt(current_user, item)
    db.session.commit()
    return redirect(url_for(".attempt", slug=slug, item_slug=item_slug, attempt_id=attempt.id))


def _render_attempt(course, item, attempt, responses=None, errors=None, message=None):
    quiz = quizzes.quiz_of(item)
    if responses is None:  # coming back to an open attempt: the answers saved so far
        responses = attempt.draft or {}
    questions = quizzes.question_forms(attempt, item, responses, errors)
    return render_template("quiz/attempt.html", course=course, item=item, quiz=quiz,
                           attempt=attempt, questions=questions, form=AttemptForm(),
                           message=message)


@bp.get("/courses/<slug>/items/<item_slug>/attempts/<int:attempt_id>")
@login_required
def attempt(slug: str, item_slug: str, attempt_id: int):
    """An open attempt's questions, or a submitted attempt's result."""
    course, item = _item(slug, item_slug, QUIZZES)
    attempt = quizzes.attempt_for(current_user, item, attempt_id)
    if attempt.is_open:
        return _render_attempt(course, item, attempt)
    quiz = quizzes.quiz_of(item)
    attempts = quizzes.attempts_of(current_user, item)
    allowed = quizzes.feedback_allowed(quiz, attempts)
    return render_template(
        "quiz/result.html", course=course, item=item, quiz=quiz, attempt=attempt,
        attempts=[a for a in attempts if not a.is_open], allowed=allowed,
        policy_note=quizzes.POLICY_NOTES.get(quiz.show_feedback),
        rows=quizzes.results(attempt, item, allowed),
        attempts_left=quizzes.attempts_left(quiz, attempts),
        has_open=any(a.is_open for a in attempts), form=AttemptForm())


@bp.post("/courses/<slug>/items/<item_slug>/attempts/<int:attempt_id>/submit")
@login_required
def submit(slug: str, item_slug: str, attempt_id: int):
    """Grade the attempt once; a repeated submission shows the result of the first."""
    course, item = _item(slug, item_slug, QUIZZES)
    if not AttemptForm().validate_on_submit():
        abort(400, FORM_EXPIRED)
    values = _answer_values()
    target = url_for(".attempt", slug=slug, item_slug=item_slug, attempt_id=attempt_id)
    try:
        attempt = quizzes.submit_attempt(current_user, item, attempt_id, values,
                                         decimal=decimal_sign(locale()))
    except quizzes.AlreadySubmitted:
        db.session.rollback()
        flash(_("This attempt was already submitted; here is its result."), "info")
        return redirect(target, 303)
    except quizzes.InvalidAnswers as error:
        db.session.rollback()
        attempt = quizzes.attempt_for(current_user, item, attempt_id)
        return _render_attempt(course, item, attempt, error.responses, error.errors,
                               error.message), 422
    db.session.commit()
    if attempt.passed:
        flash(_("You passed “%(title)s”.", title=item.title), "success")
    return redirect(target, 303)


def _answer_values() -> dict[str, list[str]]:
    return {name: request.form.getlist(name) for name in request.form
            if name.startswith(quizzes.FIELD_PREFIX)}


@bp.post("/courses/<slug>/items/<item_slug>/attempts/<int:attempt_id>/draft")
@login_required
def save_draft(slug: str, item_slug: str, attempt_id: int):
    """Keep the answers of an open attempt without grading it (autosave and "Save draft")."""
    _, item = _item(slug, item_slug, QUIZZES)
    if not AttemptForm().validate_on_submit():
        abort(400, FORM_EXPIRED)
    target = url_for(".attempt", slug=slug, item_slug=item_slug, attempt_id=attempt_id)
    try:
        attempt = quiz_drafts.save_draft(current_user, item, attempt_id, _answer_values())
    except quizzes.AlreadySubmitted as error:
        if wants_json():
            raise  # the autosave script reads the app-wide JSON answer
        db.session.rollback()
        flash(error.message, "info")  # the no-JS button: on to the result
        return redirect(target, 303)
    db.session.commit()
    if attempt.draft_saved_at is None:  # save_draft stamps it, or raises AlreadySubmitted
        raise RuntimeError(f"quiz attempt {attempt.id}: the draft was saved without a time")
    saved = local_label(attempt.draft_saved_at, viewer_timezone(), "%H:%M")
    if wants_json():  # the autosave script's fetch; the no-JS button gets a page
        return jsonify(saved=f"Draft saved at {saved}.")
    flash(f"Draft saved at {saved}. Your answers wait here until you submit them.", "success")
    return redirect(target, 303)


@bp.get("/cohorts/<int:cohort_id>/quizzes/<item_slug>")
@login_required
def cohort_report(cohort_id: int, item_slug: str):
    """Attempts, pass rate and per-question statistics of one quiz in one cohort."""
    cohort, item = _cohort_item(cohort_id, item_slug, QUIZZES)
    return render_template("quiz/report.html", cohort=cohort, item=item,
                           quiz=quizzes.quiz_of(item),
                           report=quiz_reports.cohort_quiz_report(cohort, item))


# --- Reflections ---------------------------------------------------------------------------

@bp.route("/courses/<slug>/items/<item_slug>/reflection", methods=["GET", "POST"])
@login_required
def reflection(slug: str, item_slug: str):
    """Write, save and submit the learner's own reflection."""
    course, item = _item(slug, item_slug, PROMPTS)
    reflections.check_open(current_user, item)
    existing = reflections.reflection_of(current_user, item)
    if existing is not None and existing.is_submitted:
        return redirect(url_for(".reflection_view", reflection_id=existing.id))
    form = ReflectionForm(obj=existing)
    form.attachments.description = attachments.limits_hint()
    files = attachments.of_reflection(existing) if existing else []
    if form.validate_on_submit():
        draft = request.form.get("action") == "draft"
        save = reflections.save_draft if draft else reflections.submit_reflection
        try:
            saved = save(current_user, item, form.body.data)
            attachments.store_all(None, [
                attachments.Upload(f.filename or "", f.stream)
                for f in request.files.getlist(form.attachments.name)],
                reflection=saved, already=len(files))
        except DomainError as error:
            db.session.rollback()
            field = form.attachments if isinstance(error, attachments.FileRefused) else form.body
            field.errors = [error.message]
            return render_template("quiz/reflection_edit.html", course=course, item=item,
                                   form=form, reflection=existing, files=files), error.status
        db.session.commit()
        if draft:
            flash("Draft saved. Only you can see it until you submit it.", "success")
            return redirect(url_for(".reflection", slug=slug, item_slug=item_slug))
        flash("Reflection submitted. Your trainers can now read it.", "success")
        return redirect(url_for(".reflection_view", reflection_id=saved.id))
    return render_template("quiz/reflection_edit.html", course=course, item=item, form=form,
                           reflection=existing, files=files), form_status(form)


def _render_reflection(reflection, comment_form=None, share_form=None, status: int = 200):
    owner = reflection.user_id == current_user.id
    may_comment = reflection.is_submitted and reflections.trains_learner(
        current_user, reflection.user_id, reflection.item.course_id)
    may_share = owner and reflection.shared_at is None and reflections.sharing_available()
    if may_share and share_form is None:
        share_form = ShareForm().offer(reflections.share_spaces(reflection))
    return render_template(
        "quiz/reflection.html", reflection=reflection, owner=owner,
        body_html=render_markdown(reflection.body),
        comments=[(c, render_markdown(c.body)) for c in reflection.comments],
        comment_form=(comment_form or CommentForm()) if may_comment else None,
        files=attachments.of_reflection(reflection),
        share_form=share_form if may_share else None), status


@bp.get("/reflections/<int:reflection_id>")
@login_required
def reflection_view(reflection_id: int):
    """A submitted reflection with its comments: for the learner and their trainers."""
    reflection = reflections.readable_reflection(current_user, reflection_id)
    if not reflection.is_submitted:  # only the owner gets here: send them to the editor
        return redirect(url_for(".reflection", slug=reflection.item.course.slug,
                                item_slug=reflection.item.slug))
    return _render_reflection(reflection)


@bp.post("/reflections/<int:reflection_id>/comments")
@login_required
def reflection_comment(reflection_id: int):
    """A trainer comments on a learner's reflection."""
    reflection = reflections.readable_reflection(current_user, reflection_id)
    form = CommentForm()
    if not form.validate_on_submit():  # CSRFProtect has already checked the token
        return _render_reflection(reflection, comment_form=form, status=422)
    reflections.add_comment(current_user, reflection, form.body.data)
    db.session.commit()
    flash("Comment posted.", "success")
    return redirect(url_for(".reflection_view", reflection_id=reflection_id))


@bp.post("/reflections/<int:reflection_id>/share")
@login_required
def reflection_share(reflection_id: int):
    """The learner shares a submitted reflection into a discussion."""
    reflection = reflections.readable_reflection(current_user, reflection_id)
    form = ShareForm().offer(reflections.share_spaces(reflection))
    if not form.validate_on_submit():  # CSRFProtect has already checked the token
        abort(422, "Choose one of the listed discussions.")
    reflections.share_reflection(current_user, reflection, form.space.data)
    db.session.commit()
    flash("Your reflection is shared.", "success")
    return redirect(url_for(".reflection_view", reflection_id=reflection_id))


@bp.get("/cohorts/<int:cohort_id>/reflections/<item_slug>")
@login_required
def cohort_reflections(cohort_id: int, item_slug: str):
    """The cohort's learners and their submitted reflections on one prompt."""
    cohort, item = _cohort_item(cohort_id, item_slug, PROMPTS)
    return render_template("quiz/cohort_reflections.html", cohort=cohort, item=item,
                           rows=reflections.cohort_reflections(cohort, item))
