# Qraph: `make run` serves the API, `make test` runs the tests. Only python3 and make needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench load load-server schema worker clean client-gen client-check graphiql

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

test: $(STAMP) lint ## Lint, type-check, build the client example, run every test
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory client-check; \
	else echo "make test: no npm on this machine, so clients/web is not checked (make client-check)"; fi
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

# `make load`: Locust, headless, against a running Qraph (start one with `make load-server`).
USERS ?= 1000
DURATION ?= 60s
SPAWN_RATE ?= 50
QRAPH_URL ?= http://127.0.0.1:8000
LOAD_LIMITS := QRAPH_RATE_LIMIT_ANONYMOUS=1000000 QRAPH_RATE_LIMIT_CONSUMER=1000000 \
	QRAPH_RATE_LIMIT_DEVELOPER=1000000 QRAPH_RATE_LIMIT_ADMIN=1000000 \
	QRAPH_MUTATION_RATE_LIMIT=1000000 QRAPH_COST_BUDGET_PER_HOUR=1000000000 \
	QRAPH_REQUIRE_VERIFIED_EMAIL=false

load: $(STAMP) ## USERS simulated users with subscriptions for DURATION; p50/p95/p99 and errors
	$(BIN)/locust -f tests/load/locustfile.py --headless --only-summary --host $(QRAPH_URL) \
	  --users $(USERS) --spawn-rate $(SPAWN_RATE) --run-time $(DURATION) --stop-timeout 10

load-server: $(STAMP) ## `make run` with rate limits and the cost budget raised for `make load`
	$(LOAD_LIMITS) $(BIN)/python -m qraph serve

schema: $(STAMP) ## Rewrite schema.graphql from the code, and the client example's generated code
	$(BIN)/python -m qraph export-schema --output schema.graphql
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory client-gen; \
	else echo "schema: no npm here; run make client-gen where there is one"; fi

# The typed client example (clients/web): codegen from the committed schema.graphql, then strict
# tsc. A schema change that breaks its operations fails here; so does generated code (types,
# possibleTypes, the persisted-documents manifest) that was not regenerated and committed.
CLIENT := clients/web
$(CLIENT)/node_modules/.installed: $(CLIENT)/package-lock.json
	cd $(CLIENT) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

client-gen: $(CLIENT)/node_modules/.installed ## Regenerate clients/web/src/gql from schema.graphql
	cd $(CLIENT) && npm run --silent codegen -- --silent

client-check: client-gen ## Codegen and strict tsc for clients/web
	cd $(CLIENT) && npm run --silent typecheck
	@if git rev-parse --git-dir >/dev/null 2>&1 && { ! git diff --quiet -- $(CLIENT)/src/gql \
	    || [ -n "$$(git ls-files --others --exclude-standard -- $(CLIENT)/src/gql)" ]; }; then \
	  git status --short -- $(CLIENT)/src/gql; \
	  echo "client-check: $(CLIENT)/src/gql changed when regenerated from schema.graphql: commit it"; exit 1; \
	fi

graphiql: ## Refresh GraphiQL's pinned assets (qraph/static/graphiql) from the npm registry
	scripts/refresh-graphiql.sh

clean:
	rm -rf $(VENV) .qraph .pytest_cache .mypy_cache .ruff_cache $(CLIENT)/node_modules
