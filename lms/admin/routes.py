"""Admin pages: list and search users, change a role."""

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.admin.forms import RoleForm
from lms.extensions import db
from lms.models import ROLES, User
from lms.pagination import page_number
from lms.security import role_required
from lms.services import accounts

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@role_required("admin")
def users():
    """Users, newest first, filtered by a search term and a role."""
    query = request.args.get("q", "").strip()[:100]
    role = request.args.get("role", "")
    stmt = sa.select(User).order_by(User.created_at.desc(), User.id.desc())
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(sa.or_(sa.func.lower(User.name).like(like),
                                 User.email.like(like),
                                 sa.func.lower(User.organisation).like(like)))
    if role in ROLES:
        stmt = stmt.where(User.role == role)
    per_page = current_app.config["USERS_PER_PAGE"]
    pagination = db.paginate(stmt, page=page_number(), per_page=per_page, error_out=False)
    return render_template("admin/users.html", pagination=pagination, query=query, role=role,
                           roles=ROLES, role_form=RoleForm())


@bp.post("/users/<int:user_id>/role")
@role_required("admin")
def change_role(user_id: int):
    """Give a user another role."""
    user = db.session.get(User, user_id) or abort(404)
    form = RoleForm()
    if not form.validate_on_submit():
        message = "Choose one of the listed roles."
        return render_template("errors/message.html", message=message), 422
    accounts.change_role(current_user, user, form.role.data)
    db.session.commit()
    flash(f"{user.name} is now {user.role}.", "success")
    return redirect(url_for("admin.users", q=request.args.get("q", "")))
