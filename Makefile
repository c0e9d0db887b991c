# Two commands set everything up: `make demo` builds the example case, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := fonts-liberation2 poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
# The tests also open the DOCX files in a real office suite and drive the web page in Chromium.
TEST_PACKAGES := $(SYSTEM_PACKAGES) libreoffice-writer-nogui chromium
CODE := src tests scripts bench

.PHONY: demo test lint golden bench system-packages test-packages regenerate-example clean

demo: $(STAMP) system-packages
	$(BIN)/appeal check data/almaty-2021
	$(BIN)/appeal build data/almaty-2021 --out output

test: $(STAMP) test-packages lint
	$(BIN)/pytest

# Rewrite the golden files (rendered HTML, DOCX text) after an intended change of the documents.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/pytest tests/test_golden.py

# On demand, not in CI: about half an hour; writes docs/benchmarks.md.
bench: $(STAMP) test-packages
	$(BIN)/python bench/generate.py
	$(BIN)/python bench/run.py --write docs/benchmarks.md

lint: $(STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed; run: make PYTHON=python3.11 ..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

system-packages:
	@sh scripts/system-packages.sh $(SYSTEM_PACKAGES)

test-packages:
	@sh scripts/system-packages.sh $(TEST_PACKAGES)

# The example's protocol table is illustrative and generated; this rewrites it identically.
regenerate-example: $(STAMP)
	$(BIN)/python scripts/generate_almaty_2021.py

clean:
	rm -rf $(VENV) output/*/ .pytest_cache .mypy_cache .ruff_cache
