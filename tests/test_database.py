"""Connection settings the app gives the database."""

import pytest
import sqlalchemy as sa

from lms.extensions import db


def test_postgresql_connections_run_without_jit(app, app_ctx):
    """JIT compilation cost the trainer grid 1.7 s per view; the app's connections turn it off."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting: CI runs this file on PostgreSQL too")
    with db.engine.connect() as first, db.engine.connect() as second:
        assert first.scalar(sa.text("SHOW jit")) == "off"
        assert second.scalar(sa.text("SHOW jit")) == "off"


def _postgresql_only() -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting: CI runs this file on PostgreSQL too")


def test_prepared_statements_outlive_the_rollback_that_ends_a_read(app, app_ctx):
    """A request that only reads ends with ROLLBACK; psycopg forgot its prepared statements
    on each one, so PostgreSQL planned every query of every page anew."""
    _postgresql_only()
    statement = sa.text("SELECT count(*) FROM item_progress WHERE user_id = :user_id")
    with db.engine.connect() as connection:
        for user_id in range(8):  # psycopg prepares a statement on its fifth run
            connection.execute(statement, {"user_id": user_id})
            connection.rollback()
        prepared = connection.scalars(sa.text(
            "SELECT statement FROM pg_prepared_statements")).all()
    assert any("FROM item_progress WHERE user_id" in text for text in prepared), prepared


def test_rollback_still_undoes_the_transaction(app, app_ctx):
    """Keeping the prepared statements changes nothing else: the write is gone."""
    _postgresql_only()
    with db.engine.connect() as connection:
        connection.execute(sa.text("CREATE TEMPORARY TABLE scratch (n integer)"))
        connection.commit()
        connection.execute(sa.text("INSERT INTO scratch VALUES (1)"))
        connection.rollback()
        assert connection.scalar(sa.text("SELECT count(*) FROM scratch")) == 0


def test_generic_plans_last_until_the_transaction_ends(app, app_ctx):
    """The thread page asks PostgreSQL to plan its posts statement once for any thread;
    the next transaction on the pooled connection plans as PostgreSQL chooses again."""
    _postgresql_only()
    from lms.database import generic_plans

    generic_plans()
    assert db.session.scalar(sa.text("SHOW plan_cache_mode")) == "force_generic_plan"
    db.session.rollback()
    assert db.session.scalar(sa.text("SHOW plan_cache_mode")) == "auto"


def _pooled_connection_killed(monkeypatch, idle_seconds: float) -> int:
    """Use a pooled connection, put it back, end its server process from outside; the pid."""
    import psycopg

    import lms.database

    monkeypatch.setattr(lms.database, "PING_AFTER_IDLE_SECONDS", idle_seconds)
    db.session.remove()
    db.engine.dispose()
    with db.engine.connect() as connection:
        pid = connection.scalar(sa.text("SELECT pg_backend_pid()"))
    url = db.engine.url.set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (pid,))
    return pid


def test_a_connection_idle_past_the_limit_is_pinged_and_replaced(app, app_ctx, monkeypatch):
    """After a database restart, a connection that sat idle is found dead before a request
    uses it, and a fresh one is used instead."""
    _postgresql_only()
    pid = _pooled_connection_killed(monkeypatch, idle_seconds=0)
    with db.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT pg_backend_pid()")) != pid


def test_a_connection_used_moments_ago_is_not_pinged(app, app_ctx, monkeypatch):
    """The trade: a busy server pays no ping per request, so a connection killed within the
    last seconds of use fails its next statement once; the pool is then renewed."""
    _postgresql_only()
    _pooled_connection_killed(monkeypatch, idle_seconds=3600)
    with pytest.raises(sa.exc.DBAPIError) as failure:
        with db.engine.connect() as connection:
            connection.scalar(sa.text("SELECT 1"))
    assert failure.value.connection_invalidated
    with db.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT 1")) == 1
