"""Workbook pages: save a tool's work, my workbook, an entry with its versions, exports,
printing, sharing into a discussion, and trainers' view of a cohort's work with comments."""

from collections import Counter

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.access import can_study
from lms.cohorts.queries import managed_cohort_or_404
from lms.content.tools import InputProblem, ToolInputError
from lms.extensions import db
from lms.forms import EmptyForm
from lms.learn import queries
from lms.learn.lesson import lesson_context
from lms.models import WorkbookVersion
from lms.security import role_required
from lms.services import workbook
from lms.trainer.queries import course_items
from lms.workbook.forms import CommentForm, ShareForm
from lms.workbook.snapshot import share_body

bp = Blueprint("workbook", __name__)

FORM_EXPIRED = "Your form expired or was sent from elsewhere. Reload the page and try again."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _tool_item(slug: str, item_slug: str):
    """The course and a live tool item the current user may study."""
    course = queries.course_or_404(slug)
    if not can_study(current_user, course):
        abort(403, "Join a cohort of this course to study it.")
    item = queries.item_or_404(course, item_slug, current_user)
    if not item.kind_info.uses_tool:
        abort(404)
    return course, item


def _submission() -> tuple[dict, dict, list[InputProblem]]:
    """The form's values and uploaded files, refusing files over the size limit."""
    limit = current_app.config["TOOL_UPLOAD_MAX_BYTES"]
    form = {key: request.form.getlist(key) for key in request.form if key != "csrf_token"}
    files, problems = {}, []
    for name, upload in request.files.items(multi=False):
        data = upload.stream.read(limit + 1)
        if not upload.filename and not data:
            continue  # a file field left empty
        if len(data) > limit:
            problems.append(InputProblem(
                f"The file “{upload.filename}” is larger than {limit // 1024 // 1024} MB: "
                "upload fewer rows, or paste the table instead.", column=name))
            continue
        files[name] = (upload.filename or "upload", data)
    return form, files, problems


@bp.post("/courses/<slug>/items/<item_slug>/tool")
@login_required
def save(slug: str, item_slug: str):
    """Compute and save a new version; bad input re-renders the page with every problem."""
    course, item = _tool_item(slug, item_slug)
    if not EmptyForm().validate_on_submit():
        abort(400, FORM_EXPIRED)
    form, files, too_big = _submission()
    try:
        tool = workbook.tool_of(item, current_app.extensions["tools"])
        if too_big:
            raise ToolInputError(too_big)
        entry = workbook.save_entry(current_user, item, tool, form, files)
    except ToolInputError as error:
        db.session.rollback()
        context = lesson_context(course, item.slug, problems=error.problems,
                                 draft=getattr(error, "draft", None))
        return render_template("learn/item.html", **context), 422
    db.session.commit()
    flash(f"Saved as version {entry.version_count} in your workbook.", "success")
    return redirect(url_for("learn.item", slug=slug, item_slug=item_slug,
                            _anchor="tool-results-title"), 303)


@bp.get("/courses/<slug>/items/<item_slug>/tool/template")
@login_required
def template(slug: str, item_slug: str):
    """The tool's input template as a download."""
    _, item = _tool_item(slug, item_slug)
    tool = workbook.tool_of(item, current_app.extensions["tools"])
    found = tool.template()
    if found is None:
        abort(404)
    filename, data = found
    return _download(data, filename)


def _download(data, filename: str) -> Response:
    mimetype = XLSX if filename.endswith(".xlsx") else "text/csv"
    safe = "".join(c for c in filename if c.isalnum() or c in "-_.") or "download"
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{safe}"',
                             "X-Content-Type-Options": "nosniff"})


@bp.get("/workbook")
@login_required
def index():
    """My cluster workbook: every saved tool entry with its summary and dates."""
    return render_template("workbook/index.html", entries=workbook.my_entries(current_user))


def _version_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _tool_for(entry):
    """The entry's tool from the app's registry (a DomainError if it is gone)."""
    return workbook.tool_of(entry.item, current_app.extensions["tools"])


@bp.get("/workbook/entries/<int:entry_id>")
@login_required
def entry(entry_id: int):
    """An entry: a version's results, the list of versions, comparing two, comments, sharing."""
    reading = workbook.readable_entry(current_user, entry_id)
    entry, tool = reading.entry, _tool_for(reading.entry)
    options = workbook.options_of(entry.item)
    # The owner and trainers see every version: one query loads them all, and the shown and
    # compared versions come from that list (a shared reader gets only the shared version).
    versions = workbook.versions(entry) if reading.full else []
    by_number: dict[int | None, WorkbookVersion] = {v.number: v for v in versions}
    wanted = _version_arg("version")
    if wanted is None and versions:
        wanted = versions[0].number
    shown = by_number.get(wanted) or workbook.visible_version(reading, wanted)
    compare = None
    other = _version_arg("compare") if reading.full else None
    if other is not None and other != shown.number:
        before = by_number.get(other) or workbook.visible_version(reading, other)
        compare = (before, tool.render_results(before.inputs, before.results, options))
    share_form = ShareForm()
    if reading.access == "owner":
        share_form.space.choices = [SelectChoice(s.key, s.label)
                                    for s in workbook.share_spaces(entry)]
    return render_template(
        "workbook/entry.html", reading=reading, entry=entry, tool=tool, shown=shown,
        results_html=tool.render_results(shown.inputs, shown.results, options),
        compare=compare, versions=versions,
        comments=workbook.comments(entry) if reading.full else [],
        shares=workbook.shares(entry) if reading.full else [],
        share_form=share_form, comment_form=CommentForm(version=str(shown.number)))


