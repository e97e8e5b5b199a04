"""The app as the benchmark serves it: production code, plus a bare route to compare against
and the per-request SQL query counter switched on."""

import os

from config import Config, database_url
from lms import create_app


class BenchConfig(Config):
    """Production settings with the query counter; rate limits off so the load is not refused."""

    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))  # read at import
    COUNT_QUERIES = True
    RATELIMIT_ENABLED = False
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    SECRET_KEY = os.environ.get("SECRET_KEY", "bench-secret")
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")


app = create_app(BenchConfig)


@app.get("/_bench/bare")
def bare():
    """The baseline: a Flask route that does nothing."""
    return "ok"
