"""Discussion index, space pages, new threads and cases, thread pages, replies, files."""

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.extensions import db
from lms.forms import EmptyForm, form_status
from lms.forum import post_html, queries
from lms.forum.forms import CaseForm, PostForm, ReplyForm, ThreadForm
from lms.fresh_forms import render_fresh_form
from lms.learn.queries import studied_item_or_404
from lms.models import Attachment, Thread
from lms.queries.forum_access import can_see_post, can_see_thread
from lms.services import attachments, forum, reflections
from lms.services import notifications as notices
from lms.services.errors import DomainError


def register(bp) -> None:
    """Add these views to the blueprint."""
    bp.add_url_rule("/", view_func=index)
    bp.add_url_rule("/courses/<slug>", view_func=course_space)
    bp.add_url_rule("/cohorts/<int:cohort_id>", view_func=cohort_space)
    bp.add_url_rule("/courses/<slug>/new", view_func=new_course_thread, methods=["GET", "POST"])
    bp.add_url_rule("/cohorts/<int:cohort_id>/new", view_func=new_cohort_thread,
                    methods=["GET", "POST"])
    bp.add_url_rule("/courses/<slug>/new-case", view_func=new_course_case,
                    methods=["GET", "POST"])
    bp.add_url_rule("/cohorts/<int:cohort_id>/new-case", view_func=new_cohort_case,
                    methods=["GET", "POST"])
    bp.add_url_rule("/threads/<int:thread_id>", view_func=thread)
    bp.add_url_rule("/threads/<int:thread_id>/reply", view_func=reply, methods=["POST"])
    bp.add_url_rule("/threads/<int:thread_id>/follow", view_func=follow, methods=["POST"])
    bp.add_url_rule("/threads/<int:thread_id>/unfollow", view_func=unfollow, methods=["POST"])
    bp.add_url_rule("/attachments/<int:attachment_id>", view_func=attachment)
    bp.add_url_rule("/attachments/<int:attachment_id>/remove", view_func=remove_attachment,
                    methods=["POST"])
    bp.add_url_rule("/lessons/<slug>/<item_slug>", view_func=item_thread,
                    methods=["GET", "POST"])


@login_required
def index():
    """The spaces the user can see, and the latest activity across them."""
    return render_template("forum/index.html", spaces=queries.index_spaces(current_user),
                           recent=queries.recent_threads(current_user))


def _space_page(space, *, title: str, course, cohort=None, new_url: str, case_url: str):
    page = queries.space_threads(space, current_user, request.args.get("after"))
    return render_template("forum/space.html", space=space, title=title, course=course,
                           cohort=cohort, page=page, new_url=new_url, case_url=case_url,
                           moderator=current_user.is_trainer)


@login_required
def course_space(slug: str):
    """The course's shared space: threads by last activity, pinned first."""
    course, space = queries.course_and_space_or_404(slug, current_user)
    return _space_page(space, title=course.title, course=course,
                       new_url=url_for("forum.new_course_thread", slug=slug),
                       case_url=url_for("forum.new_course_case", slug=slug))


@login_required
def cohort_space(cohort_id: int):
    """A cohort's private space."""
    cohort, space = queries.cohort_and_space_or_404(cohort_id, current_user)
    return _space_page(space, title=cohort.name, course=cohort.course, cohort=cohort,
                       new_url=url_for("forum.new_cohort_thread", cohort_id=cohort_id),
                       case_url=url_for("forum.new_cohort_case", cohort_id=cohort_id))


def _new_thread(space_getter, back_url: str, space_title: str):
    form = ThreadForm()
    if form.validate_on_submit():
        try:
            thread = forum.start_thread(current_user, space_getter(), form.title.data,
                                        form.body.data)
        except DomainError as error:
            db.session.rollback()
            form.body.errors = [error.message]
            return render_template("forum/new_thread.html", form=form, back_url=back_url,
                                   space_title=space_title), error.status
        db.session.commit()
        return redirect(url_for("forum.thread", thread_id=thread.id))
    return render_template("forum/new_thread.html", form=form, back_url=back_url,
                           space_title=space_title), form_status(form)


@login_required
def new_course_thread(slug: str):
    """Start a discussion in the course's shared space."""
    course, _ = queries.course_and_space_or_404(slug, current_user)
    return _new_thread(lambda: forum.course_space(course),
                       url_for("forum.course_space", slug=slug), course.title)


