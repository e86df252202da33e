# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# PostgreSQL for the second test run; `make test` uses it when it answers (or DATABASE_URL is set).
PG_URL ?= postgres://postgres@127.0.0.1:5432/umfrage

.PHONY: install demo test test-sqlite test-postgres lint format bench clean browser-deps

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 fehlt: installieren Sie python3.11 (oder setzen Sie PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

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

# axe-core for the accessibility checks of the browser tests (tests/collect/test_browser.py),
# pinned in tests/collect/vendor/package-lock.json; Chromium comes from Debian (.ci/run).
AXE := tests/collect/vendor/node_modules/axe-core/axe.min.js
# Without npm the browser tests are skipped locally; CI (CI=true) insists on them.
browser-deps:
	@if [ -f $(AXE) ] && [ $(AXE) -nt tests/collect/vendor/package-lock.json ]; then :; \
	elif command -v npm >/dev/null; then \
		npm ci --prefix tests/collect/vendor --no-audit --no-fund --silent && touch $(AXE); \
	elif [ -n "$$CI" ]; then \
		echo "npm fehlt: apt-get install npm (axe-core für die Browsertests)"; exit 1; \
	else \
		echo "npm fehlt: Browsertests werden übersprungen (apt-get install npm)"; \
	fi

test-sqlite: $(STAMP) browser-deps
	env -u DATABASE_URL $(BIN)/python -m pytest

# Runs when PostgreSQL answers or DATABASE_URL is set; REQUIRE_POSTGRES=1 (CI) makes its absence an error.
test-postgres: $(STAMP) browser-deps
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
