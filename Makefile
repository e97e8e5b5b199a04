# One command to run the app, one to test it: both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := FLASK_APP=wsgi.py $(VENV)/bin/flask
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install install-dev run test lint audit bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Local HTTP on 127.0.0.1, so cookies cannot be Secure-only here; production keeps them Secure.
run: install
	$(FLASK) db upgrade
	$(FLASK) courses sync
	$(FLASK) demo seed
	COOKIE_SECURE=0 $(FLASK) run --host $(HOST) --port $(PORT)

test: install-dev
	$(PY) -m pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -q -r lms -c pyproject.toml

# pip-audit needs the vulnerability database online; run it on a production build machine.
audit: install-dev
	$(PY) -m pip install --quiet pip-audit
	$(VENV)/bin/pip-audit --strict

# A realistic mixed load and single pages, as ratios to a bare route (docs/performance.md);
# a developer tool, not run in CI; needs wrk (apt-get install wrk) and PostgreSQL.
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) instance/lms.sqlite3*
