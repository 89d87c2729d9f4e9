# The workbench's everyday commands. Each sets itself up from nothing: a virtual environment in .venv,
# the package installed in it (editable) with its development tools, and the analysis compiled in place.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app factcheck
HOST ?= 127.0.0.1
PORT ?= 5000

# The analysis core compiled with mypyc (setup.py), rebuilt whenever one of its sources changes. Until it
# is, factcheck.analysis runs the changed sources as Python (factcheck/analysis/native.py).
NATIVE := factcheck/analysis/native.json
NATIVE_SOURCES := $(wildcard factcheck/analysis/*.py)

.PHONY: run test lint install compile db demo clean bench audit

run: install db demo  ## Serve the workbench on its embedded default (SQLite) with the demo article
	FACTCHECK_CONFIG=development $(FLASK) run --host $(HOST) --port $(PORT)

test: install  ## Lint and run the whole suite (TEST_DATABASE_URL=postgresql+psycopg://... for PostgreSQL)
	$(BIN)/ruff check .
	$(BIN)/pytest

install: $(VENV)/.installed $(NATIVE)

$(VENV)/.installed: setup.cfg pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	FACTCHECK_PURE_BUILD=1 $(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

compile: $(NATIVE)  ## Compile the analysis with mypyc (make install does; FACTCHECK_PURE_ANALYSIS=1 runs the sources)

$(NATIVE): $(VENV)/.installed $(NATIVE_SOURCES)
	$(BIN)/python setup.py --quiet build_ext --inplace

db: install  ## Bring the database schema up to date
	FACTCHECK_CONFIG=development $(FLASK) db upgrade

demo: install  ## Load the demo article and create the demo accounts (once)
	FACTCHECK_CONFIG=development $(FLASK) seed-demo

audit: install  ## Security scans: bandit (medium severity and up; accepted findings in .bandit-baseline.json), pip-audit
	$(BIN)/bandit -q -r factcheck -ll -b .bandit-baseline.json
	$(BIN)/python scripts/audit_dependencies.py

lint: install
	$(BIN)/ruff check .

bench: install  ## Run the four benchmarks (small; BENCH_SCALE=full for newsroom scale), write docs/performance.md
	test -x $(BIN)/gunicorn || FACTCHECK_PURE_BUILD=1 $(BIN)/python -m pip install --quiet -e '.[dev,serve]'
	$(BIN)/python bench/report.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache $(NATIVE) factcheck/analysis/*.so
