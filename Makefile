# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

CHECKOV_VENV ?= .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed-stamp

.PHONY: setup demo test lint fmt validate unit integration bench layer clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

$(CHECKOV_STAMP): constraints-checkov.txt
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet -c constraints-checkov.txt checkov
	touch $@

# Bytecode for the editable package, as pip writes it for installed ones: orch starts faster,
# also where PYTHONDONTWRITEBYTECODE keeps Python from writing it on first run.
setup: $(STAMP)
	$(BIN)/python -m compileall -q orchestrator

## The main job, locally on the embedded AWS: no account, no Docker, no registry.
demo: setup
	$(BIN)/orch local demo

## Every test: static checks, unit tests, integration tests on real processes.
test: setup $(CHECKOV_STAMP) lint validate
	$(BIN)/pytest

## fmt, validate and `terraform test` on every module, example and environment.
validate: setup
	$(BIN)/orch validate
	$(BIN)/python -m orchestrator.moduledocs --check

lint: setup
	$(BIN)/ruff check orchestrator tests bench
	$(BIN)/ruff format --check orchestrator tests bench
	$(BIN)/mypy

## Rewrite what the checks would reject: Python and HCL formatting, module README tables.
fmt: setup
	$(BIN)/ruff format orchestrator tests bench
	$(BIN)/ruff check --fix orchestrator tests bench
	TF_CLI_CONFIG_FILE=/dev/null $(BIN)/python -m orchestrator.terraform._embedded fmt -recursive modules
	TF_CLI_CONFIG_FILE=/dev/null $(BIN)/python -m orchestrator.terraform._embedded fmt -recursive environments
	$(BIN)/python -m orchestrator.moduledocs

unit: setup
	$(BIN)/pytest tests/unit

integration: setup
	$(BIN)/pytest tests/integration

bench: setup
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

layer: setup
	$(BIN)/orch layer build

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .orch .pytest_cache .mypy_cache .ruff_cache
