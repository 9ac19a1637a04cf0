# The two commands a newcomer needs: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ADULTS ?= 60000
DEMO_YEARS ?= 3
export OPENASC_LOG_LEVEL ?= WARNING

.PHONY: run test setup lint format migrate demo serve test-sqlite test-postgres bench clean chromium

## make run: set up, migrate, build the demo council if the database is empty, and serve it.
run: setup migrate
	@$(BIN)/openasc demo --if-empty --adults $(DEMO_ADULTS) --years $(DEMO_YEARS) --seed 1
	@$(BIN)/openasc demo --sign-ins
	@$(BIN)/openasc serve --host $(HOST) --port $(PORT)

## make test: set up, lint, and run the whole suite on SQLite and (when reachable) PostgreSQL.
test: setup chromium lint test-sqlite test-postgres

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements/lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/pip install --quiet --upgrade pip
	@$(BIN)/pip install --quiet -r requirements/lock.txt
	@$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

node_modules/.installed: package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Browser tests drive the system Chromium; install it from Debian when it is missing.
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' (browser tests need it)"; exit 1; fi; }

lint:
	@$(BIN)/ruff check openasc tests bench
	@$(BIN)/ruff format --check openasc tests bench

format:
	@$(BIN)/ruff check --fix openasc tests bench
	@$(BIN)/ruff format openasc tests bench

migrate: setup
	@$(BIN)/openasc migrate
	@$(BIN)/python -m django collectstatic --noinput -v0 --settings=openasc.config.settings

test-sqlite:
	@echo "== Test suite on SQLite =="
	@env -u DATABASE_URL OPENASC_VAR_DIR=$(CURDIR)/var/test $(BIN)/pytest -n 2 $(PYTEST_ARGS)

# On PostgreSQL when it answers; CI sets REQUIRE_POSTGRES=1 so that a missing server fails.
test-postgres:
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(BIN)/python -c "import psycopg,sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$$url" 2>/dev/null; then \
	  echo "== Test suite on PostgreSQL =="; \
	  DATABASE_URL="$$url" OPENASC_VAR_DIR=$(CURDIR)/var/test $(BIN)/pytest -n 2 $(PYTEST_ARGS); \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then echo "PostgreSQL is required but $$url does not answer"; exit 1; \
	else echo "PostgreSQL not reachable at $$url: skipped the PostgreSQL run"; fi

bench: setup
	@$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules var/static
