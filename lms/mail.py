"""Outgoing email through a durable outbox: requests queue rows, `flask mail send` delivers.

queue_mail() adds a row to the caller's transaction, so an email exists exactly when the
change that causes it is committed, and nothing in a request talks to SMTP. deliver_due()
sends what is due, one row at a time (locked with SKIP LOCKED on PostgreSQL, so several
workers never send a message twice), and on failure retries with exponential backoff.
"""

import smtplib
import sys
from datetime import datetime, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app

from lms.extensions import db
from lms.models import OutboxMessage, utcnow

CONTROL = dict.fromkeys(list(range(32)) + [127], " ")
# What retrying cannot fix: a refused address, a message that cannot be written. Everything
# else (SMTP down, STARTTLS refused, bad credentials) is retried until an operator fixes it.
PERMANENT = (smtplib.SMTPRecipientsRefused, ValueError, UnicodeError)


def outbox() -> list[EmailMessage]:
    """Messages delivered by the memory backend (the test suite's SMTP)."""
    return current_app.extensions.setdefault("mail_outbox", [])


def queue_mail(to: str, subject: str, body: str, headers: dict[str, str] | None = None) -> None:
    """Queue a plain-text email in the current transaction (sent after it commits)."""
    db.session.add(OutboxMessage(
        recipient=to, subject=" ".join(subject.translate(CONTROL).split())[:300], body=body,
        headers={k: " ".join(v.translate(CONTROL).split()) for k, v in (headers or {}).items()}))


def build(message: OutboxMessage) -> EmailMessage:
    """The email for an outbox row (ValueError if a header cannot be written)."""
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.body)
    return email


class _Smtp:
    """One SMTP connection per delivery pass, opened on first use and after a failure."""

    def __init__(self) -> None:
        self.connection: smtplib.SMTP | None = None

    def send(self, email: EmailMessage) -> None:
        config = current_app.config
        if self.connection is None:
            connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                                      timeout=config["MAIL_TIMEOUT"])
            try:
                if config["MAIL_USE_TLS"]:
                    connection.starttls()
                if config["MAIL_USERNAME"]:
                    connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            except BaseException:
                connection.close()
                raise
            self.connection = connection
        try:
            self.connection.send_message(email)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None


def _deliver(email: EmailMessage, smtp: _Smtp) -> None:
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "smtp":
        smtp.send(email)
    elif backend == "memory":
        outbox().append(email)
    else:  # console: development prints what would be sent
        headers = "".join(f"{name}: {value}\n" for name, value in email.items()
                          if name.lower() not in ("content-type", "content-transfer-encoding",
                                                  "mime-version"))
        print(f"\n----- email -----\n{headers}\n{email.get_content()}----- end of email -----",
              file=sys.stdout, flush=True)


def _backoff(attempts: int) -> timedelta:
    """MAIL_RETRY_BASE seconds, doubling with every failed attempt, at most an hour."""
    base = current_app.config["MAIL_RETRY_BASE"]
    return timedelta(seconds=min(base * 2 ** (attempts - 1), 3600))


def _next_due(now: datetime) -> OutboxMessage | None:
    return db.session.scalar(
        sa.select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
               OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id).limit(1)
        .with_for_update(skip_locked=True))


def deliver_due(now: datetime | None = None, limit: int = 500) -> tuple[int, int]:
    """Send what is due, committing after each message; return (sent, failed this pass)."""
    now = now or utcnow()
    sent = failed = 0
    smtp = _Smtp()
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    try:
        for _ in range(limit):
            message = _next_due(now)
            if message is None:
                break
            message.attempts += 1
            try:
                _deliver(build(message), smtp)
            except PERMANENT as error:
                message.failed_at, message.last_error = utcnow(), _describe(error)
                current_app.logger.error("Email %s to %s given up: %s", message.id,
                                         message.recipient, message.last_error)
                failed += 1
            except (smtplib.SMTPException, OSError) as error:
                message.last_error = _describe(error)
                if message.attempts >= max_attempts:
                    message.failed_at = utcnow()
                    current_app.logger.error("Email %s to %s given up after %s attempts: %s",
                                             message.id, message.recipient, message.attempts,
                                             message.last_error)
                else:
                    message.next_attempt_at = now + _backoff(message.attempts)
                    current_app.logger.warning("Email %s not sent (attempt %s), retry at %s: %s",
                                               message.id, message.attempts,
                                               message.next_attempt_at, message.last_error)
                failed += 1
            else:
                message.sent_at, message.last_error = utcnow(), ""
                sent += 1
            db.session.commit()
    finally:
        smtp.close()
    return sent, failed


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:500]
