# The two commands a newcomer needs: `make run` and `make test`. Both build .venv from scratch.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install install-test demo serve clean bench demo-data bench-import

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(STAMP)

## run: install, create the embedded database with the Barnet demo data, serve on :8000
run: $(STAMP)
	$(BIN)/local-offer demo
	$(BIN)/local-offer serve

## test: install with test extras, then ruff, mypy and pytest
test: $(STAMP)
	$(BIN)/ruff check directory tests bench alembic
	$(BIN)/ruff format --check directory tests bench alembic
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check --fix directory tests bench alembic
	$(BIN)/ruff format directory tests bench alembic

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

## demo-data: rebuild the Barnet demonstration feed and relevance judgments from their content
demo-data: $(STAMP)
	$(BIN)/python -m directory.demo.build

## bench-import: import throughput at 20,000 generated ORUK 3.0 services (SQLite; add
## BENCH_DATABASE_URL=postgresql://... for PostgreSQL, whose public schema is wiped)
bench-import: $(STAMP)
	$(BIN)/python bench/import_throughput.py --size 20000 $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))
