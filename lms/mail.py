"""Outgoing email: SMTP when configured, the log otherwise, a list in tests."""

import smtplib
from email.message import EmailMessage

from flask import current_app


def outbox() -> list[EmailMessage]:
    """Messages kept by the memory backend (tests read this)."""
    return current_app.extensions.setdefault("mail_outbox", [])


def send_mail(to: str, subject: str, body: str, headers: dict[str, str] | None = None) -> None:
    """Send a plain-text email through the configured backend (extra headers optional)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    backend = config["MAIL_BACKEND"]
    if backend == "memory":
        outbox().append(message)
    elif backend == "smtp":
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    else:
        current_app.logger.info("Email to %s: %s\n%s", to, subject, body)
