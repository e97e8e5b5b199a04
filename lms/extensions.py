"""Extension instances, created unbound and wired in create_app."""

import sqlalchemy as sa
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


class AppLimiter(Limiter):
    """Limiter whose in-memory fallback state (Redis found dead) belongs to one app: the
    instance here serves every app a process creates, and a new app starts with its storage
    assumed alive."""

    def init_app(self, app) -> None:
        """Forget a previous app's "storage is dead" verdict, then wire as usual."""
        self._storage_dead = False
        super().init_app(app)


limiter = AppLimiter(key_func=get_remote_address)