@bp.get("/workbook/entries/<int:entry_id>/print")
@login_required
def print_view(entry_id: int):
    """A printable page of one version (for a session: A4 or A3, landscape if wide)."""
    reading = workbook.readable_entry(current_user, entry_id)
    tool = _tool_for(reading.entry)
    shown = workbook.visible_version(reading, _version_arg("version"))
    return render_template(
        "workbook/print.html", entry=reading.entry, tool=tool, shown=shown,
        results_html=tool.render_results(shown.inputs, shown.results,
                                         workbook.options_of(reading.entry.item)))


def _export_name(entry, number: int, extension: str) -> str:
    return f"{entry.item.slug}-v{number}.{extension}"


@bp.get("/workbook/entries/<int:entry_id>/export.csv")
@login_required
def export_csv(entry_id: int):
    """One version as CSV."""
    reading = workbook.readable_entry(current_user, entry_id)
    tool = _tool_for(reading.entry)
    shown = workbook.visible_version(reading, _version_arg("version"))
    return _download(tool.export_csv(shown.inputs, shown.results),
                     _export_name(reading.entry, shown.number, "csv"))


@bp.get("/workbook/entries/<int:entry_id>/export.xlsx")
@login_required
def export_xlsx(entry_id: int):
    """One version as an XLSX workbook whose results are live formulas."""
    reading = workbook.readable_entry(current_user, entry_id)
    tool = _tool_for(reading.entry)
    shown = workbook.visible_version(reading, _version_arg("version"))
    return _download(tool.export_xlsx(shown.inputs, workbook.options_of(reading.entry.item)),
                     _export_name(reading.entry, shown.number, "xlsx"))


@bp.post("/workbook/entries/<int:entry_id>/share")
@login_required
def share(entry_id: int):
    """Share the latest version into the cohort's or the course's discussion."""
    reading = workbook.readable_entry(current_user, entry_id)
    if reading.access != "owner":
        abort(404)
    entry = reading.entry
    form = ShareForm()
    form.space.choices = [SelectChoice(s.key, s.label) for s in workbook.share_spaces(entry)]
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400, FORM_EXPIRED)
        abort(422, "Choose one of the listed discussions.")
    tool = _tool_for(entry)
    latest = workbook.visible_version(reading, None)
    body = share_body(entry.item.title, latest.summary,
                      tool.export_csv(latest.inputs, latest.results), latest.number,
                      url_for("workbook.entry", entry_id=entry.id, version=latest.number),
                      form.note.data or "")
    thread = workbook.share_entry(current_user, entry, form.space.data, body)
    db.session.commit()
    flash("Shared. Others can now read this version and discuss it.", "success")
    return redirect(url_for("forum.thread", thread_id=thread.id), 303)


@bp.post("/workbook/entries/<int:entry_id>/comments")
@login_required
def comment(entry_id: int):
    """A trainer comments on a learner's entry; the learner is notified."""
    reading = workbook.readable_entry(current_user, entry_id)
    if reading.access == "shared":
        abort(404)
    form = CommentForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400, FORM_EXPIRED)
        abort(422, " ".join(e for errors in form.errors.values() for e in errors))
    version = int(form.version.data) if form.version.data else None
    workbook.add_comment(current_user, reading.entry, form.body.data, version)
    db.session.commit()
    flash("Comment added; the learner is notified.", "success")
    return redirect(url_for("workbook.entry", entry_id=entry_id, _anchor="comments"), 303)


@bp.get("/workbook/cohorts/<int:cohort_id>")
@role_required("trainer", "admin")
def cohort(cohort_id: int):
    """Trainers: who in the cohort has done each tool, with links to their entries."""
    cohort = managed_cohort_or_404(current_user, cohort_id)
    items = [i for i in course_items(cohort) if i.kind_info.uses_tool]
    learners, entries = workbook.cohort_entries(cohort, items)
    done = Counter(item_id for _, item_id in entries)
    return render_template("workbook/cohort.html", cohort=cohort, items=items,
                           learners=learners, entries=entries, done=done)
