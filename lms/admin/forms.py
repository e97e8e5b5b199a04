"""Admin forms."""

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from lms.models import ROLES


class RoleForm(FlaskForm):
    """Change one user's role."""

    role = SelectField("Role", choices=[SelectChoice(r, r.capitalize()) for r in ROLES])
