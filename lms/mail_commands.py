"""`flask mail send`: deliver the outbox, once (cron) or in a loop (a worker process)."""

import time

import click
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from lms.extensions import db
from lms.mail import deliver_due
from lms.models import OutboxMessage


@click.group("mail")
def mail_cli() -> None:
    """Outgoing email."""


def _waiting() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))) or 0


@mail_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep delivering, as a worker process does.")
@click.option("--interval", default=5.0, show_default=True,
              help="Seconds between passes with --loop.")
def send(loop: bool, interval: float) -> None:
    """Send the queued emails that are due; failures are retried later with backoff."""
    while True:
        try:
            sent, failed = deliver_due()
            waiting = _waiting()
            db.session.commit()
        except SQLAlchemyError as error:  # the database restarting: try again next pass
            db.session.rollback()
            if not loop:
                raise click.ClickException(f"Database error: {error}") from None
            current_app.logger.warning("Mail worker: database unavailable: %s", error)
            sent = failed = waiting = 0
        if sent or failed or not loop:
            click.echo(f"Sent {sent}, failed {failed}, {waiting} waiting.")
        if not loop:
            return
        db.session.remove()
        time.sleep(interval)
