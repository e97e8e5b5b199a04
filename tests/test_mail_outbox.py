"""Finding 8 of issue 15: email goes through a durable outbox; requests never talk to SMTP;
nothing is lost while SMTP is down, and it all goes out once SMTP is back."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.mail import deliver_due, queue_mail
from lms.models import OutboxMessage, utcnow

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def config_overrides(smtp_server, file_database):
    # A database file, so the worker process of the last test can open it too.
    return {**file_database, "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_server.port, "MAIL_USE_TLS": False, "MAIL_TIMEOUT": 5,
            "MAIL_RETRY_BASE": 60}


def _rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_smtp_down_then_up_loses_nothing(app, client, make_user, smtp_server):
    make_user(email="elena@example.org")
    # SMTP is down: the request still answers as usual, and the email waits in the outbox.
    response = client.post("/account/forgot", data={"email": "elena@example.org"})
    assert response.status_code == 302
    [row] = _rows()
    assert row.sent_at is None and row.attempts == 0
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "Sent 0, failed 1, 1 waiting." in result.output
    [row] = _rows()
    assert row.attempts == 1 and row.sent_at is None and row.failed_at is None
    assert "ConnectionRefusedError" in row.last_error
    # Back up: the retry is due after the backoff, and then the email goes out once.
    smtp_server.start()
    assert deliver_due() == (0, 0)  # not due yet
    assert deliver_due(now=utcnow() + timedelta(minutes=2)) == (1, 0)
    [(recipients, message)] = smtp_server.received
    assert recipients == ["elena@example.org"] and message["Subject"] == "Reset your password"
    assert "/account/reset/" in message.get_content()
    assert deliver_due(now=utcnow() + timedelta(days=1)) == (0, 0)  # never twice
    assert _rows()[0].sent_at is not None


def test_retries_back_off_exponentially_then_give_up(app, make_user):
    app.config["MAIL_MAX_ATTEMPTS"] = 4
    queue_mail("elena@example.org", "Hello", "Body")
    db.session.commit()
    now, delays = utcnow(), []
    for _ in range(4):
        deliver_due(now=now)
        row = _rows()[0]
        if row.failed_at is None:
            delays.append((row.next_attempt_at - now).total_seconds())
            now = row.next_attempt_at
    assert delays == [60, 120, 240]
    row = _rows()[0]
    assert row.attempts == 4 and row.failed_at is not None and row.sent_at is None


def test_starttls_refused_is_retried_not_lost(app, client, make_user, smtp_server):
    smtp_server.start()  # aiosmtpd without TLS: STARTTLS is refused, as in the attack report
    app.config["MAIL_USE_TLS"] = True
    make_user(email="elena@example.org")
    assert client.post("/account/forgot", data={"email": "elena@example.org"}).status_code == 302
    assert deliver_due() == (0, 1)
    assert "STARTTLS" in _rows()[0].last_error and smtp_server.received == []
    app.config["MAIL_USE_TLS"] = False  # the operator fixes the setting
    assert deliver_due(now=utcnow() + timedelta(hours=1)) == (1, 0)
    assert len(smtp_server.received) == 1


def test_mail_is_queued_in_the_same_transaction(app, make_user):
    queue_mail("elena@example.org", "Hello", "Body")
    db.session.rollback()  # the change that caused it did not happen: neither does the email
    assert _rows() == []
    queue_mail("elena@example.org", "Hello", "Body")
    db.session.commit()
    assert len(_rows()) == 1


def test_the_loop_worker_delivers_what_requests_queue(app, client, make_user, smtp_server):
    smtp_server.start()
    env = {**os.environ, "FLASK_APP": "wsgi.py", "PUBLIC_BASE_URL": "http://localhost",
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "test-secret-key",
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_server.port), "MAIL_USE_TLS": "0"}
    worker = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "flask", "mail", "send", "--loop", "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        make_user(email="elena@example.org")
        client.post("/account/forgot", data={"email": "elena@example.org"})
        deadline = time.monotonic() + 30
        while not smtp_server.received and time.monotonic() < deadline:
            time.sleep(0.1)
        # The worker records the send after the SMTP server has the message: wait for that.
        while _rows()[0].sent_at is None and time.monotonic() < deadline:
            db.session.rollback()  # a fresh snapshot of the worker's commits
            time.sleep(0.1)
    finally:
        worker.terminate()
        out, err = worker.communicate(timeout=10)
    assert len(smtp_server.received) == 1, err.decode()
    assert _rows()[0].sent_at is not None
