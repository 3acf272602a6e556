# The two commands of a fresh machine: `make build` (set up, build, validate, publish) and
# `make test`. Each sets up .venv with the pinned dependencies first.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: build test check-fresh validate lint format-reference bench clean

build: $(STAMP)
	$(PY) -m scripts.build
	$(PY) -m scripts.dictionary

test: $(STAMP)
	$(PY) -m ruff check scripts tests
	$(PY) -m pytest

check-fresh: $(STAMP)
	$(PY) -m scripts.build --check

validate: $(STAMP)
	$(PY) -m scripts.validate

lint: $(STAMP)
	$(PY) -m ruff check scripts tests

bench: $(STAMP)
	$(PY) -m scripts.bench

clean:
	rm -rf $(VENV) .build .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	touch $(STAMP)
