# ipdash — `make help` lists the targets.
PORT ?= 8501
PY ?= python3

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

run: ## install what the app needs, then serve it (asgi.py: app, data API, security headers) on the embedded data (http://localhost:$(PORT))
	@bash scripts/setup.sh app
	$(PY) -m ipdash build
	$(PY) -m streamlit run asgi.py --server.port $(PORT)

serve: ## production: nginx on $(PORT) in front of one Streamlit process per core (sticky sessions)
	@bash scripts/setup.sh app
	$(PY) -m ipdash build
	$(PY) scripts/serve.py --port $(PORT) --no-build

test: ## what CI runs: install everything, lint + types, then every test (unit, AppTest, browser, bench smoke)
	@bash scripts/setup.sh dev
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest -m "not browser" -n 2
	$(PY) -m pytest -m browser

test-fast: ## the edit loop: every test but the browser and benchmark ones, in parallel (no install, no lint)
	$(PY) -m pytest -m "not browser" -n auto -q

lint: ## ruff (lint + format check) and mypy; the tree must stay clean
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: ## apply ruff's fixes and formatting
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: ## county-scale benchmark (see docs/scaling.md)
	@bash scripts/setup.sh dev
	$(PY) -m bench.run

bench-load: ## load benchmark: 1, 10, 20, 40 sessions at once on one process, and 100 too through make serve
	@bash scripts/setup.sh dev
	$(PY) -m bench.load

build: ## rebuild the Parquet store from the text catalog
	$(PY) -m ipdash build

.PHONY: help run serve test test-fast lint format bench bench-load build
