# Two commands set everything up: `make demo` builds the example case, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := fonts-liberation2 poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
# The tests also open the DOCX files and the spreadsheet in a real office suite, spell-check
# every document and drive the web page in Chromium.
TEST_PACKAGES := $(SYSTEM_PACKAGES) libreoffice-writer-nogui libreoffice-calc-nogui hunspell \
	hunspell-ru hunspell-kk chromium
CODE := src tests scripts bench

.PHONY: demo demo-kurultai test test-fast lint golden bench mutation system-packages \
	test-packages regenerate-example regenerate-kurultai clean \
	messages-extract messages-update messages-compile

demo: $(STAMP) system-packages
	$(BIN)/appeal check data/almaty-2021
	$(BIN)/appeal build data/almaty-2021 --out output

# The second example: an election of one contest (illustrative, Kurultai-style).
demo-kurultai: $(STAMP) system-packages
	$(BIN)/appeal check data/kurultai-2026
	$(BIN)/appeal build data/kurultai-2026 --out output

# One test process per core (pytest-xdist): about half the time on two cores.
test: $(STAMP) test-packages lint
	$(BIN)/pytest -n auto

# The inner loop: every test but those marked slow (PDF layout, LibreOffice, Chromium), well
# under a minute; `make test` (what CI runs) runs them all.
test-fast: $(STAMP)
	$(BIN)/pytest -n auto -m "not slow" -q

# Rewrite the golden files (rendered HTML, DOCX text) after an intended change of the documents,
# and docs/templates-contract.md (what `appeal templates` prints) after one of the contract.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/pytest tests/test_golden.py \
		tests/test_template_check.py::test_the_documented_contract_is_the_generated_one

# On demand, not in CI: about half an hour; writes docs/benchmarks.md.
bench: $(STAMP) test-packages
	$(BIN)/python bench/generate.py
	$(BIN)/python bench/run.py --write docs/benchmarks.md

# On demand, not in CI: mutants of analysis/ and the number formatting, each run against the
# fast tests that compare no golden file ([tool.mutmut] in pyproject.toml). About twenty
# minutes on two cores; the score and the accepted survivors are in docs/testing.md.
MUTATION_JOBS ?= 2
mutation: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATION_JOBS)
	$(BIN)/mutmut export-cicd-stats
	@$(BIN)/python -c "import json; s = json.load(open('mutants/mutmut-cicd-stats.json')); \
		k, n = s['killed'] + s['timeout'], s['total'] - s['skipped']; \
		print('killed %d of %d (%.1f %%); survived %d; no tests %d' \
			% (k, n, 100 * k / n, s['survived'], s['no_tests']))"
	$(BIN)/mutmut results

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

# The one-contest example's copies and official station table, illustrative and generated.
regenerate-kurultai: $(STAMP)
	$(BIN)/python scripts/generate_kurultai_2026.py

# The interface's translations (gettext, managed with Babel): extract the marked messages into
# the template, merge it into the Russian and Kazakh catalogues, compile those for the wheel.
LOCALES := src/election_appeal/locale
MESSAGES_POT := $(LOCALES)/messages.pot

messages-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k Nn_:1,2 --add-location=file --sort-by-file \
		--project=election-appeal --no-wrap -o $(MESSAGES_POT) .

messages-update: messages-extract
	$(BIN)/pybabel update -i $(MESSAGES_POT) -d $(LOCALES) -l ru --no-wrap --ignore-obsolete
	$(BIN)/pybabel update -i $(MESSAGES_POT) -d $(LOCALES) -l kk --no-wrap --ignore-obsolete

messages-compile: $(STAMP)
	$(BIN)/pybabel compile -d $(LOCALES) --statistics

clean:
	rm -rf $(VENV) output/*/ .pytest_cache .mypy_cache .ruff_cache
