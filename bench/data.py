"""A fresh database for a benchmark or a profile: PostgreSQL (the production engine), else
a SQLite file."""

import os
from pathlib import Path

import sqlalchemy as sa

from config import database_url

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def fresh_database(name: str) -> str:
    """Drop and create the database `name`; its SQLAlchemy URL."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a database name: {name!r}")
    try:
        admin = sa.create_engine(database_url(PG_ADMIN_URL), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return database_url(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
    except sa.exc.OperationalError:
        path = ROOT / "bench" / "results" / f"{name}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
