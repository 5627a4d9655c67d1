# Reinstate: the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup install migrate data messages lint check pytest bench clean

# Development server with the demo data; DEBUG is on only here.
run: setup
	@$(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

test: setup lint check pytest

setup: install messages migrate data

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# Reinstall only when requirements.txt changes.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(VENV)/.installed

# Compiles a catalogue only when its .po changed (polib: no GNU gettext needed).
messages: install
	$(PY) manage.py compile_catalogues

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

# Idempotent: running it twice changes nothing.
data: migrate
	$(PY) manage.py library_import fixtures/library.json --publish --if-changed
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_appeals

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/bandit -q -r accounts appeals library metrics config -ll  # no medium or high finding

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

pytest: install messages
	$(BIN)/pytest $(PYTEST_ARGS)

# Pages against a plain view under one gunicorn (bench/pages.py; about two minutes).
bench: install messages
	$(PY) bench/pages.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
