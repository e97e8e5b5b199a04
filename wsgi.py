"""WSGI entry point for gunicorn and `flask run`."""

from lms import create_app

app = create_app()
