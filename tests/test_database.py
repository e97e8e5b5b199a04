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
