"""Delivering the xAPI outbox to the LRS in batches, with retries, and never twice.

A batch is POSTed to the LRS's statements resource. Success marks the batch sent in the
same step. If the LRS or the network fails, the batch stays due, later with exponential
backoff, and the pass stops (an LRS that is down is not hammered). If our own commit is
lost after the LRS stored a batch, the next pass sends the same statements, with the same
ids, and the LRS drops them as already stored (xAPI 2.0, Statement Resource).

A batch the LRS refuses as malformed (400, 422) is retried one statement at a time, so one bad
statement is set aside (failed_at, with the LRS's answer) instead of holding back the rest.
Rows are claimed with SKIP LOCKED on PostgreSQL, so two workers never send one batch.
"""

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from lms.extensions import db
from lms.models import XapiStatement, utcnow

XAPI_VERSION = "1.0.3"  # the header every LRS answers; statements use nothing newer


# Answers about the statements themselves: malformed (400; 422 from Ralph and other
# FastAPI-based LRSs), a different statement under the same id (409), a batch too large (413).
REFUSED = (400, 409, 413, 422)


class LrsUnavailable(Exception):
    """The LRS could not take statements now: down, overloaded, or not accepting our key."""


class LrsRefused(Exception):
    """The LRS refused the statements themselves (REFUSED): sending again cannot help."""


@dataclass
class Pass:
    """What one delivery pass did."""

    sent: int = 0
    failed: int = 0
    error: str = ""


def _endpoint() -> str:
    return current_app.config["XAPI_ENDPOINT"].rstrip("/") + "/statements"


def _post(statements: list[dict]) -> None:
    """POST statements to the LRS; LrsRefused or LrsUnavailable when it does not store them."""
    config = current_app.config
    credentials = f"{config['XAPI_USERNAME']}:{config['XAPI_PASSWORD']}".encode()
    request = urllib.request.Request(  # noqa: S310 - the URL is the operator's setting
        _endpoint(), data=json.dumps(statements).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION,
                 "Authorization": "Basic " + base64.b64encode(credentials).decode()})
    try:
        with urllib.request.urlopen(request, timeout=config["XAPI_TIMEOUT"]) as response:  # noqa: S310  # nosec B310
            response.read()
    except urllib.error.HTTPError as error:
        detail = f"HTTP {error.code}: {error.read()[:300].decode(errors='replace')}"
        if error.code in REFUSED:
            raise LrsRefused(detail) from None
        raise LrsUnavailable(detail) from None
    except (urllib.error.URLError, OSError) as error:
        raise LrsUnavailable(f"{type(error).__name__}: {error}") from None


def _due(now: datetime, limit: int) -> list[XapiStatement]:
    return list(db.session.scalars(
        sa.select(XapiStatement)
        .where(XapiStatement.sent_at.is_(None), XapiStatement.failed_at.is_(None),
               XapiStatement.next_attempt_at <= now)
        .order_by(XapiStatement.id).limit(limit)
        .with_for_update(skip_locked=True)))


def _backoff(attempts: int) -> timedelta:
    """XAPI_RETRY_BASE seconds, doubling with every failed attempt, at most an hour."""
    return timedelta(seconds=min(current_app.config["XAPI_RETRY_BASE"] * 2 ** (attempts - 1),
                                 3600))


def _postpone(rows: list[XapiStatement], now: datetime, error: str) -> None:
    for row in rows:
        row.attempts += 1
        row.last_error = error[:500]
        row.next_attempt_at = now + _backoff(row.attempts)


def _send_one_by_one(rows: list[XapiStatement], now: datetime, result: Pass) -> None:
    """Find the refused statement(s) of a refused batch; the others are sent."""
    for row in rows:
        try:
            _post([row.statement])
        except LrsRefused as error:
            row.attempts += 1
            row.failed_at, row.last_error = utcnow(), str(error)[:500]
            current_app.logger.error("xAPI statement %s refused by the LRS: %s",
                                     row.statement_id, row.last_error)
            result.failed += 1
        else:
            row.attempts += 1
            row.sent_at, row.last_error = utcnow(), ""
            result.sent += 1


def deliver_due(now: datetime | None = None, max_batches: int = 100) -> Pass:
    """Send what is due, a batch at a time, committing after each; stop at the first outage."""
    now = now or utcnow()
    size = current_app.config["XAPI_BATCH_SIZE"]
    result = Pass()
    for _ in range(max_batches):
        rows = _due(now, size)
        if not rows:
            break
        try:
            _post([row.statement for row in rows])
        except LrsUnavailable as error:
            _postpone(rows, now, str(error))
            db.session.commit()
            current_app.logger.warning("xAPI: LRS unavailable, %s statements wait: %s",
                                       len(rows), error)
            result.error = str(error)
            break
        except LrsRefused:
            try:
                _send_one_by_one(rows, now, result)
            except LrsUnavailable as error:  # it went down in the middle
                _postpone([r for r in rows if r.sent_at is None and r.failed_at is None],
                          now, str(error))
                result.error = str(error)
                db.session.commit()
                break
        else:
            sent_at = utcnow()
            for row in rows:
                row.attempts += 1
                row.sent_at, row.last_error = sent_at, ""
            result.sent += len(rows)
        db.session.commit()
    return result


def waiting() -> int:
    """Statements not yet delivered nor set aside."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(XapiStatement).where(
        XapiStatement.sent_at.is_(None), XapiStatement.failed_at.is_(None))) or 0
