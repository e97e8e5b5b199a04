# One command to run the app, one to test it: both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := FLASK_APP=wsgi.py $(VENV)/bin/flask
HOST ?= 127.0.0.1
PORT ?= 5000
# Links in emails are built from it, and other Host headers are refused (docs/deploy.md).
export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: install install-dev run test test-fast lint audit bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

# Interface translations: the .po catalogs compiled to the .mo files the app reads (not in git).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard lms/translations/*/LC_MESSAGES/messages.po))

%.mo: %.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile -i $< -o $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed $(MO_FILES)

install-dev: $(VENV)/.installed-dev $(MO_FILES)

# Local HTTP on 127.0.0.1, so cookies cannot be Secure-only here; production keeps them Secure.
run: install
	$(FLASK) db upgrade
	$(FLASK) courses sync
	$(FLASK) demo seed
	@# The mail worker prints outgoing email here (no MAIL_SERVER); it stops with the server.
	$(FLASK) mail send --loop --interval 2 & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	COOKIE_SECURE=0 $(FLASK) run --host $(HOST) --port $(PORT)

test: install-dev
	$(PY) -m pytest

# Everything but the browser journeys, for the edit-test loop; CI runs the full `make test`.
test-fast: install-dev
	$(PY) -m pytest -m "not browser"

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
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
