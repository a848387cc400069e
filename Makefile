# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

# Local copies of the course data, when the shared folder is beside the project.
SHARED_DATA := $(abspath ../shared/data)
ifneq ($(wildcard $(SHARED_DATA)),)
export CYBENKO_DATA ?= $(SHARED_DATA)
endif

.PHONY: demo test test-slow test-notorch lint bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.core: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

# The tests also run the lab and the course scripts, which draw with matplotlib.
$(VENV)/.dev: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[dev,lab]'
	touch $@ $(VENV)/.core $(VENV)/.lab

$(VENV)/.lab: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[lab]'
	touch $@ $(VENV)/.core

# The lab tour: every experiment in quick mode, offline, then the report's path.
demo: $(VENV)/.lab
	$(VENV)/bin/cybenko lab tour --quick

test: $(VENV)/.dev
	$(PY) -m ruff check src tests bench examples tools
	$(PY) -m pytest -m "not slow"

# The long trainings and the lab experiments' runs (marked slow); CI runs them after `make test`.
test-slow: $(VENV)/.dev
	$(PY) -m pytest -m slow

# The same tests in a second venv without torch: those that use it skip, the others must pass.
NOTORCH := .venv-notorch
$(NOTORCH)/.ok: pyproject.toml
	$(PYTHON) -m venv $(NOTORCH)
	$(NOTORCH)/bin/python -m pip install -q -e '.[lab]' pytest hypothesis
	touch $@

test-notorch: $(NOTORCH)/.ok
	$(NOTORCH)/bin/python -m pytest

bench: $(VENV)/.dev
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) $(NOTORCH) .pytest_cache .ruff_cache .hypothesis runs
