# The two commands of a fresh machine: `make build` (set up, build, validate, publish) and
# `make test`. `make build` sets up .venv with what the build needs (requirements.lock);
# `make test` adds the test tools (requirements-dev.lock).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PIP_INSTALL := $(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps

.PHONY: build test test-consumers check-fresh validate lint format-reference failure-table bench release diff docs lock clean

# Builds, validates and publishes data/, then writes docs/ (dictionary, dataset.jsonld, figures).
build: $(STAMP)
	$(PY) -m scripts build

test: $(DEV_STAMP)
	$(PY) -m ruff check scripts tests
	$(PY) -m pytest

# What users' own tools make of the package: fresh virtual environments, each holding only what
# one README line installs (tests/consumers/*.lock), from the package index. A few minutes.
test-consumers: $(DEV_STAMP)
	$(PY) -m pytest -m consumers -n 3 tests/consumers

check-fresh: $(STAMP)
	$(PY) -m scripts check-fresh

validate: $(STAMP)
	$(PY) -m scripts validate

lint: $(DEV_STAMP)
	$(PY) -m ruff check scripts tests

# Rewrite reference/*.yaml in canonical order and format (a test checks it).
# The targets but test, test-consumers, lint and clean run `python -m scripts <command>`
# (python -m scripts --help lists them).
format-reference: $(STAMP)
	$(PY) -m scripts format-reference

# docs/failures.md from the messages the failure tests see.
failure-table: $(DEV_STAMP)
	rm -f .build/failures.jsonl && mkdir -p .build
	FAILURE_TABLE=.build/failures.jsonl $(PY) -m pytest -q -n 0 tests/test_failures*.py
	$(PY) -m scripts failure-table .build/failures.jsonl

bench: $(STAMP)
	$(PY) -m scripts bench

# dist/<name>-<version>.zip and dist/SHA256SUMS; refuses unless CHANGELOG.md has the version,
# CITATION.cff agrees, validation passes and the committed files equal a fresh build.
release: $(STAMP)
	$(PY) -m scripts release

# What changed between two versions (folders or release zips): make diff OLD=a.zip NEW=b.zip
diff: $(STAMP)
	@test -n "$(OLD)" -a -n "$(NEW)" || { echo "usage: make diff OLD=<folder or zip> NEW=<folder or zip>" >&2; exit 2; }
	$(PY) -m scripts diff "$(OLD)" "$(NEW)"

# Rewrite the generated documentation from the published package (make build does it too).
docs: $(STAMP)
	$(PY) -m scripts docs

# Resolve requirements.lock, requirements-dev.lock and tests/consumers/*.lock from
# pyproject.toml (pins, [tool.lock] date; reads the package index). Then make build, make test.
lock: $(STAMP)
	$(PY) -m scripts lock

clean:
	rm -rf $(VENV) .build .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.lock
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(PIP_INSTALL) -r requirements-dev.lock
	touch $(DEV_STAMP)