@login_required
def new_cohort_thread(cohort_id: int):
    """Start a discussion in a cohort's private space."""
    cohort, _ = queries.cohort_and_space_or_404(cohort_id, current_user)
    return _new_thread(lambda: forum.cohort_space(cohort),
                       url_for("forum.cohort_space", cohort_id=cohort_id), cohort.name)


def _new_case(course, space_getter, back_url: str, space_title: str):
    if not current_user.is_trainer:
        abort(403)
    form = CaseForm()
    form.attachments.description = attachments.limits_hint()
    form.module.choices = [SelectChoice(0, "No module")] + [
        SelectChoice(m.id, m.title) for m in course.modules]
    status = 200
    if form.validate_on_submit():
        try:
            thread = forum.start_case(
                current_user, space_getter(), title=form.title.data,
                situation=form.situation.data, questions=form.questions.data,
                module_id=form.module.data or None,
                files=[attachments.Upload(f.filename or "", f.stream)
                       for f in request.files.getlist(form.attachments.name)])
        except DomainError as error:
            db.session.rollback()
            form.attachments.errors = [error.message]
            status = error.status
        else:
            db.session.commit()
            flash("The case is posted and pinned.", "success")
            return redirect(url_for("forum.thread", thread_id=thread.id))
    return render_template("forum/new_case.html", form=form, back_url=back_url,
                           space_title=space_title), status if status != 200 else \
        form_status(form)


@login_required
def new_course_case(slug: str):
    """A trainer posts a practical case in the course's shared space."""
    course, _ = queries.course_and_space_or_404(slug, current_user)
    return _new_case(course, lambda: forum.course_space(course),
                     url_for("forum.course_space", slug=slug), course.title)


@login_required
def new_cohort_case(cohort_id: int):
    """A trainer posts a practical case in a cohort's private space."""
    cohort, _ = queries.cohort_and_space_or_404(cohort_id, current_user)
    return _new_case(cohort.course, lambda: forum.cohort_space(cohort),
                     url_for("forum.cohort_space", cohort_id=cohort_id), cohort.name)


def render_thread(view: queries.ThreadView, form: PostForm | None, status: int = 200):
    """The thread page for the current cursor, with the reply form: `form` when it comes
    back with data or errors, else an empty one from the kept copy (lms/fresh_forms.py)."""
    thread = view.thread
    page = queries.thread_posts(thread, current_user, after=request.args.get("after"),
                                before=request.args.get("before"),
                                start=request.args.get("start"))
    nav_args = {key: request.args.get(key) for key in ("after", "before", "start")}
    context = post_html.PostContext(
        viewer_id=current_user.id, moderator=view.moderator, locked=thread.locked,
        liked=page.liked, reported=page.reported, cohorts=page.cohorts,
        files=attachments.of_posts([post.id for post in page.rows]), thread_id=thread.id,
        nav_args=nav_args)
    empty_form = None if form else render_fresh_form(
        ReplyForm, url_for("forum.reply", thread_id=thread.id, after=nav_args["after"],
                           before=nav_args["before"], start=nav_args["start"]), "Post reply",
        "composer-form", "multipart/form-data", (("attachments", attachments.limits_hint()),))
    return render_template(
        "forum/thread.html", thread=thread, page=page, form=form, empty_form=empty_form,
        moderator=view.moderator, answering={post.id: post for post in page.rows},
        following=view.following, posts_html=post_html.render_posts(page.rows, context)), status


def _reply_form(**data) -> ReplyForm:
    form = ReplyForm(**data)
    form.attachments.description = attachments.limits_hint()
    return form


@login_required
def thread(thread_id: int):
    """A thread, one page of posts at a time; ?reply_to= or ?quote= fill the reply form."""
    view = queries.thread_view_or_404(thread_id, current_user)
    reply_to = request.args.get("reply_to", "", type=str)[:12]
    quote_of = request.args.get("quote", "", type=str)[:12]
    form = _reply_form(reply_to=reply_to, quote_of=quote_of) if reply_to or quote_of else None
    return render_thread(view, form)


