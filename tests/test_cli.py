"""Command-line tools."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import User


def test_users_create_makes_an_admin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "Boss@Example.org", "--role",
                                 "admin", "--password", "a long admin password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User))
    assert (user.email, user.role) == ("boss@example.org", "admin")


def test_users_create_refuses_a_duplicate(app, make_user):
    make_user(email="boss@example.org")
    result = app.test_cli_runner().invoke(args=["users", "create", "--email", "boss@example.org",
                                                "--password", "a long admin password"])
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_demo_seed_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    second = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert "admin@example.org" in second.output
    roles = db.session.execute(sa.select(User.role, sa.func.count()).group_by(User.role)).all()
    assert dict(roles) == {"admin": 1, "trainer": 2, "learner": 6}
