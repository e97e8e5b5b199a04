"""Command-line tools: `flask users ...`, `flask demo ...` and `flask courses ...`."""

# Only to name its error type.
import subprocess  # nosec B404
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from lms.backup import BackupError, create_backup, restore_backup
from lms.content.discovery import discover_packages, expand_package_paths
from lms.content.loader import check_packages, load_package
from lms.extensions import db
from lms.mail_commands import mail_cli
from lms.models import ROLES
from lms.services import accounts, course_sync
from lms.services.errors import DomainError
from lms.xapi.commands import xapi_cli

users_cli = AppGroup("users", help="Manage accounts.")
courses_cli = AppGroup("courses", help="Check and import course packages.")
demo_cli = AppGroup("demo", help="Demo data for trying the app.")
backup_cli = AppGroup("backup", help="Back up and restore the database.")


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
    from lms.demo.cohorts import describe

    click.echo("\n".join(describe()))


def _package_paths(paths: tuple[str, ...]) -> list[Path]:
    """The packages named on the command line (a folder of packages names each of them), or
    every package discovered by config."""
    if paths:
        return expand_package_paths(Path(p) for p in paths)
    return discover_packages(current_app.config["COURSES_PATH"],
                             entry_points_enabled=current_app.config["COURSE_ENTRY_POINTS"])


@courses_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False))
def check_courses(paths: tuple[str, ...]) -> None:
    """Validate packages without touching the database; exit 1 on any problem."""
    package_paths = _package_paths(paths)
    problems = check_packages(package_paths, current_app.extensions["tools"])
    for problem in problems:
        click.echo(str(problem))
    _print_coverage(package_paths)
    if problems:
        raise SystemExit(1)
    click.echo(f"{len(package_paths)} package(s) checked, no problems.")


def _print_coverage(package_paths: list[Path]) -> None:
    """How much of each valid package every translation covers (information, not a problem)."""
    for path in package_paths:
        package, _ = load_package(path, current_app.extensions["tools"])
        if package is None:  # its problems are printed already
            continue
        for translation in package.translations:
            coverage = translation.coverage.describe(translation.language)
            click.echo(f"{package.slug}: translation {coverage}")


@courses_cli.command("sync")
@click.option("--dry-run", is_flag=True, help="Report what would change, then roll back.")
def sync_courses(dry_run: bool) -> None:
    """Import every valid package, each in its own transaction."""
    failed = False
    for path in _package_paths(()):
        package, problems = load_package(path, current_app.extensions["tools"])
        if package is None:
            failed = True
            click.echo(f"{path.name}: not imported, {len(problems)} problem(s):", err=True)
            for problem in problems:
                click.echo(f"  {problem}", err=True)
            continue
        report = course_sync.sync_package(package)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
        click.echo("\n".join(report.lines()))
    if dry_run:
        click.echo("Dry run: nothing was saved.")
    if failed:
        raise SystemExit(1)


@backup_cli.command("create")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup_create(target: Path) -> None:
    """Write a consistent backup of the database to TARGET."""
    try:
        create_backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except (BackupError, subprocess.CalledProcessError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {target}.")


@backup_cli.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="This replaces everything in the database. Go on?")
def backup_restore(source: Path) -> None:
    """Replace the database's contents with the backup in SOURCE."""
    db.engine.dispose()  # no pooled connection may hold the old data open
    try:
        restore_backup(source, current_app.config["SQLALCHEMY_DATABASE_URI"])
    except (BackupError, subprocess.CalledProcessError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {source}.")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(backup_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(courses_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(xapi_cli)