@login_required
def reply(thread_id: int):
    """Post a reply (with files, if any), then show it in its thread."""
    view = queries.thread_view_or_404(thread_id, current_user)
    thread = view.thread
    form = _reply_form()
    if not form.validate_on_submit():
        return render_thread(view, form, 422)
    try:
        post = forum.reply(current_user, thread, form.body.data,
                           reply_to_id=form.id_of(form.reply_to),
                           quote_of_id=form.id_of(form.quote_of),
                           files=form.uploads(request.files))
    except DomainError as error:
        db.session.rollback()
        field = form.attachments if isinstance(error, attachments.FileRefused) else form.body
        field.errors = [error.message]
        return render_thread(queries.thread_view_or_404(thread_id, current_user), form,
                             error.status)
    notices.send_immediate(post.id)  # queued in the same transaction as the post
    # The whole thread (or the page of it that holds the reply), scrolled to the new post,
    # which the page highlights as the link's target; found before the commit, which would
    # expire the post and thread and read them again in a transaction of their own.
    location = url_for("forum.thread", thread_id=thread.id,
                       after=queries.page_after_cursor(post), _anchor=f"post-{post.id}")
    db.session.commit()
    return redirect(location)


def _follow(thread_id: int, following: bool):
    thread = queries.thread_or_404(thread_id, current_user)
    if not EmptyForm().validate_on_submit():
        abort(400)
    (forum.follow if following else forum.unfollow)(current_user, thread)
    db.session.commit()
    flash("You follow this thread." if following else "You no longer follow this thread.",
          "success")
    return redirect(url_for("forum.thread", thread_id=thread.id))


@login_required
def follow(thread_id: int):
    """Follow a thread: notifications about every new post."""
    return _follow(thread_id, True)


@login_required
def unfollow(thread_id: int):
    """Stop following a thread."""
    return _follow(thread_id, False)


def _may_read_in_thread(file: Attachment) -> bool:
    """A case's file for whoever sees the thread; a reply's for whoever may read the reply
    (a hidden or deleted reply takes its files with it)."""
    if file.thread_id is None:
        return False
    thread = db.session.get(Thread, file.thread_id)
    if thread is None or not can_see_thread(current_user, thread):
        return False
    if file.post_id is None:
        return True
    return file.post is not None and can_see_post(current_user, file.post)


def _may_read_reflection(reflection_id: int | None) -> bool:
    """The learner who wrote it, their trainers and admins (the reflection page's rule)."""
    if reflection_id is None:
        return False
    try:
        reflections.readable_reflection(current_user, reflection_id)
    except DomainError:
        return False
    return True


@login_required
def attachment(attachment_id: int):
    """A file of a case, a reply or a reflection, as a download, for those who may read it."""
    file = db.session.get(Attachment, attachment_id) or abort(404)
    if not (_may_read_in_thread(file) or _may_read_reflection(file.reflection_id)):
        abort(404)
    path = attachments.path_of(file)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=file.content_type, as_attachment=True,
                         download_name=file.filename, max_age=0)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@login_required
def item_thread(slug: str, item_slug: str):
    """GET: the lesson's thread (or the lesson if none yet). POST: reply under the lesson."""
    _course, item = studied_item_or_404(slug, item_slug, current_user, refused=404)
    if item.for_trainers:  # facilitator notes have no thread: the course space is learners' too
        abort(404)
    lesson_url = url_for("learn.item", slug=slug, item_slug=item_slug)
    if request.method == "GET":
        existing = forum.item_thread(item)
        if existing is None:
            return redirect(lesson_url + "#discussion")
        return redirect(url_for("forum.thread", thread_id=existing.id))
    form = PostForm()
    if not form.validate_on_submit():
        return render_template("forum/item_reply.html", form=form, item=item,
                               lesson_url=lesson_url), 422
    try:
        post = forum.reply_on_item(current_user, item, form.body.data)
    except DomainError as error:
        db.session.rollback()
        form.body.errors = [error.message]
        return render_template("forum/item_reply.html", form=form, item=item,
                               lesson_url=lesson_url), error.status
    notices.send_immediate(post.id)  # queued in the same transaction as the post
    db.session.commit()
    flash("Your post is in the discussion.", "success")
    return redirect(f"{lesson_url}#post-{post.id}")  # the latest posts show under the lesson


@login_required
def remove_attachment(attachment_id: int):
    """Take a file off one's reflection while it is a draft, then back to the editor."""
    file = db.session.get(Attachment, attachment_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    reflection = file.reflection
    if reflection is None:  # a forum post's file: remove_from_draft says "No such file." too
        abort(404)
    attachments.remove_from_draft(current_user, file)
    db.session.commit()
    flash(f"“{file.filename}” is removed.", "success")
    return redirect(url_for("quiz.reflection", slug=reflection.item.course.slug,
                            item_slug=reflection.item.slug))
