"""Database setup, and SQLite settings so the embedded default holds under concurrent requests."""

import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, g, has_request_context, request
from sqlalchemy.dialects import postgresql, sqlite

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


def conflict_insert(table) -> postgresql.Insert | sqlite.Insert:
    """INSERT with ON CONFLICT for the current database (both dialects have it, each in its
    own class), on a table or model; on a table it costs a third of the ORM's insert path."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def generic_plans() -> None:
    """PostgreSQL: plan the rest of this transaction's prepared statements once for any
    values. For a statement run with many different values (the page of posts of any
    thread), PostgreSQL keeps planning it anew when a plan for the given values looks
    cheaper than the one for any values, and planning can cost more than running it
    (posts: 1.1 ms against 0.3). Ends with the transaction; nothing on SQLite."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL plan_cache_mode = force_generic_plan"))


# A pooled connection idle longer than this is pinged before use (see _ping_after_idle).
PING_AFTER_IDLE_SECONDS = 2.0


def _ping_after_idle(engine: sa.Engine) -> None:
    """Ping a pooled connection before use only if it sat idle for a while, instead of before
    every use (pool_pre_ping): a connection lost to a database restart or an idle timeout is
    replaced before a request fails on it, and a busy server does not pay a round trip per
    request for it (one of a page's six). A restart within the last seconds of use still
    fails one request per connection, as it fails the requests running while it happens;
    SQLAlchemy then replaces every connection of the pool."""

    @sa.event.listens_for(engine, "checkin")
    def note_idle(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise sa.exc.DisconnectionError(str(error)) from error


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
        _ping_after_idle(db.engine)
        if db.engine.dialect.driver == "psycopg":
            sa.event.listen(db.engine, "do_connect", pg_connection.connect)
        if app.config.get("COUNT_QUERIES"):
            _count_queries(app)
