"""Backups: SQLite's online backup API, or pg_dump / pg_restore for PostgreSQL."""

import shutil
import sqlite3

# Runs pg_dump and pg_restore with fixed arguments and no shell.
import subprocess  # nosec B404
from pathlib import Path

import sqlalchemy as sa


class BackupError(Exception):
    """A backup or restore could not be made."""


def _sqlite_path(url: sa.URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    return url.database


def _libpq_url(url: sa.URL) -> str:
    """postgresql+psycopg://... as the plain postgresql:// URL pg_dump understands."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client).")
    return path


def create_backup(database_url: str, target: Path) -> Path:
    """Write a consistent copy of the live database to target."""
    url = sa.make_url(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(_sqlite_path(url)) as source, sqlite3.connect(target) as copy:
            source.backup(copy)  # consistent even while the app writes
        return target
    if url.get_backend_name() == "postgresql":
        subprocess.run(  # noqa: S603  # nosec B603
            [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}",
             _libpq_url(url)], check=True, capture_output=True)
        return target
    raise BackupError(f"No backup method for {url.get_backend_name()}.")


def restore_backup(source: Path, database_url: str) -> None:
    """Replace the contents of the database with the backup."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    url = sa.make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(source) as backup, sqlite3.connect(_sqlite_path(url)) as live:
            backup.backup(live)
        return
    if url.get_backend_name() == "postgresql":
        subprocess.run(  # noqa: S603  # nosec B603
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             f"--dbname={_libpq_url(url)}", str(source)], check=True, capture_output=True)
        return
    raise BackupError(f"No restore method for {url.get_backend_name()}.")
