# SafePassage: `make run` sets everything up and serves; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
BIN       := $(VENV)/bin
HOST      ?= 127.0.0.1
PORT      ?= 8000
export SAFEPASSAGE_HOME ?= $(CURDIR)/var

# A Python >= 3.12: on PATH first, then through pyenv.
PYTHON ?= $(shell bash scripts/find-python.sh)

.PHONY: help venv install install-test assets init demo run serve test test-fast test-home lint messages clean \
	screenshots api-docs

help:
	@echo "make run   - create .venv, install, initialise ./var, load the demo, serve"
	@echo "make test  - install the test extras and run the whole suite (TEST_WORKERS=2 processes)"
	@echo "make test-fast - the pure cores and whole-repository checks only (tests/unit, tests/project)"
	@echo "make messages - refresh the translation catalogues, compile and check them"
	@echo "make screenshots - the user guides' pictures, taken by the browser tests (docs/guide/img)"
	@echo "make api-docs    - docs/api.md and docs/api/openapi.yaml from the OpenAPI schema"

# requirements.lock pins what the app needs; requirements-dev.lock adds the test tools and the
# Spark backend (about 400 MB), which `make run` does not need.
$(BIN)/.installed: pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "No Python >= 3.12 found on PATH or in pyenv." >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/safepassage messages compile
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.lock
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

# The front end: GOV.UK Frontend (and axe-core for the accessibility tests) from the npm registry at
# the versions package-lock.json pins, compiled into the core app's static/safepassage/build/, which
# WhiteNoise serves (scripts/build-assets.mjs). Needs Node.js 20 or newer and npm.
ASSETS := src/safepassage/core/static/safepassage/build/.built
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 20+ (apt-get install nodejs npm)." >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
$(ASSETS): node_modules/.package-lock.json scripts/build-assets.mjs $(wildcard src/safepassage/core/scss/*.scss)
	node scripts/build-assets.mjs
	touch $@
assets: $(ASSETS)

install: $(BIN)/.installed $(ASSETS)
install-test: $(BIN)/.installed-dev $(ASSETS)
venv: install

init: install
	$(BIN)/safepassage init

demo: init
	$(BIN)/safepassage demo

run: demo
	@echo
	@echo "SafePassage is starting at http://$(HOST):$(PORT)/"
	@echo "Demo accounts: demo-caseworker, demo-legal, demo-legal-2, demo-monitor, demo-negotiator, demo-auditor, demo-admin"
	@echo "Their generated password is in $(SAFEPASSAGE_HOME)/demo-password.txt"
	@echo "MFA is required: scan each account's otpauth URI in $(SAFEPASSAGE_HOME)/demo-totp.txt into an authenticator app"
	@echo
	$(BIN)/safepassage serve --host $(HOST) --port $(PORT)

# The suite runs on SQLite; when DATABASE_URL is set, every database test runs on PostgreSQL too.
# Each pass runs in TEST_WORKERS processes (pytest-xdist; 0 runs it in this one). Each worker has
# its own test database; tests marked xdist_group (Spark, ...) run one after another on one worker.
TEST_HOME    := $(CURDIR)/var/test-home
TEST_WORKERS ?= 2
PYTEST_N     := -n $(TEST_WORKERS) --dist loadgroup
test-home: install-test
	rm -rf $(TEST_HOME) && mkdir -p $(TEST_HOME) var/test-reports
	SAFEPASSAGE_HOME=$(TEST_HOME) $(BIN)/safepassage init --keys-only

test: test-home
	env -u DATABASE_URL SAFEPASSAGE_HOME=$(TEST_HOME) $(BIN)/pytest $(PYTEST_N) --junitxml=var/test-reports/sqlite.xml
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "== database tests again on PostgreSQL ($$DATABASE_URL) =="; \
	  SAFEPASSAGE_HOME=$(TEST_HOME) $(BIN)/pytest $(PYTEST_N) tests/app --junitxml=var/test-reports/postgresql.xml; \
	else echo "DATABASE_URL is not set: the PostgreSQL pass was not run."; fi

# The pure cores (names, law, linkage, crypto, ...) and the whole-repository checks, without the
# slow ones (Spark, bandit): no database, no browser; a first check before `make test`.
test-fast: test-home
	env -u DATABASE_URL SAFEPASSAGE_HOME=$(TEST_HOME) $(BIN)/pytest $(PYTEST_N) -m "not slow" tests/unit tests/project

# The user guides' pictures: the browser tests walk each role's pages on the demo and save them
# here (commit them). Without SAFEPASSAGE_SCREENSHOTS_DIR they go to a temporary directory.
GUIDE_IMG := $(CURDIR)/docs/guide/img
DOCS_HOME := $(CURDIR)/var/docs-home
screenshots: install-test
	rm -rf $(DOCS_HOME) && mkdir -p $(DOCS_HOME) $(GUIDE_IMG)
	rm -f $(GUIDE_IMG)/*.png
	SAFEPASSAGE_HOME=$(DOCS_HOME) $(BIN)/safepassage init --keys-only
	env -u DATABASE_URL SAFEPASSAGE_HOME=$(DOCS_HOME) SAFEPASSAGE_SCREENSHOTS_DIR=$(GUIDE_IMG) \
	  $(BIN)/pytest -q tests/app/browser/test_guide_screenshots.py
	@du -ch $(GUIDE_IMG)/*.png | tail -n 1

# The API reference from the schema that /api/v1/schema/ serves; a test fails when it is stale.
api-docs: install
	mkdir -p $(DOCS_HOME)
	SAFEPASSAGE_HOME=$(DOCS_HOME) $(BIN)/safepassage init --keys-only
	SAFEPASSAGE_HOME=$(DOCS_HOME) $(BIN)/safepassage apidocs --docs docs

lint: install-test
	$(BIN)/ruff check src tests bench

# After adding or changing interface strings: refresh the .po files (needs GNU gettext's xgettext
# and msgmerge: apt-get install gettext), then translate every new or fuzzy entry in
# src/safepassage/locale/{uk,ko,ru}/LC_MESSAGES/django.po and run `make messages` again until
# the check reports no gaps. The .mo files are compiled by Babel (no gettext needed to install).
messages: install
	SAFEPASSAGE_HOME=$(SAFEPASSAGE_HOME) $(BIN)/safepassage init --keys-only
	cd src/safepassage && $(abspath $(BIN))/safepassage makemessages --locale uk --locale ko --locale ru \
	  --no-obsolete --add-location file --ignore 'locale/*'
	$(BIN)/safepassage messages compile
	$(BIN)/safepassage messages check

clean:
	rm -rf $(VENV) var build src/*.egg-info node_modules src/safepassage/core/static/safepassage/build
