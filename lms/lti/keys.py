"""The tool's own RSA keys: one signs, the previous one stays published until the next rotation.

Platforms cache the tool's JWKS; a token signed just before a rotation must still verify, so
rotation keeps exactly one retired key. Kids are RFC 7638 thumbprints, the same value pylti1p3
puts in the headers it signs.
"""

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pylti1p3.registration import Registration

from lms.extensions import db
from lms.models import LtiKey, utcnow


def _new_key() -> LtiKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    kid = Registration.get_jwk(public_pem)["kid"]
    return LtiKey(kid=kid, private_pem=private_pem, public_pem=public_pem)


def current_key() -> LtiKey:
    """The key that signs now; the first call creates it."""
    key = db.session.scalar(sa.select(LtiKey).where(LtiKey.retired_at.is_(None))
                            .order_by(LtiKey.id.desc()))
    if key is None:
        key = _new_key()
        db.session.add(key)
        db.session.flush()
    return key


def rotate() -> LtiKey:
    """A new signing key; the old one is kept for verification, older ones are deleted."""
    now = utcnow()
    db.session.execute(sa.delete(LtiKey).where(LtiKey.retired_at.is_not(None)))
    db.session.execute(sa.update(LtiKey).where(LtiKey.retired_at.is_(None))
                       .values(retired_at=now))
    key = _new_key()
    db.session.add(key)
    db.session.flush()
    return key


def published_keys() -> list[LtiKey]:
    """The keys in the JWKS: the current one first, then the previous one."""
    current_key()
    return list(db.session.scalars(sa.select(LtiKey).order_by(
        LtiKey.retired_at.is_not(None), LtiKey.id.desc())))


def jwks() -> dict:
    """The public JSON Web Key Set platforms verify the tool's signatures with."""
    return {"keys": [dict(Registration.get_jwk(key.public_pem), kid=key.kid)
                     for key in published_keys()]}
