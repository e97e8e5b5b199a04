"""pylti1p3 wired to our database: registrations, deployments, and one-use login state.

pylti1p3 keeps the OIDC state in a cookie and the nonce in the Flask session. Both break when
a platform launches ClusterLearn cross-site (browsers withhold SameSite=Lax cookies on the
platform's form POST and block third-party cookies in iframes). So the state and nonce live
in the lti_login table instead: created at login initiation, valid ten minutes, and spent by
one conditional UPDATE once the id_token's signature is proven. A replayed launch finds its
row spent; a token's nonce that is not the one its state was issued with is refused.
"""

from datetime import timedelta

import jwt
import requests
import sqlalchemy as sa
from pylti1p3.contrib.flask import FlaskMessageLaunch
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException
from pylti1p3.registration import Registration, TKeySet
from pylti1p3.tool_config.abstract import ToolConfAbstract

from lms.extensions import db
from lms.lti import keys
from lms.models import LtiLogin, LtiPlatform, utcnow

LOGIN_LIFETIME = timedelta(minutes=10)
CLOCK_LEEWAY = 30  # seconds of clock difference tolerated between platform and tool
TIMEOUT = 10  # seconds per request to a platform (its JWKS, token and score endpoints)


class TimeoutSession(requests.Session):
    """requests has no session-wide timeout; a stalled platform must not hold a worker."""

    def request(self, *args, **kwargs):
        """Any request, with TIMEOUT unless the caller gives one."""
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(*args, **kwargs)


class LaunchRefused(LtiException):
    """A launch or login that must not go through; message says why, for the platform admin."""


def _key_set(stored: dict) -> TKeySet:
    """A platform's pasted JWKS as pylti1p3 types it (the admin form checked its "keys" list)."""
    return {"keys": stored["keys"]}


class PlatformRegistration(Registration):
    """A pylti1p3 registration that remembers which of our platforms it is."""

    def __init__(self, platform: LtiPlatform):
        super().__init__()
        self.platform = platform
        key = keys.current_key()
        self.set_issuer(platform.issuer).set_client_id(platform.client_id)
        self.set_auth_login_url(platform.auth_login_url)
        self.set_auth_token_url(platform.auth_token_url)
        if platform.auth_audience:
            self.set_auth_audience(platform.auth_audience)
        if platform.key_set:
            self.set_key_set(_key_set(platform.key_set))
        else:
            self.set_key_set_url(platform.jwks_url)
        self.set_tool_private_key(key.private_pem).set_tool_public_key(key.public_pem)


def find_platform(issuer: str, client_id: str | None) -> LtiPlatform | None:
    """The platform registered for issuer and client id (the client id may be left out when
    the issuer has a single registration, as some platforms do at login initiation)."""
    stmt = sa.select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        return db.session.scalar(stmt.where(LtiPlatform.client_id == client_id))
    found = db.session.scalars(stmt.limit(2)).all()
    return found[0] if len(found) == 1 else None


class ToolConf(ToolConfAbstract):
    """Registrations and deployments read from lti_platform; one issuer may have many clients."""

    def check_iss_has_one_client(self, iss: str) -> bool:
        """Always look registrations up by issuer and client id."""
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        """See check_iss_has_one_client."""
        return True

    def find_registration_by_issuer(self, iss: str, *args, **kwargs):
        """Unused: see check_iss_has_one_client."""
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(self, iss: str, client_id: str | None, *args, **kwargs):
        """The registration of a known platform, else None (pylti1p3 refuses the launch)."""
        platform = find_platform(iss, client_id)
        return PlatformRegistration(platform) if platform else None

    def find_deployment(self, iss: str, deployment_id: str):
        """Unused: see check_iss_has_one_client."""
        return None

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id: str,
                                  *args, **kwargs):
        """A deployment the admin listed for this platform, else None."""
        platform = find_platform(iss, client_id)
        if platform is None or deployment_id not in platform.deployments:
            return None
        return Deployment().set_deployment_id(deployment_id)


