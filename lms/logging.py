"""Structured logs: one JSON object per line, with a line per request."""

import json
import logging
import time
import uuid

from flask import Flask, g, request
from flask_login import current_user


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON line, with any `extra` fields the caller passed."""

    RESERVED = set(vars(logging.makeLogRecord({})))

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update({k: v for k, v in vars(record).items() if k not in self.RESERVED})
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


def _user_id() -> str | None:
    """The signed-in person's id, if any."""
    return current_user.get_id() if current_user.is_authenticated else None


def init_app(app: Flask) -> None:
    """With LOG_FORMAT=json, log as JSON and add a line per request with its duration."""
    if app.config.get("LOG_FORMAT") != "json":
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    app.logger.handlers = [handler]
    app.logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()
        g.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex

    @app.after_request
    def log_request(response):
        started = g.get("request_started")
        app.logger.info("request", extra={
            "request_id": g.get("request_id"), "method": request.method, "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            "user_id": _user_id(),
            "remote_addr": request.remote_addr,
        })
        response.headers["X-Request-ID"] = g.get("request_id", "")
        return response
