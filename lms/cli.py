"""Command-line tools: `flask users ...`, `flask demo ...` and `flask courses ...`."""

import click
from flask import Flask
from flask.cli import AppGroup

from lms.extensions import db
from lms.models import ROLES
from lms.services import accounts
from lms.services.errors import DomainError

users_cli = AppGroup("users", help="Manage accounts.")
demo_cli = AppGroup("demo", help="Demo data for trying the app.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", default="Administrator", show_default=True)
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@click.password_option(help="Prompted for when not given.")
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create an account, for example the first admin."""
    try:
        accounts.register_user(email=email, name=name, password=password, role=role)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    click.echo(f"Created {role} {email}.")


@demo_cli.command("seed")
def seed_demo() -> None:
    """Create the demo accounts and trainings (safe to run twice)."""
    from lms.demo import DEMO_PASSWORD, seed

    accounts_made = seed()
    db.session.commit()
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for user in accounts_made:
        click.echo(f"  {user.role:8} {user.email:32} {user.name}")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
