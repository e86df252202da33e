# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# PostgreSQL for the second test run; `make test` uses it when it answers (or DATABASE_URL is set).
PG_URL ?= postgres://postgres@127.0.0.1:5432/umfrage

.PHONY: install demo test test-sqlite test-postgres lint format clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 fehlt: installieren Sie python3.11 (oder setzen Sie PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# axe-core (accessibility checks in the browser tests) from the npm registry, pinned by the lock file.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm fehlt: installieren Sie Node.js und npm (apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

demo: $(STAMP)
	$(BIN)/umfrage demo

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

test: lint test-sqlite test-postgres

test-sqlite: $(STAMP) $(NODE_STAMP)
	env -u DATABASE_URL $(BIN)/python -m pytest

# Runs when PostgreSQL answers or DATABASE_URL is set; REQUIRE_POSTGRES=1 (CI) makes its absence an error.
test-postgres: $(STAMP) $(NODE_STAMP)
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(BIN)/python -m umfrage.dbping "$$url"; then \
		DATABASE_URL="$$url" $(BIN)/python -m pytest; \
	elif [ -n "$$REQUIRE_POSTGRES" ] || [ -n "$$DATABASE_URL" ]; then \
		echo "PostgreSQL antwortet nicht unter $$url, wird aber verlangt."; exit 1; \
	else \
		echo "PostgreSQL antwortet nicht unter $$url: Testlauf auf PostgreSQL übersprungen (CI verlangt ihn)."; \
	fi

clean:
	rm -rf $(VENV) umfrage-data .pytest_cache .mypy_cache .ruff_cache
