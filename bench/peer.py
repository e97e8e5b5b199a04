"""Another WSGI app served the way the benchmark serves ours: the peer app, with the same bare
Flask route mounted at /_bench/bare in the same process, so its ratios compare with ours.

BENCH_PEER_APP names the app as `module:attribute` (gunicorn's notation); the module must be
importable (the runner puts --peer-path on PYTHONPATH).
"""

import importlib
import os

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware


def load_peer(spec: str):
    """The WSGI callable named by `module:attribute` (attribute defaults to `app`)."""
    module_name, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module_name), attribute or "app")


bare_app = Flask("bench_bare")


@bare_app.get("/bare")
def bare():
    """The baseline: a Flask route that does nothing, as in bench/wsgi.py."""
    return "ok"


def make_app(spec: str):
    """The peer with the bare route beside it."""
    return DispatcherMiddleware(load_peer(spec), {"/_bench": bare_app})


app = make_app(os.environ["BENCH_PEER_APP"]) if os.environ.get("BENCH_PEER_APP") else None
