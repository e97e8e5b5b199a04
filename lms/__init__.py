"""The LMS application factory: it wires config, extensions, blueprints and CLI, nothing else."""

import secrets
from pathlib import Path

from flask import Flask

from lms.extensions import csrf, db, limiter, login_manager, migrate
from lms.routing import App


def create_app(config: object | str = "config.Config") -> Flask:
    """Build an app from a config object or its import path."""
    app = App(__name__, instance_relative_config=True)
    app.config.from_object(config)
    _ensure_secret_key(app)

    from lms import (
        chrome,
        database,
        error_pages,
        fresh_forms,
        i18n,
        logging,
        quiz,
        security,
        shared_macros,
        templating,
        urls,
        workbook,
    )
    from lms.auth.login_sessions import init_login

    urls.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent.parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    init_login(app, login_manager)
    security.init_app(app)
    error_pages.init_app(app)
    logging.init_app(app)
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way
            app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    templating.init_app(app)
    shared_macros.init_app(app)
    i18n.init_app(app)
    chrome.init_app(app)
    fresh_forms.init_app(app)
    quiz.init_app(app)
    workbook.init_app(app)
    _register_blueprints(app)

    from lms import cli, lti

    lti.init_app(app)

    cli.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from lms.account.routes import bp as account_bp
    from lms.admin.routes import bp as admin_bp
    from lms.api.routes import bp as api_bp
    from lms.api.tokens import bp as api_tokens_bp
    from lms.auth.routes import bp as auth_bp
    from lms.authoring.routes import bp as authoring_bp
    from lms.cohorts.routes import bp as cohorts_bp
    from lms.forum.routes import bp as forum_bp
    from lms.i18n.routes import bp as i18n_bp
    from lms.learn.routes import bp as learn_bp
    from lms.main.routes import bp as main_bp
    from lms.quiz.routes import bp as quiz_bp
    from lms.trainer.routes import bp as trainer_bp
    from lms.workbook.routes import bp as workbook_bp

    for bp in (main_bp, auth_bp, admin_bp, learn_bp, trainer_bp, cohorts_bp, quiz_bp, forum_bp,
               account_bp, workbook_bp, authoring_bp, i18n_bp, api_bp, api_tokens_bp):
        app.register_blueprint(bp)


def _ensure_secret_key(app: Flask) -> None:
    """Use SECRET_KEY from config, else one kept in instance/ so sessions survive restarts."""
    if app.config.get("SECRET_KEY"):
        return
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    app.config["SECRET_KEY"] = path.read_text().strip()
