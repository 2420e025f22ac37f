# hcvvet: `make demo` runs the whole app on this machine; `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)

# mypy (with django-stubs) checks the code others build on: services, selectors, pure statistics, MAST clients.
MYPY_PATHS := hcvvet/mast hcvvet/catalog/services.py hcvvet/catalog/selectors.py hcvvet/catalog/filters.py \
	hcvvet/catalog/stats.py hcvvet/catalog/versioning.py hcvvet/catalog/mad_bins.py hcvvet/ingest/services \
	hcvvet/vetting/labels.py hcvvet/vetting/campaigns.py hcvvet/vetting/consensus.py \
	hcvvet/vetting/adjudication.py hcvvet/vetting/image_flags.py hcvvet/vetting/epochs.py \
	hcvvet/vetting/queues.py hcvvet/vetting/selection.py hcvvet/vetting/visibility.py \
	hcvvet/vetting/next_candidate.py hcvvet/vetting/pace.py hcvvet/vetting/backup hcvvet/vetting/dawid_skene.py \
	hcvvet/vetting/posterior.py hcvvet/reports/statistics \
	hcvvet/reports/selectors.py hcvvet/reports/services.py hcvvet/reports/access.py hcvvet/reports/cache.py \
	hcvvet/review/page.py hcvvet/review/lightcurve.py hcvvet/review/same_images.py hcvvet/triage

.PHONY: setup demo test lint format bench mutation screenshots clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(PY) -m hcvvet.demo

test: lint
	$(PY) -m pytest

# ruff (rules in pyproject.toml), the format check, the layer contract (import-linter) and mypy
lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy $(MYPY_PATHS)

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: setup
	$(PY) -m benchmarks

# mutmut over the core modules ([tool.mutmut] in pyproject.toml); prints the score and every survivor
mutation: setup
	$(VENV)/bin/mutmut run --max-children 2 || true
	$(PY) -m benchmarks.mutation_score

# Chromium walks hcvvet as each role from the home page and screenshots every page at 1280 and 1920 px into
# test-results/screenshots/<role>/; the gallery is test-results/screenshots/index.html
screenshots: setup
	$(PY) -m pytest -n 0 -q tests/e2e/test_navigation_walk.py
	$(PY) -m tests.e2e.gallery

clean:
	rm -rf var .pytest_cache mutants
