"""`flask forum ...` commands, for cron."""

import click

from lms.extensions import db
from lms.services import notifications as notices


def register(bp) -> None:
    """Add the commands to the blueprint's CLI group (`flask forum`)."""
    bp.cli.add_command(digest)


@click.command("digest")
def digest() -> None:
    """Email each daily-digest reader their unread discussion notifications (run daily)."""
    sent = notices.send_digests()
    db.session.commit()
    click.echo(f"Queued {sent} digest email(s) for `flask mail send`.")
