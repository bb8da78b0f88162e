# Thin wrappers over the `fangkong` command. On Windows (conda), run the same
# commands directly: `pip install -e .[dev]`, then `fangkong demo`, `pytest`, ...
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(open('pyproject.toml','rb').read()).hexdigest()[:12])")

.DEFAULT_GOAL := help
.PHONY: help setup demo test test-fast lint format lab bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP) ## Build .venv (only when pyproject.toml changed)

demo: $(STAMP) ## Sample data for 30 days, ingest, daily run; prints where reports are
	$(BIN)/fangkong demo

test: $(STAMP) ## Run the test suite
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## Tests not marked slow (no notebooks, kernels or samples): under a minute
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP) ## ruff check and format check
	$(BIN)/ruff check lib tests
	$(BIN)/ruff format --check lib tests

format: $(STAMP) ## ruff format and fix
	$(BIN)/ruff format lib tests
	$(BIN)/ruff check --fix lib tests

# JupyterLab is an extra: installed beside the project, its "python3" kernel is this
# .venv's interpreter, so the notebooks need no kernel of their own.
# Options pass through: make lab ARGS="--port 8899 --no-browser".
# Run as root (a container, a server), Jupyter refuses to start without --allow-root, so
# it is added when the effective uid is 0. Where `id` does not exist (Windows) the uid is
# empty and nothing is added; there, with conda, run `jupyter lab --notebook-dir=notebooks`
# directly.
ARGS ?=
LAB_AS_ROOT = $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
lab: $(STAMP) ## JupyterLab on notebooks/ (options: ARGS="--port 8899 --no-browser")
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev,lab]'
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_AS_ROOT) $(ARGS)

bench: $(STAMP) ## Benchmarks into outputs/bench/
	$(BIN)/fangkong bench

clean: ## Remove generated data and outputs (keeps .venv)
	rm -rf data/* outputs/*
	touch data/.gitkeep outputs/.gitkeep
