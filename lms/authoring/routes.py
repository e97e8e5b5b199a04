"""Authoring pages: thin views over lms.services.authoring.

Admins author every course; trainers the courses an admin granted them; everyone else gets
403 here.
"""

import io
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from lms.authoring.forms import AuthorForm, UploadForm
from lms.authoring.preview import lesson_preview
from lms.content.assets import resolve_asset
from lms.extensions import db
from lms.learn.routes import ASSET_POLICY, IMAGE_TYPES
from lms.models import TRAINER_ROLES, PackageVersion, User
from lms.security import role_required
from lms.services import authoring
from lms.services.errors import DomainError

bp = Blueprint("authoring", __name__, url_prefix="/authoring")


def _store() -> Path:
    # absolute: a published course's source_path is read from other working directories
    return Path(current_app.config["AUTHORING_STORE"]).absolute()


def _tools():
    return current_app.extensions["tools"]


def _version(version_id: int) -> PackageVersion:
    """The version, if the current user may author its course (403) and it exists (404)."""
    version = db.session.get(PackageVersion, version_id) or abort(404)
    if not authoring.may_author(current_user, version.course_slug):
        abort(403)
    return version


@bp.get("/")
@role_required(*TRAINER_ROLES)
def index():
    """The courses one may author, the upload form and one's recent authoring."""
    return _index_page(UploadForm())


def _index_page(form: UploadForm, problems=(), refused: str | None = None, status: int = 200):
    courses = authoring.authored_courses(current_user)
    known = {course.slug for course in courses}
    unpublished = [v for v in authoring.unpublished_versions(current_user) if v.course_slug
                   not in known]
    log = authoring.events(actor=None if current_user.is_admin else current_user, limit=20)
    return render_template("authoring/index.html", form=form, courses=courses,
                           unpublished=unpublished, problems=problems, refused=refused,
                           log=log), status


@bp.post("/upload")
@role_required(*TRAINER_ROLES)
def upload():
    """Check an uploaded zip: its problems in the page (422), or on to its preview."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _index_page(form, status=422)
    stream = form.package.data.stream
    stream.seek(0, 2)
    size, limit = stream.tell(), current_app.config["AUTHORING_UPLOAD_MAX_BYTES"]
    stream.seek(0)
    if size > limit:
        message = (f"The zip is {size / 2**20:.1f} MB; a package may be at most "
                   f"{limit / 2**20:.0f} MB. Leave large files out or make them smaller.")
        authoring.record_refusal(current_user, message)
        db.session.commit()
        return _index_page(form, status=413, refused=message)
    try:
        result = authoring.upload_package(current_user, stream, store=_store(), tools=_tools())
    except DomainError as error:
        db.session.commit()  # the refusal stays in the log
        return _index_page(form, refused=error.message, status=error.status)
    db.session.commit()
    if result.version is None:
        return _index_page(form, problems=result.problems, status=422)
    flash("The package passed the check. Preview it, then publish it." if not result.reused
          else "This package was uploaded before: here is that version.", "success")
    return redirect(url_for("authoring.version", version_id=result.version.id))


@bp.get("/courses/<slug>")
@login_required
def course(slug: str):
    """A course's versions, its log and (for admins) its authors."""
    if not authoring.may_author(current_user, slug):
        abort(403)
    course = authoring.published_course(slug)
    versions = authoring.versions(slug)
    if course is None and not versions:
        abort(404)
    return render_template("authoring/course.html", slug=slug, course=course, versions=versions,
                           live=next((v for v in versions if authoring.is_live(v, course)), None),
                           log=authoring.events(slug),
                           authors=authoring.authors(course) if course else [],
                           author_form=AuthorForm(), upload_form=UploadForm())


@bp.post("/courses/<slug>/authors")
@role_required("admin")
def grant(slug: str):
    """Make someone an author of the course."""
    course = authoring.published_course(slug) or abort(404)
    form = AuthorForm()
    if not form.validate_on_submit():
        return render_template("errors/message.html",
                               message=" ".join(form.email.errors)), 422
    user = authoring.grant_author(current_user, course, form.email.data)
    db.session.commit()
    flash(f"{user.name} is now an author of {course.title}.", "success")
    return redirect(url_for("authoring.course", slug=slug))


@bp.post("/courses/<slug>/authors/<int:user_id>/remove")
@role_required("admin")
def revoke(slug: str, user_id: int):
    """Take someone's authorship of the course away."""
    course = authoring.published_course(slug) or abort(404)
    user = db.session.get(User, user_id) or abort(404)
    authoring.revoke_author(current_user, course, user)
    db.session.commit()
    flash(f"{user.name} is no longer an author of {course.title}.", "success")
    return redirect(url_for("authoring.course", slug=slug))


@bp.get("/versions/<int:version_id>")
@login_required
def version(version_id: int):
    """A version's outline, and what publishing it would change."""
    version = _version(version_id)
    package = authoring.load_version(version, _store(), _tools())
    course = authoring.published_course(version.course_slug)
    return render_template("authoring/version.html", version=version, package=package,
                           diff=authoring.preview_diff(version, package, _tools()),
                           live=authoring.is_live(version, course), course=course)


@bp.get("/versions/<int:version_id>/items/<item_slug>")
@login_required
def preview_item(version_id: int, item_slug: str):
    """One lesson of a version as learners will see it, quiz answers and feedback shown."""
    version = _version(version_id)
    package = authoring.load_version(version, _store(), _tools())
    spec = next((item for item in package.items if item.slug == item_slug), None) or abort(404)
    asset_url = lambda name: url_for("authoring.preview_asset",  # noqa: E731
                                     version_id=version.id, name=name)
    return render_template("authoring/item.html", version=version, package=package, spec=spec,
                           lesson=lesson_preview(spec, asset_url, _tools()))


@bp.get("/versions/<int:version_id>/assets/<path:name>")
@login_required
def preview_asset(version_id: int, name: str):
    """A file of a version's assets/ folder, for its preview."""
    version = _version(version_id)
    path = resolve_asset(authoring.version_path(version, _store()), name) or abort(404)
    response = send_file(path, as_attachment=path.suffix.lower() not in IMAGE_TYPES)
    response.headers["Content-Security-Policy"] = ASSET_POLICY
    return response


@bp.post("/versions/<int:version_id>/publish")
@login_required
def publish(version_id: int):
    """Make this version the one learners see."""
    return _apply(_version(version_id), authoring.publish, "Published")


@bp.post("/versions/<int:version_id>/rollback")
@login_required
def rollback(version_id: int):
    """Publish an earlier version again."""
    return _apply(_version(version_id), authoring.rollback, "Rolled back to")


def _apply(version: PackageVersion, action, done: str):
    report = action(current_user, version, store=_store(), tools=_tools())
    db.session.commit()
    changes = ", ".join(f"{len(v)} {k}" for k, v in (
        ("added", report.added), ("changed", report.changed), ("archived", report.archived),
        ("restored", report.restored)) if v)
    flash(f"{done} version {version.short_hash}{': ' + changes if changes else ''}.", "success")
    return redirect(url_for("authoring.course", slug=version.course_slug))


@bp.get("/versions/<int:version_id>/download")
@login_required
def download(version_id: int):
    """The version's package as a zip, to edit and upload again."""
    version = _version(version_id)
    data = authoring.zip_version(current_user, version, _store())
    db.session.commit()
    return send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=f"{version.course_slug}-{version.short_hash}.zip")
