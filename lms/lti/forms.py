"""The form an admin fills in from what Moodle or Canvas shows after adding the tool."""

import ipaddress
import json
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from lms.forms import LineField
from lms.models import LtiPlatform


def _loopback(host: str | None) -> bool:
    """localhost or an address of this machine (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def _secure_url(form, field) -> None:
    """https only, except on this machine (a local platform for development and tests)."""
    if not field.data:
        return
    parts = urlsplit(field.data)
    local = parts.scheme == "http" and _loopback(parts.hostname)
    if not parts.hostname or not (parts.scheme == "https" or local):
        raise ValidationError("Enter the full https:// address the platform shows.")


class PlatformForm(FlaskForm):
    """Register or edit an LTI 1.3 platform."""

    name = LineField("Name", validators=[DataRequired(), Length(max=120)],
                     description="For you and for cohort names, e.g. “Moodle of the cluster”.")
    issuer = LineField("Platform ID (issuer)", validators=[DataRequired(), Length(max=500),
                                                          _secure_url],
                       description="Moodle: the site's address. Canvas: "
                                   "https://canvas.instructure.com for hosted Canvas.")
    client_id = LineField("Client ID", validators=[DataRequired(), Length(max=255)])
    auth_login_url = LineField("Authentication request URL",
                               validators=[DataRequired(), Length(max=500), _secure_url],
                               description="Moodle: …/mod/lti/auth.php. Canvas: "
                                           "https://sso.canvaslms.com/api/lti/authorize_redirect")
    auth_token_url = LineField("Access token URL",
                               validators=[DataRequired(), Length(max=500), _secure_url],
                               description="Moodle: …/mod/lti/token.php. Canvas: "
                                           "https://sso.canvaslms.com/login/oauth2/token")
    auth_audience = LineField("Access token audience", validators=[Optional(), Length(max=500)],
                              description="Leave empty unless the platform names one.")
    jwks_url = LineField("Public keyset URL", validators=[Optional(), Length(max=500),
                                                          _secure_url],
                         description="Moodle: …/mod/lti/certs.php. Canvas: "
                                     "https://sso.canvaslms.com/api/lti/security/jwks")
    key_set = TextAreaField("Or the platform's public key set (JSON)",
                            validators=[Optional(), Length(max=20000)],
                            description="Only when the platform has no keyset URL.")
    deployment_ids = TextAreaField("Deployment IDs", validators=[DataRequired(),
                                                                 Length(max=5000)],
                                   description="One per line, as the platform shows them.")

    def validate(self, extra_validators=None) -> bool:
        """The fields, then: the platform's keys come from a URL or a pasted key set."""
        valid = super().validate(extra_validators)
        if not self.jwks_url.data and not self.key_set.data:
            self.jwks_url.errors = [*self.jwks_url.errors,
                                    "Give the public keyset URL or paste the key set."]
            return False
        return valid

    def validate_key_set(self, field) -> None:
        """A JWKS document: an object with a list of keys."""
        try:
            value = json.loads(field.data)
        except ValueError as error:
            raise ValidationError(f"This is not JSON: {error}.") from error
        if not isinstance(value, dict) or not isinstance(value.get("keys"), list):
            raise ValidationError('Paste a key set: {"keys": [...]}.')

    def apply(self, platform: LtiPlatform) -> None:
        """Copy the cleaned values onto the platform."""
        platform.name = self.name.data.strip()
        platform.issuer = self.issuer.data.strip()
        platform.client_id = self.client_id.data.strip()
        platform.auth_login_url = self.auth_login_url.data.strip()
        platform.auth_token_url = self.auth_token_url.data.strip()
        platform.auth_audience = (self.auth_audience.data or "").strip()
        platform.jwks_url = (self.jwks_url.data or "").strip()
        platform.key_set = json.loads(self.key_set.data) if self.key_set.data else None
        platform.deployment_ids = "\n".join(
            line.strip() for line in self.deployment_ids.data.splitlines() if line.strip())


class ContextCohortForm(FlaskForm):
    """Which cohort a platform course's learners join (a cohort of the same course)."""

    cohort = SelectField("Cohort", coerce=int, validators=[DataRequired()])
