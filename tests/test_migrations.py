"""The Alembic migrations build exactly the schema the models describe."""


from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from config import TestConfig
from lms import create_app
from lms.extensions import db
from lms.models.forum import include_object


def test_upgrade_on_empty_database_matches_models(fresh_database_url):
    class MigrationConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = fresh_database_url

    app = create_app(MigrationConfig)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                             "include_object": include_object})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == []
