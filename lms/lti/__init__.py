"""LTI 1.3 tool: Moodle, Canvas or Open edX courses launch ClusterLearn (docs/lti.md)."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the LTI endpoints, the admin pages, the `flask lti` commands and the grade
    passback listeners."""
    from lms.lti import admin, commands, grades, routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.cli.add_command(commands.lti_cli)
    grades.connect()
