# ipdash — `make help` lists the targets.
PORT ?= 8501

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: ## install what the app needs, then serve it on the embedded data (http://localhost:$(PORT))
	@bash scripts/setup.sh app
	python3 -m ipdash build
	python3 -m streamlit run app.py --server.port $(PORT)

serve: ## production: nginx on $(PORT) in front of one Streamlit process per core (sticky sessions)
	@bash scripts/setup.sh app
	python3 -m ipdash build
	python3 scripts/serve.py --port $(PORT) --no-build

test: ## install everything the tests need, then run every test (unit, AppTest, browser)
	@bash scripts/setup.sh dev
	python3 -m pytest

bench: ## county-scale benchmark (see docs/scaling.md)
	@bash scripts/setup.sh dev
	python3 -m bench.run

bench-load: ## load benchmark: 1, 10, 20, 40 sessions at once, one process and make serve
	@bash scripts/setup.sh dev
	python3 -m bench.load

build: ## rebuild the Parquet store from the text catalog
	python3 -m ipdash build

.PHONY: help run serve test bench bench-load build
