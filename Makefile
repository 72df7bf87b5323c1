# Qraph: `make run` serves the API, `make test` runs the tests. Only python3 and make needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench schema worker clean

# Bootstrap from the lock: uv when it can be had, else the standard library's venv and pip.
$(STAMP): requirements-dev.lock
	@if $(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --user uv >/dev/null 2>&1 \
	    || $(PYTHON) -m pip install --quiet --user --break-system-packages uv >/dev/null 2>&1; then \
	  test -x $(BIN)/python || $(PYTHON) -m uv venv --quiet --python $(PYTHON) $(VENV); \
	  $(PYTHON) -m uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements-dev.lock; \
	else \
	  test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
	  $(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock; \
	fi
	@touch $(STAMP)

run: $(STAMP) ## Serve the API, GraphiQL and a worker (embedded PostgreSQL and Redis if needed)
	$(BIN)/python -m qraph serve

worker: $(STAMP)
	$(BIN)/python -m qraph worker

test: $(STAMP) lint ## Lint, type-check and run every test against real PostgreSQL and Redis
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy domain schema resolvers workers qraph

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP) ## Print latency, throughput and SQL-count figures
	@for script in tests/benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

schema: $(STAMP) ## Rewrite schema.graphql from the code
	$(BIN)/python -m qraph export-schema --output schema.graphql

clean:
	rm -rf $(VENV) .qraph .pytest_cache .mypy_cache .ruff_cache
