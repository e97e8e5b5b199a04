"""Database setup, and SQLite settings so the embedded default holds under concurrent requests."""

from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, g, has_request_context, request

from lms import pg_connection
from lms.extensions import db

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _sqlite_connect(dbapi_connection, _record) -> None:
    """WAL lets readers run beside a writer; busy_timeout waits for a lock instead of failing."""
    # Let SQLAlchemy emit BEGIN itself (pysqlite's own handling breaks SAVEPOINTs).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn) -> None:
    """Writes take the write lock up front (BEGIN IMMEDIATE), so two of them never deadlock
    upgrading a read lock; page views stay concurrent with a plain BEGIN."""
    writing = not has_request_context() or request.method in WRITE_METHODS \
        or g.get("write_transaction", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


@contextmanager
def write_transaction():
    """A write made while serving a GET, committed once. On SQLite the read transaction ends
    first and the write runs in its own, which takes the lock up front, so it cannot fail
    upgrading a read lock; PostgreSQL writes in the page's own transaction."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.commit()
    g.write_transaction = True
    try:
        yield
        db.session.commit()
    finally:
        g.write_transaction = False


def generic_plans() -> None:
    """PostgreSQL: plan the rest of this transaction's prepared statements once for any
    values. For a statement run with many different values (the page of posts of any
    thread), PostgreSQL keeps planning it anew when a plan for the given values looks
    cheaper than the one for any values, and planning can cost more than running it
    (posts: 1.1 ms against 0.3). Ends with the transaction; nothing on SQLite."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL plan_cache_mode = force_generic_plan"))


def _count_queries(app: Flask) -> None:
    """Benchmark only: count each request's SQL statements into an X-Query-Count header."""

    def count(*_args) -> None:
        if has_request_context():
            g.query_count = g.get("query_count", 0) + 1

    sa.event.listen(db.engine, "before_cursor_execute", count)

    @app.after_request
    def add_header(response):
        response.headers["X-Query-Count"] = str(g.get("query_count", 0))
        return response


def _without_jit(app: Flask) -> None:
    """PostgreSQL's JIT compiles a query whose estimated cost is high, which for the trainer
    grid's correlated subqueries took 1.7 s of a 1.8 s query: short pages never gain from it."""
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    connect_args.setdefault("options", "-c jit=off")
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": connect_args}


def init_app(app: Flask) -> None:
    """Bind SQLAlchemy and, on SQLite, install the connection and transaction hooks."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.endswith(":memory:"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if uri.startswith("postgresql"):
        _without_jit(app)
    db.init_app(app)
    with app.app_context():
        if uri.startswith("sqlite"):
            sa.event.listen(db.engine, "connect", _sqlite_connect)
            sa.event.listen(db.engine, "begin", _sqlite_begin)
        if db.engine.dialect.driver == "psycopg":
            sa.event.listen(db.engine, "do_connect", pg_connection.connect)
        if app.config.get("COUNT_QUERIES"):
            _count_queries(app)
