"""`flask lti ...`: rotate the tool's keys, resend scores a platform did not take."""

import click
from flask.cli import AppGroup

from lms.extensions import db
from lms.lti import grades, keys

lti_cli = AppGroup("lti", help="LTI 1.3 tool keys and grade passback.")


@lti_cli.command("rotate-keys")
def rotate_keys() -> None:
    """Start signing with a new key; the previous one stays in the JWKS until the next rotation."""
    key = keys.rotate()
    db.session.commit()
    click.echo(f"New signing key {key.kid}; the previous key is still published for "
               "verification, older ones are removed.")


@lti_cli.command("send-scores")
def send_scores() -> None:
    """Send scores still owed to platforms (run it from cron, e.g. every 5 minutes)."""
    sent, failed = grades.send_pending()
    click.echo(f"{sent} scores sent, {failed} failed (retried on the next run).")
