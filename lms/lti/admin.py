"""Admin pages: register LTI platforms and show the values to paste into them."""

import json

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import joinedload

from lms.extensions import db
from lms.lti import keys
from lms.lti.forms import ContextCohortForm, PlatformForm
from lms.models import Cohort, LtiContext, LtiPlatform
from lms.security import role_required
from lms.urls import public_url

bp = Blueprint("lti_admin", __name__, url_prefix="/admin/lti")


def tool_values() -> list[tuple[str, str, str]]:
    """What a platform admin pastes into Moodle or Canvas: label, value, where it goes."""
    launch = public_url("lti.launch")
    return [
        ("Tool URL / Target link URI", launch, "Moodle: Tool URL · Canvas: Target Link URI"),
        ("Initiate login URL", public_url("lti.login"),
         "Moodle: Initiate login URL · Canvas: OpenID Connect Initiation Url"),
        ("Redirection URI", launch, "Moodle: Redirection URI(s) · Canvas: Redirect URIs"),
        ("Public keyset URL (JWKS)", public_url("lti.jwks"),
         "Moodle: Public keyset · Canvas: Public JWK URL"),
        ("Deep linking URL", launch,
         "Moodle: Content Selection URL · Canvas: Link Selection / Assignment Selection URL"),
    ]


@bp.get("/platforms")
@role_required("admin")
def platforms():
    """Registered platforms and the tool's own values."""
    rows = db.session.scalars(sa.select(LtiPlatform).order_by(LtiPlatform.name)).all()
    published = keys.published_keys()
    db.session.commit()  # the first visit creates the first key
    return render_template("lti/platforms.html", platforms=rows, values=tool_values(),
                           keys=published)


def _save(form: PlatformForm, platform: LtiPlatform, template: str):
    if request.method == "GET":
        return render_template(template, form=form, platform=platform, values=tool_values())
    if not form.validate_on_submit():
        return render_template(template, form=form, platform=platform,
                               values=tool_values()), 422
    clash = db.session.scalar(sa.select(LtiPlatform.id).where(
        LtiPlatform.issuer == form.issuer.data, LtiPlatform.client_id == form.client_id.data,
        LtiPlatform.id != (platform.id or 0)))
    if clash:
        form.client_id.errors.append("A platform with this issuer and client id is already "
                                     "registered.")
        return render_template(template, form=form, platform=platform,
                               values=tool_values()), 422
    form.apply(platform)
    db.session.add(platform)
    db.session.commit()
    flash(f"Platform “{platform.name}” saved.", "success")
    return redirect(url_for("lti_admin.platforms"))


@bp.route("/platforms/new", methods=["GET", "POST"])
@role_required("admin")
def new_platform():
    """Register a platform."""
    return _save(PlatformForm(), LtiPlatform(), "lti/platform_form.html")


@bp.route("/platforms/<int:platform_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_platform(platform_id: int):
    """Change a platform's registration."""
    platform = db.session.get(LtiPlatform, platform_id) or abort(404)
    form = PlatformForm(obj=platform)
    if request.method == "GET" and platform.key_set:
        form.key_set.data = json.dumps(platform.key_set, indent=2)
    return _save(form, platform, "lti/platform_form.html")


@bp.post("/platforms/<int:platform_id>/delete")
@role_required("admin")
def delete_platform(platform_id: int):
    """Forget a platform: its launches stop working; its learners keep their accounts."""
    platform = db.session.get(LtiPlatform, platform_id) or abort(404)
    db.session.delete(platform)
    db.session.commit()
    flash(f"Platform “{platform.name}” removed.", "success")
    return redirect(url_for("lti_admin.platforms"))


def _cohort_choices(course_ids: set[int]) -> dict[int, list[tuple[int, str]]]:
    """Cohorts per course, for the contexts' selects (one query)."""
    choices: dict[int, list[tuple[int, str]]] = {course_id: [] for course_id in course_ids}
    for cohort in db.session.scalars(sa.select(Cohort).where(Cohort.course_id.in_(course_ids))
                                     .order_by(Cohort.name)):
        choices[cohort.course_id].append((cohort.id, cohort.name))
    return choices


@bp.get("/platforms/<int:platform_id>/contexts")
@role_required("admin")
def contexts(platform_id: int):
    """The platform's courses that launched ClusterLearn, and the cohort each one fills."""
    platform = db.session.get(LtiPlatform, platform_id) or abort(404)
    rows = db.session.scalars(
        sa.select(LtiContext).where(LtiContext.platform_id == platform.id)
        .options(joinedload(LtiContext.cohort).joinedload(Cohort.course))
        .order_by(LtiContext.title)).all()
    choices = _cohort_choices({row.cohort.course_id for row in rows})
    forms = {}
    for row in rows:
        form = ContextCohortForm(prefix=f"context-{row.id}", cohort=row.cohort_id)
        form.cohort.choices = choices[row.cohort.course_id]
        forms[row.id] = form
    return render_template("lti/contexts.html", platform=platform, contexts=rows, forms=forms)


@bp.post("/contexts/<int:context_id>/cohort")
@role_required("admin")
def map_context(context_id: int):
    """Send a platform course's next launches to another cohort of the same course."""
    context = db.session.get(LtiContext, context_id) or abort(404)
    form = ContextCohortForm(prefix=f"context-{context.id}")
    form.cohort.choices = _cohort_choices({context.cohort.course_id})[context.cohort.course_id]
    if not form.validate_on_submit():
        message = "Choose one of the listed cohorts: a cohort of the same course."
        return render_template("errors/message.html", message=message), 422
    context.cohort_id = form.cohort.data
    db.session.commit()
    flash(f"Learners from “{context.title}” now join “{context.cohort.name}” at their next "
          "launch.", "success")
    return redirect(url_for("lti_admin.contexts", platform_id=context.platform_id))
