# The workbench's everyday commands. Each sets itself up from nothing: a virtual environment in .venv and
# the package installed in it (editable) with its development tools. The trained spaCy pipeline ships in
# factcheck/analysis/pipeline; `make model` retrains it from the treebanks (not part of run or test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app factcheck
HOST ?= 127.0.0.1
PORT ?= 5000

# Where `make model` reads the UD treebanks and builds (the converted corpus, the training runs).
TREEBANKS ?= ../shared/treebanks
MODEL_BUILD ?= build/model

.PHONY: run test lint install db demo clean bench audit model

run: install db demo  ## Serve the workbench on its embedded default (SQLite) with the demo article
	FACTCHECK_CONFIG=development $(FLASK) run --host $(HOST) --port $(PORT)

test: install  ## Lint, check the layout, type-check, check the import layers and run the whole suite (TEST_DATABASE_URL=postgresql+psycopg://... for PostgreSQL)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy factcheck config.py
	$(BIN)/lint-imports
	$(BIN)/pytest

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=78.1.1'
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

model: install  ## Retrain the spaCy pipeline from $(TREEBANKS) into factcheck/analysis/pipeline (about an hour)
	$(BIN)/python training/train.py $(TREEBANKS) $(MODEL_BUILD) factcheck/analysis/pipeline

db: install  ## Bring the database schema up to date
	FACTCHECK_CONFIG=development $(FLASK) db upgrade

demo: install  ## Load the demo article and create the demo accounts (once)
	FACTCHECK_CONFIG=development $(FLASK) seed-demo

audit: install  ## Security scans: bandit (medium severity and up; accepted findings in .bandit-baseline.json), pip-audit
	$(BIN)/bandit -q -r factcheck -ll -b .bandit-baseline.json
	$(BIN)/python scripts/audit_dependencies.py

lint: install
	$(BIN)/ruff check .

bench: install  ## Run the five benchmarks (small; BENCH_SCALE=full for newsroom scale), write docs/performance.md
	test -x $(BIN)/gunicorn || $(BIN)/python -m pip install --quiet -e '.[dev,serve]'
	$(BIN)/python bench/report.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
