"""Quizzes and reflections: the blueprint, and start-up wiring of question-type plugins."""

from flask import Flask

from lms.content.questions import load_question_type_plugins


def init_app(app: Flask) -> None:
    """Register question types from entry points when the config enables them (no DB I/O)."""
    app.extensions["question_type_plugins"] = load_question_type_plugins(
        app.config.get("QUESTION_TYPE_ENTRY_POINTS", False))
