"""Test setup: an app per test on a clean database (SQLite in memory, or TEST_DATABASE_URL)."""

import pytest
import sqlalchemy as sa
from flask import g

from config import TestConfig
from lms import create_app
from lms.extensions import db

pytest_plugins = [
    "tests.fixtures.factories",
    "tests.fixtures.auth",
    "tests.fixtures.queries",
    "tests.fixtures.content",
    "tests.fixtures.bulk",
    "tests.fixtures.databases",
    "tests.fixtures.cohorts",
    "tests.fixtures.quiz",
    "tests.fixtures.forum",
    "tests.fixtures.security",
    "tests.fixtures.smtp",
    "tests.fixtures.workbook",
]


def pytest_sessionstart(session):
    """Compile the interface catalogs as `make install` does (.mo files are not committed)."""
    from lms.i18n.catalogs import compile_catalogs

    compile_catalogs()


def _clear_database() -> None:
    """Empty every table, children first, so the next test starts clean."""
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
    db.session.commit()


def _fresh_g() -> None:
    """A test request run while the test holds an app context (app_ctx) shares that context,
    and so its g: start each request clean, as production does."""
    for name in list(vars(g)):
        delattr(g, name)


@pytest.fixture(autouse=True)
def _push_request_context():
    """Replaces pytest-flask's autouse fixture of the same name, which pushes a test request
    context around every test that uses `app`: setup code then looked like a GET request to
    the database's transaction hook and code wrongly reading the request went unnoticed.
    Production runs setup with no request; a test that needs one (url_for, a template)
    pushes `app.test_request_context()` itself."""


@pytest.fixture
def file_database(tmp_path):
    """Settings for a database that threads can share: a SQLite file unless on PostgreSQL."""
    if TestConfig.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}"}
    return {}


@pytest.fixture
def config_overrides():
    """Settings a test module can override on top of TestConfig."""
    return {}


@pytest.fixture
def app(config_overrides):
    """A fresh app and database for each test, set up as the Flask tutorial does: the
    database is made inside an app context and the app is handed over outside any."""
    # A subclass, not app.config.update: extensions read some settings at init time.
    app = create_app(type("OverriddenConfig", (TestConfig,), dict(config_overrides)))
    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        _clear_database()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app_ctx(app):
    """An app context for the whole test, as the tutorial's `with app.app_context():`, for
    tests and factories that use the database or services outside a request."""
    with app.app_context():
        yield