class LoginStore:
    """pylti1p3's cookie and session services in one, backed by lti_login; sets no cookie."""

    def __init__(self, state: str | None = None):
        self.state = state  # the launch's state parameter; None at login initiation
        self.nonce: str | None = None

    # At login initiation pylti1p3 hands over the new state (as a cookie) and nonce.
    def set_cookie(self, name: str, value: str, exp: int = 0) -> None:
        """Remember the state pylti1p3 generated."""
        self.state = value

    def save_nonce(self, nonce: str) -> None:
        """Remember the nonce pylti1p3 generated."""
        self.nonce = nonce

    def save_state_params(self, state: str, params: dict) -> None:
        """Not used: nothing is passed from login to launch but state and nonce."""

    def update_response(self, response) -> None:
        """No cookie to set: the state lives in the database."""

    def record(self, platform_id: int) -> LtiLogin:
        """Write the login pylti1p3 just prepared (and forget logins of past days, which no
        launch can use any more: a state is valid ten minutes)."""
        db.session.execute(sa.delete(LtiLogin).where(
            LtiLogin.created_at < utcnow() - timedelta(days=1)))
        login = LtiLogin(platform_id=platform_id, state=self.state, nonce=self.nonce)
        db.session.add(login)
        db.session.flush()
        return login

    # At launch.
    def get_cookie(self, name: str) -> None:
        """No cookie: check_state_is_valid decides."""
        return None

    def check_state_is_valid(self, state: str, id_token_hash: str) -> bool:
        """The state was issued here, recently, and not spent."""
        login = db.session.scalar(sa.select(LtiLogin).where(LtiLogin.state == state))
        if login is None:
            raise LaunchRefused("This launch did not start at ClusterLearn's login URL "
                                "(unknown state). Start it again from the platform.")
        if login.used_at is not None:
            raise LaunchRefused("This launch was already used (a replayed launch). "
                                "Start it again from the platform.")
        if login.created_at < utcnow() - LOGIN_LIFETIME:
            raise LaunchRefused("This launch took more than ten minutes to arrive and has "
                                "expired. Start it again from the platform.")
        return True

    def check_nonce(self, nonce: str) -> bool:
        """Spend the state's login once, and only with the nonce it was issued with."""
        spent = db.session.execute(
            sa.update(LtiLogin)
            .where(LtiLogin.state == self.state, LtiLogin.nonce == nonce,
                   LtiLogin.used_at.is_(None), LtiLogin.created_at >= utcnow() - LOGIN_LIFETIME)
            .values(used_at=utcnow())
            .execution_options(synchronize_session=False))
        if spent.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
            raise LaunchRefused("The id_token's nonce is not the one this launch was started "
                                "with, or was already used (a replayed launch).")
        return True

    def save_launch_data(self, key: str, jwt_body: dict) -> None:
        """Not kept: the launch view stores what later requests need."""

    def set_state_valid(self, state: str, id_token_hash: str) -> None:
        """Not needed: a spent login is never valid again."""


class Launch(FlaskMessageLaunch):
    """A message launch whose nonce is spent only once the token is proven genuine, and whose
    signature check also pins the audience (our client id) and the issuer."""

    def validate(self):
        """pylti1p3's checks, with the nonce last so a forged token spends nothing."""
        self._validated = True
        try:
            return (self.validate_state().validate_jwt_format().validate_registration()
                    .validate_jwt_signature().validate_deployment().validate_message()
                    .validate_nonce())
        except (AttributeError, TypeError, KeyError, ValueError) as error:
            # pylti1p3 assumes well-shaped claims and key sets (a resource_link that is an
            # object, a JWKS with "keys", ...).
            self._validated = False
            raise LaunchRefused("The launch or the platform's key set is malformed "
                                f"({type(error).__name__}: {error}).") from error
        except Exception:
            self._validated = False
            raise

    def validate_jwt_signature(self):
        """Verify signature, expiry, issued-at, audience and issuer in one decode."""
        public_key, alg = self.get_public_key()
        try:
            jwt.decode(self._get_id_token(), public_key, algorithms=[alg],
                       audience=self._registration.get_client_id(),
                       issuer=self._registration.get_issuer(), leeway=CLOCK_LEEWAY,
                       options={"require": ["exp", "iat", "aud", "iss", "sub", "nonce"]})
        except jwt.InvalidTokenError as error:
            raise LaunchRefused(f"The id_token is not valid: {error}.") from error
        return self

    @property
    def platform(self) -> LtiPlatform:
        """Our platform row for this launch (after validation)."""
        registration = self._registration
        if not isinstance(registration, PlatformRegistration):
            raise RuntimeError("a launch knows its platform only once it is validated")
        return registration.platform
