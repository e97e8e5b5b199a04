"""`flask xapi send`: deliver the xAPI outbox, once (cron) or in a loop (a worker process)."""

import time

import click
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from lms.extensions import db
from lms.xapi.delivery import deliver_due, waiting


@click.group("xapi")
def xapi_cli() -> None:
    """Statements to the Learning Record Store."""


@xapi_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep delivering, as a worker process does.")
@click.option("--interval", default=10.0, show_default=True,
              help="Seconds between passes with --loop.")
def send(loop: bool, interval: float) -> None:
    """Send the statements that are due; when the LRS is down they wait and are retried."""
    if not current_app.config.get("XAPI_ENDPOINT"):
        raise click.ClickException("XAPI_ENDPOINT is not set: there is no LRS to send to.")
    while True:
        try:
            result = deliver_due()
            left = waiting()
            db.session.commit()
        except SQLAlchemyError as error:  # the database restarting: try again next pass
            db.session.rollback()
            if not loop:
                raise click.ClickException(f"Database error: {error}") from None
            current_app.logger.warning("xAPI worker: database unavailable: %s", error)
            result, left = None, 0
        if result and (result.sent or result.failed or result.error or not loop):
            line = f"Sent {result.sent}, refused {result.failed}, {left} waiting."
            click.echo(line + (f" LRS unavailable: {result.error}" if result.error else ""))
        if not loop:
            return
        db.session.remove()
        time.sleep(interval)
